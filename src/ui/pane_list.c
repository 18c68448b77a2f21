/* khabar - ISC licence, see LICENSE. */
/*
 * The headline list.  Only a window of rows around the screen is read from
 * the cache (store_items_query with an offset and a limit), three screens'
 * worth, and read again when the cursor leaves it; the title and feed name
 * of a row are analysed by the layout engine the first time the row is
 * drawn and wrapped again, without analysis, when the width changes.
 * A row is: marks, date, feed, title, from the start side of the interface
 * (left, or right when mirrored); each title keeps its own direction, so an
 * Arabic title is right-aligned in its column.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "store/items.h"
#include "ui/ui.h"
#include "util/xmalloc.h"

#define LIST_MIN_WINDOW	64
#define LIST_SCAN_PAGE	500

static void	list_drop_rows(struct list *);
static size_t	list_window(const struct ui *);
static int	list_fetch(struct ui *, size_t, size_t);
static int	list_col_x(const struct ui *, int, int);
static void	list_draw_row(struct ui *, int, size_t, struct layout *);

void
list_init(struct ui *ui)
{
	memset(&ui->list, 0, sizeof ui->list);
}

static void
list_drop_rows(struct list *l)
{
	size_t	i;

	for (i = 0; i < l->rows.n; i++) {
		if (l->titles != NULL)
			para_free(l->titles[i]);
		if (l->feeds != NULL)
			para_free(l->feeds[i]);
	}
	free(l->titles);
	free(l->feeds);
	l->titles = l->feeds = NULL;
	store_rows_free(&l->rows);
	l->off = 0;
}

/* Forget the analysed titles (the bidi mode changed). */
void
list_forget_paras(struct ui *ui)
{
	struct list	*l = &ui->list;
	size_t		 i;

	for (i = 0; i < l->rows.n; i++) {
		para_free(l->titles[i]);
		para_free(l->feeds[i]);
		l->titles[i] = l->feeds[i] = NULL;
	}
}

/* Show the items that match filter, under name; the cursor goes to the top. */
void
list_set(struct ui *ui, const struct store_filter *f, const char *name)
{
	struct list	*l = &ui->list;

	list_drop_rows(l);
	free(l->search);
	free(l->name);
	l->filter = *f;
	l->search = f->search != NULL ? xstrdup(f->search) : NULL;
	l->filter.search = l->search;
	l->name = xstrdup(name);
	l->cur = l->top = 0;
	l->shown = 0;
	list_reload(ui, 0);
}

/*
 * Read the items again, keeping the cursor if keep.  Only the window
 * around the cursor is read: counting every match costs as much as the
 * whole first paint on a big cache, so list_count() does it after that.
 * From the top, the window is one screen and a row: each row read is a
 * page of the items table, and the first paint waits for them; moving
 * past it reads the usual window.
 */
void
list_reload(struct ui *ui, int keep)
{
	struct list	*l = &ui->list;
	size_t		 want = keep ? l->cur : 0, n;

	list_drop_rows(l);
	if (!keep)
		l->cur = l->top = 0;
	if (keep)
		n = list_window(ui);
	else
		n = (ui->r_list.h > 0 ? (size_t)ui->r_list.h : LINES > 1 ?
		    (size_t)LINES - 1 : 24) + 1;
	l->total = 0;
	l->counted = 0;
	if (list_fetch(ui, want, n) == -1) {
		l->counted = 1;
	} else {
		l->total = l->off + l->rows.n;
		/* A short window reached the end: the count is exact. */
		if (l->rows.n < n)
			l->counted = 1;
	}
	if (l->counted)
		list_count(ui);
}

