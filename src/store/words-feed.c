/* khabar - ISC licence, see LICENSE. */

/*
 * The words of a feed's items for the search index, gathered on the
 * thread that parses (see words.c for the index and why): each word once
 * per item, with where it is, then sorted with the postings laid out word
 * after word, for the writer to merge into a segment with the other feeds
 * of its transaction.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/items.h"
#include "store/search.h"
#include "store/words-int.h"
#include "util/xmalloc.h"

/*
 * Eight bytes of a word from s, as many as len (at most 8) says, the rest
 * zero, the first in the lowest bits: one load masked when avail (the bytes
 * that can be read from s) is 8 or more on a little-endian machine, a byte
 * at a time otherwise.
 */
static uint64_t
word_load(const char *s, size_t len, size_t avail)
{
	uint64_t	w = 0;
	size_t		i;

	if (len == 0)
		return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (avail >= 8) {
		memcpy(&w, s, 8);
		if (len < 8)
			w &= ~0ULL >> (64 - 8 * len);
		return w;
	}
#else
	(void)avail;
#endif
	for (i = 0; i < len; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return w;
}

static uint64_t
word_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* The hash of a word's length and first 16 bytes, as word_load() has them. */
static inline uint64_t
word_head(size_t len, uint64_t a, uint64_t b)
{
	return word_mix(word_mix(0x6b68616261722032ULL ^ len, a), b);
}

/*
 * A word's keys, its first 16 bytes zero-padded as two big-endian integers
 * (the order of words, see fword_cmp()), and its hash, from the same loads.
 */
static uint32_t
word_keys(const char *s, size_t len, size_t avail, uint64_t *k1,
    uint64_t *k2)
{
	uint64_t	a, b, h;
	size_t		i;

	a = word_load(s, len < 8 ? len : 8, avail);
	b = len > 8 ? word_load(s + 8, len < 16 ? len - 8 : 8, avail - 8) : 0;
	*k1 = __builtin_bswap64(a);	/* the first byte highest */
	*k2 = __builtin_bswap64(b);
	h = word_head(len, a, b);
	for (i = 16; i < len; i += 8)
		h = word_mix(h, word_load(s + i, len - i < 8 ? len - i : 8,
		    avail - i));
	h *= 0xbf58476d1ce4e5b9ULL;
	return (uint32_t)(h >> 32);
}

/*
 * The length of the word at s, and its keys and hash as word_keys() makes
 * them, when it is shorter than 16 bytes and a blank ends it (most words):
 * two loads of 8 bytes, the end found in them without a loop
 * (store_search_below21(): the lowest byte it flags is exact).  16 for any
 * other word, which word_keys() then reads.  At least 16 bytes must be
 * readable at s.
 */
static inline size_t
word_short(const char *s, uint64_t *k1, uint64_t *k2, uint32_t *hash)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t	 a, b, ma, mb, h;
	size_t		 len;

	memcpy(&a, s, 8);
	memcpy(&b, s + 8, 8);
	ma = store_search_below21(a);
	mb = store_search_below21(b);
	if (ma != 0) {
		if ((len = (size_t)__builtin_ctzll(ma) / 8) == 0)
			return 16;	/* no word starts here */
		a &= ~0ULL >> (64 - 8 * len);
		b = 0;
	} else if (mb != 0) {
		len = 8 + (size_t)__builtin_ctzll(mb) / 8;
		b &= len == 8 ? 0 : ~0ULL >> (64 - 8 * (len - 8));
	} else
		return 16;
	if (!word_blank(s[len]))
		return 16;		/* a control character: not here */
	*k1 = __builtin_bswap64(a);
	*k2 = __builtin_bswap64(b);
	h = word_head(len, a, b) * 0xbf58476d1ce4e5b9ULL;
	*hash = (uint32_t)(h >> 32);
	return len;
#else
	(void)s;
	(void)k1;
	(void)k2;
	(void)hash;
	return 16;
#endif
}

/*
 * The buffers a feed's words are gathered in (the words as met, the table
 * of them, the entries), lent by each thread to one feed at a time and
 * kept from one feed to the next: allocated afresh for each feed and freed
 * when it was sorted, they were new pages every time, faulted in again
 * (gathering 200 feeds kept alive as a refresh keeps them took 51 ns a
 * word and 94 ms to sort, against 33 and 36 when each feed's memory was
 * freed before the next).  A second feed gathered on the same thread at
 * once has buffers of its own.
 */
struct words_scratch {
	struct fword	*w;
	size_t		 walloc;
	uint32_t	*slot;
	size_t		 mask;
	struct fent	*ent;
	size_t		 ealloc;
	int		 busy;
};

