/* khabar - ISC licence, see LICENSE. */
/*
 * Article extraction benchmark.  Builds a news page of about 500 KB in
 * memory from its own word lists -- menus, ads, a cookie notice, a
 * sidebar of "most read" lists, an article of forty paragraphs with a
 * "read also" list, a comment thread and a footer, as a real page has --
 * then times, alternating so that the machine's noise falls on both:
 *
 *   html_parse()     the page's whole HTML to blocks: libxml2's parse and
 *                    one walk of the tree, building blocks for all of it
 *   extract_page()   the charset, the same parse, metadata, related links,
 *                    the grab, cleaning, and html_parse() of the article
 *
 * and after them, on its own so as not to disturb the two (a freed tree
 * leaves malloc work to whichever call comes next):
 *
 *   libxml2          htmlCtxtReadMemory() and xmlFreeDoc() of the page with
 *                    the options both use: the parse that each of them has
 *                    to pay for, and nothing else -- the floor under both
 *
 * Prints the median and best of each in milliseconds, per page, on each
 * CPU the process may use in turn (taskset -c N picks one): on a virtual
 * machine here one CPU took twice as long as the other, libxml2 included.
 * What a call returns is freed outside its timing; the trees are freed
 * inside.
 * malloc works as in khabar itself (heap_policy(), util/heap.c).
 * Usage: extract-bench [KB|FILE [runs]]: a page of KB kilobytes (500 by
 * default) built here, or a saved page read from FILE (the pages of a
 * corpus, given by path by whoever runs it).
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "html/extract.h"
#include "html/text.h"
#include "util/buf.h"
#include "util/heap.h"

static const char *const words[] = {
	"الحكومة", "وزير", "الخارجية", "قال", "إن", "في", "على", "من", "إلى",
	"الرئيس", "المؤتمر", "الاقتصاد", "السوق", "الأسعار", "ارتفعت",
	"العاصمة", "المدينة", "الوادي", "مصادر", "مطلعة", "أكدت", "مجلس",
	"اجتماع", "طارئ", "الأوضاع", "تقرير", "صحيفة", "نشرت", "يوم",
	"الثلاثاء", "خلال", "مؤتمر", "صحفي", "لا", "التي", "بعد", "مع", "بين",
	"المياه", "الزراعة", "المزارعين", "الموسم", "الخطة", "المرحلة",
};
#define NWORDS	(sizeof words / sizeof words[0])

static unsigned long	seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((seed >> 33) % n);
}

static void
sentence(struct buf *b, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, i % 9 == 0 ? "، " : " ");
		buf_adds(b, words[rnd(NWORDS)]);
	}
	buf_adds(b, ".");
}

static void
links(struct buf *b, const char *cls, int n, int words_each)
{
	int	i;

	buf_printf(b, "<ul class=\"%s\">\n", cls);
	for (i = 0; i < n; i++) {
		buf_printf(b, "<li><a href=\"/%s/%d/%u.html\">", cls, i,
		    rnd(100000));
		sentence(b, words_each);
		buf_adds(b, "</a></li>\n");
	}
	buf_adds(b, "</ul>\n");
}

static void
page(struct buf *b, size_t kb)
{
	int	i;

	buf_adds(b, "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head>"
	    "<meta charset=\"utf-8\"><title>خبر | صحيفة</title>"
	    "<meta property=\"og:title\" content=\"خبر\">"
	    "<meta property=\"article:published_time\" "
	    "content=\"2024-05-12T09:30:00Z\">\n");
	for (i = 0; i < 20; i++)
		buf_printf(b, "<script>var a%d = {x: %d, y: \"%s\"};"
		    "</script>\n<link rel=\"stylesheet\" href=\"/c%d.css\">\n",
		    i, i, "ليس نصا", i);
	buf_adds(b, "</head><body><div class=\"cookie-notice\">نستخدم "
	    "ملفات تعريف الارتباط <button>موافق</button></div>\n"
	    "<header class=\"site-header\"><nav class=\"main-menu\">");
	links(b, "menu", 120, 2);
	buf_adds(b, "</nav></header>\n<div class=\"wrapper\">"
	    "<div class=\"ad-slot\"><span>إعلان</span></div>\n"
	    "<main class=\"content\"><article class=\"article-body\">"
	    "<h1>خبر</h1><div class=\"byline\">بقلم محرر</div>\n"
	    "<div class=\"share-buttons\"><a href=\"/s\">فيسبوك</a></div>\n");
	for (i = 0; i < 40; i++) {
		buf_adds(b, "<p>");
		sentence(b, 40 + (int)rnd(40));
		buf_adds(b, " <a href=\"/news/x.html\">رابط</a> ");
		sentence(b, 10);
		buf_adds(b, "</p>\n");
		if (i == 20) {
			buf_adds(b, "<h3>اقرأ أيضاً</h3>");
			links(b, "read", 5, 7);
		}
	}
	buf_adds(b, "</article><section class=\"comments\"><h3>التعليقات"
	    "</h3>\n");
	for (i = 0; i < 60; i++) {
		buf_printf(b, "<div class=\"comment\"><span class=\"author\">"
		    "قارئ %d</span><p>", i);
		sentence(b, 25);
		buf_adds(b, "</p></div>\n");
	}
	buf_adds(b, "</section></main><aside class=\"sidebar\">"
	    "<div class=\"widget\"><h3>الأكثر قراءة</h3>");
	/* Sidebars, widgets and footers fill the page up to its size. */
	while (b->len < kb * 1024 - 4096) {
		links(b, "most-read", 10, 8);
		buf_printf(b, "<div class=\"ad-slot\" id=\"ad%u\" style=\"width:"
		    "300px\"><img src=\"/ad/%u.gif\" alt=\"\"></div>\n",
		    rnd(1000), rnd(1000));
		buf_adds(b, "<div class=\"tags\">");
		links(b, "tag", 8, 1);
		buf_adds(b, "</div>\n");
	}
	buf_adds(b, "</div></aside></div><footer class=\"site-footer\">");
	links(b, "footer", 30, 2);
	buf_adds(b, "</footer></body></html>\n");
}

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A saved page, whole, into b. */
static int
read_page(struct buf *b, const char *path)
{
	FILE	*f;
	int	 rc;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	if ((rc = buf_add_file(b, f, SIZE_MAX)) != 0)
		perror(path);
	fclose(f);
	return rc;
}

