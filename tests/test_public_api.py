"""The public Python API is small and deliberate: this test pins it."""

from __future__ import annotations

import ceasefire


def test_public_names_are_pinned() -> None:
    assert sorted(ceasefire.__all__) == sorted(
        [
            "CeasefireError",
            "Claim",
            "ConfigError",
            "DateValue",
            "Document",
            "Evidence",
            "IngestReport",
            "Mention",
            "NotFound",
            "Outlet",
            "Place",
            "PubDate",
            "Rejected",
            "Settings",
            "SourceError",
            "Store",
            "StoreError",
            "UnsafeURLError",
            "__version__",
            "extract",
            "ingest",
            "load_settings",
        ]
    )
    for name in ceasefire.__all__:
        assert getattr(ceasefire, name) is not None


def test_ingest_is_callable_even_after_the_stage_package_is_imported(tmp_path) -> None:
    import ceasefire.ingest.pipeline

    (tmp_path / "a.txt").write_text("Shelling hit a village near the border on Monday, officials said.")
    store = ceasefire.Store("sqlite:///:memory:")
    report = ceasefire.ingest([tmp_path], store=store)  # type: ignore[operator]
    assert len(report.stored) == 1
    assert store.count_documents() == 1


def test_records_are_frozen() -> None:
    import dataclasses

    import pytest

    doc = ceasefire.Document(id="x", source="s", text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.id = "y"  # type: ignore[misc]
