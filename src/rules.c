/* The rule engine. Rule files are read with libyaml's document API, in two passes
 * over every file of a load: the first collects the compatibility tables (`groups:`
 * and `names:`), the second compiles the `rules:` against them, so a rule may use a
 * table defined in any file of the same load. Conditions compile to a small tree over
 * a fixed set of operands (values read from a PcChange: names, numbers, old/new
 * values, type keywords, ...) and predicates (flag, eq, ne, same_group, matches,
 * all/any/not); message templates compile to literal and operand segments, so nothing
 * is parsed while changes are evaluated. Every mistake in a file becomes a diagnostic
 * at the YAML node's line and column, and loading goes on to report the others.
 * Rules are indexed by change kind once per load; evaluation walks each change once
 * and visits only the rules of its kind, then sorts the findings (stable: ties keep
 * the order of the changes). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "match.h"
#include "rules.h"
#include "wkt.h"

/* ---- operands: what conditions and templates can read from a change ---- */

typedef enum Opnd {
	OP_LITERAL,
	OP_KIND,
	OP_ELEM,
	OP_NAME,
	OP_PACKAGE,
	OP_NUMBER,
	OP_END,
	OP_OPTION,
	OP_OLD_I,
	OP_NEW_I,
	OP_OLD_S,
	OP_NEW_S,
	OP_OLD_SET,
	OP_NEW_SET,
	OP_OLD_TYPE,
	OP_NEW_TYPE,
	OP_OLD_TYPE_TEXT,
	OP_NEW_TYPE_TEXT,
	OP_OLD_CARD,
	OP_NEW_CARD,
	OP_ELEM_NAME,
	OP_PARENT_NAME,
	OP_FULL_NAME,
	OP_PARENT_FULL_NAME,
	OP_PATH,
	OP_OLD_PATH,
	OP_RANGE,
	OP_MISSING,
	OP_FIELD_TYPE,
	OP_TYPE_NAME,
	OP_OLD_ENUM_TYPE,
	OP_NEW_ENUM_TYPE,
	OP_HAS_OLD,
	OP_OLD_NAME,
	OP_NEW_NAME,
	OP_OLD_JSON_NAME,
	OP_NEW_JSON_NAME,
	OP_OPTION_NAME,
	OP_OPTION_PATH,
	OP_COUNT
} Opnd;

static const struct {
	const char *name;
	bool is_int;
} opnd_info[] = {
	[OP_LITERAL] = {"", false},
	[OP_KIND] = {"kind", false},
	[OP_ELEM] = {"elem", false},
	[OP_NAME] = {"name", false},
	[OP_PACKAGE] = {"package", false},
	[OP_NUMBER] = {"number", true},
	[OP_END] = {"end", true},
	[OP_OPTION] = {"option", true},
	[OP_OLD_I] = {"old.i", true},
	[OP_NEW_I] = {"new.i", true},
	[OP_OLD_S] = {"old.s", false},
	[OP_NEW_S] = {"new.s", false},
	[OP_OLD_SET] = {"old.set", true},
	[OP_NEW_SET] = {"new.set", true},
	[OP_OLD_TYPE] = {"old.type", false},
	[OP_NEW_TYPE] = {"new.type", false},
	[OP_OLD_TYPE_TEXT] = {"old.type_text", false},
	[OP_NEW_TYPE_TEXT] = {"new.type_text", false},
	[OP_OLD_CARD] = {"old.card", false},
	[OP_NEW_CARD] = {"new.card", false},
	[OP_ELEM_NAME] = {"elem_name", false},
	[OP_PARENT_NAME] = {"parent_name", false},
	[OP_FULL_NAME] = {"full_name", false},
	[OP_PARENT_FULL_NAME] = {"parent_full_name", false},
	[OP_PATH] = {"path", false},
	[OP_OLD_PATH] = {"old_path", false},
	[OP_RANGE] = {"range", false},
	[OP_MISSING] = {"missing", false},
	[OP_FIELD_TYPE] = {"field_type", false},
	[OP_TYPE_NAME] = {"type_name", false},
	[OP_OLD_ENUM_TYPE] = {"old.enum_type", false},
	[OP_NEW_ENUM_TYPE] = {"new.enum_type", false},
	[OP_HAS_OLD] = {"has_old", true},
	[OP_OLD_NAME] = {"old.name", false},
	[OP_NEW_NAME] = {"new.name", false},
	[OP_OLD_JSON_NAME] = {"old.json_name", false},
	[OP_NEW_JSON_NAME] = {"new.json_name", false},
	[OP_OPTION_NAME] = {"option_name", false},
	[OP_OPTION_PATH] = {"option_path", false},
};
_Static_assert(sizeof opnd_info / sizeof opnd_info[0] == OP_COUNT, "operand table");

static const char *const flag_names[] = {
	"number_reserved", "name_reserved", "in_package", "kind_absent", "legacy_required",
	"enum_same_name", "enum_superset", "message_set", "map_entry", "extension",
	"oneof_joins", "oneof_splits", "same_shape", "json_keys_kept", "ext_range", "typed", "oneof_kept",
	"deprecated",
};
#define NFLAGS (sizeof flag_names / sizeof flag_names[0])

/* Indexed by the bit of PC_CAT_*: the one list of category names (messages, completion
 * and `rules` output take theirs from here). */
static const char *const category_names[] = {"FILE", "PACKAGE", "WIRE_JSON", "WIRE", "CSR", "PROTOCOMPAT",
					      "CONFLUENT", "AIP"};
#define NCATEGORIES (sizeof category_names / sizeof category_names[0])
_Static_assert(1u << (NCATEGORIES - 1) == PC_CAT_LAST, "a name for every PC_CAT_* bit");

typedef struct Val {
	bool is_int;
	int64_t i;
	PcStr s;
} Val;

typedef struct NameEntry {
	int64_t value;
	PcStr text;
} NameEntry;

/* `names:` table: numbers to words, used as {old.i|table} in templates. */
typedef struct Names {
	PcStr name;
	PcVec entries; /* of NameEntry */
} Names;

typedef struct GroupKey {
	PcStr key;
	int group;
} GroupKey;

/* `groups:` table: values that are compatible with each other; values in no group
 * are compatible only with themselves. */
typedef struct Groups {
	PcStr name;
	PcVec keys; /* of GroupKey */
} Groups;

typedef struct FitsEntry {
	PcStr from, to;
} FitsEntry;

/* `fits:` table: one-way compatibility. Data of type `from` read as any of its `to`
 * types keeps its value; every value fits itself. */
typedef struct Fits {
	PcStr name;
	PcVec pairs; /* of FitsEntry */
} Fits;

typedef struct Operand {
	Opnd op;
	Val lit;             /* OP_LITERAL */
	const Names *names;  /* templates: {operand|names} */
} Operand;

typedef enum CondKind {
	COND_ALL,
	COND_ANY,
	COND_NOT,
	COND_FLAG,
	COND_EQ,
	COND_NE,
	COND_SAME_GROUP,
	COND_MATCHES,
	COND_FITS,
	COND_WIRE_MODE,
	COND_BREAKS,
	COND_LIST_PREFIX,
	COND_ITEMS_SUBSET,
	COND_SAME_TYPE_NAME,
} CondKind;

struct PcRuleCond {
	CondKind kind;
	PcVec subs;          /* of PcRuleCond *: all, any, not */
	uint32_t flag;       /* COND_FLAG: PC_CHANGE_F_*; COND_WIRE_MODE: PcWireMode;
			      * COND_BREAKS: PC_AUD_BIT set */
	Operand a, b;
	const Groups *groups;
	const Fits *fits;
	PcRegex *re;
};

/* What a placeholder's text goes through: {operand|escape} backslash-escapes as in a Go
 * quoted string; {operand|capital} upper-cases the first letter ("Field", "Extension");
 * {operand|bytes} decodes a C-escaped bytes value and prints it as buf does
 * ([0x1,0x78]); {operand|TABLE} is a names: table (Operand.names). */
typedef enum SegFilter { SEG_PLAIN, SEG_ESCAPE, SEG_CAPITAL, SEG_BYTES } SegFilter;

typedef struct Seg {
	bool literal;
	PcStr text;
	Operand opnd;
	SegFilter filter;
} Seg;

typedef struct MsgAlt {
	PcRuleCond *when;    /* NULL: always */
	PcVec segs;          /* of Seg */
	PcStr text;
} MsgAlt;

/* A rule with its compiled message alternatives; PcRule first so the public
 * pointer converts back. */
/* A `directions:` alternative: its condition, and per audience the directions that
 * always break plus the ones that break when their own condition holds. */
typedef struct DirAlt {
	PcRuleCond *when;    /* NULL: always */
	uint32_t fixed[PC_AUD_COUNT];    /* PC_DIR_* */
	PcRuleCond *backward[PC_AUD_COUNT], *forward[PC_AUD_COUNT];
} DirAlt;

typedef struct RuleX {
	PcRule pub;
	PcVec alts;          /* of MsgAlt */
	PcVec losses;        /* of MsgAlt: `losses:`, writer OLD -> reader NEW */
	PcVec dir_alts;      /* of DirAlt, parallel to pub.direction_cases */
} RuleX;

typedef struct Priv {
	PcVec groups;        /* of Groups * */
	PcVec fits;          /* of Fits * */
	PcVec names;         /* of Names * */
	PcVec by_kind[PC_CHANGE_KIND_COUNT]; /* of uint32_t: rule indexes */
} Priv;

/* ---- names ---- */

const char *pc_direction_name(uint32_t directions)
{
	if ((directions & PC_DIR_BOTH) == PC_DIR_BOTH)
		return "both";
	if (directions & PC_DIR_FORWARD)
		return "forward";
	return (directions & PC_DIR_BACKWARD) ? "backward" : "none";
}

const char *pc_audience_name(PcAudience a)
{
	switch (a) {
	case PC_AUD_WIRE: return "wire";
	case PC_AUD_JSON: return "json";
	case PC_AUD_SOURCE: return "source";
	case PC_AUD_COUNT: break;
	}
	return "";
}

const char *pc_wire_mode_name(PcWireMode m)
{
	switch (m) {
	case PC_WIRE_BUF: return "buf";
	case PC_WIRE_EXACT: return "exact";
	}
	return "buf";
}

bool pc_wire_mode_parse(PcStr s, PcWireMode *out)
{
	if (pc_str_eq_c(s, "buf"))
		*out = PC_WIRE_BUF;
	else if (pc_str_eq_c(s, "exact"))
		*out = PC_WIRE_EXACT;
	else
		return false;
	return true;
}

uint32_t pc_audiences_parse(PcStr list)
{
	uint32_t set = 0;
	size_t i = 0;
	while (i <= list.len) {
		size_t j = i;
		while (j < list.len && list.ptr[j] != ',')
			j++;
		PcStr name = {list.ptr + i, j - i};
		uint32_t bit = 0;
		for (int a = 0; a < PC_AUD_COUNT; a++)
			if (pc_str_eq_c(name, pc_audience_name((PcAudience)a)))
				bit = PC_AUD_BIT(a);
		if (!bit)
			return 0;
		set |= bit;
		i = j + 1;
	}
	return set;
}

const char *pc_category_name(uint32_t category)
{
	for (size_t i = 0; i < NCATEGORIES; i++)
		if (category == (1u << i))
			return category_names[i];
	return NULL;
}

uint32_t pc_category_parse(PcStr s)
{
	for (size_t i = 0; i < NCATEGORIES; i++)
		if (pc_str_eq_c(s, category_names[i]))
			return 1u << i;
	return 0;
}

static uint32_t version_parse(PcStr s)
{
	if (s.len == 0 || pc_str_eq_c(s, "v2"))
		return PC_VER_V2;
	if (pc_str_eq_c(s, "v1"))
		return PC_VER_V1;
	if (pc_str_eq_c(s, "v1beta1"))
		return PC_VER_V1BETA1;
	return 0;
}

