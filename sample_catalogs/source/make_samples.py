"""Generate the sample catalogues of export-kit from the data tables below.

Run from anywhere with the project's Python::

    .venv/bin/python sample_catalogs/source/make_samples.py

It rewrites, in ``sample_catalogs/``:

- ``cosmetiques-aubeline.xlsx``: cosmetics and perfume (HTML descriptions, variant groups);
- ``vins-spiritueux-verancourt.csv``: wine and spirits, French Excel CSV (``;``, cp1252,
  comma decimals);
- ``mode-maroquinerie-brevanne.xlsx``: fashion and leather goods, size and colour variants,
  a merged title banner and a blank row above the header;
- ``<catalogue>.zh.tmx`` beside each: reviewed Chinese for every French text (TMX 1.4);
- ``export-kit.toml`` and ``glossary/brands.csv`` shared by the three;
- ``with-findings/``: a catalogue full of mistakes, its config and a README of its findings;
- ``README.md``: what each sample is for.

Every brand, domain and product here is invented. The output is deterministic: the same
script writes byte-identical files (fixed workbook timestamps, no randomness), so a change
of the data shows as a small diff. Change the tables, run the script, run
``.venv/bin/pytest tests/test_samples.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
OUT = HERE.parent

#: Every workbook carries this creation/modification time and every zip entry this date,
#: so that the files do not change when nothing in the data changed.
FIXED_TIME = (2026, 11, 2, 9, 0, 0)
FIXED_ISO = "2026-11-02T09:00:00Z"

RATE = "7.8"
RATE_DATE = "2026-11-02"

#: A French text and its reviewed Simplified Chinese.
Pair = tuple[str, str]


# ---------------------------------------------------------------------------------------
# Model of the data tables
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One sellable row: its own price, stock and variant attributes."""

    price: str  # euros, tax included, with a dot: "38.00"
    stock: int
    size: str | None = None
    colour: str | None = None
    content: str | None = None  # "50 ml", "75 cl"; the product's when None
    weight: str | None = None  # kg with a dot; the product's when None
    vintage: str | None = None


@dataclass(frozen=True)
class Item:
    """One product (one listing) and its variants.

    A product with one variant is written as a single row without "Référence parent"; a
    product with several is a variant group: every row carries the product-level values
    and the parent reference, and has its own reference, price, EAN, stock and attributes.
    """

    ref: str
    name: Pair
    category: str
    description: Sequence[Block]
    hs: str
    variants: Sequence[Variant]
    images: int = 2
    content: str | None = None
    weight: str = "0.1"
    origin: str = "France"
    shelf_life: int | None = None
    vintage: str | None = None
    abv: str | None = None  # alcohol by volume, French form "13,5"


@dataclass(frozen=True)
class Block:
    """A block of an HTML description, written the same way in French and Chinese.

    ``kind`` is ``p`` (a paragraph), ``ul`` (a list; ``items`` holds its entries), or
    ``use`` (a paragraph led by a bold "how to use" label). ``attrs`` go on the tag as
    written, so the Chinese HTML keeps every tag and attribute of the French one.
    """

    kind: str
    text: Pair = ("", "")
    items: Sequence[Pair] = ()
    attrs: str = ""


def p(fr: str, zh: str) -> Block:
    """A paragraph."""
    return Block("p", (fr, zh))


def ul(*items: Pair, attrs: str = "") -> Block:
    """A bulleted list."""
    return Block("ul", items=items, attrs=attrs)


def use(fr: str, zh: str) -> Block:
    """A "Conseil d'utilisation" paragraph."""
    return Block("use", (fr, zh))


USE_LABEL: Pair = ("Conseil d'utilisation :", "使用方法：")


def render_html(blocks: Sequence[Block], lang: int) -> str:
    """The description as one line of HTML in French (``lang`` 0) or Chinese (1)."""
    parts: list[str] = []
    for block in blocks:
        attrs = f" {block.attrs}" if block.attrs else ""
        if block.kind == "p":
            parts.append(f"<p{attrs}>{block.text[lang]}</p>")
        elif block.kind == "use":
            sep = " " if lang == 0 else ""
            parts.append(f"<p><strong>{USE_LABEL[lang]}</strong>{sep}{block.text[lang]}</p>")
        else:
            items = "".join(f"<li>{item[lang]}</li>" for item in block.items)
            parts.append(f"<ul{attrs}>{items}</ul>")
    return "".join(parts)


def render_text(blocks: Sequence[Block], lang: int) -> str:
    """A plain-text description (the wine CSV): its paragraphs joined by one space."""
    return " ".join(block.text[lang] for block in blocks)


# ---------------------------------------------------------------------------------------
# Brands
# ---------------------------------------------------------------------------------------

COSMETICS_BRAND: Pair = ("Aubeline", "奥贝琳")
WINE_BRAND: Pair = ("Vérancourt", "维朗古")
FASHION_BRAND: Pair = ("Brévanne", "布雷梵")
BRANDS: tuple[Pair, ...] = (COSMETICS_BRAND, WINE_BRAND, FASHION_BRAND)


# ---------------------------------------------------------------------------------------
# 1. Cosmetics and perfume: Aubeline (Grasse)
# ---------------------------------------------------------------------------------------

COSMETICS_CATEGORIES: dict[str, str] = {
    "Soin visage > Crèmes": "面部护理 > 面霜",
    "Soin visage > Sérums et huiles": "面部护理 > 精华与护肤油",
    "Soin visage > Démaquillants et nettoyants": "面部护理 > 卸妆与洁面",
    "Soin visage > Masques": "面部护理 > 面膜",
    "Soin visage > Contour des yeux": "面部护理 > 眼部护理",
    "Soin corps > Laits et baumes": "身体护理 > 身体乳与润肤膏",
    "Soin corps > Huiles": "身体护理 > 身体油",
    "Soin corps > Gommages": "身体护理 > 磨砂膏",
    "Soin corps > Mains": "身体护理 > 手部护理",
    "Soin corps > Déodorants": "身体护理 > 香体露",
    "Bain et douche > Sels et huiles de bain": "沐浴 > 浴盐与沐浴油",
    "Cheveux > Shampooings": "头发护理 > 洗发水",
    "Cheveux > Soins": "头发护理 > 护发",
    "Parfums > Eaux de parfum": "香水 > 淡香精",
    "Parfums > Eaux de toilette": "香水 > 淡香水",
    "Maquillage > Lèvres": "彩妆 > 唇妆",
    "Maquillage > Yeux": "彩妆 > 眼妆",
    "Maquillage > Teint": "彩妆 > 底妆",
    "Maquillage > Ongles": "彩妆 > 美甲",
}

COSMETICS_COLOURS: dict[str, str] = {
    "Rose poudré": "粉雾玫瑰",
    "Rouge cerise": "樱桃红",
    "Bois de rose": "玫瑰木色",
    "Bordeaux": "酒红色",
    "Noir": "黑色",
    "Marron": "棕色",
    "Bleu nuit": "午夜蓝",
    "Ivoire": "象牙色",
    "Beige clair": "浅米色",
    "Beige doré": "金米色",
}

# EU Combined Nomenclature codes (8 digits), written as text in the workbook.
PERFUME, TOILET_WATER = "33030010", "33030090"
LIP, EYE, NAIL, POWDER, SKIN = "33041000", "33042000", "33043000", "33049100", "33049900"
SHAMPOO, HAIR = "33051000", "33059000"
DEODORANT, BATH = "33072000", "33073000"

V = Variant

