/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_HTML_TEXT_H
#define KHABAR_HTML_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "text/layout.h"

/*
 * An article as the layout engine wants it: a list of blocks, each one
 * paragraph of UTF-8 text with one attribute word per byte (TEXT_BOLD,
 * TEXT_WITH_LINK and the rest from text/layout.h), and a table of the links
 * that the attribute words number from 1.  The blocks say nothing of where
 * they came from: html_parse() fills a document from HTML through the
 * builder functions below, and other producers (article extraction) can use
 * the same builder.
 */
enum block_kind {
	BLOCK_PARA,		/* a paragraph, or loose text */
	BLOCK_HEADING,		/* level 1 to 6 */
	BLOCK_LIST_ITEM,	/* the first paragraph of a list item */
	BLOCK_PRE,		/* verbatim text: never wrapped */
	BLOCK_TABLE_ROW,	/* the cells of a row, joined by " | " */
	BLOCK_RULE,		/* a horizontal rule: no text */
};

struct block {
	enum block_kind	 kind;
	int		 level;		/* heading level */
	enum text_dir	 dir;		/* AUTO: the first strong character */
	int		 indent;	/* blank cells on the start side */
	int		 quote;		/* block quote depth */
	int		 list;		/* list nesting depth, 0: none */
	int		 tight;		/* goes with the block before: no gap */
	char		 marker[16];	/* list marker: "•", "3." or "" */
	int		 marker_cols;	/* cells for the marker and a gap */
	char		*text;		/* UTF-8, NUL-terminated */
	size_t		 len;
	uint32_t	*attr;		/* one word per byte of text */
	size_t		 cap;
};

struct html_link {
	char	*url;		/* absolute unless the page had no base */
	char	*title;		/* the text of its first occurrence */
};

/* Limits that keep hostile input from growing the output without end. */
#define HTML_MAX_TEXT	(8U * 1024 * 1024)	/* bytes of text in all */
#define HTML_MAX_BLOCKS	100000
#define HTML_MAX_LINKS	0xFFFFU			/* what an attribute holds */
#define HTML_MAX_DEPTH	256			/* deeper elements: text only */

struct html_state;

struct html_doc {
	struct block		*blocks;
	size_t			 nblocks;
	struct html_link	*links;
	size_t			 nlinks;
	int			 truncated;	/* a limit was reached */
	struct html_state	*st;		/* the builder's, private */
};

/* Text flags for html_doc_text(). */
#define HTML_TEXT_PRE	0x1	/* keep white space as it is */
#define HTML_TEXT_GLUE	0x2	/* stick to the text before, like "[3]" */

/*
 * Parse len bytes of HTML into blocks and links.  Links are resolved against
 * base_url (may be NULL), which a <base href> in the page overrides.
 * charset_hint (may be NULL) overrides the page's own declaration; without
 * either, UTF-8.  Returns NULL if the charset is unknown or libxml2
 * could not parse at all.
 */
struct html_doc	*html_parse(const char *buf, size_t len, const char *base_url,
		    const char *charset_hint);

/* Create an empty document for the builder functions. */
struct html_doc	*html_doc_new(void);
/* Free a document and everything in it; NULL is fine. */
void		 html_doc_free(struct html_doc *);

/*
 * End the current block and start a new one of kind, taking the other
 * fields from *proto (may be NULL: all zero); returns it for the caller to
 * adjust.  NULL when the block limit is reached.
 */
struct block	*html_doc_begin(struct html_doc *, enum block_kind,
		    const struct block *proto);
/* End the current block; an empty one other than a rule is dropped. */
void		 html_doc_end(struct html_doc *);
/* The open block, or NULL. */
struct block	*html_doc_current(struct html_doc *);
/* Open the last block again to append to it; NULL if there is none. */
struct block	*html_doc_reopen(struct html_doc *);
/*
 * Append text to the open block (which the caller must have begun).  Unless
 * HTML_TEXT_PRE, runs of ASCII white space collapse to one space, and none
 * is kept at the start or end of a block or around a line break.
 */
void		 html_doc_text(struct html_doc *, const char *, size_t,
		    uint32_t attr, int flags);
/* A forced line break inside the open block. */
void		 html_doc_break(struct html_doc *);

/*
 * Number a link: the same URL keeps its first number.  The document takes
 * its own copy of url.  Returns 0 when the link table is full.
 */
unsigned	 html_doc_link(struct html_doc *, const char *url);
/*
 * Start recording the text appended from now on as the title of link n;
 * returns 0 (and records nothing) when n has a title or another is being
 * recorded.
 */
int		 html_doc_title_begin(struct html_doc *, unsigned n);
/* Stop recording a title; the link keeps what was recorded. */
void		 html_doc_title_end(struct html_doc *);

#endif
