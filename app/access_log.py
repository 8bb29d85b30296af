"""The access log says which page was asked for, never what the request carried.

A magic link's token is the client's only key, and a webhook's query string holds a
phone number and the text of an SMS. So no line gunicorn writes holds a query string,
and the token segment of every route with a token variable (`<token>`, `<link_token>`,
`<appointment_token>`, ...) is written as the variable's name. The routes are read
from the app's url_map, so a new token route is covered without a list to keep.

The app writes the path to log into the WSGI environ (gunicorn hands its logger the
same dict); `AccessLogger` logs that and nothing taken from the request line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from gunicorn.glogging import Logger
from werkzeug.routing import Map

ENVIRON_KEY = "seans.log_path"
TOKEN_NAME = re.compile(r"(?:^|_)token$")
VARIABLE = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>:]+)>")
# Atoms that hold nothing the client sent in the URL, a header or the body.
SAFE_ATOMS = frozenset("hltsmHbBTDMLp")
# gunicorn's own error lines may quote a request line or URI ("Invalid request ...",
# "Error handling request ..."): paths in them keep their first segment only.
_URI = re.compile(r"(/[^\s/?'\"]*)[^\s'\"]*")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class _TokenRule:
    """A rule's segments up to its token: static text to match, None for any value,
    and the token's own segment as the log shows it."""

    before: tuple[str | None, ...]
    shown: str
    rest_too: bool  # a `path:` token takes every segment after it


def token_rules(url_map: Map) -> list[_TokenRule]:
    """Every rule with a token variable, in a form that matches paths segment by segment."""
    found: dict[_TokenRule, None] = {}
    for rule in url_map.iter_rules():
        if not any(TOKEN_NAME.search(name) for name in rule.arguments):
            continue
        before: list[str | None] = []
        for segment in rule.rule.lstrip("/").split("/"):
            variables = list(VARIABLE.finditer(segment))
            token = next((v for v in variables if TOKEN_NAME.search(v["name"])), None)
            if token is None:
                before.append(None if variables else segment)
                continue
            shown = VARIABLE.sub(lambda v: f"<{v['name']}>", segment)
            found[_TokenRule(tuple(before), shown, token["converter"] == "path")] = None
            break
    return list(found)


def redact(path: str, rules: list[_TokenRule]) -> str:
    """`path` with the segment of any token rule it falls under replaced by the token's
    name; a path that no route matches (a 404 for `/c/<token>/x`) is redacted too."""
    segments = path.lstrip("/").split("/")
    for rule in rules:
        at = len(rule.before)
        if len(segments) <= at or segments[at] == rule.shown:
            continue
        pairs = zip(rule.before, segments[:at], strict=True)
        if all(want is None or want == got for want, got in pairs):
            segments[at : None if rule.rest_too else at + 1] = [rule.shown]
    return "/" + "/".join(segments)


def coarse(path: str) -> str:
    """A path reduced to its first segment, for lines written without the app's rules."""
    return _URI.sub(lambda m: m[1] + ("/…" if m[0] != m[1] else ""), path)


def install(app: Flask) -> None:
    """Put each request's loggable path into its environ before Flask sees the request,
    so that a request refused before routing is logged the same way (called once every
    blueprint is registered)."""
    inner: WsgiApp = app.wsgi_app
    rules = token_rules(app.url_map)

    def remember_path(
        environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        environ[ENVIRON_KEY] = redact(environ.get("PATH_INFO") or "/", rules)
        return inner(environ, start_response)

    app.wsgi_app = remember_path  # type: ignore[method-assign]


class AccessLogger(Logger):
    """gunicorn's logger, with access lines built only from safe atoms and the path the
    app left in the environ (`gunicorn.conf.py` selects it)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict:
        every = super().atoms(resp, req, environ, request_time)
        path = environ.get(ENVIRON_KEY) or coarse(environ.get("PATH_INFO") or "/")
        method, protocol = environ.get("REQUEST_METHOD", "-"), environ.get("SERVER_PROTOCOL")
        return {
            **{k: v for k, v in every.items() if k in SAFE_ATOMS},
            "r": f"{method} {path} {protocol}",
            "U": path,
            "q": "",
            "f": "-",
            "a": environ.get("HTTP_USER_AGENT", "-"),
        }

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().warning(coarse(msg), *map(_scrubbed, args), **kwargs)

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().exception(coarse(msg), *map(_scrubbed, args), **kwargs)


def _scrubbed(value: Any) -> Any:
    return coarse(value) if isinstance(value, str) else value
