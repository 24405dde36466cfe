/* The Confluent differ (src/confluent.c) on cases its test files do not cover: the
 * expected records follow from Confluent's sources (docs/confluent.md), not from our
 * output. testdata/confluent.test.sh runs Confluent's own 44 cases through the CLI. */
#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confluent.h"

typedef struct Side {
	PcDiags diags;
	PcSchema s;
} Side;

/* Writes files ("name", "text", ..., NULL) into a fresh directory and loads its
 * schema.proto with the directory as import root. */
static void load(Side *x, PcArena *a, const char *first, ...)
{
	char tmpl[] = "/tmp/pc_confluent_XXXXXX";
	char *dir = mkdtemp(tmpl);
	cr_assert(dir);
	char paths[4][256];
	int npaths = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *name = first; name && npaths < 4; name = va_arg(ap, const char *)) {
		const char *text = va_arg(ap, const char *);
		snprintf(paths[npaths], sizeof paths[0], "%s/%s", dir, name);
		FILE *f = fopen(paths[npaths++], "w");
		cr_assert(f);
		fputs(text, f);
		fclose(f);
	}
	va_end(ap);
	pc_diags_init(&x->diags, a);
	pc_schema_init(&x->s, a, &x->diags);
	const char *root = pc_arena_strndup(a, dir, strlen(dir));
	char input[256];
	snprintf(input, sizeof input, "%s/schema.proto", dir);
	const char *in = pc_arena_strndup(a, input, strlen(input));
	PcLoadConfig cfg = {.import_paths = &root, .nimport_paths = 1};
	int rc = pc_schema_load(&x->s, &cfg, &in, 1);
	for (int i = 0; i < npaths; i++) /* the sources are read into the arena */
		unlink(paths[i]);
	rmdir(dir);
	cr_assert_eq(rc, 0);
}

/* "TYPE PATH" per record, in record order, one per line. */
static char *records(const PcChangeList *l, PcArena *a)
{
	char *out = pc_arena_alloc(a, 4096);
	size_t n = 0;
	out[0] = '\0';
	for (uint32_t i = 0; i < l->items.len; i++) {
		const PcChange *c = &PC_VEC_AT(l->items, PcChange, i);
		n += (size_t)snprintf(out + n, 4096 - n, "%.*s %.*s\n", (int)c->old_val.s.len, c->old_val.s.ptr,
				      (int)c->name.len, c->name.ptr);
	}
	return out;
}

static bool compatible[PC_CF_COUNT];

