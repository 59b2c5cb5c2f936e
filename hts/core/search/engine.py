"""The two engines behind one filter: SQLite's FTS5 (the embedded default) and PostgreSQL's full text.
Both index the pre-tokenised ``tokens`` column and match whole tokens (or a token's prefix), so the
same query finds the same rows on either.

On SQLite an external-content FTS5 table mirrors the column through triggers (migration
core.0004_searchentry); on PostgreSQL a GIN index over the tokens as a ``tsvector``. The vector is made
with ``array_to_tsvector(string_to_array(tokens, ' '))`` rather than ``to_tsvector('simple', tokens)``:
the text parser's idea of a letter follows the cluster's locale (a C-locale cluster splits Chinese
characters apart), whereas the array keeps each of our tokens exactly as Python made it.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "core_searchentry_fts"
PG_VECTOR = "array_to_tsvector(string_to_array(tokens, ' '))"


def _fts5(groups: list[list[list[str]]]) -> str:
    def token(t: str) -> str:
        return f'"{t[:-1]}"*' if t.endswith("*") else f'"{t}"'

    return " AND ".join(
        "(" + " OR ".join("(" + " AND ".join(token(t) for t in alt) + ")" for alt in group) + ")" for group in groups
    )


def _tsquery(groups: list[list[list[str]]]) -> str:
    def token(t: str) -> str:
        return f"'{t[:-1]}':*" if t.endswith("*") else f"'{t}'"

    return " & ".join(
        "(" + " | ".join("(" + " & ".join(token(t) for t in alt) + ")" for alt in group) + ")" for group in groups
    )


def matching(groups: list[list[list[str]]]) -> Q:
    """A filter on SearchEntry: the rows whose tokens match every group (see tokens.query_groups)."""
    if not groups:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        sql = f"SELECT id FROM core_searchentry WHERE {PG_VECTOR} @@ %s::tsquery"  # noqa: S608
        return Q(pk__in=RawSQL(sql, [_tsquery(groups)]))  # noqa: S611  (tokens are letters and digits only)
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    return Q(pk__in=RawSQL(sql, [_fts5(groups)]))  # noqa: S611
