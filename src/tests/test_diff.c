/* Diff engine tests. Each directory testdata/diff/CASE holds old/ and new/ (module
 * roots), buf.json (what `buf breaking new --against old --error-format json` printed
 * with buf 1.75 and the buf.yaml in new/, categories FILE, PACKAGE, WIRE_JSON and WIRE)
 * and expected.txt: the change records, one per line as dump() writes them. Every
 * finding of buf.json must be fed by one of those records at the same position; that
 * is checked by testdata/diff/check_buf.py, which the test buf_findings_covered runs.
 * Here the records themselves are compared, plus unit tests of the configuration.
 * PC_DIFF_PRINT=CASE prints a case's records instead, for review. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff.h"

#define DIFF_DIR PC_SOURCE_DIR "/testdata/diff"

typedef struct Side {
	PcDiags diags;
	PcSchema s;
	int rc;
} Side;

static void load(Side *x, PcArena *a, const char *const *inputs, uint32_t n, const char *root)
{
	pc_diags_init(&x->diags, a);
	pc_schema_init(&x->s, a, &x->diags);
	const char *inc[] = {root};
	PcLoadConfig cfg = {.import_paths = inc, .nimport_paths = root ? 1 : 0};
	x->rc = pc_schema_load(&x->s, &cfg, inputs, n);
}

static const char *const flag_names[] = {
	"number_reserved", "name_reserved", "in_package", "kind_absent", "legacy_required",
	"enum_same_name", "enum_superset", "message_set", "map_entry", "extension",
};

static void put_str(FILE *out, const char *key, PcStr s)
{
	fprintf(out, " %s=\"%.*s\"", key, (int)s.len, s.ptr ? s.ptr : "");
}

/* One line per record: kind, position in NEW (path:line:col-line:col, 1-based like
 * buf; "path:-" for the whole file, "-" for none), then the data that is set. */
