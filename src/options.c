/* Options are interpreted the way protoc 3.21 does it, which decides the bytes: each
 * `name = value` statement is encoded on its own as one field of the options message
 * (sub-field paths like `(foo).bar.baz` wrapped in one length-delimited record per
 * level, aggregates `{...}` encoded as their message type with fields in number
 * order), the records are appended in statement order, and the result is then "parsed
 * again" against descriptor.proto: fields the options message declares come out in
 * field-number order (message fields merged, scalars last-wins), everything else
 * (custom options, i.e. extensions) stays behind them in the order written. That
 * re-parse is `normalize`. A second normalize gives what protoc 36 writes by default
 * (PcOptions.stripped): source-retention options removed and, for editions files,
 * every field in number order as a dynamic message re-serializes it. Lookups of extension names use the resolver's scoping and
 * visibility; errors carry protoc's meaning in our wording. */
#include "options.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve_features.h"
#include "wire.h"

/* A source-info path being rewritten: the uninterpreted option's location path
 * (element ... options 999 i) becomes the interpreted one (element ... options f...). */
typedef struct PathMap {
	int32_t *src, *dst;
	uint32_t src_len, dst_len;
} PathMap;

/* The path of the element being walked, down to its options field. A walk either
 * interprets options (r set) or, replaying one done before, collects the path maps
 * of the interpreted options (r NULL, maps in tmp). */
typedef struct Walk {
	PcResolver *r;
	bool forget;            /* only empties every options list (pc_options_forget_written) */
	PcArena *tmp;
	int32_t path[160];
	uint32_t len;
	PcVec maps;             /* of PathMap */
	PcVec strips;           /* of PcIntPath: locations under these are source_only */
	PcSpan elem;            /* the element's name: where protoc reports edition support */
} Walk;

/* Option field-number paths ("1.4.2") set on one element, and every prefix of them
 * at a '.': a singular option may not be set where any recorded path equals or
 * extends its own. `uses` counts the values a repeated path got (the index source
 * info gives each). Open addressing in the scratch arena, so an element with tens of
 * thousands of options stays linear. */
typedef struct PathEntry {
	PcStr path;
	int32_t uses;
} PathEntry;

typedef struct PathTable {
	PathEntry *slots;
	uint32_t cap, len;
} PathTable;

typedef struct Ctx {
	PcResolver *r;
	PcArena *tmp;           /* everything but the final bytes: the resolver's scratch */
	PcStr scope;            /* the element's name scope, for extension names */
	PathTable paths;        /* field-number paths set so far, and their prefixes */
	PcOptKind kind;         /* which element's options */
	PcVec top_exts;         /* of PcField *: extensions set at the top level */
	int agg_depth;          /* > 0 while encoding an aggregate value */
	PcSpan agg_span;        /* the aggregate option's value: protoc reports there */
	PcSpan elem;            /* the element's name (Walk.elem) */
	PcStr agg_name;         /* the option the aggregate sets */
	bool failed;
	/* Stripping source-retention options: where normalize is (field numbers, indexes
	 * of repeated messages, from the options message down), what it removed. */
	int32_t spath[32];
	uint32_t splen;
	PcVec strip_paths;      /* of PcIntPath */
	bool stripped_any;
} Ctx;


/* ---- wire encoding ---- */

static void put(PcVec *b, const void *p, size_t n, PcArena *a)
{
	pc_vec_append(b, p, n, a);
}

void pc_options_put_varint(PcVec *b, uint64_t v, PcArena *a)
{
	unsigned char buf[10];
	size_t n = 0;
	do {
		unsigned char c = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			c |= 0x80;
		buf[n++] = c;
	} while (v);
	pc_vec_append(b, buf, n, a);
}

static void put_tag(PcVec *b, uint32_t num, int wt, PcArena *a)
{
	pc_options_put_varint(b, ((uint64_t)num << 3) | (uint64_t)wt, a);
}

static void put_len(PcVec *b, uint32_t num, const PcVec *payload, PcArena *a)
{
	put_tag(b, num, PC_WT_LEN, a);
	pc_options_put_varint(b, payload->len, a);
	put(b, payload->items, payload->len, a);
}

static void put_fixed(PcVec *b, uint64_t v, int bytes, PcArena *a)
{
	unsigned char buf[8];
	for (int i = 0; i < bytes; i++)
		buf[i] = (unsigned char)((v >> (8 * i)) & 0xff);
	pc_vec_append(b, buf, (size_t)bytes, a);
}

/* Wraps a message payload as field fd: length-delimited, or start/end group. */
static void put_message(PcVec *b, const PcField *fd, const PcVec *payload, PcArena *a)
{
	if (fd->type == PC_TYPE_GROUP) {
		put_tag(b, (uint32_t)fd->number, PC_WT_SGROUP, a);
		put(b, payload->items, payload->len, a);
		put_tag(b, (uint32_t)fd->number, PC_WT_EGROUP, a);
	} else {
		put_len(b, (uint32_t)fd->number, payload, a);
	}
}

/* ---- wire decoding ---- */

bool pc_options_get_varint(const PcOptions *o, uint32_t number, uint64_t *out)
{
	const char *p = o->encoded.ptr, *end = p ? p + o->encoded.len : p;
	bool found = false;
	PcWireRec r;
	while (p && p < end && pc_wire_next(&p, end, &r))
		if (r.num == number && r.wt == PC_WT_VARINT) {
			*out = r.v;
			found = true;
		}
	return found;
}

/* ---- known options ---- */

static void decode_features(PcFeatures *ft, uint8_t *unknown, const char *p, const char *end)
{
	PcWireRec r;
	while (p < end && pc_wire_next(&p, end, &r)) {
		if (r.wt != PC_WT_VARINT)
			continue;
		uint8_t v = (uint8_t)r.v;
		if (v == 0 && r.num >= 1 && r.num <= 9 && !*unknown)
			*unknown = (uint8_t)r.num;
		switch (r.num) {
		case 1: ft->field_presence = v; break;
		case 2: ft->enum_type = v; break;
		case 3: ft->repeated_field_encoding = v; break;
		case 4: ft->utf8_validation = v; break;
		case 5: ft->message_encoding = v; break;
		case 6: ft->json_format = v; break;
		case 7: ft->enforce_naming_style = v; break;
		case 8: ft->default_symbol_visibility = v; break;
		default: break;
		}
	}
}

void pc_options_decode_known(PcOptions *o, PcOptKind kind)
{
	uint32_t deprecated = 0, features = 0;
	switch (kind) {
	case PC_OPT_FILE: deprecated = 23; features = 50; break;
	case PC_OPT_MESSAGE: deprecated = 3; features = 12; break;
	case PC_OPT_FIELD: deprecated = 3; features = 21; break;
	case PC_OPT_ONEOF: features = 1; break;
	case PC_OPT_ENUM: deprecated = 3; features = 7; break;
	case PC_OPT_ENUM_VALUE: deprecated = 1; features = 2; break;
	case PC_OPT_SERVICE: deprecated = 33; features = 34; break;
	case PC_OPT_METHOD: deprecated = 33; features = 35; break;
	case PC_OPT_EXT_RANGE: features = 50; break;
	}
	o->deprecated = o->has_packed = o->packed = o->has_lazy = o->lazy = false;
	o->ctype = o->jstype = -1;
	memset(&o->explicit_features, 0, sizeof o->explicit_features);
	o->unknown_feature = 0;
	const char *p = o->encoded.ptr, *end = p ? p + o->encoded.len : p;
	PcWireRec r;
	while (p && p < end && pc_wire_next(&p, end, &r)) {
		if (r.num == features && r.wt == PC_WT_LEN) {
			decode_features(&o->explicit_features, &o->unknown_feature, r.pstart, r.pend);
			continue;
		}
		if (r.wt != PC_WT_VARINT)
			continue;
		if (r.num == deprecated)
			o->deprecated = r.v != 0;
		if (kind != PC_OPT_FIELD)
			continue;
		switch (r.num) {
		case 1: o->ctype = (int)r.v; break;
		case 2: o->has_packed = true; o->packed = r.v != 0; break;
		case 5: o->has_lazy = true; o->lazy = r.v != 0; break;
		case 6: o->jstype = (int)r.v; break;
		default: break;
		}
	}
}

/* ---- helpers ---- */

static char *cstr(Ctx *c, PcStr s)
{
	return pc_arena_strndup(c->tmp, s.ptr, s.len);
}

static PcField *field_by_name(PcMessage *m, PcStr name)
{
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		if (pc_str_eq(fd->name, name))
			return fd;
	}
	return NULL;
}

static PcField *field_by_number(PcMessage *m, uint32_t num)
{
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		if ((uint32_t)fd->number == num)
			return fd;
	}
	return NULL;
}

/* features.repeated_field_encoding set on an element itself (1 PACKED, 2 EXPANDED),
 * 0 when not set; read from the statements when not interpreted yet. */
