/* khabar - ISC licence, see LICENSE. */
/*
 * The article in a web page.  The page is parsed once by libxml2 and the
 * tree is worked on in place, in passes that never recurse (a page may nest
 * a million elements):
 *
 *  1. metadata: <html lang/dir>, <title>, <meta> (OpenGraph, article:,
 *     author, dates) and schema.org JSON-LD, read in the same walk that
 *     drops what never shows (scripts, hidden elements) and counts the
 *     text of what is left;
 *  2. related links: lists announced by a label ("اقرأ أيضاً", "Related")
 *     or a class ("related", "read-also"), and inline "اقرأ أيضا: <a>"
 *     paragraphs, are read into ex->related and cut out of the tree, as are
 *     "most read" lists and the like, which are not related links;
 *  3. the grab, in the manner of Mozilla's Readability: unlikely containers
 *     go, divs that hold only running text become paragraphs, each
 *     paragraph scores its ancestors by its length and commas, the class
 *     and id of a container weigh in, link density takes its share away,
 *     and the best container with its worthy siblings is the article;
 *  4. cleaning of the article: forms, link farms, share bars, empty parts.
 *
 * Every element carries a struct nfo in its _private pointer (from a pool
 * freed with the tree): its score and the counts of its text.  The counts
 * are taken once for the whole page; a pass that cuts or changes elements
 * marks their ancestors dirty, and only those are counted again, which
 * gives the same counts as counting everything again.  The article's
 * element is walked by HTML-to-text's own walker (html_walk_node()), so
 * its blocks and links are those html_parse() gives.  When the article
 * comes out short the grab is tried again on a fresh tree with fewer
 * rules, and the longest result wins.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>

#include "feed/date.h"
#include "feed/url.h"
#include "html/extract.h"
#include "html/read.h"
#include "html/text.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/* Rules of the grab, dropped one by one when the article comes out short. */
#define XF_STRIP	0x1	/* remove unlikely containers */
#define XF_WEIGHT	0x2	/* class and id names weigh in */
#define XF_CLEAN	0x4	/* clean link farms out of the article */
#define XF_ALL		(XF_STRIP | XF_WEIGHT | XF_CLEAN)

#define MIN_CHARS	500	/* an article shorter than this is retried */
#define NTOP		5	/* top candidates kept */
#define LABEL_MAX	160	/* bytes of a label's text */
#define POOL_CHUNK	1024

struct nfo {
	double	score;
	int	scored;		/* a candidate, its score initialised */
	int	blockdesc;	/* holds a block that stops div -> p */
	size_t	tlen;		/* characters of text, spaces collapsed */
	double	llen;		/* of which in links (same-page ones 0.3) */
	size_t	commas;
	int	alts;		/* top candidates that have it as ancestor */
	int	datatable;	/* a table of data, not of layout */
	int	up;		/* UP_* flags: what its ancestors are */
	/* Kept small: a pool chunk of these stays below malloc's mmap size. */
	unsigned char dirty;	/* its counts must be taken again */
	unsigned char known;	/* (1 << L_NLISTS) - 1: lists looked up */
	unsigned char in;	/* the lists (1 << L_*) its name is in */
	/* Counts of elements below, for cleaning. */
	size_t	np, nimg, nli, ninput, nembed, htext, listtext, ndata;
};

#define UP_TABLE	0x1
#define UP_CODE		0x2
#define UP_FIGURE	0x4
#define UP_LIST		0x8
#define UP_DATA		0x10	/* a table of data */

/* Node steps spent on keeping counts right after a removal, at most. */
#define FIX_BUDGET	2000000

struct pool {
	struct nfo	**chunks;
	size_t		  nchunks;
	size_t		  used;		/* in the last chunk */
};

struct meta {
	char	*title;		/* og:title, JSON-LD headline */
	char	*doctitle;	/* <title> */
	char	*byline;
	char	*date;
	char	*lang;
	char	*dir;
	char	*body;		/* JSON-LD articleBody */
};

/* The lists[] of element names, by number. */
enum {
	L_DROP,		/* tags_drop */
	L_SCORE,	/* tags_score */
	L_DIVBLOCK,	/* tags_divblock */
	L_NLISTS
};
#define LIST_NAMES	64	/* more than all the lists[] hold */

/* One attempt at the grab, on its own tree. */
struct xt {
	xmlDocPtr	  xd;
	xmlNodePtr	  body;
	char		 *base;
	char		 *page;		/* the page's URL without fragment */
	int		  flags;
	struct pool	  pool;
	struct meta	 *meta;
	const char	 *title;	/* to recognise the title heading */
	int		  byline_done;
	char		 *byline;
	struct extract	 *ex;		/* related links go here */
	xmlNodePtr	 *cands;	/* nodes to score */
	size_t		  ncands, capcands;
	struct buf	  tmp;
	size_t		  budget;	/* node visits left for link lists */
	/* lists[]' names by first letter & 31, from list_index(). */
	int		  lready;
	const char	 *lnames[LIST_NAMES];
	unsigned char	  lbits[LIST_NAMES];	/* 1 << L_* */
	unsigned char	  lstart[33];		/* where each letter starts */
};

/* What an attempt gives. */
struct grab {
	struct html_doc	*doc;		/* the article's blocks */
	size_t		 chars;		/* its text */
	char		*dir;
	char		*lang;
};

static const char *const tags_drop[] = {
	"script", "style", "noscript", "template", "head", "svg", "math",
	"iframe", "object", "embed", "canvas", "select", "textarea",
	"button", "input", "link", "meta", NULL
};

static const char *const tags_score[] = {
	"section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL
};

static const char *const tags_divblock[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
	"section", "article", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
	NULL
};

static const char *const tags_phrasing[] = {
	"abbr", "audio", "b", "bdi", "bdo", "br", "cite", "code", "data",
	"dfn", "em", "font", "i", "img", "kbd", "label", "mark", "q", "ruby",
	"s", "samp", "small", "span", "strike", "strong", "sub", "sup",
	"time", "tt", "u", "var", "wbr", NULL
};

/*
 * The lists of names that every element is looked up in, pass after
 * pass: what in_list() found is kept with the element.
 */
static const char *const *const lists[L_NLISTS] = {
	tags_drop, tags_score, tags_divblock
};

/*
 * Words in class and id names.  "=x" matches a whole word only (so "ad"
 * is not found in "head"), others anywhere.
 */
static const char *const hint_unlikely[] = {
	"-ad-", "=ad", "=ads", "advert", "ai2html", "banner", "breadcrumb",
	"combx", "comment", "community", "cover-wrap", "disqus", "extra",
	"footer", "gdpr", "header", "legends", "menu", "related", "remark",
	"replies", "rss", "shoutbox", "sidebar", "skyscraper", "social",
	"sponsor", "supplemental", "ad-break", "agegate", "pagination",
	"pager", "popup", "yom-remote", "cookie", "consent", "newsletter",
	"subscribe", "most-read", "mostread", "most_read", "popular",
	"trending", "=nav", "navbar", "navigation", "outbrain", "taboola",
	"read-also", "readalso", "read_also", NULL
};

static const char *const hint_maybe[] = {
	"and", "article", "body", "column", "content", "main", "shadow", NULL
};

static const char *const hint_positive[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "post", "text", "blog", "story", "detail", NULL
};

static const char *const hint_negative[] = {
	"-ad-", "=ad", "=ads", "advert", "=hidden", "=hid", "banner",
	"combx", "comment", "com-", "contact", "footer", "gdpr", "masthead",
	"media", "meta", "outbrain", "taboola", "promo", "related", "scroll",
	"share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping",
	"tags", "widget", "cookie", "newsletter", "subscribe", "popular",
	"most-read", "mostread", "trending", "social", "=nav", "menu", NULL
};

static const char *const hint_related[] = {
	"related", "read-also", "readalso", "read_also", "also-read",
	"alsoread", "similar", "more-news", "morenews", "more_news",
	"see-also", "seealso", "more-stories", "more-on", NULL
};

static const char *const hint_not_related[] = {
	"most", "popular", "trend", "=tag", "tags", "=nav", "navbar", "menu",
	"share", "social", "comment", NULL
};

static const char *const hint_byline[] = {
	"byline", "author", "dateline", "writtenby", "p-author", NULL
};

/* Labels, as normalize_fold() and label_clean() leave them. */
static const char *const label_related[] = {
	"اقرا ايضا", "اقرا كذلك", "اقرا المزيد", "اقرا ايضا علي",
	"مقالات مشابهه", "مقالات ذات صله", "اخبار ذات صله", "مواضيع ذات صله",
	"موضوعات ذات صله", "مواد ذات صله", "اخبار مشابهه", "مواضيع مشابهه",
	"مقالات اخري", "اخبار اخري", "المزيد", "شاهد ايضا", "قد يهمك",
	"قد يعجبك", "ذات صله", "read also", "also read", "read more",
	"related", "related articles", "related stories", "related news",
	"related content", "related posts", "more on this story",
	"you may also like", "you might also like", "similar articles",
	"see also", "more stories", NULL
};

static const char *const label_other[] = {
	"الاكثر قراءه", "الاكثر مشاهده", "الاكثر تداولا", "الاكثر شعبيه",
	"الاكثر تعليقا", "الاكثر قراءه اليوم", "الاكثر تصفحا", "الاكثر زياره", "الاكثر شيوعا", "التعليقات",
	"تعليقات", "اضف تعليق", "اضف تعليقا", "شارك", "شارك المقال",
	"شارك الخبر", "تابعنا", "تابعونا", "most read", "most popular",
	"most viewed", "most shared", "trending", "trending now", "popular",
	"comments", "share this", "share this article", "follow us", NULL
};

static const char *const ad_words[] = {
	"ad", "advertisement", "advertising", "إعلان", "اعلان", "loading",
	"loading...", NULL
};

static int	 name_eq(const char *, const char *);
static int	 name_is(const xmlNode *, const char *);
static int	 name_in(const xmlNode *, const char *const *);
static int	 in_list(struct xt *, xmlNodePtr, int);
static const char *attr_raw(const xmlNode *, const char *);
static const char *attr_text(const xmlAttr *);
static xmlNodePtr skip_node(xmlNodePtr, xmlNodePtr);
static xmlNodePtr next_node(xmlNodePtr, xmlNodePtr);
static void	 node_drop(xmlNodePtr);
static struct nfo *nfo(struct xt *, xmlNodePtr);
static void	 pool_free(struct pool *);
static size_t	 text_chars(const char *, size_t *);
static void	 count_child(struct nfo *, const xmlNode *,
		    const struct nfo *);
static void	 measure_node(struct xt *, xmlNodePtr);
static void	 measure(struct xt *, xmlNodePtr);
static void	 dirty(struct xt *, xmlNodePtr);
static int	 is_dirty(const xmlNode *);
static void	 remeasure(struct xt *, xmlNodePtr);
static void	 drop(struct xt *, xmlNodePtr);
static int	 is_space(char);
static void	 text_collect(xmlNodePtr, struct buf *, size_t);
static int	 hint_match(const char *, const char *const *);
static const char *hints_of(struct xt *, const xmlNode *);
static int	 class_weight(struct xt *, const xmlNode *);
static int	 is_hidden(const xmlNode *);
static double	 link_density(struct xt *, xmlNodePtr);

/* ---------------------------------------------------------------------- */
/* Tree helpers. */

/*
 * Names are compared two bytes before strcmp(): the passes ask of every
 * element whether it is one of a dozen names, and most differ at once
 * ("li" and "link", "span" and "script").  name is not empty, so s has a
 * second byte when the first bytes are equal.
 */
static int
name_eq(const char *s, const char *name)
{
	return s[0] == name[0] && s[1] == name[1] &&
	    (name[1] == '\0' || strcmp(s + 2, name + 2) == 0);
}

static int
name_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    name_eq((const char *)n->name, name);
}

static int
name_in(const xmlNode *n, const char *const *names)
{
	const char	*s;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return 0;
	s = (const char *)n->name;
	for (; *names != NULL; names++)
		if (name_eq(s, *names))
			return 1;
	return 0;
}

/*
 * Put the names of all the lists[] in order of their first letter & 31,
 * each with its list, for in_list() to look among the few that start as
 * a name does.
 */
