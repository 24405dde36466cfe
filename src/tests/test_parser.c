/* Parser tests: the tree for each construct, source locations against protoc 3.21's
 * (testdata/parser/X.locs, see its README), error messages at protoc's positions,
 * recovery (several errors in one run) and the nesting cap. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "parser.h"

typedef struct Fixture {
	PcArena a;
	PcDiags d;
	PcSource src;
	PcFile *f;
} Fixture;

static PcFile *parse(Fixture *x, const char *text)
{
	pc_arena_init(&x->a);
	pc_diags_init(&x->d, &x->a);
	pc_source_init_bytes(&x->src, "t.proto", "t.proto", text, strlen(text), &x->a);
	x->f = pc_parse_file(&x->src, &x->d, &x->a);
	return x->f;
}

static const char *diag(Fixture *x, uint32_t i)
{
	static char buf[512];
	cr_assert_lt(i, x->d.list.len, "only %u diagnostics", x->d.list.len);
	PcDiag *g = &PC_VEC_AT(x->d.list, PcDiag, i);
	snprintf(buf, sizeof buf, "%d:%d: %s", g->line, g->col, g->message);
	return buf;
}

#define MSG(x, i) PC_VEC_AT((x)->f->messages, PcMessage *, i)
#define FIELD(m, i) PC_VEC_AT((m)->fields, PcField *, i)

Test(parser, map_group_and_synthetic_oneofs)
{
	Fixture x;
	parse(&x, "syntax = \"proto3\";\nmessage M {\n  map<string, int32> foo_bar = 1;\n"
		  "  optional int32 a = 2;\n  int32 _a = 3;\n  optional int32 _a2 = 4;\n  oneof real { int32 r = 5; }\n}\n");
	cr_assert_eq(x.d.errors, 0, "%s", x.d.list.len ? diag(&x, 0) : "");
	PcMessage *m = MSG(&x, 0);
	PcMessage *e = PC_VEC_AT(m->nested, PcMessage *, 0);
	cr_assert(pc_str_eq_c(e->name, "FooBarEntry"));
	cr_assert(e->is_map_entry);
	cr_assert_eq(FIELD(e, 0)->type, PC_TYPE_STRING);
	cr_assert_eq(FIELD(e, 1)->number, 2);
	cr_assert_eq(FIELD(m, 0)->label, PC_LABEL_REPEATED);
	cr_assert(pc_str_eq_c(FIELD(m, 0)->type_name, "FooBarEntry"));
	cr_assert_eq(m->oneofs.len, 3);
	cr_assert(pc_str_eq_c(PC_VEC_AT(m->oneofs, PcOneof *, 0)->name, "real"));
	/* "_a" is taken by a field, so protoc prepends X; "_a2" keeps its underscore and
	 * then collides with its own field */
	cr_assert(pc_str_eq_c(PC_VEC_AT(m->oneofs, PcOneof *, 1)->name, "X_a"));
	cr_assert(pc_str_eq_c(PC_VEC_AT(m->oneofs, PcOneof *, 2)->name, "X_a2"));
	cr_assert_eq(FIELD(m, 1)->oneof_index, 1);
	cr_assert(FIELD(m, 1)->proto3_optional);
	cr_assert_eq(FIELD(m, 4)->oneof_index, 0);
	pc_arena_release(&x.a);
}

