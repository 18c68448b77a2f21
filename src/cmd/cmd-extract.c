/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar extract': the article in a web page (a file, standard input, or
 * a URL fetched first), printed like html2text prints a page -- title,
 * byline and date, the body's blocks, the body's numbered links, then the
 * related articles numbered on from the last link -- or, with --json, as
 * one JSON object.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/blocks-print.h"
#include "cmd/cmd.h"
#include "feed/date.h"
#include "html/extract.h"
#include "html/text.h"
#include "net/fetch.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static int	 extract_read(const char *, struct buf *);
static json_t	*extract_json_str(const char *, size_t);
static json_t	*extract_json_block(const struct block *, char *);
static void	 extract_print_json(const struct extract *);
static void	 extract_print_text(const struct extract *, int);
static const char *extract_dir_name(enum text_dir);
static struct html_doc *extract_head(const struct extract *);
static void	 extract_print_related(struct blocks_out *,
		    const struct extract_link *, size_t);
static int	 extract_fetch(const char *, struct fetch_result *);

/* Read a file or standard input; -1 with errno set (EFBIG: too large). */
static int
extract_read(const char *path, struct buf *b)
{
	FILE	*f = stdin;
	int	 rc;

	if (strcmp(path, "-") != 0 && (f = fopen(path, "r")) == NULL)
		return -1;
	rc = buf_add_file(b, f, EXTRACT_MAX_SIZE);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static json_t *
extract_json_str(const char *s, size_t len)
{
	struct buf	 b = { 0 };
	json_t		*v;
	size_t		 i;

	if (s == NULL)
		return json_null();
	if ((v = json_stringn(s, len)) != NULL)
		return v;
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x80 && s[i] != '\0')
			buf_addc(&b, s[i]);
		else if ((unsigned char)s[i] >= 0x80)
			buf_adds(&b, "\xef\xbf\xbd");
	}
	v = json_stringn(b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return v != NULL ? v : json_string("");
}

static const char *
extract_dir_name(enum text_dir d)
{
	return d == TEXT_DIR_RTL ? "rtl" : d == TEXT_DIR_LTR ? "ltr" : "auto";
}

/* One block: kind, text and direction; level, marker, depths if set. */
static json_t *
extract_json_block(const struct block *b, char *plain)
{
	static const char *const kinds[] = { "paragraph", "heading",
	    "list-item", "pre", "table-row", "rule" };
	json_t	*o = json_object();

	json_object_set_new(o, "kind", json_string(kinds[b->kind]));
	json_object_set_new(o, "text", extract_json_str(plain,
	    strlen(plain)));
	json_object_set_new(o, "dir", json_string(extract_dir_name(b->dir)));
	if (b->kind == BLOCK_HEADING)
		json_object_set_new(o, "level", json_integer(b->level));
	if (b->marker[0] != '\0')
		json_object_set_new(o, "marker", json_string(b->marker));
	if (b->list > 0)
		json_object_set_new(o, "list", json_integer(b->list));
	if (b->quote > 0)
		json_object_set_new(o, "quote", json_integer(b->quote));
	return o;
}

