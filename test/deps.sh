#!/usr/bin/env bash
# Install the Debian 12 packages knee_rehab needs, only those missing.
#   bash test/deps.sh build test demo dev
# Roles: build (server, headers, GSL, compiler), test (pgTAP, pg_prove, psycopg2, pgjdbc + JDK),
# demo (gnuplot), fuzz (sqlsmith), valgrind (make valgrind), dev (R survival, SciPy: only to recompute references).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

# The server is $PG_CONFIG's (see test/pg_env.sh): Debian's PostgreSQL 15
# (pg_config on PATH, /usr/bin/pg_config or /usr/lib/postgresql/N/bin/pg_config)
# comes from packages; any other pg_config is a source build that must
# already exist with pgTAP in it (make pg18 builds PostgreSQL 18 that way).
pgc=${PG_CONFIG:-pg_config}
case "$pgc" in
pg_config | /usr/bin/pg_config) debian=15 ;;
/usr/lib/postgresql/*/bin/pg_config) debian=$(echo "$pgc" | cut -d/ -f5) ;;
*) debian= ;;
esac
if [ -z "$debian" ]; then
	if ! [ -x "$pgc" ] || ! "$pgc" --version >/dev/null 2>&1; then
		echo "deps.sh: PG_CONFIG=$pgc is not an executable pg_config." >&2
		echo "  PostgreSQL 18: make pg18 (runs ../shared/tools/build-postgres.sh, into /opt/knee_rehab-pg18)" >&2
		exit 1
	fi
	server=()
	pgtap=()
	for role in "$@"; do
		if [ "$role" = test ] && ! [ -f "$("$pgc" --sharedir)/extension/pgtap.control" ]; then
			echo "deps.sh: pgTAP is not installed in $("$pgc" --sharedir)" \
				"(build-postgres.sh installs it; or: make -C pgtap-1.3.4 PG_CONFIG=$pgc install)" >&2
			exit 1
		fi
	done
else
	server=(postgresql-"$debian" postgresql-server-dev-"$debian")
	pgtap=(postgresql-"$debian"-pgtap)
fi

pkgs=()
for role in "$@"; do
	case "$role" in
	build) pkgs+=(make gcc "${server[@]}" libgsl-dev) ;;
	# test/clients: psycopg2 (for /usr/bin/python3) and pgjdbc with a JDK (javac)
	test) pkgs+=("${pgtap[@]}" libtap-parser-sourcehandler-pgtap-perl perl
		python3-psycopg2 libpostgresql-jdbc-java default-jdk-headless) ;;
	demo) pkgs+=(gnuplot-nox) ;;
	fuzz) pkgs+=(sqlsmith) ;;
	valgrind) pkgs+=(valgrind) ;;
	dev) pkgs+=(r-base-core r-cran-survival python3-scipy) ;;
	*) echo "deps.sh: unknown role '$role' (build, test, demo, fuzz, valgrind, dev)" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "Missing packages: ${missing[*]}" >&2
	echo "Install them as root: apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -q -o DPkg::Lock::Timeout=600 update
apt-get -q -y -o DPkg::Lock::Timeout=600 install --no-install-recommends "${missing[@]}"