COSMETICS: tuple[Item, ...] = (
    Item(
        "AUB-CR01",
        ("Crème hydratante au bleuet", "矢车菊保湿面霜"),
        "Soin visage > Crèmes",
        (
            p(
                "Une crème légère à l'eau florale de bleuet, pensée pour les peaux normales "
                "à mixtes. Sa texture fondante pénètre vite et laisse la peau souple et "
                "confortable toute la journée.",
                "蕴含矢车菊花水的轻盈面霜，适合中性到混合性肌肤。质地柔滑，迅速吸收，"
                "令肌肤全天柔软舒适。",
            ),
            ul(
                ("Eau florale de bleuet de Provence", "普罗旺斯矢车菊花水"),
                ("Texture fondante, fini non gras", "质地柔滑，不油腻"),
                ("Flacon pompe de 50 ml", "50毫升按压瓶"),
            ),
            use(
                "appliquer matin et soir sur le visage et le cou nettoyés.",
                "早晚取适量，涂抹于洁净的面部及颈部。",
            ),
        ),
        SKIN,
        (V("38.00", 140),),
        images=3,
        content="50 ml",
        weight="0.16",
        shelf_life=30,
    ),
    Item(
        "AUB-CR02",
        ("Crème riche à l'huile d'argan", "摩洛哥坚果油滋养霜"),
        "Soin visage > Crèmes",
        (
            p(
                "Une crème riche à l'huile d'argan et au beurre de karité pour les peaux "
                "sèches. Elle nourrit la peau et l'aide à retrouver son confort, même par "
                "temps froid.",
                "含摩洛哥坚果油与乳木果油的滋养面霜，适合干性肌肤。为肌肤补充养分，"
                "即使在寒冷天气中也能保持舒适。",
            ),
            ul(
                ("Huile d'argan issue de l'agriculture biologique", "有机农业摩洛哥坚果油"),
                ("Beurre de karité", "乳木果油"),
                ("Pour peaux sèches à très sèches", "适合干性及非常干燥的肌肤"),
            ),
            use(
                "appliquer le soir en massant du centre du visage vers l'extérieur.",
                "晚间取适量，由面部中央向外轻柔按摩直到吸收。",
            ),
        ),
        SKIN,
        (V("44.00", 85),),
        content="50 ml",
        weight="0.17",
        shelf_life=30,
    ),
    Item(
        "AUB-CR03",
        ("Crème de nuit à la rose de mai", "五月玫瑰晚霜"),
        "Soin visage > Crèmes",
        (
            p(
                "Un soin de nuit à l'extrait de rose de mai cultivée à Grasse. Sa texture "
                "enveloppante nourrit la peau pendant le sommeil ; au réveil, la peau est "
                "douce et reposée.",
                "蕴含格拉斯五月玫瑰提取物的晚间护理霜。质地丰润，在睡眠中滋养肌肤；"
                "清晨醒来，肌肤柔嫩，神采焕发。",
            ),
            ul(
                ("Extrait de rose centifolia de Grasse", "格拉斯百叶玫瑰提取物"),
                ("Huile de jojoba", "荷荷巴油"),
                ("Parfum délicat de rose", "淡雅玫瑰香气"),
            ),
            use(
                "appliquer le soir sur le visage et le cou nettoyés.",
                "晚间涂抹于洁净的面部及颈部。",
            ),
        ),
        SKIN,
        (V("52.00", 60),),
        images=3,
        content="50 ml",
        weight="0.18",
        shelf_life=30,
    ),
    Item(
        "AUB-CR04",
        ("Gel-crème fraîcheur au concombre", "黄瓜清爽凝霜"),
        "Soin visage > Crèmes",
        (
            p(
                "Un gel-crème frais et léger au concombre et à l'aloe vera, pour les peaux "
                "mixtes à grasses. Il hydrate sans alourdir et laisse un fini mat.",
                "含黄瓜与芦荟的清爽凝霜，质地轻盈，适合混合性到油性肌肤。补水而不厚重，"
                "令肌肤呈现哑光质感。",
            ),
            ul(
                ("Extrait de concombre", "黄瓜提取物"),
                ("Aloe vera", "芦荟"),
                ("Fini mat, sans film gras", "哑光质感，不留油膜"),
            ),
            use(
                "appliquer matin et soir, seul ou sous le maquillage.",
                "早晚使用，可单独使用，也可作为妆前打底。",
            ),
        ),
        SKIN,
        (V("32.00", 120),),
        content="50 ml",
        weight="0.15",
        shelf_life=24,
    ),
    Item(
        "AUB-SE01",
        ("Sérum hydratant à l'acide hyaluronique", "玻尿酸保湿精华"),
        "Soin visage > Sérums et huiles",
        (
            p(
                "Un sérum fluide à l'acide hyaluronique et à l'eau de rose. Il apporte à la "
                "peau l'hydratation dont elle a besoin et prépare à l'application de la crème.",
                "含玻尿酸与玫瑰水的水润精华，为肌肤补充所需水分，并为后续面霜的使用做好准备。",
            ),
            ul(
                ("Acide hyaluronique de deux poids moléculaires", "双分子量玻尿酸"),
                ("Eau de rose de Grasse", "格拉斯玫瑰水"),
                ("Flacon compte-gouttes en verre", "玻璃滴管瓶"),
            ),
            use(
                "déposer quelques gouttes matin et soir avant la crème.",
                "早晚洁面后取数滴，于面霜前使用。",
            ),
        ),
        SKIN,
        (V("48.00", 95),),
        images=3,
        content="30 ml",
        weight="0.12",
        shelf_life=24,
    ),
    Item(
        "AUB-SE02",
        ("Sérum à l'huile de rose musquée", "玫瑰果油精华"),
        "Soin visage > Sérums et huiles",
        (
            p(
                "Un sérum huileux à l'huile de rose musquée et à la vitamine E, pour les "
                "peaux sèches. Quelques gouttes suffisent à rendre la peau souple et lumineuse.",
                "含玫瑰果油与维生素E的精华油，适合干性肌肤。只需数滴，即可令肌肤柔软而有光泽。",
            ),
            ul(
                ("Huile de rose musquée du Chili", "智利玫瑰果油"),
                ("Vitamine E", "维生素E"),
                ("Sans parfum ajouté", "不添加香精"),
            ),
            use(
                "appliquer 3 à 4 gouttes le soir sur la peau nettoyée.",
                "晚间洁面后取3到4滴涂抹。",
            ),
        ),
        SKIN,
        (V("46.00", 70),),
        content="30 ml",
        weight="0.12",
        shelf_life=24,
    ),
    Item(
        "AUB-SE03",
        ("Huile visage au néroli", "橙花护肤油"),
        "Soin visage > Sérums et huiles",
        (
            p(
                "Une huile visage légère à l'huile essentielle de néroli et à l'huile de "
                "noisette. Elle nourrit la peau sans laisser de film gras et diffuse un "
                "parfum frais de fleur d'oranger.",
                "含橙花精油与榛子油的轻盈面部护肤油，滋养肌肤而不留油膜，散发清新的橙花香气。",
            ),
            ul(
                ("Huile essentielle de néroli", "橙花精油"),
                ("Huile de noisette", "榛子油"),
                ("Convient aux peaux normales à sèches", "适合中性到干性肌肤"),
            ),
        ),
        SKIN,
        (V("42.00", 55),),
        content="30 ml",
        weight="0.12",
        shelf_life=24,
    ),
    Item(
        "AUB-NE01",
        ("Lait démaquillant à la camomille", "洋甘菊卸妆乳"),
        "Soin visage > Démaquillants et nettoyants",
        (
            p(
                "Un lait démaquillant doux à l'eau de camomille, pour toutes les peaux, même "
                "sensibles. Il retire le maquillage et les impuretés sans tirailler.",
                "含洋甘菊花水的温和卸妆乳，适合各种肤质，包括敏感肌肤。轻松卸除彩妆与污垢，"
                "洗后不紧绷。",
            ),
            ul(
                ("Eau de camomille romaine", "罗马洋甘菊花水"),
                ("Huile d'amande douce", "甜杏仁油"),
                ("Flacon de 200 ml", "200毫升瓶装"),
            ),
            use(
                "appliquer avec un coton puis rincer ou retirer l'excédent.",
                "用化妆棉蘸取涂抹，再以清水冲净或擦去多余部分。",
            ),
        ),
        SKIN,
        (V("22.00", 180),),
        content="200 ml",
        weight="0.26",
        shelf_life=24,
    ),
    Item(
        "AUB-NE02",
        ("Eau micellaire au bleuet", "矢车菊卸妆水"),
        "Soin visage > Démaquillants et nettoyants",
        (
            p(
                "Une eau micellaire au bleuet qui démaquille le visage et les yeux en un seul "
                "geste. Sans rinçage, elle laisse la peau fraîche et nette.",
                "含矢车菊的胶束卸妆水，一步卸除面部及眼部妆容。免冲洗，洗后肌肤清爽洁净。",
            ),
            ul(
                ("Eau florale de bleuet", "矢车菊花水"),
                ("Sans alcool", "不含酒精"),
                ("Grand format de 400 ml", "400毫升大容量"),
            ),
        ),
        SKIN,
        (V("18.00", 210),),
        images=1,
        content="400 ml",
        weight="0.45",
        shelf_life=24,
    ),
    Item(
        "AUB-NE03",
        ("Gel nettoyant à l'eau de rose", "玫瑰水洁面啫喱"),
        "Soin visage > Démaquillants et nettoyants",
        (
            p(
                "Un gel nettoyant moussant à l'eau de rose, pour un nettoyage doux matin et "
                "soir. La peau est propre, fraîche et confortable.",
                "含玫瑰水的泡沫洁面啫喱，早晚温和清洁。洗后肌肤洁净、清爽、舒适。",
            ),
            ul(
                ("Eau de rose de Grasse", "格拉斯玫瑰水"),
                ("Base lavante d'origine végétale", "植物来源清洁成分"),
                ("Pour peaux normales à mixtes", "适合中性到混合性肌肤"),
            ),
        ),
        SKIN,
        (V("19.50", 160),),
        content="150 ml",
        weight="0.2",
        shelf_life=24,
    ),
    Item(
        "AUB-NE04",
        ("Baume démaquillant aux huiles végétales", "植物油卸妆膏"),
        "Soin visage > Démaquillants et nettoyants",
        (
            p(
                "Un baume fondant qui se transforme en huile au contact de la peau et dissout "
                "le maquillage, même waterproof. Il s'émulsionne à l'eau et se rince facilement.",
                "质地柔滑的卸妆膏，接触肌肤后化为油状，轻松溶解彩妆，防水妆容亦可卸除。"
                "遇水乳化，易于冲洗。",
            ),
            ul(
                ("Huiles de tournesol et de cameline", "葵花籽油与亚麻荠油"),
                ("Texture baume fondante", "融化型膏状质地"),
                ("Pot de 100 ml avec spatule", "100毫升罐装，附挖勺"),
            ),
        ),
        SKIN,
        (V("29.00", 75),),
        content="100 ml",
        weight="0.2",
        shelf_life=24,
    ),
    Item(
        "AUB-MA01",
        ("Masque à l'argile rose", "粉色黏土面膜"),
        "Soin visage > Masques",
        (
            p(
                "Un masque à l'argile rose et à l'huile de noyau d'abricot qui nettoie la peau "
                "en douceur et lui redonne de l'éclat. Adapté aux peaux sensibles.",
                "含粉色黏土与杏核油的面膜，温和清洁肌肤，令肌肤焕发光彩。适合敏感肌肤。",
            ),
            ul(
                ("Argile rose (kaolin et illite)", "粉色黏土（高岭土与伊利石）"),
                ("Huile de noyau d'abricot", "杏核油"),
                ("Temps de pose : 10 minutes", "敷用时间：10分钟"),
            ),
            use(
                "appliquer en couche épaisse une à deux fois par semaine, puis rincer à "
                "l'eau tiède.",
                "每周一到两次，厚涂于面部，10分钟后用温水洗净。",
            ),
        ),
        SKIN,
        (V("26.00", 90),),
        content="75 ml",
        weight="0.14",
        shelf_life=18,
    ),
    Item(
        "AUB-MA02",
        ("Masque de nuit au miel de lavande", "薰衣草蜂蜜睡眠面膜"),
        "Soin visage > Masques",
        (
            p(
                "Un masque de nuit sans rinçage au miel de lavande et à l'huile de bourrache. "
                "Il nourrit la peau pendant la nuit et la laisse douce au réveil.",
                "含薰衣草蜂蜜与琉璃苣油的免洗睡眠面膜，在夜间滋养肌肤，清晨醒来肌肤柔嫩。",
            ),
            ul(
                ("Miel de lavande de Provence", "普罗旺斯薰衣草蜂蜜"),
                ("Huile de bourrache", "琉璃苣油"),
                ("À laisser poser toute la nuit", "睡前涂抹，整夜停留"),
            ),
        ),
        SKIN,
        (V("31.00", 65),),
        content="75 ml",
        weight="0.14",
        shelf_life=18,
    ),
    Item(
        "AUB-YE01",
        ("Crème contour des yeux au bleuet", "矢车菊眼霜"),
        "Soin visage > Contour des yeux",
        (
            p(
                "Un soin contour des yeux à l'eau de bleuet et à la caféine, à la texture "
                "fraîche. Il hydrate la peau fine du contour de l'œil et la rend plus lisse.",
                "含矢车菊花水与咖啡因的眼部护理霜，质地清凉。滋润眼周细薄肌肤，令其更显平滑。",
            ),
            ul(
                ("Eau florale de bleuet", "矢车菊花水"),
                ("Caféine", "咖啡因"),
                ("Embout en métal rafraîchissant", "清凉金属涂抹头"),
            ),
        ),
        SKIN,
        (V("34.00", 80),),
        content="15 ml",
        weight="0.08",
        shelf_life=24,
    ),
    Item(
        "AUB-CO01",
        ("Lait corps à la fleur d'oranger", "橙花身体乳"),
        "Soin corps > Laits et baumes",
        (
            p(
                "Un lait corps fluide à l'eau de fleur d'oranger, qui pénètre vite et parfume "
                "délicatement la peau.",
                "含橙花水的清爽身体乳，迅速吸收，为肌肤留下淡雅香气。",
            ),
            ul(
                ("Eau de fleur d'oranger", "橙花水"),
                ("Huile d'amande douce", "甜杏仁油"),
                ("Texture fluide, pénétration rapide", "质地轻盈，吸收迅速"),
            ),
        ),
        SKIN,
        (V("27.00", 110),),
        content="200 ml",
        weight="0.25",
        shelf_life=30,
    ),
    Item(
        "AUB-CO02",
        ("Baume corps au beurre de karité", "乳木果身体润肤膏"),
        "Soin corps > Laits et baumes",
        (
            p(
                "Un baume riche au beurre de karité et à l'huile de coco pour les zones "
                "sèches : coudes, genoux, talons.",
                "含乳木果油与椰子油的丰润身体润肤膏，适用于手肘、膝盖、脚跟等干燥部位。",
            ),
            ul(
                ("Beurre de karité du Burkina Faso", "布基纳法索乳木果油"),
                ("Huile de coco", "椰子油"),
                ("Sans parfum ajouté", "不添加香精"),
            ),
        ),
        SKIN,
        (V("32.00", 70),),
        content="200 ml",
        weight="0.3",
        shelf_life=30,
    ),
    Item(
        "AUB-CO03",
        ("Huile sèche corps et cheveux", "身体秀发护理油"),
        "Soin corps > Huiles",
        (
            p(
                "Une huile sèche aux huiles de camélia et de monoï, qui nourrit la peau et les "
                "cheveux sans les graisser. Elle laisse un voile délicatement parfumé.",
                "含山茶花油与莫诺伊油的干性护理油，滋养肌肤与秀发而不油腻，留下淡雅芬芳。",
            ),
            ul(
                ("Huile de camélia", "山茶花油"),
                ("Monoï de Tahiti", "大溪地莫诺伊油"),
                ("Vaporisateur de 100 ml", "100毫升喷雾瓶"),
            ),
        ),
        SKIN,
        (V("35.00", 65),),
        content="100 ml",
        weight="0.2",
        shelf_life=24,
    ),
    Item(
        "AUB-GO01",
        ("Gommage corps au sucre et à la figue", "无花果身体磨砂膏"),
        "Soin corps > Gommages",
        (
            p(
                "Un gommage au sucre de canne et à l'huile de figue de Barbarie, qui élimine "
                "les peaux sèches et laisse la peau douce et parfumée.",
                "含蔗糖与仙人掌果油的身体磨砂膏，去除干燥角质，令肌肤柔滑芬芳。",
            ),
            ul(
                ("Sucre de canne", "蔗糖颗粒"),
                ("Huile de figue de Barbarie", "仙人掌果油"),
                ("Parfum de figue verte", "青无花果香气"),
            ),
            use(
                "masser sur peau humide une à deux fois par semaine, puis rincer.",
                "每周一到两次，于湿润肌肤上打圈按摩，再用清水冲净。",
            ),
        ),
        SKIN,
        (V("29.00", 85),),
        content="200 ml",
        weight="0.32",
        shelf_life=24,
    ),
    Item(
        "AUB-MN01",
        ("Crème mains à la lavande", "薰衣草护手霜"),
        "Soin corps > Mains",
        (
            p(
                "Une crème mains à l'huile essentielle de lavande de Provence et au beurre de "
                "karité. Elle pénètre rapidement et protège les mains du dessèchement.",
                "含普罗旺斯薰衣草精油与乳木果油的护手霜。迅速吸收，呵护双手免受干燥困扰。",
            ),
            ul(
                ("Huile essentielle de lavande fine", "真正薰衣草精油"),
                ("Beurre de karité", "乳木果油"),
                ("Existe en 30 ml et 75 ml", "有30毫升和75毫升两种规格"),
            ),
        ),
        SKIN,
        (
            V("12.00", 240, content="30 ml", weight="0.05"),
            V("21.00", 150, content="75 ml", weight="0.1"),
        ),
        shelf_life=30,
    ),
    Item(
        "AUB-DE01",
        ("Déodorant roll-on au thé vert", "绿茶走珠香体露"),
        "Soin corps > Déodorants",
        (
            p(
                "Un déodorant à bille sans sels d'aluminium, au parfum frais de thé vert.",
                "不含铝盐的走珠香体露，散发清新绿茶香气。",
            ),
            ul(
                ("Sans sels d'aluminium", "不含铝盐"),
                ("Parfum de thé vert", "绿茶香气"),
                ("Flacon en verre", "玻璃瓶装"),
            ),
        ),
        DEODORANT,
        (V("14.00", 200),),
        images=1,
        content="50 ml",
        weight="0.12",
        shelf_life=24,
    ),
    Item(
        "AUB-BA01",
        ("Sels de bain à la lavande", "薰衣草浴盐"),
        "Bain et douche > Sels et huiles de bain",
        (
            p(
                "Des sels de bain de Camargue à l'huile essentielle de lavande, pour un bain "
                "relaxant après une longue journée.",
                "含薰衣草精油的卡马格浴盐，结束忙碌的日程后，享受一段放松的沐浴时光。",
            ),
            ul(
                ("Sel de Camargue", "卡马格海盐"),
                ("Huile essentielle de lavande", "薰衣草精油"),
                ("Bocal en verre de 300 g", "300克玻璃罐装"),
            ),
        ),
        BATH,
        (V("19.00", 100),),
        content="300 g",
        weight="0.55",
        shelf_life=36,
    ),
    Item(
        "AUB-BA02",
        ("Huile de bain au figuier", "无花果沐浴油"),
        "Bain et douche > Sels et huiles de bain",
        (
            p(
                "Une huile de bain et de douche aux notes de feuille de figuier, qui se "
                "transforme en lait au contact de l'eau.",
                "带有无花果叶香调的沐浴油，遇水即化为乳液，适用于泡澡与淋浴。",
            ),
            ul(
                ("Huile de tournesol", "葵花籽油"),
                ("Notes de feuille de figuier", "无花果叶香调"),
                ("Pour le bain et la douche", "泡澡、淋浴皆宜"),
            ),
        ),
        BATH,
        (V("24.00", 90),),
        content="100 ml",
        weight="0.2",
        shelf_life=24,
    ),
    Item(
        "AUB-CH01",
        ("Shampooing doux à l'ortie", "荨麻温和洗发水"),
        "Cheveux > Shampooings",
        (
            p(
                "Un shampooing doux à l'extrait d'ortie pour les cheveux normaux à gras, "
                "adapté à un usage fréquent.",
                "含荨麻提取物的温和洗发水，适合中性到油性发质，可经常使用。",
            ),
            ul(
                ("Extrait d'ortie", "荨麻提取物"),
                ("Base lavante douce d'origine végétale", "植物来源温和清洁成分"),
                ("Flacon de 250 ml", "250毫升瓶装"),
            ),
        ),
        SHAMPOO,
        (V("18.00", 150),),
        content="250 ml",
        weight="0.3",
        shelf_life=24,
    ),
    Item(
        "AUB-CH02",
        ("Shampooing nutrition au miel", "蜂蜜滋养洗发水"),
        "Cheveux > Shampooings",
        (
            p(
                "Un shampooing nourrissant au miel et à l'huile d'argan pour les cheveux "
                "secs. Les cheveux sont doux et faciles à coiffer.",
                "含蜂蜜与摩洛哥坚果油的滋养洗发水，适合干性发质。洗后秀发柔顺，易于打理。",
            ),
            ul(
                ("Miel de Provence", "普罗旺斯蜂蜜"),
                ("Huile d'argan", "摩洛哥坚果油"),
                ("Pour cheveux secs", "适合干性发质"),
            ),
        ),
        SHAMPOO,
        (V("19.00", 140),),
        content="250 ml",
        weight="0.3",
        shelf_life=24,
    ),
    Item(
        "AUB-CH03",
        ("Masque capillaire à l'huile d'argan", "摩洛哥坚果油发膜"),
        "Cheveux > Soins",
        (
            p(
                "Un masque nourrissant à l'huile d'argan et au beurre de karité pour les "
                "cheveux secs ou épais.",
                "含摩洛哥坚果油与乳木果油的滋养发膜，适合干燥或粗硬的秀发。",
            ),
            ul(
                ("Huile d'argan", "摩洛哥坚果油"),
                ("Beurre de karité", "乳木果油"),
                ("Temps de pose : 5 minutes", "停留5分钟后冲净"),
            ),
        ),
        HAIR,
        (V("26.00", 95),),
        content="200 ml",
        weight="0.28",
        shelf_life=24,
    ),
    Item(
        "AUB-CH04",
        ("Après-shampooing démêlant au lin", "亚麻籽顺滑护发素"),
        "Cheveux > Soins",
        (
            p(
                "Un après-shampooing léger à l'extrait de graines de lin, qui démêle les "
                "cheveux sans les alourdir.",
                "含亚麻籽提取物的轻盈护发素，令秀发顺滑易梳，不显厚重。",
            ),
            ul(
                ("Extrait de graines de lin", "亚麻籽提取物"),
                ("Texture légère", "质地轻盈"),
                ("Pour tous types de cheveux", "适合各种发质"),
            ),
        ),
        HAIR,
        (V("18.00", 130),),
        images=1,
        content="200 ml",
        weight="0.25",
        shelf_life=24,
    ),
    Item(
        "AUB-PA01",
        ("Eau de parfum Jardin de Grasse", "格拉斯花园淡香精"),
        "Parfums > Eaux de parfum",
        (
            p(
                "Un floral vert inspiré des jardins de Grasse au printemps : la rose de mai et "
                "le jasmin s'ouvrent sur des notes de feuilles vertes et de mandarine.",
                "灵感源自春日格拉斯花园的绿意花香调：五月玫瑰与茉莉在青叶与柑橘的香调中绽放。",
            ),
            ul(
                ("Notes de tête : mandarine, feuilles vertes", "前调：柑橘、青叶"),
                ("Notes de cœur : rose de mai, jasmin", "中调：五月玫瑰、茉莉"),
                ("Notes de fond : musc blanc, cèdre", "后调：白麝香、雪松"),
            ),
        ),
        PERFUME,
        (
            V("48.00", 60, content="30 ml", weight="0.18"),
            V("68.00", 90, content="50 ml", weight="0.26"),
            V("95.00", 45, content="100 ml", weight="0.42"),
        ),
        images=3,
        shelf_life=36,
    ),
    Item(
        "AUB-PA02",
        ("Eau de parfum Ambre et Santal", "琥珀檀香淡香精"),
        "Parfums > Eaux de parfum",
        (
            p(
                "Un boisé ambré chaleureux, où le bois de santal rencontre la vanille et une "
                "touche de cardamome.",
                "温暖的木质琥珀调，檀香木与香草交融，点缀一丝小豆蔻。",
            ),
            ul(
                ("Notes de tête : cardamome, bergamote", "前调：小豆蔻、佛手柑"),
                ("Notes de cœur : bois de santal, iris", "中调：檀香木、鸢尾"),
                ("Notes de fond : ambre, vanille", "后调：琥珀、香草"),
            ),
        ),
        PERFUME,
        (V("72.00", 50),),
        content="50 ml",
        weight="0.26",
        shelf_life=36,
    ),
    Item(
        "AUB-PA03",
        ("Eau de parfum Figue Sauvage", "野生无花果淡香精"),
        "Parfums > Eaux de parfum",
        (
            p(
                "Un parfum lumineux qui évoque une promenade en Provence à la fin de l'été, "
                "entre figuiers et herbes sèches.",
                "明亮的香气，仿佛夏末漫步于普罗旺斯的无花果树与干草之间。",
            ),
            ul(
                ("Notes de tête : feuille de figuier, citron", "前调：无花果叶、柠檬"),
                ("Notes de cœur : figue, lait de coco", "中调：无花果、椰奶"),
                ("Notes de fond : bois de cèdre, fève tonka", "后调：雪松木、零陵香豆"),
            ),
        ),
        PERFUME,
        (V("68.00", 40),),
        content="50 ml",
        weight="0.26",
        shelf_life=36,
    ),
    Item(
        "AUB-PT01",
        ("Eau de toilette Brise d'Iris", "鸢尾微风淡香水"),
        "Parfums > Eaux de toilette",
        (
            p(
                "Une eau de toilette fraîche et poudrée, où l'iris se mêle à la poire et au musc.",
                "清新的粉质香调淡香水，鸢尾与梨子、麝香交织。",
            ),
            ul(
                ("Notes de tête : poire, bergamote", "前调：梨子、佛手柑"),
                ("Notes de cœur : iris, violette", "中调：鸢尾、紫罗兰"),
                ("Notes de fond : musc, bois blond", "后调：麝香、浅色木质"),
            ),
        ),
        TOILET_WATER,
        (
            V("45.00", 70, content="50 ml", weight="0.25"),
            V("62.00", 55, content="100 ml", weight="0.4"),
        ),
        shelf_life=36,
    ),
    Item(
        "AUB-PT02",
        ("Eau de toilette Néroli Bleu", "蓝色橙花淡香水"),
        "Parfums > Eaux de toilette",
        (
            p(
                "Une eau de toilette hespéridée, fraîche comme un matin d'été sur la Méditerranée.",
                "柑橘调淡香水，清新如地中海的夏日清晨。",
            ),
            ul(
                ("Notes de tête : citron, néroli", "前调：柠檬、橙花油"),
                ("Notes de cœur : fleur d'oranger, romarin", "中调：橙花、迷迭香"),
                ("Notes de fond : vétiver, notes marines", "后调：香根草、海洋调"),
            ),
        ),
        TOILET_WATER,
        (V("58.00", 60),),
        content="100 ml",
        weight="0.4",
        shelf_life=36,
    ),
    Item(
        "AUB-LV01",
        ("Rouge à lèvres satiné", "缎光口红"),
        "Maquillage > Lèvres",
        (
            p(
                "Un rouge à lèvres au fini satiné, enrichi en huile de jojoba et en cire de "
                "candelilla. La couleur se dépose en un seul passage et les lèvres restent "
                "confortables.",
                "缎光质地口红，添加荷荷巴油与小烛树蜡。一抹即显色，双唇保持舒适。",
            ),
            ul(
                ("Fini satiné", "缎光妆效"),
                ("Huile de jojoba", "荷荷巴油"),
                ("Étui rechargeable", "可替换膏芯的外壳"),
            ),
        ),
        LIP,
        (
            V("26.00", 80, colour="Rose poudré"),
            V("26.00", 95, colour="Rouge cerise"),
            V("26.00", 60, colour="Bois de rose"),
        ),
        images=3,
        content="3,5 g",
        weight="0.05",
        shelf_life=36,
    ),
    Item(
        "AUB-LV02",
        ("Baume à lèvres à la cire d'abeille", "蜂蜡润唇膏"),
        "Maquillage > Lèvres",
        (
            p(
                "Un baume à lèvres nourrissant à la cire d'abeille et au beurre de cacao, pour "
                "les lèvres sèches.",
                "含蜂蜡与可可脂的滋润润唇膏，适合干燥的双唇。",
            ),
            ul(
                ("Cire d'abeille", "蜂蜡"),
                ("Beurre de cacao", "可可脂"),
                ("Format de poche", "便携小巧"),
            ),
        ),
        LIP,
        (V("12.00", 220),),
        images=1,
        content="4,5 g",
        weight="0.03",
        shelf_life=36,
    ),
    Item(
        "AUB-YX01",
        ("Mascara volume", "浓密睫毛膏"),
        "Maquillage > Yeux",
        (
            p(
                "Un mascara qui donne du volume aux cils sans paquets, grâce à sa brosse en "
                "fibres. Se retire à l'eau tiède et au démaquillant.",
                "纤维刷头睫毛膏，令睫毛浓密而不结块。可用温水及卸妆产品卸除。",
            ),
            ul(
                ("Brosse en fibres", "纤维刷头"),
                ("Cire de carnauba", "巴西棕榈蜡"),
                ("Couleur noire", "黑色"),
            ),
        ),
        EYE,
        (V("24.00", 130),),
        content="10 ml",
        weight="0.04",
        shelf_life=24,
    ),
    Item(
        "AUB-YX02",
        ("Crayon yeux", "眼线笔"),
        "Maquillage > Yeux",
        (
            p(
                "Un crayon yeux à la mine douce, qui glisse facilement pour tracer un trait "
                "fin ou estomper un regard fumé.",
                "笔芯柔软的眼线笔，顺滑易画，可描绘纤细眼线，也可晕染出烟熏眼妆。",
            ),
            ul(
                ("Mine douce et crémeuse", "柔滑笔芯"),
                ("Taille-crayon intégré au capuchon", "笔帽内置卷笔刀"),
                ("Trois teintes", "三种颜色可选"),
            ),
        ),
        EYE,
        (
            V("16.00", 110, colour="Noir"),
            V("16.00", 75, colour="Marron"),
            V("16.00", 50, colour="Bleu nuit"),
        ),
        content="1,2 g",
        weight="0.02",
        shelf_life=36,
    ),
    Item(
        "AUB-TE01",
        ("Poudre libre matifiante", "哑光散粉"),
        "Maquillage > Teint",
        (
            p(
                "Une poudre libre translucide qui matifie le teint et fixe le maquillage, sans "
                "effet plâtre.",
                "透明散粉，令妆容哑光并帮助定妆，不显厚重。",
            ),
            ul(
                ("Poudre de riz", "米粉"),
                ("Teinte translucide", "透明色"),
                ("Houppette incluse", "附赠粉扑"),
            ),
        ),
        POWDER,
        (V("32.00", 70),),
        content="20 g",
        weight="0.09",
        shelf_life=36,
    ),
    Item(
        "AUB-TE02",
        ("Fond de teint fluide", "轻薄粉底液"),
        "Maquillage > Teint",
        (
            p(
                "Un fond de teint fluide à la couvrance légère, qui laisse un fini naturel.",
                "遮盖力轻薄的粉底液，呈现自然妆效。",
            ),
            ul(
                ("Couvrance légère et modulable", "轻薄可叠加"),
                ("Fini naturel", "自然妆效"),
                ("Flacon pompe en verre", "玻璃按压瓶"),
            ),
        ),
        SKIN,
        (
            V("36.00", 55, colour="Ivoire"),
            V("36.00", 70, colour="Beige clair"),
            V("36.00", 45, colour="Beige doré"),
        ),
        images=3,
        content="30 ml",
        weight="0.11",
        shelf_life=24,
    ),
    Item(
        "AUB-ON01",
        ("Vernis à ongles", "指甲油"),
        "Maquillage > Ongles",
        (
            p(
                "Un vernis à ongles brillant, facile à appliquer, qui tient plusieurs jours.",
                "亮泽指甲油，易于涂抹，持色数日。",
            ),
            ul(
                ("Pinceau large", "宽扁刷头"),
                ("Fini brillant", "亮泽妆效"),
                ("Séchage en 5 minutes", "5分钟快干"),
            ),
        ),
        NAIL,
        (
            V("14.00", 120, colour="Rouge cerise"),
            V("14.00", 100, colour="Rose poudré"),
            V("14.00", 85, colour="Bordeaux"),
        ),
        content="10 ml",
        weight="0.06",
        shelf_life=24,
    ),
)


