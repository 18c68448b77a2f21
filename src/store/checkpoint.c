/* khabar - ISC licence, see LICENSE. */

/*
 * Checkpoints on a thread of their own, for a long write such as a refresh.
 *
 * SQLite checkpoints the log on the connection that commits, once the log
 * holds wal_autocheckpoint frames: the writer then copies the log into the
 * database and waits for two fdatasync()s before it goes on.  In a cold
 * refresh of 200 feeds that was 23 checkpoints and 0.24 s of the writer's
 * wall time spent waiting for the disk, with the other core free.
 *
 * Here the writer's connection gets a log hook instead of the automatic
 * checkpoint: after a commit that leaves CKPT_BYTES more of it in the log
 * than the last one it asked for, it wakes a thread that runs a PASSIVE
 * checkpoint on a second connection to the same file.  A passive checkpoint
 * takes no lock a writer needs (it copies the frames of the transactions
 * committed before it started, then stops), so the writer never waits for
 * it.  But the log only starts over at a transaction that begins with all
 * of it copied, and the writer begins its next one at once: the log would
 * grow by everything the refresh writes.  So once it holds CKPT_LIMIT
 * bytes of pages, the hook waits for the thread to be idle and copies the
 * last commit itself, as SQLite would have (a few frames, two fdatasync()s,
 * once per CKPT_LIMIT), and the next transaction starts the log over.
 * That wait stops the writer, which is what a cold refresh waits for: 10-20
 * ms each time.  With a 16 MB log it came six times in a cold refresh of
 * 200 feeds (writing 88 MB of log) and the refresh took 0.993 s; with 128
 * MB, never, and 0.899 s (A/B 10 pairs).  A refresh that writes more than
 * that starts the log over every 128 MB: the log stays bounded, and the
 * waits are a small part of such a refresh.
 * Stopping joins the thread and gives the writer's connection its automatic
 * checkpoint back.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/xmalloc.h"

/* In bytes of pages: the frames they make depend on the cache's page size. */
#define CKPT_BYTES	(4U << 20)	/* between checkpoints */
#define CKPT_LIMIT	(128U << 20)	/* the log starts over */
/*
 * And SQLite's own, on connections without the thread: its default is 1000
 * pages, 4 MB of its default 4 KB pages but 16 MB of a cache's 16 KB ones
 * (64 MB of 64 KB ones), a log that would grow that much from marking
 * items read one at a time.
 */
#define CKPT_AUTO	(4U << 20)

struct store_ckpt {
	sqlite3		*db;		/* the thread's own connection */
	pthread_t	 thread;
	pthread_mutex_t	 mtx;
	pthread_cond_t	 cond;		/* the thread waits on it */
	pthread_cond_t	 idle;		/* the hook waits on it */
	int		 busy;		/* checkpointing */
	int		 frames;	/* CKPT_BYTES in frames */
	int		 limit;		/* and ckpt_limit */
	int		 asked;		/* frames in the log when last woken */
	int		 want;
	int		 stop;
};

static int	 ckpt_hook(void *, sqlite3 *, const char *, int);
static void	*ckpt_main(void *);

static size_t	 ckpt_limit = CKPT_LIMIT;	/* tests set less */

void
store_checkpoints_limit(size_t bytes)
{
	ckpt_limit = bytes > 0 ? bytes : CKPT_LIMIT;
}

/* Bytes of the log in frames of the cache's pages, at least one. */
static int
ckpt_frames(sqlite3 *db, size_t bytes)
{
	sqlite3_stmt	*s;
	size_t		 page = 4096;

	if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &s, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW &&
		    sqlite3_column_int(s, 0) > 0)
			page = (size_t)sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	return bytes / page > 0 ? (int)(bytes / page) : 1;
}

void
store_autocheckpoint(struct store *st)
{
	sqlite3_wal_autocheckpoint(st->db, ckpt_frames(st->db, CKPT_AUTO));
}

int
store_checkpoints_start(struct store *st, char **cause)
{
	struct store_ckpt	*c;
	int			 rc;

	if (st->ckpt != NULL)
		return 0;
	c = xcalloc(1, sizeof *c);
	/* A read finds the log; until then a checkpoint sees no WAL mode. */
	rc = sqlite3_open_v2(st->path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema",
		    NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		xasprintf(cause, "%s: %s", st->path, c->db != NULL ?
		    sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	c->frames = ckpt_frames(c->db, CKPT_BYTES);
	c->limit = ckpt_frames(c->db, ckpt_limit);
	pthread_mutex_init(&c->mtx, NULL);
	pthread_cond_init(&c->cond, NULL);
	pthread_cond_init(&c->idle, NULL);
	if ((rc = pthread_create(&c->thread, NULL, ckpt_main, c)) != 0) {
		xasprintf(cause, "checkpoint thread: %s", strerror(rc));
		pthread_cond_destroy(&c->idle);
		pthread_cond_destroy(&c->cond);
		pthread_mutex_destroy(&c->mtx);
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	st->ckpt = c;
	sqlite3_wal_hook(st->db, ckpt_hook, c);
	return 0;
}

void
store_checkpoints_stop(struct store *st)
{
	struct store_ckpt	*c = st->ckpt;

	if (c == NULL)
		return;
	/* This also takes the hook away before the thread goes. */
	store_autocheckpoint(st);
	pthread_mutex_lock(&c->mtx);
	c->stop = 1;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mtx);
	pthread_join(c->thread, NULL);
	pthread_cond_destroy(&c->idle);
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->mtx);
	sqlite3_close(c->db);
	free(c);
	st->ckpt = NULL;
}

/* After each commit on the writer's connection, on its thread. */
static int
ckpt_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store_ckpt	*c = arg;

	pthread_mutex_lock(&c->mtx);
	if (frames < c->asked)		/* the log started over */
		c->asked = 0;
	if (frames >= c->limit) {
		while (c->want || c->busy)
			pthread_cond_wait(&c->idle, &c->mtx);
		pthread_mutex_unlock(&c->mtx);
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
		return SQLITE_OK;
	}
	if (frames - c->asked >= c->frames) {
		c->asked = frames;
		c->want = 1;
		pthread_cond_signal(&c->cond);
	}
	pthread_mutex_unlock(&c->mtx);
	return SQLITE_OK;
}

static void *
ckpt_main(void *arg)
{
	struct store_ckpt	*c = arg;

	pthread_mutex_lock(&c->mtx);
	for (;;) {
		while (!c->want && !c->stop)
			pthread_cond_wait(&c->cond, &c->mtx);
		if (c->stop)
			break;
		c->want = 0;
		c->busy = 1;
		pthread_mutex_unlock(&c->mtx);
		/* Busy or failed, the next one copies what this one left. */
		sqlite3_wal_checkpoint_v2(c->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->mtx);
		c->busy = 0;
		pthread_cond_broadcast(&c->idle);
	}
	pthread_mutex_unlock(&c->mtx);
	return NULL;
}
