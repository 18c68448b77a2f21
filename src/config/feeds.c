/* khabar - ISC licence, see LICENSE. */

/*
 * The feeds file (see feeds.h).  Reading is: the whole file into memory
 * (it is small, and capped), a UTF-8 BOM skipped, then one line at a time
 * split into tokens the way newsboat splits them.  A feeds_list is a plain
 * array of entries plus an array of warning strings; every string in it is
 * owned by the list.  Writing builds the old bytes plus the new lines in a
 * buffer and swaps the file in with rename(2), following a symlink first so
 * a feeds file kept in a dotfiles repository stays a link.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/feeds.h"
#include "config/paths.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static void	feeds_warn(struct feeds_list *, const char *, size_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static int	feeds_utf8_ok(const char *, size_t);
static int	feeds_token(const char **, const char *, struct buf *, int *);
static void	feeds_line(struct feeds_list *, const char *, size_t,
		    const char *, size_t);
static int	feeds_read(const char *, struct buf *, mode_t *, char **);
static int	feeds_write(const char *, const char *, size_t, mode_t,
		    char **);
static char	*feeds_target(const char *, char **);
static void	feeds_quote(struct buf *, const char *, int);
static char	*feeds_file_url(const char *);

static void
feeds_warn(struct feeds_list *list, const char *name, size_t line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	va_end(ap);
	list->warnings = xreallocarray(list->warnings, list->nwarnings + 1,
	    sizeof *list->warnings);
	xasprintf(&list->warnings[list->nwarnings++], "%s:%zu: %s", name,
	    line, msg);
	free(msg);
}

/* Is s valid UTF-8?  A U+FFFD spelled out in the text is valid. */
static int
feeds_utf8_ok(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		n;

	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		if (cp == UTF8_REPLACEMENT &&
		    (n != 3 || memcmp(s, "\xef\xbf\xbd", 3) != 0))
			return 0;
		s += n;
		len -= n;
	}
	return 1;
}

/*
 * Read the next token of the line that ends at end into tok: 1 when there
 * was one, 0 at the end of the line or at a comment, -1 for a quote that is
 * not closed.  *quoted says whether the token was in quotes.
 */
static int
feeds_token(const char **sp, const char *end, struct buf *tok, int *quoted)
{
	const char	*s = *sp;

	buf_reset(tok);
	*quoted = 0;
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	if (s == end || *s == '#') {
		*sp = end;
		return 0;
	}
	if (*s != '"') {
		while (s < end && *s != ' ' && *s != '\t' && *s != '\r')
			buf_addc(tok, *s++);
		*sp = s;
		return 1;
	}
	*quoted = 1;
	for (s++; s < end && *s != '"'; s++) {
		if (*s == '\\' && s + 1 < end && (s[1] == '"' || s[1] == '\\'))
			s++;
		buf_addc(tok, *s);
	}
	if (s == end)
		return -1;
	*sp = s + 1;
	return 1;
}