static pthread_key_t	scratch_key;
static pthread_once_t	scratch_once = PTHREAD_ONCE_INIT;

static void
scratch_free(void *arg)
{
	struct words_scratch	*sc = arg;

	free(sc->w);
	free(sc->slot);
	free(sc->ent);
	free(sc);
}

static void
scratch_init(void)
{
	if (pthread_key_create(&scratch_key, scratch_free) != 0)
		abort();
}

/* Borrow this thread's buffers for wf, if they are free. */
static void
scratch_borrow(struct words_feed *wf)
{
	struct words_scratch	*sc;

	pthread_once(&scratch_once, scratch_init);
	if ((sc = pthread_getspecific(scratch_key)) == NULL) {
		sc = xcalloc(1, sizeof *sc);
		if (pthread_setspecific(scratch_key, sc) != 0)
			abort();
	}
	if (sc->busy)
		return;
	sc->busy = 1;
	wf->scratch = sc;
	wf->w = sc->w;
	wf->walloc = sc->walloc;
	wf->ent = sc->ent;
	wf->ealloc = sc->ealloc;
	if (sc->slot != NULL) {
		memset(sc->slot, 0, (sc->mask + 1) * sizeof *sc->slot);
		wf->slot = sc->slot;
		wf->mask = sc->mask;
	}
	sc->w = NULL;
	sc->slot = NULL;
	sc->ent = NULL;
}

/*
 * Give wf's gathering buffers back to the thread that lent them (freed if
 * that is another thread: they cannot be handed over there).
 */
static void
scratch_return(struct words_feed *wf, struct fword *w, size_t walloc)
{
	struct words_scratch	*sc = wf->scratch;

	wf->scratch = NULL;
	if (sc == NULL || pthread_getspecific(scratch_key) != sc) {
		free(w);
		free(wf->slot);
		free(wf->ent);
	} else {
		sc->w = w;
		sc->walloc = walloc;
		sc->slot = wf->slot;
		sc->mask = wf->mask;
		sc->ent = wf->ent;
		sc->ealloc = wf->ealloc;
		sc->busy = 0;
	}
	wf->slot = NULL;
	wf->mask = 0;
	wf->ent = NULL;
	wf->ealloc = 0;
}

struct words_feed *
store_words_feed_new(void)
{
	struct words_feed	*wf = xcalloc(1, sizeof *wf);

	wf->refs = 1;
	return wf;
}

void
words_feed_ref(struct words_feed *wf)
{
	__atomic_add_fetch(&wf->refs, 1, __ATOMIC_RELAXED);
}

void
store_words_feed_unref(struct words_feed *wf)
{
	if (wf == NULL || __atomic_sub_fetch(&wf->refs, 1, __ATOMIC_ACQ_REL) !=
	    0)
		return;
	buf_free(&wf->arena);
	if (wf->scratch != NULL) {
		scratch_return(wf, wf->w, wf->walloc);
		wf->w = NULL;
	}
	free(wf->w);
	free(wf->slot);
	free(wf->ent);
	free(wf->post);
	free(wf->map);
	free(wf);
}

size_t
store_words_feed_size(const struct words_feed *wf)
{
	return wf->arena.cap + wf->walloc * sizeof *wf->w +
	    (wf->mask + 1) * sizeof *wf->slot + wf->ealloc * sizeof *wf->ent;
}

static void
feed_grow(struct words_feed *wf)
{
	size_t		 size = wf->mask == 0 ? 1024 : (wf->mask + 1) * 2, i, k;
	uint32_t	*slot = xcalloc(size, sizeof *slot);
	uint64_t	 k1, k2;

	/* Hashed again: a table grows seldom, and a word keeps no hash. */
	for (i = 1; i <= wf->nw; i++) {
		for (k = word_keys(wf->arena.data + wf->w[i].s, wf->w[i].len,
		    wf->arena.len - wf->w[i].s, &k1, &k2) & (size - 1);
		    slot[k] != 0; k = (k + 1) & (size - 1))
			/* nothing */;
		slot[k] = (uint32_t)i;
	}
	free(wf->slot);
	wf->slot = slot;
	wf->mask = size - 1;
}

/*
 * More room in w[], for a word more and the one a lookup writes past the
 * last (feed_word()); w[0] is no word, a length of 0 that no lookup
 * matches.
 */
static void
feed_room(struct words_feed *wf)
{
	if (wf->walloc == 0) {
		wf->walloc = 1024;
		wf->w = xreallocarray(NULL, wf->walloc, sizeof *wf->w);
		memset(&wf->w[0], 0, sizeof wf->w[0]);
	} else {
		wf->walloc *= 2;
		wf->w = xreallocarray(wf->w, wf->walloc, sizeof *wf->w);
	}
}

