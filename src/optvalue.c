/* Options are compared as values, not bytes: each side's options message is split into
 * its records, grouped by field number (records of one number stand for one field:
 * the elements of a repeated field, or the occurrences of a singular message, which
 * merge), and each number present on either side is printed in text format with that
 * side's descriptor and compared as text. A singular message set on both sides is
 * walked into instead, so `(google.api.http).get` is reported rather than the whole
 * binding. The printer follows protobuf's text format on one line (fields by number,
 * `name: value`, `name { ... }`, `[ext.name]` for extensions, strings C-escaped with
 * octal for bytes outside printable ASCII, enums by name, floats as protoc prints
 * them); a repeated option's value is a list `[a, b]`, the text-format list
 * syntax. Only elements whose encoded bytes differ get here, so a check pays nothing
 * for options that did not change. */
#include "optvalue.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

/* ---- extensions by (extendee, number) ---- */

typedef struct ExtSlot {
	const PcMessage *extendee;
	int32_t number;
	const PcField *field;
} ExtSlot;

struct PcOptExts {
	ExtSlot *slots;
	uint32_t mask;
};

static uint32_t ext_hash(const PcMessage *m, int32_t number)
{
	uint64_t h = ((uint64_t)(uintptr_t)m >> 3) * 0x9E3779B97F4A7C15ull ^ (uint64_t)(uint32_t)number * 2654435761u;
	return (uint32_t)(h ^ (h >> 29));
}

static ExtSlot *ext_slot(const PcOptExts *x, const PcMessage *m, int32_t number)
{
	uint32_t h = ext_hash(m, number) & x->mask;
	while (x->slots[h].field && !(x->slots[h].extendee == m && x->slots[h].number == number))
		h = (h + 1) & x->mask;
	return &x->slots[h];
}

static void count_exts(const PcMessage *m, uint32_t *n)
{
	*n += m->extensions.len;
	for (uint32_t i = 0; i < m->nested.len; i++)
		count_exts(PC_VEC_AT(m->nested, PcMessage *, i), n);
}

static void add_ext(PcOptExts *x, const PcField *f)
{
	if (!pc_field_x(f)->extendee_msg)
		return;
	ExtSlot *s = ext_slot(x, pc_field_x(f)->extendee_msg, f->number);
	if (!s->field)
		*s = (ExtSlot){pc_field_x(f)->extendee_msg, f->number, f};
}

static void add_exts(PcOptExts *x, const PcMessage *m)
{
	for (uint32_t i = 0; i < m->extensions.len; i++)
		add_ext(x, PC_VEC_AT(m->extensions, PcField *, i));
	for (uint32_t i = 0; i < m->nested.len; i++)
		add_exts(x, PC_VEC_AT(m->nested, PcMessage *, i));
}

PcOptExts *pc_optexts_new(const PcSchema *s, PcArena *a)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < s->files.len; i++) {
		const PcFile *f = PC_VEC_AT(s->files, PcFile *, i);
		n += f->extensions.len;
		for (uint32_t j = 0; j < f->messages.len; j++)
			count_exts(PC_VEC_AT(f->messages, PcMessage *, j), &n);
	}
	uint32_t cap = 16;
	while (cap < n * 2 + 2)
		cap *= 2;
	PcOptExts *x = PC_NEW(a, PcOptExts);
	x->slots = PC_NEW_ARRAY(a, ExtSlot, cap);
	x->mask = cap - 1;
	for (uint32_t i = 0; i < s->files.len; i++) {
		const PcFile *f = PC_VEC_AT(s->files, PcFile *, i);
		for (uint32_t j = 0; j < f->extensions.len; j++)
			add_ext(x, PC_VEC_AT(f->extensions, PcField *, j));
		for (uint32_t j = 0; j < f->messages.len; j++)
			add_exts(x, PC_VEC_AT(f->messages, PcMessage *, j));
	}
	return x;
}

