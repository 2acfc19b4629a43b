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


def _from_imports(source: str, mod: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in a module's source, relative imports resolved."""
    package = mod if is_package else mod.rpartition(".")[0]
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            found.append((target, [a.name for a in node.names]))
    return found


def _imports_of(source: str, mod: str, is_package: bool) -> set[str]:
    """The ``ceasefire.*`` modules a module's source imports (``from . import api`` counts as
    importing ``ceasefire.<package>.api``)."""
    found: set[str] = set()
    for target, names in _from_imports(source, mod, is_package):
        if target.startswith("ceasefire"):
            found.add(target)
            found.update(f"{target}.{n}" for n in names)
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


def _private_imports(path: Path) -> list[str]:
    """Private names (``_x``) a module imports from another package of ceasefire."""
    mod = _module(path)
    own = mod.split(".")[:2]  # ceasefire.<package>
    return [
        f"{target}.{n}"
        for target, names in _from_imports(path.read_text(encoding="utf-8"), mod, path.name == "__init__.py")
        if target.startswith("ceasefire.") and target.split(".")[:2] != own
        for n in names
        if n.startswith("_") and not n.startswith("__")
    ]


@pytest.mark.parametrize(
    "path",
    _files("cli", "web", "spark", "report", "reconcile", "ingest", "evaluate"),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_adapters_and_stages_use_only_public_names_of_other_packages(path: Path) -> None:
    private = _private_imports(path)
    assert not private, f"{path.relative_to(PACKAGE)} imports {private}"
