/* khabar - ISC licence, see LICENSE. */

/*
 * The refresh engine.  Each feed added is a slot (the public struct
 * refresh_feed and a back pointer for the fetcher's callback).  The caller's
 * thread hands slots to the fetcher in order, keeping no more than a few
 * times the transfer limit inside it, and holds the fetcher's queue (no
 * transfer starts) while the bytes waiting for the parser and the writer
 * are over queue_bytes: memory is bounded by that, REFRESH_BATCH_BYTES in
 * the writer's batch, and the bodies in flight and what they parse into.
 * A fetched result becomes a job on a queue (TAILQs under one mutex, a
 * condition variable for each thread).  The parser thread takes jobs in
 * order, parses each body into items (the parser's own, moved) and gathers
 * and sorts their words for the search index, then passes the job on; the
 * writer thread stores each, so that parsing the next feed overlaps
 * writing this one.
 * The writer stores several feeds in one transaction (at most
 * REFRESH_BATCH_FEEDS, for at most REFRESH_BATCH_MS, waiting for the parser
 * within that time, and not past the moment the parser takes the last
 * feed): a commit writes every page the feed touched in the indexes and the
 * search index to the log again, the same pages for one feed as for
 * sixteen, and a segment of the search index.
 * It keeps the jobs of the batch until the commit: when a feed fails in it,
 * or the commit does, the batch is rolled back whole and its feeds are
 * stored again one transaction each, so that each is still stored whole or
 * not at all, with its own outcome.  A feed is counted once committed.
 * While the writer runs, the store checkpoints the log on a thread of its
 * own.  The writer writes a byte into a pipe so that the caller's poll wakes
 * up to count it, start more transfers and call the progress callback.  When
 * the fetcher has delivered every slot the first queue is closed; the parser
 * drains it and closes the second; the writer drains that, prunes the feeds
 * it did not prune as it stored them (store_retention()) and exits, and the
 * caller's thread joins both and calls the finished callback.
 *
 * With threaded off, the fetcher's callback parses and stores each result
 * at once on the caller's thread (for measurements and single-core
 * machines).
 */
#include <sys/queue.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feed/parse.h"
#include "net/fetch.h"
#include "refresh/refresh.h"
#include "store/db.h"
#include "store/items.h"
#include "util/clock.h"
#include "util/xmalloc.h"

#define REFRESH_PROGRESS_MS	50	/* between progress callbacks */
#define REFRESH_BACKOFF_MAX	86400	/* longest wait after failures */
#define REFRESH_BATCH_FEEDS	16	/* feeds in one transaction at most */
#define REFRESH_BATCH_MS	100	/* and the lock held no longer */
/*
 * And the feeds it holds take no more than this (their items, kept until
 * the commit, and their words).  Each commit writes a segment of the search
 * index: with 3 MB a batch held 5 feeds of the bench's 270 KB and a cold
 * refresh of 200 made 42 segments, a million words to write; with 9 MB,
 * 0.762 s instead of 0.862 (zipf feeds, alternated 5 times), peak 57 MB.
 */
#define REFRESH_BATCH_BYTES	(9U * 1024 * 1024)

struct refresh_slot {
	struct refresh		*r;
	size_t			 idx;
	const struct store_feed	*known;		/* the stored row, or NULL */
};

/* A fetched feed, then (on the parser thread) what its body holds. */
struct refresh_job {
	size_t			 idx;
	struct fetch_result	 res;
	size_t			 body_len;
	size_t			 qbytes;	/* counted in r->qbytes */

	char			*parse_error;	/* the body is no feed */
	struct feed		 feed;
	int			 have_feed;
	struct item		*items;
	struct store_fold	*folds;
	struct words_feed	*words;		/* the items' words, for the index */
	struct store_known	*hashes;	/* the parser's, loaded for it */
	size_t			 nitems;
	size_t			 alloc;
	size_t			 folded;	/* bytes of its words */
	TAILQ_ENTRY(refresh_job) entry;
};
TAILQ_HEAD(refresh_jobs, refresh_job);

struct refresh {
	struct store		*st;
	struct store_known	*hashes;	/* the parser's (refresh_parse_job()) */
	int			 hashes_tried;
	struct refresh_opts	 opts;
	struct fetch_opts	 fopts;
	struct fetcher		*fetcher;

	struct refresh_feed	*feeds;
	struct refresh_slot	*slots;
	size_t			 nfeeds;
	size_t			 alloc;
	struct store_feeds	 known;
	size_t			*known_order;	/* known.v sorted by URL */

	size_t			 next;		/* next slot to fetch */
	size_t			 delivered;	/* handed over by the fetcher */
	int			 started;
	int			 ended;
	int64_t			 last_progress;

	/* Shared with the parser and writer threads, under mtx. */
	pthread_mutex_t		 mtx;
	pthread_cond_t		 cond;		/* the parser waits on it */
	pthread_cond_t		 wcond;		/* the writer waits on it */
	struct refresh_jobs	 jobs;		/* fetched, to parse */
	struct refresh_jobs	 parsed;	/* parsed, to store */
	/* Parsed bodies, for the caller's thread to free (refresh_spent). */
	char			**spent;
	size_t			 nspent, spentcap;
	size_t			 qbytes;
	int			 closed;	/* no more jobs will come */
	int			 pclosed;	/* no more parsed jobs will come */
	int			 cancel;
	int			 exited;	/* the writer is done */
	struct refresh_progress	 prog;
	int			 wake[2];
	pthread_t		 thread;	/* the writer */
	pthread_t		 pthread;	/* the parser */
	int			 have_thread;

