/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/html/artjson.c: an extracted article goes to JSON and back
 * unchanged (built by hand, and from a real page through extract_page()),
 * the JSON is the format the cache keeps, and the decoder, which reads
 * what another program may have written to the cache, refuses or clamps
 * hostile text without crashing.  Tables of rows; a failing row is printed
 * before the test fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html/artjson.h"
#include "html/extract.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])
#define ROW_CHECK(i, c) do {						\
	if (!(c))							\
		fail_msg("row %zu: %s", (size_t)(i), #c);		\
} while (0)

/* A word for the bytes from where at is found up to the next run's. */
struct run {
	const char	*at;		/* the run starts where this is found */
	uint32_t	 word;
};

static struct extract *
article_new(void)
{
	struct extract	*ex;

	ex = xcalloc(1, sizeof *ex);
	ex->body = html_doc_new();
	return ex;
}

/* Append a block of text with the attribute runs; returns it to adjust. */
static struct block *
add_block(struct extract *ex, enum block_kind kind, const char *text,
    const struct run *runs, size_t nruns)
{
	struct html_doc	*d = ex->body;
	struct block	*b;
	const char	*p;
	size_t		 i, k, start, end;

	d->blocks = xreallocarray(d->blocks, d->nblocks + 1,
	    sizeof *d->blocks);
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->len = strlen(text);
	b->text = xstrdup(text);
	b->attr = xcalloc(b->len + 1, sizeof *b->attr);
	b->cap = b->len + 1;
	for (i = 0; i < nruns; i++) {
		if ((p = strstr(text, runs[i].at)) == NULL)
			fail_msg("run \"%s\" not in \"%s\"", runs[i].at, text);
		start = (size_t)(p - text);
		end = b->len;
		if (i + 1 < nruns && (p = strstr(text, runs[i + 1].at)) != NULL)
			end = (size_t)(p - text);
		for (k = start; k < end; k++)
			b->attr[k] = runs[i].word;
	}
	return b;
}

static void
add_link(struct extract *ex, const char *url, const char *title)
{
	struct html_doc	*d = ex->body;

	d->links = xreallocarray(d->links, d->nlinks + 1, sizeof *d->links);
	d->links[d->nlinks].url = xstrdup(url);
	d->links[d->nlinks++].title = title != NULL ? xstrdup(title) : NULL;
}

static void
add_related(struct extract *ex, const char *href, const char *title)
{
	ex->related = xreallocarray(ex->related, ex->nrelated + 1,
	    sizeof *ex->related);
	ex->related[ex->nrelated].href = xstrdup(href);
	ex->related[ex->nrelated++].title = xstrdup(title);
}

/* Both NULL or both the same string. */
static void
same_str(const char *what, const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
		fail_msg("%s: \"%s\" against \"%s\"", what,
		    a != NULL ? a : "(null)", b != NULL ? b : "(null)");
}

static void
same_block(size_t n, const struct block *a, const struct block *b)
{
	size_t	i;

	if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0)
		fail_msg("block %zu: text \"%s\" against \"%s\"", n, a->text,
		    b->text);
	assert_int_equal(b->text[b->len], '\0');
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->level, b->level);
	assert_int_equal(a->dir, b->dir);
	assert_int_equal(a->indent, b->indent);
	assert_int_equal(a->quote, b->quote);
	assert_int_equal(a->list, b->list);
	assert_int_equal(a->tight, b->tight);
	assert_string_equal(a->marker, b->marker);
	assert_int_equal(a->marker_cols, b->marker_cols);
	for (i = 0; i < a->len; i++)
		if (a->attr[i] != b->attr[i])
			fail_msg("block %zu byte %zu: attr %#x against %#x", n,
			    i, (unsigned)a->attr[i], (unsigned)b->attr[i]);
}

/* b is what decoding the encoding of a gave: the same article. */
static void
same_article(const struct extract *a, const struct extract *b)
{
	const struct html_doc	*da = a->body, *db = b->body;
	size_t			 i, nb = da != NULL ? da->nblocks : 0;
	size_t			 nl = da != NULL ? da->nlinks : 0;

	same_str("title", a->title, b->title);
	same_str("byline", a->byline, b->byline);
	same_str("lang", a->lang, b->lang);
	assert_int_equal(a->has_published, b->has_published);
	if (a->has_published)
		assert_int_equal(a->published, b->published);
	assert_int_equal(a->dir, b->dir);
	assert_non_null(db);
	assert_int_equal(nb, db->nblocks);
	for (i = 0; i < nb; i++)
		same_block(i, &da->blocks[i], &db->blocks[i]);
	assert_int_equal(nl, db->nlinks);
	for (i = 0; i < nl; i++) {
		same_str("link url", da->links[i].url, db->links[i].url);
		same_str("link title", da->links[i].title, db->links[i].title);
	}
	assert_int_equal(a->nrelated, b->nrelated);
	for (i = 0; i < a->nrelated; i++) {
		same_str("related href", a->related[i].href,
		    b->related[i].href);
		same_str("related title", a->related[i].title,
		    b->related[i].title);
	}
}

