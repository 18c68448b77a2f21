/* khabar - ISC licence, see LICENSE. */

/*
 * The connection, the schema and the feeds table.  The schema is a list of
 * migrations: migrations[i] takes a cache from version i to i + 1, and
 * PRAGMA user_version says how many have run.  Adding a change to the
 * schema is adding one entry at the end and bumping STORE_VERSION.  All
 * pending migrations run in one write transaction, after re-reading the
 * version inside it, so two processes opening an old cache at once do not
 * both migrate it.  PRAGMA application_id marks the file as ours.
 *
 * Tables: feeds (one row per feed URL, with what conditional GET and the
 * retry logic need, and "present", a JSON array of the ids of the items in
 * the feed when last parsed), items (unique by feed and guid; sort_key is
 * the date used for ordering: the item's date, but never later than when we
 * first saw it, so a feed dated in the future cannot stay on top), item_links
 * and enclosures (in feed order; not the link that repeats the item's own,
 * see items.c), word_segs, words and words_gone (the search index, see
 * words.c), meta (the version of the search fold the index was built with)
 * and fulltext (the article fetched from an item's link, see fulltext.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed/feed.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/words.h"
#include "text/normalize.h"
#include "util/xmalloc.h"

static int	db_check_header(struct store *, char **);
static int	db_migrate(struct store *, int, char **);
static int	db_pragma_int(struct store *, const char *, int *, char **);
static void	db_prune_committing(struct store *);
static void	db_pruned_keep(struct store *, int);
static int	db_check_fold(struct store *, char **);
static void	db_error(struct store *, char **, const char *, const char *);
static void	db_feed_row(sqlite3_stmt *, struct store_feed *);
static void	store_undo(struct store *);

/*
 * The statements that made what a cache holds now, each written once: the
 * migrations below use them, and so does the schema of a new cache.
 */
#define SQL_FEEDS							\
	"CREATE TABLE feeds ("						\
	" id INTEGER PRIMARY KEY,"					\
	" url TEXT NOT NULL UNIQUE,"					\
	" title TEXT, link TEXT, title_override TEXT, tags TEXT,"	\
	" etag TEXT, last_modified TEXT,"				\
	" last_status INTEGER NOT NULL DEFAULT 0, last_error TEXT,"	\
	" failures INTEGER NOT NULL DEFAULT 0,"				\
	" last_refresh INTEGER NOT NULL DEFAULT 0,"			\
	" next_refresh INTEGER NOT NULL DEFAULT 0,"			\
	" present TEXT NOT NULL DEFAULT '[]');"
#define SQL_ITEMS							\
	"CREATE TABLE items ("						\
	" id INTEGER PRIMARY KEY,"					\
	" feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE," \
	" guid TEXT NOT NULL,"						\
	" title TEXT, link TEXT, author TEXT,"				\
	" published INTEGER, updated INTEGER,"				\
	" summary TEXT, summary_type INTEGER NOT NULL DEFAULT 0,"	\
	" content TEXT, content_type INTEGER NOT NULL DEFAULT 0,"	\
	" categories TEXT,"						\
	" unread INTEGER NOT NULL DEFAULT 1,"				\
	" starred INTEGER NOT NULL DEFAULT 0,"				\
	" first_seen INTEGER NOT NULL,"					\
	" sort_key INTEGER NOT NULL,"					\
	" hash INTEGER NOT NULL,"					\
	" UNIQUE (feed_id, guid));"					\
	"CREATE INDEX items_by_date ON items (sort_key DESC, id DESC);"	\
	"CREATE INDEX items_by_feed ON items"				\
	" (feed_id, sort_key DESC, id DESC);"				\
	"CREATE INDEX items_unread ON items (sort_key DESC, id DESC)"	\
	" WHERE unread = 1;"						\
	"CREATE INDEX items_unread_by_feed ON items"			\
	" (feed_id, sort_key DESC, id DESC) WHERE unread = 1;"		\
	"CREATE INDEX items_starred ON items (sort_key DESC, id DESC)"	\
	" WHERE starred = 1;"
#define SQL_LINKS							\
	"CREATE TABLE item_links ("					\
	" item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE," \
	" pos INTEGER NOT NULL, href TEXT, rel TEXT, type TEXT, title TEXT," \
	" PRIMARY KEY (item_id, pos)) WITHOUT ROWID;"			\
	"CREATE TABLE enclosures ("					\
	" item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE," \
	" pos INTEGER NOT NULL, url TEXT, type TEXT, length INTEGER,"	\
	" PRIMARY KEY (item_id, pos)) WITHOUT ROWID;"
#define SQL_META							\
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
#define SQL_FULLTEXT							\
	"CREATE TABLE fulltext ("					\
	" item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE," \
	" fetched_at INTEGER NOT NULL,"					\
	" url TEXT,"							\
	" article TEXT NOT NULL);"
#define SQL_ITEMS_FILTER						\
	"CREATE INDEX items_filter ON items (id, unread, starred, feed_id);"
#define SQL_WORDS							\
	"CREATE TABLE word_segs (seg INTEGER PRIMARY KEY,"		\
	" level INTEGER NOT NULL, items INTEGER NOT NULL);"		\
	"CREATE TABLE words (seg INTEGER NOT NULL, word BLOB NOT NULL,"	\
	" data BLOB NOT NULL, PRIMARY KEY (seg, word)) WITHOUT ROWID;"	\
	"CREATE TABLE words_gone (id INTEGER PRIMARY KEY,"		\
	" seg INTEGER NOT NULL);"					\
	"CREATE TRIGGER items_words_gone AFTER DELETE ON items BEGIN"	\
	" INSERT OR REPLACE INTO words_gone (id, seg) VALUES (old.id,"	\
	" (SELECT coalesce(max(seg), 0) + 1 FROM word_segs));"		\
	" END;"

