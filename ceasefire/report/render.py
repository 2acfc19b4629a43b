"""The report as markdown (+ PNG files), one self-contained HTML file, or JSON.

HTML: Jinja2 with autoescape on; images inlined as ``data:image/png;base64`` URIs, CSS inline,
no scripts, no external references (the report must open offline and be safe to mail around).
Markdown: every value is escaped by default (``finalize``) so document text can neither inject
HTML nor markdown links; images are written next to the ``.md`` file and linked relatively.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jinja2

from . import charts
from .labels import affected, figure, lean, plural, side_label
from .views import Report, to_jsonable

Format = Literal["md", "html", "json"]
IMAGE_NAMES = {
    "timeline": "report-timeline.png",
    "map": "report-map.png",
    "escalation": "report-escalation.png",
}


@dataclass(frozen=True)
class Charts:
    timeline: bytes
    map: bytes
    escalation: bytes

    def items(self) -> list[tuple[str, bytes]]:
        return [("timeline", self.timeline), ("map", self.map), ("escalation", self.escalation)]


def render_charts(report: Report) -> Charts:
    return Charts(charts.timeline_png(report), charts.map_png(report), charts.escalation_png(report))


# --------------------------------------------------------------------------- helpers for templates


def _n(v: int | None) -> str:
    return "-" if v is None else str(v)


_GLOBALS: dict[str, Any] = {
    "n": _n,
    "affected": affected,
    "figure": figure,
    "lean": lean,
    "plural": plural,
    "side_label": side_label,
}


# --------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def _html_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ceasefire.report", "templates"),
        autoescape=True,  # every document string is escaped; nothing in the templates is |safe
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(_GLOBALS)
    return env


def render_html(
    report: Report, charts_: Charts | None = None, *, controls: Mapping[str, Any] | None = None
) -> str:
    """One self-contained HTML file: inline CSS, images as data: URIs, no script. ``controls``
    (the web workspace's) adds a period picker (a plain GET form), its filter in words, links to
    the other views and the downloads of the same incidents; a file written by the CLI has none."""
    c = charts_ or render_charts(report)
    images = {
        name: "data:image/png;base64," + base64.b64encode(data).decode("ascii") for name, data in c.items()
    }
    return _html_env().get_template("report.html").render(r=report, images=images, controls=controls)


# --------------------------------------------------------------------------- markdown


class Md(str):
    """Markdown written by the template code itself: passed through ``finalize`` unescaped."""


_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~&])")


def md_escape(value: Any) -> Any:
    """Backslash-escape markdown/HTML punctuation: quotes stay readable and stay inert text.

    ``<`` ``&`` (raw HTML, entities), ``[`` ``]`` (links, images), backticks, ``*``, ``~`` and ``|``
    (table cells) are escaped; ``_`` is left alone because ids and types contain it
    (``ceasefire_call``) and intraword underscores are never emphasis.
    """
    if isinstance(value, Md) or not isinstance(value, str):
        return value
    flat = " ".join(value.split())  # a newline would break a table row or a list item
    return _MD_SPECIAL.sub(r"\\\1", flat)


@lru_cache(maxsize=1)
def _md_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ceasefire.report", "templates"),
        autoescape=False,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(_GLOBALS)
    env.globals["raw"] = Md
    return env


def render_markdown(report: Report, image_names: dict[str, str] | None = None) -> str:
    """Markdown text; ``image_names`` are the relative paths of the three PNGs."""
    names = image_names or IMAGE_NAMES
    text = (
        _md_env().get_template("report.md.j2").render(r=report, images={k: Md(v) for k, v in names.items()})
    )
    return re.sub(r"\n{3,}", "\n\n", text)


def write_markdown(report: Report, path: Path, charts_: Charts | None = None) -> list[Path]:
    """Write ``path`` and the three PNGs next to it; returns every file written."""
    path = Path(path)
    c = charts_ or render_charts(report)
    written = []
    for name, data in c.items():
        img = path.parent / IMAGE_NAMES[name]
        write_file(img, data)
        written.append(img)
    write_file(path, render_markdown(report).encode("utf-8"))
    written.append(path)
    return written


def write_file(path: Path, data: bytes) -> None:
    """Write a report file atomically; a symlink, device or folder at ``path`` is refused
    (:mod:`ceasefire.export.guard`), never written through."""
    from ..export import atomic_open

    with atomic_open(Path(path), binary=True) as fh:
        fh.write(data)


# --------------------------------------------------------------------------- JSON


def render_json(report: Report) -> str:
    return json.dumps(to_jsonable(report), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_report(report: Report, fmt: Format, path: Path | None) -> tuple[str | None, list[Path]]:
    """Render in ``fmt``; with ``path`` write files and return (None, files), else (text, [])."""
    if fmt == "json":
        text = render_json(report)
    elif fmt == "html":
        text = render_html(report)
    elif fmt == "md":
        if path is not None:
            return None, write_markdown(report, path)
        # markdown on stdout: the images go nowhere, so say where they would be
        text = render_markdown(report)
    else:  # pragma: no cover - typer restricts the choices
        raise ValueError(fmt)
    if path is None:
        return text, []
    path = Path(path)
    write_file(path, text.encode("utf-8"))
    return None, [path]
