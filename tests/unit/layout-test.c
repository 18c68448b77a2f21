/* khabar - ISC licence, see LICENSE. */
/*
 * Tests of the layout engine.  The table holds paragraphs in Arabic,
 * Persian, Urdu, Hebrew, CJK and mixed scripts with the rows they must
 * become; every expected row was checked by reading it (and, for shaped
 * text, by naming each presentation form).  Rows are written as
 * layout_row_utf8() gives them: indent spaces first, then visual order.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/layout.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/xmalloc.h"

struct layout_case {
	const char	*name;
	const char	*in;
	size_t		 len;
	int		 width;
	enum text_dir	 dir;
	int		 shape;
	const char	*rows[8];
};

static const struct layout_case cases[] = {
	{ "latin-one-row", "hello world", sizeof("hello world") - 1, 80, TEXT_DIR_AUTO, 1,
	    { "hello world", NULL } },
	{ "latin-wrap", "the quick brown fox jumps", sizeof("the quick brown fox jumps") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "the quick", "brown fox", "jumps", NULL } },
	{ "latin-long-token", "abcdefghijkl", sizeof("abcdefghijkl") - 1, 5, TEXT_DIR_AUTO, 1,
	    { "abcde", "fghij", "kl", NULL } },
	{ "latin-width-1", "ab c", sizeof("ab c") - 1, 1, TEXT_DIR_AUTO, 1,
	    { "a", "b", "c", NULL } },
	{ "arabic-word-unshaped", "سلام", sizeof("سلام") - 1, 10, TEXT_DIR_AUTO, 0,
	    { "      مالس", NULL } },
	{ "arabic-word-shaped", "سلام", sizeof("سلام") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "       ﻡﻼﺳ", NULL } },
	{ "arabic-wrap-unshaped", "مرحبا بكم في القاهرة", sizeof("مرحبا بكم في القاهرة") - 1, 10, TEXT_DIR_AUTO, 0,
	    { " مكب ابحرم", "ةرهاقلا يف", NULL } },
	{ "lam-alef-forms", "لا لأ لإ لآ سلا", sizeof("لا لأ لإ لآ سلا") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "          ﻼﺳ ﻵ ﻹ ﻷ ﻻ", NULL } },
	{ "harakat", "مَدْرَسَةٌ", sizeof("مَدْرَسَةٌ") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "     ﺔٌﺳَﺭَﺪْﻣَ", NULL } },
	{ "tatweel", "عـــربي", sizeof("عـــربي") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "   ﻲﺑﺮـــﻋ", NULL } },
	{ "persian-zwnj", "می\xe2\x80\x8cخواهم", sizeof("می\xe2\x80\x8cخواهم") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "   ﻢﻫﺍﻮﺧﯽﻣ", NULL } },
	{ "persian-letters", "پژوهش گچ", sizeof("پژوهش گچ") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "  ﭻﮔ ﺶﻫﻭﮋﭘ", NULL } },
	{ "urdu-letters", "اردو ٹوپی ڈال", sizeof("اردو ٹوپی ڈال") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "       ﻝﺍﮈ ﯽﭘﻮﭨ ﻭﺩﺭﺍ", NULL } },
	{ "hebrew", "שלום עולם", sizeof("שלום עולם") - 1, 12, TEXT_DIR_AUTO, 1,
	    { "   םלוע םולש", NULL } },
	{ "hebrew-number-punct", "שלום, 2024!", sizeof("שלום, 2024!") - 1, 15, TEXT_DIR_AUTO, 1,
	    { "    !2024 ,םולש", NULL } },
	{ "hebrew-arabic", "שלום سلام", sizeof("שלום سلام") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "           مالس םולש", NULL } },
	{ "ltr-with-arabic-word", "The word سلام means peace", sizeof("The word سلام means peace") - 1, 80, TEXT_DIR_AUTO, 0,
	    { "The word مالس means peace", NULL } },
	{ "rtl-with-english-name", "قال John Smith إن", sizeof("قال John Smith إن") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "   نإ John Smith لاق", NULL } },
	{ "rtl-european-digits", "عام 2024 كان", sizeof("عام 2024 كان") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "        ناك 2024 ماع", NULL } },
	{ "rtl-arabic-indic-digits", "عام ٢٠٢٤ كان", sizeof("عام ٢٠٢٤ كان") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "        ناك ٢٠٢٤ ماع", NULL } },
	{ "rtl-persian-digits", "من ۱۴۰۲ تا ۱۴۰۳", sizeof("من ۱۴۰۲ تا ۱۴۰۳") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "     ۱۴۰۳ ات ۱۴۰۲ نم", NULL } },
	{ "rtl-percent", "ارتفع 25% اليوم", sizeof("ارتفع 25% اليوم") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "     مويلا %25 عفترا", NULL } },
	{ "rtl-decimal-first", "3.14 باي", sizeof("3.14 باي") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "            ياب 3.14", NULL } },
	{ "rtl-date", "في 12/03/2024 صباحا", sizeof("في 12/03/2024 صباحا") - 1, 20, TEXT_DIR_AUTO, 0,
	    { " احابص 12/03/2024 يف", NULL } },
	{ "rtl-parens-mirrored", "قال (مرحبا) له", sizeof("قال (مرحبا) له") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "      هل (ابحرم) لاق", NULL } },
	{ "rtl-brackets-mirrored", "كتب [مرجع] و{قوس}", sizeof("كتب [مرجع] و{قوس}") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "   {سوق}و [عجرم] بتك", NULL } },
	{ "ltr-parens-arabic-inside", "a (سلام) b", sizeof("a (سلام) b") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "a (مالس) b", NULL } },
	{ "rtl-guillemets", "قال «نعم» ثم", sizeof("قال «نعم» ثم") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "        مث «معن» لاق", NULL } },
	{ "rtl-straight-quotes", "قال: \"نعم\"", sizeof("قال: \"نعم\"") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "          \"معن\" :لاق", NULL } },
	{ "rtl-url", "الموقع https://example.org/a?b=1 هنا", sizeof("الموقع https://example.org/a?b=1 هنا") - 1, 40, TEXT_DIR_AUTO, 0,
	    { "    انه https://example.org/a?b=1 عقوملا", NULL } },
	{ "rtl-email", "البريد user@example.com الآن", sizeof("البريد user@example.com الآن") - 1, 30, TEXT_DIR_AUTO, 0,
	    { "  نآلا user@example.com ديربلا", NULL } },
	{ "rtl-question-full-stop", "أين أنت؟ في البيت.", sizeof("أين أنت؟ في البيت.") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "  .تيبلا يف ؟تنأ نيأ", NULL } },
	{ "rtl-exclamation", "سلام!", sizeof("سلام!") - 1, 10, TEXT_DIR_AUTO, 0,
	    { "     !مالس", NULL } },
	{ "alef-maksura-ta-marbuta", "مستشفى مدرسة", sizeof("مستشفى مدرسة") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "        ﺔﺳﺭﺪﻣ ﻰﻔﺸﺘﺴﻣ", NULL } },
	{ "forced-rtl-latin", "hello world", sizeof("hello world") - 1, 20, TEXT_DIR_RTL, 1,
	    { "         hello world", NULL } },
	{ "forced-ltr-arabic", "سلام", sizeof("سلام") - 1, 10, TEXT_DIR_LTR, 1,
	    { "ﻡﻼﺳ", NULL } },
	{ "neutral-only-is-ltr", "123 ...", sizeof("123 ...") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "123 ...", NULL } },
	{ "digits-then-arabic-is-rtl", "123 سلام", sizeof("123 سلام") - 1, 10, TEXT_DIR_AUTO, 0,
	    { "  مالس 123", NULL } },
	{ "cjk-wide", "漢字テスト", sizeof("漢字テスト") - 1, 5, TEXT_DIR_AUTO, 1,
	    { "漢字", "テス", "ト", NULL } },
	{ "cjk-width-1-overflows", "漢字", sizeof("漢字") - 1, 1, TEXT_DIR_AUTO, 1,
	    { "漢", "字", NULL } },
	{ "emoji-wide", "ok 👍 good", sizeof("ok 👍 good") - 1, 80, TEXT_DIR_AUTO, 1,
	    { "ok 👍 good", NULL } },
	{ "latin-combining", "été", sizeof("été") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "été", NULL } },
	{ "trailing-spaces-dropped", "abc   ", sizeof("abc   ") - 1, 10, TEXT_DIR_AUTO, 1,
	    { "abc", NULL } },
	{ "hanging-spaces", "abc   def", sizeof("abc   def") - 1, 5, TEXT_DIR_AUTO, 1,
	    { "abc", "def", NULL } },
	{ "leading-indent-kept", "    indented", sizeof("    indented") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "    indented", NULL } },
	{ "rtl-hard-break", "مرحبامرحبامرحبا", sizeof("مرحبامرحبامرحبا") - 1, 4, TEXT_DIR_AUTO, 0,
	    { "بحرم", "حرما", "رماب", " ابح", NULL } },
	{ "arabic-width-1", "سلام", sizeof("سلام") - 1, 1, TEXT_DIR_AUTO, 1,
	    { "ﺳ", "ﻼ", "ﻡ", NULL } },
	{ "mixed-wrap-narrow", "Arabic (عربي) text", sizeof("Arabic (عربي) text") - 1, 6, TEXT_DIR_AUTO, 0,
	    { "Arabic", "(يبرع)", "text", NULL } },
	{ "escape-and-bell-removed", "a\x1b[31mred\x07", sizeof("a\x1b[31mred\x07") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "a[31mred", NULL } },
	{ "c1-controls-removed", "a\xc2\x9b" "b\xc2\x90" "c", sizeof("a\xc2\x9b" "b\xc2\x90" "c") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "abc", NULL } },
	{ "override-removed", "abc\xe2\x80\xae" "def\xe2\x80\xac", sizeof("abc\xe2\x80\xae" "def\xe2\x80\xac") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "abcdef", NULL } },
	{ "isolates-removed", "\xe2\x81\xa7سلام\xe2\x81\xa9 abc", sizeof("\xe2\x81\xa7سلام\xe2\x81\xa9 abc") - 1, 20, TEXT_DIR_AUTO, 0,
	    { "            abc مالس", NULL } },
	{ "soft-hyphen-removed", "co\xc2\xadoperate", sizeof("co\xc2\xadoperate") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "cooperate", NULL } },
	{ "tab-drawn-as-space", "a\x09" "b", sizeof("a\x09" "b") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "a b", NULL } },
	{ "orphan-mark-gets-base", "َab", sizeof("َab") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "◌َab", NULL } },
	{ "lrm-not-drawn", "abc\xe2\x80\x8e", sizeof("abc\xe2\x80\x8e") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "abc", NULL } },
	{ "newline-forces-break", "abc\x0a" "def", sizeof("abc\x0a" "def") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "abc", "def", NULL } },
	{ "cr-only-breaks", "word1\rword2 foo", sizeof("word1\rword2 foo") - 1,
	    40, TEXT_DIR_AUTO, 1, { "word1", "word2 foo", NULL } },
	{ "crlf-is-one-break", "a\r\nb", sizeof("a\r\nb") - 1, 40,
	    TEXT_DIR_AUTO, 1, { "a", "b", NULL } },
	{ "ff-vt-nel-break", "a\fb\vc\xc2\x85" "d", sizeof("a\fb\vc\xc2\x85" "d") - 1,
	    40, TEXT_DIR_AUTO, 1, { "a", "b", "c", "d", NULL } },
	{ "rtl-crlf", "سطر\r\nسطر", sizeof("سطر\r\nسطر") - 1, 6,
	    TEXT_DIR_AUTO, 0, { "   رطس", "   رطس", NULL } },
	/* Found by fuzz/fuzz-layout: U+FFFF made libunibreak 1.1 abort. */
	{ "noncharacters-replaced", "a\xef\xbf\xbf" "b\xef\xb7\x90" "c\xf0\x9f\xbf\xbe" "d",
	    sizeof("a\xef\xbf\xbf" "b\xef\xb7\x90" "c\xf0\x9f\xbf\xbe" "d") - 1, 20,
	    TEXT_DIR_AUTO, 1, { "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d", NULL } },
	{ "empty", "", sizeof("") - 1, 20, TEXT_DIR_AUTO, 1,
	    { "", NULL } },
	{ "spaces-only", "     ", sizeof("     ") - 1, 3, TEXT_DIR_AUTO, 1,
	    { "", NULL } },
	{ "long-arabic-shaped", "يفتتح المهرجان الثقافي دورته الثالثة يوم 12 مارس بمشاركة 40 فرقة.", sizeof("يفتتح المهرجان الثقافي دورته الثالثة يوم 12 مارس بمشاركة 40 فرقة.") - 1, 24, TEXT_DIR_AUTO, 1,
	    { "  ﻲﻓﺎﻘﺜﻟﺍ ﻥﺎﺟﺮﻬﻤﻟﺍ ﺢﺘﺘﻔﻳ", "    12 ﻡﻮﻳ ﺔﺜﻟﺎﺜﻟﺍ ﻪﺗﺭﻭﺩ", "   .ﺔﻗﺮﻓ 40 ﺔﻛﺭﺎﺸﻤﺑ ﺱﺭﺎﻣ", NULL } },
	{ "invalid-utf8", "a\xff" "b\xe2\x82" "c\xc0\xaf" "d\xed\xa0\x80" "e\xf4\x90\x80\x80" "f", sizeof("a\xff" "b\xe2\x82" "c\xc0\xaf" "d\xed\xa0\x80" "e\xf4\x90\x80\x80" "f") - 1, 40, TEXT_DIR_AUTO, 1,
	    { "a�b�c��d���e����f", NULL } },
};
#define NCASES	(sizeof cases / sizeof cases[0])

