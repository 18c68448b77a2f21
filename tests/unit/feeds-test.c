/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/config/: the feeds-file parser (a table of lines and what
 * each must give), its writer (atomic, the old bytes kept), the paths from
 * the environment, first-run creation, and OPML read from the fixtures in
 * tests/data/config and written back.  Files go to a temporary directory;
 * the tests never look at the real home.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include <cmocka.h>

#include "cmd/cmd.h"
#include "config/feeds.h"
#include "config/opml.h"
#include "config/paths.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])

/* One feeds-file line and what it must parse to. */
struct row {
	const char	*line;
	const char	*url;		/* NULL: no feed */
	const char	*tags;		/* feeds_tags_format(), or NULL */
	const char	*title;
	int		 hidden;
	const char	*warning;	/* a substring, or NULL for none */
};

static const struct row rows[] = {
	{ "https://a.example/feed", "https://a.example/feed", NULL, NULL, 0,
	  NULL },
	{ "https://a.example/feed news tech", "https://a.example/feed",
	  "news tech", NULL, 0, NULL },
	{ "https://a.example/feed \"world news\" arabic",
	  "https://a.example/feed", "\"world news\" arabic", NULL, 0, NULL },
	{ "https://a.example/feed \"~الجزيرة نت\" arabic",
	  "https://a.example/feed", "arabic", "الجزيرة نت", 0, NULL },
	{ "  \thttps://a.example/feed\t news  ", "https://a.example/feed",
	  "news", NULL, 0, NULL },
	{ "\"https://a.example/quoted\" x", "https://a.example/quoted", "x",
	  NULL, 0, NULL },
	{ "https://a.example/feed \"~first\" \"~second\"",
	  "https://a.example/feed", NULL, "second", 0, NULL },
	{ "https://a.example/feed news news", "https://a.example/feed",
	  "news", NULL, 0, NULL },
	{ "https://a.example/feed \"\" news", "https://a.example/feed",
	  "news", NULL, 0, NULL },
	{ "https://a.example/feed \"say \\\"hi\\\" \\\\o/\"",
	  "https://a.example/feed", "\"say \\\"hi\\\" \\\\o/\"", NULL, 0,
	  NULL },
	{ "https://a.example/feed ! news", "https://a.example/feed", "news",
	  NULL, 1, NULL },
	{ "https://a.example/feed \"!hidden\"", "https://a.example/feed",
	  NULL, NULL, 1, NULL },
	{ "https://a.example/feed#frag news", "https://a.example/feed#frag",
	  "news", NULL, 0, NULL },
	{ "https://a.example/feed news # a comment \"~not a title\"",
	  "https://a.example/feed", "news", NULL, 0, NULL },
	{ "HTTP://A.example/x", "HTTP://A.example/x", NULL, NULL, 0, NULL },
	{ "file:///usr/share/khabar/welcome.xml", "file:///usr/share/khabar/"
	  "welcome.xml", NULL, NULL, 0, NULL },
	{ "http://a.example/x\r", "http://a.example/x", NULL, NULL, 0, NULL },
	{ "", NULL, NULL, NULL, 0, NULL },
	{ "   \t ", NULL, NULL, NULL, 0, NULL },
	{ "# https://a.example/commented", NULL, NULL, NULL, 0, NULL },
	{ "   # indented comment", NULL, NULL, NULL, 0, NULL },
	{ "\"query:Unread Articles:unread = \\\"yes\\\"\"", NULL, NULL, NULL,
	  0, NULL },
	{ "\"exec:~/bin/make-feed.sh\" news", NULL, NULL, NULL, 0,
	  "refusing exec feed" },
	{ "\"filter:~/bin/f.sh:https://a.example/feed\"", NULL, NULL, NULL,
	  0, "refusing filter feed" },
	{ "exec:rm", NULL, NULL, NULL, 0, "refusing exec feed" },
	{ "ftp://a.example/feed.xml", NULL, NULL, NULL, 0,
	  "unsupported URL scheme" },
	{ "javascript:alert(1)", NULL, NULL, NULL, 0,
	  "unsupported URL scheme" },
	{ "a.example/feed", NULL, NULL, NULL, 0, "not a URL" },
	{ "https:///path", NULL, NULL, NULL, 0, "without a host" },
	{ "https://", NULL, NULL, NULL, 0, "without a host" },
	{ "https://a.example/feed \"unterminated", NULL, NULL, NULL, 0,
	  "unterminated quote" },
	{ "\"https://a.example/feed", NULL, NULL, NULL, 0,
	  "unterminated quote" },
	{ "https://a.example/\xff\xfe", NULL, NULL, NULL, 0, "not UTF-8" },
	{ "https://a.example/feed \"~\" x", "https://a.example/feed", "x",
	  NULL, 0, NULL },
};

