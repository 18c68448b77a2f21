/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_FULLTEXT_H
#define KHABAR_STORE_FULLTEXT_H

#include <stdint.h>

#include "store/db.h"

/*
 * The full article of an item, fetched from its link and kept so that it
 * reads offline: one row per item, gone with the item.  The store does not
 * look inside the article; the reader keeps it as the JSON of
 * html/artjson.h.
 */

/* A stored full article; strings are owned by the struct. */
struct store_fulltext {
	int64_t	 fetched_at;		/* seconds since the epoch */
	char	*url;			/* the page's final URL, may be NULL */
	char	*article;		/* never NULL when read */
};

/*
 * Store (or replace) the full article of item id, fetched at fetched_at
 * (0: now) from url.
 */
int	store_fulltext_put(struct store *, int64_t id, int64_t fetched_at,
	    const char *url, const char *article, char **cause);
/* Read item id's full article: 1 and *out set, 0 when none, -1 on error. */
int	store_fulltext_get(struct store *, int64_t id,
	    struct store_fulltext *out, char **cause);
/* Free what a store_fulltext owns; the struct is left zeroed. */
void	store_fulltext_clear(struct store_fulltext *);

#endif
