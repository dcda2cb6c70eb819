/*-------------------------------------------------------------------------
 *
 * util.c
 *	  Helpers shared by every clinical concept: argument validation with
 *	  the design's SQLSTATEs, the GSL error bridge, composite results.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "knee_rehab.h"

#include <math.h>

#include <gsl/gsl_errno.h>

#include "funcapi.h"
#include "utils/memutils.h"

/*
 * Format a double for an error detail the way PostgreSQL prints float8:
 * NaN, Infinity, -Infinity, otherwise the shortest %g that round-trips
 * well enough for a human.  Returns palloc'd text.
 */
const char *
kr_format_double(double value)
{
	if (isnan(value))
		return "NaN";
	if (isinf(value))
		return value > 0 ? "Infinity" : "-Infinity";
	return psprintf("%.15g", value);
}

/* ERROR 22003 unless lo <= value <= hi (NaN and +-Infinity fail). */
void
kr_check_range(double value, const char *arg, double lo, double hi,
			   const char *unit)
{
	if (likely(value >= lo && value <= hi))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be between %g and %g%s%s",
					arg, lo, hi, unit ? " " : "", unit ? unit : ""),
			 errdetail("Got %s.", kr_format_double(value))));
}

/*
 * ERROR 22003 unless value is finite and above lo (inclusive: at least lo).
 */
void
kr_check_min(double value, const char *arg, double lo, bool inclusive,
			 const char *unit)
{
	if (likely(!isinf(value) && (inclusive ? value >= lo : value > lo)))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be a finite number %s %g%s%s",
					arg, inclusive ? ">=" : ">", lo,
					unit ? " " : "", unit ? unit : ""),
			 errdetail("Got %s.", kr_format_double(value))));
}

/* ERROR 22003 on NaN or +-Infinity. */
void
kr_check_finite(double value, const char *arg)
{
	if (likely(isfinite(value)))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be a finite number", arg),
			 errdetail("Got %s.", kr_format_double(value))));
}

/* ERROR 22003 unless lo <= value <= hi. */
void
kr_check_int_range(int64 value, const char *arg, int64 lo, int64 hi)
{
	if (likely(value >= lo && value <= hi))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be between " INT64_FORMAT " and " INT64_FORMAT,
					arg, lo, hi),
			 errdetail("Got " INT64_FORMAT ".", value)));
}

/*
 * GSL status -> ERROR.  Domain errors are the caller's input (22023);
 * range errors are numbers too large or small to represent (22003);
 * anything else is GSL failing, an external routine (38000).
 */
void
kr_gsl_check(int status, const char *what)
{
	int			code;

	if (likely(status == GSL_SUCCESS))
		return;
	switch (status)
	{
		case GSL_EDOM:
			code = ERRCODE_INVALID_PARAMETER_VALUE;
			break;
		case GSL_ERANGE:
		case GSL_EOVRFLW:
		case GSL_EUNDRFLW:
			code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
			break;
		default:
			code = ERRCODE_EXTERNAL_ROUTINE_EXCEPTION;
			break;
	}
	ereport(ERROR,
			(errcode(code),
			 errmsg("%s failed in GSL: %s", what, gsl_strerror(status))));
}

/*
 * GSL special functions signal failure by returning NaN (with the handler
 * off); pass a finite value through, raise on anything else.
 */
double
kr_gsl_value(double value, const char *what)
{
	if (likely(!isnan(value)))
		return value;
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("%s failed in GSL: result is not a number", what)));
	return value;				/* keep compiler quiet */
}

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
