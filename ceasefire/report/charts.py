"""The report's charts as PNG bytes: timeline, map and escalation trend.

Offline and headless: the Agg canvas is used directly (no pyplot state, no GUI backend), and
the map draws Natural Earth country outlines shipped in ``ceasefire/data/basemap``. Output is
deterministic for the same report (no timestamps in the PNG metadata).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from .views import EscalationRow, Report

KINETIC = "#c0392b"
OTHER = "#95a5a6"
STATEMENT = "#2e6da4"
FATAL = "#111111"
LAND = "#eeeae2"
BORDER = "#7f7f7f"
WATER = "#dce9f2"
DPI = 110


@dataclass(frozen=True)
class Basemap:
    name: str
    bbox: tuple[float, float, float, float] | None  # lon_min, lat_min, lon_max, lat_max of the data
    countries: tuple[tuple[str, str, tuple[tuple[tuple[tuple[float, float], ...], ...], ...]], ...]
    source: str


def basemap_files() -> dict[str, Traversable]:
    """The outline files the package ships (``data/basemap``), by file name: the one place the
    report's maps and the web workspace's map read them from."""
    folder = files("ceasefire") / "data" / "basemap"
    return {f.name: f for f in folder.iterdir() if f.name.endswith(".geojson")}


@lru_cache(maxsize=4)
def load_basemap(name: str) -> Basemap:
    """A shipped outline file (``world-110m``, or a regional ``*-10m``): (name, iso_a2, polygons
    as rings of (lon, lat))."""
    raw = json.loads(basemap_files()[f"{name}.geojson"].read_text(encoding="utf-8"))
    countries = []
    for f in raw["features"]:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in poly) for poly in polys)
        countries.append((str(f["properties"]["name"]), str(f["properties"]["iso_a2"]), rings))
    bbox = raw.get("bbox")
    box = (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])) if bbox else None
    return Basemap(name, box, tuple(countries), str(raw.get("source", "")))


def _png(fig: Figure) -> bytes:
    """The figure as a palette PNG: charts are a few flat colours, and 8-bit palette files are
    about a third of the size of true-colour ones (the report must stay small enough to mail).
    Drawn once on the Agg canvas and quantised from its pixels (no PNG encoded twice)."""
    canvas = FigureCanvasAgg(fig)
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
        return buf.getvalue()
    fig.set_dpi(DPI)
    canvas.draw()
    width, height = canvas.get_width_height()
    rgba = Image.frombuffer("RGBA", (width, height), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
    small = rgba.convert("RGB").quantize(
        colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()


def _empty(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=11, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


# --------------------------------------------------------------------------- timeline


def _span(report: Report) -> tuple[dt.date, dt.date] | None:
    days = [d.day for d in report.by_day]
    lo = report.date_from or (min(days) if days else None)
    hi = report.date_to or (max(days) if days else None)
    if lo is None or hi is None:
        return None
    return min(lo, *days) if days else lo, max(hi, *days) if days else hi


def timeline_png(report: Report) -> bytes:
    """Incidents per day (weekly when the period is longer than four months), stacked by kind,
    with the conservative fatality count on a second axis."""
    fig = Figure(figsize=(9, 3.4))
    ax = fig.add_subplot(1, 1, 1)
    span = _span(report)
    if span is None or not report.by_day:
        _empty(ax, "No incident dated to the day in this period")
        ax.set_title("Incidents per day", loc="left", fontsize=11)
        return _png(fig)
    start, end = span
    weekly = (end - start).days > 120
    if weekly:
        start -= dt.timedelta(days=start.weekday())
    step = 7 if weekly else 1
    n = (end - start).days // step + 1
    days = [start + dt.timedelta(days=i * step) for i in range(n)]
    bins = [float(x) for x in date2num(days)]
    kin, oth, sta, fat = [0] * n, [0] * n, [0] * n, [0] * n
    for d in report.by_day:
        i = (d.day - start).days // step
        if 0 <= i < n:
            kin[i] += d.kinetic
            sta[i] += d.statements
            oth[i] += d.incidents - d.kinetic - d.statements
            fat[i] += d.fatalities
    width = 0.8 * step
    ax.bar(bins, kin, width=width, color=KINETIC, label="use of force")
    ax.bar(bins, oth, width=width, bottom=kin, color=OTHER, label="other events")
    ax.bar(
        bins,
        sta,
        width=width,
        bottom=[a + b for a, b in zip(kin, oth, strict=True)],
        color=STATEMENT,
        label="statements",
    )
    ax.set_ylabel("incidents per week" if weekly else "incidents per day")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if any(fat):
        ax2 = ax.twinx()
        xs = [b for b, f in zip(bins, fat, strict=True) if f]
        ax2.plot(
            xs,
            [f for f in fat if f],
            "o",
            color=FATAL,
            markersize=6,
            markeredgecolor="white",
            label="fatalities (conservative)",
        )
        ax2.set_ylabel("fatalities")
        ax2.set_ylim(0, max(fat) * 1.25 + 1)
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
        h2, l2 = ax2.get_legend_handles_labels()
    else:
        h2, l2 = [], []
    h1, l1 = ax.get_legend_handles_labels()
    # above the plot, so it never hides a bar or a fatality marker
    ax.legend(
        h1 + h2, l1 + l2, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=4, fontsize=8, frameon=False
    )
    ax.set_ylim(0, max(a + b + c for a, b, c in zip(kin, oth, sta, strict=True)) * 1.15 + 0.2)
    ax.set_xlim(bins[0] - step, float(date2num(end)) + step)
    ax.xaxis_date()
    fig.autofmt_xdate(rotation=30)
    ax.set_title(f"Incidents per {'week' if weekly else 'day'}", loc="left", fontsize=11)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    fig.tight_layout()
    return _png(fig)


# --------------------------------------------------------------------------- map


def _ring_path(rings: Sequence[Sequence[tuple[float, float]]]) -> Path:
    verts: list[tuple[float, float]] = []
    codes: list[int] = []
    for ring in rings:
        if len(ring) < 3:
            continue
        verts.extend(ring)
        codes.extend([int(Path.MOVETO)] + [int(Path.LINETO)] * (len(ring) - 2) + [int(Path.CLOSEPOLY)])
    return Path(verts, codes)


def _label_points(
    paths: Sequence[tuple[str, Path]], extent: tuple[float, float, float, float], grid: int = 40
) -> list[tuple[str, float, float]]:
    """Where to write each country's name: inside its visible part, not at its true centroid
    (a country's centroid can lie off a map of its border with a neighbour, a vast country's off every
    regional map)."""
    x0, y0, x1, y1 = extent
    pts = [
        (x0 + (x1 - x0) * (i + 0.5) / grid, y0 + (y1 - y0) * (j + 0.5) / grid)
        for i in range(grid)
        for j in range(grid)
    ]
    out = []
    for name, path in paths:
        inside = [p for p, ok in zip(pts, path.contains_points(pts), strict=True) if ok]
        if len(inside) < grid * grid * 0.03:  # too small a sliver to carry a label
            continue
        xs = sorted(p[0] for p in inside)
        ys = sorted(p[1] for p in inside)
        mx, my = xs[len(xs) // 2], ys[len(ys) // 2]
        # the median may fall outside a concave shape: take the nearest inside grid point
        lx, ly = min(inside, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)
        out.append((name, lx, ly))
    return out


def _regional_basemaps() -> list[str]:
    """The detailed (1:10m) regional outline files the package ships, by name."""
    return sorted(n[: -len(".geojson")] for n in basemap_files() if n.endswith("-10m.geojson"))


def choose_basemap(points: Sequence[tuple[float, float]]) -> Basemap:
    """A shipped regional 1:10m outline file that holds every point (the incidents of any
    conflict whose region the data covers), else the world at 1:110m."""
    if points:
        for name in _regional_basemaps():
            region = load_basemap(name)
            if region.bbox is not None:
                x0, y0, x1, y1 = region.bbox
                if all(x0 <= lon <= x1 and y0 <= lat <= y1 for lon, lat in points):
                    return region
    return load_basemap("world-110m")


def _extent(points: Sequence[tuple[float, float]], basemap: Basemap) -> tuple[float, float, float, float]:
    if not points:
        # no located incident: the whole basemap
        return basemap.bbox or (-180.0, -60.0, 180.0, 85.0)
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    w = max((max(lons) - min(lons)) * 1.2 + 1.0, 5.0)
    h = max((max(lats) - min(lats)) * 1.2 + 1.0, 3.2)
    # widen the short side so the window fills a 4:3 figure at this latitude
    k = max(math.cos(math.radians(cy)), 0.2)
    if w * k / h < 4 / 3:
        w = h * 4 / 3 / k
    else:
        h = w * k * 3 / 4
    h = min(h, 150.0)
    x0, x1, y0, y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
    if basemap.bbox:
        bx0, by0, bx1, by1 = basemap.bbox
        x0, x1 = max(x0, bx0), min(x1, bx1)
        y0, y1 = max(y0, by0), min(y1, by1)
    return x0, y0, x1, y1


def map_png(report: Report) -> bytes:
    """Incident places over country outlines: marker area ~ incidents, red where force was used."""
    located = [
        (p, p.longitude, p.latitude)
        for p in report.by_place
        if p.latitude is not None and p.longitude is not None
    ]
    points = [(lon, lat) for _p, lon, lat in located]
    basemap = choose_basemap(points)
    x0, y0, x1, y1 = _extent(points, basemap)
    fig = Figure(figsize=(8, 6))
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor(WATER)
    paths = []
    for name, _iso, polys in basemap.countries:
        rings = [ring for poly in polys for ring in poly if len(ring) >= 3]
        if not rings:
            continue
        path = _ring_path(rings)
        ax.add_patch(PathPatch(path, facecolor=LAND, edgecolor=BORDER, linewidth=0.7, zorder=1))
        paths.append((name, path))
    for name, lx, ly in _label_points(paths, (x0, y0, x1, y1)):
        ax.text(lx, ly, name.upper(), fontsize=8, color="#8a8a8a", ha="center", va="center", zorder=2)
    if located:
        top = max(p.incidents for p, _x, _y in located)
        for i, (p, lon, lat) in enumerate(located):
            size = 40 + 260 * (p.incidents / top)
            colour = KINETIC if p.kinetic else STATEMENT
            ax.scatter(
                [lon],
                [lat],
                s=size,
                color=colour,
                alpha=0.75,
                edgecolors="white",
                linewidths=0.8,
                zorder=4,
            )
            if i < 12:  # label the busiest places; the table lists all of them
                ax.annotate(
                    f"{p.name} ({p.incidents})",
                    (lon, lat),
                    xytext=(6, 5),
                    textcoords="offset points",
                    fontsize=8,
                    zorder=5,
                    color="#222222",
                )
        ax.scatter([], [], s=60, color=KINETIC, label="use of force")
        ax.scatter([], [], s=60, color=STATEMENT, label="statements / other")
        ax.legend(loc="lower left", fontsize=8, framealpha=0.85)
    else:
        ax.text(
            0.5,
            0.5,
            "No incident with known coordinates",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=11,
            color="#555555",
            zorder=5,
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # equirectangular with the scale of the map's middle latitude: shapes look right
    ax.set_aspect(1 / max(math.cos(math.radians((y0 + y1) / 2)), 0.2))
    ax.set_xlabel("longitude (°E)", fontsize=8)
    ax.set_ylabel("latitude (°N)", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.set_title("Incident locations", loc="left", fontsize=11)
    fig.text(0.01, 0.01, "Outlines: Natural Earth (public domain)", fontsize=6, color="#777777")
    fig.tight_layout()
    return _png(fig)


# --------------------------------------------------------------------------- escalation


def _top_dyads(rows: Sequence[EscalationRow], dyads: Sequence[str], k: int) -> list[str]:
    total = {d: sum(r.kinetic + r.hostile for r in rows if r.dyad == d) for d in dyads}
    return sorted(dyads, key=lambda d: (-total[d], d))[:k]


def escalation_png(report: Report, *, max_dyads: int = 4) -> bytes:
    """Per dyad and ISO week: kinetic events (bars) and hostile statements (line)."""
    dyads = _top_dyads(report.escalation, report.dyads, max_dyads)
    n = max(len(dyads), 1)
    fig = Figure(figsize=(9, 2.4 * n + 0.6))
    if not dyads:
        ax = fig.add_subplot(1, 1, 1)
        _empty(ax, "No kinetic event or hostile statement dated to the week")
        ax.set_title("Escalation per dyad and week", loc="left", fontsize=11)
        return _png(fig)
    axes = [fig.add_subplot(n, 1, i + 1) for i in range(n)]
    for ax, d in zip(axes, dyads, strict=True):
        # only weeks where something happened are rows; on a time axis the weeks between are
        # empty slots (bars, never a line drawn across them)
        rows = [r for r in report.escalation if r.dyad == d]
        xs = [float(x) for x in date2num([r.week_start for r in rows])]
        ax.bar(
            [x - 1.5 for x in xs], [r.kinetic for r in rows], width=3, color=KINETIC, label="kinetic events"
        )
        ax.bar(
            [x + 1.5 for x in xs],
            [r.hostile for r in rows],
            width=3,
            color=STATEMENT,
            label="hostile statements",
        )
        ax.set_xlim(min(xs) - 7, max(xs) + 7)
        ax.xaxis_date()
        for label in ax.get_xticklabels():
            label.set_fontsize(7)
            label.set_rotation(30)
        ax.set_ylim(0, max([max(r.kinetic, r.hostile) for r in rows] + [1]) * 1.3)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"dyad {d}", loc="left", fontsize=9)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    axes[0].legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, fontsize=8, frameon=False)
    fig.suptitle("Escalation per dyad and ISO week", x=0.01, ha="left", fontsize=11)
    fig.tight_layout()
    return _png(fig)
