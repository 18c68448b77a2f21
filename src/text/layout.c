/* khabar - ISC licence, see LICENSE. */
/*
 * The layout engine: a paragraph of UTF-8 becomes screen rows.
 *
 * para_new() does everything that does not depend on the width, once, on
 * paragraph-wide arrays indexed by character: it cleans the text (bad UTF-8,
 * controls, bidi embedding controls), resolves the bidi levels with GNU
 * FriBidi, shapes Arabic and mirrors brackets on the whole paragraph in
 * logical order, measures each character in cells with wcwidth() and asks
 * libunibreak for the UAX #14 break opportunities.
 *
 * layout_wrap() then breaks the paragraph greedily in logical order and
 * reorders each line with fribidi_reorder_line(), carrying attributes and
 * input offsets through the map.  Re-wrapping at a new width repeats only
 * that second step.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <fribidi.h>
#include <linebreak.h>

#include "text/layout.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/* What a character is to the line breaker and the row builder. */
enum kind {
	K_GLYPH,	/* takes cells */
	K_MARK,		/* width 0, drawn in the cell before it */
	K_SPACE,	/* U+0020: may hang past the end of a row */
	K_TAB,		/* drawn as one space; kept for the bidi algorithm */
	K_BREAK,	/* a forced line break: U+2028, U+2029 */
	K_HIDDEN,	/* never drawn: format characters, ligature fill */
};

#define DOTTED_CIRCLE	0x25CCU	/* base for a mark with nothing to sit on */
#define LINE_SEP	0x2028U

struct para {
	size_t			 n;
	FriBidiChar		*logical;	/* cleaned text */
	FriBidiChar		*shaped;	/* after shaping and mirroring */
	FriBidiCharType		*types;
	FriBidiLevel		*levels;
	uint32_t		*attr;
	uint32_t		*pos;		/* byte offset in the input */
	uint8_t			*width;
	uint8_t			*kind;
	char			*brk;		/* libunibreak: break after i */
	FriBidiParType		 dir;
	int			 reorder;
	int			 maxlevel;	/* 0: all LTR, nothing to reorder */
};

const struct para_opts para_opts_default = {
	TEXT_DIR_AUTO, TEXT_DIR_LTR, 1, 1
};

static size_t	para_clean(struct para *, const char *, size_t,
		    const uint32_t *);
static void	para_push(struct para *, uint32_t, uint32_t, uint32_t);
static int	is_removed(uint32_t);
static void	para_bidi(struct para *, const struct para_opts *);
static void	para_measure(struct para *);
static size_t	line_end(const struct para *, size_t, int);
static void	row_build(const struct para *, size_t, size_t, int,
		    struct layout *);

/*
 * Characters that never reach the layout: C0 and C1 controls (but TAB),
 * DEL, the soft hyphen, and the bidi embedding, override and isolate
 * controls, which a feed could use to disguise the text around them.
 */
static int
is_removed(uint32_t c)
{
	if (c < 0x20)
		return c != '\t';
	if (c >= 0x7F && c <= 0x9F)
		return 1;
	if (c == 0xAD)
		return 1;
	if (c >= 0x202A && c <= 0x202E)
		return 1;
	if (c >= 0x2066 && c <= 0x2069)
		return 1;
	return 0;
}

static void
para_push(struct para *p, uint32_t c, uint32_t a, uint32_t off)
{
	p->logical[p->n] = c;
	p->attr[p->n] = a;
	p->pos[p->n] = off;
	p->n++;
}

/*
 * Decode and clean into the logical arrays.  A newline (LF, CR, CR LF, VT,
 * FF, NEL) becomes a line separator, a forced break inside the paragraph, and a combining mark with
 * no character before it gets a dotted circle to sit on.  Returns the count.
 */
static size_t
para_clean(struct para *p, const char *s, size_t len, const uint32_t *attr)
{
	size_t		i = 0, used;
	uint32_t	c, a;
	int		based = 0;

	while (i < len) {
		used = utf8_decode(s + i, len - i, &c);
		a = attr != NULL ? attr[i] : 0;
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n') {
			i += used;	/* CR LF: the LF makes the break */
			continue;
		}
		/* Every newline function of Unicode 5.8 ends a line: feeds
		 * do come with CR-only line ends. */
		if (c == '\n' || c == '\r' || c == 0x0B || c == 0x0C ||
		    c == 0x85)
			c = LINE_SEP;
		/* Noncharacters are for a program's own use: libunibreak
		 * takes U+FFFF for the end of the text and asserts. */
		if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
			c = UTF8_REPLACEMENT;
		if (!is_removed(c)) {
			if (!based && fribidi_get_bidi_type(c) == FRIBIDI_TYPE_NSM)
				para_push(p, DOTTED_CIRCLE, a, (uint32_t)i);
			para_push(p, c, a, (uint32_t)i);
			based = 1;
		}
		i += used;
	}
	return p->n;
}

