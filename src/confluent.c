/* Confluent's SchemaDiff walks two parsed files (Square's wire parser elements) and
 * records typed differences with a JSON-pointer-like path. This pass walks the same
 * way over our resolved schemas and records the same types at the same paths; what it
 * reproduces, from its sources (Context, SchemaDiff, MessageSchemaDiff, OneOfDiff,
 * FieldSchemaDiff, EnumSchemaDiff):
 *  - scopes (the file, then each message) pair their messages and enums by simple name,
 *    so a new package is PACKAGE_CHANGED and nothing else; map entries and groups are
 *    not messages to it; a message whose index among its scope's messages changed is
 *    MESSAGE_MOVED;
 *  - fields pair by number: top-level ones (proto3 `optional` included: the parser has
 *    no synthetic oneofs), then each oneof's, then, for fields whose oneof membership
 *    changed, by number across the message; a oneof of NEW that takes more than one
 *    former top-level field is MULTIPLE_FIELDS_MOVED_TO_ONEOF, one that takes one plus
 *    a field of an old oneof is FIELD_MOVED_TO_EXISTING_ONEOF;
 *  - a field's label is what was written (none for proto3 singular fields, oneof
 *    members and maps) and counts only when both sides wrote one, for scalar kinds;
 *  - types compare by kind (scalar with enums, message, map), scalars by Confluent's
 *    groups, messages by name relative to their own file's package; a message type
 *    declared outside the compared file on either side is compared by contents (its
 *    differences are recorded at its own path), and FIELD_NAMED_TYPE_CHANGED added
 *    when one of those is incompatible; a message already being compared is skipped.
 * Where Confluent iterates hash sets the order of records is not its order (the report
 * sorts findings by place anyway). Everything is sorted merges: O(n log n). */
#include "confluent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
	"PACKAGE_CHANGED", "MESSAGE_ADDED", "MESSAGE_REMOVED", "MESSAGE_MOVED", "ENUM_ADDED", "ENUM_REMOVED",
	"ENUM_CONST_ADDED", "ENUM_CONST_CHANGED", "ENUM_CONST_REMOVED", "FIELD_ADDED", "FIELD_REMOVED",
	"FIELD_NAME_CHANGED", "FIELD_KIND_CHANGED", "FIELD_SCALAR_KIND_CHANGED", "FIELD_NAMED_TYPE_CHANGED",
	"FIELD_NUMERIC_LABEL_CHANGED", "FIELD_STRING_OR_BYTES_LABEL_CHANGED", "REQUIRED_FIELD_ADDED",
	"REQUIRED_FIELD_REMOVED", "ONEOF_ADDED", "ONEOF_REMOVED", "ONEOF_FIELD_ADDED", "ONEOF_FIELD_REMOVED",
	"MULTIPLE_FIELDS_MOVED_TO_ONEOF", "FIELD_MOVED_TO_EXISTING_ONEOF",
};
_Static_assert(sizeof type_names / sizeof type_names[0] == PC_CF_COUNT, "type_names");

const char *pc_cf_type_name(PcCfType t)
{
	return (unsigned)t < PC_CF_COUNT ? type_names[t] : "";
}

PcCfType pc_cf_type_parse(PcStr name)
{
	for (int t = 0; t < PC_CF_COUNT; t++)
		if (pc_str_eq_c(name, type_names[t]))
			return (PcCfType)t;
	return PC_CF_COUNT;
}

/* A place on one side: the element, or (scope) the scope it would be in, which is
 * where a finding goes in NEW and no "previously here" in OLD. */
typedef struct Where {
	const PcFile *file;
	PcSpan span;
	bool scope;
} Where;

typedef struct Cx {
	PcArena *a;
	PcChangeList *out;
	const bool *compatible;
	bool forward;
	const PcFile *file[2];      /* the compared files: original, update */
	PcVec parts;                /* of PcStr: the path is "#/" + parts[base..] joined with '/' */
	uint32_t base;              /* where the current path starts (an imported type's own) */
	PcVec stack;                /* of const PcMessage *: originals being compared */
	uint32_t incompatible;      /* incompatible records so far */
} Cx;

