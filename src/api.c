/* The public API (protocompat.h) over the check pipeline of check.c. A handle keeps
 * its options in one arena for its whole life and each run's result in a second
 * arena, released by the next run; the public finding and diagnostic structs are
 * converted from the internal ones once per run, NUL-terminated, into the run arena.
 * Only the functions of protocompat.h are exported from libprotocompat.so (everything
 * is built with -fvisibility=hidden and these carry PROTOCOMPAT_API). */
#include "api.h"

#include <string.h>

#include "rules.h"

struct ProtocompatCheck {
	PcArena opt_arena;        /* the handle and its option strings */
	PcVec includes[3];        /* of const char *: both sides, OLD, NEW */
	PcVec rule_files;         /* of const char * */
	PcVec use, except;        /* of PcStr */
	bool has_use, has_except;
	const char *config, *against_config;
	uint32_t directions, audiences, jobs;
	bool exclude_imports;

	PcArena run_arena;        /* the last run's everything */
	PcDiags diags;
	PcCheckResult res;
	bool ran;
	ProtocompatFinding *findings;
	size_t nfindings;
	ProtocompatDiagnostic *diagnostics;
	size_t ndiagnostics;
};

const char *protocompat_version(void)
{
	return pc_build_version;
}

const char *protocompat_revision(void)
{
	return pc_build_revision;
}

ProtocompatCheck *protocompat_check_new(void)
{
	PcArena a;
	pc_arena_init(&a);
	ProtocompatCheck *c = PC_NEW(&a, ProtocompatCheck);
	c->opt_arena = a;
	pc_arena_init(&c->run_arena);
	pc_diags_init(&c->diags, &c->run_arena);
	return c;
}

void protocompat_check_free(ProtocompatCheck *c)
{
	if (!c)
		return;
	pc_arena_release(&c->run_arena);
	PcArena a = c->opt_arena; /* c lives in it */
	pc_arena_release(&a);
}

static const char *copy(ProtocompatCheck *c, const char *s)
{
	return pc_arena_strndup(&c->opt_arena, s, strlen(s));
}

int protocompat_check_add_include(ProtocompatCheck *c, int side, const char *dir)
{
	if (!c || !dir || side < 0 || side > 2)
		return PROTOCOMPAT_ERR_USAGE;
	*PC_VEC_PUSH(&c->includes[side], const char *, &c->opt_arena) = copy(c, dir);
	return PROTOCOMPAT_OK;
}

int protocompat_check_set_config(ProtocompatCheck *c, const char *config)
{
	if (!c)
		return PROTOCOMPAT_ERR_USAGE;
	c->config = config ? copy(c, config) : NULL;
	return PROTOCOMPAT_OK;
}

int protocompat_check_set_against_config(ProtocompatCheck *c, const char *config)
{
	if (!c)
		return PROTOCOMPAT_ERR_USAGE;
	c->against_config = config ? copy(c, config) : NULL;
	return PROTOCOMPAT_OK;
}

/* "A,B" into names, as the command splits --use. */
static void add_names(ProtocompatCheck *c, PcVec *names, const char *list)
{
	const char *p = copy(c, list);
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len)
			*PC_VEC_PUSH(names, PcStr, &c->opt_arena) = (PcStr){p, len};
		p += len + (comma ? 1 : 0);
	}
}

int protocompat_check_use(ProtocompatCheck *c, const char *names)
{
	if (!c || !names)
		return PROTOCOMPAT_ERR_USAGE;
	add_names(c, &c->use, names);
	c->has_use = true;
	return PROTOCOMPAT_OK;
}

int protocompat_check_except(ProtocompatCheck *c, const char *names)
{
	if (!c || !names)
		return PROTOCOMPAT_ERR_USAGE;
	add_names(c, &c->except, names);
	c->has_except = true;
	return PROTOCOMPAT_OK;
}

int protocompat_check_set_direction(ProtocompatCheck *c, unsigned directions)
{
	if (!c || directions == 0 || directions > PROTOCOMPAT_FULL)
		return PROTOCOMPAT_ERR_USAGE;
	c->directions = directions;
	return PROTOCOMPAT_OK;
}

int protocompat_check_set_audiences(ProtocompatCheck *c, unsigned audiences)
{
	if (!c || audiences == 0 || audiences > PROTOCOMPAT_ALL_AUDIENCES)
		return PROTOCOMPAT_ERR_USAGE;
	c->audiences = audiences;
	return PROTOCOMPAT_OK;
}

