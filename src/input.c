/* Loading one side of a comparison. The kind of an input comes from the file system
 * and the bytes: a directory is a module root; a regular file is a descriptor set
 * when pc_descset_sniff() recognises it (so `old.pb`, `old.binpb` and an extension-less
 * image all work) or its name ends in .pb, .binpb, .desc or .protoset; base64 of a
 * descriptor (a registry's serialized schema) when its name ends in .b64 or .base64 or
 * pc_registry_sniff() recognises it; else .proto text. A lone .proto file with no -I path gets its own
 * directory as import root, so `protocompat a/old.proto b/new.proto` works from
 * anywhere; with -I paths, protoc's rules apply (the file must lie inside one).
 * A git input is the same, with the files of the repository at that version read
 * from memory (pc_schema_load_tree): paths, -I paths and the file names reported are
 * the ones the working tree has, so findings point where the user can open them. */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "descset.h"
#include "git.h"
#include "input_buf.h"
#include "registry.h"
#include "source.h"

static bool has_descset_suffix(const char *path)
{
	return pc_cstr_has_suffix(path, ".pb") || pc_cstr_has_suffix(path, ".binpb") ||
	       pc_cstr_has_suffix(path, ".desc") || pc_cstr_has_suffix(path, ".protoset");
}

static const char *dir_of(const char *path, PcArena *a)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return pc_arena_strndup(a, path, (size_t)(slash - path));
}

static bool ends_with_proto(const char *path)
{
	size_t n = strlen(path);
	return n > 6 && strcmp(path + n - 6, ".proto") == 0;
}

/* PATH of a git input that names none: the other side's, so `git:main proto/`
 * compares proto/ at main with proto/ in the working tree. */
static const char *default_git_path(const char *other, PcArena *a)
{
	if (!other)
		return ".";
	if (pc_git_is_input(other)) {
		/* as pc_git_parse reads it (a trailing '/' dropped), so both sides agree */
		PcGitRef ref;
		PcDiags quiet;
		pc_diags_init(&quiet, a);
		return pc_git_parse(&ref, other, a, &quiet) && ref.path ? ref.path : ".";
	}
	struct stat st;
	if (stat(other, &st) == 0 && (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && ends_with_proto(other))))
		return other;
	return "."; /* a descriptor set: the whole repository */
}

int pc_input_single_workspace(PcInput *in, PcSchema *s)
{
	const char *cfg = in->config_override ? in->config_override : pc_config_find(in->root, s->arena);
	return pc_workspace_single(&in->ws, cfg, s->arena, s->diags);
}

/* A module checked with no .proto file in it is a mistake (a wrong path, an exclude
 * too wide), never a silent pass. */
static int check_not_empty(PcInput *in, PcSchema *s)
{
	const PcWorkspace *w = &in->ws;
	uint32_t *counts = PC_NEW_ARRAY(s->arena, uint32_t, w->modules.len + 1);
	for (uint32_t i = 0; i < s->inputs.len; i++) {
		int32_t m = pc_workspace_module_of(w, PC_VEC_AT(s->inputs, PcFile *, i));
		if (m >= 0)
			counts[m]++;
	}
	int status = 0;
	for (uint32_t i = 0; i < w->modules.len; i++) {
		const PcModule *m = &PC_VEC_AT(w->modules, PcModule, i);
		if (!m->target || counts[i])
			continue;
		const char *root = PC_VEC_AT(m->roots, const char *, 0);
		if (w->modules.len == 1 && strcmp(m->name, ".") == 0)
			pc_diag_add(s->diags, PC_SEV_ERROR, root, 0, 0, (PcStr){0},
				    "no .proto files in \"%s\"%s", root, m->excludes.len ? " (after its excludes)" : "");
		else
			pc_diag_add(s->diags, PC_SEV_ERROR, root, 0, 0, (PcStr){0},
				    "module \"%s\" of %s has no .proto files%s", m->name,
				    w->config->path ? w->config->path : w->dir, m->excludes.len ? " (after its excludes)" : "");
		status = 2;
	}
	return status;
}

int pc_input_load_dir(PcInput *in, PcSchema *s, const char *dir, const PcMemTree *tree,
		      const char *const *includes, uint32_t nincludes)
{
	in->kind = PC_INPUT_DIRECTORY;
	in->root = dir;
	if (pc_workspace_find(&in->ws, dir, tree, in->config_override, s->arena, s->diags) != 0)
		return 2;
	PcLoadConfig cfg = {.import_paths = includes, .nimport_paths = nincludes};
	const char **inputs;
	uint32_t ninputs;
	pc_workspace_load_config(&in->ws, &cfg, &inputs, &ninputs, s->arena);
	int rc = pc_schema_load_tree(s, &cfg, tree, inputs, ninputs);
	if (rc == 0 || rc == 3) {
		int st = check_not_empty(in, s);
		if (st)
			return st;
	}
	return rc;
}

