/* khabar - ISC licence, see LICENSE. */
/*
 * The input pipeline and the XML driver (see parse.h).  struct input moves
 * bytes through three buffers: raw (as read), utf (UTF-8, after iconv when
 * the feed uses another encoding) and out (cleaned, what libxml2 reads).
 * Each stage consumes what it can and keeps an incomplete tail (a split
 * UTF-8 sequence, an entity cut by the chunk boundary) for the next round,
 * so memory stays a few chunks whatever the size of the feed.
 *
 * struct parse keeps a stack of the open elements with their namespace,
 * local name and xml:base.  When a format handler asks for an element's
 * text, everything below that element is collected into one buffer: plain
 * text while there are no child elements, escaped markup from the first
 * child element on, and the handlers see none of those children.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "feed/date.h"
#include "feed/parse.h"
#include "feed/url.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define FEED_CHUNK	65536
#define INPUT_LOOKAHEAD	48		/* longest entity we rewrite, and more */
#define JSON_MAX	(64U * 1024 * 1024)
#define DEPTH_MAX	128

#define OPEN_MAX	1024		/* open elements tracked by the filter */
#define TAG_MAX		256		/* longest tag name we track */
#define RUN_MIN		128		/* shortest text run taken out */
#define RUN_PI		"k"		/* target of the PI that stands for one */

enum input_state {
	IN_TEXT,
	IN_TAG,
	IN_CDATA,
	IN_COMMENT,
	IN_PI,
	IN_DECL
};

struct input {
	int			 fd;
	const unsigned char	*mem;
	size_t			 memlen;
	size_t			 mempos;
	int			 raw_eof;
	int			 read_errno;
	int			 direct;	/* filtering mem in place */

	struct buf		 raw;
	iconv_t			 cd;
	int			 conv;
	size_t			 unit;		/* bytes skipped on a bad sequence */
	struct buf		 utf;
	struct buf		 out;
	size_t			 outpos;

	int			 xml;
	int			 at_start;
	enum input_state	 state;
	unsigned char		 quote;		/* in a quoted value */
	unsigned char		 last;		/* last non-space byte of a tag */
	size_t			 brackets;	/* [ ] depth in a DOCTYPE */
	size_t			*open;		/* names of the open elements */
	size_t			 nopen;
	size_t			 capopen;
	size_t			 untracked;
	struct buf		 names;
	size_t			 nclosed;
	size_t			 ndropped;
	size_t			 nctrl;
	size_t			 nbad;
	size_t			 nentity;
	size_t			 namp;
	size_t			 nlt;
	struct feed		*feed;

	/* Runs of text taken out of libxml2's way (see input_take_run()). */
	size_t			 run_min;
	int			 bytewise;	/* no runs, no skips (for tests) */
	int			 no_runs;	/* a control was dropped */
	struct buf		 runs;		/* their bytes */
	struct input_run	*run;		/* runs not all given yet */
	size_t			 nrun;
	size_t			 caprun;
	size_t			 nrun_given;
	size_t			 run_base;	/* the number of run[0] */
};

struct input_run {
	size_t	off;
	size_t	len;
	int	given;
};

static const char *ns_uris[] = {
	NULL,
	"http://my.netscape.com/rdf/simple/0.9/",
	"http://purl.org/rss/1.0/",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"http://purl.org/atom/ns#",
	"http://www.w3.org/2005/Atom",
	"http://purl.org/dc/elements/1.1/",
	"http://purl.org/dc/terms/",
	"http://purl.org/rss/1.0/modules/content/",
	"http://search.yahoo.com/mrss/",
	"http://www.itunes.com/dtds/podcast-1.0.dtd",
	"http://www.w3.org/1999/xhtml",
};

/* Prefixes used without a declaration, as some feeds do. */
static const struct {
	const char	*prefix;
	enum parse_ns	 ns;
} ns_prefixes[] = {
	{ "rdf", NS_RDF }, { "atom", NS_ATOM10 }, { "dc", NS_DC },
	{ "dcterms", NS_DCTERMS }, { "content", NS_CONTENT },
	{ "media", NS_MEDIA }, { "itunes", NS_ITUNES }, { "xhtml", NS_XHTML },
};

static ssize_t	input_fill_raw(struct input *);
static void	input_decode(struct input *);
static size_t	input_filter(struct input *, const char *, size_t, int);
static int	input_entity(struct input *, const char *, size_t, int,
		    size_t *);
static int	input_more(struct input *);
static void	input_setup(struct input *, const char *);
static void	input_free(struct input *);
static char	*input_declared(const char *, size_t);
static int	utf8_looks_valid(const char *, size_t);
static int	parse_run(struct input *, const struct parse_opts *,
		    const struct feed_sink *, void *, char **);
static int	parse_xml(struct parse *, struct input *, char **);
static int	parse_json(struct parse *, struct input *, char **);
static void	parse_error(void *, xmlErrorPtr);
static int	parse_root(struct parse *, const struct parse_frame *,
		    char **);
static void	parse_element(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *, int, const xmlChar **, int, int,
		    const xmlChar **);
static void	parse_end(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *);
static void	parse_sax_chars(void *, const xmlChar *, int);
static void	parse_pop(struct parse *);
static void	parse_chars(struct parse *, const char *, size_t, int);
static void	parse_markup_start(struct parse *, const char *);
static void	parse_finish(struct parse *);
static void	parse_free(struct parse *);
static enum parse_ns parse_ns_of(const char *, const char *);

/* ---- Input ---------------------------------------------------------- */

static ssize_t
input_fill_raw(struct input *in)
{
	ssize_t	n;
	size_t	want = FEED_CHUNK;

	if (in->raw_eof)
		return 0;
	buf_grow(&in->raw, want);
	if (in->mem != NULL) {
		n = (ssize_t)(in->memlen - in->mempos);
		if ((size_t)n > want)
			n = (ssize_t)want;
		memcpy(in->raw.data + in->raw.len, in->mem + in->mempos, n);
		in->mempos += n;
	} else {
		do
			n = read(in->fd, in->raw.data + in->raw.len, want);
		while (n == -1 && errno == EINTR);
		if (n == -1) {
			in->read_errno = errno;
			n = 0;
		}
	}
	if (n == 0)
		in->raw_eof = 1;
	in->raw.len += n;
	return n;
}

/* Convert raw into utf; bad sequences become U+FFFD. */
static void
input_decode(struct input *in)
{
	char	*src, *dst;
	size_t	 srcleft, dstleft, r, done;

	if (!in->conv) {
		buf_add(&in->utf, in->raw.data, in->raw.len);
		buf_reset(&in->raw);
		return;
	}
	src = in->raw.data;
	srcleft = in->raw.len;
	while (srcleft > 0) {
		buf_grow(&in->utf, srcleft * 4 + 16);
		dst = in->utf.data + in->utf.len;
		dstleft = in->utf.cap - in->utf.len - 1;
		r = iconv(in->cd, &src, &srcleft, &dst, &dstleft);
		in->utf.len = dst - in->utf.data;
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !in->raw_eof)
			break;
		/* EILSEQ, or a sequence cut by the end of the file. */
		buf_add(&in->utf, "\xef\xbf\xbd", 3);
		in->nbad++;
		r = in->unit < srcleft ? in->unit : srcleft;
		src += r;
		srcleft -= r;
	}
	done = in->raw.len - srcleft;
	memmove(in->raw.data, in->raw.data + done, srcleft);
	in->raw.len = srcleft;
	in->utf.data[in->utf.len] = '\0';
}

/*
 * Rewrite the entity reference at s (s[0] is '&'): keep the XML ones and
 * character references to XML characters, turn HTML entities into their
 * characters and anything else into "&amp;".  Return 0 and set *used, or
 * -1 when more input is needed to decide.
 */
