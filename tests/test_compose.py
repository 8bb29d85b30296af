"""The SMS composer and its Turkish grammar: pure tables, no app and no database."""

from __future__ import annotations

import ast
import dataclasses
import itertools
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.assistant import turkish
from app.assistant.compose import (
    MessageContext,
    MessageKind,
    TemplateError,
    builtin_template,
    compose,
    render_custom,
    sms_parts,
    validate_custom,
)
from app.assistant.templating import english_time, greeting
from app.assistant.turkish import Case

IST = ZoneInfo("Europe/Istanbul")
# Friday 2026-11-27, 10:00 in Istanbul; the session is the next day unless a test says so.
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=IST)
TOMORROW_14 = datetime(2026, 11, 28, 14, 0, tzinfo=IST)
MAGIC = "https://seans.example/m/" + "M" * 36
CONSENT = "https://seans.example/c/" + "C" * 36
VIDEO = "https://meet.example/v/" + "V" * 37
ADDRESS = "Caferağa Mah. Moda Cad. No: 12/3, Kadıköy"
K = MessageKind


def make(**overrides: object) -> MessageContext:
    """A context for a Turkish follow-up reminder, in person, tomorrow at 14:00."""
    online = bool(overrides.get("online", False))
    language = overrides.get("language", "tr")
    values: dict[str, object] = {
        "kind": K.REMINDER_24H,
        "language": language,
        "start": TOMORROW_14,
        "duration_minutes": 50,
        "session_type": "Bireysel",
        "online": online,
        "first_session": False,
        "client_first_name": "Elif",
        "client_title": "Hanım" if language == "tr" else None,
        "therapist_name": "Dr. Zeynep Kaya",
        "clinic_name": "Moda Psikoloji",
        "address": None if online else ADDRESS,
        "video_link": VIDEO if online else None,
        "magic_link": MAGIC,
        "consent_link": None,
        "now": NOW,
        "variant_seed": 0,
    }
    values.update(overrides)
    return MessageContext(**values)  # type: ignore[arg-type]


# --- Turkish suffixes ------------------------------------------------------------


