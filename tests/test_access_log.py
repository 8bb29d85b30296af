"""gunicorn's access log: no token, query string, phone number or message text in a line.

Each request goes through the app (which leaves the path to log in the WSGI environ)
and then through the logger class and format that gunicorn.conf.py configures, as
gunicorn would write it."""

from __future__ import annotations

import re
import runpy
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from werkzeug.routing import IntegerConverter, UUIDConverter

from app.access_log import ENVIRON_KEY, AccessLogger, coarse, redact, token_rules

ROOT = Path(__file__).resolve().parent.parent
TOKEN_VARIABLE = re.compile(r"(^|_)token$")
PHONE = "905321234567"


@pytest.fixture
def environs(app) -> list[dict]:
    """The environ of each request as the app received it (the test client hands the app
    a copy of its own; gunicorn hands the same dict to the app and then to its logger)."""
    seen: list[dict] = []
    inner = app.wsgi_app

    def recording(environ, start_response):
        seen.append(environ)
        return inner(environ, start_response)

    app.wsgi_app = recording
    return seen


@pytest.fixture
def gunicorn_logs(tmp_path: Path, environs: list[dict]):
    """gunicorn's logger as gunicorn.conf.py sets it up, writing to files; and a function
    that logs the last request's access line the way a gunicorn worker does."""
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    for name in ("logger_class", "access_log_format", "pre_request"):
        cfg.set(name, settings[name])
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    cfg.set("accesslog", str(access))
    cfg.set("errorlog", str(errors))
    cfg.set("loglevel", "debug")  # gunicorn's pre_request hook writes at debug
    assert cfg.logger_class is AccessLogger
    logger = cfg.logger_class(cfg)
    # Alembic's env.py (run by the migration fixtures) disables loggers that exist then.
    logger.error_log.disabled = logger.access_log.disabled = False

    def log_request(response) -> str:
        environ = environs[-1]
        headers = [(k[5:].replace("_", "-"), v) for k, v in environ.items() if k[:5] == "HTTP_"]
        resp = SimpleNamespace(
            status=response.status, headers=list(response.headers), sent=len(response.data)
        )
        logger.access(resp, SimpleNamespace(headers=headers), environ, timedelta(0, 0, 1234))
        return access.read_text().splitlines()[-1]

    yield SimpleNamespace(
        logger=logger, cfg=cfg, log_request=log_request, access=access, errors=errors
    )
    for log in (logger.error_log, logger.access_log):
        for handler in list(log.handlers):
            handler.close()
            log.removeHandler(handler)


def _token_routes(app) -> list:
    """Every rule with a token in its URL, read from the url_map as the logger does not:
    by the variable's name, whatever the blueprint."""
    return sorted(
        (r for r in app.url_map.iter_rules() if any(map(TOKEN_VARIABLE.search, r.arguments))),
        key=lambda r: (r.rule, sorted(r.methods)),
    )


def _filled(rule, canary: str) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if TOKEN_VARIABLE.search(name):
            values[name] = canary
        elif isinstance(converter, UUIDConverter):
            values[name] = uuid.uuid4()
        elif isinstance(converter, IntegerConverter):  # app.urls.RowNumber too
            values[name] = 7
        else:
            values[name] = "x"
    return values


def test_no_token_or_query_string_reaches_the_access_log(app, world, gunicorn_logs):
    """For every token route (and one level below it, which no route matches), by each
    of its methods: the line names the route with the token's variable in its place."""
    routes = _token_routes(app)
    assert {r.rule.split("/")[1] for r in routes} >= {"c", "r", "x", "feeds"}
    adapter = app.url_map.bind("localhost")
    http = app.test_client()
    lines = 0
    for rule in routes:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            token, secret = f"T{uuid.uuid4().hex}", f"S{uuid.uuid4().hex}"
            path = adapter.build(rule.endpoint, _filled(rule, token), method=method)
            for url in (path, path + "/deeper", path.replace(token, token + ".ics")):
                query = {"token": secret, "msisdn": PHONE, "text": f"Geliyorum {secret}"}
                response = http.open(
                    url,
                    method=method,
                    query_string=query,
                    headers={"Referer": f"http://localhost{url}?token={secret}"},
                )
                assert response.status_code < 500
                line = gunicorn_logs.log_request(response)
                for forbidden in (token, secret, PHONE, "?", "msisdn", "Geliyorum"):
                    assert forbidden not in line, (rule.rule, method, line)
                assert f"{method} /" in line and f'" {response.status_code} ' in line
                lines += 1
    assert "<link_token>" in gunicorn_logs.access.read_text()
    print(f"\naccess log: {len(routes)} token rules, {lines} lines, 0 tokens or query strings")