# ---------------------------------------------------------------------------------------
# 2. Wine and spirits: Vérancourt (négociant, Beaune)
# ---------------------------------------------------------------------------------------

WINE_CATEGORIES: dict[str, str] = {
    "Vins > Bordeaux": "葡萄酒 > 波尔多",
    "Vins > Bourgogne": "葡萄酒 > 勃艮第",
    "Vins > Vallée du Rhône": "葡萄酒 > 罗讷河谷",
    "Vins > Val de Loire": "葡萄酒 > 卢瓦尔河谷",
    "Vins > Alsace": "葡萄酒 > 阿尔萨斯",
    "Vins > Provence": "葡萄酒 > 普罗旺斯",
    "Champagnes et crémants > Champagne": "香槟与起泡酒 > 香槟",
    "Champagnes et crémants > Crémant": "香槟与起泡酒 > 克雷芒",
    "Spiritueux > Cognac": "烈酒 > 干邑",
    "Spiritueux > Armagnac": "烈酒 > 雅文邑",
    "Spiritueux > Calvados": "烈酒 > 卡尔瓦多斯",
}

# Chinese 8-digit tariff codes, written with dots as many French sheets do (the reader
# keeps the digits): still wine ≤ 2 l, sparkling wine, grape brandy, other spirits.
STILL, SPARKLING = "2204.21.00", "2204.10.00"
BRANDY, OTHER_SPIRIT = "2208.20.00", "2208.90.90"


def wine(
    ref: str,
    name: Pair,
    category: str,
    text: Pair,
    hs: str,
    variants: Sequence[Variant],
    *,
    abv: str,
    vintage: str | None = None,
    content: str = "75 cl",
    weight: str = "1.3",
    images: int = 2,
) -> Item:
    """A wine or spirit: plain-text description, origin France."""
    return Item(
        ref,
        name,
        category,
        (p(*text),),
        hs,
        variants,
        images=images,
        content=content,
        weight=weight,
        vintage=vintage,
        abv=abv,
    )


MAGNUM = "150 cl"
HALF = "37,5 cl"