static void
test_case(void **state)
{
	const struct layout_case	*c = *state;
	struct para_opts		 o = para_opts_default;
	struct layout			 l = { 0 };
	struct buf			 b = { 0 };
	struct para			*p;
	size_t				 i, n;

	o.dir = c->dir;
	o.shape = c->shape;
	p = para_new(c->in, c->len, NULL, &o);
	layout_wrap(p, c->width, &l);
	for (n = 0; c->rows[n] != NULL; n++)
		continue;
	for (i = 0; i < l.nrows && i < n; i++) {
		buf_reset(&b);
		buf_add(&b, "", 0);	/* a string even for an empty row */
		layout_row_utf8(&l.rows[i], &b);
		/* Like `khabar render', compare without trailing blanks. */
		while (b.len > 0 && b.data[b.len - 1] == ' ')
			b.data[--b.len] = '\0';
		if (strcmp(b.data, c->rows[i]) != 0)
			fail_msg("%s: row %zu is [%s], want [%s]", c->name, i,
			    b.data, c->rows[i]);
	}
	if (l.nrows != n)
		fail_msg("%s: %zu rows, want %zu", c->name, l.nrows, n);
	buf_free(&b);
	layout_free(&l);
	para_free(p);
}

/* Lay out s with no attributes and the given direction. */
static struct para *
para_str(const char *s, enum text_dir dir, int shape)
{
	struct para_opts	o = para_opts_default;

	o.dir = dir;
	o.shape = shape;
	return para_new(s, strlen(s), NULL, &o);
}

