/* Lazy source info (what `check` loads with): a schema loaded without locations and
 * comments must have the same trees and spans as one loaded with them, and
 * pc_schema_file_locations() must recreate exactly the locations, option paths
 * rewritten, that the full load recorded. Checked over every valid schema in testdata
 * (the reference for the full load is protoc itself: testdata/fidelity.test.sh compares
 * its source info byte for byte), and over any tree named by $PC_LAZY_CORPUS
 * (e.g. googleapis: PC_LAZY_CORPUS=~/.cache/protocompat-compare/tree/6.0.1). Such a
 * load also releases the sources it parsed; they are read again on demand, and a file
 * changed on disk since is recognised instead of being misread. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema.h"

typedef struct Side {
	PcArena arena;
	PcDiags diags;
	PcSchema s;
	int rc;
} Side;

static void load(Side *x, const char *dir, bool lazy)
{
	pc_arena_init(&x->arena);
	pc_diags_init(&x->diags, &x->arena);
	pc_schema_init(&x->s, &x->arena, &x->diags);
	x->s.lazy_source_info = lazy;
	PcLoadConfig cfg = {0};
	const char *inputs[] = {dir};
	x->rc = pc_schema_load(&x->s, &cfg, inputs, 1);
}

static bool span_eq(PcSpan a, PcSpan b)
{
	return a.line == b.line && a.col == b.col && a.end_line == b.end_line && a.end_col == b.end_col;
}

static void same_fields(const PcVec *a, const PcVec *b, const char *where)
{
	cr_assert_eq(a->len, b->len, "%s: field count", where);
	for (uint32_t i = 0; i < a->len; i++) {
		const PcField *f = PC_VEC_AT(*a, PcField *, i), *g = PC_VEC_AT(*b, PcField *, i);
		cr_assert(pc_str_eq(f->full_name, g->full_name), "%s: field %u", where, i);
		cr_assert(span_eq(f->span, g->span) && span_eq(f->type_span, g->type_span) &&
				  span_eq(f->number_span, g->number_span) && span_eq(f->name_span, g->name_span),
			  "%s: spans of %s", where, f->full_name.ptr);
		cr_assert(pc_str_eq(f->opts.encoded, g->opts.encoded), "%s: options of %s", where, f->full_name.ptr);
	}
}

/* Full names: a lazy load makes them while detaching from the source (the names are
 * views into them), a full load when registering symbols. */
static void same_enums(const PcVec *a, const PcVec *b, const char *where)
{
	cr_assert_eq(a->len, b->len, "%s: enum count", where);
	for (uint32_t i = 0; i < a->len; i++) {
		const PcEnum *e = PC_VEC_AT(*a, PcEnum *, i), *g = PC_VEC_AT(*b, PcEnum *, i);
		cr_assert(pc_str_eq(e->full_name, g->full_name) && pc_str_eq(e->name, g->name), "%s: enum %u", where, i);
		cr_assert_eq(e->values.len, g->values.len, "%s: values of %s", where, e->full_name.ptr);
		for (uint32_t j = 0; j < e->values.len; j++)
			cr_assert(pc_str_eq(PC_VEC_AT(e->values, PcEnumValue *, j)->full_name,
					    PC_VEC_AT(g->values, PcEnumValue *, j)->full_name),
				  "%s: value %u of %s", where, j, e->full_name.ptr);
	}
}

static void same_messages(const PcVec *a, const PcVec *b, const char *where)
{
	cr_assert_eq(a->len, b->len, "%s: message count", where);
	for (uint32_t i = 0; i < a->len; i++) {
		const PcMessage *m = PC_VEC_AT(*a, PcMessage *, i), *n = PC_VEC_AT(*b, PcMessage *, i);
		cr_assert(pc_str_eq(m->full_name, n->full_name), "%s: message %u", where, i);
		cr_assert(span_eq(m->span, n->span) && span_eq(m->name_span, n->name_span), "%s: spans of %s", where,
			  m->full_name.ptr);
		same_fields(&m->fields, &n->fields, where);
		same_fields(&m->extensions, &n->extensions, where);
		same_messages(&m->nested, &n->nested, where);
		same_enums(&m->enums, &n->enums, where);
		cr_assert_eq(m->oneofs.len, n->oneofs.len, "%s: oneofs of %s", where, m->full_name.ptr);
		for (uint32_t j = 0; j < m->oneofs.len; j++)
			cr_assert(pc_str_eq(PC_VEC_AT(m->oneofs, PcOneof *, j)->full_name,
					    PC_VEC_AT(n->oneofs, PcOneof *, j)->full_name),
				  "%s: oneof %u of %s", where, j, m->full_name.ptr);
	}
}

static bool has_diag(const PcDiags *d, const char *path)
{
	for (uint32_t i = 0; i < d->list.len; i++)
		if (PC_VEC_AT(d->list, PcDiag, i).path && strcmp(PC_VEC_AT(d->list, PcDiag, i).path, path) == 0)
			return true;
	return false;
}

