/* khabar - ISC licence, see LICENSE. */

/*
 * Feed dates.  RSS carries RFC 822 dates (in practice anything RFC 2822
 * would read, and worse); Atom and JSON Feed carry RFC 3339.  Each parser
 * walks the string with a pointer that stops at the first byte it does not
 * expect, so it never looks past the NUL, and reads each number with a bound
 * on its digits, so no field can overflow.  Fields are parsed into a struct
 * date_tm, checked, and turned into seconds with days_from_civil (proleptic
 * Gregorian calendar) instead of mktime or timegm, which depend on TZ.
 *
 * Zones: numeric offsets (+0300, +03:00, +03), the RFC 822 names (UT GMT
 * UTC Z EST EDT CST CDT MST MDT PST PDT) and the military letters.  RFC 822
 * got the sign of the military letters backwards, so, as RFC 2822 section
 * 4.3 advises, every letter but Z is read as -0000: UTC with no known
 * offset.  The same section says the same of any other alphabetic zone
 * (CET, IST...), and khabar follows it.  A date without a zone is UTC.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "feed/date.h"

struct date_tm {
	int	year;
	int	mon;		/* 1-12 */
	int	day;		/* 1-31 */
	int	hour;
	int	min;
	int	sec;		/* 0-60, 60 being a leap second */
	int	off;		/* seconds east of UTC */
};

static int	date_isspace(int);
static int	date_isdigit(int);
static int	date_isalpha(int);
static const char *date_skip_space(const char *);
static const char *date_digits(const char *, int, int *);
static const char *date_number(const char *, int, int, int *);
static const char *date_word(const char *, char *, size_t, size_t *);
static int	date_match(const char *, size_t, const char *const *, int);
static const char *date_zone(const char *, int, int *);
static const char *date_time(const char *, int, struct date_tm *);
static int	date_parse_iso(const char *, struct date_tm *);
static const char *date_skip_sep(const char *);
static const char *date_rfc822_dmy(const char *, struct date_tm *);
static int	date_parse_rfc822(const char *, struct date_tm *);
static int	date_days_in_month(int, int);
static int	date_valid(const struct date_tm *);
static int64_t	date_days_from_civil(int64_t, int, int);
static void	date_civil_from_days(int64_t, int64_t *, int *, int *);

/* Longest month or weekday name is nine letters; leave room to spare. */
#define DATE_WORD_MAX	16

static const char *const date_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const date_weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

static const struct {
	const char	*name;
	int		 off;
} date_zones[] = {
	{ "ut", 0 },
	{ "utc", 0 },
	{ "gmt", 0 },
	{ "z", 0 },
	{ "est", -5 * 3600 },
	{ "edt", -4 * 3600 },
	{ "cst", -6 * 3600 },
	{ "cdt", -5 * 3600 },
	{ "mst", -7 * 3600 },
	{ "mdt", -6 * 3600 },
	{ "pst", -8 * 3600 },
	{ "pdt", -7 * 3600 }
};

static int
date_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

static int
date_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static int
date_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char *
date_skip_space(const char *p)
{
	while (date_isspace((unsigned char)*p))
		p++;
	return p;
}

/* Read exactly n digits; NULL if there are fewer. */
static const char *
date_digits(const char *p, int n, int *out)
{
	int	v = 0;

	while (n-- > 0) {
		if (!date_isdigit((unsigned char)*p))
			return NULL;
		v = v * 10 + (*p++ - '0');
	}
	*out = v;
	return p;
}

/*
 * Read a number of min to max digits; NULL if there are fewer, or more, so
 * "123456789012" is rejected rather than read as part of a number.
 */
static const char *
date_number(const char *p, int min, int max, int *out)
{
	int	v = 0, n = 0;

	while (n < max && date_isdigit((unsigned char)*p)) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (n < min || date_isdigit((unsigned char)*p))
		return NULL;
	*out = v;
	return p;
}

/*
 * Read a run of letters, keep it lowercased in buf when it fits and set *len
 * to its full length.
 */
