/* khabar - ISC licence, see LICENSE. */
/*
 * Layout benchmark.  A deterministic generator writes news-like paragraphs
 * of mixed Arabic and Latin text (harakat, Persian letters, lam-alef,
 * numbers in three digit sets, punctuation, brackets, «quotes», a ZWNJ) from
 * its own word lists.  Then, side by side:
 *
 * (a) full layout: para_new() + layout_wrap() at width 80 + para_free() of
 *     every paragraph of about 1 MB of text, repeated for about a second;
 * (b) re-wrap: a 100 KB article analysed once, then layout_wrap() of all its
 *     paragraphs at a new width (80, 120, 60 in turn), the median of many;
 * (c) raw FriBidi on the same 1 MB: bidi types, bracket types, embedding
 *     levels and one reorder_line() of each whole paragraph, on text already
 *     decoded to UTF-32, which is the floor any FriBidi-based layout pays.
 *
 * Usage: layout-bench [seconds [a|b|c...]]: about that many seconds (1)
 * for each of (a) and (c), and only the parts named (all), for profiling.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fribidi.h>

#include "text/layout.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define CORPUS_BYTES	(1000 * 1000)
#define ARTICLE_BYTES	(100 * 1000)
#define REWRAP_RUNS	301

/* Paragraphs of one text, as offsets into one buffer. */
struct corpus {
	struct buf	 text;
	size_t		*off, *len;
	size_t		 n, alloc;
};

static const char *const arabic[] = {
	"الْخَبَرُ", "كِتَابٌ", "مَدْرَسَةٌ", "السَّلَامُ", "مُحَمَّدٌ", "عَلِيٌّ",
	"الْعَالَمُ", "الحكومة", "وزير", "الخارجية", "قال", "إن", "في", "على",
	"من", "إلى", "الرئيس", "المؤتمر", "الاقتصاد", "السوق", "الأسعار",
	"ارتفعت", "انخفضت", "العاصمة", "بيروت", "القاهرة", "دمشق", "بغداد",
	"الرباط", "مصادر", "مطلعة", "أكدت", "الأمم", "المتحدة", "مجلس", "الأمن",
	"اجتماع", "طارئ", "لبحث", "الأوضاع", "الإنسانية", "اللاجئين", "تقرير",
	"صحيفة", "نشرت", "يوم", "الثلاثاء", "الماضي", "خلال", "صحفي", "لا",
	"التي", "الذي", "هذا", "بعد", "قبل", "عن", "مع", "بين", "أكثر", "ألف",
	"شخص", "النفط", "البرميل", "دولار", "المئة", "الانتخابات", "البرلمان",
};
static const char *const persian[] = {
	"گزارش", "پژوهش", "چاپ", "کشور", "ژانویه", "دولت", "می\u200cگوید",
	"ایران", "تهران", "گفت", "پیشرفت", "چهارشنبه", "یک", "سال",
};
static const char *const latin[] = {
	"the", "Reuters", "BBC", "United", "Nations", "Security", "Council",
	"COVID-19", "iPhone", "GDP", "said", "report", "New", "York", "Times",
	"OPEC", "Brent", "oil", "price", "AFP", "Dubai", "Expo", "of", "and",
	"https://example.com/news/2024/world", "Al", "Jazeera", "per", "cent",
};
static const char *const punct[] = {
	"،", "؛", "؟", ".", ",", ":", "!", ".", "،", "،",
};

/* xorshift32: the same text on every machine and every run. */
static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

#define PICK(s, a)	((a)[rnd(s) % (sizeof (a) / sizeof (a)[0])])

/* A number in ASCII, Arabic-Indic or Persian digits, maybe with a sign. */
static void
gen_number(uint32_t *s, struct buf *b)
{
	char		 tmp[16];
	unsigned	 v = rnd(s) % 100000, style = rnd(s) % 6;
	size_t		 i, n;

	n = (size_t)snprintf(tmp, sizeof tmp, "%u", v);
	if (style == 0)
		buf_addc(b, '$');
	for (i = 0; i < n; i++) {
		if (style == 1)
			buf_add_utf8(b, 0x0660U + (uint32_t)(tmp[i] - '0'));
		else if (style == 2)
			buf_add_utf8(b, 0x06F0U + (uint32_t)(tmp[i] - '0'));
		else
			buf_addc(b, tmp[i]);
	}
	if (style == 3)
		buf_adds(b, ".5%");
	else if (style == 4)
		buf_adds(b, ":30");
}

