"""Targets (PASS/FAIL) and BENCHMARKS.md, computed from one run's results."""

from __future__ import annotations

import statistics
from typing import Any

#: Throughput multiple over Hive Gateway that each scenario must reach.
THROUGHPUT_TARGETS = {"Q1": 2.0, "Q2": 2.0, "Q3-distinct": 2.0, "Q3-repeated": 10.0}
COLD_START_S = 0.5
RSS_MIB = 100.0
LATENCY_FACTOR = 1.1
SOAK_GROWTH_MIB = 10.0


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def medians(results: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """scenario → target → median q/s, p50, p99, calls per query, errors."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for key, by_target in results.get("throughput", {}).items():
        for target, runs in by_target.items():
            out.setdefault(key, {})[target] = {
                "qps": _median([r["qps"] for r in runs]),
                "p50_ms": _median([r["p50_ms"] for r in runs]),
                "p99_ms": _median([r["p99_ms"] for r in runs]),
                "calls_load": _median([r["calls_per_query"] or 0.0 for r in runs]),
                "errors": sum(r["errors"] for r in runs),
                "reps": len(runs),
            }
    return out


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def targets(results: dict[str, Any], resources: dict[str, int]) -> list[tuple[str, bool, str]]:
    """(target, passed, evidence) for every target the run measured."""
    checks: list[tuple[str, bool, str]] = []
    med = medians(results)
    for key, factor in THROUGHPUT_TARGETS.items():
        row = med.get(key, {})
        if "mediagraph" in row and "hive" in row:
            if not row["mediagraph"]["qps"]:
                checks.append((f"{key} throughput ≥ {factor:g}× Hive", False,
                               "mediagraph completed no query in the runs"))  # fmt: skip
                continue
            if not row["hive"]["qps"]:
                evidence = f"{row['mediagraph']['qps']:.1f} q/s; Hive completed no query"
                checks.append((f"{key} throughput ≥ {factor:g}× Hive", True, evidence))
                continue
            r = _ratio(row["mediagraph"]["qps"], row["hive"]["qps"])
            checks.append((f"{key} throughput ≥ {factor:g}× Hive", r >= factor,
                           f"{r:.2f}× ({row['mediagraph']['qps']:.1f} vs "
                           f"{row['hive']['qps']:.1f} q/s)"))  # fmt: skip
    calls = results.get("calls_first") or results.get("calls", {})
    for key, by_gw in calls.items():
        mg, hive, want = by_gw.get("mediagraph"), by_gw.get("hive"), resources.get(key)
        ok = mg is not None and mg <= (want or 0) and (hive is None or mg <= hive)
        name = f"{key} upstream calls of a first query ≤ distinct resources ({want}), ≤ Hive"
        checks.append((name, ok, f"mediagraph {mg}, Hive {hive}"))
    latency = results.get("latency", {})
    injected = latency.get("injected_ms", 0)
    for key, row in latency.get("scenarios", {}).items():
        mg = row.get("mediagraph", {}).get(f"{injected:g}ms")
        if mg:
            bound = LATENCY_FACTOR * row["levels"] * injected
            checks.append((f"{key} latency ≤ {LATENCY_FACTOR}× critical path "
                           f"({row['levels']} × {injected:g} ms = {bound:.0f} ms)",
                           mg["median_ms"] <= bound, f"{mg['median_ms']:.1f} ms"))  # fmt: skip
            # The same question without the time the upstreams and the gateway spend working
            # (measured at 0 ms): does the injected latency add only one wait per level, i.e.
            # does everything that can go in parallel go in parallel?
            base = row["mediagraph"].get("0ms")
            if base:
                added = mg["median_ms"] - base["median_ms"]
                checks.append((f"{key} latency added by {injected:g} ms upstreams ≤ "
                               f"{LATENCY_FACTOR}× critical path ({bound:.0f} ms)",
                               added <= bound, f"{added:.1f} ms"))  # fmt: skip
    checks += _upload_targets(results)
    cold = results.get("cold_start", {}).get("mediagraph")
    if cold:
        s = _median(cold["seconds"])
        checks.append((f"cold start ≤ {COLD_START_S} s", s <= COLD_START_S, f"{s:.3f} s"))
    rss = results.get("rss", {}).get("mediagraph", {})
    if "load_max_mib" in rss:
        peak = max(rss["load_max_mib"], rss.get("peak_hwm_mib", 0))
        checks.append((f"RSS ≤ {RSS_MIB:g} MB per worker under load", peak <= RSS_MIB,
                       f"{peak:.1f} MiB peak"))  # fmt: skip
    soak = results.get("soak", {}).get("rss_mib", [])
    if len(soak) >= 2:
        growth = soak[-1][1] - soak[0][1]
        checks.append((f"no RSS growth over the soak (≤ {SOAK_GROWTH_MIB:g} MiB)",
                       growth <= SOAK_GROWTH_MIB,
                       f"{growth:+.1f} MiB over {results['soak']['seconds']:g} s"))  # fmt: skip
    return checks


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:,.{digits}f}"


def render(results: dict[str, Any], meta: dict[str, Any], scen: list[Any]) -> str:
    resources = {s.key: s.resources for s in scen}
    med = medians(results)
    lines = ["# Benchmarks", "", meta["intro"], ""]
    lines += ["## Machine, versions, command", ""]
    for k, v in meta["machine"].items():
        lines.append(f"- **{k}**: {v}")
    for k, v in meta["versions"].items():
        lines.append(f"- **{k}**: {v}")
    lines += [f"- **date**: {meta['date']}", f"- **command**: `{meta['command']}`",
              f"- **settings**: {meta['settings']}", ""]  # fmt: skip
    lines += ["## Targets", "", "| target | result | measured |", "|---|---|---|"]
    for name, ok, evidence in targets(results, resources):
        lines.append(f"| {name} | {'PASS' if ok else '**FAIL**'} | {evidence} |")
    lines += ["", "## Throughput (static upstream)", "", meta["throughput_note"], ""]
    for s in scen:
        row = med.get(s.key)
        if not row:
            continue
        calls = results.get("calls", {}).get(s.key, {})
        first = results.get("calls_first", {}).get(s.key, {})
        lines += [f"### {s.key}: {s.title}", "",
                  f"Distinct upstream resources: {s.resources}. Direct = `GET {s.direct}`.", "",
                  "| target | q/s (median) | p50 ms | p99 ms | upstream calls/query "
                  "(first / repeated / under load) | errors | vs Hive | vs direct (q/s) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
        for target in ("direct", "mediagraph", "hive"):
            m = row.get(target)
            if m is None:
                continue
            single = calls.get(target, 1.0 if target == "direct" else None)
            cold = first.get(target, 1.0 if target == "direct" else None)
            vs_hive = _ratio(m["qps"], row["hive"]["qps"]) if "hive" in row else None
            vs_direct = "–"
            if "direct" in row and m["qps"]:
                vs_direct = f"1/{row['direct']['qps'] / m['qps']:,.0f}"
            lines.append(
                f"| {target} | {_fmt(m['qps'])} | {_fmt(m['p50_ms'], 2)} | {_fmt(m['p99_ms'], 2)}"
                f" | {_fmt(cold, 0)} / {_fmt(single, 2)} / {_fmt(m['calls_load'], 2)}"
                f" | {m['errors']}"
                f" | {_fmt(vs_hive, 2)}× | {vs_direct} |"
            )
        lines.append("")
    lines += (
        _latency(results) + _upload(results) + _starts(results) + _soak(results) + _profile(results)
    )
    lines += ["## Notes", "", meta["notes"], ""]
    return "\n".join(lines)


#: U1: wall time through the gateway against openssl + split + parallel curl, and RSS growth.
UPLOAD_FACTOR = 1.5
UPLOAD_RSS_MIB = 100


def _shell_row(upload: dict[str, Any]) -> dict[str, Any] | None:
    rows = upload.get("alone", {}).get("rows", [])
    return next((r for r in rows if r["method"].startswith("openssl")), None)


def _upload_targets(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    upload = results.get("upload")
    if not upload:
        return []
    through, shell = upload["gateway"], _shell_row(upload)
    growth = through["rss_peak_mib"] - through["rss_before_mib"]
    checks = [
        (
            f"U1 gateway RSS growth ≤ {UPLOAD_RSS_MIB} MB ({upload['size_mb']} MB upload)",
            growth <= UPLOAD_RSS_MIB and through["intact"],
            f"+{growth:.0f} MiB, bytes {'intact' if through['intact'] else 'CHANGED'}",
        )
    ]
    if shell is not None:
        r = _ratio(through["wall_s"], shell["wall"])
        checks.append(
            (
                f"U1 wall ≤ {UPLOAD_FACTOR:g}× openssl + split + parallel curl",
                r <= UPLOAD_FACTOR,
                f"{r:.2f}× ({through['wall_s']:.1f} vs {shell['wall']:.1f} s)",
            )
        )
    return checks  # fmt: skip


def _upload(results: dict[str, Any]) -> list[str]:
    upload = results.get("upload")
    if not upload:
        return []
    through = upload["gateway"]
    mb = through["bytes"] / 1e6
    out = ["## U1: a large media upload", "",
           f"One {mb:,.0f} MB MP4 to the Public Profile emulator (127.0.0.1, its own process): "
           "AES-256-CBC, parts of 31 MiB, 4 at once, then FINALIZE; the emulator decrypts and "
           "reassembles, and the SHA-256 of what it serves is compared with the original. "
           "*Through mediagraph*: `uploadMedia` as a GraphQL multipart request to `mediagraph "
           "serve` (`bench/upload_gateway.py`); RSS is the gateway's. *mediagraph pipeline*: the "
           "gateway's upload code in process, without HTTP in front (`bench/upload.py`). "
           "*openssl + split + curl*: the floor a shell script reaches.", "",
           "| method | wall s | MB/s | RSS before MiB | peak RSS MiB | growth MiB | bytes |",
           "|---|---:|---:|---:|---:|---:|---|",
           f"| through mediagraph | {through['wall_s']:.1f} | {mb / through['wall_s']:,.0f} "
           f"| {through['rss_before_mib']:.0f} | {through['rss_peak_mib']:.0f} "
           f"| {through['rss_peak_mib'] - through['rss_before_mib']:.0f} "
           f"| {'intact' if through['intact'] else 'CHANGED'} |"]  # fmt: skip
    for row in upload.get("alone", {}).get("rows", []):
        growth = f"{row['growth']:.0f}" if "growth" in row else "–"
        out.append(f"| {row['method']} | {row['wall']:.1f} | {mb / row['wall']:,.0f} | – "
                   f"| {row['peak_rss']:.0f} | {growth} | {'intact' if row['ok'] else 'CHANGED'} |")  # fmt: skip  # noqa: E501
    return [*out, ""]


def _latency(results: dict[str, Any]) -> list[str]:
    latency = results.get("latency")
    if not latency:
        return []
    ms = latency["injected_ms"]
    out = ["## Latency with injected upstream latency (emulators)", "",
           f"One keep-alive connection, median of {results['options']['latency_samples']} "
           f"sequential requests; {ms:g} ms on every emulator route, and 0 ms for the emulators' "
           "own cost. Critical path = dependency levels of the fastest plan × latency.", "",
           "| scenario | gateway | 0 ms: median | "
           f"{ms:g} ms: median | added by the latency | critical path | ratio | added/path "
           "| upstream calls/query |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for key, row in latency["scenarios"].items():
        path = row["levels"] * ms
        for gw in ("mediagraph", "hive"):
            if gw not in row:
                continue
            base, hot = row[gw].get("0ms", {}), row[gw].get(f"{ms:g}ms", {})
            ratio = _ratio(hot.get("median_ms", 0), path)
            added = (
                hot["median_ms"] - base["median_ms"]
                if "median_ms" in hot and "median_ms" in base
                else None
            )
            added_ratio = _ratio(added, path) if added is not None else None
            out.append(
                f"| {key} | {gw} | {_fmt(base.get('median_ms'))} ms"
                f" | {_fmt(hot.get('median_ms'))} ms | {_fmt(added)} ms"
                f" | {row['levels']} × {ms:g} = {path:g} ms"
                f" | {_fmt(ratio, 2)}× | {_fmt(added_ratio, 2)}× | {hot.get('calls_per_query')} |"
            )
    return [*out, ""]


def _starts(results: dict[str, Any]) -> list[str]:
    out = []
    cold = results.get("cold_start", {})
    if cold:
        out += [
            "## Cold start",
            "",
            "Process start → first successful Q1 answer (static upstream).",
            "",
            "| gateway | median s | runs (s) | idle RSS MiB (median) |",
            "|---|---:|---|---:|",
        ]
        for gw, row in cold.items():
            runs = ", ".join(map(str, row["seconds"]))
            out.append(
                f"| {gw} | {_median(row['seconds']):.3f} | {runs}"
                f" | {_median(row['idle_rss_mib']):.1f} |"
            )
        out.append("")
    rss = results.get("rss", {})
    if rss:
        out += [
            "## Memory (RSS)",
            "",
            "| gateway | idle MiB | max under load MiB | peak (VmHWM) MiB |",
            "|---|---:|---:|---:|",
        ]
        for gw, row in rss.items():
            out.append(f"| {gw} | {_fmt(row.get('idle_mib'))} | {_fmt(row.get('load_max_mib'))} "
                       f"| {_fmt(row.get('peak_hwm_mib'))} |")  # fmt: skip
        out.append("")
    return out


def _soak(results: dict[str, Any]) -> list[str]:
    soak = results.get("soak")
    if not soak:
        return []
    points = ", ".join(f"{t:g} s: {r:.1f}" for t, r in soak["rss_mib"])
    return ["## Soak", "", f"mediagraph under load for {soak['seconds']:g} s (every scenario in "
            f"turn); RSS in MiB after each slice: {points}.", ""]  # fmt: skip


def _profile(results: dict[str, Any]) -> list[str]:
    profile = results.get("profile")
    if not profile:
        return []
    out = ["## Where the time goes", "",
           "py-spy (250 Hz, `--nonblocking`) on the mediagraph worker under wrk load; share of all "
           "samples. *Self* is where the CPU was; *inclusive* counts every sample with the "
           "function on the stack. Flame graphs: `bench/results/<run>/profile-*.svg`.",
           ""]  # fmt: skip
    for key, summary in profile.items():
        out += [f"### {key} ({summary['samples']} samples)", "", "By package (self):", "",
                "| package | % |", "|---|---:|"]  # fmt: skip
        out += [f"| {name} | {pct} |" for name, pct in summary["packages"]]
        out += ["", "Top functions (self):", "", "| function | % |", "|---|---:|"]
        out += [f"| `{name}` | {pct} |" for name, pct in summary["self"]]
        out += ["", "By phase (each sample goes to the innermost phase on its stack):", "",
                "| phase | % |", "|---|---:|"]  # fmt: skip
        out += [f"| {name} | {pct} |" for name, pct in summary["phases"]]
        out.append("")
    return out