/* Compares the two loads of dir file by file; returns the number of files compared. */
static uint32_t compare_dir(const char *dir)
{
	Side full, lazy;
	load(&full, dir, false);
	load(&lazy, dir, true);
	cr_assert_eq(full.rc, 0, "%s: full load failed", dir);
	cr_assert_eq(lazy.rc, 0, "%s: lazy load failed", dir);
	cr_assert_eq(full.s.inputs.len, lazy.s.inputs.len);
	for (uint32_t i = 0; i < full.s.inputs.len; i++) {
		const PcFile *f = PC_VEC_AT(full.s.inputs, PcFile *, i);
		const PcFile *g = PC_VEC_AT(lazy.s.inputs, PcFile *, i);
		const char *name = f->name.ptr;
		cr_assert(pc_str_eq(f->name, g->name));
		cr_assert(f->has_source_info, "%s: full load without source info", name);
		bool directive = f->src && memmem(f->src->data, f->src->len, "protocompat:", 12);
		cr_assert_eq(g->has_source_info, directive, "%s: lazy load %s source info", name,
			     directive ? "lost" : "kept");
		if (!directive) {
			cr_assert_eq(g->locations.len, 0, "%s: lazy load kept locations", name);
			/* the options as written are released after resolution; what source
			 * info needs of them stays */
			cr_assert_eq(g->opts.list.len, 0, "%s: lazy load kept the options as written", name);
			cr_assert_eq(g->opts.interp != NULL, f->opts.interp != NULL, "%s: interpreted paths", name);
			/* a file with diagnostics keeps its source: they show its lines */
			cr_assert(g->src->released || has_diag(&lazy.diags, g->src->path), "%s: lazy load kept the source",
				  name);
		}
		cr_assert(pc_str_eq(f->opts.encoded, g->opts.encoded), "%s: file options", name);
		same_messages(&f->messages, &g->messages, name);
		same_enums(&f->enums, &g->enums, name);
		same_fields(&f->extensions, &g->extensions, name);
		cr_assert_eq(f->services.len, g->services.len, "%s: services", name);
		for (uint32_t j = 0; j < f->services.len; j++) {
			const PcService *x = PC_VEC_AT(f->services, PcService *, j), *y = PC_VEC_AT(g->services, PcService *, j);
			cr_assert(pc_str_eq(x->full_name, y->full_name), "%s: service %u", name, j);
			for (uint32_t k = 0; k < x->methods.len; k++)
				cr_assert(pc_str_eq(PC_VEC_AT(x->methods, PcMethod *, k)->full_name,
						    PC_VEC_AT(y->methods, PcMethod *, k)->full_name),
					  "%s: method %u of %s", name, k, x->full_name.ptr);
		}

		PcVec want = f->locations, got = pc_schema_file_locations(g, &lazy.arena);
		cr_assert_eq(g->src->released, !directive && !has_diag(&lazy.diags, g->src->path),
			     "%s: recreating the locations kept the source", name);
		PcSource again;
		cr_assert(pc_file_source_copy(g, &again, &lazy.arena) && again.len == f->src->len &&
				  memcmp(again.data, f->src->data, f->src->len) == 0,
			  "%s: the source read again differs", name);
		cr_assert_eq(got.len, want.len, "%s: %u locations recreated, %u recorded", name, got.len, want.len);
		for (uint32_t j = 0; j < want.len; j++) {
			const PcLocation *x = &PC_VEC_AT(want, PcLocation, j), *y = &PC_VEC_AT(got, PcLocation, j);
			cr_assert_eq(x->path_len, y->path_len, "%s: location %u path length", name, j);
			cr_assert(x->path_len == 0 || memcmp(x->path, y->path, x->path_len * sizeof(int32_t)) == 0,
				  "%s: location %u path", name, j);
			cr_assert(span_eq(x->span, y->span), "%s: location %u span", name, j);
		}
	}
	uint32_t n = full.s.inputs.len;
	pc_arena_release(&full.arena);
	pc_arena_release(&lazy.arena);
	return n;
}

Test(lazy, valid_schemas_match_the_full_load)
{
	static const char *const dirs[] = {"valid", "suppress/scoping/old", "suppress/scoping/new", "editions"};
	uint32_t files = 0;
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char dir[512];
		snprintf(dir, sizeof dir, "%s/testdata/%s", PC_SOURCE_DIR, dirs[i]);
		files += compare_dir(dir);
	}
	cr_assert_gt(files, 20, "only %u files compared", files);
}

Test(lazy, corpus_from_environment)
{
	const char *dir = getenv("PC_LAZY_CORPUS");
	if (!dir || !*dir)
		cr_skip_test("PC_LAZY_CORPUS not set");
	uint32_t n = compare_dir(dir);
	printf("lazy source info: %u files of %s equal\n", n, dir);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* The source is released after parsing; when the file has changed by the time its
 * positions are needed, nothing of the new text is used: no locations (the diff then
 * falls back on the elements' own spans, recorded at parse time) and no source. */
Test(lazy, source_changed_after_parsing_is_not_misread)
{
	char dir[] = "/tmp/pc_lazy_XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/a.proto", dir);
	write_file(path, "syntax = \"proto3\";\npackage p;\nmessage M {\n  int32 a = 1;\n}\n");
	Side x;
	load(&x, dir, true);
	cr_assert_eq(x.rc, 0);
	const PcFile *f = PC_VEC_AT(x.s.inputs, PcFile *, 0);
	cr_assert(f->src->released);
	const PcMessage *m = PC_VEC_AT(f->messages, PcMessage *, 0);
	cr_assert(pc_str_eq_c(m->name, "M") && m->name_span.line == 2 && m->name_span.col == 8);
	/* Same length, other bytes; then another length. */
	write_file(path, "syntax = \"proto3\";\npackage q;\nmessage N {\n  int32 b = 1;\n}\n");
	cr_assert_eq(pc_schema_file_locations(f, &x.arena).len, 0);
	cr_assert_null(pc_file_source(f, &x.arena));
	write_file(path, "syntax = \"proto3\";\n");
	cr_assert_null(pc_file_source(f, &x.arena));
	cr_assert(pc_str_eq_c(m->name, "M"), "the names were copied out of the released text");
	unlink(path);
	rmdir(dir);
	pc_arena_release(&x.arena);
}
