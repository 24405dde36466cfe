/* Loader and resolver tests: small .proto trees written to a temporary directory,
 * loaded with pc_schema_load, then checked for resolved names, json names, labels,
 * defaults and for each error message with its position. Expected positions and
 * defaults come from protoc 3.21 runs on the same text (the command is
 * `protoc -I. -o /dev/null FILE`, or `--decode` of the set for defaults). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"

typedef struct Fx {
	PcArena arena;
	PcDiags diags;
	PcSchema s;
	char dir[64];
	int rc;
} Fx;

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	for (char *p = path + strlen(dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	FILE *f = fopen(path, "w");
	cr_assert(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* files: name, text pairs, NULL-terminated; the first one is the input. */
static Fx *load(const char *const *files)
{
	static Fx fx;
	pc_arena_init(&fx.arena);
	pc_diags_init(&fx.diags, &fx.arena);
	pc_schema_init(&fx.s, &fx.arena, &fx.diags);
	strcpy(fx.dir, "/tmp/pc_resolve_XXXXXX");
	cr_assert(mkdtemp(fx.dir));
	for (int i = 0; files[i]; i += 2)
		write_file(fx.dir, files[i], files[i + 1]);
	char input[512];
	snprintf(input, sizeof input, "%s/%s", fx.dir, files[0]);
	const char *inc[] = {fx.dir};
	PcLoadConfig cfg = {.import_paths = inc, .nimport_paths = 1};
	const char *inputs[] = {input};
	fx.rc = pc_schema_load(&fx.s, &cfg, inputs, 1);
	return &fx;
}

static Fx *load1(const char *text)
{
	const char *files[] = {"t.proto", text, NULL};
	return load(files);
}

/* The first error as "name:line:col: message", the path shown relative to the dir. */
static const char *first_error(Fx *fx)
{
	static char buf[1024];
	for (uint32_t i = 0; i < fx->diags.list.len; i++) {
		const PcDiag *d = &PC_VEC_AT(fx->diags.list, PcDiag, i);
		if (d->severity != PC_SEV_ERROR)
			continue;
		const char *p = d->path ? d->path : "";
		size_t dl = strlen(fx->dir);
		if (strncmp(p, fx->dir, dl) == 0 && p[dl] == '/')
			p += dl + 1;
		snprintf(buf, sizeof buf, "%s:%d:%d: %s", p, d->line, d->col, d->message);
		return buf;
	}
	return "(no error)";
}

static void done(Fx *fx)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", fx->dir);
	cr_assert_eq(system(cmd), 0);
	pc_arena_release(&fx->arena);
}

static void *lookup(Fx *fx, const char *name, PcSymKind want)
{
	void *e;
	PcSymKind k = pc_schema_lookup(&fx->s, pc_str(name), &e);
	cr_assert_eq(k, want, "lookup of %s: kind %d", name, k);
	return e;
}

static void expect_error(const char *text, const char *want)
{
	Fx *fx = load1(text);
	cr_expect_eq(fx->rc, 3);
	cr_expect_str_eq(first_error(fx), want);
	done(fx);
}

static bool str_is(PcStr s, const char *c)
{
	return pc_str_eq_c(s, c);
}

/* ---- names and scoping ---- */

