/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_UTF8_H
#define KHABAR_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT	0xFFFDU

/*
 * Decode the code point at s (len > 0 bytes available) into *cp and return
 * the number of bytes used.  A malformed sequence gives U+FFFD and uses its
 * maximal subpart (Unicode 15, section 3.9), so one bad byte costs one
 * replacement character and never swallows the valid text after it.
 */
size_t	utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode c (U+FFFD when not a scalar value) into out; return its length. */
size_t	utf8_encode(uint32_t c, char out[4]);

#endif
