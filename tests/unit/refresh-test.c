/* khabar - ISC licence, see LICENSE. */
/*
 * The refresh engine through its event-loop interface, with file:// feeds
 * in a directory made by mkdtemp() (the HTTP side is tests/refresh/run.sh):
 * callbacks on the caller's thread, counters, the writer thread and the
 * single-thread mode, a queue bounded to one byte, a failure that keeps the
 * old items, a feed the cache refuses in the middle of a batch, no feeds at
 * all, and freeing the engine in the middle.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "refresh/refresh.h"
#include "store/db.h"
#include "store/items.h"
#include "util/xmalloc.h"

#define NFEEDS	8
#define NITEMS	20

struct fixture {
	char		 dir[256];
	char		 path[300];
	char		*urls[NFEEDS];
	struct store	*st;
};

struct watch {
	pthread_t	 thread;
	int		 wrong_thread;
	int		 progress;
	int		 finished;
	size_t		 last_done;
	int		 backwards;
};

static void
write_feed(const char *dir, int n, const char *title)
{
	char	 path[512];
	FILE	*f;
	int	 i;

	snprintf(path, sizeof path, "%s/f%d.xml", dir, n);
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fprintf(f, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
	    "<title>feed %d</title>", n);
	for (i = 0; i < NITEMS; i++)
		fprintf(f, "<item><title>%s %d</title><guid>%d-%d</guid>"
		    "<description>%s</description></item>\n", title, i, n, i,
		    "خبر عاجل من القاهرة");
	fprintf(f, "</channel></rss>\n");
	fclose(f);
}

static int
setup(void **state)
{
	struct fixture	*fx;
	char		*cause = NULL;
	const char	*t = getenv("TMPDIR");
	int		 i;

	fx = xcalloc(1, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "%s/refresh-test.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/cache.db", fx->dir);
	for (i = 0; i < NFEEDS; i++) {
		write_feed(fx->dir, i, "first");
		xasprintf(&fx->urls[i], "file://%s/f%d.xml", fx->dir, i);
	}
	if ((fx->st = store_open(fx->path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	char		*cmd;
	int		 i;

	store_close(fx->st);
	for (i = 0; i < NFEEDS; i++)
		free(fx->urls[i]);
	xasprintf(&cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx->dir);
	free(cmd);
	free(fx);
	return 0;
}

static void
on_progress(void *arg, const struct refresh_progress *p)
{
	struct watch	*w = arg;

	if (!pthread_equal(w->thread, pthread_self()))
		w->wrong_thread = 1;
	if (p->done < w->last_done)
		w->backwards = 1;
	w->last_done = p->done;
	w->progress++;
}

static void
on_finished(void *arg, struct refresh *r)
{
	struct watch	*w = arg;

	(void)r;
	if (!pthread_equal(w->thread, pthread_self()))
		w->wrong_thread = 1;
	w->finished++;
}

static size_t
count_items(struct store *st)
{
	struct store_filter	f;
	char			*cause = NULL;
	size_t			 n = 0;

	memset(&f, 0, sizeof f);
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	return n;
}

/* Drive r the way an interface's loop would, until it ends. */
static void
loop(struct refresh *r)
{
	struct pollfd	 pfd[64];
	int		 n, wait, rounds = 0;

	do {
		wait = -1;
		n = refresh_fds(r, pfd, 64, &wait);
		assert_true(n <= 64);
		if (n > 0)
			assert_true(poll(pfd, (nfds_t)n, wait) >= 0);
		assert_true(++rounds < 100000);
	} while (refresh_process(r, pfd, n));
}

static struct refresh *
make(struct fixture *fx, int threaded, size_t queue, struct watch *w)
{
	struct refresh_opts	 o;
	struct refresh		*r;
	int			 i;

	refresh_opts_default(&o);
	o.threaded = threaded;
	o.queue_bytes = queue;
	o.progress = on_progress;
	o.finished = on_finished;
	memset(w, 0, sizeof *w);
	w->thread = pthread_self();
	o.arg = w;
	r = refresh_new(fx->st, &o);
	for (i = 0; i < NFEEDS; i++)
		refresh_add(r, fx->urls[i], NULL, NULL);
	return r;
}

