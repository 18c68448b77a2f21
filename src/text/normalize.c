/* khabar - ISC licence, see LICENSE. */

/*
 * Search folding, one code point at a time.  ASCII goes through a 128-entry
 * table and two-byte sequences (Latin, Greek, Cyrillic, Arabic) are decoded
 * inline, since those are nearly all the text of a news cache; everything
 * else takes utf8_decode().  The output is written straight into the
 * struct buf: a valid sequence never folds into more bytes than it had, so
 * room for the input length is enough, and only a malformed byte (one byte
 * in, three bytes of U+FFFD out) makes us check again.
 *
 * The HTML variant is a small tag stripper for the search index only: it
 * skips tags, comments and the content of script and style, decodes
 * character references, and turns block-level tags into a space.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/normalize.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define DROP	UINT32_MAX

static void	fold_small_init(void);
static void	fold_run(struct buf *, const unsigned char *, size_t);
static const unsigned char *html_special(const unsigned char *,
		    const unsigned char *);
static int	html_inline_tag(const unsigned char *, size_t);
static size_t	html_skip_tag(const unsigned char *, size_t, int *);
static size_t	html_entity(const unsigned char *, size_t, uint32_t *);

/* ASCII: lower-case, whitespace controls to a space, other controls gone. */
static const unsigned char ascii_fold[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, ' ', ' ', ' ', ' ', ' ', 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-',
	'.', '/', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';',
	'<', '=', '>', '?', '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i',
	'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
	'x', 'y', 'z', '[', '\\', ']', '^', '_', '`', 'a', 'b', 'c', 'd', 'e',
	'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
	't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 0
};

/*
 * The fold of each code point below U+0800 as the UTF-8 it writes, worked
 * out once by fold_small_init(): the bytes in the low 16 bits, the first
 * one lowest, and their count (0 to 2) above.  Nearly all the text of a
 * news cache is in that range, and one load costs less than the chain of
 * range tests an Arabic letter walks through.
 */
static uint32_t		fold_small[0x800];
static pthread_once_t	fold_small_once = PTHREAD_ONCE_INIT;

/* HTML 4 names of U+00A0 to U+00FF, in order. */
static const char *const latin1_entities[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr", "deg",
	"plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil",
	"sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
	"Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig",
	"Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute",
	"Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde",
	"Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
	"Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde",
	"auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml",
	"igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve",
	"oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
	"uacute", "ucirc", "uuml", "yacute", "thorn", "yuml"
};

static uint32_t
fold_arabic(uint32_t c)
{
	switch (c) {
	case 0x0622:			/* alef with madda */
	case 0x0623:			/* alef with hamza above */
	case 0x0625:			/* alef with hamza below */
	case 0x0671:			/* alef wasla */
		return 0x0627;
	case 0x0624:			/* waw with hamza */
		return 0x0648;
	case 0x0626:			/* yeh with hamza */
	case 0x0649:			/* alef maqsura */
	case 0x06CC:			/* Farsi yeh */
		return 0x064A;
	case 0x0629:			/* teh marbuta */
		return 0x0647;
	case 0x06A9:			/* keheh */
		return 0x0643;
	case 0x061C:			/* Arabic letter mark */
	case 0x0640:			/* tatweel */
	case 0x0670:			/* superscript alef */
		return DROP;
	}
	if ((c >= 0x064B && c <= 0x065F) || (c >= 0x0610 && c <= 0x061A))
		return DROP;
	if ((c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) ||
	    c == 0x06E7 || c == 0x06E8 || (c >= 0x06EA && c <= 0x06ED))
		return DROP;
	if (c >= 0x0660 && c <= 0x0669)
		return '0' + (c - 0x0660);
	if (c >= 0x06F0 && c <= 0x06F9)
		return '0' + (c - 0x06F0);
	return c;
}

static uint32_t
fold_latin(uint32_t c)
{
	if (c < 0xA0)
		return DROP;		/* C1 controls */
	if (c == 0xAD)
		return DROP;		/* soft hyphen */
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c < 0x100)
		return c;
	if (c == 0x130)
		return 'i';
	if (c == 0x178)
		return 0xFF;
	if ((c <= 0x137 && c != 0x131) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	return c;
}

static uint32_t
fold_greek_cyrillic(uint32_t c)
{
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 0x20;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 0x25;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 0x3F;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	return c;
}

