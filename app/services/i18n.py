"""Language and time zone of the current request."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, request, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    clinic = g.get("clinic")
    if clinic is not None and clinic.locale in languages:
        return clinic.locale
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    clinic = g.get("clinic")
    return clinic.timezone if clinic is not None else current_app.config["DEFAULT_CLINIC_TIMEZONE"]


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(select_timezone())


def to_clinic_time(moment: datetime) -> datetime:
    return moment.astimezone(clinic_zone())
