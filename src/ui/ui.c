/* khabar - ISC licence, see LICENSE. */
/*
 * The loop and the commands.  Each pass waits in poll(2) on the terminal
 * and on the fetcher's descriptors, reads every key that is waiting, runs
 * the command bound to each (a command returns what must be redrawn), and
 * then draws once: the panes named in the mask are drawn into stdscr and
 * refresh() sends the cells that differ from the screen, nothing more; the
 * screen is never cleared, except on C-l.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config/feeds.h"
#include "config/paths.h"
#include "feed/feed.h"
#include "feed/url.h"
#include "html/artjson.h"
#include "html/extract.h"
#include "net/fetch.h"
#include "store/fulltext.h"
#include "store/search.h"
#include "ui/keys.h"
#include "ui/ui.h"
#include "util/trace.h"
#include "util/xmalloc.h"

#define UI_MAX_FDS	64
#define UI_PROMPT_MAX	256

static void	ui_geometry(struct ui *);
static void	ui_draw(struct ui *, int);
static void	ui_draw_status(struct ui *);
static void	ui_draw_sep(struct ui *);
static int	ui_key(struct ui *, int);
static int	ui_prompt_key(struct ui *, int);
static int	ui_mouse(struct ui *);
static int	ui_translate(int, wint_t);
static int	ui_split(const struct ui *);
static void	ui_sync_preview(struct ui *);
static int	ui_follow(struct ui *, int);
static void	ui_fetch_done(void *, struct fetch_result *);
static const char *ui_link(struct ui *, int);
static char	*ui_link_clean(const char *);
static int	ui_rtl_locale(void);
static void	ui_reanalyse(struct ui *);
static int	ui_run_browser(struct ui *, const char *);
static void	ui_start_view(struct ui *);
static void	ui_config_warn(void *, const char *);
static struct doc *ui_item_doc(struct ui *, const struct store_item *);
static int	ui_full_start(struct ui *, struct doc *, int);
static void	ui_full_done(void *, struct fetch_result *);

/* The paragraph options for the current bidi mode and shaping. */
struct para_opts
ui_para_opts(const struct ui *ui, enum text_dir dir)
{
	struct para_opts	o = para_opts_default;

	o.dir = dir;
	o.fallback = ui->rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR;
	o.shape = ui->bidi == CONFIG_BIDI_APP && ui->shape;
	o.reorder = ui->bidi == CONFIG_BIDI_APP;
	return o;
}

/* Show a message (error: in the error colour) in the status bar. */
void
ui_message(struct ui *ui, int error, const char *fmt, ...)
{
	va_list	ap;

	free(ui->msg);
	va_start(ap, fmt);
	if (vasprintf(&ui->msg, fmt, ap) == -1)
		ui->msg = NULL;
	va_end(ap);
	ui->msg_error = error;
	ui->pending |= UI_REDRAW_STATUS;
}

