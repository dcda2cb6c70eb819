/*-------------------------------------------------------------------------
 *
 * citus_compat.h
 *	  Reading a reference table (risk model, clinic_access) through SPI
 *	  from a function that may run inside a Citus shard query.
 *
 *	  Contract: call kr_reference_read_begin before SPI_connect and
 *	  kr_reference_read_end(its result) after SPI_finish; in between,
 *	  queries on Citus reference tables read the node's local copy.
 *	  Without Citus both do nothing visible.  An error restores the
 *	  setting with the transaction.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_CITUS_COMPAT_H
#define KR_CITUS_COMPAT_H

extern int	kr_reference_read_begin(void);
extern void kr_reference_read_end(int gucnest);

#endif							/* KR_CITUS_COMPAT_H */
