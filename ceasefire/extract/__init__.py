"""Stage 2, extract: events, actors, places, dates, figures, claimants and framing.

The stage depends on nothing above it: no adapter, not the API module. ``ceasefire.extract(...)``,
the public function, is bound by the package root (``ceasefire/__init__.py``).
"""
