"""The closed world with everyday words in it, and what still reaches a person; a declined
time and the one offered instead. Cases of our own wording, not corpus rows."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.assistant import closed_world, crisis, instructions, personal_vocab
from app.assistant import reply_vocab as vocab
from app.assistant.everyday_vocab import DE_EVERYDAY, EN_EVERYDAY, EVERYDAY, TR_EVERYDAY
from app.assistant.replies import Intent
from app.assistant.textprep import prepare
from tests.assistant_support import BER, IST, LON, read

# --- the everyday list itself ---------------------------------------------------------


def test_every_everyday_word_passes_every_screen():
    """A lexicon that grows to cover one of these words takes it out of the closed world:
    this test fails until the word leaves the list. (The statistical risk model reads whole
    messages, before the closed world; a single word is not its input.)"""
    flagged = [
        word
        for word in EVERYDAY
        if crisis.lexicon_categories(word, word)
        or vocab.CLINICAL.search(word)
        or personal_vocab.needs_a_person(word)
        or instructions.INJECTION.search(word)
        or vocab.OPT_OUT.search(word)
        or vocab.CANCEL.search(word)
        or vocab.UNCERTAIN.search(word)
    ]
    assert flagged == []


def test_the_everyday_words_are_folded_single_words():
    for word in EN_EVERYDAY + TR_EVERYDAY + DE_EVERYDAY:
        assert word == word.lower() and word.isascii() and " " not in word, word


@pytest.mark.parametrize(
    "word",
    "die dead kill suicide pills bridge rope knife mother wife husband pregnant baby sad tired "
    "therapy therapist insurance lawyer police records ignore system hospital doctor pain alone "
    "olum olmek intihar ilac kopru anne esim hamile uzgun yorgun terapi avukat polis sistem "
    "tot sterben brucke mutter schwanger traurig mude therapie anwalt polizei".split(),
)
def test_words_a_person_must_read_are_not_everyday(word):
    assert word not in EVERYDAY


# --- everyday reasons no longer stop an action ------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the tram is stuck because of a strike, 10 minutes late, apologies", "late"),
        ("Confirmed, I'll come directly from the airport", "confirm"),
        ("toplantı uzadı, sonra trafiğe girdim, 15 dakika gecikeceğim", "late"),
        ("evet geliyorum, işten erken çıktım zaten", "confirm"),
        ("Die Bahn fährt heute nicht, ich komme 20 Minuten später", "late"),
    ],
)
def test_an_everyday_reason_is_acted_on_without_a_person(text, intent):
    verdict = read(text)
    expected = Intent.RUNNING_LATE if intent == "late" else Intent.CONFIRM
    assert verdict.intent is expected and not verdict.forward and not verdict.urgent


def test_a_short_turkish_verb_stem_takes_its_whole_ending():
    for word in ("veriyorum", "yazacagim", "durmadim", "gelemeyecegim"):
        assert closed_world.explained(word), word
    assert not closed_world.explained("bosanacagim")  # "boş" must not explain a divorce


def test_a_weekday_abbreviation_takes_no_english_ending():
    assert not closed_world.explained("wedding")
    assert closed_world.explained("meetings") and closed_world.explained("mondays")


@pytest.mark.parametrize(
    "text", ["zoom linki gelecek mi", "seans kaç dakika sürüyor", "what's the address again?"]
)
def test_an_allowlisted_question_is_explained_by_its_topic(text):
    verdict = read(text)
    assert verdict.intent is Intent.QUESTION and not verdict.forward


# --- what everyday words say together still reaches a person ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        # ending or pausing therapy
        "Cancel Tuesday please, I want to stop coming altogether",
        "yes I'll be there but I don't want to come anymore after that",
        "salı gelemem, bir süre ara vermek istiyorum",
        "iptal edelim, bir daha gelmek istemiyorum",
        "Termin absagen bitte, ich möchte die Therapie beenden",
        # a subject raised for the session
        "Confirmed. There's a lot I want to talk about this time",
        "onaylıyorum, konuşmak istediğim çok şey var",
        # the session in another form
        "Tuesday is fine, can we do it online this week?",
        "salı olur, online yapabilir miyiz",
        # the writer's state, even as a figure of speech
        "Please move it to Thursday, I'm all over the place",
        "perşembeye alalım, bu hafta mahvoldum",
        # money, the law, records, someone else writing
        "I'll come, but I can't afford the fee this month",
        "geliyorum, avukatım sizden yazı isteyecek",
        "confirmed, and please delete my records afterwards",
        "I'm writing on behalf of my son, he won't come on Tuesday",
        "Tuesday is fine, I'm pregnant by the way",
    ],
)
def test_a_personal_subject_in_everyday_words_reaches_a_person(text):
    verdict = read(text)
    assert verdict.forward, text


@pytest.mark.parametrize(
    "text",
    [
        "thanks for the courtesy",
        "I'll leave here at 1:30",
        "very happy with the new time",
        "davet için teşekkürler",
        "polish",
        "a dozen",
        "tanıtım",
    ],
)
def test_everyday_phrases_that_look_personal_are_not_personal(text):
    plain = prepare(text).plain
    assert not personal_vocab.needs_a_person(plain)
    assert not vocab.CLINICAL.search(plain)


def test_a_happy_confirmation_is_acted_on():
    verdict = read("very happy with that, see you Tuesday")
    assert verdict.intent is Intent.CONFIRM and not verdict.forward


# --- a declined time and the one offered instead ---------------------------------------


def _local(verdict, tz):
    return verdict.proposed_start.astimezone(tz) if verdict.proposed_start else None


def test_the_time_offered_after_a_refusal_is_the_proposal():
    # The session is on Saturday 10:00; the writer declines it and offers the day after.
    now = datetime(2026, 12, 2, 9, 0, tzinfo=LON)
    start = datetime(2026, 12, 5, 10, 0, tzinfo=LON)
    verdict = read("can't do Saturday at 10, but the day after at the same time?", now, start, LON)
    assert verdict.intent is Intent.RESCHEDULE
    assert _local(verdict, LON) == datetime(2026, 12, 6, 10, 0, tzinfo=LON)


def test_the_following_weekday_is_counted_from_the_session():
    now = datetime(2026, 12, 3, 9, 0, tzinfo=LON)  # Thursday
    start = datetime(2026, 12, 7, 15, 0, tzinfo=LON)  # next Monday
    verdict = read("Could we do the following Monday instead, same time?", now, start, LON)
    assert _local(verdict, LON) == datetime(2026, 12, 14, 15, 0, tzinfo=LON)


def test_a_german_refusal_and_a_week_later_at_the_same_time():
    now = datetime(2026, 12, 3, 9, 0, tzinfo=BER)
    start = datetime(2026, 12, 4, 15, 0, tzinfo=BER)
    verdict = read("Morgen geht es nicht. Eine Woche später, gleiche Uhrzeit?", now, start, BER)
    assert verdict.intent is Intent.RESCHEDULE
    assert _local(verdict, BER) == datetime(2026, 12, 11, 15, 0, tzinfo=BER)


@pytest.mark.parametrize(
    "text",
    [
        "salı gelemiyorum ama perşembe ya da cuma olur",
        "Tuesday is no good, Wednesday or Thursday?",
    ],
)
def test_two_days_offered_is_a_move_with_no_start_picked(text):
    verdict = read(text)
    assert verdict.intent is Intent.RESCHEDULE and verdict.proposed_start is None


def test_a_refusal_followed_by_asking_what_else_there_is_is_a_move():
    verdict = read("salı sabah gelemiyorum, öğleden sonra boşluk var mı?")
    assert verdict.intent is Intent.RESCHEDULE


def test_a_refusal_with_nothing_offered_stays_a_cancellation():
    assert read("can't make Tuesday, sorry").intent is Intent.CANCEL
    assert read("salı gelemiyorum, kusura bakmayın").intent is Intent.CANCEL


def test_turkish_ya_da_is_not_read_as_english_you():
    assert "ya da" in prepare("salı ya da çarşamba").plain


def test_a_late_reply_is_not_running_late():
    verdict = read("sorry for the late reply, yes Tuesday is fine")
    assert verdict.intent is Intent.CONFIRM and verdict.minutes_late is None


@pytest.mark.parametrize("text", ["STOP sending these pls", "please stop sending me these"])
def test_stop_sending_these_is_an_opt_out(text):
    assert read(text).intent is Intent.OPT_OUT


@pytest.mark.parametrize(
    ("text", "personal"),
    [
        ("yes Tuesday, also we're expecting 🙂 big news", True),
        ("yes Tuesday, we're expecting a delivery in the morning", False),
        ("I'm expecting you at 2", False),
    ],
)
def test_expecting_a_baby_and_expecting_a_parcel(text, personal):
    assert personal_vocab.needs_a_person(prepare(text).plain) is personal


def test_a_time_asked_for_with_news_is_a_move_a_person_reads():
    verdict = read("Wednesday 3pm online? my mum's having an operation on Tuesday")
    assert verdict.intent is Intent.RESCHEDULE and verdict.forward


def test_a_clinical_question_with_a_span_of_time_is_still_a_question_for_the_therapist():
    verdict = read("Haven't slept properly in a week, is that the anxiety?")
    assert verdict.intent is Intent.OTHER and verdict.forward


def test_will_do_confirms():
    assert read("Will do, see you then").intent is Intent.CONFIRM


def test_a_dotted_clock_with_a_case_ending_is_a_time_not_a_date():
    now = datetime(2026, 12, 8, 13, 50, tzinfo=IST)
    verdict = read("Trafikteyim, 14.10'da oradayım", now=now)
    assert verdict.intent is Intent.RUNNING_LATE and verdict.minutes_late == 10


def test_stopping_the_reminders_of_one_hour_only_switches_nothing_off():
    verdict = read("stop the 7am reminders pls, later ones are fine")
    assert verdict.intent is not Intent.OPT_OUT and verdict.forward


def test_the_day_of_the_month_with_a_turkish_ending():
    now = datetime(2026, 12, 30, 21, 50, tzinfo=IST)
    start = datetime(2026, 12, 31, 11, 0, tzinfo=IST)
    verdict = read("yılbaşı olmuyor, 4ünde saat 10da gelebilir miyim", now, start)
    assert verdict.proposed_start == datetime(2027, 1, 4, 10, 0, tzinfo=IST)


def test_next_weekday_instead_of_the_sessions_own_is_the_week_after():
    now = datetime(2026, 12, 6, 20, 0, tzinfo=LON)  # Sunday
    start = datetime(2026, 12, 7, 12, 0, tzinfo=LON)  # Monday
    verdict = read("can we do next monday same time instead", now, start, LON)
    assert verdict.proposed_start == datetime(2026, 12, 14, 12, 0, tzinfo=LON)


def test_a_refusal_followed_by_a_cancellation_is_a_cancellation():
    verdict = read("kusura bakmayın bu hafta gelemeyeceğim, salıyı iptal edelim lütfen")
    assert verdict.intent is Intent.CANCEL
