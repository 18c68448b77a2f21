/* khabar - ISC licence, see LICENSE. */
/*
 * Unit tests of src/feed/ below `khabar parse': the text helpers, item ids,
 * the sink contract, input split across chunk boundaries, the field size
 * cap, a run of hostile inputs, and parse_mem() (which filters UTF-8 in
 * place) against parse_fd() (which reads through buffers) on the same bytes.  Feeds as a whole are tested by
 * tests/feed/run.sh against expected JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feed/feed.h"
#include "feed/parse.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

struct collect {
	size_t	 nitems;
	size_t	 nfeeds;
	size_t	 feed_after_items;
	char	*first_title;
	char	*last_id;
	size_t	 max_summary;
	size_t	 nwarnings;
	int	 stop_after;
};

static int
collect_item(void *arg, const struct item *it)
{
	struct collect	*c = arg;

	if (c->nitems == 0 && it->title != NULL)
		c->first_title = xstrdup(it->title);
	free(c->last_id);
	c->last_id = it->id != NULL ? xstrdup(it->id) : NULL;
	if (it->summary != NULL && strlen(it->summary) > c->max_summary)
		c->max_summary = strlen(it->summary);
	c->nitems++;
	return c->stop_after != 0 && c->nitems >= (size_t)c->stop_after;
}

static int
collect_feed(void *arg, const struct feed *f)
{
	struct collect	*c = arg;

	c->nfeeds++;
	c->feed_after_items = c->nitems;
	c->nwarnings = f->nwarnings;
	return 0;
}

static const struct feed_sink collect_sink = { collect_feed, collect_item,
    NULL };

static int
parse_string(const char *s, size_t len, struct collect *c, char **cause)
{
	return parse_mem(s, len, NULL, &collect_sink, c, cause);
}

static void
collect_free(struct collect *c)
{
	free(c->first_title);
	free(c->last_id);
}

static void
test_plain(void **state)
{
	static const struct {
		const char	*in;
		int		 html;
		const char	*want;
	} t[] = {
		{ "  a \n\t b  ", 0, "a b" },
		{ "<p>Hello <b>world</b></p>", 1, "Hello world" },
		{ "Tom &amp; Jerry &#1575;&#x644;", 1, "Tom & Jerry \xd8\xa7\xd9\x84" },
		{ "caf&eacute;&nbsp;x", 1, "caf\xc3\xa9 x" },
		{ "a &bogus; b & c", 1, "a &bogus; b & c" },
		{ "<br/>", 1, NULL },
		{ "   ", 0, NULL },
		{ "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85   \xd8\xb9\xd9\x84\xd9\x8a\xd9\x83\xd9\x85", 0,
		  "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xd8\xb9\xd9\x84\xd9\x8a\xd9\x83\xd9\x85" },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = parse_plain(xstrdup(t[i].in), t[i].html);
		if (t[i].want == NULL)
			assert_null(s);
		else
			assert_string_equal(s, t[i].want);
		free(s);
	}
}

static void
test_person(void **state)
{
	static const struct {
		const char	*in;
		const char	*want;
	} t[] = {
		{ "a@b.example (Ann Bee)", "Ann Bee" },
		{ "Ann Bee (a@b.example)", "Ann Bee" },
		{ "Ann Bee <a@b.example>", "Ann Bee" },
		{ "a@b.example", "a@b.example" },
		{ "  Ann   Bee ", "Ann Bee" },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = parse_person(xstrdup(t[i].in));
		assert_string_equal(s, t[i].want);
		free(s);
	}
}

static void
test_base64(void **state)
{
	char	*s;

	(void)state;
	s = parse_base64(xstrdup("SGVs\nbG8="));
	assert_string_equal(s, "Hello");
	free(s);
	assert_null(parse_base64(xstrdup("not base64!")));
	assert_null(parse_base64(xstrdup("AA==")));	/* a NUL byte */
}

static void
test_ids(void **state)
{
	struct item	it;
	char		*first;

	(void)state;
	feed_item_init(&it);
	it.title = xstrdup("t");
	it.summary = xstrdup("s");
	feed_item_finish(&it);
	assert_non_null(it.id);
	assert_int_equal(strlen(it.id), 9 + 16);
	assert_memory_equal(it.id, "{fnv1a64}", 9);
	first = xstrdup(it.id);
	free(it.id);
	it.id = NULL;
	free(it.summary);
	it.summary = xstrdup("other");
	feed_item_finish(&it);
	assert_string_not_equal(it.id, first);
	free(first);
	feed_item_clear(&it);

	feed_item_init(&it);
	it.link = xstrdup("http://x.example/1");
	it.updated = 1000;
	feed_item_finish(&it);
	assert_string_equal(it.id, "http://x.example/1");
	assert_int_equal(it.published, 1000);
	feed_item_clear(&it);
}

