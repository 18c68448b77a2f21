/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_UI_H
#define KHABAR_UI_H

/*
 * The interface, shared by the files of src/ui/ (the only ones that include
 * curses.h).  One struct ui holds the whole state: the headline list (a
 * window of rows read from the cache around the cursor), the feeds list,
 * the article history (a stack of laid-out documents) and the status bar.
 * Commands change the state and return a redraw mask; the loop in ui.c
 * draws what the mask names once per pass, into stdscr, and lets curses
 * send only the cells that changed.
 */

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdint.h>

#include "config/config.h"
#include "refresh/refresh.h"
#include "html/text.h"
#include "store/items.h"
#include "text/layout.h"
#include "ui/theme.h"
#include "util/buf.h"

#define UI_REDRAW_LIST		0x01
#define UI_REDRAW_ARTICLE	0x02
#define UI_REDRAW_STATUS	0x04
#define UI_REDRAW_LAYOUT	0x08	/* geometry changed: all of it */
#define UI_REDRAW_ALL		0x0F
#define UI_QUIT			0x100

enum ui_pane {
	PANE_LIST,
	PANE_ARTICLE
};

/* A rectangle of the screen, in cells. */
struct region {
	int	y, x, h, w;
};

/* One block of a document: a paragraph analysed once, wrapped per width. */
struct art_block {
	char		*text;
	uint32_t	*attr;
	size_t		 len;
	enum block_kind	 kind;
	enum text_dir	 dir;
	int		 indent, quote, tight;
	char		 marker[16];
	int		 marker_cols;
	int		 elem;		/* the theme element of plain text */
	struct para	*p;
	struct layout	 lay;
	struct para	*mp;		/* the list marker */
	struct layout	 mlay;
	/* The margin at the width last wrapped to (see html2text.c). */
	int		 m_indent, m_bars, m_mcols, m_avail, rtl;
};

/* A screen line of a document: row of block, or a blank line. */
struct art_line {
	uint32_t	block;
	int32_t		row;		/* -1: blank */
};

struct ui_link {
	char	*url;
	char	*title;
};

/* A document in the article pane: an article, a followed page, the help. */
struct doc {
	int64_t			 item_id;	/* 0: not an article */
	int64_t			 feed_id;
	char			*url;		/* the article's or page's URL */
	char			*title;
	int			 local;		/* may follow file:// links */
	int			 full;		/* the stored full article */
	int			 want_full;	/* opening it fetches that */
	int			 back_focus;	/* focus to restore, or -1 */
	struct art_block	*b;
	size_t			 nb;
	struct ui_link		*links;
	size_t			 nlinks;
	struct art_line		*lines;
	size_t			 nlines, linealloc;
	int			 width;		/* wrapped at; 0: not yet */
	size_t			 top;
	size_t			*hits;		/* lines with a search match */
	size_t			 nhits;
};

struct list {
	struct store_filter	 filter;
	char			*name;		/* "All articles", a feed... */
	char			*search;	/* owned copy of filter.search */
	size_t			 total;		/* at least, until counted */
	int			 counted;
	size_t			 cur, top;
	struct store_rows	 rows;		/* rows[i] is item off + i */
	size_t			 off;
	struct para		**titles;	/* per cached row, lazily */
	struct para		**feeds;
	int64_t			 shown;		/* item in the article pane */
};

struct feeds_pane {
	struct store_feeds	 f;
	size_t			 cur, top;
	size_t			 unread, total, starred;
	struct para		**names;	/* per entry, lazily */
	size_t			 nnames;
};

struct ui {
	struct config		*cfg;
	struct store		*st;
	const char		*cache_path;
	const char		*feeds_path;
	attr_t			 attr[TH_COUNT];
	int			 rtl;		/* mirrored interface */
	int			 bidi, shape;
	int			 layout;	/* enum config_layout */
	int			 eff;		/* the layout in effect */
	enum ui_pane		 focus;
	int			 feeds_view;	/* the feeds in the list slot */
	int			 from_feeds;
	struct region		 r_list, r_art, r_status, r_sep;
	int			 sep_vertical;

	struct list		 list;
	struct feeds_pane	 feeds;
	struct doc		**hist;		/* the article pane's history */
	size_t			 nhist;

	int			 count;		/* a number typed, -1: none */
	int			 prompt;	/* 0, '/' or 'f' */
	struct buf		 input;
	char			*search;	/* the last search */
	char			*msg;
	int			 msg_error;

	struct fetcher		*fetcher;
	int			 fetching;
	struct refresh		*refresh;	/* running in the background */
	struct store		*refresh_st;	/* its own connection */
	size_t			 refresh_done, refresh_total;
	int			 refresh_ended;
	int			 pending;	/* redraw asked by callbacks */
	int			 show_list, show_art;
	int			 quit;

	int64_t			 full_id;	/* full article being fetched */
	int64_t			*full_tried;	/* items fetched this session */
	size_t			 nfull_tried;
};

/* ui.c */
/* Run the reader; on the first start (first_run) an empty cache is
 * refreshed at once. */
