"""ItemQuery -> parameterised SQL for the SQLite backend.

SQL text is assembled only from the fixed fragments below; every value the query carries
is a bound parameter, and ORDER BY comes from SORT_COLUMNS. The semantics mirror
gt_tui.repos.filtering (the in-memory reference), row for row and in the same order:
(sort value, id, dataset_name), keyset-paged with the same cursors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.filtering import cursor_position, sortable_utc

SORT_COLUMNS: dict[SortField, str] = {
    SortField.id: "id",
    SortField.updated_at: "updated_at",
    SortField.reviewed_at: "reviewed_at",
    SortField.total_references: "total_references",
    SortField.tag_count: "tag_count",
    SortField.sample_key: "sample_key",
    SortField.has_answer: "has_answer",
    SortField.tool_call_count: "tool_call_count",
}


DRIVE_MAX_MATCHES = 1000
"""A page with at most this many matches reads them from its pk sets and sorts them;
with more it walks the sort index and tests each row (about limit x items / matches
rows), so neither way reads more than about a thousand rows of 100,000."""


@dataclass
class PkSet:
    """One filter term as a set of item pks (`sql`, a SELECT from a side table or a
    search index: exactly the items matching the term) and as a test of one row
    (`row_test`, correlated on items.pk). `recheck` re-reads the term on the row after
    set membership in a page (the instr() check of trigram candidates). `unique` says
    `sql` returns each pk once."""

    sql: str
    params: list[Any]
    row_test: str
    row_params: list[Any]
    exclude: bool = False
    unique: bool = True
    recheck: str = ""
    recheck_params: list[Any] = field(default_factory=list)


@dataclass
class SqlQuery:
    """The filters as row terms (`where`, on items columns) plus pk sets (`sets`)."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    sets: list[PkSet] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.where.append(clause)
        self.params.extend(params)

    def count_where(self) -> tuple[str, list[Any]]:
        """Every term as a WHERE clause for a statement over items (counts and groups)."""
        clauses, params = list(self.where), list(self.params)
        for pk_set in self.sets:
            clauses.append(f"pk {'NOT IN' if pk_set.exclude else 'IN'} ({pk_set.sql})")
            params.extend(pk_set.params)
        return (" AND ".join(clauses) if clauses else "1"), params

    def page_where(self, total: int | None) -> tuple[str, list[Any]]:
        """The WHERE clause of a page, shaped by how many items match (`total`, None when
        not counted). Row terms come first: SQLite tests terms in the written order and
        stops at the first that fails.

        - Few matches (<= DRIVE_MAX_MATCHES) and an included set: `pk IN (set)` lets the
          planner read the matches from the set and sort them.
        - Many matches: each set as a per-row test while walking the sort index, so no set
          of tens of thousands of pks is built for a 50-row page.
        - Not counted (samplers, services): `+pk IN (set)`, walking the sort index and
          testing membership in the set built once.
        """
        clauses, params = list(self.where), list(self.params)
        drive = total is not None and total <= DRIVE_MAX_MATCHES
        drive = drive and any(not pk_set.exclude for pk_set in self.sets)
        for pk_set in self.sets:
            if total is not None and not drive:
                test = pk_set.row_test
                clauses.append(f"NOT ({test})" if pk_set.exclude else test)
                params.extend(pk_set.row_params)
                continue
            member = "pk NOT" if pk_set.exclude else ("pk" if drive else "+pk")
            clauses.append(f"{member} IN ({pk_set.sql})")
            params.extend(pk_set.params)
            if pk_set.recheck:
                clauses.append(pk_set.recheck)
                params.extend(pk_set.recheck_params)
        return (" AND ".join(clauses) if clauses else "1"), params


def _pk_set_sql(sets: list[PkSet], operator: str) -> tuple[str, list[Any]]:
    sql = f" {operator} ".join(pk_set.sql for pk_set in sets)
    return sql, [param for pk_set in sets for param in pk_set.params]


