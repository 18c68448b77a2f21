/* khabar - ISC licence, see LICENSE. */

/*
 * Writing and reading items.  The sink looks each item up by (feed, guid)
 * through the UNIQUE index and compares a 64-bit hash of all its fields with
 * the one stored in the row: an item seen unchanged costs one index lookup
 * and no write.  The hash takes eight bytes a step; caches written before it
 * hold FNV-1a hashes (a byte a step, 8% of the parser's time in a cold
 * refresh), so a hash that differs is compared with that one too before the
 * item counts as changed, and an item with neither id nor link, whose guid
 * is made from its hash, keeps the FNV-1a one for it.  A changed item is
 * updated in place, its links and enclosures rewritten; unread, starred and
 * first_seen are never touched by a refresh.  The search index (words.c) is
 * told the id of each new or changed item, whose words were gathered when
 * it was folded, and forgets what it held of a changed one.
 *
 * Item queries are built from the filter, prepared once per combination of
 * filter fields (a bit mask indexes st->query[] and st->count[]) and always
 * ordered by the index they walk, so a screen of rows costs a screen of
 * index entries, not a sort of the cache.
 */
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"
#include "store/internal.h"
#include "store/items.h"
#include "store/search.h"
#include "store/words.h"
#include "util/xmalloc.h"

#define Q_FEED		1
#define Q_UNREAD	2
#define Q_STARRED	4

#define SEARCH_TIE_PAD	256

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL
#define HASH_SEED	0x6b68616261722031ULL	/* "khabar 1" */
#define HASH_K1		0x9e3779b97f4a7c15ULL
#define HASH_K2		0xbf58476d1ce4e5b9ULL

static int	items_sink_feed(void *, const struct feed *);
static int	items_sink_item(void *, const struct item *);
static int	items_upsert(struct store *, const struct item *,
		    const struct store_fold *, int64_t *, char **);

static const struct feed_sink items_sink = {
	items_sink_feed,
	items_sink_item,
	NULL
};

/*
 * The hash: each field's length, then its bytes eight at a time (the last
 * word zero-padded), each word mixed in with a multiply and a shift.
 */
static uint64_t
hash_word(uint64_t h, uint64_t w)
{
	h = (h ^ w) * HASH_K1;
	return h ^ (h >> 29);
}

static uint64_t
hash_str(uint64_t h, const char *s)
{
	uint64_t	w;
	size_t		len;

	if (s == NULL)
		return hash_word(h, UINT64_MAX);
	len = strlen(s);
	h = hash_word(h, (uint64_t)len);
	for (; len >= 8; len -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = hash_word(h, w);
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, s, len);
		h = hash_word(h, w);
	}
	return h;
}

static uint64_t
hash_int(uint64_t h, int64_t v)
{
	return hash_word(h, (uint64_t)v);
}

