/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_REFRESH_H
#define KHABAR_REFRESH_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "net/fetch.h"
#include "store/db.h"

/*
 * The refresh engine: fetch a list of feeds in parallel and write what they
 * hold into the cache.  The caller's thread drives the fetcher; a second
 * thread (the writer) parses each fetched body straight into the store, one
 * transaction per feed, so the network stays busy while the CPU parses.
 * Fetched bodies wait for the writer in a queue bounded in bytes: while it
 * is full, no new request is handed to the fetcher.
 *
 * Blocking use (khabar refresh):
 *
 *	r = refresh_new(st, &opts);
 *	refresh_add(r, url, title, tags);	(for each feed)
 *	refresh_run(r, &cause);
 *	... refresh_feed(r, i) for each feed's outcome ...
 *	refresh_free(r);
 *
 * From an event loop: refresh_start(), then refresh_fds() into the loop's
 * poll set and refresh_process() after each poll until it returns 0; the
 * progress and finished callbacks are only ever called from inside
 * refresh_process() (or refresh_run()), on the caller's thread.
 *
 * The store is the engine's from refresh_start() until the finished
 * callback (or refresh_free()): the writer thread uses the connection, so
 * the caller must not, and a reader showing the cache meanwhile opens a
 * connection of its own with store_open() (WAL lets it read while the
 * refresh writes).
 */

#define REFRESH_JOBS		16	/* transfers at once */
#define REFRESH_PER_HOST	4	/* transfers at once to one host */
#define REFRESH_KEEP_DAYS	90
#define REFRESH_KEEP_PER_FEED	500
/*
 * Bodies waiting for the parser and parses waiting for the writer (not
 * the feed being parsed, nor the writer's open batch, which holds up to
 * REFRESH_BATCH_BYTES more, see refresh.c): while they reach it, no new
 * transfer starts.  3 MB: the writer sets the pace (a cold refresh
 * of 200 feeds took the same time with 3 or 4 MB, alternated), and with a
 * batch of as much the peak grows when the machine is slow: polled every
 * 2 ms (which slows it to 1.9 s), 49 MB on average and 59 at most over 10
 * runs, against 51 and 60 with 4 MB.
 */
#define REFRESH_QUEUE_BYTES	(3U * 1024 * 1024)
#define REFRESH_INTERVAL	3600	/* seconds until a feed is due again */

enum refresh_state {
	REFRESH_WAITING,	/* not finished yet */
	REFRESH_UPDATED,	/* fetched, parsed and stored */
	REFRESH_UNCHANGED,	/* 304 Not Modified */
	REFRESH_FAILED		/* see error; old items are kept */
};

/* The outcome for one feed; the strings belong to the engine. */
struct refresh_feed {
	char			*url;
	char			*title;		/* user's title, or NULL */
	char			*tags;		/* user's tags, or NULL */
	enum refresh_state	 state;
	int			 http_status;	/* 0 when there was none */
	char			*error;		/* why it failed, for people */
	char			*moved_to;	/* 301/308 target, or NULL */
	size_t			 items;		/* items the feed held */
	size_t			 bytes;		/* body size */
};

/* Counters for a progress display. */
struct refresh_progress {
	size_t	total;		/* feeds in this refresh */
	size_t	done;		/* finished, whatever the outcome */
	size_t	errors;		/* REFRESH_FAILED so far */
	size_t	unchanged;	/* REFRESH_UNCHANGED so far */
	size_t	moved;		/* with a permanent redirect */
	size_t	bytes;		/* bytes of bodies downloaded */
};

struct refresh;

struct refresh_opts {
	int		 jobs;		/* transfers at once (REFRESH_JOBS) */
	int		 per_host;	/* ... to one host (REFRESH_PER_HOST) */
	int		 keep_days;	/* store_prune() limits; 0: none */
	int		 keep_per_feed;
	int		 interval;	/* seconds to the next refresh */
	size_t		 queue_bytes;	/* bodies and their parse, queued */
	int		 threaded;	/* 0: parse on the caller's thread */
	const struct fetch_opts	*fetch;	/* NULL: fetch_opts_default() */
	/* Called after each feed finishes (and at most that often). */
	void		(*progress)(void *arg, const struct refresh_progress *);
	/* Called once, when everything is stored and pruned. */
	void		(*finished)(void *arg, struct refresh *);
	void		*arg;
};

/* Fill opts with the defaults: 16 jobs, 4 per host, 90 days, 500 items. */
void		 refresh_opts_default(struct refresh_opts *);
/*
 * Create an engine writing into st (still the caller's); opts is copied,
 * but the strings of opts->fetch are only copied by refresh_start().
 */
struct refresh	*refresh_new(struct store *st, const struct refresh_opts *);
/* Stop what is running (the feed being written is rolled back) and free. */
void		 refresh_free(struct refresh *);
/* Add a feed (only before refresh_start()); title and tags may be NULL. */
void		 refresh_add(struct refresh *, const char *url,
		    const char *title, const char *tags);
/*
 * Read the validators from the store, record the titles and tags given to
 * refresh_add() and start fetching; -1 with *cause if the store failed.
 */
int		 refresh_start(struct refresh *, char **cause);
/*
 * Put up to max descriptors to poll in pfd and return how many there are
 * (more than max: pfd was too small); lower *timeout_ms to when
 * refresh_process() must be called even without events.
 */
int		 refresh_fds(struct refresh *, struct pollfd *, int max,
		    int *timeout_ms);
/* Act on poll's results, run the callbacks; 1 while running, 0 at the end. */
int		 refresh_process(struct refresh *, const struct pollfd *, int n);
/* Start and wait for the end; -1 with *cause for a fatal error. */
int		 refresh_run(struct refresh *, char **cause);
/* Copy the counters into *p. */
void		 refresh_get_progress(struct refresh *,
		    struct refresh_progress *p);
/* Whether the refresh has ended (the finished callback has run). */
int		 refresh_done(struct refresh *);
/* The number of feeds added. */
size_t		 refresh_count(struct refresh *);
/* The outcome of feed i, in the order added; valid once refresh_done(). */
const struct refresh_feed *refresh_feed(struct refresh *, size_t i);
/* Why pruning failed at the end, or NULL. */
const char	*refresh_prune_error(struct refresh *);
/* Items pruned at the end. */
size_t		 refresh_pruned(struct refresh *);

#endif