def _hm(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _apply(what: str, arg: str, case: Case | None) -> str:
    if what == "time":
        return turkish.with_time(_hm(arg), case or Case.LOCATIVE)
    if what == "date":
        day, month = arg.split(".")
        return turkish.with_date(date(2026, int(month), int(day)), case or Case.LOCATIVE)
    if what == "number":
        return turkish.with_number(int(arg), case or Case.LOCATIVE)
    if what == "weekday":
        return turkish.weekday_phrase(date.fromisoformat(arg))
    return turkish.inflect(arg, case or Case.LOCATIVE)


L, A, D, G, AC, INS = (
    Case.LOCATIVE,
    Case.ABLATIVE,
    Case.DATIVE,
    Case.GENITIVE,
    Case.ACCUSATIVE,
    Case.INSTRUMENTAL,
)
SUFFIX_TABLE = [
    # Times take the suffix of their last spoken word.
    ("time", "14:00", L, "14:00'te"),
    ("time", "16:00", L, "16:00'da"),
    ("time", "09:30", L, "09:30'da"),
    ("time", "13:00", L, "13:00'te"),
    ("time", "12:00", L, "12:00'de"),
    ("time", "14:40", L, "14:40'ta"),
    ("time", "14:15", L, "14:15'te"),
    ("time", "20:00", L, "20:00'de"),
    ("time", "10:00", L, "10:00'da"),
    ("time", "00:00", L, "00:00'da"),
    ("time", "11:00", L, "11:00'de"),
    ("time", "17:00", L, "17:00'de"),
    ("time", "18:00", L, "18:00'de"),
    ("time", "19:00", L, "19:00'da"),
    ("time", "23:00", L, "23:00'te"),
    ("time", "08:50", L, "08:50'de"),
    ("time", "07:45", L, "07:45'te"),
    ("time", "09:05", L, "09:05'te"),
    ("time", "10:20", L, "10:20'de"),
    ("time", "14:10", L, "14:10'da"),
    ("time", "06:00", L, "06:00'da"),
    ("time", "14:00", D, "14:00'e"),
    ("time", "16:00", D, "16:00'ya"),
    ("time", "09:30", D, "09:30'a"),
    ("time", "12:00", D, "12:00'ye"),
    ("time", "14:40", D, "14:40'a"),
    ("time", "17:00", D, "17:00'ye"),
    ("time", "18:00", D, "18:00'e"),
    ("time", "14:00", A, "14:00'ten"),
    ("time", "16:00", A, "16:00'dan"),
    ("time", "12:00", A, "12:00'den"),
    ("time", "14:40", A, "14:40'tan"),
    ("time", "14:00", G, "14:00'ün"),
    ("time", "16:00", G, "16:00'nın"),
    ("time", "09:30", G, "09:30'un"),
    ("time", "12:00", G, "12:00'nin"),
    ("time", "14:40", G, "14:40'ın"),
    ("time", "15:00", G, "15:00'in"),
    # Dates take the suffix of the month, read last.
    ("date", "3.12", L, "3 Aralık'ta"),
    ("date", "1.1", L, "1 Ocak'ta"),
    ("date", "25.2", L, "25 Şubat'ta"),
    ("date", "5.5", L, "5 Mayıs'ta"),
    ("date", "12.9", L, "12 Eylül'de"),
    ("date", "29.10", L, "29 Ekim'de"),
    ("date", "23.4", L, "23 Nisan'da"),
    ("date", "1.3", L, "1 Mart'ta"),
    ("date", "19.6", L, "19 Haziran'da"),
    ("date", "15.7", L, "15 Temmuz'da"),
    ("date", "30.8", L, "30 Ağustos'ta"),
    ("date", "10.11", L, "10 Kasım'da"),
    ("date", "3.12", A, "3 Aralık'tan"),
    ("date", "12.9", D, "12 Eylül'e"),
    # Bare numbers.
    ("number", "3", L, "3'te"),
    ("number", "2026", L, "2026'da"),
    ("number", "1985", L, "1985'te"),
    ("number", "100", L, "100'de"),
    ("number", "1000", L, "1000'de"),
    ("number", "40", L, "40'ta"),
    ("number", "60", L, "60'ta"),
    ("number", "70", L, "70'te"),
    ("number", "0", L, "0'da"),
    ("number", "6", G, "6'nın"),
    ("number", "2", D, "2'ye"),
    # Names: written stems never soften; a final vowel takes a buffer consonant.
    ("name", "Elif", D, "Elif'e"),
    ("name", "Ayşe", D, "Ayşe'ye"),
    ("name", "Zeynep", D, "Zeynep'e"),
    ("name", "Dr. Kaya", D, "Dr. Kaya'ya"),
    ("name", "Ahmet", D, "Ahmet'e"),
    ("name", "Özge", D, "Özge'ye"),
    ("name", "Kemal", D, "Kemal'e"),
    ("name", "Ahmet", G, "Ahmet'in"),
    ("name", "Ayşe", G, "Ayşe'nin"),
    ("name", "Dr. Kaya", G, "Dr. Kaya'nın"),
    ("name", "Burak", G, "Burak'ın"),
    ("name", "Oğuz", G, "Oğuz'un"),
    ("name", "Gül", G, "Gül'ün"),
    ("name", "Kemal", G, "Kemal'in"),
    ("name", "Mert", L, "Mert'te"),
    ("name", "Berk", L, "Berk'te"),
    ("name", "Kurt", G, "Kurt'un"),
    ("name", "Türk", D, "Türk'e"),
    ("name", "Ayşe", L, "Ayşe'de"),
    ("name", "Cem", L, "Cem'de"),
    ("name", "Kaya", A, "Kaya'dan"),
    ("name", "Elif", A, "Elif'ten"),
    ("name", "Elif", AC, "Elif'i"),
    ("name", "Ayşe", AC, "Ayşe'yi"),
    ("name", "Umut", AC, "Umut'u"),
    ("name", "Elif", INS, "Elif'le"),
    ("name", "Ayşe", INS, "Ayşe'yle"),
    ("name", "İSTANBUL", L, "İSTANBUL'da"),
    # Weekdays never depend on the OS locale.
    ("weekday", "2026-12-01", None, "Salı günü"),
    ("weekday", "2026-12-02", None, "Çarşamba günü"),
    ("weekday", "2026-11-30", None, "Pazartesi günü"),
    ("weekday", "2026-12-06", None, "Pazar günü"),
]


@pytest.mark.parametrize(("what", "arg", "case", "expected"), SUFFIX_TABLE)
def test_suffixes(what: str, arg: str, case: Case | None, expected: str) -> None:
    assert _apply(what, arg, case) == expected


@pytest.mark.parametrize(
    ("value", "spoken"),
    [
        (time(14, 0), "on dört"),
        (time(9, 30), "dokuz otuz"),
        (time(9, 5), "dokuz sıfır beş"),
        (time(0, 0), "sıfır"),
        (time(12, 45), "on iki kırk beş"),
        (time(20, 50), "yirmi elli"),
    ],
)
def test_spoken_time(value: time, spoken: str) -> None:
    assert turkish.spoken_time(value) == spoken


@pytest.mark.parametrize(
    ("n", "spoken"),
    [(2026, "iki bin yirmi altı"), (1985, "bin dokuz yüz seksen beş"), (100, "yüz"), (0, "sıfır")],
)
def test_spoken_number(n: int, spoken: str) -> None:
    assert turkish.spoken_number(n) == spoken


@pytest.mark.parametrize(
    ("first", "title", "expected"),
    [("Elif", "Hanım", "Elif Hanım"), ("Ahmet", "Bey", "Ahmet Bey"), ("Elif", None, "Elif")],
)
def test_forms_of_address(first: str, title: str | None, expected: str) -> None:
    assert turkish.address(first, title) == expected


def test_capitalize_is_turkish() -> None:
    assert turkish.capitalize("iyi günler") == "İyi günler"
    assert turkish.capitalize("ılık") == "Ilık"


# Written independently of the vowel-harmony code: the locative after each
# last spoken number word, looked up by hand.
_UNIT_LOCATIVE = {1: "de", 2: "de", 3: "te", 4: "te", 5: "te", 6: "da", 7: "de", 8: "de", 9: "da"}
_TENS_LOCATIVE = {10: "da", 20: "de", 30: "da", 40: "ta", 50: "de"}


def _reference_locative(t: time) -> str:
    n = t.minute or t.hour
    if n == 0:
        return "da"  # sıfır
    return _UNIT_LOCATIVE[n % 10] if n % 10 else _TENS_LOCATIVE[n]


@settings(database=None)
@given(st.times())
def test_time_locative_matches_reference(t: time) -> None:
    t = t.replace(second=0, microsecond=0)
    written = turkish.with_time(t, Case.LOCATIVE)
    stem, suffix = written.split("'")
    assert stem == f"{t.hour:02d}:{t.minute:02d}"
    assert suffix in {"de", "da", "te", "ta"}
    assert suffix == _reference_locative(t)


# --- The context -------------------------------------------------------------------

ALLOWLIST = {
    "kind",
    "language",
    "start",
    "duration_minutes",
    "session_type",
    "online",
    "first_session",
    "client_first_name",
    "client_title",
    "therapist_name",
    "clinic_name",
    "address",
    "video_link",
    "magic_link",
    "consent_link",
    "now",
    "variant_seed",
}


def test_context_fields_are_exactly_the_allowlist() -> None:
    """Promises 1 and 3: adding a note (or any other field) must be a deliberate change here."""
    assert {f.name for f in dataclasses.fields(MessageContext)} == ALLOWLIST


def test_context_repr_hides_names_and_links() -> None:
    text = repr(make(first_session=True, consent_link=CONSENT))
    for secret in ("Elif", MAGIC, CONSENT):
        assert secret not in text


@pytest.mark.parametrize(
    "overrides",
    [
        {"start": datetime(2026, 11, 28, 14, 0)},
        {"now": datetime(2026, 11, 27, 10, 0)},
        {"language": "de"},
        {"client_title": "Bey", "language": "en"},
        {"client_title": "Ms"},
        {"online": True, "address": ADDRESS},
        {"online": False, "video_link": VIDEO},
        {"kind": K.CONSENT_REQUEST, "consent_link": None},
        {"magic_link": " "},
        {"duration_minutes": 0},
        {"kind": "note"},
    ],
)
def test_context_rejects(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        make(**overrides)


# --- Composed messages -------------------------------------------------------------

PLACE_KINDS = {K.CONFIRMATION, K.REMINDER_24H, K.REMINDER_2H, K.MOVED}
EXPECT_KINDS = {K.CONFIRMATION, K.REMINDER_24H}
MATRIX = list(itertools.product(MessageKind, ("tr", "en"), (True, False), (True, False)))


def _matrix_ctx(kind: MessageKind, language: str, first: bool, online: bool, seed: int):
    consent = CONSENT if first or kind is K.CONSENT_REQUEST else None
    return make(
        kind=kind,
        language=language,
        first_session=first,
        online=online,
        consent_link=consent,
        variant_seed=seed,
    )


@pytest.mark.parametrize(("kind", "language", "first", "online"), MATRIX)
@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_message_says_what_it_must(
    kind: MessageKind, language: str, first: bool, online: bool, seed: int
) -> None:
    text = compose(_matrix_ctx(kind, language, first, online, seed))

    wants_consent = kind is K.CONSENT_REQUEST or (first and kind in EXPECT_KINDS)
    wants_place = kind in PLACE_KINDS and (first or online)
    wants_magic = kind is not K.CONSENT_REQUEST and not (kind is K.REMINDER_2H and online)
    assert (CONSENT in text) == wants_consent
    assert (MAGIC in text) == wants_magic
    assert (VIDEO in text) == (wants_place and online)
    assert (ADDRESS in text) == (wants_place and not online)
    assert ("5 dakika" in text or "5 minutes" in text) == (first and kind in EXPECT_KINDS)
    if language == "tr":
        assert "Elif Hanım" in text
        assert "yarın" in text.lower() and "14:00" in text
        assert "2:00 PM" not in text
    else:
        assert "Elif" in text and "Hanım" not in text
        assert "tomorrow" in text.lower() and "2:00 PM" in text
        assert "14:00" not in text
    assert "{" not in text and "}" not in text and "  " not in text and "!" not in text
    assert all(ord(ch) < 0x2000 for ch in text), "no emoji or typographic symbols"


def test_turkish_time_phrases() -> None:
    moved = make(kind=K.MOVED, variant_seed=0)
    assert "yarın 14:00'e alındı" in compose(moved)
    later = make(kind=K.CANCELLED, start=datetime(2026, 12, 1, 16, 0, tzinfo=IST))
    assert "Salı günü 16:00'daki randevunuz" in compose(later)


@pytest.mark.parametrize(("kind", "language"), list(itertools.product(MessageKind, ("tr", "en"))))
def test_deterministic_per_seed_and_varied_across_seeds(kind: MessageKind, language: str) -> None:
    texts = [compose(_matrix_ctx(kind, language, False, False, s)) for s in range(12)]
    assert texts == [compose(_matrix_ctx(kind, language, False, False, s)) for s in range(12)]
    assert len(set(texts)) >= 3


def test_greeting_is_sometimes_left_out() -> None:
    starts = {compose(make(variant_seed=s)).split(" ")[0] for s in range(20)}
    assert {"Günaydın", "Elif"} <= starts


def test_two_hour_reminder_is_short_and_ungreeted() -> None:
    for seed in range(12):
        text = compose(make(kind=K.REMINDER_2H, start=NOW + timedelta(hours=2), variant_seed=seed))
        assert text.startswith("Elif Hanım, ")
        assert "bugün 12:00" in text
        assert sms_parts(text) <= 2


@pytest.mark.parametrize(
    ("hour", "tr", "en"),
    [
        (4, "", ""),
        (5, "Günaydın", "Good morning"),
        (11, "Günaydın", "Good morning"),
        (12, "İyi günler", "Good afternoon"),
        (17, "İyi günler", "Good afternoon"),
        (18, "İyi akşamlar", "Good evening"),
        (21, "İyi akşamlar", "Good evening"),
        (22, "", ""),
    ],
)
def test_greeting_by_hour(hour: int, tr: str, en: str) -> None:
    now = datetime(2026, 11, 27, hour, 30, tzinfo=IST)
    assert greeting(make(now=now)) == tr
    assert greeting(make(now=now, language="en")) == en


def test_greeting_uses_the_clinics_hour_not_utc() -> None:
    assert greeting(make(now=datetime(2026, 11, 27, 6, 30, tzinfo=UTC))) == "Günaydın"
    late = make(now=datetime(2026, 11, 27, 23, 0, tzinfo=IST))
    assert (
        render_custom("{greeting} {name}, görüşmek üzere.", late) == "Elif Hanım, görüşmek üzere."
    )


# --- SMS parts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("ü" * 160, 1),
        ("€" * 80, 1),
        ("€" * 81, 2),
        ("ı" * 70, 1),
        ("ı" * 71, 2),
        ("ş" * 134, 2),
        ("ş" * 135, 3),
        ("ç" + "a" * 69, 1),
        ("ç" + "a" * 70, 2),
        ("😀" * 35, 1),
        ("😀" * 36, 2),
    ],
)
def test_sms_parts(text: str, parts: int) -> None:
    assert sms_parts(text) == parts


