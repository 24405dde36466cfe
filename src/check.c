/* The order matters and is the contract's: inputs first (a side that does not parse
 * is the news, whatever else is wrong, and exits 3), then the rule catalog and rule
 * files, then the configuration, whose rule names are checked here so the error points
 * into the file. Filters run in the order a reader expects: configuration first
 * (paths, unstable packages, ignore_patterns), in-source suppressions last, so that a
 * suppression that only repeats the configuration is reported as matching nothing. */
#include "check.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "confluent.h"
#include "diff.h"
#include "git.h"
#include "incremental.h"
#include "suppress.h"

enum { ST_OK = 0, ST_USAGE = 2, ST_INPUT = 3 };

/* Config rule files are relative to the configuration's directory. */
static const char *config_relative(const char *config_path, const char *file, PcArena *a)
{
	const char *slash = strrchr(config_path, '/');
	if (file[0] == '/' || !slash)
		return file;
	size_t dl = (size_t)(slash - config_path), fl = strlen(file);
	char *p = pc_arena_alloc(a, dl + fl + 2);
	memcpy(p, config_path, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, file, fl + 1);
	return p;
}

static int check_config_names(const PcVec *names, const PcConfig *cfg, const PcRuleSet *rs, PcDiags *d,
			      PcVec *out, PcArena *a)
{
	int status = ST_OK;
	for (uint32_t i = 0; i < names->len; i++) {
		const PcConfigName *cn = &PC_VEC_AT(*names, PcConfigName, i);
		if (!pc_category_parse(cn->name) && !pc_ruleset_find(rs, cn->name)) {
			pc_diag_add(d, PC_SEV_ERROR, cfg->path, cn->line, cn->col, (PcStr){0},
				    "\"%.*s\" is not a known rule or category ID%s", (int)cn->name.len, cn->name.ptr,
				    pc_ruleset_did_you_mean(rs, cn->name, true));
			status = ST_USAGE;
		}
		*PC_VEC_PUSH(out, PcStr, a) = cn->name;
	}
	return status;
}

static const char *file_name(const PcFile *f, PcArena *a)
{
	return f ? pc_arena_strndup(a, f->name.ptr, f->name.len) : NULL;
}

/* One side's load, run on a thread of its own with an arena and diagnostics of its
 * own (the loader shares nothing between schemas). */
typedef struct SideLoad {
	const PcCheckOptions *o;
	PcInput *in;
	PcSchema *s;
	bool old_side;
	int status;
	pthread_t thread;
} SideLoad;

static void *load_side(void *arg)
{
	SideLoad *l = arg;
	const PcCheckOptions *o = l->o;
	const char *arg_self = l->old_side ? o->old_arg : o->new_arg;
	const char *arg_other = l->old_side ? o->new_arg : o->old_arg;
	const char *const *own = l->old_side ? o->old_includes : o->new_includes;
	uint32_t nown = l->old_side ? o->nold_includes : o->nnew_includes;
	const char **inc = PC_NEW_ARRAY(l->s->arena, const char *, o->nincludes + nown + 1);
	for (uint32_t i = 0; i < o->nincludes; i++)
		inc[i] = o->includes[i];
	for (uint32_t i = 0; i < nown; i++)
		inc[o->nincludes + i] = own[i];
	l->in->config_override = l->old_side ? o->against_config : o->config;
	l->status = pc_input_load_side(l->in, l->s, arg_self, arg_other, l->old_side, inc, o->nincludes + nown);
	return NULL;
}

static void label_side(PcDiags *d, const char *side, const char *arg, PcArena *a)
{
	for (uint32_t i = 0; i < d->list.len; i++) {
		PcDiag *g = &PC_VEC_AT(d->list, PcDiag, i);
		size_t n = strlen(g->message) + strlen(side) + strlen(arg) + 10;
		char *m = pc_arena_alloc(a, n);
		snprintf(m, n, "%s (in %s, %s)", g->message, side, arg);
		g->message = m;
	}
}

/* Loads OLD and NEW at the same time (OLD on a second thread), then hands both arenas to
 * a and both sides' diagnostics to d, OLD's first, so the output does not depend on
 * which finished first. */