static int explicit_encoding(const PcOptions *o)
{
	if (o->encoded.ptr)
		return o->explicit_features.repeated_field_encoding;
	int enc = 0;
	for (uint32_t i = 0; i < o->list.len; i++) {
		const PcOption *op = &PC_VEC_AT(o->list, PcOption, i);
		if (op->parts.len == 2 && pc_str_eq_c(PC_VEC_AT(op->parts, PcOptionNamePart, 0).name, "features") &&
		    pc_str_eq_c(PC_VEC_AT(op->parts, PcOptionNamePart, 1).name, "repeated_field_encoding") &&
		    op->value.kind == PC_VAL_IDENT)
			enc = pc_str_eq_c(op->value.s, "PACKED") ? 1 : pc_str_eq_c(op->value.s, "EXPANDED") ? 2 : enc;
	}
	return enc;
}

/* Whether a repeated field is packed on the wire, read from what is known so far
 * (an option type's file is interpreted before the files that use it). */
static bool is_packed(const PcField *fd)
{
	if (fd->label != PC_LABEL_REPEATED || !pc_features_packable(fd->type))
		return false;
	if (fd->opts.has_packed)
		return fd->opts.packed;
	for (uint32_t i = 0; i < fd->opts.list.len; i++) {
		const PcOption *o = &PC_VEC_AT(fd->opts.list, PcOption, i);
		if (o->parts.len == 1 && pc_str_eq_c(PC_VEC_AT(o->parts, PcOptionNamePart, 0).name, "packed"))
			return o->value.kind == PC_VAL_IDENT && pc_str_eq_c(o->value.s, "true");
	}
	if (fd->features.repeated_field_encoding)
		return fd->features.repeated_field_encoding == 1;
	if (fd->file && fd->file->syntax == PC_SYNTAX_EDITIONS) {
		/* Features not resolved yet (the file being interpreted): the nearest
		 * explicit repeated_field_encoding, else the editions' default, PACKED. */
		int enc = explicit_encoding(&fd->opts);
		for (const PcMessage *m = fd->parent; !enc && m; m = m->parent)
			enc = explicit_encoding(&m->opts);
		if (!enc)
			enc = explicit_encoding(&fd->file->opts);
		return enc != 2;
	}
	return fd->file && fd->file->syntax == PC_SYNTAX_PROTO3;
}

static const char *type_word(PcType t)
{
	switch (t) {
	case PC_TYPE_DOUBLE: return "double";
	case PC_TYPE_FLOAT: return "float";
	case PC_TYPE_INT64: return "int64";
	case PC_TYPE_UINT64: return "uint64";
	case PC_TYPE_INT32: return "int32";
	case PC_TYPE_FIXED64: return "uint64";
	case PC_TYPE_FIXED32: return "uint32";
	case PC_TYPE_BOOL: return "boolean";
	case PC_TYPE_STRING: return "string";
	case PC_TYPE_GROUP: return "group";
	case PC_TYPE_MESSAGE: return "message";
	case PC_TYPE_BYTES: return "string"; /* protoc names the C++ type */
	case PC_TYPE_UINT32: return "uint32";
	case PC_TYPE_ENUM: return "enum";
	case PC_TYPE_SFIXED32: return "int32";
	case PC_TYPE_SFIXED64: return "int64";
	case PC_TYPE_SINT32: return "int32";
	case PC_TYPE_SINT64: return "int64";
	case PC_TYPE_NONE: return "unknown";
	}
	return "unknown";
}

/* An error about an option; inside an aggregate it goes, as in protoc, to the
 * option's value as a whole, naming the option. */
static void opt_error(Ctx *c, PcSpan sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void opt_error(Ctx *c, PcSpan sp, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->failed = true;
	if (c->agg_depth > 0)
		pc_resolve_error(c->r, c->agg_span, "error while parsing option value for \"%.*s\": %s",
				 (int)c->agg_name.len, c->agg_name.ptr, buf);
	else
		pc_resolve_error(c->r, sp, "%s", buf);
}

static bool value_error(Ctx *c, const PcValue *v, const char *fmt, const PcField *fd)
{
	char buf[512];
	snprintf(buf, sizeof buf, fmt, type_word(fd->type), cstr(c, fd->full_name));
	opt_error(c, v->span, "%s", buf);
	return false;
}

/* ---- scalar values ---- */

static bool ident_is(const PcValue *v, const char *s)
{
	return v->kind == PC_VAL_IDENT && pc_str_eq_c(v->s, s);
}

static bool ident_ci(PcStr s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.len != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((s.ptr[i] | 0x20) != lit[i])
			return false;
	return true;
}

/* Integer value of v as sign + magnitude; false when v is not an integer. */
static bool int_of(const PcValue *v, bool *neg, uint64_t *mag)
{
	if (v->kind == PC_VAL_UINT) {
		*neg = v->negative && v->u != 0;
		*mag = v->u;
		return true;
	}
	if (v->kind == PC_VAL_NEG_INT) {
		*neg = v->i != 0;
		*mag = v->i == 0 ? 0 : (uint64_t)(-(v->i + 1)) + 1;
		return true;
	}
	return false;
}

static bool double_of(const PcValue *v, bool text, bool editions, double *out)
{
	bool neg;
	uint64_t mag;
	if (v->kind == PC_VAL_DOUBLE) {
		*out = v->negative && !signbit(v->d) ? -v->d : v->d;
		if (!text && editions && isnan(v->d))
			*out = NAN;
		return true;
	}
	if (int_of(v, &neg, &mag)) {
		*out = neg ? -(double)mag : (double)mag;
		return true;
	}
	/* protoc 36 (the editions reference; 3.21 refuses them) takes the identifiers inf
	 * and nan, exactly, for a double or float option, a '-' before nan making no
	 * difference; text format takes any case, and infinity. */
	if (!text && editions && v->kind == PC_VAL_IDENT && (pc_str_eq_c(v->s, "inf") || pc_str_eq_c(v->s, "nan"))) {
		*out = v->s.ptr[0] == 'n' ? NAN : v->negative ? -INFINITY : INFINITY;
		return true;
	}
	if (text && v->kind == PC_VAL_IDENT) {
		if (ident_ci(v->s, "inf") || ident_ci(v->s, "infinity")) {
			*out = v->negative ? -INFINITY : INFINITY;
			return true;
		}
		if (ident_ci(v->s, "nan")) {
			*out = NAN;
			return true;
		}
	}
	return false;
}

static PcEnumValue *enum_value_by_name(PcEnum *e, PcStr name)
{
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		if (pc_str_eq(v->name, name))
			return v;
	}
	return NULL;
}

static bool encode_aggregate(Ctx *c, PcMessage *m, const PcValue *v, PcVec *out);

/* Encodes one value of field fd (tag included, never packed) into out. `text` selects
 * the text-format rules of aggregates over those of option statements. */