int protocompat_check_add_rules_file(ProtocompatCheck *c, const char *path)
{
	if (!c || !path)
		return PROTOCOMPAT_ERR_USAGE;
	*PC_VEC_PUSH(&c->rule_files, const char *, &c->opt_arena) = copy(c, path);
	return PROTOCOMPAT_OK;
}

int protocompat_check_set_exclude_imports(ProtocompatCheck *c, int on)
{
	if (!c)
		return PROTOCOMPAT_ERR_USAGE;
	c->exclude_imports = on != 0;
	return PROTOCOMPAT_OK;
}

int protocompat_check_set_jobs(ProtocompatCheck *c, unsigned jobs)
{
	if (!c || jobs > 256)
		return PROTOCOMPAT_ERR_USAGE;
	c->jobs = jobs;
	return PROTOCOMPAT_OK;
}

static const char *file_path(const PcFile *f)
{
	if (!f)
		return NULL;
	return f->path ? f->path : f->src && f->src->path ? f->src->path : "";
}

static const char *cstr(PcStr s, PcArena *a)
{
	return pc_arena_strndup(a, s.ptr ? s.ptr : "", s.len);
}

static void convert_findings(ProtocompatCheck *c)
{
	const PcVec *v = &c->res.findings;
	PcArena *a = &c->run_arena;
	c->findings = PC_NEW_ARRAY(a, ProtocompatFinding, v->len + 1);
	c->nfindings = v->len;
	_Static_assert((int)PROTOCOMPAT_BACKWARD == (int)PC_DIR_BACKWARD && (int)PROTOCOMPAT_FORWARD == (int)PC_DIR_FORWARD,
		       "public direction bits are the internal ones");
	_Static_assert(PROTOCOMPAT_WIRE == PC_AUD_BIT(PC_AUD_WIRE) && PROTOCOMPAT_JSON == PC_AUD_BIT(PC_AUD_JSON) &&
			       PROTOCOMPAT_SOURCE == PC_AUD_BIT(PC_AUD_SOURCE),
		       "public audience bits are the internal ones");
	_Static_assert((int)PROTOCOMPAT_CAT_FILE == (int)PC_CAT_FILE && (int)PROTOCOMPAT_CAT_PACKAGE == (int)PC_CAT_PACKAGE &&
			       (int)PROTOCOMPAT_CAT_WIRE_JSON == (int)PC_CAT_WIRE_JSON &&
			       (int)PROTOCOMPAT_CAT_WIRE == (int)PC_CAT_WIRE && (int)PROTOCOMPAT_CAT_CSR == (int)PC_CAT_CSR &&
			       (int)PROTOCOMPAT_CAT_PROTOCOMPAT == (int)PC_CAT_PROTOCOMPAT &&
			       (int)PROTOCOMPAT_CAT_CONFLUENT == (int)PC_CAT_CONFLUENT &&
			       (int)PROTOCOMPAT_CAT_AIP == (int)PC_CAT_AIP && PC_CAT_LAST == PC_CAT_AIP,
		       "public category bits are the internal ones");
	for (uint32_t i = 0; i < v->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*v, PcFinding, i);
		ProtocompatFinding *p = &c->findings[i];
		p->rule_id = cstr(f->rule->id, a);
		p->message = cstr(f->message, a);
		p->path = file_path(f->pos.file);
		if (f->pos.file && f->pos.span.line >= 0) {
			p->line = f->pos.span.line + 1;
			p->column = f->pos.span.col + 1;
			p->end_line = f->pos.span.end_line + 1;
			p->end_column = f->pos.span.end_col + 1;
		} else if (f->pos.file) {
			/* the file as a whole (an option or element removed from it): 1:1, as buf */
			p->line = p->column = p->end_line = p->end_column = 1;
		}
		p->old_path = file_path(f->old_pos.file);
		if (f->old_pos.file && f->old_pos.span.line >= 0) {
			p->old_line = f->old_pos.span.line + 1;
			p->old_column = f->old_pos.span.col + 1;
		}
		p->severity = f->rule->severity == PC_SEV_ERROR ? PROTOCOMPAT_SEVERITY_ERROR : PROTOCOMPAT_SEVERITY_WARNING;
		p->categories = f->rule->categories;
		p->direction = f->direction;
		p->wire = f->breaks[PC_AUD_WIRE];
		p->json = f->breaks[PC_AUD_JSON];
		p->source = f->breaks[PC_AUD_SOURCE];
	}
}

