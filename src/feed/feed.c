/* khabar - ISC licence, see LICENSE. */
/*
 * Constructors and destructors for struct feed and struct item (see feed.h).
 * The arrays of an item (categories, links, enclosures) grow one element at
 * a time with xreallocarray; feeds rarely have more than a handful, and the
 * item is cleared and reused for the next one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static const char *feed_format_names[] = {
	NULL, "rss0.90", "rss0.91", "rss0.92", "rss0.93", "rss0.94", "rss1.0",
	"rss2.0", "atom0.3", "atom1.0", "json1.0", "json1.1"
};

void
feed_init(struct feed *f)
{
	memset(f, 0, sizeof *f);
	f->updated = FEED_NO_DATE;
}

void
feed_clear(struct feed *f)
{
	size_t	i;

	free(f->title);
	free(f->link);
	free(f->description);
	free(f->language);
	free(f->author);
	free(f->image);
	for (i = 0; i < f->nwarnings; i++)
		free(f->warnings[i]);
	free(f->warnings);
	feed_init(f);
}

void
feed_warn(struct feed *f, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	size_t	 i;

	if (f->nwarnings >= FEED_WARNINGS_MAX) {
		f->nmore++;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	for (i = 0; i < f->nwarnings; i++) {
		if (strcmp(f->warnings[i], s) == 0) {
			free(s);
			return;
		}
	}
	f->warnings = xreallocarray(f->warnings, f->nwarnings + 1,
	    sizeof *f->warnings);
	f->warnings[f->nwarnings++] = s;
}

const char *
feed_format_name(enum feed_format fmt)
{
	if ((size_t)fmt >= sizeof feed_format_names / sizeof *feed_format_names)
		return NULL;
	return feed_format_names[fmt];
}

const char *
feed_type_name(enum feed_text_type t)
{
	switch (t) {
	case FEED_TYPE_TEXT:
		return "text";
	case FEED_TYPE_HTML:
		return "html";
	case FEED_TYPE_XHTML:
		return "xhtml";
	default:
		return NULL;
	}
}

void
feed_item_init(struct item *it)
{
	memset(it, 0, sizeof *it);
	it->published = it->updated = FEED_NO_DATE;
}

void
feed_item_clear(struct item *it)
{
	size_t	i;

	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	for (i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (i = 0; i < it->nlinks; i++) {
		free(it->links[i].href);
		free(it->links[i].rel);
		free(it->links[i].type);
		free(it->links[i].title);
	}
	free(it->links);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	feed_item_init(it);
}

static char *
feed_strdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
feed_copy(struct feed *dst, const struct feed *src)
{
	feed_init(dst);
	dst->format = src->format;
	dst->title = feed_strdup(src->title);
	dst->link = feed_strdup(src->link);
	dst->description = feed_strdup(src->description);
	dst->language = feed_strdup(src->language);
	dst->updated = src->updated;
	dst->author = feed_strdup(src->author);
	dst->image = feed_strdup(src->image);
}

void
feed_item_add_category(struct item *it, char *s)
{
	size_t	i;

	if (s == NULL || *s == '\0') {
		free(s);
		return;
	}
	for (i = 0; i < it->ncategories; i++) {
		if (strcmp(it->categories[i], s) == 0) {
			free(s);
			return;
		}
	}
	it->categories = xreallocarray(it->categories, it->ncategories + 1,
	    sizeof *it->categories);
	it->categories[it->ncategories++] = s;
}

void
feed_item_add_link(struct item *it, char *href, char *rel, char *type,
    char *title)
{
	struct feed_link	*l;

	if (href == NULL || *href == '\0') {
		free(href);
		free(rel);
		free(type);
		free(title);
		return;
	}
	it->links = xreallocarray(it->links, it->nlinks + 1, sizeof *it->links);
	l = &it->links[it->nlinks++];
	l->href = href;
	l->rel = rel;
	l->type = type;
	l->title = title;
}

void
feed_item_add_enclosure(struct item *it, char *url, char *type,
    int64_t length)
{
	struct feed_enclosure	*e;
	size_t			 i;

	if (url != NULL && *url != '\0') {
		for (i = 0; i < it->nenclosures; i++) {
			e = &it->enclosures[i];
			if (strcmp(e->url, url) != 0)
				continue;
			if (e->type == NULL) {
				e->type = type;
				type = NULL;
			}
			if (e->length == FEED_NO_LENGTH)
				e->length = length;
			free(url);
			free(type);
			return;
		}
	} else {
		free(url);
		free(type);
		return;
	}
	it->enclosures = xreallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->nenclosures++];
	e->url = url;
	e->type = type;
	e->length = length;
}

/*
 * FNV-1a 64 over title, a NUL, then content (or summary).  The braces of
 * the "{fnv1a64}" prefix cannot appear in a URI (RFC 3986, section 2), so
 * a hash id never equals an id taken from a link.
 */
void
feed_item_finish(struct item *it)
{
	const char	*parts[2];
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;
	const unsigned char *p;

	/* Readers sort by publication date: fall back on the update. */
	if (it->published == FEED_NO_DATE)
		it->published = it->updated;
	if (it->id != NULL)
		return;
	if (it->link != NULL) {
		it->id = xstrdup(it->link);
		return;
	}
	parts[0] = it->title;
	parts[1] = it->content != NULL ? it->content : it->summary;
	for (i = 0; i < 2; i++) {
		if (parts[i] != NULL) {
			for (p = (const unsigned char *)parts[i]; *p != '\0';
			    p++) {
				h ^= *p;
				h *= 0x100000001b3ULL;
			}
		}
		if (i == 0) {
			h ^= 0;
			h *= 0x100000001b3ULL;
		}
	}
	xasprintf(&it->id, "{fnv1a64}%016llx", (unsigned long long)h);
}
