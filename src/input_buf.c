/* Dispatch of buf's inputs. Archives and buf-syntax git inputs become a PcMemTree
 * rooted at the current directory, loaded as the directory "." (or the subdir): so the
 * loader names each file by its path inside the archive or repository, which is the
 * path buf reports (`buf breaking x.tar.gz#subdir=proto` prints proto/acme/a.proto,
 * `.git#branch=main` prints the path from the repository's top, wherever the command
 * runs). Images keep the names inside them, as buf prints them. The configuration of
 * such an input is looked up where input.c looks for a descriptor set's: the
 * archive's directory on disk, or the repository's working tree; PcInput.tree keeps
 * the files read so that a buf.yaml inside them can be found. */
#include "input_buf.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "bufref.h"
#include "descset.h"
#include "git.h"
#include "json.h"
#include "registry.h"
#include "source.h"

/* protobuf's own limit on a serialized message, for uncompressed images. */
#define MAX_IMAGE_SIZE ((uint64_t)2 << 30)

static int fail(PcSchema *s, const char *arg, const char *what, const char *hint)
{
	pc_diag_add(s->diags, PC_SEV_ERROR, arg, 0, 0, (PcStr){0}, "%s%s", what, hint);
	return 2;
}

static const char *parent_dir(const char *path, PcArena *a)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	return slash == path ? "/" : pc_arena_strndup(a, path, (size_t)(slash - path));
}

static bool is_stdin(const char *arg)
{
	PcStr v = pc_str(arg);
	while (v.len && (*v.ptr == ' ' || *v.ptr == '\t'))
		v.ptr++, v.len--;
	return v.len && v.ptr[0] == '-' && (v.len == 1 || v.ptr[1] == '#' || v.ptr[1] == ' ');
}

/* Everything on standard input. */
static bool read_stdin(const char **data, size_t *len, PcArena *a)
{
	size_t cap = 65536, n = 0;
	char *buf = pc_arena_alloc(a, cap);
	for (;;) {
		if (n == cap) {
			buf = pc_arena_grow(a, buf, cap, cap * 2);
			cap *= 2;
		}
		ssize_t got = read(STDIN_FILENO, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return false;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*data = buf;
	*len = n;
	return true;
}

/* The bytes of a file input, or of standard input for "-". */
static int read_input(PcSchema *s, const PcBufRef *r, const char **data, size_t *len)
{
	if (strcmp(r->path, "-") == 0) {
		if (!read_stdin(data, len, s->arena)) {
			pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0}, "cannot read standard input: %s",
				    strerror(errno));
			return 2;
		}
		if (*len == 0)
			return fail(s, r->arg, "standard input is empty", "");
		return 0;
	}
	PcSource src;
	int err = pc_source_load(&src, r->path, r->path, s->arena);
	if (err) {
		pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0}, "cannot read \"%s\": %s", r->path,
			    strerror(err));
		return 2;
	}
	*data = src.data;
	*len = src.len;
	return 0;
}

/* A binary or JSON image in bytes; label names it in messages. A JSON answer of a
 * schema registry ({"schema": ...}) is read as the schema it holds, which pairs with
 * the other side's one file as a registry input does. */
static int read_image(PcInput *in, PcSchema *s, const char *label, bool json, const char *data, size_t len)
{
	if (!json)
		return pc_descset_read_bytes(s, label, data, len);
	PcJson root;
	if (!pc_json_parse(&root, data, len, label, s->arena, s->diags))
		return 3;
	bool envelope;
	int rc = pc_registry_read_envelope(s, label, &root, &envelope);
	if (envelope) {
		in->registry = true;
		return rc;
	}
	return pc_descset_read_json(s, label, &root);
}

static int load_image(PcInput *in, PcSchema *s, const PcBufRef *r)
{
	const char *data;
	size_t len;
	int rc = read_input(s, r, &data, &len);
	if (rc)
		return rc;
	const char *label = strcmp(r->path, "-") == 0 ? "<stdin>" : r->path;
	if (pc_archive_uncompress(&data, &len, data, len, r->compression, MAX_IMAGE_SIZE, r->arg, s->arena, s->diags))
		return 2;
	in->kind = PC_INPUT_DESCSET;
	in->root = strcmp(r->path, "-") == 0 ? "." : parent_dir(r->path, s->arena);
	if (pc_input_single_workspace(in, s) != 0)
		return 2;
	return read_image(in, s, label, r->format == PC_BUF_JSON, data, len);
}

/* True when the tree has a .proto file below dir (NULL: anywhere). */
static bool has_proto_below(const PcMemTree *t, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	for (uint32_t i = 0; i < t->nfiles; i++) {
		const char *p = t->files[i].path;
		size_t pl = strlen(p);
		if (pl > 6 && strcmp(p + pl - 6, ".proto") == 0 && (!n || (strncmp(p, dir, n) == 0 && p[n] == '/')))
			return true;
	}
	return false;
}

