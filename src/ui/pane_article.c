/* khabar - ISC licence, see LICENSE. */
/*
 * The article pane.  A document is a list of blocks, each a paragraph that
 * the layout engine analyses once (struct para) and wraps again at each
 * new width; the header (title, feed, author, date, link), the body from
 * html_parse() and the numbered related links are all blocks.  Wrapping
 * fills a line table (block, row) so that any screen line is found at
 * once.  A block's margin (indent, quote bars, list marker) sits on its
 * start side as in `khabar html2text' (src/cmd/html2text.c), whose layout
 * this follows.  The pane keeps a history of documents: the article, then
 * each page followed from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed/feed.h"
#include "html/extract.h"
#include "html/text.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "ui/keys.h"
#include "ui/ui.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define QUOTE_BAR	0x2502U
#define RULE_CHAR	0x2500U
#define LINE_BLANK	(-1)
#define LINE_RULE	(-2)

static struct art_block *doc_add(struct doc *, enum block_kind, const char *,
		    size_t, const uint32_t *, int elem, enum text_dir);
static void	doc_add_html(struct doc *, const struct html_doc *);
static void	doc_add_links(struct doc *);
static void	doc_link(struct doc *, const char *, const char *);
static void	doc_analyse(struct ui *, struct doc *);
static void	doc_line(struct doc *, uint32_t, int32_t);
static void	block_margin(struct art_block *, int);
static void	article_draw_line(struct ui *, struct doc *, int, size_t);
static void	doc_highlight(struct art_block *, const uint32_t *, size_t);

static struct art_block *
doc_add(struct doc *d, enum block_kind kind, const char *text, size_t len,
    const uint32_t *attr, int elem, enum text_dir dir)
{
	struct art_block	*b;

	d->b = xreallocarray(d->b, d->nb + 1, sizeof *d->b);
	b = &d->b[d->nb++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->elem = elem;
	b->dir = dir;
	b->text = xmalloc(len + 1);
	memcpy(b->text, text, len);
	b->text[len] = '\0';
	b->len = len;
	b->attr = xcalloc(len + 1, sizeof *b->attr);
	if (attr != NULL)
		memcpy(b->attr, attr, len * sizeof *attr);
	return b;
}

/* Add a header line: a label in plain text, then a value. */
static void
doc_meta(struct doc *d, const char *label, const char *value, uint32_t vattr)
{
	struct buf		 t = { 0 };
	struct art_block	*b;
	size_t			 i, start;

	buf_adds(&t, label);
	start = t.len;
	buf_adds(&t, value);
	b = doc_add(d, BLOCK_PARA, t.data, t.len, NULL, TH_META,
	    TEXT_DIR_LTR);
	for (i = start; i < t.len; i++)
		b->attr[i] = vattr;
	b->tight = 1;
	buf_free(&t);
}

static void
doc_add_html(struct doc *d, const struct html_doc *h)
{
	const struct block	*hb;
	struct art_block	*b;
	size_t			 i;
	int			 elem;

	for (i = 0; i < h->nblocks; i++) {
		hb = &h->blocks[i];
		elem = hb->kind == BLOCK_HEADING ? TH_HEADING : hb->kind ==
		    BLOCK_PRE ? TH_CODE : TH_NORMAL;
		b = doc_add(d, hb->kind, hb->text, hb->len, hb->attr, elem,
		    hb->dir);
		b->indent = hb->indent;
		b->quote = hb->quote;
		b->tight = i > 0 ? hb->tight : 0;
		memcpy(b->marker, hb->marker, sizeof b->marker);
		b->marker[sizeof b->marker - 1] = '\0';
		b->marker_cols = hb->marker_cols;
		if (hb->quote > 0 && elem == TH_NORMAL)
			b->elem = TH_QUOTE;
	}
	for (i = 0; i < h->nlinks; i++)
		doc_link(d, h->links[i].url, h->links[i].title);
}

/* Number a link unless its URL has one. */
static void
doc_link(struct doc *d, const char *url, const char *title)
{
	size_t	i;

	if (url == NULL || *url == '\0')
		return;
	for (i = 0; i < d->nlinks; i++)
		if (strcmp(d->links[i].url, url) == 0)
			return;
	d->links = xreallocarray(d->links, d->nlinks + 1, sizeof *d->links);
	d->links[d->nlinks].url = xstrdup(url);
	d->links[d->nlinks++].title = title != NULL && *title != '\0' ?
	    xstrdup(title) : NULL;
}