/* Count the items if not yet done; clamp the cursor.  The redraw mask. */
int
list_count(struct ui *ui)
{
	struct list	*l = &ui->list;
	char		*cause = NULL;
	size_t		 n;

	if (!l->counted) {
		l->counted = 1;
		if (store_count(ui->st, &l->filter, &n, &cause) == -1) {
			ui_message(ui, 1, "%s", cause);
			free(cause);
		} else
			l->total = n;
	}
	if (l->total == 0)
		l->cur = l->top = 0;
	else if (l->cur >= l->total)
		l->cur = l->total - 1;
	if (l->top > l->cur)
		l->top = l->cur;
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

/* The rows read around the cursor: three screens' worth. */
static size_t
list_window(const struct ui *ui)
{
	size_t	h = ui->r_list.h > 0 ? (size_t)ui->r_list.h : 24;

	return 3 * h < LIST_MIN_WINDOW ? LIST_MIN_WINDOW : 3 * h;
}

/* Read n rows around item i. */
static int
list_fetch(struct ui *ui, size_t i, size_t n)
{
	struct list	*l = &ui->list;
	char		*cause = NULL;

	list_drop_rows(l);
	l->off = i > n / 3 ? i - n / 3 : 0;
	if (store_items_query(ui->st, &l->filter, l->off, n, &l->rows,
	    &cause) == -1) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return -1;
	}
	l->titles = xcalloc(l->rows.n + 1, sizeof *l->titles);
	l->feeds = xcalloc(l->rows.n + 1, sizeof *l->feeds);
	return 0;
}

/* Row i of the list, or NULL past the end. */
struct store_row *
list_row(struct ui *ui, size_t i)
{
	struct list	*l = &ui->list;

	if (i >= l->total)
		return NULL;
	if (i < l->off || i >= l->off + l->rows.n || l->rows.v == NULL) {
		if (list_fetch(ui, i, list_window(ui)) == -1)
			return NULL;
		if (i >= l->off + l->rows.n)
			return NULL;
	}
	return &l->rows.v[i - l->off];
}

/* The screen column of a column that starts at start cells from the start side. */
static int
list_col_x(const struct ui *ui, int start, int w)
{
	const struct region	*r = &ui->r_list;

	return ui->rtl ? r->x + r->w - start - w : r->x + start;
}

static void
list_draw_row(struct ui *ui, int y, size_t i, struct layout *lay)
{
	struct list		*l = &ui->list;
	struct region		*r = &ui->r_list;
	struct store_row	*row;
	struct para_opts	 o;
	char			 marks[4], date[64];
	const char		*t;
	attr_t			 base, a;
	size_t			 k;
	int			 sel, start, dw, fw, tw;

	draw_fill(r->y + y, r->x, r->w, ui->attr[TH_NORMAL]);
	if ((row = list_row(ui, i)) == NULL)
		return;
	k = i - l->off;
	sel = i == l->cur;
	base = sel ? ui->attr[TH_SELECTED] : row->unread ?
	    ui->attr[TH_UNREAD] : ui->attr[TH_NORMAL];
	if (sel)
		draw_fill(r->y + y, r->x, r->w, base);
	marks[0] = row->unread ? 'N' : ' ';
	marks[1] = row->starred ? '*' : ' ';
	marks[2] = '\0';
	draw_text(ui, r->y + y, list_col_x(ui, 1, 2), 2, marks,
	    sel ? base : ui->attr[TH_MARK], TEXT_DIR_LTR, 0);
	start = 4;
	ui_strftime(date, sizeof date, ui->cfg->date_format, row->date);
	dw = ui->cfg->date_format[0] != '\0' ? 6 : 0;
	{
		wchar_t	wb[64];
		size_t	n = mbstowcs(wb, date, 63);

		if (n != (size_t)-1) {
			wb[n] = 0;
			if (wcswidth(wb, 63) > 0)
				dw = wcswidth(wb, 63);
		}
	}
	if (dw > 16)
		dw = 16;
	if (dw > 0 && r->w > 30) {
		draw_text(ui, r->y + y, list_col_x(ui, start, dw), dw, date,
		    sel ? base : ui->attr[TH_DATE], TEXT_DIR_LTR, 0);
		start += dw + 2;
	}
	fw = 0;
	if (l->filter.feed_id == 0 && r->w >= 60)
		fw = r->w / 5 > 20 ? 20 : r->w / 5;
	if (fw > 0) {
		if (l->feeds[k] == NULL) {
			o = ui_para_opts(ui, TEXT_DIR_AUTO);
			t = row->feed_title != NULL ? row->feed_title : "";
			l->feeds[k] = para_new(t, strlen(t), NULL, &o);
		}
		draw_para(r->y + y, list_col_x(ui, start, fw), fw, l->feeds[k],
		    lay, sel ? base : ui->attr[TH_FEED], NULL, 0);
		start += fw + 1;
	}
	tw = r->w - start - 1;
	if (tw <= 0)
		return;
	if (l->titles[k] == NULL) {
		o = ui_para_opts(ui, TEXT_DIR_AUTO);
		t = row->title != NULL && row->title[0] != '\0' ? row->title :
		    "(no title)";
		l->titles[k] = para_new(t, strlen(t), NULL, &o);
	}
	a = base;
	draw_para(r->y + y, list_col_x(ui, start, tw), tw, l->titles[k], lay,
	    a, NULL, 0);
}