/* The feed callback comes once, after the items; non-zero stops. */
static void
test_sink(void **state)
{
	const char	*doc = "<rss><channel><item><title>a</title></item>"
	    "<item><title>b</title></item><title>late title</title>"
	    "<item><title>c</title></item></channel></rss>";
	struct collect	 c = { 0 };
	char		*cause = NULL;

	(void)state;
	assert_int_equal(parse_string(doc, strlen(doc), &c, &cause), 0);
	assert_int_equal(c.nitems, 3);
	assert_int_equal(c.nfeeds, 1);
	assert_int_equal(c.feed_after_items, 3);
	assert_string_equal(c.first_title, "a");
	collect_free(&c);

	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	assert_int_equal(parse_string(doc, strlen(doc), &c, &cause), -1);
	assert_non_null(cause);
	assert_int_equal(c.nitems, 2);
	assert_int_equal(c.nfeeds, 0);
	free(cause);
	collect_free(&c);
}

/*
 * Entities, multi-byte characters and tags at every offset around the
 * 64 KiB chunk boundary must come out whole.
 */
static void
test_chunks(void **state)
{
	struct buf	 b = { 0 };
	struct collect	 c;
	char		*cause = NULL;
	size_t		 pad;

	(void)state;
	for (pad = 65536 - 120; pad < 65536 + 20; pad += 3) {
		buf_reset(&b);
		buf_adds(&b, "<rss><channel><!--");
		while (b.len < pad)
			buf_addc(&b, 'x');
		buf_adds(&b, "--><item><title>A&nbsp;&amp;\xd8\xb9"
		    "&#x644;</title><guid>g</guid></item></channel></rss>");
		memset(&c, 0, sizeof c);
		assert_int_equal(parse_string(b.data, b.len, &c, &cause), 0);
		assert_int_equal(c.nitems, 1);
		assert_string_equal(c.first_title, "A &\xd8\xb9\xd9\x84");
		assert_string_equal(c.last_id, "g");
		collect_free(&c);
	}
	buf_free(&b);
}

/*
 * The filter skips plain text a byte or a two-byte sequence at a time: what
 * it must look at (a cut or bad sequence, a control, the end of a CDATA
 * section or a comment) comes out the same on either side of the 64 KiB
 * step, right after a run of ASCII or of Arabic.
 */
static void
test_filter_runs(void **state)
{
	struct buf	 b = { 0 };
	struct collect	 c;
	char		*cause = NULL;
	size_t		 pad;

	(void)state;
	for (pad = 65536 - 70; pad < 65536 + 4; pad++) {
		buf_reset(&b);
		buf_adds(&b, "<rss><channel><!--");
		while (b.len < pad)
			buf_addc(&b, 'x');
		buf_adds(&b, "--><item><title>ab\xd9\x85\xff" "cd\xd9" "e\x01"
		    "\xd8\xb9\xd9]]\xc0\x80\xe2\x80\x94<![CDATA[f]g]]h\xd9\x85"
		    "]]><!-- i-j \xd9\x85 ?>-->k\xdf\xbf</title><guid>g</guid>"
		    "</item></channel></rss>");
		memset(&c, 0, sizeof c);
		assert_int_equal(parse_string(b.data, b.len, &c, &cause), 0);
		assert_int_equal(c.nitems, 1);
		assert_string_equal(c.first_title, "ab\xd9\x85\xef\xbf\xbd"
		    "cd\xef\xbf\xbd" "e\xd8\xb9\xef\xbf\xbd]]\xef\xbf\xbd"
		    "\xef\xbf\xbd\xe2\x80\x94" "f]g]]h\xd9\x85k\xdf\xbf");
		collect_free(&c);
	}
	buf_free(&b);
}

/*
 * What the input filter and the title's plain text make of text bytes
 * without markup, worked out a character at a time: controls but tab
 * dropped, a bad sequence (and U+FFFE, U+FFFF) one U+FFFD, blanks one
 * space, none at either end.
 */