/* The list of links at the end: "[N] title — URL". */
static void
doc_add_links(struct doc *d)
{
	struct art_block	*b;
	struct buf		 t = { 0 };
	size_t			 i, ustart;

	if (d->nlinks == 0)
		return;
	doc_add(d, BLOCK_HEADING, "Links", 5, NULL, TH_HEADING, TEXT_DIR_LTR);
	for (i = 0; i < d->nlinks; i++) {
		buf_reset(&t);
		buf_printf(&t, "[%zu] ", i + 1);
		if (d->links[i].title != NULL)
			buf_printf(&t, "%s \xe2\x80\x94 ", d->links[i].title);
		ustart = t.len;
		buf_adds(&t, d->links[i].url);
		b = doc_add(d, BLOCK_PARA, t.data, t.len, NULL, TH_NORMAL,
		    TEXT_DIR_LTR);
		for (; ustart < t.len; ustart++)
			b->attr[ustart] = TEXT_WITH_LINK(0, i + 1);
		b->tight = i > 0;
	}
	buf_free(&t);
}

/* Text that is not HTML: a paragraph per line. */
static struct html_doc *
doc_plain(const char *s)
{
	struct html_doc	*h = html_doc_new();
	const char	*nl;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		if (nl == NULL)
			nl = s + strlen(s);
		if (nl > s && html_doc_begin(h, BLOCK_PARA, NULL) != NULL)
			html_doc_text(h, s, (size_t)(nl - s), 0, 0);
		s = *nl != '\0' ? nl + 1 : nl;
	}
	html_doc_end(h);
	return h;
}

/* Add the body of an extraction, its links, the related links after them. */
static void
doc_add_extract(struct doc *d, const struct extract *ex)
{
	size_t	i;

	if (ex->body != NULL)
		doc_add_html(d, ex->body);	/* its first block is not tight */
	for (i = 0; i < ex->nrelated; i++)
		doc_link(d, ex->related[i].href, ex->related[i].title);
	doc_add_links(d);
}

/* Build the document of an article: header, body, links. */
struct doc *
doc_from_item(struct ui *ui, const struct store_item *si)
{
	const struct item	*it = &si->item;
	struct doc		*d = xcalloc(1, sizeof *d);
	struct html_doc		*h = NULL;
	const char		*body;
	enum feed_text_type	 type;
	char			 date[128];
	size_t			 i;

	d->back_focus = -1;
	d->item_id = si->id;
	d->url = it->link != NULL ? xstrdup(it->link) : NULL;
	d->feed_id = si->feed_id;
	d->local = -1;		/* found out when a file: link is followed */
	d->title = xstrdup(it->title != NULL ? it->title : "(no title)");
	doc_add(d, BLOCK_HEADING, d->title, strlen(d->title), NULL, TH_TITLE,
	    TEXT_DIR_AUTO);
	if (si->feed_title != NULL)
		doc_meta(d, "Feed: ", si->feed_title, 0);
	if (it->author != NULL)
		doc_meta(d, "Author: ", it->author, 0);
	if (ui_strftime(date, sizeof date, ui->cfg->article_date_format,
	    it->published != FEED_NO_DATE ? it->published : it->updated) > 0)
		doc_meta(d, "Date: ", date, 0);
	if (it->link != NULL)
		doc_meta(d, "Link: ", it->link, TEXT_UNDERLINE);
	body = it->content != NULL && *it->content != '\0' ? it->content :
	    it->summary;
	type = body == it->content ? it->content_type : it->summary_type;
	if (body != NULL && *body != '\0') {
		if (type == FEED_TYPE_TEXT)
			h = doc_plain(body);
		else
			/* UTF-8, as the parser decoded it, whatever <meta>. */
			h = html_parse(body, strlen(body), it->link, "UTF-8");
	}
	if (h != NULL) {
		if (h->nblocks > 0)
			h->blocks[0].tight = 0;
		doc_add_html(d, h);
		html_doc_free(h);
	}
	for (i = 0; i < it->nlinks; i++)
		if (it->links[i].rel != NULL &&
		    strcmp(it->links[i].rel, "related") == 0)
			doc_link(d, it->links[i].href, it->links[i].title);
	for (i = 0; i < it->nenclosures; i++)
		doc_link(d, it->enclosures[i].url, it->enclosures[i].type);
	doc_add_links(d);
	doc_analyse(ui, d);
	return d;
}

/*
 * Build the document of a followed page: the article that extraction
 * finds in it (title, byline, date, body, links, related articles).
 */