static void
test_direction(void **state)
{
	static const struct {
		const char	*s;
		enum text_dir	 dir;
		enum text_dir	 fallback;
		int		 rtl;
	} t[] = {
		{ "hello", TEXT_DIR_AUTO, TEXT_DIR_LTR, 0 },
		{ "سلام hello", TEXT_DIR_AUTO, TEXT_DIR_LTR, 1 },
		{ "hello سلام", TEXT_DIR_AUTO, TEXT_DIR_LTR, 0 },
		{ "123 שלום", TEXT_DIR_AUTO, TEXT_DIR_LTR, 1 },
		{ "123 ...", TEXT_DIR_AUTO, TEXT_DIR_LTR, 0 },
		{ "123 ...", TEXT_DIR_AUTO, TEXT_DIR_RTL, 1 },
		{ "", TEXT_DIR_AUTO, TEXT_DIR_RTL, 1 },
		{ "hello", TEXT_DIR_RTL, TEXT_DIR_LTR, 1 },
		{ "سلام", TEXT_DIR_LTR, TEXT_DIR_RTL, 0 },
		/* An isolate cannot hide the first strong character. */
		{ "\xe2\x81\xa6" "abc\xe2\x81\xa9 سلام", TEXT_DIR_AUTO,
		  TEXT_DIR_LTR, 0 },
	};
	struct para_opts	 o = para_opts_default;
	struct para		*p;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		o.dir = t[i].dir;
		o.fallback = t[i].fallback;
		p = para_new(t[i].s, strlen(t[i].s), NULL, &o);
		if (para_is_rtl(p) != t[i].rtl)
			fail_msg("[%s]: rtl %d, want %d", t[i].s,
			    para_is_rtl(p), t[i].rtl);
		para_free(p);
	}
}

