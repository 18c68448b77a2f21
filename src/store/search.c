/* khabar - ISC licence, see LICENSE. */

/*
 * Search: the fold of what the index holds (words.c), for items.c's writes
 * and as SQL functions for the migrations of older caches, whose FTS5 index
 * used the "khabar" tokenizer below.  The body is author, categories,
 * summary and content, HTML reduced to its text, content left out when it
 * repeats the summary.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "feed/feed.h"
#include "store/internal.h"
#include "store/search.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/xmalloc.h"

/*
 * Words.  The folded text is turned into words separated by single spaces
 * here (store_search_words(), or in one pass with the fold for the index,
 * which runs wherever the fold runs: the parser thread, for a refresh), and
 * the index (words.c) only splits at spaces.  A word is a run of letters,
 * digits and marks: punctuation, symbols, spaces and emoji separate words
 * (search_seps); combining marks that only decorate a letter are dropped,
 * so are Hebrew points (as the fold drops harakat), and a Latin letter with
 * a diacritic becomes its base letter (latin_base: café finds cafe).
 */
enum {
	W_WORD,
	W_SEP,
	W_DROP
};

struct search_range {
	uint32_t	lo, hi;
	unsigned char	kind;
};

/* Sorted; a code point in none of them is part of a word. */
static const struct search_range search_seps[] = {
	{ 0x0080, 0x00a9, W_SEP }, { 0x00ab, 0x00b1, W_SEP },
	{ 0x00b4, 0x00b4, W_SEP }, { 0x00b6, 0x00b8, W_SEP },
	{ 0x00bb, 0x00bb, W_SEP }, { 0x00bf, 0x00bf, W_SEP },
	{ 0x00d7, 0x00d7, W_SEP }, { 0x00f7, 0x00f7, W_SEP },
	{ 0x02c2, 0x02c5, W_SEP }, { 0x02d2, 0x02df, W_SEP },
	{ 0x02e5, 0x02eb, W_SEP }, { 0x02ed, 0x02ed, W_SEP },
	{ 0x02ef, 0x02ff, W_SEP }, { 0x0300, 0x036f, W_DROP },
	{ 0x037e, 0x037e, W_SEP }, { 0x0384, 0x0385, W_SEP },
	{ 0x0387, 0x0387, W_SEP }, { 0x0482, 0x0482, W_SEP },
	{ 0x0483, 0x0489, W_DROP }, { 0x055a, 0x055f, W_SEP },
	{ 0x0589, 0x058a, W_SEP }, { 0x058d, 0x058f, W_SEP },
	{ 0x0591, 0x05bd, W_DROP }, { 0x05be, 0x05be, W_SEP },
	{ 0x05bf, 0x05bf, W_DROP }, { 0x05c0, 0x05c0, W_SEP },
	{ 0x05c1, 0x05c2, W_DROP }, { 0x05c3, 0x05c3, W_SEP },
	{ 0x05c4, 0x05c5, W_DROP }, { 0x05c6, 0x05c6, W_SEP },
	{ 0x05c7, 0x05c7, W_DROP }, { 0x05f3, 0x05f4, W_SEP },
	{ 0x0600, 0x060f, W_SEP }, { 0x061b, 0x061f, W_SEP },
	{ 0x066a, 0x066d, W_SEP }, { 0x06d4, 0x06d4, W_SEP },
	{ 0x06dd, 0x06de, W_SEP }, { 0x06e9, 0x06e9, W_SEP },
	{ 0x06fd, 0x06fe, W_SEP }, { 0x0964, 0x0965, W_SEP },
	{ 0x0970, 0x0970, W_SEP }, { 0x0e3f, 0x0e3f, W_SEP },
	{ 0x0e4f, 0x0e4f, W_SEP }, { 0x0e5a, 0x0e5b, W_SEP },
	{ 0x1ab0, 0x1aff, W_DROP }, { 0x1dc0, 0x1dff, W_DROP },
	{ 0x2000, 0x206f, W_SEP }, { 0x20a0, 0x20cf, W_SEP },
	{ 0x20d0, 0x20ff, W_DROP }, { 0x2190, 0x2bff, W_SEP },
	{ 0x2e00, 0x2e7f, W_SEP }, { 0x3000, 0x3003, W_SEP },
	{ 0x3008, 0x3020, W_SEP }, { 0x3030, 0x3030, W_SEP },
	{ 0x303d, 0x303d, W_SEP }, { 0x30fb, 0x30fb, W_SEP },
	{ 0xfd3e, 0xfd3f, W_SEP }, { 0xfe00, 0xfe0f, W_DROP },
	{ 0xfe10, 0xfe19, W_SEP }, { 0xfe20, 0xfe2f, W_DROP },
	{ 0xfe30, 0xfe6f, W_SEP }, { 0xff01, 0xff0f, W_SEP },
	{ 0xff1a, 0xff20, W_SEP }, { 0xff3b, 0xff40, W_SEP },
	{ 0xff5b, 0xff65, W_SEP }, { 0xfff0, 0xffff, W_SEP },
	{ 0x1f000, 0x1faff, W_SEP }, { 0xe0000, 0xe007f, W_DROP },
	{ 0xe0100, 0xe01ef, W_DROP }
};
#define NSEPS	(sizeof search_seps / sizeof search_seps[0])