static void push(Cx *c, PcStr part)
{
	*PC_VEC_PUSH(&c->parts, PcStr, c->a) = part;
}

static void push_number(Cx *c, int32_t n)
{
	char buf[16];
	int len = snprintf(buf, sizeof buf, "%d", (int)n);
	push(c, (PcStr){pc_arena_strndup(c->a, buf, (size_t)len), (size_t)len});
}

static void pop(Cx *c)
{
	c->parts.len--;
}

static PcStr path_text(Cx *c)
{
	size_t n = 2;
	const PcStr *parts = (const PcStr *)c->parts.items;
	for (uint32_t i = c->base; i < c->parts.len; i++)
		n += parts[i].len + 1;
	char *p = pc_arena_alloc(c->a, n + 1);
	size_t at = 0;
	p[at++] = '#';
	p[at++] = '/';
	for (uint32_t i = c->base; i < c->parts.len; i++) {
		if (i > c->base)
			p[at++] = '/';
		memcpy(p + at, parts[i].ptr, parts[i].len);
		at += parts[i].len;
	}
	p[at] = '\0';
	return (PcStr){p, at};
}

static void emit(Cx *c, PcCfType t, int32_t number, Where o, Where u)
{
	Where nw = c->forward ? o : u, ow = c->forward ? u : o;
	PcChange *ch = PC_VEC_PUSH(&c->out->items, PcChange, c->a);
	*ch = (PcChange){
		.kind = PC_CHANGE_CONFLUENT,
		.pos = {nw.file, nw.span},
		.old_pos = ow.scope ? (PcPos){NULL, PC_NO_SPAN} : (PcPos){ow.file, ow.span},
		.name = path_text(c),
		.number = number,
		.old_val = {.set = true, .s = pc_str(type_names[t])},
		.new_val = {.set = c->forward, .i = c->forward},
	};
	if (!c->compatible[t])
		c->incompatible++;
}

static Where where_msg(const PcMessage *m)
{
	return (Where){m->file, m->span, false};
}

static Where in_msg(const PcMessage *m)
{
	return (Where){m->file, m->span, true};
}

static Where where_field(const PcField *f)
{
	return (Where){f->file, f->span, false};
}

/* ---- sorted views ---- */

typedef struct Named {
	PcStr name;
	const void *elem;
	uint32_t index;      /* messages: place among the scope's messages */
} Named;

static int cmp_named(const void *x, const void *y)
{
	const Named *a = x, *b = y;
	return pc_str_cmp(a->name, b->name);
}

/* A scope: a file or a message, with the fields whose groups are no messages to it. */
typedef struct Scope {
	const PcVec *msgs, *enums, *fields, *exts;
	Where at;
} Scope;

static const PcVec empty_vec;

static Scope scope_of_file(const PcFile *f)
{
	if (!f)
		return (Scope){&empty_vec, &empty_vec, &empty_vec, &empty_vec, {NULL, PC_NO_SPAN, true}};
	return (Scope){&f->messages, &f->enums, &empty_vec, &f->extensions, {f, PC_NO_SPAN, true}};
}

static Scope scope_of_msg(const PcMessage *m)
{
	return (Scope){&m->nested, &m->enums, &m->fields, &m->extensions, {m->file, m->span, true}};
}

static bool is_group_of(const PcVec *fields, const PcMessage *m)
{
	for (uint32_t i = 0; i < fields->len; i++) {
		const PcField *f = PC_VEC_AT(*fields, PcField *, i);
		if (f->is_group && f->group_type == m)
			return true;
	}
	return false;
}

