/* khabar - ISC licence, see LICENSE. */
/*
 * Cells to curses.  A laid-out row is in visual order with a width per
 * character; a character of width 0 (a haraka, a combining accent) joins
 * the cell of the character before it through setcchar(), so curses keeps
 * base and marks together and counts one cell.  Everything drawn comes
 * through the layout engine, which has already dropped control characters
 * and bidi controls: feed text never reaches the terminal raw.
 */
#include <string.h>
#include <wchar.h>

#include "text/layout.h"
#include "ui/ui.h"

#define ELLIPSIS	0x2026U

static attr_t	draw_attr(uint32_t, attr_t, const attr_t *);
static void	draw_cell(int, int, const wchar_t *, attr_t);

/* The curses attributes for a character's text attributes. */
static attr_t
draw_attr(uint32_t a, attr_t base, const attr_t *theme)
{
	attr_t	r = base;

	if (theme == NULL)
		return r;
	if (a & TEXT_HIT)
		return theme[TH_HIT];
	if (TEXT_LINK(a) != 0)
		r = theme[TH_LINK];
	else if (a & TEXT_CODE)
		r = theme[TH_CODE];
	else if (a & TEXT_HEADING)
		r = theme[TH_HEADING];
	else if (a & TEXT_QUOTE)
		r = theme[TH_QUOTE];
	if (a & TEXT_BOLD)
		r |= A_BOLD;
	if (a & TEXT_ITALIC)
		r |= A_ITALIC;
	if (a & TEXT_UNDERLINE)
		r |= A_UNDERLINE;
	return r;
}

static void
draw_cell(int y, int x, const wchar_t *wch, attr_t a)
{
	cchar_t	cc;

	if (setcchar(&cc, wch, a & ~A_COLOR, (short)PAIR_NUMBER(a),
	    NULL) == ERR) {
		static const wchar_t	 rep[] = { 0xFFFD, 0 };

		setcchar(&cc, rep, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
	}
	mvadd_wch(y, x, &cc);
}

/* Fill w cells from (y, x) with blanks in attribute a. */
void
draw_fill(int y, int x, int w, attr_t a)
{
	static const wchar_t	 sp[] = { L' ', 0 };
	int			 i;

	for (i = 0; i < w; i++)
		draw_cell(y, x + i, sp, a);
}

/*
 * Draw row r (its indent included) at (y, x), clipped to w cells; base is
 * the attribute of plain text and theme, if not NULL, colours links, code
 * and search matches.  Returns the cells drawn.
 */
int
draw_row(int y, int x, int w, const struct layout_row *r, attr_t base,
    const attr_t *theme)
{
	wchar_t	 wch[CCHARW_MAX + 1];
	size_t	 i, n = 0;
	int	 col = r->indent, cw = 0;
	attr_t	 a = base;

	if (col >= w)
		return 0;
	for (i = 0; i <= r->len; i++) {
		if (i < r->len && r->width[i] == 0) {
			/* A mark with no base: give it a blank to sit on. */
			if (n == 0) {
				wch[n++] = L' ';
				cw = 1;
				a = draw_attr(r->attr[i], base, theme);
			}
			if (n < CCHARW_MAX)
				wch[n++] = (wchar_t)r->ch[i];
			continue;
		}
		if (n > 0) {
			wch[n] = 0;
			if (col + cw > w)
				break;
			draw_cell(y, x + col, wch, a);
			col += cw;
			n = 0;
		}
		if (i == r->len)
			break;
		wch[n++] = (wchar_t)r->ch[i];
		cw = r->width[i];
		a = draw_attr(r->attr[i], base, theme);
	}
	return col;
}

/*
 * Lay p out on one row of w cells at (y, x): wrapped at w, and when it
 * needs more rows, wrapped at w - 1 with an ellipsis on the end side.
 * align is DRAW_OWN (an RTL row against the right edge, as the engine
 * aligns it), DRAW_RIGHT or DRAW_LEFT.  Returns the cells taken.
 */
int
draw_para(int y, int x, int w, struct para *p, struct layout *lay,
    attr_t a, const attr_t *theme, int align)
{
	static const wchar_t	 ell[] = { ELLIPSIS, 0 };
	struct layout_row	*r;
	int			 cut = 0, ind;

	if (w <= 0)
		return 0;
	if (layout_wrap(p, w, lay) > 1 && w > 1) {
		cut = 1;
		layout_wrap(p, w - 1, lay);
	}
	r = &lay->rows[0];
	/* The engine right-aligns an RTL row; we place the row ourselves. */
	ind = align == DRAW_RIGHT ? w - cut - r->cols : align == DRAW_LEFT ?
	    0 : r->indent;
	if (ind < 0)
		ind = 0;
	r->indent = 0;
	if (cut && para_is_rtl(p)) {
		draw_cell(y, x + ind, ell, a);
		draw_row(y, x + ind + 1, w - ind - 1, r, a, theme);
	} else {
		draw_row(y, x + ind, w - ind - cut, r, a, theme);
		if (cut)
			draw_cell(y, x + ind + r->cols, ell, a);
	}
	r->indent = ind;
	return r->cols + cut;
}

/*
 * Draw UTF-8 text from the program or a feed on one row, through the
 * layout engine (so it is cleaned, reordered and shaped), placed as
 * draw_para() says.  Returns the cells it took.
 */
int
draw_text(const struct ui *ui, int y, int x, int w, const char *s, attr_t a,
    enum text_dir dir, int align)
{
	struct para_opts	 o = ui_para_opts(ui, dir);
	struct layout		 lay;
	struct para		*p;
	int			 cols;

	if (w <= 0 || s == NULL)
		return 0;
	memset(&lay, 0, sizeof lay);
	p = para_new(s, strlen(s), NULL, &o);
	cols = draw_para(y, x, w, p, &lay, a, NULL, align);
	para_free(p);
	layout_free(&lay);
	return cols;
}
