/* khabar - ISC licence, see LICENSE. */
/*
 * Feed parser benchmark.  Writes a 50 MB RSS 2.0 feed of generated Arabic
 * and English news items (its own word lists), then, side by side in the
 * same run and alternating so that the machine's noise falls on both:
 *
 *   xmllint --stream --noout FILE   (libxml2's own streaming reader: the
 *                                    floor for reading the same XML)
 *   parse_fd() of FILE              (khabar's whole parser: encoding
 *                                    check, reader, RSS handling, items
 *                                    handed to a sink that counts them)
 *
 * Each run is a child process, so wait4() reports its own peak memory.
 * Prints the median of each, khabar's speed as a share of xmllint's, and
 * the peak resident sizes.  Usage: parse-bench [MB [runs]].
 */
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feed/feed.h"
#include "feed/parse.h"
#include "util/heap.h"

static const char *const words_ar[] = {
	"الحكومة", "وزير", "الخارجية", "قال", "إن", "في", "على", "من", "إلى",
	"الرئيس", "المؤتمر", "الاقتصاد", "السوق", "الأسعار", "ارتفعت",
	"العاصمة", "بيروت", "القاهرة", "الرباط", "مصادر", "مطلعة", "أكدت",
	"مجلس", "اجتماع", "طارئ", "الأوضاع", "تقرير", "صحيفة", "نشرت", "يوم",
	"الثلاثاء", "خلال", "مؤتمر", "صحفي", "لا", "التي", "بعد", "مع", "بين",
	"النفط", "البرميل", "دولار", "الانتخابات", "البرلمان", "مَدْرَسَة",
};
static const char *const words_en[] = {
	"the", "minister", "said", "report", "market", "prices", "council",
	"meeting", "capital", "sources", "newspaper", "Tuesday", "oil",
};

struct counts {
	size_t	items;
	size_t	bytes;
};

static unsigned long	seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((seed >> 33) % n);
}

static void
words(FILE *f, unsigned n)
{
	unsigned	i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(' ', f);
		if (rnd(8) == 0)
			fputs(words_en[rnd(sizeof words_en / sizeof words_en[0])], f);
		else
			fputs(words_ar[rnd(sizeof words_ar / sizeof words_ar[0])], f);
	}
}

/* Write an RSS 2.0 feed of about mb megabytes to path. */
static void
generate(const char *path, size_t mb)
{
	FILE	*f;
	size_t	 i;
	int	 p;

	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
	    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
	    "<title>أخبار تجريبية</title><link>https://news.example/</link>\n"
	    "<description>Generated for khabar's benchmark</description>\n", f);
	for (i = 0; (size_t)ftell(f) < mb * 1000 * 1000; i++) {
		fputs("<item>\n<title>", f);
		words(f, 6 + rnd(8));
		fprintf(f, "</title>\n<link>https://news.example/a/%zu</link>\n"
		    "<guid isPermaLink=\"false\">news-%zu</guid>\n"
		    "<pubDate>Tue, %02u Jan 2024 %02u:%02u:00 +0300</pubDate>\n"
		    "<dc:creator>مراسل</dc:creator>\n<category>سياسة</category>\n"
		    "<description>", i, i, 1 + rnd(28), rnd(24), rnd(60));
		words(f, 20 + rnd(20));
		fputs(" &amp; more</description>\n<content:encoded><![CDATA[", f);
		for (p = 0; p < 4; p++) {
			fputs("<p>", f);
			words(f, 40 + rnd(60));
			fputs(" <a href=\"/related\">رابط</a></p>", f);
		}
		fputs("]]></content:encoded>\n</item>\n", f);
	}
	fputs("</channel>\n</rss>\n", f);
	fclose(f);
}

static int
count_item(void *arg, const struct item *it)
{
	struct counts	*c = arg;

	c->items++;
	if (it->content != NULL)
		c->bytes += strlen(it->content);
	return 0;
}

static int
count_feed(void *arg, const struct feed *f)
{
	(void)arg;
	(void)f;
	return 0;
}

