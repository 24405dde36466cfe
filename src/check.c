/* The order matters and is the contract's: inputs first (a side that does not parse
 * is the news, whatever else is wrong, and exits 3), then the rule catalog and rule
 * files, then the configuration, whose rule names are checked here so the error points
 * into the file. Filters run in the order a reader expects: configuration first
 * (paths, unstable packages, ignore_patterns), in-source suppressions last, so that a
 * suppression that only repeats the configuration is reported as matching nothing. */
#include "check.h"

#include <pthread.h>
#include <string.h>

#include "diff.h"
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

/* Drops the findings the configuration silences: ignored paths, unstable packages and
 * ignore_patterns. */
static void apply_config(const PcConfig *cfg, PcVec *findings, PcArena *a)
{
	uint32_t kept = 0;
	for (uint32_t i = 0; i < findings->len; i++) {
		PcFinding f = PC_VEC_AT(*findings, PcFinding, i);
		const PcFile *nf = f.pos.file, *of = f.old_pos.file;
		if (pc_config_ignores_path(cfg, f.rule, file_name(nf, a), file_name(of, a)))
			continue;
		if (pc_config_ignores_change(cfg, f.change, a))
			continue;
		if (cfg->ignore_unstable_packages && ((nf && pc_package_is_unstable(nf->package)) ||
						      (of && pc_package_is_unstable(of->package))))
			continue;
		PC_VEC_AT(*findings, PcFinding, kept++) = f;
	}
	findings->len = kept;
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
	const char *arg_self = l->old_side ? l->o->old_arg : l->o->new_arg;
	const char *arg_other = l->old_side ? l->o->new_arg : l->o->old_arg;
	l->status = pc_input_load_side(l->in, l->s, arg_self, arg_other, l->old_side, l->o->includes,
				       l->o->nincludes);
	return NULL;
}

/* Loads OLD and NEW at the same time (OLD on a second thread), then hands both arenas to
 * a and both sides' diagnostics to d, OLD's first, so the output does not depend on
 * which finished first. */
static int load_sides(const PcCheckOptions *o, PcCheckResult *r, PcSchema *old_s, PcSchema *new_s, PcArena *a,
		      PcDiags *d)
{
	PcArena arenas[2];
	PcDiags diags[2];
	SideLoad loads[2] = {{o, &r->old_in, old_s, true, 0, 0}, {o, &r->new_in, new_s, false, 0, 0}};
	for (int i = 0; i < 2; i++) {
		pc_arena_init(&arenas[i]);
		pc_diags_init(&diags[i], &arenas[i]);
		pc_schema_init(loads[i].s, &arenas[i], &diags[i]);
		loads[i].s->jobs = o->jobs;
		loads[i].s->lazy_source_info = true;
		loads[i].s->max_file_size = o->max_file_size;
	}
	bool threaded = o->jobs != 1 && pthread_create(&loads[0].thread, NULL, load_side, &loads[0]) == 0;
	if (!threaded)
		load_side(&loads[0]);
	load_side(&loads[1]);
	if (threaded)
		pthread_join(loads[0].thread, NULL);
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

/* Reads the configuration and decides which rules run and in which directions. */
static int configure(const PcCheckOptions *o, PcCheckResult *r, bool **enabled_out, uint32_t *directions,
		     PcArena *a, PcDiags *d)
{
	PcConfig *cfg = &r->config;
	PcRuleSet *rs = &r->rules;
	const char *path = o->config ? o->config : pc_config_find(r->new_in.root, a);
	if (path && pc_config_load(cfg, path, a, d) != 0)
		return ST_USAGE;
	for (uint32_t i = 0; i < cfg->rules.len; i++) {
		const char *f = config_relative(path, PC_VEC_AT(cfg->rules, const char *, i), a);
		if (pc_ruleset_load_file(rs, f) != 0)
			return ST_USAGE;
	}
	if (pc_config_resolve_rules(cfg, rs, a, d) != 0)
		return ST_USAGE;
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
	/* Sized only now: the configuration's rule files have added their rules. */
	bool *enabled = *enabled_out = PC_NEW_ARRAY(a, bool, rs->rules.len + 1);
	if (pc_ruleset_select(rs, cfg->version, use.items, use.len, except.items, except.len, enabled) != 0)
		return ST_USAGE;
	*directions = o->directions ? o->directions : cfg->directions ? cfg->directions : PC_DIR_BOTH;
	return ST_OK;
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

static void to_buf_columns(PcPos *p)
{
	if (!p->file || !p->file->src || p->span.line < 0)
		return;
	p->span.col = buf_column(p->file->src, p->span.line, p->span.col);
	p->span.end_col = buf_column(p->file->src, p->span.end_line, p->span.end_col);
}

static void findings_to_buf_columns(PcVec *findings, size_t elem_size)
{
	for (uint32_t i = 0; i < findings->len; i++) {
		PcFinding *f = (PcFinding *)((char *)findings->items + elem_size * i);
		to_buf_columns(&f->pos);
		to_buf_columns(&f->old_pos);
	}
}

int pc_check_run(const PcCheckOptions *o, PcCheckResult *r, PcArena *a, PcDiags *d)
{
	memset(r, 0, sizeof *r);
	pc_diags_init(&r->warnings, a);
	pc_config_init(&r->config);
	pc_ruleset_init(&r->rules, a, d);
	PcSchema old_s, new_s;
	int status = load_sides(o, r, &old_s, &new_s, a, d);
	if (status == ST_OK)
		status = pc_check_load_rules(&r->rules, o->rule_files, o->nrule_files);
	bool *enabled = NULL;
	uint32_t directions = PC_DIR_BOTH;
	if (status == ST_OK)
		status = configure(o, r, &enabled, &directions, a, d);
	if (status != ST_OK)
		return status;

	PcDiffConfig dcfg = {
		.pair_single_inputs = r->old_in.kind == PC_INPUT_PROTO_FILE && r->new_in.kind == PC_INPUT_PROTO_FILE &&
				      !r->old_in.empty,
		.exclude_imports = o->exclude_imports,
	};
	PcChangeList changes = pc_diff(&old_s, &new_s, &dcfg, a);
	pc_ruleset_evaluate(&r->rules, enabled, directions, &changes, &r->findings);
	apply_config(&r->config, &r->findings, a);
	PcSuppressions sups;
	pc_suppress_collect(&sups, &new_s, &r->rules, a, &r->warnings);
	pc_suppress_apply(&sups, &r->findings, &r->suppressed, a);
	pc_suppress_check_unused(&sups, &r->rules, enabled, &r->warnings);
	findings_to_buf_columns(&r->findings, sizeof(PcFinding));
	findings_to_buf_columns(&r->suppressed, sizeof(PcSuppressed));
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
