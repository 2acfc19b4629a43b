"""A synthetic corpus for trying the Spark jobs at scale: the demo reports, varied."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


_NUMBER_SWAPS: tuple[dict[str, str], ...] = (
    {},
    {"two": "three", "four": "five"},
    {"two": "six", "three": "two"},
    {"four": "seven", "one": "two"},
)


def demo_corpus(n: int) -> Iterator[dict[str, str]]:
    """``n`` documents (text, url, outlet, published, title, id) made deterministically from the
    bundled demo corpus by shifting months, swapping figures and places: each variant is a
    different story, and the variants of one story share a publication month."""
    import csv
    import re
    from importlib.resources import files

    root = files("ceasefire").joinpath("data/demo")
    manifest = {r["path"]: r for r in csv.DictReader(root.joinpath("manifest.csv").open(encoding="utf-8"))}
    names = sorted(manifest)
    texts = {name: root.joinpath(name).read_text(encoding="utf-8") for name in names}
    month_re = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
    # the demo story's places and stand-ins of the same areas: data (beside the demo folder,
    # whose every report file the demo ingests)
    variants = json.loads(files("ceasefire").joinpath("data/demo_variants.json").read_text("utf-8"))
    place_swaps: list[dict[str, str]] = variants["place_swaps"]
    for i in range(n):
        name = names[i % len(names)]
        variant = i // len(names)
        shift = variant % 12
        years = variant // 12
        places = place_swaps[variant % len(place_swaps)]
        numbers = _NUMBER_SWAPS[(variant // len(place_swaps)) % len(_NUMBER_SWAPS)]

        def shifted(m: re.Match[str], k: int = shift) -> str:
            return _MONTHS[(_MONTHS.index(m.group(1)) + k) % 12]

        text = month_re.sub(shifted, texts[name])
        for old, new in {**places, **numbers}.items():
            text = re.sub(rf"\b{old}\b", new, text)
        text = re.sub(r"\b2025\b", str(2025 + years), text)
        row = manifest[name]
        published = ""
        if row["published"]:
            d = dt.date.fromisoformat(row["published"])
            month = (d.month - 1 + shift) % 12 + 1
            published = dt.date(
                d.year + years + (d.month - 1 + shift) // 12, month, min(d.day, 28)
            ).isoformat()
            text = text.replace("2025", str(int(published[:4]))) if years else text
        yield {
            "id": f"{Path(name).stem}-v{variant:03d}",
            "text": text + f"\n\n(Report {variant + 1} in this series.)\n" if variant else text,
            "url": f"{row['url']}?v={variant}" if variant else row["url"],
            "outlet": row["outlet"],
            "published": published,
            "title": row["title"],
        }


def write_demo_jsonl(path: str | os.PathLike[str], n: int) -> Path:
    """Write :func:`demo_corpus` as JSON lines; returns the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8") as fh:
        for row in demo_corpus(n):
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return p
