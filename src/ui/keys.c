/* khabar - ISC licence, see LICENSE. */
/*
 * The command table and the key bindings.  Each command is defined once,
 * here: its name (what `bind' and the help screen use), its default keys,
 * the function that runs it and one line of help.  The bindings are a small
 * array of (key, command) searched linearly: there are a few dozen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/utf8.h"
#include "ui/keys.h"
#include "ui/ui.h"
#include "util/xmalloc.h"

struct command {
	const char	*name;
	const char	*keys;		/* default keys, space-separated */
	int		(*fn)(struct ui *, int);
	const char	*help;
};

static const struct command commands[] = {
	{ "next", "j Down", ui_cmd_next, "move down a headline or a line" },
	{ "prev", "k Up", ui_cmd_prev, "move up a headline or a line" },
	{ "page-down", "PgDn C-f", ui_cmd_page_down, "move down a page" },
	{ "page-up", "PgUp C-b", ui_cmd_page_up, "move up a page" },
	{ "first", "g Home", ui_cmd_first, "go to the first headline or line" },
	{ "last", "G End", ui_cmd_last, "go to the last headline or line" },
	{ "open", "Enter", ui_cmd_open,
	  "open the headline or feed; after a number N, follow link N" },
	{ "switch-pane", "Tab", ui_cmd_switch_pane,
	  "switch between headlines and article" },
	{ "page", "Space", ui_cmd_page,
	  "page through the article, then open the next unread" },
	{ "next-unread", "n", ui_cmd_next_unread,
	  "next unread article; next match after a search" },
	{ "prev-unread", "p", ui_cmd_prev_unread, "previous unread article" },
	{ "toggle-read", "N", ui_cmd_toggle_read,
	  "mark read or unread; previous match after a search" },
	{ "star", "s", ui_cmd_star, "star or unstar the article" },
	{ "mark-feed-read", "A", ui_cmd_mark_feed_read,
	  "mark every article in the list read" },
	{ "refresh", "r", ui_cmd_refresh, "refresh the current feed" },
	{ "refresh-all", "R", ui_cmd_refresh_all, "refresh all feeds" },
	{ "open-browser", "o", ui_cmd_open_browser,
	  "open the article (or link N) in $BROWSER" },
	{ "follow-link", "f", ui_cmd_follow_link,
	  "follow a numbered link inside khabar" },
	{ "full-article", "x", ui_cmd_full_article,
	  "fetch and show the full article" },
	{ "back", "Backspace h", ui_cmd_back, "go back to the previous page" },
	{ "search", "/", ui_cmd_search, "search the cache" },
	{ "search-next", "", ui_cmd_search_next, "next match in the article" },
	{ "search-prev", "", ui_cmd_search_prev,
	  "previous match in the article" },
	{ "copy-link", "y", ui_cmd_copy_link,
	  "copy the link to the clipboard (OSC 52)" },
	{ "bidi-mode", "b", ui_cmd_bidi, "cycle bidi: app, terminal, off" },
	{ "toggle-shape", "S", ui_cmd_shape, "Arabic shaping on or off" },
	{ "layout", "v", ui_cmd_layout,
	  "cycle layout: auto, vertical, horizontal, single" },
	{ "feeds", "F", ui_cmd_feeds, "show the feeds" },
	{ "help", "? F1", ui_cmd_help, "show the key bindings" },
	{ "redraw", "C-l", ui_cmd_redraw, "redraw the screen" },
	{ "quit", "q", ui_cmd_quit, "go back, or quit" },
	{ "quit-now", "Q", ui_cmd_quit_now, "quit" },
	{ "cancel", "Esc", ui_cmd_cancel, "cancel a number, a search or a fetch" },
};
#define NCOMMANDS	(sizeof commands / sizeof commands[0])

static const struct {
	const char	*name;
	int		 key;
} key_names[] = {
	{ "Up", UK_UP }, { "Down", UK_DOWN }, { "Left", UK_LEFT },
	{ "Right", UK_RIGHT }, { "PgUp", UK_PGUP }, { "PgDn", UK_PGDN },
	{ "PageUp", UK_PGUP }, { "PageDown", UK_PGDN }, { "PPage", UK_PGUP },
	{ "NPage", UK_PGDN }, { "Home", UK_HOME }, { "End", UK_END },
	{ "Enter", UK_ENTER }, { "Return", UK_ENTER }, { "Tab", UK_TAB },
	{ "BTab", UK_BTAB }, { "S-Tab", UK_BTAB },
	{ "Backspace", UK_BACKSPACE }, { "BSpace", UK_BACKSPACE },
	{ "Delete", UK_DELETE }, { "Del", UK_DELETE },
	{ "Insert", UK_INSERT }, { "Esc", UK_ESC }, { "Escape", UK_ESC },
	{ "Space", ' ' },
};
#define NKEYNAMES	(sizeof key_names / sizeof key_names[0])