Test(resolve, full_names_and_types)
{
	Fx *fx = load1("syntax = \"proto3\";\n"
		       "package a.b;\n"
		       "message Outer {\n"
		       "  message Inner { int32 x = 1; }\n"
		       "  enum Kind { K0 = 0; }\n"
		       "  Inner inner = 1;\n"
		       "  Kind kind = 2;\n"
		       "  map<string, Inner> m = 3;\n"
		       "  optional int32 opt = 4;\n"
		       "}\n"
		       "service S { rpc Call(Outer) returns (Outer.Inner); }\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcMessage *outer = lookup(fx, "a.b.Outer", PC_SYM_MESSAGE);
	lookup(fx, "a.b.Outer.Inner", PC_SYM_MESSAGE);
	lookup(fx, "a.b.Outer.K0", PC_SYM_ENUM_VALUE); /* C++ scoping: sibling of the enum */
	lookup(fx, "a", PC_SYM_PACKAGE);
	lookup(fx, "a.b.S.Call", PC_SYM_METHOD);
	PcField *inner = PC_VEC_AT(outer->fields, PcField *, 0);
	cr_expect_eq(inner->type, PC_TYPE_MESSAGE);
	cr_expect(str_is(inner->type_name, ".a.b.Outer.Inner"));
	cr_expect_eq(inner->label, PC_LABEL_OPTIONAL);
	PcField *kind = PC_VEC_AT(outer->fields, PcField *, 1);
	cr_expect_eq(kind->type, PC_TYPE_ENUM);
	cr_expect(str_is(kind->type_name, ".a.b.Outer.Kind"));
	PcField *m = PC_VEC_AT(outer->fields, PcField *, 2);
	cr_expect_eq(m->label, PC_LABEL_REPEATED);
	cr_expect(str_is(m->type_name, ".a.b.Outer.MEntry"));
	PcMethod *call = lookup(fx, "a.b.S.Call", PC_SYM_METHOD);
	cr_expect(str_is(call->input_type, ".a.b.Outer"));
	cr_expect(str_is(call->output_type, ".a.b.Outer.Inner"));
	/* proto3 singular fields: implicit presence; `optional` and messages: explicit. */
	cr_expect_eq(PC_VEC_AT(outer->fields, PcField *, 3)->features.field_presence, 1);
	cr_expect_eq(kind->features.field_presence, 2);
	cr_expect_eq(inner->features.field_presence, 1);
	done(fx);
}

Test(resolve, innermost_scope_first)
{
	/* protoc: "b.M" inside package a.b resolves from a.b.b first, so it fails. */
	expect_error("syntax = \"proto2\";\n"
		     "package a.b;\n"
		     "message b {\n"
		     "  optional b.M f = 1;\n"
		     "}\n"
		     "message M {}\n",
		     "t.proto:4:12: \"b.M\" is resolved to \"a.b.b.M\", which is not defined; the innermost scope "
		     "is searched first, so use a leading '.' (\".b.M\") to start from the outermost scope");
}

Test(resolve, types_skip_fields)
{
	/* A field named like the type is skipped for a type lookup: "a" is not defined. */
	expect_error("syntax = \"proto2\";\n"
		     "message M {\n"
		     "  optional int32 a = 1;\n"
		     "  optional a b = 2;\n"
		     "}\n",
		     "t.proto:4:12: \"a\" is not defined");
}

Test(resolve, outer_scopes_and_absolute)
{
	Fx *fx = load1("syntax = \"proto2\";\n"
		       "package x.y;\n"
		       "message T { optional int32 v = 1; }\n"
		       "message A {\n"
		       "  message T { optional int32 w = 1; }\n"
		       "  message B {\n"
		       "    optional T near = 1;\n"
		       "    optional .x.y.T far = 2;\n"
		       "    optional y.T rel = 3;\n"
		       "  }\n"
		       "}\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcMessage *b = lookup(fx, "x.y.A.B", PC_SYM_MESSAGE);
	cr_expect(str_is(PC_VEC_AT(b->fields, PcField *, 0)->type_name, ".x.y.A.T"));
	cr_expect(str_is(PC_VEC_AT(b->fields, PcField *, 1)->type_name, ".x.y.T"));
	cr_expect(str_is(PC_VEC_AT(b->fields, PcField *, 2)->type_name, ".x.y.T"));
	done(fx);
}

Test(resolve, undefined_type)
{
	expect_error("syntax = \"proto2\";\npackage p;\nmessage M {\n  optional Foo f = 1;\n}\n",
		     "t.proto:4:12: \"Foo\" is not defined");
}

Test(resolve, not_imported)
{
	const char *files[] = {"a.proto", "syntax = \"proto2\";\nimport \"b.proto\";\nmessage A { optional C c = 1; }\n",
			       "b.proto", "syntax = \"proto2\";\nimport \"c.proto\";\n",
			       "c.proto", "syntax = \"proto2\";\nmessage C {}\n", NULL};
	Fx *fx = load(files);
	cr_expect_eq(fx->rc, 3);
	cr_expect_str_eq(first_error(fx), "a.proto:3:22: \"C\" seems to be defined in \"c.proto\", which is not "
					  "imported by \"a.proto\"; add the import to use it here");
	done(fx);
}

Test(resolve, public_imports_are_transitive)
{
	const char *files[] = {"a.proto", "syntax = \"proto2\";\nimport \"b.proto\";\nmessage A { optional C c = 1; }\n",
			       "b.proto", "syntax = \"proto2\";\nimport public \"c.proto\";\n",
			       "c.proto", "syntax = \"proto2\";\nimport public \"d.proto\";\n",
			       "d.proto", "syntax = \"proto2\";\nmessage C {}\n", NULL};
	Fx *fx = load(files);
	cr_expect_eq(fx->rc, 0, "%s", first_error(fx));
	/* dependencies first: d, c, b, a */
	cr_assert_eq(fx->s.files.len, 4);
	cr_expect(str_is(PC_VEC_AT(fx->s.files, PcFile *, 0)->name, "d.proto"));
	cr_expect(str_is(PC_VEC_AT(fx->s.files, PcFile *, 3)->name, "a.proto"));
	cr_expect_eq(fx->s.inputs.len, 1);
	done(fx);
}

/* ---- loader errors ---- */

Test(load, missing_import)
{
	/* protoc: missing.proto:2:1: Import "nothere.proto" was not found or had errors.
	 * Ours names the roots searched (here the fixture's temporary directory). */
	Fx *fx = load1("syntax = \"proto2\";\nimport \"nothere.proto\";\n");
	cr_expect_eq(fx->rc, 3);
	const char *e = first_error(fx);
	const char *head = "t.proto:2:1: import \"nothere.proto\" was not found (searched \"";
	const char *tail = "\" and the built-in well-known types)";
	cr_expect(strncmp(e, head, strlen(head)) == 0, "%s", e);
	cr_expect(strlen(e) > strlen(tail) && strcmp(e + strlen(e) - strlen(tail), tail) == 0, "%s", e);
	done(fx);
}

Test(load, import_cycle)
{
	const char *files[] = {"a.proto", "syntax = \"proto2\";\nimport \"b.proto\";\n",
			       "b.proto", "syntax = \"proto2\";\nimport \"a.proto\";\n", NULL};
	Fx *fx = load(files);
	cr_expect_eq(fx->rc, 3);
	/* protoc: a.proto:2:1: File recursively imports itself: a.proto -> b.proto -> a.proto */
	cr_expect_str_eq(first_error(fx), "a.proto:2:1: import cycle: \"a.proto\" -> \"b.proto\" -> \"a.proto\"");
	done(fx);
}

Test(load, self_import)
{
	/* protoc: s.proto:2:1: File recursively imports itself: s.proto -> s.proto */
	expect_error("syntax = \"proto2\";\nimport \"t.proto\";\n", "t.proto:2:1: \"t.proto\" imports itself");
}

Test(load, wkt_without_include_path)
{
	Fx *fx = load1("syntax = \"proto3\";\nimport \"google/protobuf/timestamp.proto\";\n"
		       "message M { google.protobuf.Timestamp t = 1; }\n");
	cr_expect_eq(fx->rc, 0, "%s", first_error(fx));
	cr_expect_eq(fx->s.files.len, 2);
	done(fx);
}

Test(load, descriptor_not_in_files_unless_imported)
{
	Fx *fx = load1("syntax = \"proto3\";\noption java_package = \"x\";\nmessage M {}\n");
	cr_expect_eq(fx->rc, 0, "%s", first_error(fx));
	cr_expect_eq(fx->s.files.len, 1);
	done(fx);
}

Test(load, directory_input)
{
	PcArena a;
	PcDiags d;
	PcSchema s;
	pc_arena_init(&a);
	pc_diags_init(&d, &a);
	pc_schema_init(&s, &a, &d);
	char dir[] = "/tmp/pc_resolve_dir_XXXXXX";
	cr_assert(mkdtemp(dir));
	write_file(dir, "z.proto", "syntax = \"proto3\";\nimport \"sub/a.proto\";\nmessage Z { A a = 1; }\n");
	write_file(dir, "sub/a.proto", "syntax = \"proto3\";\nmessage A {}\n");
	const char *inputs[] = {dir};
	PcLoadConfig cfg = {0};
	cr_expect_eq(pc_schema_load(&s, &cfg, inputs, 1), 0);
	cr_assert_eq(s.inputs.len, 2);
	/* sorted: "sub" < "z.proto" */
	cr_expect(str_is(PC_VEC_AT(s.inputs, PcFile *, 0)->name, "sub/a.proto"));
	cr_expect(str_is(PC_VEC_AT(s.inputs, PcFile *, 1)->name, "z.proto"));
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	pc_arena_release(&a);
}

/* ---- json names and defaults ---- */

Test(resolve, json_names)
{
	Fx *fx = load1("syntax = \"proto2\";\nmessage M {\n"
		       "  optional int32 foo_bar = 1;\n"
		       "  optional int32 _x__y_ = 2;\n"
		       "  optional int32 a_1b = 3;\n"
		       "  optional int32 named = 4 [json_name = \"Custom\"];\n"
		       "}\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcMessage *m = lookup(fx, "M", PC_SYM_MESSAGE);
	/* protoc 3.21: fooBar, XY, a1b, Custom */
	cr_expect(str_is(PC_VEC_AT(m->fields, PcField *, 0)->json_name, "fooBar"));
	cr_expect(str_is(PC_VEC_AT(m->fields, PcField *, 1)->json_name, "XY"));
	cr_expect(str_is(PC_VEC_AT(m->fields, PcField *, 2)->json_name, "a1b"));
	cr_expect(str_is(PC_VEC_AT(m->fields, PcField *, 3)->json_name, "Custom"));
	done(fx);
}

Test(resolve, default_values)
{
	Fx *fx = load1("syntax = \"proto2\";\nenum E { A = 0; B = 1; }\nmessage M {\n"
		       "  optional int32 x = 1 [default = 0x10];\n"
		       "  optional double y = 2 [default = -nan];\n"
		       "  optional float z = 3 [default = 1.1];\n"
		       "  optional bytes b = 4 [default = \"a\\001\\n\\x80'\\\"z\"];\n"
		       "  optional double e = 5 [default = 1e30];\n"
		       "  optional double g = 6 [default = 0.1];\n"
		       "  optional float h = 7 [default = 3.4e38];\n"
		       "  optional int64 i = 8 [default = -0];\n"
		       "  optional E en = 9 [default = B];\n"
		       "  optional string s = 10 [default = \"\\n\"];\n"
		       "  optional double inf = 11 [default = -inf];\n"
		       "  optional float f2 = 12 [default = 0.3];\n"
		       "}\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcMessage *m = lookup(fx, "M", PC_SYM_MESSAGE);
	/* From protoc 3.21's descriptor set of the same text. */
	const char *want[] = {"16", "nan", "1.1", "a\\001\\n\\200\\'\\\"z", "1e+30", "0.1", "3.4e+38", "0", "B",
			      "\n", "-inf", "0.3"};
	for (uint32_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		cr_expect(str_is(pc_field_x(fd)->default_value, want[i]), "field %s: got \"%.*s\" want \"%s\"", fd->name.ptr,
			  (int)pc_field_x(fd)->default_value.len, pc_field_x(fd)->default_value.ptr, want[i]);
	}
	done(fx);
}

/* ---- errors, positions as protoc 3.21 reports them ---- */

Test(errors, duplicate_symbol)
{
	expect_error("syntax = \"proto2\";\npackage p;\nmessage M {}\nenum M { A = 0; }\n",
		     "t.proto:4:6: \"M\" is already defined in \"p\"");
}

Test(errors, duplicate_field_number)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  optional int32 a = 1;\n  optional int32 b = 1;\n}\n",
		     "t.proto:4:22: field number 1 has already been used in \"M\" by field \"a\"");
}

Test(errors, reserved_number)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  reserved 2 to 5;\n  optional int32 a = 3;\n}\n",
		     "t.proto:4:22: field \"a\" uses reserved number 3");
}

