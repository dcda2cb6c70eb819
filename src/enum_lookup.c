/*-------------------------------------------------------------------------
 *
 * enum_lookup.c
 *	  Enum labels by OID (contract in enum_lookup.h).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_enum.h"
#include "utils/syscache.h"

#include "enum_lookup.h"

/*
 * The OID of an enum label, looked up once per call site by the functions
 * that compare enum arguments by OID (risk.c, triage.c); a label missing
 * from the extension's own type can't happen.
 */
Oid
kr_enum_oid(Oid enumtype, const char *label)
{
	Oid			oid = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
									  ObjectIdGetDatum(enumtype),
									  CStringGetDatum(label));

	if (!OidIsValid(oid))
		elog(ERROR, "enum label \"%s\" of type %u not found", label, enumtype);
	return oid;
}
