"""``bench/run`` (or ``.venv/bin/python -m bench``): the benchmark suite, on 127.0.0.1 only.

mediagraph and Hive Gateway side by side with the direct upstream, in the same run; results
go to ``bench/results/<run>/results.json`` and, for a full run, ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import sys
import time
from dataclasses import fields
from pathlib import Path

from bench import gateways, profiling, report, scenarios
from bench.procs import install_cleanup, stop_all
from bench.suite import Options, Run, say

ROOT = Path(__file__).resolve().parents[1]

INTRO = (
    "The suite in `bench/` measures mediagraph against Hive Gateway and the direct upstream in "
    "the same run, on this machine, over 127.0.0.1 only. Reproduce with the command below; "
    "raw numbers of every repetition are in `bench/results/<run>/results.json`."
)
THROUGHPUT_NOTE = (
    "wrk, one thread pinned to core 0, keep-alive connections, against each target in turn "
    "(direct → mediagraph → Hive per scenario, scenarios interleaved, repeated); each gateway "
    "is one process pinned to core 1; the static upstream is nginx (one process, core 0) "
    "serving answers recorded from the emulators. For the direct run nginx moves to core 1, so "
    "the floor gets the same CPU a gateway gets. Medians over the repetitions; ratios are "
    "medians of the same run. Upstream calls/query, from nginx's log: *first* is the "
    "scenario's first query through the gateway (nothing cached yet), *repeated* the mean of "
    "3 more right after it, *under load* the requests logged during the run divided by the "
    "queries completed; Albums sign-ins (one per gateway session) are not counted."
)
NOTES = """\
- **Same questions, each gateway's own schema** (`bench/scenarios.py`). mediagraph answers from
  its Relay graph. Hive Gateway answers from the schema Mesh Compose generates from the
  emulators' OpenAPI documents (`GET /openapi.json`, `emulators/*/openapi.py`), with the N+1
  links declared as Mesh users declare them, `additionalTypeDefs` + `@resolveTo`
  (`bench/hive/mesh.config.ts`): `Sponsor.profile` and `Spotlight.owner_profile` call P2,
  `Story.snaps` calls S5. Hive has no automatic paging, so its 100 spotlights are two aliased
  root fields (`limit: 50` and `limit: 50, cursor: <page 1's next_page_id>`), the way a client
  that already holds page 1's cursor would ask; both pages then go out in parallel.
- **Sponsor ids.** The contract allows `sponsor.profile_id` as a `{high_bits, low_bits}` object
  or a UUID string; the emulators' document says so (`oneOf`). Mesh turns that into a union that
  `@resolveTo` cannot pass as a path argument, so Hive is given the document narrowed to the UUID
  string, and the emulator is set to send that form (`sponsor_id_form=uuid`) for both gateways.