/*
 * Attributes and input offsets follow each character through the
 * reordering: a bold Arabic word in an English sentence, a linked English
 * name in an Arabic one.
 */
static void
test_attributes_follow(void **state)
{
	static const struct {
		const char	*s;
		const char	*marked;	/* the substring with the attr */
		uint32_t	 attr;
	} t[] = {
		{ "read سلام now", "سلام", TEXT_BOLD },
		{ "قال John Smith اليوم", "John Smith",
		  TEXT_WITH_LINK(TEXT_UNDERLINE, 3) },
		{ "عام 2024 (نعم) كان", "(نعم)", TEXT_HIT },
		{ "مَدْرَسَة لا", "دْرَ", TEXT_ITALIC },
	};
	struct layout	 l = { 0 };
	struct para	*p;
	uint32_t	*attr, c;
	size_t		 i, j, k, len, start, end, seen;
	int		 width;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		len = strlen(t[i].s);
		start = (size_t)(strstr(t[i].s, t[i].marked) - t[i].s);
		end = start + strlen(t[i].marked);
		attr = xcalloc(len, sizeof *attr);
		for (j = start; j < end; j++)
			attr[j] = t[i].attr;
		p = para_new(t[i].s, len, attr, NULL);
		for (width = 0; width <= 12; width += 4) {
			layout_wrap(p, width, &l);
			seen = 0;
			for (j = 0; j < l.nrows; j++) {
				for (k = 0; k < l.rows[j].len; k++) {
					const struct layout_row *r = &l.rows[j];
					uint32_t want = r->pos[k] >= start &&
					    r->pos[k] < end ? t[i].attr : 0;

					assert_true(r->pos[k] < len);
					assert_int_equal(r->attr[k], want);
					utf8_decode(t[i].s + r->pos[k],
					    len - r->pos[k], &c);
					/* Spaces are not shaped: the offset
					 * must point at a space too. */
					if (r->ch[k] == ' ')
						assert_int_equal(c, ' ');
					seen += want != 0;
				}
			}
			assert_true(seen > 0);
		}
		para_free(p);
		free(attr);
	}
	layout_free(&l);
}