static void
list_index(struct xt *x)
{
	const char *const	*p;
	unsigned char		 at[33];
	int			 l, c;

	memset(x->lstart, 0, sizeof x->lstart);
	for (l = 0; l < L_NLISTS; l++)
		for (p = lists[l]; *p != NULL; p++)
			x->lstart[((*p)[0] & 31) + 1]++;
	for (c = 1; c <= 32; c++)
		x->lstart[c] += x->lstart[c - 1];
	memcpy(at, x->lstart, sizeof at);
	for (l = 0; l < L_NLISTS; l++) {
		for (p = lists[l]; *p != NULL; p++) {
			if ((c = at[(*p)[0] & 31]++) >= LIST_NAMES)
				continue;
			x->lnames[c] = *p;
			x->lbits[c] = (unsigned char)(1U << l);
		}
	}
	x->lready = 1;
}

/*
 * Whether an element's name is in one of the lists[]: the first time,
 * for all of them at once, among the names with its first letter.
 */
static int
in_list(struct xt *x, xmlNodePtr n, int l)
{
	struct nfo	*f;
	const char	*s;
	int		 c, i, in = 0;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	f = nfo(x, n);
	if (f->known != (1U << L_NLISTS) - 1) {
		if (!x->lready)
			list_index(x);
		s = (const char *)n->name;
		c = s[0] & 31;
		for (i = x->lstart[c]; i < x->lstart[c + 1]; i++)
			if (name_eq(s, x->lnames[i]))
				in |= x->lbits[i];
		f->known = (1U << L_NLISTS) - 1;
		f->in = (unsigned char)in;
	}
	return (f->in >> l) & 1;
}

/* An attribute's value without a copy; NULL when absent or not text. */
static const char *
attr_raw(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;
	int		 c = tolower((unsigned char)name[0]);
	int		 c1 = tolower((unsigned char)name[1]);

	if (n->type != XML_ELEMENT_NODE)
		return NULL;
	for (a = n->properties; a != NULL; a = a->next) {
		/* strcasecmp() would stop at the first letters. */
		if (tolower(a->name[0]) != c || tolower(a->name[1]) != c1 ||
		    strcasecmp((const char *)a->name, name) != 0)
			continue;
		return attr_text(a);
	}
	return NULL;
}

/* An attribute's value without a copy; NULL when it is not one text. */
static const char *
attr_text(const xmlAttr *a)
{
	if (a->children == NULL)
		return "";
	if (a->children->type == XML_TEXT_NODE &&
	    a->children->next == NULL && a->children->content != NULL)
		return (const char *)a->children->content;
	return NULL;
}

/* The next node after n's subtree, within root; NULL at the end. */
static xmlNodePtr
skip_node(xmlNodePtr n, xmlNodePtr root)
{
	while (n != NULL && n != root && n->next == NULL)
		n = n->parent;
	if (n == NULL || n == root)
		return NULL;
	return n->next;
}

/* The next node in document order within root. */
static xmlNodePtr
next_node(xmlNodePtr n, xmlNodePtr root)
{
	if (n->type == XML_ELEMENT_NODE && n->children != NULL)
		return n->children;
	return skip_node(n, root);
}

static void
node_drop(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static struct nfo *
nfo(struct xt *x, xmlNodePtr n)
{
	struct pool	*p = &x->pool;

	if (n->_private != NULL)
		return n->_private;
	if (p->nchunks == 0 || p->used == POOL_CHUNK) {
		p->chunks = xreallocarray(p->chunks, p->nchunks + 1,
		    sizeof *p->chunks);
		p->chunks[p->nchunks++] = xcalloc(POOL_CHUNK,
		    sizeof **p->chunks);
		p->used = 0;
	}
	n->_private = &p->chunks[p->nchunks - 1][p->used++];
	return n->_private;
}

static void
pool_free(struct pool *p)
{
	size_t	i;

	for (i = 0; i < p->nchunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	memset(p, 0, sizeof *p);
}

/*
 * What a byte is to text_chars(): the first byte of a character, white
 * space, or a comma (',' and the first byte of the Arabic comma, U+060C).
 */
#define TC_LEAD		0x1
#define TC_SPACE	0x2
#define TC_COMMA	0x4
#define TC_ROW(c)	TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, \
			TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, \
			TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD

static const unsigned char tc_class[256] = {
	/* 0x00 */ TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD,
	TC_LEAD, TC_LEAD, TC_LEAD, TC_SPACE, TC_SPACE, TC_LEAD, TC_SPACE,
	TC_SPACE, TC_LEAD, TC_LEAD,
	/* 0x10 */ TC_ROW(1),
	/* 0x20 */ TC_SPACE, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD,
	TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD,
	TC_LEAD | TC_COMMA, TC_LEAD, TC_LEAD, TC_LEAD,
	/* 0x30 */ TC_ROW(3), TC_ROW(4), TC_ROW(5), TC_ROW(6), TC_ROW(7),
	/* 0x80-0xBF: continuation bytes, 0 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0xC0 */ TC_ROW(12),
	/* 0xD0 */ TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD,
	TC_LEAD, TC_LEAD, TC_LEAD | TC_COMMA, TC_LEAD, TC_LEAD, TC_LEAD,
	TC_LEAD, TC_LEAD, TC_LEAD, TC_LEAD,
	/* 0xE0 */ TC_ROW(14), TC_ROW(15),
};

#if defined(__GNUC__)
/*
 * Sixteen bytes at a time in the compiler's vectors (SSE2, NEON): a
 * comparison gives FF in each byte where it holds, so subtracting it adds
 * one to that byte of a counter, which can take 255 of them.
 */
typedef unsigned char	bytes16 __attribute__((vector_size(16)));

/* FF where a byte is white space. */
static bytes16
bytes_space(bytes16 x)
{
	return (bytes16)((x == ' ') | (x == '\t') | (x == '\n') |
	    (x == '\r') | (x == '\f'));
}

/* FF where a byte is a lead byte of a two-byte character, C2-DF. */
static bytes16
bytes_lead2(bytes16 x)
{
	return (bytes16)((x >= 0xC2) & (x <= 0xDF));
}

static size_t
bytes_sum(bytes16 v)
{
	size_t	n = 0;
	int	k;

	for (k = 0; k < 16; k++)
		n += v[k];
	return n;
}

static int
bytes_zero(bytes16 v)
{
	uint64_t	w[2];

	memcpy(w, &v, sizeof w);
	return (w[0] | w[1]) == 0;
}
#endif

/*
 * Characters of a text, each run of white space one; commas too.  The
 * first character of a run of white space counts unless the text starts
 * with it; the Arabic comma is U+060C.  Every byte of the page's text
 * comes here once: sixteen at a time where the compiler has vectors.
 */
static size_t
text_chars(const char *s, size_t *commas)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i = 0, n = 0, c = 0;
	unsigned		 t, sp = 1;
#if defined(__GNUC__)
	bytes16			 x, y, sx, cn, cc;
	int			 k = 0;

	/*
	 * Each byte is looked at with the one before it, in y: the first
	 * byte, which has none, goes on its own.
	 */
	if (len > 16) {
		n += tc_class[p[0]] & TC_LEAD;
		c += p[0] == ',';
		cn = cc = (bytes16){ 0 };
		for (i = 1; i + 16 <= len; i += 16) {
			memcpy(&x, p + i, 16);
			memcpy(&y, p + i - 1, 16);
			sx = bytes_space(x);
			/* Lead bytes; white space after a byte that is not. */
			cn -= (bytes16)((x & 0xC0) != 0x80) & ~sx;
			cn -= sx & ~bytes_space(y);
			/* The Arabic comma counts at its second byte here. */
			cc -= (bytes16)((x == ',') | ((y == 0xD8) &
			    (x == 0x8C)));
			if (++k == 255) {
				n += bytes_sum(cn);
				c += bytes_sum(cc);
				cn = cc = (bytes16){ 0 };
				k = 0;
			}
		}
		n += bytes_sum(cn);
		c += bytes_sum(cc);
		sp = (tc_class[p[i - 1]] & TC_SPACE) != 0;
		/* Below, at its first byte: one that ends the vectors. */
		if (p[i - 1] == 0xD8 && p[i] == 0x8C)
			c++;
	}
#endif
	for (; i < len; i++) {
		t = tc_class[p[i]];
		if (t & TC_SPACE) {
			n += !sp;
			sp = 1;
			continue;
		}
		sp = 0;
		n += t & TC_LEAD;
		if ((t & TC_COMMA) && (p[i] == ',' || p[i + 1] == 0x8C))
			c++;
	}
	*commas += c;
	return n;
}

/* Add a child element's counts, and the child itself, to f. */
static void
count_child(struct nfo *f, const xmlNode *k, const struct nfo *g)
{
	const char	*s = (const char *)k->name;
	int		 p = 0, img = 0, li = 0, input = 0, embed = 0;
	int		 table = 0, list = 0, heading = 0;

	/* By the first letter: this runs for every element, often. */
	switch (s[0]) {
	case 'p':
		p = s[1] == '\0';
		break;
	case 'i':
		img = strcmp(s, "img") == 0;
		input = strcmp(s, "input") == 0;
		embed = strcmp(s, "iframe") == 0;
		break;
	case 'l':
		li = strcmp(s, "li") == 0;
		break;
	case 'e':
		embed = strcmp(s, "embed") == 0;
		break;
	case 'o':
		embed = strcmp(s, "object") == 0;
		list = strcmp(s, "ol") == 0;
		break;
	case 't':
		table = strcmp(s, "table") == 0;
		break;
	case 'u':
		list = strcmp(s, "ul") == 0;
		break;
	case 'h':
		heading = s[1] >= '1' && s[1] <= '6' && s[2] == '\0';
		break;
	}
	f->np += g->np + (size_t)p;
	f->nimg += g->nimg + (size_t)img;
	f->nli += g->nli + (size_t)li;
	f->ninput += g->ninput + (size_t)input;
	f->nembed += g->nembed + (size_t)embed;
	f->ndata += g->ndata + (size_t)(table && g->datatable);
	if (heading)
		f->htext += g->tlen;
	else
		f->htext += g->htext;
	if (list)
		f->listtext += g->tlen;
	else
		f->listtext += g->listtext;
}

/* Count an element's text and elements from its children's counts. */
static void
measure_node(struct xt *x, xmlNodePtr n)
{
	xmlNodePtr	 k;
	struct nfo	*f, *g;
	const char	*href;

	f = nfo(x, n);
	f->dirty = 0;
	f->tlen = f->commas = 0;
	f->llen = 0;
	f->blockdesc = 0;
	f->np = f->nimg = f->nli = f->ninput = f->nembed = 0;
	f->htext = f->listtext = f->ndata = 0;
	for (k = n->children; k != NULL; k = k->next) {
		if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) {
			if (k->content != NULL)
				f->tlen += text_chars((char *)k->content,
				    &f->commas);
		} else if (k->type == XML_ELEMENT_NODE) {
			g = nfo(x, k);
			f->tlen += g->tlen;
			f->llen += g->llen;
			f->commas += g->commas;
			if (g->blockdesc || in_list(x, k, L_DIVBLOCK))
				f->blockdesc = 1;
			count_child(f, k, g);
		}
	}
	if (name_is(n, "a")) {
		href = attr_raw(n, "href");
		f->llen = href != NULL && href[0] == '#' ? f->tlen * 0.3 :
		    f->tlen;
	}
}

/* A step of a walk that comes back up: the next sibling, else the parent. */
static xmlNodePtr
walk_on(xmlNodePtr n, int *up)
{
	*up = n->next == NULL;
	return n->next != NULL ? n->next : n->parent;
}

/*
 * Count the text of every element under root (and root), bottom up, in
 * one pass: each element adds up its children.
 */
static void
measure(struct xt *x, xmlNodePtr root)
{
	xmlNodePtr	 n = root;
	int		 up = 0;

	while (n != NULL) {
		if (!up && n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		if (n->type == XML_ELEMENT_NODE)
			measure_node(x, n);
		if (n == root)
			break;
		n = walk_on(n, &up);
	}
}

/*
 * Mark n and its ancestors up to the body for counting again: something
 * under them is about to change.  An element already marked has its
 * ancestors marked.
 */
static void
dirty(struct xt *x, xmlNodePtr n)
{
	struct nfo	*f;

	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		f = nfo(x, n);
		if (f->dirty)
			return;
		f->dirty = 1;
		if (n == x->body)
			return;
	}
}

/* Whether an element is marked for counting again. */
static int
is_dirty(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->_private != NULL &&
	    ((const struct nfo *)n->_private)->dirty;
}

/*
 * Count again, bottom up as measure() does, the elements marked under
 * root.  What is not marked has nothing changed under it since it was
 * counted, so its counts stand and the result is measure()'s, in time
 * for what changed rather than for the whole page.
 */
