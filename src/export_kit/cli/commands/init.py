"""``export-kit init``: a commented configuration and an empty glossary."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from export_kit.config import CONFIG_NAME
from export_kit.errors import InputError
from export_kit.fileio import atomic_writer

GLOSSARY_NAME = "glossary.csv"
_TEMPLATES = {CONFIG_NAME: "export-kit.toml", GLOSSARY_NAME: "glossary.csv"}


def _template(name: str) -> str:
    return resources.files("export_kit").joinpath(f"data/init/{name}").read_text("utf-8")


@click.command("init")
@click.argument(
    "folder", metavar="[DIR]", default=".", type=click.Path(path_type=Path, file_okay=False)
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def command(folder: Path, force: bool) -> None:
    """Write a commented export-kit.toml and an empty glossary in DIR (default: here).

    Every setting is listed with its default and what it does; settings without a
    sensible default are commented out. Existing files are left alone unless --force.

    Example:

        export-kit init brands/maison-exemple
    """
    targets = {folder / name: template for name, template in _TEMPLATES.items()}
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise InputError(f"{names} already exist(s). Pass --force to overwrite.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder {folder}: {exc.strerror}.") from None
    for path, template in targets.items():
        with atomic_writer(path, encoding="utf-8", newline="\n") as handle:
            handle.write(_template(template))
        click.echo(f"Wrote {path}", err=True)
