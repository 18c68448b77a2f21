/* khabar - ISC licence, see LICENSE. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

void
buf_grow(struct buf *b, size_t n)
{
	size_t	need, cap;

	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need)
		cap *= 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->data[b->len] = '\0';	/* a fresh buffer is an empty string */
	b->cap = cap;
}

int
buf_add_file(struct buf *b, FILE *f, size_t max)
{
	size_t	n;

	for (;;) {
		buf_grow(b, 65536);
		n = fread(b->data + b->len, 1, 65536, f);
		b->len += n;
		b->data[b->len] = '\0';
		if (b->len > max) {
			errno = EFBIG;
			return -1;
		}
		if (n < 65536)
			break;
	}
	return ferror(f) ? -1 : 0;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_add_utf8(struct buf *b, uint32_t c)
{
	char	tmp[4];

	buf_add(b, tmp, utf8_encode(c, tmp));
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char	*p;

	buf_grow(b, 0);
	p = b->data;
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
