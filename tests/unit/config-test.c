/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/config/config.c and the key and colour parsing it relies
 * on.  Each row of a table is a configuration text, what it must set (as a
 * check function's expectation) and the error it must give, if any; a bad
 * line must never stop the lines after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/config.h"
#include "ui/keys.h"
#include "ui/theme.h"

struct row {
	const char	*text;
	const char	*field;		/* which value to check, or NULL */
	int		 want;
	const char	*error;		/* substring of the one error, or NULL */
};

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])

static int
field(const struct config *c, const char *name)
{
	if (strcmp(name, "bidi") == 0)
		return c->bidi;
	if (strcmp(name, "shape") == 0)
		return c->shape;
	if (strcmp(name, "layout") == 0)
		return c->layout;
	if (strcmp(name, "start-view") == 0)
		return c->start_view;
	if (strcmp(name, "ui-direction") == 0)
		return c->ui_dir;
	if (strcmp(name, "mouse") == 0)
		return c->mouse;
	if (strcmp(name, "list-width") == 0)
		return c->list_width;
	if (strcmp(name, "keep-articles-days") == 0)
		return c->keep_days;
	if (strcmp(name, "max-items") == 0)
		return c->keep_per_feed;
	if (strcmp(name, "nbinds") == 0)
		return (int)c->nbinds;
	return -999;
}

static const struct row settings[] = {
	{ "", "bidi", CONFIG_BIDI_APP, NULL },
	{ "bidi terminal", "bidi", CONFIG_BIDI_TERMINAL, NULL },
	{ "bidi off\n", "bidi", CONFIG_BIDI_OFF, NULL },
	{ "bidi sideways", "bidi", CONFIG_BIDI_APP,
	  "t.conf:1: bidi: bad value \"sideways\" (one of: app, terminal, off)" },
	{ "shape no", "shape", 0, NULL },
	{ "shape yes", "shape", 1, NULL },
	{ "shape maybe", "shape", 1, "t.conf:1: shape: bad value" },
	{ "layout horizontal", "layout", CONFIG_LAYOUT_HORIZONTAL, NULL },
	{ "layout single", "layout", CONFIG_LAYOUT_SINGLE, NULL },
	{ "start-view feeds", "start-view", CONFIG_VIEW_FEEDS, NULL },
	{ "start-view unread", "start-view", CONFIG_VIEW_UNREAD, NULL },
	{ "ui-direction rtl", "ui-direction", CONFIG_DIR_RTL, NULL },
	{ "mouse no", "mouse", 0, NULL },
	{ "list-width 50", "list-width", 50, NULL },
	{ "list-width 95", "list-width", 40, "from 20 to 80" },
	{ "list-width x", "list-width", 40, "bad value \"x\"" },
	{ "", "keep-articles-days", 90, NULL },
	{ "keep-articles-days 0", "keep-articles-days", 0, NULL },
	{ "keep-articles-days 365", "keep-articles-days", 365, NULL },
	{ "keep-articles-days -1", "keep-articles-days", 90, "from 0 to" },
	{ "", "max-items", 500, NULL },
	{ "max-items 0", "max-items", 0, NULL },
	{ "max-items 20", "max-items", 20, NULL },
	{ "max-items many", "max-items", 500, "bad value \"many\"" },
	{ "# a comment\n\n   bidi off   # and another", "bidi",
	  CONFIG_BIDI_OFF, NULL },
	{ "\"bidi\" \"off\"", "bidi", CONFIG_BIDI_OFF, NULL },
	{ "bidi \"off", "bidi", CONFIG_BIDI_APP, "t.conf:1: no closing quote" },
	{ "set bidi off", "bidi", CONFIG_BIDI_APP,
	  "t.conf:1: unknown setting \"set\"" },
	{ "frobnicate 1", NULL, 0, "unknown setting \"frobnicate\"" },
	{ "bidi", "bidi", CONFIG_BIDI_APP, "usage: bidi VALUE" },
	{ "bidi off on", "bidi", CONFIG_BIDI_APP, "usage: bidi VALUE" },
	/* A bad line does not stop the next; the line number is right. */
	{ "layout\nbidi off\nshape nope", "bidi", CONFIG_BIDI_OFF,
	  NULL },
	{ "\n\nshape nope\nshape no", "shape", 0, "t.conf:3: shape" },
	{ "theme", NULL, 0, "usage: theme VALUE" },
};

static const struct row binds[] = {
	{ "bind x quit", "nbinds", 1, NULL },
	{ "bind C-x quit\nbind Down prev\nunbind j", "nbinds", 3, NULL },
	{ "bind x frob", "nbinds", 0, "bind: unknown command \"frob\"" },
	{ "bind xy quit", "nbinds", 0, "bind: unknown key \"xy\"" },
	{ "bind x", "nbinds", 0, "usage: bind KEY COMMAND" },
	{ "bind x none", "nbinds", 1, NULL },
	{ "bind \xd8\xa8 next", "nbinds", 1, NULL },
	{ "bind F5 refresh-all", "nbinds", 1, NULL },
	{ "bind F13 refresh-all", "nbinds", 0, "unknown key" },
};