int		 ui_run(struct config *, struct store *, const char *cache,
		    const char *feeds, const char *themedir, int first_run);
void		 ui_message(struct ui *, int error, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
struct para_opts ui_para_opts(const struct ui *, enum text_dir);
size_t		 ui_strftime(char *, size_t, const char *, int64_t);
int		 ui_open_current(struct ui *, int focus);
int		 command_run(size_t, struct ui *, int);

/* term.c */
int		 term_start(char **cause, char **note);
void		 term_end(void);
void		 term_suspend(void);
void		 term_bdsm(int explicit_mode);
void		 term_osc52(const char *);
int		 term_signal_pending(int *quit, int *suspend, int *resume);
void		 term_signals(void);

/* theme.c */
void		 theme_apply(const struct theme *, int color, attr_t *);

/* draw.c: where draw_para() and draw_text() put a row in its width. */
#define DRAW_OWN	0	/* the paragraph's own side */
#define DRAW_RIGHT	1
#define DRAW_LEFT	2
void		 draw_fill(int y, int x, int w, attr_t);
int		 draw_row(int y, int x, int w, const struct layout_row *,
		    attr_t base, const attr_t *theme);
int		 draw_text(const struct ui *, int y, int x, int w,
		    const char *, attr_t, enum text_dir, int align);
int		 draw_para(int y, int x, int w, struct para *, struct layout *,
		    attr_t, const attr_t *theme, int align);

/* pane_list.c */
void		 list_init(struct ui *);
void		 list_set(struct ui *, const struct store_filter *,
		    const char *name);
void		 list_reload(struct ui *, int keep);
int		 list_count(struct ui *);
void		 list_forget_paras(struct ui *);
struct store_row *list_row(struct ui *, size_t);
void		 list_draw(struct ui *);
int		 list_move(struct ui *, long delta);
int		 list_find_unread(struct ui *, int dir);
void		 list_free(struct ui *);

/* pane_feeds.c */
void		 pane_feeds_load(struct ui *);
void		 pane_feeds_draw(struct ui *);
int		 pane_feeds_move(struct ui *, long delta);
int		 pane_feeds_open(struct ui *);
void		 pane_feeds_free(struct ui *);

/* pane_article.c */
struct doc	*doc_from_item(struct ui *, const struct store_item *);
struct doc	*doc_from_page(struct ui *, const char *, size_t,
		    const char *url, const char *charset, int local,
		    char **cause);
struct extract;
struct doc	*doc_from_fulltext(struct ui *, const struct store_item *,
		    const struct extract *, const char *url,
		    int64_t fetched_at);
struct doc	*doc_help(struct ui *);
struct doc	*doc_message(struct ui *, const char *);
void		 doc_free(struct doc *);
void		 doc_wrap(struct ui *, struct doc *, int width);
void		 doc_reanalyse(struct ui *, struct doc *);
void		 doc_search(struct ui *, struct doc *, const char *);
void		 article_draw(struct ui *);
void		 article_set(struct ui *, struct doc *);
void		 article_push(struct ui *, struct doc *);
int		 article_pop(struct ui *);
struct doc	*article_doc(struct ui *);
int		 article_scroll(struct ui *, long delta);
void		 article_free(struct ui *);

/* Commands: see the table in keys.c. */
int	ui_cmd_next(struct ui *, int);
int	ui_cmd_prev(struct ui *, int);
int	ui_cmd_page_down(struct ui *, int);
int	ui_cmd_page_up(struct ui *, int);
int	ui_cmd_first(struct ui *, int);
int	ui_cmd_last(struct ui *, int);
int	ui_cmd_open(struct ui *, int);
int	ui_cmd_switch_pane(struct ui *, int);
int	ui_cmd_page(struct ui *, int);
int	ui_cmd_next_unread(struct ui *, int);
int	ui_cmd_prev_unread(struct ui *, int);
int	ui_cmd_toggle_read(struct ui *, int);
int	ui_cmd_star(struct ui *, int);
int	ui_cmd_mark_feed_read(struct ui *, int);
int	ui_cmd_refresh(struct ui *, int);
int	ui_cmd_refresh_all(struct ui *, int);
int	ui_cmd_open_browser(struct ui *, int);
int	ui_cmd_follow_link(struct ui *, int);
int	ui_cmd_full_article(struct ui *, int);
int	ui_cmd_back(struct ui *, int);
int	ui_cmd_search(struct ui *, int);
int	ui_cmd_search_next(struct ui *, int);
int	ui_cmd_search_prev(struct ui *, int);
int	ui_cmd_copy_link(struct ui *, int);
int	ui_cmd_bidi(struct ui *, int);
int	ui_cmd_shape(struct ui *, int);
int	ui_cmd_layout(struct ui *, int);
int	ui_cmd_feeds(struct ui *, int);
int	ui_cmd_help(struct ui *, int);
int	ui_cmd_redraw(struct ui *, int);
int	ui_cmd_quit(struct ui *, int);
int	ui_cmd_quit_now(struct ui *, int);
int	ui_cmd_cancel(struct ui *, int);

#endif