static bool encode_value(Ctx *c, const PcField *fd, const PcValue *v, bool text, PcVec *out)
{
	PcArena *a = c->tmp;
	uint32_t num = (uint32_t)fd->number;
	bool neg;
	uint64_t mag;
	double d;
	switch (fd->type) {
	case PC_TYPE_INT32:
	case PC_TYPE_SINT32:
	case PC_TYPE_SFIXED32:
	case PC_TYPE_INT64:
	case PC_TYPE_SINT64:
	case PC_TYPE_SFIXED64: {
		bool is32 = fd->type == PC_TYPE_INT32 || fd->type == PC_TYPE_SINT32 || fd->type == PC_TYPE_SFIXED32;
		if (!int_of(v, &neg, &mag))
			return value_error(c, v, "value must be integer for %s option \"%s\"", fd);
		uint64_t lim = is32 ? (neg ? 2147483648u : 2147483647u)
				    : (neg ? 9223372036854775808u : 9223372036854775807u);
		if (mag > lim)
			return value_error(c, v, "value out of range for %s option \"%s\"", fd);
		int64_t x = neg ? (int64_t)(0 - mag) : (int64_t)mag;
		if (fd->type == PC_TYPE_SINT32 || fd->type == PC_TYPE_SINT64) {
			put_tag(out, num, PC_WT_VARINT, a);
			pc_options_put_varint(out, ((uint64_t)x << 1) ^ (uint64_t)(x >> 63), a);
		} else if (fd->type == PC_TYPE_SFIXED32) {
			put_tag(out, num, PC_WT_I32, a);
			put_fixed(out, (uint64_t)x, 4, a);
		} else if (fd->type == PC_TYPE_SFIXED64) {
			put_tag(out, num, PC_WT_I64, a);
			put_fixed(out, (uint64_t)x, 8, a);
		} else {
			put_tag(out, num, PC_WT_VARINT, a);
			pc_options_put_varint(out, (uint64_t)x, a);
		}
		return true;
	}
	case PC_TYPE_UINT32:
	case PC_TYPE_FIXED32:
	case PC_TYPE_UINT64:
	case PC_TYPE_FIXED64: {
		bool is32 = fd->type == PC_TYPE_UINT32 || fd->type == PC_TYPE_FIXED32;
		if (!int_of(v, &neg, &mag) || neg)
			return value_error(c, v, "value must be non-negative integer for %s option \"%s\"", fd);
		if (is32 && mag > 4294967295u)
			return value_error(c, v, "value out of range for %s option \"%s\"", fd);
		if (fd->type == PC_TYPE_FIXED32) {
			put_tag(out, num, PC_WT_I32, a);
			put_fixed(out, mag, 4, a);
		} else if (fd->type == PC_TYPE_FIXED64) {
			put_tag(out, num, PC_WT_I64, a);
			put_fixed(out, mag, 8, a);
		} else {
			put_tag(out, num, PC_WT_VARINT, a);
			pc_options_put_varint(out, mag, a);
		}
		return true;
	}
	case PC_TYPE_DOUBLE:
	case PC_TYPE_FLOAT:
		if (!double_of(v, text, c->r->file->syntax == PC_SYNTAX_EDITIONS, &d))
			return value_error(c, v, "value must be number for %s option \"%s\"", fd);
		if (fd->type == PC_TYPE_DOUBLE) {
			uint64_t bits;
			memcpy(&bits, &d, 8);
			put_tag(out, num, PC_WT_I64, a);
			put_fixed(out, bits, 8, a);
		} else {
			float f = (float)d;
			uint32_t bits;
			memcpy(&bits, &f, 4);
			put_tag(out, num, PC_WT_I32, a);
			put_fixed(out, bits, 4, a);
		}
		return true;
	case PC_TYPE_BOOL: {
		int b = -1;
		if (ident_is(v, "true") || (text && (ident_is(v, "True") || ident_is(v, "t"))))
			b = 1;
		else if (ident_is(v, "false") || (text && (ident_is(v, "False") || ident_is(v, "f"))))
			b = 0;
		else if (text && int_of(v, &neg, &mag) && !neg && mag <= 1)
			b = (int)mag;
		if (b < 0 && !text && v->kind != PC_VAL_IDENT)
			return value_error(c, v, "value must be identifier for %s option \"%s\"", fd);
		if (b < 0)
			return value_error(c, v, "value must be \"true\" or \"false\" for %s option \"%s\"", fd);
		put_tag(out, num, PC_WT_VARINT, a);
		pc_options_put_varint(out, (uint64_t)b, a);
		return true;
	}
	case PC_TYPE_STRING:
	case PC_TYPE_BYTES:
		if (v->kind != PC_VAL_STRING)
			return value_error(c, v, "value must be quoted string for %s option \"%s\"", fd);
		put_tag(out, num, PC_WT_LEN, a);
		pc_options_put_varint(out, v->s.len, a);
		put(out, v->s.ptr, v->s.len, a);
		return true;
	case PC_TYPE_ENUM: {
		int64_t x;
		if (v->kind == PC_VAL_IDENT) {
			PcEnumValue *ev = fd->enum_type ? enum_value_by_name(fd->enum_type, v->s) : NULL;
			if (!ev) {
				opt_error(c, v->span, "enum type \"%s\" has no value named \"%s\" for option \"%s\"",
						 fd->enum_type ? cstr(c, fd->enum_type->full_name) : "?", cstr(c, v->s),
						 cstr(c, fd->full_name));
				c->failed = true;
				return false;
			}
			x = ev->number;
		} else if (text && int_of(v, &neg, &mag) && mag <= (neg ? 2147483648u : 2147483647u)) {
			x = neg ? -(int64_t)mag : (int64_t)mag;
		} else {
			return value_error(c, v, "value must be identifier for %s-valued option \"%s\"", fd);
		}
		put_tag(out, num, PC_WT_VARINT, a);
		pc_options_put_varint(out, (uint64_t)x, a);
		return true;
	}
	case PC_TYPE_MESSAGE:
	case PC_TYPE_GROUP: {
		if (v->kind != PC_VAL_AGGREGATE) {
			opt_error(c, v->span,
					 "option \"%s\" is a message; set the whole message with \"%s = { ... }\" "
					 "(text format) or one of its fields with \"%s.field = value\"",
					 cstr(c, fd->full_name), cstr(c, fd->name), cstr(c, fd->name));
			c->failed = true;
			return false;
		}
		if (!fd->msg_type)
			return false;
		PcVec payload = {0};
		if (!encode_aggregate(c, fd->msg_type, v, &payload))
			return false;
		put_message(out, fd, &payload, a);
		return true;
	}
	case PC_TYPE_NONE:
		return false;
	}
	return false;
}

/* ---- aggregates (text format) ---- */

typedef struct Item {
	const PcField *fd;
	PcVec bytes;
	uint32_t seq;
} Item;

