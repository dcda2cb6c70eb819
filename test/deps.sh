#!/usr/bin/env bash
# Install the Debian 12 packages knee_rehab needs, only those missing.
#   bash test/deps.sh build test demo dev
# Roles: build (server, headers, GSL, compiler), test (pgTAP, pg_prove),
# demo (gnuplot), fuzz (sqlsmith), valgrind (make valgrind), dev (R survival, SciPy: only to recompute references).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

pkgs=()
for role in "$@"; do
	case "$role" in
	build) pkgs+=(make gcc postgresql-15 postgresql-server-dev-15 libgsl-dev) ;;
	test) pkgs+=(postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl perl) ;;
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
