/* khabar - ISC licence, see LICENSE. */
/*
 * The configuration file.  Settings are a table: a name, a type, where the
 * value goes in struct config, and for an enumeration the names of its
 * values in order.  `bind', `unbind' and `color' are checked here against
 * the command table (ui/keys.c) and the theme elements (ui/theme.c), so a
 * mistake is reported with its line even though the interface applies them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "refresh/refresh.h"
#include "ui/keys.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define CONFIG_MAX_WORDS	16
#define CONFIG_MAX_SIZE		(1024 * 1024)

enum setting_type {
	SET_ENUM,
	SET_BOOL,
	SET_INT,
	SET_STR
};

struct setting {
	const char		*name;
	enum setting_type	 type;
	size_t			 off;
	const char *const	*names;		/* SET_ENUM */
	int			 min, max;	/* SET_INT */
};

static const char *const bidi_names[] = { "app", "terminal", "off", NULL };
static const char *const layout_names[] = { "auto", "vertical",
	"horizontal", "single", NULL };
static const char *const view_names[] = { "all", "unread", "feeds", NULL };
static const char *const dir_names[] = { "auto", "ltr", "rtl", NULL };
static const char *const bool_names[] = { "no", "yes", NULL };

static const struct setting settings[] = {
	{ "bidi", SET_ENUM, offsetof(struct config, bidi), bidi_names, 0, 0 },
	{ "shape", SET_BOOL, offsetof(struct config, shape), NULL, 0, 0 },
	{ "layout", SET_ENUM, offsetof(struct config, layout), layout_names,
	  0, 0 },
	{ "start-view", SET_ENUM, offsetof(struct config, start_view),
	  view_names, 0, 0 },
	{ "ui-direction", SET_ENUM, offsetof(struct config, ui_dir), dir_names,
	  0, 0 },
	{ "mouse", SET_BOOL, offsetof(struct config, mouse), NULL, 0, 0 },
	{ "list-width", SET_INT, offsetof(struct config, list_width), NULL,
	  20, 80 },
	{ "theme", SET_STR, offsetof(struct config, theme), NULL, 0, 0 },
	{ "browser", SET_STR, offsetof(struct config, browser), NULL, 0, 0 },
	{ "date-format", SET_STR, offsetof(struct config, date_format), NULL,
	  0, 0 },
	{ "article-date-format", SET_STR,
	  offsetof(struct config, article_date_format), NULL, 0, 0 },
	{ "full-article-threshold", SET_INT,
	  offsetof(struct config, full_article_threshold), NULL, 0, 1000000 },
	{ "keep-articles-days", SET_INT, offsetof(struct config, keep_days),
	  NULL, 0, 100000 },
	{ "max-items", SET_INT, offsetof(struct config, keep_per_feed), NULL,
	  0, 10000000 },
};
#define NSETTINGS	(sizeof settings / sizeof settings[0])

static const char	*config_file;	/* for errors: the file being read */
static int		 config_line;

static int	config_set(struct config *, const struct setting *,
		    const char *);
static void	config_do_line(struct config *, char *);
static int	config_bool(const char *);

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->bidi = CONFIG_BIDI_APP;
	cfg->shape = 1;
	cfg->layout = CONFIG_LAYOUT_AUTO;
	cfg->start_view = CONFIG_VIEW_ALL;
	cfg->ui_dir = CONFIG_DIR_AUTO;
	cfg->mouse = 1;
	cfg->list_width = 40;
	cfg->full_article_threshold = 280;
	cfg->keep_days = REFRESH_KEEP_DAYS;
	cfg->keep_per_feed = REFRESH_KEEP_PER_FEED;
	cfg->theme = xstrdup("default");
	cfg->date_format = xstrdup("%d %b");
	cfg->article_date_format = xstrdup("%a %d %b %Y %H:%M %Z");
	theme_builtin(&cfg->colors);
}

void
config_free(struct config *cfg)
{
	size_t	i;

	free(cfg->theme);
	free(cfg->browser);
	free(cfg->date_format);
	free(cfg->article_date_format);
	free(cfg->binds);
	for (i = 0; i < cfg->nerrors; i++)
		free(cfg->errors[i]);
	free(cfg->errors);
	memset(cfg, 0, sizeof *cfg);
}

void
config_error(struct config *cfg, const char *fmt, ...)
{
	struct buf	b = { 0 };
	char		*msg;
	va_list		 ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	if (config_file != NULL)
		buf_printf(&b, "%s:%d: ", config_file, config_line);
	buf_adds(&b, msg != NULL ? msg : "out of memory");
	free(msg);
	cfg->errors = xreallocarray(cfg->errors, cfg->nerrors + 1,
	    sizeof *cfg->errors);
	cfg->errors[cfg->nerrors++] = buf_detach(&b, NULL);
}

