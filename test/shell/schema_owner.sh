#!/usr/bin/env bash
# CREATE EXTENSION knee_rehab into a knee_rehab schema that another,
# non-superuser role created first is refused (42501) and installs nothing;
# the same schema handed to a superuser is accepted.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
db=kr_schema_owner role=kr_test_mallory
cleanup() { q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $role"; }
trap 'cleanup >/dev/null 2>&1' EXIT
cleanup >/dev/null 2>&1

tap_plan 4
q -d postgres -c "CREATE ROLE $role LOGIN" -c "CREATE DATABASE $db" -c "GRANT CREATE ON DATABASE $db TO $role" >/dev/null
q -U "$role" -d "$db" -c "CREATE SCHEMA knee_rehab" >/dev/null
err=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "CREATE EXTENSION knee_rehab" 2>&1)
echo "$err" | grep -q "ERROR:  42501: schema knee_rehab is owned by role $role, neither the installing role nor a superuser"
tap_ok $? "CREATE EXTENSION into a schema a non-superuser made first: 42501 naming the owner"
tap_is "$(q -d "$db" -c "SELECT count(*) FROM pg_extension WHERE extname = 'knee_rehab'")|$(q -d "$db" -c "SELECT count(*) FROM pg_class WHERE relnamespace = 'knee_rehab'::regnamespace")" \
	"0|0" "nothing was installed (no extension row, no relation in the schema)"
q -d "$db" -c "ALTER SCHEMA knee_rehab OWNER TO CURRENT_USER" -c "CREATE EXTENSION knee_rehab" >/dev/null
tap_is "$(q -d "$db" -c "SELECT extversion IS NOT NULL FROM pg_extension WHERE extname = 'knee_rehab'")" "t" \
	"the same schema owned by the (superuser) installing role: CREATE EXTENSION succeeds"
tap_is "$(q -d "$db" -c "SELECT knee_rehab.bmi(60, 160)")" "23.4375" "and works: bmi(60, 160) = 60 / 1.6^2 = 23.4375"
tap_done
