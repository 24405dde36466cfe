/* Rule engine tests.
 * - catalog: the shipped catalog equals buf 1.75's listing, recorded in
 *   testdata/rules/buf-ls-breaking-rules-VERSION.json with
 *   `buf config ls-breaking-rules --version VERSION --include-deprecated --format json`
 *   (IDs, categories per version, purposes, deprecations and replacements).
 * - buf_cases: for every testdata/diff/CASE, load both sides, diff, evaluate with
 *   use [FILE, PACKAGE, WIRE_JSON, WIRE] and compare (path, positions, rule, message)
 *   with CASE/buf.json, which buf 1.75 printed (see test_diff.c for the command),
 *   plus testdata/rules/deviations/CASE.txt: findings we add on purpose where buf
 *   has a known defect (semantics.md). rule_cases does the same for
 *   testdata/rules/cases/CASE (the buf command is in its README.md).
 * - selection, user rules and every loader error (testdata/rules/bad_*.yaml, each
 *   with the diagnostic it must produce in bad_*.err). */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules.h"

#define DIFF_DIR PC_SOURCE_DIR "/testdata/diff"
#define RULES_DIR PC_SOURCE_DIR "/testdata/rules"

static char *slurp(const char *path, PcArena *a)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = pc_arena_alloc(a, cap);
	for (;;) {
		len += fread(buf + len, 1, cap - len - 1, f);
		if (len < cap - 1)
			break;
		buf = pc_arena_grow(a, buf, cap, cap * 2);
		cap *= 2;
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* ---- a tiny reader for buf's one-object-per-line JSON ---- */

/* The value of "key" in the object line: a string (unescaped) or a bare token
 * (number, true, null, [..] verbatim). Returns false when the key is missing. */
static bool json_get(const char *line, const char *key, char *out, size_t cap)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *p = strstr(line, pat);
	if (!p)
		return false;
	p += strlen(pat);
	size_t n = 0;
	if (*p == '"') {
		for (p++; *p && *p != '"' && n + 1 < cap; p++) {
			if (*p == '\\') {
				p++;
				char c = *p;
				if (c == 'n')
					c = '\n';
				else if (c == 't')
					c = '\t';
				else if (c == 'u') {
					unsigned v = 0;
					sscanf(p + 1, "%4x", &v);
					p += 4;
					c = (char)v;
				}
				out[n++] = c;
			} else
				out[n++] = *p;
		}
	} else if (*p == '[') {
		for (; *p && *p != ']' && n + 1 < cap; p++)
			out[n++] = *p;
		if (*p == ']' && n + 1 < cap)
			out[n++] = ']';
	} else {
		for (; *p && *p != ',' && *p != '}' && n + 1 < cap; p++)
			out[n++] = *p;
	}
	out[n] = '\0';
	return true;
}

/* ---- loading ---- */

static void load_catalog(PcRuleSet *rs, PcArena *a, PcDiags *d)
{
	pc_arena_init(a);
	pc_diags_init(d, a);
	pc_ruleset_init(rs, a, d);
	int rc = pc_ruleset_load_builtin(rs);
	if (rc)
		pc_diags_print(d, stderr, false, false);
	cr_assert_eq(rc, 0, "the shipped catalog does not load");
}

static uint32_t cats_for(const PcRule *r, const char *ver)
{
	if (strcmp(ver, "v2") == 0)
		return r->categories;
	return strcmp(ver, "v1") == 0 ? r->categories_v1 : r->categories_v1beta1;
}

static uint32_t ver_bit(const char *ver)
{
	return strcmp(ver, "v2") == 0 ? PC_VER_V2 : strcmp(ver, "v1") == 0 ? PC_VER_V1 : PC_VER_V1BETA1;
}

/* "[\"CSR\",\"FILE\"]" from our bits, in buf's order. */
static void cats_json(uint32_t cats, char *out, size_t cap)
{
	static const char *const order[] = {"CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"};
	static const uint32_t bits[] = {PC_CAT_CSR, PC_CAT_FILE, PC_CAT_PACKAGE, PC_CAT_WIRE_JSON, PC_CAT_WIRE};
	size_t n = (size_t)snprintf(out, cap, "[");
	bool first = true;
	for (int i = 0; i < 5; i++)
		if (cats & bits[i]) {
			n += (size_t)snprintf(out + n, cap - n, "%s\"%s\"", first ? "" : ",", order[i]);
			first = false;
		}
	snprintf(out + n, cap - n, "]");
}

