/* khabar - ISC licence, see LICENSE. */
/*
 * HTML to blocks.  The first half is the builder: a document is an array
 * of blocks of which only the last can be open; text goes into the open
 * block, collapsing white space as HTML does by keeping at most one
 * "pending" space that is written only when more text follows.  Links live
 * in an array, numbered from 1, with an open-addressing hash from URL to
 * number so that a page with thousands of links stays linear.
 *
 * The second half walks the tree that libxml2's HTML parser builds.  It
 * walks without recursion (a page can nest a million elements) and keeps a
 * stack of what each element means for its text (struct ctx) only for the
 * first HTML_MAX_DEPTH levels: deeper elements still give their text, with
 * the attributes of the deepest level, but no structure.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>

#include "feed/url.h"
#include "html/read.h"
#include "html/text.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define TITLE_MAX	300	/* bytes of a link's title */

struct html_state {
	int		 open;		/* the last block is open */
	int		 pending;	/* a collapsed space waits */
	uint32_t	 pending_attr;
	int		 col;		/* characters since a line feed (pre) */
	size_t		 total;		/* text bytes in all blocks */
	unsigned	 title;		/* link whose title is recorded */
	struct buf	 tbuf;
	unsigned	*slots;		/* URL hash: link number or 0 */
	uint32_t	*slothash;	/* the hash of each slot's URL */
	size_t		 nslots;
};

static void	block_put(struct html_doc *, struct block *, const char *,
		    size_t, uint32_t, int);
static void	block_putc(struct html_doc *, struct block *, char, uint32_t,
		    int);
static int	is_space(char);
static void	text_pre(struct html_doc *, struct block *, const char *,
		    size_t, uint32_t);
static void	text_collapse(struct html_doc *, struct block *,
		    const char *, size_t, uint32_t);
static uint32_t	url_hash(const char *);
static void	link_rehash(struct html_doc *);

/* Create an empty document for the builder functions. */
struct html_doc *
html_doc_new(void)
{
	struct html_doc	*doc;

	doc = xcalloc(1, sizeof *doc);
	doc->st = xcalloc(1, sizeof *doc->st);
	return doc;
}

/* Free a document and everything in it; NULL is fine. */
void
html_doc_free(struct html_doc *doc)
{
	size_t	i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->nblocks; i++) {
		free(doc->blocks[i].text);
		free(doc->blocks[i].attr);
	}
	free(doc->blocks);
	for (i = 0; i < doc->nlinks; i++) {
		free(doc->links[i].url);
		free(doc->links[i].title);
	}
	free(doc->links);
	buf_free(&doc->st->tbuf);
	free(doc->st->slots);
	free(doc->st->slothash);
	free(doc->st);
	free(doc);
}

/* The open block, or NULL. */
struct block *
html_doc_current(struct html_doc *doc)
{
	if (!doc->st->open)
		return NULL;
	return &doc->blocks[doc->nblocks - 1];
}

/* Open the last block again. */
struct block *
html_doc_reopen(struct html_doc *doc)
{
	if (doc->st->open)
		return html_doc_current(doc);
	if (doc->nblocks == 0)
		return NULL;
	doc->st->open = 1;
	doc->st->pending = 0;
	return html_doc_current(doc);
}

/* Start a block of kind with the other fields from proto. */
struct block *
html_doc_begin(struct html_doc *doc, enum block_kind kind,
    const struct block *proto)
{
	struct block	*b;

	html_doc_end(doc);
	if (doc->nblocks >= HTML_MAX_BLOCKS) {
		doc->truncated = 1;
		return NULL;
	}
	if ((doc->nblocks & (doc->nblocks - 1)) == 0)
		doc->blocks = xreallocarray(doc->blocks,
		    doc->nblocks == 0 ? 1 : doc->nblocks * 2, sizeof *b);
	b = &doc->blocks[doc->nblocks++];
	if (proto != NULL)
		*b = *proto;
	else
		memset(b, 0, sizeof *b);
	b->kind = kind;
	b->text = NULL;
	b->attr = NULL;
	b->len = b->cap = 0;
	doc->st->open = 1;
	doc->st->pending = 0;
	doc->st->col = 0;
	return b;
}

/* End the open block, dropping it when it is empty. */
void
html_doc_end(struct html_doc *doc)
{
	struct block	*b;

	if ((b = html_doc_current(doc)) == NULL)
		return;
	doc->st->open = 0;
	doc->st->pending = 0;
	/* Line breaks (and, in pre, white space) at the end draw nothing. */
	while (b->len > 0 && (b->text[b->len - 1] == '\n' ||
	    (b->kind == BLOCK_PRE && b->text[b->len - 1] == ' ')))
		b->len--;
	if (b->text != NULL)
		b->text[b->len] = '\0';
	if (b->len == 0 && b->kind != BLOCK_RULE) {
		free(b->text);
		free(b->attr);
		doc->nblocks--;
	}
}

/*
 * Append n bytes; glued bytes are not part of a link title.  The arrays
 * grow by doubling, as one byte at a time would have grown them.
 */
static void
block_put(struct html_doc *doc, struct block *b, const char *s, size_t n,
    uint32_t a, int glue)
{
	struct html_state	*st = doc->st;
	uint32_t		*attr;
	size_t			 i, cap = b->cap, room;
	int			 col;

	if (n == 0)
		return;
	while (b->len + n + 1 > cap)
		cap = cap < 64 ? 64 : cap * 2;
	if (cap != b->cap) {
		b->cap = cap;
		b->text = xreallocarray(b->text, b->cap, 1);
		b->attr = xreallocarray(b->attr, b->cap, sizeof *b->attr);
	}
	memcpy(b->text + b->len, s, n);
	/* One word, then copies of what is there: a paragraph at a time. */
	attr = b->attr + b->len;
	attr[0] = a;
	for (i = 1; i < n; i *= 2)
		memcpy(attr + i, attr, (i < n - i ? i : n - i) * sizeof *attr);
	/* Characters since the last line feed, for tabs in pre text. */
	for (i = n, col = 0; i > 0 && s[i - 1] != '\n'; i--)
		col += ((unsigned char)s[i - 1] & 0xC0) != 0x80;
	st->col = i > 0 ? col : st->col + col;
	b->len += n;
	b->text[b->len] = '\0';
	st->total += n;
	if (st->title != 0 && !glue && st->tbuf.len < TITLE_MAX) {
		room = TITLE_MAX - st->tbuf.len;
		if (n > room)
			n = room;
		buf_add(&st->tbuf, s, n);
		for (i = st->tbuf.len - n; i < st->tbuf.len; i++)
			if (st->tbuf.data[i] == '\n')
				st->tbuf.data[i] = ' ';
	}
}