const PcMessage *pc_optvalue_type(const PcSchema *s, const char *full_name)
{
	void *elem = NULL;
	return pc_schema_lookup(s, pc_str(full_name), &elem) == PC_SYM_MESSAGE ? elem : NULL;
}

/* The field or extension number of message m (NULL: unknown). */
static const PcField *field_of(const PcOptSide *side, const PcMessage *m, int32_t number)
{
	if (!m)
		return NULL;
	for (uint32_t i = 0; i < m->fields.len; i++) {
		const PcField *f = PC_VEC_AT(m->fields, PcField *, i);
		if (f->number == number)
			return f;
	}
	if (!side->exts)
		return NULL;
	return ext_slot(side->exts, m, number)->field;
}

/* ---- wire records ---- */

static int rec_cmp(const void *x, const void *y)
{
	const PcWireRec *a = x, *b = y;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	/* records of one buffer: where a record starts is its order */
	return (a->start > b->start) - (a->start < b->start);
}

/* The records of a message sorted by number, in their order within a number. Bytes
 * that do not decode end the list (both sides of a broken message compare as far as
 * they decode). */
static PcWireRec *split(PcStr bytes, uint32_t *n, PcArena *a)
{
	const char *p = bytes.ptr, *end = p ? p + bytes.len : p;
	PcVec v = {0};
	PcWireRec r;
	while (p && p < end && pc_wire_next(&p, end, &r))
		*PC_VEC_PUSH(&v, PcWireRec, a) = r;
	if (v.len > 1)
		qsort(v.items, v.len, sizeof(PcWireRec), rec_cmp);
	*n = v.len;
	/* never NULL: callers index it as `recs + i` even when it is empty */
	static PcWireRec none;
	return v.len ? v.items : &none;
}

/* A LEN record's bytes, a group's contents. */
static PcStr payload(const PcWireRec *r)
{
	return (PcStr){r->pstart, (size_t)(r->pend - r->pstart)};
}

/* ---- the text-format printer ---- */

typedef struct Out {
	PcVec b;
	PcArena *a;
} Out;

static void put(Out *o, const char *s, size_t n)
{
	pc_vec_append(&o->b, s, n, o->a);
}