/*
 * Encode ex, decode it, check it is the same article and that encoding
 * again gives the same text; frees ex.
 */
static void
round_trip(struct extract *ex)
{
	struct extract	*back;
	char		*json, *again, *cause = NULL;

	json = artjson_encode(ex);
	assert_non_null(json);
	back = artjson_decode(json, &cause);
	if (back == NULL)
		fail_msg("decode: %s\n%s", cause, json);
	same_article(ex, back);
	again = artjson_encode(back);
	assert_non_null(again);
	assert_string_equal(again, json);
	free(again);
	free(json);
	extract_free(back);
	extract_free(ex);
}

/* Every field and kind of block, words of every kind, links, related. */
static void
test_round_trip(void **state)
{
	static const struct run	 para[] = {
		{ "Oil", 0 }, { "rose", TEXT_BOLD },
		{ " sharply", TEXT_BOLD | TEXT_ITALIC },
		{ " on", 0 },
		{ "report[1]", TEXT_WITH_LINK(TEXT_UNDERLINE, 1) },
		{ " and", 0 }, { "code", TEXT_CODE },
		{ " then", TEXT_WITH_LINK(0, 2) }, { ".", 0 },
	};
	static const struct run	 head[] = { { "Markets", TEXT_HEADING } };
	static const struct run	 quote[] = {
		{ "\"We", TEXT_QUOTE | TEXT_ITALIC }, { " said", TEXT_QUOTE },
	};
	struct extract		*ex;
	struct block		*b;

	(void)state;
	ex = article_new();
	ex->title = xstrdup("Markets: oil rose sharply");
	ex->byline = xstrdup("A. Writer, B. Writer");
	ex->has_published = 1;
	ex->published = 1709280000;
	ex->lang = xstrdup("en-GB");
	ex->dir = TEXT_DIR_LTR;
	b = add_block(ex, BLOCK_HEADING, "Markets today", head, NROWS(head));
	b->level = 2;
	b->dir = TEXT_DIR_LTR;
	add_block(ex, BLOCK_PARA, "Oil rose sharply on the report[1] and code "
	    "then fell.", para, NROWS(para));
	b = add_block(ex, BLOCK_PARA, "\"We will see,\" the minister said.",
	    quote, NROWS(quote));
	b->quote = 2;
	b->indent = 4;
	b = add_block(ex, BLOCK_LIST_ITEM, "first point", NULL, 0);
	b->list = 1;
	memcpy(b->marker, "\xe2\x80\xa2", 4);		/* • */
	b->marker_cols = 2;
	b = add_block(ex, BLOCK_LIST_ITEM, "second point, numbered", NULL, 0);
	b->list = 2;
	b->tight = 1;
	memcpy(b->marker, "12.", 4);
	b->marker_cols = 4;
	b = add_block(ex, BLOCK_PRE, "  int x = 1;\n\tx++;\n", NULL, 0);
	b->dir = TEXT_DIR_LTR;
	add_block(ex, BLOCK_RULE, "", NULL, 0);
	add_block(ex, BLOCK_TABLE_ROW, "Brent | 85.2 | +1.4%", NULL, 0);
	add_link(ex, "https://example.org/report", "the report");
	add_link(ex, "https://example.org/then?a=1&b=\"2\"", NULL);
	add_related(ex, "https://example.org/gold", "Gold rises too");
	add_related(ex, "https://example.org/rates", "");
	round_trip(ex);
}

