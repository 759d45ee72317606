"""The benchmark run, phase by phase; every number lands in one results dict (saved as JSON).

1. Emulators up; OpenAPI documents saved; Hive supergraphs composed (emulator and static).
2. mediagraph and Hive against the emulators: each scenario once (recording the exact
   upstream requests), then the latency scenario (20 ms injected on every route).
3. The static upstream (nginx) serving the recorded answers; both gateways against it:
   each scenario checked and its upstream calls counted, then interleaved wrk repetitions
   with the direct upstream (the floor), mediagraph and Hive.
4. Profile (py-spy) and soak of mediagraph; then cold starts of both gateways.
5. U1: one large upload through mediagraph, and the same with openssl + split + curl.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import gateways, load, profiling, scenarios, upstream
from bench.gateways import Gateway
from bench.procs import GATEWAY_CORE, LOAD_CORE, settle
from bench.scenarios import Scenario

#: Dependency levels of the fastest possible plan (page 2 needs page 1's cursor).
CRITICAL_LEVELS = {"Q3-distinct": 3, "Q3-repeated": 2, "Q4": 2}


@dataclass
class Options:
    reps: int = 3
    seconds: float = 10
    warmup: float = 2
    connections: int = 32
    timeout: float = 20
    latency_ms: float = 20
    latency_samples: int = 20
    cold_starts: int = 5
    soak: float = 300
    profile_seconds: float = 10
    hive: bool = True
    profile: bool = True
    only: tuple[str, ...] = ()
    #: U1's file size in MB (10^6 bytes); 0 skips U1.
    upload_mb: int = 1000


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Run:
    def __init__(self, options: Options, out: Path) -> None:
        self.o = options
        self.out = out
        self.logs = out / "logs"
        self.results: dict[str, Any] = {"options": vars(options).copy()}
        self.scenarios: list[Scenario] = []
        self.gateways: dict[str, Gateway] = {}
        self.static: upstream.Static | None = None
        self._emu_session = ""

    def names(self) -> list[str]:
        return ["mediagraph", *(["hive"] if self.o.hive else [])]

    def _selected(self, all_scenarios: list[Scenario]) -> list[Scenario]:
        return [s for s in all_scenarios if not self.o.only or s.key in self.o.only]

    # -- phase 1 and 2: emulators, recording, latency ------------------------------------
    def against_emulators(self) -> tuple[upstream.Emulators, dict[str, Path]]:
        say("starting the emulators")
        emu = upstream.start_emulators(self.logs)
        self.scenarios = self._selected(scenarios.scenarios(upstream.page2_cursor(emu)))
        supergraphs: dict[str, Path] = {}
        if self.o.hive:
            say("composing the Hive supergraphs from the emulators' OpenAPI documents")
            specs = gateways.write_specs(emu.profiles_url, emu.albums_url, self.out / "hive")
            supergraphs["emulator"] = gateways.compose(
                specs, profiles_url=emu.profiles_url, albums_url=emu.albums_url,
                session=emu.albums_session, out=self.out / "hive" / "supergraph-emulator.graphql",
            )  # fmt: skip
        gws = self._start("emulator", emu.profiles_url, emu.albums_url, supergraphs)
        requests: set[tuple[str, str, str, str]] = set()
        calls: dict[str, dict[str, int]] = {}
        for s in self.scenarios:
            for gw in gws:
                emu.reset_log()
                scenarios.check(s, gw.name, gw.post(s.body(gw.name)).json(), strict=False)
                logged = emu.log()
                calls.setdefault(s.key, {})[gw.name] = len(logged)
                requests.update(logged)
        self.results["calls_emulator_first"] = calls
        self.latency(emu, gws)
        for gw in gws:
            gw.proc.stop()
        fixtures = self.out / "fixtures"
        say(f"recording {len(requests)} distinct upstream requests into {fixtures}")
        upstream.record(emu, requests, fixtures)
        upstream.edit_fixtures(fixtures)
        if self.o.hive:
            supergraphs["static"] = self.out / "hive" / "supergraph-static.graphql"
        emu.profiles.stop()
        emu.albums.stop()
        self._emu_session = emu.albums_session
        return emu, supergraphs

    def latency(self, emu: upstream.Emulators, gws: list[Gateway]) -> None:
        """Single-connection latency of Q3/Q4 with 0 ms and with ``latency_ms`` on every route."""
        table: dict[str, Any] = {}
        for ms in (0.0, self.o.latency_ms):
            emu.set_latency(ms)
            say(f"latency: {ms:g} ms injected on every emulator route")
            for s in self.scenarios:
                if s.key not in CRITICAL_LEVELS:
                    continue
                for gw in gws:
                    emu.reset_log()
                    samples = load.latency_samples(gw.url, s.body(gw.name),
                                                   samples=self.o.latency_samples)  # fmt: skip
                    per_query = len(emu.log()) / (self.o.latency_samples + 1)
                    row = table.setdefault(s.key, {"levels": CRITICAL_LEVELS[s.key]})
                    row.setdefault(gw.name, {})[f"{ms:g}ms"] = {
                        "median_ms": load.median(samples), "samples": samples,
                        "calls_per_query": round(per_query, 2),
                    }  # fmt: skip
        emu.set_latency(0)
        self.results["latency"] = {"injected_ms": self.o.latency_ms, "scenarios": table}

    def _start(
        self, kind: str, profiles_url: str, albums_url: str, supergraphs: dict[str, Path]
    ) -> list[Gateway]:
        gws = [gateways.start_mediagraph(f"mediagraph ({kind})", profiles_url=profiles_url,
                                         albums_url=albums_url,
                                         log=self.logs / f"mediagraph-{kind}.log")[0]]  # fmt: skip
        if self.o.hive:
            gws.append(gateways.start_hive(f"hive ({kind})", supergraphs[kind],
                                           log=self.logs / f"hive-{kind}.log")[0])  # fmt: skip
        return gws

    # -- phase 3: the static upstream -------------------------------------------------------
    def against_static(self, supergraphs: dict[str, Path]) -> None:
        static = upstream.start_static(self.out / "fixtures", self.out / "nginx")
        self.static = static
        if self.o.hive:
            say("composing the Hive supergraph for the static upstream")
            specs = (self.out / "hive" / "profiles.openapi.json",
                     self.out / "hive" / "albums.openapi.json")  # fmt: skip
            gateways.compose(specs, profiles_url=static.url, albums_url=static.url,
                             session=self._emu_session, out=supergraphs["static"])  # fmt: skip
        gws = self._start("static", static.url, static.url, supergraphs)
        self.gateways = {gw.name: gw for gw in gws}
        self.results["rss"] = {gw.name: {"idle_mib": round(gw.proc.rss_mib(), 1)} for gw in gws}
        self.verify(static, gws)
        self.throughput(static, gws)
        for gw in gws:
            self.results["rss"][gw.name]["peak_hwm_mib"] = round(gw.proc.rss_mib("VmHWM"), 1)

    def verify(self, static: upstream.Static, gws: list[Gateway]) -> None:
        """Each scenario through each gateway: a complete answer, no error, every upstream
        request a recorded one. Upstream calls are counted for that first query (nothing
        cached yet) and, per query, over 3 more."""
        first: dict[str, dict[str, float]] = {}
        repeat: dict[str, dict[str, float]] = {}
        items: dict[str, dict[str, int]] = {}
        for s in self.scenarios:
            for gw in gws:
                before = static.calls()
                answer = gw.post(s.body(gw.name)).json()
                time.sleep(0.3)
                first.setdefault(s.key, {})[gw.name] = static.calls() - before
                items.setdefault(s.key, {})[gw.name] = scenarios.check(s, gw.name, answer)
                before = static.calls()
                for _ in range(3):
                    gw.post(s.body(gw.name))
                time.sleep(0.3)
                repeat.setdefault(s.key, {})[gw.name] = round((static.calls() - before) / 3, 2)
            counts = set(items[s.key].values())
            if len(counts) > 1:
                raise AssertionError(f"{s.key}: the gateways disagree on the items: {items[s.key]}")
        time.sleep(0.3)
        misses = static.misses()
        if misses:
            raise AssertionError(f"requests the recording did not cover: {misses[:10]}")
        self.results["calls_first"] = first
        self.results["calls"] = repeat
        self.results["items"] = items
        say(f"checked every answer; upstream calls of a first query: {first}")

    def throughput(self, static: upstream.Static, gws: list[Gateway]) -> None:
        bodies = self.out / "bodies"
        bodies.mkdir(exist_ok=True)
        targets: list[tuple[str, Gateway | None]] = [("direct", None), *[(g.name, g) for g in gws]]
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {}
        rss_load = {gw.name: 0.0 for gw in gws}
        if self.o.warmup > 0:
            say(f"warm-up: {self.o.warmup:g} s per gateway and scenario")
            for s in self.scenarios:
                for gw in gws:
                    self._wrk(s, gw, static, bodies, self.o.warmup)
        for rep in range(1, self.o.reps + 1):
            for s in self.scenarios:
                for name, gw in targets:
                    if gw is None:
                        static.proc.pin(GATEWAY_CORE)  # the floor gets the gateway's core
                    try:
                        result = self._wrk(s, gw, static, bodies, self.o.seconds)
                    finally:
                        if gw is None:
                            static.proc.pin(LOAD_CORE)
                    if gw is not None:
                        rss_load[name] = max(rss_load[name], gw.proc.rss_mib())
                    runs.setdefault(s.key, {}).setdefault(name, []).append(result.as_json())
                    say(f"rep {rep} {s.key:12} {name:10} {result.qps:10.1f} q/s "
                        f"p50 {result.p50_ms:8.1f} ms p99 {result.p99_ms:8.1f} ms "
                        f"errors {result.errors} calls/q {result.calls_per_query}")  # fmt: skip
        self.results["throughput"] = runs
        for name, value in rss_load.items():
            self.results["rss"][name]["load_max_mib"] = round(value, 1)

    def _wrk(
        self, s: Scenario, gw: Gateway | None, static: upstream.Static, bodies: Path, secs: float
    ) -> load.WrkResult:
        body_file = None
        url = static.direct_url + s.direct
        if gw is not None:
            body_file = bodies / f"{s.key}-{gw.name}.json"
            body_file.write_bytes(s.body(gw.name))
            url = gw.url
        waited = settle([g.proc for g in self.gateways.values()])
        if waited > 5:
            say(f"  (waited {waited:.0f} s for the gateways to finish earlier queries)")
        before = static.calls()
        result = load.wrk(url, seconds=secs, connections=self.o.connections,
                          body_file=body_file, timeout_s=self.o.timeout)  # fmt: skip
        time.sleep(0.3)
        if gw is None:
            result.calls_per_query = 1.0  # the floor is one upstream request by definition
        elif result.requests:
            result.calls_per_query = round((static.calls() - before) / result.requests, 2)
        return result

    # -- phase 4: profile, soak, cold start -------------------------------------------------
    def profile(self) -> None:
        gw = self.gateways["mediagraph"]
        bodies = self.out / "bodies"
        summary: dict[str, Any] = {}
        for key in ("Q1", "Q2", "Q3-distinct"):
            s = next((x for x in self.scenarios if x.key == key), None)
            if s is None:
                continue
            say(f"profiling mediagraph under {key} load ({self.o.profile_seconds:g} s)")
            for fmt, suffix in (("raw", "txt"), ("flamegraph", "svg")):
                out = self.out / f"profile-{key}.{suffix}"
                spy = profiling.record(gw.proc.pid, seconds=self.o.profile_seconds, out=out,
                                       fmt=fmt)  # fmt: skip
                time.sleep(0.5)
                self._wrk(s, gw, self.static, bodies, self.o.profile_seconds + 1)
                _, err = spy.communicate(timeout=60)
                if spy.returncode != 0 or not out.exists():
                    raise RuntimeError(f"py-spy failed: {err.decode(errors='replace')[-800:]}")
            summary[key] = profiling.summarise(self.out / f"profile-{key}.txt")
        self.results["profile"] = summary

    def soak(self) -> None:
        gw = self.gateways["mediagraph"]
        bodies = self.out / "bodies"
        slice_s = min(10.0, self.o.soak)
        samples: list[tuple[float, float]] = []
        start = time.perf_counter()
        say(f"soak: mediagraph for {self.o.soak:g} s, scenarios in turn, {slice_s:g} s slices")
        i = 0
        while time.perf_counter() - start < self.o.soak:
            self._wrk(self.scenarios[i % len(self.scenarios)], gw, self.static, bodies, slice_s)
            samples.append((round(time.perf_counter() - start, 1), round(gw.proc.rss_mib(), 1)))
            i += 1
        self.results["soak"] = {"seconds": self.o.soak, "rss_mib": samples}

    def cold_starts(self, supergraphs: dict[str, Path]) -> None:
        for gw in self.gateways.values():
            gw.proc.stop()
        q1 = next(s for s in scenarios.scenarios("") if s.key == "Q1")
        out: dict[str, Any] = {}
        say(f"cold start: {self.o.cold_starts} × each gateway (process start → first Q1 answer)")
        for _ in range(self.o.cold_starts):
            for name in self.names():
                if name == "mediagraph":
                    gw, secs = gateways.start_mediagraph(
                        "mediagraph (cold)", profiles_url=self.static.url,
                        albums_url=self.static.url, log=self.logs / "mediagraph-cold.log",
                        probe=q1.body(name))  # fmt: skip
                else:
                    gw, secs = gateways.start_hive("hive (cold)", supergraphs["static"],
                                                   log=self.logs / "hive-cold.log",
                                                   probe=q1.body(name))  # fmt: skip
                time.sleep(1.0)
                row = out.setdefault(name, {"seconds": [], "idle_rss_mib": []})
                row["seconds"].append(round(secs, 3))
                row["idle_rss_mib"].append(round(gw.proc.rss_mib(), 1))
                gw.proc.stop()
        self.results["cold_start"] = out

    # -- U1: a large upload ---------------------------------------------------------------

    def upload(self) -> None:
        """U1: ``uploadMedia`` of one file through ``mediagraph serve`` (wall time, RSS), and
        the same file encrypted with ``openssl enc``, split and sent by parallel ``curl``s
        (``bench/upload.py``), each against the Public Profile emulator."""
        size = self.o.upload_mb
        say(f"U1: a {size} MB upload through mediagraph; then openssl + split + 4 × curl")
        python = str(gateways.ROOT / ".venv" / "bin" / "python")
        env = {**os.environ, "BENCH_MEDIAGRAPH_SRC": str(gateways.SOURCE["path"])}
        through = _bench_json([python, "-m", "bench.upload_gateway", str(size * 10**6)], env)
        shell = _bench_json([python, "-m", "bench.upload", "--size-mb", str(size)], env)
        self.results["upload"] = {"size_mb": size, "gateway": through, "alone": shell}
        say(f"U1: {json.dumps(self.results['upload'])}")


def _bench_json(argv: list[str], env: dict[str, str]) -> Any:
    """Run a bench script; its last ``BENCH_JSON`` line, parsed."""
    done = subprocess.run(argv, cwd=gateways.ROOT, env=env, capture_output=True, text=True,
                          timeout=1800)  # fmt: skip
    line = next((x for x in reversed(done.stdout.splitlines()) if x.startswith("BENCH_JSON ")),
                None)  # fmt: skip
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"{argv[2]} failed ({done.returncode}): {done.stdout[-1500:]}"
                           f"{done.stderr[-1500:]}")  # fmt: skip
    return json.loads(line.removeprefix("BENCH_JSON "))
