/* khabar - ISC licence, see LICENSE. */
/*
 * The fulltext table: the article fetched from an item's link, as text the
 * reader serialised (see html/artjson.h), with when and where from.  The
 * row goes with its item (ON DELETE CASCADE), so pruning needs no help.
 */
#include <stdlib.h>
#include <string.h>

#include "store/fulltext.h"
#include "store/internal.h"
#include "util/xmalloc.h"

int
store_fulltext_put(struct store *st, int64_t id, int64_t fetched_at,
    const char *url, const char *article, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, ST_FULLTEXT_PUT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, fetched_at != 0 ? fetched_at : store_now(st));
	store_bind_text(s, 3, url);
	store_bind_text(s, 4, article != NULL ? article : "");
	if ((rc = sqlite3_step(s)) != SQLITE_DONE)
		store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_fulltext_get(struct store *st, int64_t id, struct store_fulltext *out,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	memset(out, 0, sizeof *out);
	if ((s = store_stmt(st, ST_FULLTEXT_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->fetched_at = sqlite3_column_int64(s, 0);
		out->url = store_column_text(s, 1);
		out->article = store_column_text(s, 2);
		if (out->article == NULL)
			out->article = xstrdup("");
	} else if (rc != SQLITE_DONE)
		store_fail(st, cause, st->path);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void
store_fulltext_clear(struct store_fulltext *ft)
{
	if (ft == NULL)
		return;
	free(ft->url);
	free(ft->article);
	memset(ft, 0, sizeof *ft);
}