static void
filter_expect(struct buf *out, const char *s, size_t len)
{
	struct buf	 f = { 0 };
	const char	*p;
	size_t		 i = 0, n;
	uint32_t	 cp;
	int		 space = 0;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if ((unsigned char)s[i] >= 0x20 || s[i] == '\t')
				buf_addc(&f, s[i]);
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if ((cp == UTF8_REPLACEMENT && (n != 3 ||
		    memcmp(s + i, "\xef\xbf\xbd", 3) != 0)) ||
		    cp == 0xFFFE || cp == 0xFFFF)
			buf_add(&f, "\xef\xbf\xbd", 3);
		else
			buf_add(&f, s + i, n);
		i += n;
	}
	buf_reset(out);
	for (p = f.data; p != NULL && *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t') {
			space = 1;
			continue;
		}
		if (space && out->len > 0)
			buf_addc(out, ' ');
		space = 0;
		buf_addc(out, *p);
	}
	buf_free(&f);
}

/*
 * Titles of random pieces, plain and in CDATA: ASCII, blanks, controls,
 * Arabic, other sequences whole, cut, overlong or not characters, and
 * what stops the filter's eight-byte skip in each state, at every
 * alignment; each must come out as filter_expect() says.
 */
static void
test_filter_random(void **state)
{
	static const char *const pieces[] = {
		"a", "Zq", " ", "\t", "-", "?", "]", "]]", "\x7f", "\x01",
		"\x1f", "\xd8\xb9", "\xd9\x85", "\xd9\x84\xd8\xa7", "\xdf\xbf",
		"\xc2\xa9", "\x80", "\xbf", "\xd9", "\xc0\x80", "\xc1\xbf",
		"\xe2\x80\x94", "\xe2", "\xe2\x80", "\xef\xbf\xbd",
		"\xef\xbf\xbe", "\xf0\x9f\x98\x80", "\xf0\x9f", "\xff", "\xfe",
		"\xed\xa0\x80", "\xd8\xb9\xd9\x85\xd8\xb1 ",
	};
	static const char *const cdata_only[] = { "& ", "<1", "&&" };
	struct buf	 doc = { 0 }, text = { 0 }, want = { 0 };
	struct collect	 c;
	char		*cause = NULL;
	unsigned int	 seed = 7;
	size_t		 k, j, n, np = sizeof pieces / sizeof pieces[0];
	int		 cdata;

	(void)state;
	for (k = 0; k < 3000; k++) {
		cdata = k % 2;
		buf_reset(&text);
		seed = seed * 1103515245 + 12345;
		n = (seed >> 16) % 48;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			if (cdata && (seed >> 16) % 8 == 0)
				buf_adds(&text, cdata_only[(seed >> 20) % 3]);
			else
				buf_adds(&text, pieces[(seed >> 16) % np]);
		}
		buf_reset(&doc);
		buf_printf(&doc, "<rss><channel><item><guid>%zu</guid><title>"
		    "%s", k % 9, cdata ? "<![CDATA[" : "");
		buf_add(&doc, text.data, text.len);
		buf_printf(&doc, "%s</title></item></channel></rss>",
		    cdata ? "]]>" : "");
		memset(&c, 0, sizeof c);
		assert_int_equal(parse_string(doc.data, doc.len, &c, &cause),
		    0);
		assert_int_equal(c.nitems, 1);
		filter_expect(&want, text.data, text.len);
		if (want.len == 0)
			assert_null(c.first_title);
		else {
			assert_non_null(c.first_title);
			assert_string_equal(c.first_title, want.data);
		}
		collect_free(&c);
	}
	buf_free(&doc);
	buf_free(&text);
	buf_free(&want);
}

/* A field over FEED_FIELD_MAX is cut, with a warning, and the feed goes on. */
static void
test_field_cap(void **state)
{
	struct buf	 b = { 0 };
	struct collect	 c = { 0 };
	char		*cause = NULL;
	size_t		 i;

	(void)state;
	buf_adds(&b, "<rss><channel><item><description>");
	for (i = 0; i < FEED_FIELD_MAX / 54 + 1000; i++)
		buf_adds(&b, "<![CDATA[0123456789012345678901234567890123456"
		    "78901234567890123]]>");
	buf_adds(&b, "</description></item><item><guid>next</guid></item>"
	    "</channel></rss>");
	assert_int_equal(parse_string(b.data, b.len, &c, &cause), 0);
	assert_int_equal(c.nitems, 2);
	assert_int_equal(c.max_summary, FEED_FIELD_MAX);
	assert_string_equal(c.last_id, "next");
	assert_true(c.nwarnings >= 1);
	collect_free(&c);
	buf_free(&b);
}

