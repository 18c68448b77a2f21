/* khabar - ISC licence, see LICENSE. */

/*
 * Relative URL resolution for links in feeds and articles.  A URL is split
 * into the five components of RFC 3986 (appendix B), each a struct url_part
 * that points into the string and records whether the component is present
 * at all, since "?" (an empty query) and no query differ.  Resolution is the
 * strict algorithm of section 5.2.2: a reference with a scheme is absolute
 * even when the scheme is the base's ("http:g" stays "http:g").  Nothing is
 * normalised beyond what that algorithm does: case and percent-encoding are
 * kept as written.
 */
#include <stddef.h>
#include <string.h>

#include "feed/url.h"
#include "util/buf.h"
#include "util/xmalloc.h"

struct url_part {
	const char	*p;
	size_t		 len;
	int		 set;
};

struct url {
	struct url_part	scheme;
	struct url_part	auth;
	struct url_part	path;		/* always set, maybe empty */
	struct url_part	query;
	struct url_part	frag;
};

static int	url_isspace(int);
static int	url_isalpha(int);
static int	url_isschemechar(int);
static const char *url_clean(const char *, struct buf *);
static size_t	url_scheme_len(const char *);
static void	url_split(const char *, struct url *);
static void	url_truncate_segment(struct buf *, size_t);
static int	url_has_dots(const char *, size_t);
static void	url_remove_dots(const char *, size_t, struct buf *);
static void	url_merge(const struct url *, const struct url *, struct buf *);
static void	url_add_part(struct buf *, const char *,
		    const struct url_part *);
static void	url_resolve_path(const struct url *, const struct url *,
		    struct buf *);

/* The schemes a link may have for the UI to open it. */
static const char *const url_safe_schemes[] = {
	"http", "https", "ftp", "file", "mailto"
};

static int
url_isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
url_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
url_isschemechar(int c)
{
	return url_isalpha(c) || (c >= '0' && c <= '9') || c == '+' ||
	    c == '-' || c == '.';
}

/*
 * s without its leading and trailing ASCII whitespace and without the
 * tabs, CRs and LFs inside it, which is what browsers do with an href.
 * Most URLs have nothing to take away and are lent as they are (from the
 * first byte that is not white space); the others are copied into b, a
 * run between tabs and line ends at a time.
 */
static const char *
url_clean(const char *s, struct buf *b)
{
	size_t	len, all, n;

	while (url_isspace((unsigned char)*s))
		s++;
	all = len = strlen(s);
	while (len > 0 && url_isspace((unsigned char)s[len - 1]))
		len--;
	if (len == all && s[strcspn(s, "\t\r\n")] == '\0')
		return s;
	buf_grow(b, len);	/* an empty ref is still a string */
	while (len > 0) {
		if ((n = strcspn(s, "\t\r\n")) > len)
			n = len;
		buf_add(b, s, n);
		s += n;
		len -= n;
		if (len > 0) {
			s++;
			len--;
		}
	}
	return b->data;
}

/* Length of the scheme at the start of s, or 0 if s does not start with one. */
static size_t
url_scheme_len(const char *s)
{
	size_t	n;

	if (!url_isalpha((unsigned char)*s))
		return 0;
	for (n = 1; url_isschemechar((unsigned char)s[n]); n++)
		/* nothing */;
	return s[n] == ':' ? n : 0;
}

/* Split s into its components (RFC 3986 appendix B); u points into s. */
static void
url_split(const char *s, struct url *u)
{
	size_t	n;

	memset(u, 0, sizeof *u);
	if ((n = url_scheme_len(s)) != 0) {
		u->scheme.p = s;
		u->scheme.len = n;
		u->scheme.set = 1;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		u->auth.p = s;
		u->auth.len = strcspn(s, "/?#");
		u->auth.set = 1;
		s += u->auth.len;
	}
	u->path.p = s;
	u->path.len = strcspn(s, "?#");
	u->path.set = 1;
	s += u->path.len;
	if (*s == '?') {
		u->query.p = ++s;
		u->query.len = strcspn(s, "#");
		u->query.set = 1;
		s += u->query.len;
	}
	if (*s == '#') {
		u->frag.p = ++s;
		u->frag.len = strlen(s);
		u->frag.set = 1;
	}
}

