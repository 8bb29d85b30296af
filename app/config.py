"""Defaults. instance/config.py and SEANS_* environment variables override them."""

from __future__ import annotations

from datetime import timedelta


class Defaults:
    SECRET_KEY: str | None = None  # generated into instance/config.py by `flask seans init`
    SQLALCHEMY_DATABASE_URI: str | None = None  # None: SQLite file in instance/
    # Bound parameters stay out of error messages and logs: they may be personal data.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    REDIS_URL = "redis://127.0.0.1:6379/0"
    RQ_QUEUE = "seans"

    # Keys: a JSON key file in instance/ or SEANS_MASTER_KEYS ("id:base64,id:base64", first active).
    MASTER_KEY_FILE = "keys/master.json"
    MASTER_KEYS: str | None = None
    # Ids of erased clients, kept beside the master keys and never in the database or
    # its backups: a restore shreds them again (app/services/tombstones.py).
    TOMBSTONE_FILE = "keys/tombstones.json"

    # The nightly retention job (app/services/retention.py) is queued once a day at
    # or after this hour, in DEFAULT_CLINIC_TIMEZONE.
    RETENTION_HOUR = 3
    # Where pg_dump and pg_restore are (None: PATH, then /usr/lib/postgresql/*/bin).
    PG_BIN_DIR: str | None = None

    # Argon2id: RFC 9106 low-memory profile; tests switch to "cheapest".
    ARGON2_PROFILE = "rfc9106_low_memory"

    # Sessions on a shared reception PC.
    SESSION_COOKIE_NAME = "seans_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    SESSION_TOUCH_INTERVAL = timedelta(seconds=30)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    # Brute force: failures counted per account and per IP in a fixed window.
    LOGIN_WINDOW = timedelta(minutes=15)
    # Wrong passwords in a window: from one known device of the account; from all its
    # unknown devices; from one address (unknown devices only, all accounts). See
    # services/login_devices.py.
    LOGIN_MAX_FAILURES_PER_DEVICE = 10
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
    LOGIN_MAX_FAILURES_PER_IP = 100
    LOGIN_DEVICE_COOKIE_DAYS = 365
    SECOND_FACTOR_TRIES = 5  # wrong codes per account in LOGIN_WINDOW

    WTF_CSRF_TIME_LIMIT = None  # the session's own timeouts bound the token's life
    # Pages send Referrer-Policy: no-referrer, so Flask-WTF's HTTPS Referer check would
    # refuse every POST; the token, SameSite=Lax and Sec-Fetch-Site do that job.
    WTF_CSRF_SSL_STRICT = False
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Number of reverse proxies in front of the app whose X-Forwarded-* to trust
    # (0: none). Without it, behind a proxy every login would share one IP limit.
    PROXY_FIX_HOPS = 0

    BABEL_DEFAULT_LOCALE = "tr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Istanbul"
    LANGUAGES = ("tr", "en")

    DEFAULT_CLINIC_TIMEZONE = "Europe/Istanbul"

    # Vonage SMS API (app/sms.py). REST_HOST None: Vonage itself; the fake gateway
    # (`flask sms fake-gateway`) prints the REST_HOST and CA_BUNDLE to use instead.
    # Where clients reach this installation: magic links in SMS and every other absolute
    # URL are built from it (app/urls.py), never from a request's Host. A request naming
    # another host answers 400: TRUSTED_HOSTS is PUBLIC_URL's host unless set here.
    PUBLIC_URL = "http://127.0.0.1:5000"
    # The outbox: a claim older than the lease is a lost worker's; a message whose
    # fate is unknown is sent again only if no receipt named it within the grace.
    OUTBOX_LEASE_SECONDS = 120
    OUTBOX_UNKNOWN_GRACE_SECONDS = 1800
    OUTBOX_SWEEP_SECONDS = 5
    OUTBOX_BATCH = 200
    VONAGE_API_KEY: str | None = None
    VONAGE_API_SECRET: str | None = None
    VONAGE_SIGNATURE_SECRET: str | None = None  # signs inbound and receipt webhooks
    SMS_FROM = "Seans"
    VONAGE_REST_HOST: str | None = None
    VONAGE_TIMEOUT = 5  # seconds
    VONAGE_CA_BUNDLE: str | None = None

    # The assistant's model tier, for replies the rules cannot settle
    # (app/assistant/model_config.py): "local" runs all-MiniLM-L6-v2 on this machine
    # (requirements-model.txt; without it the rules decide alone), "chat" asks an
    # OpenAI-compatible endpoint the clinic hosts, "none" keeps to the rules.
    ASSISTANT_MODEL = "local"
    ASSISTANT_LOCAL_THRESHOLD = 0.75  # cosine to the nearest labelled example
    ASSISTANT_CHAT_URL: str | None = None  # base URL, e.g. http://10.0.0.5:8080/v1
    ASSISTANT_CHAT_MODEL: str | None = None
    ASSISTANT_CHAT_TIMEOUT = 5  # seconds, the whole request
    ASSISTANT_CHAT_KEY: str | None = None  # sent as a Bearer token if set

    # Audio notes (app/services/recordings.py). Encrypted audio waits in
    # instance/RECORDINGS_DIR until transcribed or discarded; never in the database or
    # a backup. SPEECH_ENGINE: "whisper-base" (the packaged multilingual model, unpacked
    # once into instance/SPEECH_MODEL_DIR) or "whisper:/path/to/a/ctranslate2/model".
    RECORDINGS_DIR = "recordings"
    RECORDING_CHUNK_MAX_BYTES = 1024 * 1024
    RECORDING_MAX_BYTES = 64 * 1024 * 1024  # about 4 hours of 32 kbit/s Opus
    SPEECH_ENGINE = "whisper-base"
    SPEECH_MODEL_DIR = "models"
    SPEECH_THREADS = 2