static void
remeasure(struct xt *x, xmlNodePtr root)
{
	xmlNodePtr	 n = root;
	int		 up = 0;

	if (!is_dirty(root))
		return;
	while (n != NULL) {
		if (!up && is_dirty(n) && n->children != NULL) {
			n = n->children;
			continue;
		}
		if (is_dirty(n))
			measure_node(x, n);
		if (n == root)
			break;
		n = walk_on(n, &up);
	}
}

/* Drop an element, marking its ancestors for counting again. */
static void
drop(struct xt *x, xmlNodePtr n)
{
	dirty(x, n->parent);
	node_drop(n);
}

/* HTML's white space. */
static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The text under n, white space collapsed, trimmed, up to max bytes.
 * Words go in whole, with the single spaces between them, which collapse
 * to themselves.
 */
static void
text_collect(xmlNodePtr n, struct buf *b, size_t max)
{
	xmlNodePtr	 k;
	const char	*s, *e;
	size_t		 start = b->len, visits = 0;
	int		 sp = 0;

	k = n;
	/* Deep markup with little text must not make this quadratic. */
	while (k != NULL && b->len - start < max && visits++ < max / 2 + 64) {
		if (k->type == XML_ELEMENT_NODE && name_in(k, tags_drop)) {
			k = skip_node(k, n);
			continue;
		}
		if (k->type == XML_TEXT_NODE && k->content != NULL) {
			for (s = (const char *)k->content; *s != '\0'; s = e) {
				if (is_space(*s)) {
					sp = b->len > start;
					e = s + 1;
					continue;
				}
				for (e = s + 1; *e != '\0' && (!is_space(*e) ||
				    (*e == ' ' && e[1] != '\0' &&
				    !is_space(e[1]))); e++)
					;
				if (sp)
					buf_addc(b, ' ');
				sp = 0;
				buf_add(b, s, (size_t)(e - s));
			}
		}
		k = next_node(k, n);
	}
	/* A cut may end inside a character. */
	while (b->len > start && b->len - start >= max &&
	    ((unsigned char)b->data[b->len - 1] & 0x80) != 0)
		b->len--;
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

/* A pair of bytes hashed to one of 256 bits. */
#define PAIR_HASH(a, b)	\
	(((unsigned char)(a) * 31U + (unsigned char)(b)) & 255)

/*
 * Whether a lower-case class-and-id string holds one of the words.  A
 * word is only where its first two bytes are: the set of pairs in s spares
 * strstr() for most words of the lists, which are long.
 */
static int
hint_match(const char *s, const char *const *words)
{
	const char	*p, *w;
	uint32_t	 pairs[8] = { 0 };
	size_t		 n;
	unsigned	 h;

	/* No class and no id: no word is there. */
	if (s[strspn(s, " ")] == '\0')
		return 0;
	for (p = s; p[0] != '\0' && p[1] != '\0'; p++) {
		h = PAIR_HASH(p[0], p[1]);
		pairs[h >> 5] |= 1U << (h & 31);
	}
	for (; *words != NULL; words++) {
		w = *words + ((*words)[0] == '=');
		if (w[0] != '\0' && w[1] != '\0') {
			h = PAIR_HASH(w[0], w[1]);
			if (!(pairs[h >> 5] >> (h & 31) & 1))
				continue;
		}
		if ((*words)[0] != '=') {
			if (strstr(s, *words) != NULL)
				return 1;
			continue;
		}
		n = strlen(*words + 1);
		for (p = s; (p = strstr(p, *words + 1)) != NULL; p++) {
			if ((p == s || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[n]))
				return 1;
		}
	}
	return 0;
}

/*
 * An element's class and id, lower case, as " class id " in x->tmp, or a
 * constant "   " when it has neither.
 */
static const char *
hints_of(struct xt *x, const xmlNode *n)
{
	const xmlAttr	*a;
	const char	*c = NULL, *id = NULL;
	size_t		 i;
	int		 seen = 0;

	/* Both in one look at the attributes, each as attr_raw(). */
	for (a = n->properties; a != NULL && seen != 3; a = a->next) {
		if (!(seen & 1) && tolower(a->name[0]) == 'c' &&
		    strcasecmp((const char *)a->name, "class") == 0) {
			seen |= 1;
			c = attr_text(a);
		} else if (!(seen & 2) && tolower(a->name[0]) == 'i' &&
		    strcasecmp((const char *)a->name, "id") == 0) {
			seen |= 2;
			id = attr_text(a);
		}
	}
	/* Most elements have neither. */
	if (c == NULL && id == NULL)
		return "   ";
	buf_reset(&x->tmp);
	buf_addc(&x->tmp, ' ');
	if (c != NULL)
		buf_adds(&x->tmp, c);
	buf_addc(&x->tmp, ' ');
	if (id != NULL)
		buf_adds(&x->tmp, id);
	buf_addc(&x->tmp, ' ');
	for (i = 0; i < x->tmp.len; i++)
		x->tmp.data[i] = (char)tolower((unsigned char)x->tmp.data[i]);
	return x->tmp.data;
}

/* A container's class and id: +25 for each that sounds like content. */
static int
class_weight(struct xt *x, const xmlNode *n)
{
	const char	*v;
	char		*s;
	int		 w = 0, i;
	const char	*names[2] = { "class", "id" };

	if (!(x->flags & XF_WEIGHT))
		return 0;
	for (i = 0; i < 2; i++) {
		if ((v = attr_raw(n, names[i])) == NULL || *v == '\0')
			continue;
		buf_reset(&x->tmp);
		buf_addc(&x->tmp, ' ');
		buf_adds(&x->tmp, v);
		buf_addc(&x->tmp, ' ');
		for (s = x->tmp.data; *s != '\0'; s++)
			*s = (char)tolower((unsigned char)*s);
		if (hint_match(x->tmp.data, hint_negative))
			w -= 25;
		if (hint_match(x->tmp.data, hint_positive))
			w += 25;
	}
	v = attr_raw(n, "itemprop");
	if (v != NULL && strcasecmp(v, "articleBody") == 0)
		w += 25;
	return w;
}


/*
 * Whether CSS frameworks' classes hide an element for good: Bootstrap's
 * d-none unless a d-md-block or the like shows it again, and the classes
 * for screen readers only.
 */
static int
class_hides(const char *c)
{
	char	 buf[512];
	size_t	 i;

	/* Every class looked for has a '-', which many have not. */
	if (strchr(c, '-') == NULL)
		return 0;
	for (i = 0; c[i] != '\0' && i + 3 < sizeof buf; i++)
		buf[i + 1] = (char)tolower((unsigned char)c[i]);
	buf[0] = ' ';
	buf[i + 1] = ' ';
	buf[i + 2] = '\0';
	if (strstr(buf, " sr-only ") != NULL ||
	    strstr(buf, " visually-hidden ") != NULL ||
	    strstr(buf, " screen-reader-text ") != NULL)
		return 1;
	return strstr(buf, " d-none ") != NULL && strstr(buf, "-block ") ==
	    NULL && strstr(buf, "-flex ") == NULL && strstr(buf, "-inline") ==
	    NULL && strstr(buf, "-grid ") == NULL && strstr(buf, "-table") ==
	    NULL;
}

/* The hidden attribute, aria-hidden or an inline style that hides. */
static int
is_hidden(const xmlNode *n)
{
	static const char *const names[] = { "hidden", "class",
	    "aria-hidden", "style" };
	const xmlAttr	*a;
	const char	*v, *val[4];
	char		 buf[256];
	size_t		 i, j = 0;
	int		 seen = 0, k, c;

	if (n->properties == NULL)
		return 0;
	/* One look at the attributes for the four, each as attr_raw(). */
	for (a = n->properties; a != NULL && seen != 0xF; a = a->next) {
		c = tolower(a->name[0]);
		for (k = 0; k < 4; k++) {
			if (!(seen & 1 << k) && c == names[k][0] &&
			    tolower(a->name[1]) == names[k][1] &&
			    strcasecmp((const char *)a->name, names[k]) == 0) {
				seen |= 1 << k;
				val[k] = attr_text(a);
			}
		}
	}
	for (k = 0; k < 4; k++)
		if (!(seen & 1 << k))
			val[k] = NULL;
	if (val[0] != NULL)
		return 1;
	if ((v = val[1]) != NULL && class_hides(v))
		return 1;
	if ((v = val[2]) != NULL && strcasecmp(v, "true") == 0) {
		/* Readability keeps the fallback images of MathJax. */
		v = val[1];
		return v == NULL || strstr(v, "fallback-image") == NULL;
	}
	if ((v = val[3]) == NULL)
		return 0;
	for (i = 0; v[i] != '\0' && j + 1 < sizeof buf; i++)
		if (!isspace((unsigned char)v[i]))
			buf[j++] = (char)tolower((unsigned char)v[i]);
	buf[j] = '\0';
	return strstr(buf, "display:none") != NULL ||
	    strstr(buf, "visibility:hidden") != NULL;
}

static double
link_density(struct xt *x, xmlNodePtr n)
{
	struct nfo	*f = nfo(x, n);

	return f->tlen == 0 ? 0 : f->llen / (double)f->tlen;
}

/* ---------------------------------------------------------------------- */
/* Encoding. */

/* Whether len bytes are UTF-8 (no overlong forms or surrogates). */
static int
utf8_valid(const unsigned char *s, size_t len)
{
	size_t		i = 0, n, k;
	uint32_t	c;
#if defined(__GNUC__)
	bytes16		x, y, cont, bad;
#endif

	while (i < len) {
#if defined(__GNUC__)
		/*
		 * Sixteen bytes of ASCII and two-byte characters (as Arabic
		 * letters are) at a time: no byte above 7F but lead bytes
		 * C2-DF and continuation bytes, and a continuation byte just
		 * where the byte before (in y) is such a lead, even the byte
		 * before the sixteen.  They start after the end of a
		 * character, which is not a lead byte, or after sixteen that
		 * passed.
		 */
		while (i > 0 && i + 16 <= len) {
			memcpy(&x, s + i, 16);
			memcpy(&y, s + i - 1, 16);
			cont = (bytes16)((x & 0xC0) == 0x80);
			bad = ((bytes16)(x >= 0x80) ^ (cont | bytes_lead2(x))) |
			    (cont ^ bytes_lead2(y));
			if (!bytes_zero(bad))
				break;
			i += 16;
		}
		/* Sixteen that passed may end with a lead byte: back to it. */
		if (i > 0 && s[i - 1] >= 0xC2 && s[i - 1] <= 0xDF)
			i--;
		if (i >= len)
			break;
#endif
		/* A character; longer ones (as CJK text has) one by one. */
		do {
			if (s[i] < 0x80)
				n = 0;
			else if (s[i] >= 0xC2 && s[i] <= 0xDF)
				n = 1;
			else if (s[i] >= 0xE0 && s[i] <= 0xEF)
				n = 2;
			else if (s[i] >= 0xF0 && s[i] <= 0xF4)
				n = 3;
			else
				return 0;
			if (i + n >= len)
				return 0;
			c = s[i] & (0x3F >> n);
			for (k = 1; k <= n; k++) {
				if ((s[i + k] & 0xC0) != 0x80)
					return 0;
				c = c << 6 | (s[i + k] & 0x3F);
			}
			if ((n == 2 && (c < 0x800 ||
			    (c >= 0xD800 && c <= 0xDFFF))) ||
			    (n == 3 && (c < 0x10000 || c > 0x10FFFF)))
				return 0;
			i += n + 1;
		} while (n >= 2 && i < len);
	}
	return 1;
}

/*
 * Arabic letters and punctuation among the high bytes of windows-1256 and
 * of ISO-8859-6.  Text in one read as the other gives Latin letters with
 * accents (windows-1256 E7-EB, EE, EF, F4...) or unassigned bytes, so the
 * encoding in which more of the high bytes are Arabic wins.
 */
static int
cp1256_arabic(unsigned char c)
{
	if (c >= 0xC1 && c <= 0xDF)
		return c != 0xD7;
	switch (c) {
	case 0xA1: case 0xBA: case 0xBF: case 0x81: case 0x8D: case 0x8E:
	case 0x90: case 0x98: case 0xAA: case 0xC0: case 0xE1: case 0xE3:
	case 0xE4: case 0xE5: case 0xE6: case 0xEC: case 0xED: case 0xF0:
	case 0xF1: case 0xF2: case 0xF3: case 0xF5: case 0xF6: case 0xF8:
	case 0xFA: case 0xA0: case 0xAB: case 0xBB: case 0x9D: case 0x9E:
		return 1;
	}
	return 0;
}

static int
iso88596_arabic(unsigned char c)
{
	return c == 0xA0 || c == 0xAC || c == 0xBB || c == 0xBF ||
	    (c >= 0xC1 && c <= 0xDA) || (c >= 0xE0 && c <= 0xF2);
}

/* Decide the encoding of a page. */
void
extract_charset(const char *buf, size_t len, const char *http,
    char out[64])
{
	const unsigned char	*s = (const unsigned char *)buf;
	size_t			 i, high = 0, a1256 = 0, a88596 = 0;

	if (http != NULL && *http != '\0' && strlen(http) < 64) {
		strcpy(out, http);
		return;
	}
	if (utf8_valid(s, len)) {
		strcpy(out, "UTF-8");
		return;
	}
	if (html_meta_charset(buf, len, out, 64))
		return;
	for (i = 0; i < len; i++) {
		if (s[i] < 0x80)
			continue;
		high++;
		a1256 += cp1256_arabic(s[i]);
		a88596 += iso88596_arabic(s[i]);
	}
	if (high > 0 && a88596 > a1256 && a88596 * 10 >= high * 9)
		strcpy(out, "ISO-8859-6");
	else if (high > 0 && a1256 * 10 >= high * 8)
		strcpy(out, "windows-1256");
	else
		strcpy(out, "windows-1252");
}

/* ---------------------------------------------------------------------- */
/* Metadata. */

/*
 * Undo HTML escapes that pages leave in <meta> content and JSON-LD
 * ("&quot;" read as text), twice for those escaped twice.
 */
static void
unescape(char *s)
{
	static const struct {
		const char	*name;
		const char	*text;
	} ents[] = {
		{ "&quot;", "\"" }, { "&amp;", "&" }, { "&apos;", "'" },
		{ "&#39;", "'" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&nbsp;", " " }, { "&#039;", "'" }, { "&#34;", "\"" },
	};
	char	*r, *w;
	size_t	 i, n;
	int	 pass;

	for (pass = 0; pass < 2; pass++) {
		for (r = w = s; *r != '\0';) {
			for (i = 0; *r == '&' && i < sizeof ents / sizeof ents[0];
			    i++) {
				n = strlen(ents[i].name);
				if (strncmp(r, ents[i].name, n) == 0)
					break;
			}
			if (*r == '&' && i < sizeof ents / sizeof ents[0]) {
				*w++ = ents[i].text[0];
				r += strlen(ents[i].name);
			} else
				*w++ = *r++;
		}
		*w = '\0';
	}
}

static void
meta_set(char **dst, const char *v)
{
	const char	*e;

	if (*dst != NULL || v == NULL)
		return;
	while (isspace((unsigned char)*v))
		v++;
	for (e = v + strlen(v); e > v && isspace((unsigned char)e[-1]); e--)
		;
	if (e > v) {
		*dst = xstrndup(v, (size_t)(e - v));
		unescape(*dst);
	}
}

/* A JSON-LD author: a name, an object with one, or a list of them. */
static void
jsonld_author(json_t *a, struct buf *b)
{
	json_t	*v;
	size_t	 i;

	if (json_is_string(a)) {
		if (b->len > 0)
			buf_adds(b, ", ");
		buf_adds(b, json_string_value(a));
	} else if (json_is_object(a)) {
		if ((v = json_object_get(a, "name")) != NULL)
			jsonld_author(v, b);
	} else if (json_is_array(a)) {
		for (i = 0; i < json_array_size(a) && i < 10; i++)
			jsonld_author(json_array_get(a, i), b);
	}
}

/* Whether a JSON-LD @type names an article of some kind. */
static int
jsonld_is_article(json_t *t)
{
	const char	*s;
	size_t		 i;

	if (json_is_array(t)) {
		for (i = 0; i < json_array_size(t); i++)
			if (jsonld_is_article(json_array_get(t, i)))
				return 1;
		return 0;
	}
	if ((s = json_string_value(t)) == NULL)
		return 0;
	return strstr(s, "Article") != NULL || strcmp(s, "BlogPosting") == 0 ||
	    strcmp(s, "Report") == 0 || strcmp(s, "LiveBlogPosting") == 0 ||
	    strcmp(s, "WebPage") == 0;
}

/* Take what a JSON-LD object says of the article. */
static void
jsonld_take(json_t *o, struct meta *m, int depth)
{
	struct buf	 b = { 0 };
	json_t		*v;
	size_t		 i;

	if (depth > 4)
		return;
	if (json_is_array(o)) {
		for (i = 0; i < json_array_size(o) && i < 50; i++)
			jsonld_take(json_array_get(o, i), m, depth + 1);
		return;
	}
	if (!json_is_object(o))
		return;
	if ((v = json_object_get(o, "@graph")) != NULL)
		jsonld_take(v, m, depth + 1);
	if (!jsonld_is_article(json_object_get(o, "@type")))
		return;
	/* A WebPage only fills what an article left empty. */
	meta_set(&m->title, json_string_value(json_object_get(o, "headline")));
	meta_set(&m->date, json_string_value(json_object_get(o,
	    "datePublished")));
	meta_set(&m->body, json_string_value(json_object_get(o,
	    "articleBody")));
	meta_set(&m->lang, json_string_value(json_object_get(o,
	    "inLanguage")));
	if ((v = json_object_get(o, "author")) != NULL && m->byline == NULL) {
		jsonld_author(v, &b);
		if (b.len > 0)
			meta_set(&m->byline, b.data);
		buf_free(&b);
	}
}

static void
jsonld_parse(xmlNodePtr n, struct meta *m)
{
	json_t		*o;
	xmlChar		*s;

	if ((s = xmlNodeGetContent(n)) == NULL)
		return;
	o = json_loads((const char *)s, JSON_DECODE_ANY | JSON_ALLOW_NUL,
	    NULL);
	xmlFree(s);
	if (o != NULL)
		jsonld_take(o, m, 0);
	json_decref(o);
}

/* Read one <meta>. */
static void
meta_tag(xmlNodePtr n, struct meta *m, char **author, char **date)
{
	const char	*k, *c;

	if ((c = attr_raw(n, "content")) == NULL)
		return;
	if ((k = attr_raw(n, "property")) == NULL &&
	    (k = attr_raw(n, "name")) == NULL &&
	    (k = attr_raw(n, "itemprop")) == NULL &&
	    (k = attr_raw(n, "http-equiv")) == NULL)
		return;
	if (strcasecmp(k, "og:title") == 0 ||
	    strcasecmp(k, "twitter:title") == 0 ||
	    strcasecmp(k, "dc.title") == 0 || strcasecmp(k, "headline") == 0)
		meta_set(&m->title, c);
	else if (strcasecmp(k, "author") == 0 ||
	    strcasecmp(k, "dc.creator") == 0 ||
	    strcasecmp(k, "byl") == 0 ||
	    strcasecmp(k, "parsely-author") == 0 ||
	    strcasecmp(k, "sailthru.author") == 0 ||
	    (strcasecmp(k, "article:author") == 0 &&
	    strncmp(c, "http", 4) != 0))
		meta_set(author, c);
	else if (strcasecmp(k, "article:published_time") == 0 ||
	    strcasecmp(k, "og:article:published_time") == 0 ||
	    strcasecmp(k, "datePublished") == 0 ||
	    strcasecmp(k, "date") == 0 || strcasecmp(k, "pubdate") == 0 ||
	    strcasecmp(k, "publish-date") == 0 ||
	    strcasecmp(k, "dc.date") == 0 ||
	    strcasecmp(k, "dcterms.created") == 0 ||
	    strcasecmp(k, "parsely-pub-date") == 0 ||
	    strcasecmp(k, "sailthru.date") == 0)
		meta_set(date, c);
	else if (strcasecmp(k, "content-language") == 0 ||
	    strcasecmp(k, "dc.language") == 0)
		meta_set(&m->lang, c);
}

/*
 * What the page says of itself, gathered node by node in document order
 * (the first of each wins) by prep()'s walk: <html lang/dir>, <title>,
 * <meta>, JSON-LD, <body dir>, <time itemprop=datePublished>, and the href
 * of the first <base href>.
 */
struct meta_walk {
	struct meta	*m;
	char		*author;
	char		*date;
	char		*base;
	struct buf	 b;
};

/* Start with what the root element says. */
static void
meta_begin(struct meta_walk *mw, struct meta *m, xmlNodePtr root)
{
	memset(mw, 0, sizeof *mw);
	mw->m = m;
	meta_set(&m->lang, attr_raw(root, "lang"));
	meta_set(&m->dir, attr_raw(root, "dir"));
}

/* Take what one element says. */
static void
meta_node(struct meta_walk *mw, xmlNodePtr n)
{
	struct meta	*m = mw->m;
	const char	*v;

	if (n->type != XML_ELEMENT_NODE)
		return;
	if (name_is(n, "meta"))
		meta_tag(n, m, &mw->author, &mw->date);
	else if (name_is(n, "title") && m->doctitle == NULL) {
		buf_reset(&mw->b);
		text_collect(n, &mw->b, 1000);
		if (mw->b.len > 0)
			meta_set(&m->doctitle, mw->b.data);
	} else if (name_is(n, "script")) {
		v = attr_raw(n, "type");
		if (v != NULL && strcasecmp(v, "application/ld+json") == 0)
			jsonld_parse(n, m);
	} else if (name_is(n, "body")) {
		meta_set(&m->dir, attr_raw(n, "dir"));
	} else if (mw->base == NULL && name_is(n, "base") &&
	    (v = attr_raw(n, "href")) != NULL) {
		mw->base = xstrdup(v);
	} else if (mw->date == NULL && name_is(n, "time") &&
	    (v = attr_raw(n, "itemprop")) != NULL &&
	    strcasecmp(v, "datePublished") == 0)
		meta_set(&mw->date, attr_raw(n, "datetime"));
}

/* Take what n and everything under it say, in document order. */
static void
meta_subtree(struct meta_walk *mw, xmlNodePtr top)
{
	xmlNodePtr	n;

	for (n = top; n != NULL; n = next_node(n, top))
		meta_node(mw, n);
}

/*
 * Finish: JSON-LD says it best, then <meta>.  Returns the href of the
 * first <base href>, which the caller frees.
 */
static char *
meta_end(struct meta_walk *mw)
{
	meta_set(&mw->m->byline, mw->author);
	meta_set(&mw->m->date, mw->date);
	free(mw->author);
	free(mw->date);
	buf_free(&mw->b);
	return mw->base;
}

/*
 * The title from <title>: a site's name after " | " or " - " goes when
 * what is left is still a title of a few words.
 */
static char *
title_clean(const char *t)
{
	static const char *const seps[] = {
		" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
		" \xc2\xbb ", " / ", NULL
	};
	const char	*p, *cut = NULL;
	size_t		 i, words = 0;

	for (i = 0; seps[i] != NULL; i++) {
		for (p = t; (p = strstr(p, seps[i])) != NULL; p++)
			cut = p;
		if (cut != NULL)
			break;
	}
	if (cut == NULL)
		return xstrdup(t);
	for (p = t; p < cut; p++)
		if (*p == ' ')
			words++;
	if (words + 1 < 3)
		return xstrdup(t);
	return xstrndup(t, (size_t)(cut - t));
}

/* ---------------------------------------------------------------------- */
/* Related links. */

/* Fold a label for comparison: normalised, punctuation dropped. */
static void
label_clean(struct buf *b, const char *s, size_t len)
{
	size_t		i, j = 0;
	unsigned char	c;

	buf_reset(b);
	normalize_fold_buf(b, s, len);
	for (i = 0; i < b->len; i++) {
		c = (unsigned char)b->data[i];
		/* ، ؛ ؟ « » … */
		if (c == 0xD8 && i + 1 < b->len &&
		    ((unsigned char)b->data[i + 1] == 0x8C ||
		    (unsigned char)b->data[i + 1] == 0x9B ||
		    (unsigned char)b->data[i + 1] == 0x9F)) {
			i++;
			c = ' ';
		} else if (c == 0xC2 && i + 1 < b->len &&
		    ((unsigned char)b->data[i + 1] == 0xAB ||
		    (unsigned char)b->data[i + 1] == 0xBB)) {
			i++;
			c = ' ';
		} else if (c == 0xE2 && i + 2 < b->len &&
		    (unsigned char)b->data[i + 1] == 0x80) {
			i += 2;
			c = ' ';
		} else if (c < 0x80 && !isalnum(c))
			c = ' ';
		if (c == ' ' && (j == 0 || b->data[j - 1] == ' '))
			continue;
		b->data[j++] = (char)c;
	}
	while (j > 0 && b->data[j - 1] == ' ')
		j--;
	b->len = j;
	if (b->data != NULL)
		b->data[j] = '\0';
}

/* Whether a folded label is one of the phrases, alone or leading. */
static int
label_in(const char *s, const char *const *phrases)
{
	size_t	n, len = strlen(s);

	for (; *phrases != NULL; phrases++) {
		n = strlen(*phrases);
		if (len == n && memcmp(s, *phrases, n) == 0)
			return 1;
		if (len > n && len <= n + 30 && memcmp(s, *phrases, n) == 0 &&
		    s[n] == ' ')
			return 1;
	}
	return 0;
}

/* Whether a short label (a heading) announces related articles. */
int
extract_is_related_label(const char *s, size_t len)
{
	struct buf	b = { 0 };
	int		r;

	label_clean(&b, s, len);
	r = b.len > 0 && label_in(b.data, label_related);
	buf_free(&b);
	return r;
}

/* Whether a link, by its URL and markup, leads to an article. */
static int
link_is_article(struct xt *x, xmlNodePtr a, const char *url)
{
	static const char *const bad[] = {
		"/tag/", "/tags/", "/category/", "/categories/", "/author/",
		"/authors/", "/section/", "/topic/", "/topics/", "?page=",
		"&page=", "/page/", "#comment", "/search", "sharer",
		"/intent/", "/share", "whatsapp.com", "t.me/share",
		"/login", "/register", "/subscribe", NULL
	};
	const char	*v, *p;
	size_t		 i, n;

	if ((v = attr_raw(a, "rel")) != NULL && strstr(v, "tag") != NULL)
		return 0;
	for (i = 0; bad[i] != NULL; i++)
		if (strstr(url, bad[i]) != NULL)
			return 0;
	/* Without the page's URL, relative links stay relative. */
	if (x->base == NULL && strchr(url, ':') == NULL)
		return strcmp(url, "/") != 0 && strcmp(url, "./") != 0;
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0 && strncmp(url, "file:", 5) != 0)
		return 0;
	/* The site's front page, or the page itself. */
	if ((p = strstr(url, "://")) != NULL && (p = strchr(p + 3, '/')) !=
	    NULL && (p[1] == '\0' || p[1] == '#' || p[1] == '?'))
		return 0;
	if (p == NULL && strncmp(url, "file:", 5) != 0)
		return 0;
	if (x->page != NULL) {
		n = strlen(x->page);
		if (strncmp(url, x->page, n) == 0 &&
		    (url[n] == '\0' || url[n] == '#'))
			return 0;
	}
	return 1;
}

/* Add a related link, or a better title to one already there. */
static void
related_add(struct extract *ex, const char *url, const char *title)
{
	struct extract_link	*l;
	size_t			 i;

	for (i = 0; i < ex->nrelated; i++) {
		l = &ex->related[i];
		if (strcmp(l->href, url) != 0)
			continue;
		if (strlen(title) > strlen(l->title)) {
			free(l->title);
			l->title = xstrdup(title);
		}
		return;
	}
	if (ex->nrelated >= EXTRACT_MAX_RELATED) {
		ex->truncated = 1;
		return;
	}
	if ((ex->nrelated & (ex->nrelated - 1)) == 0)
		ex->related = xreallocarray(ex->related, ex->nrelated == 0 ? 1 :
		    ex->nrelated * 2, sizeof *ex->related);
	l = &ex->related[ex->nrelated++];
	l->href = xstrdup(url);
	l->title = xstrdup(title);
}

/* Words in a title, counted by the spaces between them. */
static size_t
words(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (*s != ' ' && (s[1] == ' ' || s[1] == '\0'))
			n++;
	return n;
}

/*
 * The links of a related container that lead to articles, in order;
 * returns how many there are (with add 0, only counts).
 */
static size_t
related_links(struct xt *x, xmlNodePtr box, int add)
{
	xmlNodePtr	 n, k;
	const char	*href;
	char		*url, *hash;
	struct buf	 t = { 0 };
	size_t		 count = 0;

	for (n = box; n != NULL && x->budget > 0; n = next_node(n, box)) {
		x->budget--;
		if (!name_is(n, "a") || (href = attr_raw(n, "href")) == NULL)
			continue;
		while (isspace((unsigned char)*href))
			href++;
		if (*href == '#' || *href == '\0')
			continue;
		url = url_resolve(x->base, href);
		if (url == NULL) {
			free(url);
			continue;
		}
		if ((hash = strchr(url, '#')) != NULL)
			*hash = '\0';
		buf_reset(&t);
		text_collect(n, &t, 400);
		if (t.len == 0 && (href = attr_raw(n, "title")) != NULL)
			buf_adds(&t, href);
		for (k = n; t.len == 0 && k != NULL; k = next_node(k, n))
			if (name_is(k, "img") && (href = attr_raw(k, "alt")) !=
			    NULL)
				buf_adds(&t, href);
		if (t.data != NULL && words(t.data) >= 3 &&
		    link_is_article(x, n, url)) {
			count++;
			if (add && x->ex != NULL)
				related_add(x->ex, url, t.data);
		}
		free(url);
	}
	buf_free(&t);
	return count;
}

/* Whether n sits in a site's navigation. */
static int
in_navigation(struct xt *x, xmlNodePtr n)
{
	const char	*r;

	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (name_is(n, "nav") || name_is(n, "header") ||
		    name_is(n, "footer"))
			return 1;
		if ((r = attr_raw(n, "role")) != NULL &&
		    (strcasecmp(r, "navigation") == 0 ||
		    strcasecmp(r, "menu") == 0 || strcasecmp(r, "menubar") == 0))
			return 1;
		if (hint_match(hints_of(x, n), (const char *const[]){ "=nav",
		    "navbar", "navigation", "=menu", "main-menu", "mainmenu",
		    "breadcrumb", NULL }))
			return 1;
	}
	return 0;
}

