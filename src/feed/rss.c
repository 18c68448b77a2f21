/* khabar - ISC licence, see LICENSE. */
/*
 * RSS 0.90 to 2.0 and RSS 1.0 (RDF), with the dc, content, media, itunes
 * and atom elements feeds mix into them.  The handlers keep no tree: where
 * an element sits is read off the parser's stack (its parent is channel,
 * item, image or media:group), and a field found twice is settled by a
 * rank, so that pubDate beats dc:date whichever comes first.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed/parse.h"
#include "util/xmalloc.h"

enum rss_where {
	RSS_OTHER,
	RSS_CHANNEL,
	RSS_ITEM,
	RSS_IMAGE
};

static int	rss_core(const struct parse_frame *, const char *);
static int	rss_listed(const struct parse_frame *, const char *const *,
		    const char *const *, const char *const *);
static enum rss_where rss_where(const struct parse *);
static void	rss_start(struct parse *, const struct parse_frame *);
static void	rss_end(struct parse *, const struct parse_frame *);
static void	rss_media(struct parse *, const struct parse_frame *);
static void	rss_item_end(struct parse *, const struct parse_frame *,
		    char *);
static void	rss_channel_end(struct parse *, const struct parse_frame *,
		    char *);

const struct parse_format rss_format = { rss_start, rss_end };

/* The elements whose text is read, per namespace: RSS, dc, itunes. */
static const char *const rss_channel_core[] = {
	"title", "link", "description", "language", "lastBuildDate",
	"pubDate", "managingEditor", "webMaster", NULL
};
static const char *const rss_item_core[] = {
	"title", "link", "description", "guid", "pubDate", "author",
	"category", "comments", NULL
};
static const char *const rss_dc[] = {
	"title", "description", "language", "date", "creator", "author",
	"contributor", "subject", NULL
};
static const char *const rss_itunes[] = {
	"author", "summary", "subtitle", NULL
};

static int
rss_listed(const struct parse_frame *f, const char *const *core,
    const char *const *dc, const char *const *itunes)
{
	const char *const	*l;

	if (f->ns == NS_NONE || f->ns == NS_RSS090 || f->ns == NS_RSS10)
		l = core;
	else if (f->ns == NS_DC || f->ns == NS_DCTERMS)
		l = dc;
	else if (f->ns == NS_ITUNES)
		l = itunes;
	else
		return 0;
	for (; *l != NULL; l++)
		if (strcmp(f->name, *l) == 0)
			return 1;
	return 0;
}

/* Elements of RSS itself, whichever of its namespaces (or none) is used. */
static int
rss_core(const struct parse_frame *f, const char *name)
{
	return (f->ns == NS_NONE || f->ns == NS_RSS090 || f->ns == NS_RSS10) &&
	    strcmp(f->name, name) == 0;
}

static enum rss_where
rss_where(const struct parse *p)
{
	const struct parse_frame	*up = parse_up(p, 1);

	if (up == NULL)
		return RSS_OTHER;
	if (p->item_depth != 0) {
		if (p->depth == p->item_depth + 1)
			return RSS_ITEM;
		if (p->depth == p->item_depth + 2 &&
		    parse_is(up, NS_MEDIA, "group"))
			return RSS_ITEM;
		return RSS_OTHER;
	}
	if (rss_core(up, "channel"))
		return RSS_CHANNEL;
	if (rss_core(up, "image"))
		return RSS_IMAGE;
	return RSS_OTHER;
}

/* media:content and media:thumbnail carry their data in attributes. */
static void
rss_media(struct parse *p, const struct parse_frame *f)
{
	char	*url, *type;

	url = parse_url(p, parse_attr(p, "url"));
	if (url == NULL)
		return;
	if (strcmp(f->name, "thumbnail") == 0) {
		feed_item_add_link(&p->item, url, xstrdup("thumbnail"), NULL,
		    NULL);
		return;
	}
	type = parse_attr(p, "type");
	feed_item_add_enclosure(&p->item, url, type,
	    parse_length(parse_attr(p, "fileSize")));
}