/* Append one byte. */
static void
block_putc(struct html_doc *doc, struct block *b, char c, uint32_t a,
    int glue)
{
	block_put(doc, b, &c, 1, a, glue);
}

/* HTML's white space, which collapses; NUL is text. */
static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Verbatim text: only line ends are unified and tabs expanded. */
static void
text_pre(struct html_doc *doc, struct block *b, const char *s, size_t n,
    uint32_t a)
{
	size_t	i = 0;

	/* HTML drops a line feed right after <pre>. */
	if (b->len == 0 && n > 0 && s[0] == '\n')
		i++;
	for (; i < n; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (s[i] == '\t') {
			do
				block_putc(doc, b, ' ', a, 0);
			while (doc->st->col % 8 != 0);
		} else
			block_putc(doc, b, s[i] == '\r' ? '\n' : s[i], a, 0);
	}
}

/*
 * HTML white space collapses: a run becomes one pending space, written
 * only when text follows it on the same line.  Text between runs goes in
 * whole, and so do words with single spaces between them, which collapse
 * to themselves: a paragraph is one block_put() rather than one a word.
 */
static void
text_collapse(struct html_doc *doc, struct block *b, const char *s, size_t n,
    uint32_t a)
{
	struct html_state	*st = doc->st;
	size_t			 i = 0, j;

	while (i < n) {
		if (is_space(s[i])) {
			if (b->len > 0 && b->text[b->len - 1] != '\n' &&
			    !st->pending) {
				st->pending = 1;
				st->pending_attr = a;
			}
			i++;
			continue;
		}
		for (j = i + 1; j < n && (!is_space(s[j]) || (s[j] == ' ' &&
		    j + 1 < n && !is_space(s[j + 1]))); j++)
			;
		if (st->pending) {
			st->pending = 0;
			block_putc(doc, b, ' ', st->pending_attr, 0);
		}
		block_put(doc, b, s + i, j - i, a, 0);
		i = j;
	}
}

/* Append text to the open block. */
void
html_doc_text(struct html_doc *doc, const char *s, size_t n, uint32_t a,
    int flags)
{
	struct block	*b;

	if ((b = html_doc_current(doc)) == NULL)
		return;
	if (doc->st->total + n > HTML_MAX_TEXT) {
		doc->truncated = 1;
		return;
	}
	if (flags & HTML_TEXT_GLUE)
		block_put(doc, b, s, n, a, 1);
	else if (flags & HTML_TEXT_PRE)
		text_pre(doc, b, s, n, a);
	else
		text_collapse(doc, b, s, n, a);
}

/* A forced line break inside the open block; none at its start. */
void
html_doc_break(struct html_doc *doc)
{
	struct block	*b;

	if ((b = html_doc_current(doc)) == NULL || b->len == 0)
		return;
	if (doc->st->total + 1 > HTML_MAX_TEXT) {
		doc->truncated = 1;
		return;
	}
	doc->st->pending = 0;
	block_putc(doc, b, '\n', b->attr[b->len - 1] & ~0xFFFF0000U, 0);
}

/*
 * A multiplicative hash over eight bytes at a time, each step folding the
 * high bits back down: every link of a page is hashed, and hashed again
 * each time the table grows, so a byte at a time was too slow.
 */
static uint32_t
url_hash(const char *s)
{
	size_t		n = strlen(s), i;
	uint64_t	h = UINT64_C(0x9E3779B97F4A7C15), w;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
		h ^= h >> 32;
	}
	for (w = n; i < n; i++)
		w = w << 8 | (unsigned char)s[i];
	h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
	return (uint32_t)(h ^ h >> 32);
}

/* Grow the hash to twice the links and put them all back. */
static void
link_rehash(struct html_doc *doc)
{
	struct html_state	*st = doc->st;
	size_t			 i, j;
	uint32_t		 h;

	free(st->slots);
	free(st->slothash);
	st->nslots = st->nslots == 0 ? 64 : st->nslots * 2;
	st->slots = xcalloc(st->nslots, sizeof *st->slots);
	st->slothash = xcalloc(st->nslots, sizeof *st->slothash);
	for (i = 0; i < doc->nlinks; i++) {
		h = url_hash(doc->links[i].url);
		j = h & (st->nslots - 1);
		while (st->slots[j] != 0)
			j = (j + 1) & (st->nslots - 1);
		st->slots[j] = (unsigned)i + 1;
		st->slothash[j] = h;
	}
}

/* Number a link; the same URL keeps its first number. */
unsigned
html_doc_link(struct html_doc *doc, const char *url)
{
	struct html_state	*st = doc->st;
	size_t			 j;
	unsigned		 n;
	uint32_t		 h = url_hash(url);

	if (st->nslots == 0)
		link_rehash(doc);
	j = h & (st->nslots - 1);
	for (; (n = st->slots[j]) != 0; j = (j + 1) & (st->nslots - 1)) {
		if (st->slothash[j] == h &&
		    strcmp(doc->links[n - 1].url, url) == 0)
			return n;
	}
	if (doc->nlinks >= HTML_MAX_LINKS) {
		doc->truncated = 1;
		return 0;
	}
	if ((doc->nlinks & (doc->nlinks - 1)) == 0)
		doc->links = xreallocarray(doc->links,
		    doc->nlinks == 0 ? 1 : doc->nlinks * 2, sizeof *doc->links);
	doc->links[doc->nlinks].url = xstrdup(url);
	doc->links[doc->nlinks].title = NULL;
	n = (unsigned)++doc->nlinks;
	st->slots[j] = n;
	st->slothash[j] = h;
	if (doc->nlinks * 2 > st->nslots)
		link_rehash(doc);
	return n;
}

