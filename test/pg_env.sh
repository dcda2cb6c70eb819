# Which PostgreSQL the test, demo and bench drivers use, sourced by them
# (after test/deps.sh) and by test/cluster.sh and test/tap_lib.sh.
#
# The server under test is the one whose pg_config is $PG_CONFIG (default:
# pg_config on PATH, Debian 12's PostgreSQL 15), as for PGXS itself:
#     make test PG_CONFIG=/opt/knee_rehab-pg18/bin/pg_config
# Exports PG_CONFIG (absolute), PG_BINDIR and PG_MAJOR, and puts PG_BINDIR
# first on PATH, so that initdb/pg_ctl (the throwaway cluster), psql,
# pg_dump/pg_restore, pgbench and the psql that pg_prove runs all come from
# the server under test; sub-makes (install, installcheck) see the same
# PG_CONFIG.  KR_TEST_LOCK is the lock file serialising the runs that install
# into that server (make install .. last test): /tmp/knee_rehab.test.lock for
# Debian's PostgreSQL 15 (shared with every checkout on the machine), one
# lock per installation otherwise, so runs against PostgreSQL 15 and 18
# proceed independently.
# SPDX-License-Identifier: GPL-3.0-or-later

# Sourcing again with the same PG_CONFIG does nothing.
if [ "${KR_PG_ENV:-}" != "${PG_CONFIG:-pg_config}" ]; then
	PG_CONFIG=${PG_CONFIG:-pg_config}
	if ! _kr_pgc=$(command -v "$PG_CONFIG") || ! PG_BINDIR=$("$_kr_pgc" --bindir 2>/dev/null); then
		echo "pg_config '$PG_CONFIG' not found or not working." >&2
		echo "  PostgreSQL 15 (Debian 12): bash test/deps.sh build test (as root)" >&2
		echo "  PostgreSQL 18: make pg18 (builds it into /opt/knee_rehab-pg18)," \
			"then make test PG_CONFIG=/opt/knee_rehab-pg18/bin/pg_config" >&2
		return 1 2>/dev/null || exit 1
	fi
	case "$_kr_pgc" in
	/*) PG_CONFIG=$_kr_pgc ;;
	*) PG_CONFIG=$(pwd)/$_kr_pgc ;;
	esac
	PG_MAJOR=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
	_kr_share=$("$PG_CONFIG" --sharedir)
	if [ "$_kr_share" = /usr/share/postgresql/15 ]; then
		KR_TEST_LOCK=/tmp/knee_rehab.test.lock
	else	# e.g. /tmp/knee_rehab.test.opt.knee_rehab-pg18.share.postgresql.lock
		KR_TEST_LOCK=/tmp/knee_rehab.test$(printf '%s' "$_kr_share" | tr -c 'A-Za-z0-9_-' '.').lock
	fi
	PATH=$PG_BINDIR:$PATH
	KR_PG_ENV=$PG_CONFIG
	export PG_CONFIG PG_BINDIR PG_MAJOR KR_TEST_LOCK PATH KR_PG_ENV
	unset _kr_pgc _kr_share
fi
