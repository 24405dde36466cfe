/* Option interpretation tests: the serialized options of small files compared byte
 * for byte with protoc 3.21's descriptor sets of the same text (the hex strings were
 * read from `protoc -I. -I/usr/include -o x.pb FILE` with a small wire decoder), the
 * known options decoded for the rest of the program, the source-info paths rewritten
 * as protoc's interpreter does, and each error with protoc's position. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser.h"
#include "schema.h"

typedef struct Fx {
	PcArena arena;
	PcDiags diags;
	PcSchema s;
	char dir[64];
	int rc;
} Fx;

static Fx *load1(const char *text)
{
	static Fx fx;
	pc_arena_init(&fx.arena);
	pc_diags_init(&fx.diags, &fx.arena);
	pc_schema_init(&fx.s, &fx.arena, &fx.diags);
	strcpy(fx.dir, "/tmp/pc_options_XXXXXX");
	cr_assert(mkdtemp(fx.dir));
	char path[256];
	snprintf(path, sizeof path, "%s/t.proto", fx.dir);
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
	const char *inc[] = {fx.dir};
	PcLoadConfig cfg = {.import_paths = inc, .nimport_paths = 1};
	const char *inputs[] = {path};
	fx.rc = pc_schema_load(&fx.s, &cfg, inputs, 1);
	return &fx;
}

static void done(Fx *fx)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", fx->dir);
	cr_assert_eq(system(cmd), 0);
	pc_arena_release(&fx->arena);
}

static const char *first_error(Fx *fx)
{
	static char buf[1024];
	for (uint32_t i = 0; i < fx->diags.list.len; i++) {
		const PcDiag *d = &PC_VEC_AT(fx->diags.list, PcDiag, i);
		if (d->severity != PC_SEV_ERROR)
			continue;
		const char *p = strrchr(d->path ? d->path : "", '/');
		snprintf(buf, sizeof buf, "%s:%d:%d: %s", p ? p + 1 : "", d->line, d->col, d->message);
		return buf;
	}
	return "(no error)";
}

static const char *hex(PcStr s)
{
	static char buf[4096];
	size_t n = 0;
	for (size_t i = 0; i < s.len && n + 3 < sizeof buf; i++)
		n += (size_t)sprintf(buf + n, "%02x", (unsigned char)s.ptr[i]);
	buf[n] = '\0';
	return buf;
}

static PcFile *input(Fx *fx)
{
	cr_assert_eq(fx->s.inputs.len, 1);
	return PC_VEC_AT(fx->s.inputs, PcFile *, 0);
}

#define HEADER                                                                                                 \
	"syntax = \"proto2\";\npackage p;\nimport \"google/protobuf/descriptor.proto\";\n"                         \
	"message Sub { optional int32 a = 1; optional string b = 2; repeated int32 r = 3; optional Sub s = 4; }\n"

/* Known options come first in field-number order, custom ones after them in the order
 * written, each `(sub).x = ...` statement as a record of its own. */
