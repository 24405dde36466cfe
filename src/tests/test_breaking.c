/* The breaking-change case suite (testdata/breaking/RULE_ID/NAME/, described in
 * docs/breaking-cases.md) as one data-driven Criterion test: the case directories are
 * found at run time and each becomes one parameter of `breaking::cases`, so a failure
 * names its case. Each case is checked in-process, in its own directory, as
 * `protocompat --format json old new` would check it, through pc_check_run (the
 * pipeline main.c runs: inputs, catalog, new/buf.yaml, diff, rules, filters,
 * suppressions) and the JSON report.
 * The report and the diagnostics are printed to temporary files and read back, so the
 * comparison sees exactly the bytes the CLI would print. A small JSON reader turns each
 * line of expected.json (buf 1.75's output; protocompat-expected.json where buf has a
 * known defect) and of our report into a tuple of the compared keys; the two multisets
 * are sorted and merged, and every missing (-) or extra (+) finding is listed. Compile
 * errors (buf's type COMPILE) want exit 3 and one of buf's locations in the
 * diagnostics; a case with a PENDING file is skipped when it fails and fails when it
 * passes, as testdata/breaking.test.sh does. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "report.h"

#define CASES_DIR PC_SOURCE_DIR "/testdata/breaking"

enum { EXIT_OK = 0, EXIT_BREAKING = 1, EXIT_USAGE = 2, EXIT_INPUT = 3 };

/* ---- case discovery ---------------------------------------------------------- */

/* One parameter: "RULE_ID/NAME". Fixed size because Criterion copies parameters into
 * its own shared memory; a longer name is flagged and fails its test. */
typedef struct Case {
	char name[160];
	int too_long;
} Case;

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static char *join(PcArena *a, const char *x, const char *y)
{
	size_t xl = strlen(x), yl = strlen(y);
	char *p = pc_arena_alloc(a, xl + yl + 2);
	memcpy(p, x, xl);
	p[xl] = '/';
	memcpy(p + xl + 1, y, yl + 1);
	return p;
}

static int compare_names(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The sorted subdirectory names of dir (hidden ones left out). */
static PcVec list_dirs(const char *dir, PcArena *a)
{
	PcVec out = {0};
	DIR *d = opendir(dir);
	if (!d)
		return out;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !is_dir(join(a, dir, e->d_name)))
			continue;
		*PC_VEC_PUSH(&out, const char *, a) = pc_arena_strndup(a, e->d_name, strlen(e->d_name));
	}
	closedir(d);
	if (out.len)
		qsort(out.items, out.len, sizeof(const char *), compare_names);
	return out;
}

/* Every RULE_ID/NAME directory holding a `cmd` file (the buf command that recorded
 * its expectation), in sorted order. */
static PcVec find_cases(PcArena *a)
{
	PcVec cases = {0};
	PcVec rules = list_dirs(CASES_DIR, a);
	for (uint32_t i = 0; i < rules.len; i++) {
		const char *rule = PC_VEC_AT(rules, const char *, i);
		PcVec names = list_dirs(join(a, CASES_DIR, rule), a);
		for (uint32_t j = 0; j < names.len; j++) {
			const char *rel = join(a, rule, PC_VEC_AT(names, const char *, j));
			if (exists(join(a, join(a, CASES_DIR, rel), "cmd")))
				*PC_VEC_PUSH(&cases, const char *, a) = rel;
		}
	}
	return cases;
}

/* ---- running a case in-process ---------------------------------------------- */

/* What the CLI would have produced: exit status, stdout and stderr. */
typedef struct Outcome {
	int status;
	const char *out;         /* the JSON report */
	const char *err;         /* the diagnostics */
} Outcome;

/* The whole content of a stream written so far, NUL-terminated, in the arena. */
static const char *slurp(FILE *f, PcArena *a)
{
	long n = (fflush(f) == 0 && fseek(f, 0, SEEK_END) == 0) ? ftell(f) : -1;
	if (n < 0 || fseek(f, 0, SEEK_SET) != 0)
		return "";
	char *p = pc_arena_alloc(a, (size_t)n + 1);
	size_t got = fread(p, 1, (size_t)n, f);
	p[got] = '\0';
	return p;
}

static const char *read_file(const char *path, PcArena *a)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	const char *text = slurp(f, a);
	fclose(f);
	return text;
}

/* `protocompat --format json old new` in the current directory: the library's check
 * pipeline (src/check.h), which is what main.c runs, then the JSON report. */
