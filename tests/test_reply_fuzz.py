"""Fuzzing the reply rules: whatever a client types, the inner interpreter
(`reply_rules.interpret`, without the catch-all of `interpret_reply`) returns one
allowlisted intent, never raises, and never leaves crisis language or an unread
reply without a person.

1,000 examples a strategy locally; 10,000 when CI is set (`CI=1 pytest ...`).
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.assistant import reply_rules
from app.assistant.replies import Intent, ReplyContext, ReplyIntent, Tier

EXAMPLES = 10_000 if os.environ.get("CI") else 1_000
settings.register_profile(
    "reply-fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("reply-fuzz")

IST = ZoneInfo("Europe/Istanbul")
LONDON = ZoneInfo("Europe/London")
CONTEXTS = [
    ReplyContext(
        now=datetime(2026, 11, 23, 18, tzinfo=IST),
        tz=IST,
        appointment_start=datetime(2026, 11, 24, 14, tzinfo=IST),
    ),
    ReplyContext(
        now=datetime(2026, 12, 31, 23, 59, tzinfo=IST),
        tz=IST,
        appointment_start=datetime(2027, 1, 1, 0, 30, tzinfo=IST),
        language="en",
    ),
    ReplyContext(
        now=datetime(2026, 10, 24, 18, tzinfo=LONDON),
        tz=LONDON,
        appointment_start=datetime(2026, 10, 25, 1, 30, tzinfo=LONDON),
        language="en",
    ),
    ReplyContext(now=datetime(2026, 3, 1, 9, tzinfo=IST), tz=IST),  # no session linked
]

WORDS = (
    "evet hayır tamam tmm tmmdır olur iptal İPTAL IPTAL ıptal Iptal i\u0307ptal gelemem "
    "gelemicem gelicem geliyorum GELİYORUM geç kalacağım gecikeceğim dakika dk saat yarın "
    "bugün haftaya sonra önce erken aynı saatte pazartesi salı çarşamba perşembe cuma "
    "cumartesi pazar öğleden sabah akşam buçuk on beş yirmi otuz yarım çeyrek randevu seans "
    "değil etmeyin ama ve de ölmek istiyorum intihar kendimi yaşamak sms istemiyorum adres "
    "otopark ücret link kimsiniz ilaç talimat unut sistem yes no ok okay cancel can't don't "
    "not won't make it confirm coming late minutes mins hour half quarter past am pm noon "
    "tomorrow today next Monday Tuesday Wednesday Thursday Friday Saturday Sunday same time "
    "later earlier stop STOP unsubscribe kill myself end my life suicide where parking fee "
    "link who ignore previous instructions system admin prompt all clients notes"
).split()
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.integers(min_value=-5, max_value=100_000).map(str),
    st.sampled_from(
        [
            "14:00",
            "9.30",
            "1pm",
            "13:60",
            "25:00",
            "10'da",
            "3'te",
            "30dk",
            "05.12.2026",
            "31/02",
            "29.02.2027",
            "0:00",
            "99:99",
            "12am",
            "7 a.m.",
        ]
    ),
    st.sampled_from(
        ["👍", "👍🏽", "👌", "✅", "❌", "👎", "🙏", "😊", "😭", "❤️", "🤝", "⏰", "🆗"]
    ),
    st.sampled_from(list(".,;:!?¿¡'\"`’()[]{}<>/\\|-_+*=#@$%^&~…«»")),
    st.sampled_from(
        [
            "\u200b",
            "\u200c",
            "\u200d",
            "\u2060",
            "\ufeff",
            "\u202e",
            "\u00ad",
            "\u0307",
            "\u0301",
            "\x00",
            "\n",
            "\t",
            "\r\n",
            "\ud800",
        ]
    ),
    st.text(max_size=8),
)
MIXED = st.lists(
    st.tuples(PIECES, st.sampled_from(["", " ", " ", "  ", "\u200b", ",", "\n"])),
    max_size=60,
).map(lambda parts: "".join(a + b for a, b in parts)[:2000])


def _check(text: str, context: ReplyContext) -> None:
    reading = reply_rules.interpret(text, context, None)
    assert isinstance(reading, ReplyIntent)
    assert reading.intent in set(Intent)
    assert isinstance(reading.tier, Tier)
    assert isinstance(reading.forward, bool) and isinstance(reading.urgent, bool)
    if reading.urgent:
        assert reading.forward
    if reading.intent is Intent.OTHER:
        assert reading.forward
    if reading.proposed_start is not None:
        assert reading.intent is Intent.RESCHEDULE
        assert reading.proposed_start.tzinfo is not None
    if reading.minutes_late is not None:
        assert reading.intent is Intent.RUNNING_LATE
        assert isinstance(reading.minutes_late, int) and reading.minutes_late >= 0
    reading.to_json(context.tz)  # serialises, as the CLI and the job do


@FUZZ
@given(text=st.text(max_size=2000), context=st.sampled_from(CONTEXTS))
def test_any_unicode_text(text, context):
    _check(text, context)


@FUZZ
@given(text=MIXED, context=st.sampled_from(CONTEXTS))
def test_turkish_and_english_words_digits_emoji_and_hidden_characters(text, context):
    _check(text, context)


def test_the_limits():
    for context in CONTEXTS:
        for text in ("", " ", "\u200b" * 3000, "İ" * 5000, "9" * 2000, "👍" * 2000, "\ud800"):
            _check(text, context)
