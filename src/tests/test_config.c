/* Tests of config.c: each buf.yaml version and each `breaking` key, our own keys in
 * protocompat.yaml, bad files with their positions, path matching and buf's unstable
 * package versions. The buf behaviours asserted here were checked with buf 1.75
 * (`buf breaking new --against old --error-format json` with the same buf.yaml; the
 * commands and results are in docs/cli.md, "Configuration"). */
#include <criterion/criterion.h>
#include <string.h>

#include "config.h"

static PcArena arena;
static PcDiags diags;

static void setup(void)
{
	pc_arena_init(&arena);
	pc_diags_init(&diags, &arena);
}

static void teardown(void)
{
	pc_arena_release(&arena);
}

TestSuite(config, .init = setup, .fini = teardown);

static int parse(PcConfig *c, const char *path, const char *text)
{
	return pc_config_parse(c, path, text, strlen(text), &arena, &diags);
}

static const char *name_at(const PcVec *v, uint32_t i)
{
	PcStr s = PC_VEC_AT(*v, PcConfigName, i).name;
	return pc_arena_strndup(&arena, s.ptr, s.len);
}

static const char *path_at(const PcVec *v, uint32_t i)
{
	PcStr s = PC_VEC_AT(*v, PcStr, i);
	return pc_arena_strndup(&arena, s.ptr, s.len);
}

/* The first diagnostic as "line:col: message". */
static const char *first_error(void)
{
	cr_assert_geq(diags.list.len, 1);
	const PcDiag *d = &PC_VEC_AT(diags.list, PcDiag, 0);
	size_t n = strlen(d->message) + 32;
	char *s = pc_arena_alloc(&arena, n);
	snprintf(s, n, "%d:%d: %s", d->line, d->col, d->message);
	return s;
}

Test(config, v1beta1_file)
{
	PcConfig c;
	cr_assert_eq(pc_config_load(&c, PC_SOURCE_DIR "/testdata/config/v1beta1/buf.yaml", &arena, &diags), 0);
	cr_assert(c.is_buf);
	cr_assert(pc_str_eq_c(c.version, "v1beta1"));
	cr_assert(c.has_use && c.has_except);
	cr_assert_str_eq(name_at(&c.use, 0), "FILE");
	cr_assert_str_eq(name_at(&c.except, 0), "FIELD_NO_DELETE");
	cr_assert_eq(c.ignore.len, 1);
	cr_assert_str_eq(path_at(&c.ignore, 0), "foo/bar.proto");
	cr_assert_eq(c.ignore_only.len, 1);
	const PcIgnoreOnly *io = &PC_VEC_AT(c.ignore_only, PcIgnoreOnly, 0);
	cr_assert(pc_str_eq_c(io->id, "FIELD_SAME_TYPE"));
	cr_assert_eq(io->line, 9);
	cr_assert_eq(io->col, 5);
	cr_assert_str_eq(path_at(&io->paths, 0), "baz");
	cr_assert(c.ignore_unstable_packages);
}

Test(config, v1_file_normalizes_paths)
{
	PcConfig c;
	cr_assert_eq(pc_config_load(&c, PC_SOURCE_DIR "/testdata/config/v1/buf.yaml", &arena, &diags), 0);
	cr_assert(pc_str_eq_c(c.version, "v1"));
	cr_assert_str_eq(name_at(&c.use, 0), "WIRE_JSON");
	cr_assert_str_eq(path_at(&c.ignore, 0), "b");
	cr_assert_not(c.has_except);
}

Test(config, v2_module_breaking_section)
{
	PcConfig c;
	cr_assert_eq(pc_config_load(&c, PC_SOURCE_DIR "/testdata/config/v2_modules/buf.yaml", &arena, &diags), 0);
	cr_assert(pc_str_eq_c(c.version, "v2"));
	cr_assert_not(c.has_use, "a module's section is its own, not the top level's");
	cr_assert_eq(c.modules.len, 1);
	const PcConfigModule *m = &PC_VEC_AT(c.modules, PcConfigModule, 0);
	cr_assert_str_eq(m->path, ".");
	cr_assert_not_null(m->breaking);
	cr_assert_eq(m->breaking->use.len, 1);
	cr_assert_str_eq(name_at(&m->breaking->use, 0), "WIRE");
}

