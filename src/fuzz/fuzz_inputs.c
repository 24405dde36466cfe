/* libFuzzer target: buf's inputs read from bytes. The first byte picks the reader:
 * 0 buf's PATH#key=value syntax (src/bufref.c), 1 a plain tar, 2 a gzip tar, 3 a zip
 * (src/archive.c, with strip_components from the second byte), 4 a gzip single file,
 * 5 a JSON image (src/json.c, then descset.c's ProtoJSON conversion and the reader) or a
 * schema registry's JSON answer (src/registry.c),
 * 6 base64 of a descriptor as a schema registry stores it (src/registry.c, then the
 * reader, which takes a lone FileDescriptorProto or a set).
 * A refusal must leave an error; an accepted archive's tree must be sorted and
 * hold only clean relative names. */
#include "fuzz_util.h" /* first: it defines _GNU_SOURCE */
#include "archive.h"
#include "bufref.h"
#include "descset.h"
#include "json.h"
#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tree(const PcMemTree *t)
{
	for (uint32_t i = 0; i < t->nfiles; i++) {
		const char *p = t->files[i].path;
		if (!*p || p[0] == '/' || strstr(p, "//") || strcmp(p, "..") == 0 || strncmp(p, "../", 3) == 0 ||
		    strstr(p, "/../") || (i && strcmp(t->files[i - 1].path, p) >= 0))
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	int mode = data[0] % 7, strip = data[1] % 4;
	const char *body = (const char *)data + 2;
	size_t len = size - 2;
	int rc = 0;
	if (mode == 0) {
		PcBufRef r;
		rc = pc_bufref_parse(&r, pc_arena_strndup(&a, body, strnlen(body, len)), &a, &d) ? 0 : 2;
	} else if (mode <= 3) {
		PcArchiveOpts o = {.kind = mode == 3 ? PC_ARCHIVE_ZIP : PC_ARCHIVE_TAR,
				   .compression = mode == 2 ? PC_COMPRESSION_GZIP : PC_COMPRESSION_NONE,
				   .strip_components = (uint32_t)strip, .max_file_size = 1 << 20, .label = "fuzz"};
		PcMemTree t;
		rc = pc_archive_read(&t, "/fuzz", body, len, &o, &a, &d);
		if (rc == 0)
			check_tree(&t);
	} else if (mode == 4) {
		const char *out;
		size_t out_len;
		rc = pc_archive_uncompress(&out, &out_len, body, len, PC_COMPRESSION_GZIP, 1 << 20, "fuzz", &a, &d);
	} else if (mode == 6) {
		PcSchema s;
		pc_schema_init(&s, &a, &d);
		char *bytes;
		size_t n;
		const char *why;
		(void)pc_registry_sniff(body, len);
		if (pc_registry_decode(body, len, &bytes, &n, &why, &a)) {
			rc = pc_descset_read_bytes(&s, "fuzz", bytes, n);
		} else {
			pc_diag_add(&d, PC_SEV_ERROR, "fuzz", 0, 0, (PcStr){0}, "%s", why);
			rc = 3;
		}
	} else {
		PcSchema s;
		pc_schema_init(&s, &a, &d);
		PcJson root;
		bool envelope = false;
		rc = pc_json_parse(&root, body, len, "fuzz", &a, &d) ? pc_registry_read_envelope(&s, "fuzz", &root, &envelope) : 3;
		if (rc == 0 && !envelope)
			rc = pc_descset_read_json(&s, "fuzz", &root);
	}
	if (rc != 0 && d.errors == 0)
		__builtin_trap();
	pc_arena_release(&a);
	return 0;
}