static const char	*srcdir(void);
static char		*tmpdir(void);
static void		 rmtree(const char *);
static char		*slurp(const char *, size_t *);
static void		 spit(const char *, const char *, size_t);
static char		*fixture(const char *);

static char	*tmp;

static const char *
srcdir(void)
{
	const char	*s = getenv("srcdir");

	return s != NULL ? s : ".";
}

static char *
tmpdir(void)
{
	char	*d;

	d = xstrdup("/tmp/khabar-feeds-test.XXXXXX");
	if (mkdtemp(d) == NULL)
		fail_msg("mkdtemp");
	return d;
}

static void
rmtree(const char *path)
{
	char	*cmd;

	xasprintf(&cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		print_error("# could not remove %s\n", path);
	free(cmd);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*data;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = xmalloc(n + 1);
	if (fread(data, 1, n, f) != (size_t)n)
		fail_msg("short read of %s", path);
	data[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = n;
	return data;
}

static void
spit(const char *path, const char *data, size_t len)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *
fixture(const char *name)
{
	char	*path;

	xasprintf(&path, "%s/tests/data/config/%s", srcdir(), name);
	return path;
}

static int
setup(void **state)
{
	(void)state;
	tmp = tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rmtree(tmp);
	free(tmp);
	tmp = NULL;
	memset(&cmd_globals, 0, sizeof cmd_globals);
	return 0;
}

static void
test_parse_rows(void **state)
{
	struct feeds_list	 list;
	char			*tags;
	size_t			 i;
	int			 bad = 0;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		const struct row	*r = &rows[i];
		const struct feeds_entry *e;
		int			 ok = 1;

		memset(&list, 0, sizeof list);
		feeds_parse("F", r->line, strlen(r->line), &list);
		e = list.n > 0 ? &list.v[0] : NULL;
		tags = e != NULL ? feeds_tags_format(e) : NULL;
		if ((r->url == NULL) != (e == NULL) || list.n > 1)
			ok = 0;
		else if (e != NULL && (strcmp(e->url, r->url) != 0 ||
		    (r->tags == NULL) != (tags == NULL) ||
		    (tags != NULL && strcmp(tags, r->tags) != 0) ||
		    (r->title == NULL) != (e->title == NULL) ||
		    (e->title != NULL && strcmp(e->title, r->title) != 0) ||
		    e->hidden != r->hidden || e->line != 1))
			ok = 0;
		if (r->warning == NULL && list.nwarnings != 0)
			ok = 0;
		if (r->warning != NULL && (list.nwarnings != 1 ||
		    strncmp(list.warnings[0], "F:1: ", 5) != 0 ||
		    strstr(list.warnings[0], r->warning) == NULL))
			ok = 0;
		if (!ok) {
			print_error("# row %zu: %s\n#   got url %s tags %s "
			    "title %s hidden %d warning %s\n", i, r->line,
			    e != NULL ? e->url : "(none)",
			    tags != NULL ? tags : "(none)",
			    e != NULL && e->title != NULL ? e->title : "(none)",
			    e != NULL ? e->hidden : 0, list.nwarnings > 0 ?
			    list.warnings[0] : "(none)");
			bad++;
		}
		free(tags);
		feeds_free(&list);
	}
	assert_int_equal(bad, 0);
}

/* A whole file: BOM, CRLF, line numbers, duplicates, a very long line. */
static void
test_parse_file(void **state)
{
	struct feeds_list	 list = { 0 };
	struct buf		 b = { 0 };
	size_t			 i;

	(void)state;
	buf_adds(&b, "\xef\xbb\xbfhttps://one.example/ a\r\n");
	buf_adds(&b, "# comment\r\n\r\n");
	buf_adds(&b, "https://two.example/ \"~Two\"\r\n");
	buf_adds(&b, "https://one.example/ b\n");
	buf_adds(&b, "https://long.example/");
	for (i = 0; i < FEEDS_LINE_MAX; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\nhttps://long.example/ ");
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "tag ");
	buf_adds(&b, "\nhttps://last.example/");	/* no final newline */
	feeds_parse("feeds", b.data, b.len, &list);
	assert_int_equal(list.n, 4);
	assert_string_equal(list.v[0].url, "https://one.example/");
	assert_int_equal(list.v[0].line, 1);
	assert_string_equal(list.v[1].url, "https://two.example/");
	assert_int_equal(list.v[1].line, 4);
	assert_string_equal(list.v[1].title, "Two");
	assert_string_equal(list.v[2].url, "https://long.example/");
	assert_int_equal(list.v[2].line, 7);
	assert_int_equal(list.v[2].ntags, 1);
	assert_string_equal(list.v[3].url, "https://last.example/");
	assert_int_equal(list.v[3].line, 8);
	assert_int_equal(list.nwarnings, 2);
	assert_string_equal(list.warnings[0], "feeds:5: https://one.example/ "
	    "is already on line 1; ignored");
	assert_non_null(strstr(list.warnings[1], "feeds:6: line too long"));
	feeds_free(&list);

	/* A NUL byte spoils its line only. */
	feeds_parse("f", "https://a\0b.example/\nhttps://c.example/\n", 40,
	    &list);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.v[0].url, "https://c.example/");
	assert_int_equal(list.nwarnings, 1);
	assert_string_equal(list.warnings[0], "f:1: NUL byte in line");
	feeds_free(&list);
	buf_free(&b);
}