/* The scope's messages as the parser has them (no map entries, no groups), by name. */
static Named *scope_messages(const Scope *s, uint32_t *n, PcArena *a)
{
	bool groups = false;
	for (uint32_t i = 0; i < s->fields->len && !groups; i++)
		groups = PC_VEC_AT(*s->fields, PcField *, i)->is_group;
	for (uint32_t i = 0; i < s->exts->len && !groups; i++)
		groups = PC_VEC_AT(*s->exts, PcField *, i)->is_group;
	Named *v = PC_NEW_ARRAY(a, Named, s->msgs->len + 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < s->msgs->len; i++) {
		const PcMessage *m = PC_VEC_AT(*s->msgs, PcMessage *, i);
		if (m->is_map_entry || (groups && (is_group_of(s->fields, m) || is_group_of(s->exts, m))))
			continue;
		v[k] = (Named){m->name, m, k};
		k++;
	}
	qsort(v, k, sizeof *v, cmp_named);
	*n = k;
	return v;
}

static Named *scope_enums(const Scope *s, uint32_t *n, PcArena *a)
{
	Named *v = PC_NEW_ARRAY(a, Named, s->enums->len + 1);
	for (uint32_t i = 0; i < s->enums->len; i++) {
		const PcEnum *e = PC_VEC_AT(*s->enums, PcEnum *, i);
		v[i] = (Named){e->name, e, i};
	}
	qsort(v, s->enums->len, sizeof *v, cmp_named);
	*n = s->enums->len;
	return v;
}

/* A field with the oneof it is in as the parser sees it (NULL: top level). */
typedef struct Fld {
	int32_t number;
	uint32_t seq;              /* declaration order, for stable sorting */
	const PcField *f;
	const PcOneof *oneof;
	bool moved;                /* top-level field taken into a oneof of the update */
} Fld;

