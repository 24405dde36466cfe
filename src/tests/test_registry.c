/* Registry inputs: which text is taken for base64 of a descriptor, how bad base64 is
 * reported, and that a lone FileDescriptorProto reads like a set of one file.
 * The base64 below is python3-protobuf's FileDescriptorProto.SerializeToString() of
 * protoc 3.21's descriptor for testdata/registry/v1.proto, base64-encoded
 * (testdata/registry/v1.serialized). */
#include <criterion/criterion.h>
#include <string.h>

#include "descset.h"
#include "registry.h"

static const char v1_b64[] =
	"CgtvcmRlci5wcm90bxIEYWNtZSIrCgVPcmRlchIOCgJpZBgBIAEoBVICaWQSEgoEbm90ZRgCIAEoCVIEbm90ZQ==";

static bool sniff(const char *s)
{
	return pc_registry_sniff(s, strlen(s));
}

Test(registry, sniff_takes_base64_of_a_descriptor)
{
	cr_assert(sniff(v1_b64));
	cr_assert(sniff("CgtvcmRl\nci5wcm90\r\n"), "line breaks are white space");
}

Test(registry, sniff_leaves_proto_text_alone)
{
	cr_assert(!sniff("syntax = \"proto3\";\n"));
	cr_assert(!sniff("//x\n"), "a comment of base64 letters is not a whole group");
	cr_assert(!sniff("abcd"), "decodes to 0x69..., not a descriptor's first key");
	cr_assert(!sniff(""));
	cr_assert(!sniff("\n\n"));
	cr_assert(!sniff("Cg=a"), "padding only at the end");
}

Test(registry, decode_reports_the_bad_byte)
{
	PcArena a;
	pc_arena_init(&a);
	char *out;
	size_t n;
	const char *why = NULL;
	cr_assert(!pc_registry_decode("Cgtv\n!!==", 9, &out, &n, &why, &a));
	cr_assert_str_eq(why, "a character outside base64 (0x21) at byte 6");
	cr_assert(!pc_registry_decode("Cgtvc", 5, &out, &n, &why, &a));
	cr_assert_str_eq(why, "incomplete final group (base64 comes in groups of 4 characters)");
	cr_assert(pc_registry_decode("Cgtv\ncmRl", 9, &out, &n, &why, &a));
	cr_assert_eq(n, 6);
	cr_assert(memcmp(out, "\x0a\x0border", 6) == 0);
	pc_arena_release(&a);
}

Test(registry, file_proto_reads_as_a_set_of_one)
{
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcSchema s;
	pc_schema_init(&s, &a, &d);
	char *bytes;
	size_t n;
	const char *why;
	cr_assert(pc_registry_decode(v1_b64, strlen(v1_b64), &bytes, &n, &why, &a));
	cr_assert_eq(pc_descset_read_bytes(&s, "v1.serialized", bytes, n), 0);
	cr_assert_eq(s.inputs.len, 1);
	const PcFile *f = PC_VEC_AT(s.inputs, PcFile *, 0);
	cr_assert(pc_str_eq_c(f->name, "order.proto"));
	cr_assert(pc_str_eq_c(f->package, "acme"));
	cr_assert_eq(f->messages.len, 1);
	/* cut short: an error, never an empty schema */
	PcSchema t;
	pc_schema_init(&t, &a, &d);
	cr_assert_eq(pc_descset_read_bytes(&t, "cut", bytes, 30), 3);
	cr_assert_gt(d.errors, 0);
	pc_arena_release(&a);
}
