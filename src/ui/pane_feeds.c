/* khabar - ISC licence, see LICENSE. */
/*
 * The feeds list: "All articles", "Unread" and "Starred", then every feed
 * with its unread and total counts, in the slot of the headline list.
 * Opening an entry shows its headlines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/items.h"
#include "ui/ui.h"
#include "util/xmalloc.h"

#define FEEDS_FIXED	3	/* entries before the feeds */

static const char	*pane_feeds_name(const struct ui *, size_t);
static void		 pane_feeds_drop_names(struct feeds_pane *);

static void
pane_feeds_drop_names(struct feeds_pane *fp)
{
	size_t	i;

	for (i = 0; i < fp->nnames; i++)
		para_free(fp->names[i]);
	free(fp->names);
	fp->names = NULL;
	fp->nnames = 0;
}

/* Read the feeds and the counts again. */
void
pane_feeds_load(struct ui *ui)
{
	struct feeds_pane	*fp = &ui->feeds;
	struct store_filter	 f;
	char			*cause = NULL;

	pane_feeds_drop_names(fp);
	store_feeds_free(&fp->f);
	memset(&f, 0, sizeof f);
	if (store_feeds_list(ui->st, &fp->f, &cause) == -1 ||
	    store_count(ui->st, &f, &fp->total, &cause) == -1) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	f.unread = 1;
	store_count(ui->st, &f, &fp->unread, NULL);
	f.unread = 0;
	f.starred = 1;
	store_count(ui->st, &f, &fp->starred, NULL);
	fp->nnames = fp->f.n + FEEDS_FIXED;
	fp->names = xcalloc(fp->nnames, sizeof *fp->names);
	if (fp->cur >= fp->nnames)
		fp->cur = fp->nnames - 1;
}

static const char *
pane_feeds_name(const struct ui *ui, size_t i)
{
	const struct store_feed	*sf;

	switch (i) {
	case 0:
		return "All articles";
	case 1:
		return "Unread";
	case 2:
		return "Starred";
	}
	sf = &ui->feeds.f.v[i - FEEDS_FIXED];
	if (sf->title_override != NULL)
		return sf->title_override;
	return sf->title != NULL ? sf->title : sf->url;
}

/* Draw the feeds into the list's region. */
void
pane_feeds_draw(struct ui *ui)
{
	struct feeds_pane	*fp = &ui->feeds;
	struct region		*r = &ui->r_list;
	struct layout		 lay;
	struct para_opts	 o;
	const char		*name;
	char			 counts[64];
	size_t			 i, unread, total;
	attr_t			 a;
	int			 y, cw, nw;

	memset(&lay, 0, sizeof lay);
	if (fp->cur < fp->top)
		fp->top = fp->cur;
	if (r->h > 0 && fp->cur >= fp->top + (size_t)r->h)
		fp->top = fp->cur - (size_t)r->h + 1;
	for (y = 0; y < r->h; y++) {
		i = fp->top + (size_t)y;
		draw_fill(r->y + y, r->x, r->w, ui->attr[TH_NORMAL]);
		if (i >= fp->nnames)
			continue;
		if (i == 0) {
			unread = fp->unread;
			total = fp->total;
		} else if (i == 1) {
			unread = total = fp->unread;
		} else if (i == 2) {
			unread = 0;
			total = fp->starred;
		} else {
			unread = fp->f.v[i - FEEDS_FIXED].unread;
			total = fp->f.v[i - FEEDS_FIXED].total;
		}
		a = i == fp->cur ? ui->attr[TH_SELECTED] : unread > 0 ?
		    ui->attr[TH_UNREAD] : ui->attr[TH_NORMAL];
		draw_fill(r->y + y, r->x, r->w, a);
		snprintf(counts, sizeof counts, "(%zu/%zu)", unread, total);
		cw = (int)strlen(counts);
		nw = r->w - cw - 4;
		draw_text(ui, r->y + y, ui->rtl ? r->x + 1 : r->x + r->w - cw - 1,
		    cw, counts, a, TEXT_DIR_LTR, 0);
		if (fp->names[i] == NULL) {
			name = pane_feeds_name(ui, i);
			o = ui_para_opts(ui, TEXT_DIR_AUTO);
			fp->names[i] = para_new(name, strlen(name), NULL, &o);
		}
		if (nw > 0)
			draw_para(r->y + y, ui->rtl ? r->x + cw + 3 : r->x + 1,
			    nw, fp->names[i], &lay, a, NULL, 0);
	}
	layout_free(&lay);
}

/* Move the cursor by delta. */
int
pane_feeds_move(struct ui *ui, long delta)
{
	struct feeds_pane	*fp = &ui->feeds;
	long			 c = (long)fp->cur + delta;

	if (fp->nnames == 0)
		return 0;
	if (c < 0)
		c = 0;
	if ((size_t)c >= fp->nnames)
		c = (long)fp->nnames - 1;
	fp->cur = (size_t)c;
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

/* Show the headlines of the entry under the cursor. */
int
pane_feeds_open(struct ui *ui)
{
	struct feeds_pane	*fp = &ui->feeds;
	struct store_filter	 f;

	if (fp->nnames == 0)
		return 0;
	memset(&f, 0, sizeof f);
	if (fp->cur == 1)
		f.unread = 1;
	else if (fp->cur == 2)
		f.starred = 1;
	else if (fp->cur >= FEEDS_FIXED)
		f.feed_id = fp->f.v[fp->cur - FEEDS_FIXED].id;
	list_set(ui, &f, pane_feeds_name(ui, fp->cur));
	ui->feeds_view = 0;
	ui->from_feeds = 1;
	ui->focus = PANE_LIST;
	return UI_REDRAW_ALL;
}

void
pane_feeds_free(struct ui *ui)
{
	pane_feeds_drop_names(&ui->feeds);
	store_feeds_free(&ui->feeds.f);
}
