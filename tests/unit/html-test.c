/* khabar - ISC licence, see LICENSE. */
/*
 * Tests for src/html/text.c.  The structure tables give a page and the
 * blocks it must become, one line per block:
 *
 *	KIND DIR INDENT QUOTE LIST [MARKER] [tight]|TEXT
 *
 * KIND is P, H1-H6, L (list item), C (pre), T (table row) or R (rule);
 * DIR is a, l or r.  Line feeds inside a block show as "\n".  Other tables
 * check the attribute words of a piece of text, and the links.  Last come
 * the builder functions on their own and the limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html/text.h"
#include "util/buf.h"

struct srow {
	const char	*html;
	const char	*want;
};

struct arow {
	const char	*html;
	const char	*piece;		/* text whose bytes are checked */
	uint32_t	 want;		/* attribute word of each byte */
};

struct lrow {
	const char	*html;
	const char	*base;
	const char	*want;		/* "N URL|TITLE\n" for each link */
};

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])

static void	dump(const struct html_doc *, struct buf *);
static struct html_doc *parse(const char *, const char *);

static const struct srow s_blocks[] = {
	{ "<p>one</p><p>two</p>",
	  "P a 0 0 0|one\nP a 0 0 0|two\n" },
	{ "loose <b>text</b><div>in div</div>after",
	  "P a 0 0 0|loose text\nP a 0 0 0|in div\nP a 0 0 0|after\n" },
	{ "<h1>a</h1><h3>b</h3><h6>c</h6>",
	  "H1 a 0 0 0|a\nH3 a 0 0 0|b\nH6 a 0 0 0|c\n" },
	{ "<p>a</p><hr><hr><p>b</p>",
	  "P a 0 0 0|a\nR a 0 0 0|\nR a 0 0 0|\nP a 0 0 0|b\n" },
	{ "<p></p><p> \n </p><div><span></span></div>", "" },
	{ "<blockquote><p>q</p><blockquote>qq</blockquote></blockquote>",
	  "P a 0 1 0|q\nP a 0 2 0|qq\n" },
	{ "<pre>\n a\tb\n\n c  </pre>", "C a 0 0 0| a      b\\n\\n c\n" },
	{ "<pre>x<br>y <b>z</b></pre>", "C a 0 0 0|x\\ny z\n" },
	{ "<dl><dt>t</dt><dd>d</dd></dl>", "P a 0 0 0|t\nP a 4 0 0|d\n" },
	{ "<img src=a alt='x  y'><img src=b><img alt=''><img alt=z width=1>",
	  "P a 0 0 0|[image: x y] [image]\n" },
	{ "<p>a<br>b<br><br>c<br></p><p><br>d</p>",
	  "P a 0 0 0|a\\nb\\n\\nc\nP a 0 0 0|d\n" },
};

static const struct srow s_lists[] = {
	{ "<ul><li>a</li><li>b</li></ul>",
	  "L a 0 0 1 [•]|a\nL a 0 0 1 [•] tight|b\n" },
	{ "<ul><li>a<ul><li>b<ul><li>c<ul><li>d</li></ul></li></ul></li>"
	  "</ul></li></ul>",
	  "L a 0 0 1 [•]|a\nL a 2 0 2 [◦] tight|b\n"
	  "L a 4 0 3 [▪] tight|c\nL a 6 0 4 [▪] tight|d\n" },
	{ "<ol><li>a<li>b</ol><ol start=9><li>x<li>y</ol>",
	  "L a 0 0 1 [1.]|a\nL a 0 0 1 [2.] tight|b\n"
	  "L a 0 0 1 [9.]|x\nL a 0 0 1 [10.] tight|y\n" },
	{ "<ol reversed><li>a<li>b<li>c</ol>",
	  "L a 0 0 1 [3.]|a\nL a 0 0 1 [2.] tight|b\n"
	  "L a 0 0 1 [1.] tight|c\n" },
	{ "<ol><li>a<li value=7>b<li>c</ol>",
	  "L a 0 0 1 [1.]|a\nL a 0 0 1 [7.] tight|b\n"
	  "L a 0 0 1 [8.] tight|c\n" },
	{ "<ul><li><p>first</p><p>second</p></li><li>next</li></ul>",
	  "L a 0 0 1 [•]|first\nP a 2 0 1|second\n"
	  "L a 0 0 1 [•] tight|next\n" },
	{ "<ol><li>a<ol><li>b</li></ol>c</li></ol>",
	  "L a 0 0 1 [1.]|a\nL a 3 0 2 [1.] tight|b\nP a 3 0 1|c\n" },
	{ "<blockquote><ul><li>q</li></ul></blockquote>",
	  "L a 0 1 1 [•]|q\n" },
	{ "<ul><li></li><li>only</li></ul>", "L a 0 0 1 [•]|only\n" },
	{ "<ul><li>a</li></ul><ul><li></li><li>b</li></ul>",
	  "L a 0 0 1 [•]|a\nL a 0 0 1 [•]|b\n" },
};