static Opnd opnd_parse(PcStr s)
{
	for (int i = 1; i < OP_COUNT; i++)
		if (pc_str_eq_c(s, opnd_info[i].name))
			return (Opnd)i;
	return OP_LITERAL;
}

/* ---- reading values from a change ---- */

static const char *const type_keywords[] = {
	"none", "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string",
	"group", "message", "bytes", "uint32", "enum", "sfixed32", "sfixed64", "sint32", "sint64",
};

static const char *type_keyword(int64_t t)
{
	if (t < 0 || t >= (int64_t)(sizeof type_keywords / sizeof type_keywords[0]))
		return "none";
	return type_keywords[t];
}

static const char *card_keyword(int64_t c)
{
	switch (c) {
	case PC_CARD_OPTIONAL_EXPLICIT: return "explicit";
	case PC_CARD_OPTIONAL_IMPLICIT: return "implicit";
	case PC_CARD_REQUIRED: return "required";
	case PC_CARD_REPEATED: return "repeated";
	case PC_CARD_MAP: return "map";
	default: return "none";
	}
}

static const char *elem_keyword(PcElemKind k)
{
	switch (k) {
	case PC_ELEM_NONE: return "none";
	case PC_ELEM_FILE: return "file";
	case PC_ELEM_MESSAGE: return "message";
	case PC_ELEM_FIELD: return "field";
	case PC_ELEM_ONEOF: return "oneof";
	case PC_ELEM_ENUM: return "enum";
	case PC_ELEM_ENUM_VALUE: return "enum_value";
	case PC_ELEM_SERVICE: return "service";
	case PC_ELEM_METHOD: return "method";
	}
	return "none";
}

static PcStr undot(PcStr s)
{
	if (s.len && s.ptr[0] == '.')
		return pc_str_sub(s, 1, s.len - 1);
	return s;
}

static const void *elem_of(const PcChange *c)
{
	return c->new_elem ? c->new_elem : c->old_elem;
}

/* The element's own name as buf prints it: short names, full names for extensions. */
static PcStr elem_name(const PcChange *c, bool full)
{
	const void *e = elem_of(c);
	if (!e)
		return c->name;
	switch (c->elem) {
	case PC_ELEM_NONE: return c->name;
	case PC_ELEM_FILE: return ((const PcFile *)e)->name;
	case PC_ELEM_MESSAGE: return full ? ((const PcMessage *)e)->full_name : ((const PcMessage *)e)->name;
	case PC_ELEM_FIELD: {
		const PcField *f = e;
		return full || f->is_extension ? f->full_name : f->name;
	}
	case PC_ELEM_ONEOF: return full ? ((const PcOneof *)e)->full_name : ((const PcOneof *)e)->name;
	case PC_ELEM_ENUM: return full ? ((const PcEnum *)e)->full_name : ((const PcEnum *)e)->name;
	case PC_ELEM_ENUM_VALUE: return full ? ((const PcEnumValue *)e)->full_name : ((const PcEnumValue *)e)->name;
	case PC_ELEM_SERVICE: return full ? ((const PcService *)e)->full_name : ((const PcService *)e)->name;
	case PC_ELEM_METHOD: return full ? ((const PcMethod *)e)->full_name : ((const PcMethod *)e)->name;
	}
	return c->name;
}

/* The container buf names in "on message X": the field's message (an extension's
 * extendee, by full name), the value's enum, the method's service; a message, enum or
 * service names itself. */
static PcStr parent_name(const PcChange *c, bool full)
{
	const void *e = elem_of(c);
	if (!e)
		return (PcStr){0};
	switch (c->elem) {
	case PC_ELEM_NONE: return (PcStr){0};
	case PC_ELEM_FILE: return ((const PcFile *)e)->name;
	case PC_ELEM_FIELD: {
		const PcField *f = e;
		if (f->is_extension)
			return undot(pc_field_x(f)->extendee);
		if (!f->parent)
			return (PcStr){0};
		return full ? f->parent->full_name : f->parent->name;
	}
	case PC_ELEM_ONEOF: {
		const PcOneof *o = e;
		return o->parent ? (full ? o->parent->full_name : o->parent->name) : (PcStr){0};
	}
	case PC_ELEM_ENUM_VALUE: {
		const PcEnumValue *v = e;
		return v->parent ? (full ? v->parent->full_name : v->parent->name) : (PcStr){0};
	}
	case PC_ELEM_METHOD: {
		const PcMethod *m = e;
		return m->parent ? (full ? m->parent->full_name : m->parent->name) : (PcStr){0};
	}
	case PC_ELEM_MESSAGE:
	case PC_ELEM_ENUM:
	case PC_ELEM_SERVICE:
		return elem_name(c, full);
	}
	return (PcStr){0};
}

static int64_t elem_number(const PcChange *c)
{
	if (c->number)
		return c->number;
	const void *e = elem_of(c);
	if (e && c->elem == PC_ELEM_FIELD)
		return ((const PcField *)e)->number;
	if (e && c->elem == PC_ELEM_ENUM_VALUE)
		return ((const PcEnumValue *)e)->number;
	return c->number;
}

/* buf's words for a type in "changed type from X to Y": type names when both sides
 * are named types of the same kind, else the kind ("message (delimited encoding)" for
 * an editions DELIMITED field, "group" for a proto2 group). */
static PcStr type_text(const PcChange *c, bool new_side)
{
	const PcChangeValue *v = new_side ? &c->new_val : &c->old_val;
	const PcField *f = new_side ? c->new_elem : c->old_elem;
	int64_t t = v->i;
	if (c->old_val.i == c->new_val.i && (t == PC_TYPE_MESSAGE || t == PC_TYPE_ENUM || t == PC_TYPE_GROUP))
		return undot(v->s);
	if (t == PC_TYPE_GROUP && f && c->elem == PC_ELEM_FIELD && !f->is_group)
		return pc_str("message (delimited encoding)");
	return pc_str(type_keyword(t));
}

static const PcFile *pos_file(const PcChange *c)
{
	return c->pos.file ? c->pos.file : c->old_pos.file;
}

static size_t put_range(char *buf, size_t cap, int32_t start, int32_t end, int64_t max)
{
	char e[24];
	if (end == max)
		snprintf(e, sizeof e, "max");
	else
		snprintf(e, sizeof e, "%d", end);
	int n = start == end ? snprintf(buf, cap, "[%d]", start) : snprintf(buf, cap, "[%d,%s]", start, e);
	return n < 0 ? 0 : ((size_t)n < cap ? (size_t)n : cap - 1);
}

/* The highest number of the container, which buf prints as "max". */
static int64_t range_max(const PcChange *c)
{
	if (c->elem == PC_ELEM_ENUM)
		return INT32_MAX;
	if (c->flags & PC_CHANGE_F_MESSAGE_SET)
		return INT32_MAX - 1;
	return 536870911;
}

/* The enum a change is about on one side: the enum itself, an enum value's enum, an
 * enum field's type. NULL when there is none. */
static const PcEnum *change_enum(const PcChange *c, bool new_side)
{
	const void *e = new_side ? c->new_elem : c->old_elem;
	if (!e && c->parent == PC_ELEM_ENUM)
		return new_side ? c->new_parent : c->old_parent;
	if (!e)
		return NULL;
	switch (c->elem) {
	case PC_ELEM_ENUM: return e;
	case PC_ELEM_ENUM_VALUE: return ((const PcEnumValue *)e)->parent;
	case PC_ELEM_FIELD: return ((const PcField *)e)->enum_type;
	case PC_ELEM_NONE:
	case PC_ELEM_FILE:
	case PC_ELEM_MESSAGE:
	case PC_ELEM_ONEOF:
	case PC_ELEM_SERVICE:
	case PC_ELEM_METHOD:
		break;
	}
	return NULL;
}

static bool fits(const Fits *t, PcStr from, PcStr to)
{
	if (pc_str_eq(from, to))
		return true;
	for (uint32_t i = 0; i < t->pairs.len; i++) {
		const FitsEntry *e = &PC_VEC_AT(t->pairs, FitsEntry, i);
		if (pc_str_eq(e->from, from) && pc_str_eq(e->to, to))
			return true;
	}
	return false;
}

static Val get(const PcChange *c, const Operand *o, char *buf, size_t cap)
{
	Val v = {opnd_info[o->op].is_int, 0, {0}};
	switch (o->op) {
	case OP_LITERAL: return o->lit;
	case OP_KIND: v.s = pc_str(pc_change_kind_name(c->kind)); break;
	case OP_ELEM: {
		const PcField *f = elem_of(c);
		bool ext = c->elem == PC_ELEM_FIELD && f && f->is_extension;
		v.s = pc_str(ext ? "extension" : elem_keyword(c->elem));
		break;
	}
	case OP_NAME: v.s = c->name; break;
	case OP_PACKAGE: v.s = c->package; break;
	case OP_NUMBER: v.i = elem_number(c); break;
	case OP_END: v.i = c->end; break;
	case OP_OPTION: v.i = c->option; break;
	case OP_OLD_I: v.i = c->old_val.i; break;
	case OP_NEW_I: v.i = c->new_val.i; break;
	case OP_OLD_S: v.s = c->old_val.s; break;
	case OP_NEW_S: v.s = c->new_val.s; break;
	case OP_OLD_SET: v.i = c->old_val.set; break;
	case OP_NEW_SET: v.i = c->new_val.set; break;
	case OP_OLD_TYPE: v.s = pc_str(type_keyword(c->old_val.i)); break;
	case OP_NEW_TYPE: v.s = pc_str(type_keyword(c->new_val.i)); break;
	case OP_OLD_TYPE_TEXT: v.s = type_text(c, false); break;
	case OP_NEW_TYPE_TEXT: v.s = type_text(c, true); break;
	case OP_OLD_CARD: v.s = pc_str(card_keyword(c->old_val.i)); break;
	case OP_NEW_CARD: v.s = pc_str(card_keyword(c->new_val.i)); break;
	case OP_ELEM_NAME: v.s = elem_name(c, false); break;
	case OP_PARENT_NAME: v.s = parent_name(c, false); break;
	case OP_FULL_NAME: v.s = elem_name(c, true); break;
	case OP_PARENT_FULL_NAME: v.s = parent_name(c, true); break;
	case OP_PATH: {
		const PcFile *f = pos_file(c);
		v.s = f ? f->name : (PcStr){0};
		break;
	}
	case OP_OLD_PATH: v.s = c->old_pos.file ? c->old_pos.file->name : (PcStr){0}; break;
	case OP_RANGE: {
		size_t n = put_range(buf, cap, c->number, c->end, range_max(c));
		v.s = (PcStr){buf, n};
		break;
	}
	case OP_MISSING: {
		size_t n = 0;
		for (uint32_t i = 0; i < c->missing.len && n + 2 < cap; i++) {
			const PcRange *r = &PC_VEC_AT(c->missing, PcRange, i);
			if (i) {
				buf[n++] = ',';
				buf[n++] = ' ';
			}
			n += put_range(buf + n, cap - n, r->start, r->end, range_max(c));
		}
		v.s = (PcStr){buf, n};
		break;
	}
	case OP_FIELD_TYPE:
	case OP_TYPE_NAME: {
		const PcField *f = c->elem == PC_ELEM_FIELD ? elem_of(c) : NULL;
		if (!f)
			break;
		if (o->op == OP_FIELD_TYPE)
			v.s = pc_str(type_keyword(f->type));
		else if (f->enum_type)
			v.s = f->enum_type->name;
		else if (f->msg_type)
			v.s = f->msg_type->name;
		else
			v.s = pc_str(type_keyword(f->type));
		break;
	}
	case OP_OLD_ENUM_TYPE:
	case OP_NEW_ENUM_TYPE: {
		const PcEnum *e = change_enum(c, o->op == OP_NEW_ENUM_TYPE);
		v.s = pc_str(!e ? "none" : e->features.enum_type == 2 ? "closed" : "open");
		break;
	}
	case OP_HAS_OLD: v.i = c->old_elem != NULL; break;
	case OP_OLD_NAME:
	case OP_NEW_NAME:
	case OP_OLD_JSON_NAME:
	case OP_NEW_JSON_NAME: {
		bool new_side = o->op == OP_NEW_NAME || o->op == OP_NEW_JSON_NAME;
		const PcField *f = c->elem == PC_ELEM_FIELD ? (new_side ? c->new_elem : c->old_elem) : NULL;
		if (f)
			v.s = o->op == OP_OLD_NAME || o->op == OP_NEW_NAME ? f->name : f->json_name;
		break;
	}
	case OP_OPTION_NAME: v.s = c->opt_name; break;
	case OP_OPTION_PATH: v.s = c->opt_path; break;
	case OP_COUNT: break;
	}
	return v;
}

