"""The DDL the revisions repeat, written once: creating a table with its indexes from a column
list, dropping it, and adding or dropping some columns of one table in batch mode (PostgreSQL
alters the table in place; SQLite adds in place and rebuilds to drop).

A column list is one word per column, ``name:type`` then any of ``!`` (primary key), ``?``
(nullable; NOT NULL otherwise), ``>table.column`` (a foreign key) and ``=default`` (a server
default: ``''`` or ``'1.0'`` as text, ``false`` for a boolean). The type is ``text``, ``int``,
``float``, ``bool``, ``blob`` (binary) or a number, a string of that length:
``"id:32! document_id:32>documents.id value_low:int? reason:32=''"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

_TYPES: dict[str, Any] = {
    "text": sa.Text,
    "int": sa.Integer,
    "float": sa.Float,
    "bool": sa.Boolean,
    "blob": sa.LargeBinary,
}
_WORD = re.compile(
    r"(?P<name>\w+):(?P<type>\w+)(?P<key>!)?(?P<null>\?)?(?:>(?P<ref>[\w.]+))?(?:=(?P<default>\S+))?"
)


def columns(spec: str) -> list[sa.Column[Any]]:
    """The columns of a column list (see the module's docstring), in order."""
    out: list[sa.Column[Any]] = []
    for word in spec.split():
        m = _WORD.fullmatch(word)
        if m is None:
            raise ValueError(f"not a column: {word!r}")
        kind = m["type"]
        args: list[Any] = [sa.String(int(kind)) if kind.isdigit() else _TYPES[kind]]
        if m["ref"]:
            args.append(sa.ForeignKey(m["ref"]))
        kw: dict[str, Any] = {"primary_key": True} if m["key"] else {"nullable": bool(m["null"])}
        if m["default"] is not None:
            kw["server_default"] = sa.false() if m["default"] == "false" else m["default"].strip("'")
        out.append(sa.Column(m["name"], *args, **kw))
    return out


def create_table(name: str, spec: str, indexes: Mapping[str, Sequence[str]] | None = None) -> None:
    """Create the table ``name`` with the columns of ``spec``, then its ``indexes`` (name: columns)."""
    op.create_table(name, *columns(spec))
    for index, cols in (indexes or {}).items():
        op.create_index(index, name, list(cols))


def drop_table(name: str, *indexes: str) -> None:
    """Drop the table ``name`` after its ``indexes``, in this order."""
    for index in indexes:
        op.drop_index(index, name)
    op.drop_table(name)


def add_columns(table: str, spec: str) -> None:
    """Add the columns of ``spec`` to ``table``, in this order, in one batch."""
    with op.batch_alter_table(table) as batch:
        for column in columns(spec):
            batch.add_column(column)


def drop_columns(table: str, *names: str) -> None:
    """Drop the columns ``names`` of ``table``, in this order, in one batch."""
    with op.batch_alter_table(table) as batch:
        for name in names:
            batch.drop_column(name)


def added_columns(table: str, spec: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """A revision that only adds columns: its upgrade adds the columns of ``spec`` to ``table``,
    its downgrade drops them again, last first."""
    names = [c.name for c in columns(spec)]
    return (lambda: add_columns(table, spec)), (lambda: drop_columns(table, *reversed(names)))
