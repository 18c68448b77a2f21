# khabar - ISC licence, see LICENSE.
# What run.sh and crash.sh share; source it.  It finds python3 (or skips),
# makes $tmp with a private HOME, XDG directories and KHABAR_DATADIR, and
# kills the test server ($server, when the caller starts one) at exit.
: "${srcdir:=.}"
: "${KHABAR:=./khabar}"
case $KHABAR in /*) ;; *) KHABAR=$(pwd)/$KHABAR ;; esac
case $srcdir in /*) ;; *) srcdir=$(pwd)/$srcdir ;; esac
here=$srcdir/tests/refresh

# A version manager's python3 shim can take a second to start: prefer
# the system's interpreter, which has everything these scripts use.
PYTHON=
for p in /usr/bin/python3 /usr/local/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1; then PYTHON=$p; break; fi
done
if [ -z "$PYTHON" ]; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi

tmp=$(mktemp -d) || exit 99
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	[ -n "$server" ] && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config"
export XDG_DATA_HOME="$tmp/home/data" KHABAR_DATADIR="$tmp/datadir"
export TZ=UTC LC_ALL=C.UTF-8
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
mkdir -p "$HOME" "$KHABAR_DATADIR" "$XDG_CONFIG_HOME/khabar" "$tmp/www"
feeds=$XDG_CONFIG_HOME/khabar/feeds
cache=$XDG_DATA_HOME/khabar/cache.db