/* Hostile inputs: random bytes and mangled feeds must not crash. */
static void
test_hostile(void **state)
{
	static const char *seeds[] = {
		"<rss><channel><item><title>x</title></item></channel></rss>",
		"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content "
		    "type='xhtml'><div><p>a</p></div></content></entry></feed>",
		"{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":"
		    "[{\"id\":1,\"title\":[1],\"attachments\":[3,{}]}]}",
		"<!DOCTYPE rss [<!ENTITY a \"&a;&a;\">]><rss>&a;</rss>",
	};
	struct collect	 c;
	char		 doc[512], *cause;
	size_t		 i, j, len;
	unsigned int	 seed = 1;

	(void)state;
	for (i = 0; i < 4000; i++) {
		len = strlen(seeds[i % 4]);
		memcpy(doc, seeds[i % 4], len);
		for (j = 0; j < 1 + i % 7; j++) {
			seed = seed * 1103515245 + 12345;
			doc[(seed >> 8) % len] = (char)(seed >> 16);
		}
		memset(&c, 0, sizeof c);
		cause = NULL;
		(void)parse_string(doc, (seed >> 4) % (len + 1), &c, &cause);
		free(cause);
		collect_free(&c);
	}
}

/* Everything a sink is given, written out, to compare two parses. */
static int	dump_warnings;

static void
dump_str(struct buf *b, const char *name, const char *s)
{
	buf_printf(b, "%s=%s\n", name, s != NULL ? s : "(null)");
}

static int
dump_item(void *arg, const struct item *it)
{
	struct buf	*b = arg;
	size_t		 i;

	dump_str(b, "id", it->id);
	dump_str(b, "title", it->title);
	dump_str(b, "link", it->link);
	dump_str(b, "author", it->author);
	buf_printf(b, "dates=%lld %lld\n", (long long)it->published,
	    (long long)it->updated);
	dump_str(b, "summary", it->summary);
	dump_str(b, "content", it->content);
	buf_printf(b, "types=%d %d\n", (int)it->summary_type,
	    (int)it->content_type);
	for (i = 0; i < it->ncategories; i++)
		dump_str(b, "category", it->categories[i]);
	for (i = 0; i < it->nlinks; i++)
		dump_str(b, "href", it->links[i].href);
	for (i = 0; i < it->nenclosures; i++)
		dump_str(b, "enclosure", it->enclosures[i].url);
	return 0;
}

static int
dump_feed(void *arg, const struct feed *f)
{
	struct buf	*b = arg;
	size_t		 i;

	buf_printf(b, "format=%d\n", (int)f->format);
	dump_str(b, "feed title", f->title);
	dump_str(b, "feed link", f->link);
	dump_str(b, "description", f->description);
	/*
	 * What the filter counts for the warnings ("3 bare '&' read as text")
	 * can run ahead of a parse that libxml2 ends early (at a fatal error
	 * a mangled document may have), by as much as it reads at a time,
	 * which differs between the two ways: warnings are compared for
	 * documents that are only cut, not mangled.
	 */
	for (i = 0; dump_warnings && i < f->nwarnings; i++)
		dump_str(b, "warning", f->warnings[i]);
	return 0;
}

static const struct feed_sink dump_sink = { dump_feed, dump_item, NULL };

/* Two parses' results, dumps and causes must be the same; all are freed. */
static void
same_dumps(int ra, struct buf *a, char *ca, int rb, struct buf *b, char *cb)
{
	assert_int_equal(ra, rb);
	assert_string_equal(ca != NULL ? ca : "", cb != NULL ? cb : "");
	assert_string_equal(a->data != NULL ? a->data : "",
	    b->data != NULL ? b->data : "");
	free(ca);
	free(cb);
	buf_free(a);
	buf_free(b);
}

