"""The interview as a state machine: which questions apply, in which order, given the answers.

Pure functions over a plain `Answers` dict (JSON-able values: text, lists,
booleans), so the whole flow is testable without a terminal. The next question
is always the first applicable question with no answer yet, which is what makes
`dsar new --resume` pick up exactly where the user stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from dsar import identifiers
from dsar.interview import checks
from dsar.interview.language import _
from dsar.interview.questions import Option, Question, label_of, wording
from dsar.interview.suggest import Catalogue, always_offer, suggest
from dsar.profile import Profile, profile_from_dict

Answers = dict[str, Any]

MAX_REPEATS = 12  # previous addresses and police forces: more than enough for one letter


@dataclass(frozen=True)
class Setup:
    """What the flow knows besides the answers: the organisations, and what not to ask."""

    catalogue: Catalogue = field(default_factory=Catalogue)
    skip: frozenset[str] = frozenset()  # question ids (or templates) answered elsewhere


KINDS_FOR = {"access": ["access"], "erasure": ["erasure"], "both": ["access", "erasure"]}


def _for_other(answers: Answers) -> bool:
    return answers.get("who") == "other"


def _repeated(more: str, answers: Answers, make: Any) -> list[Question]:
    """Questions repeated while the user says there are more (addresses, forces)."""
    out: list[Question] = []
    for n in range(1, MAX_REPEATS + 1):
        out.extend(make(n))
        if n == MAX_REPEATS or not answers.get(f"{more}_{n}"):
            break
    return out


def _previous_addresses(answers: Answers) -> list[Question]:
    def make(n: int) -> list[Question]:
        qs = [wording("previous_address").specialise(f"previous_address_{n}", n=str(n)),
              wording("previous_postcode").specialise(f"previous_postcode_{n}", n=str(n))]
        if n < MAX_REPEATS:
            qs.append(wording("more_addresses").specialise(f"more_addresses_{n}"))
        return qs

    return _repeated("more_addresses", answers, make)


# police_reason answers that mean "no reason given"
NO_REASON = "none"
# outcomes after which no reason for deletion is asked (a conviction is never asked to be erased)
_NO_REASON_ASKED = ("convicted", "ongoing")


def _forces(answers: Answers, setup: Setup) -> list[Question]:
    def make(n: int) -> list[Question]:
        qs = [wording("force").specialise(f"force_{n}")]
        if answers.get(f"force_{n}") and "police_event" not in setup.skip:
            org = setup.catalogue.orgs.get(answers[f"force_{n}"])
            name = org.short_name if org else str(answers[f"force_{n}"])
            qs += [wording("police_event").specialise(f"police_event_{n}", force=name),
                   wording("police_date").specialise(f"police_date_{n}"),
                   wording("police_place").specialise(f"police_place_{n}"),
                   wording("police_outcome").specialise(f"police_outcome_{n}")]
            if answers.get(f"police_outcome_{n}") not in (None, *_NO_REASON_ASKED):
                qs.append(wording("police_reason").specialise(f"police_reason_{n}"))
        if n < MAX_REPEATS:
            qs.append(wording("more_forces").specialise(f"more_forces_{n}"))
        return qs

    return _repeated("more_forces", answers, make)


def _organisation_choice(template: str, answers: Answers, setup: Setup) -> Question:
    """"Which organisation is this note for?": all of them, or one of those chosen."""
    # NOTE: the first choice of "Who is that note for?": the note goes in every letter.
    options = [Option("all", _("All the organisations"))]
    for cid in chosen_controllers(answers):
        org = setup.catalogue.orgs.get(cid)
        options.append(Option(cid, org.name if org else cid))
    return _with_options(wording(template), tuple(options))


def controller_options(answers: Answers, setup: Setup) -> tuple[Option, ...]:
    """The checkbox of organisations: suggestions ticked (with why), the main ones offered."""
    cat = setup.catalogue
    suggested = {s.id: s for s in suggest(answers, named_forces(answers), cat)}
    previous = answers.get("controllers")
    ids = list(suggested) + [cid for cid in always_offer() if cid in cat.orgs and cid not in suggested]
    ids += [cid for cid in previous or [] if cid in cat.orgs and cid not in ids]
    options = []
    for cid in ids:
        org = cat.orgs[cid]
        why = "; ".join(_(r) for r in suggested[cid].reasons) if cid in suggested else ""
        checked = cid in previous if previous is not None else cid in suggested
        options.append(Option(cid, org.name, checked, why))
    return tuple(options)


def identifier_options(answers: Answers, setup: Setup) -> tuple[Option, ...]:
    """The reference numbers the chosen organisations use, in the profile's order."""
    used: set[str] = set(answers.get("ids_have") or [])
    for cid in chosen_controllers(answers):
        org = setup.catalogue.orgs.get(cid)
        if org is not None:
            used.update(org.identifiers)
    had = set(answers.get("ids_have") or [])
    return tuple(
        # NOTE: a reference number in a list, e.g. "Home Office reference (like B1234567)".
        # {label} stays in English (the name printed on official letters).
        Option(key, _("{label} (like {example})").format(label=kind.label, example=kind.example),
               key in had)
        for key, kind in identifiers.KINDS.items() if key in used
    )