static void check_listing(const char *ver)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	char path[512];
	snprintf(path, sizeof path, "%s/buf-ls-breaking-rules-%s.json", RULES_DIR, ver);
	char *text = slurp(path, &a);
	cr_assert(text, "missing %s", path);
	int listed = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char id[128], cats[256], purpose[512], dep[16], repl[512], ours[256];
		cr_assert(json_get(line, "id", id, sizeof id) && json_get(line, "categories", cats, sizeof cats) &&
			  json_get(line, "purpose", purpose, sizeof purpose) &&
			  json_get(line, "deprecated", dep, sizeof dep) &&
			  json_get(line, "replacements", repl, sizeof repl));
		listed++;
		const PcRule *r = pc_ruleset_find(&rs, pc_str(id));
		cr_expect(r != NULL, "%s: %s is not in the catalog", ver, id);
		if (!r)
			continue;
		cr_expect(r->versions & ver_bit(ver), "%s: %s is not marked as part of %s", ver, id, ver);
		cats_json(cats_for(r, ver), ours, sizeof ours);
		cr_expect_str_eq(ours, cats, "%s: %s categories", ver, id);
		cr_expect(pc_str_eq_c(r->purpose, purpose), "%s: %s purpose differs: %.*s", ver, id,
			  (int)r->purpose.len, r->purpose.ptr);
		cr_expect_eq(r->deprecated, strcmp(dep, "true") == 0, "%s: %s deprecation", ver, id);
		char ourrepl[512] = "null";
		if (r->replaced_by.len) {
			size_t n = (size_t)snprintf(ourrepl, sizeof ourrepl, "[");
			for (uint32_t i = 0; i < r->replaced_by.len; i++) {
				PcStr s = PC_VEC_AT(r->replaced_by, PcStr, i);
				n += (size_t)snprintf(ourrepl + n, sizeof ourrepl - n, "%s\"%.*s\"", i ? "," : "",
						      (int)s.len, s.ptr);
			}
			snprintf(ourrepl + n, sizeof ourrepl - n, "]");
		}
		cr_expect_str_eq(ourrepl, repl, "%s: %s replacements", ver, id);
	}
	int ours = 0;
	for (uint32_t i = 0; i < rs.rules.len; i++) {
		const PcRule *r = PC_VEC_AT(rs.rules, PcRule *, i);
		if ((r->versions & ver_bit(ver)) && !r->extension)
			ours++;
	}
	cr_expect_eq(ours, listed, "%s: the catalog has %d rules, buf lists %d", ver, ours, listed);
	pc_arena_release(&a);
}

Test(rules, catalog_matches_buf_v2)
{
	check_listing("v2");
}

Test(rules, catalog_matches_buf_v1)
{
	check_listing("v1");
}

Test(rules, catalog_matches_buf_v1beta1)
{
	check_listing("v1beta1");
}

Test(rules, sixty_four_active_v2_rules)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	int active = 0;
	for (uint32_t i = 0; i < rs.rules.len; i++) {
		const PcRule *r = PC_VEC_AT(rs.rules, PcRule *, i);
		if ((r->versions & PC_VER_V2) && !r->deprecated && !r->extension) {
			active++;
			cr_expect(r->directions != 0 && r->explanation.len && r->fix.len, "%.*s lacks a text",
				  (int)r->id.len, r->id.ptr);
		}
	}
	cr_expect_eq(active, 64);
	pc_arena_release(&a);
}

/* ---- the buf cases ---- */

typedef struct Side {
	PcDiags diags;
	PcSchema s;
} Side;

