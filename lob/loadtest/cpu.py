"""CPU time of the processes that serve the app: gunicorn's master and workers, and the
PostgreSQL backends connected to the load test's database (matched on their process title,
"postgres: … <user> <database> <client> …", so that other databases' work is not counted)."""

import psutil


def served_by(gunicorn_pid: int, database: str) -> list[psutil.Process]:
    master = psutil.Process(gunicorn_pid)
    processes = [master, *master.children(recursive=True)]
    for process in psutil.process_iter(["cmdline"]):
        title = " ".join(process.info["cmdline"] or [])
        if title.startswith("postgres:") and f" {database} " in f"{title} ":
            processes.append(process)
    return processes


def cpu_seconds(processes: list[psutil.Process]) -> dict[int, float]:
    """pid → user + system seconds so far (a process that ended is left out)."""
    result = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        result[process.pid] = times.user + times.system
    return result


def used_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings by the processes alive at the second (one that
    started in between counts from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
