/* Memory census: loads one schema the way `check` loads a side (directory input, no
 * source info) and prints what its arena holds, by kind of object: node counts times
 * their sizes, vector capacities, strings, sources and line tables, serialized
 * options; the rest of the arena (symbol table, join lists, growth left behind) is
 * "other". The answer to "where do the bytes go" for issue 5's memory target.
 * usage: mem_census DIR [--full]   (--full: with source info, as `build
 * --include-source-info` loads) */
#include <stdio.h>
#include <string.h>

#include "schema.h"

typedef struct Census {
	size_t files, messages, fields, enums, values, oneofs, services, methods, ranges;
	size_t n_files, n_messages, n_fields, n_enums, n_values, n_oneofs, n_services, n_methods;
	size_t vectors;       /* element pointer lists, capacity */
	size_t options;       /* PcOption lists (capacity), name parts, value trees */
	size_t n_options;
	size_t interp;        /* where source info puts each interpreted option */
	size_t encoded;       /* serialized options */
	size_t names;         /* full names and derived json names */
	size_t sources;       /* source bytes and line tables */
	size_t locations;     /* source-info locations and paths */
	size_t comments;
} Census;

static size_t vec_bytes(const PcVec *v, size_t elem)
{
	return (size_t)v->cap * elem;
}

static void count_value(Census *c, const PcValue *v);

static void count_agg(Census *c, const PcVec *fields)
{
	c->options += vec_bytes(fields, sizeof(PcAggField));
	for (uint32_t i = 0; i < fields->len; i++)
		count_value(c, &PC_VEC_AT(*fields, PcAggField, i).value);
}

static void count_value(Census *c, const PcValue *v)
{
	if (v->kind == PC_VAL_STRING)
		c->options += v->s.len + 1;
	count_agg(c, &v->fields);
	c->options += vec_bytes(&v->items, sizeof(PcValue));
	for (uint32_t i = 0; i < v->items.len; i++)
		count_value(c, &PC_VEC_AT(v->items, PcValue, i));
}

static void count_opts(Census *c, const PcOptions *o)
{
	c->options += vec_bytes(&o->list, sizeof(PcOption));
	for (uint32_t i = 0; i < o->list.len; i++) {
		const PcOption *opt = &PC_VEC_AT(o->list, PcOption, i);
		c->options += vec_bytes(&opt->parts, sizeof(PcOptionNamePart));
		count_value(c, &opt->value);
	}
	c->n_options += o->n_written > o->list.len ? o->n_written : o->list.len;
	for (uint32_t i = 0; o->interp && i < o->n_written; i++)
		c->interp += sizeof(PcIntPath) + o->interp[i].len * sizeof(int32_t);
	c->encoded += o->encoded.len ? o->encoded.len + 1 : 0;
}

static void count_comments(Census *c, const PcComments *cm)
{
	if (cm)
		c->comments += sizeof *cm + cm->leading.len + cm->trailing.len;
}

static void count_field(Census *c, const PcField *f)
{
	c->fields += sizeof *f;
	c->n_fields++;
	c->names += f->full_name.len + 1 + (f->has_json_name ? 0 : f->json_name.len + 1);
	if (f->x)
		c->fields += sizeof *f->x;
	if (pc_field_x(f)->default_literal)
		c->options += sizeof(PcValue);
	count_opts(c, &f->opts);
	count_comments(c, f->comments);
}

static void count_enum(Census *c, const PcEnum *e)
{
	c->enums += sizeof *e;
	c->n_enums++;
	c->names += e->full_name.len + 1;
	c->vectors += vec_bytes(&e->values, sizeof(void *));
	c->ranges += vec_bytes(&e->reserved_ranges, sizeof(PcRange)) + vec_bytes(&e->reserved_names, sizeof(PcReservedName));
	count_opts(c, &e->opts);
	count_comments(c, e->comments);
	for (uint32_t i = 0; i < e->values.len; i++) {
		const PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		c->values += sizeof *v;
		c->n_values++;
		c->names += v->full_name.len + 1;
		count_opts(c, &v->opts);
		count_comments(c, v->comments);
	}
}

static void count_message(Census *c, const PcMessage *m)
{
	c->messages += sizeof *m;
	c->n_messages++;
	c->names += m->full_name.len + 1;
	c->vectors += vec_bytes(&m->fields, sizeof(void *)) + vec_bytes(&m->nested, sizeof(void *)) +
		      vec_bytes(&m->enums, sizeof(void *)) + vec_bytes(&m->extensions, sizeof(void *)) +
		      vec_bytes(&m->oneofs, sizeof(void *));
	c->ranges += vec_bytes(&m->ext_ranges, sizeof(PcRange)) + vec_bytes(&m->reserved_ranges, sizeof(PcRange)) +
		     vec_bytes(&m->reserved_names, sizeof(PcReservedName));
	for (uint32_t i = 0; i < m->ext_ranges.len; i++)
		count_opts(c, &PC_VEC_AT(m->ext_ranges, PcRange, i).opts);
	count_opts(c, &m->opts);
	count_comments(c, m->comments);
	for (uint32_t i = 0; i < m->fields.len; i++)
		count_field(c, PC_VEC_AT(m->fields, PcField *, i));
	for (uint32_t i = 0; i < m->extensions.len; i++)
		count_field(c, PC_VEC_AT(m->extensions, PcField *, i));
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		const PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		c->oneofs += sizeof *o;
		c->n_oneofs++;
		c->names += o->full_name.len + 1;
		count_opts(c, &o->opts);
	}
	for (uint32_t i = 0; i < m->nested.len; i++)
		count_message(c, PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++)
		count_enum(c, PC_VEC_AT(m->enums, PcEnum *, i));
}