def plan(answers: Answers, setup: Setup) -> list[Question]:
    """Every question that applies given the answers so far, in the order they are asked."""
    a = answers
    qs: list[Question] = [wording("who")]
    if "enforced" not in setup.skip:
        qs.append(wording("enforced"))
        if a.get("enforced"):
            qs.append(wording("enforced_continue"))
    if a.get("who") == "other":
        qs += [wording(k) for k in ("rep_organisation", "rep_name", "rep_address", "rep_postcode",
                                    "rep_email", "rep_phone", "rep_reference")]
    qs += [wording(k) for k in ("full_name", "other_names", "date_of_birth", "nationality", "email",
                                "phone", "address", "postcode", "moved")]
    if a.get("moved"):
        qs += _previous_addresses(a)
    qs.append(wording("monitoring"))
    if a.get("monitoring") == "ankle-tag":
        qs.append(wording("monitoring_reason"))
    if a.get("monitoring") not in (None, "none"):
        qs += [wording("monitoring_start"), wording("monitoring_end")]
    qs.append(wording("immigration"))
    if a.get("immigration"):
        qs.append(wording("detention"))
    qs.append(wording("prison"))
    if a.get("prison") in ("probation", "both"):
        qs.append(wording("probation_reason"))
    qs.append(wording("police_contact"))
    # with --to no police area is asked, but the contacts a profile already holds are kept
    if a.get("police_contact") and ("force" not in setup.skip or a.get("force_1")):
        qs += _forces(a, setup)
    if "controllers" not in setup.skip:
        qs.append(_with_options(wording("controllers"), controller_options(a, setup)))
    qs.append(wording("request_kind"))
    qs += _kind_questions(a, setup)
    if any("access" in kinds for kinds in kinds_by_org(a).values()) or (
            not chosen_controllers(a) and a.get("request_kind") in ("access", "both")):
        qs.append(wording("response_format"))
    qs.append(wording("has_period"))
    if a.get("has_period"):
        qs += [wording("date_from"), wording("date_to")]
    qs.append(wording("details"))
    # (asked when there is a choice; kept when a profile already said which organisation)
    if a.get("details") and (len(chosen_controllers(a)) > 1 or "details_about" in a):
        qs.append(_organisation_choice("details_about", a, setup))
    # erasure letters only; what a profile already holds is kept whatever the kind
    erasing = a.get("request_kind") in ("erasure", "both")
    if erasing or a.get("objection"):
        qs.append(wording("objection"))
        if a.get("objection") and (len(chosen_controllers(a)) > 1 or "objection_about" in a):
            qs.append(_organisation_choice("objection_about", a, setup))
    if (erasing and "home-office" in chosen_controllers(a)) or a.get("erasure_scope") == "broad":
        qs.append(wording("erasure_scope"))
    id_options = identifier_options(a, setup)
    if id_options:
        qs.append(_with_options(wording("ids_have"), id_options))
    for key in a.get("ids_have") or []:
        if key in identifiers.KINDS:
            kind = identifiers.KINDS[key]
            q = wording("identifier").specialise(f"id_{key}", label=kind.label, example=kind.example)
            qs.append(_param(q, key))
    return [q for q in qs if q.id not in setup.skip]