Test(errors, reserved_name)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  reserved \"a\";\n  optional int32 a = 3;\n}\n",
		     "t.proto:4:18: field name \"a\" is reserved");
}

Test(errors, proto3_required)
{
	expect_error("syntax = \"proto3\";\nmessage M {\n  required int32 a = 3;\n}\n",
		     "t.proto:3:12: required fields are not allowed in proto3");
}

Test(errors, proto3_first_enum_value)
{
	expect_error("syntax = \"proto3\";\nenum E {\n  A = 1;\n}\n",
		     "t.proto:3:7: the first enum value must be zero in proto3");
}

Test(errors, enum_alias)
{
	expect_error("syntax = \"proto2\";\nenum E {\n  A = 1;\n  B = 1;\n}\n",
		     "t.proto:4:7: \"B\" uses the same enum value as \"A\"; set \"option allow_alias = true;\" on the "
		     "enum if this is intended");
}

Test(errors, extension_out_of_range)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  extensions 10 to 20;\n}\nextend M {\n"
		     "  optional int32 x = 5;\n}\n",
		     "t.proto:6:22: \"M\" does not declare 5 as an extension number");
}

Test(errors, map_key)
{
	expect_error("syntax = \"proto3\";\nmessage M {\n  map<double, string> m = 1;\n}\n",
		     "t.proto:3:3: key in map fields cannot be float/double, bytes or message types");
}

