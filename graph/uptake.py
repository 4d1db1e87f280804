"""The uptake picture: where a document that follows another took up its recommendations.

For each alignment of the graph (``migkg align``: the report A/72/643 into the Global Compact,
the Progress Declaration into the Compact), a heatmap whose rows are the source's sections and
whose columns are the target's numbered parts (the Compact's 23 objectives), then "elsewhere"
(a paragraph outside the objectives: the vision, implementation, follow-up) and "not taken up"
(the best link under the run's threshold). A cell counts the recommendations and commitments
of that section whose best link falls there. Read from the graph with the named query
``uptake`` (``queries/uptake.rq``), drawn with matplotlib as PNG or SVG (byte-stable: no dates,
a fixed SVG hash salt) or written as an offline HTML page holding the SVG and the same counts
as a table.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from migkg.graph.errors import NetworkError
from migkg.graph.query import resolve_query
from migkg.graph.sparql import prepare, run_local

FORMATS = ("png", "svg", "html")
ELSEWHERE = "elsewhere"
NOT_TAKEN_UP = "not taken up"
# 1600 px wide at 100 dpi; each alignment gets a panel whose height grows with its sections
FIGURE_WIDTH = 16.0
ROW_INCHES = 0.55
PANEL_EXTRA_INCHES = 2.2


@dataclass
class Uptake:
    """One alignment's counts: rows (sections in document order) x columns."""

    source_doc: str
    target_doc: str
    rows: list[str] = field(default_factory=list)  # "III. Maximizing the benefits of migration for all"
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (row, column) -> count
    parts: set[int] = field(default_factory=set)  # the target's numbered parts met (objective numbers)

    @property
    def columns(self) -> list[str]:
        top = max(self.parts, default=0)
        return [str(n) for n in range(1, top + 1)] + [ELSEWHERE, NOT_TAKEN_UP]

    def cell(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def uptakes(rdf: Graph) -> list[Uptake]:
    """The counts of every alignment in ``rdf``, by source then target document."""
    result = run_local(prepare(resolve_query("uptake")), rdf)
    found: dict[tuple[str, str], Uptake] = {}
    positions: dict[tuple[str, str, str], int] = {}
    for row in result:
        source, target, section, title, column, count, position = (str(v) for v in row)  # type: ignore[union-attr]
        uptake = found.setdefault((source, target), Uptake(source, target))
        label = f"{section}. {title}" if section else title
        positions[(source, target, label)] = int(position)
        if label not in uptake.rows:
            uptake.rows.append(label)
        uptake.counts[(label, column)] = uptake.counts.get((label, column), 0) + int(count)
    for (source, target), uptake in found.items():  # the sections in document order
        uptake.rows.sort(key=lambda label: positions[(source, target, label)])
    for row in run_local(prepare(resolve_query("alignment-parts")), rdf):
        target, part = str(row[0]), int(row[1])  # type: ignore[index, arg-type]
        for (_, t), uptake in found.items():
            if t == target:
                uptake.parts.add(part)
    return [found[k] for k in sorted(found)]


def render_picture(tables: list[Uptake], fmt: str) -> bytes:
    """One heatmap panel per alignment, counts written in the cells."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not tables:
        raise NetworkError(
            "no alignment in the data: run `migkg align SOURCE TARGET` or build documents that follow one another"
        )
    heights = [PANEL_EXTRA_INCHES + ROW_INCHES * len(t.rows) for t in tables]
    with matplotlib.rc_context({"svg.hashsalt": "migkg", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(FIGURE_WIDTH, sum(heights)), dpi=100)
        FigureCanvasAgg(fig)
        axes = fig.subplots(len(tables), 1, squeeze=False, gridspec_kw={"height_ratios": heights})
        for ax, table in zip((a for (a,) in axes), tables, strict=True):
            columns = table.columns
            matrix = [[table.cell(r, c) for c in columns] for r in table.rows]
            top = max((v for row in matrix for v in row), default=0) or 1
            ax.imshow(matrix, cmap="Blues", vmin=0, vmax=top, aspect="auto")
            for i, row in enumerate(matrix):
                for j, value in enumerate(row):
                    if value:
                        colour = "white" if value > 0.6 * top else "#1b1b1b"
                        ax.text(j, i, str(value), ha="center", va="center", fontsize=10, color=colour)
            ax.set_xticks(range(len(columns)), [c.replace(" ", "\n") for c in columns], fontsize=9)
            ax.set_yticks(range(len(table.rows)), [_short(r) for r in table.rows], fontsize=10)
            ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)
            ax.set_title(
                f"{table.source_doc} → {table.target_doc}: {table.total} recommendations and commitments,\n"
                f"by the section they come from and the objective their best link falls in",
                fontsize=12,
                pad=34,
                loc="left",
            )
            # the two columns that are not objectives stand apart
            ax.axvline(len(columns) - 2.5, color="#444444", linewidth=1.2)
        fig.tight_layout()
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def _short(label: str, width: int = 58) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def render_html(tables: list[Uptake]) -> bytes:
    """An offline page: the picture (inline SVG) and, below it, each alignment's counts as a table."""
    svg = render_picture(tables, "svg").decode("utf-8")
    svg = svg[svg.index("<svg") :]  # inline: no XML declaration or DOCTYPE inside the page
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>migkg: uptake</title>',
        "<style>body{font-family:sans-serif;margin:1.5em}svg{max-width:100%;height:auto}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
        "th:first-child,td:first-child{text-align:left}</style></head><body>",
        "<h1>Where the recommendations were taken up</h1>",
        "<p>Each cell counts the recommendations and commitments of a section whose best link "
        "(<code>migkg query taken-up</code>) falls in an objective of the document that followed, "
        "elsewhere in it, or under the alignment's threshold (not taken up).</p>",
        svg,
    ]
    for table in tables:
        columns = table.columns
        parts.append(f"<h2>{html.escape(table.source_doc)} → {html.escape(table.target_doc)}</h2><table>")
        parts.append("<tr><th>section</th>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>")
        for row in table.rows:
            cells = "".join(f"<td>{table.cell(row, c) or ''}</td>" for c in columns)
            parts.append(f"<tr><td>{html.escape(row)}</td>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")


def render(tables: list[Uptake], fmt: str) -> bytes:
    if fmt == "html":
        return render_html(tables)
    if fmt in ("png", "svg"):
        return render_picture(tables, fmt)
    raise NetworkError(f"unknown uptake format {fmt!r}; choose from {', '.join(FORMATS)}")


def write_uptake(rdf: Graph, fmt: str, out: Path) -> list[Uptake]:
    """Write the uptake picture of ``rdf`` in ``fmt`` to ``out`` atomically."""
    from migkg.graph.export import write_atomic

    tables = uptakes(rdf)
    data = render(tables, fmt)
    try:
        write_atomic(Path(out), data)
    except OSError as err:
        raise NetworkError(f"{out}: cannot write: {err.strerror or err}") from None
    return tables