	/* The writer's open transaction and the jobs stored in it. */
	int			 batching;
	struct refresh_jobs	 held;
	size_t			 nbatch;
	size_t			 held_bytes;	/* theirs, out of qbytes */
	int64_t			 batch_since;

	char			*prune_error;
	size_t			 pruned;
	struct pollfd		*pfd;
	int			 npfd;
};

static int	 refresh_known_cmp(const void *, const void *, void *);
static const struct store_feed *refresh_known(struct refresh *, const char *);
static int	 refresh_same(const char *, const char *);
static int	 refresh_load(struct refresh *, char **);
static void	 refresh_feed_more(struct refresh *);
static void	 refresh_fetched(void *, struct fetch_result *);
static void	 refresh_wake(struct refresh *);
static struct refresh_job *refresh_take(struct refresh *,
		    struct refresh_jobs *, pthread_cond_t *, const int *);
static void	*refresh_parser(void *);
static void	 refresh_batch_end(struct refresh *);
static void	*refresh_writer(void *);
static void	 refresh_job_free(struct refresh_job *);
static void	 refresh_parse_job(struct refresh *, struct refresh_job *);
static void	 refresh_spend(struct refresh *, struct refresh_job *);
static void	 refresh_spent_free(struct refresh *);
static int	 refresh_collect_feed(void *, const struct feed *);
static int	 refresh_collect_item(void *, struct item *);
static int64_t	 refresh_next(struct refresh *, const struct refresh_slot *,
		    int);
static int	 refresh_write(struct refresh *, struct refresh_job *,
		    char **);
static void	 refresh_status(struct refresh *, size_t, int, const char *);
static void	 refresh_store(struct refresh *, struct refresh_job *);
static void	 refresh_unstore(struct refresh *, struct refresh_job *);
static void	 refresh_finish(struct refresh *, struct refresh_job *);
static void	 refresh_prune(struct refresh *);
static void	 refresh_end(struct refresh *);

/* Fill opts with the defaults. */
void
refresh_opts_default(struct refresh_opts *o)
{
	memset(o, 0, sizeof *o);
	o->jobs = REFRESH_JOBS;
	o->per_host = REFRESH_PER_HOST;
	o->keep_days = REFRESH_KEEP_DAYS;
	o->keep_per_feed = REFRESH_KEEP_PER_FEED;
	o->interval = REFRESH_INTERVAL;
	o->queue_bytes = REFRESH_QUEUE_BYTES;
	o->threaded = 1;
}

/* Create an engine for st; nothing runs until refresh_start(). */
struct refresh *
refresh_new(struct store *st, const struct refresh_opts *opts)
{
	struct refresh	*r;

	r = xcalloc(1, sizeof *r);
	r->st = st;
	if (opts != NULL)
		r->opts = *opts;
	else
		refresh_opts_default(&r->opts);
	if (r->opts.jobs < 1)
		r->opts.jobs = REFRESH_JOBS;
	if (r->opts.per_host < 1)
		r->opts.per_host = REFRESH_PER_HOST;
	if (r->opts.queue_bytes == 0)
		r->opts.queue_bytes = REFRESH_QUEUE_BYTES;
	if (r->opts.fetch != NULL)
		r->fopts = *r->opts.fetch;
	else
		fetch_opts_default(&r->fopts);
	r->opts.fetch = NULL;
	r->fopts.max_total = r->opts.jobs;
	r->fopts.max_per_host = r->opts.per_host;
	TAILQ_INIT(&r->jobs);
	TAILQ_INIT(&r->parsed);
	TAILQ_INIT(&r->held);
	pthread_mutex_init(&r->mtx, NULL);
	pthread_cond_init(&r->cond, NULL);
	pthread_cond_init(&r->wcond, NULL);
	r->wake[0] = r->wake[1] = -1;
	return r;
}

/* Stop the writer and the fetcher, then free everything. */
void
refresh_free(struct refresh *r)
{
	struct refresh_job	*j;
	size_t			 i;

	if (r == NULL)
		return;
	if (r->have_thread) {
		pthread_mutex_lock(&r->mtx);
		r->cancel = r->closed = 1;
		pthread_cond_signal(&r->cond);
		pthread_cond_signal(&r->wcond);
		pthread_mutex_unlock(&r->mtx);
		pthread_join(r->pthread, NULL);
		pthread_join(r->thread, NULL);
		r->have_thread = 0;
	}
	store_known_close(r->hashes);
	r->hashes = NULL;
	store_retention(r->st, 0, 0, 0);
	store_checkpoints_stop(r->st);
	/* Cancelled transfers call back into the slots: free them first. */
	r->ended = 1;
	fetcher_free(r->fetcher);
	while ((j = TAILQ_FIRST(&r->jobs)) != NULL) {
		TAILQ_REMOVE(&r->jobs, j, entry);
		refresh_job_free(j);
	}
	while ((j = TAILQ_FIRST(&r->parsed)) != NULL) {
		TAILQ_REMOVE(&r->parsed, j, entry);
		refresh_job_free(j);
	}
	refresh_spent_free(r);
	for (i = 0; i < r->nfeeds; i++) {
		free(r->feeds[i].url);
		free(r->feeds[i].title);
		free(r->feeds[i].tags);
		free(r->feeds[i].error);
		free(r->feeds[i].moved_to);
	}
	free(r->feeds);
	free(r->slots);
	store_feeds_free(&r->known);
	free(r->known_order);
	if (r->wake[0] != -1) {
		close(r->wake[0]);
		close(r->wake[1]);
	}
	pthread_mutex_destroy(&r->mtx);
	pthread_cond_destroy(&r->cond);
	pthread_cond_destroy(&r->wcond);
	free(r->prune_error);
	free(r->pfd);
	free(r);
}

