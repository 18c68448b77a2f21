/* khabar - ISC licence, see LICENSE. */
#ifndef KHABAR_PATHS_H
#define KHABAR_PATHS_H

/*
 * Where khabar's files live.  Each path comes from the command line (-C,
 * -f, -c in cmd_globals) when given, else from the XDG base directories:
 *
 *	config	$XDG_CONFIG_HOME/khabar/config	(default ~/.config)
 *	feeds	$XDG_CONFIG_HOME/khabar/feeds
 *	cache	$XDG_DATA_HOME/khabar/cache.db	(default ~/.local/share)
 *
 * An XDG variable that is empty or not an absolute path is ignored, as the
 * XDG Base Directory specification asks.  Nothing is created on disk until
 * a file is about to be written (paths_mkparent).
 */

struct paths {
	char	*config;		/* the configuration file */
	char	*feeds;			/* the feeds (URLs) file */
	char	*cache;			/* the SQLite cache */
	char	*config_dir;		/* $XDG_CONFIG_HOME/khabar, or NULL */
	char	*data_dir;		/* $XDG_DATA_HOME/khabar, or NULL */
	int	 feeds_default;		/* feeds is the XDG path, not -f */
};

/* Fill the paths from cmd_globals and the environment; free with paths_free. */
int		 paths_init(struct paths *, char **cause);
/* Free what paths_init() allocated; a zeroed struct is allowed. */
void		 paths_free(struct paths *);
/* Create the missing parent directories of file, with mode 0700. */
int		 paths_mkparent(const char *file, char **cause);
/* Create the parent directories of the feeds file and of the cache. */
int		 paths_mkdirs(const struct paths *, char **cause);
/* The installed data directory, or $KHABAR_DATADIR when set and not empty. */
const char	*paths_datadir(void);

#endif
