/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_BLOCKS_PRINT_H
#define KHABAR_BLOCKS_PRINT_H

#include "html/text.h"

/* Layout state for printing blocks to standard output. */
struct blocks_out;

/* Start printing blocks width cells wide. */
struct blocks_out	*blocks_out_new(int width);
/* Free what blocks_out_new() made; NULL is fine. */
void			 blocks_out_free(struct blocks_out *);
/* Lay out one block and print its rows to standard output. */
void			 blocks_print(struct blocks_out *, const struct block *);
/* Print a URL with control and bidi characters percent-encoded. */
void			 blocks_print_url(const char *);

#endif
