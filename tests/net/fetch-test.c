/* khabar - ISC licence, see LICENSE. */
/*
 * Tests of the fetcher against tests/net/hostile-server.py, which run.sh
 * starts and names in KHABAR_NET_PORTS ("HOSTILE NORMAL", two ports of
 * 127.0.0.1).  The table holds one case per behaviour: a URL template
 * (%A the hostile port, %B the normal one, %R a port nobody listens on,
 * %S the source directory), the request's validators and what must come
 * back.  Each case runs alone through fetch_url(), then all of them at
 * once in one fetcher with ordinary feeds, which must not wait for the
 * hostile ones.  Limits are short so the whole program takes seconds.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/fetch.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define LM	"Wed, 01 Jan 2025 00:00:00 GMT"
#define MIB	(1024 * 1024)

struct net_case {
	const char		*name;
	const char		*url;
	const char		*etag;		/* request validators */
	const char		*last_modified;
	enum fetch_status	 status;
	long			 http;		/* -1: any */
	const char		*message;	/* must contain this */
	const char		*permanent;	/* permanent_url ends so */
	const char		*final;		/* final_url ends so */
	const char		*body;		/* body contains this */
	size_t			 body_len;	/* exact length, 0: any */
	const char		*res_etag;	/* result validators */
	const char		*res_last_modified;
	const char		*charset;
	double			 max_secs;	/* alone, at most this long */
};

