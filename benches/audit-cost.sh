#!/usr/bin/env bash
# The audit chain's cost on the write path: `duban bench --writes` on a build of the base (before
# the chain, cb1fc56) and of a later commit, on fresh demo databases, interleaved, on SQLite and
# on PostgreSQL. Run it on a quiet machine; both builds use the same release profile without
# LTO (an LTO build takes far longer and is not needed to compare the two).
# Usage: benches/audit-cost.sh [HEAD_COMMIT] [ROUNDS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
head="${1:-HEAD}"
rounds="${2:-2}"
work="${DUBAN_BENCH_DIR:-$repo/bench/audit-cost}"
pg="${DUBAN_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
mkdir -p "$work"
export CARGO_TARGET_DIR="$work/target" CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
for which in base head; do
  commit=cb1fc56
  [ "$which" = head ] && commit="$head"
  rm -rf "$work/$which"
  git -C "$repo" worktree add -f --detach "$work/$which" "$commit" >/dev/null
  (cd "$work/$which" && cargo build --release --bin duban)
  cp "$work/target/release/duban" "$work/duban-$which"
  git -C "$repo" worktree remove --force "$work/$which"
done
for round in $(seq 1 "$rounds"); do
  for which in base head; do
    bin="$work/duban-$which"
    data="$(mktemp -d)"
    export DUBAN_DATA_DIR="$data" DUBAN_DATABASE_URL="sqlite://$data/demo.db?mode=rwc" DUBAN_SWEEP_EVERY=off
    "$bin" migrate >/dev/null && "$bin" seed --demo >/dev/null
    echo "=== SQLite, $which, round $round (load $(cut -d' ' -f1 /proc/loadavg))"
    "$bin" bench --writes --seconds 8
    rm -rf "$data"
    db="duban_audit_cost_$which"
    psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    data="$(mktemp -d)"
    export DUBAN_DATA_DIR="$data" DUBAN_DATABASE_URL="${pg%/*}/$db"
    "$bin" migrate >/dev/null && "$bin" seed --demo >/dev/null
    echo "=== PostgreSQL, $which, round $round (load $(cut -d' ' -f1 /proc/loadavg))"
    "$bin" bench --writes --seconds 8
    psql -q "$pg" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    rm -rf "$data"
  done
done