static void
rss_start(struct parse *p, const struct parse_frame *f)
{
	enum rss_where	 w;
	char		*v;

	if (p->depth == 1)
		return;
	if (f->ns == NS_RSS090 && p->feed.format == FEED_RSS10)
		p->feed.format = FEED_RSS090;
	if (p->item_depth == 0 && rss_core(f, "item")) {
		parse_item_begin(p);
		p->item.id = parse_attr(p, "rdf:about");
		return;
	}
	w = rss_where(p);
	switch (w) {
	case RSS_OTHER:
		return;
	case RSS_IMAGE:
		if (rss_core(f, "url"))
			parse_capture(p, 0);
		return;
	case RSS_CHANNEL:
		if (parse_is(f, NS_ATOM10, "link"))
			atom_link(p, 0);
		else if (parse_is(f, NS_ITUNES, "image"))
			parse_set(&p->feed.image,
			    parse_url(p, parse_attr(p, "href")), 1);
		else if (rss_core(f, "link") &&
		    (v = parse_url(p, parse_attr(p, "href"))) != NULL)
			parse_set(&p->feed.link, v, 0);
		else if (rss_listed(f, rss_channel_core, rss_dc, rss_itunes) ||
		    parse_is(f, NS_ATOM10, "updated"))
			parse_capture(p, 0);
		return;
	case RSS_ITEM:
		break;
	}
	if (rss_core(f, "enclosure")) {
		v = parse_url(p, parse_attr(p, "url"));
		feed_item_add_enclosure(&p->item, v, parse_attr(p, "type"),
		    parse_length(parse_attr(p, "length")));
	} else if (parse_is(f, NS_ATOM10, "link"))
		atom_link(p, 1);
	else if (parse_is(f, NS_MEDIA, "content") ||
	    parse_is(f, NS_MEDIA, "thumbnail"))
		rss_media(p, f);
	else if (rss_core(f, "link") &&
	    (v = parse_url(p, parse_attr(p, "href"))) != NULL) {
		feed_item_add_link(&p->item, xstrdup(v), xstrdup("alternate"),
		    NULL, NULL);
		parse_set(&p->item.link, v, 0);
	} else if (rss_listed(f, rss_item_core, rss_dc, rss_itunes) ||
	    parse_is(f, NS_DCTERMS, "modified") ||
	    parse_is(f, NS_DCTERMS, "issued") ||
	    parse_is(f, NS_CONTENT, "encoded") ||
	    parse_is(f, NS_MEDIA, "description") ||
	    parse_is(f, NS_ATOM10, "updated") ||
	    parse_is(f, NS_ATOM10, "published")) {
		if (rss_core(f, "guid")) {
			v = parse_attr(p, "isPermaLink");
			p->guid_permalink = v == NULL ||
			    strcasecmp(v, "false") != 0;
			free(v);
		}
		if (parse_is(f, NS_MEDIA, "description")) {
			v = parse_attr(p, "type");
			p->text_type = v != NULL && strcmp(v, "html") == 0 ?
			    FEED_TYPE_HTML : FEED_TYPE_TEXT;
			free(v);
		}
		parse_capture(p, 0);
	}
}

static void
rss_item_end(struct parse *p, const struct parse_frame *f, char *t)
{
	struct item	*it = &p->item;
	int		 markup = parse_text_had_markup(p);

	if (rss_core(f, "title"))
		parse_set(&it->title, parse_plain(t, markup), 0);
	else if (parse_is(f, NS_DC, "title"))
		parse_set(&it->title, parse_plain(t, markup), 1);
	else if (rss_core(f, "link")) {
		t = parse_url(p, t);
		if (t != NULL)
			feed_item_add_link(it, xstrdup(t),
			    xstrdup("alternate"), NULL, NULL);
		parse_set(&it->link, t, 0);
	} else if (rss_core(f, "description") ||
	    parse_is(f, NS_DC, "description")) {
		if (it->summary == NULL)
			it->summary_type = FEED_TYPE_HTML;
		parse_set(&it->summary, parse_html_urls(p, t), 1);
	} else if (parse_is(f, NS_MEDIA, "description") ||
	    parse_is(f, NS_ITUNES, "summary")) {
		if (it->summary == NULL)
			it->summary_type = f->ns == NS_ITUNES ?
			    FEED_TYPE_TEXT : p->text_type;
		parse_set(&it->summary, t, 1);
	} else if (parse_is(f, NS_CONTENT, "encoded")) {
		it->content_type = FEED_TYPE_HTML;
		parse_set(&it->content, parse_html_urls(p, t), 0);
	} else if (rss_core(f, "guid")) {
		if (t != NULL && p->guid_permalink &&
		    (strncasecmp(t, "http://", 7) == 0 ||
		    strncasecmp(t, "https://", 8) == 0))
			p->guid_permalink = 2;
		parse_set(&it->id, t, 0);
	} else if (rss_core(f, "pubDate") || parse_is(f, NS_DC, "date") ||
	    parse_is(f, NS_ATOM10, "published") ||
	    parse_is(f, NS_DCTERMS, "issued")) {
		int rank = rss_core(f, "pubDate") ? 2 : 1;

		if (t != NULL && rank > p->item_pub_rank) {
			it->published = parse_date(p, t);
			if (it->published != FEED_NO_DATE)
				p->item_pub_rank = rank;
		} else
			free(t);
	} else if (parse_is(f, NS_ATOM10, "updated") ||
	    parse_is(f, NS_DCTERMS, "modified")) {
		if (t != NULL && p->item_upd_rank == 0) {
			it->updated = parse_date(p, t);
			p->item_upd_rank = it->updated != FEED_NO_DATE;
		} else
			free(t);
	} else if (rss_core(f, "author") || parse_is(f, NS_DC, "creator") ||
	    parse_is(f, NS_ITUNES, "author") ||
	    parse_is(f, NS_DC, "contributor")) {
		int rank = rss_core(f, "author") ? 4 :
		    parse_is(f, NS_DC, "creator") ? 3 :
		    f->ns == NS_ITUNES ? 2 : 1;

		if (t != NULL && rank > p->item_author_rank) {
			parse_set(&it->author, parse_person(t), 0);
			p->item_author_rank = rank;
		} else
			free(t);
	} else if (rss_core(f, "category") || parse_is(f, NS_DC, "subject"))
		feed_item_add_category(it, parse_plain(t, 0));
	else if (rss_core(f, "comments"))
		feed_item_add_link(it, parse_url(p, t), xstrdup("replies"),
		    NULL, NULL);
	else
		free(t);
}

