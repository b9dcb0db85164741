"""Build the structured content of a letter (a `Letter`) from the templates in letters/templates.

The wording lives once, in Jinja2 templates (`letters/templates/<kind>.j2`). A
kind's template renders its body as simple block markup (described in
`_common.j2`): a blank line ends a block, `## ` starts a heading, `- ` a bullet,
`1. ` a numbered item. `compose()` turns that markup into `Block`s; every output
format (`dsar.render`) is a view of the same `Letter`.

A template also sets `subject`, `signature` and `enclosures` (one per line).
Every value from a profile is collapsed onto one line before it reaches the
markup, so nothing a user types can start a heading or a list item; escaping for
HTML happens later, in `dsar.render`.

Other kinds (chase, complaint...) are added by dropping a template in
letters/templates and calling `register_kind(LetterKind(...))`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from dsar.errors import DsarError, LetterError
from dsar.identifiers import KINDS as IDENTIFIER_KINDS
from dsar.paths import letters_dir

if TYPE_CHECKING:
    import jinja2

    from dsar.controllers import Controller
    from dsar.profile import Profile

BLOCK_STYLES = ("heading", "para", "list", "numbered")


@dataclass(frozen=True)
class Block:
    """One piece of a letter's body."""

    style: str  # "heading" | "para" | "list" | "numbered"
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Letter:
    kind: str  # "access", "erasure", "authority", later "chase", "complaint", ...
    controller_id: str | None
    on: date  # the date on the letter
    sender: tuple[str, ...]  # name and address lines (the representative's when one acts)
    recipient: tuple[str, ...]  # the controller's address lines and postcode
    subject: str
    blocks: tuple[Block, ...]  # salutation .. closing, in order
    signature: tuple[str, ...]
    enclosures: tuple[str, ...]
    email_to: str | None  # the controller's email for this kind, when known
    warnings: tuple[str, ...]  # what to check before sending
    # the sender's email as the profile gave it (validated there), never guessed from an
    # address line that happens to hold an "@" (issue 16)
    from_email: str | None = None
    # an erasure letter that asks for an arrest's records to be deleted (erasure.j2): its
    # how-to-send gives the deletion application (dsar.record_deletion) too
    arrest_deletion: bool = False

    @property
    def sender_email(self) -> str | None:
        """The sender's email address, when the profile gives one."""
        return self.from_email


@dataclass(frozen=True)
class LetterKind:
    """A kind of letter: its template and which contacts of a controller record it uses."""

    name: str
    template: str  # file name in letters/templates
    contacts: str = "access"  # passed to Controller.contacts_for(): "access" | "erasure"
    per_controller: bool = True  # False: not addressed to one organisation (the authority letter)
    description: str = ""
    needs: tuple[str, ...] = field(default=())  # context keys the caller must give


KINDS: dict[str, LetterKind] = {}


def register_kind(kind: LetterKind) -> LetterKind:
    """Add (or replace) a kind of letter; its template must exist in letters/templates."""
    KINDS[kind.name] = kind
    return kind


register_kind(LetterKind("access", "access.j2", "access",
                         description="subject access request: a copy of your data"))
register_kind(LetterKind("erasure", "erasure.j2", "erasure",
                         description="erasure request: delete your data, and restrict it meanwhile"))
register_kind(LetterKind("authority", "authority.j2", per_controller=False,
                         description="letter of authority for the requester to sign"))


def kind_named(name: str) -> LetterKind:
    """The registered kind called `name`, or a LetterError listing the kinds."""
    try:
        return KINDS[name]
    except KeyError:
        # kinds that need values beyond a profile (follow-ups, issue 7) are made elsewhere
        known = ", ".join(k for k, v in KINDS.items() if v.per_controller and not v.needs)
        raise LetterError(f'unknown letter kind "{name}"; use one of: {known}') from None


def long_date(value: date) -> str:
    """26 November 2026; "March 2024" or "2024" for a date known only to the month or the year."""
    from dsar.dates import shown

    return shown(value)


