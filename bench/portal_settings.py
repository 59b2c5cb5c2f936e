"""The platform's production settings with a hello-world beside its addresses (bench/portal_load.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.search_urls"