static int cmp_items(const void *x, const void *y)
{
	const Item *a = x, *b = y;
	if (a->fd->number != b->fd->number)
		return a->fd->number < b->fd->number ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* An extension named in an aggregate ([pkg.ext]) or an option name ((pkg.ext)). */
static PcField *find_extension(Ctx *c, PcStr name, PcMessage *extendee, PcSpan sp, const char *shown)
{
	void *elem;
	PcSymKind k = pc_resolve_lookup(c->r, name, c->scope, false, &elem);
	if (k == PC_SYM_NONE) {
		opt_error(c, sp, "option \"%s\" unknown; make sure the file that defines it is imported (%s)",
				 shown, pc_resolve_not_found(c->r, name));
		c->failed = true;
		return NULL;
	}
	if (k != PC_SYM_EXTENSION) {
		opt_error(c, sp, "\"%s\" is not an extension", shown);
		c->failed = true;
		return NULL;
	}
	PcField *fd = elem;
	if (pc_field_x(fd)->extendee_msg != extendee) {
		opt_error(c, sp, "option field \"%s\" is not a field or extension of message \"%s\"", shown,
			  cstr(c, extendee->name));
		c->failed = true;
		return NULL;
	}
	return fd;
}

static bool encode_any(Ctx *c, PcMessage *any, const PcAggField *af, Item *it)
{
	PcArena *a = c->tmp;
	PcStr url = af->name;
	size_t slash = url.len;
	while (slash > 0 && url.ptr[slash - 1] != '/')
		slash--;
	PcStr tname = pc_str_sub(url, slash, url.len - slash);
	void *elem;
	PcSymKind k = pc_resolve_find_any(c->r, tname, &elem);
	if (k != PC_SYM_MESSAGE) {
		opt_error(c, af->name_span, "could not find type \"%s\" for the Any value", cstr(c, tname));
		c->failed = true;
		return false;
	}
	PcField *type_url = field_by_number(any, 1), *value = field_by_number(any, 2);
	if (!type_url || !value)
		return false;
	PcVec payload = {0};
	if (!encode_aggregate(c, elem, &af->value, &payload))
		return false;
	put_tag(&it->bytes, 1, PC_WT_LEN, a);
	pc_options_put_varint(&it->bytes, url.len, a);
	put(&it->bytes, url.ptr, url.len, a);
	put_len(&it->bytes, 2, &payload, a);
	return true;
}

static bool encode_fields(Ctx *c, PcMessage *m, const PcValue *v, PcVec *out);

static bool encode_aggregate(Ctx *c, PcMessage *m, const PcValue *v, PcVec *out)
{
	if (c->agg_depth == 0)
		c->agg_span = v->span;
	c->agg_depth++;
	bool ok = encode_fields(c, m, v, out);
	c->agg_depth--;
	return ok;
}

static bool encode_fields(Ctx *c, PcMessage *m, const PcValue *v, PcVec *out)
{
	PcArena *a = c->tmp;
	PcVec items = {0};
	uint32_t seq = 0;
	for (uint32_t i = 0; i < v->fields.len; i++) {
		const PcAggField *af = &PC_VEC_AT(v->fields, PcAggField, i);
		if (af->is_any) {
			Item *it = PC_VEC_PUSH(&items, Item, a);
			it->fd = field_by_number(m, 1);
			it->seq = seq++;
			if (!it->fd || !encode_any(c, m, af, it))
				return false;
			continue;
		}
		const PcField *fd;
		if (af->is_extension) {
			char shown[300];
			snprintf(shown, sizeof shown, "[%.*s]", (int)af->name.len, af->name.ptr);
			fd = find_extension(c, af->name, m, af->name_span, shown);
			if (!fd)
				return false;
		} else {
			fd = field_by_name(m, af->name);
			/* Text format also names a group field by its type's name. */
			for (uint32_t j = 0; !fd && j < m->fields.len; j++) {
				PcField *g = PC_VEC_AT(m->fields, PcField *, j);
				if (g->type == PC_TYPE_GROUP && g->msg_type && pc_str_eq(g->msg_type->name, af->name))
					fd = g;
			}
			if (!fd) {
				opt_error(c, af->name_span, "message type \"%s\" has no field named \"%s\"",
						 cstr(c, m->full_name), cstr(c, af->name));
				c->failed = true;
				return false;
			}
		}
		const PcValue *vals = &af->value;
		uint32_t nvals = 1;
		if (af->value.kind == PC_VAL_LIST) {
			if (fd->label != PC_LABEL_REPEATED) {
				opt_error(c, af->value.span, "non-repeated field \"%s\" is given a list of values",
						 cstr(c, fd->name));
				c->failed = true;
				return false;
			}
			vals = af->value.items.items;
			nvals = af->value.items.len;
		}
		for (uint32_t j = 0; j < nvals; j++) {
			Item *it = PC_VEC_PUSH(&items, Item, a);
			it->fd = fd;
			it->seq = seq++;
			if (!encode_value(c, fd, &vals[j], true, &it->bytes))
				return false;
		}
	}
	if (items.len > 1)
		qsort(items.items, items.len, sizeof(Item), cmp_items);
	for (uint32_t i = 0; i < items.len; i++) {
		Item *it = &PC_VEC_AT(items, Item, i);
		if (i > 0 && PC_VEC_AT(items, Item, i - 1).fd == it->fd && it->fd->label != PC_LABEL_REPEATED) {
			opt_error(c, v->span, "non-repeated field \"%s\" is specified multiple times",
					 cstr(c, it->fd->name));
			c->failed = true;
			return false;
		}
	}
	for (uint32_t i = 0; i < items.len;) {
		Item *it = &PC_VEC_AT(items, Item, i);
		uint32_t j = i + 1;
		while (j < items.len && PC_VEC_AT(items, Item, j).fd == it->fd)
			j++;
		if (is_packed(it->fd)) {
			/* Packed: the values without their tags, in one record. */
			PcVec payload = {0};
			for (uint32_t k = i; k < j; k++) {
				Item *x = &PC_VEC_AT(items, Item, k);
				const char *p = x->bytes.items, *end = p + x->bytes.len;
				uint64_t tag;
				pc_wire_varint(&p, end, &tag);
				put(&payload, p, (size_t)(end - p), a);
			}
			put_len(out, (uint32_t)it->fd->number, &payload, a);
		} else {
			for (uint32_t k = i; k < j; k++)
				put(out, PC_VEC_AT(items, Item, k).bytes.items, PC_VEC_AT(items, Item, k).bytes.len, a);
		}
		i = j;
	}
	return true;
}

/* ---- the re-parse against descriptor.proto ---- */

/* How normalize rewrites one options message. Retained bytes (protoc's CopyTo,
 * `--retain_options`) keep custom options behind the declared fields in the order
 * written; stripped bytes are what protoc 36 writes by default: the file goes through
 * a dynamic message of descriptor.proto (every field known, extensions too, so all in
 * number order, repeated scalars packed or expanded as the field is encoded, repeated
 * messages rewritten as well), and fields with retention = RETENTION_SOURCE are
 * cleared, their paths recorded for the source info. */
typedef struct Norm {
	int legacy_kind;     /* >= 0 at the top level: only the fields protoc 3.21 declares */
	const PcVec *exts;   /* top level: the extensions set there (PcField *) */
	bool canonical;
	bool strip;
} Norm;

static void normalize(Ctx *c, PcMessage *m, const char *data, size_t len, PcVec *out, const Norm *n);

/* Whether protoc 3.21's own descriptor.proto declares field num of an options message:
 * only those fields are "known" to its re-parse; newer ones (features, retention,
 * targets, edition_defaults, ...) stay unknown and keep their written order. */
static bool known_in_protoc_321(PcOptKind kind, uint32_t num)
{
	static const uint32_t file[] = {1, 8, 9, 10, 11, 16, 17, 18, 20, 23, 27, 31, 36, 37, 39, 40, 41, 42, 44, 45, 999};
	static const uint32_t message[] = {1, 2, 3, 7, 999};
	static const uint32_t field[] = {1, 2, 3, 5, 6, 10, 15, 999};
	static const uint32_t enum_[] = {2, 3, 999};
	static const uint32_t value[] = {1, 999};
	static const uint32_t service[] = {33, 999};
	static const uint32_t method[] = {33, 34, 999};
	static const uint32_t other[] = {999};
	const uint32_t *t = other;
	size_t n = 1;
	switch (kind) {
	case PC_OPT_FILE: t = file; n = sizeof file / sizeof *file; break;
	case PC_OPT_MESSAGE: t = message; n = sizeof message / sizeof *message; break;
	case PC_OPT_FIELD: t = field; n = sizeof field / sizeof *field; break;
	case PC_OPT_ENUM: t = enum_; n = sizeof enum_ / sizeof *enum_; break;
	case PC_OPT_ENUM_VALUE: t = value; n = sizeof value / sizeof *value; break;
	case PC_OPT_SERVICE: t = service; n = sizeof service / sizeof *service; break;
	case PC_OPT_METHOD: t = method; n = sizeof method / sizeof *method; break;
	case PC_OPT_ONEOF:
	case PC_OPT_EXT_RANGE:
		break;
	}
	for (size_t i = 0; i < n; i++)
		if (t[i] == num)
			return true;
	return false;
}

/* Whether options set a field of the options message that protoc 3.21 does not know
 * (features, retention, targets, ...): no 3.21 compiles such a file, so protoc 36 is
 * the reference for it, as it is for editions files. */
static bool beyond_protoc_321(PcMessage *type, PcOptKind kind, const char *data, size_t len)
{
	const char *p = data, *end = data ? data + len : data;
	PcWireRec r;
	while (p < end && pc_wire_next(&p, end, &r))
		if (!known_in_protoc_321(kind, r.num) && field_by_number(type, r.num))
			return true;
	return false;
}

static bool retention_source(const PcField *fd)
{
	uint64_t v;
	if (fd->opts.encoded.len && pc_options_get_varint(&fd->opts, 17, &v))
		return v == 2;
	/* Not interpreted yet (declared further down the file being interpreted). */
	for (uint32_t i = 0; i < fd->opts.list.len; i++) {
		const PcOption *o = &PC_VEC_AT(fd->opts.list, PcOption, i);
		if (o->parts.len == 1 && pc_str_eq_c(PC_VEC_AT(o->parts, PcOptionNamePart, 0).name, "retention"))
			return o->value.kind == PC_VAL_IDENT && pc_str_eq_c(o->value.s, "RETENTION_SOURCE");
	}
	return false;
}

static void strip_record(Ctx *c, int32_t number)
{
	c->stripped_any = true;
	if (c->splen >= sizeof c->spath / sizeof c->spath[0])
		return;
	PcIntPath *p = PC_VEC_PUSH(&c->strip_paths, PcIntPath, c->tmp);
	p->len = c->splen + 1;
	p->v = PC_NEW_ARRAY(c->tmp, int32_t, p->len);
	memcpy(p->v, c->spath, c->splen * sizeof(int32_t));
	p->v[c->splen] = number;
}

static void spath_push(Ctx *c, int32_t v)
{
	if (c->splen < sizeof c->spath / sizeof c->spath[0])
		c->spath[c->splen] = v;
	c->splen++;
}

static bool is_fixed(PcType t, int *bytes)
{
	switch (t) {
	case PC_TYPE_DOUBLE:
	case PC_TYPE_FIXED64:
	case PC_TYPE_SFIXED64:
		*bytes = 8;
		return true;
	case PC_TYPE_FLOAT:
	case PC_TYPE_FIXED32:
	case PC_TYPE_SFIXED32:
		*bytes = 4;
		return true;
	case PC_TYPE_INT64:
	case PC_TYPE_UINT64:
	case PC_TYPE_INT32:
	case PC_TYPE_BOOL:
	case PC_TYPE_UINT32:
	case PC_TYPE_ENUM:
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
	case PC_TYPE_STRING:
	case PC_TYPE_BYTES:
	case PC_TYPE_MESSAGE:
	case PC_TYPE_GROUP:
	case PC_TYPE_NONE:
		break;
	}
	return false;
}

/* A repeated scalar as a parsed message serializes it: all the values (from packed
 * and unpacked records alike) in one packed record, or one record each. */
static void emit_repacked(Ctx *c, const PcField *fd, const PcWireRec *recs, uint32_t n, PcVec *out)
{
	PcArena *a = c->tmp;
	PcVec vals = {0};
	for (uint32_t i = 0; i < n; i++)
		put(&vals, recs[i].pstart, (size_t)(recs[i].pend - recs[i].pstart), a);
	if (is_packed(fd)) {
		put_len(out, (uint32_t)fd->number, &vals, a);
		return;
	}
	int width = 0;
	bool fixed = is_fixed(fd->type, &width);
	const char *p = vals.items, *end = p + vals.len;
	while (p < end) {
		const char *q = p;
		uint64_t v;
		if (fixed) {
			if (end - p < width)
				return;
			q += width;
		} else if (!pc_wire_varint(&q, end, &v)) {
			return;
		}
		put_tag(out, (uint32_t)fd->number, fixed ? (width == 8 ? PC_WT_I64 : PC_WT_I32) : PC_WT_VARINT, a);
		put(out, p, (size_t)(q - p), a);
		p = q;
	}
}

static void emit_merged(Ctx *c, PcField *fd, const PcWireRec *recs, uint32_t n, PcVec *out, const Norm *nested)
{
	PcArena *a = c->tmp;
	PcVec joined = {0}, payload = {0};
	for (uint32_t i = 0; i < n; i++)
		put(&joined, recs[i].pstart, (size_t)(recs[i].pend - recs[i].pstart), a);
	normalize(c, fd->msg_type, joined.items, joined.len, &payload, nested);
	put_message(out, fd, &payload, a);
}

static void emit_field(Ctx *c, PcField *fd, const PcWireRec *ms, uint32_t n, PcVec *out, const Norm *nm)
{
	PcArena *a = c->tmp;
	Norm nested = {.legacy_kind = -1, .canonical = nm->canonical, .strip = nm->strip};
	bool is_msg = (fd->type == PC_TYPE_MESSAGE || fd->type == PC_TYPE_GROUP) && fd->msg_type;
	if (fd->label != PC_LABEL_REPEATED) {
		if (is_msg) {
			emit_merged(c, fd, ms, n, out, &nested);
		} else {
			const PcWireRec *last = &ms[n - 1];
			put(out, last->start, (size_t)(last->end - last->start), a);
		}
	} else if (nm->canonical && pc_features_packable(fd->type)) {
		emit_repacked(c, fd, ms, n, out);
	} else if ((nm->canonical || nm->strip) && is_msg) {
		for (uint32_t j = 0; j < n; j++) {
			spath_push(c, (int32_t)j);
			emit_merged(c, fd, &ms[j], 1, out, &nested);
			c->splen--;
		}
	} else {
		for (uint32_t j = 0; j < n; j++)
			put(out, ms[j].start, (size_t)(ms[j].end - ms[j].start), a);
	}
}

/* normalize's sort keys: a record or a field by number, then by where it came from. */
typedef struct NormKey {
	uint32_t num, seq;
	PcField *fd;
} NormKey;

static int norm_key_cmp(const void *a, const void *b)
{
	const NormKey *x = a, *y = b;
	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The first field of a number in keys sorted by number (NULL: none). */
static PcField *norm_find(const NormKey *keys, uint32_t n, uint32_t num)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (keys[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && keys[lo].num == num ? keys[lo].fd : NULL;
}

/* Sorts keys by (number, seq) and keeps the first of each number; returns the count. */
static uint32_t norm_unique(NormKey *keys, uint32_t n)
{
	if (n > 1)
		qsort(keys, n, sizeof *keys, norm_key_cmp);
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!k || keys[k - 1].num != keys[i].num)
			keys[k++] = keys[i];
	return k;
}

/* Rewrites data as protoc would parse and serialize it: the fields known to the
 * message in number order (repeated ones in order, singular messages merged,
 * singular scalars last-wins), unknown fields after them in order. See Norm.
 * Sorting, not nested loops: an options message may set 20,000 custom options (the
 * `options` shape of src/bench/gen_synthetic.py). */
static void normalize(Ctx *c, PcMessage *m, const char *data, size_t len, PcVec *out, const Norm *nm)
{
	PcArena *a = c->tmp;
	PcVec recs = {0};
	const char *p = data, *end = data ? data + len : data;
	PcWireRec r;
	while (p < end && pc_wire_next(&p, end, &r))
		*PC_VEC_PUSH(&recs, PcWireRec, a) = r;
	PcWireRec *rs = recs.items;
	/* The fields known to the re-parse, in number order: the message's (those protoc
	 * 3.21 declares, at its top level), then, canonically, the extensions set here
	 * whose number no field has (the first of a number wins). */
	uint32_t nexts = nm->exts ? nm->exts->len : 0;
	NormKey *known = pc_arena_alloc(a, sizeof *known * (m->fields.len + nexts + 1));
	uint32_t nknown = 0;
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		if (nm->legacy_kind >= 0 && !known_in_protoc_321((PcOptKind)nm->legacy_kind, (uint32_t)fd->number))
			continue;
		known[nknown] = (NormKey){(uint32_t)fd->number, nknown, fd};
		nknown++;
	}
	for (uint32_t i = 0; nm->canonical && i < nexts; i++) {
		PcField *x = PC_VEC_AT(*nm->exts, PcField *, i);
		known[nknown] = (NormKey){(uint32_t)x->number, nknown, x};
		nknown++;
	}
	nknown = norm_unique(known, nknown);
	/* The extensions by number, for stripping records no known field takes. */
	NormKey *exts = NULL;
	uint32_t nx = 0;
	if (nm->strip && nexts) {
		exts = pc_arena_alloc(a, sizeof *exts * nexts);
		for (uint32_t i = 0; i < nexts; i++) {
			PcField *x = PC_VEC_AT(*nm->exts, PcField *, i);
			exts[nx++] = (NormKey){(uint32_t)x->number, i, x};
		}
		nx = norm_unique(exts, nx);
	}
	/* The records by (number, position): each known field's run, in written order. */
	NormKey *byn = pc_arena_alloc(a, sizeof *byn * (recs.len + 1));
	for (uint32_t j = 0; j < recs.len; j++)
		byn[j] = (NormKey){rs[j].num, j, NULL};
	if (recs.len > 1)
		qsort(byn, recs.len, sizeof *byn, norm_key_cmp);
	bool *taken = pc_arena_zalloc(a, recs.len + 1);
	PcWireRec *mine = pc_arena_alloc(a, sizeof *mine * (recs.len + 1));
	uint32_t at = 0;
	for (uint32_t i = 0; i < nknown; i++) {
		PcField *fd = known[i].fd;
		while (at < recs.len && byn[at].num < known[i].num)
			at++;
		uint32_t nmine = 0;
		for (; at < recs.len && byn[at].num == known[i].num; at++) {
			taken[byn[at].seq] = true;
			mine[nmine++] = rs[byn[at].seq];
		}
		if (!nmine)
			continue;
		if (nm->strip && retention_source(fd)) {
			strip_record(c, fd->number);
			continue;
		}
		spath_push(c, fd->number);
		emit_field(c, fd, mine, nmine, out, nm);
		c->splen--;
	}
	for (uint32_t j = 0; j < recs.len; j++) {
		if (taken[j])
			continue;
		const PcField *x = exts ? norm_find(exts, nx, rs[j].num) : NULL;
		if (x && retention_source(x)) {
			strip_record(c, x->number);
			continue;
		}
		put(out, rs[j].start, (size_t)(rs[j].end - rs[j].start), a);
	}
}

/* ---- option statements ---- */

static PcStr option_display(Ctx *c, const PcOption *o)
{
	PcVec b = {0};
	PcArena *a = c->tmp;
	for (uint32_t i = 0; i < o->parts.len; i++) {
		const PcOptionNamePart *part = &PC_VEC_AT(o->parts, PcOptionNamePart, i);
		if (i)
			put(&b, ".", 1, a);
		if (part->is_extension)
			put(&b, "(", 1, a);
		put(&b, part->name.ptr, part->name.len, a);
		if (part->is_extension)
			put(&b, ")", 1, a);
	}
	*PC_VEC_PUSH(&b, char, a) = '\0';
	return (PcStr){b.items, b.len - 1};
}

static PathEntry *path_find(const PathTable *t, PcStr path)
{
	if (!t->cap)
		return NULL;
	for (uint32_t h = pc_str_hash(path) & (t->cap - 1); t->slots[h].path.ptr; h = (h + 1) & (t->cap - 1))
		if (pc_str_eq(t->slots[h].path, path))
			return &t->slots[h];
	return NULL;
}

static PathEntry *path_add(PathTable *t, PcStr path, PcArena *a)
{
	PathEntry *e = path_find(t, path);
	if (e)
		return e;
	if ((t->len + 1) * 2 > t->cap) {
		PathTable big = {PC_NEW_ARRAY(a, PathEntry, t->cap ? t->cap * 2 : 16), t->cap ? t->cap * 2 : 16, 0};
		for (uint32_t i = 0; i < t->cap; i++)
			if (t->slots[i].path.ptr)
				*path_add(&big, t->slots[i].path, a) = t->slots[i];
		*t = big;
	}
	uint32_t h = pc_str_hash(path) & (t->cap - 1);
	while (t->slots[h].path.ptr)
		h = (h + 1) & (t->cap - 1);
	t->len++;
	t->slots[h] = (PathEntry){path, 0};
	return &t->slots[h];
}

/* Records the field-number path of the option (and every node below an aggregate is
 * irrelevant here: protoc only compares the path being set). Returns false when a
 * singular option on that path was already set: when the path, or one below it, was
 * recorded before. */
static bool mark_path(Ctx *c, PcStr path, bool repeated, const PcOption *o, PcStr shown)
{
	if (!repeated && path_find(&c->paths, path)) {
		pc_resolve_error(c->r, o->name_span, "option \"%s\" was already set", shown.ptr);
		c->failed = true;
		return false;
	}
	for (size_t i = 1; i < path.len; i++)
		if (path.ptr[i] == '.')
			path_add(&c->paths, (PcStr){path.ptr, i}, c->tmp);
	path_add(&c->paths, path, c->tmp);
	return true;
}

static const char *target_word(PcOptKind k)
{
	switch (k) {
	case PC_OPT_FILE: return "a file";
	case PC_OPT_MESSAGE: return "a message";
	case PC_OPT_FIELD: return "a field";
	case PC_OPT_ONEOF: return "a oneof";
	case PC_OPT_ENUM: return "an enum";
	case PC_OPT_ENUM_VALUE: return "an enum value";
	case PC_OPT_SERVICE: return "a service";
	case PC_OPT_METHOD: return "a method";
	case PC_OPT_EXT_RANGE: return "an extension range";
	}
	return "this element";
}

/* Whether a feature (a FeatureSet field) may be set on this kind of element: its
 * FieldOptions.targets (field 19, OptionTargetType values) list the allowed ones. */
static bool target_allowed(const PcField *feature, PcOptKind k)
{
	static const uint64_t target_of[] = {1, 3, 4, 5, 6, 7, 8, 9, 2};
	_Static_assert(sizeof target_of / sizeof target_of[0] == PC_OPT_EXT_RANGE + 1, "targets");
	const char *p = feature->opts.encoded.ptr, *end = p ? p + feature->opts.encoded.len : p;
	bool any = false;
	PcWireRec r;
	while (p && p < end && pc_wire_next(&p, end, &r)) {
		if (r.num != 19)
			continue;
		if (r.wt == PC_WT_VARINT) {
			any = true;
			if (r.v == target_of[k])
				return true;
		} else if (r.wt == PC_WT_LEN) {
			const char *q = r.pstart;
			uint64_t v;
			while (q < r.pend && pc_wire_varint(&q, r.pend, &v)) {
				any = true;
				if (v == target_of[k])
					return true;
			}
		}
	}
	return !any;
}

/* Interprets one statement into out; on success stores the interpreted source-info
 * path suffix (field numbers, plus the index of a repeated option) in dst. */
static const char *edition_word(PcArena *a, uint64_t e)
{
	switch (e) {
	case PC_EDITION_PROTO2: return "proto2";
	case PC_EDITION_PROTO3: return "proto3";
	case PC_EDITION_2023: return "2023";
	case PC_EDITION_2024: return "2024";
	case PC_EDITION_2026: return "2026";
	default: break;
	}
	char *s = pc_arena_alloc(a, 24);
	snprintf(s, 24, "%llu", (unsigned long long)e);
	return s;
}

/* An option field's FieldOptions.feature_support (22): an editions file may set it
 * only from edition_introduced (1) on and before edition_removed (4, with the
 * removal_error 5). ctype has its own error (see resolve.c). protoc reports these at
 * the element. */
static bool edition_supports(Ctx *c, const PcField *fd)
{
	const PcFile *file = c->r->file;
	if (file->syntax != PC_SYNTAX_EDITIONS || !fd->opts.encoded.len)
		return true;
	if (!fd->is_extension && pc_str_eq_c(fd->full_name, "google.protobuf.FieldOptions.ctype"))
		return true;
	const char *p = fd->opts.encoded.ptr, *end = p + fd->opts.encoded.len;
	PcWireRec r;
	uint64_t introduced = 0, deprecated = 0, removed = 0;
	PcStr why = {0}, warning = {0};
	while (p < end && pc_wire_next(&p, end, &r)) {
		if (r.num != 22 || r.wt != PC_WT_LEN)
			continue;
		const char *q = r.pstart;
		PcWireRec x;
		while (q < r.pend && pc_wire_next(&q, r.pend, &x)) {
			if (x.num == 1 && x.wt == PC_WT_VARINT)
				introduced = x.v;
			else if (x.num == 2 && x.wt == PC_WT_VARINT)
				deprecated = x.v;
			else if (x.num == 3 && x.wt == PC_WT_LEN)
				warning = (PcStr){x.pstart, (size_t)(x.pend - x.pstart)};
			else if (x.num == 4 && x.wt == PC_WT_VARINT)
				removed = x.v;
			else if (x.num == 5 && x.wt == PC_WT_LEN)
				why = (PcStr){x.pstart, (size_t)(x.pend - x.pstart)};
		}
	}
	uint64_t ed = (uint64_t)file->edition;
	const char *name = cstr(c, fd->full_name);
	if (introduced && ed < introduced) {
		pc_resolve_error(c->r, c->elem, "%s was not introduced until edition %s and cannot be used in edition %s",
				 name, edition_word(c->tmp, introduced), edition_word(c->tmp, ed));
		c->failed = true;
		return false;
	}
	if (removed && ed >= removed) {
		pc_resolve_error(c->r, c->elem, "%s has been removed in edition %s%s%.*s", name,
				 edition_word(c->tmp, removed), why.len ? ": " : "", (int)why.len, why.ptr ? why.ptr : "");
		c->failed = true;
		return false;
	}
	if (deprecated && ed >= deprecated)
		pc_resolve_warning(c->r, c->elem, "%s has been deprecated in edition %s%s%.*s", name,
				   edition_word(c->tmp, deprecated), warning.len ? ": " : "", (int)warning.len,
				   warning.ptr ? warning.ptr : "");
	return true;
}

static bool is_inf_or_nan(const PcValue *v)
{
	return v->kind == PC_VAL_DOUBLE || pc_str_eq_c(v->s, "inf") || pc_str_eq_c(v->s, "nan");
}

static bool interpret_one(Ctx *c, PcMessage *type, const PcOption *o, PcVec *out, PcVec *dst)
{
	PcArena *a = c->tmp;
	PcStr shown = option_display(c, o);
	PcField *chain[64];
	uint32_t n = 0;
	PcMessage *m = type;
	char pathbuf[64 * 12];
	size_t plen = 0;
	for (uint32_t i = 0; i < o->parts.len && n < 64; i++) {
		const PcOptionNamePart *part = &PC_VEC_AT(o->parts, PcOptionNamePart, i);
		if (!m) {
			pc_resolve_error(c->r, o->name_span, "option \"%s\" is an atomic type, not a message",
					 cstr(c, chain[n - 1]->name));
			c->failed = true;
			return false;
		}
		PcField *fd;
		if (part->is_extension) {
			fd = find_extension(c, part->name, m, o->name_span, shown.ptr);
		} else {
			if (i == 0 && pc_str_eq_c(part->name, "uninterpreted_option")) {
				pc_resolve_error(c->r, o->name_span, "option must not use reserved name \"uninterpreted_option\"");
				c->failed = true;
				return false;
			}
			fd = field_by_name(m, part->name);
			if (!fd) {
				pc_resolve_error(c->r, o->name_span, "option \"%s\" unknown", shown.ptr);
				c->failed = true;
			}
		}
		if (!fd)
			return false;
		if (i + 1 < o->parts.len && fd->label == PC_LABEL_REPEATED) {
			pc_resolve_error(c->r, o->name_span,
					 "option field \"%s%.*s%s\" is a repeated message; repeated message options must be "
					 "set with an aggregate value",
					 part->is_extension ? "(" : "", (int)part->name.len, part->name.ptr,
					 part->is_extension ? ")" : "");
			c->failed = true;
			return false;
		}
		chain[n++] = fd;
		plen += (size_t)snprintf(pathbuf + plen, sizeof pathbuf - plen, "%s%d", i ? "." : "", fd->number);
		bool is_msg = fd->type == PC_TYPE_MESSAGE || fd->type == PC_TYPE_GROUP;
		m = is_msg ? fd->msg_type : NULL;
	}
	if (n == 0)
		return false;
	/* Every feature on the path names its targets, language features
	 * (features.(pb.cpp).string_type) included. */
	for (uint32_t i = 1; n >= 2 && i < n && !chain[0]->is_extension && pc_str_eq_c(chain[0]->name, "features"); i++)
		if (!target_allowed(chain[i], c->kind)) {
			pc_resolve_error(c->r, PC_VEC_AT(o->parts, PcOptionNamePart, i).span,
					 "feature \"%s\" cannot be set on %s", cstr(c, chain[i]->name), target_word(c->kind));
			c->failed = true;
			return false;
		}
	for (uint32_t i = 0; i < n; i++)
		if (!edition_supports(c, chain[i]))
			return false;
	PcField *leaf = chain[n - 1];
	if (!mark_path(c, (PcStr){pc_arena_strndup(a, pathbuf, plen), plen}, leaf->label == PC_LABEL_REPEATED, o, shown))
		return false;
	if ((o->value.kind == PC_VAL_IDENT || (o->value.kind == PC_VAL_DOUBLE && !isfinite(o->value.d))) &&
	    o->value.negative && !(c->r->file->syntax == PC_SYNTAX_EDITIONS && is_inf_or_nan(&o->value))) {
		/* protoc 3.21 takes no '-' before an identifier (-inf included) here, and
		 * points at the identifier; protoc 36 (the editions reference) takes -inf
		 * and -nan. */
		PcSpan sp = o->value.span;
		const PcSource *src = sp.line >= 0 ? pc_file_source(c->r->file, c->r->s->arena) : NULL;
		if (src && (uint32_t)sp.line < src->nlines) {
			uint32_t off = pc_source_offset(src, sp.line, sp.col);
			if (off < src->len && src->data[off] == '-') {
				off++;
				while (off < src->len && (src->data[off] == ' ' || src->data[off] == '\t'))
					off++;
				sp.col = pc_source_column(src, sp.line, off);
			}
		}
		opt_error(c, sp, "invalid '-' symbol before identifier");
		return false;
	}
	c->agg_name = leaf->name;
	if (chain[0]->is_extension)
		*PC_VEC_PUSH(&c->top_exts, PcField *, a) = chain[0];
	PcVec bytes = {0};
	if (!encode_value(c, leaf, &o->value, false, &bytes))
		return false;
	for (uint32_t i = n - 1; i > 0; i--) {
		PcVec wrapped = {0};
		put_message(&wrapped, chain[i - 1], &bytes, a);
		bytes = wrapped;
	}
	put(out, bytes.items, bytes.len, a);
	for (uint32_t i = 0; i < n; i++)
		*PC_VEC_PUSH(dst, int32_t, a) = chain[i]->number;
	if (leaf->label == PC_LABEL_REPEATED) {
		PathEntry *e = path_add(&c->paths, (PcStr){pc_arena_strndup(a, pathbuf, plen), plen}, a);
		*PC_VEC_PUSH(dst, int32_t, a) = e->uses++;
	}
	return true;
}

static PcMessage *options_type(PcResolver *r, PcOptKind kind)
{
	static const char *const names[] = {
		"google.protobuf.FileOptions",   "google.protobuf.MessageOptions",   "google.protobuf.FieldOptions",
		"google.protobuf.OneofOptions",  "google.protobuf.EnumOptions",      "google.protobuf.EnumValueOptions",
		"google.protobuf.ServiceOptions", "google.protobuf.MethodOptions",   "google.protobuf.ExtensionRangeOptions",
	};
	_Static_assert(sizeof names / sizeof names[0] == PC_OPT_EXT_RANGE + 1, "options type names");
	void *elem;
	if (pc_resolve_find_any(r, pc_str(names[kind]), &elem) != PC_SYM_MESSAGE)
		return NULL;
	return elem;
}

/* The source-info paths of o's interpreted options: (element ... options 999 i)
 * becomes (element ... options interp...). */
static void add_strip_prefix(Walk *w, int32_t opt_field, const int32_t *rel, uint32_t n)
{
	PcIntPath *p = PC_VEC_PUSH(&w->strips, PcIntPath, w->tmp);
	p->len = w->len + 1 + n;
	p->v = PC_NEW_ARRAY(w->tmp, int32_t, p->len);
	memcpy(p->v, w->path, w->len * sizeof(int32_t));
	p->v[w->len] = opt_field;
	if (n)
		memcpy(p->v + w->len + 1, rel, n * sizeof(int32_t));
}

static void add_path_maps(Walk *w, const PcOptions *o, int32_t opt_field)
{
	if (w->len + 3 > sizeof w->path / sizeof w->path[0])
		return;
	/* protoc 36 drops the locations of stripped options, and of all the element's
	 * option statements when nothing is left of its options. */
	const PcStripped *st = o->stripped;
	if (st && o->present && !st->present)
		add_strip_prefix(w, opt_field, NULL, 0);
	else if (st)
		for (uint32_t i = 0; i < st->n_paths; i++)
			add_strip_prefix(w, opt_field, st->paths[i].v, st->paths[i].len);
	for (uint32_t i = 0; o->interp && i < o->n_written; i++) {
		const PcIntPath *ip = &o->interp[i];
		if (!ip->v)
			continue;
		PathMap *pm = PC_VEC_PUSH(&w->maps, PathMap, w->tmp);
		pm->src_len = w->len + 3;
		pm->src = PC_NEW_ARRAY(w->tmp, int32_t, pm->src_len);
		memcpy(pm->src, w->path, w->len * sizeof(int32_t));
		pm->src[w->len] = opt_field;
		pm->src[w->len + 1] = 999;
		pm->src[w->len + 2] = (int32_t)i;
		pm->dst_len = w->len + 1 + ip->len;
		pm->dst = PC_NEW_ARRAY(w->tmp, int32_t, pm->dst_len);
		memcpy(pm->dst, w->path, w->len * sizeof(int32_t));
		pm->dst[w->len] = opt_field;
		memcpy(pm->dst + w->len + 1, ip->v, ip->len * sizeof(int32_t));
	}
}

/* Interprets o; w's path ends at the element, opt_field is the element's options
 * field number in its descriptor (for source-info paths). */
static void interpret(Walk *w, PcOptions *o, PcOptKind kind, PcStr scope, int32_t opt_field)
{
	PcResolver *r = w->r;
	if (w->forget) {
		o->list = (PcVec){0};
		return;
	}
	if (!r) {
		add_path_maps(w, o, opt_field);
		return;
	}
	if (o->list.len == 0) {
		o->ctype = o->jstype = -1;
		if (o->encoded.len)
			pc_options_decode_known(o, kind);
		return;
	}
	PcMessage *type = options_type(r, kind);
	if (!type) {
		pc_resolve_error(r, PC_VEC_AT(o->list, PcOption, 0).name_span,
				 "options cannot be interpreted: google/protobuf/descriptor.proto is not available");
		return;
	}
	Ctx c = {.r = r, .tmp = &r->scratch, .scope = scope, .kind = kind, .elem = w->elem};
	PcVec raw = {0};
	for (uint32_t i = 0; i < o->list.len; i++) {
		PcOption *opt = &PC_VEC_AT(o->list, PcOption, i);
		PcVec dst = {0};
		if (!interpret_one(&c, type, opt, &raw, &dst))
			continue;
		if (!o->interp) {
			o->n_written = o->list.len;
			o->interp = PC_NEW_ARRAY(r->s->arena, PcIntPath, o->n_written);
		}
		o->interp[i].len = dst.len;
		o->interp[i].v = PC_NEW_ARRAY(r->s->arena, int32_t, dst.len ? dst.len : 1);
		if (dst.len)
			memcpy(o->interp[i].v, dst.items, dst.len * sizeof(int32_t));
	}
	PcArena *a = r->s->arena;
	PcVec norm = {0};
	/* proto2/proto3 files are written as protoc 3.21 writes them; editions files
	 * (which 3.21 cannot read) as a current descriptor.proto knows them. */
	bool editions = r->file->syntax == PC_SYNTAX_EDITIONS;
	Norm keep = {.legacy_kind = editions ? -1 : (int)kind, .exts = &c.top_exts};
	normalize(&c, type, raw.items, raw.len, &norm, &keep);
	o->encoded = (PcStr){pc_arena_strndup(a, norm.len ? norm.items : "", norm.len), norm.len};
	o->present = true;
	pc_options_decode_known(o, kind);
	/* What protoc 36 writes without --retain_options. proto2/proto3 files keep 3.21's
	 * bytes unless something was stripped. */
	PcVec stripped = {0};
	Norm strip = {.legacy_kind = -1, .exts = &c.top_exts, .canonical = true, .strip = true};
	normalize(&c, type, raw.items, raw.len, &stripped, &strip);
	if (!editions && !c.stripped_any && !beyond_protoc_321(type, kind, raw.items, raw.len))
		return;
	PcStripped *st = PC_NEW(a, PcStripped);
	st->bytes = (PcStr){pc_arena_strndup(a, stripped.len ? stripped.items : "", stripped.len), stripped.len};
	st->present = stripped.len > 0 || !c.stripped_any;
	st->n_paths = c.strip_paths.len;
	st->paths = PC_NEW_ARRAY(a, PcIntPath, c.strip_paths.len ? c.strip_paths.len : 1);
	for (uint32_t i = 0; i < c.strip_paths.len; i++) {
		const PcIntPath *sp = &PC_VEC_AT(c.strip_paths, PcIntPath, i);
		st->paths[i].len = sp->len;
		st->paths[i].v = PC_NEW_ARRAY(a, int32_t, sp->len);
		memcpy(st->paths[i].v, sp->v, sp->len * sizeof(int32_t));
	}
	o->stripped = st;
}

/* ---- walking a file ---- */

static PcStr dummy_scope(PcArena *a, PcStr pkg)
{
	/* protoc looks file options up from "<package>.dummy", so the package's own scope
	 * is searched first. */
	size_t n = pkg.len ? pkg.len + 6 : 5;
	char *p = pc_arena_alloc(a, n + 1);
	if (pkg.len) {
		memcpy(p, pkg.ptr, pkg.len);
		memcpy(p + pkg.len, ".dummy", 7);
	} else {
		memcpy(p, "dummy", 6);
	}
	return (PcStr){p, n};
}

static void push(Walk *w, int32_t a, int32_t b)
{
	if (w->len + 2 <= sizeof w->path / sizeof w->path[0]) {
		w->path[w->len++] = a;
		w->path[w->len++] = b;
	} else {
		w->len += 2; /* deeper than any path recorded; the maps are just not made */
	}
}

static void walk_field(Walk *w, PcField *fd, int32_t list_field, uint32_t i)
{
	push(w, list_field, (int32_t)i);
	w->elem = fd->name_span;
	interpret(w, &fd->opts, PC_OPT_FIELD, fd->full_name, 8);
	w->len -= 2;
}

static void walk_enum(Walk *w, PcEnum *e, int32_t list_field, uint32_t idx)
{
	push(w, list_field, (int32_t)idx);
	w->elem = e->name_span;
	interpret(w, &e->opts, PC_OPT_ENUM, e->full_name, 3);
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		push(w, 2, (int32_t)i);
		w->elem = v->name_span;
		interpret(w, &v->opts, PC_OPT_ENUM_VALUE, v->full_name, 3);
		w->len -= 2;
	}
	w->len -= 2;
}

