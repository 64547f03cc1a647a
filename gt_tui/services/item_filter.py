"""The explorer's filter, in services so the CLI (`bulk --filter`) and the TUI read it
the same way: status, dataset, tags (`a, -b`: tagged a and not b), text (in questions,
answer and history), id prefix, part of a reference URL, and who holds the item.

As one line, for the CLI: `status:draft dataset:faq tags:"topic:install, -difficulty:hard"
text:"lost 5G" id:trace- url:/help assigned:ann` (`assigned:none` for unassigned items),
and for agentic items `tool:get_plan_usage` (called, or expected as required) and
`shape:agentic` (or `shape:rag`). From the history: `changed-by:alice` (items with a
revision by alice) and `changed-since:2026-12-01` (an ISO 8601 date or time, UTC when
without a zone); both together keep items with one revision by alice since then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.queries import ItemQuery, SortField
from gt_tui.services.filter_syntax import FilterSyntaxError, filter_words, parse_instant

KEYS = (
    "status",
    "dataset",
    "tags",
    "tag",
    "text",
    "id",
    "url",
    "assigned",
    "tool",
    "shape",
    "changed-by",
    "changed-since",
)
FIELD_OF_KEY = {"id": "id_prefix", "changed-by": "changed_by", "changed-since": "changed_since"}
SHAPES = ("rag", "agentic")


def parse_tag_filter(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(include, exclude) from comma-separated tags; a leading `-` excludes. Tags are
    trimmed and lower-cased as stored manual tags are; blanks and repeats dropped."""
    include: dict[str, None] = {}
    exclude: dict[str, None] = {}
    for part in text.split(","):
        token = part.strip()
        target = include
        if token.startswith("-"):
            token, target = token[1:].strip(), exclude
        if token:
            target[token.lower()] = None
    return tuple(include), tuple(exclude)


@dataclass(frozen=True)
class ItemFilter:
    """The explorer's filter fields, as typed."""

    status: str | None = None
    dataset: str = ""
    tags: str = ""
    text: str = ""
    id_prefix: str = ""
    url: str = ""
    assigned: str = ""
    tool: str = ""
    shape: str = ""
    changed_by: str = ""
    changed_since: str = ""
    """As typed; read (and refused with FilterSyntaxError) by `since()`."""

    @classmethod
    def parse(cls, line: str) -> ItemFilter:
        """From the one-line syntax; FilterSyntaxError names a word it cannot read."""
        fields: dict[str, str] = {}
        tags: list[str] = []
        for key, value in filter_words(line, KEYS):
            if key in ("tags", "tag"):
                tags.append(value)
            elif key == "status":
                if value not in GroundTruthStatus.__members__:
                    known = ", ".join(GroundTruthStatus.__members__)
                    raise FilterSyntaxError(f"status:{value}: expected one of {known}")
                fields["status"] = value
            elif key == "shape" and value not in SHAPES:
                raise FilterSyntaxError(f"shape:{value}: expected one of {', '.join(SHAPES)}")
            else:
                fields[FIELD_OF_KEY.get(key, key)] = value
        if fields.get("changed_since"):
            parse_instant("changed-since", fields["changed_since"])
        return cls(tags=", ".join(tags), **fields)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return self == ItemFilter()

    def since(self) -> datetime | None:
        """`changed_since` as an instant; FilterSyntaxError says what is wrong with it."""
        value = self.changed_since.strip()
        return parse_instant("changed-since", value) if value else None

    def query(
        self, *, sort: SortField = SortField.id, descending: bool = False, limit: int = 50
    ) -> ItemQuery:
        """The repo query; FilterSyntaxError when `changed_since` is not a date or time."""
        include, exclude = parse_tag_filter(self.tags)
        assigned = self.assigned.strip()
        return ItemQuery(
            status=GroundTruthStatus(self.status) if self.status else None,
            dataset_name=self.dataset.strip() or None,
            tags=include,
            exclude_tags=exclude,
            text=self.text.strip() or None,
            id_prefix=self.id_prefix.strip() or None,
            ref_url_contains=self.url.strip() or None,
            assigned_to=assigned if assigned and assigned != "none" else None,
            unassigned=assigned == "none",
            tool=self.tool.strip() or None,
            shape=self.shape or None,  # type: ignore[arg-type]
            changed_by=self.changed_by.strip() or None,
            changed_since=self.since(),
            sort=sort,
            descending=descending,
            limit=limit,
        )

    def line(self) -> str:
        """The one-line form (what `gt-tui bulk --filter` takes for the same items)."""
        words = []
        for key, value in (
            ("status", self.status or ""),
            ("dataset", self.dataset.strip()),
            ("tags", self.tags.strip()),
            ("text", self.text.strip()),
            ("id", self.id_prefix.strip()),
            ("url", self.url.strip()),
            ("assigned", self.assigned.strip()),
            ("tool", self.tool.strip()),
            ("shape", self.shape),
            ("changed-by", self.changed_by.strip()),
            ("changed-since", self.changed_since.strip()),
        ):
            if value:
                words.append(f"{key}:{_quoted(value)}")
        return " ".join(words)


def _quoted(value: str) -> str:
    import shlex

    return shlex.quote(value) if any(c in value for c in " \"'\\,") else value