class _Markup(str):
    """Block markup made by a template macro: kept as it is by `_one_line`."""

    __slots__ = ()


def _as_block(value: Any) -> _Markup:
    """The `block` filter: `{{ common.details()|block }}` keeps a macro's lines."""
    return _Markup(value)


def _one_line(value: Any) -> Any:
    """Jinja finalize: every printed value becomes one line (it cannot start a block)."""
    if value is None:
        return ""
    if isinstance(value, _Markup):
        return str(value)
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value)
    if isinstance(value, date):
        return long_date(value)
    return value


def _capitalize_first(value: str) -> str:
    return value[:1].upper() + value[1:]


def _voice(value: str, possessive: str) -> str:
    """Records say what to enclose to "you"; a letter says "my" (or "our client's")."""
    return re.sub(r"\byour\b", possessive, value)


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment for letter bodies: StrictUndefined, values kept on one line."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(letters_dir() / "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - block markup, not HTML; dsar.render escapes for HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_one_line,
    )
    env.filters["longdate"] = long_date
    env.filters["capitalize_first"] = _capitalize_first
    env.filters["block"] = _as_block
    env.filters["voice"] = _voice
    env.tests["startswith"] = lambda value, prefix: str(value).startswith(prefix)
    return env


_HEADING = re.compile(r"^##\s+(.*)$")
_BULLET = re.compile(r"^-\s+(.*)$")
_NUMBER = re.compile(r"^\d+\.\s+(.*)$")


def parse_blocks(markup: str) -> tuple[Block, ...]:
    """Turn template output (block markup, see `_common.j2`) into Blocks."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    items_style = ""

    def flush() -> None:
        nonlocal items_style
        if para:
            blocks.append(Block("para", " ".join(" ".join(para).split())))
            para.clear()
        if items:
            blocks.append(Block(items_style, items=tuple(items)))
            items.clear()
            items_style = ""

    for raw in markup.splitlines():
        if not raw.strip():
            flush()
            continue
        if raw.startswith("  ") and items:
            items[-1] = " ".join(f"{items[-1]} {raw}".split())
            continue
        line = raw.strip()
        if heading := _HEADING.match(line):
            flush()
            blocks.append(Block("heading", heading.group(1).strip()))
            continue
        bullet = _BULLET.match(line)
        number = _NUMBER.match(line)
        if bullet or number:
            style = "list" if bullet else "numbered"
            if para or (items and items_style != style):
                flush()
            items_style = style
            items.append(" ".join((bullet or number).group(1).split()))  # type: ignore[union-attr]
            continue
        if items:
            flush()
        para.append(line)
    flush()
    return tuple(blocks)


def _lines(value: Any) -> tuple[str, ...]:
    return tuple(line.strip() for line in str(value).splitlines() if line.strip())


def identifiers_for(profile: Profile, controller: Controller | None) -> list[tuple[str, str]]:
    """(label, value) for each identifier the profile has that the controller uses (all if None)."""
    present = profile.identifiers.present()
    wanted = controller.identifiers if controller is not None else list(present)
    return [(IDENTIFIER_KINDS[key].label, present[key]) for key in wanted if key in present]


def sender_lines(profile: Profile) -> tuple[str, ...]:
    """Who the letter comes from: the representative when one acts, else the requester."""
    rep = profile.representative
    if rep is not None:
        lines = [rep.name, *([rep.organisation] if rep.organisation else []), *rep.address]
        lines += [rep.postcode] if rep.postcode else []
        lines += [rep.email] if rep.email else []
        return tuple(lines)
    req = profile.requester
    lines = [req.full_name, *req.address, *([req.postcode] if req.postcode else [])]
    lines += [req.email] if req.email else []
    return tuple(lines)


# -- tailoring: which section goes into which letter (letters/tailoring.toml) -----------------

FACTS = ("monitoring", "immigration", "detention", "prison", "probation", "police")
ROLES = ("runs", "received")
COMPLAINT_TO_CONTROLLER_FROM = date(2026, 6, 19)  # DPA 2018 s.164A; uk-law-addendum.md point 3


@cache
def tailoring_table() -> dict[str, dict[str, tuple[str, ...]]]:
    """letters/tailoring.toml as {"monitoring.licence" | "prison" ...: {role: (body, ...)}}."""
    import tomllib

    path = letters_dir() / "tailoring.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LetterError(f"{path} cannot be read ({exc}); reinstall dsar") from None
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for fact, entry in data.items():
        rows = entry.items() if fact == "monitoring" else [(None, entry)]
        for variant, roles in rows:
            key = f"{fact}.{variant}" if variant else fact
            bad = set(roles) - set(ROLES)
            if fact not in FACTS or bad:
                raise LetterError(f"{path}: [{key}] is not a known fact or role; reinstall dsar")
            table[key] = {role: tuple(roles.get(role, ())) for role in ROLES}
    return table


def monitoring_variant(profile: Profile) -> str | None:
    """Which monitoring row of the table applies: the reason given, else what the device shows.

    A non-fitted device (smartwatch) is issued only by the Home Office for immigration bail
    (uk-law-addendum.md point 10); a tag with no reason given could be either department's.
    """
    from dsar.profile import Monitoring

    c = profile.circumstances
    if c.electronic_monitoring is Monitoring.NONE:
        return None
    if c.monitoring_reason is not None:
        return c.monitoring_reason.value
    return "immigration-bail" if c.electronic_monitoring is Monitoring.NON_FITTED_DEVICE else "other"


def facts_of(profile: Profile) -> dict[str, str]:
    """The person's facts that can earn a section: fact -> its row in the tailoring table."""
    c = profile.circumstances
    facts: dict[str, str] = {}
    if (variant := monitoring_variant(profile)) is not None:
        facts["monitoring"] = f"monitoring.{variant}"
    for fact, present in (("immigration", c.immigration), ("detention", c.detention), ("prison", c.prison),
                          ("probation", c.probation), ("police", c.police_contact)):
        if present:
            facts[fact] = fact
    return facts