static int load_sides(const PcCheckOptions *o, PcCheckResult *r, PcSchema *old_s, PcSchema *new_s, PcArena *a,
		      PcDiags *d, PcIncremental *inc)
{
	PcArena arenas[2];
	PcDiags diags[2];
	SideLoad loads[2] = {{o, &r->old_in, old_s, true, 0, 0}, {o, &r->new_in, new_s, false, 0, 0}};
	for (int i = 0; i < 2; i++) {
		pc_arena_init(&arenas[i]);
		pc_diags_init(&diags[i], &arenas[i]);
		pc_schema_init(loads[i].s, &arenas[i], &diags[i]);
		loads[i].s->jobs = o->jobs;
		loads[i].s->lazy_source_info = !o->comments;
		loads[i].s->keep_written = inc != NULL; /* pc_incremental_after_full summarizes them */
		loads[i].s->max_file_size = o->max_file_size;
	}
	bool threaded = o->jobs != 1 && pthread_create(&loads[0].thread, NULL, load_side, &loads[0]) == 0;
	if (!threaded)
		load_side(&loads[0]);
	load_side(&loads[1]);
	if (threaded)
		pthread_join(loads[0].thread, NULL);
	PcSchema *const sides[2] = {old_s, new_s};
	const uint32_t ndiags[2] = {diags[0].list.len + (loads[0].status != 0), diags[1].list.len + (loads[1].status != 0)};
	pc_incremental_after_full(inc, sides, ndiags);
	/* Git versions report the paths of the working tree, so both sides may name the
	 * same file: each diagnostic then says whose it is. */
	if (pc_git_is_input(o->old_arg) || pc_git_is_input(o->new_arg))
		for (int i = 0; i < 2; i++)
			label_side(&diags[i], i == 0 ? "OLD" : "NEW", i == 0 ? o->old_arg : o->new_arg, &arenas[i]);
	for (int i = 0; i < 2; i++) {
		pc_diags_append(d, &diags[i]);
		pc_arena_adopt(a, &arenas[i]);
		loads[i].s->arena = a;
		loads[i].s->diags = d;
	}
	int st_old = loads[0].status, st_new = loads[1].status;
	if (st_old == ST_USAGE || st_new == ST_USAGE)
		return ST_USAGE;
	if (st_old != 0 || st_new != 0 || d->errors > 0)
		return ST_INPUT; /* an error recorded anywhere can never pass */
	return ST_OK;
}

int pc_check_load_rules(PcRuleSet *rs, const char *const *files, uint32_t nfiles)
{
	if (pc_ruleset_load_builtin(rs) != 0)
		return ST_USAGE;
	for (uint32_t i = 0; i < nfiles; i++)
		if (pc_ruleset_load_file(rs, files[i]) != 0)
			return ST_USAGE;
	return ST_OK;
}

/* One comparison buf makes: a module of NEW against the module of OLD at the same
 * place in the sorted lists (or all of NEW against all of OLD when buf maps them), with
 * the NEW module's configuration. image_* mark the files its images hold, by seq. */
typedef struct Pair {
	const PcConfig *config;
	bool *enabled;
	uint8_t *image_new, *image_old;
} Pair;

/* Loads a configuration's rule files and checks its rule names; sets *enabled. */
static int configure_one(const PcCheckOptions *o, PcRuleSet *rs, const PcConfig *cfg, bool **enabled, PcArena *a,
			 PcDiags *d)
{
	PcVec use = {(void *)o->use, o->nuse, o->nuse}, except = {(void *)o->except, o->nexcept, o->nexcept};
	int status = ST_OK;
	if (!o->has_use) {
		use = (PcVec){0};
		status |= check_config_names(&cfg->use, cfg, rs, d, &use, a);
	}
	if (!o->has_except) {
		except = (PcVec){0};
		status |= check_config_names(&cfg->except, cfg, rs, d, &except, a);
	}
	if (status)
		return ST_USAGE;
	*enabled = PC_NEW_ARRAY(a, bool, rs->rules.len + 1);
	if (pc_ruleset_select(rs, cfg->version, use.items, use.len, except.items, except.len, *enabled) != 0)
		return ST_USAGE;
	for (uint32_t i = 0; cfg->disable_builtin && i < rs->rules.len; i++)
		if (PC_VEC_AT(rs->rules, const PcRule *, i)->builtin)
			(*enabled)[i] = false;
	return ST_OK;
}

