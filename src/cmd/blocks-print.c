/* khabar - ISC licence, see LICENSE. */
/*
 * Printing blocks (html/text.h) as laid-out text, for html2text and
 * extract.  A block's margin (indent, block-quote bars, list marker) sits
 * on its start side: the left of a left-to-right paragraph, the right of a
 * right-to-left one.  The text is wrapped to what the margin leaves, and a
 * list item's later rows hang under its first word.  struct blocks_out
 * keeps the layout and line buffers between blocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/blocks-print.h"
#include "html/text.h"
#include "text/layout.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define QUOTE_BAR	"\xe2\x94\x82"		/* U+2502 */
#define RULE_CHAR	"\xe2\x94\x80"		/* U+2500 */

/* The margin of one block, already fitted to the width. */
struct margin {
	int	indent;		/* blank cells */
	int	bars;		/* quote bars, two cells each */
	int	mcols;		/* cells for the marker and its gap */
	int	avail;		/* cells left for the text */
	int	rtl;
};

struct blocks_out {
	int		 width;
	struct layout	 lay;
	struct buf	 line;
	struct buf	 row;
	struct buf	 marker;	/* the marker in visual order */
	int		 marker_cols;
};

static void	margin_fit(const struct block *, int, struct margin *);
static void	marker_visual(struct blocks_out *, const char *, int);
static void	line_start(struct blocks_out *, const struct margin *, int,
		    const char *);
static void	line_flush(struct blocks_out *);
static void	spaces(struct buf *, int);

static void
spaces(struct buf *b, int n)
{
	while (n-- > 0)
		buf_addc(b, ' ');
}

/*
 * Deep nesting must not squeeze the text out: the margin takes at most
 * half the width, giving up indent first, then quote bars.
 */
static void
margin_fit(const struct block *b, int width, struct margin *m)
{
	int	most = width / 2;

	m->indent = b->indent;
	m->bars = b->quote;
	m->mcols = b->marker[0] != '\0' ? b->marker_cols : 0;
	if (m->indent + 2 * m->bars + m->mcols > most) {
		m->indent = most - 2 * m->bars - m->mcols;
		if (m->indent < 0) {
			m->indent = 0;
			m->bars = (most - m->mcols) / 2;
			if (m->bars < 0)
				m->bars = 0;
		}
	}
	m->avail = width - m->indent - 2 * m->bars - m->mcols;
	if (m->avail < 1)
		m->avail = 1;
}

/* The marker as it reads in the paragraph's direction: "1." or ".1". */
static void
marker_visual(struct blocks_out *o, const char *marker, int rtl)
{
	struct para_opts	 opts = para_opts_default;
	struct para		*p;

	opts.dir = rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR;
	p = para_new(marker, strlen(marker), NULL, &opts);
	layout_wrap(p, 0, &o->lay);
	buf_reset(&o->marker);
	o->marker_cols = 0;
	if (o->lay.nrows > 0) {
		o->lay.rows[0].indent = 0;
		layout_row_utf8(&o->lay.rows[0], &o->marker);
		o->marker_cols = o->lay.rows[0].cols;
	}
	para_free(p);
}

/*
 * Build one output line around the text of a row (o->row, cols cells
 * wide): the margin on the start side, the marker on the first row.
 */
static void
line_start(struct blocks_out *o, const struct margin *m, int first,
    const char *rowtext)
{
	int	i, pad = m->mcols - 1 - o->marker_cols;

	buf_reset(&o->line);
	if (pad < 0)
		pad = 0;
	if (!m->rtl) {
		spaces(&o->line, m->indent);
		for (i = 0; i < m->bars; i++)
			buf_adds(&o->line, QUOTE_BAR " ");
		if (first && m->mcols > 0) {
			spaces(&o->line, pad);
			buf_add(&o->line, o->marker.data, o->marker.len);
			buf_addc(&o->line, ' ');
		} else
			spaces(&o->line, m->mcols);
		buf_adds(&o->line, rowtext);
		return;
	}
	buf_adds(&o->line, rowtext);
	if (first && m->mcols > 0) {
		buf_addc(&o->line, ' ');
		buf_add(&o->line, o->marker.data, o->marker.len);
		spaces(&o->line, pad);
	} else
		spaces(&o->line, m->mcols);
	for (i = 0; i < m->bars; i++)
		buf_adds(&o->line, " " QUOTE_BAR);
}