static PcStr val_text(Val v, char *buf, size_t cap)
{
	if (!v.is_int)
		return v.s;
	int n = snprintf(buf, cap, "%" PRId64, v.i);
	return (PcStr){buf, n < 0 ? 0 : (size_t)n};
}

static bool val_eq(Val a, Val b)
{
	if (a.is_int && b.is_int)
		return a.i == b.i;
	char x[32], y[32];
	return pc_str_eq(val_text(a, x, sizeof x), val_text(b, y, sizeof y));
}

static int group_of(const Groups *g, PcStr key)
{
	for (uint32_t i = 0; i < g->keys.len; i++)
		if (pc_str_eq(PC_VEC_AT(g->keys, GroupKey, i).key, key))
			return PC_VEC_AT(g->keys, GroupKey, i).group;
	return -1;
}

/* What a condition is evaluated against: the change, the rule whose condition it is
 * (for `breaks:`) and the run's wire mode. */
typedef struct Eval {
	const PcChange *c;
	const RuleX *r;
	PcWireMode mode;
} Eval;

static void change_breaks(const Eval *e, uint32_t *breaks);

/* `list_prefix: [A, B]`: B keeps A's list, in order, at its start: A is empty, equal
 * to B, or a text-format list "[x, y]" whose items open B's "[x, y, z]". So a repeated
 * option only appended to (method signatures, resource patterns) passes. */
static bool list_prefix(PcStr a, PcStr b)
{
	if (a.len == 0 || pc_str_eq(a, b))
		return true;
	if (a.len < 2 || a.ptr[0] != '[' || a.ptr[a.len - 1] != ']' || b.len < a.len + 2)
		return false;
	return memcmp(a.ptr, b.ptr, a.len - 1) == 0 && b.ptr[a.len - 1] == ',' && b.ptr[a.len] == ' ';
}

/* The next item of a comma-separated value ("a, b" or a quoted "\"a,b\""), spaces and
 * quotes trimmed; *pos moves past it. */
static PcStr next_item(PcStr s, size_t *pos)
{
	size_t i = *pos, j;
	while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '"'))
		i++;
	for (j = i; j < s.len && s.ptr[j] != ','; j++)
		;
	*pos = j + 1;
	size_t e = j;
	while (e > i && (s.ptr[e - 1] == ' ' || s.ptr[e - 1] == '"'))
		e--;
	return pc_str_sub(s, i, e - i);
}

/* A quoted type name as an option writes it ("Book", "pkg.v1.Book", ".pkg.v1.Book"),
 * quotes and a leading dot dropped. */
static PcStr type_name_text(PcStr s)
{
	if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"')
		s = pc_str_sub(s, 1, s.len - 2);
	if (s.len && s.ptr[0] == '.')
		s = pc_str_sub(s, 1, s.len - 1);
	return s;
}

/* `same_type_name: [A, B]`: the two names one type: equal, or one unqualified and the
 * other the same name in the element's package (operation_info's "Book" and
 * "pkg.v1.Book" in package pkg.v1). */
static bool same_type_name(PcStr a, PcStr b, PcStr package)
{
	a = type_name_text(a);
	b = type_name_text(b);
	if (pc_str_eq(a, b))
		return true;
	if (memchr(a.ptr, '.', a.len) && !memchr(b.ptr, '.', b.len)) {
		PcStr t = a;
		a = b;
		b = t;
	}
	return a.len && !memchr(a.ptr, '.', a.len) && b.len == package.len + 1 + a.len &&
	       memcmp(b.ptr, package.ptr, package.len) == 0 && b.ptr[package.len] == '.' &&
	       memcmp(b.ptr + package.len + 1, a.ptr, a.len) == 0;
}

/* `items_subset: [A, B]`: every comma-separated item of A is an item of B (OAuth scopes:
 * one string "scope1,scope2"). Items are few: a nested scan is fine. */
static bool items_subset(PcStr a, PcStr b)
{
	for (size_t i = 0; i < a.len;) {
		PcStr x = next_item(a, &i);
		if (x.len == 0)
			continue;
		bool found = false;
		for (size_t j = 0; j < b.len && !found;)
			found = pc_str_eq(x, next_item(b, &j));
		if (!found)
			return false;
	}
	return true;
}

static bool cond_eval(const PcRuleCond *k, const Eval *e)
{
	char b1[512], b2[512];
	const PcChange *c = e->c;
	switch (k->kind) {
	case COND_ALL:
		for (uint32_t i = 0; i < k->subs.len; i++)
			if (!cond_eval(PC_VEC_AT(k->subs, PcRuleCond *, i), e))
				return false;
		return true;
	case COND_ANY:
		for (uint32_t i = 0; i < k->subs.len; i++)
			if (cond_eval(PC_VEC_AT(k->subs, PcRuleCond *, i), e))
				return true;
		return false;
	case COND_NOT:
		return !cond_eval(PC_VEC_AT(k->subs, PcRuleCond *, 0), e);
	case COND_WIRE_MODE:
		return e->mode == (PcWireMode)k->flag;
	case COND_BREAKS: {
		/* Only in a rule's `when` (the loader sees to it), so the directions it
		 * evaluates never ask for `breaks:` themselves. */
		uint32_t breaks[PC_AUD_COUNT] = {0};
		change_breaks(e, breaks);
		for (int a = 0; a < PC_AUD_COUNT; a++)
			if ((k->flag & PC_AUD_BIT(a)) && breaks[a])
				return true;
		return false;
	}
	case COND_FLAG:
		return (c->flags & k->flag) != 0;
	case COND_EQ:
		return val_eq(get(c, &k->a, b1, sizeof b1), get(c, &k->b, b2, sizeof b2));
	case COND_NE:
		return !val_eq(get(c, &k->a, b1, sizeof b1), get(c, &k->b, b2, sizeof b2));
	case COND_SAME_GROUP: {
		char t1[32], t2[32];
		PcStr x = val_text(get(c, &k->a, b1, sizeof b1), t1, sizeof t1);
		PcStr y = val_text(get(c, &k->b, b2, sizeof b2), t2, sizeof t2);
		if (pc_str_eq(x, y))
			return true;
		int gx = group_of(k->groups, x);
		return gx >= 0 && gx == group_of(k->groups, y);
	}
	case COND_MATCHES: {
		char t1[32];
		return pc_regex_match(k->re, val_text(get(c, &k->a, b1, sizeof b1), t1, sizeof t1));
	}
	case COND_FITS: {
		char t1[32], t2[32];
		PcStr x = val_text(get(c, &k->a, b1, sizeof b1), t1, sizeof t1);
		PcStr y = val_text(get(c, &k->b, b2, sizeof b2), t2, sizeof t2);
		return fits(k->fits, x, y);
	}
	case COND_LIST_PREFIX:
	case COND_ITEMS_SUBSET:
	case COND_SAME_TYPE_NAME: {
		char t1[32], t2[32];
		PcStr x = val_text(get(c, &k->a, b1, sizeof b1), t1, sizeof t1);
		PcStr y = val_text(get(c, &k->b, b2, sizeof b2), t2, sizeof t2);
		if (k->kind == COND_SAME_TYPE_NAME)
			return same_type_name(x, y, c->package);
		return k->kind == COND_LIST_PREFIX ? list_prefix(x, y) : items_subset(x, y);
	}
	}
	return false;
}

/* ---- loading ---- */

typedef struct Loader {
	PcRuleSet *rs;
	Priv *p;
	const char *path;
	yaml_document_t *doc;
	bool builtin;
	bool in_rule_when;   /* parsing a rule's own `when`: `breaks:` is allowed */
	int errors;
} Loader;

static void lerr(Loader *L, const yaml_node_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void lerr(Loader *L, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	int line = n ? (int)n->start_mark.line + 1 : 0, col = n ? (int)n->start_mark.column + 1 : 0;
	pc_diag_add(L->rs->diags, PC_SEV_ERROR, L->path, line, col, (PcStr){0}, "%s", msg);
	L->errors++;
}

static yaml_node_t *node(Loader *L, int id)
{
	return yaml_document_get_node(L->doc, id);
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a scalar";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	case YAML_NO_NODE: return "nothing";
	}
	return "nothing";
}

static bool want(Loader *L, const yaml_node_t *n, yaml_node_type_t t, const char *what)
{
	if (n && n->type == t)
		return true;
	const char *expect = t == YAML_SCALAR_NODE ? "a scalar" : t == YAML_SEQUENCE_NODE ? "a list" : "a mapping";
	lerr(L, n, "%s must be %s, not %s", what, expect, n ? node_kind(n) : "nothing");
	return false;
}

/* The scalar's text, copied into the rule set's arena. */
static PcStr scalar(Loader *L, const yaml_node_t *n)
{
	char *s = pc_arena_strndup(L->rs->arena, (const char *)n->data.scalar.value, n->data.scalar.length);
	return (PcStr){s, n->data.scalar.length};
}

static bool scalar_is(const yaml_node_t *n, const char *s)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
	       memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

static bool parse_int(PcStr s, int64_t *out)
{
	if (s.len == 0 || s.len > 20)
		return false;
	char buf[24];
	memcpy(buf, s.ptr, s.len);
	buf[s.len] = '\0';
	char *end;
	long long v = strtoll(buf, &end, 10);
	if (*end)
		return false;
	*out = v;
	return true;
}

/* A list of scalars (a lone scalar counts as a list of one). */
static bool scalar_list(Loader *L, yaml_node_t *n, const char *what, PcVec *out)
{
	if (n->type == YAML_SCALAR_NODE) {
		*PC_VEC_PUSH(out, yaml_node_t *, L->rs->arena) = n;
		return true;
	}
	if (!want(L, n, YAML_SEQUENCE_NODE, what))
		return false;
	bool ok = true;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *x = node(L, *it);
		if (!want(L, x, YAML_SCALAR_NODE, what))
			ok = false;
		else
			*PC_VEC_PUSH(out, yaml_node_t *, L->rs->arena) = x;
	}
	return ok;
}

static const Groups *find_groups(const Priv *p, PcStr name)
{
	for (uint32_t i = 0; i < p->groups.len; i++)
		if (pc_str_eq(PC_VEC_AT(p->groups, Groups *, i)->name, name))
			return PC_VEC_AT(p->groups, Groups *, i);
	return NULL;
}

static const Names *find_names(const Priv *p, PcStr name)
{
	for (uint32_t i = 0; i < p->names.len; i++)
		if (pc_str_eq(PC_VEC_AT(p->names, Names *, i)->name, name))
			return PC_VEC_AT(p->names, Names *, i);
	return NULL;
}

static const Fits *find_fits(const Priv *p, PcStr name)
{
	for (uint32_t i = 0; i < p->fits.len; i++)
		if (pc_str_eq(PC_VEC_AT(p->fits, Fits *, i)->name, name))
			return PC_VEC_AT(p->fits, Fits *, i);
	return NULL;
}

static bool table_exists(const Priv *p, PcStr name)
{
	return find_groups(p, name) || find_names(p, name) || find_fits(p, name);
}

