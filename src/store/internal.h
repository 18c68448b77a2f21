/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_INTERNAL_H
#define KHABAR_STORE_INTERNAL_H

/*
 * What the files of src/store/ share and nobody else sees.  A struct store is
 * one SQLite connection with its prepared statements, which are prepared on
 * first use and kept until store_close(): the fixed ones in stmt[] by
 * enum store_stmt, the item queries in query[] by a bit mask of the filter
 * (feed, unread, starred, search).  While a refresh is open (between
 * store_feed_begin() and store_feed_commit() or store_feed_rollback()) the
 * store also holds the feed being written, the ids of the items the parser
 * delivered (as a JSON array, kept in feeds.present for store_prune()) and
 * the first error a sink callback met.
 */

#include <sqlite3.h>

#include "store/db.h"
#include "store/items.h"
#include "text/normalize.h"
#include "util/buf.h"

/*
 * The version of what the index holds: the fold (NORMALIZE_VERSION),
 * search.c's split into words and words.c's pages.  meta.fold_version
 * records it; a cache indexed with another is re-indexed when opened.
 */
#define STORE_FOLD_VERSION	(NORMALIZE_VERSION * 100 + 2)

#define STORE_APPLICATION_ID	0x6b686272	/* "khbr" */
#define STORE_QUERY_VARIANTS	8	/* feed, unread, starred */

enum store_stmt {
	ST_FEED_INSERT,
	ST_FEED_ID,
	ST_FEED_META,
	ST_FEED_PRESENT,
	ST_PRUNE_AGE,
	ST_PRUNE_COUNT,
	ST_FEED_STATUS,
	ST_FEED_FIND,
	ST_FEEDS_LIST,
	ST_ITEM_FIND,
	ST_ITEM_INSERT,
	ST_ITEM_UPDATE,
	ST_SEARCH_ROWS,
	ST_WORDS_NEXT_SEG,
	ST_WORDS_PUT,
	ST_WORDS_SEG_ADD,
	ST_WORDS_GONE,
	ST_WORDS_GONE_NEW,
	ST_WORDS_GONE_ALL,
	ST_WORDS_SEGS,
	ST_WORDS_LEVEL_FULL,
	ST_WORDS_LEVEL_SEGS,
	ST_WORDS_SEG_PAGES_DROP,
	ST_WORDS_SEG_DROP,
	ST_WORDS_PAGE_AT,
	ST_WORDS_PAGES_FROM,
	ST_WORDS_ITEM_FILTER,
	ST_WORDS_FILTER_IDS,
	ST_LINKS_DELETE,
	ST_LINK_INSERT,
	ST_ENCLS_DELETE,
	ST_ENCL_INSERT,
	ST_ITEM_GET,
	ST_ITEM_LINKS,
	ST_ITEM_ENCLS,
	ST_STARRED,
	ST_READ_ITEM,
	ST_READ_FEED,
	ST_READ_ALL,
	ST_UNREAD_FEED,
	ST_UNREAD_ALL,
	ST_FULLTEXT_PUT,
	ST_FULLTEXT_GET,
	ST_MAX
};

struct store {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*stmt[ST_MAX];
	sqlite3_stmt	*query[STORE_QUERY_VARIANTS];
	sqlite3_stmt	*count[STORE_QUERY_VARIANTS];
	int64_t		 fixed_now;	/* 0: the clock */

	int		 in_feed;
	int		 in_batch;	/* feeds are written in one transaction */
	int64_t		 feed_id;
	int64_t		 feed_now;
	int		 parsed;	/* a sink callback was called */
	char		*sink_cause;
	struct buf	 present;
	struct buf	 scratch;
	struct store_fold fold;		/* what items.c gives the index */
	struct words_pend *words;	/* words.c: the next segment */
	struct store_ckpt *ckpt;	/* checkpoint.c, while it runs */

	/*
	 * Retention applied as each feed is stored (store_retention()): the
	 * feeds pruned so, those of an open batch last (from npruned_ok),
	 * forgotten if it rolls back, and the items they lost.
	 */
	int64_t		 ret_now;
	int		 ret_days;
	int		 ret_per_feed;
	int64_t		*pruned;
	size_t		 npruned, npruned_ok, pruned_alloc;
	size_t		 removed, removed_ok;
};

/* The prepared statement for id, reset and unbound; NULL with *cause set. */
sqlite3_stmt	*store_stmt(struct store *, enum store_stmt, char **cause);
/* Set *cause to what, a colon and SQLite's message; return -1. */
int		 store_fail(struct store *, char **cause, const char *what);
/* Run SQL that returns no rows. */
int		 store_exec(struct store *, const char *sql, char **cause);
/* SQLite's own checkpoints, every 4 MB of log (checkpoint.c). */
void		 store_autocheckpoint(struct store *);
/* The time to record: the clock, or what store_set_time() said. */
int64_t		 store_now(struct store *);
/* Bind a string or NULL. */
int		 store_bind_text(sqlite3_stmt *, int, const char *);
/* Bind an int64, or NULL for FEED_NO_DATE / FEED_NO_LENGTH. */
int		 store_bind_opt(sqlite3_stmt *, int, int64_t, int64_t none);
/* A copy of a text column, or NULL. */
char		*store_column_text(sqlite3_stmt *, int);
/*
 * Into b (emptied first), what the index holds for an item's title and for
 * its body: author, categories, summary and content folded, HTML reduced to
 * its text, content left out when it repeats the summary (search.c).
 */
void		 store_fold_title(struct buf *b, const char *title);
void		 store_fold_body(struct buf *b, const char *author,
		    const char *categories, const char *summary,
		    int summary_type, const char *content, int content_type);
/* Register khabar_fold() and khabar_fold_body() on the connection. */
int		 store_search_register(sqlite3 *);

#endif