static const struct srow s_tables[] = {
	{ "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td></td>"
	  "<td>3</td></tr></table>",
	  "T a 0 0 0|a | b\nT a 0 0 0 tight|1 | | 3\n" },
	{ "<table><tr><td><p>x</p><p>y</p></td></tr></table>",
	  "P a 0 0 0|x\nP a 0 0 0|y\n" },
	{ "<table><caption>cap</caption><tr><td>a<br>b</td><td>c</td></tr>"
	  "</table><table><tr><td>z</td></tr></table>",
	  "P a 0 0 0|cap\nT a 0 0 0|a b | c\nT a 0 0 0|z\n" },
};

static const struct srow s_dir[] = {
	{ "<p dir=rtl>a</p><p dir=LTR>b</p><p dir=auto>c</p><p>d</p>",
	  "P r 0 0 0|a\nP l 0 0 0|b\nP a 0 0 0|c\nP a 0 0 0|d\n" },
	{ "<body dir=rtl><div><p>a</p><p dir=ltr>b</p></div><p dir=auto>c"
	  "</p></body>",
	  "P r 0 0 0|a\nP l 0 0 0|b\nP a 0 0 0|c\n" },
	{ "<div dir=rtl><ul><li>a</li></ul><pre>b</pre></div>",
	  "L r 0 0 1 [•]|a\nC r 0 0 0|b\n" },
	{ "<p><span dir=rtl>inline</span> only</p>",
	  "P a 0 0 0|inline only\n" },
	{ "<div dir=rtl><span dir=ltr>a</span></div>", "P r 0 0 0|a\n" },
};

static const struct srow s_dropped[] = {
	{ "<head><title>t</title><style>s</style></head><p>v</p>",
	  "P a 0 0 0|v\n" },
	{ "<script>x</script><noscript>n</noscript><template>t</template>"
	  "<iframe>i</iframe><svg><text>s</text></svg><!-- c --><p>v</p>",
	  "P a 0 0 0|v\n" },
	{ "<form><label>l</label><input value=i><button>b</button><select>"
	  "<option>o</option></select><textarea>t</textarea></form><p>v</p>",
	  "P a 0 0 0|v\n" },
	{ "<p hidden>h</p><p aria-hidden=' TRUE '>a</p><p style='x:y;"
	  "display : none'>s</p><p style='visibility:hidden'>s</p>"
	  "<p aria-hidden=false>v</p><p style='display:block'>w</p>",
	  "P a 0 0 0|v\nP a 0 0 0|w\n" },
	{ "<p>a <span hidden>b</span>c</p>", "P a 0 0 0|a c\n" },
};