struct binding {
	int	key;
	int	cmd;
};
static struct binding	*bindings;
static size_t		 nbindings, bindalloc;

int
keys_parse(const char *s)
{
	size_t		i, len = strlen(s), n;
	uint32_t	c;
	char		*end;
	long		f;

	if (len == 0)
		return -1;
	for (i = 0; i < NKEYNAMES; i++)
		if (strcasecmp(s, key_names[i].name) == 0)
			return key_names[i].key;
	if ((s[0] == 'F' || s[0] == 'f') && len > 1 && len <= 3) {
		f = strtol(s + 1, &end, 10);
		if (*end == '\0' && f >= 1 && f <= 12)
			return UK_F1 + (int)f - 1;
	}
	if (len == 2 && s[0] == '^' && s[1] != '\0')
		s = s + 1;
	else if (len == 3 && (s[0] == 'C' || s[0] == 'c') && s[1] == '-')
		s = s + 2;
	else {
		n = utf8_decode(s, len, &c);
		if (n != len || c == UTF8_REPLACEMENT || c < 0x20 ||
		    c == 0x7F || (c >= 0x80 && c < 0xA0))
			return -1;
		return (int)c;
	}
	/* A control key: C-a ... C-z and a few punctuation keys. */
	if ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))
		return s[0] & 0x1F;
	if (s[0] >= '@' && s[0] <= '_')
		return s[0] & 0x1F;
	return -1;
}

char *
keys_name(int key, char *buf)
{
	size_t	i, n;

	for (i = 0; i < NKEYNAMES; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, KEY_NAME_MAX, "%s", key_names[i].name);
			return buf;
		}
	}
	if (key >= UK_F1 && key <= UK_F12)
		snprintf(buf, KEY_NAME_MAX, "F%d", key - UK_F1 + 1);
	else if (key >= 0 && key < 0x20)
		snprintf(buf, KEY_NAME_MAX, "C-%c", key + 'a' - 1);
	else if (key > 0x20 && key < 0x110000) {
		n = utf8_encode((uint32_t)key, buf);
		buf[n] = '\0';
	} else
		snprintf(buf, KEY_NAME_MAX, "?");
	return buf;
}

int
command_find(const char *name)
{
	size_t	i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (int)i;
	return -1;
}

size_t
command_count(void)
{
	return NCOMMANDS;
}

const char *
command_name(size_t i)
{
	return commands[i].name;
}

const char *
command_help(size_t i)
{
	return commands[i].help;
}

/* Run command i; returns its redraw mask. */
int
command_run(size_t i, struct ui *ui, int count)
{
	return commands[i].fn(ui, count);
}

void
keys_bind(int key, int cmd)
{
	size_t	i;

	for (i = 0; i < nbindings; i++) {
		if (bindings[i].key == key) {
			if (cmd == -1)
				bindings[i] = bindings[--nbindings];
			else
				bindings[i].cmd = cmd;
			return;
		}
	}
	if (cmd == -1)
		return;
	if (nbindings == bindalloc) {
		bindalloc = bindalloc == 0 ? 64 : bindalloc * 2;
		bindings = xreallocarray(bindings, bindalloc, sizeof *bindings);
	}
	bindings[nbindings].key = key;
	bindings[nbindings++].cmd = cmd;
}

void
keys_defaults(void)
{
	char		 name[KEY_NAME_MAX * 4];
	const char	*p, *q;
	size_t		 i, n;
	int		 key;

	nbindings = 0;
	for (i = 0; i < NCOMMANDS; i++) {
		for (p = commands[i].keys; *p != '\0'; p = q) {
			while (*p == ' ')
				p++;
			for (q = p; *q != '\0' && *q != ' '; q++)
				;
			n = (size_t)(q - p);
			if (n == 0 || n >= sizeof name)
				continue;
			memcpy(name, p, n);
			name[n] = '\0';
			if ((key = keys_parse(name)) != -1)
				keys_bind(key, (int)i);
		}
	}
}

int
keys_lookup(int key)
{
	size_t	i;

	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key)
			return bindings[i].cmd;
	return -1;
}

void
keys_for(int cmd, char *buf, size_t len)
{
	char	name[KEY_NAME_MAX];
	size_t	i, used = 0;
	int	n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < nbindings; i++) {
		if (bindings[i].cmd != cmd)
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used > 0 ? " " :
		    "", keys_name(bindings[i].key, name));
		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = '\0';
			return;
		}
		used += (size_t)n;
	}
}

void
keys_free(void)
{
	free(bindings);
	bindings = NULL;
	nbindings = bindalloc = 0;
}
