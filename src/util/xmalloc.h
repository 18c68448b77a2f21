/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_XMALLOC_H
#define KHABAR_XMALLOC_H

#include <stddef.h>

/* Allocators that abort with a message when memory runs out. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
