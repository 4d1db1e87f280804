"""Mentions of other UN documents and of URLs in repaired text."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from migkg.extract.model import CleanText, DocumentRef, UrlRef

# A UN document symbol: a series ("A", "E", "S", "CCPR", ...) then at least two more
# "/"-separated components, one of them a number ("A/71/728", "A/HRC/36/42", "A/C.3/72/L.1",
# "A/RES/71/1", "CCPR/C/GC/36", "A/71/1/Add.2", "ST/ESA/SER.A/438"). Not preceded by "/" or a letter, so the
# tail of a URL ("undocs.org/A/RES/71/1") is not read as a mention.
# a number may be a range of reports: "CERD/C/BRA/CO/18-20" (the combined 18th to 20th)
_COMPONENT = (
    r"(?:[A-Z]{1,10}(?:\.(?:\d{1,4}|[A-Z]{1,3}))?|\d{1,5}(?:\.\d{1,4})?(?:-\d{1,5})?|(?:Rev|Add|Corr|Amend)\.\d{1,3})"
)
SYMBOL = re.compile(rf"(?<![\w/])[A-Z]{{1,6}}(?:/{_COMPONENT}){{2,}}(?![\w/])")
_NUMERIC = re.compile(r"/\d")


def symbol_slug(symbol: str) -> str:
    """AKN4UN naming: ``A/RES/71/1`` -> ``A-RES-71-1`` (``/`` -> ``-``, space -> ``_``)."""
    return symbol.strip().replace("/", "-").replace(" ", "_")


_RESOLUTION_NUMBER = r"(?:\d{1,4}/\d{1,4}|\d{3,4} ?\(\d{4}\))"


@cache
def _series() -> tuple[dict[str, str], str]:
    text = files("migkg.extract.data").joinpath("resolution_series.tsv").read_text(encoding="utf-8")
    prefixes: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        body, prefix = line.split("\t")
        prefixes[body.strip()] = prefix.strip()
    return prefixes, prefixes.pop("")


@cache
def _resolution_pattern() -> re.Pattern[str]:
    bodies = "|".join(re.escape(b) for b in sorted(_series()[0], key=len, reverse=True))
    return re.compile(
        rf"(?:\b(?P<body>{bodies}) )?\b[Rr]esolutions? "
        rf"(?P<list>{_RESOLUTION_NUMBER}(?:(?:, | and |, and ){_RESOLUTION_NUMBER})*)"
    )


_NUMBER_IN_LIST = re.compile(_RESOLUTION_NUMBER)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]+")


def is_symbol(text: str) -> bool:
    m = SYMBOL.fullmatch(text)
    return bool(m) and bool(_NUMERIC.search(text))


def find_symbols(text: str) -> list[re.Match[str]]:
    return [m for m in SYMBOL.finditer(text) if _NUMERIC.search(m.group())]


def document_refs(content: CleanText) -> tuple[DocumentRef, ...]:
    """UN symbols as written and "(Body) resolution(s) N/M" as symbols, in text order."""
    text = content.text
    found: list[tuple[int, int, str, str]] = []
    url_spans = [m.span() for m in _URL.finditer(text)]

    def in_url(pos: int) -> bool:
        return any(b <= pos < e for b, e in url_spans)

    for m in find_symbols(text):
        if not in_url(m.start()):
            found.append((m.start(), m.end(), m.group(), m.group()))
    prefixes, default = _series()
    for m in _resolution_pattern().finditer(text):
        prefix = prefixes.get(m.group("body") or "", default)
        for i, n in enumerate(_NUMBER_IN_LIST.finditer(m.group("list"))):
            begin = m.start() if i == 0 else m.start("list") + n.start()
            end = m.start("list") + n.end()
            found.append((begin, end, prefix + n.group().replace("(", " (").replace("  ", " "), text[begin:end]))
    found.sort()
    return tuple(DocumentRef(symbol, content.source_span(b, e), written) for b, e, symbol, written in found)


def urls(content: CleanText) -> tuple[UrlRef, ...]:
    """URLs in the text, without trailing sentence punctuation or an unbalanced ")"."""
    out = []
    for m in _URL.finditer(content.text):
        url = m.group()
        while url and (url[-1] in ".,;:!?" or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        if len(url) > len("www."):
            out.append(UrlRef(url, content.source_span(m.start(), m.start() + len(url))))
    return tuple(out)
