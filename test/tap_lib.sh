# Minimal TAP producer for the shell tests in test/shell (run by prove).
# SPDX-License-Identifier: GPL-3.0-or-later
_tap_n=0
_tap_failed=0
tap_plan() { echo "1..$1"; }
tap_ok() { # tap_ok <status> <description>
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $_tap_n - $2"; else
		echo "not ok $_tap_n - $2"; _tap_failed=$((_tap_failed + 1)); fi
}
tap_is() { # tap_is <have> <want> <description>
	if [ "$1" = "$2" ]; then tap_ok 0 "$3"; else
		tap_ok 1 "$3"; echo "#   have: $1"; echo "#   want: $2"; fi
}
tap_done() { exit $((_tap_failed > 0)); }
# psql returning one unaligned value, failing loudly.
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
# psql, pg_dump, pg_restore, pgbench of the server under test ($PG_CONFIG).
. "$(dirname "${BASH_SOURCE[0]}")/pg_env.sh" || exit 1
