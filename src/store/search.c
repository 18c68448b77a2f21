/* khabar - ISC licence, see LICENSE. */

/*
 * Search: the SQL functions the FTS triggers call to fold what they index,
 * and the translation of what a user types into a safe FTS5 expression.
 * The index is contentless (content=''): it keeps tokens, not a second copy
 * of the text, and a delete gives it the old row's folded text again, which
 * the deterministic fold reproduces (db.c rebuilds the index when
 * NORMALIZE_VERSION changes).  The body column is author, categories,
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

static void
search_add(struct buf *b, sqlite3_value *v, int html)
{
	const char	*s;
	int		 n;

	if ((s = (const char *)sqlite3_value_text(v)) == NULL)
		return;
	if ((n = sqlite3_value_bytes(v)) == 0)
		return;
	if (b->len != 0)
		buf_addc(b, ' ');
	if (html)
		normalize_fold_html(b, s, (size_t)n);
	else
		normalize_fold_buf(b, s, (size_t)n);
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
	search_add(&b, argv[0], 0);
	search_result(ctx, &b);
}

/*
 * khabar_fold_body(author, categories, summary, summary_type, content,
 * content_type): the folded plain text of the body.
 */
static void
search_fold_body(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf	 b = { 0 };
	const char	*sum, *con;

	(void)argc;
	search_add(&b, argv[0], 0);
	search_add(&b, argv[1], 0);
	search_add(&b, argv[2], sqlite3_value_int(argv[3]) != FEED_TYPE_TEXT);
	sum = (const char *)sqlite3_value_text(argv[2]);
	con = (const char *)sqlite3_value_text(argv[4]);
	if (sum == NULL || con == NULL || strcmp(sum, con) != 0)
		search_add(&b, argv[4],
		    sqlite3_value_int(argv[5]) != FEED_TYPE_TEXT);
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
