/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_TEST_STORE_FIXTURE_H
#define KHABAR_TEST_STORE_FIXTURE_H

/*
 * The cmocka fixture of the store tests: a cache in a fresh directory under
 * $TMPDIR, its clock fixed at NOW (which the test file defines), removed
 * with everything in it afterwards.  Include after cmocka.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
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

#endif
