/* Unit tests of the report writers on hand-made findings: the escaping each format
 * needs (GitHub properties and data, XML text and attributes, SARIF URIs, JSON), JUnit's
 * grouping when one file's findings are not adjacent, warnings, whole-file and
 * place-less findings, SARIF rule de-duplication, GitLab fingerprints (unique in a
 * report, blind to line numbers). End-to-end goldens against buf are in
 * testdata/formats.test.sh. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static PcArena arena;

static void setup(void)
{
	pc_arena_init(&arena);
}

static void teardown(void)
{
	pc_arena_release(&arena);
}

TestSuite(report, .init = setup, .fini = teardown);

/* PC_STR_LIT is a compound literal, which a static initializer cannot hold. */
#define LIT(s) {(s), sizeof(s) - 1}

static const PcRule rule_type = {
	.id = LIT("FIELD_SAME_TYPE"),
	.categories = PC_CAT_FILE | PC_CAT_PACKAGE,
	.directions = PC_DIR_BOTH,
	.severity = PC_SEV_ERROR,
	.purpose = LIT("Checks that fields have the same types."),
	.explanation = LIT("Readers decode it wrongly."),
	.fix = LIT("Add a new field."),
};

static const PcRule rule_warn = {
	.id = LIT("MY_WARNING"),
	.categories = PC_CAT_WIRE,
	.directions = PC_DIR_FORWARD,
	.severity = PC_SEV_WARNING,
	.purpose = LIT("A user rule."),
};

static PcFinding finding(const PcRule *r, const PcFile *file, int line, int col, const char *msg)
{
	PcFinding f = {.rule = r, .direction = r->directions, .message = pc_str(msg)};
	f.pos.file = file;
	f.pos.span = line < 0 ? PC_NO_SPAN : (PcSpan){line - 1, col - 1, line - 1, col + 9};
	return f;
}

/* Prints the findings in a format; the text lives in the arena. */
static const char *render(PcFormat format, const PcFinding *items, uint32_t n)
{
	PcVec v = {0};
	for (uint32_t i = 0; i < n; i++)
		*PC_VEC_PUSH(&v, PcFinding, &arena) = items[i];
	PcReportOpts o = {.format = format, .new_label = "new", .version = "9.9"};
	FILE *out = tmpfile();
	cr_assert(out);
	pc_report_print(out, &v, &o, &arena);
	long len = ftell(out);
	char *text = pc_arena_alloc(&arena, (size_t)len + 1);
	rewind(out);
	cr_assert_eq(fread(text, 1, (size_t)len, out), (size_t)len);
	text[len] = '\0';
	fclose(out);
	return text;
}