/* fits: {TABLE: {from: [to, ...], ...}, ...} */
static void load_fits(Loader *L, yaml_node_t *n)
{
	if (!want(L, n, YAML_MAPPING_NODE, "'fits'"))
		return;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(L, pr->key), *v = node(L, pr->value);
		if (!want(L, k, YAML_SCALAR_NODE, "a table name") || !want(L, v, YAML_MAPPING_NODE, "a fits table"))
			continue;
		PcStr name = scalar(L, k);
		if (table_exists(L->p, name)) {
			lerr(L, k, "duplicate table '%.*s'", (int)name.len, name.ptr);
			continue;
		}
		Fits *t = PC_NEW(L->rs->arena, Fits);
		t->name = name;
		for (yaml_node_pair_t *e = v->data.mapping.pairs.start; e < v->data.mapping.pairs.top; e++) {
			yaml_node_t *from = node(L, e->key);
			PcVec tos = {0};
			if (!want(L, from, YAML_SCALAR_NODE, "a value") || !scalar_list(L, node(L, e->value), "a value", &tos))
				continue;
			for (uint32_t j = 0; j < tos.len; j++)
				*PC_VEC_PUSH(&t->pairs, FitsEntry, L->rs->arena) =
					(FitsEntry){scalar(L, from), scalar(L, PC_VEC_AT(tos, yaml_node_t *, j))};
		}
		*PC_VEC_PUSH(&L->p->fits, Fits *, L->rs->arena) = t;
	}
}

/* groups: {TABLE: [[a, b], [c, d]], ...} */
static void load_groups(Loader *L, yaml_node_t *n)
{
	if (!want(L, n, YAML_MAPPING_NODE, "'groups'"))
		return;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(L, pr->key), *v = node(L, pr->value);
		if (!want(L, k, YAML_SCALAR_NODE, "a table name") || !want(L, v, YAML_SEQUENCE_NODE, "a groups table"))
			continue;
		PcStr name = scalar(L, k);
		if (table_exists(L->p, name)) {
			lerr(L, k, "duplicate table '%.*s'", (int)name.len, name.ptr);
			continue;
		}
		Groups *g = PC_NEW(L->rs->arena, Groups);
		g->name = name;
		int gi = 0;
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++, gi++) {
			yaml_node_t *grp = node(L, *it);
			PcVec keys = {0};
			if (!want(L, grp, YAML_SEQUENCE_NODE, "a group") || !scalar_list(L, grp, "a group member", &keys))
				continue;
			for (uint32_t j = 0; j < keys.len; j++) {
				yaml_node_t *kn = PC_VEC_AT(keys, yaml_node_t *, j);
				PcStr key = scalar(L, kn);
				if (group_of(g, key) >= 0) {
					lerr(L, kn, "'%.*s' is in two groups of table '%.*s'", (int)key.len, key.ptr,
					     (int)name.len, name.ptr);
					continue;
				}
				*PC_VEC_PUSH(&g->keys, GroupKey, L->rs->arena) = (GroupKey){key, gi};
			}
		}
		*PC_VEC_PUSH(&L->p->groups, Groups *, L->rs->arena) = g;
	}
}

/* names: {TABLE: {1: open, 2: closed}, ...} */
static void load_names(Loader *L, yaml_node_t *n)
{
	if (!want(L, n, YAML_MAPPING_NODE, "'names'"))
		return;
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(L, pr->key), *v = node(L, pr->value);
		if (!want(L, k, YAML_SCALAR_NODE, "a table name") || !want(L, v, YAML_MAPPING_NODE, "a names table"))
			continue;
		PcStr name = scalar(L, k);
		if (table_exists(L->p, name)) {
			lerr(L, k, "duplicate table '%.*s'", (int)name.len, name.ptr);
			continue;
		}
		Names *t = PC_NEW(L->rs->arena, Names);
		t->name = name;
		for (yaml_node_pair_t *e = v->data.mapping.pairs.start; e < v->data.mapping.pairs.top; e++) {
			yaml_node_t *ek = node(L, e->key), *ev = node(L, e->value);
			int64_t num;
			if (!want(L, ek, YAML_SCALAR_NODE, "a number") || !want(L, ev, YAML_SCALAR_NODE, "a name"))
				continue;
			if (!parse_int(scalar(L, ek), &num)) {
				lerr(L, ek, "names table keys must be integers");
				continue;
			}
			*PC_VEC_PUSH(&t->entries, NameEntry, L->rs->arena) = (NameEntry){num, scalar(L, ev)};
		}
		*PC_VEC_PUSH(&L->p->names, Names *, L->rs->arena) = t;
	}
}

/* An operand: an operand name, or a literal. typed_as, when given, is the other side
 * of a comparison; a literal compared with an integer operand must be an integer. */
static bool operand(Loader *L, yaml_node_t *n, const Operand *typed_as, Operand *out)
{
	if (!want(L, n, YAML_SCALAR_NODE, "an operand"))
		return false;
	PcStr s = scalar(L, n);
	Opnd op = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? opnd_parse(s) : OP_LITERAL;
	*out = (Operand){op, {false, 0, s}, NULL};
	if (op != OP_LITERAL)
		return true;
	if (typed_as && typed_as->op != OP_LITERAL && opnd_info[typed_as->op].is_int) {
		if (!parse_int(s, &out->lit.i)) {
			lerr(L, n, "'%.*s' is compared with '%s' and must be an integer", (int)s.len, s.ptr,
			     opnd_info[typed_as->op].name);
			return false;
		}
		out->lit.is_int = true;
	}
	return true;
}

static PcRuleCond *cond(Loader *L, yaml_node_t *n);

static PcRuleCond *new_cond(Loader *L, CondKind k)
{
	PcRuleCond *c = PC_NEW(L->rs->arena, PcRuleCond);
	c->kind = k;
	return c;
}

/* eq / ne: [a, b] */
static PcRuleCond *cond_compare(Loader *L, CondKind k, yaml_node_t *v)
{
	if (!want(L, v, YAML_SEQUENCE_NODE, "a comparison"))
		return NULL;
	yaml_node_item_t *it = v->data.sequence.items.start;
	if (v->data.sequence.items.top - it != 2) {
		lerr(L, v, "a comparison takes two operands");
		return NULL;
	}
	PcRuleCond *c = new_cond(L, k);
	yaml_node_t *an = node(L, it[0]), *bn = node(L, it[1]);
	if (!operand(L, an, NULL, &c->a) || !operand(L, bn, &c->a, &c->b))
		return NULL;
	if (c->a.op == OP_LITERAL && c->b.op == OP_LITERAL) {
		lerr(L, an, "a comparison needs at least one operand (unknown operand '%.*s'?)", (int)c->a.lit.s.len,
		     c->a.lit.s.ptr);
		return NULL;
	}
	if (c->a.op == OP_LITERAL && opnd_info[c->b.op].is_int && !operand(L, an, &c->b, &c->a))
		return NULL;
	return c;
}

/* Keys of a mapping condition: find one, complaining about unknown ones. */
static yaml_node_t *map_get(Loader *L, yaml_node_t *m, const char *key)
{
	for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++)
		if (scalar_is(node(L, pr->key), key))
			return node(L, pr->value);
	return NULL;
}

static bool map_check_keys(Loader *L, yaml_node_t *m, const char *const *keys, const char *what)
{
	bool ok = true;
	for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(L, pr->key);
		bool known = false;
		for (const char *const *x = keys; *x; x++)
			if (scalar_is(k, *x))
				known = true;
		if (!known) {
			if (k->type == YAML_SCALAR_NODE)
				lerr(L, k, "unknown key '%s' in %s", (const char *)k->data.scalar.value, what);
			else
				lerr(L, k, "keys of %s must be scalars", what);
			ok = false;
		}
	}
	return ok;
}

static PcRuleCond *cond_same_group(Loader *L, yaml_node_t *v)
{
	static const char *const keys[] = {"table", "old", "new", NULL};
	if (!want(L, v, YAML_MAPPING_NODE, "'same_group'") || !map_check_keys(L, v, keys, "same_group"))
		return NULL;
	yaml_node_t *t = map_get(L, v, "table"), *o = map_get(L, v, "old"), *nw = map_get(L, v, "new");
	if (!t || !o || !nw) {
		lerr(L, v, "same_group needs 'table', 'old' and 'new'");
		return NULL;
	}
	PcRuleCond *c = new_cond(L, COND_SAME_GROUP);
	if (!want(L, t, YAML_SCALAR_NODE, "'table'"))
		return NULL;
	PcStr name = scalar(L, t);
	c->groups = find_groups(L->p, name);
	if (!c->groups) {
		lerr(L, t, "unknown groups table '%.*s'", (int)name.len, name.ptr);
		return NULL;
	}
	if (!operand(L, o, NULL, &c->a) || !operand(L, nw, NULL, &c->b))
		return NULL;
	return c;
}

/* fits: {table: T, from: A, to: B} */
static PcRuleCond *cond_fits(Loader *L, yaml_node_t *v)
{
	static const char *const keys[] = {"table", "from", "to", NULL};
	if (!want(L, v, YAML_MAPPING_NODE, "'fits'") || !map_check_keys(L, v, keys, "fits"))
		return NULL;
	yaml_node_t *t = map_get(L, v, "table"), *f = map_get(L, v, "from"), *to = map_get(L, v, "to");
	if (!t || !f || !to) {
		lerr(L, v, "fits needs 'table', 'from' and 'to'");
		return NULL;
	}
	if (!want(L, t, YAML_SCALAR_NODE, "'table'"))
		return NULL;
	PcRuleCond *c = new_cond(L, COND_FITS);
	PcStr name = scalar(L, t);
	c->fits = find_fits(L->p, name);
	if (!c->fits) {
		lerr(L, t, "unknown fits table '%.*s'", (int)name.len, name.ptr);
		return NULL;
	}
	if (!operand(L, f, NULL, &c->a) || !operand(L, to, NULL, &c->b))
		return NULL;
	return c;
}