/*
 * The box that a label heads: the next element when it is mostly links,
 * or else an ancestor (three at most) that is mostly links.
 */
static xmlNodePtr
label_box(struct xt *x, xmlNodePtr label, xmlNodePtr *also)
{
	xmlNodePtr	 s, p;
	struct nfo	*f, *fl;
	int		 i;

	*also = NULL;
	if ((s = xmlNextElementSibling(label)) != NULL) {
		f = nfo(x, s);
		if (f->tlen > 0 && f->llen / (double)f->tlen >= 0.5 &&
		    related_links(x, s, 0) > 0) {
			*also = label;
			return s;
		}
	}
	fl = nfo(x, label);
	for (p = label->parent, i = 0; p != NULL && i < 3 &&
	    p->type == XML_ELEMENT_NODE && !name_is(p, "body") &&
	    !name_is(p, "html") && !name_is(p, "article") &&
	    !name_is(p, "main"); p = p->parent, i++) {
		f = nfo(x, p);
		if (f->tlen > 3000 || f->tlen <= fl->tlen)
			continue;
		if ((f->llen - fl->llen) / (double)(f->tlen - fl->tlen) >=
		    0.5 && related_links(x, p, 0) > 0)
			return p;
	}
	return NULL;
}

/*
 * An inline "اقرأ أيضا: <a>title</a>" paragraph: the text before the
 * first link is the label, and little text is outside links.
 */