static int
input_entity(struct input *in, const char *s, size_t len, int eof,
    size_t *used)
{
	const htmlEntityDesc	*e;
	char			 name[40];
	size_t			 i;
	unsigned long		 cp;
	char			*end;

	for (i = 1; i < len && i < sizeof name; i++)
		if (s[i] == ';' || !(isalnum((unsigned char)s[i]) ||
		    s[i] == '#' || s[i] == '_' || s[i] == '-' || s[i] == '.'))
			break;
	if (i == len && !eof && i < sizeof name)
		return -1;
	*used = 1;
	if (i < len && s[i] == ';' && i > 1) {
		memcpy(name, s + 1, i - 1);
		name[i - 1] = '\0';
		if (name[0] == '#') {
			errno = 0;
			if (name[1] == 'x' || name[1] == 'X')
				cp = strtoul(name + 2, &end, 16);
			else
				cp = strtoul(name + 1, &end, 10);
			if (end != name + (name[1] == 'x' || name[1] == 'X' ?
			    2 : 1) && *end == '\0' && errno == 0) {
				*used = i + 1;
				if (cp == 0x9 || cp == 0xA || cp == 0xD ||
				    (cp >= 0x20 && cp <= 0xD7FF) ||
				    (cp >= 0xE000 && cp <= 0xFFFD) ||
				    (cp >= 0x10000 && cp <= 0x10FFFF))
					buf_add(&in->out, s, i + 1);
				else
					buf_add(&in->out, "\xef\xbf\xbd", 3);
				return 0;
			}
		} else if (strcmp(name, "amp") == 0 ||
		    strcmp(name, "lt") == 0 || strcmp(name, "gt") == 0 ||
		    strcmp(name, "quot") == 0 || strcmp(name, "apos") == 0) {
			buf_add(&in->out, s, i + 1);
			*used = i + 1;
			return 0;
		} else if ((e = htmlEntityLookup((const xmlChar *)name)) !=
		    NULL) {
			buf_add_utf8(&in->out, e->value);
			in->nentity++;
			*used = i + 1;
			return 0;
		}
	}
	buf_adds(&in->out, "&amp;");
	in->namp++;
	return 0;
}

static int
name_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == ':' || c == '-' || c == '.' ||
	    c >= 0x80;
}

/*
 * Whether the n bytes at s that utf8_decode() read as cp are a sequence the
 * filter replaces: bad or cut (a cut one may begin as U+FFFD does), or
 * U+FFFE or U+FFFF, which XML does not allow.
 */
static int
utf8_bad(const char *s, size_t n, uint32_t cp)
{
	return (cp == UTF8_REPLACEMENT && (n != 3 ||
	    memcmp(s, "\xef\xbf\xbd", 3) != 0)) || cp == 0xFFFE ||
	    cp == 0xFFFF;
}

/*
 * How many of the len bytes at s are characters the filter would pass as
 * they are (up to the first utf8_bad() sequence).  Tag names and end tags
 * go to libxml2 without the byte-by-byte check, and libxml2 takes a bad
 * byte for a document in another encoding.
 */
static size_t
utf8_good(const char *s, size_t len)
{
	size_t		i = 0, n;
	uint32_t	cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (utf8_bad(s + i, n, cp))
			break;
		i += n;
	}
	return i;
}

static void
input_push(struct input *in, const char *name, size_t len)
{
	if (in->nopen >= OPEN_MAX) {
		in->untracked++;
		return;
	}
	if (in->nopen == in->capopen) {
		in->capopen = in->capopen == 0 ? 16 : in->capopen * 2;
		in->open = xreallocarray(in->open, in->capopen,
		    sizeof *in->open);
	}
	in->open[in->nopen++] = in->names.len;
	buf_add(&in->names, name, len);
	buf_addc(&in->names, '\0');
}

static void
input_pop(struct input *in)
{
	if (in->untracked > 0) {
		in->untracked--;
		return;
	}
	if (in->nopen > 0)
		in->names.len = in->open[--in->nopen];
}

/* Close open elements down to (not including) level k. */
static void
input_close_to(struct input *in, size_t k)
{
	while (in->nopen > k) {
		buf_printf(&in->out, "</%s>",
		    in->names.data + in->open[in->nopen - 1]);
		in->nopen--;
		in->names.len = in->open[in->nopen];
		in->nclosed++;
	}
}

/*
 * An end tag at s (s[0..1] is "</"): pass it if its element is open,
 * closing what was left open inside it, else drop it.  Return the bytes
 * used, 0 when more input is needed, or -1 when it is not an end tag.
 */
static ssize_t
input_end_tag(struct input *in, const char *s, size_t len, int eof)
{
	const char	*gt;
	size_t		 n, k, avail = len < TAG_MAX ? len : TAG_MAX;

	if ((gt = memchr(s, '>', avail)) == NULL)
		return avail < TAG_MAX && !eof ? 0 : -1;
	for (n = 2; s + n < gt && name_char((unsigned char)s[n]); n++)
		;
	/* Blanks, or nothing, between the name and '>' (not "</a <?b>"). */
	for (k = n; s + k < gt && isspace((unsigned char)s[k]); k++)
		;
	if (n == 2 || s + k != gt || utf8_good(s, n) != n)
		return -1;
	if (in->untracked > 0) {
		in->untracked--;
		buf_add(&in->out, s, gt - s + 1);
		return gt - s + 1;
	}
	for (k = in->nopen; k > 0; k--) {
		if (strlen(in->names.data + in->open[k - 1]) == n - 2 &&
		    memcmp(in->names.data + in->open[k - 1], s + 2, n - 2) ==
		    0)
			break;
	}
	if (k == 0) {
		in->ndropped++;
		return gt - s + 1;
	}
	input_close_to(in, k);
	buf_add(&in->out, s, gt - s + 1);
	input_pop(in);
	return gt - s + 1;
}

/*
 * What input_filter() does with a byte outside a tag: pass it, look at it
 * (I_SPECIAL: '&', '<' or the first byte of what ends a CDATA section, a
 * comment or a processing instruction), or check it as the lead byte of a
 * two-byte sequence.  Anything else (controls, other sequences) it takes
 * the long way.
 */
enum {
	I_OTHER,
	I_PASS,
	I_LEAD2,
	I_SPECIAL
};

static const unsigned char input_bytes[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,	/* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 3, 1, 1,	/* & - */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 3,	/* < ? */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1,	/* ] */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x80 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,	/* 0xC0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0xE0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define INPUT_SKIP8	1
#define ONES		0x0101010101010101ULL
#define HIGH		(ONES * 0x80)

/* The high bit of each byte of x that is zero, and maybe of those above. */
static inline uint64_t
input_zero(uint64_t x)
{
	return (x - ONES) & ~x & HIGH;
}

/*
 * How many of the eight bytes at u the byte loop of input_skip() would
 * pass, at once: 8, or 7 when the last is a lead byte; 0 unless they are
 * ASCII from 0x20 but a, b and c, and two-byte sequences (C2-DF then
 * 80-BF) whole.  Anything else goes to the byte loop, which is exact.  On a
 * cold refresh of Arabic feeds, the byte loop was a tenth of the parser
 * thread.
 */
static size_t
input_skip8(const unsigned char *u, unsigned char a, unsigned char b,
    unsigned char c)
{
	uint64_t	x, hi, b6, b5, cont, lead, bad;

	memcpy(&x, u, 8);
	hi = x & HIGH;
	b6 = (x << 1) & HIGH;		/* bit 6 of each byte, moved up */
	b5 = (x << 2) & HIGH;
	cont = hi & ~b6;		/* 10xxxxxx */
	lead = hi & b6 & ~b5;		/* 110xxxxx */
	bad = (x - ONES * 0x20) & ~x & HIGH;	/* ASCII below 0x20 */
	bad |= input_zero(x ^ (ONES * a)) | input_zero(x ^ (ONES * b)) |
	    input_zero(x ^ (ONES * c));
	bad |= hi & b6 & b5;		/* E0-FF */
	bad |= input_zero((x & (ONES * 0xFE)) ^ (ONES * 0xC0));	/* C0, C1 */
	/* Each lead but a last one right before a continuation, and back. */
	if (bad != 0 || (lead & (HIGH >> 8)) << 8 != cont)
		return 0;
	return lead >> 63 ? 7 : 8;
}
#endif

#ifdef __SSE2__
/*
 * input_skip8() sixteen bytes at a time, with SSE2 (every x86-64 has it),
 * which also passes tab, LF and CR: 16, or 15 when the last is a lead
 * byte, or 0.  The bit of each byte is taken out of its compare with a
 * move mask, and the same tests are made on the sixteen bits.  The
 * eight-byte test spent two thirds of its time on arithmetic, a third
 * waiting for the input.
 */
static size_t
input_skip16(const unsigned char *u, unsigned char a, unsigned char b,
    unsigned char c)
{
	__m128i		x = _mm_loadu_si128((const __m128i *)(const void *)u);
	unsigned	hi, lt, bad, lead, cont;

	hi = (unsigned)_mm_movemask_epi8(x);
	/*
	 * Controls but tab, LF and CR, which the byte loop passes.  Signed:
	 * the bytes from 0x80 are below 0x20 too, hi takes them out.
	 */
	lt = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x,
	    _mm_set1_epi8(0x20))) & ~hi & ~(unsigned)_mm_movemask_epi8(
	    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
	bad = lt | (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
	    _mm_cmpeq_epi8(x, _mm_set1_epi8((char)a)),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8((char)b))),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8((char)c))));
	/* E0-FF, then C0 and C1. */
	bad |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x,
	    _mm_set1_epi8((char)0xE0)), _mm_set1_epi8((char)0xE0)));
	bad |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x,
	    _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xC0)));
	lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x,
	    _mm_set1_epi8((char)0xE0)), _mm_set1_epi8((char)0xC0)));
	cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x,
	    _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
	/* Each lead but a last one right before a continuation, and back. */
	if (bad != 0 || ((lead << 1) & 0xFFFF) != cont)
		return 0;
	return lead >> 15 ? 15 : 16;
}
#endif