/* Every distinct configuration of NEW's modules: rule files first (they add rules, so
 * the enabled arrays are sized after), then names. */
static int load_config_rules(PcCheckResult *r, PcArena *a, PcDiags *d)
{
	const PcWorkspace *w = &r->new_in.ws;
	for (uint32_t m = 0; m <= w->modules.len; m++) {
		const PcConfig *cfg = m < w->modules.len ? PC_VEC_AT(w->modules, PcModule, m).config : w->config;
		bool seen = false;
		for (uint32_t k = 0; k < m && !seen; k++)
			seen = PC_VEC_AT(w->modules, PcModule, k).config == cfg;
		if (seen || !cfg)
			continue;
		for (uint32_t i = 0; i < cfg->rules.len; i++) {
			const char *f = config_relative(cfg->path, PC_VEC_AT(cfg->rules, const char *, i), a);
			if (pc_ruleset_load_file(&r->rules, f) != 0)
				return ST_USAGE;
		}
		if (pc_config_resolve_rules((PcConfig *)cfg, &r->rules, a, d) != 0)
			return ST_USAGE;
		pc_config_compile_patterns((PcConfig *)cfg, a);
	}
	return ST_OK;
}

static uint32_t target_count(const PcWorkspace *w)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < w->modules.len; i++)
		n += PC_VEC_AT(w->modules, PcModule, i).target;
	return n;
}

/* The k-th target module's index, or -1 for all targets (k < 0). */
static int32_t nth_target(const PcWorkspace *w, int32_t k)
{
	for (uint32_t i = 0; k >= 0 && i < w->modules.len; i++)
		if (PC_VEC_AT(w->modules, PcModule, i).target && k-- == 0)
			return (int32_t)i;
	return -1;
}

/* The path a file has in its workspace (its module's path joined with its name), the
 * form --path and --exclude-path are compared with. */
static const char *workspace_path(const PcWorkspace *w, int32_t m, const PcFile *f, PcArena *a)
{
	const char *name = pc_arena_strndup(a, f->name.ptr, f->name.len);
	const char *mod = m >= 0 ? PC_VEC_AT(w->modules, PcModule, m).name : ".";
	if (strcmp(mod, ".") == 0)
		return name;
	size_t ml = strlen(mod), nl = strlen(name);
	char *p = pc_arena_alloc(a, ml + nl + 2);
	memcpy(p, mod, ml);
	p[ml] = '/';
	memcpy(p + ml + 1, name, nl + 1);
	return p;
}

static bool any_path_covers(const char *const *paths, uint32_t n, const char *p)
{
	for (uint32_t i = 0; i < n; i++)
		if (pc_path_covers(paths[i], p))
			return true;
	return false;
}

/* A set of file names (open addressing, at most half full). */
typedef struct NameSet {
	PcStr *slots;
	uint32_t mask, count;
} NameSet;

/* Per file of a side, by seq: the target module whose root holds it when it passes the
 * path filters, else -1. Worked out once per side; every image of the side reads it.
 * A descriptor set without inputs of its own is all targets of its one module. */
static int32_t *side_targets(const PcCheckOptions *o, const PcInput *in, const PcSchema *s, PcArena *a)
{
	uint32_t n = s->files.len;
	int32_t *t = PC_NEW_ARRAY(a, int32_t, n + 1);
	for (uint32_t i = 0; i < n; i++)
		t[i] = -1;
	const PcWorkspace *w = &in->ws;
	bool all = in->kind == PC_INPUT_DESCSET && s->inputs.len == 0;
	const PcVec *files = all ? &s->files : &s->inputs;
	bool filtered = o->npaths || o->nexclude_paths;
	for (uint32_t i = 0; i < files->len; i++) {
		const PcFile *f = PC_VEC_AT(*files, PcFile *, i);
		int32_t m = w->modules.len == 1 || all ? 0 : pc_workspace_module_of(w, f);
		if (m < 0 || !PC_VEC_AT(w->modules, PcModule, m).target)
			continue;
		if (filtered) {
			const char *wp = workspace_path(w, m, f, a);
			if (o->npaths && !any_path_covers(o->paths, o->npaths, wp))
				continue;
			if (any_path_covers(o->exclude_paths, o->nexclude_paths, wp))
				continue;
		}
		t[f->seq] = m;
	}
	return t;
}

