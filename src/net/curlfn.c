/* khabar - ISC licence, see LICENSE. */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "net/curlfn.h"

#define CURLFN(f)	{ "curl_" #f, offsetof(struct curlfn, f) }

static const struct {
	const char	*name;
	size_t		 off;
} curlfn_names[] = {
	CURLFN(global_init), CURLFN(free), CURLFN(easy_init),
	CURLFN(easy_setopt), CURLFN(easy_getinfo), CURLFN(easy_cleanup),
	CURLFN(easy_strerror), CURLFN(easy_unescape), CURLFN(slist_append),
	CURLFN(slist_free_all), CURLFN(multi_init), CURLFN(multi_setopt),
	CURLFN(multi_add_handle), CURLFN(multi_remove_handle),
	CURLFN(multi_timeout), CURLFN(multi_socket_action),
	CURLFN(multi_info_read), CURLFN(multi_cleanup), CURLFN(url),
	CURLFN(url_cleanup), CURLFN(url_set), CURLFN(url_get),
};
_Static_assert(sizeof curlfn_names / sizeof curlfn_names[0] ==
    sizeof(struct curlfn) / sizeof(void (*)(void)), "a function unnamed");

/* The names Debian's libcurl packages give it (OpenSSL, then GnuTLS). */
static const char *const curlfn_sonames[] = {
	"libcurl.so.4", "libcurl-gnutls.so.4"
};

struct curlfn		 curlfn_table;

static pthread_once_t	 curlfn_once = PTHREAD_ONCE_INIT;
static pthread_t	 curlfn_thread;
static int		 curlfn_preloading;
static int		 curlfn_ok;
static char		 curlfn_why[256];

static void
curlfn_open(void)
{
	void	*h = NULL, *sym;
	size_t	 i;

	for (i = 0; h == NULL && i < sizeof curlfn_sonames /
	    sizeof curlfn_sonames[0]; i++)
		h = dlopen(curlfn_sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		snprintf(curlfn_why, sizeof curlfn_why, "cannot load libcurl "
		    "(%s): is the libcurl4 package installed?", dlerror());
		return;
	}
	for (i = 0; i < sizeof curlfn_names / sizeof curlfn_names[0]; i++) {
		if ((sym = dlsym(h, curlfn_names[i].name)) == NULL) {
			snprintf(curlfn_why, sizeof curlfn_why, "libcurl has no "
			    "%s: too old", curlfn_names[i].name);
			return;
		}
		/* POSIX: what dlsym() gives may be used as a function. */
		memcpy((char *)&curlfn_table + curlfn_names[i].off, &sym,
		    sizeof sym);
	}
	if (curlfn_table.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(curlfn_why, sizeof curlfn_why,
		    "libcurl could not start");
		return;
	}
	curlfn_ok = 1;
}

const char *
curlfn_load(void)
{
	pthread_once(&curlfn_once, curlfn_open);
	return curlfn_ok ? NULL : curlfn_why;
}

static void *
curlfn_preload_main(void *arg)
{
	(void)arg;
	(void)curlfn_load();
	return NULL;
}

void
curlfn_preload(void)
{
	if (!curlfn_preloading && pthread_create(&curlfn_thread, NULL,
	    curlfn_preload_main, NULL) == 0)
		curlfn_preloading = 1;
}

void
curlfn_preload_end(void)
{
	if (curlfn_preloading) {
		pthread_join(curlfn_thread, NULL);
		curlfn_preloading = 0;
	}
}
