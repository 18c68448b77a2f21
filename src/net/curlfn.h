/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_CURLFN_H
#define KHABAR_CURLFN_H

#include <curl/curl.h>

/*
 * The libcurl functions the fetcher calls, looked up in libcurl when the
 * first fetcher is made rather than bound when khabar starts: libcurl and
 * the thirty libraries it needs (TLS, Kerberos, LDAP, SSH, HTTP/2, IDN...)
 * took 15-20 ms of mapping and relocating before main(), most of the time
 * the reader needs to show its first screen, which fetches nothing.
 * Each member is the function named curl_ and its name; the types come
 * from curl's own declarations.
 */
struct curlfn {
	__typeof__(&curl_global_init)		global_init;
	__typeof__(&curl_free)			free;
	__typeof__(&curl_easy_init)		easy_init;
	__typeof__(&curl_easy_setopt)		easy_setopt;
	__typeof__(&curl_easy_getinfo)		easy_getinfo;
	__typeof__(&curl_easy_cleanup)		easy_cleanup;
	__typeof__(&curl_easy_strerror)		easy_strerror;
	__typeof__(&curl_easy_unescape)		easy_unescape;
	__typeof__(&curl_slist_append)		slist_append;
	__typeof__(&curl_slist_free_all)	slist_free_all;
	__typeof__(&curl_multi_init)		multi_init;
	__typeof__(&curl_multi_setopt)		multi_setopt;
	__typeof__(&curl_multi_add_handle)	multi_add_handle;
	__typeof__(&curl_multi_remove_handle)	multi_remove_handle;
	__typeof__(&curl_multi_timeout)		multi_timeout;
	__typeof__(&curl_multi_socket_action)	multi_socket_action;
	__typeof__(&curl_multi_info_read)	multi_info_read;
	__typeof__(&curl_multi_cleanup)		multi_cleanup;
	__typeof__(&curl_url)			url;
	__typeof__(&curl_url_cleanup)		url_cleanup;
	__typeof__(&curl_url_set)		url_set;
	__typeof__(&curl_url_get)		url_get;
};

/* Filled by curlfn_load(); to be used only after it has succeeded. */
extern struct curlfn	 curlfn_table;

/*
 * Load libcurl and initialise it, once (from any thread): NULL when the
 * table is ready, else why it cannot be (the same every time).
 */
const char		*curlfn_load(void);
/*
 * Run curlfn_load() on a thread of its own, so that libcurl is ready by the
 * time the caller, busy with something else meanwhile, makes a fetcher;
 * curlfn_preload_end() waits for that thread and must come before exit.
 * Called from one thread; a thread that cannot start leaves the load to
 * curlfn_load().
 */
void			 curlfn_preload(void);
void			 curlfn_preload_end(void);

#endif