Test(errors, reserved_implementation_numbers)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  optional int32 a = 19000;\n}\n",
		     "t.proto:3:22: field numbers 19000 through 19999 are reserved for the protocol buffer "
		     "library implementation");
}

Test(errors, number_too_large)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  optional int32 a = 536870912;\n}\n",
		     "t.proto:3:22: field numbers cannot be greater than 536870911");
}

Test(errors, json_conflict)
{
	expect_error("syntax = \"proto3\";\nmessage M {\n  int32 foo_bar = 1;\n  int32 FooBar = 2;\n}\n",
		     "t.proto:4:9: the JSON camel-case name of field \"FooBar\" conflicts with field \"foo_bar\"; "
		     "this is not allowed in proto3");
}

Test(errors, proto3_default)
{
	expect_error("syntax = \"proto3\";\nmessage M {\n  int32 a = 1 [default = 5];\n}\n",
		     "t.proto:3:26: explicit default values are not allowed in proto3");
}

Test(errors, proto3_extension_range)
{
	expect_error("syntax = \"proto3\";\nmessage M {\n  extensions 1 to 5;\n}\n",
		     "t.proto:3:14: extension ranges are not allowed in proto3");
}

Test(errors, extension_range_includes_field)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  extensions 1 to 10;\n  optional int32 a = 5;\n}\n",
		     "t.proto:3:14: extension range 1 to 10 includes field \"a\" (5)");
}

