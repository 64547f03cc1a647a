"""JSONL import: stream a file line by line, validate each line, write the good ones.

The file is never read whole: lines are read from a binary handle, decoded and validated
one at a time (import_reading.py), and written in batches (import_writes.py: one SQLite
transaction per batch, bounded concurrent creates on Cosmos). Every problem names the file, the line
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

from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos import batching
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.import_reading import (
    DEFAULT_MAX_LINE_BYTES,
    ENVELOPE_HEADER,
    LineProblem,
    ParsedLine,
    ProgressSink,
    describe_validation_error,
    iter_lines,
    parse_document,
    parse_line,
)
from gt_tui.services.import_writes import ImportWriter
from gt_tui.services.tag_vocabulary import TagPolicy, TagVocabulary, default_vocabulary
from gt_tui.services.tagging import TagService


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
    retagged: int = 0
    """Items written with other computed tags than the file gave (the rules own them)."""
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

    @property
    def empty(self) -> bool:
        """Nothing was read: the file is empty or holds only blank lines."""
        counts = (self.imported, self.updated, self.skipped, self.invalid, self.failed)
        return not any(counts)

    def format(self) -> str:
        text = (
            f"{self.source}: imported {self.imported}, updated {self.updated}, "
            f"skipped {self.skipped}, invalid {self.invalid}"
        )
        if self.failed:
            text += f", failed {self.failed}"
        if self.retagged:
            text += f", computed tags rewritten {self.retagged}"
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


ProblemSink = Callable[[LineProblem], None]
ItemWarner = Callable[[list[GroundTruthItem]], Awaitable[list[list[str]]]]
"""Content warnings for each of a batch of written items (FILE:LINE: warning: ...)."""


def _ignore_problem(problem: LineProblem) -> None:
    return None


SHOWN_FORMAT_PROBLEMS = 5
"""Lines that are not JSON shown one by one; the rest are counted in one line."""


class _FormatProblemLimit:
    """Passes problems on, except that after the first few lines that are not JSON at all
    (a CSV, a log file) the rest are only counted: `finish()` then reports one line saying
    what the file looks like and how many more there were."""

    def __init__(self, sink: ProblemSink) -> None:
        self._sink = sink
        self._shown = 0
        self._hidden: list[int] = []
        self._looks_like: str | None = None

    def __call__(self, problem: LineProblem) -> None:
        if problem.looks_like is None:
            self._sink(problem)
            return
        self._looks_like = self._looks_like or problem.looks_like
        if self._shown < SHOWN_FORMAT_PROBLEMS:
            self._shown += 1
            self._sink(problem)
        else:
            self._hidden.append(problem.line)

    def finish(self) -> None:
        if not self._hidden:
            return
        first, count = self._hidden[0], len(self._hidden)
        lines = f"line {first}" if count == 1 else f"between lines {first} and {self._hidden[-1]}"
        self._sink(
            LineProblem(
                first,
                "",
                f"not JSON Lines: {self._looks_like}; {count:,} more "
                f"{'line' if count == 1 else 'lines'} that are not JSON ({lines}) not shown",
            )
        )
        self._hidden = []


def _ignore_progress(advanced: int) -> None:
    return None


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
        user_id: str | None = None,
    ) -> None:
        self._repo = repo
        self._vocabulary = vocabulary or default_vocabulary()
        self._tag_policy = tag_policy
        self._tags = TagService(repo, self._vocabulary, tag_policy)
        self._clock = clock or system_clock
        self._derivations = derivations or GroundTruthDerivationsService()
        self._batch_size = max(1, batch_size) if batch_size else None
        self._writer = ImportWriter(repo, self._derivations, self._clock, user_id)
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
        limit = _FormatProblemLimit(on_problem)
        try:
            return await self._import_handle(
                handle, summary, dataset, strict, update, limit, on_progress, resume_from
            )
        finally:
            limit.finish()

    async def _import_handle(
        self,
        handle: BinaryIO,
        summary: ImportSummary,
        dataset: str | None,
        strict: bool,
        update: bool,
        on_problem: ProblemSink,
        on_progress: ProgressSink,
        resume_from: int | None,
    ) -> ImportSummary:
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

    async def import_documents(
        self,
        documents: Iterable[tuple[int, dict[str, Any]]],
        *,
        source: str,
        on_problem: ProblemSink = _ignore_problem,
        summary: ImportSummary | None = None,
    ) -> ImportSummary:
        """Import items already decoded (made by a converter such as import-traces), each
        numbered for its problems, through the same checks and writes as a file."""
        summary = summary or ImportSummary(source=source)
        lines = (parse_document(doc, number) for number, doc in documents)
        await self._write_lines(lines, summary, False, False, on_problem, None)
        return summary

    async def _write_lines(
        self,
        lines: Iterator[ParsedLine],
        summary: ImportSummary,
        strict: bool,
        update: bool,
        on_problem: ProblemSink,
        resume_from: int | None,
    ) -> None:
        seen: dict[tuple[str, str], int] = {}
        batch: list[ParsedLine] = []
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

    def _checked(self, lines: Iterator[ParsedLine]) -> Iterator[ParsedLine]:
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
        batch: list[ParsedLine],
        summary: ImportSummary,
        *,
        update: bool,
        on_problem: ProblemSink,
    ) -> None:
        """Write the batch's good lines, then report problems in line order."""
        writable = [line for line in batch if line.item is not None]
        if writable:
            summary.in_flight = (writable[0].number, writable[-1].number)
        given_computed = [
            set(line.item.computed_tags) if "computed_tags" in line.fields_set else None
            for line in writable
            if line.item is not None
        ]
        outcomes = await self._writer.write(
            [(line.item, line.fields_set) for line in writable if line.item is not None],
            update=update,
        )
        unavailable: BaseException | None = None
        # Count every outcome before the next await, so an interrupt (Ctrl-C) later in
        # this batch reports exactly what is stored.
        for index, (line, outcome) in enumerate(zip(writable, outcomes, strict=True)):
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
                    given = given_computed[index]
                    if line.item is not None and given not in (None, set(line.item.computed_tags)):
                        summary.retagged += 1
        summary.in_flight = None
        written = [
            line.item.tags
            for line, outcome in zip(writable, outcomes, strict=True)
            if line.item is not None and not isinstance(outcome, BaseException)
        ]
        if written:
            await self._tags.record(tag for tags in written for tag in tags)
        warned = [
            line
            for line, outcome in zip(writable, outcomes, strict=True)
            if isinstance(outcome, str) and outcome != "skipped" and line.item is not None
        ]
        if warned and self._warn is not None:
            messages = await self._warn([line.item for line in warned if line.item is not None])
            for line, found in zip(warned, messages, strict=True):
                for message in found:
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


__all__ = [
    "DEFAULT_MAX_LINE_BYTES",
    "ENVELOPE_HEADER",
    "ImportService",
    "ImportSummary",
    "LineProblem",
    "describe_validation_error",
    "iter_lines",
    "parse_line",
]
