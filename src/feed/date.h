/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_DATE_H
#define KHABAR_DATE_H

#include <stdint.h>

/*
 * Parse an RFC 822/1123/2822 or RFC 3339/ISO 8601 date into seconds since
 * the epoch (UTC); return 0 on success or -1 if s is not a date.
 */
int	date_parse(const char *s, int64_t *out);

/* Write t as an RFC 3339 UTC date such as 2024-01-15T08:00:00Z. */
void	date_format_rfc3339(int64_t t, char out[32]);

#endif
