/* khabar - ISC licence, see LICENSE. */
/*
 * The cache: migrations, refusing what is not ours, state kept across
 * refreshes, retention, search folding through the real FTS5 index, ranking,
 * hostile queries, batches, checkpoints on their own thread, and a writer
 * process racing a reader.  Each test works in
 * its own directory made with mkdtemp() under $TMPDIR (or /tmp).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "feed/feed.h"
#include "store/db.h"
#include "store/fulltext.h"
#include "store/internal.h"		/* store_fold_title() */
#include "store/items.h"
#include "store/search.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define NOW	1700000000LL
#define DAY	86400LL
#define URL_A	"https://example.org/a.xml"
#define URL_B	"https://example.org/b.xml"

#include "fold-check.h"
#include "store-fixture.h"

static int
setup(void **state)
{
	return fixture_setup(state, "store");
}

static void
mk(struct item *it, const char *id, const char *title, const char *summary,
    int64_t published)
{
	memset(it, 0, sizeof *it);
	it->id = (char *)id;
	it->title = (char *)title;
	it->summary = (char *)summary;
	it->summary_type = FEED_TYPE_TEXT;
	it->content_type = FEED_TYPE_NONE;
	it->published = published;
	it->updated = FEED_NO_DATE;
}

/* How many items a search finds, and whether the first is titled first. */
static size_t
hits(struct store *st, const char *query, const char *first)
{
	struct store_rows	rows = { 0 };
	char			*cause = NULL;
	size_t			 n, count;

	if (store_search(st, query, 0, 0, &rows, &cause) != 0)
		fail_msg("search \"%s\": %s", query, cause);
	if (store_count(st, &(struct store_filter){ .search = query }, &count,
	    &cause) != 0)
		fail_msg("count \"%s\": %s", query, cause);
	assert_int_equal(count, rows.n);
	if (first != NULL && (rows.n == 0 || rows.v[0].title == NULL ||
	    strcmp(rows.v[0].title, first) != 0))
		fail_msg("search \"%s\": first hit is \"%s\", want \"%s\"",
		    query, rows.n == 0 ? "(none)" : rows.v[0].title, first);
	n = rows.n;
	store_rows_free(&rows);
	return n;
}

/* Fail unless the rows of "FROM ..." (SQL after SELECT count(*)) are n. */
static void
expect_rows(struct store *st, const char *from, int n)
{
	char	sql[512], *cause = NULL;

	snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS temp.chk;"
	    "CREATE TEMP TABLE chk (n INTEGER CHECK (n = %d));"
	    "INSERT INTO chk SELECT count(*) %s", n, from);
	if (store_run(st, sql, &cause) != 0)
		fail_msg("not %d rows %s: %s", n, from, cause);
}

static void
test_open_new(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;

	assert_int_equal(store_version(fx->st), STORE_VERSION);
	assert_int_equal(store_check(fx->st, &cause), 0);
	store_close(fx->st);
	fx->st = store_open(fx->path, &cause);
	assert_non_null(fx->st);
	assert_int_equal(store_version(fx->st), STORE_VERSION);
}

/*
 * Opening an up-to-date cache takes no write lock: the reader starts at
 * once while a refresh holds a write transaction (it used to wait for the
 * 5 s busy timeout and then fail with "database is locked").
 */
static void
test_open_while_writing(void **state)
{
	struct fixture	*fx = *state;
	struct store	*st;
	char		*cause = NULL;
	time_t		 t0;

	assert_int_equal(store_run(fx->st, "BEGIN IMMEDIATE", &cause), 0);
	t0 = time(NULL);
	st = store_open(fx->path, &cause);
	if (st == NULL)
		fail_msg("%s", cause);
	assert_true(time(NULL) - t0 < 2);
	store_close(st);
	assert_int_equal(store_run(fx->st, "COMMIT", &cause), 0);
}

/* A cache of an earlier version, at path (a file in the fixture's dir). */
static struct store *
open_old(struct fixture *fx, char *path, size_t size, int version)
{
	struct store	*st;
	char		*cause = NULL;

	snprintf(path, size, "%s/v%d.db", fx->dir, version);
	if ((st = store_open_version(path, version, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), version);
	return st;
}

/*
 * An item as an older version stored it, by SQL: the code writes the index
 * of the current schema only.  The index is built when the cache migrates.
 */
static void
old_item(struct store *st, const char *url, const char *guid,
    const char *title, const char *summary, int64_t date)
{
	char	sql[1024], *cause = NULL;

	snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO feeds (url)"
	    " VALUES ('%s'); INSERT INTO items (feed_id, guid, title, summary,"
	    " summary_type, first_seen, sort_key, hash) VALUES ((SELECT id"
	    " FROM feeds WHERE url = '%s'), '%s', '%s', '%s', 1, %lld, %lld,"
	    " 0)", url, url, guid, title, summary, (long long)date,
	    (long long)date);
	if (store_run(st, sql, &cause) != 0)
		fail_msg("%s", cause);
}

