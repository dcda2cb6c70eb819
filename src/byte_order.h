/*-------------------------------------------------------------------------
 *
 * byte_order.h
 *	  Byte order of strings: clinic ids (clinic_access.c) and cohort labels
 *	  (recovery_compare.c).
 *
 *	  Contract: kr_bytes_cmp(a, alen, b, blen) is < 0, 0 or > 0 as a sorts
 *	  before, with or after b under COLLATE "C" (memcmp, then the shorter
 *	  first); the strings need no terminator.
 *
 * Copyright (C) 2026 knee_rehab authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *-------------------------------------------------------------------------
 */
#ifndef KR_BYTE_ORDER_H
#define KR_BYTE_ORDER_H

static inline int
kr_bytes_cmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

#endif							/* KR_BYTE_ORDER_H */