/* Parse doc from memory and from a file; the sink must see the same. */
static void
same_both_ways(const char *doc, size_t len, const char *charset)
{
	struct parse_opts	 opts = { "http://example.org/feed/", charset, 0 };
	struct buf		 a = { 0 }, b = { 0 };
	char			*ca = NULL, *cb = NULL;
	FILE			*f;
	int			 ra, rb;

	assert_non_null(f = tmpfile());
	assert_int_equal(fwrite(doc, 1, len, f), len);
	assert_int_equal(fflush(f), 0);
	rewind(f);
	ra = parse_mem(doc, len, &opts, &dump_sink, &a, &ca);
	rb = parse_fd(fileno(f), &opts, &dump_sink, &b, &cb);
	fclose(f);
	same_dumps(ra, &a, ca, rb, &b, cb);
}

/*
 * Parse doc with the runs of text at least min long taken round libxml2,
 * and with none: the sink must see the same, and the result be the same.
 */
static void
same_with_runs(const char *doc, size_t len, size_t min)
{
	struct parse_opts	 opts = { NULL, NULL, SIZE_MAX };
	struct buf		 want = { 0 }, got = { 0 };
	char			*cw = NULL, *cg = NULL;
	int			 rw, rg;

	rw = parse_mem(doc, len, &opts, &dump_sink, &want, &cw);
	opts.text_run_min = min;
	rg = parse_mem(doc, len, &opts, &dump_sink, &got, &cg);
	same_dumps(rw, &want, cw, rg, &got, cg);
}

/*
 * Runs of text taken round libxml2 (parse.c) give what libxml2 reading
 * them gives: random RSS and Atom documents whose text mixes long Arabic
 * and ASCII runs with CR LF, lone CR and LF, "]]>", entities, inline and
 * escaped markup, CDATA, comments, three-byte characters, stray and
 * overlong sequences and feeds' own <?k ...?>, and text after the end,
 * parsed with every run taken (text_run_min 1), with the default, and
 * with none, must dump the same, warnings and all.  With none the filter
 * also reads a byte at a time, so the same holds its skips of sixteen and
 * eight bytes to the byte loop.
 */
