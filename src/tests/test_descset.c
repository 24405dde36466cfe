/* Descriptor sets: writing hand-built trees against protoc's bytes, reading sets back
 * (including malformed ones), sniffing, and write -> read -> write round trips.
 * Expected bytes come from protoc 3.21.12, never from our own output. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "descset.h"

/* `protoc -I. -I/usr/include --descriptor_set_out=demo.pb demo.proto` (protoc 3.21.12)
 * for this file:
 *
 *   syntax = "proto3";
 *   package demo.v1;
 *   import "google/protobuf/descriptor.proto";
 *   import public "google/protobuf/timestamp.proto";
 *   option go_package = "x/y";
 *   extend google.protobuf.MessageOptions {
 *     int32 my_opt = 50000;
 *   }
 *   message User {
 *     option (my_opt) = 7;
 *     string user_name = 1;
 *     repeated int64 ids = 2 [packed = false];
 *     google.protobuf.Timestamp created = 3;
 *     oneof kind {
 *       int32 a = 4;
 *       string b = 5 [json_name = "bee"];
 *     }
 *     optional int32 c = 6;
 *     enum State {
 *       STATE_UNSPECIFIED = 0;
 *       ACTIVE = 1;
 *     }
 *     State state = 7;
 *     reserved 10 to 12;
 *     reserved "old";
 *   }
 *   service Users {
 *     rpc Get(User) returns (stream User);
 *   }
 */
static const unsigned char demo_pb[] = {
	0x0a, 0xf0, 0x03, 0x0a, 0x0a, 0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x70, 0x72,
	0x6f, 0x74, 0x6f, 0x12, 0x07, 0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x76, 0x31,
	0x1a, 0x20, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65, 0x2f, 0x70, 0x72, 0x6f,
	0x74, 0x6f, 0x62, 0x75, 0x66, 0x2f, 0x64, 0x65, 0x73, 0x63, 0x72, 0x69,
	0x70, 0x74, 0x6f, 0x72, 0x2e, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x1a, 0x1f,
	0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65, 0x2f, 0x70, 0x72, 0x6f, 0x74, 0x6f,
	0x62, 0x75, 0x66, 0x2f, 0x74, 0x69, 0x6d, 0x65, 0x73, 0x74, 0x61, 0x6d,
	0x70, 0x2e, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x22, 0x9a, 0x02, 0x0a, 0x04,
	0x55, 0x73, 0x65, 0x72, 0x12, 0x1b, 0x0a, 0x09, 0x75, 0x73, 0x65, 0x72,
	0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x18, 0x01, 0x20, 0x01, 0x28, 0x09, 0x52,
	0x08, 0x75, 0x73, 0x65, 0x72, 0x4e, 0x61, 0x6d, 0x65, 0x12, 0x14, 0x0a,
	0x03, 0x69, 0x64, 0x73, 0x18, 0x02, 0x20, 0x03, 0x28, 0x03, 0x42, 0x02,
	0x10, 0x00, 0x52, 0x03, 0x69, 0x64, 0x73, 0x12, 0x34, 0x0a, 0x07, 0x63,
	0x72, 0x65, 0x61, 0x74, 0x65, 0x64, 0x18, 0x03, 0x20, 0x01, 0x28, 0x0b,
	0x32, 0x1a, 0x2e, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65, 0x2e, 0x70, 0x72,
	0x6f, 0x74, 0x6f, 0x62, 0x75, 0x66, 0x2e, 0x54, 0x69, 0x6d, 0x65, 0x73,
	0x74, 0x61, 0x6d, 0x70, 0x52, 0x07, 0x63, 0x72, 0x65, 0x61, 0x74, 0x65,
	0x64, 0x12, 0x0e, 0x0a, 0x01, 0x61, 0x18, 0x04, 0x20, 0x01, 0x28, 0x05,
	0x48, 0x00, 0x52, 0x01, 0x61, 0x12, 0x10, 0x0a, 0x01, 0x62, 0x18, 0x05,
	0x20, 0x01, 0x28, 0x09, 0x48, 0x00, 0x52, 0x03, 0x62, 0x65, 0x65, 0x12,
	0x11, 0x0a, 0x01, 0x63, 0x18, 0x06, 0x20, 0x01, 0x28, 0x05, 0x48, 0x01,
	0x52, 0x01, 0x63, 0x88, 0x01, 0x01, 0x12, 0x29, 0x0a, 0x05, 0x73, 0x74,
	0x61, 0x74, 0x65, 0x18, 0x07, 0x20, 0x01, 0x28, 0x0e, 0x32, 0x13, 0x2e,
	0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x76, 0x31, 0x2e, 0x55, 0x73, 0x65, 0x72,
	0x2e, 0x53, 0x74, 0x61, 0x74, 0x65, 0x52, 0x05, 0x73, 0x74, 0x61, 0x74,
	0x65, 0x22, 0x2a, 0x0a, 0x05, 0x53, 0x74, 0x61, 0x74, 0x65, 0x12, 0x15,
	0x0a, 0x11, 0x53, 0x54, 0x41, 0x54, 0x45, 0x5f, 0x55, 0x4e, 0x53, 0x50,
	0x45, 0x43, 0x49, 0x46, 0x49, 0x45, 0x44, 0x10, 0x00, 0x12, 0x0a, 0x0a,
	0x06, 0x41, 0x43, 0x54, 0x49, 0x56, 0x45, 0x10, 0x01, 0x3a, 0x04, 0x80,
	0xb5, 0x18, 0x07, 0x42, 0x06, 0x0a, 0x04, 0x6b, 0x69, 0x6e, 0x64, 0x42,
	0x04, 0x0a, 0x02, 0x5f, 0x63, 0x4a, 0x04, 0x08, 0x0a, 0x10, 0x0d, 0x52,
	0x03, 0x6f, 0x6c, 0x64, 0x32, 0x2e, 0x0a, 0x05, 0x55, 0x73, 0x65, 0x72,
	0x73, 0x12, 0x25, 0x0a, 0x03, 0x47, 0x65, 0x74, 0x12, 0x0d, 0x2e, 0x64,
	0x65, 0x6d, 0x6f, 0x2e, 0x76, 0x31, 0x2e, 0x55, 0x73, 0x65, 0x72, 0x1a,
	0x0d, 0x2e, 0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x76, 0x31, 0x2e, 0x55, 0x73,
	0x65, 0x72, 0x30, 0x01, 0x3a, 0x38, 0x0a, 0x06, 0x6d, 0x79, 0x5f, 0x6f,
	0x70, 0x74, 0x12, 0x1f, 0x2e, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65, 0x2e,
	0x70, 0x72, 0x6f, 0x74, 0x6f, 0x62, 0x75, 0x66, 0x2e, 0x4d, 0x65, 0x73,
	0x73, 0x61, 0x67, 0x65, 0x4f, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x73, 0x18,
	0xd0, 0x86, 0x03, 0x20, 0x01, 0x28, 0x05, 0x52, 0x05, 0x6d, 0x79, 0x4f,
	0x70, 0x74, 0x42, 0x05, 0x5a, 0x03, 0x78, 0x2f, 0x79, 0x50, 0x01, 0x62,
	0x06, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x33
};

