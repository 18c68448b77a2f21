/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_DB_H
#define KHABAR_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

/*
 * The cache: one SQLite file in WAL mode, shared by the interface and a
 * refresh run from cron.  Writers hold the lock for one feed or one short
 * batch of feeds at a time.
 *
 * A refresh of one feed is:
 *
 *	store_feed_begin(st, url, &id, &cause);
 *	sink = store_sink(st, &arg);
 *	parse(..., sink, arg);			(items upserted as they come)
 *	store_feed_commit(st, &cause);		(or store_feed_rollback(st))
 *	store_feed_status(st, id, &status, &cause);
 *
 * Items are kept by (feed, guid).  An item seen again keeps its unread and
 * starred state; when its text changed it is updated in place.  Items that
 * left the feed stay until store_prune() removes them.
 *
 * A writer with several feeds at hand may store them in one transaction,
 * between store_batch_begin() and store_batch_commit().  A commit costs as
 * much for one feed as for many (the pages of the indexes and the search
 * index it touched, each written to the log again), so a batch makes a
 * cold refresh faster; the writer holds the lock for the whole batch, so
 * it keeps batches short.  A feed in a batch is no savepoint of its own
 * (SQLite would copy every page the feed changes into a statement journal
 * first: as many bytes as the log itself), so a feed that fails rolls the
 * whole batch back: store_batch_open() turns false, and the writer, which
 * still has the batch's feeds, stores them again each on its own.
 */

#define STORE_VERSION		9	/* the schema this code writes */

struct store;

/* A feed as stored, with its counts; strings are owned by the struct. */
struct store_feed {
	int64_t	 id;
	char	*url;
	char	*title;			/* as the feed gave it */
	char	*title_override;	/* as the user set it */
	char	*link;
	char	*tags;
	char	*etag;
	char	*last_modified;
	int	 last_status;		/* HTTP status, 0 when none */
	char	*last_error;		/* NULL when the last refresh worked */
	int	 failures;		/* consecutive failed refreshes */
	int64_t	 last_refresh;		/* 0 when never */
	int64_t	 next_refresh;		/* 0 when due */
	size_t	 unread;
	size_t	 total;
};

struct store_feeds {
	struct store_feed	*v;
	size_t			 n;
};

/* What store_feed_status() records about a refresh. */
struct store_status {
	int		 http_status;	/* 0 when there was no response */
	const char	*error;		/* NULL on success */
	const char	*etag;		/* taken on 2xx, else kept */
	const char	*last_modified;	/* taken on 2xx, else kept */
	int64_t		 next_refresh;
};

/*
 * Open the cache at path, creating it and bringing its schema up to date;
 * refuse, without writing to it, a file that is not a khabar cache.
 */
struct store	*store_open(const char *path, char **cause);
/* Open and migrate no further than version; for tests of migrations. */
struct store	*store_open_version(const char *path, int version,
		    char **cause);
/*
 * While a long write runs, checkpoint the log on a thread of its own
 * instead of on the writer's (see checkpoint.c); store_close() stops it
 * too.  Not fatal when it fails to start: SQLite checkpoints as before.
 */
int		 store_checkpoints_start(struct store *, char **cause);
void		 store_checkpoints_stop(struct store *);
/* For tests: the log starts over past this many bytes (0: 128 MB). */
void		 store_checkpoints_limit(size_t bytes);
/* Close the cache; NULL is allowed. */
void		 store_close(struct store *);
/* The schema version of the open cache. */
int		 store_version(struct store *);
/* Use now instead of the clock for first_seen and refresh times (0: clock). */
void		 store_set_time(struct store *, int64_t now);
/* Run SQL with no result rows; for tests and tools. */
int		 store_run(struct store *, const char *sql, char **cause);
/* Run PRAGMA integrity_check and check the search index; 0 when both pass. */
int		 store_check(struct store *, char **cause);

/* Start the refresh of the feed at url, adding it when new. */
int		 store_feed_begin(struct store *, const char *url,
		    int64_t *feed_id, char **cause);
/* Open a transaction for the feeds to come (see above). */
int		 store_batch_begin(struct store *, char **cause);
/*
 * Commit the batch; -1 when it could not be made permanent (the feeds of
 * the batch are then lost), or was rolled back by a failure before.
 */
int		 store_batch_commit(struct store *, char **cause);
/* Whether a batch is open and its transaction still there. */
int		 store_batch_open(struct store *);
/* Forget the batch and everything written in it. */
void		 store_batch_rollback(struct store *);
/* Make the refresh permanent; fails, rolling back, if the sink failed. */
int		 store_feed_commit(struct store *, char **cause);
/* Forget everything written since store_feed_begin(). */
void		 store_feed_rollback(struct store *);
/* Record the outcome of fetching a feed: status, error, validators. */
int		 store_feed_status(struct store *, int64_t feed_id,
		    const struct store_status *, char **cause);
/* Set (or with NULL clear) the user's title and tags of the feed at url. */
int		 store_feed_set_meta(struct store *, const char *url,
		    const char *title_override, const char *tags, char **cause);
/* Look up the feed at url: 1 and *out filled, 0 when absent, -1 on error. */
int		 store_feed_find(struct store *, const char *url,
		    struct store_feed *out, char **cause);
/* All feeds in the order they were added, with unread and total counts. */
int		 store_feeds_list(struct store *, struct store_feeds *,
		    char **cause);
/* Free what a store_feed owns. */
void		 store_feed_clear(struct store_feed *);
/* Free a list of feeds. */
void		 store_feeds_free(struct store_feeds *);

/*
 * Remove each item that is not starred, was not in its feed at the last
 * refresh, and is older than keep_days (by its date) or is not among the
 * newest keep_per_feed of its feed; a limit of 0 or less is no limit.
 */
int		 store_prune(struct store *, int64_t now, int keep_days,
		    int keep_per_feed, size_t *removed, char **cause);
/*
 * From now on, prune each feed as store_prune() would when it is committed
 * with its items, in its transaction (a refresh: the writer does it beside
 * the parser, not after it); 0 and 0 stop.  store_prune_rest() then prunes
 * the feeds not pruned so since, and gives what both removed.
 */
void		 store_retention(struct store *, int64_t now, int keep_days,
		    int keep_per_feed);
int		 store_prune_rest(struct store *, size_t *removed,
		    char **cause);

#endif
