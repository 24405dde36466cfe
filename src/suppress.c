/* In-source suppressions. Collection walks every element of NEW once, reading the
 * directives in its leading and trailing comments (a file's own are those of its
 * `syntax`/`edition` and `package` statements, detached ones included, since nothing
 * else in a file can carry them). Each (element, rule) pair becomes one PcSuppression,
 * indexed by the element's address in an open-addressing table.
 *
 * A finding is matched by climbing from its anchor: the changed element in NEW, else
 * the paired container a deleted element was removed from (new_parent), else the
 * innermost message, enum or service of NEW whose declaration holds the finding's
 * position, else the file. The climb goes field -> oneof -> message -> ... -> file, and
 * a map entry or group message climbs through the field that declares it, so a
 * suppression on a map field covers its synthesized key and value. Each step is one
 * table lookup, so applying costs O(findings x depth).
 *
 * Comments are views into the source when they are one contiguous run; a comment that
 * the lexer had to copy (several `//` lines) is located by searching the source for the
 * directive's text nearest the element. The source is also scanned for directives
 * directly, so one written where no element takes it (a blank line between it and the
 * declaration, a comment on an option or a reserved statement) is reported. */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"

static const char directive[] = "protocompat:ignore";
enum { DIRECTIVE_LEN = sizeof directive - 1 };

typedef struct Collector {
	PcSuppressions *s;
	const PcRuleSet *rs;
	PcArena *a;
	PcDiags *diags;
	const PcFile *file;
	PcVec attached;          /* of uint32_t: source offsets of directives read from comments */
} Collector;

/* ---- positions ---- */

static const char *file_path(const PcFile *f)
{
	if (f->path)
		return f->path;
	return f->src && f->src->path ? f->src->path : "";
}

