"""Response headers, the htmx configuration and markup that a strict CSP can live with."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fillers import ROWS
from flask import url_for

from app import create_app
from app.config import Defaults
from app.policy import POLICY, P

HTMX_SRC = "/static/vendor/htmx.min.js"
ONE_YEAR = 365 * 24 * 3600
COOKIE = "seans_session"

# (who, path): the login page and an authenticated page per role.
PAGES = [
    (None, "/login"),
    ("receptionist", "/day"),
    ("therapist", "/week"),
    ("admin", "/admin/"),
    ("receptionist", "/clients/{client_id}"),
    ("receptionist", "/account"),
]
URL_VALUES = {
    "client_id": lambda world: world.client_id,
    "appointment_id": lambda world: world.appointment_id,
    "therapist_id": lambda world: world.user_ids["therapist"],
    **ROWS,  # rows made on demand, inside an app context
}
ROLE_PRINCIPAL = {
    None: P.ANONYMOUS,
    "receptionist": P.RECEPTIONIST,
    "therapist": P.TREATING_THERAPIST,
    "admin": P.ADMIN,
}


class PageScan(HTMLParser):
    """What a CSP without 'unsafe-inline' would block, and the htmx settings."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.meta: dict[str, str] = {}
        self.body: dict[str, str] | None = None
        self.script_srcs: list[str] = []
        self.inline_scripts: list[str] = []
        self.style_elements = 0
        self.problems: list[str] = []
        self._script: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and "name" in values:
            self.meta[values["name"]] = values.get("content", "")
        if tag == "body":
            self.body = values
        if tag == "style":
            self.style_elements += 1
        if tag == "script":
            if values.get("src"):
                self.script_srcs.append(values["src"])
            self._script = []
        for name, value in values.items():
            if name == "style":
                self.problems.append(f"<{tag} style=...>")
            if name.startswith(("on", "hx-on")) or name in ("hx-vars", "hx-script"):
                self.problems.append(f"<{tag} {name}=...>")
            if value.strip().lower().startswith(("javascript:", "js:")):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if "".join(self._script).strip():
                self.inline_scripts.append("".join(self._script))
            self._script = None


def csp(response) -> dict[str, list[str]]:
    value = response.headers.get("Content-Security-Policy")
    assert value, "no Content-Security-Policy"
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}


def assert_security_headers(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    for keyword in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"):
        assert keyword not in policy
    directives = csp(response)
    assert directives["frame-ancestors"] == ["'none'"]
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives["default-src"])
        assert not {"*", "data:", "http:", "https:", "blob:"} & set(sources), name
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    hsts = response.headers["Strict-Transport-Security"]
    max_age = re.search(r"max-age=(\d+)", hsts)
    assert max_age and int(max_age.group(1)) >= ONE_YEAR


def assert_page_headers(response) -> None:
    assert_security_headers(response)
    assert "no-store" in response.headers.get("Cache-Control", "")
    assert "hx-request" in vary(response)


def assert_clean_markup(label: str, response) -> PageScan:
    scan = PageScan(response.get_data(as_text=True))
    assert scan.inline_scripts == [], f"{label}: inline <script>"
    assert scan.style_elements == 0, f"{label}: <style> element"
    assert scan.problems == [], f"{label}: {scan.problems}"
    assert all(src.startswith("/static/") for src in scan.script_srcs), scan.script_srcs
    return scan


def signed_in(make_browser, world, who):
    browser = make_browser()
    if who is not None:
        assert browser.login(world.emails[who]).status_code == 302
    return browser


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_page_headers_and_htmx_config(make_browser, world, who, path):
    browser = signed_in(make_browser, world, who)
    response = browser.get(path.format(client_id=world.client_id))
    assert response.status_code == 200
    assert_page_headers(response)

    scan = assert_clean_markup(path, response)
    assert HTMX_SRC in scan.script_srcs
    config = json.loads(scan.meta["htmx-config"])
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True
    assert config["historyCacheSize"] == 0
    assert config["includeIndicatorStyles"] is False
    assert scan.body is not None
    assert json.loads(scan.body["hx-headers"])["X-CSRFToken"]