static const struct srow s_text[] = {
	{ "<p>  a \t\n b  <i> c </i> d </p>", "P a 0 0 0|a b c d\n" },
	{ "<p>&amp;&lt;&gt;&quot;&#1575;&#x5D0;&nbsp;x</p>",
	  "P a 0 0 0|&<>\"\xd8\xa7\xd7\x90\xc2\xa0x\n" },
	{ "<p>a<b>b</b>c</p>", "P a 0 0 0|abc\n" },
	{ "<p>x<p>y<div>z", "P a 0 0 0|x\nP a 0 0 0|y\nP a 0 0 0|z\n" },
};

static const struct arow a_rows[] = {
	{ "<p>a <b>bold</b></p>", "bold", TEXT_BOLD },
	{ "<p>a <b>bold</b></p>", "a ", 0 },
	{ "<p><b><i>both</i></b></p>", "both", TEXT_BOLD | TEXT_ITALIC },
	{ "<p><em>e</em><cite>c</cite></p>", "ec", TEXT_ITALIC },
	{ "<p><code>c</code><kbd>k</kbd></p>", "ck", TEXT_CODE },
	{ "<p><u>u</u></p>", "u", TEXT_UNDERLINE },
	{ "<h2>head</h2>", "head", TEXT_HEADING },
	{ "<blockquote>q</blockquote>", "q", TEXT_QUOTE },
	{ "<pre>p</pre>", "p", TEXT_CODE },
	{ "<table><tr><th>h</th><td>d</td></tr></table>", "h", TEXT_BOLD },
	{ "<table><tr><th>h</th><td>d</td></tr></table>", "d", 0 },
	{ "<a href=http://x/>link</a>", "link", TEXT_WITH_LINK(0, 1) },
	{ "<a href=http://x/>link</a>", "[1]", TEXT_WITH_LINK(0, 1) },
	{ "<a href=http://x/><b>bl</b></a>", "bl",
	  TEXT_WITH_LINK(TEXT_BOLD, 1) },
	{ "x <a href=http://x/>y</a>", "x ", 0 },
	{ "<a href=http://x/>a</a> <a href=http://y/>b</a>"
	  "<a href=http://x/>c</a>", "c[1]", TEXT_WITH_LINK(0, 1) },
	{ "<a href=http://x/>a</a> <a href=http://y/>b</a>", "b[2]",
	  TEXT_WITH_LINK(0, 2) },
	{ "<a href='javascript:x()'>js</a>", "js", 0 },
	{ "<a href='#top'>top</a>", "top", 0 },
	{ "<a href=http://x/><img alt=pic></a>", "[image: pic][1]",
	  TEXT_WITH_LINK(0, 1) },
};

static const struct lrow l_rows[] = {
	{ "<a href=http://a/>A</a><a href=http://b/>B</a><a href=http://a/>"
	  "C</a>", NULL, "1 http://a/|A\n2 http://b/|B\n" },
	{ "<a href=x.html> some  <b>text</b> </a>", "https://h.example/d/p",
	  "1 https://h.example/d/x.html|some text\n" },
	{ "<base href=/base/><a href=x>x</a>", "https://h.example/d/p",
	  "1 https://h.example/base/x|x\n" },
	{ "<base href='https://other.example/'><a href=x>x</a>", NULL,
	  "1 https://other.example/x|x\n" },
	{ "<base href='javascript:x'><a href=x>x</a>", "http://h/",
	  "1 http://h/x|x\n" },
	{ "<a href=' JavaScript:a'>1</a><a href='vbscript:b'>2</a>"
	  "<a href='data:,c'>3</a><a href='#f'>4</a><a href=''>5</a>"
	  "<a name=n>6</a><a href='mailto:m@x.example'>7</a>", NULL,
	  "1 mailto:m@x.example|7\n" },
	{ "<a href=rel>r</a>", NULL, "1 rel|r\n" },
	{ "<a href=http://x/><img alt=pic></a>", NULL,
	  "1 http://x/|[image: pic]\n" },
};

static struct html_doc *
parse(const char *html, const char *base)
{
	struct html_doc	*doc;

	doc = html_parse(html, strlen(html), base, NULL);
	assert_non_null(doc);
	return doc;
}