- **Recorded data** (`bench/upstream.py`): the static upstream serves what the emulator answered
  to the exact requests each gateway made, with two edits: the seed's deliberately broken
  spotlight (#15, which makes page 1 PARTIAL) is replaced by a copy of its neighbour, and each of
  the first 100 spotlights is given its own sponsor brand (a P2 profile cloned from a recorded
  brand), so Q3-distinct has 100 distinct sponsors. Q3-repeated asks for each spotlight's owner
  profile: 100 times the same profile.
- **mediagraph settings**: `mediagraph serve` (one uvicorn worker) in production mode with every
  default (JSON access log, metrics, persisted queries, CSRF rule, limits), except
  `MEDIAGRAPH_RATE_PER_SECOND=0`: one load generator on one address would otherwise be
  rate-limited. wrk sends `Content-Type: application/json`, which the CSRF rule accepts.
- **Hive Gateway settings**: `hive-gateway supergraph` with its defaults (one process, no JIT,
  no response cache, default logging), `NODE_ENV=production`.
- **A shared machine**: other work may run on this machine during a run (each wrk run records
  the 1-minute load average in `results.json`, `load1`; wrk + a busy gateway alone make ~2).
  Interleaving the targets and taking medians spreads that noise over all of them alike.
- **Which code**: `--rev <commit>` runs mediagraph from a temporary worktree of that commit, so
  work in progress in the checkout never leaks into the numbers; the version line names it.
- **Latency scenario**: the emulators are Python processes on core 0, served by
  `python -m uvicorn --factory emulators.<name>:create_app` on their own port; at 0 ms injected
  latency their own cost (many upstream requests per query) shows in the first column. The
  target (1.1 × levels × latency) therefore also pays for the emulators' and the gateway's
  work; the *added* column (20 ms run minus 0 ms run) asks only whether the calls of one level
  go out together: one wait per level, not one per call.
- **Source**: the gateway's source is byte-compiled before the run, as an installed package
  (and the image) has it; otherwise every cold start would compile ~120 modules first.
- **Soak**: 5 minutes of the scenarios in turn, RSS sampled every 10 s.
- Errors count wrk's connect/read/write/timeout errors and non-2xx answers; a run whose
  answers were not all complete and error-free never gets here (the suite checks every answer
  of every scenario and gateway first, and fails on any request the recording missed).
"""


def machine() -> dict[str, str]:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kib = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines()
                   if x.startswith("MemTotal"))  # fmt: skip
    return {
        "cpus": f"{os.cpu_count()} ({model})",
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
    }


def parse(argv: list[str]) -> tuple[Options, argparse.Namespace]:
    d = Options()
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    p.add_argument("--smoke", action="store_true", help="tiny counts (CI): 1 × 1 s, short soak")
    p.add_argument("--reps", type=int, default=d.reps, help="interleaved repetitions")
    p.add_argument("--seconds", type=float, default=d.seconds, help="seconds per wrk run")
    p.add_argument("--warmup", type=float, default=d.warmup, help="warm-up seconds per pair")
    p.add_argument("--connections", type=int, default=d.connections)
    p.add_argument("--timeout", type=float, default=d.timeout, help="wrk per-request timeout (s)")
    p.add_argument("--latency-ms", type=float, default=d.latency_ms)
    p.add_argument("--latency-samples", type=int, default=d.latency_samples)
    p.add_argument("--cold-starts", type=int, default=d.cold_starts)
    p.add_argument("--soak", type=float, default=d.soak, help="soak seconds (300 for 5 minutes)")
    p.add_argument("--profile-seconds", type=float, default=d.profile_seconds)
    p.add_argument("--upload-mb", type=int, default=d.upload_mb,
                   help="U1's file size in MB (0: skip U1)")  # fmt: skip
    p.add_argument("--no-hive", action="store_true", help="skip Hive Gateway")
    p.add_argument("--no-profile", action="store_true", help="skip py-spy")
    p.add_argument("--only", default="", help="comma-separated scenarios, e.g. Q1,Q3-distinct")
    p.add_argument("--out", type=Path, help="results directory (default bench/results/<time>)")
    p.add_argument(
        "--report",
        type=Path,
        help="where to write the report (default BENCHMARKS.md; smoke: in --out)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    p.add_argument(
        "--rev",
        help="run mediagraph as committed at this git revision (from a temporary worktree), "
        "so that uncommitted work never leaks into the numbers",
    )
    p.add_argument("--mediagraph-src", type=Path, help="run mediagraph from this source tree")
    p.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS_JSON",
        help="only write the report again from a run's results.json",
    )
    a = p.parse_args(argv)
    if a.smoke:
        a.reps, a.seconds, a.warmup, a.cold_starts = 1, 1, 0, 1
        a.latency_samples, a.soak, a.no_profile, a.upload_mb = 3, 2, True, 20
    options = Options(
        reps=a.reps, seconds=a.seconds, warmup=a.warmup, connections=a.connections,
        timeout=a.timeout, latency_ms=a.latency_ms, latency_samples=a.latency_samples,
        cold_starts=a.cold_starts, soak=a.soak, profile_seconds=a.profile_seconds,
        hive=not a.no_hive, profile=not a.no_profile,
        only=tuple(x for x in a.only.split(",") if x), upload_mb=a.upload_mb,
    )  # fmt: skip
    assert {f.name for f in fields(Options)} == set(vars(options))
    return options, a


def main(argv: list[str]) -> int:
    options, args = parse(argv)
    if args.render:
        results = json.loads(args.render.read_text())
        for raw in sorted(args.render.parent.glob("profile-*.txt")):
            key = raw.stem.removeprefix("profile-")
            results.setdefault("profile", {})[key] = profiling.summarise(raw)
        meta = {**results["meta"], "intro": INTRO, "throughput_note": THROUGHPUT_NOTE,
                "notes": NOTES}  # fmt: skip
        report_path = args.report or ROOT / "BENCHMARKS.md"
        report_path.write_text(report.render(results, meta, scenarios.scenarios("")))
        say(f"report: {report_path}")
        return 0
    with contextlib.ExitStack() as stack:
        if args.rev:
            gateways.SOURCE["path"] = stack.enter_context(gateways.worktree(args.rev))
        elif args.mediagraph_src:
            gateways.SOURCE["path"] = args.mediagraph_src.resolve()
        gateways.compile_source()
        return _run(options, args, argv)


def _run(options: Options, args: argparse.Namespace, argv: list[str]) -> int:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or ROOT / "bench" / "results" / (stamp + ("-smoke" if args.smoke else ""))
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    report_path = args.report or (out / "BENCHMARKS.md" if args.smoke else ROOT / "BENCHMARKS.md")
    install_cleanup()
    started = time.perf_counter()
    run = Run(options, out)
    try:
        _emu, supergraphs = run.against_emulators()
        run.against_static(supergraphs)
        if options.profile:
            run.profile()
        if options.soak > 0:
            run.soak()
        if options.cold_starts > 0:
            run.cold_starts(supergraphs)
        if options.upload_mb > 0:
            run.upload()
    finally:
        stop_all()
        (out / "results.json").write_text(json.dumps(run.results, indent=1))
    command = "bench/run " + shlex.join(argv) if argv else "bench/run"
    meta = {
        "intro": INTRO, "throughput_note": THROUGHPUT_NOTE, "notes": NOTES,
        "machine": machine(), "versions": gateways.versions(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"), "command": command.strip(),
        "settings": f"{options.reps} × {options.seconds:g} s per target and scenario, "
        f"{options.connections} connections, warm-up {options.warmup:g} s, wrk timeout "
        f"{options.timeout:g} s, soak {options.soak:g} s; whole run "
        f"{(time.perf_counter() - started) / 60:.1f} min",
    }  # fmt: skip
    prose = ("intro", "notes", "throughput_note")
    run.results["meta"] = {k: v for k, v in meta.items() if k not in prose}
    (out / "results.json").write_text(json.dumps(run.results, indent=1))
    report_path.write_text(report.render(run.results, meta, run.scenarios))
    resources = {s.key: s.resources for s in run.scenarios}
    checks = report.targets(run.results, resources)
    print()
    for name, ok, evidence in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {evidence}")
    met = sum(ok for _, ok, _ in checks)
    say(
        f"targets: {met} met, {len(checks) - met} not met (reported, not enforced without --strict)"
    )
    say(f"report: {report_path}; raw results: {out / 'results.json'}")
    return 1 if args.strict and not all(ok for _, ok, _ in checks) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
