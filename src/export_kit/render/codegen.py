"""How feed templates compile: one chunk per run of output, escaped without wrappers.

Jinja compiles each piece of a template's output into its own ``yield``: a listing of the
Tmall Global feed is some forty chunks, each passed up through two generators, and each
autoescaped value is wrapped in a :class:`~markupsafe.Markup` only to be joined into the
file. :class:`FeedCodeGenerator` compiles a run of output that goes straight to the
stream (not into a macro, a block assignment or a filter section) into one chunk, and
escapes its values to plain text with MarkupSafe's own escaping. The text written is the
same, character for character (``tests/render/test_codegen.py`` compares both compilers);
a 100,000-listing Tmall Global feed renders in less than half the time.

Output that Jinja buffers (macros, ``{% set %}`` blocks, ``{% filter %}``, ``caller``),
output under a dynamic ``{% autoescape %}`` and output a template that extends another
must check at run time compile as Jinja compiles them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.idtracking import VAR_LOAD_PARAMETER
from markupsafe import escape

from export_kit.render.filters import FORBIDDEN, finalize

__all__ = ["DICT_ATTRIBUTES", "FeedCodeGenerator", "escape_text", "finalize_text"]

#: names ``getattr`` finds on any dict: for others ``{{ item.title }}`` is the dict's key
DICT_ATTRIBUTES = frozenset(dir(dict))

_escape_str: Callable[[str], str]
try:  # MarkupSafe's C escaping of a str, without making a Markup of it
    from markupsafe._speedups import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - the pure-Python build, or a later MarkupSafe
    try:
        from markupsafe._native import _escape_inner as _escape_str
    except ImportError:

        def _escape_str(text: str) -> str:
            return str(escape(text))


#: the names compiled templates hold the escaping functions under
_ESCAPE = "escape_text"
_FINALIZE_ESCAPE = "finalize_text"
_ESCAPE_STR = "escape_str"
#: the local an output value is held in while its class is tested
_VALUE = "_value"
#: the local list a run of output is gathered in (template names compile to ``l_*``)
_CHUNK = "_chunk"


def escape_text(value: Any) -> str:
    """``str(markupsafe.escape(value))``: text escaped for XML and HTML (a value with
    ``__html__`` is already markup), as a plain ``str``."""
    if value.__class__ is str:
        return _escape_str(value)
    return str(escape(value))


def finalize_text(value: Any) -> str:
    """``escape_text(finalize(value))`` in one call (:func:`~export_kit.render.filters.finalize`
    then :func:`escape_text`): the common case of every value of a feed."""
    cls = value.__class__
    if cls is str:
        return _escape_str(value if value.isprintable() else FORBIDDEN.sub("", value))
    if value is None:
        return ""
    if cls is int:  # digits and a sign: nothing to escape
        return str(value)
    return escape_text(finalize(value))


class FeedCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing each run of direct output as one chunk."""

    _direct = False

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:  # noqa: N802
        """The template module, importing :func:`escape_text` first."""
        self.writeline(
            f"from {__name__} import {_ESCAPE}, {_FINALIZE_ESCAPE}, _escape_str as {_ESCAPE_STR}"
        )
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:  # noqa: N802
        """``item.title``: read inline when ``item`` is a dict holding ``title``.

        As :class:`~export_kit.render.environment.FeedEnvironment` reads it (a dict's key
        first when no dict attribute has that name), without a call per value.
        """
        target = node.node
        if (
            self.environment.is_async
            or node.attr in DICT_ATTRIBUTES
            or not getattr(self.environment, "dict_items_first", False)
            or not isinstance(target, nodes.Name)
            or target.ctx != "load"
        ):
            super().visit_Getattr(node, frame)
            return
        ref = frame.symbols.ref(target.name)
        load = frame.symbols.find_load(ref)
        if load is None or load[0] != VAR_LOAD_PARAMETER or self.parameter_is_undeclared(ref):
            super().visit_Getattr(node, frame)  # a name that may be undefined
            return
        key = repr(node.attr)
        self.write(
            f"({ref}[{key}] if {ref}.__class__ is dict and {key} in {ref} "
            f"else environment.getattr({ref}, {key}))"
        )

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:  # noqa: N802
        """A run of output: gathered and yielded once when it goes straight to the stream."""
        if frame.buffer is not None or frame.require_output_check:
            super().visit_Output(node, frame)
            return
        if len(node.nodes) == 1 or all(isinstance(n, nodes.TemplateData) for n in node.nodes):
            self._direct = True  # one chunk already
            try:
                super().visit_Output(node, frame)
            finally:
                self._direct = False
            return
        self.writeline(f"{_CHUNK} = []")
        frame.buffer, self._direct = _CHUNK, True
        try:
            super().visit_Output(node, frame)
        finally:
            frame.buffer, self._direct = None, False
        self.writeline(f"yield concat({_CHUNK})")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        # direct output is joined into text: its escaped values need not be Markup
        if self._direct and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            if self._fused(finalize):
                # printable text, nearly every value: escaped inline, without a call
                self.write(f"({_ESCAPE_STR}({_VALUE}) if ({_VALUE} := ")
                return
            self.write(f"{_ESCAPE}(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        direct = self._direct and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile
        if direct and self._fused(finalize):
            self.write(
                f").__class__ is str and {_VALUE}.isprintable() else {_FINALIZE_ESCAPE}({_VALUE}))"
            )
            return
        super()._output_child_post(node, frame, finalize)

    def _fused(self, finalize_info: Any) -> bool:
        """True when the environment finalizes with export-kit's own ``finalize``."""
        return (
            finalize_info.src == "environment.finalize(" and self.environment.finalize is finalize
        )