static void
test_text_runs(void **state)
{
	static const char *const pieces[] = {
		"\xd8\xa7\xd9\x84\xd8\xae\xd8\xa8\xd8\xb1 \xd8\xa7\xd9\x84\xd8"
		    "\xb9\xd8\xa7\xd8\xac\xd9\x84 \xd9\x85\xd9\x86 \xd8\xa8\xd9"
		    "\x8a\xd8\xb1\xd9\x88\xd8\xaa \xd9\x88\xd8\xaf\xd9\x85\xd8"
		    "\xb4\xd9\x82 ",
		"plain words of an English sentence, ",
		" ", "\n", "\r\n", "\r", "\t", "]", "]]>", "]]", ">",
		"&amp;", "&lt;p&gt;", "&#1575;", "&bogus;", "& ", "\xe2\x80\x8c",
		"\xe2\x80\x94", "\xd9\x8e", "<b>bold</b>", "<br/>",
		"<![CDATA[cdata \xd8\xb9 text <x> & ]]>", "<!-- a comment -->",
		"<?k 0?>", "<?k?>", "<?k 1 2?>", "<?kk 0?>", "\x01", "\xff",
		/* For the filter's sixteen- and eight-byte skips. */
		"\xc0\x80", "\xc1\xbf", "\x80", "\xd8", "\x7f", "\xdf\xbf",
		"\xc2\x80", "a\tb", "\x1f", "-", "?", "\xef\xbf\xbd",
	};
	static const char *const heads[] = {
		"<rss><channel><title>T</title><item><title>",
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>",
	};
	static const char *const mids[] = {
		"</title><description>",
		"</title><content type=\"xhtml\"><div xmlns=\""
		    "http://www.w3.org/1999/xhtml\"><p>",
	};
	static const char *const tails[] = {
		"</description><guid>g</guid></item></channel></rss>",
		"</p></div></content><id>i</id></entry></feed>",
	};
	static const char *const found[] = {
		"<rss<item<guid<A>\r\n",	/* a lone CR left last */
		"<rss<e</e<?h>>",		/* a PI in an end tag */
		/* A control dropped makes a CDATA section. */
		"<rss<item<title<![\x01" "CDATA[] ]>><![CDATA[",
		/* A stray end tag dropped makes "]]>". */
		"<rss><channel><item><guid>g</guid><title>some text]</zz>]> "
		    "after</title></item></channel></rss>",
	};
	static const size_t	 mins[] = { 1, 0 };
	struct buf		 doc = { 0 };
	unsigned int		 seed = 11;
	size_t			 k, j, n, m, np = sizeof pieces / sizeof *pieces;
	int			 kind;

	(void)state;
	dump_warnings = 1;
	for (k = 0; k < 1500; k++) {
		kind = (int)(k % 2);
		buf_reset(&doc);
		buf_adds(&doc, heads[kind]);
		for (m = 0; m < 2; m++) {
			seed = seed * 1103515245 + 12345;
			n = (seed >> 16) % 40;
			for (j = 0; j < n; j++) {
				seed = seed * 1103515245 + 12345;
				/* Long runs half the time. */
				buf_adds(&doc, pieces[(seed >> 16) % 3 == 0 ?
				    (seed >> 18) % 2 : (seed >> 18) % np]);
			}
			buf_adds(&doc, m == 0 ? mids[kind] : tails[kind]);
		}
		/* Text after the end, where libxml2 takes none. */
		if (k % 7 == 0)
			buf_adds(&doc, pieces[0]);
		for (m = 0; m < 2; m++)
			same_with_runs(doc.data, doc.len, mins[m]);
	}
	/*
	 * A CR LF, and a CR, at the end of a document cut short, where the
	 * filter leaves the last byte for the next step; then what the
	 * fuzzer found.
	 */
	for (k = 0; k < 4 + sizeof found / sizeof *found; k++) {
		buf_reset(&doc);
		buf_adds(&doc, "<rss><channel><item><title>t</title><guid>g"
		    "</guid><description>text");
		buf_adds(&doc, k % 2 == 0 ? "\r\n" : "\r");
		if (k >= 2)
			buf_adds(&doc, "\x01\r\n");
		if (k >= 4) {
			buf_reset(&doc);
			buf_adds(&doc, found[k - 4]);
		}
		same_with_runs(doc.data, doc.len, 1);
	}
	/* A CR LF, and a lone CR, across the filter's 64 KiB step. */
	for (k = 0; k < 24; k++) {
		buf_reset(&doc);
		buf_adds(&doc, heads[0]);
		buf_adds(&doc, mids[0]);
		while (doc.len + 6 < 65536 - 6 + k / 2)
			buf_adds(&doc, "words ");
		while (doc.len < 65536 - 6 + k / 2)
			buf_addc(&doc, 'x');
		buf_adds(&doc, k % 2 == 0 ? "\r\n" : "\r");
		buf_adds(&doc, pieces[0]);
		buf_adds(&doc, "error ]]> here\n");
		buf_adds(&doc, tails[0]);
		same_with_runs(doc.data, doc.len, 1);
		same_both_ways(doc.data, doc.len, NULL);
	}
	dump_warnings = 0;
	buf_free(&doc);
}

/*
 * parse_mem() filters UTF-8 where it lies, in 64 KiB steps; parse_fd()
 * copies and decodes through buffers.  Documents around and across those
 * steps, with what the filter rewrites (entities, a stray '&' and '<',
 * control characters, CDATA, comments, bad and cut UTF-8, unclosed
 * elements), and mangled copies of them, must give the same result.
 */
