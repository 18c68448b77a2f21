/* khabar - ISC licence, see LICENSE. */
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "cmd/cmd.h"
#include "util/heap.h"
#include "util/trace.h"

static void	usage(FILE *);
static int	cmd_help(int, char **);
static const struct cmd *cmd_find(const char *);
static void	locale_init(void);

/* The subcommands, in the order --help lists them. */
static const struct cmd cmds[] = {
	{ "render", "[--width N] [--dir auto|ltr|rtl] [--no-shape] [FILE]",
	  "lay out text for the terminal: bidi, shaping, wrapping",
	  "  -w, --width N      row width in cells (default: terminal width, or 80)\n"
	  "  -d, --dir DIR      paragraph direction: auto (default), ltr or rtl\n"
	  "  -S, --no-shape     keep logical letters: no Arabic presentation forms\n"
	  "Each input line is a paragraph; FILE defaults to standard input.\n",
	  cmd_render },
	{ "html2text", "[--width N] [--base-url URL] [--charset NAME] FILE|-",
	  "print an HTML article as text, its links numbered",
	  "  -w, --width N       row width in cells (default: terminal width, or 80)\n"
	  "  -b, --base-url URL  resolve links against URL (a <base href> wins)\n"
	  "  -c, --charset NAME  the page's encoding, over its <meta charset>\n"
	  "FILE - reads standard input.  Links print as [N] after their text\n"
	  "and in a list at the end.\n",
	  cmd_html2text },
	{ "parse", "[--base-url URL] [--charset NAME] FILE|URL|-",
	  "parse an RSS, Atom or JSON feed and print it as JSON",
	  "  -b, --base-url URL  the feed's URL, to resolve relative links\n"
	  "  -c, --charset NAME  charset from the HTTP Content-Type header\n"
	  "FILE is a saved feed, - standard input; an http, https or file\n"
	  "URL is fetched first.  Problems that were recovered from are\n"
	  "listed under \"warnings\".\n",
	  cmd_parse },
	{ "refresh", "[--jobs N] [FEED...]",
	  "fetch the feeds into the cache",
	  "  -j, --jobs N   transfers at once (default 16, at most 4 per host)\n"
	  "FEED is a URL from the feeds file; none means every feed.  Exits\n"
	  "with 3 when some feeds failed (each is listed with its reason).\n",
	  cmd_refresh },
	{ "list", "[--unread] [--starred] [--feed URL] [--limit N] [--json]",
	  "list the cached items, newest first",
	  "  -u, --unread     only unread items\n"
	  "  -s, --starred    only starred items\n"
	  "  -F, --feed URL   only the items of this feed\n"
	  "  -n, --limit N    at most N items\n"
	  "  -j, --json       a JSON array of {id, feed, title, link,\n"
	  "                   published, unread, starred}\n"
	  "A line is the date, N for unread and * for starred, the feed and\n"
	  "the title.\n",
	  cmd_list },
	{ "search", "[--limit N] [--json] QUERY",
	  "search the cached items (Arabic-aware)",
	  "  -n, --limit N    at most N items\n"
	  "  -j, --json       print JSON, as list does\n"
	  "Every word must match; harakat, tatweel and the forms of alef,\n"
	  "yeh and teh marbuta are folded; a final * matches a prefix.\n",
	  cmd_search },
	{ "mark-read", "--feed URL | --all",
	  "mark the items of a feed, or all items, read",
	  "  -F, --feed URL   the items of this feed\n"
	  "  -a, --all        every item\n",
	  cmd_mark_read },
	{ "add", "[--title TITLE] URL [TAG...]",
	  "add a feed to the feeds file",
	  "  -t, --title TITLE  show the feed under TITLE (like a \"~TITLE\" tag)\n"
	  "URL is http, https or file.  A TAG \"~TITLE\" sets the title too.\n"
	  "The feeds file is created (with the default feeds) when missing.\n",
	  cmd_add },
	{ "import", "FILE.opml|-",
	  "add the feeds of an OPML file to the feeds file",
	  "OPML 1.0 and 2.0.  Folders and the category attribute become\n"
	  "tags; feeds already in the feeds file are skipped.\n",
	  cmd_import },
	{ "export", "",
	  "print the feeds as OPML 2.0",
	  "Titles are the \"~\" titles, else those from the cache; tags go in\n"
	  "the category attribute, comma-separated.\n",
	  cmd_export },
	{ "extract", "[--url URL] [--json] [--width N] [--charset NAME] FILE|URL|-",
	  "print the article in a web page, and its related links",
	  "  -u, --url URL       the page's address, to resolve its links\n"
	  "  -j, --json          print title, byline, date, text, blocks,\n"
	  "                      links and related links as JSON\n"
	  "  -w, --width N       row width in cells (default: terminal width, or 80)\n"
	  "  -c, --charset NAME  the page's encoding, over its own declaration\n"
	  "FILE is a saved page, - standard input; an http, https or file\n"
	  "URL is fetched first.  Menus, ads, comments and \"most read\" lists\n"
	  "are left out; related articles are listed after the links.\n",
	  cmd_extract },
	{ "tui", "",
	  "the interactive reader (what `khabar' alone starts)",
	  "Headlines and article side by side; press ? for the keys.\n"
	  "Settings, key bindings and colours: khabar.conf(5).\n",
	  cmd_tui },
	{ "help", "[SUBCOMMAND]", "show help for a subcommand",
	  "", cmd_help },
};
#define NCMDS	(sizeof cmds / sizeof cmds[0])

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: khabar [-hV] [-C config] [-f feeds] [-c cache] "
	    "[SUBCOMMAND [ARGS]]\n\n"
	    "  -C, --config FILE  the configuration file\n"
	    "  -f, --feeds FILE   the feeds file\n"
	    "  -c, --cache FILE   the cache\n\n"
	    "subcommands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nWith no subcommand, khabar starts the reader.\n"
	    "`khabar help SUBCOMMAND' shows its options.\n");
}

