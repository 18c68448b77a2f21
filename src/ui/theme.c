/* khabar - ISC licence, see LICENSE. */
/*
 * Themes.  A struct theme is a colour pair and attributes per element,
 * with colours kept as the user wrote them (a palette index or #rrggbb);
 * theme_apply() maps each to the nearest colour the terminal has: the
 * 6x6x6 cube and the grey ramp of a 256-colour terminal, else the 8 or 16
 * basic colours.  Without colour (a monochrome terminal, NO_COLOR) each
 * element keeps its attributes and falls back on reverse, bold and
 * underline where colour alone told elements apart.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config.h"
#include "config/paths.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static const char *const elem_names[TH_COUNT] = {
	"normal", "selected", "unread", "date", "feed", "mark", "title",
	"meta", "heading", "link", "quote", "code", "hit", "status", "error",
	"border", "prompt", "help-key"
};

static const char *const color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white"
};

static const struct {
	const char	*name;
	unsigned	 attr;
} attr_names[] = {
	{ "bold", THEME_A_BOLD }, { "dim", THEME_A_DIM },
	{ "underline", THEME_A_UNDERLINE }, { "reverse", THEME_A_REVERSE },
	{ "italic", THEME_A_ITALIC }, { "blink", THEME_A_BLINK },
	{ "standout", THEME_A_STANDOUT }, { "none", 0 },
};

/* xterm's default 16 colours. */
static const unsigned char basic_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 }
};

/* What an element looks like without colour. */
static const unsigned mono_attrs[TH_COUNT] = {
	[TH_SELECTED] = THEME_A_REVERSE, [TH_UNREAD] = THEME_A_BOLD,
	[TH_TITLE] = THEME_A_BOLD, [TH_HEADING] = THEME_A_BOLD,
	[TH_LINK] = THEME_A_UNDERLINE, [TH_HIT] = THEME_A_REVERSE,
	[TH_STATUS] = THEME_A_REVERSE, [TH_ERROR] = THEME_A_BOLD,
	[TH_PROMPT] = THEME_A_BOLD, [TH_HELPKEY] = THEME_A_BOLD,
};

static void	palette_rgb(int, int *, int *, int *);
static int	nearest(int, int);
static attr_t	curses_attrs(unsigned);

void
theme_builtin(struct theme *t)
{
	int	i;

	for (i = 0; i < TH_COUNT; i++) {
		t->c[i].fg = THEME_DEFAULT;
		t->c[i].bg = THEME_DEFAULT;
		t->c[i].attrs = 0;
	}
	t->c[TH_SELECTED].fg = 15;
	t->c[TH_SELECTED].bg = 4;
	t->c[TH_SELECTED].attrs = THEME_A_BOLD;
	t->c[TH_UNREAD].attrs = THEME_A_BOLD;
	t->c[TH_DATE].fg = 6;
	t->c[TH_FEED].fg = 3;
	t->c[TH_MARK].fg = 2;
	t->c[TH_MARK].attrs = THEME_A_BOLD;
	t->c[TH_TITLE].attrs = THEME_A_BOLD;
	t->c[TH_META].fg = 6;
	t->c[TH_HEADING].fg = 3;
	t->c[TH_HEADING].attrs = THEME_A_BOLD;
	t->c[TH_LINK].fg = 4 + 8;
	t->c[TH_LINK].attrs = THEME_A_UNDERLINE;
	t->c[TH_QUOTE].fg = 2;
	t->c[TH_CODE].fg = 5;
	t->c[TH_HIT].fg = 0;
	t->c[TH_HIT].bg = 3;
	t->c[TH_STATUS].fg = 15;
	t->c[TH_STATUS].bg = 8;
	t->c[TH_ERROR].fg = 15;
	t->c[TH_ERROR].bg = 1;
	t->c[TH_ERROR].attrs = THEME_A_BOLD;
	t->c[TH_BORDER].fg = 8;
	t->c[TH_PROMPT].attrs = THEME_A_BOLD;
	t->c[TH_HELPKEY].fg = 2;
	t->c[TH_HELPKEY].attrs = THEME_A_BOLD;
}

int
theme_elem_find(const char *name)
{
	int	i;

	for (i = 0; i < TH_COUNT; i++)
		if (strcmp(elem_names[i], name) == 0)
			return i;
	return -1;
}

const char *
theme_elem_name(int e)
{
	return elem_names[e];
}

