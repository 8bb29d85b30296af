"""The deterministic reading of a reply, and the order the tiers run in.

Signals are found on the normalised text (`textprep.Prepared.plain`), then weighed:
a crisis overrides everything (read on the whole text, quoted reminder included);
instructions to the system, an injection or an uncertain reply go to a person; a
cancellation beats a plain "yes" ("evet, iptal edin"), a negated one ("don't cancel, I'm
coming", "iptal etmeyin") is a confirmation; a reschedule needs a move word or a proposed
time asked as a question. The closed world (`closed_world`) then decides `forward`: any
word the logistics grammar does not explain, or a clinical one, sends the reply to a
person too, whatever it asks for. Only what none of this settles reaches the model tier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.assistant import (
    closed_world,
    counter_offer,
    crisis,
    instructions,
    opt_out_vocab,
    personal_vocab,
    when,
)
from app.assistant import reply_vocab as vocab
from app.assistant.replies import (
    Intent,
    ReplyContext,
    ReplyIntent,
    ReplyModel,
    Tier,
    Topic,
    forward_to_person,
)
from app.assistant.textprep import Prepared, prepare, to_ascii


@dataclass(frozen=True, slots=True)
class Signals:
    injection: bool
    opt_out: bool
    uncertain: bool
    cancel: bool
    cancel_negated: bool
    confirm: bool
    confirm_strong: bool  # "onaylıyorum", "confirmed": a confirmation whatever else is asked
    reschedule: bool
    reschedule_weak: bool
    late: bool
    late_negated: bool
    other_person: bool
    clinical: bool
    asks: bool
    topic: Topic | None
    words: int
    unexplained: tuple[str, ...]  # words the logistics grammar does not account for
    prepared: Prepared
    original: str
    topic_pattern: re.Pattern[str] | None

    # Read only where the cheaper signals leave the answer open (most replies that reach
    # them have unexplained words already).
    def personal_topic(self) -> bool:
        """Ending therapy, a complaint, records...: `personal_vocab`."""
        return personal_vocab.needs_a_person(self.prepared.plain)

    def reminders(self) -> bool:
        """A wish about the reminders that is not a plain opt-out."""
        return opt_out_vocab.about_reminders(self.prepared.plain)

    def unexplained_as_question(self) -> tuple[str, ...]:
        """The unexplained words, the allowlisted question's own words aside."""
        if self.topic_pattern is None or not self.unexplained:
            return self.unexplained
        return tuple(closed_world.unexplained(self.prepared, self.original, self.topic_pattern))


def _other_person(plain: str) -> bool:
    if vocab.THIRD_PARTY_REQUEST.search(plain):
        return True
    return any(
        m.group(1) not in vocab.OWN_WORDS and m.group(1) not in ("my", "our")
        for m in vocab.OTHER_PERSON_SESSION.finditer(plain)
    )