static int cmp_lines(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Sorted lines joined with '\n'. */
static char *join_sorted(char **lines, int n, PcArena *a)
{
	qsort(lines, (size_t)n, sizeof *lines, cmp_lines);
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	char *out = pc_arena_alloc(a, len), *p = out;
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s\n", lines[i]);
	*p = '\0';
	return out;
}

static char *finding_line(const PcFinding *f, PcArena *a)
{
	char buf[2048];
	int sl = 1, sc = 1, el = 1, ec = 1;
	if (f->pos.file && f->pos.span.line >= 0) {
		sl = f->pos.span.line + 1;
		sc = f->pos.span.col + 1;
		el = f->pos.span.end_line + 1;
		ec = f->pos.span.end_col + 1;
	}
	char path[512] = "";
	if (f->pos.file)
		snprintf(path, sizeof path, "new/%.*s", (int)f->pos.file->name.len, f->pos.file->name.ptr);
	snprintf(buf, sizeof buf, "%s:%d:%d-%d:%d %.*s %.*s", path, sl, sc, el, ec, (int)f->rule->id.len,
		 f->rule->id.ptr, (int)f->message.len, f->message.ptr);
	return pc_arena_strndup(a, buf, strlen(buf));
}

static char *buf_line(const char *json, PcArena *a)
{
	char path[512] = "", sl[16], sc[16], el[16], ec[16], type[128], msg[1500], buf[4096];
	json_get(json, "path", path, sizeof path);
	cr_assert(json_get(json, "start_line", sl, sizeof sl) && json_get(json, "start_column", sc, sizeof sc) &&
		  json_get(json, "end_line", el, sizeof el) && json_get(json, "end_column", ec, sizeof ec) &&
		  json_get(json, "type", type, sizeof type) && json_get(json, "message", msg, sizeof msg));
	snprintf(buf, sizeof buf, "%s:%s:%s-%s:%s %s %s", path, sl, sc, el, ec, type, msg);
	return pc_arena_strndup(a, buf, strlen(buf));
}

static void run_buf_case(const char *root, const char *name)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	char od[512], nd[512], bj[512];
	snprintf(od, sizeof od, "%s/%s/old", root, name);
	snprintf(nd, sizeof nd, "%s/%s/new", root, name);
	snprintf(bj, sizeof bj, "%s/%s/buf.json", root, name);
	Side o, n;
	const char *oi[] = {od}, *ni[] = {nd};
	PcLoadConfig cfg = {0};
	pc_diags_init(&o.diags, &a);
	pc_schema_init(&o.s, &a, &o.diags);
	pc_diags_init(&n.diags, &a);
	pc_schema_init(&n.s, &a, &n.diags);
	cr_assert_eq(pc_schema_load(&o.s, &cfg, oi, 1), 0, "%s: old does not load", name);
	cr_assert_eq(pc_schema_load(&n.s, &cfg, ni, 1), 0, "%s: new does not load", name);
	PcChangeList l = pc_diff(&o.s, &n.s, NULL, &a);

	PcStr use[] = {PC_STR_LIT("FILE"), PC_STR_LIT("PACKAGE"), PC_STR_LIT("WIRE_JSON"), PC_STR_LIT("WIRE")};
	bool *on = PC_NEW_ARRAY(&a, bool, rs.rules.len);
	cr_assert_eq(pc_ruleset_select(&rs, pc_str("v2"), use, 4, NULL, 0, on), 0);
	PcVec found = {0};
	pc_ruleset_evaluate(&rs, on, PC_DIR_BOTH, PC_AUDS_ALL, &l, &found);
	char **ours = PC_NEW_ARRAY(&a, char *, found.len + 1);
	for (uint32_t i = 0; i < found.len; i++)
		ours[i] = finding_line(&PC_VEC_AT(found, PcFinding, i), &a);

	char *text = slurp(bj, &a);
	cr_assert(text, "%s: no buf.json", name);
	int nb = 0;
	char **bufs = PC_NEW_ARRAY(&a, char *, 1024);
	for (char *line = strtok(text, "\n"); line && nb < 1024; line = strtok(NULL, "\n"))
		bufs[nb++] = buf_line(line, &a);
	/* Findings we add on purpose where buf 1.75 has a known defect. */
	char dev[600];
	snprintf(dev, sizeof dev, "%s/deviations/%s.txt", RULES_DIR, name);
	char *extra = slurp(dev, &a);
	for (char *line = extra ? strtok(extra, "\n") : NULL; line && nb < 1024; line = strtok(NULL, "\n"))
		if (line[0] != '#')
			bufs[nb++] = line;
	char *got = join_sorted(ours, (int)found.len, &a), *want = join_sorted(bufs, nb, &a);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "== %s: ours\n%s== buf\n%s", name, got, want);
	cr_expect_str_eq(got, want, "%s: findings differ from buf's", name);
	pc_arena_release(&a);
}

static int run_cases_in(const char *root)
{
	DIR *dir = opendir(root);
	cr_assert(dir, "cannot open %s", root);
	int ncases = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		char path[600];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s/buf.json", root, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &st) != 0)
			continue;
		run_buf_case(root, e->d_name);
		ncases++;
	}
	closedir(dir);
	return ncases;
}

Test(rules, buf_cases)
{
	cr_expect_geq(run_cases_in(DIFF_DIR), 9);
}

/* Cases of our own for messages and conditions the diff cases do not reach;
 * testdata/rules/cases/README.md records the buf command. */
Test(rules, rule_cases)
{
	cr_expect_geq(run_cases_in(RULES_DIR "/cases"), 2);
}

/* ---- loader errors ---- */

/* Every testdata/rules/bad_NAME.yaml fails with exit status 2 and its first
 * diagnostic is `line:col: error: message` as written in bad_NAME.err. */
Test(rules, bad_rule_files)
{
	DIR *dir = opendir(RULES_DIR);
	cr_assert(dir);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, "bad_", 4) != 0 || len < 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		PcArena a;
		PcDiags d;
		PcRuleSet rs;
		pc_arena_init(&a);
		pc_diags_init(&d, &a);
		pc_ruleset_init(&rs, &a, &d);
		char path[600], errpath[600];
		snprintf(path, sizeof path, "%s/%s", RULES_DIR, e->d_name);
		snprintf(errpath, sizeof errpath, "%s/%.*s.err", RULES_DIR, (int)(len - 5), e->d_name);
		cr_expect_eq(pc_ruleset_load_file(&rs, path), 2, "%s loads", e->d_name);
		cr_assert_geq(d.list.len, 1, "%s: no diagnostic", e->d_name);
		const PcDiag *g = &PC_VEC_AT(d.list, PcDiag, 0);
		cr_expect_str_eq(g->path, path);
		char got[700];
		snprintf(got, sizeof got, "%d:%d: error: %s\n", g->line, g->col, g->message);
		char *want = slurp(errpath, &a);
		cr_assert(want, "no %s", errpath);
		cr_expect_str_eq(got, want, "%s", e->d_name);
		pc_arena_release(&a);
		n++;
	}
	closedir(dir);
	cr_expect_geq(n, 12);
}

