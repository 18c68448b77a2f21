/* khabar - ISC licence, see LICENSE. */
/*
 * Unicode conformance of the layout engine: every case of
 * BidiCharacterTest.txt (UAX #9, through rule L2) that has no explicit
 * embedding, override or isolate control goes through para_new() and
 * layout_wrap() at unlimited width, and the visual order of what the engine
 * draws, read back through each character's input byte offset, is compared
 * with the expected order of the file.
 *
 * The engine is a renderer, not a bare UBA, so the expected order is
 * adjusted in three documented ways before the comparison:
 *
 * - Characters the engine never draws are dropped from it (see
 *   never_drawn()).
 * - Spaces at the end of the paragraph are dropped: a row never draws its
 *   trailing spaces (the spaces of a line break hang, DESIGN.md step 5).
 * - Rule L3 is applied: the engine reorders with FRIBIDI_FLAG_REORDER_NSM
 *   so that a combining mark follows its base in visual order and lands in
 *   the base's cell (step 7).  The file leaves L3 out of scope.  The harness
 *   applies it the way FriBidi does, to the file's own levels; it first
 *   checks that its plain L2 gives exactly the file's order, so that any
 *   disagreement is the engine's, not the harness's.
 *
 * Shaping is off: it never moves a character, but the lam-alef ligature
 * hides the alef behind a fill character, which would need modelling here.
 * Mirroring stays on; it changes glyphs, not positions.
 *
 * Prints a summary and the first mismatches; exits 0 only when every case
 * that ran matched, 1 on a mismatch, 2 on a usage or input error.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "text/layout.h"
#include "text/utf8.h"
#include "util/xmalloc.h"

#define MAX_CP		512	/* longest case in the file is far shorter */
#define MAX_SHOWN	20
#define DOTTED_CIRCLE	0x25CCU

struct tcase {
	unsigned long	 line;
	uint32_t	 cp[MAX_CP];
	int		 level[MAX_CP];		/* -1: 'x', removed by X9 */
	size_t		 order[MAX_CP];		/* field 4 */
	size_t		 n, norder;
	int		 dir;			/* field 1: 0, 1 or 2 */
	int		 parlevel;		/* field 2 */
};

struct stats {
	unsigned long	 run, skipped, matched, mismatched;
	unsigned long	 bad_level, bad_order, l3_changed, harness_l2;
	unsigned long	 undrawn, trailing;	/* cases adjusted so */
};

static int	 parse_case(char *, struct tcase *);
static int	 parse_list(char *, size_t *, size_t, int);
static int	 has_explicit(const struct tcase *);
static int	 is_removed(uint32_t);
static int	 never_drawn(uint32_t);
static void	 reorder_l2(const int *, size_t *, size_t);
static void	 reorder_l3(const struct tcase *, const int *, size_t *);
static size_t	 expected_order(struct tcase *, size_t *, struct stats *);
static size_t	 engine_order(const struct tcase *, size_t *, int *);
static void	 show(const struct tcase *, const size_t *, size_t,
		     const size_t *, size_t, int);
static void	 print_list(const char *, const size_t *, size_t);

/*
 * Characters para_new() removes while cleaning (the same set as layout.c
 * is_removed(), minus the explicit controls, whose cases are skipped): C0
 * controls but TAB, DEL and C1 controls, and the soft hyphen.
 */
static int
is_removed(uint32_t c)
{
	if (c < 0x20)
		return c != '\t' && c != '\n';
	return (c >= 0x7F && c <= 0x9F) || c == 0xAD;
}

/*
 * Characters that the engine never emits, so that they are dropped from the
 * expected order:
 * - the removed characters above (of which only TAB-less C0/C1 controls of
 *   class B, S or WS still have a level in the file);
 * - every character of class BN (ZWJ, ZWNJ, ZWSP, WJ, ...), drawn K_HIDDEN
 *   (the file already gives them level 'x');
 * - LRM U+200E, RLM U+200F and ALM U+061C: classes L, R and AL, so they have
 *   a level and a place in the file's order, but they are invisible marks;
 * - the forced breaks LF (cleaned to U+2028), U+2028 and U+2029: they end
 *   a row and are not drawn.
 * TAB is drawn, as a space in its own visual place, so it stays.
 */