/* Start recording the title of link n. */
int
html_doc_title_begin(struct html_doc *doc, unsigned n)
{
	struct html_state	*st = doc->st;

	if (st->title != 0 || n == 0 || n > doc->nlinks ||
	    doc->links[n - 1].title != NULL)
		return 0;
	st->title = n;
	buf_reset(&st->tbuf);
	return 1;
}

/* Stop recording a title. */
void
html_doc_title_end(struct html_doc *doc)
{
	struct html_state	*st = doc->st;
	struct buf		*t = &st->tbuf;
	size_t			 s = 0;

	if (st->title == 0)
		return;
	while (t->len > 0 && t->data[t->len - 1] == ' ')
		t->len--;
	while (s < t->len && t->data[s] == ' ')
		s++;
	/* A title cut at TITLE_MAX may end inside a character. */
	while (t->len > s && t->len >= TITLE_MAX &&
	    ((unsigned char)t->data[t->len - 1] & 0xC0) == 0x80)
		t->len--;
	if (t->len > s && t->len >= TITLE_MAX &&
	    ((unsigned char)t->data[t->len - 1] & 0xC0) == 0xC0)
		t->len--;
	doc->links[st->title - 1].title = xstrndup(t->len > 0 ? t->data + s :
	    "", t->len - s);
	st->title = 0;
}

/* ---------------------------------------------------------------------- */

/* What an element means here; the table below is sorted by name. */
enum tag {
	T_INLINE,	/* nothing: its text flows on */
	T_DROP,		/* never shown, nor anything inside */
	T_BLOCK,	/* starts and ends a paragraph */
	T_A, T_BOLD, T_ITALIC, T_CODE, T_UNDERLINE, T_BR, T_IMG,
	T_HEADING, T_UL, T_OL, T_LI, T_DD, T_QUOTE, T_PRE,
	T_TABLE, T_TR, T_TD, T_TH, T_HR,
};

static const struct tagdef {
	const char	*name;
	enum tag	 tag;
} tagdefs[] = {
	{ "a", T_A }, { "address", T_BLOCK }, { "applet", T_DROP },
	{ "area", T_DROP }, { "article", T_BLOCK }, { "aside", T_BLOCK },
	{ "audio", T_DROP }, { "b", T_BOLD }, { "base", T_DROP },
	{ "blockquote", T_QUOTE }, { "body", T_BLOCK }, { "br", T_BR },
	{ "button", T_DROP }, { "canvas", T_DROP }, { "caption", T_BLOCK },
	{ "center", T_BLOCK }, { "cite", T_ITALIC }, { "code", T_CODE },
	{ "datalist", T_DROP }, { "dd", T_DD }, { "details", T_BLOCK },
	{ "dfn", T_ITALIC }, { "dialog", T_BLOCK }, { "dir", T_UL },
	{ "div", T_BLOCK }, { "dl", T_BLOCK }, { "dt", T_BLOCK },
	{ "em", T_ITALIC }, { "embed", T_DROP }, { "fieldset", T_BLOCK },
	{ "figcaption", T_BLOCK }, { "figure", T_BLOCK },
	{ "footer", T_BLOCK }, { "form", T_BLOCK }, { "frame", T_DROP },
	{ "frameset", T_DROP }, { "h1", T_HEADING }, { "h2", T_HEADING },
	{ "h3", T_HEADING }, { "h4", T_HEADING }, { "h5", T_HEADING },
	{ "h6", T_HEADING }, { "head", T_DROP }, { "header", T_BLOCK },
	{ "hgroup", T_BLOCK }, { "hr", T_HR }, { "html", T_BLOCK },
	{ "i", T_ITALIC }, { "iframe", T_DROP }, { "img", T_IMG },
	{ "input", T_DROP }, { "kbd", T_CODE }, { "label", T_DROP },
	{ "legend", T_BLOCK }, { "li", T_LI }, { "link", T_DROP },
	{ "listing", T_PRE }, { "main", T_BLOCK }, { "map", T_DROP },
	{ "math", T_DROP }, { "menu", T_UL }, { "meta", T_DROP },
	{ "nav", T_BLOCK }, { "noembed", T_DROP }, { "noframes", T_DROP },
	{ "noscript", T_DROP }, { "object", T_DROP }, { "ol", T_OL },
	{ "optgroup", T_DROP }, { "option", T_DROP }, { "output", T_DROP },
	{ "p", T_BLOCK }, { "param", T_DROP }, { "plaintext", T_PRE },
	{ "pre", T_PRE }, { "samp", T_CODE }, { "script", T_DROP },
	{ "section", T_BLOCK }, { "select", T_DROP }, { "source", T_DROP },
	{ "strong", T_BOLD }, { "style", T_DROP }, { "summary", T_BLOCK },
	{ "svg", T_DROP }, { "table", T_TABLE }, { "td", T_TD },
	{ "template", T_DROP }, { "textarea", T_DROP }, { "th", T_TH },
	{ "title", T_DROP }, { "tr", T_TR }, { "track", T_DROP },
	{ "tt", T_CODE }, { "u", T_UNDERLINE }, { "ul", T_UL },
	{ "var", T_ITALIC }, { "video", T_DROP }, { "xmp", T_PRE },
};