# Upper bounds with ~60-character links, a 41-character address and a greeting:
# (kind, first session) → (Turkish, English). Two links and an address cannot fit
# the two-part goal in UCS-2 (134 characters), so first sessions cost more.
PART_BOUNDS = {
    (K.CONFIRMATION, False): (5, 2),
    (K.CONFIRMATION, True): (7, 7),
    (K.REMINDER_24H, False): (4, 2),
    (K.REMINDER_24H, True): (7, 6),
    (K.REMINDER_2H, False): (2, 1),
    (K.REMINDER_2H, True): (3, 4),
    (K.MOVED, False): (4, 2),
    (K.MOVED, True): (4, 4),
    (K.CANCELLED, False): (3, 2),
    (K.CANCELLED, True): (3, 2),
    (K.CONSENT_REQUEST, False): (3, 2),
    (K.CONSENT_REQUEST, True): (3, 2),
}


def _worst_case_starts(kind: MessageKind) -> list[datetime]:
    if kind is K.REMINDER_2H:
        return [NOW + timedelta(hours=2)]
    if kind is K.REMINDER_24H:
        return [TOMORROW_14]
    return [TOMORROW_14, datetime(2027, 1, 16, 16, 45, tzinfo=IST)]


@pytest.mark.parametrize(("kind", "first"), PART_BOUNDS)
def test_sms_parts_upper_bound(kind: MessageKind, first: bool) -> None:
    evening = datetime(2026, 11, 27, 19, 0, tzinfo=IST)
    for language, online, seed, start in itertools.product(
        ("tr", "en"), (True, False), range(24), _worst_case_starts(kind)
    ):
        ctx = _matrix_ctx(kind, language, first, online, seed)
        ctx = dataclasses.replace(
            ctx, start=start, now=evening if kind is not K.REMINDER_2H else NOW
        )
        bound = PART_BOUNDS[kind, first][language == "en"]
        assert sms_parts(compose(ctx)) <= bound, compose(ctx)