WINES: tuple[Item, ...] = (
    wine(
        "VER-BX01",
        ("Médoc rouge", "梅多克红葡萄酒"),
        "Vins > Bordeaux",
        (
            "Assemblage de cabernet sauvignon et de merlot, élevé 12 mois en barriques. Nez "
            "de cassis et de cèdre, tanins fermes. Servir à 17 °C avec une côte de bœuf ou "
            "un agneau rôti.",
            "赤霞珠与梅洛混酿，橡木桶陈酿12个月。黑醋栗与雪松香气，单宁结实。"
            "建议侍酒温度17°C，可搭配肋眼牛排或烤羊肉。",
        ),
        STILL,
        (V("19.90", 240),),
        abv="13,5",
        vintage="2019",
    ),
    wine(
        "VER-BX02",
        ("Saint-Émilion", "圣埃美隆红葡萄酒"),
        "Vins > Bordeaux",
        (
            "Merlot majoritaire complété de cabernet franc, sur les plateaux calcaires de "
            "Saint-Émilion. Fruits rouges mûrs, texture souple. Servir à 16-17 °C avec un "
            "magret de canard.",
            "以梅洛为主，辅以品丽珠，产自圣埃美隆石灰岩台地。成熟红色水果风味，口感柔顺。"
            "建议侍酒温度16-17°C，可搭配鸭胸肉。",
        ),
        STILL,
        (V("29.50", 150),),
        abv="14",
        vintage="2018",
    ),
    wine(
        "VER-BX03",
        ("Pessac-Léognan rouge", "佩萨克-雷奥良红酒"),
        "Vins > Bordeaux",
        (
            "Des graves profondes et le cabernet sauvignon donnent un vin fin aux notes de "
            "fumée et de fruits noirs. Élevé 14 mois en fûts de chêne. Servir à 17 °C.",
            "深厚的砾石土壤与赤霞珠造就了这款细腻的葡萄酒，带有烟熏与黑色水果气息。"
            "橡木桶陈酿14个月。建议侍酒温度17°C。",
        ),
        STILL,
        (V("34.00", 90),),
        abv="13,5",
        vintage="2017",
    ),
    wine(
        "VER-BX04",
        ("Graves blanc", "格拉夫白葡萄酒"),
        "Vins > Bordeaux",
        (
            "Sauvignon blanc et sémillon vinifiés en partie en barriques. Agrumes, fleurs "
            "blanches et une touche beurrée. Servir à 10 °C avec des fruits de mer.",
            "长相思与赛美蓉混酿，部分于橡木桶中酿造。柑橘、白花香气，略带黄油风味。"
            "建议侍酒温度10°C，可搭配海鲜。",
        ),
        STILL,
        (V("16.50", 130),),
        abv="12,5",
        vintage="2022",
    ),
    wine(
        "VER-BX05",
        ("Sauternes", "苏玳甜白葡萄酒"),
        "Vins > Bordeaux",
        (
            "Vin liquoreux issu de raisins touchés par la pourriture noble, récoltés par "
            "tries successives. Abricot confit, miel et safran. Servir frais à 8 °C avec un "
            "foie gras ou un roquefort.",
            "以贵腐葡萄酿造，经多次分批采摘。蜜饯杏子、蜂蜜与藏红花风味。"
            "建议冰镇到8°C饮用，可搭配鹅肝或洛克福奶酪。",
        ),
        STILL,
        (
            V("24.00", 80, content=HALF, weight="0.75"),
            V("42.00", 60, content="75 cl", weight="1.3"),
        ),
        abv="13,5",
        vintage="2016",
    ),
    wine(
        "VER-BX06",
        ("Côtes de Bourg rouge", "布尔丘红葡萄酒"),
        "Vins > Bordeaux",
        (
            "Un bordeaux de la rive droite, fruité et facile, à dominante de merlot. À boire "
            "au quotidien, servi à 16 °C.",
            "产自右岸的波尔多葡萄酒，以梅洛为主，果香浓郁，易于入口。适合日常佐餐，"
            "建议侍酒温度16°C。",
        ),
        STILL,
        (V("11.90", 300),),
        abv="13",
        vintage="2021",
        images=1,
    ),
    wine(
        "VER-BX07",
        ("Bordeaux rosé", "波尔多桃红葡萄酒"),
        "Vins > Bordeaux",
        (
            "Un rosé de saignée au fruit gourmand de fraise et de groseille. Servir bien frais "
            "à 8-10 °C à l'apéritif ou avec des grillades.",
            "以放血法酿造的桃红葡萄酒，草莓与红醋栗果香诱人。建议冰镇到8-10°C，"
            "可作餐前酒或搭配烧烤。",
        ),
        STILL,
        (V("9.90", 280),),
        abv="12,5",
        vintage="2024",
        images=1,
    ),
    wine(
        "VER-BG01",
        ("Bourgogne Pinot noir", "勃艮第黑皮诺红酒"),
        "Vins > Bourgogne",
        (
            "Un pinot noir de Bourgogne friand, aux arômes de cerise et de framboise. Élevé "
            "10 mois en fûts. Servir à 15 °C avec une volaille ou un bœuf bourguignon.",
            "果味活泼的勃艮第黑皮诺，带有樱桃与覆盆子香气。橡木桶陈酿10个月。"
            "建议侍酒温度15°C，可搭配禽肉或勃艮第红酒炖牛肉。",
        ),
        STILL,
        (V("18.50", 200),),
        abv="13",
        vintage="2022",
    ),
    wine(
        "VER-BG02",
        ("Chablis", "夏布利白葡萄酒"),
        "Vins > Bourgogne",
        (
            "Chardonnay des sols kimméridgiens de Chablis : un vin vif et minéral, aux notes "
            "d'agrumes. Servir à 10 °C avec des huîtres.",
            "产自夏布利启莫里阶土壤的霞多丽：酒体清爽，矿物感突出，带有柑橘气息。"
            "建议侍酒温度10°C，可搭配生蚝。",
        ),
        STILL,
        (V("22.00", 180),),
        abv="12,5",
        vintage="2023",
    ),
    wine(
        "VER-BG03",
        ("Chablis Premier Cru Montmains", "夏布利一级园干白"),
        "Vins > Bourgogne",
        (
            "Un premier cru tendu et salin, élevé sur lies pendant 12 mois. Notes de citron, "
            "de pierre à fusil et d'amande. Servir à 11 °C.",
            "一级园霞多丽，酒体紧致，带有咸鲜感，带酒泥陈酿12个月。柠檬、燧石与杏仁气息。"
            "建议侍酒温度11°C。",
        ),
        STILL,
        (V("34.00", 70),),
        abv="13",
        vintage="2021",
    ),
    wine(
        "VER-BG04",
        ("Mâcon-Villages", "马孔村庄白葡萄酒"),
        "Vins > Bourgogne",
        (
            "Chardonnay du Mâconnais, rond et fruité, aux arômes de pêche blanche. Servir à "
            "10 °C avec une volaille à la crème.",
            "马孔内地区的霞多丽，圆润果香，带有白桃香气。建议侍酒温度10°C，可搭配奶油禽肉。",
        ),
        STILL,
        (V("14.50", 220),),
        abv="13",
        vintage="2023",
        images=1,
    ),
    wine(
        "VER-BG05",
        ("Pouilly-Fuissé", "普伊-富赛白葡萄酒"),
        "Vins > Bourgogne",
        (
            "Chardonnay ample élevé en fûts de chêne, aux notes de noisette grillée et de "
            "fruits jaunes. Servir à 12 °C avec un poisson en sauce.",
            "丰满的霞多丽，橡木桶陈酿，带有烤榛子与黄色水果气息。建议侍酒温度12°C，"
            "可搭配酱汁鱼类。",
        ),
        STILL,
        (V("29.00", 110),),
        abv="13,5",
        vintage="2022",
    ),
    wine(
        "VER-BG06",
        ("Givry rouge", "吉弗里红葡萄酒"),
        "Vins > Bourgogne",
        (
            "Pinot noir de la Côte chalonnaise, aux tanins fins et aux notes de fruits rouges. "
            "Servir à 15 °C avec une charcuterie ou un fromage doux.",
            "夏隆内丘的黑皮诺，单宁细致，带有红色水果气息。建议侍酒温度15°C，"
            "可搭配冷切肉或温和奶酪。",
        ),
        STILL,
        (V("24.50", 95),),
        abv="13",
        vintage="2021",
    ),
    wine(
        "VER-BG07",
        ("Côte de Nuits-Villages", "夜丘村庄红葡萄酒"),
        "Vins > Bourgogne",
        (
            "Pinot noir structuré, aux arômes de cassis et de sous-bois. Garde de 5 à 8 ans. "
            "Servir à 16 °C avec un gibier.",
            "结构感强的黑皮诺，带有黑醋栗与林下灌木气息。可陈放5到8年。建议侍酒温度16°C，"
            "可搭配野味。",
        ),
        STILL,
        (V("32.00", 85),),
        abv="13,5",
        vintage="2020",
    ),
    wine(
        "VER-RH01",
        ("Côtes du Rhône rouge", "罗讷河谷红葡萄酒"),
        "Vins > Vallée du Rhône",
        (
            "Grenache et syrah, pour un vin généreux aux notes de fruits rouges et d'épices. "
            "Servir à 16 °C avec des grillades.",
            "歌海娜与西拉混酿，酒体饱满，带有红色水果与香料气息。建议侍酒温度16°C，可搭配烧烤。",
        ),
        STILL,
        (V("10.50", 320),),
        abv="14",
        vintage="2022",
        images=1,
    ),
    wine(
        "VER-RH02",
        ("Crozes-Hermitage rouge", "克罗兹埃米塔日红酒"),
        "Vins > Vallée du Rhône",
        (
            "Syrah du nord de la vallée du Rhône, aux arômes de violette, de mûre et de "
            "poivre. Servir à 16 °C.",
            "罗讷河谷北部的西拉，带有紫罗兰、黑莓与胡椒香气。建议侍酒温度16°C。",
        ),
        STILL,
        (V("21.00", 140),),
        abv="13,5",
        vintage="2021",
    ),
    wine(
        "VER-RH03",
        ("Châteauneuf-du-Pape rouge", "教皇新堡红葡萄酒"),
        "Vins > Vallée du Rhône",
        (
            "Grenache, syrah et mourvèdre sur les galets roulés. Un vin riche et épicé, de "
            "garde. Servir à 17 °C avec un gibier ou une daube.",
            "歌海娜、西拉与慕合怀特混酿，产自鹅卵石土壤。酒体丰厚，香料风味浓郁，适合陈放。"
            "建议侍酒温度17°C，可搭配野味或法式炖肉。",
        ),
        STILL,
        (
            V("39.00", 120, content="75 cl", weight="1.3"),
            V("84.00", 24, content=MAGNUM, weight="2.6"),
        ),
        abv="14,5",
        vintage="2020",
        images=2,
    ),
    wine(
        "VER-LO01",
        ("Sancerre blanc", "桑塞尔白葡萄酒"),
        "Vins > Val de Loire",
        (
            "Sauvignon blanc vif aux notes d'agrumes et de buis. Servir à 10 °C avec un "
            "crottin de Chavignol.",
            "清爽的长相思，带有柑橘与黄杨气息。建议侍酒温度10°C，可搭配沙维尼奥尔山羊奶酪。",
        ),
        STILL,
        (V("21.50", 160),),
        abv="13",
        vintage="2023",
    ),
    wine(
        "VER-LO02",
        ("Muscadet Sèvre et Maine sur lie", "密斯卡岱白葡萄酒"),
        "Vins > Val de Loire",
        (
            "Melon de Bourgogne élevé sur lies, léger et iodé. Servir à 8 °C avec des huîtres "
            "et des fruits de mer.",
            "以勃艮第香瓜葡萄酿造，带酒泥陈酿，酒体轻盈，带有海洋气息。建议侍酒温度8°C，"
            "可搭配生蚝与海鲜。",
        ),
        STILL,
        (V("9.50", 260),),
        abv="12",
        vintage="2024",
        images=1,
    ),
    wine(
        "VER-LO03",
        ("Chinon rouge", "希农红葡萄酒"),
        "Vins > Val de Loire",
        (
            "Cabernet franc de Touraine, frais et fruité, aux notes de framboise et de "
            "poivron. Servir à 15 °C.",
            "都兰地区的品丽珠，清新果香，带有覆盆子与青椒气息。建议侍酒温度15°C。",
        ),
        STILL,
        (V("13.90", 170),),
        abv="12,5",
        vintage="2022",
    ),
    wine(
        "VER-AL01",
        ("Alsace Riesling", "阿尔萨斯雷司令"),
        "Vins > Alsace",
        (
            "Riesling sec et minéral, aux notes de citron vert et de fleurs blanches. Servir "
            "à 9 °C avec une choucroute ou un poisson.",
            "干型雷司令，矿物感鲜明，带有青柠与白花气息。建议侍酒温度9°C，"
            "可搭配阿尔萨斯酸菜或鱼类。",
        ),
        STILL,
        (V("13.50", 190),),
        abv="12,5",
        vintage="2022",
    ),
    wine(
        "VER-AL02",
        ("Alsace Gewurztraminer", "阿尔萨斯琼瑶浆"),
        "Vins > Alsace",
        (
            "Vin aromatique aux notes de litchi et de rose, légèrement moelleux. Servir à "
            "9 °C avec une cuisine épicée ou un munster.",
            "香气馥郁，带有荔枝与玫瑰气息，口感微甜。建议侍酒温度9°C，可搭配香辣菜肴或芒斯特奶酪。",
        ),
        STILL,
        (V("15.90", 150),),
        abv="13",
        vintage="2022",
    ),
    wine(
        "VER-PR01",
        ("Côtes de Provence rosé", "普罗旺斯丘桃红酒"),
        "Vins > Provence",
        (
            "Rosé pâle de grenache et de cinsault, aux notes de pêche et d'agrumes. Servir à 8 °C.",
            "以歌海娜与神索酿造的淡粉色桃红葡萄酒，带有桃子与柑橘气息。建议侍酒温度8°C。",
        ),
        STILL,
        (
            V("14.90", 260, content="75 cl", weight="1.25"),
            V("32.00", 40, content=MAGNUM, weight="2.5"),
        ),
        abv="13",
        vintage="2024",
    ),
    wine(
        "VER-CH01",
        ("Champagne brut Réserve", "珍藏干型香槟"),
        "Champagnes et crémants > Champagne",
        (
            "Assemblage des trois cépages de la Champagne avec 30 % de vins de réserve. "
            "Bulles fines, notes de brioche et de pomme. Servir à 8 °C.",
            "香槟区三种葡萄混酿，含30%的储备酒。气泡细腻，带有布里欧修面包与苹果气息。"
            "建议侍酒温度8°C。",
        ),
        SPARKLING,
        (
            V("36.00", 300, content="75 cl", weight="1.6"),
            V("79.00", 36, content=MAGNUM, weight="3.2"),
        ),
        abv="12",
    ),
    wine(
        "VER-CH02",
        ("Champagne rosé brut", "桃红干型香槟"),
        "Champagnes et crémants > Champagne",
        (
            "Rosé d'assemblage au fruit de fraise des bois et de framboise. Servir à 8 °C à "
            "l'apéritif.",
            "混酿桃红香槟，带有野草莓与覆盆子果香。建议侍酒温度8°C，适合餐前饮用。",
        ),
        SPARKLING,
        (V("44.00", 120),),
        abv="12",
        weight="1.6",
    ),
    wine(
        "VER-CH03",
        ("Champagne Blanc de blancs", "白中白香槟"),
        "Champagnes et crémants > Champagne",
        (
            "Issu de chardonnay de la Côte des Blancs. Vif et crayeux, aux notes d'agrumes. "
            "Servir à 8 °C avec des fruits de mer.",
            "以白丘的霞多丽酿造，口感清爽，带有白垩矿物感与柑橘气息。建议侍酒温度8°C，可搭配海鲜。",
        ),
        SPARKLING,
        (V("52.00", 90),),
        abv="12",
        weight="1.6",
    ),
    wine(
        "VER-CH04",
        ("Champagne millésimé", "年份香槟"),
        "Champagnes et crémants > Champagne",
        (
            "Champagne d'une seule année, vieilli sept ans sur lattes. Notes de fruits secs "
            "et de pain grillé. Servir à 9 °C.",
            "单一年份香槟，瓶中陈放七年。带有干果与烤面包气息。建议侍酒温度9°C。",
        ),
        SPARKLING,
        (V("68.00", 60),),
        abv="12,5",
        vintage="2016",
        weight="1.6",
        images=2,
    ),
    wine(
        "VER-CH05",
        ("Champagne demi-sec", "半干型香槟"),
        "Champagnes et crémants > Champagne",
        (
            "Un champagne plus doux, dosé à 35 g/l, pour accompagner les desserts. Servir à 7 °C.",
            "口感较甜的香槟，补液量为每升35克，适合搭配甜点。建议侍酒温度7°C。",
        ),
        SPARKLING,
        (V("38.00", 80),),
        abv="12",
        weight="1.6",
        images=1,
    ),
    wine(
        "VER-CR01",
        ("Crémant d'Alsace brut", "阿尔萨斯克雷芒"),
        "Champagnes et crémants > Crémant",
        (
            "Effervescent de pinot blanc élaboré selon la méthode traditionnelle. Frais et "
            "floral. Servir à 7 °C.",
            "以传统法酿造的白皮诺起泡酒，口感清新，带有花香。建议侍酒温度7°C。",
        ),
        SPARKLING,
        (V("12.90", 240),),
        abv="12",
        weight="1.6",
    ),
    wine(
        "VER-CR02",
        ("Crémant de Bourgogne rosé", "勃艮第桃红克雷芒"),
        "Champagnes et crémants > Crémant",
        (
            "Pinot noir en méthode traditionnelle, aux notes de groseille. Servir à 7 °C à "
            "l'apéritif.",
            "以传统法酿造的黑皮诺桃红起泡酒，带有红醋栗气息。建议侍酒温度7°C，适合餐前饮用。",
        ),
        SPARKLING,
        (V("14.50", 200),),
        abv="12",
        weight="1.6",
        images=1,
    ),
    wine(
        "VER-CO01",
        ("Cognac VS", "VS干邑"),
        "Spiritueux > Cognac",
        (
            "Eaux-de-vie de Fins Bois vieillies deux ans et plus en fûts de chêne. Notes de "
            "fruits frais et de vanille. À déguster en cocktail ou allongé.",
            "以优质林区的生命之水调配，于橡木桶中陈酿两年以上。带有新鲜水果与香草气息。"
            "适合调制鸡尾酒或兑饮。",
        ),
        BRANDY,
        (V("32.00", 180),),
        abv="40",
        content="70 cl",
        weight="1.4",
    ),
    wine(
        "VER-CO02",
        ("Cognac VSOP", "VSOP干邑"),
        "Spiritueux > Cognac",
        (
            "Assemblage de Petite et Grande Champagne vieilli quatre ans et plus. Notes de "
            "fruits secs et d'épices douces. À déguster pur ou sur glace.",
            "小香槟区与大香槟区生命之水调配，陈酿四年以上。带有干果与温和香料气息。"
            "可纯饮或加冰饮用。",
        ),
        BRANDY,
        (V("48.00", 140),),
        abv="40",
        content="70 cl",
        weight="1.4",
    ),
    wine(
        "VER-CO03",
        ("Cognac XO", "XO干邑"),
        "Spiritueux > Cognac",
        (
            "Assemblage d'eaux-de-vie de plus de dix ans d'âge. Notes de fruits confits, de "
            "cuir et de cacao. À déguster pur, à température ambiante.",
            "以陈酿十年以上的生命之水调配。带有蜜饯水果、皮革与可可气息。宜于室温下纯饮。",
        ),
        BRANDY,
        (V("145.00", 60),),
        abv="40",
        content="70 cl",
        weight="1.6",
        images=2,
    ),
    wine(
        "VER-CO04",
        ("Cognac Hors d'âge", "陈酿干邑"),
        "Spiritueux > Cognac",
        (
            "Eaux-de-vie de Grande Champagne de plus de vingt ans d'âge, présentées en "
            "carafe. Notes de noix, de figue sèche et de bois de cèdre.",
            "以陈酿二十年以上的大香槟区生命之水调配，醒酒瓶装。带有核桃、无花果干与雪松木气息。",
        ),
        BRANDY,
        (V("189.00", 25),),
        abv="41",
        content="70 cl",
        weight="1.8",
        images=2,
    ),
    wine(
        "VER-AR01",
        ("Bas-Armagnac 10 ans", "下雅文邑10年"),
        "Spiritueux > Armagnac",
        (
            "Armagnac de folle blanche et de baco, distillé en alambic armagnacais et vieilli "
            "dix ans. Notes de pruneau et de vanille.",
            "以白福尔与巴科葡萄酿造，经雅文邑式蒸馏器蒸馏，陈酿十年。带有西梅与香草气息。",
        ),
        BRANDY,
        (V("45.00", 70),),
        abv="42",
        content="70 cl",
        weight="1.4",
    ),
    wine(
        "VER-AR02",
        ("Armagnac millésimé", "年份雅文邑"),
        "Spiritueux > Armagnac",
        (
            "Armagnac d'une seule année de récolte, mis en bouteille après plus de vingt ans "
            "en fûts. Notes de pruneau, de réglisse et de noix.",
            "单一年份雅文邑，于橡木桶中陈酿二十余年后装瓶。带有西梅、甘草与核桃气息。",
        ),
        BRANDY,
        (V("95.00", 30),),
        abv="44",
        vintage="2002",
        content="70 cl",
        weight="1.5",
    ),
    wine(
        "VER-CA01",
        ("Calvados Pays d'Auge 12 ans", "12年卡尔瓦多斯"),
        "Spiritueux > Calvados",
        (
            "Eau-de-vie de cidre du Pays d'Auge, distillée deux fois en alambic à repasse, "
            "vieillie douze ans. Notes de pomme cuite et de caramel.",
            "以奥日地区苹果酒为原料，经壶式蒸馏器两次蒸馏，陈酿十二年。带有烤苹果与焦糖气息。",
        ),
        OTHER_SPIRIT,
        (V("58.00", 50),),
        abv="42",
        content="70 cl",
        weight="1.4",
    ),
    wine(
        "VER-CA02",
        ("Calvados Fine", "卡尔瓦多斯白兰地"),
        "Spiritueux > Calvados",
        (
            "Calvados jeune et fruité, vieilli deux ans en fûts. Notes de pomme fraîche. À "
            "servir en digestif ou en cocktail.",
            "年轻而果香充沛的卡尔瓦多斯，橡木桶陈酿两年。带有新鲜苹果气息。"
            "适合餐后饮用或调制鸡尾酒。",
        ),
        OTHER_SPIRIT,
        (V("27.00", 110),),
        abv="40",
        content="70 cl",
        weight="1.3",
        images=1,
    ),
)


