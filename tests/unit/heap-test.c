/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/util/heap.c: with mimalloc configured, it is the malloc of
 * the whole process -- ours and the libraries' (libxml2's trees are most
 * of what an extraction allocates) -- and --version says so.
 * heap_populate() faults in the whole pages of a range, no others.
 */
#include "config.h"

#include <sys/mman.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlstring.h>
#ifdef HAVE_MIMALLOC
#include <mimalloc.h>
#endif

#include "util/heap.h"

static void
test_name(void **state)
{
	const char	*name = heap_malloc();

	(void)state;
#ifdef HAVE_MIMALLOC
	assert_true(strncmp(name, "mimalloc ", 9) == 0);
#else
	assert_string_equal(name, "the C library's");
#endif
}

static void
test_libraries(void **state)
{
	xmlChar	*x;
	char	*p;

	(void)state;
	heap_policy();
	p = malloc(100);
	x = xmlStrdup((const xmlChar *)"libxml2 allocates with malloc()");
	assert_non_null(p);
	assert_non_null(x);
#ifdef HAVE_MIMALLOC
	assert_true(mi_is_in_heap_region(p));
	assert_true(mi_is_in_heap_region(x));
#endif
	xmlFree(x);
	free(p);
}

static void
test_populate(void **state)
{
	size_t		 page = (size_t)sysconf(_SC_PAGESIZE), i;
	unsigned char	 in[8];
	char		*m;

	(void)state;
	m = mmap(NULL, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
#ifdef MADV_POPULATE_WRITE
	/* Before Linux 5.14 the hint does nothing: nothing to test. */
	if (madvise(m + 7 * page, page, MADV_POPULATE_WRITE) != 0 &&
	    errno == EINVAL) {
		munmap(m, 8 * page);
		skip();
	}
#else
	munmap(m, 8 * page);
	skip();
#endif
	/* From the middle of page 1 to the middle of page 5: 2, 3 and 4. */
	heap_populate(m + page + page / 2, 4 * page);
	assert_int_equal(mincore(m, 8 * page, in), 0);
	for (i = 0; i < 7; i++)
		assert_int_equal(in[i] & 1, i >= 2 && i <= 4);
	assert_int_equal(in[7] & 1, 1);
	/* Nothing to do, or nothing it may do: no harm. */
	heap_populate(m, 0);
	heap_populate(m + 1, page - 2);
	heap_populate(NULL, page);
	munmap(m, 8 * page);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_libraries),
		cmocka_unit_test(test_populate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
