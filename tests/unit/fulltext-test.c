/* khabar - ISC licence, see LICENSE. */

/*
 * The full article below the interface: the full-article-threshold setting,
 * the full-article tag carried from the feeds file through the cache to
 * the words the reader splits it into, and the fulltext row holding an
 * article as artjson text: read back whole, kept while its item is
 * refreshed or starred, gone with its item or its feed.  The store tests
 * work in a directory made with mkdtemp() under $TMPDIR (or /tmp).
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/config.h"
#include "config/feeds.h"
#include "feed/feed.h"
#include "html/artjson.h"
#include "html/extract.h"
#include "store/db.h"
#include "store/fulltext.h"
#include "store/items.h"
#include "util/xmalloc.h"

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])
#define NOW		1700000000LL
#define DAY		86400LL
#define URL_A		"https://a.example/feed.xml"
#define URL_B		"https://b.example/feed.xml"

#include "store-fixture.h"

static int
setup(void **state)
{
	return fixture_setup(state, "fulltext");
}

struct threshold_row {
	const char	*text;
	int		 want;
	const char	*error;		/* in the one error, or NULL */
};

static const struct threshold_row threshold_rows[] = {
	{ "", 280, NULL },
	{ "full-article-threshold 0", 0, NULL },
	{ "full-article-threshold 1", 1, NULL },
	{ "full-article-threshold 1000000", 1000000, NULL },
	{ "full-article-threshold \"500\"", 500, NULL },
	{ "full-article-threshold 1000001", 280,
	  "t.conf:1: full-article-threshold: bad value \"1000001\" (a number "
	  "from 0 to 1000000)" },
	{ "full-article-threshold -1", 280, "bad value \"-1\"" },
	{ "full-article-threshold 99999999999999999999", 280, "bad value" },
	{ "full-article-threshold 280x", 280, "bad value \"280x\"" },
	{ "full-article-threshold off", 280, "bad value \"off\"" },
	{ "full-article-threshold", 280, "usage: full-article-threshold" },
	{ "full-article-threshold 1 2", 280, "usage: full-article-threshold" },
	/* A bad line leaves the good one before it standing. */
	{ "full-article-threshold 90\nfull-article-threshold x", 90,
	  "t.conf:2:" },
	{ "full-article-threshold 90\nfull-article-threshold 0", 0, NULL },
};

/* The setting that makes a short text fetch its article. */
static void
test_threshold(void **state)
{
	const struct threshold_row	*r;
	struct config			 cfg;
	size_t				 i, n;

	(void)state;
	for (i = 0; i < NROWS(threshold_rows); i++) {
		r = &threshold_rows[i];
		config_init(&cfg);
		n = config_parse(&cfg, "t.conf", r->text, strlen(r->text));
		if (cfg.full_article_threshold != r->want ||
		    n != (r->error != NULL) || (r->error != NULL &&
		    strstr(cfg.errors[0], r->error) == NULL))
			fail_msg("row %zu: got %d and %zu errors (%s)", i,
			    cfg.full_article_threshold, n,
			    n > 0 ? cfg.errors[0] : "");
		config_free(&cfg);
	}
}

/*
 * Whether the feed's stored tags hold tag as a word, split as the reader
 * splits them (ui.c's ui_feed_tagged()).
 */
static int
tagged(const char *tags, const char *tag)
{
	const char	*cause;
	char		*copy, *argv[64];
	int		 argc, k, found = 0;

	if (tags == NULL)
		return 0;
	copy = xstrdup(tags);
	if ((argc = config_split(copy, argv, 64, &cause)) < 0)
		fail_msg("split \"%s\": %s", tags, cause);
	for (k = 0; k < argc; k++)
		if (strcmp(argv[k], tag) == 0)
			found = 1;
	free(copy);
	return found;
}

struct tag_row {
	const char	*line;		/* of the feeds file */
	int		 want;		/* always fetch the full article */
};

static const struct tag_row tag_rows[] = {
	{ "https://t0.example/ full-article", 1 },
	{ "https://t1.example/ \"full-article\"", 1 },
	{ "https://t2.example/ أخبار full-article \"~عنوان الموقع\"", 1 },
	{ "https://t3.example/ \"two words\" \"#hash\" \"quo\\\"te\" "
	  "\"back\\\\slash\" \"say \\\"hi\\\" now\" \"a b\\\\\" "
	  "full-article", 1 },
	{ "https://t4.example/ \"#\" full-article \"\"", 1 },
	{ "https://t5.example/ news\tfull-article\t", 1 },
	{ "https://t6.example/", 0 },
	{ "https://t7.example/ news", 0 },
	{ "https://t8.example/ full-articles", 0 },
	{ "https://t9.example/ \"full-article \"", 0 },
	{ "https://t10.example/ \"full article\"", 0 },
	/* Tags are told apart by case, as newsboat does. */
	{ "https://t11.example/ Full-Article", 0 },
	{ "https://t12.example/ news # full-article", 0 },
	{ "https://t13.example/ \"~full-article\"", 0 },
	{ "https://t14.example/ !full-article", 0 },
	{ "https://t15.example/ \"full-article\\\"\"", 0 },
};

