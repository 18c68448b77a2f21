/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_ARTJSON_H
#define KHABAR_ARTJSON_H

#include "html/extract.h"

/*
 * An extracted article (struct extract) as JSON text, and back, so that
 * it can be kept in the cache and shown again without the page.  The
 * blocks keep everything the layout uses: kind, level, direction, margin,
 * list marker, text and the attribute words (as runs: [[start, word],
 * ...], a run lasting to the next start); the links and the related links
 * keep their order, so the numbers come out the same.  The object is
 * versioned by "v": 1.
 */

/* The JSON of ex, NUL-terminated; NULL if it has text that is not UTF-8. */
char		*artjson_encode(const struct extract *ex);
/*
 * Read back what artjson_encode() wrote; NULL and *cause (the caller
 * frees it) when the text is not such an article.
 */
struct extract	*artjson_decode(const char *json, char **cause);

#endif
