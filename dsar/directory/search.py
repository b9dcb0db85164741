"""Find organisations in the directory by what people call them.

`search(directory, text)` is forgiving: case, punctuation and filler words
("police", "constabulary", "service", "the", "of", "and") do not matter; it matches
ids, names, short names, aliases ("met", "gmp", "saru"), the words people use for
what an organisation does (a table in `letters/directory/search-words.toml`: "tag",
"immigration bail", "brook house", "tribunal"), the towns and counties a force
covers ("salford" finds Greater Manchester Police), and, last, near spellings
("manchster"). Results are ranked, best first, and say what matched and why.
A nation word in the query wins: "scottish prison service" finds only Scottish
records unless another record's own name matches exactly.

`select(directory, kind, nation)` filters the list by kind and nation, with a
one-line error listing the valid values when one is wrong.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from dsar.directory.records import Controller, Kind, Nation
from dsar.errors import ControllerError
from dsar.paths import letters_dir

FILLER = frozenset({"police", "constabulary", "service", "force", "the", "of", "and", "hm", "his",
                    "her", "majestys"})

# Scores: an exact id beats an exact name or alias, which beats a town, which beats
# a partial match, which beats a near spelling.
EXACT_ID = 100
EXACT_NAME = 90
EXACT_AREA = 70
PARTIAL = 50
FUZZY = 30
FUZZY_CUTOFF = 0.82
# A synonym's first record beats a record's own alias; each further record ranks one lower
SYNONYM_TOP = 95

# Words that name a nation: when the query has one, records of that nation win.
NATION_WORDS = {
    "scottish": Nation.SCOTLAND, "scotland": Nation.SCOTLAND, "scots": Nation.SCOTLAND,
    "welsh": Nation.WALES, "wales": Nation.WALES, "cymru": Nation.WALES,
    "northern ireland": Nation.NORTHERN_IRELAND, "northern irish": Nation.NORTHERN_IRELAND,
    "ni": Nation.NORTHERN_IRELAND,
    "english": Nation.ENGLAND, "england": Nation.ENGLAND,
}


def normalise(text: str) -> str:
    """Lower case, '&' as 'and', punctuation dropped, filler words dropped."""
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in words if w not in FILLER)


@dataclass(frozen=True)
class Hit:
    controller: Controller
    score: int
    matched: str  # what matched, e.g. 'alias "gmp"' or 'area "Salford"'

    def as_dict(self) -> dict[str, object]:
        c = self.controller
        return {"id": c.id, "name": c.name, "kind": c.kind.value, "nation": c.nation.value,
                "score": self.score, "matched": self.matched, "redirect_to": c.redirect_to}


class Records(Protocol):
    """What search needs of a directory: its records, and to be a cache key (by identity)."""

    def __iter__(self) -> Iterator[Controller]: ...

    def __hash__(self) -> int: ...


Key = tuple[str, str, int]  # (normalised text, what to show, exact-match score)


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[tuple[str, str, str]]]:
    """Controller id -> [(word, why, rank)], from letters/directory/search-words.toml."""
    path = letters_dir() / "directory" / "search-words.toml"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ControllerError([f"{path}: cannot be read ({exc}); reinstall dsar"]) from None
    found: dict[str, list[tuple[str, str, str]]] = {}
    for entry in table.get("synonym", []):
        for rank, (controller_id, why) in enumerate(entry["finds"]):
            for word in entry["words"]:
                found.setdefault(controller_id, []).append((word, why, str(rank)))
    return found


@lru_cache(maxsize=4)
def _index(directory: Records) -> list[tuple[Controller, list[Key]]]:
    """Everything each controller is called, normalised once per directory."""
    index = []
    for c in directory:
        named = [("id", c.id.replace("-", " "), EXACT_ID), ("name", c.name, EXACT_NAME),
                 ("short name", c.short_name, EXACT_NAME)]
        named += [("alias", a, EXACT_NAME) for a in c.aliases]
        named += [("area", a, EXACT_AREA) for a in c.areas]
        keys = [(normalise(text), f'{label} "{c.id if label == "id" else text}"', exact)
                for label, text, exact in named]
        keys += [(normalise(word), f'"{word}": {why}', SYNONYM_TOP - int(rank))
                 for word, why, rank in synonyms().get(c.id, [])]
        index.append((c, [k for k in keys if k[0]]))
    return index


def _covers(query: list[str], key: list[str]) -> bool:
    """Every query word is a word of the key, or the start of one (3+ letters)."""
    return all(any(k == q or (len(q) >= 3 and k.startswith(q)) for k in key) for q in query)


def _word_score(keys: list[Key], query: str) -> tuple[int, str] | None:
    """Exact and word matches: the whole key, the key's words, or the key inside the query."""
    qwords = query.split()
    best: tuple[int, str] | None = None
    for key, shown, exact in keys:
        kwords = key.split()
        if key == query:
            score = exact
        elif _covers(qwords, kwords):
            # more of the key matched is better: "greater manchester" over "manchester"
            score = PARTIAL + min(9, len(qwords) * 9 // len(kwords))
        elif len(key) >= 3 and _covers(kwords, qwords):
            # the key is inside a longer query: "gmp salford office"
            score = PARTIAL - 10 + min(9, len(kwords))
        else:
            continue
        if best is None or score > best[0]:
            best = (score, shown)
    return best


def _fuzzy_score(keys: list[Key], query: str) -> tuple[int, str] | None:
    """Near spellings ("manchster"), for when no word matches."""
    best: tuple[int, str] | None = None
    for key, shown, _ in keys:
        matcher = difflib.SequenceMatcher(None, query, key)
        if matcher.real_quick_ratio() < FUZZY_CUTOFF or matcher.quick_ratio() < FUZZY_CUTOFF:
            continue
        ratio = matcher.ratio()
        if ratio >= FUZZY_CUTOFF:
            score = FUZZY + int((ratio - FUZZY_CUTOFF) * 50)
            if best is None or score > best[0]:
                best = (score, shown)
    return best


def search(directory: Records, text: str, limit: int | None = None) -> list[Hit]:
    """Organisations matching `text`, best first (ties by id). Raises ControllerError if none."""
    query = normalise(text)
    if not query:
        raise ControllerError([
            f'"{text.strip()}" is too general; give a name, a short name such as "met" or a town, '
            f"or see `dsar controllers list --kind police`"
        ])
    index = _index(directory)
    hits = [Hit(c, *found) for c, keys in index if (found := _word_score(keys, query))]
    if not hits:  # near spellings only when no word matched
        hits = [Hit(c, *found) for c, keys in index if (found := _fuzzy_score(keys, query))]
    if not hits:
        raise ControllerError([
            f'no organisation matches "{text.strip()}"; try another name or a town, '
            f"or see `dsar controllers list --kind police`"
        ])
    nation = _nation_named(query)
    if nation is not None and any(h.controller.nation is nation for h in hits):
        # "scottish prison service" is never HMPPS: other nations' records stay only when
        # their own name or alias matched exactly
        hits = [h for h in hits if h.controller.nation is nation or h.score >= EXACT_NAME]
    hits.sort(key=lambda h: (-h.score, h.controller.id))
    return hits[:limit] if limit else hits


def _nation_named(query: str) -> Nation | None:
    words = query.split()
    phrases = words + [f"{a} {b}" for a, b in pairwise(words)]
    for phrase in phrases:
        if phrase in NATION_WORDS:
            return NATION_WORDS[phrase]
    return None


def _parse(enum: type[Kind] | type[Nation], option: str, value: str) -> str:
    wanted = value.strip().lower().replace(" ", "-").replace("_", "-")
    valid = [member.value for member in enum]
    if wanted not in valid:
        raise ControllerError([f'{option}: "{value}" is not one of {", ".join(valid)}'])
    return wanted


def select(directory: Records, kind: str | None = None,
           nation: str | None = None) -> list[Controller]:
    """The records of one kind and/or nation, by id; a bad value raises ControllerError."""
    want_kind = Kind(_parse(Kind, "--kind", kind)) if kind is not None else None
    want_nation = Nation(_parse(Nation, "--nation", nation)) if nation is not None else None
    return [c for c in directory
            if (want_kind is None or c.kind is want_kind)
            and (want_nation is None or c.nation is want_nation)]
