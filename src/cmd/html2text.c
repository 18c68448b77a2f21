/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar html2text': an HTML file becomes the blocks of src/html/text.c,
 * each laid out as a paragraph by the layout engine, then a list of the
 * numbered links.  A block's margin (indent, block-quote bars, list
 * marker) sits on its start side: the left of a left-to-right paragraph,
 * the right of a right-to-left one.  The text is wrapped to what the
 * margin leaves, and a list item's later rows hang under its first word.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "html/text.h"
#include "text/layout.h"
#include "text/utf8.h"
#include "util/buf.h"

#define INPUT_MAX	(64L * 1024 * 1024)	/* bytes of HTML */
#define QUOTE_BAR	"\xe2\x94\x82"		/* U+2502 */
#define RULE_CHAR	"\xe2\x94\x80"		/* U+2500 */

/* The margin of one block, already fitted to the width. */
struct margin {
	int	indent;		/* blank cells */
	int	bars;		/* quote bars, two cells each */
	int	mcols;		/* cells for the marker and its gap */
	int	avail;		/* cells left for the text */
	int	rtl;
};

struct out {
	int		 width;
	struct layout	 lay;
	struct buf	 line;
	struct buf	 row;
	struct buf	 marker;	/* the marker in visual order */
	int		 marker_cols;
};

static int	read_all(FILE *, struct buf *);
static void	margin_fit(const struct block *, int, struct margin *);
static void	marker_visual(struct out *, const char *, int);
static void	line_start(struct out *, const struct margin *, int,
		    const char *);
static void	line_flush(struct out *);
static void	spaces(struct buf *, int);
static void	render_block(struct out *, const struct block *);
static void	url_print(const char *);

/* Read a whole stream; -1 with errno set, or EFBIG past INPUT_MAX. */
static int
read_all(FILE *f, struct buf *b)
{
	size_t	n;

	for (;;) {
		buf_grow(b, 65536);
		n = fread(b->data + b->len, 1, 65536, f);
		b->len += n;
		if ((long)b->len > INPUT_MAX) {
			errno = EFBIG;
			return -1;
		}
		if (n < 65536)
			break;
	}
	if (ferror(f))
		return -1;
	if (b->data != NULL)
		b->data[b->len] = '\0';
	return 0;
}

static void
spaces(struct buf *b, int n)
{
	while (n-- > 0)
		buf_addc(b, ' ');
}

/*
 * Deep nesting must not squeeze the text out: the margin takes at most
 * half the width, giving up indent first, then quote bars.
 */
static void
margin_fit(const struct block *b, int width, struct margin *m)
{
	int	most = width / 2;

	m->indent = b->indent;
	m->bars = b->quote;
	m->mcols = b->marker[0] != '\0' ? b->marker_cols : 0;
	if (m->indent + 2 * m->bars + m->mcols > most) {
		m->indent = most - 2 * m->bars - m->mcols;
		if (m->indent < 0) {
			m->indent = 0;
			m->bars = (most - m->mcols) / 2;
			if (m->bars < 0)
				m->bars = 0;
		}
	}
	m->avail = width - m->indent - 2 * m->bars - m->mcols;
	if (m->avail < 1)
		m->avail = 1;
}

/* The marker as it reads in the paragraph's direction: "1." or ".1". */
static void
marker_visual(struct out *o, const char *marker, int rtl)
{
	struct para_opts	 opts = para_opts_default;
	struct para		*p;

	opts.dir = rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR;
	p = para_new(marker, strlen(marker), NULL, &opts);
	layout_wrap(p, 0, &o->lay);
	buf_reset(&o->marker);
	o->marker_cols = 0;
	if (o->lay.nrows > 0) {
		o->lay.rows[0].indent = 0;
		layout_row_utf8(&o->lay.rows[0], &o->marker);
		o->marker_cols = o->lay.rows[0].cols;
	}
	para_free(p);
}

/*
 * Build one output line around the text of a row (o->row, cols cells
 * wide): the margin on the start side, the marker on the first row.
 */
static void
line_start(struct out *o, const struct margin *m, int first,
    const char *rowtext)
{
	int	i, pad = m->mcols - 1 - o->marker_cols;

	buf_reset(&o->line);
	if (pad < 0)
		pad = 0;
	if (!m->rtl) {
		spaces(&o->line, m->indent);
		for (i = 0; i < m->bars; i++)
			buf_adds(&o->line, QUOTE_BAR " ");
		if (first && m->mcols > 0) {
			spaces(&o->line, pad);
			buf_add(&o->line, o->marker.data, o->marker.len);
			buf_addc(&o->line, ' ');
		} else
			spaces(&o->line, m->mcols);
		buf_adds(&o->line, rowtext);
		return;
	}
	buf_adds(&o->line, rowtext);
	if (first && m->mcols > 0) {
		buf_addc(&o->line, ' ');
		buf_add(&o->line, o->marker.data, o->marker.len);
		spaces(&o->line, pad);
	} else
		spaces(&o->line, m->mcols);
	for (i = 0; i < m->bars; i++)
		buf_adds(&o->line, " " QUOTE_BAR);
}

/* Print the line without trailing blanks, no-break spaces as spaces. */
static void
line_flush(struct out *o)
{
	struct buf	*l = &o->line;
	size_t		 i, j = 0;

	for (i = 0; i < l->len; i++) {
		if ((unsigned char)l->data[i] == 0xC2 && i + 1 < l->len &&
		    (unsigned char)l->data[i + 1] == 0xA0) {
			l->data[j++] = ' ';
			i++;
		} else
			l->data[j++] = l->data[i];
	}
	while (j > 0 && l->data[j - 1] == ' ')
		j--;
	l->len = j;
	buf_addc(l, '\n');
	fwrite(l->data, 1, l->len, stdout);
}

