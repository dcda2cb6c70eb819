/*-------------------------------------------------------------------------
 *
 * clinic_access.c
 *	  The row-level security test of the clinic-access policies:
 *	  clinic_row_visible(clinic_id) is true when the current user holds
 *	  'rows' access to that clinic (or to every clinic) in
 *	  knee_rehab.clinic_access.
 *
 *	  A function rather than a subquery in the policy: Citus refuses
 *	  subqueries in policies on distributed tables, and runs the policy on
 *	  the shards.  The caller's clinics are read once per query (cached in
 *	  fn_extra, which lives as long as the query's expression) and each row
 *	  costs a binary search; under Citus the read goes to the node's local
 *	  copy of the clinic_access reference table (kr_reference_read_begin).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "byte_order.h"
#include "citus_compat.h"

/* The caller's clinics, sorted by bytes; all = access to every clinic. */
typedef struct KrClinicSet
{
	Oid			userid;
	bool		all;
	int			n;
	int		   *len;
	char	  **id;
} KrClinicSet;

static KrClinicSet *
kr_clinic_set_load(FunctionCallInfo fcinfo)
{
	MemoryContext fnctx = fcinfo->flinfo->fn_mcxt;
	KrClinicSet *s = MemoryContextAllocZero(fnctx, sizeof(KrClinicSet));
	const char *nsp;
	StringInfoData q;
	int			gucnest;
	uint64		r;

	s->userid = GetUserId();
	nsp = quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)));
	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT a.clinic_id FROM %s.clinic_access AS a "
					 "WHERE a.level OPERATOR(pg_catalog.=) 'rows' AND %s.holds_role(a.role_name) "
					 "ORDER BY a.clinic_id COLLATE \"C\" NULLS FIRST",
					 nsp, nsp);
	gucnest = kr_reference_read_begin();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(q.data, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading %s.clinic_access failed", nsp);
	s->n = 0;
	if (SPI_processed > 0)
	{
		s->len = MemoryContextAlloc(fnctx, sizeof(int) * SPI_processed);
		s->id = MemoryContextAlloc(fnctx, sizeof(char *) * SPI_processed);
	}
	for (r = 0; r < SPI_processed; r++)
	{
		char	   *v = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);

		if (v == NULL)
		{
			s->all = true;
			continue;
		}
		s->len[s->n] = strlen(v);
		s->id[s->n] = MemoryContextStrdup(fnctx, v);
		s->n++;
	}
	SPI_finish();
	kr_reference_read_end(gucnest);
	return s;
}

PG_FUNCTION_INFO_V1(kr_clinic_row_visible);
Datum
kr_clinic_row_visible(PG_FUNCTION_ARGS)
{
	KrClinicSet *s = (KrClinicSet *) fcinfo->flinfo->fn_extra;
	text	   *clinic = PG_GETARG_TEXT_PP(0);
	const char *key = VARDATA_ANY(clinic);
	int			keylen = VARSIZE_ANY_EXHDR(clinic);
	int			lo,
				hi;

	/* Reloaded for another user (SET ROLE between two executions). */
	if (s == NULL || s->userid != GetUserId())
		fcinfo->flinfo->fn_extra = s = kr_clinic_set_load(fcinfo);
	if (s->all)
		PG_RETURN_BOOL(true);
	lo = 0;
	hi = s->n - 1;
	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = kr_bytes_cmp(s->id[mid], s->len[mid], key, keylen);

		if (c == 0)
			PG_RETURN_BOOL(true);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	PG_RETURN_BOOL(false);
}

/*
 * session_role(): the role of the session - the login role, or the one
 * chosen by SET ROLE - which a SECURITY DEFINER function does not change
 * (GetOuterUserId; the definer's rights change only the current user).
 * The aggregate-only views compute in SECURITY DEFINER functions, so that
 * under Citus the shard queries run as the owner rather than as a caller
 * who may read no row; they apply the access of this role.
 */
PG_FUNCTION_INFO_V1(kr_session_role);
Datum
kr_session_role(PG_FUNCTION_ARGS)
{
	PG_RETURN_OID(GetOuterUserId());
}
