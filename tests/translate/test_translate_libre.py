"""End to end: deep-translator's own LibreTranslator against a local LibreTranslate server."""

from __future__ import annotations

import time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from export_kit.config import Config, TranslationConfig
from export_kit.errors import TranslationError
from export_kit.model import NetContent, Sku
from export_kit.translate import ChineseTexts, translate_catalogue
from export_kit.translate.memory import TranslationMemory
from export_kit.translate.run import ProviderDownError
from export_kit.translate.stub import LibreStub

HTML = (
    '<div class="fiche"><p>Une crème <b>très douce</b> &amp; hydratante.</p>'
    '<img src="a.jpg" alt="Crème"><ul><li>Soin de nuit</li><li>50 ml</li></ul></div>'
)


def _skus() -> list[Sku]:
    return [
        Sku(
            row=2,
            sku="LAN-001",
            name="Sérum visage Lancôme 50 ml",
            brand="Lancôme",
            description=HTML,
            category="Beauté > Soins visage",
            colour="Rouge",
            size="M",
            net_content=NetContent(quantity=Decimal("50"), unit="ml"),
        ),
        Sku(
            row=3,
            sku="LAN-002",
            name="Sérum visage Lancôme 50 ml",
            brand="Lancôme",
            description=HTML,
            category="Beauté > Soins visage",
            colour="Bordeaux mat",
            size="L",
        ),
        Sku(
            row=4,
            sku="LAN-003",
            name="Huile corps réf. LAN-003",
            brand="Lancôme",
            category="Beauté > Soins corps",
        ),
    ]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("end", tag, ()))