static int cmp_fld(const void *x, const void *y)
{
	const Fld *a = x, *b = y;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const PcOneof *real_oneof(const PcField *f)
{
	if (f->oneof_index < 0 || !f->parent || (uint32_t)f->oneof_index >= f->parent->oneofs.len)
		return NULL;
	const PcOneof *o = PC_VEC_AT(f->parent->oneofs, PcOneof *, f->oneof_index);
	return o->synthetic ? NULL : o;
}

/* The message's fields (groups left out: the parser keeps them apart) by number; a
 * number written twice keeps the last, as a map by tag does. top: only those outside
 * a oneof. */
static Fld *fields_by_number(const PcMessage *m, bool top, uint32_t *n, PcArena *a)
{
	Fld *v = PC_NEW_ARRAY(a, Fld, m->fields.len + 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < m->fields.len; i++) {
		const PcField *f = PC_VEC_AT(m->fields, PcField *, i);
		const PcOneof *fo = real_oneof(f);
		if (f->is_group || (top && fo))
			continue;
		v[k] = (Fld){f->number, i, f, fo, false};
		k++;
	}
	qsort(v, k, sizeof *v, cmp_fld);
	uint32_t w = 0;
	for (uint32_t i = 0; i < k; i++) {
		if (w && v[w - 1].number == v[i].number)
			w--;
		v[w++] = v[i];
	}
	*n = w;
	return v;
}

static Fld *find_fld(Fld *v, uint32_t n, int32_t number)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (v[mid].number == number)
			return &v[mid];
		if (v[mid].number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Each oneof's members by number, all oneofs in one sorted array: slice k is
 * v[start[k] .. start[k + 1]) for the oneof of index k in the message. */
typedef struct Members {
	Fld *v;
	uint32_t *start;
} Members;

static int cmp_member(const void *x, const void *y)
{
	const Fld *a = x, *b = y;
	if (a->f->oneof_index != b->f->oneof_index)
		return a->f->oneof_index < b->f->oneof_index ? -1 : 1;
	return cmp_fld(x, y);
}

static Members oneof_members(const PcMessage *m, PcArena *a)
{
	Members ms = {PC_NEW_ARRAY(a, Fld, m->fields.len + 1), PC_NEW_ARRAY(a, uint32_t, m->oneofs.len + 2)};
	uint32_t k = 0;
	for (uint32_t i = 0; i < m->fields.len; i++) {
		const PcField *f = PC_VEC_AT(m->fields, PcField *, i);
		const PcOneof *fo = real_oneof(f);
		if (fo && !f->is_group)
			ms.v[k++] = (Fld){f->number, i, f, fo, false};
	}
	qsort(ms.v, k, sizeof *ms.v, cmp_member);
	for (uint32_t o = 0, i = 0; o <= m->oneofs.len; o++) {
		while (i < k && (uint32_t)ms.v[i].f->oneof_index < o)
			i++;
		ms.start[o] = i;
	}
	ms.start[m->oneofs.len + 1] = k;
	return ms;
}

/* idx: the oneof's place in its message's oneofs. */
static Fld *members_of(const Members *ms, uint32_t idx, uint32_t *n)
{
	*n = ms->start[idx + 1] - ms->start[idx];
	return ms->v + ms->start[idx];
}

/* ---- fields ---- */

typedef enum Kind { K_SCALAR, K_MESSAGE, K_MAP } Kind;

/* Confluent's scalar groups; enums are general numbers. */
typedef enum Group { G_NUMBER, G_SIGNED, G_STRING, G_FIXED32, G_FIXED64, G_FLOAT, G_DOUBLE } Group;

static Kind kind_of(const PcField *f)
{
	if (f->is_map)
		return K_MAP;
	return f->type == PC_TYPE_MESSAGE || f->type == PC_TYPE_GROUP ? K_MESSAGE : K_SCALAR;
}

static Group group_of(PcType t)
{
	switch (t) {
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
		return G_SIGNED;
	case PC_TYPE_STRING:
	case PC_TYPE_BYTES:
		return G_STRING;
	case PC_TYPE_FIXED32:
	case PC_TYPE_SFIXED32:
		return G_FIXED32;
	case PC_TYPE_FIXED64:
	case PC_TYPE_SFIXED64:
		return G_FIXED64;
	case PC_TYPE_FLOAT:
		return G_FLOAT;
	case PC_TYPE_DOUBLE:
		return G_DOUBLE;
	case PC_TYPE_NONE:
	case PC_TYPE_INT64:
	case PC_TYPE_UINT64:
	case PC_TYPE_INT32:
	case PC_TYPE_BOOL:
	case PC_TYPE_UINT32:
	case PC_TYPE_ENUM:
	case PC_TYPE_GROUP:
	case PC_TYPE_MESSAGE:
		return G_NUMBER;
	}
	return G_NUMBER;
}

/* The label as written: none for oneof members and maps, and in proto3 and editions
 * for anything but `repeated` (and proto3 `optional`). */
static PcLabel written_label(const PcField *f)
{
	if (real_oneof(f) || f->is_map)
		return PC_LABEL_NONE;
	const PcFile *file = f->file;
	if (!file || file->syntax == PC_SYNTAX_PROTO2)
		return f->label;
	if (f->label == PC_LABEL_REPEATED)
		return PC_LABEL_REPEATED;
	return file->syntax == PC_SYNTAX_PROTO3 && f->proto3_optional ? PC_LABEL_OPTIONAL : PC_LABEL_NONE;
}

static void compare_message(Cx *c, const PcMessage *o, const PcMessage *u);

static PcStr local_name(const PcMessage *m)
{
	PcStr pkg = m->file ? m->file->package : (PcStr){"", 0};
	if (pkg.len && m->full_name.len > pkg.len && memcmp(m->full_name.ptr, pkg.ptr, pkg.len) == 0 &&
	    m->full_name.ptr[pkg.len] == '.')
		return pc_str_sub(m->full_name, pkg.len + 1, m->full_name.len - pkg.len - 1);
	return m->full_name;
}

static void compare_message_types(Cx *c, const PcMessage *om, const PcMessage *um, int32_t number, Where wo,
				  Where wu)
{
	if (!om || !um)
		return;
	PcStr ol = local_name(om), ul = local_name(um);
	if (!pc_str_eq(ol, ul)) {
		emit(c, PC_CF_FIELD_NAMED_TYPE_CHANGED, number, wo, wu);
		return;
	}
	if (om->file == c->file[0] && um->file == c->file[1])
		return; /* both declared in the compared files: compared there */
	/* Declared elsewhere on a side: compared by contents, at the type's own path
	 * (pushed above the current one, which is restored after). */
	uint32_t saved_base = c->base, saved_len = c->parts.len;
	c->base = saved_len;
	for (size_t i = 0, start = 0; i <= ol.len; i++)
		if (i == ol.len || ol.ptr[i] == '.') {
			push(c, pc_str_sub(ol, start, i - start));
			start = i + 1;
		}
	uint32_t before = c->incompatible;
	compare_message(c, om, um);
	c->parts.len = saved_len;
	c->base = saved_base;
	if (c->incompatible > before)
		emit(c, PC_CF_FIELD_NAMED_TYPE_CHANGED, number, wo, wu);
}

static const PcField *entry_field(const PcField *map, int32_t number)
{
	const PcMessage *e = map->msg_type ? map->msg_type : map->group_type;
	for (uint32_t i = 0; e && i < e->fields.len; i++)
		if (PC_VEC_AT(e->fields, PcField *, i)->number == number)
			return PC_VEC_AT(e->fields, PcField *, i);
	return NULL;
}

static void compare_types(Cx *c, const PcField *of, const PcField *uf, PcLabel ol, PcLabel ul, int32_t number,
			  Where wo, Where wu)
{
	if (!of || !uf)
		return;
	Kind ko = kind_of(of), ku = kind_of(uf);
	if (ko != ku) {
		emit(c, PC_CF_FIELD_KIND_CHANGED, number, wo, wu);
		return;
	}
	switch (ko) {
	case K_SCALAR: {
		Group g = group_of(of->type);
		if (g != group_of(uf->type))
			emit(c, PC_CF_FIELD_SCALAR_KIND_CHANGED, number, wo, wu);
		else if (ol != PC_LABEL_NONE && ul != PC_LABEL_NONE && ol != ul)
			emit(c, g == G_STRING ? PC_CF_FIELD_STRING_OR_BYTES_LABEL_CHANGED : PC_CF_FIELD_NUMERIC_LABEL_CHANGED,
			     number, wo, wu);
		break;
	}
	case K_MESSAGE:
		compare_message_types(c, of->msg_type, uf->msg_type, number, wo, wu);
		break;
	case K_MAP:
		compare_types(c, entry_field(of, 1), entry_field(uf, 1), PC_LABEL_NONE, PC_LABEL_NONE, number, wo, wu);
		compare_types(c, entry_field(of, 2), entry_field(uf, 2), PC_LABEL_NONE, PC_LABEL_NONE, number, wo, wu);
		break;
	}
}

static void compare_field(Cx *c, const PcField *of, const PcField *uf)
{
	Where wo = where_field(of), wu = where_field(uf);
	if (!pc_str_eq(of->name, uf->name))
		emit(c, PC_CF_FIELD_NAME_CHANGED, of->number, wo, wu);
	compare_types(c, of, uf, written_label(of), written_label(uf), of->number, wo, wu);
}

/* ---- messages ---- */

static Named *real_oneofs(const PcMessage *m, uint32_t *n, PcArena *a)
{
	Named *v = PC_NEW_ARRAY(a, Named, m->oneofs.len + 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		const PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		if (!o->synthetic)
			v[k++] = (Named){o->name, o, i};
	}
	*n = k;
	return v;
}

/* One oneof of the update: how many former top-level fields it takes (they are then
 * no longer "removed"), and how many members of former oneofs. */
static void check_oneof_moves(Cx *c, const PcMessage *o, const PcMessage *u, const Named *uo, const Members *um,
			      Fld *otop, uint32_t notop, Fld *oall, uint32_t noall)
{
	uint32_t nmem;
	Fld *mem = members_of(um, uo->index, &nmem);
	const PcOneof *oneof = uo->elem;
	uint32_t moved = 0, existing = 0;
	for (uint32_t i = 0; i < nmem; i++) {
		Fld *t = find_fld(otop, notop, mem[i].number);
		if (t && !t->moved) {
			t->moved = true;
			moved++;
		} else {
			Fld *any = find_fld(oall, noall, mem[i].number);
			existing += any && any->oneof;
		}
	}
	push(c, oneof->name);
	if (moved > 1)
		emit(c, PC_CF_MULTIPLE_FIELDS_MOVED_TO_ONEOF, 0, where_msg(o), (Where){u->file, oneof->span, false});
	else if (moved == 1 && existing > 0)
		emit(c, PC_CF_FIELD_MOVED_TO_EXISTING_ONEOF, 0, where_msg(o), (Where){u->file, oneof->span, false});
	pop(c);
}

static void compare_oneof(Cx *c, const PcMessage *om, const PcMessage *um, const Named *on, const Named *un,
			  const Members *omem, const Members *umem, Fld *uall, uint32_t nuall)
{
	uint32_t no, nu;
	const PcOneof *oo = on->elem, *uo = un->elem;
	Fld *ov = members_of(omem, on->index, &no), *uv = members_of(umem, un->index, &nu);
	uint32_t i = 0, j = 0;
	while (i < no || j < nu) {
		int r = i == no ? 1 : j == nu ? -1 : (ov[i].number > uv[j].number) - (ov[i].number < uv[j].number);
		int32_t number = r <= 0 ? ov[i].number : uv[j].number;
		push_number(c, number);
		if (r < 0) {
			/* moved out of this oneof, kept elsewhere: relocated, not removed */
			if (!find_fld(uall, nuall, number))
				emit(c, PC_CF_ONEOF_FIELD_REMOVED, number, where_field(ov[i].f),
				     (Where){um->file, uo->span, true});
			i++;
		} else if (r > 0) {
			emit(c, PC_CF_ONEOF_FIELD_ADDED, number, (Where){om->file, oo->span, true}, where_field(uv[j].f));
			j++;
		} else {
			compare_field(c, ov[i].f, uv[j].f);
			i++;
			j++;
		}
		pop(c);
	}
}

static void compare_fields(Cx *c, const PcMessage *o, const PcMessage *u)
{
	uint32_t notop, nutop, noall, nuall, noo, nuo;
	Fld *otop = fields_by_number(o, true, &notop, c->a), *utop = fields_by_number(u, true, &nutop, c->a);
	Fld *oall = fields_by_number(o, false, &noall, c->a), *uall = fields_by_number(u, false, &nuall, c->a);
	Members omem = oneof_members(o, c->a), umem = oneof_members(u, c->a);
	Named *oo = real_oneofs(o, &noo, c->a), *uo = real_oneofs(u, &nuo, c->a);
	for (uint32_t k = 0; k < nuo; k++)
		check_oneof_moves(c, o, u, &uo[k], &umem, otop, notop, oall, noall);

	qsort(oo, noo, sizeof *oo, cmp_named);
	qsort(uo, nuo, sizeof *uo, cmp_named);
	for (uint32_t i = 0, j = 0; i < noo || j < nuo;) {
		int r = i == noo ? 1 : j == nuo ? -1 : pc_str_cmp(oo[i].name, uo[j].name);
		push(c, r <= 0 ? oo[i].name : uo[j].name);
		if (r < 0)
			emit(c, PC_CF_ONEOF_REMOVED, 0, (Where){o->file, ((const PcOneof *)oo[i].elem)->span, false}, in_msg(u));
		else if (r > 0)
			emit(c, PC_CF_ONEOF_ADDED, 0, in_msg(o), (Where){u->file, ((const PcOneof *)uo[j].elem)->span, false});
		else
			compare_oneof(c, o, u, &oo[i], &uo[j], &omem, &umem, uall, nuall);
		pop(c);
		i += r <= 0;
		j += r >= 0;
	}

	for (uint32_t i = 0, j = 0; i < notop || j < nutop;) {
		if (i < notop && otop[i].moved) {
			i++;
			continue;
		}
		int r = i == notop ? 1 : j == nutop ? -1 : (otop[i].number > utop[j].number) - (otop[i].number < utop[j].number);
		const PcField *of = r <= 0 ? otop[i].f : NULL, *uf = r >= 0 ? utop[j].f : NULL;
		push_number(c, of ? of->number : uf->number);
		if (!uf)
			emit(c, written_label(of) == PC_LABEL_REQUIRED ? PC_CF_REQUIRED_FIELD_REMOVED : PC_CF_FIELD_REMOVED,
			     of->number, where_field(of), in_msg(u));
		else if (!of)
			emit(c, written_label(uf) == PC_LABEL_REQUIRED ? PC_CF_REQUIRED_FIELD_ADDED : PC_CF_FIELD_ADDED,
			     uf->number, in_msg(o), where_field(uf));
		else
			compare_field(c, of, uf);
		pop(c);
		i += r <= 0;
		j += r >= 0;
	}

	/* Membership changed (into, out of, or between oneofs): compare by number. */
	for (uint32_t i = 0, j = 0; i < noall && j < nuall;) {
		if (oall[i].number != uall[j].number) {
			if (oall[i].number < uall[j].number)
				i++;
			else
				j++;
			continue;
		}
		const PcOneof *a = oall[i].oneof, *b = uall[j].oneof;
		if ((a || b) && !(a && b && pc_str_eq(a->name, b->name))) {
			push_number(c, oall[i].number);
			compare_field(c, oall[i].f, uall[j].f);
			pop(c);
		}
		i++;
		j++;
	}
}

static void compare_scope(Cx *c, Scope o, Scope u);

static void compare_message(Cx *c, const PcMessage *o, const PcMessage *u)
{
	bool open = false;
	for (uint32_t i = 0; i < c->stack.len && !open; i++)
		open = PC_VEC_AT(c->stack, const PcMessage *, i) == o;
	if (!open) {
		*PC_VEC_PUSH(&c->stack, const PcMessage *, c->a) = o;
		compare_fields(c, o, u);
		c->stack.len--;
	}
	compare_scope(c, scope_of_msg(o), scope_of_msg(u));
}

/* ---- enums and scopes ---- */

static Fld *values_by_number(const PcEnum *e, uint32_t *n, PcArena *a)
{
	Fld *v = PC_NEW_ARRAY(a, Fld, e->values.len + 1);
	for (uint32_t i = 0; i < e->values.len; i++)
		v[i] = (Fld){PC_VEC_AT(e->values, PcEnumValue *, i)->number, i, NULL, NULL, false};
	qsort(v, e->values.len, sizeof *v, cmp_fld);
	uint32_t w = 0;
	for (uint32_t i = 0; i < e->values.len; i++) {
		if (w && v[w - 1].number == v[i].number)
			w--; /* the last alias of a number, as a map by tag keeps it */
		v[w++] = v[i];
	}
	*n = w;
	return v;
}

static void compare_enum(Cx *c, const PcEnum *o, const PcEnum *u)
{
	uint32_t no, nu;
	Fld *ov = values_by_number(o, &no, c->a), *uv = values_by_number(u, &nu, c->a);
	for (uint32_t i = 0, j = 0; i < no || j < nu;) {
		int r = i == no ? 1 : j == nu ? -1 : (ov[i].number > uv[j].number) - (ov[i].number < uv[j].number);
		const PcEnumValue *ovl = r <= 0 ? PC_VEC_AT(o->values, PcEnumValue *, ov[i].seq) : NULL;
		const PcEnumValue *uvl = r >= 0 ? PC_VEC_AT(u->values, PcEnumValue *, uv[j].seq) : NULL;
		int32_t number = ovl ? ovl->number : uvl->number;
		push_number(c, number);
		Where wo = ovl ? (Where){o->file, ovl->span, false} : (Where){o->file, o->span, true};
		Where wu = uvl ? (Where){u->file, uvl->span, false} : (Where){u->file, u->span, true};
		if (!uvl)
			emit(c, PC_CF_ENUM_CONST_REMOVED, number, wo, wu);
		else if (!ovl)
			emit(c, PC_CF_ENUM_CONST_ADDED, number, wo, wu);
		else if (!pc_str_eq(ovl->name, uvl->name))
			emit(c, PC_CF_ENUM_CONST_CHANGED, number, wo, wu);
		pop(c);
		i += r <= 0;
		j += r >= 0;
	}
}

static void compare_scope(Cx *c, Scope o, Scope u)
{
	uint32_t no, nu;
	Named *om = scope_messages(&o, &no, c->a), *um = scope_messages(&u, &nu, c->a);
	for (uint32_t i = 0, j = 0; i < no || j < nu;) {
		int r = i == no ? 1 : j == nu ? -1 : pc_str_cmp(om[i].name, um[j].name);
		const PcMessage *a = r <= 0 ? om[i].elem : NULL, *b = r >= 0 ? um[j].elem : NULL;
		push(c, a ? a->name : b->name);
		if (!b) {
			emit(c, PC_CF_MESSAGE_REMOVED, 0, where_msg(a), u.at);
		} else if (!a) {
			emit(c, PC_CF_MESSAGE_ADDED, 0, o.at, where_msg(b));
		} else {
			compare_message(c, a, b);
			if (om[i].index != um[j].index)
				emit(c, PC_CF_MESSAGE_MOVED, 0, where_msg(a), where_msg(b));
		}
		pop(c);
		i += r <= 0;
		j += r >= 0;
	}
	Named *oe = scope_enums(&o, &no, c->a), *ue = scope_enums(&u, &nu, c->a);
	for (uint32_t i = 0, j = 0; i < no || j < nu;) {
		int r = i == no ? 1 : j == nu ? -1 : pc_str_cmp(oe[i].name, ue[j].name);
		const PcEnum *a = r <= 0 ? oe[i].elem : NULL, *b = r >= 0 ? ue[j].elem : NULL;
		push(c, a ? a->name : b->name);
		if (!b)
			emit(c, PC_CF_ENUM_REMOVED, 0, (Where){a->file, a->span, false}, u.at);
		else if (!a)
			emit(c, PC_CF_ENUM_ADDED, 0, o.at, (Where){b->file, b->span, false});
		else
			compare_enum(c, a, b);
		pop(c);
		i += r <= 0;
		j += r >= 0;
	}
}

/* ---- files ---- */

static int cmp_file(const void *x, const void *y)
{
	const PcFile *a = *(const PcFile *const *)x, *b = *(const PcFile *const *)y;
	return pc_str_cmp(a->name, b->name);
}

static const PcFile **sorted_inputs(const PcSchema *s, PcArena *a)
{
	const PcFile **v = PC_NEW_ARRAY(a, const PcFile *, s->inputs.len + 1);
	for (uint32_t i = 0; i < s->inputs.len; i++)
		v[i] = PC_VEC_AT(s->inputs, PcFile *, i);
	qsort(v, s->inputs.len, sizeof *v, cmp_file);
	return v;
}

static void compare_files(Cx *c, const PcFile *o, const PcFile *u)
{
	c->file[0] = o;
	c->file[1] = u;
	if (o && u && !pc_str_eq(o->package, u->package))
		emit(c, PC_CF_PACKAGE_CHANGED, 0, (Where){o, o->package_span, false}, (Where){u, u->package_span, false});
	compare_scope(c, scope_of_file(o), scope_of_file(u));
}

void pc_confluent_diff(const PcSchema *original, const PcSchema *update, const bool compatible[PC_CF_COUNT],
		       bool forward, PcChangeList *out, PcArena *a)
{
	Cx c = {.a = a, .out = out, .compatible = compatible, .forward = forward};
	uint32_t no = original->inputs.len, nu = update->inputs.len;
	if (no == 1 && nu == 1) {
		compare_files(&c, PC_VEC_AT(original->inputs, PcFile *, 0), PC_VEC_AT(update->inputs, PcFile *, 0));
		return;
	}
	const PcFile **ov = sorted_inputs(original, a), **uv = sorted_inputs(update, a);
	for (uint32_t i = 0, j = 0; i < no || j < nu;) {
		int r = i == no ? 1 : j == nu ? -1 : pc_str_cmp(ov[i]->name, uv[j]->name);
		compare_files(&c, r <= 0 ? ov[i] : NULL, r >= 0 ? uv[j] : NULL);
		i += r <= 0;
		j += r >= 0;
	}
}