/* One word or token; kind of text follows the paragraph's mix. */
static void
gen_word(uint32_t *s, struct buf *b, unsigned latin_pct)
{
	unsigned	r = rnd(s) % 100;

	if (r < 6)
		gen_number(s, b);
	else if (r < 6 + latin_pct)
		buf_adds(b, PICK(s, latin));
	else if (r < 16 + latin_pct)
		buf_adds(b, PICK(s, persian));
	else
		buf_adds(b, PICK(s, arabic));
}

/* A paragraph of about target bytes: words, punctuation, quoted groups. */
static void
gen_para(uint32_t *s, struct buf *b, size_t target)
{
	size_t		 start = b->len, k, n;
	unsigned	 latin_pct = rnd(s) % 10 == 0 ? 70 : 12;
	static const char *const open[] = { "(", "[", "«", "\"", "“" };
	static const char *const close[] = { ")", "]", "»", "\"", "”" };
	unsigned	 q;

	while (b->len - start < target) {
		if (b->len > start)
			buf_addc(b, ' ');
		if (rnd(s) % 12 == 0) {
			q = rnd(s) % 5;
			buf_adds(b, open[q]);
			n = 1 + rnd(s) % 3;
			for (k = 0; k < n; k++) {
				if (k > 0)
					buf_addc(b, ' ');
				gen_word(s, b, latin_pct);
			}
			buf_adds(b, close[q]);
		} else
			gen_word(s, b, latin_pct);
		if (rnd(s) % 7 == 0)
			buf_adds(b, PICK(s, punct));
	}
}

/* Paragraphs of 200 to 800 bytes until the text holds total bytes. */
static void
gen_corpus(struct corpus *c, uint32_t seed, size_t total)
{
	size_t	start;

	memset(c, 0, sizeof *c);
	while (c->text.len < total) {
		if (c->n == c->alloc) {
			c->alloc = c->alloc == 0 ? 256 : c->alloc * 2;
			c->off = xreallocarray(c->off, c->alloc, sizeof *c->off);
			c->len = xreallocarray(c->len, c->alloc, sizeof *c->len);
		}
		start = c->text.len;
		gen_para(&seed, &c->text, 200 + rnd(&seed) % 560);
		c->off[c->n] = start;
		c->len[c->n] = c->text.len - start;
		c->n++;
	}
}

static void
corpus_free(struct corpus *c)
{
	buf_free(&c->text);
	free(c->off);
	free(c->len);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Run one pass after another for about budget seconds; keep the time of
 * each, so that the median pass says what the machine can do even when
 * other work steals some of it.
 */
struct passes {
	double	 t[4096];
	size_t	 n;
};

static double
passes_median(struct passes *ps)
{
	qsort(ps->t, ps->n, sizeof *ps->t, cmp_double);
	return ps->t[ps->n / 2];
}

/* (a): seconds of the median pass of full layout over the corpus. */
static double
bench_full(const struct corpus *c, double budget, size_t *rows)
{
	struct layout	 l;
	struct para	*p;
	struct passes	 ps;
	double		 start, t0;
	size_t		 i;

	memset(&l, 0, sizeof l);
	ps.n = 0;
	start = now();
	do {
		*rows = 0;
		t0 = now();
		for (i = 0; i < c->n; i++) {
			p = para_new(c->text.data + c->off[i], c->len[i], NULL,
			    NULL);
			*rows += layout_wrap(p, 80, &l);
			para_free(p);
		}
		ps.t[ps.n++] = now() - t0;
	} while (now() - start < budget && ps.n < 4096);
	layout_free(&l);
	return passes_median(&ps);
}

/* (b): median milliseconds to re-wrap a whole analysed article. */
static double
bench_rewrap(const struct corpus *c, double *lo, double *hi)
{
	static const int	 widths[] = { 80, 120, 60 };
	struct para		**p;
	struct layout		 l;
	double			 ms[REWRAP_RUNS], t0;
	size_t			 i, r;

	p = xreallocarray(NULL, c->n, sizeof *p);
	for (i = 0; i < c->n; i++)
		p[i] = para_new(c->text.data + c->off[i], c->len[i], NULL, NULL);
	memset(&l, 0, sizeof l);
	for (r = 0; r < REWRAP_RUNS; r++) {
		t0 = now();
		for (i = 0; i < c->n; i++)
			layout_wrap(p[i], widths[r % 3], &l);
		ms[r] = (now() - t0) * 1e3;
	}
	layout_free(&l);
	for (i = 0; i < c->n; i++)
		para_free(p[i]);
	free(p);
	qsort(ms, REWRAP_RUNS, sizeof *ms, cmp_double);
	*lo = ms[0];
	*hi = ms[REWRAP_RUNS - 1];
	return ms[REWRAP_RUNS / 2];
}

/* (c): seconds of the median pass of the bare FriBidi steps over the corpus. */
static double
bench_fribidi(const struct corpus *c, double budget)
{
	FriBidiChar		*u, *up;
	FriBidiCharType		*types;
	FriBidiBracketType	*brackets;
	FriBidiLevel		*levels;
	FriBidiStrIndex		*map;
	FriBidiParType		 dir;
	size_t			*ulen, *uoff, i, k, total = 0, max = 0;
	const char		*s;
	double			 start, t0;
	struct passes		 ps;
	FriBidiStrIndex		 n, j;
	unsigned long		 sink = 0;	/* results are used */

	/* Decode outside the clock: FriBidi wants UTF-32. */
	u = xreallocarray(NULL, c->text.len, sizeof *u);
	ulen = xreallocarray(NULL, c->n, sizeof *ulen);
	uoff = xreallocarray(NULL, c->n, sizeof *uoff);
	for (i = 0; i < c->n; i++) {
		s = c->text.data + c->off[i];
		uoff[i] = total;
		for (k = 0; k < c->len[i];)
			k += utf8_decode(s + k, c->len[i] - k, &u[total++]);
		ulen[i] = total - uoff[i];
		if (ulen[i] > max)
			max = ulen[i];
	}
	types = xreallocarray(NULL, max, sizeof *types);
	brackets = xreallocarray(NULL, max, sizeof *brackets);
	levels = xreallocarray(NULL, max, sizeof *levels);
	map = xreallocarray(NULL, max, sizeof *map);

	ps.n = 0;
	start = now();
	do {
		t0 = now();
		for (i = 0; i < c->n; i++) {
			up = u + uoff[i];
			n = (FriBidiStrIndex)ulen[i];
			dir = FRIBIDI_PAR_ON;
			fribidi_get_bidi_types(up, n, types);
			fribidi_get_bracket_types(up, n, types, brackets);
			sink += fribidi_get_par_embedding_levels_ex(types,
			    brackets, n, &dir, levels);
			for (j = 0; j < n; j++)
				map[j] = j;
			sink += fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM,
			    types, n, 0, dir, levels, NULL, map);
		}
		ps.t[ps.n++] = now() - t0;
	} while (now() - start < budget && ps.n < 4096);

	free(u);
	free(ulen);
	free(uoff);
	free(types);
	free(brackets);
	free(levels);
	free(map);
	if (sink == 0)
		fprintf(stderr, "FriBidi failed on every paragraph\n");
	return passes_median(&ps);
}

