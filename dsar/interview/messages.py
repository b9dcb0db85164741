"""The interview's messages for translators: letters/i18n/interview.pot, made from the sources.

The English is the single source (the msgid): the wording in letters/interview/questions.toml
and suggestions.toml, the closing page (letters/interview/closing.txt.j2, Jinja2's i18n
extension) and the `_()` / `N_()`-marked strings in dsar/interview/*.py (Babel's extractors,
`# NOTE:` comments become translator comments). To make the .pot again after changing any
of them:

    python -m dsar.interview.messages        # writes letters/i18n/interview.pot

and `python -m dsar.interview.messages --check CODE` says what a catalogue still lacks.
"""

from __future__ import annotations

import io
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from dsar.paths import letters_dir

POT_NAME = "interview.pot"

HEADER = """\
# The guided interview of dsar (`dsar new`): every message, in English (the msgid).
# Made by `python -m dsar.interview.messages` from letters/interview/questions.toml,
# suggestions.toml, closing.txt.j2 and dsar/interview/*.py: do not edit by hand.
#
# To translate: copy this file to letters/i18n/CODE/LC_MESSAGES/interview.po, add the
# header below (with your language's code), translate every msgstr, then check it with
#     python -m dsar.interview.messages --check CODE
#
#     msgid ""
#     msgstr ""
#     "Language: CODE\\n"
#     "MIME-Version: 1.0\\n"
#     "Content-Type: text/plain; charset=UTF-8\\n"
#     "Content-Transfer-Encoding: 8bit\\n"
#     "X-Review-Status: not yet reviewed\\n"
#
# Keep every placeholder as it is: {n}, {name}, {date}, %(path)s ... (they are filled in
# by dsar). Use plain, short words (a reading age of about 9). Where a message holds a legal
# term or the name of an organisation, keep the English beside your translation (the
# comments say which). Keys to press (y, n, Space, Enter, ?) stay as they are.
"""

# Terms that keep their English form beside the translation (issue 14: legal terms).
LEGAL_TERMS = (
    "enforced subject access", "Data Protection Act 2018, section 184", "subject access request",
    "erasure request", "personal data", "letter of authority", "immigration detention",
    "HM Prison and Probation Service", "HMPPS", "Home Office", "Ministry of Justice", "ACRO",
    "Police National Computer", "immigration bail", "no further action", "dsar new --resume",
    "(access)", "(erasure)", "dsar generate", "dsar due", "dsar track log",
)

_BRACES = re.compile(r"\{(\w*)\}")
_PERCENT = re.compile(r"%\((\w+)\)s")

_WHAT = {
    "text": "the question",
    "text_other": "the question, when the user asks for someone else (\"the person\" is the one "
                  "the records are about)",
    "help": "one line of help, shown under the question",
    "more": "longer help, shown when the user types ?",
}


def english_right_to_left() -> str:
    """The English of the first screen's warning for right-to-left languages (its msgid)."""
    from dsar.interview.questions import english_note

    return english_note("right_to_left")


def pot_path() -> Path:
    return letters_dir() / "i18n" / POT_NAME


def placeholders(text: str) -> list[str]:
    """The placeholders of a message ({n}, %(path)s), sorted: a translation keeps the same."""
    return sorted([f"{{{p}}}" for p in _BRACES.findall(text)] + [f"%({p})s" for p in _PERCENT.findall(text)])


# Context for messages of the closing page whose placeholders are filled with English text.
_CONTEXT = {
    "How to send: %(how)s": "%(how)s is in English: the organisation's email, form or address.",
    "Check: %(warning)s": "%(warning)s is a warning in English about that letter.",
    "Enclose: %(documents)s": "%(documents)s is a list in English of the ID documents to send.",
    "If you send it today %(how)s, the answer is due by %(date)s (one month from receipt: %(law)s).":
        '%(how)s is one of "by email", "by the online form", "by first-class post" (translated); '
        '%(date)s is a date like "29 December 2026"; %(law)s is the law, in English '
        '("UK GDPR Article 12A").',
    "tracker ref %(ref)s": "%(ref)s is a short code like R-000007: the number dsar tracks the letter by.",
    "Yes": "an answer to a yes/no question, on the review screen.",
    "For example: \"GPS tag data from my watch\" or \"my arrest in Leeds in March 2023\". Leave empty "
    "to skip.": "What the user types goes into the English letter: you may add \"write it in English "
                "if you can\". Keep the English examples beside your translation.",
    "You can tell them to stop using your data because of your own life. For example: the photo "
    "checks at night stop me sleeping. They must then show strong reasons to go on, or stop. Your "
    "words go in the letter. If you leave it empty, the letters do not ask this.":
        "What the user types goes into the English letter: you may add \"write it in English if "
        "you can\".",
    "No": "also an answer to a yes/no question, on the review screen.",
}


def _notes(message: str) -> list[str]:
    notes = [_CONTEXT[message]] if message in _CONTEXT else []
    kept = placeholders(message)
    if kept:
        notes.append("Keep " + ", ".join(dict.fromkeys(kept)) + " as it is (dsar fills it in).")
    terms = [t for t in LEGAL_TERMS if t in message]
    if terms:
        notes.append("Keep the English " + ", ".join(f'"{t}"' for t in terms)
                     + " beside the translation.")
    return notes


