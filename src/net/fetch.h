/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_FETCH_H
#define KHABAR_FETCH_H

#include <poll.h>
#include <stddef.h>

#include "util/buf.h"

/*
 * The fetcher downloads many URLs at once without blocking its caller.
 * Requests go into a queue; at most max_total run together and at most
 * max_per_host against one host and port, the rest wait their turn (a
 * transfer's timeouts start when it leaves the queue).  The caller either
 * lets fetcher_run() wait for a while, or adds the descriptors from
 * fetcher_fds() to its own poll() and calls fetcher_process() after it.
 * Each finished request is handed to its done callback, once, from inside
 * fetcher_run() or fetcher_process(); errors are values in the result.
 */

enum fetch_status {
	FETCH_OK,		/* 2xx or a file, body is set */
	FETCH_NOT_MODIFIED,	/* 304 to a conditional request */
	FETCH_ERR_URL,		/* bad URL or unsupported protocol */
	FETCH_ERR_DNS,		/* could not resolve the host (or proxy) */
	FETCH_ERR_CONNECT,	/* refused, unreachable, connect timeout */
	FETCH_ERR_TLS,		/* handshake or certificate failed */
	FETCH_ERR_HTTP,		/* the server answered with an error status */
	FETCH_ERR_TIMEOUT,	/* the whole transfer took too long */
	FETCH_ERR_SLOW,		/* under the low-speed limit for too long */
	FETCH_ERR_TOO_LARGE,	/* body over max_size */
	FETCH_ERR_REDIRECTS,	/* more than max_redirects */
	FETCH_ERR_EMPTY,	/* the server closed without a reply */
	FETCH_ERR_TRUNCATED,	/* the connection broke during the reply */
	FETCH_ERR_ENCODING,	/* the compressed body could not be decoded */
	FETCH_ERR_FILE,		/* a file:// URL could not be read */
	FETCH_ERR_CANCELLED,	/* fetcher_free() while the request waited */
	FETCH_ERR_OTHER
};

struct fetch_opts {
	int		 max_total;	/* transfers at once */
	int		 max_per_host;	/* transfers at once to a host:port */
	long		 connect_timeout; /* seconds, DNS and connect */
	long		 timeout;	/* seconds for the whole transfer */
	long		 low_speed_limit; /* bytes/s ... */
	long		 low_speed_time; /* ... for this many seconds aborts */
	size_t		 max_size;	/* bytes of (decompressed) body */
	long		 max_redirects;
	const char	*proxy;		/* NULL: environment; "": none */
	const char	*user_agent;	/* NULL: khabar/VERSION */
};

struct fetch_result {
	enum fetch_status status;
	long		 http_status;	/* last HTTP status, 0 if none */
	char		*message;	/* for people: "HTTP 404 Not Found" */
	char		*url;		/* as requested */
	char		*final_url;	/* after redirects */
	char		*permanent_url;	/* 301/308 target, only on success */
	struct buf	 body;		/* empty unless FETCH_OK; data is
					   NUL-terminated, or NULL if len 0 */
	char		*etag;		/* validators to store for next time */
	char		*last_modified;
	char		*content_type;	/* "application/rss+xml; charset=..." */
	char		*charset;	/* lower case, NULL if not given */
};

/*
 * A request.  The strings are copied by fetcher_add().  done is called
 * with arg once the request has finished; it may keep any pointer of the
 * result by setting the field to NULL (the body with buf_detach()), the
 * rest is freed when it returns.  It may call fetcher_add(), not
 * fetcher_free().
 */
struct fetch_req {
	const char	*url;
	const char	*etag;		/* sent as If-None-Match, may be NULL */
	const char	*last_modified;	/* sent as If-Modified-Since */
	void		(*done)(void *arg, struct fetch_result *);
	void		*arg;
};

struct fetcher;

/* Fill opts with the defaults: 16/4 transfers, 10 s, 60 s, 32 MiB... */
void		 fetch_opts_default(struct fetch_opts *);
/* Name a status in a word or two ("too large"). */
const char	*fetch_status_name(enum fetch_status);

/*
 * Load libcurl (15-20 ms of mapping and relocating) on a thread of its own
 * while the caller prepares the first fetcher; fetch_preload_end() waits
 * for it, and must be called before the program exits.
 */
void		 fetch_preload(void);
void		 fetch_preload_end(void);
/* Create a fetcher; opts is copied, NULL means the defaults. */
struct fetcher	*fetcher_new(const struct fetch_opts *);
/* Cancel what is left (done sees FETCH_ERR_CANCELLED) and free. */
void		 fetcher_free(struct fetcher *);
/* Queue a request; it starts on the next fetcher_run or fetcher_process. */
void		 fetcher_add(struct fetcher *, const struct fetch_req *);
/* Count the requests not yet handed to their callback. */
int		 fetcher_pending(struct fetcher *);
/*
 * Hold (1) or release (0) the queue: while held, queued requests wait and
 * those running go on.  For a caller whose consumer is behind.
 */
void		 fetcher_hold(struct fetcher *, int);
/*
 * Put up to max descriptors to poll in pfd and return how many there are
 * (more than max means pfd was too small); lower *timeout_ms (-1 is
 * forever) to when fetcher_process must be called even without events.
 */
int		 fetcher_fds(struct fetcher *, struct pollfd *, int max,
		    int *timeout_ms);
/* Act on poll's results (pfd may hold other descriptors too), deliver. */
int		 fetcher_process(struct fetcher *, const struct pollfd *, int);
/* Work for at most timeout_ms (-1: until all is done); return pending. */
int		 fetcher_run(struct fetcher *, int timeout_ms);

/* Fetch one URL and wait for it; 0 if OK or not modified, else -1. */
int		 fetch_url(const char *url, const struct fetch_opts *,
		    struct fetch_result *out);
/* Free what a result holds (not the struct itself). */
void		 fetch_result_free(struct fetch_result *);

#endif