# ---------------------------------------------------------------------------------------
# 3. Fashion and leather goods: Brévanne (atelier in Cholet)
# ---------------------------------------------------------------------------------------

FASHION_CATEGORIES: dict[str, str] = {
    "Maroquinerie > Sacs": "皮具 > 包袋",
    "Maroquinerie > Petite maroquinerie": "皮具 > 小皮件",
    "Accessoires > Ceintures": "配饰 > 腰带",
    "Accessoires > Foulards et étoles": "配饰 > 丝巾与围巾",
    "Femme > T-shirts": "女装 > T恤",
    "Femme > Pulls et cardigans": "女装 > 毛衣与开衫",
    "Femme > Robes": "女装 > 连衣裙",
    "Femme > Pantalons": "女装 > 长裤",
    "Femme > Chemises et chemisiers": "女装 > 衬衫",
    "Homme > T-shirts": "男装 > T恤",
    "Homme > Pulls": "男装 > 毛衣",
    "Homme > Chemises": "男装 > 衬衫",
    "Chaussures > Femme": "鞋履 > 女鞋",
    "Chaussures > Homme": "鞋履 > 男鞋",
}

FASHION_COLOURS: dict[str, str] = {
    "Noir": "黑色",
    "Camel": "驼色",
    "Bleu marine": "藏青色",
    "Bordeaux": "酒红色",
    "Taupe": "灰褐色",
    "Kaki": "卡其色",
    "Vert sapin": "墨绿色",
    "Marron": "棕色",
    "Rouge": "红色",
    "Gris chiné": "麻灰色",
    "Blanc": "白色",
    "Écru": "米白色",
    "Écru rayé marine": "米白藏青条纹",
    "Imprimé fleuri": "碎花",
    "Bleu ciel": "天蓝色",
    "Beige": "米色",
    "Naturel": "本色",
}

#: Sizes keep their French text in Chinese; only the words change.
SIZE_WORDS: dict[str, str] = {"Taille unique": "均码"}

# Chinese 8-digit tariff codes (written as numbers in this workbook, as Excel users do).
HANDBAG, TRAVEL_BAG, TEXTILE_BAG = "42022100", "42029100", "42029200"
WALLET, BELT = "42023100", "42033000"
SILK_SCARF, WOOL_SCARF = "62141000", "62142000"
TSHIRT, WOOL_KNIT, CASHMERE_KNIT = "61091000", "61101100", "61101200"
DRESS_COTTON, DRESS_ARTIFICIAL, DRESS_OTHER = "62044200", "62044400", "62044900"
TROUSERS_COTTON, TROUSERS_OTHER = "62046200", "62046900"
BLOUSE_SILK, BLOUSE_COTTON, SHIRT_MEN = "62061000", "62063000", "62052000"
SHOES_LEATHER_SOLE, BOOTS, SHOES_OTHER = "64035900", "64039100", "64039900"

MADE_IN_FRANCE: Pair = ("Fabriqué en France", "法国制造")
MADE_IN_ITALY: Pair = ("Fabriqué en Italie", "意大利制造")
MADE_IN_PORTUGAL: Pair = ("Fabriqué au Portugal", "葡萄牙制造")
MADE_IN: dict[str, Pair] = {
    "France": MADE_IN_FRANCE,
    "Italie": MADE_IN_ITALY,
    "Portugal": MADE_IN_PORTUGAL,
}
WASH_30: Pair = ("Entretien : lavage en machine à 30 °C", "洗护：30°C机洗")


def grid(
    price: str, sizes: Sequence[str | None], colours: Sequence[str], seed: int
) -> tuple[Variant, ...]:
    """Every size in every colour, with a stock that varies by variant (deterministic)."""
    variants = []
    for i, colour in enumerate(colours):
        for j, size in enumerate(sizes):
            stock = 6 + (seed * 7 + i * 11 + j * 5) % 29
            variants.append(V(price, stock, size=size, colour=colour))
    return tuple(variants)


def fashion(
    ref: str,
    name: Pair,
    category: str,
    intro: Pair,
    details: Sequence[Pair],
    hs: str,
    variants: Sequence[Variant],
    *,
    weight: str,
    origin: str = "France",
    images: int = 2,
    attrs: str = 'class="details"',
) -> Item:
    """A fashion product: a paragraph and a details list ending with where it is made."""
    blocks = (p(*intro), ul(*details, MADE_IN[origin], attrs=attrs))
    return Item(
        ref, name, category, blocks, hs, variants, images=images, weight=weight, origin=origin
    )


def composition(text: Pair) -> Pair:
    """A "Composition : ..." line."""
    return (f"Composition : {text[0]}", f"成分：{text[1]}")


def dimensions(cm: str) -> Pair:
    """A "Dimensions : 38 × 30 × 14 cm" line."""
    return (f"Dimensions : {cm} cm", f"尺寸：{cm}厘米")


APPAREL = 'class="composition"'
LETTERS = ("S", "M", "L")
ONE_SIZE = ("Taille unique",)