/* Marks the files of one image of a side: its target files of module want (-1: every
 * target module), only those named in names when given, then, unless imports are
 * excluded, everything they import. Files come dependencies first, so one backward
 * sweep carries marks from importers to imports. */
static uint8_t *mark_image(bool exclude_imports, const int32_t *targets, const PcSchema *s, int32_t want,
			   const NameSet *names, PcArena *a)
{
	uint32_t n = s->files.len;
	uint8_t *img = PC_NEW_ARRAY(a, uint8_t, n + 1);
	for (uint32_t i = 0; i < n; i++) {
		if (targets[i] < 0 || (want >= 0 && targets[i] != want))
			continue;
		PcStr name = PC_VEC_AT(s->files, PcFile *, i)->name;
		if (names && !pc_strset_slot(names->slots, names->mask, name)->ptr)
			continue;
		img[i] = 1;
	}
	for (uint32_t i = n; !exclude_imports && i-- > 0;) {
		const PcFile *f = PC_VEC_AT(s->files, PcFile *, i);
		if (!img[i])
			continue;
		for (uint32_t j = 0; j < f->imports.len; j++) {
			const PcFile *dep = PC_VEC_AT(f->imports, PcImport, j).file;
			if (dep)
				img[dep->seq] = 1;
		}
	}
	return img;
}

/* Whether findings need sorting out by module: a workspace of several modules, a
 * module checked inside a larger workspace, or path filters. Otherwise everything
 * loaded is one image, as before workspaces. */
static bool needs_images(const PcCheckOptions *o, const PcCheckResult *r)
{
	const PcWorkspace *nw = &r->new_in.ws, *ow = &r->old_in.ws;
	return nw->modules.len > 1 || ow->modules.len > 1 || target_count(nw) != nw->modules.len ||
	       target_count(ow) != ow->modules.len || o->npaths || o->nexclude_paths || o->limit_to_input_files;
}

static void set_seq(const PcSchema *s)
{
	for (uint32_t i = 0; i < s->files.len; i++)
		PC_VEC_AT(s->files, PcFile *, i)->seq = i;
}

/* NEW's target file names (after the path filters), for --limit-to-input-files. */
static NameSet target_names(const int32_t *targets, const PcSchema *s, PcArena *a)
{
	NameSet set = {0};
	uint32_t cap = 16;
	while (cap < s->files.len * 2)
		cap *= 2;
	set.slots = PC_NEW_ARRAY(a, PcStr, cap);
	set.mask = cap - 1;
	for (uint32_t i = 0; i < s->files.len; i++) {
		if (targets[i] < 0)
			continue;
		PcStr name = PC_VEC_AT(s->files, PcFile *, i)->name;
		PcStr *slot = pc_strset_slot(set.slots, set.mask, name);
		if (!slot->ptr) {
			*slot = name;
			set.count++;
		}
	}
	return set;
}

/* Pairs NEW's modules with OLD's as buf does: sorted by path, one to one; when NEW has
 * more and none of them has a configuration of its own, all of NEW against all of
 * OLD. */
