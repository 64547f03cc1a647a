"""The dataset's curation instructions beside an item (`i` on the item screen).

Rendered with Textual's Markdown widget. Stored text is untrusted: control and format
characters are made visible first, links are shown but never followed (a click only
says where the link points), and very long instructions are cut at MAX_PANE_CHARS with a
note saying how to read all of them.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from gt_tui.domain.errors import GroundTruthError
from gt_tui.tui.context import Workstation, workstation
from gt_tui.tui.text import one_line, plain_line, visible

MAX_PANE_CHARS = 20_000


def pane_markdown(dataset_name: str, instructions: str | None) -> str:
    """What the pane renders for a dataset: its instructions (cut at the cap) or a note."""
    if instructions is None or not instructions.strip():
        return (
            f"*No curation instructions for this dataset yet.*\n\n"
            f"A lead writes them with `gt-tui instructions set {one_line(dataset_name)} FILE`."
        )
    text = visible(instructions)
    if len(text) > MAX_PANE_CHARS:
        text = (
            text[:MAX_PANE_CHARS]
            + f"\n\n---\n\n*Shortened to {MAX_PANE_CHARS:,} of {len(text):,} characters: "
            f"`gt-tui instructions get {one_line(dataset_name)}` prints them all.*"
        )
    return text


class InstructionsPane(VerticalScroll):
    """Hidden until toggled; follows the shown item's dataset while open."""

    def __init__(self, *, id: str | None = "instructions-pane") -> None:
        super().__init__(id=id)
        self.dataset_name: str | None = None
        self.display = False

    @property
    def gt_app(self) -> Workstation:
        return workstation(self)

    def compose(self) -> ComposeResult:
        # The Markdown body is mounted the first time the pane opens: most items are read
        # without it, and mounting it cost every item screen a noticeable part of its open.
        yield Static("Curation instructions", id="instructions-title", classes="section")

    async def toggle(self, dataset_name: str) -> None:
        self.display = not self.display
        if self.display:
            await self.load(dataset_name)

    async def follow(self, dataset_name: str) -> None:
        """Called when another item is shown: reload only if open and the dataset changed."""
        if self.display and dataset_name != self.dataset_name:
            await self.load(dataset_name)

    async def load(self, dataset_name: str) -> None:
        self.dataset_name = dataset_name
        title = self.query_one("#instructions-title", Static)
        title.update(plain_line(f"Instructions · {dataset_name}", limit=120))
        try:
            doc = await self.gt_app.services.instructions.get(dataset_name)
        except GroundTruthError as exc:
            self.gt_app.report_failure(exc, "read the curation instructions")
            doc = None
        bodies = self.query("#instructions-body").results(Markdown)
        body = next(bodies, None)
        if body is None:
            body = Markdown(id="instructions-body", open_links=False)
            await self.mount(body)
        await body.update(pane_markdown(dataset_name, doc.instructions if doc else None))
        self.scroll_home(animate=False)

    @on(Markdown.LinkClicked)
    def _link_not_followed(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify(f"Link (not opened): {one_line(event.href, 200)}", markup=False)
