#!/bin/sh
# lockmodel-verify.sh - checks the lock model (src/lockmodel.c) against a real
# PostgreSQL 15.
#
# Starts a throw-away cluster (unix socket in a private directory, no TCP;
# as `nobody` when run as root), loads tests/pg/lockmodel-schema.sql, runs
# every case of tests/pg/lockmodel-cases.tsv as
#     BEGIN; <case>; <read pg_locks, relfilenodes, scan counters>; ROLLBACK;
# and compares, per relation, the strongest lock, whether the relation got a
# new relfilenode (rewrite) and whether rows were read by a sequential scan,
# with what tests/pg/lockmodel_dump prints for the same case.  Then the
# statements of tests/pg/lockmodel-notx.tsv, which cannot run in a
# transaction block, run for real while another session makes them wait (see
# below).  Any disagreement fails with a diff ("-" the model, "+" PostgreSQL).
# Exit 77 (SKIP) when no PostgreSQL 15 server is installed.
set -u

: "${TOP_SRCDIR:?run through make check}"
: "${TOP_BUILDDIR:?run through make check}"

DUMP="$TOP_BUILDDIR/tests/pg/lockmodel_dump"
SCHEMA="$TOP_SRCDIR/tests/pg/lockmodel-schema.sql"
CASES="$TOP_SRCDIR/tests/pg/lockmodel-cases.tsv"
NOTX="$TOP_SRCDIR/tests/pg/lockmodel-notx.tsv"
PGBIN="${MG_PG_BINDIR:-/usr/lib/postgresql/15/bin}"