struct doc *
doc_from_page(struct ui *ui, const char *body, size_t len, const char *url,
    const char *charset, int local, char **cause)
{
	struct extract	*ex;
	struct doc	*d;
	char		 date[128];

	if ((ex = extract_page(body, len, url, charset, cause)) == NULL)
		return NULL;
	d = xcalloc(1, sizeof *d);
	d->back_focus = -1;
	d->url = xstrdup(url);
	d->title = xstrdup(ex->title != NULL ? ex->title : url);
	d->local = local;
	doc_add(d, BLOCK_HEADING, d->title, strlen(d->title), NULL, TH_TITLE,
	    TEXT_DIR_AUTO);
	if (ex->byline != NULL)
		doc_meta(d, "Author: ", ex->byline, 0);
	if (ex->has_published && ui_strftime(date, sizeof date,
	    ui->cfg->article_date_format, ex->published) > 0)
		doc_meta(d, "Date: ", date, 0);
	doc_meta(d, "Page: ", url, TEXT_UNDERLINE);
	doc_add_extract(d, ex);
	extract_free(ex);
	doc_analyse(ui, d);
	return d;
}

/*
 * Build the document of an article from its full text, fetched at
 * fetched_at from url (may be NULL): the item's header with a line that
 * says so, then the extracted body and its links, the related ones last.
 */
struct doc *
doc_from_fulltext(struct ui *ui, const struct store_item *si,
    const struct extract *ex, const char *url, int64_t fetched_at)
{
	const struct item	*it = &si->item;
	struct doc		*d = xcalloc(1, sizeof *d);
	char			 date[128];
	int64_t			 t;

	d->back_focus = -1;
	d->item_id = si->id;
	d->url = it->link != NULL ? xstrdup(it->link) : NULL;
	d->feed_id = si->feed_id;
	d->local = -1;
	d->title = xstrdup(it->title != NULL ? it->title : ex->title != NULL ?
	    ex->title : "(no title)");
	doc_add(d, BLOCK_HEADING, d->title, strlen(d->title), NULL, TH_TITLE,
	    TEXT_DIR_AUTO);
	if (si->feed_title != NULL)
		doc_meta(d, "Feed: ", si->feed_title, 0);
	if (ex->byline != NULL || it->author != NULL)
		doc_meta(d, "Author: ", ex->byline != NULL ? ex->byline :
		    it->author, 0);
	t = ex->has_published ? ex->published : it->published != FEED_NO_DATE ?
	    it->published : it->updated;
	if (ui_strftime(date, sizeof date, ui->cfg->article_date_format, t) > 0)
		doc_meta(d, "Date: ", date, 0);
	if (it->link != NULL)
		doc_meta(d, "Link: ", it->link, TEXT_UNDERLINE);
	if (ui_strftime(date, sizeof date, ui->cfg->article_date_format,
	    fetched_at) == 0)
		snprintf(date, sizeof date, "%lld", (long long)fetched_at);
	doc_meta(d, "Full article, fetched ", date, 0);
	if (url != NULL && (it->link == NULL || strcmp(url, it->link) != 0))
		doc_meta(d, "Page: ", url, TEXT_UNDERLINE);
	doc_add_extract(d, ex);
	doc_analyse(ui, d);
	return d;
}

/* A document of one paragraph, for messages. */
struct doc *
doc_message(struct ui *ui, const char *msg)
{
	struct doc	*d = xcalloc(1, sizeof *d);

	d->back_focus = -1;
	d->title = xstrdup("");
	doc_add(d, BLOCK_PARA, msg, strlen(msg), NULL, TH_NORMAL,
	    ui->rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR);
	doc_analyse(ui, d);
	return d;
}