/*
 * Skip from i the bytes that input_filter() would pass unchanged in the
 * current state, sixteen or eight at a time where it can, else one table
 * look-up each (always, for the tests that hold the two ways to the same
 * result: bytewise); return where it must look.  In a tag or a declaration
 * every byte counts, so nothing is skipped.
 */
static size_t
input_skip(const struct input *in, const char *s, size_t i, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned char		 k, a, b, c;
#if defined(INPUT_SKIP8) || defined(__SSE2__)
	size_t			 n;
#endif

	if (!in->xml)
		a = b = 0;		/* NUL: never I_SPECIAL */
	else if (in->state == IN_TEXT) {
		a = '&';
		b = '<';
	} else if (in->state == IN_CDATA)
		a = b = ']';
	else if (in->state == IN_COMMENT)
		a = b = '-';
	else if (in->state == IN_PI)
		a = b = '?';
	else
		return i;
	/* In text, ']' is the filter's to write (input_filter()). */
	c = in->xml && in->state == IN_TEXT ? ']' : a;
	/* Stop a byte early, so that a lead byte always has its next one. */
	while (i + 1 < len) {
#ifdef __SSE2__
		if (!in->bytewise && len - i >= 16 &&
		    (n = input_skip16(u + i, a, b, c)) != 0) {
			i += n;
			continue;
		}
#endif
#ifdef INPUT_SKIP8
		if (!in->bytewise && len - i >= 8 &&
		    (n = input_skip8(u + i, a, b, c)) != 0) {
			i += n;
			continue;
		}
#endif
		k = input_bytes[u[i]];
		if (k == I_PASS)
			i++;
		else if (k == I_LEAD2 && (u[i + 1] & 0xC0) == 0x80)
			i += 2;
		else if (k == I_SPECIAL && u[i] != a && u[i] != b && u[i] != c)
			i++;
		else
			return i;
	}
	return i;
}

/*
 * Text round libxml2.  libxml2 reads character data outside ASCII a
 * character at a time (xmlCurrentChar(), xmlCopyCharMultiByte()): for the
 * Arabic of a news feed that was a third of the parser thread, more than
 * the rest of parsing.  The filter has just checked those bytes itself, so
 * a run of them inside an element (no markup, no '&', ASCII from 0x20 and
 * whole two-byte sequences, as input_skip() passes them) is kept aside in
 * runs, and libxml2 gets a processing instruction in its place, <?k N?>,
 * whose handler hands run N to the text being collected as the characters
 * handler would have.  libxml2 still parses every tag, entity and
 * character of everything else.  Where libxml2 would have read the bytes
 * differently, the run stays in the stream: a '\n' first or a '\r' last (a
 * CR LF split across the two would become two newlines); inside the run,
 * CR LF and CR become LF as libxml2 makes them (a run has no ']': the
 * filter writes each "&#93;", see input_filter()).  The instruction holds the run's line feeds
 * too, so that libxml2 counts the lines its messages give.  A feed's own
 * <?k ...?> is renamed <?_k ...?>, so only the filter's name runs;
 * parse_xml() ignores other instructions.  test_text_runs and the parse
 * fuzzer hold the result to that of libxml2 reading everything
 * (text_run_min SIZE_MAX).
 */
