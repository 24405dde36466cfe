/* Finding a side's modules the way buf does. A directory with a buf.yaml v2 (or a
 * protocompat.yaml) or a buf.work.yaml is a workspace whose modules are all checked.
 * Otherwise the parents are searched for a workspace that lists the directory as one of
 * its modules: then that module is checked and the others are import roots, as `buf
 * breaking proto --against ...` does inside a v2 workspace. Failing that, the
 * directory's own v1 / v1beta1 buf.yaml (or none) makes it one module. Paths are
 * kept as the user can open them: a parent is reached as "dir/.." and joined paths are
 * cleaned lexically, so a finding in a sibling module reads "new/vendor/x.proto". */
#include "workspace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Joins a and b ("." is the empty path) and folds "x/.." pairs, keeping leading "..". */
static const char *join_clean(const char *a, const char *b, PcArena *ar)
{
	size_t al = strlen(a), bl = strlen(b);
	char *in = pc_arena_alloc(ar, al + bl + 2);
	memcpy(in, a, al);
	in[al] = '/';
	memcpy(in + al + 1, b, bl + 1);
	bool absolute = in[0] == '/';
	char *out = pc_arena_alloc(ar, al + bl + 3);
	size_t n = 0;
	if (absolute)
		out[n++] = '/';
	const char *p = in;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool dotdot = len == 2 && p[0] == '.' && p[1] == '.';
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (dotdot && n > (size_t)absolute) {
			/* the last component: drop it unless it is ".." itself */
			size_t start = n;
			while (start > (size_t)absolute && out[start - 1] != '/')
				start--;
			if (n - start == 2 && out[start] == '.' && out[start + 1] == '.') {
				out[n++] = '/';
				memcpy(out + n, p, len);
				n += len;
			} else {
				n = start > (size_t)absolute ? start - 1 : start;
			}
		} else if (!(dotdot && absolute)) {
			if (n > (size_t)absolute)
				out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	if (n == 0)
		out[n++] = '.';
	out[n] = '\0';
	return out;
}

/* On disk through pc_config_load (which says why a file cannot be read: a directory,
 * a link to nothing), below a tree's root from memory. */
static int read_config(PcConfig **out, const char *path, const PcMemTree *t, PcArena *a, PcDiags *d)
{
	*out = PC_NEW(a, PcConfig);
	if (!pc_memtree_holds(t, path, a))
		return pc_config_load(*out, path, a, d);
	PcSource src;
	int err = pc_fs_read(t, path, &src, a);
	if (err) {
		pc_config_init(*out);
		pc_diag_add(d, PC_SEV_ERROR, path, 0, 0, (PcStr){0}, "cannot read \"%s\": %s", path,
			    err == EISDIR ? "it is a directory, not a configuration file" : strerror(err));
		return 2;
	}
	return pc_config_parse(*out, path, src.data, src.len, a, d);
}

/* The first of names present in dir (a file, or a directory or dangling link of that
 * name, which reading then reports), or NULL. */
static const char *find_in(const char *dir, const char *const *names, size_t nnames, const PcMemTree *t,
			   PcArena *a)
{
	for (size_t i = 0; i < nnames; i++) {
		const char *p = join_clean(dir, names[i], a);
		if (pc_fs_kind(t, p, a) != PC_FS_NONE)
			return p;
	}
	return NULL;
}

/* buf 1.75 reads buf.yaml and buf.work.yaml only: a buf.yml or buf.work.yml beside
 * them is not configuration (buf breaking applies its defaults), so not ours either. */
static const char *const module_names[] = {"protocompat.yaml", "buf.yaml"};
static const char *const work_names[] = {"buf.work.yaml"};

static PcModule *add_module(PcWorkspace *w, const char *name, const PcConfig *cfg, PcArena *a)
{
	PcModule *m = PC_VEC_PUSH(&w->modules, PcModule, a);
	memset(m, 0, sizeof *m);
	m->name = name;
	m->config = cfg;
	m->target = true;
	return m;
}

/* The roots and excludes of a v1beta1 / v1 module whose configuration lies in dir. */
static void add_build_roots(PcModule *m, const PcConfig *c, const char *dir, PcArena *a)
{
	if (c->roots.len == 0)
		*PC_VEC_PUSH(&m->roots, const char *, a) = dir;
	for (uint32_t i = 0; i < c->roots.len; i++)
		*PC_VEC_PUSH(&m->roots, const char *, a) = join_clean(dir, PC_VEC_AT(c->roots, PcStr, i).ptr, a);
	for (uint32_t i = 0; i < c->excludes.len; i++)
		*PC_VEC_PUSH(&m->excludes, const char *, a) = join_clean(dir, PC_VEC_AT(c->excludes, PcStr, i).ptr, a);
}

static int cmp_modules(const void *x, const void *y)
{
	return strcmp(((const PcModule *)x)->name, ((const PcModule *)y)->name);
}

/* The workspace that configuration c (found in dir) describes. target names the one
 * module to check (NULL: all of them). */
static int build(PcWorkspace *w, const PcConfig *c, const char *dir, const char *target, const PcMemTree *t,
		 PcArena *a, PcDiags *d)
{
	w->dir = dir;
	w->config = c;
	w->modules = (PcVec){0};
	int status = 0;
	if (c->is_work) {
		for (uint32_t i = 0; i < c->modules.len; i++) {
			const PcConfigModule *cm = &PC_VEC_AT(c->modules, PcConfigModule, i);
			const char *mdir = join_clean(dir, cm->path, a);
			const char *f = find_in(mdir, module_names, sizeof module_names / sizeof module_names[0], t, a);
			PcConfig *mc = NULL;
			if (f)
				status |= read_config(&mc, f, t, a, d);
			else if (!status) {
				mc = PC_NEW(a, PcConfig);
				pc_config_init(mc);
			}
			if (status)
				return 2;
			PcModule *m = add_module(w, cm->path, mc, a);
			m->own_breaking = f != NULL;
			add_build_roots(m, mc, mdir, a);
		}
	} else if (c->modules.len) {
		for (uint32_t i = 0; i < c->modules.len; i++) {
			const PcConfigModule *cm = &PC_VEC_AT(c->modules, PcConfigModule, i);
			PcModule *m = add_module(w, cm->path, pc_config_for_module(cm->breaking ? cm->breaking : c, cm->path, a), a);
			m->own_breaking = cm->breaking != NULL;
			*PC_VEC_PUSH(&m->roots, const char *, a) = join_clean(dir, cm->path, a);
			for (uint32_t j = 0; j < cm->excludes.len; j++)
				*PC_VEC_PUSH(&m->excludes, const char *, a) =
					join_clean(dir, PC_VEC_AT(cm->excludes, PcStr, j).ptr, a);
		}
	} else {
		add_build_roots(add_module(w, ".", c, a), c, dir, a);
	}
	if (w->modules.len > 1)
		qsort(w->modules.items, w->modules.len, sizeof(PcModule), cmp_modules);
	for (uint32_t i = 0; target && i < w->modules.len; i++) {
		PcModule *m = &PC_VEC_AT(w->modules, PcModule, i);
		m->target = strcmp(m->name, target) == 0;
	}
	return 0;
}

/* --config: a file when anything exists by that name (a directory or a dangling link
 * is then reported as such), else the configuration itself. */
static int read_override(PcConfig **out, const char *arg, PcArena *a, PcDiags *d)
{
	if (pc_fs_kind(NULL, arg, a) != PC_FS_NONE)
		return read_config(out, arg, NULL, a, d);
	*out = PC_NEW(a, PcConfig);
	return pc_config_parse(*out, "--config", arg, strlen(arg), a, d);
}

/* The parents of dir, nearest first, until one holds a workspace: sets *cfg and *wdir
 * when that workspace lists dir as a module (its name in *target). */
static int find_enclosing(const char *dir, const PcMemTree *t, PcConfig **cfg, const char **wdir,
			  const char **target, PcArena *a, PcDiags *d)
{
	char *abs = pc_path_normalize(a, dir);
	if (!abs)
		return 0;
	const char *up = dir;
	char *rel = "";
	while (strcmp(abs, "/") != 0) {
		char *slash = strrchr(abs, '/');
		const char *base = pc_arena_strndup(a, slash + 1, strlen(slash + 1));
		*slash = '\0';
		if (!*abs)
			abs = "/";
		rel = *rel ? (char *)join_clean(base, rel, a) : (char *)base;
		up = join_clean(up, "..", a);
		bool inside_tree = t && strncmp(abs, t->root, strlen(t->root)) == 0;
		if (t && !inside_tree)
			return 0; /* a version of a repository ends at its top */
		const char *work = find_in(up, work_names, sizeof work_names / sizeof work_names[0], t, a);
		const char *mod = work ? NULL : find_in(up, module_names, sizeof module_names / sizeof module_names[0], t, a);
		if (!work && !mod)
			continue;
		PcConfig *c;
		if (read_config(&c, work ? work : mod, t, a, d) != 0)
			return 2;
		if (!work && !pc_str_eq_c(c->version, "v2"))
			continue; /* a v1 module of its own: not a workspace */
		for (uint32_t i = 0; i < c->modules.len; i++)
			if (strcmp(PC_VEC_AT(c->modules, PcConfigModule, i).path, rel) == 0) {
				*cfg = c;
				*wdir = up;
				*target = PC_VEC_AT(c->modules, PcConfigModule, i).path;
				return 0;
			}
		return 0;
	}
	return 0;
}

int pc_workspace_find(PcWorkspace *w, const char *dir, const PcMemTree *t, const char *config_override,
		      PcArena *a, PcDiags *d)
{
	PcConfig *c = NULL;
	if (config_override) {
		if (read_override(&c, config_override, a, d) != 0)
			return 2;
		return build(w, c, dir, NULL, t, a, d);
	}
	const char *work = find_in(dir, work_names, sizeof work_names / sizeof work_names[0], t, a);
	const char *mod = work ? NULL : find_in(dir, module_names, sizeof module_names / sizeof module_names[0], t, a);
	if (work || mod) {
		if (read_config(&c, work ? work : mod, t, a, d) != 0)
			return 2;
		if (work || pc_str_eq_c(c->version, "v2"))
			return build(w, c, dir, NULL, t, a, d);
	}
	PcConfig *wc = NULL;
	const char *wdir = NULL, *target = NULL;
	if (find_enclosing(dir, t, &wc, &wdir, &target, a, d) != 0)
		return 2;
	if (wc)
		return build(w, wc, wdir, target, t, a, d);
	if (!c) {
		c = PC_NEW(a, PcConfig);
		pc_config_init(c);
	}
	return build(w, c, dir, NULL, t, a, d);
}

int pc_workspace_single(PcWorkspace *w, const char *config_path, PcArena *a, PcDiags *d)
{
	PcConfig *c = NULL;
	if (config_path) {
		if (read_override(&c, config_path, a, d) != 0)
			return 2;
	} else {
		c = PC_NEW(a, PcConfig);
		pc_config_init(c);
	}
	w->dir = ".";
	w->config = c;
	w->modules = (PcVec){0};
	add_module(w, ".", c, a);
	return 0;
}

void pc_workspace_load_config(const PcWorkspace *w, PcLoadConfig *cfg, const char ***inputs, uint32_t *ninputs,
			      PcArena *a)
{
	uint32_t nroots = 0, nexcl = 0;
	for (uint32_t i = 0; i < w->modules.len; i++) {
		nroots += PC_VEC_AT(w->modules, PcModule, i).roots.len;
		nexcl += PC_VEC_AT(w->modules, PcModule, i).excludes.len;
	}
	const char **in = PC_NEW_ARRAY(a, const char *, nroots + 1);
	const char **imp = PC_NEW_ARRAY(a, const char *, nroots + cfg->nimport_paths + 1);
	const char **ex = PC_NEW_ARRAY(a, const char *, nexcl + 1);
	uint32_t nin = 0, nimp = 0, nex = 0;
	for (uint32_t i = 0; i < w->modules.len; i++) {
		const PcModule *m = &PC_VEC_AT(w->modules, PcModule, i);
		for (uint32_t j = 0; j < m->roots.len; j++) {
			const char *r = PC_VEC_AT(m->roots, const char *, j);
			if (m->target)
				in[nin++] = r;
			else
				imp[nimp++] = r;
		}
		for (uint32_t j = 0; j < m->excludes.len; j++)
			ex[nex++] = PC_VEC_AT(m->excludes, const char *, j);
	}
	for (uint32_t i = 0; i < cfg->nimport_paths; i++)
		imp[nimp++] = cfg->import_paths[i];
	cfg->import_paths = imp;
	cfg->nimport_paths = nimp;
	cfg->excludes = ex;
	cfg->nexcludes = nex;
	*inputs = in;
	*ninputs = nin;
}

/* Whether path is root joined with name, as the loader joins them. */
static bool in_root(const char *path, PcStr name, const char *root)
{
	if (strcmp(root, ".") == 0)
		return strlen(path) == name.len && memcmp(path, name.ptr, name.len) == 0;
	size_t rl = strlen(root), pl = strlen(path);
	return pl == rl + 1 + name.len && memcmp(path, root, rl) == 0 && path[rl] == '/' &&
	       memcmp(path + rl + 1, name.ptr, name.len) == 0;
}

int32_t pc_workspace_module_of(const PcWorkspace *w, const PcFile *f)
{
	if (!f->path)
		return -1;
	for (uint32_t i = 0; i < w->modules.len; i++) {
		const PcModule *m = &PC_VEC_AT(w->modules, PcModule, i);
		for (uint32_t j = 0; j < m->roots.len; j++)
			if (in_root(f->path, f->name, PC_VEC_AT(m->roots, const char *, j)))
				return (int32_t)i;
	}
	return -1;
}
