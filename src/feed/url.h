/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_URL_H
#define KHABAR_URL_H

/*
 * Resolve ref against base as RFC 3986 section 5.2 says, after stripping
 * whitespace around ref and tabs and newlines inside it; when base is NULL
 * or has no scheme, return the cleaned ref.  The caller frees the result.
 */
char	*url_resolve(const char *base, const char *ref);

/* Return 1 if url's scheme is http, https, ftp, file or mailto, else 0. */
int	 url_is_safe_scheme(const char *url);

#endif
