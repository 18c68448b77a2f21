/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_SEARCH_H
#define KHABAR_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/items.h"
#include "util/buf.h"

/*
 * Full-text search.  The index (words.c) holds, for each word of the folded
 * title and of the folded plain text of author, categories, summary and
 * content of every item, the items that have it; a query is folded and
 * split the same way, every word of it required, and nothing a user types
 * is syntax except a final '*' for a prefix.
 */

#define STORE_SEARCH_MAX_TERMS	32

/*
 * Append to rows up to limit items whose text has every word of query,
 * best first (words.c: for each word, how rare it is, ten times over when
 * it is in the title), then newest.
 */
int	store_search(struct store *, const char *query, size_t offset,
	    size_t limit, struct store_rows *, char **cause);
/*
 * Write into out the words query is looked up by, separated by spaces, a
 * '*' after a prefix; return how many (0: the query matches nothing).
 * Each blank-separated word of the query is folded and split as the index
 * was: a word that splits (e-mail) is its parts, all required, the '*' on
 * the last.
 */
size_t	store_search_terms(const char *query, struct buf *out);
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
/*
 * The bytes below 0x21 among eight of text (loaded little-endian, the
 * first lowest), each flagged by its high bit, from the borrow of
 * subtracting 0x21 from each: the lowest flagged is exact, the borrow may
 * flag bytes above it too.  For finding a word's end a word at a time.
 */
static inline uint64_t
store_search_below21(uint64_t x)
{
	return (x - 0x21 * 0x0101010101010101ULL) & ~x &
	    0x8080808080808080ULL;
}

#endif
