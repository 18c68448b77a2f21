/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar parse': read one feed and print it as JSON, the test surface of
 * src/feed/.  The items arrive before the feed's metadata (see feed.h), and
 * a big feed must not be held in memory, so each item is printed as it
 * comes into a temporary file; the feed object is printed at the end with
 * the items copied in at its "items" key.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "feed/date.h"
#include "feed/feed.h"
#include "feed/parse.h"
#include "net/fetch.h"

#define PARSE_JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER)

struct parse_out {
	FILE	*items;		/* the items printed so far */
	size_t	 nitems;
	int	 error;
};

static json_t	*parse_json_date(int64_t);
static int	 parse_put_item(void *, const struct item *);
static int	 parse_put_feed(void *, const struct feed *);
static int	 parse_write_indented(FILE *, const char *, const char *);
static int	 parse_from_url(const char *, struct parse_opts *,
		    const struct feed_sink *, struct parse_out *);

static json_t *
parse_json_date(int64_t t)
{
	char	buf[32];

	if (t == FEED_NO_DATE)
		return json_null();
	date_format_rfc3339(t, buf);
	return json_string(buf);
}

/* Write text with prefix before each line. */
static int
parse_write_indented(FILE *f, const char *prefix, const char *text)
{
	const char	*nl;

	while (*text != '\0') {
		nl = strchr(text, '\n');
		if (fputs(prefix, f) == EOF)
			return -1;
		if (nl == NULL)
			return fputs(text, f) == EOF ? -1 : 0;
		if (fwrite(text, 1, nl - text + 1, f) != (size_t)(nl - text + 1))
			return -1;
		text = nl + 1;
	}
	return 0;
}

static int
parse_put_item(void *arg, const struct item *it)
{
	struct parse_out	*out = arg;
	json_t			*o, *a, *l;
	const char		*type;
	char			*s;
	size_t			 i;

	o = json_object();
	json_object_set_new(o, "id", cmd_json_str(it->id));
	json_object_set_new(o, "title", cmd_json_str(it->title));
	json_object_set_new(o, "link", cmd_json_str(it->link));
	json_object_set_new(o, "author", cmd_json_str(it->author));
	json_object_set_new(o, "published", parse_json_date(it->published));
	json_object_set_new(o, "updated", parse_json_date(it->updated));
	json_object_set_new(o, "summary", cmd_json_str(it->summary));
	json_object_set_new(o, "content", cmd_json_str(it->content));
	type = feed_type_name(it->content != NULL ? it->content_type :
	    it->summary != NULL ? it->summary_type : FEED_TYPE_NONE);
	json_object_set_new(o, "content_type", cmd_json_str(type));
	a = json_array();
	for (i = 0; i < it->ncategories; i++)
		json_array_append_new(a, cmd_json_str(it->categories[i]));
	json_object_set_new(o, "categories", a);
	a = json_array();
	for (i = 0; i < it->nlinks; i++) {
		l = json_object();
		json_object_set_new(l, "href", cmd_json_str(it->links[i].href));
		json_object_set_new(l, "rel", cmd_json_str(it->links[i].rel));
		json_object_set_new(l, "type", cmd_json_str(it->links[i].type));
		json_object_set_new(l, "title",
		    cmd_json_str(it->links[i].title));
		json_array_append_new(a, l);
	}
	json_object_set_new(o, "links", a);
	a = json_array();
	for (i = 0; i < it->nenclosures; i++) {
		l = json_object();
		json_object_set_new(l, "url",
		    cmd_json_str(it->enclosures[i].url));
		json_object_set_new(l, "type",
		    cmd_json_str(it->enclosures[i].type));
		json_object_set_new(l, "length",
		    it->enclosures[i].length == FEED_NO_LENGTH ? json_null() :
		    json_integer(it->enclosures[i].length));
		json_array_append_new(a, l);
	}
	json_object_set_new(o, "enclosures", a);

	s = json_dumps(o, PARSE_JSON_FLAGS);
	json_decref(o);
	if (s == NULL)
		return -1;
	if ((out->nitems > 0 && fputs(",\n", out->items) == EOF) ||
	    parse_write_indented(out->items, "    ", s) == -1)
		out->error = errno != 0 ? errno : EIO;
	free(s);
	out->nitems++;
	return out->error != 0;
}

