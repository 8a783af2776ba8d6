"""Server-side time of the Streamlit UI's interactions (queue and claim workspace), driven with AppTest.

    .venv/bin/python bench/bench_ui.py                                  # 20,000 claims, ~100,000 annotations
    .venv/bin/python bench/bench_ui.py --claims 100000                  # issue 6's size: 100k claims, 500k annotations
    .venv/bin/python bench/bench_ui.py --db sqlite:///data/ui100k.db --claims 100000 --profile 5

Issue 6's requirement: with 100,000 claims and 500,000 annotations, an interaction in the queue or the claim
workspace completes server-side in <= 200 ms median. The desk is made by bench/generate.py (about 0.7
annotations per claim), then topped up here to --annotations-per-claim (default 5) with more annotations
and their audit events, written with the generator's Writer so the audit hash chain stays valid. A reuse of
--db only tops up what is missing; every run also adds its own context notes (two per round) to the desk.

Each interaction is one AppTest run of streamlit_app.py (the whole script, as the server would do it for a
click) signed in as a reviewer: queue first render (a fresh session), queue filter change (status=new via
the filter form), queue next page, open a claim from the queue, add a context note (form submit) and next
claim in the workspace. Measured after a warm-up: median and p95 wall time, and CPU time of this process
(AppTest runs the script in a thread of this process, so the CPU figure is the server's work even when
the machine is loaded by others). The baseline is the same service calls without Streamlit, so
the ratio shows the UI's overhead. --profile N runs each interaction N more times under cProfile (inside the
script thread) and prints the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from annotate.schemas import AnnotationForm, QueueFilter  # noqa: E402
from annotate.services import SYSTEM, Desk, NotFound, annotations, audit, claims, queue, reviewers  # noqa: E402
from bench import CPU, ROOT, percentile, prepared_url  # noqa: E402
from db.models import Annotation, Claim, Reviewer, Source  # noqa: E402

TARGET_MS = 200.0
USER = "bench.ui"
PAGE_KEY = "queue_page"  # ui/queue.py's page number key (a page script: importing it would run it)
APP = str(ROOT / "streamlit_app.py")
INTERACTIONS = [
    "queue first render",
    "queue filter change (status=new)",
    "queue next page",
    "open a claim from the queue",
    "add a context note (form submit)",
    "next claim in the workspace",
]


# ---- the desk ----------------------------------------------------------------------------------------------


def top_up_annotations(url: str, per_claim: float, seed: int = 7) -> tuple[int, int]:
    """Add annotations (and their audit events, chained) until there are per_claim x claims; returns counts."""
    from bench.generate import ANN_COLS, Writer, _annotations

    desk = Desk.open(url)
    try:
        with desk.read() as s:
            n_claims = s.scalar(select(func.count()).select_from(Claim)) or 0
            have = s.scalar(select(func.count()).select_from(Annotation)) or 0
            want = int(n_claims * per_claim)
            if have >= want:
                return n_claims, have
            claim_ids = list(s.scalars(select(Claim.id).order_by(Claim.id)))
            people = [tuple(r) for r in s.execute(select(Reviewer.id, Reviewer.username).order_by(Reviewer.id))]
            people = [p for p in people if p[1].startswith("bench.reviewer")] or people
            source_ids = list(s.scalars(select(Source.id)))
            next_id = (s.scalar(select(func.max(Annotation.id))) or 0) + 1
        print(f"adding {want - have:,} annotations to reach {want:,} ...", file=sys.stderr, flush=True)
        rng, started = random.Random(seed), time.perf_counter()
        w = Writer(desk)
        batch: list[tuple] = []
        dummy = [[None] * 17]  # _annotations writes a verdict onto the last claim row; not needed here
        added = 0
        while added < want - have:
            for cid in claim_ids:
                at = w.clock + timedelta(seconds=1)
                before = next_id
                next_id = _annotations(w, rng, next_id, cid, at, people, source_ids, batch, dummy)
                added += next_id - before
                if len(batch) >= 20_000 or added >= want - have:
                    w.insert("annotations", ANN_COLS, batch)
                    batch = []
                    w.commit()
                if added >= want - have:
                    break
        w.close()
        with desk.engine.connect() as conn:
            if desk.dialect == "sqlite":
                conn.exec_driver_sql("ANALYZE")
        print(f"  done in {time.perf_counter() - started:,.1f} s", file=sys.stderr, flush=True)
        return n_claims, have + added
    finally:
        desk.dispose()


def bench_reviewer(desk: Desk):
    try:
        return reviewers.get(desk, USER)
    except NotFound:
        return reviewers.create(desk, SYSTEM, USER, None, role="reviewer", display_name="UI benchmark")


# ---- driving the app -------------------------------------------------------------------------------------


class Clock:
    """Wall and process-CPU milliseconds per named interaction."""

    def __init__(self):
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}
        self.record = True

    def time(self, name: str, fn):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn()
        if self.record:
            self.wall.setdefault(name, []).append((time.perf_counter() - start) * 1000)
            self.cpu.setdefault(name, []).append((time.process_time() - start_cpu) * 1000)
        return out


def _ok(at, what: str):
    if at.exception:
        raise RuntimeError(f"{what}: {[e.message for e in at.exception]}")
    if at.error:
        raise RuntimeError(f"{what}: {[e.value for e in at.error]}")
    return at


def _button(at, *, key: str | None = None, label: str | None = None):
    found = [b for b in at.button if (key is None or b.key == key) and (label is None or b.label == label)]
    if not found:
        raise RuntimeError(f"no button key={key!r} label={label!r}; have {[(b.key, b.label) for b in at.button]}")
    return found[0]


def _title(at) -> str:
    return at.title[0].value if at.title else ""


def session_round(reviewer, clock: Clock, rnd: int, rows_seen: set[int]) -> None:
    """One pass through the six interactions, each timed around its at.run()."""
    from streamlit.testing.v1 import AppTest

    from ui.session import FILTER_KEY

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["reviewer"] = reviewer  # what ui.session.current_reviewer() reads
    clock.time(INTERACTIONS[0], at.run)
    _ok(at, "queue first render")
    assert _title(at) == "Review queue", _title(at)

    # Filter change: the Status multiselect of the filter form, then "Apply filters" (it reruns the script).
    status = next(m for m in at.multiselect if m.label == "Status")
    status.set_value(["new"])
    _button(at, label="Apply filters").click()
    clock.time(INTERACTIONS[1], at.run)
    _ok(at, "filter change")
    assert at.session_state[FILTER_KEY].status == ["new"]

    # Next page. The button lives in an st.fragment and reruns with scope="fragment", which AppTest cannot
    # do (it runs the whole script, where that rerun raises); so the page number the button sets is set
    # here and the whole script runs: an upper bound of the fragment rerun the browser gets.
    at.session_state[PAGE_KEY] = at.session_state[PAGE_KEY] + 1 if PAGE_KEY in at.session_state else 2
    clock.time(INTERACTIONS[2], at.run)
    _ok(at, "next page")

    # Open a claim: pick a row in the "Claim to open" box (a different one each round) and press Open claim.
    pick = at.selectbox(key="queue_pick")
    choices = list(pick.options)
    pick.set_value(int(choices[rnd % len(choices)].split()[0].lstrip("#")))
    _button(at, key="queue_open").click()
    clock.time(INTERACTIONS[3], at.run)
    _ok(at, "open claim")
    assert _title(at).startswith("Claim #"), _title(at)
    rows_seen.add(int(_title(at).split("#")[1]))

    # Add a context note through the workspace form.
    at.text_area(key="context_note").input(f"Benchmark context note {rnd}: see the **archive**.")
    _button(at, label="Add context note").click()
    clock.time(INTERACTIONS[4], at.run)
    _ok(at, "add note")
    assert any(m.value == "Saved" for m in at.success), "the note was not saved"

    # Next claim in the (filtered) queue order.
    _button(at, key="claim_next").click()
    clock.time(INTERACTIONS[5], at.run)
    _ok(at, "next claim")
    assert _title(at).startswith("Claim #"), _title(at)


def baseline_round(desk: Desk, actor, clock: Clock, rnd: int) -> None:
    """The same service calls the interactions make, without Streamlit."""
    f = QueueFilter(status=["new"])
    clock.time(INTERACTIONS[0], lambda: queue.page(desk, QueueFilter(), page=1))
    clock.time(INTERACTIONS[1], lambda: queue.page(desk, f, page=1))
    result = clock.time(INTERACTIONS[2], lambda: queue.page(desk, f, page=2))
    claim_id = result.rows[rnd % len(result.rows)].id

    def workspace(cid: int) -> None:
        claims.get(desk, cid)
        annotations.for_claim(desk, cid)
        audit.claim_timeline(desk, cid)

    clock.time(INTERACTIONS[3], lambda: workspace(claim_id))

    def add_note() -> None:
        annotations.add(desk, actor, claim_id, AnnotationForm(type="context", note=f"Baseline note {rnd}"))
        workspace(claim_id)

    clock.time(INTERACTIONS[4], add_note)
    following = result.rows[(rnd + 1) % len(result.rows)].id
    clock.time(INTERACTIONS[5], lambda: workspace(following))


def profiled(reviewer, rounds: int) -> pstats.Stats:
    """Run the interactions under cProfile; the profiler is switched on inside AppTest's script thread."""
    from streamlit.runtime.scriptrunner import script_runner

    prof = cProfile.Profile()
    original = script_runner.ScriptRunner._run_script

    def run_script(self, rerun_data):
        prof.enable()
        try:
            return original(self, rerun_data)
        finally:
            prof.disable()

    script_runner.ScriptRunner._run_script = run_script
    try:
        clock = Clock()
        for rnd in range(rounds):
            session_round(reviewer, clock, 100 + rnd, set())
    finally:
        script_runner.ScriptRunner._run_script = original
    return pstats.Stats(prof)


