"""A bare Textual app shaped like the item screen, for bench_tui's reference row.

The same kinds of widgets in the same places (a meta line, a synthetic question, two
TextAreas, two Inputs, computed tags, a references DataTable and a preview, Header and
Footer), and a key that swaps all their content in place in one batch_update: no
services, no store, no checks. What that costs is Textual's own price for showing the
next item on this screen, next to which gt-tui's approve-to-next can be read.
"""

from __future__ import annotations

import random
import time

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Label, Static, TextArea

SENTENCE = (
    "the quick brown fox jumps over a lazy dog while my account password reset link "
    "waits for files to sync and a large video upload through the api times out"
)
WORDS = tuple(SENTENCE.split(" "))


class BareItemScreenApp(App[None]):
    CSS = """
    #body { width: 3fr; padding: 0 1; }
    #context { width: 2fr; padding: 0 1; }
    TextArea { height: auto; min-height: 2; max-height: 8; }
    Input { height: 1; border: none; }
    #refs { height: 1fr; }
    #preview { height: auto; max-height: 9; }
    """
    BINDINGS = [("a", "swap", "Approve"), ("s", "swap", "Skip"), ("d", "swap", "Delete")]

    def __init__(self, seed: int = 1) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.swapped_at: float | None = None

    def _words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="meta")
        with Horizontal():
            with VerticalScroll(id="body"):
                yield Label("Synthetic question")
                yield Static(id="question")
                yield Label("Edited question")
                yield TextArea(id="edited", soft_wrap=True)
                yield Label("Answer")
                yield TextArea(id="answer", soft_wrap=True)
                yield Label("Manual tags")
                yield Input(id="tags")
                yield Label("Computed tags")
                yield Static(id="computed")
                yield Label("Comment")
                yield Input(id="comment")
            with Vertical(id="context"):
                yield Label(id="refs-label")
                yield DataTable(id="refs", cursor_type="row")
                yield Static(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#refs", DataTable).add_columns("#", "title", "", "url")
        self.action_swap()

    def action_swap(self) -> None:
        with self.batch_update():
            self.query_one("#meta", Static).update(
                f"q-{self.rng.randint(0, 999):03}  ·  support-faq  ·  status draft\n"
                f"last change: {self._words(3, 6)}"
            )
            self.query_one("#question", Static).update(self._words(8, 25))
            self.query_one("#edited", TextArea).load_text("")
            self.query_one("#answer", TextArea).load_text(self._words(20, 50))
            self.query_one("#tags", Input).value = self._words(1, 3)
            self.query_one("#computed", Static).update(self._words(6, 12))
            self.query_one("#comment", Input).value = ""
            refs = self.query_one("#refs", DataTable)
            refs.clear()
            count = self.rng.randint(1, 3)
            for n in range(count):
                url = "https://help.example.com/" + self._words(2, 3).replace(" ", "-")
                refs.add_row(str(n + 1), self._words(2, 4), "", url)
            self.query_one("#refs-label", Label).update(f"References ({count})")
            self.query_one("#preview", Static).update(self._words(20, 40))
        self.swapped_at = time.perf_counter()