/* Re-wrapping one analysis at other widths gives what a fresh one gives. */
static void
test_rewrap_matches_fresh(void **state)
{
	static const char s[] = "يفتتح المهرجان الثقافي (في الإسكندرية) "
	    "دورته الثالثة يوم 12 مارس، with 40 troupes from Tunis «وتونس» "
	    "والمغرب ولبنان.";
	static const int widths[] = { 30, 7, 80, 1, 13, 30 };
	struct layout	 a = { 0 }, b = { 0 };
	struct buf	 ba = { 0 }, bb = { 0 };
	struct para	*kept, *fresh;
	size_t		 i, r;

	(void)state;
	kept = para_str(s, TEXT_DIR_AUTO, 1);
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		fresh = para_str(s, TEXT_DIR_AUTO, 1);
		layout_wrap(kept, widths[i], &a);
		layout_wrap(fresh, widths[i], &b);
		assert_int_equal(a.nrows, b.nrows);
		for (r = 0; r < a.nrows; r++) {
			buf_reset(&ba);
			buf_reset(&bb);
			layout_row_utf8(&a.rows[r], &ba);
			layout_row_utf8(&b.rows[r], &bb);
			assert_string_equal(ba.data, bb.data);
		}
		para_free(fresh);
	}
	para_free(kept);
	layout_free(&a);
	layout_free(&b);
	buf_free(&ba);
	buf_free(&bb);
}

