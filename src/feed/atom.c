/* khabar - ISC licence, see LICENSE. */
/*
 * Atom 1.0 (RFC 4287) and Atom 0.3.  Like rss.c the handlers read where an
 * element is from the parser's stack: a child of the feed, of an entry, or
 * of a person construct (author) of either.  A text construct's type (and
 * the 0.3 mode) is read at its start tag, so that xhtml is collected as
 * markup, and applied at its end tag: base64 decoded, the xhtml wrapper div
 * dropped, titles reduced to plain text.  atom:source inside an entry is
 * skipped whole: its title and author belong to another feed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed/parse.h"
#include "util/xmalloc.h"

enum atom_where {
	ATOM_OTHER,
	ATOM_FEED,
	ATOM_ENTRY,
	ATOM_PERSON
};

static int	atom_el(const struct parse_frame *, const char *);
static enum atom_where atom_where(const struct parse *, size_t);
static void	atom_start(struct parse *, const struct parse_frame *);
static void	atom_end(struct parse *, const struct parse_frame *);
static void	atom_text_type(struct parse *);
static char	*atom_text(struct parse *, enum feed_text_type *);
static int	atom_is_text(const char *);

const struct parse_format atom_format = { atom_start, atom_end };

static const char *atom_texts[] = {
	"title", "subtitle", "tagline", "summary", "content", "rights",
	"copyright", "info", NULL
};

static int
atom_el(const struct parse_frame *f, const char *name)
{
	return (f->ns == NS_ATOM10 || f->ns == NS_ATOM03 ||
	    f->ns == NS_NONE) && strcmp(f->name, name) == 0;
}

static int
atom_is_text(const char *name)
{
	size_t	i;

	for (i = 0; atom_texts[i] != NULL; i++)
		if (strcmp(name, atom_texts[i]) == 0)
			return 1;
	return 0;
}

/* Where the element n levels up from the current one sits. */
static enum atom_where
atom_where(const struct parse *p, size_t n)
{
	const struct parse_frame	*up = parse_up(p, n + 1);
	size_t				 depth = p->depth - n;

	if (up == NULL)
		return ATOM_OTHER;
	if (p->item_depth != 0) {
		if (depth == p->item_depth + 1)
			return ATOM_ENTRY;
		if (depth == p->item_depth + 2 && (atom_el(up, "author") ||
		    atom_el(up, "contributor")))
			return ATOM_PERSON;
		return ATOM_OTHER;
	}
	if (depth == 2)
		return ATOM_FEED;
	if (depth == 3 && atom_el(up, "author"))
		return ATOM_PERSON;
	return ATOM_OTHER;
}

static void
atom_text_type(struct parse *p)
{
	char	*type, *mode;

	type = parse_attr(p, "type");
	mode = parse_attr(p, "mode");
	p->text_base64 = mode != NULL && strcasecmp(mode, "base64") == 0;
	if (type == NULL || strcasecmp(type, "text") == 0 ||
	    strcasecmp(type, "text/plain") == 0)
		p->text_type = FEED_TYPE_TEXT;
	else if (strcasecmp(type, "html") == 0 ||
	    strcasecmp(type, "text/html") == 0)
		p->text_type = FEED_TYPE_HTML;
	else if (strcasecmp(type, "xhtml") == 0 ||
	    strcasecmp(type, "application/xhtml+xml") == 0)
		p->text_type = FEED_TYPE_XHTML;
	else {
		/* RFC 4287, 3.1.1.3: other non-text, non-XML types are base64. */
		p->text_type = FEED_TYPE_TEXT;
		if (strchr(type, '/') != NULL &&
		    strncasecmp(type, "text/", 5) != 0 &&
		    strstr(type, "xml") == NULL && strstr(type, "json") == NULL)
			p->text_base64 = 1;
	}
	/* In Atom 0.3 escaped html is marked by the mode. */
	if (p->text_type == FEED_TYPE_XHTML && mode != NULL &&
	    strcasecmp(mode, "escaped") == 0)
		p->text_type = FEED_TYPE_HTML;
	free(type);
	free(mode);
}

/* The text of the text construct now ending, and its type. */
static char *
atom_text(struct parse *p, enum feed_text_type *type)
{
	char	*t, *end, *raw;
	size_t	 len;

	*type = p->text_type;
	t = parse_text(p);
	if (t != NULL && parse_text_had_markup(p) && *type != FEED_TYPE_HTML)
		*type = FEED_TYPE_XHTML;
	if (t != NULL && p->text_base64) {
		raw = xstrdup(t);
		if ((t = parse_base64(t)) == NULL)
			t = raw;	/* not base64 after all */
		else
			free(raw);
	}
	if (t == NULL || *type != FEED_TYPE_XHTML)
		return t;
	/* Drop the div that wraps xhtml content. */
	len = strlen(t);
	if (strncmp(t, "<div", 4) == 0 && (t[4] == '>' || t[4] == ' ') &&
	    len > 10 && strcmp(t + len - 6, "</div>") == 0 &&
	    (end = strchr(t, '>')) != NULL) {
		t[len - 6] = '\0';
		memmove(t, end + 1, strlen(end + 1) + 1);
		for (end = t; *end == ' ' || *end == '\t' || *end == '\n' ||
		    *end == '\r'; end++)
			;
		if (*end == '\0') {
			free(t);
			return NULL;
		}
	}
	return t;
}

