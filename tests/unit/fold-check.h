/* khabar - ISC licence, see LICENSE. */
/*
 * The index's one-pass fold of an item (store_fold_item()) against the two
 * passes queries still make: each field folded (normalize_fold_html() or
 * normalize_fold_buf()), joined by a space, then store_search_words().
 * For test_fold_one_pass and the parse fuzzer; a difference would leave
 * rows in the index that no delete can take out.
 */
#ifndef KHABAR_FOLD_CHECK_H
#define KHABAR_FOLD_CHECK_H

#include <string.h>

#include "feed/feed.h"
#include "store/items.h"
#include "store/search.h"
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

/* Whether the words in two are those in one, after the split. */
static int
two_pass_same(const struct buf *one, struct buf *two)
{
	store_search_words(two);
	return one->len == two->len && (one->len == 0 ||
	    memcmp(one->data, two->data, one->len) == 0);
}

/* 0 when both folds of it, title and body, give the same words. */
static int
fold_check(const struct item *it)
{
	struct store_fold	f;
	struct buf		two = { 0 };
	int			same;

	memset(&f, 0, sizeof f);
	store_fold_item(&f, it);
	two_pass_add(&two, it->title, 0);
	same = two_pass_same(&f.title, &two);
	buf_reset(&two);
	two_pass_add(&two, it->author, 0);
	two_pass_add(&two, f.cats.data, 0);
	two_pass_add(&two, it->summary, it->summary_type != FEED_TYPE_TEXT);
	if (it->summary == NULL || it->content == NULL ||
	    strcmp(it->summary, it->content) != 0)
		two_pass_add(&two, it->content,
		    it->content_type != FEED_TYPE_TEXT);
	same = same && two_pass_same(&f.body, &two);
	buf_free(&two);
	store_fold_free(&f);
	return same ? 0 : -1;
}

#endif
