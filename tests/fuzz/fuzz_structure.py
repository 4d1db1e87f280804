"""atheris harness: the structure parser on arbitrary bytes (decoded as UTF-8 the way
``read_source`` would) never crashes, and every element's offsets point at its raw text.

CI runs it briefly (``.ci/run``); a longer run, e.g. an hour, keeping a corpus:
    .venv/bin/pip install atheris
    mkdir -p /tmp/corpus-structure
    .venv/bin/python tests/fuzz/fuzz_structure.py /tmp/corpus-structure -max_total_time=3600
"""

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: the offset checks

# migkg is installed in editable mode, which atheris' import hook does not see: the loaded
# code is instrumented after import instead (atheris.instrument_all below).
from test_fuzz_properties import check_offsets  # noqa: E402

from migkg.errors import MigkgError
from migkg.extract.structure import parse_text


def test_one_input(data: bytes) -> None:
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # read_source refuses such a file before the parser sees it
    try:
        document = parse_text(source, source_path="fuzz.txt")
    except MigkgError:
        return
    check_offsets(document, source)


if __name__ == "__main__":
    atheris.instrument_all()
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
