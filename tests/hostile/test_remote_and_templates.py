"""Hostile peers, templates and files, through the command line in a child under limits:
a trickling or looping ECB, absurd rates, user templates that run forever or read outside
their folder, a FIFO for a catalogue, memory files with nothing usable. Each ends quickly
with a one-line error and the documented exit code, never 70."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.hostile.conftest import Limited

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "catalogue"
ECB_FILE = Path(__file__).resolve().parents[1] / "data" / "eurofxref-daily.xml"
#: a run that must fail fast: startup is about a second, the limits under test one
FAST = 20.0

Runner = Callable[..., Limited]


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A copy of the golden catalogue (its config carries a rate)."""
    copy = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, copy)
    return copy / "maison-azur.csv"


class _Peer(BaseHTTPRequestHandler):
    """A hostile ECB: ``/trickle`` one byte every 0.2 s, ``/loop`` redirects to itself,
    ``/huge`` a CNY rate of 400 digits."""

    stop = threading.Event()

    def do_GET(self) -> None:
        if self.path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = ECB_FILE.read_bytes()
        if self.path == "/huge":
            body = body.replace(b"7.7748", b"9" * 400)
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        if self.path != "/trickle":
            self.wfile.write(head + body)
            return
        try:
            for byte in head + body:
                if self.stop.wait(0.2):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        except OSError:
            return

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def peer() -> Iterator[str]:
    """The base address of a running hostile ECB."""
    handler = type("Peer", (_Peer,), {"stop": threading.Event()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    handler.stop.set()
    server.shutdown()
    server.server_close()


def _one_line(done: Limited, code: int) -> str:
    assert not done.timed_out, f"still running after {done.seconds:.0f} s"
    assert done.code == code, done.stderr
    assert done.one_line_error, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("Error")]
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/trickle", "no complete answer within 1 s"),
        ("/loop", "redirects (a redirect loop?)"),
        ("/huge", "characters, not a rate"),
    ],
    ids=["trickle", "redirect-loop", "overflowing-rate"],
)
def test_a_hostile_ecb_is_exit_4_in_bounded_time(
    tmp_path: Path, run_limited: Runner, catalogue: Path, peer: str, path: str, reason: str
) -> None:
    done = run_limited(
        ["price", catalogue, "--rates", "ecb", "--workspace", tmp_path / "ws"],
        cwd=tmp_path,
        seconds=FAST,
        env={"EXPORT_KIT_ECB_URL": peer + path, "EXPORT_KIT_ECB_DEADLINE": "1"},
    )
    assert reason in _one_line(done, 4)
    assert done.seconds < 10
    assert not (tmp_path / "ws" / "rates").exists() or not any(
        (tmp_path / "ws" / "rates").iterdir()
    )


@pytest.mark.parametrize("rate", ["nan", "1e400", "9" * 400])
def test_an_absurd_rate_option_is_a_usage_or_config_error(
    tmp_path: Path, run_limited: Runner, catalogue: Path, rate: str
) -> None:
    done = run_limited(["price", catalogue, "--rate", rate], cwd=tmp_path, seconds=FAST)
    assert not done.timed_out and done.code in (2, 3), done.stderr
    assert done.one_line_error and "--rate" in done.stderr and len(done.stderr) < 600


def _run_with_template(
    tmp_path: Path, run_limited: Runner, catalogue: Path, source: str, **env: str
) -> Limited:
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "tmall-global.xml.j2").write_text(source, encoding="utf-8")
    return run_limited(
        [
            "run",
            catalogue,
            "--platform",
            "tmall-global",
            "--out",
            tmp_path / "out",
            "--templates",
            templates,
            "--workspace",
            tmp_path / "ws",
        ],
        cwd=tmp_path,
        seconds=FAST,
        env=env,
    )


def test_a_user_template_that_runs_forever_stops_at_its_time_limit(
    tmp_path: Path, run_limited: Runner, catalogue: Path
) -> None:
    done = _run_with_template(
        tmp_path,
        run_limited,
        catalogue,
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        EXPORT_KIT_TEMPLATE_SECONDS="1",
    )
    line = _one_line(done, 3)
    assert "tmall-global.xml.j2, line 1" in line and "after 1 s" in line
    assert not (tmp_path / "out" / "tmall-global.xml").exists()


def test_a_user_template_over_its_output_limit_writes_nothing(
    tmp_path: Path, run_limited: Runner, catalogue: Path
) -> None:
    done = _run_with_template(
        tmp_path,
        run_limited,
        catalogue,
        "{% for i in range(100000) %}{{ 'abcdefghij' * 100 }}{% endfor %}",
        EXPORT_KIT_TEMPLATE_MAX_MB="1",
    )
    assert "passed 1,048,576 bytes" in _one_line(done, 3)
    assert not (tmp_path / "out" / "tmall-global.xml").exists()


def test_a_user_template_cannot_include_a_file_outside_its_folder(
    tmp_path: Path, run_limited: Runner, catalogue: Path
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "link").symlink_to(secret)
    done = _run_with_template(
        tmp_path, run_limited, catalogue, "<items>{% include 'link' %}</items>"
    )
    assert "outside the templates folder" in _one_line(done, 3)
    assert "root:x" not in done.stderr + done.stdout
    assert not (tmp_path / "out" / "tmall-global.xml").exists()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_a_device_as_catalogue_is_refused_at_once(
    tmp_path: Path, run_limited: Runner, kind: str
) -> None:
    if kind == "fifo":
        target = tmp_path / "catalogue.csv"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    for command in (["validate", target], ["run", target, "-p", "jd-worldwide", "-o", "out"]):
        done = run_limited([*command, "--rate", "7.8"], cwd=tmp_path, seconds=FAST)
        line = _one_line(done, 3)
        assert "not a catalogue file" in line
        assert done.seconds < 10


XLIFF2 = (
    '<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
    'srcLang="fr-FR" trgLang="zh-CN"><file id="f">{units}</file></xliff>'
)


def test_memory_import_reads_xliff_2_and_refuses_a_file_with_nothing_usable(
    tmp_path: Path, run_limited: Runner
) -> None:
    good = tmp_path / "agency.xlf"
    good.write_text(
        XLIFF2.format(
            units='<unit id="1"><segment><source>Baume doux</source><target>温和香膏</target>'
            "</segment></unit>"
        ),
        encoding="utf-8",
    )
    done = run_limited(
        ["memory", "import", good, "--workspace", "ws", "--format", "json"],
        cwd=tmp_path,
        seconds=FAST,
    )
    assert done.code == 0, done.stderr
    assert '"entries": 1' in done.stdout and '"changed": 1' in done.stdout

    empty = tmp_path / "untranslated.xlf"
    empty.write_text(
        XLIFF2.format(units='<unit id="1"><segment><source>Savon</source></segment></unit>'),
        encoding="utf-8",
    )
    done = run_limited(["memory", "import", empty, "--workspace", "ws"], cwd=tmp_path, seconds=FAST)
    assert "nothing to import" in _one_line(done, 3) and "without a target" in done.stderr