/* The help screen, generated from the command table and the bindings. */
struct doc *
doc_help(struct ui *ui)
{
	struct doc		*d = xcalloc(1, sizeof *d);
	struct art_block	*b;
	struct buf		 t = { 0 };
	char			 keys[128];
	size_t			 i, k;

	d->back_focus = ui->focus;
	d->title = xstrdup("Help");
	doc_add(d, BLOCK_HEADING, "khabar: keys", 12, NULL, TH_TITLE,
	    TEXT_DIR_LTR);
	for (i = 0; i < command_count(); i++) {
		keys_for((int)i, keys, sizeof keys);
		buf_reset(&t);
		buf_printf(&t, "%-14s %-15s %s", keys[0] != '\0' ? keys : "-",
		    command_name(i), command_help(i));
		b = doc_add(d, BLOCK_PARA, t.data, t.len, NULL, TH_NORMAL,
		    TEXT_DIR_LTR);
		for (k = 0; k < 14 && k < t.len; k++)
			b->attr[k] = TEXT_BOLD;
		b->elem = TH_NORMAL;
		b->tight = i > 0;
	}
	buf_reset(&t);
	buf_printf(&t, "A number then Enter (or f, the number, Enter) follows "
	    "link N.  Settings: bidi %s, shape %s, layout %s, ui-direction "
	    "%s.  Press q to close.",
	    config_value_name("bidi", ui->bidi),
	    config_value_name("shape", ui->shape),
	    config_value_name("layout", ui->layout),
	    ui->rtl ? "rtl" : "ltr");
	doc_add(d, BLOCK_PARA, t.data, t.len, NULL, TH_META, TEXT_DIR_LTR);
	buf_free(&t);
	doc_analyse(ui, d);
	return d;
}

void
doc_free(struct doc *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nb; i++) {
		free(d->b[i].text);
		free(d->b[i].attr);
		para_free(d->b[i].p);
		layout_free(&d->b[i].lay);
		para_free(d->b[i].mp);
		layout_free(&d->b[i].mlay);
	}
	for (i = 0; i < d->nlinks; i++) {
		free(d->links[i].url);
		free(d->links[i].title);
	}
	free(d->b);
	free(d->links);
	free(d->lines);
	free(d->hits);
	free(d->url);
	free(d->title);
	free(d);
}

/* Analyse every block (again) with the interface's bidi options. */
static void
doc_analyse(struct ui *ui, struct doc *d)
{
	struct art_block	*b;
	struct para_opts	 o;
	size_t			 i;

	for (i = 0; i < d->nb; i++) {
		b = &d->b[i];
		para_free(b->p);
		para_free(b->mp);
		b->mp = NULL;
		o = ui_para_opts(ui, b->dir);
		b->p = para_new(b->text, b->len, b->attr, &o);
		b->rtl = para_is_rtl(b->p) && ui->bidi == CONFIG_BIDI_APP;
		if (b->marker[0] != '\0') {
			o = ui_para_opts(ui, b->rtl ? TEXT_DIR_RTL :
			    TEXT_DIR_LTR);
			b->mp = para_new(b->marker, strlen(b->marker), NULL,
			    &o);
		}
	}
	d->width = 0;
}

/* Analyse again after a change of bidi mode or shaping. */
void
doc_reanalyse(struct ui *ui, struct doc *d)
{
	doc_analyse(ui, d);
}

/* Fit a block's margin to width, as html2text's margin_fit() does. */
static void
block_margin(struct art_block *b, int width)
{
	int	most = width / 2;

	b->m_indent = b->indent;
	b->m_bars = b->quote;
	b->m_mcols = b->marker[0] != '\0' ? b->marker_cols : 0;
	if (b->m_indent + 2 * b->m_bars + b->m_mcols > most) {
		b->m_indent = most - 2 * b->m_bars - b->m_mcols;
		if (b->m_indent < 0) {
			b->m_indent = 0;
			b->m_bars = (most - b->m_mcols) / 2;
			if (b->m_bars < 0)
				b->m_bars = 0;
		}
	}
	b->m_avail = width - b->m_indent - 2 * b->m_bars - b->m_mcols;
	if (b->m_avail < 1)
		b->m_avail = 1;
}

static void
doc_line(struct doc *d, uint32_t block, int32_t row)
{
	if (d->nlines == d->linealloc) {
		d->linealloc = d->linealloc == 0 ? 256 : d->linealloc * 2;
		d->lines = xreallocarray(d->lines, d->linealloc,
		    sizeof *d->lines);
	}
	d->lines[d->nlines].block = block;
	d->lines[d->nlines++].row = row;
}

