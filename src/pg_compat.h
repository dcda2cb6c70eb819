/*-------------------------------------------------------------------------
 *
 * pg_compat.h
 *	  Every difference between the PostgreSQL major versions knee_rehab
 *	  builds against (15 to 18; 15 and 18 are tested, 16 and 17 build from
 *	  the same guards), behind PG_VERSION_NUM, in this one header.  The rest
 *	  of the code is written against the newest API and includes this
 *	  header where it uses one of these (directly, or through arg_checks.h
 *	  and agg_state.h for pg_noreturn).
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_PG_COMPAT_H
#define KR_PG_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "knee_rehab needs PostgreSQL 15 or newer"
#endif

/*
 * pg_noreturn (18): a function specifier written before the declaration
 * ("pg_noreturn extern void f(...)"), replacing pg_attribute_noreturn(),
 * which 18 removed.  Before 18 pg_attribute_noreturn() is GCC's
 * __attribute__((noreturn)) (or MSVC's __declspec(noreturn)), both of which
 * may stand in front of the declaration as well.
 */
#if PG_VERSION_NUM < 180000
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * This backend's local transaction id (17 moved it from PGPROC.lxid into
 * PGPROC.vxid.lxid).  Users include storage/proc.h.
 */
#if PG_VERSION_NUM >= 170000
#define KR_MY_LXID	(MyProc->vxid.lxid)
#else
#define KR_MY_LXID	(MyProc->lxid)
#endif

#endif							/* KR_PG_COMPAT_H */
