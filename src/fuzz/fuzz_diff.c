/* libFuzzer target: the diff engine and the rule engine on a pair of schemas. The
 * input is split at the first "\n---\n": OLD before it, NEW after it (no separator:
 * NEW equals OLD). Both are loaded in memory (fuzz_util.h); when both resolve, they
 * are diffed as two single-file inputs and every built-in rule is evaluated in both
 * directions, then diffed again with every record kind on (additions, options,
 * comments, renames, deprecated deletions) under our categories too, and Confluent's
 * differ (src/confluent.c) runs both ways with the CONFLUENT rules. The catalog is
 * loaded once per process. */
#include "fuzz_util.h" /* first: it defines _GNU_SOURCE */
#include "confluent.h"
#include "diff.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static PcArena catalog_arena;
static PcDiags catalog_diags;
static PcRuleSet catalog;
static bool *all_enabled, *ours_enabled, *confluent_enabled;
static bool compatible[PC_CF_COUNT];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!all_enabled) {
		pc_arena_init(&catalog_arena);
		pc_diags_init(&catalog_diags, &catalog_arena);
		pc_ruleset_init(&catalog, &catalog_arena, &catalog_diags);
		if (pc_ruleset_load_builtin(&catalog) != 0)
			__builtin_trap();
		all_enabled = PC_NEW_ARRAY(&catalog_arena, bool, catalog.rules.len + 1);
		PcStr cats[] = {pc_str("FILE"), pc_str("PACKAGE"), pc_str("WIRE_JSON"), pc_str("WIRE")};
		if (pc_ruleset_select(&catalog, pc_str("v2"), cats, 4, NULL, 0, all_enabled) != 0)
			__builtin_trap();
		ours_enabled = PC_NEW_ARRAY(&catalog_arena, bool, catalog.rules.len + 1);
		PcStr ours[] = {pc_str("FILE"), pc_str("PACKAGE"), pc_str("WIRE_JSON"), pc_str("WIRE"),
				pc_str("PROTOCOMPAT"), pc_str("AIP")};
		if (pc_ruleset_select(&catalog, pc_str("v2"), ours, 6, NULL, 0, ours_enabled) != 0)
			__builtin_trap();
		confluent_enabled = PC_NEW_ARRAY(&catalog_arena, bool, catalog.rules.len + 1);
		PcStr cf[] = {pc_str("CONFLUENT")};
		if (pc_ruleset_select(&catalog, pc_str("v2"), cf, 1, NULL, 0, confluent_enabled) != 0)
			__builtin_trap();
		for (int t = 0; t < PC_CF_COUNT; t++) {
			const PcRule *r = pc_ruleset_find(&catalog, pc_str(pc_cf_type_name((PcCfType)t)));
			compatible[t] = !r || r->severity == PC_SEV_WARNING;
		}
	}
	const uint8_t *sep = NULL;
	for (size_t i = 0; i + 5 <= size && !sep; i++)
		if (memcmp(data + i, "\n---\n", 5) == 0)
			sep = data + i;
	size_t old_len = sep ? (size_t)(sep - data) : size;
	const uint8_t *new_data = sep ? sep + 5 : data;
	size_t new_len = sep ? size - old_len - 5 : size;

	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcSchema olds, news;
	pc_schema_init(&olds, &a, &d);
	pc_schema_init(&news, &a, &d);
	if (pc_fuzz_load(&olds, "old.proto", data, old_len) == 0 &&
	    pc_fuzz_load(&news, "new.proto", new_data, new_len) == 0) {
		PcDiffConfig cfg = {.pair_single_inputs = true};
		PcChangeList changes = pc_diff(&olds, &news, &cfg, &a);
		PcVec findings = {0};
		pc_ruleset_evaluate(&catalog, all_enabled, PC_DIR_BOTH, PC_AUDS_ALL, &changes, &findings);
		/* Identical schemas can never break anything. */
		if (!sep && findings.len > 0)
			__builtin_trap();
		/* Every record kind (additions, options, comments, renames, deprecated
		 * deletions) and our categories: identical schemas have no record at all. */
		PcDiffConfig every = {.pair_single_inputs = true, .additions = true, .options = true,
				      .comments = true, .renames = true, .deprecated_deletes = true};
		PcChangeList all = pc_diff(&olds, &news, &every, &a);
		if (!sep && all.items.len > 0)
			__builtin_trap();
		PcVec all_findings = {0};
		pc_ruleset_evaluate(&catalog, ours_enabled, PC_DIR_BOTH, PC_AUDS_ALL, &all, &all_findings);
		PcChangeList cf = {0};
		pc_confluent_diff(&olds, &news, compatible, false, &cf, &a);
		pc_confluent_diff(&news, &olds, compatible, true, &cf, &a);
		PcVec cf_findings = {0};
		pc_ruleset_evaluate(&catalog, confluent_enabled, PC_DIR_BOTH, PC_AUDS_ALL, &cf, &cf_findings);
		/* ...nor differ at all for Confluent. */
		if (!sep && cf.items.len > 0)
			__builtin_trap();
	}
	pc_arena_release(&a);
	return 0;
}