/* An Arabic article: right to left, marks, Arabic digits, LTR inside. */
static void
test_arabic(void **state)
{
	static const char	 s1[] = "تشرق الشمس على المدينة القديمة كل "
	    "صباح، فيخرج الباعة إلى الأسواق قبل أن يشتد الحر.";
	static const char	 s2[] = "كَتَبَ الطَّالِبُ الدَّرْسَ فِي "
	    "دَفْتَرِهِ الجَدِيدِ.";
	static const char	 s3[] = "بلغ سعر البرميل ٨٥ دولاراً (Brent) "
	    "صباح اليوم، لا أكثر ولا أقل، مـرحـبـاً بالأسعار الجديدة.";
	static const struct run	 r1[] = {
		{ "الشمس", TEXT_BOLD }, { " على", 0 },
		{ "الأسواق", TEXT_WITH_LINK(TEXT_UNDERLINE, 1) },
		{ " قبل", 0 },
	};
	/* Runs that start inside a letter: bytes, not characters. */
	static const struct run	 r3[] = {
		{ "\xa5 دولاراً", TEXT_ITALIC }, { " (Brent)", TEXT_CODE },
		{ " صباح", TEXT_WITH_LINK(0, 2) }, { "، لا", 0 },
	};
	struct extract		*ex;
	struct block		*b;

	(void)state;
	ex = article_new();
	ex->title = xstrdup("الأسواق تستيقظ مبكراً في المدينة القديمة");
	ex->byline = xstrdup("بقلم: سارة المنصوري");
	ex->lang = xstrdup("ar");
	ex->dir = TEXT_DIR_RTL;
	b = add_block(ex, BLOCK_HEADING, "أخبار الصباح", NULL, 0);
	b->level = 1;
	b->dir = TEXT_DIR_RTL;
	b = add_block(ex, BLOCK_PARA, s1, r1, NROWS(r1));
	b->dir = TEXT_DIR_RTL;
	add_block(ex, BLOCK_PARA, s2, NULL, 0);
	add_block(ex, BLOCK_PARA, s3, r3, NROWS(r3));
	b = add_block(ex, BLOCK_LIST_ITEM, "النقطة الأولى", NULL, 0);
	b->list = 1;
	memcpy(b->marker, "١.", sizeof "١.");
	b->marker_cols = 3;
	add_link(ex, "https://example.org/أسواق?ي=١", "الأسواق");
	add_link(ex, "https://example.org/morning", "صباح");
	add_related(ex, "https://example.org/gold", "ارتفاع أسعار الذهب");
	add_related(ex, "https://example.org/weather", "الطقس غداً");
	round_trip(ex);
}

#define PARA(x)	"<p>" x " ويقول التجار إن الموسم جاء أفضل من المتوقع، " \
		"وإن الزبائن عادوا بعد غياب طويل، فامتلأت الأزقة بالناس.</p>"

static const char page_ar[] =
	"<html lang=ar dir=rtl><head><meta charset=utf-8>"
	"<title>موسم التمر في الواحة | جريدة</title>"
	"<meta name=author content=\"ليلى حداد\">"
	"<meta property=article:published_time "
	"content=2024-09-10T08:30:00Z></head><body>"
	"<nav><a href=/a>الرئيسية</a> <a href=/b>اقتصاد</a></nav>"
	"<article><h1>موسم التمر في الواحة</h1>"
	PARA("بدأ موسم جني التمر في الواحة مبكراً هذا العام")
	PARA("وقال أحد المزارعين <a href=/farm.html><b>في مقابلة</b></a>")
	"<blockquote>" PARA("لم نر محصولاً كهذا منذ سنوات") "</blockquote>"
	"<ul><li>" PARA("النخيل القديم") "</li><li>"
	PARA("الأسواق <i>المزدحمة</i>") "</li></ul>"
	"<h3>مقالات ذات صلة</h3><ul>"
	"<li><a href=/news/7.html>أسعار التمر ترتفع في الأسواق المحلية</a></li>"
	"<li><a href=/news/8.html>المزارعون يستعدون لموسم الأمطار</a></li>"
	"</ul></article><footer>حقوق النشر</footer></body></html>";

/* What extract_page() makes of a real page comes back the same. */
static void
test_extracted(void **state)
{
	struct extract	*ex;
	char		*cause = NULL;

	(void)state;
	ex = extract_page(page_ar, sizeof page_ar - 1,
	    "https://s.example/news/6.html", NULL, &cause);
	if (ex == NULL)
		fail_msg("extract: %s", cause);
	/* The page must give the decoder something to read back. */
	assert_non_null(ex->title);
	assert_true(ex->has_published);
	assert_true(ex->body->nblocks >= 5);
	assert_true(ex->body->nlinks >= 1);
	assert_true(ex->nrelated >= 2);
	round_trip(ex);
}

