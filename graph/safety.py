"""Safe defaults for the libraries migkg reads RDF and runs SPARQL with.

rdflib reaches the network or the disk in quiet ways when it reads data or runs a query.
:func:`harden` switches off the ones that have a switch, for the whole process; it is called
when :mod:`migkg.graph.io` (every RDF read) is imported, and
:func:`migkg.graph.sparql.run_local` switches the first off again before each query:

- ``FROM`` / ``FROM NAMED`` and ``LOAD`` in SPARQL dereference their IRIs while
  ``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS`` is on (RDFLib/rdflib#810, #1421): off.
- RDF/XML is parsed by expat with DTDs allowed: a document can declare nested entities
  ("billion laughs") or ``SYSTEM`` entities naming a file or URL. Only Python builds with
  expat >= 2.4 stop the first, late. The ``xml`` parser is replaced by one on defusedxml's
  expat reader that refuses any DTD before it is read, so entities never expand and
  external ones are never resolved, whatever the expat version.

What has no switch is guarded elsewhere: ``SERVICE`` is refused from the query algebra
(:func:`migkg.graph.sparql.prepare`), JSON-LD contexts given by URL or file name are
refused before parsing (:func:`migkg.graph.io.refuse_remote_contexts`), pySHACL runs with
``do_owl_imports=False`` (:mod:`migkg.graph.validate`).
"""

from __future__ import annotations

from typing import Any, cast
from xml.sax import handler
from xml.sax.xmlreader import Locator

import rdflib.plugins.sparql
from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from rdflib import plugin
from rdflib.parser import InputSource, Parser
from rdflib.plugins.parsers.rdfxml import ErrorHandler, RDFXMLHandler, RDFXMLParser

# The names rdflib knows its RDF/XML parser by.
RDFXML_PARSER_NAMES = ("xml", "application/rdf+xml")


class SafeRDFXMLParser(RDFXMLParser):
    """rdflib's RDF/XML parser on defusedxml's expat reader: no DTD, no entities."""

    def parse(self, source: InputSource, sink: Any, **args: Any) -> None:
        reader = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        # The same set-up as rdflib.plugins.parsers.rdfxml.create_parser.
        reader.start_namespace_decl("xml", "http://www.w3.org/XML/1998/namespace")
        reader.setFeature(handler.feature_namespaces, 1)
        content = RDFXMLHandler(sink)
        # rdflib's annotation asks for a Locator, but rdflib's own create_parser passes the
        # InputSource too (with a type: ignore): until the reader installs its own Locator,
        # the handler only reads the source's system and public ids.
        content.setDocumentLocator(cast(Locator, source))
        reader.setContentHandler(content)
        reader.setErrorHandler(ErrorHandler())
        if args.get("preserve_bnode_ids") is not None:
            content.preserve_bnode_ids = args["preserve_bnode_ids"]
        self._parser = reader
        try:
            reader.parse(source)
        except DefusedXmlException as error:
            raise ValueError(f"XML DTDs and entities are refused ({type(error).__name__})") from None


def harden() -> None:
    """Switch off rdflib's network and file access for this process (idempotent)."""
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    for name in RDFXML_PARSER_NAMES:
        plugin.register(name, Parser, __name__, SafeRDFXMLParser.__name__)