/*
 * Format t in local time with a format from the configuration; an empty
 * string when there is no date.  The format is the user's, hence the
 * pragma: strftime cannot print past the buffer whatever it says.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
size_t
ui_strftime(char *buf, size_t len, const char *fmt, int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	size_t		n;

	buf[0] = '\0';
	if (t == FEED_NO_DATE || localtime_r(&tt, &tm) == NULL)
		return 0;
	if ((n = strftime(buf, len, fmt, &tm)) == 0)
		buf[0] = '\0';
	return n;
}
#pragma GCC diagnostic pop

/* The interface is mirrored for right-to-left languages. */
static int
ui_rtl_locale(void)
{
	static const char *const rtl[] = { "ar", "fa", "ur", "he", "iw", "yi",
		"ps", "sd", "ckb", "dv", "ug", "syr" };
	const char	*vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" }, *v;
	size_t		 i, n;

	for (i = 0; i < 3; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			break;
	if (i == 3)
		return 0;
	n = strcspn(v, "_.@");
	for (i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
		if (strlen(rtl[i]) == n && strncmp(v, rtl[i], n) == 0)
			return 1;
	return 0;
}

static int
ui_split(const struct ui *ui)
{
	return ui->eff == CONFIG_LAYOUT_VERTICAL ||
	    ui->eff == CONFIG_LAYOUT_HORIZONTAL;
}

/* Work out where each pane goes. */
static void
ui_geometry(struct ui *ui)
{
	int	h = LINES - 1, w = COLS, lw, lh;

	if (h < 1)
		h = 1;
	ui->eff = ui->layout;
	if (ui->eff == CONFIG_LAYOUT_AUTO)
		ui->eff = w >= 120 ? CONFIG_LAYOUT_VERTICAL :
		    CONFIG_LAYOUT_SINGLE;
	ui->r_status = (struct region){ LINES - 1, 0, 1, w };
	ui->r_sep = (struct region){ 0, 0, 0, 0 };
	ui->show_list = ui->show_art = 1;
	switch (ui->eff) {
	case CONFIG_LAYOUT_VERTICAL:
		lw = w * ui->cfg->list_width / 100;
		ui->sep_vertical = 1;
		if (!ui->rtl) {
			ui->r_list = (struct region){ 0, 0, h, lw };
			ui->r_sep = (struct region){ 0, lw, h, 1 };
			ui->r_art = (struct region){ 0, lw + 1, h, w - lw - 1 };
		} else {
			ui->r_art = (struct region){ 0, 0, h, w - lw - 1 };
			ui->r_sep = (struct region){ 0, w - lw - 1, h, 1 };
			ui->r_list = (struct region){ 0, w - lw, h, lw };
		}
		break;
	case CONFIG_LAYOUT_HORIZONTAL:
		lh = h * 2 / 5;
		if (lh < 3)
			lh = h > 3 ? 3 : 1;
		ui->sep_vertical = 0;
		ui->r_list = (struct region){ 0, 0, lh, w };
		ui->r_sep = (struct region){ lh, 0, 1, w };
		ui->r_art = (struct region){ lh + 1, 0, h - lh - 1, w };
		break;
	default:
		ui->r_list = (struct region){ 0, 0, h, w };
		ui->r_art = (struct region){ 0, 0, h, w };
		if (ui->focus == PANE_ARTICLE && !ui->feeds_view)
			ui->show_list = 0;
		else
			ui->show_art = 0;
		break;
	}
}

static void
ui_draw_sep(struct ui *ui)
{
	static const wchar_t	 v[] = { 0x2502, 0 }, hz[] = { 0x2500, 0 };
	struct region		*r = &ui->r_sep;
	cchar_t			 cc;
	int			 i;

	setcchar(&cc, ui->sep_vertical ? v : hz, ui->attr[TH_BORDER] &
	    ~A_COLOR, (short)PAIR_NUMBER(ui->attr[TH_BORDER]), NULL);
	for (i = 0; i < (ui->sep_vertical ? r->h : r->w); i++) {
		if (ui->sep_vertical)
			mvadd_wch(r->y + i, r->x, &cc);
		else
			mvadd_wch(r->y, r->x + i, &cc);
	}
}

/* Draw left (the context) and right (messages) parts of the status bar. */
static void
ui_draw_status(struct ui *ui)
{
	struct region	*r = &ui->r_status;
	struct buf	 what = { 0 }, pos = { 0 }, right = { 0 };
	struct doc	*d = article_doc(ui);
	attr_t		 a = ui->attr[TH_STATUS], ra = a;
	int		 pw, lw, cols, side;

	draw_fill(r->y, r->x, r->w, a);
	if (ui->prompt != 0) {
		draw_fill(r->y, r->x, r->w, ui->attr[TH_PROMPT]);
		buf_printf(&what, "%s%s", ui->prompt == '/' ? "Search: " :
		    "Follow link: ", ui->input.data != NULL ? ui->input.data :
		    "");
		draw_text(ui, r->y, r->x, r->w - 1, what.data,
		    ui->attr[TH_PROMPT], TEXT_DIR_AUTO, DRAW_LEFT);
		buf_free(&what);
		return;
	}
	if (ui->feeds_view)
		buf_printf(&what, "Feeds: %zu unread of %zu", ui->feeds.unread,
		    ui->feeds.total);
	else if (ui->focus == PANE_ARTICLE && d != NULL) {
		buf_adds(&what, d->title);
		if (d->nlines > 0)
			buf_printf(&pos, "%zu%%", d->nlines <=
			    (size_t)ui->r_art.h ? 100 : (d->top +
			    (size_t)ui->r_art.h) * 100 / d->nlines);
	} else {
		buf_adds(&what, ui->list.name != NULL ? ui->list.name : "");
		buf_printf(&pos, "%zu/%zu%s", ui->list.total > 0 ?
		    ui->list.cur + 1 : 0, ui->list.total, ui->list.counted ?
		    "" : "+");
	}
	if (ui->count > 0)
		buf_printf(&pos, " [%d]", ui->count);
	if (ui->bidi != CONFIG_BIDI_APP)
		buf_printf(&pos, " bidi:%s", config_value_name("bidi",
		    ui->bidi));
	if (ui->fetching)
		buf_adds(&right, "fetching\xe2\x80\xa6 ");
	if (ui->full_id != 0)
		buf_adds(&right, "fetching full article\xe2\x80\xa6 ");
	if (ui->refresh_total > 0)
		buf_printf(&right, "refresh %zu/%zu ", ui->refresh_done,
		    ui->refresh_total);
	if (ui->msg != NULL) {
		buf_adds(&right, ui->msg);
		if (ui->msg_error)
			ra = ui->attr[TH_ERROR];
	} else if (right.len == 0)
		buf_adds(&right, "? help");
	/*
	 * Three parts, each laid out alone so that an Arabic title cannot
	 * pull the numbers after it into its run: the title, the position,
	 * then the message against the far side.
	 */
	side = ui->rtl ? DRAW_RIGHT : DRAW_LEFT;
	draw_text(ui, r->y, ui->rtl ? r->x + 1 : r->x + r->w / 2, r->w / 2 - 1,
	    right.data, ra, TEXT_DIR_AUTO, ui->rtl ? DRAW_LEFT : DRAW_RIGHT);
	pw = pos.len > 0 ? (int)pos.len + 2 : 0;
	lw = r->w - r->w / 2 - 3 - pw;
	cols = draw_text(ui, r->y, ui->rtl ? r->x + r->w - 1 - lw : r->x + 1,
	    lw, what.data, a, TEXT_DIR_AUTO, side);
	if (pw > 0) {
		buf_reset(&right);
		buf_printf(&right, "\xc2\xb7 %s", pos.data);
		draw_text(ui, r->y, ui->rtl ? r->x + r->w - 2 - cols - pw :
		    r->x + 2 + cols, pw, right.data, a, TEXT_DIR_LTR, side);
	}
	buf_free(&what);
	buf_free(&pos);
	buf_free(&right);
}

/* In a split layout the article pane previews the headline under the cursor. */
static void
ui_sync_preview(struct ui *ui)
{
	struct store_row	*row;

	if (!ui_split(ui) || ui->feeds_view || ui->focus != PANE_LIST)
		return;
	if ((row = list_row(ui, ui->list.cur)) == NULL) {
		if (ui->list.shown != 0) {
			article_set(ui, NULL);
			ui->pending |= UI_REDRAW_ARTICLE;
		}
		ui->list.shown = 0;
		return;
	}
	if (row->id != ui->list.shown)
		ui->pending |= ui_open_current(ui, 0);
}

static void
ui_draw(struct ui *ui, int mask)
{
	if (mask & UI_REDRAW_LAYOUT) {
		ui_geometry(ui);
		mask |= UI_REDRAW_ALL;
	}
	ui_sync_preview(ui);
	mask |= ui->pending;
	ui->pending = 0;
	if ((mask & UI_REDRAW_LIST) && ui->show_list) {
		if (ui->feeds_view)
			pane_feeds_draw(ui);
		else
			list_draw(ui);
	}
	if ((mask & UI_REDRAW_LAYOUT) && ui->r_sep.w > 0)
		ui_draw_sep(ui);
	if ((mask & UI_REDRAW_ARTICLE) && ui->show_art)
		article_draw(ui);
	if (mask & (UI_REDRAW_STATUS | UI_REDRAW_LIST | UI_REDRAW_ARTICLE))
		ui_draw_status(ui);
	refresh();
}

/*
 * Open the headline under the cursor in the article pane; focus moves to
 * it (and the item is marked read) when focus is set.
 */
int
ui_open_current(struct ui *ui, int focus)
{
	struct store_row	*row;
	struct store_item	*si = NULL;
	char			*cause = NULL;
	int			 rc;

	if ((row = list_row(ui, ui->list.cur)) == NULL)
		return 0;
	if (row->id != ui->list.shown || article_doc(ui) == NULL ||
	    ui->nhist > 1 || article_doc(ui)->item_id != row->id) {
		rc = store_item_get(ui->st, row->id, &si, &cause);
		if (rc != 1) {
			ui_message(ui, 1, "%s", rc == 0 ? "the item is gone" :
			    cause);
			free(cause);
			return UI_REDRAW_STATUS;
		}
		article_set(ui, ui_item_doc(ui, si));
		store_item_free(si);
		ui->list.shown = row->id;
	}
	if (focus) {
		if (row->unread && store_mark_read(ui->st, STORE_ITEM, row->id,
		    1, &cause) == 0)
			row->unread = 0;
		free(cause);
		ui->focus = PANE_ARTICLE;
		if (article_doc(ui)->want_full)
			ui_full_start(ui, article_doc(ui), 0);
		return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
	}
	return UI_REDRAW_ARTICLE | UI_REDRAW_STATUS;
}

/* Re-analyse everything on screen after a change of bidi or shaping. */
static void
ui_reanalyse(struct ui *ui)
{
	size_t	i;

	list_forget_paras(ui);
	for (i = 0; i < ui->feeds.nnames; i++) {
		para_free(ui->feeds.names[i]);
		ui->feeds.names[i] = NULL;
	}
	for (i = 0; i < ui->nhist; i++)
		doc_reanalyse(ui, ui->hist[i]);
	term_bdsm(ui->bidi != CONFIG_BIDI_TERMINAL);
}

/* The URL of link n of the document, or its own URL when n is 0. */
static const char *
ui_link(struct ui *ui, int n)
{
	struct doc	*d = article_doc(ui);

	if (d == NULL)
		return NULL;
	if (n <= 0)
		return d->url;
	if ((size_t)n > d->nlinks) {
		ui_message(ui, 1, "no link %d (the article has %zu)", n,
		    d->nlinks);
		return NULL;
	}
	return d->links[n - 1].url;
}

/*
 * A copy of a link with its control characters (C0, DEL, C1) percent-encoded,
 * as a browser sends them: a link from a feed must not put escape sequences
 * on the clipboard, from where a paste would take them to a terminal.
 */
static char *
ui_link_clean(const char *url)
{
	struct buf		 b = { 0 };
	const unsigned char	*p;

	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7F)
			buf_printf(&b, "%%%02X", *p);
		else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			buf_printf(&b, "%%C2%%%02X", *++p);
		else
			buf_addc(&b, (char)*p);
	}
	return buf_detach(&b, NULL);
}

