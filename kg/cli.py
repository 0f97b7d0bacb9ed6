"""The ``kg`` command: a thin layer over the library.

Each command parses its options, calls one ``kg.*`` function, and prints. Library errors
(:class:`kg.errors.KGError`) become one line on stderr and exit code 1; usage mistakes exit 2.
"""

from __future__ import annotations

import functools
import io
import json
import sys
from pathlib import Path

import click

from kg import __version__
from kg.config import Settings, load_settings
from kg.errors import KGError


def _fail_cleanly(func):
    """Turn library errors into one clear line and exit 1 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("interrupted; the store keeps every batch written so far", err=True)
            sys.exit(130)

    return wrapper


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


store_option = click.option(
    "--store", "-s", "store", metavar="DIR", default=None,
    help="Store directory (default: $KG_STORE, kg.toml, or ./kg-store).",
)


def output_options(func):
    """--format/-f and --output/-o, shared by every command that writes a file."""
    func = click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
                        help="Write to this file (default: standard output).")(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Settings file (default: ./kg.toml when present, or $KG_CONFIG).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """diplomacy-kg: read diplomacy news (Arabic, English) into an RDF knowledge graph.

    Typical run: `kg ingest data/samples/` then `kg serve` and open the printed URL.
    """
    import warnings

    # Library warnings (e.g. reading a store another process writes) as one plain line.
    warnings.showwarning = lambda message, *_args, **_kw: click.echo(f"warning: {message}", err=True)
    try:
        ctx.obj = {"settings": load_settings(config_file)}
    except KGError as exc:
        raise click.UsageError(str(exc)) from None


def _store_path(ctx: click.Context, store: str | None) -> str:
    return store or _settings(ctx).store


# -- ingest ------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None,
              help="Articles written per transaction (default 64).")
@click.option("--max-size", type=click.IntRange(1), default=None, metavar="BYTES",
              help="Skip files larger than this (default 5 MB).")
@click.option("--udpipe-ar", type=click.Path(exists=True, dir_okay=False), default=None,
              help="UDPipe Arabic model to parse with (default: $KG_UDPIPE_AR or `kg models`).")
@click.option("--udpipe-en", type=click.Path(exists=True, dir_okay=False), default=None,
              help="UDPipe English model to parse with.")
@click.option("--online/--offline", "online", default=None,
              help="Look up names the gazetteer cannot resolve on Wikidata (cached; default: off).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
@_fail_cleanly
def ingest(ctx, paths, store, batch_size, max_size, udpipe_ar, udpipe_en, online, quiet):
    """Read articles (.txt .json .jsonl .html, files or folders) into the store.

    Each article becomes one named graph; ingesting an article again replaces its graph.
    Unreadable files are reported and skipped; the others are ingested.
    """
    from tqdm import tqdm

    from kg.pipeline import default_extractor
    from kg.pipeline import ingest as run_ingest
    from kg.rdf.store import KGStore

    settings = _settings(ctx).with_overrides(batch_size=batch_size, max_size=max_size,
                                             udpipe_ar=udpipe_ar, udpipe_en=udpipe_en, online=online)
    _configure_online(settings)
    models = _udpipe_models(settings)
    extractor = default_extractor(models)
    bar = tqdm(desc="articles", unit=" art", disable=True if quiet else None, file=sys.stderr)
    with KGStore(_store_path(ctx, store)) as kg_store:
        report = run_ingest(paths, kg_store, extractor=extractor, batch_size=settings.batch_size,
                            max_bytes=settings.max_size, on_progress=lambda _item: bar.update(1))
        bar.close()
    click.echo(report.summary(), err=False)
    if report.articles == 0 and report.skipped:
        raise click.ClickException("no article could be ingested (see the reasons above)")


def _configure_online(settings: Settings) -> None:
    from kg.link.linker import set_default_online
    from kg.link.online import OnlineLookup

    set_default_online(OnlineLookup() if settings.online else None)


def _udpipe_models(settings: Settings) -> dict[str, str]:
    from kg.nlp.models import resolve_udpipe_model

    models = {}
    for lang, explicit in (("ar", settings.udpipe_ar), ("en", settings.udpipe_en)):
        path = resolve_udpipe_model(lang, explicit)
        if path:
            models[lang] = str(path)
    return models


# -- query -------------------------------------------------------------------------------

_QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml")  # kg.query.QUERY_OUTPUT_FORMATS


@main.command()
@click.argument("query")
@store_option
@click.option("--format", "-f", "fmt", type=click.Choice(_QUERY_FORMATS), default="table",
              help="Result format for SELECT/ASK (CONSTRUCT/DESCRIBE print Turtle).")
@output_options
@click.pass_context
@_fail_cleanly
def query(ctx, query, store, fmt, output):
    """Run a SPARQL query (text or a .rq file) against the store.

    The default graph is the union of all article graphs. Prefixes dip:, wd:, rdfs:, owl:,
    dcterms:, prov: are predefined.
    """
    from kg.query import run_query

    text = Path(query).read_text(encoding="utf-8") if Path(query).suffix == ".rq" and Path(query).is_file() else query
    with click.open_file(output, "wb") as out:
        run_query(_store_path(ctx, store), text, fmt, out)


# -- export ------------------------------------------------------------------------------


def _export_format_names() -> list[str]:
    from kg.export import exporters

    return sorted(exporters())


@main.command()
@store_option
@click.option("--format", "-f", "fmt", default=None, metavar="FORMAT",
              help="Output format (default: from the -o extension, else nquads). "
                   "Run `kg export --list-formats` to see them all.")
@output_options
@click.option("--graph", default=None, metavar="IRI", help="Export only this article graph.")
@click.option("--nodes", type=click.Choice(["actors", "events", "all"]), default=None,
              help="Graph formats: what becomes a node (default actors).")
@click.option("--since", default=None, metavar="DATE", help="Graph formats: only articles on or after DATE.")
@click.option("--until", default=None, metavar="DATE", help="Graph formats: only articles on or before DATE.")
@click.option("--source", default=None, metavar="TEXT", help="Graph formats: only articles whose URL/file contains TEXT.")
@click.option("--entity-type", "entity_types", multiple=True, type=click.Choice(["PER", "ORG", "LOC"]),
              help="Graph formats: keep only these entity types (repeatable).")
@click.option("--construct", default=None, metavar="QUERY|FILE",
              help="Graph formats: draw the result of this CONSTRUCT query instead of the whole store.")
@click.option("--list-formats", is_flag=True, help="List the export formats and exit.")
@click.pass_context
@_fail_cleanly
def export(ctx, store, fmt, output, graph, nodes, since, until, source, entity_types, construct, list_formats):
    """Write the store as RDF (nquads, trig, turtle, jsonld, ...) or for graph visualisers."""
    from kg.export import exporter_for_path, exporters, get_exporter
    from kg.rdf.store import KGStore

    if list_formats:
        for name, exp in sorted(exporters().items()):
            click.echo(f"{name:10s} {', '.join(exp.extensions):16s} {exp.description}")
        return
    if fmt:
        exporter = get_exporter(fmt)
    elif output not in (None, "-"):
        exporter = exporter_for_path(output)
    else:
        exporter = get_exporter("nquads")
    options = {"graph": graph, "nodes": nodes, "since": since, "until": until, "source": source,
               "entity_types": list(entity_types) or None, "construct": construct}
    options = {k: v for k, v in options.items() if v is not None and k in exporter.options}
    ignored = [k for k, v in {"graph": graph, "nodes": nodes, "since": since, "until": until, "source": source,
                              "construct": construct}.items() if v is not None and k not in exporter.options]
    if ignored:
        raise click.UsageError(f"--{ignored[0]} does not apply to the {exporter.name} format")
    with KGStore(_store_path(ctx, store), read_only=True) as kg_store:
        if output in (None, "-"):
            buf = io.BytesIO()
            exporter.write(kg_store, buf, **options)
            sys.stdout.buffer.write(buf.getvalue())
            sys.stdout.flush()
        else:
            tmp = Path(output + ".part")
            with open(tmp, "wb") as out:
                exporter.write(kg_store, out, **options)
            tmp.replace(output)
            click.echo(f"wrote {output} ({exporter.name})", err=True)


# -- load / validate / stats ---------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@store_option
@click.option("--graph", default=None, metavar="IRI", help="Load into this named graph.")
@click.option("--format", "-f", "fmt", default=None,
              help="RDF format (default: from the extension; .gz/.bz2 allowed).")
@click.pass_context
@_fail_cleanly
def load(ctx, files, store, graph, fmt):
    """Bulk-load existing RDF (the ontology, a Wikidata extract, another KG) into the store."""
    from kg.rdf.store import KGStore

    total = 0
    with KGStore(_store_path(ctx, store)) as kg_store:
        for f in files:
            n = kg_store.load(f, graph=graph, format=fmt)
            total += n
            click.echo(f"loaded {f}: {n} quads")
        if total > 1_000_000:
            kg_store.optimize()
    click.echo(f"loaded {total} quads from {len(files)} file(s)")


@main.command()
@store_option
@click.option("--graph", default=None, metavar="IRI", help="Validate only this article graph.")
@click.option("--verbose", "-v", is_flag=True, help="Print the full SHACL report.")
@click.pass_context
@_fail_cleanly
def validate(ctx, store, graph, verbose):
    """Check every article graph against the SHACL shapes in ontology/shapes.ttl."""
    from kg.rdf.store import KGStore
    from kg.validate import validate_store

    with KGStore(_store_path(ctx, store), read_only=True) as kg_store:
        report = validate_store(kg_store, graph=graph)
    if report.conforms:
        click.echo(f"valid: {report.graphs} graph(s) conform to the shapes")
        return
    if verbose:
        click.echo(report.text)
    raise click.ClickException(
        f"{report.violations} SHACL violation(s) in {report.graphs} graph(s)"
        + ("" if verbose else "; run with --verbose for details")
    )


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@_fail_cleanly
def stats(ctx, store, as_json):
    """Counts: quads, articles, entities by type, events by kind, roles."""
    from kg.rdf.store import KGStore

    with KGStore(_store_path(ctx, store), read_only=True) as kg_store:
        data = kg_store.stats()
    if as_json:
        click.echo(json.dumps(data, indent=1))
        return
    click.echo(f"quads      {data['quads']}")
    click.echo(f"articles   {data['articles']}")
    click.echo("entities   " + ", ".join(f"{k} {v}" for k, v in data["entities"].items())
               + f" (linked to Wikidata: {data['linked_entities']})")
    click.echo("events     " + (", ".join(f"{k} {v}" for k, v in data["events"].items()) or "none"))
    click.echo("roles      " + ", ".join(f"{k} {v}" for k, v in data["roles"].items()))


# -- eval ----------------------------------------------------------------------------------


@main.command("eval")
@click.argument("inputs", nargs=-1, type=click.Path(exists=True))
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of gold annotation files (*.json, see docs/evaluation.md).")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List every missed and spurious item on stderr.")
@click.pass_context
@_fail_cleanly
def eval_command(ctx, inputs, gold_dir, store, as_json, verbose):
    """Score extraction against gold annotations: P/R/F1 for entities, roles, relations, linking.

    With INPUTS, they are extracted into a temporary in-memory store first; without, the
    article graphs already in --store are scored.
    """
    from kg.eval import evaluate, load_gold, score_store
    from kg.rdf.store import KGStore

    if inputs:
        result = evaluate(gold_dir, inputs)
    else:
        with KGStore(_store_path(ctx, store), read_only=True) as kg_store:
            result = score_store(kg_store, load_gold(gold_dir))
    if verbose:
        for line in result.misses:
            click.echo(line, err=True)
    click.echo(json.dumps(result.as_dict(), indent=1, ensure_ascii=False) if as_json else result.report())


# -- models --------------------------------------------------------------------------------


@main.group()
def models():
    """Optional NLP models (UDPipe Arabic/English, spaCy English): status and download."""


@models.command("list")
@_fail_cleanly
def models_list():
    """Show which optional models are installed and how to get the missing ones."""
    from kg.nlp.models import model_status

    for row in model_status():
        where = row.get("path") or "not installed"
        click.echo(f"{row['name']:28s} {row['lang']:3s} {where}")
        if not row.get("path") and row.get("how"):
            click.echo(f"    get it: {row['how']}")


@models.command("download")
@click.argument("lang", type=click.Choice(["ar", "en"]))
@click.option("--dest", type=click.Path(file_okay=False), default=None, help="Folder to store the model in.")
@click.option("--url", default=None, help="Download from this URL instead of the official one.")
@_fail_cleanly
def models_download(lang, dest, url):
    """Download the official UDPipe model for LANG (needs internet)."""
    from kg.nlp.models import download_model

    path = download_model(lang, Path(dest) if dest else None, url=url)
    click.echo(f"saved {path}; `kg ingest` will use it from now on")


@models.command("path")
@click.argument("lang", type=click.Choice(["ar", "en"]))
@_fail_cleanly
def models_path(lang):
    """Print the UDPipe model path used for LANG (exit 1 when there is none)."""
    from kg.nlp.models import resolve_udpipe_model

    path = resolve_udpipe_model(lang)
    if not path:
        raise click.ClickException(f"no UDPipe model for {lang}; run `kg models download {lang}`")
    click.echo(str(path))


# -- serve ---------------------------------------------------------------------------------


@main.command()
@store_option
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=None, help="Port (default 7878; 0 = any free port).")
@click.option("--threads", type=click.IntRange(1, 256), default=None, help="Request threads (default 8).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Query worker processes (default: cores + 1, at least 2).")
@click.option("--timeout", type=click.FloatRange(0.1), default=None, metavar="SECONDS",
              help="Stop queries running longer than this (default 30).")
@click.option("--token", default=None, metavar="TOKEN",
              help="Allow SPARQL Update, Graph Store writes and /ingest with 'Authorization: Bearer TOKEN' "
                   "(default: $KG_WRITE_TOKEN; without it the endpoint is read-only).")
@click.option("--cors", default=None, metavar="ORIGIN",
              help="Allow browser apps from these origins (comma-separated, or '*').")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one GET request for PATH (e.g. '/sparql?query=...') on stdout and exit; opens no port.")
@click.pass_context
@_fail_cleanly
def serve(ctx, store, host, port, threads, workers, timeout, token, cors, get_path):
    """Serve the SPARQL endpoint, the query editor and entity pages over HTTP.

    Read-only unless a write token is set. While it runs it holds the store: use its
    /ingest endpoint (or stop it) to add articles.
    """
    from kg.server.serve import get_once
    from kg.server.serve import serve as run_server

    settings = _settings(ctx).with_overrides(store=_store_path(ctx, store), host=host, port=port, threads=threads,
                                             query_timeout=timeout, write_token=token, cors_origins=cors)
    if workers:
        settings = settings.with_overrides(extra=dict(settings.extra, query_workers=workers))
    if get_path is not None:
        status, content_type, body = get_once(settings, get_path)
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        if status >= 400:
            raise click.ClickException(f"GET {get_path} answered {status} ({content_type})")
        return
    run_server(settings, on_ready=lambda url: click.echo(
        f"serving {settings.store} at {url} (SPARQL endpoint {url}sparql; "
        f"writes {'enabled with the token' if settings.write_token else 'disabled'}); Ctrl-C stops", err=True))


# -- gazetteer / link ------------------------------------------------------------------------


@main.group()
def gazetteer():
    """The gazetteer the linker matches names against: import Wikidata entities into it."""


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--into", "into", type=click.Path(dir_okay=False), default=None,
              help="Gazetteer file to merge into (default: data/gazetteer/imported.jsonl).")
@click.option("--class", "classes", multiple=True, metavar="QID",
              help="Dumps: keep entities that are an instance (P31) of this class, e.g. Q5 (repeatable).")
@click.option("--qids", "qids_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Dumps: keep the entities listed in this file (one QID per line).")
@click.option("--type", "default_type", type=click.Choice(["PER", "ORG", "LOC"]), default=None,
              help="Query results: type of rows that have no type/class column (default ORG).")
@_fail_cleanly
def gazetteer_import(files, into, classes, qids_file, default_type):
    """Import Wikidata entities from JSON dumps (.json/.json.gz/.json.bz2) or SPARQL results (.json/.csv).

    Queries to produce the results are in queries/wikidata/. Hand-curated aliases are never
    dropped; run the command again to refresh.
    """
    from kg.link.importer import import_files

    qids: list[str] = []
    if qids_file:
        text = Path(qids_file).read_text(encoding="utf-8")
        qids = [w.rsplit("/", 1)[-1] for w in text.split() if not w.startswith("#")]
    report = import_files(files, into=into, classes=classes, qids=qids, default_type=default_type)
    click.echo(report.summary())


@main.command("link")
@store_option
@click.option("--limit", "-n", type=click.IntRange(1), default=None, help="Show only the N most frequent names.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              help="Output format.")
@output_options
@click.pass_context
@_fail_cleanly
def link_report(ctx, store, limit, fmt, output):
    """List entity names without a Wikidata link, by the number of articles mentioning them."""
    from kg.link.report import unlinked_names, write_report
    from kg.rdf.store import KGStore

    with KGStore(_store_path(ctx, store), read_only=True) as kg_store:
        rows = unlinked_names(kg_store, limit=limit)
    with click.open_file(output, "w", encoding="utf-8") as out:
        write_report(rows, fmt, out)


if __name__ == "__main__":  # pragma: no cover
    main()
