/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_KEYS_H
#define KHABAR_KEYS_H

#include <stddef.h>

/*
 * Keys and commands without curses: a key is a Unicode code point (control
 * keys as their C0 code) or one of the UK_* codes above the Unicode range,
 * which ui.c translates from curses.  Commands are named in one table in
 * keys.c (name, default keys, function, help); the configuration file's
 * `bind KEY COMMAND' and the help screen use the same names.
 */

enum ukey {
	UK_UP = 0x110000,
	UK_DOWN,
	UK_LEFT,
	UK_RIGHT,
	UK_PGUP,
	UK_PGDN,
	UK_HOME,
	UK_END,
	UK_ENTER,
	UK_TAB,
	UK_BTAB,
	UK_BACKSPACE,
	UK_DELETE,
	UK_INSERT,
	UK_ESC,
	UK_F1,
	UK_F12 = UK_F1 + 11,
	UK_RESIZE,
	UK_MOUSE,
	UK_LAST
};

#define KEY_NAME_MAX	16

/* Parse a key name ("j", "Down", "C-f", "PgDn", "Space", "ب"); -1 if bad. */
int		 keys_parse(const char *);
/* Write the name of key into buf (KEY_NAME_MAX bytes); returns buf. */
char		*keys_name(int key, char *buf);

/* Look up a command by name; its index, or -1. */
int		 command_find(const char *);
/* The number of commands. */
size_t		 command_count(void);
/* The name of command i. */
const char	*command_name(size_t);
/* The help text of command i. */
const char	*command_help(size_t);

/* Reset the bindings to the defaults of the command table. */
void		 keys_defaults(void);
/* Bind key to command cmd (-1: unbind). */
void		 keys_bind(int key, int cmd);
/* The command bound to key, or -1. */
int		 keys_lookup(int key);
/* Write the keys bound to cmd, separated by spaces, into buf. */
void		 keys_for(int cmd, char *buf, size_t len);
/* Free the bindings. */
void		 keys_free(void);

#endif
