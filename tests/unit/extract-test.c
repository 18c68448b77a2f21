/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/html/extract.c: the encoding guess, the UTF-8 check, the
 * related-article labels, and whole small pages whose article, metadata and
 * related links are known.  Tables of rows; a failing row is printed before
 * the test fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html/extract.h"

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])

struct cs_row {
	const char	*bytes;
	const char	*http;
	const char	*want;
};

/* "السلام عليكم" in windows-1256 and in ISO-8859-6. */
#define AR_1256		"\xc7\xe1\xd3\xe1\xc7\xe3 \xda\xe1\xed\xdf\xe3 " \
			"\xe6\xd1\xcd\xe3\xc9 \xc7\xe1\xe1\xe5"
#define AR_88596	"\xc7\xe4\xd3\xe4\xc7\xe5 \xd9\xe4\xea\xe3\xe5 " \
			"\xe8\xd1\xcd\xe5\xc9 \xc7\xe4\xe4\xe7"

static const struct cs_row cs_rows[] = {
	{ "<p>plain ASCII</p>", NULL, "UTF-8" },
	{ "<p>\xd9\x86\xd8\xb5</p>", NULL, "UTF-8" },
	{ "<p>x</p>", "windows-1256", "windows-1256" },
	{ "<meta charset=\"iso-8859-6\"><p>\xc7\xe4</p>", NULL,
	  "iso-8859-6" },
	{ "<meta http-equiv=Content-Type content='text/html; "
	  "charset=windows-1256'><p>\xc7\xe1</p>", NULL, "windows-1256" },
	{ "<p>" AR_1256 "</p>", NULL, "windows-1256" },
	{ "<p>" AR_88596 "</p>", NULL, "ISO-8859-6" },
	{ "<p>caf\xe9 cr\xe8me br\xfbl\xe9" "e</p>", NULL, "windows-1252" },
	/* A lone bad byte is not UTF-8. */
	{ "<p>\xd9</p>", NULL, "windows-1256" },
	/* Overlong and surrogate forms are not UTF-8 either. */
	{ "<p>\xc0\xaf</p>", NULL, "windows-1252" },
	{ "<p>\xed\xa0\x80</p>", NULL, "windows-1252" },
};

static void
test_charset(void **state)
{
	char	out[64];
	size_t	i;

	(void)state;
	for (i = 0; i < NROWS(cs_rows); i++) {
		extract_charset(cs_rows[i].bytes, strlen(cs_rows[i].bytes),
		    cs_rows[i].http, out);
		if (strcmp(out, cs_rows[i].want) != 0)
			print_error("row %zu: got %s, want %s\n", i, out,
			    cs_rows[i].want);
		assert_string_equal(out, cs_rows[i].want);
	}
}

/*
 * UTF-8 is checked eight bytes at a time where it can be: a character
 * put at every place in a text of ASCII and Arabic letters, so that it
 * falls at every place in a word, keeps the text UTF-8 or makes it not.
 */
static const struct utf8_row {
	const char	*put;
	int		 valid;
} utf8_rows[] = {
	{ "\xd9\x86", 1 },		/* a letter, two bytes */
	{ "\xe2\x82\xac", 1 },		/* three bytes */
	{ "\xf0\x9f\x93\xb0", 1 },	/* four bytes */
	{ "\xbf", 0 },			/* a continuation alone */
	{ "\xd9", 0 },			/* a lead byte alone */
	{ "\xc1\xbf", 0 },		/* overlong */
	{ "\xe0\x80\xaf", 0 },		/* overlong */
	{ "\xed\xa0\x80", 0 },		/* a surrogate */
	{ "\xff", 0 },
};

static void
test_utf8(void **state)
{
	static const char	 base[] = "<p>\xd8\xa7\xd9\x84\xd9\x85 ab "
	    "\xd8\xa1\xd8\xa7\xd8\xa1 c \xd9\x86\xd8\xb5\xd9\x88\xd8\xb5"
	    "</p>";
	char			 page[256], out[64];
	size_t			 i, at, n;

	(void)state;
	for (i = 0; i < NROWS(utf8_rows); i++) {
		for (at = 0; at + 1 < sizeof base; at++) {
			/* Between characters only. */
			if (((unsigned char)base[at] & 0xC0) == 0x80)
				continue;
			n = strlen(utf8_rows[i].put);
			memcpy(page, base, at);
			memcpy(page + at, utf8_rows[i].put, n);
			memcpy(page + at + n, base + at, sizeof base - at);
			extract_charset(page, strlen(page), NULL, out);
			if ((strcmp(out, "UTF-8") == 0) != utf8_rows[i].valid)
				print_error("row %zu at %zu: got %s\n", i, at,
				    out);
			assert_int_equal(strcmp(out, "UTF-8") == 0,
			    utf8_rows[i].valid);
		}
	}
}

struct label_row {
	const char	*label;
	int		 want;
};

