"""``--format json`` prints exactly one JSON document at every exit, the finding that stopped
the command in it: exit 2 (usage), 3 (input, config, output), 4 (remote), 70 (a bug).

CI jobs parse stdout: each case parses the whole of it with ``json.loads`` (which refuses a
second document), for every command that takes ``--format json`` and every error it can
be made to stop on.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from tests.publish.conftest import APP_KEY, SESSION, product, write_rendered

from export_kit.cli import cli
from export_kit.cli.commands import inspect as inspect_command
from export_kit.cli.commands import platforms as platforms_command
from export_kit.pricing import rates as rates_module
from export_kit.publish.sandbox import Account, Sandbox
from export_kit.validate.report import CODES
from export_kit.validate.summary import ADVICE

CSV = (
    "Référence;Désignation;Marque;Prix TTC;Code SH;Image\n"
    "A-1;Crème;Maison;12,50;33049900;https://cdn.example.fr/a.jpg\n"
)
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "catalogue"
FEED = ("-p", "jd-worldwide", "-o", "out", "--rate", "7.8")
#: the document of a command that printed none of its own before it stopped
REPORT_KEYS = {"source", "platform", "summary", "findings"}
ERROR_KEYS = REPORT_KEYS | {"command", "exit_status"}
STOPPING = ("usage-error", "config-error", "output-error", "remote-error", "internal-error")


@dataclass
class World:
    """A folder with a catalogue, a bad config and a rendered feed; the commands run in it."""

    root: Path
    runner: CliRunner

    def invoke(self, *args: str, env: dict[str, str] | None = None) -> Result:
        words = [a.format(root=self.root) for a in args]
        return self.runner.invoke(cli, [*words, "--format", "json"], env=env)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cat.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[brand]\nnmae = 'Maison'\n", encoding="utf-8")
    (tmp_path / "slow.toml").write_text(
        "[translation]\ntimeout = 0.5\nretries = 1\n", encoding="utf-8"
    )
    (tmp_path / "empty").mkdir()
    write_rendered(tmp_path / "rendered", "tmall-global", [product("P001")])
    return World(tmp_path, CliRunner())


def stopped(
    result: Result, status: int, code: str, *, command: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document and the one finding that stopped the command, checked as CI reads
    them: one JSON document on stdout, the same message as stderr's error line."""
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == status, (result.exit_code, result.stdout, result.stderr)
    document = json.loads(result.stdout)  # a second document would be "Extra data"
    assert isinstance(document, dict)
    [finding] = [f for f in document["findings"] if f["code"] == code]
    assert finding["severity"] == "error" and finding["row"] is None
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert finding["message"] == line.removeprefix("Error: ")
    if command is not None:  # a document of the error alone
        assert document["findings"] == [finding]
        assert document["summary"]["errors"] == 1
        if command == "validate":
            assert set(document) == REPORT_KEYS  # exactly validate's report
        else:
            assert document["command"] == command
            assert document["exit_status"] == status
            assert set(document) >= ERROR_KEYS
    return document, finding


COMMANDS = {
    "validate": ("validate", "{root}/cat.csv"),
    "inspect": ("inspect", "{root}/cat.csv"),
    "translate": ("translate", "{root}/cat.csv", "--provider", "none"),
    "price": ("price", "{root}/cat.csv", "--rate", "7.8"),
    "render": ("render", "{root}/cat.csv", *FEED),
    "run": ("run", "{root}/cat.csv", *FEED),
    "publish": ("publish", "{root}/rendered", "--dry-run"),
    "memory import": ("memory", "import", "{root}/memory.tmx"),
    "platforms": ("platforms",),
}