def prefix_upper_bound(prefix: str) -> str | None:
    """The least string above every string starting with `prefix` (in code point order,
    which is SQLite's BINARY order of UTF-8), so `prefix <= s < bound` is startswith;
    None when no such string exists (the prefix is all U+10FFFF)."""
    chars = list(prefix)
    while chars:
        following = ord(chars.pop()) + 1
        if 0xD800 <= following <= 0xDFFF:  # surrogates cannot be stored: skip them
            following = 0xE000
        if following <= 0x10FFFF:
            return "".join(chars) + chr(following)
    return None


def _trigram_phrase(needle: str) -> str:
    return '"' + needle.replace('"', '""') + '"'


def filter_sql(query: ItemQuery, *, for_count: bool = False) -> SqlQuery:
    """The filters of `query` (not the cursor) as row terms and pk sets.

    A page is read along a sort index and stops at `limit`, so its status and dataset
    terms are written unindexable (`+status`, ...): otherwise the planner would fetch
    every row of a common status or dataset and sort them all, which makes a page
    O(matches). Walking a sort index costs at most one index scan (dataset_name and pk
    are in every sort index). Tags, reference URLs and text are pk sets, rendered per
    page shape (SqlQuery.page_where). A count has no order and may drive from those
    indexes; a count of pk sets alone reads only the side tables (see count_sql).
    assigned_to always drives from its index: one curator's items are few.
    """
    sql = SqlQuery()
    status_column = "status" if for_count else "+status"
    dataset_column = "dataset_name" if for_count else "+dataset_name"
    if query.status is not None:
        sql.add(f"{status_column} = ?", query.status.value)
    if query.statuses:
        sql.add(
            f"{status_column} IN (SELECT value FROM json_each(?))",  # noqa: S608 - fixed
            json.dumps([status.value for status in query.statuses]),
        )
    if query.dataset_name is not None:
        sql.add(f"{dataset_column} = ?", query.dataset_name)
    if query.dataset_prefix is not None:
        # substr counts characters like str.startswith; LIKE would treat % and _ as wildcards.
        sql.add("substr(dataset_name, 1, ?) = ?", len(query.dataset_prefix), query.dataset_prefix)
    for tag in query.tags:
        sql.sets.append(_side_table_set("item_tags", tag))
    for tag in query.exclude_tags:
        sql.sets.append(_side_table_set("item_tags", tag, exclude=True))
    if query.assigned_to is not None:
        sql.add("assigned_to = ?", query.assigned_to)
    if query.review is not None:
        sql.add("review_state = ?", query.review)
    if query.changed_by is not None or query.changed_since is not None:
        sql.sets.append(_changed_set(query))
    if query.unassigned:
        # coalesce() keeps the planner off the assignee index: unassigned is most rows.
        sql.add("coalesce(assigned_to, '') = ''")
    if query.updated_by_not is not None:
        if query.updated_by_not_status is None:
            sql.add("NOT (updated_by IS ?)", query.updated_by_not)
        else:
            sql.add(
                "NOT (updated_by IS ? AND status = ?)",
                query.updated_by_not,
                query.updated_by_not_status.value,
            )
    if query.text:
        _text_filter(sql, query.text.casefold())
    if query.question_key is not None:
        sql.add("question_key = ?", query.question_key)
    if query.question_keys:
        marks = ", ".join("?" for _ in query.question_keys)
        sql.add(f"question_key IN ({marks})", *query.question_keys)
    if query.ref_url is not None:
        sql.sets.append(_side_table_set("item_ref_urls", query.ref_url))
    if query.tool is not None:
        sql.sets.append(_side_table_set("item_tools", query.tool))
    if query.shape is not None:
        sql.add("shape = ?", query.shape)
    if query.ref_url_contains is not None:
        _ref_url_part_filter(sql, query.ref_url_contains)
    if query.id_prefix is not None:
        # A range on the id index; it is exactly str.startswith (see prefix_upper_bound).
        upper = prefix_upper_bound(query.id_prefix)
        if upper is None:
            sql.add("id >= ?", query.id_prefix)
        else:
            sql.add("id >= ? AND id < ?", query.id_prefix, upper)
    if query.exclude_ids:
        sql.add("id NOT IN (SELECT value FROM json_each(?))", json.dumps(list(query.exclude_ids)))
    if query.sample_key_min is not None:
        sql.add("sample_key >= ?", query.sample_key_min)
    if query.sample_key_max is not None:
        sql.add("sample_key < ?", query.sample_key_max)
    if query.updated_at_min is not None:
        sql.add("updated_at >= ?", sortable_utc(query.updated_at_min))
    if query.updated_by is not None:
        sql.add("updated_by = ?", query.updated_by)
    if query.reviewed_at_min is not None:
        sql.add("reviewed_at >= ?", sortable_utc(query.reviewed_at_min))
    return sql