static void
extract_print_json(const struct extract *ex)
{
	const struct html_doc	*d = ex->body;
	struct html_doc		 one;
	json_t			*o, *a, *l;
	char			*text, buf[32];
	size_t			 i;

	o = json_object();
	json_object_set_new(o, "title", ex->title != NULL ?
	    extract_json_str(ex->title, strlen(ex->title)) : json_null());
	json_object_set_new(o, "byline", ex->byline != NULL ?
	    extract_json_str(ex->byline, strlen(ex->byline)) : json_null());
	if (ex->has_published) {
		date_format_rfc3339(ex->published, buf);
		json_object_set_new(o, "published", json_string(buf));
	} else
		json_object_set_new(o, "published", json_null());
	json_object_set_new(o, "lang", ex->lang != NULL ?
	    extract_json_str(ex->lang, strlen(ex->lang)) : json_null());
	json_object_set_new(o, "dir", json_string(extract_dir_name(ex->dir)));
	text = extract_text(d);
	json_object_set_new(o, "text", extract_json_str(text, strlen(text)));
	free(text);
	a = json_array();
	memset(&one, 0, sizeof one);
	one.nblocks = 1;
	for (i = 0; i < d->nblocks; i++) {
		one.blocks = &d->blocks[i];
		text = extract_text(&one);
		json_array_append_new(a, extract_json_block(&d->blocks[i],
		    text));
		free(text);
	}
	json_object_set_new(o, "blocks", a);
	a = json_array();
	for (i = 0; i < d->nlinks; i++) {
		l = json_object();
		json_object_set_new(l, "href", extract_json_str(d->links[i].url,
		    strlen(d->links[i].url)));
		json_object_set_new(l, "title", d->links[i].title != NULL ?
		    extract_json_str(d->links[i].title,
		    strlen(d->links[i].title)) : json_null());
		json_array_append_new(a, l);
	}
	json_object_set_new(o, "links", a);
	a = json_array();
	for (i = 0; i < ex->nrelated; i++) {
		l = json_object();
		json_object_set_new(l, "href", extract_json_str(
		    ex->related[i].href, strlen(ex->related[i].href)));
		json_object_set_new(l, "title", extract_json_str(
		    ex->related[i].title, strlen(ex->related[i].title)));
		json_array_append_new(a, l);
	}
	json_object_set_new(o, "related", a);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
}

/* The title as a heading, then a line of byline and date, as blocks. */
static struct html_doc *
extract_head(const struct extract *ex)
{
	struct html_doc	*h = html_doc_new();
	struct block	*b;
	char		 date[32];

	if (ex->title != NULL &&
	    (b = html_doc_begin(h, BLOCK_HEADING, NULL)) != NULL) {
		b->level = 1;
		b->dir = ex->dir;
		html_doc_text(h, ex->title, strlen(ex->title), TEXT_HEADING |
		    TEXT_BOLD, 0);
	}
	if ((ex->byline != NULL || ex->has_published) &&
	    (b = html_doc_begin(h, BLOCK_PARA, NULL)) != NULL) {
		b->dir = ex->dir;
		if (ex->byline != NULL)
			html_doc_text(h, ex->byline, strlen(ex->byline),
			    TEXT_ITALIC, 0);
		if (ex->has_published) {
			date_format_rfc3339(ex->published, date);
			if (ex->byline != NULL)
				html_doc_text(h, " \xc2\xb7 ", 4,
				    TEXT_ITALIC, 0);
			html_doc_text(h, date, strlen(date), TEXT_ITALIC, 0);
		}
	}
	html_doc_end(h);
	return h;
}

static void
extract_print_text(const struct extract *ex, int width)
{
	struct blocks_out	*o = blocks_out_new(width);
	struct html_doc		*h = extract_head(ex);
	const struct html_doc	*d = ex->body;
	size_t			 i, n = 0;

	for (i = 0; i < h->nblocks; i++, n++) {
		if (n > 0)
			putchar('\n');
		blocks_print(o, &h->blocks[i]);
	}
	for (i = 0; i < d->nblocks; i++, n++) {
		if (n > 0 && (i == 0 || !d->blocks[i].tight))
			putchar('\n');
		blocks_print(o, &d->blocks[i]);
	}
	if (d->nlinks > 0) {
		printf("%sLinks:\n", n > 0 ? "\n" : "");
		for (i = 0; i < d->nlinks; i++) {
			printf("[%zu] ", i + 1);
			blocks_print_url(d->links[i].url);
			putchar('\n');
		}
		n++;
	}
	if (ex->nrelated > 0) {
		printf("%sRelated:\n", n > 0 ? "\n" : "");
		for (i = 0; i < ex->nrelated; i++)
			extract_print_related(o, &ex->related[i],
			    d->nlinks + i + 1);
	}
	html_doc_free(h);
	blocks_out_free(o);
}

/*
 * One related link: "[N] title" laid out as a paragraph, so that an Arabic
 * title reads right to left, and the URL under it on a line of its own,
 * where reordering cannot break it up.
 */
