#!/usr/bin/env bash
# make pg18: PostgreSQL 18.6 with pgTAP in PG18_PREFIX (default
# /opt/knee_rehab-pg18), to test knee_rehab beside Debian 12's PostgreSQL 15
# (Debian 12 packages no newer server).  Runs the project's shared
# build-postgres.sh (idempotent: a no-op once 18.6 is there; 5-8 minutes
# on 2 cores otherwise; installs its Debian build dependencies as root).
# The shared tools live beside the repository (../shared/tools, as in CI: a
# clone with shared/ beside it); KR_SHARED=/path/to/shared overrides, and a
# git worktree also looks beside its main checkout.
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
prefix=${PG18_PREFIX:-/opt/knee_rehab-pg18}

candidates=()
for d in ${KR_SHARED:+"$KR_SHARED"} "$repo/../shared" \
	"$(dirname "$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo "$repo/.git")")/../shared"; do
	d=$(realpath -m "$d")
	case " ${candidates[*]} " in *" $d "*) ;; *) candidates+=("$d") ;; esac
done
script=
for d in "${candidates[@]}"; do
	if [ -f "$d/tools/build-postgres.sh" ]; then
		script=$(cd "$d/tools" && pwd)/build-postgres.sh
		break
	fi
done

if [ -z "$script" ]; then
	if [ -x "$prefix/bin/pg_config" ] && "$prefix/bin/pg_config" --version | grep -q '^PostgreSQL 18'; then
		echo "pg18: shared/tools/build-postgres.sh not found; using the existing $("$prefix/bin/pg_config" --version) in $prefix"
		exit 0
	fi
	echo "pg18: shared not found: no tools/build-postgres.sh in ${candidates[*]}." >&2
	echo "pg18: PostgreSQL 18 is built by the project's shared/tools/build-postgres.sh" \
		"(with shared/vendor's tarballs); put shared/ beside the repository or set KR_SHARED=/path/to/shared." >&2
	exit 1
fi
# One build at a time (two checkouts running make matrix at once).
exec 9>/tmp/knee_rehab.pg18-build.lock
flock 9
# PostgreSQL's own build must not look like a sub-make of ours (make pg18):
# at MAKELEVEL > 0 it skips generating its headers (utils/errcodes.h).
env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS bash "$script" "$prefix" 9>&-