static void
input_take_run(struct input *in, const char *s, size_t *run, size_t from,
    size_t to)
{
	struct input_run	*r;
	const char		*p, *end;

	if (!in->xml || in->state != IN_TEXT || in->no_runs ||
	    in->nopen + in->untracked == 0)
		return;
	if (from < to && s[from] == '\n')
		from++;
	if (from < to && s[to - 1] == '\r')
		to--;
	if (to - from < in->run_min)	/* never 0 */
		return;
	buf_add(&in->out, s + *run, from - *run);
	*run = to;
	if (in->nrun == in->caprun) {
		in->caprun = in->caprun == 0 ? 16 : 2 * in->caprun;
		in->run = xreallocarray(in->run, in->caprun, sizeof *in->run);
	}
	r = &in->run[in->nrun];
	r->off = in->runs.len;
	r->given = 0;
	if ((p = memchr(s + from, '\r', to - from)) == NULL)
		buf_add(&in->runs, s + from, to - from);
	else {
		buf_add(&in->runs, s + from, (size_t)(p - (s + from)));
		for (end = s + to; p < end; p++) {
			if (*p != '\r')
				buf_addc(&in->runs, *p);
			else if (p + 1 == end || p[1] != '\n')
				buf_addc(&in->runs, '\n');
		}
	}
	r->len = in->runs.len - r->off;
	buf_printf(&in->out, "<?" RUN_PI " %zu", in->run_base + in->nrun);
	/*
	 * Its line feeds, for the line numbers of libxml2's messages (which
	 * counts no line at a CR alone).
	 */
	for (p = s + from, end = s + to;
	    (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		buf_addc(&in->out, '\n');
	buf_adds(&in->out, "?>");
	in->nrun++;
}

/*
 * The text of run number n, once; NULL for a number the filter did not
 * give or a run given already.  When all have been given, start over.
 */
static const char *
input_give_run(struct input *in, const char *num, size_t *len)
{
	struct input_run	*r;
	unsigned long long	 n;
	const char		*t;
	char			*end;

	if (num == NULL || *num < '0' || *num > '9')
		return NULL;
	errno = 0;
	n = strtoull(num, &end, 10);
	while (*end == '\n')
		end++;
	if (errno != 0 || *end != '\0' || n < in->run_base ||
	    n - in->run_base >= in->nrun)
		return NULL;
	r = &in->run[n - in->run_base];
	if (r->given)
		return NULL;
	r->given = 1;
	t = in->runs.data + r->off;
	*len = r->len;
	return t;
}

/* After the handler is done with the text input_give_run() gave. */
static void
input_runs_done(struct input *in)
{
	if (++in->nrun_given < in->nrun)
		return;
	in->run_base += in->nrun;
	in->nrun = in->nrun_given = 0;
	buf_reset(&in->runs);
}

/*
 * Clean len bytes of UTF-8 at s into out; return how many were used.
 * Besides the character fixes, keep tags balanced: an end tag closes what
 * was left open inside its element, a stray end tag is dropped, and the
 * end of the input closes everything, so libxml2 never meets a mismatch.
 */
static size_t
input_filter(struct input *in, const char *s, size_t len, int eof)
{
	size_t		 i = 0, run = 0, n, need, from;
	ssize_t		 r;
	unsigned char	 c;
	uint32_t	 cp;
	const char	*p;

#define FLUSH() do {							\
	buf_add(&in->out, s + run, i - run);				\
} while (0)

	if (in->at_start) {
		if (len < 3 && !eof)
			return 0;
		if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
			i = 3;
		while (i < len && (s[i] == ' ' || s[i] == '\t' ||
		    s[i] == '\n' || s[i] == '\r'))
			i++;
		if (i == len && !eof)
			return i;
		in->at_start = 0;
		run = i;
	}
	while (i < len) {
		from = i;
		i = input_skip(in, s, i, len);
		if (i - from >= in->run_min)
			input_take_run(in, s, &run, from, i);
		if (i == len)
			break;
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			/* Fast path: well-formed two-byte sequences (Arabic). */
			if (c >= 0xC2 && c <= 0xDF && len - i >= 2 &&
			    ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
				i += 2;
				continue;
			}
			need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (len - i < need && !eof && c >= 0xC2 && c <= 0xF4)
				break;
			n = utf8_decode(s + i, len - i, &cp);
			if (utf8_bad(s + i, n, cp)) {
				FLUSH();
				buf_add(&in->out, "\xef\xbf\xbd", 3);
				in->nbad++;
				run = i + n;
			}
			i += n;
			continue;
		}
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			/*
			 * Controls carry no text: drop them.  What stood on
			 * either side may then read to libxml2 as markup the
			 * filter did not see ("<![\1CDATA[" opens a CDATA
			 * section): from here on, no run of text goes round
			 * libxml2, which might be inside such a thing.
			 */
			FLUSH();
			in->nctrl++;
			in->no_runs = 1;
			run = ++i;
			continue;
		}
		if (!in->xml) {
			i++;
			continue;
		}
		switch (in->state) {
		case IN_CDATA:
		case IN_COMMENT:
		case IN_PI:
			p = in->state == IN_CDATA ? "]]>" :
			    in->state == IN_COMMENT ? "-->" : "?>";
			n = strlen(p);
			if (c == (unsigned char)p[0]) {
				if (len - i < n && !eof)
					goto out;
				if (len - i >= n && memcmp(s + i, p, n) == 0) {
					in->state = IN_TEXT;
					i += n;
					continue;
				}
			}
			i++;
			continue;
		case IN_DECL:
			if (in->quote != 0) {
				if (c == in->quote)
					in->quote = 0;
			} else if (c == '"' || c == '\'')
				in->quote = c;
			else if (c == '[')
				in->brackets++;
			else if (c == ']' && in->brackets > 0)
				in->brackets--;
			else if (c == '>' && in->brackets == 0)
				in->state = IN_TEXT;
			i++;
			continue;
		case IN_TAG:
			if (in->quote == 0 && c == '>') {
				if (in->last == '/')
					input_pop(in);
				in->state = IN_TEXT;
				i++;
				continue;
			}
			if (in->quote == 0 && c == '<') {
				/* "<a b='c' <d>": end the broken tag here. */
				FLUSH();
				buf_addc(&in->out, '>');
				run = i;
				/* "<a/<d>": libxml2 reads <a/>, as the filter. */
				if (in->last == '/')
					input_pop(in);
				in->state = IN_TEXT;
				continue;
			}
			if (in->quote == 0 && (c == '"' || c == '\''))
				in->quote = c;
			else if (in->quote != 0 && c == in->quote)
				in->quote = 0;
			else if (in->quote != 0 && c == '<') {
				FLUSH();
				buf_adds(&in->out, "&lt;");
				run = ++i;
				continue;
			}
			if (!isspace(c))
				in->last = c;
			if (c != '&') {
				i++;
				continue;
			}
			break;
		case IN_TEXT:
			break;
		}
		if (c == ']') {
			/*
			 * "]]>" is an error in text, at which libxml2 drops
			 * the ASCII text before it, and one can form where
			 * the filter drops something between ']' and "]>":
			 * every ']' of text goes to libxml2 as a reference.
			 */
			FLUSH();
			buf_adds(&in->out, "&#93;");
			run = ++i;
			continue;
		}
		if (c == '&') {
			FLUSH();
			if (input_entity(in, s + i, len - i, eof, &n) == -1) {
				run = i;
				goto out;
			}
			i += n;
			run = i;
			continue;
		}
		if (c != '<') {
			i++;
			continue;
		}
		if (len - i < 9 && !eof)
			break;
		if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
			in->state = IN_CDATA;
			i += 9;
			continue;
		}
		if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			in->state = IN_COMMENT;
			i += 4;
			continue;
		}
		c = i + 1 < len ? (unsigned char)s[i + 1] : ' ';
		if (c == '?' && len - i >= 3 && s[i + 2] == RUN_PI[0] &&
		    (len - i == 3 || !name_char((unsigned char)s[i + 3]))) {
			/* A feed's own <?k ...?> is no run of ours. */
			FLUSH();
			buf_adds(&in->out, "<?_");
			run = i + 2;
		}
		if (c == '!' || c == '?') {
			in->state = c == '!' ? IN_DECL : IN_PI;
			in->quote = 0;
			in->brackets = 0;
			i += 2;
			continue;
		}
		if (c == '/') {
			FLUSH();
			run = i;
			r = input_end_tag(in, s + i, len - i, eof);
			if (r == 0) {
				run = i;
				goto out;
			}
			if (r > 0) {
				i += r;
				run = i;
				continue;
			}
		} else if (isalpha(c) || c == '_' || c == ':' || c >= 0x80) {
			for (n = i + 1; n < len && n - i < TAG_MAX &&
			    name_char((unsigned char)s[n]); n++)
				;
			if (n == len && !eof && n - i < TAG_MAX)
				goto out;
			/* A bad sequence ends the name, to be replaced. */
			n = i + 1 + utf8_good(s + i + 1, n - i - 1);
			if (n > i + 1 && n - i < TAG_MAX) {
				input_push(in, s + i + 1, n - i - 1);
				in->state = IN_TAG;
				in->quote = 0;
				in->last = 0;
				i = n;
				continue;
			}
		}
		FLUSH();
		buf_adds(&in->out, "&lt;");
		in->nlt++;
		run = ++i;
	}
out:
	FLUSH();
	if (eof && i == len && in->xml) {
		if (in->state == IN_TAG)
			buf_addc(&in->out, '>');
		else if (in->state == IN_CDATA)
			buf_adds(&in->out, "]]>");
		else if (in->state == IN_COMMENT)
			buf_adds(&in->out, "-->");
		in->state = IN_TEXT;
		input_close_to(in, 0);
	}
	return i;
#undef FLUSH
}

/*
 * UTF-8 in memory needs no copy before the filter: it reads mem in place.
 * What input_setup() looked at (raw, the first bytes of mem, not consumed)
 * is read again from mem.
 */
static int
input_more_direct(struct input *in)
{
	size_t	n, used;
	int	eof;

	if (!in->direct) {
		in->direct = 1;
		in->mempos -= in->raw.len;
		buf_reset(&in->raw);
	}
	while (in->outpos == in->out.len) {
		buf_reset(&in->out);
		in->outpos = 0;
		if (in->raw_eof)
			return 0;
		n = in->memlen - in->mempos;
		if (n > FEED_CHUNK)
			n = FEED_CHUNK;
		eof = in->mempos + n == in->memlen;
		used = input_filter(in, (const char *)in->mem + in->mempos, n,
		    eof);
		in->mempos += used;
		if (eof && (used == n || in->out.len == 0)) {
			/* All of it (or nothing more can be: drop the tail). */
			in->mempos = in->memlen;
			in->raw_eof = 1;
		}
	}
	return 1;
}

/* Move more cleaned bytes into out; return 0 at the end of the input. */
static int
input_more(struct input *in)
{
	size_t	used;

	if (in->mem != NULL && !in->conv)
		return input_more_direct(in);
	for (;;) {
		if (in->outpos < in->out.len)
			return 1;
		buf_reset(&in->out);
		in->outpos = 0;
		if (in->utf.len == 0 && in->raw.len == 0 && in->raw_eof)
			return 0;
		if (in->raw.len == 0 || !in->raw_eof)
			input_fill_raw(in);
		input_decode(in);
		used = input_filter(in, in->utf.data, in->utf.len,
		    in->raw_eof && in->raw.len == 0);
		memmove(in->utf.data, in->utf.data + used, in->utf.len - used);
		in->utf.len -= used;
		if (in->raw_eof && in->raw.len == 0 && in->out.len == 0 &&
		    used == 0 && in->utf.len != 0) {
			/* Cannot happen; drop the tail rather than loop. */
			in->utf.len = 0;
		}
	}
}

