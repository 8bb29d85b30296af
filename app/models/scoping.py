"""Every ORM query on clinic-owned rows is filtered to the current clinic.

The current clinic comes from the logged-in session (set on flask.g per request)
or from `clinic_scope()` in jobs and commands. A query on clinic-owned rows with
no clinic in scope is refused rather than silently crossing tenants; system
tasks that must see every clinic say so with `all_clinics()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import g, has_app_context
from sqlalchemy import Table, event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql import visitors

from app.models.base import ClinicScoped


class UnscopedQuery(RuntimeError):
    """A query on clinic-owned rows ran with no clinic in scope."""


def current_clinic_id() -> uuid.UUID | None:
    return g.get("clinic_id") if has_app_context() else None


def _bypassed() -> bool:
    return has_app_context() and g.get("all_clinics", False)


@contextmanager
def clinic_scope(clinic_id: uuid.UUID) -> Iterator[None]:
    previous = g.get("clinic_id")
    g.clinic_id = clinic_id
    try:
        yield
    finally:
        g.clinic_id = previous


@contextmanager
def all_clinics() -> Iterator[None]:
    previous = g.get("all_clinics", False)
    g.all_clinics = True
    try:
        yield
    finally:
        g.all_clinics = previous


def _clinic_owned_models() -> dict[str, str]:
    """Table name → model name of every ClinicScoped model."""
    found, stack = {}, list(ClinicScoped.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if getattr(cls, "__table__", None) is not None:
            found[cls.__table__.name] = cls.__name__
    return found


def _clinic_owned_tables_in(statement: Any) -> list[str]:
    """Clinic-owned tables anywhere in a statement: selected, joined, counted, in a subquery."""
    owned = _clinic_owned_models()
    names = {
        element.name
        for element in visitors.iterate(statement, {"column_tables": True})
        if isinstance(element, Table) and element.name in owned
    }
    return sorted(owned[name] for name in names)


@event.listens_for(Session, "do_orm_execute")
def _scope_to_clinic(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("all_clinics") or _bypassed():
        return
    clinic_id = current_clinic_id()
    if clinic_id is None:
        if state.is_column_load or state.is_relationship_load:
            return  # refreshing or following a row that was already loaded in scope
        touched = _clinic_owned_tables_in(state.statement)
        if touched:
            raise UnscopedQuery(f"query on {', '.join(touched)} with no clinic in scope")
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            ClinicScoped,
            lambda cls: cls.clinic_id == clinic_id,
            include_aliases=True,
        )
    )
