/* khabar - ISC licence, see LICENSE. */

/*
 * OPML import and export (see opml.h).  OPML files are small, so the
 * document is read into a libxml2 tree and walked recursively, carrying the
 * folder path that becomes a tag.  The result is a struct opml: an array of
 * feeds, each a struct feeds_entry (so import can append them to the feeds
 * file as they are) plus the site URL, and the warnings about outlines that
 * were skipped.  The parser's entity declaration callback is replaced by
 * one that stops the parse: OPML has no use for a DTD, and refusing
 * declarations outright is simpler to trust than limits on expansion.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "config/feeds.h"
#include "config/opml.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

struct opml_walk {
	struct opml	*o;
	const char	*name;
	int		 deep;		/* warned about depth already */
};

static void	opml_warn(struct opml *, const char *, long, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static void	opml_entity_decl(void *, const xmlChar *, int, const xmlChar *,
		    const xmlChar *, xmlChar *);
static char	*opml_attr(xmlNodePtr, const char *);
static char	*opml_clean(char *);
static void	opml_tag(struct feeds_entry *, const char *);
static void	opml_categories(struct feeds_entry *, const char *);
static void	opml_outline(struct opml_walk *, xmlNodePtr, const char *);
static void	opml_walk(struct opml_walk *, xmlNodePtr, const char *, int);
static void	opml_escape(struct buf *, const char *);

static void
opml_warn(struct opml *o, const char *name, long line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	va_end(ap);
	o->warnings = xreallocarray(o->warnings, o->nwarnings + 1,
	    sizeof *o->warnings);
	xasprintf(&o->warnings[o->nwarnings++], "%s:%ld: %s", name, line, msg);
	free(msg);
}

/* An entity declaration: note it and stop before anything uses it. */
static void
opml_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *public_id, const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr	ctxt = ctx;

	(void)name;
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	*(int *)ctxt->_private = 1;
	xmlStopParser(ctxt);
}