/*
 * The base letter of U+00C0-024F and U+1E00-1EFF, '.' for none: the first
 * character of the canonical decomposition, when it is an ASCII letter
 * (from UnicodeData.txt).
 */
static const char latin_base_00c0[] =
	"aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
	"aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll."
	"...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz."
	"................................oo.............uu..............."
	".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa...."
	"aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
	"................";
static const char latin_base_1e00[] =
	"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
	"mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
	"wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
	"eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

/* search_class() of each code point below U+0800, for store_search_words(). */
static unsigned char	search_small[0x800];
static pthread_once_t	search_small_once = PTHREAD_ONCE_INIT;

static int
search_kind(uint32_t c)
{
	size_t	lo = 0, hi = NSEPS, mid;

	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z'))
			return W_WORD;
		return W_SEP;
	}
	if (c >= 0x0621 && c <= 0x064a)		/* Arabic letters */
		return W_WORD;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c < search_seps[mid].lo)
			hi = mid;
		else if (c > search_seps[mid].hi)
			lo = mid + 1;
		else
			return search_seps[mid].kind;
	}
	return W_WORD;
}

static char
search_latin_base(uint32_t c)
{
	char	b = '.';

	if (c >= 0x00c0 && c < 0x00c0 + sizeof latin_base_00c0 - 1)
		b = latin_base_00c0[c - 0x00c0];
	else if (c >= 0x1e00 && c < 0x1e00 + sizeof latin_base_1e00 - 1)
		b = latin_base_1e00[c - 0x1e00];
	return b != '.' ? b : 0;
}

/*
 * What a code point of an n-byte sequence becomes in a word: W_SEP, W_DROP,
 * W_WORD (its bytes), or else the ASCII letter written for it.
 */
static unsigned char
search_class(uint32_t c, size_t n)
{
	int	kind = search_kind(c);
	char	base;

	if (kind == W_WORD && n > 1 && (base = search_latin_base(c)) != 0)
		return (unsigned char)base;
	return (unsigned char)kind;
}

static void
search_small_init(void)
{
	uint32_t	c;

	for (c = 0; c < 0x800; c++)
		search_small[c] = search_class(c, c < 0x80 ? 1 : 2);
}

/*
 * Rewrite the folded text of b in place as words separated by single
 * spaces; nothing it does makes the text longer (the fold made it valid
 * UTF-8, so the decoder replaces nothing).
 */
void
store_search_words(struct buf *b)
{
	unsigned char	*p, *end, *w, *start, *run;
	uint32_t	 c;
	unsigned char	 k;
	int		 space = 1;

	if (b->len == 0)
		return;
	pthread_once(&search_small_once, search_small_init);
	p = w = run = (unsigned char *)b->data;
	end = p + b->len;
	while (p < end) {
		start = p;
		if (*p < 0x80)
			k = search_small[*p++];
		else if (*p >= 0xc2 && *p <= 0xdf && p + 1 < end) {
			k = search_small[(uint32_t)(p[0] & 0x1f) << 6 |
			    (p[1] & 0x3f)];
			p += 2;
		} else {
			p += utf8_decode((const char *)p, (size_t)(end - p),
			    &c);
			k = search_class(c, (size_t)(p - start));
		}
		/* What stays as it is joins the run, moved down at once. */
		if (k == W_WORD || (k == W_SEP && !space && *start == ' ')) {
			space = k == W_SEP;
			continue;
		}
		memmove(w, run, (size_t)(start - run));
		w += start - run;
		run = p;
		if (k == W_SEP) {
			if (!space)
				*w++ = ' ';
			space = 1;
		} else if (k != W_DROP) {
			*w++ = k;
			space = 0;
		}
	}
	memmove(w, run, (size_t)(p - run));
	w += p - run;
	if (space && w > (unsigned char *)b->data)
		w--;			/* the separator at the end */
	b->len = (size_t)(w - (unsigned char *)b->data);
	b->data[b->len] = '\0';
}

