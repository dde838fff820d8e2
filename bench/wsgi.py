"""WSGI entry for the load run: the benchmark database of BENCH_SIZE on BENCH_DB, with bench/urls.py."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import env

env.configure(os.environ.get("BENCH_SIZE", "S"), os.environ.get("BENCH_DB", "sqlite"))

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.urls"
