"""Every page works in Turkish and English."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "app/translations/tr/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _extracted(tmp_path: Path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return read_po(fh)


def test_every_string_has_a_turkish_translation(tmp_path):
    with CATALOGUE.open("rb") as fh:
        turkish = read_po(fh)
    extracted = [m.id for m in _extracted(tmp_path) if m.id]
    assert len(extracted) > 50
    missing = [i for i in extracted if i not in turkish or not _complete(turkish[i].string)]
    fuzzy = [m.id for m in turkish if m.id and m.fuzzy]
    assert missing == [], "run ./scripts/i18n and translate these"
    assert fuzzy == []


def _forms(text) -> tuple:
    """A message's singular and plural forms (plural messages are tuples)."""
    return text if isinstance(text, tuple) else (text,)


def _complete(translation) -> bool:
    return all(_forms(translation))


def test_turkish_translations_keep_their_placeholders():
    with CATALOGUE.open("rb") as fh:
        turkish = read_po(fh)
    for message in turkish:
        if message.id:
            expected = sorted(PLACEHOLDER.findall(_forms(message.id)[0]))
            for form in _forms(message.string):
                assert sorted(PLACEHOLDER.findall(form)) == expected, message.id


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("tr", ["Giriş yap", "Parola", 'lang="tr"'], ["Sign in"]),
        ("en", ["Sign in", "Password", 'lang="en"'], ["Giriş yap"]),
    ],
)
def test_login_page_in_each_language(browser, language, expected, absent):
    page = browser.get("/login", headers={"Accept-Language": language}).get_data(as_text=True)
    for text in expected:
        assert text in page
    for text in absent:
        assert text not in page


def test_a_user_keeps_the_language_they_chose(browser, make_browser, world):
    browser.login(world.emails["receptionist"])
    assert "Bugün" in browser.get("/day").get_data(as_text=True)
    browser.post("/language", {"language": "en", "next": "/day"})
    assert "Today" in browser.get("/day").get_data(as_text=True)
    again = make_browser()
    again.login(world.emails["receptionist"])
    page = again.get("/day", headers={"Accept-Language": "tr"}).get_data(as_text=True)
    assert "Today" in page and "Bugün" not in page


def test_dates_are_written_in_the_page_language(browser, world):
    browser.login(world.emails["receptionist"])
    assert "Pazartesi" in browser.get("/day?date=2026-11-23").get_data(as_text=True)
    browser.post("/language", {"language": "en"})
    assert "Monday" in browser.get("/day?date=2026-11-23").get_data(as_text=True)
