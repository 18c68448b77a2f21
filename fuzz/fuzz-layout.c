/* khabar - ISC licence, see LICENSE. */
/*
 * libFuzzer target for the layout engine: the first two bytes choose the
 * options and the widths, the rest is the paragraph.  Checks the row
 * invariants that the UI relies on, not just the absence of crashes.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>

#include "text/layout.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static void
check(const struct layout *l, int width, size_t inlen)
{
	size_t	r, k;
	int	cols;

	for (r = 0; r < l->nrows; r++) {
		cols = 0;
		for (k = 0; k < l->rows[r].len; k++) {
			cols += l->rows[r].width[k];
			if (l->rows[r].pos[k] >= inlen)
				abort();
			if (l->rows[r].ch[k] < 0x20 ||
			    (l->rows[r].ch[k] >= 0x7F && l->rows[r].ch[k] <= 0x9F))
				abort();
		}
		if (cols != l->rows[r].cols || l->rows[r].indent < 0)
			abort();
		if (width > 0 && l->rows[r].indent + cols > width && cols <= width)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct para_opts	 o = para_opts_default;
	struct layout		 l = { 0 };
	struct para		*p;
	int			 w1, w2;

	if (size < 2)
		return 0;
	o.dir = (enum text_dir)(data[0] % 3);
	o.fallback = (data[0] & 4) ? TEXT_DIR_RTL : TEXT_DIR_LTR;
	o.shape = (data[0] & 8) == 0;
	o.reorder = (data[0] & 16) == 0;
	w1 = data[1] % 64;
	w2 = data[1] / 4;
	p = para_new((const char *)data + 2, size - 2, NULL, &o);
	layout_wrap(p, w1, &l);
	check(&l, w1, size - 2);
	layout_wrap(p, w2, &l);
	check(&l, w2, size - 2);
	para_free(p);
	layout_free(&l);
	return 0;
}