static int make_pairs(const PcCheckOptions *o, PcCheckResult *r, const PcSchema *os, const PcSchema *ns,
		      Pair **out, uint32_t *npairs, PcArena *a, PcDiags *d)
{
	const PcWorkspace *nw = &r->new_in.ws, *ow = &r->old_in.ws;
	uint32_t nn = target_count(nw), no = target_count(ow);
	bool merged = false;
	if (r->old_in.empty) {
		merged = true;
	} else if (nn != no) {
		bool own = false;
		for (uint32_t i = 0; i < nw->modules.len; i++) {
			const PcModule *m = &PC_VEC_AT(nw->modules, PcModule, i);
			own |= m->target && m->own_breaking;
		}
		if (nn < no || own) {
			pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
				    "input contained %u images, whereas against contained %u images (NEW has %u "
				    "modules, OLD %u: buf pairs modules one to one, in order of their paths)",
				    nn, no, nn, no);
			return ST_USAGE;
		}
		merged = true;
	}
	set_seq(os);
	set_seq(ns);
	int32_t *tn = side_targets(o, &r->new_in, ns, a), *to = side_targets(o, &r->old_in, os, a);
	NameSet names = o->limit_to_input_files || o->npaths || o->nexclude_paths ? target_names(tn, ns, a)
										  : (NameSet){0};
	if ((o->npaths || o->nexclude_paths) && names.count == 0) {
		pc_diag_add(d, PC_SEV_ERROR, r->new_in.arg, 0, 0, (PcStr){0},
			    "no .proto files of \"%s\" are left to check: --path names none of them, or "
			    "--exclude-path leaves out all of them",
			    r->new_in.arg);
		return ST_USAGE;
	}
	uint32_t np = merged ? 1 : nn;
	Pair *pairs = PC_NEW_ARRAY(a, Pair, np);
	for (uint32_t k = 0; k < np; k++) {
		int32_t mn = merged ? -1 : nth_target(nw, (int32_t)k), mo = merged ? -1 : nth_target(ow, (int32_t)k);
		pairs[k].config = PC_VEC_AT(nw->modules, PcModule, mn >= 0 ? mn : nth_target(nw, 0)).config;
		pairs[k].image_new = mark_image(o->exclude_imports, tn, ns, mn, NULL, a);
		pairs[k].image_old =
			mark_image(o->exclude_imports, to, os, mo, o->limit_to_input_files ? &names : NULL, a);
	}
	*out = pairs;
	*npairs = np;
	return ST_OK;
}

/* --path and --exclude-path are written relative to the current directory, as buf
 * takes them; the check compares them with paths inside the workspace, so each is
 * made relative to NEW's workspace directory, else OLD's; one inside neither is taken
 * as written (relative to the workspace already). */
static const char *const *rebase_paths(const char *const *paths, uint32_t n, const PcCheckResult *r, PcArena *a)
{
	const char **out = PC_NEW_ARRAY(a, const char *, n + 1);
	const char *dirs[2] = {r->new_in.ws.dir, r->old_in.ws.dir};
	for (uint32_t i = 0; i < n; i++) {
		out[i] = paths[i];
		char *abs = pc_path_normalize(a, paths[i]);
		for (int k = 0; k < 2 && abs; k++) {
			char *d = dirs[k] ? pc_path_normalize(a, dirs[k]) : NULL;
			size_t dl = d ? strlen(d) : 0;
			if (!d || strncmp(abs, d, dl) != 0 || (abs[dl] != '/' && abs[dl] != '\0'))
				continue;
			out[i] = abs[dl] ? abs + dl + (dl == 1 ? 0 : 1) : ".";
			break;
		}
	}
	return out;
}

/* Reads the configurations and decides which rules run and in which directions: one
 * set of rules per pair, and their union for the evaluation (a finding is then kept
 * where a pair that holds it wants it). */