/* An empty file is an SQLite database of version 0. */
static void
test_migrate_from_0(void **state)
{
	struct fixture	*fx = *state;
	struct item	 it;
	char		 path[400], *cause = NULL;
	struct store	*st;
	int		 fd;

	snprintf(path, sizeof path, "%s/empty.db", fx->dir);
	assert_true((fd = open(path, O_WRONLY | O_CREAT, 0600)) >= 0);
	close(fd);
	if ((st = store_open(path, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), STORE_VERSION);
	mk(&it, "1", "Fresh", "\u0627\u0644\u0625\u0633\u0644\u0627\u0645",
	    NOW);
	refresh(st, URL_A, &it, 1);
	assert_int_equal(hits(st, "\u0627\u0644\u0627\u0633\u0644\u0627\u0645",
	    "Fresh"), 1);
	store_close(st);
}

/*
 * A version-1 cache (no search index yet) written with the SQL of that
 * version: opening it builds the index from the rows and keeps the state.
 */
static void
test_migrate_from_1(void **state)
{
	struct fixture		*fx = *state;
	struct store_item	*si;
	char			 path[400], *cause = NULL;
	struct store		*st;

	st = open_old(fx, path, sizeof path, 1);
	if (store_run(st, "INSERT INTO feeds (id, url, title) VALUES"
	    " (7, 'https://old.example/feed', 'Old');"
	    "INSERT INTO items (id, feed_id, guid, title, summary,"
	    " summary_type, content, content_type, unread, starred,"
	    " first_seen, sort_key, hash) VALUES"
	    " (70, 7, 'g70', 'Old news', '<p>\u0645\u064E\u062F\u0652\u0631"
	    "\u064E\u0633\u064E\u0629</p>', 2, NULL, 0, 0, 1, 1600000000,"
	    " 1600000000, 0),"
	    " (71, 7, 'g71', 'Other', 'platypus', 1, NULL, 0, 1, 0,"
	    " 1600000001, 1600000001, 0);"
	    "INSERT INTO item_links VALUES (70, 0, 'https://l/', 'related',"
	    " NULL, 'L');", &cause) != 0)
		fail_msg("%s", cause);
	store_close(st);

	if ((st = store_open(path, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), STORE_VERSION);
	assert_int_equal(hits(st, "\u0645\u062F\u0631\u0633\u0647",
	    "Old news"), 1);
	assert_int_equal(hits(st, "platypus", "Other"), 1);
	assert_int_equal(store_item_get(st, 70, &si, &cause), 1);
	assert_int_equal(si->unread, 0);
	assert_int_equal(si->starred, 1);
	assert_int_equal(si->item.nlinks, 1);
	assert_string_equal(si->item.links[0].rel, "related");
	store_item_free(si);
	assert_int_equal(store_check(st, &cause), 0);
	store_close(st);
}

/*
 * A version-2 cache (no fulltext table): opening it adds the table, keeps
 * the items, and full articles can then be stored for them.
 */
static void
test_migrate_from_2(void **state)
{
	struct fixture		*fx = *state;
	struct store_fulltext	 ft;
	char			 path[400], *cause = NULL;
	struct store		*st;
	int64_t			 id;

	st = open_old(fx, path, sizeof path, 2);
	old_item(st, URL_A, "1", "Short", "One line.", NOW);
	assert_int_not_equal(store_run(st, "SELECT * FROM fulltext", &cause),
	    0);
	free(cause);
	cause = NULL;
	store_close(st);

	if ((st = store_open(path, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), STORE_VERSION);
	assert_true((id = find_id(st, "Short")) != 0);
	assert_int_equal(hits(st, "line", "Short"), 1);
	assert_int_equal(store_fulltext_get(st, id, &ft, &cause), 0);
	assert_int_equal(store_fulltext_put(st, id, NOW, "https://p/",
	    "{\"v\":1}", &cause), 0);
	assert_int_equal(store_fulltext_get(st, id, &ft, &cause), 1);
	assert_string_equal(ft.article, "{\"v\":1}");
	store_fulltext_clear(&ft);
	assert_int_equal(store_check(st, &cause), 0);
	store_close(st);
}

/*
 * A version-5 cache (no items_filter index): opening it adds the index,
 * which a search with a filter needs, and the filters answer as before.
 */
static void
test_migrate_from_5(void **state)
{
	struct fixture		*fx = *state;
	struct store_filter	 f = { .search = "news" };
	struct store_rows	 rows = { 0 };
	char			 path[400], *cause = NULL;
	struct store		*st;
	int64_t			 fb;
	size_t			 n;

	st = open_old(fx, path, sizeof path, 5);
	expect_rows(st, "FROM items_fts_config WHERE k = 'automerge'", 0);
	old_item(st, URL_A, "1", "Read news", "a", NOW - 2);
	old_item(st, URL_A, "2", "Starred news", "b", NOW - 1);
	old_item(st, URL_B, "3", "Other news", "c", NOW);
	assert_int_equal(store_mark_read(st, STORE_ITEM,
	    find_id(st, "Read news"), 1, &cause), 0);
	assert_int_equal(store_set_starred(st, find_id(st, "Starred news"), 1,
	    &cause), 0);
	store_close(st);

	if ((st = store_open(path, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), STORE_VERSION);
	/* 9: words.c's index, built from the rows. */
	expect_rows(st, "FROM word_segs WHERE items = 3", 1);
	assert_int_equal(hits(st, "news", NULL), 3);
	f.unread = 1;
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_items_query(st, &f, 0, 0, &rows, &cause), 0);
	assert_int_equal(rows.n, 2);
	for (n = 0; n < rows.n; n++)
		assert_true(strcmp(rows.v[n].title, "Read news") != 0);
	store_rows_free(&rows);
	f.unread = 0;
	f.starred = 1;
	assert_int_equal(store_items_query(st, &f, 0, 0, &rows, &cause), 0);
	assert_int_equal(rows.n, 1);
	assert_string_equal(rows.v[0].title, "Starred news");
	store_rows_free(&rows);
	f.starred = 0;
	assert_int_equal(store_feed_begin(st, URL_B, &fb, &cause), 0);
	store_feed_rollback(st);
	f.feed_id = fb;
	assert_int_equal(store_items_query(st, &f, 0, 0, &rows, &cause), 0);
	assert_int_equal(rows.n, 1);
	assert_string_equal(rows.v[0].title, "Other news");
	store_rows_free(&rows);
	assert_int_equal(store_check(st, &cause), 0);
	store_close(st);
}

/*
 * A version-8 cache (an FTS5 index): opening it drops that index and builds
 * words.c's from the rows, keeping every item's state; the new index then
 * takes updates and deletes, and a split query word finds its parts
 * wherever they are.
 */
static void
test_migrate_from_8(void **state)
{
	struct fixture		*fx = *state;
	struct item		 it[2];
	char			 path[400], *cause = NULL;
	struct store		*st;
	size_t			 removed;

	st = open_old(fx, path, sizeof path, 8);
	old_item(st, URL_A, "1", "\u0645\u064E\u062F\u0652\u0631\u064E"
	    "\u0633\u064E\u0629", "e-mail", NOW - 2);
	old_item(st, URL_A, "2", "Apart", "mail from e", NOW - 1);
	old_item(st, URL_A, "3", "Old", "gone soon", NOW - 400 * DAY);
	assert_int_equal(store_mark_read(st, STORE_ITEM, find_id(st, "Apart"),
	    1, &cause), 0);
	assert_int_equal(store_set_starred(st, find_id(st, "Apart"), 1,
	    &cause), 0);
	store_close(st);

	if ((st = store_open(path, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), STORE_VERSION);
	assert_int_equal(STORE_VERSION, 9);
	expect_rows(st, "FROM sqlite_master WHERE name LIKE 'items_fts%'", 0);
	expect_rows(st, "FROM word_segs WHERE items = 3", 1);
	assert_int_equal(hits(st, "\u0645\u062F\u0631\u0633\u0647", NULL), 1);
	assert_int_equal(hits(st, "e-mail", NULL), 2);
	assert_int_equal(hits(st, "e-mai*", NULL), 2);
	assert_int_equal(hits(st, "gone", "Old"), 1);
	expect_rows(st, "FROM items WHERE title = 'Apart' AND unread = 0"
	    " AND starred = 1", 1);
	/* Stored again (their hash was not this version's), then pruned. */
	mk(&it[0], "1", "\u0645\u064E\u062F\u0652\u0631\u064E\u0633\u064E"
	    "\u0629", "e-mail", NOW - 2);
	mk(&it[1], "2", "Apart", "mail from the east", NOW - 1);
	refresh(st, URL_A, it, 2);
	assert_int_equal(store_prune(st, NOW, 30, 0, &removed, &cause), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(hits(st, "gone", NULL), 0);
	assert_int_equal(hits(st, "east", "Apart"), 1);
	assert_int_equal(hits(st, "e-mail", "\u0645\u064E\u062F\u0652\u0631"
	    "\u064E\u0633\u064E\u0629"), 1);
	expect_rows(st, "FROM items WHERE title = 'Apart' AND unread = 0"
	    " AND starred = 1", 1);
	assert_int_equal(store_check(st, &cause), 0);
	store_close(st);
}

/* Full articles: put, get, replace, and gone with their item. */
static void
test_fulltext(void **state)
{
	struct fixture		*fx = *state;
	struct store_fulltext	 ft;
	struct item		 it[2];
	char			*cause = NULL;
	int64_t			 a, b;
	size_t			 removed;

	mk(&it[0], "1", "First", "x", NOW);
	mk(&it[1], "2", "Second", "y", NOW - 400 * DAY);
	refresh(fx->st, URL_A, it, 2);
	a = find_id(fx->st, "First");
	b = find_id(fx->st, "Second");
	assert_int_equal(store_fulltext_get(fx->st, a, &ft, &cause), 0);
	assert_null(ft.article);
	assert_int_equal(store_fulltext_get(fx->st, 9999, &ft, &cause), 0);

	assert_int_equal(store_fulltext_put(fx->st, a, 0, "https://p/a",
	    "article a \u0646\u0641\u0637", &cause), 0);
	assert_int_equal(store_fulltext_put(fx->st, b, NOW - 5, NULL, "b",
	    &cause), 0);
	assert_int_equal(store_fulltext_get(fx->st, a, &ft, &cause), 1);
	assert_int_equal(ft.fetched_at, NOW);		/* 0: store_now() */
	assert_string_equal(ft.url, "https://p/a");
	assert_string_equal(ft.article, "article a \u0646\u0641\u0637");
	store_fulltext_clear(&ft);
	assert_null(ft.url);
	assert_int_equal(store_fulltext_get(fx->st, b, &ft, &cause), 1);
	assert_int_equal(ft.fetched_at, NOW - 5);
	assert_null(ft.url);
	store_fulltext_clear(&ft);

	/* Fetched again: replaced, not added. */
	assert_int_equal(store_fulltext_put(fx->st, a, NOW + 1, "https://p/2",
	    "again", &cause), 0);
	assert_int_equal(store_fulltext_get(fx->st, a, &ft, &cause), 1);
	assert_int_equal(ft.fetched_at, NOW + 1);
	assert_string_equal(ft.url, "https://p/2");
	assert_string_equal(ft.article, "again");
	store_fulltext_clear(&ft);

	/* No item, no article: a foreign key. */
	assert_int_equal(store_fulltext_put(fx->st, 9999, 0, NULL, "z",
	    &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;

	/* Deleted with the item, by hand or by retention. */
	assert_int_equal(store_run(fx->st, "DELETE FROM items WHERE id = (SELECT"
	    " id FROM items WHERE title = 'First')", &cause), 0);
	assert_int_equal(store_fulltext_get(fx->st, a, &ft, &cause), 0);
	refresh(fx->st, URL_A, NULL, 0);
	assert_int_equal(store_prune(fx->st, NOW, 30, 0, &removed, &cause), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(store_fulltext_get(fx->st, b, &ft, &cause), 0);
	assert_int_equal(store_check(fx->st, &cause), 0);
}

static void
test_newer_version(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;

	assert_int_equal(store_run(fx->st, "PRAGMA user_version = 99", &cause),
	    0);
	store_close(fx->st);
	fx->st = store_open(fx->path, &cause);
	assert_null(fx->st);
	assert_non_null(strstr(cause, "newer khabar"));
	assert_non_null(strstr(cause, "99"));
	free(cause);
}

static void
test_corrupt_file(void **state)
{
	struct fixture	*fx = *state;
	unsigned char	 garbage[8192], back[8192 + 1];
	char		 path[400], wal[420], *cause = NULL;
	struct store	*st;
	size_t		 i;
	ssize_t		 n;
	int		 fd;

	for (i = 0; i < sizeof garbage; i++)
		garbage[i] = (unsigned char)(i * 7919 + 13);
	snprintf(path, sizeof path, "%s/garbage.db", fx->dir);
	assert_true((fd = open(path, O_WRONLY | O_CREAT, 0600)) >= 0);
	assert_int_equal(write(fd, garbage, sizeof garbage), sizeof garbage);
	close(fd);

	st = store_open(path, &cause);
	assert_null(st);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "is not a khabar cache"));
	assert_non_null(strstr(cause, "file is not a database"));
	free(cause);

	assert_true((fd = open(path, O_RDONLY)) >= 0);
	n = read(fd, back, sizeof back);
	close(fd);
	assert_int_equal(n, sizeof garbage);
	assert_memory_equal(back, garbage, sizeof garbage);
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_equal(access(wal, F_OK), -1);
}

/* Someone else's SQLite database is not ours to add tables to. */
static void
test_foreign_database(void **state)
{
	struct fixture	*fx = *state;
	char		 path[400], *cause = NULL;
	struct store	*st;

	snprintf(path, sizeof path, "%s/other.db", fx->dir);
	if ((st = store_open_version(path, 0, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_run(st, "CREATE TABLE notes (x)", &cause), 0);
	store_close(st);
	assert_null(store_open(path, &cause));
	assert_non_null(strstr(cause, "is not a khabar cache"));
	free(cause);
}

/* Each row of sql on the cache at path, a line of its columns. */
static void
dump_query(const char *path, const char *sql, struct buf *out)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	const char	*v;
	int		 i, rc;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(s); i++) {
			v = (const char *)sqlite3_column_text(s, i);
			buf_printf(out, "%s%s", i > 0 ? " | " : "",
			    v != NULL ? v : "NULL");
		}
		buf_addc(out, '\n');
	}
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/*
 * A new cache gets the schema at once (SQL_SCHEMA in db.c): it must be what
 * the migrations make of a cache of version 1, table for table, index for
 * index, with the same versions and the same meta rows.
 */
static void
test_new_schema(void **state)
{
	static const char *const queries[] = {
		"SELECT type, name, tbl_name, sql FROM sqlite_schema"
		" ORDER BY type, name",
		"SELECT key, value FROM meta ORDER BY key",
		"PRAGMA user_version",
		"PRAGMA application_id",
		"PRAGMA page_size",
		"PRAGMA journal_mode",
	};
	struct fixture	*fx = *state;
	struct store	*st;
	struct buf	 made = { 0 }, migrated = { 0 };
	char		 path_new[400], path_old[400], *cause = NULL;
	size_t		 i;

	snprintf(path_new, sizeof path_new, "%s/new.db", fx->dir);
	if ((st = store_open(path_new, &cause)) == NULL)
		fail_msg("%s", cause);
	store_close(st);
	st = open_old(fx, path_old, sizeof path_old, 1);
	store_close(st);
	if ((st = store_open(path_old, &cause)) == NULL)
		fail_msg("%s", cause);
	store_close(st);
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		dump_query(path_new, queries[i], &made);
		dump_query(path_old, queries[i], &migrated);
	}
	buf_addc(&made, '\0');
	buf_addc(&migrated, '\0');
	assert_non_null(strstr(made.data, "items_words_gone"));
	assert_string_equal(made.data, migrated.data);
	buf_free(&made);
	buf_free(&migrated);
}

static void
test_state_preserved(void **state)
{
	struct fixture		*fx = *state;
	struct store		*st = fx->st;
	struct store_item	*si;
	struct item		 it[3];
	char			*cause = NULL;
	int64_t			 a, b;

	mk(&it[0], "a", "Alpha", "kilimanjaro expedition", NOW - 300);
	mk(&it[1], "b", "Beta", "baobab", NOW - 200);
	mk(&it[2], "c", "Gamma", "chameleon", NOW - 100);
	refresh(st, URL_A, it, 3);
	a = find_id(st, "Alpha");
	b = find_id(st, "Beta");
	assert_true(a != 0 && b != 0);
	assert_int_equal(store_mark_read(st, STORE_ITEM, a, 1, &cause), 0);
	assert_int_equal(store_set_starred(st, b, 1, &cause), 0);
	assert_int_equal(hits(st, "kilimanjaro", "Alpha"), 1);

	/* Same items, Alpha rewritten, a later refresh. */
	store_set_time(st, NOW + 3600);
	mk(&it[0], "a", "Alpha", "zanzibar expedition", NOW - 300);
	refresh(st, URL_A, it, 3);
	assert_int_equal(find_id(st, "Alpha"), a);
	assert_int_equal(store_item_get(st, a, &si, &cause), 1);
	assert_int_equal(si->unread, 0);
	assert_string_equal(si->item.summary, "zanzibar expedition");
	assert_int_equal(si->first_seen, NOW);
	store_item_free(si);
	assert_int_equal(store_item_get(st, b, &si, &cause), 1);
	assert_int_equal(si->starred, 1);
	assert_int_equal(si->unread, 1);
	store_item_free(si);
	assert_int_equal(hits(st, "zanzibar", "Alpha"), 1);
	assert_int_equal(hits(st, "kilimanjaro", NULL), 0);
	assert_int_equal(hits(st, "expedition", "Alpha"), 1);

	/* A title change is searchable too. */
	mk(&it[0], "a", "Alpha wombat", "zanzibar expedition", NOW - 300);
	refresh(st, URL_A, it, 3);
	assert_int_equal(hits(st, "wombat", "Alpha wombat"), 1);
	assert_int_equal(store_check(st, &cause), 0);
}

static void
test_left_feed_stays(void **state)
{
	struct fixture		*fx = *state;
	struct store_filter	 f = { 0 };
	struct item		 it[4];
	char			*cause = NULL;
	size_t			 n;

	mk(&it[0], "1", "One", "x", NOW - 40);
	mk(&it[1], "2", "Two", "x", NOW - 30);
	mk(&it[2], "3", "Three", "x", NOW - 20);
	refresh(fx->st, URL_A, it, 3);
	mk(&it[3], "4", "Four", "x", NOW - 10);
	refresh(fx->st, URL_A, it + 2, 2);
	assert_int_equal(store_count(fx->st, &f, &n, &cause), 0);
	assert_int_equal(n, 4);
	assert_true(find_id(fx->st, "One") != 0);
}

static void
test_retention(void **state)
{
	struct fixture		*fx = *state;
	struct store		*st = fx->st;
	struct store_filter	 f = { 0 };
	struct store_item	*si;
	struct item		 it[12];
	char			 ids[12][8], titles[12][16], *cause = NULL;
	size_t			 n, removed, i;
	int64_t			 old;

	/* Feed A: old, old-starred and recent, then only newer ones. */
	mk(&it[0], "old", "Old", "fossil", NOW - 200 * DAY);
	mk(&it[1], "star", "Starred", "amber", NOW - 300 * DAY);
	mk(&it[2], "new", "New", "sapling", NOW - 1 * DAY);
	it[0].links = &(struct feed_link){ (char *)"https://x/",
	    (char *)"related", NULL, NULL };
	it[0].nlinks = 1;
	refresh(st, URL_A, it, 3);
	old = find_id(st, "Old");
	assert_int_equal(store_set_starred(st, find_id(st, "Starred"), 1,
	    &cause), 0);

	/* Feed B: an old item it still carries, and twelve by number. */
	mk(&it[0], "evergreen", "Evergreen", "perennial", NOW - 400 * DAY);
	refresh(st, URL_B, it, 1);
	assert_int_equal(store_prune(st, NOW, 90, 500, &removed, &cause), 0);
	assert_int_equal(removed, 0);		/* all still in their feeds */

	mk(&it[0], "newer", "Newer", "seedling", NOW);
	refresh(st, URL_A, it, 1);
	assert_int_equal(store_prune(st, NOW, 90, 500, &removed, &cause), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(find_id(st, "Old"), 0);
	assert_int_equal(store_item_get(st, old, &si, &cause), 0);
	assert_int_equal(hits(st, "fossil", NULL), 0);
	assert_true(find_id(st, "Starred") != 0);
	assert_true(find_id(st, "New") != 0);
	assert_true(find_id(st, "Evergreen") != 0);

	/* Per feed: the newest 3 of feed B stay, and the starred one. */
	for (i = 0; i < 12; i++) {
		snprintf(ids[i], sizeof ids[i], "n%zu", i);
		snprintf(titles[i], sizeof titles[i], "Number %zu", i);
		mk(&it[i], ids[i], titles[i], "counting", NOW - (int64_t)i);
	}
	refresh(st, URL_B, it, 12);
	assert_int_equal(store_set_starred(st, find_id(st, "Number 11"), 1,
	    &cause), 0);
	refresh(st, URL_B, it, 0);
	assert_int_equal(store_prune(st, NOW, 0, 3, &removed, &cause), 0);
	f.feed_id = 0;
	assert_int_equal(hits(st, "counting", "Number 0"), 4);
	assert_true(find_id(st, "Number 11") != 0);
	assert_int_equal(find_id(st, "Number 3"), 0);
	assert_int_equal(find_id(st, "Evergreen"), 0);
	/* Feed A has three items: Starred, New, Newer (within 3 anyway). */
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 3 + 4);
	assert_int_equal(store_check(st, &cause), 0);
}

static const struct {
	const char	*rule;
	const char	*text;
	const char	*query;
} search_cases[] = {
	{ "hamza-below", "\u0627\u0644\u0625\u0633\u0644\u0627\u0645",
	    "\u0627\u0644\u0627\u0633\u0644\u0627\u0645" },
	{ "harakat+teh-marbuta", "\u0645\u064E\u062F\u0652\u0631\u064E\u0633"
	    "\u064E\u0629\u064C", "\u0645\u062F\u0631\u0633\u0647" },
	{ "query-harakat", "\u0643\u062A\u0627\u0628",
	    "\u0643\u0650\u062A\u064E\u0627\u0628\u064C" },
	{ "arabic-digits", "\u0639\u0627\u0645 \u0662\u0660\u0662\u0664",
	    "2024" },
	{ "persian-digits", "\u0633\u0627\u0644 \u06F1\u06F4\u06F0\u06F3",
	    "1403" },
	{ "ascii-digits-query", "year 1948", "\u0661\u0669\u0664\u0668" },
	{ "hamza-above", "\u0623\u062D\u0645\u062F", "\u0627\u062D\u0645\u062F" },
	{ "madda", "\u0622\u062E\u0631", "\u0627\u062E\u0631" },
	{ "wasla", "\u0671\u0644\u0642\u062F\u0633", "\u0627\u0644\u0642\u062F"
	    "\u0633" },
	{ "alef-maqsura", "\u0645\u0633\u062A\u0634\u0641\u0649",
	    "\u0645\u0633\u062A\u0634\u0641\u064A" },
	{ "waw-hamza", "\u0627\u0644\u0645\u0624\u062A\u0645\u0631",
	    "\u0627\u0644\u0645\u0648\u062A\u0645\u0631" },
	{ "yeh-hamza", "\u0627\u0644\u0631\u0626\u064A\u0633",
	    "\u0627\u0644\u0631\u064A\u064A\u0633" },
	{ "tatweel", "\u062C\u0645\u0640\u0640\u0640\u064A\u0644",
	    "\u062C\u0645\u064A\u0644" },
	{ "superscript-alef", "\u0647\u0670\u0630\u0627\u0646",
	    "\u0647\u0630\u0627\u0646" },
	{ "keheh", "\u06A9\u0634\u0648\u0631", "\u0643\u0634\u0648\u0631" },
	{ "farsi-yeh", "\u0627\u06CC\u0631\u0627\u0646",
	    "\u0627\u064A\u0631\u0627\u0646" },
	{ "zwnj", "\u0645\u06CC\u200C\u06AF\u0648\u06CC\u062F",
	    "\u0645\u064A\u06AF\u0648\u064A\u062F" },
	{ "latin-case", "Reuters REPORTS", "reports" },
	{ "latin1-case", "\u00C9COLE", "\u00E9cole" },
	{ "diacritics", "caf\u00E9", "cafe" },
	{ "html-entity", "<p>cr&egrave;me</p>", "creme" },
	{ "html-inline", "<p>tele<b>pho</b>nique</p>", "telephonique" },
	{ "hebrew-points", "\u05E9\u05C1\u05B8\u05DC\u05D5\u05B9\u05DD",
	    "\u05E9\u05DC\u05D5\u05DD" },
	{ "arabic-comma", "\u0646\u0641\u0637\u060C\u063A\u0627\u0632",
	    "\u063A\u0627\u0632" },
	{ "emoji-between", "\u062E\u0628\u0631\U0001F525\u0639\u0627\u062C"
	    "\u0644", "\u0639\u0627\u062C\u0644" },
	{ "combining-accent", "nai\u0308ve art", "naive" },
	{ "vietnamese", "Vi\u1EC7t Nam", "viet" },
	{ "em-dash", "word\u2014another", "another" },
};

static void
test_search_folding(void **state)
{
	struct fixture	*fx = *state;
	struct item	*it;
	size_t		 i, n = sizeof search_cases / sizeof search_cases[0];
	char		 ids[64][8];

	it = xcalloc(n, sizeof *it);
	for (i = 0; i < n; i++) {
		snprintf(ids[i], sizeof ids[i], "%zu", i);
		mk(&it[i], ids[i], search_cases[i].rule, search_cases[i].text,
		    NOW - (int64_t)i);
		if (search_cases[i].text[0] == '<')
			it[i].summary_type = FEED_TYPE_HTML;
	}
	refresh(fx->st, URL_A, it, n);
	for (i = 0; i < n; i++) {
		if (hits(fx->st, search_cases[i].query,
		    search_cases[i].rule) != 1)
			fail_msg("%s: want one hit", search_cases[i].rule);
	}
	/* The rule's name is in the title: a title search finds one too. */
	assert_int_equal(hits(fx->st, "wasla", "wasla"), 1);
	free(it);
}

static void
test_search_ranking(void **state)
{
	struct fixture	*fx = *state;
	struct item	 it[4];

	mk(&it[0], "1", "Markets today", "a falafel stand opened", NOW - 10);
	mk(&it[1], "2", "Falafel prices", "markets", NOW - 5000);
	mk(&it[2], "3", "Same words", "quokka sighting", NOW - 300);
	mk(&it[3], "4", "Same words", "quokka sighting", NOW - 200);
	refresh(fx->st, URL_A, it, 4);
	assert_int_equal(hits(fx->st, "falafel", "Falafel prices"), 2);
	assert_int_equal(hits(fx->st, "markets", "Markets today"), 2);
	/* A tie goes to the newest. */
	assert_int_equal(hits(fx->st, "quokka", NULL), 2);
	{
		struct store_rows	rows = { 0 };
		char			*cause = NULL;

		assert_int_equal(store_search(fx->st, "quokka", 0, 0, &rows,
		    &cause), 0);
		assert_true(rows.v[0].date == NOW - 200);
		store_rows_free(&rows);
	}
	/* Words ANDed, and a prefix. */
	assert_int_equal(hits(fx->st, "falafel stand", "Markets today"), 1);
	assert_int_equal(hits(fx->st, "falaf*", NULL), 2);
	assert_int_equal(hits(fx->st, "falaf", NULL), 0);
}

/*
 * The rank: the rarer word counts for more, a word in the title and the
 * body more than in the title only, more than in the body only; a tie goes
 * to the newest.
 */
static void
test_search_rank_terms(void **state)
{
	static const char *const ids[] = { "3", "4", "5", "6" };
	struct fixture		*fx = *state;
	struct store_rows	 rows = { 0 };
	struct item		 it[10];
	char			*cause = NULL;
	int			 i;

	mk(&it[0], "1", "Rare here", "common", NOW - 900);
	mk(&it[1], "2", "Common here", "rare", NOW - 100);
	for (i = 0; i < 4; i++)
		mk(&it[2 + i], ids[i], "Filler", "common filler", NOW - 50);
	mk(&it[6], "7", "Body", "wombat here", NOW - 5);
	mk(&it[7], "8", "Title only wombat", "x", NOW - 800);
	mk(&it[8], "9", "Wombat both", "wombat", NOW - 900);
	mk(&it[9], "10", "Body too", "a wombat", NOW - 600);
	refresh(fx->st, URL_A, it, 10);
	/* "common" is in most items, "rare" in two: the title's counts. */
	assert_int_equal(hits(fx->st, "rare common", "Rare here"), 2);
	assert_int_equal(store_search(fx->st, "wombat", 0, 0, &rows, &cause),
	    0);
	assert_int_equal(rows.n, 4);
	assert_string_equal(rows.v[0].title, "Wombat both");
	assert_string_equal(rows.v[1].title, "Title only wombat");
	/* Equal scores: the newest first. */
	assert_string_equal(rows.v[2].title, "Body");
	assert_string_equal(rows.v[3].title, "Body too");
	store_rows_free(&rows);
}

static void
test_hostile_queries(void **state)
{
	static const char *const queries[] = {
		"\"", "\"\"", "*", "**", "NEAR(", "NEAR(a b)", "OR", "a OR",
		"AND", "NOT", "-", "-a", ":", "title:", "title:a", "^", "^a",
		"(", ")", "()", "{a b}:c", "a\"b", "'", "\\", "+", "a + b",
		"", " ", "\t\n", "\xff\xfe", "\u202E", "\u0640", "\u064E",
		"*a", "a**", "\"a\"*", "''; DROP TABLE items; --",
	};
	struct fixture	*fx = *state;
	struct item	 it;
	struct buf	 b = { 0 }, big = { 0 };
	size_t		 i;

	mk(&it, "1", "a b c", "NEAR or not", NOW);
	refresh(fx->st, URL_A, &it, 1);
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++)
		hits(fx->st, queries[i], NULL);
	for (i = 0; i < 20000; i++)
		buf_adds(&big, "a\" NEAR(* ");
	hits(fx->st, big.data, NULL);
	assert_int_equal(hits(fx->st, "near", "a b c"), 1);
	assert_int_equal(hits(fx->st, "OR", "a b c"), 1);

	assert_int_equal(store_search_terms("say \"hi\" - *", &b), 2);
	assert_string_equal(b.data, "say hi");
	assert_int_equal(store_search_terms("Pre* \u0623\u062D", &b), 2);
	assert_string_equal(b.data, "pre* \u0627\u062D");
	assert_int_equal(store_search_terms("- : * \"", &b), 0);
	/* Split as the index was: each part, the prefix on the last. */
	assert_int_equal(store_search_terms("e-mail* \u00AB\u0646\u0641\u0637"
	    "\u00BB\u060C", &b), 3);
	assert_string_equal(b.data, "e mail* \u0646\u0641\u0637");
	/* Drops, base letters and separators of one, two and three bytes. */
	assert_int_equal(store_search_terms("Caf\u00E9\u0301,,x\u05D0"
	    "\u05B8y\u2014\u2014z\u00C5\u0645\u064E\u062F.\u00BB", &b), 3);
	assert_string_equal(b.data, "cafe x\u05D0y za\u0645\u062F");
	buf_free(&b);
	buf_free(&big);
}

/*
 * The index's one-pass fold of a title and of a body (author, categories,
 * HTML summary, text content) gives the words the fold and then
 * store_search_words() give, on random texts: ASCII of every class, Arabic
 * with harakat, tatweel and the forms the fold joins, Latin letters with
 * marks, Hebrew points, invisible characters, bad and cut sequences, tags,
 * comments, scripts and entities, and runs of letters that fold to
 * themselves (words_plain()).  A difference would leave rows in the
 * index that no delete can take out.
 */
static void
test_fold_one_pass(void **state)
{
	static const char *const pieces[] = {
		"a", "Q", "7", " ", "  ", "\t", "\n", "\x01", "\x7f", ",", "-",
		"'", ".", "*", "\u0627", "\u0644", "\u0623", "\u0625", "\u0622",
		"\u0629", "\u0649", "\u0626", "\u064E", "\u0651", "\u0640",
		"\u0661", "\u06F5", "\u060C", "\u061F", "\u00E9", "\u00C5",
		"\u0301", "\u05D0", "\u05B8", "\u0391", "\u0416", "\u00A0",
		"\u200C", "\u200F", "\u2014", "\u00AB", "\uFEFB", "\uFE8D",
		"\U0001F600", "\xff", "\xd9", "\xe2\x80", "\xef\xbf\xbd", "<b>",
		"</b>", "<p>", "<br/>", "</p>", "<script>x y</script>",
		"<!-- c -->", "&amp;", "&eacute;", "&#1575;", "&#x41;", "&bogus;",
		"&", "<", "&nbsp;", "<span>", "\u1E9E", "\u0130",
		/* Letters that fold to themselves, for the sixteen at once. */
		"\u0643\u062A\u0627\u0628 \u0639\u0644\u0645 ",
		"\u0628\u064A\u062A\u0621\u063A\u0641\u0648",
		" news of 2024 ",
		/* Two of these make a word past WORDS_MAX_LEN. */
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789",
		"\u0643\u062A\u0628\u0643\u062A\u0628\u0643\u062A\u0628"
		"\u0643\u062A\u0628\u0643\u062A\u0628\u0643\u062A\u0628"
		"\u0643\u062A\u0628\u0643\u062A\u0628\u0643\u062A\u0628"
		"\u0643\u062A\u0628\u0643\u062A\u0628",
	};
	struct buf	 f[4] = { { 0 } }, one = { 0 }, two = { 0 };
	struct item	 it;
	char		*cats[1];
	unsigned int	 seed = 3;
	size_t		 k, i, j, n, np = sizeof pieces / sizeof pieces[0];

	(void)state;
	for (k = 0; k < 4000; k++) {
		for (i = 0; i < 4; i++) {
			buf_reset(&f[i]);
			seed = seed * 1103515245 + 12345;
			n = (seed >> 16) % (i == 2 ? 24 : 6);
			for (j = 0; j < n; j++) {
				seed = seed * 1103515245 + 12345;
				buf_adds(&f[i], pieces[(seed >> 16) % np]);
			}
			buf_grow(&f[i], 0);
		}
		feed_item_init(&it);
		it.author = f[0].data;
		cats[0] = f[1].data;
		it.categories = cats;
		it.ncategories = 1;
		it.title = it.summary = f[2].data;
		it.summary_type = FEED_TYPE_HTML;
		it.content = f[3].data;
		it.content_type = FEED_TYPE_TEXT;
		assert_int_equal(fold_check(&it), 0);
		/* The same words, in single spaces, as the text they are. */
		store_fold_title(&one, f[2].data);
		buf_reset(&two);
		normalize_fold_buf(&two, f[2].data, f[2].len);
		store_search_words(&two);
		assert_string_equal(one.len != 0 ? one.data : "",
		    two.len != 0 ? two.data : "");
	}
	buf_free(&one);
	buf_free(&two);
	for (i = 0; i < 4; i++)
		buf_free(&f[i]);
}

/*
 * A feed's words as the parser gathers them: in byte order, each with the
 * items that have it once each, where (1 title, 2 body, 3 both), however
 * often it comes; a word past WORDS_MAX_LEN kept cut.
 */
static void
test_words_gather(void **state)
{
	static const char	 want[] =
	    "a 0:3 2:2\n"
	    "b 0:3\n"
	    "c 0:2 1:2 2:1\n";
	static const char	 kitab[] = "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8";
	struct words_feed	*wf = store_words_feed_new();
	struct buf		 got = { 0 }, t = { 0 }, b = { 0 };
	size_t			 i;

	(void)state;
	store_words_feed_item(wf, "b a", 3, "a c a b a", 9);
	buf_printf(&t, "c %s c", kitab);
	store_words_feed_item(wf, kitab, strlen(kitab), t.data, t.len);
	store_words_feed_item(wf, "c c", 3, "a", 1);
	/* 130 bytes: kept as its first WORDS_MAX_LEN. */
	buf_reset(&t);
	for (i = 0; i < 130; i++)
		buf_addc(&t, 'x');
	store_words_feed_item(wf, t.data, t.len, "", 0);
	store_words_feed_dump(wf, &got);
	buf_adds(&b, want);
	for (i = 0; i < WORDS_MAX_LEN; i++)
		buf_addc(&b, 'x');
	buf_printf(&b, " 3:1\n%s 1:3\n", kitab);
	assert_string_equal(got.data, b.data);
	buf_free(&got);
	buf_free(&t);
	buf_free(&b);
	store_words_feed_unref(wf);
}

/*
 * The index against the rows: after random refreshes (items new, changed,
 * the same one twice in a feed), rolled back ones, prunes and deletes of
 * the newest item (whose id SQLite then gives again), every word and
 * prefix finds exactly the items whose title or text has it.  Hundreds of
 * transactions: segments are merged, and merged ones merged again.
 */
static const char *const model_words[] = {
	"alpha", "alps", "beta", "bet", "gamma", "delta", "al",
	"\u0643\u062A\u0627\u0628", "\u0643\u062A\u0628", "zeta",
	"\u0645\u062F\u0631\u0633\u0629",
	"averyveryverylongwordthatgoesonandonbeyondtwentybytes",
	"averyveryverylongwordthatgoesonandon",
};
#define NMODEL	(sizeof model_words / sizeof model_words[0])

static uint32_t
model_rand(uint32_t *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return *seed >> 16;
}

/*
 * Gathering against a model of it: words of every length from 1 to 40
 * bytes (a short word is read in two 8-byte loads, a word of 16 or more
 * the long way), of ASCII and of two-byte letters, apart by each of the
 * four blanks and by runs of them, a control character inside a word,
 * words at the very end of a text and each word alone (read the long
 * way), met again in the same item and in others: the dump is what the
 * model says.
 */
struct gword {
	char		 w[48];
	unsigned	 item, flags;
};

static int
gword_cmp(const void *va, const void *vb)
{
	const struct gword	*a = va, *b = vb;
	size_t			 al = strlen(a->w), bl = strlen(b->w);
	int			 c = memcmp(a->w, b->w, al < bl ? al : bl);

	if (c != 0)
		return c;
	if (al != bl)
		return al < bl ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

/* Add the words of text (of item, as flag) to the model. */
static void
gather_model(struct gword *g, size_t *n, const char *text, unsigned item,
    unsigned flag)
{
	const char	*p = text, *e;
	size_t		 i, len;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			return;
		for (e = p; *e != '\0' && *e != ' ' && *e != '\t' &&
		    *e != '\n' && *e != '\r'; e++)
			/* nothing */;
		len = (size_t)(e - p);
		for (i = 0; i < *n; i++)
			if (g[i].item == item && strlen(g[i].w) == len &&
			    memcmp(g[i].w, p, len) == 0)
				break;
		if (i == *n) {
			memcpy(g[i].w, p, len);
			g[i].w[len] = '\0';
			g[i].item = item;
			g[i].flags = 0;
			(*n)++;
		}
		g[i].flags |= flag;
		p = e;
	}
}

static void
test_words_gather_lengths(void **state)
{
	static const char *const seps[] = {
		" ", " ", " ", " ", "\t", "\n", "\r", "  ", " \t\r\n "
	};
	static struct gword	 g[4096];
	struct words_feed	*wf = store_words_feed_new();
	struct buf		 text[8], got = { 0 }, want = { 0 };
	char			 vocab[161][48];
	size_t			 nv = 0, n = 0, i, k, len;
	uint32_t		 seed = 11;
	unsigned		 item;

	(void)state;
	/*
	 * Each length four times: a prefix of the one after it, the same
	 * in two-byte letters, letters drawn at random, and a control
	 * character in it.
	 */
	for (len = 1; len <= 40; len++) {
		for (i = 0; i < len; i++)
			vocab[nv][i] = (char)('a' + i % 3);
		vocab[nv++][len] = '\0';
		for (i = 0; i + 1 < len; i += 2) {
			vocab[nv][i] = (char)0xd9;
			vocab[nv][i + 1] = (char)(0x81 + i / 2 % 3);
		}
		if (i < len)
			vocab[nv][i] = 'q';
		vocab[nv++][len] = '\0';
		for (i = 0; i < len; i++)
			vocab[nv][i] = (char)('a' + model_rand(&seed) % 3);
		vocab[nv++][len] = '\0';
		memcpy(vocab[nv], vocab[nv - 1], len + 1);
		vocab[nv++][len / 2] = '\x01';
	}
	memset(text, 0, sizeof text);
	for (item = 0; item < 4; item++) {
		/* Titles short, bodies long; each ends on a word. */
		for (k = 0; k < 150; k++) {
			i = k < 6 ? 2 * item : 2 * item + 1;
			if (text[i].len > 0)
				buf_adds(&text[i], k < 6 ? " " : seps[
				    model_rand(&seed) %
				    (sizeof seps / sizeof seps[0])]);
			buf_adds(&text[i], vocab[model_rand(&seed) % nv]);
		}
		gather_model(g, &n, text[2 * item].data, item, WORDS_TITLE);
		gather_model(g, &n, text[2 * item + 1].data, item,
		    WORDS_BODY);
		store_words_feed_item(wf, text[2 * item].data,
		    text[2 * item].len, text[2 * item + 1].data,
		    text[2 * item + 1].len);
	}
	/* Each word alone too, read the long way: the same word. */
	for (k = 0; k < nv; k++, item++) {
		gather_model(g, &n, vocab[k], item, WORDS_TITLE);
		store_words_feed_item(wf, vocab[k], strlen(vocab[k]), "", 0);
	}
	qsort(g, n, sizeof g[0], gword_cmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(g[i].w, g[i - 1].w) != 0) {
			if (i > 0)
				buf_adds(&want, "\n");
			buf_adds(&want, g[i].w);
		}
		buf_printf(&want, " %u:%u", g[i].item, g[i].flags);
	}
	buf_adds(&want, "\n");
	store_words_feed_dump(wf, &got);
	assert_string_equal(got.data, want.data);
	for (i = 0; i < 8; i++)
		buf_free(&text[i]);
	buf_free(&got);
	buf_free(&want);
	store_words_feed_unref(wf);
}

static void
model_text(char *buf, size_t size, uint32_t *seed, int min, int max)
{
	int	n = min + (int)(model_rand(seed) % (unsigned)(max - min + 1));

	buf[0] = '\0';
	while (n-- > 0) {
		if (buf[0] != '\0')
			strncat(buf, " ", size - strlen(buf) - 1);
		strncat(buf, model_words[model_rand(seed) % NMODEL],
		    size - strlen(buf) - 1);
	}
}

/* Whether text has word w (prefix: a word that starts with it). */
static int
model_has(const char *text, const char *w, int prefix)
{
	const char	*p = text, *e;
	size_t		 len = strlen(w);

	while (p != NULL && *p != '\0') {
		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == len && memcmp(p, w, len) == 0)
			return 1;
		if (prefix && (size_t)(e - p) >= len && memcmp(p, w, len) == 0)
			return 1;
		p = *e == ' ' ? e + 1 : NULL;
	}
	return 0;
}

static int
id_order(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void
model_compare(struct store *st, const char *path, int step)
{
	sqlite3			*db;
	sqlite3_stmt		*s;
	struct store_rows	 rows = { 0 };
	int64_t			 want[600], got[600];
	char			 q[80], *cause = NULL;
	size_t			 nw, i, k;
	int			 prefix;

	/* The rows, read on a connection of the test's own. */
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, title, summary"
	    " FROM items", -1, &s, NULL), SQLITE_OK);
	for (k = 0; k < NMODEL + 3; k++) {
		prefix = k >= NMODEL;
		snprintf(q, sizeof q, "%s%s", prefix ? (k == NMODEL ? "al" :
		    k == NMODEL + 1 ? "be" : "\u0643\u062A") :
		    model_words[k], prefix ? "*" : "");
		q[strlen(q) - (prefix ? 1 : 0)] = '\0';
		nw = 0;
		sqlite3_reset(s);
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(s, 1);
			const char *b = (const char *)sqlite3_column_text(s, 2);

			if (model_has(t != NULL ? t : "", q, prefix) ||
			    model_has(b != NULL ? b : "", q, prefix))
				want[nw++] = sqlite3_column_int64(s, 0);
			assert_true(nw < 600);
		}
		if (prefix)
			strcat(q, "*");
		if (store_search(st, q, 0, 0, &rows, &cause) != 0)
			fail_msg("%s", cause);
		assert_true(rows.n < 600);
		for (i = 0; i < rows.n; i++)
			got[i] = rows.v[i].id;
		qsort(want, nw, sizeof *want, id_order);
		qsort(got, rows.n, sizeof *got, id_order);
		if (rows.n != nw || (nw != 0 &&
		    memcmp(want, got, nw * sizeof *want) != 0))
			fail_msg("step %d, \"%s\": %zu hits, want %zu", step, q,
			    rows.n, nw);
		store_rows_free(&rows);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	if (store_check(st, &cause) != 0)
		fail_msg("step %d: %s", step, cause);
}

/*
 * What the parser asks before gathering an item's words: the cache has it
 * as it is.  Yes for an item stored unchanged; no once its text changed,
 * for a new one, for one of another feed, one without id or link (whose
 * guid the store makes of its hash), and with nothing loaded.
 */
static void
test_known_hashes(void **state)
{
	struct fixture		*fx = *state;
	struct store_known	*k;
	struct store_fold	 f;
	struct item		 it[3], other;
	char			*cause = NULL;
	int64_t			 fa, fb;

	mk(&it[0], "a", "Alpha", "kilimanjaro", NOW - 300);
	mk(&it[1], "b", "Beta", "baobab", NOW - 200);
	mk(&it[2], "c", "Gamma", "chameleon", NOW - 100);
	refresh(fx->st, URL_A, it, 2);
	refresh(fx->st, URL_B, it + 2, 1);
	assert_int_equal(store_feed_begin(fx->st, URL_A, &fa, &cause), 0);
	store_feed_rollback(fx->st);
	assert_int_equal(store_feed_begin(fx->st, URL_B, &fb, &cause), 0);
	store_feed_rollback(fx->st);
	if ((k = store_known_open(fx->st, &cause)) == NULL)
		fail_msg("%s", cause);
	memset(&f, 0, sizeof f);
	store_fold_row(&f, &it[0]);
	assert_int_equal(store_known_same(k, &it[0], &f), 0);
	assert_int_equal(store_known_load(k, fa, &cause), 0);
	assert_int_equal(store_known_same(k, &it[0], &f), 1);
	store_fold_row(&f, &it[1]);
	assert_int_equal(store_known_same(k, &it[1], &f), 1);
	store_fold_row(&f, &it[2]);
	assert_int_equal(store_known_same(k, &it[2], &f), 0);
	mk(&other, "a", "Alpha", "zanzibar", NOW - 300);
	store_fold_row(&f, &other);
	assert_int_equal(store_known_same(k, &other, &f), 0);
	mk(&other, "d", "Delta", "dromedary", NOW);
	store_fold_row(&f, &other);
	assert_int_equal(store_known_same(k, &other, &f), 0);
	other = it[0];
	other.id = NULL;
	other.link = NULL;
	store_fold_row(&f, &other);
	assert_int_equal(store_known_same(k, &other, &f), 0);
	assert_int_equal(store_known_load(k, fb, &cause), 0);
	store_fold_row(&f, &it[2]);
	assert_int_equal(store_known_same(k, &it[2], &f), 1);
	store_fold_row(&f, &it[0]);
	assert_int_equal(store_known_same(k, &it[0], &f), 0);
	store_fold_free(&f);
	store_known_close(k);
}

/*
 * As a refresh writes: the feeds of one transaction, each item folded
 * first into its feed's own words (whose segment then merges them all),
 * the items shared out in turn between two or three of the feeds.
 */
static void
model_batch(struct store *st, const char *const *urls, const struct item *it,
    size_t n, uint32_t *seed)
{
	struct words_feed	*wf;
	struct store_fold	 f;
	char			*cause = NULL;
	void			*arg;
	size_t			 nfeeds = 2 + model_rand(seed) % 2, k, i;
	int64_t			 fid;

	assert_int_equal(store_batch_begin(st, &cause), 0);
	for (k = 0; k < nfeeds; k++) {
		assert_int_equal(store_feed_begin(st, urls[k], &fid, &cause),
		    0);
		(void)store_sink(st, &arg);
		wf = store_words_feed_new();
		for (i = k; i < n; i += nfeeds) {
			memset(&f, 0, sizeof f);
			/*
			 * A third without their words, as the parser leaves
			 * an item it thinks unchanged: the store must gather
			 * them if it is not.
			 */
			if (model_rand(seed) % 3 == 0)
				store_fold_row(&f, &it[i]);
			else
				store_fold_item(&f, &it[i], wf);
			assert_int_equal(store_sink_folded(arg, &it[i], &f), 0);
			store_fold_free(&f);
		}
		store_words_feed_end(wf);
		store_words_feed_unref(wf);
		assert_int_equal(store_feed_commit(st, &cause), 0);
	}
	assert_int_equal(store_batch_commit(st, &cause), 0);
}

static void
test_words_model(void **state)
{
	static const char *const urls[] = { URL_A, URL_B,
	    "https://example.org/c.xml" };
	struct fixture	*fx = *state;
	struct item	 it[8];
	char		 titles[8][200], bodies[8][400], guids[8][8];
	char		*cause = NULL;
	uint32_t	 seed = 7;
	size_t		 removed, n, i;
	int		 step, op;
	int64_t		 fid;

	for (step = 0; step < 400; step++) {
		op = (int)(model_rand(&seed) % 20);
		if (op == 0) {
			assert_int_equal(store_prune(fx->st, NOW + step * DAY, 2,
			    3, &removed, &cause), 0);
		} else if (op == 1) {
			assert_int_equal(store_run(fx->st, "DELETE FROM items"
			    " WHERE id = (SELECT max(id) FROM items)", &cause),
			    0);
		} else {
			n = 1 + model_rand(&seed) % 7;
			for (i = 0; i < n; i++) {
				/* The same guid may come twice. */
				snprintf(guids[i], sizeof guids[i], "%u",
				    model_rand(&seed) % 40);
				model_text(titles[i], sizeof titles[i], &seed,
				    1, 3);
				model_text(bodies[i], sizeof bodies[i], &seed,
				    0, 6);
				mk(&it[i], guids[i], titles[i], bodies[i],
				    NOW + step * 60);
			}
			if (op == 3) {
				/* The newest deleted in the refresh's own
				 * transaction, maybe one of its items. */
				const struct feed_sink	*sink;
				void			*arg;

				assert_int_equal(store_feed_begin(fx->st,
				    urls[step % 3], &fid, &cause), 0);
				sink = store_sink(fx->st, &arg);
				for (i = 0; i < n; i++)
					sink->item(arg, &it[i]);
				assert_int_equal(store_run(fx->st, "DELETE FROM"
				    " items WHERE id = (SELECT max(id) FROM"
				    " items)", &cause), 0);
				assert_int_equal(store_feed_commit(fx->st,
				    &cause), 0);
			} else if (op == 2) {
				/* Rolled back: nothing of it stays. */
				const struct feed_sink	*sink;
				void			*arg;

				assert_int_equal(store_feed_begin(fx->st,
				    urls[step % 3], &fid, &cause), 0);
				sink = store_sink(fx->st, &arg);
				for (i = 0; i < n; i++)
					sink->item(arg, &it[i]);
				store_feed_rollback(fx->st);
			} else if (op == 4 || op == 5)
				model_batch(fx->st, urls, it, n, &seed);
			else
				refresh(fx->st, urls[model_rand(&seed) % 3],
				    it, n);
		}
		if (step % 25 == 24)
			model_compare(fx->st, fx->path, step);
	}
	expect_rows(fx->st, "FROM word_segs WHERE level >= 2", 1);
	store_close(fx->st);
	if ((fx->st = store_open(fx->path, &cause)) == NULL)
		fail_msg("%s", cause);
	model_compare(fx->st, fx->path, step);
}

/*
 * A damaged page of the index: store_check() says so, a search that reads
 * it fails with the same message, and neither crashes.
 */
static void
test_words_damaged(void **state)
{
	static const char *const bad[] = {
		"x''", "x'ff'", "x'05616c706861'", "x'05616c70686102ffff'",
		"x'05616c706861020400'", "x'0561'",
	};
	struct fixture		*fx = *state;
	struct store_rows	 rows = { 0 };
	struct item		 it;
	char			 sql[200], *cause = NULL;
	size_t			 i;

	mk(&it, "1", "alpha", "beta", NOW);
	refresh(fx->st, URL_A, &it, 1);
	assert_int_equal(store_check(fx->st, &cause), 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(sql, sizeof sql, "UPDATE words SET data = %s", bad[i]);
		assert_int_equal(store_run(fx->st, sql, &cause), 0);
		assert_int_equal(store_check(fx->st, &cause), -1);
		assert_non_null(strstr(cause, "search index is damaged"));
		free(cause);
		cause = NULL;
		if (store_search(fx->st, "alpha", 0, 0, &rows, &cause) == 0)
			fail_msg("%s: found %zu", bad[i], rows.n);
		assert_non_null(strstr(cause, "search index is damaged"));
		free(cause);
		cause = NULL;
	}
}

/* The byte at a time split store_search_word_end() must agree with. */
static size_t
word_end_slow(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
	    s[i] != '\r')
		i++;
	return i;
}

