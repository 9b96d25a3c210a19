"""Insert into ruamel containers without moving the comment lines of what follows.

ruamel keeps the comment lines above a key or list item (say, `# the next worker`) on the
last scalar before them. Inserting after that scalar would put the new content below
those lines, away from what they describe; so they are taken off and put back after it.
"""

from __future__ import annotations

from typing import Any


def insert_key(mapping: Any, position: int, key: str, value: Any) -> None:
    """mapping.insert(), keeping comment lines that stood above the next key above it."""
    keys = list(mapping)
    before = keys[position - 1] if 0 < position <= len(keys) else None
    trailing = _detach_trailing(mapping, before) if before is not None else None
    mapping.insert(position, key, value)
    if trailing:
        _attach_trailing(mapping, key, trailing)


def append_item(sequence: Any, item: Any) -> None:
    """sequence.append(), keeping the comments that follow the list below the new item."""
    trailing = _detach_trailing(sequence, len(sequence) - 1) if sequence else None
    sequence.append(item)
    if trailing:
        _attach_trailing(sequence, len(sequence) - 1, trailing)


def _slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """(container, key, index in ca.items) of the comment after the last line of an entry:
    on its last scalar, found through block (not flow) mappings and lists."""
    child = container[key]
    if isinstance(child, dict | list) and child and not _is_flow(child):
        return _slot(child, list(child)[-1] if isinstance(child, dict) else len(child) - 1)
    return container, key, 2 if isinstance(container, dict) else 0


def _detach_trailing(container: Any, key: Any) -> str | None:
    """Take the comment lines after an entry's last line off it (an end-of-line one stays)."""
    holder, slot_key, index = _slot(container, key)
    entry = holder.ca.items.get(slot_key)
    token = entry[index] if entry and len(entry) > index else None
    if token is None or "\n" not in token.value:
        return _detach_end(container[key])
    own, _, following = str(token.value).partition("\n")
    if not following.strip("\n"):
        return None
    token.value = own + "\n"
    if not own:
        entry[index] = None
    return following


def _detach_end(node: Any) -> str | None:
    """The comment lines ruamel keeps at the end of a nested block list or mapping (after a
    last key without a value, say), taken off: the first such end along the last entries."""
    current: Any = node
    while isinstance(current, dict | list) and current and not _is_flow(current):
        attributes: Any = getattr(current, "ca", None)
        end = getattr(attributes, "end", None)
        if end:
            attributes.end = []
            return "".join(str(token.value) for token in end)
        current = current[list(current)[-1]] if isinstance(current, dict) else current[-1]
    return None


def _attach_trailing(container: Any, key: Any, following: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    holder, slot_key, index = _slot(container, key)
    entry = holder.ca.items.setdefault(slot_key, [None, None, None, None])
    token = entry[index]
    if token is None:
        entry[index] = CommentToken("\n" + following, CommentMark(0), None)
    else:
        token.value = token.value.rstrip("\n") + "\n" + following


def _is_flow(node: Any) -> bool:
    attribute = getattr(node, "fa", None)
    return bool(attribute is not None and attribute.flow_style())