static int
parse_put_feed(void *arg, const struct feed *f)
{
	struct parse_out	*out = arg;
	json_t			*o, *a;
	char			*s, buf[8192];
	size_t			 i, n, len;

	o = json_object();
	json_object_set_new(o, "format",
	    cmd_json_str(feed_format_name(f->format)));
	json_object_set_new(o, "title", cmd_json_str(f->title));
	json_object_set_new(o, "link", cmd_json_str(f->link));
	json_object_set_new(o, "description", cmd_json_str(f->description));
	json_object_set_new(o, "language", cmd_json_str(f->language));
	json_object_set_new(o, "updated", parse_json_date(f->updated));
	json_object_set_new(o, "author", cmd_json_str(f->author));
	json_object_set_new(o, "image", cmd_json_str(f->image));
	a = json_array();
	for (i = 0; i < f->nwarnings; i++)
		json_array_append_new(a, cmd_json_str(f->warnings[i]));
	json_object_set_new(o, "warnings", a);
	json_object_set_new(o, "items", json_array());
	s = json_dumps(o, PARSE_JSON_FLAGS);
	json_decref(o);
	if (s == NULL)
		return -1;
	len = strlen(s);
	if (out->nitems == 0) {
		printf("%s\n", s);
		free(s);
		return 0;
	}
	/* s ends with "[]\n}": open the array and copy the items in. */
	if (len < 4 || strcmp(s + len - 4, "[]\n}") != 0) {
		free(s);
		return -1;
	}
	s[len - 3] = '\0';
	printf("%s\n", s);
	free(s);
	rewind(out->items);
	while ((n = fread(buf, 1, sizeof buf, out->items)) > 0)
		fwrite(buf, 1, n, stdout);
	if (ferror(out->items))
		return -1;
	printf("\n  ]\n}\n");
	return 0;
}

/*
 * Fetch url and parse what came back.  The final URL (after redirects) is
 * the base for relative links and the HTTP charset the encoding hint,
 * unless the command line gave them.
 */
static int
parse_from_url(const char *url, struct parse_opts *opts,
    const struct feed_sink *sink, struct parse_out *out)
{
	struct fetch_result	 res;
	char			*cause = NULL;
	int			 rc;

	if (fetch_url(url, NULL, &res) == -1 || res.status != FETCH_OK) {
		fprintf(stderr, "khabar parse: %s: %s\n", url, res.message != NULL ?
		    res.message : fetch_status_name(res.status));
		fetch_result_free(&res);
		return -1;
	}
	if (opts->base_url == NULL)
		opts->base_url = res.final_url != NULL ? res.final_url : url;
	if (opts->charset == NULL)
		opts->charset = res.charset;
	rc = parse_mem(res.body.data, res.body.len, opts, sink, out, &cause);
	if (rc == -1)
		fprintf(stderr, "khabar parse: %s: %s\n", url, out->error != 0 ?
		    strerror(out->error) : cause != NULL ? cause : "cannot parse");
	free(cause);
	fetch_result_free(&res);
	return rc;
}

int
cmd_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "base-url",	required_argument,	NULL, 'b' },
		{ "charset",	required_argument,	NULL, 'c' },
		{ NULL,		0,			NULL, 0 }
	};
	static const struct feed_sink sink = { parse_put_feed, parse_put_item,
	    NULL };
	struct parse_opts	 opts = { NULL, NULL, 0 };
	struct parse_out	 out = { NULL, 0, 0 };
	const char		*path, *name;
	char			*cause = NULL;
	int			 ch, fd = STDIN_FILENO, rc;

	while ((ch = getopt_long(argc, argv, "b:c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			opts.base_url = optarg;
			break;
		case 'c':
			opts.charset = optarg;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1) {
		fprintf(stderr, "khabar parse: one FILE (or -) is needed\n");
		goto usage;
	}
	path = argv[0];
	if ((out.items = tmpfile()) == NULL) {
		fprintf(stderr, "khabar parse: temporary file: %s\n",
		    strerror(errno));
		return 1;
	}
	if (strstr(path, "://") != NULL) {
		rc = parse_from_url(path, &opts, &sink, &out);
		fclose(out.items);
		if (fflush(stdout) == EOF)
			return 1;
		return rc == -1 ? 1 : 0;
	}
	name = strcmp(path, "-") == 0 ? "standard input" : path;
	if (strcmp(path, "-") != 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "khabar parse: %s: %s\n", path, strerror(errno));
		fclose(out.items);
		return 1;
	}
	rc = parse_fd(fd, &opts, &sink, &out, &cause);
	if (rc == -1) {
		if (out.error != 0)
			fprintf(stderr, "khabar parse: %s: %s\n", name,
			    strerror(out.error));
		else
			fprintf(stderr, "khabar parse: %s: %s\n", name,
			    cause != NULL ? cause : "cannot parse");
	}
	free(cause);
	fclose(out.items);
	if (fd != STDIN_FILENO)
		close(fd);
	if (fflush(stdout) == EOF)
		return 1;
	return rc == -1 ? 1 : 0;

usage:
	cmd_usage_hint("parse");
	return EXIT_USAGE;
}
