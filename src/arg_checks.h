/*-------------------------------------------------------------------------
 *
 * arg_checks.h
 *	  Argument checks with the design's SQLSTATEs.
 *
 *	  Contract: every check returns when the value is allowed and
 *	  otherwise raises a user-facing ERROR whose message names the SQL
 *	  argument and the allowed range, and whose detail shows the value
 *	  received (kr_format_double's text):
 *	  - numbers outside their range, NaN and +-Infinity: 22003
 *		(numeric_value_out_of_range);
 *	  - values of the right type but not allowed (an invalid item answer,
 *		a bad combination): 22023 (invalid_parameter_value), raised by
 *		callers;
 *	  - malformed arrays: 2202E (array_subscript_error), raised by callers
 *		(and by agg_state.h for aggregate states).
 *	  The limits shared by several concepts (NRS 0-10, weight, height,
 *	  weeks) come from clinical_limits.h, included here for the callers.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_ARG_CHECKS_H
#define KR_ARG_CHECKS_H

#include "pg_compat.h"
#include "clinical_limits.h"

/*
 * A double as PostgreSQL prints float8 (NaN, Infinity, -Infinity, else
 * %.15g), for error details; palloc'd or a constant.
 */
extern const char *kr_format_double(double value);

/* kr_check_range's error (out of line): 22003 "arg must be between lo and hi unit". */
pg_noreturn extern void kr_range_error(double value, const char *arg,
									   double lo, double hi, const char *unit);

/* 22003 unless value is finite and > lo (inclusive: >= lo). */
extern void kr_check_min(double value, const char *arg, double lo,
						 bool inclusive, const char *unit);

/* 22003 on NaN or +-Infinity. */
extern void kr_check_finite(double value, const char *arg);

/* 22003 unless lo <= value <= hi. */
extern void kr_check_int_range(int64 value, const char *arg,
							   int64 lo, int64 hi);

/*
 * ERROR 22003 unless lo <= value <= hi (NaN and +-Infinity fail).  Inline
 * because scalar functions call it once per argument per row; the error
 * path stays out of line.
 */
static inline void
kr_check_range(double value, const char *arg, double lo, double hi,
			   const char *unit)
{
	if (likely(value >= lo && value <= hi))
		return;
	kr_range_error(value, arg, lo, hi, unit);
}

#endif							/* KR_ARG_CHECKS_H */