/*
 * The full-article tag as the reader finds it: parsed from the feeds file,
 * formatted for the cache (as ui.c does before refresh_add()), stored with
 * the feed and split again.
 */
static void
test_tag(void **state)
{
	struct fixture		*fx = *state;
	struct feeds_list	 list = { 0 };
	struct store_feeds	 feeds = { 0 };
	char			*cause = NULL, *tags;
	size_t			 i, k;

	for (i = 0; i < NROWS(tag_rows); i++)
		feeds_parse("feeds", tag_rows[i].line,
		    strlen(tag_rows[i].line), &list);
	assert_int_equal(list.nwarnings, 0);
	assert_int_equal(list.n, NROWS(tag_rows));
	for (i = 0; i < list.n; i++) {
		tags = feeds_tags_format(&list.v[i]);
		if (store_feed_set_meta(fx->st, list.v[i].url,
		    list.v[i].title, tags, &cause) != 0)
			fail_msg("%s", cause);
		free(tags);
	}
	if (store_feeds_list(fx->st, &feeds, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(feeds.n, NROWS(tag_rows));
	for (i = 0; i < NROWS(tag_rows); i++) {
		for (k = 0; k < feeds.n; k++)
			if (strcmp(feeds.v[k].url, list.v[i].url) == 0)
				break;
		assert_true(k < feeds.n);
		if (tagged(feeds.v[k].tags, "full-article") !=
		    tag_rows[i].want)
			fail_msg("row %zu: %s: stored tags \"%s\"", i,
			    tag_rows[i].line, feeds.v[k].tags != NULL ?
			    feeds.v[k].tags : "(none)");
	}
	/* The title and the other tags are not lost beside it. */
	for (k = 0; k < feeds.n; k++)
		if (strcmp(feeds.v[k].url, "https://t2.example/") == 0)
			break;
	assert_true(k < feeds.n);
	assert_string_equal(feeds.v[k].title_override, "عنوان الموقع");
	assert_true(tagged(feeds.v[k].tags, "أخبار"));
	for (k = 0; k < feeds.n; k++)
		if (strcmp(feeds.v[k].url, "https://t3.example/") == 0)
			break;
	assert_true(tagged(feeds.v[k].tags, "two words"));
	assert_true(tagged(feeds.v[k].tags, "#hash"));
	assert_true(tagged(feeds.v[k].tags, "quo\"te"));
	assert_true(tagged(feeds.v[k].tags, "back\\slash"));
	assert_true(tagged(feeds.v[k].tags, "say \"hi\" now"));
	assert_true(tagged(feeds.v[k].tags, "a b\\"));
	store_feeds_free(&feeds);
	feeds_free(&list);
}

static void
mk(struct item *it, const char *id, const char *title, const char *summary,
    int64_t published)
{
	memset(it, 0, sizeof *it);
	it->id = (char *)id;
	it->title = (char *)title;
	it->link = (char *)"https://a.example/story";
	it->summary = (char *)summary;
	it->summary_type = FEED_TYPE_TEXT;
	it->content_type = FEED_TYPE_NONE;
	it->published = published;
	it->updated = FEED_NO_DATE;
}

#define PARA(x)	"<p>" x " وتقول الجمعية إن المتطوعين زرعوا مئات الأشجار، " \
		"وإن الأطفال شاركوا في الري والتنظيف طوال النهار.</p>"

static const char page[] =
	"<html lang=ar dir=rtl><head><meta charset=utf-8>"
	"<title>حملة تشجير في الحي</title></head><body><article>"
	"<h1>حملة تشجير في الحي</h1>"
	PARA("انطلقت صباح الجمعة حملة لتشجير شوارع الحي")
	PARA("وشارك فيها <a href=/club.html>النادي الرياضي</a> أيضاً")
	"</article></body></html>";

/* An extracted article, stored, comes back as the same article. */
static void
test_store_article(void **state)
{
	struct fixture		*fx = *state;
	struct store_fulltext	 ft;
	struct extract		*ex, *back;
	struct item		 it;
	char			*json, *cause = NULL;
	int64_t			 id;

	mk(&it, "1", "Trees", "short", NOW);
	refresh(fx->st, URL_A, &it, 1);
	id = find_id(fx->st, "Trees");
	ex = extract_page(page, sizeof page - 1, "https://a.example/story",
	    NULL, &cause);
	if (ex == NULL)
		fail_msg("extract: %s", cause);
	assert_true(ex->body->nlinks > 0);
	json = artjson_encode(ex);
	assert_non_null(json);
	if (store_fulltext_put(fx->st, id, 0, "https://a.example/story?amp",
	    json, &cause) != 0)
		fail_msg("put: %s", cause);
	assert_int_equal(store_fulltext_get(fx->st, id, &ft, &cause), 1);
	assert_int_equal(ft.fetched_at, NOW);
	assert_string_equal(ft.url, "https://a.example/story?amp");
	assert_string_equal(ft.article, json);
	if ((back = artjson_decode(ft.article, &cause)) == NULL)
		fail_msg("decode: %s", cause);
	assert_string_equal(back->title, ex->title);
	assert_int_equal(back->dir, ex->dir);
	assert_int_equal(back->body->nblocks, ex->body->nblocks);
	assert_int_equal(back->body->nlinks, ex->body->nlinks);
	assert_string_equal(back->body->links[0].url,
	    ex->body->links[0].url);
	assert_string_equal(back->body->blocks[1].text,
	    ex->body->blocks[1].text);
	extract_free(back);
	store_fulltext_clear(&ft);

	/*
	 * No article is kept as empty text, which reads back (never NULL) and
	 * does not decode: the reader then shows the feed's own text.
	 */
	assert_int_equal(store_fulltext_put(fx->st, id, NOW + 1, NULL, NULL,
	    &cause), 0);
	assert_int_equal(store_fulltext_get(fx->st, id, &ft, &cause), 1);
	assert_null(ft.url);
	assert_string_equal(ft.article, "");
	assert_null(artjson_decode(ft.article, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	store_fulltext_clear(&ft);
	assert_null(ft.article);
	store_fulltext_clear(NULL);

	/* The table itself refuses a row without an article. */
	assert_int_equal(store_run(fx->st, "UPDATE fulltext SET article ="
	    " NULL", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(store_fulltext_put(fx->st, id, NOW, NULL,
	    "{\"v\":1,\"blocks\":[{\"text\":\"\xd9\x86\xd8\xb5\"}]}", &cause),
	    0);
	assert_int_equal(store_fulltext_get(fx->st, id, &ft, &cause), 1);
	if ((back = artjson_decode(ft.article, &cause)) == NULL)
		fail_msg("decode: %s", cause);
	assert_string_equal(back->body->blocks[0].text, "\xd9\x86\xd8\xb5");
	extract_free(back);
	store_fulltext_clear(&ft);
	free(json);
	extract_free(ex);
	assert_int_equal(store_check(fx->st, &cause), 0);
}

/*
 * The article stays while its item is refreshed, changed or starred, and
 * goes with it: pruned, or its feed removed.
 */
static void
test_lifetime(void **state)
{
	struct fixture		*fx = *state;
	struct store_fulltext	 ft;
	struct item		 it[3];
	char			*cause = NULL;
	int64_t			 a, b, c;
	size_t			 removed;

	mk(&it[0], "1", "Kept", "first text", NOW - 400 * DAY);
	mk(&it[1], "2", "Starred", "x", NOW - 400 * DAY);
	mk(&it[2], "3", "Other", "y", NOW);
	refresh(fx->st, URL_A, it, 2);
	refresh(fx->st, URL_B, &it[2], 1);
	a = find_id(fx->st, "Kept");
	b = find_id(fx->st, "Starred");
	c = find_id(fx->st, "Other");
	assert_true(a > 0 && b > 0 && c > 0);
	assert_int_equal(store_fulltext_put(fx->st, a, 0, NULL, "A", &cause),
	    0);
	assert_int_equal(store_fulltext_put(fx->st, b, 0, NULL, "B", &cause),
	    0);
	assert_int_equal(store_fulltext_put(fx->st, c, 0, NULL, "C", &cause),
	    0);

	/* Seen again, its text changed: updated in place, article kept. */
	it[0].summary = (char *)"second text, longer";
	refresh(fx->st, URL_A, it, 2);
	assert_int_equal(find_id(fx->st, "Kept"), a);
	assert_int_equal(store_fulltext_get(fx->st, a, &ft, &cause), 1);
	assert_string_equal(ft.article, "A");
	store_fulltext_clear(&ft);

	/* Gone from the feed and old: pruned unless starred. */
	assert_int_equal(store_set_starred(fx->st, b, 1, &cause), 0);
	refresh(fx->st, URL_A, NULL, 0);
	assert_int_equal(store_prune(fx->st, NOW, 30, 0, &removed, &cause), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(store_fulltext_get(fx->st, a, &ft, &cause), 0);
	assert_int_equal(store_fulltext_get(fx->st, b, &ft, &cause), 1);
	assert_string_equal(ft.article, "B");
	store_fulltext_clear(&ft);

	/* The feed removed: its items go, and their articles with them. */
	if (store_run(fx->st, "DELETE FROM feeds WHERE url = '" URL_A "'",
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_fulltext_get(fx->st, b, &ft, &cause), 0);
	assert_int_equal(store_fulltext_get(fx->st, c, &ft, &cause), 1);
	assert_string_equal(ft.article, "C");
	store_fulltext_clear(&ft);
	assert_int_equal(store_check(fx->st, &cause), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_tag),
		T(test_store_article),
		T(test_lifetime),
#undef T
	};

	return cmocka_run_group_tests_name("fulltext", tests, NULL, NULL);
}
