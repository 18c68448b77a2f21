/* khabar - ISC licence, see LICENSE. */

/*
 * The search index.  For each folded word (search.c folds and splits), the
 * items that have it, each with two bits: in the title, in the body.
 *
 * Why not FTS5: on feeds with a real vocabulary (bench/refresh-bench.sh,
 * TEXT=zipf) FTS5 took 1.0 of the 1.5 s of a cold refresh of 200 feeds, all
 * on the thread that writes: it hashes every word of every item into its
 * pending terms one at a time (a word that repeats in an item, again),
 * sorts them by comparing strings at each flush, and merges its segments
 * over and over.  Here the per-word work is done where the fold is, on the
 * parser's thread (words-feed.c): a words_feed gathers the words of a
 * feed's items, each word once per item with where it is, and sorts them
 * when the feed is parsed.  The writer only says which of those items it
 * stored, under which id (store_words_map()); at the commit the sorted
 * words of the feeds of the transaction are merged into one segment,
 * written as pages of at most WORDS_PAGE bytes in a WITHOUT ROWID table.
 *
 * Tables (db.c's migration 9): word_segs (seg, level, items), one row per
 * segment; words (seg, word, data), one row per page, keyed by the page's
 * first word: data is entries of (word length, word, postings length,
 * postings), words in byte order, postings the item ids in ascending order,
 * each a varint of (id - previous id) << 2 | where; words_gone (id, seg):
 * the postings of item id in every segment below seg are dead.  An item
 * changed or deleted gets a words_gone row with the number the next segment
 * will have (the trigger on delete, store_words_forget() on a change), so
 * what it is indexed with from then on counts and nothing before.  When
 * WORDS_MERGE segments have the same level they are merged into one of the
 * next level, dead postings dropped; a words_gone row goes once no segment
 * below its number is left.  Segment numbers only grow.
 *
 * A search reads, for each word of the query, its entry in every segment
 * (one page each), unions them, intersects the words, keeps what passes the
 * filter, and ranks: for each word, its IDF times 10 if it is in the title
 * plus 1 if in the body (BM25 with a word counted once, and no length: the
 * index keeps neither).  The whole search is one read transaction.
 *
 * Everything is written in the transaction that writes the items, so a
 * crash leaves the index as the items are.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/items.h"
#include "store/search.h"
#include "store/words.h"
#include "store/words-int.h"
#include "text/normalize.h"
#include "util/xmalloc.h"

/*
 * Bytes of entries in a page, at most unless one entry is more: a row of an
 * index b-tree (a WITHOUT ROWID table is one) keeps about 4,080 bytes on a
 * 16 KB page, the rest on overflow pages of their own.  Pages of 8,000
 * bytes wrote twice what they held.
 */
#define WORDS_PAGE	3800
#define WORDS_MERGE	16	/* segments of one level merged into one */
#define WORDS_W_TITLE	10.0
#define WORDS_W_BODY	1.0
#define WORDS_FEW_HITS	2048	/* filtered one by one below this */
#define WORDS_REBUILD	4096	/* items a segment while rebuilding */

/* One posting: an item and where the word is in it. */
struct posting {
	int64_t		 id;
	unsigned	 flags;
};

struct postings {
	struct posting	*v;
	size_t		 n, alloc;
};

/* The dead: item ids and the segment below which they are gone. */
struct gone {
	int64_t		*id;
	int64_t		*seg;
	size_t		 n;
};

/*
 * Varints: seven bits a byte, lowest first, the high bit for "more".  Read
 * one at *p below end; -1 if it runs past end or is too long.
 */
