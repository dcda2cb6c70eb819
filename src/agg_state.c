/*-------------------------------------------------------------------------
 *
 * agg_state.c
 *	  float8[] aggregate states (contract in agg_state.h).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/timestamp.h"

#include "agg_state.h"
#include "arg_checks.h"

/* Malformed state: see agg_state.h. */
void
kr_state_error(const char *func, const char *slot, const char *rule,
			   double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s: malformed state: %s %s", func, slot, rule),
			 errdetail("Got %s.", kr_format_double(value)),
			 errhint("Pass a state made by the aggregate's own functions; a hand-written state must keep their invariants.")));
}

/* The data of a float8[nelems] aggregate state; 2202E on any other shape. */
float8 *
kr_state_values(ArrayType *state, int nelems, const char *what)
{
	float8	   *values;

	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] != nelems ||
		ARR_HASNULL(state) || ARR_ELEMTYPE(state) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s state must be a float8 array of %d elements without NULLs",
						what, nelems)));
	values = KR_FLOAT8_DATA(state);

	/*
	 * Every fixed-layout state starts with its row count N; a count no
	 * aggregate can produce (negative, fractional, NaN, beyond 2^53) would
	 * otherwise come back as a wrong n.
	 */
	/* runs per row in transition functions: a cast, not a libm floor() */
	if (unlikely(!(values[0] >= 0.0 && values[0] <= KR_FLOAT8_EXACT_MAX &&
				   values[0] == (double) (int64) values[0])))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s state must start with a whole row count between 0 and 2^53",
						what),
				 errdetail("Got %s.", kr_format_double(values[0]))));
	return values;
}

/*
 * A timestamptz kept in a state (microseconds since 2000-01-01, as
 * kr_timestamp_to_state stores it); 2202E for a value no aggregate can
 * have stored.
 */
TimestampTz
kr_state_timestamp(double value, const char *what)
{
	if (likely(value > -KR_FLOAT8_EXACT_MAX && value < KR_FLOAT8_EXACT_MAX))
		return (TimestampTz) value;
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s state holds a time outside the years 1715 to 2285", what),
			 errdetail("Got %s microseconds since 2000-01-01.", kr_format_double(value))));
	return 0;					/* keep compiler quiet */
}

/*
 * The state argument to update: in an aggregate call the transition value
 * belongs to the aggregate and is modified in place (as float.c does);
 * called directly from SQL, a copy, so the caller's value is untouched.
 */
ArrayType *
kr_state_for_update(FunctionCallInfo fcinfo, int argno, int nelems,
					const char *what, float8 **values)
{
	ArrayType  *state;

	if (AggCheckCallContext(fcinfo, NULL))
		state = PG_GETARG_ARRAYTYPE_P(argno);
	else
		state = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	*values = kr_state_values(state, nelems, what);
	return state;
}

/* A combine function's states; see agg_state.h. */
ArrayType *
kr_state_combine_args(FunctionCallInfo fcinfo, int nelems, const char *what,
					  float8 **s1, float8 **s2)
{
	ArrayType  *state1 = kr_state_for_update(fcinfo, 0, nelems, what, s1);

	*s2 = kr_state_values(PG_GETARG_ARRAYTYPE_P(1), nelems, what);
	return state1;
}

/*
 * A timestamptz as a float8 for an aggregate state: microseconds since
 * 2000-01-01, exact while |t| < 2^53 us (years 1715 to 2285).  Infinite
 * or farther timestamps: 22003 naming the argument.
 */
double
kr_timestamp_to_state(TimestampTz t, const char *arg)
{
	const int64 limit = (int64) KR_FLOAT8_EXACT_MAX;

	if (likely(t > -limit && t < limit))
		return (double) t;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s must be a finite timestamp between the years 1715 and 2285", arg),
			 errdetail("Got %s.", TIMESTAMP_NOT_FINITE(t) ?
					   (TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity") :
					   timestamptz_to_str(t))));
	return 0.0;					/* keep compiler quiet */
}

ArrayType *
kr_float8_array_zeroed(int nelems)
{
	Size		size = ARR_OVERHEAD_NONULLS(1) + sizeof(float8) * nelems;
	ArrayType  *arr = (ArrayType *) palloc0(size);

	SET_VARSIZE(arr, size);
	arr->ndim = 1;
	arr->dataoffset = 0;
	arr->elemtype = FLOAT8OID;
	ARR_DIMS(arr)[0] = nelems;
	ARR_LBOUND(arr)[0] = 1;
	return arr;
}