Test(config, v2_modules_paths_and_excludes)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml",
			   "version: v2\nmodules:\n  - path: proto/\n    excludes: [proto/a/../b]\n  - path: vendor/x\n"
			   "breaking:\n  ignore: [proto/b/c.proto, vendor, other]\n"),
		     0);
	cr_assert_eq(c.modules.len, 2);
	const PcConfigModule *m = &PC_VEC_AT(c.modules, PcConfigModule, 0);
	cr_assert_str_eq(m->path, "proto");
	cr_assert_null(m->breaking);
	cr_assert_eq(m->excludes.len, 1);
	cr_assert_str_eq(path_at(&m->excludes, 0), "proto/b");
	/* v2 ignore paths carry the module's path; seen from a module they lose it */
	PcConfig *pm = pc_config_for_module(&c, "proto", &arena);
	cr_assert_eq(pm->ignore.len, 1);
	cr_assert_str_eq(path_at(&pm->ignore, 0), "b/c.proto");
	PcConfig *vm = pc_config_for_module(&c, "vendor/x", &arena);
	cr_assert_eq(vm->ignore.len, 1, "a parent directory covers the whole module");
	cr_assert(pc_config_ignores_path(vm, NULL, "any/file.proto", NULL));
	cr_assert(pc_config_ignores_path(pm, NULL, "b/c.proto", NULL));
	cr_assert_not(pc_config_ignores_path(pm, NULL, "c.proto", NULL));
	cr_assert_neq(parse(&c, "buf.yaml", "version: v2\nmodules:\n  - excludes: [a]\n"), 0, "a module needs a path");
	cr_assert_neq(parse(&c, "buf.yaml", "version: v2\nmodules:\n  - path: ../x\n"), 0);
}

Test(config, build_roots_and_excludes)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v1beta1\nbuild:\n  roots: [a, b/]\n  excludes: [a/x]\n"), 0);
	cr_assert_eq(c.roots.len, 2);
	cr_assert_str_eq(path_at(&c.roots, 1), "b");
	cr_assert_str_eq(path_at(&c.excludes, 0), "a/x");
	cr_assert_eq(parse(&c, "buf.yaml", "version: v1\nbuild:\n  excludes: [gen]\n"), 0);
	cr_assert_str_eq(path_at(&c.excludes, 0), "gen");
	cr_assert_neq(parse(&c, "buf.yaml", "version: v1\nbuild:\n  roots: [a]\n"), 0, "roots are v1beta1's only");
	cr_assert_neq(parse(&c, "buf.yaml", "version: v2\nbuild:\n  excludes: [a]\n"), 0, "v2 has no build");
}

Test(config, work_directories)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.work.yaml", "version: v1\ndirectories:\n  - proto\n  - vendor/./api\n"), 0);
	cr_assert(c.is_work);
	cr_assert_eq(c.modules.len, 2);
	cr_assert_str_eq(PC_VEC_AT(c.modules, PcConfigModule, 1).path, "vendor/api");
	cr_assert_neq(parse(&c, "buf.work.yaml", "version: v1\nbreaking:\n  use: [FILE]\n"), 0);
}

Test(config, no_file_means_v1_defaults)
{
	PcConfig c;
	pc_config_init(&c);
	cr_assert(pc_str_eq_c(c.version, "v1"), "buf 1.75 with no buf.yaml runs v1's FILE set");
}

Test(config, find_prefers_protocompat_yaml)
{
	const char *p = pc_config_find(PC_SOURCE_DIR "/testdata/config/both", &arena);
	cr_assert_not_null(p);
	cr_assert_str_eq(p, PC_SOURCE_DIR "/testdata/config/both/protocompat.yaml");
	p = pc_config_find(PC_SOURCE_DIR "/testdata/config/v1", &arena);
	cr_assert_str_eq(p, PC_SOURCE_DIR "/testdata/config/v1/buf.yaml");
	cr_assert_null(pc_config_find(PC_SOURCE_DIR "/testdata/config", &arena));
}

