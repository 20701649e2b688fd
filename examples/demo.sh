#!/bin/sh
# demo.sh MIGGUARD EXAMPLES: build a throw-away repository with a clean
# migration on main and two risky ones on a branch, then run
# `migguard check --range main..feature` on it.
set -eu
MIGGUARD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
EX=$(cd "$2" && pwd)
D=$(mktemp -d "${TMPDIR:-/tmp}/migguard-demo.XXXXXX")
trap 'rm -rf "$D"' EXIT

g() { git -C "$D" -c user.name=Demo -c user.email=demo@example.com "$@"; }
git init -q "$D"
g checkout -q -b main
mkdir -p "$D/db/migrations"
cp "$EX/001_create_orders.sql" "$D/db/migrations/"
g add -A && g commit -q -m "Create orders"
g checkout -q -b feature
cp "$EX/002_add_orders_user_idx.sql" "$EX/003_add_status.sql" "$D/db/migrations/"
g add -A && g commit -q -m "Add an index and a status column"

echo "demo repository: $D (removed on exit)"
echo "\$ migguard check --range main..feature"
rc=0
(cd "$D" && "$MIGGUARD" check --range main..feature) || rc=$?
echo "(exit status $rc: 1 means migguard would stop this change)"
[ "$rc" -eq 1 ]