uint32_t
normalize_fold_cp(uint32_t c)
{
	if (c < 0x80)
		return ascii_fold[c] == 0 ? DROP : ascii_fold[c];
	if (c < 0x180)
		return fold_latin(c);
	if (c >= 0x600 && c <= 0x6FF)
		return fold_arabic(c);
	if (c >= 0x386 && c <= 0x42F)
		return fold_greek_cyrillic(c);
	if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
	    (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0xFEFF)
		return DROP;
	return c;
}

static void
fold_small_init(void)
{
	uint32_t	c, f;
	char		u[4];
	size_t		n;

	for (c = 0; c < 0x800; c++) {
		if ((f = normalize_fold_cp(c)) == DROP)
			continue;
		/* fold_run() relies on a fold never growing a sequence. */
		if ((n = utf8_encode(f, u)) > (c < 0x80 ? 1U : 2U))
			abort();
		fold_small[c] = (uint32_t)n << 16 | (unsigned char)u[0] |
		    (n == 2 ? (uint32_t)(unsigned char)u[1] << 8 : 0);
	}
}

/* Fold a run of plain text into b. */
static void
fold_run(struct buf *b, const unsigned char *p, size_t len)
{
	const unsigned char	*end = p + len;
	unsigned char		*o;
	uint32_t		 c, e;
	size_t			 n, off;

	pthread_once(&fold_small_once, fold_small_init);
	/* Two bytes of slack: an entry's two bytes are always stored. */
	buf_grow(b, len + 4);
	o = (unsigned char *)b->data + b->len;
	while (p < end) {
		if (*p < 0x80)
			e = fold_small[*p++];
		else if (*p >= 0xC2 && *p <= 0xDF && p + 1 < end &&
		    (p[1] & 0xC0) == 0x80) {
			e = fold_small[(uint32_t)(p[0] & 0x1F) << 6 |
			    (p[1] & 0x3F)];
			p += 2;
		} else {
			n = utf8_decode((const char *)p, end - p, &c);
			if (c == UTF8_REPLACEMENT && n < 3) {
				/* Up to two bytes more out than in. */
				off = o - (unsigned char *)b->data;
				b->len = off;
				buf_grow(b, (end - p) + 8);
				o = (unsigned char *)b->data + off;
			}
			p += n;
			if ((c = normalize_fold_cp(c)) != DROP)
				o += utf8_encode(c, (char *)o);
			continue;
		}
		o[0] = (unsigned char)e;
		o[1] = (unsigned char)(e >> 8);
		o += e >> 16;
	}
	b->len = o - (unsigned char *)b->data;
	b->data[b->len] = '\0';
}

void
normalize_fold_buf(struct buf *b, const char *s, size_t len)
{
	fold_run(b, (const unsigned char *)s, len);
}

char *
normalize_fold(const char *s, size_t len, size_t *outlen)
{
	struct buf	b = { 0 };

	fold_run(&b, (const unsigned char *)s, len);
	return buf_detach(&b, outlen);
}

/*
 * The first '<' or '&' from p, or end.  memchr() looks at many bytes at a
 * time, and the text between tags is most of an HTML body.
 */
static const unsigned char *
html_special(const unsigned char *p, const unsigned char *end)
{
	const unsigned char	*lt, *amp;

	if ((lt = memchr(p, '<', end - p)) == NULL)
		lt = end;
	if ((amp = memchr(p, '&', lt - p)) == NULL)
		return lt;
	return amp;
}

/* Is the tag named by the len bytes at p one that sits inside a word? */
static int
html_inline_tag(const unsigned char *p, size_t len)
{
	static const char *const names[] = {
		"a", "abbr", "b", "bdi", "bdo", "code", "em", "font", "i",
		"kbd", "mark", "q", "s", "samp", "small", "span", "strong",
		"sub", "sup", "time", "tt", "u", "var", "wbr"
	};
	size_t	i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i]) == len &&
		    strncasecmp(names[i], (const char *)p, len) == 0)
			return 1;
	}
	return 0;
}

/*
 * Skip the tag, comment or declaration at p (which is '<'); return the bytes
 * used, or 0 when it is a lone '<', and set *space when it separates words.
 * The content of script and style is skipped with their start tag.
 */