/* Parse one line (without its newline) and add its feed, if any. */
static void
feeds_line(struct feeds_list *list, const char *name, size_t lineno,
    const char *line, size_t len)
{
	struct feeds_entry	 e;
	const struct feeds_entry *dup;
	struct buf		 tok = { 0 };
	const char		*s = line, *end = line + len;
	char			*cause;
	int			 rc, quoted;

	if (len > FEEDS_LINE_MAX) {
		feeds_warn(list, name, lineno, "line too long (%zu bytes)", len);
		return;
	}
	if (memchr(line, '\0', len) != NULL) {
		feeds_warn(list, name, lineno, "NUL byte in line");
		return;
	}
	if (!feeds_utf8_ok(line, len)) {
		feeds_warn(list, name, lineno, "not UTF-8");
		return;
	}
	memset(&e, 0, sizeof e);
	e.line = lineno;
	if ((rc = feeds_token(&s, end, &tok, &quoted)) <= 0) {
		if (rc < 0)
			feeds_warn(list, name, lineno, "unterminated quote");
		buf_free(&tok);
		return;
	}
	if (strncmp(tok.data, "query:", 6) == 0) {
		/* A newsboat search feed: nothing to fetch, not an error. */
		buf_free(&tok);
		return;
	}
	if (strncmp(tok.data, "exec:", 5) == 0 ||
	    strncmp(tok.data, "filter:", 7) == 0) {
		feeds_warn(list, name, lineno, "refusing %.*s feed: khabar never "
		    "runs commands from the feeds file",
		    (int)strcspn(tok.data, ":"), tok.data);
		buf_free(&tok);
		return;
	}
	if (feeds_check_url(tok.data, &cause) != 0) {
		feeds_warn(list, name, lineno, "%s", cause);
		free(cause);
		buf_free(&tok);
		return;
	}
	e.url = xstrdup(tok.data);
	while ((rc = feeds_token(&s, end, &tok, &quoted)) > 0) {
		if (tok.data[0] == '~') {
			free(e.title);
			e.title = tok.data[1] != '\0' ? xstrdup(tok.data + 1) :
			    NULL;
		} else if (tok.data[0] == '!')
			e.hidden = 1;
		else if (tok.len > 0)
			feeds_entry_add_tag(&e, tok.data);
	}
	buf_free(&tok);
	if (rc < 0) {
		feeds_warn(list, name, lineno, "unterminated quote");
		feeds_entry_clear(&e);
		return;
	}
	if ((dup = feeds_find(list, e.url)) != NULL) {
		feeds_warn(list, name, lineno, "%s is already on line %zu; "
		    "ignored", e.url, dup->line);
		feeds_entry_clear(&e);
		return;
	}
	list->v = xreallocarray(list->v, list->n + 1, sizeof *list->v);
	list->v[list->n++] = e;
}

void
feeds_parse(const char *name, const char *data, size_t len,
    struct feeds_list *list)
{
	const char	*nl, *end = data + len;
	size_t		 lineno = 1, n;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		data += 3;
	for (; data < end; data = nl + 1, lineno++) {
		if ((nl = memchr(data, '\n', end - data)) == NULL)
			nl = end;
		n = nl - data;
		if (n > 0 && data[n - 1] == '\r')
			n--;
		feeds_line(list, name, lineno, data, n);
	}
}

/* Read the regular file at path into b; errno is kept for the caller. */
static int
feeds_read(const char *path, struct buf *b, mode_t *mode, char **cause)
{
	struct stat	 sb;
	ssize_t		 n;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail;
	if (fstat(fd, &sb) != 0)
		goto fail;
	if (!S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if (sb.st_size > FEEDS_MAX_SIZE) {
		errno = EFBIG;
		goto fail;
	}
	if (mode != NULL)
		*mode = sb.st_mode & 07777;
	for (;;) {
		buf_grow(b, 65536);
		n = read(fd, b->data + b->len, 65536);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		b->len += n;
		b->data[b->len] = '\0';
		if (b->len > FEEDS_MAX_SIZE) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	return 0;

fail:
	saved = errno;
	xasprintf(cause, "%s: %s", path, saved == EFBIG ?
	    "file too big for a feeds file" : strerror(saved));
	if (fd != -1)
		close(fd);
	errno = saved;
	return -1;
}

int
feeds_load(const char *path, int flags, struct feeds_list *list,
    char **cause)
{
	struct buf	b = { 0 };

	memset(list, 0, sizeof *list);
	if (feeds_read(path, &b, NULL, cause) != 0) {
		if (errno == ENOENT && (flags & FEEDS_MISSING_OK)) {
			free(*cause);
			*cause = NULL;
			return 0;
		}
		buf_free(&b);
		return -1;
	}
	feeds_parse(path, b.data != NULL ? b.data : "", b.len, list);
	buf_free(&b);
	return 0;
}

void
feeds_free(struct feeds_list *list)
{
	size_t	i;

	for (i = 0; i < list->n; i++)
		feeds_entry_clear(&list->v[i]);
	free(list->v);
	for (i = 0; i < list->nwarnings; i++)
		free(list->warnings[i]);
	free(list->warnings);
	memset(list, 0, sizeof *list);
}

const struct feeds_entry *
feeds_find(const struct feeds_list *list, const char *url)
{
	size_t	i;

	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].url, url) == 0)
			return &list->v[i];
	return NULL;
}