/* Wrap every block at width (no analysis) and rebuild the line table. */
void
doc_wrap(struct ui *ui, struct doc *d, int width)
{
	struct art_block	*b;
	const struct layout_row	*r;
	size_t			 i, k, j, old_top_block = 0, nh = 0;

	(void)ui;
	if (width < 1)
		width = 1;
	if (d->width == width)
		return;
	if (d->top < d->nlines)
		old_top_block = d->lines[d->top].block;
	d->nlines = 0;
	d->nhits = 0;
	for (i = 0; i < d->nb; i++) {
		b = &d->b[i];
		block_margin(b, width);
		if (i > 0 && !b->tight)
			doc_line(d, (uint32_t)i, LINE_BLANK);
		if (i == old_top_block && d->top > 0)
			d->top = d->nlines;
		if (b->kind == BLOCK_RULE) {
			doc_line(d, (uint32_t)i, LINE_RULE);
			continue;
		}
		layout_wrap(b->p, b->kind == BLOCK_PRE ? 0 : b->m_avail,
		    &b->lay);
		if (b->mp != NULL)
			layout_wrap(b->mp, 0, &b->mlay);
		for (k = 0; k < b->lay.nrows; k++) {
			r = &b->lay.rows[k];
			for (j = 0; j < r->len; j++)
				if (r->attr[j] & TEXT_HIT)
					break;
			if (j < r->len) {
				d->hits = xreallocarray(d->hits, nh + 1,
				    sizeof *d->hits);
				d->hits[nh++] = d->nlines;
			}
			doc_line(d, (uint32_t)i, (int32_t)k);
		}
	}
	d->nhits = nh;
	d->width = width;
	if (d->top >= d->nlines)
		d->top = d->nlines > 0 ? d->nlines - 1 : 0;
}

static void
article_draw_line(struct ui *ui, struct doc *d, int y, size_t n)
{
	static const wchar_t	 bar[] = { QUOTE_BAR, 0 };
	static const wchar_t	 rule[] = { RULE_CHAR, 0 };
	struct region		*rg = &ui->r_art;
	struct art_block	*b;
	struct layout_row	*r, *mr;
	int			 x = rg->x + 1, k, cells, pad, tx, bx;
	attr_t			 a;
	cchar_t			 cc;

	draw_fill(rg->y + y, rg->x, rg->w, ui->attr[TH_NORMAL]);
	if (n >= d->nlines || d->lines[n].row == LINE_BLANK)
		return;
	b = &d->b[d->lines[n].block];
	a = ui->attr[b->elem];
	/* Where the text area starts, and where the bars go. */
	if (!b->rtl) {
		bx = x + b->m_indent;
		tx = bx + 2 * b->m_bars + b->m_mcols;
	} else {
		tx = x;
		bx = x + b->m_avail + b->m_mcols + 1;
	}
	for (k = 0; k < b->m_bars; k++) {
		setcchar(&cc, bar, ui->attr[TH_QUOTE] & ~A_COLOR,
		    (short)PAIR_NUMBER(ui->attr[TH_QUOTE]), NULL);
		mvadd_wch(rg->y + y, bx + 2 * k, &cc);
	}
	if (d->lines[n].row == LINE_RULE) {
		setcchar(&cc, rule, ui->attr[TH_BORDER] & ~A_COLOR,
		    (short)PAIR_NUMBER(ui->attr[TH_BORDER]), NULL);
		for (k = 0; k < b->m_avail; k++)
			mvadd_wch(rg->y + y, tx + k, &cc);
		return;
	}
	r = &b->lay.rows[d->lines[n].row];
	cells = r->indent + r->cols;
	pad = b->rtl && cells < b->m_avail ? b->m_avail - cells : 0;
	draw_row(rg->y + y, tx + pad, rg->x + rg->w - tx - pad - 1 +
	    (b->kind == BLOCK_PRE ? 1 : 0), r, a, ui->attr);
	if (d->lines[n].row != 0 || b->mp == NULL || b->mlay.nrows == 0)
		return;
	mr = &b->mlay.rows[0];
	mr->indent = 0;
	if (!b->rtl)
		draw_row(rg->y + y, tx - 1 - mr->cols, mr->cols, mr, a,
		    ui->attr);
	else
		draw_row(rg->y + y, tx + b->m_avail + 1, mr->cols, mr, a,
		    ui->attr);
}

/* Draw the document on top of the history into the article region. */
void
article_draw(struct ui *ui)
{
	struct region	*rg = &ui->r_art;
	struct doc	*d = article_doc(ui);
	int		 y;

	if (rg->h <= 0 || rg->w <= 0)
		return;
	if (d == NULL) {
		for (y = 0; y < rg->h; y++)
			draw_fill(rg->y + y, rg->x, rg->w, ui->attr[TH_NORMAL]);
		return;
	}
	doc_wrap(ui, d, rg->w - 2);
	if (d->nlines > (size_t)rg->h && d->top > d->nlines - (size_t)rg->h)
		d->top = d->nlines - (size_t)rg->h;
	for (y = 0; y < rg->h; y++)
		article_draw_line(ui, d, y, d->top + (size_t)y);
}