/*
 * The tokenizer's word end, eight bytes a step, against a byte at a time
 * on texts of every length up to 40 from every start: blanks, other bytes
 * below 0x21 (no blanks), the bytes around them and UTF-8 bytes.
 */
static void
test_search_word_end(void **state)
{
	static const char	 pool[] = {
		' ', '\t', '\n', '\r', 0x01, 0x1f, 0x20, 0x21, 'a', 0x7f,
		(char)0x80, (char)0xd8, (char)0xa7, (char)0xff, '\0'
	};
	char			 s[40];
	size_t			 len, i, j, k;
	unsigned int		 seed = 1;

	(void)state;
	for (k = 0; k < 4000; k++) {
		len = k % sizeof s;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245 + 12345;
			/* Mostly word bytes, so that words run long. */
			s[j] = (seed >> 16) % 4 != 0 ? 'w' :
			    pool[(seed >> 18) % sizeof pool];
		}
		for (i = 0; i <= len; i++)
			assert_int_equal(store_search_word_end(s, i, len),
			    word_end_slow(s, i, len));
	}
	/* A lone blank, then a lone control character, at each offset. */
	for (j = 0; j < sizeof s; j++) {
		memset(s, (char)0xd9, sizeof s);
		s[j] = '\r';
		assert_int_equal(store_search_word_end(s, 0, sizeof s), j);
		s[j] = 0x02;
		assert_int_equal(store_search_word_end(s, 0, sizeof s),
		    sizeof s);
	}
}