static Outcome check_here(PcArena *a)
{
	Outcome o = {EXIT_OK, "", ""};
	PcDiags diags;
	pc_diags_init(&diags, a);
	PcCheckOptions opts = {.old_arg = "old", .new_arg = "new"};
	PcCheckResult res;
	o.status = pc_check_run(&opts, &res, a, &diags);
	if (o.status == EXIT_OK) {
		PcReportOpts ropts = {.format = PC_FORMAT_JSON, .new_label = res.new_in.arg};
		FILE *out = tmpfile();
		cr_assert_not_null(out, "tmpfile failed");
		pc_report_print(out, &res.findings, &ropts, a);
		o.out = slurp(out, a);
		fclose(out);
		o.status = pc_check_fails(&res) ? EXIT_BREAKING : EXIT_OK;
	}
	FILE *err = tmpfile();
	cr_assert_not_null(err, "tmpfile failed");
	pc_diags_print(&diags, err, false, false);
	o.err = slurp(err, a);
	fclose(err);
	return o;
}

/* ---- findings as tuples ------------------------------------------------------ */

/* The compared keys, as testdata/breaking.test.sh compares them. */
static const char *const keys[] = {"path", "start_line", "start_column", "end_line", "end_column", "type", "message"};
enum { NKEYS = sizeof keys / sizeof keys[0], KEY_PATH = 0, KEY_LINE = 1, KEY_COL = 2, KEY_TYPE = 5 };

/* One finding: each key's value as JSON text in a canonical form (strings decoded and
 * re-quoted, numbers as written); NULL when the key is absent. */
typedef struct Tuple {
	const char *v[NKEYS];
} Tuple;

typedef struct Reader {
	const char *p;
	PcArena *a;
} Reader;

static void skip_ws(Reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\r')
		r->p++;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		int c = p[i], d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static char *put_utf8(char *q, unsigned cp)
{
	if (cp < 0x80) {
		*q++ = (char)cp;
	} else if (cp < 0x800) {
		*q++ = (char)(0xC0 | (cp >> 6));
		*q++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*q++ = (char)(0xE0 | (cp >> 12));
		*q++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*q++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*q++ = (char)(0xF0 | (cp >> 18));
		*q++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*q++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*q++ = (char)(0x80 | (cp & 0x3F));
	}
	return q;
}

/* A string literal at r->p, decoded; the result starts with '"' to tell it from a
 * number. NULL when malformed. */
static const char *read_string(Reader *r)
{
	if (*r->p != '"')
		return NULL;
	const char *s = ++r->p;
	char *buf = pc_arena_alloc(r->a, strlen(s) + 2), *q = buf;
	*q++ = '"';
	for (;;) {
		unsigned char c = (unsigned char)*r->p;
		if (c == '\0' || c == '\n')
			return NULL;
		r->p++;
		if (c == '"')
			break;
		if (c != '\\') {
			*q++ = (char)c;
			continue;
		}
		char e = *r->p++;
		switch (e) {
		case '"': case '\\': case '/': *q++ = e; break;
		case 'b': *q++ = '\b'; break;
		case 'f': *q++ = '\f'; break;
		case 'n': *q++ = '\n'; break;
		case 'r': *q++ = '\r'; break;
		case 't': *q++ = '\t'; break;
		case 'u': {
			int cp = hex4(r->p);
			if (cp < 0)
				return NULL;
			r->p += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && r->p[0] == '\\' && r->p[1] == 'u') {
				int lo = hex4(r->p + 2);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					r->p += 6;
				}
			}
			q = put_utf8(q, (unsigned)cp);
			break;
		}
		default:
			return NULL;
		}
	}
	*q = '\0';
	return buf;
}

/* Any JSON value; strings and scalars are returned in canonical form, arrays and
 * objects are skipped (returned as "[...]"). NULL when malformed. */
static const char *read_value(Reader *r, int depth)
{
	skip_ws(r);
	if (*r->p == '"')
		return read_string(r);
	if (*r->p == '[' || *r->p == '{') {
		char close = *r->p == '[' ? ']' : '}';
		r->p++;
		skip_ws(r);
		if (*r->p == close) {
			r->p++;
			return "[...]";
		}
		if (depth > 16)
			return NULL;
		for (;;) {
			if (close == '}') {
				skip_ws(r);
				if (!read_string(r))
					return NULL;
				skip_ws(r);
				if (*r->p++ != ':')
					return NULL;
			}
			if (!read_value(r, depth + 1))
				return NULL;
			skip_ws(r);
			if (*r->p == ',') {
				r->p++;
				continue;
			}
			if (*r->p++ != close)
				return NULL;
			return "[...]";
		}
	}
	const char *s = r->p;
	while (*r->p && strchr("-+.0123456789eEtruefalsn", *r->p))
		r->p++;
	if (r->p == s)
		return NULL;
	return pc_arena_strndup(r->a, s, (size_t)(r->p - s));
}

