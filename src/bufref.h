/* buf's input syntax: `PATH#key=value,key=value` (the inputs of `buf breaking` and
 * `--against`), parsed into a PcBufRef with buf's rules: the format comes from the
 * `format=` key or from the path's extension, the keys that do not apply to the format
 * are refused, values are checked. Nothing is read here; input_buf.c loads the result.
 * Errors are recorded in the diagnostics under the argument as written. */
#ifndef PC_BUFREF_H
#define PC_BUFREF_H

#include <stdbool.h>
#include <stdint.h>

#include "archive.h"
#include "diag.h"

typedef enum PcBufFormat {
	PC_BUF_BINPB,     /* a FileDescriptorSet or buf image, binary (also "bin") */
	PC_BUF_JSON,      /* the same in ProtoJSON (`buf build -o x.json`) */
	PC_BUF_TXTPB,     /* text format image: recognised, not supported */
	PC_BUF_YAML,      /* YAML image: recognised, not supported */
	PC_BUF_TAR,
	PC_BUF_ZIP,
	PC_BUF_GIT,
	PC_BUF_DIR,
	PC_BUF_PROTOFILE, /* one .proto file */
	PC_BUF_MOD,       /* a BSR module (buf.build/owner/name): recognised, not supported */
} PcBufFormat;

typedef struct PcBufRef {
	const char *arg;             /* as written */
	const char *path;            /* before '#', trimmed; "-" is standard input */
	PcBufFormat format;
	bool format_given;           /* format= was written */
	PcCompression compression;   /* from the path (.gz, .tgz, .zst) or compression= */
	uint32_t strip_components;   /* archives */
	const char *subdir;          /* archives and git, normalised; NULL for the root */
	const char *branch, *tag, *ref; /* git; NULL when absent */
	uint32_t depth;              /* git; 0 when absent (buf's clone depth, no meaning here) */
	bool recurse_submodules;     /* git */
	bool include_package_files;  /* protofile */
} PcBufRef;

/* True when arg is for buf's syntax rather than protocompat's own input rules: it has
 * a '#', is "-", or its extension gives a format the other rules do not read (.tar,
 * .tgz, .zip, .git, .bin, .json, .txtpb, .yaml, .gz, .zst). */
bool pc_bufref_is_input(const char *arg);

/* Parses arg. Returns true, or false after recording an error. */
bool pc_bufref_parse(PcBufRef *out, const char *arg, PcArena *a, PcDiags *d);

/* "binpb", "json", ... as buf spells the format. */
const char *pc_bufref_format_name(PcBufFormat f);

#endif
