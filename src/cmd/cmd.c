/* khabar - ISC licence, see LICENSE. */
/* Helpers that the subcommands share. */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd/cmd.h"

struct cmd_globals cmd_globals;

int
cmd_term_width(void)
{
	struct winsize	ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

int
cmd_parse_width(const char *s, int *width)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 1 || n > 100000)
		return -1;
	*width = (int)n;
	return 0;
}

struct json_t *
cmd_json_str(const char *s)
{
	json_t	*v;

	if (s == NULL)
		return json_null();
	/* Feed text is valid UTF-8 by now; U+FFFD if it ever is not. */
	if ((v = json_string(s)) == NULL)
		return json_string("\xef\xbf\xbd");
	return v;
}