static int
inline_related(struct xt *x, xmlNodePtr n)
{
	xmlNodePtr	 k;
	struct nfo	*f = nfo(x, n);
	int		 r, i;

	/* Little text outside links: the counts say so before any walk. */
	if (f->tlen == 0 || f->tlen > 600 || f->llen == 0 ||
	    (double)f->tlen - f->llen > 40 ||
	    (!name_is(n, "p") && !name_is(n, "div") && !name_is(n, "li") &&
	    !name_is(n, "h4") && !name_is(n, "h5") && !name_is(n, "span")))
		return 0;
	buf_reset(&x->tmp);
	for (k = n->children, i = 0; k != NULL && i < 200;
	    k = next_node(k, n), i++) {
		if (name_is(k, "a"))
			break;
		if (k->type == XML_TEXT_NODE && k->content != NULL)
			buf_adds(&x->tmp, (const char *)k->content);
		if (x->tmp.len > LABEL_MAX)
			return 0;
	}
	if (k == NULL || !name_is(k, "a") || x->tmp.len == 0)
		return 0;
	{
		struct buf	b = { 0 };

		label_clean(&b, x->tmp.data, x->tmp.len);
		r = b.len > 0 && label_in(b.data, label_related);
		buf_free(&b);
	}
	return r;
}

/* Whether n may be a label: a heading, or a short line of its own. */
static int
may_be_label(struct xt *x, xmlNodePtr n)
{
	static const char *const tags[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span",
		"div", "p", "header", "label", "legend", "figcaption", "em",
		"section", NULL
	};
	struct nfo	*f = nfo(x, n);

	return f->tlen > 0 && f->tlen <= 60 && !f->blockdesc &&
	    name_in(n, tags);
}

/*
 * Find related-link boxes, read their links into ex->related and cut them
 * out of the tree, with lists that are not related links ("most read").
 */
static void
related_find(struct xt *x)
{
	xmlNodePtr	 n, next, box, also;
	struct buf	 lab = { 0 }, raw = { 0 };
	const char	*h;
	struct nfo	*f;
	int		 rel;

	/* prep() has counted the text under every element. */
	for (n = x->body; n != NULL; n = next) {
		next = next_node(n, x->body);
		if (n->type != XML_ELEMENT_NODE || in_list(x, n, L_DROP))
			continue;
		box = also = NULL;
		rel = 0;
		f = nfo(x, n);
		h = hints_of(x, n);
		if (hint_match(h, hint_related) &&
		    !hint_match(h, hint_not_related) && f->tlen < 5000 &&
		    f->tlen > 0 && f->llen / (double)f->tlen >= 0.4 &&
		    !name_is(n, "body") && !name_is(n, "a") &&
		    related_links(x, n, 0) > 0) {
			box = n;
			rel = 1;
		} else if (inline_related(x, n)) {
			box = n;
			rel = 1;
		} else if (may_be_label(x, n)) {
			buf_reset(&raw);
			text_collect(n, &raw, LABEL_MAX);
			label_clean(&lab, raw.data != NULL ? raw.data : "",
			    raw.len);
			if (lab.len == 0)
				continue;
			if (label_in(lab.data, label_related))
				rel = 1;
			else if (!label_in(lab.data, label_other))
				continue;
			box = label_box(x, n, &also);
			if (box == NULL)
				continue;
		} else
			continue;
		if (box == NULL || in_navigation(x, box))
			continue;
		if (rel)
			related_links(x, box, 1);
		/* Go on after the box, and cut it (and its label) out. */
		next = skip_node(box, x->body);
		if (also != NULL && next == also)
			next = skip_node(also, x->body);
		if (also != NULL)
			drop(x, also);
		drop(x, box);
	}
	buf_free(&lab);
	buf_free(&raw);
}

/* ---------------------------------------------------------------------- */
/* The grab. */

/* Whether two titles are alike: most of b's letters are in a's words. */
static int
titles_alike(const char *a, const char *b)
{
	struct buf	 fa = { 0 }, fb = { 0 }, w = { 0 };
	const char	*p, *e;
	size_t		 all = 0, miss = 0, n;

	label_clean(&fb, b, strlen(b));
	label_clean(&w, a, strlen(a));
	buf_addc(&fa, ' ');
	buf_add(&fa, w.data, w.len);
	buf_addc(&fa, ' ');
	for (p = fb.data; p != NULL && *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		for (e = p; *e != '\0' && *e != ' '; e++)
			;
		n = (size_t)(e - p);
		all += n + 1;
		buf_reset(&w);
		buf_addc(&w, ' ');
		buf_add(&w, p, n);
		buf_addc(&w, ' ');
		if (strstr(fa.data, w.data) == NULL)
			miss += n + 1;
	}
	buf_free(&fa);
	buf_free(&fb);
	buf_free(&w);
	return all > 0 && 1.0 - (double)miss / (double)all >= 0.75;
}

/* Whether n is the byline: rel=author, itemprop author, class byline. */
static int
is_byline(struct xt *x, xmlNodePtr n, const char *hints)
{
	const char	*v;
	struct nfo	*f = nfo(x, n);

	if (f->tlen == 0 || f->tlen >= 100)
		return 0;
	if ((v = attr_raw(n, "rel")) != NULL && strcasecmp(v, "author") == 0)
		return 1;
	if ((v = attr_raw(n, "itemprop")) != NULL && strstr(v, "author") !=
	    NULL)
		return 1;
	return hint_match(hints, hint_byline);
}

static int
is_phrasing(struct xt *x, xmlNodePtr n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE ||
	    n->type == XML_CDATA_SECTION_NODE)
		return 1;
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if (name_in(n, tags_phrasing))
		return 1;
	return (name_is(n, "a") || name_is(n, "del") || name_is(n, "ins")) &&
	    !nfo(x, n)->blockdesc;
}

