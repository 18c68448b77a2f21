/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_SEARCH_H
#define KHABAR_STORE_SEARCH_H

#include <stddef.h>

#include "store/items.h"
#include "util/buf.h"

/*
 * Full-text search.  The items_fts table (FTS5, contentless) holds the
 * folded title and the folded plain text of author, categories, summary and
 * content of every item; items.c writes what it inserts and updates, and a
 * trigger on delete calls the khabar_fold() and khabar_fold_body() SQL
 * functions, the same fold, so that deleting a row re-derives exactly the
 * tokens it was indexed with.  A query
 * is folded the same way and each word becomes a quoted FTS5 string, so
 * nothing a user types is FTS5 syntax except a final '*' for a prefix.
 */

#define STORE_SEARCH_MAX_TERMS	32

/*
 * Append to rows up to limit items whose text has every word of query,
 * best first (khabar_rank(), search.c: bm25 with the title weighing ten
 * times the body), then newest.
 */
int	store_search(struct store *, const char *query, size_t offset,
	    size_t limit, struct store_rows *, char **cause);
/*
 * Write into b the FTS5 expression for query: folded, each word quoted,
 * all ANDed; return the number of words (0: the query matches nothing).
 */
size_t	store_search_expr(struct buf *b, const char *query);
/*
 * Rewrite the folded text in b (normalize.h) as its words separated by
 * single spaces: what each word of a query goes through, and what the
 * index's own one-pass fold of a row (see search.c) must agree with.
 */
void	store_search_words(struct buf *b);
/*
 * Where the word of folded text at i ends: at the first ASCII blank (space,
 * tab, newline, return) from i, or len.  The index's tokenizer splits so.
 */
size_t	store_search_word_end(const char *text, size_t i, size_t len);

#endif