static int load_git(PcInput *in, PcSchema *s, const char *arg, const char *other, bool old_side,
		    const char *const *includes, uint32_t nincludes)
{
	PcArena *a = s->arena;
	PcGitRef ref;
	if (!pc_git_parse(&ref, arg, a, s->diags))
		return 2;
	in->git_rev = ref.rev;
	in->git_path = ref.path ? ref.path : default_git_path(other, a);
	const char *path = in->git_path;
	in->kind = PC_INPUT_DIRECTORY;
	in->root = path;
	PcGitVersion *v = PC_NEW(a, PcGitVersion);
	int rc = pc_git_read(v, NULL, ref.rev, a, s->diags);
	if (rc != 0)
		return rc;
	PcGitPathKind k = v->unborn ? PC_GIT_ABSENT : pc_git_path_kind(v, path, a);
	if (k == PC_GIT_ABSENT) {
		if (old_side && (!ref.path || v->unborn)) {
			in->empty = true;
			return pc_workspace_single(&in->ws, NULL, a, s->diags);
		}
		pc_diag_add(s->diags, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0}, "\"%s\" does not exist at git revision %s",
			    path, v->label);
		return 2;
	}
	if (k == PC_GIT_DIR)
		return pc_input_load_dir(in, s, path, &v->tree, includes, nincludes);
	PcLoadConfig cfg = {.import_paths = includes, .nimport_paths = nincludes};
	if (!ends_with_proto(path)) {
		pc_diag_add(s->diags, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
			    "\"%s\" at git revision %s is not a .proto file or a directory", path, v->label);
		return 2;
	}
	in->kind = PC_INPUT_PROTO_FILE;
	const char *own_root = dir_of(path, a);
	in->root = nincludes ? includes[0] : own_root;
	if (nincludes == 0) {
		cfg.import_paths = &own_root;
		cfg.nimport_paths = 1;
	}
	if (pc_input_single_workspace(in, s) != 0)
		return 2;
	return pc_schema_load_tree(s, &cfg, &v->tree, &path, 1);
}

int pc_input_load_side(PcInput *in, PcSchema *s, const char *arg, const char *other, bool old_side,
		       const char *const *includes, uint32_t nincludes)
{
	int rc = pc_input_buf_load(in, s, arg, other, old_side, includes, nincludes);
	if (rc >= 0)
		return rc;
	if (!pc_git_is_input(arg))
		return pc_input_load(in, s, arg, includes, nincludes);
	in->arg = arg;
	in->git_rev = NULL;
	in->git_path = NULL;
	in->empty = false;
	in->ws = (PcWorkspace){0};
	return load_git(in, s, arg, other, old_side, includes, nincludes);
}

/* The first byte of a file, -1 when there is none. */
static int first_byte(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	int c = getc(f);
	fclose(f);
	return c;
}

int pc_input_load(PcInput *in, PcSchema *s, const char *arg, const char *const *includes, uint32_t nincludes)
{
	PcArena *a = s->arena;
	in->arg = arg;
	in->git_rev = NULL;
	in->git_path = NULL;
	in->empty = false;
	in->registry = false;
	in->ws = (PcWorkspace){0};
	in->kind = PC_INPUT_PROTO_FILE;
	in->root = nincludes ? includes[0] : dir_of(arg, a);
	struct stat st;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		return pc_input_load_dir(in, s, arg, NULL, includes, nincludes);
	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode) &&
	    ((uint64_t)st.st_size <= pc_schema_max_file_size(s) || has_descset_suffix(arg) ||
	     pc_registry_has_b64_suffix(arg) || first_byte(arg) == 0x0a)) {
		/* (a .proto file over the size limit is left to the loader, unread) */
		PcSource src;
		int err = pc_source_load(&src, arg, arg, a);
		if (err) {
			pc_diag_add(s->diags, PC_SEV_ERROR, arg, 0, 0, (PcStr){0}, "cannot read \"%s\": %s", arg,
				    strerror(err));
			return 2;
		}
		/* Base64 of a descriptor, as a registry hands it out: by name, else by content. */
		if (pc_registry_has_b64_suffix(arg) || pc_registry_sniff(src.data, src.len)) {
			in->kind = PC_INPUT_DESCSET;
			in->registry = true;
			in->root = dir_of(arg, a);
			if (pc_input_single_workspace(in, s) != 0)
				return 2;
			char *bytes;
			size_t n;
			const char *why;
			if (!pc_registry_decode(src.data, src.len, &bytes, &n, &why, a)) {
				pc_diag_add(s->diags, PC_SEV_ERROR, arg, 0, 0, (PcStr){0},
					    "\"%s\" is not base64 of a descriptor: %s", arg, why);
				return 3;
			}
			return pc_descset_read_bytes(s, arg, bytes, n);
		}
		/* A file named like a descriptor set is read as one even when damaged, so a
		 * truncated set gets the reader's diagnosis, not .proto syntax errors. */
		if (pc_descset_sniff(src.data, src.len) || has_descset_suffix(arg)) {
			in->kind = PC_INPUT_DESCSET;
			in->root = dir_of(arg, a);
			if (pc_input_single_workspace(in, s) != 0)
				return 2;
			return pc_descset_read(s, arg);
		}
	}
	/* A .proto file, or a name that pc_schema_load() looks up in the -I paths (and
	 * reports when it is not found). */
	const char *own_root = dir_of(arg, a);
	PcLoadConfig cfg = {.import_paths = includes, .nimport_paths = nincludes};
	if (nincludes == 0) {
		cfg.import_paths = &own_root;
		cfg.nimport_paths = 1;
	}
	if (pc_input_single_workspace(in, s) != 0)
		return 2;
	return pc_schema_load(s, &cfg, &arg, 1);
}