/*
 * The index's fold and words in one pass.  A row's text used to be folded
 * into a buffer (normalize_fold_html()) and then split in place
 * (store_search_words()); on a cold refresh each pass was an eighth of the
 * parser thread.  Here each code point below U+0800 has one entry, made
 * once from the fold and the word class of what it folds to: the bytes it
 * adds to a word (two at most, as the fold never lengthens a sequence),
 * their count, and its kind.  Separators only set a flag, and a space is
 * written before the next word's first byte, so words come out separated
 * by single spaces, none at either end, as store_search_words() makes them
 * (test_fold_one_pass holds the two to the same words).
 */
enum {
	WK_WORD,
	WK_SEP,
	WK_DROP
};

#define WORDS_ENTRY(bytes, n, kind) \
	((uint32_t)(bytes) | (uint32_t)(n) << 16 | (uint32_t)(kind) << 24)

struct words {
	struct buf	*b;
	int		 space;		/* a separator since the last word */
};

static uint32_t		words_small[0x800];
static pthread_once_t	words_small_once = PTHREAD_ONCE_INIT;

/* What folded code point c adds to a word: WK_SEP, WK_DROP or bytes in u. */
static int
words_class(uint32_t c, char *u, size_t *n)
{
	unsigned char	k;

	*n = utf8_encode(c, u);
	k = search_class(c, *n);
	if (k == W_SEP)
		return WK_SEP;
	if (k == W_DROP)
		return WK_DROP;
	if (k != W_WORD) {
		u[0] = (char)k;		/* the base of a Latin letter */
		*n = 1;
	}
	return WK_WORD;
}

/*
 * Most of an index's text is letters that fold to themselves with single
 * spaces between words: out as it came in.  words_plain() finds how many
 * bytes from p are that, sixteen at a time: a-z, 0-9 and the Arabic
 * letters the fold keeps (U+0621, U+0627-0628, U+062A-063A, U+0641-0648,
 * U+064A: not the hamza forms, teh marbuta, tatweel, alef maqsura or
 * harakat), whole, and single spaces after them.  words_plain_check() holds
 * those ranges to the table.
 */
static const struct {
	uint32_t	lo, hi;
} words_plain_ranges[] = {
	{ '0', '9' }, { 'a', 'z' }, { 0x0621, 0x0621 }, { 0x0627, 0x0628 },
	{ 0x062A, 0x063A }, { 0x0641, 0x0648 }, { 0x064A, 0x064A }
};

static void
words_plain_check(void)
{
	uint32_t	c;
	size_t		i, n;
	char		u[4];

	for (i = 0; i < sizeof words_plain_ranges /
	    sizeof words_plain_ranges[0]; i++)
		for (c = words_plain_ranges[i].lo;
		    c <= words_plain_ranges[i].hi; c++) {
			n = utf8_encode(c, u);
			if (words_small[c] != WORDS_ENTRY((unsigned char)u[0] |
			    (n == 2 ? (uint32_t)(unsigned char)u[1] << 8 : 0),
			    n, WK_WORD))
				abort();
		}
}

#ifdef __SSE2__
/* 0xff in each byte of x from lo to hi. */
static inline __m128i
words_in(__m128i x, unsigned char lo, unsigned char hi)
{
	__m128i	d = _mm_sub_epi8(x, _mm_set1_epi8((char)lo));

	return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)(hi - lo))),
	    d);
}

/*
 * How many of the 16 bytes from p are plain (above), ending with a whole
 * letter or a space.  A byte is plain if it is a-z or 0-9, a continuation
 * after 0xd8 or 0xd9 (in the 16) that makes a letter of the ranges, a lead
 * byte whose continuation is that, or a space after a plain byte that is
 * no space.
 */
static size_t
words_plain(const unsigned char *p)
{
	__m128i		x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i		before = _mm_slli_si128(x, 1);	/* 0 before the first */
	__m128i		d8, d9, ascii;
	unsigned	cont, lead, sp, plain, n;

	ascii = _mm_or_si128(words_in(x, 'a', 'z'), words_in(x, '0', '9'));
	d8 = _mm_and_si128(_mm_cmpeq_epi8(before, _mm_set1_epi8((char)0xd8)),
	    _mm_or_si128(_mm_or_si128(words_in(x, 0xa1, 0xa1),
	    words_in(x, 0xa7, 0xa8)), words_in(x, 0xaa, 0xba)));
	d9 = _mm_and_si128(_mm_cmpeq_epi8(before, _mm_set1_epi8((char)0xd9)),
	    _mm_or_si128(words_in(x, 0x81, 0x88), words_in(x, 0x8a, 0x8a)));
	cont = (unsigned)_mm_movemask_epi8(_mm_or_si128(d8, d9));
	lead = (unsigned)_mm_movemask_epi8(words_in(x, 0xd8, 0xd9)) &
	    cont >> 1;
	sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_set1_epi8(' ')));
	plain = (unsigned)_mm_movemask_epi8(ascii) | cont | lead;
	sp &= plain << 1;
	n = (unsigned)__builtin_ctz(~(plain | sp));
	return n;
}
#endif