# Routes whose credential is a signature, not a session: unsigned, they answer 403.
SIGNED = {"webhooks.status", "webhooks.inbound"}


def test_no_inline_script_or_style_on_any_page(app, make_browser, world):
    """Every GET route as each role, as a page and as a fragment, plus error and form pages."""
    rendered = 0
    for who, principal in ROLE_PRINCIPAL.items():
        browser = signed_in(make_browser, world, who)
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            url = _url(app, rule, world)
            for headers in ({}, {"HX-Request": "true"}):
                response = browser.get(url, headers=headers)
                label = f"{url} as {who or 'anonymous'} {headers}"
                if principal in POLICY[rule.endpoint] and not headers:
                    expected = (403,) if rule.endpoint in SIGNED else (200, 302)
                    assert response.status_code in expected, label
                assert_security_headers(response)
                if response.mimetype == "text/html":
                    assert_clean_markup(label, response)
                    rendered += 1
    extra = [
        signed_in(make_browser, world, None).login(world.emails["receptionist"], "wrong!"),
        signed_in(make_browser, world, "receptionist").get("/no-such-page"),
        signed_in(make_browser, world, "receptionist").post(
            "/account/password", {"current": "x", "new": "y"}
        ),
    ]
    locker = signed_in(make_browser, world, "receptionist")
    locker.post("/lock")
    extra.append(locker.get("/locked"))
    for response in extra:
        assert response.status_code in (200, 404, 422), response.status_code
        assert_page_headers(response)
        assert_clean_markup(response.request.path, response)
    assert rendered > 0


def _url(app, rule, world) -> str:
    values = {}
    for name in rule.arguments:
        if name not in URL_VALUES:
            raise AssertionError(f"{rule.rule}: no test value for <{name}>; add it to URL_VALUES")
        with app.app_context():
            values[name] = URL_VALUES[name](world)
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def test_htmx_is_vendored_2_0(app, browser):
    vendor = Path(app.static_folder) / "vendor"
    versions = (vendor / "VERSIONS.txt").read_text()
    match = re.search(r"^htmx\.org (2\.0\.\d+) sha256 ([0-9a-f]{64})$", versions, re.MULTILINE)
    assert match, versions
    version, digest = match.groups()

    served = browser.get(HTMX_SRC)
    body = served.get_data()
    served.close()  # a static file is streamed from an open file
    assert served.status_code == 200
    assert served.mimetype in ("text/javascript", "application/javascript")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(body).hexdigest() == digest
    assert f'version:"{version}"'.encode() in body


def test_session_cookie_flags(app, browser, world):
    app.config["SESSION_COOKIE_SECURE"] = True  # the default; conftest turns it off for http
    response = browser.login(world.emails["receptionist"])
    assert response.status_code == 302
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{COOKIE}=")]
    assert len(cookies) == 1
    flags = {part.strip().lower() for part in cookies[0].split(";")[1:]}
    assert {"httponly", "samesite=lax", "secure"} <= flags


def test_secure_cookie_is_the_default(tmp_path, monkeypatch):
    assert Defaults.SESSION_COOKIE_SECURE is True
    monkeypatch.delenv("SEANS_SESSION_COOKIE_SECURE", raising=False)
    app = create_app(
        {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"},
        instance_path=str(tmp_path),
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_fragment_request_gets_no_page(browser, world):
    browser.login(world.emails["receptionist"])
    page = browser.get("/day")
    fragment = browser.get("/day", headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert "<html" in page.get_data(as_text=True)
    text = fragment.get_data(as_text=True)
    assert "<html" not in text
    assert 'id="day"' in text
    assert "Elif Kaya" in text
    assert_page_headers(fragment)


@pytest.mark.parametrize(("who", "path"), [(None, "/login"), ("receptionist", "/clients/")])
def test_oversized_post_is_refused(app, make_browser, world, who, path):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit and limit <= 16 * 1024 * 1024
    browser = signed_in(make_browser, world, who)
    response = browser.post(path, {"name": "x" * (limit + 1)})
    assert response.status_code == 413
    assert_page_headers(response)
    small = browser.post(path, {"name": "x" * 1000})
    assert small.status_code != 413
