"""States by name: the ISO 3166-1 country a UN name means ("Iran (Islamic Republic of)" -> IRN).

pycountry holds the ISO 3166-1 names; the UN writes some of them inverted ("Republic of Korea"
for "Korea, Republic of") or with a qualifier in parentheses ("Venezuela (Bolivarian Republic
of)"), and uses a few names ISO does not ("Holy See", "State of Palestine"): those are in
``extract/data/country_names.tsv``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pycountry

# A State's name is a few words: never look up a sentence
MAX_NAME_WORDS = 9


@dataclass(frozen=True, slots=True)
class Country:
    alpha_3: str  # "SVN"
    name: str  # the ISO 3166-1 name: "Slovenia", "Iran, Islamic Republic of"

    @property
    def key(self) -> str:
        """Actor key: the ISO name as a slug ("slovenia", "iran-islamic-republic-of")."""
        return re.sub(r"[^0-9a-z]+", "-", self.name.lower()).strip("-")


@cache
def _aliases() -> dict[str, str]:
    text = files("migkg.extract.data").joinpath("country_names.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return {_fold(r["name"]): r["alpha_3"] for r in rows}


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).lower()


def _candidates(name: str) -> list[str]:
    """The name, "X (Y)" as "X, Y", and "Republic of X" as "X, Republic of"."""
    out = [name]
    qualified = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if qualified:
        out.append(f"{qualified[1]}, {qualified[2]}")
    words = name.split()
    for k in range(1, len(words)):
        if words[k - 1].lower() in {"of", "the"}:
            out.append(" ".join(words[k:]) + ", " + " ".join(words[:k]))
    return out


@cache
def country(name: str) -> Country | None:
    """The ISO 3166-1 country a UN name means, or None."""
    name = " ".join(name.replace("’", "'").strip(" *,;.").split())
    if not name or len(name.split()) > MAX_NAME_WORDS or not name[0].isupper() and not name.startswith("the "):
        return None
    code = _aliases().get(_fold(name))
    if code is None:
        for candidate in _candidates(name.removeprefix("the ")):
            try:
                code = pycountry.countries.lookup(candidate).alpha_3
                break
            except LookupError:
                continue
    if code is None:
        return None
    return by_code(code)


def by_code(alpha_3: str) -> Country | None:
    """The country of an ISO 3166-1 alpha-3 code ("BRA"), as treaty-body symbols carry it."""
    entry = pycountry.countries.get(alpha_3=alpha_3.upper())
    return Country(str(entry.alpha_3), str(entry.name)) if entry is not None else None
