/* khabar - ISC licence, see LICENSE. */
/*
 * UTF-8 decoding follows Unicode's "maximal subpart" practice: each
 * malformed piece becomes one U+FFFD and the valid text after it survives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/utf8.h"
#include "util/buf.h"

#define R	UTF8_REPLACEMENT

static const struct {
	const char	*name;
	const char	*in;
	size_t		 len;
	uint32_t	 want[8];	/* ends at the first 0 */
} decode_cases[] = {
	{ "ascii", "az", 2, { 'a', 'z' } },
	{ "two-byte", "\xd8\xb3", 2, { 0x0633 } },
	{ "three-byte", "\xe2\x80\x8f", 3, { 0x200F } },
	{ "four-byte", "\xf0\x9f\x91\x8d", 4, { 0x1F44D } },
	{ "max", "\xf4\x8f\xbf\xbf", 4, { 0x10FFFF } },
	{ "lone-continuation", "\x80" "a", 2, { R, 'a' } },
	{ "c0-overlong-lead", "\xc0\xaf", 2, { R, R } },
	{ "c1-overlong-lead", "\xc1\xbf", 2, { R, R } },
	{ "e0-overlong", "\xe0\x80\xaf", 3, { R, R, R } },
	{ "surrogate", "\xed\xa0\x80", 3, { R, R, R } },
	{ "last-before-surrogates", "\xed\x9f\xbf", 3, { 0xD7FF } },
	{ "f0-overlong", "\xf0\x8f\xbf\xbf", 4, { R, R, R, R } },
	{ "above-10ffff", "\xf4\x90\x80\x80", 4, { R, R, R, R } },
	{ "f5-lead", "\xf5\x80", 2, { R, R } },
	{ "ff", "\xff" "a", 2, { R, 'a' } },
	{ "truncated-3", "\xe2\x82" "a", 3, { R, 'a' } },
	{ "truncated-4-at-end", "\xf0\x9f\x91", 3, { R } },
	{ "truncated-then-valid", "\xd8" "\xd8\xb3", 3, { R, 0x0633 } },
	{ "nul-kept", "a\0b", 3, { 'a', 0, 'b' } },
};

static void
test_decode(void **state)
{
	size_t		i, off, k, used;
	uint32_t	c;

	(void)state;
	for (i = 0; i < sizeof decode_cases / sizeof decode_cases[0]; i++) {
		for (off = 0, k = 0; off < decode_cases[i].len; k++) {
			used = utf8_decode(decode_cases[i].in + off,
			    decode_cases[i].len - off, &c);
			assert_true(used >= 1);
			if (c != decode_cases[i].want[k])
				fail_msg("%s: char %zu is U+%04X, want U+%04X",
				    decode_cases[i].name, k, c,
				    decode_cases[i].want[k]);
			off += used;
		}
		/* nul-kept has a 0 inside; the others end at their first 0. */
		if (strcmp(decode_cases[i].name, "nul-kept") != 0)
			assert_int_equal(decode_cases[i].want[k], 0);
	}
}

static void
test_encode_roundtrip(void **state)
{
	static const uint32_t	cps[] = { 0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF,
	    0x10000, 0x10FFFF, 0x0627, 0xFEFB };
	char			out[4];
	size_t			i, n;
	uint32_t		c;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = utf8_encode(cps[i], out);
		assert_int_equal(utf8_decode(out, n, &c), n);
		assert_int_equal(c, cps[i]);
	}
	/* Surrogates and values past U+10FFFF are not encodable. */
	n = utf8_encode(0xD800, out);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "\xef\xbf\xbd", 3);
	n = utf8_encode(0x110000, out);
	assert_memory_equal(out, "\xef\xbf\xbd", 3);
}

static void
test_buf(void **state)
{
	struct buf	b = { 0 };
	size_t		len;
	char		*s;
	int		i;

	(void)state;
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_memory_equal(b.data + b.len - 4, "999,", 4);
	buf_reset(&b);
	buf_add_utf8(&b, 0x0633);
	assert_string_equal(b.data, "\xd8\xb3");
	s = buf_detach(&b, &len);
	assert_int_equal(len, 2);
	assert_null(b.data);
	free(s);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_buf),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
