/* The diff engine works in two passes. The index pass walks every compared file of both
 * schemas once and puts each element into one open-addressing hash table, under a key
 * made of a tag (what is indexed), the side (old or new), up to two names and a number:
 * files by path, packages by name, messages / enums / services by full name, the same
 * by name inside their package per file, extensions by (extendee, number), and so on.
 * Fields and enum values, most of the elements, stay out of it: each message pair
 * indexes its two field lists by number when it is compared, and an enum's values are
 * indexed by name and number when one of them is looked up (ValueIndex).
 * The compare pass then walks OLD in declaration order and looks each element's partner
 * up in NEW, so the whole diff is linear, and records come out in a stable order.
 * Positions follow buf: they are looked up by SourceCodeInfo path in a per-file index
 * built lazily (only files that get a finding pay for it), with the element's own span
 * as the fallback for files read without source info. Option values that the model
 * does not extract are read from PcOptions.encoded with a small wire-format reader. */
#include "diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optvalue.h"

/* ---- hash table ---- */

enum {
	T_FILE,      /* s1 path */
	T_PKG,       /* s1 package -> Pkg */
	T_MSG,       /* s1 full name */
	T_ENUM,
	T_SVC,
	T_EXT_NAME,  /* s1 full name of an extension */
	T_F_MSG,     /* s1 name inside the package, n file */
	T_F_ENUM,
	T_F_EXT,
	T_F_SVC,
	T_EXT,       /* s1 extendee, n number */
	T_ONEOF,     /* s1 message, s2 oneof name */
	T_RNAME,     /* s1 message or enum, s2 reserved name */
	T_METHOD,    /* s1 service, s2 method name */
	T_LOC_DONE,  /* n file -> its LocIndex */
	T_REN,       /* n element -> its rename partner (side: the element's) */
	T_REN_SIG,   /* n structure hash -> Bucket of rename candidates */
	T_REN_NAME,  /* s1 short name, n element kind -> Bucket */
	T_REN_KEY,   /* n a member's hash -> Bucket (the candidates having it) */
	T_REN_USE,   /* n OLD message or enum -> the NEW type that a paired field or method
		      * took in its place (REN_AMBIGUOUS when several) */
};

/* Names are kept as pointer and 32-bit length (sources stay under 4 GiB): 40 bytes. */
typedef struct Key {
	const char *p1, *p2;
	uint32_t l1, l2;
	int64_t n;
	uint8_t tag, side;
} Key;

typedef struct Entry {
	Key k;
	void *v;
} Entry;

/* Entries are stored densely in insertion order; the open-addressing index holds a
 * hash and an entry number (+1, 0 = empty) per slot, 8 bytes, at most half full. */
typedef struct Slot {
	uint32_t h, e;
} Slot;

typedef struct Map {
	Slot *slots;
	Entry *entries;
	uint32_t cap, len, max; /* index slots, entries used, entries allocated */
} Map;

typedef struct Pkg {
	PcStr name;
	PcVec files;    /* of const PcFile * */
	bool has_msg, has_enum, has_ext, has_svc;
} Pkg;

typedef struct NumGroup {
	PcVec values;   /* of const PcEnumValue *, declaration order */
} NumGroup;

/* One enum's values by name (the first of a name) and by number (all of a number, in
 * declaration order), built when a lookup asks for another enum than the last one of
 * its side, in a scratch arena of the side's that serves enum after enum: values stay
 * out of the big map like fields do. */
typedef struct ValueIndex {
	const PcEnum *e;
	PcArena scratch;
	const PcEnumValue **by_name; /* open addressing */
	NumGroup **by_number;        /* open addressing */
	uint32_t mask;
} ValueIndex;

/* One message's fields by number: an open-addressing table in a buffer that serves
 * message after message. Fields stay out of the big map (they are most of the
 * elements, and only their own message's pair ever looks them up). */
typedef struct FieldIndex {
	const PcField **slots;
	uint32_t cap, mask;
} FieldIndex;

static uint32_t number_hash(int32_t n)
{
	return (uint32_t)n * 2654435761u;
}

/* Keeps the first field of a number, like the map. */
static void field_index_build(FieldIndex *ix, const PcMessage *m, PcArena *a)
{
	uint32_t cap = 8;
	while (cap < m->fields.len * 2)
		cap *= 2;
	if (cap > ix->cap) {
		ix->slots = pc_arena_alloc(a, sizeof *ix->slots * cap);
		ix->cap = cap;
	}
	ix->mask = cap - 1;
	memset(ix->slots, 0, sizeof *ix->slots * cap);
	for (uint32_t i = 0; i < m->fields.len; i++) {
		const PcField *f = PC_VEC_AT(m->fields, PcField *, i);
		uint32_t h = number_hash(f->number) & ix->mask;
		while (ix->slots[h] && ix->slots[h]->number != f->number)
			h = (h + 1) & ix->mask;
		if (!ix->slots[h])
			ix->slots[h] = f;
	}
}

static const ValueIndex *value_index(ValueIndex *ix, const PcEnum *e)
{
	if (ix->e == e)
		return ix;
	pc_arena_reset(&ix->scratch);
	ix->e = e;
	uint32_t cap = 8;
	while (cap < e->values.len * 2)
		cap *= 2;
	ix->mask = cap - 1;
	ix->by_name = PC_NEW_ARRAY(&ix->scratch, const PcEnumValue *, cap);
	ix->by_number = PC_NEW_ARRAY(&ix->scratch, NumGroup *, cap);
	for (uint32_t i = 0; i < e->values.len; i++) {
		const PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		uint32_t h = pc_str_hash(v->name) & ix->mask;
		while (ix->by_name[h] && !pc_str_eq(ix->by_name[h]->name, v->name))
			h = (h + 1) & ix->mask;
		if (!ix->by_name[h])
			ix->by_name[h] = v;
		h = number_hash(v->number) & ix->mask;
		while (ix->by_number[h] && PC_VEC_AT(ix->by_number[h]->values, const PcEnumValue *, 0)->number != v->number)
			h = (h + 1) & ix->mask;
		if (!ix->by_number[h])
			ix->by_number[h] = PC_NEW(&ix->scratch, NumGroup);
		*PC_VEC_PUSH(&ix->by_number[h]->values, const PcEnumValue *, &ix->scratch) = v;
	}
	return ix;
}

static const PcField *field_index_get(const FieldIndex *ix, int32_t number)
{
	for (uint32_t h = number_hash(number) & ix->mask; ix->slots[h]; h = (h + 1) & ix->mask)
		if (ix->slots[h]->number == number)
			return ix->slots[h];
	return NULL;
}

typedef struct Ctx {
	const PcSchema *schema[2];
	const PcDiffConfig *cfg;
	PcArena *a;
	Map map;
	PcVec files[2];  /* of const PcFile *, the compared files */
	PcVec pkgs[2];   /* of Pkg *, first-seen order */
	const PcFile *single[2];
	PcVec *out;
	FieldIndex fields[2]; /* the fields of the message pair being compared */
	ValueIndex values[2]; /* the values of the last enum looked into, per side */
	/* OPTION_CHANGED: each side's options types and extensions, found on first use */
	const PcMessage *opt_types[2][9];
	bool opt_types_known[2];
	PcOptExts *opt_exts[2];
	PcVec opt_diffs;      /* of PcOptDiff, scratch for one element */
	PcVec renames;        /* of Cand * pairs (OLD, NEW): the renames to report */
} Ctx;

enum { OLD = 0, NEW = 1 };

static const PcEnumValue *value_by_name(Ctx *c, int side, const PcEnum *e, PcStr name)
{
	const ValueIndex *ix = value_index(&c->values[side], e);
	for (uint32_t h = pc_str_hash(name) & ix->mask; ix->by_name[h]; h = (h + 1) & ix->mask)
		if (pc_str_eq(ix->by_name[h]->name, name))
			return ix->by_name[h];
	return NULL;
}

/* The values of a number (NULL: none); valid until the side's next other enum. */
static const NumGroup *values_by_number(Ctx *c, int side, const PcEnum *e, int32_t number)
{
	const ValueIndex *ix = value_index(&c->values[side], e);
	for (uint32_t h = number_hash(number) & ix->mask; ix->by_number[h]; h = (h + 1) & ix->mask)
		if (PC_VEC_AT(ix->by_number[h]->values, const PcEnumValue *, 0)->number == number)
			return ix->by_number[h];
	return NULL;
}

static unsigned key_hash(const Key *k)
{
	unsigned h = pc_str_hash((PcStr){k->p1, k->l1}) * 31u + pc_str_hash((PcStr){k->p2, k->l2});
	h ^= (unsigned)k->n * 2654435761u ^ (unsigned)((uint64_t)k->n >> 32);
	return (h ^ (k->tag * 97u + k->side)) * 16777619u;
}

static bool key_eq(const Key *a, const Key *b)
{
	return a->tag == b->tag && a->side == b->side && a->n == b->n && a->l1 == b->l1 && a->l2 == b->l2 &&
	       (a->l1 == 0 || memcmp(a->p1, b->p1, a->l1) == 0) && (a->l2 == 0 || memcmp(a->p2, b->p2, a->l2) == 0);
}

static Slot *map_slot(const Map *m, const Key *k, unsigned h)
{
	uint32_t i = h & (m->cap - 1);
	while (m->slots[i].e && !(m->slots[i].h == h && key_eq(&m->entries[m->slots[i].e - 1].k, k)))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* Sizes the map for n keys. The entries are not zeroed, so the pages of an upper
 * bound that is never reached are never touched. */
static void map_reserve(Map *m, PcArena *a, size_t n)
{
	uint32_t cap = 1024;
	while (cap < n * 2 + 2 && cap < (1u << 30))
		cap *= 2;
	*m = (Map){PC_NEW_ARRAY(a, Slot, cap), pc_arena_alloc(a, sizeof(Entry) * (cap / 2)), cap, 0, cap / 2};
}

static void map_grow(Map *m, PcArena *a)
{
	Map big;
	map_reserve(&big, a, m->cap);
	for (uint32_t i = 0; i < m->len; i++) {
		big.entries[i] = m->entries[i];
		Slot *s = map_slot(&big, &m->entries[i].k, key_hash(&m->entries[i].k));
		*s = (Slot){key_hash(&m->entries[i].k), i + 1};
	}
	big.len = m->len;
	*m = big;
}

static size_t count_message_keys(const PcMessage *m)
{
	/* the message, twice per nesting (T_MSG, T_F_MSG), oneofs, reserved names, three
	 * keys per extension */
	size_t n = 2 + m->oneofs.len + m->reserved_names.len + m->extensions.len * 3;
	for (uint32_t i = 0; i < m->nested.len; i++)
		n += count_message_keys(PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++) {
		const PcEnum *e = PC_VEC_AT(m->enums, PcEnum *, i);
		n += 2 + e->reserved_names.len;
	}
	return n;
}

/* An upper bound on the keys one schema puts in the map (files, packages, elements). */
static size_t count_keys(const PcSchema *s)
{
	size_t n = 16;
	for (uint32_t i = 0; i < s->files.len; i++) {
		const PcFile *f = PC_VEC_AT(s->files, PcFile *, i);
		n += 3 + f->extensions.len * 3;
		for (uint32_t j = 0; j < f->messages.len; j++)
			n += count_message_keys(PC_VEC_AT(f->messages, PcMessage *, j));
		for (uint32_t j = 0; j < f->enums.len; j++) {
			const PcEnum *e = PC_VEC_AT(f->enums, PcEnum *, j);
			n += 2 + 2 * e->values.len + e->reserved_names.len;
		}
		for (uint32_t j = 0; j < f->services.len; j++)
			n += 2 + PC_VEC_AT(f->services, PcService *, j)->methods.len;
	}
	return n;
}

static Key make_key(uint32_t tag, uint32_t side, PcStr s1, PcStr s2, int64_t n)
{
	return (Key){s1.ptr, s2.ptr, (uint32_t)s1.len, (uint32_t)s2.len, n, (uint8_t)tag, (uint8_t)side};
}

static void *map_get(const Ctx *c, uint32_t tag, uint32_t side, PcStr s1, PcStr s2, int64_t n)
{
	Key k = make_key(tag, side, s1, s2, n);
	const Slot *s = map_slot(&c->map, &k, key_hash(&k));
	return s->e ? c->map.entries[s->e - 1].v : NULL;
}

/* Keeps the first value put under a key (protoc's first location, the first alias). */
static void **map_put(Ctx *c, uint32_t tag, uint32_t side, PcStr s1, PcStr s2, int64_t n, void *v)
{
	if (c->map.len == c->map.max)
		map_grow(&c->map, c->a);
	Key k = make_key(tag, side, s1, s2, n);
	unsigned h = key_hash(&k);
	Slot *s = map_slot(&c->map, &k, h);
	if (!s->e) {
		c->map.entries[c->map.len] = (Entry){k, v};
		*s = (Slot){h, ++c->map.len};
	}
	return &c->map.entries[s->e - 1].v;
}

static const PcStr NOSTR = {"", 0};

static int64_t ptr_key(const void *p)
{
	return (int64_t)(intptr_t)p;
}

/* ---- small helpers ---- */

/* The name of an element inside its package ("Outer.Inner"). */
static PcStr nested_name(PcStr full, PcStr pkg)
{
	if (pkg.len == 0)
		return full;
	return pc_str_sub(full, pkg.len + 1, full.len - pkg.len - 1);
}

static PcStr strip_dot(PcStr s)
{
	return s.len && s.ptr[0] == '.' ? pc_str_sub(s, 1, s.len - 1) : s;
}

/* Reads the last value of a top-level field of a serialized message: varints into *v,
 * length-delimited fields into *s. Nested paths go through each level's occurrences. */
static bool read_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t r = 0;
	for (int shift = 0; *p < end && shift < 64; shift += 7) {
		unsigned char b = *(*p)++;
		r |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return true;
		}
	}
	return false;
}

static bool opt_find(PcStr enc, const uint32_t *path, int n, uint64_t *v, PcStr *s)
{
	const unsigned char *p = (const unsigned char *)enc.ptr, *end = p ? p + enc.len : p;
	bool found = false;
	while (p < end) {
		uint64_t tag, x = 0;
		if (!read_varint(&p, end, &tag))
			break;
		uint32_t field = (uint32_t)(tag >> 3), wt = (uint32_t)(tag & 7);
		PcStr sub = NOSTR;
		switch (wt) {
		case 0:
			if (!read_varint(&p, end, &x))
				return found;
			break;
		case 1:
			p += 8;
			break;
		case 5:
			p += 4;
			break;
		case 2:
			if (!read_varint(&p, end, &x) || x > (uint64_t)(end - p))
				return found;
			sub = (PcStr){(const char *)p, (size_t)x};
			p += x;
			break;
		default:
			return found;
		}
		if (p > end || field != path[0])
			continue;
		if (n == 1) {
			if (wt == 0)
				*v = x;
			*s = sub;
			found = true;
		} else if (wt == 2 && opt_find(sub, path + 1, n - 1, v, s)) {
			found = true;
		}
	}
	return found;
}

static bool opt_varint(const PcOptions *o, uint32_t field, uint64_t *v)
{
	PcStr s;
	return opt_find(o->encoded, &field, 1, v, &s);
}

/* ---- element paths and positions ---- */

typedef struct Path {
	int32_t p[128];
	int n;
	bool overflow;
} Path;

static void path_push(Path *p, int32_t a, int32_t b)
{
	if (p->n + 2 > (int)(sizeof p->p / sizeof p->p[0])) {
		p->overflow = true;
		return;
	}
	p->p[p->n++] = a;
	p->p[p->n++] = b;
}

static void path_msg(Path *p, const PcMessage *m)
{
	if (m->parent) {
		path_msg(p, m->parent);
		path_push(p, 3, (int32_t)m->index);
	} else {
		path_push(p, 4, (int32_t)m->index);
	}
}

static void path_enum(Path *p, const PcEnum *e)
{
	if (e->parent) {
		path_msg(p, e->parent);
		path_push(p, 4, (int32_t)e->index);
	} else {
		path_push(p, 5, (int32_t)e->index);
	}
}

static void path_field(Path *p, const PcField *f)
{
	if (f->parent) {
		path_msg(p, f->parent);
		path_push(p, f->is_extension ? 6 : 2, (int32_t)f->index);
	} else {
		path_push(p, 7, (int32_t)f->index);
	}
}

static void path_method(Path *p, const PcMethod *m)
{
	path_push(p, 6, (int32_t)m->parent->index);
	path_push(p, 2, (int32_t)m->index);
}

static void path_add(Path *p, int32_t x)
{
	if (p->n + 1 > (int)(sizeof p->p / sizeof p->p[0]))
		p->overflow = true;
	else
		p->p[p->n++] = x;
}

static PcStr path_key(const int32_t *path, uint32_t n)
{
	return (PcStr){(const char *)path, n * sizeof(int32_t)};
}

/* A file's locations by path: an open-addressing table of indexes into its locations
 * (4 bytes a slot), built the first time a change in that file needs a position (a
 * file loaded without source info gets its locations recreated then). Protoc's first
 * location wins for a repeated path. */
typedef struct LocIndex {
	PcVec locs;      /* of PcLocation */
	uint32_t *slots; /* location index + 1; 0 = empty */
	uint32_t mask;
} LocIndex;

static LocIndex *index_locations(Ctx *c, const PcFile *f)
{
	LocIndex *ix = PC_NEW(c->a, LocIndex);
	ix->locs = pc_schema_file_locations(f, c->a);
	uint32_t cap = 16;
	while (cap < ix->locs.len * 2 + 2)
		cap *= 2;
	ix->slots = PC_NEW_ARRAY(c->a, uint32_t, cap);
	ix->mask = cap - 1;
	for (uint32_t i = 0; i < ix->locs.len; i++) {
		const PcLocation *l = &PC_VEC_AT(ix->locs, PcLocation, i);
		PcStr key = path_key(l->path, l->path_len);
		uint32_t h = pc_str_hash(key) & ix->mask;
		for (;; h = (h + 1) & ix->mask) {
			if (!ix->slots[h]) {
				ix->slots[h] = i + 1;
				break;
			}
			const PcLocation *o = &PC_VEC_AT(ix->locs, PcLocation, ix->slots[h] - 1);
			if (pc_str_eq(path_key(o->path, o->path_len), key))
				break;
		}
	}
	return ix;
}

