/*-------------------------------------------------------------------------
 *
 * composite.h
 *	  Composite (row) results of SQL functions.
 *
 *	  Contract: the result row descriptor is looked up and blessed once per
 *	  call site and cached in memory that lives as long as the FmgrInfo;
 *	  a function not called for a composite result raises an internal
 *	  ERROR.  kr_result_tupdesc caches it in *cache (kept by the caller,
 *	  for functions that need fn_extra for more); kr_make_composite keeps
 *	  it in fn_extra and forms the tuple from values/nulls (one per
 *	  column, in the type's column order).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_COMPOSITE_H
#define KR_COMPOSITE_H

#include "fmgr.h"
#include "access/tupdesc.h"

/*
 * Every column NULL (values 0): the start of a result whose columns are
 * filled in as they are known.
 */
static inline void
kr_result_all_null(Datum *values, bool *nulls, int ncols)
{
	int			i;

	for (i = 0; i < ncols; i++)
	{
		values[i] = (Datum) 0;
		nulls[i] = true;
	}
}

extern TupleDesc kr_result_tupdesc(FunctionCallInfo fcinfo, TupleDesc *cache);
extern Datum kr_make_composite(FunctionCallInfo fcinfo,
							   Datum *values, bool *nulls);

#endif							/* KR_COMPOSITE_H */