/*
 * What the migrations make of an empty file, made at once: replaying them
 * built and dropped three FTS5 indexes, 5-8 ms of the 13-20 a first
 * refresh spends opening the cache before its first fetch (4-6 ms at
 * once; with 64 KB pages it was 11-20 ms).  test_new_schema holds it to
 * what the migrations make.
 */
#define SQL_SCHEMA							\
	SQL_FEEDS SQL_ITEMS SQL_LINKS SQL_META SQL_FULLTEXT		\
	SQL_ITEMS_FILTER SQL_WORDS					\
	"INSERT INTO meta (key, value)"					\
	" VALUES ('fold_version', khabar_fold_version());"

static const char *const migrations[] = {
	/* 1: feeds, items, links, enclosures and the indexes to page them. */
	SQL_FEEDS SQL_ITEMS SQL_LINKS,

	/* 2: the search index, kept in step by triggers, built from items. */
	SQL_META
	"CREATE VIRTUAL TABLE items_fts USING fts5(title, body,"
	" content='', tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN"
	" INSERT INTO items_fts (rowid, title, body) VALUES (new.id,"
	" khabar_fold(new.title), khabar_fold_body(new.author, new.categories,"
	" new.summary, new.summary_type, new.content, new.content_type));"
	" END;"
	"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, body) VALUES"
	" ('delete', old.id, khabar_fold(old.title),"
	" khabar_fold_body(old.author, old.categories, old.summary,"
	" old.summary_type, old.content, old.content_type));"
	" END;"
	"CREATE TRIGGER items_fts_update AFTER UPDATE OF title, author,"
	" categories, summary, summary_type, content, content_type ON items"
	" BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, body) VALUES"
	" ('delete', old.id, khabar_fold(old.title),"
	" khabar_fold_body(old.author, old.categories, old.summary,"
	" old.summary_type, old.content, old.content_type));"
	" INSERT INTO items_fts (rowid, title, body) VALUES (new.id,"
	" khabar_fold(new.title), khabar_fold_body(new.author, new.categories,"
	" new.summary, new.summary_type, new.content, new.content_type));"
	" END;"
	"INSERT INTO items_fts (rowid, title, body) SELECT id,"
	" khabar_fold(title), khabar_fold_body(author, categories, summary,"
	" summary_type, content, content_type) FROM items;"
	"INSERT INTO meta (key, value) VALUES ('fold_version', khabar_fold_version());",

	/* 3: the full article fetched from an item's link (see fulltext.c). */
	SQL_FULLTEXT,

	/*
	 * 4: items.c indexes what it inserts and updates.  A trigger made
	 * every item's INSERT a statement transaction, and FTS5 writes its
	 * pending terms out as a new segment at each one: a segment per item,
	 * merged over and over (833 MB written for a 93 MB cache).  Deletes
	 * (retention, a feed's cascade) keep their trigger.
	 */
	"DROP TRIGGER items_fts_insert;"
	"DROP TRIGGER items_fts_update;",

	/*
	 * 5: the index takes search.c's words through the "khabar"
	 * tokenizer instead of unicode61 (see search.c), so it is built
	 * again.
	 */
	"DROP TABLE items_fts;"
	"CREATE VIRTUAL TABLE items_fts USING fts5(title, body,"
	" content='', tokenize='khabar');"
	"INSERT INTO items_fts (rowid, title, body) SELECT id,"
	" khabar_fold(title), khabar_fold_body(author, categories, summary,"
	" summary_type, content, content_type) FROM items;"
	"UPDATE meta SET value = khabar_fold_version()"
	" WHERE key = 'fold_version';",

	/*
	 * 6: a search with a filter looks each hit up here rather than in
	 * the table, whose row has these after the text (see items.c).
	 */
	SQL_ITEMS_FILTER,

	/*
	 * 7: FTS5 merges the index's segments 8 at a time instead of 4, so
	 * each is rewritten fewer times: a cold refresh of 200 feeds took
	 * 0.826 s instead of 0.893 (alternated 8 times), and store-bench's
	 * 100,000 items went in 3.0 s instead of 3.3 with every search as
	 * fast (the ranking of the hits costs more than their segments).
	 */
	"INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 8);",

	/*
	 * 8: the index keeps which columns hold a word, not where in them
	 * (detail=column).  The positions were two thirds of the index (7.8
	 * MB for the bench's 200 feeds, 2.5 without) and 5% of a cold
	 * refresh; what they bought was the order of a split word's parts
	 * ("e-mail" now finds an item with both "e" and "mail") and how
	 * often a word occurs, which the rank no longer weighed.  Built
	 * again from the items; migration 9 replaced it.
	 */
	"DROP TABLE items_fts;"
	"CREATE VIRTUAL TABLE items_fts USING fts5(title, body,"
	" content='', detail=column, tokenize='khabar');"
	"INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 8);"
	"INSERT INTO items_fts (rowid, title, body) SELECT id,"
	" khabar_fold(title), khabar_fold_body(author, categories, summary,"
	" summary_type, content, content_type) FROM items;",

	/*
	 * 9: the search index is words.c's instead of FTS5's (see there
	 * why), built from the items after the migrations: meta's fold
	 * version 0 makes db_check_fold() build it.  A delete leaves a
	 * words_gone row with the number of the next segment, so that what
	 * the index held of the item is dead.
	 */
	"DROP TRIGGER items_fts_delete;"
	"DROP TABLE items_fts;"
	SQL_WORDS
	"UPDATE meta SET value = 0 WHERE key = 'fold_version';",
};