/* Add a feed to the list. */
void
refresh_add(struct refresh *r, const char *url, const char *title,
    const char *tags)
{
	struct refresh_feed	*f;

	if (r->started)
		return;		/* the fetcher holds pointers into slots */
	if (r->nfeeds == r->alloc) {
		r->alloc = r->alloc == 0 ? 64 : r->alloc * 2;
		r->feeds = xreallocarray(r->feeds, r->alloc, sizeof *r->feeds);
	}
	f = &r->feeds[r->nfeeds++];
	memset(f, 0, sizeof *f);
	f->url = xstrdup(url);
	f->title = title != NULL ? xstrdup(title) : NULL;
	f->tags = tags != NULL ? xstrdup(tags) : NULL;
}

static int
refresh_known_cmp(const void *a, const void *b, void *arg)
{
	const struct store_feeds	*k = arg;

	return strcmp(k->v[*(const size_t *)a].url,
	    k->v[*(const size_t *)b].url);
}

/* The stored row of the feed at url, by binary search, or NULL. */
static const struct store_feed *
refresh_known(struct refresh *r, const char *url)
{
	size_t	lo = 0, hi = r->known.n, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(url, r->known.v[r->known_order[mid]].url);
		if (c == 0)
			return &r->known.v[r->known_order[mid]];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
refresh_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Read what the store knows and bring titles and tags in line. */
static int
refresh_load(struct refresh *r, char **cause)
{
	const struct store_feed	*k;
	struct refresh_feed	*f;
	size_t			 i;

	if (store_feeds_list(r->st, &r->known, cause) != 0)
		return -1;
	r->known_order = xreallocarray(NULL, r->known.n + 1,
	    sizeof *r->known_order);
	for (i = 0; i < r->known.n; i++)
		r->known_order[i] = i;
	qsort_r(r->known_order, r->known.n, sizeof *r->known_order,
	    refresh_known_cmp, &r->known);
	for (i = 0; i < r->nfeeds; i++) {
		f = &r->feeds[i];
		k = refresh_known(r, f->url);
		if (k != NULL && refresh_same(k->title_override, f->title) &&
		    refresh_same(k->tags, f->tags))
			continue;
		if (k == NULL && f->title == NULL && f->tags == NULL)
			continue;
		if (store_feed_set_meta(r->st, f->url, f->title, f->tags,
		    cause) != 0)
			return -1;
	}
	r->slots = xreallocarray(NULL, r->nfeeds > 0 ? r->nfeeds : 1,
	    sizeof *r->slots);
	for (i = 0; i < r->nfeeds; i++) {
		r->slots[i].r = r;
		r->slots[i].idx = i;
		r->slots[i].known = refresh_known(r, r->feeds[i].url);
	}
	return 0;
}

/* Load what the store knows, start the writer and the first transfers. */
int
refresh_start(struct refresh *r, char **cause)
{
	char	*why = NULL;
	int	 rc;

	if (r->started) {
		*cause = xstrdup("refresh already started");
		return -1;
	}
	if (refresh_load(r, cause) != 0)
		return -1;
	if (pipe2(r->wake, O_NONBLOCK | O_CLOEXEC) != 0) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		r->wake[0] = r->wake[1] = -1;
		return -1;
	}
	r->started = 1;
	r->prog.total = r->nfeeds;
	/* Each feed stored is pruned then, on the writer (refresh_prune()). */
	store_retention(r->st, (int64_t)time(NULL), r->opts.keep_days,
	    r->opts.keep_per_feed);
	r->fetcher = fetcher_new(&r->fopts);
	/* Not fatal: the writer's commits checkpoint as before. */
	if (r->opts.threaded && store_checkpoints_start(r->st, &why) != 0) {
		free(why);
		why = NULL;
	}
	if (r->opts.threaded) {
		/* Not fatal if either fails: work on this thread instead. */
		if ((rc = pthread_create(&r->pthread, NULL, refresh_parser,
		    r)) != 0)
			r->opts.threaded = 0;
		else if ((rc = pthread_create(&r->thread, NULL, refresh_writer,
		    r)) != 0) {
			pthread_mutex_lock(&r->mtx);
			r->cancel = 1;
			pthread_cond_signal(&r->cond);
			pthread_mutex_unlock(&r->mtx);
			pthread_join(r->pthread, NULL);
			r->cancel = 0;
			r->opts.threaded = 0;
		} else
			r->have_thread = 1;
	}
	refresh_feed_more(r);
	if (r->nfeeds == 0)
		refresh_end(r);
	return 0;
}

/* Whether bytes waiting for the parser and the writer fill the queue. */
static int
refresh_full(const struct refresh *r, size_t bytes)
{
	return bytes >= r->opts.queue_bytes;
}

/*
 * Hand slots to the fetcher while there is room in it; hold it while the
 * queue is full.
 */