/* Draw the list into its region. */
void
list_draw(struct ui *ui)
{
	struct list	*l = &ui->list;
	struct layout	 lay;
	int		 y;

	memset(&lay, 0, sizeof lay);
	if (l->total == 0) {
		for (y = 0; y < ui->r_list.h; y++)
			draw_fill(ui->r_list.y + y, ui->r_list.x, ui->r_list.w,
			    ui->attr[TH_NORMAL]);
		if (ui->r_list.h > 0)
			draw_text(ui, ui->r_list.y, ui->r_list.x + 1,
			    ui->r_list.w - 2, l->filter.search != NULL ?
			    "No match." : "No articles here yet: press R "
			    "to refresh.", ui->attr[TH_NORMAL],
			    ui->rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR, 0);
		return;
	}
	for (y = 0; y < ui->r_list.h; y++)
		list_draw_row(ui, y, l->top + (size_t)y, &lay);
	layout_free(&lay);
}

/* Move the cursor by delta (clamped); the redraw mask. */
int
list_move(struct ui *ui, long delta)
{
	struct list	*l = &ui->list;
	long		 c = (long)l->cur + delta;
	size_t		 h = ui->r_list.h > 0 ? (size_t)ui->r_list.h : 1;

	if (l->total == 0)
		return 0;
	if (c < 0)
		c = 0;
	if ((size_t)c >= l->total)
		c = (long)l->total - 1;
	if ((size_t)c == l->cur)
		return 0;
	l->cur = (size_t)c;
	if (l->cur < l->top)
		l->top = l->cur;
	else if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

/*
 * Move the cursor to the next (dir 1) or previous (dir -1) unread item;
 * 0 if there is none.  Far-away rows are read in big pages of their own.
 */
int
list_find_unread(struct ui *ui, int dir)
{
	struct list		*l = &ui->list;
	struct store_rows	 rows = { 0 };
	size_t			 i, off, k;
	char			*cause = NULL;
	int			 found = -1;

	if (l->total == 0)
		return 0;
	i = l->cur;
	while (found == -1) {
		if (dir > 0 && i + 1 >= l->total)
			break;
		if (dir < 0 && i == 0)
			break;
		off = dir > 0 ? i + 1 : (i > LIST_SCAN_PAGE ? i -
		    LIST_SCAN_PAGE : 0);
		store_rows_free(&rows);
		if (store_items_query(ui->st, &l->filter, off, dir > 0 ?
		    LIST_SCAN_PAGE : i - off, &rows, &cause) == -1) {
			ui_message(ui, 1, "%s", cause);
			free(cause);
			break;
		}
		if (rows.n == 0)
			break;
		for (k = 0; k < rows.n; k++) {
			size_t	j = dir > 0 ? k : rows.n - 1 - k;

			if (rows.v[j].unread) {
				found = (int)1;
				i = off + j;
				break;
			}
		}
		if (found == -1)
			i = dir > 0 ? off + rows.n - 1 : off;
	}
	store_rows_free(&rows);
	if (found == -1)
		return 0;
	list_move(ui, (long)i - (long)l->cur);
	return 1;
}

void
list_free(struct ui *ui)
{
	list_drop_rows(&ui->list);
	free(ui->list.name);
	free(ui->list.search);
	memset(&ui->list, 0, sizeof ui->list);
}