static int
never_drawn(uint32_t c)
{
	if (c == '\n' || is_removed(c))
		return 1;
	if (fribidi_get_bidi_type(c) == FRIBIDI_TYPE_BN)
		return 1;
	return c == 0x200E || c == 0x200F || c == 0x061C ||
	    c == 0x2028 || c == 0x2029;
}

static int
has_explicit(const struct tcase *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++) {
		if ((t->cp[i] >= 0x202A && t->cp[i] <= 0x202E) ||
		    (t->cp[i] >= 0x2066 && t->cp[i] <= 0x2069))
			return 1;
	}
	return 0;
}

/* Space-separated numbers (base 16 or 10, 'x' as -1 when allowed). */
static int
parse_list(char *s, size_t *out, size_t max, int base)
{
	char		*tok, *end, *save = NULL;
	size_t		 n = 0;
	unsigned long	 v;

	for (tok = strtok_r(s, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return -1;
		if (base == 10 && strcmp(tok, "x") == 0) {
			out[n++] = (size_t)-1;
			continue;
		}
		errno = 0;
		v = strtoul(tok, &end, base);
		if (errno != 0 || *end != '\0' || end == tok)
			return -1;
		out[n++] = v;
	}
	return (int)n;
}

/* Split one line of the file into its five fields. */
static int
parse_case(char *line, struct tcase *t)
{
	char	*f[5], *p = line;
	size_t	 tmp[MAX_CP], i;
	int	 k, n;

	line[strcspn(line, "\r\n")] = '\0';
	for (k = 0; k < 5; k++) {
		f[k] = p;
		p = strchr(p, ';');
		if (p == NULL && k < 4)
			return -1;
		if (p != NULL)
			*p++ = '\0';
	}
	if ((n = parse_list(f[0], tmp, MAX_CP, 16)) <= 0)
		return -1;
	t->n = (size_t)n;
	for (i = 0; i < t->n; i++)
		t->cp[i] = (uint32_t)tmp[i];
	t->dir = atoi(f[1]);
	t->parlevel = atoi(f[2]);
	if (parse_list(f[3], tmp, MAX_CP, 10) != n)
		return -1;
	for (i = 0; i < t->n; i++)
		t->level[i] = tmp[i] == (size_t)-1 ? -1 : (int)tmp[i];
	if ((n = parse_list(f[4], t->order, MAX_CP, 10)) < 0)
		return -1;
	t->norder = (size_t)n;
	return 0;
}

/*
 * Rule L2 on idx[0..n), whose levels are lev[idx[k]]: from the highest level
 * down to the lowest odd one, reverse every run at that level or higher.
 */
static void
reorder_l2(const int *lev, size_t *idx, size_t n)
{
	size_t	i, a, b, tmp;
	int	hi = 0, lo = 127, k;

	for (i = 0; i < n; i++) {
		if (lev[idx[i]] > hi)
			hi = lev[idx[i]];
		if (lev[idx[i]] % 2 == 1 && lev[idx[i]] < lo)
			lo = lev[idx[i]];
	}
	for (k = hi; k >= lo; k--) {
		for (i = 0; i < n; i++) {
			if (lev[idx[i]] < k)
				continue;
			for (a = i; i < n && lev[idx[i]] >= k; i++)
				;
			for (b = i - 1; a < b; a++, b--) {
				tmp = idx[a];
				idx[a] = idx[b];
				idx[b] = tmp;
			}
		}
	}
}

/*
 * Rule L3 as fribidi_reorder_line() does it with FRIBIDI_FLAG_REORDER_NSM,
 * before L2, on the whole logical line: at an odd level, a run of NSMs
 * (with BN between them) is reversed together with the base before it, so
 * that L2 puts the marks after their base.  lev gives removed characters
 * the level of the character before them, which is what FriBidi does.
 */
static void
reorder_l3(const struct tcase *t, const int *lev, size_t *idx)
{
	FriBidiCharType	type;
	long		i, end, a, b;
	size_t		tmp;

	for (i = (long)t->n - 1; i >= 0; i--) {
		if (lev[i] % 2 == 0 ||
		    fribidi_get_bidi_type(t->cp[i]) != FRIBIDI_TYPE_NSM)
			continue;
		end = i;
		for (i--; i >= 0; i--) {
			type = fribidi_get_bidi_type(t->cp[i]);
			if (lev[i] != lev[end] || !(type == FRIBIDI_TYPE_NSM ||
			    type == FRIBIDI_TYPE_BN))
				break;
		}
		if (i < 0 || lev[i] != lev[end])
			i++;
		for (a = i, b = end; a < b; a++, b--) {
			tmp = idx[a];
			idx[a] = idx[b];
			idx[b] = tmp;
		}
	}
}

/*
 * The order the engine should produce.  Checks first that the harness's
 * own L2 gives the file's order (counted in harness_l2 when not).
 */
static size_t
expected_order(struct tcase *t, size_t *out, struct stats *st)
{
	int	lev[MAX_CP];
	size_t	idx[MAX_CP], plain[MAX_CP], i, k, m;
	int	drop[MAX_CP], prev = t->parlevel, undrawn = 0, trailing = 0;

	for (i = 0; i < t->n; i++) {
		lev[i] = t->level[i] < 0 ? prev : t->level[i];
		prev = lev[i];
		idx[i] = plain[i] = i;
		drop[i] = t->level[i] < 0 || never_drawn(t->cp[i]);
		if (t->level[i] >= 0 && drop[i])
			undrawn = 1;
	}
	/* Trailing spaces of the row: removed characters are not there. */
	for (i = t->n; i > 0; i--) {
		if (is_removed(t->cp[i - 1]))
			continue;
		if (t->cp[i - 1] != ' ' && t->cp[i - 1] != 0x2028 &&
		    t->cp[i - 1] != 0x2029 && t->cp[i - 1] != '\n')
			break;
		trailing |= !drop[i - 1];
		drop[i - 1] = 1;
	}
	st->undrawn += undrawn;
	st->trailing += trailing;

	reorder_l2(lev, plain, t->n);
	for (i = 0, m = 0; i < t->n; i++) {
		if (t->level[plain[i]] >= 0)
			plain[m++] = plain[i];
	}
	if (m != t->norder || memcmp(plain, t->order, m * sizeof *plain) != 0)
		st->harness_l2++;

	reorder_l3(t, lev, idx);
	reorder_l2(lev, idx, t->n);
	for (i = 0, k = 0, m = 0; i < t->n; i++) {
		if (t->level[idx[i]] >= 0 && plain[m++] != idx[i])
			k = 1;
	}
	if (k)
		st->l3_changed++;
	for (i = 0, m = 0; i < t->n; i++) {
		if (!drop[idx[i]])
			out[m++] = idx[i];
	}
	return m;
}

/*
 * Run the case through the engine and read back the visual order as
 * code-point indices.  *rtl gets the resolved paragraph direction.
 */
static size_t
engine_order(const struct tcase *t, size_t *out, int *rtl)
{
	struct para_opts	 o = para_opts_default;
	struct layout		 l;
	struct para		*p;
	char			 s[MAX_CP * 4];
	size_t			 at[MAX_CP * 4], len = 0, i, r, m = 0, k;
	const struct layout_row	*row;

	for (i = 0; i < t->n; i++) {
		k = utf8_encode(t->cp[i], s + len);
		while (k-- > 0)
			at[len++] = i;
	}
	o.dir = t->dir == 0 ? TEXT_DIR_LTR : t->dir == 1 ? TEXT_DIR_RTL :
	    TEXT_DIR_AUTO;
	o.fallback = TEXT_DIR_LTR;
	o.shape = 0;
	p = para_new(s, len, NULL, &o);
	*rtl = para_is_rtl(p);
	memset(&l, 0, sizeof l);
	layout_wrap(p, 0, &l);
	for (r = 0; r < l.nrows; r++) {
		row = &l.rows[r];
		for (i = 0; i < row->len && m < MAX_CP; i++) {
			k = at[row->pos[i]];
			/* The base the engine gives a mark that starts the text. */
			if (row->ch[i] == DOTTED_CIRCLE &&
			    t->cp[k] != DOTTED_CIRCLE)
				continue;
			out[m++] = k;
		}
	}
	layout_free(&l);
	para_free(p);
	return m;
}

static void
print_list(const char *what, const size_t *v, size_t n)
{
	size_t	i;

	printf("  %-9s", what);
	for (i = 0; i < n; i++)
		printf(" %zu", v[i]);
	printf("\n");
}

static void
show(const struct tcase *t, const size_t *want, size_t nwant,
    const size_t *got, size_t ngot, int rtl)
{
	size_t	i;

	printf("line %lu: dir %d, paragraph level %d (got %d)\n  input    ",
	    t->line, t->dir, t->parlevel, rtl);
	for (i = 0; i < t->n; i++)
		printf(" %04X", (unsigned)t->cp[i]);
	printf("\n  levels   ");
	for (i = 0; i < t->n; i++) {
		if (t->level[i] < 0)
			printf(" x");
		else
			printf(" %d", t->level[i]);
	}
	printf("\n");
	print_list("expected", want, nwant);
	print_list("got", got, ngot);
}

int
main(int argc, char **argv)
{
	FILE		*f;
	char		*line = NULL;
	size_t		 cap = 0, nwant, ngot;
	struct tcase	*t;
	struct stats	 st;
	size_t		 want[MAX_CP], got[MAX_CP];
	unsigned long	 lineno = 0;
	int		 rtl, bad;

	if (argc != 2) {
		fprintf(stderr, "usage: %s BidiCharacterTest.txt\n", argv[0]);
		return 2;
	}
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "%s: no C.UTF-8 locale\n", argv[0]);
		return 2;
	}
	if ((f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1],
		    strerror(errno));
		return 2;
	}
	t = xcalloc(1, sizeof *t);
	memset(&st, 0, sizeof st);
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (parse_case(line, t) == -1) {
			fprintf(stderr, "%s: line %lu: malformed\n", argv[1],
			    lineno);
			return 2;
		}
		t->line = lineno;
		if (has_explicit(t)) {
			st.skipped++;
			continue;
		}
		st.run++;
		nwant = expected_order(t, want, &st);
		ngot = engine_order(t, got, &rtl);
		bad = 0;
		if (rtl != (t->parlevel % 2)) {
			st.bad_level++;
			bad = 1;
		}
		if (nwant != ngot ||
		    memcmp(want, got, nwant * sizeof *want) != 0) {
			st.bad_order++;
			bad = 1;
		}
		if (!bad) {
			st.matched++;
			continue;
		}
		if (++st.mismatched <= MAX_SHOWN)
			show(t, want, nwant, got, ngot, rtl);
	}
	free(line);
	free(t);
	fclose(f);

	printf("cases: %lu run, %lu skipped (explicit controls), "
	    "%lu matched, %lu mismatched\n", st.run, st.skipped, st.matched,
	    st.mismatched);
	printf("mismatches: %lu paragraph level, %lu visual order; "
	    "%lu cases where rule L3 moved a mark\n", st.bad_level,
	    st.bad_order, st.l3_changed);
	printf("adjusted: %lu cases drop an undrawn character, %lu a trailing "
	    "space\n", st.undrawn, st.trailing);
	if (st.harness_l2 > 0)
		printf("harness: its L2 disagrees with the file in %lu cases\n",
		    st.harness_l2);
	return st.mismatched == 0 && st.harness_l2 == 0 && st.run > 0 ? 0 : 1;
}