static void
rss_channel_end(struct parse *p, const struct parse_frame *f, char *t)
{
	struct feed	*fd = &p->feed;
	int		 markup = parse_text_had_markup(p), rank;

	if (rss_core(f, "title"))
		parse_set(&fd->title, parse_plain(t, markup), 0);
	else if (parse_is(f, NS_DC, "title"))
		parse_set(&fd->title, parse_plain(t, markup), 1);
	else if (rss_core(f, "link"))
		parse_set(&fd->link, parse_url(p, t), 0);
	else if (rss_core(f, "description"))
		parse_set(&fd->description, t, 0);
	else if (parse_is(f, NS_DC, "description") ||
	    parse_is(f, NS_ITUNES, "summary") ||
	    parse_is(f, NS_ITUNES, "subtitle"))
		parse_set(&fd->description, t, 1);
	else if (rss_core(f, "language") || parse_is(f, NS_DC, "language"))
		parse_set(&fd->language, parse_plain(t, 0), 1);
	else if (rss_core(f, "lastBuildDate") || rss_core(f, "pubDate") ||
	    parse_is(f, NS_DC, "date") || parse_is(f, NS_ATOM10, "updated")) {
		rank = rss_core(f, "lastBuildDate") ? 3 :
		    rss_core(f, "pubDate") ? 2 : 1;
		if (t != NULL && rank > p->feed_date_rank) {
			fd->updated = parse_date(p, t);
			if (fd->updated != FEED_NO_DATE)
				p->feed_date_rank = rank;
		} else
			free(t);
	} else if (rss_core(f, "managingEditor") ||
	    rss_core(f, "webMaster") || parse_is(f, NS_DC, "creator") ||
	    parse_is(f, NS_DC, "author") || parse_is(f, NS_ITUNES, "author")) {
		rank = rss_core(f, "managingEditor") ? 5 :
		    rss_core(f, "webMaster") ? 4 :
		    parse_is(f, NS_DC, "author") ? 3 :
		    parse_is(f, NS_DC, "creator") ? 2 : 1;
		if (t != NULL && rank > p->feed_author_rank) {
			parse_set(&fd->author, parse_person(t), 0);
			p->feed_author_rank = rank;
		} else
			free(t);
	} else
		free(t);
}

static void
rss_end(struct parse *p, const struct parse_frame *f)
{
	char	*t;

	if (p->item_depth != 0 && p->item_depth == p->depth) {
		/* A permalink guid is the link when there is no other. */
		if (p->item.link == NULL && p->guid_permalink == 2)
			p->item.link = xstrdup(p->item.id);
		return;
	}
	t = parse_text(p);
	switch (rss_where(p)) {
	case RSS_ITEM:
		rss_item_end(p, f, t);
		break;
	case RSS_CHANNEL:
		rss_channel_end(p, f, t);
		break;
	case RSS_IMAGE:
		parse_set(&p->feed.image, parse_url(p, t), 0);
		break;
	default:
		free(t);
		break;
	}
}
