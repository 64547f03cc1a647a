"""Reading an import: JSONL, a JSON array or GTC's snapshot envelope, one item at a time.

Each item is decoded, parsed and validated on its own (`parse_line`), and every problem
is a LineProblem naming the line and the field. JSONL is streamed with a cap on the line
length (GT_MAX_LINE_BYTES), so a huge line is reported, never held whole.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from pydantic import ValidationError

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.validation import item_key_problems, validate_user_id

_BOM = b"\xef\xbb\xbf"
# Keys a file may carry that are never trusted: the etag belongs to the store, and
# totalReferences is derived from the refs.
_IGNORED_KEYS = ("_etag", "etag", "totalReferences", "total_references")
_USER_ID_FIELDS = (("assigned_to", "assignedTo"), ("updated_by", "updatedBy"))
_JSON_TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


@dataclass(frozen=True)
class LineProblem:
    """Something wrong with one line: `where` is a field path (refs.0.url) or empty."""

    line: int
    where: str
    problem: str
    looks_like: str | None = field(default=None, compare=False)
    """For a line that is not JSON: what the file seems to be instead ("CSV")."""

    def format(self, source: str) -> str:
        if self.where:
            return f"{source}:{self.line}: {self.where}: {self.problem}"
        return f"{source}:{self.line}: {self.problem}"


@dataclass
class ParsedLine:
    number: int
    item: GroundTruthItem | None = None
    fields_set: frozenset[str] = frozenset()
    problems: list[LineProblem] = field(default_factory=list)


ProgressSink = Callable[[int], None]


def _ignore_progress(advanced: int) -> None:
    return None


def _json_type(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def describe_validation_error(exc: ValidationError, line: int) -> list[LineProblem]:
    """One LineProblem per pydantic error, located by alias path (refs.0.url)."""
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
        if error["type"].endswith("_type") and "input" in error:
            message += f" (got {_json_type(error['input'])})"
        problems.append(LineProblem(line, where, message))
    return problems


class _NotAJsonNumber:
    """Stands for NaN, Infinity or a number too large for a double (1e400): Python's
    parser takes them, JSON does not, and stored they would silently become null."""

    made = 0
    """How many were ever made: a decode that made none needs no walk to find them."""

    def __init__(self, text: str) -> None:
        self.text = text
        _NotAJsonNumber.made += 1


def _finite_float(text: str) -> float | _NotAJsonNumber:
    value = float(text)
    return value if math.isfinite(value) else _NotAJsonNumber(text)


_DECODER = json.JSONDecoder(parse_constant=_NotAJsonNumber, parse_float=_finite_float)


def _not_json_numbers(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) of every number JSON does not allow, in document order."""
    if isinstance(value, _NotAJsonNumber):
        yield path, value.text
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _not_json_numbers(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _not_json_numbers(inner, f"{path}.{index}" if path else str(index))


def looks_like(raw: bytes) -> str:
    """A guess at what a line that is not JSON comes from, for the summary line."""
    head = raw.lstrip()[:200]
    if head.startswith(b"<"):
        return "looks like XML or HTML"
    if b"\t" in head:
        return "looks like tab-separated values"
    if b"," in head or b";" in head:
        return "looks like CSV"
    return "its lines are not JSON objects"


def parse_line(raw: bytes, number: int, *, default_dataset: str | None = None) -> ParsedLine | None:
    """Decode, parse and validate one raw line; None for a blank line."""
    if number == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    raw = raw.rstrip(b"\r\n")
    if not raw.strip():
        return None
    result = ParsedLine(number)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(LineProblem(number, "", f"not valid UTF-8 at byte {exc.start + 1}"))
        return result
    made_before = _NotAJsonNumber.made
    try:
        doc = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        result.problems.append(
            LineProblem(
                number,
                "",
                f"invalid JSON at column {exc.colno}: {exc.msg}",
                looks_like=looks_like(raw),
            )
        )
        return result
    except RecursionError:
        result.problems.append(LineProblem(number, "", "invalid JSON: nested too deeply"))
        return result
    if not isinstance(doc, dict):
        result.problems.append(
            LineProblem(
                number,
                "",
                f"expected a JSON object, got {_json_type(doc)}",
                looks_like=looks_like(raw),
            )
        )
        return result
    if _NotAJsonNumber.made != made_before:
        for where, number_text in _not_json_numbers(doc):
            result.problems.append(
                LineProblem(number, where, f"{number_text} is not a JSON number")
            )
        if result.problems:
            return result
    return parse_document(doc, number, default_dataset=default_dataset)


def parse_document(doc: Any, number: int, *, default_dataset: str | None = None) -> ParsedLine:
    """Validate one decoded document as an item (the rules of parse_line); `doc` is
    changed in place (ignored keys dropped, the default dataset filled in)."""
    result = ParsedLine(number)
    if not isinstance(doc, dict):
        result.problems.append(
            LineProblem(number, "", f"expected a JSON object, got {_json_type(doc)}")
        )
        return result
    for key in _IGNORED_KEYS:
        doc.pop(key, None)
    if default_dataset is not None and doc.get("datasetName", doc.get("dataset_name")) is None:
        doc.pop("dataset_name", None)
        doc["datasetName"] = default_dataset
    try:
        item = GroundTruthItem.model_validate(doc)
    except ValidationError as exc:
        result.problems.extend(describe_validation_error(exc, number))
        return result
    for alias, problem in item_key_problems(item.dataset_name, item.id):
        result.problems.append(LineProblem(number, alias, problem))
    for attribute, alias in _USER_ID_FIELDS:
        value = getattr(item, attribute)
        if value is not None:
            try:
                validate_user_id(value)
            except ValueError as exc:
                result.problems.append(LineProblem(number, alias, str(exc)))
    if result.problems:
        return result
    result.item = item
    result.fields_set = frozenset(item.model_fields_set)
    return result


ENVELOPE_HEADER = frozenset({"schemaVersion", "snapshotAt", "datasetNames", "count", "filters"})
"""Header fields of the seed system's (GTC's) snapshot envelope beside its `items`."""


def _is_envelope(doc: object) -> bool:
    return (
        isinstance(doc, dict)
        and "id" not in doc
        and ("items" in doc or bool(ENVELOPE_HEADER & doc.keys()))
    )


DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024
"""GT_MAX_LINE_BYTES: the longest line (or array item) an import reads, in bytes."""


class _TooLong(bytes):
    """Stands for a line longer than the cap; it was read past in chunks, never whole."""

    size: int = 0


def _too_long(size: int) -> _TooLong:
    marker = _TooLong(b"-")
    marker.size = size
    return marker


def _size_problem(number: int, size: int, limit: int) -> LineProblem:
    return LineProblem(
        number,
        "",
        f"line is {size:,} bytes, longer than GT_MAX_LINE_BYTES ({limit:,}); skipped "
        "(raise GT_MAX_LINE_BYTES to import it)",
    )


def _bounded_lines(handle: BinaryIO, limit: int, progress: ProgressSink) -> Iterator[bytes]:
    """The handle's lines, each at most `limit` bytes (newline not counted); a longer one
    is skipped in 1 MiB chunks and stands as a _TooLong marker."""
    while True:
        raw = handle.readline(limit + 2)  # room for the content and a CRLF
        if not raw:
            return
        progress(len(raw))
        if len(raw.rstrip(b"\r\n")) <= limit and (len(raw) < limit + 2 or raw.endswith(b"\n")):
            yield raw
            continue
        size = len(raw.rstrip(b"\r\n"))
        while not raw.endswith(b"\n"):
            raw = handle.readline(1 << 20)
            if not raw:
                break
            progress(len(raw))
            size += len(raw.rstrip(b"\r\n"))
        yield _too_long(size)


def _documents(
    handle: BinaryIO, progress: ProgressSink, limit: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | LineProblem]]:
    """(number, raw JSON) per item, whatever the format, detected from the content:
    JSONL (number = line, streamed), a JSON array or GTC's snapshot envelope
    `{"schemaVersion": ..., "items": [...]}` (number = the item's position from 1).
    No line, and no item of an array, longer than `limit` bytes is parsed."""
    lines = _bounded_lines(handle, limit, progress)
    head: list[bytes] = []
    for raw in lines:
        head.append(raw)
        if raw.strip():
            break
    first = head[-1].strip() if head else b""
    if first.startswith(b"{") and not isinstance(head[-1], _TooLong):
        try:
            doc = json.loads(first)
        except ValueError:
            doc = None
        if doc is not None and not _is_envelope(doc):
            yield from _numbered_lines(head, lines, limit)
            return
    if not first.startswith((b"[", b"{")) or isinstance(head[-1], _TooLong):
        yield from _numbered_lines(head, lines, limit)
        return
    rest = handle.read()
    progress(len(rest))
    whole = b"".join(head) + rest
    try:
        doc = json.loads(whole)
    except ValueError:
        yield from _numbered_lines(whole.splitlines(keepends=True), iter(()), limit)
        return
    if isinstance(doc, dict) and not _is_envelope(doc):
        yield 1, json.dumps(doc, ensure_ascii=False).encode("utf-8")
        return
    items = doc.get("items") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        what = "has no items list" if isinstance(doc, dict) else f"is a JSON {_json_type(doc)}"
        yield 1, LineProblem(1, "items", f"the document {what}")
        return
    for index, element in enumerate(items, start=1):
        encoded = json.dumps(element, ensure_ascii=False).encode("utf-8")
        yield index, encoded if len(encoded) <= limit else _size_problem(index, len(encoded), limit)