/* Loads the tree's directory subdir (NULL: its root) as a module root. */
static int load_tree(PcInput *in, PcSchema *s, const PcBufRef *r, PcMemTree *tree, const char *what,
		     const char *const *includes, uint32_t nincludes)
{
	if (!has_proto_below(tree, r->subdir)) {
		if (r->subdir)
			pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0}, "%s has no .proto files below \"%s\"",
				    what, r->subdir);
		else
			pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0}, "%s has no .proto files", what);
		return 2;
	}
	in->tree = tree;
	return pc_input_load_dir(in, s, r->subdir ? r->subdir : ".", tree, includes, nincludes);
}

static int load_archive(PcInput *in, PcSchema *s, const PcBufRef *r, const char *const *includes,
			uint32_t nincludes)
{
	const char *data;
	size_t len;
	int rc = read_input(s, r, &data, &len);
	if (rc)
		return rc;
	const char *cwd = pc_path_normalize(s->arena, ".");
	if (!cwd)
		return fail(s, r->arg, "cannot read the current directory", "");
	PcArchiveOpts o = {
		.kind = r->format == PC_BUF_ZIP ? PC_ARCHIVE_ZIP : PC_ARCHIVE_TAR,
		.compression = r->compression,
		.strip_components = r->strip_components,
		.max_file_size = pc_schema_max_file_size(s),
		.label = r->arg,
	};
	PcMemTree *tree = PC_NEW(s->arena, PcMemTree);
	if (pc_archive_read(tree, cwd, data, len, &o, s->arena, s->diags))
		return 2;
	in->root = strcmp(r->path, "-") == 0 ? "." : parent_dir(r->path, s->arena);
	return load_tree(in, s, r, tree, "the archive", includes, nincludes);
}

/* A URL or scp-style address: buf clones those; we read local repositories only. */
static bool is_remote(const char *path)
{
	const char *colon = strchr(path, ':');
	return strstr(path, "://") || (colon && !strchr(path, '/')) ||
	       (colon && strchr(path, '/') && colon < strchr(path, '/'));
}

static int load_git(PcInput *in, PcSchema *s, const PcBufRef *r, const char *const *includes, uint32_t nincludes)
{
	PcArena *a = s->arena;
	if (strcmp(r->path, "-") == 0)
		return fail(s, r->arg, "a git input cannot be standard input", "");
	if (is_remote(r->path))
		return fail(s, r->arg, "remote git repositories are not read",
			    " (clone it and name the clone's .git directory, e.g. repo/.git#branch=main)");
	/* repo/.git names the repository whose working tree is repo */
	const char *base = strrchr(r->path, '/');
	base = base ? base + 1 : r->path;
	const char *dir = strcmp(base, ".git") == 0 ? parent_dir(r->path, a) : r->path;
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0}, "cannot read the repository \"%s\": %s",
			    r->path, strerror(errno ? errno : ENOTDIR));
		return 2;
	}
	const char *rev = "HEAD";
	if (r->ref) {
		rev = r->ref;
	} else if (r->tag || r->branch) {
		const char *name = r->tag ? r->tag : r->branch;
		size_t n = strlen(name) + 12;
		char *full = pc_arena_alloc(a, n);
		snprintf(full, n, "refs/%s/%s", r->tag ? "tags" : "heads", name);
		rev = full;
	}
	/* buf clones the repository at the path: a directory inside another one's
	 * working tree is not that repository */
	const char *top = pc_git_top(dir, a);
	char real[PATH_MAX];
	if (!top) {
		pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0}, "\"%s\" is not a git repository", dir);
		return 2;
	}
	if (!realpath(dir, real) || strcmp(real, top) != 0) {
		pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0},
			    "\"%s\" is not the top of a git repository (that is \"%s\")", dir, top);
		return 2;
	}
	if (!pc_git_has_rev(dir, rev, a)) {
		const char *what = r->ref ? "revision" : r->tag ? "tag" : r->branch ? "branch" : "commit at";
		const char *name = r->ref ? r->ref : r->tag ? r->tag : r->branch ? r->branch : "HEAD";
		pc_diag_add(s->diags, PC_SEV_ERROR, r->arg, 0, 0, (PcStr){0},
			    "no %s \"%s\" in the repository \"%s\"", what, name, dir);
		return 2;
	}
	PcGitVersion *v = PC_NEW(a, PcGitVersion);
	int rc = pc_git_read(v, dir, rev, a, s->diags);
	if (rc)
		return rc;
	if (r->recurse_submodules && v->has_submodules)
		return fail(s, r->arg, "recurse_submodules=true is not supported: this version has submodules",
			    " and they are not read");
	in->git_rev = rev;
	in->git_path = r->subdir ? r->subdir : ".";
	const char *cwd = pc_path_normalize(a, ".");
	if (!cwd)
		return fail(s, r->arg, "cannot read the current directory", "");
	PcMemTree *tree = PC_NEW(a, PcMemTree);
	*tree = v->tree;
	tree->root = cwd;
	if (v->unborn)
		tree->nfiles = 0;
	size_t n = strlen(v->top) + (r->subdir ? strlen(r->subdir) : 0) + 2;
	char *root = pc_arena_alloc(a, n);
	snprintf(root, n, "%s/%s", v->top, r->subdir ? r->subdir : "");
	in->root = root;
	size_t ln = strlen(v->label) + 24;
	char *what = pc_arena_alloc(a, ln);
	snprintf(what, ln, "git revision %s", v->label);
	return load_tree(in, s, r, tree, what, includes, nincludes);
}

