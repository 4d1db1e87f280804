"""Mentions of other UN documents and of URLs in repaired text."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from migkg.extract.model import CleanText, DocumentRef, ParagraphRef, UrlRef

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
def resolution_series() -> dict[str, str]:
    """resolution_series.tsv: the symbol prefix of each body's resolutions."""
    prefixes: dict[str, str] = {}
    for body, prefix in _rows("resolution_series.tsv"):
        prefixes[body] = prefix
    return prefixes


@cache
def _defaults() -> tuple[tuple[str, str, str], ...]:
    """resolution_defaults.tsv: (number form, citing symbol's beginning, prefix) of a
    resolution cited without its body, in the order they are tried."""
    return tuple((form, citing, prefix) for form, citing, prefix in _rows("resolution_defaults.tsv"))


def _rows(name: str) -> list[list[str]]:
    text = files("migkg.extract.data").joinpath(name).read_text(encoding="utf-8")
    return [
        [cell.strip() for cell in line.split("\t")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def resolution_prefix(body: str | None, number: str, citing: str | None) -> str:
    """The symbol prefix of "<body> resolution <number>" cited in the document ``citing``
    (its symbol, if known): the body's series; without a body, the series its number's form
    belongs to ("2282 (2016)": the Security Council's), else the citing document's body's
    ("resolution 16/21" in a report of the Human Rights Council), else the General
    Assembly's."""
    if body:
        return resolution_series()[body]
    form = "year" if "(" in number else "session"
    for row_form, begins, prefix in _defaults():
        if row_form == form and (citing or "").startswith(begins):
            return prefix
    raise LookupError(f"resolution_defaults.tsv has no row for the form {form!r}")


@cache
def _resolution_pattern() -> re.Pattern[str]:
    bodies = "|".join(re.escape(b) for b in sorted(resolution_series(), key=len, reverse=True))
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


def document_refs(content: CleanText, citing: str | None = None) -> tuple[DocumentRef, ...]:
    """UN symbols as written and "(Body) resolution(s) N/M" as symbols, in text order, in the
    text of the document whose symbol is ``citing`` (:func:`resolution_prefix`)."""
    return tuple(
        DocumentRef(symbol, content.source_span(b, e), written)
        for b, e, symbol, written in _documents_in(content.text, citing)
    )


def _documents_in(text: str, citing: str | None = None) -> list[tuple[int, int, str, str]]:
    """(begin, end, symbol, as written) of every document mention of ``text``, in text order."""
    found: list[tuple[int, int, str, str]] = []
    url_spans = [m.span() for m in _URL.finditer(text)]

    def in_url(pos: int) -> bool:
        return any(b <= pos < e for b, e in url_spans)

    for m in find_symbols(text):
        if not in_url(m.start()):
            found.append((m.start(), m.end(), m.group(), m.group()))
    for m in _resolution_pattern().finditer(text):
        for i, n in enumerate(_NUMBER_IN_LIST.finditer(m.group("list"))):
            begin = m.start() if i == 0 else m.start("list") + n.start()
            end = m.start("list") + n.end()
            prefix = resolution_prefix(m.group("body"), n.group(), citing)
            found.append((begin, end, prefix + n.group().replace("(", " (").replace("  ", " "), text[begin:end]))
    found.sort()
    return found


# -- citations of paragraphs ------------------------------------------------------------
# "para. 52", "paras. 7, 26 and 70", "paragraphs 115-117", "paragraph 15 (b)", "para. 115.3"
_PARA_NUMBER = r"\d{1,3}(?:\.\d{1,3})?(?:\s?\([a-z]{1,2}\))?(?:\s?\([ivx]{1,5}\))?"
_PARA_LIST = rf"{_PARA_NUMBER}(?:\s?[-\u2013]\s?\d{{1,3}}|(?:,\s| and |, and |\sand\s){_PARA_NUMBER})*"
_PARA_CITATION = re.compile(rf"\b(?:[Pp]aras?\.|[Pp]aragraphs?)\s(?P<list>{_PARA_LIST})")
_ONE = re.compile(r"(\d{1,3}(?:\.\d{1,3})?)(?:\s?\(([a-z]{1,2})\))?(?:\s?\([ivx]{1,5}\))?(?:\s?[-\u2013]\s?(\d{1,3}))?")
# the cited document after the numbers: "of resolution 5/1", "of the annex to resolution 5/1",
# "of its concluding observations (CERD/C/BRA/CO/18-20)": a few words, then the mention
_OF = re.compile(r"\s(?:of|to|in)\s(?P<words>(?:[\w-]+\s){0,6}?)\(?$")
# the cited document before them: "resolution 71/1, para. 52", "A/RES/73/195, annex, para. 17"
_BEFORE = re.compile(r",\s(?:(?P<annex>annex(?:\s(?P<numeral>[IVX]{1,5}))?),\s)?$")
_ANNEX_WORDS = re.compile(r"\bannex(?:\s(?P<numeral>[IVX]{1,5}))?\b")
_SELF_AFTER = re.compile(
    r"^\s?(?:above|below)\b|^\s(?:of|in)\sthe\spresent\s(?:report|resolution|annex|declaration|document)"
)
_SEE = re.compile(r"\b(?:see|cf\.)\s$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:]\s+[A-Z(]")  # a sentence or list item ends
MAX_PARAGRAPH_RANGE = 30  # "paras. 115-117" names each; a wider range is not a list of paragraphs


def paragraph_refs(content: CleanText, citing: str | None = None) -> tuple[ParagraphRef, ...]:
    """Citations of paragraphs, each resolved to its document: the one named right before
    ("resolution 71/1, para. 52") or right after ("paragraph 15 of the annex to resolution
    5/1"), the citing document itself ("see para. 27 above", "paragraph 4 of the present
    report"), or the document the same part cited last ("See resolution 71/1, para. 52 ...
    para. 53, in which ..."); a number that names no document ("Information relating to
    paragraph 17 (a)") is left alone. ``citing``: the symbol of the document they are in."""
    text = content.text
    docs = _documents_in(text, citing)
    out: list[ParagraphRef] = []
    chain: list[tuple[int, int, str, str]] = []  # documents cited with a paragraph so far
    for m in _PARA_CITATION.finditer(text):
        target = _cited_document(text, m, docs, chain)
        if target is None:
            continue
        symbol, annex, begin, end, rule = target
        if rule == "citation-named":
            chain.extend(d for d in docs if d[2] == symbol and d[1] <= end)
        confidence = _citation_confidence()[rule]
        for one in _ONE.finditer(m.group("list")):
            first = one.group(1)
            numbers = [first]
            if one.group(3) and "." not in first and 0 < int(one.group(3)) - int(first) <= MAX_PARAGRAPH_RANGE:
                numbers = [str(n) for n in range(int(first), int(one.group(3)) + 1)]
            at = m.start("list") + one.start()
            span = content.source_span(at, at + len(first))
            written = text[min(begin, m.start()) : max(end, m.end())]
            out.extend(ParagraphRef(symbol, n, one.group(2), annex, span, written, rule, confidence) for n in numbers)
    return tuple(out)


def _cited_document(
    text: str, m: re.Match[str], docs: list[tuple[int, int, str, str]], chain: list[tuple[int, int, str, str]]
) -> tuple[str | None, str | None, int, int, str] | None:
    """(symbol or None for the citing document, annex, begin, end of the whole citation, rule)."""
    rest = text[m.end() : m.end() + 120]
    if _SELF_AFTER.match(rest):
        return None, None, m.start(), m.end(), "citation-self"
    for b, e, symbol, _ in docs:  # after: "paragraph 15 (b) of [the annex to] resolution 5/1"
        if b > m.end() and (of := _OF.match(text[m.end() : b])) and "." not in of.group("words"):
            found = _ANNEX_WORDS.search(of.group("words"))
            return symbol, (found.group("numeral") or "") if found else None, m.start(), e, "citation-named"
        if b > m.end():
            break
    for b, e, symbol, _ in reversed(docs):  # before: "resolution 71/1, [annex,] para. 52"
        if e <= m.start() and (before := _BEFORE.search(text[e : m.start()])) and before.start() == 0:
            annex = (before.group("numeral") or "") if before.group("annex") else None
            return symbol, annex, b, m.end(), "citation-named"
    earlier = [d for d in docs if d[1] <= m.start()]
    if earlier and earlier[-1] in chain and not _SENTENCE_END.search(text[earlier[-1][1] : m.start()]):
        # the document this sentence last cited a paragraph of, and no other document since:
        # "See resolution 71/1, para. 52, in which ..., and para. 53, in which ..."
        b, e, symbol, _ = earlier[-1]
        return symbol, None, m.start(), m.end(), "citation-same-sentence"
    if _SEE.search(text[max(0, m.start() - 5) : m.start()]):  # "(see paras. 59-63)"
        return None, None, m.start(), m.end(), "citation-see"
    return None


@cache
def _citation_confidence() -> dict[str, float]:
    """The citation rows of ``confidence.tsv`` (rule -> value)."""
    text = files("migkg.extract.data").joinpath("confidence.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.startswith("citation-"))
    return {row[0]: float(row[1]) for row in rows}


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
