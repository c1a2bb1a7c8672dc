"""Every command has help text, and the program has a version."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from export_kit import __version__
from export_kit.cli import cli

COMMANDS = cli.list_commands(click.Context(cli))


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert command.help and command.help.strip(), f"{name} has no help text"
    assert "Usage: " in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "export_kit", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_all_commands_of_the_design_exist() -> None:
    expected = {
        "init",
        "inspect",
        "validate",
        "translate",
        "price",
        "memory",
        "render",
        "run",
        "batch",
        "publish",
        "sandbox",
        "platforms",
    }
    assert expected <= set(COMMANDS)


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["valdiate"])
    assert result.exit_code == 2