static void
test_filters_and_paging(void **state)
{
	struct fixture		*fx = *state;
	struct store		*st = fx->st;
	struct store_filter	 f = { 0 };
	struct store_rows	 rows = { 0 };
	struct store_feeds	 feeds;
	struct item		 it[10];
	char			 ids[10][8], titles[10][16], *cause = NULL;
	int64_t			 fa, fb;
	size_t			 i, n;

	for (i = 0; i < 10; i++) {
		snprintf(ids[i], sizeof ids[i], "%zu", i);
		snprintf(titles[i], sizeof titles[i], "Item %zu", i);
		mk(&it[i], ids[i], titles[i], "text", NOW - 100 + (int64_t)i);
	}
	it[9].published = NOW + 10 * DAY;	/* from the future */
	refresh(st, URL_A, it, 5);
	refresh(st, URL_B, it + 5, 5);
	assert_int_equal(store_feed_begin(st, URL_A, &fa, &cause), 0);
	store_feed_rollback(st);
	assert_int_equal(store_feed_begin(st, URL_B, &fb, &cause), 0);
	store_feed_rollback(st);

	/* Newest first; the future item is clamped to first seen (NOW). */
	assert_int_equal(store_items_query(st, &f, 0, 3, &rows, &cause), 0);
	assert_int_equal(rows.n, 3);
	assert_string_equal(rows.v[0].title, "Item 9");
	assert_string_equal(rows.v[1].title, "Item 8");
	assert_string_equal(rows.v[0].feed_title, "The feed");
	assert_int_equal(store_items_query(st, &f, 3, 3, &rows, &cause), 0);
	assert_int_equal(rows.n, 6);
	assert_string_equal(rows.v[3].title, "Item 6");
	store_rows_free(&rows);

	f.feed_id = fa;
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 5);
	assert_int_equal(store_mark_read(st, STORE_FEED, fa, 1, &cause), 0);
	f.unread = 1;
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 0);
	f.feed_id = 0;
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 5);
	assert_int_equal(store_items_query(st, &f, 0, 0, &rows, &cause), 0);
	assert_int_equal(rows.n, 5);
	assert_int_equal(rows.v[0].feed_id, fb);
	store_rows_free(&rows);

	assert_int_equal(store_set_starred(st, find_id(st, "Item 2"), 1,
	    &cause), 0);
	f.unread = 0;
	f.starred = 1;
	assert_int_equal(store_items_query(st, &f, 0, 0, &rows, &cause), 0);
	assert_int_equal(rows.n, 1);
	assert_string_equal(rows.v[0].title, "Item 2");
	assert_int_equal(rows.v[0].unread, 0);
	assert_int_equal(rows.v[0].starred, 1);
	store_rows_free(&rows);

	/* Search within a feed. */
	f.starred = 0;
	f.feed_id = fb;
	f.search = "text";
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 5);
	assert_int_equal(store_items_query(st, &f, 0, 0, &rows, &cause), 0);
	assert_int_equal(rows.n, 5);
	for (n = 0; n < rows.n; n++)
		assert_true(rows.v[n].feed_id == fb);
	store_rows_free(&rows);
	assert_int_equal(store_items_query(st, &f, 3, 10, &rows, &cause), 0);
	assert_int_equal(rows.n, 2);
	store_rows_free(&rows);
	/* Search among the starred: the filter before the ranking. */
	f.feed_id = 0;
	f.starred = 1;
	assert_int_equal(store_items_query(st, &f, 0, 0, &rows, &cause), 0);
	assert_int_equal(rows.n, 1);
	assert_string_equal(rows.v[0].title, "Item 2");
	store_rows_free(&rows);
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 1);
	f.starred = 0;
	f.feed_id = fb;

	assert_int_equal(store_feeds_list(st, &feeds, &cause), 0);
	assert_int_equal(feeds.n, 2);
	assert_string_equal(feeds.v[0].url, URL_A);
	assert_int_equal(feeds.v[0].unread, 0);
	assert_int_equal(feeds.v[0].total, 5);
	assert_int_equal(feeds.v[1].unread, 5);
	store_feeds_free(&feeds);

	assert_int_equal(store_mark_read(st, STORE_ALL, 0, 1, &cause), 0);
	assert_int_equal(store_mark_read(st, STORE_ITEM, find_id(st, "Item 4"),
	    0, &cause), 0);
	memset(&f, 0, sizeof f);
	f.unread = 1;
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_mark_read(st, STORE_ALL, 0, 0, &cause), 0);
	assert_int_equal(store_count(st, &f, &n, &cause), 0);
	assert_int_equal(n, 10);
}