def iter_documents(
    handle: BinaryIO, progress: ProgressSink, limit: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | LineProblem]]:
    """(number, raw JSON) per document as import reads them (see _documents); for
    readers of other shapes (trace files) that share import's numbering and limits."""
    return _documents(handle, progress, limit)


def _numbered_lines(
    head: list[bytes], lines: Iterator[bytes], limit: int
) -> Iterator[tuple[int, bytes | LineProblem]]:
    for number, raw in enumerate(_chain(head, lines), start=1):
        if isinstance(raw, _TooLong):
            yield number, _size_problem(number, raw.size, limit)
        elif len(raw.rstrip(b"\r\n")) > limit:
            yield number, _size_problem(number, len(raw.rstrip(b"\r\n")), limit)
        else:
            yield number, raw


def _chain(head: list[bytes], lines: Iterator[bytes]) -> Iterator[bytes]:
    yield from head
    yield from lines


def iter_lines(
    handle: BinaryIO,
    *,
    default_dataset: str | None,
    progress: ProgressSink,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[ParsedLine]:
    """Yield parsed items (JSONL lines, or the items of a JSON array or GTC envelope)."""
    for number, raw in _documents(handle, progress, max_line_bytes):
        if isinstance(raw, LineProblem):
            yield ParsedLine(number, problems=[raw])
            continue
        parsed = parse_line(raw, number, default_dataset=default_dataset)
        if parsed is not None:
            yield parsed
