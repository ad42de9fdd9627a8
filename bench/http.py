"""Requests per second under load: each key page beside a Flask hello-world, in one sitting; writes bench/RESULTS.md.

Run: make bench-http (or .venv/bin/python -m bench.http). Both apps run under gunicorn with the same
settings (2 sync workers); each page is driven by wrk (`wrk -t2 -c10 -d5s --latency`) when it is
installed, else by a Python load generator with the same connections. The data: the site-search
bench's 100 000 requests, 10 000 co-lab sessions and 10 000 offerings, plus one person per role,
certificates, a need with its match list. BENCH_HTTP_REUSE=1 keeps a database seeded before.
"""
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from http.client import HTTPConnection
from pathlib import Path

import sqlalchemy as sa

from bench import write_section
from bench.common import bench_app, load_average, machine_line, postgres_url, postgres_version

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CONNECTIONS, THREADS, SECONDS = 10, 2, int(os.environ.get("BENCH_HTTP_SECONDS", "5"))
SQLITE_FILE = Path(os.environ.get("BENCH_HTTP_SQLITE", Path(tempfile.gettempdir()) / "samverka-bench-http.sqlite3"))
PUBLIC_TARGET, SIGNED_IN_TARGET, P99_LIMIT_MS = 25.0, 8.0, 250.0

# (label, role or None for a visitor, path); {need} is the bench need's id
PAGES = [
    ("Home", None, "/"),
    ("Results library", None, "/requests/library"),
    ("Results library, page 100", None, "/requests/library?page=100"),
    ("Results library, search", None, "/requests/library?q=klimat"),
    ("Co-lab calendar", None, "/colabs/"),
    ("Co-lab month view", None, "/colabs/month"),
    ("Registry", None, "/certification/registry"),
    ("Public dashboard", None, "/dashboard/public"),
    ("Public challenges", None, "/challenges/"),
    ("Impact snapshot", None, "/impact/"),
    ("Coordinators' queue", "coordinator", "/requests/queue"),
    ("Researchers' open list", "researcher", "/requests/open"),
    ("Researchers' open list, search", "researcher", "/requests/open?q=klimat"),
    ("Dashboard", "coordinator", "/dashboard/"),
    ("Match list of a need", "coordinator", "/matches/needs/{need}/matches"),
] + [(f"Home, {role}", role, "/") for role in
     ("coordinator", "researcher", "facilitator", "group", "business", "stakeholder")]


# -- data --------------------------------------------------------------------------------------------
def seed(url):
    """Seed the search bench's data set, then the people, certificates and need the pages need."""
    from bench import search

    app = bench_app(url)
    if os.environ.get("BENCH_HTTP_REUSE") and _seeded(app):
        print("  reusing the seeded database", flush=True)
    else:
        search.seed(app)
    return _extras(app)


def _seeded(app):
    from app.requests.models import Request
    from app.extensions import db

    with app.app_context():
        try:
            return (db.session.scalar(sa.select(sa.func.count()).select_from(Request)) or 0) >= 100_000
        except sa.exc.DatabaseError:
            return False


def _extras(app):
    """One person per role (each organisation role through its organisation), certificates and a need."""
    from app.accounts.constants import MembershipState, OrganisationKind, Role, Sector
    from app.accounts.models import Membership, Organisation, User, UserRole
    from app.extensions import db
    from app.matching import services as matching
    from app.matching.constants import BudgetBand, Category, Timeframe
    from app.matching.models import Need
    from app.accounts.models import ResearcherProfile

    with app.app_context():
        people = {}
        for role in ("coordinator", "researcher", "facilitator", "group", "business", "stakeholder"):
            email = f"http-{role}@example.org"
            user = db.session.scalar(sa.select(User).where(User.email == email))
            if user is None:
                user = User(name=f"Bench {role}", email=email, password_hash="x", locale="en")
                if role in ("coordinator", "researcher", "facilitator"):
                    user.roles = [UserRole(role=Role(role))]
                db.session.add(user)
                db.session.flush()
                kind = {"group": OrganisationKind.community_group, "business": OrganisationKind.social_business,
                        "stakeholder": OrganisationKind.established}.get(role)
                if kind is not None:
                    org = Organisation(name=f"Bench {role} organisation", kind=kind, municipality="1280",
                                       sector={"group": Sector.civil_society, "business": Sector.social_economy,
                                               "stakeholder": Sector.public}[role], member_since=date.today())
                    db.session.add(org)
                    db.session.flush()
                    db.session.add(Membership(user_id=user.id, organisation_id=org.id,
                                              state=MembershipState.approved, is_admin=True))
                if role == "researcher":
                    db.session.add(ResearcherProfile(user_id=user.id, capacity=3, expertise="klimat, ungdomar"))
            people[role] = user
        need = db.session.scalar(sa.select(Need).where(Need.title == "Städning av trapphus (bench)"))
        if need is None:
            stakeholder = people["stakeholder"]
            org = stakeholder.approved_memberships[0].organisation
            need = matching.create_need(
                org, stakeholder, title="Städning av trapphus (bench)",
                description="Vi behöver städning av trapphus och kontor varje vecka, gärna med arbetsträning.",
                category=Category.cleaning, themes=["local_community"], municipality="1280", language="sv",
                budget_band=BudgetBand.up_to_250k, timeframe=Timeframe.ongoing, is_procurement=False,
                deadline=date.today() + timedelta(days=60))
        db.session.commit()
        return {role: user.get_id() for role, user in people.items()}, need.id


