"""``python -m ceasefire`` is the same as the ``ceasefire`` command."""

from .cli import main

main()