static int
is_blank(const xmlNode *n)
{
	const char	*s;

	if (n->type != XML_TEXT_NODE)
		return n->type == XML_COMMENT_NODE;
	for (s = (const char *)n->content; s != NULL && *s != '\0'; s++)
		if (strchr(" \t\n\r\f", *s) == NULL)
			return 0;
	return 1;
}

/* Put the runs of text and inline elements in a div into paragraphs. */
static int
wrap_phrasing(struct xt *x, xmlNodePtr div)
{
	xmlNodePtr	 c, next, p = NULL, last;
	int		 made = 0;

	for (c = div->children; c != NULL; c = next) {
		next = c->next;
		if (is_phrasing(x, c)) {
			if (p != NULL) {
				xmlUnlinkNode(c);
				if (xmlAddChild(p, c) == NULL)
					xmlFreeNode(c);
			} else if (!is_blank(c)) {
				p = xmlNewDocNode(x->xd, NULL,
				    (const xmlChar *)"p", NULL);
				xmlAddPrevSibling(c, p);
				xmlUnlinkNode(c);
				if (xmlAddChild(p, c) == NULL)
					xmlFreeNode(c);
				made = 1;
			}
			continue;
		}
		if (p != NULL) {
			while ((last = p->last) != NULL && is_blank(last))
				node_drop(last);
			measure(x, p);
			p = NULL;
		}
	}
	if (p != NULL)
		measure(x, p);
	return made;
}

/* The only element child of n when it is a p and no text is beside it. */
static xmlNodePtr
single_p(xmlNodePtr n)
{
	xmlNodePtr	c, p = NULL;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (p != NULL || !name_is(c, "p"))
				return NULL;
			p = c;
		} else if (c->type == XML_TEXT_NODE && !is_blank(c))
			return NULL;
	}
	return p;
}

static void
cand_push(struct xt *x, xmlNodePtr n)
{
	if (x->ncands == x->capcands) {
		x->capcands = x->capcands == 0 ? 256 : x->capcands * 2;
		x->cands = xreallocarray(x->cands, x->capcands,
		    sizeof *x->cands);
	}
	x->cands[x->ncands++] = n;
}

/* An element without text and with nothing but line breaks in it. */
static int
is_empty(struct xt *x, xmlNodePtr n)
{
	xmlNodePtr	c;

	if (nfo(x, n)->tlen != 0)
		return 0;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !name_is(c, "br") &&
		    !name_is(c, "hr"))
			return 0;
	return 1;
}

/*
 * Whether a short element is furniture whatever else its class says: tag
 * lists, previous/next links, a dateline, or a paragraph of the site's
 * boilerplate (comment rules, disclaimers) that names two of its phrases.
 */
static int
is_furniture(struct xt *x, xmlNodePtr n, const char *hints)
{
	static const char *const strong[] = { "=tag", "=tags", "prev_next",
	    "prev-next", "next_prev", "next-prev", "prevnext", "nextprev",
	    "=share", "share-buttons", "sharebar", NULL };
	static const char *const dates[] = { "tmstmp", "timestamp",
	    "dateline", "=date", "post-date", "publish-date", "=pubdate",
	    NULL };
	static const char *const cues[] = { "سياسه الخصوصيه",
	    "شروط الاستخدام", "ارشادات الاستخدام", "جميع الحقوق محفوظه",
	    "الاراء الوارده", "لا تعبر عن راي", "التعليقات", "privacy policy",
	    "terms of use", "terms of service", "all rights reserved",
	    "community guidelines", NULL };
	struct nfo	*f = nfo(x, n);
	struct buf	 t = { 0 }, c = { 0 };
	size_t		 i, hits = 0;

	if (!(x->flags & XF_STRIP) || n == x->body || f->tlen > 600)
		return 0;
	if (f->tlen < 300 && hint_match(hints, strong))
		return 1;
	if (f->tlen < 80 && f->llen == 0 && hint_match(hints, dates))
		return 1;
	if (f->tlen < 40 || f->blockdesc || (!name_is(n, "p") &&
	    !name_is(n, "div")))
		return 0;
	text_collect(n, &t, 2000);
	label_clean(&c, t.data != NULL ? t.data : "", t.len);
	for (i = 0; cues[i] != NULL && c.data != NULL; i++)
		if (strstr(c.data, cues[i]) != NULL)
			hits++;
	buf_free(&t);
	buf_free(&c);
	return hits >= 2;
}

/*
 * The walk before scoring: drop what cannot be the article, turn divs of
 * running text into paragraphs, and list the nodes to score.
 */
static void
grab_walk(struct xt *x)
{
	static const char *const roles[] = {
		"menu", "menubar", "complementary", "navigation", "alert",
		"alertdialog", "dialog", NULL
	};
	static const char *const empties[] = {
		"div", "section", "header", "h1", "h2", "h3", "h4", "h5",
		"h6", NULL
	};
	xmlNodePtr	 n, next, p;
	const char	*h, *r;
	struct buf	 t = { 0 };
	int		 title_done = x->title == NULL, i;

	for (n = x->body; n != NULL; n = next) {
		next = next_node(n, x->body);
		if (n->type != XML_ELEMENT_NODE || n == x->body)
			continue;
		if ((r = attr_raw(n, "role")) != NULL) {
			for (i = 0; roles[i] != NULL; i++)
				if (strcasecmp(r, roles[i]) == 0)
					break;
			if (roles[i] != NULL) {
				next = skip_node(n, x->body);
				drop(x, n);
				continue;
			}
		}
		h = hints_of(x, n);
		if (!x->byline_done && is_byline(x, n, h)) {
			buf_reset(&t);
			text_collect(n, &t, 300);
			if (x->byline == NULL && t.len > 0)
				x->byline = xstrdup(t.data);
			x->byline_done = 1;
			next = skip_node(n, x->body);
			drop(x, n);
			continue;
		}
		if (!title_done && (name_is(n, "h1") || name_is(n, "h2"))) {
			buf_reset(&t);
			text_collect(n, &t, 1000);
			if (t.len > 0 && titles_alike(x->title, t.data)) {
				title_done = 1;
				next = skip_node(n, x->body);
				drop(x, n);
				continue;
			}
		}
		if ((x->flags & XF_STRIP) && hint_match(h, hint_unlikely) &&
		    !hint_match(h, hint_maybe) && !name_is(n, "a") &&
		    !name_is(n, "html") &&
		    !(nfo(x, n)->up & (UP_TABLE | UP_CODE))) {
			next = skip_node(n, x->body);
			drop(x, n);
			continue;
		}
		if ((x->flags & XF_STRIP) && (name_is(n, "nav") ||
		    name_is(n, "aside"))) {
			next = skip_node(n, x->body);
			drop(x, n);
			continue;
		}
		if (name_in(n, empties) && is_empty(x, n)) {
			next = skip_node(n, x->body);
			drop(x, n);
			continue;
		}
		if (is_furniture(x, n, h)) {
			next = skip_node(n, x->body);
			drop(x, n);
			continue;
		}
		if (in_list(x, n, L_SCORE))
			cand_push(x, n);
		if (!name_is(n, "div"))
			continue;
		if ((i = wrap_phrasing(x, n)))
			dirty(x, n);
		if ((p = single_p(n)) != NULL && link_density(x, n) < 0.25) {
			dirty(x, n->parent);
			xmlUnlinkNode(p);
			xmlReplaceNode(n, p);
			xmlFreeNode(n);
			cand_push(x, p);
			next = next_node(p, x->body);
		} else if (!i && !nfo(x, n)->blockdesc) {
			dirty(x, n->parent);
			xmlNodeSetName(n, (const xmlChar *)"p");
			nfo(x, n)->known = 0;
			nfo(x, n)->in = 0;
			cand_push(x, n);
		}
	}
	buf_free(&t);
}

static void
score_init(struct xt *x, xmlNodePtr n)
{
	static const char *const plus5[] = { "div", NULL };
	static const char *const plus3[] = { "pre", "td", "blockquote",
	    NULL };
	static const char *const minus3[] = { "address", "ol", "ul", "dl",
	    "dd", "dt", "li", "form", NULL };
	static const char *const minus5[] = { "h1", "h2", "h3", "h4", "h5",
	    "h6", "th", NULL };
	struct nfo	*f = nfo(x, n);

	f->scored = 1;
	f->score = class_weight(x, n);
	if (name_in(n, plus5))
		f->score += 5;
	else if (name_in(n, plus3))
		f->score += 3;
	else if (name_in(n, minus3))
		f->score -= 3;
	else if (name_in(n, minus5))
		f->score -= 5;
}

/* Score the listed paragraphs into their ancestors; the best, or NULL. */
static void
score_all(struct xt *x, xmlNodePtr top[NTOP])
{
	xmlNodePtr	 n, a, *scored = NULL;
	struct nfo	*f;
	size_t		 i, ns = 0, cap = 0;
	double		 cs;
	int		 level, j, k;

	for (i = 0; i < x->ncands; i++) {
		n = x->cands[i];
		if (n->parent == NULL || n->parent->type != XML_ELEMENT_NODE)
			continue;
		f = nfo(x, n);
		if (f->tlen < 25)
			continue;
		cs = 1 + (double)f->commas + (f->tlen / 100 < 3 ?
		    (double)(f->tlen / 100) : 3);
		for (a = n->parent, level = 0; a != NULL && level < 5 &&
		    a->type == XML_ELEMENT_NODE && a->parent != NULL &&
		    a->parent->type == XML_ELEMENT_NODE;
		    a = a->parent, level++) {
			f = nfo(x, a);
			if (!f->scored) {
				score_init(x, a);
				if (ns == cap) {
					cap = cap == 0 ? 64 : cap * 2;
					scored = xreallocarray(scored, cap,
					    sizeof *scored);
				}
				scored[ns++] = a;
			}
			f->score += cs / (level == 0 ? 1 : level == 1 ? 2 :
			    level * 3);
		}
	}
	for (j = 0; j < NTOP; j++)
		top[j] = NULL;
	for (i = 0; i < ns; i++) {
		f = nfo(x, scored[i]);
		f->score *= 1 - link_density(x, scored[i]);
		for (j = 0; j < NTOP; j++) {
			if (top[j] != NULL && nfo(x, top[j])->score >= f->score)
				continue;
			for (k = NTOP - 1; k > j; k--)
				top[k] = top[k - 1];
			top[j] = scored[i];
			break;
		}
	}
	free(scored);
}

/* Move the top candidate up where the page's structure says so. */
static xmlNodePtr
top_refine(struct xt *x, xmlNodePtr top[NTOP])
{
	xmlNodePtr	 t = top[0], a, p;
	double		 last, th;
	int		 j, alts = 0;

	for (j = 1; j < NTOP && top[j] != NULL; j++) {
		if (nfo(x, top[j])->score / nfo(x, t)->score < 0.75)
			continue;
		alts++;
		for (a = top[j]->parent; a != NULL &&
		    a->type == XML_ELEMENT_NODE; a = a->parent)
			nfo(x, a)->alts++;
	}
	if (alts >= 3) {
		for (a = t->parent; a != NULL && a != x->body &&
		    a->type == XML_ELEMENT_NODE; a = a->parent) {
			if (nfo(x, a)->alts >= 3) {
				t = a;
				break;
			}
		}
	}
	if (!nfo(x, t)->scored)
		score_init(x, t);
	last = nfo(x, t)->score;
	th = last / 3;
	for (p = t->parent; p != NULL && p != x->body &&
	    p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (!nfo(x, p)->scored)
			continue;
		if (nfo(x, p)->score < th)
			break;
		if (nfo(x, p)->score > last) {
			t = p;
			break;
		}
		last = nfo(x, p)->score;
	}
	for (p = t->parent; p != NULL && p != x->body &&
	    p->type == XML_ELEMENT_NODE && xmlChildElementCount(p) == 1;
	    p = p->parent)
		t = p;
	if (!nfo(x, t)->scored)
		score_init(x, t);
	return t;
}

/* Whether a short paragraph reads like a sentence. */
static int
is_sentence(xmlNodePtr n)
{
	struct buf	 t = { 0 };
	const char	*p;
	int		 r;

	text_collect(n, &t, 400);
	p = t.data != NULL ? t.data : "";
	r = strstr(p, ". ") != NULL || (t.len > 0 && p[t.len - 1] == '.');
	buf_free(&t);
	return r;
}

/* The nearest value of an attribute from n up. */
static char *
attr_up(xmlNodePtr n, const char *name)
{
	const char	*v;

	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		if ((v = attr_raw(n, name)) != NULL && *v != '\0')
			return xstrdup(v);
	return NULL;
}