/* Whether a file: link may be followed: only from a feed read from a file. */
static int
ui_local(struct ui *ui, struct doc *d)
{
	size_t	i;

	if (d->local != -1)
		return d->local;
	d->local = 0;
	if (ui->feeds.f.v == NULL)
		pane_feeds_load(ui);
	for (i = 0; i < ui->feeds.f.n; i++)
		if (ui->feeds.f.v[i].id == d->feed_id)
			d->local = strncmp(ui->feeds.f.v[i].url, "file:", 5) ==
			    0;
	return d->local;
}

static void
ui_fetch_done(void *arg, struct fetch_result *res)
{
	struct ui	*ui = arg;
	struct doc	*d = article_doc(ui), *nd;
	char		*cause = NULL;
	const char	*url = res->final_url != NULL ? res->final_url :
			    res->url;

	if (!ui->fetching)
		return;		/* cancelled */
	ui->fetching = 0;
	if (res->status != FETCH_OK) {
		ui_message(ui, 1, "%s", res->message != NULL ? res->message :
		    fetch_status_name(res->status));
		return;
	}
	nd = doc_from_page(ui, res->body.data != NULL ? res->body.data : "",
	    res->body.len, url, res->charset, d != NULL ? d->local > 0 ||
	    strncmp(url, "file:", 5) == 0 : 0, &cause);
	if (nd == NULL) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	article_push(ui, nd);
	ui->focus = PANE_ARTICLE;
	free(ui->msg);
	ui->msg = NULL;
	ui->pending |= UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
}

/* Follow link n inside khabar: fetch the page and show it. */
static int
ui_follow(struct ui *ui, int n)
{
	struct fetch_req	 req;
	struct doc		*d = article_doc(ui);
	const char		*url;

	if (d == NULL || (url = ui_link(ui, n)) == NULL)
		return UI_REDRAW_STATUS;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0 &&
	    !(strncasecmp(url, "file:", 5) == 0 && ui_local(ui, d))) {
		ui_message(ui, 1, "not following link %d: only http and https",
		    n);
		return UI_REDRAW_STATUS;
	}
	if (ui->fetcher == NULL)
		ui->fetcher = fetcher_new(NULL);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.done = ui_fetch_done;
	req.arg = ui;
	ui->fetching = 1;
	fetcher_add(ui->fetcher, &req);
	return UI_REDRAW_STATUS;
}

/* ---- The full article: fetched from the item's link, kept in the cache. ---- */

/* What a full-article fetch needs to know when it ends. */
struct ui_full {
	struct ui	*ui;
	int64_t		 id;
};

/* The number of characters of the item's text, without markup. */
static size_t
ui_item_chars(const struct item *it)
{
	struct html_doc	*h;
	const char	*body, *p;
	char		*text = NULL;
	size_t		 n = 0;

	body = it->content != NULL && *it->content != '\0' ? it->content :
	    it->summary;
	if (body == NULL)
		return 0;
	if ((body == it->content ? it->content_type : it->summary_type) !=
	    FEED_TYPE_TEXT && (h = html_parse(body, strlen(body), NULL,
	    "UTF-8")) != NULL) {
		body = text = extract_text(h);
		html_doc_free(h);
	}
	for (p = body; *p != '\0'; p++)
		if ((*p & 0xC0) != 0x80 && *p != ' ' && *p != '\n')
			n++;
	free(text);
	return n;
}

/* Whether the feed of the item has the tag. */
static int
ui_feed_tagged(struct ui *ui, int64_t feed_id, const char *tag)
{
	const char	*cause;
	char		*copy, *argv[64];
	size_t		 i;
	int		 argc, k, found = 0;

	if (ui->feeds.f.v == NULL)
		pane_feeds_load(ui);
	for (i = 0; i < ui->feeds.f.n; i++) {
		if (ui->feeds.f.v[i].id != feed_id ||
		    ui->feeds.f.v[i].tags == NULL)
			continue;
		copy = xstrdup(ui->feeds.f.v[i].tags);
		argc = config_split(copy, argv, 64, &cause);
		for (k = 0; k < argc; k++)
			if (strcmp(argv[k], tag) == 0)
				found = 1;
		free(copy);
	}
	return found;
}

/*
 * The document of an item: its stored full article if it has one, else
 * the feed's text; want_full says whether opening it should fetch the full
 * article (a short text, or a feed tagged full-article).
 */
static struct doc *
ui_item_doc(struct ui *ui, const struct store_item *si)
{
	struct store_fulltext	 ft;
	struct extract		*ex = NULL;
	struct doc		*d;
	char			*cause = NULL;
	int			 th = ui->cfg->full_article_threshold;

	if (store_fulltext_get(ui->st, si->id, &ft, &cause) == 1 &&
	    (ex = artjson_decode(ft.article, &cause)) != NULL) {
		d = doc_from_fulltext(ui, si, ex, ft.url, ft.fetched_at);
		d->full = 1;
	} else {
		if (cause != NULL)
			ui_message(ui, 1, "%s", cause);
		d = doc_from_item(ui, si);
		d->want_full = (th > 0 && ui_item_chars(&si->item) <
		    (size_t)th) || ui_feed_tagged(ui, si->feed_id,
		    "full-article");
	}
	extract_free(ex);
	store_fulltext_clear(&ft);
	free(cause);
	return d;
}

/*
 * Fetch the full article of the item document d in the background; manual
 * says x asked (fetch again, say why not), else it is the automatic fetch
 * on opening, done once per item per session.
 */