def answer_for(kinds: Sequence[str]) -> str:
    """["access", "erasure"] -> "both": the answer to a kinds question."""
    wanted = set(kinds)
    return "both" if wanted == {"access", "erasure"} else next(iter(kinds), "access")


def _erasure_wanted(answers: Answers) -> bool:
    return answers.get("request_kind") in ("erasure", "both")


def suggested_kind(cid: str, answers: Answers) -> str:
    """The kind suggested for one organisation: what was asked for all, except access (a copy)
    first where erasure could remove evidence the person's case needs (letters/cautions.toml)."""
    from dsar.cautions import access_first

    wanted = str(answers.get("request_kind", "access"))
    return "access" if wanted != "access" and access_first(cid, answers) else wanted


def _cautions(answers: Answers) -> list[str]:
    """The erasure cautions for the chosen organisations, when erasure is asked for."""
    from dsar.cautions import erasure_caution

    if not _erasure_wanted(answers):
        return []
    return [c for cid in chosen_controllers(answers) if (c := erasure_caution(cid))]


def _kind_questions(answers: Answers, setup: Setup) -> list[Question]:
    """Per-organisation kinds: "the same for every organisation?", then one choice each.

    Asked when several organisations are chosen; with one, asked only when erasure there
    carries a caution (so the person sees it and can choose access first)."""
    chosen = chosen_controllers(answers)
    if "request_kind" not in answers or not chosen:
        return []
    cautions = _cautions(answers)
    qs: list[Question] = []
    if len(chosen) > 1:
        same = wording("same_kind")
        differs = any(suggested_kind(cid, answers) != answers["request_kind"] for cid in chosen)
        help_text = " ".join([*cautions, same.help]) if cautions else same.help
        qs.append(replace(same, help=help_text, default=not differs))
    if (len(chosen) > 1 and answers.get("same_kind") is False) or (len(chosen) == 1 and cautions):
        from dsar.cautions import erasure_caution

        for cid in chosen:
            org = setup.catalogue.orgs.get(cid)
            name = org.short_name if org else cid
            q = wording("org_kind").specialise(f"kind_{cid}", name=name)
            caution = erasure_caution(cid) if _erasure_wanted(answers) else None
            qs.append(replace(q, param=cid, default=suggested_kind(cid, answers),
                              help=caution or q.help))
    return qs


def kinds_by_org(answers: Answers) -> dict[str, list[str]]:
    """The letters each chosen organisation gets: its own choice, else the one for all."""
    default = KINDS_FOR.get(str(answers.get("request_kind", "")), [])
    live = {q.id for q in _kind_questions(answers, Setup())}
    return {cid: list(KINDS_FOR.get(str(answers.get(f"kind_{cid}")), default)
                      if f"kind_{cid}" in live else default)
            for cid in chosen_controllers(answers)}


def targets(answers: Answers) -> list[str]:
    """`id:kind` entries for dsar.generate (dsar.targets), one per chosen organisation."""
    return [f"{cid}:{'+'.join(kinds)}" for cid, kinds in kinds_by_org(answers).items() if kinds]


def _with_options(question: Question, options: tuple[Option, ...]) -> Question:
    return replace(question, options=options)


def _param(question: Question, param: str) -> Question:
    return replace(question, param=param)


def next_question(answers: Answers, setup: Setup) -> Question | None:
    """The first applicable question with no answer yet; None when all are answered."""
    for question in plan(answers, setup):
        if question.id not in answers:
            return question
    return None


def find(qid: str, answers: Answers, setup: Setup) -> Question:
    for question in plan(answers, setup):
        if question.id == qid:
            return question
    raise KeyError(qid)


# --- answers -----------------------------------------------------------------------------


