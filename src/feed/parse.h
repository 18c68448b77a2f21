/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_PARSE_H
#define KHABAR_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "feed/feed.h"
#include "util/buf.h"

/*
 * The entry point of the feed parsers.  Input flows through a small
 * pipeline before any parser sees it: the encoding is chosen (BOM, HTTP
 * charset, XML declaration, then a check that the bytes really are UTF-8),
 * legacy encodings are converted to UTF-8 with iconv, invalid bytes and
 * control characters become U+FFFD, and for XML, HTML entities, bare `&'
 * and stray `<' are rewritten so that libxml2 can read the document.  XML
 * is then read with an xmlTextReader one node at a time (never a DOM),
 * tracked on a stack of open elements, and handed to rss.c or atom.c; JSON
 * goes to jsonfeed.c.  Results go to a struct feed_sink (see feed.h).
 */

struct parse_opts {
	const char	*base_url;	/* the document's URL, or NULL */
	const char	*charset;	/* charset from HTTP Content-Type, or NULL */
	/*
	 * Runs of plain text this long, inside elements, go round libxml2
	 * (see parse.c): 0 is the default, SIZE_MAX none, and the input is
	 * then checked a byte at a time (for tests, which hold both ways to
	 * the same result).
	 */
	size_t		 text_run_min;
};

/*
 * Parse the feed read from fd and give it to sink; return 0, or -1 with
 * *cause (freed by the caller) when there is no feed to read or a sink
 * callback stopped the parse.  opts and cause may be NULL.
 */
int	parse_fd(int fd, const struct parse_opts *, const struct feed_sink *,
	    void *arg, char **cause);
/* Parse the feed in memory, as parse_fd does. */
int	parse_mem(const void *, size_t, const struct parse_opts *,
	    const struct feed_sink *, void *arg, char **cause);

/* Turn markup (when html is set) and entities into plain text with collapsed whitespace; takes s, returns NULL if nothing is left. */
char	*parse_plain(char *s, int html);

/* ---- For rss.c, atom.c and jsonfeed.c only. ---- */

enum parse_ns {
	NS_NONE,
	NS_RSS090,
	NS_RSS10,
	NS_RDF,
	NS_ATOM03,
	NS_ATOM10,
	NS_DC,
	NS_DCTERMS,
	NS_CONTENT,
	NS_MEDIA,
	NS_ITUNES,
	NS_XHTML,
	NS_OTHER
};

struct parse_frame {
	enum parse_ns	 ns;
	const char	*name;		/* local name, from the reader's dictionary */
	char		*base;		/* xml:base in effect, or NULL */
	int		 base_owned;
};

struct parse;

/* The format handlers: called for each element outside a captured one. */
struct parse_format {
	void	(*start)(struct parse *, const struct parse_frame *);
	void	(*end)(struct parse *, const struct parse_frame *);
};

#define PARSE_CAPTURE_XHTML	0x1	/* the text is markup: always escape */

struct input;

struct parse {
	struct input		*in;		/* where the text comes from */
	struct feed		 feed;
	struct item		 item;
	size_t			 item_depth;	/* 0 when outside an item */
	int			 stopped;	/* a sink callback said stop */
	const struct feed_sink	*sink;
	void			*arg;
	const struct parse_opts	*opts;
	void			*ctxt;		/* libxml2's parser context */
	const void		*attrs;		/* of the start tag at hand */
	int			 nattrs;
	const struct parse_format *fmt;

	struct parse_frame	*stack;
	size_t			 depth;
	size_t			 cap;
	size_t			 skipped;	/* elements too deep to track */
	char			*root_lang;
	char			*cause;		/* why the document was refused */
	size_t			 nxmlerr;

	/* The element whose text is being collected. */
	size_t			 cap_depth;
	int			 cap_flags;
	int			 cap_markup;	/* buffer holds escaped markup */
	int			 cap_children;	/* it had child elements */
	int			 cap_truncated;
	size_t			 cap_open_end;	/* text.len after a start tag */
	struct buf		 text;

	/* Scratch for the format handlers. */
	size_t			 ignore_depth;	/* skip this subtree */
	int			 feed_date_rank;
	int			 item_pub_rank;
	int			 item_upd_rank;
	int			 item_author_rank;
	int			 feed_author_rank;
	int			 guid_permalink;
	char			*person_name;
	char			*person_email;
	enum feed_text_type	 text_type;
	int			 text_base64;
};

/* Start collecting the text (and markup) of the current element. */
void	 parse_capture(struct parse *, int flags);
/* The collected text of the element now ending, trimmed, or NULL; the caller frees it. */
char	*parse_text(struct parse *);
/* Whether the text just taken had child elements (it is markup). */
int	 parse_text_had_markup(const struct parse *);
/* An attribute of the current start tag, trimmed, or NULL; the caller frees it. */
char	*parse_attr(struct parse *, const char *name);
/* The frame n levels above the current element (0 is the element itself), or NULL. */
const struct parse_frame *parse_up(const struct parse *, size_t n);
/* Resolve ref against the xml:base in effect and the document URL; takes ref. */
char	*parse_url(struct parse *, char *ref);
/* Parse a date, or warn and return FEED_NO_DATE; takes s. */
int64_t	 parse_date(struct parse *, char *s);
/* Begin an item at the current depth. */
void	 parse_item_begin(struct parse *);
/* Finish the current item and give it to the sink. */
void	 parse_item_end(struct parse *);
/* Resolve the href and src attributes in HTML against the base in effect; takes html. */
char	*parse_html_urls(struct parse *, char *html);
/* A non-negative length in bytes, or FEED_NO_LENGTH; takes s. */
int64_t	 parse_length(char *s);
/* Decode base64; takes s, returns NULL when it is not base64. */
char	*parse_base64(char *s);
/* Replace *dst with s (freeing the old value), or free s if keep and *dst is set. */
void	 parse_set(char **dst, char *s, int keep);
/* Reduce an author ("a@b.c (Name)", "Name <a@b.c>") to a name, else the address; takes s. */
char	*parse_person(char *s);
/* Whether the element is e with namespace ns. */
int	 parse_is(const struct parse_frame *, enum parse_ns, const char *);

extern const struct parse_format rss_format;
extern const struct parse_format atom_format;
/* An atom:link element, in Atom or inside RSS: of the entry or item when
 * entry is set, else of the feed. */
void	 atom_link(struct parse *, int entry);

/* Parse a JSON Feed held in memory (UTF-8). */
int	 jsonfeed_parse(struct parse *, const char *, size_t, char **cause);

#endif