/*
 * Add a word of item item, whose entries begin at first: len bytes at p,
 * with its keys and hash.  A word of the feed is found in the table by
 * its slot, and a slot that is empty gives w[0], so one branch ends the
 * probe whichever way it ends; the word is written past the last and its
 * first bytes into the arena whether it is new or not (the arena has room
 * for 16 more), and kept if it is.  A word met again in the same item (its
 * last entry is of this item: telling it so from the index costs no look
 * at ent[]) only adds where it is, and that too is chosen without a
 * branch: the words of a feed are a third new and a fifth again in their
 * item, neither of which a branch predicts (gathering took 40 ns a word).
 */
static inline void
feed_word(struct words_feed *wf, uint32_t item, size_t first, const char *p,
    size_t len, size_t avail, uint64_t k1, uint64_t k2, uint32_t h,
    unsigned flag)
{
	struct fword	*fw, *nu;
	size_t		 k, e;
	uint32_t	 x, isnew, again;

	if (wf->nw + 2 > wf->walloc)
		feed_room(wf);
	if (wf->ne == wf->ealloc) {
		wf->ealloc = wf->ealloc == 0 ? 4096 : wf->ealloc * 2;
		wf->ent = xreallocarray(wf->ent, wf->ealloc, sizeof *wf->ent);
	}
	for (k = h & wf->mask;; k = (k + 1) & wf->mask) {
		x = wf->slot[k];
		fw = &wf->w[x];
		/* Most words are 16 bytes or less: their keys are them. */
		if ((x == 0) | ((fw->key == k1) & (fw->key2 == k2) &
		    (fw->len == len))) {
			if (x == 0 || len <= 16 ||
			    memcmp(wf->arena.data + fw->s + 16, p + 16,
			    len - 16) == 0)
				break;
		}
	}
	nu = &wf->w[wf->nw + 1];
	nu->key = k1;
	nu->key2 = k2;
	nu->len = (uint32_t)len;
	nu->s = (uint32_t)wf->arena.len;
	nu->n = 0;
	nu->u.last_ent = 0;
	if (len < 16 && avail >= 16)
		memcpy(wf->arena.data + wf->arena.len, p, 16);
	else
		memcpy(wf->arena.data + wf->arena.len, p, len);
	isnew = x == 0;
	x = isnew ? (uint32_t)wf->nw + 1 : x;
	wf->slot[k] = x;
	wf->nw += isnew;
	wf->arena.len += isnew ? len : 0;
	fw = &wf->w[x];
	again = (fw->n != 0) & (fw->u.last_ent >= first);
	e = again ? fw->u.last_ent : wf->ne;
	wf->ent[wf->ne].post = item << 2;
	wf->ent[e].post |= flag;
	wf->ent[e].w = x;
	wf->ne += !again;
	fw->u.last_ent = (uint32_t)e;
	fw->n += !again;
	if (isnew && wf->nw * 2 > wf->mask + 1)
		feed_grow(wf);
}

/*
 * Gather the words of len bytes of s, in item item whose entries begin at
 * first.  The arena is made room for all of them at once (with the 16
 * bytes a short word writes).
 */
static void
feed_words(struct words_feed *wf, uint32_t item, size_t first, const char *s,
    size_t len, unsigned flag)
{
	size_t		 i = 0, start, wlen;
	uint64_t	 k1, k2;
	uint32_t	 h;

	buf_grow(&wf->arena, len + 16);
	while (i < len) {
		while (i < len && word_blank(s[i]))
			i++;
		if (i == len)
			break;
		start = i;
		if (len - start < 16 ||
		    (wlen = word_short(s + start, &k1, &k2, &h)) == 16) {
			i = store_search_word_end(s, start, len);
			wlen = word_cut(s + start, i - start);
			h = word_keys(s + start, wlen, len - start, &k1, &k2);
		} else
			i = start + wlen;
		feed_word(wf, item, first, s + start, wlen, len - start, k1, k2,
		    h, flag);
	}
}

uint32_t
store_words_feed_item(struct words_feed *wf, const char *title, size_t tlen,
    const char *body, size_t blen)
{
	uint32_t	item = wf->nitems++;
	size_t		first;

	if (wf->nitems == 1 && !wf->ended)
		scratch_borrow(wf);
	if (wf->mask == 0)
		feed_grow(wf);
	/*
	 * The arena and the entries index with 32 bits: 4 GB of words; a
	 * posting has 30 for the item.
	 */
	if (wf->arena.len > UINT32_MAX / 2 || wf->ne > UINT32_MAX / 2 ||
	    item >= FPOST_ITEMS)
		return item;
	first = wf->ne;
	feed_words(wf, item, first, title, tlen, WORDS_TITLE);
	feed_words(wf, item, first, body, blen, WORDS_BODY);
	return item;
}

