/* khabar - ISC licence, see LICENSE. */

/*
 * Search: the fold of what the index holds, for items.c's writes and as SQL
 * functions for the delete trigger and the rebuild, and the translation of
 * what a user types into a safe FTS5 expression.  The index is contentless
 * (content=''): it keeps tokens, not a second copy of the text, and a
 * delete gives it the old row's folded text again, which the deterministic
 * fold reproduces (db.c rebuilds the index when NORMALIZE_VERSION changes).  The body column is author, categories,
 * summary and content, HTML reduced to its text, content left out when it
 * repeats the summary.
 */
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"
#include "store/internal.h"
#include "store/search.h"
#include "text/normalize.h"
#include "util/xmalloc.h"

/* Append the folded s to b, a space first when b has text already. */
static void
search_add(struct buf *b, const char *s, size_t n, int html)
{
	if (s == NULL || n == 0)
		return;
	if (b->len != 0)
		buf_addc(b, ' ');
	if (html)
		normalize_fold_html(b, s, n);
	else
		normalize_fold_buf(b, s, n);
}

static void
search_add_str(struct buf *b, const char *s, int html)
{
	if (s != NULL)
		search_add(b, s, strlen(s), html);
}

void
store_fold_title(struct buf *b, const char *title)
{
	buf_reset(b);
	search_add_str(b, title, 0);
}

void
store_fold_body(struct buf *b, const char *author, const char *categories,
    const char *summary, int summary_type, const char *content,
    int content_type)
{
	buf_reset(b);
	search_add_str(b, author, 0);
	search_add_str(b, categories, 0);
	search_add_str(b, summary, summary_type != FEED_TYPE_TEXT);
	if (summary == NULL || content == NULL || strcmp(summary, content) != 0)
		search_add_str(b, content, content_type != FEED_TYPE_TEXT);
}

static void
search_result(sqlite3_context *ctx, struct buf *b)
{
	size_t	len;
	char	*s;

	s = buf_detach(b, &len);
	sqlite3_result_text64(ctx, s, len, free, SQLITE_UTF8);
}

/* khabar_fold(text): the folded text, NULL for NULL. */
static void
search_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf	b = { 0 };

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	store_fold_title(&b, (const char *)sqlite3_value_text(argv[0]));
	search_result(ctx, &b);
}

/*
 * khabar_fold_body(author, categories, summary, summary_type, content,
 * content_type): store_fold_body() for the delete trigger and the rebuild.
 */
static void
search_fold_body(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf	b = { 0 };

	(void)argc;
	store_fold_body(&b, (const char *)sqlite3_value_text(argv[0]),
	    (const char *)sqlite3_value_text(argv[1]),
	    (const char *)sqlite3_value_text(argv[2]),
	    sqlite3_value_int(argv[3]),
	    (const char *)sqlite3_value_text(argv[4]),
	    sqlite3_value_int(argv[5]));
	search_result(ctx, &b);
}

static void
search_fold_version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, NORMALIZE_VERSION);
}

int
store_search_register(sqlite3 *db)
{
	int	flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int	rc;

	rc = sqlite3_create_function(db, "khabar_fold", 1, flags, NULL,
	    search_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "khabar_fold_body", 6, flags,
		    NULL, search_fold_body, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "khabar_fold_version", 0,
		    flags, NULL, search_fold_version, NULL, NULL);
	return rc;
}

/* Does the word have anything the tokenizer could index? */
static int
search_has_letter(const char *p, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)p[i] >= 0x80 ||
		    (p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'z'))
			return 1;
	}
	return 0;
}

size_t
store_search_expr(struct buf *b, const char *query)
{
	char	*q, *p, *end, *w;
	size_t	 len, n = 0, i;
	int	 prefix;

	q = normalize_fold(query, strlen(query), &len);
	for (p = q, end = q + len; p < end && n < STORE_SEARCH_MAX_TERMS;) {
		while (p < end && *p == ' ')
			p++;
		for (w = p; p < end && *p != ' '; p++)
			/* nothing */;
		len = p - w;
		for (prefix = 0; len > 0 && w[len - 1] == '*'; len--)
			prefix = 1;
		if (len == 0 || !search_has_letter(w, len))
			continue;
		if (n++ > 0)
			buf_addc(b, ' ');
		buf_addc(b, '"');
		for (i = 0; i < len; i++) {
			if (w[i] == '"')
				buf_addc(b, '"');
			buf_addc(b, w[i]);
		}
		buf_addc(b, '"');
		if (prefix)
			buf_addc(b, '*');
	}
	free(q);
	return n;
}

int
store_search(struct store *st, const char *query, size_t offset,
    size_t limit, struct store_rows *rows, char **cause)
{
	struct store_filter	f;

	memset(&f, 0, sizeof f);
	f.search = query;
	return store_items_query(st, &f, offset, limit, rows, cause);
}