static PcSpan span_at(Ctx *c, const PcFile *f, const Path *p)
{
	if (!f || p->overflow)
		return PC_NO_SPAN;
	void **ixp = map_put(c, T_LOC_DONE, 0, NOSTR, NOSTR, ptr_key(f), NULL);
	if (!*ixp)
		*ixp = index_locations(c, f);
	const LocIndex *ix = *ixp;
	PcStr key = path_key(p->p, (uint32_t)p->n);
	for (uint32_t h = pc_str_hash(key) & ix->mask; ix->slots[h]; h = (h + 1) & ix->mask) {
		const PcLocation *l = &PC_VEC_AT(ix->locs, PcLocation, ix->slots[h] - 1);
		if (pc_str_eq(path_key(l->path, l->path_len), key))
			return l->span;
	}
	return PC_NO_SPAN;
}

static PcPos pos_in(Ctx *c, const PcFile *f, const Path *p, PcSpan fallback)
{
	PcSpan s = span_at(c, f, p);
	return (PcPos){f, s.line >= 0 ? s : fallback};
}

/* Whether other files may use a message or enum (edition 2024): `export` / `local` as
 * written, else the file's default_symbol_visibility feature (EXPORT_ALL 1,
 * EXPORT_TOP_LEVEL 2 (the 2024 default), LOCAL_ALL 3, STRICT 4). Older files export
 * everything. */
static PcVisibility effective_visibility(const PcFile *f, PcVisibility written, bool nested)
{
	if (written != PC_VIS_UNSET)
		return written;
	if (f->syntax != PC_SYNTAX_EDITIONS || f->edition < PC_EDITION_2024)
		return PC_VIS_EXPORT;
	switch (f->features.default_symbol_visibility) {
	case 1:
		return PC_VIS_EXPORT;
	case 3:
	case 4:
		return PC_VIS_LOCAL;
	default:
		return nested ? PC_VIS_LOCAL : PC_VIS_EXPORT;
	}
}

static const char *const visibility_names[] = {"unset", "local", "export"};

static PcPos pos_file(const PcFile *f)
{
	return (PcPos){f, PC_NO_SPAN};
}

static PcPos pos_msg(Ctx *c, const PcMessage *m)
{
	Path p = {.n = 0};
	path_msg(&p, m);
	return pos_in(c, m->file, &p, m->span);
}

static PcPos pos_enum(Ctx *c, const PcEnum *e)
{
	Path p = {.n = 0};
	path_enum(&p, e);
	return pos_in(c, e->file, &p, e->span);
}

/* A part of a field (sub = a FieldDescriptorProto field number, 0 for none), else
 * the fallback span, else the whole field: buf's "withBackupLocation" chain. */
static PcPos pos_field_part(Ctx *c, const PcField *f, int32_t sub, PcSpan fallback)
{
	Path p = {.n = 0};
	path_field(&p, f);
	if (sub) {
		Path q = p;
		path_add(&q, sub);
		PcSpan s = span_at(c, f->file, &q);
		if (s.line >= 0)
			return (PcPos){f->file, s};
	}
	if (fallback.line >= 0)
		return (PcPos){f->file, fallback};
	return pos_in(c, f->file, &p, f->span);
}

/* protoc's location of a default covers the value only; buf's compiler starts it at
 * the `default` keyword. Walks back over "default =" on the same line (no tabs, no
 * comments between, else protoc's span stays). */
static PcSpan default_keyword_span(Ctx *c, const PcField *f, PcSpan s)
{
	const PcSource *src = s.line >= 0 ? pc_file_source(f->file, c->a) : NULL;
	if (!src || (uint32_t)s.line >= src->nlines)
		return s;
	const char *data = src->data;
	uint32_t off = pc_source_offset(src, s.line, s.col), at = off;
	while (at > 0 && data[at - 1] == ' ')
		at--;
	if (at == 0 || data[at - 1] != '=')
		return s;
	at--;
	while (at > 0 && data[at - 1] == ' ')
		at--;
	static const char kw[] = "default";
	if (at < sizeof kw - 1 || memcmp(data + at - (sizeof kw - 1), kw, sizeof kw - 1) != 0)
		return s;
	at -= sizeof kw - 1;
	int32_t back = (int32_t)(off - at);
	if (back > s.col)
		return s;
	s.col -= back;
	return s;
}

static PcPos pos_field(Ctx *c, const PcField *f)
{
	return pos_field_part(c, f, 0, f->span);
}

/* An option of a field: path below FieldDescriptorProto.options (8); NO_SPAN if absent. */
static PcSpan field_option_span(Ctx *c, const PcField *f, const int32_t *sub, int n)
{
	Path p = {.n = 0};
	path_field(&p, f);
	path_add(&p, 8);
	for (int i = 0; i < n; i++)
		path_add(&p, sub[i]);
	return span_at(c, f->file, &p);
}

static PcPos pos_service(Ctx *c, const PcService *s)
{
	Path p = {.n = 0};
	path_push(&p, 6, (int32_t)s->index);
	return pos_in(c, s->file, &p, s->span);
}

static PcPos pos_method_part(Ctx *c, const PcMethod *m, int32_t sub, PcSpan fallback)
{
	Path p = {.n = 0};
	path_method(&p, m);
	if (sub)
		path_add(&p, sub);
	return pos_in(c, m->parent->file, &p, fallback);
}

/* ---- emitting ---- */

/* Whether OLD marked the element, or one enclosing it, deprecated (file included). */
static bool old_deprecated(PcElemKind ek, const void *elem)
{
	const PcMessage *m = NULL;
	const PcFile *f = NULL;
	switch (ek) {
	case PC_ELEM_FILE:
		f = elem;
		break;
	case PC_ELEM_MESSAGE:
		m = elem;
		f = m->file;
		break;
	case PC_ELEM_ENUM_VALUE:
		if (((const PcEnumValue *)elem)->opts.deprecated)
			return true;
		elem = ((const PcEnumValue *)elem)->parent;
		/* fall through */
	case PC_ELEM_ENUM: {
		const PcEnum *e = elem;
		if (e->opts.deprecated)
			return true;
		m = e->parent;
		f = e->file;
		break;
	}
	case PC_ELEM_FIELD: {
		const PcField *x = elem;
		if (x->opts.deprecated)
			return true;
		m = x->parent;
		f = x->file;
		break;
	}
	case PC_ELEM_METHOD:
		if (((const PcMethod *)elem)->opts.deprecated)
			return true;
		elem = ((const PcMethod *)elem)->parent;
		/* fall through */
	case PC_ELEM_SERVICE:
		if (((const PcService *)elem)->opts.deprecated)
			return true;
		f = ((const PcService *)elem)->file;
		break;
	default:
		return false;
	}
	for (; m; m = m->parent)
		if (m->opts.deprecated)
			return true;
	return f && f->opts.deprecated;
}

/* The deletions PcDiffConfig.deprecated_deletes looks at (not REQUIRED_FIELD_REMOVED:
 * OLD readers still demand the field, deprecated or not). */
static bool is_deletion(PcChangeKind k)
{
	switch (k) {
	case PC_CHANGE_FILE_DELETED:
	case PC_CHANGE_MESSAGE_DELETED:
	case PC_CHANGE_ENUM_DELETED:
	case PC_CHANGE_EXTENSION_DELETED:
	case PC_CHANGE_SERVICE_DELETED:
	case PC_CHANGE_PACKAGE_MESSAGE_DELETED:
	case PC_CHANGE_PACKAGE_ENUM_DELETED:
	case PC_CHANGE_PACKAGE_EXTENSION_DELETED:
	case PC_CHANGE_PACKAGE_SERVICE_DELETED:
	case PC_CHANGE_FIELD_DELETED:
	case PC_CHANGE_ENUM_VALUE_DELETED:
	case PC_CHANGE_RPC_DELETED:
		return true;
	default:
		return false;
	}
}

static PcChange *emit(Ctx *c, PcChangeKind kind, PcElemKind elem, const void *o, const void *n)
{
	PcChange *ch = PC_VEC_PUSH(c->out, PcChange, c->a);
	ch->kind = kind;
	ch->elem = elem;
	ch->old_elem = o;
	ch->new_elem = n;
	ch->pos = (PcPos){NULL, PC_NO_SPAN};
	ch->old_pos = (PcPos){NULL, PC_NO_SPAN};
	if (c->cfg->deprecated_deletes && is_deletion(kind) && old_deprecated(elem, o))
		ch->flags |= PC_CHANGE_F_DEPRECATED;
	return ch;
}

static void set_parents(PcChange *ch, PcElemKind k, const void *o, const void *n)
{
	ch->parent = k;
	ch->old_parent = o;
	ch->new_parent = n;
}

static PcChangeValue val_i(int64_t i)
{
	return (PcChangeValue){true, i, NOSTR};
}

static PcChangeValue val_s(PcStr s)
{
	return (PcChangeValue){true, 0, s};
}

/* ---- index pass ---- */

static Pkg *pkg_of(Ctx *c, int side, PcStr name)
{
	Pkg **slot = (Pkg **)map_put(c, T_PKG, (uint32_t)side, name, NOSTR, 0, NULL);
	if (!*slot) {
		*slot = PC_NEW(c->a, Pkg);
		(*slot)->name = name;
		*PC_VEC_PUSH(&c->pkgs[side], Pkg *, c->a) = *slot;
	}
	return *slot;
}

static void index_extension(Ctx *c, int side, const PcField *f, Pkg *pkg)
{
	map_put(c, T_EXT, (uint32_t)side, pc_field_x(f)->extendee, NOSTR, f->number, (void *)f);
	map_put(c, T_EXT_NAME, (uint32_t)side, f->full_name, NOSTR, 0, (void *)f);
	map_put(c, T_F_EXT, (uint32_t)side, nested_name(f->full_name, f->file->package), NOSTR, ptr_key(f->file),
		(void *)f);
	pkg->has_ext = true;
}

static void index_enum(Ctx *c, int side, const PcEnum *e, Pkg *pkg)
{
	map_put(c, T_ENUM, (uint32_t)side, e->full_name, NOSTR, 0, (void *)e);
	map_put(c, T_F_ENUM, (uint32_t)side, nested_name(e->full_name, e->file->package), NOSTR,
		ptr_key(e->file), (void *)e);
	pkg->has_enum = true;
	for (uint32_t i = 0; i < e->reserved_names.len; i++)
		map_put(c, T_RNAME, (uint32_t)side, e->full_name, PC_VEC_AT(e->reserved_names, PcReservedName, i).name,
			0, (void *)e);
}

static void index_message(Ctx *c, int side, const PcMessage *m, Pkg *pkg)
{
	map_put(c, T_MSG, (uint32_t)side, m->full_name, NOSTR, 0, (void *)m);
	map_put(c, T_F_MSG, (uint32_t)side, nested_name(m->full_name, m->file->package), NOSTR, ptr_key(m->file),
		(void *)m);
	pkg->has_msg = true;
	for (uint32_t i = 0; i < m->extensions.len; i++)
		index_extension(c, side, PC_VEC_AT(m->extensions, PcField *, i), pkg);
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		const PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		map_put(c, T_ONEOF, (uint32_t)side, m->full_name, o->name, 0, (void *)o);
	}
	for (uint32_t i = 0; i < m->reserved_names.len; i++)
		map_put(c, T_RNAME, (uint32_t)side, m->full_name, PC_VEC_AT(m->reserved_names, PcReservedName, i).name,
			0, (void *)m);
	for (uint32_t i = 0; i < m->nested.len; i++)
		index_message(c, side, PC_VEC_AT(m->nested, PcMessage *, i), pkg);
	for (uint32_t i = 0; i < m->enums.len; i++)
		index_enum(c, side, PC_VEC_AT(m->enums, PcEnum *, i), pkg);
}

static void index_file(Ctx *c, int side, const PcFile *f)
{
	map_put(c, T_FILE, (uint32_t)side, f->name, NOSTR, 0, (void *)f);
	Pkg *pkg = pkg_of(c, side, f->package);
	*PC_VEC_PUSH(&pkg->files, const PcFile *, c->a) = f;
	for (uint32_t i = 0; i < f->messages.len; i++)
		index_message(c, side, PC_VEC_AT(f->messages, PcMessage *, i), pkg);
	for (uint32_t i = 0; i < f->enums.len; i++)
		index_enum(c, side, PC_VEC_AT(f->enums, PcEnum *, i), pkg);
	for (uint32_t i = 0; i < f->extensions.len; i++)
		index_extension(c, side, PC_VEC_AT(f->extensions, PcField *, i), pkg);
	for (uint32_t i = 0; i < f->services.len; i++) {
		const PcService *s = PC_VEC_AT(f->services, PcService *, i);
		map_put(c, T_SVC, (uint32_t)side, s->full_name, NOSTR, 0, (void *)s);
		map_put(c, T_F_SVC, (uint32_t)side, s->name, NOSTR, ptr_key(f), (void *)s);
		pkg->has_svc = true;
		for (uint32_t j = 0; j < s->methods.len; j++) {
			const PcMethod *m = PC_VEC_AT(s->methods, PcMethod *, j);
			map_put(c, T_METHOD, (uint32_t)side, s->full_name, m->name, 0, (void *)m);
		}
	}
}

/* The NEW file paired with an OLD one. */
static const PcFile *partner_file(const Ctx *c, const PcFile *f)
{
	if (c->single[OLD] && f == c->single[OLD])
		return c->single[NEW];
	const PcFile *g = map_get(c, T_FILE, NEW, f->name, NOSTR, 0);
	if (g && g == c->single[NEW])
		return NULL;
	return g;
}

/* ---- ranges ---- */

typedef struct Ranges {
	PcRange *r;     /* sorted, collapsed, inclusive ends */
	uint32_t n;
} Ranges;