static int
get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t	x = 0;
	int		shift;

	for (shift = 0; *p < end && shift < 64; shift += 7) {
		x |= (uint64_t)(**p & 0x7f) << shift;
		if ((*(*p)++ & 0x80) == 0) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static int
posting_cmp(const void *va, const void *vb)
{
	const struct posting	*a = va, *b = vb;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* Pages of a segment as they are written. */
struct writer {
	struct store	*st;
	int64_t		 seg;
	struct buf	 page;
	struct buf	 first;		/* the page's first word */
};

static int
writer_put(struct writer *w, char **cause)
{
	sqlite3_stmt	*s;

	if (w->page.len == 0)
		return 0;
	if ((s = store_stmt(w->st, ST_WORDS_PUT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, w->seg);
	sqlite3_bind_blob(s, 2, w->first.data, (int)w->first.len,
	    SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, w->page.data, (int)w->page.len, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(w->st, cause, w->st->path);
	sqlite3_reset(s);
	buf_reset(&w->page);
	return 0;
}

static size_t
varint_len(uint64_t v)
{
	size_t	n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static unsigned char *
varint_put(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

/*
 * Add a word and its postings v[0..n) (ids ascending) to the segment,
 * encoded in place: their length first, then each.
 */
static int
writer_word(struct writer *w, const char *s, size_t len,
    const struct posting *v, size_t n, char **cause)
{
	unsigned char	*p;
	size_t		 plen = 0, i;
	int64_t		 prev = 0;

	for (i = 0; i < n; i++) {
		plen += varint_len((uint64_t)(v[i].id - prev) << 2 | v[i].flags);
		prev = v[i].id;
	}
	if (w->page.len != 0 && w->page.len + len + plen + 20 > WORDS_PAGE &&
	    writer_put(w, cause) != 0)
		return -1;
	if (w->page.len == 0) {
		buf_reset(&w->first);
		buf_add(&w->first, s, len);
	}
	buf_grow(&w->page, 20 + len + plen);
	p = (unsigned char *)w->page.data + w->page.len;
	p = varint_put(p, len);
	memcpy(p, s, len);
	p = varint_put(p + len, plen);
	for (i = 0, prev = 0; i < n; i++) {
		p = varint_put(p, (uint64_t)(v[i].id - prev) << 2 | v[i].flags);
		prev = v[i].id;
	}
	w->page.len = (size_t)(p - (unsigned char *)w->page.data);
	w->page.data[w->page.len] = '\0';
	if (w->page.len >= WORDS_PAGE)
		return writer_put(w, cause);
	return 0;
}

static void
writer_free(struct writer *w)
{
	buf_free(&w->page);
	buf_free(&w->first);
}

static int
words_next_seg(struct store *st, int64_t *seg, char **cause)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, ST_WORDS_NEXT_SEG, cause)) == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, cause, st->path);
	}
	*seg = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

static int
words_seg_add(struct store *st, int64_t seg, int level, int64_t items,
    char **cause)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, ST_WORDS_SEG_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seg);
	sqlite3_bind_int(s, 2, level);
	sqlite3_bind_int64(s, 3, items);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return 0;
}

static int	words_merge(struct store *, char **);

/* The feeds of the open transaction: item ids given, words to write. */
struct words_pend {
	struct words_feed	**v;
	size_t			  n, alloc;
	struct words_feed	 *own;	/* items stored one at a time */
};

static struct words_pend *
words_pend(struct store *st)
{
	if (st->words == NULL)
		st->words = xcalloc(1, sizeof *st->words);
	return st->words;
}

/* Unmap item id from wf. */
static void
words_map_forget(struct words_feed *wf, int64_t id)
{
	size_t	j;

	for (j = 0; j < wf->mapn; j++) {
		if (wf->map[j] == id)
			wf->map[j] = 0;
	}
}

void
store_words_map(struct store *st, struct words_feed *wf, uint32_t item,
    int64_t id)
{
	struct words_pend	*p = words_pend(st);
	size_t			 i;

	if (item >= wf->nitems)
		return;
	for (i = p->n; i > 0 && p->v[i - 1] != wf; i--)
		/* nothing */;
	if (i == 0) {
		if (p->n == p->alloc) {
			p->alloc = p->alloc == 0 ? 16 : p->alloc * 2;
			p->v = xreallocarray(p->v, p->alloc, sizeof *p->v);
		}
		p->v[p->n++] = wf;
		words_feed_ref(wf);
	}
	if (wf->mapn < wf->nitems) {
		wf->map = xreallocarray(wf->map, wf->nitems, sizeof *wf->map);
		memset(wf->map + wf->mapn, 0,
		    (wf->nitems - wf->mapn) * sizeof *wf->map);
		wf->mapn = wf->nitems;
	}
	/*
	 * An item stored twice in a transaction (its guid twice in a feed)
	 * may have its words in a feed's words once and in the store's own
	 * the other time (items.c gathers them there when the parser did
	 * not): the words of the last time it was stored must win, whatever
	 * the order words_unmap() meets them in, so the other is forgotten.
	 * The store's own words are few, and seldom beside a feed's.
	 */
	for (i = 0; i < p->n; i++) {
		if (p->v[i] != wf && (wf == p->own || p->v[i] == p->own))
			words_map_forget(p->v[i], id);
	}
	wf->map[item] = id;
}

struct words_feed *
store_words_own(struct store *st)
{
	struct words_pend	*p = words_pend(st);

	if (p->own == NULL)
		p->own = store_words_feed_new();
	return p->own;
}

void
store_words_discard(struct store *st)
{
	struct words_pend	*p = st->words;
	size_t			 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		/* Mapped again if its items are stored again. */
		if (p->v[i]->map != NULL)
			memset(p->v[i]->map, 0,
			    p->v[i]->mapn * sizeof *p->v[i]->map);
		store_words_feed_unref(p->v[i]);
	}
	p->n = 0;
	store_words_feed_unref(p->own);
	p->own = NULL;
}

void
store_words_free(struct store *st)
{
	if (st->words == NULL)
		return;
	store_words_discard(st);
	free(st->words->v);
	free(st->words);
	st->words = NULL;
}