static void
refresh_feed_more(struct refresh *r)
{
	const struct store_feed	*k;
	struct fetch_req	 req;
	size_t			 qbytes;
	int			 room;

	pthread_mutex_lock(&r->mtx);
	qbytes = r->qbytes;
	pthread_mutex_unlock(&r->mtx);
	/*
	 * A few times the transfer limit waits inside the fetcher (it costs
	 * nothing there), so that its per-host limit can pick among hosts.
	 * A body takes memory from when its transfer starts until it is
	 * parsed and written: while the bodies and parses waiting reach the
	 * queue's limit the fetcher starts no more (those running go on), so
	 * that a fast server cannot fill memory faster than the parser and
	 * the writer empty it, and a slow one still has every transfer
	 * running.  (The queue's limit used to count the requests inside the
	 * fetcher at the average body so far, which let in one at a time
	 * once bodies were over the limit: 3.5 MB feeds from a server
	 * sending 2 MB/s each came one after the other past the first
	 * requests, 24 of them in 18.5 s where 4 at once take 10.5.  Nor
	 * did it bound the first requests, with no body yet to go by: all
	 * 64 came back from the bench's server before the parser had its
	 * first feed, 17 MB.)
	 */
	fetcher_hold(r->fetcher, refresh_full(r, qbytes));
	room = r->opts.jobs * 4 - fetcher_pending(r->fetcher);
	while (room > 0 && r->next < r->nfeeds) {
		k = r->slots[r->next].known;
		memset(&req, 0, sizeof req);
		req.url = r->feeds[r->next].url;
		req.etag = k != NULL ? k->etag : NULL;
		req.last_modified = k != NULL ? k->last_modified : NULL;
		req.done = refresh_fetched;
		req.arg = &r->slots[r->next];
		fetcher_add(r->fetcher, &req);
		r->next++;
		room--;
	}
}

/* The fetcher's callback: queue the result for the writer, or store it. */
static void
refresh_fetched(void *arg, struct fetch_result *res)
{
	struct refresh_slot	*slot = arg;
	struct refresh		*r = slot->r;
	struct refresh_job	*j;

	if (r->ended)
		return;
	r->delivered++;
	j = xcalloc(1, sizeof *j);
	j->idx = slot->idx;
	j->res = *res;
	j->body_len = j->qbytes = res->body.len;
	/* The job owns every pointer now; the fetcher frees nothing. */
	memset(res, 0, sizeof *res);
	if (!r->opts.threaded) {
		refresh_parse_job(r, j);
		/* What the writer needs of the body is its length, counted. */
		buf_free(&j->res.body);
		refresh_store(r, j);
		refresh_finish(r, j);
		return;
	}
	pthread_mutex_lock(&r->mtx);
	TAILQ_INSERT_TAIL(&r->jobs, j, entry);
	r->qbytes += j->qbytes;
	if (refresh_full(r, r->qbytes))
		fetcher_hold(r->fetcher, 1);
	if (r->delivered == r->nfeeds)
		r->closed = 1;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->mtx);
}

/* Wake the caller's poll; a full pipe has woken it already. */
static void
refresh_wake(struct refresh *r)
{
	char	c = 1;
	ssize_t	n;

	n = write(r->wake[1], &c, 1);
	(void)n;
}

static void
refresh_job_free(struct refresh_job *j)
{
	size_t	i;

	fetch_result_free(&j->res);
	free(j->parse_error);
	feed_clear(&j->feed);
	for (i = 0; i < j->nitems; i++) {
		feed_item_clear(&j->items[i]);
		store_fold_free(&j->folds[i]);
	}
	free(j->items);
	free(j->folds);
	store_words_feed_unref(j->words);
	free(j);
}

static int
refresh_collect_feed(void *arg, const struct feed *f)
{
	struct refresh_job	*j = arg;

	feed_clear(&j->feed);
	feed_copy(&j->feed, f);
	j->have_feed = 1;
	return 0;
}

/* Keep the item, moved out of the parser, and its fold for the writer. */
static int
refresh_collect_item(void *arg, struct item *it)
{
	struct refresh_job	*j = arg;

	if (j->nitems == j->alloc) {
		j->alloc = j->alloc == 0 ? 32 : j->alloc * 2;
		j->items = xreallocarray(j->items, j->alloc,
		    sizeof *j->items);
		j->folds = xreallocarray(j->folds, j->alloc,
		    sizeof *j->folds);
	}
	memset(&j->folds[j->nitems], 0, sizeof j->folds[j->nitems]);
	if (j->words == NULL)
		j->words = store_words_feed_new();
	/*
	 * An item the cache has as it is needs no words: the writer will
	 * find it unchanged (or gather them itself if it is not).
	 */
	store_fold_row(&j->folds[j->nitems], it);
	if (!store_known_same(j->hashes, it, &j->folds[j->nitems]))
		store_fold_text(&j->folds[j->nitems], it, j->words);
	j->items[j->nitems] = *it;
	feed_item_init(it);
	j->nitems++;
	return 0;
}

static const struct feed_sink refresh_collect = {
	refresh_collect_feed,
	NULL,
	refresh_collect_item
};

/*
 * Parse a fetched body into the job; runs on the parser thread and reads
 * nothing of r but the feed's URL, fixed since refresh_start().  A body
 * that is no feed keeps no items (as a rolled back transaction would not).
 */