int
config_split(char *line, char **argv, int max, const char **cause)
{
	char	*p = line, *w;
	int	 n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		/* A comment: # first on the line, or # alone (not #rrggbb). */
		if (*p == '\0' || (*p == '#' && (n == 0 || p[1] == '\0' ||
		    p[1] == ' ' || p[1] == '\t' || p[1] == '\r' ||
		    p[1] == '\n')))
			return n;
		if (n == max) {
			*cause = "too many words";
			return -1;
		}
		if (*p == '"') {
			w = ++p;
			argv[n++] = w;
			/* \" and \\ inside quotes; copy down over the escapes. */
			while (*p != '"') {
				if (*p == '\0') {
					*cause = "no closing quote";
					return -1;
				}
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*w++ = *p++;
			}
			p++;
			*w = '\0';
			if (*p != '\0' && *p != ' ' && *p != '\t' &&
			    *p != '\r' && *p != '\n') {
				*cause = "text after a closing quote";
				return -1;
			}
			continue;
		}
		argv[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\n')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}

static int
config_bool(const char *v)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
		return 0;
	return -1;
}

static int
config_set(struct config *cfg, const struct setting *s, const char *v)
{
	char	*base = (char *)cfg, **sp, *end;
	int	*ip = (int *)(base + s->off), i, b;
	long	 n;

	switch (s->type) {
	case SET_ENUM:
		for (i = 0; s->names[i] != NULL; i++) {
			if (strcmp(s->names[i], v) == 0) {
				*ip = i;
				return 0;
			}
		}
		{
			struct buf	l = { 0 };

			for (i = 0; s->names[i] != NULL; i++)
				buf_printf(&l, "%s%s", i > 0 ? ", " : "",
				    s->names[i]);
			config_error(cfg, "%s: bad value \"%s\" (one of: %s)",
			    s->name, v, l.data);
			buf_free(&l);
		}
		return -1;
	case SET_BOOL:
		if ((b = config_bool(v)) == -1) {
			config_error(cfg, "%s: bad value \"%s\" (yes or no)",
			    s->name, v);
			return -1;
		}
		*ip = b;
		return 0;
	case SET_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < s->min ||
		    n > s->max) {
			config_error(cfg, "%s: bad value \"%s\" (a number "
			    "from %d to %d)", s->name, v, s->min, s->max);
			return -1;
		}
		*ip = (int)n;
		return 0;
	case SET_STR:
		if (*v == '\0') {
			config_error(cfg, "%s: empty value", s->name);
			return -1;
		}
		sp = (char **)(base + s->off);
		free(*sp);
		*sp = xstrdup(v);
		return 0;
	}
	return -1;
}

static void
config_do_line(struct config *cfg, char *line)
{
	char		*argv[CONFIG_MAX_WORDS], *cause;
	const char	*why = NULL;
	size_t		 i;
	int		 argc, key, cmd, e;

	if ((argc = config_split(line, argv, CONFIG_MAX_WORDS, &why)) == -1) {
		config_error(cfg, "%s", why);
		return;
	}
	if (argc == 0)
		return;
	if (strcmp(argv[0], "bind") == 0 || strcmp(argv[0], "unbind") == 0) {
		if (argc != (argv[0][0] == 'b' ? 3 : 2)) {
			config_error(cfg, "usage: %s", argv[0][0] == 'b' ?
			    "bind KEY COMMAND" : "unbind KEY");
			return;
		}
		if ((key = keys_parse(argv[1])) == -1) {
			config_error(cfg, "%s: unknown key \"%s\"", argv[0],
			    argv[1]);
			return;
		}
		cmd = -1;
		if (argc == 3 && strcmp(argv[2], "none") != 0 &&
		    (cmd = command_find(argv[2])) == -1) {
			config_error(cfg, "bind: unknown command \"%s\"",
			    argv[2]);
			return;
		}
		cfg->binds = xreallocarray(cfg->binds, cfg->nbinds + 1,
		    sizeof *cfg->binds);
		cfg->binds[cfg->nbinds].key = key;
		cfg->binds[cfg->nbinds++].cmd = cmd;
		return;
	}
	if (strcmp(argv[0], "color") == 0) {
		if ((e = theme_parse(&cfg->colors, argc - 1, argv + 1,
		    &cause)) == -1) {
			config_error(cfg, "color: %s", cause);
			free(cause);
			return;
		}
		cfg->colors_set[e] = 1;
		return;
	}
	for (i = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].name, argv[0]) != 0)
			continue;
		if (argc != 2) {
			config_error(cfg, "usage: %s VALUE", argv[0]);
			return;
		}
		config_set(cfg, &settings[i], argv[1]);
		return;
	}
	config_error(cfg, "unknown setting \"%s\"", argv[0]);
}

size_t
config_parse(struct config *cfg, const char *file, const char *text,
    size_t len)
{
	size_t		 before = cfg->nerrors;
	const char	*p = text, *end = text + len, *nl;
	char		*line;

	config_file = file;
	config_line = 0;
	while (p < end) {
		config_line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line = xstrndup(p, (size_t)(nl - p));
		if (strlen(line) != (size_t)(nl - p))
			config_error(cfg, "NUL byte in the line");
		else
			config_do_line(cfg, line);
		free(line);
		p = nl + 1;
	}
	config_file = NULL;
	return cfg->nerrors - before;
}

size_t
config_load(struct config *cfg, const char *path, int must_exist)
{
	struct buf	 b = { 0 };
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno != ENOENT || must_exist) {
			config_error(cfg, "%s: %s", path, strerror(errno));
			return 1;
		}
		return 0;
	}
	do {
		buf_grow(&b, 8192);
		n = fread(b.data + b.len, 1, 8192, f);
		b.len += n;
	} while (n > 0 && b.len <= CONFIG_MAX_SIZE);
	if (ferror(f) || b.len > CONFIG_MAX_SIZE) {
		config_error(cfg, "%s: %s", path, ferror(f) ? strerror(errno) :
		    "larger than 1 MiB");
		fclose(f);
		buf_free(&b);
		return 1;
	}
	fclose(f);
	n = config_parse(cfg, path, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return n;
}

const char *
config_value_name(const char *setting, int value)
{
	size_t	i;
	int	k;

	for (i = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].name, setting) != 0)
			continue;
		if (settings[i].type == SET_BOOL)
			return bool_names[value != 0];
		if (settings[i].type != SET_ENUM)
			return "";
		for (k = 0; settings[i].names[k] != NULL; k++)
			if (k == value)
				return settings[i].names[k];
	}
	return "";
}
