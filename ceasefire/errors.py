"""A small exception hierarchy. The CLI turns these into one clear line and an exit code."""

from __future__ import annotations


class CeasefireError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class ConfigError(CeasefireError):
    """A setting, flag or config file is wrong."""


class SourceError(CeasefireError):
    """An input could not be read or fetched. ``reason`` is the short code stored in Rejected."""

    reason = "unreadable"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class UnsafeURLError(SourceError):
    """A URL points at a loopback/private/link-local/multicast address or a refused scheme."""

    reason = "unsafe-url"


class FetchError(SourceError):
    """A URL could not be fetched: network error, timeout, too large, too many redirects."""

    reason = "fetch-failed"


class OutputError(CeasefireError):
    """An output path is refused: it holds something ceasefire did not write (a user's file, a
    symlink, a device, a folder), or it is the current folder, the home folder or the root."""


class StoreError(CeasefireError):
    """The store cannot be opened, migrated or written."""


class NotFound(StoreError):
    """No record with that id."""

    exit_code = 4


class EvalGateError(CeasefireError):
    """Evaluation scores fell below the committed floors."""

    exit_code = 5