def role_in(row: str, controller: Controller) -> str | None:
    """The body's role in one row of the table: "runs", "received" or None."""
    names = {controller.id, f"kind:{controller.kind.value}"}
    for role in ROLES:
        if names & set(tailoring_table()[row][role]):
            return role
    return None


def roles_for(profile: Profile, controller: Controller) -> dict[str, str]:
    """fact -> role of this body for each of the person's facts it has a role in.

    "elsewhere": the body would run it, but its record says another unit answers
    for those records (`answered_by`), so the letter leaves them out (issue 10 item 17).
    """
    roles: dict[str, str] = {}
    for fact, row in facts_of(profile).items():
        role = role_in(row, controller)
        if role == "runs" and fact in controller.answered_by:
            role = "elsewhere"
        if role is not None:
            roles[fact] = role
    return roles


@cache
def _directory_names(folder: str) -> dict[str, tuple[str, str, str]]:
    """id -> (name, short name, nation) of every record, read once per controllers folder."""
    from dsar.controllers import load_directory

    try:
        return {c.id: (c.name, c.short_name, c.nation.value) for c in load_directory()}
    except DsarError:  # a broken user folder must not stop the letter: callers fall back to ids
        return {}


def _names() -> dict[str, tuple[str, str, str]]:
    import os

    return _directory_names(os.environ.get("DSAR_CONTROLLERS_DIR", ""))


def _answered_by_names(controller: Controller, roles: Mapping[str, str]) -> dict[str, str]:
    """fact -> the name of the unit that answers for it, for the facts left out."""
    wanted = {fact: controller.answered_by[fact] for fact, role in roles.items() if role == "elsewhere"}
    if not wanted:
        return {}
    names = _names()
    return {fact: names[cid][0] if cid in names else cid for fact, cid in wanted.items()}


