"""Forms and display names for clients' data requests and the clinic's privacy settings."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.form_base import Form
from app.models import DataRequestKind, DataRequestStatus
from app.services import data_requests

# What staff read.
KINDS = {
    DataRequestKind.ACCESS: _l("Copy of their data (access)"),
    DataRequestKind.RECTIFICATION: _l("Correction"),
    DataRequestKind.ERASURE: _l("Erasure"),
    DataRequestKind.RESTRICTION: _l("Restriction of processing"),
    DataRequestKind.CONSENT_WITHDRAWAL: _l("Consent withdrawal"),
}
# What the client reads, with a line on what each means.
CLIENT_KINDS = {
    DataRequestKind.ACCESS: (
        _l("A copy of my data"),
        _l("Everything the clinic keeps about you, in a file you can read."),
    ),
    DataRequestKind.RECTIFICATION: (
        _l("Correct my data"),
        _l("Say below what is wrong, for example your phone number."),
    ),
    DataRequestKind.ERASURE: (
        _l("Delete my data"),
        _l(
            "If the law makes the clinic keep your records for some years, they are locked "
            "until then and deleted at the end."
        ),
    ),
    DataRequestKind.RESTRICTION: (
        _l("Stop using my data for now"),
        _l("Your data is kept but not used: no reminders, no assistant."),
    ),
    DataRequestKind.CONSENT_WITHDRAWAL: (
        _l("Withdraw a consent"),
        _l("For example to text message reminders. Say below which one."),
    ),
}
STATUSES = {
    DataRequestStatus.OPEN: _l("Open"),
    DataRequestStatus.IN_PROGRESS: _l("In progress"),
    DataRequestStatus.DONE: _l("Done"),
    DataRequestStatus.REFUSED: _l("Refused"),
}
REASONS = {
    "retention_period": _l("A legal retention period applies"),
    "identity_unverified": _l("Identity could not be confirmed"),
    "unfounded": _l("Unfounded or excessive"),
    "no_data": _l("The clinic holds no such data"),
    "other": _l("Other reason, told to the client"),
}
LAWS = {
    data_requests.KVKK: _l("KVKK (Türkiye): 30 days"),
    data_requests.GDPR: _l("GDPR: one month"),
}
DETAILS_HINT = _l("Please do not write about your health here.")


def kind_label(kind: DataRequestKind | str) -> str:
    return str(KINDS[DataRequestKind(kind)])


def status_label(status: DataRequestStatus | str) -> str:
    return str(STATUSES[DataRequestStatus(status)])


RESTRICTED_UNTIL = "restricted_until_"


def outcome_label(outcome: str | None) -> str:
    if outcome is None or outcome == data_requests.DONE:
        return ""
    if outcome == "shredded":
        return str(_l("The client's data was erased."))
    if outcome == "restricted":
        return str(_l("Processing was restricted"))
    if outcome.startswith(RESTRICTED_UNTIL):
        try:
            day = date.fromisoformat(outcome.removeprefix(RESTRICTED_UNTIL))
        except ValueError:
            return outcome
        return str(_l("Restricted; erased on %(date)s", date=format_date(day, "medium")))
    return str(REASONS.get(outcome, outcome))


class ClientRequestForm(Form):
    """What a client asks for on their link."""

    kind = RadioField(
        _l("What would you like?"),
        choices=[SelectChoice(kind.value, label) for kind, (label, _) in CLIENT_KINDS.items()],
        validators=[InputRequired(_l("Pick what you would like."))],
    )
    details = TextAreaField(
        _l("Anything the clinic should know (optional)"),
        validators=[Optional(), Length(max=data_requests.MAX_DETAILS)],
    )


class StaffRequestForm(Form):
    """A request a client made by phone, in person or in writing."""

    kind = SelectField(
        _l("Request"), choices=[SelectChoice(kind.value, label) for kind, label in KINDS.items()]
    )
    received_on = DateField(_l("Received on"), validators=[InputRequired()])
    details = TextAreaField(
        _l("Details (optional)"), validators=[Optional(), Length(max=data_requests.MAX_DETAILS)]
    )

    def validate_received_on(self, field: DateField) -> None:
        if field.data is not None and field.data > self.today:
            raise ValidationError(_l("The request cannot arrive in the future."))

    def __init__(self, *args, today: date, **kwargs) -> None:
        kwargs.setdefault("prefix", "request")  # its ids stay apart from the page's others
        kwargs.setdefault("received_on", today)  # shown when no form was sent
        super().__init__(*args, **kwargs)
        self.today = today


class RefuseForm(Form):
    reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice(code, label) for code, label in REASONS.items()],
        validators=[DataRequired()],
    )


class PrivacySettingsForm(Form):
    """The law that sets the clock for requests, and how long records are kept."""

    privacy_law = SelectField(
        _l("Law for clients' data requests"),
        choices=[SelectChoice(code, label) for code, label in LAWS.items()],
    )
    clinical_retention_years = IntegerField(
        _l("Keep clinical records, years after the last session"),
        validators=[InputRequired(), NumberRange(min=1, max=30)],
    )
    message_retention_days = IntegerField(
        _l("Keep the text of messages, days"),
        validators=[InputRequired(), NumberRange(min=1, max=3650)],
    )
    audit_retention_years = IntegerField(
        _l("Keep audit log rows, years"),
        validators=[InputRequired(), NumberRange(min=1, max=30)],
    )
