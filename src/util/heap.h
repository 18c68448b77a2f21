/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_UTIL_HEAP_H
#define KHABAR_UTIL_HEAP_H

/* Set how malloc keeps memory for the whole process (see heap.c). */
void		 heap_policy(void);
/* The malloc in use: "mimalloc 2.0.9", "the C library's". */
const char	*heap_malloc(void);

#endif