/* The encoding in the XML declaration at the start of s, or NULL. */
static char *
input_declared(const char *s, size_t len)
{
	const char	*p, *end, *e;
	char		 q;

	if (len > 1024)
		len = 1024;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3, len -= 3;
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	if (len < 5 || memcmp(s, "<?xml", 5) != 0)
		return NULL;
	if ((end = memmem(s, len, "?>", 2)) == NULL)
		return NULL;
	if ((p = memmem(s, end - s, "encoding", 8)) == NULL)
		return NULL;
	p += 8;
	while (p < end && (isspace((unsigned char)*p) || *p == '='))
		p++;
	if (p >= end || (*p != '"' && *p != '\''))
		return NULL;
	q = *p++;
	if ((e = memchr(p, q, end - p)) == NULL || e == p || e - p > 40)
		return NULL;
	return xstrndup(p, e - p);
}

/* Whether s is valid UTF-8 with at least one multi-byte sequence. */
static int
utf8_looks_valid(const char *s, size_t len)
{
	size_t		 i = 0, n, need;
	uint32_t	 cp;
	unsigned char	 c;
	int		 multi = 0;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		c = (unsigned char)s[i];
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (c >= 0xC2 && c <= 0xF4 && len - i < need)
			break;		/* cut by the end of the chunk */
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == UTF8_REPLACEMENT && (n != 3 ||
		    memcmp(s + i, "\xef\xbf\xbd", 3) != 0))
			return 0;
		multi = 1;
		i += n;
	}
	return multi;
}

static int
charset_is_utf8(const char *s)
{
	return strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0 ||
	    strcasecmp(s, "us-ascii") == 0 || strcasecmp(s, "ascii") == 0;
}

/*
 * Choose the encoding from the first chunk: a BOM, then the HTTP charset,
 * then the XML declaration.  A single-byte charset claimed for text that
 * is valid UTF-8 is taken to be wrong, as legacy text is almost never
 * valid UTF-8 by accident.
 */
static void
input_setup(struct input *in, const char *hint)
{
	const unsigned char	*s = (const unsigned char *)in->raw.data;
	size_t			 len = in->raw.len;
	const char		*enc = NULL, *name;
	char			*decl;

	in->cd = (iconv_t)-1;
	in->unit = 1;
	if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		enc = "UTF-16BE";
	else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		enc = "UTF-16LE";
	else if (len >= 4 && s[0] == 0 && s[1] == '<' && s[2] == 0)
		enc = "UTF-16BE";
	else if (len >= 4 && s[0] == '<' && s[1] == 0 && s[3] == 0)
		enc = "UTF-16LE";
	if (enc != NULL) {
		in->unit = 2;
		if (s[0] >= 0xFE) {
			memmove(in->raw.data, in->raw.data + 2, len - 2);
			in->raw.len -= 2;
		}
	} else {
		decl = input_declared(in->raw.data, len);
		name = hint != NULL && *hint != '\0' ? hint : decl;
		if (hint != NULL && *hint != '\0' && decl != NULL &&
		    strcasecmp(hint, decl) != 0)
			feed_warn(in->feed, "HTTP charset %s overrides the "
			    "declared encoding %s", hint, decl);
		if (name != NULL && !charset_is_utf8(name)) {
			if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
				feed_warn(in->feed, "UTF-8 byte order mark "
				    "overrides encoding %s", name);
			else if (utf8_looks_valid(in->raw.data, len))
				feed_warn(in->feed, "encoding %s claimed, "
				    "but the text is UTF-8", name);
			else if (strcasecmp(name, "iso-8859-1") == 0 ||
			    strcasecmp(name, "latin1") == 0 ||
			    strcasecmp(name, "iso8859-1") == 0)
				enc = "WINDOWS-1252";	/* as browsers do */
			else if (strcasecmp(name, "iso-8859-8-i") == 0)
				enc = "ISO-8859-8";
			else if (strcasecmp(name, "iso-8859-6-i") == 0)
				enc = "ISO-8859-6";
			else
				enc = name;
		}
		if (enc != NULL) {
			in->cd = iconv_open("UTF-8", enc);
			if (in->cd == (iconv_t)-1) {
				feed_warn(in->feed, "unknown encoding %s, read "
				    "as UTF-8", enc);
				enc = NULL;
			}
		}
		free(decl);
		if (enc == NULL)
			return;
	}
	if (in->cd == (iconv_t)-1)
		in->cd = iconv_open("UTF-8", enc);
	if (in->cd != (iconv_t)-1)
		in->conv = 1;
}

static void
input_free(struct input *in)
{
	if (in->conv)
		iconv_close(in->cd);
	buf_free(&in->raw);
	buf_free(&in->utf);
	buf_free(&in->out);
	buf_free(&in->names);
	free(in->open);
	buf_free(&in->runs);
	free(in->run);
}

/* ---- Helpers for the format handlers --------------------------------- */

int
parse_is(const struct parse_frame *f, enum parse_ns ns, const char *name)
{
	return f != NULL && f->ns == ns && strcmp(f->name, name) == 0;
}

const struct parse_frame *
parse_up(const struct parse *p, size_t n)
{
	if (n >= p->depth)
		return NULL;
	return &p->stack[p->depth - 1 - n];
}

void
parse_set(char **dst, char *s, int keep)
{
	if (s == NULL)
		return;
	if (keep && *dst != NULL) {
		free(s);
		return;
	}
	free(*dst);
	*dst = s;
}

void
parse_capture(struct parse *p, int flags)
{
	p->cap_depth = p->depth;
	p->cap_flags = flags;
	p->cap_markup = (flags & PARSE_CAPTURE_XHTML) != 0;
	p->cap_children = 0;
	p->cap_truncated = 0;
	buf_reset(&p->text);
}

static void
text_trim(struct buf *b, size_t *start)
{
	size_t	s = 0;

	while (b->len > 0 && isspace((unsigned char)b->data[b->len - 1]))
		b->len--;
	while (s < b->len && isspace((unsigned char)b->data[s]))
		s++;
	*start = s;
}

char *
parse_text(struct parse *p)
{
	size_t	 s;
	char	*t;

	if (p->cap_depth == 0 || p->cap_depth != p->depth)
		return NULL;
	p->cap_depth = 0;
	if (p->cap_truncated)
		feed_warn(&p->feed, "a <%s> longer than %u bytes was "
		    "truncated", p->stack[p->depth - 1].name, FEED_FIELD_MAX);
	text_trim(&p->text, &s);
	if (s == p->text.len) {
		buf_reset(&p->text);
		return NULL;
	}
	t = xstrndup(p->text.data + s, p->text.len - s);
	if (p->text.cap > 65536)
		buf_free(&p->text);
	else
		buf_reset(&p->text);
	return t;
}

int
parse_text_had_markup(const struct parse *p)
{
	return p->cap_children;
}

char *
parse_attr(struct parse *p, const char *name)
{
	const xmlChar	**a = (const xmlChar **)p->attrs;
	const char	 *colon, *v, *end;
	size_t		  plen = 0;
	int		  i;

	if ((colon = strchr(name, ':')) != NULL) {
		plen = colon - name;
		name = colon + 1;
	}
	for (i = 0; i < p->nattrs; i++, a += 5) {
		if (strcmp((const char *)a[0], name) != 0)
			continue;
		if (colon == NULL ? a[1] != NULL : (a[1] == NULL ||
		    strlen((const char *)a[1]) != plen ||
		    strncmp((const char *)a[1], name - plen - 1, plen) != 0))
			continue;
		v = (const char *)a[3];
		end = (const char *)a[4];
		while (v < end && isspace((unsigned char)*v))
			v++;
		while (end > v && isspace((unsigned char)end[-1]))
			end--;
		return v == end ? NULL : xstrndup(v, end - v);
	}
	return NULL;
}

char *
parse_url(struct parse *p, char *ref)
{
	const char	*base = p->opts->base_url;
	char		*u;

	if (ref == NULL)
		return NULL;
	if (p->depth > 0 && p->stack[p->depth - 1].base != NULL)
		base = p->stack[p->depth - 1].base;
	u = url_resolve(base, ref);
	free(ref);
	if (u != NULL && *u == '\0') {
		free(u);
		return NULL;
	}
	return u;
}

int64_t
parse_date(struct parse *p, char *s)
{
	int64_t	t;

	if (s == NULL)
		return FEED_NO_DATE;
	if (date_parse(s, &t) == -1) {
		feed_warn(&p->feed, "unparsable date: %.60s", s);
		t = FEED_NO_DATE;
	}
	free(s);
	return t;
}

