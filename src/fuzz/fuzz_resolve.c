/* libFuzzer target: lexer, parser and resolver on one file. The bytes are the file
 * "fuzz.proto"; its imports come from the embedded well-known types (fuzz_util.h), so
 * options, extensions of descriptor.proto, features and type references are all
 * reachable without touching the disk. Any crash, sanitizer report or hang is a bug. */
#include "fuzz_util.h"

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
	pc_arena_release(&a);
	return 0;
}
