/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar html2text': an HTML file becomes the blocks of src/html/text.c,
 * each laid out as a paragraph by the layout engine (cmd/blocks-print.c),
 * then a list of the numbered links.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/blocks-print.h"
#include "cmd/cmd.h"
#include "html/text.h"
#include "util/buf.h"

#define INPUT_MAX	(64U * 1024 * 1024)	/* bytes of HTML */

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
	struct blocks_out	*o;
	int		 width;
	struct buf	 in = { 0 };
	struct html_doc	*doc;
	const char	*path, *base = NULL, *charset = NULL;
	FILE		*f = stdin;
	size_t		 i;
	int		 ch, rc;

	width = cmd_term_width();
	while ((ch = getopt_long(argc, argv, "w:b:c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (cmd_parse_width(optarg, &width) == -1) {
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
	rc = buf_add_file(&in, f, INPUT_MAX);
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
	o = blocks_out_new(width);
	for (i = 0; i < doc->nblocks; i++) {
		if (i > 0 && !doc->blocks[i].tight)
			putchar('\n');
		blocks_print(o, &doc->blocks[i]);
	}
	if (doc->nlinks > 0) {
		printf("%sLinks:\n", doc->nblocks > 0 ? "\n" : "");
		for (i = 0; i < doc->nlinks; i++) {
			printf("[%zu] ", i + 1);
			blocks_print_url(doc->links[i].url);
			putchar('\n');
		}
	}
	if (doc->truncated)
		fprintf(stderr, "khabar html2text: warning: %s: too large, "
		    "output cut short\n", path);
	html_doc_free(doc);
	blocks_out_free(o);
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