Test(parser, groups_defaults_json_names_and_ranges)
{
	Fixture x;
	parse(&x, "message M {\n  optional group Result = 1 { required string url = 2; }\n"
		  "  optional double d = 3 [default = -inf, json_name = \"dd\", deprecated = true];\n"
		  "  extensions 100 to max;\n  reserved 5, 8 to 10, \"x\";\n}\n"
		  "message S { option message_set_wire_format = true; extensions 4 to max; }\n");
	PcMessage *m = MSG(&x, 0);
	cr_assert_eq(x.d.errors, 1); /* strings and numbers can't mix in one reserved */
	PcField *g = FIELD(m, 0);
	cr_assert(pc_str_eq_c(g->name, "result"));
	cr_assert_eq(g->type, PC_TYPE_GROUP);
	cr_assert(pc_str_eq_c(g->type_name, "Result"));
	cr_assert(pc_str_eq_c(PC_VEC_AT(m->nested, PcMessage *, 0)->name, "Result"));
	PcField *d = FIELD(m, 1);
	cr_assert(d->has_default && pc_field_x(d)->default_literal->negative);
	cr_assert(pc_str_eq_c(pc_field_x(d)->default_value, "-inf"));
	cr_assert(d->has_json_name && pc_str_eq_c(d->json_name, "dd"));
	cr_assert_eq(d->opts.list.len, 1);
	cr_assert_eq(PC_VEC_AT(m->ext_ranges, PcRange, 0).end, 536870912);
	cr_assert_eq(PC_VEC_AT(MSG(&x, 1)->ext_ranges, PcRange, 0).end, 2147483647);
	cr_assert_eq(PC_VEC_AT(m->reserved_ranges, PcRange, 1).end, 11);
	pc_arena_release(&x.a);
}

Test(parser, options_and_aggregates)
{
	Fixture x;
	parse(&x, "syntax = \"proto3\";\noption (a.b).c = \"x\" 'y';\noption (.p.q) = { f: 1 g { h: -2 } "
		  "l: [1, 2] [ext.e]: nan [type.googleapis.com/p.Any] < v: 'z' >; };\n");
	cr_assert_eq(x.d.errors, 0, "%s", x.d.list.len ? diag(&x, 0) : "");
	PcOption *o = &PC_VEC_AT(x.f->opts.list, PcOption, 0);
	cr_assert_eq(o->parts.len, 2);
	cr_assert(PC_VEC_AT(o->parts, PcOptionNamePart, 0).is_extension);
	cr_assert(pc_str_eq_c(PC_VEC_AT(o->parts, PcOptionNamePart, 0).name, "a.b"));
	cr_assert(pc_str_eq_c(o->value.s, "xy"));
	o = &PC_VEC_AT(x.f->opts.list, PcOption, 1);
	cr_assert(pc_str_eq_c(PC_VEC_AT(o->parts, PcOptionNamePart, 0).name, ".p.q"));
	cr_assert_eq(o->value.kind, PC_VAL_AGGREGATE);
	cr_assert_eq(o->value.fields.len, 5);
	PcAggField *g = &PC_VEC_AT(o->value.fields, PcAggField, 1);
	cr_assert_eq(g->value.kind, PC_VAL_AGGREGATE);
	cr_assert_eq(PC_VEC_AT(g->value.fields, PcAggField, 0).value.i, -2);
	cr_assert_eq(PC_VEC_AT(o->value.fields, PcAggField, 2).value.items.len, 2);
	cr_assert(PC_VEC_AT(o->value.fields, PcAggField, 3).is_extension);
	cr_assert(PC_VEC_AT(o->value.fields, PcAggField, 4).is_any);
	cr_assert(pc_str_eq_c(PC_VEC_AT(o->value.fields, PcAggField, 4).name, "type.googleapis.com/p.Any"));
	pc_arena_release(&x.a);
}

Test(parser, services_imports_and_contextual_keywords)
{
	Fixture x;
	parse(&x, "syntax = \"proto3\";\npackage a . b;\nimport public \"x.proto\";\nimport weak \"y.proto\";\n"
		  "message message { int32 option = 1; map map = 2; optional optional optional = 3; }\n"
		  "service S { rpc F(stream .a.b.message) returns (message) {} ; rpc G(message) returns (stream message); }\n");
	cr_assert_eq(x.d.errors, 0, "%s", x.d.list.len ? diag(&x, 0) : "");
	cr_assert(pc_str_eq_c(x.f->package, "a.b"));
	cr_assert(PC_VEC_AT(x.f->imports, PcImport, 0).is_public);
	cr_assert(PC_VEC_AT(x.f->imports, PcImport, 1).is_weak);
	PcMessage *m = MSG(&x, 0);
	cr_assert(pc_str_eq_c(FIELD(m, 1)->type_name, "map"));
	cr_assert(pc_str_eq_c(FIELD(m, 2)->type_name, "optional"));
	PcService *s = PC_VEC_AT(x.f->services, PcService *, 0);
	PcMethod *f = PC_VEC_AT(s->methods, PcMethod *, 0);
	cr_assert(f->client_streaming && !f->server_streaming);
	cr_assert(pc_str_eq_c(f->input_type, ".a.b.message"));
	cr_assert(PC_VEC_AT(s->methods, PcMethod *, 1)->server_streaming);
	pc_arena_release(&x.a);
}