static void dump(FILE *out, const PcChangeList *l)
{
	for (uint32_t i = 0; i < l->items.len; i++) {
		const PcChange *c = &PC_VEC_AT(l->items, PcChange, i);
		fprintf(out, "%s ", pc_change_kind_name(c->kind));
		if (!c->pos.file)
			fputs("-", out);
		else if (c->pos.span.line < 0)
			fprintf(out, "%.*s:-", (int)c->pos.file->name.len, c->pos.file->name.ptr);
		else
			fprintf(out, "%.*s:%d:%d-%d:%d", (int)c->pos.file->name.len, c->pos.file->name.ptr,
				c->pos.span.line + 1, c->pos.span.col + 1, c->pos.span.end_line + 1,
				c->pos.span.end_col + 1);
		if (c->name.len)
			put_str(out, "name", c->name);
		if (c->number || c->end)
			fprintf(out, " number=%d", c->number);
		if (c->end)
			fprintf(out, " end=%d", c->end);
		for (uint32_t j = 0; j < c->missing.len; j++) {
			const PcRange *r = &PC_VEC_AT(c->missing, PcRange, j);
			fprintf(out, " missing=%d-%d", r->start, r->end);
		}
		if (c->old_val.set || c->old_val.i || c->old_val.s.len) {
			fprintf(out, " old=%lld", (long long)c->old_val.i);
			put_str(out, "old_s", c->old_val.s);
		}
		if (c->new_val.set || c->new_val.i || c->new_val.s.len) {
			fprintf(out, " new=%lld", (long long)c->new_val.i);
			put_str(out, "new_s", c->new_val.s);
		}
		for (size_t b = 0; b < sizeof flag_names / sizeof flag_names[0]; b++)
			if (c->flags & (1u << b))
				fprintf(out, " %s", flag_names[b]);
		fputc('\n', out);
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The records of a case as text. */
static char *run_case(const char *name, char *out, size_t cap)
{
	char od[512], nd[512];
	snprintf(od, sizeof od, "%s/%s/old", DIFF_DIR, name);
	snprintf(nd, sizeof nd, "%s/%s/new", DIFF_DIR, name);
	PcArena a;
	pc_arena_init(&a);
	Side o, n;
	const char *oi[] = {od}, *ni[] = {nd};
	load(&o, &a, oi, 1, NULL);
	load(&n, &a, ni, 1, NULL);
	cr_assert_eq(o.rc, 0, "%s: old does not load", name);
	cr_assert_eq(n.rc, 0, "%s: new does not load", name);
	PcChangeList l = pc_diff(&o.s, &n.s, NULL, &a);
	out[0] = '\0';
	FILE *f = fmemopen(out, cap, "w");
	dump(f, &l);
	fclose(f);
	pc_arena_release(&a);
	return out;
}

Test(diff, golden_cases)
{
	const char *only = getenv("PC_DIFF_PRINT");
	DIR *d = opendir(DIFF_DIR);
	cr_assert(d, "cannot open %s", DIFF_DIR);
	int ncases = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		char path[600];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s/old", DIFF_DIR, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		static char got[1 << 16];
		run_case(e->d_name, got, sizeof got);
		if (only && strcmp(only, e->d_name) == 0)
			fputs(got, stdout);
		snprintf(path, sizeof path, "%s/%s/expected.txt", DIFF_DIR, e->d_name);
		const char *want = slurp(path);
		cr_expect(want != NULL, "%s: no expected.txt", e->d_name);
		if (want)
			cr_expect_str_eq(got, want, "%s: records differ", e->d_name);
		ncases++;
	}
	closedir(d);
	cr_assert_geq(ncases, 8);
}

/* Every buf finding of every case is fed by a record at buf's position. */
Test(diff, buf_findings_covered)
{
	if (system("python3 -c '' 2>/dev/null") != 0)
		cr_skip_test("python3 is not installed");
	int rc = system("cd " DIFF_DIR " && python3 check_buf.py */ >&2");
	cr_expect_eq(rc, 0, "check_buf.py found buf findings without a record (see stderr)");
}

/* ---- configuration ---- */

static PcChangeList diff_files(PcArena *a, const char *old_file, const char *new_file, const PcDiffConfig *cfg,
			       Side *o, Side *n)
{
	const char *oi[] = {old_file}, *ni[] = {new_file};
	char oroot[512], nroot[512];
	snprintf(oroot, sizeof oroot, "%s", old_file);
	snprintf(nroot, sizeof nroot, "%s", new_file);
	*strrchr(oroot, '/') = '\0';
	*strrchr(nroot, '/') = '\0';
	load(o, a, oi, 1, oroot);
	load(n, a, ni, 1, nroot);
	cr_assert_eq(o->rc, 0);
	cr_assert_eq(n->rc, 0);
	return pc_diff(&o->s, &n->s, cfg, a);
}

static const PcChange *find_kind(const PcChangeList *l, PcChangeKind k)
{
	for (uint32_t i = 0; i < l->items.len; i++)
		if (PC_VEC_AT(l->items, PcChange, i).kind == k)
			return &PC_VEC_AT(l->items, PcChange, i);
	return NULL;
}

static bool file_deleted(const PcChangeList *l, const char *name)
{
	for (uint32_t i = 0; i < l->items.len; i++) {
		const PcChange *c = &PC_VEC_AT(l->items, PcChange, i);
		if (c->kind == PC_CHANGE_FILE_DELETED && pc_str_eq_c(c->name, name))
			return true;
	}
	return false;
}

Test(diff, single_inputs_pair_whatever_their_names)
{
	PcArena a;
	pc_arena_init(&a);
	Side o, n;
	PcDiffConfig cfg = {.pair_single_inputs = true};
	PcChangeList l = diff_files(&a, DIFF_DIR "/basic/old/x.proto", DIFF_DIR "/renamed/y.proto", &cfg, &o, &n);
	cr_expect(!file_deleted(&l, "x.proto"), "the two inputs are paired");
	/* The import is still compared by path: it is gone. */
	cr_expect(file_deleted(&l, "google/protobuf/timestamp.proto"));
	const PcChange *opt = find_kind(&l, PC_CHANGE_FILE_OPTION);
	cr_assert_not_null(opt, "file options are compared across the pair");
	cr_expect(pc_str_eq_c(opt->pos.file->name, "y.proto"));
	cr_expect_eq(opt->option, 11);
	const PcChange *m = find_kind(&l, PC_CHANGE_MESSAGE_DELETED);
	cr_assert_not_null(m);
	cr_expect(pc_str_eq_c(m->pos.file->name, "y.proto"));

	/* Without the option, x.proto is deleted and no file-pair change is seen;
	 * messages still pair by full name. */
	Side o2, n2;
	PcChangeList l2 = diff_files(&a, DIFF_DIR "/basic/old/x.proto", DIFF_DIR "/renamed/y.proto", NULL, &o2, &n2);
	cr_expect(file_deleted(&l2, "x.proto"));
	cr_expect_null(find_kind(&l2, PC_CHANGE_FILE_OPTION));
	cr_expect_null(find_kind(&l2, PC_CHANGE_MESSAGE_DELETED));
	const PcChange *t = find_kind(&l2, PC_CHANGE_FIELD_TYPE);
	cr_assert_not_null(t);
	cr_expect_eq(t->old_val.i, PC_TYPE_INT32);
	cr_expect_eq(t->new_val.i, PC_TYPE_INT64);
	pc_arena_release(&a);
}

Test(diff, exclude_imports_skips_imported_files)
{
	PcArena a;
	pc_arena_init(&a);
	Side o, n;
	PcDiffConfig cfg = {.exclude_imports = true};
	PcChangeList l = diff_files(&a, DIFF_DIR "/basic/old/x.proto", DIFF_DIR "/basic/new/x.proto", &cfg, &o, &n);
	cr_expect_null(find_kind(&l, PC_CHANGE_FILE_DELETED), "timestamp.proto is an import");
	cr_expect_null(find_kind(&l, PC_CHANGE_PACKAGE_DELETED));
	cr_expect_not_null(find_kind(&l, PC_CHANGE_FIELD_TYPE));
	pc_arena_release(&a);
}

Test(diff, same_schema_has_no_changes)
{
	PcArena a;
	pc_arena_init(&a);
	Side o, n;
	PcChangeList l = diff_files(&a, DIFF_DIR "/fields/old/f.proto", DIFF_DIR "/fields/old/f.proto", NULL, &o, &n);
	cr_expect_eq(l.items.len, 0);
	pc_arena_release(&a);
}

Test(diff, kind_names_round_trip)
{
	for (int k = 0; k < PC_CHANGE_KIND_COUNT; k++)
		cr_expect_eq(pc_change_kind_parse(pc_str(pc_change_kind_name((PcChangeKind)k))), k);
	cr_expect_eq(pc_change_kind_parse(PC_STR_LIT("NOPE")), PC_CHANGE_KIND_COUNT);
	cr_expect_str_eq(pc_file_option_name(11), "go_package");
	cr_expect_null(pc_file_option_name(2));
	cr_expect_str_eq(pc_cardinality_name(PC_CARD_MAP), "map");
}

static uint32_t count_kind(const PcChangeList *l, PcChangeKind k, uint32_t flag)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < l->items.len; i++) {
		const PcChange *c = &PC_VEC_AT(l->items, PcChange, i);
		n += c->kind == k && (!flag || (c->flags & flag));
	}
	return n;
}

