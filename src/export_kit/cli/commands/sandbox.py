"""``export-kit sandbox``: the local emulator of the TOP and JOS gateways."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from types import FrameType

import click

from export_kit.errors import ConfigError
from export_kit.publish.sandbox import DEFAULT_ACCOUNT, DEFAULT_TIMEOUT, Account, Sandbox


@click.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    help="SQLite file keeping the items between runs (default: in memory).",
)
@click.option(
    "--app-key",
    help="App key both gateways accept "
    "[EXPORT_KIT_TMALL_APP_KEY / EXPORT_KIT_JD_APP_KEY, else sandbox-app-key].",
)
@click.option(
    "--app-secret",
    help="App secret both gateways accept "
    "[EXPORT_KIT_TMALL_APP_SECRET / EXPORT_KIT_JD_APP_SECRET].",
)
@click.option(
    "--session",
    help="Session / access token both gateways accept "
    "[EXPORT_KIT_TMALL_SESSION / EXPORT_KIT_JD_ACCESS_TOKEN, else any].",
)
@click.option(
    "--latency-ms",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Delay added to every gateway request.",
)
@click.option(
    "--fail-rate",
    type=click.FloatRange(0, 1),
    default=0,
    show_default=True,
    help="Share of gateway requests answered with a transient failure.",
)
@click.option(
    "--rate-limit",
    type=click.FloatRange(min=0, min_open=True),
    metavar="R",
    help="Requests per second beyond which the call-limit error answers.",
)
@click.option("--seed", type=int, help="Seed of the failure injection (repeatable runs).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Close a connection silent for this long (an idle client, a body cut short).",
)
def command(
    host: str,
    port: int,
    db: Path | None,
    app_key: str | None,
    app_secret: str | None,
    session: str | None,
    latency_ms: float,
    fail_rate: float,
    rate_limit: float | None,
    seed: int | None,
    timeout: float,
) -> None:
    """Run a local emulator of the Tmall (TOP) and JD (JOS) gateways.

    Serves /router/rest (TOP) and /routerjson (JOS) with the platforms' signature,
    timestamp and session checks and error codes, stores the items it receives in
    SQLite (GET /_sandbox/items lists them) and can inject latency, transient failures
    and call limits. Runs until Ctrl-C.

    Example:

    \b
        export-kit sandbox --port 8765 --latency-ms 20 --fail-rate 0.1 &
        export-kit publish out/ --endpoint http://127.0.0.1:8765/router/rest
    """
    if (app_key is None) != (app_secret is None):
        raise click.UsageError("give --app-key and --app-secret together")
    if app_key is not None and app_secret is not None:
        top = jd = Account(app_key, app_secret, session)
    else:
        top = _from_env("TMALL", "SESSION", session)
        jd = _from_env("JD", "ACCESS_TOKEN", session)
    sandbox = Sandbox(
        host=host,
        port=port,
        db=db,
        top=top,
        jd=jd,
        latency_ms=latency_ms,
        fail_rate=fail_rate,
        rate_limit=rate_limit,
        seed=seed,
        timeout=timeout,
    )
    try:
        url = sandbox.bind()
    except OSError as exc:
        sandbox.stop()
        raise ConfigError(
            f"Cannot listen on {host}:{port} ({exc.strerror}). Choose another --port."
        ) from None
    _announce(url, top, jd, latency_ms, fail_rate, rate_limit)
    # SIGINT too: a parent that ignores SIGINT (a CI shell, `cmd &`) leaves it ignored in
    # Python, and Ctrl-C or `kill -INT` would then never stop the sandbox.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        sandbox.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    click.echo("Sandbox stopped.", err=True)


def _from_env(prefix: str, token_name: str, session: str | None) -> Account:
    key = os.environ.get(f"EXPORT_KIT_{prefix}_APP_KEY")
    secret = os.environ.get(f"EXPORT_KIT_{prefix}_APP_SECRET")
    token = session or os.environ.get(f"EXPORT_KIT_{prefix}_{token_name}") or None
    if key and secret:
        return Account(key, secret, token)
    return Account(DEFAULT_ACCOUNT.app_key, DEFAULT_ACCOUNT.app_secret, token)


def _announce(
    url: str,
    top: Account,
    jd: Account,
    latency_ms: float,
    fail_rate: float,
    rate_limit: float | None,
) -> None:
    def who(account: Account) -> str:
        default = account.app_key == DEFAULT_ACCOUNT.app_key
        return f"app key {account.app_key}" + (" (default sandbox credentials)" if default else "")

    click.echo(f"export-kit sandbox listening on {url}", err=True)
    click.echo(f"  TOP gateway (tmall-global): {url}/router/rest   {who(top)}", err=True)
    click.echo(f"  JOS gateway (jd-worldwide): {url}/routerjson    {who(jd)}", err=True)
    click.echo(f"  stored items:               {url}/_sandbox/items", err=True)
    click.echo(f"  request counts:             {url}/_sandbox/stats", err=True)
    faults = []
    if latency_ms:
        faults.append(f"latency {latency_ms:g} ms")
    if fail_rate:
        faults.append(f"fail rate {fail_rate:g}")
    if rate_limit:
        faults.append(f"call limit {rate_limit:g}/s")
    if faults:
        click.echo("  faults: " + ", ".join(faults), err=True)
    click.echo("Press Ctrl-C to stop.", err=True)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