/* memmem is not C11: the first occurrence of needle in [p, end), or NULL. */
static const char *find_bytes(const char *p, const char *end, const char *needle, size_t n)
{
	while (n && (size_t)(end - p) >= n) {
		const char *q = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!q)
			return NULL;
		if (memcmp(q, needle, n) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

static bool in_source(const PcFile *f, const char *p)
{
	return f->src && p >= f->src->data && p < f->src->data + f->src->len;
}

static void offset_to_line_col(const PcSource *src, size_t off, int *line, int *col)
{
	uint32_t lo = 0, hi = src->nlines;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (src->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	*col = (int)(off - (src->line_starts ? src->line_starts[lo] : 0)) + 1;
}

static size_t line_end(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && *q != '\n' && *q != '\r')
		q++;
	return (size_t)(q - p);
}

/* The source offset of a directive whose text (from "protocompat:ignore" to the end of
 * its line) is text, in a comment copied out of the source: the occurrence nearest the
 * element's line. Returns SIZE_MAX when none is found. */
static size_t find_copied(const PcSource *src, PcStr text, int32_t near_line)
{
	size_t best = SIZE_MAX;
	long best_dist = 0;
	const char *p = src->data, *end = src->data + src->len;
	while (p < end && (p = find_bytes(p, end, text.ptr, text.len)) != NULL) {
		int line, col;
		size_t off = (size_t)(p - src->data);
		offset_to_line_col(src, off, &line, &col);
		long dist = labs((long)line - 1 - (long)near_line);
		if (best == SIZE_MAX || dist < best_dist) {
			best = off;
			best_dist = dist;
		}
		p += text.len;
	}
	return best;
}

/* ---- reading directives ---- */

static bool is_id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static PcStr trim(PcStr s)
{
	while (s.len && (is_blank(s.ptr[0]) || s.ptr[0] == '\r'))
		s = pc_str_sub(s, 1, s.len - 1);
	while (s.len && (is_blank(s.ptr[s.len - 1]) || s.ptr[s.len - 1] == '\r'))
		s.len--;
	return s;
}

static void add_suppression(Collector *c, PcElemKind kind, const void *target, PcStr id, PcStr reason, int line,
			    int col)
{
	PcSuppression *sp = PC_VEC_PUSH(&c->s->items, PcSuppression, c->a);
	*sp = (PcSuppression){
		.rule_id = id,
		.rule = pc_ruleset_find(c->rs, id),
		.reason = reason,
		.elem = kind,
		.target = target,
		.path = file_path(c->file),
		.line = line,
		.col = col,
	};
	if (!sp->rule)
		pc_diag_add(c->diags, PC_SEV_WARNING, sp->path, line, col, (PcStr){0},
			    "unknown rule \"%.*s\" in suppression%s", (int)id.len, id.ptr,
			    pc_ruleset_did_you_mean(c->rs, id, false));
}

/* Where a directive's text lies in the source: located, its first byte d is at src_off;
 * otherwise only the element's span is known. */
typedef struct Directive {
	const PcSource *src;
	bool located;
	size_t src_off;
	const char *d;
	PcSpan near;
} Directive;

/* The 1-based place of q, a pointer into the directive's text (0:0 when unknown). */
static void place(const Directive *dv, const char *q, int *line, int *col)
{
	if (dv->located) {
		offset_to_line_col(dv->src, dv->src_off + (size_t)(q - dv->d), line, col);
	} else if (dv->near.line >= 0) {
		*line = dv->near.line + 1;
		*col = dv->near.col + 1;
	} else {
		*line = *col = 0;
	}
}

/* One directive starting at d (pointing at "protocompat:ignore") inside comment text
 * that ends at end; src_off is d's offset in the source when located. */
static void read_directive(Collector *c, PcElemKind kind, const void *target, const char *d, const char *end,
			   size_t src_off, bool located, PcSpan near)
{
	const char *p = d + DIRECTIVE_LEN;
	size_t rest = line_end(p, end);
	const char *eol = p + rest;
	const PcSource *src = c->file->src;
	if (!located && src) {
		size_t off = find_copied(src, (PcStr){d, (size_t)(eol - d)}, near.line);
		if (off != SIZE_MAX) {
			src_off = off;
			located = true;
		}
	}
	if (located)
		*PC_VEC_PUSH(&c->attached, uint32_t, c->a) = (uint32_t)src_off;
	Directive dv = {src, located, src_off, d, near};
	int line, col;
	while (p < eol && is_blank(*p))
		p++;
	PcVec ids = {0};
	const char **id_at = NULL;
	PcVec places = {0};
	while (p < eol && is_id_char(*p)) {
		const char *s = p;
		while (p < eol && is_id_char(*p))
			p++;
		*PC_VEC_PUSH(&ids, PcStr, c->a) = (PcStr){s, (size_t)(p - s)};
		*PC_VEC_PUSH(&places, const char *, c->a) = s;
		const char *q = p;
		while (q < eol && is_blank(*q))
			q++;
		if (q >= eol || *q != ',')
			break;
		q++;
		while (q < eol && is_blank(*q))
			q++;
		p = q;
	}
	id_at = places.items;
	PcStr reason = trim((PcStr){p, (size_t)(eol - p)});
	if (!ids.len) {
		place(&dv, d, &line, &col);
		pc_diag_add(c->diags, PC_SEV_WARNING, file_path(c->file), line, col, (PcStr){0},
			    "suppression names no rule (write \"protocompat:ignore RULE_ID reason\")");
		return;
	}
	for (uint32_t i = 0; i < ids.len; i++) {
		place(&dv, id_at[i], &line, &col);
		add_suppression(c, kind, target, PC_VEC_AT(ids, PcStr, i), reason, line, col);
	}
	if (!reason.len) {
		place(&dv, d, &line, &col);
		PcStr first = PC_VEC_AT(ids, PcStr, 0);
		pc_diag_add(c->diags, PC_SEV_WARNING, file_path(c->file), line, col, (PcStr){0},
			    "suppression of %.*s gives no reason (add one after the rule IDs)", (int)first.len,
			    first.ptr);
	}
}

static void read_comment(Collector *c, PcElemKind kind, const void *target, PcStr text, PcSpan near)
{
	if (!text.len)
		return;
	const char *p = text.ptr, *end = text.ptr + text.len;
	while (p < end && (p = find_bytes(p, end, directive, DIRECTIVE_LEN)) != NULL) {
		bool located = in_source(c->file, p);
		size_t off = located ? (size_t)(p - c->file->src->data) : 0;
		/* "protocompat:ignored" or "protocompat:ignore_x" are other words. */
		const char *after = p + DIRECTIVE_LEN;
		if (after < end && !is_blank(*after) && *after != '\n' && *after != '\r') {
			p = after;
			continue;
		}
		read_directive(c, kind, target, p, end, off, located, near);
		p = after;
	}
}

static void read_comments(Collector *c, PcElemKind kind, const void *target, const PcComments *cm, PcSpan near)
{
	if (!cm)
		return;
	read_comment(c, kind, target, cm->leading, near);
	read_comment(c, kind, target, cm->trailing, near);
}

/* ---- walking NEW ---- */

static void walk_enum(Collector *c, const PcEnum *e)
{
	read_comments(c, PC_ELEM_ENUM, e, e->comments, e->span);
	for (uint32_t i = 0; i < e->values.len; i++) {
		const PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		read_comments(c, PC_ELEM_ENUM_VALUE, v, v->comments, v->span);
	}
}

static void walk_fields(Collector *c, const PcVec *fields)
{
	for (uint32_t i = 0; i < fields->len; i++) {
		const PcField *f = PC_VEC_AT(*fields, PcField *, i);
		read_comments(c, PC_ELEM_FIELD, f, f->comments, f->span);
	}
}

/* A group's message repeats its field's comments: read them once, on the field. */
static bool is_group_message(const PcMessage *parent, const PcMessage *m)
{
	for (uint32_t i = 0; i < parent->fields.len; i++)
		if (PC_VEC_AT(parent->fields, PcField *, i)->group_type == m)
			return PC_VEC_AT(parent->fields, PcField *, i)->is_group;
	for (uint32_t i = 0; i < parent->extensions.len; i++)
		if (PC_VEC_AT(parent->extensions, PcField *, i)->group_type == m)
			return true;
	return false;
}

static void walk_message(Collector *c, const PcMessage *m, bool own_comments)
{
	if (own_comments)
		read_comments(c, PC_ELEM_MESSAGE, m, m->comments, m->span);
	walk_fields(c, &m->fields);
	walk_fields(c, &m->extensions);
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		const PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		if (!o->synthetic)
			read_comments(c, PC_ELEM_ONEOF, o, o->comments, o->span);
	}
	bool has_groups = false;
	for (uint32_t i = 0; i < m->fields.len && !has_groups; i++)
		has_groups = PC_VEC_AT(m->fields, PcField *, i)->is_group;
	has_groups = has_groups || m->extensions.len;
	for (uint32_t i = 0; i < m->nested.len; i++) {
		const PcMessage *n = PC_VEC_AT(m->nested, PcMessage *, i);
		walk_message(c, n, !n->is_map_entry && !(has_groups && is_group_message(m, n)));
	}
	for (uint32_t i = 0; i < m->enums.len; i++)
		walk_enum(c, PC_VEC_AT(m->enums, PcEnum *, i));
}

static bool is_top_group(const PcFile *f, const PcMessage *m)
{
	for (uint32_t i = 0; i < f->extensions.len; i++)
		if (PC_VEC_AT(f->extensions, PcField *, i)->group_type == m)
			return true;
	return false;
}

/* The statements whose comments speak for the whole file. */
static bool is_file_statement(const PcLocation *l)
{
	return l->path_len == 1 && (l->path[0] == 2 || l->path[0] == 12 || l->path[0] == 14);
}

static void walk_file(Collector *c, const PcFile *f)
{
	c->file = f;
	for (uint32_t i = 0; i < f->locations.len; i++) {
		const PcLocation *l = &PC_VEC_AT(f->locations, PcLocation, i);
		if (!l->comments || !is_file_statement(l))
			continue;
		read_comments(c, PC_ELEM_FILE, f, l->comments, l->span);
		for (uint32_t j = 0; j < l->comments->detached.len; j++)
			read_comment(c, PC_ELEM_FILE, f, PC_VEC_AT(l->comments->detached, PcStr, j), l->span);
	}
	for (uint32_t i = 0; i < f->messages.len; i++) {
		const PcMessage *m = PC_VEC_AT(f->messages, PcMessage *, i);
		walk_message(c, m, !(f->extensions.len && is_top_group(f, m)));
	}
	for (uint32_t i = 0; i < f->enums.len; i++)
		walk_enum(c, PC_VEC_AT(f->enums, PcEnum *, i));
	walk_fields(c, &f->extensions);
	for (uint32_t i = 0; i < f->services.len; i++) {
		const PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		read_comments(c, PC_ELEM_SERVICE, sv, sv->comments, sv->span);
		for (uint32_t j = 0; j < sv->methods.len; j++) {
			const PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, j);
			read_comments(c, PC_ELEM_METHOD, m, m->comments, m->span);
		}
	}
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

/* True when the directive at off sits in a comment: `//` before it on its line, or
 * inside a block comment (a `/ *` before it not closed in between). */
static bool in_comment(const PcSource *src, size_t off)
{
	size_t ls = off;
	while (ls > 0 && src->data[ls - 1] != '\n')
		ls--;
	for (size_t i = ls; i + 1 < off; i++)
		if (src->data[i] == '/' && src->data[i + 1] == '/')
			return true;
	for (size_t i = off; i >= 2; i--) {
		if (src->data[i - 2] == '*' && src->data[i - 1] == '/')
			return false;
		if (src->data[i - 2] == '/' && src->data[i - 1] == '*')
			return true;
	}
	return false;
}

/* Directives in the file's comments that no element took. */
static void report_unattached(Collector *c)
{
	const PcSource *src = c->file->src;
	if (!src || !src->data) /* released: a file without "protocompat:" (src/load.c) */
		return;
	uint32_t *seen = c->attached.items;
	size_t nseen = c->attached.len;
	if (nseen)
		qsort(seen, nseen, sizeof *seen, cmp_u32);
	const char *p = src->data, *end = src->data + src->len;
	while (p < end && (p = find_bytes(p, end, directive, DIRECTIVE_LEN)) != NULL) {
		uint32_t off = (uint32_t)(p - src->data);
		p += DIRECTIVE_LEN;
		if (p < end && !is_blank(*p) && *p != '\n' && *p != '\r')
			continue;
		if ((nseen && bsearch(&off, seen, nseen, sizeof *seen, cmp_u32)) || !in_comment(src, off))
			continue;
		int line, col;
		offset_to_line_col(src, off, &line, &col);
		pc_diag_add(c->diags, PC_SEV_WARNING, file_path(c->file), line, col, (PcStr){0}, "%s",
			    "suppression is not attached to any element (write it in the comment right above "
			    "the declaration or at the end of its line)");
	}
}

/* ---- the element index ---- */

static uint32_t ptr_hash(const void *p, uint32_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(h >> 32) & (cap - 1);
}

static void build_index(PcSuppressions *s, PcArena *a)
{
	uint32_t cap = 16;
	while (cap < s->items.len * 2)
		cap <<= 1;
	s->cap = cap;
	s->keys = PC_NEW_ARRAY(a, const void *, cap);
	s->heads = PC_NEW_ARRAY(a, uint32_t, cap);
	/* Chains are built back to front so that they list items in source order. */
	for (uint32_t i = s->items.len; i-- > 0;) {
		PcSuppression *sp = &PC_VEC_AT(s->items, PcSuppression, i);
		uint32_t h = ptr_hash(sp->target, cap);
		while (s->keys[h] && s->keys[h] != sp->target)
			h = (h + 1) & (cap - 1);
		s->keys[h] = sp->target;
		sp->next = s->heads[h];
		s->heads[h] = i + 1;
	}
}

static uint32_t first_of(const PcSuppressions *s, const void *elem)
{
	if (!s->cap)
		return 0;
	uint32_t h = ptr_hash(elem, s->cap);
	while (s->keys[h]) {
		if (s->keys[h] == elem)
			return s->heads[h];
		h = (h + 1) & (s->cap - 1);
	}
	return 0;
}

void pc_suppress_collect(PcSuppressions *s, const PcSchema *new_schema, const PcRuleSet *rs, PcArena *a,
			 PcDiags *diags)
{
	memset(s, 0, sizeof *s);
	Collector c = {.s = s, .rs = rs, .a = a, .diags = diags};
	for (uint32_t i = 0; i < new_schema->files.len; i++) {
		const PcFile *f = PC_VEC_AT(new_schema->files, PcFile *, i);
		if (f->is_builtin)
			continue;
		c.attached = (PcVec){0};
		walk_file(&c, f);
		report_unattached(&c);
	}
	build_index(s, a);
}

/* ---- matching findings ---- */

typedef struct Elem {
	PcElemKind kind;
	const void *p;
} Elem;

static bool span_holds(PcSpan outer, PcSpan at)
{
	if (outer.line < 0 || at.line < 0)
		return false;
	if (at.line < outer.line || (at.line == outer.line && at.col < outer.col))
		return false;
	return at.line < outer.end_line || (at.line == outer.end_line && at.col < outer.end_col);
}

/* The innermost message, enum or service of NEW whose declaration holds the position. */
static Elem innermost(const PcFile *f, PcSpan at)
{
	Elem best = {PC_ELEM_FILE, f};
	const PcVec *msgs = &f->messages, *enums = &f->enums;
	for (;;) {
		const PcMessage *inner = NULL;
		for (uint32_t i = 0; i < msgs->len && !inner; i++)
			if (span_holds(PC_VEC_AT(*msgs, PcMessage *, i)->span, at))
				inner = PC_VEC_AT(*msgs, PcMessage *, i);
		for (uint32_t i = 0; i < enums->len; i++)
			if (span_holds(PC_VEC_AT(*enums, PcEnum *, i)->span, at))
				return (Elem){PC_ELEM_ENUM, PC_VEC_AT(*enums, PcEnum *, i)};
		if (!inner)
			break;
		best = (Elem){PC_ELEM_MESSAGE, inner};
		msgs = &inner->nested;
		enums = &inner->enums;
	}
	if (best.kind == PC_ELEM_FILE)
		for (uint32_t i = 0; i < f->services.len; i++)
			if (span_holds(PC_VEC_AT(f->services, PcService *, i)->span, at))
				return (Elem){PC_ELEM_SERVICE, PC_VEC_AT(f->services, PcService *, i)};
	return best;
}

static Elem anchor(const PcFinding *fd)
{
	const PcChange *ch = fd->change;
	if (ch->new_elem)
		return (Elem){ch->elem, ch->new_elem};
	if (ch->new_parent)
		return (Elem){ch->parent, ch->new_parent};
	if (fd->pos.file)
		return innermost(fd->pos.file, fd->pos.span);
	return (Elem){PC_ELEM_NONE, NULL};
}

/* The field that declares a map entry or group message, if any. */
static const PcField *owning_field(const PcMessage *m)
{
	const PcVec *lists[2];
	if (m->parent) {
		lists[0] = &m->parent->fields;
		lists[1] = &m->parent->extensions;
	} else {
		lists[0] = &m->file->extensions;
		lists[1] = NULL;
	}
	for (int l = 0; l < 2 && lists[l]; l++)
		for (uint32_t i = 0; i < lists[l]->len; i++)
			if (PC_VEC_AT(*lists[l], PcField *, i)->group_type == m)
				return PC_VEC_AT(*lists[l], PcField *, i);
	return NULL;
}

static Elem up(Elem e)
{
	switch (e.kind) {
	case PC_ELEM_NONE:
	case PC_ELEM_FILE:
		return (Elem){PC_ELEM_NONE, NULL};
	case PC_ELEM_FIELD: {
		const PcField *f = e.p;
		if (f->parent && f->oneof_index >= 0 && (uint32_t)f->oneof_index < f->parent->oneofs.len) {
			const PcOneof *o = PC_VEC_AT(f->parent->oneofs, PcOneof *, f->oneof_index);
			if (!o->synthetic)
				return (Elem){PC_ELEM_ONEOF, o};
		}
		return f->parent ? (Elem){PC_ELEM_MESSAGE, f->parent} : (Elem){PC_ELEM_FILE, f->file};
	}
	case PC_ELEM_ONEOF:
		return (Elem){PC_ELEM_MESSAGE, ((const PcOneof *)e.p)->parent};
	case PC_ELEM_MESSAGE: {
		const PcMessage *m = e.p;
		const PcField *owner = NULL;
		bool maybe_group = m->is_map_entry || !m->parent || m->parent->extensions.len;
		if (!maybe_group)
			for (uint32_t i = 0; i < m->parent->fields.len && !maybe_group; i++)
				maybe_group = PC_VEC_AT(m->parent->fields, PcField *, i)->is_group;
		if (maybe_group)
			owner = owning_field(m);
		if (owner)
			return (Elem){PC_ELEM_FIELD, owner};
		return m->parent ? (Elem){PC_ELEM_MESSAGE, m->parent} : (Elem){PC_ELEM_FILE, m->file};
	}
	case PC_ELEM_ENUM: {
		const PcEnum *en = e.p;
		return en->parent ? (Elem){PC_ELEM_MESSAGE, en->parent} : (Elem){PC_ELEM_FILE, en->file};
	}
	case PC_ELEM_ENUM_VALUE:
		return (Elem){PC_ELEM_ENUM, ((const PcEnumValue *)e.p)->parent};
	case PC_ELEM_SERVICE:
		return (Elem){PC_ELEM_FILE, ((const PcService *)e.p)->file};
	case PC_ELEM_METHOD:
		return (Elem){PC_ELEM_SERVICE, ((const PcMethod *)e.p)->parent};
	}
	return (Elem){PC_ELEM_NONE, NULL};
}

/* The suppression's rule is the finding's, or an alias standing for it. */
static bool covers_rule(const PcSuppression *sp, const PcRule *rule)
{
	if (!sp->rule)
		return false;
	if (sp->rule == rule || pc_str_eq(sp->rule->id, rule->id))
		return true;
	for (uint32_t i = 0; i < sp->rule->replaced_by.len; i++)
		if (pc_str_eq(PC_VEC_AT(sp->rule->replaced_by, PcStr, i), rule->id))
			return true;
	return false;
}

static PcSuppression *find_cover(PcSuppressions *s, const PcFinding *fd)
{
	for (Elem e = anchor(fd); e.p; e = up(e))
		for (uint32_t k = first_of(s, e.p); k; k = PC_VEC_AT(s->items, PcSuppression, k - 1).next) {
			PcSuppression *sp = &PC_VEC_AT(s->items, PcSuppression, k - 1);
			if (covers_rule(sp, fd->rule))
				return sp;
		}
	return NULL;
}

void pc_suppress_apply(PcSuppressions *s, PcVec *findings, PcVec *suppressed, PcArena *a)
{
	if (!s->items.len)
		return;
	uint32_t kept = 0;
	for (uint32_t i = 0; i < findings->len; i++) {
		PcFinding f = PC_VEC_AT(*findings, PcFinding, i);
		PcSuppression *sp = find_cover(s, &f);
		if (sp) {
			sp->hits++;
			*PC_VEC_PUSH(suppressed, PcSuppressed, a) = (PcSuppressed){f, sp};
			continue;
		}
		PC_VEC_AT(*findings, PcFinding, kept++) = f;
	}
	findings->len = kept;
}

static bool rule_enabled(const PcRuleSet *rs, const bool *enabled, const PcRule *rule)
{
	for (uint32_t i = 0; i < rs->rules.len; i++) {
		const PcRule *r = PC_VEC_AT(rs->rules, const PcRule *, i);
		if (!enabled[i])
			continue;
		if (r == rule)
			return true;
		for (uint32_t j = 0; j < rule->replaced_by.len; j++)
			if (pc_str_eq(PC_VEC_AT(rule->replaced_by, PcStr, j), r->id))
				return true;
	}
	return false;
}

void pc_suppress_check_unused(const PcSuppressions *s, const PcRuleSet *rs, const bool *enabled,
			      PcDiags *diags)
{
	for (uint32_t i = 0; i < s->items.len; i++) {
		const PcSuppression *sp = &PC_VEC_AT(s->items, PcSuppression, i);
		if (sp->hits || !sp->rule)
			continue;
		bool on = !enabled || rule_enabled(rs, enabled, sp->rule);
		pc_diag_add(diags, PC_SEV_WARNING, sp->path, sp->line, sp->col, (PcStr){0},
			    "suppression of %.*s matches nothing%s", (int)sp->rule_id.len, sp->rule_id.ptr,
			    on ? "" : " (the rule is not enabled)");
	}
}
