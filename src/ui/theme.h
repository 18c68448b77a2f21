/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_THEME_H
#define KHABAR_THEME_H

/*
 * Themes: a colour and attributes for each element of the screen.  A theme
 * file holds lines `color ELEMENT FG BG [ATTR...]' (the same as in the
 * configuration file), where a colour is a name (default, black, red, ...,
 * bright-white), a number 0-255 or #rrggbb.  Parsing needs no terminal;
 * theme_apply() maps the colours to what the terminal has.
 */

enum theme_elem {
	TH_NORMAL,		/* text with no other element */
	TH_SELECTED,		/* the cursor line */
	TH_UNREAD,		/* an unread headline */
	TH_DATE,
	TH_FEED,		/* the feed column */
	TH_MARK,		/* unread and star marks */
	TH_TITLE,		/* the article's title */
	TH_META,		/* feed, author, date, link of the article */
	TH_HEADING,
	TH_LINK,
	TH_QUOTE,
	TH_CODE,
	TH_HIT,			/* a search match */
	TH_STATUS,		/* the status bar */
	TH_ERROR,		/* an error in the status bar */
	TH_BORDER,		/* the line between panes */
	TH_PROMPT,		/* the input line */
	TH_HELPKEY,		/* keys on the help screen */
	TH_COUNT
};

#define THEME_DEFAULT	(-1)		/* the terminal's own colour */
#define THEME_RGB	0x1000000	/* | 0xRRGGBB */

#define THEME_A_BOLD		0x01U
#define THEME_A_DIM		0x02U
#define THEME_A_UNDERLINE	0x04U
#define THEME_A_REVERSE		0x08U
#define THEME_A_ITALIC		0x10U
#define THEME_A_BLINK		0x20U
#define THEME_A_STANDOUT	0x40U

struct theme_color {
	int		fg, bg;		/* THEME_DEFAULT, 0-255 or RGB */
	unsigned	attrs;
};

struct theme {
	struct theme_color	c[TH_COUNT];
};

/* The built-in theme (the same as themes/default.theme). */
void		 theme_builtin(struct theme *);
/* Look up an element by name; -1 if unknown. */
int		 theme_elem_find(const char *);
/* The name of element e. */
const char	*theme_elem_name(int);
/* Parse a colour; 0, or -1 if it is not one. */
int		 theme_parse_color(const char *, int *);
/*
 * Apply one `color' line, split into words after `color': ELEMENT FG BG
 * [ATTR...]; the element, or -1 with *cause (freed by the caller).
 */
int		 theme_parse(struct theme *, int argc, char **argv,
		    char **cause);
/*
 * Load the theme called name: userdir/NAME.theme first, then the installed
 * themes.  Each problem is reported through warn as "FILE:LINE: reason";
 * returns -1 if there is no such theme.
 */
int		 theme_load(struct theme *, const char *name,
		    const char *userdir, void (*warn)(void *, const char *),
		    void *arg);

#endif
