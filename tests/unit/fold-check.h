/* khabar - ISC licence, see LICENSE. */
/*
 * The index's one-pass fold of an item (store_fold_item()) against the two
 * passes queries still make: each field folded (normalize_fold_html() or
 * normalize_fold_buf()), joined by a space, then store_search_words(),
 * then the words gathered for the index (store_words_feed_item()).  For
 * test_fold_one_pass and the parse fuzzer; a difference would index items
 * under words no query finds.
 */
#ifndef KHABAR_FOLD_CHECK_H
#define KHABAR_FOLD_CHECK_H

#include <string.h>

#include "feed/feed.h"
#include "store/items.h"
#include "store/search.h"
#include "store/words.h"
#include "text/normalize.h"
#include "util/buf.h"

static void
two_pass_add(struct buf *b, const char *s, int html)
{
	if (s == NULL || *s == '\0')
		return;
	if (b->len != 0)
		buf_addc(b, ' ');
	if (html)
		normalize_fold_html(b, s, strlen(s));
	else
		normalize_fold_buf(b, s, strlen(s));
}

/* 0 when both folds of it give the index the same words. */
static int
fold_check(const struct item *it)
{
	struct store_fold	 f;
	struct words_feed	*one, *two;
	struct buf		 title = { 0 }, body = { 0 }, d1 = { 0 };
	struct buf		 d2 = { 0 };
	int			 same;

	memset(&f, 0, sizeof f);
	one = store_words_feed_new();
	two = store_words_feed_new();
	store_fold_item(&f, it, one);
	two_pass_add(&title, it->title, 0);
	store_search_words(&title);
	two_pass_add(&body, it->author, 0);
	two_pass_add(&body, f.cats.data, 0);
	two_pass_add(&body, it->summary, it->summary_type != FEED_TYPE_TEXT);
	if (it->summary == NULL || it->content == NULL ||
	    strcmp(it->summary, it->content) != 0)
		two_pass_add(&body, it->content,
		    it->content_type != FEED_TYPE_TEXT);
	store_search_words(&body);
	store_words_feed_item(two, title.len != 0 ? title.data : "",
	    title.len, body.len != 0 ? body.data : "", body.len);
	store_words_feed_dump(one, &d1);
	store_words_feed_dump(two, &d2);
	same = d1.len == d2.len && (d1.len == 0 ||
	    memcmp(d1.data, d2.data, d1.len) == 0);
	buf_free(&title);
	buf_free(&body);
	buf_free(&d1);
	buf_free(&d2);
	store_words_feed_unref(one);
	store_words_feed_unref(two);
	store_fold_free(&f);
	return same ? 0 : -1;
}

#endif
