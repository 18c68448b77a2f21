/* khabar - ISC licence, see LICENSE. */
/*
 * Search folding: one row per rule, mixed text, malformed input, the HTML
 * variant, and idempotence of every row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/normalize.h"
#include "util/buf.h"

struct fold_case {
	const char	*name;
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*want;
};

static const struct fold_case fold_cases[] = {
	{ "empty", "", 0, "" },
	{ "ascii-lower", "Hello WORLD 42", 0, "hello world 42" },
	{ "fatha", "\u0645\u064E\u062F", 0, "\u0645\u062F" },
	{ "harakat-range", "\u0628\u064B\u064C\u064D\u064E\u064F\u0650\u0651"
	    "\u0652\u0653\u0654\u0655\u0656\u0657\u0658\u0659\u065A\u065B"
	    "\u065C\u065D\u065E\u065F\u0628", 0, "\u0628\u0628" },
	{ "superscript-alef", "\u0647\u0670\u0630\u0627", 0,
	    "\u0647\u0630\u0627" },
	{ "quranic-marks", "\u0628\u0610\u06D6\u06ED\u0628", 0,
	    "\u0628\u0628" },
	{ "tatweel", "\u0639\u0640\u0640\u0631\u0628", 0,
	    "\u0639\u0631\u0628" },
	{ "alef-hamza-above", "\u0623\u062D\u0645\u062F", 0,
	    "\u0627\u062D\u0645\u062F" },
	{ "alef-hamza-below", "\u0625\u0633\u0644\u0627\u0645", 0,
	    "\u0627\u0633\u0644\u0627\u0645" },
	{ "alef-madda", "\u0622\u062E\u0631", 0, "\u0627\u062E\u0631" },
	{ "alef-wasla", "\u0671\u0644", 0, "\u0627\u0644" },
	{ "alef-maqsura", "\u0639\u0644\u0649", 0, "\u0639\u0644\u064A" },
	{ "teh-marbuta", "\u0645\u062F\u0631\u0633\u0629", 0,
	    "\u0645\u062F\u0631\u0633\u0647" },
	{ "waw-hamza", "\u0645\u0624\u062A\u0645\u0631", 0,
	    "\u0645\u0648\u062A\u0645\u0631" },
	{ "yeh-hamza", "\u0631\u0626\u064A\u0633", 0,
	    "\u0631\u064A\u064A\u0633" },
	{ "arabic-indic-digits", "\u0662\u0660\u0662\u0664 \u0669", 0,
	    "2024 9" },
	{ "persian-digits", "\u06F1\u06F4\u06F0\u06F3", 0, "1403" },
	{ "persian-keheh", "\u06A9\u062A\u0627\u0628", 0,
	    "\u0643\u062A\u0627\u0628" },
	{ "farsi-yeh", "\u0639\u0644\u06CC", 0, "\u0639\u0644\u064A" },
	{ "latin1-upper", "\u00C9COLE \u00C0 \u00DE", 0,
	    "\u00E9cole \u00E0 \u00FE" },
	{ "latin1-times-kept", "\u00D7\u00DF", 0, "\u00D7\u00DF" },
	{ "latin-ext-a-even", "\u0100\u0152\u0160", 0, "\u0101\u0153\u0161" },
	{ "latin-ext-a-odd", "\u0141\u017D\u0139", 0, "\u0142\u017E\u013A" },
	{ "dotted-capital-i", "\u0130stanbul", 0, "istanbul" },
	{ "y-diaeresis", "\u0178", 0, "\u00FF" },
	{ "dotless-i-kept", "\u0131", 0, "\u0131" },
	{ "greek", "\u0391\u0398\u0397\u039D\u0391 \u0386", 0,
	    "\u03B1\u03B8\u03B7\u03BD\u03B1 \u03AC" },
	{ "cyrillic", "\u041C\u041E\u0421\u041A\u0412\u0410 \u0401", 0,
	    "\u043C\u043E\u0441\u043A\u0432\u0430 \u0451" },
	{ "whitespace-controls", "a\tb\nc\rd", 0, "a b c d" },
	{ "other-controls", "a\001b\033c\177d", 0, "abcd" },
	{ "c1-controls", "a\xc2\x85" "b", 0, "ab" },
	{ "nul-dropped", "a\0b", 3, "ab" },
	{ "format-chars", "\u0645\u06CC\u200C\u06AF\u0648\u06CC\u062F", 0,
	    "\u0645\u064A\u06AF\u0648\u064A\u062F" },
	{ "bidi-controls", "\u202Eabc\u202C\u2067x\u2069\u200F\uFEFF", 0,
	    "abcx" },
	{ "soft-hyphen", "infor\u00ADmation", 0, "information" },
	{ "invalid-byte", "a\xff" "b", 0, "a\uFFFDb" },
	{ "truncated", "a\xd8", 0, "a\uFFFD" },
	{ "surrogate", "\xed\xa0\x80", 0, "\uFFFD\uFFFD\uFFFD" },
	{ "replacement-kept", "\uFFFD", 0, "\uFFFD" },
	{ "emoji-kept", "\U0001F44D", 0, "\U0001F44D" },
	{ "cjk-kept", "\u65B0\u805E", 0, "\u65B0\u805E" },
	{ "two-byte-lead-at-end", "ab\xd9", 0, "ab\uFFFD" },
	{ "two-byte-lead-then-ascii", "\xd9" "A\xc3\x89", 0,
	    "\uFFFDa\u00E9" },
	{ "two-byte-lead-then-lead", "\xd9\xd9\x8e\xd8", 0,
	    "\uFFFD\uFFFD" },
	{ "overlong-two-byte", "\xc0\x80\xc1\xbf", 0,
	    "\uFFFD\uFFFD\uFFFD\uFFFD" },
	{ "stray-continuation", "\x80\xd9\x80\xbf", 0, "\uFFFD\uFFFD" },
	{ "last-two-byte", "\xdf\xbf", 0, "\xdf\xbf" },
	{ "mixed", "\u0627\u0644\u0652\u0625\u0650\u0633\u0652\u0644\u064E"
	    "\u0627\u0645\u064F \u0641\u064A BBC \u0661\u0669\u0664\u0668 "
	    "\u0645\u064E\u062F\u0652\u0631\u064E\u0633\u064E\u0629\u064C", 0,
	    "\u0627\u0644\u0627\u0633\u0644\u0627\u0645 \u0641\u064A bbc "
	    "1948 \u0645\u062F\u0631\u0633\u0647" },
};

static const struct fold_case html_cases[] = {
	{ "tags", "<p>Hello <b>W</b>orld</p><p>next</p>", 0,
	    " hello world next " },
	{ "entities", "a &amp; b &lt;c&gt; &quot;d&quot; &apos;", 0,
	    "a & b <c> \"d\" '" },
	{ "latin1-entity", "caf&eacute; &Eacute;T&Eacute;", 0,
	    "caf\u00E9 \u00E9t\u00E9" },
	{ "numeric", "&#1575;&#x644;&#X0623;", 0, "\u0627\u0644\u0627" },
	{ "nbsp", "a&nbsp;b", 0, "a b" },
	{ "unknown-entity", "a&hellip;b", 0, "a b" },
	{ "bare-ampersand", "AT&T & co", 0, "at&t & co" },
	{ "comment", "a<!-- <b>x</b> -->b", 0, "a b" },
	{ "script", "a<script>var x = '<p>';</script>b<style>p{}</style>c",
	    0, "a b c" },
	{ "lone-lt", "1 < 2", 0, "1 < 2" },
	{ "unclosed", "a<p class=", 0, "a " },
	{ "arabic", "<p>\u0627\u0644\u0652\u0645\u064E\u062F\u0652"
	    "\u0631\u064E\u0633\u064E\u0629\u064F</p>", 0,
	    " \u0627\u0644\u0645\u062F\u0631\u0633\u0647 " },
};

static size_t
case_len(const struct fold_case *c)
{
	return c->len != 0 ? c->len : strlen(c->in);
}

static void
test_fold(void **state)
{
	size_t	i, n, n2;
	char	*out, *again;

	(void)state;
	for (i = 0; i < sizeof fold_cases / sizeof fold_cases[0]; i++) {
		out = normalize_fold(fold_cases[i].in, case_len(&fold_cases[i]),
		    &n);
		if (strcmp(out, fold_cases[i].want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"",
			    fold_cases[i].name, out, fold_cases[i].want);
		assert_int_equal(n, strlen(out));
		again = normalize_fold(out, n, &n2);
		if (strcmp(again, out) != 0)
			fail_msg("%s: not idempotent", fold_cases[i].name);
		free(again);
		free(out);
	}
}

static void
test_fold_buf_appends(void **state)
{
	struct buf	b = { 0 };

	(void)state;
	buf_adds(&b, "x:");
	normalize_fold_buf(&b, "\u0623B", 3);
	normalize_fold_buf(&b, "\xff\xff\xff\xff", 4);
	assert_string_equal(b.data, "x:\u0627b\uFFFD\uFFFD\uFFFD\uFFFD");
	assert_int_equal(b.len, strlen(b.data));
	buf_free(&b);
}

static void
test_fold_html(void **state)
{
	struct buf	b = { 0 };
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof html_cases / sizeof html_cases[0]; i++) {
		buf_reset(&b);
		normalize_fold_html(&b, html_cases[i].in,
		    case_len(&html_cases[i]));
		if (strcmp(b.data, html_cases[i].want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"",
			    html_cases[i].name, b.data, html_cases[i].want);
	}
	buf_free(&b);
}

/* Every code point of the BMP and some above folds to a fixed point. */
static void
test_fold_cp_idempotent(void **state)
{
	uint32_t	c, f;

	(void)state;
	for (c = 0; c < 0x20000; c++) {
		if ((f = normalize_fold_cp(c)) == UINT32_MAX)
			continue;
		if (normalize_fold_cp(f) != f)
			fail_msg("U+%04X -> U+%04X is not a fixed point", c, f);
	}
}