static void
extract_print_related(struct blocks_out *o, const struct extract_link *l,
    size_t n)
{
	struct html_doc	*d = html_doc_new();
	char		 num[32];

	snprintf(num, sizeof num, "[%zu] ", n);
	if (html_doc_begin(d, BLOCK_PARA, NULL) != NULL) {
		html_doc_text(d, num, strlen(num), 0, HTML_TEXT_GLUE);
		html_doc_text(d, l->title, strlen(l->title), 0, 0);
		html_doc_end(d);
		if (d->nblocks > 0)
			blocks_print(o, &d->blocks[0]);
	}
	fputs("    \xe2\x80\x94 ", stdout);
	blocks_print_url(l->href);
	putchar('\n');
	html_doc_free(d);
}

/* Fetch a URL; the body, its final URL and charset go to the caller. */
static int
extract_fetch(const char *url, struct fetch_result *res)
{
	struct fetch_opts	opts;

	fetch_opts_default(&opts);
	opts.max_size = EXTRACT_MAX_SIZE;
	if (fetch_url(url, &opts, res) == -1 || res->status != FETCH_OK) {
		fprintf(stderr, "khabar extract: %s: %s\n", url,
		    res->message != NULL ? res->message :
		    fetch_status_name(res->status));
		return -1;
	}
	return 0;
}

/* Print the article in a web page, its links and its related links. */
int
cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "url",	required_argument,	NULL, 'u' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "width",	required_argument,	NULL, 'w' },
		{ "charset",	required_argument,	NULL, 'c' },
		{ NULL,		0,			NULL, 0 }
	};
	struct fetch_result	 res;
	struct buf		 in = { 0 };
	struct extract		*ex;
	const char		*path, *name, *url = NULL, *charset = NULL;
	char			*cause = NULL;
	int			 ch, json = 0, width, fetched = 0;

	width = cmd_term_width();
	memset(&res, 0, sizeof res);
	while ((ch = getopt_long(argc, argv, "u:jw:c:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'u':
			url = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'w':
			if (cmd_parse_width(optarg, &width) == -1) {
				fprintf(stderr, "khabar extract: bad width: "
				    "%s\n", optarg);
				goto usage;
			}
			break;
		case 'c':
			charset = optarg;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1) {
		fprintf(stderr, "khabar extract: %s\n", argc == 0 ?
		    "no FILE or URL (use - for standard input)" :
		    "one FILE or URL at most");
		goto usage;
	}
	path = argv[0];
	name = strcmp(path, "-") == 0 ? "standard input" : path;
	if (strstr(path, "://") != NULL) {
		if (extract_fetch(path, &res) == -1) {
			fetch_result_free(&res);
			return 1;
		}
		fetched = 1;
		if (url == NULL)
			url = res.final_url != NULL ? res.final_url : path;
		if (charset == NULL)
			charset = res.charset;
		ex = extract_page(res.body.data != NULL ? res.body.data : "",
		    res.body.len, url, charset, &cause);
	} else if (extract_read(path, &in) == -1) {
		fprintf(stderr, "khabar extract: %s: %s\n", name,
		    errno == EFBIG ? "larger than 32 MiB" : strerror(errno));
		buf_free(&in);
		return 1;
	} else
		ex = extract_page(in.data != NULL ? in.data : "", in.len, url,
		    charset, &cause);
	buf_free(&in);
	if (ex == NULL) {
		fprintf(stderr, "khabar extract: %s: %s\n", name,
		    cause != NULL ? cause : "cannot extract");
		free(cause);
		if (fetched)
			fetch_result_free(&res);
		return 1;
	}
	if (json)
		extract_print_json(ex);
	else
		extract_print_text(ex, width);
	if (ex->truncated)
		fprintf(stderr, "khabar extract: warning: %s: too large, "
		    "output cut short\n", name);
	extract_free(ex);
	if (fetched)
		fetch_result_free(&res);
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "khabar extract: standard output: %s\n",
		    strerror(errno));
		return 1;
	}
	return 0;

usage:
	cmd_usage_hint("extract");
	return EXIT_USAGE;
}
