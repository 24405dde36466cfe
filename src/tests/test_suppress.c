/* Tests of suppress.c on testdata/suppress/scoping: which directives are read, where
 * they are placed, what they are attached to, and that applying them to the real
 * findings of that case moves exactly the covered ones. buf 1.75's findings for the
 * case are in testdata/suppress/scoping/buf.json (see testdata/suppress/README.md);
 * testdata/suppress.test.sh checks the command line end to end. */
#include <criterion/criterion.h>
#include <string.h>

#include "diff.h"
#include "rules.h"
#include "suppress.h"

static PcArena arena;
static PcDiags diags;
static PcRuleSet rs;
static PcSchema old_s, new_s;

static void setup(void)
{
	pc_arena_init(&arena);
	pc_diags_init(&diags, &arena);
	pc_ruleset_init(&rs, &arena, &diags);
	cr_assert_eq(pc_ruleset_load_builtin(&rs), 0);
	pc_schema_init(&old_s, &arena, &diags);
	pc_schema_init(&new_s, &arena, &diags);
	PcLoadConfig cfg = {0};
	const char *old_in[] = {PC_SOURCE_DIR "/testdata/suppress/scoping/old"};
	const char *new_in[] = {PC_SOURCE_DIR "/testdata/suppress/scoping/new"};
	cr_assert_eq(pc_schema_load(&old_s, &cfg, old_in, 1), 0);
	cr_assert_eq(pc_schema_load(&new_s, &cfg, new_in, 1), 0);
	cr_assert_eq(diags.list.len, 0);
}

static void teardown(void)
{
	pc_arena_release(&arena);
}

TestSuite(suppress, .init = setup, .fini = teardown);

static const PcSuppression *find(const PcSuppressions *s, const char *rule, int line)
{
	for (uint32_t i = 0; i < s->items.len; i++) {
		const PcSuppression *sp = &PC_VEC_AT(s->items, PcSuppression, i);
		if (pc_str_eq_c(sp->rule_id, rule) && sp->line == line)
			return sp;
	}
	cr_assert_fail("no suppression of %s on line %d", rule, line);
	return NULL;
}

static bool reason_is(const PcSuppression *sp, const char *text)
{
	return pc_str_eq_c(sp->reason, text);
}

Test(suppress, collects_every_directive)
{
	PcSuppressions s;
	pc_suppress_collect(&s, &new_s, &rs, &arena, &diags);
	cr_assert_eq(s.items.len, 11);
	/* The only warning: the enum value's directive gives no reason. */
	cr_assert_eq(diags.list.len, 1);
	const PcDiag *d = &PC_VEC_AT(diags.list, PcDiag, 0);
	cr_assert_eq(d->severity, PC_SEV_WARNING);
	cr_assert_eq(d->line, 27);
	cr_assert_eq(d->col, 6);

	/* A directive on the third line of a copied three-line comment, at the rule ID. */
	const PcSuppression *sp = find(&s, "FIELD_NO_DELETE", 6);
	cr_assert_eq(sp->col, 23);
	cr_assert_eq(sp->elem, PC_ELEM_MESSAGE);
	cr_assert(pc_str_eq_c(((const PcMessage *)sp->target)->full_name, "acme.v1.User") ||
		  pc_str_eq_c(((const PcMessage *)sp->target)->full_name, ".acme.v1.User"));
	cr_assert(reason_is(sp, "email moved to Contact (PR 12)"));
	cr_assert_not_null(sp->rule);

	sp = find(&s, "FIELD_SAME_TYPE", 9); /* trailing comment */
	cr_assert_eq(sp->elem, PC_ELEM_FIELD);
	cr_assert_eq(sp->col, 40);
	cr_assert(reason_is(sp, "every reader decodes int64"));

	cr_assert_eq(find(&s, "FIELD_SAME_NAME", 12)->elem, PC_ELEM_ONEOF);
	cr_assert_eq(find(&s, "ENUM_VALUE_NO_DELETE", 24)->elem, PC_ELEM_ENUM);
	cr_assert_eq(find(&s, "ENUM_VALUE_SAME_NAME", 27)->elem, PC_ELEM_ENUM_VALUE);
	cr_assert_eq(find(&s, "ENUM_VALUE_SAME_NAME", 27)->reason.len, 0);
	cr_assert_eq(find(&s, "RPC_NO_DELETE", 34)->elem, PC_ELEM_SERVICE); /* a block comment */

	/* Two IDs of one directive share its reason; each has its own column. */
	const PcSuppression *req = find(&s, "RPC_SAME_REQUEST_TYPE", 38);
	const PcSuppression *resp = find(&s, "RPC_SAME_RESPONSE_TYPE", 38);
	cr_assert_eq(req->elem, PC_ELEM_METHOD);
	cr_assert_eq(req->target, resp->target);
	cr_assert_eq(req->col, 25);
	cr_assert_eq(resp->col, 48);
	cr_assert(reason_is(resp, "all clients updated in release 7"));

	/* A deprecated ID is kept as written and resolves to the alias. */
	sp = find(&s, "FIELD_SAME_LABEL", 17);
	cr_assert_not_null(sp->rule);
	cr_assert(sp->rule->deprecated);

	/* A detached comment above `syntax` speaks for the file. */
	sp = find(&s, "FIELD_SAME_NAME", 1);
	cr_assert_eq(sp->elem, PC_ELEM_FILE);
	cr_assert_eq(sp->col, 23);
	cr_assert(strstr(sp->path, "whole.proto") != NULL);
}

