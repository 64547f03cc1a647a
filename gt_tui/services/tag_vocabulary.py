"""The manual-tag vocabulary: groups of `group:value` tags, some mutually exclusive.

The file is JSON in the seed system's shape: ``{"groups": [{"name", "mutuallyExclusive",
"tags": [...], "descriptions": {value: text}}]}``; the seed's default ships in the package
(services/data/manual_tags.json) and GT_TAGS_FILE points at another one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

TagPolicy = Literal["warn", "reject"]


class VocabularyError(ValueError):
    """The vocabulary file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class TagGroup:
    name: str
    mutually_exclusive: bool
    values: tuple[str, ...]
    descriptions: dict[str, str] = field(default_factory=dict)

    def tag(self, value: str) -> str:
        return f"{self.name}:{value}"


@dataclass(frozen=True)
class TagVocabulary:
    groups: tuple[TagGroup, ...]

    def group(self, name: str) -> TagGroup | None:
        return next((g for g in self.groups if g.name == name), None)

    def all_tags(self) -> list[str]:
        return [g.tag(v) for g in self.groups for v in g.values]

    def describe(self, tag: str) -> str:
        name, _, value = tag.partition(":")
        group = self.group(name)
        return group.descriptions.get(value, "") if group else ""

    def knows(self, tag: str) -> bool:
        name, sep, value = tag.partition(":")
        group = self.group(name)
        return bool(sep) and group is not None and value in group.values

    def problems(self, tags: Iterable[str]) -> list[str]:
        """What is wrong with these (normalized) manual tags; empty when all is well."""
        found: list[str] = []
        chosen: dict[str, list[str]] = {}
        for tag in tags:
            name, sep, value = tag.partition(":")
            group = self.group(name) if sep else None
            if not sep or not name or not value:
                found.append(f"{tag!r} is not of the form group:value")
            elif name in REFERENCE_TAG_GROUPS:
                continue
            elif group is None:
                found.append(f"{tag!r}: unknown group {name!r}")
            elif value not in group.values:
                found.append(
                    f"{tag!r}: unknown value {value!r} for group {name!r} "
                    f"(known: {', '.join(group.values)})"
                )
            else:
                chosen.setdefault(name, []).append(tag)
        for name, picked in chosen.items():
            group = self.group(name)
            if group and group.mutually_exclusive and len(set(picked)) > 1:
                found.append(
                    f"{', '.join(sorted(set(picked)))}: group {name!r} allows only one value"
                )
        return found


REFERENCE_TAG_GROUPS = ("rephrase",)
"""Groups whose value names another item (`rephrase:<original id>`): any value is allowed
and its case is kept, since ids are case-sensitive."""


def normalize_tag(tag: str) -> str:
    cleaned = tag.strip()
    name, sep, value = cleaned.partition(":")
    if sep and value and name.lower() in REFERENCE_TAG_GROUPS:
        return f"{name.lower()}:{value}"
    return cleaned.lower()


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, lower-case, blanks dropped, first occurrence kept, order kept."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = normalize_tag(tag)
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def _group(raw: Any, where: str) -> TagGroup:
    if not isinstance(raw, dict):
        raise VocabularyError(f"{where}: expected an object")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or ":" in name:
        raise VocabularyError(f"{where}.name: expected a non-empty string without ':'")
    exclusive = raw.get("mutuallyExclusive", False)
    if not isinstance(exclusive, bool):
        raise VocabularyError(f"{where}.mutuallyExclusive: expected true or false")
    values = raw.get("tags")
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise VocabularyError(f"{where}.tags: expected a list of non-empty strings")
    descriptions = raw.get("descriptions", {})
    if not isinstance(descriptions, dict) or not all(
        isinstance(v, str) for v in descriptions.values()
    ):
        raise VocabularyError(f"{where}.descriptions: expected an object of strings")
    cleaned = tuple(dict.fromkeys(normalize_tag(v) for v in values))
    return TagGroup(
        name=normalize_tag(name),
        mutually_exclusive=exclusive,
        values=cleaned,
        descriptions={normalize_tag(k): v for k, v in descriptions.items()},
    )


def parse_vocabulary(text: str, source: str) -> TagVocabulary:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise VocabularyError(f"{source}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    groups = doc.get("groups") if isinstance(doc, dict) else None
    if not isinstance(groups, list):
        raise VocabularyError(f"{source}: groups: expected a list of groups")
    parsed = tuple(_group(raw, f"{source}: groups.{i}") for i, raw in enumerate(groups))
    names = [g.name for g in parsed]
    if len(set(names)) != len(names):
        raise VocabularyError(f"{source}: groups: a group name appears twice")
    return TagVocabulary(parsed)


def default_vocabulary() -> TagVocabulary:
    text = resources.files("gt_tui.services").joinpath("data/manual_tags.json").read_text("utf-8")
    return parse_vocabulary(text, "default vocabulary")


def load_vocabulary(path: Path | None) -> TagVocabulary:
    """The vocabulary in `path` (GT_TAGS_FILE), or the packaged default when None."""
    if path is None:
        return default_vocabulary()
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise VocabularyError(f"cannot read tags file {path}: {reason}") from None
    return parse_vocabulary(text, str(path))
