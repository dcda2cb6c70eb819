#!/usr/bin/env bash
# make valgrind: the pg_regress suite (and, with TAP=1, the pgTAP suite)
# against a server running under valgrind memcheck; fails when any error
# report has a knee_rehab frame (a kr_* function or knee_rehab.so).
#
# The run is slow, so it never touches the system installation and takes no
# lock: PostgreSQL on Debian is relocatable, so /usr/lib/postgresql/15 and
# /usr/share/postgresql/15 are copied into a private root, knee_rehab is
# installed there (make install DESTDIR=...), and that copy's postgres runs
# under valgrind on a throwaway cluster (socket only, in the private root).
#
# Limits: Debian's server is not built with USE_VALGRIND, so palloc chunks
# are not marked for memcheck - reads past a palloc'd chunk inside the same
# memory-context block, or of freed palloc memory, are NOT seen.  What is
# seen: uninitialised values used in conditions, system-call arguments or
# pointer arithmetic (including stack variables and fields of structs our C
# code forgot to set), malloc'd memory errors (GSL), invalid reads/writes
# outside any allocated block.  Leak checking is off (backends free by
# memory context).  test/valgrind.supp holds our own suppressions for the
# server's known benign reports (PostgreSQL's src/tools/valgrind.supp is not
# in the Debian packages).
#
#   make valgrind            pg_regress suite
#   TAP=1 make valgrind      and the pgTAP suite (much slower)
#   ONLY="body risk" make valgrind   a subset of the pg_regress files
#   KEEP=1 make valgrind     keep the private root and valgrind logs
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

bash test/deps.sh build >/dev/null || exit 1
bash test/deps.sh valgrind || exit 1
[ "${TAP:-0}" = 1 ] && { bash test/deps.sh test >/dev/null || exit 1; }
. test/pg_env.sh || exit 1		# the server: $PG_CONFIG, as for make test

start=$(date +%s)
root=$(mktemp -d /tmp/kr_vg.XXXXXX)
chmod 755 "$root"
libdir=$("$PG_CONFIG" --pkglibdir)   # /usr/lib/postgresql/15/lib, /opt/knee_rehab-pg18/lib/postgresql
sharedir=$("$PG_CONFIG" --sharedir)  # /usr/share/postgresql/15, /opt/knee_rehab-pg18/share/postgresql
pgroot=$(dirname "$PG_BINDIR")       # /usr/lib/postgresql/15, /opt/knee_rehab-pg18 (holds libdir and sharedir)
bindir="$root$pgroot/bin"
vglogs="$root/valgrind"
pid=

# Stop through the data directory (pg_ctl signals the postmaster itself;
# runuser does not pass signals on), then wait for every valgrind summary.
stop_server() {
	[ -n "$pid" ] || return 0
	as "$bindir/pg_ctl" -D "$root/data" -m fast -w -t 600 stop >/dev/null 2>&1 || true
	wait "$pid" 2>/dev/null
	pid=
}
cleanup() {
	stop_server
	if [ "${KEEP:-0}" = 1 ]; then echo "valgrind: kept $root"; else rm -rf "$root"; fi
}
trap cleanup EXIT

