/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_ITEMS_H
#define KHABAR_STORE_ITEMS_H

#include <stddef.h>
#include <stdint.h>

#include "feed/feed.h"
#include "store/db.h"
#include "util/buf.h"

/*
 * Items: the sink a refresh writes through, and the reads the interface
 * pages through.  A list is read a screen at a time as light rows (struct
 * store_row), newest first, from an index that matches the filter; the full
 * item, with its links and enclosures, is read only when it is opened.
 */

/* Which items a query wants; a zeroed filter is every item. */
struct store_filter {
	int64_t		 feed_id;	/* 0: all feeds */
	int		 unread;	/* only unread items */
	int		 starred;	/* only starred items */
	const char	*search;	/* NULL: no search; else store_search() */
};

/* One line of the headline list; strings are owned by the struct store_rows. */
struct store_row {
	int64_t	 id;
	int64_t	 feed_id;
	char	*feed_title;		/* override, title or URL */
	char	*title;
	int64_t	 date;			/* published, updated or FEED_NO_DATE */
	int	 unread;
	int	 starred;
};

struct store_rows {
	struct store_row	*v;
	size_t			 n;
	size_t			 alloc;
};

/* An item as stored: the parser's struct item and the reader's state. */
struct store_item {
	int64_t		 id;
	int64_t		 feed_id;
	char		*feed_title;
	struct item	 item;		/* item.id is the guid */
	int		 unread;
	int		 starred;
	int64_t		 first_seen;
};

enum store_scope {
	STORE_ITEM,
	STORE_FEED,
	STORE_ALL
};

/* The sink that writes into the refresh store_feed_begin() opened. */
const struct feed_sink	*store_sink(struct store *, void **arg);

/*
 * What the search index holds for an item, its title and body folded, and
 * what the row needs worked out: its categories, one per line, and the
 * hash that tells a changed item.  The sink works them out itself; a
 * refresh can do it on another thread first (store_fold_item() needs no
 * store) and write with store_sink_folded().
 */
struct store_fold {
	struct buf		 title;		/* folded, for a moment */
	struct buf		 body;
	struct buf		 cats;
	uint64_t		 hash;
	struct words_feed	*wf;		/* where its words went */
	uint32_t		 word_item;	/* its index there */
};

/*
 * The words of a feed's items for the search index: store_fold_item() adds
 * each item's (on any thread), store_words_feed_end() sorts them (after the
 * last item, on the same thread), store_sink_folded() gives the store those
 * of the items it stores.  A words_feed is freed by its last unref: the
 * store holds it until the transaction ends.
 */
struct words_feed;
struct words_feed *store_words_feed_new(void);
void		 store_words_feed_end(struct words_feed *);
/* Bytes it holds, about. */
size_t		 store_words_feed_size(const struct words_feed *);
void		 store_words_feed_unref(struct words_feed *);

/* Fold an item for the store: its row's hash, its words into wf. */
void		 store_fold_item(struct store_fold *, const struct item *,
		    struct words_feed *wf);
/*
 * Or in two steps, the row's part and then the words: a fold whose words
 * were not gathered (wf NULL) has the store gather them itself if the item
 * turns out new or changed.
 */
void		 store_fold_row(struct store_fold *, const struct item *);
void		 store_fold_text(struct store_fold *, const struct item *,
		    struct words_feed *wf);
void		 store_fold_free(struct store_fold *);

/*
 * The hashes the cache holds of a feed's items, read on a connection of
 * their own (for a refresh's parser thread: opening it reads only the
 * store's path), so that an item the cache has as it is needs no words
 * gathered: store_known_same() is 1 for an item with an id or link whose
 * row has the hash of f (after store_fold_row()).  A hint only: the store
 * checks again when it writes.
 */
struct store_known;
struct store_known *store_known_open(struct store *, char **cause);
int		 store_known_load(struct store_known *, int64_t feed_id,
		    char **cause);
int		 store_known_same(const struct store_known *,
		    const struct item *, const struct store_fold *);
void		 store_known_close(struct store_known *);
/* The sink's item callback, given the item's fold (arg from store_sink()). */
int		 store_sink_folded(void *arg, const struct item *,
		    const struct store_fold *);

/*
 * Append to rows up to limit items (0: no limit) that match the filter,
 * skipping offset of them; newest first, or best first for a search.
 */
int		 store_items_query(struct store *, const struct store_filter *,
		    size_t offset, size_t limit, struct store_rows *,
		    char **cause);
/* Count the items that match the filter. */
int		 store_count(struct store *, const struct store_filter *,
		    size_t *n, char **cause);
/* Free the rows and leave the list empty. */
void		 store_rows_free(struct store_rows *);
/*
 * Read item id in full: 1 and *out set, 0 when absent, -1 on error.  Its
 * links are those of the feed but one: a link that only repeats item.link
 * as "alternate" (no type, no title), which RSS gives every item with a
 * <link>, is not kept as a link (items.c).
 */
int		 store_item_get(struct store *, int64_t id,
		    struct store_item **out, char **cause);
/* Free an item from store_item_get(); NULL is allowed. */
void		 store_item_free(struct store_item *);
/* Mark an item, a feed's items or all items read (or unread). */
int		 store_mark_read(struct store *, enum store_scope, int64_t id,
		    int read, char **cause);
/* Star or unstar an item. */
int		 store_set_starred(struct store *, int64_t id, int starred,
		    char **cause);

#endif