static void
render_block(struct out *o, const struct block *b)
{
	struct para_opts	 opts = para_opts_default;
	struct margin		 m;
	struct para		*p;
	size_t			 i;
	int			 cells, k;

	margin_fit(b, o->width, &m);
	if (b->kind == BLOCK_RULE) {
		m.rtl = b->dir == TEXT_DIR_RTL;
		buf_reset(&o->row);
		for (k = 0; k < m.avail; k++)
			buf_adds(&o->row, RULE_CHAR);
		o->marker_cols = 0;
		line_start(o, &m, 0, o->row.data);
		line_flush(o);
		return;
	}
	opts.dir = b->dir;
	p = para_new(b->text, b->len, b->attr, &opts);
	m.rtl = para_is_rtl(p);
	if (m.mcols > 0)
		marker_visual(o, b->marker, m.rtl);
	/* Pre is never wrapped: a long line runs past the width. */
	layout_wrap(p, b->kind == BLOCK_PRE ? 0 : m.avail, &o->lay);
	for (i = 0; i < o->lay.nrows; i++) {
		buf_reset(&o->row);
		cells = o->lay.rows[i].indent + o->lay.rows[i].cols;
		/* Right-to-left rows end at the margin, whatever the wrap. */
		if (m.rtl && cells < m.avail)
			spaces(&o->row, m.avail - cells);
		layout_row_utf8(&o->lay.rows[i], &o->row);
		line_start(o, &m, i == 0, o->row.data != NULL ? o->row.data :
		    "");
		line_flush(o);
	}
	para_free(p);
}

/*
 * URLs come from the page: control characters, and the bidi controls that
 * could make one URL look like another, are shown percent-encoded.
 */
static void
url_print(const char *url)
{
	size_t		 len = strlen(url), i = 0, n, k;
	uint32_t	 c;
	int		 bad;

	while (i < len) {
		n = utf8_decode(url + i, len - i, &c);
		bad = c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
		    (c == UTF8_REPLACEMENT && n < 3) || c == 0x061C ||
		    c == 0x200E || c == 0x200F ||
		    (c >= 0x202A && c <= 0x202E) ||
		    (c >= 0x2066 && c <= 0x2069);
		for (k = 0; k < n; k++) {
			if (bad)
				printf("%%%02X", (unsigned char)url[i + k]);
			else
				putchar(url[i + k]);
		}
		i += n;
	}
}

/* Print an HTML file as laid-out text followed by its numbered links. */
int
cmd_html2text(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width",	required_argument,	NULL, 'w' },
		{ "base-url",	required_argument,	NULL, 'b' },
		{ "charset",	required_argument,	NULL, 'c' },
		{ NULL,		0,			NULL, 0 }
	};
	struct out	 o;
	struct buf	 in = { 0 };
	struct html_doc	*doc;
	const char	*path, *base = NULL, *charset = NULL;
	FILE		*f = stdin;
	size_t		 i;
	int		 ch, rc;

	memset(&o, 0, sizeof o);
	o.width = cmd_term_width();
	while ((ch = getopt_long(argc, argv, "w:b:c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (cmd_parse_width(optarg, &o.width) == -1) {
				fprintf(stderr, "khabar html2text: bad width: "
				    "%s\n", optarg);
				goto usage;
			}
			break;
		case 'b':
			base = optarg;
			break;
		case 'c':
			charset = optarg;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1) {
		fprintf(stderr, "khabar html2text: %s\n", argc == 0 ?
		    "no FILE (use - for standard input)" : "one FILE at most");
		goto usage;
	}
	path = argv[0];
	if (strcmp(path, "-") == 0)
		path = "standard input";
	else if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "khabar html2text: %s: %s\n", path,
		    strerror(errno));
		return 1;
	}
	rc = read_all(f, &in);
	if (rc == -1)
		fprintf(stderr, "khabar html2text: %s: %s\n", path,
		    errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
	if (f != stdin)
		fclose(f);
	if (rc == -1) {
		buf_free(&in);
		return 1;
	}
	doc = html_parse(in.data, in.len, base, charset);
	buf_free(&in);
	if (doc == NULL) {
		if (charset != NULL)
			fprintf(stderr, "khabar html2text: %s: cannot read "
			    "as HTML in charset %s\n", path, charset);
		else
			fprintf(stderr, "khabar html2text: %s: cannot parse "
			    "as HTML\n", path);
		return 1;
	}
	for (i = 0; i < doc->nblocks; i++) {
		if (i > 0 && !doc->blocks[i].tight)
			putchar('\n');
		render_block(&o, &doc->blocks[i]);
	}
	if (doc->nlinks > 0) {
		printf("%sLinks:\n", doc->nblocks > 0 ? "\n" : "");
		for (i = 0; i < doc->nlinks; i++) {
			printf("[%zu] ", i + 1);
			url_print(doc->links[i].url);
			putchar('\n');
		}
	}
	if (doc->truncated)
		fprintf(stderr, "khabar html2text: warning: %s: too large, "
		    "output cut short\n", path);
	html_doc_free(doc);
	layout_free(&o.lay);
	buf_free(&o.line);
	buf_free(&o.row);
	buf_free(&o.marker);
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "khabar html2text: standard output: %s\n",
		    strerror(errno));
		return 1;
	}
	return 0;

usage:
	cmd_usage_hint("html2text");
	return EXIT_USAGE;
}
