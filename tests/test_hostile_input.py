"""Hostile input on every page, every filter and every form, as every role: never a 500.

The routes come from the application's url_map and the forms from the pages themselves, so a
new route or a new field is covered without touching this file. Each role's test crawls what
that role can reach on the demo data, then sends hostile values to every query parameter,
every path argument and every group of fields of every form it found. What an earlier role's
crawl reaches is swept value by value in that role's test, and gets one hostile request here.
"""
import os
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import HTTPException
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

from app.accounts.models import User
from app.extensions import db

DEMO_EMAILS = {
    "coordinator": "coordinator@example.org",
    "researcher": "researcher@example.org",
    "facilitator": "facilitator@example.org",
    "group": "group@example.org",
    "business": "business@example.org",
    "stakeholder": "stakeholder@example.org",
}
ROLES = [*DEMO_EMAILS, "plain", "anonymous"]  # the coordinator, who reaches most, sweeps first

LONG = "Å" * 20_000  # longer than any text field allows
LONG_ARG = "Å" * 3_000  # longer than any query parameter allows, short enough for a URL
HUGE = "99999999999999999999"
# What a hostile visitor types, by the kind of field it goes into (the HTML input type).
BY_KIND = {
    "choice": ["x", " ", HUGE],
    "number": ["-1", HUGE, "1e308", "x"],
    "date": ["9999-12-31", "2026-02-30", "x"],
    "text": ["", " ", LONG],
    "checkbox": ["x"],
}
KIND_OF_INPUT = {"select": "choice", "radio": "choice", "number": "number", "hidden": "number", "range": "number",
                 "date": "date", "datetime-local": "date", "month": "date", "time": "date",
                 "checkbox": "checkbox"}
# Tried on every page's query string, every parameter name at once.
HOSTILE = ["x", "-1", HUGE, "9999-12-31", LONG_ARG, "a\x00b"]
# Parameters that some page might read from the address bar even with no form naming them.
GENERIC_PARAMS = ["page", "sort", "order", "start", "end", "year", "month", "q", "kind", "theme", "sector",
                  "state", "category", "municipality", "next", "organisation_id", "status"]
# The issue's own examples, asked for by name so that they are never left out.
EXAMPLES = [
    "/organisations/?kind=x", "/colabs/?theme=x", "/colabs/month?theme=x", "/certification/registry?sector=x",
    "/dashboard/public?end=9999-12-31", "/dashboard/public?start=0001-01-01&end=9999-12-31",
    "/colabs/month?year=99999999999&month=13", "/colabs/month?year=-5&month=0",
]
SKIP_ENDPOINTS = {"accounts.logout"}  # signs the role out half-way through
MAX_URLS_PER_ENDPOINT = 2
MAX_CRAWL = 400
# Input is checked the same way whoever sends it, so each page and each form is swept value by value
# by one role only: the first in ROLES whose crawl reaches it. Later roles send it one hostile request.
# The earlier roles' crawls are repeated (once per process) where a role's test runs without them, so
# that the split is the same whatever the order and whichever pytest-xdist worker runs which role.
CRAWLS = {}  # role -> (endpoints of the pages it reached, sweep keys of the forms it found)


class NotingArgs(ImmutableMultiDict):
    """A request's query string (and form) that notes whether the view read it; see Probe.reads_query."""

    noting = False  # on while the view runs: the request guards read every request's query string
    read = False


def _noted(name):
    method = getattr(ImmutableMultiDict, name)

    def noted(self, *args, **kwargs):
        if NotingArgs.noting:
            NotingArgs.read = True
        return method(self, *args, **kwargs)
    return noted


for _name in ("__getitem__", "get", "getlist", "__contains__", "__iter__", "__len__", "keys", "values", "items",
              "lists", "listvalues", "to_dict", "copy", "__copy__", "__eq__"):
    setattr(NotingArgs, _name, _noted(_name))


@pytest.fixture
def noting_app(app, monkeypatch):
    """The app, noting for each request whether its view read the query string."""
    dispatch = app.dispatch_request

    def noting_dispatch(*args, **kwargs):
        NotingArgs.noting = True
        try:
            return dispatch(*args, **kwargs)
        finally:
            NotingArgs.noting = False

    monkeypatch.setattr(app.request_class, "parameter_storage_class", NotingArgs)
    monkeypatch.setattr(app, "dispatch_request", noting_dispatch)
    return app


