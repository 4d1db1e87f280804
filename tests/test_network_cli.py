"""`migkg network` in-process: files written atomically in every format, --stats tables,
one-line errors with non-zero exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from PIL import Image

from migkg import cli
from migkg.graph import network

FIXTURE = str(Path(__file__).parent / "fixtures" / "network-mini.ttl")


def run(*args: str):
    return CliRunner().invoke(cli.main, ["network", *args])


def test_cli_choices_match_the_library():
    assert cli.NETWORK_FORMATS == network.FORMATS
    assert cli.NETWORK_INCLUDES == network.INCLUDES


@pytest.mark.parametrize("fmt", network.FORMATS)
def test_every_format_is_written(tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    result = run("--data", FIXTURE, "--out", str(out))  # format from the suffix
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: 6 nodes, 6 edges ({fmt})\n"
    assert out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left over


def test_explicit_format_include_and_min_weight(tmp_path):
    out = tmp_path / "net.xml"
    result = run(
        "--data",
        FIXTURE,
        "--format",
        "graphml",
        "--out",
        str(out),
        "--include",
        "instruments, levels",
        "--min-weight",
        "2",
    )
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out)
    # weight >= 2 in the fixture: Member States with cities, civil society, IOM, the 2030
    # Agenda, the national and the subnational level; cities with the subnational level
    assert g.number_of_edges() == 7
    assert {g.nodes[n]["kind"] for n in g} == {"actor", "instrument", "level"}


def test_png_from_the_cli_is_wide_enough(tmp_path):
    out = tmp_path / "net.png"
    assert run("--data", FIXTURE, "--out", str(out)).exit_code == 0
    assert Image.open(io.BytesIO(out.read_bytes())).width >= 1200


def test_stats_prints_both_tables():
    # a wide terminal (rich reads COLUMNS), so that no name is wrapped
    result = CliRunner().invoke(cli.main, ["network", "--data", FIXTURE, "--stats"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    actors, communities = result.output.split("Communities")
    rows = [line for line in actors.splitlines() if line.startswith("│")]
    # most central first: Member States (degree 0.8); among the 0.4s the more addressed
    # (cities 2, civil society 1), then by label; acronyms stand for names
    assert [row.split("│")[1].strip() for row in rows] == [
        "Member States",
        "cities",
        "civil society",
        "Global Migration Group",
        "IOM",
        "Special Representative for International Migration",
    ]
    assert "Member States, cities, civil society" in communities
    assert "Global Migration Group, IOM" in communities


def test_missing_output_and_unknown_suffix_are_usage_errors(tmp_path):
    result = run("--data", FIXTURE)
    assert result.exit_code == 2 and "--out FILE" in result.output
    result = run("--data", FIXTURE, "--out", str(tmp_path / "net.pdf"))
    assert result.exit_code == 2 and "cannot tell the format" in result.output
    assert not (tmp_path / "net.pdf").exists()


def test_bad_include_is_rejected():
    result = run("--data", FIXTURE, "--stats", "--include", "instruments,figures")
    assert result.exit_code == 2 and "unknown figures" in result.output


def test_unreadable_data_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    out = tmp_path / "net.html"
    result = run("--data", str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {bad}: cannot load as turtle")
    assert result.output.count("\n") == 1
    assert not out.exists()


def test_unwritable_output_is_one_line_error(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    result = run("--data", FIXTURE, "--out", str(blocker / "net.png"))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {blocker / 'net.png'}: cannot write")
    assert result.output.count("\n") == 1