/* ---- selection ---- */

static bool is_on(const PcRuleSet *rs, const bool *on, const char *id)
{
	for (uint32_t i = 0; i < rs->rules.len; i++)
		if (pc_str_eq_c(PC_VEC_AT(rs->rules, PcRule *, i)->id, id))
			return on[i];
	cr_assert_fail("no rule %s", id);
	return false;
}

Test(rules, selection_follows_buf_versions)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	bool *on = PC_NEW_ARRAY(&a, bool, rs.rules.len);
	/* Default: FILE. */
	cr_assert_eq(pc_ruleset_select(&rs, pc_str(""), NULL, 0, NULL, 0, on), 0);
	cr_expect(is_on(&rs, on, "FILE_NO_DELETE") && is_on(&rs, on, "EXTENSION_NO_DELETE"));
	cr_expect(!is_on(&rs, on, "PACKAGE_NO_DELETE") && !is_on(&rs, on, "FIELD_WIRE_COMPATIBLE_TYPE"));
	/* v1beta1: FIELD_SAME_TYPE is in WIRE; the *_COMPATIBLE_TYPE rules do not exist. */
	PcStr wire[] = {PC_STR_LIT("WIRE")};
	cr_assert_eq(pc_ruleset_select(&rs, pc_str("v1beta1"), wire, 1, NULL, 0, on), 0);
	cr_expect(is_on(&rs, on, "FIELD_SAME_TYPE") && !is_on(&rs, on, "FIELD_WIRE_COMPATIBLE_TYPE"));
	cr_expect(!is_on(&rs, on, "FILE_SAME_PACKAGE"));
	cr_assert_eq(pc_ruleset_select(&rs, pc_str("v2"), wire, 1, NULL, 0, on), 0);
	cr_expect(!is_on(&rs, on, "FIELD_SAME_TYPE") && is_on(&rs, on, "FIELD_WIRE_COMPATIBLE_TYPE"));
	cr_expect(is_on(&rs, on, "FILE_SAME_PACKAGE"));
	/* v1 aliases select their replacements; v2 does not know them, nor v1 CSR. */
	PcStr label[] = {PC_STR_LIT("FIELD_SAME_LABEL")};
	cr_assert_eq(pc_ruleset_select(&rs, pc_str("v1"), label, 1, NULL, 0, on), 0);
	cr_expect(is_on(&rs, on, "FIELD_SAME_CARDINALITY") && is_on(&rs, on, "FIELD_WIRE_COMPATIBLE_CARDINALITY") &&
		  is_on(&rs, on, "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY") && !is_on(&rs, on, "FIELD_SAME_LABEL"));
	cr_expect_eq(pc_ruleset_select(&rs, pc_str("v2"), label, 1, NULL, 0, on), 2);
	PcStr csr[] = {PC_STR_LIT("CSR")};
	cr_expect_eq(pc_ruleset_select(&rs, pc_str("v1"), csr, 1, NULL, 0, on), 2);
	cr_expect_eq(pc_ruleset_select(&rs, pc_str("v3"), csr, 1, NULL, 0, on), 2);
	/* except removes rules and whole categories. */
	PcStr use[] = {PC_STR_LIT("FILE"), PC_STR_LIT("WIRE")};
	PcStr except[] = {PC_STR_LIT("FIELD_NO_DELETE"), PC_STR_LIT("WIRE")};
	cr_assert_eq(pc_ruleset_select(&rs, pc_str("v2"), use, 2, except, 2, on), 0);
	cr_expect(!is_on(&rs, on, "FIELD_NO_DELETE") && !is_on(&rs, on, "FILE_SAME_PACKAGE"));
	cr_expect(is_on(&rs, on, "MESSAGE_NO_DELETE"));
	pc_arena_release(&a);
}