Test(errors, enum_default_unknown)
{
	expect_error("syntax = \"proto2\";\nenum E { A = 0; }\nmessage M {\n  optional E e = 1 [default = B];\n}\n",
		     "t.proto:4:31: enum type \"E\" has no value named \"B\"");
}

Test(errors, proto2_enum_in_proto3)
{
	const char *files[] = {"a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\nmessage M {\n  E e = 1;\n}\n",
			       "b.proto", "syntax = \"proto2\";\nenum E { A = 0; }\n", NULL};
	Fx *fx = load(files);
	cr_expect_eq(fx->rc, 3);
	cr_expect_str_eq(first_error(fx), "a.proto:4:3: enum type \"E\" is not a proto3 enum, but is used in \"M\" "
					  "which is a proto3 message type");
	done(fx);
}

Test(errors, field_number_zero)
{
	expect_error("syntax = \"proto2\";\nmessage M {\n  optional int32 a = 0;\n}\n",
		     "t.proto:3:22: field numbers must be positive integers");
}

/* ---- features ---- */

Test(features, proto2_and_proto3_implied)
{
	const char *files[] = {"a.proto",
			       "syntax = \"proto3\";\nimport \"b.proto\";\nenum E3 { Z = 0; }\nmessage M3 {\n"
			       "  int32 i = 1;\n  repeated int32 r = 2;\n  repeated int32 u = 3 [packed = false];\n"
			       "  optional int32 o = 4;\n  repeated string rs = 5;\n  oneof k { int32 x = 6; }\n}\n",
			       "b.proto",
			       "syntax = \"proto2\";\nenum E2 { A = 0; }\nmessage M2 {\n  optional int32 i = 1;\n"
			       "  required int32 q = 2;\n  repeated int32 r = 3;\n  repeated int32 p = 4 [packed = true];\n"
			       "  optional group G = 5 { optional int32 x = 6; }\n}\n",
			       NULL};
	Fx *fx = load(files);
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcEnum *e3 = lookup(fx, "E3", PC_SYM_ENUM), *e2 = lookup(fx, "E2", PC_SYM_ENUM);
	cr_expect_eq(e3->features.enum_type, 1); /* OPEN */
	cr_expect_eq(e2->features.enum_type, 2); /* CLOSED */
	PcMessage *m3 = lookup(fx, "M3", PC_SYM_MESSAGE);
	cr_expect_eq(PC_VEC_AT(m3->fields, PcField *, 0)->features.field_presence, 2); /* IMPLICIT */
	cr_expect_eq(PC_VEC_AT(m3->fields, PcField *, 1)->features.repeated_field_encoding, 1); /* PACKED */
	cr_expect_eq(PC_VEC_AT(m3->fields, PcField *, 2)->features.repeated_field_encoding, 2); /* EXPANDED */
	cr_expect_eq(PC_VEC_AT(m3->fields, PcField *, 3)->features.field_presence, 1); /* optional: EXPLICIT */
	cr_expect_eq(PC_VEC_AT(m3->fields, PcField *, 4)->features.repeated_field_encoding, 2); /* strings */
	cr_expect_eq(PC_VEC_AT(m3->fields, PcField *, 5)->features.field_presence, 1); /* oneof member */
	cr_expect_eq(m3->features.utf8_validation, 2); /* VERIFY */
	PcMessage *m2 = lookup(fx, "M2", PC_SYM_MESSAGE);
	cr_expect_eq(PC_VEC_AT(m2->fields, PcField *, 0)->features.field_presence, 1);
	cr_expect_eq(PC_VEC_AT(m2->fields, PcField *, 1)->features.field_presence, 3); /* LEGACY_REQUIRED */
	cr_expect_eq(PC_VEC_AT(m2->fields, PcField *, 2)->features.repeated_field_encoding, 2);
	cr_expect_eq(PC_VEC_AT(m2->fields, PcField *, 3)->features.repeated_field_encoding, 1);
	cr_expect_eq(PC_VEC_AT(m2->fields, PcField *, 4)->features.message_encoding, 2); /* DELIMITED */
	cr_expect_eq(m2->features.utf8_validation, 3); /* NONE */
	cr_expect_eq(m2->features.json_format, 2); /* LEGACY_BEST_EFFORT */
	done(fx);
}