Test(config, protocompat_yaml_own_keys)
{
	PcConfig c;
	cr_assert_eq(pc_config_load(&c, PC_SOURCE_DIR "/testdata/config/both/protocompat.yaml", &arena, &diags), 0);
	cr_assert_not(c.is_buf);
	cr_assert(pc_str_eq_c(c.version, "v2")); /* version is optional here */
	cr_assert_eq(c.directions, PC_DIR_BACKWARD);
	cr_assert_eq(c.rules.len, 1);
	cr_assert_str_eq(PC_VEC_AT(c.rules, const char *, 0), "extra.yaml");
	cr_assert_str_eq(name_at(&c.use, 0), "PACKAGE");
}

Test(config, direction_values)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  direction: forward\n"), 0);
	cr_assert_eq(c.directions, PC_DIR_FORWARD);
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  direction: full\n"), 0);
	cr_assert_eq(c.directions, PC_DIR_BOTH);
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  direction: sideways\n"), 2);
	cr_assert_str_eq(first_error(), "2:14: \"direction\" must be backward, forward or full");
}

Test(config, empty_defaults)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml", ""), 0);
	cr_assert_not(c.has_use);
	cr_assert_eq(c.directions, 0);
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n"), 0);
	cr_assert_not(c.has_use);
}

/* buf 1.75: `decode buf.yaml: yaml: unmarshal errors: line 4: field bogus not found`. */
Test(config, buf_unknown_key)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "x/buf.yaml", "version: v2\nbreaking:\n  use: [FILE]\n  bogus: 1\n"), 2);
	cr_assert_str_eq(first_error(), "4:3: unknown key \"bogus\" in \"breaking\"");
	cr_assert_str_eq(PC_VEC_AT(diags.list, PcDiag, 0).path, "x/buf.yaml");
}

Test(config, buf_rejects_our_keys)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  direction: backward\n"), 2);
	cr_assert_str_eq(first_error(), "3:3: unknown key \"direction\" in \"breaking\"");
}

/* buf 1.75: `"version" is not set. Please add "version: v2"`. */
Test(config, buf_needs_version)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "breaking:\n  use: [FILE]\n"), 2);
	cr_assert_str_eq(first_error(), "1:1: \"version\" is not set (add \"version: v2\")");
}

/* buf 1.75: `unknown file version: "v3"`. */
Test(config, unknown_version)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v3\n"), 2);
	cr_assert_str_eq(first_error(), "1:10: unknown version \"v3\" (expected v1beta1, v1 or v2)");
}

/* buf 1.75: `cannot unmarshal !!str `FILE` into []string`. */
Test(config, use_must_be_list)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  use: FILE\n"), 2);
	cr_assert_str_eq(first_error(), "3:8: \"use\" must be a list of strings");
}

Test(config, yaml_syntax_error)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  use: [FILE\n"), 2);
	const PcDiag *d = &PC_VEC_AT(diags.list, PcDiag, 0);
	cr_assert_gt(d->line, 0);
	cr_assert_not_null(strstr(d->message, "flow sequence"));
}

/* buf 1.75: `breaking.ignore: invalid path: /abs: expected to be relative`. */
Test(config, ignore_paths_must_be_relative_and_inside)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  ignore: [/abs]\n"), 2);
	cr_assert_str_eq(first_error(), "3:12: path \"/abs\" must be relative to the module root");
	pc_diags_init(&diags, &arena);
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  ignore: [a/../../x]\n"), 2);
	cr_assert_str_eq(first_error(), "3:12: path \"a/../../x\" is not inside the module root");
}

Test(config, ignore_only_must_be_mapping)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v1\nbreaking:\n  ignore_only: [a]\n"), 2);
	cr_assert_str_eq(first_error(), "3:16: \"ignore_only\" must map rule IDs or categories to lists of paths");
}

Test(config, unstable_flag_must_be_bool)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v1\nbreaking:\n  ignore_unstable_packages: yes please\n"), 2);
	cr_assert_str_eq(first_error(),
			 "3:29: \"ignore_unstable_packages\" must be a boolean (true, false, yes, no, on, off, y, n)");
}

/* Every spelling with buf 1.75's verdict: `ignore_unstable_packages: VALUE` in a v2
 * buf.yaml over a field deleted in package p.v1beta1 (1: the finding is dropped, 0: it
 * is reported, -1: "cannot unmarshal ... into bool" or "cannot decode ... as a !!bool",
 * exit 1). buf decodes with Go's yaml.v3, which takes the YAML 1.1 words only from
 * strings, so 'yes' is true but "true" is an error. */