def _organisation_names(ids: set[str]) -> dict[str, str]:
    """id -> the organisation's short name, for naming a force in a letter to another body."""
    if not ids:
        return {}
    names = _names()
    return {cid: names[cid][1] for cid in ids if cid in names}


def _organisation_nations(ids: set[str]) -> dict[str, str]:
    """id -> the organisation's nation ("england", "scotland", ...), for the forces a letter names."""
    if not ids:
        return {}
    names = _names()
    return {cid: names[cid][2] for cid in ids if cid in names}


def police_contacts_for(profile: Profile, controller: Controller, role: str | None) -> list[Any]:
    """The police contacts a letter names: a force its own; ACRO and receivers all of them."""
    contacts = list(profile.circumstances.police_contacts)
    if role is None:
        return []
    if role == "runs" and controller.kind.value == "police":
        return [c for c in contacts if c.force == controller.id]
    return contacts


def systems_for(controller: Controller, roles: Mapping[str, str]) -> list[str]:
    """The systems a letter names: the body's own, and those of each fact of the person's that
    the body answers for itself (not left to another unit: `answered_by`)."""
    return [*controller.systems,
            *(item for fact, items in controller.systems_for.items()
              if roles.get(fact) in ROLES for item in items)]


def details_for(profile: Profile, controller: Controller | None) -> list[str]:
    """The free-text notes for this letter: request.details (every letter) and this body's own."""
    notes = [profile.request.details] if profile.request.details else []
    if controller is not None and (own := profile.request.details_for.get(controller.id)):
        notes.append(own)
    return notes


def objection_for(profile: Profile, controller: Controller | None) -> str:
    """The person's Article 21(1) grounds for this letter: this body's own, else the general ones.

    No grounds, no objection paragraph (issue 10 item 5)."""
    own = profile.request.objection_grounds_for.get(controller.id) if controller is not None else None
    return own or profile.request.objection_grounds or ""


def _template_context(profile: Profile, controller: Controller | None, kind: LetterKind,
                      on: date, context: Mapping[str, Any] | None) -> dict[str, Any]:
    roles = roles_for(profile, controller) if controller is not None else {}
    values: dict[str, Any] = {
        "roles": roles,
        "sections": {f"{fact}.{role}" for fact, role in roles.items()},
        "answered_by": _answered_by_names(controller, roles) if controller is not None else {},
        "police_events": police_contacts_for(profile, controller, roles.get("police"))
        if controller is not None else [],
        "force_names": _organisation_names({c.force for c in profile.circumstances.police_contacts}),
        "force_nations": _organisation_nations({c.force for c in profile.circumstances.police_contacts}),
        "systems": systems_for(controller, roles) if controller is not None else [],
        "notes": details_for(profile, controller),
        "objection": objection_for(profile, controller),
        "complaint_to_controller": on >= COMPLAINT_TO_CONTROLLER_FROM,
        "profile": profile,
        "requester": profile.requester,
        "circumstances": profile.circumstances,
        "request": profile.request,
        "rep": profile.representative,
        "controller": controller,
        "ids": identifiers_for(profile, controller),
        "kind": kind.name,
        "on": on,
    }
    missing = [key for key in kind.needs if not context or key not in context]
    if missing:
        raise LetterError(f"the {kind.name} letter needs a value for: {', '.join(missing)}")
    values.update(context or {})
    return values


def _render(kind: LetterKind, values: dict[str, Any]) -> tuple[Any, str]:
    import jinja2

    try:
        template = environment().get_template(kind.template)
        module = template.make_module(values)
        return module, str(module)
    except jinja2.TemplateNotFound as exc:
        raise LetterError(f"the template {exc.name} for {kind.name} letters is missing from "
                          f"{letters_dir() / 'templates'}; reinstall dsar") from None
    except jinja2.UndefinedError as exc:
        raise LetterError(f"the {kind.name} letter template needs a value it was not given: "
                          f"{exc.message}") from None


def _exported(module: Any, name: str) -> tuple[str, ...]:
    return _lines(getattr(module, name, ""))