static void
dump(const struct html_doc *doc, struct buf *out)
{
	static const char	*kinds[] = { "P", "H", "L", "C", "T", "R" };
	const struct block	*b;
	size_t			 i, j;

	for (i = 0; i < doc->nblocks; i++) {
		b = &doc->blocks[i];
		buf_adds(out, kinds[b->kind]);
		if (b->kind == BLOCK_HEADING)
			buf_printf(out, "%d", b->level);
		buf_printf(out, " %c %d %d %d", "alr"[b->dir], b->indent,
		    b->quote, b->list);
		if (b->marker[0] != '\0')
			buf_printf(out, " [%s]", b->marker);
		if (b->tight)
			buf_adds(out, " tight");
		buf_addc(out, '|');
		for (j = 0; j < b->len; j++) {
			if (b->text[j] == '\n')
				buf_adds(out, "\\n");
			else
				buf_addc(out, b->text[j]);
		}
		buf_addc(out, '\n');
	}
}

static void
check_structure(const struct srow *rows, size_t n)
{
	struct html_doc	*doc;
	struct buf	 out = { 0 };
	size_t		 i;
	int		 bad = 0;

	for (i = 0; i < n; i++) {
		doc = parse(rows[i].html, NULL);
		buf_reset(&out);
		buf_adds(&out, "");
		dump(doc, &out);
		if (strcmp(out.data, rows[i].want) != 0) {
			print_error("%s\n--- want\n%s--- got\n%s", rows[i].html,
			    rows[i].want, out.data);
			bad = 1;
		}
		html_doc_free(doc);
	}
	buf_free(&out);
	assert_false(bad);
}

static void
test_blocks(void **state)
{
	(void)state;
	check_structure(s_blocks, NROWS(s_blocks));
}

static void
test_lists(void **state)
{
	(void)state;
	check_structure(s_lists, NROWS(s_lists));
}

static void
test_tables(void **state)
{
	(void)state;
	check_structure(s_tables, NROWS(s_tables));
}

static void
test_dir(void **state)
{
	(void)state;
	check_structure(s_dir, NROWS(s_dir));
}

static void
test_dropped(void **state)
{
	(void)state;
	check_structure(s_dropped, NROWS(s_dropped));
}

static void
test_text(void **state)
{
	(void)state;
	check_structure(s_text, NROWS(s_text));
}

static void
test_attrs(void **state)
{
	struct html_doc		*doc;
	const struct block	*b;
	const char		*p;
	size_t			 i, j, k;
	int			 bad = 0, found;

	(void)state;
	for (i = 0; i < NROWS(a_rows); i++) {
		doc = parse(a_rows[i].html, NULL);
		found = 0;
		for (j = 0; j < doc->nblocks && !found; j++) {
			b = &doc->blocks[j];
			if ((p = strstr(b->text, a_rows[i].piece)) == NULL)
				continue;
			found = 1;
			for (k = 0; k < strlen(a_rows[i].piece); k++) {
				if (b->attr[p - b->text + k] == a_rows[i].want)
					continue;
				print_error("%s: byte %zu of \"%s\": %#x, want "
				    "%#x\n", a_rows[i].html, k, a_rows[i].piece,
				    b->attr[p - b->text + k], a_rows[i].want);
				bad = 1;
				break;
			}
		}
		if (!found) {
			print_error("%s: no \"%s\"\n", a_rows[i].html,
			    a_rows[i].piece);
			bad = 1;
		}
		html_doc_free(doc);
	}
	assert_false(bad);
}

