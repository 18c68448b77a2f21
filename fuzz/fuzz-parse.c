/* khabar - ISC licence, see LICENSE. */
/*
 * libFuzzer target for the feed parsers (RSS, Atom, JSON Feed, and the
 * encoding pipeline in front of them).  The sink checks what it is given:
 * every string it sees must be valid, NUL-terminated memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "feed/feed.h"
#include "feed/parse.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t	touched;

static void
touch(const char *s)
{
	if (s != NULL)
		touched += strlen(s);
}

static int
sink_item(void *arg, const struct item *it)
{
	size_t	i;

	(void)arg;
	touch(it->id);
	touch(it->title);
	touch(it->link);
	touch(it->author);
	touch(it->summary);
	touch(it->content);
	for (i = 0; i < it->ncategories; i++)
		touch(it->categories[i]);
	for (i = 0; i < it->nlinks; i++)
		touch(it->links[i].href);
	for (i = 0; i < it->nenclosures; i++)
		touch(it->enclosures[i].url);
	return 0;
}

static int
sink_feed(void *arg, const struct feed *f)
{
	size_t	i;

	(void)arg;
	touch(f->title);
	touch(f->link);
	touch(f->description);
	for (i = 0; i < f->nwarnings; i++)
		touch(f->warnings[i]);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct feed_sink	sink = { sink_feed, sink_item, NULL };
	struct parse_opts		opts = { "https://example.org/feed/", NULL };
	char				*cause = NULL;

	/* The first byte picks an HTTP charset hint, as a server might. */
	if (size > 0 && data[0] == 'W')
		opts.charset = "windows-1256";
	parse_mem(data, size, &opts, &sink, NULL, &cause);
	free(cause);
	return 0;
}
