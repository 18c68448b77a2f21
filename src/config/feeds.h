/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_FEEDS_H
#define KHABAR_FEEDS_H

#include <stddef.h>

#include "config/paths.h"

/*
 * The feeds file: one feed a line, in the syntax of newsboat's urls file,
 *
 *	# a comment
 *	https://example.org/feed.xml news "world news" "~A better title"
 *
 * a URL and then tags, separated by blanks; a tag with blanks is quoted
 * ("\"" and "\\" escape a quote and a backslash inside quotes), a "~"
 * tag overrides the feed's title and a "!" tag hides the feed.  A "#" at
 * the start of a token comments out the rest of the line.  newsboat's
 * "query:" feeds are skipped without a word; its "exec:" and "filter:"
 * feeds run commands and are refused with a warning, as is any URL that is
 * not http, https or file.
 *
 * A file is read whole into a struct feeds_list: the feeds in file order
 * with their line numbers, and the warnings ("FILE:LINE: reason") about
 * the lines that were skipped; a bad line never stops the rest loading.
 * The file is only ever written by appending lines, and then atomically,
 * so comments and layout the user wrote survive byte for byte.
 */

#define FEEDS_MAX_SIZE		(16 * 1024 * 1024)	/* the whole file */
#define FEEDS_LINE_MAX		(64 * 1024)
#define FEEDS_URL_MAX		8192

/* feeds_load() flags. */
#define FEEDS_MISSING_OK	0x1	/* a missing file is an empty list */

struct feeds_entry {
	char	 *url;
	char	 *title;		/* the "~" tag, or NULL */
	char	**tags;
	size_t	  ntags;
	int	  hidden;		/* a tag began with "!" */
	size_t	  line;			/* in the file; 0 when not read */
};

struct feeds_list {
	struct feeds_entry	 *v;
	size_t			  n;
	char			**warnings;
	size_t			  nwarnings;
};

/* Parse data, naming the file name in warnings, appending to list. */
void		 feeds_parse(const char *name, const char *data, size_t len,
		    struct feeds_list *);
/* Read and parse the file at path into list (zeroed first). */
int		 feeds_load(const char *path, int flags, struct feeds_list *,
		    char **cause);
/* Free what a list holds and leave it empty. */
void		 feeds_free(struct feeds_list *);
/* The feed with exactly this URL, or NULL. */
const struct feeds_entry *feeds_find(const struct feeds_list *,
		    const char *url);

/* Add a copy of tag to e unless it is empty or already there. */
void		 feeds_entry_add_tag(struct feeds_entry *, const char *tag);
/* Free what an entry holds. */
void		 feeds_entry_clear(struct feeds_entry *);
/* Check that url is one khabar will fetch: http, https or file. */
int		 feeds_check_url(const char *url, char **cause);
/* The tags of e quoted as the feeds file writes them, or NULL if none. */
char		*feeds_tags_format(const struct feeds_entry *);
/* The line for e, without its newline; the caller frees it. */
char		*feeds_format(const struct feeds_entry *);

/*
 * Append a line for each of the n entries to the file at path, creating it
 * and its directories when missing; the file is replaced atomically (a
 * temporary file in the same directory, fsync, rename) and what it held
 * before is kept byte for byte.
 */
int		 feeds_append(const char *path, const struct feeds_entry *,
		    size_t n, char **cause);
/*
 * When the feeds file is the default one and does not exist, create it
 * from the curated DATADIR/feeds.default and set *created.
 */
int		 feeds_ensure(const struct paths *, int *created, char **cause);

#endif
