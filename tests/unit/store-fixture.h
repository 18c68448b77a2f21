/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_TEST_STORE_FIXTURE_H
#define KHABAR_TEST_STORE_FIXTURE_H

/*
 * The cmocka fixture of the store tests: a cache in a fresh directory under
 * $TMPDIR, its clock fixed at NOW (which the test file defines), removed
 * with everything in it afterwards; and the helpers they share, to refresh
 * a feed through the store's sink and find an item.  Include after
 * cmocka.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feed/feed.h"
#include "store/db.h"
#include "store/items.h"
#include "util/xmalloc.h"

struct fixture {
	char		 dir[256];
	char		 path[300];
	struct store	*st;
};

/* Open a cache in a new directory named after name. */
static int
fixture_setup(void **state, const char *name)
{
	struct fixture	*fx;
	const char	*tmp;
	char		*cause = NULL;

	fx = xcalloc(1, sizeof *fx);
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(fx->dir, sizeof fx->dir, "%s/khabar-%s-XXXXXX", tmp, name);
	if (mkdtemp(fx->dir) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
	snprintf(fx->path, sizeof fx->path, "%s/cache.db", fx->dir);
	if ((fx->st = store_open(fx->path, &cause)) == NULL)
		fail_msg("%s", cause);
	store_set_time(fx->st, NOW);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	struct dirent	*de;
	DIR		*d;
	char		 p[600];

	store_close(fx->st);
	if ((d = opendir(fx->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof p, "%s/%s", fx->dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* One refresh of url with n items; no cmocka here, a child process uses it. */
static int
refresh_try(struct store *st, const char *url, const struct item *items,
    size_t n, char **cause)
{
	const struct feed_sink	*sink;
	struct feed		 f;
	void			*arg;
	int64_t			 id;
	size_t			 i;

	if (store_feed_begin(st, url, &id, cause) != 0)
		return -1;
	sink = store_sink(st, &arg);
	for (i = 0; i < n; i++) {
		if (sink->item(arg, &items[i]) != 0)
			break;
	}
	memset(&f, 0, sizeof f);
	f.title = (char *)"The feed";
	f.link = (char *)"https://example.org/";
	sink->feed(arg, &f);
	return store_feed_commit(st, cause);
}

static void
refresh(struct store *st, const char *url, const struct item *items, size_t n)
{
	char	*cause = NULL;

	if (refresh_try(st, url, items, n, &cause) != 0)
		fail_msg("refresh: %s", cause);
}

/* The id of the item titled title, or 0. */
static int64_t
find_id(struct store *st, const char *title)
{
	struct store_rows	rows = { 0 };
	char			*cause = NULL;
	int64_t			 id = 0;
	size_t			 i;

	if (store_items_query(st, NULL, 0, 0, &rows, &cause) != 0)
		fail_msg("%s", cause);
	for (i = 0; i < rows.n; i++) {
		if (rows.v[i].title != NULL &&
		    strcmp(rows.v[i].title, title) == 0)
			id = rows.v[i].id;
	}
	store_rows_free(&rows);
	return id;
}

#endif