# ---- report -----------------------------------------------------------------------------------------------


def line(label: str, values: list[float]) -> str:
    return f"{label:<26} median {statistics.median(values):8.1f} ms   p95 {percentile(values, 95):8.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="desk to use (filled if empty); default a temporary SQLite file")
    parser.add_argument("--claims", type=int, default=20_000, help="claims to generate (issue 6: 100000)")
    parser.add_argument("--annotations-per-claim", type=float, default=5.0, help="annotations topped up to this")
    parser.add_argument("--rounds", type=int, default=12, help="measured passes through the interactions")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured passes first")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="then N passes under cProfile")
    parser.add_argument("--target-ms", type=float, default=TARGET_MS)
    args = parser.parse_args(argv)

    import logging

    import streamlit  # noqa: F401 - its loggers exist once imported

    # AppTest set up from the main thread logs "missing ScriptRunContext" warnings: noise here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    os.chdir(ROOT)  # st.Page("ui/queue.py") paths are relative to the app
    url = prepared_url(args.db, args.claims)
    n_claims, n_annotations = top_up_annotations(url, args.annotations_per_claim)
    os.environ["ANNOTATE_DB_URL"] = url
    os.environ.pop("ANNOTATE_DEMO_PASSWORD", None)
    desk = Desk.open(url)
    reviewer = bench_reviewer(desk)
    actor = reviewers.actor_for(reviewer)
    print(f"desk {url}: {n_claims:,} claims, {n_annotations:,} annotations; reviewer {USER}", flush=True)

    ui, base = Clock(), Clock()
    seen: set[int] = set()
    ui.record = base.record = False
    for rnd in range(args.warmup):
        session_round(reviewer, ui, rnd, seen)
        baseline_round(desk, actor, base, rnd)
    ui.record = base.record = True
    for rnd in range(args.rounds):  # interleaved, so both see the same machine load
        session_round(reviewer, ui, args.warmup + rnd, seen)
        baseline_round(desk, actor, base, args.warmup + rnd)

    print(f"\n{args.rounds} rounds after {args.warmup} warm-up; wall = elapsed, cpu = this process's CPU time\n")
    verdicts = {}
    for name in INTERACTIONS:
        wall, cpu, bwall = ui.wall[name], ui.cpu[name], base.wall[name]
        ratio = statistics.median(wall) / max(statistics.median(bwall), 1e-9)
        met = statistics.median(wall) <= args.target_ms
        verdicts[name] = met
        print(name)
        print("  " + line("UI (AppTest) wall", wall))
        print("  " + line("UI (AppTest) cpu", cpu))
        print("  " + line("services only wall", bwall))
        print("  " + line("services only cpu", base.cpu[name]))
        print(f"  UI / services (median wall) {ratio:,.1f}x")
        print(f"  target <= {args.target_ms:.0f} ms median: {'MET' if met else 'MISSED'}\n", flush=True)
    CPU.clear()

    if args.profile:
        stats = profiled(reviewer, args.profile)
        out = io.StringIO()
        stats.stream = out
        stats.sort_stats("cumulative").print_stats(r"(ui|annotate|streamlit_app|sqlalchemy/orm/session)", 40)
        print(f"cProfile of {args.profile} passes (script thread), top by cumulative time:")
        print(out.getvalue())
        out = io.StringIO()
        stats.stream = out
        stats.sort_stats("tottime").print_stats(25)
        print("top by own time:")
        print(out.getvalue())
    desk.dispose()
    missed = [n for n, ok in verdicts.items() if not ok]
    print("ALL MET" if not missed else f"MISSED: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