static const struct net_case cases[] = {
	{ "feed", "http://%A/feed/one", NULL, NULL, FETCH_OK, 200, "OK",
	    NULL, "/feed/one", "<title>one item 2</title>", 0, "\"v1-one\"",
	    LM, "utf-8", 1 },
	{ "etag-304", "http://%A/feed/one", "\"v1-one\"", NULL,
	    FETCH_NOT_MODIFIED, 304, "not modified", NULL, NULL, NULL, 0,
	    "\"v1-one\"", NULL, NULL, 1 },
	{ "etag-stale", "http://%A/feed/one", "\"v0-one\"", NULL, FETCH_OK,
	    200, "OK", NULL, NULL, "<rss", 0, "\"v1-one\"", LM, NULL, 1 },
	{ "last-modified", "http://%A/lastmod", NULL, NULL, FETCH_OK, 200,
	    "OK", NULL, NULL, "<rss", 0, NULL, LM, NULL, 1 },
	{ "last-modified-304", "http://%A/lastmod", NULL, LM,
	    FETCH_NOT_MODIFIED, 304, "not modified", NULL, NULL, NULL, 0,
	    NULL, LM, NULL, 1 },
	{ "gzip", "http://%A/gzip/zipped", NULL, NULL, FETCH_OK, 200, "OK",
	    NULL, NULL, "<title>zipped item 1</title>", 0, NULL, NULL, "utf-8",
	    1 },
	{ "charset", "http://%A/charset", NULL, NULL, FETCH_OK, 200, "OK",
	    NULL, NULL, "<rss", 0, NULL, NULL, "iso-8859-6", 1 },
	{ "301", "http://%A/r301", NULL, NULL, FETCH_OK, 200, "OK",
	    "/feed/moved301", "/feed/moved301", "moved301", 0, NULL, NULL,
	    NULL, 1 },
	{ "308", "http://%A/r308", NULL, NULL, FETCH_OK, 200, "OK",
	    "/feed/moved308", "/feed/moved308", "moved308", 0, NULL, NULL,
	    NULL, 1 },
	{ "302", "http://%A/r302", NULL, NULL, FETCH_OK, 200, "OK", NULL,
	    "/feed/temp302", "temp302", 0, NULL, NULL, NULL, 1 },
	{ "301-then-302", "http://%A/r301-302", NULL, NULL, FETCH_OK, 200,
	    "OK", "/r302", "/feed/temp302", NULL, 0, NULL, NULL, NULL, 1 },
	{ "301-then-404", "http://%A/r301-404", NULL, NULL, FETCH_ERR_HTTP,
	    404, "HTTP 404 Not Found", NULL, "/status/404", NULL, 0, NULL,
	    NULL, NULL, 1 },
	{ "redirect-loop", "http://%A/loop/0", NULL, NULL, FETCH_ERR_REDIRECTS,
	    -1, "too many redirects", NULL, NULL, NULL, 0, NULL, NULL, NULL,
	    1 },
	{ "redirect-to-file", "http://%A/to-file", NULL, NULL, FETCH_ERR_URL,
	    -1, "not http or https", NULL, NULL, NULL, 0, NULL, NULL, NULL,
	    1 },
	{ "404", "http://%A/status/404", NULL, NULL, FETCH_ERR_HTTP, 404,
	    "HTTP 404 Not Found", NULL, NULL, NULL, 0, NULL, NULL, NULL, 1 },
	{ "500", "http://%A/status/500", NULL, NULL, FETCH_ERR_HTTP, 500,
	    "HTTP 500 Internal Server Error", NULL, NULL, NULL, 0, NULL, NULL,
	    NULL, 1 },
	{ "escape-in-reason", "http://%A/evil-reason", NULL, NULL,
	    FETCH_ERR_HTTP, 404, "HTTP 404 Not", NULL, NULL, NULL, 0, NULL,
	    NULL, NULL, 1 },
	{ "drip-feed", "http://%A/drip", NULL, NULL, FETCH_ERR_SLOW, 200,
	    "too slow: under 100 bytes/s for 2 s", NULL, NULL, NULL, 0, NULL,
	    NULL, NULL, 4 },
	{ "no-answer", "http://%A/hang", NULL, NULL, FETCH_ERR_SLOW, -1,
	    "too slow", NULL, NULL, NULL, 0, NULL, NULL, NULL, 4 },
	{ "slow-endless", "http://%A/slow-endless", NULL, NULL,
	    FETCH_ERR_TIMEOUT, 200, "timed out after 4 s", NULL, NULL, NULL,
	    0, NULL, NULL, NULL, 6 },
	{ "endless", "http://%A/endless", NULL, NULL, FETCH_ERR_TOO_LARGE, 200,
	    "larger than 32 MiB", NULL, NULL, NULL, 0, NULL, NULL, NULL, 4 },
	{ "gzip-bomb", "http://%A/bomb", NULL, NULL, FETCH_ERR_TOO_LARGE, 200,
	    "larger than 32 MiB", NULL, NULL, NULL, 0, NULL, NULL, NULL, 4 },
	{ "bad-gzip", "http://%A/bad-gzip", NULL, NULL, FETCH_ERR_ENCODING,
	    200, "could not decompress", NULL, NULL, NULL, 0, NULL, NULL, NULL,
	    1 },
	{ "content-length-over-cap", "http://%A/too-large-cl", NULL, NULL,
	    FETCH_ERR_TOO_LARGE, 200, "larger than 32 MiB", NULL, NULL, NULL,
	    0, NULL, NULL, NULL, 1 },
	{ "empty-reply", "http://%A/empty", NULL, NULL, FETCH_ERR_EMPTY, -1,
	    "empty reply", NULL, NULL, NULL, 0, NULL, NULL, NULL, 1 },
	{ "closed-early", "http://%A/truncated", NULL, NULL,
	    FETCH_ERR_TRUNCATED, 200, "connection closed early", NULL, NULL,
	    NULL, 0, NULL, NULL, NULL, 1 },
	{ "20-MB-feed", "http://%A/big", NULL, NULL, FETCH_OK, 200, "OK", NULL,
	    NULL, "<title>item 00000007</title>", 20 * 1000 * 1000, NULL, NULL,
	    NULL, 4 },
	{ "tls-to-plain-http", "https://%A/feed/tls", NULL, NULL,
	    FETCH_ERR_TLS, -1, "TLS error with 127.0.0.1", NULL, NULL, NULL,
	    0, NULL, NULL, NULL, 1 },
	{ "refused", "http://%R/feed/none", NULL, NULL, FETCH_ERR_CONNECT, -1,
	    "connection refused by 127.0.0.1:", NULL, NULL, NULL, 0, NULL,
	    NULL, NULL, 1 },
	{ "file", "file://%S/tests/data/net/small.xml", NULL, NULL, FETCH_OK,
	    0, "OK", NULL, "small.xml", "مرحبا بالعالم", 0, NULL, NULL, NULL,
	    1 },
	{ "file-missing", "file://%S/tests/data/net/no-such.xml", NULL, NULL,
	    FETCH_ERR_FILE, 0, "could not read /", NULL, NULL, NULL, 0, NULL,
	    NULL, NULL, 1 },
	{ "not-a-url", "no scheme here", NULL, NULL, FETCH_ERR_URL, 0,
	    "bad URL", NULL, NULL, NULL, 0, NULL, NULL, NULL, 1 },
	{ "ftp", "ftp://%A/feed", NULL, NULL, FETCH_ERR_URL, 0,
	    "unsupported protocol", NULL, NULL, NULL, 0, NULL, NULL, NULL, 1 },
	{ "dns", "http://nonexistent.invalid/feed", NULL, NULL, FETCH_ERR_DNS,
	    0, "could not resolve host nonexistent.invalid", NULL, NULL, NULL,
	    0, NULL, NULL, NULL, 3 },
};
#define NCASES	(sizeof cases / sizeof *cases)
#define NORMAL	8	/* well-behaved feeds in the batch */