def accept(question: Question, raw: Any, answers: Answers, setup: Setup) -> Any:
    """Check one answer (typed text, a choice, ticks) and return the value to store.

    Raises ValueError with the message to show when the user must type it again.
    """
    if question.kind == "confirm":
        return bool(raw)
    if question.kind == "select":
        if raw not in {o.value for o in question.options}:
            raise ValueError(_('"{answer}" is not one of the choices').format(answer=raw))
        return raw
    if question.kind == "checkbox":
        picked = [str(v) for v in raw or []]
        if question.template == "controllers" and not picked:
            raise ValueError(_("tick at least one organisation (Space ticks)"))
        return picked
    text = str(raw or "")
    if question.kind == "force":
        return setup.catalogue.resolve_force(text).id
    if not text.strip():
        if question.optional:
            return [] if question.check == "names" else ""
        raise ValueError(_("please type an answer (type ? for help)"))
    value = checks.check(question.check, text, question.param)
    if isinstance(value, date):
        _dates_in_order(question.id, value, answers)
        return _stored(value)
    return value


def _stored(day: date) -> str:
    """How an answer keeps a date: "2024-03-14", or "2024-03" / "2024" when that is all we know."""
    from dsar.dates import RoughDate

    return day.stored() if isinstance(day, RoughDate) else day.isoformat()


def _stored_date(stored: str) -> date:
    from dsar.dates import parse_rough_date

    return parse_rough_date(stored)


_PAIRS = {"date_to": "date_from", "monitoring_end": "monitoring_start"}


def _dates_in_order(qid: str, value: date, answers: Answers) -> None:
    if qid in _PAIRS:
        start = answers.get(_PAIRS[qid])
        if start and value < _stored_date(start):
            if qid == "date_to":
                # NOTE: {date} and {start} are dates, already written your language's way (in
                # English "14 July 2023").
                message = _("{date} is before the start date ({start}); check the dates")
            else:
                message = _("{date} is before the date the monitoring started ({start}); check the dates")
            raise ValueError(message.format(date=shown_date(_stored(value)), start=shown_date(start)))
    if value > _today() and qid != "date_of_birth":
        # NOTE: {date} is a date, already written your language's way (in English "14 July 2030").
        raise ValueError(_("{date} is in the future; check the year").format(
            date=shown_date(_stored(value))))


def _today() -> date:
    from dsar.clock import today

    return today()


def named_forces(answers: Answers) -> list[str]:
    """The police forces the user named, in order, without repeats."""
    found: list[str] = []
    for n in range(1, MAX_REPEATS + 1):
        cid = answers.get(f"force_{n}")
        if not cid:
            break
        if cid not in found:
            found.append(cid)
        if not answers.get(f"more_forces_{n}"):
            break
    return found


def chosen_controllers(answers: Answers) -> list[str]:
    return list(answers.get("controllers") or [])


def kinds(answers: Answers) -> list[str]:
    return list(KINDS_FOR.get(answers.get("request_kind", ""), []))


def display(question: Question, value: Any, setup: Setup) -> str:
    """An answer as the review screen shows it."""
    if isinstance(value, bool):
        # NOTE: an answer to a yes/no question, on the review screen.
        return _("Yes") if value else _("No")
    if question.kind == "select":
        return label_of(question, str(value))
    if question.kind == "force":
        org = setup.catalogue.orgs.get(str(value))
        return org.short_name if org else str(value)
    if question.kind == "checkbox":
        labels = {o.value: o.label for o in question.options}
        # NOTE: on the review screen: no box was ticked.
        return ", ".join(labels.get(v, v) for v in value) if value else _("none")
    if isinstance(value, list):
        # NOTE: on the review screen: no names or lines were typed.
        return ", ".join(value) if value else _("(none)")
    if question.check in ("date", "past-date", "rough-date") and value:
        return shown_date(str(value))
    # NOTE: on the review screen: the question was left empty (skipped).
    return str(value) if value else _("(empty)")


def shown_date(stored: str) -> str:
    """A stored date as people read it: "14 July 1992", "March 2024" (or as stored, if not a date);
    in another language, that language's way (Babel, CLDR)."""
    from dsar.dates import RoughDate, shown
    from dsar.interview.language import ENGLISH, current

    try:
        day = _stored_date(stored)
    except ValueError:
        return stored
    code = current()
    if code == ENGLISH:
        return shown(day)
    from babel.dates import format_date, format_skeleton

    precision = day.precision if isinstance(day, RoughDate) else "day"
    locale = code.replace("-", "_")
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return format_skeleton("yMMMM", day, locale=locale)
    return format_date(day, "long", locale=locale)  # "14 lipca 1992", the language's way