static const struct row colors[] = {
	{ "color hit red default bold", NULL, 0, NULL },
	{ "color hit #ff0000 17 underline reverse", NULL, 0, NULL },
	{ "color nothing red default", NULL, 0, "unknown element \"nothing\"" },
	{ "color hit crimson default", NULL, 0, "bad colour \"crimson\"" },
	{ "color hit red 256", NULL, 0, "bad colour \"256\"" },
	{ "color hit #12345 default", NULL, 0, "bad colour" },
	{ "color hit red default sparkly", NULL, 0,
	  "unknown attribute \"sparkly\"" },
	{ "color hit red", NULL, 0, "usage: color ELEMENT FG BG" },
};

static void
check_rows(const struct row *rows, size_t n)
{
	struct config	c;
	size_t		i;
	int		bad = 0, got;

	for (i = 0; i < n; i++) {
		config_init(&c);
		config_parse(&c, "t.conf", rows[i].text, strlen(rows[i].text));
		if (rows[i].field != NULL &&
		    (got = field(&c, rows[i].field)) != rows[i].want) {
			print_error("%s: %s is %d, want %d\n", rows[i].text,
			    rows[i].field, got, rows[i].want);
			bad = 1;
		}
		if (rows[i].error == NULL && c.nerrors > 0 &&
		    strcmp(rows[i].text, "layout\nbidi off\nshape nope") != 0) {
			print_error("%s: unexpected error %s\n", rows[i].text,
			    c.errors[0]);
			bad = 1;
		}
		if (rows[i].error != NULL && (c.nerrors != 1 ||
		    strstr(c.errors[0], rows[i].error) == NULL)) {
			print_error("%s: want one error with \"%s\", got %zu: "
			    "%s\n", rows[i].text, rows[i].error, c.nerrors,
			    c.nerrors > 0 ? c.errors[0] : "");
			bad = 1;
		}
		config_free(&c);
	}
	assert_int_equal(bad, 0);
}

static void
test_settings(void **state)
{
	(void)state;
	check_rows(settings, NROWS(settings));
}

static void
test_binds(void **state)
{
	(void)state;
	check_rows(binds, NROWS(binds));
}

static void
test_colors(void **state)
{
	(void)state;
	check_rows(colors, NROWS(colors));
}

/* Two errors in one file: both reported with their lines. */
static void
test_two_errors(void **state)
{
	struct config	c;
	const char	*t = "layout\nbidi off\nshape nope";

	(void)state;
	config_init(&c);
	config_parse(&c, "t.conf", t, strlen(t));
	assert_int_equal(c.nerrors, 2);
	assert_non_null(strstr(c.errors[0], "t.conf:1: usage: layout"));
	assert_non_null(strstr(c.errors[1], "t.conf:3: shape: bad value"));
	assert_int_equal(c.bidi, CONFIG_BIDI_OFF);
	config_free(&c);
}

static void
test_keys(void **state)
{
	char	buf[KEY_NAME_MAX];

	(void)state;
	assert_int_equal(keys_parse("j"), 'j');
	assert_int_equal(keys_parse("C-f"), 6);
	assert_int_equal(keys_parse("^F"), 6);
	assert_int_equal(keys_parse("Space"), ' ');
	assert_int_equal(keys_parse("pgdn"), UK_PGDN);
	assert_int_equal(keys_parse("F1"), UK_F1);
	assert_int_equal(keys_parse("\xd8\xa8"), 0x0628);
	assert_int_equal(keys_parse(""), -1);
	assert_int_equal(keys_parse("\x1b"), -1);
	assert_string_equal(keys_name(UK_BACKSPACE, buf), "Backspace");
	assert_string_equal(keys_name(6, buf), "C-f");
	assert_string_equal(keys_name(0x0628, buf), "\xd8\xa8");
	/* Every default key of the command table parses. */
	keys_defaults();
	assert_int_equal(keys_lookup('j'), command_find("next"));
	assert_int_equal(keys_lookup(UK_ENTER), command_find("open"));
	assert_int_equal(keys_lookup('Q'), command_find("quit-now"));
	keys_bind('j', -1);
	assert_int_equal(keys_lookup('j'), -1);
	keys_free();
}

static void
test_color_values(void **state)
{
	int	c;

	(void)state;
	assert_int_equal(theme_parse_color("default", &c), 0);
	assert_int_equal(c, THEME_DEFAULT);
	assert_int_equal(theme_parse_color("bright-white", &c), 0);
	assert_int_equal(c, 15);
	assert_int_equal(theme_parse_color("color200", &c), 0);
	assert_int_equal(c, 200);
	assert_int_equal(theme_parse_color("#00ff80", &c), 0);
	assert_int_equal(c, THEME_RGB | 0x00ff80);
	assert_int_equal(theme_parse_color("-1", &c), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_binds),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_two_errors),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_color_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
