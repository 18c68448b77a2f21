/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar list', `khabar search' and `khabar mark-read': the cache from
 * the command line.  list and search read a struct store_rows (light rows,
 * newest or best first) and print one line per item, or a JSON array whose
 * objects also carry the link, read with store_item_get().  Text from
 * feeds reaches the terminal only through cmd_puts_clean(), which turns
 * control characters, escape sequences, bidi embedding controls and
 * malformed UTF-8 into something harmless.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "config/paths.h"
#include "feed/date.h"
#include "store/db.h"
#include "store/items.h"
#include "store/search.h"
#include "text/layout.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define ITEMS_LIMIT_MAX		100000000L

struct items_args {
	int		 unread;
	int		 starred;
	int		 json;
	int		 all;
	size_t		 limit;
	const char	*feed;
};

static int	items_open(const char *, struct paths *, struct store **,
		    int);
static int	items_print(struct store *, const struct store_rows *, int);
static int	items_print_json(struct store *, const struct store_rows *);
static void	items_print_field(const char *, int);
static int	items_parse_limit(const char *, const char *, size_t *);
static int	items_clean_cp(uint32_t);

/* Whether c may be printed as it is: no control or bidi override. */
static int
items_clean_cp(uint32_t c)
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
		return 0;
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return 0;
	if (c == 0xfeff || c == 0xfffe || c == 0xffff)
		return 0;
	return 1;
}

/* Print s with what must not reach a terminal replaced by U+FFFD. */
void
cmd_puts_clean(FILE *f, const char *s)
{
	struct buf	b;
	char		enc[4];
	uint32_t	c;
	size_t		len, i, n;

	memset(&b, 0, sizeof b);
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (c == '\t' || c == '\n' || c == '\r')
			buf_addc(&b, ' ');
		else if (!items_clean_cp(c))
			buf_add(&b, enc, utf8_encode(UTF8_REPLACEMENT, enc));
		else
			buf_add(&b, s + i, n);
	}
	if (b.len > 0)
		fwrite(b.data, 1, b.len, f);
	buf_free(&b);
}

/* Parse a --limit value into *n. */
static int
items_parse_limit(const char *cmd, const char *s, size_t *n)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 ||
	    v > ITEMS_LIMIT_MAX) {
		fprintf(stderr, "khabar %s: --limit takes a number from 1 "
		    "to %ld, not %s\n", cmd, ITEMS_LIMIT_MAX, s);
		return -1;
	}
	*n = (size_t)v;
	return 0;
}

/*
 * Open the cache; 1 when it does not exist yet and create is not set (the
 * caller has nothing to read), 0 when open, -1 after printing the error.
 */
static int
items_open(const char *cmd, struct paths *paths, struct store **st,
    int create)
{
	char	*cause = NULL;

	*st = NULL;
	memset(paths, 0, sizeof *paths);
	if (paths_init(paths, &cause) != 0) {
		fprintf(stderr, "khabar %s: %s\n", cmd, cause);
		free(cause);
		return -1;
	}
	if (!create && access(paths->cache, F_OK) != 0 && errno == ENOENT)
		return 1;
	if (paths_mkparent(paths->cache, &cause) != 0 ||
	    (*st = store_open(paths->cache, &cause)) == NULL) {
		if (strstr(cause, paths->cache) != NULL)
			fprintf(stderr, "khabar %s: %s\n", cmd, cause);
		else
			fprintf(stderr, "khabar %s: %s: %s\n", cmd,
			    paths->cache, cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Print rows as lines: date, marks, feed title, title. */
static int
items_print(struct store *st, const struct store_rows *rows, int json)
{
	const struct store_row	*row;
	struct tm		 tm;
	time_t			 t;
	char			 date[32];
	size_t			 i;
	int			 tty = isatty(STDOUT_FILENO);

	if (json)
		return items_print_json(st, rows);
	for (i = 0; i < rows->n; i++) {
		row = &rows->v[i];
		t = (time_t)row->date;
		if (row->date == FEED_NO_DATE || localtime_r(&t, &tm) == NULL ||
		    strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm) == 0)
			strcpy(date, "----------------");
		printf("%s %c%c ", date, row->unread ? 'N' : ' ',
		    row->starred ? '*' : ' ');
		items_print_field(row->feed_title != NULL ? row->feed_title :
		    "", tty);
		fputs("  ", stdout);
		items_print_field(row->title != NULL ? row->title :
		    "(untitled)", tty);
		putchar('\n');
	}
	return fflush(stdout) == 0 ? 0 : -1;
}

/*
 * Print one field of a `list' or `search' line.  A terminal gets it laid
 * out on its own, as the reader's columns are (an Arabic title reordered
 * and shaped in its own direction); a pipe gets the cleaned logical text,
 * which is what other programs want.
 */