/* Nothing at all: no body, no strings, no blocks. */
static void
test_empty(void **state)
{
	struct extract	*ex, *back;
	char		*json, *cause = NULL;

	(void)state;
	ex = xcalloc(1, sizeof *ex);
	json = artjson_encode(ex);
	assert_non_null(json);
	back = artjson_decode(json, &cause);
	assert_non_null(back);
	assert_null(back->title);
	assert_null(back->byline);
	assert_null(back->lang);
	assert_int_equal(back->has_published, 0);
	assert_int_equal(back->dir, TEXT_DIR_AUTO);
	assert_non_null(back->body);
	assert_int_equal(back->body->nblocks, 0);
	assert_int_equal(back->body->nlinks, 0);
	assert_int_equal(back->nrelated, 0);
	extract_free(back);
	free(json);
	extract_free(ex);

	/* A body with no blocks, and blocks with no text. */
	ex = article_new();
	ex->title = xstrdup("");
	ex->byline = xstrdup("");
	ex->lang = xstrdup("");
	ex->has_published = 1;
	ex->published = 0;
	add_block(ex, BLOCK_RULE, "", NULL, 0);
	add_block(ex, BLOCK_PARA, "", NULL, 0);
	add_link(ex, "", "");
	add_related(ex, "", "");
	round_trip(ex);

	/* Dates before 1970 and far ahead. */
	ex = article_new();
	ex->has_published = 1;
	ex->published = -86400LL * 365 * 100;
	round_trip(ex);
	ex = article_new();
	ex->has_published = 1;
	ex->published = INT64_MAX;
	round_trip(ex);
}

/* The text the cache keeps: a change here is a change of format. */
static void
test_format(void **state)
{
	static const struct run	 r[] = {
		{ "b", TEXT_BOLD }, { "c", TEXT_WITH_LINK(0, 1) },
	};
	struct extract		*ex;
	struct block		*b;
	char			*json;

	(void)state;
	ex = article_new();
	ex->title = xstrdup("T");
	ex->has_published = 1;
	ex->published = 5;
	ex->dir = TEXT_DIR_RTL;
	b = add_block(ex, BLOCK_LIST_ITEM, "abcd", r, NROWS(r));
	b->level = 1;
	b->list = 1;
	memcpy(b->marker, "-", 2);
	b->marker_cols = 2;
	add_link(ex, "https://l/", NULL);
	add_related(ex, "https://r/", "R");
	json = artjson_encode(ex);
	assert_string_equal(json, "{\"v\":1,\"title\":\"T\",\"byline\":null,"
	    "\"published\":5,\"lang\":null,\"dir\":2,\"blocks\":[{\"text\":"
	    "\"abcd\",\"kind\":2,\"level\":1,\"dir\":0,\"indent\":0,"
	    "\"quote\":0,\"list\":1,\"tight\":0,\"marker\":\"-\","
	    "\"marker_cols\":2,\"attr\":[[1,1],[2,65536]]}],\"links\":"
	    "[[\"https://l/\",null]],\"related\":[[\"https://r/\",\"R\"]]}");
	free(json);
	extract_free(ex);
}

struct field_row {
	const char	*json;
	const char	*title;		/* the title wanted, or NULL */
	int		 published;	/* -1: none */
	int		 kind;		/* of block 0; -1: no block */
	const char	*text;		/* of block 0 */
	const char	*attr;		/* block 0's words, one digit a byte */
	const char	*marker;
	size_t		 nlinks;
	const char	*link_title;	/* of link 0, or NULL */
	size_t		 nrelated;
	const char	*rel_title;	/* of related 0 */
};