void
parse_item_begin(struct parse *p)
{
	feed_item_clear(&p->item);
	p->item_depth = p->depth;
	p->item_pub_rank = p->item_upd_rank = p->item_author_rank = 0;
	p->guid_permalink = 0;
}

void
parse_item_end(struct parse *p)
{
	p->item_depth = 0;
	if (p->stopped)
		return;
	feed_item_finish(&p->item);
	if (p->sink->take != NULL) {
		if (p->sink->take(p->arg, &p->item) != 0)
			p->stopped = 1;
	} else if (p->sink->item != NULL &&
	    p->sink->item(p->arg, &p->item) != 0)
		p->stopped = 1;
	feed_item_clear(&p->item);
}

/* The attribute value at s in a tag: its start, length and end. */
static const char *
html_value(const char *s, size_t *len, const char **end)
{
	const char	*e;

	if (*s == '"' || *s == '\'') {
		if ((e = strchr(s + 1, *s)) == NULL)
			return NULL;
		*len = e - s - 1;
		*end = e + 1;
		return s + 1;
	}
	for (e = s; *e != '\0' && *e != '>' && !isspace((unsigned char)*e);
	    e++)
		;
	*len = e - s;
	*end = e;
	return s;
}

char *
parse_html_urls(struct parse *p, char *html)
{
	const char	*base = p->opts->base_url, *c, *v, *end, *run;
	struct buf	 b = { 0 };
	char		*u, *r;
	size_t		 len, n;
	int		 intag = 0;

	if (p->depth > 0 && p->stack[p->depth - 1].base != NULL)
		base = p->stack[p->depth - 1].base;
	if (html == NULL || base == NULL || strchr(html, '<') == NULL)
		return html;
	/* What is not rewritten is copied in runs, once there is a rewrite. */
	for (c = run = html; *c != '\0';) {
		/* Outside a tag only a '<' matters. */
		if (!intag && (c = strchr(c, '<')) == NULL)
			break;
		if (*c == '<')
			intag = isalpha((unsigned char)c[1]);
		else if (*c == '>')
			intag = 0;
		n = 0;
		if (intag && isspace((unsigned char)*c)) {
			if (strncasecmp(c + 1, "href=", 5) == 0)
				n = 6;
			else if (strncasecmp(c + 1, "src=", 4) == 0)
				n = 5;
		}
		if (n == 0 || (v = html_value(c + n, &len, &end)) == NULL) {
			c++;
			continue;
		}
		if (b.cap == 0)
			buf_grow(&b, strlen(html) + 256);
		buf_add(&b, run, (size_t)(c - run));
		r = xstrndup(v, len);
		u = url_resolve(base, r);
		free(r);
		buf_add(&b, c, n);
		buf_addc(&b, '"');
		for (v = u; *v != '\0'; v++) {
			if (*v == '"')
				buf_adds(&b, "&quot;");
			else
				buf_addc(&b, *v);
		}
		buf_addc(&b, '"');
		free(u);
		c = run = end;
	}
	if (b.cap == 0)
		return html;
	buf_adds(&b, run);
	free(html);
	return buf_detach(&b, NULL);
}

int64_t
parse_length(char *s)
{
	char		*end;
	long long	 n;

	if (s == NULL)
		return FEED_NO_LENGTH;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || n < 0 || errno != 0)
		n = FEED_NO_LENGTH;
	free(s);
	return n;
}

char *
parse_base64(char *s)
{
	static const char	 alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf		 b = { 0 };
	const char		*c, *q;
	uint32_t		 acc = 0;
	int			 bits = 0;

	if (s == NULL)
		return NULL;
	for (c = s; *c != '\0' && *c != '='; c++) {
		if (isspace((unsigned char)*c))
			continue;
		if ((q = strchr(alphabet, *c)) == NULL) {
			buf_free(&b);
			free(s);
			return NULL;
		}
		acc = (acc << 6) | (uint32_t)(q - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&b, (char)((acc >> bits) & 0xFF));
		}
	}
	free(s);
	if (b.len == 0 || memchr(b.data, '\0', b.len) != NULL) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

char *
parse_person(char *s)
{
	char	*o, *c, *r;

	if (s == NULL)
		return NULL;
	/* "a@b.c (Name)", or "Name (a@b.c)" */
	if ((o = strchr(s, '(')) != NULL && (c = strrchr(s, ')')) != NULL &&
	    c > o + 1) {
		if (memchr(o, '@', c - o) != NULL && o > s &&
		    memchr(s, '@', o - s) == NULL)
			r = parse_plain(xstrndup(s, o - s), 0);
		else
			r = parse_plain(xstrndup(o + 1, c - o - 1), 0);
		if (r != NULL) {
			free(s);
			return r;
		}
	}
	/* "Name <a@b.c>" */
	if ((o = strchr(s, '<')) != NULL && o > s && strchr(o, '>') != NULL) {
		r = parse_plain(xstrndup(s, o - s), 0);
		if (r != NULL) {
			free(s);
			return r;
		}
	}
	return parse_plain(s, 0);
}

/* Decode one character or entity reference at s into b; return bytes used. */
static size_t
plain_entity(const char *s, struct buf *b)
{
	const htmlEntityDesc	*e;
	char			 name[40], *end;
	size_t			 i;
	unsigned long		 cp;

	for (i = 1; s[i] != '\0' && s[i] != ';' && i < sizeof name; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '#')
			break;
	if (s[i] != ';' || i == 1 || i >= sizeof name) {
		buf_addc(b, '&');
		return 1;
	}
	memcpy(name, s + 1, i - 1);
	name[i - 1] = '\0';
	if (name[0] == '#') {
		errno = 0;
		if (name[1] == 'x' || name[1] == 'X')
			cp = strtoul(name + 2, &end, 16);
		else
			cp = strtoul(name + 1, &end, 10);
		if (*end != '\0' || errno != 0 || end == name + 1 ||
		    cp > 0x10FFFF || cp == 0) {
			buf_addc(b, '&');
			return 1;
		}
		buf_add_utf8(b, (uint32_t)cp);
	} else if (strcmp(name, "apos") == 0)
		buf_addc(b, '\'');
	else if ((e = htmlEntityLookup((const xmlChar *)name)) != NULL)
		buf_add_utf8(b, e->value);
	else {
		buf_addc(b, '&');
		return 1;
	}
	return i + 1;
}

