/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_FEED_H
#define KHABAR_FEED_H

#include <stddef.h>
#include <stdint.h>

/*
 * What the parsers produce.  A struct feed holds the channel's metadata and
 * the warnings met while reading it; a struct item one entry, with its links,
 * enclosures and categories in arrays it owns.  Every string is UTF-8, or
 * NULL when the feed did not give it.  Dates are seconds since the epoch, or
 * FEED_NO_DATE.  URLs are already resolved against xml:base and the document
 * URL.  Titles are plain text; summaries and contents are kept as found and
 * say what they are in their *_type field.
 *
 * The parser hands its results to a struct feed_sink and never keeps them:
 * item() is called once per item, as soon as the item is complete, with a
 * struct item that is only borrowed for the call; feed() is called once,
 * after the last item, with the feed's metadata and all the warnings (RSS
 * may put channel elements after its items).  A callback that returns
 * non-zero stops the parse.
 */

#define FEED_NO_DATE		INT64_MIN
#define FEED_NO_LENGTH		(-1)
#define FEED_FIELD_MAX		(16U * 1024 * 1024)	/* bytes per field */
#define FEED_WARNINGS_MAX	32

enum feed_format {
	FEED_UNKNOWN,
	FEED_RSS090,
	FEED_RSS091,
	FEED_RSS092,
	FEED_RSS093,
	FEED_RSS094,
	FEED_RSS10,
	FEED_RSS20,
	FEED_ATOM03,
	FEED_ATOM10,
	FEED_JSON10,
	FEED_JSON11
};

enum feed_text_type {
	FEED_TYPE_NONE,
	FEED_TYPE_TEXT,
	FEED_TYPE_HTML,
	FEED_TYPE_XHTML
};

struct feed_link {
	char	*href;
	char	*rel;
	char	*type;
	char	*title;
};

struct feed_enclosure {
	char	*url;
	char	*type;
	int64_t	 length;		/* FEED_NO_LENGTH when unknown */
};

struct item {
	char			*id;
	char			*title;
	char			*link;
	char			*author;
	int64_t			 published;
	int64_t			 updated;
	char			*summary;
	enum feed_text_type	 summary_type;
	char			*content;
	enum feed_text_type	 content_type;

	char			**categories;
	size_t			  ncategories;
	struct feed_link	 *links;
	size_t			  nlinks;
	struct feed_enclosure	 *enclosures;
	size_t			  nenclosures;
};

struct feed {
	enum feed_format	 format;
	char			*title;
	char			*link;
	char			*description;
	char			*language;
	int64_t			 updated;
	char			*author;
	char			*image;

	char			**warnings;
	size_t			  nwarnings;
	size_t			  nmore;	/* warnings dropped past the cap */
};

struct feed_sink {
	int	(*feed)(void *arg, const struct feed *);
	int	(*item)(void *arg, const struct item *);
	/*
	 * Optional, called instead of item: the sink may move the item's
	 * fields out (the parser frees what is left in it), saving a copy.
	 */
	int	(*take)(void *arg, struct item *);
};

/* Set up an empty feed. */
void		 feed_init(struct feed *);
/* Free what a feed owns and leave it empty. */
void		 feed_clear(struct feed *);
/* Make dst a deep copy of src, all but its warnings. */
void		 feed_copy(struct feed *dst, const struct feed *src);
/* Record a warning; past FEED_WARNINGS_MAX they are only counted. */
void		 feed_warn(struct feed *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* The name of a format, such as "rss2.0", for output. */
const char	*feed_format_name(enum feed_format);
/* The name of a text type ("text", "html", "xhtml"), NULL for none. */
const char	*feed_type_name(enum feed_text_type);

/* Set up an empty item. */
void		 feed_item_init(struct item *);
/* Free what an item owns and leave it empty. */
void		 feed_item_clear(struct item *);
/* Add a category; the item takes s. */
void		 feed_item_add_category(struct item *, char *s);
/* Add a link; the item takes the strings, any of which may be NULL. */
void		 feed_item_add_link(struct item *, char *href, char *rel,
		    char *type, char *title);
/* Add an enclosure unless its URL is already there; the item takes the strings. */
void		 feed_item_add_enclosure(struct item *, char *url, char *type,
		    int64_t length);
/*
 * Complete an item: published falls back on updated, and an item without
 * guid or link gets a hash id, "{fnv1a64}" and 16 hex digits.
 */
void		 feed_item_finish(struct item *);

#endif