/* Absent or mistyped fields take their defaults; the article still reads. */
static const struct field_row field_rows[] = {
	{ "{\"v\":1}", NULL, -1, -1, NULL, NULL, NULL, 0, NULL, 0, NULL },
	{ "{\"v\":1,\"title\":\"x\",\"published\":7}", "x", 7, -1, NULL,
	  NULL, NULL, 0, NULL, 0, NULL },
	{ "{\"v\":1,\"title\":5,\"byline\":[],\"lang\":{},\"published\":"
	  "\"2024\"}", NULL, -1, -1, NULL, NULL, NULL, 0, NULL, 0, NULL },
	{ "{\"v\":1,\"published\":1.5,\"dir\":\"rtl\"}", NULL, -1, -1, NULL,
	  NULL, NULL, 0, NULL, 0, NULL },
	{ "{\"v\":1,\"blocks\":[{\"text\":\"abc\"}]}", NULL, -1, BLOCK_PARA,
	  "abc", "000", "", 0, NULL, 0, NULL },
	{ "{\"v\":1,\"blocks\":[{\"text\":\"abc\",\"kind\":\"heading\","
	  "\"marker\":7,\"attr\":\"bold\"}]}", NULL, -1, BLOCK_PARA, "abc",
	  "000", "", 0, NULL, 0, NULL },
	/* A run lasts to the next one or to the end of the text. */
	{ "{\"v\":1,\"blocks\":[{\"text\":\"abcd\",\"kind\":1,\"attr\":"
	  "[[1,2]]}]}", NULL, -1, BLOCK_HEADING, "abcd", "0222", "", 0, NULL,
	  0, NULL },
	{ "{\"v\":1,\"blocks\":[{\"text\":\"abcd\",\"attr\":[[0,1],[2,3],"
	  "[3,0]]}]}", NULL, -1, BLOCK_PARA, "abcd", "1130", "", 0, NULL, 0,
	  NULL },
	/* Out of order: the later run wins from where it starts. */
	{ "{\"v\":1,\"blocks\":[{\"text\":\"abcd\",\"attr\":[[2,1],[0,2]]}]}",
	  NULL, -1, BLOCK_PARA, "abcd", "2222", "", 0, NULL, 0, NULL },
	{ "{\"v\":1,\"links\":[[\"https://a/\"]],\"related\":[[\"https://b/\""
	  "]]}", NULL, -1, -1, NULL, NULL, NULL, 1, NULL, 1, "" },
	{ "{\"v\":1,\"links\":[[\"https://a/\",7]],\"related\":[[\"https://b/"
	  "\",null,\"extra\"]]}", NULL, -1, -1, NULL, NULL, NULL, 1, NULL, 1,
	  "" },
	{ "{\"v\":1,\"links\":[[\"https://a/\",\"A\"]],\"unknown\":[1,2]}",
	  NULL, -1, -1, NULL, NULL, NULL, 1, "A", 0, NULL },
};

static void
test_missing_fields(void **state)
{
	const struct field_row	*r;
	struct extract		*ex;
	struct block		*b;
	char			*cause = NULL;
	size_t			 i, k;

	(void)state;
	for (i = 0; i < NROWS(field_rows); i++) {
		r = &field_rows[i];
		if ((ex = artjson_decode(r->json, &cause)) == NULL)
			fail_msg("row %zu: %s", i, cause);
		ROW_CHECK(i, (r->title == NULL) == (ex->title == NULL) &&
		    (r->title == NULL || strcmp(r->title, ex->title) == 0));
		ROW_CHECK(i, ex->has_published == (r->published != -1));
		ROW_CHECK(i, r->published == -1 ||
		    ex->published == r->published);
		ROW_CHECK(i, ex->dir == TEXT_DIR_AUTO);
		ROW_CHECK(i, ex->body->nblocks == (r->kind != -1 ? 1U : 0U));
		if (r->kind != -1) {
			b = &ex->body->blocks[0];
			ROW_CHECK(i, (int)b->kind == r->kind);
			ROW_CHECK(i, b->len == strlen(r->text) &&
			    strcmp(b->text, r->text) == 0);
			ROW_CHECK(i, strcmp(b->marker, r->marker) == 0);
			for (k = 0; k < b->len; k++)
				ROW_CHECK(i, b->attr[k] ==
				    (uint32_t)(r->attr[k] - '0'));
		}
		ROW_CHECK(i, ex->body->nlinks == r->nlinks);
		ROW_CHECK(i, r->nlinks == 0 || (r->link_title == NULL ?
		    ex->body->links[0].title == NULL :
		    ex->body->links[0].title != NULL &&
		    strcmp(ex->body->links[0].title, r->link_title) == 0));
		ROW_CHECK(i, ex->nrelated == r->nrelated);
		ROW_CHECK(i, r->nrelated == 0 ||
		    strcmp(ex->related[0].title, r->rel_title) == 0);
		extract_free(ex);
	}
}

