/* A Schema: every file of one version of a schema (the inputs and what they import,
 * well-known types included), linked and resolved, in one arena. Built from .proto
 * files by pc_schema_load() (loader + resolver) or from a descriptor set by
 * pc_descset_read(). Errors go to the schema's diags; a schema with errors must never
 * be reported as compatible. */
#ifndef PC_SCHEMA_H
#define PC_SCHEMA_H

#include "ast.h"
#include "diag.h"
#include "source.h"

typedef struct PcSymtab PcSymtab;

/* 64 MiB: the largest .proto files in googleapis are under 1 MiB; checking a dense
 * 64 MiB file takes a few GiB of memory. --max-file-size changes it. */
#define PC_DEFAULT_MAX_FILE_SIZE (64u << 20)

typedef struct PcSchema {
	PcArena *arena;
	PcDiags *diags;
	PcVec files;       /* of PcFile *, every loaded file, dependencies first */
	PcVec inputs;      /* of PcFile *, the files named as inputs (in input order) */
	PcSymtab *symbols; /* full name -> element; private to resolve.c */
	uint32_t jobs;     /* threads that parse input files: 0 one per core (the default),
			    * 1 none; the result is the same either way */
	uint64_t max_file_size; /* bytes a .proto file may have (0: PC_DEFAULT_MAX_FILE_SIZE);
				 * a larger one is an error, found before it is read */
	bool lazy_source_info; /* parse input files without source info (locations and
				* comments), for a check: much less memory; the few files
				* whose positions are needed get their locations from
				* pc_schema_file_locations() */
	bool keep_written;     /* keep the options as written after resolution (normally
				* released): the incremental check summarizes a fully loaded
				* side's files from them (src/incremental.c, custom options) */
} PcSchema;

/* A file held in memory (a git blob), named by its path below its tree's root. */
typedef struct PcMemFile {
	const char *path;  /* "proto/acme/user.proto": '/'-separated, no "." or ".." */
	const char *data;
	size_t len;
} PcMemFile;

/* Files in memory standing in for the disk below root (a repository at one version):
 * every path under root is looked up in files only, never on disk, so a file deleted
 * in that version is not found; paths outside root are read from disk as usual. */
typedef struct PcMemTree {
	const char *root;         /* absolute and normalised, e.g. the repository's top */
	const PcMemFile *files;   /* sorted by path with strcmp */
	uint32_t nfiles;
} PcMemTree;

typedef struct PcLoadConfig {
	const char *const *import_paths; /* -I directories, in search order */
	uint32_t nimport_paths;
	const char *const *excludes;     /* files and directories left out: not walked, not
					  * found by imports (a workspace's `excludes`) */
	uint32_t nexcludes;
} PcLoadConfig;

typedef enum PcFsKind { PC_FS_NONE, PC_FS_FILE, PC_FS_DIR, PC_FS_DANGLING } PcFsKind;

/* What path is: answered by tree below its root (tree may be NULL), by the disk
 * elsewhere. PC_FS_DANGLING: a symbolic link to nothing (disk only). */
PcFsKind pc_fs_kind(const PcMemTree *tree, const char *path, PcArena *a);

/* Whether path lies below the tree's root (tree NULL: never). */
bool pc_memtree_holds(const PcMemTree *tree, const char *path, PcArena *a);

/* Reads the file at path (from tree below its root) into src: 0 or an errno value. */
int pc_fs_read(const PcMemTree *tree, const char *path, PcSource *src, PcArena *a);

void pc_schema_init(PcSchema *s, PcArena *a, PcDiags *diags);

/* Loads the inputs (each a .proto file or a directory, which is its own import root
 * and contributes every .proto below it) and everything they import, then resolves.
 * Returns 0 on success, 2 for I/O errors on the inputs themselves, 3 when a file
 * fails to parse or link (missing imports, cycles, unresolved names, ...). */
int pc_schema_load(PcSchema *s, const PcLoadConfig *cfg, const char *const *inputs, uint32_t ninputs);
/* pc_schema_load() with the files below tree->root read from tree instead of the disk
 * (tree NULL: the same as pc_schema_load). Inputs and -I paths name places on disk as
 * usual; those inside the tree's root are looked up in it. */
int pc_schema_load_tree(PcSchema *s, const PcLoadConfig *cfg, const PcMemTree *tree, const char *const *inputs,
			uint32_t ninputs);

/* Whether the text mentions "protocompat:" (an in-source directive may be there): such
 * a file is parsed with source info whatever the schema's setting. */
bool pc_source_mentions_directive(const PcSource *src);

/* dir/name as the loader joins a root and a file name ("." adds nothing). */
char *pc_schema_join_path(PcArena *a, const char *dir, const char *name);

/* The order in which a directory input's files are loaded: by name within each
 * directory ('/' sorts before every other byte). */
int pc_walk_order_cmp(const char *x, const char *y);

/* The size limit for .proto files: s->max_file_size, or the default. */
uint64_t pc_schema_max_file_size(const PcSchema *s);

/* A file's SourceCodeInfo locations (comments left out) in protoc's order: its own
 * when it has source info, else recreated by parsing its source again, in arena a.
 * None when the source has changed on disk since it was parsed. */
PcVec pc_schema_file_locations(const PcFile *f, PcArena *a);

/* f's source with its bytes and line table, or NULL for a file without one (read from
 * a descriptor set) or whose source, released after parsing, has changed since. A
 * released source is read again into a, which must live as long as f; later calls
 * return the same bytes. */
const PcSource *pc_file_source(const PcFile *f, PcArena *a);
/* The same into *out, read again into a when released but not kept: f's source stays
 * released, and a may be released when done. Returns false where pc_file_source()
 * returns NULL. */
bool pc_file_source_copy(const PcFile *f, PcSource *out, PcArena *a);

/* Resolves files already parsed or read into s->files (used by pc_schema_load and by
 * descriptor-set reading). Returns the number of errors recorded. */
int pc_schema_resolve(PcSchema *s);

typedef enum PcSymKind {
	PC_SYM_NONE,
	PC_SYM_PACKAGE,
	PC_SYM_MESSAGE,
	PC_SYM_ENUM,
	PC_SYM_ENUM_VALUE,
	PC_SYM_FIELD,
	PC_SYM_EXTENSION,
	PC_SYM_ONEOF,
	PC_SYM_SERVICE,
	PC_SYM_METHOD,
} PcSymKind;

/* The JSON name protoc derives from a field name (lowerCamelCase: each '_' dropped and
 * the letter after it upper-cased), NUL-terminated, in arena a. */
PcStr pc_json_name(PcStr field_name, PcArena *a);

/* Values as protoc prints them (normalized defaults, C++ text format), NUL-terminated,
 * in arena a: a double with %.15g, or %.17g when that does not read back (a float with
 * %.6g, or %.9g: protoc's SimpleDtoa / SimpleFtoa), inf, -inf, nan; bytes with protoc's
 * CEscape (\n \r \t \" \' \\, octal for every other byte outside printable ASCII). */
const char *pc_format_double(double v, PcArena *a);
const char *pc_format_float(float v, PcArena *a);
PcStr pc_c_escape(PcStr s, PcArena *a);

/* Looks up a fully-qualified name (no leading dot). Returns the kind and sets *elem
 * to the PcMessage / PcEnum / PcField / ... (NULL for packages). */
PcSymKind pc_schema_lookup(const PcSchema *s, PcStr full_name, void **elem);

#endif