/* Remove the last segment and the "/" before it from b, not before start. */
static void
url_truncate_segment(struct buf *b, size_t start)
{
	size_t	n = b->len;

	while (n > start && b->data[n - 1] != '/')
		n--;
	if (n > start)
		n--;
	if (n != b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

/*
 * Whether a path has a segment "." or "..": without one, removing dot
 * segments gives the path back as it is.
 */
static int
url_has_dots(const char *p, size_t len)
{
	const char	*end = p + len, *d;

	for (d = p; (d = memchr(d, '.', (size_t)(end - d))) != NULL; d++) {
		if (d != p && d[-1] != '/')
			continue;
		if (d + 1 == end || d[1] == '/' || (d[1] == '.' &&
		    (d + 2 == end || d[2] == '/')))
			return 1;
	}
	return 0;
}

/* Append path with its dot segments removed (RFC 3986 section 5.2.4). */
static void
url_remove_dots(const char *in, size_t len, struct buf *out)
{
	const char	*end = in + len;
	size_t		 start = out->len, n, seg;

	/* Most paths have none: one copy instead of a segment at a time. */
	if (!url_has_dots(in, len)) {
		buf_add(out, in, len);
		return;
	}
	while (in < end) {
		n = (size_t)(end - in);
		if (n >= 3 && memcmp(in, "../", 3) == 0)
			in += 3;
		else if (n >= 2 && memcmp(in, "./", 2) == 0)
			in += 2;
		else if (n >= 3 && memcmp(in, "/./", 3) == 0)
			in += 2;
		else if (n == 2 && memcmp(in, "/.", 2) == 0) {
			buf_addc(out, '/');
			break;
		} else if (n >= 4 && memcmp(in, "/../", 4) == 0) {
			in += 3;
			url_truncate_segment(out, start);
		} else if (n == 3 && memcmp(in, "/..", 3) == 0) {
			url_truncate_segment(out, start);
			buf_addc(out, '/');
			break;
		} else if ((n == 1 && in[0] == '.') ||
		    (n == 2 && memcmp(in, "..", 2) == 0))
			break;
		else {
			for (seg = 1; seg < n && in[seg] != '/'; seg++)
				/* nothing */;
			buf_add(out, in, seg);
			in += seg;
		}
	}
}

/* Append the merge of base's path and ref's (RFC 3986 section 5.2.3). */
static void
url_merge(const struct url *base, const struct url *ref, struct buf *out)
{
	struct buf	 tmp = { NULL, 0, 0 };
	const char	*dir, *slash;
	size_t		 keep = 0;

	/* The directory of base's path: up to its last "/", with it. */
	if (base->auth.set && base->path.len == 0) {
		dir = "/";
		keep = 1;
	} else {
		dir = base->path.p;
		for (slash = base->path.p + base->path.len;
		    slash > base->path.p; slash--) {
			if (slash[-1] == '/') {
				keep = (size_t)(slash - base->path.p);
				break;
			}
		}
	}
	/*
	 * The directory ends where a segment does, so the merge has a dot
	 * segment only if one of the two has: most have none and need no
	 * copy to remove them from.
	 */
	if (!url_has_dots(dir, keep) &&
	    !url_has_dots(ref->path.p, ref->path.len)) {
		buf_add(out, dir, keep);
		buf_add(out, ref->path.p, ref->path.len);
		return;
	}
	buf_add(&tmp, dir, keep);
	buf_add(&tmp, ref->path.p, ref->path.len);
	url_remove_dots(tmp.data, tmp.len, out);
	buf_free(&tmp);
}

/* Append part to b after its delimiter, if the part is present. */
static void
url_add_part(struct buf *b, const char *delim, const struct url_part *part)
{
	if (!part->set)
		return;
	buf_adds(b, delim);
	buf_add(b, part->p, part->len);
}

/*
 * Append the authority, path and query of a reference with neither scheme
 * nor authority of its own (RFC 3986 section 5.2.2).
 */
static void
url_resolve_path(const struct url *b, const struct url *r, struct buf *out)
{
	url_add_part(out, "//", &b->auth);
	if (r->path.len == 0) {
		buf_add(out, b->path.p, b->path.len);
		url_add_part(out, "?", r->query.set ? &r->query : &b->query);
		return;
	}
	if (r->path.p[0] == '/')
		url_remove_dots(r->path.p, r->path.len, out);
	else
		url_merge(b, r, out);
	url_add_part(out, "?", &r->query);
}

char *
url_resolve(const char *base, const char *ref)
{
	struct buf	 cb = { NULL, 0, 0 }, cr = { NULL, 0, 0 };
	struct buf	 out = { NULL, 0, 0 };
	const char	*bs, *rs;
	struct url	 b, r;

	rs = url_clean(ref == NULL ? "" : ref, &cr);
	bs = url_clean(base == NULL ? "" : base, &cb);
	url_split(bs, &b);
	if (base == NULL || !b.scheme.set) {
		buf_free(&cb);
		return rs == cr.data ? buf_detach(&cr, NULL) : xstrdup(rs);
	}
	url_split(rs, &r);
	/* The result is about as long as the two: room for it at once. */
	buf_grow(&out, strlen(bs) + strlen(rs) + 4);

	url_add_part(&out, "", r.scheme.set ? &r.scheme : &b.scheme);
	buf_addc(&out, ':');
	if (r.scheme.set || r.auth.set) {
		url_add_part(&out, "//", &r.auth);
		url_remove_dots(r.path.p, r.path.len, &out);
		url_add_part(&out, "?", &r.query);
	} else
		url_resolve_path(&b, &r, &out);
	url_add_part(&out, "#", &r.frag);

	buf_free(&cb);
	buf_free(&cr);
	return buf_detach(&out, NULL);
}

int
url_is_safe_scheme(const char *url)
{
	char	scheme[8];
	size_t	n = 0, i;

	if (url == NULL)
		return 0;
	/* Read the scheme as a browser would: see url_clean. */
	while (*url != '\0' && (unsigned char)*url <= ' ')
		url++;
	for (; *url != ':'; url++) {
		if (*url == '\t' || *url == '\r' || *url == '\n')
			continue;
		if (!url_isschemechar((unsigned char)*url) ||
		    (n == 0 && !url_isalpha((unsigned char)*url)) ||
		    n + 1 >= sizeof scheme)
			return 0;
		scheme[n++] = (char)(*url | 0x20);
	}
	scheme[n] = '\0';
	for (i = 0; i < sizeof url_safe_schemes / sizeof url_safe_schemes[0];
	    i++) {
		if (strcmp(scheme, url_safe_schemes[i]) == 0)
			return 1;
	}
	return 0;
}
