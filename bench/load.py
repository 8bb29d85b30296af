#!/usr/bin/env python
"""Load benchmark (issue 17): signed-in staff over day, week, clients, search, an
appointment and the up-next poll, against gunicorn as ./scripts/run starts it (demo
data, Redis, an RQ worker), beside a hello-world Flask app under the same gunicorn
settings in the same run (the floor).

    .venv/bin/python bench/load.py [--backend sqlite|postgresql|both] [--seconds 30]
        [--users 50] [--open-users 200] [--think 5] [--workers 2] [--worker-class sync]
        [--threads 1] [--rq-workers 1] [--clients 2]

Two loads per backend: a closed loop (`--users` without think time: throughput) and
an open loop (`--open-users`, each asking at exponential intervals of mean `--think`
seconds whether or not the server kept up; latency is counted from when the request
was due, so a server that falls behind shows it). It prints requests/s, p50/p95/p99
per page, errors, the server's CPU per request and the load average. The load comes
from `--clients` processes on the same machine, which take CPU from the server; the
floor pays the same. A report, not a test: it exits 0 even when a target is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder would come first on sys.path and bench/calendar.py would
# shadow the standard library's calendar (http.cookiejar imports it).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent

import argparse  # noqa: E402
import contextlib  # noqa: E402
import http.client  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from urllib.parse import quote, urlencode  # noqa: E402

TARGET_RATIO = 0.25  # throughput at least a quarter of the floor's
TARGET_OPEN_P95_MS = 150.0
WARMUP_SECONDS = 3.0
SEARCHES = ("a", "ay", "el", "me", "ka", "ze", "yıl", "özt")
APPOINTMENT = re.compile(r"/appointments/([0-9a-f-]{36})")
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def progress(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


def lib_sh(command: str) -> str:
    script = f'source "{ROOT}/scripts/lib.sh"; {command}'
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"scripts/lib.sh {command.split()[0]} failed")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the servers ---------------------------------------------------------------------


@contextlib.contextmanager
def stack(backend: str, workdir: Path, args: argparse.Namespace) -> Iterator[dict[str, str]]:
    """Redis, the database, demo data, the RQ worker(s); yields the app's environment."""
    redis_dir = workdir / "redis"
    redis_dir.mkdir()
    lib_sh(f"start_redis {redis_dir}")
    procs: list[subprocess.Popen] = []
    cluster = workdir / "pg"
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEANS_")}
        env.update(
            SEANS_INSTANCE_PATH=str(workdir / "instance"),
            SEANS_REDIS_URL=f"unix://{redis_dir}/redis.sock",
            SEANS_SESSION_COOKIE_SECURE="false",
        )
        if backend == "postgresql":
            cluster.mkdir()
            os.chmod(workdir, 0o711)
            progress("starting a throwaway PostgreSQL cluster (scripts/lib.sh start_postgres)")
            url = lib_sh(f"start_postgres {cluster}").strip().splitlines()[-1]
            env["SEANS_SQLALCHEMY_DATABASE_URI"] = url
        for command in (["seans", "init"], ["db", "upgrade"], ["demo", "load"]):
            flask(env, *command)
        for n in range(args.rq_workers):
            worker = ["rq", "worker", "--with-scheduler"] if n == 0 else ["rq", "worker"]
            log = open(workdir / f"worker{n}.log", "w")  # noqa: SIM115 - closed with the process
            procs.append(
                subprocess.Popen(
                    [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *worker],
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        yield env
    finally:
        stop(procs)
        if cluster.exists():
            lib_sh(f"stop_postgres {cluster}")
        lib_sh(f"stop_redis {redis_dir}")


def flask(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"flask {' '.join(command)} failed")
    return done.stdout


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def gunicorn(
    target: str, env: dict[str, str], args: argparse.Namespace, log: Path
) -> Iterator[tuple[int, subprocess.Popen]]:
    """gunicorn with ./scripts/run's settings (and the worker class/count asked for)."""
    port = free_port()
    env = {**env, "SEANS_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--no-control-socket",
        "--access-logfile",
        "-",
        target,
    ]
    with open(log, "w") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn {target} did not start (log: {log})")
                time.sleep(0.2)
            yield port, proc
        finally:
            stop([proc])


def server_cpu_seconds(master: subprocess.Popen) -> float:
    """CPU time of gunicorn's master and live workers (their children in /proc)."""
    pids = [master.pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
        pids += [int(pid) for pid in children.split()]
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


# --- one simulated person ------------------------------------------------------------


class Person:
    """A browser's worth of state: its cookies and the ids it has seen."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.appointments: list[str] = []
        self.csrf = ""

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, htmx: bool = False
    ) -> tuple[int, str]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):  # a kept-alive connection the server closed: open anew
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, text

    def sign_in(self, email: str, password: str) -> str:
        _, page = self.request("GET", "/login")
        token = CSRF.search(page)
        if token is None:
            raise SystemExit("no CSRF token on /login")
        status, _ = self.request(
            "POST", "/login", {"email": email, "password": password, "csrf_token": token[1]}
        )
        if status != 302:
            raise SystemExit(f"sign-in of {email} answered {status}")
        _, week = self.request("GET", "/week")
        self.appointments = sorted(set(APPOINTMENT.findall(week)))
        role = "therapist" if "/up-next" in week else "staff"
        return role


def staff_pages(person: Person, role: str) -> list[tuple[str, str, bool]]:
    """(page, path, htmx) choices for one request of this person's mix."""
    pages = [
        ("day", "/day", False),
        ("week", "/week", False),
        ("clients", "/clients/", False),
        ("search", f"/clients/search?q={quote(random.choice(SEARCHES))}", True),
    ]
    if person.appointments:
        pages.append(("appointment", f"/appointments/{random.choice(person.appointments)}", True))
    if role == "therapist":
        pages.append(("up-next", "/up-next", True))
    return pages


@dataclass
class Sample:
    page: str
    ms: float
    status: int
    done_at: float


def _person_loop(
    port: int,
    account: tuple[str, str] | None,
    mode: str,
    think: float,
    start: float,
    stop_at: float,
    samples: list[Sample],
    lock: threading.Lock,
) -> None:
    person = Person(port)
    role = person.sign_in(*account) if account else "floor"
    rng = random.Random()
    due = start + (rng.expovariate(1 / think) if mode == "open" else 0.0)
    while time.time() < start:
        time.sleep(0.01)
    mine: list[Sample] = []
    try:
        _requests(person, account, role, mode, think, due, stop_at, rng, mine)
    finally:
        with lock:
            samples.extend(mine)


def _requests(
    person: Person,
    account: tuple[str, str] | None,
    role: str,
    mode: str,
    think: float,
    due: float,
    stop_at: float,
    rng: random.Random,
    mine: list[Sample],
) -> None:
    while True:
        if mode == "open":
            wait = due - time.time()
            if wait > 0:
                time.sleep(wait)
        began = due if mode == "open" else time.time()
        if began >= stop_at:
            break
        if account is None:
            page, path, htmx = "floor", "/", False
        else:
            page, path, htmx = rng.choice(staff_pages(person, role))
        try:
            status, _ = person.request("GET", path, htmx=htmx)
        except (OSError, http.client.HTTPException):
            status = 599
        finished = time.time()
        mine.append(Sample(page, (finished - began) * 1000, status, finished))
        if mode == "open":
            due += rng.expovariate(1 / think)


def _client_process(
    port: int,
    accounts: list[tuple[str, str] | None],
    mode: str,
    think: float,
    start: float,
    stop_at: float,
    out: multiprocessing.Queue,
) -> None:
    samples: list[Sample] = []
    lock = threading.Lock()
    threads = [
        threading.Thread(
            target=_person_loop,
            args=(port, account, mode, think, start, stop_at, samples, lock),
            daemon=True,
        )
        for account in accounts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put([(s.page, s.ms, s.status, s.done_at) for s in samples])


@dataclass
class Result:
    label: str
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    cpu_seconds: float = 0.0
    load: float = 0.0

    @property
    def measured(self) -> list[Sample]:
        return [s for s in self.samples if s.status < 599]

    @property
    def throughput(self) -> float:
        return len(self.samples) / self.seconds

    @property
    def errors(self) -> int:
        return sum(1 for s in self.samples if s.status >= 400)


def drive(
    port: int,
    master: subprocess.Popen,
    accounts: list[tuple[str, str] | None],
    mode: str,
    args: argparse.Namespace,
    label: str,
) -> Result:
    """Sign everyone in, then load the server for `--seconds` after a warm-up."""
    sign_in_time = 2.0 + 0.15 * sum(1 for a in accounts if a)  # argon2 per sign-in
    start = time.time() + sign_in_time
    measure_from = start + WARMUP_SECONDS
    stop_at = measure_from + args.seconds
    out: multiprocessing.Queue = multiprocessing.Queue()
    shares = [accounts[n :: args.clients] for n in range(args.clients)]
    procs = [
        multiprocessing.Process(
            target=_client_process,
            args=(port, share, mode, args.think, start, stop_at, out),
        )
        for share in shares
        if share
    ]
    for proc in procs:
        proc.start()
    while time.time() < measure_from:
        time.sleep(0.05)
    cpu_before = server_cpu_seconds(master)
    loads = []
    while time.time() < stop_at:
        loads.append(os.getloadavg()[0])
        time.sleep(1)
    cpu_after = server_cpu_seconds(master)
    rows = [row for _ in procs for row in out.get(timeout=120 + args.seconds)]
    for proc in procs:
        proc.join()
    result = Result(label, args.seconds)
    result.samples = [
        Sample(page, ms, status, done) for page, ms, status, done in rows if done >= measure_from
    ]
    result.cpu_seconds = cpu_after - cpu_before
    result.load = max(loads) if loads else 0.0
    return result


# --- report --------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(result: Result) -> None:
    per_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in result.samples:
        per_page[sample.page].append(sample)
    done = len(result.samples)
    cpu_ms = result.cpu_seconds * 1000 / done if done else float("nan")
    print(
        f"  {result.label}: {result.throughput:,.1f} requests/s, {done:,} requests, "
        f"{result.errors} errors, server CPU {cpu_ms:.1f} ms/request, "
        f"load average (1 min, peak) {result.load:.2f}"
    )
    print(f"    {'page':<12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for page in sorted(per_page):
        rows = per_page[page]
        ms = [s.ms for s in rows]
        errors = sum(1 for s in rows if s.status >= 400)
        print(
            f"    {page:<12} {len(rows):>6} {percentile(ms, 0.5):>8.1f} "
            f"{percentile(ms, 0.95):>8.1f} {percentile(ms, 0.99):>8.1f} {errors:>7}"
        )
    everything = [s.ms for s in result.samples]
    print(
        f"    {'all':<12} {done:>6} {percentile(everything, 0.5):>8.1f} "
        f"{percentile(everything, 0.95):>8.1f} {percentile(everything, 0.99):>8.1f} "
        f"{result.errors:>7}"
    )


def demo_accounts(env: dict[str, str]) -> list[tuple[str, str]]:
    """The demo's staff: receptionist and therapists (the admin reads other pages)."""
    accounts = []
    for line in flask(env, "demo", "logins").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in ("therapist", "receptionist"):
            accounts.append((parts[1], parts[2]))
    if not accounts:
        raise SystemExit("flask demo logins listed no staff")
    return accounts


def run_backend(backend: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="seans-load-") as folder:
        workdir = Path(folder)
        progress(f"{backend}: demo data, Redis, {args.rq_workers} RQ worker(s)")
        with stack(backend, workdir, args) as env:
            staff = demo_accounts(env)
            closed = [staff[n % len(staff)] for n in range(args.users)]
            opened = [staff[n % len(staff)] for n in range(args.open_users)]
            progress(f"{backend}: hello-world floor, {args.users} users, no think time")
            with gunicorn("bench.floor:app", env, args, workdir / "floor.log") as (port, master):
                floor = drive(port, master, [None] * args.users, "closed", args, "floor")
            with gunicorn("wsgi:app", env, args, workdir / "seans.log") as (port, master):
                progress(f"{backend}: Seans, {args.users} users, no think time")
                seans = drive(port, master, list(closed), "closed", args, "Seans, closed loop")
                progress(f"{backend}: Seans, {args.open_users} users, {args.think} s think time")
                paced = drive(port, master, list(opened), "open", args, "Seans, open loop")
    ratio = seans.throughput / floor.throughput if floor.throughput else float("nan")
    open_p95 = percentile([s.ms for s in paced.samples], 0.95)
    errors = seans.errors + paced.errors
    print(
        f"\n[{backend}] gunicorn --workers {args.workers} --worker-class {args.worker_class} "
        f"--threads {args.threads}; {args.rq_workers} RQ worker(s); {os.cpu_count()} cores; "
        f"{args.seconds:.0f} s per load after {WARMUP_SECONDS:.0f} s warm-up"
    )
    report(floor)
    report(seans)
    report(paced)
    print(
        f"  throughput / floor: {ratio:.3f} (target >= {TARGET_RATIO}: "
        f"{'PASS' if ratio >= TARGET_RATIO else 'MISS'}); open-loop p95 {open_p95:.1f} ms "
        f"(target < {TARGET_OPEN_P95_MS:.0f}: "
        f"{'PASS' if open_p95 < TARGET_OPEN_P95_MS else 'MISS'}); errors {errors} "
        f"(target 0: {'PASS' if errors == 0 else 'MISS'})",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--open-users", type=int, default=200)
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rq-workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=2, help="load-generating processes")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        run_backend(backend, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
