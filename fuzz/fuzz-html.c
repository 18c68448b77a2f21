/* khabar - ISC licence, see LICENSE. */
/*
 * libFuzzer target for HTML to text: parse the input as an article, then
 * lay out every block as html2text does, so the whole path from hostile
 * markup to screen rows is covered.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "html/text.h"
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
	struct layout	 l = { 0 };
	struct html_doc	*doc;
	struct para	*p;
	size_t		 i;

	doc = html_parse((const char *)data, size, "https://example.org/a/b",
	    NULL);
	if (doc == NULL)
		return 0;
	for (i = 0; i < doc->nblocks; i++) {
		p = para_new(doc->blocks[i].text, doc->blocks[i].len,
		    doc->blocks[i].attr, NULL);
		layout_wrap(p, 40, &l);
		para_free(p);
	}
	for (i = 0; i < doc->nlinks; i++)
		if (doc->links[i].url == NULL)
			abort();
	layout_free(&l);
	html_doc_free(doc);
	return 0;
}