Test(options, file_options_order_as_protoc)
{
	Fx *fx = load1(HEADER "extend google.protobuf.FileOptions {\n"
			      "  optional Sub sub = 50001;\n  optional double d = 50002;\n"
			      "  repeated int32 ri = 50003;\n  optional float f = 50004;\n}\n"
			      "option (sub).b = \"x\";\noption java_package = \"jp\";\noption (d) = 2;\n"
			      "option (ri) = 1;\noption optimize_for = SPEED;\noption (sub).a = 5;\n"
			      "option (ri) = 2;\noption (sub) .s.a = 7;\noption (f) = -1.5;\n"
			      "option deprecated = true;\noption java_multiple_files = true;\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcFile *f = input(fx);
	cr_expect_str_eq(hex(f->opts.encoded),
			 "0a026a7048015001b801018ab5180312017891b518000000000000004098b518018ab51802080598b51802"
			 "8ab5180422020807a5b5180000c0bf");
	cr_expect(f->opts.deprecated);
	done(fx);
}

/* retention = RETENTION_SOURCE: kept in the retained bytes (protoc 3.21, protoc 36
 * --retain_options), removed from the stripped ones with its path recorded; a message
 * whose only option is removed has no options left. Hex from protoc 36.2 with and
 * without --retain_options. */
Test(options, source_retention_stripped)
{
	Fx *fx = load1(HEADER "extend google.protobuf.FileOptions {\n"
			      "  optional int32 src = 50001 [retention = RETENTION_SOURCE];\n  optional int32 rt = 50002;\n}\n"
			      "extend google.protobuf.MessageOptions {\n"
			      "  optional int32 msrc = 50001 [retention = RETENTION_SOURCE];\n}\n"
			      "option (rt) = 2;\noption (src) = 1;\noption java_package = \"x\";\n"
			      "message M { option (msrc) = 3; }\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcFile *f = input(fx);
	cr_expect_str_eq(hex(f->opts.encoded), "0a017890b5180288b51801");
	cr_assert(f->opts.stripped);
	cr_expect(f->opts.stripped->present);
	cr_expect_str_eq(hex(f->opts.stripped->bytes), "0a017890b51802");
	cr_assert_eq(f->opts.stripped->n_paths, 1);
	cr_expect_eq(f->opts.stripped->paths[0].len, 1);
	cr_expect_eq(f->opts.stripped->paths[0].v[0], 50001);
	PcMessage *m = PC_VEC_AT(f->messages, PcMessage *, 1);
	cr_expect_str_eq(hex(m->opts.encoded), "88b51803");
	cr_assert(m->opts.stripped);
	cr_expect_not(m->opts.stripped->present);
	done(fx);
}

/* Aggregates: fields in number order, packed repeated scalars of proto3 types, Any
 * expansion, enum names, -inf, sint zigzag, fixed32. */
Test(options, aggregates_as_protoc)
{
	Fx *fx = load1("syntax = \"proto3\";\npackage q;\n"
		       "import \"google/protobuf/descriptor.proto\";\nimport \"google/protobuf/any.proto\";\n"
		       "message Rule {\n  string name = 3;\n  repeated int32 codes = 1;\n  Rule child = 2;\n"
		       "  enum Kind { NONE = 0; HARD = 1; }\n  Kind kind = 4;\n  repeated string tags = 5;\n"
		       "  google.protobuf.Any any = 6;\n  double ratio = 7;\n  bool on = 8;\n  sint64 z = 9;\n"
		       "  fixed32 fx = 10;\n}\n"
		       "extend google.protobuf.MessageOptions {\n  Rule rule = 51000;\n  repeated Rule rules = 51001;\n}\n"
		       "extend google.protobuf.FieldOptions {\n  int64 big = 51002;\n  Rule.Kind kind = 51003;\n}\n"
		       "message M {\n"
		       "  option (rule) = { name: \"n\" codes: [3, 1] child { name: \"c\" kind: HARD } tags: \"a\" "
		       "tags: \"b\"; codes: 2, ratio: -inf on: true z: -3 fx: 7 };\n"
		       "  option deprecated = true;\n"
		       "  option (rules) = { name: \"a\" };\n"
		       "  option (rules) = { any { [type.googleapis.com/q.Rule] { name: \"in\" } } };\n"
		       "  int32 x = 1 [(big) = -5, deprecated = true, (kind) = HARD, packed = false];\n"
		       "  repeated int32 y = 2 [packed = false];\n"
		       "  map<string, int32> m = 3;\n"
		       "}\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcMessage *m = PC_VEC_AT(input(fx)->messages, PcMessage *, 1);
	cr_expect_str_eq(hex(m->opts.encoded),
			 "1801c2f318270a0303010212051a016320011a016e2a01612a016239000000000000f0ff400148055507000000"
			 "caf318031a0161caf3182432220a1a747970652e676f6f676c65617069732e636f6d2f712e52756c6512041a"
			 "02696e");
	PcField *x = PC_VEC_AT(m->fields, PcField *, 0);
	cr_expect_str_eq(hex(x->opts.encoded), "10001801d0f318fbffffffffffffffff01d8f31801");
	cr_expect(x->opts.deprecated);
	cr_expect(x->opts.has_packed && !x->opts.packed);
	PcField *y = PC_VEC_AT(m->fields, PcField *, 1);
	cr_expect_str_eq(hex(y->opts.encoded), "1000");
	cr_expect_eq(y->features.repeated_field_encoding, 2); /* EXPANDED */
	/* The map entry gets map_entry = true. */
	PcMessage *entry = PC_VEC_AT(m->nested, PcMessage *, 0);
	cr_expect_str_eq(hex(entry->opts.encoded), "3801");
	done(fx);
}

Test(options, known_field_options)
{
	Fx *fx = load1("syntax = \"proto2\";\nmessage M {\n"
		       "  optional string s = 1 [ctype = CORD, jstype = JS_STRING, lazy = false];\n"
		       "  repeated int32 r = 2 [packed = true];\n}\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcMessage *m = PC_VEC_AT(input(fx)->messages, PcMessage *, 0);
	PcField *s = PC_VEC_AT(m->fields, PcField *, 0);
	cr_expect_eq(s->opts.ctype, 1);
	cr_expect_eq(s->opts.jstype, 1); /* JS_STRING */
	cr_expect(s->opts.has_lazy && !s->opts.lazy);
	PcField *r = PC_VEC_AT(m->fields, PcField *, 1);
	cr_expect(r->opts.has_packed && r->opts.packed);
	cr_expect_eq(r->features.repeated_field_encoding, 1); /* PACKED */
	cr_expect_eq(s->opts.present, true);
	done(fx);
}

/* protoc replaces the uninterpreted_option paths (.. 999 i ..) by the option's own
 * field path, with an index for repeated options, and drops the sub-locations. */
Test(options, source_info_paths)
{
	Fx *fx = load1(HEADER "extend google.protobuf.FileOptions {\n  repeated int32 ri = 50003;\n}\n"
			      "option java_package = \"jp\";\noption (ri) = 1;\noption (ri) = 2;\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcFile *f = input(fx);
	int found = 0;
	for (uint32_t i = 0; i < f->locations.len; i++) {
		PcLocation *l = &PC_VEC_AT(f->locations, PcLocation, i);
		for (uint32_t j = 0; j < l->path_len; j++)
			cr_expect_neq(l->path[j], 999, "location %u still has an uninterpreted path", i);
		if (l->path_len == 2 && l->path[0] == 8 && l->path[1] == 1)
			found |= 1;
		if (l->path_len == 3 && l->path[0] == 8 && l->path[1] == 50003 && l->path[2] == 1)
			found |= 2;
	}
	cr_expect_eq(found, 3);
	done(fx);
}

static void expect_error(const char *body, const char *want)
{
	Fx *fx = load1(body);
	cr_expect_eq(fx->rc, 3);
	cr_expect_str_eq(first_error(fx), want);
	done(fx);
}

#define EXT_HEADER                                                                                             \
	"syntax = \"proto2\";\npackage p;\nimport \"google/protobuf/descriptor.proto\";\n"                         \
	"message Sub { optional int32 a = 1; repeated Sub subs = 2; }\n"                                           \
	"extend google.protobuf.FileOptions {\n  optional Sub sub = 50001;\n  repeated Sub rsub = 50002;\n"        \
	"  optional uint32 u = 50003;\n  optional bytes by = 50004;\n}\n"                                          \
	"extend google.protobuf.MessageOptions {\n  optional int32 mo = 50001;\n}\n"

/* Positions from protoc 3.21 on the same text (EXT_HEADER is 13 lines). */
Test(option_errors, protoc_positions)
{
	expect_error(EXT_HEADER "option java_package.x = \"a\";\n",
		     "t.proto:14:8: option \"java_package\" is an atomic type, not a message");
	expect_error(EXT_HEADER "option (mo) = 1;\n",
		     "t.proto:14:8: option field \"(mo)\" is not a field or extension of message \"FileOptions\"");
	expect_error(EXT_HEADER "option (rsub).a = 1;\n",
		     "t.proto:14:8: option field \"(rsub)\" is a repeated message; repeated message options must be "
		     "set with an aggregate value");
	expect_error(EXT_HEADER "option (sub) = { a: 1 a: 2 };\n",
		     "t.proto:14:16: error while parsing option value for \"sub\": non-repeated field \"a\" is "
		     "specified multiple times");
	expect_error(EXT_HEADER "option (u) = -1;\n",
		     "t.proto:14:14: value must be non-negative integer for uint32 option \"p.u\"");
	expect_error(EXT_HEADER "option (by) = 5;\n", "t.proto:14:15: value must be quoted string for string option \"p.by\"");
	expect_error(EXT_HEADER "option (sub).a = 1;\noption (sub) = { a: 2 };\n",
		     "t.proto:15:8: option \"(sub)\" was already set");
	expect_error(EXT_HEADER "option java_multiple_files = maybe;\n",
		     "t.proto:14:30: value must be \"true\" or \"false\" for boolean option "
		     "\"google.protobuf.FileOptions.java_multiple_files\"");
	expect_error(EXT_HEADER "option java_multiple_files = 1;\n",
		     "t.proto:14:30: value must be identifier for boolean option "
		     "\"google.protobuf.FileOptions.java_multiple_files\"");
	expect_error(EXT_HEADER "option optimize_for = FAST;\n",
		     "t.proto:14:23: enum type \"google.protobuf.FileOptions.OptimizeMode\" has no value named "
		     "\"FAST\" for option \"google.protobuf.FileOptions.optimize_for\"");
	expect_error(EXT_HEADER "option java_package = 5;\n",
		     "t.proto:14:23: value must be quoted string for string option "
		     "\"google.protobuf.FileOptions.java_package\"");
	expect_error(EXT_HEADER "option java_package = \"a\";\noption java_package = \"b\";\n",
		     "t.proto:15:8: option \"java_package\" was already set");
	expect_error(EXT_HEADER "option java_pkg = \"x\";\n", "t.proto:14:8: option \"java_pkg\" unknown");
}

Test(option_errors, int32_range)
{
	/* protoc: optrange.proto:7:35: Value out of range for int32 option "small". */
	expect_error("syntax = \"proto2\";\nimport \"google/protobuf/descriptor.proto\";\n"
		     "extend google.protobuf.FieldOptions {\n  optional int32 small = 50000;\n}\n"
		     "message M {\n  optional int32 a = 1 [(small) = 3000000000];\n}\n",
		     "t.proto:7:35: value out of range for int32 option \"small\"");
}

/* Editions files follow protoc 36 (the reference for editions): declared fields in
 * number order, then custom options, `features.x` statements merged into one
 * FeatureSet; the same with and without --retain_options here. Hex from
 * `protoc -o` (36.2) of the same text. */
Test(options, editions_order_as_protoc36)
{
	Fx *fx = load1("edition = \"2023\";\npackage ed;\nimport \"google/protobuf/descriptor.proto\";\n"
		       "option features.field_presence = IMPLICIT;\noption java_package = \"x.y\";\n"
		       "option features.enum_type = CLOSED;\noption (fo) = 5;\n"
		       "option features.repeated_field_encoding = EXPANDED;\noption java_multiple_files = true;\n"
		       "extend google.protobuf.FileOptions { int32 fo = 50000; repeated int32 rfo = 50001; }\n"
		       "extend google.protobuf.FieldOptions { int32 ffo = 50000; }\n"
		       "message M {\n"
		       "  int32 a = 1 [features.field_presence = EXPLICIT, (ffo) = 3, deprecated = true, default = 7];\n"
		       "  string s = 4 [features.utf8_validation = NONE, features.field_presence = LEGACY_REQUIRED];\n"
		       "}\n");
	cr_assert_eq(fx->rc, 0, "%s", first_error(fx));
	PcFile *f = input(fx);
	cr_expect_str_eq(hex(f->opts.encoded), "0a03782e79500192030608021002180280b51805");
	cr_assert(f->opts.stripped);
	cr_expect_str_eq(hex(f->opts.stripped->bytes), "0a03782e79500192030608021002180280b51805");
	PcMessage *m = PC_VEC_AT(f->messages, PcMessage *, 0);
	cr_expect_str_eq(hex(PC_VEC_AT(m->fields, PcField *, 0)->opts.encoded), "1801aa0102080180b51803");
	PcField *s = PC_VEC_AT(m->fields, PcField *, 1);
	cr_expect_str_eq(hex(s->opts.encoded), "aa010408032003");
	cr_expect_eq(s->opts.explicit_features.field_presence, 3);
	cr_expect_eq(s->features.field_presence, 3); /* LEGACY_REQUIRED */
	cr_expect_eq(s->features.utf8_validation, 3); /* NONE */
	done(fx);
}