static void
test_item_roundtrip(void **state)
{
	struct fixture		*fx = *state;
	struct store_item	*si;
	struct item		 it;
	struct feed_link	 links[3] = {
		/* What RSS makes of <link>: the item's link, not kept. */
		{ (char *)"https://a/", (char *)"alternate", NULL, NULL },
		{ (char *)"https://a/", (char *)"alternate", (char *)"text/html",
		    NULL },
		{ (char *)"https://b/", (char *)"related", NULL, (char *)"B" },
	};
	struct feed_enclosure	 encl[2] = {
		{ (char *)"https://a.mp3", (char *)"audio/mpeg", 12345 },
		{ (char *)"https://b.ogg", NULL, FEED_NO_LENGTH },
	};
	char			*cats[2] = { (char *)"World", (char *)"\u0633" };
	char			*cause = NULL;

	mk(&it, "guid-1", "T", "S", FEED_NO_DATE);
	it.link = (char *)"https://a/";
	it.author = (char *)"Someone";
	it.updated = NOW - 5;
	it.content = (char *)"<p>C</p>";
	it.content_type = FEED_TYPE_HTML;
	it.links = links;
	it.nlinks = 3;
	it.enclosures = encl;
	it.nenclosures = 2;
	it.categories = cats;
	it.ncategories = 2;
	refresh(fx->st, URL_A, &it, 1);
	assert_int_equal(store_item_get(fx->st, find_id(fx->st, "T"), &si,
	    &cause), 1);
	assert_string_equal(si->item.id, "guid-1");
	assert_string_equal(si->item.author, "Someone");
	assert_true(si->item.published == FEED_NO_DATE);
	assert_true(si->item.updated == NOW - 5);
	assert_string_equal(si->item.content, "<p>C</p>");
	assert_int_equal(si->item.content_type, FEED_TYPE_HTML);
	assert_string_equal(si->item.link, "https://a/");
	assert_int_equal(si->item.nlinks, 2);
	assert_string_equal(si->item.links[0].type, "text/html");
	assert_string_equal(si->item.links[1].title, "B");
	assert_null(si->item.links[1].type);
	expect_rows(fx->st, "FROM item_links", 2);
	assert_int_equal(si->item.nenclosures, 2);
	assert_true(si->item.enclosures[0].length == 12345);
	assert_true(si->item.enclosures[1].length == FEED_NO_LENGTH);
	assert_int_equal(si->item.ncategories, 2);
	assert_string_equal(si->item.categories[1], "\u0633");
	assert_string_equal(si->feed_title, "The feed");
	store_item_free(si);
	assert_int_equal(hits(fx->st, "world", "T"), 1);
	assert_int_equal(hits(fx->st, "someone", "T"), 1);

	/* Fewer links on the next refresh: the old ones go. */
	it.nlinks = 2;
	it.nenclosures = 0;
	refresh(fx->st, URL_A, &it, 1);
	assert_int_equal(store_item_get(fx->st, find_id(fx->st, "T"), &si,
	    &cause), 1);
	assert_int_equal(si->item.nlinks, 1);
	assert_string_equal(si->item.links[0].type, "text/html");
	assert_int_equal(si->item.nenclosures, 0);
	store_item_free(si);
	/* A repeat of another link than the item's own is a link. */
	it.link = (char *)"https://c/";
	it.nlinks = 1;
	refresh(fx->st, URL_A, &it, 1);
	assert_int_equal(store_item_get(fx->st, find_id(fx->st, "T"), &si,
	    &cause), 1);
	assert_int_equal(si->item.nlinks, 1);
	assert_string_equal(si->item.links[0].href, "https://a/");
	assert_null(si->item.links[0].type);
	store_item_free(si);
}

