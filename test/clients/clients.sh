#!/usr/bin/env bash
# Real reporting clients against the reporting views (issue 19; design
# notes section 8): psycopg2 (Debian's python3-psycopg2, run with
# /usr/bin/python3, over the Unix socket) and pgjdbc (Debian's
# libpostgresql-jdbc-java with a headless JDK, ViewTypes.java compiled here
# with javac, over TCP), both with default driver settings, on a fixture of
# simulate_clinic's clinics and their mirrors with the SAME ids
# (test/citus/data.sql).  pgjdbc needs TCP: this test starts its own
# throwaway cluster listening on 127.0.0.1 at a free port with a random
# password (test/cluster.sh, KR_CLUSTER_TCP=1); knee_rehab must already be
# installed (make test does).  Packages: test/deps.sh, role test.
# TAP: the clients' lines, numbered here, plan last.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap_lib.sh"
work=$(mktemp -d /tmp/kr_clients.XXXXXX)
KR_CLUSTER_TCP=1
. "$here/../cluster.sh"
trap 'cluster_stop; rm -rf "$work"' EXIT
n=0 bad=0
emit() { # number the clients' "ok - ..." / "not ok - ..." lines
	local line
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) n=$((n + 1)); echo "ok $n - ${line#ok - }" ;;
		"not ok - "*) n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - ${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done
}
check() { # check <status> <description>
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; bad=$((bad + 1)); fi
}

db=kr_clients
if cluster_start >"$work/cluster.log" 2>&1 &&
	q -d postgres -c "CREATE DATABASE $db" >/dev/null &&
	q -d "$db" -c "CREATE EXTENSION knee_rehab" -c "CREATE EXTENSION knee_rehab_demo" >/dev/null &&
	q -d "$db" -v patients=40 -f "$here/../citus/data.sql" >"$work/fixture.log" 2>&1 &&
	q -d "$db" -c "INSERT INTO knee_rehab.risk_parameter (parameter, value, note)
	               VALUES ('female', 2.0, 'clinic audit 2026')" >>"$work/fixture.log" 2>&1; then
	check 0 "clients: cluster on 127.0.0.1:$KR_TCP_PORT (password) and the socket; simulate_clinic + mirror clinics with the same ids, a risk override with a note"
else
	check 1 "clients: cluster and fixture"
	sed 's/^/#   /' "$work/cluster.log" "$work/fixture.log" 2>/dev/null | head -20
	echo "1..$n"
	exit 1
fi
have=$(q -d "$db" -c "SELECT count(*) FROM knee_rehab.episode_outcome AS a JOIN knee_rehab.episode_outcome AS b
                       ON b.clinic_id = replace(a.clinic_id, 'synthetic', 'mirror') AND b.episode_id = a.episode_id
                      WHERE a.clinic_id LIKE 'synthetic-%' AND a.patient_id = b.patient_id")
want=$(q -d "$db" -c "SELECT count(*) FROM knee_rehab.episode WHERE clinic_id LIKE 'synthetic-%'")
[ "$have" = "$want" ] && [ "$want" -gt 0 ]
check $? "clients: fixture: every synthetic episode has a mirror with the same episode and patient ids ($have of $want)"

# psycopg2, Unix socket (PGHOST, PGPORT from cluster_start).
/usr/bin/python3 "$here/views.py" "$db" >"$work/py.out" 2>&1
rc=$?
emit <"$work/py.out"
check $rc "psycopg2: views.py exits 0"

# pgjdbc, TCP, user and password, default URL settings.
jar=/usr/share/java/postgresql.jar
if javac -d "$work" "$here/ViewTypes.java" >"$work/javac.log" 2>&1; then
	check 0 "pgjdbc: ViewTypes.java compiles (javac $(javac -version 2>&1 | cut -d' ' -f2))"
	java -cp "$jar:$work" ViewTypes "jdbc:postgresql://127.0.0.1:$KR_TCP_PORT/$db" postgres "$KR_TCP_PASSWORD" \
		"$here/queries.sql" >"$work/java.out" 2>&1
	rc=$?
	emit <"$work/java.out"
	check $rc "pgjdbc: ViewTypes exits 0"
else
	check 1 "pgjdbc: ViewTypes.java compiles"
	sed 's/^/#   /' "$work/javac.log" | head -20
fi
echo "1..$n"
[ "$bad" -eq 0 ]