def as_text(value: Any) -> str:
    """An answer as the default of a text prompt (to change it)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


# Answers that must be asked again when another answer changes, because their
# choices depend on it (e.g. new police areas change the organisations offered).
_DEPENDENTS = {
    "organisations": ("controllers", "ids_have"),
    "happened": ("controllers", "ids_have"),
}


def change(answers: Answers, qid: str, setup: Setup) -> Answers:
    """The answers with `qid` removed (to ask again), and the answers that depend on it."""
    section = find(qid, answers, setup).section
    out = {k: v for k, v in answers.items() if k != qid}
    for dependent in _DEPENDENTS.get(section, ()):
        if dependent != qid and dependent not in setup.skip:
            out.pop(dependent, None)
    if qid == "controllers":
        out.pop("ids_have", None)
    if qid in ("controllers", "request_kind"):  # the per-organisation kinds are chosen again
        out = {k: v for k, v in out.items()
               if k not in ("same_kind", "response_format") and not k.startswith("kind_")}
    return out


# --- answers <-> profile ---------------------------------------------------------------------


def _opt(value: Any) -> Any:
    return value if value not in ("", None, []) else None


def build_profile(answers: Answers, setup: Setup) -> Profile:
    """The validated Profile the answers describe (only answers that still apply count)."""
    live = {q.id for q in plan(answers, setup)}
    a = {k: v for k, v in answers.items() if k in live}
    previous = []
    for n in range(1, MAX_REPEATS + 1):
        if f"previous_address_{n}" not in a:
            break
        previous.append({"address": a[f"previous_address_{n}"],
                         "postcode": _opt(a.get(f"previous_postcode_{n}"))})
    prison = a.get("prison", "none")
    contacts = []
    for n in range(1, MAX_REPEATS + 1):
        if not a.get(f"force_{n}"):
            break
        if f"police_outcome_{n}" in a:
            reason = a.get(f"police_reason_{n}")
            contacts.append({"force": a[f"force_{n}"], "event": a.get(f"police_event_{n}", "arrest"),
                             "date": _opt(a.get(f"police_date_{n}")),
                             "place": _opt(a.get(f"police_place_{n}")),
                             "outcome": a[f"police_outcome_{n}"],
                             "reason": reason if reason not in (None, NO_REASON) else None})
    details, details_for = _opt(a.get("details")), {}
    if details and a.get("details_about") not in (None, "all"):
        details, details_for = None, {a["details_about"]: a["details"]}
    objection, objection_for = _opt(a.get("objection")), {}
    if objection and a.get("objection_about") not in (None, "all"):
        objection, objection_for = None, {a["objection_about"]: a["objection"]}
    data: dict[str, Any] = {
        "requester": {
            "full_name": a.get("full_name", ""),
            "other_names": a.get("other_names") or [],
            "date_of_birth": a.get("date_of_birth", ""),
            "nationality": _opt(a.get("nationality")),
            "email": _opt(a.get("email")),
            "phone": _opt(a.get("phone")),
            "address": a.get("address", []),
            "postcode": _opt(a.get("postcode")),
            "previous_addresses": previous,
        },
        "identifiers": {
            key: a[f"id_{key}"] for key in identifiers.KINDS if _opt(a.get(f"id_{key}"))
        },
        "circumstances": {
            "electronic_monitoring": a.get("monitoring", "none"),
            "monitoring_reason": _opt(a.get("monitoring_reason")),
            "monitoring_start": _opt(a.get("monitoring_start")),
            "monitoring_end": _opt(a.get("monitoring_end")),
            "immigration": bool(a.get("immigration")),
            "detention": bool(a.get("detention")),
            "prison": prison in ("prison", "both"),
            "probation": prison in ("probation", "both"),
            "probation_reason": _opt(a.get("probation_reason")),
            "police_contact": bool(a.get("police_contact")),
            "police_contacts": contacts,
        },
        "request": {
            "date_from": _opt(a.get("date_from")),
            "date_to": _opt(a.get("date_to")),
            "details": details,
            "details_for": details_for,
            "objection_grounds": objection,
            "objection_grounds_for": objection_for,
            "erasure_scope": a.get("erasure_scope", "named"),
            "response_format": answers.get("response_format", "electronic"),  # kept for erasure-only
        },
    }
    if a.get("who") == "other":
        data["representative"] = {
            "organisation": _opt(a.get("rep_organisation")),
            "name": a.get("rep_name", ""),
            "address": a.get("rep_address", []),
            "postcode": _opt(a.get("rep_postcode")),
            "email": _opt(a.get("rep_email")),
            "phone": _opt(a.get("rep_phone")),
            "reference": _opt(a.get("rep_reference")),
        }
    return profile_from_dict(data, "interview answers")


def answers_from_profile(profile: Profile) -> Answers:
    """The answers a profile already gives, so the interview asks only what is missing."""
    r, c, req = profile.requester, profile.circumstances, profile.request
    a: Answers = {
        "who": "other" if profile.representative else "self",
        "full_name": r.full_name,
        "other_names": list(r.other_names),
        "date_of_birth": r.date_of_birth.isoformat(),
        "nationality": r.nationality or "",
        "email": r.email or "",
        "phone": r.phone or "",
        "address": list(r.address),
        "postcode": r.postcode or "",
        "moved": bool(r.previous_addresses),
        "monitoring": c.electronic_monitoring.value,
        "immigration": c.immigration,
        "prison": {(True, True): "both", (True, False): "prison", (False, True): "probation"}.get(
            (c.prison, c.probation), "none"),
        "police_contact": c.police_contact,
        "response_format": req.response_format.value,
        "has_period": bool(req.date_from or req.date_to),
        "date_from": _stored(req.date_from) if req.date_from else "",
        "date_to": _stored(req.date_to) if req.date_to else "",
        "details": req.details or "",
        "ids_have": list(profile.identifiers.present()),
    }
    if c.immigration:
        a["detention"] = c.detention
    # A profile that does not say why stays silent ("" = not known, not asked again), so
    # starting from a complete profile asks nothing new and changes nothing.
    a["monitoring_reason"] = c.monitoring_reason.value if c.monitoring_reason else ""
    a["probation_reason"] = c.probation_reason.value if c.probation_reason else ""
    for n, contact in enumerate(c.police_contacts[:MAX_REPEATS], start=1):
        a.update({f"force_{n}": contact.force, f"police_event_{n}": contact.event.value,
                  f"police_date_{n}": contact.date.isoformat() if contact.date else "",
                  f"police_place_{n}": contact.place or "",
                  f"police_outcome_{n}": contact.outcome.value,
                  f"more_forces_{n}": n < len(c.police_contacts)})
        if contact.outcome.value not in _NO_REASON_ASKED:
            a[f"police_reason_{n}"] = contact.reason.value if contact.reason else NO_REASON
    a["objection"], a["objection_about"] = req.objection_grounds or "", "all"
    if req.objection_grounds_for and not req.objection_grounds:
        a["objection_about"], a["objection"] = next(iter(req.objection_grounds_for.items()))
    a["details_about"] = "all"
    if req.details_for and not req.details:
        a["details_about"], a["details"] = next(iter(req.details_for.items()))
    a["erasure_scope"] = req.erasure_scope.value
    if c.electronic_monitoring.value != "none":
        a["monitoring_start"] = _stored(c.monitoring_start) if c.monitoring_start else ""
        a["monitoring_end"] = _stored(c.monitoring_end) if c.monitoring_end else ""
    for n, prev in enumerate(r.previous_addresses, start=1):
        a[f"previous_address_{n}"] = list(prev.address)
        a[f"previous_postcode_{n}"] = prev.postcode or ""
        a[f"more_addresses_{n}"] = n < len(r.previous_addresses)
    for key, value in profile.identifiers.present().items():
        a[f"id_{key}"] = value
    if profile.representative:
        rep = profile.representative
        a.update({
            "rep_organisation": rep.organisation or "", "rep_name": rep.name,
            "rep_address": list(rep.address), "rep_postcode": rep.postcode or "",
            "rep_email": rep.email or "", "rep_phone": rep.phone or "",
            "rep_reference": rep.reference or "",
        })
    return a