char *
parse_plain(char *s, int html)
{
	struct buf	 b = { 0 };
	const char	*c;
	int		 space = 0;
	size_t		 start;

	if (s == NULL)
		return NULL;
	for (c = s; *c != '\0';) {
		if (isspace((unsigned char)*c)) {
			space = 1;
			c++;
			continue;
		}
		if ((unsigned char)c[0] == 0xC2 && (unsigned char)c[1] == 0xA0) {
			space = 1;	/* no-break space */
			c += 2;
			continue;
		}
		if (html && *c == '<' && (isalpha((unsigned char)c[1]) ||
		    c[1] == '/' || c[1] == '!' || c[1] == '?')) {
			if ((c = strchr(c, '>')) == NULL)
				break;
			c++;
			continue;
		}
		if (space && b.len > 0)
			buf_addc(&b, ' ');
		space = 0;
		if (html && *c == '&')
			c += plain_entity(c, &b);
		else
			buf_addc(&b, *c++);
	}
	free(s);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	if (html) {
		/* Entities may have brought whitespace back: collapse again. */
		s = buf_detach(&b, NULL);
		return parse_plain(s, 0);
	}
	text_trim(&b, &start);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* ---- The XML driver -------------------------------------------------- */

static enum parse_ns
parse_ns_of(const char *uri, const char *prefix)
{
	size_t	i;

	if (uri == NULL) {
		if (prefix == NULL)
			return NS_NONE;
		for (i = 0; i < sizeof ns_prefixes / sizeof *ns_prefixes; i++)
			if (strcmp(prefix, ns_prefixes[i].prefix) == 0)
				return ns_prefixes[i].ns;
		return NS_OTHER;
	}
	for (i = 1; i < sizeof ns_uris / sizeof *ns_uris; i++)
		if (strcmp(uri, ns_uris[i]) == 0)
			return (enum parse_ns)i;
	if (strcmp(uri, "http://search.yahoo.com/mrss") == 0)
		return NS_MEDIA;
	if (strcmp(uri, "http://purl.org/rss/1.0/modules/content") == 0)
		return NS_CONTENT;
	if (strcmp(uri, "http://backend.userland.com/rss2") == 0 ||
	    strcmp(uri, "http://backend.userland.com/rss") == 0)
		return NS_NONE;
	if (strncmp(uri, "http://purl.org/dc/elements/1.1", 31) == 0)
		return NS_DC;
	if (strcasecmp(uri, ns_uris[NS_ITUNES]) == 0)
		return NS_ITUNES;
	return NS_OTHER;
}

static void
parse_error(void *arg, xmlErrorPtr err)
{
	struct parse	*p = arg;
	char		*msg;
	size_t		 n;

	if (err == NULL || err->message == NULL || ++p->nxmlerr > 16)
		return;
	msg = xstrdup(err->message);
	n = strlen(msg);
	while (n > 0 && isspace((unsigned char)msg[n - 1]))
		msg[--n] = '\0';
	if (err->line > 0)
		feed_warn(&p->feed, "line %d: %s", err->line, msg);
	else
		feed_warn(&p->feed, "%s", msg);
	free(msg);
}

/* Append text to the capture buffer, escaped when it holds markup. */
static void
parse_chars(struct parse *p, const char *s, size_t len, int raw)
{
	size_t	i, room, n;

	if (p->cap_truncated)
		return;
	if (!raw && p->cap_markup) {
		for (i = 0; i < len; i = n) {
			for (n = i; n < len && s[n] != '&' && s[n] != '<' &&
			    s[n] != '>'; n++)
				;
			parse_chars(p, s + i, n - i, 1);
			if (n < len) {
				parse_chars(p, s[n] == '&' ? "&amp;" :
				    s[n] == '<' ? "&lt;" : "&gt;", s[n] == '&' ?
				    5 : 4, 1);
				n++;
			}
		}
		return;
	}
	room = FEED_FIELD_MAX - p->text.len;
	if (len > room) {
		/* Cut on a character boundary. */
		while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
			room--;
		len = room;
		p->cap_truncated = 1;
	}
	buf_add(&p->text, s, len);
}

static void
parse_markup_start(struct parse *p, const char *name)
{
	const xmlChar	**a = (const xmlChar **)p->attrs;
	struct buf	  old;
	const char	 *v;
	int		  i;

	if (!p->cap_markup) {
		/* The text so far was plain: escape it now. */
		old = p->text;
		memset(&p->text, 0, sizeof p->text);
		p->cap_markup = 1;
		parse_chars(p, old.data != NULL ? old.data : "", old.len, 0);
		buf_free(&old);
	}
	p->cap_children = 1;
	parse_chars(p, "<", 1, 1);
	parse_chars(p, name, strlen(name), 1);
	for (i = 0; i < p->nattrs; i++, a += 5) {
		parse_chars(p, " ", 1, 1);
		if (a[1] != NULL) {
			parse_chars(p, (const char *)a[1],
			    strlen((const char *)a[1]), 1);
			parse_chars(p, ":", 1, 1);
		}
		parse_chars(p, (const char *)a[0], strlen((const char *)a[0]),
		    1);
		parse_chars(p, "=\"", 2, 1);
		for (v = (const char *)a[3]; v < (const char *)a[4]; v++) {
			if (*v == '"')
				parse_chars(p, "&quot;", 6, 1);
			else
				parse_chars(p, v, 1, 0);
		}
		parse_chars(p, "\"", 1, 1);
	}
	parse_chars(p, ">", 1, 1);
	p->cap_open_end = p->text.len;
}

static void
parse_pop(struct parse *p)
{
	struct parse_frame	*f = &p->stack[--p->depth];

	if (f->base_owned)
		free(f->base);
	f->base = NULL;
	f->base_owned = 0;
	if (p->ignore_depth > p->depth)
		p->ignore_depth = 0;
}

/* Work out the format from the root element, or refuse the document. */
static int
parse_root(struct parse *p, const struct parse_frame *f, char **cause)
{
	char	*v;

	v = parse_attr(p, "version");
	if (strcmp(f->name, "rss") == 0) {
		p->fmt = &rss_format;
		p->feed.format = FEED_RSS20;
		if (v == NULL)
			;
		else if (strcmp(v, "0.90") == 0)
			p->feed.format = FEED_RSS090;
		else if (strcmp(v, "0.91") == 0)
			p->feed.format = FEED_RSS091;
		else if (strcmp(v, "0.92") == 0)
			p->feed.format = FEED_RSS092;
		else if (strcmp(v, "0.93") == 0)
			p->feed.format = FEED_RSS093;
		else if (strcmp(v, "0.94") == 0)
			p->feed.format = FEED_RSS094;
	} else if (strcmp(f->name, "RDF") == 0) {
		p->fmt = &rss_format;
		p->feed.format = FEED_RSS10;
	} else if (strcmp(f->name, "feed") == 0) {
		p->fmt = &atom_format;
		if (f->ns == NS_ATOM03 || (f->ns != NS_ATOM10 && v != NULL &&
		    strcmp(v, "0.3") == 0))
			p->feed.format = FEED_ATOM03;
		else
			p->feed.format = FEED_ATOM10;
	} else {
		xasprintf(cause, "not a feed (the root element is <%s>)",
		    f->name);
		free(v);
		return -1;
	}
	free(v);
	return 0;
}

static void
parse_element(void *arg, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct parse		*p = arg;
	struct parse_frame	*f;
	char			*base, *lang;

	(void)nns;
	(void)ns;
	(void)ndefaulted;
	if (p->stopped || p->cause != NULL)
		return;
	if (p->depth >= DEPTH_MAX || p->skipped > 0) {
		p->skipped++;
		feed_warn(&p->feed, "elements nested deeper than %d were "
		    "skipped", DEPTH_MAX);
		return;
	}
	p->attrs = (const void *)attrs;
	p->nattrs = nattrs;
	if (p->depth == p->cap) {
		p->cap = p->cap == 0 ? 16 : p->cap * 2;
		p->stack = xreallocarray(p->stack, p->cap, sizeof *p->stack);
	}
	f = &p->stack[p->depth];
	f->name = (const char *)localname;
	f->ns = parse_ns_of((const char *)uri, (const char *)prefix);
	f->base = p->depth > 0 ? p->stack[p->depth - 1].base :
	    (char *)p->opts->base_url;
	f->base_owned = 0;
	if ((base = parse_attr(p, "xml:base")) != NULL) {
		f->base = url_resolve(f->base, base);
		f->base_owned = 1;
		free(base);
	}
	p->depth++;

	if (p->cap_depth != 0) {
		parse_markup_start(p, f->name);
		goto out;
	}
	if (p->depth == 1 && p->fmt == NULL) {
		if ((lang = parse_attr(p, "xml:lang")) != NULL)
			p->root_lang = lang;
		if (parse_root(p, f, &p->cause) == -1) {
			xmlStopParser(p->ctxt);
			goto out;
		}
	}
	if (p->ignore_depth == 0 && p->fmt != NULL)
		p->fmt->start(p, f);
out:
	p->attrs = NULL;
	p->nattrs = 0;
}

static void
parse_end(void *arg, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct parse			*p = arg;
	const struct parse_frame	*f;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (p->skipped > 0) {
		p->skipped--;
		return;
	}
	if (p->depth == 0 || p->stopped || p->cause != NULL)
		return;
	f = &p->stack[p->depth - 1];
	if (p->cap_depth != 0 && p->depth > p->cap_depth) {
		if (p->text.len == p->cap_open_end && p->text.len > 0 &&
		    !p->cap_truncated) {
			/* Nothing since the start tag: write <x/>. */
			p->text.len--;
			parse_chars(p, "/>", 2, 1);
		} else {
			parse_chars(p, "</", 2, 1);
			parse_chars(p, f->name, strlen(f->name), 1);
			parse_chars(p, ">", 1, 1);
		}
		p->cap_open_end = 0;
		parse_pop(p);
		return;
	}
	if (p->ignore_depth == 0 && p->fmt != NULL)
		p->fmt->end(p, f);
	if (p->cap_depth == p->depth)
		p->cap_depth = 0;	/* the handler did not take it */
	if (p->item_depth == p->depth)
		parse_item_end(p);
	parse_pop(p);
	if (p->stopped)
		xmlStopParser(p->ctxt);
}

/* Everything is read: a last open item, the language, the feed. */
static void
parse_finish(struct parse *p)
{
	while (p->depth > 0 && !p->stopped) {
		if (p->cap_depth == p->depth)
			p->cap_depth = 0;
		if (p->item_depth == p->depth) {
			feed_warn(&p->feed, "the last item was not closed");
			parse_item_end(p);
		}
		parse_pop(p);
	}
	if (p->feed.language == NULL && p->root_lang != NULL)
		p->feed.language = xstrdup(p->root_lang);
}

static void
parse_sax_chars(void *arg, const xmlChar *s, int len)
{
	struct parse	*p = arg;

	if (p->cap_depth != 0 && p->skipped == 0 && len > 0)
		parse_chars(p, (const char *)s, len, 0);
}

/* A run of text the filter took out of the stream (input_take_run()). */
static void
parse_sax_pi(void *arg, const xmlChar *target, const xmlChar *data)
{
	struct parse	*p = arg;
	const char	*t;
	size_t		 len;

	if (strcmp((const char *)target, RUN_PI) != 0 ||
	    (t = input_give_run(p->in, (const char *)data, &len)) == NULL)
		return;
	parse_sax_chars(p, (const xmlChar *)t, (int)len);
	input_runs_done(p->in);
}

/* A DOCTYPE makes libxml2 build a document for the DTD even under SAX. */
static void
parse_free_ctxt(xmlParserCtxtPtr ctxt)
{
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
}

static int
parse_xml(struct parse *p, struct input *in, char **cause)
{
	xmlSAXHandler		 sax;
	xmlParserCtxtPtr	 ctxt;
	size_t			 n;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = parse_element;
	sax.endElementNs = parse_end;
	sax.characters = parse_sax_chars;
	sax.cdataBlock = parse_sax_chars;
	sax.ignorableWhitespace = parse_sax_chars;
	sax.processingInstruction = parse_sax_pi;
	sax.serror = parse_error;
	ctxt = xmlCreatePushParserCtxt(&sax, p, NULL, 0, p->opts->base_url);
	if (ctxt == NULL) {
		*cause = xstrdup("cannot create an XML parser");
		return -1;
	}
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET |
	    XML_PARSE_IGNORE_ENC | XML_PARSE_NOWARNING);
	p->ctxt = ctxt;
	while (!p->stopped && p->cause == NULL && input_more(in)) {
		n = in->out.len - in->outpos;
		xmlParseChunk(ctxt, in->out.data + in->outpos, (int)n, 0);
		in->outpos = in->out.len;
		if (ctxt->instate == XML_PARSER_EOF)
			break;
	}
	if (!p->stopped && p->cause == NULL && ctxt->instate != XML_PARSER_EOF)
		xmlParseChunk(ctxt, NULL, 0, 1);
	if (p->cause != NULL) {
		*cause = p->cause;
		p->cause = NULL;
		goto fail;
	}
	if (p->fmt == NULL && !p->stopped) {
		*cause = xstrdup(in->read_errno != 0 ? strerror(in->read_errno) :
		    "not a feed (no XML document element)");
		goto fail;
	}
	parse_finish(p);
	parse_free_ctxt(ctxt);
	p->ctxt = NULL;
	return 0;

fail:
	parse_free_ctxt(ctxt);
	p->ctxt = NULL;
	return -1;
}

