/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/feed/url.c.  Each table row is a base, a reference and the
 * URL they must resolve to; each group of rows is one cmocka test, and a
 * failing row is printed with its input before the test fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feed/url.h"

struct row {
	const char	*base;
	const char	*ref;
	const char	*want;
};

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])
#define RFC_BASE	"http://a/b/c/d;p?q"

static void	check_rows(const struct row *, size_t);
static char	*dup_n(const char *, size_t);

/* RFC 3986 section 5.4.1. */
static const struct row rfc_normal[] = {
	{ RFC_BASE, "g:h", "g:h" },
	{ RFC_BASE, "g", "http://a/b/c/g" },
	{ RFC_BASE, "./g", "http://a/b/c/g" },
	{ RFC_BASE, "g/", "http://a/b/c/g/" },
	{ RFC_BASE, "/g", "http://a/g" },
	{ RFC_BASE, "//g", "http://g" },
	{ RFC_BASE, "?y", "http://a/b/c/d;p?y" },
	{ RFC_BASE, "g?y", "http://a/b/c/g?y" },
	{ RFC_BASE, "#s", "http://a/b/c/d;p?q#s" },
	{ RFC_BASE, "g#s", "http://a/b/c/g#s" },
	{ RFC_BASE, "g?y#s", "http://a/b/c/g?y#s" },
	{ RFC_BASE, ";x", "http://a/b/c/;x" },
	{ RFC_BASE, "g;x", "http://a/b/c/g;x" },
	{ RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y#s" },
	{ RFC_BASE, "", "http://a/b/c/d;p?q" },
	{ RFC_BASE, ".", "http://a/b/c/" },
	{ RFC_BASE, "./", "http://a/b/c/" },
	{ RFC_BASE, "..", "http://a/b/" },
	{ RFC_BASE, "../", "http://a/b/" },
	{ RFC_BASE, "../g", "http://a/b/g" },
	{ RFC_BASE, "../..", "http://a/" },
	{ RFC_BASE, "../../", "http://a/" },
	{ RFC_BASE, "../../g", "http://a/g" },
};

/* RFC 3986 section 5.4.2. */
static const struct row rfc_abnormal[] = {
	{ RFC_BASE, "../../../g", "http://a/g" },
	{ RFC_BASE, "../../../../g", "http://a/g" },
	{ RFC_BASE, "/./g", "http://a/g" },
	{ RFC_BASE, "/../g", "http://a/g" },
	{ RFC_BASE, "g.", "http://a/b/c/g." },
	{ RFC_BASE, ".g", "http://a/b/c/.g" },
	{ RFC_BASE, "g..", "http://a/b/c/g.." },
	{ RFC_BASE, "..g", "http://a/b/c/..g" },
	{ RFC_BASE, "./../g", "http://a/b/g" },
	{ RFC_BASE, "./g/.", "http://a/b/c/g/" },
	{ RFC_BASE, "g/./h", "http://a/b/c/g/h" },
	{ RFC_BASE, "g/../h", "http://a/b/c/h" },
	{ RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ RFC_BASE, "g;x=1/../y", "http://a/b/c/y" },
	{ RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x" },
	{ RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x" },
	{ RFC_BASE, "g#s/./x", "http://a/b/c/g#s/./x" },
	{ RFC_BASE, "g#s/../x", "http://a/b/c/g#s/../x" },
	{ RFC_BASE, "http:g", "http:g" },
};

/* Bases and references of khabar's own. */
static const struct row own[] = {
	/* An empty path in the base merges as "/". */
	{ "http://a", "g", "http://a/g" },
	{ "http://a", "", "http://a" },
	{ "http://a", "?x", "http://a?x" },
	{ "http://a", "#f", "http://a#f" },
	{ "http://a", "../g", "http://a/g" },
	{ "http://a?q", "#f", "http://a?q#f" },
	/* The base's fragment is never inherited. */
	{ "http://a/b/c#frag", "", "http://a/b/c" },
	{ "http://a/b/c#frag", "d", "http://a/b/d" },
	{ "http://a/b/c?q#frag", "#x", "http://a/b/c?q#x" },
	/* Empty query and fragment are kept, and differ from none. */
	{ "http://a/b?q", "?", "http://a/b?" },
	{ "http://a/b?q", "#", "http://a/b?q#" },
	{ "http://a/b", "c?#", "http://a/c?#" },
	/* Dot segments beyond the root go nowhere. */
	{ "http://a/b/", "../../../../../x", "http://a/x" },
	{ "http://a/", "..", "http://a/" },
	{ "http://a/", "/..", "http://a/" },
	{ "http://a/", "/../..", "http://a/" },
	{ "http://a/b/c/", "./../.././d/./e/../f", "http://a/d/f" },
	{ "http://a/b/c", "..//x", "http://a//x" },
	{ "http://a/b/c/", "g//h/../i", "http://a/b/c/g//i" },
	/* Absolute references only lose their dot segments. */
	{ RFC_BASE, "HTTPS://Example.COM/a/./b/../c?Q#F",
	    "HTTPS://Example.COM/a/c?Q#F" },
	{ RFC_BASE, "https://x.test", "https://x.test" },
	{ RFC_BASE, "mailto:someone@example.com",
	    "mailto:someone@example.com" },
	{ RFC_BASE, "javascript:alert(1)", "javascript:alert(1)" },
	{ RFC_BASE, "data:text/html,<b>x</b>", "data:text/html,<b>x</b>" },
	{ RFC_BASE, "urn:isbn:0451450523", "urn:isbn:0451450523" },
	{ RFC_BASE, "file:///etc/../passwd", "file:///passwd" },
	/* Network-path references keep the base's scheme. */
	{ "https://a/b", "//cdn.test/x/../y.png", "https://cdn.test/y.png" },
	{ "https://a/b", "//cdn.test", "https://cdn.test" },
	{ "https://a/b", "//cdn.test?x", "https://cdn.test?x" },
	/* Ports, user information and IPv6 literals are part of authority. */
	{ "http://a:8080/b/c", "d", "http://a:8080/b/d" },
	{ "http://a:8080/b/c", "/d", "http://a:8080/d" },
	{ "http://a:8080/b/c", "//e:81/f", "http://e:81/f" },
	{ "http://u:pw@a/b/c", "../d", "http://u:pw@a/d" },
	{ "http://[2001:db8::1]/b/c", "d", "http://[2001:db8::1]/b/d" },
	{ "http://[2001:db8::1]:8443/b/c", "../x?y",
	    "http://[2001:db8::1]:8443/x?y" },
	{ "http://[::1]", "a", "http://[::1]/a" },
	/* A colon after a slash is not a scheme. */
	{ "http://a/b/c", "./d:e", "http://a/b/d:e" },
	{ "http://a/b/c", "x/y:z", "http://a/b/x/y:z" },
	{ "http://a/b/c", "1a:b", "http://a/b/1a:b" },
	{ "http://a/b/c", "a+b-c.d:e", "a+b-c.d:e" },
	/* Percent-encoded and raw UTF-8 paths pass through as they are. */
	{ "https://news.test/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/index",
	    "%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/1.html",
	    "https://news.test/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/"
	    "%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/1.html" },
	{ "https://news.test/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/index",
	    "../%D8%B1%D8%A3%D9%8A?q=%D9%85%D8%B5%D8%B1",
	    "https://news.test/%D8%B1%D8%A3%D9%8A?q=%D9%85%D8%B5%D8%B1" },
	{ "https://news.test/\xd8\xa3\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1/",
	    "\xd8\xb1\xd9\x8a\xd8\xa7\xd8\xb6\xd8\xa9",
	    "https://news.test/\xd8\xa3\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1/"
	    "\xd8\xb1\xd9\x8a\xd8\xa7\xd8\xb6\xd8\xa9" },
	/* Percent-encoded dots are not dot segments. */
	{ "http://a/b/c", "%2E%2E/x", "http://a/b/%2E%2E/x" },
	/* A base path without a slash, as in a non-hierarchical base. */
	{ "mailto:x@y", "z", "mailto:z" },
	{ "foo:bar", "../baz", "foo:baz" },
};

/* Whitespace around and inside the reference. */
static const struct row whitespace[] = {
	{ RFC_BASE, "  g  ", "http://a/b/c/g" },
	{ RFC_BASE, "\t\r\n g \n", "http://a/b/c/g" },
	{ RFC_BASE, "g\n/h", "http://a/b/c/g/h" },
	{ RFC_BASE, "ht\ttp://x/y", "http://x/y" },
	{ RFC_BASE, "a\r\nb", "http://a/b/c/ab" },
	{ RFC_BASE, "g h", "http://a/b/c/g h" },
	{ RFC_BASE, "   ", "http://a/b/c/d;p?q" },
	{ "  http://a/b/c  ", "d", "http://a/b/d" },
	{ RFC_BASE, "\v\fg\f", "http://a/b/c/g" },
};

/* No usable base: the cleaned reference comes back. */
static const struct row no_base[] = {
	{ NULL, "g", "g" },
	{ NULL, " ../g\n", "../g" },
	{ NULL, "", "" },
	{ "", "g", "g" },
	{ "/a/b", "../g", "../g" },
	{ "//a/b", "g", "g" },
	{ "a/b", "http://x/./y", "http://x/./y" },
	{ "1http://a/", "g", "g" },
	{ NULL, "http://x/../y", "http://x/../y" },
};

/* Copy n bytes of s into a buffer of exactly n + 1 bytes. */
static char *
dup_n(const char *s, size_t n)
{
	char	*p;

	p = malloc(n + 1);
	assert_non_null(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
check_rows(const struct row *rows, size_t n)
{
	char	*got;
	size_t	 i, bad = 0;

	for (i = 0; i < n; i++) {
		got = url_resolve(rows[i].base, rows[i].ref);
		if (got == NULL || strcmp(got, rows[i].want) != 0) {
			print_error("row %zu: base \"%s\" ref \"%s\": "
			    "want \"%s\", got \"%s\"\n", i,
			    rows[i].base == NULL ? "(null)" : rows[i].base,
			    rows[i].ref, rows[i].want,
			    got == NULL ? "(null)" : got);
			bad++;
		}
		free(got);
	}
	if (bad != 0)
		fail_msg("%zu of %zu rows failed", bad, n);
}

static void
test_rfc_normal(void **state)
{
	(void)state;
	check_rows(rfc_normal, NROWS(rfc_normal));
}

static void
test_rfc_abnormal(void **state)
{
	(void)state;
	check_rows(rfc_abnormal, NROWS(rfc_abnormal));
}

static void
test_own(void **state)
{
	(void)state;
	check_rows(own, NROWS(own));
}

static void
test_whitespace(void **state)
{
	(void)state;
	check_rows(whitespace, NROWS(whitespace));
}

static void
test_no_base(void **state)
{
	(void)state;
	check_rows(no_base, NROWS(no_base));
}

/* A NULL reference is an empty one. */
static void
test_null_ref(void **state)
{
	char	*got;

	(void)state;
	got = url_resolve(RFC_BASE, NULL);
	assert_string_equal(got, RFC_BASE);
	free(got);
	got = url_resolve(NULL, NULL);
	assert_string_equal(got, "");
	free(got);
}

static void
test_safe_scheme(void **state)
{
	static const struct {
		const char	*url;
		int		 want;
	} rows[] = {
		{ "http://a/", 1 },
		{ "https://a/", 1 },
		{ "ftp://a/", 1 },
		{ "file:///etc/motd", 1 },
		{ "mailto:a@b", 1 },
		{ "HTTP://A/", 1 },
		{ "hTtPs://a/", 1 },
		{ "MailTo:a@b", 1 },
		{ "  https://a/", 1 },
		{ "ht\ttps://a/", 1 },
		{ "http:", 1 },
		{ "javascript:alert(1)", 0 },
		{ "JavaScript:alert(1)", 0 },
		{ " javascript:alert(1)", 0 },
		{ "java\tscript:alert(1)", 0 },
		{ "java\nscript:alert(1)", 0 },
		{ "\x01javascript:alert(1)", 0 },
		{ "data:text/html,<script>", 0 },
		{ "vbscript:msgbox", 0 },
		{ "about:blank", 0 },
		{ "httpx://a/", 0 },
		{ "https2://a/", 0 },
		{ "xhttp://a/", 0 },
		{ "httpsssssssssssssss://a/", 0 },
		{ "http", 0 },
		{ "https//a/", 0 },
		{ "/relative/path", 0 },
		{ "relative", 0 },
		{ "//host/path", 0 },
		{ ":http", 0 },
		{ "", 0 },
		{ "h ttp://a/", 0 },
		{ "\xd9\x85:x", 0 },
	};
	size_t	i, bad = 0;

	(void)state;
	assert_int_equal(url_is_safe_scheme(NULL), 0);
	for (i = 0; i < NROWS(rows); i++) {
		if (url_is_safe_scheme(rows[i].url) != rows[i].want) {
			print_error("row %zu: \"%s\": want %d\n", i,
			    rows[i].url, rows[i].want);
			bad++;
		}
	}
	if (bad != 0)
		fail_msg("%zu of %zu rows failed", bad, NROWS(rows));
}

/*
 * Every pair of prefixes of awkward URLs, each in a buffer of its exact
 * size, so that a read past the NUL shows up under AddressSanitizer.
 */
static void
test_prefixes(void **state)
{
	static const char *const urls[] = {
		"http://u@[::1]:80/a/./b/../../..//c?d#e",
		" ./../g;x?y#s/../x\t",
	};
	char	*b, *r, *got;
	size_t	 i, j, n, m;

	(void)state;
	for (i = 0; i < NROWS(urls); i++) {
		for (j = 0; j < NROWS(urls); j++) {
			for (n = 0; n <= strlen(urls[i]); n++) {
				for (m = 0; m <= strlen(urls[j]); m++) {
					b = dup_n(urls[i], n);
					r = dup_n(urls[j], m);
					got = url_resolve(b, r);
					assert_non_null(got);
					(void)url_is_safe_scheme(r);
					free(got);
					free(b);
					free(r);
				}
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_normal),
		cmocka_unit_test(test_rfc_abnormal),
		cmocka_unit_test(test_own),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_no_base),
		cmocka_unit_test(test_null_ref),
		cmocka_unit_test(test_safe_scheme),
		cmocka_unit_test(test_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