/* The hint after "is not a known rule or category ID". */
Test(rules, did_you_mean)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	static const struct {
		const char *name;
		bool categories;
		const char *hint;
	} cases[] = {
		{"FIELD_NO_DELET", true, "; did you mean FIELD_NO_DELETE?"},
		{"field_no_delete", true, "; did you mean FIELD_NO_DELETE?"},
		{"FILED_NO_DELETE", true, "; did you mean FIELD_NO_DELETE?"}, /* a transposition */
		{"FIELD_SAME_TPYE", false, "; did you mean FIELD_SAME_TYPE?"},
		{"WIRES", true, "; did you mean WIRE?"},
		{"wire_json", true, "; did you mean WIRE_JSON?"},
		{"WIRES", false, ""}, /* explain: no categories */
		{"FIELD_SAME_LABLE", true, "; did you mean FIELD_SAME_LABEL?"}, /* deprecated IDs too */
		{"FILE_SAME_PHP_GENERIC_SERVICE", true, "; did you mean FILE_SAME_PHP_GENERIC_SERVICES?"},
		{"FIELD_SAME_LABEL", true,
		 "; it is a buf.yaml v1beta1/v1 ID, replaced by FIELD_SAME_CARDINALITY, "
		 "FIELD_WIRE_COMPATIBLE_CARDINALITY, FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"},
		{"FIELD_SAME_DEFAULT", true, "; it is a buf.yaml v2 ID"},
		{"CSR", true, "; it is a buf.yaml v2 category"},
		{"NOT_A_RULE", true, ""},
		{"X", true, ""},
		{"", true, ""},
		{"FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED_AND_A_VERY_LONG_TAIL_PAST_64_BYTES", true, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_str_eq(pc_ruleset_did_you_mean(&rs, pc_str(cases[i].name), cases[i].categories),
				 cases[i].hint, "[%s]", cases[i].name);
	pc_arena_release(&a);
}

/* ---- user rules ---- */

Test(rules, user_rule_with_regex)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	cr_assert_eq(pc_ruleset_load_file(&rs, RULES_DIR "/billing.yaml"), 0);
	const char *oi[] = {RULES_DIR "/user/old"}, *ni[] = {RULES_DIR "/user/new"};
	PcLoadConfig cfg = {0};
	Side o, n;
	pc_diags_init(&o.diags, &a);
	pc_schema_init(&o.s, &a, &o.diags);
	pc_diags_init(&n.diags, &a);
	pc_schema_init(&n.s, &a, &n.diags);
	cr_assert_eq(pc_schema_load(&o.s, &cfg, oi, 1), 0);
	cr_assert_eq(pc_schema_load(&n.s, &cfg, ni, 1), 0);
	PcChangeList l = pc_diff(&o.s, &n.s, NULL, &a);
	bool *on = PC_NEW_ARRAY(&a, bool, rs.rules.len);
	/* WIRE alone: the deletions are reserved, so only the user rule fires, and only
	 * for the billing message (the shop message is the near miss). */
	PcStr wire[] = {PC_STR_LIT("WIRE")};
	cr_assert_eq(pc_ruleset_select(&rs, pc_str("v2"), wire, 1, NULL, 0, on), 0);
	PcVec found = {0};
	pc_ruleset_evaluate(&rs, on, PC_DIR_BOTH, PC_AUDS_ALL, &l, &found);
	cr_assert_eq(found.len, 1);
	const PcFinding *f = &PC_VEC_AT(found, PcFinding, 0);
	cr_expect(pc_str_eq_c(f->rule->id, "ACME_BILLING_FIELD_NO_DELETE"));
	cr_expect(pc_str_eq_c(f->message, "Field \"2\" with name \"cents\" was deleted from billing message "
					  "\"acme.billing.v1.Invoice\"."),
		  "%.*s", (int)f->message.len, f->message.ptr);
	cr_expect_eq(f->direction, PC_DIR_BOTH);
	/* --direction forward keeps it (both), except drops it. */
	PcStr except[] = {PC_STR_LIT("ACME_BILLING_FIELD_NO_DELETE")};
	cr_assert_eq(pc_ruleset_select(&rs, pc_str("v2"), wire, 1, except, 1, on), 0);
	PcVec none = {0};
	pc_ruleset_evaluate(&rs, on, PC_DIR_FORWARD, PC_AUDS_ALL, &l, &none);
	cr_expect_eq(none.len, 0);
	pc_arena_release(&a);
}

/* Direction filtering: FILE rules are backward, so a forward-only run drops them. */
Test(rules, direction_filter)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	const PcRule *r = pc_ruleset_find(&rs, pc_str("FIELD_NO_DELETE"));
	cr_assert(r);
	cr_expect_eq(r->directions, PC_DIR_BACKWARD);
	cr_expect_str_eq(pc_direction_name(r->directions), "backward");
	cr_expect_str_eq(pc_direction_name(PC_DIR_BOTH), "both");
	cr_expect_str_eq(pc_category_name(PC_CAT_WIRE_JSON), "WIRE_JSON");
	pc_arena_release(&a);
}

/* ---- per-finding directions ---- */

/* Evaluates the catalog's rule `id` on one change; the finding, or NULL. */
static const PcFinding *eval_one(const PcRuleSet *rs, PcArena *a, const char *id, const PcChange *c,
				 uint32_t directions, uint32_t audiences)
{
	bool *on = PC_NEW_ARRAY(a, bool, rs->rules.len);
	PcStr use[] = {pc_str(id)};
	cr_assert_eq(pc_ruleset_select(rs, pc_str("v2"), use, 1, NULL, 0, on), 0);
	PcChangeList l = {0};
	*PC_VEC_PUSH(&l.items, PcChange, a) = *c;
	PcVec found = {0};
	pc_ruleset_evaluate(rs, on, directions, audiences, &l, &found);
	cr_assert_leq(found.len, 1);
	return found.len ? &PC_VEC_AT(found, PcFinding, 0) : NULL;
}

