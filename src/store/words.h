/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_WORDS_H
#define KHABAR_STORE_WORDS_H

/*
 * The search index (words.c; a feed's words gathered by words-feed.c): for
 * each folded word, the items that have it in their title, their body or
 * both.  Included by the store only.
 */
#include <stddef.h>
#include <stdint.h>

#include "store/items.h"
#include "util/buf.h"

struct store;
struct store_filter;

#define WORDS_TITLE	1	/* the word is in the item's title */
#define WORDS_BODY	2	/* and/or in its body */
#define WORDS_MAX_LEN	120	/* bytes of a word the index keeps */

/*
 * Add an item's folded title and body (store_fold_title(), store_fold_body():
 * words separated by blanks) to wf; return its index there.  Runs on the
 * thread that folds, the parser's in a refresh.
 */
uint32_t store_words_feed_item(struct words_feed *, const char *title,
	    size_t tlen, const char *body, size_t blen);
/* For tests: wf's words in order, each with its items and where, a line. */
void	 store_words_feed_dump(struct words_feed *, struct buf *out);
/*
 * In the open transaction, item index item of wf is the cache's item id
 * and is to be indexed: its words are written at store_words_flush().  The
 * store holds wf until then; an item mapped twice keeps the last.
 */
void	 store_words_map(struct store *, struct words_feed *, uint32_t item,
	    int64_t id);
/* The store's own words_feed, for items stored one at a time. */
struct words_feed *store_words_own(struct store *);
/* Forget what the index holds for item id, before its text changes. */
int	 store_words_forget(struct store *, int64_t id, char **cause);
/* Write the words of what was mapped as a new segment; merge segments. */
int	 store_words_flush(struct store *, char **cause);
/* Forget what was mapped (the transaction is rolled back). */
void	 store_words_discard(struct store *);
void	 store_words_free(struct store *);
/* Build the index again from every item, in the open transaction. */
int	 store_words_rebuild(struct store *, char **cause);
/* Check that every segment decodes, in order; -1 with *cause if not. */
int	 store_words_check(struct store *, char **cause);

struct words_hit {
	int64_t	id;
	double	score;		/* higher is better */
};

/*
 * The items that have every word of query and pass filter f (its feed,
 * unread and starred; f->search is not read), best first, then newest
 * (highest id) first: *hits (free() it) and *n.  0, or -1 with *cause.
 */
int	 store_words_search(struct store *, const char *query,
	    const struct store_filter *f, struct words_hit **hits, size_t *n,
	    char **cause);

#endif
