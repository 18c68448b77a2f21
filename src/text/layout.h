/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_LAYOUT_H
#define KHABAR_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * Per-character attributes travel with each character through cleaning,
 * shaping and reordering.  The low 16 bits are flags; the high 16 bits hold
 * a link number (0: not part of a link).
 */
#define TEXT_BOLD		0x0001U
#define TEXT_ITALIC		0x0002U
#define TEXT_UNDERLINE		0x0004U
#define TEXT_CODE		0x0008U
#define TEXT_HEADING		0x0010U
#define TEXT_QUOTE		0x0020U
#define TEXT_HIT		0x0040U	/* a search match */
#define TEXT_LINK_SHIFT		16
#define TEXT_LINK(a)		((unsigned)((a) >> TEXT_LINK_SHIFT))
#define TEXT_WITH_LINK(a, n)	(((a) & 0xFFFFU) | ((uint32_t)(n) << TEXT_LINK_SHIFT))

enum text_dir {
	TEXT_DIR_AUTO,		/* the first strong character decides */
	TEXT_DIR_LTR,
	TEXT_DIR_RTL,
};

struct para_opts {
	enum text_dir	dir;
	enum text_dir	fallback;	/* AUTO with no strong character */
	int		shape;		/* Arabic presentation forms, ligatures */
	int		reorder;	/* 0: keep logical order, no alignment */
};

/* The defaults: auto direction falling back to LTR, shaped, reordered. */
extern const struct para_opts para_opts_default;

/*
 * An analysed paragraph: cleaned text, bidi levels, shaped glyphs, widths
 * and break opportunities.  It does not depend on the width, so wrapping it
 * again at another width repeats only the line breaking and reordering.
 */
struct para;

/*
 * Analyse len bytes of UTF-8 text as one paragraph.  attr, when not NULL,
 * holds one attribute word for each input byte; a character takes the word
 * of its first byte.  Never fails: bad input is cleaned, not rejected.
 */
struct para	*para_new(const char *s, size_t len, const uint32_t *attr,
		    const struct para_opts *);
void		 para_free(struct para *);
/* Whether the resolved paragraph direction is right to left. */
int		 para_is_rtl(const struct para *);
/* Number of characters after cleaning. */
size_t		 para_length(const struct para *);

/*
 * One screen row.  Characters are in visual order; a character of width 0
 * (a combining mark) belongs to the cell of the character before it.
 * Characters that are never drawn (format characters, the fill that a
 * lam-alef ligature leaves behind) are already left out.
 */
struct layout_row {
	int		 indent;	/* blank cells before the first glyph */
	int		 cols;		/* cells taken by the glyphs */
	size_t		 len;		/* characters on the row */
	const uint32_t	*ch;		/* code points to draw */
	const uint32_t	*attr;		/* their attributes */
	const uint8_t	*width;		/* their cell widths (0, 1 or 2) */
	const uint32_t	*pos;		/* byte offset of each in the input */
};

/* The rows of one paragraph at one width; reused from one wrap to the next. */
struct layout {
	struct layout_row	*rows;
	size_t			 nrows;
	/* Storage behind the rows. */
	size_t			 nrowalloc;
	uint32_t		*ch, *attr, *pos;
	uint8_t			*width;
	size_t			 len, alloc;
	int32_t			*map;
	int8_t			*levels;
	size_t			 scratch;
};

/*
 * Break the paragraph into rows of at most width cells (width <= 0: one row
 * per mandatory break) and reorder each row; RTL rows are right-aligned.
 * A row holds at least one glyph, so a glyph wider than width overflows.
 * Returns the number of rows, at least 1.
 */
size_t	layout_wrap(const struct para *, int width, struct layout *);
void	layout_free(struct layout *);

/* Append a row as UTF-8: indent spaces, then its characters in visual order. */
void	layout_row_utf8(const struct layout_row *, struct buf *);

#endif