# --- Custom texts ------------------------------------------------------------------

TUESDAY_14 = datetime(2026, 12, 1, 14, 0, tzinfo=IST)


@pytest.mark.parametrize(
    ("language", "template", "expected"),
    [
        ("tr", "{when}", "Salı günü 14:00'te"),
        ("tr", "{day} {time_loc}", "Salı 14:00'te"),
        ("tr", "x {when_ki} y", "X Salı günü 14:00'teki y"),
        ("tr", "x {when_to}", "X Salı günü 14:00'e"),
        ("tr", "{date_loc}", "1 Aralık'ta"),
        (
            "tr",
            "{name} / {duration} / {therapist} / {clinic}",
            "Elif Hanım / 50 dakika / Dr. Zeynep Kaya / Moda Psikoloji",
        ),
        ("tr", "{place}", ADDRESS),
        ("tr", "Link: {link}", f"Link: {MAGIC}"),
        ("tr", "{{name}} {name}", "{name} Elif Hanım"),
        ("tr", "Tamam. {when} görüşürüz.", "Tamam. Salı günü 14:00'te görüşürüz."),
        ("en", "{when}", "On Tuesday at 2:00 PM"),
        ("en", "x {when_to}", "X to Tuesday at 2:00 PM"),
        ("en", "{name}, {day} {time_loc}", "Elif, Tuesday at 2:00 PM"),
        ("en", "{date_loc}, {duration}", "On 1 December, 50 minutes"),
    ],
)
def test_render_custom(language: str, template: str, expected: str) -> None:
    assert render_custom(template, make(language=language, start=TUESDAY_14)) == expected


