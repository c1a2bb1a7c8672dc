"""Sending texts to a provider: bounded concurrency, retries with backoff, a clear stop.

Worker threads (``[translation] concurrency``, daemon threads so that a stuck call can
never keep the process alive) take texts from a queue; each text is tried at most
``retries + 1`` times, waiting ``0.5 s × 2^attempt`` (at most 10 s, with random jitter)
between attempts after a transient failure. The calling thread receives each result as
soon as it arrives, so it can store it in the memory at once. The first text that still
fails after its retries, or any permanent failure, stops every worker and raises
:class:`~export_kit.errors.TranslationError`; a watchdog does the same if no result at
all arrives for longer than one text's worst case (timeouts and backoff together).
"""

from __future__ import annotations

import queue
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from export_kit.errors import TranslationError
from export_kit.translate.providers import (
    PermanentError,
    Provider,
    RejectedTextError,
    TransientError,
    Translator,
)

__all__ = ["EngineStats", "backoff_delay", "run_provider"]

_BACKOFF_BASE_S = 0.5
_BACKOFF_MAX_S = 10.0


def backoff_delay(attempt: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after failed attempt ``attempt`` (0-based): exponential, jittered."""
    ceiling = min(_BACKOFF_MAX_S, _BACKOFF_BASE_S * 2**attempt)
    return float(ceiling * (0.5 + 0.5 * (rng or random).random()))


@dataclass
class EngineStats:
    """What the provider run did."""

    requests: int = 0
    translated: int = 0
    rejected: int = 0


@dataclass(frozen=True, slots=True)
class _Result:
    kind: str  # ok, rejected, failed
    index: int
    value: str


def run_provider(
    texts: Sequence[str],
    provider: Provider,
    on_result: Callable[[int, str | None, str | None], None],
) -> EngineStats:
    """Translate ``texts`` (already protected) with ``provider``.

    ``on_result(index, chinese, problem)`` is called in the calling thread for every
    text that got an answer: ``chinese`` is None (and ``problem`` says why) when the
    provider rejected that text. Raises TranslationError when the provider stays down;
    every result received before is passed to ``on_result`` first.
    """
    stats = EngineStats()
    if not texts:
        return stats
    settings = provider.settings
    jobs: queue.Queue[int] = queue.Queue()
    for index in range(len(texts)):
        jobs.put(index)
    results: queue.Queue[_Result] = queue.Queue()
    stop = threading.Event()
    calls = [0]
    calls_lock = threading.Lock()

    def count_request() -> None:
        with calls_lock:
            calls[0] += 1

    def work() -> None:
        client: Translator | None = None
        while not stop.is_set():
            try:
                index = jobs.get_nowait()
            except queue.Empty:
                return
            for attempt in range(settings.retries + 1):
                if stop.is_set():
                    return
                try:
                    if client is None:
                        client = provider.factory()
                    count_request()
                    chinese = client.translate(texts[index])
                except RejectedTextError as exc:
                    results.put(_Result("rejected", index, exc.message))
                    break
                except PermanentError as exc:
                    results.put(_Result("failed", index, exc.message))
                    return
                except TransientError as exc:
                    if attempt == settings.retries:
                        tries = settings.retries + 1
                        results.put(
                            _Result(
                                "failed",
                                index,
                                f"{exc.message} ({tries} attempt{'s' if tries > 1 else ''})",
                            )
                        )
                        return
                    stop.wait(backoff_delay(attempt))
                except Exception as exc:  # a bug in a client: stop cleanly, no thread traceback
                    results.put(
                        _Result(
                            "failed", index, f"{provider.name}: unexpected {type(exc).__name__}"
                        )
                    )
                    return
                else:
                    results.put(_Result("ok", index, chinese))
                    break

    workers = [
        threading.Thread(target=work, name=f"export-kit-translate-{n}", daemon=True)
        for n in range(max(1, min(settings.concurrency, len(texts))))
    ]
    for worker in workers:
        worker.start()
    # one text's worst case: every attempt times out on connect and read, plus backoff
    stall_limit = (
        (settings.retries + 1) * settings.timeout * 2
        + sum(min(_BACKOFF_MAX_S, _BACKOFF_BASE_S * 2**a) for a in range(settings.retries))
        + 5.0
    )
    done = 0
    failure: str | None = None
    try:
        while done < len(texts):
            try:
                result = results.get(timeout=stall_limit)
            except queue.Empty:
                failure = (
                    f"{provider.name}: no answer for {stall_limit:.0f} s; "
                    "the provider seems to hang"
                )
                break
            if result.kind == "failed":
                failure = result.value
                break
            done += 1
            _deliver(result, on_result, stats)
            if done < len(texts) and not any(w.is_alive() for w in workers) and results.empty():
                failure = f"{provider.name}: the translation workers stopped unexpectedly"
                break
    finally:
        stop.set()
        while True:  # keep what arrived while stopping: it is already paid for
            try:
                late = results.get_nowait()
            except queue.Empty:
                break
            if late.kind != "failed":
                _deliver(late, on_result, stats)
        stats.requests = calls[0]
    if failure is not None:
        raise TranslationError(
            f"{failure}. Everything translated so far is kept in the memory; "
            "rerun later to continue, or use another --provider."
        )
    return stats


def _deliver(
    result: _Result, on_result: Callable[[int, str | None, str | None], None], stats: EngineStats
) -> None:
    if result.kind == "ok":
        stats.translated += 1
        on_result(result.index, result.value, None)
    else:
        stats.rejected += 1
        on_result(result.index, None, result.value)