static int configure(const PcCheckOptions *o, PcCheckResult *r, const PcSchema *os, const PcSchema *ns,
		     Pair **pairs, uint32_t *npairs, bool **union_out, uint32_t *directions, uint32_t *audiences,
		     PcArena *a, PcDiags *d)
{
	const PcWorkspace *nw = &r->new_in.ws;
	r->config = *nw->config;
	if (load_config_rules(r, a, d) != 0)
		return ST_USAGE;
	PcCheckOptions ro = *o;
	ro.paths = rebase_paths(o->paths, o->npaths, r, a);
	ro.exclude_paths = rebase_paths(o->exclude_paths, o->nexclude_paths, r, a);
	int status = make_pairs(&ro, r, os, ns, pairs, npairs, a, d);
	if (status)
		return status;
	bool *all = *union_out = PC_NEW_ARRAY(a, bool, r->rules.rules.len + 1);
	for (uint32_t k = 0; k < *npairs; k++) {
		Pair *p = &(*pairs)[k];
		bool reuse = false;
		for (uint32_t j = 0; j < k && !reuse; j++)
			if ((*pairs)[j].config == p->config) {
				p->enabled = (*pairs)[j].enabled;
				reuse = true;
			}
		if (!reuse && configure_one(o, &r->rules, p->config, &p->enabled, a, d) != 0)
			return ST_USAGE;
		for (uint32_t i = 0; i < r->rules.rules.len; i++)
			all[i] |= p->enabled[i];
	}
	const PcConfig *top = nw->config;
	*directions = o->directions ? o->directions : top->directions ? top->directions : PC_DIR_BOTH;
	*audiences = o->audiences ? o->audiences : top->audiences ? top->audiences : PC_AUDS_ALL;
	r->rules.wire_mode = o->has_wire ? o->wire : top->has_wire ? top->wire : PC_WIRE_BUF;
	return ST_OK;
}

/* Whether the pair's configuration drops the finding: ignored paths, unstable
 * packages, ignore_patterns. */
static bool config_drops(const PcConfig *cfg, const PcFinding *f, PcArena *a)
{
	const PcFile *nf = f->pos.file, *of = f->old_pos.file;
	if (pc_config_ignores_path(cfg, f->rule, file_name(nf, a), file_name(of, a)))
		return true;
	if (pc_config_ignores_change(cfg, f->change, a))
		return true;
	return cfg->ignore_unstable_packages &&
	       ((nf && pc_package_is_unstable(nf->package)) || (of && pc_package_is_unstable(of->package)));
}

/* Keeps a finding when some pair holds its file (NEW's, else OLD's for a finding with
 * no place in NEW), runs its rule and does not ignore it there. One finding stands for
 * all the pairs that report it, as buf's output de-duplicates them. */
static void apply_pairs(const PcCheckResult *r, const Pair *pairs, uint32_t npairs, bool images, PcVec *findings,
			PcArena *a)
{
	uint32_t kept = 0;
	for (uint32_t i = 0; i < findings->len; i++) {
		PcFinding f = PC_VEC_AT(*findings, PcFinding, i);
		uint32_t ri = f.rule->index;
		bool keep = false;
		for (uint32_t k = 0; k < npairs && !keep; k++) {
			const Pair *p = &pairs[k];
			if (images) {
				bool in = f.pos.file ? p->image_new[f.pos.file->seq]
						     : f.old_pos.file ? p->image_old[f.old_pos.file->seq] : true;
				if (!in)
					continue;
			}
			keep = p->enabled[ri] && !config_drops(p->config, &f, a);
		}
		if (keep)
			PC_VEC_AT(*findings, PcFinding, kept++) = f;
	}
	findings->len = kept;
}

/* buf counts a tab as advancing to the next multiple of 4 columns and characters by
 * display width (pc_source_char_width), protoc (whose source info our spans
 * reproduce) tabs to the next multiple of 8 and bytes. Findings are reported
 * in buf's columns, so CI annotations and tools that compare with buf agree. */
static int32_t buf_column(const PcSource *src, int32_t line, int32_t col)
{
	if (line < 0 || (uint32_t)line >= src->nlines)
		return col;
	PcStr text = pc_source_line(src, (uint32_t)line);
	int32_t pcol = 0, bcol = 0;
	for (size_t i = 0; i < text.len && pcol < col; i++) {
		if (text.ptr[i] == '\t') {
			pcol += 8 - pcol % 8;
			bcol += 4 - bcol % 4;
		} else {
			size_t n;
			bcol += pc_source_char_width(text.ptr + i, text.len - i, &n);
			pcol += (int32_t)n;
			i += n - 1;
		}
	}
	return bcol + (col - pcol);
}

static int cmp_pos_file(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)(*(PcPos *const *)x)->file, b = (uintptr_t)(*(PcPos *const *)y)->file;
	return a < b ? -1 : a > b;
}

/* File by file, so that a source released after parsing is read once into tmp and
 * let go again (the order of the conversions does not matter). */