/* Numbers out of their range are held to it, not trusted. */
static void
test_clamped(void **state)
{
	struct extract	*ex;
	struct block	*b;
	char		*cause = NULL;

	(void)state;
	ex = artjson_decode("{\"v\":1,\"dir\":99,\"blocks\":["
	    "{\"text\":\"a\",\"kind\":99,\"level\":99,\"dir\":-5,\"indent\":"
	    "9223372036854775807,\"quote\":100000,\"list\":-1,\"tight\":7,"
	    "\"marker\":\"0123456789abcdef\",\"marker_cols\":1000},"
	    "{\"text\":\"b\",\"kind\":-9223372036854775808,\"level\":-1,"
	    "\"dir\":3,\"indent\":-1,\"quote\":-1,\"list\":100000,"
	    "\"tight\":-1,\"marker\":\"0123456789abcde\",\"marker_cols\":-1}"
	    "]}", &cause);
	if (ex == NULL)
		fail_msg("%s", cause);
	assert_int_equal(ex->dir, TEXT_DIR_RTL);
	assert_int_equal(ex->body->nblocks, 2);
	b = &ex->body->blocks[0];
	assert_int_equal(b->kind, BLOCK_RULE);
	assert_int_equal(b->level, 6);
	assert_int_equal(b->dir, TEXT_DIR_AUTO);
	assert_int_equal(b->indent, 1000);
	assert_int_equal(b->quote, HTML_MAX_DEPTH);
	assert_int_equal(b->list, 0);
	assert_int_equal(b->tight, 1);
	assert_string_equal(b->marker, "");	/* 16 bytes: no room */
	assert_int_equal(b->marker_cols, 16);
	b = &ex->body->blocks[1];
	assert_int_equal(b->kind, BLOCK_PARA);
	assert_int_equal(b->level, 0);
	assert_int_equal(b->dir, TEXT_DIR_RTL);
	assert_int_equal(b->indent, 0);
	assert_int_equal(b->quote, 0);
	assert_int_equal(b->list, HTML_MAX_DEPTH);
	assert_int_equal(b->tight, 0);
	assert_string_equal(b->marker, "0123456789abcde");
	assert_int_equal(b->marker_cols, 0);
	extract_free(ex);
}

/* Text that is not a stored article: NULL and a cause, never a crash. */
static const char *const bad_rows[] = {
	"",
	" ",
	"{",
	"{\"v\":1",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\"}",
	"{\"v\":1}x",
	"null",
	"[]",
	"[{\"v\":1}]",
	"1",
	"\"v\"",
	"{}",
	"{\"v\":0}",
	"{\"v\":2}",
	"{\"v\":\"1\"}",
	"{\"v\":1.0}",
	"{\"v\":true}",
	"{\"v\":null}",
	"{\"v\":4294967297}",
	"{\"v\":-4294967295}",
	/* Wrong types where an array of objects or pairs must be. */
	"{\"v\":1,\"blocks\":{}}",
	"{\"v\":1,\"blocks\":\"x\"}",
	"{\"v\":1,\"blocks\":7}",
	"{\"v\":1,\"blocks\":[1]}",
	"{\"v\":1,\"blocks\":[null]}",
	"{\"v\":1,\"blocks\":[[]]}",
	"{\"v\":1,\"blocks\":[{}]}",
	"{\"v\":1,\"blocks\":[{\"text\":null}]}",
	"{\"v\":1,\"blocks\":[{\"text\":[\"a\"]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"a\"},5]}",
	"{\"v\":1,\"links\":[1]}",
	"{\"v\":1,\"links\":[[]]}",
	"{\"v\":1,\"links\":[[null,\"t\"]]}",
	"{\"v\":1,\"links\":[[1,\"t\"]]}",
	"{\"v\":1,\"links\":[\"https://a/\"]}",
	"{\"v\":1,\"links\":[[\"https://a/\"],{}]}",
	"{\"v\":1,\"related\":[[]]}",
	"{\"v\":1,\"related\":[[{},\"t\"]]}",
	"{\"v\":1,\"related\":[\"https://a/\"]}",
	/* Attribute runs: pairs of integers, starting inside the text. */
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[1,2]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[\"0\",1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,\"1\"]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,1.5]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0.0,1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,null]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[{\"0\":1}]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[2,1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[-1,1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,1],[5,1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"\",\"attr\":[[0,1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":"
	    "[[9223372036854775807,1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":"
	    "[[-9223372036854775808,1]]}]}",
	/* A bad block after good ones spoils the article. */
	"{\"v\":1,\"blocks\":[{\"text\":\"a\"},{\"text\":\"b\"},"
	    "{\"text\":\"c\",\"attr\":[[9,9]]}]}",
	/* Numbers no integer holds. */
	"{\"v\":1,\"published\":99999999999999999999999}",
	"{\"v\":1,\"published\":-99999999999999999999999}",
	"{\"v\":1,\"published\":1e999}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":"
	    "[[0,99999999999999999999]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"level\":1e400}]}",
	"{\"v\":1,\"dir\":-1e999}",
	"{\"v\":1,\"dir\":NaN}",
	"{\"v\":1,\"dir\":Infinity}",
	/* Not UTF-8, raw or escaped. */
	"{\"v\":1,\"title\":\"\xff\"}",
	"{\"v\":1,\"title\":\"a\xd9\"}",
	"{\"v\":1,\"title\":\"\xc0\xaf\"}",
	"{\"v\":1,\"title\":\"\xed\xa0\x80\"}",
	"{\"v\":1,\"title\":\"\xf4\x90\x80\x80\"}",
	"{\"v\":1,\"blocks\":[{\"text\":\"\xd8\xa7\xd9\"}]}",
	"{\"v\":1,\"links\":[[\"https://a/\xfe\",null]]}",
	"{\"v\":1,\"related\":[[\"https://a/\",\"\x80\"]]}",
	"{\"v\":1,\"title\":\"\\ud800\"}",
	"{\"v\":1,\"title\":\"\\udc00x\"}",
	"{\"v\":1,\"title\":\"\\ud800\\u0041\"}",
	"{\"v\":1,\"title\":\"\\u12\"}",
	"{\"v\":1,\"ti\xfftle\":1}",
	/* A NUL would cut the text short of its length. */
	"{\"v\":1,\"title\":\"a\\u0000b\"}",
	"{\"v\":1,\"blocks\":[{\"text\":\"a\\u0000b\"}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"a\",\"marker\":\"\\u0000x\"}]}",
	/* Raw control characters are not JSON. */
	"{\"v\":1,\"title\":\"a\x1b[31m\"}",
	"{\"v\":1,\"blocks\":[{\"text\":\"a\nb\"}]}",
	/* A link number in a word must name a link of the article. */
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,65536]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[1,131073]]}],"
	    "\"links\":[[\"https://a/\",null]]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,4294901760]]}],"
	    "\"links\":[[\"https://a/\",null]]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,-1]]}]}",
	"{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":[[0,4294967296]]}]}",
};

