/* libFuzzer target: lexer, parser and resolver on one file. The bytes are the file
 * "fuzz.proto"; its imports come from the embedded well-known types (fuzz_util.h), so
 * options, extensions of descriptor.proto, features and type references are all
 * reachable without touching the disk. Any crash, sanitizer report or hang is a bug.
 * The file is loaded twice, with source info and without (as `check` loads): both
 * must fail or succeed alike, with as many errors, and the locations recreated for
 * the lean load must equal the recorded ones. */
#include "fuzz_util.h"

#include <string.h>

static bool same_locations(const PcVec *x, const PcVec *y)
{
	if (x->len != y->len)
		return false;
	for (uint32_t i = 0; i < x->len; i++) {
		const PcLocation *a = &PC_VEC_AT(*x, PcLocation, i), *b = &PC_VEC_AT(*y, PcLocation, i);
		if (a->path_len != b->path_len || memcmp(&a->span, &b->span, sizeof a->span) != 0 ||
		    (a->path_len && memcmp(a->path, b->path, a->path_len * sizeof(int32_t)) != 0))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcSchema s;
	pc_schema_init(&s, &a, &d);
	int rc = pc_fuzz_load(&s, "fuzz.proto", data, size);
	/* The contract: a schema that failed carries at least one error. */
	if (rc == 3 && d.errors == 0)
		__builtin_trap();

	PcArena la;
	pc_arena_init(&la);
	PcDiags ld;
	pc_diags_init(&ld, &la);
	PcSchema ls;
	pc_schema_init(&ls, &la, &ld);
	ls.lazy_source_info = true;
	int lrc = pc_fuzz_load(&ls, "fuzz.proto", data, size);
	if (lrc != rc || ld.errors != d.errors)
		__builtin_trap();
	if (rc == 0)
		for (uint32_t i = 0; i < s.inputs.len && i < ls.inputs.len; i++) {
			const PcFile *f = PC_VEC_AT(s.inputs, PcFile *, i), *g = PC_VEC_AT(ls.inputs, PcFile *, i);
			PcVec got = pc_schema_file_locations(g, &la);
			if (!same_locations(&f->locations, &got))
				__builtin_trap();
		}
	pc_arena_release(&la);
	pc_arena_release(&a);
	return 0;
}
