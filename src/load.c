/* The loader turns inputs into parsed files and orders them. Inputs are collected
 * first (directories walked in sorted order, each its own import root; single files
 * named relative to the first -I path that contains them, as protoc maps them); then a
 * depth-first walk over the imports of each input, in input order, loads every
 * dependency once and appends a file after all of its imports, which is the
 * dependencies-first order protoc writes with --include_imports. A file being visited
 * is marked, so reaching it again through imports is a cycle, reported with its whole
 * path at the import statement that closes it. Files are found by name through a small
 * open-addressing table so that large trees (googleapis) load in linear time.
 * With a PcMemTree (a git version), paths below its root are answered from memory:
 * fs_kind() and read_source() are the only places that ask, so a directory input, a
 * -I path and an import resolve the same way whether the files are on disk or not. */
#include "schema.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"
#include "parser.h"
#include "wkt.h"

typedef enum VisitState { UNVISITED, VISITING, DONE } VisitState;

typedef struct LoadedFile {
	PcStr name;               /* the file's name inside its root (the table key) */
	const char *path;         /* where it is read from */
	PcFile *file;             /* NULL while an input waits for the parallel parse */
	VisitState state;
	bool from_input;
} LoadedFile;

typedef struct Loader {
	PcSchema *s;
	const PcLoadConfig *cfg;
	const PcMemTree *tree;    /* NULL: all from disk */
	LoadedFile **slots;       /* open addressing by file name */
	uint32_t nslots, count;
	PcVec stack;              /* of LoadedFile *, the import path being visited */
	PcVec roots;              /* of const char *: directory inputs, then the -I paths */
	int io_errors;
	PcArena scratch;          /* the parser's temporary lists, reused file after file */
	PcArena written;          /* options and type names as written of files parsed
				   * lean: released once the schema is resolved */
	PcVec pending;            /* of LoadedFile *: inputs registered, not yet parsed */
} Loader;

static const char *source_path(const PcFile *f)
{
	return f->path ? f->path : f->src ? f->src->path : NULL;
}

static void error_at(Loader *l, const PcFile *f, PcSpan sp, const char *msg_fmt, const char *a1, const char *a2)
{
	int line = sp.line >= 0 ? sp.line + 1 : 0;
	int col = 0;
	PcStr text = {"", 0};
	const PcSource *src = pc_file_source(f, l->s->arena);
	if (src && sp.line >= 0 && (uint32_t)sp.line < src->nlines) {
		text = pc_source_line(src, (uint32_t)sp.line);
		col = (int)(pc_source_offset(src, sp.line, sp.col) - src->line_starts[sp.line]) + 1;
	}
	pc_diag_add(l->s->diags, PC_SEV_ERROR, source_path(f), line, col, text, msg_fmt, a1, a2);
}

static LoadedFile **find_slot(Loader *l, PcStr name)
{
	uint32_t mask = l->nslots - 1;
	for (uint32_t i = pc_str_hash(name) & mask;; i = (i + 1) & mask) {
		LoadedFile **slot = &l->slots[i];
		if (!*slot || pc_str_eq((*slot)->name, name))
			return slot;
	}
}

static void grow_table(Loader *l)
{
	LoadedFile **old = l->slots;
	uint32_t nold = l->nslots;
	l->nslots = nold ? nold * 2 : 256;
	l->slots = PC_NEW_ARRAY(l->s->arena, LoadedFile *, l->nslots);
	for (uint32_t i = 0; i < nold; i++)
		if (old[i])
			*find_slot(l, old[i]->name) = old[i];
}

static LoadedFile *lookup(Loader *l, PcStr name)
{
	if (!l->nslots)
		return NULL;
	return *find_slot(l, name);
}

/* Records a file under its name, not parsed yet. */
static LoadedFile *register_file(Loader *l, PcStr name, const char *path)
{
	if ((l->count + 1) * 2 > l->nslots)
		grow_table(l);
	LoadedFile *lf = PC_NEW(l->s->arena, LoadedFile);
	lf->name = name;
	lf->path = path;
	*find_slot(l, name) = lf;
	l->count++;
	return lf;
}

static void attach_file(LoadedFile *lf, PcFile *f, PcSource *src, bool builtin)
{
	f->src = src;
	f->name = pc_str(src->name);
	f->path = src->path;
	f->is_builtin = builtin;
	lf->file = f;
}

