"""The ``migkg`` command line: a thin layer over the library.

Each command parses its options, calls one library function and prints the result; a
:class:`MigkgError` becomes one ``Error: ...`` line on stderr and the error's exit code,
never a traceback.

To add a command: write one function decorated with ``@main.command()`` in its own block
below (with a docstring: it is the command's help text), call your library function from
it inside ``with reporting_errors():`` and reuse the shared option decorators
(``data_option``, ``base_iri_option``) where they fit. Add it to the README's CLI reference.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from migkg.extract.errors import MigkgError
from migkg.graph.iris import DEFAULT_BASE_IRI, IRIs

DEFAULT_OUT = "out"


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn a MigkgError into one line on stderr and its exit code."""
    try:
        yield
    except MigkgError as err:
        fail(err)


def fail(err: MigkgError) -> None:
    click.echo(f"Error: {err}", err=True)
    sys.exit(err.exit_code)


def _base_iri(ctx: click.Context, param: click.Parameter, value: str) -> IRIs:
    try:
        return IRIs(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


base_iri_option = click.option(
    "--base-iri",
    "iris",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    callback=_base_iri,
    help="Base of every instance IRI (absolute http(s) IRI ending in / or #).",
)

data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help=f"RDF file or directory (.ttl .nt .jsonld .trig); repeatable. Default: {DEFAULT_OUT}/",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="migkg")
def main() -> None:
    """migkg: a knowledge graph of UN policy documents.

    Parse UN reports into RDF (build), check them against the SHACL shapes (validate) and
    ask them questions in SPARQL (query).
    """


# --- build -------------------------------------------------------------------------------


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default=DEFAULT_OUT,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the output files (created if missing).",
)
@base_iri_option
def build(inputs: tuple[Path, ...], out_dir: Path, iris: IRIs) -> None:
    """Parse UN documents (plain text) and write one Turtle file per document.

    INPUT is a text file or a directory of *.txt files; with no INPUT, every seeds/*.txt of
    the current directory. Writes OUT/<doc_id>.ttl atomically. An input that cannot be used
    gets a one-line error naming it and writes nothing; the exit code is then non-zero.
    """
    from migkg.graph.build import build_inputs

    exit_code = 0
    with reporting_errors():
        for outcome in build_inputs(inputs, out_dir, iris):
            if outcome.error is not None:
                click.echo(f"Error: {outcome.error}", err=True)
                exit_code = max(exit_code, outcome.error.exit_code)
                continue
            counts = ", ".join(f"{n} {name}" for name, n in outcome.counts.items())
            files = ", ".join(str(p) for p in outcome.written)
            click.echo(f"{outcome.doc_id} ({outcome.source}): {counts} -> {files}")
    sys.exit(exit_code)


# --- validate ----------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="Report format: pySHACL's text, the SHACL report graph in Turtle, or JSON.",
)
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Validate RDF files or directories against the migkg SHACL shapes.

    Exit code 0: the data conforms; 1: it does not (the report says where); 2: the data
    cannot be loaded.
    """
    from migkg.graph.io import load_graph
    from migkg.graph.validate import validate_graph

    with reporting_errors():
        result = validate_graph(load_graph(paths))
    if fmt == "turtle":
        click.echo(result.report.serialize(format="longturtle"), nl=False)
    elif fmt == "json":
        click.echo(result.to_json())
    else:
        click.echo(result.text, nl=False)
    sys.exit(result.exit_code)


# --- query -------------------------------------------------------------------------------


@main.command()
@click.argument("name", required=False)
@click.option("--sparql", "sparql", metavar="QUERY", help="A SPARQL query written inline.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and what they answer.")
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Result format (csv and json follow the SPARQL 1.1 result formats).",
)
def query(name: str | None, sparql: str | None, list_: bool, data: tuple[Path, ...], fmt: str) -> None:
    """Run a named query (NAME), a query file (FILE.rq) or an inline query (--sparql).

    Named queries ship with migkg (see --list). The project's prefixes (migo, dcterms,
    nif, ...) are predeclared. A malformed query gets an error naming its line and column
    and exit code 2.
    """
    from migkg.graph import query as q
    from migkg.graph.io import load_graph

    if list_:
        for named in q.list_queries():
            click.echo(f"{named.name}: {named.answers}")
            if named.columns:
                click.echo(f"    columns: {', '.join(named.columns)}")
        return
    if (name is None) == (sparql is None):
        raise click.UsageError("give either a query NAME / FILE.rq or --sparql QUERY")
    with reporting_errors():
        text = sparql if sparql is not None else q.resolve_query(name)
        q.prepare(text)  # a syntax error is reported before any data is loaded
        result = q.run_query(text, load_graph(data or [DEFAULT_OUT]))
        click.echo(q.format_result(result, fmt), nl=False)