#define NMIGRATIONS	((int)(sizeof migrations / sizeof migrations[0]))

#define FEED_COLUMNS \
	"f.id, f.url, f.title, f.title_override, f.link, f.tags, f.etag," \
	" f.last_modified, f.last_status, f.last_error, f.failures," \
	" f.last_refresh, f.next_refresh"

static const char *const stmt_sql[ST_MAX] = {
	[ST_FEED_INSERT] = "INSERT INTO feeds (url) VALUES (?1)"
	    " ON CONFLICT (url) DO NOTHING",
	[ST_FEED_ID] = "SELECT id FROM feeds WHERE url = ?1",
	[ST_FEED_META] = "UPDATE feeds SET title = ?2, link = ?3 WHERE id = ?1",
	[ST_FEED_PRESENT] = "UPDATE feeds SET present = ?2 WHERE id = ?1",
	/*
	 * Retention, a feed at a time, each on items_by_feed from where its
	 * items begin (see db_prune_feed()): by age, then past the newest
	 * ?2, leaving starred items and those in the feed (?3, its present).
	 */
	[ST_PRUNE_AGE] = "DELETE FROM items WHERE id IN (SELECT id FROM items"
	    " WHERE feed_id = ?1 AND sort_key < ?2"
	    " AND id NOT IN (SELECT value FROM json_each(?3)))"
	    " AND starred = 0",
	[ST_PRUNE_COUNT] = "DELETE FROM items WHERE id IN (SELECT id FROM items"
	    " WHERE feed_id = ?1 ORDER BY sort_key DESC, id DESC"
	    " LIMIT -1 OFFSET ?2) AND starred = 0"
	    " AND id NOT IN (SELECT value FROM json_each(?3))",
	[ST_FEED_STATUS] = "UPDATE feeds SET last_status = ?2,"
	    " last_error = ?3,"
	    " failures = CASE WHEN ?3 IS NULL THEN 0 ELSE failures + 1 END,"
	    " etag = CASE WHEN ?4 THEN ?5 ELSE etag END,"
	    " last_modified = CASE WHEN ?4 THEN ?6 ELSE last_modified END,"
	    " last_refresh = ?7, next_refresh = ?8 WHERE id = ?1",
	[ST_FEED_FIND] = "SELECT " FEED_COLUMNS ","
	    " (SELECT count(*) FROM items WHERE feed_id = f.id AND unread = 1),"
	    " (SELECT count(*) FROM items WHERE feed_id = f.id)"
	    " FROM feeds f WHERE f.url = ?1",
	[ST_FEEDS_LIST] = "SELECT " FEED_COLUMNS ","
	    " (SELECT count(*) FROM items WHERE feed_id = f.id AND unread = 1),"
	    " (SELECT count(*) FROM items WHERE feed_id = f.id)"
	    " FROM feeds f ORDER BY f.id",
	[ST_ITEM_FIND] = "SELECT id, hash FROM items"
	    " WHERE feed_id = ?1 AND guid = ?2",
	[ST_ITEM_INSERT] = "INSERT INTO items (feed_id, guid, title, link,"
	    " author, published, updated, summary, summary_type, content,"
	    " content_type, categories, first_seen, sort_key, hash)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " CASE WHEN ?14 IS NULL OR ?14 > ?13 THEN ?13 ELSE ?14 END, ?15)",
	[ST_ITEM_UPDATE] = "UPDATE items SET title = ?3, link = ?4,"
	    " author = ?5, published = ?6, updated = ?7, summary = ?8,"
	    " summary_type = ?9, content = ?10, content_type = ?11,"
	    " categories = ?12,"
	    " sort_key = CASE WHEN ?14 IS NULL OR ?14 > first_seen"
	    " THEN first_seen ELSE ?14 END, hash = ?15 WHERE id = ?1",
	[ST_LINKS_DELETE] = "DELETE FROM item_links WHERE item_id = ?1",
	[ST_LINK_INSERT] = "INSERT INTO item_links (item_id, pos, href, rel,"
	    " type, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_ENCLS_DELETE] = "DELETE FROM enclosures WHERE item_id = ?1",
	[ST_ENCL_INSERT] = "INSERT INTO enclosures (item_id, pos, url, type,"
	    " length) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_ITEM_GET] = "SELECT i.id, i.feed_id,"
	    " coalesce(f.title_override, f.title, f.url), i.guid, i.title,"
	    " i.link, i.author, i.published, i.updated, i.summary,"
	    " i.summary_type, i.content, i.content_type, i.categories,"
	    " i.unread, i.starred, i.first_seen"
	    " FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1",
	[ST_ITEM_LINKS] = "SELECT href, rel, type, title FROM item_links"
	    " WHERE item_id = ?1 ORDER BY pos",
	[ST_ITEM_ENCLS] = "SELECT url, type, length FROM enclosures"
	    " WHERE item_id = ?1 ORDER BY pos",
	[ST_STARRED] = "UPDATE items SET starred = ?2 WHERE id = ?1",
	[ST_READ_ITEM] = "UPDATE items SET unread = ?2 WHERE id = ?1",
	[ST_READ_FEED] = "UPDATE items SET unread = 0"
	    " WHERE feed_id = ?1 AND unread = 1",
	[ST_READ_ALL] = "UPDATE items SET unread = 0 WHERE unread = 1",
	[ST_UNREAD_FEED] = "UPDATE items SET unread = 1"
	    " WHERE feed_id = ?1 AND unread = 0",
	[ST_UNREAD_ALL] = "UPDATE items SET unread = 1 WHERE unread = 0",
	[ST_FULLTEXT_PUT] = "INSERT INTO fulltext (item_id, fetched_at, url,"
	    " article) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (item_id) DO UPDATE"
	    " SET fetched_at = ?2, url = ?3, article = ?4",
	[ST_FULLTEXT_GET] = "SELECT fetched_at, url, article FROM fulltext"
	    " WHERE item_id = ?1",
	[ST_SEARCH_ROWS] = "SELECT i.id, i.feed_id,"
	    " coalesce(f.title_override, f.title, f.url), i.title,"
	    " coalesce(i.published, i.updated), i.unread, i.starred,"
	    " i.sort_key FROM json_each(?1) AS j CROSS JOIN items AS i"
	    " ON i.id = j.value CROSS JOIN feeds AS f ON f.id = i.feed_id",
	[ST_WORDS_NEXT_SEG] = "SELECT coalesce(max(seg), 0) + 1 FROM word_segs",
	[ST_WORDS_PUT] = "INSERT INTO words (seg, word, data)"
	    " VALUES (?1, ?2, ?3)",
	[ST_WORDS_SEG_ADD] = "INSERT INTO word_segs (seg, level, items)"
	    " VALUES (?1, ?2, ?3)",
	[ST_WORDS_GONE] = "INSERT OR REPLACE INTO words_gone (id, seg)"
	    " VALUES (?1, (SELECT coalesce(max(seg), 0) + 1 FROM word_segs))",
	[ST_WORDS_GONE_NEW] = "SELECT g.id FROM words_gone g WHERE g.seg = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM items WHERE id = g.id)",
	[ST_WORDS_GONE_ALL] = "SELECT id, seg FROM words_gone ORDER BY id",
	[ST_WORDS_SEGS] = "SELECT seg, items FROM word_segs ORDER BY seg",
	[ST_WORDS_LEVEL_FULL] = "SELECT level FROM word_segs GROUP BY level"
	    " HAVING count(*) >= ?1 ORDER BY level LIMIT 1",
	[ST_WORDS_LEVEL_SEGS] = "SELECT seg, items FROM word_segs"
	    " WHERE level = ?1 ORDER BY seg LIMIT ?2",
	[ST_WORDS_SEG_PAGES_DROP] = "DELETE FROM words WHERE seg = ?1",
	[ST_WORDS_SEG_DROP] = "DELETE FROM word_segs WHERE seg = ?1",
	[ST_WORDS_PAGE_AT] = "SELECT word FROM words WHERE seg = ?1"
	    " AND word <= ?2 ORDER BY word DESC LIMIT 1",
	[ST_WORDS_PAGES_FROM] = "SELECT word, data FROM words WHERE seg = ?1"
	    " AND word >= ?2 ORDER BY word",
	[ST_WORDS_ITEM_FILTER] = "SELECT unread, starred, feed_id FROM items"
	    " INDEXED BY items_filter WHERE id = ?1",
	[ST_WORDS_FILTER_IDS] = "SELECT id FROM items INDEXED BY items_filter"
	    " WHERE (?1 = 0 OR feed_id = ?1) AND (?2 = 0 OR unread = 1)"
	    " AND (?3 = 0 OR starred = 1) ORDER BY id",
};