/* One line holding one JSON object. Returns false when it is not one. */
static bool read_tuple(Reader *r, Tuple *t)
{
	memset(t, 0, sizeof *t);
	skip_ws(r);
	if (*r->p++ != '{')
		return false;
	skip_ws(r);
	if (*r->p == '}') {
		r->p++;
		return true;
	}
	for (;;) {
		skip_ws(r);
		const char *key = read_string(r);
		skip_ws(r);
		if (!key || *r->p++ != ':')
			return false;
		const char *v = read_value(r, 0);
		if (!v)
			return false;
		for (int i = 0; i < NKEYS; i++)
			if (strcmp(key + 1, keys[i]) == 0)
				t->v[i] = v;
		skip_ws(r);
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		return *r->p++ == '}';
	}
}

/* JSON lines into tuples (of Tuple); blank lines are skipped. On a malformed line,
 * returns false and writes why to why. */
static bool read_tuples(const char *text, const char *what, PcVec *out, FILE *why, PcArena *a)
{
	int line = 0;
	while (*text) {
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text) : strlen(text);
		const char *start = pc_arena_strndup(a, text, len);
		Reader r = {start, a};
		line++;
		text += len + (end ? 1 : 0);
		skip_ws(&r);
		if (*r.p == '\0')
			continue;
		Tuple t;
		bool ok = read_tuple(&r, &t);
		skip_ws(&r);
		if (!ok || *r.p != '\0') {
			fprintf(why, "%s line %d is not a JSON object: %.200s\n", what, line, start);
			return false;
		}
		*PC_VEC_PUSH(out, Tuple, a) = t;
	}
	return true;
}

static int compare_tuples(const void *x, const void *y)
{
	const Tuple *a = x, *b = y;
	for (int i = 0; i < NKEYS; i++) {
		if (a->v[i] == b->v[i])
			continue;
		if (!a->v[i] || !b->v[i])
			return a->v[i] ? 1 : -1;
		/* Numbers by length first, so that line 7 sorts before line 10. */
		size_t al = strlen(a->v[i]), bl = strlen(b->v[i]);
		int c = a->v[i][0] != '"' && b->v[i][0] != '"' && al != bl ? (al < bl ? -1 : 1)
									    : strcmp(a->v[i], b->v[i]);
		if (c)
			return c;
	}
	return 0;
}