FASHION: tuple[Item, ...] = (
    fashion(
        "BRV-SAC01",
        ("Sac cabas en cuir grainé", "粒面牛皮托特包"),
        "Maroquinerie > Sacs",
        (
            "Un grand cabas en cuir de vachette grainé, assez spacieux pour un ordinateur "
            "portable de 13 pouces. Doublure en coton, poche intérieure zippée.",
            "粒面牛皮大号托特包，可容纳13英寸笔记本电脑。棉质内衬，内设拉链口袋。",
        ),
        (
            ("Cuir de vachette grainé tanné en France", "法国鞣制的粒面牛皮"),
            dimensions("38 × 30 × 14"),
        ),
        HANDBAG,
        grid("345.00", (None,), ("Noir", "Camel", "Bleu marine"), 1),
        weight="1.2",
        images=3,
    ),
    fashion(
        "BRV-SAC02",
        ("Sac seau en cuir lisse", "光面牛皮水桶包"),
        "Maroquinerie > Sacs",
        (
            "Un sac seau en cuir de vachette lisse, fermé par un lien coulissant. "
            "Bandoulière réglable et amovible.",
            "光面牛皮水桶包，抽绳开合，肩带可调节、可拆卸。",
        ),
        (("Cuir de vachette lisse", "光面牛皮"), dimensions("24 × 26 × 16")),
        HANDBAG,
        grid("295.00", (None,), ("Noir", "Camel"), 2),
        weight="0.9",
        images=3,
    ),
    fashion(
        "BRV-SAC03",
        ("Petit sac bandoulière en cuir", "小号牛皮斜挎包"),
        "Maroquinerie > Sacs",
        (
            "Un petit sac bandoulière en cuir de vachette, juste assez grand pour un "
            "téléphone, des clés et un porte-cartes. Fermoir aimanté.",
            "小号牛皮斜挎包，容量恰好放下手机、钥匙与卡包。磁扣开合。",
        ),
        (("Cuir de vachette grainé", "粒面牛皮"), dimensions("20 × 14 × 6")),
        HANDBAG,
        grid("225.00", (None,), ("Noir", "Bordeaux", "Camel"), 3),
        weight="0.6",
    ),
    fashion(
        "BRV-SAC04",
        ("Pochette en cuir velours", "绒面革手拿包"),
        "Maroquinerie > Sacs",
        (
            "Une pochette plate en cuir velours, à porter à la main ou glissée dans un grand "
            "sac. Fermeture zippée.",
            "扁平绒面革手拿包，可手持，也可放入大包中。拉链开合。",
        ),
        (("Cuir velours de chèvre", "山羊绒面革"), dimensions("28 × 19")),
        HANDBAG,
        grid("145.00", (None,), ("Taupe", "Bleu marine"), 4),
        weight="0.3",
    ),
    fashion(
        "BRV-SAC05",
        ("Sac à dos en toile et cuir", "帆布拼皮双肩包"),
        "Maroquinerie > Sacs",
        (
            "Un sac à dos en toile de coton enduite, avec rabat et finitions en cuir. "
            "Compartiment rembourré pour ordinateur portable de 15 pouces.",
            "涂层棉帆布双肩包，翻盖及边饰采用牛皮。内设加垫隔层，可放15英寸笔记本电脑。",
        ),
        (
            ("Toile de coton enduite, finitions en cuir de vachette", "涂层棉帆布，牛皮边饰"),
            dimensions("42 × 30 × 13"),
        ),
        TEXTILE_BAG,
        grid("185.00", (None,), ("Kaki", "Bleu marine"), 5),
        weight="1.1",
        origin="Portugal",
    ),
    fashion(
        "BRV-SAC06",
        ("Sac week-end en cuir", "牛皮旅行袋"),
        "Maroquinerie > Sacs",
        (
            "Un sac de voyage en cuir de vachette pleine fleur, pour deux ou trois jours "
            "d'escapade. Deux anses et une bandoulière amovible.",
            "全粒面牛皮旅行袋，适合两三天的短途出行。配有两个提手及一条可拆卸肩带。",
        ),
        (("Cuir de vachette pleine fleur", "全粒面牛皮"), dimensions("50 × 28 × 24")),
        TRAVEL_BAG,
        grid("420.00", (None,), ("Camel", "Noir"), 6),
        weight="1.6",
        images=3,
    ),
    fashion(
        "BRV-PM01",
        ("Portefeuille zippé en cuir", "拉链牛皮钱包"),
        "Maroquinerie > Petite maroquinerie",
        (
            "Un portefeuille zippé en cuir grainé, avec douze emplacements pour cartes, un "
            "compartiment à billets et une poche à monnaie.",
            "粒面牛皮拉链钱包，设有十二个卡位、一个纸币隔层及一个零钱袋。",
        ),
        (("Cuir de vachette grainé", "粒面牛皮"), dimensions("19 × 10")),
        WALLET,
        grid("115.00", (None,), ("Noir", "Camel", "Bordeaux"), 7),
        weight="0.25",
    ),
    fashion(
        "BRV-PM02",
        ("Porte-cartes en cuir", "牛皮卡包"),
        "Maroquinerie > Petite maroquinerie",
        (
            "Un porte-cartes fin en cuir, avec quatre emplacements et une poche centrale.",
            "轻薄牛皮卡包，设有四个卡位及一个中间口袋。",
        ),
        (("Cuir de vachette lisse", "光面牛皮"), dimensions("10 × 7")),
        WALLET,
        grid("55.00", (None,), ("Noir", "Camel", "Bleu marine", "Vert sapin"), 8),
        weight="0.05",
        images=1,
    ),
    fashion(
        "BRV-PM03",
        ("Porte-clés en cuir", "牛皮钥匙扣"),
        "Maroquinerie > Petite maroquinerie",
        (
            "Un porte-clés en cuir avec anneau en laiton massif.",
            "牛皮钥匙扣，配实心黄铜钥匙圈。",
        ),
        (("Cuir de vachette lisse", "光面牛皮"), ("Anneau en laiton", "黄铜钥匙圈")),
        WALLET,
        grid("35.00", (None,), ("Noir", "Camel"), 9),
        weight="0.03",
        images=1,
    ),
    fashion(
        "BRV-CE01",
        ("Ceinture en cuir boucle laiton", "黄铜扣牛皮腰带"),
        "Accessoires > Ceintures",
        (
            "Une ceinture en cuir de vachette de 3 cm de large, avec boucle en laiton. La "
            "taille indique la longueur jusqu'au trou central, en centimètres.",
            "3厘米宽牛皮腰带，配黄铜扣。尺码指皮带头到中间扣眼的长度，单位为厘米。",
        ),
        (
            ("Cuir de vachette, tranches teintes à la main", "牛皮，边缘手工染色"),
            ("Boucle en laiton", "黄铜扣"),
        ),
        BELT,
        grid("85.00", ("85", "90", "95", "100"), ("Noir", "Camel"), 10),
        weight="0.2",
    ),
    fashion(
        "BRV-CE02",
        ("Ceinture tressée en cuir", "编织牛皮腰带"),
        "Accessoires > Ceintures",
        (
            "Une ceinture tressée en lanières de cuir, qui se ferme sur n'importe quel cran "
            "grâce à son tressage.",
            "皮条编织腰带，编织结构使扣针可穿过任意位置。",
        ),
        (
            ("Lanières de cuir de vachette tressées", "牛皮条编织"),
            ("Boucle en laiton vieilli", "做旧黄铜扣"),
        ),
        BELT,
        grid("75.00", ("85", "95"), ("Marron", "Noir"), 11),
        weight="0.22",
        origin="Italie",
        images=1,
    ),
    fashion(
        "BRV-FO01",
        ("Foulard carré en soie imprimé", "印花真丝方巾"),
        "Accessoires > Foulards et étoles",
        (
            "Un carré de soie imprimé d'un motif de jardin à la française, ourlets roulottés "
            "à la main.",
            "真丝方巾，印有法式园林图案，手工卷边。",
        ),
        (composition(("soie", "桑蚕丝")), dimensions("90 × 90"), ("Imprimé à Lyon", "于里昂印制")),
        SILK_SCARF,
        grid("125.00", ONE_SIZE, ("Bleu marine", "Rouge", "Vert sapin"), 12),
        weight="0.08",
        attrs=APPAREL,
        images=3,
    ),
    fashion(
        "BRV-FO02",
        ("Étole en laine et cachemire", "羊毛羊绒围巾"),
        "Accessoires > Foulards et étoles",
        (
            "Une grande étole douce en laine et cachemire, tissée dans les Vosges.",
            "宽大柔软的羊毛羊绒围巾，于孚日山区织造。",
        ),
        (composition(("80 % laine, 20 % cachemire", "80%羊毛，20%羊绒")), dimensions("70 × 190")),
        WOOL_SCARF,
        grid("145.00", ONE_SIZE, ("Gris chiné", "Camel", "Bordeaux"), 13),
        weight="0.3",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-TF01",
        ("T-shirt col rond en coton bio", "有机棉圆领T恤"),
        "Femme > T-shirts",
        (
            "Un t-shirt col rond en jersey de coton biologique, coupe droite.",
            "有机棉针织圆领T恤，直筒版型。",
        ),
        (composition(("coton biologique", "有机棉")), WASH_30),
        TSHIRT,
        grid("39.00", LETTERS, ("Blanc", "Noir"), 14),
        weight="0.18",
        origin="Portugal",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-TF02",
        ("T-shirt marinière", "法式条纹T恤"),
        "Femme > T-shirts",
        (
            "La marinière en jersey de coton épais, rayée écru et marine, à manches longues.",
            "厚棉针织布列塔尼条纹衫，米白与藏青相间，长袖设计。",
        ),
        (composition(("coton", "棉")), WASH_30),
        TSHIRT,
        grid("49.00", ("S", "M", "L", "XL"), ("Écru rayé marine",), 15),
        weight="0.3",
        attrs=APPAREL,
        images=3,
    ),
    fashion(
        "BRV-PF01",
        ("Pull col V en mérinos", "美利奴羊毛V领毛衣"),
        "Femme > Pulls et cardigans",
        (
            "Un pull col V en laine mérinos fine, à porter seul ou sur une chemise.",
            "细针美利奴羊毛V领毛衣，可单穿，也可搭配衬衫。",
        ),
        (
            composition(("laine mérinos", "美利奴羊毛")),
            ("Entretien : lavage à la main ou programme laine", "洗护：手洗或羊毛程序机洗"),
        ),
        WOOL_KNIT,
        grid("119.00", LETTERS, ("Camel", "Noir"), 16),
        weight="0.3",
        origin="Italie",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-PF02",
        ("Cardigan en cachemire", "羊绒开衫"),
        "Femme > Pulls et cardigans",
        (
            "Un cardigan boutonné en cachemire, maille jersey, poignets et bas côtelés.",
            "羊绒纽扣开衫，平针织法，罗纹袖口与下摆。",
        ),
        (
            composition(("cachemire", "羊绒")),
            ("Entretien : lavage à la main à l'eau froide", "洗护：冷水手洗"),
        ),
        CASHMERE_KNIT,
        grid("245.00", LETTERS, ("Écru", "Gris chiné"), 17),
        weight="0.35",
        origin="Italie",
        attrs=APPAREL,
        images=3,
    ),
    fashion(
        "BRV-RO01",
        ("Robe chemise en coton", "棉质衬衫裙"),
        "Femme > Robes",
        (
            "Une robe chemise en popeline de coton, ceinturée à la taille, longueur genou.",
            "棉质府绸衬衫裙，腰部配腰带，及膝长度。",
        ),
        (composition(("coton", "棉")), WASH_30),
        DRESS_COTTON,
        grid("139.00", ("36", "38", "40", "42"), ("Bleu ciel",), 18),
        weight="0.4",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-RO02",
        ("Robe portefeuille imprimée", "印花裹身连衣裙"),
        "Femme > Robes",
        (
            "Une robe portefeuille fluide en viscose imprimée de petites fleurs, manches courtes.",
            "垂顺的粘胶纤维裹身连衣裙，碎花印花，短袖设计。",
        ),
        (
            composition(("viscose", "粘胶纤维")),
            ("Entretien : lavage à la main", "洗护：手洗"),
        ),
        DRESS_ARTIFICIAL,
        grid("159.00", ("36", "38", "40", "42", "44"), ("Imprimé fleuri",), 19),
        weight="0.35",
        origin="Portugal",
        attrs=APPAREL,
        images=3,
    ),
    fashion(
        "BRV-RO03",
        ("Robe longue en lin", "亚麻长款连衣裙"),
        "Femme > Robes",
        (
            "Une robe longue en lin lavé, bretelles croisées dans le dos.",
            "水洗亚麻长款连衣裙，背部交叉肩带。",
        ),
        (composition(("lin", "亚麻")), WASH_30),
        DRESS_OTHER,
        grid("179.00", ("36", "38", "40", "42"), ("Naturel", "Noir"), 20),
        weight="0.45",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-PA01",
        ("Pantalon large en lin", "亚麻阔腿裤"),
        "Femme > Pantalons",
        (
            "Un pantalon large en lin, taille élastiquée à l'arrière, deux poches côté.",
            "亚麻阔腿裤，后腰松紧设计，两侧各有一个口袋。",
        ),
        (composition(("lin", "亚麻")), WASH_30),
        TROUSERS_OTHER,
        grid("129.00", ("36", "38", "40", "42"), ("Écru", "Noir"), 21),
        weight="0.4",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-PA02",
        ("Pantalon chino en coton", "棉质休闲长裤"),
        "Femme > Pantalons",
        (
            "Un pantalon chino en twill de coton, coupe droite, longueur cheville.",
            "棉质斜纹休闲裤，直筒版型，九分长度。",
        ),
        (composition(("98 % coton, 2 % élasthanne", "98%棉，2%氨纶")), WASH_30),
        TROUSERS_COTTON,
        grid("99.00", ("36", "38", "40", "42"), ("Beige", "Bleu marine"), 22),
        weight="0.45",
        origin="Portugal",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-CS01",
        ("Chemisier en soie", "真丝衬衫"),
        "Femme > Chemises et chemisiers",
        (
            "Un chemisier en crêpe de soie, col lavallière amovible.",
            "真丝双绉衬衫，配可拆卸领结。",
        ),
        (composition(("soie", "桑蚕丝")), ("Entretien : nettoyage à sec", "洗护：干洗")),
        BLOUSE_SILK,
        grid("165.00", ("36", "38", "40", "42"), ("Écru",), 23),
        weight="0.2",
        attrs=APPAREL,
        images=3,
    ),
    fashion(
        "BRV-CS02",
        ("Chemise en popeline de coton", "府绸棉质衬衫"),
        "Femme > Chemises et chemisiers",
        (
            "Une chemise ample en popeline de coton, col classique et poignets boutonnés.",
            "宽松版棉质府绸衬衫，经典领型，袖口纽扣设计。",
        ),
        (composition(("coton", "棉")), WASH_30),
        BLOUSE_COTTON,
        grid("89.00", ("36", "38", "40", "42"), ("Blanc", "Bleu ciel"), 24),
        weight="0.25",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-TH01",
        ("T-shirt homme en coton bio", "男士有机棉T恤"),
        "Homme > T-shirts",
        (
            "Un t-shirt homme en jersey de coton biologique épais, col rond côtelé.",
            "厚实有机棉针织男士T恤，罗纹圆领。",
        ),
        (composition(("coton biologique", "有机棉")), WASH_30),
        TSHIRT,
        grid("39.00", ("S", "M", "L", "XL"), ("Blanc", "Bleu marine"), 25),
        weight="0.22",
        origin="Portugal",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-PH01",
        ("Pull homme col rond en laine", "男士羊毛圆领毛衣"),
        "Homme > Pulls",
        (
            "Un pull homme en laine d'agneau, col rond, maille côtelée aux poignets et à la "
            "taille.",
            "小羊毛男士圆领毛衣，袖口与下摆采用罗纹针织。",
        ),
        (
            composition(("laine d'agneau", "小羊毛")),
            ("Entretien : lavage à la main ou programme laine", "洗护：手洗或羊毛程序机洗"),
        ),
        WOOL_KNIT,
        grid("129.00", ("M", "L", "XL"), ("Gris chiné", "Bleu marine"), 26),
        weight="0.45",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-CS03",
        ("Chemise homme en oxford", "男士牛津纺衬衫"),
        "Homme > Chemises",
        (
            "Une chemise homme en coton oxford, col boutonné. La taille indique le tour de "
            "cou en centimètres.",
            "男士牛津纺棉衬衫，纽扣领。尺码为领围，单位为厘米。",
        ),
        (composition(("coton", "棉")), WASH_30),
        SHIRT_MEN,
        grid("95.00", ("39", "40", "41", "42"), ("Bleu ciel", "Blanc"), 27),
        weight="0.3",
        attrs=APPAREL,
    ),
    fashion(
        "BRV-CF01",
        ("Ballerines en cuir", "小羊皮芭蕾平底鞋"),
        "Chaussures > Femme",
        (
            "Des ballerines en cuir d'agneau souple, semelle en cuir et patin en gomme.",
            "柔软小羊皮芭蕾平底鞋，皮革鞋底，附橡胶防滑片。",
        ),
        (
            ("Dessus et doublure en cuir d'agneau", "鞋面及内里为小羊皮"),
            ("Semelle en cuir, patin en gomme", "皮革鞋底，橡胶防滑片"),
        ),
        SHOES_LEATHER_SOLE,
        grid("165.00", ("36", "37", "38", "39"), ("Noir", "Camel"), 28),
        weight="0.5",
        images=3,
    ),
    fashion(
        "BRV-CF02",
        ("Bottines à talon en cuir", "小牛皮短靴"),
        "Chaussures > Femme",
        (
            "Des bottines en cuir de veau à talon de 5 cm, zip intérieur.",
            "小牛皮短靴，5厘米鞋跟，内侧拉链。",
        ),
        (("Cuir de veau", "小牛皮"), ("Talon de 5 cm, semelle en gomme", "5厘米鞋跟，橡胶鞋底")),
        BOOTS,
        grid("245.00", ("37", "38", "39", "40", "41"), ("Noir",), 29),
        weight="1.1",
        origin="Italie",
    ),
    fashion(
        "BRV-CF03",
        ("Mocassins en cuir velours", "绒面革乐福鞋"),
        "Chaussures > Femme",
        (
            "Des mocassins en cuir velours doublés de cuir, semelle souple.",
            "绒面革乐福鞋，皮革内里，鞋底柔软。",
        ),
        (("Cuir velours de veau", "小牛绒面革"), ("Semelle souple en gomme", "柔软橡胶鞋底")),
        SHOES_OTHER,
        grid("189.00", ("36", "37", "38", "39"), ("Taupe", "Bleu marine"), 30),
        weight="0.7",
        origin="Italie",
    ),
    fashion(
        "BRV-CH01",
        ("Derbies en cuir", "男士小牛皮德比鞋"),
        "Chaussures > Homme",
        (
            "Des derbies homme en cuir de veau, cousues Goodyear, semelle en cuir.",
            "男士小牛皮德比鞋，固特异工艺缝制，皮革鞋底。",
        ),
        (
            ("Cuir de veau", "小牛皮"),
            ("Montage Goodyear, semelle en cuir", "固特异缝制工艺，皮革鞋底"),
        ),
        SHOES_LEATHER_SOLE,
        grid("235.00", ("40", "41", "42", "43", "44", "45"), ("Noir",), 31),
        weight="1.3",
        images=3,
    ),
    fashion(
        "BRV-CH02",
        ("Baskets en cuir", "男士小牛皮运动鞋"),
        "Chaussures > Homme",
        (
            "Des baskets basses en cuir de veau, semelle en caoutchouc cousue.",
            "低帮小牛皮运动鞋，缝制橡胶鞋底。",
        ),
        (("Cuir de veau", "小牛皮"), ("Semelle en caoutchouc cousue", "缝制橡胶鞋底")),
        SHOES_OTHER,
        grid("169.00", ("40", "41", "42", "43", "44", "45"), ("Blanc",), 32),
        weight="1.1",
        origin="Portugal",
    ),
)


# ---------------------------------------------------------------------------------------
# Rows: references, EAN-13, images
# ---------------------------------------------------------------------------------------


def ean13(first12: str) -> str:
    """The EAN-13 with its GS1 check digit (weights 1 and 3 from the left)."""
    assert len(first12) == 12 and first12.isdigit(), first12
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def ascii_upper(text: str) -> str:
    """``Écru rayé`` → ``ECRU RAYE``."""
    table = str.maketrans("ÉÈÊËÀÂÎÏÔÛÙÇéèêëàâîïôûùç", "EEEEAAIIOUUCEEEEAAIIOUUC")
    return text.translate(table).upper()


