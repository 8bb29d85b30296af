"""Extension objects, created unbound and initialised in create_app()."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from flask_babel import Babel
from flask_htmx import HTMX
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """WAL for concurrent readers, enforced foreign keys, a wait instead of 'locked',
    and secure deletion.

    pysqlite's own transaction handling starts no transaction before a SELECT, so a
    check-then-insert would not be atomic; SQLAlchemy emits BEGIN itself instead
    (see _sqlite_begin)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # Deleted rows are overwritten with zeros, not just unlinked: an erased client's
        # ciphertext must not linger in free pages (builds differ in their default).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


SQLITE_BEGIN = "sqlite_begin"
_IMMEDIATE = "seans_immediate"
_writer = ContextVar("seans_writer", default=False)


def start_writing() -> Token[bool]:
    """From here every transaction begun takes SQLite's write lock as it begins.

    A request that may write runs so, and no service has to remember to ask for the
    lock before its first read: a commit in the middle of the request (the session
    touch) does not leave the next transaction a reader that cannot become a writer.
    PostgreSQL needs none of this."""
    return _writer.set(True)


def stop_writing(token: Token[bool]) -> None:
    _writer.reset(token)


@contextmanager
def writing() -> Iterator[None]:
    token = start_writing()
    try:
        yield
    finally:
        stop_writing(token)


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE inside `writer()` or when a caller asked for the write
    lock up front (bookings: the overlap check and the insert must not interleave)."""
    if connection.dialect.name == "sqlite":
        immediate = (
            _writer.get() or connection.get_execution_options().get(SQLITE_BEGIN) == "IMMEDIATE"
        )
        connection.info[_IMMEDIATE] = immediate
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WROTE = "seans_wrote"


@event.listens_for(Session, "after_flush")
def _remember_writes(session: Session, flush_context: Any) -> None:
    """Note that this transaction has written: on SQLite it then holds the write lock."""
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _remember_statement_writes(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(WROTE, None)


def commit_keeping_loaded() -> None:
    """Commit without expiring the rows this session holds (they were just read)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def lock_for_write() -> None:
    """Hold the database's write lock from here to commit.

    A read-then-write (a booking's overlap check, the audit chain's head) must not
    interleave with another writer. PostgreSQL does that with constraints and row
    locks; on SQLite the transaction must start with BEGIN IMMEDIATE, because a
    transaction that has only read cannot take the write lock later once another
    writer has committed. So a read-only transaction is ended and begun again."""
    if db.session.get_bind().dialect.name != "sqlite":
        return
    if db.session.connection().info.get(_IMMEDIATE):
        return
    db.session.flush()
    if db.session.info.get(WROTE):
        return  # a transaction that has written already holds SQLite's write lock
    db.session.rollback()  # nothing to lose: only reads happened
    db.session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