static void
test_hostile(void **state)
{
	struct extract	*ex;
	char		*cause;
	size_t		 i;

	(void)state;
	for (i = 0; i < NROWS(bad_rows); i++) {
		cause = NULL;
		ex = artjson_decode(bad_rows[i], &cause);
		if (ex != NULL) {
			extract_free(ex);
			fail_msg("row %zu decoded: %s", i, bad_rows[i]);
		}
		if (cause == NULL ||
		    strncmp(cause, "stored article: ", 16) != 0)
			fail_msg("row %zu: cause %s", i,
			    cause != NULL ? cause : "(null)");
		free(cause);
	}
}

/* The largest link number and the largest word that name a link. */
static void
test_link_numbers(void **state)
{
	struct extract	*ex;
	char		*cause = NULL;

	(void)state;
	ex = artjson_decode("{\"v\":1,\"blocks\":[{\"text\":\"abc\",\"attr\":"
	    "[[0,131073],[1,65535],[2,0]]}],\"links\":[[\"https://a/\",null],"
	    "[\"https://b/\",\"B\"]]}", &cause);
	if (ex == NULL)
		fail_msg("%s", cause);
	assert_int_equal(ex->body->blocks[0].attr[0],
	    TEXT_WITH_LINK(TEXT_BOLD, 2));
	assert_int_equal(TEXT_LINK(ex->body->blocks[0].attr[1]), 0);
	assert_int_equal(ex->body->blocks[0].attr[1], 0xFFFFU);
	extract_free(ex);
}

/* Every prefix of a good article is not one. */
static void
test_truncated(void **state)
{
	static const struct run	 r[] = { { "ن", TEXT_BOLD } };
	struct extract		*ex, *back;
	char			*json, *cut, *cause;
	size_t			 len, n;

	(void)state;
	ex = article_new();
	ex->title = xstrdup("عنوان");
	ex->has_published = 1;
	ex->published = 1700000000;
	add_block(ex, BLOCK_PARA, "نص \"مقتبس\" هنا", r, NROWS(r));
	add_link(ex, "https://example.org/x", "رابط");
	add_related(ex, "https://example.org/y", "خبر");
	json = artjson_encode(ex);
	assert_non_null(json);
	len = strlen(json);
	cut = xmalloc(len + 1);
	for (n = 0; n < len; n++) {
		memcpy(cut, json, n);
		cut[n] = '\0';
		cause = NULL;
		if ((back = artjson_decode(cut, &cause)) != NULL) {
			extract_free(back);
			fail_msg("prefix of %zu bytes decoded: %s", n, cut);
		}
		assert_non_null(cause);
		free(cause);
	}
	free(cut);
	free(json);
	extract_free(ex);
}

