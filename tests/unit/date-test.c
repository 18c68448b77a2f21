/* khabar - ISC licence, see LICENSE. */

/*
 * Tests for src/feed/date.c.  Each table row is an input and the date it
 * must give, written as RFC 3339 in UTC, or NULL when the input is not a
 * date.  Each group of rows is one cmocka test; a failing row is printed
 * with its input, and the test fails after checking every row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feed/date.h"

struct row {
	const char	*in;
	const char	*want;		/* NULL: not a date */
};

#define NROWS(t)	(sizeof (t) / sizeof (t)[0])

static void	check_rows(const struct row *, size_t);

static const struct row rfc822_basic[] = {
	{ "Mon, 15 Jan 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 +0000", "2024-01-15T08:00:00Z" },
	{ "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z" },
	{ "Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59Z" },
	{ "Tue, 29 Feb 2000 12:34:56 GMT", "2000-02-29T12:34:56Z" },
	{ "Thu, 29 Feb 2024 23:59:59 GMT", "2024-02-29T23:59:59Z" },
	{ "Tue, 19 Jan 2038 03:14:08 GMT", "2038-01-19T03:14:08Z" },
	{ "Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59Z" },
	{ "Sat, 01 Jan 1900 00:00:00 GMT", "1900-01-01T00:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00 GMT", "2024-01-15T08:00:00Z" },
	{ "15 Jan 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "15 Jan 2024 08:00 +0100", "2024-01-15T07:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024", "2024-01-15T00:00:00Z" },
	{ "Sat, 31 Dec 2016 23:59:60 GMT", "2017-01-01T00:00:00Z" },
	{ "Mon, 15 Jan 2024 8:05:09 GMT", "2024-01-15T08:05:09Z" },
	{ "Sun, 15 Dec 2024 23:00:00 -0200", "2024-12-16T01:00:00Z" },
	{ "Mon, 01 Jan 2024 01:00:00 +0300", "2023-12-31T22:00:00Z" },
};

static const struct row rfc822_zones[] = {
	{ "Mon, 15 Jan 2024 08:00:00 +0300", "2024-01-15T05:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 -0500", "2024-01-15T13:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 +0530", "2024-01-15T02:30:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 -0930", "2024-01-15T17:30:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 +1400", "2024-01-14T18:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 -0000", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 +03:00", "2024-01-15T05:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 +03", "2024-01-15T05:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00+0300", "2024-01-15T05:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 UT", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 UTC", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 Z", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 EST", "2024-01-15T13:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 EDT", "2024-01-15T12:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 CST", "2024-01-15T14:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 CDT", "2024-01-15T13:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 MST", "2024-01-15T15:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 MDT", "2024-01-15T14:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 PST", "2024-01-15T16:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 PDT", "2024-01-15T15:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 pst", "2024-01-15T16:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 gmt", "2024-01-15T08:00:00Z" },
	/* Military letters are -0000 (RFC 2822 section 4.3). */
	{ "Mon, 15 Jan 2024 08:00:00 A", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 I", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 K", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 M", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 N", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 Y", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 z", "2024-01-15T08:00:00Z" },
	/* So are unknown names, and J, which is no zone at all. */
	{ "Mon, 15 Jan 2024 08:00:00 J", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 CET", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 XYZZYXYZZYXYZZYXYZZY",
	    "2024-01-15T08:00:00Z" },
};

static const struct row rfc822_lenient[] = {
	{ "Mon, 15 Jan 24 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 49 08:00:00 GMT", "2049-01-15T08:00:00Z" },
	{ "Fri, 15 Jan 50 08:00:00 GMT", "1950-01-15T08:00:00Z" },
	{ "Thu, 15 Jan 99 08:00:00 GMT", "1999-01-15T08:00:00Z" },
	{ "Sat, 01 Jan 00 00:00:00 GMT", "2000-01-01T00:00:00Z" },
	{ "Thu, 15 Jan 124 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Mon, 5 Feb 2024 08:00:00 GMT", "2024-02-05T08:00:00Z" },
	{ "Mon, 05 Feb 2024 08:00:00 GMT", "2024-02-05T08:00:00Z" },
	{ "  Mon,   15  Jan   2024   08:00:00   GMT  ",
	    "2024-01-15T08:00:00Z" },
	{ "\tMon,\t15\tJan\t2024\t08:00:00\tGMT\r\n", "2024-01-15T08:00:00Z" },
	{ "Mon ,15 Jan 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Mon,15 Jan 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Mon 15 Jan 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "MON, 15 JAN 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "mon, 15 jan 2024 08:00:00 gmt", "2024-01-15T08:00:00Z" },
	{ "mOn, 15 jAn 2024 08:00:00 GmT", "2024-01-15T08:00:00Z" },
	{ "Monday, 15 January 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Wednesday, 18 September 2024 08:00 +0300",
	    "2024-09-18T05:00:00Z" },
	{ "Tues, 16 Sept 2025 08:00:00 GMT", "2025-09-16T08:00:00Z" },
	{ "Thur, 15 June 2023 08:00:00 GMT", "2023-06-15T08:00:00Z" },
	/* Any abbreviation of three letters or more. */
	{ "Mon, 15 Janua 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	/* The weekday is not checked against the date. */
	{ "Fri, 15 Jan 2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 -0800 (PST)", "2024-01-15T16:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 GMT (Greenwich)",
	    "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 (PST)", "2024-01-15T08:00:00Z" },
	{ "Mon, 15 Jan 2024 08:00:00 +0000 trailing junk 99:99",
	    "2024-01-15T08:00:00Z" },
	{ "Monday, 15-Jan-24 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "15-Jan-2024 08:00:00 GMT", "2024-01-15T08:00:00Z" },
	{ "1 Mar 2023 00:00 GMT", "2023-03-01T00:00:00Z" },
	{ "Sun, 31 Dec 2023 23:59:59 -1200", "2024-01-01T11:59:59Z" },
	{ "Fri, 01 Mar 2024 00:30:00 +0100", "2024-02-29T23:30:00Z" },
	{ "Jan 15 2024", NULL },
};

static const struct row iso_valid[] = {
	{ "2024-01-15T08:00:00Z", "2024-01-15T08:00:00Z" },
	{ "2024-01-15T08:00:00+03:00", "2024-01-15T05:00:00Z" },
	{ "2024-01-15T08:00:00+0300", "2024-01-15T05:00:00Z" },
	{ "2024-01-15T08:00:00+03", "2024-01-15T05:00:00Z" },
	{ "2024-01-15T08:00:00-05:00", "2024-01-15T13:00:00Z" },
	{ "2024-01-15T08:00:00-00:00", "2024-01-15T08:00:00Z" },
	{ "2024-01-15T08:00:00+05:45", "2024-01-15T02:15:00Z" },
	{ "2024-01-15T08:00:00.123Z", "2024-01-15T08:00:00Z" },
	{ "2024-01-15T08:00:00.999999999999999999999999Z",
	    "2024-01-15T08:00:00Z" },
	{ "2024-01-15T08:00:00,5+01:00", "2024-01-15T07:00:00Z" },
	{ "2024-01-15T08:00:00", "2024-01-15T08:00:00Z" },
	{ "2024-01-15T08:00", "2024-01-15T08:00:00Z" },
	{ "2024-01-15T08:00Z", "2024-01-15T08:00:00Z" },
	{ "2024-01-15", "2024-01-15T00:00:00Z" },
	{ "2024-01-15 08:00:00", "2024-01-15T08:00:00Z" },
	{ "2024-01-15 08:00:00Z", "2024-01-15T08:00:00Z" },
	{ "2024-01-15 08:00:00 +0300", "2024-01-15T05:00:00Z" },
	{ "2024-01-15 08:00:00 UTC", "2024-01-15T08:00:00Z" },
	{ "2024-01-15t08:00:00z", "2024-01-15T08:00:00Z" },
	{ "  2024-01-15T08:00:00Z \n", "2024-01-15T08:00:00Z" },
	{ "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z" },
	{ "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z" },
	{ "2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z" },
	{ "1600-02-29T00:00:00Z", "1600-02-29T00:00:00Z" },
	{ "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z" },
	{ "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z" },
	{ "2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z" },
	{ "2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z" },
	{ "2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z" },
	{ "2024-03-01T00:00:00+00:01", "2024-02-29T23:59:00Z" },
};

static const struct row invalid_rfc822[] = {
	{ "", NULL },
	{ " ", NULL },
	{ "\t\r\n", NULL },
	{ "garbage", NULL },
	{ "Mon", NULL },
	{ "Mon,", NULL },
	{ "Mon, 15", NULL },
	{ "Mon, 15 Jan", NULL },
	{ "Mon, 15 Jan 2024 08", NULL },
	{ "Mon, 15 Jan 2024 08:", NULL },
	{ "Mon, 15 Jan 2024 08:0", NULL },
	{ "Mon, 15 Jan 2024 08:00:", NULL },
	{ "Mon, 15 Jan 2024 08:00:0", NULL },
	{ "Mon, 15 Jan 2024 08:00:000 GMT", NULL },
	{ "Mon, 30 Feb 2024 08:00:00 GMT", NULL },
	{ "Mon, 29 Feb 2023 08:00:00 GMT", NULL },
	{ "Mon, 29 Feb 1900 08:00:00 GMT", NULL },
	{ "Mon, 31 Apr 2024 08:00:00 GMT", NULL },
	{ "Mon, 32 Jan 2024 08:00:00 GMT", NULL },
	{ "Mon, 0 Jan 2024 08:00:00 GMT", NULL },
	{ "Mon, 00 Jan 2024 08:00:00 GMT", NULL },
	{ "Mon, 15 Foo 2024 08:00:00 GMT", NULL },
	{ "Mon, 15 Ja 2024 08:00:00 GMT", NULL },
	{ "Mon, 15 Januaryy 2024 08:00:00 GMT", NULL },
	{ "Mo, 15 Jan 2024 08:00:00 GMT", NULL },
	{ "Fun, 15 Jan 2024 08:00:00 GMT", NULL },
	{ "Mon, 15 Jan 2024 24:00:00 GMT", NULL },
	{ "Mon, 15 Jan 2024 08:60:00 GMT", NULL },
	{ "Mon, 15 Jan 2024 08:00:61 GMT", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 +2400", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 +0360", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 +3", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 +03000", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 +", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 -", NULL },
	{ "Mon, 15 Jan 2 08:00:00 GMT", NULL },
	{ "Mon, 15 Jan 20245 08:00:00 GMT", NULL },
	{ "Mon, 15 Jan2024 08:00:00 GMT", NULL },
	{ "Mon, 15Jan 2024 08:00:00 GMT", NULL },
	{ "Mon, 15 Jan 202408:00:00 GMT", NULL },
	{ "Mon, 15 Jan 2024 GMT", NULL },
	{ "Mon, 123 Jan 2024 08:00:00 GMT", NULL },
	{ "Mon, -15 Jan 2024 08:00:00 GMT", NULL },
	{ "15 Jan 2024T08:00:00Z", NULL },
	{ "Mon, 15 Jan 2024 08h00 GMT", NULL },
	{ "Mon, 15 Jan 2024 :00:00 GMT", NULL },
	{ "Mon, 15 Jan 2024 123:00:00 GMT", NULL },
	{ "Mon, 15 \xd9\x8a\xd9\x86\xd8\xa7\xd9\x8a\xd8\xb1 2024", NULL },
	{ "\xff\xfe\xfd", NULL },
};

static const struct row invalid_iso[] = {
	{ "2024-13-01", NULL },
	{ "2024-00-10", NULL },
	{ "2024-01-00", NULL },
	{ "2024-01-32", NULL },
	{ "2024-02-30", NULL },
	{ "2023-02-29", NULL },
	{ "2100-02-29", NULL },
	{ "2024-04-31T00:00:00Z", NULL },
	{ "2024-1-15", NULL },
	{ "2024-01-5", NULL },
	{ "2024-01-155", NULL },
	{ "24-01-15", NULL },
	{ "20240-01-15", NULL },
	{ "2024/01/15", NULL },
	{ "20240115", NULL },
	{ "2024-01", NULL },
	{ "2024-01-", NULL },
	{ "2024-01-15T", NULL },
	{ "2024-01-15T08", NULL },
	{ "2024-01-15T08:", NULL },
	{ "2024-01-15T8:00:00Z", NULL },
	{ "2024-01-15T08:0Z", NULL },
	{ "2024-01-15T24:00:00Z", NULL },
	{ "2024-01-15T23:60:00Z", NULL },
	{ "2024-01-15T23:59:61Z", NULL },
	{ "2024-01-15T08:00:00.Z", NULL },
	{ "2024-01-15T08:00:00ZZ", NULL },
	{ "2024-01-15T08:00:00Zjunk", NULL },
	{ "2024-01-15T08:00:00Z junk", NULL },
	{ "2024-01-15T08:00:00A", NULL },
	{ "2024-01-15T08:00:00+3:00", NULL },
	{ "2024-01-15T08:00:00+03:0", NULL },
	{ "2024-01-15T08:00:00+24:00", NULL },
	{ "2024-01-15T08:00:00+03:60", NULL },
	{ "2024-01-15T08:00:00+030000", NULL },
	{ "2024-01-15X08:00:00Z", NULL },
	{ "2024-01-15TT08:00:00Z", NULL },
	{ "2024-01-15 junk", NULL },
	{ "-2024-01-15", NULL },
	{ "+2024-01-15", NULL },
	{ "2024-01-15T08:00:00-", NULL },
};

static const struct row overflow[] = {
	{ "2147483648-01-15T08:00:00Z", NULL },
	{ "99999999999999999999-01-01", NULL },
	{ "2024-4294967297-01", NULL },
	{ "2024-01-4294967311", NULL },
	{ "2024-01-15T4294967304:00:00Z", NULL },
	{ "2024-01-15T08:4294967296:00Z", NULL },
	{ "2024-01-15T08:00:4294967296Z", NULL },
	{ "2024-01-15T08:00:00+4294967296", NULL },
	{ "Mon, 4294967311 Jan 2024 08:00:00 GMT", NULL },
	{ "Mon, 15 Jan 4294967296 08:00:00 GMT", NULL },
	{ "Mon, 15 Jan 99999999999999999999 08:00:00 GMT", NULL },
	{ "Mon, 15 Jan 2024 4294967304:00:00 GMT", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 +4294967296", NULL },
	{ "Mon, 15 Jan 2024 08:00:00 -9223372036854775808", NULL },
};

static void
check_rows(const struct row *rows, size_t n)
{
	char	 got[32];
	int64_t	 t;
	size_t	 i, bad = 0;
	int	 rc;

	for (i = 0; i < n; i++) {
		t = 0;
		rc = date_parse(rows[i].in, &t);
		if (rows[i].want == NULL) {
			if (rc != -1) {
				date_format_rfc3339(t, got);
				print_error("row %zu: \"%s\": want -1, "
				    "got %s\n", i, rows[i].in, got);
				bad++;
			}
			continue;
		}
		if (rc != 0) {
			print_error("row %zu: \"%s\": want %s, got -1\n", i,
			    rows[i].in, rows[i].want);
			bad++;
			continue;
		}
		date_format_rfc3339(t, got);
		if (strcmp(got, rows[i].want) != 0) {
			print_error("row %zu: \"%s\": want %s, got %s\n", i,
			    rows[i].in, rows[i].want, got);
			bad++;
		}
	}
	if (bad != 0)
		fail_msg("%zu of %zu rows failed", bad, n);
}

static void
test_rfc822_basic(void **state)
{
	(void)state;
	check_rows(rfc822_basic, NROWS(rfc822_basic));
}

static void
test_rfc822_zones(void **state)
{
	(void)state;
	check_rows(rfc822_zones, NROWS(rfc822_zones));
}

static void
test_rfc822_lenient(void **state)
{
	(void)state;
	check_rows(rfc822_lenient, NROWS(rfc822_lenient));
}

static void
test_iso_valid(void **state)
{
	(void)state;
	check_rows(iso_valid, NROWS(iso_valid));
}

static void
test_invalid_rfc822(void **state)
{
	(void)state;
	check_rows(invalid_rfc822, NROWS(invalid_rfc822));
}

static void
test_invalid_iso(void **state)
{
	(void)state;
	check_rows(invalid_iso, NROWS(invalid_iso));
}

static void
test_overflow(void **state)
{
	(void)state;
	check_rows(overflow, NROWS(overflow));
}

/* A failed parse leaves *out alone, and NULL is not a date. */
static void
test_untouched(void **state)
{
	int64_t	t = 42;

	(void)state;
	assert_int_equal(date_parse(NULL, &t), -1);
	assert_int_equal(date_parse("2024-13-01", &t), -1);
	assert_int_equal(date_parse("Mon, 30 Feb 2024 08:00:00", &t), -1);
	assert_true(t == 42);
}

/* Long inputs: digits, spaces before a date, a zone of letters. */
static void
test_long(void **state)
{
	const size_t	 len = 1 << 16;
	char		*s;
	int64_t		 t;

	(void)state;
	s = malloc(len + 64);
	assert_non_null(s);

	memset(s, '9', len);
	s[len] = '\0';
	assert_int_equal(date_parse(s, &t), -1);

	memset(s, ' ', len);
	strcpy(s + len, "2024-01-15T08:00:00Z");
	assert_int_equal(date_parse(s, &t), 0);
	assert_true(t == 1705305600);

	memcpy(s, "2024-01-15T08:00:00.", 20);
	memset(s + 20, '5', len - 20);
	strcpy(s + len, "Z");
	assert_int_equal(date_parse(s, &t), 0);
	assert_true(t == 1705305600);

	memcpy(s, "Mon, 15 Jan 2024 08:00:00 ", 26);
	memset(s + 26, 'Q', len - 26);
	s[len] = '\0';
	assert_int_equal(date_parse(s, &t), 0);
	assert_true(t == 1705305600);

	memcpy(s, "Mon, 15 ", 8);
	memset(s + 8, 'j', len - 8);
	s[len] = '\0';
	assert_int_equal(date_parse(s, &t), -1);
	free(s);
}

/*
 * Every prefix of good dates, each in a buffer of its exact size, so that
 * a read past the NUL shows up under AddressSanitizer.
 */
static void
test_prefixes(void **state)
{
	static const char *const good[] = {
		"Monday, 15 January 2024 08:00:00 -0800 (PST)",
		"Mon, 15-Jan-24 8:00 +03:00",
		"2024-01-15T08:00:00.123456+03:00",
		"2024-01-15 08:00:00 UTC",
	};
	char	*s;
	size_t	 i, n, len;
	int64_t	 t;

	(void)state;
	for (i = 0; i < NROWS(good); i++) {
		len = strlen(good[i]);
		for (n = 0; n <= len; n++) {
			s = malloc(n + 1);
			assert_non_null(s);
			memcpy(s, good[i], n);
			s[n] = '\0';
			(void)date_parse(s, &t);
			free(s);
		}
	}
}

/* Random bytes from a fixed seed, with date-like characters favoured. */
static void
test_random(void **state)
{
	static const char	 alphabet[] = "0123456789 -:+TZ,.()JanMonGMT";
	uint32_t		 x = 2463534242U;
	char			*s;
	size_t			 i, j, n;
	int64_t			 t;

	(void)state;
	for (i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		n = x % 40;
		s = malloc(n + 1);
		assert_non_null(s);
		for (j = 0; j < n; j++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			if (x & 1)
				s[j] = alphabet[(x >> 1) %
				    (sizeof alphabet - 1)];
			else
				s[j] = (char)((x >> 1) % 255 + 1);
		}
		s[n] = '\0';
		/* Years 0000 to 9999, give or take a day of zone offset. */
		if (date_parse(s, &t) == 0)
			assert_true(t >= -62167219200LL - 86400 &&
			    t < 253402300800LL + 86400);
		free(s);
	}
}

static void
test_format(void **state)
{
	/* Expected values computed with Python's datetime. */
	static const struct {
		int64_t		 t;
		const char	*want;
	} rows[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ -1, "1969-12-31T23:59:59Z" },
		{ 86399, "1970-01-01T23:59:59Z" },
		{ 86400, "1970-01-02T00:00:00Z" },
		{ -86400, "1969-12-31T00:00:00Z" },
		{ -86401, "1969-12-30T23:59:59Z" },
		{ 951782400, "2000-02-29T00:00:00Z" },
		{ 1705305600, "2024-01-15T08:00:00Z" },
		{ 1709208000, "2024-02-29T12:00:00Z" },
		{ 2147483647, "2038-01-19T03:14:07Z" },
		{ 2147483648LL, "2038-01-19T03:14:08Z" },
		{ -2208988800LL, "1900-01-01T00:00:00Z" },
		{ -11670998400LL, "1600-02-29T00:00:00Z" },
		{ -62135596800LL, "0001-01-01T00:00:00Z" },
		{ 253402300799LL, "9999-12-31T23:59:59Z" },
	};
	char	got[32];
	size_t	i, bad = 0;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		date_format_rfc3339(rows[i].t, got);
		if (strcmp(got, rows[i].want) != 0) {
			print_error("row %zu: %lld: want %s, got %s\n", i,
			    (long long)rows[i].t, rows[i].want, got);
			bad++;
		}
	}
	if (bad != 0)
		fail_msg("%zu of %zu rows failed", bad, NROWS(rows));

	/* Extremes must fit in 32 bytes and not overflow. */
	date_format_rfc3339(INT64_MAX, got);
	assert_true(strlen(got) < 32);
	date_format_rfc3339(INT64_MIN, got);
	assert_true(strlen(got) < 32);
}

/* Formatting then parsing gives back the same time, across 0001-9999. */
static void
test_round_trip(void **state)
{
	char	buf[32];
	int64_t	t, back;

	(void)state;
	for (t = -62135596800LL; t <= 253402300799LL; t += 7777777 + 13) {
		date_format_rfc3339(t, buf);
		if (date_parse(buf, &back) != 0 || back != t)
			fail_msg("%lld -> %s -> %lld", (long long)t, buf,
			    (long long)back);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc822_basic),
		cmocka_unit_test(test_rfc822_zones),
		cmocka_unit_test(test_rfc822_lenient),
		cmocka_unit_test(test_iso_valid),
		cmocka_unit_test(test_invalid_rfc822),
		cmocka_unit_test(test_invalid_iso),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_untouched),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