static const char *
date_word(const char *p, char *buf, size_t size, size_t *len)
{
	size_t	n = 0;
	int	c;

	while (date_isalpha((unsigned char)*p)) {
		c = (unsigned char)*p++;
		if (n + 1 < size)
			buf[n] = (char)(c | 0x20);
		n++;
	}
	buf[n < size ? n : size - 1] = '\0';
	*len = n;
	return p;
}

/* Match a full name or an abbreviation of three letters or more. */
static int
date_match(const char *word, size_t len, const char *const *names, int n)
{
	size_t	j;
	int	i;

	if (len < 3 || len >= DATE_WORD_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < len && names[i][j] == word[j]; j++)
			/* nothing */;
		if (j == len)
			return i;
	}
	return -1;
}

/*
 * Read a zone: a numeric offset, a name from date_zones, or with military
 * set any other single letter.  NULL if p is none of these.
 */
static const char *
date_zone(const char *p, int military, int *off)
{
	char	word[DATE_WORD_MAX];
	size_t	len, i;
	int	sign, hh, mm = 0;

	if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if ((p = date_digits(p, 2, &hh)) == NULL)
			return NULL;
		if (*p == ':')
			p = date_digits(p + 1, 2, &mm);
		else if (date_isdigit((unsigned char)*p))
			p = date_digits(p, 2, &mm);
		if (p == NULL || date_isdigit((unsigned char)*p))
			return NULL;
		if (hh > 23 || mm > 59)
			return NULL;
		*off = sign * (hh * 3600 + mm * 60);
		return p;
	}
	p = date_word(p, word, sizeof word, &len);
	if (len == 0 || len >= sizeof word)
		return NULL;
	for (i = 0; i < sizeof date_zones / sizeof date_zones[0]; i++) {
		if (strcmp(word, date_zones[i].name) == 0) {
			*off = date_zones[i].off;
			return p;
		}
	}
	if (military && len == 1 && word[0] != 'j') {
		*off = 0;
		return p;
	}
	return NULL;
}

/* Read hh:mm with optional :ss; the hour has hmin or two digits. */
static const char *
date_time(const char *p, int hmin, struct date_tm *tm)
{
	if ((p = date_number(p, hmin, 2, &tm->hour)) == NULL || *p++ != ':')
		return NULL;
	if ((p = date_number(p, 2, 2, &tm->min)) == NULL)
		return NULL;
	tm->sec = 0;
	if (*p == ':')
		p = date_number(p + 1, 2, 2, &tm->sec);
	return p;
}

/*
 * RFC 3339 and the ISO 8601 profile feeds use: YYYY-MM-DD, then optionally
 * T, t or spaces and hh:mm[:ss[.frac]], then optionally a zone.  Nothing
 * but whitespace may follow.
 */
static int
date_parse_iso(const char *s, struct date_tm *tm)
{
	const char	*p = date_skip_space(s), *q;

	if ((p = date_digits(p, 4, &tm->year)) == NULL || *p++ != '-')
		return -1;
	if ((p = date_digits(p, 2, &tm->mon)) == NULL || *p++ != '-')
		return -1;
	if ((p = date_number(p, 2, 2, &tm->day)) == NULL)
		return -1;
	tm->hour = tm->min = tm->sec = tm->off = 0;
	if (*(p = date_skip_space(p)) == '\0')
		return 0;
	if (*p == 'T' || *p == 't')
		p++;
	else if (!date_isspace((unsigned char)p[-1]))
		return -1;
	if ((p = date_time(p, 2, tm)) == NULL)
		return -1;
	if (*p == '.' || *p == ',') {
		/* Fractions of a second are dropped, however many digits. */
		if (!date_isdigit((unsigned char)*++p))
			return -1;
		while (date_isdigit((unsigned char)*p))
			p++;
	}
	p = date_skip_space(p);
	if (*p != '\0') {
		if ((q = date_zone(p, 0, &tm->off)) == NULL)
			return -1;
		p = date_skip_space(q);
	}
	return *p == '\0' ? 0 : -1;
}

