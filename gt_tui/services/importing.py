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

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from gt_tui.domain.errors import BackendUnavailableError, ConcurrencyError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.tag_vocabulary import TagPolicy, TagVocabulary, default_vocabulary
from gt_tui.services.tagging import TagService
from gt_tui.services.validation import validate_user_id

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


def _documents(
    handle: BinaryIO, progress: ProgressSink
) -> Iterator[tuple[int, bytes | LineProblem]]:
    """(number, raw JSON) per item, whatever the format, detected from the content:
    JSONL (number = line, streamed), a JSON array or GTC's snapshot envelope
    `{"schemaVersion": ..., "items": [...]}` (number = the item's position from 1)."""
    lines = iter(handle)
    head: list[bytes] = []
    for raw in lines:
        progress(len(raw))
        head.append(raw)
        if raw.strip():
            break
    first = head[-1].strip() if head else b""
    if first.startswith(b"{"):
        try:
            doc = json.loads(first)
        except ValueError:
            doc = None
        if doc is not None and not _is_envelope(doc):
            yield from _numbered_lines(head, lines, progress)
            return
    if not first.startswith((b"[", b"{")):
        yield from _numbered_lines(head, lines, progress)
        return
    rest = handle.read()
    progress(len(rest))
    whole = b"".join(head) + rest
    try:
        doc = json.loads(whole)
    except ValueError:
        yield from _numbered_lines(whole.splitlines(keepends=True), iter(()), _ignore_progress)
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
        yield index, json.dumps(element, ensure_ascii=False).encode("utf-8")


def _numbered_lines(
    head: list[bytes], lines: Iterator[bytes], progress: ProgressSink
) -> Iterator[tuple[int, bytes]]:
    number = 0
    for raw in head:
        number += 1
        yield number, raw
    for raw in lines:
        progress(len(raw))
        number += 1
        yield number, raw


def iter_lines(
    handle: BinaryIO, *, default_dataset: str | None, progress: ProgressSink
) -> Iterator[_Line]:
    """Yield parsed items (JSONL lines, or the items of a JSON array or GTC envelope)."""
    for number, raw in _documents(handle, progress):
        if isinstance(raw, LineProblem):
            yield _Line(number, problems=[raw])
            continue
        parsed = parse_line(raw, number, default_dataset=default_dataset)
        if parsed is not None:
            yield parsed


def _content(item: GroundTruthItem) -> dict[str, Any]:
    return item.model_dump(mode="json", exclude={"etag"})


class ImportService:
    """Imports JSONL into a repo; see the module docstring for the rules."""

    def __init__(
        self,
        repo: GroundTruthRepo,
        *,
        clock: Clock | None = None,
        derivations: GroundTruthDerivationsService | None = None,
        batch_size: int = 64,
        vocabulary: TagVocabulary | None = None,
        tag_policy: TagPolicy = "warn",
        warn: ItemWarner | None = None,
    ) -> None:
        self._repo = repo
        self._vocabulary = vocabulary or default_vocabulary()
        self._tag_policy = tag_policy
        self._tags = TagService(repo, self._vocabulary, tag_policy)
        self._clock = clock or system_clock
        self._derivations = derivations or GroundTruthDerivationsService()
        self._batch_size = max(1, batch_size)
        self._warn = warn

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
    ) -> ImportSummary:
        """Import from a seekable binary handle; with `strict` validate everything first."""
        summary = ImportSummary(source=source)
        if strict:
            start = handle.tell()
            for line in self._checked(
                iter_lines(handle, default_dataset=dataset, progress=on_progress)
            ):
                if line.problems:
                    summary.invalid += 1
                    for problem in line.problems:
                        on_problem(problem)
            if summary.invalid:
                summary.strict_refused = True
                return summary
            handle.seek(start)
        seen: dict[tuple[str, str], int] = {}
        batch: list[_Line] = []
        for line in self._checked(
            iter_lines(handle, default_dataset=dataset, progress=on_progress)
        ):
            if line.item is not None:
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
            if len(batch) >= self._batch_size:
                await self._flush(batch, summary, update=update, on_problem=on_problem)
                batch = []
        await self._flush(batch, summary, update=update, on_problem=on_problem)
        return summary

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
        """Write the batch's good lines concurrently, then report problems in line order."""
        writable = [line for line in batch if line.item is not None]
        outcomes = await asyncio.gather(
            *(self._write(line, update=update) for line in writable), return_exceptions=True
        )
        unavailable: BaseException | None = None
        written = [
            line.item.tags
            for line, outcome in zip(writable, outcomes, strict=True)
            if line.item is not None and not isinstance(outcome, BaseException)
        ]
        if written:
            await self._tags.record(tag for tags in written for tag in tags)
        for line, outcome in zip(writable, outcomes, strict=True):
            if isinstance(outcome, BackendUnavailableError):
                unavailable = unavailable or outcome
            elif isinstance(outcome, GroundTruthError):
                summary.failed += 1
                line.problems.append(LineProblem(line.number, "", f"not written: {outcome}"))
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                if self._warn is not None and outcome != "skipped":
                    for message in await self._warn(line.item):
                        summary.warnings += 1
                        line.problems.append(LineProblem(line.number, "", f"warning: {message}"))
        for line in batch:
            for problem in line.problems:
                on_problem(problem)
        if unavailable is not None:
            raise unavailable

    async def _write(self, line: _Line, *, update: bool) -> str:
        """Create, update or skip one item; returns the summary counter to bump."""
        assert line.item is not None
        # The parsed item belongs to this import alone, so it is safe to derive in place.
        incoming = self._derivations.apply_derived_fields(line.item)
        incoming.etag = None
        # Create first: one round trip for a new item, no race between a read and the
        # create, and no point read of a missing item (some Cosmos emulators fail those).
        try:
            await self._repo.upsert(incoming)
        except ConcurrencyError as exc:
            if not update:
                return "skipped"
            stored = exc.current or await self._repo.get(incoming.dataset_name, incoming.id)
        else:
            return "imported"
        if stored is None:
            raise ConcurrencyError("deleted by someone else during the import")
        # Fields the file leaves out keep their stored values for the comparison, so a
        # second run of the same file is a no-op (no new etag, no new updated_at).
        keep: dict[str, Any] = {"etag": stored.etag}
        if "sample_key" not in line.fields_set:
            keep["sample_key"] = stored.sample_key
        if "bucket" not in line.fields_set and stored.bucket is not None:
            keep["bucket"] = stored.bucket  # given by a hierarchical (GTC) container
        if "updated_at" not in line.fields_set:
            keep["updated_at"] = stored.updated_at
        candidate = incoming.model_copy(update=keep)
        if not update or _content(candidate) == _content(stored):
            return "skipped"
        if "updated_at" not in line.fields_set:
            candidate.updated_at = self._clock()
        await self._repo.upsert(candidate)
        return "updated"