/* What feeds_format() writes reads back as the same entry. */
static void
test_format_roundtrip(void **state)
{
	static const char *const tags[] = { "plain", "two words", "quo\"te",
	    "back\\slash", "#hash", "~tilde", "!bang", "tab\there", "عربي" };
	struct feeds_entry	 e = { 0 };
	struct feeds_list	 list = { 0 };
	char			*line;
	size_t			 i;

	(void)state;
	e.url = xstrdup("https://a.example/feed?x=1&y=2#f");
	e.title = xstrdup("A \"quoted\" \\ title — عنوان");
	for (i = 0; i < NROWS(tags); i++)
		feeds_entry_add_tag(&e, tags[i]);
	line = feeds_format(&e);
	feeds_parse("f", line, strlen(line), &list);
	assert_int_equal(list.nwarnings, 0);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.v[0].url, e.url);
	assert_string_equal(list.v[0].title, e.title);
	assert_int_equal(list.v[0].ntags, NROWS(tags) - 2);
	assert_string_equal(list.v[0].tags[1], "two words");
	assert_string_equal(list.v[0].tags[2], "quo\"te");
	assert_string_equal(list.v[0].tags[3], "back\\slash");
	assert_string_equal(list.v[0].tags[4], "#hash");
	/* "~tilde" and "!bang" cannot be tags: they read as title and hidden. */
	assert_int_equal(list.v[0].hidden, 1);
	assert_string_equal(list.v[0].tags[5], "tab here");
	assert_string_equal(list.v[0].tags[6], "عربي");
	feeds_free(&list);
	free(line);
	feeds_entry_clear(&e);
}

