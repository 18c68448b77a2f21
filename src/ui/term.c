/* khabar - ISC licence, see LICENSE. */
/*
 * The terminal: curses set up on a terminfo entry that exists, bidi mode
 * (BDSM) switched to explicit while khabar runs, and signals that never
 * leave the terminal raw.  SIGTERM, SIGINT and SIGHUP ask the loop to quit;
 * SIGTSTP asks it to suspend (it ends curses, restores the terminal's
 * implicit bidi mode, stops, and on SIGCONT sets both up again).  A fatal
 * signal restores the saved termios and the screen with write(2) only,
 * then dies of the same signal.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ui/ui.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/* Last: term.h defines macros such as `lines' that ui.h uses as names. */
#include <term.h>

#define BDSM_EXPLICIT	"\033[8l"	/* the application reorders */
#define BDSM_IMPLICIT	"\033[8h"	/* the terminal reorders */

static volatile sig_atomic_t	 sig_quit, sig_tstp, sig_cont;
static struct termios		 saved_tio;
static int			 have_tio;
static char			 fatal_reset[256];
static size_t			 fatal_len;
static SCREEN			*screen;

static void	term_on_signal(int);
static void	term_on_fatal(int);
static void	term_fatal_string(void);

static void
term_on_signal(int sig)
{
	switch (sig) {
	case SIGTSTP:
		sig_tstp = 1;
		break;
	case SIGCONT:
		sig_cont = 1;
		break;
	default:
		sig_quit = 1;
		break;
	}
}

static void
term_on_fatal(int sig)
{
	if (fatal_len > 0)
		(void)!write(STDOUT_FILENO, fatal_reset, fatal_len);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* What a crash writes: leave the alternate screen, show the cursor. */
static void
term_fatal_string(void)
{
	const char	*caps[] = { "sgr0", "cnorm", "rmkx", "rmcup" };
	const char	*s;
	size_t		 i, n;

	fatal_len = 0;
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		s = tigetstr(caps[i]);
		if (s == NULL || s == (char *)-1)
			continue;
		n = strlen(s);
		/* Padding like $<5> is for real terminals; keep it simple. */
		if (fatal_len + n >= sizeof fatal_reset - 16)
			break;
		memcpy(fatal_reset + fatal_len, s, n);
		fatal_len += n;
	}
	memcpy(fatal_reset + fatal_len, BDSM_IMPLICIT "\r\n",
	    sizeof BDSM_IMPLICIT + 1);
	fatal_len += sizeof BDSM_IMPLICIT + 1;
}

/* Install the signal handlers (before curses, so it installs none). */
void
term_signals(void)
{
	struct sigaction	 sa;
	const int		 quits[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	const int		 fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE,
				    SIGILL };
	size_t			 i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = term_on_signal;
	for (i = 0; i < sizeof quits / sizeof quits[0]; i++)
		sigaction(quits[i], &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = term_on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
}

/* Report and clear the signals that arrived. */
int
term_signal_pending(int *quit, int *suspend, int *resume)
{
	*quit = sig_quit;
	*suspend = sig_tstp;
	*resume = sig_cont;
	sig_tstp = sig_cont = 0;
	return *quit || *suspend || *resume;
}

/* Tell a terminal that reorders by itself whether to (BDSM, ECMA-48). */
void
term_bdsm(int explicit_mode)
{
	fflush(stdout);
	fputs(explicit_mode ? BDSM_EXPLICIT : BDSM_IMPLICIT, stdout);
	fflush(stdout);
}

/*
 * Start curses on $TERM, or on the first of a few common entries when
 * terminfo has no $TERM (often so over SSH); *note says which was used.
 */
int
term_start(char **cause, char **note)
{
	static const char *const fallback[] = { "xterm-256color", "xterm",
		"vt100" };
	const char	*term = getenv("TERM");
	size_t		 i;
	int		 err;

	*note = NULL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("standard input and output must be a "
		    "terminal");
		return -1;
	}
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = 1;
	if (term == NULL || *term == '\0' ||
	    setupterm((char *)term, STDOUT_FILENO, &err) != OK) {
		for (i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
			if (setupterm((char *)fallback[i], STDOUT_FILENO,
			    &err) == OK)
				break;
		if (i == sizeof fallback / sizeof fallback[0]) {
			xasprintf(cause, "no terminfo entry for TERM=%s, nor "
			    "for xterm or vt100: install ncurses-term",
			    term != NULL ? term : "");
			return -1;
		}
		xasprintf(note, "no terminfo entry for TERM=%s: using %s "
		    "(install ncurses-term, or set TERM)",
		    term != NULL ? term : "", fallback[i]);
		term = fallback[i];
	}
	del_curterm(cur_term);
	if ((screen = newterm((char *)term, stdout, stdin)) == NULL) {
		xasprintf(cause, "cannot start curses on TERM=%s", term);
		return -1;
	}
	set_term(screen);
	term_fatal_string();
	set_escdelay(50);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	leaveok(stdscr, TRUE);
	return 0;
}

/* Give the terminal back as it was. */
void
term_end(void)
{
	if (screen == NULL)
		return;
	endwin();
	term_bdsm(0);
	delscreen(screen);
	screen = NULL;
	fatal_len = 0;
}

/* Stop for SIGTSTP and come back on SIGCONT. */
void
term_suspend(void)
{
	struct sigaction	sa, old;

	endwin();
	term_bdsm(0);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, &old);
	kill(getpid(), SIGTSTP);
	/* Here after SIGCONT. */
	sigaction(SIGTSTP, &old, NULL);
	sig_cont = 0;
	term_bdsm(1);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/* Put text on the clipboard with OSC 52 (base64). */
void
term_osc52(const char *s)
{
	static const char	 b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf		 b = { 0 };
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i;
	uint32_t		 v;

	buf_adds(&b, "\033]52;c;");
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		buf_addc(&b, b64[v >> 18]);
		buf_addc(&b, b64[(v >> 12) & 63]);
		buf_addc(&b, b64[(v >> 6) & 63]);
		buf_addc(&b, b64[v & 63]);
	}
	if (i < len) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		buf_addc(&b, b64[v >> 18]);
		buf_addc(&b, b64[(v >> 12) & 63]);
		buf_addc(&b, i + 1 < len ? b64[(v >> 6) & 63] : '=');
		buf_addc(&b, '=');
	}
	buf_adds(&b, "\a");
	fflush(stdout);
	fwrite(b.data, 1, b.len, stdout);
	fflush(stdout);
	buf_free(&b);
}
