/* Git inputs: `git:REV[:PATH]` names one version of the repository around the current
 * directory. This is the only module that runs the git command: it reads the version's
 * .proto files into memory (a PcMemTree for pc_schema_load_tree) and never touches the
 * working tree or the index. Errors are recorded in the diagnostics; nothing prints.
 * Everything lives in the arena passed in. */
#ifndef PC_GIT_H
#define PC_GIT_H

#include <stdbool.h>
#include <stdint.h>

#include "schema.h"

/* REV spellings beyond git's own revisions (docs/integrations.md):
 *   INDEX      the staged content (what `git commit` would record now)
 *   A...B      the merge base of A and B (an empty side is HEAD), as `git diff A...B`
 * A repository without any commit has an empty HEAD (nothing to break). */
typedef struct PcGitRef {
	const char *rev;   /* as written: "main", "HEAD~3", "INDEX", "origin/main...HEAD" */
	const char *path;  /* PATH as written (relative to the current directory), NULL if absent */
} PcGitRef;

/* True when arg names a git input (starts with "git:"). */
bool pc_git_is_input(const char *arg);

/* Splits "git:REV[:PATH]" at the first ':' after the prefix. Returns false when REV is
 * empty (an error is recorded). */
bool pc_git_parse(PcGitRef *out, const char *arg, PcArena *a, PcDiags *d);

/* A regular file of a version and its blob's object id (hex). */
typedef struct PcGitEntry {
	const char *path;      /* relative to the top */
	const char *oid;
} PcGitEntry;

typedef struct PcGitVersion {
	PcMemTree tree;        /* the .proto files with their bytes; root: the repository's top
				* (empty after pc_git_list) */
	PcGitEntry *entries;   /* every regular file with its blob id, strcmp order of path */
	uint32_t nentries;
	const char *blob_dir;  /* where git is run to read its blobs */
	const char **paths;    /* every file of the version (relative to the top), strcmp order */
	uint32_t npaths;
	const char *top;       /* absolute path of the repository's top directory */
	const char *label;     /* "main (3f2a9c1)", "INDEX", for messages */
	const char *tree_oid;  /* the version's tree object; NULL for INDEX and unborn HEAD */
	bool unborn;           /* HEAD of a repository with no commit: an empty version */
	bool has_submodules;   /* the version has submodules (never read) */
} PcGitVersion;

/* Reads version rev of the repository containing dir (NULL: the current directory).
 * Returns 0, or 2 after recording an error: git missing, not a repository, an unknown
 * revision, no merge base, an index with unmerged paths. */
int pc_git_read(PcGitVersion *v, const char *dir, const char *rev, PcArena *a, PcDiags *d);

/* pc_git_read() without reading any blob: the listing (entries, paths) only, from
 * `ls-tree -r` or `ls-files --stage`, which carry the blob ids. */
int pc_git_list(PcGitVersion *v, const char *dir, const char *rev, PcArena *a, PcDiags *d);

/* The blobs oids[0..n) of v's repository in one `cat-file --batch` run, into a:
 * data[i], len[i]. Returns 0, or 2 after recording an error. */
int pc_git_read_objects(const PcGitVersion *v, const char *const *oids, uint32_t n, const char **data, size_t *len,
			PcArena *a, PcDiags *d);

/* Whether a check reads the file at path: a .proto file, or a configuration file
 * that lays out a workspace (buf.yaml, buf.work.yaml, protocompat.yaml). */
bool pc_git_wanted_blob(const char *path);

/* The top directory of the repository containing dir (absolute; a bare repository's
 * git directory), or NULL when there is none or git cannot run; records nothing.
 * pc_git_read() takes its top from here, so bare repositories are read too. */
const char *pc_git_top(const char *dir, PcArena *a);

/* True when rev names a commit (or anything with a tree) in the repository containing
 * dir; records nothing. */
bool pc_git_has_rev(const char *dir, const char *rev, PcArena *a);

typedef enum PcGitPathKind { PC_GIT_ABSENT, PC_GIT_FILE, PC_GIT_DIR } PcGitPathKind;

/* What path (as the user wrote it, relative to the current directory) is in the
 * version. A path outside the repository is absent. */
PcGitPathKind pc_git_path_kind(const PcGitVersion *v, const char *path, PcArena *a);

/* The bytes of the file at path (as the user wrote it, relative to the current
 * directory) in the version, whatever its name: a descriptor set kept in the
 * repository. Returns 0, or 2 after recording an error. */
int pc_git_read_blob(const PcGitVersion *v, const char *path, const char **data, size_t *len, PcArena *a,
		     PcDiags *d);

/* Where the pre-commit hook of the repository containing dir lives (core.hooksPath
 * and worktrees respected), or NULL after recording an error. */
const char *pc_git_hook_path(const char *dir, const char *hook, PcArena *a, PcDiags *d);

#endif
