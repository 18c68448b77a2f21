/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_EXTRACT_H
#define KHABAR_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "html/text.h"
#include "text/layout.h"

/*
 * The article in a whole web page: its metadata, its body as the blocks
 * and numbered links of html/text.h (so it lays out as html2text does),
 * and, kept apart, the page's related-article links.  extract_page()
 * fills one from the page's bytes; everything in it is owned by it and
 * freed by extract_free().
 */

/* Bytes of page accepted, as for the fetcher. */
#define EXTRACT_MAX_SIZE	(32U * 1024 * 1024)
/* Related links kept at most. */
#define EXTRACT_MAX_RELATED	200

struct extract_link {
	char	*href;		/* absolute when the page's URL is known */
	char	*title;		/* white space collapsed, never NULL */
};

struct extract {
	char			*title;		/* NULL when none found */
	char			*byline;	/* NULL when none found */
	int			 has_published;
	int64_t			 published;	/* seconds since the epoch */
	char			*lang;		/* "ar", "en-GB"; NULL if unknown */
	enum text_dir		 dir;		/* of the article */
	char			*charset;	/* the one the page was read in */
	struct html_doc		*body;		/* the article's blocks, links */
	struct extract_link	*related;
	size_t			 nrelated;
	int			 truncated;	/* a limit cut something */
};

/*
 * Extract the article from len bytes of HTML.  url (may be NULL) is the
 * page's address, used to resolve links (a <base href> wins) and to know
 * links to the page itself; charset (may be NULL) is the one the HTTP
 * header declared.  Returns NULL and sets *cause (the caller frees it) when
 * the page is too large or cannot be parsed.
 */
struct extract	*extract_page(const char *buf, size_t len, const char *url,
		    const char *charset, char **cause);
/* Free an extraction; NULL is fine. */
void		 extract_free(struct extract *);

/*
 * Decide a page's encoding: the HTTP charset if given, else UTF-8 when the
 * bytes are valid UTF-8, else a <meta> declaration, else a guess among
 * windows-1256, ISO-8859-6 and windows-1252 from the high bytes.  Writes
 * the name into out.
 */
void		 extract_charset(const char *buf, size_t len,
		    const char *http_charset, char out[64]);

/*
 * The body as plain text: blocks separated by blank lines, without the
 * "[N]" link marks, list markers or image placeholders.  Caller frees.
 */
char		*extract_text(const struct html_doc *);

/* Whether a short label (a heading) announces related articles. */
int		 extract_is_related_label(const char *, size_t);

#endif