/* Loads testdata/changes/NAME/{old,new} (module roots). */
static void load_changes_case(PcArena *a, const char *name, Side *o, Side *n)
{
	char od[512], nd[512];
	snprintf(od, sizeof od, "%s/testdata/changes/%s/old", PC_SOURCE_DIR, name);
	snprintf(nd, sizeof nd, "%s/testdata/changes/%s/new", PC_SOURCE_DIR, name);
	const char *oi[] = {od}, *ni[] = {nd};
	load(o, a, oi, 1, NULL);
	load(n, a, ni, 1, NULL);
	cr_assert_eq(o->rc, 0);
	cr_assert_eq(n->rc, 0);
}

/* testdata/changes/options: the option records are there only when asked, keyed as
 * docs/changes.md says (checked against python3-protobuf by testdata/changes/check.py). */
Test(diff, option_changes_only_when_asked)
{
	PcArena a;
	pc_arena_init(&a);
	Side o, n;
	load_changes_case(&a, "options", &o, &n);
	PcChangeList plain = pc_diff(&o.s, &n.s, NULL, &a);
	cr_expect_eq(count_kind(&plain, PC_CHANGE_OPTION_CHANGED, 0), 0);
	cr_expect_eq(plain.items.len, 1, "only go_package's FILE_OPTION");
	PcDiffConfig cfg = {.options = true};
	PcChangeList l = pc_diff(&o.s, &n.s, &cfg, &a);
	cr_expect_eq(count_kind(&l, PC_CHANGE_OPTION_CHANGED, 0), 20);
	cr_expect_eq(count_kind(&l, PC_CHANGE_OPTION_CHANGED, PC_CHANGE_F_EXT_RANGE), 1);
	cr_expect_eq(count_kind(&l, PC_CHANGE_OPTION_CHANGED, PC_CHANGE_F_TYPED), 1, "go_package");
	bool found = false;
	for (uint32_t i = 0; i < l.items.len; i++) {
		const PcChange *c = &PC_VEC_AT(l.items, PcChange, i);
		if (c->kind != PC_CHANGE_OPTION_CHANGED || !pc_str_eq_c(c->name, "(acme.opts.rule).inner.strict"))
			continue;
		found = true;
		cr_expect(pc_str_eq_c(c->opt_name, "acme.opts.rule"));
		cr_expect(pc_str_eq_c(c->opt_path, "inner.strict"));
		cr_expect(pc_str_eq_c(c->old_val.s, "false") && pc_str_eq_c(c->new_val.s, "true"));
		cr_expect_eq(c->option, 51002);
		cr_expect_eq(c->pos.span.line + 1, 11);
	}
	cr_expect(found);
	pc_arena_release(&a);
}

Test(diff, additions_only_when_asked)
{
	PcArena a;
	pc_arena_init(&a);
	Side o, n;
	load_changes_case(&a, "additions", &o, &n);
	PcChangeList plain = pc_diff(&o.s, &n.s, NULL, &a);
	cr_expect_eq(plain.items.len, 0);
	PcDiffConfig cfg = {.additions = true};
	PcChangeList l = pc_diff(&o.s, &n.s, &cfg, &a);
	cr_expect_eq(l.items.len, 20);
	cr_expect_eq(count_kind(&l, PC_CHANGE_MESSAGE_ADDED, 0), 4);
	cr_expect_eq(count_kind(&l, PC_CHANGE_RESERVED_RANGE_ADDED, 0), 2);
	cr_expect_eq(count_kind(&l, PC_CHANGE_ENUM_VALUE_ADDED, 0), 1, "BLUE; CRIMSON is an alias of 1");
	pc_arena_release(&a);
}