def signals(prepared: Prepared, original: str = "") -> Signals:
    plain = prepared.plain
    words = vocab.WORD.findall(plain)
    bare = " ".join(words)
    negated = bool(vocab.CANCEL_NEGATED.search(plain))
    late_negated = bool(vocab.LATE_NEGATED.search(plain))
    late_text = vocab.LATE_NEGATED.sub(" ", plain) if late_negated else plain
    late_text = vocab.LATE_REPLY.sub(" ", late_text)
    # "iptal etmeyin" contains "iptal": the negation takes the cancel word away.
    cancel_text = vocab.CANCEL_NEGATED.sub(" ", plain) if negated else plain
    cancel_text = vocab.NOT_OURS_CANCELLED.sub(" ", cancel_text)
    topic, topic_pattern = None, None
    if vocab.ANY_TOPIC.search(plain):
        topic, topic_pattern = next(
            ((t, p) for t, p in vocab.QUESTION_TOPICS if p.search(plain)), (None, None)
        )
    if words in (["who"], ["kim"]):
        topic = Topic.WHO
    unexplained = tuple(closed_world.unexplained(prepared, original))
    other_person = _other_person(plain)
    return Signals(
        injection=other_person
        or bool(instructions.INJECTION.search(plain))
        or bool(instructions.PLAIN_MARKUP.search(to_ascii(prepared.folded)))
        or instructions.addresses_system(original, plain),
        opt_out=(bare in vocab.OPT_OUT_WHOLE or bool(vocab.OPT_OUT.search(plain)))
        and not opt_out_vocab.OPT_OUT_NEGATED.search(plain),
        uncertain=bool(vocab.UNCERTAIN.search(plain)),
        cancel=bool(vocab.CANCEL.search(cancel_text)),
        cancel_negated=negated,
        confirm=bool(vocab.CONFIRM.search(plain)) or bare in ("k", "kk", "y"),
        confirm_strong=bool(vocab.CONFIRM_STRONG.search(plain)),
        reschedule=bool(vocab.RESCHEDULE.search(plain)),
        reschedule_weak=bool(vocab.RESCHEDULE_WEAK.search(plain)),
        late=bool(vocab.LATE.search(late_text)),
        late_negated=late_negated,
        other_person=other_person,
        clinical=bool(vocab.CLINICAL.search(plain)),
        asks=bool(vocab.QUESTION_MARK.search(prepared.folded))
        or bool(vocab.QUESTION_MARK.search(plain)),
        topic=topic,
        words=len(words),
        unexplained=unexplained,
        prepared=prepared,
        original=original,
        topic_pattern=topic_pattern,
    )


# The reminder quoted back: a line opened by ">", or a long quotation the reply begins with.
_QUOTED = re.compile(r"^\s*>.*$|\A\s*[\"“„«][^\"“”„«»]{24,}[\"”“»]", re.MULTILINE)
_CORRECTION = re.compile(
    r"\b(?:actually|scratch that|no wait|wait no|i mean|sorry i mean|yok yok|karistirdim|"
    r"yanlis yazdim|aslinda|dur dur|ah hayir|hayir hayir)\b"
)


def meant(text: str) -> str:
    """What the reply says after quoting the reminder and after changing its mind ("can't
    come... actually wait yes I can"); the whole text still goes through the crisis screen."""
    text = _QUOTED.sub(" ", text).strip() or text
    plain = prepare(text).plain
    corrections = list(_CORRECTION.finditer(plain))
    if corrections:
        last = corrections[-1]
        rest = plain[last.end() :]
        if any(p.search(rest) for p in (vocab.CONFIRM, vocab.CANCEL, vocab.RESCHEDULE)):
            return rest
    return text


def interpret(text: str, context: ReplyContext, model: ReplyModel | None) -> ReplyIntent:
    whole = prepare(text)
    prepared = prepare(meant(text))
    # The whole text is screened, and what it meant too where that differs (the model
    # reads a shorter text differently): either can raise, nothing lowers.
    if crisis.is_crisis(whole.plain, whole.folded) or (
        prepared != whole and crisis.is_crisis(prepared.plain, prepared.folded)
    ):
        return ReplyIntent(
            intent=Intent.OTHER,
            forward=True,
            urgent=True,
            clinical=True,
            tier=Tier.CRISIS,
            reasons=("crisis_language",),
        )
    found = signals(prepared, text)
    if not prepared.plain.strip() or not vocab.WORD.search(prepared.plain):
        return forward_to_person(Tier.RULES, "empty")
    if found.injection:
        return forward_to_person(Tier.RULES, "instructions_in_reply")
    if found.opt_out:
        if vocab.OPT_OUT_QUALIFIED.search(prepared.plain):
            return forward_to_person(Tier.RULES, "opt_out_qualified")
        # "Take me off your list, I'm not coming back": the opt-out holds, and a person
        # reads what else it says.
        return ReplyIntent(
            intent=Intent.OPT_OUT,
            forward=found.clinical or personal_vocab.needs_a_person(prepared.plain),
            clinical=found.clinical,
            tier=Tier.RULES,
            reasons=("opt_out",),
        )
    decided = _decide(prepared, found, context)
    if decided is not None:
        return decided
    if found.clinical:
        return forward_to_person(Tier.RULES, "clinical", clinical=True)
    return _ask_model(prepared, found, context, model)


