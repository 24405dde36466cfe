/* The inputs buf accepts, for `protocompat check` (called first by pc_input_load_side):
 * buf's `PATH#key=value,...` syntax (src/bufref.h) with archives (.tar, .tar.gz, .tgz,
 * .zip, through src/archive.h), binary and JSON images (also on standard input, `-`),
 * git repositories (`.git#branch=B`, `#tag=T`, `#ref=R`, `#subdir=D`), and
 * `git:REV:PATH` naming a descriptor set stored in the repository. Reported paths are
 * buf's: the path inside the archive or repository, or the names inside the image.
 * Errors go to the schema's diagnostics. */
#ifndef PC_INPUT_BUF_H
#define PC_INPUT_BUF_H

#include "input.h"

/* Loads arg when it is one of the inputs above and returns 0, 2 (unusable input) or 3
 * (parse or link errors); returns -1, having loaded nothing, for any other argument
 * (a .proto file, a directory, a descriptor set by name, git:REV[:PATH] of .proto
 * files), which input.c then loads. */
int pc_input_buf_load(PcInput *in, PcSchema *s, const char *arg, const char *other, bool old_side,
		      const char *const *includes, uint32_t nincludes);

#endif