static bool has_image_suffix(const char *path, bool *json)
{
	static const char *const sfx[] = {".binpb", ".pb", ".bin", ".desc", ".protoset", ".json"};
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		size_t m = strlen(sfx[i]);
		if (n > m && strcmp(path + n - m, sfx[i]) == 0) {
			*json = i == 5;
			return true;
		}
	}
	return false;
}

/* git:REV:PATH where PATH is a descriptor set or JSON image in the repository. */
static int load_git_image(PcInput *in, PcSchema *s, const char *arg)
{
	PcArena *a = s->arena;
	PcGitRef ref;
	bool json = false;
	const char *colon = strchr(arg + 4, ':');
	if (!colon || !has_image_suffix(colon + 1, &json))
		return -1;
	if (!pc_git_parse(&ref, arg, a, s->diags))
		return 2;
	PcGitVersion *v = PC_NEW(a, PcGitVersion);
	int rc = pc_git_read(v, NULL, ref.rev, a, s->diags);
	if (rc)
		return rc;
	in->git_rev = ref.rev;
	in->git_path = ref.path;
	if (v->unborn || pc_git_path_kind(v, ref.path, a) != PC_GIT_FILE) {
		pc_diag_add(s->diags, PC_SEV_ERROR, arg, 0, 0, (PcStr){0}, "\"%s\" is not a file at git revision %s",
			    ref.path, v->label);
		return 2;
	}
	const char *data;
	size_t len;
	if (pc_git_read_blob(v, ref.path, &data, &len, a, s->diags))
		return 2;
	in->kind = PC_INPUT_DESCSET;
	in->root = parent_dir(ref.path, a);
	if (pc_input_single_workspace(in, s) != 0)
		return 2;
	return read_image(in, s, arg, json, data, len);
}

int pc_input_buf_load(PcInput *in, PcSchema *s, const char *arg, const char *other, bool old_side,
		      const char *const *includes, uint32_t nincludes)
{
	in->tree = NULL;
	in->ws = (PcWorkspace){0};
	if (pc_git_is_input(arg)) {
		in->arg = arg;
		in->git_rev = in->git_path = NULL;
		in->empty = false;
		return load_git_image(in, s, arg);
	}
	if (!pc_bufref_is_input(arg))
		return -1;
	in->arg = arg;
	in->git_rev = in->git_path = NULL;
	in->empty = false;
	in->kind = PC_INPUT_DIRECTORY;
	in->root = ".";
	if (is_stdin(arg) && other && is_stdin(other)) {
		/* one message for the pair, from OLD's side */
		if (old_side)
			return fail(s, arg, "OLD and NEW cannot both be standard input", "");
		return 2;
	}
	PcBufRef r;
	if (!pc_bufref_parse(&r, arg, s->arena, s->diags))
		return 2;
	switch (r.format) {
	case PC_BUF_BINPB:
	case PC_BUF_JSON:
		return load_image(in, s, &r);
	case PC_BUF_TAR:
	case PC_BUF_ZIP:
		return load_archive(in, s, &r, includes, nincludes);
	case PC_BUF_GIT:
		return load_git(in, s, &r, includes, nincludes);
	case PC_BUF_PROTOFILE:
		if (r.include_package_files)
			return fail(s, arg, "include_package_files=true is not supported",
				    " (name the package's directory instead)");
		return pc_input_load(in, s, r.path, includes, nincludes);
	case PC_BUF_DIR:
		return pc_input_load(in, s, r.path, includes, nincludes);
	case PC_BUF_TXTPB:
	case PC_BUF_YAML:
		pc_diag_add(s->diags, PC_SEV_ERROR, arg, 0, 0, (PcStr){0},
			    "%s images are not supported (write a binary or JSON one: buf build -o image.binpb)",
			    pc_bufref_format_name(r.format));
		return 2;
	case PC_BUF_MOD:
		return fail(s, arg, "modules of the Buf Schema Registry are not supported",
			    " (export the module, e.g. buf export MODULE -o DIR, and name DIR)");
	}
	return 2;
}