static void
test_feed_status(void **state)
{
	struct fixture		*fx = *state;
	struct store_status	 ok = { 200, NULL, "\"e1\"", "Mon", NOW + 60 };
	struct store_status	 nm = { 304, NULL, NULL, NULL, NOW + 120 };
	struct store_status	 bad = { 0, "timed out", NULL, NULL, NOW + 600 };
	struct store_feed	 f;
	char			*cause = NULL;
	int64_t			 id;

	assert_int_equal(store_feed_find(fx->st, URL_A, &f, &cause), 0);
	assert_int_equal(store_feed_begin(fx->st, URL_A, &id, &cause), 0);
	assert_int_equal(store_feed_commit(fx->st, &cause), 0);
	assert_int_equal(store_feed_status(fx->st, id, &ok, &cause), 0);
	assert_int_equal(store_feed_status(fx->st, id, &nm, &cause), 0);
	assert_int_equal(store_feed_find(fx->st, URL_A, &f, &cause), 1);
	assert_string_equal(f.etag, "\"e1\"");
	assert_string_equal(f.last_modified, "Mon");
	assert_int_equal(f.last_status, 304);
	assert_int_equal(f.failures, 0);
	assert_true(f.next_refresh == NOW + 120);
	store_feed_clear(&f);
	assert_int_equal(store_feed_status(fx->st, id, &bad, &cause), 0);
	assert_int_equal(store_feed_status(fx->st, id, &bad, &cause), 0);
	assert_int_equal(store_feed_find(fx->st, URL_A, &f, &cause), 1);
	assert_int_equal(f.failures, 2);
	assert_string_equal(f.last_error, "timed out");
	assert_string_equal(f.etag, "\"e1\"");
	store_feed_clear(&f);
	assert_int_equal(store_feed_status(fx->st, id, &ok, &cause), 0);
	assert_int_equal(store_feed_set_meta(fx->st, URL_A, "Mine", "news",
	    &cause), 0);
	assert_int_equal(store_feed_find(fx->st, URL_A, &f, &cause), 1);
	assert_int_equal(f.failures, 0);
	assert_null(f.last_error);
	assert_string_equal(f.title_override, "Mine");
	assert_string_equal(f.tags, "news");
	store_feed_clear(&f);
}

/* A rollback leaves nothing behind; a second begin is refused. */
static void
test_rollback(void **state)
{
	struct fixture		*fx = *state;
	const struct feed_sink	*sink;
	struct item		 it;
	void			*arg;
	char			*cause = NULL;
	int64_t			 id;

	assert_int_equal(store_feed_begin(fx->st, URL_A, &id, &cause), 0);
	assert_int_equal(store_feed_begin(fx->st, URL_B, &id, &cause), -1);
	free(cause);
	cause = NULL;
	sink = store_sink(fx->st, &arg);
	mk(&it, "1", "Ghost", "boo", NOW);
	assert_int_equal(sink->item(arg, &it), 0);
	store_feed_rollback(fx->st);
	assert_int_equal(find_id(fx->st, "Ghost"), 0);
	assert_int_equal(hits(fx->st, "boo", NULL), 0);
	/* Outside a refresh the sink refuses; the next refresh works. */
	assert_int_equal(sink->item(arg, &it), -1);
	assert_int_equal(store_feed_begin(fx->st, URL_A, &id, &cause), 0);
	assert_int_equal(sink->item(arg, &it), 0);
	assert_int_equal(store_feed_commit(fx->st, &cause), 0);
	assert_int_equal(hits(fx->st, "boo", "Ghost"), 1);
	assert_int_equal(store_feed_commit(fx->st, &cause), -1);
	free(cause);
}

#define RACE_ROUNDS	60
#define RACE_ITEMS	20