/* The document on top of the history, or NULL. */
struct doc *
article_doc(struct ui *ui)
{
	return ui->nhist > 0 ? ui->hist[ui->nhist - 1] : NULL;
}

/* Replace the whole history by d (may be NULL). */
void
article_set(struct ui *ui, struct doc *d)
{
	while (ui->nhist > 0)
		doc_free(ui->hist[--ui->nhist]);
	if (d != NULL)
		article_push(ui, d);
}

/* Show d over the current document; back returns to it. */
void
article_push(struct ui *ui, struct doc *d)
{
	ui->hist = xreallocarray(ui->hist, ui->nhist + 1, sizeof *ui->hist);
	ui->hist[ui->nhist++] = d;
	if (ui->search != NULL)
		doc_search(ui, d, ui->search);
}

/* Go back one document; 0 if there was nothing to go back to. */
int
article_pop(struct ui *ui)
{
	struct doc	*d;

	if (ui->nhist < 1 || (ui->nhist < 2 &&
	    ui->hist[0]->back_focus == -1))
		return 0;
	d = ui->hist[--ui->nhist];
	if (d->back_focus != -1)
		ui->focus = (enum ui_pane)d->back_focus;
	doc_free(d);
	return 1;
}

/* Scroll by delta lines; the redraw mask. */
int
article_scroll(struct ui *ui, long delta)
{
	struct doc	*d = article_doc(ui);
	long		 top, max;

	if (d == NULL)
		return 0;
	doc_wrap(ui, d, ui->r_art.w - 2);
	max = (long)d->nlines - ui->r_art.h;
	if (max < 0)
		max = 0;
	top = (long)d->top + delta;
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	if ((size_t)top == d->top)
		return 0;
	d->top = (size_t)top;
	return UI_REDRAW_ARTICLE | UI_REDRAW_STATUS;
}

void
article_free(struct ui *ui)
{
	article_set(ui, NULL);
	free(ui->hist);
	ui->hist = NULL;
}

/*
 * Mark the matches of the folded words in block b: text and query are
 * compared after the search fold, so an unvowelled query finds vowelled
 * text and أ matches ا.  Marks dropped by the fold inside or right after
 * a match are marked with it.
 */
static void
doc_highlight(struct art_block *b, const uint32_t *w, size_t wn)
{
	uint32_t	*fc;
	size_t		*fpos, *fend, n = 0, i, k, len;
	uint32_t	 c, f;

	fc = xreallocarray(NULL, b->len + 1, sizeof *fc);
	fpos = xreallocarray(NULL, b->len + 1, sizeof *fpos);
	fend = xreallocarray(NULL, b->len + 1, sizeof *fend);
	for (i = 0; i < b->len; i += len) {
		len = utf8_decode(b->text + i, b->len - i, &c);
		if ((f = normalize_fold_cp(c)) == UINT32_MAX) {
			if (n > 0)
				fend[n - 1] = i + len;
			continue;
		}
		fc[n] = f;
		fpos[n] = i;
		fend[n++] = i + len;
	}
	for (i = 0; wn > 0 && i + wn <= n; i++) {
		for (k = 0; k < wn && fc[i + k] == w[k]; k++)
			;
		if (k < wn)
			continue;
		for (k = fpos[i]; k < fend[i + wn - 1]; k++)
			b->attr[k] |= TEXT_HIT;
	}
	free(fc);
	free(fpos);
	free(fend);
}

/* Mark the words of query (NULL: none) in every block of d. */
void
doc_search(struct ui *ui, struct doc *d, const char *query)
{
	char		*folded, *p, *word;
	uint32_t	*w;
	size_t		 i, len, wn, j;

	for (i = 0; i < d->nb; i++)
		for (j = 0; j < d->b[i].len; j++)
			d->b[i].attr[j] &= ~TEXT_HIT;
	if (query != NULL && d->item_id != 0) {
		folded = normalize_fold(query, strlen(query), &len);
		w = xreallocarray(NULL, len + 1, sizeof *w);
		for (p = folded; (word = strsep(&p, " ")) != NULL;) {
			if (*word == '\0' || strcmp(word, "*") == 0)
				continue;
			len = strlen(word);
			if (word[len - 1] == '*')
				word[--len] = '\0';
			for (wn = 0, j = 0; j < len; wn++)
				j += utf8_decode(word + j, len - j, &w[wn]);
			for (i = 0; i < d->nb; i++)
				doc_highlight(&d->b[i], w, wn);
		}
		free(w);
		free(folded);
	}
	doc_analyse(ui, d);
}