static PcRuleCond *cond_matches(Loader *L, yaml_node_t *v)
{
	static const char *const keys[] = {"field", "regex", NULL};
	if (!want(L, v, YAML_MAPPING_NODE, "'matches'") || !map_check_keys(L, v, keys, "matches"))
		return NULL;
	yaml_node_t *f = map_get(L, v, "field"), *r = map_get(L, v, "regex");
	if (!f || !r) {
		lerr(L, v, "matches needs 'field' and 'regex'");
		return NULL;
	}
	if (!want(L, f, YAML_SCALAR_NODE, "'field'") || !want(L, r, YAML_SCALAR_NODE, "'regex'"))
		return NULL;
	PcRuleCond *c = new_cond(L, COND_MATCHES);
	PcStr fs = scalar(L, f);
	c->a = (Operand){opnd_parse(fs), {0}, NULL};
	if (c->a.op == OP_LITERAL) {
		lerr(L, f, "unknown operand '%.*s'", (int)fs.len, fs.ptr);
		return NULL;
	}
	const char *err = NULL;
	size_t off = 0;
	c->re = pc_regex_compile(scalar(L, r), L->rs->arena, &err, &off);
	if (!c->re) {
		/* Point at the offending byte when the pattern sits on one line. */
		yaml_node_t at = *r;
		bool quoted = r->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			      r->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		if (r->start_mark.line == r->end_mark.line && r->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
			at.start_mark.column += off + (quoted ? 1 : 0);
		lerr(L, &at, "bad regex: %s at offset %zu", err, off);
		return NULL;
	}
	return c;
}

/* wire_mode: buf | exact (the run's --wire). */
static PcRuleCond *cond_wire_mode(Loader *L, yaml_node_t *v)
{
	PcWireMode m;
	if (!want(L, v, YAML_SCALAR_NODE, "'wire_mode'"))
		return NULL;
	if (!pc_wire_mode_parse(scalar(L, v), &m)) {
		lerr(L, v, "unknown wire mode '%s' (buf or exact)", (const char *)v->data.scalar.value);
		return NULL;
	}
	PcRuleCond *c = new_cond(L, COND_WIRE_MODE);
	c->flag = m;
	return c;
}

/* breaks: AUDIENCE | [AUDIENCE, ...]: the rule's own directions break one of them in
 * some direction. Only in a rule's `when`: directions cannot depend on themselves. */
static PcRuleCond *cond_breaks(Loader *L, yaml_node_t *v)
{
	if (!L->in_rule_when) {
		lerr(L, v, "'breaks' is only allowed in a rule's own 'when'");
		return NULL;
	}
	PcVec items = {0};
	if (v->type == YAML_SCALAR_NODE)
		*PC_VEC_PUSH(&items, yaml_node_t *, L->rs->arena) = v;
	else if (!scalar_list(L, v, "an audience", &items))
		return NULL;
	PcRuleCond *c = new_cond(L, COND_BREAKS);
	for (uint32_t i = 0; i < items.len; i++) {
		yaml_node_t *x = PC_VEC_AT(items, yaml_node_t *, i);
		uint32_t bit = pc_audiences_parse(scalar(L, x));
		if (!bit || (bit & (bit - 1))) {
			lerr(L, x, "unknown audience '%s' (wire, json or source)", (const char *)x->data.scalar.value);
			return NULL;
		}
		c->flag |= bit;
	}
	if (!c->flag) {
		lerr(L, v, "'breaks' needs an audience (wire, json or source)");
		return NULL;
	}
	return c;
}

/* A condition: a mapping with exactly one predicate key. */
static PcRuleCond *cond(Loader *L, yaml_node_t *n)
{
	if (!want(L, n, YAML_MAPPING_NODE, "a condition"))
		return NULL;
	if (n->data.mapping.pairs.top - n->data.mapping.pairs.start != 1) {
		lerr(L, n, "a condition has exactly one predicate (use all: [...] to combine)");
		return NULL;
	}
	yaml_node_t *k = node(L, n->data.mapping.pairs.start->key), *v = node(L, n->data.mapping.pairs.start->value);
	if (!want(L, k, YAML_SCALAR_NODE, "a predicate"))
		return NULL;
	if (scalar_is(k, "all") || scalar_is(k, "any")) {
		if (!want(L, v, YAML_SEQUENCE_NODE, (const char *)k->data.scalar.value))
			return NULL;
		PcRuleCond *c = new_cond(L, scalar_is(k, "all") ? COND_ALL : COND_ANY);
		bool ok = true;
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			PcRuleCond *s = cond(L, node(L, *it));
			if (!s)
				ok = false;
			else
				*PC_VEC_PUSH(&c->subs, PcRuleCond *, L->rs->arena) = s;
		}
		return ok ? c : NULL;
	}
	if (scalar_is(k, "not")) {
		PcRuleCond *s = cond(L, v);
		if (!s)
			return NULL;
		PcRuleCond *c = new_cond(L, COND_NOT);
		*PC_VEC_PUSH(&c->subs, PcRuleCond *, L->rs->arena) = s;
		return c;
	}
	if (scalar_is(k, "flag")) {
		if (!want(L, v, YAML_SCALAR_NODE, "'flag'"))
			return NULL;
		for (size_t i = 0; i < NFLAGS; i++)
			if (scalar_is(v, flag_names[i])) {
				PcRuleCond *c = new_cond(L, COND_FLAG);
				c->flag = 1u << i;
				return c;
			}
		lerr(L, v, "unknown flag '%s'", (const char *)v->data.scalar.value);
		return NULL;
	}
	if (scalar_is(k, "eq"))
		return cond_compare(L, COND_EQ, v);
	if (scalar_is(k, "ne"))
		return cond_compare(L, COND_NE, v);
	if (scalar_is(k, "same_group"))
		return cond_same_group(L, v);
	if (scalar_is(k, "list_prefix"))
		return cond_compare(L, COND_LIST_PREFIX, v);
	if (scalar_is(k, "items_subset"))
		return cond_compare(L, COND_ITEMS_SUBSET, v);
	if (scalar_is(k, "same_type_name"))
		return cond_compare(L, COND_SAME_TYPE_NAME, v);
	if (scalar_is(k, "matches"))
		return cond_matches(L, v);
	if (scalar_is(k, "fits"))
		return cond_fits(L, v);
	if (scalar_is(k, "wire_mode"))
		return cond_wire_mode(L, v);
	if (scalar_is(k, "breaks"))
		return cond_breaks(L, v);
	lerr(L, k, "unknown predicate '%s'", (const char *)k->data.scalar.value);
	return NULL;
}

/* A message template: text with {operand} or {operand|names} placeholders; {{ and }}
 * stand for braces. */
static bool template(Loader *L, yaml_node_t *n, PcVec *segs)
{
	PcStr s = scalar(L, n);
	size_t lit = 0, i = 0;
	PcArena *a = L->rs->arena;
	char *text = PC_NEW_ARRAY(a, char, s.len + 1);
	size_t tn = 0;
	bool ok = true;
	while (i < s.len) {
		char ch = s.ptr[i];
		if ((ch == '{' || ch == '}') && i + 1 < s.len && s.ptr[i + 1] == ch) {
			text[tn++] = ch;
			i += 2;
			continue;
		}
		if (ch == '}') {
			lerr(L, n, "unmatched '}' in template");
			return false;
		}
		if (ch != '{') {
			text[tn++] = ch;
			i++;
			continue;
		}
		const char *close = memchr(s.ptr + i, '}', s.len - i);
		if (!close) {
			lerr(L, n, "unterminated placeholder in template");
			return false;
		}
		if (tn > lit)
			*PC_VEC_PUSH(segs, Seg, a) = (Seg){true, {text + lit, tn - lit}, {0}, SEG_PLAIN};
		PcStr ph = {s.ptr + i + 1, (size_t)(close - (s.ptr + i + 1))};
		PcStr table = {0};
		const char *bar = memchr(ph.ptr, '|', ph.len);
		if (bar) {
			table = (PcStr){bar + 1, (size_t)(ph.ptr + ph.len - bar - 1)};
			ph.len = (size_t)(bar - ph.ptr);
		}
		Seg seg = {false, {0}, {opnd_parse(ph), {0}, NULL}, SEG_PLAIN};
		if (seg.opnd.op == OP_LITERAL) {
			lerr(L, n, "unknown placeholder '{%.*s}' in template", (int)ph.len, ph.ptr);
			ok = false;
		}
		if (bar && pc_str_eq_c(table, "escape")) {
			seg.filter = SEG_ESCAPE;
		} else if (bar && pc_str_eq_c(table, "capital")) {
			seg.filter = SEG_CAPITAL;
		} else if (bar && pc_str_eq_c(table, "bytes")) {
			seg.filter = SEG_BYTES;
		} else if (bar) {
			seg.opnd.names = find_names(L->p, table);
			if (!seg.opnd.names) {
				lerr(L, n, "unknown names table '%.*s' in template", (int)table.len, table.ptr);
				ok = false;
			}
		}
		*PC_VEC_PUSH(segs, Seg, a) = seg;
		i = (size_t)(close - s.ptr) + 1;
		lit = tn;
	}
	if (tn > lit)
		*PC_VEC_PUSH(segs, Seg, a) = (Seg){true, {text + lit, tn - lit}, {0}, SEG_PLAIN};
	return ok;
}

/* losses: [{when: COND, text: TEMPLATE}, ...]: what the writer's data (old.*) loses when
 * read as the reader's (new.*); the forward direction is described by the same list with
 * the sides swapped. The first alternative that holds gives the text; none may hold. */
static void load_losses(Loader *L, yaml_node_t *n, RuleX *r)
{
	static const char *const keys[] = {"when", "text", NULL};
	PcArena *a = L->rs->arena;
	if (!want(L, n, YAML_SEQUENCE_NODE, "'losses'"))
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *alt = node(L, *it);
		if (!want(L, alt, YAML_MAPPING_NODE, "a losses alternative") ||
		    !map_check_keys(L, alt, keys, "a losses alternative"))
			continue;
		yaml_node_t *w = map_get(L, alt, "when"), *t = map_get(L, alt, "text");
		if (!t) {
			lerr(L, alt, "a losses alternative needs 'text'");
			continue;
		}
		if (!want(L, t, YAML_SCALAR_NODE, "'text'"))
			continue;
		MsgAlt *m = PC_VEC_PUSH(&r->losses, MsgAlt, a);
		m->text = scalar(L, t);
		*PC_VEC_PUSH(&r->pub.losses, PcStr, a) = m->text;
		template(L, t, &m->segs);
		if (w)
			m->when = cond(L, w);
	}
}

/* message: "text" | [{when: COND, text: "..."}, ..., {text: "..."}] */
static bool message(Loader *L, yaml_node_t *n, RuleX *r)
{
	PcArena *a = L->rs->arena;
	if (n->type == YAML_SCALAR_NODE) {
		MsgAlt *m = PC_VEC_PUSH(&r->alts, MsgAlt, a);
		m->text = scalar(L, n);
		r->pub.message = m->text;
		return template(L, n, &m->segs);
	}
	if (!want(L, n, YAML_SEQUENCE_NODE, "'message'"))
		return false;
	static const char *const keys[] = {"when", "text", NULL};
	bool ok = true;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *alt = node(L, *it);
		if (!want(L, alt, YAML_MAPPING_NODE, "a message alternative") ||
		    !map_check_keys(L, alt, keys, "a message alternative")) {
			ok = false;
			continue;
		}
		yaml_node_t *w = map_get(L, alt, "when"), *t = map_get(L, alt, "text");
		if (!t || !want(L, t, YAML_SCALAR_NODE, "'text'")) {
			if (!t)
				lerr(L, alt, "a message alternative needs 'text'");
			ok = false;
			continue;
		}
		MsgAlt *m = PC_VEC_PUSH(&r->alts, MsgAlt, a);
		m->text = scalar(L, t);
		if (!template(L, t, &m->segs))
			ok = false;
		if (w && !(m->when = cond(L, w)))
			ok = false;
		if (!w || !r->pub.message.len)
			r->pub.message = m->text;
	}
	if (r->alts.len && PC_VEC_AT(r->alts, MsgAlt, r->alts.len - 1).when) {
		lerr(L, n, "the last message alternative must have no 'when'");
		ok = false;
	}
	return ok;
}

static bool categories(Loader *L, yaml_node_t *v, uint32_t *out)
{
	PcVec items = {0};
	if (!scalar_list(L, v, "a category", &items))
		return false;
	*out = 0;
	bool ok = true;
	for (uint32_t i = 0; i < items.len; i++) {
		yaml_node_t *x = PC_VEC_AT(items, yaml_node_t *, i);
		uint32_t c = pc_category_parse(scalar(L, x));
		if (!c) {
			char known[256];
			size_t n = 0;
			for (size_t k = 0; k < NCATEGORIES; k++)
				n += (size_t)snprintf(known + n, sizeof known - n, "%s%s", k == 0 ? "" : k + 1 < NCATEGORIES ? ", " : " or ",
						      category_names[k]);
			lerr(L, x, "unknown category '%s' (%s)", (const char *)x->data.scalar.value, known);
			ok = false;
		}
		*out |= c;
	}
	return ok;
}

static bool text_field(Loader *L, yaml_node_t *v, const char *what, PcStr *out)
{
	if (!want(L, v, YAML_SCALAR_NODE, what))
		return false;
	PcStr s = scalar(L, v);
	/* Folded scalars end with a newline; keep texts single-ended. */
	while (s.len && (s.ptr[s.len - 1] == '\n' || s.ptr[s.len - 1] == ' '))
		s.len--;
	*out = s;
	return true;
}

static bool direction_word(const yaml_node_t *v, uint32_t *out)
{
	static const char *const words[] = {"none", "backward", "forward", "both"};
	for (uint32_t i = 0; i < 4; i++)
		if (scalar_is(v, words[i])) {
			*out = i;
			return true;
		}
	return false;
}

/* One audience's entry: a direction, or {backward: COND, forward: COND} (each
 * direction breaks when its condition holds). */
