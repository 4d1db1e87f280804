"""The actor network of the knowledge graph: who is asked to act, with whom, under which
instrument and at which governance level.

The network is read from the RDF graph with SPARQL (``queries/network-*.rq``), never by
walking triples, into an undirected :class:`networkx.Graph`, then measured (degree and
betweenness centrality, modularity communities) and written as an offline HTML page, a
picture (PNG, SVG), GEXF for Gephi, GraphML for Cytoscape, or node-link JSON.

Nodes are keyed by IRI. Edges:

- ``co-addressed``: two actors addressed by the same statement (one count per statement);
- ``co-mentioned``: two actors mentioned in the same paragraph (one count per paragraph);
- ``invokes``: an actor and an instrument invoked by a statement addressed to the actor;
- ``at-level``: an actor and the governance level of a statement addressed to it;
- ``taken-up``: an actor and the objective of the document that followed (the Global
  Compact's objective 5) where a recommendation addressed to the actor was taken up (its best
  alignment link, at or above the run's threshold; ``migkg align``).

``documents`` keeps only the evidence of those documents (their statements and paragraphs),
and the nodes left with an edge.

An edge's ``weight`` is the sum of those counts; ``statements`` and ``paragraphs`` list
the IRIs of the evidence behind it.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TypedDict

import networkx as nx
import pyoxigraph
from rdflib import Graph, Literal

from migkg.graph.errors import NetworkError
from migkg.graph.oxigraph import oxigraph_store
from migkg.graph.query import named_query, select_rows, select_vars
from migkg.graph.sparql import Prepared, prepare, run_local

INCLUDES = ("instruments", "levels", "alignments")
FORMATS = ("html", "png", "svg", "gexf", "graphml", "json")
EDGE_KINDS = ("co-addressed", "co-mentioned", "invokes", "at-level", "taken-up")

# Fixed seeds keep layouts, and so the pictures and the page, identical from run to run.
LAYOUT_SEED = 42
# Pictures are 1600 x 1200 px: wide enough for ~50 readable labels.
FIGURE_INCHES = (16, 12)
FIGURE_DPI = 100
ADJUST_ITERATIONS = 300
# Nodes without an edge go on shelves below the drawing: so many per row, rows this far apart.
_SHELF_COLUMNS = 6
_SHELF_SPACING = 0.16

# Colours by node type: Okabe-Ito (colour-blind safe) for the actor types of the ontology,
# then Paul Tol's muted scheme for types this table does not know, in sorted order, so
# that a legend stays stable and no two types share a colour.
TYPE_COLOURS: dict[str, str] = {
    "StateActor": "#0072B2",
    "IntergovernmentalOrganization": "#E69F00",
    "UNBody": "#009E73",
    "IntergovernmentalProcess": "#56B4E9",
    "SubnationalAuthority": "#CC79A7",
    "NonStateActor": "#D55E00",
    "PopulationGroup": "#999933",
    "Person": "#882255",
    "Actor": "#999999",
    "Instrument": "#F0E442",
    "GovernanceLevel": "#444444",
    "Objective": "#AA3377",
}
_SPARE_COLOURS = ("#332288", "#44AA99", "#AA4499", "#117733", "#88CCEE", "#DDCC77", "#CC6677", "#661100")

# Node shapes by kind, the same in the page (vis-network) and the picture (matplotlib).
_HTML_SHAPES = {"actor": "dot", "instrument": "diamond", "level": "square", "objective": "triangle"}
_PICTURE_SHAPES = {"actor": "o", "instrument": "D", "level": "s", "objective": "^"}

_MIGO = "https://w3id.org/migkg/ontology#"
_VOCABULARY_FILES = ("migkg.ttl", "levels.ttl")
_PAGE_TEMPLATE = "network-page.html"
_VIS_DIR = "lib/vis-9.1.2"


@dataclass(frozen=True)
class Statement:
    """A recommendation or commitment behind an edge, as shown in tooltips and tables."""

    iri: str
    kind: str
    paragraph: str
    text: str


@dataclass
class ActorNetwork:
    """The networkx graph plus what is needed to describe its evidence to a reader."""

    graph: nx.Graph
    statements: Mapping[str, Statement] = field(default_factory=dict)
    # paragraph IRI -> "A/72/643 para. 59"
    paragraph_labels: Mapping[str, str] = field(default_factory=dict)
    documents: tuple[str, ...] = ()
    min_weight: int = 1

    def caption(self) -> str:
        """``Actor network of A/72/643: 31 nodes, 105 edges (weight ≥ 2)``."""
        g = self.graph
        where = ", ".join(self.documents) or "the knowledge graph"
        weight = f" (weight ≥ {self.min_weight})" if self.min_weight > 1 else ""
        return f"Actor network of {where}: {len(g)} nodes, {g.number_of_edges()} edges{weight}"

    def actors(self) -> list[str]:
        return [n for n, kind in self.graph.nodes(data="kind") if kind == "actor"]


# ---------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------


def select(rdf: Graph, name: str, store: pyoxigraph.Store | None = None) -> list[dict[str, object]]:
    """Run the named query ``network-{name}`` on ``rdf`` (with pyoxigraph; pass ``store``,
    an :func:`~migkg.graph.oxigraph.oxigraph_store` of ``rdf``, to load the data only once).
    Rows are dicts of Python values: IRIs as str, literals as their Python value, unbound
    as None."""
    result = run_local(_prepared(name), rdf, engine="oxigraph", store=store)
    variables = select_vars(result)
    return [{str(var): _python(row[var]) for var in variables} for row in select_rows(result)]


def _text(row: Mapping[str, object], column: str) -> str:
    """A column the query always binds to an IRI or a string (IRIs and string literals
    both come back from :func:`select` as str)."""
    value = row[column]
    assert isinstance(value, str), f"{column} = {value!r}"
    return value


def _optional_text(row: Mapping[str, object], column: str) -> str | None:
    """An IRI or string column that may be unbound (OPTIONAL)."""
    value = row[column]
    assert value is None or isinstance(value, str), f"{column} = {value!r}"
    return value


def _count(row: Mapping[str, object], column: str) -> int:
    """A COUNT column (xsd:integer, so int); unbound or absent (no match in an OPTIONAL
    sub-select, or a query without the column) as 0."""
    value = row.get(column) or 0
    assert isinstance(value, int), f"{column} = {value!r}"
    return value


@functools.cache
def _prepared(name: str) -> Prepared:
    # parsing (rdflib's pyparsing grammar) costs more than running on pyoxigraph: once each
    return prepare(named_query(f"network-{name}").text)


def _python(term: object) -> object:
    if term is None:
        return None
    return term.toPython() if isinstance(term, Literal) else str(term)


def build_network(
    rdf: Graph, include: Iterable[str] = (), min_weight: int = 1, documents: Iterable[str] = ()
) -> ActorNetwork:
    """The actor network of ``rdf`` (one or many documents).

    ``include`` adds instrument, governance-level and/or objective nodes (see :data:`INCLUDES`).
    ``documents`` (ids: "A-72-643") keeps the evidence of those documents only.
    ``min_weight`` drops edges lighter than it; above 1, nodes left without an edge are
    dropped too, so that the filter thins the picture rather than scattering it.
    """
    include = frozenset(include)
    documents = tuple(documents)
    unknown = include - set(INCLUDES)
    if unknown:
        raise NetworkError(
            f"unknown --include value(s): {', '.join(sorted(unknown))}; choose from {', '.join(INCLUDES)}"
        )
    if min_weight < 1:
        raise NetworkError(f"--min-weight must be at least 1, got {min_weight}")

    store = oxigraph_store(rdf)
    graph = nx.Graph()
    for row in select(rdf, "actors", store):
        _add_node(
            graph,
            row,
            kind="actor",
            type=_local_name(_optional_text(row, "type") or _MIGO + "Actor"),
            short_label=_optional_text(row, "acronym"),
            addressed=_count(row, "statements"),
            invoked=0,
        )
    if "instruments" in include:
        for row in select(rdf, "instruments", store):
            _add_node(graph, row, kind="instrument", type="Instrument", addressed=0, invoked=_count(row, "statements"))
    if "levels" in include:
        for row in select(rdf, "levels", store):
            _add_node(graph, row, kind="level", type="GovernanceLevel", addressed=0, invoked=_count(row, "statements"))
    if "alignments" in include:
        for row in select(rdf, "objectives", store):
            short = f"Objective {_text(row, 'short')}"
            _add_node(
                graph,
                row,
                kind="objective",
                type="Objective",
                addressed=0,
                invoked=_count(row, "statements"),
                short_label=short,
            )

    if not graph:
        raise NetworkError(
            "the data holds no actor (migo:Actor): build it with the "
            "extraction (migkg build) before drawing its network"
        )
    statements, paragraph_labels, doc_symbols = _statements_and_paragraphs(rdf, store)

    # (source, target) -> kind -> evidence IRIs (statements, or paragraphs for co-mentions)
    evidence: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    queries = [("co-addressed", "statement"), ("co-mentioned", "paragraph")]
    if "instruments" in include:
        queries.append(("invokes", "statement"))
    if "levels" in include:
        queries.append(("at-level", "statement"))
    if "alignments" in include:
        queries.append(("taken-up", "statement"))
    wanted = tuple(f"/doc/{d}/" for d in documents)
    for kind, column in queries:
        for row in select(rdf, kind, store):
            source, target = _text(row, "source"), _text(row, "target")
            if wanted and not any(w in _text(row, column) for w in wanted):
                continue  # evidence of another document: a statement's or paragraph's IRI names its document
            if source in graph and target in graph:
                first, second = sorted((source, target))
                evidence[(first, second)][kind].add(_text(row, column))

    for (source, target), by_kind in sorted(evidence.items()):
        counts = {kind: len(by_kind.get(kind, ())) for kind in EDGE_KINDS}
        weight = sum(counts.values())
        if weight < min_weight:
            continue
        statement_iris = sorted(set().union(*(by_kind.get(k, set()) for k in EDGE_KINDS if k != "co-mentioned")))
        paragraphs = set(by_kind.get("co-mentioned", set()))
        paragraphs.update(statements[s].paragraph for s in statement_iris if s in statements)
        graph.add_edge(
            source,
            target,
            kinds=sorted(by_kind),
            weight=weight,
            co_addressed=counts["co-addressed"],
            co_mentioned=counts["co-mentioned"],
            invokes=counts["invokes"],
            at_level=counts["at-level"],
            taken_up=counts["taken-up"],
            statements=statement_iris,
            paragraphs=sorted(paragraphs),
        )
    if min_weight > 1 or wanted:
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    if not graph:
        raise NetworkError(
            f"no edge in the data of {', '.join(documents)}: check the document ids (migkg query sections)"
        )

    _measure(graph)
    if wanted:  # the caption names the documents drawn
        documents_drawn = tuple(d for d in doc_symbols if any(f"/doc/{d.replace('/', '-')}/" in w for w in wanted))
    else:
        documents_drawn = doc_symbols
    network = ActorNetwork(graph, statements, paragraph_labels, documents_drawn, min_weight)
    graph.graph["name"] = network.caption()  # the graph's title in Gephi, GraphML and JSON
    return network


def _add_node(
    graph: nx.Graph,
    row: Mapping[str, object],
    *,
    kind: str,
    type: str,
    addressed: int,
    invoked: int,
    short_label: str | None = None,
) -> None:
    """One node; its label from the data, else from the shipped vocabulary (governance
    levels), else the IRI's last segment. ``short_label`` (an acronym) is what pictures
    print."""
    node = _text(row, "node")
    label = _optional_text(row, "label") or vocabulary_labels().get(node) or _local_name(node)
    graph.add_node(
        node,
        label=label,
        short_label=short_label or label,
        kind=kind,
        type=type,
        mentions=_count(row, "mentions"),
        addressed=addressed,
        invoked=invoked,
    )


def _statements_and_paragraphs(
    rdf: Graph, store: pyoxigraph.Store
) -> tuple[dict[str, Statement], dict[str, str], tuple[str, ...]]:
    """Statements by IRI, readable paragraph labels by IRI, and the document symbols."""
    statements: dict[str, Statement] = {}
    paragraph_labels: dict[str, str] = {}
    symbols: set[str] = set()
    rows = select(rdf, "statements", store)
    for row in rows:
        statement = Statement(
            _text(row, "statement"),
            _local_name(_text(row, "kind")).lower(),
            _text(row, "paragraph"),
            " ".join(str(row["text"] or "").split()),
        )
        statements[statement.iri] = statement
    for row in rows + select(rdf, "paragraphs", store):
        symbol = _optional_text(row, "symbol") or _local_name(_optional_text(row, "document") or "")
        symbols.add(symbol)
        paragraph = _text(row, "paragraph")
        paragraph_labels[paragraph] = _paragraph_label(symbol, row["number"], paragraph)
    return statements, paragraph_labels, tuple(sorted(symbols - {""}))


def _paragraph_label(symbol: str, number: object, iri: str) -> str:
    where = f"para. {number}" if number is not None else _local_name(iri)
    return f"{symbol} {where}".strip()


def _measure(graph: nx.Graph) -> None:
    """Degree and betweenness centrality and modularity communities as node attributes.

    Betweenness ignores weights: networkx reads weights as distances, while ours are
    strengths. Communities use the weights (greedy modularity is deterministic for a given
    insertion order, and nodes and edges are inserted sorted)."""
    degree = nx.degree_centrality(graph) if len(graph) > 1 else dict.fromkeys(graph, 0.0)
    betweenness = nx.betweenness_centrality(graph)
    if graph.number_of_edges():
        parts = nx.community.greedy_modularity_communities(graph, weight="weight")
    else:
        parts = [{node} for node in graph]
    labels = nx.get_node_attributes(graph, "label")
    ordered = sorted(parts, key=lambda c: (-len(c), sorted(labels[n].casefold() for n in c)))
    for number, members in enumerate(ordered, start=1):
        for node in members:
            graph.nodes[node]["community"] = number
    for node in graph:
        graph.nodes[node]["degree"] = round(degree[node], 6)
        graph.nodes[node]["betweenness"] = round(betweenness[node], 6)


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def type_label(type_name: str) -> str:
    """A node type for people: the class's ``rdfs:label`` in the ontology
    (``UNBody`` -> ``UN body``), else the class name split into words."""
    label = vocabulary_labels().get(_MIGO + type_name)
    if label is None:
        words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", type_name) or [type_name]
        label = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return label[:1].upper() + label[1:]


@functools.cache
def vocabulary_labels() -> dict[str, str]:
    """IRI -> English label of the classes and SKOS concepts shipped in ``ontology/``
    (built graphs hold instances, not the vocabulary, so labels of node types and of
    governance levels come from here)."""
    vocabulary = Graph()
    package = files("migkg.ontology")
    for name in _VOCABULARY_FILES:
        if package.joinpath(name).is_file():
            with package.joinpath(name).open("rb") as handle:
                vocabulary.parse(source=handle, format="turtle")
    return {_text(row, "node"): _text(row, "label") for row in select(vocabulary, "vocabulary-labels")}


def type_colours(graph: nx.Graph) -> dict[str, str]:
    """Colour of every node type in ``graph``, in legend order."""
    present = sorted(
        {t for _, t in graph.nodes(data="type")},
        key=lambda t: (list(TYPE_COLOURS).index(t) if t in TYPE_COLOURS else len(TYPE_COLOURS), t),
    )
    spare = [c for c in _SPARE_COLOURS if c not in TYPE_COLOURS.values()]
    colours = {}
    for t in present:
        colours[t] = TYPE_COLOURS.get(t) or (spare.pop(0) if spare else "#999999")
    return colours


# ---------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------


class CentralActor(TypedDict):
    """An actor node's attributes (set by :func:`_add_node` and :func:`_measure`) and its IRI."""

    label: str
    short_label: str
    kind: str
    type: str
    mentions: int
    addressed: int
    invoked: int
    community: int
    degree: float
    betweenness: float
    iri: str