static void setup_compatible(void)
{
	static const PcCfType ok[] = {
		PC_CF_PACKAGE_CHANGED,    PC_CF_MESSAGE_ADDED,      PC_CF_MESSAGE_MOVED,      PC_CF_ENUM_ADDED,
		PC_CF_ENUM_REMOVED,       PC_CF_ENUM_CONST_ADDED,   PC_CF_ENUM_CONST_CHANGED, PC_CF_ENUM_CONST_REMOVED,
		PC_CF_FIELD_ADDED,        PC_CF_FIELD_REMOVED,      PC_CF_FIELD_NAME_CHANGED,
		PC_CF_FIELD_STRING_OR_BYTES_LABEL_CHANGED,          PC_CF_ONEOF_ADDED,        PC_CF_ONEOF_REMOVED,
		PC_CF_ONEOF_FIELD_ADDED,
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		compatible[ok[i]] = true;
}

static char *diff(const char *old_text, const char *new_text, const char *old_dep, const char *new_dep, bool forward,
		  PcArena *a)
{
	Side o, n;
	load(&o, a, "schema.proto", old_text, old_dep ? "dep.proto" : NULL, old_dep, NULL);
	load(&n, a, "schema.proto", new_text, new_dep ? "dep.proto" : NULL, new_dep, NULL);
	PcChangeList l = {0};
	if (forward)
		pc_confluent_diff(&n.s, &o.s, compatible, true, &l, a);
	else
		pc_confluent_diff(&o.s, &n.s, compatible, false, &l, a);
	return records(&l, a);
}

TestSuite(confluent, .init = setup_compatible);

Test(confluent, type_names_round_trip)
{
	for (int t = 0; t < PC_CF_COUNT; t++)
		cr_assert_eq(pc_cf_type_parse(pc_str(pc_cf_type_name((PcCfType)t))), t);
	cr_assert_eq(pc_cf_type_parse(pc_str("FIELD_SAME_TYPE")), PC_CF_COUNT);
}

/* Labels count only as written: proto3 `int32 a` has none, so becoming repeated is no
 * difference; proto2 `optional` -> `required` of a string is the compatible label type. */
Test(confluent, labels_as_written)
{
	PcArena a;
	pc_arena_init(&a);
	cr_assert_str_eq(diff("syntax = \"proto3\";\nmessage M { int32 a = 1; }\n",
			      "syntax = \"proto3\";\nmessage M { repeated int32 a = 1; }\n", NULL, NULL, false, &a),
			 "");
	cr_assert_str_eq(diff("syntax = \"proto2\";\nmessage M { optional string s = 1; optional int32 i = 2; }\n",
			      "syntax = \"proto2\";\nmessage M { required string s = 1; repeated int32 i = 2; }\n", NULL,
			      NULL, false, &a),
			 "FIELD_STRING_OR_BYTES_LABEL_CHANGED #/M/1\nFIELD_NUMERIC_LABEL_CHANGED #/M/2\n");
	pc_arena_release(&a);
}

/* A recursive imported type is compared once (the message being compared is skipped
 * when reached again), its difference at its own path, and the field that uses it
 * gets FIELD_NAMED_TYPE_CHANGED. */
Test(confluent, recursive_imported_type)
{
	PcArena a;
	pc_arena_init(&a);
	const char *schema = "syntax = \"proto3\";\nimport \"dep.proto\";\nmessage T { d.Node root = 1; }\n";
	char *got = diff(schema, schema,
			 "syntax = \"proto3\";\npackage d;\nmessage Node { Node next = 1; int32 v = 2; }\n",
			 "syntax = \"proto3\";\npackage d;\nmessage Node { Node next = 1; string v = 2; }\n", false, &a);
	cr_assert_str_eq(got, "FIELD_SCALAR_KIND_CHANGED #/Node/2\nFIELD_NAMED_TYPE_CHANGED #/T/1\n");
	pc_arena_release(&a);
}

/* Map entries and groups are no messages to Confluent's parser: no MESSAGE_ADDED for
 * them, and a map's value type is compared. */
Test(confluent, maps_and_groups_are_not_messages)
{
	PcArena a;
	pc_arena_init(&a);
	cr_assert_str_eq(diff("syntax = \"proto2\";\nmessage M { optional int32 a = 1; }\n",
			      "syntax = \"proto2\";\nmessage M { optional int32 a = 1; map<string, int32> m = 2;\n"
			      "  optional group G = 3 { optional int32 x = 1; } }\n",
			      NULL, NULL, false, &a),
			 "FIELD_ADDED #/M/2\n");
	cr_assert_str_eq(diff("syntax = \"proto3\";\nmessage M { map<string, int32> m = 1; }\n",
			      "syntax = \"proto3\";\nmessage M { map<string, sint32> m = 1; }\n", NULL, NULL, false, &a),
			 "FIELD_SCALAR_KIND_CHANGED #/M/1\n");
	pc_arena_release(&a);
}

/* FORWARD: NEW is the original, so an added field reads as removed; the record says it
 * is a forward one and places it in NEW. */
Test(confluent, forward_swaps_and_places_in_new)
{
	PcArena a;
	pc_arena_init(&a);
	Side o, n;
	load(&o, &a, "schema.proto", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n}\n", NULL);
	load(&n, &a, "schema.proto", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n  int32 b = 2;\n}\n", NULL);
	PcChangeList l = {0};
	pc_confluent_diff(&n.s, &o.s, compatible, true, &l, &a);
	cr_assert_str_eq(records(&l, &a), "FIELD_REMOVED #/M/2\n");
	const PcChange *c = &PC_VEC_AT(l.items, PcChange, 0);
	cr_assert_eq(c->kind, PC_CHANGE_CONFLUENT);
	cr_assert_eq(c->new_val.i, 1);
	cr_assert_eq(c->number, 2);
	cr_assert_eq(c->pos.file, PC_VEC_AT(n.s.inputs, PcFile *, 0));
	cr_assert_eq(c->pos.span.line, 3, "the field b in NEW (0-based line)");
	pc_arena_release(&a);
}

/* A member moved out of a oneof to the top level is relocated, not removed; a new
 * package is one difference, and messages still pair by relative name. */
Test(confluent, oneof_relocation_and_package)
{
	PcArena a;
	pc_arena_init(&a);
	cr_assert_str_eq(diff("syntax = \"proto3\";\npackage p;\nmessage M { oneof o { int32 a = 1; int32 b = 2; } }\n",
			      "syntax = \"proto3\";\npackage q;\nmessage M { int32 a = 1; oneof o { int32 b = 2; } }\n",
			      NULL, NULL, false, &a),
			 "PACKAGE_CHANGED #/\nFIELD_ADDED #/M/1\n");
	pc_arena_release(&a);
}
