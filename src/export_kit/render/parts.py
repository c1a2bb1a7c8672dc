"""One feed rendered in parts (one per process) and joined into the file one render gives.

Each part is the whole template rendered over a share of the listings: the same head (what
the template writes before asking for its first item), that share's items, the same tail
(what it writes after the last). Where the head ends and the tail starts is seen while
rendering: ``items`` is a lazy iterator, so the template asks for the first item only once
it has written its head, and learns there is no further item only once it has written the
last one. Joining keeps the first part's head, every part's items and the tail.

Only for templates whose items render alone: the built-in ones (no ``loop`` variable, no
counter carried from item to item; ``tests/render/test_parts.py`` checks). A user's
template renders in one process. Heads and tails that differ between parts (a template
that wrote something about its items there) make the join fail, and the caller renders
again in one process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, nodes
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from export_kit.errors import ConfigError
from export_kit.fileio import atomic_path
from export_kit.render.output import (
    UTF8_BOM,
    WrittenFile,
    describe_template_error,
    write_chunks,
)

__all__ = ["Part", "copy_parts", "join_parts", "parts_agree", "render_part", "renders_in_parts"]

T = TypeVar("T")
_COPY = 1 << 20


@dataclass
class Part:
    """A rendered part: its file and where its items start and end, in bytes."""

    path: Path
    start: int = 0
    end: int = 0
    _head: int = field(default=0, repr=False)
    _tail: int = field(default=0, repr=False)
    _state: str = field(default="head", repr=False)  # head → items → tail


def renders_in_parts(environment: Environment, name: str) -> bool:
    """True when template ``name`` is a built-in one whose items render alone."""
    if isinstance(environment, SandboxedEnvironment):  # --templates: a user's may win
        return False
    source, _, _ = environment.loader.get_source(environment, name)  # type: ignore[union-attr]
    tree = environment.parse(source)
    others = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
    if next(tree.find_all(others), None) is not None:
        return False  # another template's content: not looked at, so not split
    loops = [
        f
        for f in tree.find_all(nodes.For)
        if isinstance(f.iter, nodes.Name) and f.iter.name == "items"
    ]
    if _outside_makes_namespace(tree, loops):
        return False  # a counter made before the items may run from item to item
    return bool(loops) and not any(
        f.recursive or _uses_loop(f.test) or any(_uses_loop(n) for n in [*f.body, *f.else_])
        for f in loops
    )


def _outside_makes_namespace(node: nodes.Node, loops: list[nodes.For]) -> bool:
    """True when a ``namespace()`` is made outside the bodies of the items loops."""
    if isinstance(node, nodes.Name):
        return node.name == "namespace"
    if isinstance(node, nodes.For) and any(node is f for f in loops):
        return _outside_makes_namespace(node.iter, loops) or (
            node.test is not None and _outside_makes_namespace(node.test, loops)
        )
    return any(_outside_makes_namespace(c, loops) for c in node.iter_child_nodes())


def _uses_loop(node: nodes.Node | None) -> bool:
    """True when ``node`` reads the ``loop`` variable of the loop it is in (``loop.index``
    of the items loop numbers items across parts); an inner loop's own ``loop`` is fine."""
    if node is None:
        return False
    if isinstance(node, nodes.Name):
        return node.name == "loop"
    if isinstance(node, nodes.For):
        # its iterable and filter read the enclosing loop; its body has its own
        return _uses_loop(node.iter) or _uses_loop(node.test)
    return any(_uses_loop(child) for child in node.iter_child_nodes())


def render_part(
    environment: Environment,
    name: str,
    context: Mapping[str, Any],
    items: Iterable[Any],
    target: Path,
) -> Part:
    """Render template ``name`` over ``items`` into ``target`` (UTF-8, no BOM)."""
    part = Part(Path(target))
    template = environment.get_template(name)
    try:
        written = write_chunks(
            _counted(template.generate(**context, items=_marked(items, part)), part), target
        )
    except (UndefinedError, SecurityError, TemplateError) as exc:
        raise ConfigError(describe_template_error(name, exc)) from None
    part.start = part._head
    part.end = written.bytes - part._tail
    return part


def join_parts(parts: list[Part], target: Path, *, bom: bool) -> WrittenFile | None:
    """The feed of all parts in order, written atomically; None when their heads or tails
    differ (then render in one process)."""
    return copy_parts(parts, target, bom=bom) if parts_agree(parts) else None


def parts_agree(parts: list[Part]) -> bool:
    """True when the parts have the same head and tail (they join into one feed)."""
    head = _read(parts[0].path, 0, parts[0].start)
    tail = _read(parts[-1].path, parts[-1].end, None)
    return all(
        _read(part.path, 0, part.start) == head and _read(part.path, part.end, None) == tail
        for part in parts
    )


def copy_parts(parts: list[Part], target: Path, *, bom: bool) -> WrittenFile:
    """The feed of parts that agree (:func:`parts_agree`), written atomically: the first
    part's head, every part's items in order, the last part's tail."""
    head = _read(parts[0].path, 0, parts[0].start)
    tail = _read(parts[-1].path, parts[-1].end, None)
    digest = hashlib.sha256()
    size = 0
    with atomic_path(target) as tmp, tmp.open("wb") as out:

        def put(data: bytes) -> None:
            nonlocal size
            digest.update(data)
            out.write(data)
            size += len(data)

        if bom:
            put(UTF8_BOM)
        put(head)
        for part in parts:
            with part.path.open("rb") as handle:
                handle.seek(part.start)
                left = part.end - part.start
                while left > 0:
                    block = handle.read(min(_COPY, left))
                    if not block:
                        break
                    put(block)
                    left -= len(block)
        put(tail)
    return WrittenFile(path=Path(target), sha256=digest.hexdigest(), bytes=size)


def _read(path: Path, start: int, end: int | None) -> bytes:
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read() if end is None else handle.read(end - start)


def _marked(items: Iterable[T], part: Part) -> Iterator[T]:
    """``items``, noting when the template first asks for one and learns there is none."""
    part._state = "head"
    for item in items:
        part._state = "items"
        yield item
    part._state = "tail"


def _counted(chunks: Iterable[str], part: Part) -> Iterator[str]:
    """The chunks, with the bytes written before the items and after them counted."""
    for chunk in chunks:
        state = part._state
        if state == "head":
            part._head += len(chunk.encode("utf-8"))
        elif state == "tail":
            part._tail += len(chunk.encode("utf-8"))
        yield chunk