void
feeds_entry_add_tag(struct feeds_entry *e, const char *tag)
{
	size_t	i;

	if (*tag == '\0')
		return;
	for (i = 0; i < e->ntags; i++)
		if (strcmp(e->tags[i], tag) == 0)
			return;
	e->tags = xreallocarray(e->tags, e->ntags + 1, sizeof *e->tags);
	e->tags[e->ntags++] = xstrdup(tag);
}

void
feeds_entry_clear(struct feeds_entry *e)
{
	size_t	i;

	free(e->url);
	free(e->title);
	for (i = 0; i < e->ntags; i++)
		free(e->tags[i]);
	free(e->tags);
	memset(e, 0, sizeof *e);
}

int
feeds_check_url(const char *url, char **cause)
{
	static const char *const schemes[] = { "http://", "https://",
	    "file://" };
	const char	*rest = NULL, *s;
	size_t		 i, len = strlen(url);

	if (len > FEEDS_URL_MAX) {
		xasprintf(cause, "URL too long (%zu bytes)", len);
		return -1;
	}
	for (s = url; *s != '\0'; s++) {
		if ((unsigned char)*s <= 0x20 || *s == 0x7f) {
			xasprintf(cause, "blank or control character in URL: "
			    "%.*s", (int)(s - url), url);
			return -1;
		}
	}
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0) {
			rest = url + strlen(schemes[i]);
			break;
		}
	}
	if (rest == NULL) {
		if (strchr(url, ':') == NULL)
			xasprintf(cause, "not a URL: %s", url);
		else
			xasprintf(cause, "unsupported URL scheme, not http, "
			    "https or file: %.*s", (int)strcspn(url, ":"), url);
		return -1;
	}
	/* http needs a host; file:///path has an empty one. */
	if (i < 2 ? (*rest == '\0' || *rest == '/') : *rest == '\0') {
		xasprintf(cause, "URL without a %s: %s", i < 2 ? "host" :
		    "path", url);
		return -1;
	}
	return 0;
}

/*
 * Add s as one token.  Quote it when it has a blank, starts with a quote
 * or "#", or is a tag that would otherwise read as a title or hidden mark;
 * force quotes when asked.  Control characters become spaces, so one line
 * stays one line.
 */
