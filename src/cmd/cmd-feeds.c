/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar add', `khabar import' and `khabar export': the subcommands that
 * edit or dump the feeds file.  Each works on the file paths_init() names,
 * creating it from the curated default list on first use (see
 * feeds_ensure), and only ever appends to it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "config/feeds.h"
#include "config/opml.h"
#include "config/paths.h"
#include "store/db.h"
#include "util/xmalloc.h"

static int	feeds_cmd_open(struct paths *, int, struct feeds_list *);
static void	feeds_cmd_warnings(char **, size_t);
static int	feeds_cmd_noopts(int, char **, const char *);

static void
feeds_cmd_warnings(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		fprintf(stderr, "khabar: %s\n", v[i]);
}

/*
 * Find the files and load the feeds file; with create, make it first
 * (from the defaults when it is the default file).  Print any warnings.
 */
static int
feeds_cmd_open(struct paths *p, int create, struct feeds_list *list)
{
	char	*cause = NULL;
	int	 created;

	memset(list, 0, sizeof *list);
	if (paths_init(p, &cause) != 0)
		goto fail;
	if (create) {
		if (feeds_ensure(p, &created, &cause) != 0)
			goto fail;
		if (created)
			fprintf(stderr, "khabar: created %s with the default "
			    "feeds\n", p->feeds);
	}
	if (feeds_load(p->feeds, create ? FEEDS_MISSING_OK : 0, list,
	    &cause) != 0)
		goto fail;
	feeds_cmd_warnings(list->warnings, list->nwarnings);
	return 0;

fail:
	fprintf(stderr, "khabar: %s\n", cause);
	free(cause);
	paths_free(p);
	return -1;
}

/* Refuse options; return the index of the first argument, or -1. */
static int
feeds_cmd_noopts(int argc, char **argv, const char *name)
{
	static const struct option longopts[] = {
		{ NULL,		0,		NULL, 0 }
	};

	if (getopt_long(argc, argv, "", longopts, NULL) != -1) {
		cmd_usage_hint(name);
		return -1;
	}
	return optind;
}

int
cmd_add(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "title",	required_argument,	NULL, 't' },
		{ NULL,		0,			NULL, 0 }
	};
	struct paths		 p;
	struct feeds_list	 list;
	struct feeds_entry	 e;
	const struct feeds_entry *dup;
	char			*cause, *title = NULL;
	int			 ch, i, rc = 1;

	while ((ch = getopt_long(argc, argv, "t:", longopts, NULL)) != -1) {
		if (ch != 't') {
			cmd_usage_hint("add");
			return EXIT_USAGE;
		}
		title = optarg;
	}
	if (optind >= argc) {
		cmd_usage_hint("add");
		return EXIT_USAGE;
	}
	if (feeds_check_url(argv[optind], &cause) != 0) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	memset(&e, 0, sizeof e);
	e.url = xstrdup(argv[optind]);
	for (i = optind + 1; i < argc; i++) {
		if (argv[i][0] == '~' && argv[i][1] != '\0') {
			free(e.title);
			e.title = xstrdup(argv[i] + 1);
		} else if (argv[i][0] == '!')
			e.hidden = 1;
		else
			feeds_entry_add_tag(&e, argv[i]);
	}
	if (title != NULL && *title != '\0') {
		free(e.title);
		e.title = xstrdup(title);
	}
	if (feeds_cmd_open(&p, 1, &list) != 0) {
		feeds_entry_clear(&e);
		return 1;
	}
	if ((dup = feeds_find(&list, e.url)) != NULL)
		fprintf(stderr, "khabar: %s is already in %s (line %zu)\n",
		    e.url, p.feeds, dup->line);
	else if (feeds_append(p.feeds, &e, 1, &cause) != 0) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
	} else {
		printf("added %s to %s\n", e.url, p.feeds);
		rc = 0;
	}
	feeds_entry_clear(&e);
	feeds_free(&list);
	paths_free(&p);
	return rc;
}

int
cmd_import(int argc, char **argv)
{
	struct paths		 p;
	struct feeds_list	 list;
	struct opml		 o;
	struct feeds_entry	*add;
	char			*cause;
	size_t			 i, nadd = 0, present = 0;
	int			 first, rc = 1;

	if ((first = feeds_cmd_noopts(argc, argv, "import")) == -1)
		return EXIT_USAGE;
	if (argc - first != 1) {
		cmd_usage_hint("import");
		return EXIT_USAGE;
	}
	if (opml_load(argv[first], &o, &cause) != 0) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
		return 1;
	}
	feeds_cmd_warnings(o.warnings, o.nwarnings);
	if (feeds_cmd_open(&p, 1, &list) != 0) {
		opml_free(&o);
		return 1;
	}
	/* Shallow copies: the strings stay o's. */
	add = xreallocarray(NULL, o.n + 1, sizeof *add);
	for (i = 0; i < o.n; i++) {
		if (feeds_find(&list, o.v[i].e.url) != NULL)
			present++;
		else
			add[nadd++] = o.v[i].e;
	}
	if (nadd > 0 && feeds_append(p.feeds, add, nadd, &cause) != 0) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
	} else {
		printf("imported %zu feed%s, %zu already present\n", nadd,
		    nadd == 1 ? "" : "s", present);
		rc = 0;
	}
	free(add);
	opml_free(&o);
	feeds_free(&list);
	paths_free(&p);
	return rc;
}

int
cmd_export(int argc, char **argv)
{
	struct paths		 p;
	struct feeds_list	 list;
	struct opml_feed	*v;
	struct store		*st = NULL;
	struct store_feed	 sf;
	struct stat		 sb;
	char			*cause, **owned;
	size_t			 i;
	int			 first, rc = 0;

	if ((first = feeds_cmd_noopts(argc, argv, "export")) == -1)
		return EXIT_USAGE;
	if (argc != first) {
		cmd_usage_hint("export");
		return EXIT_USAGE;
	}
	if (feeds_cmd_open(&p, 0, &list) != 0)
		return 1;
	/* Titles and site links come from the cache, when there is one. */
	if (stat(p.cache, &sb) == 0 &&
	    (st = store_open(p.cache, &cause)) == NULL) {
		fprintf(stderr, "khabar: warning: %s\n", cause);
		free(cause);
	}
	/* v borrows list's strings; what comes from the cache is owned. */
	v = xcalloc(list.n + 1, sizeof *v);
	owned = xcalloc(list.n + 1, sizeof *owned);
	for (i = 0; i < list.n; i++) {
		v[i].e = list.v[i];
		if (st == NULL)
			continue;
		switch (store_feed_find(st, list.v[i].url, &sf, &cause)) {
		case -1:
			fprintf(stderr, "khabar: warning: %s\n", cause);
			free(cause);
			break;
		case 1:
			if (v[i].e.title == NULL && sf.title != NULL &&
			    *sf.title != '\0') {
				v[i].e.title = owned[i] = sf.title;
				sf.title = NULL;
			}
			if (sf.link != NULL && *sf.link != '\0') {
				v[i].html_url = sf.link;
				sf.link = NULL;
			}
			store_feed_clear(&sf);
			break;
		}
	}
	if (opml_write(stdout, v, list.n, &cause) != 0) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
		rc = 1;
	}
	for (i = 0; i < list.n; i++) {
		free(owned[i]);
		free(v[i].html_url);
	}
	free(owned);
	free(v);
	store_close(st);
	feeds_free(&list);
	paths_free(&p);
	return rc;
}