/* The cron refresh: RACE_ROUNDS refreshes, each rewriting every item. */
static int
race_writer(const char *path)
{
	struct store	*st;
	struct item	 it[RACE_ITEMS];
	char		 ids[RACE_ITEMS][8], sums[RACE_ITEMS][64];
	char		*cause = NULL;
	size_t		 i;
	int		 r;

	if ((st = store_open(path, &cause)) == NULL) {
		fprintf(stderr, "writer: %s\n", cause);
		return 1;
	}
	for (r = 0; r < RACE_ROUNDS; r++) {
		for (i = 0; i < RACE_ITEMS; i++) {
			snprintf(ids[i], sizeof ids[i], "%zu", i);
			snprintf(sums[i], sizeof sums[i], "round%d body %zu",
			    r, i);
			mk(&it[i], ids[i], ids[i], sums[i], NOW + (int64_t)i);
		}
		if (refresh_try(st, URL_A, it, RACE_ITEMS, &cause) != 0)
			break;
		mk(&it[0], sums[0], sums[0], "extra", NOW - r);
		if (refresh_try(st, URL_B, it, 1, &cause) != 0)
			break;
	}
	if (cause != NULL) {
		fprintf(stderr, "writer: %s\n", cause);
		return 1;
	}
	store_close(st);
	return 0;
}

static void
test_concurrent(void **state)
{
	struct fixture		*fx = *state;
	struct store_filter	 f = { 0 };
	struct store_rows	 rows = { 0 };
	struct store_item	*si;
	struct item		 it[RACE_ITEMS];
	char			 ids[RACE_ITEMS][8], *cause = NULL;
	pid_t			 pid;
	size_t			 i, n;
	int			 status, loops = 0, done = 0;

	/* The items exist before the race, so the reader can mark them. */
	for (i = 0; i < RACE_ITEMS; i++) {
		snprintf(ids[i], sizeof ids[i], "%zu", i);
		mk(&it[i], ids[i], ids[i], "start", NOW + (int64_t)i);
	}
	refresh(fx->st, URL_A, it, RACE_ITEMS);
	store_close(fx->st);
	fx->st = NULL;

	fflush(NULL);
	if ((pid = fork()) == 0)
		_exit(race_writer(fx->path));
	assert_true(pid > 0);
	if ((fx->st = store_open(fx->path, &cause)) == NULL)
		fail_msg("reader: %s", cause);
	while (!done) {
		done = waitpid(pid, &status, WNOHANG) == pid;
		if (store_items_query(fx->st, &f, 0, 50, &rows, &cause) != 0)
			fail_msg("reader query: %s", cause);
		store_rows_free(&rows);
		if (store_mark_read(fx->st, STORE_ITEM,
		    find_id(fx->st, ids[loops % 10]), 1, &cause) != 0)
			fail_msg("reader mark: %s", cause);
		if (store_set_starred(fx->st, find_id(fx->st, "19"), 1,
		    &cause) != 0)
			fail_msg("reader star: %s", cause);
		if (store_search(fx->st, "body", 0, 20, &rows, &cause) != 0)
			fail_msg("reader search: %s", cause);
		store_rows_free(&rows);
		loops++;
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* Items 0-9 were marked read by the reader; 10-18 stay unread. */
	for (i = 0; i < RACE_ITEMS; i++) {
		assert_int_equal(store_item_get(fx->st, find_id(fx->st, ids[i]),
		    &si, &cause), 1);
		if (i < 10 && (size_t)loops > i)
			assert_int_equal(si->unread, 0);
		else if (i >= 10 && i < 19)
			assert_int_equal(si->unread, 1);
		assert_int_equal(si->starred, i == 19);
		assert_non_null(strstr(si->item.summary, "round"));
		store_item_free(si);
	}
	f.feed_id = 0;
	assert_int_equal(store_count(fx->st, &f, &n, &cause), 0);
	assert_int_equal(n, RACE_ITEMS + RACE_ROUNDS);
	/* Every item of feed A, and the title of feed B's last. */
	assert_int_equal(hits(fx->st, "round59", NULL), RACE_ITEMS + 1);
	assert_int_equal(hits(fx->st, "start", NULL), 0);
	if (store_check(fx->st, &cause) != 0)
		fail_msg("%s", cause);
}

/*
 * The change hash is kept in every row: a new value for the same item
 * would rewrite the whole cache at the next refresh.  These values were
 * taken from the word-at-a-time hash when it was written; titles of 0 to
 * 17 bytes go through every tail of its loop.
 */
static void
test_item_hash_pinned(void **state)
{
	static const char	*cats[] = {
		"\u0633\u064A\u0627\u0633\u0629", "b"
	};
	struct feed_link	 link = {
		(char *)"https://e/1", (char *)"alternate", NULL, (char *)"L"
	};
	struct feed_enclosure	 enc = {
		(char *)"https://e/a.mp3", NULL, 123
	};
	struct store_fold	 f;
	struct words_feed	*wf;
	struct item		 it;
	char			 title[18];
	uint64_t		 h = 0;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof title; i++) {
		memset(title, 'a', i);
		title[i] = '\0';
		mk(&it, "g", title, "\u0645\u064E\u062F\u0631\u0633\u0629 x",
		    NOW);
		it.link = (char *)"https://example.org/1";
		it.categories = (char **)cats;
		it.ncategories = 2;
		if (i % 2 == 1) {
			it.links = &link;
			it.nlinks = 1;
			it.enclosures = &enc;
			it.nenclosures = 1;
			it.content = (char *)"<p>c</p>";
			it.content_type = FEED_TYPE_HTML;
		}
		memset(&f, 0, sizeof f);
		wf = store_words_feed_new();
		store_fold_item(&f, &it, wf);
		if (i == 0)
			assert_true(f.hash == 0x3b0269e950624ec3ULL);
		h = h * 31 + f.hash;
		store_fold_free(&f);
		store_words_feed_unref(wf);
	}
	assert_true(h == 0x78d1512fa2aa30e9ULL);
}

/*
 * Caches written before the word-at-a-time hash hold FNV-1a hashes (the
 * first item of the test above had 0xe5fbb910a784aeda): such an item seen
 * unchanged is not rewritten, seen changed it is.  An item with neither id
 * nor link keeps the guid made from its FNV-1a hash (what every earlier
 * version stored, checked with one), so it is not stored twice.
 */
static void
test_item_hash_fnv(void **state)
{
	static const char	*cats[] = {
		"\u0633\u064A\u0627\u0633\u0629", "b"
	};
	struct fixture		*fx = *state;
	struct store_rows	 rows = { 0 };
	struct item		 it;
	char			*cause = NULL;

	mk(&it, "g", "", "\u0645\u064E\u062F\u0631\u0633\u0629 x", NOW);
	it.link = (char *)"https://example.org/1";
	it.categories = (char **)cats;
	it.ncategories = 2;
	refresh(fx->st, URL_A, &it, 1);
	if (store_run(fx->st, "UPDATE items SET hash = 0xe5fbb910a784aeda;"
	    "CREATE TEMP TABLE rewrites (n INTEGER);"
	    "CREATE TEMP TRIGGER count_rewrites AFTER UPDATE OF title ON items"
	    " BEGIN INSERT INTO rewrites VALUES (1); END", &cause) != 0)
		fail_msg("%s", cause);
	refresh(fx->st, URL_A, &it, 1);
	expect_rows(fx->st, "FROM rewrites", 0);
	it.summary = (char *)"changed";
	refresh(fx->st, URL_A, &it, 1);
	expect_rows(fx->st, "FROM rewrites", 1);

	mk(&it, NULL, "No id, no link",
	    "\u0645\u064E\u062F\u0631\u0633\u0629 x", NOW);
	it.categories = (char **)cats;
	it.ncategories = 2;
	refresh(fx->st, URL_B, &it, 1);
	refresh(fx->st, URL_B, &it, 1);
	expect_rows(fx->st, "FROM items WHERE guid = '{store}9090bbc4d4ec86c1'",
	    1);
	assert_int_equal(store_items_query(fx->st, NULL, 0, 0, &rows, &cause),
	    0);
	assert_int_equal(rows.n, 2);
	store_rows_free(&rows);
}

/* The size of the file at path plus suffix, 0 when there is none. */
static off_t
file_size(const char *path, const char *suffix)
{
	struct stat	sb;
	char		p[400];

	snprintf(p, sizeof p, "%s%s", path, suffix);
	return stat(p, &sb) == 0 ? sb.st_size : 0;
}

/*
 * With checkpoints on their own thread, the writer's commits checkpoint
 * nothing: only that thread can have copied the log into the database
 * file, which grows.  And the log is bounded still: 40 MB written in 2 MB
 * commits leave a log of about 16 MB (CKPT_LIMIT frames) and one commit,
 * not of 40 MB.  Stopping twice is harmless, and so is closing with it on.
 */
static void
test_checkpoints(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;
	off_t		 before;
	int		 i, waited;

	if (store_run(fx->st, "CREATE TABLE filler (x)", &cause) != 0)
		fail_msg("%s", cause);
	before = file_size(fx->path, "");
	/* 16 MB of log, not 128, for a test of a few seconds. */
	store_checkpoints_limit(16U << 20);
	assert_int_equal(store_checkpoints_start(fx->st, &cause), 0);
	/*
	 * 10 MB: the thread is woken at the fourth commit and the ninth (a
	 * 1 MB row is 63 frames of 16 KB, 256 frames are 4 MB, and the log
	 * held 20 before), and a checkpoint woken from a commit may stop at
	 * the commit before it, whose snapshot the writer still reads: with
	 * 5 or 8 MB, woken once, it copied three commits at times, 3 MB (CI
	 * under load, twice; 209 of 272 frames in 1 run of 30 under two
	 * busy loops), and nothing woke it again.
	 */
	for (i = 0; i < 10; i++)
		assert_int_equal(store_run(fx->st, "INSERT INTO filler"
		    " VALUES (randomblob(1000000))", &cause), 0);
	/* Up to 30 s: with sanitizers beside CI's other tests, 5 were short. */
	for (waited = 0; waited < 3000; waited++) {
		if (file_size(fx->path, "") >= before + 4000000)
			break;
		usleep(10000);
	}
	assert_true(file_size(fx->path, "") >= before + 4000000);

	for (i = 0; i < 20; i++)
		assert_int_equal(store_run(fx->st, "INSERT INTO filler"
		    " VALUES (randomblob(2000000))", &cause), 0);
	assert_true(file_size(fx->path, "-wal") < 24000000);
	store_checkpoints_stop(fx->st);
	store_checkpoints_stop(fx->st);
	store_checkpoints_limit(0);
	assert_int_equal(store_checkpoints_start(fx->st, &cause), 0);
}

/*
 * Without the thread, SQLite checkpoints every 4 MB of log whatever the
 * page size: 20 MB written in 500 KB transactions leave a log of a few MB,
 * not of 16 or 20 (its default, 1000 pages, is 16 MB of a cache's 16 KB
 * pages).
 */
static void
test_autocheckpoint(void **state)
{
	struct fixture	*fx = *state;
	struct buf	 page = { 0 };
	char		*cause = NULL;
	int		 i;

	dump_query(fx->path, "PRAGMA page_size", &page);
	buf_addc(&page, '\0');
	assert_string_equal(page.data, "16384\n");
	buf_free(&page);
	if (store_run(fx->st, "CREATE TABLE filler (x)", &cause) != 0)
		fail_msg("%s", cause);
	for (i = 0; i < 40; i++)
		assert_int_equal(store_run(fx->st, "INSERT INTO filler"
		    " VALUES (randomblob(500000))", &cause), 0);
	assert_true(file_size(fx->path, "-wal") < 8000000);
}

/*
 * Several feeds in one batch: nothing is seen by another connection before
 * the batch is committed, then everything is.  A feed that fails in the
 * batch has no savepoint of its own: it rolls the whole batch back, so
 * that none of it is half there; store_batch_open() says so at once and
 * the commit refuses, and the feeds stored again one by one are all there
 * but the one that failed.  A batch SQLite rolled back whole (a full disk)
 * is reported at the commit too, and store_batch_rollback() forgets one.
 */