/*
 * Every code point below U+0800 (what fold_run() looks up in a table) folds
 * as normalize_fold_cp() says, alone and between other text.
 */
static void
test_fold_small_table(void **state)
{
	struct buf	in = { 0 }, want = { 0 };
	uint32_t	c, f;
	char		*out;
	size_t		n;

	(void)state;
	for (c = 0; c < 0x800; c++) {
		buf_reset(&in);
		buf_reset(&want);
		buf_adds(&in, "x");
		buf_add_utf8(&in, c);
		buf_adds(&in, "\u0628");
		buf_adds(&want, "x");
		if ((f = normalize_fold_cp(c)) != UINT32_MAX)
			buf_add_utf8(&want, f);
		buf_adds(&want, "\u0628");
		out = normalize_fold(in.data, in.len, &n);
		if (n != want.len || memcmp(out, want.data, n) != 0)
			fail_msg("U+%04X folds to \"%s\", want \"%s\"", c, out,
			    want.data);
		free(out);
	}
	buf_free(&in);
	buf_free(&want);
}

/* Random bytes: the output is valid UTF-8 and folds to itself. */
static void
test_fold_random(void **state)
{
	char		in[512], *out, *again;
	size_t		i, j, n, n2;
	uint32_t	x = 2463534242U;

	(void)state;
	for (i = 0; i < 2000; i++) {
		for (j = 0; j < sizeof in; j++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			/* Lean to bytes that make Arabic and broken sequences. */
			in[j] = (char)((x & 3) == 0 ? 0xD8 + (x >> 8) % 4 :
			    (x >> 8));
		}
		out = normalize_fold(in, sizeof in, &n);
		assert_int_equal(n, strlen(out));
		again = normalize_fold(out, n, &n2);
		assert_int_equal(n, n2);
		assert_memory_equal(out, again, n);
		free(again);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_buf_appends),
		cmocka_unit_test(test_fold_html),
		cmocka_unit_test(test_fold_cp_idempotent),
		cmocka_unit_test(test_fold_small_table),
		cmocka_unit_test(test_fold_random),
	};

	return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