def _toml_messages() -> list[tuple[str, list[str]]]:
    """(msgid, translator comments) from questions.toml and suggestions.toml, in file order."""
    found: list[tuple[str, list[str]]] = []
    folder = letters_dir() / "interview"
    questions: dict[str, Any] = tomllib.loads((folder / "questions.toml").read_text(encoding="utf-8"))
    for key, entry in questions.items():
        if entry.get("translate") is False:
            continue  # asked before the language is known
        if key == "notes":
            for name, text in entry.items():
                found.append((str(text).strip(), [f"notes.{name}: a text shown, not asked."]))
            continue
        kind = entry["kind"]
        for field in ("text", "text_other", "help", "more"):
            if entry.get(field):
                extra = [f"A {kind} question (questions.toml [{key}]): {_WHAT[field]}."]
                if field == "text" and entry["text"] == "{label}":
                    continue  # the name of a reference number: stays in English
                found.append((entry[field], extra))
        for choice in entry.get("choices", []):
            found.append((choice["label"], [
                f'questions.toml [{key}]: one answer to choose (stored as "{choice["value"]}"); '
                f"the question is: {entry['text']}"]))
    suggestions: dict[str, Any] = tomllib.loads((folder / "suggestions.toml").read_text(encoding="utf-8"))
    for rule in suggestions.get("rule", []):
        found.append((rule["reason"], [
            "suggestions.toml: why an organisation is suggested, shown as \"<organisation>: "
            "<reason>\" (several joined with \"; \")."]))
    return found


def _code_messages() -> list[tuple[str, list[str]]]:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    found: list[tuple[str, list[str]]] = []
    package = Path(__file__).parent
    for name in sorted(p.name for p in package.glob("*.py")):
        for _file, _line, message, comments, _context in extract_from_dir(
                package, [(name, "python")], keywords=DEFAULT_KEYWORDS, comment_tags=("NOTE:",),
                strip_comment_tags=True):
            found.append((message if isinstance(message, str) else message[0],
                          [f"dsar/interview/{name}.", *comments]))
    options = {"closing.txt.j2": {"trim_blocks": "true", "lstrip_blocks": "true",
                                  "newstyle_gettext": "true"}}
    for _file, _line, message, comments, _context in extract_from_dir(
            letters_dir() / "interview", [("closing.txt.j2", "jinja2")], options_map=options,
            comment_tags=("Translators:",), strip_comment_tags=True):
        found.append((message if isinstance(message, str) else message[0],
                      ["The closing page, after the letters are written (closing.txt.j2).", *comments]))
    return found


def extract() -> Any:
    """A Babel catalogue of every interview message, in a stable order."""
    from babel.messages.catalog import Catalog

    catalogue = Catalog(project="dsar", fuzzy=False)
    for message, comments in [*_toml_messages(), *_code_messages()]:
        if not message:
            continue
        old = catalogue.get(message)
        merged = list(old.auto_comments) if old is not None else []
        for comment in [*comments, *_notes(message)]:
            if comment not in merged:
                merged.append(comment)
        if old is not None:
            old.auto_comments = merged
        else:
            catalogue.add(message, auto_comments=merged)
    return catalogue


def pot_text() -> str:
    """The .pot file as `python -m dsar.interview.messages` writes it."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, extract(), omit_header=True, no_location=True, width=100)
    return HEADER + "\n" + buffer.getvalue().decode("utf-8")


def problems(code: str) -> list[str]:
    """What the interview.po of `code` lacks: missing or untranslated messages, placeholders
    that differ from the English, legal terms dropped, no X-Review-Status header."""
    from babel.messages.pofile import read_po

    from dsar.i18n import INTERVIEW, catalogue_path

    path = catalogue_path(code, INTERVIEW)
    if not path.is_file():
        return [f"{path}: no such file"]
    text = path.read_text(encoding="utf-8")
    found = []
    if not re.search(r'^"X-Review-Status: .+\\n"$', text, re.M):
        found.append(f"{path}: no X-Review-Status header")
    with path.open("rb") as handle:
        translated = {m.id: m.string for m in read_po(handle) if m.id}
    for message in extract():
        if not message.id:
            continue
        string = translated.pop(message.id, None)
        if not string or not str(string).strip():
            found.append(f"not translated: {message.id!r}")
            continue
        string = str(string)
        if placeholders(string) != placeholders(str(message.id)):
            found.append(f"placeholders differ: {message.id!r} -> {string!r}")
        for term in LEGAL_TERMS:
            if term in str(message.id) and term not in string:
                found.append(f"keep {term!r} in English beside the translation: {string!r}")
    found += [f"not in the .pot any more: {msgid!r}" for msgid in translated]
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"] and len(argv) == 2:
        found = problems(argv[1])
        for line in found:
            print(line)
        print(f"{argv[1]}: {'OK' if not found else f'{len(found)} problems'}", file=sys.stderr)
        return 1 if found else 0
    if argv:
        print("usage: python -m dsar.interview.messages [--check CODE]", file=sys.stderr)
        return 2
    path = pot_path()
    path.write_text(pot_text(), encoding="utf-8")
    print(f"{path}: {len([m for m in extract() if m.id])} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
