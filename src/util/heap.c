/* khabar - ISC licence, see LICENSE. */

/*
 * How malloc keeps memory, set once for the whole process by main() (and
 * by the benchmarks, so that they time what khabar does).  khabar's large
 * work comes in bursts of many small blocks and a few large ones: a
 * refresh parses bodies of hundreds of KB into items, an extraction
 * builds and frees a libxml2 tree of some 50,000 nodes for a 500 KB page.
 * glibc's defaults serve that badly, three ways:
 *
 *  - its mmap threshold moves up each time a mapped block is freed, after
 *    which any block may come from the heaps; bodies allocated on one
 *    thread and freed on another then made a cold refresh of 200 feeds
 *    peak at 100 MB instead of 59.  A fixed 1 MB keeps bodies and parse
 *    buffers in the heaps, where they are used again, instead of mapped
 *    at malloc and unmapped at free with a page fault for each page
 *    touched each time;
 *  - the top of a heap is given back to the system when a free leaves
 *    more than 128 KB there, so a burst that frees its tree gives its
 *    pages back and the next burst faults them in again: 276 faults per
 *    extraction of the page in bench/extract-bench, whose timings then
 *    depended on where a few small blocks happened to lie.  16 MB is
 *    kept;
 *  - freed small blocks wait in "fast bins" until a large request merges
 *    them all at once (malloc_consolidate()): freeing a tree and then
 *    asking for a page-sized buffer paid for 50,000 merges at once, 5% of
 *    an extraction.  Without fast bins a free merges its block then (the
 *    per-thread cache still takes the most recent frees of each size).
 *
 * That is for the C library's malloc.  khabar is normally built with
 * mimalloc (configure --without-mimalloc keeps glibc's), which takes over
 * malloc for every library in the process and does all three itself:
 * bench/extract-bench's extract_page() takes a fifth less time with it.
 *
 * Measured by bench/extract-bench (extract_page() of a 500 KB page:
 * 11.6-14 ms before, 9.4-10.3 ms after, same binary) and a cold refresh of
 * 200 feeds (10,000 page faults instead of 22,000, 15% less time).
 */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__GLIBC__)			/* known once a libc header is in */
#include <malloc.h>
#endif
#ifdef HAVE_MIMALLOC
#include <mimalloc.h>
#endif

#include "util/heap.h"

void
heap_policy(void)
{
#if defined(__GLIBC__) && !defined(HAVE_MIMALLOC)
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
	mallopt(M_MXFAST, 0);
#endif
}

/*
 * A page is faulted in when it is first written: on the virtual machines
 * this was measured on, 12.4 us a page, where one madvise() for 64 MB took
 * 0.7 us a page (and the first write to each still 5.7, the hypervisor's
 * share).  A refresh copies each body into a buffer of the length the
 * server announced: 4,300 of its 16,000 page faults, now one call a body.
 * Only whole pages within the range, so as to touch no one else's memory.
 */
void
heap_populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	long		 page = sysconf(_SC_PAGESIZE);
	uintptr_t	 a = (uintptr_t)p, end = a + len;

	if (page <= 0)
		page = 4096;
	a = (a + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	end &= ~((uintptr_t)page - 1);
	if (end > a)
		(void)madvise((void *)a, end - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}

/*
 * Which malloc the process has, for --version: mimalloc only when a block
 * from calloc() is in its heap, that is when linking it took malloc over.
 */
const char *
heap_malloc(void)
{
#ifdef HAVE_MIMALLOC
	static char	 name[32];
	void		*p;
	int		 v, in;

	/* calloc(): gcc takes mi_is_in_heap_region() to read the block. */
	if ((p = calloc(1, 64)) == NULL)
		return "unknown";
	in = mi_is_in_heap_region(p);
	free(p);
	if (!in)
		return "the C library's (mimalloc is linked but not in use)";
	v = mi_version();
	snprintf(name, sizeof name, "mimalloc %d.%d.%d", v / 100, v / 10 % 10,
	    v % 10);
	return name;
#else
	return "the C library's";
#endif
}