static void
check_all_updated(struct refresh *r)
{
	struct refresh_progress	 p;
	size_t			 i;

	refresh_get_progress(r, &p);
	assert_int_equal(p.total, NFEEDS);
	assert_int_equal(p.done, NFEEDS);
	assert_int_equal(p.errors, 0);
	assert_int_equal(refresh_count(r), NFEEDS);
	for (i = 0; i < NFEEDS; i++) {
		assert_int_equal(refresh_feed(r, i)->state, REFRESH_UPDATED);
		assert_int_equal(refresh_feed(r, i)->items, NITEMS);
	}
	assert_null(refresh_feed(r, NFEEDS));
	assert_null(refresh_prune_error(r));
}

static void
test_event_loop(void **state)
{
	struct fixture	*fx = *state;
	struct watch	 w;
	struct refresh	*r;
	char		*cause = NULL;

	r = make(fx, 1, 0, &w);
	assert_int_equal(refresh_start(r, &cause), 0);
	assert_false(refresh_done(r));
	loop(r);
	assert_true(refresh_done(r));
	assert_int_equal(w.finished, 1);
	assert_true(w.progress >= 1);
	assert_false(w.wrong_thread);
	assert_false(w.backwards);
	assert_int_equal(w.last_done, NFEEDS);
	check_all_updated(r);
	/* After the end: nothing to poll, nothing to do. */
	assert_int_equal(refresh_process(r, NULL, 0), 0);
	refresh_free(r);
	assert_int_equal(count_items(fx->st), NFEEDS * NITEMS);
}

static void
test_single_thread(void **state)
{
	struct fixture	*fx = *state;
	struct watch	 w;
	struct refresh	*r;
	char		*cause = NULL;

	r = make(fx, 0, 0, &w);
	assert_int_equal(refresh_run(r, &cause), 0);
	assert_int_equal(w.finished, 1);
	assert_false(w.wrong_thread);
	check_all_updated(r);
	refresh_free(r);
	assert_int_equal(count_items(fx->st), NFEEDS * NITEMS);
}

static void
test_tiny_queue(void **state)
{
	struct fixture	*fx = *state;
	struct watch	 w;
	struct refresh	*r;
	char		*cause = NULL;

	/* One byte: one body at a time waits for the writer, no deadlock. */
	r = make(fx, 1, 1, &w);
	assert_int_equal(refresh_run(r, &cause), 0);
	check_all_updated(r);
	refresh_free(r);
}