static void audience_entry(Loader *L, yaml_node_t *v, DirAlt *d, PcRuleDirections *pub, int aud)
{
	if (v->type == YAML_SCALAR_NODE) {
		if (!direction_word(v, &d->fixed[aud]))
			lerr(L, v, "unknown direction '%s' (backward, forward, both or none)",
			     (const char *)v->data.scalar.value);
		pub->breaks[aud] = d->fixed[aud];
		return;
	}
	static const char *const keys[] = {"backward", "forward", NULL};
	if (!want(L, v, YAML_MAPPING_NODE, "an audience's directions") ||
	    !map_check_keys(L, v, keys, "an audience's directions"))
		return;
	yaml_node_t *b = map_get(L, v, "backward"), *f = map_get(L, v, "forward");
	if (b && (d->backward[aud] = cond(L, b)))
		pub->maybe[aud] |= PC_DIR_BACKWARD;
	if (f && (d->forward[aud] = cond(L, f)))
		pub->maybe[aud] |= PC_DIR_FORWARD;
}

/* {case: TEXT, when: COND, wire: D, json: D, source: D}; a missing audience breaks
 * in no direction. */
static void direction_alt(Loader *L, yaml_node_t *n, RuleX *r, bool single)
{
	static const char *const keys[] = {"case", "when", "wire", "json", "source", NULL};
	if (!want(L, n, YAML_MAPPING_NODE, "a directions alternative") ||
	    !map_check_keys(L, n, keys, "a directions alternative"))
		return;
	PcArena *a = L->rs->arena;
	int errors = L->errors;
	DirAlt *d = PC_VEC_PUSH(&r->dir_alts, DirAlt, a);
	PcRuleDirections *pub = PC_VEC_PUSH(&r->pub.direction_cases, PcRuleDirections, a);
	yaml_node_t *v;
	if ((v = map_get(L, n, "case")))
		text_field(L, v, "'case'", &pub->label);
	if ((v = map_get(L, n, "when"))) {
		if (single)
			lerr(L, v, "'when' needs a list of alternatives (directions: [{when: ..., ...}, {...}])");
		d->when = cond(L, v);
	}
	pub->otherwise = d->when == NULL;
	bool any = false;
	for (int i = 0; i < PC_AUD_COUNT; i++) {
		if ((v = map_get(L, n, pc_audience_name((PcAudience)i))))
			audience_entry(L, v, d, pub, i);
		any = any || pub->breaks[i] || pub->maybe[i];
	}
	if (!any && L->errors == errors)
		lerr(L, n, "a directions alternative must break some audience (wire, json or source)");
}

/* directions: WORD (every audience) | ALTERNATIVE | [ALTERNATIVE, ..., ALTERNATIVE
 * without 'when'] */
static void load_directions(Loader *L, yaml_node_t *v, RuleX *r)
{
	PcArena *a = L->rs->arena;
	if (v->type == YAML_SCALAR_NODE) {
		uint32_t dir;
		if (!direction_word(v, &dir) || dir == 0) {
			lerr(L, v, "unknown direction '%s' (backward, forward or both)", (const char *)v->data.scalar.value);
			return;
		}
		DirAlt *d = PC_VEC_PUSH(&r->dir_alts, DirAlt, a);
		PcRuleDirections *pub = PC_VEC_PUSH(&r->pub.direction_cases, PcRuleDirections, a);
		pub->otherwise = true;
		for (int i = 0; i < PC_AUD_COUNT; i++)
			d->fixed[i] = pub->breaks[i] = dir;
	} else if (v->type == YAML_MAPPING_NODE) {
		direction_alt(L, v, r, true);
	} else if (want(L, v, YAML_SEQUENCE_NODE, "'directions'")) {
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
			direction_alt(L, node(L, *it), r, false);
		uint32_t n = r->dir_alts.len;
		if (n == 0 || PC_VEC_AT(r->dir_alts, DirAlt, n - 1).when)
			lerr(L, v, "the last directions alternative must have no 'when'");
	}
	for (uint32_t i = 0; i < r->pub.direction_cases.len; i++) {
		const PcRuleDirections *pub = &PC_VEC_AT(r->pub.direction_cases, PcRuleDirections, i);
		for (int k = 0; k < PC_AUD_COUNT; k++)
			r->pub.directions |= pub->breaks[k] | pub->maybe[k];
	}
}

static void load_rule(Loader *L, yaml_node_t *n)
{
	static const char *const keys[] = {
		"id", "categories", "categories_v1", "categories_v1beta1", "versions", "directions",
		"severity", "purpose", "message", "explanation", "fix", "deprecated", "replaced_by",
		"on", "when", "extension", "losses", NULL,
	};
	if (!want(L, n, YAML_MAPPING_NODE, "a rule"))
		return;
	int errors = L->errors;
	map_check_keys(L, n, keys, "a rule");
	PcArena *a = L->rs->arena;
	RuleX *r = PC_NEW(a, RuleX);
	PcRule *p = &r->pub;
	p->builtin = L->builtin;
	p->path = L->path;
	p->line = (int)n->start_mark.line + 1;
	p->col = (int)n->start_mark.column + 1;
	p->severity = PC_SEV_ERROR;
	p->versions = PC_VER_ALL;
	bool has_v1 = false, has_v1beta1 = false, has_dirs = false;
	yaml_node_t *v, *idn = map_get(L, n, "id");
	if (!idn) {
		lerr(L, n, "a rule needs an 'id'");
		return;
	}
	if (!want(L, idn, YAML_SCALAR_NODE, "'id'"))
		return;
	p->id = scalar(L, idn);
	if (p->id.len == 0) {
		lerr(L, idn, "empty rule id");
		return;
	}
	for (size_t i = 0; i < p->id.len; i++) {
		char ch = p->id.ptr[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')) {
			lerr(L, idn, "rule id '%.*s' must be UPPER_SNAKE_CASE", (int)p->id.len, p->id.ptr);
			break;
		}
	}
	const PcRule *prev = pc_ruleset_find(L->rs, p->id);
	if (prev || pc_category_parse(p->id)) {
		lerr(L, idn, "duplicate rule id '%.*s'", (int)p->id.len, p->id.ptr);
		if (prev)
			pc_diag_add(L->rs->diags, PC_SEV_NOTE, prev->path, prev->line, prev->col, (PcStr){0},
				    "'%.*s' was first defined here", (int)p->id.len, p->id.ptr);
		return;
	}
	if ((v = map_get(L, n, "deprecated"))) {
		if (scalar_is(v, "true"))
			p->deprecated = true;
		else if (!scalar_is(v, "false"))
			lerr(L, v, "'deprecated' must be true or false");
	}
	if ((v = map_get(L, n, "extension"))) {
		if (scalar_is(v, "true"))
			p->extension = true;
		else if (!scalar_is(v, "false"))
			lerr(L, v, "'extension' must be true or false");
	}
	if ((v = map_get(L, n, "categories")))
		categories(L, v, &p->categories);
	p->categories_v1 = p->categories_v1beta1 = p->categories & ~(uint32_t)PC_CAT_CSR;
	if ((v = map_get(L, n, "categories_v1")) && categories(L, v, &p->categories_v1))
		has_v1 = true;
	if ((v = map_get(L, n, "categories_v1beta1")) && categories(L, v, &p->categories_v1beta1))
		has_v1beta1 = true;
	if ((p->categories_v1 | p->categories_v1beta1) & PC_CAT_CSR)
		lerr(L, n, "buf.yaml v1 and v1beta1 have no CSR category");
	if (has_v1 && !has_v1beta1)
		p->categories_v1beta1 = p->categories_v1;
	if ((v = map_get(L, n, "versions"))) {
		PcVec items = {0};
		p->versions = 0;
		if (scalar_list(L, v, "a version", &items))
			for (uint32_t i = 0; i < items.len; i++) {
				yaml_node_t *x = PC_VEC_AT(items, yaml_node_t *, i);
				uint32_t ver = x->data.scalar.length ? version_parse(scalar(L, x)) : 0;
				if (!ver)
					lerr(L, x, "unknown version '%s' (v1beta1, v1 or v2)",
					     (const char *)x->data.scalar.value);
				p->versions |= ver;
			}
	}
	if ((v = map_get(L, n, "directions"))) {
		has_dirs = true;
		load_directions(L, v, r);
	}
	if ((v = map_get(L, n, "severity"))) {
		if (scalar_is(v, "error"))
			p->severity = PC_SEV_ERROR;
		else if (scalar_is(v, "warning"))
			p->severity = PC_SEV_WARNING;
		else
			lerr(L, v, "unknown severity '%s' (error or warning)",
			     v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "?");
	}
	if ((v = map_get(L, n, "purpose")))
		text_field(L, v, "'purpose'", &p->purpose);
	else
		lerr(L, n, "rule '%.*s' needs a 'purpose'", (int)p->id.len, p->id.ptr);
	if ((v = map_get(L, n, "explanation")))
		text_field(L, v, "'explanation'", &p->explanation);
	if ((v = map_get(L, n, "fix")))
		text_field(L, v, "'fix'", &p->fix);
	if ((v = map_get(L, n, "replaced_by"))) {
		PcVec items = {0};
		if (!p->deprecated)
			lerr(L, v, "only a deprecated rule has 'replaced_by'");
		if (scalar_list(L, v, "a rule id", &items))
			for (uint32_t i = 0; i < items.len; i++)
				*PC_VEC_PUSH(&p->replaced_by, PcStr, a) = scalar(L, PC_VEC_AT(items, yaml_node_t *, i));
	}
	if ((v = map_get(L, n, "on"))) {
		PcVec items = {0};
		if (scalar_list(L, v, "a change kind", &items))
			for (uint32_t i = 0; i < items.len; i++) {
				yaml_node_t *x = PC_VEC_AT(items, yaml_node_t *, i);
				PcChangeKind k = pc_change_kind_parse(scalar(L, x));
				if (k == PC_CHANGE_KIND_COUNT)
					lerr(L, x, "unknown change kind '%s'", (const char *)x->data.scalar.value);
				else
					*PC_VEC_PUSH(&p->kinds, PcChangeKind, a) = k;
			}
	}
	if ((v = map_get(L, n, "when"))) {
		L->in_rule_when = true;
		p->cond = cond(L, v);
		L->in_rule_when = false;
	}
	if ((v = map_get(L, n, "losses")))
		load_losses(L, v, r);
	if ((v = map_get(L, n, "message")))
		message(L, v, r);
	if (p->deprecated) {
		if (p->kinds.len)
			lerr(L, n, "a deprecated rule is an alias and cannot have 'on'");
		if (p->categories)
			lerr(L, n, "a deprecated rule is an alias and cannot have categories");
	} else {
		if (!p->kinds.len)
			lerr(L, n, "rule '%.*s' needs 'on' (the change kinds it fires on)", (int)p->id.len, p->id.ptr);
		if (!r->alts.len)
			lerr(L, n, "rule '%.*s' needs a 'message'", (int)p->id.len, p->id.ptr);
		if (!has_dirs)
			lerr(L, n, "rule '%.*s' needs 'directions' (backward, forward or both)", (int)p->id.len,
			     p->id.ptr);
	}
	if (L->errors == errors) {
		p->index = L->rs->rules.len;
		*PC_VEC_PUSH(&L->rs->rules, PcRule *, a) = p;
	}
}

static void load_rules(Loader *L, yaml_node_t *n)
{
	if (!want(L, n, YAML_SEQUENCE_NODE, "'rules'"))
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
		load_rule(L, node(L, *it));
}

/* Pass 1 reads the tables, pass 2 the rules. */
static void load_doc(Loader *L, int pass)
{
	static const char *const keys[] = {"rules", "groups", "names", "fits", NULL};
	yaml_node_t *root = yaml_document_get_root_node(L->doc);
	if (!root)
		return;
	if (pass == 1) {
		if (!want(L, root, YAML_MAPPING_NODE, "a rule file"))
			return;
		map_check_keys(L, root, keys, "a rule file");
	}
	if (root->type != YAML_MAPPING_NODE)
		return;
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(L, pr->key), *v = node(L, pr->value);
		if (pass == 1 && scalar_is(k, "groups"))
			load_groups(L, v);
		else if (pass == 1 && scalar_is(k, "names"))
			load_names(L, v);
		else if (pass == 1 && scalar_is(k, "fits"))
			load_fits(L, v);
		else if (pass == 2 && scalar_is(k, "rules"))
			load_rules(L, v);
	}
}

