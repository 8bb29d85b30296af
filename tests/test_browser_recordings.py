"""Audio notes in a real browser (Debian's chromium, see tests/test_browser.py), on a
tablet held upright: the record control is absent unless the clinic, the therapist and
the client's consent all allow it; with them, chromium's fake microphone plays speech
from Debian's espeak-ng, the page records and uploads it, the real worker transcribes it
with the real engine, and the therapist accepts the draft into the note."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSWORD, World
from flask import Flask
from playwright.sync_api import Browser, BrowserType, Page, expect
from recording_support import (
    empty_queue,
    enable,
    give_consent,
    recording_files,
    use_redis,
    work,
)

# The fixtures that launch chromium and serve the app live in test_browser.py.
from test_browser import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    TOUCH_MIN,
    _english,
    _small_targets,
    backend,
    browser,
    browser_type_launch_args,
    live_server,
    site,
)

pytestmark = pytest.mark.browser
TABLET = {"width": 820, "height": 1180}
SPOKEN = "The client talked about the garden. She is sleeping better and will walk every morning."
WORDS = {"garden", "sleeping", "morning", "walk", "client", "better"}


def _problems(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def _open_note(page: Page, base: str, world: World) -> None:
    page.goto(f"{base}/login")
    page.locator("input[name=email]").fill(world.emails["therapist"])
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button").tap()
    page.wait_for_url(f"{base}/week")
    _english(page)
    page.goto(f"{base}/appointments/{world.appointment_id}/note")


def test_the_record_control_appears_only_when_everything_allows_it(
    site: str,  # noqa: F811
    browser: Browser,  # noqa: F811
    app: Flask,
    world: World,
) -> None:
    tablet = browser.new_context(viewport=TABLET, has_touch=True)
    try:
        page = tablet.new_page()
        problems = _problems(page)
        _open_note(page, site, world)  # audio notes are off by default
        expect(page.get_by_role("button", name="Start the note")).to_be_visible()
        assert page.locator("[data-recorder], #recording-status, .audio-note").count() == 0
        assert "Start recording" not in page.content()

        enable(app, world)  # on for the clinic and the therapist, but no consent yet
        page.reload()
        expect(page.get_by_role("button", name="Start the note")).to_be_visible()
        assert page.locator("[data-recorder], #recording-status, .audio-note").count() == 0
        page.screenshot(path="/tmp/seans-note-no-recorder-tablet.png", full_page=True)

        give_consent(app, world)
        page.reload()  # the recorder waits for the note's template, where its text goes
        assert page.locator("[data-recorder]").count() == 0
        page.get_by_role("button", name="Start the note").tap()
        recorder = page.locator("#recorder")
        expect(recorder.get_by_role("button", name="Start recording")).to_be_visible()
        expect(recorder.get_by_role("button", name="Stop")).to_be_hidden()
        expect(recorder.locator("[data-line]")).to_contain_text("Ready.")
        expect(recorder.get_by_label("Spoken language")).to_have_value("en")
        assert _small_targets(page, "#recorder :is(button, select)") == []
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        page.screenshot(path="/tmp/seans-note-recorder-tablet.png", full_page=True)
        assert problems == []
    finally:
        tablet.close()


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English speech from espeak-ng, as chromium's fake microphone will play it."""
    path = tmp_path_factory.mktemp("speech") / "session.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(path), SPOKEN], check=True)
    return path


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech-models")


@pytest.fixture
def microphone_browser(browser_type: BrowserType, speech_wav: Path) -> Iterator[Browser]:
    """Chromium whose microphone is the WAV, granted without asking."""
    chromium = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={speech_wav}%noloop",  # once, then silence
        ],
    )
    yield chromium
    chromium.close()


def test_therapist_records_and_accepts_a_transcript_on_a_tablet(
    site: str,  # noqa: F811
    microphone_browser: Browser,
    app: Flask,
    world: World,
    model_dir: Path,
) -> None:
    use_redis(app, "browser-recordings")
    app.config.update(SPEECH_ENGINE="whisper-base", SPEECH_MODEL_DIR=str(model_dir))
    enable(app, world)
    give_consent(app, world)
    tablet = microphone_browser.new_context(viewport=TABLET, has_touch=True)
    # Keep each microphone stream the page opens, to see its tracks stopped afterwards.
    tablet.add_init_script(
        "(() => { const media = navigator.mediaDevices; if (!media) return;"
        " const open = media.getUserMedia.bind(media); window.__streams = [];"
        " media.getUserMedia = (c) => open(c).then((s) => { window.__streams.push(s); return s; });"
        " })()"
    )
    try:
        page = tablet.new_page()
        problems = _problems(page)
        _open_note(page, site, world)
        page.get_by_role("button", name="Start the note").tap()
        editor = page.locator("textarea[name=text]")
        editor.fill("Before the recording.")
        expect(page.locator("#note-status")).to_contain_text("Saved at", timeout=20_000)

        recorder = page.locator("#recorder")
        line = recorder.locator("[data-line]")
        recorder.get_by_label("Spoken language").select_option("en")
        recorder.get_by_role("button", name="Start recording").tap()
        expect(line).to_contain_text("Recording. Press Stop")
        expect(recorder.locator("[data-timer]")).to_have_text("00:06", timeout=10_000)
        page.screenshot(path="/tmp/seans-recording-tablet.png", full_page=True)
        recorder.get_by_role("button", name="Stop").tap()
        expect(line).to_contain_text("Recording sent.")
        expect(recorder.get_by_role("button", name="Start recording")).to_be_visible()
        live_tracks = "window.__streams.flatMap((s) => s.getTracks()).map((t) => t.readyState)"
        assert page.evaluate(live_tracks) == ["ended"]  # the microphone is released
        status = page.locator("#recording-status")
        expect(status).to_contain_text("waiting to be transcribed")
        assert len(recording_files(app)) == 1  # sealed, waiting for the worker

        work(app)
        transcript = status.locator("textarea[name=transcript]")
        expect(transcript).to_be_visible(timeout=20_000)  # the next poll brings the draft
        heard = transcript.input_value()
        found = {w for w in WORDS if w in heard.lower()}
        print(f"\n[browser recording] spoken: {SPOKEN!r}\n  heard: {heard!r}\n  words: {found}")
        assert found, heard
        assert recording_files(app) == []  # transcribed: the audio is gone
        page.screenshot(path="/tmp/seans-transcript-draft-tablet.png", full_page=True)

        transcript.fill(heard + " Edited on the tablet.")
        status.get_by_label("Add it to").select_option("text")
        status.get_by_role("button", name="Accept into the note").tap()
        page.wait_for_load_state()
        accepted = (heard + " Edited on the tablet.").strip()
        expect(editor).to_have_value("Before the recording.\n\n" + accepted)
        expect(page.locator("#recording-status textarea")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        assert recording_files(app) == []
        assert problems == []
    finally:
        tablet.close()
        empty_queue(app)