/* The attribute as a malloc'd string, or NULL when absent. */
static char *
opml_attr(xmlNodePtr node, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(node, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/*
 * Trim s and collapse each run of blanks and control characters into one
 * space, in place; return s, or NULL (freeing it) when nothing is left.
 */
static char *
opml_clean(char *s)
{
	char	*r, *w;
	int	 space = 0;

	if (s == NULL)
		return NULL;
	for (r = w = s; *r != '\0'; r++) {
		if ((unsigned char)*r <= 0x20 || *r == 0x7f) {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * Add tag to e.  In the feeds file a tag starting with "~" is a title and
 * one starting with "!" hides the feed, so those characters go.
 */
static void
opml_tag(struct feeds_entry *e, const char *tag)
{
	feeds_entry_add_tag(e, tag + strspn(tag, "~!"));
}

/* Add each comma-separated category as a tag, without a leading "/". */
static void
opml_categories(struct feeds_entry *e, const char *list)
{
	char	*copy, *p, *tok, *t;

	copy = xstrdup(list);
	for (p = copy; (tok = strsep(&p, ",")) != NULL; ) {
		t = opml_clean(xstrdup(tok));
		if (t != NULL)
			opml_tag(e, t[0] == '/' ? t + 1 : t);
		free(t);
	}
	free(copy);
}

/* A feed outline: check it and add it, or merge it with its twin. */
static void
opml_outline(struct opml_walk *w, xmlNodePtr node, const char *folder)
{
	struct opml		*o = w->o;
	struct opml_feed	 f;
	char			*url, *v, *cause;
	long			 line = xmlGetLineNo(node);
	size_t			 i, j;

	memset(&f, 0, sizeof f);
	if ((url = opml_attr(node, "xmlUrl")) == NULL &&
	    (url = opml_attr(node, "xmlurl")) == NULL)
		url = opml_attr(node, "url");
	url = opml_clean(url);
	if (url == NULL) {
		opml_warn(o, w->name, line, "outline with an empty xmlUrl");
		return;
	}
	v = url[0] == '|' ? NULL : opml_attr(node, "filtercmd");
	if (url[0] == '|' || v != NULL) {
		free(v);
		opml_warn(o, w->name, line, "refusing a feed that runs a "
		    "command: %s", url);
		free(url);
		return;
	}
	if (feeds_check_url(url, &cause) != 0) {
		opml_warn(o, w->name, line, "%s", cause);
		free(cause);
		free(url);
		return;
	}
	f.e.url = url;
	f.e.line = line > 0 ? (size_t)line : 0;
	if ((f.e.title = opml_clean(opml_attr(node, "text"))) == NULL)
		f.e.title = opml_clean(opml_attr(node, "title"));
	/* Exporters write the URL when they know no title. */
	if (f.e.title != NULL && strcmp(f.e.title, url) == 0) {
		free(f.e.title);
		f.e.title = NULL;
	}
	f.html_url = opml_clean(opml_attr(node, "htmlUrl"));
	if (folder != NULL)
		opml_tag(&f.e, folder);
	if ((v = opml_attr(node, "category")) != NULL) {
		opml_categories(&f.e, v);
		free(v);
	}
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->v[i].e.url, url) != 0)
			continue;
		for (j = 0; j < f.e.ntags; j++)
			feeds_entry_add_tag(&o->v[i].e, f.e.tags[j]);
		feeds_entry_clear(&f.e);
		free(f.html_url);
		return;
	}
	o->v = xreallocarray(o->v, o->n + 1, sizeof *o->v);
	o->v[o->n++] = f;
}

/* Walk the outlines under parent, inside the folder path folder. */
static void
opml_walk(struct opml_walk *w, xmlNodePtr parent, const char *folder,
    int depth)
{
	xmlNodePtr	 node;
	char		*url, *name, *sub;

	if (depth > OPML_MAX_DEPTH) {
		if (!w->deep)
			opml_warn(w->o, w->name, xmlGetLineNo(parent),
			    "outlines nested deeper than %d levels skipped",
			    OPML_MAX_DEPTH);
		w->deep = 1;
		return;
	}
	for (node = parent->children; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)node->name, "outline") != 0)
			continue;
		url = opml_attr(node, "xmlUrl");
		if (url == NULL)
			url = opml_attr(node, "xmlurl");
		if (url == NULL && (name = opml_attr(node, "type")) != NULL) {
			/* OPML 1.0 readers wrote url= on feeds, never on links. */
			if (strcmp(name, "link") != 0)
				url = opml_attr(node, "url");
			free(name);
		}
		if (url != NULL) {
			free(url);
			opml_outline(w, node, folder);
			opml_walk(w, node, folder, depth + 1);
			continue;
		}
		if ((name = opml_clean(opml_attr(node, "text"))) == NULL)
			name = opml_clean(opml_attr(node, "title"));
		if (name == NULL)
			sub = folder != NULL ? xstrdup(folder) : NULL;
		else if (folder == NULL)
			sub = xstrdup(name);
		else
			xasprintf(&sub, "%s/%s", folder, name);
		free(name);
		opml_walk(w, node, sub, depth + 1);
		free(sub);
	}
}

int
opml_parse(const char *name, const char *data, size_t len, struct opml *o,
    char **cause)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, body;
	const xmlError		*err;
	struct opml_walk	 w;
	int			 entities = 0;

	memset(o, 0, sizeof *o);
	if (len > OPML_MAX_SIZE) {
		xasprintf(cause, "%s: too big for an OPML file (over %d MiB)",
		    name, OPML_MAX_SIZE / (1024 * 1024));
		return -1;
	}
	if (len > INT32_MAX || (ctxt = xmlNewParserCtxt()) == NULL) {
		xasprintf(cause, "%s: cannot set up the XML parser", name);
		return -1;
	}
	ctxt->_private = &entities;
	ctxt->sax->entityDecl = opml_entity_decl;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_BIG_LINES);
	if (entities) {
		xasprintf(cause, "%s: entity declarations are not allowed in "
		    "OPML", name);
		goto fail;
	}
	if (doc == NULL) {
		err = xmlCtxtGetLastError(ctxt);
		if (err != NULL && err->message != NULL)
			xasprintf(cause, "%s:%d: not well-formed XML: %.*s",
			    name, err->line, (int)strcspn(err->message, "\n"),
			    err->message);
		else
			xasprintf(cause, "%s: not well-formed XML", name);
		goto fail;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp((const char *)root->name, "opml") != 0) {
		xasprintf(cause, "%s: not an OPML file (no <opml> element)",
		    name);
		goto fail;
	}
	for (body = root->children; body != NULL; body = body->next)
		if (body->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)body->name, "body") == 0)
			break;
	if (body == NULL) {
		xasprintf(cause, "%s: not an OPML file (no <body> element)",
		    name);
		goto fail;
	}
	w.o = o;
	w.name = name;
	w.deep = 0;
	opml_walk(&w, body, NULL, 1);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return 0;

