/* Options are compared as values, not bytes: each side's options message is split into
 * its records, grouped by field number (records of one number stand for one field:
 * the elements of a repeated field, or the occurrences of a singular message, which
 * merge), and each number present on either side is printed in text format with that
 * side's descriptor and compared as text. A singular message set on both sides is
 * walked into instead, so `(google.api.http).get` is reported rather than the whole
 * binding. The printer follows protobuf's text format on one line (fields by number,
 * `name: value`, `name { ... }`, `[ext.name]` for extensions, strings C-escaped with
 * octal for bytes outside printable ASCII, enums by name, floats in the shortest form
 * that reads back); a repeated option's value is a list `[a, b]`, the text-format list
 * syntax. Only elements whose encoded bytes differ get here, so a check pays nothing
 * for options that did not change. */
#include "optvalue.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

enum { WT_VARINT = 0, WT_I64 = 1, WT_LEN = 2, WT_SGROUP = 3, WT_EGROUP = 4, WT_I32 = 5 };

typedef struct Rec {
	int32_t num;
	int wt;
	uint64_t v;           /* varint and fixed values */
	PcStr payload;        /* LEN bytes, group contents */
	uint32_t seq;         /* order in the message, for a stable sort */
} Rec;

static bool get_varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		unsigned char c = *(*p)++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

static bool read_rec(const unsigned char **p, const unsigned char *end, Rec *r, int depth);

/* Skips a group's contents up to its end tag; sets its payload. */
static bool read_group(const unsigned char **p, const unsigned char *end, Rec *r, int depth)
{
	const unsigned char *start = *p;
	while (*p < end) {
		const unsigned char *before = *p, *q = *p;
		uint64_t tag;
		if (!get_varint(&q, end, &tag))
			return false;
		if ((tag & 7) == WT_EGROUP) {
			if ((int64_t)(tag >> 3) != r->num)
				return false;
			r->payload = (PcStr){(const char *)start, (size_t)(before - start)};
			*p = q;
			return true;
		}
		Rec inner;
		if (depth > 64 || !read_rec(p, end, &inner, depth + 1))
			return false;
	}
	return false;
}