static void walk_message(Walk *w, PcMessage *m, int32_t list_field, uint32_t idx)
{
	push(w, list_field, (int32_t)idx);
	if (w->r && m->is_map_entry && m->opts.list.len == 0 && m->opts.encoded.len == 0) {
		PcArena *a = w->r->s->arena;
		/* MessageOptions.map_entry (field 7) = true, as protoc's parser adds it. */
		m->opts.encoded = (PcStr){pc_arena_strndup(a, "\x38\x01", 2), 2};
		m->opts.present = true;
	}
	w->elem = m->name_span;
	interpret(w, &m->opts, PC_OPT_MESSAGE, m->full_name, 7);
	for (uint32_t i = 0; i < m->fields.len; i++)
		walk_field(w, PC_VEC_AT(m->fields, PcField *, i), 2, i);
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		push(w, 8, (int32_t)i);
		w->elem = o->name_span;
		interpret(w, &o->opts, PC_OPT_ONEOF, o->full_name, 2);
		w->len -= 2;
	}
	for (uint32_t i = 0; i < m->ext_ranges.len; i++) {
		push(w, 5, (int32_t)i);
		w->elem = PC_VEC_AT(m->ext_ranges, PcRange, i).span;
		interpret(w, &PC_VEC_AT(m->ext_ranges, PcRange, i).opts, PC_OPT_EXT_RANGE, m->full_name, 3);
		w->len -= 2;
	}
	for (uint32_t i = 0; i < m->nested.len; i++)
		walk_message(w, PC_VEC_AT(m->nested, PcMessage *, i), 3, i);
	for (uint32_t i = 0; i < m->enums.len; i++)
		walk_enum(w, PC_VEC_AT(m->enums, PcEnum *, i), 4, i);
	for (uint32_t i = 0; i < m->extensions.len; i++)
		walk_field(w, PC_VEC_AT(m->extensions, PcField *, i), 6, i);
	w->len -= 2;
}