static void
test_mem_same_as_fd(void **state)
{
	static const char *items[] = {
		"<item><title>A&nbsp;&amp; \xd8\xb9&#x644; R&D < 3</title>"
		    "<guid>g1</guid><description><![CDATA[<p>x &amp; "
		    "<a href=\"/rel\">y</a></p>]]></description></item>",
		"<item><title>\x01" "bad \xff\xfe \xd8</title><link>/a?b=1&c=2"
		    "</link><!-- <item> --><category>c\x7f</category></item>",
		"<item><title>\xd9\x85\xd9\x8e\xd8\xaf</title><description>"
		    "&lt;b&gt;bold&lt;/b&gt;&eacute;</description><guid>g3"
		    "</guid><enclosure url=\"e.mp3\"/></item>",
		"<item><title>open<b>unclosed</title></item>",
	};
	struct buf	 b = { 0 };
	size_t		 pad, i, k, n;
	unsigned int	 seed = 7;

	(void)state;
	for (pad = 0; pad < 3 * 65536; pad += 65536 / 5 + 77) {
		for (k = 0; k < 3; k++) {
			buf_reset(&b);
			if (k == 1)
				buf_adds(&b, "\xef\xbb\xbf  \n");
			buf_adds(&b, "<?xml version=\"1.0\"?><rss version=\"2.0\">"
			    "<channel><title>T &amp; \xd8\xb9</title>");
			for (i = 0; b.len < pad; i++)
				buf_adds(&b, items[i % 4]);
			buf_adds(&b, "<!-- the end is near -->");
			n = b.len;
			buf_adds(&b, "</channel></rss>\n");
			/* Cut inside the document, or mangle it, or neither. */
			if (k == 2) {
				seed = seed * 1103515245 + 12345;
				b.len = n - (seed >> 8) % (n / 2 + 1);
			} else if (k == 1 && b.len > 100) {
				for (i = 0; i < 8; i++) {
					seed = seed * 1103515245 + 12345;
					b.data[(seed >> 8) % b.len] =
					    (char)(seed >> 16);
				}
			}
			dump_warnings = k != 1;
			same_both_ways(b.data, b.len, NULL);
		}
	}
	dump_warnings = 1;
	/* A JSON feed, and a charset that is converted (not filtered in place). */
	buf_reset(&b);
	buf_adds(&b, "{\"version\":\"https://jsonfeed.org/version/1.1\","
	    "\"title\":\"J\",\"items\":[");
	for (i = 0; b.len < 70000; i++)
		buf_printf(&b, "%s{\"id\":\"%zu\",\"title\":\"t\\u0645 %zu\","
		    "\"content_html\":\"<p>&amp;</p>\"}", i ? "," : "", i, i);
	buf_adds(&b, "]}");
	same_both_ways(b.data, b.len, NULL);
	buf_reset(&b);
	buf_adds(&b, "<rss><channel><item><title>\xc7\xe1\xd3\xe1\xc7\xe3"
	    "</title></item></channel></rss>");
	same_both_ways(b.data, b.len, "windows-1256");
	buf_free(&b);
}

/* A deep copy of a feed has its fields, owns its strings, no warnings. */
static void
test_copy(void **state)
{
	struct feed	f, fc;

	(void)state;
	feed_init(&f);
	f.format = FEED_ATOM10;
	f.title = xstrdup("T");
	f.link = xstrdup("https://l/");
	f.updated = 7;
	feed_warn(&f, "%s", "w");
	feed_copy(&fc, &f);
	assert_int_equal(fc.format, FEED_ATOM10);
	assert_string_equal(fc.title, "T");
	assert_string_equal(fc.link, "https://l/");
	assert_null(fc.description);
	assert_true(fc.updated == 7);
	assert_int_equal(fc.nwarnings, 0);
	feed_clear(&f);
	feed_clear(&fc);
}

/*
 * A three-byte sequence cut short by a byte that cannot follow ("\xef\xbf"
 * then 'b') starts like a U+FFFD written out; it is a bad sequence all
 * the same, replaced, and the feed goes on (libxml2 would stop at it and
 * lose the rest).  Both parse_mem() paths: a document small enough to be
 * filtered in place, and one that is copied.
 */
static void
test_cut_replacement(void **state)
{
	static const char *const titles[] = {
		"a\xef\xbf" "b", "\xef" "c", "d\xef\xbf", "\xef\xbf\xbd" "e",
	};
	static const char *const want[] = {
		"a\xef\xbf\xbd" "b", "\xef\xbf\xbd" "c", "d\xef\xbf\xbd",
		"\xef\xbf\xbd" "e",
	};
	struct collect	 c;
	struct buf	 b = { 0 };
	char		*cause;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof titles / sizeof titles[0]; i++) {
		buf_reset(&b);
		buf_printf(&b, "<rss><channel><item><title>%s</title></item>"
		    "<item><title>after</title><guid>g2</guid></item>"
		    "</channel></rss>", titles[i]);
		memset(&c, 0, sizeof c);
		cause = NULL;
		assert_int_equal(parse_string(b.data, b.len, &c, &cause), 0);
		assert_null(cause);
		assert_int_equal(c.nitems, 2);
		assert_string_equal(c.last_id, "g2");
		assert_non_null(c.first_title);
		assert_string_equal(c.first_title, want[i]);
		collect_free(&c);
		same_both_ways(b.data, b.len, NULL);
	}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_person),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_filter_runs),
		cmocka_unit_test(test_filter_random),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_cut_replacement),
		cmocka_unit_test(test_mem_same_as_fd),
		cmocka_unit_test(test_text_runs),
		cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
