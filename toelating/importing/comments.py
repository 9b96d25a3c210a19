"""Add to ruamel containers at their end without moving the comments that follow them.

ruamel keeps the comment lines after a block (say, `# the next worker` before the next
list item) on the last scalar inside it. Appending a key or an item there would leave
those lines above the new content; so they are taken off first and put back after it.
"""

from __future__ import annotations

from typing import Any


def insert_key(mapping: Any, position: int, key: str, value: Any) -> None:
    """mapping.insert(), keeping the comments that follow the mapping below the new key."""
    trailing = _detach_trailing(mapping) if position >= len(mapping) else None
    mapping.insert(position, key, value)
    if trailing:
        _attach_trailing(mapping, trailing)


def append_item(sequence: Any, item: Any) -> None:
    """sequence.append(), keeping the comments that follow the list below the new item."""
    trailing = _detach_trailing(sequence)
    sequence.append(item)
    if trailing:
        _attach_trailing(sequence, trailing)


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """(container, key, index in ca.items) of the comment after the last scalar of a block."""
    found = None
    while isinstance(node, dict | list) and node and not _is_flow(node):
        key = list(node)[-1] if isinstance(node, dict) else len(node) - 1
        found = (node, key, 2 if isinstance(node, dict) else 0)
        node = node[key]
    return found


def _detach_trailing(node: Any) -> str | None:
    """Take the comment lines after the block's last line off it (an end-of-line one stays)."""
    slot = _last_slot(node)
    if slot is None:
        return None
    container, key, index = slot
    entry = container.ca.items.get(key)
    token = entry[index] if entry and len(entry) > index else None
    if token is None or "\n" not in token.value:
        return None
    own, _, following = str(token.value).partition("\n")
    if not following.strip("\n"):
        return None
    token.value = own + "\n"
    if not own:
        entry[index] = None
    return following


def _attach_trailing(node: Any, following: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = _last_slot(node)
    if slot is None:
        return
    container, key, index = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    token = entry[index]
    if token is None:
        entry[index] = CommentToken("\n" + following, CommentMark(0), None)
    else:
        token.value = token.value.rstrip("\n") + "\n" + following


def _is_flow(node: Any) -> bool:
    attribute = getattr(node, "fa", None)
    return bool(attribute is not None and attribute.flow_style())