/* Print the line without trailing blanks, no-break spaces as spaces. */
static void
line_flush(struct blocks_out *o)
{
	struct buf	*l = &o->line;
	size_t		 i, j = 0;

	for (i = 0; i < l->len; i++) {
		if ((unsigned char)l->data[i] == 0xC2 && i + 1 < l->len &&
		    (unsigned char)l->data[i + 1] == 0xA0) {
			l->data[j++] = ' ';
			i++;
		} else
			l->data[j++] = l->data[i];
	}
	while (j > 0 && l->data[j - 1] == ' ')
		j--;
	l->len = j;
	buf_addc(l, '\n');
	fwrite(l->data, 1, l->len, stdout);
}

/* Lay out one block and print it. */
void
blocks_print(struct blocks_out *o, const struct block *b)
{
	struct para_opts	 opts = para_opts_default;
	struct margin		 m;
	struct para		*p;
	size_t			 i;
	int			 cells, k;

	margin_fit(b, o->width, &m);
	if (b->kind == BLOCK_RULE) {
		m.rtl = b->dir == TEXT_DIR_RTL;
		buf_reset(&o->row);
		for (k = 0; k < m.avail; k++)
			buf_adds(&o->row, RULE_CHAR);
		o->marker_cols = 0;
		line_start(o, &m, 0, o->row.data);
		line_flush(o);
		return;
	}
	opts.dir = b->dir;
	p = para_new(b->text, b->len, b->attr, &opts);
	m.rtl = para_is_rtl(p);
	if (m.mcols > 0)
		marker_visual(o, b->marker, m.rtl);
	/* Pre is never wrapped: a long line runs past the width. */
	layout_wrap(p, b->kind == BLOCK_PRE ? 0 : m.avail, &o->lay);
	for (i = 0; i < o->lay.nrows; i++) {
		buf_reset(&o->row);
		cells = o->lay.rows[i].indent + o->lay.rows[i].cols;
		/* Right-to-left rows end at the margin, whatever the wrap. */
		if (m.rtl && cells < m.avail)
			spaces(&o->row, m.avail - cells);
		layout_row_utf8(&o->lay.rows[i], &o->row);
		line_start(o, &m, i == 0, o->row.data != NULL ? o->row.data :
		    "");
		line_flush(o);
	}
	para_free(p);
}

/*
 * URLs come from the page: control characters, and the bidi controls that
 * could make one URL look like another, are shown percent-encoded.
 */
void
blocks_print_url(const char *url)
{
	size_t		 len = strlen(url), i = 0, n, k;
	uint32_t	 c;
	int		 bad;

	while (i < len) {
		n = utf8_decode(url + i, len - i, &c);
		bad = c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
		    (c == UTF8_REPLACEMENT && n < 3) || c == 0x061C ||
		    c == 0x200E || c == 0x200F ||
		    (c >= 0x202A && c <= 0x202E) ||
		    (c >= 0x2066 && c <= 0x2069);
		for (k = 0; k < n; k++) {
			if (bad)
				printf("%%%02X", (unsigned char)url[i + k]);
			else
				putchar(url[i + k]);
		}
		i += n;
	}
}

/* Start printing blocks width cells wide. */
struct blocks_out *
blocks_out_new(int width)
{
	struct blocks_out	*o;

	o = xcalloc(1, sizeof *o);
	o->width = width;
	return o;
}

/* Free what blocks_out_new() made; NULL is fine. */
void
blocks_out_free(struct blocks_out *o)
{
	if (o == NULL)
		return;
	layout_free(&o->lay);
	buf_free(&o->line);
	buf_free(&o->row);
	buf_free(&o->marker);
	free(o);
}
