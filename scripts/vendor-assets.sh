#!/usr/bin/env bash
# Reproduce the vendored front-end assets in biblio/static/vendor/ from the npm registry.
#
# The files are committed; the build does NOT run this script. Run it by hand to refresh or to
# verify the vendored copies (it is idempotent: running it twice gives byte-identical files).
# It uses only `npm pack` (the ordinary npm client), `tar` and `sha256sum`.
#
# Usage:  scripts/vendor-assets.sh            # fetch and (re)write the files
#         scripts/vendor-assets.sh --check    # fetch into a temp dir and compare with the committed files
set -euo pipefail

LEAFLET_VERSION="1.9.4"
MARKERCLUSTER_VERSION="1.5.3"
AXE_VERSION="4.14.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/biblio/static/vendor"
CHECK=0
if [[ "${1:-}" == "--check" ]]; then
  CHECK=1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# fetch NAME VERSION -> unpacks the tarball into $WORK/NAME/package
fetch() {
  local name="$1" version="$2"
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && npm pack --silent "$name@$version" >/dev/null)
  tar -xzf "$WORK/$name"/*.tgz -C "$WORK/$name"
}

fetch leaflet "$LEAFLET_VERSION"
fetch leaflet.markercluster "$MARKERCLUSTER_VERSION"
fetch axe-core "$AXE_VERSION"

OUT="$DEST"
if [[ $CHECK -eq 1 ]]; then
  OUT="$WORK/out"
fi

mkdir -p "$OUT/leaflet/images" "$OUT/leaflet.markercluster" "$OUT/axe-core"

# leaflet: the built bundle, its stylesheet and the marker/layer images
install -m 0644 "$WORK/leaflet/package/dist/leaflet.js" "$OUT/leaflet/leaflet.js"
install -m 0644 "$WORK/leaflet/package/dist/leaflet.css" "$OUT/leaflet/leaflet.css"
install -m 0644 "$WORK/leaflet/package/dist/images/"*.png "$OUT/leaflet/images/"
install -m 0644 "$WORK/leaflet/package/LICENSE" "$OUT/leaflet/LICENSE"

# leaflet.markercluster
install -m 0644 "$WORK/leaflet.markercluster/package/dist/leaflet.markercluster.js" "$OUT/leaflet.markercluster/"
install -m 0644 "$WORK/leaflet.markercluster/package/dist/MarkerCluster.css" "$OUT/leaflet.markercluster/"
install -m 0644 "$WORK/leaflet.markercluster/package/dist/MarkerCluster.Default.css" "$OUT/leaflet.markercluster/"
install -m 0644 "$WORK/leaflet.markercluster/package/MIT-LICENCE.txt" "$OUT/leaflet.markercluster/LICENSE"

# axe-core (accessibility checks used by the test suite and the a11y audit page)
install -m 0644 "$WORK/axe-core/package/axe.min.js" "$OUT/axe-core/axe.min.js"
install -m 0644 "$WORK/axe-core/package/LICENSE" "$OUT/axe-core/LICENSE"

if [[ $CHECK -eq 1 ]]; then
  status=0
  while IFS= read -r -d '' f; do
    rel="${f#"$OUT/"}"
    if ! cmp -s "$f" "$DEST/$rel"; then
      echo "DIFFERS: $rel"
      status=1
    fi
  done < <(find "$OUT" -type f -print0)
  if [[ $status -eq 0 ]]; then
    echo "vendored assets match the registry packages"
  fi
  exit $status
fi

echo "sha256 of the vendored files (compare with biblio/static/vendor/VERSIONS.md):"
(cd "$DEST" && find leaflet leaflet.markercluster axe-core -type f | LC_ALL=C sort | xargs sha256sum)