/* A value as JSON text again (strings re-escaped), for failure messages. */
static void show_value(FILE *f, const char *v)
{
	if (v[0] != '"') {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (const char *p = v + 1; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void show_tuple(FILE *f, char sign, const Tuple *t)
{
	fprintf(f, "%c {", sign);
	const char *sep = "";
	for (int i = 0; i < NKEYS; i++) {
		if (!t->v[i])
			continue;
		fprintf(f, "%s\"%s\":", sep, keys[i]);
		show_value(f, t->v[i]);
		sep = ",";
	}
	fputs("}\n", f);
}

/* Writes the tuples one sorted list has and the other lacks, multiset-wise, with the
 * sign. Returns how many. */
static int list_missing(const Tuple *x, uint32_t nx, const Tuple *y, uint32_t ny, char sign, FILE *why)
{
	uint32_t i = 0, j = 0;
	int n = 0;
	while (i < nx) {
		int c = j == ny ? -1 : compare_tuples(&x[i], &y[j]);
		if (c > 0) {
			j++;
			continue;
		}
		if (c < 0) {
			show_tuple(why, sign, &x[i]);
			n++;
		} else {
			j++;
		}
		i++;
	}
	return n;
}

/* Lists what expected has and got lacks (-), then the reverse (+). Returns the number
 * of differences. */
static int diff_tuples(PcVec *expected, PcVec *got, FILE *why)
{
	if (expected->len)
		qsort(expected->items, expected->len, sizeof(Tuple), compare_tuples);
	if (got->len)
		qsort(got->items, got->len, sizeof(Tuple), compare_tuples);
	return list_missing(expected->items, expected->len, got->items, got->len, '-', why) +
	       list_missing(got->items, got->len, expected->items, expected->len, '+', why);
}

/* ---- one case ---------------------------------------------------------------- */

/* Checks a compile-error case: exit 3 and one of buf's locations on "stderr" (buf may
 * report one mistake twice, at two places). */
static int check_compile(const PcVec *expected, const Outcome *o, FILE *why, PcArena *a)
{
	int bad = 0;
	if (o->status != EXIT_INPUT) {
		fprintf(why, "exit status %d, want 3 (an input fails to compile)\n", o->status);
		bad++;
	}
	PcVec locs = {0};
	bool named = false;
	for (uint32_t i = 0; i < expected->len; i++) {
		const Tuple *t = &PC_VEC_AT(*expected, Tuple, i);
		if (!t->v[KEY_TYPE] || strcmp(t->v[KEY_TYPE], "\"COMPILE") != 0 || !t->v[KEY_PATH] ||
		    !t->v[KEY_LINE] || !t->v[KEY_COL])
			continue;
		size_t n = strlen(t->v[KEY_PATH]) + strlen(t->v[KEY_LINE]) + strlen(t->v[KEY_COL]) + 4;
		char *loc = pc_arena_alloc(a, n);
		snprintf(loc, n, "%s:%s:%s:", t->v[KEY_PATH] + 1, t->v[KEY_LINE], t->v[KEY_COL]);
		*PC_VEC_PUSH(&locs, const char *, a) = loc;
		named = named || strstr(o->err, loc) != NULL;
	}
	if (!named) {
		fputs("diagnostics name none of buf's error locations", why);
		for (uint32_t i = 0; i < locs.len; i++)
			fprintf(why, "%s %s", i ? "," : "", PC_VEC_AT(locs, const char *, i));
		fputc('\n', why);
		bad++;
	}
	if (bad)
		fprintf(why, "diagnostics:\n%s", o->err);
	return bad;
}

/* Runs one case from its directory; returns the number of problems, described in why. */
static int run_case(const char *dir, FILE *why, PcArena *a)
{
	const char *exp_name = "protocompat-expected.json";
	const char *text = read_file(join(a, dir, exp_name), a);
	if (!text) {
		exp_name = "expected.json";
		text = read_file(join(a, dir, exp_name), a);
	}
	if (!text) {
		fprintf(why, "cannot read %s/expected.json\n", dir);
		return 1;
	}
	PcVec expected = {0}, got = {0};
	if (!read_tuples(text, exp_name, &expected, why, a))
		return 1;
	if (chdir(dir) != 0) {
		fprintf(why, "cannot enter %s\n", dir);
		return 1;
	}
	Outcome o = check_here(a);
	for (uint32_t i = 0; i < expected.len; i++) {
		const char *type = PC_VEC_AT(expected, Tuple, i).v[KEY_TYPE];
		if (type && strcmp(type, "\"COMPILE") == 0)
			return check_compile(&expected, &o, why, a);
	}
	int bad = 0;
	int want = expected.len ? EXIT_BREAKING : EXIT_OK;
	if (o.status != want) {
		fprintf(why, "exit status %d, want %d\n", o.status, want);
		if (*o.err)
			fprintf(why, "diagnostics:\n%s", o.err);
		bad++;
	}
	if (!read_tuples(o.out, "report", &got, why, a))
		return bad + 1;
	return bad + diff_tuples(&expected, &got, why);
}

/* ---- the tests --------------------------------------------------------------- */

static void free_cases(struct criterion_test_params *p)
{
	cr_free(p->params);
}

ParameterizedTestParameters(breaking, cases)
{
	PcArena a;
	pc_arena_init(&a);
	PcVec found = find_cases(&a);
	size_t n = found.len ? found.len : 1;
	Case *cases = cr_calloc(n, sizeof(Case));
	for (uint32_t i = 0; i < found.len; i++) {
		const char *name = PC_VEC_AT(found, const char *, i);
		size_t len = strlen(name);
		cases[i].too_long = len >= sizeof cases[i].name;
		if (cases[i].too_long)
			len = sizeof cases[i].name - 1;
		memcpy(cases[i].name, name, len);
		cases[i].name[len] = '\0';
	}
	pc_arena_release(&a);
	/* An empty suite is a failure (breaking::found says why), not a silent pass. */
	return cr_make_param_array(Case, cases, found.len, free_cases);
}

ParameterizedTest(Case *c, breaking, cases)
{
	cr_assert(!c->too_long, "%s...: case name too long for this test", c->name);
	PcArena a;
	pc_arena_init(&a);
	const char *dir = join(&a, CASES_DIR, c->name);
	FILE *why = tmpfile();
	cr_assert_not_null(why, "tmpfile failed");
	int bad = run_case(dir, why, &a);
	const char *text = slurp(why, &a);
	fclose(why);
	bool pending = exists(join(&a, dir, "PENDING"));
	if (pending && bad) {
		const char *reason = read_file(join(&a, dir, "PENDING"), &a);
		int n = reason ? (int)strcspn(reason, "\n") : 0;
		cr_skip_test("PENDING %s (%.*s)", c->name, n, reason ? reason : "");
	}
	cr_expect(!pending, "%s: passes but is marked PENDING; remove its PENDING file", c->name);
	cr_expect(bad == 0, "FAIL %s\n%s", c->name, text);
	pc_arena_release(&a);
}

/* The suite is there: a missing or emptied testdata/breaking must not pass. */
Test(breaking, found)
{
	PcArena a;
	pc_arena_init(&a);
	PcVec found = find_cases(&a);
	cr_expect(found.len >= 100, "only %u cases found under %s", (unsigned)found.len, CASES_DIR);
	pc_arena_release(&a);
}