def _personal(found: Signals, *, confirming: bool = False) -> bool:
    """A person must read it too: clinical words, a personal subject, or anything the
    logistics grammar does not explain (closed world), or a message too long to be only
    logistics. A confirmation that waives the next reminder ("no need to text me again,
    I'll be there") changes nothing that cannot wait; any other wish about the reminders
    goes to a person."""
    return (
        found.clinical
        or bool(found.unexplained)
        or found.words > vocab.MAX_ACTION_WORDS
        or found.personal_topic()
        or (not confirming and found.reminders())
        or opt_out_vocab.changes_reminders(found.prepared.plain)
    )


def _decide(prepared: Prepared, found: Signals, context: ReplyContext) -> ReplyIntent | None:
    plain = prepared.plain
    personal = _personal(found)
    reasons: list[str] = []
    if found.clinical:
        reasons.append("clinical")
    # "Sunday 3pm? My mum has an operation on Monday": a move asked for, with news a person
    # reads; not a clinical question.
    names_a_time = (
        bool(when.times_in(plain))
        and (found.reschedule_weak or found.asks)
        or (found.reschedule_weak and when.day_in(plain, context.local_now.date()) is not None)
    )
    if (
        found.clinical
        and found.asks
        and not (found.confirm or found.cancel or found.reschedule or found.late or names_a_time)
    ):
        # "My GP wants to change my meds, should I agree?": a question for the therapist.
        return forward_to_person(Tier.RULES, "clinical_question", *reasons, clinical=True)
    delay = None
    if not (found.reschedule or found.reschedule_weak or found.cancel or found.asks):
        delay = when.arrival_delay(plain, context.now, context.tz, context.appointment_start)
    said_yes = bool(vocab.LEADING_YES.match(plain))
    if found.uncertain and not (found.cancel or found.late or delay is not None or said_yes):
        return forward_to_person(Tier.RULES, "uncertain", *reasons, clinical=found.clinical)
    personal = personal or found.uncertain
    # "Can't do Saturday at 10, the day after?": the first time named is the one declined.
    offer = counter_offer.offered(
        plain,
        context.local_now.date(),
        context.local_start.date() if context.local_start else None,
    )
    start = when.proposed_start(
        offer.text if offer else plain, context.now, context.tz, context.appointment_start
    )
    if offer is not None and (vocab.CANCEL.search(offer.text) or vocab.REBOOK_LATER.search(plain)):
        offer = None  # "bu hafta gelemeyeceğim, pazartesiyi iptal edelim": what follows cancels
    if offer is not None and offer.alternatives:
        start = None  # "salı ya da çarşamba olur": a move, and a person picks the day
    moving = (found.reschedule or found.reschedule_weak) and (
        start not in (None, context.appointment_start)
    )
    if (found.late or delay is not None) and not found.cancel and not moving:
        minutes = when.minutes_in(plain) or delay
        # "Probably ten minutes late" is still lateness; what else it says is read as
        # for any reply (the closed world: words outside the grammar go to a person).
        return ReplyIntent(
            intent=Intent.RUNNING_LATE,
            forward=_personal(found),
            clinical=found.clinical,
            minutes_late=minutes,
            reasons=("running_late", *reasons),
        )
    if (
        start is not None
        and context.appointment_start is not None
        and start == context.appointment_start
    ):
        start = None  # "see you Tuesday at 14:00" names the session itself
    day_named = (
        when.day_in(plain, context.local_now.date()) is not None
        or vocab.DAYPART.search(plain) is not None
    )
    wants_move = (
        found.reschedule
        or offer is not None
        or (start is not None and (found.reschedule_weak or found.asks or not found.confirm))
        or (found.reschedule_weak and day_named)
    )
    countered = found.reschedule or offer is not None
    if found.cancel and not countered and not found.asks and not found.reschedule_weak:
        start = None  # "can't make it, the GP says rest for a week": no time is proposed
    # "Please cancel, I'll ring to rebook": a cancellation; a move names when, or asks.
    rebook_later = found.cancel and start is None and not found.reschedule_weak
    if (
        wants_move
        and not (found.cancel and not countered and start is None)
        and not (rebook_later and vocab.REBOOK_LATER.search(plain))
    ):
        return ReplyIntent(
            intent=Intent.RESCHEDULE,
            forward=personal,
            clinical=found.clinical,
            proposed_start=start,
            reasons=("reschedule", *reasons),
        )
    if found.cancel:
        return ReplyIntent(
            intent=Intent.CANCEL,
            forward=personal,
            clinical=found.clinical,
            reasons=("cancel", *reasons),
        )
    if found.topic is not None and (found.asks or not found.confirm) and not found.confirm_strong:
        return ReplyIntent(
            intent=Intent.QUESTION,
            # Money is a person's to talk about: a price that changed, an invoice, a card.
            forward=found.clinical
            or found.topic is Topic.FEE
            or found.uncertain
            or found.words > vocab.MAX_ACTION_WORDS
            or bool(found.unexplained_as_question())
            or found.personal_topic()
            or found.reminders(),
            clinical=found.clinical,
            topic=found.topic,
            reasons=("question", *reasons),
        )
    if found.confirm or found.cancel_negated or found.late_negated:
        # "Yes, and can you ...?": confirmed, and a person answers what was asked.
        return ReplyIntent(
            intent=Intent.CONFIRM,
            forward=_personal(found, confirming=True)
            or found.uncertain
            or (found.asks and found.words > 3),
            clinical=found.clinical,
            reasons=("confirm", *reasons),
        )
    if vocab.BARE_NO.match(plain):
        # "No" to "reply to confirm, cancel or ask for another time": not coming; a person
        # looks too, because a bare no can answer something else.
        return ReplyIntent(intent=Intent.CANCEL, forward=True, reasons=("bare_no",))
    if vocab.THANKS_ONLY.match(plain + " "):
        return forward_to_person(Tier.RULES, "thanks_only")
    return None