static bool read_rec(const unsigned char **p, const unsigned char *end, Rec *r, int depth)
{
	uint64_t tag, len;
	if (!get_varint(p, end, &tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffff)
		return false;
	r->num = (int32_t)(tag >> 3);
	r->wt = (int)(tag & 7);
	r->v = 0;
	r->payload = (PcStr){"", 0};
	switch (r->wt) {
	case WT_VARINT:
		return get_varint(p, end, &r->v);
	case WT_I64:
	case WT_I32: {
		int n = r->wt == WT_I64 ? 8 : 4;
		if (end - *p < n)
			return false;
		for (int i = 0; i < n; i++)
			r->v |= (uint64_t)(*p)[i] << (8 * i);
		*p += n;
		return true;
	}
	case WT_LEN:
		if (!get_varint(p, end, &len) || len > (uint64_t)(end - *p))
			return false;
		r->payload = (PcStr){(const char *)*p, (size_t)len};
		*p += len;
		return true;
	case WT_SGROUP:
		return read_group(p, end, r, depth);
	default:
		return false;
	}
}

static int rec_cmp(const void *x, const void *y)
{
	const Rec *a = x, *b = y;
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* The records of a message sorted by number (stable). Bytes that do not decode end
 * the list (both sides of a broken message compare as far as they decode). */
static Rec *split(PcStr bytes, uint32_t *n, PcArena *a)
{
	const unsigned char *p = (const unsigned char *)bytes.ptr, *end = p ? p + bytes.len : p;
	PcVec v = {0};
	Rec r;
	while (p && p < end && read_rec(&p, end, &r, 0)) {
		r.seq = v.len;
		*PC_VEC_PUSH(&v, Rec, a) = r;
	}
	if (v.len > 1)
		qsort(v.items, v.len, sizeof(Rec), rec_cmp);
	*n = v.len;
	return v.items;
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

/* C escapes as text format writes them: \n \r \t \" \' \\, octal for other bytes
 * outside printable ASCII. */
static void put_quoted(Out *o, PcStr s)
{
	put(o, "\"", 1);
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		switch (c) {
		case '\n': puts_(o, "\\n"); break;
		case '\r': puts_(o, "\\r"); break;
		case '\t': puts_(o, "\\t"); break;
		case '"': puts_(o, "\\\""); break;
		case '\'': puts_(o, "\\'"); break;
		case '\\': puts_(o, "\\\\"); break;
		default:
			if (c < 0x20 || c >= 0x7f)
				putf(o, "\\%03o", c);
			else
				put(o, (const char *)&c, 1);
		}
	}
	put(o, "\"", 1);
}

/* The shortest %g form that reads back as the same value (float: as a float). */
static void put_real(Out *o, double d, bool is_float)
{
	if (isnan(d)) {
		puts_(o, "nan");
		return;
	}
	if (isinf(d)) {
		puts_(o, d < 0 ? "-inf" : "inf");
		return;
	}
	char buf[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, d);
		double back = strtod(buf, NULL);
		if (is_float ? (float)back == (float)d : back == d)
			break;
	}
	puts_(o, buf);
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
		put_real(o, f32.f, true);
		break;
	case PC_TYPE_DOUBLE:
		f64.u = v;
		put_real(o, f64.d, false);
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
static bool packed(const PcField *f, const Rec *r)
{
	return f && r->wt == WT_LEN && f->type != PC_TYPE_STRING && f->type != PC_TYPE_BYTES && !is_message(f);
}

/* The next element of a packed record's payload at *p. */
static bool packed_next(const PcField *f, const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	int size = 0;
	switch (f->type) {
	case PC_TYPE_FIXED32: case PC_TYPE_SFIXED32: case PC_TYPE_FLOAT: size = 4; break;
	case PC_TYPE_FIXED64: case PC_TYPE_SFIXED64: case PC_TYPE_DOUBLE: size = 8; break;
	default: break;
	}
	if (!size)
		return *p < end && get_varint(p, end, v);
	if (end - *p < size)
		return false;
	*v = 0;
	for (int i = 0; i < size; i++)
		*v |= (uint64_t)(*p)[i] << (8 * i);
	*p += size;
	return true;
}

/* The elements of r, each after sep (none before the first); with name, each as
 * ` name: value` (a message's fields) instead. */
static void put_elements(Out *o, const PcOptSide *side, const PcField *f, const Rec *r, const char *sep,
			 bool *first, bool name, int depth)
{
	if (packed(f, r)) {
		const unsigned char *p = (const unsigned char *)r->payload.ptr, *end = p + r->payload.len;
		uint64_t v;
		while (packed_next(f, &p, end, &v)) {
			if (name) {
				puts_(o, " ");
				put_field_name(o, f, r->num);
				puts_(o, ": ");
			} else if (!*first) {
				puts_(o, sep);
			}
			*first = false;
			put_scalar(o, f, v);
		}
		return;
	}
	bool sub = r->wt == WT_SGROUP || (is_message(f) && r->wt == WT_LEN);
	if (name) {
		puts_(o, " ");
		put_field_name(o, f, r->num);
		puts_(o, sub ? " " : ": ");
	} else if (!*first) {
		puts_(o, sep);
	}
	*first = false;
	if (sub)
		print_message(o, side, is_message(f) ? f->msg_type : NULL, r->payload, depth + 1);
	else if (r->wt == WT_LEN)
		put_quoted(o, r->payload);
	else if (f)
		put_scalar(o, f, r->v);
	else if (r->wt == WT_VARINT)
		putf(o, "%" PRIu64, r->v);
	else
		putf(o, r->wt == WT_I32 ? "0x%08" PRIx64 : "0x%016" PRIx64, r->v);
}

/* Merged bytes of a singular message's occurrences (parsing the concatenation is
 * protobuf's merge). */
static PcStr merged(const Rec *r, uint32_t n, PcArena *a)
{
	if (n == 1)
		return r[0].payload;
	PcVec v = {0};
	for (uint32_t i = 0; i < n; i++)
		pc_vec_append(&v, r[i].payload.ptr, r[i].payload.len, a);
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
	Rec *r = split(bytes, &n, o->a);
	puts_(o, "{");
	for (uint32_t i = 0; i < n;) {
		uint32_t j = i;
		while (j < n && r[j].num == r[i].num)
			j++;
		const PcField *f = field_of(side, m, r[i].num);
		bool msg = is_message(f) && (r[i].wt == WT_LEN || r[i].wt == WT_SGROUP);
		bool first = true;
		if (msg && !is_repeated(f)) {
			/* a singular message: its occurrences merge */
			Rec one = r[i];
			one.payload = merged(r + i, j - i, o->a);
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
static PcStr value_text(const PcOptSide *side, const PcField *f, const Rec *r, uint32_t n, PcArena *a)
{
	Out o = {{0}, a};
	if (!n)
		return (PcStr){"", 0};
	bool msg = is_message(f) && (r[0].wt == WT_LEN || r[0].wt == WT_SGROUP);
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

static void emit_diff(Walk *w, const PcField *of, const Rec *orr, uint32_t on, const PcField *nf, const Rec *nr,
		      uint32_t nn)
{
	PcOptDiff *d = PC_VEC_PUSH(w->out, PcOptDiff, w->a);
	d->key = (PcStr){pc_arena_strndup(w->a, w->key, w->key_len), w->key_len};
	d->top = w->top;
	size_t plen = w->key_len > w->top_len ? w->key_len - w->top_len - 1 : 0;
	d->path = (PcStr){d->key.ptr + w->key_len - plen, plen};
	d->number = w->top_number;
	d->old_set = on > 0;
	d->new_set = nn > 0;
	d->old_text = value_text(w->side[0], of, orr, on, w->a);
	d->new_text = value_text(w->side[1], nf, nr, nn, w->a);
}

static void diff_messages(Walk *w, const PcMessage *om, PcStr ob, const PcMessage *nm, PcStr nb, int depth)
{
	uint32_t on, nn;
	Rec *orr = split(ob, &on, w->a), *nr = split(nb, &nn, w->a);
	uint32_t i = 0, j = 0;
	while (i < on || j < nn) {
		int32_t num = i < on && (j >= nn || orr[i].num <= nr[j].num) ? orr[i].num : nr[j].num;
		uint32_t i2 = i, j2 = j;
		while (i2 < on && orr[i2].num == num)
			i2++;
		while (j2 < nn && nr[j2].num == num)
			j2++;
		const PcField *of = field_of(w->side[0], om, num), *nf = field_of(w->side[1], nm, num);
		size_t saved = w->key_len;
		if (depth == 0)
			w->top_number = (uint32_t)num;
		key_append(w, nf ? nf : of, num, depth == 0);
		bool both_msg = i2 > i && j2 > j && is_message(of) && is_message(nf) && !is_repeated(of) &&
				!is_repeated(nf) && orr[i].wt == nr[j].wt && (orr[i].wt == WT_LEN || orr[i].wt == WT_SGROUP);
		if (both_msg && depth < 32) {
			PcStr a = merged(orr + i, i2 - i, w->a), b = merged(nr + j, j2 - j, w->a);
			if (!pc_str_eq(a, b))
				diff_messages(w, of->msg_type, a, nf->msg_type, b, depth + 1);
		} else {
			PcStr a = value_text(w->side[0], of, orr + i, i2 - i, w->a);
			PcStr b = value_text(w->side[1], nf, nr + j, j2 - j, w->a);
			if (!pc_str_eq(a, b) || (i2 > i) != (j2 > j))
				emit_diff(w, of, orr + i, i2 - i, nf, nr + j, j2 - j);
		}
		w->key_len = saved;
		i = i2;
		j = j2;
	}
}

void pc_optvalue_diff(const PcOptSide *old_side, PcStr old_bytes, const PcOptSide *new_side, PcStr new_bytes,
		      PcVec *out, PcArena *a)
{
	if (pc_str_eq(old_bytes, new_bytes))
		return;
	Walk w = {.out = out, .a = a, .side = {old_side, new_side}};
	diff_messages(&w, old_side->type, old_bytes, new_side->type, new_bytes, 0);
}