/* Looks for the colon (rare in .proto text), then the word before it. */
bool pc_source_mentions_directive(const PcSource *src)
{
	static const char word[] = "protocompat";
	const size_t n = sizeof word - 1;
	if (!src || !src->data || src->len < n)
		return false; /* no text, or released: only files without the word are (lean parses) */
	const char *end = src->data + src->len;
	for (const char *p = src->data + n; p < end; p++) {
		p = memchr(p, ':', (size_t)(end - p));
		if (!p)
			return false;
		if (memcmp(p - n, word, n) == 0)
			return true;
	}
	return false;
}

/* Parses src with source info unless the schema does without it. A file whose text
 * mentions "protocompat:" keeps it either way: in-source suppressions read comments
 * and the file-level locations. */
static bool parses_lean(const PcSchema *s, const PcSource *src)
{
	return s->lazy_source_info && !pc_source_mentions_directive(src);
}

static PcFile *parse_source(const PcSchema *s, const PcSource *src, PcDiags *d, PcArena *a, PcArena *written,
			    PcArena *scratch)
{
	if (parses_lean(s, src))
		return pc_parse_file_lean(src, d, a, written, scratch);
	return pc_parse_file_scratch(src, d, a, scratch);
}

/* Parses one source and records it under its name. */
static LoadedFile *add_source(Loader *l, PcSource *src, bool builtin)
{
	LoadedFile *lf = register_file(l, pc_str(src->name), src->path);
	attach_file(lf, parse_source(l->s, src, l->s->diags, l->s->arena, &l->written, &l->scratch), src, builtin);
	return lf;
}

