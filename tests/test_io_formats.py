"""The RDF files migkg reads: an allow-list of suffixes, each with the parser rdflib names."""

from __future__ import annotations

import pytest

from migkg.graph.errors import InputError
from migkg.graph.io import RDF_FORMATS, rdf_files


def test_every_suffix_read_has_an_rdflib_parser():
    assert RDF_FORMATS == {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".rdf": "xml"}


@pytest.mark.parametrize("name", ["data.owl", "data.json", "data.n3", "data.TTL"])
def test_suffixes_rdflib_knows_but_migkg_does_not_read_are_refused(tmp_path, name):
    path = tmp_path / name
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF format"):
        rdf_files([path])