/* What an element passes on to its content, and what it must undo. */
struct ctx {
	uint32_t	attr;		/* flags and link number for text */
	enum text_dir	dir;
	enum text_dir	bdir;		/* of the nearest block-level element */
	int		indent;		/* start-side cells */
	int		quote;
	int		list;		/* list depth */
	int		pre;		/* white space is kept */
	int		cell;		/* in a table cell: blocks are inline */
	int		layout;		/* in a table for layout, not data */
	size_t		listidx;	/* stack index of the innermost list */
	size_t		rowidx;		/* stack index of the table row */
	/* The element's own. */
	enum tag	tag;
	unsigned	link;		/* numbered link: mark it at the end */
	size_t		nblocks;	/* link: blocks before it */
	int		title;		/* it records the link's title */
	long		counter;	/* list: the next number */
	int		step;		/* list: +1, or -1 when reversed */
	int		marker_cols;	/* list: cells for the widest marker */
	int		ncells;		/* table row: cells so far */
};

struct walker {
	struct html_doc	*doc;
	const char	*base;
	int		 group;		/* a list or table just began */
	struct ctx	 ctx[HTML_MAX_DEPTH + 1];
};

static enum tag	tag_of(const xmlNode *);
static const char *attr_ref(const xmlNode *, const char *, char **);
static char	*attr_get(const xmlNode *, const char *);
static int	value_is(const char *, const char *);
static int	attr_is(const xmlNode *, const char *, const char *);
static int	style_hides(const char *);
static int	node_hidden(const xmlNode *);
static const xmlNode *node_next(const xmlNode *);
static char	*base_find(const xmlDoc *, const char *);
static int	has_scheme(const char *);
static int	table_is_layout(const xmlNode *);
static void	block_break(struct walker *);
static struct block *block_open(struct walker *, enum block_kind,
		    const struct ctx *);
static void	text_add(struct walker *, const struct ctx *, const char *,
		    uint32_t);
static void	enter_link(struct walker *, const xmlNode *, struct ctx *);
static void	enter_list(const xmlNode *, struct ctx *, size_t);
static void	enter_item(struct walker *, const xmlNode *, struct ctx *);
static void	enter_img(struct walker *, const xmlNode *, const struct ctx *);
static void	enter_cell(struct walker *, struct ctx *);
static int	enter(struct walker *, const xmlNode *, size_t);
static size_t	link_mark(char [16], unsigned);
static void	leave(struct walker *, size_t);
static void	walk(struct walker *, const xmlNode *, int);

/*
 * A binary search of the table that compares two bytes before calling
 * strcmp(): every element of the page is looked up, most of them more
 * than once.  The names in the table are not empty, so name has a second
 * byte when the first bytes are equal.
 */
static enum tag
tag_of(const xmlNode *n)
{
	const unsigned char	*name = n->name, *t;
	size_t			 lo = 0, hi = sizeof tagdefs / sizeof tagdefs[0];
	size_t			 mid;
	int			 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		t = (const unsigned char *)tagdefs[mid].name;
		c = (int)name[0] - t[0];
		if (c == 0)
			c = (int)name[1] - t[1];
		if (c == 0 && t[1] != '\0')
			c = strcmp((const char *)name + 2, (const char *)t + 2);
		if (c == 0)
			return tagdefs[mid].tag;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return T_INLINE;
}

/*
 * An attribute's value as xmlGetNoNsProp() gives it; NULL when absent.
 * The HTML parser makes a value one text node (none when it is empty),
 * which is lent as it is; a value of another shape is copied into *copy,
 * which the caller frees.
 */
static const char *
attr_ref(const xmlNode *n, const char *name, char **copy)
{
	const xmlAttr	*a;
	const xmlNode	*k;
	xmlChar		*v;

	*copy = NULL;
	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
			break;
	if (a == NULL)
		return NULL;
	if ((k = a->children) == NULL)
		return "";
	if (k->next == NULL && (k->type == XML_TEXT_NODE ||
	    k->type == XML_CDATA_SECTION_NODE) && k->content != NULL)
		return (const char *)k->content;
	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	*copy = xstrdup((char *)v);
	xmlFree(v);
	return *copy;
}

/* An attribute's value, which the caller frees; NULL when absent. */
static char *
attr_get(const xmlNode *n, const char *name)
{
	const char	*v;
	char		*copy;

	if ((v = attr_ref(n, name, &copy)) == NULL || copy != NULL)
		return copy;
	return xstrdup(v);
}

/* Whether a value, trimmed, equals another in any case. */
static int
value_is(const char *v, const char *value)
{
	const char	*e;

	while (isspace((unsigned char)*v))
		v++;
	for (e = v + strlen(v); e > v && isspace((unsigned char)e[-1]); e--)
		;
	return (size_t)(e - v) == strlen(value) &&
	    strncasecmp(v, value, (size_t)(e - v)) == 0;
}

/* Whether the attribute is there and, trimmed, equals value in any case. */
static int
attr_is(const xmlNode *n, const char *name, const char *value)
{
	const char	*v;
	char		*copy;
	int		 r;

	if ((v = attr_ref(n, name, &copy)) == NULL)
		return 0;
	r = value_is(v, value);
	free(copy);
	return r;
}

/* Whether an inline style says display: none or visibility: hidden. */
static int
style_hides(const char *style)
{
	char	*s, *p;
	size_t	 n = 0;
	int	 r;

	s = xmalloc(strlen(style) + 2);
	s[n++] = ';';
	for (; *style != '\0'; style++) {
		if (!isspace((unsigned char)*style))
			s[n++] = (char)tolower((unsigned char)*style);
	}
	s[n] = '\0';
	r = 0;
	for (p = s; (p = strchr(p, ';')) != NULL; p++) {
		if (strncmp(p + 1, "display:none", 12) == 0 ||
		    strncmp(p + 1, "visibility:hidden", 17) == 0)
			r = 1;
	}
	free(s);
	return r;
}

/* The hidden attribute, aria-hidden="true" or a hiding inline style. */
static int
node_hidden(const xmlNode *n)
{
	const char	*style;
	char		*copy;
	int		 r;

	if (n->properties == NULL)
		return 0;
	if (xmlHasProp(n, (const xmlChar *)"hidden") != NULL ||
	    attr_is(n, "aria-hidden", "true"))
		return 1;
	if ((style = attr_ref(n, "style", &copy)) == NULL)
		return 0;
	r = style_hides(style);
	free(copy);
	return r;
}