/*
 * Sort the words: by key, eight bits a pass from the lowest (a pass is
 * skipped when every key has the same byte there), then the rare runs of
 * equal keys by the rest of the word.  The passes move keys with their
 * word's index, sixteen bytes in a row, and the counts of all eight bytes
 * come from one look at each word: read through the index from the words
 * themselves, each pass was two loads from scattered 32-byte words.
 * Returns the keys and indexes in order.
 */
struct sort_key {
	uint64_t	key;
	uint32_t	i;
};

static struct sort_key *
feed_sort(struct words_feed *wf)
{
	const struct fword	*w = wf->w;
	struct sort_key		*from, *to, *t, x;
	uint32_t		(*count)[256];
	size_t			 n = wf->nw, i, j, sum, c, b;
	uint64_t		 k;

	from = xreallocarray(NULL, n + 1, sizeof *from);
	to = xreallocarray(NULL, n + 1, sizeof *to);
	count = xcalloc(8, sizeof *count);
	for (i = 0; i < n; i++) {
		from[i].key = k = w[i + 1].key;	/* w[0] is no word */
		from[i].i = (uint32_t)i + 1;
		for (b = 0; b < 8; b++)
			count[b][k >> 8 * b & 0xff]++;
	}
	for (b = 0; b < 8 && n > 1; b++) {
		if (count[b][from[0].key >> 8 * b & 0xff] == n)
			continue;
		for (i = sum = 0; i < 256; i++) {
			c = count[b][i];
			count[b][i] = (uint32_t)sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[b][from[i].key >> 8 * b & 0xff]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	for (i = 1; i < n; i++) {
		if (from[i].key != from[i - 1].key)
			continue;
		x = from[i];
		for (j = i; j > 0 && from[j - 1].key == x.key &&
		    fword_cmp(wf, &w[from[j - 1].i], wf, &w[x.i]) > 0; j--)
			from[j] = from[j - 1];
		from[j] = x;
	}
	free(count);
	free(to);
	return from;
}

void
store_words_feed_end(struct words_feed *wf)
{
	struct sort_key	*order;
	struct fword	*sorted;
	uint32_t	*fill;
	size_t		 i, sum;

	if (wf->ended)
		return;
	wf->ended = 1;
	order = feed_sort(wf);
	/*
	 * The words in their order from here on (the writer walks them in
	 * step with other feeds'), each with where its postings begin, and
	 * that also by the index the entries know it by: one look at each
	 * word, in the order the sort left.
	 */
	sorted = xreallocarray(NULL, wf->nw + 1, sizeof *sorted);
	fill = xreallocarray(NULL, wf->nw + 1, sizeof *fill);
	for (i = sum = 0; i < wf->nw; i++) {
		sorted[i] = wf->w[order[i].i];
		sorted[i].u.at = (uint32_t)sum;
		fill[order[i].i] = (uint32_t)sum;
		sum += sorted[i].n;
	}
	free(order);
	wf->post = xreallocarray(NULL, wf->ne + 1, sizeof *wf->post);
	for (i = 0; i < wf->ne; i++)
		wf->post[fill[wf->ent[i].w]++] = wf->ent[i].post;
	free(fill);
	/* What is left to do is on the sorted words and their postings. */
	if (wf->scratch != NULL)
		scratch_return(wf, wf->w, wf->walloc);
	else {
		free(wf->w);
		free(wf->ent);
		free(wf->slot);
		wf->ent = NULL;
		wf->ealloc = 0;
		wf->slot = NULL;
		wf->mask = 0;
	}
	wf->w = sorted;
	wf->walloc = wf->nw;
}

void
store_words_feed_dump(struct words_feed *wf, struct buf *out)
{
	const struct fword	*fw;
	size_t			 i, k;

	store_words_feed_end(wf);
	buf_reset(out);
	for (i = 0; i < wf->nw; i++) {
		fw = &wf->w[i];
		buf_add(out, wf->arena.data + fw->s, fw->len);
		for (k = 0; k < fw->n; k++)
			buf_printf(out, " %u:%u",
			    FPOST_ITEM(wf->post[fw->u.at + k]),
			    FPOST_FLAGS(wf->post[fw->u.at + k]));
		buf_addc(out, '\n');
	}
}