_TEXT_CHECK = (
    "(instr(search_synth, ?) > 0 OR instr(search_edited, ?) > 0 "
    "OR instr(search_answer, ?) > 0 OR instr(search_history, ?) > 0)"
)


_SIDE_TABLES = {"item_tags": "tag", "item_ref_urls": "url", "item_tools": "name"}
"""Side tables keyed (item_pk, value): value column by table (fixed names, never input)."""


def _side_table_set(table: str, value: str, *, exclude: bool = False) -> PkSet:
    """The items whose side-table row in `table` has exactly `value`."""
    column = _SIDE_TABLES[table]
    return PkSet(
        f"SELECT item_pk FROM {table} WHERE {column} = ?",  # noqa: S608 - fixed names
        [value],
        f"EXISTS (SELECT 1 FROM {table} WHERE item_pk = items.pk AND {column} = ?)",  # noqa: S608
        [value],
        exclude=exclude,
    )


def _changed_set(query: ItemQuery) -> PkSet:
    """The items with a revision by `changed_by` / since `changed_since`, read from the
    revisions' author or time index (gt_tui/repos/sqlite_history.py)."""
    terms, params = [], []
    if query.changed_by is not None:
        terms.append("r.by = ?")
        params.append(query.changed_by)
    if query.changed_since is not None:
        terms.append("r.at >= ?")
        params.append(sortable_utc(query.changed_since))
    where = " AND ".join(terms)
    return PkSet(
        "SELECT DISTINCT i.pk FROM revisions r JOIN items i "  # noqa: S608 - fixed terms
        f"ON i.dataset_name = r.dataset_name AND i.id = r.item_id WHERE {where}",
        list(params),
        "EXISTS (SELECT 1 FROM revisions r WHERE r.dataset_name = items.dataset_name "  # noqa: S608
        f"AND r.item_id = items.id AND {where})",
        list(params),
    )


def _text_filter(sql: SqlQuery, needle: str) -> None:
    """A phrase of 3+ characters is a trigram-index set: the index holds the same
    casefolded text (NUL stored as U+FFFD, so a needle with either is not sent to it), and
    a trigram phrase matches exactly the texts containing it. Shorter needles read every
    row with instr()."""
    if len(needle) >= 3 and "\x00" not in needle and "\ufffd" not in needle:
        checks = [needle] * 4
        sql.sets.append(
            PkSet(
                "SELECT rowid FROM item_search WHERE item_search MATCH ?",
                [_trigram_phrase(needle)],
                _TEXT_CHECK,
                checks,
                recheck=_TEXT_CHECK,
                recheck_params=checks,
            )
        )
    else:
        sql.add(_TEXT_CHECK, needle, needle, needle, needle)