static int
ui_full_start(struct ui *ui, struct doc *d, int manual)
{
	struct fetch_req	 req;
	struct ui_full		*f;
	const char		*url = d->url;
	size_t			 i;

	for (i = 0; i < ui->nfull_tried; i++)
		if (ui->full_tried[i] == d->item_id && !manual)
			return 0;
	if (ui->full_id == d->item_id)
		return 0;
	ui->full_tried = xreallocarray(ui->full_tried, ui->nfull_tried + 1,
	    sizeof *ui->full_tried);
	ui->full_tried[ui->nfull_tried++] = d->item_id;
	if (url == NULL || (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0 &&
	    !(strncasecmp(url, "file:", 5) == 0 && ui_local(ui, d)))) {
		if (manual)
			ui_message(ui, 1, "no full article: %s", url == NULL ?
			    "the article has no link" :
			    "only http and https links");
		return UI_REDRAW_STATUS;
	}
	if (ui->fetcher == NULL)
		ui->fetcher = fetcher_new(NULL);
	f = xmalloc(sizeof *f);
	f->ui = ui;
	f->id = d->item_id;
	memset(&req, 0, sizeof req);
	req.url = url;
	req.done = ui_full_done;
	req.arg = f;
	ui->full_id = d->item_id;
	fetcher_add(ui->fetcher, &req);
	ui->pending |= UI_REDRAW_STATUS;
	return UI_REDRAW_STATUS;
}

/* Extract the page, store the article, show it if the item is on screen. */
static void
ui_full_done(void *arg, struct fetch_result *res)
{
	struct ui_full		*f = arg;
	struct ui		*ui = f->ui;
	struct store_item	*si = NULL;
	struct extract		*ex = NULL;
	struct doc		*d;
	char			*cause = NULL, *json = NULL;
	const char		*url = res->final_url != NULL ?
				    res->final_url : res->url;
	int64_t			 id = f->id;

	free(f);
	if (res->status == FETCH_ERR_CANCELLED || id != ui->full_id)
		return;		/* cancelled, or another took its place */
	ui->full_id = 0;
	ui->pending |= UI_REDRAW_STATUS;
	if (res->status != FETCH_OK) {
		ui_message(ui, 1, "full article: %s", res->message != NULL ?
		    res->message : fetch_status_name(res->status));
		return;
	}
	if ((ex = extract_page(res->body.data != NULL ? res->body.data : "",
	    res->body.len, url, res->charset, &cause)) == NULL ||
	    (json = artjson_encode(ex)) == NULL ||
	    store_fulltext_put(ui->st, id, 0, url, json, &cause) != 0) {
		ui_message(ui, 1, "full article: %s", cause != NULL ? cause :
		    "the page has text that is not UTF-8");
		goto out;
	}
	free(ui->msg);
	ui->msg = NULL;
	d = article_doc(ui);
	if (d == NULL || d->item_id != id ||
	    store_item_get(ui->st, id, &si, NULL) != 1)
		goto out;
	d = ui_item_doc(ui, si);
	doc_free(ui->hist[ui->nhist - 1]);
	ui->hist[ui->nhist - 1] = d;
	if (ui->search != NULL)
		doc_search(ui, d, ui->search);
	ui->pending |= UI_REDRAW_ARTICLE;
out:
	store_item_free(si);
	extract_free(ex);
	free(json);
	free(cause);
}

/*
 * Run the browser on url with fork and execvp, never a shell: $BROWSER
 * (or the browser setting) split into words, the URL as the last argument
 * or in place of %s.
 */