@pytest.mark.parametrize("name", [n for n in COMMANDS if n != "platforms"])
def test_a_missing_input(world: World, name: str) -> None:
    swap = {"cat.csv": "missing.csv", "rendered": "missing", "memory.tmx": "missing.tmx"}
    args = [a.replace(a.rpartition("/")[2], swap.get(a.rpartition("/")[2], "")) if "{" in a
            else a for a in COMMANDS[name]]  # fmt: skip
    document, finding = stopped(world.invoke(*args), 3, "unreadable-file", command=name)
    given = next(a for a in args if "missing" in a).format(root=world.root)
    # validate's report names the file, as it names it in every report
    assert document["source"] == (Path(given).name if name == "validate" else given)
    assert Path(given).name in finding["message"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_bad_config(world: World, name: str) -> None:
    result = world.invoke(*COMMANDS[name], "--config", "bad.toml")
    # validate's report has always called a config it cannot use an unreadable file
    code = "unreadable-file" if name == "validate" else "config-error"
    _, finding = stopped(result, 3, code, command=name)
    assert "brand.nmae" in finding["message"]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("validate", ("validate", "cat.csv", "--platform", "tmal-global")),
        ("render", ("render", "cat.csv", "-p", "tmal-global", "-o", "out", "--rate", "7.8")),
        ("run", ("run", "cat.csv", "-p", "tmal-global", "-o", "out", "--rate", "7.8")),
        ("publish", ("publish", "rendered", "--platform", "tmal-global", "--dry-run")),
    ],
)
def test_an_unknown_platform(world: World, name: str, args: tuple[str, ...]) -> None:
    document, finding = stopped(world.invoke(*args), 3, "config-error", command=name)
    assert document["platform"] == "tmal-global"
    assert "tmall-global" in finding["message"]  # what it could have been


@pytest.mark.parametrize("name", [n for n in COMMANDS if n not in ("memory import", "platforms")])
def test_a_bad_option_value(world: World, name: str) -> None:
    result = world.invoke(*COMMANDS[name], "--rate", "seven")
    document, finding = stopped(result, 2, "usage-error", command=name)
    assert "--rate" in finding["message"] and "'seven' is not a number" in finding["message"]
    assert "Usage: " in result.stderr  # click's own message stays on stderr
    if name != "publish":
        assert document["source"] in ("cat.csv", str(world.root / "cat.csv"))


@pytest.mark.parametrize(
    ("name", "args", "words"),
    [
        ("memory import", ("memory", "import", "x.tmx", "--bogus"), "--bogus"),
        ("platforms", ("platforms", "--bogus"), "--bogus"),
        ("inspect", ("inspect", "--bogus", "cat.csv"), "--bogus"),
        ("run", ("run", "cat.csv", "-o", "out"), "--platform"),
        ("run", ("run", "cat.csv", *FEED, "--jobs", "0"), "--jobs"),
        ("price", ("price", "cat.csv", "--rate", "7.8", "--rates", "ecb"), "only one of"),
        ("validate", ("validate", "cat.csv", "--report", "r.txt"), "--report"),
        ("batch", ("batch", "cat.csv", "-o", "out", "--preview-limit", "-1"), "--preview-limit"),
    ],
)
def test_a_usage_error(world: World, name: str, args: tuple[str, ...], words: str) -> None:
    document, finding = stopped(world.invoke(*args), 2, "usage-error", command=name)
    assert words in finding["message"]
    if name == "batch":
        assert document["catalogues"] == []  # the shape of batch's own document


def test_an_unknown_option_before_format_json_still_gets_the_document(world: World) -> None:
    # click stops at --bogus before it reads --format: the words say json
    result = world.runner.invoke(cli, ["inspect", "cat.csv", "--bogus", "--format=json"])
    document, _ = stopped(result, 2, "usage-error", command="inspect")
    assert document["source"] is None  # nothing was parsed


@pytest.mark.parametrize("value", [["--format", "yaml"], ["--format"], ["--format=JSON"]])
def test_no_document_when_format_itself_is_wrong(world: World, value: list[str]) -> None:
    result = world.runner.invoke(cli, ["inspect", "missing.csv", *value])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--format" in result.stderr


def test_text_errors_and_help_print_no_document(world: World) -> None:
    text = world.runner.invoke(cli, ["inspect", "missing.csv"])
    assert text.exit_code == 3 and text.stdout == ""
    helped = world.runner.invoke(cli, ["validate", "--format", "json", "--help"])
    assert helped.exit_code == 0 and helped.stdout.startswith("Usage: ")
    assert "{" not in helped.stdout.splitlines()[-1]


