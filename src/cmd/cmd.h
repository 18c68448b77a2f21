/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_CMD_H
#define KHABAR_CMD_H

#include <stdio.h>

/* Exit statuses shared by every subcommand. */
#define EXIT_USAGE	2

/*
 * A subcommand: main() picks one by name and hands it the arguments after
 * the name (argv[0] is the subcommand's name).  It returns the exit status.
 */
struct cmd {
	const char	*name;
	const char	*usage;		/* arguments, for the usage line */
	const char	*summary;	/* one line for `khabar --help' */
	const char	*help;		/* the options, for `khabar help NAME' */
	int		(*run)(int argc, char **argv);
};

int	cmd_render(int, char **);
int	cmd_tui(int, char **);
int	cmd_html2text(int, char **);
int	cmd_parse(int, char **);
int	cmd_extract(int, char **);
int	cmd_add(int, char **);
int	cmd_import(int, char **);
int	cmd_export(int, char **);
int	cmd_refresh(int, char **);
int	cmd_list(int, char **);
int	cmd_search(int, char **);
int	cmd_mark_read(int, char **);
/* Print feed text with control characters and bidi overrides replaced. */
void	cmd_puts_clean(FILE *, const char *);

/* Files named on the command line before the subcommand, or NULL. */
struct cmd_globals {
	const char	*config;	/* -C */
	const char	*feeds;		/* -f */
	const char	*cache;		/* -c */
};
extern struct cmd_globals cmd_globals;

/* Print "usage: khabar NAME USAGE" for the named command to stderr. */
void	cmd_usage_hint(const char *name);
/* Terminal width of stdout, or 80 when it is not a terminal. */
int	cmd_term_width(void);
/* A JSON string for s, null for NULL (jansson's json_t). */
struct json_t	*cmd_json_str(const char *);
/* Parse a --width value (1 to 100000 cells); 0, or -1 if it is not one. */
int	cmd_parse_width(const char *, int *);

#endif
