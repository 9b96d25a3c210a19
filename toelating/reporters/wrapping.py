"""Paragraphs of styled words wrapped to a width: words are never broken, indentation is kept.

textwrap measures escape codes as text; here each word keeps its style and only the visible
characters count, so a coloured line is as wide as a plain one.
"""

from __future__ import annotations

from collections.abc import Sequence

Styles = tuple[str, ...]
Segment = tuple[str, Styles]  # text and the styles it is shown in


def wrap_segments(
    segments: Sequence[Segment], width: int | None, indent: int, hanging: int
) -> list[list[Segment]]:
    """The segments, a space between each two, as lines of at most `width` characters (the
    first line after `indent` spaces, the rest after `hanging`); one line, each segment as
    it is, when width is None. A word longer than a line stands alone on its line, whole."""
    if width is None:
        line: list[Segment] = []
        for segment in segments:
            line += [(" ", ()), segment] if line else [segment]
        return [line]
    words = [(word, styles) for text, styles in segments for word in text.split()]
    lines: list[list[Segment]] = [[]]
    used = indent
    for word, styles in words:
        room = width - used
        if lines[-1] and len(word) + 1 > room:
            lines.append([])
            used = hanging
        if lines[-1]:
            lines[-1].append((" ", ()))
            used += 1
        lines[-1].append((word, styles))
        used += len(word)
    return lines
