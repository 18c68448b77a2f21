/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_BUF_H
#define KHABAR_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A growable byte buffer.  The data is always followed by a NUL byte that
 * len does not count, so it can be used as a C string when the content has
 * no NUL of its own.  A zeroed struct buf is an empty buffer.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* Make room for n more bytes. */
void	 buf_grow(struct buf *, size_t n);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append the UTF-8 encoding of code point c. */
void	 buf_add_utf8(struct buf *, uint32_t c);
void	 buf_reset(struct buf *);
/*
 * Append what f holds up to its end: -1 with errno set on a read error, or
 * with EFBIG once more than max bytes are in b (what was read stays).
 */
int	 buf_add_file(struct buf *, FILE *f, size_t max);
/* Give the data to the caller, who frees it; the buffer is left empty. */
char	*buf_detach(struct buf *, size_t *len);
void	 buf_free(struct buf *);

/* One byte; inline, as the parser and the fold add most text this way. */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

#endif