/* The next node in document order, without recursion. */
static const xmlNode *
node_next(const xmlNode *n)
{
	if (n->children != NULL && n->type == XML_ELEMENT_NODE)
		return n->children;
	while (n != NULL && n->next == NULL)
		n = n->parent;
	return n != NULL ? n->next : NULL;
}

/*
 * The document's base URL: the first <base href>, resolved against the
 * caller's, or else the caller's.  The caller frees it.
 */
static char *
base_find(const xmlDoc *xd, const char *base)
{
	const xmlNode	*n;
	char		*href, *url;

	for (n = xd->children; n != NULL; n = node_next(n)) {
		if (n->type != XML_ELEMENT_NODE || n->name[0] != 'b' ||
		    strcmp((const char *)n->name, "base") != 0 ||
		    (href = attr_get(n, "href")) == NULL)
			continue;
		url = url_resolve(base, href);
		free(href);
		if (url != NULL && url_is_safe_scheme(url))
			return url;
		free(url);
		break;
	}
	return base != NULL ? xstrdup(base) : NULL;
}

/* Whether a URL starts with a scheme (a relative one does not). */
static int
has_scheme(const char *url)
{
	size_t	i;

	if (!isalpha((unsigned char)url[0]))
		return 0;
	for (i = 1; url[i] != '\0' && url[i] != ':'; i++) {
		if (!isalnum((unsigned char)url[i]) &&
		    strchr("+-.", url[i]) == NULL)
			return 0;
	}
	return url[i] == ':';
}

/*
 * Whether a table holds paragraphs, lists or tables rather than data:
 * old pages lay whole articles out in tables, and flattening those into
 * rows would run every paragraph together.  A huge table counts as layout.
 */
static int
table_is_layout(const xmlNode *table)
{
	const xmlNode	*n = table->children;
	size_t		 seen = 0;

	while (n != NULL && n != table) {
		if (++seen > 5000)
			return 1;
		if (n->type == XML_ELEMENT_NODE) {
			switch (tag_of(n)) {
			case T_BLOCK:
				if (strcmp((const char *)n->name,
				    "caption") != 0)
					return 1;
				break;
			case T_HEADING:
			case T_UL:
			case T_OL:
			case T_QUOTE:
			case T_PRE:
			case T_TABLE:
			case T_HR:
				return 1;
			default:
				break;
			}
		}
		if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n != table && n->next == NULL)
			n = n->parent;
		if (n != table)
			n = n->next;
	}
	return 0;
}

/*
 * End the open block at a block boundary, unless it is a list item's
 * marker still waiting for its text (<li><p>...).
 */
static void
block_break(struct walker *w)
{
	struct block	*cur = html_doc_current(w->doc);

	if (cur != NULL && cur->len == 0 && cur->marker[0] != '\0')
		return;
	html_doc_end(w->doc);
}

/*
 * Start a block as the context says.  A list item's marker waits in an
 * empty block for its first paragraph: a <p> right inside the <li> takes
 * the marker over instead of leaving it on a line of its own.
 */
static struct block *
block_open(struct walker *w, enum block_kind kind, const struct ctx *c)
{
	struct block		 proto, *cur;
	const struct block	*prev;
	size_t			 np;

	memset(&proto, 0, sizeof proto);
	proto.dir = c->bdir;
	proto.indent = c->indent;
	proto.quote = c->quote;
	proto.list = c->list;
	cur = html_doc_current(w->doc);
	if (cur != NULL && cur->len == 0 && cur->marker[0] != '\0' &&
	    kind != BLOCK_RULE) {
		memcpy(proto.marker, cur->marker, sizeof proto.marker);
		proto.marker_cols = cur->marker_cols;
		proto.indent = cur->indent;
		if (kind == BLOCK_PARA)
			kind = BLOCK_LIST_ITEM;
	}
	/*
	 * Items of one list, and rows of one table, go without a gap.  An
	 * empty block is about to be dropped: look past it, and if it began
	 * a list, this one does.
	 */
	np = w->doc->nblocks;
	if (cur != NULL && cur->len == 0 && cur->kind != BLOCK_RULE) {
		np--;
		if (!cur->tight && (cur->kind == BLOCK_LIST_ITEM ||
		    cur->kind == BLOCK_TABLE_ROW))
			w->group = 1;
	}
	if (np > 0 && !w->group) {
		prev = &w->doc->blocks[np - 1];
		if (kind == BLOCK_LIST_ITEM && prev->list > 0)
			proto.tight = 1;
		if (kind == BLOCK_TABLE_ROW && prev->kind == BLOCK_TABLE_ROW)
			proto.tight = 1;
	}
	if (kind == BLOCK_LIST_ITEM || kind == BLOCK_TABLE_ROW)
		w->group = 0;
	return html_doc_begin(w->doc, kind, &proto);
}

/* Text from the page: a paragraph of its own when no block is open. */
static void
text_add(struct walker *w, const struct ctx *c, const char *s, uint32_t a)
{
	size_t	n = strlen(s);
	size_t	i;

	if (html_doc_current(w->doc) == NULL) {
		/* White space between blocks makes no paragraph. */
		for (i = 0; i < n && is_space(s[i]); i++)
			;
		if (i == n)
			return;
		if (block_open(w, c->pre ? BLOCK_PRE : BLOCK_PARA, c) == NULL)
			return;
	}
	html_doc_text(w->doc, s, n, a, c->pre ? HTML_TEXT_PRE : 0);
}

/*
 * A link gets a number when it leads somewhere: not to a place in the same
 * page, and not to a script.  Its text keeps the number in its attributes.
 */
