/*-------------------------------------------------------------------------
 *
 * agg_state.h
 *	  float8[] aggregate states: reading, updating, checking.
 *
 *	  Contract.  An array state is a one-dimensional float8 array without
 *	  NULLs.  A fixed-layout state of nelems elements starts with its row
 *	  count N (a whole number 0 to 2^53); kr_state_values checks that shape
 *	  and returns the data.  Every malformed state - a wrong shape here, a
 *	  broken invariant found by a concept's own check through
 *	  kr_state_error - raises ERROR 2202E (array_subscript_error), the one
 *	  SQLSTATE for a malformed state.  Times are kept as microseconds since
 *	  2000-01-01, exact below 2^53 (years 1715 to 2285): a timestamp
 *	  outside that is refused when stored (22003 naming the argument) and
 *	  when read back (2202E).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_AGG_STATE_H
#define KR_AGG_STATE_H

#include "pg_compat.h"
#include "fmgr.h"
#include "datatype/timestamp.h"
#include "utils/array.h"

/* 2^53: counts and times (us) kept exactly in a float8 state */
#define KR_FLOAT8_EXACT_MAX	9007199254740992.0

/*
 * Malformed float8[] state (a caller's hand-written array): ERROR 2202E,
 * "<func>: malformed state: <slot> <rule>", detail the value.  One helper
 * for every aggregate state check.
 */
pg_noreturn extern void kr_state_error(const char *func, const char *slot,
									   const char *rule, double value);

/* The data of a float8[nelems] state; 2202E on any other shape or count. */
extern float8 *kr_state_values(ArrayType *state, int nelems, const char *what);

/*
 * The state argument argno to update, and its data through *values: in an
 * aggregate transition the array itself (modified in place, as float.c
 * does), called directly from SQL a copy (the caller's value untouched).
 */
extern ArrayType *kr_state_for_update(FunctionCallInfo fcinfo, int argno,
									  int nelems, const char *what,
									  float8 **values);

/*
 * A combine function's two float8[nelems] states (arguments 0 and 1): the
 * first to update, as kr_state_for_update (returned, its data through
 * *s1), the second only read (*s2).
 */
extern ArrayType *kr_state_combine_args(FunctionCallInfo fcinfo, int nelems,
										const char *what, float8 **s1,
										float8 **s2);

/* A timestamptz into a state (22003 outside 1715-2285), and back (2202E). */
extern double kr_timestamp_to_state(TimestampTz t, const char *arg);
extern TimestampTz kr_state_timestamp(double value, const char *what);

/* A one-dimensional float8 array of nelems zeros: a fresh state. */
extern ArrayType *kr_float8_array_zeroed(int nelems);

/*
 * The elements of a float8 array without a NULL bitmap (checked by the
 * caller): ARR_DATA_PTR without its signed/unsigned ?: (which trips
 * -Wsign-compare), one definition for every array state.
 */
#define KR_FLOAT8_DATA(a) \
	((float8 *) ((char *) (a) + ARR_OVERHEAD_NONULLS(ARR_NDIM(a))))

#endif							/* KR_AGG_STATE_H */
