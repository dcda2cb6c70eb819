#!/usr/bin/env bash
# Settings given before knee_rehab's library is loaded in a session (SET in
# a fresh connection, ALTER ROLE ... SET) are only placeholders to
# PostgreSQL; when the library loads it checks them.  A reporting role must
# not lower the superuser-only knee_rehab.min_cell_size that way, and an
# out-of-range value must not be used: PostgreSQL warns and keeps the
# default.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/../tap_lib.sh"
db=${KR_TAP_DB:-knee_rehab_tap}
role=kr_test_placeholder
trap 'q -d "$db" -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1' EXIT

tap_plan 6
q -d "$db" -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role LOGIN" \
	-c "GRANT USAGE ON SCHEMA knee_rehab TO $role" >/dev/null

# Each psql is a fresh backend: the library is not loaded before the first
# knee_rehab call.
out=$(q -U "$role" -d "$db" -c "SET knee_rehab.min_cell_size = 1" \
	-c "SELECT 'loaded=' || count(*) FROM pg_settings WHERE name = 'knee_rehab.pain_free_nrs' AND vartype <> 'string'" \
	-c "SELECT 'min=' || knee_rehab.min_cell_size()" 2>&1)
tap_is "$(printf '%s\n' "$out" | sed -n 's/^loaded=//p')" "0" "the library is not loaded before the first call (the SET made a placeholder)"
tap_is "$(printf '%s\n' "$out" | sed -n 's/^min=//p')" "5" "a non-superuser's early SET of min_cell_size = 1 is not applied: still 5"
printf '%s\n' "$out" | grep -q 'WARNING:  permission denied to set parameter "knee_rehab.min_cell_size"'
tap_ok $? "PostgreSQL warns that the early SET was refused"

out=$(q -U "$role" -d "$db" -c "SET knee_rehab.pain_free_nrs = 11" \
	-c "SELECT 'nrs=' || knee_rehab.pain_free_nrs()" 2>&1)
tap_is "$(printf '%s\n' "$out" | sed -n 's/^nrs=//p')" "0" "an early out-of-range pain_free_nrs = 11 is not used: the default 0 holds"
printf '%s\n' "$out" | grep -q 'WARNING:  .*11.*knee_rehab.pain_free_nrs'
tap_ok $? "PostgreSQL warns about the invalid early value"

# ALTER ROLE ... SET by a reporting role's owner is the same path.
q -d "$db" -c "ALTER ROLE $role SET knee_rehab.min_cell_size = 1" >/dev/null
have=$(q -U "$role" -d "$db" -c "SELECT knee_rehab.min_cell_size()" 2>/dev/null)
tap_is "$have" "1" "ALTER ROLE ... SET by a superuser is honoured (min_cell_size 1 for that role)"
tap_done