/* An atom:link, of the entry (or RSS item) when entry is set, else of the feed. */
void
atom_link(struct parse *p, int entry)
{
	char	*href, *rel, *type, *title;

	href = parse_url(p, parse_attr(p, "href"));
	if (href == NULL)
		return;
	if ((rel = parse_attr(p, "rel")) == NULL)
		rel = xstrdup("alternate");
	type = parse_attr(p, "type");
	title = parse_attr(p, "title");
	if (!entry) {
		if (strcmp(rel, "alternate") == 0)
			parse_set(&p->feed.link, xstrdup(href), 1);
		free(href);
		free(rel);
		free(type);
		free(title);
		return;
	}
	if (strcmp(rel, "alternate") == 0)
		parse_set(&p->item.link, xstrdup(href), 1);
	if (strcmp(rel, "enclosure") == 0) {
		feed_item_add_enclosure(&p->item, href, type,
		    parse_length(parse_attr(p, "length")));
		free(rel);
		free(title);
		return;
	}
	feed_item_add_link(&p->item, href, rel, type, title);
}

static void
atom_start(struct parse *p, const struct parse_frame *f)
{
	char	*v;

	if (p->depth == 1)
		return;
	if (p->item_depth == 0 && p->depth == 2 && atom_el(f, "entry")) {
		parse_item_begin(p);
		return;
	}
	switch (atom_where(p, 0)) {
	case ATOM_OTHER:
		return;
	case ATOM_PERSON:
		if (atom_el(f, "name") || atom_el(f, "email"))
			parse_capture(p, 0);
		return;
	case ATOM_FEED:
	case ATOM_ENTRY:
		break;
	}
	if (atom_el(f, "source")) {
		p->ignore_depth = p->depth;
		return;
	}
	if (atom_el(f, "link")) {
		atom_link(p, p->item_depth != 0);
		return;
	}
	if (atom_el(f, "author")) {
		free(p->person_name);
		free(p->person_email);
		p->person_name = p->person_email = NULL;
		return;
	}
	if (atom_el(f, "category")) {
		if ((v = parse_attr(p, "label")) == NULL)
			v = parse_attr(p, "term");
		if (p->item_depth != 0)
			feed_item_add_category(&p->item, parse_plain(v, 0));
		else
			free(v);
		return;
	}
	if (f->ns == NS_OTHER || f->ns == NS_XHTML)
		return;
	if (atom_is_text(f->name)) {
		atom_text_type(p);
		if (atom_el(f, "content") && p->item_depth != 0 &&
		    (v = parse_url(p, parse_attr(p, "src"))) != NULL) {
			parse_set(&p->item.link, xstrdup(v), 1);
			feed_item_add_link(&p->item, v, xstrdup("alternate"),
			    NULL, NULL);
		}
		parse_capture(p, p->text_type == FEED_TYPE_XHTML ?
		    PARSE_CAPTURE_XHTML : 0);
		return;
	}
	parse_capture(p, 0);
}

static void
atom_end(struct parse *p, const struct parse_frame *f)
{
	struct item		*it = &p->item;
	enum atom_where		 w;
	enum feed_text_type	 type = FEED_TYPE_TEXT;
	char			*t;
	int			 rank;

	if (p->item_depth != 0 && p->item_depth == p->depth)
		return;
	w = atom_where(p, 0);
	if (w == ATOM_OTHER)
		return;
	if (w == ATOM_PERSON) {
		t = parse_plain(parse_text(p), 0);
		if (atom_el(f, "name"))
			parse_set(&p->person_name, t, 0);
		else
			parse_set(&p->person_email, t, 0);
		return;
	}
	if (atom_el(f, "author")) {
		t = p->person_name != NULL ? p->person_name : p->person_email;
		if (t != NULL)
			parse_set(w == ATOM_ENTRY ? &it->author :
			    &p->feed.author, xstrdup(t), 1);
		return;
	}
	if (atom_is_text(f->name))
		t = atom_text(p, &type);
	else
		t = parse_text(p);
	if (t == NULL)
		return;
	if (atom_el(f, "title")) {
		t = parse_plain(t, type != FEED_TYPE_TEXT);
		parse_set(w == ATOM_ENTRY ? &it->title : &p->feed.title, t, 0);
	} else if (w == ATOM_FEED) {
		if (atom_el(f, "subtitle") || atom_el(f, "tagline"))
			parse_set(&p->feed.description, t, 0);
		else if (atom_el(f, "updated") || atom_el(f, "modified")) {
			p->feed.updated = parse_date(p, t);
		} else if (atom_el(f, "logo"))
			parse_set(&p->feed.image, parse_url(p, t), 0);
		else if (atom_el(f, "icon"))
			parse_set(&p->feed.image, parse_url(p, t), 1);
		else
			free(t);
	} else if (atom_el(f, "id"))
		parse_set(&it->id, parse_url(p, t), 0);
	else if (atom_el(f, "summary")) {
		it->summary_type = type;
		if (type != FEED_TYPE_TEXT)
			t = parse_html_urls(p, t);
		parse_set(&it->summary, t, 0);
	} else if (atom_el(f, "content")) {
		it->content_type = type;
		if (type != FEED_TYPE_TEXT)
			t = parse_html_urls(p, t);
		parse_set(&it->content, t, 0);
	} else if (atom_el(f, "published") || atom_el(f, "issued") ||
	    atom_el(f, "created")) {
		rank = atom_el(f, "created") ? 1 : 2;
		if (rank > p->item_pub_rank) {
			it->published = parse_date(p, t);
			p->item_pub_rank = rank;
		} else
			free(t);
	} else if (atom_el(f, "updated") || atom_el(f, "modified"))
		it->updated = parse_date(p, t);
	else
		free(t);
}
