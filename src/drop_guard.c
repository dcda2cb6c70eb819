/*-------------------------------------------------------------------------
 *
 * drop_guard.c
 *	  DROP EXTENSION knee_rehab (or DROP SCHEMA knee_rehab CASCADE) would
 *	  delete every patient row with it: the tables are extension members.
 *	  An event trigger refuses that while the tables hold rows, unless a
 *	  superuser confirms with knee_rehab.allow_drop_with_data = on.  An
 *	  empty install drops as before.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"

#include "drop_guard.h"

static bool kr_allow_drop_with_data = false;

/* Called from _PG_init. */
void
kr_drop_guard_init(void)
{
	DefineCustomBoolVariable("knee_rehab.allow_drop_with_data",
							 "Lets DROP EXTENSION knee_rehab delete the patient rows its tables hold.",
							 "Off: DROP EXTENSION knee_rehab (and DROP SCHEMA knee_rehab CASCADE) "
							 "is refused while knee_rehab.patient has rows. Only superusers may set it.",
							 &kr_allow_drop_with_data,
							 false,
							 PGC_SUSET, 0,
							 NULL, NULL, NULL);
}

/* Does the list of names (String nodes) of a DROP name knee_rehab? */
static bool
kr_names_knee_rehab(List *objects)
{
	ListCell   *lc;

	foreach(lc, objects)
	{
		Node	   *obj = (Node *) lfirst(lc);

		if (IsA(obj, String) && strcmp(strVal(obj), "knee_rehab") == 0)
			return true;
	}
	return false;
}

PG_FUNCTION_INFO_V1(kr_drop_guard);
Datum
kr_drop_guard(PG_FUNCTION_ARGS)
{
	EventTriggerData *trigdata;
	DropStmt   *stmt;
	const char *q;
	bool		has_rows;
	bool		isnull;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("drop_guard() can only be called as an event trigger")));
	trigdata = (EventTriggerData *) fcinfo->context;
	if (trigdata->parsetree == NULL || !IsA(trigdata->parsetree, DropStmt))
		PG_RETURN_VOID();
	stmt = (DropStmt *) trigdata->parsetree;
	if (kr_allow_drop_with_data)
		PG_RETURN_VOID();
	/* DROP EXTENSION knee_rehab, or DROP SCHEMA knee_rehab CASCADE. */
	if (!((stmt->removeType == OBJECT_EXTENSION && kr_names_knee_rehab(stmt->objects)) ||
		  (stmt->removeType == OBJECT_SCHEMA && stmt->behavior == DROP_CASCADE &&
		   kr_names_knee_rehab(stmt->objects))))
		PG_RETURN_VOID();

	if (!OidIsValid(get_extension_oid("knee_rehab", true)))
		PG_RETURN_VOID();

	/*
	 * Every child row belongs to a patient of its clinic (foreign keys), so
	 * the patient table tells.  Only the extension's owner may drop it, and
	 * the owner reads every row (row-level security does not apply to it).
	 * The schema is fixed (knee_rehab.control: not relocatable).
	 */
	q = "SELECT EXISTS (SELECT FROM knee_rehab.patient)";
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(q, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "drop_guard: could not read knee_rehab.patient");
	has_rows = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0],
										  SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();

	if (has_rows)
		ereport(ERROR,
				(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
				 errmsg("cannot drop extension knee_rehab while its tables hold patient rows"),
				 errdetail("Dropping the extension would delete every row of knee_rehab.patient, episode, knee_test, load_session and outcome_measure."),
				 errhint("Dump the data first (pg_dump). To delete it with the extension, a superuser runs "
						 "SET knee_rehab.allow_drop_with_data = on in the same session, then the DROP.")));
	PG_RETURN_VOID();
}
