"""Fit an address into its box on page 1 without cutting any of it.

The recipient's address must show through a DL window envelope's window, and the
sender's block must stay clear of the date. Nothing is ever clipped: when the lines
do not fit at the normal size, the type gets smaller, then address lines are joined,
following the Post Office's "Clear addressing" advice for UK mail
(https://www.postoffice.co.uk/letters-parcels/mailing-guide/clear-addressing, read
2026-12-01): the post town and the postcode keep their own lines, the postcode last.

Widths are estimated from DejaVu Sans advance widths (the letter's font), rounded up
per kind of character so the estimate errs on the wide side; a test renders page 1
of a letter to every organisation in the directory and checks every line is drawn
inside the box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

PT_MM = 25.4 / 72  # one typographic point in millimetres

# (font size in pt, line height as a multiple of it), largest first; 8 pt is the smallest
SIZES: tuple[tuple[float, float], ...] = ((10.0, 1.3), (9.0, 1.2), (8.0, 1.15))


@dataclass(frozen=True)
class Box:
    """Where an address block is drawn (millimetres) and the type sizes to try, largest first."""

    width: float
    height: float
    sizes: tuple[tuple[float, float], ...] = SIZES


# The DL window: 85 x 35 mm inside a 90 x 35 mm window (letters/css/letter.css places it).
WINDOW = Box(width=85.0, height=35.0)
# The sender's block, top right; the date sits below it at the foot of the 80 mm header.
SENDER = Box(width=72.0, height=68.0, sizes=((9.0, 1.3), (8.0, 1.15)))


@dataclass(frozen=True)
class Fitted:
    """The address as it is drawn: its lines, the font size (pt) and line height."""

    lines: tuple[str, ...]
    size: float
    line_height: float

    @property
    def style(self) -> str:
        return f"font-size: {self.size:g}pt; line-height: {self.line_height:g}"


def _char_em(char: str) -> float:
    """A generous estimate of one character's width in em (DejaVu Sans averages, rounded up)."""
    if char == " ":
        return 0.32
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char.isascii():
        if char.islower():
            return 0.60
        if char.isupper():
            return 0.74
        if char.isdigit():
            return 0.64
        return 0.45
    return 0.80


def text_width(text: str, size: float) -> float:
    """The estimated width of `text` in mm at `size` pt."""
    return sum(_char_em(c) for c in text) * size * PT_MM


def drawn_lines(line: str, size: float, width: float) -> int:
    """How many lines `line` takes when wrapped at word boundaries in `width` mm."""
    count, current = 1, ""
    for word in line.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > width:
            count += 1
            current = word
        else:
            current = candidate
        # a single word wider than the box is broken anywhere (overflow-wrap: anywhere)
        while text_width(current, size) > width and len(current) > 1:
            count += 1
            cut = max(1, int(len(current) * width / text_width(current, size)))
            current = current[cut:]
    return count


def _fits(lines: Sequence[str], size: float, line_height: float, box: Box) -> bool:
    total = sum(drawn_lines(line, size, box.width) for line in lines)
    return total * size * line_height * PT_MM <= box.height


def _join_once(lines: list[str], keep_last: int, size: float, width: float) -> list[str] | None:
    """Join the adjacent pair (above the last `keep_last` lines) that makes the shortest line
    still fitting on one line; None when no pair can be joined that way."""
    best: tuple[float, int] | None = None
    for i in range(len(lines) - keep_last - 1):
        joined = f"{lines[i]}, {lines[i + 1]}"
        joined_width = text_width(joined, size)
        if joined_width <= width and (best is None or joined_width < best[0]):
            best = (joined_width, i)
    if best is None:
        return None
    i = best[1]
    return [*lines[:i], f"{lines[i]}, {lines[i + 1]}", *lines[i + 2:]]


def fit(lines: Sequence[str], box: Box = WINDOW, *, keep_last: int = 2) -> Fitted:
    """The lines at the largest size that fits `box`; if none does, lines joined (never the
    last `keep_last`: post town and postcode) at the smallest size. Never drops a word."""
    cleaned = [" ".join(line.split()) for line in lines if line.strip()]
    for size, line_height in box.sizes:
        if _fits(cleaned, size, line_height, box):
            return Fitted(tuple(cleaned), size, line_height)
    size, line_height = box.sizes[-1]
    joined = cleaned
    while not _fits(joined, size, line_height, box):
        nxt = _join_once(joined, keep_last, size, box.width)
        if nxt is None:
            break  # as compact as it gets: drawn whole, even if it runs past the box
        joined = nxt
    return Fitted(tuple(joined), size, line_height)


def fits(lines: Sequence[str], box: Box = WINDOW) -> bool:
    """True when `fit` can draw these lines inside `box`."""
    fitted = fit(lines, box)
    return _fits(fitted.lines, fitted.size, fitted.line_height, box)