static const struct cmd *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

void
cmd_usage_hint(const char *name)
{
	const struct cmd	*c;

	if ((c = cmd_find(name)) != NULL)
		fprintf(stderr, "usage: khabar %s %s\n", c->name, c->usage);
}

static int
cmd_help(int argc, char **argv)
{
	const struct cmd	*c;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "khabar: no such subcommand: %s\n", argv[1]);
		fprintf(stderr, "Try `khabar --help'.\n");
		return EXIT_USAGE;
	}
	printf("usage: khabar %s %s\n%s\n%s", c->name, c->usage, c->summary,
	    c->help);
	return 0;
}

/*
 * Widths come from libc's wcwidth(), which knows nothing outside ASCII
 * unless LC_CTYPE is a UTF-8 locale.  Use the user's locale when it is
 * UTF-8 and C.UTF-8 when it is not.
 */
static void
locale_init(void)
{
	setlocale(LC_ALL, "");
	if (strcasecmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		fprintf(stderr, "khabar: warning: no UTF-8 locale; set LANG to "
		    "a UTF-8 locale such as C.UTF-8\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "config",	required_argument,	NULL, 'C' },
		{ "feeds",	required_argument,	NULL, 'f' },
		{ "cache",	required_argument,	NULL, 'c' },
		{ NULL,		0,			NULL, 0 }
	};
	const struct cmd	*c;
	int			 ch;

	trace_start();
	heap_policy();
	locale_init();
	opterr = 0;
	/* "+": options end at the subcommand, which has its own. */
	while ((ch = getopt_long(argc, argv, "+hVC:f:c:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("khabar %s (malloc: %s)\n", PACKAGE_VERSION,
			    heap_malloc());
			return 0;
		case 'C':
			cmd_globals.config = optarg;
			break;
		case 'f':
			cmd_globals.feeds = optarg;
			break;
		case 'c':
			cmd_globals.cache = optarg;
			break;
		default:
			if (optopt != 0 && strchr("Cfc", optopt) != NULL)
				fprintf(stderr, "khabar: -%c needs a FILE\n",
				    optopt);
			else
				fprintf(stderr, "khabar: unknown option: %s\n",
				    argv[optind - 1]);
			fprintf(stderr, "Try `khabar --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		/* No subcommand: the reader. */
		char	 tui_name[] = "tui", *tui_argv[] = { tui_name, NULL };

		optind = 0;
		opterr = 1;
		return cmd_tui(1, tui_argv);
	}
	if ((c = cmd_find(argv[optind])) == NULL) {
		fprintf(stderr, "khabar: unknown subcommand: %s\n", argv[optind]);
		fprintf(stderr, "Try `khabar --help'.\n");
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	/* 0, not 1: glibc then forgets the "+" of the parse above, and the
	 * subcommand's options may follow its arguments. */
	optind = 0;
	opterr = 1;
	return c->run(argc, argv);
}