def variant_code(value: str) -> str:
    """A short code for a colour or size in a SKU: ``Noir`` → ``NOI``, ``Bleu marine`` → ``BM``."""
    if value == "Taille unique":
        return "TU"
    words = ascii_upper(value).replace("'", " ").split()
    return words[0][:3] if len(words) == 1 else "".join(w[0] for w in words)


@dataclass(frozen=True)
class Row:
    """One catalogue row, ready to write."""

    item: Item
    variant: Variant
    sku: str
    parent: str | None
    ean: str

    @property
    def content(self) -> str | None:
        return self.variant.content or self.item.content

    @property
    def weight(self) -> str:
        return self.variant.weight or self.item.weight


def rows_of(items: Iterable[Item], ean_prefix: str) -> list[Row]:
    """Every row of a catalogue: SKUs from the reference and the variant attributes."""
    rows: list[Row] = []
    for item in items:
        single = len(item.variants) == 1
        for variant in item.variants:
            if single:
                sku = item.ref
            else:
                parts = [item.ref]
                if variant.colour:
                    parts.append(variant_code(variant.colour))
                if variant.size:
                    parts.append(variant_code(variant.size))
                if variant.content and not (variant.colour or variant.size):
                    parts.append(re.sub(r"\D", "", variant.content))
                sku = "-".join(parts)
            ean = ean13(f"{ean_prefix}{len(rows) + 1:03d}")
            rows.append(Row(item, variant, sku, None if single else item.ref, ean))
    skus = [row.sku for row in rows]
    assert len(skus) == len(set(skus)), "duplicate SKU in the data tables"
    return rows


def image_urls(base: str, item: Item) -> list[str]:
    """The product's images on the brand's (invented) image server."""
    slug = item.ref.lower()
    return [f"{base}/{slug}-{n}.jpg" for n in range(1, item.images + 1)]


def euro_text(value: str) -> str:
    """``24.90`` → ``24,90`` (French decimal comma)."""
    return f"{Decimal(value):.2f}".replace(".", ",")


def decimal_comma(value: str) -> str:
    """``1.3`` → ``1,3``."""
    return value.replace(".", ",")


# ---------------------------------------------------------------------------------------
# Chinese texts (the sidecar translation memory)
# ---------------------------------------------------------------------------------------


def texts_of(
    items: Iterable[Item],
    categories: dict[str, str],
    colours: dict[str, str],
    *,
    html: bool,
) -> dict[str, str]:
    """Every distinct French text of a catalogue → its Chinese, in order of appearance.

    The texts are the values of the fields that get Chinese (name, description, category,
    colour, size), exactly as written in the catalogue cells.
    """
    texts: dict[str, str] = {}

    def add(fr: str, zh: str) -> None:
        if texts.setdefault(fr, zh) != zh:
            raise ValueError(f"two Chinese texts for {fr!r}")

    render = render_html if html else render_text
    for item in items:
        fr_name, zh_name = item.name
        if len(zh_name) > 10:
            raise ValueError(f"{item.ref}: Chinese name longer than 10 characters: {zh_name}")
        add(fr_name, zh_name)
        add(render(item.description, 0), render(item.description, 1))
        add(item.category, categories[item.category])
        for variant in item.variants:
            if variant.colour:
                add(variant.colour, colours[variant.colour])
            if variant.size:
                add(variant.size, SIZE_WORDS.get(variant.size, variant.size))
    return texts


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_tmx(path: Path, texts: dict[str, str]) -> None:
    """Write reviewed translations as TMX 1.4 (one ``tu`` per distinct French text)."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "export-kit",
            "creationtoolversion": "0.1.0",
            "datatype": "plaintext",
            "segtype": "block",
            "adminlang": "en",
            "srclang": "fr-FR",
            "o-tmf": "export-kit",
        },
    )
    body = ET.SubElement(root, "body")
    for fr, zh in texts.items():
        tu = ET.SubElement(body, "tu")
        for lang, text in (("fr-FR", fr), ("zh-CN", zh)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root, space="  ")
    data = ET.tostring(root, encoding="unicode", xml_declaration=False)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + data + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Workbooks
# ---------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
PRICE_FORMAT = '#,##0.00 "€"'


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps, so that an unchanged workbook is byte-identical."""
    wb.properties.creator = "Export catalogue"
    wb.properties.created = dt.datetime(*FIXED_TIME)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + FIXED_ISO.encode(),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)


def write_sheet(
    ws: object,
    headers: Sequence[str],
    records: Iterable[Sequence[object]],
    *,
    first_row: int,
    widths: dict[str, int],
    formats: dict[str, str],
) -> None:
    """Write a header and rows starting at ``first_row``, styled as a brand manager would."""
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=first_row, column=col, value=header)  # type: ignore[attr-defined]
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = widths.get(header, 14)  # type: ignore[attr-defined]
    for r, record in enumerate(records, start=first_row + 1):
        for col, value in enumerate(record, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col, value=value)  # type: ignore[attr-defined]
            header = headers[col - 1]
            if header in formats:
                cell.number_format = formats[header]
    ws.freeze_panes = ws.cell(row=first_row + 1, column=3)  # type: ignore[attr-defined]


COSMETICS_HEADERS = (
    "Référence",
    "Référence parent",
    "Désignation",
    "Marque",
    "Catégorie",
    "Description",
    "Prix TTC (€)",
    "Code EAN",
    "Code SH",
    "Contenance",
    "Poids (kg)",
    "Couleur",
    "Pays d'origine",
    "Image 1",
    "Image 2",
    "Image 3",
    "Stock",
    "Durée de conservation (mois)",
)


def write_cosmetics(path: Path, rows: Sequence[Row]) -> None:
    """The cosmetics workbook: header on row 1, EAN and HS code written as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Catalogue"
    records = []
    for row in rows:
        item = row.item
        images = [*image_urls("https://cdn.aubeline.fr/img", item), None, None]
        records.append(
            (
                row.sku,
                row.parent,
                item.name[0],
                COSMETICS_BRAND[0],
                item.category,
                render_html(item.description, 0),
                float(row.variant.price),
                row.ean,
                item.hs,
                row.content,
                float(row.weight),
                row.variant.colour,
                item.origin,
                *images[:3],
                row.variant.stock,
                item.shelf_life,
            )
        )
    write_sheet(
        ws,
        COSMETICS_HEADERS,
        records,
        first_row=1,
        widths={"Désignation": 36, "Description": 60, "Catégorie": 34, "Image 1": 44},
        formats={"Prix TTC (€)": PRICE_FORMAT, "Code EAN": "@", "Code SH": "@"},
    )
    save_workbook(wb, path)


FASHION_HEADERS = (
    "Référence",
    "Référence parent",
    "Désignation",
    "Marque",
    "Catégorie",
    "Description",
    "Couleur",
    "Taille",
    "Prix TTC (€)",
    "Code EAN",
    "Code SH",
    "Poids (kg)",
    "Pays d'origine",
    "Image 1",
    "Image 2",
    "Image 3",
    "Stock",
)
FASHION_TITLE = f"Catalogue export Chine — {FASHION_BRAND[0]} — novembre 2026"


def write_fashion(path: Path, rows: Sequence[Row]) -> None:
    """The fashion workbook: a merged title banner, a blank row, then the header (row 3).

    The HS code is a number here (as Excel keeps it when typed), the EAN stays text.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Produits"
    ws["A1"] = FASHION_TITLE
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    records = []
    for row in rows:
        item = row.item
        images = [*image_urls("https://images.brevanne.fr/produits", item), None, None]
        records.append(
            (
                row.sku,
                row.parent,
                item.name[0],
                FASHION_BRAND[0],
                item.category,
                render_html(item.description, 0),
                row.variant.colour,
                row.variant.size,
                float(row.variant.price),
                row.ean,
                int(item.hs),
                float(row.weight),
                item.origin,
                *images[:3],
                row.variant.stock,
            )
        )
    write_sheet(
        ws,
        FASHION_HEADERS,
        records,
        first_row=3,
        widths={"Désignation": 34, "Description": 60, "Catégorie": 30, "Image 1": 48},
        formats={"Prix TTC (€)": PRICE_FORMAT, "Code EAN": "@"},
    )
    save_workbook(wb, path)


# ---------------------------------------------------------------------------------------
# The wine CSV (French Excel: ";" and cp1252)
# ---------------------------------------------------------------------------------------

WINE_HEADERS = (
    "Référence",
    "Référence parent",
    "Désignation",
    "Marque",
    "Millésime",
    "Degré d'alcool (% vol.)",
    "Catégorie",
    "Description",
    "Contenance",
    "Prix TTC (€)",
    "Code EAN",
    "Code SH",
    "Poids (kg)",
    "Pays d'origine",
    "Images",
    "Stock",
)


