/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/util/heap.c: with mimalloc configured, it is the malloc of
 * the whole process -- ours and the libraries' (libxml2's trees are most
 * of what an extraction allocates) -- and --version says so.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_libraries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
