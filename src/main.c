/* khabar - ISC licence, see LICENSE. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "cmd/cmd.h"

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
	{ "help", "[SUBCOMMAND]", "show help for a subcommand",
	  "", cmd_help },
};
#define NCMDS	(sizeof cmds / sizeof cmds[0])

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: khabar [--help] [--version] SUBCOMMAND [ARGS]\n\n"
	    "subcommands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n`khabar help SUBCOMMAND' shows its options.\n");
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
	const struct cmd	*c;

	locale_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("khabar %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "khabar: unknown option: %s\n", argv[1]);
		fprintf(stderr, "Try `khabar --help'.\n");
		return EXIT_USAGE;
	}
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "khabar: unknown subcommand: %s\n", argv[1]);
		fprintf(stderr, "Try `khabar --help'.\n");
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
