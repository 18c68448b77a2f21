/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_UTIL_HEAP_H
#define KHABAR_UTIL_HEAP_H

#include <stddef.h>

/* Set how malloc keeps memory for the whole process (see heap.c). */
void		 heap_policy(void);
/*
 * Fault in at once the pages of len bytes from p, which the caller is about
 * to fill: a hint, nothing happens where the system cannot (see heap.c).
 */
void		 heap_populate(void *p, size_t len);
/* The malloc in use: "mimalloc 2.0.9", "the C library's". */
const char	*heap_malloc(void);

#endif