class PageParser(HTMLParser):
    """Collect links and forms (with their fields and default values) from a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").upper(),
                          "fields": {}, "defaults": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            self._form["fields"].setdefault(a["name"], kind)
            if kind not in {"checkbox", "radio", "submit", "file"} or "checked" in a:
                self._form["defaults"].append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], "select")
        elif tag == "option" and self._select and "selected" in a:
            self._form["defaults"].append((self._select, a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].setdefault(a["name"], "textarea")
            self._textarea = a["name"]
            self._form["defaults"].append((a["name"], ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Probe:
    """Send requests as one role and remember every answer of 500 or above."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.adapter = app.url_map.bind("localhost")
        self.failures = {}  # (method, endpoint, what went wrong) -> the first request that showed it
        self.sent = 0
        self.seconds = defaultdict(float)
        self.reads_query = defaultdict(bool)  # endpoint -> whether its view looked at the query string
        self.phase = "crawl"
        self.by_phase = defaultdict(int)

    def endpoint(self, path, method="GET"):
        try:
            endpoint, _ = self.adapter.match(path, method=method)
        except HTTPException:
            return None
        except Exception:  # a redirect from the router
            return None
        return endpoint

    def send(self, method, path, query=None, data=None):
        self.sent += 1
        self.by_phase[self.phase] += 1
        started = time.perf_counter()
        NotingArgs.read = False
        try:  # the test app propagates exceptions; each one is a 500 a visitor would see
            if method == "GET":
                response = self.client.get(path, query_string=query)
            else:
                response = self.client.post(path, query_string=query, data=MultiDict(data or []))
        except Exception as error:
            self._fail(method, path, query or data, f"{type(error).__name__}: {str(error)[:160]}")
            return None
        response.get_data()
        response.close()  # files are sent from open handles
        self.seconds[(method, self.endpoint(path, method))] += time.perf_counter() - started
        if method == "GET":
            self.reads_query[self.endpoint(path)] |= NotingArgs.read
        if response.status_code >= 500:
            self._fail(method, path, query or data, str(response.status_code))
        return response

    def submit(self, method, path, data):
        """Send a form's values: in the query string of a GET form, in the body of a POST form."""
        if method == "GET":
            return self.send("GET", path, query=data)
        return self.send("POST", path, data=data)

    def _fail(self, method, path, values, what):
        endpoint = self.endpoint(path, method)
        shown = [(k, (v[:20] + "…") if len(v) > 20 else v) for k, v in (values or [])][:6]
        self.failures.setdefault((method, endpoint, what.split(":")[0]), f"{method} {path} {shown} -> {what}")


def _local_path(href, base="/"):
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.netloc not in {"", "localhost"}:
        return None
    path = parts.path or base
    if not path.startswith("/"):
        return None
    return path, parse_qsl(parts.query, keep_blank_values=True)


def crawl(probe):
    """Visit what the role can reach: every argument-free route, then the links found on pages."""
    urls = defaultdict(list)      # endpoint -> [(path, query)]
    forms = {}                    # (endpoint, method, fields) -> (path, defaults, fields)
    queue = []
    for rule in probe.app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint not in SKIP_ENDPOINTS:
            queue.append((rule.rule, []))
    seen = set()
    while queue and len(seen) < MAX_CRAWL:
        path, query = queue.pop(0)
        endpoint = probe.endpoint(path)
        key = (path, tuple(query))
        if endpoint is None or endpoint.endswith("static") or key in seen or endpoint in SKIP_ENDPOINTS:
            continue
        if len(urls[endpoint]) >= MAX_URLS_PER_ENDPOINT and (path, query) not in urls[endpoint]:
            continue
        seen.add(key)
        if (path, query) not in urls[endpoint]:
            urls[endpoint].append((path, query))
        response = probe.send("GET", path, query)
        if response is None or "text/html" not in response.content_type:
            continue
        parser = PageParser()
        parser.feed(response.get_data(as_text=True))
        for href in parser.links:
            found = _local_path(href, path)
            if found:
                queue.append(found)
        for form in parser.forms:
            target = _local_path(form["action"], path) or (path, [])
            form_endpoint = probe.endpoint(target[0], form["method"])
            if form_endpoint is None or form_endpoint in SKIP_ENDPOINTS:
                continue
            fields = tuple(sorted(name for name, kind in form["fields"].items()
                                  if kind not in {"submit"} and name != "csrf_token"))
            forms.setdefault((form_endpoint, form["method"], fields), (target[0], form["defaults"], form["fields"]))
    return urls, forms


