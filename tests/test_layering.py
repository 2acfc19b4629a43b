"""Arrows point downward (issue 13): stages never import an adapter or the API above them, and
the adapters' packages have no import circles. Read from the source (every import, lazy ones
inside functions too), so an upward import anywhere fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ceasefire"
STAGES = ("extract", "ingest", "reconcile", "store")
ABOVE = {"api", "cli", "web", "report", "spark"}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    return _imports_of(path.read_text(encoding="utf-8"), _module(path), path.name == "__init__.py")


def _imports_of(source: str, mod: str, is_package: bool) -> set[str]:
    """The ``ceasefire.*`` modules a module's source imports, relative imports resolved."""
    package = mod if is_package else mod.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ceasefire"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("ceasefire"):
                continue
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)  # `from . import api`
    return found


def _files(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (PACKAGE / pkg).rglob("*.py"))


def test_the_import_reader_sees_relative_and_lazy_imports() -> None:
    assert _module(PACKAGE / "ingest" / "__init__.py") == "ceasefire.ingest"
    src = "from ..api import ingest\ndef f():\n    from .. import web\n    import ceasefire.cli\n"
    got = _imports_of(src, "ceasefire.ingest.probe", is_package=False)
    assert {"ceasefire.api", "ceasefire.web", "ceasefire.cli"} <= got
    assert "ceasefire.api" in _imports_of("from ...api import x\n", "ceasefire.web.views", is_package=True)


@pytest.mark.parametrize("path", _files(*STAGES), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_stage_imports_nothing_above_it(path: Path) -> None:
    upward = sorted(m for m in _imports(path) if m.count(".") and m.split(".")[1] in ABOVE)
    assert not upward, f"{path.relative_to(PACKAGE)} imports {upward}"


@pytest.mark.parametrize(
    ("package", "hub"),
    [("cli", "ceasefire.cli.app"), ("web", "ceasefire.web.app")],
)
def test_only_the_entry_imports_the_app_module(package: str, hub: str) -> None:
    """One `app` module imports the commands/views; no command or view imports it back."""
    allowed = {PACKAGE / package / "__init__.py"}
    back = [
        str(p.relative_to(PACKAGE))
        for p in _files(package)
        if p not in allowed and p != PACKAGE / package / "app.py" and hub in _imports(p)
    ]
    assert not back, f"{back} import {hub}"


def test_evaluate_baselines_and_realnews_do_not_import_each_other() -> None:
    baselines = _imports(PACKAGE / "evaluate" / "baselines.py")
    assert "ceasefire.evaluate.realnews" not in baselines
