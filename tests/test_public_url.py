"""Every absolute URL comes from PUBLIC_URL, and a request naming another host gets 400."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.urls import external_url, trusted_hosts
from tests.conftest import Browser

SHOWN_URL = re.compile(r'readonly autocomplete="off" value="([^"]+)"')


@pytest.mark.parametrize(
    "host", ["evil.example", "localhost.evil.example", "127.0.0.1", "seans.example"]
)
def test_a_request_for_another_host_answers_400(app, world, host):
    """Conftest's PUBLIC_URL is http://localhost: any other Host is refused before the view."""
    http = app.test_client()
    assert http.get("/login").status_code == 200
    assert http.get("/login", headers={"Host": "localhost:8080"}).status_code == 200  # any port
    refused = http.get("/login", headers={"Host": host})
    assert refused.status_code == 400
    assert refused.get_data(as_text=True) == "Bu adres burada sunulmuyor."
    assert http.get("/health", headers={"Host": host}).status_code == 400
    assert http.post("/webhooks/vonage/inbound", headers={"Host": host}).status_code == 400


def test_a_forwarded_host_counts_only_behind_a_configured_proxy(app, world):
    http = app.test_client()
    # Without PROXY_FIX_HOPS the header is ignored: the Host itself is checked.
    assert http.get("/login", headers={"X-Forwarded-Host": "evil.example"}).status_code == 200


@pytest.mark.parametrize(
    ("public_url", "hosts"),
    [
        ("http://127.0.0.1:5000", ["127.0.0.1"]),
        ("https://seans.example", ["seans.example"]),
        ("https://Seans.Example:8443/clinic/", ["seans.example"]),
    ],
)
def test_trusted_hosts_are_public_urls_host(tmp_path, public_url, hosts):
    app = create_app({"SECRET_KEY": "x", "PUBLIC_URL": public_url}, instance_path=str(tmp_path))
    assert app.config["TRUSTED_HOSTS"] == trusted_hosts(public_url) == hosts


def test_an_operator_may_name_the_trusted_hosts(tmp_path):
    config = {"SECRET_KEY": "x", "TRUSTED_HOSTS": ["seans.example", "www.seans.example"]}
    app = create_app(config, instance_path=str(tmp_path))
    assert app.config["TRUSTED_HOSTS"] == ["seans.example", "www.seans.example"]


def test_a_public_url_without_a_host_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no host"):
        create_app({"SECRET_KEY": "x", "PUBLIC_URL": "/seans"}, instance_path=str(tmp_path))


def test_external_urls_outside_a_request_keep_public_urls_path(app):
    app.config["PUBLIC_URL"] = "https://seans.example/clinic/"
    with app.app_context():
        assert external_url("links.consent", link_token="abc") == (
            "https://seans.example/clinic/c/abc"
        )
        assert external_url("feeds.ics", token="t") == "https://seans.example/clinic/feeds/t.ics"


def _at_another_trusted_host(app, world, who: str) -> Browser:
    """Signed in through a host the app trusts but that is not PUBLIC_URL's (a clinic's
    second name, or a proxy passing its own)."""
    app.config.update(
        PUBLIC_URL="https://seans.example", TRUSTED_HOSTS=["localhost", "desk.seans.test"]
    )
    browser = Browser(app.test_client())
    browser.client.environ_base["HTTP_HOST"] = "desk.seans.test"
    assert browser.login(world.emails[who]).status_code == 302
    return browser


def test_the_consent_link_shown_to_staff_starts_with_public_url(app, world):
    browser = _at_another_trusted_host(app, world, "receptionist")
    response = browser.post(
        f"/clients/{world.client_id}/consent-link", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    url = SHOWN_URL.search(response.get_data(as_text=True)).group(1)
    assert url.startswith("https://seans.example/c/")
    assert "desk.seans.test" not in response.get_data(as_text=True)


def test_the_feed_url_shown_to_staff_starts_with_public_url(app, world):
    browser = _at_another_trusted_host(app, world, "therapist")
    response = browser.post(
        f"/therapists/{world.user_ids['therapist']}/calendar-feed",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    url = SHOWN_URL.search(response.get_data(as_text=True)).group(1)
    assert url.startswith("https://seans.example/feeds/") and url.endswith(".ics")
    assert "desk.seans.test" not in response.get_data(as_text=True)
