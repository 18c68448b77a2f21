/* khabar - ISC licence, see LICENSE. */
/*
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).  jansson
 * loads the whole document, which parse.c has already cleaned to valid
 * UTF-8 and capped in size; the items are then handed to the sink one by
 * one through the same struct item the XML parsers fill.  Every member is
 * checked for its type, as a feed may put a number where a string belongs.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "feed/parse.h"
#include "util/xmalloc.h"

static char	*jsonfeed_str(json_t *, const char *);
static char	*jsonfeed_author(json_t *);
static void	 jsonfeed_item(struct parse *, json_t *);
static char	*jsonfeed_url(struct parse *, json_t *, const char *);

/* A string member, trimmed, or NULL when absent, empty or not a string. */
static char *
jsonfeed_str(json_t *obj, const char *key)
{
	json_t		*v = json_object_get(obj, key);
	const char	*s, *e;

	if (json_is_integer(v)) {
		char	*n;

		xasprintf(&n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return n;
	}
	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		e--;
	if (e == s)
		return NULL;
	if ((size_t)(e - s) > FEED_FIELD_MAX)
		e = s + FEED_FIELD_MAX;
	return xstrndup(s, e - s);
}

static char *
jsonfeed_url(struct parse *p, json_t *obj, const char *key)
{
	return parse_url(p, jsonfeed_str(obj, key));
}

/* The first author's name: "authors" (1.1) or "author" (1.0). */
static char *
jsonfeed_author(json_t *obj)
{
	json_t	*a = json_object_get(obj, "authors");
	size_t	 i;
	char	*s;

	if (json_is_array(a)) {
		for (i = 0; i < json_array_size(a); i++) {
			s = parse_plain(jsonfeed_str(json_array_get(a, i), "name"),
			    0);
			if (s != NULL)
				return s;
		}
	}
	a = json_object_get(obj, "author");
	if (json_is_object(a))
		return parse_plain(jsonfeed_str(a, "name"), 0);
	return NULL;
}

static void
jsonfeed_item(struct parse *p, json_t *obj)
{
	struct item	*it = &p->item;
	json_t		*a, *v;
	size_t		 i;
	char		*s;

	parse_item_begin(p);
	it->id = jsonfeed_str(obj, "id");
	it->link = jsonfeed_url(p, obj, "url");
	if (it->link != NULL)
		feed_item_add_link(it, xstrdup(it->link), xstrdup("alternate"),
		    NULL, NULL);
	feed_item_add_link(it, jsonfeed_url(p, obj, "external_url"),
	    xstrdup("related"), NULL, NULL);
	feed_item_add_link(it, jsonfeed_url(p, obj, "image"), xstrdup("image"),
	    NULL, NULL);
	it->title = parse_plain(jsonfeed_str(obj, "title"), 0);
	it->author = jsonfeed_author(obj);
	if ((it->content = jsonfeed_str(obj, "content_html")) != NULL)
		it->content_type = FEED_TYPE_HTML;
	else if ((it->content = jsonfeed_str(obj, "content_text")) != NULL)
		it->content_type = FEED_TYPE_TEXT;
	if ((it->summary = jsonfeed_str(obj, "summary")) != NULL)
		it->summary_type = FEED_TYPE_TEXT;
	it->published = parse_date(p, jsonfeed_str(obj, "date_published"));
	it->updated = parse_date(p, jsonfeed_str(obj, "date_modified"));
	a = json_object_get(obj, "tags");
	for (i = 0; json_is_array(a) && i < json_array_size(a); i++) {
		v = json_array_get(a, i);
		if (json_is_string(v))
			feed_item_add_category(it,
			    parse_plain(xstrdup(json_string_value(v)), 0));
	}
	a = json_object_get(obj, "attachments");
	for (i = 0; json_is_array(a) && i < json_array_size(a); i++) {
		v = json_array_get(a, i);
		if (!json_is_object(v))
			continue;
		s = jsonfeed_url(p, v, "url");
		feed_item_add_enclosure(it, s, jsonfeed_str(v, "mime_type"),
		    json_is_integer(json_object_get(v, "size_in_bytes")) &&
		    json_integer_value(json_object_get(v, "size_in_bytes")) >= 0 ?
		    json_integer_value(json_object_get(v, "size_in_bytes")) :
		    FEED_NO_LENGTH);
	}
	parse_item_end(p);
}

int
jsonfeed_parse(struct parse *p, const char *data, size_t len, char **cause)
{
	json_t		*root, *items;
	json_error_t	 err;
	const char	*v;
	size_t		 i;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		xasprintf(cause, "not a feed (bad JSON at line %d: %s)",
		    err.line, err.text);
		return -1;
	}
	if (!json_is_object(root)) {
		*cause = xstrdup("not a feed (JSON but not an object)");
		json_decref(root);
		return -1;
	}
	v = json_string_value(json_object_get(root, "version"));
	items = json_object_get(root, "items");
	if (v != NULL && (strcmp(v, "https://jsonfeed.org/version/1") == 0 ||
	    strcmp(v, "http://jsonfeed.org/version/1") == 0))
		p->feed.format = FEED_JSON10;
	else if (v != NULL && strstr(v, "jsonfeed.org/version/") != NULL)
		p->feed.format = FEED_JSON11;
	else if (json_is_array(items)) {
		feed_warn(&p->feed, "JSON Feed without a version; read as 1.1");
		p->feed.format = FEED_JSON11;
	} else {
		*cause = xstrdup("not a feed (JSON without a JSON Feed "
		    "version)");
		json_decref(root);
		return -1;
	}
	p->feed.title = parse_plain(jsonfeed_str(root, "title"), 0);
	p->feed.link = jsonfeed_url(p, root, "home_page_url");
	p->feed.description = jsonfeed_str(root, "description");
	p->feed.language = jsonfeed_str(root, "language");
	p->feed.author = jsonfeed_author(root);
	p->feed.image = jsonfeed_url(p, root, "icon");
	if (p->feed.image == NULL)
		p->feed.image = jsonfeed_url(p, root, "favicon");
	for (i = 0; json_is_array(items) && i < json_array_size(items) &&
	    !p->stopped; i++) {
		if (json_is_object(json_array_get(items, i)))
			jsonfeed_item(p, json_array_get(items, i));
	}
	json_decref(root);
	return 0;
}