def session_cookies(url, people):
    """Return {role: Cookie header} signed with the bench app's key, as Flask-Login writes them."""
    app = bench_app(url, SECRET_KEY="bench-http")
    serializer = app.session_interface.get_signing_serializer(app)
    return {role: f"session={serializer.dumps({'_user_id': user_id, '_fresh': True})}"
            for role, user_id in people.items()}


# -- servers and load --------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(module, env=None):
    """Start gunicorn (2 sync workers) on a free port; return (process, base URL) once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(WORKERS), "-k", "sync", "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", module],
        cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/__nothing__", timeout=2)
        except urllib.error.HTTPError:
            return process, base
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"gunicorn {module} did not start")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def drive(url, cookie=None):
    """Return (requests per second, p50 ms, p99 ms, non-2xx/3xx answers) for one address under load."""
    if shutil.which("wrk"):
        return _wrk(url, cookie)
    return _python_load(url, cookie)


def _wrk(url, cookie):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50, p99 = (_ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in (50, 99))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, p50, p99, int(bad.group(1)) if bad else 0


def _ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def _python_load(url, cookie):
    """A load generator of CONNECTIONS keep-alive connections, one thread each, for SECONDS."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, bad = [], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        connection = HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status >= 400:
                with lock:
                    bad[0] += 1
        with lock:
            latencies.extend(mine)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    return len(latencies) / elapsed, statistics.median(latencies) if latencies else float("nan"), p99, bad[0]


# -- one sitting ---------------------------------------------------------------------------------------
def sitting(name, url):
    print(f"{name}: seeding ...", flush=True)
    people, need_id = seed(url)
    cookies = session_cookies(url, people)
    hello, hello_base = start("bench.hello:app")
    samverka, base = start("bench.http_app:app", {"BENCH_HTTP_DATABASE_URL": url})
    rows = []
    try:
        hello_before = drive(hello_base + "/")
        load_before = load_average()
        print(f"  hello-world {hello_before[0]:.0f}/s (load {load_before:.1f})", flush=True)
        for label, role, path in PAGES:
            address = base + path.format(need=need_id)
            status = _status(address, cookies.get(role))
            if status == 404:
                rows.append((label, role, path, None))
                continue
            if status != 200:  # a signed-in page must not be measured as its redirect to the sign-in page
                raise RuntimeError(f"{label}: {address} answered {status}")
            urllib.request.urlopen(urllib.request.Request(address, headers=_headers(cookies.get(role))))  # warm
            figures = drive(address, cookies.get(role))
            rows.append((label, role, path, figures + (load_average(),)))
            print(f"  {label}: {figures[0]:.0f}/s p50 {figures[1]:.1f} ms p99 {figures[2]:.1f} ms", flush=True)
        hello_after = drive(hello_base + "/")
    finally:
        stop(samverka)
        stop(hello)
    return {"hello": (hello_before, hello_after), "rows": rows, "load": (load_before, load_average())}


def _headers(cookie):
    return {"Cookie": cookie} if cookie else {}


def _status(address, cookie):
    """Return the status of one GET, redirects not followed."""
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=_headers(cookie))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def main():
    results = [("SQLite", sitting("SQLite", f"sqlite:///{SQLITE_FILE}"))]
    pg = postgres_url("samverka_http_bench")
    pg_version = "not run"
    if pg:
        pg_version = postgres_version(pg)
        results.append(("PostgreSQL", sitting("PostgreSQL", pg)))
    write_section("http", report(results, pg_version))


def report(results, pg_version):
    tool = "wrk 4 (`-t2 -c10 -d%ds --latency`)" % SECONDS if shutil.which("wrk") else \
        f"the Python load generator ({CONNECTIONS} keep-alive connections, {SECONDS} s)"
    lines = [
        f"Requests per second under load, each page as a share of a Flask hello-world's served in the same "
        f"sitting: both under gunicorn with {WORKERS} sync workers, driven by {tool} on loopback "
        f"(`make bench-http`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}). Data: the site-search "
        "bench's 100,000 requests, 10,000 co-lab sessions and 10,000 offerings, one person per role and "
        "one need (no certificates: the registry lists none). Public pages for visitors come from the page cache (warm). Targets: "
        f"public pages ≥ {PUBLIC_TARGET:.0f} %, signed-in pages ≥ {SIGNED_IN_TARGET:.0f} % with p99 ≤ "
        f"{P99_LIMIT_MS:.0f} ms. The machine is shared: the load average is given beside each figure.",
        "",
        machine_line(pg_version),
    ]
    for name, r in results:
        (h1, h2) = r["hello"]
        lines += ["", f"### {name}", "",
                  f"Hello-world: {h1[0]:,.0f} requests/s at the start (load {r['load'][0]:.1f}), "
                  f"{h2[0]:,.0f} at the end (load {r['load'][1]:.1f}); shares are of the mean, "
                  f"{(h1[0] + h2[0]) / 2:,.0f}.", "",
                  "| page | who | requests/s | share of hello-world | p50 ms | p99 ms | load | target met |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        hello = (h1[0] + h2[0]) / 2
        for label, role, path, figures in r["rows"]:
            if figures is None:
                lines.append(f"| {label} `{path}` | {role or 'visitor'} | not built yet (404) | | | | | |")
                continue
            rps, p50, p99, bad, load = figures
            share = 100 * rps / hello
            met = share >= (PUBLIC_TARGET if role is None else SIGNED_IN_TARGET) and (role is None or p99 <= P99_LIMIT_MS)
            lines.append(f"| {label} `{path}` | {role or 'visitor'} | {rps:,.0f} | {share:.1f} % | {p50:.1f} | "
                         f"{p99:.1f} | {load:.1f} | {'yes' if met and not bad else 'no'}{f' ({bad} errors)' if bad else ''} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