class Community(TypedDict):
    community: int
    size: int
    nodes: list[str]  # IRIs, most central first
    members: list[str]  # their labels
    internal_weight: int


def _central_actor(graph: nx.Graph, node: str) -> CentralActor:
    attributes = graph.nodes[node]
    return CentralActor(
        label=attributes["label"],
        short_label=attributes["short_label"],
        kind=attributes["kind"],
        type=attributes["type"],
        mentions=attributes["mentions"],
        addressed=attributes["addressed"],
        invoked=attributes["invoked"],
        community=attributes["community"],
        degree=attributes["degree"],
        betweenness=attributes["betweenness"],
        iri=node,
    )


def central_actors(network: ActorNetwork, top: int = 15) -> list[CentralActor]:
    """The ``top`` actors by degree centrality, then betweenness, then label."""
    g = network.graph
    rows = [_central_actor(g, n) for n in network.actors()]
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], -r["addressed"], r["label"].casefold()))
    return rows[:top]


def communities(network: ActorNetwork) -> list[Community]:
    """Each community with its size and its members, most central first."""
    g = network.graph
    members: dict[int, list[str]] = defaultdict(list)
    for node, number in g.nodes(data="community"):
        members[number].append(node)
    result: list[Community] = []
    for number in sorted(members):
        nodes = sorted(members[number], key=lambda n: (-g.nodes[n]["degree"], g.nodes[n]["label"].casefold()))
        result.append(
            {
                "community": number,
                "size": len(nodes),
                "nodes": nodes,
                "members": [g.nodes[n]["label"] for n in nodes],
                "internal_weight": int(g.subgraph(nodes).size(weight="weight")),
            }
        )
    return result