/* Gather the top candidate and its worthy siblings into a new div. */
static xmlNodePtr
gather(struct xt *x, xmlNodePtr t, struct grab *g)
{
	xmlNodePtr	 art, s, next, parent = t->parent;
	const char	*tc, *sc;
	struct nfo	*ft = nfo(x, t), *f;
	double		 th, bonus, ld;

	g->dir = attr_up(t, "dir");
	g->lang = attr_up(t, "lang");
	art = xmlNewDocNode(x->xd, NULL, (const xmlChar *)"div", NULL);
	th = ft->score * 0.2 > 10 ? ft->score * 0.2 : 10;
	tc = attr_raw(t, "class");
	for (s = parent->children; s != NULL; s = next) {
		next = s->next;
		if (s->type != XML_ELEMENT_NODE)
			continue;
		if (s != t) {
			f = nfo(x, s);
			sc = attr_raw(s, "class");
			bonus = tc != NULL && *tc != '\0' && sc != NULL &&
			    strcmp(tc, sc) == 0 ? ft->score * 0.2 : 0;
			if (!(f->scored && f->score + bonus >= th)) {
				if (!name_is(s, "p"))
					continue;
				ld = link_density(x, s);
				if (!((f->tlen > 80 && ld < 0.25) ||
				    (f->tlen < 80 && f->tlen > 0 && ld == 0 &&
				    is_sentence(s))))
					continue;
			}
		}
		xmlUnlinkNode(s);
		xmlAddChild(art, s);
	}
	xmlAddChild(x->body, art);
	return art;
}

/* ---------------------------------------------------------------------- */
/* Cleaning the article. */

/* An element's UP_* flags from its parent's; none at root. */
static void
up_set(struct xt *x, xmlNodePtr n, xmlNodePtr root)
{
	struct nfo	*f = nfo(x, n), *pf;

	if (n == root || n->parent == NULL ||
	    n->parent->type != XML_ELEMENT_NODE) {
		f->up = 0;
		return;
	}
	pf = nfo(x, n->parent);
	f->up = pf->up;
	if (name_is(n->parent, "table")) {
		f->up |= UP_TABLE;
		if (pf->datatable)
			f->up |= UP_DATA;
	} else if (name_is(n->parent, "code"))
		f->up |= UP_CODE;
	else if (name_is(n->parent, "figure"))
		f->up |= UP_FIGURE;
	else if (name_is(n->parent, "ul") || name_is(n->parent, "ol"))
		f->up |= UP_LIST;
}

/* Set the UP_* flags of every element under root, top down. */
static void
mark_up(struct xt *x, xmlNodePtr root)
{
	xmlNodePtr	 n;

	for (n = root; n != NULL; n = next_node(n, root))
		if (n->type == XML_ELEMENT_NODE)
			up_set(x, n, root);
}

/* Whether a table holds data rather than the page's layout. */
static int
is_data_table(struct xt *x, xmlNodePtr t)
{
	static const char *const heads[] = { "col", "colgroup", "tfoot",
	    "thead", "th", NULL };
	xmlNodePtr	 k, c;
	const char	*v;
	long		 rows = 0, cols, maxcols = 0;

	(void)x;
	if ((v = attr_raw(t, "role")) != NULL &&
	    strcasecmp(v, "presentation") == 0)
		return 0;
	if ((v = attr_raw(t, "datatable")) != NULL && strcmp(v, "0") == 0)
		return 0;
	if (attr_raw(t, "summary") != NULL)
		return 1;
	for (k = next_node(t, t); k != NULL; k = next_node(k, t)) {
		if (name_is(k, "caption") && k->children != NULL)
			return 1;
		if (name_in(k, heads))
			return 1;
		if (name_is(k, "table"))
			return 0;
		if (!name_is(k, "tr"))
			continue;
		v = attr_raw(k, "rowspan");
		rows += v != NULL && atol(v) > 0 && atol(v) < 100 ? atol(v) : 1;
		cols = 0;
		for (c = k->children; c != NULL; c = c->next) {
			if (!name_is(c, "td"))
				continue;
			v = attr_raw(c, "colspan");
			cols += v != NULL && atol(v) > 0 && atol(v) < 100 ?
			    atol(v) : 1;
		}
		if (cols > maxcols)
			maxcols = cols;
	}
	if (rows >= 10 || maxcols > 4)
		return 1;
	return rows * maxcols > 10;
}

/* Drop every element named so under root. */
static void
clean_tags(struct xt *x, xmlNodePtr root, const char *const *names)
{
	xmlNodePtr	n, next;

	for (n = next_node(root, root); n != NULL; n = next) {
		next = next_node(n, root);
		if (name_in(n, names)) {
			next = skip_node(n, root);
			drop(x, n);
		}
	}
}

/* Whether an element's whole text is an ad's or a loading notice. */
static int
is_ad_text(xmlNodePtr n)
{
	struct buf	t = { 0 };
	size_t		i;
	int		r = 0;

	text_collect(n, &t, 40);
	for (i = 0; i < t.len; i++)
		t.data[i] = (char)tolower((unsigned char)t.data[i]);
	for (i = 0; t.len > 0 && ad_words[i] != NULL; i++)
		if (strcmp(t.data, ad_words[i]) == 0)
			r = 1;
	buf_free(&t);
	return r;
}

/* Whether a container is more furniture than article. */
static int
clean_drop(struct xt *x, xmlNodePtr n, int list)
{
	struct nfo	*f = nfo(x, n);
	xmlNodePtr	 k;
	double		 ld, hd;
	int		 w, fig, drop;
	size_t		 li;

	if ((f->up & (UP_DATA | UP_CODE)) ||
	    (name_is(n, "table") && f->datatable) || f->ndata > 0)
		return 0;
	if (!list && f->tlen > 0 && (double)f->listtext / f->tlen > 0.9)
		list = 1;
	w = class_weight(x, n);
	if (w < 0)
		return 1;
	if (f->commas >= 10)
		return 0;
	if (f->tlen < 20 && is_ad_text(n))
		return 1;
	ld = link_density(x, n);
	hd = f->tlen > 0 ? (double)f->htext / f->tlen : 0;
	fig = (f->up & UP_FIGURE) != 0;
	li = f->nli > 100 ? f->nli - 100 : 0;
	drop = (f->nimg > 1 && (double)f->np / f->nimg < 0.5 && !fig) ||
	    (!list && f->nli > 100 && li > f->np) ||
	    (f->ninput > f->np / 3) ||
	    (!list && hd < 0.9 && f->tlen < 25 && (f->nimg == 0 ||
	    f->nimg > 2) && !fig) ||
	    (!list && w < 25 && ld > 0.2) ||
	    (w >= 25 && ld > 0.5) ||
	    (f->nembed == 1 && f->tlen < 75) || f->nembed > 1;
	if (list && drop) {
		for (k = n->children; k != NULL; k = k->next)
			if (k->type == XML_ELEMENT_NODE &&
			    xmlChildElementCount(k) > 1)
				return 1;
		if (f->nimg == f->nli)
			return 0;
	}
	return drop;
}

/*
 * Take a node's counts away from its ancestors up to root before it goes,
 * so that the containers around it are judged on what is left.
 */
static void
uncount(struct xt *x, xmlNodePtr n, xmlNodePtr root, size_t *budget)
{
	struct nfo	*f = nfo(x, n), *a;
	xmlNodePtr	 p;
	struct nfo	 self;

	memset(&self, 0, sizeof self);
	count_child(&self, n, f);
	for (p = n->parent; p != NULL && p->type == XML_ELEMENT_NODE &&
	    *budget > 0; p = p->parent, (*budget)--) {
		a = nfo(x, p);
		a->tlen -= f->tlen < a->tlen ? f->tlen : a->tlen;
		a->llen -= f->llen < a->llen ? f->llen : a->llen;
		a->commas -= f->commas < a->commas ? f->commas : a->commas;
#define SUB(fld) a->fld -= self.fld < a->fld ? self.fld : a->fld
		SUB(np);
		SUB(nimg);
		SUB(nli);
		SUB(ninput);
		SUB(nembed);
		SUB(htext);
		SUB(listtext);
		SUB(ndata);
#undef SUB
		if (p == root)
			break;
	}
}