static void
test_failure_keeps_items(void **state)
{
	struct fixture		*fx = *state;
	const struct refresh_feed *f;
	struct watch		 w;
	struct refresh		*r;
	struct store_feed	 sf;
	struct refresh_progress	 p;
	char			*cause = NULL, path[512];
	FILE			*fp;

	r = make(fx, 1, 0, &w);
	assert_int_equal(refresh_run(r, &cause), 0);
	refresh_free(r);
	snprintf(path, sizeof path, "%s/f3.xml", fx->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("<html><body>gone</body></html>", fp);
	fclose(fp);
	write_feed(fx->dir, 4, "second");

	r = make(fx, 1, 0, &w);
	assert_int_equal(refresh_run(r, &cause), 0);
	refresh_get_progress(r, &p);
	assert_int_equal(p.errors, 1);
	f = refresh_feed(r, 3);
	assert_int_equal(f->state, REFRESH_FAILED);
	assert_non_null(f->error);
	assert_non_null(strstr(f->error, "not a feed"));
	refresh_free(r);
	assert_int_equal(count_items(fx->st), NFEEDS * NITEMS);
	memset(&sf, 0, sizeof sf);
	assert_int_equal(store_feed_find(fx->st, fx->urls[3], &sf, &cause), 1);
	assert_int_equal(sf.failures, 1);
	assert_int_equal(sf.total, NITEMS);
	assert_non_null(sf.last_error);
	store_feed_clear(&sf);
}

/*
 * A feed the cache refuses half-way (a trigger aborts its eleventh item)
 * takes the writer's whole batch with it; the batch's feeds are stored
 * again one by one: every other feed is there, nothing of the refused one
 * is, its failure is recorded with the trigger's reason, and each feed is
 * counted once.  Threaded and not.
 */
static void
test_refused_in_batch(void **state)
{
	struct fixture		*fx = *state;
	const struct refresh_feed *f;
	struct watch		 w;
	struct refresh		*r;
	struct store_feed	 sf;
	struct refresh_progress	 p;
	char			*cause = NULL;
	size_t			 i;
	int			 threaded;

	write_feed(fx->dir, 3, "poison");
	if (store_run(fx->st, "CREATE TEMP TRIGGER poison BEFORE INSERT ON"
	    " items WHEN new.title = 'poison 10' BEGIN"
	    " SELECT RAISE(ABORT, 'poisoned item'); END", &cause) != 0)
		fail_msg("%s", cause);
	for (threaded = 1; threaded >= 0; threaded--) {
		r = make(fx, threaded, 0, &w);
		assert_int_equal(refresh_run(r, &cause), 0);
		refresh_get_progress(r, &p);
		assert_int_equal(p.done, NFEEDS);
		assert_int_equal(p.errors, 1);
		for (i = 0; i < NFEEDS; i++) {
			f = refresh_feed(r, i);
			if (i != 3) {
				assert_int_equal(f->state, REFRESH_UPDATED);
				assert_int_equal(f->items, NITEMS);
				continue;
			}
			assert_int_equal(f->state, REFRESH_FAILED);
			assert_non_null(f->error);
			assert_non_null(strstr(f->error, "poisoned item"));
		}
		refresh_free(r);
		assert_int_equal(count_items(fx->st), (NFEEDS - 1) * NITEMS);
		memset(&sf, 0, sizeof sf);
		assert_int_equal(store_feed_find(fx->st, fx->urls[3], &sf,
		    &cause), 1);
		assert_int_equal(sf.failures, 2 - threaded);
		assert_int_equal(sf.total, 0);
		assert_non_null(sf.last_error);
		store_feed_clear(&sf);
	}
}

static void
test_no_feeds(void **state)
{
	struct fixture		*fx = *state;
	struct refresh_opts	 o;
	struct watch		 w;
	struct refresh		*r;
	char			*cause = NULL;

	refresh_opts_default(&o);
	memset(&w, 0, sizeof w);
	w.thread = pthread_self();
	o.finished = on_finished;
	o.arg = &w;
	r = refresh_new(fx->st, &o);
	assert_int_equal(refresh_start(r, &cause), 0);
	assert_true(refresh_done(r));
	assert_int_equal(w.finished, 1);
	assert_int_equal(refresh_run(r, &cause), 0);
	refresh_free(r);
}

static void
test_free_midway(void **state)
{
	struct fixture	*fx = *state;
	struct watch	 w;
	struct refresh	*r;
	struct pollfd	 pfd[64];
	char		*cause = NULL;
	int		 n, wait;

	r = make(fx, 1, 0, &w);
	assert_int_equal(refresh_start(r, &cause), 0);
	wait = 0;
	n = refresh_fds(r, pfd, 64, &wait);
	refresh_process(r, pfd, n);
	refresh_free(r);	/* must neither hang, crash nor leak */
	assert_int_equal(w.finished, 0);
	/* The store is usable again, and whole. */
	assert_int_equal(store_check(fx->st, &cause), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event_loop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_single_thread, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tiny_queue, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_failure_keeps_items, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_in_batch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_feeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_midway, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