def stats_tables(network: ActorNetwork, top: int = 15):
    """Two rich tables: the most central actors and the communities."""
    from rich.table import Table

    g = network.graph
    actors = Table(title=f"Most central actors. {network.caption()}")
    # acronyms, short headers and unwrappable numbers keep the table readable in 80 columns
    actors.add_column("actor", ratio=3)
    actors.add_column("type", ratio=2)
    for column in ("addressed", "mentions", "degree", "betw.", "comm."):
        actors.add_column(column, justify="right", no_wrap=True, min_width=len(column))
    for actor in central_actors(network, top):
        actors.add_row(
            actor["short_label"],
            type_label(actor["type"]),
            str(actor["addressed"]),
            str(actor["mentions"]),
            f"{actor['degree']:.3f}",
            f"{actor['betweenness']:.3f}",
            str(actor["community"]),
        )
    groups = Table(title="Communities (greedy modularity)")
    for column in ("#", "size", "weight inside", "members (most central first)"):
        groups.add_column(column, justify="left" if column.startswith("members") else "right")
    for group in communities(network):
        groups.add_row(
            str(group["community"]),
            str(group["size"]),
            str(group["internal_weight"]),
            ", ".join(g.nodes[n]["short_label"] for n in group["nodes"]),
        )
    return actors, groups


