#!/usr/bin/python3
# Reporting views through psycopg2 (Debian's python3-psycopg2, default
# settings, no adapters registered): every view granted to PUBLIC in schema
# knee_rehab (from the catalog) and every query of test/clients/queries.sql.
# Every column must arrive as a native Python type (int, float, bool, str,
# datetime.date, aware datetime.datetime): nothing as Decimal, list, dict or
# an unparsed composite/array/JSON string (design notes section 8).  Every
# text column is filtered with a bound parameter (col = %s, and with
# clinic_id = %s as well) and must give exactly the rows holding the value.
# Prints TAP lines without a plan (test/clients/clients.sh numbers them).
# Connection: libpq environment (PGHOST, PGPORT, PGUSER) and dbname argv[1].
# SPDX-License-Identifier: GPL-3.0-or-later
import datetime
import os
import re
import sys

import psycopg2

# Server type OID -> the Python type psycopg2 must deliver.
NATIVE = {
    25: str, 1043: str,        # text, varchar
    16: bool,                  # boolean
    20: int, 21: int, 23: int,  # bigint, smallint, integer
    701: float,                # double precision
    1082: datetime.date,       # date
    1184: datetime.datetime,   # timestamptz
}
LOOKS_PACKED = re.compile(r'^\s*[\(\{\[].*[\)\}\]]\s*$', re.S)
failed = 0


def tap(ok, desc, diag=None):
    global failed
    print(("ok" if ok else "not ok") + " - " + desc)
    if not ok:
        failed += 1
        for line in (diag or "").splitlines():
            print("#   " + line)
    sys.stdout.flush()


def type_problems(desc, rows):
    """Columns whose server type is not flat or whose values are not native."""
    problems = []
    for i, col in enumerate(desc):
        want = NATIVE.get(col.type_code)
        if want is None:
            problems.append("%s: server type oid %d is not a flat type" % (col.name, col.type_code))
            continue
        for r in rows:
            v = r[i]
            if v is None:
                continue
            # bool is an int subclass; a date must not be a datetime.
            if type(v) is not want:
                problems.append("%s: %r is %s, want %s" % (col.name, v, type(v).__name__, want.__name__))
                break
            if want is datetime.datetime and v.tzinfo is None:
                problems.append("%s: %r has no time zone" % (col.name, v))
                break
            if want is str and LOOKS_PACKED.match(v):
                problems.append("%s: %r looks like a packed composite/array/JSON" % (col.name, v[:60]))
                break
    return problems


def main():
    conn = psycopg2.connect(dbname=sys.argv[1])
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("""
        SELECT c.relname FROM pg_catalog.pg_class AS c
         WHERE c.relnamespace = 'knee_rehab'::pg_catalog.regnamespace AND c.relkind = 'v'
           AND EXISTS (SELECT 1 FROM pg_catalog.aclexplode(c.relacl) AS a
                        WHERE a.grantee = 0 AND a.privilege_type = 'SELECT')
         ORDER BY 1""")
    views = [r[0] for r in cur.fetchall()]
    tap(len(views) >= 6, "psycopg2: %d reporting views granted to PUBLIC found in the catalog (%s)"
        % (len(views), ", ".join(views)))

    for v in views:
        cur.execute("SELECT * FROM knee_rehab.%s" % v)
        rows = cur.fetchall()
        desc = cur.description
        probs = type_problems(desc, rows)
        tap(rows and not probs, "psycopg2: %s: %d columns x %d rows arrive as native Python types"
            % (v, len(desc), len(rows)), "\n".join(probs) or "no rows")
        names = [c.name for c in desc]
        ci = names.index("clinic_id") if "clinic_id" in names else None
        for i, col in enumerate(desc):
            if col.type_code not in (25, 1043):
                continue
            values = [r[i] for r in rows if r[i] is not None]
            if not values:
                tap(False, "psycopg2: %s.%s has a value to filter on" % (v, col.name))
                continue
            # The mirror clinic (same ids as synthetic-01) when filtering by clinic.
            value = "mirror-01" if col.name == "clinic_id" and "mirror-01" in values else values[0]
            cur.execute("SELECT * FROM knee_rehab.%s WHERE %s = %%s" % (v, col.name), (value,))
            got = cur.fetchall()
            want_n = sum(1 for r in rows if r[i] == value)
            ok = len(got) == want_n and all(r[i] == value for r in got) and not type_problems(cur.description, got)
            diag = "rows %d, want %d" % (len(got), want_n)
            if ci is not None and i != ci:
                clinic = next(r[ci] for r in rows if r[i] == value)
                cur.execute("SELECT * FROM knee_rehab.%s WHERE clinic_id = %%s AND %s = %%s" % (v, col.name),
                            (clinic, value))
                got2 = cur.fetchall()
                want2 = sum(1 for r in rows if r[i] == value and r[ci] == clinic)
                ok = ok and len(got2) == want2 and want2 > 0
                diag += "; with clinic_id = %r: rows %d, want %d" % (clinic, len(got2), want2)
            tap(ok, "psycopg2: %s WHERE %s = %%s (bound %r)%s: %d rows" % (
                v, col.name, value[:40], " AND clinic_id = %s" if ci is not None and i != ci else "", want_n), diag)

    # Two clinics with the same ids: one row each for episode 1.
    cur.execute("SELECT clinic_id, episode_id, risk_tier, risk_tier_rank FROM knee_rehab.episode_outcome"
                " WHERE episode_id = %s AND clinic_id IN (%s, %s) ORDER BY clinic_id", (1, "mirror-01", "synthetic-01"))
    got = cur.fetchall()
    tap([r[0] for r in got] == ["mirror-01", "synthetic-01"] and all(isinstance(r[3], int) for r in got),
        "psycopg2: episode_outcome episode 1 of mirror-01 and synthetic-01 (same ids): one row each, rank an int",
        repr(got))

    # The README's flat query forms.
    text = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "queries.sql")).read()
    blocks = re.split(r'^-- name: (.*)$', text, flags=re.M)[1:]
    for name, sql in zip(blocks[0::2], blocks[1::2]):
        param = "peripatellar" if name.startswith("triage") else "mirror-01"
        cur.execute(sql.replace("?", "%s"), (param,))
        rows = cur.fetchall()
        probs = type_problems(cur.description, rows)
        tap(rows and not probs, "psycopg2: query %s (bound %r): %d columns x %d rows, native types"
            % (name, param, len(cur.description), len(rows)), "\n".join(probs) or "no rows")
    conn.close()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is a failure, not a missing test
        tap(False, "psycopg2: run completed", "%s: %s" % (type(e).__name__, e))
    sys.exit(1 if failed else 0)