static void expect_breaks(const PcFinding *f, uint32_t wire, uint32_t json, uint32_t source)
{
	cr_assert(f);
	cr_expect_eq(f->breaks[PC_AUD_WIRE], wire, "%.*s wire: %s", (int)f->rule->id.len, f->rule->id.ptr,
		     pc_direction_name(f->breaks[PC_AUD_WIRE]));
	cr_expect_eq(f->breaks[PC_AUD_JSON], json, "%.*s json: %s", (int)f->rule->id.len, f->rule->id.ptr,
		     pc_direction_name(f->breaks[PC_AUD_JSON]));
	cr_expect_eq(f->breaks[PC_AUD_SOURCE], source, "%.*s source: %s", (int)f->rule->id.len, f->rule->id.ptr,
		     pc_direction_name(f->breaks[PC_AUD_SOURCE]));
}

/* A field's type changed from one scalar type to another. */
static PcChange type_change(int64_t from, int64_t to)
{
	PcChange c = {.kind = PC_CHANGE_FIELD_TYPE, .elem = PC_ELEM_FIELD};
	c.old_val.i = from;
	c.new_val.i = to;
	return c;
}

/* The directions come from the change: the encoding guide's facts (int32 values fit
 * int64, not the reverse; a repeated field read as singular keeps the last value; JSON
 * writes arrays for repeated fields), semantics.md's one-way changes. */
Test(rules, directions_from_the_change)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	PcChange widen = type_change(PC_TYPE_INT32, PC_TYPE_INT64);
	const PcFinding *f = eval_one(&rs, &a, "FIELD_SAME_TYPE", &widen, PC_DIR_BOTH, 0);
	expect_breaks(f, PC_DIR_FORWARD, PC_DIR_FORWARD, PC_DIR_BACKWARD);
	cr_expect_eq(f->direction, PC_DIR_BOTH);
	/* A Kafka team (wire only) sees it as forward, and a backward check drops it. */
	f = eval_one(&rs, &a, "FIELD_SAME_TYPE", &widen, PC_DIR_BOTH, PC_AUD_BIT(PC_AUD_WIRE));
	cr_assert(f);
	cr_expect_eq(f->direction, PC_DIR_FORWARD);
	cr_expect_null(eval_one(&rs, &a, "FIELD_SAME_TYPE", &widen, PC_DIR_BACKWARD, PC_AUD_BIT(PC_AUD_WIRE)));
	PcChange narrow = widen;
	narrow.old_val.i = PC_TYPE_INT64;
	narrow.new_val.i = PC_TYPE_INT32;
	expect_breaks(eval_one(&rs, &a, "FIELD_SAME_TYPE", &narrow, PC_DIR_BOTH, 0), PC_DIR_BACKWARD, PC_DIR_BACKWARD,
		      PC_DIR_BACKWARD);
	PcChange sign = widen;
	sign.new_val.i = PC_TYPE_UINT32;
	expect_breaks(eval_one(&rs, &a, "FIELD_SAME_TYPE", &sign, PC_DIR_BOTH, 0), PC_DIR_BOTH, PC_DIR_BOTH,
		      PC_DIR_BACKWARD);

	PcChange card = {.kind = PC_CHANGE_FIELD_CARDINALITY, .elem = PC_ELEM_FIELD};
	card.old_val.i = PC_CARD_REPEATED;
	card.new_val.i = PC_CARD_OPTIONAL_IMPLICIT;
	expect_breaks(eval_one(&rs, &a, "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", &card, PC_DIR_BOTH, 0),
		      PC_DIR_BACKWARD, PC_DIR_BOTH, PC_DIR_BACKWARD);
	card.old_val.i = PC_CARD_OPTIONAL_EXPLICIT;
	card.new_val.i = PC_CARD_OPTIONAL_IMPLICIT;
	expect_breaks(eval_one(&rs, &a, "FIELD_SAME_CARDINALITY", &card, PC_DIR_BOTH, 0), 0, 0, PC_DIR_BACKWARD);
	/* Presence alone: nothing for wire or JSON, so a wire-only run drops it. */
	cr_expect_null(eval_one(&rs, &a, "FIELD_SAME_CARDINALITY", &card, PC_DIR_BOTH, PC_AUD_BIT(PC_AUD_WIRE)));

	PcChange added = {.kind = PC_CHANGE_REQUIRED_FIELD_ADDED, .elem = PC_ELEM_FIELD};
	expect_breaks(eval_one(&rs, &a, "MESSAGE_SAME_REQUIRED_FIELDS", &added, PC_DIR_BOTH, 0), PC_DIR_BACKWARD,
		      PC_DIR_BACKWARD, 0);
	cr_expect_null(eval_one(&rs, &a, "MESSAGE_SAME_REQUIRED_FIELDS", &added, PC_DIR_FORWARD, 0));
	PcChange removed = {.kind = PC_CHANGE_REQUIRED_FIELD_REMOVED, .elem = PC_ELEM_FIELD};
	expect_breaks(eval_one(&rs, &a, "MESSAGE_SAME_REQUIRED_FIELDS", &removed, PC_DIR_BOTH, 0), PC_DIR_FORWARD,
		      PC_DIR_FORWARD, 0);
	cr_expect_null(eval_one(&rs, &a, "MESSAGE_SAME_REQUIRED_FIELDS", &removed, PC_DIR_BACKWARD, 0));

	PcChange oneof = {.kind = PC_CHANGE_FIELD_ONEOF, .elem = PC_ELEM_FIELD, .flags = PC_CHANGE_F_ONEOF_JOINS};
	expect_breaks(eval_one(&rs, &a, "FIELD_SAME_ONEOF", &oneof, PC_DIR_BOTH, 0), PC_DIR_BACKWARD, PC_DIR_BACKWARD,
		      PC_DIR_BACKWARD);
	oneof.flags = 0; /* alone into a new oneof: only the generated code changes */
	expect_breaks(eval_one(&rs, &a, "FIELD_SAME_ONEOF", &oneof, PC_DIR_BOTH, 0), 0, 0, PC_DIR_BACKWARD);
	pc_arena_release(&a);
}

