/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_STORE_WORDS_INT_H
#define KHABAR_STORE_WORDS_INT_H

/*
 * What the two halves of the search index share, included by them only: a
 * feed's words as the parser's thread gathers them (words-feed.c) and the
 * writer turns them into segments (words.c), and how words compare.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "store/words.h"
#include "util/buf.h"

/*
 * The words of a feed's items, gathered on the thread that parses.  Each
 * word of an item is looked up in a table of the feed's words (its slot by
 * hash, then keys and length, and for a word longer than 16 bytes the rest
 * of its bytes in the arena, where the feed's words are); a word met again
 * in the same item (its last entry is of this item) only adds where it is.
 * ent[] keeps one entry per word per item, in item order, by the word's
 * index in w[], where w[0] is no word while the words are gathered (an
 * empty slot's, see feed_word()); an entry is 8 bytes, the posting it
 * becomes and the word (12 with the item and flags apart).
 * store_words_feed_end() sorts the words and lays the entries out word
 * after word: post[] and each word's at and n.  map[] is filled by the
 * writer: item index to the item's id, 0 for an item not to index
 * (unchanged).
 */
struct fword {
	uint64_t	 key;		/* the first 8 bytes, big-endian */
	uint64_t	 key2;		/* the next 8 */
	uint32_t	 len;
	uint32_t	 s;		/* in arena */
	uint32_t	 n;		/* items */
	union {
		uint32_t last_ent;	/* its last entry, while gathering */
		uint32_t at;		/* the first in post[], once ended */
	} u;
};

struct fent {
	uint32_t	 w;
	uint32_t	 post;		/* item << 2 | flags, an fpost */
};

/*
 * A posting of an ended feed: item index << 2 | flags.  32 bytes a word
 * and 4 a posting, what a feed hands the writer took 29% less memory than
 * with 40 and 8, memory that was new pages each time for the feeds in
 * flight: 3,600 page faults of the parser thread in a cold refresh.
 */
typedef uint32_t fpost;
#define FPOST_ITEMS	(UINT32_MAX >> 2)	/* items of a feed at most */
#define FPOST_ITEM(p)	((p) >> 2)
#define FPOST_FLAGS(p)	((p) & 3)

struct words_scratch;

struct words_feed {
	int		 refs;
	int		 ended;
	struct words_scratch *scratch;	/* w, slot and ent are its */
	struct buf	 arena;
	struct fword	*w;
	size_t		 nw, walloc;
	uint32_t	*slot;		/* word index + 1; 0 is empty */
	size_t		 mask;
	struct fent	*ent;
	size_t		 ne, ealloc;
	uint32_t	 nitems;
	fpost		*post;
	int64_t		*map;
	size_t		 mapn;
};

/* The writer holds a feed until its transaction ends (store_words_map()). */
void	words_feed_ref(struct words_feed *);

/* A word cut to WORDS_MAX_LEN bytes, not inside a UTF-8 sequence. */
static inline size_t
word_cut(const char *s, size_t len)
{
	if (len <= WORDS_MAX_LEN)
		return len;
	len = WORDS_MAX_LEN;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

static inline int
word_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Byte order, a shorter word first: as SQLite compares BLOBs. */
static inline int
word_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int	c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/*
 * Two words in byte order from their keys and lengths.  Folded words hold
 * no NUL, so the keys, zero-padded, order the first 16 bytes of any two;
 * 2 when both are longer with the same keys: their bytes past 16 tell.
 */
static inline int
word_keys_cmp(uint64_t ka, uint64_t ka2, size_t alen, uint64_t kb,
    uint64_t kb2, size_t blen)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (ka2 != kb2)
		return ka2 < kb2 ? -1 : 1;
	if (alen <= 16 || blen <= 16)
		return alen < blen ? -1 : alen > blen;
	return 2;
}

/* Two words of feeds in byte order. */
static inline int
fword_cmp(const struct words_feed *wa, const struct fword *a,
    const struct words_feed *wb, const struct fword *b)
{
	int	c = word_keys_cmp(a->key, a->key2, a->len, b->key, b->key2,
		    b->len);

	if (c != 2)
		return c;
	return word_cmp(wa->arena.data + a->s + 16, a->len - 16,
	    wb->arena.data + b->s + 16, b->len - 16);
}

#endif