static int		 port_a, port_b, port_refused;
static const char	*srcdir;
static int		 dns_works = 1;

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_opts(struct fetch_opts *o)
{
	fetch_opts_default(o);
	o->connect_timeout = 2;
	o->timeout = 4;
	o->low_speed_time = 2;
	o->proxy = "";		/* never an environment's proxy for 127.0.0.1 */
}

/* Expand a case's URL template. */
static char *
expand(const char *tmpl)
{
	struct buf	 b = { 0 };
	const char	*p;

	for (p = tmpl; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			buf_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case 'A':
			buf_printf(&b, "127.0.0.1:%d", port_a);
			break;
		case 'B':
			buf_printf(&b, "127.0.0.1:%d", port_b);
			break;
		case 'R':
			buf_printf(&b, "127.0.0.1:%d", port_refused);
			break;
		case 'S':
			buf_adds(&b, srcdir);
			break;
		default:
			buf_addc(&b, *p);
			break;
		}
	}
	return buf_detach(&b, NULL);
}

static int
ends_with(const char *s, const char *end)
{
	size_t	n = strlen(s), m = strlen(end);

	return n >= m && strcmp(s + n - m, end) == 0;
}

/* Check a result against its case; failures name the case. */
static void
check_result(const struct net_case *c, const struct fetch_result *r)
{
	const char	*p;

	print_message("# %s: %s (%s, HTTP %ld, %zu bytes)\n", c->name,
	    r->message, fetch_status_name(r->status), r->http_status,
	    r->body.len);
	assert_non_null(r->message);
	assert_int_equal(r->status, c->status);
	if (c->http != -1)
		assert_int_equal(r->http_status, c->http);
	assert_non_null(strstr(r->message, c->message));
	for (p = r->message; *p != '\0'; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_non_null(r->url);
	assert_non_null(r->final_url);
	if (c->permanent != NULL) {
		assert_non_null(r->permanent_url);
		assert_true(ends_with(r->permanent_url, c->permanent));
	} else
		assert_null(r->permanent_url);
	if (c->final != NULL)
		assert_true(ends_with(r->final_url, c->final));
	if (c->body != NULL) {
		assert_non_null(r->body.data);
		assert_non_null(memmem(r->body.data, r->body.len, c->body,
		    strlen(c->body)));
	}
	if (c->body_len != 0)
		assert_int_equal(r->body.len, c->body_len);
	if (r->status != FETCH_OK)
		assert_int_equal(r->body.len, 0);
	assert_true(r->body.len <= 32 * MIB);
	if (c->res_etag != NULL)
		assert_string_equal(r->etag, c->res_etag);
	if (c->res_last_modified != NULL)
		assert_string_equal(r->last_modified, c->res_last_modified);
	if (c->charset != NULL)
		assert_string_equal(r->charset, c->charset);
}

static void
keep_result(void *arg, struct fetch_result *r)
{
	struct fetch_result	*out = arg;

	*out = *r;
	memset(r, 0, sizeof *r);
}

/* fetch_url() sends no validators; a conditional GET needs a fetcher. */
static int
fetch_with_validators(const struct net_case *c, const char *url,
    const struct fetch_opts *o, struct fetch_result *r)
{
	struct fetch_req	 req;
	struct fetcher		*f;

	memset(r, 0, sizeof *r);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.etag = c->etag;
	req.last_modified = c->last_modified;
	req.done = keep_result;
	req.arg = r;
	f = fetcher_new(o);
	fetcher_add(f, &req);
	assert_int_equal(fetcher_run(f, -1), 0);
	fetcher_free(f);
	return r->status <= FETCH_NOT_MODIFIED ? 0 : -1;
}

static void
test_one(void **state)
{
	const struct net_case	*c = *state;
	struct fetch_opts	 o;
	struct fetch_result	 r;
	char			*url;
	double			 t0, secs;
	int			 rv;

	test_opts(&o);
	url = expand(c->url);
	t0 = now();
	if (c->etag == NULL && c->last_modified == NULL)
		rv = fetch_url(url, &o, &r);
	else
		rv = fetch_with_validators(c, url, &o, &r);
	secs = now() - t0;
	if (c->status == FETCH_ERR_DNS && r.status != FETCH_ERR_DNS) {
		dns_works = 0;
		fetch_result_free(&r);
		free(url);
		skip();
	}
	check_result(c, &r);
	assert_int_equal(rv, c->status <= FETCH_NOT_MODIFIED ? 0 : -1);
	assert_string_equal(r.url, url);
	print_message("# %s took %.2f s\n", c->name, secs);
	assert_true(secs <= c->max_secs);
	fetch_result_free(&r);
	free(url);
}

struct batch_slot {
	const struct net_case	*c;	/* NULL: an ordinary feed */
	struct fetch_result	 r;
	double			 when;	/* seconds after the start */
	int			 calls;
};

static double	batch_start;

static void
batch_done(void *arg, struct fetch_result *r)
{
	struct batch_slot	*s = arg;

	s->calls++;
	s->when = now() - batch_start;
	s->r = *r;
	memset(r, 0, sizeof *r);
}

/* Ask f for the URL template tmpl, done(arg, result) when it is back. */
static void
add_req(struct fetcher *f, const char *tmpl,
    void (*done)(void *, struct fetch_result *), void *arg)
{
	struct fetch_req	 req;
	char			*url = expand(tmpl);

	memset(&req, 0, sizeof req);
	req.url = url;
	req.done = done;
	req.arg = arg;
	fetcher_add(f, &req);
	free(url);
}

/* Every case at once in one fetcher, ordinary feeds on another port. */
static void
test_batch(void **state)
{
	struct batch_slot	 slots[NCASES + NORMAL];
	struct fetch_req	 req;
	struct fetch_opts	 o;
	struct fetcher		*f;
	char			*url, path[64];
	double			 secs;
	size_t			 i, n = 0;

	(void)state;
	test_opts(&o);
	memset(slots, 0, sizeof slots);
	f = fetcher_new(&o);
	batch_start = now();
	for (i = 0; i < NCASES + NORMAL; i++) {
		memset(&req, 0, sizeof req);
		if (i < NCASES) {
			if (cases[i].status == FETCH_ERR_DNS && !dns_works)
				continue;
			slots[n].c = &cases[i];
			url = expand(cases[i].url);
			req.etag = cases[i].etag;
			req.last_modified = cases[i].last_modified;
		} else {
			snprintf(path, sizeof path, "http://%%B/feed/normal%zu",
			    i - NCASES);
			url = expand(path);
		}
		req.url = url;
		req.done = batch_done;
		req.arg = &slots[n++];
		fetcher_add(f, &req);
		free(url);
	}
	assert_int_equal(fetcher_pending(f), (int)n);
	assert_int_equal(fetcher_run(f, 30000), 0);
	secs = now() - batch_start;
	fetcher_free(f);
	print_message("# batch of %zu took %.2f s\n", n, secs);

	for (i = 0; i < n; i++) {
		assert_int_equal(slots[i].calls, 1);
		if (slots[i].c != NULL)
			check_result(slots[i].c, &slots[i].r);
		else {
			/* Ordinary feeds are back long before the slow ones. */
			print_message("# normal feed %zu: %s after %.2f s\n",
			    i, slots[i].r.message, slots[i].when);
			assert_int_equal(slots[i].r.status, FETCH_OK);
			assert_non_null(strstr(slots[i].r.body.data, "<rss"));
			assert_true(slots[i].when < 1.5);
		}
		fetch_result_free(&slots[i].r);
	}
	assert_true(secs < 20);
}

/* Wait in the caller's own poll loop, with its own descriptor. */
static void
test_own_loop(void **state)
{
	struct batch_slot	 slots[4];
	struct fetch_opts	 o;
	struct fetcher		*f;
	struct pollfd		 pfd[64];
	const char		*paths[] = { "/drip", "/hang", "/feed/loop1",
				    "/gzip/loop2" };
	char			 tmpl[64];
	double			 t0, worst = 0, start = now();
	int			 n, timeout, pipefd[2], woke = 0, i;

	(void)state;
	test_opts(&o);
	memset(slots, 0, sizeof slots);
	batch_start = now();
	f = fetcher_new(&o);
	for (i = 0; i < 4; i++) {
		snprintf(tmpl, sizeof tmpl, "http://%%A%s", paths[i]);
		add_req(f, tmpl, batch_done, &slots[i]);
	}
	assert_int_equal(pipe(pipefd), 0);
	while (fetcher_pending(f) > 0) {
		/* The caller's descriptor goes first, the fetcher's after. */
		pfd[0].fd = pipefd[0];
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		timeout = 500;
		n = fetcher_fds(f, pfd + 1, 63, &timeout);
		assert_true(n < 63);
		assert_true(timeout >= 0 && timeout <= 500);
		if (now() - start > 1 && !woke)
			assert_int_equal(write(pipefd[1], "k", 1), 1);
		assert_true(poll(pfd, (nfds_t)n + 1, timeout) >= 0);
		if (pfd[0].revents & POLLIN) {
			/* A key press is seen at once even mid-transfer. */
			assert_true(now() - start < 1.6);
			woke = 1;
			assert_int_equal(read(pipefd[0], tmpl, 1), 1);
		}
		t0 = now();
		fetcher_process(f, pfd, n + 1);
		if (now() - t0 > worst)
			worst = now() - t0;
	}
	fetcher_free(f);
	close(pipefd[0]);
	close(pipefd[1]);
	print_message("# longest fetcher_process: %.3f s\n", worst);
	assert_true(woke);
	assert_true(worst < 0.25);
	assert_int_equal(slots[0].r.status, FETCH_ERR_SLOW);
	assert_int_equal(slots[1].r.status, FETCH_ERR_SLOW);
	assert_int_equal(slots[2].r.status, FETCH_OK);
	assert_int_equal(slots[3].r.status, FETCH_OK);
	assert_true(slots[2].when < 1);
	for (i = 0; i < 4; i++)
		fetch_result_free(&slots[i].r);
}

/*
 * The server's /conc answers with how many /conc requests it had in
 * flight at once; 3 per host must show as at most 3 on each of two
 * ports, and 2 in all as at most 2 on one port that allows 4.
 */
static void
run_conc(int max_total, int per_host, int count, int two_ports, int want_max)
{
	struct batch_slot	*slots;
	struct fetch_req	 req;
	struct fetch_opts	 o;
	struct fetcher		*f;
	char			*url;
	int			 i, seen, most = 0;

	test_opts(&o);
	o.max_total = max_total;
	o.max_per_host = per_host;
	slots = xcalloc((size_t)count, sizeof *slots);
	f = fetcher_new(&o);
	for (i = 0; i < count; i++) {
		url = expand(two_ports && i % 2 ? "http://%A/conc" :
		    "http://%B/conc");
		memset(&req, 0, sizeof req);
		req.url = url;
		req.done = batch_done;
		req.arg = &slots[i];
		fetcher_add(f, &req);
		free(url);
	}
	fetcher_run(f, -1);
	fetcher_free(f);
	for (i = 0; i < count; i++) {
		assert_int_equal(slots[i].r.status, FETCH_OK);
		seen = atoi(slots[i].r.body.data);
		if (seen > most)
			most = seen;
		fetch_result_free(&slots[i].r);
	}
	free(slots);
	print_message("# %d in all, %d per host: at most %d at once\n",
	    max_total, per_host, most);
	assert_true(most <= want_max);
	assert_true(most >= 2);
}

static void
test_limits(void **state)
{
	(void)state;
	run_conc(16, 3, 12, 1, 3);
	run_conc(2, 4, 8, 0, 2);
}

/* A fetcher running limit transfers at once, on one host or more. */
static struct fetcher *
limited_fetcher(struct batch_slot *slots, size_t n, int limit)
{
	struct fetch_opts	o;

	test_opts(&o);
	o.max_total = o.max_per_host = limit;
	memset(slots, 0, n * sizeof *slots);
	batch_start = now();
	return fetcher_new(&o);
}

/*
 * Held, a fetcher starts nothing: what is queued waits (and fetcher_run()
 * comes back instead of waiting for it for ever), what runs finishes;
 * released, the rest runs.
 */
static void
test_hold(void **state)
{
	struct batch_slot	 slots[6];
	struct fetcher		*f;
	int			 i;

	(void)state;
	f = limited_fetcher(slots, 6, 2);
	fetcher_hold(f, 1);
	for (i = 0; i < 6; i++)
		add_req(f, "http://%B/feed/hold", batch_done, &slots[i]);
	assert_int_equal(fetcher_run(f, -1), 6);
	assert_int_equal(slots[0].calls, 0);
	/* Two start, then the queue is held again. */
	fetcher_hold(f, 0);
	fetcher_process(f, NULL, 0);
	fetcher_hold(f, 1);
	assert_int_equal(fetcher_run(f, -1), 4);
	for (i = 0; i < 6; i++)
		assert_int_equal(slots[i].calls, i < 2);
	fetcher_hold(f, 0);
	assert_int_equal(fetcher_run(f, -1), 0);
	fetcher_free(f);
	for (i = 0; i < 6; i++) {
		assert_int_equal(slots[i].calls, 1);
		assert_int_equal(slots[i].r.status, FETCH_OK);
		fetch_result_free(&slots[i].r);
	}
}

static void
cancel_done(void *arg, struct fetch_result *r)
{
	int	*n = arg;

	if (r->status == FETCH_ERR_CANCELLED)
		(*n)++;
}

static struct fetcher	*chain_fetcher;

static void
chain_done(void *arg, struct fetch_result *r)
{
	int	*n = arg;

	assert_int_equal(r->status, FETCH_OK);
	if (++*n < 3)
		add_req(chain_fetcher, "http://%B/feed/chain", chain_done, n);
}

/* Freeing cancels; a callback may add more requests. */
static void
test_cancel_and_chain(void **state)
{
	struct fetch_req	 req;
	struct fetch_opts	 o;
	struct fetcher		*f;
	char			*url;
	int			 i, cancelled = 0, chained = 0;

	(void)state;
	test_opts(&o);
	o.max_per_host = 2;
	f = fetcher_new(&o);
	url = expand("http://%A/hang");
	for (i = 0; i < 4; i++) {
		memset(&req, 0, sizeof req);
		req.url = url;
		req.done = cancel_done;
		req.arg = &cancelled;
		fetcher_add(f, &req);
	}
	free(url);
	assert_int_equal(fetcher_run(f, 300), 4);
	fetcher_free(f);
	assert_int_equal(cancelled, 4);

	chain_fetcher = fetcher_new(&o);
	url = expand("http://%B/feed/chain");
	memset(&req, 0, sizeof req);
	req.url = url;
	req.done = chain_done;
	req.arg = &chained;
	fetcher_add(chain_fetcher, &req);
	free(url);
	assert_int_equal(fetcher_run(chain_fetcher, 5000), 0);
	fetcher_free(chain_fetcher);
	assert_int_equal(chained, 3);
}

/* The proxy and User-Agent options reach the server. */
static void
test_proxy_and_agent(void **state)
{
	struct fetch_opts	 o;
	struct fetch_result	 r;
	char			*proxy, *url;

	(void)state;
	test_opts(&o);
	proxy = expand("http://%B");
	o.proxy = proxy;
	assert_int_equal(fetch_url("http://example.invalid/echo", &o, &r), 0);
	assert_non_null(strstr(r.body.data, "proxied: yes"));
	assert_non_null(strstr(r.body.data,
	    "User-Agent: khabar/" PACKAGE_VERSION "\n"));
	fetch_result_free(&r);
	free(proxy);

	test_opts(&o);
	o.user_agent = "test-agent/1";
	url = expand("http://%A/echo");
	assert_int_equal(fetch_url(url, &o, &r), 0);
	assert_non_null(strstr(r.body.data, "proxied: no"));
	assert_non_null(strstr(r.body.data, "User-Agent: test-agent/1\n"));
	fetch_result_free(&r);
	free(url);
}

/* Bytes of this process in memory now. */
static long
resident(void)
{
	long	 size = 0, res = 0;
	FILE	*f;

	if ((f = fopen("/proc/self/statm", "r")) == NULL)
		return 0;
	if (fscanf(f, "%ld %ld", &size, &res) != 2)
		res = 0;
	fclose(f);
	return res * sysconf(_SC_PAGESIZE);
}

/*
 * Sixteen servers that each announce 24 MB and send 1 KB: the room made
 * for what they announce is not all in memory while they wait (the part
 * of a body faulted in ahead is bounded), and each ends truncated.
 */
static void
test_announced_length(void **state)
{
	struct batch_slot	 slots[16];
	struct fetcher		*f;
	struct pollfd		 pfd[64];
	char			 tmpl[64];
	long			 base, peak = 0, now_res;
	int			 n, timeout, i;

	(void)state;
	f = limited_fetcher(slots, 16, 16);
	for (i = 0; i < 16; i++) {
		snprintf(tmpl, sizeof tmpl, "http://%%A/lying-cl/%d", i);
		add_req(f, tmpl, batch_done, &slots[i]);
	}
	base = resident();
	while (fetcher_pending(f) > 0) {
		timeout = 50;
		n = fetcher_fds(f, pfd, 64, &timeout);
		assert_true(poll(pfd, (nfds_t)n, timeout) >= 0);
		fetcher_process(f, pfd, n);
		if ((now_res = resident()) - base > peak)
			peak = now_res - base;
	}
	fetcher_free(f);
	print_message("# 16 bodies of 24 MB announced: %ld KiB more at most\n",
	    peak / 1024);
	assert_true(peak < 64L * 1024 * 1024);
	for (i = 0; i < 16; i++) {
		assert_int_equal(slots[i].r.status, FETCH_ERR_TRUNCATED);
		fetch_result_free(&slots[i].r);
	}
}

/* The gzip bomb, endless bodies and the 20 MB feed leave memory bounded. */
static void
test_memory(void **state)
{
	struct rusage	ru;
#ifdef __SANITIZE_ADDRESS__
	long		limit = 900 * 1024;	/* KiB: ASan keeps freed memory */
#else
	long		limit = 300 * 1024;	/* KiB */
#endif

	(void)state;
	if (getenv("KHABAR_NET_MAXRSS_KB") != NULL)
		limit = atol(getenv("KHABAR_NET_MAXRSS_KB"));
	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	print_message("# max RSS %ld KiB (limit %ld)\n", ru.ru_maxrss, limit);
	assert_true(ru.ru_maxrss < limit);
}

/* A port that was free a moment ago, for the refused connection. */
static int
free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			s, port;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(s, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(s, (struct sockaddr *)&sin, &len) == -1)
		return 1;
	port = ntohs(sin.sin_port);
	close(s);
	return port;
}