static void findings_to_buf_columns(PcVec *findings, size_t elem_size, PcArena *a)
{
	PcPos **pos = PC_NEW_ARRAY(a, PcPos *, 2 * (size_t)findings->len + 1);
	size_t n = 0;
	for (uint32_t i = 0; i < findings->len; i++) {
		PcFinding *f = (PcFinding *)((char *)findings->items + elem_size * i);
		PcPos *both[2] = {&f->pos, &f->old_pos};
		for (int k = 0; k < 2; k++)
			if (both[k]->file && both[k]->file->src && both[k]->span.line >= 0)
				pos[n++] = both[k];
	}
	qsort(pos, n, sizeof *pos, cmp_pos_file);
	PcArena tmp;
	pc_arena_init(&tmp);
	for (size_t i = 0, j; i < n; i = j) {
		PcSource src;
		bool have = pc_file_source_copy(pos[i]->file, &src, &tmp);
		for (j = i; j < n && pos[j]->file == pos[i]->file; j++)
			if (have) {
				pos[j]->span.col = buf_column(&src, pos[j]->span.line, pos[j]->span.col);
				pos[j]->span.end_col = buf_column(&src, pos[j]->span.end_line, pos[j]->span.end_col);
			}
		pc_arena_reset(&tmp);
	}
	pc_arena_release(&tmp);
}

/* --profile confluent: the rules of category CONFLUENT (rules/confluent.yaml) over
 * Confluent's differences, OLD -> NEW for backward, NEW -> OLD for forward as its
 * FORWARD check swaps them. A type is compatible when its rule is a warning (or there
 * is none), which is also what the differ needs to know for imported message types. */
static PcChangeList confluent_changes(const PcSchema *os, const PcSchema *ns, const PcRuleSet *rs,
				      uint32_t directions, PcArena *a)
{
	bool compatible[PC_CF_COUNT];
	for (int t = 0; t < PC_CF_COUNT; t++) {
		const PcRule *rule = pc_ruleset_find(rs, pc_str(pc_cf_type_name((PcCfType)t)));
		compatible[t] = !rule || !(rule->categories & PC_CAT_CONFLUENT) || rule->severity == PC_SEV_WARNING;
	}
	PcChangeList changes = {0};
	if (directions & PC_DIR_BACKWARD)
		pc_confluent_diff(os, ns, compatible, false, &changes, a);
	if (directions & PC_DIR_FORWARD)
		pc_confluent_diff(ns, os, compatible, true, &changes, a);
	return changes;
}

static bool *confluent_rules(const PcRuleSet *rs, Pair *pairs, uint32_t npairs, PcArena *a)
{
	bool *enabled = PC_NEW_ARRAY(a, bool, rs->rules.len + 1);
	for (uint32_t i = 0; i < rs->rules.len; i++)
		enabled[i] = (PC_VEC_AT(rs->rules, const PcRule *, i)->categories & PC_CAT_CONFLUENT) != 0;
	for (uint32_t k = 0; k < npairs; k++)
		pairs[k].enabled = enabled;
	return enabled;
}

/* Under FULL a difference found both ways is one finding that breaks both. Findings
 * are sorted by place, rule and message, so the two are neighbours. */
static void merge_both_ways(PcVec *findings)
{
	uint32_t kept = 0;
	for (uint32_t i = 0; i < findings->len; i++) {
		PcFinding f = PC_VEC_AT(*findings, PcFinding, i);
		PcFinding *prev = kept ? &PC_VEC_AT(*findings, PcFinding, kept - 1) : NULL;
		if (prev && prev->rule == f.rule && prev->pos.file == f.pos.file &&
		    prev->pos.span.line == f.pos.span.line && prev->pos.span.col == f.pos.span.col &&
		    pc_str_eq(prev->message, f.message) && pc_str_eq(prev->change->name, f.change->name)) {
			prev->direction |= f.direction;
			for (int k = 0; k < PC_AUD_COUNT; k++)
				prev->breaks[k] |= f.breaks[k];
			continue;
		}
		PC_VEC_AT(*findings, PcFinding, kept++) = f;
	}
	findings->len = kept;
}