# ---------------------------------------------------------------------------------------
# Layout and rendering
# ---------------------------------------------------------------------------------------


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node positions: the connected nodes in [-1, 1]^2 from a seeded ForceAtlas2 layout
    (Gephi's default), the nodes without an edge on shelves below it, sorted by label.

    Strong gravity keeps small components near the centre instead of flinging them to the
    edges; node sizes keep discs apart; weights enter as 1 + log(w), because raw counts
    would pull every node onto the most addressed actor. Isolated nodes would otherwise
    pile up wherever gravity leaves them, labels over labels."""
    connected = [n for n in graph if graph.degree(n)]
    isolated = sorted((n for n in graph if not graph.degree(n)), key=lambda n: graph.nodes[n]["short_label"].casefold())
    pos: dict[str, tuple[float, float]] = {}
    if len(connected) == 1:
        pos[connected[0]] = (0.0, 0.0)
    elif connected:
        layout_graph = nx.Graph()
        layout_graph.add_nodes_from(connected)
        layout_graph.add_weighted_edges_from((u, v, 1 + math.log(w)) for u, v, w in graph.edges(data="weight"))
        sizes = {n: 1 + 4 * node_size(graph, n) for n in connected}
        spring = nx.forceatlas2_layout(
            layout_graph,
            max_iter=600,
            scaling_ratio=6.0,
            gravity=1.0,
            strong_gravity=True,
            node_size=sizes,
            weight="weight",
            seed=LAYOUT_SEED,
        )
        pos.update(nx.rescale_layout_dict(spring, scale=1.0))
    top = -1.2 if connected else 0.0
    for i, node in enumerate(isolated):
        row, column = divmod(i, _SHELF_COLUMNS)
        pos[node] = (-1 + 2 * (column + 0.5) / _SHELF_COLUMNS, top - _SHELF_SPACING * row)
    return {n: (round(float(x), 6), round(float(y), 6)) for n, (x, y) in sorted(pos.items())}


def node_size(graph: nx.Graph, node: str) -> float:
    """Relative node size in [0, 1] from degree centrality (sqrt, so hubs don't swamp)."""
    return math.sqrt(graph.nodes[node]["degree"])


def node_tooltip(graph: nx.Graph, node: str) -> str:
    data = graph.nodes[node]
    name = data["label"] if data["short_label"] == data["label"] else f"{data['label']} ({data['short_label']})"
    lines = [name, f"type: {type_label(data['type'])}", f"mentions: {data['mentions']}"]
    if data["kind"] == "actor":
        lines.append(f"addressed by {data['addressed']} statement(s)")
    else:
        lines.append(f"in {data['invoked']} statement(s)")
    lines.append(f"degree centrality: {data['degree']:.3f}; betweenness: {data['betweenness']:.3f}")
    lines.append(f"community: {data['community']}")
    return "\n".join(lines)


def edge_tooltip(network: ActorNetwork, source: str, target: str, limit: int = 8) -> str:
    """Both ends, the kinds and counts, then the statements behind the edge (paragraph,
    kind, shortened text) and the paragraphs of co-mentions."""
    g = network.graph
    data = g.edges[source, target]
    lines = [
        f"{g.nodes[source]['short_label']} — {g.nodes[target]['short_label']}",
        f"weight {data['weight']}: " + ", ".join(f"{kind} {data[kind.replace('-', '_')]}" for kind in data["kinds"]),
    ]
    shown = data["statements"][:limit]
    for iri in shown:
        statement = network.statements.get(iri)
        if statement is None:
            lines.append(f"• {iri}")
            continue
        where = network.paragraph_labels.get(statement.paragraph, statement.paragraph)
        lines.append(f"• {where} ({statement.kind}): {textwrap.shorten(statement.text, 140)}")
    if len(data["statements"]) > limit:
        lines.append(f"… and {len(data['statements']) - limit} more statement(s)")
    if data["co_mentioned"]:
        paragraphs = [network.paragraph_labels.get(p, p) for p in data["paragraphs"]]
        lines.append("mentioned together in " + _shorten_list(paragraphs, 12))
    return "\n".join(lines)


def _shorten_list(items: list[str], limit: int) -> str:
    text = "; ".join(items[:limit])
    return text + (f"; … ({len(items) - limit} more)" if len(items) > limit else "")


def render_html(network: ActorNetwork) -> str:
    """One self-contained page: vis-network from pyvis's bundled copy is inlined, so the
    page makes no network request. Positions come from :func:`layout` and physics is off,
    so the page is the same at every run and draws at once."""
    import jinja2
    import pyvis
    from pyvis.network import Network

    g = network.graph
    colours = type_colours(g)
    pos = layout(g)
    net = Network(height="85vh", width="100%", cdn_resources="in_line")
    # Labels have a fixed size in canvas units: spread bigger networks further apart.
    spread = max(1.0, (len(g) / 40) ** 0.25)
    for node in g:
        data = g.nodes[node]
        x, y = pos[node]
        net.add_node(
            node,
            label=textwrap.fill(data["short_label"], 24),
            title=node_tooltip(g, node),
            color=colours[data["type"]],
            size=10 + 40 * node_size(g, node),
            x=round(x * 700 * spread, 1),
            y=round(-y * 520 * spread, 1),
            shape=_HTML_SHAPES[data["kind"]],
            community=data["community"],
            kind=data["kind"],
            type=data["type"],
        )
    max_weight = max((w for _, _, w in g.edges(data="weight")), default=1)
    for source, target, data in g.edges(data=True):
        net.add_edge(
            source,
            target,
            title=edge_tooltip(network, source, target),
            width=1 + 7 * math.sqrt(data["weight"] / max_weight),
            weight=data["weight"],
            kinds=" ".join(data["kinds"]),
        )
    net.set_options(
        json.dumps(
            {
                "physics": {"enabled": False},
                "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
                "nodes": {"font": {"size": 18, "face": "sans-serif"}, "borderWidth": 1},
                "edges": {"color": {"color": "#9aa3ab", "highlight": "#444444", "hover": "#444444"}, "smooth": False},
            }
        )
    )
    # Our page template first; pyvis's template folder second, for its bundled vis-network.
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(files("migkg.graph"))),
                jinja2.FileSystemLoader(str(Path(pyvis.__file__).parent / "templates")),
            ]
        ),
        autoescape=jinja2.select_autoescape(["html"]),
    )
    nodes, edges, _, height, width, options = net.get_network_data()
    return environment.get_template(_PAGE_TEMPLATE).render(
        title=network.caption(),
        nodes=nodes,
        edges=edges,
        options=json.loads(options),
        height=height,
        width=width,
        legend=[{"type": type_label(t), "colour": c} for t, c in colours.items()],
        vis_js=f"{_VIS_DIR}/vis-network.min.js",
        vis_css=f"{_VIS_DIR}/vis-network.css",
        summary="Node size: degree centrality; edge width: weight (statements and "
        "paragraphs behind the edge). Hover a node or an edge for details; drag to "
        "move, scroll to zoom.",
    )


