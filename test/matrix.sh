#!/usr/bin/env bash
# make matrix: make test against every tested PostgreSQL, one after the
# other in this checkout, each from a clean build (test/run_tests.sh cleans,
# builds with -Werror, installs, runs every suite on a throwaway cluster):
#   15   Debian 12's server (pg_config on PATH; test/deps.sh installs it)
#   18   PostgreSQL 18.6 in PG18_PREFIX (default /opt/knee_rehab-pg18),
#        built first by test/pg18.sh (../shared/tools/build-postgres.sh)
#        when it is not there yet
# Each version's output goes to the terminal and to test/matrix/pgN.log,
# its logs (tap.log, regression.diffs, build.log) to test/matrix/pgN/.
# Prints "PostgreSQL N: N passed, N failed" per version and, alone on the
# last line, "N passed, N failed" totalling all; exit 1 on any failure.
#   MATRIX="18" make matrix     only some versions
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cd "$(dirname "$0")/.."
# Each leg picks its own server: no PG_CONFIG=... from make's command line
# (MAKEFLAGS) may reach the sub-makes of make test.
unset MAKEFLAGS MFLAGS MAKELEVEL PG_CONFIG KR_PG_ENV

prefix18=${PG18_PREFIX:-/opt/knee_rehab-pg18}
versions=${MATRIX:-15 18}
mkdir -p test/matrix
lines=()
passed=0
failed=0
for v in $versions; do
	case "$v" in
	15) pgc=${PG15_CONFIG:-pg_config} ;;
	18) pgc=$prefix18/bin/pg_config ;;
	*) echo "matrix: unknown version $v (15, 18)" >&2; exit 2 ;;
	esac
	log=test/matrix/pg$v.log
	start=$SECONDS
	echo "==== PostgreSQL $v (PG_CONFIG=$pgc)"
	{
		if [ "$v" = 18 ]; then
			bash test/pg18.sh || echo "0 passed, 1 failed"
		fi
		if [ "$v" != 18 ] || [ -x "$pgc" ]; then
			PG_CONFIG=$pgc bash test/run_tests.sh
		fi
	} 2>&1 | tee "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	[ -n "$line" ] || line="0 passed, 1 failed"
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed}
	passed=$((passed + p))
	failed=$((failed + f))
	rm -rf "test/matrix/pg$v"
	mkdir -p "test/matrix/pg$v"
	cp -r test/results test/build.log regression.diffs regression.out "test/matrix/pg$v/" 2>/dev/null
	lines+=("PostgreSQL $v: $line ($((SECONDS - start)) s)")
done
echo "==== matrix"
printf '%s\n' "${lines[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