int
main(int argc, char **argv)
{
	struct corpus	 big, art;
	double		 budget = 1.0, full = 0, raw = 0, rewrap, lo, hi, mb;
	const char	*which = argc > 2 ? argv[2] : "abc";
	size_t		 rows = 0;

	if (argc > 3 || (argc > 1 && (budget = atof(argv[1])) <= 0) ||
	    which[strspn(which, "abc")] != '\0') {
		fprintf(stderr, "usage: %s [seconds [a|b|c...]]\n", argv[0]);
		return 2;
	}
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "%s: no C.UTF-8 locale\n", argv[0]);
		return 2;
	}
	gen_corpus(&big, 0x6b686162U, CORPUS_BYTES);
	gen_corpus(&art, 0x61726162U, ARTICLE_BYTES);
	mb = (double)big.text.len / 1e6;
	printf("corpus: %zu bytes in %zu paragraphs; medians of passes over "
	    "about %.1f s\n", big.text.len, big.n, budget);

	if (strchr(which, 'a') != NULL) {
		full = bench_full(&big, budget, &rows);
		printf("(a) full layout, width 80:   %8.2f MB/s  (%.1f ms per "
		    "MB, %zu rows)  target >= 10 MB/s: %s\n", mb / full,
		    full * 1e3 / mb, rows, mb / full >= 10 ? "met" : "MISSED");
	}
	if (strchr(which, 'c') != NULL) {
		raw = bench_fribidi(&big, budget);
		printf("(c) raw FriBidi steps:       %8.2f MB/s  (%.1f ms per "
		    "MB)\n", mb / raw, raw * 1e3 / mb);
	}
	if (full > 0 && raw > 0)
		printf("    full layout / FriBidi:   %8.2f x the time\n",
		    full / raw);
	if (strchr(which, 'b') != NULL) {
		rewrap = bench_rewrap(&art, &lo, &hi);
		printf("(b) re-wrap %zu bytes, %zu paragraphs, widths "
		    "80/120/60:\n    median %.3f ms (min %.3f, max %.3f, %d "
		    "runs)  target <= 5 ms: %s\n", art.text.len, art.n, rewrap,
		    lo, hi, REWRAP_RUNS, rewrap <= 5 ? "met" : "MISSED");
	}
	corpus_free(&big);
	corpus_free(&art);
	return 0;
}
