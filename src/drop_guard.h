/*-------------------------------------------------------------------------
 *
 * drop_guard.h
 *	  The DROP EXTENSION guard (drop_guard.c).
 *
 *	  Contract: kr_drop_guard_init, called once from _PG_init, defines the
 *	  setting knee_rehab.allow_drop_with_data (superuser only, off) that
 *	  the guard's event trigger reads.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_DROP_GUARD_H
#define KR_DROP_GUARD_H

extern void kr_drop_guard_init(void);

#endif							/* KR_DROP_GUARD_H */