Test(features, editions_inheritance)
{
	Fx *fx = load1("edition = \"2023\";\noption features.field_presence = IMPLICIT;\n"
		       "option features.utf8_validation = NONE;\n"
		       "message M {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  int32 a = 1;\n"
		       "  int32 b = 2 [features.field_presence = EXPLICIT];\n  string s = 3;\n"
		       "  message N { string t = 1; }\n  repeated int32 r = 4;\n"
		       "  repeated int32 x = 5 [features.repeated_field_encoding = EXPANDED];\n}\n"
		       "enum E {\n  option features.enum_type = CLOSED;\n  A = 1;\n}\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcMessage *m = lookup(fx, "M", PC_SYM_MESSAGE);
	cr_expect_eq(PC_VEC_AT(m->fields, PcField *, 0)->features.field_presence, 2);
	cr_expect_eq(PC_VEC_AT(m->fields, PcField *, 1)->features.field_presence, 1);
	cr_expect_eq(PC_VEC_AT(m->fields, PcField *, 2)->features.utf8_validation, 3);
	PcMessage *n = lookup(fx, "M.N", PC_SYM_MESSAGE);
	cr_expect_eq(PC_VEC_AT(n->fields, PcField *, 0)->features.utf8_validation, 3);
	cr_expect_eq(PC_VEC_AT(n->fields, PcField *, 0)->features.field_presence, 2);
	cr_expect_eq(PC_VEC_AT(n->fields, PcField *, 0)->features.json_format, 2); /* from M */
	cr_expect_eq(PC_VEC_AT(m->fields, PcField *, 3)->features.repeated_field_encoding, 1);
	cr_expect_eq(PC_VEC_AT(m->fields, PcField *, 4)->features.repeated_field_encoding, 2);
	PcEnum *e = lookup(fx, "E", PC_SYM_ENUM);
	cr_expect_eq(e->features.enum_type, 2);
	cr_expect_eq(fx->s.inputs.len, 1);
	cr_expect_eq(PC_VEC_AT(fx->s.inputs, PcFile *, 0)->features.enforce_naming_style, 2);
	done(fx);
}

/* ---- editions errors (protoc 36.2 is the reference: `protoc -I . -o /dev/null t.proto`) ---- */

Test(editions, errors_at_protoc36_positions)
{
	/* protoc 36: t.proto:8:8: Implicit presence enum fields must always be open. */
	expect_error("edition = \"2023\";\npackage ed;\nenum Kind {\n  option features.enum_type = CLOSED;\n"
		     "  KIND_A = 1;\n}\nmessage User {\n  Kind kind = 1 [features.field_presence = IMPLICIT];\n}\n",
		     "t.proto:8:8: closed enum \"ed.Kind\" cannot be used in an implicit-presence field");
	/* protoc 36 gives no position; buf: 3:19, at the feature's name */
	expect_error("edition = \"2023\";\nmessage User {\n  option features.repeated_field_encoding = EXPANDED;\n"
		     "  repeated int32 ids = 1;\n}\n",
		     "t.proto:3:19: feature \"repeated_field_encoding\" cannot be set on a message");
	/* protoc 36: t.proto:4:11: Message fields can't specify implicit presence. */
	expect_error("edition = \"2023\";\nmessage Address {}\nmessage User {\n"
		     "  Address home = 1 [features.field_presence = IMPLICIT];\n}\n",
		     "t.proto:4:11: message fields cannot have implicit presence");
	/* protoc 36: t.proto:3:18: Field option packed is not allowed under editions. ... */
	expect_error("edition = \"2023\";\nmessage User {\n  repeated int32 ids = 1 [packed = true];\n}\n",
		     "t.proto:3:18: option \"packed\" is not allowed in editions; use features.repeated_field_encoding");
	/* protoc 36: t.proto:2:9: Message name user_profile should be TitleCase ... */
	expect_error("edition = \"2024\";\nmessage user_profile {\n  string name = 1;\n}\n",
		     "t.proto:2:9: message name \"user_profile\" should be PascalCase");
}

Test(editions, local_symbols_stay_in_their_file)
{
	/* buf: main.proto:8:3:found unexported message type `ed.Hidden` */
	const char *files[] = {"main.proto",
			       "edition = \"2024\";\npackage ed;\nimport \"hidden.proto\";\nmessage User {\n"
			       "  Hidden hidden = 1;\n  Open open = 2;\n}\n",
			       "hidden.proto",
			       "edition = \"2024\";\npackage ed;\nlocal message Hidden {}\nmessage Open {}\n", NULL};
	Fx *fx = load(files);
	cr_expect_eq(fx->rc, 3);
	cr_expect_str_eq(first_error(fx),
			 "main.proto:5:3: message \"ed.Hidden\" is not exported by \"hidden.proto\" and cannot be used here");
	cr_expect_eq(fx->diags.errors, 1);
	done(fx);
}

Test(editions, import_option_only_for_options)
{
	/* buf: b.proto:5:3:`T` is only imported for use in options; a.proto builds. */
	const char *ok[] = {"a.proto",
			    "edition = \"2024\";\npackage io;\nimport option \"opts.proto\";\nmessage M {\n"
			    "  option (tag) = 3;\n}\n",
			    "opts.proto",
			    "edition = \"2024\";\npackage io;\nimport \"google/protobuf/descriptor.proto\";\n"
			    "extend google.protobuf.MessageOptions { int32 tag = 50000; }\nmessage T {}\n",
			    NULL};
	Fx *fx = load(ok);
	cr_expect_eq(fx->rc, 0, "%s", first_error(fx));
	done(fx);
	const char *bad[] = {"b.proto",
			     "edition = \"2024\";\npackage io;\nimport option \"opts.proto\";\nmessage N {\n  T t = 1;\n}\n",
			     "opts.proto", ok[3], NULL};
	fx = load(bad);
	cr_expect_eq(fx->rc, 3);
	cr_expect_str_eq(first_error(fx),
			 "b.proto:5:3: \"io.T\" comes from \"opts.proto\", which is imported for use in options only");
	done(fx);
}

/* FieldOptions.feature_support.edition_deprecated: a warning, the build succeeds.
 * protoc 36.2: t.proto:9:8: warning: pb.CppFeatures.legacy_closed_enum has been
 * deprecated in edition 2023: The legacy closed enum behavior ... */
Test(editions, deprecated_feature_warns)
{
	Fx *fx = load1("edition = \"2023\";\npackage ed;\nimport \"google/protobuf/cpp_features.proto\";\n"
		       "enum Kind {\n  option features.enum_type = CLOSED;\n  KIND_A = 1;\n}\n"
		       "message M {\n  Kind k = 1 [features.(pb.cpp).legacy_closed_enum = true];\n}\n");
	cr_expect_eq(fx->rc, 0, "%s", first_error(fx));
	cr_assert_eq(fx->diags.list.len, 1);
	const PcDiag *d = &PC_VEC_AT(fx->diags.list, PcDiag, 0);
	cr_expect_eq(d->severity, PC_SEV_WARNING);
	cr_expect_eq(d->line, 9);
	cr_expect_eq(d->col, 8);
	const char *want = "pb.CppFeatures.legacy_closed_enum has been deprecated in edition 2023: The legacy";
	cr_expect(strncmp(d->message, want, strlen(want)) == 0, "%s", d->message);
	done(fx);
}