# ---- a private, relocated PostgreSQL with our build in it
mkdir -p "$root$(dirname "$pgroot")" "$root$(dirname "$sharedir")"
cp -a "$pgroot" "$root$(dirname "$pgroot")/"
case "$sharedir" in
"$pgroot"/*) ;;			# a source build: one prefix holds everything
*) cp -a "$sharedir" "$root$(dirname "$sharedir")/" ;;
esac
# Whatever knee_rehab another checkout installed system-wide goes: ours only.
rm -rf "$root$libdir"/knee_rehab.so "$root$libdir"/bitcode/knee_rehab* \
	"$root$sharedir"/extension/knee_rehab[-.]*
if ! make -s >"$root/build.log" 2>&1 || ! make -s install DESTDIR="$root" >>"$root/build.log" 2>&1; then
	cat "$root/build.log"; echo "valgrind: build failed"; exit 1
fi

# ---- throwaway cluster, server under valgrind
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$root"
	as() { runuser -u postgres -- "$@"; }
else
	as() { "$@"; }
fi
as mkdir -p "$vglogs"
as "$bindir/initdb" -D "$root/data" -U postgres --auth=trust --encoding=UTF8 \
	--locale=C.UTF-8 >"$root/initdb.log" 2>&1 || { cat "$root/initdb.log"; exit 1; }

# No --error-exitcode: a backend exiting non-zero makes the postmaster
# restart every process (crash recovery); the logs are read instead.
as valgrind --tool=memcheck --trace-children=yes --track-origins=yes \
	--leak-check=no --num-callers=40 --read-var-info=no \
	--suppressions="$top/test/valgrind.supp" --gen-suppressions=all \
	--error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
	--log-file="$vglogs/%p.log" \
	"$bindir/postgres" -D "$root/data" -k "$root" -p 5432 \
	-c listen_addresses='' -c fsync=off -c jit=off -c autovacuum=off \
	-c max_connections=20 -c shared_buffers=32MB -c log_min_messages=warning \
	-c max_parallel_workers_per_gather=2 \
	>"$root/server.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
pid=$!
export PGHOST=$root PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
for _ in $(seq 1 300); do
	pg_isready -q && break
	kill -0 "$pid" 2>/dev/null || { cat "$root/server.log"; echo "valgrind: server died"; exit 1; }
	sleep 1
done
pg_isready -q || { cat "$root/server.log"; echo "valgrind: server did not start"; exit 1; }

# It really is the private tree that serves CREATE EXTENSION.
have=$(psql -X -A -t -c "SELECT setting FROM pg_config WHERE name = 'SHAREDIR'")
if [ "$have" != "$root$sharedir" ]; then
	echo "valgrind: server uses SHAREDIR $have, not the private $root$sharedir"; exit 1
fi
echo "valgrind: server under memcheck, private tree $root$pgroot (SHAREDIR $have)"

# ---- the suites
rc=0
# ONLY="body risk" runs a subset of the pg_regress files.
make -s installcheck ${ONLY:+REGRESS="$ONLY"} >"$root/regress.log" 2>&1 || rc=1
grep -E '^(ok|not ok) |\.\.\. (ok|FAILED|failed)|tests passed|failed' "$root/regress.log" | tail -n 30
[ "$rc" -ne 0 ] && [ -f regression.diffs ] && head -n 100 regression.diffs
if [ "${TAP:-0}" = 1 ]; then
	psql -X -q -c "CREATE DATABASE knee_rehab_vg_tap" &&
		psql -X -q -d knee_rehab_vg_tap -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo" &&
		pg_prove -d knee_rehab_vg_tap test/pgtap/*.sql 2>&1 | tail -n 25 || rc=1
fi

# ---- stop the server (every process writes its valgrind summary), read the logs
stop_server
elapsed=$(( $(date +%s) - start ))

# One report per VALGRINDERROR block; ours when a frame is a kr_* function
# or lies in knee_rehab.so.
reports=$(cat "$vglogs"/*.log | grep -c 'VALGRINDERROR-BEGIN')
ours=$(awk '/VALGRINDERROR-BEGIN/ { blk = ""; inb = 1; next }
	/VALGRINDERROR-END/ { if (blk ~ /(: kr_[A-Za-z0-9_]+ |knee_rehab\.so)/) { n++; print blk > "/dev/stderr" } inb = 0; next }
	inb { blk = blk $0 "\n" }
	END { print n + 0 }' "$vglogs"/*.log 2>"$root/ours.txt")
processes=$(ls "$vglogs" | wc -l)
echo "valgrind: $processes processes traced, $reports error report(s) in all, $ours with a knee_rehab frame; ${elapsed}s"
if [ "$ours" -gt 0 ]; then
	head -n 200 "$root/ours.txt"
fi
if [ "$reports" -gt "$ours" ]; then
	echo "valgrind: reports without a knee_rehab frame (server's own; add to test/valgrind.supp when benign):"
	awk '/VALGRINDERROR-BEGIN/ { inb = 1; next } /VALGRINDERROR-END/ { inb = 0; print "--"; next } inb' \
		"$vglogs"/*.log | sed 's/^==[0-9]*== //' | grep -vE '^(   [a-z]+:|   \.\.\.|\{|\}|   <insert)' | head -n 80
fi
if [ "$rc" -ne 0 ] || [ "$ours" -gt 0 ]; then
	echo "valgrind: 0 passed, 1 failed"
	KEEP=1
	exit 1
fi
echo "valgrind: 1 passed, 0 failed"