static bool parse_doc(PcRuleSet *rs, const char *path, const char *data, size_t len, yaml_document_t *doc)
{
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	bool ok = yaml_parser_load(&parser, doc) != 0;
	if (!ok) {
		int line = (int)parser.problem_mark.line + 1, col = (int)parser.problem_mark.column + 1;
		pc_diag_add(rs->diags, PC_SEV_ERROR, path, line, col, (PcStr){0}, "invalid YAML: %s%s%s",
			    parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
			    parser.context ? parser.context : "");
	}
	yaml_parser_delete(&parser);
	return ok;
}

/* Indexes rules by change kind; checks aliases point at known rules. */
static int finish_load(PcRuleSet *rs)
{
	Priv *p = rs->priv;
	int errors = 0;
	for (int k = 0; k < PC_CHANGE_KIND_COUNT; k++)
		p->by_kind[k] = (PcVec){0};
	for (uint32_t i = 0; i < rs->rules.len; i++) {
		const PcRule *r = PC_VEC_AT(rs->rules, PcRule *, i);
		for (uint32_t j = 0; j < r->kinds.len; j++) {
			PcChangeKind k = PC_VEC_AT(r->kinds, PcChangeKind, j);
			*PC_VEC_PUSH(&p->by_kind[k], uint32_t, rs->arena) = i;
		}
		for (uint32_t j = 0; j < r->replaced_by.len; j++) {
			PcStr id = PC_VEC_AT(r->replaced_by, PcStr, j);
			const PcRule *t = pc_ruleset_find(rs, id);
			if (!t || t->deprecated) {
				pc_diag_add(rs->diags, PC_SEV_ERROR, r->path, r->line, r->col, (PcStr){0},
					    "'%.*s' is replaced by unknown rule '%.*s'", (int)r->id.len, r->id.ptr,
					    (int)id.len, id.ptr);
				errors++;
			}
		}
	}
	return errors;
}

void pc_ruleset_init(PcRuleSet *rs, PcArena *a, PcDiags *diags)
{
	*rs = (PcRuleSet){a, diags, {0}, PC_WIRE_BUF, NULL};
	rs->priv = PC_NEW(a, Priv);
}

typedef struct Input {
	const char *path;
	const char *data;
	size_t len;
	bool builtin;
} Input;

static int load_inputs(PcRuleSet *rs, const Input *in, uint32_t n)
{
	yaml_document_t *docs = PC_NEW_ARRAY(rs->arena, yaml_document_t, n);
	bool *ok = PC_NEW_ARRAY(rs->arena, bool, n);
	int errors = 0;
	for (uint32_t i = 0; i < n; i++) {
		ok[i] = parse_doc(rs, in[i].path, in[i].data, in[i].len, &docs[i]);
		if (!ok[i])
			errors++;
	}
	for (int pass = 1; pass <= 2; pass++)
		for (uint32_t i = 0; i < n; i++) {
			if (!ok[i])
				continue;
			Loader L = {rs, rs->priv, in[i].path, &docs[i], in[i].builtin, false, 0};
			load_doc(&L, pass);
			errors += L.errors;
		}
	for (uint32_t i = 0; i < n; i++)
		if (ok[i])
			yaml_document_delete(&docs[i]);
	errors += finish_load(rs);
	return errors ? 2 : 0;
}

int pc_ruleset_load_builtin(PcRuleSet *rs)
{
	uint32_t n = 0;
	while (pc_rule_files[n].name)
		n++;
	Input *in = PC_NEW_ARRAY(rs->arena, Input, n ? n : 1);
	for (uint32_t i = 0; i < n; i++) {
		size_t len = strlen(pc_rule_files[i].name) + 7;
		char *path = pc_arena_alloc(rs->arena, len);
		snprintf(path, len, "rules/%s", pc_rule_files[i].name);
		in[i] = (Input){path, pc_rule_files[i].data, pc_rule_files[i].len, true};
	}
	return load_inputs(rs, in, n);
}

int pc_ruleset_load_file(PcRuleSet *rs, const char *path)
{
	/* A FIFO would block in fopen and a device such as /dev/zero never ends. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		pc_diag_add(rs->diags, PC_SEV_ERROR, path, 0, 0, (PcStr){0}, "cannot open rule file: not a regular file");
		return 2;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		pc_diag_add(rs->diags, PC_SEV_ERROR, path, 0, 0, (PcStr){0}, "cannot open rule file: %s",
			    strerror(errno));
		return 2;
	}
	size_t cap = 4096, len = 0;
	char *data = pc_arena_alloc(rs->arena, cap);
	for (;;) {
		size_t got = fread(data + len, 1, cap - len, f);
		len += got;
		if (len < cap)
			break;
		data = pc_arena_grow(rs->arena, data, cap, cap * 2);
		cap *= 2;
	}
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		pc_diag_add(rs->diags, PC_SEV_ERROR, path, 0, 0, (PcStr){0}, "cannot read rule file");
		return 2;
	}
	Input in = {pc_arena_strndup(rs->arena, path, strlen(path)), data, len, false};
	return load_inputs(rs, &in, 1);
}

const PcRule *pc_ruleset_find(const PcRuleSet *rs, PcStr id)
{
	for (uint32_t i = 0; i < rs->rules.len; i++)
		if (pc_str_eq(PC_VEC_AT(rs->rules, PcRule *, i)->id, id))
			return PC_VEC_AT(rs->rules, PcRule *, i);
	return NULL;
}

/* Edit distance of a and b with adjacent transpositions (optimal string alignment),
 * ignoring case; SIZE_MAX past 64 bytes. Three rows suffice. */
static size_t name_distance(PcStr a, PcStr b)
{
	enum { MAXN = 64 };
	if (a.len > MAXN || b.len > MAXN)
		return SIZE_MAX;
	size_t rows[3][MAXN + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= b.len; j++)
		prev[j] = j;
	for (size_t i = 1; i <= a.len; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= b.len; j++) {
			int ca = toupper((unsigned char)a.ptr[i - 1]), cb = toupper((unsigned char)b.ptr[j - 1]);
			size_t d = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == toupper((unsigned char)b.ptr[j - 2]) &&
			    toupper((unsigned char)a.ptr[i - 2]) == cb && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[b.len];
}

const char *pc_ruleset_did_you_mean(const PcRuleSet *rs, PcStr name, bool categories)
{
	/* Known, but not to this buf.yaml version (FIELD_SAME_LABEL in v2, CSR in v1): say so. */
	if (categories && pc_category_parse(name) == PC_CAT_CSR)
		return "; it is a buf.yaml v2 category";
	const PcRule *known = pc_ruleset_find(rs, name);
	if (known) {
		static const char *const vers[] = {"v1beta1", "v1", "v2"};
		char out[512];
		size_t n = (size_t)snprintf(out, sizeof out, "; it is a buf.yaml ");
		for (size_t i = 0, k = 0; i < 3 && n < sizeof out; i++)
			if (known->versions & (1u << i))
				n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", k++ ? "/" : "", vers[i]);
		if (n < sizeof out)
			n += (size_t)snprintf(out + n, sizeof out - n, " ID");
		for (uint32_t i = 0; i < known->replaced_by.len && n < sizeof out; i++) {
			PcStr r = PC_VEC_AT(known->replaced_by, PcStr, i);
			n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", i ? ", " : ", replaced by ",
					      (int)r.len, r.ptr);
		}
		return pc_arena_strndup(rs->arena, out, n < sizeof out ? n : sizeof out - 1);
	}
	/* Close enough: at most a third of the name's bytes differ (at least one). */
	size_t best = name.len / 3 ? name.len / 3 : 1;
	PcStr pick = {0};
	for (size_t i = 0; categories && i < NCATEGORIES; i++) {
		PcStr c = pc_str(category_names[i]);
		size_t d = name_distance(name, c);
		if (!pc_str_eq(name, c) && d <= best && (!pick.ptr || d < best)) {
			best = d;
			pick = c;
		}
	}
	for (uint32_t i = 0; i < rs->rules.len; i++) {
		PcStr id = PC_VEC_AT(rs->rules, PcRule *, i)->id;
		size_t d = name_distance(name, id);
		if (!pc_str_eq(name, id) && d <= best && (!pick.ptr || d < best)) {
			best = d;
			pick = id;
		}
	}
	if (!pick.ptr)
		return "";
	size_t n = pick.len + 20;
	char *out = pc_arena_alloc(rs->arena, n);
	snprintf(out, n, "; did you mean %.*s?", (int)pick.len, pick.ptr);
	return out;
}

/* ---- selection ---- */

static uint32_t rule_categories(const PcRule *r, uint32_t ver)
{
	return ver == PC_VER_V2 ? r->categories : ver == PC_VER_V1 ? r->categories_v1 : r->categories_v1beta1;
}

/* Sets mark[] for what name stands for under version ver; false when unknown. */
static bool mark_name(const PcRuleSet *rs, uint32_t ver, PcStr name, bool *mark)
{
	uint32_t cat = pc_category_parse(name);
	if (cat && !(cat == PC_CAT_CSR && ver != PC_VER_V2)) {
		for (uint32_t i = 0; i < rs->rules.len; i++) {
			const PcRule *r = PC_VEC_AT(rs->rules, PcRule *, i);
			if ((r->versions & ver) && !r->deprecated && (rule_categories(r, ver) & cat))
				mark[i] = true;
		}
		return true;
	}
	for (uint32_t i = 0; i < rs->rules.len; i++) {
		const PcRule *r = PC_VEC_AT(rs->rules, PcRule *, i);
		if (!(r->versions & ver) || !pc_str_eq(r->id, name))
			continue;
		mark[i] = true;
		for (uint32_t j = 0; j < r->replaced_by.len; j++) {
			PcStr t = PC_VEC_AT(r->replaced_by, PcStr, j);
			for (uint32_t k = 0; k < rs->rules.len; k++)
				if (pc_str_eq(PC_VEC_AT(rs->rules, PcRule *, k)->id, t))
					mark[k] = true;
		}
		return true;
	}
	return false;
}

int pc_ruleset_select(const PcRuleSet *rs, PcStr version, const PcStr *use, uint32_t nuse,
		      const PcStr *except, uint32_t nexcept, bool *enabled)
{
	uint32_t ver = version_parse(version);
	if (!ver) {
		pc_diag_add(rs->diags, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0}, "unknown buf.yaml version \"%.*s\"",
			    (int)version.len, version.ptr);
		return 2;
	}
	uint32_t n = rs->rules.len;
	bool *excluded = PC_NEW_ARRAY(rs->arena, bool, n ? n : 1);
	int errors = 0;
	for (uint32_t i = 0; i < n; i++)
		enabled[i] = false;
	static const PcStr file_only = {"FILE", 4};
	if (nuse == 0) {
		use = &file_only;
		nuse = 1;
	}
	for (int pass = 0; pass < 2; pass++) {
		const PcStr *names = pass ? except : use;
		uint32_t count = pass ? nexcept : nuse;
		for (uint32_t i = 0; i < count; i++)
			if (!mark_name(rs, ver, names[i], pass ? excluded : enabled)) {
				pc_diag_add(rs->diags, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
					    "\"%.*s\" is not a known rule or category ID%s", (int)names[i].len,
					    names[i].ptr, pc_ruleset_did_you_mean(rs, names[i], true));
				errors++;
			}
	}
	for (uint32_t i = 0; i < n; i++) {
		const PcRule *r = PC_VEC_AT(rs->rules, PcRule *, i);
		/* A user rule without categories runs whatever the selection. */
		if (!r->builtin && !r->deprecated && r->categories == 0)
			enabled[i] = true;
		if (excluded[i] || r->deprecated || !r->kinds.len)
			enabled[i] = false;
	}
	return errors ? 2 : 0;
}

