"""Shipped themes load as Textual themes; broken files are reported and skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.theme import Theme

from gt_tui.tui.start.themes import (
    ThemeFileError,
    ThemePreference,
    load_theme_file,
    load_themes,
    themes_dir,
)

SHIPPED = Path(__file__).resolve().parents[2] / "themes"
NAMES = {"gt-dark", "gt-light", "gt-high-contrast"}


def _relative_luminance(colour: str) -> float:
    parsed = Color.parse(colour)

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(parsed.r) + 0.7152 * channel(parsed.g) + 0.0722 * channel(parsed.b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _by_name(themes: list[Theme]) -> dict[str, Theme]:
    return {theme.name: theme for theme in themes}


def test_shipped_themes_load_without_reports() -> None:
    reports: list[str] = []
    themes = _by_name(load_themes(report=reports.append))
    assert reports == []
    assert set(themes) == NAMES
    assert all(isinstance(theme, Theme) for theme in themes.values())
    assert themes["gt-light"].dark is False
    assert themes["gt-dark"].dark is True
    hc = themes["gt-high-contrast"]
    assert (hc.background, hc.foreground, hc.primary) == ("#000000", "#FFFFFF", "#FFFF00")


def test_default_folder_is_the_source_tree_when_not_installed() -> None:
    folder = themes_dir()
    assert folder is not None
    assert {entry.name for entry in folder.iterdir()} >= {f"{name}.json" for name in NAMES}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_text_colours_are_readable(name: str) -> None:
    theme = _by_name(load_themes())[name]
    minimum_text = 15.0 if name == "gt-high-contrast" else 7.0
    minimum_colour = 7.0 if name == "gt-high-contrast" else 4.5
    assert contrast(theme.foreground, theme.background) >= minimum_text
    assert contrast(theme.foreground, theme.panel) >= minimum_text
    for field in ("primary", "secondary", "accent", "success", "warning", "error"):
        assert contrast(getattr(theme, field), theme.background) >= minimum_colour, field


async def test_themes_register_and_apply_in_an_app() -> None:
    themes = load_themes()

    class ThemedApp(App[None]):
        def on_mount(self) -> None:
            for theme in themes:
                self.register_theme(theme)

    app = ThemedApp()
    async with app.run_test() as pilot:
        for theme in themes:
            app.theme = theme.name
            await pilot.pause()
            assert app.theme == theme.name
            assert app.current_theme.background == theme.background


def _copy_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "themes"
    shutil.copytree(SHIPPED, folder)
    return folder


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"name": "broken", "primary": "#12345"}', "field 'primary'"),
        ('{"name": "broken"}', "field 'primary' is required"),
        ('{"primary": "#123456"}', "field 'name'"),
        ('{"name": "broken", "primary": "#123456", "dark": "yes"}', "field 'dark'"),
        ('{"name": "broken", "primary": "#123456", "text_alpha": 3}', "field 'text_alpha'"),
        ('{"name": "broken", "primary": "#123456", "colour": "red"}', "unknown field 'colour'"),
        (
            '{"name": "broken", "primary": "#123456", "variables": {"no-such-var": "red"}}',
            "field 'variables.no-such-var'",
        ),
        ('{"name": "broken",\n "primary": }', "line 2"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_a_broken_file_is_reported_by_file_and_field_and_skipped(
    tmp_path: Path, content: str, expected: str
) -> None:
    folder = _copy_shipped(tmp_path)
    (folder / "zz-broken.json").write_text(content, encoding="utf-8")
    reports: list[str] = []
    themes = load_themes(folder, report=reports.append)
    assert {theme.name for theme in themes} == NAMES
    assert len(reports) == 1
    assert "zz-broken.json" in reports[0]
    assert expected in reports[0]


def test_a_duplicate_name_is_reported_and_the_first_kept(tmp_path: Path) -> None:
    folder = _copy_shipped(tmp_path)
    doc = json.loads((folder / "gt-dark.json").read_text())
    doc["primary"] = "#FF00FF"
    (folder / "zz-copy.json").write_text(json.dumps(doc), encoding="utf-8")
    reports: list[str] = []
    themes = _by_name(load_themes(folder, report=reports.append))
    assert themes["gt-dark"].primary == "#5AA9FF"
    assert len(reports) == 1 and "zz-copy.json" in reports[0] and "gt-dark" in reports[0]


def test_load_theme_file_raises_theme_file_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ThemeFileError, match=r"x\.json"):
        load_theme_file(path)


def test_an_empty_folder_gives_no_themes(tmp_path: Path) -> None:
    reports: list[str] = []
    assert load_themes(tmp_path, report=reports.append) == []
    assert reports == []


def test_a_missing_folder_is_reported_not_raised(tmp_path: Path) -> None:
    reports: list[str] = []
    assert load_themes(tmp_path / "nowhere", report=reports.append) == []
    assert len(reports) == 1 and "nowhere" in reports[0]


def test_preference_round_trip(tmp_path: Path) -> None:
    state = tmp_path / "state" / "nested"
    preference = ThemePreference(state)
    assert preference.load() is None
    preference.save("gt-light")
    assert preference.load() == "gt-light"
    preference.save("gt-high-contrast")
    assert ThemePreference(state).load() == "gt-high-contrast"
    assert sorted(p.name for p in state.iterdir()) == ["theme.json"]


@pytest.mark.parametrize("content", ["{not json", '{"theme": 3}', '["gt-dark"]', ""])
def test_a_corrupt_preference_reads_as_none(tmp_path: Path, content: str) -> None:
    (tmp_path / "theme.json").write_text(content, encoding="utf-8")
    assert ThemePreference(tmp_path).load() is None


def test_saving_a_blank_name_is_refused_and_keeps_the_old_choice(tmp_path: Path) -> None:
    preference = ThemePreference(tmp_path)
    preference.save("gt-dark")
    with pytest.raises(ValueError):
        preference.save("  ")
    assert preference.load() == "gt-dark"
