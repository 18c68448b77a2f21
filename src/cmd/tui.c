/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar tui', also `khabar' alone: the interactive reader.  It checks
 * that the locale is UTF-8, reads the configuration file (a bad line is
 * reported and skipped, never fatal), opens the cache and hands over to
 * src/ui/.
 */
#include <getopt.h>
#include <langinfo.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"
#include "config/config.h"
#include "config/feeds.h"
#include "config/paths.h"
#include "store/db.h"
#include "ui/ui.h"
#include "util/xmalloc.h"

/* Start the reader on the cache; the exit status. */
int
cmd_tui(int argc, char **argv)
{
	struct config	 cfg;
	struct paths	 p;
	struct store	*st;
	char		*cause = NULL, *dir, *copy;
	int		 rc, created = 0;

	if (argc > 1) {
		fprintf(stderr, "khabar tui: no arguments expected\n");
		cmd_usage_hint("tui");
		return EXIT_USAGE;
	}
	(void)argv;
	if (strcasecmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		fprintf(stderr, "khabar: the locale's character set is %s, not "
		    "UTF-8, and there is no C.UTF-8 locale to fall back on.\n"
		    "Set LANG to a UTF-8 locale (see `locale -a'), for "
		    "instance LANG=en_US.UTF-8, or install the locales "
		    "package.\n", nl_langinfo(CODESET));
		return 1;
	}
	if (paths_init(&p, &cause) == -1) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
		return 1;
	}
	/* The first start writes the default feeds file (welcome feed first)
	 * and fetches it, so there is something to read at once. */
	if (feeds_ensure(&p, &created, &cause) == -1) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
		cause = NULL;
	}
	config_init(&cfg);
	config_load(&cfg, p.config, cmd_globals.config != NULL);
	if (paths_mkparent(p.cache, &cause) == -1 ||
	    (st = store_open(p.cache, &cause)) == NULL) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
		config_free(&cfg);
		paths_free(&p);
		return 1;
	}
	/* User themes: beside the configuration file. */
	if (p.config_dir != NULL)
		dir = xstrdup(p.config_dir);
	else {
		copy = xstrdup(p.config);
		dir = xstrdup(dirname(copy));
		free(copy);
	}
	rc = ui_run(&cfg, st, p.cache, p.feeds, dir, created);
	free(dir);
	store_close(st);
	config_free(&cfg);
	paths_free(&p);
	return rc;
}
