/* khabar - ISC licence, see LICENSE. */
/*
 * Opt-in timing of start-up, for bench/ui-bench.sh.  When the environment
 * variable KHABAR_TRACE_PAINT names a file, trace_mark("first-paint")
 * appends one line to it:
 *
 *	first-paint MS main MS wall MS
 *
 * The first MS is the time since the kernel started the process (the
 * starttime of /proc/self/stat, against CLOCK_BOOTTIME), so exec, the
 * dynamic loader and the C library's start-up are counted; starttime is in
 * clock ticks (10 ms at the usual USER_HZ of 100) and is rounded down, so
 * this figure can be up to one tick high.  It is also taken when the
 * process was forked, so time a shell spends before exec counts too.  The
 * second MS is the time since main() (trace_start), to the microsecond;
 * the third is CLOCK_REALTIME in milliseconds since the epoch, for a
 * launcher that noted the time just before exec (date +%s%N).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/trace.h"

static struct timespec	trace_main;

static double
trace_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Milliseconds from the process start to now (CLOCK_BOOTTIME), or -1. */
static double
trace_since_exec(const struct timespec *now)
{
	char			 buf[1024], *p;
	unsigned long long	 start;
	long			 hz;
	FILE			*f;
	size_t			 n;
	int			 i;

	if ((f = fopen("/proc/self/stat", "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces: count fields after its ")". */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	for (i = 2; i < 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %llu", &start) != 1 ||
	    (hz = sysconf(_SC_CLK_TCK)) <= 0)
		return -1;
	return (double)now->tv_sec * 1e3 + (double)now->tv_nsec / 1e6 -
	    (double)start * 1e3 / (double)hz;
}

/* Note when main() began. */
void
trace_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &trace_main);
}

/* Append "what MS main MS wall MS" to $KHABAR_TRACE_PAINT, if it is set. */
void
trace_mark(const char *what)
{
	struct timespec	 boot, mono, wall;
	const char	*path;
	FILE		*f;

	if ((path = getenv("KHABAR_TRACE_PAINT")) == NULL || *path == '\0')
		return;
	clock_gettime(CLOCK_BOOTTIME, &boot);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &wall);
	if ((f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "%s %.0f main %.3f wall %lld.%06ld\n", what,
	    trace_since_exec(&boot), trace_ms(&trace_main, &mono),
	    (long long)wall.tv_sec * 1000 + wall.tv_nsec / 1000000,
	    (wall.tv_nsec % 1000000));
	fclose(f);
}