static void puts_(Out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putstr(Out *o, PcStr s)
{
	put(o, s.ptr, s.len);
}

static void putf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(Out *o, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static PcStr done(Out *o)
{
	return (PcStr){o->b.items ? o->b.items : "", o->b.len};
}

/* A string or bytes value: quoted, with protoc's CEscape (as text format writes it). */
static void put_quoted(Out *o, PcStr s)
{
	put(o, "\"", 1);
	putstr(o, pc_c_escape(s, o->a));
	put(o, "\"", 1);
}

static void print_message(Out *o, const PcOptSide *side, const PcMessage *m, PcStr bytes, int depth);

static void put_field_name(Out *o, const PcField *f, int32_t number)
{
	if (!f) {
		putf(o, "%" PRId32, number);
	} else if (f->is_extension) {
		put(o, "[", 1);
		putstr(o, f->full_name);
		put(o, "]", 1);
	} else if (f->is_group && f->msg_type) {
		putstr(o, f->msg_type->name);
	} else {
		putstr(o, f->name);
	}
}

static bool is_message(const PcField *f)
{
	return f && (f->type == PC_TYPE_MESSAGE || f->type == PC_TYPE_GROUP);
}

static void put_enum(Out *o, const PcEnum *e, int32_t v)
{
	for (uint32_t i = 0; e && i < e->values.len; i++) {
		const PcEnumValue *x = PC_VEC_AT(e->values, PcEnumValue *, i);
		if (x->number == v) {
			putstr(o, x->name);
			return;
		}
	}
	putf(o, "%" PRId32, v);
}

/* One scalar of type t from a record's value. */
static void put_scalar(Out *o, const PcField *f, uint64_t v)
{
	union {
		uint32_t u;
		float f;
	} f32;
	union {
		uint64_t u;
		double d;
	} f64;
	switch (f ? f->type : PC_TYPE_NONE) {
	case PC_TYPE_INT32: putf(o, "%" PRId32, (int32_t)(uint32_t)v); break;
	case PC_TYPE_INT64:
	case PC_TYPE_SFIXED64: putf(o, "%" PRId64, (int64_t)v); break;
	case PC_TYPE_SFIXED32: putf(o, "%" PRId32, (int32_t)(uint32_t)v); break;
	case PC_TYPE_UINT32:
	case PC_TYPE_FIXED32: putf(o, "%" PRIu32, (uint32_t)v); break;
	case PC_TYPE_SINT32: putf(o, "%" PRId32, (int32_t)(((uint32_t)v >> 1) ^ (0u - ((uint32_t)v & 1)))); break;
	case PC_TYPE_SINT64: putf(o, "%" PRId64, (int64_t)((v >> 1) ^ (0ull - (v & 1)))); break;
	case PC_TYPE_BOOL: puts_(o, v ? "true" : "false"); break;
	case PC_TYPE_ENUM: put_enum(o, f->enum_type, (int32_t)(uint32_t)v); break;
	case PC_TYPE_FLOAT:
		f32.u = (uint32_t)v;
		puts_(o, pc_format_float(f32.f, o->a));
		break;
	case PC_TYPE_DOUBLE:
		f64.u = v;
		puts_(o, pc_format_double(f64.d, o->a));
		break;
	case PC_TYPE_UINT64:
	case PC_TYPE_FIXED64:
	case PC_TYPE_NONE:
	case PC_TYPE_STRING:
	case PC_TYPE_GROUP:
	case PC_TYPE_MESSAGE:
	case PC_TYPE_BYTES:
		putf(o, "%" PRIu64, v);
		break;
	}
}

/* Whether a LEN record of field f holds packed scalars. */
static bool packed(const PcField *f, const PcWireRec *r)
{
	return f && r->wt == PC_WT_LEN && f->type != PC_TYPE_STRING && f->type != PC_TYPE_BYTES && !is_message(f);
}

/* The next element of a packed record's payload at *p. */
static bool packed_next(const PcField *f, const char **p, const char *end, uint64_t *v)
{
	int size = 0;
	switch (f->type) {
	case PC_TYPE_FIXED32: case PC_TYPE_SFIXED32: case PC_TYPE_FLOAT: size = 4; break;
	case PC_TYPE_FIXED64: case PC_TYPE_SFIXED64: case PC_TYPE_DOUBLE: size = 8; break;
	default: break;
	}
	if (!size)
		return *p < end && pc_wire_varint(p, end, v);
	if (end - *p < size)
		return false;
	*v = 0;
	for (int i = 0; i < size; i++)
		*v |= (uint64_t)(unsigned char)(*p)[i] << (8 * i);
	*p += size;
	return true;
}

/* The elements of r, each after sep (none before the first); with name, each as
 * ` name: value` (a message's fields) instead. */
static void put_elements(Out *o, const PcOptSide *side, const PcField *f, const PcWireRec *r, const char *sep,
			 bool *first, bool name, int depth)
{
	if (packed(f, r)) {
		const char *p = r->pstart, *end = r->pend;
		uint64_t v;
		while (packed_next(f, &p, end, &v)) {
			if (name) {
				puts_(o, " ");
				put_field_name(o, f, (int32_t)r->num);
				puts_(o, ": ");
			} else if (!*first) {
				puts_(o, sep);
			}
			*first = false;
			put_scalar(o, f, v);
		}
		return;
	}
	bool sub = r->wt == PC_WT_SGROUP || (is_message(f) && r->wt == PC_WT_LEN);
	if (name) {
		puts_(o, " ");
		put_field_name(o, f, (int32_t)r->num);
		puts_(o, sub ? " " : ": ");
	} else if (!*first) {
		puts_(o, sep);
	}
	*first = false;
	if (sub)
		print_message(o, side, is_message(f) ? f->msg_type : NULL, payload(r), depth + 1);
	else if (r->wt == PC_WT_LEN)
		put_quoted(o, payload(r));
	else if (f)
		put_scalar(o, f, r->v);
	else if (r->wt == PC_WT_VARINT)
		putf(o, "%" PRIu64, r->v);
	else
		putf(o, r->wt == PC_WT_I32 ? "0x%08" PRIx64 : "0x%016" PRIx64, r->v);
}

/* Merged bytes of a singular message's occurrences (parsing the concatenation is
 * protobuf's merge). */
static PcStr merged(const PcWireRec *r, uint32_t n, PcArena *a)
{
	if (n == 1)
		return payload(&r[0]);
	PcVec v = {0};
	for (uint32_t i = 0; i < n; i++)
		pc_vec_append(&v, r[i].pstart, (size_t)(r[i].pend - r[i].pstart), a);
	return (PcStr){v.items ? v.items : "", v.len};
}

static bool is_repeated(const PcField *f)
{
	return f && f->label == PC_LABEL_REPEATED;
}

/* `{ a: 1 b { c: 2 } }`: the fields of a message, one line. */
static void print_message(Out *o, const PcOptSide *side, const PcMessage *m, PcStr bytes, int depth)
{
	if (depth > 32) {
		puts_(o, "{ ... }");
		return;
	}
	uint32_t n;
	PcWireRec *r = split(bytes, &n, o->a);
	puts_(o, "{");
	for (uint32_t i = 0; i < n;) {
		uint32_t j = i;
		while (j < n && r[j].num == r[i].num)
			j++;
		const PcField *f = field_of(side, m, (int32_t)r[i].num);
		bool msg = is_message(f) && (r[i].wt == PC_WT_LEN || r[i].wt == PC_WT_SGROUP);
		bool first = true;
		if (msg && !is_repeated(f)) {
			/* a singular message: its occurrences merge */
			PcWireRec one = r[i];
			PcStr all = merged(r + i, j - i, o->a);
			one.pstart = all.ptr;
			one.pend = all.ptr + all.len;
			put_elements(o, side, f, &one, "", &first, true, depth);
		} else {
			/* repeated: every element; singular scalar: the last one wins */
			for (uint32_t k = is_repeated(f) || !f ? i : j - 1; k < j; k++)
				put_elements(o, side, f, &r[k], "", &first, true, depth);
		}
		i = j;
	}
	puts_(o, " }");
}

/* The value of field f made of records r[0..n): a list for a repeated field. */
static PcStr value_text(const PcOptSide *side, const PcField *f, const PcWireRec *r, uint32_t n, PcArena *a)
{
	Out o = {{0}, a};
	if (!n)
		return (PcStr){"", 0};
	bool msg = is_message(f) && (r[0].wt == PC_WT_LEN || r[0].wt == PC_WT_SGROUP);
	if (is_repeated(f) || (!f && n > 1)) {
		bool first = true;
		puts_(&o, "[");
		for (uint32_t i = 0; i < n; i++)
			put_elements(&o, side, f, &r[i], ", ", &first, false, 0);
		puts_(&o, "]");
	} else if (msg) {
		print_message(&o, side, f->msg_type, merged(r, n, a), 0);
	} else {
		bool first = true;
		put_elements(&o, side, f, &r[n - 1], "", &first, false, 0);
	}
	return done(&o);
}

/* ---- comparing ---- */

typedef struct Walk {
	PcVec *out;
	PcArena *a;
	const PcOptSide *side[2];
	uint32_t top_number;
	PcStr top;        /* the top-level option's name, once known */
	char key[512];
	size_t key_len, top_len; /* key[0..top_len): the top-level part */
} Walk;

static void key_append(Walk *w, const PcField *f, int32_t number, bool top)
{
	char buf[300];
	int n;
	const char *dot = w->key_len ? "." : "";
	if (!f)
		n = snprintf(buf, sizeof buf, "%s%" PRId32, dot, number);
	else if (f->is_extension)
		n = snprintf(buf, sizeof buf, "%s(%.*s)", dot, (int)f->full_name.len, f->full_name.ptr);
	else
		n = snprintf(buf, sizeof buf, "%s%.*s", dot, (int)f->name.len, f->name.ptr);
	if (n < 0 || w->key_len + (size_t)n >= sizeof w->key)
		n = 0;
	memcpy(w->key + w->key_len, buf, (size_t)n);
	w->key_len += (size_t)n;
	if (top) {
		w->top_len = w->key_len;
		if (!f) {
			w->top = (PcStr){pc_arena_strndup(w->a, w->key, w->key_len), w->key_len};
		} else {
			w->top = f->is_extension ? f->full_name : f->name;
		}
	}
}

static void emit_diff(Walk *w, bool old_set, PcStr old_text, bool new_set, PcStr new_text)
{
	PcOptDiff *d = PC_VEC_PUSH(w->out, PcOptDiff, w->a);
	d->key = (PcStr){pc_arena_strndup(w->a, w->key, w->key_len), w->key_len};
	d->top = w->top;
	size_t plen = w->key_len > w->top_len ? w->key_len - w->top_len - 1 : 0;
	d->path = (PcStr){d->key.ptr + w->key_len - plen, plen};
	d->number = w->top_number;
	d->old_set = old_set;
	d->new_set = new_set;
	d->old_text = old_text;
	d->new_text = new_text;
}

static void diff_messages(Walk *w, const PcMessage *om, PcStr ob, const PcMessage *nm, PcStr nb, int depth)
{
	uint32_t on, nn;
	PcWireRec *orr = split(ob, &on, w->a), *nr = split(nb, &nn, w->a);
	uint32_t i = 0, j = 0;
	while (i < on || j < nn) {
		uint32_t num = i < on && (j >= nn || orr[i].num <= nr[j].num) ? orr[i].num : nr[j].num;
		uint32_t i2 = i, j2 = j;
		while (i2 < on && orr[i2].num == num)
			i2++;
		while (j2 < nn && nr[j2].num == num)
			j2++;
		const PcField *of = field_of(w->side[0], om, (int32_t)num), *nf = field_of(w->side[1], nm, (int32_t)num);
		size_t saved = w->key_len;
		if (depth == 0)
			w->top_number = num;
		key_append(w, nf ? nf : of, (int32_t)num, depth == 0);
		bool both_msg = i2 > i && j2 > j && is_message(of) && is_message(nf) && !is_repeated(of) &&
				!is_repeated(nf) && orr[i].wt == nr[j].wt && (orr[i].wt == PC_WT_LEN || orr[i].wt == PC_WT_SGROUP);
		if (both_msg && depth < 32) {
			PcStr a = merged(orr + i, i2 - i, w->a), b = merged(nr + j, j2 - j, w->a);
			if (!pc_str_eq(a, b))
				diff_messages(w, of->msg_type, a, nf->msg_type, b, depth + 1);
		} else {
			PcStr a = value_text(w->side[0], of, orr + i, i2 - i, w->a);
			PcStr b = value_text(w->side[1], nf, nr + j, j2 - j, w->a);
			if (!pc_str_eq(a, b) || (i2 > i) != (j2 > j))
				emit_diff(w, i2 > i, a, j2 > j, b);
		}
		w->key_len = saved;
		i = i2;
		j = j2;
	}
}

PcStr pc_optvalue_text(const PcOptSide *side, PcStr bytes, PcArena *a)
{
	if (!bytes.len)
		return (PcStr){"", 0};
	Out o = {{0}, a};
	print_message(&o, side, side->type, bytes, 0);
	return done(&o);
}

void pc_optvalue_diff(const PcOptSide *old_side, PcStr old_bytes, const PcOptSide *new_side, PcStr new_bytes,
		      PcVec *out, PcArena *a)
{
	if (pc_str_eq(old_bytes, new_bytes))
		return;
	Walk w = {.out = out, .a = a, .side = {old_side, new_side}};
	diff_messages(&w, old_side->type, old_bytes, new_side->type, new_bytes, 0);
}