int
store_words_forget(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt	*s;

	/* Indexed earlier in this transaction: store_words_flush() sees it. */
	if ((s = store_stmt(st, ST_WORDS_GONE, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return 0;
}

/*
 * Before a segment is written: an item mapped twice keeps its last
 * mapping, and an item deleted since it was mapped none.
 */
static int
words_unmap(struct store *st, int64_t seg, size_t *nitems, char **cause)
{
	struct words_pend	*p = st->words;
	struct words_feed	*wf;
	sqlite3_stmt		*s;
	int64_t			*seen, id;
	size_t			 total = 0, size = 16, mask, i, j, k;
	int			 rc;

	for (i = 0; i < p->n; i++)
		total += p->v[i]->mapn;
	while (size < total * 2)
		size *= 2;
	mask = size - 1;
	seen = xcalloc(size, sizeof *seen);
	*nitems = 0;
	for (i = p->n; i-- > 0;) {
		wf = p->v[i];
		for (j = wf->mapn; j-- > 0;) {
			if ((id = wf->map[j]) == 0)
				continue;
			k = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ULL >>
			    20) & mask;
			for (; seen[k] != 0 && seen[k] != id; k = (k + 1) & mask)
				/* nothing */;
			if (seen[k] == id)
				wf->map[j] = 0;		/* a later one wins */
			else {
				seen[k] = id;
				(*nitems)++;
			}
		}
	}
	free(seen);
	if ((s = store_stmt(st, ST_WORDS_GONE_NEW, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seg);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		for (i = 0; i < p->n; i++) {
			for (j = 0; j < p->v[i]->mapn; j++) {
				if (p->v[i]->map[j] == id) {
					p->v[i]->map[j] = 0;
					(*nitems)--;
				}
			}
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	return 0;
}

/*
 * A feed's next word in words_build(): its keys copied where the merge
 * compares them, next to the other feeds', rather than read through each
 * feed's array (that was a fifth of the writer's time).  A feed with no
 * word left has keys above any word's: folded text has no 0xff byte.
 */
struct head {
	uint64_t	key, key2;
	uint32_t	len;
	uint32_t	at;
};

/*
 * Each feed's words, postings and word bytes were written on the parser's
 * core: head_load() asks for them HEAD_AHEAD words ahead (loads of the
 * next word and of its bytes waited for the cache each time: in a cold
 * refresh 372 samples of the merge and 214 of copying words, then 165-225
 * and 14-24).
 */
#define HEAD_AHEAD	8

static void
head_load(struct head *h, const struct words_feed *wf)
{
	const struct fword	*fw;

	if (h->at == wf->nw) {
		h->key = h->key2 = UINT64_MAX;
		h->len = UINT32_MAX;
		return;
	}
	fw = &wf->w[h->at];
	h->key = fw->key;
	h->key2 = fw->key2;
	h->len = fw->len;
	if (h->at + HEAD_AHEAD < wf->nw) {
		__builtin_prefetch(fw + HEAD_AHEAD);
		__builtin_prefetch(&wf->post[fw[HEAD_AHEAD / 2].u.at]);
		__builtin_prefetch(wf->arena.data + fw[HEAD_AHEAD / 2].s);
	}
}

/* The order of the next words of feeds a and b (see fword_cmp()). */
static int
head_cmp(const struct words_pend *p, size_t a, const struct head *ha,
    size_t b, const struct head *hb)
{
	int	c = word_keys_cmp(ha->key, ha->key2, ha->len, hb->key, hb->key2,
		    hb->len);

	if (c != 2)
		return c;
	return fword_cmp(p->v[a], &p->v[a]->w[ha->at], p->v[b],
	    &p->v[b]->w[hb->at]);
}

/*
 * Write the words of the transaction's feeds as segment seg: their sorted
 * words merged, each word's postings those of every feed that has it, the
 * items' indexes turned into ids.
 */
static int
words_build(struct store *st, int64_t seg, size_t nitems, char **cause)
{
	struct words_pend	*p = st->words;
	struct writer		 w = { st, seg, { 0 }, { 0 } };
	struct postings		 all = { 0 };
	struct words_feed	*wf;
	const struct fword	*fw;
	fpost			 fp;
	struct head		*h;
	size_t			*low, nlow, i, k;
	uint64_t		 key;
	int64_t			 id;
	int			 rc = -1, sorted, c;

	h = xcalloc(p->n + 1, sizeof *h);
	low = xcalloc(p->n + 1, sizeof *low);
	for (i = 0; i < p->n; i++) {
		store_words_feed_end(p->v[i]);
		head_load(&h[i], p->v[i]);
	}
	for (;;) {
		/*
		 * The feeds whose next word is the lowest, in their order:
		 * those with the lowest first key, found without a branch on
		 * each (which feed is lowest is anyone's guess, and the
		 * guesses were half of this loop), then among them the rest.
		 */
		key = UINT64_MAX;
		for (i = 0; i < p->n; i++)
			key = h[i].key < key ? h[i].key : key;
		nlow = 0;
		for (i = 0; i < p->n; i++) {
			low[nlow] = i;
			nlow += h[i].key == key && h[i].len != UINT32_MAX;
		}
		if (nlow == 0)
			break;		/* every feed's words are done */
		for (i = k = 0; i < nlow; i++) {
			if (k != 0 && (c = head_cmp(p, low[i], &h[low[i]],
			    low[0], &h[low[0]])) >= 0) {
				if (c == 0)
					low[k++] = low[i];
				continue;
			}
			low[0] = low[i];
			k = 1;
		}
		nlow = k;
		all.n = 0;
		sorted = 1;
		for (i = 0; i < nlow; i++) {
			wf = p->v[low[i]];
			fw = &wf->w[h[low[i]].at];
			for (k = 0; k < fw->n; k++) {
				fp = wf->post[fw->u.at + k];
				if (FPOST_ITEM(fp) >= wf->mapn ||
				    (id = wf->map[FPOST_ITEM(fp)]) == 0)
					continue;
				if (all.n == all.alloc) {
					all.alloc = all.alloc == 0 ? 1024 :
					    all.alloc * 2;
					all.v = xreallocarray(all.v, all.alloc,
					    sizeof *all.v);
				}
				if (all.n > 0 && id <= all.v[all.n - 1].id)
					sorted = 0;
				all.v[all.n].id = id;
				all.v[all.n++].flags = FPOST_FLAGS(fp);
			}
		}
		wf = p->v[low[0]];
		fw = &wf->w[h[low[0]].at];
		if (all.n != 0) {
			if (!sorted)	/* items changed keep their ids */
				qsort(all.v, all.n, sizeof *all.v,
				    posting_cmp);
			if (writer_word(&w, wf->arena.data + fw->s, fw->len,
			    all.v, all.n, cause) != 0)
				goto out;
		}
		for (i = 0; i < nlow; i++) {
			h[low[i]].at++;
			head_load(&h[low[i]], p->v[low[i]]);
		}
	}
	if (writer_put(&w, cause) != 0 ||
	    words_seg_add(st, seg, 0, (int64_t)nitems, cause) != 0)
		goto out;
	rc = 0;
out:
	writer_free(&w);
	free(all.v);
	free(low);
	free(h);
	return rc;
}

int
store_words_flush(struct store *st, char **cause)
{
	size_t	nitems;
	int64_t	seg;
	int	rc;

	if (st->words == NULL || st->words->n == 0) {
		store_words_discard(st);
		return 0;
	}
	if (words_next_seg(st, &seg, cause) != 0 ||
	    words_unmap(st, seg, &nitems, cause) != 0) {
		store_words_discard(st);
		return -1;
	}
	rc = nitems == 0 ? 0 : words_build(st, seg, nitems, cause);
	store_words_discard(st);
	if (rc == 0 && nitems != 0)
		rc = words_merge(st, cause);
	return rc;
}

/* The dead, sorted by id (usually none). */
static int
gone_load(struct store *st, struct gone *g, char **cause)
{
	sqlite3_stmt	*s;
	size_t		 alloc = 0;
	int		 rc;

	memset(g, 0, sizeof *g);
	if ((s = store_stmt(st, ST_WORDS_GONE_ALL, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (g->n == alloc) {
			alloc = alloc == 0 ? 64 : alloc * 2;
			g->id = xreallocarray(g->id, alloc, sizeof *g->id);
			g->seg = xreallocarray(g->seg, alloc, sizeof *g->seg);
		}
		g->id[g->n] = sqlite3_column_int64(s, 0);
		g->seg[g->n++] = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	return 0;
}

static void
gone_free(struct gone *g)
{
	free(g->id);
	free(g->seg);
	memset(g, 0, sizeof *g);
}

/* Whether item id's postings in segment seg are dead. */
static int
gone_dead(const struct gone *g, int64_t id, int64_t seg)
{
	size_t	lo = 0, hi = g->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (g->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->n && g->id[lo] == id && seg < g->seg[lo];
}

/* Append the live postings of an entry of segment seg to out. */
static int
postings_decode(struct postings *out, const unsigned char *p, size_t len,
    int64_t seg, const struct gone *g)
{
	const unsigned char	*end = p + len;
	uint64_t		 x;
	int64_t			 id = 0;

	while (p < end) {
		if (get_varint(&p, end, &x) != 0 || (x >> 2) == 0 ||
		    (x >> 2) > (uint64_t)INT64_MAX - (uint64_t)id)
			return -1;
		id += (int64_t)(x >> 2);
		if ((x & 3) == 0)
			return -1;
		if (g->n != 0 && gone_dead(g, id, seg))
			continue;
		if (out->n == out->alloc) {
			out->alloc = out->alloc == 0 ? 256 : out->alloc * 2;
			out->v = xreallocarray(out->v, out->alloc,
			    sizeof *out->v);
		}
		out->v[out->n].id = id;
		out->v[out->n++].flags = (unsigned)(x & 3);
	}
	return 0;
}

/* A page being read: its entries one after another. */
struct page {
	const unsigned char	*p, *end;
	const unsigned char	*word, *post;
	size_t			 wlen, plen;
};

/* The next entry of pg into its word and post; 0, 1 at the end, -1 bad. */
static int
page_next(struct page *pg)
{
	uint64_t	len;

	if (pg->p == pg->end)
		return 1;
	if (get_varint(&pg->p, pg->end, &len) != 0 || len == 0 ||
	    len > WORDS_MAX_LEN || len > (uint64_t)(pg->end - pg->p))
		return -1;
	pg->word = pg->p;
	pg->wlen = (size_t)len;
	pg->p += len;
	if (get_varint(&pg->p, pg->end, &len) != 0 || len == 0 ||
	    len > (uint64_t)(pg->end - pg->p))
		return -1;
	pg->post = pg->p;
	pg->plen = (size_t)len;
	pg->p += len;
	return 0;
}

/*
 * A segment read in word order, for a merge, SOURCE_PAGES pages at a time:
 * each write of the merged pages moves the table's cursors, and a cursor
 * stepped after that seeks its row again from the root, reading pages back
 * from the log (12,000 reads in a cold refresh when a page at a time).
 */
#define SOURCE_PAGES	32

struct source {
	sqlite3_stmt	*s;
	int64_t		 seg;
	struct page	 pg;
	struct buf	 copy;		/* pages, back to back */
	size_t		 len[SOURCE_PAGES];
	size_t		 npages, next, off;
	int		 eof;		/* the statement is done */
	int		 done;		/* and every page read */
};

static int
source_fill(struct store *st, struct source *src, char **cause)
{
	int	rc = SQLITE_ROW;

	buf_reset(&src->copy);
	src->npages = src->next = src->off = 0;
	while (src->npages < SOURCE_PAGES &&
	    (rc = sqlite3_step(src->s)) == SQLITE_ROW) {
		src->len[src->npages++] = (size_t)sqlite3_column_bytes(src->s,
		    1);
		buf_add(&src->copy, sqlite3_column_blob(src->s, 1),
		    (size_t)sqlite3_column_bytes(src->s, 1));
	}
	if (rc == SQLITE_DONE)
		src->eof = 1;
	else if (rc != SQLITE_ROW)
		return store_fail(st, cause, st->path);
	return 0;
}

static int
source_next(struct store *st, struct source *src, char **cause)
{
	int	rc;

	for (;;) {
		if (src->pg.p != NULL) {
			if ((rc = page_next(&src->pg)) == 0)
				return 0;
			if (rc < 0) {
				xasprintf(cause, "%s: the search index is "
				    "damaged (segment %lld)", st->path,
				    (long long)src->seg);
				return -1;
			}
		}
		if (src->next == src->npages) {
			if (src->eof) {
				src->done = 1;
				return 0;
			}
			if (source_fill(st, src, cause) != 0)
				return -1;
			if (src->npages == 0) {
				src->done = 1;
				return 0;
			}
		}
		src->pg.p = (const unsigned char *)src->copy.data + src->off;
		src->pg.end = src->pg.p + src->len[src->next];
		src->off += src->len[src->next++];
	}
}

/* Merge segments seg[0..n) into one of level level. */
static int
words_merge_segs(struct store *st, const int64_t *seg, size_t n, int level,
    int64_t items, char **cause)
{
	struct writer	 w = { st, 0, { 0 }, { 0 } };
	struct source	*src;
	struct postings	 all = { 0 };
	struct buf	 cur = { 0 };
	struct gone	 g;
	const unsigned char *word;
	sqlite3_stmt	*s;
	size_t		 i, wlen, start;
	int		 rc = -1, sorted;

	if (gone_load(st, &g, cause) != 0 ||
	    words_next_seg(st, &w.seg, cause) != 0) {
		gone_free(&g);
		return -1;
	}
	src = xcalloc(n, sizeof *src);
	for (i = 0; i < n; i++) {
		src[i].seg = seg[i];
		if (sqlite3_prepare_v2(st->db, "SELECT word, data FROM words"
		    " WHERE seg = ?1 ORDER BY word", -1, &src[i].s, NULL) !=
		    SQLITE_OK) {
			store_fail(st, cause, st->path);
			goto out;
		}
		sqlite3_bind_int64(src[i].s, 1, seg[i]);
		if (source_next(st, &src[i], cause) != 0)
			goto out;
	}
	for (;;) {
		word = NULL;
		wlen = 0;
		for (i = 0; i < n; i++) {
			if (!src[i].done && (word == NULL ||
			    word_cmp((const char *)src[i].pg.word,
			    src[i].pg.wlen, (const char *)word, wlen) < 0)) {
				word = src[i].pg.word;
				wlen = src[i].pg.wlen;
			}
		}
		if (word == NULL)
			break;
		/* Sources are in segment order: ids mostly ascend already. */
		all.n = 0;
		sorted = 1;
		buf_reset(&cur);	/* the word, while the pages move on */
		buf_add(&cur, word, wlen);
		for (i = 0; i < n; i++) {
			if (src[i].done || src[i].pg.wlen != cur.len ||
			    memcmp(src[i].pg.word, cur.data, cur.len) != 0)
				continue;
			start = all.n;
			if (postings_decode(&all, src[i].pg.post,
			    src[i].pg.plen, src[i].seg, &g) != 0) {
				xasprintf(cause, "%s: the search index is "
				    "damaged (segment %lld)", st->path,
				    (long long)src[i].seg);
				goto out;
			}
			if (start > 0 && all.n > start &&
			    all.v[start].id <= all.v[start - 1].id)
				sorted = 0;
			if (source_next(st, &src[i], cause) != 0)
				goto out;
		}
		if (all.n == 0)
			continue;	/* every posting dead */
		if (!sorted)
			qsort(all.v, all.n, sizeof *all.v, posting_cmp);
		if (writer_word(&w, cur.data, cur.len, all.v, all.n, cause) != 0)
			goto out;
	}
	if (writer_put(&w, cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		sqlite3_finalize(src[i].s);
		src[i].s = NULL;
	}
	for (i = 0; i < n; i++) {
		if ((s = store_stmt(st, ST_WORDS_SEG_PAGES_DROP, cause)) ==
		    NULL)
			goto out;
		sqlite3_bind_int64(s, 1, seg[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_fail(st, cause, st->path);
			goto out;
		}
		if ((s = store_stmt(st, ST_WORDS_SEG_DROP, cause)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, seg[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_fail(st, cause, st->path);
			goto out;
		}
		sqlite3_reset(s);
	}
	if (words_seg_add(st, w.seg, level, items, cause) != 0)
		goto out;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		sqlite3_finalize(src[i].s);
	for (i = 0; i < n; i++)
		buf_free(&src[i].copy);
	free(src);
	free(all.v);
	buf_free(&cur);
	gone_free(&g);
	writer_free(&w);
	return rc;
}

/*
 * Merge while a level has WORDS_MERGE segments, then drop the words_gone
 * rows no segment needs.
 */
static int
words_merge(struct store *st, char **cause)
{
	sqlite3_stmt	*s;
	int64_t		 seg[WORDS_MERGE], items;
	size_t		 n;
	int		 rc, level, merged;

	do {
		merged = 0;
		if ((s = store_stmt(st, ST_WORDS_LEVEL_FULL, cause)) == NULL)
			return -1;
		sqlite3_bind_int(s, 1, WORDS_MERGE);
		rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			sqlite3_reset(s);
			return store_fail(st, cause, st->path);
		}
		level = sqlite3_column_int(s, 0);
		sqlite3_reset(s);
		if ((s = store_stmt(st, ST_WORDS_LEVEL_SEGS, cause)) == NULL)
			return -1;
		sqlite3_bind_int(s, 1, level);
		sqlite3_bind_int(s, 2, WORDS_MERGE);
		items = 0;
		n = 0;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < WORDS_MERGE) {
			seg[n++] = sqlite3_column_int64(s, 0);
			items += sqlite3_column_int64(s, 1);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return store_fail(st, cause, st->path);
		if (words_merge_segs(st, seg, n, level + 1, items, cause) != 0)
			return -1;
		merged = 1;
	} while (merged);
	return store_exec(st, "DELETE FROM words_gone WHERE seg <="
	    " (SELECT coalesce(min(seg), 9223372036854775807)"
	    " FROM word_segs)", cause);
}

int
store_words_rebuild(struct store *st, char **cause)
{
	struct buf		 title = { 0 }, body = { 0 };
	struct words_feed	*wf;
	sqlite3_stmt		*s = NULL;
	size_t			 n = 0;
	int			 rc;

	store_words_discard(st);
	if (store_exec(st, "DELETE FROM words; DELETE FROM word_segs;"
	    " DELETE FROM words_gone", cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT id, title, author, categories,"
	    " summary, summary_type, content, content_type FROM items"
	    " ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, cause, st->path);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_fold_title(&title, (const char *)sqlite3_column_text(s, 1));
		store_fold_body(&body, (const char *)sqlite3_column_text(s, 2),
		    (const char *)sqlite3_column_text(s, 3),
		    (const char *)sqlite3_column_text(s, 4),
		    sqlite3_column_int(s, 5),
		    (const char *)sqlite3_column_text(s, 6),
		    sqlite3_column_int(s, 7));
		wf = store_words_own(st);
		store_words_map(st, wf, store_words_feed_item(wf,
		    title.len != 0 ? title.data : "", title.len,
		    body.len != 0 ? body.data : "", body.len),
		    sqlite3_column_int64(s, 0));
		if (++n % WORDS_REBUILD == 0 && store_words_flush(st, cause) != 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = store_words_flush(st, cause) == 0 ? SQLITE_DONE : SQLITE_OK;
	else if (rc != SQLITE_ROW)
		store_fail(st, cause, st->path);
	sqlite3_finalize(s);
	buf_free(&title);
	buf_free(&body);
	store_words_discard(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_words_check(struct store *st, char **cause)
{
	struct postings	 v = { 0 };
	struct gone	 none = { 0 };
	struct page	 pg;
	struct buf	 prev = { 0 };
	sqlite3_stmt	*s = NULL;
	int64_t		 seg = -1, pseg;
	size_t		 i;
	int		 rc, bad = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT w.seg, w.word, w.data,"
	    " s.seg IS NULL FROM words w LEFT JOIN word_segs s"
	    " ON s.seg = w.seg ORDER BY w.seg, w.word", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail(st, cause, st->path);
	while (!bad && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		pseg = seg;
		seg = sqlite3_column_int64(s, 0);
		if (sqlite3_column_int(s, 3) != 0) {
			bad = 1;
			break;
		}
		if (seg != pseg)
			buf_reset(&prev);
		pg.p = sqlite3_column_blob(s, 2);
		pg.end = pg.p + sqlite3_column_bytes(s, 2);
		if (pg.p == NULL || sqlite3_column_bytes(s, 1) == 0)
			bad = 1;
		for (i = 0; !bad && (rc = page_next(&pg)) == 0; i++) {
			/* The row's key is its first word. */
			if (i == 0 && ((size_t)sqlite3_column_bytes(s, 1) !=
			    pg.wlen || memcmp(sqlite3_column_blob(s, 1),
			    pg.word, pg.wlen) != 0))
				bad = 1;
			if (prev.len != 0 && word_cmp(prev.data, prev.len,
			    (const char *)pg.word, pg.wlen) >= 0)
				bad = 1;
			buf_reset(&prev);
			buf_add(&prev, pg.word, pg.wlen);
			v.n = 0;
			if (postings_decode(&v, pg.post, pg.plen, seg,
			    &none) != 0 || v.n == 0)
				bad = 1;
		}
		if (rc < 0)
			bad = 1;
	}
	if (bad)
		xasprintf(cause, "%s: the search index is damaged (segment "
		    "%lld)", st->path, (long long)seg);
	else if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		bad = store_fail(st, cause, st->path);
	sqlite3_finalize(s);
	free(v.v);
	buf_free(&prev);
	return bad ? -1 : 0;
}

/* One word of a query: its bytes, whether it is a prefix, its hits. */
struct term {
	char		*s;
	size_t		 len;
	int		 prefix;
	struct postings	 hits;
	double		 idf;
};

/*
 * The words of a query: each blank-separated word folded and split as the
 * index was; the parts of a word that splits (e-mail) are each a word, a
 * final '*' makes the last part a prefix.
 */
static size_t
words_terms(const char *query, struct term *t, size_t max)
{
	struct buf	 w = { 0 };
	const char	*p = query, *s;
	size_t		 len, n = 0, i, start, nq = 0;
	int		 prefix;

	while (*p != '\0' && nq < STORE_SEARCH_MAX_TERMS && n < max) {
		while (word_blank(*p))
			p++;
		for (s = p; *p != '\0' && !word_blank(*p); p++)
			/* nothing */;
		len = (size_t)(p - s);
		for (prefix = 0; len > 0 && s[len - 1] == '*'; len--)
			prefix = 1;
		if (len == 0)
			continue;
		buf_reset(&w);
		normalize_fold_buf(&w, s, len);
		store_search_words(&w);
		if (w.len == 0)
			continue;
		nq++;
		for (i = 0; i < w.len && n < max; i = start) {
			while (i < w.len && word_blank(w.data[i]))
				i++;
			start = store_search_word_end(w.data, i, w.len);
			if (start == i)
				break;
			memset(&t[n], 0, sizeof t[n]);
			t[n].len = word_cut(w.data + i, start - i);
			t[n].s = xstrndup(w.data + i, t[n].len);
			t[n].prefix = prefix && start >= w.len;
			n++;
		}
	}
	buf_free(&w);
	return n;
}

size_t
store_search_terms(const char *query, struct buf *out)
{
	struct term	t[STORE_SEARCH_MAX_TERMS * 4];
	size_t		n, i;

	n = words_terms(query, t, sizeof t / sizeof t[0]);
	buf_reset(out);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(out, ' ');
		buf_add(out, t[i].s, t[i].len);
		if (t[i].prefix)
			buf_addc(out, '*');
		free(t[i].s);
	}
	return n;
}

/* Whether word w (of len) is term t, or starts with it for a prefix. */
static int
term_match(const struct term *t, const unsigned char *w, size_t len)
{
	if (t->prefix)
		return len >= t->len && memcmp(w, t->s, t->len) == 0;
	return len == t->len && memcmp(w, t->s, t->len) == 0;
}

/* The hits of t in segment seg. */
static int
term_segment(struct store *st, struct term *t, int64_t seg,
    const struct gone *g, char **cause)
{
	sqlite3_stmt	*s;
	struct page	 pg;
	struct buf	 from = { 0 };
	int		 rc, c, done = 0, ret = -1;

	/* The page that would hold the term: the last starting before it. */
	if ((s = store_stmt(st, ST_WORDS_PAGE_AT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, seg);
	sqlite3_bind_blob(s, 2, t->s, (int)t->len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		buf_add(&from, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	/* From it on, while the words can still match. */
	if ((s = store_stmt(st, ST_WORDS_PAGES_FROM, cause)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, seg);
	sqlite3_bind_blob(s, 2, from.len != 0 ? from.data : "",
	    (int)from.len, SQLITE_STATIC);
	while (!done && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		pg.p = sqlite3_column_blob(s, 1);
		pg.end = pg.p + sqlite3_column_bytes(s, 1);
		/* A page has an entry. */
		rc = pg.p == pg.end ? -1 : 0;
		while (rc == 0 && (rc = page_next(&pg)) == 0) {
			if (term_match(t, pg.word, pg.wlen)) {
				if (postings_decode(&t->hits, pg.post,
				    pg.plen, seg, g) != 0) {
					rc = -1;
					break;
				}
				if (!t->prefix) {
					done = 1;
					break;
				}
				continue;
			}
			c = word_cmp((const char *)pg.word, pg.wlen, t->s,
			    t->len);
			if (c > 0) {
				done = 1;
				break;
			}
		}
		if (rc < 0) {
			xasprintf(cause, "%s: the search index is damaged "
			    "(segment %lld)", st->path, (long long)seg);
			sqlite3_reset(s);
			goto out;
		}
		rc = SQLITE_ROW;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, cause, st->path);
		goto out;
	}
	ret = 0;
out:
	buf_free(&from);
	return ret;
}

/* Sort t's hits by id, one per id (a prefix's words OR their flags). */
static void
term_unique(struct term *t)
{
	struct posting	*v = t->hits.v;
	size_t		 i, j, n = t->hits.n;

	for (i = 1; i < n && v[i].id > v[i - 1].id; i++)
		/* nothing */;
	if (i < n)
		qsort(v, n, sizeof *v, posting_cmp);
	for (i = j = 0; i < n; i++) {
		if (j > 0 && v[j - 1].id == v[i].id)
			v[j - 1].flags |= v[i].flags;
		else
			v[j++] = v[i];
	}
	t->hits.n = j;
}

static int
hit_cmp(const void *va, const void *vb)
{
	const struct words_hit	*a = va, *b = vb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

static int
id_cmp(const void *va, const void *vb)
{
	const int64_t	*a = va, *b = vb;

	return *a < *b ? -1 : *a > *b;
}

/* Keep the hits that pass f: one by one when few, else by the filter's ids. */
static int
words_filter(struct store *st, const struct store_filter *f,
    struct words_hit *h, size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	int64_t		*ids = NULL;
	size_t		 nids = 0, alloc = 0, i, j, k;
	int		 rc, keep;

	if (f == NULL || (f->feed_id == 0 && !f->unread && !f->starred))
		return 0;
	if (*n <= WORDS_FEW_HITS) {
		if ((s = store_stmt(st, ST_WORDS_ITEM_FILTER, cause)) == NULL)
			return -1;
		for (i = j = 0; i < *n; i++) {
			sqlite3_bind_int64(s, 1, h[i].id);
			rc = sqlite3_step(s);
			keep = rc == SQLITE_ROW &&
			    (!f->unread || sqlite3_column_int(s, 0)) &&
			    (!f->starred || sqlite3_column_int(s, 1)) &&
			    (f->feed_id == 0 ||
			    sqlite3_column_int64(s, 2) == f->feed_id);
			sqlite3_reset(s);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return store_fail(st, cause, st->path);
			if (keep)
				h[j++] = h[i];
		}
		*n = j;
		return 0;
	}
	if ((s = store_stmt(st, ST_WORDS_FILTER_IDS, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, f->feed_id);
	sqlite3_bind_int(s, 2, f->unread != 0);
	sqlite3_bind_int(s, 3, f->starred != 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nids == alloc) {
			alloc = alloc == 0 ? 1024 : alloc * 2;
			ids = xreallocarray(ids, alloc, sizeof *ids);
		}
		ids[nids++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_fail(st, cause, st->path);
	}
	/* The hits are in id order here (see store_words_search()). */
	for (i = 1; i < nids && ids[i] > ids[i - 1]; i++)
		/* nothing */;
	if (i < nids)
		qsort(ids, nids, sizeof *ids, id_cmp);
	for (i = j = k = 0; i < *n; i++) {
		while (k < nids && ids[k] < h[i].id)
			k++;
		if (k < nids && ids[k] == h[i].id)
			h[j++] = h[i];
	}
	*n = j;
	free(ids);
	return 0;
}

/* Intersect the terms' hits into *out, scored, in id order. */
static size_t
words_intersect(struct term *t, size_t nt, struct words_hit **out)
{
	struct words_hit	*h;
	size_t			 i, k, n, *at, small = 0;
	double			 sc;
	int			 all;

	for (i = 1; i < nt; i++) {
		if (t[i].hits.n < t[small].hits.n)
			small = i;
	}
	h = xreallocarray(NULL, t[small].hits.n + 1, sizeof *h);
	at = xcalloc(nt, sizeof *at);
	n = 0;
	for (k = 0; k < t[small].hits.n; k++) {
		int64_t	id = t[small].hits.v[k].id;

		sc = 0.0;
		all = 1;
		for (i = 0; i < nt && all; i++) {
			const struct postings	*p = &t[i].hits;

			while (at[i] < p->n && p->v[at[i]].id < id)
				at[i]++;
			if (at[i] == p->n || p->v[at[i]].id != id) {
				all = 0;
				break;
			}
			sc += t[i].idf *
			    ((p->v[at[i]].flags & WORDS_TITLE ? WORDS_W_TITLE :
			    0.0) + (p->v[at[i]].flags & WORDS_BODY ?
			    WORDS_W_BODY : 0.0));
		}
		if (all) {
			h[n].id = id;
			h[n++].score = sc;
		}
	}
	free(at);
	*out = h;
	return n;
}

int
store_words_search(struct store *st, const char *query,
    const struct store_filter *f, struct words_hit **hits, size_t *nhits,
    char **cause)
{
	struct term	 t[STORE_SEARCH_MAX_TERMS * 4];
	struct gone	 g = { 0 };
	sqlite3_stmt	*s;
	int64_t		*segs = NULL, items = 0;
	size_t		 nt, nsegs = 0, alloc = 0, i, j, n = 0;
	struct words_hit *h = NULL;
	int		 rc = -1, txn, r;

	*hits = NULL;
	*nhits = 0;
	if ((nt = words_terms(query, t, sizeof t / sizeof t[0])) == 0)
		return 0;
	/* One snapshot for every statement below. */
	txn = sqlite3_get_autocommit(st->db);
	if (txn && store_exec(st, "BEGIN", cause) != 0)
		goto out_terms;
	if ((s = store_stmt(st, ST_WORDS_SEGS, cause)) == NULL)
		goto out;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		if (nsegs == alloc) {
			alloc = alloc == 0 ? 32 : alloc * 2;
			segs = xreallocarray(segs, alloc, sizeof *segs);
		}
		segs[nsegs++] = sqlite3_column_int64(s, 0);
		items += sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (r != SQLITE_DONE) {
		store_fail(st, cause, st->path);
		goto out;
	}
	if (gone_load(st, &g, cause) != 0)
		goto out;
	for (i = 0; i < nt; i++) {
		for (j = 0; j < nsegs; j++) {
			if (term_segment(st, &t[i], segs[j], &g, cause) != 0)
				goto out;
		}
		term_unique(&t[i]);
		/* BM25's IDF, never below zero for a word in most items. */
		t[i].idf = log(((double)items - (double)t[i].hits.n + 0.5) /
		    ((double)t[i].hits.n + 0.5));
		if (!(t[i].idf > 1e-6))
			t[i].idf = 1e-6;
	}
	n = words_intersect(t, nt, &h);
	if (words_filter(st, f, h, &n, cause) != 0)
		goto out;
	qsort(h, n, sizeof *h, hit_cmp);
	*hits = h;
	*nhits = n;
	h = NULL;
	rc = 0;
out:
	if (txn)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
out_terms:
	for (i = 0; i < nt; i++) {
		free(t[i].s);
		free(t[i].hits.v);
	}
	free(segs);
	free(h);
	gone_free(&g);
	return rc;
}
