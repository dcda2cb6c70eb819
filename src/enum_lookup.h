/*-------------------------------------------------------------------------
 *
 * enum_lookup.h
 *	  Enum labels by OID.
 *
 *	  Contract: kr_enum_oid returns the pg_enum OID of label in enumtype,
 *	  for functions that compare enum arguments by OID (look it up once per
 *	  call site, not per row).  The types are the extension's own, so a
 *	  missing label can't happen: an internal ERROR (elog) if it does.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_ENUM_LOOKUP_H
#define KR_ENUM_LOOKUP_H

extern Oid	kr_enum_oid(Oid enumtype, const char *label);

#endif							/* KR_ENUM_LOOKUP_H */
