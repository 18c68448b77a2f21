/* khabar - ISC licence, see LICENSE. */
/*
 * Cache benchmark.  A deterministic generator writes 100,000 news items
 * (100 feeds of 1,000) from its own word lists: Arabic with and without
 * harakat, hamza and teh marbuta variants, Arabic-Indic digits, English;
 * titles of 6-12 words and HTML summaries of 40-120 words, with words drawn
 * on a skewed distribution so that some are in most items and some in few.
 * Then it reports:
 *
 * (a) insert throughput: one transaction per feed through the sink, as a
 *     refresh writes, and the search fold alone for comparison;
 * (b) a refresh of an unchanged feed (1,000 items, all hash hits);
 * (c) the first screen (50 rows) newest first: all, unread, starred, one feed;
 * (d) search, first screen of hits (50), for several queries.
 *
 * Usage: store-bench [items [dir]]: the number of items (100000) and where
 * to put the cache (a new directory under $TMPDIR or /tmp, removed after).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "feed/feed.h"
#include "store/db.h"
#include "store/items.h"
#include "store/search.h"
#include "text/normalize.h"
#include "util/buf.h"
#include "util/heap.h"
#include "util/xmalloc.h"

#define PER_FEED	1000
#define SCREEN		50
#define RUNS		21

static const char *const arabic[] = {
	"الْخَبَرُ", "كِتَابٌ", "مَدْرَسَةٌ", "السَّلَامُ", "الإسلام", "الحكومة",
	"وزير", "الخارجية", "قال", "إن", "في", "على", "من", "إلى", "الرئيس",
	"المؤتمر", "الاقتصاد", "السوق", "الأسعار", "ارتفعت", "انخفضت",
	"العاصمة", "بيروت", "القاهرة", "دمشق", "بغداد", "الرباط", "مصادر",
	"مطلعة", "أكدت", "الأمم", "المتحدة", "مجلس", "الأمن", "اجتماع", "طارئ",
	"لبحث", "الأوضاع", "الإنسانية", "اللاجئين", "تقرير", "صحيفة", "نشرت",
	"يوم", "الثلاثاء", "الماضي", "خلال", "صحفي", "التي", "الذي", "هذا",
	"بعد", "قبل", "عن", "مع", "بين", "أكثر", "ألف", "شخص", "النفط",
	"البرميل", "دولار", "المئة", "الانتخابات", "البرلمان", "مستشفى",
	"رئيس", "الوزراء", "جامعة", "طلاب", "المدرسة", "الطقس", "أمطار",
	"غزيرة", "الجفاف", "الزراعة", "القمح", "المياه", "النيل", "الفرات",
	"الكهرباء", "الطاقة", "الشمسية", "التكنولوجيا", "الهاتف", "الإنترنت",
	"شركة", "أرباح", "خسائر", "البورصة", "المستثمرين", "الذهب", "الفضة",
	"كرة", "القدم", "المنتخب", "البطولة", "الملعب", "الجماهير", "فوز",
	"هزيمة", "تعادل", "المباراة", "النهائي", "الكأس", "مهرجان", "السينما",
	"فيلم", "الموسيقى", "الشاعر", "الرواية", "معرض", "الكتاب", "متحف",
	"الآثار", "مسجد", "كنيسة", "المدينة", "القديمة", "الطريق", "السريع",
	"حادث", "سير", "الإسعاف", "الشرطة", "المحكمة", "القاضي", "حكم",
	"السجن", "مؤتمر", "صحفي", "بيان", "رسمي", "تصريحات", "مسؤول",
};
static const char *const english[] = {
	"the", "of", "and", "to", "in", "said", "government", "minister",
	"report", "market", "prices", "oil", "Reuters", "BBC", "United",
	"Nations", "Security", "Council", "meeting", "crisis", "election",
	"parliament", "president", "economy", "inflation", "bank", "rates",
	"football", "match", "final", "cup", "festival", "film", "music",
	"university", "students", "weather", "rain", "drought", "water",
	"energy", "solar", "technology", "phone", "internet", "company",
	"profits", "losses", "stock", "exchange", "investors", "gold",
	"hospital", "court", "judge", "police", "accident", "road", "museum",
	"Beirut", "Cairo", "Damascus", "Baghdad", "Rabat", "refugees",
};
static const char *const digits[] = {
	"٢٠٢٤", "٢٠٢٥", "١٩٤٨", "٣", "١٠٠", "2024", "2025", "15", "۱۴۰۳",
};

static uint64_t	rng = 0x9E3779B97F4A7C15ULL;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static const char	**vocab;
static size_t		  nvocab;

/*
 * The vocabulary: every Arabic word bare and with the prefixes wa-, bi-,
 * li-, fa-; every English word and its plural; the numbers.  Bare forms
 * come first, so they are the common ones.
 */