@pytest.fixture
def unreachable(monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL of a port of 127.0.0.1 where nothing listens; the ECB is there."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    monkeypatch.setenv(rates_module.ECB_URL_ENV, f"{url}eurofxref-daily.xml")
    monkeypatch.setattr(rates_module, "BACKOFF", 0.01)
    return url


@pytest.mark.parametrize("name", ["price", "render", "run"])
def test_the_ecb_unreachable(world: World, unreachable: str, name: str) -> None:
    args = [a for a in COMMANDS[name] if a not in ("--rate", "7.8")]
    _, finding = stopped(world.invoke(*args, "--rates", "ecb"), 4, "remote-error", command=name)
    assert unreachable.rstrip("/") in finding["message"]


def test_a_provider_down_keeps_the_counts_and_adds_the_finding(
    world: World, unreachable: str
) -> None:
    result = world.invoke(
        "translate", "cat.csv", "--provider", "libre", "--config", "slow.toml",
        env={"EXPORT_KIT_LIBRE_URL": unreachable},
    )  # fmt: skip
    document, finding = stopped(result, 4, "remote-error")
    # translate's own document, counts first, with what stopped it
    assert list(document) == [
        "texts", "distinct", "from_memory", "from_glossary", "machine", "missing",
        "checks", "findings", "exit_status",
    ]  # fmt: skip
    assert document["missing"] == 1 and document["exit_status"] == 4
    assert "libre" in finding["message"]


@pytest.fixture
def gateway() -> Iterator[Sandbox]:
    """The TOP gateway on 127.0.0.1, which refuses any other app secret than its own."""
    with Sandbox(top=Account(APP_KEY, "the-gateway-SECRET-0001", SESSION)) as box:
        yield box


WRONG = {
    "EXPORT_KIT_TMALL_APP_KEY": APP_KEY,
    "EXPORT_KIT_TMALL_APP_SECRET": "a-wrong-SECRET-value-0002",
    "EXPORT_KIT_TMALL_SESSION": SESSION,
}


def test_a_gateway_refusal_keeps_the_receipt_and_adds_the_finding(
    world: World, gateway: Sandbox
) -> None:
    result = world.invoke("publish", "rendered", "--endpoint", gateway.top_url, env=WRONG)
    document, finding = stopped(result, 4, "remote-error")
    assert "tmall-global" in finding["message"]
    assert document["platform"] == "tmall-global" and document["failed"] == 1
    assert document["exit_status"] == 4
    for secret in (WRONG["EXPORT_KIT_TMALL_APP_SECRET"], SESSION):
        assert secret not in result.stdout + result.stderr


def test_run_publish_refused_keeps_the_summary_and_adds_the_finding(
    world: World, gateway: Sandbox
) -> None:
    shutil.copytree(GOLDEN, world.root / "golden")
    result = world.invoke(
        "run", "golden/maison-azur.csv", "-p", "tmall-global", "-o", "out", "--publish",
        "--endpoint", gateway.top_url, env=WRONG,
    )  # fmt: skip
    document, finding = stopped(result, 4, "remote-error")
    assert document["exit_status"] == 4 and document["exported"] == 3
    assert document["publish"]["failed"] == 3
    assert finding["message"].startswith("publishing to tmall-global: ")
    assert (world.root / "out" / "manifest.json").is_file()  # the outputs are kept
    assert WRONG["EXPORT_KIT_TMALL_APP_SECRET"] not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("validate", ("validate", "cat.csv", "--report", "cat.csv/r.xlsx")),
        ("translate", ("translate", "cat.csv", "--provider", "none", "--review", "cat.csv/r")),
        ("render", ("render", "cat.csv", *FEED[:2], "-o", "cat.csv/out", "--rate", "7.8")),
        ("run", ("run", "cat.csv", *FEED[:2], "-o", "cat.csv/out", "--rate", "7.8")),
        ("batch", ("batch", "cat.csv", *FEED[:2], "-o", "cat.csv/out", "--rate", "7.8")),
    ],
)
def test_an_output_blocked_by_a_file(world: World, name: str, args: tuple[str, ...]) -> None:
    _, finding = stopped(world.invoke(*args), 3, "output-error", command=name)
    assert "cat.csv" in finding["message"] and "file" in finding["message"]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written in (a read-only tmpfs for root, whom chmod does
    not stop)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if shutil.which("mount") is None:
        pytest.skip("no mount command for a read-only folder")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mount is not permitted here: {done.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("validate", ("validate", "cat.csv", "--report", "ro/r.xlsx")),
        ("translate", ("translate", "cat.csv", "--provider", "none", "--review", "ro/r.xlsx")),
        ("render", ("render", "cat.csv", *FEED[:2], "-o", "ro/out", "--rate", "7.8")),
        ("run", ("run", "cat.csv", *FEED[:2], "-o", "ro/out", "--rate", "7.8")),
        ("batch", ("batch", "cat.csv", *FEED[:2], "-o", "ro/out", "--rate", "7.8")),
    ],
)
def test_a_read_only_output(
    world: World, read_only: Path, name: str, args: tuple[str, ...]
) -> None:
    result = world.invoke(*args)
    # a workbook that could not be saved leaves openpyxl's row writer open: freed here,
    # not in the middle of a later test
    gc.collect()
    _, finding = stopped(result, 3, "output-error", command=name)
    assert "read-only" in finding["message"] or "permission denied" in finding["message"]
    assert list(read_only.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "module", "attribute"),
    [
        ("inspect", inspect_command, "describe"),
        ("platforms", platforms_command, "list_platforms"),
    ],
)
def test_a_bug_is_70_with_an_internal_error_and_no_secret(
    world: World, monkeypatch: pytest.MonkeyPatch, name: str, module: object, attribute: str
) -> None:
    secret = "the-SESSION-token-0003"
    monkeypatch.setenv("EXPORT_KIT_JD_ACCESS_TOKEN", secret)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"something broke near {secret}")

    monkeypatch.setattr(module, attribute, broken)
    result = world.invoke(*COMMANDS[name])
    _, finding = stopped(result, 70, "internal-error", command=name)
    assert "RuntimeError: something broke near ***" in finding["message"]
    assert "--debug" in finding["message"]
    assert secret not in result.stdout + result.stderr


