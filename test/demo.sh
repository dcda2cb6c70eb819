#!/usr/bin/env bash
# make demo: the main job.  Installs what is missing, builds, installs,
# starts a throwaway cluster (postgres user, temp dir, Unix socket only),
# creates the extension and shows what it offers.
#   KEEP=1 make demo   leaves the cluster running and prints how to connect.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/deps.sh build demo
exec 9>/tmp/knee_rehab.test.lock
flock 9
make -s >/dev/null
make -s install >/dev/null

. test/cluster.sh
cluster_start
if [ "${KEEP:-0}" = 1 ]; then
	trap 'echo; echo "Demo cluster left running: psql -h $KR_CLUSTER_DIR -U postgres -d knee_rehab_demo"; echo "Stop it: runuser -u postgres -- $PG_BINDIR/pg_ctl -D $KR_CLUSTER_DIR/data stop"' EXIT
else
	trap 'cluster_stop; echo "Demo cluster torn down (KEEP=1 make demo keeps it running)."' EXIT
fi

psql -X -q -d postgres -c "CREATE DATABASE knee_rehab_demo"
export PGDATABASE=knee_rehab_demo
psql -X -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION knee_rehab;
\echo
\echo == What knee_rehab installs ==
\dx+ knee_rehab
\echo == Functions ==
SELECT p.oid::regprocedure AS function, obj_description(p.oid, 'pg_proc') AS what
  FROM pg_proc p WHERE p.pronamespace = 'knee_rehab'::regnamespace ORDER BY 1;
\echo == Settings ==
SELECT name, setting, short_desc FROM pg_settings WHERE name LIKE 'knee_rehab.%' ORDER BY name;
\echo == Examples ==
SELECT knee_rehab.bmi(61, 168) AS bmi_61kg_168cm,
       knee_rehab.limb_symmetry_index(41, 50) AS quad_lsi_pct;
SQL