static void
enter_link(struct walker *w, const xmlNode *n, struct ctx *c)
{
	const char	*href, *s;
	char		*copy, *url;
	unsigned	 num;

	if ((href = attr_ref(n, "href", &copy)) == NULL)
		return;
	for (s = href; isspace((unsigned char)*s); s++)
		;
	if (*s == '\0' || *s == '#') {
		free(copy);
		return;
	}
	url = url_resolve(w->base, s);
	free(copy);
	if (url == NULL || *url == '\0' ||
	    (has_scheme(url) && !url_is_safe_scheme(url))) {
		free(url);
		return;
	}
	num = html_doc_link(w->doc, url);
	free(url);
	if (num == 0)
		return;
	c->link = num;
	c->nblocks = w->doc->nblocks;
	c->attr = TEXT_WITH_LINK(c->attr, num);
	c->title = html_doc_title_begin(w->doc, num);
}

/* A list: its depth, its first number and the width of its markers. */
static void
enter_list(const xmlNode *n, struct ctx *c, size_t idx)
{
	const xmlNode	*k;
	char		*v, buf[32];
	long		 count = 0, last;

	c->list++;
	c->listidx = idx;
	c->counter = 1;
	c->step = 1;
	c->marker_cols = 2;
	if (c->tag != T_OL)
		return;
	for (k = n->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)k->name, "li") == 0)
			count++;
	if (xmlHasProp(n, (const xmlChar *)"reversed") != NULL) {
		c->step = -1;
		c->counter = count;
	}
	if ((v = attr_get(n, "start")) != NULL) {
		c->counter = strtol(v, NULL, 10);
		free(v);
	}
	if (c->counter > 999999999L || c->counter < -999999999L)
		c->counter = 1;
	last = c->counter + c->step * (count > 0 ? count - 1 : 0);
	snprintf(buf, sizeof buf, "%ld.",
	    labs(last) > labs(c->counter) ? last : c->counter);
	c->marker_cols = (int)strlen(buf) + 1;
}

/* A list item: its marker waits in a block of its own until text comes. */
static void
enter_item(struct walker *w, const xmlNode *n, struct ctx *c)
{
	static const char	*bullets[] = { "•", "◦", "▪" };
	const char		*bullet;
	struct ctx		*l = NULL;
	struct block		*b;
	char			*v;
	int			 depth;

	if (c->listidx > 0)
		l = &w->ctx[c->listidx];
	if (c->pre || c->cell)
		return;
	if ((b = block_open(w, BLOCK_LIST_ITEM, c)) == NULL)
		return;
	/* block_open() may have taken over an empty item's marker. */
	b->marker[0] = '\0';
	b->indent = c->indent;
	if (l != NULL && l->tag == T_OL) {
		if ((v = attr_get(n, "value")) != NULL) {
			l->counter = strtol(v, NULL, 10);
			if (l->counter > 999999999L || l->counter < -999999999L)
				l->counter = 0;
			free(v);
		}
		snprintf(b->marker, sizeof b->marker, "%ld.", l->counter);
		b->marker_cols = l->marker_cols;
		if ((int)strlen(b->marker) + 1 > b->marker_cols)
			b->marker_cols = (int)strlen(b->marker) + 1;
		l->counter += l->step;
	} else {
		depth = c->list > 0 ? c->list - 1 : 0;
		bullet = bullets[depth > 2 ? 2 : depth];
		memcpy(b->marker, bullet, strlen(bullet) + 1);
		b->marker_cols = 2;
	}
	if (c->list == 0)
		b->list = 1;
	c->indent += b->marker_cols;
}

/*
 * An image shows as [image: alt].  alt="" marks a decoration, and a 1x1
 * image is a tracking pixel: neither shows.
 */
static void
enter_img(struct walker *w, const xmlNode *n, const struct ctx *c)
{
	char	*alt;

	if (attr_is(n, "width", "0") || attr_is(n, "width", "1") ||
	    attr_is(n, "height", "0") || attr_is(n, "height", "1"))
		return;
	alt = attr_get(n, "alt");
	/* Only white space is as good as alt="". */
	if (alt != NULL && strspn(alt, " \t\n\r\f") == strlen(alt)) {
		free(alt);
		return;
	}
	if (alt == NULL)
		text_add(w, c, c->pre ? "[image]" : " [image] ", c->attr);
	else {
		text_add(w, c, c->pre ? "[image: " : " [image: ", c->attr);
		text_add(w, c, alt, c->attr);
		text_add(w, c, c->pre ? "]" : "] ", c->attr);
	}
	free(alt);
}

/* A table cell: cells after the first are set off by " | ". */
static void
enter_cell(struct walker *w, struct ctx *c)
{
	struct ctx	*row = c->rowidx > 0 ? &w->ctx[c->rowidx] : NULL;

	if (row != NULL && row->ncells++ > 0 && !c->cell)
		text_add(w, c, " | ", c->attr & ~0xFFFF0000U);
	else if (html_doc_current(w->doc) != NULL)
		html_doc_text(w->doc, " ", 1, c->attr & ~0xFFFF0000U, 0);
	if (c->tag == T_TH)
		c->attr |= TEXT_BOLD;
	c->cell = 1;
}

/*
 * Enter element n at depth d (the root element is 1).  Returns 0 when its
 * content must be skipped, 1 when the walk goes in and calls leave().
 */
