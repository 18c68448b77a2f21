/* khabar - ISC licence, see LICENSE. */
/*
 * Extracted articles to JSON and back (see artjson.h).  Decoding builds
 * the html_doc by hand, block by block, checking each field: the text
 * comes from the cache, which another program may have written.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "html/artjson.h"
#include "util/xmalloc.h"

#define ARTJSON_VERSION	1

static json_t	*artjson_str(const char *);
static json_t	*artjson_block(const struct block *);
static int	 artjson_pair(json_t *, const char *, const char *);
static char	*artjson_dup(json_t *, const char *);
static int	 artjson_int(json_t *, const char *, int, int);
static int	 artjson_read_block(struct block *, json_t *);
static int	 artjson_read_pair(json_t *, size_t, char **, char **);
static int	 artjson_links_ok(const struct html_doc *);

/* A string, or null; NULL when s is not UTF-8. */
static json_t *
artjson_str(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
artjson_block(const struct block *b)
{
	json_t		*o = json_object(), *runs = json_array(), *t;
	size_t		 i;

	if ((t = json_stringn(b->text != NULL ? b->text : "", b->len)) ==
	    NULL) {
		json_decref(o);
		json_decref(runs);
		return NULL;
	}
	json_object_set_new(o, "text", t);
	json_object_set_new(o, "kind", json_integer(b->kind));
	json_object_set_new(o, "level", json_integer(b->level));
	json_object_set_new(o, "dir", json_integer(b->dir));
	json_object_set_new(o, "indent", json_integer(b->indent));
	json_object_set_new(o, "quote", json_integer(b->quote));
	json_object_set_new(o, "list", json_integer(b->list));
	json_object_set_new(o, "tight", json_integer(b->tight));
	json_object_set_new(o, "marker", json_string(b->marker));
	json_object_set_new(o, "marker_cols", json_integer(b->marker_cols));
	for (i = 0; i < b->len && b->attr != NULL; i++)
		if (i == 0 ? b->attr[0] != 0 : b->attr[i] != b->attr[i - 1])
			json_array_append_new(runs, json_pack("[I,I]",
			    (json_int_t)i, (json_int_t)b->attr[i]));
	json_object_set_new(o, "attr", runs);
	return o;
}

/* Append the pair [url, title] to a; -1 when either is not UTF-8. */
static int
artjson_pair(json_t *a, const char *url, const char *title)
{
	json_t	*u = artjson_str(url), *t = artjson_str(title);

	if (u == NULL || t == NULL) {
		json_decref(u);
		json_decref(t);
		return -1;
	}
	json_array_append_new(a, json_pack("[oo]", u, t));
	return 0;
}

char *
artjson_encode(const struct extract *ex)
{
	const struct html_doc	*d = ex->body;
	json_t			*o, *a, *v;
	char			*s;
	size_t			 i;
	int			 bad = 0;

	o = json_object();
	json_object_set_new(o, "v", json_integer(ARTJSON_VERSION));
	if ((v = artjson_str(ex->title)) == NULL)
		bad = 1;
	json_object_set_new(o, "title", v != NULL ? v : json_null());
	if ((v = artjson_str(ex->byline)) == NULL)
		bad = 1;
	json_object_set_new(o, "byline", v != NULL ? v : json_null());
	json_object_set_new(o, "published", ex->has_published ?
	    json_integer(ex->published) : json_null());
	if ((v = artjson_str(ex->lang)) == NULL)
		bad = 1;
	json_object_set_new(o, "lang", v != NULL ? v : json_null());
	json_object_set_new(o, "dir", json_integer(ex->dir));
	a = json_array();
	for (i = 0; d != NULL && i < d->nblocks; i++) {
		if ((v = artjson_block(&d->blocks[i])) == NULL)
			bad = 1;
		else
			json_array_append_new(a, v);
	}
	json_object_set_new(o, "blocks", a);
	a = json_array();
	for (i = 0; d != NULL && i < d->nlinks; i++)
		if (artjson_pair(a, d->links[i].url, d->links[i].title) != 0)
			bad = 1;
	json_object_set_new(o, "links", a);
	a = json_array();
	for (i = 0; i < ex->nrelated; i++)
		if (artjson_pair(a, ex->related[i].href, ex->related[i].title) !=
		    0)
			bad = 1;
	json_object_set_new(o, "related", a);
	s = bad ? NULL : json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* A copy of string member key of o, or NULL when absent or not a string. */
static char *
artjson_dup(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* Integer member key of o, held to [min, max]; min when absent. */
static int
artjson_int(json_t *o, const char *key, int min, int max)
{
	json_t		*v = json_object_get(o, key);
	json_int_t	 n;

	if (!json_is_integer(v))
		return min;
	n = json_integer_value(v);
	return n < min ? min : n > max ? max : (int)n;
}

static int
artjson_read_block(struct block *b, json_t *o)
{
	json_t		*t = json_object_get(o, "text"), *runs, *r;
	const char	*m;
	size_t		 i, k, start, end;
	uint32_t	 word;

	if (!json_is_object(o) || !json_is_string(t))
		return -1;
	b->len = json_string_length(t);
	b->text = xmalloc(b->len + 1);
	memcpy(b->text, json_string_value(t), b->len);
	b->text[b->len] = '\0';
	b->attr = xcalloc(b->len + 1, sizeof *b->attr);
	b->cap = b->len + 1;
	b->kind = (enum block_kind)artjson_int(o, "kind", BLOCK_PARA,
	    BLOCK_RULE);
	b->level = artjson_int(o, "level", 0, 6);
	b->dir = (enum text_dir)artjson_int(o, "dir", TEXT_DIR_AUTO,
	    TEXT_DIR_RTL);
	b->indent = artjson_int(o, "indent", 0, 1000);
	b->quote = artjson_int(o, "quote", 0, HTML_MAX_DEPTH);
	b->list = artjson_int(o, "list", 0, HTML_MAX_DEPTH);
	b->tight = artjson_int(o, "tight", 0, 1);
	b->marker_cols = artjson_int(o, "marker_cols", 0, 16);
	if (json_is_string(t = json_object_get(o, "marker")) &&
	    json_string_length(t) < sizeof b->marker) {
		m = json_string_value(t);
		memcpy(b->marker, m, strlen(m) + 1);
	}
	runs = json_object_get(o, "attr");
	json_array_foreach(runs, i, r) {
		if (!json_is_integer(json_array_get(r, 0)) ||
		    !json_is_integer(json_array_get(r, 1)))
			return -1;
		start = (size_t)json_integer_value(json_array_get(r, 0));
		word = (uint32_t)json_integer_value(json_array_get(r, 1));
		if (json_integer_value(json_array_get(r, 0)) < 0 ||
		    start >= b->len || json_integer_value(json_array_get(r,
		    1)) != (json_int_t)word)
			return -1;
		end = i + 1 < json_array_size(runs) ? (size_t)
		    json_integer_value(json_array_get(json_array_get(runs,
		    i + 1), 0)) : b->len;
		for (k = start; k < end && k < b->len; k++)
			b->attr[k] = word;
	}
	return 0;
}

/* Read [url, title] pair i of a; -1 when it is not one. */
static int
artjson_read_pair(json_t *a, size_t i, char **url, char **title)
{
	json_t	*p = json_array_get(a, i);

	*url = *title = NULL;
	if (!json_is_string(json_array_get(p, 0)))
		return -1;
	*url = xstrdup(json_string_value(json_array_get(p, 0)));
	if (json_is_string(json_array_get(p, 1)))
		*title = xstrdup(json_string_value(json_array_get(p, 1)));
	return 0;
}

/* Whether every link number in the words of d names one of its links. */
static int
artjson_links_ok(const struct html_doc *d)
{
	size_t	i, k;

	for (i = 0; i < d->nblocks; i++)
		for (k = 0; k < d->blocks[i].len; k++)
			if (TEXT_LINK(d->blocks[i].attr[k]) > d->nlinks)
				return 0;
	return 1;
}

struct extract *
artjson_decode(const char *s, char **cause)
{
	struct extract	*ex;
	struct html_doc	*d;
	json_error_t	 err;
	json_t		*o, *a, *b, *v;
	size_t		 i, n;
	int		 bad = 0;

	if ((o = json_loads(s, 0, &err)) == NULL || !json_is_object(o) ||
	    artjson_int(o, "v", 0, 1000) != ARTJSON_VERSION) {
		xasprintf(cause, "stored article: %s", o == NULL ? err.text :
		    "not a version 1 article");
		json_decref(o);
		return NULL;
	}
	ex = xcalloc(1, sizeof *ex);
	ex->title = artjson_dup(o, "title");
	ex->byline = artjson_dup(o, "byline");
	ex->lang = artjson_dup(o, "lang");
	if (json_is_integer(v = json_object_get(o, "published"))) {
		ex->has_published = 1;
		ex->published = json_integer_value(v);
	}
	ex->dir = (enum text_dir)artjson_int(o, "dir", TEXT_DIR_AUTO,
	    TEXT_DIR_RTL);
	ex->body = d = html_doc_new();
	a = json_object_get(o, "blocks");
	if (a != NULL && !json_is_array(a))
		bad = 1;
	if (json_array_size(a) > 0)
		d->blocks = xcalloc(json_array_size(a), sizeof *d->blocks);
	json_array_foreach(a, i, b) {
		if (bad)
			break;
		d->nblocks++;
		if (artjson_read_block(&d->blocks[i], b) != 0)
			bad = 1;
	}
	a = json_object_get(o, "links");
	n = bad ? 0 : json_array_size(a);
	d->links = xcalloc(n + 1, sizeof *d->links);
	for (i = 0; i < n && !bad; i++) {
		if (artjson_read_pair(a, i, &d->links[i].url,
		    &d->links[i].title) != 0)
			bad = 1;
		d->nlinks = i + 1;
	}
	if (!bad && !artjson_links_ok(d))
		bad = 1;
	a = json_object_get(o, "related");
	n = bad ? 0 : json_array_size(a);
	ex->related = xcalloc(n + 1, sizeof *ex->related);
	for (i = 0; i < n && !bad; i++) {
		if (artjson_read_pair(a, i, &ex->related[i].href,
		    &ex->related[i].title) != 0)
			bad = 1;
		if (ex->related[i].title == NULL)
			ex->related[i].title = xstrdup("");
		ex->nrelated = i + 1;
	}
	json_decref(o);
	if (bad) {
		extract_free(ex);
		xasprintf(cause, "stored article: bad blocks or links");
		return NULL;
	}
	return ex;
}