/* libxml2's part alone: the page parsed to a tree and freed. */
static int
parse_only(const struct buf *b)
{
	htmlParserCtxtPtr	 pc;
	xmlDocPtr		 xd;

	if ((pc = htmlNewParserCtxt()) == NULL)
		return -1;
	xd = htmlCtxtReadMemory(pc, b->data, (int)b->len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | XML_PARSE_HUGE);
	htmlFreeParserCtxt(pc);
	if (xd == NULL)
		return -1;
	xmlFreeDoc(xd);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The three timings on one CPU, runs times each, printed with the CPU's
 * number; cpu -1 leaves the process where the scheduler puts it.
 */
static int
measure(const struct buf *b, int runs, int cpu)
{
	struct extract	*ex;
	struct html_doc	*doc;
	double		*tx, *tp, *te, t;
	char		*cause;
	cpu_set_t	 one;
	int		 i, rc = -1;

	if (cpu >= 0) {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof one, &one) != 0)
			return 0;		/* not ours to use */
	}
	tx = calloc((size_t)runs, sizeof *tx);
	tp = calloc((size_t)runs, sizeof *tp);
	te = calloc((size_t)runs, sizeof *te);
	if (tx == NULL || tp == NULL || te == NULL)
		goto out;
	for (i = 0; i < runs; i++) {
		t = now_ms();
		doc = html_parse(b->data, b->len, "https://example.org/a", NULL);
		tp[i] = now_ms() - t;
		html_doc_free(doc);
		t = now_ms();
		ex = extract_page(b->data, b->len, "https://example.org/a", NULL,
		    &cause);
		te[i] = now_ms() - t;
		if (ex == NULL) {
			fprintf(stderr, "extract-bench: %s\n", cause);
			goto out;
		}
		if (i == 0)
			printf("CPU %d -- page: %zu bytes; article: %zu blocks, "
			    "%zu related links; %d runs\n", sched_getcpu(),
			    b->len, ex->body->nblocks, ex->nrelated, runs);
		extract_free(ex);
	}
	for (i = 0; i < runs; i++) {
		t = now_ms();
		if (parse_only(b) != 0) {
			fprintf(stderr, "extract-bench: libxml2 cannot parse\n");
			goto out;
		}
		tx[i] = now_ms() - t;
	}
	qsort(tx, (size_t)runs, sizeof *tx, cmp);
	qsort(tp, (size_t)runs, sizeof *tp, cmp);
	qsort(te, (size_t)runs, sizeof *te, cmp);
	printf("html_parse:         median %.2f ms, best %.2f ms "
	    "(whole page to blocks)\n", tp[runs / 2], tp[0]);
	printf("extract_page:       median %.2f ms, best %.2f ms "
	    "(%.1fx html_parse, %.1fx libxml2)\n", te[runs / 2], te[0],
	    te[runs / 2] / tp[runs / 2], te[runs / 2] / tx[runs / 2]);
	printf("libxml2 parse+free: median %.2f ms, best %.2f ms "
	    "(the floor under both)\n", tx[runs / 2], tx[0]);
	rc = 0;
out:
	free(tx);
	free(tp);
	free(te);
	return rc;
}

int
main(int argc, char **argv)
{
	struct buf	 b = { 0 };
	cpu_set_t	 all;
	const char	*arg = argc > 1 ? argv[1] : "500";
	size_t		 kb = strtoul(arg, NULL, 10);
	int		 runs = argc > 2 ? atoi(argv[2]) : 41, cpu, rc = 0;

	heap_policy();		/* as khabar's main() */
	if (arg[strspn(arg, "0123456789")] != '\0') {
		if (read_page(&b, arg) != 0)
			return 1;
	} else if (kb >= 16)
		page(&b, kb);
	if (b.len == 0 || runs < 1) {
		fprintf(stderr, "usage: extract-bench [KB|FILE [runs]]\n");
		return 2;
	}
	/*
	 * Each CPU the process may use, one after the other: the virtual
	 * CPUs of a shared host can differ (here one took twice as long as
	 * the other, libxml2's parse included, and which one changed).
	 */
	if (sched_getaffinity(0, sizeof all, &all) != 0)
		rc = measure(&b, runs, -1);
	else {
		for (cpu = 0; cpu < CPU_SETSIZE && rc == 0; cpu++) {
			if (CPU_ISSET(cpu, &all))
				rc = measure(&b, runs, cpu);
		}
		sched_setaffinity(0, sizeof all, &all);
	}
	buf_free(&b);
	return rc != 0;
}
