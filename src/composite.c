/*-------------------------------------------------------------------------
 *
 * composite.c
 *	  Composite results (contract in composite.h).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/memutils.h"

#include "composite.h"

/*
 * The result row descriptor of a composite-returning function, looked up
 * and blessed once, then kept in fn_mcxt through *cache.
 */
TupleDesc
kr_result_tupdesc(FunctionCallInfo fcinfo, TupleDesc *cache)
{
	TupleDesc	tupdesc;
	MemoryContext oldcxt;

	if (likely(*cache != NULL))
		return *cache;
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a composite called in a context that cannot accept one");
	oldcxt = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	*cache = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
	MemoryContextSwitchTo(oldcxt);
	return *cache;
}

/* Build the composite result; the descriptor is cached in fn_extra. */
Datum
kr_make_composite(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	tupdesc;

	tupdesc = kr_result_tupdesc(fcinfo, (TupleDesc *) &fcinfo->flinfo->fn_extra);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}