def write_wine(path: Path, rows: Sequence[Row]) -> None:
    """The wine catalogue as Excel saves "CSV (séparateur : point-virgule)": cp1252, CRLF."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(WINE_HEADERS)
    for row in rows:
        item = row.item
        writer.writerow(
            (
                row.sku,
                row.parent or "",
                item.name[0],
                WINE_BRAND[0],
                row.variant.vintage or item.vintage or "",
                item.abv or "",
                item.category,
                render_text(item.description, 0),
                row.content,
                euro_text(row.variant.price),
                row.ean,
                item.hs,
                decimal_comma(row.weight),
                item.origin,
                "|".join(image_urls("https://media.verancourt.fr/bouteilles", item)),
                row.variant.stock,
            )
        )
    path.write_bytes(buffer.getvalue().encode("cp1252"))


# ---------------------------------------------------------------------------------------
# Shared configuration and brand names
# ---------------------------------------------------------------------------------------

#: Invented category ids per platform: (first id, step). Not real marketplace ids.
PLATFORM_IDS: dict[str, tuple[int, int]] = {
    "tmall-global": (50012001, 37),
    "jd-worldwide": (13160, 11),
    "douyin-global": (20000101, 53),
}


def toml_string(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(path: Path, categories: Sequence[str], catalogue_names: Sequence[str]) -> None:
    """The ``export-kit.toml`` shared by the clean samples of this folder."""
    lines = [
        "# export-kit configuration of the clean sample catalogues of this folder:",
        *(f"#   {name}" for name in catalogue_names),
        "# A catalogue finds the export-kit.toml beside it, so these three share this one.",
        "# Written by source/make_samples.py: change the script and run it again.",
        "#",
        "# No [brand] section: each product's brand comes from the catalogue's \"Marque\"",
        "# column, and the Chinese names of the brands are in glossary/brands.csv.",
        "# No [catalogue] sector: it is found per product from its HS code and category.",
        "",
        "[pricing]",
        "# A fixed demonstration rate, so that the sample feeds are the same on every run.",
        "# A real configuration uses the ECB rate of the day (--rates ecb) or keeps these two",
        "# lines up to date.",
        f"eur_cny = {RATE}",
        f"rate_date = {RATE_DATE}",
        "# The demonstration rate is not meant to be current: do not warn that it is old",
        "# (the default is 7 days).",
        "max_rate_age_days = 3650",
        "",
        "[translation]",
        "# Chinese names of the brands (columns: brand, chinese). In a subfolder: every .csv",
        "# at the top of this folder is a catalogue.",
        'brands = "glossary/brands.csv"',
        "# The reviewed Chinese of every text is in <catalogue>.zh.tmx beside each catalogue.",
    ]
    for platform, (first, step) in PLATFORM_IDS.items():
        lines += [
            "",
            f"# French category (as written in the catalogues) -> {platform} category id.",
            "# These ids are invented for the samples: use the platform's own category tree.",
            f"[platforms.{platform}.categories]",
        ]
        lines += [
            f"{toml_string(category)} = {toml_string(str(first + i * step))}"
            for i, category in enumerate(categories)
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_brands(path: Path) -> None:
    """``glossary/brands.csv``: the invented brands and their Chinese names."""
    path.parent.mkdir(exist_ok=True)
    lines = ["brand,chinese", *(f"{fr},{zh}" for fr, zh in BRANDS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# with-findings/: a catalogue with one or more of every finding a catalogue can show
# ---------------------------------------------------------------------------------------

FINDINGS_FILE = "savonnerie-clairval-brouillon.csv"
FINDINGS_BRAND = "Savonnerie Clairval"
FINDINGS_HEADERS = (
    "Référence",
    "Désignation",
    "Marque",
    "Description",
    "Catégorie",
    "Prix TTC (€)",
    "Code EAN",
    "Code SH",
    "Contenance",
    "Poids (kg)",
    "Images",
    "Stock",
)
CLAIRVAL_IMG = "https://cdn.clairval.fr/img"


@dataclass(frozen=True)
class Draft:
    """A row of the draft catalogue and the findings a person should expect on it."""

    sku: str
    name: str
    values: dict[str, str] = field(default_factory=dict)  # header → cell, over the defaults
    expect: tuple[tuple[str, str, str], ...] = ()  # (code, column, why)


def draft_defaults(draft: Draft, index: int) -> dict[str, str]:
    """A clean row for ``draft``; its ``values`` then put the mistakes in."""
    slug = (draft.sku or f"row{index}").lower()
    cells = {
        "Référence": draft.sku,
        "Désignation": draft.name,
        "Marque": FINDINGS_BRAND,
        "Description": "Savon saponifié à froid, fabriqué en Provence.",
        "Catégorie": "Bain et douche > Savons",
        "Prix TTC (€)": "6,50",
        "Code EAN": ean13(f"376099120{index:03d}"),
        "Code SH": "34011100",
        "Contenance": "100 g",
        "Poids (kg)": "0,12",
        "Images": f"{CLAIRVAL_IMG}/{slug}-1.jpg",
        "Stock": "120",
    }
    cells.update(draft.values)
    return cells


def bad_check_digit(index: int) -> str:
    """A 13-digit code whose last digit is not the EAN-13 check digit."""
    good = ean13(f"376099120{index:03d}")
    return good[:-1] + str((int(good[-1]) + 3) % 10)


DRAFTS: tuple[Draft, ...] = (
    Draft("CLV-001", "Savon au lait d'ânesse"),
    Draft(
        "CLV-002",
        "",
        expect=(("missing-value", "Désignation", "the name is empty"),),
    ),
    Draft(
        "CLV-003",
        "Savon au miel",
        {"Prix TTC (€)": "12,5O"},
        (("invalid-number", "Prix TTC (€)", '"12,5O": a letter O typed for a zero'),),
    ),
    Draft(
        "CLV-004",
        "Savon à l'huile d'olive",
        {"Prix TTC (€)": "0,00"},
        (("non-positive-price", "Prix TTC (€)", "price 0,00"),),
    ),
    Draft(
        "CLV-005",
        "Savon au charbon végétal",
        {"Code EAN": "@BAD_CHECK@"},
        (("invalid-ean", "Code EAN", "the check digit is wrong"),),
    ),
    Draft(
        "CLV-006",
        "Savon à la rose",
        {"Code EAN": "3,01E+12"},
        (("invalid-ean", "Code EAN", '"3,01E+12": Excel scientific notation, digits lost'),),
    ),
    Draft(
        "CLV-007",
        "Savon à l'argile verte",
        {"Code EAN": "37609912007"},
        (("invalid-ean", "Code EAN", "11 digits: no GTIN has that length"),),
    ),
    Draft(
        "CLV-008",
        "Crème visage à l'aloe vera",
        {"Code SH": "3304", "Catégorie": "Soin visage > Crèmes", "Contenance": "50 ml"},
        (("invalid-hs-code", "Code SH", '"3304": 4 digits, a customs code needs 6 to 10'),),
    ),
    Draft(
        "CLV-009",
        "Savon au lait de chèvre",
        {"Code SH": ""},
        (("missing-hs-code", "Code SH", "no HS code"),),
    ),
    Draft(
        "CLV-010",
        "Savon exfoliant aux noyaux d'abricot",
        {"Images": ""},
        (("missing-image", "Images", "no image"),),
    ),
    Draft(
        "CLV-011",
        "Savon à la verveine",
        {"Images": "cdn.clairval.fr/img/clv-011-1.jpg"},
        (("invalid-image-url", "Images", "no https:// in front: not an absolute URL"),),
    ),
    Draft(
        "CLV-012",
        "Savon au citron",
        {"Images": f"{CLAIRVAL_IMG}/clv-012-1.jpg|http://cdn.clairval.fr/img/clv-012-2.jpg"},
        (("insecure-image-url", "Images", "the second image is http://"),),
    ),
    Draft(
        "CLV-013",
        "Savon de Marseille",
        {
            "Description": "Le meilleur savon de Marseille du marché.\n"
            "N°1 des ventes en Provence, un vrai miracle."
        },
        (
            (
                "superlative-claim",
                "Description",
                '"le meilleur", "n°1", "miracle" (a two-line cell: still one row)',
            ),
        ),
    ),
    Draft(
        "CLV-014",
        "Baume des mains abîmées",
        {
            "Description": "Soigne l'eczéma et guérit les crevasses en trois jours.",
            "Catégorie": "Soin corps > Mains",
            "Code SH": "33049900",
            "Contenance": "50 ml",
        },
        (("medical-claim", "Description", '"soigne", "guérit": medical claims'),),
    ),
    Draft(
        "CLV-015",
        "Crème solaire visage SPF 50",
        {
            "Description": "Protection solaire, anti-taches et blanchissante.",
            "Catégorie": "Soin visage > Crèmes",
            "Code SH": "33049900",
            "Contenance": "50 ml",
        },
        (
            (
                "special-cosmetic-claim",
                "Désignation, Description",
                '"SPF", "anti-taches", "blanchissante": need an NMPA special registration',
            ),
        ),
    ),
    Draft(
        "CLV-005",
        "Savon à l'huile d'amande douce",
        expect=(("duplicate-sku", "Référence", "CLV-005 is already on row 6"),),
    ),
    Draft(
        "CLV-017",
        "Savon à la lavande",
        {"Stock": "abc"},
        (("invalid-number", "Stock", '"abc" is not a quantity'),),
    ),
    Draft(
        "CLV-018",
        "Savon au beurre de karité",
        {"Poids (kg)": "0,2O"},
        (("invalid-number", "Poids (kg)", '"0,2O": a letter O typed for a zero'),),
    ),
    Draft(
        "CLV-019",
        "Savon au thé vert",
        {"Contenance": "cinquante ml"},
        (("invalid-number", "Contenance", '"cinquante ml": the quantity is written in words'),),
    ),
    Draft(
        "CLV-020",
        "Savon au lait de coco",
        {"Marque": ""},
        (("missing-value", "Marque", "no brand (and none in the config)"),),
    ),
    Draft(
        "CLV-021",
        "Coffret découverte",
        {"Prix TTC (€)": "-5,00"},
        (("non-positive-price", "Prix TTC (€)", "a negative price"),),
    ),
    Draft(
        "",
        "Savon à la fleur d'oranger",
        expect=(("missing-value", "Référence", "no reference"),),
    ),
    Draft("CLV-023", "Savon au calendula"),
)


def write_findings(folder: Path) -> list[tuple[int, str, str, str, str]]:
    """The draft catalogue (UTF-8 with BOM, ";"), its config; returns the expected findings."""
    folder.mkdir(exist_ok=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(FINDINGS_HEADERS)
    expected: list[tuple[int, str, str, str, str]] = []
    for index, draft in enumerate(DRAFTS, start=1):
        cells = draft_defaults(draft, index)
        if cells["Code EAN"] == "@BAD_CHECK@":
            cells["Code EAN"] = bad_check_digit(index)
        writer.writerow([cells[h] for h in FINDINGS_HEADERS])
        row = index + 1  # the header is row 1, as a spreadsheet shows it
        for code, column, why in draft.expect:
            expected.append((row, draft.sku, code, column, why))
    (folder / FINDINGS_FILE).write_bytes(buffer.getvalue().encode("utf-8-sig"))
    (folder / "export-kit.toml").write_text(
        "# export-kit configuration of the draft catalogue of this folder.\n"
        "# Written by ../source/make_samples.py.\n"
        "\n"
        "[catalogue]\n"
        "# The whole catalogue is cosmetics: say so, so that every row (even one without an\n"
        "# HS code) is judged as a cosmetic, and medical claims are errors.\n"
        'sector = "cosmetics"\n'
        "\n"
        "[pricing]\n"
        f"eur_cny = {RATE}\n"
        f"rate_date = {RATE_DATE}\n"
        "max_rate_age_days = 3650\n",
        encoding="utf-8",
    )
    return expected


# ---------------------------------------------------------------------------------------
# READMEs
# ---------------------------------------------------------------------------------------

WARNINGS = {
    "missing-hs-code",
    "missing-image",
    "insecure-image-url",
    "superlative-claim",
    "special-cosmetic-claim",
}


@dataclass(frozen=True)
class Sample:
    """A clean sample catalogue, for the README."""

    file: str
    brand: Pair
    sector: str
    rows: int
    products: int
    groups: int
    shows: str


def write_findings_readme(path: Path, expected: Sequence[tuple[int, str, str, str, str]]) -> None:
    """``with-findings/README.md``: which row has which problem."""
    lines = [
        "# A catalogue with findings",
        "",
        f"`{FINDINGS_FILE}` is the draft catalogue of an invented soap maker,",
        f"{FINDINGS_BRAND}, as it might come out of a spreadsheet before anyone checked it:",
        f"{len(DRAFTS)} data rows, UTF-8 with BOM, `;` separators. It holds one or more of",
        "each finding that a catalogue can show without Chinese texts (DESIGN §6). Rows are",
        "numbered as a spreadsheet shows them: the header is row 1, and the two-line",
        "description of row 14 is still one row (the rows after it keep their numbers).",
        "",
        "```",
        f"export-kit validate sample_catalogs/with-findings/{FINDINGS_FILE}",
        "```",
        "",
        'exits 1 (the catalogue has errors). Its `export-kit.toml` sets `sector = "cosmetics"`',
        "for the whole file (even a row without an HS code is judged as a cosmetic), so that",
        "medical claims are errors. Rows 2 and 24 are clean, for comparison.",
        "",
        "| row | Référence | code | severity | column | problem |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row, sku, code, column, why in expected:
        severity = "warning" if code in WARNINGS else "error"
        lines.append(f"| {row} | {sku or '(empty)'} | `{code}` | {severity} | {column} | {why} |")
    lines += [
        "",
        "Not shown here: `formula-without-value` (needs a workbook), `missing-column` and",
        "`unreadable-file` (they stop the reading of a whole file), and the findings that need",
        "Chinese texts or a platform (`banned-term`, `missing-translation`, `title-too-long`,",
        "`over-cbec-limit`...).",
        "",
        "Written by `../source/make_samples.py`: change the script and run it again.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_readme(path: Path, samples: Sequence[Sample], categories: int) -> None:
    """``sample_catalogs/README.md``."""
    lines = [
        "# Sample catalogues",
        "",
        "Realistic French product catalogues of invented brands (every brand, domain, product",
        "and barcode here is made up). Each clean catalogue has, beside it, its reviewed",
        "Chinese in `<file>.zh.tmx` (TMX 1.4, imported as human translations when the",
        "catalogue is read), so the whole pipeline runs offline in a fresh workspace:",
        "",
        "```",
        "export-kit validate sample_catalogs/cosmetiques-aubeline.xlsx",
        "export-kit run sample_catalogs/cosmetiques-aubeline.xlsx --platform tmall-global \\",
        "    --out out/aubeline",
        "```",
        "",
        "| file | brand | sector | rows | products | shows |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in samples:
        lines.append(
            f"| `{s.file}` | {s.brand[0]} ({s.brand[1]}) | {s.sector} | {s.rows} | "
            f"{s.products} | {s.shows} |"
        )
    lines += [
        "",
        'A *product* is one listing: the rows sharing a "Référence parent" form one product',
        "(its variants); a row without a parent is a product of its own.",
        "",
        "Every clean catalogue has, on every SKU: an 8-digit HS code, at least one `https`",
        "image, a valid EAN-13, a unique reference, a stock and a price of at most €420 (under",
        "the CNY 5,000 cross-border limit with tax at the sample rate of 7.8). Their French",
        "texts make no superlative, medical, whitening or sunscreen claim, and their Chinese",
        "contains none of the banned terms of the Advertising Law and NMPA lists. Chinese",
        "product names are short (10 characters at most, without brand or content): the title",
        "is composed from the brand, the name and the content for each platform.",
        "",
        "## Shared files",
        "",
        "- `export-kit.toml`: found beside each catalogue, so the three clean samples share it.",
        "  It fixes the exchange rate (7.8, dated), points to `glossary/brands.csv`, and maps",
        f"  each of the {categories} French categories to an (invented) category id of",
        "  `tmall-global`, `jd-worldwide` and `douyin-global`. The brand comes from each",
        '  catalogue\'s "Marque" column; the sector is found per product from its HS code.',
        "- `glossary/brands.csv`: the Chinese names of the invented brands (`brand,chinese`),",
        "  in a subfolder because every `.xlsx` and `.csv` at the top of this folder is a",
        "  clean catalogue (a CI job can loop over them).",
        "- `<catalogue>.zh.tmx`: one translation unit per distinct French text of the",
        "  catalogue: names, descriptions (HTML kept tag for tag), categories (the whole path),",
        "  colours and sizes.",
        "",
        "## The catalogues",
        "",
        f"- **{samples[0].file}**: {samples[0].brand[0]}, cosmetics and perfume from Grasse.",
        "  Header on row 1; HTML descriptions (`<p>`, `<ul><li>`, `<strong>`); net contents",
        "  in ml and g (`3,5 g`); EU CN codes of chapters 3303, 3304, 3305 and 3307 written as",
        "  text; EANs as text; one to three numbered image columns; shelf life in months.",
        "  Variant groups: a perfume in 30/50/100 ml, an eau de toilette and a hand cream in",
        "  two sizes, a lipstick, an eye pencil, a foundation and a nail polish in three shades.",
        f"- **{samples[1].file}**: {samples[1].brand[0]}, a Burgundy négociant's",
        "  wines, champagnes and spirits. Saved as French Excel does: `;` separators, cp1252",
        "  (the `€` of the price header, `œ`, `°` and accented letters are single bytes that",
        "  are not UTF-8), CRLF line ends, comma decimals (`24,90`, `1,3`, `37,5 cl`). HS codes",
        "  with dots (`2204.21.00`), all images in one `Images` column separated by `|`, extra",
        "  columns (vintage, alcohol) kept as free attributes. Half bottles and magnums are",
        "  variants of their 75 cl wine.",
        f"- **{samples[2].file}**: {samples[2].brand[0]}, leather goods, clothing and",
        "  shoes. A merged title banner on row 1 and a blank row 2 above the header (row 3);",
        "  every product is a parent with 2 to 8 variants by `Couleur` and, except bags and",
        "  small leather goods, `Taille` (S–XL, 36–44, shoe sizes 36–45, belt lengths,",
        "  collar sizes, `Taille unique`); HS codes",
        "  typed as numbers; some products made in Italy or Portugal.",
        "",
        "## with-findings/",
        "",
        "A draft catalogue with one or more of each finding a catalogue can show; its",
        "README lists which row has which problem.",
        "",
        "## Changing the samples",
        "",
        "Everything here is written by `source/make_samples.py` from its data tables",
        "(French and reviewed Chinese side by side). Change the tables, then:",
        "",
        "```",
        ".venv/bin/python sample_catalogs/source/make_samples.py",
        ".venv/bin/pytest tests/test_samples.py",
        "```",
        "",
        "The script is deterministic: unchanged data gives byte-identical files.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------

COSMETICS_FILE = "cosmetiques-aubeline.xlsx"
WINE_FILE = "vins-spiritueux-verancourt.csv"
FASHION_FILE = "mode-maroquinerie-brevanne.xlsx"


def sample(file: str, brand: Pair, sector: str, items: Sequence[Item], shows: str) -> Sample:
    """Counts of a clean sample, for the README."""
    rows = sum(len(item.variants) for item in items)
    groups = sum(1 for item in items if len(item.variants) > 1)
    return Sample(file, brand, sector, rows, len(items), groups, shows)


def main() -> None:
    """Write every sample file."""
    cosmetics = rows_of(COSMETICS, "377001948")
    wines = rows_of(WINES, "376015320")
    fashion_rows = rows_of(FASHION, "366041270")

    write_cosmetics(OUT / COSMETICS_FILE, cosmetics)
    write_wine(OUT / WINE_FILE, wines)
    write_fashion(OUT / FASHION_FILE, fashion_rows)

    sidecars = (
        (COSMETICS_FILE, texts_of(COSMETICS, COSMETICS_CATEGORIES, COSMETICS_COLOURS, html=True)),
        (WINE_FILE, texts_of(WINES, WINE_CATEGORIES, {}, html=False)),
        (FASHION_FILE, texts_of(FASHION, FASHION_CATEGORIES, FASHION_COLOURS, html=True)),
    )
    for file, texts in sidecars:
        write_tmx(OUT / f"{file}.zh.tmx", texts)

    categories: dict[str, None] = {}
    for items in (COSMETICS, WINES, FASHION):
        for item in items:
            categories.setdefault(item.category, None)
    write_config(
        OUT / "export-kit.toml", list(categories), (COSMETICS_FILE, WINE_FILE, FASHION_FILE)
    )
    write_brands(OUT / "glossary" / "brands.csv")

    expected = write_findings(OUT / "with-findings")
    write_findings_readme(OUT / "with-findings" / "README.md", expected)

    samples = (
        sample(
            COSMETICS_FILE,
            COSMETICS_BRAND,
            "cosmetics, perfume",
            COSMETICS,
            "xlsx, HTML descriptions, net contents, variant groups by shade and size",
        ),
        sample(
            WINE_FILE,
            WINE_BRAND,
            "wine, spirits",
            WINES,
            "French Excel CSV: `;`, cp1252, comma decimals; bottle sizes as variants",
        ),
        sample(
            FASHION_FILE,
            FASHION_BRAND,
            "fashion, leather goods",
            FASHION,
            "xlsx with a title banner; every product in sizes and colours",
        ),
    )
    write_readme(OUT / "README.md", samples, len(categories))
    for s in samples:
        print(f"{s.file}: {s.rows} rows, {s.products} products ({s.groups} variant groups)")  # noqa: T201
    print(f"with-findings/{FINDINGS_FILE}: {len(DRAFTS)} rows, {len(expected)} findings")  # noqa: T201


if __name__ == "__main__":
    main()