static void
refresh_parse_job(struct refresh *r, struct refresh_job *j)
{
	struct refresh_feed	*f = &r->feeds[j->idx];
	struct parse_opts	 popts;
	char			*cause = NULL;
	size_t			 i;
	int			 rc;

	if (j->res.status != FETCH_OK)
		return;
	/*
	 * The hashes of a feed the cache has, so that the items it sends
	 * again unchanged have no words gathered: the writer kept only the
	 * new ones' anyway.  The 200 bench feeds sent again with 2-6 new
	 * items each took 583-695 ms to refresh, and 335-506 with this.
	 */
	j->hashes = NULL;
	if (r->slots[j->idx].known != NULL && !r->hashes_tried) {
		/*
		 * Opened for the first feed that needs it (a refresh of 304s
		 * needs none); not fatal: every word is gathered then.
		 */
		r->hashes_tried = 1;
		r->hashes = store_known_open(r->st, &cause);
		free(cause);
		cause = NULL;
	}
	if (r->hashes != NULL && r->slots[j->idx].known != NULL &&
	    store_known_load(r->hashes, r->slots[j->idx].known->id,
	    &cause) == 0)
		j->hashes = r->hashes;
	free(cause);
	cause = NULL;
	memset(&popts, 0, sizeof popts);
	popts.base_url = j->res.final_url != NULL ? j->res.final_url : f->url;
	popts.charset = j->res.charset;
	rc = parse_mem(j->res.body.data, j->res.body.len, &popts,
	    &refresh_collect, j, &cause);
	j->hashes = NULL;		/* the next feed's, from here on */
	if (rc != 0) {
		j->parse_error = cause != NULL ? cause : xstrdup("not a feed");
		for (i = 0; i < j->nitems; i++) {
			feed_item_clear(&j->items[i]);
			store_fold_free(&j->folds[i]);
		}
		j->nitems = 0;
		store_words_feed_unref(j->words);
		j->words = NULL;
	}
	/* The words sorted here, not on the writer's thread. */
	if (j->words != NULL) {
		store_words_feed_end(j->words);
		j->folded = store_words_feed_size(j->words);
	}
}

/*
 * Give a parsed body back to the caller's thread, which allocated it, to
 * free: what the writer needs of it is its length, counted.  With mimalloc
 * a block freed by another thread waits for its own thread to take it
 * back, and a cold refresh of 200 feeds peaked at 52-57 MB instead of
 * 43-46 (glibc's malloc, whose arenas take such blocks at once: 45-51).
 */
static void
refresh_spend(struct refresh *r, struct refresh_job *j)
{
	if (j->res.body.data == NULL)
		return;
	pthread_mutex_lock(&r->mtx);
	if (r->nspent == r->spentcap) {
		r->spentcap = r->spentcap != 0 ? 2 * r->spentcap : 64;
		r->spent = xreallocarray(r->spent, r->spentcap,
		    sizeof *r->spent);
	}
	r->spent[r->nspent++] = j->res.body.data;
	pthread_mutex_unlock(&r->mtx);
	memset(&j->res.body, 0, sizeof j->res.body);
	refresh_wake(r);
}