int
store_fail(struct store *st, char **cause, const char *what)
{
	if (cause != NULL)
		db_error(st, cause, what, sqlite3_errmsg(st->db));
	return -1;
}

/*
 * "what: msg", said plainly when the cause is that nothing more could be
 * written (SQLite's "disk I/O error" hides a full disk, a quota or a file
 * size limit behind EIO): the transaction was rolled back, so the cache
 * still holds what it had.
 */
static void
db_error(struct store *st, char **cause, const char *what, const char *msg)
{
	int	rc = sqlite3_extended_errcode(st->db);
	int	err = sqlite3_system_errno(st->db);

	if (rc == SQLITE_FULL)
		xasprintf(cause, "%s: cannot write, the disk is full; the cache"
		    " keeps what it had", what);
	else if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ||
	    rc == SQLITE_IOERR_TRUNCATE || rc == SQLITE_IOERR_SHMSIZE)
		xasprintf(cause, "%s: cannot write (%s); the cache keeps what"
		    " it had", what, err == ENOSPC || err == EFBIG ||
		    err == EDQUOT ? strerror(err) : "is the disk full?");
	else
		xasprintf(cause, "%s: %s", what, msg);
}

int
store_exec(struct store *st, const char *sql, char **cause)
{
	char	*msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (cause != NULL)
			db_error(st, cause, st->path,
			    msg != NULL ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_run(struct store *st, const char *sql, char **cause)
{
	return store_exec(st, sql, cause);
}

sqlite3_stmt *
store_stmt(struct store *st, enum store_stmt id, char **cause)
{
	sqlite3_stmt	*s = st->stmt[id];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			store_fail(st, cause, "cannot prepare a query");
			return NULL;
		}
		st->stmt[id] = s;
		return s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

int64_t
store_now(struct store *st)
{
	return st->fixed_now != 0 ? st->fixed_now : (int64_t)time(NULL);
}

int
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int
store_bind_opt(sqlite3_stmt *s, int i, int64_t v, int64_t none)
{
	if (v == none)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_int64(s, i, v);
}

char *
store_column_text(sqlite3_stmt *s, int i)
{
	const unsigned char	*v;

	if ((v = sqlite3_column_text(s, i)) == NULL)
		return NULL;
	return xstrndup((const char *)v, (size_t)sqlite3_column_bytes(s, i));
}

static int
db_pragma_int(struct store *st, const char *sql, int *v, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, cause, st->path);
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	return 0;
}

/*
 * Read the header before anything could write: a file that is not SQLite,
 * or is someone else's database, or is from a newer khabar, is refused.
 */
static int
db_check_header(struct store *st, char **cause)
{
	int	ntables, appid, version;

	if (db_pragma_int(st, "SELECT count(*) FROM sqlite_master", &ntables,
	    NULL) != 0) {
		xasprintf(cause, "%s is not a khabar cache (%s)", st->path,
		    sqlite3_errmsg(st->db));
		return -1;
	}
	if (db_pragma_int(st, "PRAGMA application_id", &appid, cause) != 0 ||
	    db_pragma_int(st, "PRAGMA user_version", &version, cause) != 0)
		return -1;
	if (appid != 0 && appid != STORE_APPLICATION_ID) {
		xasprintf(cause, "%s is not a khabar cache (application id "
		    "%#x)", st->path, (unsigned)appid);
		return -1;
	}
	if (appid == 0 && ntables != 0) {
		xasprintf(cause, "%s is not a khabar cache (it holds other "
		    "tables)", st->path);
		return -1;
	}
	if (version > NMIGRATIONS) {
		xasprintf(cause, "%s was written by a newer khabar (cache "
		    "version %d, this khabar knows up to %d)", st->path,
		    version, NMIGRATIONS);
		return -1;
	}
	return 0;
}

static int
db_migrate(struct store *st, int target, char **cause)
{
	char	*sql;
	int	 version, i;

	/* An up-to-date cache needs no write lock: the reader must not wait
	 * for a refresh that is writing just to learn that. */
	if (db_pragma_int(st, "PRAGMA user_version", &version, cause) != 0)
		return -1;
	if (version == target)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	/* Read again under the lock: another process may have migrated. */
	if (db_pragma_int(st, "PRAGMA user_version", &version, cause) != 0)
		goto fail;
	if (version > NMIGRATIONS) {
		xasprintf(cause, "%s was written by a newer khabar (cache "
		    "version %d, this khabar knows up to %d)", st->path,
		    version, NMIGRATIONS);
		goto fail;
	}
	if (version == 0 && target == NMIGRATIONS) {
		/* A new cache (db_check_header(): no tables). */
		if (store_exec(st, SQL_SCHEMA, cause) != 0)
			goto fail;
	} else {
		for (i = version; i < target; i++) {
			if (store_exec(st, migrations[i], cause) != 0)
				goto fail;
		}
	}
	if (version < target) {
		xasprintf(&sql, "PRAGMA user_version = %d;"
		    "PRAGMA application_id = %d", target,
		    STORE_APPLICATION_ID);
		i = store_exec(st, sql, cause);
		free(sql);
		if (i != 0)
			goto fail;
	}
	return store_exec(st, "COMMIT", cause);

fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Rebuild the search index when it was made with another fold. */
static int
db_check_fold(struct store *st, char **cause)
{
	int	v;

	if (store_version(st) < 2)
		return 0;
	if (db_pragma_int(st, "SELECT value FROM meta"
	    " WHERE key = 'fold_version'", &v, cause) != 0)
		return -1;
	if (v == STORE_FOLD_VERSION)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	/* Another process may have built it since the version was read. */
	if (db_pragma_int(st, "SELECT value FROM meta"
	    " WHERE key = 'fold_version'", &v, cause) != 0)
		goto fail;
	if (v != STORE_FOLD_VERSION && (store_words_rebuild(st, cause) != 0 ||
	    store_exec(st, "INSERT OR REPLACE INTO meta (key, value)"
	    " VALUES ('fold_version', khabar_fold_version())", cause) != 0))
		goto fail;
	if (store_exec(st, "COMMIT", cause) != 0)
		goto fail;
	return 0;

fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * Before SQLite's first use: no count of the memory it holds, which khabar
 * never asks for and which took a lock shared by every connection around
 * each of its allocations (SQLITE_DEFAULT_MEMSTATUS is 1 in Debian's
 * build).  Too late if something else started SQLite first; harmless.
 */
static void
db_configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *
store_open_version(const char *path, int version, char **cause)
{
	static pthread_once_t	 once = PTHREAD_ONCE_INIT;
	struct store		*st;
	int			 rc;

	pthread_once(&once, db_configure);
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		xasprintf(cause, "cannot open %s: %s", path,
		    st->db != NULL ? sqlite3_errmsg(st->db) :
		    sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (db_check_header(st, cause) != 0)
		goto fail;
	/*
	 * 16 KB pages for a new cache: an item's row is a few KB of text, and
	 * with 4 KB pages most held one row and a third of each page stayed
	 * empty (93 MB against 66 MB for 20,000 items).  16 KB rather than 8:
	 * half as many pages for a refresh to write to the log and copy back,
	 * a cold refresh of 200 feeds 1.04-1.09 s instead of 1.15-1.17.  Not
	 * larger: 64 KB pages wrote the same bytes in a quarter of the
	 * pwrite()s and made a cold refresh 2.5-4.5% faster, but the reader
	 * pays for each page it reads a row from, and the newest items of
	 * many feeds lie on as many pages: `khabar list --limit 50' of a
	 * 100,000-item cache took 26 ms of CPU instead of 18 (1,370 page
	 * faults instead of 740) and the first paint 25-30 ms instead of
	 * 18-20; 32 KB, 20 ms for 1-3% (within the noise here).  An existing
	 * cache keeps its size: this is a no-op once the file has a page.
	 *
	 * 4 MB of page cache, not SQLite's 2: a refresh's transaction of ten
	 * feeds dirties some 5 MB of pages, and with 2 MB SQLite wrote pages
	 * out to the log before the commit wrote them again (84 MB of log for
	 * a cold refresh of 200 feeds, 66 MB with 4; the same time, and a
	 * peak of 48 MB instead of 55, A/B 10 pairs; 8 MB was no faster, with
	 * 16 KB pages or with 64 KB, where it took 5 MB more memory).
	 */
	if (store_exec(st, "PRAGMA page_size = 16384;"
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA cache_size = -4096;"
	    "PRAGMA foreign_keys = ON", cause) != 0)
		goto fail;
	if (store_search_register(st->db) != SQLITE_OK) {
		store_fail(st, cause, path);
		goto fail;
	}
	if (version > NMIGRATIONS)
		version = NMIGRATIONS;
	if (db_migrate(st, version, cause) != 0 || db_check_fold(st, cause) != 0)
		goto fail;
	store_autocheckpoint(st);
	return st;

fail:
	store_close(st);
	return NULL;
}

struct store *
store_open(const char *path, char **cause)
{
	return store_open_version(path, NMIGRATIONS, cause);
}

void
store_close(struct store *st)
{
	size_t	i;

	if (st == NULL)
		return;
	store_checkpoints_stop(st);
	store_batch_rollback(st);
	for (i = 0; i < ST_MAX; i++)
		sqlite3_finalize(st->stmt[i]);
	for (i = 0; i < STORE_QUERY_VARIANTS; i++) {
		sqlite3_finalize(st->query[i]);
		sqlite3_finalize(st->count[i]);
	}
	sqlite3_close(st->db);
	buf_free(&st->present);
	buf_free(&st->scratch);
	free(st->pruned);
	store_fold_free(&st->fold);
	store_words_free(st);
	free(st->sink_cause);
	free(st->path);
	free(st);
}

int
store_version(struct store *st)
{
	int	v;

	if (db_pragma_int(st, "PRAGMA user_version", &v, NULL) != 0)
		return -1;
	return v;
}

void
store_set_time(struct store *st, int64_t now)
{
	st->fixed_now = now;
}

int
store_check(struct store *st, char **cause)
{
	sqlite3_stmt	*s;
	const char	*r;
	int		 rc = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s,
	    NULL) != SQLITE_OK)
		return store_fail(st, cause, st->path);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r = (const char *)sqlite3_column_text(s, 0);
		if (r != NULL && strcmp(r, "ok") == 0)
			rc = 0;
		else
			xasprintf(cause, "%s: %s", st->path,
			    r != NULL ? r : "integrity check failed");
	} else
		store_fail(st, cause, st->path);
	sqlite3_finalize(s);
	/* The search index's own structure (its segments and their words). */
	if (rc == 0)
		rc = store_words_check(st, cause);
	return rc;
}

int
store_feed_begin(struct store *st, const char *url, int64_t *feed_id,
    char **cause)
{
	sqlite3_stmt	*s;

	if (st->in_feed) {
		xasprintf(cause, "%s: a refresh is already open", st->path);
		return -1;
	}
	if (!st->in_batch && store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	if ((s = store_stmt(st, ST_FEED_INSERT, cause)) == NULL)
		goto fail;
	store_bind_text(s, 1, url);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_fail(st, cause, url);
		goto fail;
	}
	if ((s = store_stmt(st, ST_FEED_ID, cause)) == NULL)
		goto fail;
	store_bind_text(s, 1, url);
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_fail(st, cause, url);
		goto fail;
	}
	*feed_id = st->feed_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	st->in_feed = 1;
	st->parsed = 0;
	st->feed_now = store_now(st);
	free(st->sink_cause);
	st->sink_cause = NULL;
	buf_reset(&st->present);
	return 0;

fail:
	store_undo(st);
	return -1;
}