static uint32_t path_hash(const int32_t *p, uint32_t n)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ (uint32_t)p[i]) * 16777619u;
	return h;
}

static bool path_eq(const int32_t *a, uint32_t an, const int32_t *b, uint32_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an * sizeof(int32_t)) == 0);
}

/* protoc's UpdateSourceCodeInfo: a location whose path is an interpreted option's
 * uninterpreted path gets the interpreted path, and the locations right after it
 * that lie inside it (name parts, value) are dropped. The new paths live in a. */
static void mark_source_only(Walk *w, PcVec *locations);

static void rewrite_locations(Walk *w, PcVec *locations, PcArena *a)
{
	if (!w->maps.len) {
		mark_source_only(w, locations);
		return;
	}
	uint32_t cap = 16;
	while (cap < w->maps.len * 2)
		cap *= 2;
	PathMap **slots = PC_NEW_ARRAY(w->tmp, PathMap *, cap);
	for (uint32_t i = 0; i < w->maps.len; i++) {
		PathMap *pm = &PC_VEC_AT(w->maps, PathMap, i);
		uint32_t h = path_hash(pm->src, pm->src_len) & (cap - 1);
		while (slots[h])
			h = (h + 1) & (cap - 1);
		slots[h] = pm;
	}
	PcLocation *locs = locations->items;
	uint32_t out = 0;
	const int32_t *mpath = NULL; /* the original path of the last rewritten location */
	uint32_t mlen = 0;
	for (uint32_t i = 0; i < locations->len; i++) {
		PcLocation loc = locs[i];
		if (mpath && loc.path_len >= mlen && memcmp(loc.path, mpath, mlen * sizeof(int32_t)) == 0)
			continue;
		mpath = NULL;
		PathMap *pm = NULL;
		for (uint32_t h = path_hash(loc.path, loc.path_len) & (cap - 1); slots[h]; h = (h + 1) & (cap - 1))
			if (path_eq(slots[h]->src, slots[h]->src_len, loc.path, loc.path_len)) {
				pm = slots[h];
				break;
			}
		if (pm) {
			mpath = loc.path;
			mlen = loc.path_len;
			loc.path = PC_NEW_ARRAY(a, int32_t, pm->dst_len);
			memcpy(loc.path, pm->dst, pm->dst_len * sizeof(int32_t));
			loc.path_len = pm->dst_len;
		}
		locs[out++] = loc;
	}
	locations->len = out;
	mark_source_only(w, locations);
}

