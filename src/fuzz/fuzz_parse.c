/* libFuzzer target: the lexer and parser on one file's bytes. Any crash, sanitizer
 * report or hang here is a bug: the parser must turn every input into a tree plus
 * diagnostics. Build: see docs/testing.md (clang -fsanitize=fuzzer,address,undefined). */
#include <stddef.h>
#include <stdint.h>

#include "parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcSource src;
	pc_source_init_bytes(&src, "fuzz.proto", "fuzz.proto", (const char *)data, size, &a);
	pc_parse_file(&src, &d, &a);
	pc_arena_release(&a);
	return 0;
}