/* Skip whitespace and dashes between day, month and year; NULL if none. */
static const char *
date_skip_sep(const char *p)
{
	const char	*q = p;

	while (date_isspace((unsigned char)*p) || *p == '-')
		p++;
	return p == q ? NULL : p;
}

/*
 * Read "day month year" as RFC 822 writes it, or split by dashes as RFC 850
 * does.  Two-digit years are 19xx from 50 and 20xx below, three-digit years
 * count from 1900 (RFC 2822 section 4.3).
 */
static const char *
date_rfc822_dmy(const char *p, struct date_tm *tm)
{
	const char	*q;
	char		 word[DATE_WORD_MAX];
	size_t		 len;

	if ((p = date_number(p, 1, 2, &tm->day)) == NULL)
		return NULL;
	if ((p = date_skip_sep(p)) == NULL)
		return NULL;
	p = date_word(p, word, sizeof word, &len);
	if ((tm->mon = date_match(word, len, date_months, 12) + 1) == 0)
		return NULL;
	if ((q = date_skip_sep(p)) == NULL)
		return NULL;
	if ((p = date_number(q, 2, 4, &tm->year)) == NULL)
		return NULL;
	if (p - q == 2)
		tm->year += tm->year < 50 ? 2000 : 1900;
	else if (p - q == 3)
		tm->year += 1900;
	return p;
}

/*
 * RFC 822, 1123 and 2822: [weekday[,]] day month year [hh:mm[:ss] [zone]]
 * followed by anything, such as a "(PST)" comment.  A date without a time
 * is midnight.
 */
static int
date_parse_rfc822(const char *s, struct date_tm *tm)
{
	const char	*p = date_skip_space(s);
	char		 word[DATE_WORD_MAX];
	size_t		 len;

	if (date_isalpha((unsigned char)*p)) {
		/* The weekday is redundant and often wrong: not checked. */
		p = date_word(p, word, sizeof word, &len);
		if (date_match(word, len, date_weekdays, 7) == -1)
			return -1;
		p = date_skip_space(p);
		if (*p == ',')
			p = date_skip_space(p + 1);
	}
	if ((p = date_rfc822_dmy(p, tm)) == NULL)
		return -1;
	tm->hour = tm->min = tm->sec = tm->off = 0;
	if (*(p = date_skip_space(p)) == '\0')
		return 0;
	if (!date_isspace((unsigned char)p[-1]))
		return -1;
	if ((p = date_time(p, 1, tm)) == NULL)
		return -1;
	p = date_skip_space(p);
	if (*p == '+' || *p == '-') {
		if (date_zone(p, 1, &tm->off) == NULL)
			return -1;
	} else if (date_isalpha((unsigned char)*p)) {
		if (date_zone(p, 1, &tm->off) == NULL)
			tm->off = 0;	/* unknown zone: -0000 */
	}
	return 0;
}

static int
date_days_in_month(int year, int mon)
{
	static const int	days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (mon == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[mon - 1];
}

static int
date_valid(const struct date_tm *tm)
{
	if (tm->mon < 1 || tm->mon > 12)
		return 0;
	if (tm->day < 1 || tm->day > date_days_in_month(tm->year, tm->mon))
		return 0;
	return tm->hour <= 23 && tm->min <= 59 && tm->sec <= 60;
}

/* Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm). */
static int64_t
date_days_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of date_days_from_civil. */
static void
date_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int
date_parse(const char *s, int64_t *out)
{
	struct date_tm	tm;
	int64_t		days;

	if (s == NULL)
		return -1;
	if (date_parse_iso(s, &tm) != 0 && date_parse_rfc822(s, &tm) != 0)
		return -1;
	if (!date_valid(&tm))
		return -1;
	days = date_days_from_civil(tm.year, tm.mon, tm.day);
	*out = days * 86400 + tm.hour * 3600 + tm.min * 60 + tm.sec - tm.off;
	return 0;
}

void
date_format_rfc3339(int64_t t, char out[32])
{
	int64_t	days, rem, y;
	int	m, d;

	/* Floor division, without the overflow of multiplying back. */
	days = t / 86400;
	rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	date_civil_from_days(days, &y, &m, &d);
	snprintf(out, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m,
	    d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}