int
theme_parse_color(const char *s, int *out)
{
	char	*end;
	long	 n;
	int	 i;

	if (strcasecmp(s, "default") == 0) {
		*out = THEME_DEFAULT;
		return 0;
	}
	for (i = 0; i < 16; i++) {
		if (strcasecmp(s, color_names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	if (s[0] == '#') {
		if (strlen(s) != 7 || strspn(s + 1, "0123456789abcdefABCDEF")
		    != 6)
			return -1;
		*out = THEME_RGB | (int)strtol(s + 1, NULL, 16);
		return 0;
	}
	if (strncasecmp(s, "color", 5) == 0)
		s += 5;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 0 || n > 255)
		return -1;
	*out = (int)n;
	return 0;
}

int
theme_parse(struct theme *t, int argc, char **argv, char **cause)
{
	struct theme_color	c;
	size_t			k;
	int			e, i;

	if (argc < 3) {
		*cause = xstrdup("usage: color ELEMENT FG BG [ATTR...]");
		return -1;
	}
	if ((e = theme_elem_find(argv[0])) == -1) {
		xasprintf(cause, "unknown element \"%s\"", argv[0]);
		return -1;
	}
	c.attrs = 0;
	if (theme_parse_color(argv[1], &c.fg) == -1 ||
	    theme_parse_color(argv[2], &c.bg) == -1) {
		xasprintf(cause, "bad colour \"%s\" (a name, 0-255 or "
		    "#rrggbb)", theme_parse_color(argv[1], &c.fg) == -1 ?
		    argv[1] : argv[2]);
		return -1;
	}
	for (i = 3; i < argc; i++) {
		for (k = 0; k < sizeof attr_names / sizeof attr_names[0]; k++)
			if (strcmp(attr_names[k].name, argv[i]) == 0)
				break;
		if (k == sizeof attr_names / sizeof attr_names[0]) {
			xasprintf(cause, "unknown attribute \"%s\"", argv[i]);
			return -1;
		}
		c.attrs |= attr_names[k].attr;
	}
	t->c[e] = c;
	return e;
}

/* A file of `color' lines; problems are reported through warn. */
static int
theme_file(struct theme *t, const char *path,
    void (*warn)(void *, const char *), void *arg)
{
	struct buf	 msg = { 0 };
	FILE		*f;
	char		 line[1024], *argv[16], *cause;
	const char	*why;
	int		 n, argc;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	for (n = 1; fgets(line, sizeof line, f) != NULL; n++) {
		buf_reset(&msg);
		why = NULL;
		cause = NULL;
		if ((argc = config_split(line, argv, 16, &why)) == -1)
			buf_printf(&msg, "%s:%d: %s", path, n, why);
		else if (argc == 0)
			continue;
		else if (strcmp(argv[0], "color") != 0)
			buf_printf(&msg, "%s:%d: unknown line \"%s\"", path, n,
			    argv[0]);
		else if (theme_parse(t, argc - 1, argv + 1, &cause) == -1)
			buf_printf(&msg, "%s:%d: color: %s", path, n, cause);
		free(cause);
		if (msg.len > 0 && warn != NULL)
			warn(arg, msg.data);
	}
	fclose(f);
	buf_free(&msg);
	return 0;
}

int
theme_load(struct theme *t, const char *name, const char *userdir,
    void (*warn)(void *, const char *), void *arg)
{
	char	*path;
	int	 rc = -1;

	if (strchr(name, '/') != NULL || name[0] == '.')
		return -1;
	if (userdir != NULL) {
		xasprintf(&path, "%s/themes/%s.theme", userdir, name);
		rc = theme_file(t, path, warn, arg);
		free(path);
	}
	if (rc == -1) {
		xasprintf(&path, "%s/themes/%s.theme", paths_datadir(), name);
		rc = theme_file(t, path, warn, arg);
		free(path);
	}
	return rc;
}

/* The RGB value of palette entry i (xterm's 256 colours). */
static void
palette_rgb(int i, int *r, int *g, int *b)
{
	static const int	cube[6] = { 0, 95, 135, 175, 215, 255 };

	if (i < 16) {
		*r = basic_rgb[i][0];
		*g = basic_rgb[i][1];
		*b = basic_rgb[i][2];
	} else if (i < 232) {
		i -= 16;
		*r = cube[i / 36];
		*g = cube[(i / 6) % 6];
		*b = cube[i % 6];
	} else
		*r = *g = *b = 8 + (i - 232) * 10;
}

/* The nearest colour to c among the terminal's ncolors. */
static int
nearest(int c, int ncolors)
{
	int	r, g, b, i, best = 0, lo, hi;
	long	d, bestd = -1, dr, dg, db;

	if (c == THEME_DEFAULT)
		return -1;
	if (!(c & THEME_RGB) && c < ncolors)
		return c;
	if (c & THEME_RGB) {
		r = (c >> 16) & 0xFF;
		g = (c >> 8) & 0xFF;
		b = c & 0xFF;
	} else
		palette_rgb(c, &r, &g, &b);
	/* With 256 colours, leave out the 16 that themes often redefine. */
	lo = ncolors >= 256 ? 16 : 0;
	hi = ncolors >= 256 ? 256 : (ncolors >= 16 ? 16 : 8);
	for (i = lo; i < hi; i++) {
		int	pr, pg, pb;

		palette_rgb(i, &pr, &pg, &pb);
		dr = r - pr;
		dg = g - pg;
		db = b - pb;
		d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

static attr_t
curses_attrs(unsigned a)
{
	attr_t	r = A_NORMAL;

	if (a & THEME_A_BOLD)
		r |= A_BOLD;
	if (a & THEME_A_DIM)
		r |= A_DIM;
	if (a & THEME_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_A_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_A_ITALIC)
		r |= A_ITALIC;
	if (a & THEME_A_BLINK)
		r |= A_BLINK;
	if (a & THEME_A_STANDOUT)
		r |= A_STANDOUT;
	return r;
}

/* Set up a colour pair per element and fill out[] with their attributes. */
void
theme_apply(const struct theme *t, int color, attr_t *out)
{
	int	i, fg, bg, n = 0;

	if (color && has_colors() && start_color() == OK) {
		use_default_colors();
		n = COLORS;
	}
	for (i = 0; i < TH_COUNT; i++) {
		if (n < 8 || COLOR_PAIRS <= TH_COUNT) {
			out[i] = curses_attrs(t->c[i].attrs | mono_attrs[i]);
			continue;
		}
		fg = nearest(t->c[i].fg, n);
		bg = nearest(t->c[i].bg, n);
		init_pair((short)(i + 1), (short)fg, (short)bg);
		out[i] = COLOR_PAIR(i + 1) | curses_attrs(t->c[i].attrs);
	}
}
