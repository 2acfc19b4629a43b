"""Stage 1, ingest: files, pages, feeds, dumps and URLs become clean, dated documents.

The stage depends on nothing above it: no adapter (cli, web, spark), no report, not the API
module. ``ceasefire.ingest(...)``, the public function, is bound by the package root
(``ceasefire/__init__.py``).
"""
