/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_HTML_READ_H
#define KHABAR_HTML_READ_H

#include <stddef.h>

#include <libxml/tree.h>

/*
 * libxml2's HTML parser as text.c and extract.c use it: recovering, no
 * network, no depth limit (XML_PARSE_HUGE: at 256 it would stop and throw
 * the rest of the page away; our walks cope with any depth), and silent.
 * NOERROR is not enough for that: an encoding error (a byte the charset
 * does not have) goes to libxml2's generic channel, stderr, which in the
 * reader is the screen.  NULL when libxml2 cannot parse at all.
 */
xmlDocPtr	html_read(const char *buf, size_t len, const char *charset);
struct html_doc;
/* The blocks of the element n and its content; base_url resolves links. */
struct html_doc	*html_walk_node(const xmlNode *n, const char *base_url);
/* The charset a <meta> near the start names, into out: 1, else 0. */
int		html_meta_charset(const char *buf, size_t len, char *out,
		    size_t outlen);

#endif
