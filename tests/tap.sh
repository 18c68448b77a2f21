# khabar - ISC licence, see LICENSE.
# What the shell tests share; source it with `. "$srcdir/tests/tap.sh"'.
# It sets $KHABAR and $srcdir when the harness did not, makes a temporary
# directory $tmp removed at exit, and counts TAP results for tap_exit.
: "${KHABAR:=./khabar}"
: "${srcdir:=.}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
tap_n=0
tap_fail=0

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

notok() {
	tap_n=$((tap_n + 1))
	tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n - $1"
}

# golden DESC EXPECTED COMMAND...: the command succeeds, prints exactly the
# file EXPECTED and nothing on standard error.
golden() {
	desc=$1 want=$2
	shift 2
	if "$@" >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "$want" &&
	    [ ! -s "$tmp/err" ]; then
		ok "$desc"
	else
		notok "$desc"
		diff -u "$want" "$tmp/out" | sed 's/^/# /'
		sed 's/^/# stderr: /' "$tmp/err"
	fi
}

# status WANT DESC COMMAND...: the command, with no input, exits WANT; when
# WANT is not 0 it says why on standard error.
status() {
	want=$1 desc=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" -eq "$want" ] &&
	    { [ "$want" -eq 0 ] || [ -s "$tmp/err" ]; }; then
		ok "$desc (exit $got)"
	else
		notok "$desc (exit $got, want $want)"
		sed 's/^/# stderr: /' "$tmp/err"
	fi
}

tap_exit() {
	exit $((tap_fail > 0))
}
