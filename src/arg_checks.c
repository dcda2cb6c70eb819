/*-------------------------------------------------------------------------
 *
 * arg_checks.c
 *	  Argument checks (contract in arg_checks.h).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "arg_checks.h"

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

/* kr_check_range's error: value is outside lo..hi, or NaN. */
void
kr_range_error(double value, const char *arg, double lo, double hi,
			   const char *unit)
{
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