/*
 * Undo what the feed wrote: its transaction, which in a batch is the whole
 * batch (store_batch_open() turns false; see db.h).
 */
static void
store_undo(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	store_words_discard(st);
	db_pruned_keep(st, 0);
}

int
store_batch_begin(struct store *st, char **cause)
{
	if (st->in_feed || st->in_batch) {
		xasprintf(cause, "%s: a refresh is already open", st->path);
		return -1;
	}
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	st->in_batch = 1;
	return 0;
}

int
store_batch_open(struct store *st)
{
	return st->in_batch && !sqlite3_get_autocommit(st->db);
}

int
store_batch_commit(struct store *st, char **cause)
{
	if (st->in_feed) {
		xasprintf(cause, "%s: a feed is still open", st->path);
		return -1;
	}
	if (!st->in_batch) {
		xasprintf(cause, "%s: no batch is open", st->path);
		return -1;
	}
	st->in_batch = 0;
	/*
	 * SQLite may roll a whole transaction back on an error (a full disk,
	 * I/O): whatever the batch held is gone then.
	 */
	if (sqlite3_get_autocommit(st->db)) {
		xasprintf(cause, "%s: the cache rolled back the batch after an "
		    "error", st->path);
		store_words_discard(st);
		db_pruned_keep(st, 0);
		return -1;
	}
	if (store_words_flush(st, cause) != 0 ||
	    store_exec(st, "COMMIT", cause) != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		store_words_discard(st);
		db_pruned_keep(st, 0);
		return -1;
	}
	db_pruned_keep(st, 1);
	return 0;
}