static void
test_links(void **state)
{
	struct html_doc	*doc;
	struct buf	 out = { 0 };
	size_t		 i, j;
	int		 bad = 0;

	(void)state;
	for (i = 0; i < NROWS(l_rows); i++) {
		doc = parse(l_rows[i].html, l_rows[i].base);
		buf_reset(&out);
		buf_adds(&out, "");
		for (j = 0; j < doc->nlinks; j++)
			buf_printf(&out, "%zu %s|%s\n", j + 1,
			    doc->links[j].url, doc->links[j].title != NULL ?
			    doc->links[j].title : "(null)");
		if (strcmp(out.data, l_rows[i].want) != 0) {
			print_error("%s\n--- want\n%s--- got\n%s",
			    l_rows[i].html, l_rows[i].want, out.data);
			bad = 1;
		}
		html_doc_free(doc);
	}
	buf_free(&out);
	assert_false(bad);
}

/* The builder on its own, as another producer would use it. */
static void
test_builder(void **state)
{
	struct html_doc	*doc;
	struct block	*b, proto;
	unsigned	 n;

	(void)state;
	doc = html_doc_new();
	assert_null(html_doc_current(doc));
	html_doc_text(doc, "lost", 4, 0, 0);	/* no open block */
	memset(&proto, 0, sizeof proto);
	proto.dir = TEXT_DIR_RTL;
	proto.indent = 3;
	b = html_doc_begin(doc, BLOCK_PARA, &proto);
	assert_non_null(b);
	html_doc_break(doc);			/* none at the start */
	html_doc_text(doc, "  a  ", 5, 1, 0);
	html_doc_text(doc, " b", 2, 2, 0);
	html_doc_text(doc, "[9]", 3, 4, HTML_TEXT_GLUE);
	html_doc_text(doc, " ", 1, 0, 0);
	html_doc_break(doc);
	html_doc_text(doc, " c ", 3, 0, 0);
	html_doc_begin(doc, BLOCK_PARA, NULL);	/* empty: dropped */
	html_doc_begin(doc, BLOCK_RULE, NULL);	/* kept */
	html_doc_begin(doc, BLOCK_PRE, NULL);
	html_doc_text(doc, "x\r\n\ty", 5, 0, HTML_TEXT_PRE);
	html_doc_end(doc);
	assert_int_equal(doc->nblocks, 3);
	b = &doc->blocks[0];
	assert_string_equal(b->text, "a b[9]\nc");
	assert_int_equal(b->len, 8);
	assert_int_equal(b->dir, TEXT_DIR_RTL);
	assert_int_equal(b->indent, 3);
	assert_int_equal(b->attr[0], 1);
	assert_int_equal(b->attr[1], 1);	/* the space takes its run's */
	assert_int_equal(b->attr[2], 2);
	assert_int_equal(b->attr[3], 4);
	assert_int_equal(doc->blocks[1].kind, BLOCK_RULE);
	assert_string_equal(doc->blocks[2].text, "x\n        y");
	/* Reopen the last block to append to it. */
	assert_non_null(html_doc_reopen(doc));
	html_doc_text(doc, "z", 1, 0, HTML_TEXT_PRE);
	html_doc_end(doc);
	assert_string_equal(doc->blocks[2].text, "x\n        yz");

	/* Links: one number per URL, a title from the first text. */
	n = html_doc_link(doc, "http://a/");
	assert_int_equal(n, 1);
	html_doc_begin(doc, BLOCK_PARA, NULL);
	assert_true(html_doc_title_begin(doc, n));
	assert_false(html_doc_title_begin(doc, n));
	html_doc_text(doc, " the  title ", 12, 0, 0);
	html_doc_text(doc, "[1]", 3, 0, HTML_TEXT_GLUE);
	html_doc_title_end(doc);
	assert_false(html_doc_title_begin(doc, n));
	assert_int_equal(html_doc_link(doc, "http://b/"), 2);
	assert_int_equal(html_doc_link(doc, "http://a/"), 1);
	assert_string_equal(doc->links[0].title, "the title");
	assert_null(doc->links[1].title);
	html_doc_free(doc);
	html_doc_free(NULL);
}

