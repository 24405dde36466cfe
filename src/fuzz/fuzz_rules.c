/* libFuzzer target: the rule YAML loader (libyaml events, rule and table checks,
 * PCRE2 conditions) on a user rule file added after the built-in catalog, then the
 * selection of every rule. The bytes go to a memfd read through its /proc path. */
#include "fuzz_util.h" /* first: it defines _GNU_SOURCE */
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static PcFuzzFile input;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!pc_fuzz_file_put(&input, data, size))
		return 0;
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcRuleSet rs;
	pc_ruleset_init(&rs, &a, &d);
	if (pc_ruleset_load_builtin(&rs) != 0)
		__builtin_trap(); /* the shipped catalog must always load */
	int rc = pc_ruleset_load_file(&rs, input.path);
	if (rc != 0 && d.errors == 0)
		__builtin_trap();
	if (rc == 0) {
		bool *enabled = PC_NEW_ARRAY(&a, bool, rs.rules.len + 1);
		PcStr all[] = {pc_str("FILE"), pc_str("WIRE")};
		(void)pc_ruleset_select(&rs, pc_str("v2"), all, 2, NULL, 0, enabled);
	}
	pc_arena_release(&a);
	return 0;
}
