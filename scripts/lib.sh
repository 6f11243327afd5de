# Shared by scripts/run, scripts/test and scripts/perf-report: install what is missing,
# skip what is already there, and say what is happening. Only package registries are used
# (crates.io, npm, Debian).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION="0.3.10"
# The build output lives outside the clone so that repeated runs (and fresh clones) are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/caravan/target}"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  step "Installing $* from Debian packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    echo "Rust is not installed. Install it with rustup (https://rustup.rs), then run this again." >&2
    exit 1
  fi
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    note "wasm32-unknown-unknown target: present"
  else
    step "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    note "cargo-leptos $CARGO_LEPTOS_VERSION: present"
  else
    step "Installing cargo-leptos $CARGO_LEPTOS_VERSION from crates.io (a long compile, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    note "wasm-bindgen $want: present"
  else
    step "Installing wasm-bindgen-cli $want (must match Cargo.lock)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_npm_packages() {
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  if [ -x end2end/node_modules/.bin/wasm-opt ] && [ -x end2end/node_modules/.bin/playwright ] \
    && [ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ]; then
    note "npm packages (Playwright, binaryen's wasm-opt): present"
  else
    step "Installing npm packages (Playwright, binaryen's wasm-opt)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
}

ensure_build_tools() {
  ensure_rust
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_npm_packages
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    note "Chromium: present"
  else
    apt_install chromium
  fi
}

pg_answers() {
  command -v psql >/dev/null && psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1
}

# Sets TEST_DATABASE_URL to a PostgreSQL server that answers, starting one if needed:
# the machine's own cluster when it accepts postgres without a password, or else a private
# trust-auth cluster under ~/.cache/caravan.
# localstripe (PyPI): a stateful fake of Stripe's API and Stripe.js, for the tests of the
# Stripe provider, with the Connect parts it lacks added by scripts/localstripe-connect.py.
# Installed in a virtualenv of its own and started on a port of its own.
LOCALSTRIPE_VERSION=1.15.10
localstripe_answers() {
  # The Connect routes answer only from our script, not from a plain localstripe.
  curl -fsS -u sk_test_caravan: "$CARAVAN_TEST_STRIPE_API/v1/accounts" >/dev/null 2>&1
}
ensure_localstripe() {
  local port=8420 venv="$HOME/.cache/caravan/localstripe"
  export CARAVAN_TEST_STRIPE_API="http://127.0.0.1:$port"
  if localstripe_answers; then
    note "localstripe: answering at 127.0.0.1:$port"
    return
  fi
  # One without the Connect routes (an older run's) gives the port up.
  pkill -f 'bin/localstripe' 2>/dev/null || true
  pkill -f 'localstripe-connect.py' 2>/dev/null || true
  # A virtualenv made by another Python (an upgraded image) no longer imports: make it again.
  if ! "$venv/bin/python" -c 'import localstripe' >/dev/null 2>&1; then
    step "Installing localstripe $LOCALSTRIPE_VERSION from PyPI"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "localstripe==$LOCALSTRIPE_VERSION"
  fi
  step "Starting localstripe on 127.0.0.1:$port"
  # --from-scratch: otherwise it loads /tmp/localstripe.pickle, which an earlier run killed
  # mid-write leaves truncated, and then it dies at start.
  local log="$HOME/.cache/caravan/localstripe.log"
  nohup "$venv/bin/python" "$ROOT/scripts/localstripe-connect.py" --port "$port" --from-scratch >"$log" 2>&1 &
  for _ in $(seq 1 120); do
    localstripe_answers && return
    sleep 0.5
  done
  echo "localstripe did not start; the end of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    note "PostgreSQL: using TEST_DATABASE_URL"
    return
  fi
  local system_url="postgres://postgres@127.0.0.1:5432/postgres"
  local private_port=54329
  local private_url="postgres://postgres@127.0.0.1:$private_port/postgres"
  if pg_answers "$system_url"; then
    note "PostgreSQL: answering at 127.0.0.1:5432"
    export TEST_DATABASE_URL="$system_url"
    return
  fi
  if pg_answers "$private_url"; then
    note "PostgreSQL: private cluster answering at 127.0.0.1:$private_port"
    export TEST_DATABASE_URL="$private_url"
    return
  fi
  if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql/*/main >/dev/null 2>&1; then
    step "Starting the machine's PostgreSQL cluster"
    for version in $(ls /etc/postgresql); do
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    for _ in $(seq 1 20); do
      pg_answers "$system_url" && break
      sleep 0.5
    done
    if pg_answers "$system_url"; then
      export TEST_DATABASE_URL="$system_url"
      return
    fi
  fi
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$bindir" ] || ! command -v psql >/dev/null; then
    apt_install postgresql postgresql-client
    bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  step "Starting a private PostgreSQL server on 127.0.0.1:$private_port"
  local data="$HOME/.cache/caravan/pgdata"
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root.
    data="/var/tmp/caravan-pgdata"
    run_as=(runuser -u postgres --)
    mkdir -p "$data" && chown postgres "$data"
  fi
  mkdir -p "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust >/dev/null
  fi
  "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $private_port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  export TEST_DATABASE_URL="$private_url"
}