static void count_file(Census *c, const PcFile *f)
{
	c->files += sizeof *f + vec_bytes(&f->imports, sizeof(PcImport));
	c->n_files++;
	if (f->src && f->src->data) /* a check releases most sources once parsed */
		c->sources += f->src->len + 1 + (size_t)f->src->nlines * sizeof(uint32_t) + sizeof *f->src;
	c->vectors += vec_bytes(&f->messages, sizeof(void *)) + vec_bytes(&f->enums, sizeof(void *)) +
		      vec_bytes(&f->services, sizeof(void *)) + vec_bytes(&f->extensions, sizeof(void *));
	count_opts(c, &f->opts);
	c->locations += vec_bytes(&f->locations, sizeof(PcLocation));
	for (uint32_t i = 0; i < f->locations.len; i++) {
		const PcLocation *l = &PC_VEC_AT(f->locations, PcLocation, i);
		c->locations += l->path_len * sizeof(int32_t);
		count_comments(c, l->comments);
	}
	for (uint32_t i = 0; i < f->messages.len; i++)
		count_message(c, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++)
		count_enum(c, PC_VEC_AT(f->enums, PcEnum *, i));
	for (uint32_t i = 0; i < f->extensions.len; i++)
		count_field(c, PC_VEC_AT(f->extensions, PcField *, i));
	for (uint32_t i = 0; i < f->services.len; i++) {
		const PcService *s = PC_VEC_AT(f->services, PcService *, i);
		c->services += sizeof *s + vec_bytes(&s->methods, sizeof(void *));
		c->n_services++;
		c->names += s->full_name.len + 1;
		count_opts(c, &s->opts);
		for (uint32_t j = 0; j < s->methods.len; j++) {
			const PcMethod *m = PC_VEC_AT(s->methods, PcMethod *, j);
			c->methods += sizeof *m;
			c->n_methods++;
			c->names += m->full_name.len + 1;
			count_opts(c, &m->opts);
		}
	}
}

static void row(const char *what, size_t bytes, size_t count, size_t total)
{
	printf("%-34s %9.1f MB %5.1f%%", what, (double)bytes / 1e6, 100.0 * (double)bytes / (double)total);
	if (count)
		printf("  %9zu objects", (size_t)count);
	printf("\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mem_census DIR [--full]\n");
		return 2;
	}
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcSchema s;
	pc_schema_init(&s, &a, &d);
	s.lazy_source_info = !(argc > 2 && strcmp(argv[2], "--full") == 0);
	PcLoadConfig cfg = {0};
	const char *inputs[] = {argv[1]};
	int rc = pc_schema_load(&s, &cfg, inputs, 1);
	if (rc != 0 || d.errors) {
		pc_diags_print(&d, stderr, false, false);
		return 3;
	}
	Census c = {0};
	for (uint32_t i = 0; i < s.files.len; i++)
		count_file(&c, PC_VEC_AT(s.files, PcFile *, i));
	size_t total = a.total;
	size_t known = c.files + c.messages + c.fields + c.enums + c.values + c.oneofs + c.services + c.methods +
		       c.ranges + c.vectors + c.options + c.interp + c.encoded + c.names + c.sources + c.locations + c.comments;
	printf("%s (%s): %zu files, arena %.1f MB\n", argv[1], s.lazy_source_info ? "as check loads it" : "with source info",
	       (size_t)s.files.len, (double)total / 1e6);
	row("sources + line tables", c.sources, 0, total);
	row("fields (PcField)", c.fields, c.n_fields, total);
	row("options as written (lists, values)", c.options, c.n_options, total);
	row("interpreted option paths", c.interp, 0, total);
	row("serialized options", c.encoded, 0, total);
	row("full names, json names", c.names, 0, total);
	row("messages (PcMessage)", c.messages, c.n_messages, total);
	row("enum values (PcEnumValue)", c.values, c.n_values, total);
	row("enums (PcEnum)", c.enums, c.n_enums, total);
	row("oneofs (PcOneof)", c.oneofs, c.n_oneofs, total);
	row("services and methods", c.services + c.methods, c.n_services + c.n_methods, total);
	row("files, imports", c.files, c.n_files, total);
	row("element lists", c.vectors, 0, total);
	row("ranges, reserved names", c.ranges, 0, total);
	row("source-info locations", c.locations, 0, total);
	row("comments", c.comments, 0, total);
	size_t used = pc_arena_used(&a);
	row("other (symbols, names, temporaries)", used > known ? used - known : 0, 0, total);
	row("free block ends, reserved bounds", total - used, 0, total);
	pc_arena_release(&a);
	return 0;
}
