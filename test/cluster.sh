# Throwaway PostgreSQL cluster, sourced by the test, demo and bench drivers.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# postgres user (created by the postgresql-common package); it lives in a
# fresh temp dir, listens only on a Unix socket there, and never touches a
# system cluster.  cluster_start exports PGHOST/PGPORT/PGUSER/PGDATABASE.
# KR_CLUSTER_TCP=1 (for clients that need TCP, e.g. pgjdbc): also listen on
# 127.0.0.1 at a free port, loopback only, password (scram-sha-256) for TCP,
# trust on the socket; exports KR_TCP_PORT and KR_TCP_PASSWORD.
# SPDX-License-Identifier: GPL-3.0-or-later

# initdb and pg_ctl of the server under test ($PG_CONFIG, test/pg_env.sh).
. "$(dirname "${BASH_SOURCE[0]}")/pg_env.sh" || return 1

cluster_start() {
	local owner
	KR_CLUSTER_DIR=$(mktemp -d /tmp/knee_rehab_pg.XXXXXX)
	if [ "$(id -u)" -eq 0 ]; then
		owner=postgres
		chown postgres: "$KR_CLUSTER_DIR"
		_kr_as() { runuser -u postgres -- "$@"; }
	else
		owner=$(id -un)
		_kr_as() { "$@"; }
	fi
	local auth=(--auth=trust) listen="''" port=5432
	if [ -n "${KR_CLUSTER_TCP:-}" ]; then
		KR_TCP_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
		printf '%s\n' "$KR_TCP_PASSWORD" >"$KR_CLUSTER_DIR/pw"
		[ "$(id -u)" -eq 0 ] && chown postgres: "$KR_CLUSTER_DIR/pw"
		auth=(--auth-local=trust --auth-host=scram-sha-256 --pwfile="$KR_CLUSTER_DIR/pw")
		listen=127.0.0.1
		# A free loopback port (the kernel's choice).
		port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1:0")->sockport') ||
			return 1
		KR_TCP_PORT=$port
		export KR_TCP_PORT KR_TCP_PASSWORD
	fi
	_kr_as "$PG_BINDIR/initdb" -D "$KR_CLUSTER_DIR/data" -U postgres \
		"${auth[@]}" --encoding=UTF8 --locale=C.UTF-8 >"$KR_CLUSTER_DIR/initdb.log" 2>&1 ||
		{ cat "$KR_CLUSTER_DIR/initdb.log" >&2; return 1; }
	rm -f "$KR_CLUSTER_DIR/pw"
	# The server must not inherit the callers' lock descriptors (test.lock):
	# an orphaned server would hold the lock for ever.
	_kr_as "$PG_BINDIR/pg_ctl" -D "$KR_CLUSTER_DIR/data" -l "$KR_CLUSTER_DIR/server.log" -w \
		-o "-c listen_addresses=$listen -k $KR_CLUSTER_DIR -p $port -c fsync=off -c jit=off ${KR_PG_OPTS:-}" \
		start >/dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- ||
		{ cat "$KR_CLUSTER_DIR/server.log" >&2; return 1; }
	export PGHOST=$KR_CLUSTER_DIR PGPORT=$port PGUSER=postgres PGDATABASE=postgres
	if [ -n "${KR_CLUSTER_TCP:-}" ]; then
		echo "throwaway cluster (owner $owner): $KR_CLUSTER_DIR, socket and 127.0.0.1:$port (password)"
	else
		echo "throwaway cluster (owner $owner): $KR_CLUSTER_DIR, socket-only"
	fi
}

cluster_stop() {
	[ -n "${KR_CLUSTER_DIR:-}" ] && [ -d "$KR_CLUSTER_DIR/data" ] || return 0
	_kr_as "$PG_BINDIR/pg_ctl" -D "$KR_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$KR_CLUSTER_DIR"
	KR_CLUSTER_DIR=
}