static void
test_check_url(void **state)
{
	char	*cause = NULL;
	char	 big[FEEDS_URL_MAX + 16];

	(void)state;
	assert_int_equal(feeds_check_url("https://a.example/", &cause), 0);
	assert_int_equal(feeds_check_url("file:///tmp/x.xml", &cause), 0);
	assert_int_equal(feeds_check_url("file://", &cause), -1);
	free(cause);
	assert_int_equal(feeds_check_url("http://a b/", &cause), -1);
	free(cause);
	assert_int_equal(feeds_check_url("mailto:x@example.org", &cause), -1);
	assert_non_null(strstr(cause, "mailto"));
	free(cause);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "https://", 8);
	assert_int_equal(feeds_check_url(big, &cause), -1);
	assert_non_null(strstr(cause, "too long"));
	free(cause);
}

/* Appending keeps every old byte, the mode and a symlink. */
static void
test_append(void **state)
{
	static const char old[] = "\xef\xbb\xbf# my feeds\r\n"
	    "https://old.example/   spaced   \"~Old\"  # note\r\n"
	    "\n\n\t# indented\nhttps://last.example/";
	struct feeds_entry	 e[2];
	struct feeds_list	 list;
	struct stat		 sb;
	char			*path, *link, *data, *cause = NULL;
	size_t			 len;
	DIR			*d;
	struct dirent		*de;
	int			 n = 0;

	(void)state;
	memset(e, 0, sizeof e);
	e[0].url = xstrdup("https://new.example/");
	feeds_entry_add_tag(&e[0], "new tag");
	e[1].url = xstrdup("https://two.example/");
	e[1].title = xstrdup("اثنان");
	xasprintf(&path, "%s/feeds", tmp);
	spit(path, old, sizeof old - 1);
	assert_int_equal(chmod(path, 0640), 0);
	if (feeds_append(path, e, 2, &cause) != 0)
		fail_msg("%s", cause);
	data = slurp(path, &len);
	assert_true(len > sizeof old);
	assert_memory_equal(data, old, sizeof old - 1);
	assert_string_equal(data + sizeof old - 1, "\n"
	    "https://new.example/ \"new tag\"\n"
	    "https://two.example/ \"~اثنان\"\n");
	free(data);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	/* Nothing left behind: only the file itself. */
	assert_non_null(d = opendir(tmp));
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' || strncmp(de->d_name, ".feeds.", 7)
		    == 0)
			n++;
	closedir(d);
	assert_int_equal(n, 1);
	assert_int_equal(feeds_load(path, 0, &list, &cause), 0);
	assert_int_equal(list.n, 4);
	assert_int_equal(list.nwarnings, 0);
	assert_string_equal(list.v[1].url, "https://last.example/");
	assert_string_equal(list.v[2].tags[0], "new tag");
	feeds_free(&list);

	/* Through a symlink: the target is written, the link stays a link. */
	xasprintf(&link, "%s/link", tmp);
	assert_int_equal(symlink(path, link), 0);
	feeds_entry_clear(&e[1]);
	e[1].url = xstrdup("https://three.example/");
	if (feeds_append(link, &e[1], 1, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	data = slurp(path, &len);
	assert_non_null(strstr(data, "\nhttps://three.example/\n"));
	free(data);
	free(link);
	free(path);

	/* A missing file and its directories are created, 0700. */
	xasprintf(&path, "%s/a/b/feeds", tmp);
	if (feeds_append(path, e, 1, &cause) != 0)
		fail_msg("%s", cause);
	data = slurp(path, NULL);
	assert_string_equal(data, "https://new.example/ \"new tag\"\n");
	free(data);
	free(path);
	xasprintf(&path, "%s/a/b", tmp);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	free(path);

	/* A directory in the way is an error naming it. */
	xasprintf(&path, "%s/a", tmp);
	assert_int_equal(feeds_append(path, e, 1, &cause), -1);
	assert_non_null(strstr(cause, path));
	free(cause);
	free(path);
	feeds_entry_clear(&e[0]);
	feeds_entry_clear(&e[1]);
}

static void
test_load_missing(void **state)
{
	struct feeds_list	 list;
	char			*path, *cause = NULL;

	(void)state;
	xasprintf(&path, "%s/none", tmp);
	assert_int_equal(feeds_load(path, 0, &list, &cause), -1);
	assert_non_null(strstr(cause, path));
	free(cause);
	cause = NULL;
	assert_int_equal(feeds_load(path, FEEDS_MISSING_OK, &list, &cause),
	    0);
	assert_null(cause);
	assert_int_equal(list.n, 0);
	feeds_free(&list);
	free(path);
}

/* Set or (with NULL) unset an environment variable. */
static void
env(const char *name, const char *value)
{
	if (value == NULL)
		unsetenv(name);
	else
		setenv(name, value, 1);
}

static void
test_paths(void **state)
{
	static const struct {
		const char	*home, *xdg_config, *xdg_data;
		const char	*C, *f, *c;
		const char	*config, *feeds, *cache;	/* NULL: fails */
		int		 feeds_default;
	} t[] = {
		{ "/h", NULL, NULL, NULL, NULL, NULL, "/h/.config/khabar/config",
		  "/h/.config/khabar/feeds", "/h/.local/share/khabar/cache.db",
		  1 },
		{ "/h", "/x", "/d", NULL, NULL, NULL, "/x/khabar/config",
		  "/x/khabar/feeds", "/d/khabar/cache.db", 1 },
		{ "/h", "", "relative", NULL, NULL, NULL,
		  "/h/.config/khabar/config", "/h/.config/khabar/feeds",
		  "/h/.local/share/khabar/cache.db", 1 },
		{ "/", NULL, NULL, NULL, NULL, NULL, "/.config/khabar/config",
		  "/.config/khabar/feeds", "/.local/share/khabar/cache.db", 1 },
		{ "/h", "/x", NULL, "/c", "f", "/k", "/c", "f", "/k", 0 },
		{ NULL, "/x", "/d", NULL, NULL, NULL, "/x/khabar/config",
		  "/x/khabar/feeds", "/d/khabar/cache.db", 1 },
		{ NULL, NULL, NULL, "/c", "/f", "/k", "/c", "/f", "/k", 0 },
		{ NULL, "/x", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
		{ NULL, NULL, "/d", NULL, NULL, "/k", NULL, NULL, NULL, 0 },
		{ "", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
		{ "rel", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
		{ NULL, NULL, "/d", "/c", "/f", NULL, "/c", "/f",
		  "/d/khabar/cache.db", 0 },
	};
	struct paths	 p;
	char		*cause;
	size_t		 i;

	(void)state;
	for (i = 0; i < NROWS(t); i++) {
		env("HOME", t[i].home);
		env("XDG_CONFIG_HOME", t[i].xdg_config);
		env("XDG_DATA_HOME", t[i].xdg_data);
		cmd_globals.config = t[i].C;
		cmd_globals.feeds = t[i].f;
		cmd_globals.cache = t[i].c;
		cause = NULL;
		if (t[i].config == NULL) {
			if (paths_init(&p, &cause) != -1)
				fail_msg("row %zu: paths_init worked", i);
			assert_non_null(strstr(cause, "HOME"));
			free(cause);
			continue;
		}
		if (paths_init(&p, &cause) != 0)
			fail_msg("row %zu: %s", i, cause);
		assert_string_equal(p.config, t[i].config);
		assert_string_equal(p.feeds, t[i].feeds);
		assert_string_equal(p.cache, t[i].cache);
		assert_int_equal(p.feeds_default, t[i].feeds_default);
		paths_free(&p);
	}
	memset(&cmd_globals, 0, sizeof cmd_globals);

	env("KHABAR_DATADIR", "/somewhere");
	assert_string_equal(paths_datadir(), "/somewhere");
	env("KHABAR_DATADIR", "");
	assert_string_equal(paths_datadir(), KHABAR_DATADIR);
	env("KHABAR_DATADIR", NULL);
	assert_string_equal(paths_datadir(), KHABAR_DATADIR);
}

/* First run: the default file, with the welcome feed's URL filled in. */
static void
test_ensure(void **state)
{
	struct paths		 p;
	struct feeds_list	 list;
	struct stat		 sb;
	char			*cause = NULL, *data, *want, *datadir;
	int			 created;

	(void)state;
	env("HOME", tmp);
	env("XDG_CONFIG_HOME", NULL);
	env("XDG_DATA_HOME", NULL);
	xasprintf(&datadir, "%s/data", srcdir());
	env("KHABAR_DATADIR", datadir);
	assert_int_equal(paths_init(&p, &cause), 0);
	if (feeds_ensure(&p, &created, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(created, 1);
	assert_int_equal(feeds_load(p.feeds, 0, &list, &cause), 0);
	assert_int_equal(list.nwarnings, 0);
	assert_true(list.n >= 10);
	assert_int_equal(strncmp(list.v[0].url, "file:///", 8), 0);
	assert_non_null(strstr(list.v[0].url, "/welcome.xml"));
	assert_null(strstr(list.v[0].url, "@DATADIR@"));
	/* The URL names a file that is there. */
	assert_int_equal(stat(list.v[0].url + 7, &sb), 0);
	assert_non_null(list.v[1].title);
	feeds_free(&list);
	xasprintf(&want, "%s/.config/khabar", tmp);
	assert_int_equal(stat(want, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	free(want);

	/* A second time, or an edited file, is left alone. */
	spit(p.feeds, "# mine\n", 7);
	assert_int_equal(feeds_ensure(&p, &created, &cause), 0);
	assert_int_equal(created, 0);
	data = slurp(p.feeds, NULL);
	assert_string_equal(data, "# mine\n");
	free(data);
	paths_free(&p);

	/* A file named with -f is never filled with the defaults. */
	xasprintf(&want, "%s/given", tmp);
	cmd_globals.feeds = want;
	assert_int_equal(paths_init(&p, &cause), 0);
	assert_int_equal(feeds_ensure(&p, &created, &cause), 0);
	assert_int_equal(created, 0);
	assert_int_equal(access(want, F_OK), -1);
	paths_free(&p);
	cmd_globals.feeds = NULL;
	free(want);

	/* No default list to copy: an error naming it. */
	env("KHABAR_DATADIR", tmp);
	env("HOME", "/nonexistent-home");
	env("XDG_CONFIG_HOME", tmp);
	assert_int_equal(paths_init(&p, &cause), 0);
	assert_int_equal(feeds_ensure(&p, &created, &cause), -1);
	assert_non_null(strstr(cause, "feeds.default"));
	free(cause);
	paths_free(&p);
	env("KHABAR_DATADIR", NULL);
	free(datadir);
}

static void
load_fixture(const char *name, struct opml *o)
{
	char	*path, *cause = NULL;

	path = fixture(name);
	if (opml_load(path, o, &cause) != 0)
		fail_msg("%s: %s", name, cause);
	free(path);
}

/* The tags of f joined with "|". */
static char *
tags_of(const struct opml_feed *f)
{
	struct buf	b = { 0 };
	size_t		i;

	buf_adds(&b, "");
	for (i = 0; i < f->e.ntags; i++)
		buf_printf(&b, "%s%s", i > 0 ? "|" : "", f->e.tags[i]);
	return buf_detach(&b, NULL);
}

static void
check_feed(const struct opml_feed *f, const char *url, const char *title,
    const char *html, const char *tags)
{
	char	*t;

	assert_string_equal(f->e.url, url);
	if (title == NULL)
		assert_null(f->e.title);
	else
		assert_string_equal(f->e.title, title);
	if (html == NULL)
		assert_null(f->html_url);
	else
		assert_string_equal(f->html_url, html);
	t = tags_of(f);
	assert_string_equal(t, tags);
	free(t);
}

static void
test_opml_newsboat(void **state)
{
	struct opml	o;

	(void)state;
	load_fixture("newsboat-export.opml", &o);
	assert_int_equal(o.n, 4);
	assert_int_equal(o.nwarnings, 0);
	check_feed(&o.v[0], "https://feeds.bbci.co.uk/arabic/rss.xml",
	    "BBC News عربي", "https://www.bbc.com/arabic", "");
	check_feed(&o.v[2], "https://example.org/no-title.xml", NULL, NULL,
	    "");
	check_feed(&o.v[3], "https://example.org/escaped.xml?a=1&b=2",
	    "Tom & Jerry <3", "https://example.org/", "");
	opml_free(&o);

	load_fixture("newsboat-opml2.opml", &o);
	assert_int_equal(o.n, 3);
	check_feed(&o.v[0], "https://arabic.rt.com/rss/", "RT Arabic",
	    "https://arabic.rt.com/", "arabic|news");
	check_feed(&o.v[1], "https://www.theguardian.com/world/rss",
	    "World news | The Guardian", "https://www.theguardian.com/world",
	    "english|world news");
	check_feed(&o.v[2], "https://feeds.npr.org/1001/rss.xml", "NPR",
	    "https://www.npr.org/", "");
	opml_free(&o);
}

static void
test_opml_nested(void **state)
{
	struct opml	o;
	size_t		i;

	(void)state;
	load_fixture("nested.opml", &o);
	assert_int_equal(o.n, 5);
	check_feed(&o.v[0], "https://www.aljazeera.net/aljazeerarss/a7c186be-"
	    "1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9",
	    "الجزيرة", NULL, "أخبار/عربية");
	check_feed(&o.v[1], "https://rss.dw.com/xml/rss-ar-all", "DW", NULL,
	    "أخبار/عربية|germany");
	/* Listed in two folders: one feed with both tags. */
	check_feed(&o.v[2], "https://feeds.bbci.co.uk/news/world/rss.xml",
	    "BBC World", NULL, "أخبار|Also news");
	check_feed(&o.v[3], "https://lwn.net/headlines/rss", "LWN", NULL,
	    "Tech");
	/* Liferea's command feed, a filter and ftp: refused, with lines. */
	assert_int_equal(o.nwarnings, 3);
	assert_non_null(strstr(o.v[0].e.tags[0], "/"));
	for (i = 0; i < o.nwarnings; i++)
		assert_non_null(strstr(o.warnings[i], "nested.opml:"));
	assert_non_null(strstr(o.warnings[0], ":19: refusing a feed that "
	    "runs a command"));
	assert_non_null(strstr(o.warnings[1], ":20: refusing"));
	assert_non_null(strstr(o.warnings[2], ":21: unsupported URL scheme"));
	opml_free(&o);

	load_fixture("opml1.opml", &o);
	assert_int_equal(o.n, 3);
	check_feed(&o.v[0], "http://www.scripting.com/rss.xml",
	    "Scripting News", "http://www.scripting.com/", "");
	check_feed(&o.v[1], "http://cafe.example/rss.xml", "Café Européen",
	    NULL, "");
	check_feed(&o.v[2], "http://old.example/rss", "Old reader", NULL, "");
	opml_free(&o);
}

static void
test_opml_hostile(void **state)
{
	static const struct {
		const char	*name;
		const char	*cause;
	} bad[] = {
		{ "malformed.opml", "malformed.opml:5: not well-formed XML" },
		{ "billion-laughs.opml", "entity declarations are not allowed" },
		{ "external-entity.opml", "entity declarations are not allowed" },
		{ "not-opml.xml", "not an OPML file" },
		{ "no-body.opml", "no <body>" },
		{ "does-not-exist.opml", "No such file" },
	};
	struct opml	 o;
	struct buf	 b = { 0 };
	char		*path, *cause;
	size_t		 i;

	(void)state;
	for (i = 0; i < NROWS(bad); i++) {
		path = fixture(bad[i].name);
		cause = NULL;
		if (opml_load(path, &o, &cause) != -1)
			fail_msg("%s: loaded", bad[i].name);
		if (strstr(cause, bad[i].cause) == NULL)
			fail_msg("%s: cause \"%s\"", bad[i].name, cause);
		assert_int_equal(o.n, 0);
		free(cause);
		free(path);
	}

	/* An external DTD is neither fetched nor needed. */
	load_fixture("external-dtd.opml", &o);
	assert_int_equal(o.n, 1);
	opml_free(&o);

	/* Over the cap, even when well-formed. */
	buf_adds(&b, "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>");
	while (b.len <= OPML_MAX_SIZE)
		buf_adds(&b, "<outline text=\"x\"/>\n");
	buf_adds(&b, "</body></opml>");
	xasprintf(&path, "%s/huge.opml", tmp);
	spit(path, b.data, b.len);
	assert_int_equal(opml_load(path, &o, &cause), -1);
	assert_non_null(strstr(cause, "too big"));
	free(cause);
	free(path);
	assert_int_equal(opml_parse("m", b.data, b.len, &o, &cause), -1);
	free(cause);
	buf_free(&b);

	/* Deep nesting stops at the limit, with one warning. */
	buf_adds(&b, "<opml version=\"2.0\"><body>");
	for (i = 0; i < 200; i++)
		buf_adds(&b, "<outline text=\"d\">");
	buf_adds(&b, "<outline xmlUrl=\"https://deep.example/\"/>");
	for (i = 0; i < 200; i++)
		buf_adds(&b, "</outline>");
	buf_adds(&b, "<outline xmlUrl=\"https://shallow.example/\"/>");
	buf_adds(&b, "</body></opml>");
	assert_int_equal(opml_parse("deep", b.data, b.len, &o, &cause), 0);
	assert_int_equal(o.n, 1);
	assert_string_equal(o.v[0].e.url, "https://shallow.example/");
	assert_int_equal(o.nwarnings, 1);
	opml_free(&o);
	buf_free(&b);
}

/* Written OPML reads back the same, whatever the strings hold. */
static void
test_opml_roundtrip(void **state)
{
	struct opml_feed	 v[3];
	struct opml		 o;
	char			*path, *cause = NULL;
	FILE			*f;
	size_t			 i;

	(void)state;
	memset(v, 0, sizeof v);
	v[0].e.url = xstrdup("https://a.example/?q=1&r=<2>\"");
	v[0].e.title = xstrdup("Title & \"quotes\" <tags> — عربي\x01");
	v[0].html_url = xstrdup("https://a.example/");
	feeds_entry_add_tag(&v[0].e, "arabic");
	feeds_entry_add_tag(&v[0].e, "with, comma");
	feeds_entry_add_tag(&v[0].e, "world news");
	v[1].e.url = xstrdup("file:///tmp/x.xml");
	v[2].e.url = xstrdup("http://b.example/bad\xff");
	xasprintf(&path, "%s/out.opml", tmp);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(opml_write(f, v, 3, &cause), 0);
	fclose(f);
	if (opml_load(path, &o, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(o.n, 3);
	check_feed(&o.v[0], v[0].e.url, "Title & \"quotes\" <tags> — عربي",
	    "https://a.example/", "arabic|with_ comma|world news");
	check_feed(&o.v[1], "file:///tmp/x.xml", NULL, NULL, "");
	check_feed(&o.v[2], "http://b.example/bad\xef\xbf\xbd", NULL, NULL,
	    "");
	opml_free(&o);
	for (i = 0; i < 3; i++) {
		feeds_entry_clear(&v[i].e);
		free(v[i].html_url);
	}
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_rows),
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_check_url),
		cmocka_unit_test_setup_teardown(test_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_missing, setup,
		    teardown),
		cmocka_unit_test(test_paths),
		cmocka_unit_test_setup_teardown(test_ensure, setup, teardown),
		cmocka_unit_test(test_opml_newsboat),
		cmocka_unit_test(test_opml_nested),
		cmocka_unit_test_setup_teardown(test_opml_hostile, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_opml_roundtrip, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
