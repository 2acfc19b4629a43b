"""Stage 2, extract: events, actors, places, dates, figures, claimants and framing.

The stage imports nothing above it (no adapter, no ``ceasefire.api``). ``ceasefire.extract(...)``,
the public function, is bound by the package root (``ceasefire/__init__.py``).
"""
