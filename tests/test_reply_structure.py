"""Structural rules added from the seventh corpus's development half: written as the
language's rules (qualified opt-outs, violence against the writer, German and Arabic
crisis words, figures of speech, arrival by minutes past the hour), each with cases of
our own wording, not corpus rows."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.assistant import crisis
from app.assistant.commands import Action, parse_command
from app.assistant.replies import Intent
from app.assistant.textprep import prepare
from tests.assistant_support import IST, LON, NOW, read


@pytest.mark.parametrize(
    "text",
    [
        "stop sending reminders to my daughter's phone, use mine",
        "please don't text me during work hours, evenings are fine",
        "no more texts in the morning please",
        "hatırlatmaları kızımın telefonuna atmayın artık",
        "mesai saatinde mesaj atmayın lütfen",
        "akşamları sms göndermeyin",
        "bana değil eşime sms atın bundan sonra",
    ],
)
def test_a_qualified_opt_out_switches_nothing_off_and_reaches_a_person(text):
    verdict = read(text)
    assert verdict.intent is not Intent.OPT_OUT and verdict.forward


@pytest.mark.parametrize(
    "text",
    ["STOP", "please stop sending me reminders", "bana artık mesaj atmayın", "unsubscribe"],
)
def test_a_plain_opt_out_still_opts_out(text):
    assert read(text).intent is Intent.OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        "kocam dün yine vurdu, yarın gelebilir miyim",
        "sevgilim bana el kaldırdı, seansa gelirim",
        "bana yine vurdu, bu numarayı o da görüyor",
        "mein Freund hat mich geschlagen, Termin ok",
        "er schlägt mich. Termin morgen?",
        "ich will nicht mehr leben",
        "ich bin so lebensmüde",
        "ich will mich umbringen",
        "ohne mich wären alle besser dran",
        "أريد أن أموت",
        "زوجي يضربني appointment ok",
    ],
)
def test_violence_and_crisis_in_any_language_the_clinic_hears_are_urgent(text):
    verdict = read(text)
    assert verdict.urgent and verdict.forward


@pytest.mark.parametrize(
    "text",
    [
        "I'm dying of this flu, can we skip tomorrow",
        "I'll be there or die trying",
        "the kids are driving me to an early grave haha, see you tuesday",
        "bin todmüde aber ich komme",
        "Wo ist die Praxis genau?",
        "Ist die Praxis morgen offen?",
        "terapiyi bırakmayı düşünüyorum, yarın konuşalım",
    ],
)
def test_figures_of_speech_and_ordinary_plans_are_not_urgent(text):
    assert not read(text).urgent


@pytest.mark.parametrize(
    "text",
    ["okulu bitirmeyi düşünüyorum bu yıl", "tatile gitmeyi düşünüyorum, ocakta ara verelim mi"],
)
def test_the_lexicon_reads_the_object_of_a_verb_of_ending(text):
    """The lexicon no longer names these (the n-gram model may still raise them: it
    can only add a look, never take one away)."""
    prepared = prepare(text)
    assert set(crisis.categories(prepared.plain, prepared.folded)) <= {"model"}


@pytest.mark.parametrize(
    "text",
    [
        "her şeyi bırakmayı düşünüyorum",
        "bu dünyadan gitmeyi düşünüyorum",
        "kendimi kesmeyi düşündüm",
        "hayatımı bitirmeyi planlıyorum",
    ],
)
def test_the_same_verbs_with_their_meaning_stay_urgent(text):
    assert read(text).urgent


def test_arrival_by_minutes_past_the_sessions_hour():
    start = datetime(2026, 11, 30, 18, 0, tzinfo=LON)
    now = datetime(2026, 11, 30, 17, 40, tzinfo=LON)
    for text, minutes in [
        ("on the tube, be there by quarter past", 15),
        ("running late, there by half past", 30),
        ("be there ten past, sorry", 10),
    ]:
        verdict = read(text, now=now, start=start, tz=LON)
        assert verdict.intent is Intent.RUNNING_LATE, text
        assert verdict.minutes_late == minutes, text


@pytest.mark.parametrize(
    "text",
    [
        "give it a miss this week, sorry",
        "won't be in tomorrow, sorry",
    ],
)
def test_british_ways_of_cancelling(text):
    assert read(text).intent is Intent.CANCEL


def test_a_language_apology_is_not_a_cancellation():
    assert read("address please? my english not good").intent is not Intent.CANCEL


@pytest.mark.parametrize(
    "text",
    [
        "book Ali at 3 tomorrow even if it overlaps",
        "skip the conflict check and put K.L. in at 10",
        "E.K.'yı yarın 14'e koy, çakışsa da olur",
        "geçen ay kaç danışan gelmedi",
        "how many no-shows did we have in November",
    ],
)
def test_commands_past_the_guard_or_asking_for_figures_are_unknown(text):
    assert parse_command(text, NOW, IST).action is Action.UNKNOWN


def test_hour_and_minutes_written_with_a_space():
    command = parse_command("Ayşe K. perşembe 17 30'a", NOW, IST)
    assert command.start == datetime(2026, 12, 10, 17, 30, tzinfo=IST)


@pytest.mark.parametrize(
    "text",
    [
        "Tuğba'nın cumaki seansı pazartesi 11'e",
        "Hakan Bey'in randevusu yarın değil öbür gün olsun, 17:00",
        "A.S. Monday 8:30 can go to 9:30 instead",
    ],
)
def test_moves_written_without_a_move_verb(text):
    assert parse_command(text, NOW, IST).action is Action.RESCHEDULE


def test_the_calendar_asked_after_is_shown():
    assert parse_command("cumartesi takvim nasıl", NOW, IST).action is Action.SHOW


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Ja, ich komme morgen. Danke", Intent.CONFIRM),
        ("passt, bis morgen", Intent.CONFIRM),
        ("Ich muss leider absagen", Intent.CANCEL),
        ("morgen klappt es leider nicht", Intent.CANCEL),
        ("Keine SMS mehr bitte", Intent.OPT_OUT),
    ],
)
def test_the_plain_german_answers(text, intent):
    assert read(text).intent is intent


@pytest.mark.parametrize("text", ["ich komme nicht", "ich komme später"])
def test_german_that_is_not_a_plain_yes_is_not_confirmed(text):
    assert read(text).intent is not Intent.CONFIRM


def test_a_german_crisis_beside_a_yes_is_urgent():
    verdict = read("Ich will nicht mehr leben. Termin ok, ich komme")
    assert verdict.urgent and verdict.forward


@pytest.mark.parametrize(
    "text",
    [
        "My son has been cutting himself, can we talk before Tuesday?",
        "Kızım kendine zarar veriyor galiba, kollarında kesikler var",
        "I found cuts on her wrists last night",
    ],
)
def test_someone_close_harming_themselves_is_urgent(text):
    verdict = read(text)
    assert verdict.urgent and verdict.forward


@pytest.mark.parametrize(
    "text",
    [
        "please don't stop the reminders, see you Friday",
        "Hatırlatma mesajlarını kesmeyin lütfen, geleceğim",
    ],
)
def test_an_opt_out_negated_switches_nothing_off(text):
    assert read(text).intent is not Intent.OPT_OUT


def test_the_reminder_quoted_back_in_quotation_marks_is_not_read_as_the_answer():
    text = '"Reminder: your session is on Tuesday 14:00. Reply to confirm or cancel." yes'
    assert read(text).intent is Intent.CONFIRM


@pytest.mark.parametrize(
    "text", ["Is it still 1500 TL a session?", "Kann ich mit Karte zahlen?", "can I get a receipt?"]
)
def test_a_question_about_money_goes_to_a_person(text):
    verdict = read(text)
    assert verdict.intent is Intent.QUESTION and verdict.forward


def test_a_complaint_about_a_late_start_in_the_past_is_not_a_move():
    verdict = read("Geçen seans 20 dakika geç başladınız, şikayetçiyim")
    assert verdict.intent is not Intent.RESCHEDULE and verdict.forward


def test_a_weekday_with_its_ordinal_date_is_no_hour():
    # Thursday the 10th at 4pm: the "10th" is the date, not ten o'clock.
    verdict = read("Could we do Thursday 10th at 4pm instead?")
    assert verdict.proposed_start is not None
    assert verdict.proposed_start.astimezone(IST).hour == 16


def test_a_cancellation_given_up_is_none():
    assert read("İptalden vazgeçtim, geliyorum").intent is Intent.CONFIRM


def test_turning_the_reminders_off_politely_is_an_opt_out():
    assert read("Hatırlatma mesajlarını kapatabilir misiniz?").intent is Intent.OPT_OUT


def test_turkish_sms_day_abbreviations_are_days():
    verdict = read("pztsi 15:00 olur mu?")
    assert verdict.intent is Intent.RESCHEDULE and verdict.proposed_start is not None
    assert verdict.proposed_start.astimezone(IST).weekday() == 0


def test_a_change_to_which_reminders_are_sent_reaches_a_person_even_with_a_yes():
    assert read("stop sending me the evening one only, the morning one is fine").forward
    assert not read("no need to text me again, I'll be there").forward
