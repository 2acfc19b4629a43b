"""The output guard: no command removes or overwrites what it did not create.

Every command that writes files (``demo``, ``analyze``, ``export``, ``report``, ``spark``) asks
this module first, before any work is done:

- :func:`check_folder` for an output *folder*: it is accepted when it is new, empty, or carries
  the marker file :data:`MARKER` that ceasefire writes into every folder it writes to (listing
  the names it wrote there). The current folder, the home folder and a filesystem root are never
  accepted. A non-empty folder without the marker needs ``force``.
- :func:`check_file` for one output *file*: a symlink, a FIFO, a device, a socket or a folder at
  the path is always refused (it is left exactly as it is); an existing regular file that the
  marker beside it does not list (a user's file) needs ``force``.
- :func:`record` adds the names a command is about to write to the marker, so the next run
  recognises them as its own.

The writers themselves only ever move a finished temporary file into place with
:func:`publish`, which re-checks the target just before ``os.replace`` (``os.replace`` never
follows a symlink, so a symlink swapped in meanwhile is replaced, not written through), and
:func:`remove_own` is the only removal: a regular file the marker lists.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError

__all__ = ["MARKER", "check_file", "check_folder", "publish", "record", "refuse_special", "remove_own"]

MARKER = ".ceasefire-outputs.json"
_SHOWN = 3  # foreign entries named in a refusal


def _what(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise OutputError(f"cannot write {path}: a part of its folder path is a file, not a folder") from None
    except OSError as e:
        raise OutputError(f"cannot check the output path {path}: {e.strerror or e}") from None


def refuse_special(path: Path, *, folder_ok: bool = False) -> os.stat_result | None:
    """Raise :class:`OutputError` if ``path`` is a symlink, FIFO, device, socket (or a folder,
    unless ``folder_ok``); returns its ``lstat`` or None when nothing is there."""
    st = _lstat(path)
    if st is None:
        return None
    what = _what(st.st_mode)
    if what is None or (folder_ok and what == "folder"):
        return st
    raise OutputError(
        f"{path} is a {what}: ceasefire writes only regular files and leaves it untouched; "
        "choose another output path"
    )


def _marker_names(folder: Path) -> set[str] | None:
    """The names the marker in ``folder`` lists, or None when there is no (valid) marker."""
    marker = folder / MARKER
    try:
        st = os.lstat(marker)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > 1_000_000:
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("written_by") != "ceasefire":
        return None
    files = data.get("files")
    return {f for f in files if isinstance(f, str)} if isinstance(files, list) else set()


def _check_parents(path: Path) -> None:
    """The nearest existing ancestor of ``path`` must be a folder (else mkdir would fail)."""
    for p in path.parents:
        if os.path.lexists(p):
            if not p.is_dir():
                raise OutputError(f"cannot write {path}: {p} is a file, not a folder")
            return


def _never(folder: Path) -> str | None:
    resolved = folder.resolve()
    if resolved == Path(resolved.anchor):
        return "the root of the file system"
    with contextlib.suppress(RuntimeError):  # no home folder known
        if resolved == Path.home().resolve():
            return "your home folder"
    if resolved == Path.cwd().resolve():
        return "the current folder"
    return None


def _check_name(folder: Path, name: str, ours: set[str], *, force: bool, dir_ok: bool) -> None:
    path = folder / name
    st = refuse_special(path, folder_ok=dir_ok)
    if st is None or name in ours:
        return
    if stat.S_ISDIR(st.st_mode):  # a folder output (Spark tables) is replaced whole: never a user's
        raise OutputError(
            f"{path} is a folder ceasefire did not write: it would be replaced; move it or choose "
            "another output folder"
        )
    if not force:
        raise OutputError(
            f"{path} exists and was not written by ceasefire: choose another path, or --force to overwrite it"
        )


def check_folder(
    folder: Path, names: Iterable[str], *, force: bool = False, dirs: Iterable[str] = ()
) -> None:
    """May a command write ``names`` (files) and ``dirs`` (folders it replaces whole) into
    ``folder``? Raises :class:`OutputError` with the reason and the way out when not."""
    folder = Path(folder)
    never = _never(folder)
    if never is not None:
        raise OutputError(
            f"will not write outputs into {never} ({folder}): give a new folder, e.g. --out results/"
        )
    st = _lstat(folder)
    if st is None:
        _check_parents(folder)
        return
    if not folder.is_dir():  # follows a symlink to a folder, which is fine
        raise OutputError(f"{folder} is a file, not a folder: give a folder for the outputs")
    ours = _marker_names(folder)
    refuse_special(folder / MARKER)
    try:
        entries = sorted(e for e in os.listdir(folder) if e != MARKER)
    except OSError as e:
        raise OutputError(f"cannot read the output folder {folder}: {e.strerror or e}") from None
    if ours is None and entries and not force:
        shown = ", ".join(entries[:_SHOWN]) + (" …" if len(entries) > _SHOWN else "")
        raise OutputError(
            f"{folder} is not empty and was not written by ceasefire (it holds {shown}): "
            "choose a new or empty folder, or --force to write beside those files"
        )
    for name in names:
        _check_name(folder, name, ours or set(), force=force, dir_ok=False)
    for name in dirs:
        _check_name(folder, name, ours or set(), force=force, dir_ok=True)


def check_file(path: Path, *, force: bool = False, beside: Iterable[str] = ()) -> None:
    """May a command write the file ``path`` (and the files ``beside`` it, e.g. a report's PNGs)?"""
    path = Path(path)
    _check_parents(path)
    folder = path.parent
    ours = _marker_names(folder) or set()
    for name in (path.name, *beside):
        _check_name(folder, name, ours, force=force, dir_ok=False)


def record(folder: Path, names: Iterable[str]) -> None:
    """Create ``folder`` if needed and add ``names`` to its marker (written atomically)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder} is a file, not a folder: give a folder for the outputs") from None
    except OSError as e:
        raise OutputError(f"cannot create the output folder {folder}: {e.strerror or e}") from None
    known = _marker_names(folder) or set()
    wanted = known | set(names)
    if wanted == known and os.path.lexists(folder / MARKER):
        return
    body = {
        "written_by": "ceasefire",
        "note": "ceasefire wrote these files and may replace them; it leaves everything else alone",
        "files": sorted(wanted),
    }
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{MARKER}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=1)
            fh.write("\n")
        publish(tmp, folder / MARKER)
    except OSError as e:
        raise OutputError(f"cannot write in the output folder {folder}: {e.strerror or e}") from None


def publish(tmp: str | Path, path: Path) -> None:
    """Move a finished temporary file onto ``path``: the one place outputs replace a file. The
    target is re-checked first: only a missing path or a regular file is replaced."""
    try:
        refuse_special(Path(path))
    except OutputError:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


def remove_own(folder: Path, name: str) -> bool:
    """Delete ``folder/name`` only if it is a regular file the folder's marker lists (a file
    ceasefire wrote there). Returns whether a file was removed."""
    folder = Path(folder)
    path = folder / name
    if name not in (_marker_names(folder) or set()):
        return False
    st = _lstat(path)
    if st is None or not stat.S_ISREG(st.st_mode):
        return False
    path.unlink()
    return True
