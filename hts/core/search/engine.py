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


def _match_sql(groups: list[list[list[str]]]) -> tuple[str, str]:
    if connection.vendor == "postgresql":
        return f"SELECT id FROM core_searchentry WHERE {PG_VECTOR} @@ %s::tsquery", _tsquery(groups)  # noqa: S608
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", _fts5(groups)  # noqa: S608


def ranked_candidates(groups: list[list[list[str]]], kinds: list[str], limit: int) -> list[tuple[int, str, int, str]]:
    """(entry id, kind, object id, title) of each kind's newest `limit` matches, in one query.

    The match is made once (a materialised set) and each kind's newest rows are read off the index
    on (kind, updated_at, id, object_id) in order, stopping at `limit`: a word common to thousands of
    entries costs about what a rare one does, where ordering every match cost a read of each row."""
    if not groups or not kinds:
        return []
    match, param = _match_sql(groups)
    parts = [
        "SELECT * FROM (SELECT id, kind, object_id, title FROM core_searchentry WHERE kind = %s"  # noqa: S608
        f" AND id IN (SELECT * FROM m) ORDER BY updated_at DESC, id DESC LIMIT {int(limit)}) AS c{n}"
        for n in range(len(kinds))
    ]
    sql = f"WITH m AS MATERIALIZED ({match}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param, *kinds])
        return [(row[0], row[1], row[2], row[3]) for row in cursor.fetchall()]