void
store_batch_rollback(struct store *st)
{
	if (st->in_feed)
		store_feed_rollback(st);
	if (st->in_batch && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	store_words_discard(st);
	db_pruned_keep(st, 0);
	st->in_batch = 0;
}

int
store_feed_commit(struct store *st, char **cause)
{
	sqlite3_stmt	*s;

	if (!st->in_feed) {
		xasprintf(cause, "%s: no refresh is open", st->path);
		return -1;
	}
	if (st->sink_cause != NULL) {
		*cause = st->sink_cause;
		st->sink_cause = NULL;
		store_feed_rollback(st);
		return -1;
	}
	if (st->parsed) {
		if ((s = store_stmt(st, ST_FEED_PRESENT, cause)) == NULL)
			goto fail;
		if (st->present.len == 0)
			buf_addc(&st->present, '[');
		buf_addc(&st->present, ']');
		sqlite3_bind_int64(s, 1, st->feed_id);
		sqlite3_bind_text(s, 2, st->present.data, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_fail(st, cause, st->path);
			goto fail;
		}
		sqlite3_reset(s);
		db_prune_committing(st);
	}
	if (!st->in_batch) {
		if (store_words_flush(st, cause) != 0 ||
		    store_exec(st, "COMMIT", cause) != 0)
			goto fail;
		db_pruned_keep(st, 1);
	}
	st->in_feed = 0;
	return 0;

fail:
	store_feed_rollback(st);
	return -1;
}

void
store_feed_rollback(struct store *st)
{
	size_t	i;

	/* A statement still stepping would keep the transaction open. */
	for (i = 0; i < ST_MAX; i++) {
		if (st->stmt[i] != NULL)
			sqlite3_reset(st->stmt[i]);
	}
	if (st->in_feed)
		store_undo(st);
	st->in_feed = 0;
	free(st->sink_cause);
	st->sink_cause = NULL;
}

int
store_feed_status(struct store *st, int64_t feed_id,
    const struct store_status *status, char **cause)
{
	sqlite3_stmt	*s;
	int		 ok;

	if ((s = store_stmt(st, ST_FEED_STATUS, cause)) == NULL)
		return -1;
	ok = status->error == NULL && status->http_status >= 200 &&
	    status->http_status < 300;
	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int(s, 2, status->http_status);
	store_bind_text(s, 3, status->error);
	sqlite3_bind_int(s, 4, ok);
	store_bind_text(s, 5, status->etag);
	store_bind_text(s, 6, status->last_modified);
	sqlite3_bind_int64(s, 7, store_now(st));
	sqlite3_bind_int64(s, 8, status->next_refresh);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return 0;
}

int
store_feed_set_meta(struct store *st, const char *url,
    const char *title_override, const char *tags, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO feeds (url,"
	    " title_override, tags) VALUES (?1, ?2, ?3) ON CONFLICT (url)"
	    " DO UPDATE SET title_override = ?2, tags = ?3", -1, &s,
	    NULL) != SQLITE_OK)
		return store_fail(st, cause, st->path);
	store_bind_text(s, 1, url);
	store_bind_text(s, 2, title_override);
	store_bind_text(s, 3, tags);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	return 0;
}

