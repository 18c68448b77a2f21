/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar refresh': fetch the feeds of the feeds file (or the ones named)
 * into the cache with the refresh engine.  On a terminal a one-line
 * progress display is redrawn in place on stderr ("\r", the line, then
 * clear-to-eol, nothing else); at the end a summary and each failure.  When
 * stderr is not a terminal only the failures are printed, for cron.  The
 * state of the display is a struct refresh_ui: the stream and the width of
 * the line last drawn.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "config/config.h"
#include "config/feeds.h"
#include "config/paths.h"
#include "net/fetch.h"
#include "refresh/refresh.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define REFRESH_JOBS_MAX	256

struct refresh_ui {
	FILE	*out;
	int	 tty;
	int	 drawn;		/* a progress line is on the screen */
};

static void	refresh_ui_progress(void *, const struct refresh_progress *);
static int	refresh_summary(struct refresh_ui *, struct refresh *);
static const char *refresh_feeds(struct refresh *,
		    const struct feeds_list *, int, char **);
static void	refresh_fatal(const char *, const char *);

/* Draw "refreshing: done/total feeds, N errors" over the previous line. */
static void
refresh_ui_progress(void *arg, const struct refresh_progress *p)
{
	struct refresh_ui	*ui = arg;

	if (!ui->tty)
		return;
	fprintf(ui->out, "\rrefreshing: %zu/%zu feeds", p->done, p->total);
	if (p->errors > 0)
		fprintf(ui->out, ", %zu error%s", p->errors,
		    p->errors == 1 ? "" : "s");
	fputs("\033[K", ui->out);
	fflush(ui->out);
	ui->drawn = 1;
}

/* Print the summary and the failures; return the exit status. */
static int
refresh_summary(struct refresh_ui *ui, struct refresh *r)
{
	const struct refresh_feed	*f;
	struct refresh_progress		 p;
	size_t				 i, updated;
	const char			*prefix;

	refresh_get_progress(r, &p);
	if (ui->drawn)
		fputs("\r\033[K", ui->out);
	updated = p.done - p.errors - p.unchanged;
	if (ui->tty) {
		fprintf(ui->out, "%zu feed%s: %zu updated, %zu unchanged, "
		    "%zu failed", p.total, p.total == 1 ? "" : "s", updated,
		    p.unchanged, p.errors);
		if (refresh_pruned(r) > 0)
			fprintf(ui->out, "; %zu old items removed",
			    refresh_pruned(r));
		fputc('\n', ui->out);
	}
	prefix = ui->tty ? "  " : "khabar: ";
	for (i = 0; i < refresh_count(r); i++) {
		f = refresh_feed(r, i);
		if (f->state == REFRESH_FAILED) {
			fputs(prefix, ui->out);
			cmd_puts_clean(ui->out, f->url);
			fputs(": ", ui->out);
			cmd_puts_clean(ui->out, f->error != NULL ? f->error :
			    "failed");
			fputc('\n', ui->out);
		}
		if (f->moved_to != NULL) {
			fputs(prefix, ui->out);
			cmd_puts_clean(ui->out, f->url);
			fputs(": moved permanently to ", ui->out);
			cmd_puts_clean(ui->out, f->moved_to);
			fputs("; update the feeds file\n", ui->out);
		}
	}
	fflush(ui->out);
	if (refresh_prune_error(r) != NULL) {
		fprintf(stderr, "khabar: removing old items: %s\n",
		    refresh_prune_error(r));
		return 1;
	}
	return p.errors > 0 ? 3 : 0;
}

/*
 * Add the feeds to refresh: those named in argv, else all of them; return
 * the first argument that is not in the list, or NULL.
 */
static const char *
refresh_feeds(struct refresh *r, const struct feeds_list *list, int argc,
    char **argv)
{
	const struct feeds_entry	*e;
	char				*tags;
	size_t				 i;
	int				 a;

	if (argc == 0) {
		for (i = 0; i < list->n; i++) {
			e = &list->v[i];
			tags = feeds_tags_format(e);
			refresh_add(r, e->url, e->title, tags);
			free(tags);
		}
		return NULL;
	}
	for (a = 0; a < argc; a++) {
		if ((e = feeds_find(list, argv[a])) == NULL)
			return argv[a];
	}
	for (a = 0; a < argc; a++) {
		e = feeds_find(list, argv[a]);
		tags = feeds_tags_format(e);
		refresh_add(r, e->url, e->title, tags);
		free(tags);
	}
	return NULL;
}