Test(parser, editions)
{
	Fixture x;
	parse(&x, "edition = \"2024\";\nexport message M { reserved foo, bar; int32 x = 1; }\nlocal enum E { A = 0; }\n");
	cr_assert_eq(x.d.errors, 0, "%s", x.d.list.len ? diag(&x, 0) : "");
	cr_assert_eq(x.f->syntax, PC_SYNTAX_EDITIONS);
	cr_assert_eq(x.f->edition, PC_EDITION_2024);
	cr_assert_eq(MSG(&x, 0)->visibility, PC_VIS_EXPORT);
	cr_assert_eq(MSG(&x, 0)->reserved_names.len, 2);
	cr_assert_eq(PC_VEC_AT(x.f->enums, PcEnum *, 0)->visibility, PC_VIS_LOCAL);
	pc_arena_release(&x.a);
}

/* Positions and wording checked against protoc 3.21 on the same inputs. */
Test(parser, errors_recover_and_report_at_protoc_positions)
{
	Fixture x;
	parse(&x, "syntax = \"proto2\";\nmessage A {\n  optional int32 x = 1 [default = -];\n  foo bar baz;\n"
		  "  optional int32 y = 2;\n}\n}\nmessage B { optional int32 z = 1 }\n");
	cr_assert(x.f->parse_failed);
	cr_assert_eq(x.d.errors, 6);
	cr_assert_str_eq(diag(&x, 0), "3:36: expected integer for field default value, found ']'");
	cr_assert_str_eq(diag(&x, 1), "4:3: expected 'required', 'optional' or 'repeated' (proto2 fields need a label)");
	cr_assert_str_eq(diag(&x, 2), "4:11: missing field number (expected '=', found 'baz')");
	cr_assert_str_eq(diag(&x, 3), "7:1: expected top-level statement (e.g. 'message'), found '}'");
	cr_assert_str_eq(diag(&x, 4), "7:1: unmatched '}'");
	cr_assert_str_eq(diag(&x, 5), "8:34: expected ';' after field declaration, found '}'");
	pc_arena_release(&x.a);
}

Test(parser, more_errors)
{
	Fixture x;
	parse(&x, "syntax = \"proto3\";\nmessage A { oneof o { optional int32 a = 1; map<int32,int32> m = 2; } }\n"
		  "message B { required int32 r = 1; group G = 2 {} }\n");
	cr_assert_str_eq(diag(&x, 0), "2:23: fields in oneofs must not have labels (required / optional / repeated)");
	cr_assert_str_eq(diag(&x, 1), "2:48: map fields are not allowed in oneofs");
	cr_assert_str_eq(diag(&x, 2), "3:22: required fields are not allowed in proto3");
	cr_assert_str_eq(diag(&x, 3), "3:35: groups are not supported in proto3");
	pc_arena_release(&x.a);
	parse(&x, "syntax = \"proto4\";\nmessage A {}\n");
	cr_assert_str_eq(diag(&x, 0), "1:10: unrecognized syntax identifier \"proto4\" (expected \"proto2\" or \"proto3\")");
	pc_arena_release(&x.a);
	parse(&x, "syntax = \"proto3\";\nmessage A {\n  int32 x = 1;\n");
	cr_assert_str_eq(diag(&x, 0), "4:1: expected '}' to close '{' at line 2, found end of file");
	pc_arena_release(&x.a);
}