static int range_cmp(const void *a, const void *b)
{
	const PcRange *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* exclusive: message ranges store end + 1. */
static Ranges collapse(Ctx *c, const PcVec *v, bool exclusive)
{
	Ranges out = {PC_NEW_ARRAY(c->a, PcRange, v->len + 1), 0};
	for (uint32_t i = 0; i < v->len; i++) {
		PcRange r = PC_VEC_AT(*v, PcRange, i);
		if (exclusive)
			r.end--;
		out.r[i] = r;
	}
	qsort(out.r, v->len, sizeof(PcRange), range_cmp);
	for (uint32_t i = 0; i < v->len; i++) {
		if (out.n && (int64_t)out.r[i].start <= (int64_t)out.r[out.n - 1].end + 1) {
			if (out.r[i].end > out.r[out.n - 1].end)
				out.r[out.n - 1].end = out.r[i].end;
			continue;
		}
		out.r[out.n++] = out.r[i];
	}
	return out;
}

/* The first range of rs that ends at or after x (rs->n if none). */
static uint32_t first_reaching(const Ranges *rs, int64_t x)
{
	uint32_t lo = 0, hi = rs->n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (rs->r[mid].end < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool in_ranges(const Ranges *rs, int32_t x)
{
	uint32_t i = first_reaching(rs, x);
	return i < rs->n && rs->r[i].start <= x;
}

/* The parts of [start, end] that rs does not cover. */
static PcVec missing_parts(Ctx *c, int32_t start, int32_t end, const Ranges *rs)
{
	PcVec out = {0};
	int64_t at = start;
	for (uint32_t i = first_reaching(rs, at); i < rs->n && at <= end; i++) {
		if (rs->r[i].start > end)
			break;
		if (rs->r[i].start > at)
			*PC_VEC_PUSH(&out, PcRange, c->a) = (PcRange){.start = (int32_t)at, .end = rs->r[i].start - 1};
		at = (int64_t)rs->r[i].end + 1;
	}
	if (at <= end)
		*PC_VEC_PUSH(&out, PcRange, c->a) = (PcRange){.start = (int32_t)at, .end = end};
	return out;
}

/* An element's position, looked up on first use: most paired elements have nothing
 * to report, and a lookup can mean parsing the file again (pc_schema_file_locations). */
typedef struct LazyPos {
	PcPos (*get)(Ctx *, const void *);
	const void *elem;
	bool known;
	PcPos pos;
} LazyPos;

static PcPos at(Ctx *c, LazyPos *l)
{
	if (!l->known) {
		l->pos = l->get(c, l->elem);
		l->known = true;
	}
	return l->pos;
}

static PcPos msg_pos(Ctx *c, const void *m)
{
	return pos_msg(c, m);
}

static PcPos enum_pos(Ctx *c, const void *e)
{
	return pos_enum(c, e);
}

static PcPos field_pos(Ctx *c, const void *f)
{
	return pos_field(c, f);
}

static PcPos service_pos(Ctx *c, const void *s)
{
	return pos_service(c, s);
}

static PcPos file_pos(Ctx *c, const void *f)
{
	(void)c;
	return pos_file(f);
}

static PcPos oneof_pos(Ctx *c, const void *x)
{
	const PcOneof *o = x;
	Path p = {.n = 0};
	path_msg(&p, o->parent);
	path_push(&p, 8, (int32_t)o->index);
	return pos_in(c, o->parent->file, &p, o->span);
}

static PcPos value_pos(Ctx *c, const void *x)
{
	const PcEnumValue *v = x;
	Path p = {.n = 0};
	path_enum(&p, v->parent);
	path_push(&p, 2, (int32_t)v->index);
	return pos_in(c, v->parent->file, &p, v->span);
}

static PcPos method_pos(Ctx *c, const void *x)
{
	const PcMethod *m = x;
	return pos_method_part(c, m, 0, m->span);
}

/* ---- options and comments (PcDiffConfig.options / .comments) ---- */

/* Which options message an element's options are, and the field that holds them in
 * the element's descriptor (for source-info paths). */
typedef enum OptOf {
	OPT_OF_FILE, OPT_OF_MESSAGE, OPT_OF_FIELD, OPT_OF_ONEOF, OPT_OF_ENUM, OPT_OF_ENUM_VALUE,
	OPT_OF_SERVICE, OPT_OF_METHOD, OPT_OF_EXT_RANGE,
} OptOf;

static const struct {
	const char *type;
	int32_t field;
} opt_of[] = {
	{"google.protobuf.FileOptions", 8},      {"google.protobuf.MessageOptions", 7},
	{"google.protobuf.FieldOptions", 8},     {"google.protobuf.OneofOptions", 2},
	{"google.protobuf.EnumOptions", 3},      {"google.protobuf.EnumValueOptions", 3},
	{"google.protobuf.ServiceOptions", 3},   {"google.protobuf.MethodOptions", 4},
	{"google.protobuf.ExtensionRangeOptions", 3},
};
_Static_assert(sizeof opt_of / sizeof opt_of[0] == OPT_OF_EXT_RANGE + 1, "opt_of");

/* Whether a record of its own kind reports this option (PC_CHANGE_F_TYPED). */
static bool typed_option(OptOf of, uint32_t number)
{
	switch (of) {
	case OPT_OF_FILE:
		return pc_file_option_name(number) != NULL;
	case OPT_OF_MESSAGE:
		return number == 1 || number == 2;
	case OPT_OF_FIELD:
		return number == 1 || number == 6;
	case OPT_OF_METHOD:
		return number == 34;
	case OPT_OF_ONEOF:
	case OPT_OF_ENUM:
	case OPT_OF_ENUM_VALUE:
	case OPT_OF_SERVICE:
	case OPT_OF_EXT_RANGE:
		return false;
	}
	return false;
}

static PcOptSide opt_side(Ctx *c, int side, OptOf of)
{
	if (!c->opt_types_known[side]) {
		for (int k = 0; k <= OPT_OF_EXT_RANGE; k++)
			c->opt_types[side][k] = pc_optvalue_type(c->schema[side], opt_of[k].type);
		c->opt_exts[side] = pc_optexts_new(c->schema[side], c->a);
		c->opt_types_known[side] = true;
	}
	return (PcOptSide){c->opt_types[side][of], c->opt_exts[side]};
}

/* One side of an element whose options or comments are compared: the element, its
 * file, its source-info path, and its position (looked up on first use). */
typedef struct Side {
	const void *elem;
	const PcFile *file;
	Path path;
	LazyPos *pos;
} Side;

static PcChange *emit_pair(Ctx *c, PcChangeKind kind, PcElemKind ek, const Side *o, const Side *n)
{
	PcChange *ch = emit(c, kind, ek, o->elem, n->elem);
	ch->package = n->file->package;
	return ch;
}

/* Where an option of side x is: its own location, else (a repeated option, whose
 * locations carry an index) its first value's, else the element's. */
static PcPos option_pos(Ctx *c, const Side *x, Path *p)
{
	PcSpan s = span_at(c, x->file, p);
	if (s.line < 0) {
		path_add(p, 0);
		s = span_at(c, x->file, p);
	}
	return s.line >= 0 ? (PcPos){x->file, s} : at(c, x->pos);
}

/* OPTION_CHANGED records for every option that differs between two paired elements. */
static void diff_options(Ctx *c, OptOf of, PcElemKind ek, const PcOptions *oo, const PcOptions *no, const Side *o,
			 const Side *n, uint32_t flags)
{
	if (!c->cfg->options || pc_str_eq(oo->encoded, no->encoded))
		return;
	PcOptSide os = opt_side(c, OLD, of), ns = opt_side(c, NEW, of);
	c->opt_diffs.len = 0;
	pc_optvalue_diff(&os, oo->encoded, &ns, no->encoded, &c->opt_diffs, c->a);
	for (uint32_t i = 0; i < c->opt_diffs.len; i++) {
		const PcOptDiff *d = &PC_VEC_AT(c->opt_diffs, PcOptDiff, i);
		PcChange *ch = emit_pair(c, PC_CHANGE_OPTION_CHANGED, ek, o, n);
		ch->name = d->key;
		ch->opt_name = d->top;
		ch->opt_path = d->path;
		ch->option = d->number;
		ch->old_val = (PcChangeValue){d->old_set, 0, d->old_text};
		ch->new_val = (PcChangeValue){d->new_set, 0, d->new_text};
		ch->flags = flags | (typed_option(of, d->number) ? PC_CHANGE_F_TYPED : 0);
		Path p = n->path, q = o->path;
		path_add(&p, opt_of[of].field);
		path_add(&p, (int32_t)d->number);
		path_add(&q, opt_of[of].field);
		path_add(&q, (int32_t)d->number);
		ch->pos = option_pos(c, n, &p);
		ch->old_pos = option_pos(c, o, &q);
	}
}

static PcStr comment_of(const PcComments *cm, bool trailing)
{
	if (!cm)
		return NOSTR;
	return trailing ? cm->trailing : cm->leading;
}

/* COMMENT_CHANGED records for two paired elements (files with source info only). */
static void diff_comments(Ctx *c, PcElemKind ek, const PcComments *oc, const PcComments *nc, const Side *o,
			  const Side *n)
{
	if (!c->cfg->comments || !o->file->has_source_info || !n->file->has_source_info || oc == nc)
		return;
	for (int t = 0; t < 2; t++) {
		PcStr a = comment_of(oc, t), b = comment_of(nc, t);
		if (pc_str_eq(a, b))
			continue;
		PcChange *ch = emit_pair(c, PC_CHANGE_COMMENT_CHANGED, ek, o, n);
		ch->name = pc_str(t ? "trailing" : "leading");
		ch->old_val = (PcChangeValue){a.len > 0, 0, a};
		ch->new_val = (PcChangeValue){b.len > 0, 0, b};
		ch->pos = at(c, n->pos);
		ch->old_pos = at(c, o->pos);
	}
}

/* Options and comments of two paired elements. */
static void diff_decorations(Ctx *c, OptOf of, PcElemKind ek, const PcOptions *oo, const PcOptions *no,
			     const PcComments *oc, const PcComments *nc, const Side *o, const Side *n)
{
	diff_options(c, of, ek, oo, no, o, n, 0);
	diff_comments(c, ek, oc, nc, o, n);
}

static void diff_ranges(Ctx *c, PcChangeKind kind, PcElemKind ek, const void *o, const void *n,
			const PcVec *old_ranges, const PcVec *new_ranges, bool exclusive, LazyPos *pos,
			LazyPos *old_pos, uint32_t flags)
{
	if (!old_ranges->len)
		return;
	Ranges now = collapse(c, new_ranges, exclusive);
	for (uint32_t i = 0; i < old_ranges->len; i++) {
		const PcRange *r = &PC_VEC_AT(*old_ranges, PcRange, i);
		int32_t end = exclusive ? r->end - 1 : r->end;
		PcVec miss = missing_parts(c, r->start, end, &now);
		if (!miss.len)
			continue;
		PcChange *ch = emit(c, kind, ek, o, n);
		ch->number = r->start;
		ch->end = end;
		ch->missing = miss;
		ch->pos = at(c, pos);
		ch->old_pos = at(c, old_pos);
		ch->flags = flags;
	}
}

/* ---- fields ---- */

static bool is_map_field(const PcField *f)
{
	return f->label == PC_LABEL_REPEATED && f->msg_type && f->msg_type->is_map_entry;
}

/* The wire kind: an editions message field with DELIMITED encoding is a group. */
static PcType field_kind(const PcField *f)
{
	if (f->type == PC_TYPE_MESSAGE && f->features.message_encoding == 2 && !is_map_field(f))
		return PC_TYPE_GROUP;
	return f->type;
}

static bool is_required(const PcField *f)
{
	return f->label == PC_LABEL_REQUIRED || f->features.field_presence == 3;
}

static PcCardinality cardinality(const PcField *f)
{
	if (f->label == PC_LABEL_REPEATED)
		return is_map_field(f) ? PC_CARD_MAP : PC_CARD_REPEATED;
	if (is_required(f))
		return PC_CARD_REQUIRED;
	if (f->type == PC_TYPE_MESSAGE || f->type == PC_TYPE_GROUP || f->oneof_index >= 0 || f->is_extension ||
	    f->proto3_optional || f->features.field_presence == 1)
		return PC_CARD_OPTIONAL_EXPLICIT;
	return PC_CARD_OPTIONAL_IMPLICIT;
}

static const char *const type_names[] = {
	"", "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string",
	"group", "message", "bytes", "uint32", "enum", "sfixed32", "sfixed64", "sint32", "sint64",
};
_Static_assert(sizeof type_names / sizeof type_names[0] == PC_TYPE_SINT64 + 1, "type_names");

static PcStr real_oneof_name(const PcField *f)
{
	if (f->is_extension || f->oneof_index < 0 || !f->parent || (uint32_t)f->oneof_index >= f->parent->oneofs.len)
		return NOSTR;
	const PcOneof *o = PC_VEC_AT(f->parent->oneofs, PcOneof *, f->oneof_index);
	return o->synthetic ? NOSTR : o->name;
}

/* Whether f's real oneof has another member g whose counterpart (by number) in the other
 * side's message exists and lies outside the real oneof of f's counterpart: f and g can
 * be set together on the other side but not on f's. `other` indexes the other side. */
static bool oneof_shares(const PcField *f, const PcField *f_other, const FieldIndex *other)
{
	if (!real_oneof_name(f).len)
		return false;
	PcStr own = real_oneof_name(f_other);
	for (uint32_t i = 0; i < f->parent->fields.len; i++) {
		const PcField *g = PC_VEC_AT(f->parent->fields, PcField *, i);
		if (g == f || g->oneof_index != f->oneof_index)
			continue;
		const PcField *h = field_index_get(other, g->number);
		if (h && (!own.len || !pc_str_eq(real_oneof_name(h), own)))
			return true;
	}
	return false;
}

static bool enum_superset(Ctx *c, const PcEnum *old_e, const PcEnum *new_e)
{
	for (uint32_t i = 0; i < old_e->values.len; i++) {
		const PcEnumValue *v = PC_VEC_AT(old_e->values, PcEnumValue *, i);
		const PcEnumValue *w = value_by_name(c, NEW, new_e, v->name);
		if (!w || w->number != v->number)
			return false;
	}
	return true;
}

static bool enum_same_shape(const PcEnum *a, const PcEnum *b)
{
	if (a->values.len != b->values.len || a->features.enum_type != b->features.enum_type)
		return false;
	for (uint32_t i = 0; i < a->values.len; i++) {
		const PcEnumValue *x = PC_VEC_AT(a->values, PcEnumValue *, i), *y = PC_VEC_AT(b->values, PcEnumValue *, i);
		if (x->number != y->number || !pc_str_eq(x->name, y->name))
			return false;
	}
	return true;
}

/* Whether two messages read and write the same bytes and the same ProtoJSON: the same
 * fields (number, name, JSON name, kind, cardinality, and types of the same names or
 * shapes). Large messages and deep nesting answer no, which only costs precision. */
static bool message_same_shape(const PcMessage *a, const PcMessage *b, int depth)
{
	if (a == b)
		return true;
	if (depth > 4 || a->fields.len != b->fields.len || a->fields.len > 64)
		return false;
	for (uint32_t i = 0; i < a->fields.len; i++) {
		const PcField *x = PC_VEC_AT(a->fields, PcField *, i), *y = NULL;
		for (uint32_t j = 0; j < b->fields.len && !y; j++)
			if (PC_VEC_AT(b->fields, PcField *, j)->number == x->number)
				y = PC_VEC_AT(b->fields, PcField *, j);
		if (!y || field_kind(x) != field_kind(y) || cardinality(x) != cardinality(y) ||
		    !pc_str_eq(x->name, y->name) || !pc_str_eq(x->json_name, y->json_name))
			return false;
		if (pc_str_eq(x->type_name, y->type_name))
			continue;
		if (x->msg_type && y->msg_type && message_same_shape(x->msg_type, y->msg_type, depth + 1))
			continue;
		if (x->enum_type && y->enum_type && enum_same_shape(x->enum_type, y->enum_type))
			continue;
		if (x->msg_type || y->msg_type || x->enum_type || y->enum_type)
			return false;
	}
	return true;
}

static void diff_field_type(Ctx *c, const PcField *o, const PcField *n)
{
	PcType ok = field_kind(o), nk = field_kind(n);
	bool named = nk == PC_TYPE_MESSAGE || nk == PC_TYPE_GROUP || nk == PC_TYPE_ENUM;
	if (ok == nk && (!named || pc_str_eq(o->type_name, n->type_name)))
		return;
	PcChange *ch = emit(c, PC_CHANGE_FIELD_TYPE, PC_ELEM_FIELD, o, n);
	bool onamed = ok == PC_TYPE_MESSAGE || ok == PC_TYPE_GROUP || ok == PC_TYPE_ENUM;
	ch->pos = pos_field_part(c, n, named ? 6 : 5, named ? PC_NO_SPAN : n->type_span);
	ch->old_pos = pos_field_part(c, o, onamed ? 6 : 5, onamed ? PC_NO_SPAN : o->type_span);
	ch->old_val = (PcChangeValue){true, ok, onamed ? strip_dot(o->type_name) : pc_str(type_names[ok])};
	ch->new_val = (PcChangeValue){true, nk, named ? strip_dot(n->type_name) : pc_str(type_names[nk])};
	if (ok == PC_TYPE_ENUM && nk == PC_TYPE_ENUM && o->enum_type && n->enum_type &&
	    pc_str_eq(o->enum_type->name, n->enum_type->name)) {
		ch->flags |= PC_CHANGE_F_ENUM_SAME_NAME;
		if (enum_superset(c, o->enum_type, n->enum_type))
			ch->flags |= PC_CHANGE_F_ENUM_SUPERSET;
	}
	if (ok == nk && ((o->msg_type && n->msg_type && message_same_shape(o->msg_type, n->msg_type, 0)) ||
			 (o->enum_type && n->enum_type && enum_same_shape(o->enum_type, n->enum_type))))
		ch->flags |= PC_CHANGE_F_SAME_SHAPE;
}

/* A default value reduced to something comparable across numeric types, as buf does. */
typedef struct Dflt {
	enum { D_STR, D_INT, D_FLOAT } cls;
	PcStr s;
	bool neg, f32, nan;
	uint64_t mag;
	long double d;
} Dflt;

static bool can_have_default(const PcField *f)
{
	return f->label != PC_LABEL_REPEATED && f->type != PC_TYPE_MESSAGE && f->type != PC_TYPE_GROUP;
}

static Dflt default_of(const PcField *f)
{
	Dflt d = {.cls = D_INT};
	char buf[128];
	size_t len = pc_field_x(f)->default_value.len < sizeof buf - 1 ? pc_field_x(f)->default_value.len : sizeof buf - 1;
	memcpy(buf, pc_field_x(f)->default_value.ptr ? pc_field_x(f)->default_value.ptr : "", len);
	buf[len] = '\0';
	switch (f->type) {
	case PC_TYPE_STRING:
	case PC_TYPE_BYTES:
		d.cls = D_STR;
		d.s = f->has_default ? pc_field_x(f)->default_value : NOSTR;
		break;
	case PC_TYPE_ENUM:
		if (f->enum_type && f->enum_type->values.len) {
			const PcEnumValue *v = PC_VEC_AT(f->enum_type->values, PcEnumValue *, 0);
			for (uint32_t i = 0; f->has_default && i < f->enum_type->values.len; i++)
				if (pc_str_eq(PC_VEC_AT(f->enum_type->values, PcEnumValue *, i)->name, pc_field_x(f)->default_value))
					v = PC_VEC_AT(f->enum_type->values, PcEnumValue *, i);
			d.neg = v->number < 0;
			d.mag = d.neg ? (uint64_t)(-(int64_t)v->number) : (uint64_t)v->number;
		}
		break;
	case PC_TYPE_BOOL:
		d.mag = f->has_default && strcmp(buf, "true") == 0;
		break;
	case PC_TYPE_FLOAT:
	case PC_TYPE_DOUBLE:
		d.cls = D_FLOAT;
		d.f32 = f->type == PC_TYPE_FLOAT;
		if (!f->has_default)
			break;
		if (strstr(buf, "nan"))
			d.nan = true;
		else if (strstr(buf, "inf"))
			d.d = buf[0] == '-' ? -HUGE_VALL : HUGE_VALL;
		else
			d.d = strtold(buf, NULL);
		if (d.f32 && !d.nan)
			d.d = (float)d.d;
		break;
	case PC_TYPE_NONE:
	case PC_TYPE_GROUP:
	case PC_TYPE_MESSAGE:
		break;
	case PC_TYPE_INT64:
	case PC_TYPE_UINT64:
	case PC_TYPE_INT32:
	case PC_TYPE_FIXED64:
	case PC_TYPE_FIXED32:
	case PC_TYPE_UINT32:
	case PC_TYPE_SFIXED32:
	case PC_TYPE_SFIXED64:
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
		if (!f->has_default)
			break;
		d.neg = buf[0] == '-';
		d.mag = strtoull(buf + d.neg, NULL, 0);
		if (d.mag == 0)
			d.neg = false;
		break;
	}
	return d;
}

static bool dflt_zero(const Dflt *d)
{
	switch (d->cls) {
	case D_STR:
		return d->s.len == 0;
	case D_INT:
		return d->mag == 0;
	case D_FLOAT:
		return !d->nan && d->d == 0 && !signbit(d->d);
	}
	return false;
}

static long double dflt_num(const Dflt *d)
{
	if (d->cls == D_FLOAT)
		return d->d;
	return d->neg ? -(long double)d->mag : (long double)d->mag;
}

static bool dflt_eq(const Dflt *a, const Dflt *b)
{
	if (a->cls == D_STR || b->cls == D_STR)
		return a->cls == b->cls && pc_str_eq(a->s, b->s);
	if (a->nan || b->nan)
		return a->nan && b->nan;
	if (a->cls == D_FLOAT && b->cls == D_FLOAT && a->f32 != b->f32)
		return (float)a->d == (float)b->d;
	if (a->cls == D_INT && b->cls == D_INT)
		return a->neg == b->neg && a->mag == b->mag;
	return dflt_num(a) == dflt_num(b);
}

/* The default a reader uses, in descriptor text form: the written one, else the
 * type's zero (an enum's first value), which is what buf's messages show. */
static PcStr effective_default(const PcField *f)
{
	if (f->has_default)
		return pc_field_x(f)->default_value;
	switch (f->type) {
	case PC_TYPE_ENUM:
		if (f->enum_type && f->enum_type->values.len)
			return PC_VEC_AT(f->enum_type->values, PcEnumValue *, 0)->name;
		return NOSTR;
	case PC_TYPE_BOOL:
		return PC_STR_LIT("false");
	case PC_TYPE_STRING:
	case PC_TYPE_BYTES:
	case PC_TYPE_MESSAGE:
	case PC_TYPE_GROUP:
	case PC_TYPE_NONE:
		return NOSTR;
	case PC_TYPE_DOUBLE:
	case PC_TYPE_FLOAT:
	case PC_TYPE_INT64:
	case PC_TYPE_UINT64:
	case PC_TYPE_INT32:
	case PC_TYPE_FIXED64:
	case PC_TYPE_FIXED32:
	case PC_TYPE_UINT32:
	case PC_TYPE_SFIXED32:
	case PC_TYPE_SFIXED64:
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
		return PC_STR_LIT("0");
	}
	return NOSTR;
}

static void diff_field_default(Ctx *c, const PcField *o, const PcField *n)
{
	if (!can_have_default(o) || !can_have_default(n) || is_map_field(o) || is_map_field(n))
		return;
	Dflt a = default_of(o), b = default_of(n);
	if ((dflt_zero(&a) && dflt_zero(&b)) || dflt_eq(&a, &b))
		return;
	PcChange *ch = emit(c, PC_CHANGE_FIELD_DEFAULT, PC_ELEM_FIELD, o, n);
	ch->pos = pos_field_part(c, n, 0, default_keyword_span(c, n, pos_field_part(c, n, 7, pc_field_x(n)->default_span).span));
	ch->old_pos = pos_field_part(c, o, 0, default_keyword_span(c, o, pos_field_part(c, o, 7, pc_field_x(o)->default_span).span));
	ch->old_val = (PcChangeValue){o->has_default, 0, effective_default(o)};
	ch->new_val = (PcChangeValue){n->has_default, 0, effective_default(n)};
}

/* A custom feature (pb.cpp = 1000, pb.java = 1001) resolved through the field, its
 * messages and its file. */
static bool custom_feature(const PcField *f, uint32_t ext, uint32_t feature, uint64_t *v)
{
	PcStr s;
	uint32_t fp[] = {21, ext, feature}, mp[] = {12, ext, feature}, filep[] = {50, ext, feature};
	if (opt_find(f->opts.encoded, fp, 3, v, &s))
		return true;
	for (const PcMessage *m = f->parent; m; m = m->parent)
		if (opt_find(m->opts.encoded, mp, 3, v, &s))
			return true;
	return opt_find(f->file->opts.encoded, filep, 3, v, &s);
}

static PcCppStringType cpp_string_type(const PcField *f)
{
	bool editions = f->file->syntax == PC_SYNTAX_EDITIONS;
	if (f->file->edition < PC_EDITION_2024 && f->opts.ctype >= 0) {
		if (f->opts.ctype == 1)
			return PC_CPP_CORD;
		if (f->opts.ctype == 2)
			return PC_CPP_STRING_PIECE;
		if (!editions)
			return PC_CPP_STRING;
	}
	if (!editions)
		return PC_CPP_STRING;
	uint64_t v;
	if (custom_feature(f, 1000, 2, &v) && v >= 1 && v <= 3)
		return (PcCppStringType)v;
	return f->file->edition >= PC_EDITION_2024 ? PC_CPP_VIEW : PC_CPP_STRING;
}

static const char *const cpp_names[] = {"", "VIEW", "CORD", "STRING", "STRING_PIECE"};

static void diff_cpp_string_type(Ctx *c, const PcField *o, const PcField *n)
{
	bool os = o->type == PC_TYPE_STRING || o->type == PC_TYPE_BYTES;
	bool ns = n->type == PC_TYPE_STRING || n->type == PC_TYPE_BYTES;
	if (!os || !ns)
		return;
	PcCppStringType a = cpp_string_type(o), b = cpp_string_type(n);
	if (a == b)
		return;
	PcChange *ch = emit(c, PC_CHANGE_FIELD_CPP_STRING_TYPE, PC_ELEM_FIELD, o, n);
	static const int32_t ctype[] = {1}, feat[] = {21, 1000, 2};
	PcSpan s = field_option_span(c, n, ctype, 1);
	if (s.line < 0)
		s = field_option_span(c, n, feat, 3);
	ch->pos = pos_field_part(c, n, 0, s);
	s = field_option_span(c, o, ctype, 1);
	if (s.line < 0)
		s = field_option_span(c, o, feat, 3);
	ch->old_pos = pos_field_part(c, o, 0, s);
	ch->old_val = (PcChangeValue){true, a, pc_str(cpp_names[a])};
	ch->new_val = (PcChangeValue){true, b, pc_str(cpp_names[b])};
	if (o->parent && n->parent && o->parent->is_map_entry && n->parent->is_map_entry)
		ch->flags |= PC_CHANGE_F_MAP_ENTRY;
}

static int java_utf8(const PcField *f)
{
	int base = f->features.utf8_validation;
	uint64_t v = 0;
	/* java_string_check_utf8 (FileOptions 27) wins wherever it is written. */
	bool has_option = opt_varint(&f->file->opts, 27, &v);
	if (has_option || f->file->syntax != PC_SYNTAX_EDITIONS)
		return v ? 2 : base;
	return custom_feature(f, 1001, 2, &v) && v == 2 ? 2 : base;
}

static void diff_java_utf8(Ctx *c, const PcField *o, const PcField *n)
{
	if (o->type != PC_TYPE_STRING || n->type != PC_TYPE_STRING)
		return;
	int a = java_utf8(o), b = java_utf8(n);
	if (a == b)
		return;
	PcChange *ch = emit(c, PC_CHANGE_FIELD_JAVA_UTF8_VALIDATION, PC_ELEM_FIELD, o, n);
	static const int32_t feat[] = {21, 1001, 2};
	Path fp = {.n = 0};
	path_add(&fp, 8);
	path_add(&fp, 27);
	PcSpan s = span_at(c, n->file, &fp);
	ch->pos = s.line >= 0 ? (PcPos){n->file, s} : pos_field_part(c, n, 0, field_option_span(c, n, feat, 3));
	s = span_at(c, o->file, &fp);
	ch->old_pos = s.line >= 0 ? (PcPos){o->file, s} : pos_field_part(c, o, 0, field_option_span(c, o, feat, 3));
	ch->old_val = val_i(a);
	ch->new_val = val_i(b);
}

static bool is_64bit_int(PcType t)
{
	return t == PC_TYPE_INT64 || t == PC_TYPE_SINT64 || t == PC_TYPE_UINT64 || t == PC_TYPE_FIXED64 ||
	       t == PC_TYPE_SFIXED64;
}

static void diff_field_options(Ctx *c, const PcField *o, const PcField *n)
{
	if (is_64bit_int(o->type) && is_64bit_int(n->type)) {
		int a = o->opts.jstype < 0 ? 0 : o->opts.jstype, b = n->opts.jstype < 0 ? 0 : n->opts.jstype;
		if (a != b) {
			static const int32_t js[] = {6};
			PcChange *ch = emit(c, PC_CHANGE_FIELD_JSTYPE, PC_ELEM_FIELD, o, n);
			ch->pos = pos_field_part(c, n, 0, field_option_span(c, n, js, 1));
			ch->old_pos = pos_field_part(c, o, 0, field_option_span(c, o, js, 1));
			static const char *const js_names[] = {"JS_NORMAL", "JS_STRING", "JS_NUMBER"};
			ch->old_val = (PcChangeValue){o->opts.jstype >= 0, a, pc_str(a < 3 ? js_names[a] : "")};
			ch->new_val = (PcChangeValue){n->opts.jstype >= 0, b, pc_str(b < 3 ? js_names[b] : "")};
		}
	}
	if (o->type == PC_TYPE_STRING && n->type == PC_TYPE_STRING &&
	    o->features.utf8_validation != n->features.utf8_validation) {
		static const int32_t utf8[] = {21, 4};
		PcChange *ch = emit(c, PC_CHANGE_FIELD_UTF8_VALIDATION, PC_ELEM_FIELD, o, n);
		ch->pos = pos_field_part(c, n, 0, field_option_span(c, n, utf8, 2));
		ch->old_pos = pos_field_part(c, o, 0, field_option_span(c, o, utf8, 2));
		ch->old_val = val_i(o->features.utf8_validation);
		ch->new_val = val_i(n->features.utf8_validation);
	}
	diff_cpp_string_type(c, o, n);
	diff_java_utf8(c, o, n);
}

/* Both sides of a pair of fields (or of extensions). */
/* The field (not an extension) of message m, on side `side`, named name; NULL if none. */
static const PcField *field_named(Ctx *c, int side, const PcMessage *m, PcStr name)
{
	size_t len = m->full_name.len + 1 + name.len;
	char stackbuf[512];
	char *full = len <= sizeof stackbuf ? stackbuf : pc_arena_alloc(c->a, len);
	memcpy(full, m->full_name.ptr, m->full_name.len);
	full[m->full_name.len] = '.';
	memcpy(full + m->full_name.len + 1, name.ptr, name.len);
	void *elem = NULL;
	if (pc_schema_lookup(c->schema[side], (PcStr){full, len}, &elem) != PC_SYM_FIELD || !elem)
		return NULL;
	const PcField *f = elem;
	return !f->is_extension && f->parent == m ? f : NULL;
}

/* o (OLD) and n (NEW) share a number under other names: when OLD's field of n's name and
 * NEW's field of o's name share another number, the two traded numbers. Reported once,
 * on the lower number. */
static void diff_swapped(Ctx *c, const PcField *o, const PcField *n)
{
	if (!o->parent || !n->parent)
		return;
	const PcField *o2 = field_named(c, OLD, o->parent, n->name);
	const PcField *n2 = o2 ? field_named(c, NEW, n->parent, o->name) : NULL;
	if (!n2 || o2->number != n2->number || o2->number <= o->number)
		return;
	PcChange *ch = emit(c, PC_CHANGE_FIELD_NUMBERS_SWAPPED, PC_ELEM_FIELD, o, n);
	ch->pos = pos_field_part(c, n, 3, n->number_span);
	ch->old_pos = pos_field_part(c, o, 3, o->number_span);
	ch->number = o->number;
	ch->old_val = (PcChangeValue){true, o->number, o->name};
	ch->new_val = (PcChangeValue){true, o2->number, n->name};
}

static void diff_field_pair(Ctx *c, const PcField *o, const PcField *n)
{
	bool ext = o->is_extension;
	uint32_t xflag = ext ? PC_CHANGE_F_EXTENSION : 0;
	PcStr on = ext ? o->full_name : o->name, nn = ext ? n->full_name : n->name;
	if (!pc_str_eq(on, nn)) {
		PcChange *ch = emit(c, PC_CHANGE_FIELD_NAME, PC_ELEM_FIELD, o, n);
		ch->pos = pos_field_part(c, n, 1, n->name_span);
		ch->old_pos = pos_field_part(c, o, 1, o->name_span);
		ch->old_val = val_s(on);
		ch->new_val = val_s(nn);
		ch->flags |= xflag;
		if (!ext)
			diff_swapped(c, o, n);
	}
	/* With renames, a JSON name that only follows the renamed field (derived on both
	 * sides) is told by the FIELD_NAME record, whose rules judge the JSON keys too. */
	bool follows = c->cfg->renames && !pc_str_eq(on, nn) && !o->has_json_name && !n->has_json_name;
	if (!ext && !follows && !pc_str_eq(o->json_name, n->json_name)) {
		PcChange *ch = emit(c, PC_CHANGE_FIELD_JSON_NAME, PC_ELEM_FIELD, o, n);
		ch->pos = pos_field_part(c, n, 10, pc_field_x(n)->json_name_span);
		ch->old_pos = pos_field_part(c, o, 10, pc_field_x(o)->json_name_span);
		ch->old_val = (PcChangeValue){o->has_json_name, 0, o->json_name};
		ch->new_val = (PcChangeValue){n->has_json_name, 0, n->json_name};
	}
	diff_field_type(c, o, n);
	bool map_entry = o->parent && n->parent && o->parent->is_map_entry && n->parent->is_map_entry;
	PcCardinality oc = cardinality(o), nc = cardinality(n);
	if (oc != nc && !map_entry) {
		PcChange *ch = emit(c, PC_CHANGE_FIELD_CARDINALITY, PC_ELEM_FIELD, o, n);
		ch->pos = pos_field(c, n);
		ch->old_pos = pos_field(c, o);
		ch->old_val = (PcChangeValue){true, oc, pc_str(pc_cardinality_name(oc))};
		ch->new_val = (PcChangeValue){true, nc, pc_str(pc_cardinality_name(nc))};
		ch->flags |= xflag;
	}
	PcStr oo = real_oneof_name(o), no = real_oneof_name(n);
	if (!ext && !pc_str_eq(oo, no)) {
		PcChange *ch = emit(c, PC_CHANGE_FIELD_ONEOF, PC_ELEM_FIELD, o, n);
		ch->pos = pos_field(c, n);
		ch->old_pos = pos_field(c, o);
		ch->old_val = (PcChangeValue){oo.len > 0, 0, oo};
		ch->new_val = (PcChangeValue){no.len > 0, 0, no};
		if (oneof_shares(n, o, &c->fields[OLD]))
			ch->flags |= PC_CHANGE_F_ONEOF_JOINS;
		if (oneof_shares(o, n, &c->fields[NEW]))
			ch->flags |= PC_CHANGE_F_ONEOF_SPLITS;
	}
	diff_field_default(c, o, n);
	diff_field_options(c, o, n);
	if (c->cfg->options || c->cfg->comments) {
		LazyPos op = {.get = field_pos, .elem = o}, np = {.get = field_pos, .elem = n};
		Side so = {o, o->file, {.n = 0}, &op}, sn = {n, n->file, {.n = 0}, &np};
		path_field(&so.path, o);
		path_field(&sn.path, n);
		diff_decorations(c, OPT_OF_FIELD, PC_ELEM_FIELD, &o->opts, &n->opts, o->comments, n->comments, &so,
				 &sn);
	}
}

/* ---- messages ---- */

/* Whether NEW's message n has a field with the name and JSON name of OLD's deleted
 * field f (it moved to another number): ProtoJSON, which knows fields by name, reads
 * both of the keys an OLD writer may use. */
static bool json_keys_kept(Ctx *c, const PcField *f, const PcMessage *n)
{
	const PcField *g = field_named(c, NEW, n, f->name);
	return g && pc_str_eq(g->json_name, f->json_name);
}

static void diff_message_fields(Ctx *c, const PcMessage *o, const PcMessage *n)
{
	Ranges reserved = collapse(c, &n->reserved_ranges, true);
	LazyPos npos = {.get = msg_pos, .elem = n};
	field_index_build(&c->fields[OLD], o, c->a);
	field_index_build(&c->fields[NEW], n, c->a);
	for (uint32_t i = 0; i < o->fields.len; i++) {
		const PcField *f = PC_VEC_AT(o->fields, PcField *, i);
		const PcField *g = field_index_get(&c->fields[NEW], f->number);
		if (g) {
			diff_field_pair(c, f, g);
			continue;
		}
		PcChange *ch = emit(c, PC_CHANGE_FIELD_DELETED, PC_ELEM_FIELD, f, NULL);
		set_parents(ch, PC_ELEM_MESSAGE, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = pos_field(c, f);
		ch->name = f->name;
		ch->number = f->number;
		if (in_ranges(&reserved, f->number))
			ch->flags |= PC_CHANGE_F_NUMBER_RESERVED;
		if (map_get(c, T_RNAME, NEW, n->full_name, f->name, 0))
			ch->flags |= PC_CHANGE_F_NAME_RESERVED;
		if (json_keys_kept(c, f, n))
			ch->flags |= PC_CHANGE_F_JSON_KEYS_KEPT;
		PcStr oneof = real_oneof_name(f);
		for (uint32_t k = 0; oneof.len && k < n->oneofs.len; k++) {
			const PcOneof *no = PC_VEC_AT(n->oneofs, PcOneof *, k);
			if (!no->synthetic && pc_str_eq(no->name, oneof))
				ch->flags |= PC_CHANGE_F_ONEOF_KEPT;
		}
	}
	for (uint32_t i = 0; c->cfg->additions && i < n->fields.len; i++) {
		const PcField *g = PC_VEC_AT(n->fields, PcField *, i);
		if (field_index_get(&c->fields[OLD], g->number))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_FIELD_ADDED, PC_ELEM_FIELD, NULL, g);
		set_parents(ch, PC_ELEM_MESSAGE, o, n);
		ch->pos = pos_field(c, g);
		ch->name = g->name;
		ch->number = g->number;
		ch->package = n->file->package;
		PcStr oneof = real_oneof_name(g);
		for (uint32_t k = 0; oneof.len && k < o->oneofs.len; k++) {
			const PcOneof *oo = PC_VEC_AT(o->oneofs, PcOneof *, k);
			if (!oo->synthetic && pc_str_eq(oo->name, oneof))
				ch->flags |= PC_CHANGE_F_ONEOF_KEPT;
		}
		/* the new field's options, so that a rule can read them (a new REQUIRED field) */
		if (g->opts.encoded.len) {
			PcOptSide ns = opt_side(c, NEW, OPT_OF_FIELD);
			ch->new_val = (PcChangeValue){true, 0, pc_optvalue_text(&ns, g->opts.encoded, c->a)};
		}
	}
	/* Required sets: numbers required on one side and not on the other. */
	for (uint32_t i = 0; i < o->fields.len; i++) {
		const PcField *f = PC_VEC_AT(o->fields, PcField *, i);
		if (!is_required(f))
			continue;
		const PcField *g = field_index_get(&c->fields[NEW], f->number);
		if (g && is_required(g))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_REQUIRED_FIELD_REMOVED, PC_ELEM_FIELD, f, g);
		set_parents(ch, PC_ELEM_MESSAGE, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = pos_field(c, f);
		ch->number = f->number;
		if (f->label != PC_LABEL_REQUIRED)
			ch->flags |= PC_CHANGE_F_LEGACY_REQUIRED;
	}
	for (uint32_t i = 0; i < n->fields.len; i++) {
		const PcField *g = PC_VEC_AT(n->fields, PcField *, i);
		if (!is_required(g))
			continue;
		const PcField *f = field_index_get(&c->fields[OLD], g->number);
		if (f && is_required(f))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_REQUIRED_FIELD_ADDED, PC_ELEM_FIELD, f, g);
		set_parents(ch, PC_ELEM_MESSAGE, o, n);
		ch->pos = pos_field(c, g);
		if (f)
			ch->old_pos = pos_field(c, f);
		ch->number = g->number;
		if (g->label != PC_LABEL_REQUIRED)
			ch->flags |= PC_CHANGE_F_LEGACY_REQUIRED;
	}
}

/* A boolean MessageOptions field (number opt) set on one side only: a change of kind
 * at the option, else at the fallback (the message's lazy position; NULL: none). */
static void msg_bool_option(Ctx *c, PcChangeKind kind, const PcMessage *o, const PcMessage *n, int32_t opt,
			    LazyPos *nlazy, LazyPos *olazy)
{
	uint64_t a = 0, b = 0;
	opt_varint(&o->opts, (uint32_t)opt, &a);
	opt_varint(&n->opts, (uint32_t)opt, &b);
	if (!a == !b)
		return;
	/* positions only now: working them out makes a file's locations */
	PcSpan nfall = nlazy ? at(c, nlazy).span : PC_NO_SPAN, ofall = olazy ? at(c, olazy).span : PC_NO_SPAN;
	PcChange *ch = emit(c, kind, PC_ELEM_MESSAGE, o, n);
	Path p = {.n = 0};
	path_msg(&p, n);
	path_add(&p, 7);
	path_add(&p, opt);
	ch->pos = pos_in(c, n->file, &p, nfall);
	Path q = {.n = 0};
	path_msg(&q, o);
	path_add(&q, 7);
	path_add(&q, opt);
	ch->old_pos = pos_in(c, o->file, &q, ofall);
	ch->old_val = val_i(a != 0);
	ch->new_val = val_i(b != 0);
}

/* RESERVED_NAME_ADDED for each name of NEW's element that OLD's (full name ofull)
 * does not reserve. */
static void reserved_names_added(Ctx *c, PcElemKind ek, const void *o, const void *n, PcStr ofull,
				 const PcVec *names, LazyPos *npos)
{
	for (uint32_t i = 0; i < names->len; i++) {
		PcStr name = PC_VEC_AT(*names, PcReservedName, i).name;
		if (map_get(c, T_RNAME, OLD, ofull, name, 0))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_RESERVED_NAME_ADDED, ek, o, n);
		ch->pos = at(c, npos);
		ch->name = name;
	}
}

/* What a message pair gains (oneofs, ranges, reserved names) and its options and
 * comments, with its oneofs' and extension ranges'. */
static void diff_message_extras(Ctx *c, const PcMessage *o, const PcMessage *n, LazyPos *npos, LazyPos *opos)
{
	if (c->cfg->additions) {
		for (uint32_t i = 0; i < n->oneofs.len; i++) {
			const PcOneof *x = PC_VEC_AT(n->oneofs, PcOneof *, i);
			if (x->synthetic || map_get(c, T_ONEOF, OLD, o->full_name, x->name, 0))
				continue;
			PcChange *ch = emit(c, PC_CHANGE_ONEOF_ADDED, PC_ELEM_ONEOF, NULL, x);
			set_parents(ch, PC_ELEM_MESSAGE, o, n);
			ch->pos = oneof_pos(c, x);
			ch->name = x->name;
			ch->package = n->file->package;
		}
		diff_ranges(c, PC_CHANGE_EXTENSION_RANGE_ADDED, PC_ELEM_MESSAGE, o, n, &n->ext_ranges, &o->ext_ranges,
			    true, npos, opos, 0);
		diff_ranges(c, PC_CHANGE_RESERVED_RANGE_ADDED, PC_ELEM_MESSAGE, o, n, &n->reserved_ranges,
			    &o->reserved_ranges, true, npos, opos, 0);
		reserved_names_added(c, PC_ELEM_MESSAGE, o, n, o->full_name, &n->reserved_names, npos);
	}
	if (!c->cfg->options && !c->cfg->comments)
		return;
	Side so = {o, o->file, {.n = 0}, opos}, sn = {n, n->file, {.n = 0}, npos};
	path_msg(&so.path, o);
	path_msg(&sn.path, n);
	diff_decorations(c, OPT_OF_MESSAGE, PC_ELEM_MESSAGE, &o->opts, &n->opts, o->comments, n->comments, &so, &sn);
	for (uint32_t i = 0; i < o->oneofs.len; i++) {
		const PcOneof *x = PC_VEC_AT(o->oneofs, PcOneof *, i);
		const PcOneof *y = x->synthetic ? NULL : map_get(c, T_ONEOF, NEW, n->full_name, x->name, 0);
		if (!y)
			continue;
		LazyPos xp = {.get = oneof_pos, .elem = x}, yp = {.get = oneof_pos, .elem = y};
		Side ox = {x, o->file, so.path, &xp}, ny = {y, n->file, sn.path, &yp};
		path_push(&ox.path, 8, (int32_t)x->index);
		path_push(&ny.path, 8, (int32_t)y->index);
		diff_decorations(c, OPT_OF_ONEOF, PC_ELEM_ONEOF, &x->opts, &y->opts, x->comments, y->comments, &ox,
				 &ny);
	}
	/* extension ranges pair when they are the same range; a message has a handful */
	for (uint32_t i = 0; c->cfg->options && i < o->ext_ranges.len; i++) {
		const PcRange *r = &PC_VEC_AT(o->ext_ranges, PcRange, i);
		for (uint32_t j = 0; j < n->ext_ranges.len; j++) {
			const PcRange *q = &PC_VEC_AT(n->ext_ranges, PcRange, j);
			if (q->start != r->start || q->end != r->end)
				continue;
			Side orr = {o, o->file, so.path, opos}, nq = {n, n->file, sn.path, npos};
			path_push(&orr.path, 5, (int32_t)i);
			path_push(&nq.path, 5, (int32_t)j);
			uint32_t before = c->out->len;
			diff_options(c, OPT_OF_EXT_RANGE, PC_ELEM_MESSAGE, &r->opts, &q->opts, &orr, &nq,
				     PC_CHANGE_F_EXT_RANGE);
			for (uint32_t k = before; k < c->out->len; k++) {
				PC_VEC_AT(*c->out, PcChange, k).number = r->start;
				PC_VEC_AT(*c->out, PcChange, k).end = r->end - 1;
			}
			break;
		}
	}
}

static void diff_message_pair(Ctx *c, const PcMessage *o, const PcMessage *n)
{
	LazyPos npos = {.get = msg_pos, .elem = n}, opos = {.get = msg_pos, .elem = o};
	diff_message_fields(c, o, n);
	for (uint32_t i = 0; i < o->oneofs.len; i++) {
		const PcOneof *x = PC_VEC_AT(o->oneofs, PcOneof *, i);
		if (x->synthetic || map_get(c, T_ONEOF, NEW, n->full_name, x->name, 0))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_ONEOF_DELETED, PC_ELEM_ONEOF, x, NULL);
		set_parents(ch, PC_ELEM_MESSAGE, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = at(c, &opos);
		ch->name = x->name;
	}
	uint64_t a = 0;
	uint32_t mset = opt_varint(&n->opts, 1, &a) && a ? PC_CHANGE_F_MESSAGE_SET : 0;
	diff_ranges(c, PC_CHANGE_EXTENSION_RANGE_REMOVED, PC_ELEM_MESSAGE, o, n, &o->ext_ranges, &n->ext_ranges, true,
		    &npos, &opos, mset);
	diff_ranges(c, PC_CHANGE_RESERVED_RANGE_REMOVED, PC_ELEM_MESSAGE, o, n, &o->reserved_ranges,
		    &n->reserved_ranges, true, &npos, &opos, mset);
	for (uint32_t i = 0; i < o->reserved_names.len; i++) {
		PcStr name = PC_VEC_AT(o->reserved_names, PcReservedName, i).name;
		if (map_get(c, T_RNAME, NEW, n->full_name, name, 0))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_RESERVED_NAME_REMOVED, PC_ELEM_MESSAGE, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = at(c, &opos);
		ch->name = name;
	}
	msg_bool_option(c, PC_CHANGE_MESSAGE_SET_WIRE_FORMAT, o, n, 1, &npos, &opos);
	msg_bool_option(c, PC_CHANGE_MESSAGE_NO_STD_ACCESSOR, o, n, 2, NULL, NULL);
	PcVisibility ov = effective_visibility(o->file, o->visibility, o->parent != NULL);
	PcVisibility nv = effective_visibility(n->file, n->visibility, n->parent != NULL);
	if (ov != nv) {
		PcChange *ch = emit(c, PC_CHANGE_MESSAGE_VISIBILITY, PC_ELEM_MESSAGE, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = at(c, &opos);
		ch->old_val = (PcChangeValue){o->visibility != PC_VIS_UNSET, ov, pc_str(visibility_names[ov])};
		ch->new_val = (PcChangeValue){n->visibility != PC_VIS_UNSET, nv, pc_str(visibility_names[nv])};
	}
	if (o->features.json_format != n->features.json_format) {
		PcChange *ch = emit(c, PC_CHANGE_MESSAGE_JSON_FORMAT, PC_ELEM_MESSAGE, o, n);
		Path p = {.n = 0};
		path_msg(&p, n);
		path_add(&p, 7);
		path_add(&p, 12);
		path_add(&p, 6);
		ch->pos = pos_in(c, n->file, &p, at(c, &npos).span);
		Path q = {.n = 0};
		path_msg(&q, o);
		path_add(&q, 7);
		path_add(&q, 12);
		path_add(&q, 6);
		ch->old_pos = pos_in(c, o->file, &q, at(c, &opos).span);
		ch->old_val = val_i(o->features.json_format);
		ch->new_val = val_i(n->features.json_format);
	}
	diff_message_extras(c, o, n, &npos, &opos);
}

/* ---- enums ---- */

static int str_cmp(const void *a, const void *b)
{
	const PcStr *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->ptr, y->ptr, n);
	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* "\"A\", \"B\"": the sorted names of a group, as buf quotes them in its messages. */
static PcStr joined_names(Ctx *c, const NumGroup *g)
{
	PcStr *names = PC_NEW_ARRAY(c->a, PcStr, g->values.len);
	size_t total = 0;
	for (uint32_t i = 0; i < g->values.len; i++) {
		names[i] = PC_VEC_AT(g->values, const PcEnumValue *, i)->name;
		total += names[i].len + 4;
	}
	qsort(names, g->values.len, sizeof(PcStr), str_cmp);
	char *buf = pc_arena_alloc(c->a, total + 1), *p = buf;
	for (uint32_t i = 0; i < g->values.len; i++) {
		if (i) {
			memcpy(p, ", ", 2);
			p += 2;
		}
		*p++ = '"';
		memcpy(p, names[i].ptr, names[i].len);
		p += names[i].len;
		*p++ = '"';
	}
	*p = '\0';
	return (PcStr){buf, (size_t)(p - buf)};
}

static PcPos pos_value_number(Ctx *c, const PcEnumValue *v)
{
	Path p = {.n = 0};
	path_enum(&p, v->parent);
	path_push(&p, 2, (int32_t)v->index);
	path_add(&p, 2);
	return pos_in(c, v->parent->file, &p, v->number_span);
}

static void diff_enum_values(Ctx *c, const PcEnum *o, const PcEnum *n, LazyPos *npos, LazyPos *opos)
{
	Ranges reserved = collapse(c, &n->reserved_ranges, false);
	for (uint32_t i = 0; i < o->values.len; i++) {
		const PcEnumValue *v = PC_VEC_AT(o->values, PcEnumValue *, i);
		const NumGroup *og = values_by_number(c, OLD, o, v->number);
		if (PC_VEC_AT(og->values, const PcEnumValue *, 0) != v)
			continue; /* aliases are handled with the number's first value */
		const NumGroup *ng = values_by_number(c, NEW, n, v->number);
		if (!ng) {
			PcChange *ch = emit(c, PC_CHANGE_ENUM_VALUE_DELETED, PC_ELEM_ENUM_VALUE, v, NULL);
			set_parents(ch, PC_ELEM_ENUM, o, n);
			ch->pos = at(c, npos);
			ch->old_pos = at(c, opos);
			ch->name = v->name;
			ch->number = v->number;
			ch->old_val = val_s(joined_names(c, og));
			if (in_ranges(&reserved, v->number))
				ch->flags |= PC_CHANGE_F_NUMBER_RESERVED;
			bool all = true;
			for (uint32_t j = 0; j < og->values.len && all; j++)
				all = map_get(c, T_RNAME, NEW, n->full_name,
					      PC_VEC_AT(og->values, const PcEnumValue *, j)->name, 0) != NULL;
			if (all)
				ch->flags |= PC_CHANGE_F_NAME_RESERVED;
			continue;
		}
		/* A change of names is any OLD name of the number that NEW lacks for it
		 * (added aliases are not a change of name). */
		bool contained = true;
		for (uint32_t j = 0; j < og->values.len && contained; j++) {
			const PcEnumValue *w = PC_VEC_AT(og->values, const PcEnumValue *, j);
			const PcEnumValue *x = value_by_name(c, NEW, n, w->name);
			contained = x && x->number == v->number;
		}
		if (contained)
			continue;
		PcStr on = joined_names(c, og), nn = joined_names(c, ng);
		for (uint32_t j = 0; j < ng->values.len; j++) {
			const PcEnumValue *w = PC_VEC_AT(ng->values, const PcEnumValue *, j);
			const PcEnumValue *x = value_by_name(c, OLD, o, w->name);
			if (x && x->number != v->number)
				x = NULL;
			PcChange *ch = emit(c, PC_CHANGE_ENUM_VALUE_NAME, PC_ELEM_ENUM_VALUE, x, w);
			set_parents(ch, PC_ELEM_ENUM, o, n);
			ch->pos = pos_value_number(c, w);
			ch->old_pos = pos_value_number(c, x ? x : v);
			ch->name = w->name;
			ch->number = v->number;
			ch->old_val = (PcChangeValue){true, (int64_t)og->values.len, on};
			ch->new_val = (PcChangeValue){true, (int64_t)ng->values.len, nn};
		}
	}
}

static PcPos pos_enum_feature(Ctx *c, const PcEnum *e, int32_t feature, PcSpan fallback)
{
	Path p = {.n = 0};
	path_enum(&p, e);
	path_add(&p, 3);
	path_add(&p, 7);
	path_add(&p, feature);
	return pos_in(c, e->file, &p, fallback);
}

/* What an enum pair gains (values, reserved ranges and names) and the options and
 * comments of the enum and of its values (paired by name at the same number). */
static void diff_enum_extras(Ctx *c, const PcEnum *o, const PcEnum *n, LazyPos *npos, LazyPos *opos)
{
	if (c->cfg->additions) {
		for (uint32_t i = 0; i < n->values.len; i++) {
			const PcEnumValue *v = PC_VEC_AT(n->values, PcEnumValue *, i);
			const NumGroup *ng = values_by_number(c, NEW, n, v->number);
			if (PC_VEC_AT(ng->values, const PcEnumValue *, 0) != v || values_by_number(c, OLD, o, v->number))
				continue;
			PcChange *ch = emit(c, PC_CHANGE_ENUM_VALUE_ADDED, PC_ELEM_ENUM_VALUE, NULL, v);
			set_parents(ch, PC_ELEM_ENUM, o, n);
			ch->pos = value_pos(c, v);
			ch->name = v->name;
			ch->number = v->number;
			ch->package = n->file->package;
		}
		diff_ranges(c, PC_CHANGE_RESERVED_RANGE_ADDED, PC_ELEM_ENUM, o, n, &n->reserved_ranges,
			    &o->reserved_ranges, false, npos, opos, 0);
		reserved_names_added(c, PC_ELEM_ENUM, o, n, o->full_name, &n->reserved_names, npos);
	}
	if (!c->cfg->options && !c->cfg->comments)
		return;
	Side so = {o, o->file, {.n = 0}, opos}, sn = {n, n->file, {.n = 0}, npos};
	path_enum(&so.path, o);
	path_enum(&sn.path, n);
	diff_decorations(c, OPT_OF_ENUM, PC_ELEM_ENUM, &o->opts, &n->opts, o->comments, n->comments, &so, &sn);
	for (uint32_t i = 0; i < o->values.len; i++) {
		const PcEnumValue *v = PC_VEC_AT(o->values, PcEnumValue *, i);
		const PcEnumValue *w = value_by_name(c, NEW, n, v->name);
		if (!w || w->number != v->number)
			continue;
		LazyPos vp = {.get = value_pos, .elem = v}, wp = {.get = value_pos, .elem = w};
		Side ov = {v, o->file, so.path, &vp}, nw = {w, n->file, sn.path, &wp};
		path_push(&ov.path, 2, (int32_t)v->index);
		path_push(&nw.path, 2, (int32_t)w->index);
		diff_decorations(c, OPT_OF_ENUM_VALUE, PC_ELEM_ENUM_VALUE, &v->opts, &w->opts, v->comments,
				 w->comments, &ov, &nw);
	}
}

static void diff_enum_pair(Ctx *c, const PcEnum *o, const PcEnum *n)
{
	LazyPos npos = {.get = enum_pos, .elem = n}, opos = {.get = enum_pos, .elem = o};
	PcVisibility ov = effective_visibility(o->file, o->visibility, o->parent != NULL);
	PcVisibility nv = effective_visibility(n->file, n->visibility, n->parent != NULL);
	if (ov != nv) {
		PcChange *ch = emit(c, PC_CHANGE_ENUM_VISIBILITY, PC_ELEM_ENUM, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = at(c, &opos);
		ch->old_val = (PcChangeValue){o->visibility != PC_VIS_UNSET, ov, pc_str(visibility_names[ov])};
		ch->new_val = (PcChangeValue){n->visibility != PC_VIS_UNSET, nv, pc_str(visibility_names[nv])};
	}
	if (o->features.enum_type != n->features.enum_type) {
		PcChange *ch = emit(c, PC_CHANGE_ENUM_TYPE, PC_ELEM_ENUM, o, n);
		ch->pos = pos_enum_feature(c, n, 2, at(c, &npos).span);
		ch->old_pos = pos_enum_feature(c, o, 2, at(c, &opos).span);
		ch->old_val = val_i(o->features.enum_type);
		ch->new_val = val_i(n->features.enum_type);
	}
	if (o->features.json_format != n->features.json_format) {
		PcChange *ch = emit(c, PC_CHANGE_ENUM_JSON_FORMAT, PC_ELEM_ENUM, o, n);
		ch->pos = pos_enum_feature(c, n, 6, at(c, &npos).span);
		ch->old_pos = pos_enum_feature(c, o, 6, at(c, &opos).span);
		ch->old_val = val_i(o->features.json_format);
		ch->new_val = val_i(n->features.json_format);
	}
	diff_enum_values(c, o, n, &npos, &opos);
	diff_ranges(c, PC_CHANGE_RESERVED_RANGE_REMOVED, PC_ELEM_ENUM, o, n, &o->reserved_ranges, &n->reserved_ranges,
		    false, &npos, &opos, 0);
	for (uint32_t i = 0; i < o->reserved_names.len; i++) {
		PcStr name = PC_VEC_AT(o->reserved_names, PcReservedName, i).name;
		if (map_get(c, T_RNAME, NEW, n->full_name, name, 0))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_RESERVED_NAME_REMOVED, PC_ELEM_ENUM, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = at(c, &opos);
		ch->name = name;
	}
	diff_enum_extras(c, o, n, &npos, &opos);
}

/* ---- services ---- */

static const char *const idempotency_names[] = {"IDEMPOTENCY_UNKNOWN", "NO_SIDE_EFFECTS", "IDEMPOTENT"};

static PcChangeValue idempotency(const PcMethod *m)
{
	uint64_t v = 0;
	bool set = opt_varint(&m->opts, 34, &v);
	return (PcChangeValue){set, (int64_t)v, pc_str(v < 3 ? idempotency_names[v] : "")};
}

/* The paged result field of a method, as proto-breaking-change-detector decides that a
 * method is paginated (AIP-158): not server-streaming, not returning an Operation, the
 * request has `int32 page_size` and `string page_token`, the response has `string
 * next_page_token` and a repeated field numbered 1 (that one). NULL: not paginated. */
static const PcField *paged_field(Ctx *c, int side, const PcMethod *m)
{
	static const char lro[] = ".google.longrunning.Operation";
	PcStr out = m->output_type;
	if (m->server_streaming || !m->input_msg || !m->output_msg ||
	    (out.len >= sizeof lro - 1 && memcmp(out.ptr + out.len - (sizeof lro - 1), lro, sizeof lro - 1) == 0))
		return NULL;
	const PcField *size = field_named(c, side, m->input_msg, pc_str("page_size"));
	const PcField *token = field_named(c, side, m->input_msg, pc_str("page_token"));
	const PcField *next = field_named(c, side, m->output_msg, pc_str("next_page_token"));
	if (!size || size->type != PC_TYPE_INT32 || !token || token->type != PC_TYPE_STRING || !next ||
	    next->type != PC_TYPE_STRING)
		return NULL;
	for (uint32_t i = 0; i < m->output_msg->fields.len; i++) {
		const PcField *f = PC_VEC_AT(m->output_msg->fields, PcField *, i);
		if (f->label == PC_LABEL_REPEATED && f->number == 1)
			return f;
	}
	return NULL;
}

static void diff_method_pair(Ctx *c, const PcMethod *o, const PcMethod *n)
{
	const PcField *po = paged_field(c, OLD, o), *pn = paged_field(c, NEW, n);
	if ((po || pn) && (!po || !pn || !pc_str_eq(po->name, pn->name))) {
		PcChange *ch = emit(c, PC_CHANGE_RPC_PAGINATION, PC_ELEM_METHOD, o, n);
		ch->pos = pos_method_part(c, n, 0, n->span);
		ch->old_pos = pos_method_part(c, o, 0, o->span);
		ch->old_val = (PcChangeValue){po != NULL, 0, po ? po->name : NOSTR};
		ch->new_val = (PcChangeValue){pn != NULL, 0, pn ? pn->name : NOSTR};
	}
	if (o->client_streaming != n->client_streaming || o->server_streaming != n->server_streaming) {
		for (int server = 0; server < 2; server++) {
			bool a = server ? o->server_streaming : o->client_streaming;
			bool b = server ? n->server_streaming : n->client_streaming;
			if (a == b)
				continue;
			PcChange *ch = emit(c, server ? PC_CHANGE_RPC_SERVER_STREAMING : PC_CHANGE_RPC_CLIENT_STREAMING,
					    PC_ELEM_METHOD, o, n);
			ch->pos = pos_method_part(c, n, 0, n->span);
			ch->old_pos = pos_method_part(c, o, 0, o->span);
			ch->old_val = val_i(a);
			ch->new_val = val_i(b);
		}
	}
	if (!pc_str_eq(o->input_type, n->input_type)) {
		PcChange *ch = emit(c, PC_CHANGE_RPC_REQUEST_TYPE, PC_ELEM_METHOD, o, n);
		ch->pos = pos_method_part(c, n, 2, n->input_span);
		ch->old_pos = pos_method_part(c, o, 2, o->input_span);
		ch->old_val = val_s(strip_dot(o->input_type));
		ch->new_val = val_s(strip_dot(n->input_type));
	}
	if (!pc_str_eq(o->output_type, n->output_type)) {
		PcChange *ch = emit(c, PC_CHANGE_RPC_RESPONSE_TYPE, PC_ELEM_METHOD, o, n);
		ch->pos = pos_method_part(c, n, 3, n->output_span);
		ch->old_pos = pos_method_part(c, o, 3, o->output_span);
		ch->old_val = val_s(strip_dot(o->output_type));
		ch->new_val = val_s(strip_dot(n->output_type));
	}
	PcChangeValue a = idempotency(o), b = idempotency(n);
	if (a.i != b.i) {
		PcChange *ch = emit(c, PC_CHANGE_RPC_IDEMPOTENCY_LEVEL, PC_ELEM_METHOD, o, n);
		Path p = {.n = 0};
		path_method(&p, n);
		path_add(&p, 4);
		path_add(&p, 34);
		ch->pos = pos_in(c, n->parent->file, &p, PC_NO_SPAN);
		Path q = {.n = 0};
		path_method(&q, o);
		path_add(&q, 4);
		path_add(&q, 34);
		ch->old_pos = pos_in(c, o->parent->file, &q, PC_NO_SPAN);
		ch->old_val = a;
		ch->new_val = b;
	}
	if (c->cfg->options || c->cfg->comments) {
		LazyPos op = {.get = method_pos, .elem = o}, np = {.get = method_pos, .elem = n};
		Side so = {o, o->parent->file, {.n = 0}, &op}, sn = {n, n->parent->file, {.n = 0}, &np};
		path_method(&so.path, o);
		path_method(&sn.path, n);
		diff_decorations(c, OPT_OF_METHOD, PC_ELEM_METHOD, &o->opts, &n->opts, o->comments, n->comments, &so,
				 &sn);
	}
}

static void diff_service_pair(Ctx *c, const PcService *o, const PcService *n)
{
	LazyPos npos = {.get = service_pos, .elem = n};
	for (uint32_t i = 0; i < o->methods.len; i++) {
		const PcMethod *m = PC_VEC_AT(o->methods, PcMethod *, i);
		const PcMethod *k = map_get(c, T_METHOD, NEW, n->full_name, m->name, 0);
		if (k) {
			diff_method_pair(c, m, k);
			continue;
		}
		PcChange *ch = emit(c, PC_CHANGE_RPC_DELETED, PC_ELEM_METHOD, m, NULL);
		set_parents(ch, PC_ELEM_SERVICE, o, n);
		ch->pos = at(c, &npos);
		ch->old_pos = pos_method_part(c, m, 0, m->span);
		ch->name = m->name;
	}
	for (uint32_t i = 0; c->cfg->additions && i < n->methods.len; i++) {
		const PcMethod *m = PC_VEC_AT(n->methods, PcMethod *, i);
		if (map_get(c, T_METHOD, OLD, o->full_name, m->name, 0))
			continue;
		PcChange *ch = emit(c, PC_CHANGE_RPC_ADDED, PC_ELEM_METHOD, NULL, m);
		set_parents(ch, PC_ELEM_SERVICE, o, n);
		ch->pos = method_pos(c, m);
		ch->name = m->name;
		ch->package = n->file->package;
	}
	if (c->cfg->options || c->cfg->comments) {
		LazyPos op = {.get = service_pos, .elem = o};
		Side so = {o, o->file, {.n = 0}, &op}, sn = {n, n->file, {.n = 0}, &npos};
		path_push(&so.path, 6, (int32_t)o->index);
		path_push(&sn.path, 6, (int32_t)n->index);
		diff_decorations(c, OPT_OF_SERVICE, PC_ELEM_SERVICE, &o->opts, &n->opts, o->comments, n->comments, &so,
				 &sn);
	}
}

/* ---- files ---- */

typedef enum OptType { OPT_BOOL, OPT_STRING, OPT_ENUM } OptType;

static const struct FileOpt {
	uint32_t number;
	const char *name;
	OptType type;
	uint64_t dflt;
} file_opts[] = {
	{1, "java_package", OPT_STRING, 0},
	{8, "java_outer_classname", OPT_STRING, 0},
	{9, "optimize_for", OPT_ENUM, 1},
	{10, "java_multiple_files", OPT_BOOL, 0},
	{11, "go_package", OPT_STRING, 0},
	{16, "cc_generic_services", OPT_BOOL, 0},
	{17, "java_generic_services", OPT_BOOL, 0},
	{18, "py_generic_services", OPT_BOOL, 0},
	{31, "cc_enable_arenas", OPT_BOOL, 1},
	{36, "objc_class_prefix", OPT_STRING, 0},
	{37, "csharp_namespace", OPT_STRING, 0},
	{39, "swift_prefix", OPT_STRING, 0},
	{40, "php_class_prefix", OPT_STRING, 0},
	{41, "php_namespace", OPT_STRING, 0},
	{42, "php_generic_services", OPT_BOOL, 0},
	{44, "php_metadata_namespace", OPT_STRING, 0},
	{45, "ruby_package", OPT_STRING, 0},
};

static const char *const optimize_names[] = {"", "SPEED", "CODE_SIZE", "LITE_RUNTIME"};

static PcChangeValue file_opt_value(const PcFile *f, const struct FileOpt *fo)
{
	uint64_t v = fo->dflt;
	PcStr s = NOSTR;
	bool set = opt_find(f->opts.encoded, &fo->number, 1, &v, &s);
	switch (fo->type) {
	case OPT_BOOL:
		return (PcChangeValue){set, v != 0, pc_str(v ? "true" : "false")};
	case OPT_STRING:
		return (PcChangeValue){set, 0, s};
	case OPT_ENUM:
		return (PcChangeValue){set, (int64_t)v, pc_str(v < 4 ? optimize_names[v] : "")};
	}
	return (PcChangeValue){0};
}

static PcPos pos_file_field(Ctx *c, const PcFile *f, int32_t a, int32_t b, PcSpan fallback)
{
	Path p = {.n = 0};
	path_add(&p, a);
	if (b)
		path_add(&p, b);
	return pos_in(c, f, &p, fallback);
}

static const char *syntax_name(const PcFile *f)
{
	switch (f->syntax) {
	case PC_SYNTAX_PROTO2:
		return "proto2";
	case PC_SYNTAX_PROTO3:
		return "proto3";
	case PC_SYNTAX_EDITIONS:
		return "editions";
	}
	return "";
}

static int32_t edition_of(const PcFile *f)
{
	switch (f->syntax) {
	case PC_SYNTAX_PROTO2:
		return PC_EDITION_PROTO2;
	case PC_SYNTAX_PROTO3:
		return PC_EDITION_PROTO3;
	case PC_SYNTAX_EDITIONS:
		return f->edition;
	}
	return 0;
}

static void diff_file_pair(Ctx *c, const PcFile *o, const PcFile *n)
{
	if (o->syntax != n->syntax || edition_of(o) != edition_of(n)) {
		PcChange *ch = emit(c, PC_CHANGE_FILE_SYNTAX, PC_ELEM_FILE, o, n);
		int32_t nf = n->syntax == PC_SYNTAX_EDITIONS ? 14 : 12, of = o->syntax == PC_SYNTAX_EDITIONS ? 14 : 12;
		ch->pos = pos_file_field(c, n, nf, 0, n->syntax_span);
		ch->old_pos = pos_file_field(c, o, of, 0, o->syntax_span);
		ch->old_val = (PcChangeValue){o->has_syntax, edition_of(o), pc_str(syntax_name(o))};
		ch->new_val = (PcChangeValue){n->has_syntax, edition_of(n), pc_str(syntax_name(n))};
	}
	if (!pc_str_eq(o->package, n->package)) {
		PcChange *ch = emit(c, PC_CHANGE_FILE_PACKAGE, PC_ELEM_FILE, o, n);
		ch->pos = pos_file_field(c, n, 2, 0, n->package_span);
		ch->old_pos = pos_file_field(c, o, 2, 0, o->package_span);
		ch->old_val = val_s(o->package);
		ch->new_val = val_s(n->package);
	}
	for (size_t i = 0; i < sizeof file_opts / sizeof file_opts[0]; i++) {
		const struct FileOpt *fo = &file_opts[i];
		PcChangeValue a = file_opt_value(o, fo), b = file_opt_value(n, fo);
		if (fo->type == OPT_STRING ? pc_str_eq(a.s, b.s) : a.i == b.i)
			continue;
		PcChange *ch = emit(c, PC_CHANGE_FILE_OPTION, PC_ELEM_FILE, o, n);
		ch->option = fo->number;
		ch->name = pc_str(fo->name);
		ch->pos = pos_file_field(c, n, 8, (int32_t)fo->number, PC_NO_SPAN);
		ch->old_pos = pos_file_field(c, o, 8, (int32_t)fo->number, PC_NO_SPAN);
		ch->old_val = a;
		ch->new_val = b;
	}
	if (!c->cfg->options)
		return;
	LazyPos op = {.get = file_pos, .elem = o}, np = {.get = file_pos, .elem = n};
	Side so = {o, o, {.n = 0}, &op}, sn = {n, n, {.n = 0}, &np};
	diff_options(c, OPT_OF_FILE, PC_ELEM_FILE, &o->opts, &n->opts, &so, &sn, 0);
}

/* ---- renames and moves (PcDiffConfig.renames) ----
 *
 * A candidate is a message, enum or service whose full name the other side lacks; its
 * members are its fields by (number, name), its values by (name, number), its methods
 * by (name, streaming). Types are left out: they are what the member-by-member
 * comparison of a pair reports. Candidates of one kind pair, first match wins:
 *  1. the same members, at least one, and no other open candidate with those members
 *     on either side (or exactly one of them with the same short name);
 *  2. the same short name, the only open candidates of that name on each side, and at
 *     least half of the larger one's members in common (a move to another package, or
 *     into or out of a message, with edits);
 *  3. at least REN_SIMILAR_PCT percent of the larger one's members in common, each
 *     the other's best such match (a rename with edits); candidates are found through
 *     their two lowest-numbered members, so both must keep one of those.
 * A paired message pairs its nested messages and enums of the same short name. Buckets
 * of more than REN_MAX_BUCKET candidates are left alone (too ambiguous to pair, and it
 * keeps the work linear). docs/diff.md, "Renames and moves". */

enum { REN_MAX_BUCKET = 64, REN_SIMILAR_PCT = 80, REN_KEYS = 2, REN_MIN_MEMBERS = 3 };

typedef struct Cand {
	PcElemKind kind;
	int side;
	const void *elem;
	PcStr full, name;
	const PcFile *file;
	uint64_t sig;                /* order-free hash of the members */
	uint64_t keys[REN_KEYS];     /* the lowest-numbered members' hashes (pass 3) */
	uint32_t members, nkeys;
} Cand;

typedef struct Bucket {
	PcVec cands[2];     /* of Cand *, each side's */
	uint32_t open[2];   /* unpaired, counted before pass 2 */
} Bucket;

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static PcStr short_name(PcStr full)
{
	for (size_t i = full.len; i-- > 0;)
		if (full.ptr[i] == '.')
			return pc_str_sub(full, i + 1, full.len - i - 1);
	return full;
}

static uint64_t member_hash(PcElemKind k, int64_t number, PcStr name)
{
	return mix64(mix64((uint64_t)number * 31 + k) ^ (uint64_t)pc_str_hash(name) << 32);
}

/* Keeps the REN_KEYS lowest numbers' hashes. */
static void keep_key(Cand *k, int64_t *lows, int64_t number, uint64_t h)
{
	uint32_t i = k->nkeys < REN_KEYS ? k->nkeys++ : REN_KEYS;
	if (i == REN_KEYS) {
		if (number >= lows[REN_KEYS - 1])
			return;
		i = REN_KEYS - 1;
	}
	for (; i > 0 && lows[i - 1] > number; i--) {
		lows[i] = lows[i - 1];
		k->keys[i] = k->keys[i - 1];
	}
	lows[i] = number;
	k->keys[i] = h;
}

static void add_member(Cand *k, int64_t *lows, int64_t number, PcStr name)
{
	uint64_t h = member_hash(k->kind, number, name);
	k->sig += h;
	k->members++;
	keep_key(k, lows, number, h);
}

static void cand_sig(Cand *k)
{
	int64_t lows[REN_KEYS];
	if (k->kind == PC_ELEM_MESSAGE) {
		const PcMessage *m = k->elem;
		for (uint32_t i = 0; i < m->fields.len; i++) {
			const PcField *f = PC_VEC_AT(m->fields, PcField *, i);
			add_member(k, lows, f->number, f->name);
		}
	} else if (k->kind == PC_ELEM_ENUM) {
		const PcEnum *e = k->elem;
		for (uint32_t i = 0; i < e->values.len; i++) {
			const PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
			add_member(k, lows, v->number, v->name);
		}
	} else {
		const PcService *s = k->elem;
		for (uint32_t i = 0; i < s->methods.len; i++) {
			const PcMethod *m = PC_VEC_AT(s->methods, PcMethod *, i);
			/* methods have no number: the name's hash stands in (order-free) */
			add_member(k, lows, (int64_t)pc_str_hash(m->name) << 2 | m->client_streaming << 1 | m->server_streaming,
				   m->name);
		}
	}
	k->sig = mix64(k->sig + k->kind);
}

/* How many of OLD candidate o's members NEW candidate n has. */
static uint32_t ren_matching(Ctx *c, const Cand *o, const Cand *n)
{
	uint32_t k = 0;
	if (o->kind == PC_ELEM_MESSAGE) {
		const PcMessage *a = o->elem, *b = n->elem;
		field_index_build(&c->fields[NEW], b, c->a);
		for (uint32_t i = 0; i < a->fields.len; i++) {
			const PcField *x = PC_VEC_AT(a->fields, PcField *, i);
			const PcField *y = field_index_get(&c->fields[NEW], x->number);
			k += y && pc_str_eq(x->name, y->name);
		}
	} else if (o->kind == PC_ELEM_ENUM) {
		const PcEnum *a = o->elem, *b = n->elem;
		for (uint32_t i = 0; i < a->values.len; i++) {
			const PcEnumValue *v = PC_VEC_AT(a->values, PcEnumValue *, i);
			const PcEnumValue *w = value_by_name(c, NEW, b, v->name);
			k += w && w->number == v->number;
		}
	} else {
		const PcService *a = o->elem, *b = n->elem;
		for (uint32_t i = 0; i < a->methods.len; i++) {
			const PcMethod *m = PC_VEC_AT(a->methods, PcMethod *, i);
			const PcMethod *x = map_get(c, T_METHOD, NEW, b->full_name, m->name, 0);
			k += x && x->client_streaming == m->client_streaming && x->server_streaming == m->server_streaming;
		}
	}
	return k;
}

static bool ren_exact(Ctx *c, const Cand *o, const Cand *n)
{
	return o->sig == n->sig && o->members == n->members && ren_matching(c, o, n) == o->members;
}

static const void *ren_partner(const Ctx *c, int side, const void *elem)
{
	return c->cfg->renames ? map_get(c, T_REN, (uint32_t)side, NOSTR, NOSTR, ptr_key(elem)) : NULL;
}

static void ren_link(Ctx *c, const void *o, const void *n)
{
	*map_put(c, T_REN, OLD, NOSTR, NOSTR, ptr_key(o), NULL) = (void *)n;
	*map_put(c, T_REN, NEW, NOSTR, NOSTR, ptr_key(n), NULL) = (void *)o;
}

/* The nested messages and enums of a renamed pair follow it by short name. */
static void ren_nested(Ctx *c, const PcMessage *o, const PcMessage *n)
{
	for (uint32_t i = 0; i < o->nested.len; i++) {
		const PcMessage *x = PC_VEC_AT(o->nested, PcMessage *, i);
		if (map_get(c, T_MSG, NEW, x->full_name, NOSTR, 0) || ren_partner(c, OLD, x))
			continue;
		const PcMessage *y = map_get(c, T_MSG, NEW, pc_arena_join(c->a, n->full_name, x->name), NOSTR, 0);
		if (!y || map_get(c, T_MSG, OLD, y->full_name, NOSTR, 0) || ren_partner(c, NEW, y))
			continue;
		ren_link(c, x, y);
		ren_nested(c, x, y);
	}
	for (uint32_t i = 0; i < o->enums.len; i++) {
		const PcEnum *x = PC_VEC_AT(o->enums, PcEnum *, i);
		if (map_get(c, T_ENUM, NEW, x->full_name, NOSTR, 0) || ren_partner(c, OLD, x))
			continue;
		const PcEnum *y = map_get(c, T_ENUM, NEW, pc_arena_join(c->a, n->full_name, x->name), NOSTR, 0);
		if (!y || map_get(c, T_ENUM, OLD, y->full_name, NOSTR, 0) || ren_partner(c, NEW, y))
			continue;
		ren_link(c, x, y);
	}
}

static void ren_pair(Ctx *c, Cand *o, Cand *n)
{
	ren_link(c, o->elem, n->elem);
	*PC_VEC_PUSH(&c->renames, Cand *, c->a) = o;
	*PC_VEC_PUSH(&c->renames, Cand *, c->a) = n;
	if (o->kind == PC_ELEM_MESSAGE)
		ren_nested(c, o->elem, n->elem);
}

static Bucket *ren_bucket(Ctx *c, uint32_t tag, PcStr s, int64_t n)
{
	void **slot = map_put(c, tag, 0, s, NOSTR, n, NULL);
	if (!*slot)
		*slot = PC_NEW(c->a, Bucket);
	return *slot;
}

static void ren_add(Ctx *c, PcVec *out, int side, PcElemKind kind, const void *elem, PcStr full)
{
	Cand *k = PC_NEW(c->a, Cand);
	const PcFile *f = kind == PC_ELEM_MESSAGE ? ((const PcMessage *)elem)->file
			  : kind == PC_ELEM_ENUM  ? ((const PcEnum *)elem)->file
						  : ((const PcService *)elem)->file;
	*k = (Cand){.kind = kind, .side = side, .elem = elem, .full = full, .name = short_name(full), .file = f};
	cand_sig(k);
	*PC_VEC_PUSH(out, Cand *, c->a) = k;
	*PC_VEC_PUSH(&ren_bucket(c, T_REN_SIG, NOSTR, (int64_t)k->sig)->cands[side], Cand *, c->a) = k;
	*PC_VEC_PUSH(&ren_bucket(c, T_REN_NAME, k->name, kind)->cands[side], Cand *, c->a) = k;
	for (uint32_t i = 0; i < k->nkeys; i++)
		*PC_VEC_PUSH(&ren_bucket(c, T_REN_KEY, NOSTR, (int64_t)k->keys[i])->cands[side], Cand *, c->a) = k;
}

/* Outer elements before the ones nested in them, so a pair's members follow it. */
static void ren_collect_msg(Ctx *c, PcVec *out, int side, const PcMessage *m)
{
	if (m->is_map_entry)
		return;
	if (!map_get(c, T_MSG, (uint32_t)!side, m->full_name, NOSTR, 0))
		ren_add(c, out, side, PC_ELEM_MESSAGE, m, m->full_name);
	for (uint32_t i = 0; i < m->enums.len; i++) {
		const PcEnum *e = PC_VEC_AT(m->enums, PcEnum *, i);
		if (!map_get(c, T_ENUM, (uint32_t)!side, e->full_name, NOSTR, 0))
			ren_add(c, out, side, PC_ELEM_ENUM, e, e->full_name);
	}
	for (uint32_t i = 0; i < m->nested.len; i++)
		ren_collect_msg(c, out, side, PC_VEC_AT(m->nested, PcMessage *, i));
}

static void ren_collect(Ctx *c, PcVec *out, int side)
{
	for (uint32_t i = 0; i < c->files[side].len; i++) {
		const PcFile *f = PC_VEC_AT(c->files[side], const PcFile *, i);
		for (uint32_t j = 0; j < f->messages.len; j++)
			ren_collect_msg(c, out, side, PC_VEC_AT(f->messages, PcMessage *, j));
		for (uint32_t j = 0; j < f->enums.len; j++) {
			const PcEnum *e = PC_VEC_AT(f->enums, PcEnum *, j);
			if (!map_get(c, T_ENUM, (uint32_t)!side, e->full_name, NOSTR, 0))
				ren_add(c, out, side, PC_ELEM_ENUM, e, e->full_name);
		}
		for (uint32_t j = 0; j < f->services.len; j++) {
			const PcService *s = PC_VEC_AT(f->services, PcService *, j);
			if (!map_get(c, T_SVC, (uint32_t)!side, s->full_name, NOSTR, 0))
				ren_add(c, out, side, PC_ELEM_SERVICE, s, s->full_name);
		}
	}
}

static bool ren_open(const Ctx *c, const Cand *k)
{
	return !ren_partner(c, k->side, k->elem);
}

static bool ren_small(const Bucket *b)
{
	return b->cands[OLD].len <= REN_MAX_BUCKET && b->cands[NEW].len <= REN_MAX_BUCKET;
}

static const PcFile *old_partner_file(const Ctx *c, const PcFile *f);

/* What a pair must also meet, whatever the pass: not both in files the other side
 * lacks (a file deleted and another added is a new API, not a move); another package
 * only when a paired field or method that used OLD's type uses NEW's instead (generic
 * shapes such as ListXResponse recur across packages by chance); another short name
 * only with REN_MIN_MEMBERS members (small messages such as {string name = 1;} look
 * alike by chance). */
static bool ren_allowed(const Ctx *c, const Cand *o, const Cand *n)
{
	if (!partner_file(c, o->file) && !old_partner_file(c, n->file))
		return false;
	bool used = map_get(c, T_REN_USE, OLD, NOSTR, NOSTR, ptr_key(o->elem)) == n->elem;
	if (!used && !pc_str_eq(o->file->package, n->file->package))
		return false;
	return used || pc_str_eq(o->name, n->name) ||
	       (o->members >= REN_MIN_MEMBERS && n->members >= REN_MIN_MEMBERS);
}

static const char REN_AMBIGUOUS[1];

/* A paired reference went from OLD type ot to NEW type nt, both without partners. */
static void ren_use(Ctx *c, const void *ot, PcStr ofull, const void *nt, PcStr nfull, uint32_t tag)
{
	if (!ot || !nt || pc_str_eq(ofull, nfull) || map_get(c, tag, NEW, ofull, NOSTR, 0) ||
	    map_get(c, tag, OLD, nfull, NOSTR, 0))
		return;
	void **v = map_put(c, T_REN_USE, OLD, NOSTR, NOSTR, ptr_key(ot), NULL);
	if (!*v)
		*v = (void *)nt;
	else if (*v != nt)
		*v = (void *)REN_AMBIGUOUS;
}

static void ren_uses_in(Ctx *c, const PcMessage *m)
{
	const PcMessage *n = map_get(c, T_MSG, NEW, m->full_name, NOSTR, 0);
	if (n) {
		field_index_build(&c->fields[NEW], n, c->a);
		for (uint32_t i = 0; i < m->fields.len; i++) {
			const PcField *f = PC_VEC_AT(m->fields, PcField *, i);
			const PcField *g = field_index_get(&c->fields[NEW], f->number);
			if (!g)
				continue;
			if (f->msg_type && g->msg_type)
				ren_use(c, f->msg_type, f->msg_type->full_name, g->msg_type, g->msg_type->full_name, T_MSG);
			else if (f->enum_type && g->enum_type)
				ren_use(c, f->enum_type, f->enum_type->full_name, g->enum_type, g->enum_type->full_name,
					T_ENUM);
		}
	}
	for (uint32_t i = 0; i < m->nested.len; i++)
		ren_uses_in(c, PC_VEC_AT(m->nested, PcMessage *, i));
}

/* The evidence for moves across packages: what paired fields and methods now use. */
static void ren_uses(Ctx *c)
{
	for (uint32_t i = 0; i < c->files[OLD].len; i++) {
		const PcFile *f = PC_VEC_AT(c->files[OLD], const PcFile *, i);
		for (uint32_t j = 0; j < f->messages.len; j++)
			ren_uses_in(c, PC_VEC_AT(f->messages, PcMessage *, j));
		for (uint32_t j = 0; j < f->services.len; j++) {
			const PcService *s = PC_VEC_AT(f->services, PcService *, j);
			for (uint32_t k = 0; k < s->methods.len; k++) {
				const PcMethod *m = PC_VEC_AT(s->methods, PcMethod *, k);
				const PcMethod *x = map_get(c, T_METHOD, NEW, s->full_name, m->name, 0);
				if (!x)
					continue;
				if (m->input_msg && x->input_msg)
					ren_use(c, m->input_msg, m->input_msg->full_name, x->input_msg, x->input_msg->full_name,
						T_MSG);
				if (m->output_msg && x->output_msg)
					ren_use(c, m->output_msg, m->output_msg->full_name, x->output_msg,
						x->output_msg->full_name, T_MSG);
			}
		}
	}
}

/* Pass 1: the one open candidate with the same members on the other side (or the one
 * of those with the same short name), which has no other such OLD rival. */
static Cand *ren_exact_partner(Ctx *c, Cand *o, const Bucket *b)
{
	Cand *only = NULL, *same_name = NULL;
	uint32_t nonly = 0, nsame = 0;
	for (uint32_t i = 0; i < b->cands[NEW].len; i++) {
		Cand *n = PC_VEC_AT(b->cands[NEW], Cand *, i);
		if (n->kind != o->kind || !ren_open(c, n) || !ren_allowed(c, o, n) || !ren_exact(c, o, n))
			continue;
		only = n, nonly++;
		if (pc_str_eq(n->name, o->name))
			same_name = n, nsame++;
	}
	Cand *n = nonly == 1 ? only : nsame == 1 ? same_name : NULL;
	if (!n)
		return NULL;
	for (uint32_t i = 0; i < b->cands[OLD].len; i++) {
		Cand *x = PC_VEC_AT(b->cands[OLD], Cand *, i);
		if (x != o && x->kind == o->kind && ren_open(c, x) && (nonly == 1 || pc_str_eq(x->name, n->name)) &&
		    ren_allowed(c, x, n) && ren_exact(c, x, n))
			return NULL;
	}
	return n;
}

/* Pass 3: k's best open partner of the other side by shared members, at least
 * REN_SIMILAR_PCT percent of the larger; NULL when none or tied. */
static Cand *ren_similar(Ctx *c, Cand *k)
{
	int other = !k->side;
	Cand *best = NULL;
	uint64_t best_score = 0;
	bool tie = false;
	for (uint32_t i = 0; i < k->nkeys; i++) {
		const Bucket *b = map_get(c, T_REN_KEY, 0, NOSTR, NOSTR, (int64_t)k->keys[i]);
		if (!ren_small(b))
			continue;
		for (uint32_t j = 0; j < b->cands[other].len; j++) {
			Cand *x = PC_VEC_AT(b->cands[other], Cand *, j);
			if (x == best || x->kind != k->kind || !ren_open(c, x) ||
			    !pc_str_eq(x->file->package, k->file->package) ||
			    !(k->side == OLD ? ren_allowed(c, k, x) : ren_allowed(c, x, k)))
				continue;
			uint32_t most = x->members > k->members ? x->members : k->members;
			uint32_t m = k->side == OLD ? ren_matching(c, k, x) : ren_matching(c, x, k);
			if ((uint64_t)m * 100 < (uint64_t)most * REN_SIMILAR_PCT)
				continue;
			uint64_t score = (uint64_t)m * 1000000 / most;
			if (score > best_score)
				best = x, best_score = score, tie = false;
			else if (score == best_score)
				tie = true;
		}
	}
	return tie ? NULL : best;
}

static void find_renames(Ctx *c)
{
	PcVec cands[2] = {{0}, {0}};
	ren_collect(c, &cands[OLD], OLD);
	if (!cands[OLD].len)
		return;
	ren_collect(c, &cands[NEW], NEW);
	ren_uses(c);
	for (uint32_t i = 0; i < cands[OLD].len; i++) {
		Cand *o = PC_VEC_AT(cands[OLD], Cand *, i);
		const Bucket *b = map_get(c, T_REN_SIG, 0, NOSTR, NOSTR, (int64_t)o->sig);
		Cand *n = ren_open(c, o) && ren_small(b) ? ren_exact_partner(c, o, b) : NULL;
		if (n)
			ren_pair(c, o, n);
	}
	for (int side = 0; side < 2; side++)
		for (uint32_t i = 0; i < cands[side].len; i++) {
			Cand *k = PC_VEC_AT(cands[side], Cand *, i);
			if (ren_open(c, k))
				((Bucket *)map_get(c, T_REN_NAME, 0, k->name, NOSTR, k->kind))->open[side]++;
		}
	for (uint32_t i = 0; i < cands[OLD].len; i++) {
		Cand *o = PC_VEC_AT(cands[OLD], Cand *, i);
		const Bucket *b = map_get(c, T_REN_NAME, 0, o->name, NOSTR, o->kind);
		if (!ren_open(c, o) || b->open[OLD] != 1 || b->open[NEW] != 1 || !ren_small(b))
			continue;
		for (uint32_t j = 0; j < b->cands[NEW].len; j++) {
			Cand *n = PC_VEC_AT(b->cands[NEW], Cand *, j);
			if (!ren_open(c, n))
				continue;
			uint32_t most = o->members > n->members ? o->members : n->members;
			if (ren_allowed(c, o, n) && 2 * ren_matching(c, o, n) >= most)
				ren_pair(c, o, n);
			break;
		}
	}
	for (uint32_t i = 0; i < cands[OLD].len; i++) {
		Cand *o = PC_VEC_AT(cands[OLD], Cand *, i);
		Cand *n = ren_open(c, o) ? ren_similar(c, o) : NULL;
		if (n && ren_similar(c, n) == o)
			ren_pair(c, o, n);
	}
	/* Pass 4: a paired field or RPC went from o's type to another candidate, which
	 * keeps at least half of the larger one's members (all of them when both have
	 * none). */
	for (uint32_t i = 0; i < cands[OLD].len; i++) {
		Cand *o = PC_VEC_AT(cands[OLD], Cand *, i);
		const void *used = ren_open(c, o) ? map_get(c, T_REN_USE, OLD, NOSTR, NOSTR, ptr_key(o->elem)) : NULL;
		if (!used || used == REN_AMBIGUOUS)
			continue;
		PcStr name = o->kind == PC_ELEM_MESSAGE ? ((const PcMessage *)used)->name : ((const PcEnum *)used)->name;
		const Bucket *b = map_get(c, T_REN_NAME, 0, name, NOSTR, o->kind);
		for (uint32_t j = 0; b && ren_small(b) && j < b->cands[NEW].len; j++) {
			Cand *n = PC_VEC_AT(b->cands[NEW], Cand *, j);
			if (n->elem != used)
				continue;
			uint32_t most = o->members > n->members ? o->members : n->members;
			if (ren_open(c, n) && ren_allowed(c, o, n) && 2 * ren_matching(c, o, n) >= most)
				ren_pair(c, o, n);
			break;
		}
	}
}

static PcPos elem_pos(Ctx *c, PcElemKind k, const void *e)
{
	return k == PC_ELEM_MESSAGE ? pos_msg(c, e) : k == PC_ELEM_ENUM ? pos_enum(c, e) : pos_service(c, e);
}

static PcChangeKind renamed_kind(PcElemKind k)
{
	return k == PC_ELEM_MESSAGE ? PC_CHANGE_MESSAGE_RENAMED
	       : k == PC_ELEM_ENUM  ? PC_CHANGE_ENUM_RENAMED
				    : PC_CHANGE_SERVICE_RENAMED;
}

static PcChange *emit_renamed(Ctx *c, PcElemKind k, const void *o, const void *n, PcStr ofull, PcStr nfull,
			      const PcFile *of)
{
	PcChange *ch = emit(c, renamed_kind(k), k, o, n);
	ch->pos = elem_pos(c, k, n);
	ch->old_pos = elem_pos(c, k, o);
	ch->name = nested_name(ofull, of->package);
	ch->package = of->package;
	ch->old_val = val_s(ofull);
	ch->new_val = val_s(nfull);
	return ch;
}

static const PcMessage *parent_msg(PcElemKind k, const void *e)
{
	return k == PC_ELEM_MESSAGE ? ((const PcMessage *)e)->parent
	       : k == PC_ELEM_ENUM  ? ((const PcEnum *)e)->parent
				    : NULL;
}

/* One record per pair, but none for a nested element that only follows its renamed
 * parent (same short name inside the parent's partner). */
static void emit_renames(Ctx *c)
{
	for (uint32_t i = 0; i + 1 < c->renames.len; i += 2) {
		const Cand *o = PC_VEC_AT(c->renames, Cand *, i), *n = PC_VEC_AT(c->renames, Cand *, i + 1);
		const PcMessage *op = parent_msg(o->kind, o->elem), *np = parent_msg(n->kind, n->elem);
		if (op && np && pc_str_eq(o->name, n->name) && ren_partner(c, OLD, op) == np)
			continue;
		const PcFile *of = o->kind == PC_ELEM_MESSAGE ? ((const PcMessage *)o->elem)->file
				   : o->kind == PC_ELEM_ENUM  ? ((const PcEnum *)o->elem)->file
							      : ((const PcService *)o->elem)->file;
		emit_renamed(c, o->kind, o->elem, n->elem, o->full, n->full, of);
	}
}

/* Where buf reports an element deleted from a file: the closest enclosing message that
 * NEW's file (or package, for messages of a package) still has, else the file itself. */
static PcPos deleted_pos(Ctx *c, const PcFile *nf, PcStr nested, PcStr pkg, bool by_package)
{
	for (size_t i = nested.len; i-- > 0;) {
		if (nested.ptr[i] != '.')
			continue;
		PcStr prefix = pc_str_sub(nested, 0, i);
		const PcMessage *m;
		if (by_package) {
			char *full = pc_arena_alloc(c->a, pkg.len + i + 2);
			size_t len = 0;
			if (pkg.len) {
				memcpy(full, pkg.ptr, pkg.len);
				full[pkg.len] = '.';
				len = pkg.len + 1;
			}
			memcpy(full + len, prefix.ptr, i);
			m = map_get(c, T_MSG, NEW, (PcStr){full, len + i}, NOSTR, 0);
			if (m && !pc_str_eq(m->file->package, pkg))
				m = NULL;
		} else {
			m = map_get(c, T_F_MSG, NEW, prefix, NOSTR, ptr_key(nf));
		}
		if (m)
			return pos_msg(c, m);
	}
	return pos_file(nf);
}

typedef struct Deleted {
	const PcFile *old_file, *new_file;   /* new_file: the paired file, may be NULL for packages */
	bool by_package;
	const Pkg *new_pkg;
} Deleted;

/* An element of OLD missing from NEW's file (or package): one record. */
static void deleted(Ctx *c, const Deleted *d, PcChangeKind kind, PcElemKind ek, const void *elem, PcStr full,
		    uint32_t ftag, uint32_t ptag, PcPos (*old_pos)(Ctx *, const void *), bool kind_absent)
{
	PcStr pkg = d->old_file->package, nested = nested_name(full, pkg);
	if (!d->by_package) {
		if (map_get(c, ftag, NEW, nested, NOSTR, ptr_key(d->new_file)))
			return;
	} else {
		const void *x = map_get(c, ptag, NEW, full, NOSTR, 0);
		if (x)
			return;
	}
	if (c->cfg->renames && ek != PC_ELEM_FIELD) {
		if (ren_partner(c, OLD, elem))
			return; /* the pair's *_RENAMED record tells */
		const void *x = d->by_package ? NULL : map_get(c, ptag, NEW, full, NOSTR, 0);
		if (x) {
			/* moved to another file: one record for the outermost element */
			if (!parent_msg(ek, elem))
				emit_renamed(c, ek, elem, x, full, full, d->old_file);
			return;
		}
	}
	PcChange *ch = emit(c, kind, ek, elem, NULL);
	ch->name = nested;
	ch->package = pkg;
	ch->old_pos = old_pos(c, elem);
	if (ftag == T_F_SVC)
		ch->pos = d->new_file ? pos_file(d->new_file) : (PcPos){NULL, PC_NO_SPAN};
	else if (d->new_file)
		ch->pos = deleted_pos(c, d->new_file, nested, pkg, d->by_package && ftag == T_F_MSG);
	if (!d->by_package) {
		const void *x = map_get(c, ptag, NEW, full, NOSTR, 0);
		if (x)
			ch->flags |= PC_CHANGE_F_IN_PACKAGE;
	}
	if (kind_absent)
		ch->flags |= PC_CHANGE_F_KIND_ABSENT;
}

static void deleted_in_message(Ctx *c, const Deleted *d, const PcMessage *m);

static void deleted_enum(Ctx *c, const Deleted *d, const PcEnum *e)
{
	deleted(c, d, d->by_package ? PC_CHANGE_PACKAGE_ENUM_DELETED : PC_CHANGE_ENUM_DELETED, PC_ELEM_ENUM, e,
		e->full_name, T_F_ENUM, T_ENUM, enum_pos, d->new_pkg && !d->new_pkg->has_enum);
}

static void deleted_ext(Ctx *c, const Deleted *d, const PcField *f)
{
	deleted(c, d, d->by_package ? PC_CHANGE_PACKAGE_EXTENSION_DELETED : PC_CHANGE_EXTENSION_DELETED,
		PC_ELEM_FIELD, f, f->full_name, T_F_EXT, T_EXT_NAME, field_pos,
		d->new_pkg && !d->new_pkg->has_ext);
}

static void deleted_in_message(Ctx *c, const Deleted *d, const PcMessage *m)
{
	deleted(c, d, d->by_package ? PC_CHANGE_PACKAGE_MESSAGE_DELETED : PC_CHANGE_MESSAGE_DELETED, PC_ELEM_MESSAGE,
		m, m->full_name, T_F_MSG, T_MSG, msg_pos, d->new_pkg && !d->new_pkg->has_msg);
	for (uint32_t i = 0; i < m->nested.len; i++)
		deleted_in_message(c, d, PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++)
		deleted_enum(c, d, PC_VEC_AT(m->enums, PcEnum *, i));
	for (uint32_t i = 0; i < m->extensions.len; i++)
		deleted_ext(c, d, PC_VEC_AT(m->extensions, PcField *, i));
}

static void deleted_in_file(Ctx *c, const Deleted *d)
{
	const PcFile *f = d->old_file;
	for (uint32_t i = 0; i < f->messages.len; i++)
		deleted_in_message(c, d, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++)
		deleted_enum(c, d, PC_VEC_AT(f->enums, PcEnum *, i));
	for (uint32_t i = 0; i < f->extensions.len; i++)
		deleted_ext(c, d, PC_VEC_AT(f->extensions, PcField *, i));
	for (uint32_t i = 0; i < f->services.len; i++) {
		const PcService *s = PC_VEC_AT(f->services, PcService *, i);
		deleted(c, d, d->by_package ? PC_CHANGE_PACKAGE_SERVICE_DELETED : PC_CHANGE_SERVICE_DELETED,
			PC_ELEM_SERVICE, s, s->full_name, T_F_SVC, T_SVC, service_pos,
			d->new_pkg && !d->new_pkg->has_svc);
	}
}

/* Paired messages, enums, services of one OLD file (paired by full name anywhere). */
/* NEW's element of the full name, else the rename partner (PcDiffConfig.renames). */
static const void *new_partner(Ctx *c, uint32_t tag, const void *elem, PcStr full)
{
	const void *n = map_get(c, tag, NEW, full, NOSTR, 0);
	return n ? n : ren_partner(c, OLD, elem);
}

static void diff_message_tree(Ctx *c, const PcMessage *m)
{
	const PcMessage *n = new_partner(c, T_MSG, m, m->full_name);
	if (n)
		diff_message_pair(c, m, n);
	for (uint32_t i = 0; i < m->nested.len; i++)
		diff_message_tree(c, PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++) {
		const PcEnum *e = PC_VEC_AT(m->enums, PcEnum *, i);
		const PcEnum *k = new_partner(c, T_ENUM, e, e->full_name);
		if (k)
			diff_enum_pair(c, e, k);
	}
	for (uint32_t i = 0; i < m->extensions.len; i++) {
		const PcField *f = PC_VEC_AT(m->extensions, PcField *, i);
		const PcField *g = map_get(c, T_EXT, NEW, pc_field_x(f)->extendee, NOSTR, f->number);
		if (g)
			diff_field_pair(c, f, g);
	}
}

static void diff_elements(Ctx *c, const PcFile *f)
{
	for (uint32_t i = 0; i < f->messages.len; i++)
		diff_message_tree(c, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++) {
		const PcEnum *e = PC_VEC_AT(f->enums, PcEnum *, i);
		const PcEnum *k = new_partner(c, T_ENUM, e, e->full_name);
		if (k)
			diff_enum_pair(c, e, k);
	}
	for (uint32_t i = 0; i < f->extensions.len; i++) {
		const PcField *x = PC_VEC_AT(f->extensions, PcField *, i);
		const PcField *g = map_get(c, T_EXT, NEW, pc_field_x(x)->extendee, NOSTR, x->number);
		if (g)
			diff_field_pair(c, x, g);
	}
	for (uint32_t i = 0; i < f->services.len; i++) {
		const PcService *s = PC_VEC_AT(f->services, PcService *, i);
		const PcService *k = new_partner(c, T_SVC, s, s->full_name);
		if (k)
			diff_service_pair(c, s, k);
	}
}

static void diff_packages(Ctx *c)
{
	for (uint32_t i = 0; i < c->pkgs[OLD].len; i++) {
		const Pkg *p = PC_VEC_AT(c->pkgs[OLD], Pkg *, i);
		const Pkg *q = map_get(c, T_PKG, NEW, p->name, NOSTR, 0);
		if (!q) {
			const PcFile *first = PC_VEC_AT(p->files, const PcFile *, 0);
			for (uint32_t j = 1; j < p->files.len; j++) {
				const PcFile *f = PC_VEC_AT(p->files, const PcFile *, j);
				if (str_cmp(&f->name, &first->name) < 0)
					first = f;
			}
			PcChange *ch = emit(c, PC_CHANGE_PACKAGE_DELETED, PC_ELEM_FILE, first, NULL);
			ch->package = p->name;
			ch->name = p->name;
			ch->old_pos = pos_file(first);
			continue;
		}
		for (uint32_t j = 0; j < p->files.len; j++) {
			const PcFile *f = PC_VEC_AT(p->files, const PcFile *, j);
			Deleted d = {f, partner_file(c, f), true, q};
			deleted_in_file(c, &d);
		}
	}
}

/* ---- additions (PcDiffConfig.additions) ---- */

/* The OLD file paired with a NEW one (partner_file the other way). */
static const PcFile *old_partner_file(const Ctx *c, const PcFile *f)
{
	if (c->single[NEW] && f == c->single[NEW])
		return c->single[OLD];
	const PcFile *g = map_get(c, T_FILE, OLD, f->name, NOSTR, 0);
	if (g && g == c->single[OLD])
		return NULL;
	return g;
}

static void added(Ctx *c, PcChangeKind kind, PcElemKind ek, const void *elem, PcStr full, const PcFile *f,
		  PcPos pos)
{
	PcChange *ch = emit(c, kind, ek, NULL, elem);
	ch->name = nested_name(full, f->package);
	ch->package = f->package;
	ch->pos = pos;
}

static void added_enum(Ctx *c, const PcEnum *e)
{
	if (!map_get(c, T_ENUM, OLD, e->full_name, NOSTR, 0) && !ren_partner(c, NEW, e))
		added(c, PC_CHANGE_ENUM_ADDED, PC_ELEM_ENUM, e, e->full_name, e->file, pos_enum(c, e));
}

static void added_ext(Ctx *c, const PcField *f)
{
	if (!map_get(c, T_EXT, OLD, pc_field_x(f)->extendee, NOSTR, f->number)) {
		added(c, PC_CHANGE_EXTENSION_ADDED, PC_ELEM_FIELD, f, f->full_name, f->file, pos_field(c, f));
		PC_VEC_AT(*c->out, PcChange, c->out->len - 1).number = f->number;
	}
}

/* A message OLD lacks is one record, its members none; one OLD has is walked into. */
static void added_in_message(Ctx *c, const PcMessage *m)
{
	if (!map_get(c, T_MSG, OLD, m->full_name, NOSTR, 0) && !ren_partner(c, NEW, m)) {
		added(c, PC_CHANGE_MESSAGE_ADDED, PC_ELEM_MESSAGE, m, m->full_name, m->file, pos_msg(c, m));
		return;
	}
	for (uint32_t i = 0; i < m->nested.len; i++) {
		const PcMessage *x = PC_VEC_AT(m->nested, PcMessage *, i);
		if (!x->is_map_entry)
			added_in_message(c, x);
	}
	for (uint32_t i = 0; i < m->enums.len; i++)
		added_enum(c, PC_VEC_AT(m->enums, PcEnum *, i));
	for (uint32_t i = 0; i < m->extensions.len; i++)
		added_ext(c, PC_VEC_AT(m->extensions, PcField *, i));
}

static void added_in_file(Ctx *c, const PcFile *f)
{
	if (!old_partner_file(c, f)) {
		PcChange *ch = emit(c, PC_CHANGE_FILE_ADDED, PC_ELEM_FILE, NULL, f);
		ch->name = f->name;
		ch->package = f->package;
		ch->pos = pos_file(f);
	}
	for (uint32_t i = 0; i < f->messages.len; i++)
		added_in_message(c, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++)
		added_enum(c, PC_VEC_AT(f->enums, PcEnum *, i));
	for (uint32_t i = 0; i < f->extensions.len; i++)
		added_ext(c, PC_VEC_AT(f->extensions, PcField *, i));
	for (uint32_t i = 0; i < f->services.len; i++) {
		const PcService *s = PC_VEC_AT(f->services, PcService *, i);
		if (!map_get(c, T_SVC, OLD, s->full_name, NOSTR, 0) && !ren_partner(c, NEW, s))
			added(c, PC_CHANGE_SERVICE_ADDED, PC_ELEM_SERVICE, s, s->full_name, f, pos_service(c, s));
	}
}

/* NEW's files, packages and declarations that OLD does not have, in NEW's order. */
static void diff_additions(Ctx *c)
{
	for (uint32_t i = 0; i < c->files[NEW].len; i++)
		added_in_file(c, PC_VEC_AT(c->files[NEW], const PcFile *, i));
	for (uint32_t i = 0; i < c->pkgs[NEW].len; i++) {
		const Pkg *p = PC_VEC_AT(c->pkgs[NEW], Pkg *, i);
		if (map_get(c, T_PKG, OLD, p->name, NOSTR, 0))
			continue;
		const PcFile *first = PC_VEC_AT(p->files, const PcFile *, 0);
		for (uint32_t j = 1; j < p->files.len; j++) {
			const PcFile *f = PC_VEC_AT(p->files, const PcFile *, j);
			if (str_cmp(&f->name, &first->name) < 0)
				first = f;
		}
		PcChange *ch = emit(c, PC_CHANGE_PACKAGE_ADDED, PC_ELEM_FILE, NULL, first);
		ch->package = p->name;
		ch->name = p->name;
		ch->pos = pos_file(first);
	}
}

static void collect_files(Ctx *c, int side)
{
	const PcSchema *s = c->schema[side];
	const PcVec *v = c->cfg->exclude_imports ? &s->inputs : &s->files;
	for (uint32_t i = 0; i < v->len; i++) {
		const PcFile *f = PC_VEC_AT(*v, PcFile *, i);
		*PC_VEC_PUSH(&c->files[side], const PcFile *, c->a) = f;
		index_file(c, side, f);
	}
}

PcChangeList pc_diff(const PcSchema *old_schema, const PcSchema *new_schema, const PcDiffConfig *cfg, PcArena *a)
{
	static const PcDiffConfig defaults = {0};
	PcChangeList list = {{0}};
	Ctx c = {.schema = {old_schema, new_schema}, .cfg = cfg ? cfg : &defaults, .a = a, .out = &list.items};
	map_reserve(&c.map, a, count_keys(old_schema) + count_keys(new_schema));
	if (c.cfg->pair_single_inputs && old_schema->inputs.len == 1 && new_schema->inputs.len == 1) {
		c.single[OLD] = PC_VEC_AT(old_schema->inputs, PcFile *, 0);
		c.single[NEW] = PC_VEC_AT(new_schema->inputs, PcFile *, 0);
	}
	collect_files(&c, OLD);
	collect_files(&c, NEW);
	if (c.cfg->renames)
		find_renames(&c);
	for (uint32_t i = 0; i < c.files[OLD].len; i++) {
		const PcFile *f = PC_VEC_AT(c.files[OLD], const PcFile *, i);
		const PcFile *g = partner_file(&c, f);
		if (!g) {
			PcChange *ch = emit(&c, PC_CHANGE_FILE_DELETED, PC_ELEM_FILE, f, NULL);
			ch->name = f->name;
			ch->package = f->package;
			ch->old_pos = pos_file(f);
			continue;
		}
		diff_file_pair(&c, f, g);
		Deleted d = {f, g, false, NULL};
		deleted_in_file(&c, &d);
	}
	for (uint32_t i = 0; i < c.files[OLD].len; i++)
		diff_elements(&c, PC_VEC_AT(c.files[OLD], const PcFile *, i));
	diff_packages(&c);
	emit_renames(&c);
	if (c.cfg->additions)
		diff_additions(&c);
	pc_arena_release(&c.values[OLD].scratch);
	pc_arena_release(&c.values[NEW].scratch);
	return list;
}

/* ---- names ---- */

static const char *const kind_names[] = {
	"FILE_DELETED", "FILE_SYNTAX", "FILE_PACKAGE", "FILE_OPTION", "PACKAGE_DELETED",
	"MESSAGE_DELETED", "ENUM_DELETED", "EXTENSION_DELETED", "SERVICE_DELETED",
	"PACKAGE_MESSAGE_DELETED", "PACKAGE_ENUM_DELETED", "PACKAGE_EXTENSION_DELETED", "PACKAGE_SERVICE_DELETED",
	"MESSAGE_NO_STD_ACCESSOR", "MESSAGE_JSON_FORMAT", "MESSAGE_VISIBILITY", "MESSAGE_SET_WIRE_FORMAT",
	"EXTENSION_RANGE_REMOVED", "RESERVED_RANGE_REMOVED",
	"RESERVED_NAME_REMOVED", "ONEOF_DELETED", "FIELD_DELETED", "REQUIRED_FIELD_REMOVED",
	"REQUIRED_FIELD_ADDED", "FIELD_NAME", "FIELD_JSON_NAME", "FIELD_TYPE", "FIELD_CARDINALITY",
	"FIELD_ONEOF", "FIELD_DEFAULT", "FIELD_CPP_STRING_TYPE", "FIELD_JSTYPE", "FIELD_UTF8_VALIDATION",
	"FIELD_JAVA_UTF8_VALIDATION", "FIELD_NUMBERS_SWAPPED", "ENUM_TYPE", "ENUM_JSON_FORMAT", "ENUM_VISIBILITY", "ENUM_VALUE_DELETED", "ENUM_VALUE_NAME",
	"RPC_DELETED", "RPC_CLIENT_STREAMING", "RPC_SERVER_STREAMING", "RPC_REQUEST_TYPE",
	"RPC_RESPONSE_TYPE", "RPC_IDEMPOTENCY_LEVEL", "RPC_PAGINATION", "CONFLUENT",
	"FILE_ADDED", "PACKAGE_ADDED", "MESSAGE_ADDED", "ENUM_ADDED", "EXTENSION_ADDED", "SERVICE_ADDED",
	"FIELD_ADDED", "ONEOF_ADDED", "ENUM_VALUE_ADDED", "RPC_ADDED", "EXTENSION_RANGE_ADDED",
	"RESERVED_RANGE_ADDED", "RESERVED_NAME_ADDED", "OPTION_CHANGED", "COMMENT_CHANGED",
	"MESSAGE_RENAMED", "ENUM_RENAMED", "SERVICE_RENAMED",
};
_Static_assert(sizeof kind_names / sizeof kind_names[0] == PC_CHANGE_KIND_COUNT, "kind_names");

const char *pc_change_kind_name(PcChangeKind k)
{
	return (unsigned)k < PC_CHANGE_KIND_COUNT ? kind_names[k] : "";
}

PcChangeKind pc_change_kind_parse(PcStr name)
{
	for (int k = 0; k < PC_CHANGE_KIND_COUNT; k++)
		if (pc_str_eq_c(name, kind_names[k]))
			return (PcChangeKind)k;
	return PC_CHANGE_KIND_COUNT;
}

const char *pc_file_option_name(uint32_t number)
{
	for (size_t i = 0; i < sizeof file_opts / sizeof file_opts[0]; i++)
		if (file_opts[i].number == number)
			return file_opts[i].name;
	return NULL;
}

const char *pc_cardinality_name(PcCardinality c)
{
	switch (c) {
	case PC_CARD_OPTIONAL_EXPLICIT:
		return "optional with explicit presence";
	case PC_CARD_OPTIONAL_IMPLICIT:
		return "optional with implicit presence";
	case PC_CARD_REQUIRED:
		return "required";
	case PC_CARD_REPEATED:
		return "repeated";
	case PC_CARD_MAP:
		return "map";
	}
	return "";
}
