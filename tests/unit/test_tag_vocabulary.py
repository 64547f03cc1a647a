"""The vocabulary file, normalization and the problems of manual tags."""

from __future__ import annotations

import json

import pytest

from gt_tui.config import Settings
from gt_tui.services.tag_vocabulary import (
    VocabularyError,
    default_vocabulary,
    load_vocabulary,
    normalize_tags,
)


def test_default_vocabulary_is_the_seed_systems():
    vocab = default_vocabulary()
    shape = {g.name: (g.mutually_exclusive, g.values) for g in vocab.groups}
    assert shape == {
        "source": (True, ("sme", "sa", "synthetic", "sme_curated", "user", "other")),
        "answerability": (True, ("answerable", "not_answerable", "should_not_answer")),
        "topic": (
            False,
            ("general", "compatibility", "install", "license", "performance", "security"),
        ),
        "intent": (False, ("informational", "action", "feedback", "clarification", "other")),
        "expertise": (True, ("expert", "novice")),
        "difficulty": (True, ("easy", "medium", "hard")),
    }
    assert vocab.describe("difficulty:hard")


def test_normalize_trims_lowercases_and_drops_blanks_and_repeats():
    assert normalize_tags([" Topic:Install", "topic:install ", "  ", "SOURCE:SME"]) == [
        "topic:install",
        "source:sme",
    ]


def test_problems_unknown_group_unknown_value_form_and_exclusive_groups():
    vocab = default_vocabulary()
    assert vocab.problems(["topic:install", "topic:security", "source:sme"]) == []
    problems = vocab.problems(["colour:red", "topic:gardening", "plain", "difficulty:easy",
                               "difficulty:hard"])  # fmt: skip
    assert problems == [
        "'colour:red': unknown group 'colour'",
        "'topic:gardening': unknown value 'gardening' for group 'topic' (known: general, "
        "compatibility, install, license, performance, security)",
        "'plain' is not of the form group:value",
        "difficulty:easy, difficulty:hard: group 'difficulty' allows only one value",
    ]


def test_vocabulary_file_from_gt_tags_file(tmp_path, monkeypatch):
    path = tmp_path / "tags.json"
    path.write_text(json.dumps({"groups": [
        {"name": "Tone", "mutuallyExclusive": True, "tags": ["Calm", "angry"],
         "descriptions": {"calm": "no shouting"}},
    ]}))  # fmt: skip
    monkeypatch.setenv("GT_TAGS_FILE", str(path))
    vocab = load_vocabulary(Settings().tags_file)
    assert vocab.all_tags() == ["tone:calm", "tone:angry"]
    assert vocab.describe("tone:calm") == "no shouting"
    assert vocab.problems(["tone:calm", "tone:angry"]) != []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{", "invalid JSON at line 1"),
        ('{"groups": {}}', "groups: expected a list"),
        ('{"groups": [{"name": "a", "tags": "x"}]}', "groups.0.tags: expected a list"),
        ('{"groups": [{"name": "a:b", "tags": []}]}', "groups.0.name"),
        ('{"groups": [{"name": "a", "tags": [], "mutuallyExclusive": "yes"}]}',
         "groups.0.mutuallyExclusive"),
        ('{"groups": [{"name": "a", "tags": []}, {"name": "A", "tags": []}]}', "appears twice"),
    ],
)  # fmt: skip
def test_bad_vocabulary_files_name_the_file_and_field(tmp_path, body, message):
    path = tmp_path / "tags.json"
    path.write_text(body)
    with pytest.raises(VocabularyError, match=message) as caught:
        load_vocabulary(path)
    assert str(path) in str(caught.value)


def test_missing_vocabulary_file_is_a_clear_error(tmp_path):
    with pytest.raises(VocabularyError, match="cannot read tags file"):
        load_vocabulary(tmp_path / "nope.json")