typedef struct Fixture {
	PcArena arena;
	PcDiags diags;
	PcSchema schema;
} Fixture;

static void fixture_init(Fixture *fx)
{
	pc_arena_init(&fx->arena);
	pc_diags_init(&fx->diags, &fx->arena);
	pc_schema_init(&fx->schema, &fx->arena, &fx->diags);
}

static PcOptions opts_of(const char *bytes, size_t len)
{
	PcOptions o = {0};
	o.ctype = o.jstype = -1;
	if (bytes) {
		o.present = true;
		o.encoded = (PcStr){bytes, len};
	}
	return o;
}

static PcField *new_field(PcArena *a, const char *name, int32_t number, PcLabel label, PcType type,
			  const char *type_name, const char *json)
{
	PcField *f = PC_NEW(a, PcField);
	f->name = pc_str(name);
	f->number = number;
	f->label = label;
	f->type = type;
	f->type_name = pc_str(type_name);
	f->json_name = pc_str(json);
	f->oneof_index = -1;
	f->opts = opts_of(NULL, 0);
	return f;
}

static PcOneof *new_oneof(PcArena *a, const char *name, bool synthetic)
{
	PcOneof *o = PC_NEW(a, PcOneof);
	o->name = pc_str(name);
	o->synthetic = synthetic;
	o->opts = opts_of(NULL, 0);
	return o;
}

/* The tree the parser and resolver would build for demo.proto. */
static PcFile *build_demo(PcArena *a)
{
	PcFile *f = PC_NEW(a, PcFile);
	f->name = pc_str("demo.proto");
	f->syntax = PC_SYNTAX_PROTO3;
	f->edition = PC_EDITION_PROTO3;
	f->package = pc_str("demo.v1");
	PcImport *imp = PC_VEC_PUSH(&f->imports, PcImport, a);
	imp->name = pc_str("google/protobuf/descriptor.proto");
	imp = PC_VEC_PUSH(&f->imports, PcImport, a);
	imp->name = pc_str("google/protobuf/timestamp.proto");
	imp->is_public = true;
	f->opts = opts_of("\x5a\x03x/y", 5);

	PcField *ext = new_field(a, "my_opt", 50000, PC_LABEL_OPTIONAL, PC_TYPE_INT32, NULL, "myOpt");
	ext->is_extension = true;
	pc_field_extra(ext, a)->extendee = pc_str(".google.protobuf.MessageOptions");
	*PC_VEC_PUSH(&f->extensions, PcField *, a) = ext;

	PcMessage *m = PC_NEW(a, PcMessage);
	m->name = pc_str("User");
	m->opts = opts_of("\x80\xb5\x18\x07", 4);
	PcField **fs = (PcField *[]){
		new_field(a, "user_name", 1, PC_LABEL_OPTIONAL, PC_TYPE_STRING, NULL, "userName"),
		new_field(a, "ids", 2, PC_LABEL_REPEATED, PC_TYPE_INT64, NULL, "ids"),
		new_field(a, "created", 3, PC_LABEL_OPTIONAL, PC_TYPE_MESSAGE, ".google.protobuf.Timestamp", "created"),
		new_field(a, "a", 4, PC_LABEL_OPTIONAL, PC_TYPE_INT32, NULL, "a"),
		new_field(a, "b", 5, PC_LABEL_OPTIONAL, PC_TYPE_STRING, NULL, "bee"),
		new_field(a, "c", 6, PC_LABEL_OPTIONAL, PC_TYPE_INT32, NULL, "c"),
		new_field(a, "state", 7, PC_LABEL_OPTIONAL, PC_TYPE_ENUM, ".demo.v1.User.State", "state"),
	};
	fs[1]->opts = opts_of("\x10\x00", 2);
	fs[3]->oneof_index = 0;
	fs[4]->oneof_index = 0;
	fs[4]->has_json_name = true;
	fs[5]->oneof_index = 1;
	fs[5]->proto3_optional = true;
	for (int i = 0; i < 7; i++)
		*PC_VEC_PUSH(&m->fields, PcField *, a) = fs[i];
	*PC_VEC_PUSH(&m->oneofs, PcOneof *, a) = new_oneof(a, "kind", false);
	*PC_VEC_PUSH(&m->oneofs, PcOneof *, a) = new_oneof(a, "_c", true);

	PcEnum *e = PC_NEW(a, PcEnum);
	e->name = pc_str("State");
	e->opts = opts_of(NULL, 0);
	const char *vnames[] = {"STATE_UNSPECIFIED", "ACTIVE"};
	for (int i = 0; i < 2; i++) {
		PcEnumValue *v = PC_NEW(a, PcEnumValue);
		v->name = pc_str(vnames[i]);
		v->number = i;
		v->opts = opts_of(NULL, 0);
		*PC_VEC_PUSH(&e->values, PcEnumValue *, a) = v;
	}
	*PC_VEC_PUSH(&m->enums, PcEnum *, a) = e;
	PcRange *r = PC_VEC_PUSH(&m->reserved_ranges, PcRange, a);
	r->start = 10;
	r->end = 13;
	PC_VEC_PUSH(&m->reserved_names, PcReservedName, a)->name = pc_str("old");
	*PC_VEC_PUSH(&f->messages, PcMessage *, a) = m;

	PcService *sv = PC_NEW(a, PcService);
	sv->name = pc_str("Users");
	sv->opts = opts_of(NULL, 0);
	PcMethod *md = PC_NEW(a, PcMethod);
	md->name = pc_str("Get");
	md->input_type = md->output_type = pc_str(".demo.v1.User");
	md->server_streaming = true;
	md->opts = opts_of(NULL, 0);
	*PC_VEC_PUSH(&sv->methods, PcMethod *, a) = md;
	*PC_VEC_PUSH(&f->services, PcService *, a) = sv;
	return f;
}