/* Marks the locations that lie in a stripped option (a prefix of their path is one
 * of w->strips): every prefix of each path is looked up in a hash of the strips. */
static void mark_source_only(Walk *w, PcVec *locations)
{
	if (!w->strips.len)
		return;
	uint32_t cap = 16;
	while (cap < w->strips.len * 2)
		cap *= 2;
	PcIntPath **slots = PC_NEW_ARRAY(w->tmp, PcIntPath *, cap);
	for (uint32_t i = 0; i < w->strips.len; i++) {
		PcIntPath *sp = &PC_VEC_AT(w->strips, PcIntPath, i);
		uint32_t h = path_hash(sp->v, sp->len) & (cap - 1);
		while (slots[h])
			h = (h + 1) & (cap - 1);
		slots[h] = sp;
	}
	PcLocation *locs = locations->items;
	for (uint32_t i = 0; i < locations->len; i++) {
		PcLocation *loc = &locs[i];
		for (uint32_t n = 1; n <= loc->path_len && !loc->source_only; n++)
			for (uint32_t h = path_hash(loc->path, n) & (cap - 1); slots[h]; h = (h + 1) & (cap - 1))
				if (path_eq(slots[h]->v, slots[h]->len, loc->path, n)) {
					loc->source_only = 1;
					break;
				}
	}
}