static void
words_small_init(void)
{
	uint32_t	c, f;
	char		u[4];
	size_t		n;
	int		k;

	for (c = 0; c < 0x800; c++) {
		if ((f = normalize_fold_cp(c)) == UINT32_MAX) {
			words_small[c] = WORDS_ENTRY(0, 0, WK_DROP);
			continue;
		}
		if ((k = words_class(f, u, &n)) == WK_WORD && n > 2)
			abort();	/* the loop stores two bytes at most */
		words_small[c] = WORDS_ENTRY(k != WK_WORD ? 0 :
		    (unsigned char)u[0] | (n == 2 ?
		    (uint32_t)(unsigned char)u[1] << 8 : 0), k == WK_WORD ? n : 0,
		    k);
	}
	words_plain_check();
}

/* Add the word bytes of code point c, unfolded, to w. */
static void
words_cp(void *arg, uint32_t c)
{
	struct words	*w = arg;
	char		 u[4];
	size_t		 n;
	int		 k;

	if ((c = normalize_fold_cp(c)) == UINT32_MAX ||
	    (k = words_class(c, u, &n)) == WK_DROP)
		return;
	if (k == WK_SEP) {
		w->space = 1;
		return;
	}
	if (w->space && w->b->len > 0)
		buf_addc(w->b, ' ');
	w->space = 0;
	buf_add(w->b, u, n);
}

/* Add the words of len bytes of s, unfolded, to w. */
static void
words_text(void *arg, const char *s, size_t len)
{
	struct words		*w = arg;
	struct buf		*b = w->b;
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	unsigned char		*o, *start;
	uint32_t		 e, c;
	size_t			 n;

	pthread_once(&words_small_once, words_small_init);
	/*
	 * Out: no more than in (a separator writes nothing itself, a word's
	 * bytes are never more than what it folds from), a space that may
	 * be due from before, and a byte of slack for the two stored.
	 */
	buf_grow(b, len + 2);
	start = (unsigned char *)b->data;
	o = start + b->len;
	while (p < end) {
#ifdef __SSE2__
		/* Sixteen bytes are stored, a space before them. */
		if (end - p >= 16 && (size_t)(o - start) + 17 < b->cap &&
		    (n = words_plain(p)) > 0) {
			if (w->space && o > start)
				*o++ = ' ';
			_mm_storeu_si128((__m128i *)(void *)o,
			    _mm_loadu_si128((const __m128i *)(const void *)p));
			p += n;
			/* A space at the end waits for the next word. */
			w->space = p[-1] == ' ';
			o += n - (size_t)w->space;
			continue;
		}
#endif
		if (*p < 0x80)
			e = words_small[*p++];
		else if (*p >= 0xc2 && *p <= 0xdf && p + 1 < end &&
		    (p[1] & 0xc0) == 0x80) {
			e = words_small[(uint32_t)(p[0] & 0x1f) << 6 |
			    (p[1] & 0x3f)];
			p += 2;
		} else {
			n = utf8_decode((const char *)p, (size_t)(end - p), &c);
			p += n;
			b->len = (size_t)(o - start);
			words_cp(w, c);
			start = (unsigned char *)b->data;
			o = start + b->len;
			continue;
		}
		if (e >> 24 == WK_WORD) {
			if (w->space && o > start)
				*o++ = ' ';
			w->space = 0;
			o[0] = (unsigned char)e;
			o[1] = (unsigned char)(e >> 8);
			o += (e >> 16) & 3;
		} else if (e >> 24 == WK_SEP)
			w->space = 1;
	}
	b->len = (size_t)(o - start);
	b->data[b->len] = '\0';
}

static void
words_tag(void *arg)
{
	struct words	*w = arg;

	w->space = 1;
}

/* Add the words of field s, HTML or not, to w: a field is a word apart. */
static void
words_field(struct words *w, const char *s, int html)
{
	static const struct normalize_html_sink	sink = {
		words_text, words_cp, words_tag
	};

	if (s == NULL || *s == '\0')
		return;
	w->space = 1;
	if (html)
		normalize_html_walk(s, strlen(s), &sink, w);
	else
		words_text(w, s, strlen(s));
}