/* The hash of caches written before hash_str(): FNV-1a, a byte a step. */
static uint64_t
fnv_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char	*u = p;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= u[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* A string and its end, so that fields cannot run into each other. */
static uint64_t
fnv_str(uint64_t h, const char *s)
{
	if (s == NULL)
		return fnv_bytes(h, "\xff", 1);
	return fnv_bytes(h, s, strlen(s) + 1);
}

static uint64_t
fnv_int(uint64_t h, int64_t v)
{
	return fnv_bytes(h, &v, sizeof v);
}

/* The last word's bits spread over all of the hash. */
static uint64_t
hash_final(uint64_t h)
{
	h = (h ^ (h >> 31)) * HASH_K2;
	return h ^ (h >> 32);
}

static uint64_t
fnv_final(uint64_t h)
{
	return h;
}

/* A way to hash: where to start, strings, numbers, the last step. */
struct items_hasher {
	uint64_t	 seed;
	uint64_t	(*str)(uint64_t, const char *);
	uint64_t	(*num)(uint64_t, int64_t);
	uint64_t	(*fin)(uint64_t);
};

static const struct items_hasher items_words = {
	HASH_SEED, hash_str, hash_int, hash_final
};
static const struct items_hasher items_fnv = {
	FNV_OFFSET, fnv_str, fnv_int, fnv_final
};

/* Every field of the item, in one order. */
static uint64_t
items_hash_with(const struct items_hasher *x, const struct item *it,
    const char *categories)
{
	uint64_t	h = x->seed;
	size_t		i;

	h = x->str(h, it->title);
	h = x->str(h, it->link);
	h = x->str(h, it->author);
	h = x->num(h, it->published);
	h = x->num(h, it->updated);
	h = x->str(h, it->summary);
	h = x->num(h, it->summary_type);
	h = x->str(h, it->content);
	h = x->num(h, it->content_type);
	h = x->str(h, categories);
	for (i = 0; i < it->nlinks; i++) {
		h = x->str(h, it->links[i].href);
		h = x->str(h, it->links[i].rel);
		h = x->str(h, it->links[i].type);
		h = x->str(h, it->links[i].title);
	}
	h = x->num(h, (int64_t)it->nlinks);
	for (i = 0; i < it->nenclosures; i++) {
		h = x->str(h, it->enclosures[i].url);
		h = x->str(h, it->enclosures[i].type);
		h = x->num(h, it->enclosures[i].length);
	}
	return x->fin(x->num(h, (int64_t)it->nenclosures));
}

static uint64_t
items_hash(const struct item *it, const char *categories)
{
	return items_hash_with(&items_words, it, categories);
}

static uint64_t
items_hash_fnv(const struct item *it, const char *categories)
{
	return items_hash_with(&items_fnv, it, categories);
}

const struct feed_sink *
store_sink(struct store *st, void **arg)
{
	*arg = st;
	return &items_sink;
}

static int
items_sink_feed(void *arg, const struct feed *f)
{
	struct store	*st = arg;
	sqlite3_stmt	*s;
	char		*cause = NULL;

	if (!st->in_feed || st->sink_cause != NULL)
		return -1;
	st->parsed = 1;
	if ((s = store_stmt(st, ST_FEED_META, &cause)) == NULL) {
		st->sink_cause = cause;
		return -1;
	}
	sqlite3_bind_int64(s, 1, st->feed_id);
	store_bind_text(s, 2, f->title);
	store_bind_text(s, 3, f->link);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_fail(st, &st->sink_cause, st->path);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

static int
items_sink_item(void *arg, const struct item *it)
{
	return store_sink_folded(arg, it, NULL);
}

int
store_sink_folded(void *arg, const struct item *it,
    const struct store_fold *fold)
{
	struct store	*st = arg;
	int64_t		 id = 0;
	char		*cause = NULL;

	if (!st->in_feed) {
		if (st->sink_cause == NULL)
			xasprintf(&st->sink_cause, "%s: no refresh is open",
			    st->path);
		return -1;
	}
	if (st->sink_cause != NULL)
		return -1;
	st->parsed = 1;
	if (items_upsert(st, it, fold, &id, &cause) != 0) {
		st->sink_cause = cause;
		return -1;
	}
	buf_printf(&st->present, "%c%lld", st->present.len == 0 ? '[' : ',',
	    (long long)id);
	return 0;
}

/* An item's categories as the row keeps them, one per line. */
static void
items_categories(struct buf *b, const struct item *it)
{
	size_t	i;

	for (i = 0; i < it->ncategories; i++) {
		if (i > 0)
			buf_addc(b, '\n');
		if (it->categories[i] != NULL)
			buf_adds(b, it->categories[i]);
	}
}

/* The row's part of a fold: the categories joined, the hash. */
static void
items_fold_row(struct store_fold *f, const struct item *it)
{
	/* Built afresh: no categories is NULL, as the row keeps it. */
	buf_free(&f->cats);
	items_categories(&f->cats, it);
	f->hash = items_hash(it, f->cats.data);
}

/* The index's part, after items_fold_row(): the item's words into wf. */
static void
items_fold_text(struct store_fold *f, const struct item *it,
    struct words_feed *wf)
{
	store_fold_title(&f->title, it->title);
	store_fold_body(&f->body, it->author, f->cats.data, it->summary,
	    (int)it->summary_type, it->content, (int)it->content_type);
	f->wf = wf;
	f->word_item = store_words_feed_item(wf,
	    f->title.len != 0 ? f->title.data : "", f->title.len,
	    f->body.len != 0 ? f->body.data : "", f->body.len);
}

void
store_fold_row(struct store_fold *f, const struct item *it)
{
	items_fold_row(f, it);
	f->wf = NULL;
}

void
store_fold_text(struct store_fold *f, const struct item *it,
    struct words_feed *wf)
{
	items_fold_text(f, it, wf);
	/* A refresh keeps the folds of the feeds queued: not the text. */
	buf_free(&f->title);
	buf_free(&f->body);
}

void
store_fold_item(struct store_fold *f, const struct item *it,
    struct words_feed *wf)
{
	items_fold_row(f, it);
	store_fold_text(f, it, wf);
}

void
store_fold_free(struct store_fold *f)
{
	buf_free(&f->title);
	buf_free(&f->body);
	buf_free(&f->cats);
	f->wf = NULL;
}

/* Bind the fields an insert and an update share (?3 to ?12, ?14, ?15). */
static void
items_bind(sqlite3_stmt *s, const struct item *it, const char *categories,
    uint64_t hash)
{
	int64_t	date;

	store_bind_text(s, 3, it->title);
	store_bind_text(s, 4, it->link);
	store_bind_text(s, 5, it->author);
	store_bind_opt(s, 6, it->published, FEED_NO_DATE);
	store_bind_opt(s, 7, it->updated, FEED_NO_DATE);
	store_bind_text(s, 8, it->summary);
	sqlite3_bind_int(s, 9, (int)it->summary_type);
	store_bind_text(s, 10, it->content);
	sqlite3_bind_int(s, 11, (int)it->content_type);
	store_bind_text(s, 12, categories);
	date = it->published != FEED_NO_DATE ? it->published : it->updated;
	store_bind_opt(s, 14, date, FEED_NO_DATE);
	sqlite3_bind_int64(s, 15, (int64_t)hash);
}

/*
 * Whether link l only repeats the item's link as its "alternate", which
 * the row's link keeps: RSS makes one of every <link>, and storing them
 * was 20,000 rows of the 200 feeds a cold refresh writes and 4% of its
 * time (0.866 -> 0.834 s, A/B 10 pairs).
 */
static int
items_link_repeats(const struct item *it, const struct feed_link *l)
{
	return it->link != NULL && l->href != NULL && l->rel != NULL &&
	    l->type == NULL && l->title == NULL &&
	    strcmp(l->rel, "alternate") == 0 && strcmp(l->href, it->link) == 0;
}

static int
items_write_links(struct store *st, int64_t id, const struct item *it,
    int replace, char **cause)
{
	sqlite3_stmt	*s;
	size_t		 i;

	if (replace) {
		if ((s = store_stmt(st, ST_LINKS_DELETE, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, cause, st->path);
		if ((s = store_stmt(st, ST_ENCLS_DELETE, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, cause, st->path);
	}
	for (i = 0; i < it->nlinks; i++) {
		if (items_link_repeats(it, &it->links[i]))
			continue;
		if ((s = store_stmt(st, ST_LINK_INSERT, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		store_bind_text(s, 3, it->links[i].href);
		store_bind_text(s, 4, it->links[i].rel);
		store_bind_text(s, 5, it->links[i].type);
		store_bind_text(s, 6, it->links[i].title);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, cause, st->path);
	}
	for (i = 0; i < it->nenclosures; i++) {
		if ((s = store_stmt(st, ST_ENCL_INSERT, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		store_bind_text(s, 3, it->enclosures[i].url);
		store_bind_text(s, 4, it->enclosures[i].type);
		store_bind_opt(s, 5, it->enclosures[i].length, FEED_NO_LENGTH);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail(st, cause, st->path);
	}
	return 0;
}

/* The guid the feed gives an item: its id, else its link, else NULL. */
static char *
items_guid_given(const struct item *it)
{
	return it->id != NULL ? it->id : it->link;
}

/*
 * The guid of an item: its id, else its link, else the FNV-1a hash of its
 * text, as every version made it.
 */
static const char *
items_guid(struct store *st, const struct item *it, const char *categories)
{
	const char	*g;

	if ((g = items_guid_given(it)) != NULL)
		return g;
	buf_reset(&st->scratch);
	buf_printf(&st->scratch, "{store}%016llx",
	    (unsigned long long)items_hash_fnv(it, categories));
	return st->scratch.data;
}

static int
items_upsert(struct store *st, const struct item *it,
    const struct store_fold *fold, int64_t *id, char **cause)
{
	sqlite3_stmt	*s;
	const char	*guid, *cats;
	uint64_t	 hash, old;
	int		 rc, found, folded = fold != NULL;

	/* Unfolded, the text is folded below, if the item is new or changed. */
	if (!folded) {
		items_fold_row(&st->fold, it);
		fold = &st->fold;
	}
	cats = fold->cats.data;
	hash = fold->hash;
	guid = items_guid(st, it, cats);

	rc = -1;
	if ((s = store_stmt(st, ST_ITEM_FIND, cause)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, st->feed_id);
	store_bind_text(s, 2, guid);
	if ((found = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		old = (uint64_t)sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
		if (old == hash || old == items_hash_fnv(it, cats)) {
			rc = 0;
			goto out;
		}
		if (store_words_forget(st, *id, cause) != 0 ||
		    (s = store_stmt(st, ST_ITEM_UPDATE, cause)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, *id);
	} else if (found == SQLITE_DONE) {
		if ((s = store_stmt(st, ST_ITEM_INSERT, cause)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, st->feed_id);
		store_bind_text(s, 2, guid);
		sqlite3_bind_int64(s, 13, st->feed_now);
	} else {
		store_fail(st, cause, st->path);
		goto out;
	}
	items_bind(s, it, cats, hash);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_fail(st, cause, st->path);
		goto out;
	}
	sqlite3_reset(s);
	if (found == SQLITE_DONE)
		*id = sqlite3_last_insert_rowid(st->db);
	/*
	 * Its words, gathered here when they were not before: unfolded, or
	 * folded without them because the item was thought unchanged
	 * (store_known_same()) and was not, or not any more.
	 */
	if (folded && fold->wf == NULL) {
		items_fold_row(&st->fold, it);
		folded = 0;
	}
	if (!folded) {
		items_fold_text(&st->fold, it, store_words_own(st));
		fold = &st->fold;
	}
	if (fold->wf != NULL)
		store_words_map(st, fold->wf, fold->word_item, *id);
	rc = items_write_links(st, *id, it, found == SQLITE_ROW, cause);
out:
	return rc;
}

static int
items_mask(const struct store_filter *f)
{
	int	mask = 0;

	if (f == NULL)
		return 0;
	if (f->feed_id != 0)
		mask |= Q_FEED;
	if (f->unread)
		mask |= Q_UNREAD;
	if (f->starred)
		mask |= Q_STARRED;
	return mask;
}

/* The filter's conditions on items AS i, after a WHERE. */
static void
items_sql_where(struct buf *b, int mask)
{
	if (mask & Q_FEED)
		buf_adds(b, " AND i.feed_id = ?1");
	if (mask & Q_UNREAD)
		buf_adds(b, " AND i.unread = 1");
	if (mask & Q_STARRED)
		buf_adds(b, " AND i.starred = 1");
}

/* A row of a search's window: where it ranks among equal scores. */
struct search_row {
	struct store_row	 row;
	double			 score;
	int64_t			 sort_key;
};

static int
search_row_cmp(const void *va, const void *vb)
{
	const struct search_row	*a = va, *b = vb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->sort_key != b->sort_key)
		return a->sort_key > b->sort_key ? -1 : 1;
	return a->row.id > b->row.id ? -1 : a->row.id < b->row.id;
}

static int
hit_id_cmp(const void *va, const void *vb)
{
	const struct words_hit	*a = va, *b = vb;

	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * A search: words.c ranks the hits (best, then highest id first); the rows
 * of the first offset + limit of them and SEARCH_TIE_PAD more are read, and
 * ordered again with equal scores newest first by date, so only more equal
 * scores than the pad across the end of a page could be out of order.
 */
static int
items_search_rows(struct store *st, const struct store_filter *f,
    size_t offset, size_t limit, struct store_rows *rows, char **cause)
{
	struct words_hit	*hits, key, *h;
	struct search_row	*w = NULL;
	sqlite3_stmt		*s;
	struct buf		 ids = { 0 };
	size_t			 n, win, nw = 0, i;
	int			 rc = -1, step;

	if (store_words_search(st, f->search, f, &hits, &n, cause) != 0)
		return -1;
	win = n;
	if (limit != 0 && offset + limit + SEARCH_TIE_PAD < n)
		win = offset + limit + SEARCH_TIE_PAD;
	if (win == 0 || offset >= n) {
		free(hits);
		return 0;
	}
	buf_addc(&ids, '[');
	for (i = 0; i < win; i++)
		buf_printf(&ids, "%s%lld", i > 0 ? "," : "",
		    (long long)hits[i].id);
	buf_addc(&ids, ']');
	qsort(hits, win, sizeof *hits, hit_id_cmp);
	if ((s = store_stmt(st, ST_SEARCH_ROWS, cause)) == NULL)
		goto out;
	sqlite3_bind_text(s, 1, ids.data, (int)ids.len, SQLITE_STATIC);
	w = xreallocarray(NULL, win, sizeof *w);
	while ((step = sqlite3_step(s)) == SQLITE_ROW && nw < win) {
		struct search_row	*r = &w[nw];

		key.id = sqlite3_column_int64(s, 0);
		h = bsearch(&key, hits, win, sizeof *hits, hit_id_cmp);
		if (h == NULL)
			continue;
		r->score = h->score;
		r->row.id = key.id;
		r->row.feed_id = sqlite3_column_int64(s, 1);
		r->row.feed_title = store_column_text(s, 2);
		r->row.title = store_column_text(s, 3);
		if (sqlite3_column_type(s, 4) == SQLITE_NULL)
			r->row.date = FEED_NO_DATE;
		else
			r->row.date = sqlite3_column_int64(s, 4);
		r->row.unread = sqlite3_column_int(s, 5);
		r->row.starred = sqlite3_column_int(s, 6);
		r->sort_key = sqlite3_column_int64(s, 7);
		nw++;
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		store_fail(st, cause, st->path);
		goto out;
	}
	qsort(w, nw, sizeof *w, search_row_cmp);
	for (i = offset; i < nw && (limit == 0 || i < offset + limit); i++) {
		if (rows->n == rows->alloc) {
			rows->alloc = rows->alloc == 0 ? 64 : rows->alloc * 2;
			rows->v = xreallocarray(rows->v, rows->alloc,
			    sizeof *rows->v);
		}
		rows->v[rows->n++] = w[i].row;
		w[i].row.feed_title = w[i].row.title = NULL;
	}
	rc = 0;
out:
	for (i = 0; i < nw; i++) {
		free(w[i].row.feed_title);
		free(w[i].row.title);
	}
	free(w);
	free(hits);
	buf_free(&ids);
	return rc;
}

/*
 * The SQL for a filter.  CROSS JOIN fixes the order of the loops: the
 * search index (best first) or the items index (newest first) outside, so
 * LIMIT stops the walk after a screen.
 */
static void
items_sql(struct buf *b, int mask, int count)
{
	if (count)
		buf_adds(b, "SELECT count(*)");
	else
		buf_adds(b, "SELECT i.id, i.feed_id,"
		    " coalesce(f.title_override, f.title, f.url), i.title,"
		    " coalesce(i.published, i.updated), i.unread, i.starred");
	buf_adds(b, " FROM items AS i CROSS JOIN feeds AS f"
	    " ON f.id = i.feed_id WHERE 1");
	items_sql_where(b, mask);
	if (count)
		return;
	buf_adds(b, " ORDER BY i.sort_key DESC, i.id DESC LIMIT ?2 OFFSET ?3");
}

/* The prepared statement for filter f (no search), bound; NULL on error. */
static sqlite3_stmt *
items_prepare(struct store *st, const struct store_filter *f, int count,
    char **cause)
{
	sqlite3_stmt	**cache, *s;
	struct buf	  b = { 0 };
	int		  mask = items_mask(f);

	cache = count ? &st->count[mask] : &st->query[mask];
	if ((s = *cache) == NULL) {
		items_sql(&b, mask, count);
		if (sqlite3_prepare_v3(st->db, b.data, -1,
		    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			buf_free(&b);
			store_fail(st, cause, "cannot prepare a query");
			return NULL;
		}
		buf_free(&b);
		*cache = s;
	} else {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	if (mask & Q_FEED)
		sqlite3_bind_int64(s, 1, f->feed_id);
	return s;
}

int
store_items_query(struct store *st, const struct store_filter *f,
    size_t offset, size_t limit, struct store_rows *rows, char **cause)
{
	sqlite3_stmt		*s;
	struct store_row	*r;
	int			 rc;

	if (f != NULL && f->search != NULL)
		return items_search_rows(st, f, offset, limit, rows, cause);
	if ((s = items_prepare(st, f, 0, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 2, limit == 0 ? -1 : (int64_t)limit);
	sqlite3_bind_int64(s, 3, (int64_t)offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (rows->n == rows->alloc) {
			rows->alloc = rows->alloc == 0 ? 64 : rows->alloc * 2;
			rows->v = xreallocarray(rows->v, rows->alloc,
			    sizeof *rows->v);
		}
		r = &rows->v[rows->n++];
		r->id = sqlite3_column_int64(s, 0);
		r->feed_id = sqlite3_column_int64(s, 1);
		r->feed_title = store_column_text(s, 2);
		r->title = store_column_text(s, 3);
		if (sqlite3_column_type(s, 4) == SQLITE_NULL)
			r->date = FEED_NO_DATE;
		else
			r->date = sqlite3_column_int64(s, 4);
		r->unread = sqlite3_column_int(s, 5);
		r->starred = sqlite3_column_int(s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	return 0;
}

int
store_count(struct store *st, const struct store_filter *f, size_t *n,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*n = 0;
	if (f != NULL && f->search != NULL) {
		struct words_hit	*hits;

		if (store_words_search(st, f->search, f, &hits, n, cause) != 0)
			return -1;
		free(hits);
		return 0;
	}
	if ((s = items_prepare(st, f, 1, cause)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, cause, st->path);
	return 0;
}

void
store_rows_free(struct store_rows *rows)
{
	size_t	i;

	for (i = 0; i < rows->n; i++) {
		free(rows->v[i].feed_title);
		free(rows->v[i].title);
	}
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

static int64_t
column_opt(sqlite3_stmt *s, int i, int64_t none)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return none;
	return sqlite3_column_int64(s, i);
}

/* Split the newline-joined categories into the item's array. */
static void
items_split_categories(struct item *it, const char *cats)
{
	const char	*p, *nl;
	size_t		 n = 1;

	for (p = cats; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	it->categories = xreallocarray(NULL, n, sizeof *it->categories);
	for (p = cats; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		it->categories[it->ncategories++] = xstrndup(p, nl - p);
	it->categories[it->ncategories++] = xstrdup(p);
}

static int
items_get_links(struct store *st, struct store_item *si, char **cause)
{
	struct item	*it = &si->item;
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, ST_ITEM_LINKS, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, si->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		it->links = xreallocarray(it->links, it->nlinks + 1,
		    sizeof *it->links);
		it->links[it->nlinks].href = store_column_text(s, 0);
		it->links[it->nlinks].rel = store_column_text(s, 1);
		it->links[it->nlinks].type = store_column_text(s, 2);
		it->links[it->nlinks++].title = store_column_text(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	if ((s = store_stmt(st, ST_ITEM_ENCLS, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, si->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		it->enclosures = xreallocarray(it->enclosures,
		    it->nenclosures + 1, sizeof *it->enclosures);
		it->enclosures[it->nenclosures].url = store_column_text(s, 0);
		it->enclosures[it->nenclosures].type = store_column_text(s, 1);
		it->enclosures[it->nenclosures++].length = column_opt(s, 2,
		    FEED_NO_LENGTH);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	return 0;
}

int
store_item_get(struct store *st, int64_t id, struct store_item **out,
    char **cause)
{
	struct store_item	*si;
	sqlite3_stmt		*s;
	const char		*cats;
	int			 rc;

	*out = NULL;
	if ((s = store_stmt(st, ST_ITEM_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return 0;
		return store_fail(st, cause, st->path);
	}
	si = xcalloc(1, sizeof *si);
	si->id = sqlite3_column_int64(s, 0);
	si->feed_id = sqlite3_column_int64(s, 1);
	si->feed_title = store_column_text(s, 2);
	si->item.id = store_column_text(s, 3);
	si->item.title = store_column_text(s, 4);
	si->item.link = store_column_text(s, 5);
	si->item.author = store_column_text(s, 6);
	si->item.published = column_opt(s, 7, FEED_NO_DATE);
	si->item.updated = column_opt(s, 8, FEED_NO_DATE);
	si->item.summary = store_column_text(s, 9);
	si->item.summary_type = (enum feed_text_type)sqlite3_column_int(s, 10);
	si->item.content = store_column_text(s, 11);
	si->item.content_type = (enum feed_text_type)sqlite3_column_int(s, 12);
	if ((cats = (const char *)sqlite3_column_text(s, 13)) != NULL)
		items_split_categories(&si->item, cats);
	si->unread = sqlite3_column_int(s, 14);
	si->starred = sqlite3_column_int(s, 15);
	si->first_seen = sqlite3_column_int64(s, 16);
	sqlite3_reset(s);
	if (items_get_links(st, si, cause) != 0) {
		store_item_free(si);
		return -1;
	}
	*out = si;
	return 1;
}

void
store_item_free(struct store_item *si)
{
	if (si == NULL)
		return;
	feed_item_clear(&si->item);
	free(si->feed_title);
	free(si);
}

int
store_mark_read(struct store *st, enum store_scope scope, int64_t id,
    int read, char **cause)
{
	sqlite3_stmt	*s;
	enum store_stmt	 which;

	switch (scope) {
	case STORE_ITEM:
		which = ST_READ_ITEM;
		break;
	case STORE_FEED:
		which = read ? ST_READ_FEED : ST_UNREAD_FEED;
		break;
	default:
		which = read ? ST_READ_ALL : ST_UNREAD_ALL;
		break;
	}
	if ((s = store_stmt(st, which, cause)) == NULL)
		return -1;
	if (scope != STORE_ALL)
		sqlite3_bind_int64(s, 1, id);
	if (scope == STORE_ITEM)
		sqlite3_bind_int(s, 2, !read);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return 0;
}

int
store_set_starred(struct store *st, int64_t id, int starred, char **cause)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, ST_STARRED, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, starred != 0);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return 0;
}

/*
 * The hashes of a feed's items as the cache has them, by guid, for a
 * refresh's parser (see items.h).
 */
struct known_row {
	char		*guid;
	uint64_t	 hash;
};

struct store_known {
	sqlite3		*db;
	sqlite3_stmt	*s;
	struct known_row *v;
	size_t		 n, alloc;
};

static int
known_cmp(const void *a, const void *b)
{
	return strcmp(((const struct known_row *)a)->guid,
	    ((const struct known_row *)b)->guid);
}

static void
known_clear(struct store_known *k)
{
	size_t	i;

	for (i = 0; i < k->n; i++)
		free(k->v[i].guid);
	k->n = 0;
}

struct store_known *
store_known_open(struct store *st, char **cause)
{
	struct store_known	*k = xcalloc(1, sizeof *k);
	const char		*path = st->path;

	if (sqlite3_open_v2(path, &k->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(k->db, "SELECT guid, hash FROM items"
	    " WHERE feed_id = ?1", -1, &k->s, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, k->db != NULL ?
		    sqlite3_errmsg(k->db) : "out of memory");
		store_known_close(k);
		return NULL;
	}
	sqlite3_busy_timeout(k->db, 5000);
	return k;
}

int
store_known_load(struct store_known *k, int64_t feed_id, char **cause)
{
	const unsigned char	*g;
	int			 rc;

	known_clear(k);
	sqlite3_bind_int64(k->s, 1, feed_id);
	while ((rc = sqlite3_step(k->s)) == SQLITE_ROW) {
		if ((g = sqlite3_column_text(k->s, 0)) == NULL)
			continue;
		if (k->n == k->alloc) {
			k->alloc = k->alloc == 0 ? 64 : 2 * k->alloc;
			k->v = xreallocarray(k->v, k->alloc, sizeof *k->v);
		}
		k->v[k->n].guid = xstrdup((const char *)g);
		k->v[k->n].hash = (uint64_t)sqlite3_column_int64(k->s, 1);
		k->n++;
	}
	sqlite3_reset(k->s);
	if (rc != SQLITE_DONE) {
		known_clear(k);
		xasprintf(cause, "%s", sqlite3_errmsg(k->db));
		return -1;
	}
	if (k->n > 1)
		qsort(k->v, k->n, sizeof *k->v, known_cmp);
	return 0;
}

int
store_known_same(const struct store_known *k, const struct item *it,
    const struct store_fold *f)
{
	struct known_row	 key, *row;

	/* Without an id or a link, the guid is made of the hash itself. */
	if (k == NULL || k->n == 0 || (key.guid = items_guid_given(it)) ==
	    NULL)
		return 0;
	row = bsearch(&key, k->v, k->n, sizeof *k->v, known_cmp);
	return row != NULL && row->hash == f->hash;
}

void
store_known_close(struct store_known *k)
{
	if (k == NULL)
		return;
	known_clear(k);
	free(k->v);
	sqlite3_finalize(k->s);
	sqlite3_close(k->db);
	free(k);
}