static const struct {
	const char *value;
	int want;
} bool_spellings[] = {
	{"true", 1}, {"True", 1}, {"TRUE", 1}, {"false", 0}, {"False", 0}, {"FALSE", 0},
	{"yes", 1}, {"Yes", 1}, {"YES", 1}, {"no", 0}, {"No", 0}, {"NO", 0},
	{"on", 1}, {"On", 1}, {"ON", 1}, {"off", 0}, {"Off", 0}, {"OFF", 0},
	{"y", 1}, {"Y", 1}, {"n", 0}, {"N", 0}, {"'yes'", 1}, {"\"yes\"", 1},
	{"true # c", 1}, {"Yes # x", 1}, {"&a true", 1}, {"! true", 1}, {"!!bool TRUE", 1},
	{"!!bool \"true\"", 1}, {"!!bool 'false'", 0}, {"!!str yes", 1}, {"!!null \"\"", 0},
	{"~", 0}, {"null", 0}, {"Null", 0}, {"NULL", 0}, {"", 0}, {"off ", 0},
	{"1", -1}, {"0", -1}, {"+1", -1}, {"0x1", -1}, {"0b1", -1}, {"1_0", -1}, {"1.0", -1},
	{".inf", -1}, {"\"true\"", -1}, {"''", -1}, {"\"\"", -1}, {"\"null\"", -1},
	{"tRue", -1}, {"yEs", -1}, {"YeS", -1}, {"nULL", -1}, {"enable", -1},
	{"!!bool yes", -1}, {"!!bool", -1}, {"!!str true", -1}, {"!!int 1", -1},
	{"[]", -1}, {"{}", -1}, {"|\n    true", -1}, {">\n    yes", -1},
};

Test(config, bool_spellings_as_buf)
{
	for (size_t i = 0; i < sizeof bool_spellings / sizeof bool_spellings[0]; i++) {
		char text[128];
		snprintf(text, sizeof text, "version: v2\nbreaking:\n  ignore_unstable_packages: %s\n",
			 bool_spellings[i].value);
		PcConfig c;
		int want = bool_spellings[i].want;
		int rc = parse(&c, "buf.yaml", text);
		cr_expect_eq(rc, want < 0 ? 2 : 0, "[%s]: exit %d", bool_spellings[i].value, rc);
		if (want >= 0 && rc == 0)
			cr_expect_eq(c.ignore_unstable_packages, want == 1, "[%s]", bool_spellings[i].value);
	}
}

Test(config, disable_builtin_reads_booleans_the_same_way)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  disable_builtin: 'on'\n"), 0);
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  disable_builtin: \"true\"\n"), 2);
	cr_assert_str_eq(first_error(), "3:20: \"disable_builtin\" must be a boolean (true, false, yes, no, on, off, y, n)");
}

Test(config, v1_has_no_modules)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v1\nmodules: []\n"), 2);
	cr_assert_str_eq(first_error(), "2:1: unknown key \"modules\"");
}

/* buf 1.75 with `ignore: [a]` drops findings in new/a/x.proto and the deletion of
 * old/a/y.proto (a place-less finding matched by its OLD path); `ignore: [a/y.proto]`
 * drops only the latter; "ab.proto" is not below "a". */
Test(config, ignore_covers_directories_and_old_paths)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  ignore: [a]\n"), 0);
	PcRule rule = {.id = PC_STR_LIT("FIELD_NO_DELETE"), .categories = PC_CAT_FILE | PC_CAT_PACKAGE};
	cr_assert(pc_config_ignores_path(&c, &rule, "a/x.proto", "a/x.proto"));
	cr_assert(pc_config_ignores_path(&c, &rule, NULL, "a/y.proto"));
	cr_assert(pc_config_ignores_path(&c, &rule, "a", NULL));
	cr_assert_not(pc_config_ignores_path(&c, &rule, "ab.proto", NULL));
	cr_assert_not(pc_config_ignores_path(&c, &rule, "b/a/x.proto", "b/a/x.proto"));
}

/* buf 1.75: `ignore_only: {FILE: [b]}` drops FIELD_NO_DELETE in b/ (a FILE rule);
 * `{WIRE: [b]}` does not (FIELD_NO_DELETE is not in WIRE). */