Test(suppress, applies_to_the_findings_of_the_case)
{
	PcSuppressions s;
	pc_suppress_collect(&s, &new_s, &rs, &arena, &diags);
	PcChangeList changes = pc_diff(&old_s, &new_s, NULL, &arena);
	bool *enabled = PC_NEW_ARRAY(&arena, bool, rs.rules.len + 1);
	cr_assert_eq(pc_ruleset_select(&rs, PC_STR_LIT("v2"), NULL, 0, NULL, 0, enabled), 0);
	PcVec findings = {0}, suppressed = {0};
	pc_ruleset_evaluate(&rs, enabled, PC_DIR_BOTH, PC_AUDS_ALL, &changes, &findings);
	cr_assert_eq(findings.len, 17); /* buf.json has 17 lines */
	pc_suppress_apply(&s, &findings, &suppressed, &arena);
	cr_assert_eq(findings.len, 5);
	cr_assert_eq(suppressed.len, 12);
	/* Every suppression was used once, the file-wide one twice. */
	for (uint32_t i = 0; i < s.items.len; i++) {
		const PcSuppression *sp = &PC_VEC_AT(s.items, PcSuppression, i);
		cr_assert_eq(sp->hits, sp->elem == PC_ELEM_FILE ? 2u : 1u, "%.*s", (int)sp->rule_id.len,
			     sp->rule_id.ptr);
	}
	uint32_t before = diags.list.len;
	pc_suppress_check_unused(&s, &rs, enabled, &diags);
	cr_assert_eq(diags.list.len, before);
	/* What is left is what no directive names: a nested message deletion under a
	 * suppression of another rule, a json_name change, a field of a nested message. */
	for (uint32_t i = 0; i < findings.len; i++) {
		PcStr id = PC_VEC_AT(findings, PcFinding, i).rule->id;
		cr_assert(pc_str_eq_c(id, "MESSAGE_NO_DELETE") || pc_str_eq_c(id, "FIELD_SAME_JSON_NAME") ||
			  pc_str_eq_c(id, "FIELD_SAME_TYPE"));
	}
}

Test(suppress, unused_and_disabled_are_warned)
{
	PcSuppressions s;
	pc_suppress_collect(&s, &new_s, &rs, &arena, &diags);
	bool *enabled = PC_NEW_ARRAY(&arena, bool, rs.rules.len + 1);
	PcStr use[] = {PC_STR_LIT("FIELD_SAME_TYPE")};
	cr_assert_eq(pc_ruleset_select(&rs, PC_STR_LIT("v2"), use, 1, NULL, 0, enabled), 0);
	uint32_t before = diags.list.len;
	pc_suppress_check_unused(&s, &rs, enabled, &diags); /* nothing applied: all unused */
	cr_assert_eq(diags.list.len, before + 11);
	const PcDiag *first = &PC_VEC_AT(diags.list, PcDiag, before);
	cr_assert_str_eq(first->message, "suppression of FIELD_NO_DELETE matches nothing (the rule is not enabled)");
	bool plain = false;
	for (uint32_t i = before; i < diags.list.len; i++)
		plain = plain || strcmp(PC_VEC_AT(diags.list, PcDiag, i).message,
					"suppression of FIELD_SAME_TYPE matches nothing") == 0;
	cr_assert(plain);
}