/* --wire exact: the wire rules fire by their own wire directions instead of buf's groups,
 * and a finding says what each breaking wire direction loses (the forward one from the
 * same `losses:` list with the sides swapped). */
Test(rules, wire_exact_mode)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	PcChange widen = type_change(PC_TYPE_INT32, PC_TYPE_INT64);
	/* buf: int32 and int64 share a wire group. */
	cr_expect_null(eval_one(&rs, &a, "FIELD_WIRE_COMPATIBLE_TYPE", &widen, PC_DIR_BOTH, 0));
	rs.wire_mode = PC_WIRE_EXACT;
	const PcFinding *f = eval_one(&rs, &a, "FIELD_WIRE_COMPATIBLE_TYPE", &widen, PC_DIR_BOTH, 0);
	expect_breaks(f, PC_DIR_FORWARD, PC_DIR_FORWARD, PC_DIR_BACKWARD);
	cr_expect(pc_str_eq_c(f->loss, "forward (OLD reads NEW's data): the int32 reader keeps only the low 32 bits "
				       "of the varint: int64 values beyond 32 bits are truncated (2^40 reads as 0)"),
		  "%.*s", (int)f->loss.len, f->loss.ptr);
	/* The same change read the other way round: NEW's int32 reader of OLD's int64. */
	PcChange narrow = widen;
	narrow.old_val.i = PC_TYPE_INT64;
	narrow.new_val.i = PC_TYPE_INT32;
	f = eval_one(&rs, &a, "FIELD_WIRE_COMPATIBLE_TYPE", &narrow, PC_DIR_BOTH, 0);
	cr_assert(f);
	cr_expect(pc_str_eq_c(f->loss, "backward (NEW reads OLD's data): the int32 reader keeps only the low 32 "
				       "bits of the varint: int64 values beyond 32 bits are truncated (2^40 reads as 0)"),
		  "%.*s", (int)f->loss.len, f->loss.ptr);
	/* message -> bytes: only the message reader (forward) breaks; buf says both. */
	PcChange mb = widen;
	mb.old_val.i = PC_TYPE_MESSAGE;
	mb.new_val.i = PC_TYPE_BYTES;
	mb.old_val.s = pc_str(".p.Sub"); /* the diff records a named type's name */
	expect_breaks(eval_one(&rs, &a, "FIELD_WIRE_COMPATIBLE_TYPE", &mb, PC_DIR_BOTH, 0), PC_DIR_FORWARD, PC_DIR_BOTH,
		      PC_DIR_BACKWARD);
	rs.wire_mode = PC_WIRE_BUF;
	f = eval_one(&rs, &a, "FIELD_WIRE_COMPATIBLE_TYPE", &mb, PC_DIR_BOTH, 0);
	expect_breaks(f, PC_DIR_BOTH, PC_DIR_BOTH, PC_DIR_BACKWARD);
	cr_expect_eq(f->loss.len, 0, "no loss text in the default mode");
	/* A oneof split loses forward: the swapped sides join. */
	rs.wire_mode = PC_WIRE_EXACT;
	PcChange split = {.kind = PC_CHANGE_FIELD_ONEOF, .elem = PC_ELEM_FIELD, .flags = PC_CHANGE_F_ONEOF_SPLITS};
	f = eval_one(&rs, &a, "FIELD_SAME_ONEOF", &split, PC_DIR_BOTH, 0);
	expect_breaks(f, PC_DIR_FORWARD, PC_DIR_FORWARD, PC_DIR_BACKWARD);
	cr_expect(f->loss.len > 0 && strstr(f->loss.ptr, "forward (") == f->loss.ptr && strstr(f->loss.ptr, "last one wins"),
		  "%.*s", (int)f->loss.len, f->loss.ptr);
	/* Cardinality: repeated -> map is wire-compatible for buf, loses a repeated key here. */
	PcChange card = {.kind = PC_CHANGE_FIELD_CARDINALITY, .elem = PC_ELEM_FIELD};
	card.old_val.i = PC_CARD_REPEATED;
	card.new_val.i = PC_CARD_MAP;
	f = eval_one(&rs, &a, "FIELD_WIRE_COMPATIBLE_CARDINALITY", &card, PC_DIR_BOTH, PC_AUD_BIT(PC_AUD_WIRE));
	cr_assert(f);
	cr_expect_eq(f->breaks[PC_AUD_WIRE], PC_DIR_BACKWARD);
	rs.wire_mode = PC_WIRE_BUF;
	cr_expect_null(eval_one(&rs, &a, "FIELD_WIRE_COMPATIBLE_CARDINALITY", &card, PC_DIR_BOTH, 0));
	pc_arena_release(&a);
}