/* ---- evaluation ---- */

/* Appends t with backslashes, quotes and control bytes escaped, as buf quotes values. */
static size_t put_escaped(char *out, size_t cap, size_t n, PcStr t)
{
	for (size_t i = 0; i < t.len && n + 5 < cap; i++) {
		unsigned char ch = (unsigned char)t.ptr[i];
		if (ch == '\\' || ch == '"') {
			out[n++] = '\\';
			out[n++] = (char)ch;
		} else if (ch == '\n') {
			out[n++] = '\\';
			out[n++] = 'n';
		} else if (ch == '\t') {
			out[n++] = '\\';
			out[n++] = 't';
		} else if (ch < 0x20 || ch == 0x7f) {
			n += (size_t)snprintf(out + n, cap - n, "\\x%02x", ch);
		} else {
			out[n++] = (char)ch;
		}
	}
	return n;
}

static int octal_digit(char ch)
{
	return ch >= '0' && ch <= '7' ? ch - '0' : -1;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* Appends the bytes of a C-escaped value (a descriptor's bytes default_value: \NNN,
 * \xHH and the one-letter escapes) as buf prints a bytes default: [0x1,0x78], [] when
 * empty, hex digits upper case. */
static size_t put_bytes(char *out, size_t cap, size_t n, PcStr t)
{
	static const char simple[] = "n\nr\rt\ta\ab\bf\fv\v";
	if (n + 1 < cap)
		out[n++] = '[';
	for (size_t i = 0, k = 0; i < t.len && n + 8 < cap; k++) {
		unsigned v = (unsigned char)t.ptr[i++];
		if (v == '\\' && i < t.len) {
			char e = t.ptr[i++];
			const char *m = e ? strchr(simple, e) : NULL;
			if (octal_digit(e) >= 0) {
				v = (unsigned)octal_digit(e);
				for (int d = 1; d < 3 && i < t.len && octal_digit(t.ptr[i]) >= 0; d++)
					v = v * 8 + (unsigned)octal_digit(t.ptr[i++]);
			} else if ((e == 'x' || e == 'X') && i < t.len && hex_digit(t.ptr[i]) >= 0) {
				v = (unsigned)hex_digit(t.ptr[i++]);
				if (i < t.len && hex_digit(t.ptr[i]) >= 0)
					v = v * 16 + (unsigned)hex_digit(t.ptr[i++]);
			} else if (m && (m - simple) % 2 == 0) {
				v = (unsigned char)m[1];
			} else {
				v = (unsigned char)e; /* \" \' \\ \? */
			}
		}
		n += (size_t)snprintf(out + n, cap - n, "%s0x%X", k ? "," : "", v & 0xffu);
	}
	if (n + 1 < cap)
		out[n++] = ']';
	return n;
}

/* The text of the first alternative of alts (of MsgAlt) that holds, appended to
 * out[n..cap); returns the new length (n when none holds). */
static size_t render_into(const PcVec *alts, const Eval *e, char *out, size_t cap, size_t n)
{
	const PcChange *c = e->c;
	const MsgAlt *alt = NULL;
	for (uint32_t i = 0; i < alts->len && !alt; i++) {
		const MsgAlt *m = &PC_VEC_AT(*alts, MsgAlt, i);
		if (!m->when || cond_eval(m->when, e))
			alt = m;
	}
	if (!alt)
		return n;
	for (uint32_t i = 0; i < alt->segs.len; i++) {
		const Seg *s = &PC_VEC_AT(alt->segs, Seg, i);
		char buf[512], num[32];
		PcStr t = s->text;
		if (!s->literal) {
			Val v = get(c, &s->opnd, buf, sizeof buf);
			t = val_text(v, num, sizeof num);
			if (s->opnd.names && v.is_int)
				for (uint32_t j = 0; j < s->opnd.names->entries.len; j++)
					if (PC_VEC_AT(s->opnd.names->entries, NameEntry, j).value == v.i)
						t = PC_VEC_AT(s->opnd.names->entries, NameEntry, j).text;
		}
		if (s->filter == SEG_ESCAPE) {
			n = put_escaped(out, cap, n, t);
			continue;
		}
		if (s->filter == SEG_BYTES) {
			n = put_bytes(out, cap, n, t);
			continue;
		}
		size_t k = t.len < cap - 1 - n ? t.len : cap - 1 - n;
		if (k)
			memcpy(out + n, t.ptr, k);
		if (k && s->filter == SEG_CAPITAL && out[n] >= 'a' && out[n] <= 'z')
			out[n] = (char)(out[n] - 'a' + 'A');
		n += k;
	}
	return n;
}

static PcStr render(const PcRuleSet *rs, const Eval *e)
{
	char out[4096];
	size_t n = render_into(&e->r->alts, e, out, sizeof out, 0);
	return (PcStr){pc_arena_strndup(rs->arena, out, n), n};
}

/* The change as the other direction sees it: NEW's side as the writer (old.*), OLD's as
 * the reader (new.*); a oneof that joins one way splits the other. */
static PcChange swap_sides(const PcChange *c)
{
	PcChange s = *c;
	s.old_elem = c->new_elem;
	s.new_elem = c->old_elem;
	s.old_parent = c->new_parent;
	s.new_parent = c->old_parent;
	s.old_val = c->new_val;
	s.new_val = c->old_val;
	s.flags &= ~(uint32_t)(PC_CHANGE_F_ONEOF_JOINS | PC_CHANGE_F_ONEOF_SPLITS);
	if (c->flags & PC_CHANGE_F_ONEOF_JOINS)
		s.flags |= PC_CHANGE_F_ONEOF_SPLITS;
	if (c->flags & PC_CHANGE_F_ONEOF_SPLITS)
		s.flags |= PC_CHANGE_F_ONEOF_JOINS;
	return s;
}

/* --wire exact: "backward: LOSS; forward: LOSS" for the wire directions that break,
 * each from the rule's `losses:` (forward with the sides swapped). */
static PcStr render_loss(const PcRuleSet *rs, const Eval *e, uint32_t wire)
{
	char out[4096];
	size_t n = 0;
	PcChange sw = swap_sides(e->c);
	for (uint32_t d = PC_DIR_BACKWARD; d <= PC_DIR_FORWARD; d <<= 1) {
		if (!(wire & d))
			continue;
		Eval de = {d == PC_DIR_BACKWARD ? e->c : &sw, e->r, e->mode};
		size_t head = n;
		int k = snprintf(out + n, sizeof out - n, "%s%s (%s): ", n ? "; " : "", pc_direction_name(d),
				 d == PC_DIR_BACKWARD ? "NEW reads OLD's data" : "OLD reads NEW's data");
		if (k < 0 || (size_t)k >= sizeof out - n)
			break;
		n += (size_t)k;
		size_t body = n;
		n = render_into(&e->r->losses, &de, out, sizeof out, n);
		if (n == body)
			n = head; /* no alternative describes this direction */
	}
	return (PcStr){pc_arena_strndup(rs->arena, out, n), n};
}

typedef struct Sorted {
	PcFinding f;
	uint32_t seq;
} Sorted;

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

static int cmp_str(PcStr a, PcStr b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
	return c ? c : cmp_int(a.len > b.len, a.len < b.len);
}

static int cmp_finding(const void *x, const void *y)
{
	const Sorted *a = x, *b = y;
	const PcPos *pa = &a->f.pos, *pb = &b->f.pos;
	int c = cmp_int(pa->file != NULL, pb->file != NULL);
	if (!c && pa->file)
		c = cmp_str(pa->file->name, pb->file->name);
	/* A whole-file position prints as 1:1 (spans are 0-based) and sorts so, as in buf. */
	PcSpan sa = pa->span, sb = pb->span;
	if (sa.line < 0)
		sa = (PcSpan){0, 0, 0, 0};
	if (sb.line < 0)
		sb = (PcSpan){0, 0, 0, 0};
	bool placed = pa->file != NULL;
	/* buf's order (bufanalysis): start, then type and message, then end. */
	if (!c && placed)
		c = cmp_int(sa.line, sb.line);
	if (!c && placed)
		c = cmp_int(sa.col, sb.col);
	if (!c)
		c = cmp_str(a->f.rule->id, b->f.rule->id);
	if (!c)
		c = cmp_str(a->f.message, b->f.message);
	if (!c && placed)
		c = cmp_int(sa.end_line, sb.end_line);
	if (!c && placed)
		c = cmp_int(sa.end_col, sb.end_col);
	if (!c)
		c = cmp_int((int)(a->seq > b->seq), (int)(a->seq < b->seq));
	return c;
}

/* breaks[] for a change: the first alternative that holds decides. */
static void change_breaks(const Eval *e, uint32_t *breaks)
{
	const RuleX *r = e->r;
	for (uint32_t i = 0; i < r->dir_alts.len; i++) {
		const DirAlt *d = &PC_VEC_AT(r->dir_alts, DirAlt, i);
		if (d->when && !cond_eval(d->when, e))
			continue;
		for (int k = 0; k < PC_AUD_COUNT; k++) {
			breaks[k] = d->fixed[k];
			if (d->backward[k] && cond_eval(d->backward[k], e))
				breaks[k] |= PC_DIR_BACKWARD;
			if (d->forward[k] && cond_eval(d->forward[k], e))
				breaks[k] |= PC_DIR_FORWARD;
		}
		return;
	}
}

bool pc_ruleset_wants(const PcRuleSet *rs, const bool *enabled, PcChangeKind k)
{
	const Priv *p = rs->priv;
	if ((unsigned)k >= PC_CHANGE_KIND_COUNT)
		return false;
	const PcVec *idx = &p->by_kind[k];
	for (uint32_t j = 0; j < idx->len; j++)
		if (enabled[PC_VEC_AT(*idx, uint32_t, j)])
			return true;
	return false;
}

void pc_ruleset_evaluate(const PcRuleSet *rs, const bool *enabled, uint32_t directions, uint32_t audiences,
			 const PcChangeList *changes, PcVec *out)
{
	const Priv *p = rs->priv;
	if (!audiences)
		audiences = PC_AUDS_ALL;
	PcVec found = {0};
	for (uint32_t i = 0; i < changes->items.len; i++) {
		const PcChange *c = &PC_VEC_AT(changes->items, PcChange, i);
		if (c->kind >= PC_CHANGE_KIND_COUNT)
			continue;
		const PcVec *idx = &p->by_kind[c->kind];
		for (uint32_t j = 0; j < idx->len; j++) {
			uint32_t ri = PC_VEC_AT(*idx, uint32_t, j);
			const PcRule *r = PC_VEC_AT(rs->rules, PcRule *, ri);
			if (!enabled[ri] || !(r->directions & directions))
				continue;
			Eval e = {c, (const RuleX *)r, rs->wire_mode};
			if (r->cond && !cond_eval(r->cond, &e))
				continue;
			uint32_t breaks[PC_AUD_COUNT] = {0}, dir = 0;
			change_breaks(&e, breaks);
			for (int k = 0; k < PC_AUD_COUNT; k++)
				if (audiences & PC_AUD_BIT(k))
					dir |= breaks[k];
			if (!(dir & directions))
				continue;
			Sorted *s = PC_VEC_PUSH(&found, Sorted, rs->arena);
			s->seq = found.len;
			s->f = (PcFinding){.rule = r, .change = c, .pos = c->pos, .old_pos = c->old_pos,
					   .direction = dir, .audiences = audiences};
			memcpy(s->f.breaks, breaks, sizeof breaks);
			s->f.message = render(rs, &e);
			if (rs->wire_mode == PC_WIRE_EXACT && breaks[PC_AUD_WIRE])
				s->f.loss = render_loss(rs, &e, breaks[PC_AUD_WIRE]);
		}
	}
	if (found.len > 1)
		qsort(found.items, found.len, sizeof(Sorted), cmp_finding);
	for (uint32_t i = 0; i < found.len; i++)
		*PC_VEC_PUSH(out, PcFinding, rs->arena) = PC_VEC_AT(found, Sorted, i).f;
}