static void
feeds_quote(struct buf *b, const char *s, int force)
{
	const char	*p;
	int		 quote = force;

	if (*s == '\0' || *s == '"' || *s == '#' || *s == '~' || *s == '!')
		quote = 1;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			quote = 1;
	if (!quote) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			buf_addc(b, ' ');
		else
			buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

char *
feeds_tags_format(const struct feeds_entry *e)
{
	struct buf	b = { 0 };
	size_t		i;

	if (e->ntags == 0)
		return NULL;
	for (i = 0; i < e->ntags; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		feeds_quote(&b, e->tags[i], 0);
	}
	return buf_detach(&b, NULL);
}

char *
feeds_format(const struct feeds_entry *e)
{
	struct buf	 b = { 0 };
	char		*tags, *title;

	buf_adds(&b, e->url);
	if ((tags = feeds_tags_format(e)) != NULL) {
		buf_addc(&b, ' ');
		buf_adds(&b, tags);
		free(tags);
	}
	if (e->hidden)
		buf_adds(&b, " !");
	if (e->title != NULL && *e->title != '\0') {
		xasprintf(&title, "~%s", e->title);
		buf_addc(&b, ' ');
		feeds_quote(&b, title, 1);
		free(title);
	}
	return buf_detach(&b, NULL);
}

/* The file to replace for path: the target when path is a symlink. */
static char *
feeds_target(const char *path, char **cause)
{
	struct stat	 sb;
	char		*real;

	if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
		return xstrdup(path);
	if ((real = realpath(path, NULL)) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return real;
}

/* Replace the file at path with data, atomically. */
static int
feeds_write(const char *path, const char *data, size_t len, mode_t mode,
    char **cause)
{
	char		*tmp, *dir, *slash;
	const char	*base;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fd, dfd;

	if (paths_mkparent(path, cause) != 0)
		return -1;
	if ((slash = strrchr(path, '/')) != NULL) {
		dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
		base = slash + 1;
	} else {
		dir = xstrdup(".");
		base = path;
	}
	xasprintf(&tmp, "%s/.%s.XXXXXX", dir, base);
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, "cannot create a file in %s: %s", dir,
		    strerror(errno));
		goto fail;
	}
	if (fchmod(fd, mode) != 0)
		goto fail_fd;
	while (off < len) {
		n = write(fd, data + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail_fd;
		off += n;
	}
	if (fsync(fd) != 0)
		goto fail_fd;
	if (close(fd) != 0) {
		fd = -1;
		goto fail_fd;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail_fd;
	/* The rename is only durable once the directory is on disk. */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(dir);
	return 0;

fail_fd:
	xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
fail:
	free(tmp);
	free(dir);
	return -1;
}

int
feeds_append(const char *path, const struct feeds_entry *v, size_t n,
    char **cause)
{
	struct buf	 b = { 0 };
	char		*target, *line;
	mode_t		 mode = 0600;
	size_t		 i;
	int		 rc;

	if ((target = feeds_target(path, cause)) == NULL)
		return -1;
	if (feeds_read(target, &b, &mode, cause) != 0) {
		if (errno != ENOENT) {
			free(target);
			buf_free(&b);
			return -1;
		}
		free(*cause);
		*cause = NULL;
	}
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	for (i = 0; i < n; i++) {
		line = feeds_format(&v[i]);
		buf_printf(&b, "%s\n", line);
		free(line);
	}
	rc = feeds_write(target, b.data != NULL ? b.data : "", b.len, mode,
	    cause);
	free(target);
	buf_free(&b);
	return rc;
}

/* A file URL for the absolute path, with unsafe bytes percent-encoded. */
static char *
feeds_file_url(const char *path)
{
	struct buf		 b = { 0 };
	const unsigned char	*p;

	buf_adds(&b, "file://");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL)
			buf_addc(&b, *p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_detach(&b, NULL);
}

int
feeds_ensure(const struct paths *p, int *created, char **cause)
{
	struct buf	 in = { 0 }, out = { 0 };
	struct stat	 sb;
	const char	*datadir, *s, *at;
	char		*def, *real, *url, *dir;
	int		 rc;

	*created = 0;
	if (!p->feeds_default)
		return 0;
	if (stat(p->feeds, &sb) == 0)
		return 0;
	if (errno != ENOENT) {
		xasprintf(cause, "%s: %s", p->feeds, strerror(errno));
		return -1;
	}
	datadir = paths_datadir();
	xasprintf(&def, "%s/feeds.default", datadir);
	if (feeds_read(def, &in, NULL, cause) != 0) {
		free(def);
		buf_free(&in);
		return -1;
	}
	free(def);
	/* The welcome feed's URL must not depend on the directory we ran in. */
	real = realpath(datadir, NULL);
	dir = real != NULL ? real : xstrdup(datadir);
	url = feeds_file_url(dir);
	free(dir);
	for (s = in.data != NULL ? in.data : ""; (at = strstr(s,
	    "file://@DATADIR@")) != NULL; s = at + 16) {
		buf_add(&out, s, at - s);
		buf_adds(&out, url);
	}
	buf_adds(&out, s);
	free(url);
	rc = feeds_write(p->feeds, out.data != NULL ? out.data : "", out.len,
	    0600, cause);
	buf_free(&in);
	buf_free(&out);
	if (rc == 0)
		*created = 1;
	return rc;
}