static int
enter(struct walker *w, const xmlNode *n, size_t d)
{
	struct ctx	*c;
	enum tag	 t = tag_of(n);
	const char	*v;
	char		*copy;
	int		 inl;

	if (t == T_DROP || node_hidden(n))
		return 0;
	if (d > HTML_MAX_DEPTH)
		return 1;
	c = &w->ctx[d];
	*c = w->ctx[d - 1];
	c->tag = t;
	c->link = 0;
	c->title = 0;
	if (n->properties != NULL &&
	    (v = attr_ref(n, "dir", &copy)) != NULL) {
		if (value_is(v, "rtl"))
			c->dir = TEXT_DIR_RTL;
		else if (value_is(v, "ltr"))
			c->dir = TEXT_DIR_LTR;
		else if (value_is(v, "auto"))
			c->dir = TEXT_DIR_AUTO;
		free(copy);
	}
	/* A paragraph takes its direction from a block, not from a span. */
	if (t != T_INLINE && t != T_A && t != T_BOLD && t != T_ITALIC &&
	    t != T_CODE && t != T_UNDERLINE && t != T_BR && t != T_IMG)
		c->bdir = c->dir;
	/* Inside pre and table cells, structure is flattened into the text. */
	inl = c->pre || c->cell;
	switch (t) {
	case T_INLINE:
	case T_DROP:
		break;
	case T_A:
		enter_link(w, n, c);
		break;
	case T_BOLD:
		c->attr |= TEXT_BOLD;
		break;
	case T_ITALIC:
		c->attr |= TEXT_ITALIC;
		break;
	case T_CODE:
		c->attr |= TEXT_CODE;
		break;
	case T_UNDERLINE:
		c->attr |= TEXT_UNDERLINE;
		break;
	case T_BR:
		if (c->pre)
			text_add(w, c, "\n", c->attr);
		else if (c->cell)
			html_doc_text(w->doc, " ", 1, c->attr, 0);
		else
			html_doc_break(w->doc);
		break;
	case T_IMG:
		enter_img(w, n, c);
		break;
	case T_HR:
		if (!inl) {
			block_open(w, BLOCK_RULE, c);
			html_doc_end(w->doc);
		}
		break;
	case T_UL:
	case T_OL:
		if (!inl) {
			html_doc_end(w->doc);
			enter_list(n, c, d);
			if (c->list == 1)
				w->group = 1;
		}
		break;
	case T_LI:
		enter_item(w, n, c);
		break;
	case T_DD:
		if (!inl) {
			block_break(w);
			c->indent += 4;
		}
		break;
	case T_QUOTE:
		if (!inl) {
			block_break(w);
			c->quote++;
		}
		c->attr |= TEXT_QUOTE;
		break;
	case T_PRE:
		if (!inl) {
			if (block_open(w, BLOCK_PRE, c) != NULL)
				c->pre = 1;
		}
		c->attr |= TEXT_CODE;
		break;
	case T_HEADING:
		if (!inl) {
			struct block	*b;

			if ((b = block_open(w, BLOCK_HEADING, c)) != NULL)
				b->level = n->name[1] - '0';
		}
		c->attr |= TEXT_HEADING;
		break;
	case T_TABLE:
		c->layout = !inl && table_is_layout(n);
		if (!inl)
			w->group = 1;
		/* FALLTHROUGH */
	case T_BLOCK:
		if (!inl)
			block_break(w);
		else if (c->cell)
			html_doc_text(w->doc, " ", 1, c->attr, 0);
		break;
	case T_TR:
		if (c->layout) {
			c->tag = T_BLOCK;
			block_break(w);
		} else if (!inl) {
			block_open(w, BLOCK_TABLE_ROW, c);
			c->rowidx = d;
			c->ncells = 0;
		}
		break;
	case T_TD:
	case T_TH:
		if (c->layout) {
			c->tag = T_BLOCK;
			block_break(w);
		} else
			enter_cell(w, c);
		break;
	}
	return 1;
}

/* Write "[n]" for link n into mark; returns its length. */
static size_t
link_mark(char mark[16], unsigned n)
{
	char	digits[12];
	size_t	nd = 0, len = 0;

	do
		digits[nd++] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	mark[len++] = '[';
	while (nd > 0)
		mark[len++] = digits[--nd];
	mark[len++] = ']';
	mark[len] = '\0';
	return len;
}

/* Leave the element at depth d: mark its link, end its block. */
static void
leave(struct walker *w, size_t d)
{
	struct ctx	*c, *up;
	char		 mark[16];
	int		 inl;

	if (d > HTML_MAX_DEPTH)
		return;
	c = &w->ctx[d];
	up = &w->ctx[d - 1];
	if (c->link != 0) {
		if (c->title)
			html_doc_title_end(w->doc);
		/*
		 * A link around blocks (a heading and a summary) is marked
		 * at the end of its last block.
		 */
		if (html_doc_current(w->doc) == NULL &&
		    (w->doc->nblocks <= c->nblocks ||
		    w->doc->blocks[w->doc->nblocks - 1].kind == BLOCK_RULE ||
		    html_doc_reopen(w->doc) == NULL))
			block_open(w, up->pre ? BLOCK_PRE : BLOCK_PARA, up);
		html_doc_text(w->doc, mark, link_mark(mark, c->link), c->attr,
		    HTML_TEXT_GLUE);
	}
	inl = up->pre || up->cell;
	switch (c->tag) {
	case T_BLOCK:
	case T_TABLE:
	case T_TR:
	case T_HEADING:
	case T_PRE:
	case T_UL:
	case T_OL:
	case T_LI:
	case T_DD:
	case T_QUOTE:
		if (!inl)
			block_break(w);
		else if (up->cell)
			html_doc_text(w->doc, " ", 1, up->attr, 0);
		break;
	default:
		break;
	}
}

/*
 * Walk the tree in document order from n, with no recursion: n and the
 * nodes after it, or with one set, n and its content only.
 */
static void
walk(struct walker *w, const xmlNode *n, int one)
{
	size_t	 d = 0;		/* depth of n's parent */
	int	 in;

	while (n != NULL) {
		in = 0;
		if (n->type == XML_ELEMENT_NODE)
			in = enter(w, n, d + 1);
		else if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			const struct ctx *c = &w->ctx[d < HTML_MAX_DEPTH ? d :
			    HTML_MAX_DEPTH];

			if (n->content != NULL)
				text_add(w, c, (const char *)n->content,
				    c->attr);
		}
		if (in && n->children != NULL) {
			n = n->children;
			d++;
			continue;
		}
		if (in)
			leave(w, d + 1);
		if (d == 0 && one)
			return;
		while (n->next == NULL) {
			n = n->parent;
			if (d == 0 || n == NULL)
				return;
			d--;
			leave(w, d + 1);
		}
		n = n->next;
	}
}

/*
 * The charset a <meta> declares near the start of the page, into out (the
 * HTML prescan looks only at the first 1024 bytes: look a little further).
 */
