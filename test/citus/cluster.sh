# A throwaway Citus cluster on this machine, sourced by test/citus/run.sh and
# the bench: a coordinator and two workers, each its own data directory in
# one fresh temp dir, owned by the postgres user when run as root, listening
# only on a Unix socket in that dir (ports 5432, 5433, 5434 name the three
# sockets there; no TCP), shared_preload_libraries = citus.  citus_stop
# removes everything; callers trap it on EXIT.
# SPDX-License-Identifier: GPL-3.0-or-later

PG_BINDIR=$(pg_config --bindir)
CITUS_PORTS="5432 5433 5434"

# Citus is installed for this server (build: ../shared/tools/build-citus.sh).
citus_installed() {
	[ -f "$(pg_config --pkglibdir)/citus.so" ] && [ -f "$(pg_config --sharedir)/extension/citus.control" ]
}

_kc_as() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

citus_start() {
	local port
	KC_DIR=$(mktemp -d /tmp/knee_rehab_citus.XXXXXX)
	[ "$(id -u)" -eq 0 ] && chown postgres: "$KC_DIR"
	for port in $CITUS_PORTS; do
		_kc_as "$PG_BINDIR/initdb" -D "$KC_DIR/n$port" -U postgres --auth=trust \
			--encoding=UTF8 --locale=C.UTF-8 >"$KC_DIR/initdb.$port.log" 2>&1 ||
			{ cat "$KC_DIR/initdb.$port.log" >&2; return 1; }
		cat >>"$KC_DIR/n$port/postgresql.conf" <<-CONF
			listen_addresses = ''
			unix_socket_directories = '$KC_DIR'
			port = $port
			shared_preload_libraries = 'citus'
			max_prepared_transactions = 50
			max_connections = 60
			shared_buffers = 32MB
			fsync = off
			synchronous_commit = off
			full_page_writes = off
			jit = off
		CONF
		# Not inheriting the caller's lock descriptors (test.lock).
		_kc_as "$PG_BINDIR/pg_ctl" -D "$KC_DIR/n$port" -l "$KC_DIR/server.$port.log" -w start \
			>/dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- ||
			{ cat "$KC_DIR/server.$port.log" >&2; return 1; }
	done
	export PGHOST=$KC_DIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
}

# citus_db NAME: the database NAME with Citus on every node, workers
# registered from the coordinator (node names are the socket directory).
citus_db() {
	local db=$1 port
	for port in $CITUS_PORTS; do
		psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres -c "CREATE DATABASE $db" &&
			psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d "$db" -c "CREATE EXTENSION citus" || return 1
	done
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" \
		-c "SELECT citus_set_coordinator_host('$KC_DIR', 5432)" \
		-c "SELECT citus_add_node('$KC_DIR', 5433)" \
		-c "SELECT citus_add_node('$KC_DIR', 5434)" >/dev/null
}

citus_stop() {
	local port
	[ -n "${KC_DIR:-}" ] && [ -d "$KC_DIR" ] || return 0
	for port in $CITUS_PORTS; do
		[ -d "$KC_DIR/n$port" ] &&
			_kc_as "$PG_BINDIR/pg_ctl" -D "$KC_DIR/n$port" -m immediate -w stop >/dev/null 2>&1
	done
	rm -rf "$KC_DIR"
	KC_DIR=
}