/* s without spaces and line breaks (the JSON writer's layout), in the arena. */
static const char *squash(const char *s)
{
	char *out = pc_arena_alloc(&arena, strlen(s) + 1), *w = out;
	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			*w++ = *s;
	*w = '\0';
	return out;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

Test(report, format_names)
{
	PcFormat f;
	for (int k = PC_FORMAT_TEXT; k <= PC_FORMAT_MSVS; k++) {
		cr_assert(pc_format_parse(pc_format_name((PcFormat)k), &f));
		cr_assert_eq(f, (PcFormat)k);
	}
	cr_assert_not(pc_format_parse("xml", &f));
	cr_assert_not(pc_format_parse("SARIF", &f));
}

Test(report, github_escaping)
{
	PcFile file = {.name = PC_STR_LIT("a.proto"), .path = "we,ird:dir/100%/a.proto"};
	PcFinding f = finding(&rule_type, &file, 3, 5, "50% off, a:b\nnext\r");
	cr_assert_str_eq(render(PC_FORMAT_GITHUB, &f, 1),
			 "::error file=we%2Cird%3Adir/100%25/a.proto,line=3,col=5,endLine=3,endColumn=15,"
			 "title=FIELD_SAME_TYPE::50%25 off, a:b%0Anext%0D\n");
	PcFinding w = finding(&rule_warn, NULL, 0, 0, "gone");
	cr_assert_str_eq(render(PC_FORMAT_GITHUB, &w, 1), "::warning title=MY_WARNING::gone\n");
}

Test(report, msvs_lines)
{
	PcFile file = {.name = PC_STR_LIT("a.proto"), .path = "p/a.proto"};
	PcFinding f[] = {finding(&rule_type, &file, 3, 5, "changed."), finding(&rule_warn, NULL, 0, 0, "gone."),
			 finding(&rule_type, &file, -1, 0, "whole file.")};
	cr_assert_str_eq(render(PC_FORMAT_MSVS, f, 3),
			 "p/a.proto(3,5) : error FIELD_SAME_TYPE : changed.\n"
			 "new : warning MY_WARNING : gone.\n"
			 "p/a.proto(1,1) : error FIELD_SAME_TYPE : whole file.\n");
}

Test(report, junit_groups_and_escapes)
{
	PcFile a = {.name = PC_STR_LIT("a.proto"), .path = "x/a.proto"};
	PcFile b = {.name = PC_STR_LIT("b.proto"), .path = "x/b&c.proto"};
	PcFinding f[] = {finding(&rule_type, &a, 1, 1, "first <a> & \"q\" 'x'"),
			 finding(&rule_type, &b, 2, 2, "in b\x01"), finding(&rule_warn, &a, 3, 3, "line\nbreak")};
	const char *x = render(PC_FORMAT_JUNIT, f, 3);
	cr_assert(strstr(x, "<testsuites name=\"protocompat\" tests=\"3\" failures=\"2\" errors=\"0\">"), "%s", x);
	const char *sa = strstr(x, "<testsuite name=\"x/a\" tests=\"2\" failures=\"1\" errors=\"0\">");
	const char *sb = strstr(x, "<testsuite name=\"x/b&amp;c\" tests=\"1\" failures=\"1\" errors=\"0\">");
	cr_assert(sa && sb && sa < sb, "%s", x);
	/* a's warning sits in a's suite, before b's suite */
	const char *warn = strstr(x, "<system-out>warning: x/a.proto:3:3:line\nbreak\nbreaks forward</system-out>");
	cr_assert(warn && warn < sb, "%s", x);
	cr_assert(strstr(x, "message=\"x/a.proto:1:1:first &lt;a&gt; &amp; &#34;q&#34; &#39;x&#39;\" "
			    "type=\"FIELD_SAME_TYPE\">breaks backward and forward</failure>"),
		  "%s", x);
	cr_assert(strstr(x, "in b\xef\xbf\xbd\""), "%s", x);
	cr_assert_eq(count(x, "<testcase "), 3);
}

Test(report, sarif_rules_uris_regions)
{
	PcFile abs = {.name = PC_STR_LIT("a.proto"), .path = "/abs/pa th.proto"};
	PcFile old = {.name = PC_STR_LIT("a.proto"), .path = "old/a.proto"};
	PcFinding f[] = {finding(&rule_type, &abs, 4, 2, "one"), finding(&rule_type, &abs, -1, 0, "two"),
			 finding(&rule_warn, NULL, 0, 0, "three")};
	f[0].old_pos = (PcPos){&old, {6, 1, 6, 9}};
	f[2].old_pos = (PcPos){&old, PC_NO_SPAN};
	const char *s = render(PC_FORMAT_SARIF, f, 3);
	cr_assert_eq(count(s, "\"id\": \"FIELD_SAME_TYPE\""), 1, "%s", s);
	cr_assert_eq(count(s, "\"ruleIndex\": 0"), 2);
	cr_assert_eq(count(s, "\"ruleIndex\": 1"), 1);
	cr_assert_eq(count(s, "\"uri\": \"file:///abs/pa%20th.proto\""), 2);
	cr_assert(strstr(s, "\"version\": \"9.9\""));
	cr_assert(strstr(s, "\"text\": \"Readers decode it wrongly.\\n\\nFix: Add a new field.\""), "%s", s);
	/* the whole-file finding: 1:1 without an end */
	const char *flat = squash(s);
	cr_assert(strstr(flat, "\"text\":\"two\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
			       "{\"uri\":\"file:///abs/pa%20th.proto\"},\"region\":{\"startLine\":1,\"startColumn\":1}}}]"),
		  "%s", flat);
	/* the related (old) location of the first, 1-based */
	cr_assert(strstr(flat, "\"relatedLocations\":[{\"id\":1,\"message\":{\"text\":\"previouslyhere\"},"
			       "\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"old/a.proto\"},\"region\":"
			       "{\"startLine\":7,\"startColumn\":2,\"endLine\":7,\"endColumn\":10}}}]"),
		  "%s", flat);
	/* the place-less one: the OLD file, no region, level warning */
	const char *third = strstr(s, "\"text\": \"three\"");
	cr_assert(third && !strstr(third, "\"region\"") && strstr(third, "\"uri\": \"old/a.proto\""), "%s", s);
	cr_assert_eq(count(s, "\"level\": \"warning\""), 2); /* the rule's default and the result */
	cr_assert_eq(count(s, "\"relatedLocations\""), 1);
}

Test(report, gitlab_fingerprints)
{
	PcFile file = {.name = PC_STR_LIT("acme/a.proto"), .path = "new/acme/a.proto"};
	PcFinding f[] = {finding(&rule_type, &file, 3, 3, "same"), finding(&rule_type, &file, 3, 3, "same"),
			 finding(&rule_type, &file, 30, 1, "same")};
	const char *g = render(PC_FORMAT_GITLAB, f, 3);
	const char *p = g;
	char fp[3][33];
	for (int i = 0; i < 3; i++) {
		p = strstr(p, "\"fingerprint\": \"");
		cr_assert(p, "%s", g);
		p += strlen("\"fingerprint\": \"");
		memcpy(fp[i], p, 32);
		fp[i][32] = '\0';
	}
	cr_assert_str_neq(fp[0], fp[1]); /* a repeat within a report is made unique */
	const char *moved = render(PC_FORMAT_GITLAB, &f[2], 1);
	cr_assert(strstr(moved, fp[0]), "line numbers must not change the fingerprint: %s", moved);
	cr_assert(strstr(g, "\"severity\": \"major\""));
	cr_assert(strstr(squash(g), "\"lines\":{\"begin\":30,\"end\":30}"), "%s", g);
	PcFinding other = finding(&rule_type, &file, 3, 3, "different");
	cr_assert_not(strstr(render(PC_FORMAT_GITLAB, &other, 1), fp[0]));
}

Test(report, empty_documents)
{
	cr_assert_str_eq(render(PC_FORMAT_GITLAB, NULL, 0), "[]\n");
	cr_assert_str_eq(render(PC_FORMAT_GITHUB, NULL, 0), "");
	cr_assert_str_eq(render(PC_FORMAT_MSVS, NULL, 0), "");
	cr_assert_str_eq(render(PC_FORMAT_JUNIT, NULL, 0),
			 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<testsuites name=\"protocompat\" tests=\"0\" failures=\"0\" errors=\"0\">\n"
			 "</testsuites>\n");
	const char *s = render(PC_FORMAT_SARIF, NULL, 0);
	cr_assert(strstr(s, "\"rules\": []") && strstr(s, "\"results\": []"), "%s", s);
}
