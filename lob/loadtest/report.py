"""Locust's stats turned into the result of `manage.py loadtest` (var/loadtest.json) and its
printed table. Plain data in, plain data out: no locust, no Django."""

import math


def percentile(response_times: dict, share: float) -> float:
    """Nearest-rank percentile of locust's histogram of response times ({ms: count}; locust
    rounds large times to 2–3 significant digits)."""
    histogram = sorted((float(ms), count) for ms, count in response_times.items())
    total = sum(count for _ms, count in histogram)
    if not total:
        return 0.0
    rank = max(1, math.ceil(share * total))
    seen = 0
    for ms, count in histogram:
        seen += count
        if seen >= rank:
            return ms
    return histogram[-1][0]


def endpoints(stats: list[dict]) -> dict:
    """name → requests, failures and p50/p95/p99 from stats entries as locust's `--json-file`
    writes them (name, num_requests, num_failures, response_times), which the locustfile keeps
    for its measuring window."""
    result = {}
    for entry in sorted(stats, key=lambda e: e["name"]):
        times = entry["response_times"]
        result[entry["name"]] = {
            "requests": entry["num_requests"],
            "failures": entry["num_failures"],
            "p50_ms": round(percentile(times, 0.50)),
            "p95_ms": round(percentile(times, 0.95)),
            "p99_ms": round(percentile(times, 0.99)),
        }
    return result


def step_rate(step: dict) -> float:
    return step["requests"] / step["seconds"] if step["seconds"] else 0.0


def keeps_rising(rates: list[float], gain: float = 0.05) -> bool:
    """Throughput still rises when the last step beat the best before it by `gain` or more."""
    if len(rates) < 2:
        return True
    return rates[-1] >= max(rates[:-1]) * (1 + gain)


def capacity(steps: list[dict]) -> dict:
    """The best mixed throughput over the steps, the reference's best at the same concurrencies,
    and the server's CPU milliseconds per mixed request in the best step."""
    mixed = [s for s in steps if s["kind"] == "mix"]
    reference = [s for s in steps if s["kind"] == "reference"]
    best = max(mixed, key=step_rate)
    return {
        "rps": round(step_rate(best), 1),
        "reference_rps": round(max((step_rate(s) for s in reference), default=0.0), 1),
        "cpu_ms_per_request": (round(best["cpu_seconds"] * 1000 / best["requests"], 1)
                               if best["requests"] else 0.0),
    }


def result(*, scale: int, workers: int, users: int, stats: list[dict], steps: list[dict]) -> dict:
    return {
        "scale": scale,
        "workers": workers,
        "users": {"count": users, "endpoints": endpoints(stats)},
        "capacity": capacity(steps),
    }


def table(outcome: dict, steps: list[dict]) -> list[str]:
    users = outcome["users"]
    lines = [f"Users phase: {users['count']} users, think time 2–8 s "
             f"(scale {outcome['scale']}, {outcome['workers']} gunicorn workers)"]
    head = f"{'endpoint':<32} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    lines += [head, "-" * len(head)]
    for name, r in users["endpoints"].items():
        lines.append(f"{name:<32} {r['requests']:>8} {r['failures']:>8} {r['p50_ms']:>7} "
                     f"{r['p95_ms']:>7} {r['p99_ms']:>7}")
    lines.append("Capacity phase (no think time):")
    head = f"{'users':>6} {'kind':<10} {'req/s':>8} {'failures':>8} {'CPU ms/req':>10}"
    lines += [head, "-" * len(head)]
    for s in steps:
        per = s["cpu_seconds"] * 1000 / s["requests"] if s["requests"] else 0.0
        lines.append(f"{s['users']:>6} {s['kind']:<10} {step_rate(s):>8.1f} {s['failures']:>8} "
                     f"{per:>10.1f}")
    c = outcome["capacity"]
    ratio = c["rps"] / c["reference_rps"] if c["reference_rps"] else 0.0
    lines.append(f"capacity {c['rps']} req/s, reference (login page) {c['reference_rps']} req/s, "
                 f"ratio {ratio:.3f}, {c['cpu_ms_per_request']} ms CPU per mixed request")
    return lines