def field_groups(fields, kinds):
    """Group a form's fields by the code that checks them, so that each group is swept once.

    Fields whose names differ only in numbers (answer_1, answer_2) are one group, as are three or more
    choices with one prefix (the notification settings' kind_* matrix, a questionnaire's q-*), and all
    checkboxes: the checkboxes are swept with every box hostile at once, the other groups through one member.
    """
    kind_of = {name: KIND_OF_INPUT.get(kinds[name], "text") for name in fields}
    prefixes = defaultdict(list)
    for name in fields:
        if kind_of[name] == "choice":
            prefixes[re.split(r"[-_]", name, maxsplit=1)[0]].append(name)
    groups = defaultdict(list)
    for name in fields:
        kind = kind_of[name]
        if kind == "checkbox":
            pattern = "*"
        elif kind == "choice" and len(prefixes[re.split(r"[-_]", name, maxsplit=1)[0]]) >= 3:
            pattern = re.split(r"[-_]", name, maxsplit=1)[0] + "*"
        else:
            pattern = re.sub(r"\d+", "#", name)
        groups[(kind, pattern)].append(name)
    return groups


def sweep_key(endpoint, method, fields, kinds):
    return endpoint, method, tuple(sorted(field_groups(fields, kinds)))


def _with(defaults, name, values):
    """Return the form's default values with `name` set to `values` (one or several)."""
    kept = [(k, v) for k, v in defaults if k != name]
    return kept + [(name, v) for v in values]


def _hostile_paths(probe, path):
    """Yield the path with each of its arguments replaced by hostile values."""
    try:
        rule, arguments = probe.adapter.match(path, return_rule=True)
    except Exception:
        return
    for name, value in arguments.items():
        converter = rule._converters.get(name)
        replacements = (["2147483648", "99999999999999999999", "0"] if isinstance(converter, IntegerConverter)
                        else ["x", "%00", "a" * 5000, "..%2F..%2Fetc"])
        for replacement in replacements:
            yield re.sub(rf"(?<=/){re.escape(str(value))}(?=/|$|\.)", replacement, path, count=1)


def _fill_rule(rule):
    """Make a path for a rule the crawl did not reach, with plausible arguments."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = 1 if isinstance(converter, IntegerConverter) else "x"
    try:
        return rule.build(values, append_unknown=False)[1]
    except Exception:
        return None


def exercise(probe, swept_elsewhere, urls, forms):
    """Send hostile input to what the crawl found; what an earlier role sweeps gets one request here."""
    pages_elsewhere, forms_elsewhere = swept_elsewhere
    probe.phase = "examples"
    for example in EXAMPLES:
        path, query = _local_path(example)
        probe.send("GET", path, query)
    # Query strings on every page reached: the generic names all at once, each hostile value in turn
    # (unless the page never read its query string, with every name given), then hostile path arguments.
    probe.phase = "pages"
    for endpoint, found in urls.items():
        path = found[0][0]
        probe.send("GET", path, [(name, v) for name in GENERIC_PARAMS for v in ("1", "x")])
        if endpoint in pages_elsewhere:
            continue
        for value in HOSTILE if probe.reads_query[endpoint] else ():
            probe.send("GET", path, [(name, value) for name in GENERIC_PARAMS])
        for hostile_path in _hostile_paths(probe, path):
            probe.send("GET", hostile_path)
    # Every rule, reached or not (its own arguments filled in), with nothing and with hostile input.
    probe.phase = "rules"
    for rule in probe.app.url_map.iter_rules():
        if rule.endpoint.endswith("static") or rule.endpoint in SKIP_ENDPOINTS:
            continue
        path = _fill_rule(rule)
        if path is None:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            if method == "POST" and any(key[0] == rule.endpoint and key[1] == "POST" for key in forms):
                continue  # its real form is exercised field by field below
            probe.send(method, path, [("page", "-1")] if method == "GET" else None)
            if method == "POST" and NotingArgs.read:  # not where the role was turned away before any input
                probe.send("POST", path, data=[(name, "x") for name in GENERIC_PARAMS])
    # Every group of fields of every form found, one group hostile at a time, the others at their defaults;
    # GET forms (filters) first, POST forms last because they change what later pages show.
    probe.phase = "forms"
    for (endpoint, method, fields), (path, defaults, kinds) in sorted(forms.items(), key=lambda item: item[0][1]):
        probe.submit(method, path, [(name, "x") for name in fields])
        if sweep_key(endpoint, method, fields, kinds) in forms_elsewhere:
            continue
        # Every field given twice, its default first: code that reads all the values of a field sees "x".
        probe.submit(method, path, defaults + [(name, "x") for name in fields])
        for (kind, _pattern), names in field_groups(fields, kinds).items():
            if kind == "checkbox":
                probe.submit(method, path, [(k, v) for k, v in defaults if k not in names] + [(n, "x") for n in names])
                continue
            for value in BY_KIND[kind]:
                probe.submit(method, path, _with(defaults, names[0], [value]))


def crawled_by(role, client_for):
    """Return what the role's crawl reaches: the endpoints of its pages and the sweep keys of its forms."""
    if role not in CRAWLS:
        probe = Probe(client_for(role).application, client_for(role))
        urls, forms = crawl(probe)
        CRAWLS[role] = (set(urls), {sweep_key(*key, found[2]) for key, found in forms.items()})
    return CRAWLS[role]