static void
items_print_field(const char *s, int tty)
{
	struct layout	 lay = { 0 };
	struct buf	 b = { 0 };
	struct para	*p;
	size_t		 r;

	if (!tty) {
		cmd_puts_clean(stdout, s);
		return;
	}
	p = para_new(s, strlen(s), NULL, NULL);
	layout_wrap(p, 0, &lay);
	for (r = 0; r < lay.nrows; r++) {
		if (r > 0)
			buf_addc(&b, ' ');
		layout_row_utf8(&lay.rows[r], &b);
	}
	if (b.len > 0)
		fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	layout_free(&lay);
	para_free(p);
}

/* Print rows as a JSON array, one object a line. */
static int
items_print_json(struct store *st, const struct store_rows *rows)
{
	const struct store_row	*row;
	struct store_item	*si;
	json_t			*o;
	char			*s, *cause = NULL, date[32];
	size_t			 i;
	int64_t			 pub;

	fputs("[", stdout);
	for (i = 0; i < rows->n; i++) {
		row = &rows->v[i];
		si = NULL;
		if (store_item_get(st, row->id, &si, &cause) < 0) {
			fprintf(stderr, "khabar: %s\n", cause);
			free(cause);
			return -1;
		}
		pub = row->date;
		if (si != NULL && si->item.published != FEED_NO_DATE)
			pub = si->item.published;
		o = json_object();
		json_object_set_new(o, "id", json_integer(row->id));
		json_object_set_new(o, "feed", cmd_json_str(row->feed_title));
		json_object_set_new(o, "title", cmd_json_str(row->title));
		json_object_set_new(o, "link", cmd_json_str(si != NULL ?
		    si->item.link : NULL));
		if (pub == FEED_NO_DATE)
			json_object_set_new(o, "published", json_null());
		else {
			date_format_rfc3339(pub, date);
			json_object_set_new(o, "published", json_string(date));
		}
		json_object_set_new(o, "unread", json_boolean(row->unread));
		json_object_set_new(o, "starred", json_boolean(row->starred));
		store_item_free(si);
		s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
		json_decref(o);
		printf("%s\n%s", i == 0 ? "" : ",", s != NULL ? s : "{}");
		free(s);
	}
	fputs(rows->n > 0 ? "\n]\n" : "]\n", stdout);
	return fflush(stdout) == 0 ? 0 : -1;
}

