/* Inputs of `protocompat check`: one side (OLD or NEW) named on the command line, a
 * .proto file, a directory (its own module root) or a descriptor set (recognised by
 * its bytes, whatever its name), loaded into a PcSchema. Errors go to the schema's
 * diagnostics; the return value is the exit status the contract gives them. */
#ifndef PC_INPUT_H
#define PC_INPUT_H

#include <stdint.h>

#include "schema.h"

typedef enum PcInputKind {
	PC_INPUT_PROTO_FILE,
	PC_INPUT_DIRECTORY,
	PC_INPUT_DESCSET,
} PcInputKind;

typedef struct PcInput {
	const char *arg;         /* as written on the command line */
	PcInputKind kind;
	const char *root;        /* where its configuration is looked up: the directory
				  * itself, else the first -I path, else the file's directory */
} PcInput;

/* Loads arg into s (initialised by the caller) with the -I paths. A .proto file that
 * lies outside the current directory and every -I path gets its own directory as
 * import root. Returns 0, 2 (missing or unreadable input) or 3 (parse or link errors). */
int pc_input_load(PcInput *in, PcSchema *s, const char *arg, const char *const *includes, uint32_t nincludes);

#endif