/* A user rule with a fits table and per-audience conditions; a scalar `directions`
 * applies to every audience. */
Test(rules, user_rule_directions)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	cr_assert_eq(pc_ruleset_load_file(&rs, RULES_DIR "/directions.yaml"), 0);
	PcChange c = {.kind = PC_CHANGE_FIELD_CARDINALITY, .elem = PC_ELEM_FIELD};
	c.old_val.i = PC_CARD_OPTIONAL_EXPLICIT;
	c.new_val.i = PC_CARD_REPEATED;
	expect_breaks(eval_one(&rs, &a, "ACME_CARDINALITY", &c, PC_DIR_BOTH, 0), PC_DIR_FORWARD, 0, 0);
	c.old_val.i = PC_CARD_REPEATED;
	c.new_val.i = PC_CARD_MAP;
	expect_breaks(eval_one(&rs, &a, "ACME_CARDINALITY", &c, PC_DIR_BOTH, 0), PC_DIR_BOTH, 0, PC_DIR_BACKWARD);
	PcChange del = {.kind = PC_CHANGE_FIELD_DELETED, .elem = PC_ELEM_FIELD};
	expect_breaks(eval_one(&rs, &a, "ACME_ANY_DELETE", &del, PC_DIR_BOTH, 0), PC_DIR_BACKWARD, PC_DIR_BACKWARD,
		      PC_DIR_BACKWARD);
	const PcRule *r = pc_ruleset_find(&rs, pc_str("ACME_CARDINALITY"));
	cr_assert(r);
	cr_expect_eq(r->direction_cases.len, 2);
	cr_expect_eq(r->directions, PC_DIR_BOTH);
	pc_arena_release(&a);
}

/* With every audience counted, a catalog rule never hides a finding buf reports: each
 * type and cardinality change breaks someone in some direction. FIELD_SAME_TYPE and
 * FIELD_SAME_CARDINALITY fire on every change of their kind, and the compatible-type
 * and compatible-cardinality rules share their directions. */
Test(rules, every_change_breaks_someone)
{
	PcArena a;
	PcDiags d;
	PcRuleSet rs;
	load_catalog(&rs, &a, &d);
	for (int o = PC_TYPE_DOUBLE; o <= PC_TYPE_SINT64; o++)
		for (int n = PC_TYPE_DOUBLE; n <= PC_TYPE_SINT64; n++) {
			PcChange c = {.kind = PC_CHANGE_FIELD_TYPE, .elem = PC_ELEM_FIELD};
			c.old_val.i = o;
			c.new_val.i = n;
			cr_expect(eval_one(&rs, &a, "FIELD_SAME_TYPE", &c, PC_DIR_BOTH, 0), "type %d -> %d breaks no one", o,
				  n);
		}
	for (int o = PC_CARD_OPTIONAL_EXPLICIT; o <= PC_CARD_MAP; o++)
		for (int n = PC_CARD_OPTIONAL_EXPLICIT; n <= PC_CARD_MAP; n++) {
			PcChange c = {.kind = PC_CHANGE_FIELD_CARDINALITY, .elem = PC_ELEM_FIELD};
			c.old_val.i = o;
			c.new_val.i = n;
			if (o != n)
				cr_expect(eval_one(&rs, &a, "FIELD_SAME_CARDINALITY", &c, PC_DIR_BOTH, 0),
					  "cardinality %d -> %d breaks no one", o, n);
		}
	const PcRule *t = pc_ruleset_find(&rs, pc_str("FIELD_SAME_TYPE"));
	const PcRule *w = pc_ruleset_find(&rs, pc_str("FIELD_WIRE_COMPATIBLE_TYPE"));
	cr_assert(t && w);
	cr_expect_eq(t->direction_cases.len, w->direction_cases.len);
	pc_arena_release(&a);
}