@pytest.mark.parametrize(
    ("start", "tr", "en"),
    [
        (NOW + timedelta(hours=3), "Bugün 13:00'te", "Today at 1:00 PM"),
        (TOMORROW_14, "Yarın 14:00'te", "Tomorrow at 2:00 PM"),
        (
            datetime(2026, 12, 12, 9, 30, tzinfo=IST),
            "12 Aralık Cumartesi 09:30'da",
            "On Saturday, 12 December at 9:30 AM",
        ),
    ],
)
def test_when_relative_to_now(start: datetime, tr: str, en: str) -> None:
    assert render_custom("{when}", make(start=start)) == tr
    assert render_custom("{when}", make(start=start, language="en")) == en


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(0, 0), "12:00 AM"),
        (time(12, 0), "12:00 PM"),
        (time(14, 0), "2:00 PM"),
        (time(9, 5), "9:05 AM"),
    ],
)
def test_english_time(value: time, expected: str) -> None:
    assert english_time(value) == expected


def test_english_title() -> None:
    assert render_custom("{name}", make(language="en", client_title="Ms")) == "Ms Elif"


def test_values_are_flattened_to_one_line() -> None:
    ctx = make(therapist_name="Dr.\n  Zeynep   Kaya")
    assert render_custom("{therapist}", ctx) == "Dr. Zeynep Kaya"