def compose(profile: Profile, controller: Controller, kind: str, on: date,
            context: Mapping[str, Any] | None = None) -> Letter:
    """The letter of `kind` from the profile's requester (or representative) to `controller`."""
    from dsar.controllers import contact_warnings

    letter_kind = kind_named(kind)
    if not letter_kind.per_controller:
        raise LetterError(f"{kind} letters are not addressed to one organisation; "
                          "use compose_authority()")
    values = _template_context(profile, controller, letter_kind, on, context)
    module, body = _render(letter_kind, values)
    template_warning = " ".join(str(getattr(module, "warning", "")).split())
    contacts = controller.contacts_for(letter_kind.contacts)
    if contacts.address is not None:
        recipient = list(contacts.address.value if isinstance(contacts.address.value, list)
                         else [contacts.address.value])
        if contacts.postcode is not None:
            recipient.append(contacts.postcode.text)
    else:
        # No postal address known: the block (in the envelope window, or pasted into a form)
        # holds only who it is for; contact_warnings tells the user to check before sending.
        recipient = [*([contacts.unit] if contacts.unit else []), controller.name]
    return Letter(
        kind=kind,
        controller_id=controller.id,
        on=on,
        sender=sender_lines(profile),
        recipient=tuple(recipient),
        subject=" ".join(str(module.subject).split()),
        blocks=parse_blocks(body),
        signature=_exported(module, "signature"),
        enclosures=_exported(module, "enclosures"),
        email_to=contacts.email.text if contacts.email is not None else None,
        warnings=tuple(contact_warnings(controller, letter_kind.contacts))
        + tuple(_elsewhere_warnings(values))
        + ((template_warning,) if template_warning else ()),
        from_email=(profile.representative or profile.requester).email,
        arrest_deletion=bool(getattr(module, "arrest_deletion", False)),
    )


def _elsewhere_warnings(values: Mapping[str, Any]) -> list[str]:
    """A letter that leaves records to another unit says so; the user must send that letter too
    (unless it is made in the same run: `also_to`, the ids given to `dsar generate`)."""
    controller = values.get("controller")
    answered: Mapping[str, str] = values.get("answered_by") or {}
    if controller is None or not answered:
        return []
    also_to = set(values.get("also_to") or ())
    targets: dict[str, list[str]] = {}
    for fact in answered:
        cid = controller.answered_by[fact]
        if cid not in also_to:
            targets.setdefault(cid, []).append(fact)
    names = _names()
    return [f"this letter leaves {' and '.join(facts)} records to "
            f"{names[cid][1] if cid in names else cid}: send it a letter too (--to {cid})"
            for cid, facts in targets.items()]


def compose_authority(profile: Profile, controllers: Sequence[Controller], on: date, *,
                      kinds: Sequence[str]) -> Letter:
    """The letter of authority the requester signs so the representative can act for them.

    `kinds` are the kinds of request made for them in this run ("access", "erasure"): the
    requester authorises only those, never a kind of request nobody told them about."""
    if profile.representative is None:
        raise LetterError("a letter of authority needs a [representative] in the profile")
    asked = [k for k in ("access", "erasure") if k in kinds]
    if not asked or len(asked) != len(set(kinds)):
        raise LetterError("a letter of authority covers access and erasure requests, "
                          f"not {', '.join(kinds) or 'nothing'}")
    kind = KINDS["authority"]
    values = _template_context(profile, None, kind, on,
                               {"controllers": list(controllers), "kinds": asked})
    module, body = _render(kind, values)
    req = profile.requester
    sender = (req.full_name, *req.address, *([req.postcode] if req.postcode else []))
    return Letter(
        kind="authority",
        controller_id=None,
        on=on,
        sender=sender,
        recipient=tuple(_exported(module, "recipient")),
        subject=" ".join(str(module.subject).split()),
        blocks=parse_blocks(body),
        signature=_exported(module, "signature"),
        enclosures=_exported(module, "enclosures"),
        email_to=None,
        warnings=(),
    )