static int
parse_json(struct parse *p, struct input *in, char **cause)
{
	struct buf	all = { 0 };
	int		rc;

	while (input_more(in)) {
		buf_add(&all, in->out.data + in->outpos,
		    in->out.len - in->outpos);
		in->outpos = in->out.len;
		if (all.len > JSON_MAX) {
			buf_free(&all);
			xasprintf(cause, "JSON feed larger than %u bytes",
			    JSON_MAX);
			return -1;
		}
	}
	rc = jsonfeed_parse(p, all.data != NULL ? all.data : "", all.len,
	    cause);
	buf_free(&all);
	return rc;
}

static void
parse_free(struct parse *p)
{
	while (p->depth > 0)
		parse_pop(p);
	free(p->stack);
	buf_free(&p->text);
	feed_item_clear(&p->item);
	feed_clear(&p->feed);
	free(p->root_lang);
	free(p->cause);
	free(p->person_name);
	free(p->person_email);
}

static int
parse_run(struct input *in, const struct parse_opts *opts,
    const struct feed_sink *sink, void *arg, char **cause)
{
	static const struct parse_opts	 none;
	struct parse			 p;
	const char			*s;
	size_t				 i;
	int				 rc;

	memset(&p, 0, sizeof p);
	p.opts = opts != NULL ? opts : &none;
	p.sink = sink;
	p.arg = arg;
	feed_init(&p.feed);
	feed_item_init(&p.item);
	p.in = in;
	in->feed = &p.feed;
	in->at_start = 1;
	in->run_min = p.opts->text_run_min != 0 ? p.opts->text_run_min :
	    RUN_MIN;
	in->bytewise = p.opts->text_run_min == SIZE_MAX;
	*cause = NULL;

	input_fill_raw(in);
	if (in->read_errno != 0) {
		*cause = xstrdup(strerror(in->read_errno));
		input_free(in);
		parse_free(&p);
		return -1;
	}
	input_setup(in, p.opts->charset);
	s = in->raw.data != NULL ? in->raw.data : "";
	i = (in->raw.len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) ? 3 : 0;
	while (i < in->raw.len && isspace((unsigned char)s[i]))
		i++;
	if (in->raw.len == 0 || (in->raw.len == i && in->raw_eof)) {
		*cause = xstrdup("not a feed (empty)");
		rc = -1;
	} else if (i < in->raw.len && (s[i] == '{' || s[i] == '[')) {
		rc = parse_json(&p, in, cause);
	} else {
		in->xml = 1;
		rc = parse_xml(&p, in, cause);
	}
	if (rc == 0 && in->read_errno != 0) {
		*cause = xstrdup(strerror(in->read_errno));
		rc = -1;
	}
	if (rc == 0) {
		if (in->nbad > 0)
			feed_warn(&p.feed, "%zu invalid byte sequences replaced "
			    "by U+FFFD", in->nbad);
		if (in->nentity > 0)
			feed_warn(&p.feed, "%zu HTML entities not defined in "
			    "XML were decoded", in->nentity);
		if (in->namp > 0)
			feed_warn(&p.feed, "%zu bare '&' read as text",
			    in->namp);
		if (in->nctrl > 0)
			feed_warn(&p.feed, "%zu control characters dropped",
			    in->nctrl);
		if (in->nclosed > 0)
			feed_warn(&p.feed, "%zu elements left open were "
			    "closed", in->nclosed);
		if (in->ndropped > 0)
			feed_warn(&p.feed, "%zu end tags without a start tag "
			    "were dropped", in->ndropped);
		if (in->nlt > 0)
			feed_warn(&p.feed, "%zu stray '<' read as text",
			    in->nlt);
		if (p.nxmlerr > 16)
			feed_warn(&p.feed, "%zu more XML errors left out",
			    p.nxmlerr - 16);
	}
	if (rc == 0 && p.stopped) {
		*cause = xstrdup("stopped");
		rc = -1;
	} else if (rc == 0 && sink->feed != NULL &&
	    sink->feed(arg, &p.feed) != 0) {
		*cause = xstrdup("stopped");
		rc = -1;
	}
	input_free(in);
	parse_free(&p);
	return rc;
}

/* Hand the reason to a caller that asked for it (cause may be NULL). */
static int
parse_give_cause(int rc, char *why, char **cause)
{
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return rc;
}

int
parse_fd(int fd, const struct parse_opts *opts, const struct feed_sink *sink,
    void *arg, char **cause)
{
	struct input	 in;
	char		*why = NULL;
	int		 rc;

	memset(&in, 0, sizeof in);
	in.fd = fd;
	rc = parse_run(&in, opts, sink, arg, &why);
	return parse_give_cause(rc, why, cause);
}

int
parse_mem(const void *data, size_t len, const struct parse_opts *opts,
    const struct feed_sink *sink, void *arg, char **cause)
{
	struct input	 in;
	char		*why = NULL;
	int		 rc;

	memset(&in, 0, sizeof in);
	in.fd = -1;
	in.mem = data != NULL ? data : (const void *)"";
	in.memlen = data != NULL ? len : 0;
	rc = parse_run(&in, opts, sink, arg, &why);
	return parse_give_cause(rc, why, cause);
}