/* Resolve the paragraph direction and the embedding levels, then shape. */
static void
para_bidi(struct para *p, const struct para_opts *o)
{
	FriBidiBracketType	*brackets;
	FriBidiArabicProp	*joining;
	FriBidiFlags		 flags;
	FriBidiStrIndex		 n = (FriBidiStrIndex)p->n;

	switch (o->dir) {
	case TEXT_DIR_LTR:
		p->dir = FRIBIDI_PAR_LTR;
		break;
	case TEXT_DIR_RTL:
		p->dir = FRIBIDI_PAR_RTL;
		break;
	default:
		p->dir = o->fallback == TEXT_DIR_RTL ? FRIBIDI_PAR_WRTL :
		    FRIBIDI_PAR_WLTR;
		break;
	}
	fribidi_get_bidi_types(p->logical, n, p->types);
	brackets = xreallocarray(NULL, p->n, sizeof *brackets);
	fribidi_get_bracket_types(p->logical, n, p->types, brackets);
	p->maxlevel = fribidi_get_par_embedding_levels_ex(p->types, brackets, n,
	    &p->dir, p->levels) - 1;
	if (p->maxlevel < 0) {
		/* Only fails when FriBidi cannot allocate: show it unordered. */
		memset(p->levels, FRIBIDI_IS_RTL(p->dir) ? 1 : 0, p->n);
		p->maxlevel = FRIBIDI_IS_RTL(p->dir) ? 1 : 0;
	}
	free(brackets);

	memcpy(p->shaped, p->logical, p->n * sizeof *p->shaped);
	if (!o->reorder)
		return;
	flags = FRIBIDI_FLAG_SHAPE_MIRRORING;
	joining = NULL;
	if (o->shape) {
		flags |= FRIBIDI_FLAGS_ARABIC;
		joining = xreallocarray(NULL, p->n, sizeof *joining);
		fribidi_get_joining_types(p->logical, n, joining);
		fribidi_join_arabic(p->types, n, p->levels, joining);
	}
	fribidi_shape(flags, p->levels, n, joining, p->shaped);
	free(joining);
}

/* Widths and kinds of the shaped characters, and the break opportunities. */
static void
para_measure(struct para *p)
{
	size_t		i;
	uint32_t	c;
	int		w;

	for (i = 0; i < p->n; i++) {
		c = p->shaped[i];
		w = 0;
		if (c == ' ')
			p->kind[i] = K_SPACE, w = 1;
		else if (c == '\t')
			p->kind[i] = K_TAB, w = 1;
		else if (c == LINE_SEP || c == 0x2029)
			p->kind[i] = K_BREAK;
		else if (c == FRIBIDI_CHAR_FILL || p->types[i] == FRIBIDI_TYPE_BN ||
		    c == 0x200E || c == 0x200F || c == 0x061C)
			p->kind[i] = K_HIDDEN;
		else if ((w = wcwidth((wchar_t)c)) == 0)
			p->kind[i] = K_MARK;
		else {
			/* Unassigned or unknown to libc: one cell, like ncurses. */
			if (w < 0)
				w = 1;
			p->kind[i] = K_GLYPH;
		}
		p->width[i] = (uint8_t)w;
	}
	/* Break opportunities come from the text before shaping: the fill
	 * U+FEFF left by a lam-alef ligature would forbid breaks. */
	if (p->n > 0)
		set_linebreaks_utf32((const utf32_t *)p->logical, p->n, NULL,
		    p->brk);
}

struct para *
para_new(const char *s, size_t len, const uint32_t *attr,
    const struct para_opts *o)
{
	static int	 unibreak_ready;
	struct para	*p;
	size_t		 cap = len + 1;	/* chars <= bytes, plus dotted circle */

	if (!unibreak_ready) {
		init_linebreak();
		unibreak_ready = 1;
	}
	if (o == NULL)
		o = &para_opts_default;
	p = xcalloc(1, sizeof *p);
	p->reorder = o->reorder;
	p->logical = xreallocarray(NULL, cap, sizeof *p->logical);
	p->attr = xreallocarray(NULL, cap, sizeof *p->attr);
	p->pos = xreallocarray(NULL, cap, sizeof *p->pos);
	para_clean(p, s, len, attr);
	p->shaped = xreallocarray(NULL, cap, sizeof *p->shaped);
	p->types = xreallocarray(NULL, cap, sizeof *p->types);
	p->levels = xreallocarray(NULL, cap, sizeof *p->levels);
	p->width = xreallocarray(NULL, cap, 1);
	p->kind = xreallocarray(NULL, cap, 1);
	p->brk = xreallocarray(NULL, cap, 1);
	para_bidi(p, o);
	para_measure(p);
	return p;
}

void
para_free(struct para *p)
{
	if (p == NULL)
		return;
	free(p->logical);
	free(p->shaped);
	free(p->types);
	free(p->levels);
	free(p->attr);
	free(p->pos);
	free(p->width);
	free(p->kind);
	free(p->brk);
	free(p);
}

int
para_is_rtl(const struct para *p)
{
	return FRIBIDI_IS_RTL(p->dir) ? 1 : 0;
}

size_t
para_length(const struct para *p)
{
	return p->n;
}

