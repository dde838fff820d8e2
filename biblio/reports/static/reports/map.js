// The map of participating libraries: Leaflet + markercluster, data from the GeoJSON endpoint.
// The offline base layer (country borders, bundled) always draws; online tiles only when configured.
// No inline styles or scripts (CSP): everything is in CSS classes and this file.
(function () {
  "use strict";

  var el = document.getElementById("library-map");
  if (!el || !window.L) { return; }
  var d = el.dataset;
  var form = document.getElementById("map-filters");
  var listLink = document.getElementById("map-list-link");
  var status = document.getElementById("map-status");
  var hasTiles = Boolean(d.tilesUrl);

  var map = L.map(el, { zoomSnap: 0.5, minZoom: 3, maxZoom: 16, worldCopyJump: false, keyboard: true });
  map.setView([52, 15], 4);
  map.attributionControl.setPrefix(false);

  map.createPane("basemap");
  map.getPane("basemap").classList.add("basemap-pane");
  if (hasTiles) {
    L.tileLayer(d.tilesUrl, { maxZoom: 18, attribution: "" }).addTo(map);
  }
  fetch(d.basemapUrl, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (geo) {
      L.geoJSON(geo, {
        pane: "basemap",
        interactive: false,
        style: function () {
          return {
            className: hasTiles ? "basemap-border basemap-border--over-tiles" : "basemap-border",
            color: "#7d8a99", weight: 1, fillColor: "#e9edf1", fillOpacity: hasTiles ? 0 : 1
          };
        }
      }).addTo(map);
      map.attributionControl.addAttribution("Natural Earth");
    })
    .catch(function () { /* the markers still draw on a blank background */ });

  var cluster = L.markerClusterGroup({
    maxClusterRadius: 36,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: function (c) {
      // Like a marker, a group shows its participants; its label also says how many libraries.
      var people = 0;
      c.getAllChildMarkers().forEach(function (m) { people += Number(m.feature.properties.participants) || 0; });
      return L.divIcon({
        className: "map-cluster",
        html: "<span aria-hidden=\"true\" data-libraries=\"" + c.getChildCount() + "\">" + people + "</span>",
        iconSize: [38, 38]
      });
    }
  });
  map.addLayer(cluster);

  // Enter on a group of markers opens it (zoom in, or spread them out at the deepest zoom).
  cluster.on("clusterkeypress", function (e) {
    if (e.originalEvent && e.originalEvent.keyCode === 13) { e.layer.zoomToBounds({ padding: [30, 30] }); }
  });
  cluster.on("animationend", labelClusters);
  map.on("zoomend moveend", labelClusters);

  function labelClusters() {
    el.querySelectorAll(".map-cluster").forEach(function (icon) {
      var span = icon.querySelector("[data-libraries]");
      if (!span) { return; }
      icon.setAttribute("aria-label", d.labelGroup.replace("%(libraries)s", span.dataset.libraries)
        .replace("%(participants)s", span.textContent.trim()));
    });
  }

  // Escape closes the open popup wherever focus is inside the map (Leaflet only listens when the
  // map container itself has focus); focus then returns to the marker (see "popupclose").
  el.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && map.hasLayer && map._popup && map.hasLayer(map._popup)) {
      map.closePopup();
      e.stopPropagation();
    }
  });

  function trackClass(track) {
    return "map-marker--" + String(track || "other").toLowerCase().replace(/[^a-z0-9-]/g, "");
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function trackName(p) {
    if (p.track === "mixed") { return d.labelMixed; }
    if (p.track === "other") { return d.labelOther; }
    return p.track;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var heading = text("h2", p.name, "map-popup__title");
    heading.tabIndex = -1;
    box.appendChild(heading);
    if (p.name_en && p.name_en !== p.name) { box.appendChild(text("p", p.name_en, "map-popup__en")); }
    box.appendChild(text("p", p.city + (p.region && p.region !== p.city ? ", " + p.region : "") + " · " + p.country, "map-popup__place"));
    var facts = text("p", d.labelParticipants + ": " + p.participants, "map-popup__participants");
    box.appendChild(facts);
    var tracks = Object.keys(p.tracks || {}).filter(function (k) { return p.tracks[k] > 0; });
    if (tracks.length) {
      var t = document.createElement("p");
      tracks.forEach(function (k) { t.appendChild(text("span", k + " " + p.tracks[k], "tag tag--" + k.toLowerCase())); });
      box.appendChild(t);
    }
    box.appendChild(text("h3", d.labelProjects, "map-popup__subtitle"));
    if (p.projects && p.projects.length) {
      var ul = document.createElement("ul");
      ul.className = "map-popup__projects";
      p.projects.forEach(function (project) {
        var li = text("li", project.title);
        if (project.by) { li.appendChild(text("span", " — " + d.labelBy + " " + project.by, "muted")); }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    } else {
      box.appendChild(text("p", d.labelNoProjects, "muted"));
    }
    return box;
  }

  function marker(feature) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var label = p.name + ", " + p.city + " — " + d.labelParticipants + ": " + p.participants;
    var m = L.marker([c[1], c[0]], {
      icon: L.divIcon({
        className: "map-marker " + trackClass(p.track),
        html: "<span aria-hidden=\"true\">" + Number(p.participants) + "</span>",
        iconSize: [30, 30],
        popupAnchor: [0, -14]
      }),
      title: label,
      keyboard: true,
      riseOnHover: true
    });
    m.feature = feature;
    m.bindPopup(function () { return popup(p); }, { maxWidth: 320, autoPanPadding: [20, 20] });
    m.on("add", function () {
      var icon = m.getElement();
      if (icon) {
        icon.setAttribute("aria-label", label);
        icon.dataset.key = p.key;
      }
    });
    m.on("popupopen", function (e) {
      var title = e.popup.getElement() && e.popup.getElement().querySelector(".map-popup__title");
      if (title) { title.focus({ preventScroll: true }); }
    });
    m.on("popupclose", function () {
      // Back to the marker when focus was in the popup (it is gone now), not when the person moved on.
      var icon = m.getElement();
      var active = document.activeElement;
      if (icon && (!active || active === document.body)) { icon.focus({ preventScroll: true }); }
    });
    return m;
  }

  function load(query) {
    el.classList.add("is-loading");
    return fetch(d.geojsonUrl + query, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      })
      .then(function (collection) {
        cluster.clearLayers();
        cluster.addLayers(collection.features.map(marker));
        var b = collection.bbox;
        if (b) {
          map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [30, 30], maxZoom: 9 });
        }
        status.textContent = d.labelShown + " " + collection.features.length;
        el.classList.remove("is-loading");
        el.dataset.loaded = "true";
        labelClusters();
      })
      .catch(function () {
        status.textContent = d.labelFailed;
        el.classList.remove("is-loading");
      });
  }

  function queryFromForm() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) { params.delete(k); } });
    var q = params.toString();
    return q ? "?" + q : "";
  }

  function apply() {
    var query = queryFromForm();
    window.history.replaceState(null, "", window.location.pathname + query);
    if (listLink) { listLink.href = d.listUrl + query; }
    load(query);
  }

  if (form) {
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("change", apply);
  }
  load(d.query || "");
})();