static int public_severity(PcSeverity s)
{
	switch (s) {
	case PC_SEV_ERROR:
		return PROTOCOMPAT_SEVERITY_ERROR;
	case PC_SEV_WARNING:
		return PROTOCOMPAT_SEVERITY_WARNING;
	case PC_SEV_NOTE:
		return PROTOCOMPAT_SEVERITY_NOTE;
	}
	return PROTOCOMPAT_SEVERITY_ERROR;
}

/* Errors first, then the result's warnings, as the command prints them. */
static void convert_diagnostics(ProtocompatCheck *c)
{
	const PcVec *lists[2] = {&c->diags.list, &c->res.warnings.list};
	c->ndiagnostics = lists[0]->len + lists[1]->len;
	c->diagnostics = PC_NEW_ARRAY(&c->run_arena, ProtocompatDiagnostic, c->ndiagnostics + 1);
	size_t n = 0;
	for (int k = 0; k < 2; k++)
		for (uint32_t i = 0; i < lists[k]->len; i++) {
			const PcDiag *g = &PC_VEC_AT(*lists[k], PcDiag, i);
			c->diagnostics[n++] = (ProtocompatDiagnostic){
				.severity = public_severity(g->severity),
				.path = g->path,
				.line = g->line,
				.column = g->col,
				.message = g->message,
			};
		}
}

int pc_api_run_options(ProtocompatCheck *c, const PcCheckOptions *o)
{
	pc_arena_release(&c->run_arena);
	pc_arena_init(&c->run_arena);
	pc_diags_init(&c->diags, &c->run_arena);
	int status = pc_check_run(o, &c->res, &c->run_arena, &c->diags);
	c->ran = true;
	if (status == PROTOCOMPAT_OK && pc_check_fails(&c->res))
		status = PROTOCOMPAT_BREAKING;
	convert_findings(c);
	convert_diagnostics(c);
	return status;
}

int protocompat_check_run(ProtocompatCheck *c, const char *old_input, const char *new_input)
{
	if (!c || !old_input || !new_input)
		return PROTOCOMPAT_ERR_USAGE;
	PcCheckOptions o = {
		.old_arg = old_input,
		.new_arg = new_input,
		.includes = c->includes[0].items,
		.nincludes = c->includes[0].len,
		.old_includes = c->includes[1].items,
		.nold_includes = c->includes[1].len,
		.new_includes = c->includes[2].items,
		.nnew_includes = c->includes[2].len,
		.config = c->config,
		.against_config = c->against_config,
		.rule_files = c->rule_files.items,
		.nrule_files = c->rule_files.len,
		.use = c->use.items,
		.nuse = c->use.len,
		.has_use = c->has_use,
		.except = c->except.items,
		.nexcept = c->except.len,
		.has_except = c->has_except,
		.directions = c->directions,
		.audiences = c->audiences,
		.exclude_imports = c->exclude_imports,
		.jobs = c->jobs,
	};
	return pc_api_run_options(c, &o);
}

const PcCheckResult *pc_api_result(const ProtocompatCheck *c)
{
	return &c->res;
}

const PcDiags *pc_api_diags(const ProtocompatCheck *c)
{
	return &c->diags;
}

size_t protocompat_check_finding_count(const ProtocompatCheck *c)
{
	return c && c->ran ? c->nfindings : 0;
}

const ProtocompatFinding *protocompat_check_finding(const ProtocompatCheck *c, size_t i)
{
	return c && c->ran && i < c->nfindings ? &c->findings[i] : NULL;
}

size_t protocompat_check_diagnostic_count(const ProtocompatCheck *c)
{
	return c && c->ran ? c->ndiagnostics : 0;
}

const ProtocompatDiagnostic *protocompat_check_diagnostic(const ProtocompatCheck *c, size_t i)
{
	return c && c->ran && i < c->ndiagnostics ? &c->diagnostics[i] : NULL;
}

const char *protocompat_direction_name(unsigned directions)
{
	return pc_direction_name(directions & PROTOCOMPAT_FULL);
}
