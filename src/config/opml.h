/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_OPML_H
#define KHABAR_OPML_H

#include <stddef.h>
#include <stdio.h>

#include "config/feeds.h"

/*
 * OPML subscription lists, read and written.  Reading accepts OPML 1.0 and
 * 2.0: every <outline> with an xmlUrl is a feed; an outline without one is
 * a folder, and the folders above a feed, joined with "/", become one tag
 * (as newsboat does); the comma-separated category attribute that
 * newsboat's --export-to-opml2 and khabar's export write gives more tags.
 * The title is the text attribute, else the title attribute.  A feed listed
 * twice is kept once, with the tags of both.
 *
 * The input is hostile until proven otherwise: it is capped in size and
 * depth, never touches the network, and a document that declares entities
 * is refused before any entity can be expanded.  Writing produces OPML 2.0
 * with a flat body, one outline per feed, tags in category.
 */

#define OPML_MAX_SIZE		(8 * 1024 * 1024)
#define OPML_MAX_DEPTH		32

struct opml_feed {
	struct feeds_entry	 e;		/* url, title, tags; line */
	char			*html_url;	/* the site, or NULL */
};

struct opml {
	struct opml_feed	 *v;
	size_t			  n;
	char			**warnings;	/* "FILE:LINE: reason" */
	size_t			  nwarnings;
};

/* Parse an OPML document in memory into o (zeroed first); name is for messages. */
int	opml_parse(const char *name, const char *data, size_t len,
	    struct opml *o, char **cause);
/* Read and parse the OPML file at path ("-" is standard input). */
int	opml_load(const char *path, struct opml *o, char **cause);
/* Free what o holds and leave it empty. */
void	opml_free(struct opml *o);
/* Write the n feeds to f as an OPML 2.0 document. */
int	opml_write(FILE *f, const struct opml_feed *v, size_t n, char **cause);

#endif