static int
ui_run_browser(struct ui *ui, const char *link)
{
	char		*cmd, *argv[32], *p, *w, *url;
	const char	*b = ui->cfg->browser;
	int		 argc = 0, subst = 0, status;
	pid_t		 pid;

	if (link == NULL || !url_is_safe_scheme(link) ||
	    (strncasecmp(link, "http://", 7) != 0 &&
	    strncasecmp(link, "https://", 8) != 0)) {
		ui_message(ui, 1, "not opening: only http and https links");
		return UI_REDRAW_STATUS;
	}
	/* A terminal browser may print it: no control character goes. */
	url = ui_link_clean(link);
	if (b != NULL)
		cmd = xstrdup(b);
	else if ((b = getenv("BROWSER")) != NULL && *b != '\0')
		cmd = xstrndup(b, strcspn(b, ":"));	/* a list: the first */
	else
		cmd = xstrdup("xdg-open");
	for (p = cmd; argc < 30 && (w = strsep(&p, " \t")) != NULL;) {
		if (*w == '\0')
			continue;
		if (strcmp(w, "%s") == 0) {
			w = url;
			subst = 1;
		}
		argv[argc++] = w;
	}
	if (argc == 0) {
		free(url);
		free(cmd);
		return 0;
	}
	if (!subst)
		argv[argc++] = url;
	argv[argc] = NULL;
	def_prog_mode();
	endwin();
	term_bdsm(0);
	if ((pid = fork()) == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "khabar: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	term_bdsm(ui->bidi != CONFIG_BIDI_TERMINAL);
	reset_prog_mode();
	refresh();
	if (pid == -1)
		ui_message(ui, 1, "fork: %s", strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		ui_message(ui, 1, "cannot run %s", argv[0]);
	free(cmd);
	free(url);
	return UI_REDRAW_ALL;
}

/* ---- Commands. ---- */

static int
ui_focus_article(const struct ui *ui)
{
	return !ui->feeds_view && ui->focus == PANE_ARTICLE &&
	    article_doc((struct ui *)ui) != NULL;
}

int
ui_cmd_next(struct ui *ui, int n)
{
	if (ui->feeds_view)
		return pane_feeds_move(ui, n);
	if (ui_focus_article(ui))
		return article_scroll(ui, n);
	return list_move(ui, n);
}

int
ui_cmd_prev(struct ui *ui, int n)
{
	return ui_cmd_next(ui, -n);
}

int
ui_cmd_page_down(struct ui *ui, int n)
{
	int	h = ui_focus_article(ui) ? ui->r_art.h : ui->r_list.h;

	return ui_cmd_next(ui, n * (h > 2 ? h - 1 : 1));
}

int
ui_cmd_page_up(struct ui *ui, int n)
{
	return ui_cmd_page_down(ui, -n);
}

int
ui_cmd_first(struct ui *ui, int n)
{
	(void)n;
	return ui_cmd_next(ui, -0x3fffffff);
}

int
ui_cmd_last(struct ui *ui, int n)
{
	(void)n;
	return ui_cmd_next(ui, 0x3fffffff);
}

int
ui_cmd_open(struct ui *ui, int n)
{
	if (ui->count > 0)
		return ui_follow(ui, n);
	if (ui->feeds_view)
		return pane_feeds_open(ui);
	if (ui->focus == PANE_LIST)
		return ui_open_current(ui, 1);
	return 0;
}

int
ui_cmd_switch_pane(struct ui *ui, int n)
{
	(void)n;
	if (ui->feeds_view)
		return 0;
	if (ui->focus == PANE_LIST)
		return ui_open_current(ui, 1);
	ui->focus = PANE_LIST;
	return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
}

int
ui_cmd_page(struct ui *ui, int n)
{
	if (!ui_focus_article(ui))
		return ui_cmd_open(ui, n);
	if (article_scroll(ui, ui->r_art.h > 2 ? ui->r_art.h - 1 : 1) != 0)
		return UI_REDRAW_ARTICLE | UI_REDRAW_STATUS;
	if (!list_find_unread(ui, 1)) {
		ui_message(ui, 0, "no more unread articles");
		return UI_REDRAW_STATUS;
	}
	return ui_open_current(ui, 1) | UI_REDRAW_LIST;
}

int
ui_cmd_next_unread(struct ui *ui, int n)
{
	struct doc	*d = article_doc(ui);

	if (ui_focus_article(ui) && ui->search != NULL && d->nhits > 0)
		return ui_cmd_search_next(ui, n);
	if (ui->feeds_view)
		return 0;
	if (!list_find_unread(ui, 1)) {
		ui_message(ui, 0, "no unread article after this one");
		return UI_REDRAW_STATUS;
	}
	if (ui->focus == PANE_ARTICLE)
		return ui_open_current(ui, 1) | UI_REDRAW_LIST;
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

int
ui_cmd_prev_unread(struct ui *ui, int n)
{
	(void)n;
	if (ui->feeds_view)
		return 0;
	if (!list_find_unread(ui, -1)) {
		ui_message(ui, 0, "no unread article before this one");
		return UI_REDRAW_STATUS;
	}
	if (ui->focus == PANE_ARTICLE)
		return ui_open_current(ui, 1) | UI_REDRAW_LIST;
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

int
ui_cmd_toggle_read(struct ui *ui, int n)
{
	struct store_row	*row;
	struct doc		*d = article_doc(ui);
	char			*cause = NULL;

	if (ui_focus_article(ui) && ui->search != NULL && d->nhits > 0)
		return ui_cmd_search_prev(ui, n);
	if (ui->feeds_view || (row = list_row(ui, ui->list.cur)) == NULL)
		return 0;
	if (store_mark_read(ui->st, STORE_ITEM, row->id, row->unread,
	    &cause) == -1) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return UI_REDRAW_STATUS;
	}
	row->unread = !row->unread;
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

int
ui_cmd_star(struct ui *ui, int n)
{
	struct store_row	*row;
	char			*cause = NULL;

	(void)n;
	if (ui->feeds_view || (row = list_row(ui, ui->list.cur)) == NULL)
		return 0;
	if (store_set_starred(ui->st, row->id, !row->starred, &cause) == -1) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return UI_REDRAW_STATUS;
	}
	row->starred = !row->starred;
	ui_message(ui, 0, row->starred ? "starred" : "unstarred");
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

int
ui_cmd_mark_feed_read(struct ui *ui, int n)
{
	struct store_filter	*f = &ui->list.filter;
	char			*cause = NULL;
	int			 rc;

	(void)n;
	if (ui->feeds_view || f->search != NULL || f->starred) {
		ui_message(ui, 1, "A marks a feed, or all articles, read");
		return UI_REDRAW_STATUS;
	}
	if (f->feed_id != 0)
		rc = store_mark_read(ui->st, STORE_FEED, f->feed_id, 1, &cause);
	else
		rc = store_mark_read(ui->st, STORE_ALL, 0, 1, &cause);
	if (rc == -1) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		return UI_REDRAW_STATUS;
	}
	list_reload(ui, 1);
	ui_message(ui, 0, "marked read");
	return UI_REDRAW_LIST | UI_REDRAW_STATUS;
}

static void
ui_refresh_progress(void *arg, const struct refresh_progress *p)
{
	struct ui	*ui = arg;

	ui->refresh_done = p->done;
	ui->refresh_total = p->total;
	ui->pending |= UI_REDRAW_STATUS;
}

static void
ui_refresh_finished(void *arg, struct refresh *r)
{
	struct ui	*ui = arg;

	(void)r;
	ui->refresh_ended = 1;
}

/* Start refreshing the feed at url (NULL: every feed) in the background. */
static int
ui_refresh_start(struct ui *ui, const char *url)
{
	struct feeds_list		 list;
	const struct feeds_entry	*e;
	struct refresh_opts		 opts;
	char				*cause = NULL, *tags;
	size_t				 i;

	if (ui->refresh != NULL) {
		ui_message(ui, 0, "a refresh is running");
		return UI_REDRAW_STATUS;
	}
	memset(&list, 0, sizeof list);
	if (ui->feeds_path == NULL || feeds_load(ui->feeds_path,
	    FEEDS_MISSING_OK, &list, &cause) != 0) {
		ui_message(ui, 1, "%s", cause != NULL ? cause : "no feeds file");
		free(cause);
		return UI_REDRAW_STATUS;
	}
	/* The refresh writes through a connection of its own. */
	if ((ui->refresh_st = store_open(ui->cache_path, &cause)) == NULL) {
		ui_message(ui, 1, "%s", cause);
		free(cause);
		feeds_free(&list);
		return UI_REDRAW_STATUS;
	}
	refresh_opts_default(&opts);
	opts.keep_days = ui->cfg->keep_days;
	opts.keep_per_feed = ui->cfg->keep_per_feed;
	opts.progress = ui_refresh_progress;
	opts.finished = ui_refresh_finished;
	opts.arg = ui;
	ui->refresh = refresh_new(ui->refresh_st, &opts);
	for (i = 0; i < list.n; i++) {
		e = &list.v[i];
		if (url != NULL && strcmp(e->url, url) != 0)
			continue;
		tags = feeds_tags_format(e);
		refresh_add(ui->refresh, e->url, e->title, tags);
		free(tags);
	}
	if (url != NULL && feeds_find(&list, url) == NULL)
		refresh_add(ui->refresh, url, NULL, NULL);
	feeds_free(&list);
	ui->refresh_done = 0;
	ui->refresh_total = refresh_count(ui->refresh);
	ui->refresh_ended = 0;
	if (ui->refresh_total == 0 || refresh_start(ui->refresh, &cause) != 0) {
		ui_message(ui, 1, "%s", cause != NULL ? cause :
		    "no feeds to refresh: add some with `khabar add URL'");
		free(cause);
		refresh_free(ui->refresh);
		store_close(ui->refresh_st);
		ui->refresh = NULL;
		ui->refresh_st = NULL;
		ui->refresh_total = 0;
	}
	return UI_REDRAW_STATUS;
}

/* The refresh has ended: say how it went and show the new items. */
static void
ui_refresh_end(struct ui *ui)
{
	const struct refresh_feed	*f, *bad = NULL;
	size_t				 i, nbad = 0, n;

	n = refresh_count(ui->refresh);
	for (i = 0; i < n; i++) {
		f = refresh_feed(ui->refresh, i);
		if (f->state == REFRESH_FAILED && nbad++ == 0)
			bad = f;
	}
	if (bad != NULL)
		ui_message(ui, 1, "%zu of %zu feeds failed; %s: %s", nbad, n,
		    bad->url, bad->error != NULL ? bad->error : "error");
	else
		ui_message(ui, 0, "refreshed %zu feed%s", n, n == 1 ? "" : "s");
	refresh_free(ui->refresh);
	store_close(ui->refresh_st);
	ui->refresh = NULL;
	ui->refresh_st = NULL;
	ui->refresh_total = 0;
	list_reload(ui, 1);
	if (ui->feeds_view)
		pane_feeds_load(ui);
	ui->pending |= UI_REDRAW_ALL;
}

int
ui_cmd_refresh(struct ui *ui, int n)
{
	struct store_feed	*sf;
	size_t			 i;
	int64_t			 id = ui->list.filter.feed_id;

	(void)n;
	if (ui->feeds_view && ui->feeds.cur >= 3)
		id = ui->feeds.f.v[ui->feeds.cur - 3].id;
	if (id == 0)
		return ui_refresh_start(ui, NULL);
	if (ui->feeds.f.v == NULL)
		pane_feeds_load(ui);
	for (i = 0; i < ui->feeds.f.n; i++) {
		sf = &ui->feeds.f.v[i];
		if (sf->id == id)
			return ui_refresh_start(ui, sf->url);
	}
	return ui_refresh_start(ui, NULL);
}

int
ui_cmd_refresh_all(struct ui *ui, int n)
{
	(void)n;
	return ui_refresh_start(ui, NULL);
}

int
ui_cmd_open_browser(struct ui *ui, int n)
{
	struct store_row	*row;
	struct store_item	*si = NULL;
	const char		*url;
	char			*copy;
	int			 mask;

	if (ui->count > 0 || ui_focus_article(ui) || ui_split(ui)) {
		if ((url = ui_link(ui, ui->count > 0 ? n : 0)) == NULL)
			return UI_REDRAW_STATUS;
		copy = xstrdup(url);
		mask = ui_run_browser(ui, copy);
		free(copy);
		return mask;
	}
	if ((row = list_row(ui, ui->list.cur)) == NULL ||
	    store_item_get(ui->st, row->id, &si, NULL) != 1)
		return 0;
	mask = ui_run_browser(ui, si->item.link);
	store_item_free(si);
	return mask;
}

int
ui_cmd_follow_link(struct ui *ui, int n)
{
	if (ui->count > 0)
		return ui_follow(ui, n);
	if (article_doc(ui) == NULL)
		return 0;
	ui->prompt = 'f';
	buf_reset(&ui->input);
	return UI_REDRAW_STATUS;
}

int
ui_cmd_full_article(struct ui *ui, int n)
{
	struct doc	*d = article_doc(ui);
	int		 mask = 0;

	(void)n;
	if (ui->feeds_view)
		return 0;
	if (d == NULL || d->item_id == 0 || !(ui_focus_article(ui) ||
	    ui_split(ui))) {
		mask = ui_open_current(ui, 1);
		if ((d = article_doc(ui)) == NULL || d->item_id == 0)
			return mask;
	}
	return mask | ui_full_start(ui, d, 1) | UI_REDRAW_STATUS;
}

int
ui_cmd_back(struct ui *ui, int n)
{
	(void)n;
	if (ui->feeds_view)
		return 0;
	if (ui->focus == PANE_ARTICLE && article_pop(ui))
		return UI_REDRAW_ALL;
	if (ui->focus == PANE_ARTICLE) {
		ui->focus = PANE_LIST;
		return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
	}
	return 0;
}

int
ui_cmd_search(struct ui *ui, int n)
{
	(void)n;
	ui->prompt = '/';
	buf_reset(&ui->input);
	return UI_REDRAW_STATUS;
}

/* Jump to the next (dir 1) or previous search match in the article. */
static int
ui_search_jump(struct ui *ui, int dir)
{
	struct doc	*d = article_doc(ui);
	size_t		 i;

	if (d == NULL || d->nhits == 0) {
		ui_message(ui, 0, "no match in this article");
		return UI_REDRAW_STATUS;
	}
	for (i = 0; i < d->nhits; i++) {
		size_t	k = dir > 0 ? i : d->nhits - 1 - i;

		if ((dir > 0 && d->hits[k] > d->top) ||
		    (dir < 0 && d->hits[k] < d->top)) {
			article_scroll(ui, (long)d->hits[k] - (long)d->top);
			return UI_REDRAW_ARTICLE | UI_REDRAW_STATUS;
		}
	}
	ui_message(ui, 0, dir > 0 ? "no more matches below" :
	    "no more matches above");
	return UI_REDRAW_STATUS;
}

int
ui_cmd_search_next(struct ui *ui, int n)
{
	(void)n;
	return ui_search_jump(ui, 1);
}

int
ui_cmd_search_prev(struct ui *ui, int n)
{
	(void)n;
	return ui_search_jump(ui, -1);
}

int
ui_cmd_copy_link(struct ui *ui, int n)
{
	struct store_row	*row;
	struct store_item	*si = NULL;
	const char		*url = NULL;
	char			*copy;

	if (ui->count > 0 || (article_doc(ui) != NULL &&
	    (ui_focus_article(ui) || ui_split(ui))))
		url = ui_link(ui, ui->count > 0 ? n : 0);
	else if ((row = list_row(ui, ui->list.cur)) != NULL &&
	    store_item_get(ui->st, row->id, &si, NULL) == 1)
		url = si->item.link;
	if (url == NULL) {
		store_item_free(si);
		return UI_REDRAW_STATUS;
	}
	copy = ui_link_clean(url);
	term_osc52(copy);
	ui_message(ui, 0, "copied %s", copy);
	free(copy);
	store_item_free(si);
	return UI_REDRAW_STATUS;
}

int
ui_cmd_bidi(struct ui *ui, int n)
{
	(void)n;
	ui->bidi = (ui->bidi + 1) % 3;
	ui_reanalyse(ui);
	ui_message(ui, 0, "bidi %s", config_value_name("bidi", ui->bidi));
	return UI_REDRAW_ALL;
}

int
ui_cmd_shape(struct ui *ui, int n)
{
	(void)n;
	ui->shape = !ui->shape;
	ui_reanalyse(ui);
	ui_message(ui, 0, "shaping %s", ui->shape ? "on" : "off");
	return UI_REDRAW_ALL;
}

int
ui_cmd_layout(struct ui *ui, int n)
{
	(void)n;
	ui->layout = (ui->layout + 1) % 4;
	ui_message(ui, 0, "layout %s", config_value_name("layout",
	    ui->layout));
	return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
}

int
ui_cmd_feeds(struct ui *ui, int n)
{
	(void)n;
	ui->feeds_view = !ui->feeds_view;
	if (ui->feeds_view) {
		pane_feeds_load(ui);
		ui->focus = PANE_LIST;
	}
	return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
}

int
ui_cmd_help(struct ui *ui, int n)
{
	(void)n;
	ui->feeds_view = 0;
	article_push(ui, doc_help(ui));
	ui->focus = PANE_ARTICLE;
	return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
}

int
ui_cmd_redraw(struct ui *ui, int n)
{
	(void)ui;
	(void)n;
	clearok(curscr, TRUE);
	return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
}

int
ui_cmd_quit(struct ui *ui, int n)
{
	if (ui->feeds_view) {
		if (ui->list.name == NULL)
			return ui_cmd_quit_now(ui, n);
		ui->feeds_view = 0;
		return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
	}
	if (ui->focus == PANE_ARTICLE)
		return ui_cmd_back(ui, n);
	if (ui->from_feeds) {
		ui->from_feeds = 0;
		return ui_cmd_feeds(ui, n);
	}
	return ui_cmd_quit_now(ui, n);
}

int
ui_cmd_quit_now(struct ui *ui, int n)
{
	(void)n;
	ui->quit = 1;
	return UI_QUIT;
}

int
ui_cmd_cancel(struct ui *ui, int n)
{
	int	mask = UI_REDRAW_STATUS;
	size_t	i;

	(void)n;
	ui->fetching = 0;
	ui->full_id = 0;
	free(ui->msg);
	ui->msg = NULL;
	if (ui->search != NULL) {
		free(ui->search);
		ui->search = NULL;
		for (i = 0; i < ui->nhist; i++)
			doc_search(ui, ui->hist[i], NULL);
		ui_start_view(ui);
		mask |= UI_REDRAW_ALL;
	}
	return mask;
}

/* ---- Input. ---- */

static int
ui_translate(int rc, wint_t wc)
{
	if (rc == KEY_CODE_YES) {
		switch (wc) {
		case KEY_UP:		return UK_UP;
		case KEY_DOWN:		return UK_DOWN;
		case KEY_LEFT:		return UK_LEFT;
		case KEY_RIGHT:		return UK_RIGHT;
		case KEY_PPAGE:		return UK_PGUP;
		case KEY_NPAGE:		return UK_PGDN;
		case KEY_HOME:		return UK_HOME;
		case KEY_END:		return UK_END;
		case KEY_ENTER:		return UK_ENTER;
		case KEY_BTAB:		return UK_BTAB;
		case KEY_BACKSPACE:	return UK_BACKSPACE;
		case KEY_DC:		return UK_DELETE;
		case KEY_IC:		return UK_INSERT;
		case KEY_RESIZE:	return UK_RESIZE;
		case KEY_MOUSE:		return UK_MOUSE;
		}
		if (wc >= KEY_F(1) && wc <= KEY_F(12))
			return UK_F1 + (int)(wc - KEY_F(1));
		return -1;
	}
	switch (wc) {
	case '\r':
	case '\n':
		return UK_ENTER;
	case '\t':
		return UK_TAB;
	case 0x7F:
	case 0x08:
		return UK_BACKSPACE;
	case 0x1B:
		return UK_ESC;
	}
	return (int)wc;
}

static int
ui_prompt_key(struct ui *ui, int key)
{
	struct store_filter	 f;
	struct buf		 name = { 0 };
	char			*q;
	size_t			 i;
	int			 prompt = ui->prompt, n;

	if (key == UK_ESC) {
		ui->prompt = 0;
		return UI_REDRAW_STATUS;
	}
	if (key == UK_BACKSPACE) {
		/* Drop the last character, not the last byte. */
		while (ui->input.len > 0 &&
		    (ui->input.data[--ui->input.len] & 0xC0) == 0x80)
			;
		ui->input.data[ui->input.len] = '\0';
		return UI_REDRAW_STATUS;
	}
	if (key == 0x15) {		/* C-u */
		buf_reset(&ui->input);
		return UI_REDRAW_STATUS;
	}
	if (key != UK_ENTER) {
		if (key < 0x20 || key >= 0x110000 || key == 0x7F ||
		    ui->input.len > UI_PROMPT_MAX ||
		    (prompt == 'f' && (key < '0' || key > '9')))
			return 0;
		buf_add_utf8(&ui->input, (uint32_t)key);
		return UI_REDRAW_STATUS;
	}
	ui->prompt = 0;
	q = ui->input.data;
	if (q == NULL || *q == '\0')
		return UI_REDRAW_STATUS;
	if (prompt == 'f') {
		n = atoi(q);
		ui->count = n;
		n = ui_follow(ui, n);
		ui->count = -1;
		return n;
	}
	free(ui->search);
	ui->search = xstrdup(q);
	memset(&f, 0, sizeof f);
	f.search = ui->search;
	buf_printf(&name, "Search: %s", q);
	ui->feeds_view = 0;
	list_set(ui, &f, name.data);
	buf_free(&name);
	ui->focus = PANE_LIST;
	for (i = 0; i < ui->nhist; i++)
		doc_search(ui, ui->hist[i], ui->search);
	list_count(ui);		/* the message needs every hit counted */
	ui_message(ui, 0, "%zu found", ui->list.total);
	return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
}

static int
ui_mouse(struct ui *ui)
{
	MEVENT		 ev;
	struct region	*r;
	size_t		 i;

	if (getmouse(&ev) != OK)
		return 0;
	r = &ui->r_list;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		int	d = ev.bstate & BUTTON4_PRESSED ? -3 : 3;

		if (ui->show_art && ev.y >= ui->r_art.y && ev.y <
		    ui->r_art.y + ui->r_art.h && ev.x >= ui->r_art.x &&
		    ev.x < ui->r_art.x + ui->r_art.w)
			return article_scroll(ui, d);
		if (ui->feeds_view)
			return pane_feeds_move(ui, d);
		return list_move(ui, d);
	}
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return 0;
	if (ui->show_list && ev.y >= r->y && ev.y < r->y + r->h &&
	    ev.x >= r->x && ev.x < r->x + r->w) {
		if (ui->feeds_view) {
			i = ui->feeds.top + (size_t)(ev.y - r->y);
			if (i == ui->feeds.cur)
				return pane_feeds_open(ui);
			return pane_feeds_move(ui, (long)i - (long)ui->feeds.cur);
		}
		i = ui->list.top + (size_t)(ev.y - r->y);
		if (i >= ui->list.total)
			return 0;
		if (i == ui->list.cur)
			return ui_open_current(ui, 1);
		ui->focus = PANE_LIST;
		return list_move(ui, (long)i - (long)ui->list.cur) |
		    UI_REDRAW_STATUS;
	}
	if (ui->show_art && ev.y >= ui->r_art.y && ev.y < ui->r_art.y +
	    ui->r_art.h && article_doc(ui) != NULL &&
	    ui->focus != PANE_ARTICLE) {
		ui->focus = PANE_ARTICLE;
		return UI_REDRAW_ALL;
	}
	return 0;
}

static int
ui_key(struct ui *ui, int key)
{
	int	cmd, n, mask;

	if (key == UK_RESIZE)
		return UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
	if (ui->prompt != 0)
		return ui_prompt_key(ui, key);
	if (key == UK_MOUSE)
		return ui_mouse(ui);
	cmd = keys_lookup(key);
	if (cmd == -1 && key >= '0' && key <= '9') {
		if (ui->count < 0)
			ui->count = 0;
		if (ui->count < 100000)
			ui->count = ui->count * 10 + (key - '0');
		return UI_REDRAW_STATUS;
	}
	if (ui->msg != NULL && cmd != -1) {
		free(ui->msg);
		ui->msg = NULL;
		ui->pending |= UI_REDRAW_STATUS;
	}
	if (cmd == -1) {
		ui->count = -1;
		return UI_REDRAW_STATUS;
	}
	n = ui->count > 0 ? ui->count : 1;
	mask = command_run((size_t)cmd, ui, n);
	ui->count = -1;
	return mask | UI_REDRAW_STATUS;
}

/* The list to start on, and to come back to after a search. */
static void
ui_start_view(struct ui *ui)
{
	struct store_filter	f;

	memset(&f, 0, sizeof f);
	if (ui->cfg->start_view == CONFIG_VIEW_UNREAD) {
		f.unread = 1;
		list_set(ui, &f, "Unread");
	} else
		list_set(ui, &f, "All articles");
}

static void
ui_config_warn(void *arg, const char *msg)
{
	struct config	*cfg = arg;

	config_error(cfg, "%s", msg);
}

/* Run the interface on the open cache until the user quits; the exit status. */
int
ui_run(struct config *cfg, struct store *st, const char *cache,
    const char *feeds, const char *userdir, int first_run)
{
	struct ui	 ui;
	struct theme	 theme;
	struct pollfd	 pfd[UI_MAX_FDS];
	const char	*nc;
	char		*cause = NULL, *note = NULL;
	size_t		 i;
	wint_t		 wc;
	int		 mask, nfds, rfd, timeout, rc, q, s, c, color, key;
	int		 painted = 0;

	memset(&ui, 0, sizeof ui);
	ui.cfg = cfg;
	ui.st = st;
	ui.cache_path = cache;
	ui.feeds_path = feeds;
	ui.bidi = cfg->bidi;
	ui.shape = cfg->shape;
	ui.layout = cfg->layout;
	ui.count = -1;
	ui.rtl = cfg->ui_dir == CONFIG_DIR_RTL ||
	    (cfg->ui_dir == CONFIG_DIR_AUTO && ui_rtl_locale());
	keys_defaults();
	for (i = 0; i < cfg->nbinds; i++)
		keys_bind(cfg->binds[i].key, cfg->binds[i].cmd);

	/* The theme, then the config's own colour lines over it. */
	theme_builtin(&theme);
	if (theme_load(&theme, cfg->theme, userdir, ui_config_warn, cfg) == -1 &&
	    strcmp(cfg->theme, "default") != 0)
		config_error(cfg, "theme %s: not found in %s/themes or %s/themes",
		    cfg->theme, userdir != NULL ? userdir : "~/.config/khabar",
		    paths_datadir());
	for (i = 0; i < TH_COUNT; i++)
		if (cfg->colors_set[i])
			theme.c[i] = cfg->colors.c[i];
	for (i = 0; i < cfg->nerrors; i++)
		fprintf(stderr, "khabar: %s\n", cfg->errors[i]);

	term_signals();
	if (term_start(&cause, &note) == -1) {
		fprintf(stderr, "khabar: %s\n", cause);
		free(cause);
		return 1;
	}
	nc = getenv("NO_COLOR");
	color = (nc == NULL || *nc == '\0') && strcmp(cfg->theme, "mono") != 0;
	theme_apply(&theme, color, ui.attr);
	if (cfg->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		    NULL);
		mouseinterval(0);
	}
	idlok(stdscr, TRUE);
	term_bdsm(ui.bidi != CONFIG_BIDI_TERMINAL);
	if (note != NULL)
		ui_message(&ui, 1, "%s", note);
	else if (cfg->nerrors > 0)
		ui_message(&ui, 1, "%s%s", cfg->errors[0], cfg->nerrors > 1 ?
		    " (and more: see stderr)" : "");
	free(note);

	if (cfg->start_view == CONFIG_VIEW_FEEDS) {
		ui.feeds_view = 1;
		pane_feeds_load(&ui);
	} else
		ui_start_view(&ui);
	mask = UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
	while (!ui.quit) {
		if ((mask | ui.pending) != 0)
			ui_draw(&ui, mask);
		mask = 0;
		if (!painted) {
			painted = 1;
			trace_mark("first-paint");
		}
		/* After the first paint, before any key: the full count. */
		if (!ui.list.counted) {
			mask = list_count(&ui);
			continue;
		}
		/* An empty cache on the first start: fetch at once. */
		if (first_run) {
			first_run = 0;
			if (ui.list.total == 0) {
				mask = ui_refresh_start(&ui, NULL);
				continue;
			}
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		nfds = 1;
		timeout = -1;
		if (ui.fetcher != NULL && fetcher_pending(ui.fetcher) > 0) {
			rc = fetcher_fds(ui.fetcher, pfd + 1, UI_MAX_FDS - 1,
			    &timeout);
			nfds += rc < UI_MAX_FDS - 1 ? rc : UI_MAX_FDS - 1;
			if (timeout < 0 || timeout > 100)
				timeout = 100;
		}
		rfd = nfds;
		if (ui.refresh != NULL) {
			rc = refresh_fds(ui.refresh, pfd + nfds, UI_MAX_FDS -
			    nfds, &timeout);
			nfds += rc < UI_MAX_FDS - nfds ? rc : UI_MAX_FDS - nfds;
			if (timeout < 0 || timeout > 100)
				timeout = 100;
		}
		rc = poll(pfd, (nfds_t)nfds, timeout);
		if (term_signal_pending(&q, &s, &c)) {
			if (q)
				break;
			if (s)
				term_suspend();
			if (c)
				term_bdsm(ui.bidi != CONFIG_BIDI_TERMINAL);
			mask |= UI_REDRAW_ALL | UI_REDRAW_LAYOUT;
		}
		if (ui.fetcher != NULL && fetcher_pending(ui.fetcher) > 0)
			fetcher_process(ui.fetcher, pfd + 1, rfd - 1);
		if (ui.refresh != NULL && (refresh_process(ui.refresh,
		    pfd + rfd, nfds - rfd) == 0 || ui.refresh_ended))
			ui_refresh_end(&ui);
		while (!ui.quit && (rc = get_wch(&wc)) != ERR) {
			if ((key = ui_translate(rc, wc)) == -1)
				continue;
			mask |= ui_key(&ui, key);
		}
	}
	ui.fetching = 0;
	fetcher_free(ui.fetcher);
	if (ui.refresh != NULL) {
		refresh_free(ui.refresh);
		store_close(ui.refresh_st);
	}
	list_free(&ui);
	pane_feeds_free(&ui);
	article_free(&ui);
	buf_free(&ui.input);
	free(ui.search);
	free(ui.msg);
	free(ui.full_tried);
	keys_free();
	term_end();
	return 0;
}
