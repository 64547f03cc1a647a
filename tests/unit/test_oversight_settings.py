"""GT_LEADS parsing and the rephrase tag group's rules."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gt_tui.config import Settings
from gt_tui.services.tag_vocabulary import default_vocabulary, normalize_tags


def test_gt_leads_is_a_comma_list_of_valid_user_ids(monkeypatch):
    monkeypatch.setenv("GT_LEADS", " ann , bob@example.com,,")
    assert Settings().leads == ["ann", "bob@example.com"]
    monkeypatch.setenv("GT_LEADS", "")
    assert Settings().leads == []
    monkeypatch.setenv("GT_LEADS", "ann,b ob")
    with pytest.raises(ValidationError, match="GT_LEADS: invalid user id 'b ob'"):
        Settings()


def test_rephrase_tags_keep_the_original_ids_case_and_are_never_vocabulary_problems():
    assert normalize_tags([" Rephrase:Orig-7 ", "Topic:Account"]) == [
        "rephrase:Orig-7",
        "topic:account",
    ]
    vocabulary = default_vocabulary()
    assert vocabulary.problems(["rephrase:Orig-7"]) == []
    assert vocabulary.problems(["rephrase:"]) == ["'rephrase:' is not of the form group:value"]
