/* khabar - ISC licence, see LICENSE. */
/*
 * `khabar render': every input line is a paragraph, laid out by the layout
 * engine and printed one screen row per output line.  It is a pipe tool and
 * the test surface of src/text/layout.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "text/layout.h"
#include "util/buf.h"

static int	render_stream(FILE *, int, const struct para_opts *);

static int
render_stream(FILE *f, int width, const struct para_opts *opts)
{
	struct layout	 lay = { 0 };
	struct buf	 out = { 0 };
	struct para	*p;
	char		*line = NULL;
	size_t		 cap = 0, i;
	ssize_t		 n;

	while ((n = getline(&line, &cap, f)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		p = para_new(line, (size_t)n, NULL, opts);
		layout_wrap(p, width, &lay);
		for (i = 0; i < lay.nrows; i++) {
			buf_reset(&out);
			layout_row_utf8(&lay.rows[i], &out);
			while (out.len > 0 && out.data[out.len - 1] == ' ')
				out.len--;
			buf_addc(&out, '\n');
			fwrite(out.data, 1, out.len, stdout);
		}
		para_free(p);
	}
	free(line);
	buf_free(&out);
	layout_free(&lay);
	return ferror(f) ? -1 : 0;
}

int
cmd_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width",	required_argument,	NULL, 'w' },
		{ "dir",	required_argument,	NULL, 'd' },
		{ "no-shape",	no_argument,		NULL, 'S' },
		{ NULL,		0,			NULL, 0 }
	};
	struct para_opts	 opts = para_opts_default;
	const char		*path = NULL;
	FILE			*f = stdin;
	int			 ch, width, rc;

	width = cmd_term_width();
	while ((ch = getopt_long(argc, argv, "w:d:S", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (cmd_parse_width(optarg, &width) == -1) {
				fprintf(stderr, "khabar render: bad width: %s\n",
				    optarg);
				goto usage;
			}
			break;
		case 'd':
			if (strcmp(optarg, "auto") == 0)
				opts.dir = TEXT_DIR_AUTO;
			else if (strcmp(optarg, "ltr") == 0)
				opts.dir = TEXT_DIR_LTR;
			else if (strcmp(optarg, "rtl") == 0)
				opts.dir = TEXT_DIR_RTL;
			else {
				fprintf(stderr, "khabar render: bad direction: "
				    "%s (auto, ltr or rtl)\n", optarg);
				goto usage;
			}
			break;
		case 'S':
			opts.shape = 0;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		fprintf(stderr, "khabar render: one FILE at most\n");
		goto usage;
	}
	if (argc == 1 && strcmp(argv[0], "-") != 0) {
		path = argv[0];
		if ((f = fopen(path, "r")) == NULL) {
			fprintf(stderr, "khabar render: %s: %s\n", path,
			    strerror(errno));
			return 1;
		}
	}
	rc = render_stream(f, width, &opts);
	if (rc == -1)
		fprintf(stderr, "khabar render: %s: %s\n",
		    path != NULL ? path : "standard input", strerror(errno));
	if (f != stdin)
		fclose(f);
	if (fflush(stdout) == EOF)
		return 1;
	return rc == -1 ? 1 : 0;

usage:
	cmd_usage_hint("render");
	return EXIT_USAGE;
}
