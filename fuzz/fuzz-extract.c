/* khabar - ISC licence, see LICENSE. */
/*
 * libFuzzer target for article extraction: the input is a whole page; the
 * article, its plain text and its related links are taken out of it, and
 * every body block is laid out, so hostile markup is followed from the
 * tree surgery of the grab to the screen rows.  The first byte picks an
 * HTTP charset (none, windows-1256, ISO-8859-6) to cover the decoders.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "html/extract.h"
#include "text/layout.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	xmlInitParser();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = { NULL, "windows-1256",
	    "ISO-8859-6", NULL };
	struct layout	 l = { 0 };
	struct extract	*ex;
	struct para	*p;
	const char	*cs = NULL;
	char		*cause = NULL, *text;
	size_t		 i;

	if (size > 0) {
		cs = charsets[data[0] & 3];
		data++;
		size--;
	}
	ex = extract_page((const char *)data, size, "https://example.org/a/b",
	    cs, &cause);
	if (ex == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		return 0;
	}
	text = extract_text(ex->body);
	free(text);
	for (i = 0; i < ex->body->nblocks; i++) {
		p = para_new(ex->body->blocks[i].text, ex->body->blocks[i].len,
		    ex->body->blocks[i].attr, NULL);
		layout_wrap(p, 40, &l);
		para_free(p);
	}
	for (i = 0; i < ex->nrelated; i++)
		if (ex->related[i].href == NULL || ex->related[i].title == NULL)
			abort();
	layout_free(&l);
	extract_free(ex);
	return 0;
}
