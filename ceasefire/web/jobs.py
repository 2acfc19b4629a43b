"""Ingest jobs started from the browser, and the upload folders they remove when over."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

UPLOAD_PREFIX = "ceasefire-upload-"  # the web's upload folders: tempfile.mkdtemp(prefix=UPLOAD_PREFIX)


def remove_upload_folder(folder: Path) -> bool:
    """Remove an upload folder once its job is over; True when removed.

    Only what the upload made is removed: a real folder (not a symlink to one, not a device or
    FIFO) named ``ceasefire-upload-*`` directly in the temporary folder and owned by this process's
    user. Anything else given here is left as it is. Inside it, ``shutil.rmtree`` unlinks
    symlinks without following them, so whatever they point to survives."""
    import os
    import stat
    import tempfile

    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or not folder.name.startswith(UPLOAD_PREFIX):
        return False
    if os.path.realpath(folder.parent) != os.path.realpath(tempfile.gettempdir()):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


@dataclass
class Job:
    """One ingest run started from the browser, polled for progress."""

    id: str
    sources: tuple[str, ...]
    state: str = "queued"  # queued | running | done | failed
    stage: str = ""
    total: int = 0
    done: int = 0
    extracted: int = 0
    last: str = ""
    error: str = ""
    report: dict[str, Any] = field(default_factory=dict)
    new_incidents: tuple[str, ...] = ()
    cleanup: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "stage": self.stage,
            "total": self.total,
            "done": self.done,
            "extracted": self.extracted,
            "last": self.last,
            "error": self.error,
            "report": self.report,
            "new_incidents": list(self.new_incidents),
            "sources": list(self.sources),
        }