int
cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unread",	no_argument,		NULL, 'u' },
		{ "starred",	no_argument,		NULL, 's' },
		{ "feed",	required_argument,	NULL, 'F' },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "json",	no_argument,		NULL, 'j' },
		{ NULL,		0,			NULL, 0 }
	};
	struct items_args	 a;
	struct store_filter	 filter;
	struct store_feed	 sf;
	struct store_rows	 rows;
	struct paths		 paths;
	struct store		*st;
	char			*cause = NULL;
	int			 ch, found, rc = 1;

	memset(&a, 0, sizeof a);
	/* 0, not 1: glibc then forgets main's "+" and permutes. */
	while ((ch = getopt_long(argc, argv, "usF:n:j", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'u':
			a.unread = 1;
			break;
		case 's':
			a.starred = 1;
			break;
		case 'F':
			a.feed = optarg;
			break;
		case 'n':
			if (items_parse_limit("list", optarg, &a.limit) != 0)
				return EXIT_USAGE;
			break;
		case 'j':
			a.json = 1;
			break;
		default:
			cmd_usage_hint("list");
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cmd_usage_hint("list");
		return EXIT_USAGE;
	}

	memset(&rows, 0, sizeof rows);
	memset(&filter, 0, sizeof filter);
	switch (items_open("list", &paths, &st, 0)) {
	case -1:
		goto out;
	case 1:
		if (a.feed != NULL) {
			fputs("khabar list: ", stderr);
			cmd_puts_clean(stderr, a.feed);
			fprintf(stderr, ": not in the cache %s\n", paths.cache);
			goto out;
		}
		rc = items_print(NULL, &rows, a.json) == 0 ? 0 : 1;
		goto out;
	}
	filter.unread = a.unread;
	filter.starred = a.starred;
	if (a.feed != NULL) {
		memset(&sf, 0, sizeof sf);
		found = store_feed_find(st, a.feed, &sf, &cause);
		if (found < 0) {
			fprintf(stderr, "khabar list: %s\n", cause);
			goto out;
		}
		if (found == 0) {
			fputs("khabar list: ", stderr);
			cmd_puts_clean(stderr, a.feed);
			fprintf(stderr, ": not in the cache %s\n", paths.cache);
			goto out;
		}
		filter.feed_id = sf.id;
		store_feed_clear(&sf);
	}
	if (store_items_query(st, &filter, 0, a.limit, &rows, &cause) != 0) {
		fprintf(stderr, "khabar list: %s\n", cause);
		goto out;
	}
	rc = items_print(st, &rows, a.json) == 0 ? 0 : 1;

out:
	store_rows_free(&rows);
	store_close(st);
	paths_free(&paths);
	free(cause);
	return rc;
}

int
cmd_search(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "limit",	required_argument,	NULL, 'n' },
		{ "json",	no_argument,		NULL, 'j' },
		{ NULL,		0,			NULL, 0 }
	};
	struct items_args	 a;
	struct store_rows	 rows;
	struct paths		 paths;
	struct store		*st;
	struct buf		 q;
	char			*cause = NULL;
	int			 ch, i, rc = 1;

	memset(&a, 0, sizeof a);
	/* 0, not 1: glibc then forgets main's "+" and permutes. */
	while ((ch = getopt_long(argc, argv, "n:j", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (items_parse_limit("search", optarg, &a.limit) != 0)
				return EXIT_USAGE;
			break;
		case 'j':
			a.json = 1;
			break;
		default:
			cmd_usage_hint("search");
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cmd_usage_hint("search");
		return EXIT_USAGE;
	}
	/* Several arguments are one query: khabar search word1 word2. */
	memset(&q, 0, sizeof q);
	for (i = optind; i < argc; i++) {
		if (i > optind)
			buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}

	memset(&rows, 0, sizeof rows);
	switch (items_open("search", &paths, &st, 0)) {
	case -1:
		goto out;
	case 1:
		rc = items_print(NULL, &rows, a.json) == 0 ? 0 : 1;
		goto out;
	}
	if (store_search(st, q.data, 0, a.limit, &rows, &cause) != 0) {
		fprintf(stderr, "khabar search: %s\n", cause);
		goto out;
	}
	rc = items_print(st, &rows, a.json) == 0 ? 0 : 1;

out:
	buf_free(&q);
	store_rows_free(&rows);
	store_close(st);
	paths_free(&paths);
	free(cause);
	return rc;
}

int
cmd_mark_read(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "feed",	required_argument,	NULL, 'F' },
		{ "all",	no_argument,		NULL, 'a' },
		{ NULL,		0,			NULL, 0 }
	};
	struct items_args	 a;
	struct store_feed	 sf;
	struct paths		 paths;
	struct store		*st;
	char			*cause = NULL;
	int			 ch, found, rc = 1;

	memset(&a, 0, sizeof a);
	/* 0, not 1: glibc then forgets main's "+" and permutes. */
	while ((ch = getopt_long(argc, argv, "F:a", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			a.feed = optarg;
			break;
		case 'a':
			a.all = 1;
			break;
		default:
			cmd_usage_hint("mark-read");
			return EXIT_USAGE;
		}
	}
	if (optind != argc || (a.feed == NULL) == (a.all == 0)) {
		if (optind == argc)
			fprintf(stderr, "khabar mark-read: give either "
			    "--feed URL or --all\n");
		cmd_usage_hint("mark-read");
		return EXIT_USAGE;
	}

	switch (items_open("mark-read", &paths, &st, 0)) {
	case -1:
		goto out;
	case 1:
		if (a.all) {
			rc = 0;		/* no cache, nothing unread */
			goto out;
		}
		fputs("khabar mark-read: ", stderr);
		cmd_puts_clean(stderr, a.feed);
		fprintf(stderr, ": not in the cache %s\n", paths.cache);
		goto out;
	}
	if (a.all) {
		if (store_mark_read(st, STORE_ALL, 0, 1, &cause) != 0) {
			fprintf(stderr, "khabar mark-read: %s\n", cause);
			goto out;
		}
		rc = 0;
		goto out;
	}
	memset(&sf, 0, sizeof sf);
	if ((found = store_feed_find(st, a.feed, &sf, &cause)) < 0) {
		fprintf(stderr, "khabar mark-read: %s\n", cause);
		goto out;
	}
	if (found == 0) {
		fputs("khabar mark-read: ", stderr);
		cmd_puts_clean(stderr, a.feed);
		fprintf(stderr, ": not in the cache %s\n", paths.cache);
		goto out;
	}
	if (store_mark_read(st, STORE_FEED, sf.id, 1, &cause) != 0)
		fprintf(stderr, "khabar mark-read: %s\n", cause);
	else
		rc = 0;
	store_feed_clear(&sf);

out:
	store_close(st);
	paths_free(&paths);
	free(cause);
	return rc;
}