def _tags(text: str) -> list[tuple[str, str, tuple[tuple[str, str | None], ...]]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


def test_each_distinct_text_goes_to_the_server_once_and_never_again(
    libre: LibreStub, make_catalogue, tmp_path: Path
) -> None:
    catalogue = make_catalogue(_skus())
    workspace = tmp_path / "ws"
    first = translate_catalogue(
        catalogue, Config(), provider="libre", workspace=workspace, review=None
    )
    sent = list(libre.requests)
    assert len(sent) == len(set(sent)), "a text was sent twice"
    assert first.requests == len(sent)
    # what needed a provider: the name, 4 HTML text nodes ("50 ml" needs none), the
    # category segments (Beauté, Soins visage, Soins corps), "Huile corps réf. ⟦0⟧" and
    # "Bordeaux mat" ("Rouge" is a built-in colour word, M and L are size codes)
    assert len(sent) == 10
    assert first.missing == 0
    assert first.machine > 0

    second = translate_catalogue(
        catalogue, Config(), provider="libre", workspace=workspace, review=None
    )
    assert len(libre.requests) == len(sent), "the second run called the provider"
    assert second.machine == 0
    assert second.missing == 0
    assert second.from_memory + second.from_glossary == second.distinct


def test_placeholders_protect_brand_quantity_and_sku_and_are_restored(
    libre: LibreStub, make_catalogue, tmp_path: Path
) -> None:
    catalogue = make_catalogue(_skus())
    translate_catalogue(
        catalogue, Config(), provider="libre", workspace=tmp_path / "ws", review=None
    )
    # quantities are taken out first (⟦0⟧), then names and SKUs
    assert "Sérum visage ⟦1⟧ ⟦0⟧" in libre.requests
    assert all("Lancôme" not in text and "LAN-003" not in text for text in libre.requests)
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        name = texts.field(_skus()[0], "name")
        other = texts.field(_skus()[2], "name")
    assert name == "精华面部Lancôme50ml"
    assert name is not None and "Lancôme" in name and "50ml" in name and "⟦" not in name
    assert other is not None and "LAN-003" in other


def test_html_description_is_translated_node_by_node_and_stays_valid_html(
    libre: LibreStub, make_catalogue, tmp_path: Path
) -> None:
    catalogue = make_catalogue(_skus())
    translate_catalogue(
        catalogue, Config(), provider="libre", workspace=tmp_path / "ws", review=None
    )
    assert "Une crème" in libre.requests
    assert "très douce" in libre.requests
    assert all("<" not in text for text in libre.requests), "markup was sent to the provider"
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        chinese = texts.field(_skus()[0], "description")
    assert chinese is not None
    assert _tags(chinese) == _tags(HTML)
    assert 'alt="Crème"' in chinese  # attributes are kept as written
    assert "&amp;" in chinese and "非常柔和" in chinese and "<li>50ml</li>" in chinese


def test_server_error_gives_translation_error_and_keeps_what_was_translated(
    libre: LibreStub, make_catalogue, fast_config: Config, tmp_path: Path
) -> None:
    libre.ok_budget = 4  # four good answers, then HTTP 500 for ever
    catalogue = make_catalogue(_skus())
    workspace = tmp_path / "ws"
    with pytest.raises(ProviderDownError) as failure:
        translate_catalogue(
            catalogue, fast_config, provider="libre", workspace=workspace, review=None
        )
    assert isinstance(failure.value, TranslationError)
    assert failure.value.exit_code == 4
    assert "500" in str(failure.value)
    assert "\n" not in str(failure.value)
    with TranslationMemory.open(workspace) as memory:
        machine = [e for e in memory.iter_entries() if e.origin == "machine:libre"]
    assert len(machine) == 4, "the four answers before the failure are in the memory"

    libre.ok_budget = None
    before = len(libre.requests)
    summary = translate_catalogue(
        catalogue, fast_config, provider="libre", workspace=workspace, review=None
    )
    resent = libre.requests[before:]
    assert summary.missing == 0
    assert not {e.source for e in machine} & set(resent), "a stored text was sent again"


def test_a_hanging_server_does_not_hang_the_run(
    libre: LibreStub, make_catalogue, fast_config: Config, tmp_path: Path
) -> None:
    libre.mode = "hang"
    catalogue = make_catalogue(_skus())
    started = time.monotonic()
    with pytest.raises(ProviderDownError) as failure:
        translate_catalogue(
            catalogue, fast_config, provider="libre", workspace=tmp_path / "ws", review=None
        )
    elapsed = time.monotonic() - started
    # timeout 0.5 s, 2 attempts, at most 0.5 s of backoff: well under 10 s
    assert elapsed < 10, f"took {elapsed:.1f} s"
    assert "within 0.5 s" in str(failure.value)


def test_transient_errors_are_retried(libre: LibreStub, make_catalogue, tmp_path: Path) -> None:
    libre.fail_first = 1
    libre.error_status = 503
    config = Config(translation=TranslationConfig(timeout=2, retries=2, concurrency=1))
    summary = translate_catalogue(
        make_catalogue(_skus()[2:]),
        config,
        provider="libre",
        workspace=tmp_path / "ws",
        review=None,
    )
    assert summary.missing == 0
    # three texts (the name, two category segments), the first one sent twice
    assert summary.requests == len(libre.requests) == 4
    assert libre.requests[0] == libre.requests[1]
    assert len(set(libre.requests)) == 3


def test_damaged_placeholders_leave_the_text_missing_and_unstored(
    libre: LibreStub, make_catalogue, tmp_path: Path
) -> None:
    libre.mode = "mangle"
    sku = Sku(row=2, sku="A-1", name="Huile corps Lancôme 100 ml", brand="Lancôme")
    summary = translate_catalogue(
        make_catalogue([sku]), Config(), provider="libre", workspace=tmp_path / "ws", review=None
    )
    assert summary.missing == 1
    assert any("placeholder" in p for p in summary.problems)
    with TranslationMemory.open(tmp_path / "ws") as memory:
        assert memory.get("Huile corps Lancôme 100 ml") is None


def test_wrong_api_key_is_permanent_and_not_shown(
    libre: LibreStub,
    make_catalogue,
    fast_config: Config,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    libre.mode = "error"
    libre.error_status = 403
    monkeypatch.setenv("EXPORT_KIT_LIBRE_API_KEY", "s3cret-key-value")
    with pytest.raises(ProviderDownError) as failure:
        translate_catalogue(
            make_catalogue(_skus()),
            fast_config,
            provider="libre",
            workspace=tmp_path / "ws",
            review=None,
        )
    assert "s3cret" not in str(failure.value)
    assert "EXPORT_KIT_LIBRE_API_KEY" in str(failure.value)
    assert len(libre.requests) <= fast_config.translation.concurrency  # no retry of a 403
    assert libre.params[0]["api_key"] == "s3cret-key-value"
    assert libre.params[0]["source"] == "fr" and libre.params[0]["target"] == "zh"


def test_texts_differing_only_in_protected_pieces_make_one_request(
    libre: LibreStub, make_catalogue, tmp_path: Path
) -> None:
    skus = [
        Sku(row=2 + i, sku=f"H-{i}", name=f"Huile corps {size}", brand="Lancôme")
        for i, size in enumerate(("30 ml", "50 ml", "100 ml"))
    ]
    summary = translate_catalogue(
        make_catalogue(skus), Config(), provider="libre", workspace=tmp_path / "ws", review=None
    )
    assert libre.requests == ["Huile corps ⟦0⟧"]
    assert summary.machine == 3 and summary.missing == 0
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        assert [texts.field(s, "name") for s in skus] == ["油身体30ml", "油身体50ml", "油身体100ml"]
