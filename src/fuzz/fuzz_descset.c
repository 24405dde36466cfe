/* libFuzzer target: the descriptor-set reader (libprotobuf-c decoding, conversion to
 * the model, resolution). The bytes go to a memfd read back through its /proc path,
 * as pc_descset_read only takes a path. A failed read must leave an error. */
#include "fuzz_util.h" /* first: it defines _GNU_SOURCE */
#include "descset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static PcFuzzFile input;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!pc_fuzz_file_put(&input, data, size))
		return 0;
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcSchema s;
	pc_schema_init(&s, &a, &d);
	int rc = pc_descset_read(&s, input.path);
	if (rc != 0 && d.errors == 0)
		__builtin_trap();
	(void)pc_descset_sniff((const char *)data, size);
	pc_arena_release(&a);
	return 0;
}