void
store_fold_title(struct buf *b, const char *title)
{
	struct words	w = { b, 1 };

	buf_reset(b);
	words_field(&w, title, 0);
}

void
store_fold_body(struct buf *b, const char *author, const char *categories,
    const char *summary, int summary_type, const char *content,
    int content_type)
{
	struct words	w = { b, 1 };

	buf_reset(b);
	words_field(&w, author, 0);
	words_field(&w, categories, 0);
	words_field(&w, summary, summary_type != FEED_TYPE_TEXT);
	if (summary == NULL || content == NULL || strcmp(summary, content) != 0)
		words_field(&w, content, content_type != FEED_TYPE_TEXT);
}

static void
search_result(sqlite3_context *ctx, struct buf *b)
{
	size_t	len;
	char	*s;

	s = buf_detach(b, &len);
	sqlite3_result_text64(ctx, s, len, free, SQLITE_UTF8);
}

/* khabar_fold(text): the folded text, NULL for NULL. */
static void
search_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf	b = { 0 };

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	store_fold_title(&b, (const char *)sqlite3_value_text(argv[0]));
	search_result(ctx, &b);
}

/*
 * khabar_fold_body(author, categories, summary, summary_type, content,
 * content_type): store_fold_body() for the delete trigger and the rebuild.
 */
static void
search_fold_body(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf	b = { 0 };

	(void)argc;
	store_fold_body(&b, (const char *)sqlite3_value_text(argv[0]),
	    (const char *)sqlite3_value_text(argv[1]),
	    (const char *)sqlite3_value_text(argv[2]),
	    sqlite3_value_int(argv[3]),
	    (const char *)sqlite3_value_text(argv[4]),
	    sqlite3_value_int(argv[5]));
	search_result(ctx, &b);
}

static void
search_fold_version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, STORE_FOLD_VERSION);
}

/* The "khabar" FTS5 tokenizer: words are what spaces separate. */
static int
search_tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	static int	one;

	(void)ctx;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&one;	/* no state */
	return SQLITE_OK;
}

static void
search_tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int
search_tok_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Where the word from i ends (see search.h).  The index's text is
 * tens of megabytes on a cold refresh, all of it scanned here on the thread
 * that writes; a byte at a time this was 8% of that thread.  Eight bytes a
 * step, a byte below 0x21 is found by store_search_below21(); a flagged
 * byte that is no blank (a control character: none is left in folded
 * text) is passed over.
 */
size_t
store_search_word_end(const char *text, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t	 x, m;

	while (len - i >= 8) {
		memcpy(&x, text + i, 8);
		m = store_search_below21(x);
		if (m == 0) {
			i += 8;
			continue;
		}
		i += __builtin_ctzll(m) / 8;
		if (search_tok_blank(text[i]))
			return i;
		i++;
	}
#endif
	while (i < len && !search_tok_blank(text[i]))
		i++;
	return i;
}

static int
search_tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
    int len, int (*token)(void *, int, const char *, int, int, int))
{
	int	i = 0, start, rc;

	(void)t;
	(void)flags;
	while (i < len) {
		while (i < len && search_tok_blank(text[i]))
			i++;
		start = i;
		i = (int)store_search_word_end(text, (size_t)i, (size_t)len);
		if (i > start &&
		    (rc = token(ctx, 0, text + start, i - start, start, i)) !=
		    SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}


/* The "khabar" tokenizer, for the FTS5 index of caches before version 9. */
static int
search_register_fts5(sqlite3 *db)
{
	static fts5_tokenizer	 tok = {
		search_tok_create,
		search_tok_delete,
		search_tok_tokenize
	};
	fts5_api		*api = NULL;
	sqlite3_stmt		*s;
	int			 rc;

	if ((rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL)) !=
	    SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	rc = sqlite3_finalize(s);
	if (rc == SQLITE_OK && api == NULL)
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = api->xCreateTokenizer(api, "khabar", NULL, &tok, NULL);
	return rc;
}

int
store_search_register(sqlite3 *db)
{
	int	flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int	rc;

	rc = sqlite3_create_function(db, "khabar_fold", 1, flags, NULL,
	    search_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "khabar_fold_body", 6, flags,
		    NULL, search_fold_body, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "khabar_fold_version", 0,
		    flags, NULL, search_fold_version, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = search_register_fts5(db);
	return rc;
}

int
store_search(struct store *st, const char *query, size_t offset,
    size_t limit, struct store_rows *rows, char **cause)
{
	struct store_filter	f;

	memset(&f, 0, sizeof f);
	f.search = query;
	return store_items_query(st, &f, offset, limit, rows, cause);
}