static char *join_path(PcArena *a, const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	/* "./x.proto" would show up in diagnostics; protoc shows "x.proto". */
	if (dl == 1 && dir[0] == '.')
		return pc_arena_strndup(a, name, nl);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	char *p = pc_arena_alloc(a, dl + nl + 2);
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

char *pc_schema_join_path(PcArena *a, const char *dir, const char *name)
{
	return join_path(a, dir, name);
}

/* The path below the tree's root ("" for the root itself), or NULL when path lies
 * outside it (or there is no tree): then the disk answers. */
static const char *tree_rel(const PcMemTree *t, const char *path, PcArena *a)
{
	if (!t)
		return NULL;
	char *abs = pc_path_normalize(a, path);
	if (!abs)
		return NULL;
	size_t rl = strlen(t->root);
	if (rl == 1 && t->root[0] == '/')
		return abs + 1;
	if (strncmp(abs, t->root, rl) != 0 || (abs[rl] != '/' && abs[rl] != '\0'))
		return NULL;
	return abs[rl] ? abs + rl + 1 : abs + rl;
}

static const PcMemFile *tree_find(const PcMemTree *t, const char *rel)
{
	uint32_t lo = 0, hi = t->nfiles;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->files[mid].path, rel);
		if (c == 0)
			return &t->files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool tree_has_dir(const PcMemTree *t, const char *rel)
{
	size_t n = strlen(rel);
	if (n == 0)
		return true;
	for (uint32_t i = 0; i < t->nfiles; i++)
		if (strncmp(t->files[i].path, rel, n) == 0 && t->files[i].path[n] == '/')
			return true;
	return false;
}

PcFsKind pc_fs_kind(const PcMemTree *t, const char *path, PcArena *a)
{
	const char *rel = tree_rel(t, path, a);
	if (rel)
		return tree_find(t, rel) ? PC_FS_FILE : tree_has_dir(t, rel) ? PC_FS_DIR : PC_FS_NONE;
	struct stat st;
	if (stat(path, &st) != 0)
		return lstat(path, &st) == 0 ? PC_FS_DANGLING : PC_FS_NONE;
	/* Anything else that exists is read as a file, which reports what it is. */
	return S_ISDIR(st.st_mode) ? PC_FS_DIR : PC_FS_FILE;
}

bool pc_memtree_holds(const PcMemTree *t, const char *path, PcArena *a)
{
	return tree_rel(t, path, a) != NULL;
}

int pc_fs_read(const PcMemTree *t, const char *path, PcSource *src, PcArena *a)
{
	const char *rel = tree_rel(t, path, a);
	if (!rel)
		return pc_source_load(src, path, path, a);
	const PcMemFile *mf = tree_find(t, rel);
	if (!mf)
		return tree_has_dir(t, rel) ? EISDIR : ENOENT;
	pc_source_init_bytes(src, path, path, mf->data, mf->len, a);
	return 0;
}

/* True when path is one of the excludes or lies below one. Excludes and paths are
 * compared as written (the workspace joins both to the same roots), after the
 * lexical clean-up join_path leaves out. */
static bool excluded(const PcLoadConfig *cfg, const char *path)
{
	for (uint32_t i = 0; i < cfg->nexcludes; i++) {
		const char *e = cfg->excludes[i];
		size_t n = strlen(e);
		if (strncmp(path, e, n) == 0 && (path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

uint64_t pc_schema_max_file_size(const PcSchema *s)
{
	return s->max_file_size ? s->max_file_size : PC_DEFAULT_MAX_FILE_SIZE;
}

/* Why a file could not be read: errno's text, or the size limit for EFBIG. */
static const char *read_error(const PcSchema *s, int err, PcArena *a)
{
	if (err != EFBIG)
		return strerror(err);
	char *buf = pc_arena_alloc(a, 128);
	snprintf(buf, 128, "larger than the limit of %llu bytes (raise it with --max-file-size)",
		 (unsigned long long)pc_schema_max_file_size(s));
	return buf;
}

/* pc_source_load(), or the tree's copy of the file; EFBIG (unread) when the file is
 * larger than the schema's limit. */
static int read_source(const PcSchema *s, const PcMemTree *t, PcSource *src, const char *path, const char *name,
		       PcArena *a)
{
	const char *rel = tree_rel(t, path, a);
	if (!rel)
		return pc_source_load_max(src, path, name, pc_schema_max_file_size(s), a);
	const PcMemFile *mf = tree_find(t, rel);
	if (!mf) {
		memset(src, 0, sizeof *src);
		return tree_has_dir(t, rel) ? EISDIR : ENOENT;
	}
	if (mf->len > pc_schema_max_file_size(s)) {
		memset(src, 0, sizeof *src);
		return EFBIG;
	}
	pc_source_init_bytes(src, path, name, mf->data, mf->len, a);
	src->origin = mf->data;
	return 0;
}

/* Finds an imported name: the -I paths in order, then the embedded well-known types.
 * Sets *too_big to the path of a file of that name over the size limit when the search
 * meets one before a readable file (the import is then not looked for any further). */
static LoadedFile *load_import(Loader *l, PcStr name, const char **too_big)
{
	LoadedFile *lf = lookup(l, name);
	if (lf)
		return lf;
	PcArena *a = l->s->arena;
	char *cname = pc_arena_strndup(a, name.ptr, name.len);
	for (uint32_t i = 0; i < l->roots.len; i++) {
		char *path = join_path(a, PC_VEC_AT(l->roots, const char *, i), cname);
		if (excluded(l->cfg, path))
			continue;
		PcSource *src = PC_NEW(a, PcSource);
		int err = read_source(l->s, l->tree, src, path, cname, a);
		if (err == 0)
			return add_source(l, src, false);
		if (err == EFBIG && !*too_big)
			*too_big = path;
	}
	if (*too_big)
		return NULL;
	const PcEmbeddedFile *e = pc_wkt_find(name.ptr, name.len);
	if (!e)
		return NULL;
	PcSource *src = PC_NEW(a, PcSource);
	pc_source_init_bytes(src, cname, cname, e->data, e->len, a);
	return add_source(l, src, true);
}

static void report_cycle(Loader *l, const PcFile *from, const PcImport *imp, LoadedFile *target)
{
	/* The cycle runs from target's place on the stack to the importing file. */
	uint32_t start = 0;
	for (uint32_t i = 0; i < l->stack.len; i++)
		if (PC_VEC_AT(l->stack, LoadedFile *, i) == target)
			start = i;
	size_t len = 0;
	for (uint32_t i = start; i < l->stack.len; i++)
		len += PC_VEC_AT(l->stack, LoadedFile *, i)->file->name.len + 6;
	len += target->file->name.len + 3;
	char *buf = pc_arena_alloc(l->s->arena, len + 1), *p = buf;
	for (uint32_t i = start; i < l->stack.len; i++) {
		PcStr n = PC_VEC_AT(l->stack, LoadedFile *, i)->file->name;
		*p++ = '"';
		memcpy(p, n.ptr, n.len);
		p += n.len;
		memcpy(p, "\" -> ", 5);
		p += 5;
	}
	*p++ = '"';
	memcpy(p, target->file->name.ptr, target->file->name.len);
	p += target->file->name.len;
	*p++ = '"';
	*p = '\0';
	/* Like protoc, report at the import that starts the cycle, in its first file. */
	const PcFile *first = target->file;
	PcStr next = start + 1 < l->stack.len ? PC_VEC_AT(l->stack, LoadedFile *, start + 1)->file->name : from->name;
	for (uint32_t i = 0; i < first->imports.len; i++) {
		const PcImport *fi = &PC_VEC_AT(first->imports, PcImport, i);
		if (pc_str_eq(fi->name, next)) {
			from = first;
			imp = fi;
			break;
		}
	}
	error_at(l, from, imp->span, "import cycle: %s%s", buf, "");
}

/* The import roots in search order, for a "not found" message: "a, b and the
 * well-known types". */
static const char *searched(Loader *l)
{
	size_t len = 64;
	for (uint32_t i = 0; i < l->roots.len; i++)
		len += strlen(PC_VEC_AT(l->roots, const char *, i)) + 4;
	char *buf = pc_arena_alloc(l->s->arena, len), *p = buf;
	for (uint32_t i = 0; i < l->roots.len; i++)
		p += sprintf(p, "%s\"%s\"", i ? ", " : "", PC_VEC_AT(l->roots, const char *, i));
	sprintf(p, "%sthe built-in well-known types", l->roots.len ? " and " : "");
	return buf;
}

static void visit(Loader *l, LoadedFile *lf)
{
	PcFile *f = lf->file;
	lf->state = VISITING;
	*PC_VEC_PUSH(&l->stack, LoadedFile *, l->s->arena) = lf;
	/* A file may import thousands: beyond a few imports, repeats are found through a
	 * set of the names seen so far instead of comparing every pair. */
	uint32_t cap = 16;
	while (cap < f->imports.len * 2)
		cap *= 2;
	PcStr *seen = f->imports.len > 16 ? PC_NEW_ARRAY(l->s->arena, PcStr, cap) : NULL;
	for (uint32_t i = 0; i < f->imports.len; i++) {
		PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		char *cname = pc_arena_strndup(l->s->arena, imp->name.ptr, imp->name.len);
		bool dup = false;
		if (seen) {
			PcStr *slot = pc_strset_slot(seen, cap - 1, (PcStr){cname, imp->name.len});
			dup = slot->ptr != NULL;
			*slot = (PcStr){cname, imp->name.len};
		}
		for (uint32_t j = 0; !seen && j < i && !dup; j++)
			dup = pc_str_eq(PC_VEC_AT(f->imports, PcImport, j).name, imp->name);
		if (dup) {
			error_at(l, f, imp->span, "import \"%s\" is listed twice%s", cname, "");
			continue;
		}
		if (pc_str_eq(imp->name, f->name)) {
			error_at(l, f, imp->span, "\"%s\" imports itself%s", cname, "");
			continue;
		}
		const char *too_big = NULL;
		LoadedFile *dep = load_import(l, imp->name, &too_big);
		if (!dep && too_big) {
			error_at(l, f, imp->span, "import \"%s\" cannot be read: %s", too_big,
				 read_error(l->s, EFBIG, l->s->arena));
			continue;
		}
		if (!dep) {
			error_at(l, f, imp->span, "import \"%s\" was not found (searched %s)", cname, searched(l));
			continue;
		}
		imp->file = dep->file;
		if (dep->state == VISITING) {
			report_cycle(l, f, imp, dep);
			continue;
		}
		if (dep->state == UNVISITED)
			visit(l, dep);
	}
	l->stack.len--;
	lf->state = DONE;
	*PC_VEC_PUSH(&l->s->files, PcFile *, l->s->arena) = f;
}


/* The name of a file input: its path relative to the first -I path containing it, or
 * to the current directory when there are no -I paths. NULL when outside all of them. */
static const char *input_name(Loader *l, const char *path)
{
	PcArena *a = l->s->arena;
	char *file = pc_path_normalize(a, path);
	if (!file)
		return NULL;
	uint32_t n = l->cfg->nimport_paths;
	for (uint32_t i = 0; i <= n; i++) {
		if (i == n && n > 0)
			break;
		char *root = pc_path_normalize(a, i < n ? l->cfg->import_paths[i] : ".");
		if (!root)
			continue;
		size_t rl = strlen(root);
		if (rl == 1 && root[0] == '/')
			return file + 1;
		if (strncmp(file, root, rl) == 0 && file[rl] == '/')
			return file + rl + 1;
	}
	return NULL;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

typedef struct DirId {
	dev_t dev;
	ino_t ino;
} DirId;

/* Appends every .proto below dir (names relative to root) in sorted order. Directories
 * already on the current walk path are skipped, which breaks symlink loops. */
static void walk_dir(Loader *l, const char *dir, const char *rel, PcVec *ids, PcVec *out_paths,
		     PcVec *out_names)
{
	PcArena *a = l->s->arena;
	struct stat st;
	if (stat(dir, &st) != 0)
		return;
	for (uint32_t i = 0; i < ids->len; i++) {
		DirId *d = &PC_VEC_AT(*ids, DirId, i);
		if (d->dev == st.st_dev && d->ino == st.st_ino)
			return;
	}
	DirId *id = PC_VEC_PUSH(ids, DirId, a);
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	DIR *dp = opendir(dir);
	if (!dp) {
		/* A subtree that cannot be listed must not silently drop its files. */
		pc_diag_add(l->s->diags, PC_SEV_ERROR, dir, 0, 0, (PcStr){"", 0}, "cannot read directory \"%s\": %s", dir,
			    strerror(errno));
		l->io_errors++;
		ids->len--;
		return;
	}
	PcVec names = {0};
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		*PC_VEC_PUSH(&names, char *, a) = pc_arena_strndup(a, de->d_name, strlen(de->d_name));
	}
	closedir(dp);
	if (names.len)
		qsort(names.items, names.len, sizeof(char *), cmp_names);
	for (uint32_t i = 0; i < names.len; i++) {
		const char *n = PC_VEC_AT(names, char *, i);
		char *path = join_path(a, dir, n);
		char *rname = rel[0] ? join_path(a, rel, n) : pc_arena_strndup(a, n, strlen(n));
		if (stat(path, &st) != 0 || excluded(l->cfg, path))
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk_dir(l, path, rname, ids, out_paths, out_names);
		} else if (S_ISREG(st.st_mode)) {
			size_t nl = strlen(n);
			if (nl > 6 && strcmp(n + nl - 6, ".proto") == 0) {
				*PC_VEC_PUSH(out_paths, char *, a) = path;
				*PC_VEC_PUSH(out_names, char *, a) = rname;
			}
		}
	}
	ids->len--;
}

int pc_walk_order_cmp(const char *x, const char *y)
{
	const unsigned char *p = (const unsigned char *)x, *q = (const unsigned char *)y;
	for (; *p && *p == *q; p++, q++) {
	}
	unsigned cp = *p == '/' ? 1 : *p, cq = *q == '/' ? 1 : *q;
	return (int)cp - (int)cq;
}

/* Orders paths as walk_dir() visits them: by name within each directory. */
static int cmp_walk_order(const void *x, const void *y)
{
	return pc_walk_order_cmp(*(const char *const *)x, *(const char *const *)y);
}

/* walk_dir() for a directory of the tree: its .proto files, in the same order. */
static void walk_tree(Loader *l, const char *dir, const char *rel, PcVec *out_paths, PcVec *out_names)
{
	PcArena *a = l->s->arena;
	const PcMemTree *t = l->tree;
	size_t n = strlen(rel);
	PcVec found = {0};
	for (uint32_t i = 0; i < t->nfiles; i++) {
		const char *p = t->files[i].path;
		size_t pl = strlen(p);
		if (n && (strncmp(p, rel, n) != 0 || p[n] != '/'))
			continue;
		if (pl > 6 && strcmp(p + pl - 6, ".proto") == 0)
			*PC_VEC_PUSH(&found, const char *, a) = n ? p + n + 1 : p;
	}
	if (found.len)
		qsort(found.items, found.len, sizeof(const char *), cmp_walk_order);
	for (uint32_t i = 0; i < found.len; i++) {
		const char *name = PC_VEC_AT(found, const char *, i);
		char *path = join_path(a, dir, name);
		if (excluded(l->cfg, path))
			continue;
		*PC_VEC_PUSH(out_paths, char *, a) = path;
		*PC_VEC_PUSH(out_names, char *, a) = pc_arena_strndup(a, name, strlen(name));
	}
}

static void add_input(Loader *l, const char *path, const char *name)
{
	PcArena *a = l->s->arena;
	/* Diagnostics keep the path: it must outlive the caller's strings. */
	path = pc_arena_strndup(a, path, strlen(path));
	name = pc_arena_strndup(a, name, strlen(name));
	LoadedFile *lf = lookup(l, pc_str(name));
	if (lf) {
		/* Inputs are all registered before anything is parsed or imported, so a
		 * name seen again is an input named twice. */
		if (strcmp(lf->path, path) != 0)
			pc_diag_add(l->s->diags, PC_SEV_ERROR, path, 0, 0, (PcStr){"", 0},
				    "file name \"%s\" is used by both \"%s\" and \"%s\"", name, lf->path, path);
		return;
	}
	lf = register_file(l, pc_str(name), path);
	lf->from_input = true;
	*PC_VEC_PUSH(&l->pending, LoadedFile *, a) = lf;
}

/* ---- parsing the inputs in parallel ----
 * Each worker thread reads and parses files into an arena and diagnostics of its own
 * (the parser touches nothing else), taking the next file from a shared counter. The
 * results are joined in input order, so output does not depend on scheduling. */

typedef struct ParseTask {
	LoadedFile *lf;
	PcSource *src;
	PcFile *file;
	int err;
	PcDiags diags;
} ParseTask;

typedef struct ParseWorker {
	ParseTask *tasks;
	uint32_t ntasks;
	atomic_uint *next;
	const PcMemTree *tree;
	const PcSchema *s;
	PcArena arena, written, scratch;
	PcArena text; /* the source being parsed: reset for the next unless it is kept */
	pthread_t thread;
} ParseWorker;

/* Moves a source read into a temporary arena to a, where it stays; diagnostics that
 * show its lines follow it. */
static void keep_source(PcSource *src, PcDiags *d, PcArena *a)
{
	const char *old = src->data;
	const char *origin = src->origin;
	pc_source_init_bytes(src, src->path, src->name, old, src->len, a);
	src->origin = origin;
	for (uint32_t i = 0; i < d->list.len; i++) {
		PcStr *line = &PC_VEC_AT(d->list, PcDiag, i).source_line;
		if (line->ptr >= old && line->ptr <= old + src->len)
			line->ptr = src->data + (line->ptr - old);
	}
}

/* Parses one input read into w->text. A file parsed without source info and without
 * diagnostics keeps no view into its text (pc_file_detach_source), so the text is
 * released and w->text serves the next file: a schema does not hold its sources, and
 * their pages are reused instead of touched afresh. Any other file keeps its text. */
static void parse_task(ParseWorker *w, ParseTask *t)
{
	if (!parses_lean(w->s, t->src)) {
		keep_source(t->src, &t->diags, &w->arena);
		t->file = pc_parse_file_scratch(t->src, &t->diags, &w->arena, &w->scratch);
	} else {
		t->file = pc_parse_file_lean(t->src, &t->diags, &w->arena, &w->written, &w->scratch);
		pc_file_detach_source(t->file, &w->arena, &w->written);
		if (t->diags.list.len == 0 && t->diags.errors == 0 && t->diags.warnings == 0)
			pc_source_release(t->src);
		else
			keep_source(t->src, &t->diags, &w->arena);
	}
	pc_arena_reset(&w->text);
}

static void *parse_worker(void *arg)
{
	ParseWorker *w = arg;
	for (;;) {
		unsigned i = atomic_fetch_add(w->next, 1);
		if (i >= w->ntasks)
			return NULL;
		ParseTask *t = &w->tasks[i];
		pc_diags_init(&t->diags, &w->arena);
		t->src = PC_NEW(&w->arena, PcSource);
		t->err = read_source(w->s, w->tree, t->src, t->lf->path, t->lf->name.ptr, &w->text);
		if (!t->err)
			parse_task(w, t);
		else
			pc_arena_reset(&w->text);
	}
}

static uint32_t worker_count(uint32_t ntasks, uint32_t jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint32_t n = jobs ? jobs : cpus > 1 ? (uint32_t)cpus : 1;
	if (n > 16)
		n = 16;
	/* Threads pay off only with a few files each. */
	if (n > ntasks / 8 + 1)
		n = ntasks / 8 + 1;
	return n;
}

static void parse_pending(Loader *l)
{
	PcSchema *s = l->s;
	uint32_t n = l->pending.len;
	ParseTask *tasks = PC_NEW_ARRAY(s->arena, ParseTask, n ? n : 1);
	for (uint32_t i = 0; i < n; i++)
		tasks[i].lf = PC_VEC_AT(l->pending, LoadedFile *, i);
	atomic_uint next = 0;
	uint32_t nw = worker_count(n, s->jobs);
	ParseWorker *workers = PC_NEW_ARRAY(s->arena, ParseWorker, nw);
	for (uint32_t i = 0; i < nw; i++) {
		workers[i] = (ParseWorker){.tasks = tasks, .ntasks = n, .next = &next, .tree = l->tree, .s = s};
		pc_arena_init(&workers[i].arena);
		pc_arena_init(&workers[i].written);
		pc_arena_init(&workers[i].scratch);
		pc_arena_init(&workers[i].text);
	}
	uint32_t started = 1;
	for (uint32_t i = 1; i < nw; i++, started++)
		if (pthread_create(&workers[i].thread, NULL, parse_worker, &workers[i]) != 0)
			break; /* the threads that did start (and this one) do all the work */
	parse_worker(&workers[0]);
	for (uint32_t i = 1; i < started; i++)
		pthread_join(workers[i].thread, NULL);
	for (uint32_t i = 0; i < nw; i++) {
		pc_arena_adopt(s->arena, &workers[i].arena);
		pc_arena_adopt(&l->written, &workers[i].written);
		pc_arena_release(&workers[i].scratch);
		pc_arena_release(&workers[i].text);
	}
	for (uint32_t i = 0; i < n; i++) {
		ParseTask *t = &tasks[i];
		pc_diags_append(s->diags, &t->diags);
		if (t->err) {
			pc_diag_add(s->diags, PC_SEV_ERROR, t->lf->path, 0, 0, (PcStr){"", 0}, "cannot read \"%s\": %s",
				    t->lf->path, read_error(s, t->err, s->arena));
			l->io_errors++;
			continue;
		}
		attach_file(t->lf, t->file, t->src, false);
		*PC_VEC_PUSH(&s->inputs, PcFile *, s->arena) = t->file;
	}
	l->pending.len = 0;
}

void pc_schema_init(PcSchema *s, PcArena *a, PcDiags *diags)
{
	s->arena = a;
	s->diags = diags;
	s->files = (PcVec){0};
	s->inputs = (PcVec){0};
	s->symbols = NULL;
	s->jobs = 0;
	s->lazy_source_info = false;
	s->keep_written = false;
	s->max_file_size = 0;
}

const PcSource *pc_file_source(const PcFile *f, PcArena *a)
{
	/* Not const: a source read again is kept for the next caller. A schema is used
	 * by one thread at a time. */
	PcSource *src = (PcSource *)f->src;
	return src && pc_source_reload(src, a) ? src : NULL;
}

bool pc_file_source_copy(const PcFile *f, PcSource *out, PcArena *a)
{
	if (!f->src)
		return false;
	*out = *f->src;
	return pc_source_reload(out, a);
}

PcVec pc_schema_file_locations(const PcFile *f, PcArena *a)
{
	if (f->has_source_info || !f->src)
		return f->locations;
	PcArena tmp, scratch;
	pc_arena_init(&tmp);
	pc_arena_init(&scratch);
	PcSource text;
	if (!pc_file_source_copy(f, &text, &tmp)) {
		pc_arena_release(&tmp);
		return (PcVec){0}; /* changed since it was parsed: the elements' spans stand in */
	}
	const PcSource *src = &text;
	PcDiags quiet; /* the file parsed once already; its errors were reported then */
	pc_diags_init(&quiet, &tmp);
	PcVec locs = pc_parse_file_uncommented(src, &quiet, &tmp, &scratch)->locations;
	pc_options_rewrite_locations(f, &locs, &tmp, &scratch);
	PcLocation *out = PC_NEW_ARRAY(a, PcLocation, locs.len ? locs.len : 1);
	size_t ints = 0;
	for (uint32_t i = 0; i < locs.len; i++)
		ints += PC_VEC_AT(locs, PcLocation, i).path_len;
	int32_t *pool = pc_arena_alloc(a, sizeof(int32_t) * (ints ? ints : 1)); /* all paths, end to end */
	for (uint32_t i = 0; i < locs.len; i++) {
		const PcLocation *l = &PC_VEC_AT(locs, PcLocation, i);
		out[i].path = pool;
		if (l->path_len)
			memcpy(pool, l->path, l->path_len * sizeof(int32_t));
		pool += l->path_len;
		out[i].path_len = l->path_len;
		out[i].span = l->span;
	}
	pc_arena_release(&scratch);
	pc_arena_release(&tmp);
	return (PcVec){out, locs.len, locs.len};
}

static int load_all(Loader *l, const char *const *inputs, uint32_t ninputs);

int pc_schema_load(PcSchema *s, const PcLoadConfig *cfg, const char *const *inputs, uint32_t ninputs)
{
	return pc_schema_load_tree(s, cfg, NULL, inputs, ninputs);
}

int pc_schema_load_tree(PcSchema *s, const PcLoadConfig *cfg, const PcMemTree *tree, const char *const *inputs,
			uint32_t ninputs)
{
	Loader l = {.s = s, .cfg = cfg, .tree = tree};
	pc_arena_init(&l.scratch);
	pc_arena_init(&l.written);
	int rc = load_all(&l, inputs, ninputs);
	pc_arena_release(&l.scratch);
	/* The options and type names as written were only read by the resolver (what
	 * source info needs of them is in PcOptions.interp): a fifth of a lean schema's
	 * memory. A schema that failed to load may still point into them. */
	if (rc != 0 || s->keep_written) {
		pc_arena_adopt(s->arena, &l.written);
		return rc;
	}
	for (int k = 0; k < 2 && l.written.head; k++) {
		const PcVec *files = k == 0 ? &s->files : &s->inputs; /* inputs: a load stopped early */
		for (uint32_t i = 0; i < files->len; i++) {
			PcFile *f = PC_VEC_AT(*files, PcFile *, i);
			if (f->src && !f->has_source_info)
				pc_options_forget_written(f);
		}
	}
	pc_arena_release(&l.written);
	return rc;
}

static int load_all(Loader *l, const char *const *inputs, uint32_t ninputs)
{
	PcSchema *s = l->s;
	const PcLoadConfig *cfg = l->cfg;
	const PcMemTree *tree = l->tree;
	int errors_before = s->diags->errors;
	/* A directory input is an import root of its own, searched before the -I paths. */
	for (uint32_t i = 0; i < ninputs; i++)
		if (pc_fs_kind(tree, inputs[i], s->arena) == PC_FS_DIR)
			*PC_VEC_PUSH(&l->roots, const char *, s->arena) = inputs[i];
	for (uint32_t i = 0; i < cfg->nimport_paths; i++)
		*PC_VEC_PUSH(&l->roots, const char *, s->arena) = cfg->import_paths[i];
	for (uint32_t i = 0; i < ninputs; i++) {
		const char *in = inputs[i];
		errno = 0;
		PcFsKind kind = pc_fs_kind(tree, in, s->arena);
		if (kind == PC_FS_NONE || kind == PC_FS_DANGLING) {
			int err = errno ? errno : ENOENT;
			/* As protoc does, a name that is not a path on disk may name a file
			 * inside one of the -I paths. */
			const char *found = NULL;
			for (uint32_t j = 0; j < cfg->nimport_paths && !found; j++) {
				char *p = join_path(s->arena, cfg->import_paths[j], in);
				struct stat st;
				if (tree_rel(tree, p, s->arena) ? pc_fs_kind(tree, p, s->arena) == PC_FS_FILE
								     : stat(p, &st) == 0 && S_ISREG(st.st_mode))
					found = p;
			}
			if (found) {
				add_input(l, found, in);
				continue;
			}
			pc_diag_add(s->diags, PC_SEV_ERROR, in, 0, 0, (PcStr){"", 0}, "cannot read \"%s\": %s", in,
				    strerror(err));
			l->io_errors++;
			continue;
		}
		if (kind == PC_FS_DIR) {
			PcVec ids = {0}, paths = {0}, names = {0};
			const char *rel = tree_rel(tree, in, s->arena);
			if (rel)
				walk_tree(l, in, rel, &paths, &names);
			else
				walk_dir(l, in, "", &ids, &paths, &names);
			for (uint32_t j = 0; j < paths.len; j++)
				add_input(l, PC_VEC_AT(paths, char *, j), PC_VEC_AT(names, char *, j));
			continue;
		}
		const char *name = input_name(l, in);
		if (!name) {
			pc_diag_add(s->diags, PC_SEV_ERROR, in, 0, 0, (PcStr){"", 0},
				    "\"%s\" is not inside any import path (-I)", in);
			l->io_errors++;
			continue;
		}
		add_input(l, in, name);
	}
	parse_pending(l);
	if (l->io_errors)
		return 2;
	for (uint32_t i = 0; i < s->inputs.len; i++) {
		LoadedFile *lf = lookup(l, PC_VEC_AT(s->inputs, PcFile *, i)->name);
		if (lf->state == UNVISITED)
			visit(l, lf);
	}
	if (s->diags->errors > errors_before)
		return 3;
	for (uint32_t i = 0; i < s->files.len; i++)
		if (PC_VEC_AT(s->files, PcFile *, i)->parse_failed)
			return 3;
	return pc_schema_resolve(s) > 0 ? 3 : 0;
}
