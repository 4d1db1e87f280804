"""Build speed, as whole processes: ``migkg build`` of the seed against a bare spaCy parse of
the same text, ``--jobs 2`` against ``--jobs 1`` on the corpus, and an incremental rebuild.

Run: ``.venv/bin/python tests/benchmark_build.py [--repeat N] [--corpus DIR]``. Prints
Markdown tables (the README's Performance section quotes them). Not a test: timings depend
on the machine and on what else runs on it, so each figure is the median of ``--repeat``
runs, the processes compared are run alternately, and CPU time (user + system, of the
process and its children) is printed beside wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A-72-643.txt"
CORPUS = ROOT.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent
MIGKG = str(BIN / "migkg")


def trained_model() -> str:
    """The pipeline ``migkg build`` loads (the first installed of its candidates)."""
    from migkg.manifest import model_identity

    return model_identity(None).split()[0]


def tree_usage(pid: int, cpu: dict[int, float]) -> int:
    """Resident memory (bytes) of ``pid`` and its descendants (pool workers included), from
    /proc; records each one's CPU seconds so far in ``cpu``."""
    if not Path("/proc").is_dir():  # not Linux: no memory or descendants' CPU figures
        return 0
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    seconds: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            seconds[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        cpu[current] = max(cpu.get(current, 0.0), seconds.get(current, 0.0))
        todo += children.get(current, [])
    return total


def run(cmd: list[str], cwd: Path | None = None) -> dict[str, float]:
    """Wall seconds of one whole process, the CPU seconds (user + system) of its process
    tree and the peak resident memory of the tree, both sampled from /proc every 50 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_usage(process.pid, cpu))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, err = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({process.returncode}): {err.decode()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The process's rusage includes the descendants it waited for (spawned pool workers),
    # not those another process reaped (a forkserver's): the larger of that and the sum of
    # the last samples of every process of the tree.
    own = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": max(own, sum(cpu.values())), "peak": peak}


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def seed_ratio(repeat: int, tmp: Path) -> None:
    model = trained_model()
    spacy_code = f"import spacy, pathlib; nlp = spacy.load({model!r}); nlp(pathlib.Path({str(SEED)!r}).read_text(encoding='utf-8'))"
    build, bare = [], []
    for i in range(repeat):  # alternately, so that both see the same load on the machine
        out = tmp / f"seed-{i}"
        build.append(run([MIGKG, "build", str(SEED), "--out", str(out), "--jobs", "1"]))
        bare.append(run([sys.executable, "-c", spacy_code]))
    print(f"## The seed: `migkg build` against a bare spaCy `nlp(text)` ({model}), whole processes\n")
    print(f"median of {repeat} alternating runs; CPU = user + system of the process\n")
    print("| process | wall s | CPU s | peak memory MB |")
    print("|---|---:|---:|---:|")
    for name, runs in (("`migkg build seeds/A-72-643.txt`", build), ("bare spaCy `nlp(text)`", bare)):
        print(
            f"| {name} | {median(runs, 'wall'):.2f} | {median(runs, 'cpu'):.2f} | {median(runs, 'peak') / 2**20:.0f} |"
        )
    wall_ratio = median(build, "wall") / median(bare, "wall")
    cpu_ratio = median(build, "cpu") / median(bare, "cpu")
    print(f"\n**ratio build / bare spaCy: {wall_ratio:.2f}× wall, {cpu_ratio:.2f}× CPU**\n")


def seed_steps() -> None:
    """Per-step times of one seed build, in this process (the model loaded first)."""
    from migkg.extract.nlp import load_pipeline
    from migkg.pipeline import BuildOptions, build_document, describe_dataset

    start = time.perf_counter()
    load_pipeline()
    load = time.perf_counter() - start
    result = build_document(SEED, BuildOptions(), keep_graph=False)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        describe_dataset([result], Path(tmp), BuildOptions().iris, ("ttl",))
        describe = time.perf_counter() - start
    steps = {"spaCy pipeline load (once per process)": load, **result.timings, "dataset description": describe}
    print("## The seed's build, step by step (one process, after imports)\n")
    print("| step | seconds |")
    print("|---|---:|")
    for name, seconds in steps.items():
        print(f"| {name} | {seconds:.2f} |")
    print()


def corpus_documents(corpus: Path) -> list[str]:
    """The corpus's documents: its texts, without the notes on where they came from."""
    return sorted(str(p) for p in corpus.glob("*.txt") if not p.name.endswith(".source.txt"))


def corpus_rates(corpus: Path, repeat: int, tmp: Path) -> None:
    documents = corpus_documents(corpus)
    paragraphs = corpus_paragraphs(documents)
    runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    for i in range(repeat):
        for jobs in (1, 2):
            out = tmp / f"corpus-{jobs}-{i}"
            runs[jobs].append(run([MIGKG, "build", *documents, "--out", str(out), "--jobs", str(jobs), "--force"]))
    print(f"## The corpus ({len(documents)} documents, {paragraphs} paragraphs): `--jobs 2` against `--jobs 1`\n")
    print(f"{os.cpu_count()} cores; median of {repeat} alternating runs; peak memory of the whole process tree\n")
    print("| jobs | wall s | documents/s | paragraphs/s | CPU s | peak memory MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for jobs, found in runs.items():
        wall = median(found, "wall")
        print(
            f"| {jobs} | {wall:.1f} | {len(documents) / wall:.2f} | {paragraphs / wall:.1f} | "
            f"{median(found, 'cpu'):.1f} | {median(found, 'peak') / 2**20:.0f} |"
        )
    speedup = median(runs[1], "wall") / median(runs[2], "wall")
    overhead = median(runs[2], "cpu") / median(runs[1], "cpu")
    print(f"\n**speed-up --jobs 2 / --jobs 1: {speedup:.2f}× (wall)**; CPU of --jobs 2 / --jobs 1: {overhead:.2f}×\n")

    out = tmp / "corpus-incremental"
    first = run([MIGKG, "build", *documents, "--out", str(out), "--jobs", "2"])
    again = [run([MIGKG, "build", *documents, "--out", str(out), "--jobs", "2"]) for _ in range(repeat)]
    print("## Incremental: the same corpus built again, unchanged\n")
    print("| build | wall s | CPU s |")
    print("|---|---:|---:|")
    print(f"| first (`--jobs 2`) | {first['wall']:.1f} | {first['cpu']:.1f} |")
    print(f"| again, nothing changed | {median(again, 'wall'):.2f} | {median(again, 'cpu'):.2f} |")
    print(f"\n**second build / first: {median(again, 'wall') / first['wall']:.1%}**\n")


def corpus_paragraphs(documents: list[str]) -> int:
    from migkg.extract.structure import parse_file

    return sum(len(parse_file(d).paragraphs) for d in documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seed-only", action="store_true", help="skip the corpus (parallel and incremental)")
    parser.add_argument("--corpus-only", action="store_true", help="skip the seed")
    args = parser.parse_args()
    print(
        f"# migkg build benchmark — {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start\n"
    )
    tmp = Path(tempfile.mkdtemp(prefix="migkg-bench-"))
    try:
        if not args.corpus_only:
            seed_ratio(args.repeat, tmp)
            seed_steps()
        if not args.seed_only:
            corpus_rates(args.corpus, args.repeat, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
