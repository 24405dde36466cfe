/* Inputs of `protocompat check`: one side (OLD or NEW) named on the command line, a
 * .proto file, a directory (its own module root), a descriptor set (recognised by
 * its bytes, whatever its name) or git:REV[:PATH] (a file or directory at a version of
 * the repository, read through src/git.h), loaded into a PcSchema; buf's inputs
 * (`PATH#key=value`, archives, images, stdin) are taken first by src/input_buf.h.
 * Errors go to the schema's diagnostics; the return value is the exit status the
 * contract gives them. */
#ifndef PC_INPUT_H
#define PC_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "schema.h"
#include "workspace.h"

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
	const char *git_rev;     /* git inputs: REV as written; NULL for the others */
	const char *git_path;    /* git inputs: PATH, given or defaulted */
	const PcMemTree *tree;   /* archives and buf-syntax git inputs: the files read (their
				  * .proto files and buf.yaml-like configuration files); NULL
				  * for inputs read from disk */
	bool registry;           /* base64 of a descriptor, as a schema registry stores one:
				  * its one file pairs with the other side's one file
				  * whatever their names, as two .proto files do */
	bool empty;              /* a git OLD whose defaulted PATH did not exist at REV
				  * (added since): an empty schema, nothing can break */
	const char *config_override; /* set by the caller: --config / --against-config, or NULL */
	PcWorkspace ws;          /* its modules and their configurations (one module for a
				  * .proto file or a descriptor set) */
} PcInput;

/* Loads arg into s (initialised by the caller) with the -I paths. A .proto file that
 * lies outside the current directory and every -I path gets its own directory as
 * import root. Returns 0, 2 (missing or unreadable input) or 3 (parse or link errors). */
int pc_input_load(PcInput *in, PcSchema *s, const char *arg, const char *const *includes, uint32_t nincludes);

/* pc_input_load() for one side of a pair: other is the other side's argument, which a
 * git input without PATH takes its path from (the other git input's PATH, the other
 * file or directory, else "."). A missing PATH at REV is an error (2), except on the
 * OLD side when PATH was defaulted: then the files are new since REV and in->empty is
 * set. */
int pc_input_load_side(PcInput *in, PcSchema *s, const char *arg, const char *other, bool old_side,
		       const char *const *includes, uint32_t nincludes);

/* A directory (on disk, or inside tree; tree may be NULL) as one side: its workspace
 * (in->config_override applies), then its modules' files. Returns 0, 2 or 3. */
int pc_input_load_dir(PcInput *in, PcSchema *s, const char *dir, const PcMemTree *tree,
		      const char *const *includes, uint32_t nincludes);

/* The configuration of a side that is not a directory (a .proto file, a descriptor
 * set or image): --config, else protocompat.yaml or buf.yaml in in->root on disk. */
int pc_input_single_workspace(PcInput *in, PcSchema *s);

#endif
