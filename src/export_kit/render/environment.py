"""The Jinja2 environment of the feed templates.

Built-in templates live in the top-level ``templates/`` of the repository and are
force-included into the wheel as ``export_kit/templates``. A user's ``--templates DIR`` is
searched first; its templates can extend a built-in one as ``default:NAME``, and they render
in an :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with the limits of
:mod:`export_kit.render.sandbox` (their folder only, a time limit, an output limit).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from export_kit.errors import ConfigError
from export_kit.render.codegen import DICT_ATTRIBUTES, FeedCodeGenerator
from export_kit.render.filters import FILTERS, finalize
from export_kit.render.sandbox import BoundedSandbox, ConfinedLoader, TemplateLimits

__all__ = ["DEFAULT_PREFIX", "builtin_template_dir", "make_environment"]

#: ``{% extends "default:tmall-global.xml.j2" %}`` names a built-in template.
DEFAULT_PREFIX = "default"

# select_autoescape() matches on the end of the name: its defaults miss "*.xml.j2".
_AUTOESCAPE = select_autoescape(["xml", "xml.j2", "html", "html.j2", "htm"])


class _DictItemsFirst:
    """``{{ item.title }}`` on a plain dict: the key, without a failed attribute lookup.

    Jinja looks an attribute up first and the item only after an ``AttributeError``; a
    plain dict has no attributes but its methods (``items``, ``keys``...), so for any other
    name the result is the same, and feeds of 100,000 listings skip millions of raised
    and caught exceptions.
    """

    #: compiled templates read a dict's keys inline (:class:`FeedCodeGenerator`)
    dict_items_first = True

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template (a dict key first when that cannot differ)."""
        if obj.__class__ is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)  # type: ignore[misc]


class FeedEnvironment(_DictItemsFirst, Environment):
    """The environment of the built-in templates."""

    code_generator_class = FeedCodeGenerator


class SandboxedFeedEnvironment(_DictItemsFirst, BoundedSandbox, ImmutableSandboxedEnvironment):
    """The environment when the user gives templates: sandboxed, with limits."""

    code_generator_class = FeedCodeGenerator


def builtin_template_dir() -> Path:
    """The folder of the built-in templates: inside the wheel, else the checkout's.

    An editable install resolves ``export_kit`` to ``src/export_kit``, which has no
    ``templates/``: the repository's top-level folder is the live copy then.
    """
    packaged = files("export_kit") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    repository = Path(__file__).resolve().parents[3] / "templates"
    if repository.is_dir():
        return repository
    raise ConfigError(
        "The built-in feed templates are missing from this installation of export-kit. "
        "Reinstall the package."
    )


def make_environment(
    user_dir: Path | None = None, *, limits: TemplateLimits | None = None
) -> Environment:
    """The environment that renders feeds and previews.

    Args:
        user_dir: a folder of the user's templates (``--templates``). Its templates win over
            the built-in ones of the same name, and everything then renders sandboxed, no
            template read from outside that folder.
        limits: time and size limits of each render with ``user_dir`` (default:
            :meth:`TemplateLimits.from_environ`).
    """
    builtin = FileSystemLoader(builtin_template_dir(), encoding="utf-8")
    loaders: list[BaseLoader] = [PrefixLoader({DEFAULT_PREFIX: builtin}, delimiter=":")]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise ConfigError(f"Templates folder {user_dir} does not exist. Check --templates.")
        loaders.insert(0, ConfinedLoader(user_dir))
    loaders.append(builtin)
    environment_class: type[Environment] = (
        FeedEnvironment if user_dir is None else SandboxedFeedEnvironment
    )
    environment = environment_class(
        loader=ChoiceLoader(loaders),
        autoescape=_AUTOESCAPE,
        undefined=StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    environment.filters.update(FILTERS)
    if isinstance(environment, BoundedSandbox):
        environment.install_limits(limits if limits is not None else TemplateLimits.from_environ())
    return environment