/*
 * For every width from 1 to 50: no row is wider than the width unless it
 * holds a single glyph, cols is the sum of the widths, RTL rows end flush
 * right, and every drawn character of the input appears exactly once.
 */
static void
test_row_invariants(void **state)
{
	static const char s[] = "قال المتحدث إن «الاجتماع» سيعقد في 16 يناير "
	    "(بتوقيت موسكو) — see https://example.org/news/2024/01/lavrov "
	    "for details 漢字 ✓ ٢٠٢٤ שלום مَدْرَسَة لا";
	struct layout	 l = { 0 };
	struct para	*p;
	size_t		 r, k, glyphs, want = 0;
	int		 w, cols;

	(void)state;
	p = para_str(s, TEXT_DIR_AUTO, 1);
	for (w = 1; w <= 50; w++) {
		layout_wrap(p, w, &l);
		glyphs = 0;
		for (r = 0; r < l.nrows; r++) {
			cols = 0;
			for (k = 0; k < l.rows[r].len; k++)
				cols += l.rows[r].width[k];
			assert_int_equal(cols, l.rows[r].cols);
			if (cols > w)
				assert_int_equal(l.rows[r].len -
				    (size_t)(l.rows[r].ch[l.rows[r].len - 1] == ' '), 1);
			else
				assert_int_equal(l.rows[r].indent + cols, w);
			for (k = 0; k < l.rows[r].len; k++)
				glyphs += l.rows[r].ch[k] != ' ';
		}
		/* Only the spaces that end rows may come and go. */
		if (w == 1)
			want = glyphs;
		assert_int_equal(glyphs, want);
	}
	para_free(p);
	layout_free(&l);
}

/* Nothing drawn is a control character, whatever the input. */
static void
test_no_controls_drawn(void **state)
{
	char		 s[512];
	struct layout	 l = { 0 };
	struct para	*p;
	size_t		 i, r, k;
	uint32_t	 c;

	(void)state;
	srand(7);
	for (i = 0; i < 200; i++) {
		for (k = 0; k < sizeof s; k++)
			s[k] = (char)(rand() % 256);
		p = para_new(s, sizeof s, NULL, NULL);
		layout_wrap(p, (int)(i % 40), &l);
		for (r = 0; r < l.nrows; r++) {
			for (k = 0; k < l.rows[r].len; k++) {
				c = l.rows[r].ch[k];
				assert_false(c < 0x20 || (c >= 0x7F && c <= 0x9F));
				assert_false(c >= 0x202A && c <= 0x202E);
				assert_false(c >= 0x2066 && c <= 0x2069);
				assert_false(c == 0xFEFF);
			}
		}
		para_free(p);
	}
	layout_free(&l);
}

/* A paragraph of a megabyte with no break opportunity at all. */
static void
test_huge_token(void **state)
{
	struct layout	 l = { 0 };
	struct para	*p;
	size_t		 n = 1 << 20, i;
	char		*s;

	(void)state;
	s = xmalloc(n);
	for (i = 0; i < n; i += 2) {
		s[i] = (char)0xd8;	/* U+0633 ARABIC LETTER SEEN */
		s[i + 1] = (char)0xb3;
	}
	p = para_new(s, n, NULL, NULL);
	assert_int_equal(para_length(p), n / 2);
	layout_wrap(p, 100, &l);
	assert_int_equal(l.nrows, (n / 2 + 99) / 100);
	assert_int_equal(l.rows[0].indent, 0);
	assert_int_equal(l.rows[l.nrows - 1].indent, 100 - (int)(n / 2 % 100));
	para_free(p);
	layout_free(&l);
	free(s);
}

int
main(void)
{
	struct CMUnitTest	tests[NCASES + 6];
	size_t			i;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "layout-test: the C.UTF-8 locale is missing\n");
		return 1;
	}
	for (i = 0; i < NCASES; i++) {
		memset(&tests[i], 0, sizeof tests[i]);
		tests[i].name = cases[i].name;
		tests[i].test_func = test_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_direction);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_attributes_follow);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_rewrap_matches_fresh);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_row_invariants);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_no_controls_drawn);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_huge_token);
	return _cmocka_run_group_tests("layout", tests, i, NULL, NULL);
}