static void
vocab_init(void)
{
	static const char *const pre[] = { "", "و", "ب", "ل", "ف" };
	size_t	na = sizeof arabic / sizeof arabic[0];
	size_t	ne = sizeof english / sizeof english[0];
	size_t	nd = sizeof digits / sizeof digits[0];
	size_t	i, p;
	char	*w;

	vocab = xreallocarray(NULL, na * 5 + ne * 2 + nd, sizeof *vocab);
	for (p = 0; p < 5; p++) {
		for (i = 0; i < na; i++) {
			xasprintf(&w, "%s%s", pre[p], arabic[i]);
			vocab[nvocab++] = w;
		}
		if (p == 0) {
			for (i = 0; i < ne; i++)
				vocab[nvocab++] = english[i];
			for (i = 0; i < nd; i++)
				vocab[nvocab++] = digits[i];
		}
	}
	for (i = 0; i < ne; i++) {
		xasprintf(&w, "%ss", english[i]);
		vocab[nvocab++] = w;
	}
}

/*
 * A word, on a Zipf-like distribution over the vocabulary: uniform within
 * the first 2^e words, e uniform in 1..10.
 */
static const char *
word(void)
{
	size_t	i;

	i = rnd() % (2U << (rnd() % 10));
	return vocab[i < nvocab ? i : rnd() % nvocab];
}

static void
words(struct buf *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ' ');
		buf_adds(b, word());
	}
}

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
die(const char *what, char *cause)
{
	fprintf(stderr, "store-bench: %s: %s\n", what, cause);
	exit(1);
}

/* Generate one feed's items into titles/summaries and write it. */
static double
write_feed(struct store *st, int feed, size_t n, size_t first,
    size_t *bytes)
{
	const struct feed_sink	*sink;
	struct buf		 title = { 0 }, sum = { 0 };
	struct item		 it;
	struct feed		 f;
	char			 url[64], guid[32], link[64], *cause = NULL;
	void			*arg;
	int64_t			 id;
	size_t			 i;
	double			 t, gen = 0;

	snprintf(url, sizeof url, "https://feed%d.example/rss", feed);
	t = now_ms();
	if (store_feed_begin(st, url, &id, &cause) != 0)
		die("begin", cause);
	sink = store_sink(st, &arg);
	for (i = 0; i < n; i++) {
		double	g = now_ms();

		buf_reset(&title);
		buf_reset(&sum);
		words(&title, 6 + rnd() % 7);
		buf_adds(&sum, "<p>");
		words(&sum, 40 + rnd() % 81);
		buf_adds(&sum, "</p>");
		snprintf(guid, sizeof guid, "%d-%zu", feed, i);
		snprintf(link, sizeof link, "https://feed%d.example/%zu", feed,
		    i);
		memset(&it, 0, sizeof it);
		it.id = guid;
		it.title = title.data;
		it.link = link;
		it.summary = sum.data;
		it.summary_type = FEED_TYPE_HTML;
		it.published = 1700000000 - (int64_t)((first + i) * 37 % 9000000);
		it.updated = FEED_NO_DATE;
		*bytes += title.len + sum.len;
		gen += now_ms() - g;
		if (sink->item(arg, &it) != 0)
			break;
	}
	memset(&f, 0, sizeof f);
	f.title = url;
	sink->feed(arg, &f);
	if (store_feed_commit(st, &cause) != 0)
		die("commit", cause);
	buf_free(&title);
	buf_free(&sum);
	return now_ms() - t - gen;
}