fail:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	opml_free(o);
	return -1;
}

int
opml_load(const char *path, struct opml *o, char **cause)
{
	struct buf	 b = { 0 };
	const char	*name = path;
	ssize_t		 n;
	int		 fd, rc;

	memset(o, 0, sizeof *o);
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		name = "(standard input)";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* Read one byte past the cap so that too big is told apart. */
	while (b.len <= OPML_MAX_SIZE) {
		buf_grow(&b, 65536);
		n = read(fd, b.data + b.len, 65536);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, "%s: %s", name, strerror(errno));
			if (fd != STDIN_FILENO)
				close(fd);
			buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		b.len += n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	rc = opml_parse(name, b.data != NULL ? b.data : "", b.len, o, cause);
	buf_free(&b);
	return rc;
}

void
opml_free(struct opml *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++) {
		feeds_entry_clear(&o->v[i].e);
		free(o->v[i].html_url);
	}
	free(o->v);
	for (i = 0; i < o->nwarnings; i++)
		free(o->warnings[i]);
	free(o->warnings);
	memset(o, 0, sizeof *o);
}

/*
 * Add s escaped for a double-quoted attribute.  Bytes that are not UTF-8,
 * and characters XML 1.0 does not allow, become U+FFFD or go, so that what
 * is written can always be read back.
 */
static void
opml_escape(struct buf *b, const char *s)
{
	uint32_t	cp;
	size_t		n, len = strlen(s);

	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (cp == '&')
			buf_adds(b, "&amp;");
		else if (cp == '<')
			buf_adds(b, "&lt;");
		else if (cp == '>')
			buf_adds(b, "&gt;");
		else if (cp == '"')
			buf_adds(b, "&quot;");
		else if (cp == '\t' || cp == '\n' || cp == '\r')
			buf_printf(b, "&#%u;", (unsigned)cp);
		else if (cp < 0x20 || cp == 0xfffe || cp == 0xffff)
			;
		else
			buf_add_utf8(b, cp);
		s += n;
		len -= n;
	}
}

int
opml_write(FILE *f, const struct opml_feed *v, size_t n, char **cause)
{
	struct buf		 b = { 0 };
	const struct feeds_entry *e;
	const char		*title;
	char			*tag, *p;
	size_t			 i, j;

	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "  <head>\n"
	    "    <title>khabar feeds</title>\n"
	    "  </head>\n"
	    "  <body>\n");
	for (i = 0; i < n; i++) {
		e = &v[i].e;
		title = e->title != NULL ? e->title : e->url;
		buf_adds(&b, "    <outline type=\"rss\" text=\"");
		opml_escape(&b, title);
		buf_adds(&b, "\" title=\"");
		opml_escape(&b, title);
		buf_adds(&b, "\" xmlUrl=\"");
		opml_escape(&b, e->url);
		buf_addc(&b, '"');
		if (v[i].html_url != NULL) {
			buf_adds(&b, " htmlUrl=\"");
			opml_escape(&b, v[i].html_url);
			buf_addc(&b, '"');
		}
		if (e->ntags > 0) {
			buf_adds(&b, " category=\"");
			for (j = 0; j < e->ntags; j++) {
				if (j > 0)
					buf_addc(&b, ',');
				/* A comma inside a tag would split it. */
				tag = xstrdup(e->tags[j]);
				for (p = tag; (p = strchr(p, ',')) != NULL; )
					*p = '_';
				opml_escape(&b, tag);
				free(tag);
			}
			buf_addc(&b, '"');
		}
		buf_adds(&b, "/>\n");
	}
	buf_adds(&b, "  </body>\n</opml>\n");
	if (fwrite(b.data, 1, b.len, f) != b.len || fflush(f) != 0) {
		xasprintf(cause, "write error: %s", strerror(errno));
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	return 0;
}