int
main(void)
{
	struct CMUnitTest	 tests[NCASES + 8];
	const char		*ports;
	size_t			 i, n = 0;

	ports = getenv("KHABAR_NET_PORTS");
	srcdir = getenv("srcdir");
	if (ports == NULL || sscanf(ports, "%d %d", &port_a, &port_b) != 2 ||
	    srcdir == NULL) {
		printf("1..0 # SKIP KHABAR_NET_PORTS or srcdir not set "
		    "(run tests/net/run.sh)\n");
		return 0;
	}
	port_refused = free_port();

	memset(tests, 0, sizeof tests);
	for (i = 0; i < NCASES; i++) {
		tests[n].name = cases[i].name;
		tests[n].test_func = test_one;
		tests[n++].initial_state = (void *)&cases[i];
	}
	tests[n].name = "batch-all-at-once";
	tests[n++].test_func = test_batch;
	tests[n].name = "callers-own-poll-loop";
	tests[n++].test_func = test_own_loop;
	tests[n].name = "transfer-limits";
	tests[n++].test_func = test_limits;
	tests[n].name = "hold";
	tests[n++].test_func = test_hold;
	tests[n].name = "cancel-and-chain";
	tests[n++].test_func = test_cancel_and_chain;
	tests[n].name = "proxy-and-user-agent";
	tests[n++].test_func = test_proxy_and_agent;
	tests[n].name = "announced-length-not-held";
	tests[n++].test_func = test_announced_length;
	tests[n].name = "memory-bounded";
	tests[n++].test_func = test_memory;
	return _cmocka_run_group_tests("fetch", tests, n, NULL, NULL);
}