Test(config, ignore_only_by_id_and_category)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml",
			   "version: v2\nbreaking:\n  ignore_only:\n    FILE: [b]\n    WIRE: [c]\n"
			   "    FIELD_SAME_TYPE: [d/e.proto]\n"),
		     0);
	PcRule del = {.id = PC_STR_LIT("FIELD_NO_DELETE"), .categories = PC_CAT_FILE | PC_CAT_PACKAGE};
	PcRule type = {.id = PC_STR_LIT("FIELD_SAME_TYPE"), .categories = PC_CAT_FILE | PC_CAT_PACKAGE};
	cr_assert(pc_config_ignores_path(&c, &del, "b/z.proto", NULL));
	cr_assert_not(pc_config_ignores_path(&c, &del, "c/z.proto", NULL));
	cr_assert_not(pc_config_ignores_path(&c, &del, "d/e.proto", NULL));
	cr_assert(pc_config_ignores_path(&c, &type, "d/e.proto", NULL));
	cr_assert_not(pc_config_ignores_path(&c, &type, "d/f.proto", NULL));
}

/* Each verdict checked with buf 1.75 and `ignore_unstable_packages: true` on a
 * deleted field in a package ending in that component (docs/cli.md lists the run). */
Test(config, unstable_packages_as_buf)
{
	static const char *const unstable[] = {"a.v1alpha1", "a.v1beta1", "a.v1test", "a.v1p1alpha1",
					       "a.v1p1beta2", "a.v2alpha", "a.v1testfoo", "a.v1beta",
					       "a.v1test1", "a.v01beta1", "a.v1alpha01", "a.v10beta3",
					       "a.v1test_x", "a.v1p1alpha", "a.v1test0", "a.v1p1beta01"};
	static const char *const stable[] = {"a.V1beta1", "a.v0", "a.v1main", "a.v1alpha1x",
					     "a.v1beta1.x.v1", "a.v1", "a.v1alpha1.sub", "a.alpha",
					     "a.v0alpha1", "a.v1alpha0", "a.v1p0alpha1", "a.v1p1test",
					     "a.v1p1", "a.v1alpha1test", "a.v1beta0", "a.v1tes",
					     "a.v99999999999999999999beta1", "a.v1p2alpha0", "",
					     "v1beta1"};
	for (size_t i = 0; i < sizeof unstable / sizeof unstable[0]; i++)
		cr_expect(pc_package_is_unstable(pc_str(unstable[i])), "%s should be unstable", unstable[i]);
	for (size_t i = 0; i < sizeof stable / sizeof stable[0]; i++)
		cr_expect_not(pc_package_is_unstable(pc_str(stable[i])), "%s should be stable", stable[i]);
}

Test(config, missing_file)
{
	PcConfig c;
	cr_assert_eq(pc_config_load(&c, "/nonexistent/buf.yaml", &arena, &diags), 2);
	cr_assert_not_null(strstr(PC_VEC_AT(diags.list, PcDiag, 0).message, "cannot read"));
}

/* ---- protocompat.yaml: ignore_patterns and fail_on ---- */

Test(config, ignore_patterns_compiled)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml",
			   "breaking:\n  ignore_patterns:\n    - '^acme\\.billing\\.'\n    - Scratch\n"),
		     0);
	cr_assert_eq(c.ignore_patterns.len, 2);
	const PcIgnorePattern *ip = &PC_VEC_AT(c.ignore_patterns, PcIgnorePattern, 0);
	cr_assert(pc_str_eq_c(ip->pattern, "^acme\\.billing\\."));
	cr_assert_eq(ip->line, 3);
	cr_assert_eq(ip->col, 7);
	cr_assert(pc_regex_match(ip->re, pc_str("acme.billing.Invoice.amount")));
	cr_assert_not(pc_regex_match(ip->re, pc_str("acme.billingx.Invoice")));
	cr_assert_eq(diags.list.len, 0);
}

Test(config, ignore_patterns_bad_regex)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  ignore_patterns:\n    - ok\n    - 'x[a-'\n"), 2);
	cr_assert_str_eq(first_error(), "4:7: bad regular expression \"x[a-\" in \"ignore_patterns\": "
					"missing terminating ] for character class at offset 4");
}

Test(config, ignore_patterns_must_be_list)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  ignore_patterns: Scratch\n"), 2);
	cr_assert_str_eq(first_error(), "2:20: \"ignore_patterns\" must be a list of strings");
}