/* Run child() or exec argv in a child; seconds and peak kB of that child. */
static double
measure(char *const argv[], const char *path, long *maxrss_kb, size_t *items)
{
	static const struct feed_sink	sink = { count_feed, count_item,
	    NULL };
	struct timespec			a, b;
	struct rusage			ru;
	struct parse_opts		opts = { NULL, NULL, 0 };
	struct counts			c = { 0, 0 };
	char				*cause = NULL;
	int				pipefd[2], status, fd;
	pid_t				pid;

	if (pipe(pipefd) == -1)
		exit(1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((pid = fork()) == 0) {
		close(pipefd[0]);
		if (argv != NULL) {
			fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execvp(argv[0], argv);
			_exit(127);
		}
		if ((fd = open(path, O_RDONLY)) == -1)
			_exit(1);
		if (parse_fd(fd, &opts, &sink, &c, &cause) == -1) {
			fprintf(stderr, "parse-bench: %s\n", cause);
			_exit(1);
		}
		if (write(pipefd[1], &c, sizeof c) != sizeof c)
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	if (argv == NULL && read(pipefd[0], &c, sizeof c) != sizeof c)
		c.items = 0;
	close(pipefd[0]);
	if (wait4(pid, &status, 0, &ru) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "parse-bench: %s failed\n",
		    argv != NULL ? argv[0] : "parse_fd");
		exit(1);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	*maxrss_kb = ru.ru_maxrss;
	if (items != NULL)
		*items = c.items;
	return (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	char		 path[] = "/tmp/khabar-parse-bench-XXXXXX";
	char		*xl[] = { "xmllint", "--stream", "--noout", path, NULL };
	double		 tx[32], tk[32], mb;
	long		 rx = 0, rk = 0, r;
	size_t		 size_mb = 50, runs = 5, i, items = 0;
	int		 fd;

	heap_policy();		/* as khabar's main() */
	if (argc > 1)
		size_mb = strtoul(argv[1], NULL, 10);
	if (argc > 2)
		runs = strtoul(argv[2], NULL, 10);
	if (size_mb == 0 || runs == 0 || runs > 32) {
		fprintf(stderr, "usage: parse-bench [MB [runs (1-32)]]\n");
		return 2;
	}
	if ((fd = mkstemp(path)) == -1) {
		perror("mkstemp");
		return 1;
	}
	close(fd);
	generate(path, size_mb);
	{
		FILE *f = fopen(path, "r");
		fseek(f, 0, SEEK_END);
		mb = ftell(f) / 1e6;
		fclose(f);
	}
	if (system("command -v xmllint >/dev/null 2>&1") != 0) {
		fprintf(stderr, "parse-bench: xmllint is missing (Debian "
		    "package libxml2-utils)\n");
		unlink(path);
		return 1;
	}
	for (i = 0; i < runs; i++) {
		tx[i] = measure(xl, path, &r, NULL);
		if (r > rx)
			rx = r;
		tk[i] = measure(NULL, path, &r, &items);
		if (r > rk)
			rk = r;
	}
	unlink(path);
	qsort(tx, runs, sizeof tx[0], cmp);
	qsort(tk, runs, sizeof tk[0], cmp);
	printf("parse: %.1f MB RSS 2.0, %zu items, median of %zu runs each\n",
	    mb, items, runs);
	printf("  xmllint --stream --noout  %7.3f s  %6.1f MB/s  peak %5.1f MB\n",
	    tx[runs / 2], mb / tx[runs / 2], rx / 1024.0);
	printf("  khabar parse_fd()         %7.3f s  %6.1f MB/s  peak %5.1f MB\n",
	    tk[runs / 2], mb / tk[runs / 2], rk / 1024.0);
	printf("  khabar speed / xmllint speed: %.0f%% (target >= 60%%); "
	    "peak memory target <= 64 MB\n", 100.0 * tx[runs / 2] / tk[runs / 2]);
	return 0;
}