Test(parser, depth_cap)
{
	Fixture x;
	enum { N = 5000 };
	static char buf[N * 16 + 64];
	size_t n = 0;
	for (int i = 0; i < N; i++)
		n += (size_t)sprintf(buf + n, "message M%d {", i % 10);
	for (int i = 0; i < N; i++)
		buf[n++] = '}';
	n += (size_t)sprintf(buf + n, "\noption (x) = ");
	for (int i = 0; i < N; i++)
		n += (size_t)sprintf(buf + n, "{a");
	buf[n] = '\0';
	parse(&x, buf);
	cr_assert(x.f->parse_failed);
	cr_assert(strstr(diag(&x, 0), "nested too deeply") != NULL, "%s", diag(&x, 0));
	pc_arena_release(&x.a);
}

/* Our locations in the normalised form of testdata/parser/README.md. */
static void escape(FILE *out, PcStr s)
{
	fputc('"', out);
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (c == '\n')
			fputs("\\n", out);
		else if (c == '"' || c == '\'' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static char *dump_locations(const PcFile *f, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	for (uint32_t k = 0; k < f->locations.len; k++) {
		PcLocation *l = &PC_VEC_AT(f->locations, PcLocation, k);
		int opt = -1;
		bool skip = false;
		for (uint32_t j = 0; j < l->path_len; j++)
			if (l->path[j] == 999) {
				skip = l->path_len > j + 2;
				opt = (int)j;
				break;
			}
		if (skip)
			continue;
		fputs("P=", out);
		for (uint32_t j = 0; j < l->path_len; j++) {
			if (opt == (int)j) {
				fputs("OPT,", out);
				break;
			}
			fprintf(out, "%d,", l->path[j]);
		}
		fprintf(out, " S=%d,%d,", l->span.line, l->span.col);
		if (l->span.line != l->span.end_line)
			fprintf(out, "%d,", l->span.end_line);
		fprintf(out, "%d", l->span.end_col);
		static const PcComments none;
		const PcComments *cm = l->comments ? l->comments : &none;
		if (cm->leading.len) {
			fputs(" L=", out);
			escape(out, cm->leading);
		}
		if (cm->trailing.len) {
			fputs(" T=", out);
			escape(out, cm->trailing);
		}
		for (uint32_t j = 0; j < cm->detached.len; j++) {
			fputs(" D=", out);
			escape(out, PC_VEC_AT(cm->detached, PcStr, j));
		}
		fputc('\n', out);
	}
	fclose(out);
	return text;
}

static void check_golden(const char *name)
{
	char path[1024];
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcSource src, want;
	snprintf(path, sizeof path, "%s/testdata/parser/%s.proto", PC_SOURCE_DIR, name);
	cr_assert_eq(pc_source_load(&src, path, name, &a), 0, "%s", path);
	snprintf(path, sizeof path, "%s/testdata/parser/%s.locs", PC_SOURCE_DIR, name);
	cr_assert_eq(pc_source_load(&want, path, name, &a), 0, "%s", path);
	PcFile *f = pc_parse_file(&src, &d, &a);
	cr_assert_eq(d.errors, 0);
	cr_assert(f->has_source_info);
	size_t len;
	char *text = dump_locations(f, &len);
	const char *got = text;
	for (uint32_t i = 0; i < want.nlines; i++) {
		PcStr w = pc_source_line(&want, i);
		if (!w.len)
			continue;
		char *nl = strchr(got, '\n');
		cr_assert(nl != NULL, "%s: missing location %u: %.*s", name, i, (int)w.len, w.ptr);
		cr_assert((size_t)(nl - got) == w.len && memcmp(got, w.ptr, w.len) == 0,
			  "%s: location %u\n want %.*s\n got  %.*s", name, i, (int)w.len, w.ptr, (int)(nl - got), got);
		got = nl + 1;
	}
	cr_assert_eq(*got, '\0', "%s: extra locations: %s", name, got);
	free(text); /* open_memstream's buffer */
	pc_arena_release(&a);
}

Test(parser, locations_match_protoc_basic3) { check_golden("basic3"); }
Test(parser, locations_match_protoc_proto2) { check_golden("proto2"); }
Test(parser, locations_match_protoc_comments) { check_golden("comments"); }