Test(config, fail_on_values)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml", ""), 0);
	cr_assert_eq(c.fail_on, PC_SEV_ERROR);
	cr_assert(pc_config_fails(&c, PC_SEV_ERROR));
	cr_assert_not(pc_config_fails(&c, PC_SEV_WARNING));
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  fail_on: warning\n"), 0);
	cr_assert_eq(c.fail_on, PC_SEV_WARNING);
	cr_assert(pc_config_fails(&c, PC_SEV_ERROR));
	cr_assert(pc_config_fails(&c, PC_SEV_WARNING));
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  fail_on: error\n"), 0);
	cr_assert_not(pc_config_fails(&c, PC_SEV_WARNING));
	cr_assert_eq(diags.list.len, 0);
}

Test(config, fail_on_bad_value)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml", "breaking:\n  fail_on: [error]\n"), 2);
	cr_assert_str_eq(first_error(), "2:12: \"fail_on\" must be error or warning");
}

Test(config, buf_rejects_patterns_and_fail_on)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  ignore_patterns: [x]\n"), 2);
	cr_assert_eq(parse(&c, "buf.yaml", "version: v2\nbreaking:\n  fail_on: warning\n"), 2);
	cr_assert_eq(diags.list.len, 2);
	cr_assert_str_eq(first_error(), "3:3: unknown key \"ignore_patterns\" in \"breaking\"");
	cr_assert_str_eq(PC_VEC_AT(diags.list, PcDiag, 1).message, "unknown key \"fail_on\" in \"breaking\"");
}

/* Patterns see full names without the dot, in NEW and in OLD; an enum value's name is
 * inside its enum; a file's is its package; a deleted package's is that package. */
Test(config, ignore_patterns_subjects)
{
	PcConfig c;
	cr_assert_eq(parse(&c, "protocompat.yaml",
			   "breaking:\n  ignore_patterns: ['^acme\\.Old\\.', '^acme\\.Status\\.GONE$', '^gone\\.v1$']\n"),
		     0);
	PcMessage old_m = {.full_name = PC_STR_LIT(".acme.Old")}, new_m = {.full_name = PC_STR_LIT(".acme.New")};
	PcField old_f = {.full_name = PC_STR_LIT(".acme.Old.x"), .parent = &old_m};
	PcField new_f = {.full_name = PC_STR_LIT(".acme.New.x"), .parent = &new_m};
	PcChange ch = {.kind = PC_CHANGE_FIELD_TYPE, .elem = PC_ELEM_FIELD, .old_elem = &old_f, .new_elem = &new_f};
	cr_assert(pc_str_eq_c(pc_change_subject(&ch, false, &arena), "acme.New.x"));
	cr_assert(pc_str_eq_c(pc_change_subject(&ch, true, &arena), "acme.Old.x"));
	cr_assert(pc_config_ignores_change(&c, &ch, &arena)); /* by its OLD name */
	ch.old_elem = &new_f;
	cr_assert_not(pc_config_ignores_change(&c, &ch, &arena));

	PcEnum en = {.full_name = PC_STR_LIT(".acme.Status")};
	PcEnumValue v = {.name = PC_STR_LIT("GONE"), .full_name = PC_STR_LIT(".acme.GONE"), .parent = &en};
	PcChange del = {.kind = PC_CHANGE_ENUM_VALUE_DELETED, .elem = PC_ELEM_ENUM_VALUE, .old_elem = &v};
	cr_assert(pc_str_eq_c(pc_change_subject(&del, true, &arena), "acme.Status.GONE"));
	cr_assert_eq(pc_change_subject(&del, false, &arena).len, 0);
	cr_assert(pc_config_ignores_change(&c, &del, &arena));

	PcChange pkg = {.kind = PC_CHANGE_PACKAGE_DELETED, .package = PC_STR_LIT("gone.v1")};
	cr_assert(pc_config_ignores_change(&c, &pkg, &arena));
	PcFile f = {.package = PC_STR_LIT("acme.Old.sub")};
	PcChange file = {.kind = PC_CHANGE_FILE_OPTION, .elem = PC_ELEM_FILE, .old_elem = &f, .new_elem = &f};
	cr_assert(pc_config_ignores_change(&c, &file, &arena));
}