def test_batch_failures_of_its_catalogues_are_rows_of_its_document(
    world: World, unreachable: str
) -> None:
    for args, words in (
        (("batch", "missing.csv", *FEED), "missing.csv"),
        (("batch", "cat.csv", *FEED, "--config", "bad.toml"), "brand.nmae"),
        (("batch", "cat.csv", "-p", "tmal-global", "-o", "out", "--rate", "7.8"), "tmall-global"),
        (("batch", "cat.csv", *FEED[:4], "--rates", "ecb"), unreachable.rstrip("/")),
    ):
        result = world.invoke(*args)
        assert result.exit_code == 1, result.stderr
        document = json.loads(result.stdout)
        assert document["exit_status"] == 1
        [row] = document["catalogues"]
        assert row["status"] == "failed" and words in row["message"]
    empty = world.invoke("batch", "empty", *FEED)
    document, _ = stopped(empty, 3, "config-error", command="batch")
    assert document["catalogues"] == []


def test_validate_reports_a_late_output_failure_in_its_report(
    world: World, read_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the report is ready when the annotated copy fails: one document, holding both
    from export_kit.cli.commands import validate as validate_command
    from export_kit.errors import OutputError

    def refused(*args: object, **kwargs: object) -> None:
        raise OutputError("Cannot write r.xlsx: the folder is read-only.")

    monkeypatch.setattr(validate_command, "write_annotated_copy", refused)
    result = world.invoke("validate", "cat.csv", "--report", "r.xlsx")
    document, _ = stopped(result, 3, "output-error")
    assert set(document) == REPORT_KEYS
    assert document["summary"]["products"] == 1
    assert document["summary"]["errors"] == len(
        [f for f in document["findings"] if f["severity"] == "error"]
    )


def test_every_stopping_code_is_documented() -> None:
    for code in (*STOPPING, "interrupted", "unreadable-file"):
        assert CODES[code][0] == "error"
        assert ADVICE[code]


def test_an_interrupt_is_130_with_its_document(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(inspect_command, "describe", interrupted)
    result = world.invoke(*COMMANDS["inspect"])
    assert result.exit_code == 130 and result.stderr == "Interrupted.\n"
    document = json.loads(result.stdout)
    assert document["exit_status"] == 130
    assert [f["code"] for f in document["findings"]] == ["interrupted"]


def test_the_console_command_prints_the_document_through_a_pipe(tmp_path: Path) -> None:
    for args, status in ((["inspect", "missing.csv"], 3), (["price", "--rate", "x", "c.csv"], 2)):
        done = subprocess.run(
            [sys.executable, "-m", "export_kit", *args, "--format", "json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == status, done.stderr
        assert json.loads(done.stdout)["exit_status"] == status
        assert "Traceback" not in done.stderr