static void
time_query(struct store *st, const char *name, const struct store_filter *f)
{
	struct store_rows	rows = { 0 };
	double			ms[RUNS], t;
	char			*cause = NULL;
	size_t			i, n = 0, total = 0;

	for (i = 0; i < RUNS; i++) {
		t = now_ms();
		if (store_items_query(st, f, 0, SCREEN, &rows, &cause) != 0)
			die(name, cause);
		ms[i] = now_ms() - t;
		n = rows.n;
		store_rows_free(&rows);
	}
	if (store_count(st, f, &total, &cause) != 0)
		die(name, cause);
	qsort(ms, RUNS, sizeof ms[0], cmp_double);
	printf("  %-28s %7.3f ms median %7.3f ms max  (%zu rows of %zu)\n",
	    name, ms[RUNS / 2], ms[RUNS - 1], n, total);
}

int
main(int argc, char **argv)
{
	static const char *const queries[] = {
		"في", "الخبر", "الاسلام", "مدرسه", "2024", "الرئيس الحكومة",
		"والمؤتمر", "فالمحكمة",
		"market", "Reuters prices", "التكنولوج*", "متحف الاثار",
		"nonexistentword",
	};
	struct store_filter	 f;
	struct store		*st;
	struct stat		 sb;
	struct buf		 text = { 0 };
	char			 dir[256], path[300], cmd[600], *cause = NULL;
	const char		*tmp;
	size_t			 total = 100000, done, bytes = 0, n, i;
	double			 ins = 0, t;
	char			*folded;
	int			 feed;

	heap_policy();		/* as khabar's main() */
	if (argc > 1)
		total = strtoul(argv[1], NULL, 10);
	if (argc > 2)
		snprintf(dir, sizeof dir, "%s", argv[2]);
	else {
		if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
			tmp = "/tmp";
		snprintf(dir, sizeof dir, "%s/khabar-bench-XXXXXX", tmp);
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
	}
	snprintf(path, sizeof path, "%s/cache.db", dir);
	vocab_init();
	if ((st = store_open(path, &cause)) == NULL)
		die("open", cause);
	printf("store-bench: %zu items in %s\n", total, path);

	for (feed = 0, done = 0; done < total; feed++) {
		n = total - done < PER_FEED ? total - done : PER_FEED;
		ins += write_feed(st, feed, n, done, &bytes);
		done += n;
	}
	printf("(a) insert: %zu items, %.1f MB of text, %.0f ms: "
	    "%.0f items/s, %.1f MB/s\n", total, bytes / 1e6, ins,
	    total / (ins / 1e3), bytes / 1e6 / (ins / 1e3));

	rng = 0x1234567ULL;
	for (i = 0; text.len < 20 * 1000 * 1000; i++) {
		words(&text, 100);
		buf_addc(&text, '\n');
	}
	t = now_ms();
	folded = normalize_fold(text.data, text.len, &n);
	t = now_ms() - t;
	printf("    fold alone: %.1f MB in %.1f ms: %.0f MB/s\n",
	    text.len / 1e6, t, text.len / 1e6 / (t / 1e3));
	free(folded);
	buf_free(&text);

	/* The same feed again: every item a hash hit. */
	rng = 0x9E3779B97F4A7C15ULL;
	t = write_feed(st, 0, PER_FEED < total ? PER_FEED : total, 0, &bytes);
	printf("(b) unchanged refresh of %d items: %.1f ms\n", PER_FEED, t);

	store_mark_read(st, STORE_FEED, 1, 1, &cause);
	for (i = 1; i <= 2000; i += 40)
		store_set_starred(st, (int64_t)i * 37, 1, &cause);
	printf("(c) first screen (%d rows), newest first:\n", SCREEN);
	memset(&f, 0, sizeof f);
	time_query(st, "all", &f);
	f.unread = 1;
	time_query(st, "unread", &f);
	f.unread = 0;
	f.starred = 1;
	time_query(st, "starred", &f);
	f.starred = 0;
	f.feed_id = 42;
	time_query(st, "one feed", &f);
	f.unread = 1;
	time_query(st, "one feed, unread", &f);
	memset(&f, 0, sizeof f);
	printf("(d) search, first screen of hits:\n");
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		f.search = queries[i];
		time_query(st, queries[i], &f);
	}
	f.unread = 1;
	f.search = "الاسلام";
	time_query(st, "الاسلام (unread only)", &f);

	store_close(st);
	if (stat(path, &sb) == 0)
		printf("cache: %.1f MB\n", sb.st_size / 1e6);
	if (argc <= 2) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "store-bench: could not remove %s\n",
			    dir);
	}
	return 0;
}
