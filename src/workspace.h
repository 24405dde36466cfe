/* Workspaces: the modules one side of a check is made of, as buf finds them. A
 * directory input is a buf v2 workspace (buf.yaml `modules:`), a buf.work.yaml v1
 * workspace (`directories:`, each with its own v1 / v1beta1 buf.yaml), a v1beta1
 * module with several `build.roots`, or one plain module root; a directory that is a
 * module of a workspace further up is that module, with the workspace's other modules
 * as import roots. Each module carries its own breaking configuration and excludes.
 * Everything lives in the arena given; errors are recorded in the diagnostics and the
 * functions return the contract's status (0, or 2 for a bad or unreadable
 * configuration). */
#ifndef PC_WORKSPACE_H
#define PC_WORKSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "schema.h"

typedef struct PcModule {
	const char *name;        /* its path relative to the workspace's directory ("." for it) */
	PcVec roots;             /* of const char *: its root directories, as the user can open them */
	PcVec excludes;          /* of const char *: paths left out, joined like the roots */
	const PcConfig *config;  /* its breaking rules; ignore paths relative to its roots */
	bool target;             /* its files are checked (else its roots only serve imports) */
	bool own_breaking;       /* a `breaking` section of its own (v2 module, work directory) */
} PcModule;

typedef struct PcWorkspace {
	const char *dir;         /* where the configuration was found, as the user can open it */
	const PcConfig *config;  /* the top level's configuration (defaults when none was found) */
	PcVec modules;           /* of PcModule, sorted by name (the order buf pairs them in) */
} PcWorkspace;

/* Finds the workspace of the directory input dir (on disk, or inside tree below its
 * root; tree may be NULL). config_override (--config: a file, or YAML / JSON data when
 * no such file exists; NULL: none) replaces the files found in dir. */
int pc_workspace_find(PcWorkspace *w, const char *dir, const PcMemTree *tree, const char *config_override,
		      PcArena *a, PcDiags *d);

/* A workspace of one module with no roots (a .proto file or a descriptor set input),
 * configured by the file at config_path (NULL: defaults). */
int pc_workspace_single(PcWorkspace *w, const char *config_path, PcArena *a, PcDiags *d);

/* The roots of the target modules (the inputs to load), then the roots of the others
 * (import paths searched after them), and every module's excludes, into cfg (which
 * keeps any -I paths given after them). */
void pc_workspace_load_config(const PcWorkspace *w, PcLoadConfig *cfg, const char ***inputs, uint32_t *ninputs,
			      PcArena *a);

/* The module whose root holds file f (a loaded file of s), or -1 when none does. */
int32_t pc_workspace_module_of(const PcWorkspace *w, const PcFile *f);

#endif
