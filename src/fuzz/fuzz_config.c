/* libFuzzer target: the configuration loader. The first byte picks the file's kind
 * (buf.yaml, read as buf reads it, or protocompat.yaml); the rest is the file. A
 * configuration that loads is then checked against the built-in catalog, loaded
 * once per process, and its path filters are exercised. */
#include "fuzz_util.h" /* first: it defines _GNU_SOURCE */
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static PcArena catalog_arena;
static PcDiags catalog_diags;
static PcRuleSet catalog;
static bool catalog_loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!catalog_loaded) {
		pc_arena_init(&catalog_arena);
		pc_diags_init(&catalog_diags, &catalog_arena);
		pc_ruleset_init(&catalog, &catalog_arena, &catalog_diags);
		if (pc_ruleset_load_builtin(&catalog) != 0)
			__builtin_trap();
		catalog_loaded = true;
	}
	if (size == 0)
		return 0;
	const char *name = (data[0] & 1) ? "dir/buf.yaml" : "dir/protocompat.yaml";
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcConfig c;
	pc_config_init(&c);
	int rc = pc_config_parse(&c, name, (const char *)data + 1, size - 1, &a, &d);
	if (rc != 0 && d.errors == 0)
		__builtin_trap();
	if (rc == 0 && pc_config_resolve_rules(&c, &catalog, &a, &d) == 0 && catalog.rules.len > 0) {
		const PcRule *r = PC_VEC_AT(catalog.rules, const PcRule *, 0);
		(void)pc_config_ignores_path(&c, r, "a/b/c.proto", "a/b.proto");
		(void)pc_config_ignores_path(&c, r, NULL, "x.proto");
		(void)pc_package_is_unstable(pc_str("foo.v1beta1"));
	}
	pc_arena_release(&a);
	return 0;
}
