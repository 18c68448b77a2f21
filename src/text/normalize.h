/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_NORMALIZE_H
#define KHABAR_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Search folding.  Both the text put into the search index and the query are
 * passed through the same fold, so that spelling variants meet:
 *
 * - Arabic: harakat (U+064B-065F, U+0670), the Quranic annotation marks
 *   (U+0610-061A, U+06D6-06ED) and tatweel (U+0640) are dropped; alef with
 *   hamza or madda and alef wasla (U+0622 0623 0625 0671) become bare alef;
 *   alef maqsura becomes yeh; teh marbuta becomes heh; waw and yeh with hamza
 *   become waw and yeh; Persian keheh and Farsi yeh become kaf and yeh;
 *   Arabic-Indic and Persian digits become ASCII digits.
 * - Case: ASCII, Latin-1, Latin Extended-A, basic Greek and Cyrillic capitals
 *   are lower-cased with the simple one-to-one mapping (no ß -> ss).
 * - Controls: tab, newline, CR, VT and FF become a space (they separate
 *   words); other C0 and C1 controls, DEL, and invisible format characters
 *   (soft hyphen, ZWSP, ZWNJ, ZWJ, LRM/RLM, bidi embeddings and isolates,
 *   word joiner, BOM) are dropped, so that they never split a word.
 * - Malformed UTF-8 becomes U+FFFD.
 *
 * The fold is idempotent, and its output is valid UTF-8 with no NUL byte.
 * NORMALIZE_VERSION changes whenever the fold does, so that an index built
 * with an older fold can be rebuilt.
 */

#define NORMALIZE_VERSION	1

/* Fold len bytes of s into a new NUL-terminated string the caller frees. */
char		*normalize_fold(const char *s, size_t len, size_t *outlen);
/* Append the folding of len bytes of s to b. */
void		 normalize_fold_buf(struct buf *b, const char *s, size_t len);
/* Append the folding of the text of HTML s: tags dropped, entities decoded. */
void		 normalize_fold_html(struct buf *b, const char *s, size_t len);
/* Fold one code point; return UINT32_MAX when it is dropped. */
uint32_t	 normalize_fold_cp(uint32_t c);

/*
 * The text of HTML s in order, unfolded, as normalize_fold_html() reads it,
 * for a caller that folds it another way: runs of text as they are (a lone
 * '<' or '&' is a run of its own), the code point an entity stands for, and
 * each tag that separates words (not an inline one such as <b>).
 */
struct normalize_html_sink {
	void	(*text)(void *arg, const char *s, size_t len);
	void	(*cp)(void *arg, uint32_t c);
	void	(*tag)(void *arg);
};
void		 normalize_html_walk(const char *s, size_t len,
		    const struct normalize_html_sink *, void *arg);

#endif