/* Writes s with opts into memory; returns the bytes (in a) and their length. */
static unsigned char *write_to_memory(const PcSchema *s, const PcDescsetWriteOpts *opts, size_t *len)
{
	FILE *tmp = tmpfile();
	cr_assert_not_null(tmp);
	cr_assert_eq(pc_descset_write(s, opts, tmp, "tmp.binpb"), 0);
	long n = ftell(tmp);
	cr_assert_geq(n, 0);
	unsigned char *buf = pc_arena_alloc(s->arena, (size_t)n + 1);
	rewind(tmp);
	cr_assert_eq(fread(buf, 1, (size_t)n, tmp), (size_t)n);
	fclose(tmp);
	*len = (size_t)n;
	return buf;
}

static const char *write_temp(const void *data, size_t len)
{
	static char path[64];
	strcpy(path, "/tmp/pc_descset_XXXXXX");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static bool has_diag(const PcDiags *d, const char *needle)
{
	for (uint32_t i = 0; i < d->list.len; i++)
		if (strstr(PC_VEC_AT(d->list, PcDiag, i).message, needle))
			return true;
	return false;
}

static size_t find(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return i;
	return (size_t)-1;
}

static void log_hex(const char *what, const unsigned char *p, size_t n)
{
	char line[3 * 32 + 1];
	for (size_t i = 0; i < n; i += 32) {
		size_t k = 0;
		for (size_t j = i; j < n && j < i + 32; j++)
			k += (size_t)snprintf(line + k, sizeof line - k, "%02x ", p[j]);
		cr_log_info("%s %4zu: %s", what, i, line);
	}
}

/* Equal bytes, or a hex dump of both in the log. */
static void assert_bytes(const unsigned char *got, size_t got_len, const unsigned char *want, size_t want_len)
{
	if (got_len == want_len && memcmp(got, want, got_len) == 0)
		return;
	size_t i = 0;
	while (i < got_len && i < want_len && got[i] == want[i])
		i++;
	size_t from = i > 32 ? i - 32 : 0;
	cr_log_info("first difference at byte %zu", i);
	log_hex("got ", got + from, (got_len - from < 96 ? got_len - from : 96));
	log_hex("want", want + from, (want_len - from < 96 ? want_len - from : 96));
	cr_assert_fail("bytes differ (%zu vs %zu)", got_len, want_len);
}

Test(write, matches_protoc_for_a_proto3_file)
{
	Fixture fx;
	fixture_init(&fx);
	PcFile *f = build_demo(&fx.arena);
	*PC_VEC_PUSH(&fx.schema.files, PcFile *, &fx.arena) = f;
	*PC_VEC_PUSH(&fx.schema.inputs, PcFile *, &fx.arena) = f;
	PcDescsetWriteOpts opts = {0};
	size_t len;
	unsigned char *buf = write_to_memory(&fx.schema, &opts, &len);
	assert_bytes(buf, len, demo_pb, sizeof demo_pb);
	pc_arena_release(&fx.arena);
}

Test(write, syntax_field_only_for_proto3_and_editions)
{
	Fixture fx;
	fixture_init(&fx);
	PcFile *p2 = PC_NEW(&fx.arena, PcFile), *ed = PC_NEW(&fx.arena, PcFile);
	p2->name = pc_str("p2.proto");
	p2->syntax = PC_SYNTAX_PROTO2;
	ed->name = pc_str("ed.proto");
	ed->syntax = PC_SYNTAX_EDITIONS;
	ed->edition = PC_EDITION_2023;
	*PC_VEC_PUSH(&fx.schema.inputs, PcFile *, &fx.arena) = p2;
	*PC_VEC_PUSH(&fx.schema.inputs, PcFile *, &fx.arena) = ed;
	PcDescsetWriteOpts opts = {0};
	size_t len;
	unsigned char *buf = write_to_memory(&fx.schema, &opts, &len);
	/* file{name:"p2.proto"} file{name:"ed.proto" syntax:"editions" edition:EDITION_2023} */
	static const unsigned char want[] = "\x0a\x0a\x0a\x08p2.proto"
					    "\x0a\x17\x0a\x08" "ed.proto\x62\x08" "editions\x70\xe8\x07";
	assert_bytes(buf, len, want, sizeof want - 1);
	pc_arena_release(&fx.arena);
}

static PcFile *named_file(PcArena *a, const char *name, PcFile *dep1, PcFile *dep2)
{
	PcFile *f = PC_NEW(a, PcFile);
	f->name = pc_str(name);
	PcFile *deps[] = {dep1, dep2};
	for (int i = 0; i < 2; i++) {
		if (!deps[i])
			continue;
		PcImport *imp = PC_VEC_PUSH(&f->imports, PcImport, a);
		imp->name = deps[i]->name;
		imp->file = deps[i];
	}
	return f;
}

Test(write, dependency_order_as_protoc)
{
	Fixture fx;
	fixture_init(&fx);
	/* a imports b and c; b imports c; d imports a. */
	PcFile *c = named_file(&fx.arena, "c.proto", NULL, NULL);
	PcFile *b = named_file(&fx.arena, "b.proto", c, NULL);
	PcFile *a = named_file(&fx.arena, "a.proto", b, c);
	PcFile *d = named_file(&fx.arena, "d.proto", a, NULL);
	size_t len;
	unsigned char *buf;

	/* With imports: each file once, after its imports. */
	*PC_VEC_PUSH(&fx.schema.inputs, PcFile *, &fx.arena) = d;
	PcDescsetWriteOpts with = {.include_imports = true};
	buf = write_to_memory(&fx.schema, &with, &len);
	size_t pc = find(buf, len, "\x0a\x07" "c.proto"), pb = find(buf, len, "\x0a\x07" "b.proto"),
	       pa = find(buf, len, "\x0a\x07" "a.proto"), pd = find(buf, len, "\x0a\x07" "d.proto");
	cr_assert(pc < pb && pb < pa && pa < pd && pd != (size_t)-1);

	/* Without: only inputs, still dependencies first, c left out. */
	fx.schema.inputs.len = 0;
	*PC_VEC_PUSH(&fx.schema.inputs, PcFile *, &fx.arena) = d;
	*PC_VEC_PUSH(&fx.schema.inputs, PcFile *, &fx.arena) = b;
	PcDescsetWriteOpts without = {0};
	buf = write_to_memory(&fx.schema, &without, &len);
	cr_assert_eq(find(buf, len, "\x0a\x07" "c.proto"), (size_t)-1);
	cr_assert_eq(find(buf, len, "\x0a\x07" "a.proto"), (size_t)-1);
	pb = find(buf, len, "\x0a\x07" "b.proto");
	pd = find(buf, len, "\x0a\x07" "d.proto");
	cr_assert(pd < pb && pb != (size_t)-1, "d's import a is not an input, so b is not reached from d");
	pc_arena_release(&fx.arena);
}

Test(write, source_info_spans_and_comments)
{
	Fixture fx;
	fixture_init(&fx);
	PcFile *f = PC_NEW(&fx.arena, PcFile);
	f->name = pc_str("s.proto");
	f->has_source_info = true;
	static int32_t empty_path[1], pkg_path[] = {2};
	PcLocation *l = PC_VEC_PUSH(&f->locations, PcLocation, &fx.arena);
	l->path = empty_path;
	l->span = (PcSpan){0, 0, 3, 1};
	l = PC_VEC_PUSH(&f->locations, PcLocation, &fx.arena);
	l->path = pkg_path;
	l->path_len = 1;
	l->span = (PcSpan){1, 0, 1, 12};
	l->comments = PC_NEW(&fx.arena, PcComments);
	l->comments->leading = pc_str(" hi\n");
	*PC_VEC_PUSH(&l->comments->detached, PcStr, &fx.arena) = pc_str(" lone\n");
	*PC_VEC_PUSH(&fx.schema.inputs, PcFile *, &fx.arena) = f;
	PcDescsetWriteOpts opts = {.include_source_info = true};
	size_t len;
	unsigned char *buf = write_to_memory(&fx.schema, &opts, &len);
	/* location{span:[0,0,3,1]} location{path:[2] span:[1,0,12] leading:" hi\n"
	 * detached:" lone\n"}, spans and paths packed. */
	static const unsigned char want[] = "\x0a\x2b\x0a\x07s.proto\x4a\x20"
					    "\x0a\x06\x12\x04\x00\x00\x03\x01"
					    "\x0a\x16\x0a\x01\x02\x12\x03\x01\x00\x0c\x1a\x04 hi\n\x32\x06 lone\n";
	assert_bytes(buf, len, want, sizeof want - 1);
	pc_arena_release(&fx.arena);
}

Test(sniff, binary_sets_and_text)
{
	cr_assert(pc_descset_sniff((const char *)demo_pb, sizeof demo_pb));
	cr_assert_not(pc_descset_sniff((const char *)demo_pb, sizeof demo_pb - 1), "truncated");
	cr_assert_not(pc_descset_sniff("", 0));
	/* A file record followed by an extension record (field 536000000, 1 byte). */
	static const char with_ext[] = "\x0a\x03\x0a\x01x" "\x82\xe0\xd6\xfc\x0f\x01z";
	cr_assert(pc_descset_sniff(with_ext, sizeof with_ext - 1));
	cr_assert_not(pc_descset_sniff(with_ext + 5, sizeof with_ext - 6), "must start with a file");
	const char *texts[] = {
		"syntax = \"proto3\";\n",
		"\n\nsyntax = \"proto3\";\npackage a;\n",
		"\n// comment\nmessage A {}\n",
		"\n",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		cr_assert_not(pc_descset_sniff(texts[i], strlen(texts[i])), "text %zu taken for binary", i);
}

Test(read, missing_file_is_an_io_error)
{
	Fixture fx;
	fixture_init(&fx);
	cr_assert_eq(pc_descset_read(&fx.schema, "/nonexistent/x.binpb"), 2);
	cr_assert(has_diag(&fx.diags, "cannot read"));
	pc_arena_release(&fx.arena);
}

Test(read, truncated_and_garbage_sets_are_rejected)
{
	static const unsigned char garbage[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02};
	static const unsigned char bad_wire[] = {0x0a, 0x02, 0x0f, 0x0f};
	struct {
		const void *data;
		size_t len;
	} cases[] = {
		{demo_pb, sizeof demo_pb / 2},
		{demo_pb, sizeof demo_pb - 1},
		{garbage, sizeof garbage},
		{bad_wire, sizeof bad_wire},
		{"syntax = \"proto3\";", 18},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Fixture fx;
		fixture_init(&fx);
		const char *path = write_temp(cases[i].data, cases[i].len);
		cr_assert_eq(pc_descset_read(&fx.schema, path), 3, "case %zu", i);
		cr_assert(has_diag(&fx.diags, "not a valid descriptor set"), "case %zu", i);
		unlink(path);
		pc_arena_release(&fx.arena);
	}
}

Test(read, deep_nesting_is_refused_without_recursion)
{
	/* file{message_type{nested_type{nested_type{... 5000 deep}}}}, built inside out. */
	enum { LEVELS = 5000 };
	PcArena a;
	pc_arena_init(&a);
	size_t cap = LEVELS * 4 + 64;
	unsigned char *buf = pc_arena_alloc(&a, cap);
	size_t start = cap, len = 0;
	for (int i = 0; i < LEVELS + 2; i++) {
		/* DescriptorProto.nested_type (3), then FileDescriptorProto.message_type (4),
		 * then FileDescriptorSet.file (1); each wraps buf[start..start+len). */
		unsigned char hdr[8];
		size_t h = 0;
		hdr[h++] = i < LEVELS ? 0x1a : i == LEVELS ? 0x22 : 0x0a;
		size_t v = len;
		do {
			hdr[h++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
			v >>= 7;
		} while (v);
		start -= h;
		memcpy(buf + start, hdr, h);
		len += h;
	}
	Fixture fx;
	fixture_init(&fx);
	const char *path = write_temp(buf + start, len);
	cr_assert_eq(pc_descset_read(&fx.schema, path), 3);
	cr_assert(has_diag(&fx.diags, "nested"));
	unlink(path);
	pc_arena_release(&fx.arena);
	pc_arena_release(&a);
}

Test(read, dangling_import_is_reported)
{
	/* file{name:"a.proto" dependency:"missing.proto"} */
	static const unsigned char set[] = "\x0a\x18\x0a\x07" "a.proto\x1a\x0d" "missing.proto";
	Fixture fx;
	fixture_init(&fx);
	const char *path = write_temp(set, sizeof set - 1);
	cr_assert_eq(pc_descset_read(&fx.schema, path), 3);
	cr_assert(has_diag(&fx.diags, "does not contain"));
	unlink(path);
	pc_arena_release(&fx.arena);
}

Test(read, out_of_range_indexes_are_reported)
{
	/* file{name:"a.proto" public_dependency:3} */
	static const unsigned char set[] = "\x0a\x0b\x0a\x07" "a.proto\x50\x03";
	Fixture fx;
	fixture_init(&fx);
	const char *path = write_temp(set, sizeof set - 1);
	cr_assert_eq(pc_descset_read(&fx.schema, path), 3);
	cr_assert(has_diag(&fx.diags, "public_dependency"));
	unlink(path);
	pc_arena_release(&fx.arena);
}

Test(read, protoc_set_into_the_model_and_back)
{
	Fixture fx;
	fixture_init(&fx);
	const char *path = write_temp(demo_pb, sizeof demo_pb);
	int rc = pc_descset_read(&fx.schema, path);
	unlink(path);
	for (uint32_t i = 0; i < fx.diags.list.len; i++)
		cr_log_info("%s", PC_VEC_AT(fx.diags.list, PcDiag, i).message);
	cr_assert_eq(rc, 0);
	cr_assert_eq(fx.schema.inputs.len, 1);
	PcFile *f = PC_VEC_AT(fx.schema.inputs, PcFile *, 0);
	cr_assert(pc_str_eq_c(f->name, "demo.proto"));
	cr_assert_eq(f->syntax, PC_SYNTAX_PROTO3);
	cr_assert(PC_VEC_AT(f->imports, PcImport, 1).is_public);
	cr_assert_not_null(PC_VEC_AT(f->imports, PcImport, 1).file, "timestamp.proto comes from the embedded copy");
	PcMessage *m = PC_VEC_AT(f->messages, PcMessage *, 0);
	cr_assert(pc_str_eq_c(m->full_name, "demo.v1.User"));
	cr_assert_eq(m->fields.len, 7);
	cr_assert(PC_VEC_AT(m->fields, PcField *, 4)->has_json_name);
	cr_assert_not(PC_VEC_AT(m->fields, PcField *, 0)->has_json_name);
	cr_assert(PC_VEC_AT(m->oneofs, PcOneof *, 1)->synthetic);
	cr_assert_not(PC_VEC_AT(m->oneofs, PcOneof *, 0)->synthetic);
	cr_assert(m->opts.present && m->opts.encoded.len == 4);

	PcDescsetWriteOpts opts = {0};
	size_t len;
	unsigned char *buf = write_to_memory(&fx.schema, &opts, &len);
	assert_bytes(buf, len, demo_pb, sizeof demo_pb);
	pc_arena_release(&fx.arena);
}

/* protoc with imports and source info: reading the set and writing it again must give
 * protoc's bytes back. includes are protoc's -I options. */
static void roundtrip_protoc(const char *includes, const char *file)
{
	if (system("protoc --version >/dev/null 2>&1") != 0)
		cr_skip_test("protoc not installed");
	char out[] = "/tmp/pc_descset_rt_XXXXXX";
	int fd = mkstemp(out);
	cr_assert_geq(fd, 0);
	close(fd);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "protoc %s --include_imports --include_source_info -o %s %s", includes,
		 out, file);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	Fixture fx;
	fixture_init(&fx);
	int rc = pc_descset_read(&fx.schema, out);
	for (uint32_t i = 0; i < fx.diags.list.len; i++)
		cr_log_info("%s", PC_VEC_AT(fx.diags.list, PcDiag, i).message);
	cr_assert_eq(rc, 0);
	PcDescsetWriteOpts opts = {.include_imports = true, .include_source_info = true};
	size_t len;
	unsigned char *buf = write_to_memory(&fx.schema, &opts, &len);
	FILE *in = fopen(out, "rb");
	cr_assert_not_null(in);
	unsigned char *want = pc_arena_alloc(&fx.arena, len + 4096);
	size_t got = fread(want, 1, len + 4096, in);
	fclose(in);
	unlink(out);
	assert_bytes(buf, len, want, got);
	pc_arena_release(&fx.arena);
}

Test(roundtrip, protoc_api_with_imports_and_source_info)
{
	roundtrip_protoc("-I" PC_SOURCE_DIR "/src/wkt", "google/protobuf/api.proto");
}

Test(roundtrip, protoc_struct_with_map_and_oneof)
{
	roundtrip_protoc("-I" PC_SOURCE_DIR "/src/wkt", "google/protobuf/struct.proto");
}

/* Our plugin.proto with protoc 3.21's own descriptor.proto: with ours, protoc 3.21
 * would not know the editions options it uses and would keep them in source order,
 * where protobuf-c (like newer protoc and buf) writes field-number order. */
Test(roundtrip, protoc_plugin_proto2)
{
	roundtrip_protoc("-I/usr/include -I" PC_SOURCE_DIR "/src/wkt", "google/protobuf/compiler/plugin.proto");
}

Test(roundtrip, protoc_proto2_groups_defaults_extensions_custom_options)
{
	char dir[] = "/tmp/pc_descset_dir_XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof path, "%s/p2.proto", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("syntax = \"proto2\";\n"
	      "package p2;\n"
	      "import \"google/protobuf/descriptor.proto\";\n"
	      "// Custom options.\n"
	      "extend google.protobuf.FieldOptions {\n"
	      "  optional string tag = 51000;\n"
	      "  repeated int32 nums = 51001;\n"
	      "}\n"
	      "extend google.protobuf.MessageOptions { optional Meta meta = 51002; }\n"
	      "message Meta { optional string a = 1; repeated int32 b = 2; }\n"
	      "/* A message. */\n"
	      "message M {\n"
	      "  option (meta) = { a: \"x\" b: [1, 2] };\n"
	      "  option deprecated = true;\n"
	      "  required int32 id = 1 [(tag) = \"t\", (nums) = 3, (nums) = 4, deprecated = true];\n"
	      "  optional string s = 2 [default = \"a\\tb\\\"c\"];\n"
	      "  optional bytes by = 3 [default = \"\\001\\377z\"];\n"
	      "  optional double d = 4 [default = -inf];\n"
	      "  optional float fl = 5 [default = 1e10];\n"
	      "  optional E e = 6 [default = TWO];\n"
	      "  repeated group G = 7 { optional int32 x = 1; }\n"
	      "  map<string, M> children = 8;\n"
	      "  extensions 100 to 199, 300 to max;\n"
	      "  reserved 9, 11 to 20;\n"
	      "  reserved \"old\";\n"
	      "  enum E { ONE = 1; TWO = 2; reserved 5 to 8; reserved \"X\"; }\n"
	      "  oneof o { int32 p = 21; string q = 22; }\n"
	      "  optional int64 big = 23 [default = -9223372036854775808, jstype = JS_STRING];\n"
	      "}\n"
	      "extend M { optional int32 ext = 100; }\n"
	      "enum Alias { option allow_alias = true; A = 0; B = 0; }\n"
	      "service S {\n"
	      "  rpc Call(stream M) returns (M) { option idempotency_level = NO_SIDE_EFFECTS; }\n"
	      "}\n",
	      f);
	fclose(f);
	char includes[160];
	snprintf(includes, sizeof includes, "-I%s -I/usr/include", dir);
	roundtrip_protoc(includes, "p2.proto");
	unlink(path);
	rmdir(dir);
}

/* ---- JSON images ----
 * demo2.proto, compiled by protoc 3.21.12 (`protoc -I. -I/usr/include
 * --descriptor_set_out=demo2.pb demo2.proto`) and converted by buf 1.75 into a JSON
 * image (`buf build 'demo2.pb#format=binpb' -o demo2.json --exclude-imports`):
 *
 *   syntax = "proto3";
 *   package demo.v1;
 *   import public "google/protobuf/timestamp.proto";
 *   option go_package = "x/y";
 *   option java_multiple_files = true;
 *   message User {
 *     string user_name = 1;
 *     repeated int64 ids = 2 [packed = false, deprecated = true];
 *     google.protobuf.Timestamp created = 3;
 *     oneof kind {
 *       int32 a = 4;
 *       string b = 5 [json_name = "bee"];
 *     }
 *     optional int32 c = 6;
 *     enum State {
 *       STATE_UNSPECIFIED = 0;
 *       ACTIVE = 1;
 *     }
 *     State state = 7;
 *     reserved 10 to 12, 100 to max;
 *     reserved "old";
 *     map<string, int64> counts = 8;
 *   }
 *   service Users {
 *     rpc Get(User) returns (stream User);
 *   }
 *
 * Reading the JSON and writing the set again must give protoc's bytes. */
static const unsigned char demo2_pb[] = {
	0x0a, 0x8b, 0x04, 0x0a, 0x0b, 0x64, 0x65, 0x6d, 0x6f, 0x32, 0x2e, 0x70,
	0x72, 0x6f, 0x74, 0x6f, 0x12, 0x07, 0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x76,
	0x31, 0x1a, 0x1f, 0x67, 0x6f, 0x6f, 0x67, 0x6c, 0x65, 0x2f, 0x70, 0x72,
	0x6f, 0x74, 0x6f, 0x62, 0x75, 0x66, 0x2f, 0x74, 0x69, 0x6d, 0x65, 0x73,
	0x74, 0x61, 0x6d, 0x70, 0x2e, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x22, 0x8e,
	0x03, 0x0a, 0x04, 0x55, 0x73, 0x65, 0x72, 0x12, 0x1b, 0x0a, 0x09, 0x75,
	0x73, 0x65, 0x72, 0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x18, 0x01, 0x20, 0x01,
	0x28, 0x09, 0x52, 0x08, 0x75, 0x73, 0x65, 0x72, 0x4e, 0x61, 0x6d, 0x65,
	0x12, 0x16, 0x0a, 0x03, 0x69, 0x64, 0x73, 0x18, 0x02, 0x20, 0x03, 0x28,
	0x03, 0x42, 0x04, 0x10, 0x00, 0x18, 0x01, 0x52, 0x03, 0x69, 0x64, 0x73,
	0x12, 0x34, 0x0a, 0x07, 0x63, 0x72, 0x65, 0x61, 0x74, 0x65, 0x64, 0x18,
	0x03, 0x20, 0x01, 0x28, 0x0b, 0x32, 0x1a, 0x2e, 0x67, 0x6f, 0x6f, 0x67,
	0x6c, 0x65, 0x2e, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x62, 0x75, 0x66, 0x2e,
	0x54, 0x69, 0x6d, 0x65, 0x73, 0x74, 0x61, 0x6d, 0x70, 0x52, 0x07, 0x63,
	0x72, 0x65, 0x61, 0x74, 0x65, 0x64, 0x12, 0x0e, 0x0a, 0x01, 0x61, 0x18,
	0x04, 0x20, 0x01, 0x28, 0x05, 0x48, 0x00, 0x52, 0x01, 0x61, 0x12, 0x10,
	0x0a, 0x01, 0x62, 0x18, 0x05, 0x20, 0x01, 0x28, 0x09, 0x48, 0x00, 0x52,
	0x03, 0x62, 0x65, 0x65, 0x12, 0x11, 0x0a, 0x01, 0x63, 0x18, 0x06, 0x20,
	0x01, 0x28, 0x05, 0x48, 0x01, 0x52, 0x01, 0x63, 0x88, 0x01, 0x01, 0x12,
	0x29, 0x0a, 0x05, 0x73, 0x74, 0x61, 0x74, 0x65, 0x18, 0x07, 0x20, 0x01,
	0x28, 0x0e, 0x32, 0x13, 0x2e, 0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x76, 0x31,
	0x2e, 0x55, 0x73, 0x65, 0x72, 0x2e, 0x53, 0x74, 0x61, 0x74, 0x65, 0x52,
	0x05, 0x73, 0x74, 0x61, 0x74, 0x65, 0x12, 0x31, 0x0a, 0x06, 0x63, 0x6f,
	0x75, 0x6e, 0x74, 0x73, 0x18, 0x08, 0x20, 0x03, 0x28, 0x0b, 0x32, 0x19,
	0x2e, 0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x76, 0x31, 0x2e, 0x55, 0x73, 0x65,
	0x72, 0x2e, 0x43, 0x6f, 0x75, 0x6e, 0x74, 0x73, 0x45, 0x6e, 0x74, 0x72,
	0x79, 0x52, 0x06, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x73, 0x1a, 0x39, 0x0a,
	0x0b, 0x43, 0x6f, 0x75, 0x6e, 0x74, 0x73, 0x45, 0x6e, 0x74, 0x72, 0x79,
	0x12, 0x10, 0x0a, 0x03, 0x6b, 0x65, 0x79, 0x18, 0x01, 0x20, 0x01, 0x28,
	0x09, 0x52, 0x03, 0x6b, 0x65, 0x79, 0x12, 0x14, 0x0a, 0x05, 0x76, 0x61,
	0x6c, 0x75, 0x65, 0x18, 0x02, 0x20, 0x01, 0x28, 0x03, 0x52, 0x05, 0x76,
	0x61, 0x6c, 0x75, 0x65, 0x3a, 0x02, 0x38, 0x01, 0x22, 0x2a, 0x0a, 0x05,
	0x53, 0x74, 0x61, 0x74, 0x65, 0x12, 0x15, 0x0a, 0x11, 0x53, 0x54, 0x41,
	0x54, 0x45, 0x5f, 0x55, 0x4e, 0x53, 0x50, 0x45, 0x43, 0x49, 0x46, 0x49,
	0x45, 0x44, 0x10, 0x00, 0x12, 0x0a, 0x0a, 0x06, 0x41, 0x43, 0x54, 0x49,
	0x56, 0x45, 0x10, 0x01, 0x42, 0x06, 0x0a, 0x04, 0x6b, 0x69, 0x6e, 0x64,
	0x42, 0x04, 0x0a, 0x02, 0x5f, 0x63, 0x4a, 0x04, 0x08, 0x0a, 0x10, 0x0d,
	0x4a, 0x08, 0x08, 0x64, 0x10, 0x80, 0x80, 0x80, 0x80, 0x02, 0x52, 0x03,
	0x6f, 0x6c, 0x64, 0x32, 0x2e, 0x0a, 0x05, 0x55, 0x73, 0x65, 0x72, 0x73,
	0x12, 0x25, 0x0a, 0x03, 0x47, 0x65, 0x74, 0x12, 0x0d, 0x2e, 0x64, 0x65,
	0x6d, 0x6f, 0x2e, 0x76, 0x31, 0x2e, 0x55, 0x73, 0x65, 0x72, 0x1a, 0x0d,
	0x2e, 0x64, 0x65, 0x6d, 0x6f, 0x2e, 0x76, 0x31, 0x2e, 0x55, 0x73, 0x65,
	0x72, 0x30, 0x01, 0x42, 0x07, 0x50, 0x01, 0x5a, 0x03, 0x78, 0x2f, 0x79,
	0x50, 0x00, 0x62, 0x06, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x33,
};

static const char demo2_json[] =
	"{\"file\":[{\"name\":\"demo2.proto\",\"package\":\"demo.v1\",\"dependency\":[\"google/protobuf/timestamp.prot"
	"o\"],\"publicDependency\":[0],\"messageType\":[{\"name\":\"User\",\"field\":[{\"name\":\"user_name\",\"number\":1"
	",\"label\":\"LABEL_OPTIONAL\",\"type\":\"TYPE_STRING\",\"jsonName\":\"userName\"},{\"name\":\"ids\",\"number\":2,\""
	"label\":\"LABEL_REPEATED\",\"type\":\"TYPE_INT64\",\"jsonName\":\"ids\",\"options\":{\"packed\":false,\"deprecat"
	"ed\":true}},{\"name\":\"created\",\"number\":3,\"label\":\"LABEL_OPTIONAL\",\"type\":\"TYPE_MESSAGE\",\"typeName"
	"\":\".google.protobuf.Timestamp\",\"jsonName\":\"created\"},{\"name\":\"a\",\"number\":4,\"label\":\"LABEL_OPTIO"
	"NAL\",\"type\":\"TYPE_INT32\",\"oneofIndex\":0,\"jsonName\":\"a\"},{\"name\":\"b\",\"number\":5,\"label\":\"LABEL_OP"
	"TIONAL\",\"type\":\"TYPE_STRING\",\"oneofIndex\":0,\"jsonName\":\"bee\"},{\"name\":\"c\",\"number\":6,\"label\":\"LA"
	"BEL_OPTIONAL\",\"type\":\"TYPE_INT32\",\"oneofIndex\":1,\"jsonName\":\"c\",\"proto3Optional\":true},{\"name\":\""
	"state\",\"number\":7,\"label\":\"LABEL_OPTIONAL\",\"type\":\"TYPE_ENUM\",\"typeName\":\".demo.v1.User.State\",\""
	"jsonName\":\"state\"},{\"name\":\"counts\",\"number\":8,\"label\":\"LABEL_REPEATED\",\"type\":\"TYPE_MESSAGE\",\"t"
	"ypeName\":\".demo.v1.User.CountsEntry\",\"jsonName\":\"counts\"}],\"nestedType\":[{\"name\":\"CountsEntry\",\""
	"field\":[{\"name\":\"key\",\"number\":1,\"label\":\"LABEL_OPTIONAL\",\"type\":\"TYPE_STRING\",\"jsonName\":\"key\"}"
	",{\"name\":\"value\",\"number\":2,\"label\":\"LABEL_OPTIONAL\",\"type\":\"TYPE_INT64\",\"jsonName\":\"value\"}],\"o"
	"ptions\":{\"mapEntry\":true}}],\"enumType\":[{\"name\":\"State\",\"value\":[{\"name\":\"STATE_UNSPECIFIED\",\"nu"
	"mber\":0},{\"name\":\"ACTIVE\",\"number\":1}]}],\"oneofDecl\":[{\"name\":\"kind\"},{\"name\":\"_c\"}],\"reservedRa"
	"nge\":[{\"start\":10,\"end\":13},{\"start\":100,\"end\":536870912}],\"reservedName\":[\"old\"]}],\"service\":[{"
	"\"name\":\"Users\",\"method\":[{\"name\":\"Get\",\"inputType\":\".demo.v1.User\",\"outputType\":\".demo.v1.User\","
	"\"serverStreaming\":true}]}],\"options\":{\"javaMultipleFiles\":true,\"goPackage\":\"x/y\"},\"syntax\":\"prot"
	"o3\",\"bufExtension\":{\"isImport\":false,\"isSyntaxUnspecified\":false}}]}";

static int read_json(Fixture *fx, const char *text)
{
	PcJson root;
	if (!pc_json_parse(&root, text, strlen(text), "t.json", &fx->arena, &fx->diags))
		return -1;
	return pc_descset_read_json(&fx->schema, "t.json", &root);
}

Test(json, buf_image_reads_as_protoc_set)
{
	Fixture fx;
	fixture_init(&fx);
	cr_assert_eq(read_json(&fx, demo2_json), 0, "%s",
		     fx.diags.list.len ? PC_VEC_AT(fx.diags.list, PcDiag, 0).message : "");
	PcDescsetWriteOpts opts = {0};
	size_t len;
	unsigned char *buf = write_to_memory(&fx.schema, &opts, &len);
	assert_bytes(buf, len, demo2_pb, sizeof demo2_pb);
	pc_arena_release(&fx.arena);
}

Test(json, spellings_protojson_accepts)
{
	/* proto names as well as JSON names, enum numbers, integers as strings, null as
	 * absent, unknown members skipped */
	Fixture fx;
	fixture_init(&fx);
	const char *text = "{\"file\": [{\"name\": \"a.proto\", \"syntax\": \"proto3\", \"package\": null,"
			   " \"message_type\": [{\"name\": \"M\", \"field\": [{\"name\": \"x\", \"number\": \"3\","
			   " \"label\": 1, \"type\": \"TYPE_INT64\", \"jsonName\": \"x\"}],"
			   " \"reservedRange\": [{\"start\": 5.0, \"end\": \"7\"}]}],"
			   " \"bufExtension\": {\"isImport\": false}, \"[some.ext]\": 1}], \"somethingElse\": [1]}";
	cr_assert_eq(read_json(&fx, text), 0, "%s", fx.diags.list.len ? PC_VEC_AT(fx.diags.list, PcDiag, 0).message : "");
	PcFile *f = PC_VEC_AT(fx.schema.inputs, PcFile *, 0);
	cr_expect(pc_str_eq_c(f->name, "a.proto"));
	PcMessage *m = PC_VEC_AT(f->messages, PcMessage *, 0);
	PcField *x = PC_VEC_AT(m->fields, PcField *, 0);
	cr_expect_eq(x->number, 3);
	pc_arena_release(&fx.arena);
}

/* text is refused (3) with an error containing want. */
static void json_refused(const char *text, const char *want)
{
	Fixture fx;
	fixture_init(&fx);
	int rc = read_json(&fx, text);
	cr_expect(rc == 3 || rc == -1, "%s: accepted", text);
	cr_expect(has_diag(&fx.diags, want), "%s: no error with \"%s\" (%s)", text, want,
		  fx.diags.list.len ? PC_VEC_AT(fx.diags.list, PcDiag, 0).message : "none");
	pc_arena_release(&fx.arena);
}

Test(json, wrong_values_are_errors_naming_the_place)
{
	json_refused("{\"file\": 3}", "file: expected an array");
	json_refused("[]", "(top): expected an object");
	json_refused("{\"file\": [{\"name\": 7}]}", "file[0].name: expected a string");
	json_refused("{\"file\": [{\"name\": \"a\", \"messageType\": [{\"field\": [{\"type\": \"TYPE_FOO\"}]}]}]}",
		     "file[0].messageType[0].field[0].type: \"TYPE_FOO\" is not a value of");
	json_refused("{\"file\": [{\"name\": \"a\", \"messageType\": [{\"field\": [{\"number\": 3000000000}]}]}]}",
		     "number: 3000000000 is out of range");
	json_refused("{\"file\": [{\"name\": \"a\", \"messageType\": [{\"field\": [{\"number\": \"x1\"}]}]}]}",
		     "\"x1\" is not an integer");
	json_refused("{\"file\": [{\"name\": \"a\", \"messageType\": [{\"field\": [{\"number\": 1.5}]}]}]}",
		     "1.5 is not an integer");
	json_refused("{\"file\": [{\"name\": \"a\", \"options\": {\"deprecated\": \"yes\"}}]}",
		     "file[0].options.deprecated: expected true or false");
	json_refused("{\"file\": [{\"name\": \"a\"}], \"file\": []}", "duplicate object key");
	json_refused("{\"file\": [", "invalid JSON");
}

Test(json, deep_nesting_is_refused)
{
	/* messages nested in messages beyond the descriptor reader's limit */
	char text[20000];
	size_t n = 0;
	n += (size_t)snprintf(text + n, sizeof text - n, "{\"file\": [{\"name\": \"a\", \"messageType\": [");
	for (int i = 0; i < 120; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "{\"name\": \"M\", \"nestedType\": [");
	for (int i = 0; i < 120; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "]}");
	snprintf(text + n, sizeof text - n, "]}]}");
	json_refused(text, "nested more than");
}