/* Many links: the hash grows and still finds every one. */
static void
test_many_links(void **state)
{
	struct html_doc	*doc;
	char		 url[64];
	unsigned	 i;

	(void)state;
	doc = html_doc_new();
	for (i = 0; i < 5000; i++) {
		snprintf(url, sizeof url, "https://h.example/%u", i);
		assert_int_equal(html_doc_link(doc, url), i + 1);
	}
	for (i = 0; i < 5000; i += 7) {
		snprintf(url, sizeof url, "https://h.example/%u", i);
		assert_int_equal(html_doc_link(doc, url), i + 1);
	}
	assert_int_equal(doc->nlinks, 5000);
	html_doc_free(doc);
}

/* Hostile input: the limits hold and the text survives deep nesting. */
static void
test_limits(void **state)
{
	struct html_doc	*doc;
	struct buf	 in = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < 10000; i++)
		buf_adds(&in, "<div><ul><li>");
	buf_adds(&in, "deep");
	for (i = 0; i < 10000; i++)
		buf_adds(&in, "</li></ul></div>");
	buf_adds(&in, "<p>end</p>");
	doc = html_parse(in.data, in.len, NULL, NULL);
	assert_non_null(doc);
	assert_int_equal(doc->nblocks, 2);
	assert_string_equal(doc->blocks[0].text, "deep");
	assert_string_equal(doc->blocks[1].text, "end");
	html_doc_free(doc);

	buf_reset(&in);
	for (i = 0; i < HTML_MAX_BLOCKS + 10; i++)
		buf_adds(&in, "<hr>");
	doc = html_parse(in.data, in.len, NULL, NULL);
	assert_int_equal(doc->nblocks, HTML_MAX_BLOCKS);
	assert_true(doc->truncated);
	html_doc_free(doc);

	buf_reset(&in);
	buf_adds(&in, "<p>");
	while (in.len < HTML_MAX_TEXT + 1000)
		buf_adds(&in, "word ");
	doc = html_parse(in.data, in.len, NULL, NULL);
	assert_true(doc->truncated);
	assert_true(doc->blocks[0].len <= HTML_MAX_TEXT);
	html_doc_free(doc);

	doc = html_parse("", 0, NULL, NULL);
	assert_int_equal(doc->nblocks, 0);
	html_doc_free(doc);
	buf_free(&in);
}

/* Encodings: UTF-8 by default, a meta charset, a caller's hint. */
static void
test_charset(void **state)
{
	static const char	utf8[] =
				    "<p>\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85</p>";
	static const char	cp1256[] = "<meta charset=windows-1256>"
				    "<p>\xd3\xe1\xc7\xe3</p>";
	static const char	http[] = "<meta http-equiv=Content-Type "
				    "content='text/html; charset=windows-1256'>"
				    "<p>\xd3\xe1\xc7\xe3</p>";
	static const char	bare[] = "<p>\xd3\xe1\xc7\xe3</p>";
	static const char	copied[] = "<meta charset=windows-1256>"
				    "<p>\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85</p>";
	const char		*pages[] = { utf8, cp1256, http, bare };
	const char		*hints[] = { NULL, NULL, NULL, "windows-1256" };
	struct html_doc		*doc;
	size_t			 i;

	(void)state;
	for (i = 0; i < 4; i++) {
		doc = html_parse(pages[i], strlen(pages[i]), NULL, hints[i]);
		assert_non_null(doc);
		assert_int_equal(doc->nblocks, 1);
		assert_string_equal(doc->blocks[0].text,
		    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85");
		html_doc_free(doc);
	}
	assert_null(html_parse(bare, strlen(bare), NULL, "no-such-set"));

	/*
	 * Text that is UTF-8 already (a feed's content, decoded by the
	 * parser) stays so whatever <meta> it carries from the page.
	 */
	doc = html_parse(copied, strlen(copied), NULL, "UTF-8");
	assert_non_null(doc);
	assert_int_equal(doc->nblocks, 1);
	assert_string_equal(doc->blocks[0].text,
	    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85");
	html_doc_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_attrs),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_builder),
		cmocka_unit_test(test_many_links),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_charset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