static const struct label_row label_rows[] = {
	{ "اقرأ أيضاً", 1 }, { "إقرأ أيضا:", 1 }, { "اقرأ ايضا", 1 },
	{ "مقالات مشابهة", 1 }, { "مقالات ذات صلة", 1 },
	{ "أخبار ذات صلة", 1 }, { "مواضيع ذات صلة", 1 }, { "المزيد", 1 },
	{ "شاهد أيضاً", 1 }, { "Read also", 1 }, { "READ MORE:", 1 },
	{ "Related", 1 }, { "More on this story", 1 },
	{ "You may also like", 1 }, { "Similar articles", 1 },
	{ "«اقرأ أيضا»", 1 },
	{ "الأكثر قراءة", 0 }, { "Most read", 0 }, { "التعليقات", 0 },
	{ "اقرأ", 0 }, { "", 0 },
	{ "Related research shows that the sea is rising faster than "
	  "anyone had thought", 0 },
};

static void
test_labels(void **state)
{
	size_t	i;
	int	got;

	(void)state;
	for (i = 0; i < NROWS(label_rows); i++) {
		got = extract_is_related_label(label_rows[i].label,
		    strlen(label_rows[i].label));
		if (got != label_rows[i].want)
			print_error("row %zu (%s): got %d\n", i,
			    label_rows[i].label, got);
		assert_int_equal(got, label_rows[i].want);
	}
}

#define PARA(x)	"<p>" x " وهذه جملة طويلة بما يكفي، فيها فواصل، " \
		"وفيها كلام كثير عن الموضوع نفسه، حتى تحسب فقرة من المقال.</p>"

static const char page_ar[] =
	"<html lang=ar dir=rtl><head><meta charset=utf-8>"
	"<title>عنوان الخبر هنا | الموقع</title>"
	"<script type=\"application/ld+json\">{\"@context\":"
	"\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":"
	"\"عنوان الخبر هنا\",\"datePublished\":\"2024-03-01T10:00:00+02:00\","
	"\"author\":[{\"@type\":\"Person\",\"name\":\"كاتب أول\"},"
	"{\"name\":\"كاتبة ثانية\"}]}</script></head><body>"
	"<nav><a href=/a>أخبار</a> <a href=/b>رياضة</a></nav>"
	"<div class=sidebar><h3>الأكثر قراءة</h3><ul>"
	"<li><a href=/mr/1.html>خبر كثير القراءة جدا اليوم</a></li></ul></div>"
	"<article>" PARA("الفقرة الأولى") PARA("الفقرة الثانية")
	"<p>اقرأ أيضا: <a href=/news/2.html#x>خبر آخر له صلة بهذا</a></p>"
	PARA("الفقرة الثالثة <a href=/ref.html>مرجع</a>")
	"<h3>مقالات ذات صلة</h3><ul>"
	"<li><a href=/news/3.html>خبر ثالث له صلة كذلك</a></li>"
	"<li><a href=/news/2.html>خبر آخر له صلة بهذا تماما</a></li>"
	"<li><a href=/news/page.html>هذه الصفحة نفسها مرة أخرى</a></li>"
	"<li><a href=/>الصفحة الرئيسية للموقع كله</a></li></ul>"
	"</article><footer>حقوق</footer></body></html>";

static void
test_page(void **state)
{
	struct extract	*ex;
	char		*cause = NULL, *text;

	(void)state;
	ex = extract_page(page_ar, sizeof page_ar - 1,
	    "https://s.example/news/page.html", NULL, &cause);
	assert_non_null(ex);
	assert_string_equal(ex->title, "عنوان الخبر هنا");
	assert_string_equal(ex->byline, "كاتب أول, كاتبة ثانية");
	assert_true(ex->has_published);
	assert_int_equal(ex->published, 1709280000);
	assert_string_equal(ex->lang, "ar");
	assert_int_equal(ex->dir, TEXT_DIR_RTL);
	assert_string_equal(ex->charset, "UTF-8");
	text = extract_text(ex->body);
	assert_non_null(strstr(text, "الفقرة الأولى"));
	assert_non_null(strstr(text, "الفقرة الثالثة مرجع وهذه"));
	assert_null(strstr(text, "[1]"));
	assert_null(strstr(text, "أخبار"));
	assert_null(strstr(text, "اقرأ"));
	assert_null(strstr(text, "كثير القراءة"));
	assert_null(strstr(text, "حقوق"));
	free(text);
	assert_int_equal(ex->body->nlinks, 1);
	assert_string_equal(ex->body->links[0].url,
	    "https://s.example/ref.html");
	assert_int_equal(ex->nrelated, 2);
	assert_string_equal(ex->related[0].href,
	    "https://s.example/news/2.html");
	assert_string_equal(ex->related[0].title,
	    "خبر آخر له صلة بهذا تماما");
	assert_string_equal(ex->related[1].href,
	    "https://s.example/news/3.html");
	extract_free(ex);
}

static void
test_limits(void **state)
{
	struct extract	*ex;
	char		*cause = NULL, *big;

	(void)state;
	big = calloc(1, EXTRACT_MAX_SIZE + 2);
	assert_non_null(big);
	memset(big, ' ', EXTRACT_MAX_SIZE + 1);
	ex = extract_page(big, EXTRACT_MAX_SIZE + 1, NULL, NULL, &cause);
	assert_null(ex);
	assert_string_equal(cause, "larger than 32 MiB");
	free(cause);
	free(big);
	ex = extract_page("", 0, NULL, NULL, &cause);
	assert_non_null(ex);
	assert_int_equal(ex->body->nblocks, 0);
	extract_free(ex);
	ex = extract_page("<p>x</p>", 8, NULL, "no-such-charset", &cause);
	assert_null(ex);
	assert_non_null(cause);
	free(cause);
	extract_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