if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ] || [ ! -x "$PGBIN/psql" ]; then
	echo "SKIP: no PostgreSQL 15 server in $PGBIN (apt-get install postgresql-15);" \
		"the lock model was not checked against a real server"
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/migguard-pg.XXXXXX") || exit 99
started=0
bg=""
cleanup() {
	for p in $bg; do
		kill "$p" 2>/dev/null
	done
	if [ "$started" = 1 ]; then
		as_pg "$PGBIN/pg_ctl" -D "$T/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 99' HUP INT TERM

# PostgreSQL refuses to run as root: use nobody then.
if [ "$(id -u)" = 0 ]; then
	chown nobody "$T" || exit 99
	if command -v setpriv >/dev/null 2>&1; then
		as_pg() { (cd "$T" && setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"); }
	else
		as_pg() { (cd "$T" && runuser -u nobody -- "$@"); }
	fi
else
	as_pg() { (cd "$T" && "$@"); }
fi

fail() {
	echo "FAIL: $*"
	for f in "$T/log" "$T/psql.err"; do
		[ -s "$f" ] && { echo "--- $f"; tail -20 "$f"; }
	done
	exit 1
}

as_pg "$PGBIN/initdb" -D "$T/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
	>"$T/initdb.log" 2>&1 || { cat "$T/initdb.log"; fail "initdb"; }
mkdir "$T/sock" && chown "$(stat -c %u "$T")" "$T/sock" || exit 99
as_pg "$PGBIN/pg_ctl" -D "$T/data" -l "$T/log" -w -t 60 \
	-o "-k $T/sock -c listen_addresses= -c fsync=off -c TimeZone=UTC -c autovacuum=off" \
	start >/dev/null 2>&1 || fail "pg_ctl start"
started=1

PSQL="$PGBIN/psql -X -q -h $T/sock -U postgres -d postgres"
export PGTZ=UTC

$PSQL -v ON_ERROR_STOP=1 -f "$SCHEMA" >/dev/null 2>"$T/psql.err" || fail "loading $SCHEMA"
$PSQL -v ON_ERROR_STOP=1 >/dev/null 2>"$T/psql.err" <<'EOF' || fail "helper objects"
CREATE TABLE mg_before AS
	SELECT c.oid, c.relname, c.relfilenode FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname IN ('public', 'other') AND c.relkind IN ('r', 'p', 'm', 'v', 'S', 'f');
CREATE FUNCTION mg_observe(id text, scan0 text) RETURNS SETOF text LANGUAGE sql AS $f$
SELECT 'L' || chr(9) || id || chr(9) || b.relname || chr(9) ||
	(ARRAY['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE',
	       'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'])[x.s]
FROM (SELECT l.relation, max(array_position(ARRAY['AccessShareLock', 'RowShareLock',
		'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock',
		'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'], l.mode)) AS s
	FROM pg_locks l
	WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'
	GROUP BY l.relation) x
JOIN mg_before b ON b.oid = x.relation
UNION ALL
SELECT 'R' || chr(9) || id || chr(9) || b.relname
FROM mg_before b JOIN pg_class c ON c.oid = b.oid
WHERE c.relfilenode <> b.relfilenode
UNION ALL
SELECT 'S' || chr(9) || id || chr(9) || b.relname
FROM pg_stat_xact_user_tables s JOIN mg_before b ON b.oid = s.relid
WHERE s.seq_tup_read > coalesce((scan0::json ->> s.relid::text)::bigint, 0)
$f$;
-- for the statements outside a transaction block: the locks another session
-- holds or waits for, and relfilenode changes since the last call
CREATE FUNCTION mg_locks_of(id text, app text) RETURNS SETOF text LANGUAGE sql AS $f$
SELECT 'L' || chr(9) || id || chr(9) || b.relname || chr(9) ||
	(ARRAY['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE',
	       'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'])[x.s]
FROM (SELECT l.relation, max(array_position(ARRAY['AccessShareLock', 'RowShareLock',
		'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock',
		'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'], l.mode)) AS s
	FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
	WHERE a.application_name = app AND l.locktype = 'relation'
	GROUP BY l.relation) x
JOIN mg_before b ON b.oid = x.relation
$f$;
CREATE FUNCTION mg_rewrites(id text) RETURNS SETOF text LANGUAGE sql AS $f$
WITH r AS (UPDATE mg_before b SET relfilenode = c.relfilenode FROM pg_class c
	WHERE c.oid = b.oid AND c.relfilenode <> b.relfilenode RETURNING b.relname)
SELECT 'R' || chr(9) || id || chr(9) || relname FROM r
$f$;
EOF

# One transaction per case, rolled back.  The scan counters are read at the
# start of the transaction: pg_stat_xact_* are not flushed inside one.
awk -F '\t' '
/^#/ || NF < 3 { next }
{
	printf "BEGIN;\n"
	printf "SELECT coalesce(json_object_agg(relid, seq_tup_read), %s) AS mg_scan0 FROM pg_stat_xact_user_tables \\gset\n", "'\''{}'\''"
	printf "%s;\n", $3
	printf "SELECT * FROM mg_observe(%s, :'\''mg_scan0'\'');\n", "'\''" $1 "'\''"
	printf "ROLLBACK;\n"
}' "$CASES" >"$T/cases.sql"

ncases=$(grep -c -v -e '^#' -e '^$' "$CASES")
$PSQL -A -t -v ON_ERROR_STOP=0 -f "$T/cases.sql" >"$T/observed.raw" 2>"$T/psql.err"
if grep -q 'ERROR' "$T/psql.err"; then
	echo "FAIL: statements failed on PostgreSQL (fix the case or the schema):"
	grep -B1 -A2 'ERROR' "$T/psql.err" | head -40
	exit 1
fi

# Statements that cannot run in a transaction block, one after the other
# (not rolled back): a holder session takes EXCLUSIVE on the last
# relation the statement locks (EXCLUSIVE lets the ACCESS SHARE lookups of
# VACUUM pass); once the statement waits for it, its locks
# are read; then the holder is cancelled and the statement completes.  The
# waits poll a state that does not change by itself (bounded, no timing
# assertion).
wait_for() {
	i=0
	while [ "$i" -lt 600 ]; do
		[ -n "$($PSQL -A -t -c "$1" 2>/dev/null)" ] && return 0
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}
held_by() { # APP RELATION GRANTED
	echo "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid" \
		"WHERE a.application_name = '$1' AND l.locktype = 'relation'" \
		"AND l.relation = '$2'::regclass AND l.granted = $3"
}
: >"$T/notx.observed"
: >"$T/notx.cases"
nnotx=0
while IFS="$(printf '\t')" read -r id holder extra sql; do
	case "$id" in '' | '#'*) continue ;; esac
	nnotx=$((nnotx + 1))
	printf '%s\t%s\t%s\n' "$id" "$extra" "$sql" >>"$T/notx.cases"
	PGAPPNAME=mg_holder $PSQL -c "BEGIN" -c "LOCK TABLE $holder IN EXCLUSIVE MODE" \
		-c "SELECT pg_sleep(600)" >/dev/null 2>&1 &
	hpid=$!
	bg="$hpid"
	wait_for "$(held_by mg_holder "$holder" true)" || fail "$id: the holder did not lock $holder"
	PGAPPNAME=mg_runner $PSQL -v ON_ERROR_STOP=1 -c "$sql" >"$T/runner.out" 2>"$T/runner.err" &
	rpid=$!
	bg="$hpid $rpid"
	wait_for "$(held_by mg_runner "$holder" false)" || fail "$id: never waited for a lock on $holder"
	$PSQL -A -t -c "SELECT * FROM mg_locks_of('$id', 'mg_runner')" >>"$T/notx.observed" ||
		fail "$id: reading pg_locks"
	$PSQL -A -t -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
		WHERE application_name = 'mg_holder'" >/dev/null || fail "$id: cancelling the holder"
	wait "$hpid"
	wait "$rpid" || { cat "$T/runner.err"; fail "$id: the statement failed"; }
	bg=""
	$PSQL -A -t -c "SELECT * FROM mg_rewrites('$id')" >>"$T/notx.observed" || fail "$id: rewrites"
done <"$NOTX"
cat "$T/notx.observed" >>"$T/observed.raw"

{ "$DUMP" "$SCHEMA" "$CASES" 15 && "$DUMP" "$SCHEMA" "$T/notx.cases" 15 |
	awk -F '\t' '$1 != "S" && $1 != "S?"'; } >"$T/model.raw" 2>"$T/dump.err" || {
	cat "$T/dump.err"
	fail "lockmodel_dump"
}

# "maybe" predictions (R?, S?) accept either outcome; they are listed.
awk -F '\t' -v model="$T/model.raw" -v maybes="$T/maybe.txt" '
BEGIN {
	while ((getline line < model) > 0) {
		split(line, f, "\t")
		if (f[1] == "R?" || f[1] == "S?") {
			maybe[substr(f[1], 1, 1) "\t" f[2] "\t" f[3]] = 1
			continue
		}
		print line > (model ".cmp")
	}
}
{
	key = $1 "\t" $2 "\t" $3
	if (key in maybe) { seen[key] = 1; next }
	print
}
END {
	for (k in maybe)
		print (k in seen ? "yes" : "no") "\t" k > maybes
}' "$T/observed.raw" >"$T/observed.cmp"
touch "$T/model.raw.cmp" "$T/maybe.txt"
LC_ALL=C sort -u "$T/model.raw.cmp" >"$T/model"
LC_ALL=C sort -u "$T/observed.cmp" >"$T/observed"

nmaybe=$(wc -l <"$T/maybe.txt")
nmaybe_yes=$(grep -c '^yes' "$T/maybe.txt")
if ! diff -u --label model --label postgresql "$T/model" "$T/observed" >"$T/diff"; then
	echo "FAIL: the lock model disagrees with PostgreSQL ($("$PGBIN/postgres" --version))"
	echo "lines: L <case> <relation> <strongest lock> | R <case> <relation> (rewritten)"
	echo "       | S <case> <relation> (rows read by a sequential scan)"
	cat "$T/diff"
	exit 1
fi
echo "ok: $ncases + $nnotx statements, $(wc -l <"$T/model") lock/rewrite/scan facts agree with" \
	"$("$PGBIN/postgres" --version); $nmaybe 'maybe' predictions ($nmaybe_yes happened here)"
if [ -n "${MG_VERBOSE:-}" ]; then
	LC_ALL=C sort "$T/maybe.txt"
fi
exit 0