static void walk_file(Walk *w, PcFile *f)
{
	PcStr scope = w->r ? dummy_scope(w->r->s->arena, f->package) : f->package;
	/* protoc names a file by its package statement (nothing without one). */
	w->elem = f->package.len ? f->package_span : PC_NO_SPAN;
	interpret(w, &f->opts, PC_OPT_FILE, scope, 8);
	for (uint32_t i = 0; i < f->messages.len; i++)
		walk_message(w, PC_VEC_AT(f->messages, PcMessage *, i), 4, i);
	for (uint32_t i = 0; i < f->enums.len; i++)
		walk_enum(w, PC_VEC_AT(f->enums, PcEnum *, i), 5, i);
	for (uint32_t i = 0; i < f->extensions.len; i++)
		walk_field(w, PC_VEC_AT(f->extensions, PcField *, i), 7, i);
	for (uint32_t i = 0; i < f->services.len; i++) {
		PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		push(w, 6, (int32_t)i);
		w->elem = sv->name_span;
		interpret(w, &sv->opts, PC_OPT_SERVICE, sv->full_name, 3);
		for (uint32_t j = 0; j < sv->methods.len; j++) {
			PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, j);
			push(w, 2, (int32_t)j);
			w->elem = m->name_span;
			interpret(w, &m->opts, PC_OPT_METHOD, m->full_name, 4);
			w->len -= 2;
		}
		w->len -= 2;
	}
}

void pc_options_rewrite_locations(const PcFile *f, PcVec *locations, PcArena *a, PcArena *tmp)
{
	Walk w = {.tmp = tmp};
	walk_file(&w, (PcFile *)f);
	rewrite_locations(&w, locations, a);
}

void pc_options_forget_written(PcFile *f)
{
	Walk w = {.forget = true};
	walk_file(&w, f);
}

void pc_options_interpret_file(PcResolver *r)
{
	PcFile *f = r->file;
	Walk w = {.r = r, .tmp = &r->scratch};
	r->in_options = true;
	walk_file(&w, f);
	r->in_options = false;
	if (f->has_source_info) {
		w.r = NULL;
		walk_file(&w, f);
		rewrite_locations(&w, &f->locations, r->s->arena);
	}
	pc_arena_reset(&r->scratch);
}
