"""JSONL import: stream a file line by line, validate each line, write the good ones.

The file is never read whole: lines are read from a binary handle, decoded and validated
one at a time, and written in small batches (the reads and writes of a batch run
concurrently, which matters on a remote backend). Every problem names the file, the line
and the field, so a curator can fix the file and run the import again; running it again
changes nothing that is already stored (content is compared, etags are ignored).

Rules: an item is identified by (datasetName, id). One already in the store is skipped,
or with `update` rewritten under the stored etag when its content differs; fields the
line leaves out that the store owns (sampleKey, updatedAt) keep their stored values.
An id repeated later in the same file is always skipped (first line wins), so a second
run never flips between two versions. Etags and totalReferences in the file are ignored:
the etag belongs to the store and totalReferences is derived.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos import batching
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.import_writes import ImportWriter
from gt_tui.services.tag_vocabulary import TagPolicy, TagVocabulary, default_vocabulary
from gt_tui.services.tagging import TagService
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

    def format(self, source: str) -> str:
        if self.where:
            return f"{source}:{self.line}: {self.where}: {self.problem}"
        return f"{source}:{self.line}: {self.problem}"


@dataclass
class ImportSummary:
    """Counts of one import. `skipped`: already stored or repeated earlier in the file."""

    source: str
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    invalid: int = 0
    failed: int = 0
    warnings: int = 0
    strict_refused: bool = False
    rolled_back: bool = False
    """--strict: a write failed and the one transaction around the import was undone."""
    atomic: bool = False
    """The writes run in one transaction: an interrupted import leaves nothing behind."""
    written_lines: list[int] = field(default_factory=list)
    """--strict without a transaction: the line of every item created or updated."""
    in_flight: tuple[int, int] | None = None
    """First and last line of the batch being written (its outcome not yet known)."""
    stopped_at: int | None = None
    """--strict without a transaction: the first line not written after a write failure."""

    @property
    def ok(self) -> bool:
        return self.invalid == 0 and self.failed == 0

    def format(self) -> str:
        text = (
            f"{self.source}: imported {self.imported}, updated {self.updated}, "
            f"skipped {self.skipped}, invalid {self.invalid}"
        )
        if self.failed:
            text += f", failed {self.failed}"
        if self.warnings:
            text += f", warnings {self.warnings}"
        if self.strict_refused:
            text += " (--strict: nothing imported)"
        return text

    def written_report(self) -> str:
        """The lines written before a stop, as ranges (`1-63, 65`)."""
        return _ranges(sorted(self.written_lines)) or "none"


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    return ", ".join(parts)


@dataclass
class _Line:
    number: int
    item: GroundTruthItem | None = None
    fields_set: frozenset[str] = frozenset()
    problems: list[LineProblem] = field(default_factory=list)


ProblemSink = Callable[[LineProblem], None]
ItemWarner = Callable[[GroundTruthItem], Awaitable[list[str]]]
"""Content warnings for a written item (printed as FILE:LINE: warning: ...)."""
ProgressSink = Callable[[int], None]


def _ignore_problem(problem: LineProblem) -> None:
    return None


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


def parse_line(raw: bytes, number: int, *, default_dataset: str | None = None) -> _Line | None:
    """Decode, parse and validate one raw line; None for a blank line."""
    if number == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    raw = raw.rstrip(b"\r\n")
    if not raw.strip():
        return None
    result = _Line(number)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(LineProblem(number, "", f"not valid UTF-8 at byte {exc.start + 1}"))
        return result
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(
            LineProblem(number, "", f"invalid JSON at column {exc.colno}: {exc.msg}")
        )
        return result
    except RecursionError:
        result.problems.append(LineProblem(number, "", "invalid JSON: nested too deeply"))
        return result
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
) -> Iterator[_Line]:
    """Yield parsed items (JSONL lines, or the items of a JSON array or GTC envelope)."""
    for number, raw in _documents(handle, progress, max_line_bytes):
        if isinstance(raw, LineProblem):
            yield _Line(number, problems=[raw])
            continue
        parsed = parse_line(raw, number, default_dataset=default_dataset)
        if parsed is not None:
            yield parsed


class ImportService:
    """Imports JSONL into a repo; see the module docstring for the rules."""

    def __init__(
        self,
        repo: GroundTruthRepo,
        *,
        clock: Clock | None = None,
        derivations: GroundTruthDerivationsService | None = None,
        batch_size: int | None = None,
        vocabulary: TagVocabulary | None = None,
        tag_policy: TagPolicy = "warn",
        warn: ItemWarner | None = None,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    ) -> None:
        self._repo = repo
        self._vocabulary = vocabulary or default_vocabulary()
        self._tag_policy = tag_policy
        self._tags = TagService(repo, self._vocabulary, tag_policy)
        self._clock = clock or system_clock
        self._derivations = derivations or GroundTruthDerivationsService()
        self._batch_size = max(1, batch_size) if batch_size else None
        self._writer = ImportWriter(repo, self._derivations, self._clock)
        self._warn = warn
        self._max_line_bytes = max_line_bytes

    async def import_file(
        self,
        path: Path,
        *,
        dataset: str | None = None,
        strict: bool = False,
        update: bool = False,
        on_problem: ProblemSink = _ignore_problem,
        on_progress: ProgressSink = _ignore_progress,
        source: str | None = None,
        resume_from: int | None = None,
    ) -> ImportSummary:
        """Open `path` and import it (OSError when it cannot be opened)."""
        with path.open("rb") as handle:
            return await self.import_handle(
                handle,
                source=source or str(path),
                dataset=dataset,
                strict=strict,
                update=update,
                on_problem=on_problem,
                on_progress=on_progress,
                resume_from=resume_from,
            )

    async def import_handle(
        self,
        handle: BinaryIO,
        *,
        source: str,
        dataset: str | None = None,
        strict: bool = False,
        update: bool = False,
        on_problem: ProblemSink = _ignore_problem,
        on_progress: ProgressSink = _ignore_progress,
        resume_from: int | None = None,
        summary: ImportSummary | None = None,
    ) -> ImportSummary:
        """Import from a seekable binary handle; with `strict` validate everything first,
        then write in one transaction where the backend has them (SQLite), else stop at
        the first write failure and list what was written. `resume_from`: lines before it
        are checked but not written (a strict import that stopped). Pass `summary` to
        keep the counts when the import is interrupted."""
        summary = summary or ImportSummary(source=source)
        if strict:
            start = handle.tell()
            for line in self._checked(
                iter_lines(
                    handle,
                    default_dataset=dataset,
                    progress=on_progress,
                    max_line_bytes=self._max_line_bytes,
                )
            ):
                if line.problems:
                    summary.invalid += 1
                    for problem in line.problems:
                        on_problem(problem)
            if summary.invalid:
                summary.strict_refused = True
                return summary
            handle.seek(start)
        lines = iter_lines(
            handle,
            default_dataset=dataset,
            progress=on_progress,
            max_line_bytes=self._max_line_bytes,
        )
        scope = batching.atomic_scope(self._repo) if strict else None
        if scope is None:
            await self._write_lines(lines, summary, strict, update, on_problem, resume_from)
            return summary
        summary.atomic = True
        try:
            async with scope:
                await self._write_lines(lines, summary, strict, update, on_problem, resume_from)
                if summary.failed:
                    raise _RollBack
        except _RollBack:
            summary.rolled_back = summary.strict_refused = True
            summary.imported = summary.updated = 0
        return summary

    async def _write_lines(
        self,
        lines: Iterator[_Line],
        summary: ImportSummary,
        strict: bool,
        update: bool,
        on_problem: ProblemSink,
        resume_from: int | None,
    ) -> None:
        seen: dict[tuple[str, str], int] = {}
        batch: list[_Line] = []
        size = self._batch_size or batching.batch_size(self._repo)
        record = strict and not summary.atomic
        for line in self._checked(lines):
            if resume_from is not None and line.number < resume_from:
                line.item = None
                line.problems = []
            elif line.item is not None:
                key = (line.item.dataset_name, line.item.id)
                first = seen.setdefault(key, line.number)
                if first != line.number:
                    line.item = None
                    line.problems.append(
                        LineProblem(
                            line.number,
                            "id",
                            f"{key[1]!r} in dataset {key[0]!r} repeats line {first}; skipped",
                        )
                    )
                    summary.skipped += 1
            elif line.problems:
                summary.invalid += 1
            batch.append(line)
            if len(batch) >= size:
                await self._flush(batch, summary, update=update, on_problem=on_problem)
                batch = []
                if record and summary.failed:
                    return
        await self._flush(batch, summary, update=update, on_problem=on_problem)

    def _checked(self, lines: Iterator[_Line]) -> Iterator[_Line]:
        """Check manual tags against the vocabulary: a warning each under `warn`, and the
        line refused under `reject`. Tags in computed groups are the rules' and not checked."""
        for line in lines:
            if line.item is not None:
                tags = self._derivations.manual_tags(line.item)
                problems = self._vocabulary.problems(tags)
                for problem in problems:
                    if self._tag_policy == "warn":
                        problem += "; imported anyway (GT_TAG_POLICY=warn)"
                    line.problems.append(LineProblem(line.number, "manualTags", problem))
                if problems and self._tag_policy == "reject":
                    line.item = None
            yield line

    async def _flush(
        self,
        batch: list[_Line],
        summary: ImportSummary,
        *,
        update: bool,
        on_problem: ProblemSink,
    ) -> None:
        """Write the batch's good lines, then report problems in line order."""
        writable = [line for line in batch if line.item is not None]
        if writable:
            summary.in_flight = (writable[0].number, writable[-1].number)
        outcomes = await self._writer.write(
            [(line.item, line.fields_set) for line in writable if line.item is not None],
            update=update,
        )
        unavailable: BaseException | None = None
        # Count every outcome before the next await, so an interrupt (Ctrl-C) later in
        # this batch reports exactly what is stored.
        for line, outcome in zip(writable, outcomes, strict=True):
            if isinstance(outcome, BackendUnavailableError):
                unavailable = unavailable or outcome
            elif isinstance(outcome, Exception):
                summary.failed += 1
                line.problems.append(
                    LineProblem(line.number, "", f"not written: {describe_write_error(outcome)}")
                )
                if summary.stopped_at is None or line.number < summary.stopped_at:
                    summary.stopped_at = line.number
            else:
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                if outcome != "skipped":
                    summary.written_lines.append(line.number)
        summary.in_flight = None
        written = [
            line.item.tags
            for line, outcome in zip(writable, outcomes, strict=True)
            if line.item is not None and not isinstance(outcome, BaseException)
        ]
        if written:
            await self._tags.record(tag for tags in written for tag in tags)
        for line, outcome in zip(writable, outcomes, strict=True):
            if isinstance(outcome, str) and outcome != "skipped" and self._warn is not None:
                assert line.item is not None
                for message in await self._warn(line.item):
                    summary.warnings += 1
                    line.problems.append(LineProblem(line.number, "", f"warning: {message}"))
        for line in batch:
            for problem in line.problems:
                on_problem(problem)
        if unavailable is not None:
            raise unavailable


class _RollBack(Exception):
    """Raised inside the atomic scope to undo a strict import whose write failed."""


def describe_write_error(exc: Exception) -> str:
    """Our errors read as sentences; anything else keeps its class name only when its
    message says nothing (so no line says `ValueError: ...`)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text or type(exc).__name__