static void
test_batch(void **state)
{
	struct fixture		*fx = *state;
	const struct feed_sink	*sink;
	struct store		*other;
	struct item		 it[3];
	char			*cause = NULL;
	void			*arg;
	int64_t			 id;

	mk(&it[0], "1", "Of A", "a", NOW);
	mk(&it[1], "2", "Of B", "b", NOW);
	mk(&it[2], "3", "Of C", "c", NOW);
	if ((other = store_open(fx->path, &cause)) == NULL)
		fail_msg("%s", cause);
	assert_int_equal(store_batch_begin(fx->st, &cause), 0);
	assert_true(store_batch_open(fx->st));
	refresh(fx->st, URL_A, &it[0], 1);
	refresh(fx->st, "https://example.org/c.xml", &it[2], 1);
	assert_true(store_batch_open(fx->st));
	assert_int_equal(find_id(other, "Of A"), 0);
	assert_int_equal(store_batch_commit(fx->st, &cause), 0);
	assert_false(store_batch_open(fx->st));
	assert_true(find_id(other, "Of A") != 0);
	assert_true(find_id(other, "Of C") != 0);

	/* B writes an item, then fails: A' goes with it. */
	mk(&it[0], "4", "Of A again", "a", NOW);
	assert_int_equal(store_batch_begin(fx->st, &cause), 0);
	refresh(fx->st, URL_A, &it[0], 1);
	assert_int_equal(store_feed_begin(fx->st, URL_B, &id, &cause), 0);
	sink = store_sink(fx->st, &arg);
	assert_int_equal(sink->item(arg, &it[1]), 0);
	store_feed_rollback(fx->st);
	assert_false(store_batch_open(fx->st));
	assert_int_equal(store_batch_commit(fx->st, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(find_id(fx->st, "Of A again"), 0);
	assert_int_equal(find_id(fx->st, "Of B"), 0);
	/* Stored again on its own, outside any batch. */
	refresh(fx->st, URL_A, &it[0], 1);
	assert_true(find_id(other, "Of A again") != 0);
	assert_int_equal(find_id(other, "Of B"), 0);
	store_close(other);

	/* Rolled back under the batch: the commit says so. */
	assert_int_equal(store_batch_begin(fx->st, &cause), 0);
	mk(&it[0], "5", "Lost", "d", NOW);
	refresh(fx->st, URL_A, &it[0], 1);
	assert_int_equal(store_run(fx->st, "ROLLBACK", &cause), 0);
	assert_false(store_batch_open(fx->st));
	assert_int_equal(store_batch_commit(fx->st, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(find_id(fx->st, "Lost"), 0);

	/* Given up: nothing of it stays, and the store takes a new one. */
	assert_int_equal(store_batch_begin(fx->st, &cause), 0);
	mk(&it[0], "6", "Given up", "e", NOW);
	refresh(fx->st, URL_A, &it[0], 1);
	store_batch_rollback(fx->st);
	assert_false(store_batch_open(fx->st));
	assert_int_equal(find_id(fx->st, "Given up"), 0);
	assert_int_equal(store_batch_begin(fx->st, &cause), 0);
	assert_int_equal(store_batch_commit(fx->st, &cause), 0);
}

/*
 * store_prune() reads indexes from where its items begin; what it removes
 * must be what the plain statement over every row says: rank each feed's
 * items newest first, take the unstarred ones past keep_per_feed or older
 * than keep_days, leave those still in their feed.  Random feeds (ties in
 * dates, stars, items that left), several limits; the statement's answer
 * is kept in a temporary table and a CHECK constraint compares.
 */
static void
test_prune_as_ranked(void **state)
{
	static const int	 limits[][2] = {
		{ 30, 0 }, { 0, 5 }, { 30, 5 }, { 90, 3 }, { 400, 1 }, { 1, 40 },
	};
	struct fixture		*fx = *state;
	struct item		 it[40];
	char			 ids[40][8], url[64], sql[1200], *cause = NULL;
	size_t			 removed, i, n, keep, r, k;
	unsigned int		 seed = 3;
	int64_t			 cut;

	for (r = 0; r < sizeof limits / sizeof limits[0]; r++) {
		for (k = 0; k < 5; k++) {
			snprintf(url, sizeof url, "https://example.org/%zu/%zu",
			    r, k);
			seed = seed * 1103515245 + 12345;
			n = (seed >> 16) % 40;
			for (i = 0; i < n; i++) {
				seed = seed * 1103515245 + 12345;
				snprintf(ids[i], sizeof ids[i], "i%zu", i);
				mk(&it[i], ids[i], ids[i], "x",
				    NOW - (int64_t)((seed >> 16) % 100) * 3 *
				    DAY);
			}
			refresh(fx->st, url, it, n);
			/* Some leave the feed; some are starred. */
			seed = seed * 1103515245 + 12345;
			keep = n > 0 ? (seed >> 16) % n : 0;
			refresh(fx->st, url, it + (n - keep), keep);
			snprintf(sql, sizeof sql, "UPDATE items SET starred = 1"
			    " WHERE feed_id = (SELECT id FROM feeds WHERE url ="
			    " '%s') AND abs(random()) %% 7 = 0", url);
			assert_int_equal(store_run(fx->st, sql, &cause), 0);
		}
		cut = NOW - (int64_t)limits[r][0] * 86400;
		snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS temp.expect;"
		    "DROP TABLE IF EXISTS temp.before;"
		    "CREATE TEMP TABLE expect AS SELECT id FROM (SELECT id,"
		    " starred, sort_key, row_number() OVER (PARTITION BY"
		    " feed_id ORDER BY sort_key DESC, id DESC) AS rank FROM"
		    " items) WHERE starred = 0 AND ((%d > 0 AND sort_key < %lld)"
		    " OR (%d > 0 AND rank > %d)) AND id NOT IN (SELECT j.value"
		    " FROM feeds, json_each(feeds.present) AS j);"
		    "CREATE TEMP TABLE before AS SELECT id FROM items",
		    limits[r][0], (long long)cut, limits[r][1], limits[r][1]);
		assert_int_equal(store_run(fx->st, sql, &cause), 0);
		assert_int_equal(store_prune(fx->st, NOW, limits[r][0],
		    limits[r][1], &removed, &cause), 0);
		snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS temp.chk;"
		    "CREATE TEMP TABLE chk (n INTEGER CHECK (n = 0));"
		    "INSERT INTO chk SELECT count(*) FROM (SELECT id FROM before"
		    " EXCEPT SELECT id FROM expect EXCEPT SELECT id FROM items);"
		    "INSERT INTO chk SELECT count(*) FROM (SELECT id FROM items"
		    " INTERSECT SELECT id FROM expect);"
		    "INSERT INTO chk SELECT count(*) - %zu FROM expect", removed);
		if (store_run(fx->st, sql, &cause) != 0)
			fail_msg("limits %d days, %d per feed: %s", limits[r][0],
			    limits[r][1], cause);
	}
	assert_int_equal(store_check(fx->st, &cause), 0);
}

/* The rows of table in the cache at path. */
static size_t
count_rows(const char *path, const char *table)
{
	struct buf	 b = { 0 };
	char		 sql[100];
	size_t		 n;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	dump_query(path, sql, &b);
	buf_addc(&b, '\0');
	n = (size_t)strtoul(b.data, NULL, 10);
	buf_free(&b);
	return n;
}

/*
 * Pruning each feed as it is committed (store_retention(), a refresh's
 * way) and the rest at the end (store_prune_rest()) leaves what one
 * store_prune() at the end leaves: two caches written alike, random feeds
 * whose items partly left them (before the limits were set, or as the feed
 * is stored with them), some starred, feeds stored alone, in a batch, and
 * in a batch rolled back (where what was pruned comes back, and the end
 * prunes it).  Before the end the first cache has lost items already.
 */
static void
test_prune_as_stored(void **state)
{
	static struct item	 it[8][40];
	static char		 ids[8][40][24];
	static const size_t	 again[] = { 1, 6, 5, 3 };
	struct fixture		*fx = *state;
	struct store		*st;
	struct buf		 left[2] = { { 0 }, { 0 } };
	char			 url[64], path[400], sql[300], *cause = NULL;
	size_t			 removed[2], before[2], n[8], keep[8], i, v, k;
	unsigned int		 seed;

	for (v = 0; v < 2; v++) {
		snprintf(path, sizeof path, "%s/as-stored-%zu.db", fx->dir, v);
		if ((st = store_open(path, &cause)) == NULL)
			fail_msg("%s", cause);
		seed = 5;
		for (k = 0; k < 8; k++) {
			snprintf(url, sizeof url, "https://example.org/s/%zu",
			    k);
			seed = seed * 1103515245 + 12345;
			n[k] = 10 + (seed >> 16) % 30;
			for (i = 0; i < n[k]; i++) {
				seed = seed * 1103515245 + 12345;
				snprintf(ids[k][i], sizeof ids[k][i], "i%zu",
				    i);
				mk(&it[k][i], ids[k][i], ids[k][i], "x",
				    NOW - (int64_t)((seed >> 16) % 100) * DAY);
			}
			refresh(st, url, it[k], n[k]);
			snprintf(sql, sizeof sql, "UPDATE items SET starred = 1"
			    " WHERE feed_id = (SELECT id FROM feeds WHERE url ="
			    " '%s') AND id %% 5 = 0", url);
			assert_int_equal(store_run(st, sql, &cause), 0);
			seed = seed * 1103515245 + 12345;
			keep[k] = (seed >> 16) % n[k];
			/* Half leave their feed before the limits are set. */
			if (k % 2 == 0)
				refresh(st, url, it[k] + (n[k] - keep[k]),
				    keep[k]);
		}
		if (v == 0)
			store_retention(st, NOW, 30, 5);
		/*
		 * Feeds 1 and 5 alone, 3 in a batch, and 6, whose items left
		 * before, again in a batch undone: the end prunes it.  The
		 * batch committed comes last, for the count of what it
		 * removed.
		 */
		for (i = 0; i < 4; i++) {
			k = again[i];
			snprintf(url, sizeof url, "https://example.org/s/%zu",
			    k);
			if (k == 3 || k == 6)
				assert_int_equal(store_batch_begin(st, &cause),
				    0);
			refresh(st, url, it[k] + (n[k] - keep[k]), keep[k]);
			if (k == 6)
				store_batch_rollback(st);
			else if (k == 3)
				assert_int_equal(store_batch_commit(st, &cause),
				    0);
		}
		before[v] = count_rows(path, "items");
		if (v == 0)
			assert_int_equal(store_prune_rest(st, &removed[v],
			    &cause), 0);
		else
			assert_int_equal(store_prune(st, NOW, 30, 5,
			    &removed[v], &cause), 0);
		store_close(st);
		dump_query(path, "SELECT f.url, i.guid FROM items AS i"
		    " JOIN feeds AS f ON f.id = i.feed_id ORDER BY 1, 2",
		    &left[v]);
		buf_addc(&left[v], '\0');
	}
	assert_true(before[0] < before[1]);
	assert_true(removed[0] > 0);
	assert_int_equal(removed[0], removed[1]);
	assert_string_equal(left[0].data, left[1].data);
	buf_free(&left[0]);
	buf_free(&left[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_open_new),
		T(test_open_while_writing),
		T(test_checkpoints),
		T(test_autocheckpoint),
		T(test_batch),
		T(test_migrate_from_0),
		T(test_migrate_from_1),
		T(test_migrate_from_2),
		T(test_migrate_from_5),
		T(test_migrate_from_8),
		T(test_fulltext),
		T(test_newer_version),
		T(test_corrupt_file),
		T(test_foreign_database),
		T(test_new_schema),
		T(test_state_preserved),
		T(test_left_feed_stays),
		T(test_retention),
		T(test_prune_as_ranked),
		T(test_prune_as_stored),
		T(test_search_folding),
		T(test_search_ranking),
		T(test_search_rank_terms),
		T(test_words_model),
		T(test_known_hashes),
		T(test_words_damaged),
		T(test_hostile_queries),
		T(test_search_word_end),
		T(test_fold_one_pass),
		T(test_words_gather),
		T(test_words_gather_lengths),
		T(test_filters_and_paging),
		T(test_item_roundtrip),
		T(test_item_hash_pinned),
		T(test_item_hash_fnv),
		T(test_feed_status),
		T(test_rollback),
		T(test_concurrent),
#undef T
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
