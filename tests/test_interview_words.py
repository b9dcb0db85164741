"""Plain words in the interview: measured reading level, longer help everywhere, no legal terms
in the questions, dates as people write and read them, menus that do not repeat or cut.

Reading level: the Flesch-Kincaid grade, computed here from its published formula
(0.39 x words per sentence + 11.8 x syllables per word - 15.59), with syllables counted by
Pyphen's hyphenation dictionary (en_GB). A UK reading age is about the US grade + 5, so
"a reading age of about 9" is a grade of 4 or less.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pyphen
import pytest

from dsar.interview import flow
from dsar.interview.questions import Question, wording
from dsar.paths import letters_dir

_DIC = pyphen.Pyphen(lang="en_GB")
LEGAL_WORDS = ("gdpr", "subject access", "erasure", "data protection", "controller", "enforced",
               "detention", "yyyy", "article", "section")


def _entries() -> dict[str, dict[str, Any]]:
    data = tomllib.loads((letters_dir() / "interview" / "questions.toml").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k != "notes"}


def syllables(word: str) -> int:
    return max(1, len(_DIC.positions(word)) + 1)


def flesch_kincaid_grade(texts: list[str]) -> float:
    """FK grade of many short texts: each counts at least one sentence (a question, a help line)."""
    sentences = sum(max(1, len(re.findall(r"[.!?:;]+(?=\s|$)", t))) for t in texts)
    words = [w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", t)]
    return 0.39 * len(words) / sentences + 11.8 * sum(map(syllables, words)) / len(words) - 15.59


def test_the_formula_ranks_plain_words_below_legal_words() -> None:
    plain = flesch_kincaid_grade(["Did someone tell you to get these records?"])
    legal = flesch_kincaid_grade(["Have you had an immigration application, detention or reporting?"])
    assert plain < 4 < legal


@pytest.mark.parametrize("field", ["text", "help", "more"])
def test_questions_and_help_read_at_about_age_nine(field: str) -> None:
    texts = [e[field] for e in _entries().values() if e.get(field)]
    assert flesch_kincaid_grade(texts) <= 4.0


def test_no_sentence_is_long() -> None:
    for key, entry in _entries().items():
        for field in ("text", "help", "more"):
            for sentence in re.split(r"(?<=[.!?])\s+", entry.get(field, "")):
                assert len(sentence.split()) <= 25, f"{key}.{field}: {sentence}"


def test_every_question_has_longer_help_different_from_its_line() -> None:
    for key, entry in _entries().items():
        assert entry.get("more"), f"{key} has no longer help for ?"
        assert entry["more"] != entry.get("help") and entry["more"] != entry["text"], key
        assert len(entry["more"]) > len(entry.get("help", "")), key


def test_legal_terms_are_in_help_not_in_questions_or_choices() -> None:
    for key, entry in _entries().items():
        shown = [entry["text"], entry.get("text_other", "")]
        shown += [c["label"] for c in entry.get("choices", [])]
        for text in shown:
            for word in LEGAL_WORDS:
                assert word not in text.lower(), f"{key}: {word!r} in {text!r}"
    assert "enforced subject access" in _entries()["enforced"]["more"]
    assert "subject access request" in _entries()["request_kind"]["more"]


def test_date_questions_say_dd_mm_yyyy_and_offer_a_month_only_where_it_is_accepted() -> None:
    for key, entry in _entries().items():
        if entry.get("check") in ("date", "past-date", "rough-date"):
            assert "DD/MM/YYYY" in entry["help"], key
        offers_month = "03/2024" in entry.get("help", "") or "March 2024" in entry.get("help", "")
        assert offers_month == (entry.get("check") == "rough-date"), key
    rough = [k for k, e in _entries().items() if e.get("check") == "rough-date"]
    assert rough == ["monitoring_start", "monitoring_end", "date_from", "date_to"]


@pytest.mark.parametrize(("typed", "stored", "shown"), [
    ("March 2024", "2024-03", "March 2024"), ("03/2024", "2024-03", "March 2024"),
    ("3/2024", "2024-03", "March 2024"), ("sept 2023", "2023-09", "September 2023"),
    ("2024", "2024", "2024"), ("01/09/2023", "2023-09-01", "1 September 2023"),
])
def test_rough_dates_are_accepted_and_stored_with_their_precision(typed: str, stored: str, shown: str) -> None:
    value = flow.accept(wording("monitoring_start"), typed, {}, flow.Setup())
    assert value == stored
    assert flow.display(wording("monitoring_start"), value, flow.Setup()) == shown


def test_a_month_is_not_accepted_where_the_day_is_needed() -> None:
    with pytest.raises(ValueError, match="not a date"):
        flow.accept(wording("date_of_birth"), "March 1990", {}, flow.Setup())
    with pytest.raises(ValueError, match="no month 13"):
        flow.accept(wording("date_from"), "13/2024", {}, flow.Setup())
    with pytest.raises(ValueError, match="before the start date"):
        flow.accept(wording("date_to"), "2023", {"date_from": "2024-03"}, flow.Setup())


def test_dates_are_shown_as_people_read_them() -> None:
    question = wording("date_of_birth")
    assert flow.display(question, "1992-07-14", None) == "14 July 1992"  # type: ignore[arg-type]


def test_each_force_is_shown_once_in_the_menu() -> None:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from dsar.controllers import load_directory
    from dsar.interview.prompts import _force_completer
    from dsar.interview.suggest import Catalogue

    completer = _force_completer(Catalogue.from_directory(load_directory()))
    [west_mids] = list(completer.get_completions(Document("west midl"), CompleteEvent()))
    assert west_mids.display_text == "West Midlands Police"
    assert west_mids.display_meta_text == ""  # not "West Midlands Police  West Midlands Police"
    met = list(completer.get_completions(Document("metropolitan"), CompleteEvent()))
    assert [c.display_meta_text for c in met] == ["Metropolitan Police Service"]


def test_organisation_reasons_are_wrapped_not_cut() -> None:
    from dsar.interview.prompts import _wrap

    reason = ("Home Office, Subject Access Request Unit: immigration application or reporting; "
              "immigration detention; a watch or phone that takes photos for immigration bail")
    lines = _wrap(reason, bullet=True).splitlines()
    assert len(lines) > 1
    assert all(len(line) <= 100 for line in lines)
    assert " ".join(line.strip(" -") for line in lines) == reason


def test_menu_labels_hold_only_the_name_and_the_reason_is_kept_apart() -> None:
    from dsar.controllers import load_directory
    from dsar.interview.suggest import Catalogue

    setup = flow.Setup(catalogue=Catalogue.from_directory(load_directory()))
    answers = {"immigration": True, "detention": True}
    options = flow.controller_options(answers, setup)
    home = next(o for o in options if o.value == "home-office")
    assert home.label == "Home Office, Subject Access Request Unit"
    assert "immigration detention" in home.why
    assert isinstance(wording("controllers"), Question)