@pytest.mark.parametrize(
    ("template", "placeholder"),
    [
        ("Merhaba {isim}", "isim"),
        ("{name} {note}", "note"),
        ("{name!r}", "name"),
        ("{time:>8}", "time"),
        ("{name.__class__}", "name.__class__"),
        ("{0}", "0"),
        ("{}", None),
        ("{name", None),
        ("a } b", None),
    ],
)
def test_bad_templates_raise_a_clear_error(template: str, placeholder: str | None) -> None:
    with pytest.raises(TemplateError) as raised:
        render_custom(template, make())
    assert raised.value.placeholder == placeholder
    if placeholder:
        assert "{" + placeholder in str(raised.value)


def test_placeholder_without_a_value_is_named() -> None:
    with pytest.raises(TemplateError, match=r"\{consent_link\}") as raised:
        render_custom("Onam: {consent_link}", make(consent_link=None))
    assert raised.value.placeholder == "consent_link"


def test_validate_custom() -> None:
    assert validate_custom("{greeting} {name}, {when} randevunuz var. {link}", K.REMINDER_24H) == []
    problems = validate_custom("{isim} {saat} {link}")
    assert len(problems) == 2 and "{isim}" in problems[0] and "{saat}" in problems[1]
    assert any("{link}" in p for p in validate_custom("{name}, {when}.", K.REMINDER_24H))
    assert any("{consent_link}" in p for p in validate_custom("{name} {link}", K.CONSENT_REQUEST))
    assert validate_custom("   ") == ["The text is empty."]
    assert len(validate_custom("{name")) == 1


def test_builtin_phrasings_are_valid_custom_texts() -> None:
    for kind, language, first, online in MATRIX:
        for seed in range(12):
            template = builtin_template(_matrix_ctx(kind, language, first, online, seed))
            assert validate_custom(template, kind) == []


# --- Purity ------------------------------------------------------------------------

FORBIDDEN = ("flask", "flask_", "sqlalchemy", "app.models", "app.services", "app.extensions")
FORBIDDEN += ("app.routes", "app.jobs", "app.sms", "app.clock", "app.labels", "redis", "rq")
# The assistant never hears a recording or reads a transcript (audio notes, app/speech).
FORBIDDEN += ("app.speech", "faster_whisper", "av", "ctranslate2")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).parent.parent / "app" / "assistant").rglob("*.py")),
    ids=lambda p: p.name,
)
def test_assistant_is_pure(path: Path) -> None:
    """The assistant takes typed inputs only: no app, no database, no queue."""
    for name in _imports(path):
        assert not any(
            name == bad or name.startswith((bad + ".", "flask_")) for bad in FORBIDDEN
        ), name


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).parent.parent / "app" / "speech").rglob("*.py")),
    ids=lambda p: p.name,
)
def test_speech_engine_is_pure(path: Path) -> None:
    """The engine gets audio bytes and gives text: no app, no database, no assistant."""
    banned = (*FORBIDDEN[:6], "app.assistant", "app.routes", "app.jobs", "redis", "rq")
    for name in _imports(path):
        assert not any(name == bad or name.startswith(bad + ".") for bad in banned), name


def test_names_stored_with_controls_or_bidi_overrides_go_out_without_them() -> None:
    """Names typed before the forms cleaned text were sent in SMS as they were stored."""
    ctx = make(
        client_first_name="Elif\x00\x1b[2J\u202e",
        therapist_name="Dr. \u2066Zeynep\u2069 Kaya",
        clinic_name="Moda\x85 Psikoloji",
    )
    text = render_custom("{greeting} {name}, {therapist}, {clinic}. {link}", ctx)
    assert "Elif[2J" in text and "Zeynep Kaya" in text and "Moda Psikoloji" in text
    assert not {"\x00", "\x1b", "\u202e", "\u2066", "\u2069", "\x85"} & set(text)