/* Free the bodies refresh_spend() gave back; on the caller's thread. */
static void
refresh_spent_free(struct refresh *r)
{
	char	**v;
	size_t	  i, n;

	pthread_mutex_lock(&r->mtx);
	v = r->spent;
	n = r->nspent;
	r->spent = NULL;
	r->nspent = r->spentcap = 0;
	pthread_mutex_unlock(&r->mtx);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * The next job of q, waiting on c for one; NULL when cancelled, or when
 * *closed says no more will come and q is drained.  Called with mtx held.
 */
static struct refresh_job *
refresh_take(struct refresh *r, struct refresh_jobs *q, pthread_cond_t *c,
    const int *closed)
{
	struct refresh_job	*j;

	while (!r->cancel && !*closed && TAILQ_EMPTY(q))
		pthread_cond_wait(c, &r->mtx);
	if (r->cancel || (j = TAILQ_FIRST(q)) == NULL)
		return NULL;
	TAILQ_REMOVE(q, j, entry);
	return j;
}

static void *
refresh_parser(void *arg)
{
	struct refresh		*r = arg;
	struct refresh_job	*j;
	int			 wake;

	pthread_mutex_lock(&r->mtx);
	while ((j = refresh_take(r, &r->jobs, &r->cond, &r->closed)) != NULL) {
		/*
		 * The feed being parsed is not counted as waiting: however
		 * large it is, the next one may come in meanwhile.  (Counted,
		 * a body of 3.5 MB held the fetcher until it was written, and
		 * the parser then waited for the next: 64 such feeds from a
		 * local server in 2.0 s, 1.75-1.8 now; 1.65-1.8 with all 64
		 * let in at once, at 190 MB against 80.)
		 */
		wake = refresh_full(r, r->qbytes) &&
		    !refresh_full(r, r->qbytes - j->qbytes);
		r->qbytes -= j->qbytes;
		pthread_mutex_unlock(&r->mtx);
		if (wake)
			refresh_wake(r);

		refresh_parse_job(r, j);
		refresh_spend(r, j);

		pthread_mutex_lock(&r->mtx);
		/* The copies take about what the body did; the folds more. */
		j->qbytes += j->folded;
		r->qbytes += j->qbytes;
		TAILQ_INSERT_TAIL(&r->parsed, j, entry);
		pthread_cond_signal(&r->wcond);
	}
	r->pclosed = 1;
	pthread_cond_signal(&r->wcond);
	pthread_mutex_unlock(&r->mtx);
	return NULL;
}

/*
 * Commit the writer's batch and count its feeds.  When the commit fails,
 * or a feed failed in the batch (which rolls it all back, see db.h), each
 * feed of the batch is stored again in a transaction of its own.
 */
static void
refresh_batch_end(struct refresh *r)
{
	struct refresh_job	*j;
	char			*cause = NULL;

	r->batching = 0;
	if (store_batch_commit(r->st, &cause) != 0) {
		free(cause);
		store_batch_rollback(r->st);
		TAILQ_FOREACH(j, &r->held, entry) {
			refresh_unstore(r, j);
			refresh_store(r, j);
		}
	}
	while ((j = TAILQ_FIRST(&r->held)) != NULL) {
		TAILQ_REMOVE(&r->held, j, entry);
		refresh_finish(r, j);
	}
	r->nbatch = 0;
	r->held_bytes = 0;
}

/*
 * With a batch open and no feed parsed, wait for the parser until the batch
 * is REFRESH_BATCH_MS old, then commit it.  Each commit writes a segment of
 * the search index (store/words.c), later merged with others: committing
 * whenever the writer caught up with the parser made 88 segments of a cold
 * refresh of 200 feeds.  Called with mtx held; the lock of the cache is held
 * that long at most, as for a batch being written.
 */
static void
refresh_batch_wait(struct refresh *r)
{
	struct timespec	dl;
	int64_t		left;

	while (!r->cancel && !r->pclosed && TAILQ_EMPTY(&r->parsed) &&
	    (left = r->batch_since + REFRESH_BATCH_MS - clock_ms()) > 0) {
		clock_gettime(CLOCK_REALTIME, &dl);
		dl.tv_sec += left / 1000;
		dl.tv_nsec += (left % 1000) * 1000000;
		if (dl.tv_nsec >= 1000000000) {
			dl.tv_sec++;
			dl.tv_nsec -= 1000000000;
		}
		if (pthread_cond_timedwait(&r->wcond, &r->mtx, &dl) ==
		    ETIMEDOUT)
			break;
	}
	if (TAILQ_EMPTY(&r->parsed)) {
		pthread_mutex_unlock(&r->mtx);
		refresh_batch_end(r);
		refresh_wake(r);
		pthread_mutex_lock(&r->mtx);
	}
}

static void *
refresh_writer(void *arg)
{
	struct refresh		*r = arg;
	struct refresh_job	*j;
	char			*cause = NULL;
	int			 last;

	pthread_mutex_lock(&r->mtx);
	for (;;) {
		if (r->batching)
			refresh_batch_wait(r);
		if ((j = refresh_take(r, &r->parsed, &r->wcond,
		    &r->pclosed)) == NULL)
			break;
		pthread_mutex_unlock(&r->mtx);

		/* If none can be opened, each feed commits on its own. */
		if (!r->batching) {
			if (store_batch_begin(r->st, &cause) == 0) {
				r->batching = 1;
				r->batch_since = clock_ms();
			}
			free(cause);
			cause = NULL;
		}
		refresh_store(r, j);
		pthread_mutex_lock(&r->mtx);
		if (r->batching) {
			/* Held apart from the queue, bounded apart. */
			r->qbytes -= j->qbytes;
			r->held_bytes += j->qbytes;
			j->qbytes = 0;
			TAILQ_INSERT_TAIL(&r->held, j, entry);
			r->nbatch++;
		}
		/*
		 * Every feed fetched and the parser on the last of them: the
		 * batch commits while it parses, not after, when the refresh
		 * has nothing else to do.
		 */
		last = r->closed && TAILQ_EMPTY(&r->jobs) &&
		    TAILQ_EMPTY(&r->parsed);
		pthread_mutex_unlock(&r->mtx);
		if (!r->batching)
			refresh_finish(r, j);
		if (r->batching && (last || r->nbatch == REFRESH_BATCH_FEEDS ||
		    r->held_bytes >= REFRESH_BATCH_BYTES ||
		    clock_ms() - r->batch_since >= REFRESH_BATCH_MS ||
		    !store_batch_open(r->st)))
			refresh_batch_end(r);
		refresh_wake(r);
		pthread_mutex_lock(&r->mtx);
	}
	pthread_mutex_unlock(&r->mtx);
	if (r->batching)
		refresh_batch_end(r);
	if (!r->cancel)
		refresh_prune(r);
	pthread_mutex_lock(&r->mtx);
	r->exited = 1;
	pthread_mutex_unlock(&r->mtx);
	refresh_wake(r);
	return NULL;
}

/* When the feed is due again: later after each failure in a row. */
static int64_t
refresh_next(struct refresh *r, const struct refresh_slot *slot, int failed)
{
	int64_t	wait = r->opts.interval;
	int	n;

	if (failed) {
		n = slot->known != NULL ? slot->known->failures : 0;
		while (n-- > 0 && wait < REFRESH_BACKOFF_MAX)
			wait *= 2;
		if (wait > REFRESH_BACKOFF_MAX)
			wait = REFRESH_BACKOFF_MAX;
	}
	return (int64_t)time(NULL) + wait;
}

/* Store a parsed feed in one transaction with its status. */
static int
refresh_write(struct refresh *r, struct refresh_job *j, char **error)
{
	struct refresh_feed	*f = &r->feeds[j->idx];
	const struct feed_sink	*sink;
	struct store_status	 ss;
	char			*why = NULL;
	void			*arg;
	size_t			 i;
	int			 failed = 0;
	int64_t			 id;

	if (j->parse_error != NULL) {
		*error = xstrdup(j->parse_error);
		return -1;
	}
	if (store_feed_begin(r->st, f->url, &id, error) != 0)
		return -1;
	sink = store_sink(r->st, &arg);
	for (i = 0; i < j->nitems && !failed; i++)
		failed = store_sink_folded(arg, &j->items[i], &j->folds[i]);
	if (!failed && j->have_feed)
		failed = sink->feed(arg, &j->feed);
	if (failed) {
		/* The commit refuses and rolls back, with the store's reason. */
		if (store_feed_commit(r->st, &why) == 0)
			why = xstrdup("the cache refused the feed");
		*error = why;
		return -1;
	}
	f->items = j->nitems;
	memset(&ss, 0, sizeof ss);
	ss.http_status = (int)j->res.http_status;
	ss.etag = j->res.etag;
	ss.last_modified = j->res.last_modified;
	ss.next_refresh = refresh_next(r, &r->slots[j->idx], 0);
	/* A file:// URL has no status; it worked all the same. */
	if (ss.http_status == 0)
		ss.http_status = 200;
	if (store_feed_status(r->st, id, &ss, error) != 0) {
		store_feed_rollback(r->st);
		return -1;
	}
	return store_feed_commit(r->st, error);
}

/*
 * Record a status without items: a 304 or a failure.  A feed the store
 * knows needs one UPDATE; a new one is added first, in a transaction.
 */
static void
refresh_status(struct refresh *r, size_t idx, int http_status,
    const char *error)
{
	struct refresh_feed	*f = &r->feeds[idx];
	const struct store_feed	*k = r->slots[idx].known;
	struct store_status	 ss;
	char			*cause = NULL;
	int64_t			 id;

	/* A feed failed in the batch, which is gone: it will be stored again. */
	if (r->batching && !store_batch_open(r->st))
		return;
	memset(&ss, 0, sizeof ss);
	ss.http_status = http_status;
	ss.error = error;
	ss.next_refresh = refresh_next(r, &r->slots[idx], error != NULL);
	if (k != NULL)
		store_feed_status(r->st, k->id, &ss, &cause);
	else if (store_feed_begin(r->st, f->url, &id, &cause) == 0) {
		if (store_feed_status(r->st, id, &ss, &cause) == 0)
			store_feed_commit(r->st, &cause);
		else
			store_feed_rollback(r->st);
	}
	if (cause != NULL && f->error == NULL) {
		f->error = cause;
		f->state = REFRESH_FAILED;
	} else
		free(cause);
}

/* Store one fetched result and count it; runs on the writer thread. */
static void
refresh_store(struct refresh *r, struct refresh_job *j)
{
	struct fetch_result	*res = &j->res;
	size_t			 idx = j->idx;
	struct refresh_feed	*f = &r->feeds[idx];
	char			*error = NULL;

	f->http_status = (int)res->http_status;
	f->bytes = j->body_len;
	if (res->permanent_url != NULL && strcmp(res->permanent_url,
	    f->url) != 0)
		f->moved_to = xstrdup(res->permanent_url);
	switch (res->status) {
	case FETCH_OK:
		if (refresh_write(r, j, &error) == 0)
			f->state = REFRESH_UPDATED;
		else {
			f->state = REFRESH_FAILED;
			refresh_status(r, idx, f->http_status, error);
		}
		break;
	case FETCH_NOT_MODIFIED:
		f->state = REFRESH_UNCHANGED;
		refresh_status(r, idx, f->http_status, NULL);
		break;
	default:
		f->state = REFRESH_FAILED;
		error = xstrdup(res->message != NULL ? res->message :
		    fetch_status_name(res->status));
		refresh_status(r, idx, f->http_status, error);
		break;
	}
	if (f->state == REFRESH_FAILED && f->error == NULL)
		f->error = error;
	else
		free(error);
}

/* Forget what refresh_store() said of a job whose batch was rolled back. */
static void
refresh_unstore(struct refresh *r, struct refresh_job *j)
{
	struct refresh_feed	*f = &r->feeds[j->idx];

	pthread_mutex_lock(&r->mtx);
	f->state = REFRESH_WAITING;
	free(f->error);
	f->error = NULL;
	free(f->moved_to);
	f->moved_to = NULL;
	f->items = 0;
	pthread_mutex_unlock(&r->mtx);
}

/* Count a job whose feed is committed (or failed for good), and free it. */
static void
refresh_finish(struct refresh *r, struct refresh_job *j)
{
	struct refresh_feed	*f = &r->feeds[j->idx];

	pthread_mutex_lock(&r->mtx);
	r->qbytes -= j->qbytes;		/* 0 once held in a batch */
	r->prog.done++;
	r->prog.bytes += f->bytes;
	if (f->state == REFRESH_FAILED)
		r->prog.errors++;
	if (f->state == REFRESH_UNCHANGED)
		r->prog.unchanged++;
	if (f->moved_to != NULL)
		r->prog.moved++;
	pthread_mutex_unlock(&r->mtx);
	refresh_job_free(j);
}

/*
 * Apply the retention limits once everything is stored.  Each feed stored
 * with its items was pruned in its own transaction (store_retention()), on
 * the writer while the parser went on; what is left is the feeds that were
 * not, which is none when every feed got items: pruning all of them here,
 * after the last commit, was 9-12 ms of a cold refresh of 200 feeds whose
 * items are all older than the limit, with nothing else to do meanwhile
 * (now 0-1 ms).
 * Only a refresh that wrote items can have pushed old ones out (the limits
 * by age wait for the next such refresh): pruning reads every feed's first
 * items, which would be most of the time of a refresh that got nothing
 * but 304s.
 */
static void
refresh_prune(struct refresh *r)
{
	char	*cause = NULL;
	size_t	 i;

	for (i = 0; i < r->nfeeds; i++) {
		if (r->feeds[i].state == REFRESH_UPDATED)
			break;
	}
	if (i < r->nfeeds && store_prune_rest(r->st, &r->pruned, &cause) != 0)
		r->prune_error = cause != NULL ? cause : xstrdup("prune failed");
}

/* Everything is stored: join the writer, prune, say so. */
static void
refresh_end(struct refresh *r)
{
	if (r->ended)
		return;
	if (r->have_thread) {
		pthread_mutex_lock(&r->mtx);
		r->closed = 1;
		pthread_cond_signal(&r->cond);
		pthread_mutex_unlock(&r->mtx);
		pthread_join(r->pthread, NULL);
		pthread_join(r->thread, NULL);
		r->have_thread = 0;
		refresh_spent_free(r);
		store_known_close(r->hashes);
		r->hashes = NULL;
	} else
		refresh_prune(r);
	store_retention(r->st, 0, 0, 0);	/* a cancelled writer left it */
	store_checkpoints_stop(r->st);
	r->ended = 1;
	if (r->opts.progress != NULL)
		r->opts.progress(r->opts.arg, &r->prog);
	if (r->opts.finished != NULL)
		r->opts.finished(r->opts.arg, r);
}

/* The wake-up pipe first, then the fetcher's sockets. */
int
refresh_fds(struct refresh *r, struct pollfd *pfd, int max, int *timeout_ms)
{
	int	n;

	if (!r->started || r->ended)
		return 0;
	if (max > 0) {
		pfd[0].fd = r->wake[0];
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
	}
	n = fetcher_fds(r->fetcher, max > 1 ? pfd + 1 : NULL,
	    max > 1 ? max - 1 : 0, timeout_ms);
	return n + 1;
}

/* Count what the writer finished, start more transfers, report. */
int
refresh_process(struct refresh *r, const struct pollfd *pfd, int n)
{
	struct refresh_progress	 p;
	char			 buf[256];
	int			 exited, i;
	int64_t			 now;

	if (!r->started || r->ended)
		return 0;
	for (i = 0; i < n; i++) {
		if (pfd[i].fd == r->wake[0] && pfd[i].revents != 0) {
			while (read(r->wake[0], buf, sizeof buf) > 0)
				;
		}
	}
	refresh_spent_free(r);
	fetcher_process(r->fetcher, pfd, n);
	refresh_feed_more(r);
	if (r->delivered == r->nfeeds && r->have_thread) {
		pthread_mutex_lock(&r->mtx);
		if (!r->closed) {
			r->closed = 1;
			pthread_cond_signal(&r->cond);
		}
		pthread_mutex_unlock(&r->mtx);
	}

	pthread_mutex_lock(&r->mtx);
	p = r->prog;
	exited = r->exited;
	pthread_mutex_unlock(&r->mtx);
	if (r->delivered == r->nfeeds && (!r->have_thread || exited)) {
		refresh_end(r);
		return 0;
	}
	now = clock_ms();
	if (r->opts.progress != NULL &&
	    now - r->last_progress >= REFRESH_PROGRESS_MS) {
		r->last_progress = now;
		r->opts.progress(r->opts.arg, &p);
	}
	return 1;
}

/* Poll and process until the end. */
int
refresh_run(struct refresh *r, char **cause)
{
	int	n, wait;

	if (!r->started && refresh_start(r, cause) != 0)
		return -1;
	while (!r->ended) {
		wait = -1;
		while ((n = refresh_fds(r, r->pfd, r->npfd, &wait)) > r->npfd) {
			r->npfd = n;
			r->pfd = xreallocarray(r->pfd, (size_t)n,
			    sizeof *r->pfd);
		}
		if (n > 0 && poll(r->pfd, (nfds_t)n, wait) == -1 &&
		    errno != EINTR) {
			xasprintf(cause, "poll: %s", strerror(errno));
			return -1;
		}
		refresh_process(r, r->pfd, n);
	}
	return 0;
}

/* Copy the counters under the lock. */
void
refresh_get_progress(struct refresh *r, struct refresh_progress *p)
{
	pthread_mutex_lock(&r->mtx);
	*p = r->prog;
	pthread_mutex_unlock(&r->mtx);
}

/* Whether the finished callback has run. */
int
refresh_done(struct refresh *r)
{
	return r->ended;
}

/* How many feeds were added. */
size_t
refresh_count(struct refresh *r)
{
	return r->nfeeds;
}

/* The outcome of feed i, or NULL past the end. */
const struct refresh_feed *
refresh_feed(struct refresh *r, size_t i)
{
	if (i >= r->nfeeds)
		return NULL;
	return &r->feeds[i];
}

/* Why pruning failed, or NULL. */
const char *
refresh_prune_error(struct refresh *r)
{
	return r->prune_error;
}

/* How many items pruning removed. */
size_t
refresh_pruned(struct refresh *r)
{
	return r->pruned;
}