static void
db_feed_row(sqlite3_stmt *s, struct store_feed *f)
{
	f->id = sqlite3_column_int64(s, 0);
	f->url = store_column_text(s, 1);
	f->title = store_column_text(s, 2);
	f->title_override = store_column_text(s, 3);
	f->link = store_column_text(s, 4);
	f->tags = store_column_text(s, 5);
	f->etag = store_column_text(s, 6);
	f->last_modified = store_column_text(s, 7);
	f->last_status = sqlite3_column_int(s, 8);
	f->last_error = store_column_text(s, 9);
	f->failures = sqlite3_column_int(s, 10);
	f->last_refresh = sqlite3_column_int64(s, 11);
	f->next_refresh = sqlite3_column_int64(s, 12);
	f->unread = (size_t)sqlite3_column_int64(s, 13);
	f->total = (size_t)sqlite3_column_int64(s, 14);
}

int
store_feed_find(struct store *st, const char *url, struct store_feed *out,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, ST_FEED_FIND, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, url);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		db_feed_row(s, out);
	else if (rc != SQLITE_DONE)
		return store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return rc == SQLITE_ROW;
}

int
store_feeds_list(struct store *st, struct store_feeds *list, char **cause)
{
	sqlite3_stmt	*s;
	size_t		 alloc = 0;
	int		 rc;

	list->v = NULL;
	list->n = 0;
	if ((s = store_stmt(st, ST_FEEDS_LIST, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (list->n == alloc) {
			alloc = alloc == 0 ? 16 : alloc * 2;
			list->v = xreallocarray(list->v, alloc,
			    sizeof *list->v);
		}
		db_feed_row(s, &list->v[list->n++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_feeds_free(list);
		return store_fail(st, cause, st->path);
	}
	return 0;
}

void
store_feed_clear(struct store_feed *f)
{
	free(f->url);
	free(f->title);
	free(f->title_override);
	free(f->link);
	free(f->tags);
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	memset(f, 0, sizeof *f);
}

void
store_feeds_free(struct store_feeds *list)
{
	size_t	i;

	for (i = 0; i < list->n; i++)
		store_feed_clear(&list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/*
 * Remove what retention takes of feed id, whose items still in it are the
 * JSON array present: by age first, its oldest, which are also its last,
 * so that the ranks by count stay what they were.  Add the count to *n.
 * Each statement reads items_by_feed from where the feed's items begin, so
 * a feed within its limits costs a few lookups.
 */
static int
db_prune_feed(struct store *st, int64_t id, const char *present, int64_t now,
    int keep_days, int keep_per_feed, size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	int		 pass;

	for (pass = 0; pass < 2; pass++) {
		if ((pass == 0 && keep_days <= 0) ||
		    (pass == 1 && keep_per_feed <= 0))
			continue;
		if ((s = store_stmt(st, pass == 0 ? ST_PRUNE_AGE :
		    ST_PRUNE_COUNT, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (pass == 0)
			sqlite3_bind_int64(s, 2, now -
			    (int64_t)keep_days * 86400);
		else
			sqlite3_bind_int(s, 2, keep_per_feed);
		sqlite3_bind_text(s, 3, present, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_fail(st, cause, st->path);
			sqlite3_reset(s);
			return -1;
		}
		sqlite3_reset(s);
		*n += (size_t)sqlite3_changes(st->db);
	}
	return 0;
}

static int
db_pruned_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Prune every feed but those of skip[] (sorted), in a transaction. */
static int
db_prune(struct store *st, int64_t now, int keep_days, int keep_per_feed,
    const int64_t *skip, size_t nskip, size_t *removed, char **cause)
{
	sqlite3_stmt	*f = NULL;
	const char	*present;
	size_t		 n = 0;
	int64_t		 id;
	int		 rc;

	if (keep_days <= 0 && keep_per_feed <= 0)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT id, present FROM feeds", -1,
	    &f, NULL) != SQLITE_OK) {
		store_fail(st, cause, st->path);
		goto fail;
	}
	while ((rc = sqlite3_step(f)) == SQLITE_ROW) {
		id = sqlite3_column_int64(f, 0);
		if (nskip > 0 && bsearch(&id, skip, nskip, sizeof *skip,
		    db_pruned_cmp) != NULL)
			continue;
		/* The column's text lasts until f steps again. */
		present = (const char *)sqlite3_column_text(f, 1);
		if (db_prune_feed(st, id, present != NULL ? present : "[]",
		    now, keep_days, keep_per_feed, &n, cause) != 0)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, cause, st->path);
		goto fail;
	}
	sqlite3_finalize(f);
	*removed += n;
	return store_exec(st, "COMMIT", cause);

fail:
	sqlite3_finalize(f);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
store_prune(struct store *st, int64_t now, int keep_days, int keep_per_feed,
    size_t *removed, char **cause)
{
	size_t	n = 0;
	int	rc;

	rc = db_prune(st, now, keep_days, keep_per_feed, NULL, 0, &n, cause);
	if (removed != NULL)
		*removed = rc == 0 ? n : 0;
	return rc;
}

void
store_retention(struct store *st, int64_t now, int keep_days,
    int keep_per_feed)
{
	st->ret_now = now;
	st->ret_days = keep_days;
	st->ret_per_feed = keep_per_feed;
	st->npruned = st->npruned_ok = 0;
	st->removed = st->removed_ok = 0;
}

int
store_prune_rest(struct store *st, size_t *removed, char **cause)
{
	size_t	n = st->removed_ok;
	int	rc;

	if (st->npruned_ok > 1)
		qsort(st->pruned, st->npruned_ok, sizeof *st->pruned,
		    db_pruned_cmp);
	rc = db_prune(st, st->ret_now, st->ret_days, st->ret_per_feed,
	    st->pruned, st->npruned_ok, &n, cause);
	if (removed != NULL)
		*removed = n;
	return rc;
}

/*
 * In the transaction of the feed being committed, after its present: prune
 * it (store_retention()).  What fails here is left to store_prune_rest().
 */
static void
db_prune_committing(struct store *st)
{
	char	*cause = NULL;
	size_t	 n = 0;

	if ((st->ret_days <= 0 && st->ret_per_feed <= 0) || !st->parsed)
		return;
	if (db_prune_feed(st, st->feed_id, st->present.data, st->ret_now,
	    st->ret_days, st->ret_per_feed, &n, &cause) != 0) {
		free(cause);
		return;
	}
	if (st->npruned == st->pruned_alloc) {
		st->pruned_alloc = st->pruned_alloc == 0 ? 64 :
		    2 * st->pruned_alloc;
		st->pruned = xreallocarray(st->pruned, st->pruned_alloc,
		    sizeof *st->pruned);
	}
	st->pruned[st->npruned++] = st->feed_id;
	st->removed += n;
}

/* The feeds pruned in a transaction now committed, or rolled back. */
static void
db_pruned_keep(struct store *st, int committed)
{
	if (committed) {
		st->npruned_ok = st->npruned;
		st->removed_ok = st->removed;
	} else {
		st->npruned = st->npruned_ok;
		st->removed = st->removed_ok;
	}
}