/* Nesting deeper than any article: refused, not recursed into. */
static void
test_deep(void **state)
{
	static const char *const at[][2] = {
		{ "", "" },
		{ "{\"v\":1,\"blocks\":", "}" },
		{ "{\"v\":1,\"blocks\":[{\"text\":\"ab\",\"attr\":", "}]}" },
		{ "{\"v\":1,\"links\":", "}" },
		{ "{\"v\":1,\"title\":", "}" },
		{ "{\"v\":1,\"x\":", "}" },
	};
	struct extract	*ex;
	struct buf	 b = { 0 };
	char		*cause;
	size_t		 i, k, depth = 100000;

	(void)state;
	for (i = 0; i < NROWS(at); i++) {
		buf_reset(&b);
		buf_adds(&b, at[i][0]);
		for (k = 0; k < depth; k++)
			buf_adds(&b, k % 2 ? "{\"a\":" : "[");
		for (k = depth; k-- > 0;)
			buf_addc(&b, k % 2 ? '}' : ']');
		buf_adds(&b, at[i][1]);
		buf_addc(&b, '\0');
		cause = NULL;
		if ((ex = artjson_decode(b.data, &cause)) != NULL) {
			extract_free(ex);
			fail_msg("row %zu decoded", i);
		}
		assert_non_null(cause);
		free(cause);
	}
	buf_free(&b);
}

struct utf8_row {
	const char	*field;
	const char	*bad;
};

/* Text that is not UTF-8 is not encoded, wherever it is. */
static const struct utf8_row utf8_rows[] = {
	{ "title", "a\xff" }, { "byline", "\xd9" }, { "lang", "\xc0\xaf" },
	{ "text", "\xed\xa0\x80" }, { "text", "abc\xf8\x88\x80\x80\x80" },
	{ "url", "https://a/\x80" }, { "link title", "\xe2\x82" },
	{ "href", "\xf5\x80\x80\x80" }, { "related title", "\xc1\xbf" },
};

static void
test_not_utf8(void **state)
{
	const struct utf8_row	*r;
	struct extract		*ex;
	char			*json;
	size_t			 i;

	(void)state;
	for (i = 0; i < NROWS(utf8_rows); i++) {
		r = &utf8_rows[i];
		ex = article_new();
		ex->title = xstrdup(strcmp(r->field, "title") == 0 ? r->bad :
		    "t");
		ex->byline = xstrdup(strcmp(r->field, "byline") == 0 ? r->bad :
		    "b");
		ex->lang = xstrdup(strcmp(r->field, "lang") == 0 ? r->bad :
		    "ar");
		add_block(ex, BLOCK_PARA, "good", NULL, 0);
		add_block(ex, BLOCK_PARA, strcmp(r->field, "text") == 0 ?
		    r->bad : "x", NULL, 0);
		add_link(ex, strcmp(r->field, "url") == 0 ? r->bad : "u",
		    strcmp(r->field, "link title") == 0 ? r->bad : "l");
		add_related(ex, strcmp(r->field, "href") == 0 ? r->bad : "h",
		    strcmp(r->field, "related title") == 0 ? r->bad : "r");
		if ((json = artjson_encode(ex)) != NULL)
			fail_msg("row %zu (%s) encoded: %s", i, r->field, json);
		extract_free(ex);
	}
}

/*
 * Control characters a feed could put anywhere: the JSON holds them
 * escaped (one line, no raw control bytes), and they come back exactly,
 * for the layout to drop; a NUL never comes back inside a string.
 */
static void
test_controls(void **state)
{
	static const char	 nasty[] = "a\x1b[2J\x1b]0;owned\x07 b\r\n"
	    "\t\x01\x08\x7f \xc2\x9b" "31m \xe2\x80\xae" "cba \xef\xbb\xbf.";
	static const struct run	 r[] = { { "\x1b]0", TEXT_BOLD },
	    { " b\r", 0 } };
	struct extract		*ex;
	struct block		*b;
	const unsigned char	*p;
	char			*json;

	(void)state;
	ex = article_new();
	ex->title = xstrdup(nasty);
	ex->byline = xstrdup(nasty);
	ex->lang = xstrdup("ar\x1b");
	add_block(ex, BLOCK_PARA, nasty, r, NROWS(r));
	b = add_block(ex, BLOCK_LIST_ITEM, "x", NULL, 0);
	memcpy(b->marker, "\x1b[1m", 5);
	add_link(ex, "https://a/\x1b[0m", nasty);
	add_related(ex, "javascript:\x07", nasty);
	json = artjson_encode(ex);
	assert_non_null(json);
	for (p = (const unsigned char *)json; *p != '\0'; p++)
		if (*p < 0x20)
			fail_msg("raw control %#x at %zu: %s", *p,
			    (size_t)(p - (const unsigned char *)json), json);
	free(json);
	round_trip(ex);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_extracted),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_clamped),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_link_numbers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_controls),
	};

	return cmocka_run_group_tests_name("artjson", tests, NULL, NULL);
}
