/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_UTIL_TRACE_H
#define KHABAR_UTIL_TRACE_H

void	trace_start(void);
void	trace_mark(const char *);

#endif