static size_t
html_skip_tag(const unsigned char *p, size_t len, int *space)
{
	const unsigned char	*e, *name;
	size_t			 n, nlen;
	int			 close = 0;

	*space = 1;
	if (len >= 4 && memcmp(p, "<!--", 4) == 0) {
		e = memmem(p + 4, len - 4, "-->", 3);
		return e == NULL ? len : (size_t)(e + 3 - p);
	}
	n = 1;
	if (n < len && p[n] == '/') {
		close = 1;
		n++;
	}
	name = p + n;
	while (n < len && ((p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z'))
		n++;
	nlen = p + n - name;
	if (nlen == 0 && !close && (n == len || (p[n] != '!' &&
	    p[n] != '?')))
		return 0;		/* a lone '<' is text */
	if ((e = memchr(p + n, '>', len - n)) == NULL)
		return len;
	*space = !html_inline_tag(name, nlen);
	n = e + 1 - p;
	if (!close && ((nlen == 6 && strncasecmp((const char *)name,
	    "script", 6) == 0) || (nlen == 5 && strncasecmp((const char *)name,
	    "style", 5) == 0))) {
		while (n + 1 < len) {
			e = memchr(p + n, '<', len - n);
			if (e == NULL)
				return len;
			n = e - p + 1;
			if (n < len && p[n] == '/' && len - n - 1 >= nlen &&
			    strncasecmp((const char *)p + n + 1,
			    (const char *)name, nlen) == 0) {
				e = memchr(p + n, '>', len - n);
				return e == NULL ? len : (size_t)(e + 1 - p);
			}
		}
		return len;
	}
	return n;
}

/*
 * Decode the character reference at p (which is '&') into *c; return the
 * bytes used, or 0 when it is not one.  An unknown name gives a space.
 */
static size_t
html_entity(const unsigned char *p, size_t len, uint32_t *c)
{
	static const struct {
		const char	*name;
		uint32_t	 c;
	} names[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }
	};
	size_t		n = 1, i, start;
	uint32_t	v = 0;
	int		hex = 0;

	if (len > 2 && p[1] == '#') {
		n = 2;
		if (p[n] == 'x' || p[n] == 'X') {
			hex = 1;
			n++;
		}
		for (start = n; n < len && n < start + 8; n++) {
			if (p[n] >= '0' && p[n] <= '9')
				v = v * (hex ? 16 : 10) + (p[n] - '0');
			else if (hex && (p[n] | 0x20) >= 'a' &&
			    (p[n] | 0x20) <= 'f')
				v = v * 16 + ((p[n] | 0x20) - 'a' + 10);
			else
				break;
		}
		if (n == start)
			return 0;
		if (n < len && p[n] == ';')
			n++;
		*c = (v == 0 || v > 0x10FFFF) ? UTF8_REPLACEMENT : v;
		return n;
	}
	while (n < len && n < 12 && (((p[n] | 0x20) >= 'a' &&
	    (p[n] | 0x20) <= 'z') || (p[n] >= '0' && p[n] <= '9')))
		n++;
	if (n == 1 || n >= len || p[n] != ';')
		return 0;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i].name) == n - 1 &&
		    memcmp(names[i].name, p + 1, n - 1) == 0) {
			*c = names[i].c;
			return n + 1;
		}
	}
	for (i = 0; i < 96; i++) {
		if (strlen(latin1_entities[i]) == n - 1 &&
		    memcmp(latin1_entities[i], p + 1, n - 1) == 0) {
			*c = i == 0 ? ' ' : 0xA0 + i;
			return n + 1;
		}
	}
	*c = ' ';
	return n + 1;
}

void
normalize_html_walk(const char *s, size_t len,
    const struct normalize_html_sink *sink, void *arg)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len, *q;
	uint32_t		 c;
	size_t			 n;
	int			 space;

	while (p < end) {
		q = html_special(p, end);
		if (q > p)
			sink->text(arg, (const char *)p, q - p);
		if ((p = q) == end)
			break;
		if (*p == '<' && (n = html_skip_tag(p, end - p, &space)) == 0) {
			sink->text(arg, "<", 1);
			p++;
		} else if (*p == '<') {
			p += n;
			if (space)
				sink->tag(arg);
		} else if ((n = html_entity(p, end - p, &c)) == 0) {
			sink->text(arg, "&", 1);
			p++;
		} else {
			p += n;
			sink->cp(arg, c);
		}
	}
}

static void
fold_html_text(void *arg, const char *s, size_t len)
{
	fold_run(arg, (const unsigned char *)s, len);
}

static void
fold_html_cp(void *arg, uint32_t c)
{
	if ((c = normalize_fold_cp(c)) != DROP)
		buf_add_utf8(arg, c);
}

static void
fold_html_tag(void *arg)
{
	struct buf	*b = arg;

	if (b->len == 0 || b->data[b->len - 1] != ' ')
		buf_addc(b, ' ');
}

void
normalize_fold_html(struct buf *b, const char *s, size_t len)
{
	static const struct normalize_html_sink	sink = {
		fold_html_text, fold_html_cp, fold_html_tag
	};

	normalize_html_walk(s, len, &sink, b);
	buf_grow(b, 0);
}