int
html_meta_charset(const char *buf, size_t len, char *out, size_t outlen)
{
	const char	*p, *e, *end = buf + (len < 8192 ? len : 8192);
	size_t		 n;

	for (p = buf; p + 5 < end; p++) {
		if (*p != '<' || strncasecmp(p + 1, "meta", 4) != 0)
			continue;
		for (p += 5; p + 8 < end && *p != '>'; p++) {
			if (strncasecmp(p, "charset", 7) != 0)
				continue;
			p += 7;
			while (p < end && (*p == ' ' || *p == '='))
				p++;
			while (p < end && (*p == '"' || *p == '\''))
				p++;
			for (e = p; e < end && (isalnum((unsigned char)*e) ||
			    strchr("-_.:", *e) != NULL); e++)
				;
			n = (size_t)(e - p);
			if (n == 0 || n >= outlen)
				return 0;
			memcpy(out, p, n);
			out[n] = '\0';
			return 1;
		}
	}
	return 0;
}

/*
 * The charset to read a page in when the caller names none: UTF-8 unless
 * a <meta> names one iconv knows (then html_read() converts it), NULL for
 * a UTF-16 byte order mark or a charset only libxml2 may know (it reads
 * the page itself then).  Without a declaration libxml2 would take the
 * page for Latin-1.
 */
static const char *
page_charset(const char *buf, size_t len, char *cs, size_t cslen)
{
	iconv_t	cd;

	if (len >= 2 && (((unsigned char)buf[0] == 0xFE &&
	    (unsigned char)buf[1] == 0xFF) || ((unsigned char)buf[0] == 0xFF &&
	    (unsigned char)buf[1] == 0xFE)))
		return NULL;
	if (!html_meta_charset(buf, len, cs, cslen))
		return "UTF-8";
	if ((cd = iconv_open("UTF-8", cs)) == (iconv_t)-1)
		return NULL;
	iconv_close(cd);
	return cs;
}

/* libxml2's messages (a bad byte for the charset) are not for people. */
static void
html_quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/*
 * Convert len bytes of buf from charset to UTF-8 into out, a byte the
 * charset lacks becoming U+FFFD: libxml2's own conversion stops at the
 * first one and drops the rest of the page (ISO-8859-6 leaves 0x80-0x9F
 * and more unassigned).  -1 when iconv does not know the charset.
 */
static int
html_to_utf8(const char *charset, const char *buf, size_t len,
    struct buf *out)
{
	iconv_t	 cd;
	char	*src = (char *)buf, *dst;
	size_t	 left = len, room;

	if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return -1;
	while (left > 0) {
		buf_grow(out, left * 4 + 16);
		dst = out->data + out->len;
		room = out->cap - out->len - 1;
		if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1 &&
		    errno != E2BIG) {
			/* EILSEQ, or a sequence cut by the end. */
			out->len = (size_t)(dst - out->data);
			buf_add(out, "\xef\xbf\xbd", 3);
			src++;
			left--;
			continue;
		}
		out->len = (size_t)(dst - out->data);
	}
	out->data[out->len] = '\0';
	iconv_close(cd);
	return 0;
}

xmlDocPtr
html_read(const char *buf, size_t len, const char *charset)
{
	htmlParserCtxtPtr	 pc;
	xmlDocPtr		 xd;
	xmlGenericErrorFunc	 oldf = xmlGenericError;
	void			*oldc = xmlGenericErrorContext;
	struct buf		 utf = { 0 };
	int			 opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
				    HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
				    XML_PARSE_HUGE;

	/* A charset of ours is read here, the page's <meta> then ignored. */
	if (charset != NULL && strcasecmp(charset, "UTF-8") != 0 &&
	    html_to_utf8(charset, buf, len, &utf) == 0) {
		buf = utf.len > 0 ? utf.data : " ";
		len = utf.len > 0 ? utf.len : 1;
		charset = "UTF-8";
		opts |= HTML_PARSE_IGNORE_ENC;
	}
	if ((pc = htmlNewParserCtxt()) == NULL) {
		buf_free(&utf);
		return NULL;
	}
	xmlSetGenericErrorFunc(NULL, html_quiet);
	xd = htmlCtxtReadMemory(pc, buf, (int)len, NULL, charset, opts);
	xmlSetGenericErrorFunc(oldc, oldf);
	htmlFreeParserCtxt(pc);
	buf_free(&utf);
	return xd;
}

/* Parse HTML into blocks and links. */
struct html_doc *
html_parse(const char *buf, size_t len, const char *base_url,
    const char *charset_hint)
{
	char			 cs[64];
	xmlDocPtr		 xd;
	struct walker		*w;
	struct html_doc		*doc;
	char			*base;

	if (len == 0)
		return html_doc_new();
	if (len > 0x7FFFFFFF)
		return NULL;
	if (charset_hint == NULL)
		charset_hint = page_charset(buf, len, cs, sizeof cs);
	else {
		xmlCharEncodingHandlerPtr	h;

		/* libxml2 would quietly read the page as something else. */
		if ((h = xmlFindCharEncodingHandler(charset_hint)) == NULL)
			return NULL;
		xmlCharEncCloseFunc(h);
	}
	if ((xd = html_read(buf, len, charset_hint)) == NULL)
		return NULL;
	doc = html_doc_new();
	w = xcalloc(1, sizeof *w);
	w->doc = doc;
	base = base_find(xd, base_url);
	w->base = base;
	walk(w, xd->children, 0);
	html_doc_end(doc);
	free(base);
	free(w);
	xmlFreeDoc(xd);
	return doc;
}

/*
 * One element of a tree and what it holds, as html_parse() would read the
 * same element written out as HTML: extract.c's article, without a trip
 * through HTML text and libxml2's parser again.
 */
struct html_doc *
html_walk_node(const xmlNode *n, const char *base_url)
{
	struct walker	*w;
	struct html_doc	*doc;

	doc = html_doc_new();
	w = xcalloc(1, sizeof *w);
	w->doc = doc;
	w->base = base_url;
	walk(w, n, 1);
	html_doc_end(doc);
	free(w);
	return doc;
}