/* Print a fatal error, naming file unless the message already does. */
static void
refresh_fatal(const char *file, const char *cause)
{
	if (file != NULL && strstr(cause, file) == NULL)
		fprintf(stderr, "khabar: %s: %s\n", file, cause);
	else
		fprintf(stderr, "khabar: %s\n", cause);
}

int
cmd_refresh(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "jobs",	required_argument,	NULL, 'j' },
		{ NULL,		0,			NULL, 0 }
	};
	struct paths		 paths;
	struct feeds_list	 list;
	struct refresh_opts	 opts;
	struct refresh_ui	 ui;
	struct config		 cfg;
	struct refresh		*r = NULL;
	struct store		*st = NULL;
	char			*cause = NULL, *end;
	const char		*bad;
	size_t			 i;
	long			 n;
	int			 ch, created, rc = 1;

	refresh_opts_default(&opts);
	/* 0, not 1: glibc then forgets main's "+" and permutes. */
	while ((ch = getopt_long(argc, argv, "j:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    n < 1 || n > REFRESH_JOBS_MAX) {
				fprintf(stderr, "khabar refresh: --jobs takes "
				    "1 to %d, not %s\n", REFRESH_JOBS_MAX,
				    optarg);
				return EXIT_USAGE;
			}
			opts.jobs = (int)n;
			if (opts.per_host > opts.jobs)
				opts.per_host = opts.jobs;
			break;
		default:
			cmd_usage_hint("refresh");
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	/* libcurl loads while the feeds and the cache are opened. */
	fetch_preload();
	memset(&paths, 0, sizeof paths);
	memset(&list, 0, sizeof list);
	if (paths_init(&paths, &cause) != 0) {
		refresh_fatal(NULL, cause);
		goto out;
	}
	if (paths_mkdirs(&paths, &cause) != 0 ||
	    feeds_ensure(&paths, &created, &cause) != 0) {
		refresh_fatal(NULL, cause);
		goto out;
	}
	if (feeds_load(paths.feeds, 0, &list, &cause) != 0) {
		refresh_fatal(paths.feeds, cause);
		goto out;
	}
	if (created && isatty(STDERR_FILENO))
		fprintf(stderr, "khabar: created %s\n", paths.feeds);
	/* The retention settings; a bad line is said and skipped. */
	config_init(&cfg);
	config_load(&cfg, paths.config, cmd_globals.config != NULL);
	for (i = 0; i < cfg.nerrors; i++) {
		fputs("khabar: ", stderr);
		cmd_puts_clean(stderr, cfg.errors[i]);
		fputc('\n', stderr);
	}
	opts.keep_days = cfg.keep_days;
	opts.keep_per_feed = cfg.keep_per_feed;
	config_free(&cfg);
	for (i = 0; i < list.nwarnings; i++) {
		fputs("khabar: ", stderr);
		cmd_puts_clean(stderr, list.warnings[i]);
		fputc('\n', stderr);
	}
	if ((st = store_open(paths.cache, &cause)) == NULL) {
		refresh_fatal(paths.cache, cause);
		goto out;
	}

	memset(&ui, 0, sizeof ui);
	ui.out = stderr;
	ui.tty = isatty(STDERR_FILENO);
	opts.progress = refresh_ui_progress;
	opts.arg = &ui;
	r = refresh_new(st, &opts);
	if ((bad = refresh_feeds(r, &list, argc, argv)) != NULL) {
		fputs("khabar: ", stderr);
		cmd_puts_clean(stderr, bad);
		fprintf(stderr, ": not in %s\n", paths.feeds);
		goto out;
	}
	if (refresh_run(r, &cause) != 0) {
		if (ui.drawn)
			fputs("\r\033[K", stderr);
		refresh_fatal(paths.cache, cause);
		goto out;
	}
	rc = refresh_summary(&ui, r);

out:
	refresh_free(r);
	store_close(st);
	feeds_free(&list);
	paths_free(&paths);
	free(cause);
	fetch_preload_end();
	return rc;
}
