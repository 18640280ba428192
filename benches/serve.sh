#!/usr/bin/env bash
# Start-up time and memory of `duban serve`: from the start of the process to its first
# answer, resident memory when idle, and its peak under the write benchmark's load (progress
# reports at 1 and 8 clients, then 8 writers beside 8 readers), driven from another process.
#
#   cargo build --release
#   benches/serve.sh 'sqlite://bench/demo.db?mode=rwc'     # a database with data in it
#
# The database must hold data (`duban seed --demo` or `duban seed --scale N`); the load writes
# progress reports into it, so use a copy.
set -euo pipefail
url="${1:?usage: benches/serve.sh DATABASE_URL}"
bin="${DUBAN_BIN:-target/release/duban}"
port="${DUBAN_BENCH_PORT:-3990}"
export DUBAN_DATABASE_URL="$url" DUBAN_LISTEN="127.0.0.1:$port" DUBAN_SWEEP_EVERY=off DUBAN_LOG=warn

memory() { awk '/^VmRSS/ { rss = $2 } /^VmHWM/ { peak = $2 } END { printf "resident %.1f MiB, peak %.1f MiB", rss / 1024, peak / 1024 }' "/proc/$1/status"; }

started=$(date +%s%N)
"$bin" serve &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
  kill -0 "$server" 2>/dev/null || { echo "duban serve stopped before answering" >&2; exit 1; }
done
answered=$(date +%s%N)
echo "first answer $(( (answered - started) / 1000000 )) ms after the start"
echo "idle: $(memory "$server")"
"$bin" bench --writes --seconds "${DUBAN_BENCH_SECONDS:-10}" --server "127.0.0.1:$port"
echo "after the load: $(memory "$server")"