/*
 * Where the row that starts at s ends: after the last break opportunity
 * that fits in width cells, at a forced break, or, when a token alone is
 * wider than the row, right before the character that does not fit.
 * Spaces hang: they never push a row over the width, and are dropped from
 * the row's end by the caller.
 */
static size_t
line_end(const struct para *p, size_t s, int width)
{
	size_t	i, last = s;
	long	w = 0;

	for (i = s; i < p->n; i++) {
		if (width > 0 && p->kind[i] != K_SPACE && p->width[i] > 0 &&
		    w > 0 && w + p->width[i] > width)
			return last > s ? last : i;
		w += p->width[i];
		if (p->brk[i] == LINEBREAK_MUSTBREAK)
			return i + 1;
		if (p->brk[i] == LINEBREAK_ALLOWBREAK)
			last = i + 1;
	}
	return p->n;
}

static void
layout_reserve(struct layout *l, size_t n)
{
	if (l->len + n <= l->alloc && l->alloc > 0)
		return;
	while (l->alloc < l->len + n)
		l->alloc = l->alloc < 64 ? 64 : l->alloc * 2;
	l->ch = xreallocarray(l->ch, l->alloc, sizeof *l->ch);
	l->attr = xreallocarray(l->attr, l->alloc, sizeof *l->attr);
	l->pos = xreallocarray(l->pos, l->alloc, sizeof *l->pos);
	l->width = xreallocarray(l->width, l->alloc, sizeof *l->width);
}

/* Reorder the characters s..e of the paragraph and append them as a row. */
static void
row_build(const struct para *p, size_t s, size_t e, int width,
    struct layout *l)
{
	struct layout_row	*r;
	size_t			 k, j;
	FriBidiStrIndex		*map = (FriBidiStrIndex *)l->map;
	uint32_t		 c;

	/* Trailing spaces and the forced break itself are not drawn. */
	while (e > s && (p->kind[e - 1] == K_SPACE || p->kind[e - 1] == K_BREAK))
		e--;
	for (k = s; k < e; k++)
		map[k] = (FriBidiStrIndex)k;
	/* With every level 0, rules L1 to L3 change nothing. */
	if (p->reorder && p->maxlevel > 0 && e > s) {
		/* L1 rewrites the levels of trailing whitespace: use a copy. */
		memcpy(l->levels + s, p->levels + s, e - s);
		if (fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, p->types,
		    (FriBidiStrIndex)(e - s), (FriBidiStrIndex)s, p->dir,
		    (FriBidiLevel *)l->levels, NULL, map) == 0) {
			for (k = s; k < e; k++)
				map[k] = (FriBidiStrIndex)k;
		}
	}
	if (l->nrows == l->nrowalloc) {
		l->nrowalloc = l->nrowalloc < 16 ? 16 : l->nrowalloc * 2;
		l->rows = xreallocarray(l->rows, l->nrowalloc, sizeof *l->rows);
	}
	r = &l->rows[l->nrows++];
	memset(r, 0, sizeof *r);
	r->len = l->len;	/* the start, until the pointers are set */
	layout_reserve(l, e - s);
	for (k = s; k < e; k++) {
		j = (size_t)map[k];
		if (p->kind[j] == K_HIDDEN || p->kind[j] == K_BREAK)
			continue;
		c = p->kind[j] == K_TAB ? ' ' : p->shaped[j];
		l->ch[l->len] = c;
		l->attr[l->len] = p->attr[j];
		l->pos[l->len] = p->pos[j];
		l->width[l->len] = p->width[j];
		r->cols += p->width[j];
		l->len++;
	}
	r->len = l->len - r->len;
	if (p->reorder && FRIBIDI_IS_RTL(p->dir) && width > r->cols)
		r->indent = width - r->cols;
}

size_t
layout_wrap(const struct para *p, int width, struct layout *l)
{
	size_t	s, e, i, off;

	l->nrows = 0;
	l->len = 0;
	if (l->scratch < p->n) {
		l->map = xreallocarray(l->map, p->n, sizeof *l->map);
		l->levels = xreallocarray(l->levels, p->n, 1);
		l->scratch = p->n;
	}
	s = 0;
	do {
		e = line_end(p, s, width);
		row_build(p, s, e, width, l);
		s = e;
	} while (s < p->n);

	/* The storage has settled: point the rows into it. */
	for (i = 0, off = 0; i < l->nrows; i++) {
		l->rows[i].ch = l->ch + off;
		l->rows[i].attr = l->attr + off;
		l->rows[i].width = l->width + off;
		l->rows[i].pos = l->pos + off;
		off += l->rows[i].len;
	}
	return l->nrows;
}

void
layout_free(struct layout *l)
{
	free(l->rows);
	free(l->ch);
	free(l->attr);
	free(l->pos);
	free(l->width);
	free(l->map);
	free(l->levels);
	memset(l, 0, sizeof *l);
}

void
layout_row_utf8(const struct layout_row *r, struct buf *b)
{
	size_t	i;
	int	k;

	for (k = 0; k < r->indent; k++)
		buf_addc(b, ' ');
	for (i = 0; i < r->len; i++)
		buf_add_utf8(b, r->ch[i]);
}