def _ask_model(
    prepared: Prepared, found: Signals, context: ReplyContext, model: ReplyModel | None
) -> ReplyIntent:
    if model is None:
        return forward_to_person(Tier.FALLBACK, "unsettled")
    verdict = model.classify(prepared.plain, context)
    if verdict is None or verdict.intent in (Intent.OTHER, Intent.OPT_OUT):
        return forward_to_person(Tier.MODEL if verdict else Tier.FALLBACK, "unsettled")
    start = None
    minutes = None
    if verdict.intent is Intent.RESCHEDULE:
        start = when.proposed_start(
            prepared.plain, context.now, context.tz, context.appointment_start
        )
    if verdict.intent is Intent.RUNNING_LATE:
        minutes = when.minutes_in(prepared.plain)
    topic = verdict.topic if verdict.intent is Intent.QUESTION else None
    if verdict.intent is Intent.QUESTION and topic is None:
        return forward_to_person(Tier.MODEL, "question_without_topic")
    # A model's reading of a cancellation or a move is acted on only with a person
    # looking too; a confirmation or "running late" changes nothing that cannot wait.
    return ReplyIntent(
        intent=verdict.intent,
        forward=verdict.intent in (Intent.CANCEL, Intent.RESCHEDULE) or _personal(found),
        clinical=found.clinical,
        proposed_start=start,
        minutes_late=minutes,
        topic=topic,
        tier=Tier.MODEL,
        confidence=verdict.confidence,
        reasons=(f"model:{verdict.backend}",),
    )