/* Drop the elements named tag under root that look like furniture. */
static void
clean_cond(struct xt *x, xmlNodePtr root, const char *tag)
{
	xmlNodePtr	*v = NULL, n;
	size_t		 nv = 0, cap = 0, i, budget = FIX_BUDGET;
	int		 list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;

	if (!(x->flags & XF_CLEAN))
		return;
	for (n = next_node(root, root); n != NULL; n = next_node(n, root)) {
		if (!name_is(n, tag))
			continue;
		if (nv == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[nv++] = n;
	}
	remeasure(x, root);
	mark_up(x, root);
	/* Last first, so that nothing in the list is freed before its turn. */
	for (i = nv; i-- > 0;) {
		if (clean_drop(x, v[i], list)) {
			uncount(x, v[i], root, &budget);
			drop(x, v[i]);
		}
	}
	free(v);
}

/* Tidy the article: forms, asides, share bars, link farms, empty parts. */
static void
clean(struct xt *x, xmlNodePtr art)
{
	static const char *const gone[] = { "footer", "aside", "object",
	    "embed", "link", "iframe", "input", "textarea", "select",
	    "button", "form", NULL };
	xmlNodePtr	 n, c, next;
	const char	*h;
	int		 dt;

	/*
	 * The counts under the article stand from the grab; only the new
	 * article, what a table's kind changes and what is cut from now on
	 * are counted again.
	 */
	dirty(x, art);
	for (n = next_node(art, art); n != NULL; n = next_node(n, art)) {
		if (!name_is(n, "table"))
			continue;
		dt = is_data_table(x, n);
		if (nfo(x, n)->datatable != dt)
			dirty(x, n->parent);
		nfo(x, n)->datatable = dt;
	}
	remeasure(x, art);
	clean_cond(x, art, "form");
	clean_cond(x, art, "fieldset");
	clean_tags(x, art, gone);
	remeasure(x, art);
	for (c = art->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (n = next_node(c, c); n != NULL; n = next) {
			next = next_node(n, c);
			if (n->type != XML_ELEMENT_NODE)
				continue;
			h = hints_of(x, n);
			if ((strstr(h, "share") != NULL) &&
			    nfo(x, n)->tlen < 500) {
				next = skip_node(n, c);
				drop(x, n);
			}
		}
	}
	for (n = next_node(art, art); n != NULL; n = next) {
		next = next_node(n, art);
		if ((name_is(n, "h1") || name_is(n, "h2")) &&
		    class_weight(x, n) < 0) {
			next = skip_node(n, art);
			drop(x, n);
		}
	}
	clean_cond(x, art, "table");
	clean_cond(x, art, "ul");
	clean_cond(x, art, "div");
	remeasure(x, art);
	for (n = next_node(art, art); n != NULL; n = next) {
		next = next_node(n, art);
		if (name_is(n, "p") && nfo(x, n)->tlen == 0 &&
		    nfo(x, n)->nimg == 0 && nfo(x, n)->nembed == 0) {
			next = skip_node(n, art);
			drop(x, n);
		}
	}
	remeasure(x, art);
}
/* The grab itself, once the tree is ready. */
static void
grab(struct xt *x, struct grab *g)
{
	xmlNodePtr	 top[NTOP], t, art, c, next;

	/*
	 * Only what related_find() and grab_walk() cut is counted again;
	 * prep() set the UP_* flags, which no cut changes for what is left.
	 */
	remeasure(x, x->body);
	grab_walk(x);
	remeasure(x, x->body);
	score_all(x, top);
	if (top[0] == NULL || top[0] == x->body) {
		art = xmlNewDocNode(x->xd, NULL, (const xmlChar *)"div", NULL);
		for (c = x->body->children; c != NULL; c = next) {
			next = c->next;
			xmlUnlinkNode(c);
			xmlAddChild(art, c);
		}
		xmlAddChild(x->body, art);
		g->dir = attr_up(x->body, "dir");
		g->lang = attr_up(x->body, "lang");
	} else {
		t = top_refine(x, top);
		art = gather(x, t, g);
	}
	clean(x, art);
	g->chars = nfo(x, art)->tlen;
	if (g->dir != NULL)
		xmlSetProp(art, (const xmlChar *)"dir", (xmlChar *)g->dir);
	g->doc = html_walk_node(art, x->base);
}

/* ---------------------------------------------------------------------- */
/* The page. */

/* prep() in the body. */
static void
prep_body(struct xt *x, struct meta_walk *mw)
{
	xmlNodePtr	n = x->body, next, parent;
	int		up = 0;

	while (n != NULL) {
		if (!up && n != x->body && (n->type == XML_COMMENT_NODE ||
		    (n->type == XML_ELEMENT_NODE && (in_list(x, n, L_DROP) ||
		    is_hidden(n))))) {
			if (mw != NULL)
				meta_subtree(mw, n);
			next = n->next;
			parent = n->parent;
			node_drop(n);
			if (next != NULL)
				n = next;
			else {
				n = parent;
				up = 1;
			}
			continue;
		}
		if (!up && n->type == XML_ELEMENT_NODE) {
			if (mw != NULL)
				meta_node(mw, n);
			up_set(x, n, x->body);
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
		}
		if (n->type == XML_ELEMENT_NODE)
			measure_node(x, n);
		if (n == x->body)
			break;
		n = walk_on(n, &up);
	}
}

/*
 * Drop what never shows -- scripts, styles, hidden elements, comments --
 * and count what is left, in one walk of the body: a node is kept or
 * dropped on the way down, where its UP_* flags are set too, and counted
 * on the way up, once its children are all decided.  This is what
 * measure() and mark_up() would give after the drops, in one pass over a
 * tree too large for the cache instead of three.  With mw, the walk also
 * reads the metadata of the whole page in document order, a subtree
 * before it is dropped.
 */
static void
prep(struct xt *x, struct meta_walk *mw)
{
	xmlNodePtr	root = xmlDocGetRootElement(x->xd), c;

	/* body_of() made the body a child of the root. */
	if (mw != NULL) {
		meta_node(mw, root);
		for (c = root->children; c != NULL && c != x->body; c = c->next)
			meta_subtree(mw, c);
	}
	prep_body(x, mw);
	if (mw != NULL)
		for (c = x->body->next; c != NULL; c = c->next)
			meta_subtree(mw, c);
}

/*
 * The page's base URL: the href of its first <base href> (NULL if none;
 * prep() finds it) against the page's URL.
 */
static char *
base_of(const char *href, const char *url)
{
	char	*b;

	if (href != NULL) {
		b = url_resolve(url, href);
		if (b != NULL && url_is_safe_scheme(b))
			return b;
		free(b);
	}
	return url != NULL ? xstrdup(url) : NULL;
}

/* The body element, made if the page has none. */
static xmlNodePtr
body_of(xmlDocPtr xd)
{
	xmlNodePtr	root = xmlDocGetRootElement(xd), n;

	if (root == NULL) {
		root = xmlNewDocNode(xd, NULL, (const xmlChar *)"html", NULL);
		xmlDocSetRootElement(xd, root);
	}
	for (n = root->children; n != NULL; n = n->next)
		if (name_is(n, "body"))
			return n;
	return xmlNewChild(root, NULL, (const xmlChar *)"body", NULL);
}

static void
meta_free(struct meta *m)
{
	free(m->title);
	free(m->doctitle);
	free(m->byline);
	free(m->date);
	free(m->lang);
	free(m->dir);
	free(m->body);
}

static void
grab_free(struct grab *g)
{
	html_doc_free(g->doc);
	free(g->dir);
	free(g->lang);
	memset(g, 0, sizeof *g);
}

/* Whether a language is written right to left. */
static int
lang_rtl(const char *l)
{
	static const char *const rtl[] = { "ar", "fa", "he", "iw", "ur", "ps",
	    "yi", "ckb", "dv", "sd", "ug", "ku-arab", NULL };
	size_t	i, n;

	for (i = 0; rtl[i] != NULL; i++) {
		n = strlen(rtl[i]);
		if (strncasecmp(l, rtl[i], n) == 0 && (l[n] == '\0' ||
		    l[n] == '-' || l[n] == '_'))
			return 1;
	}
	return 0;
}

/* Right to left when most strong letters of the body are. */
static enum text_dir
body_dir(const struct html_doc *d)
{
	size_t		i, j, n, r = 0, l = 0;
	uint32_t	c;

	for (i = 0; i < d->nblocks; i++) {
		for (j = 0; j < d->blocks[i].len; j += n) {
			n = utf8_decode(d->blocks[i].text + j,
			    d->blocks[i].len - j, &c);
			if ((c >= 0x0590 && c <= 0x08FF) ||
			    (c >= 0xFB1D && c <= 0xFDFF) ||
			    (c >= 0xFE70 && c <= 0xFEFF))
				r++;
			else if ((c >= 'A' && c <= 'Z') ||
			    (c >= 'a' && c <= 'z') || (c >= 0xC0 && c < 0x2B0))
				l++;
		}
	}
	if (r == 0 && l == 0)
		return TEXT_DIR_AUTO;
	return r > l ? TEXT_DIR_RTL : TEXT_DIR_LTR;
}

/* A body from JSON-LD articleBody: one paragraph a line. */
static struct html_doc *
doc_from_text(const char *s)
{
	struct html_doc	*d = html_doc_new();
	const char	*e;

	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		if (html_doc_begin(d, BLOCK_PARA, NULL) == NULL)
			break;
		html_doc_text(d, s, (size_t)(e - s), 0, 0);
		html_doc_end(d);
	}
	return d;
}

/* Characters in a text, for comparing with the grab's count. */
static size_t
chars_of(const char *s)
{
	size_t	c = 0;

	return s != NULL ? text_chars(s, &c) : 0;
}

/* Extract the article from len bytes of HTML. */
struct extract *
extract_page(const char *buf, size_t len, const char *url,
    const char *charset, char **cause)
{
	static const int	 tries[] = { XF_ALL, XF_ALL & ~XF_STRIP,
	    XF_CLEAN, 0 };
	struct extract		*ex;
	struct meta		 m;
	struct xt		 x;
	struct grab		 g, best;
	xmlDocPtr		 xd;
	struct meta_walk	 mw;
	char			 cs[64], *base = NULL, *byline = NULL, *p;
	char			*basehref;
	int64_t			 t;
	size_t			 i;

	*cause = NULL;
	if (len > EXTRACT_MAX_SIZE) {
		xasprintf(cause, "larger than %u MiB",
		    EXTRACT_MAX_SIZE / 1024 / 1024);
		return NULL;
	}
	extract_charset(buf, len, charset, cs);
	if (charset != NULL) {
		xmlCharEncodingHandlerPtr	h;

		if ((h = xmlFindCharEncodingHandler(cs)) == NULL) {
			xasprintf(cause, "unknown charset %s", cs);
			return NULL;
		}
		xmlCharEncCloseFunc(h);
	}
	ex = xcalloc(1, sizeof *ex);
	ex->charset = xstrdup(cs);
	memset(&m, 0, sizeof m);
	memset(&best, 0, sizeof best);
	for (i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		if ((xd = html_read(len > 0 ? buf : " ", len > 0 ? len : 1,
		    cs)) == NULL) {
			if (i == 0) {
				xasprintf(cause, "cannot parse as HTML");
				extract_free(ex);
				return NULL;
			}
			break;
		}
		memset(&x, 0, sizeof x);
		memset(&g, 0, sizeof g);
		x.xd = xd;
		x.flags = tries[i];
		x.budget = FIX_BUDGET;
		x.body = body_of(xd);
		/* The first tree's first walk reads the metadata too. */
		if (i == 0)
			meta_begin(&mw, &m, xmlDocGetRootElement(xd));
		prep(&x, i == 0 ? &mw : NULL);
		if (i == 0) {
			basehref = meta_end(&mw);
			base = base_of(basehref, url);
			free(basehref);
			if (m.title == NULL && m.doctitle != NULL)
				m.title = title_clean(m.doctitle);
			x.ex = ex;
		}
		x.base = base;
		if (url != NULL) {
			x.page = xstrdup(url);
			if ((p = strchr(x.page, '#')) != NULL)
				*p = '\0';
		}
		x.title = m.title;
		related_find(&x);
		grab(&x, &g);
		if (byline == NULL && x.byline != NULL) {
			byline = x.byline;
			x.byline = NULL;
		}
		free(x.byline);
		free(x.page);
		free(x.cands);
		buf_free(&x.tmp);
		pool_free(&x.pool);
		xmlFreeDoc(xd);
		if (best.doc == NULL || g.chars > best.chars) {
			grab_free(&best);
			best = g;
		} else
			grab_free(&g);
		if (best.chars >= MIN_CHARS)
			break;
	}
	if (m.body != NULL && best.chars < MIN_CHARS &&
	    chars_of(m.body) > 2 * best.chars)
		ex->body = doc_from_text(m.body);
	else if (best.doc != NULL) {
		ex->body = best.doc;
		best.doc = NULL;
	}
	if (ex->body == NULL)
		ex->body = html_doc_new();
	ex->truncated |= ex->body->truncated;
	ex->title = m.title;
	m.title = NULL;
	ex->byline = m.byline != NULL ? m.byline : byline;
	if (ex->byline == m.byline) {
		m.byline = NULL;
		free(byline);
	}
	if (m.date != NULL && date_parse(m.date, &t) == 0) {
		ex->has_published = 1;
		ex->published = t;
	}
	ex->lang = best.lang != NULL ? xstrdup(best.lang) : m.lang != NULL ?
	    xstrdup(m.lang) : NULL;
	p = best.dir != NULL ? best.dir : m.dir;
	if (p != NULL && strcasecmp(p, "rtl") == 0)
		ex->dir = TEXT_DIR_RTL;
	else if (p != NULL && strcasecmp(p, "ltr") == 0)
		ex->dir = TEXT_DIR_LTR;
	else if (ex->lang != NULL && lang_rtl(ex->lang))
		ex->dir = TEXT_DIR_RTL;
	else
		ex->dir = body_dir(ex->body);
	grab_free(&best);
	meta_free(&m);
	free(base);
	return ex;
}

/* Free an extraction; NULL is fine. */
void
extract_free(struct extract *ex)
{
	size_t	i;

	if (ex == NULL)
		return;
	free(ex->title);
	free(ex->byline);
	free(ex->lang);
	free(ex->charset);
	html_doc_free(ex->body);
	for (i = 0; i < ex->nrelated; i++) {
		free(ex->related[i].href);
		free(ex->related[i].title);
	}
	free(ex->related);
	free(ex);
}

/*
 * Whether the bytes at i of a block are a glued "[N]" link mark: digits
 * in brackets, every byte carrying link N.
 */
static size_t
mark_len(const struct block *b, size_t i)
{
	unsigned	n, num = 0;
	size_t		j;

	if (b->text[i] != '[' || (n = TEXT_LINK(b->attr[i])) == 0)
		return 0;
	for (j = i + 1; j < b->len && isdigit((unsigned char)b->text[j]);
	    j++) {
		if (TEXT_LINK(b->attr[j]) != n || num > 100000)
			return 0;
		num = num * 10 + (unsigned)(b->text[j] - '0');
	}
	if (j == i + 1 || j >= b->len || b->text[j] != ']' || num != n)
		return 0;
	return j + 1 - i;
}

/* Whether text shows anything: not only spaces and format characters. */
static int
visible(const char *s, size_t len)
{
	size_t		i, n;
	uint32_t	c;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (c != ' ' && c != '\n' && c != 0xFEFF && c != 0xA0 &&
		    !(c >= 0x200B && c <= 0x200F))
			return 1;
	}
	return 0;
}

/* The body as plain text. */
char *
extract_text(const struct html_doc *d)
{
	struct buf		 out = { 0 };
	const struct block	*b;
	size_t			 i, j, k, start;

	for (i = 0; i < d->nblocks; i++) {
		b = &d->blocks[i];
		if (b->kind == BLOCK_RULE || b->len == 0)
			continue;
		start = out.len;
		if (out.len > 0)
			buf_adds(&out, "\n\n");
		for (j = 0; j < b->len;) {
			if ((k = mark_len(b, j)) > 0) {
				j += k;
				continue;
			}
			if (b->text[j] == '[' && (strncmp(b->text + j,
			    "[image]", 7) == 0 || strncmp(b->text + j,
			    "[image: ", 8) == 0)) {
				const char *e = strchr(b->text + j, ']');

				if (e != NULL && e[1] == ']')
					e++;
				if (e != NULL) {
					j = (size_t)(e - b->text) + 1;
					continue;
				}
			}
			buf_addc(&out, b->text[j]);
			j++;
		}
		/* A block that was only marks and images leaves nothing. */
		if (out.len > start &&
		    !visible(out.data + start, out.len - start))
			out.len = start;
	}
	if (out.data == NULL)
		return xstrdup("");
	out.data[out.len] = '\0';
	return buf_detach(&out, NULL);
}