def test_a_route_is_logged_by_its_rule(app, world, gunicorn_logs):
    http = app.test_client()
    line = gunicorn_logs.log_request(http.get("/c/Tsecret123/privacy?x=1"))
    assert '"GET /c/<link_token>/privacy HTTP/1.1" 404 ' in line
    line = gunicorn_logs.log_request(http.get("/feeds/Tsecret123.ics"))
    assert '"GET /feeds/<token>.ics HTTP/1.1" 404 ' in line
    line = gunicorn_logs.log_request(http.get("/login?next=/r/Tsecret123"))
    assert '"GET /login HTTP/1.1" 200 ' in line
    client_page = f"/clients/{world.client_id}"
    assert gunicorn_logs.log_request(http.get(client_page)).count(client_page) == 1


def test_even_a_format_asking_for_them_gets_no_query_header_or_environ(app, world, gunicorn_logs):
    gunicorn_logs.cfg.set(
        "access_log_format",
        "%(r)s %(U)s%(q)s %({referer}i)s %({cookie}i)s %({query_string}e)s "
        "%({raw_uri}e)s %({request_uri}e)s %({location}o)s %(f)s %(u)s",
    )
    http = app.test_client()
    response = http.get(
        "/r/Tsecret123?msisdn=905321234567",
        headers={"Referer": "http://localhost/c/Tsecret456", "Cookie": "seans_session=Tsecret"},
    )
    line = gunicorn_logs.log_request(response)
    assert "Tsecret" not in line and PHONE not in line and "?" not in line


def test_gunicorns_own_lines_keep_a_paths_first_segment_only(gunicorn_logs):
    """gunicorn quotes the request line when it refuses a request or a worker fails."""
    gunicorn_logs.logger.warning(
        "Invalid request from ip=203.0.113.9: Invalid HTTP request line: "
        f"'GET /c/Tsecret123?msisdn={PHONE} HTTP/1.1'"
    )
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        gunicorn_logs.logger.exception(
            "Error handling request %s %s", "GET", f"/x/Tsecret123/print?text={PHONE}"
        )
    worker = SimpleNamespace(log=gunicorn_logs.logger)
    gunicorn_logs.cfg.pre_request(worker, SimpleNamespace(method="GET", path="/r/Tsecret123"))
    text = gunicorn_logs.errors.read_text()
    assert "Tsecret" not in text and PHONE not in text
    assert "'GET /c/… HTTP/1.1'" in text and "GET /x/…" in text and "GET /r/…" in text


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/", "/"),
        ("/c", "/c"),
        ("/c/", "/c/<link_token>"),
        ("/c/abc", "/c/<link_token>"),
        ("/c/abc/privacy-request", "/c/<link_token>/privacy-request"),
        ("/r/abc/times/extra", "/r/<appointment_token>/times/extra"),
        ("/x/abc/archive.json", "/x/<export_token>/archive.json"),
        ("/feeds/abc", "/feeds/<token>.ics"),
        ("/clients/abc", "/clients/abc"),
    ],
)
def test_redaction_by_path(app, path, logged):
    assert redact(path, token_rules(app.url_map)) == logged


def test_the_environ_carries_the_redacted_path(app, environs):
    app.test_client().get("/c/Tsecret123?text=x")
    assert environs[-1][ENVIRON_KEY] == "/c/<link_token>"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("/c/abc?x=1", "/c/…"),
        ("/health", "/health"),
        ("GET / HTTP/1.1", "GET / HTTP/1.1"),
        ("'POST /webhooks/vonage/inbound?msisdn=9053 HTTP/1.1'", "'POST /webhooks/… HTTP/1.1'"),
    ],
)
def test_coarse_paths(text, kept):
    assert coarse(text) == kept
