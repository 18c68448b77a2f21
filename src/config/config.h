/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_CONFIG_H
#define KHABAR_CONFIG_H

#include <stddef.h>

#include "ui/theme.h"

/*
 * The configuration file: one setting a line, `NAME VALUE', newsboat
 * style without `set'; `bind KEY COMMAND', `unbind KEY', `color ELEMENT FG
 * BG [ATTR...]'; `#' first on a line or followed by a blank starts a
 * comment (so #rrggbb is a colour).  A value may be in double quotes.
 * A bad line is reported as "FILE:LINE: reason" in errors and skipped: the
 * rest of the file still counts, and the defaults stand in for the rest.
 */

enum config_bidi {
	CONFIG_BIDI_APP,		/* khabar reorders and shapes */
	CONFIG_BIDI_TERMINAL,		/* logical order: the terminal reorders */
	CONFIG_BIDI_OFF			/* raw logical text */
};

enum config_layout {
	CONFIG_LAYOUT_AUTO,		/* vertical from 120 columns, else single */
	CONFIG_LAYOUT_VERTICAL,		/* side by side */
	CONFIG_LAYOUT_HORIZONTAL,	/* stacked */
	CONFIG_LAYOUT_SINGLE		/* one pane at a time */
};

enum config_view {
	CONFIG_VIEW_ALL,
	CONFIG_VIEW_UNREAD,
	CONFIG_VIEW_FEEDS
};

enum config_dir {
	CONFIG_DIR_AUTO,		/* from the locale's language */
	CONFIG_DIR_LTR,
	CONFIG_DIR_RTL
};

struct config_bind {
	int	key;
	int	cmd;			/* -1: unbind */
};

struct config {
	int			 bidi;		/* enum config_bidi */
	int			 shape;
	int			 layout;	/* enum config_layout */
	int			 start_view;	/* enum config_view */
	int			 ui_dir;	/* enum config_dir */
	int			 mouse;
	int			 list_width;	/* percent, vertical layout */
	char			*theme;
	char			*browser;	/* NULL: $BROWSER, xdg-open */
	char			*date_format;	/* headline dates */
	char			*article_date_format;
	int			 full_article_threshold; /* characters; 0: off */
	int			 keep_days;	/* retention by age; 0: none */
	int			 keep_per_feed;	/* retention by count; 0: none */

	struct config_bind	*binds;
	size_t			 nbinds;
	struct theme		 colors;	/* `color' lines ... */
	int			 colors_set[TH_COUNT]; /* ... and which */

	char			**errors;	/* "FILE:LINE: reason" */
	size_t			 nerrors;
};

/* Fill cfg with the defaults. */
void	config_init(struct config *);
/* Free what cfg holds. */
void	config_free(struct config *);
/*
 * Read the file at path into cfg; a missing file is no error unless
 * must_exist.  Returns the number of errors added to cfg->errors.
 */
size_t	config_load(struct config *, const char *path, int must_exist);
/* Read configuration text held in memory; file names it in errors. */
size_t	config_parse(struct config *, const char *file, const char *text,
	    size_t len);
/* Record an error; printf-like. */
void	config_error(struct config *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Split a line into at most max words in place (quotes group, a comment
 * ends the line); returns the count, or -1 with *cause.
 */
int	config_split(char *line, char **argv, int max, const char **cause);
/* The name of a setting's value, for display ("app", "vertical"...). */
const char *config_value_name(const char *setting, int value);

#endif