def _ref_url_part_filter(sql: SqlQuery, part: str) -> None:
    """Items with a reference URL containing `part`: the distinct URLs that contain it
    (`ref_urls`, through its trigram index when `part` has 3+ characters and no NUL;
    instr() is literal and case-sensitive, like `in`), then their items through the
    url index of item_ref_urls."""
    if len(part) >= 3 and "\x00" not in part:
        urls = (
            "SELECT url FROM ref_urls WHERE pk IN "
            "(SELECT rowid FROM ref_url_search WHERE ref_url_search MATCH ?) "
            "AND instr(url, ?) > 0"
        )
        params: tuple[Any, ...] = (_trigram_phrase(part), part)
    else:
        urls = "SELECT url FROM ref_urls WHERE instr(url, ?) > 0"
        params = (part,)
    sql.sets.append(
        PkSet(
            f"SELECT item_pk FROM item_ref_urls WHERE url IN ({urls})",  # noqa: S608 - fixed
            list(params),
            f"EXISTS (SELECT 1 FROM item_ref_urls WHERE item_pk = items.pk AND +url IN ({urls}))",  # noqa: S608
            list(params),
            unique=False,  # an item with two matching URLs is in it twice
        )
    )


def order_columns(query: ItemQuery) -> list[str]:
    column = SORT_COLUMNS[query.sort]
    return ["id", "dataset_name"] if column == "id" else [column, "id", "dataset_name"]


def page_sql(query: ItemQuery, total: int | None = None) -> tuple[str, list[Any]]:
    """SELECT of one page (limit + 1 rows, to know whether another page follows), shaped
    by `total`, the match count when it is known (see SqlQuery.page_where).

    Selected columns: doc, sort value, id, dataset_name.
    """
    sql = filter_sql(query)
    columns = order_columns(query)
    position = cursor_position(query)
    if position is not None:
        value, item_id, dataset_name = position
        values = [item_id, dataset_name] if len(columns) == 2 else [value, item_id, dataset_name]
        operator = "<" if query.descending else ">"
        placeholders = ", ".join("?" for _ in columns)
        sql.add(f"({', '.join(columns)}) {operator} ({placeholders})", *values)
    direction = " DESC" if query.descending else ""
    order_by = ", ".join(column + direction for column in columns)
    where, params = sql.page_where(total)
    text = (
        f"SELECT doc, {SORT_COLUMNS[query.sort]}, id, dataset_name FROM items "  # noqa: S608 - fixed fragments
        f"WHERE {where} ORDER BY {order_by} LIMIT ?"
    )
    return text, [*params, query.limit + 1]


def count_sql(query: ItemQuery) -> tuple[str, list[Any]]:
    """One statement counting the matches.

    With row terms it reads items (driving from a filter index). With pk sets only, it
    never touches the wide item rows: the included sets intersected, minus the excluded
    ones, or the item count minus the union of the excluded sets. Every pk in a side
    table or search index is an item's (they are written and deleted with it).
    """
    sql = filter_sql(query, for_count=True)
    if sql.where or not sql.sets:
        where, params = sql.count_where()
        return f"SELECT count(*) FROM items WHERE {where}", params  # noqa: S608 - fixed fragments
    included = [pk_set for pk_set in sql.sets if not pk_set.exclude]
    excluded = [pk_set for pk_set in sql.sets if pk_set.exclude]
    if len(included) == 1 and not excluded and not included[0].unique:
        only = included[0]
        return f"SELECT count(*) FROM (SELECT DISTINCT * FROM ({only.sql}))", only.params  # noqa: S608
    if included:
        text, params = _pk_set_sql(included, "INTERSECT")
        if excluded:
            minus, minus_params = _pk_set_sql(excluded, "EXCEPT")
            text, params = f"{text} EXCEPT {minus}", [*params, *minus_params]
        return f"SELECT count(*) FROM ({text})", params  # noqa: S608 - fixed fragments
    union, params = _pk_set_sql(excluded, "UNION")
    return (
        f"SELECT (SELECT count(*) FROM items) - (SELECT count(*) FROM ({union}))",  # noqa: S608
        params,
    )