def render_picture(network: ActorNetwork, fmt: str) -> bytes:
    """A static picture (``png`` or ``svg``), 1600 x 1200 px, labels pushed apart with
    adjustText, a legend of node types."""
    import matplotlib
    from adjustText import adjust_text
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    g = network.graph
    colours = type_colours(g)
    pos = layout(g)
    with matplotlib.rc_context({"svg.hashsalt": "migkg", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=FIGURE_INCHES, dpi=FIGURE_DPI)
        FigureCanvasAgg(fig)
        # the legend gets its own strip on the right, so that it never hides a node
        ax = fig.add_axes((0.01, 0.01, 0.80, 0.93))
        ax.set_axis_off()
        max_weight = max((w for _, _, w in g.edges(data="weight")), default=1)
        if g.number_of_edges():
            nx.draw_networkx_edges(
                g,
                pos,
                ax=ax,
                edge_color="#8a939b",
                alpha=0.45,
                width=[0.4 + 5 * math.sqrt(w / max_weight) for _, _, w in g.edges(data="weight")],
            )
        nodes = list(g)
        for kind, shape in _PICTURE_SHAPES.items():
            subset = [n for n in nodes if g.nodes[n]["kind"] == kind]
            if subset:
                nx.draw_networkx_nodes(
                    g,
                    pos,
                    nodelist=subset,
                    ax=ax,
                    node_shape=shape,
                    linewidths=0.8,
                    edgecolors="white",
                    node_color=[colours[g.nodes[n]["type"]] for n in subset],
                    node_size=[80 + 2200 * node_size(g, n) for n in subset],
                )
        texts = [
            ax.text(
                x,
                y,
                textwrap.fill(g.nodes[n]["short_label"], 24),
                fontsize=9,
                ha="center",
                va="center",
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
            )
            for n, (x, y) in sorted(pos.items())
        ]
        if texts:
            # An iteration limit, not adjustText's default 1 s time limit: same picture
            # on a fast or a busy machine.
            adjust_text(
                texts,
                ax=ax,
                expand=(1.05, 1.15),
                iter_lim=ADJUST_ITERATIONS,
                arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.5},
            )
        handles = [
            Line2D([], [], marker="o", linestyle="", markersize=10, color=c, label=type_label(t))
            for t, c in colours.items()
        ]
        if handles:
            fig.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=(0.805, 0.92),
                title="Node type",
                frameon=False,
                fontsize=10,
                title_fontsize=11,
            )
        fig.suptitle(
            f"{network.caption()}\nnode size: degree centrality; edge width: statements and paragraphs behind the edge",
            fontsize=14,
        )
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """A copy whose attribute values are only str, int or float (lists joined with
    spaces), as GEXF and GraphML require."""
    flat = nx.Graph(**{k: _flat(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for source, target, data in graph.edges(data=True):
        flat.add_edge(source, target, **{k: _flat(v) for k, v in data.items()})
    return flat


def _flat(value: object) -> object:
    if isinstance(value, (list, tuple, set, frozenset)):
        return " ".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def render_gexf(network: ActorNetwork) -> bytes:
    """GEXF 1.2 with every attribute plus Gephi's viz colour, size and position, so the
    file opens looking like the picture."""
    from networkx.readwrite.gexf import GEXFWriter

    g = flat_graph(network.graph)
    colours = type_colours(network.graph)
    pos = layout(network.graph)
    for node, data in g.nodes(data=True):
        r, gr, b = (int(colours[data["type"]][i : i + 2], 16) for i in (1, 3, 5))
        x, y = pos[node]
        data["viz"] = {
            "color": {"r": r, "g": gr, "b": b, "a": 1.0},
            "size": round(5 + 25 * node_size(network.graph, node), 3),
            "position": {"x": round(x * 500, 3), "y": round(y * 500, 3), "z": 0.0},
        }
    writer = GEXFWriter(graph=g)
    # networkx stamps today's date into <meta>; leave it out so the file is reproducible.
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_graphml(network: ActorNetwork) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(network.graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def render_json(network: ActorNetwork) -> bytes:
    """networkx node-link JSON (``nodes``, ``links``), lists kept as JSON arrays."""
    data = nx.node_link_data(network.graph, edges="links")
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def render(network: ActorNetwork, fmt: str) -> bytes:
    """The network in ``fmt`` (one of :data:`FORMATS`) as bytes."""
    if fmt == "html":
        return render_html(network).encode("utf-8")
    if fmt in ("png", "svg"):
        return render_picture(network, fmt)
    if fmt == "gexf":
        return render_gexf(network)
    if fmt == "graphml":
        return render_graphml(network)
    if fmt == "json":
        return render_json(network)
    raise NetworkError(f"unknown network format {fmt!r}; choose from {', '.join(FORMATS)}")


def write_network(network: ActorNetwork, fmt: str, out: Path) -> Path:
    """Write the network in ``fmt`` to ``out`` atomically (nothing half-written)."""
    from migkg.graph.export import write_atomic

    data = render(network, fmt)
    try:
        write_atomic(Path(out), data)
    except OSError as err:
        raise NetworkError(f"{out}: cannot write: {err.strerror or err}") from None
    return Path(out)