int pc_check_run(const PcCheckOptions *o, PcCheckResult *r, PcArena *a, PcDiags *d)
{
	memset(r, 0, sizeof *r);
	pc_diags_init(&r->warnings, a);
	pc_config_init(&r->config);
	pc_ruleset_init(&r->rules, a, d);
	PcSchema old_s, new_s;
	PcIncremental *inc = NULL;
	int status = pc_incremental_load(o, r, &old_s, &new_s, a, d, &inc);
	bool incremental = status == 0;
	if (!incremental) {
		status = load_sides(o, r, &old_s, &new_s, a, d, inc);
		inc = NULL;
	}
	if (status == ST_OK)
		status = pc_check_load_rules(&r->rules, o->rule_files, o->nrule_files);
	bool *enabled = NULL;
	uint32_t directions = PC_DIR_BOTH, audiences = PC_AUDS_ALL;
	Pair *pairs = NULL;
	uint32_t npairs = 0;
	if (status == ST_OK)
		status = configure(o, r, &old_s, &new_s, &pairs, &npairs, &enabled, &directions, &audiences, a, d);
	if (status != ST_OK)
		return status;

	PcDiffConfig dcfg = {
		.pair_single_inputs = (r->old_in.kind == PC_INPUT_PROTO_FILE || r->old_in.registry) &&
				      (r->new_in.kind == PC_INPUT_PROTO_FILE || r->new_in.registry) && !r->old_in.empty,
		.exclude_imports = o->exclude_imports || incremental, /* inputs: the affected files */
		.additions = o->all_changes,
		.options = o->all_changes || pc_ruleset_wants(&r->rules, enabled, PC_CHANGE_OPTION_CHANGED),
		.comments = o->comments || pc_ruleset_wants(&r->rules, enabled, PC_CHANGE_COMMENT_CHANGED),
	};
	const PcConfig *top = r->new_in.ws.config;
	dcfg.renames = o->renames || (top && top->renames);
	dcfg.deprecated_deletes = o->deprecated_deletes || (top && top->deprecate_before_delete);
	bool confluent = o->profile == PC_PROFILE_CONFLUENT ||
			 (o->profile == PC_PROFILE_UNSET && top && top->profile_confluent);
	if (confluent) {
		enabled = confluent_rules(&r->rules, pairs, npairs, a);
		r->changes = confluent_changes(&old_s, &new_s, &r->rules, directions, a);
	} else {
		for (int k = PC_CHANGE_FILE_ADDED; k <= PC_CHANGE_RESERVED_NAME_ADDED && !dcfg.additions; k++)
			dcfg.additions = pc_ruleset_wants(&r->rules, enabled, (PcChangeKind)k);
		r->changes = pc_diff(&old_s, &new_s, &dcfg, a);
	}
	pc_ruleset_evaluate(&r->rules, enabled, directions, audiences, &r->changes, &r->findings);
	if (confluent)
		merge_both_ways(&r->findings);
	apply_pairs(r, pairs, npairs, needs_images(o, r), &r->findings, a);
	PcSuppressions sups;
	pc_incremental_order_files(inc, &new_s);
	pc_suppress_collect(&sups, &new_s, &r->rules, a, &r->warnings);
	pc_suppress_apply(&sups, &r->findings, &r->suppressed, a);
	pc_suppress_check_unused(&sups, &r->rules, enabled, &r->warnings);
	findings_to_buf_columns(&r->findings, sizeof(PcFinding), a);
	findings_to_buf_columns(&r->suppressed, sizeof(PcSuppressed), a);
	return ST_OK;
}

bool pc_check_fails(const PcCheckResult *r)
{
	bool errors = false, warnings = false;
	for (uint32_t i = 0; i < r->findings.len; i++) {
		PcSeverity s = PC_VEC_AT(r->findings, PcFinding, i).rule->severity;
		errors |= s == PC_SEV_ERROR;
		warnings |= s == PC_SEV_WARNING;
	}
	return (errors && pc_config_fails(&r->config, PC_SEV_ERROR)) ||
	       (warnings && pc_config_fails(&r->config, PC_SEV_WARNING));
}