@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_input_gives_a_server_error(noting_app, demo, make_user, login, role):
    app = noting_app
    clients = {}

    def client_for(name):
        if name not in clients:
            if name == "anonymous":
                clients[name] = app.test_client()
            elif name == "plain":
                clients[name] = login(make_user(name="Plain Person"))
            else:
                with app.app_context():
                    user = db.session.scalar(sa.select(User).where(User.email == DEMO_EMAILS[name]))
                    db.session.expunge(user)
                clients[name] = login(user)
        return clients[name]

    pages_elsewhere, forms_elsewhere = set(), set()
    for earlier in ROLES[:ROLES.index(role)]:
        pages, forms = crawled_by(earlier, client_for)
        pages_elsewhere |= pages
        forms_elsewhere |= forms
    probe = Probe(app, client_for(role))
    urls, forms = crawl(probe)
    CRAWLS.setdefault(role, (set(urls), {sweep_key(*key, found[2]) for key, found in forms.items()}))
    exercise(probe, (pages_elsewhere, forms_elsewhere), urls, forms)
    if os.environ.get("HOSTILE_VERBOSE"):
        print(f"\n{role}: {len(urls)} endpoints, {len(forms)} forms, {probe.sent} requests {dict(probe.by_phase)}")
        for (method, endpoint), seconds in sorted(probe.seconds.items(), key=lambda i: -i[1])[:8]:
            print(f"  {seconds:6.1f} s  {method} {endpoint}")
    assert len(urls) >= 10 and probe.sent > 100, "the crawl reached too little to mean anything"
    assert not probe.failures, f"{len(probe.failures)} answers of 500 or above:\n" + "\n".join(probe.failures.values())


@pytest.mark.parametrize("path, role, message", [
    ("/organisations/?kind=x", "coordinator", "Not a valid choice"),
    ("/colabs/?theme=x", "anonymous", "Not a valid choice"),
    ("/colabs/month?theme=x", "anonymous", "Not a valid choice"),
    ("/certification/registry?sector=x", "anonymous", "Not a valid choice"),
    ("/dashboard/public?end=9999-12-31", "anonymous", "Give a date between the years 1900 and 2100"),
    ("/dashboard/?start=2026-02-30", "coordinator", "Not a valid date value"),
    ("/requests/library?page=-1", "anonymous", "must be a whole number from 1 to 100000"),
    ("/colabs/month?year=99999999999999999999", "anonymous", "must be a whole number from 2000 to 2100"),
])
def test_the_issue_examples_answer_400_with_a_message(as_role, path, role, message):
    client = as_role(role)
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_huge_id_in_the_address_is_not_found(client):
    assert client.get("/colabs/99999999999999999999").status_code == 404
    assert client.get("/requests/library/2147483648").status_code == 404
