/* khabar - ISC licence, see LICENSE. */

/*
 * The paths of the configuration, feeds and cache files (see paths.h).
 * Each default is built as BASE/khabar/NAME, where BASE is an XDG variable
 * or its fallback under $HOME; $HOME is needed only when some path was not
 * given on the command line and its XDG variable is not usable.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "config/paths.h"
#include "util/xmalloc.h"

#ifndef KHABAR_DATADIR
#define KHABAR_DATADIR	"/usr/local/share/khabar"
#endif

static int	paths_base(const char *, const char *, char **, char **);
static int	paths_mkdir(const char *, char **);

/*
 * Set *dir to the khabar directory under the XDG variable xdg, or under
 * $HOME/fallback when the variable is unset, empty or relative.
 */
static int
paths_base(const char *xdg, const char *fallback, char **dir, char **cause)
{
	const char	*v, *home;

	v = getenv(xdg);
	if (v != NULL && v[0] == '/') {
		xasprintf(dir, "%s/khabar", v);
		return 0;
	}
	home = getenv("HOME");
	if (home == NULL || home[0] != '/') {
		xasprintf(cause, "HOME is not set (or not an absolute path) "
		    "and neither is %s; name the files with -C, -f and -c", xdg);
		return -1;
	}
	/* "/" as HOME would give "//.config". */
	if (strcmp(home, "/") == 0)
		home = "";
	xasprintf(dir, "%s/%s/khabar", home, fallback);
	return 0;
}

int
paths_init(struct paths *p, char **cause)
{
	memset(p, 0, sizeof *p);
	if (cmd_globals.config == NULL || cmd_globals.feeds == NULL) {
		if (paths_base("XDG_CONFIG_HOME", ".config", &p->config_dir,
		    cause) != 0)
			goto fail;
	}
	if (cmd_globals.cache == NULL) {
		if (paths_base("XDG_DATA_HOME", ".local/share", &p->data_dir,
		    cause) != 0)
			goto fail;
	}
	if (cmd_globals.config != NULL)
		p->config = xstrdup(cmd_globals.config);
	else
		xasprintf(&p->config, "%s/config", p->config_dir);
	if (cmd_globals.feeds != NULL)
		p->feeds = xstrdup(cmd_globals.feeds);
	else {
		xasprintf(&p->feeds, "%s/feeds", p->config_dir);
		p->feeds_default = 1;
	}
	if (cmd_globals.cache != NULL)
		p->cache = xstrdup(cmd_globals.cache);
	else
		xasprintf(&p->cache, "%s/cache.db", p->data_dir);
	return 0;

fail:
	paths_free(p);
	return -1;
}

void
paths_free(struct paths *p)
{
	free(p->config);
	free(p->feeds);
	free(p->cache);
	free(p->config_dir);
	free(p->data_dir);
	memset(p, 0, sizeof *p);
}

int
paths_mkparent(const char *file, char **cause)
{
	char	*dir, *slash, *p;
	int	 rc = 0;

	dir = xstrdup(file);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	/* Walk down from the root, creating each missing component. */
	for (p = dir + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (*p == '/' && p[-1] == '/')
			continue;
		if (*p == '\0') {
			rc = paths_mkdir(dir, cause);
			break;
		}
		*p = '\0';
		rc = paths_mkdir(dir, cause);
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Create dir unless it exists; it must be a directory. */
static int
paths_mkdir(const char *dir, char **cause)
{
	struct stat	sb;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		xasprintf(cause, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		xasprintf(cause, "cannot create %s: not a directory", dir);
		return -1;
	}
	return 0;
}

int
paths_mkdirs(const struct paths *p, char **cause)
{
	if (paths_mkparent(p->feeds, cause) != 0)
		return -1;
	return paths_mkparent(p->cache, cause);
}

const char *
paths_datadir(void)
{
	const char	*v;

	if ((v = getenv("KHABAR_DATADIR")) != NULL && *v != '\0')
		return v;
	return KHABAR_DATADIR;
}
