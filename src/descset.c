/* Descriptor sets through libprotobuf-c, in both directions.
 *
 * Writing builds the generated FileDescriptorProto structs from the resolved model the
 * way protoc's FileDescriptor::CopyTo + CopyJsonNameTo (+ CopySourceCodeInfoTo) fill
 * them, then packs the set once. protobuf-c packs known fields in field-number order and
 * unknown fields after them, which is also how protoc serializes, so the bytes match.
 * Options are kept by the resolver as serialized XxxOptions; they are unpacked into the
 * generated struct so that the parent packs them, custom options riding along as
 * unknown fields in their original order. File order follows protoc's
 * GetTransitiveDependencies: a depth-first walk that emits a file after its imports.
 *
 * Reading unpacks the whole set (after a cheap nesting-depth check, since protobuf-c
 * recurses without a limit), converts each file into the model, points spans and
 * comments at the elements named by the SourceCodeInfo paths, links imports by name
 * (well-known types missing from the set come from the embedded copies), and hands
 * the files to the resolver. Every protobuf-c allocation goes to an arena: the scratch
 * arena of one write, or the schema's arena on read, where the unpacked strings stay
 * referenced by the model. */
#include "descset.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "google/protobuf/descriptor.pb-c.h"
#include "parser.h"
#include "wkt.h"

typedef Google__Protobuf__FileDescriptorSet SetProto;
typedef Google__Protobuf__FileDescriptorProto FileProto;
typedef Google__Protobuf__DescriptorProto MsgProto;
typedef Google__Protobuf__DescriptorProto__ExtensionRange ExtRangeProto;
typedef Google__Protobuf__DescriptorProto__ReservedRange ResRangeProto;
typedef Google__Protobuf__FieldDescriptorProto FieldProto;
typedef Google__Protobuf__OneofDescriptorProto OneofProto;
typedef Google__Protobuf__EnumDescriptorProto EnumProto;
typedef Google__Protobuf__EnumDescriptorProto__EnumReservedRange EnumRangeProto;
typedef Google__Protobuf__EnumValueDescriptorProto ValueProto;
typedef Google__Protobuf__ServiceDescriptorProto ServiceProto;
typedef Google__Protobuf__MethodDescriptorProto MethodProto;
typedef Google__Protobuf__SourceCodeInfo InfoProto;
typedef Google__Protobuf__SourceCodeInfo__Location LocProto;
typedef Google__Protobuf__FeatureSet FeaturesProto;

/* Nesting deeper than this is refused before protobuf-c sees the bytes (protoc's own
 * parser refuses beyond 100 as well). */
#define MAX_DEPTH 100

/* ---- protobuf-c allocation in arenas ---- */

static void *arena_alloc_cb(void *data, size_t size)
{
	return pc_arena_alloc(data, size ? size : 1);
}

/* Arena memory is released all at once by its owner. */
static void arena_free_cb(void *data, void *ptr)
{
	(void)data;
	(void)ptr;
}

static ProtobufCAllocator arena_allocator(PcArena *a)
{
	return (ProtobufCAllocator){arena_alloc_cb, arena_free_cb, a};
}

/* ---- Writing ---- */

typedef struct Writer {
	PcArena *a;      /* scratch: the generated structs of this write */
	PcDiags *diags;
	const PcDescsetWriteOpts *opts;
	bool bad_options;
} Writer;

static char *cstr(Writer *w, PcStr s)
{
	return pc_arena_strndup(w->a, s.ptr ? s.ptr : "", s.len);
}

static void *ptrs(Writer *w, size_t n)
{
	return pc_arena_zalloc(w->a, (n ? n : 1) * sizeof(void *));
}

/* Extent of one field's value in b[i..n) after its tag, for wire type wt; 0 when the
 * bytes are malformed. Groups run to their matching end-group tag. */
static size_t field_value_len(const uint8_t *b, size_t i, size_t n, uint32_t wt, uint32_t number, int depth)
{
	size_t j = i;
	uint64_t v = 0;
	switch (wt) {
	case 0:
		while (j < n && (b[j] & 0x80))
			j++;
		return j < n ? j + 1 - i : 0;
	case 1:
		return n - i >= 8 ? 8 : 0;
	case 5:
		return n - i >= 4 ? 4 : 0;
	case 2:
		for (int shift = 0; j < n && shift < 64; shift += 7) {
			v |= (uint64_t)(b[j] & 0x7f) << shift;
			if (!(b[j++] & 0x80))
				return v <= n - j ? j - i + (size_t)v : 0;
		}
		return 0;
	case 3:
		if (depth > 64)
			return 0;
		while (j < n) {
			uint64_t tag = 0;
			for (int shift = 0; j < n && shift < 64; shift += 7) {
				tag |= (uint64_t)(b[j] & 0x7f) << shift;
				if (!(b[j++] & 0x80))
					break;
			}
			if ((tag & 7) == 4)
				return (tag >> 3) == number ? j - i : 0;
			size_t len = field_value_len(b, j, n, (uint32_t)(tag & 7), (uint32_t)(tag >> 3), depth + 1);
			if (!len)
				return 0;
			j += len;
		}
		return 0;
	}
	return 0;
}

/* The options message of an element, or NULL when it has none (protoc writes options
 * only when they differ from the default instance, which `present` records). The
 * resolver's bytes are already in the order protoc (or buf, for editions) writes them,
 * which protobuf-c would not keep for known fields: so every field goes in as an
 * "unknown" field of an otherwise empty message, and packs out verbatim. */
static void *write_options(Writer *w, const ProtobufCMessageDescriptor *desc, const PcOptions *o)
{
	const PcStripped *st = w->opts->retain_options ? NULL : o->stripped;
	if (!(st ? st->present : o->present))
		return NULL;
	ProtobufCMessage *m = pc_arena_zalloc(w->a, desc->sizeof_message);
	protobuf_c_message_init(desc, m);
	PcStr bytes = st ? st->bytes : o->encoded;
	const uint8_t *b = (const uint8_t *)bytes.ptr;
	size_t n = bytes.len, i = 0;
	PcVec fields = {0};
	while (i < n) {
		uint64_t tag = 0;
		int shift = 0;
		while (i < n && shift < 64) {
			tag |= (uint64_t)(b[i] & 0x7f) << shift;
			shift += 7;
			if (!(b[i++] & 0x80))
				break;
		}
		uint32_t wt = (uint32_t)(tag & 7);
		size_t len = field_value_len(b, i, n, wt, (uint32_t)(tag >> 3), 0);
		if (!len || wt == 4 || wt > 5 || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffff) {
			/* The resolver produced bytes that are not a message: keep the element,
			 * drop its options, and say so once. */
			w->bad_options = true;
			return m;
		}
		ProtobufCMessageUnknownField *u = PC_VEC_PUSH(&fields, ProtobufCMessageUnknownField, w->a);
		u->tag = (uint32_t)(tag >> 3);
		u->wire_type = (ProtobufCWireType)wt;
		u->len = len;
		u->data = (uint8_t *)(b + i);
		i += len;
	}
	m->n_unknown_fields = fields.len;
	m->unknown_fields = fields.items;
	return m;
}

static void put_unknown(Writer *w, PcVec *fields, uint32_t num, ProtobufCWireType wt, const uint8_t *data, size_t len)
{
	ProtobufCMessageUnknownField *u = PC_VEC_PUSH(fields, ProtobufCMessageUnknownField, w->a);
	u->tag = num;
	u->wire_type = wt;
	u->len = len;
	u->data = (uint8_t *)data;
}

static uint8_t *varint_bytes(Writer *w, uint64_t v, size_t *len)
{
	uint8_t *b = pc_arena_alloc(w->a, 10);
	size_t n = 0;
	do {
		b[n] = (uint8_t)(v & 0x7f);
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	*len = n;
	return b;
}

static void put_len_unknown(Writer *w, PcVec *fields, uint32_t num, const void *data, size_t len)
{
	size_t n;
	uint8_t *hdr = varint_bytes(w, len, &n);
	uint8_t *b = pc_arena_alloc(w->a, n + len + 1);
	memcpy(b, hdr, n);
	if (len)
		memcpy(b + n, data, len);
	put_unknown(w, fields, num, PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED, b, n + len);
}

/* A string default with a NUL byte in it ("hel\0lo"): protobuf-c's strings end at
 * the NUL, so the default and every field numbered after it (options 8, oneof_index 9,
 * json_name 10, proto3_optional 17) go out as "unknown" fields instead, which pack
 * after the known ones, in this same order. */
static void write_field_tail_raw(Writer *w, FieldProto *p, PcStr def)
{
	PcVec fields = {0};
	size_t n;
	put_len_unknown(w, &fields, 7, def.ptr, def.len);
	p->default_value = NULL;
	if (p->options) {
		ProtobufCMessage *m = &p->options->base;
		size_t len = protobuf_c_message_get_packed_size(m);
		uint8_t *b = pc_arena_alloc(w->a, len + 1);
		protobuf_c_message_pack(m, b);
		put_len_unknown(w, &fields, 8, b, len);
		p->options = NULL;
	}
	if (p->has_oneof_index) {
		uint8_t *b = varint_bytes(w, (uint64_t)(int64_t)p->oneof_index, &n);
		put_unknown(w, &fields, 9, PROTOBUF_C_WIRE_TYPE_VARINT, b, n);
		p->has_oneof_index = false;
	}
	if (p->json_name) {
		put_len_unknown(w, &fields, 10, p->json_name, strlen(p->json_name));
		p->json_name = NULL;
	}
	if (p->has_proto3_optional) {
		uint8_t *b = varint_bytes(w, p->proto3_optional, &n);
		put_unknown(w, &fields, 17, PROTOBUF_C_WIRE_TYPE_VARINT, b, n);
		p->has_proto3_optional = false;
	}
	p->base.n_unknown_fields = fields.len;
	p->base.unknown_fields = fields.items;
}

static FieldProto *write_field(Writer *w, const PcField *f)
{
	FieldProto *p = PC_NEW(w->a, FieldProto);
	google__protobuf__field_descriptor_proto__init(p);
	p->name = cstr(w, f->name);
	p->has_number = true;
	p->number = f->number;
	p->has_label = true;
	p->label = (Google__Protobuf__FieldDescriptorProto__Label)(f->label == PC_LABEL_NONE ? PC_LABEL_OPTIONAL : f->label);
	if (f->type != PC_TYPE_NONE) {
		p->has_type = true;
		p->type = (Google__Protobuf__FieldDescriptorProto__Type)f->type;
	}
	if (f->type_name.len)
		p->type_name = cstr(w, f->type_name);
	if (f->is_extension && pc_field_x(f)->extendee.len)
		p->extendee = cstr(w, pc_field_x(f)->extendee);
	if (f->has_default)
		p->default_value = cstr(w, pc_field_x(f)->default_value);
	if (!f->is_extension && f->oneof_index >= 0) {
		p->has_oneof_index = true;
		p->oneof_index = f->oneof_index;
	}
	p->json_name = cstr(w, f->json_name.ptr ? f->json_name : pc_json_name(f->name, w->a));
	p->options = write_options(w, &google__protobuf__field_options__descriptor, &f->opts);
	if (f->proto3_optional) {
		p->has_proto3_optional = true;
		p->proto3_optional = true;
	}
	if (f->has_default && memchr(pc_field_x(f)->default_value.ptr, '\0', pc_field_x(f)->default_value.len))
		write_field_tail_raw(w, p, pc_field_x(f)->default_value);
	return p;
}

static FieldProto **write_fields(Writer *w, const PcVec *v, size_t *n)
{
	FieldProto **out = ptrs(w, v->len);
	for (uint32_t i = 0; i < v->len; i++)
		out[i] = write_field(w, PC_VEC_AT(*v, PcField *, i));
	*n = v->len;
	return out;
}

static char **write_names(Writer *w, const PcVec *v, size_t *n)
{
	char **out = ptrs(w, v->len);
	for (uint32_t i = 0; i < v->len; i++)
		out[i] = cstr(w, PC_VEC_AT(*v, PcReservedName, i).name);
	*n = v->len;
	return out;
}

static EnumProto *write_enum(Writer *w, const PcEnum *e)
{
	EnumProto *p = PC_NEW(w->a, EnumProto);
	google__protobuf__enum_descriptor_proto__init(p);
	p->name = cstr(w, e->name);
	p->n_value = e->values.len;
	p->value = ptrs(w, e->values.len);
	for (uint32_t i = 0; i < e->values.len; i++) {
		const PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		ValueProto *vp = PC_NEW(w->a, ValueProto);
		google__protobuf__enum_value_descriptor_proto__init(vp);
		vp->name = cstr(w, v->name);
		vp->has_number = true;
		vp->number = v->number;
		vp->options = write_options(w, &google__protobuf__enum_value_options__descriptor, &v->opts);
		p->value[i] = vp;
	}
	p->options = write_options(w, &google__protobuf__enum_options__descriptor, &e->opts);
	p->n_reserved_range = e->reserved_ranges.len;
	p->reserved_range = ptrs(w, e->reserved_ranges.len);
	for (uint32_t i = 0; i < e->reserved_ranges.len; i++) {
		const PcRange *r = &PC_VEC_AT(e->reserved_ranges, PcRange, i);
		EnumRangeProto *rp = PC_NEW(w->a, EnumRangeProto);
		google__protobuf__enum_descriptor_proto__enum_reserved_range__init(rp);
		rp->has_start = rp->has_end = true;
		rp->start = r->start;
		rp->end = r->end;
		p->reserved_range[i] = rp;
	}
	p->reserved_name = write_names(w, &e->reserved_names, &p->n_reserved_name);
	if (e->visibility != PC_VIS_UNSET) {
		p->has_visibility = true;
		p->visibility = (Google__Protobuf__SymbolVisibility)e->visibility;
	}
	return p;
}

static EnumProto **write_enums(Writer *w, const PcVec *v, size_t *n)
{
	EnumProto **out = ptrs(w, v->len);
	for (uint32_t i = 0; i < v->len; i++)
		out[i] = write_enum(w, PC_VEC_AT(*v, PcEnum *, i));
	*n = v->len;
	return out;
}

static MsgProto *write_message(Writer *w, const PcMessage *m)
{
	MsgProto *p = PC_NEW(w->a, MsgProto);
	google__protobuf__descriptor_proto__init(p);
	p->name = cstr(w, m->name);
	p->field = write_fields(w, &m->fields, &p->n_field);
	p->extension = write_fields(w, &m->extensions, &p->n_extension);
	p->n_nested_type = m->nested.len;
	p->nested_type = ptrs(w, m->nested.len);
	for (uint32_t i = 0; i < m->nested.len; i++)
		p->nested_type[i] = write_message(w, PC_VEC_AT(m->nested, PcMessage *, i));
	p->enum_type = write_enums(w, &m->enums, &p->n_enum_type);
	p->n_extension_range = m->ext_ranges.len;
	p->extension_range = ptrs(w, m->ext_ranges.len);
	for (uint32_t i = 0; i < m->ext_ranges.len; i++) {
		const PcRange *r = &PC_VEC_AT(m->ext_ranges, PcRange, i);
		ExtRangeProto *rp = PC_NEW(w->a, ExtRangeProto);
		google__protobuf__descriptor_proto__extension_range__init(rp);
		rp->has_start = rp->has_end = true;
		rp->start = r->start;
		rp->end = r->end;
		rp->options = write_options(w, &google__protobuf__extension_range_options__descriptor, &r->opts);
		p->extension_range[i] = rp;
	}
	p->n_oneof_decl = m->oneofs.len;
	p->oneof_decl = ptrs(w, m->oneofs.len);
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		const PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		OneofProto *op = PC_NEW(w->a, OneofProto);
		google__protobuf__oneof_descriptor_proto__init(op);
		op->name = cstr(w, o->name);
		op->options = write_options(w, &google__protobuf__oneof_options__descriptor, &o->opts);
		p->oneof_decl[i] = op;
	}
	p->options = write_options(w, &google__protobuf__message_options__descriptor, &m->opts);
	p->n_reserved_range = m->reserved_ranges.len;
	p->reserved_range = ptrs(w, m->reserved_ranges.len);
	for (uint32_t i = 0; i < m->reserved_ranges.len; i++) {
		const PcRange *r = &PC_VEC_AT(m->reserved_ranges, PcRange, i);
		ResRangeProto *rp = PC_NEW(w->a, ResRangeProto);
		google__protobuf__descriptor_proto__reserved_range__init(rp);
		rp->has_start = rp->has_end = true;
		rp->start = r->start;
		rp->end = r->end;
		p->reserved_range[i] = rp;
	}
	p->reserved_name = write_names(w, &m->reserved_names, &p->n_reserved_name);
	if (m->visibility != PC_VIS_UNSET) {
		p->has_visibility = true;
		p->visibility = (Google__Protobuf__SymbolVisibility)m->visibility;
	}
	return p;
}

static ServiceProto *write_service(Writer *w, const PcService *sv)
{
	ServiceProto *p = PC_NEW(w->a, ServiceProto);
	google__protobuf__service_descriptor_proto__init(p);
	p->name = cstr(w, sv->name);
	p->n_method = sv->methods.len;
	p->method = ptrs(w, sv->methods.len);
	for (uint32_t i = 0; i < sv->methods.len; i++) {
		const PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, i);
		MethodProto *mp = PC_NEW(w->a, MethodProto);
		google__protobuf__method_descriptor_proto__init(mp);
		mp->name = cstr(w, m->name);
		mp->input_type = cstr(w, m->input_type);
		mp->output_type = cstr(w, m->output_type);
		mp->options = write_options(w, &google__protobuf__method_options__descriptor, &m->opts);
		/* protoc sets the streaming flags only when true. */
		if (m->client_streaming)
			mp->has_client_streaming = mp->client_streaming = true;
		if (m->server_streaming)
			mp->has_server_streaming = mp->server_streaming = true;
		p->method[i] = mp;
	}
	p->options = write_options(w, &google__protobuf__service_options__descriptor, &sv->opts);
	return p;
}

static InfoProto *write_source_info(Writer *w, const PcFile *f)
{
	InfoProto *p = PC_NEW(w->a, InfoProto);
	google__protobuf__source_code_info__init(p);
	p->location = ptrs(w, f->locations.len);
	for (uint32_t i = 0; i < f->locations.len; i++) {
		const PcLocation *l = &PC_VEC_AT(f->locations, PcLocation, i);
		if (l->source_only && !w->opts->retain_options)
			continue;
		LocProto *lp = PC_NEW(w->a, LocProto);
		google__protobuf__source_code_info__location__init(lp);
		lp->n_path = l->path_len;
		lp->path = PC_NEW_ARRAY(w->a, int32_t, l->path_len ? l->path_len : 1);
		if (l->path_len)
			memcpy(lp->path, l->path, l->path_len * sizeof(int32_t));
		lp->span = PC_NEW_ARRAY(w->a, int32_t, 4);
		lp->span[0] = l->span.line;
		lp->span[1] = l->span.col;
		if (l->span.end_line == l->span.line) {
			lp->n_span = 3;
			lp->span[2] = l->span.end_col;
		} else {
			lp->n_span = 4;
			lp->span[2] = l->span.end_line;
			lp->span[3] = l->span.end_col;
		}
		/* protoc records only non-empty comments. */
		static const PcComments none;
		const PcComments *cm = l->comments ? l->comments : &none;
		if (cm->leading.len)
			lp->leading_comments = cstr(w, cm->leading);
		if (cm->trailing.len)
			lp->trailing_comments = cstr(w, cm->trailing);
		const PcVec *d = &cm->detached;
		lp->n_leading_detached_comments = d->len;
		lp->leading_detached_comments = ptrs(w, d->len);
		for (uint32_t j = 0; j < d->len; j++)
			lp->leading_detached_comments[j] = cstr(w, PC_VEC_AT(*d, PcStr, j));
		p->location[p->n_location++] = lp;
	}
	return p;
}

static FileProto *write_file(Writer *w, const PcFile *f)
{
	FileProto *p = PC_NEW(w->a, FileProto);
	google__protobuf__file_descriptor_proto__init(p);
	p->name = cstr(w, f->name);
	if (f->package.len)
		p->package = cstr(w, f->package);
	/* `import option` files are listed apart; public and weak indexes count only the
	 * regular dependency list. */
	p->dependency = ptrs(w, f->imports.len);
	p->option_dependency = ptrs(w, f->imports.len);
	p->public_dependency = PC_NEW_ARRAY(w->a, int32_t, f->imports.len + 1);
	p->weak_dependency = PC_NEW_ARRAY(w->a, int32_t, f->imports.len + 1);
	for (uint32_t i = 0; i < f->imports.len; i++) {
		const PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		if (imp->is_option) {
			p->option_dependency[p->n_option_dependency++] = cstr(w, imp->name);
			continue;
		}
		if (imp->is_public)
			p->public_dependency[p->n_public_dependency++] = (int32_t)p->n_dependency;
		if (imp->is_weak)
			p->weak_dependency[p->n_weak_dependency++] = (int32_t)p->n_dependency;
		p->dependency[p->n_dependency++] = cstr(w, imp->name);
	}
	p->n_message_type = f->messages.len;
	p->message_type = ptrs(w, f->messages.len);
	for (uint32_t i = 0; i < f->messages.len; i++)
		p->message_type[i] = write_message(w, PC_VEC_AT(f->messages, PcMessage *, i));
	p->enum_type = write_enums(w, &f->enums, &p->n_enum_type);
	p->n_service = f->services.len;
	p->service = ptrs(w, f->services.len);
	for (uint32_t i = 0; i < f->services.len; i++)
		p->service[i] = write_service(w, PC_VEC_AT(f->services, PcService *, i));
	p->extension = write_fields(w, &f->extensions, &p->n_extension);
	p->options = write_options(w, &google__protobuf__file_options__descriptor, &f->opts);
	if (w->opts->include_source_info && (f->has_source_info || f->locations.len))
		p->source_code_info = write_source_info(w, f);
	/* protoc leaves syntax unset for proto2. */
	switch (f->syntax) {
	case PC_SYNTAX_PROTO2:
		break;
	case PC_SYNTAX_PROTO3:
		p->syntax = "proto3";
		break;
	case PC_SYNTAX_EDITIONS:
		p->syntax = "editions";
		p->has_edition = true;
		p->edition = (Google__Protobuf__Edition)f->edition;
		break;
	}
	return p;
}

/* A set of files by address, for the walk's "already seen". */
typedef struct FileSet {
	const PcFile **slots;
	uint32_t cap;
} FileSet;

static bool fileset_insert(FileSet *fs, const PcFile *f)
{
	uint32_t mask = fs->cap - 1;
	uint32_t i = (uint32_t)(((uintptr_t)f >> 4) * 2654435761u) & mask;
	for (; fs->slots[i]; i = (i + 1) & mask)
		if (fs->slots[i] == f)
			return false;
	fs->slots[i] = f;
	return true;
}

static bool fileset_has(const FileSet *fs, const PcFile *f)
{
	uint32_t mask = fs->cap - 1;
	for (uint32_t i = (uint32_t)(((uintptr_t)f >> 4) * 2654435761u) & mask; fs->slots[i]; i = (i + 1) & mask)
		if (fs->slots[i] == f)
			return true;
	return false;
}

/* protoc's GetTransitiveDependencies: imports first, each file once. */
static void collect(Writer *w, const PcFile *f, FileSet *seen, PcVec *out)
{
	if (!fileset_insert(seen, f))
		return;
	for (uint32_t i = 0; i < f->imports.len; i++) {
		const PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		if (imp->file && !imp->is_option)
			collect(w, imp->file, seen, out);
	}
	*PC_VEC_PUSH(out, FileProto *, w->a) = write_file(w, f);
}

int pc_descset_write(const PcSchema *s, const PcDescsetWriteOpts *opts, FILE *out, const char *out_path)
{
	PcArena scratch;
	pc_arena_init(&scratch);
	Writer w = {.a = &scratch, .diags = s->diags, .opts = opts};
	FileSet seen = {0};
	for (seen.cap = 16; seen.cap < (s->files.len + s->inputs.len + 1) * 2; seen.cap *= 2)
		;
	seen.slots = PC_NEW_ARRAY(&scratch, const PcFile *, seen.cap);
	if (!opts->include_imports) {
		/* As protoc does: direct imports that are not inputs count as written
		 * already, which keeps inputs in dependency order among themselves. */
		FileSet inputs = {PC_NEW_ARRAY(&scratch, const PcFile *, seen.cap), seen.cap};
		for (uint32_t i = 0; i < s->inputs.len; i++)
			fileset_insert(&inputs, PC_VEC_AT(s->inputs, PcFile *, i));
		for (uint32_t i = 0; i < s->inputs.len; i++) {
			const PcFile *f = PC_VEC_AT(s->inputs, PcFile *, i);
			for (uint32_t j = 0; j < f->imports.len; j++) {
				const PcFile *dep = PC_VEC_AT(f->imports, PcImport, j).file;
				if (dep && !fileset_has(&inputs, dep))
					fileset_insert(&seen, dep);
			}
		}
	}
	PcVec files = {0};
	for (uint32_t i = 0; i < s->inputs.len; i++)
		collect(&w, PC_VEC_AT(s->inputs, PcFile *, i), &seen, &files);

	SetProto set;
	google__protobuf__file_descriptor_set__init(&set);
	set.n_file = files.len;
	set.file = files.items;
	size_t len = protobuf_c_message_get_packed_size(&set.base);
	uint8_t *buf = pc_arena_alloc(&scratch, len ? len : 1);
	protobuf_c_message_pack(&set.base, buf);
	int status = 0;
	if (w.bad_options)
		pc_diag_add(s->diags, PC_SEV_ERROR, out_path, 0, 0, (PcStr){"", 0},
			    "internal error: undecodable options were left out of \"%s\"", out_path);
	if ((len && fwrite(buf, 1, len, out) != len) || fflush(out) != 0 || ferror(out)) {
		pc_diag_add(s->diags, PC_SEV_ERROR, out_path, 0, 0, (PcStr){"", 0}, "cannot write \"%s\": %s",
			    out_path, strerror(errno));
		status = 2;
	}
	pc_arena_release(&scratch);
	return status;
}

/* ---- Sniffing ---- */

/* Reads a varint; returns its length in bytes, 0 when truncated or too long. */
static size_t get_varint(const uint8_t *p, size_t len, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < len && i < 10; i++) {
		*v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80))
			return i + 1;
	}
	return 0;
}

bool pc_descset_sniff(const char *data, size_t len)
{
	/* A set is a run of length-delimited records, `file` (tag 0x0a) first, that tile
	 * the whole input exactly (later records may be extensions such as buf's). Text
	 * starting with a newline gets past the first byte, but its "lengths" never land
	 * on keys all the way to the end. An empty input is text. */
	const uint8_t *p = (const uint8_t *)data;
	if (len == 0 || p[0] != 0x0a)
		return false;
	size_t pos = 0;
	while (pos < len) {
		uint64_t key, n;
		size_t k = get_varint(p + pos, len - pos, &key);
		if (!k || (key & 7) != 2 || key >> 3 == 0)
			return false;
		pos += k;
		k = get_varint(p + pos, len - pos, &n);
		if (!k || n > len - pos - k)
			return false;
		pos += k + (size_t)n;
	}
	return true;
}

/* ---- Reading ---- */

/* Refuses messages nested deeper than MAX_DEPTH, following only fields the schema
 * says are messages. Malformed bytes pass: protobuf-c reports those. */
static bool depth_ok(const uint8_t *p, size_t len, const ProtobufCMessageDescriptor *d, int depth)
{
	if (depth > MAX_DEPTH)
		return false;
	size_t pos = 0;
	while (pos < len) {
		uint64_t key, n;
		size_t k = get_varint(p + pos, len - pos, &key);
		if (!k)
			return true;
		pos += k;
		switch (key & 7) {
		case 0:
			k = get_varint(p + pos, len - pos, &n);
			if (!k)
				return true;
			pos += k;
			break;
		case 1:
			pos += 8;
			break;
		case 5:
			pos += 4;
			break;
		case 2: {
			k = get_varint(p + pos, len - pos, &n);
			if (!k || n > len - pos - k)
				return true;
			pos += k;
			uint64_t num = key >> 3;
			const ProtobufCFieldDescriptor *fd =
				num <= UINT32_MAX ? protobuf_c_message_descriptor_get_field(d, (unsigned)num) : NULL;
			if (fd && fd->type == PROTOBUF_C_TYPE_MESSAGE && !depth_ok(p + pos, (size_t)n, fd->descriptor, depth + 1))
				return false;
			pos += (size_t)n;
			break;
		}
		default:
			return true;
		}
	}
	return true;
}

typedef struct Reader {
	PcSchema *s;
	const char *path;  /* the descriptor set, for diagnostics */
	PcFile *file;      /* being converted */
	int errors;
} Reader;

static void read_error(Reader *r, const char *fmt, const char *a1, const char *a2)
{
	pc_diag_add(r->s->diags, PC_SEV_ERROR, r->path, 0, 0, (PcStr){"", 0}, fmt, a1, a2);
	r->errors++;
}

static PcStr str_of(const char *s)
{
	return s ? pc_str(s) : (PcStr){"", 0};
}

static void read_features(PcFeatures *out, const FeaturesProto *fs)
{
	if (!fs)
		return;
	if (fs->has_field_presence)
		out->field_presence = (uint8_t)fs->field_presence;
	if (fs->has_enum_type)
		out->enum_type = (uint8_t)fs->enum_type;
	if (fs->has_repeated_field_encoding)
		out->repeated_field_encoding = (uint8_t)fs->repeated_field_encoding;
	if (fs->has_utf8_validation)
		out->utf8_validation = (uint8_t)fs->utf8_validation;
	if (fs->has_message_encoding)
		out->message_encoding = (uint8_t)fs->message_encoding;
	if (fs->has_json_format)
		out->json_format = (uint8_t)fs->json_format;
	if (fs->has_enforce_naming_style)
		out->enforce_naming_style = (uint8_t)fs->enforce_naming_style;
	if (fs->has_default_symbol_visibility)
		out->default_symbol_visibility = (uint8_t)fs->default_symbol_visibility;
}

/* Keeps an options message as the resolver keeps parsed ones: serialized, with the
 * options the rest of the code reads directly taken out. */
static void read_options(Reader *r, PcOptions *o, const ProtobufCMessage *m)
{
	o->ctype = o->jstype = -1;
	if (!m)
		return;
	o->present = true;
	size_t len = protobuf_c_message_get_packed_size(m);
	uint8_t *buf = pc_arena_alloc(r->s->arena, len ? len : 1);
	protobuf_c_message_pack(m, buf);
	o->encoded = (PcStr){(const char *)buf, len};
}

static void read_field_options(Reader *r, PcOptions *o, const Google__Protobuf__FieldOptions *m)
{
	read_options(r, o, m ? &m->base : NULL);
	if (!m)
		return;
	o->deprecated = m->has_deprecated && m->deprecated;
	o->has_packed = m->has_packed;
	o->packed = m->packed;
	o->has_lazy = m->has_lazy;
	o->lazy = m->lazy;
	if (m->has_ctype)
		o->ctype = (int)m->ctype;
	if (m->has_jstype)
		o->jstype = (int)m->jstype;
	read_features(&o->explicit_features, m->features);
}

static PcField *read_field(Reader *r, const FieldProto *p, PcMessage *parent, PcStr scope, uint32_t index,
			   bool is_extension, uint32_t noneofs)
{
	PcArena *a = r->s->arena;
	PcField *f = PC_NEW(a, PcField);
	f->name = str_of(p->name);
	f->full_name = pc_arena_join(a, scope, f->name);
	f->number = p->has_number ? p->number : 0;
	f->label = p->has_label ? (PcLabel)p->label : PC_LABEL_NONE;
	f->type = p->has_type ? (PcType)p->type : PC_TYPE_NONE;
	f->type_name = str_of(p->type_name);
	if (p->extendee)
		pc_field_extra(f, a)->extendee = str_of(p->extendee);
	f->has_default = p->default_value != NULL;
	if (p->default_value)
		pc_field_extra(f, a)->default_value = str_of(p->default_value);
	f->oneof_index = -1;
	if (p->has_oneof_index && !is_extension) {
		if (p->oneof_index < 0 || (uint32_t)p->oneof_index >= noneofs)
			read_error(r, "field \"%s\" has an out-of-range oneof_index in the descriptor set%s",
				   f->full_name.ptr, "");
		else
			f->oneof_index = p->oneof_index;
	}
	f->json_name = p->json_name ? pc_str(p->json_name) : pc_json_name(f->name, a);
	/* A descriptor always carries json_name; only a differing one was written. */
	f->has_json_name = p->json_name && !pc_str_eq(f->json_name, pc_json_name(f->name, a));
	f->proto3_optional = p->has_proto3_optional && p->proto3_optional;
	f->is_extension = is_extension;
	f->parent = parent;
	f->file = r->file;
	f->index = index;
	f->span = f->type_span = f->name_span = f->number_span = PC_NO_SPAN;
	read_field_options(r, &f->opts, p->options);
	return f;
}

static PcEnum *read_enum(Reader *r, const EnumProto *p, PcMessage *parent, PcStr scope, uint32_t index)
{
	PcArena *a = r->s->arena;
	PcEnum *e = PC_NEW(a, PcEnum);
	e->name = str_of(p->name);
	e->full_name = pc_arena_join(a, scope, e->name);
	for (size_t i = 0; i < p->n_value; i++) {
		const ValueProto *vp = p->value[i];
		PcEnumValue *v = PC_NEW(a, PcEnumValue);
		v->name = str_of(vp->name);
		/* Enum values are siblings of their enum, not its children. */
		v->full_name = pc_arena_join(a, scope, v->name);
		v->number = vp->has_number ? vp->number : 0;
		read_options(r, &v->opts, vp->options ? &vp->options->base : NULL);
		if (vp->options) {
			v->opts.deprecated = vp->options->has_deprecated && vp->options->deprecated;
			read_features(&v->opts.explicit_features, vp->options->features);
		}
		v->parent = e;
		v->index = (uint32_t)i;
		v->span = v->name_span = v->number_span = PC_NO_SPAN;
		*PC_VEC_PUSH(&e->values, PcEnumValue *, a) = v;
	}
	for (size_t i = 0; i < p->n_reserved_range; i++) {
		PcRange *rg = PC_VEC_PUSH(&e->reserved_ranges, PcRange, a);
		rg->start = p->reserved_range[i]->start;
		rg->end = p->reserved_range[i]->end;
		rg->opts.ctype = rg->opts.jstype = -1;
		rg->span = rg->start_span = rg->end_span = PC_NO_SPAN;
	}
	for (size_t i = 0; i < p->n_reserved_name; i++) {
		PcReservedName *n = PC_VEC_PUSH(&e->reserved_names, PcReservedName, a);
		n->name = str_of(p->reserved_name[i]);
		n->span = PC_NO_SPAN;
	}
	read_options(r, &e->opts, p->options ? &p->options->base : NULL);
	if (p->options) {
		e->opts.deprecated = p->options->has_deprecated && p->options->deprecated;
		read_features(&e->opts.explicit_features, p->options->features);
	}
	e->visibility = p->has_visibility ? (PcVisibility)p->visibility : PC_VIS_UNSET;
	e->parent = parent;
	e->file = r->file;
	e->index = index;
	e->span = e->name_span = PC_NO_SPAN;
	return e;
}

static PcMessage *read_message(Reader *r, const MsgProto *p, PcMessage *parent, PcStr scope, uint32_t index,
			       int depth)
{
	PcArena *a = r->s->arena;
	PcMessage *m = PC_NEW(a, PcMessage);
	m->name = str_of(p->name);
	m->full_name = pc_arena_join(a, scope, m->name);
	m->parent = parent;
	m->file = r->file;
	m->index = index;
	m->span = m->name_span = PC_NO_SPAN;
	if (depth > MAX_DEPTH) {
		read_error(r, "message \"%s\" is nested too deeply%s", m->full_name.ptr, "");
		return m;
	}
	for (size_t i = 0; i < p->n_oneof_decl; i++) {
		PcOneof *o = PC_NEW(a, PcOneof);
		o->name = str_of(p->oneof_decl[i]->name);
		o->full_name = pc_arena_join(a, m->full_name, o->name);
		read_options(r, &o->opts, p->oneof_decl[i]->options ? &p->oneof_decl[i]->options->base : NULL);
		if (p->oneof_decl[i]->options)
			read_features(&o->opts.explicit_features, p->oneof_decl[i]->options->features);
		o->parent = m;
		o->index = (uint32_t)i;
		o->span = o->name_span = PC_NO_SPAN;
		*PC_VEC_PUSH(&m->oneofs, PcOneof *, a) = o;
	}
	for (size_t i = 0; i < p->n_field; i++) {
		PcField *f = read_field(r, p->field[i], m, m->full_name, (uint32_t)i, false, (uint32_t)p->n_oneof_decl);
		*PC_VEC_PUSH(&m->fields, PcField *, a) = f;
		if (f->proto3_optional && f->oneof_index >= 0)
			PC_VEC_AT(m->oneofs, PcOneof *, f->oneof_index)->synthetic = true;
	}
	for (size_t i = 0; i < p->n_extension; i++)
		*PC_VEC_PUSH(&m->extensions, PcField *, a) =
			read_field(r, p->extension[i], m, m->full_name, (uint32_t)i, true, 0);
	for (size_t i = 0; i < p->n_nested_type; i++)
		*PC_VEC_PUSH(&m->nested, PcMessage *, a) =
			read_message(r, p->nested_type[i], m, m->full_name, (uint32_t)i, depth + 1);
	for (size_t i = 0; i < p->n_enum_type; i++)
		*PC_VEC_PUSH(&m->enums, PcEnum *, a) = read_enum(r, p->enum_type[i], m, m->full_name, (uint32_t)i);
	for (size_t i = 0; i < p->n_extension_range; i++) {
		const ExtRangeProto *rp = p->extension_range[i];
		PcRange *rg = PC_VEC_PUSH(&m->ext_ranges, PcRange, a);
		rg->start = rp->start;
		rg->end = rp->end;
		read_options(r, &rg->opts, rp->options ? &rp->options->base : NULL);
		if (rp->options)
			read_features(&rg->opts.explicit_features, rp->options->features);
		rg->span = rg->start_span = rg->end_span = PC_NO_SPAN;
	}
	for (size_t i = 0; i < p->n_reserved_range; i++) {
		PcRange *rg = PC_VEC_PUSH(&m->reserved_ranges, PcRange, a);
		rg->start = p->reserved_range[i]->start;
		rg->end = p->reserved_range[i]->end;
		rg->opts.ctype = rg->opts.jstype = -1;
		rg->span = rg->start_span = rg->end_span = PC_NO_SPAN;
	}
	for (size_t i = 0; i < p->n_reserved_name; i++) {
		PcReservedName *n = PC_VEC_PUSH(&m->reserved_names, PcReservedName, a);
		n->name = str_of(p->reserved_name[i]);
		n->span = PC_NO_SPAN;
	}
	read_options(r, &m->opts, p->options ? &p->options->base : NULL);
	if (p->options) {
		m->opts.deprecated = p->options->has_deprecated && p->options->deprecated;
		m->is_map_entry = p->options->has_map_entry && p->options->map_entry;
		read_features(&m->opts.explicit_features, p->options->features);
	}
	m->visibility = p->has_visibility ? (PcVisibility)p->visibility : PC_VIS_UNSET;
	/* Groups and map fields point at the nested message that carries their body. A
	 * group is a GROUP field named after its nested type in lower case; editions'
	 * delimited fields are GROUP-typed too but may point anywhere. */
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *f = PC_VEC_AT(m->fields, PcField *, i);
		if (f->type != PC_TYPE_GROUP && f->type != PC_TYPE_MESSAGE)
			continue;
		for (uint32_t j = 0; j < m->nested.len; j++) {
			PcMessage *n = PC_VEC_AT(m->nested, PcMessage *, j);
			if (f->type_name.len != n->full_name.len + 1 || f->type_name.ptr[0] != '.' ||
			    memcmp(f->type_name.ptr + 1, n->full_name.ptr, n->full_name.len) != 0)
				continue;
			if (f->type == PC_TYPE_GROUP) {
				bool same = f->name.len == n->name.len;
				for (size_t c = 0; same && c < n->name.len; c++)
					same = f->name.ptr[c] == (char)tolower((unsigned char)n->name.ptr[c]);
				f->is_group = same;
				f->group_type = same ? n : NULL;
			} else if (n->is_map_entry && f->label == PC_LABEL_REPEATED) {
				f->is_map = true;
				f->group_type = n;
			}
		}
	}
	return m;
}

static PcService *read_service(Reader *r, const ServiceProto *p, PcStr scope, uint32_t index)
{
	PcArena *a = r->s->arena;
	PcService *sv = PC_NEW(a, PcService);
	sv->name = str_of(p->name);
	sv->full_name = pc_arena_join(a, scope, sv->name);
	for (size_t i = 0; i < p->n_method; i++) {
		const MethodProto *mp = p->method[i];
		PcMethod *m = PC_NEW(a, PcMethod);
		m->name = str_of(mp->name);
		m->full_name = pc_arena_join(a, sv->full_name, m->name);
		m->input_type = str_of(mp->input_type);
		m->output_type = str_of(mp->output_type);
		m->client_streaming = mp->has_client_streaming && mp->client_streaming;
		m->server_streaming = mp->has_server_streaming && mp->server_streaming;
		read_options(r, &m->opts, mp->options ? &mp->options->base : NULL);
		if (mp->options) {
			m->opts.deprecated = mp->options->has_deprecated && mp->options->deprecated;
			read_features(&m->opts.explicit_features, mp->options->features);
		}
		m->parent = sv;
		m->index = (uint32_t)i;
		m->span = m->name_span = m->input_span = m->output_span = PC_NO_SPAN;
		*PC_VEC_PUSH(&sv->methods, PcMethod *, a) = m;
	}
	read_options(r, &sv->opts, p->options ? &p->options->base : NULL);
	if (p->options) {
		sv->opts.deprecated = p->options->has_deprecated && p->options->deprecated;
		read_features(&sv->opts.explicit_features, p->options->features);
	}
	sv->file = r->file;
	sv->index = index;
	sv->span = sv->name_span = PC_NO_SPAN;
	return sv;
}

/* ---- Source info: spans and comments onto the elements their paths name ---- */

static PcSpan span_of(const LocProto *l)
{
	PcSpan s = PC_NO_SPAN;
	if (l->n_span == 3 || l->n_span == 4) {
		s.line = l->span[0];
		s.col = l->span[1];
		s.end_line = l->n_span == 4 ? l->span[2] : l->span[0];
		s.end_col = l->span[l->n_span - 1];
	}
	return s;
}

/* The element named by path[0..n), n >= 2, below a list of fields. */
static PcField *field_at(const PcVec *v, int32_t i)
{
	return i >= 0 && (uint32_t)i < v->len ? PC_VEC_AT(*v, PcField *, i) : NULL;
}

static void place_field(PcField *f, const int32_t *path, size_t n, const LocProto *l, const PcComments *c,
			PcSpan extend_span, PcArena *a)
{
	PcSpan sp = span_of(l);
	if (n == 0) {
		f->span = sp;
		f->comments = c;
		if (extend_span.line >= 0)
			pc_field_extra(f, a)->extend_span = extend_span;
		return;
	}
	if (n != 1)
		return;
	switch (path[0]) {
	case 1: f->name_span = sp; break;
	case 3: f->number_span = sp; break;
	case 5:
	case 6: f->type_span = sp; break;
	case 7: pc_field_extra(f, a)->default_span = sp; break;
	case 10: pc_field_extra(f, a)->json_name_span = sp; break;
	default: break;
	}
}

static void place_enum(PcEnum *e, const int32_t *path, size_t n, const LocProto *l, const PcComments *c)
{
	PcSpan sp = span_of(l);
	if (n == 0) {
		e->span = sp;
		e->comments = c;
		return;
	}
	int32_t i = n >= 2 ? path[1] : -1;
	switch (path[0]) {
	case 1:
		if (n == 1)
			e->name_span = sp;
		break;
	case 2:
		if (i >= 0 && (uint32_t)i < e->values.len) {
			PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
			if (n == 2) {
				v->span = sp;
				v->comments = c;
			} else if (n == 3 && path[2] == 1) {
				v->name_span = sp;
			} else if (n == 3 && path[2] == 2) {
				v->number_span = sp;
			}
		}
		break;
	case 4:
		if (i >= 0 && (uint32_t)i < e->reserved_ranges.len) {
			PcRange *rg = &PC_VEC_AT(e->reserved_ranges, PcRange, i);
			if (n == 2)
				rg->span = sp;
			else if (n == 3 && path[2] == 1)
				rg->start_span = sp;
			else if (n == 3 && path[2] == 2)
				rg->end_span = sp;
		}
		break;
	case 5:
		if (n == 2 && i >= 0 && (uint32_t)i < e->reserved_names.len)
			PC_VEC_AT(e->reserved_names, PcReservedName, i).span = sp;
		break;
	default:
		break;
	}
}

static void place_message(PcMessage *m, const int32_t *path, size_t n, const LocProto *l, const PcComments *c,
			  PcSpan *extend_span, PcArena *a)
{
	PcSpan sp = span_of(l);
	if (n == 0) {
		m->span = sp;
		m->comments = c;
		return;
	}
	int32_t i = n >= 2 ? path[1] : -1;
	switch (path[0]) {
	case 1:
		if (n == 1)
			m->name_span = sp;
		break;
	case 2: {
		PcField *f = field_at(&m->fields, i);
		if (f)
			place_field(f, path + 2, n - 2, l, c, PC_NO_SPAN, a);
		break;
	}
	case 6: {
		/* [6] alone is an extend block; its fields follow it. */
		if (n == 1)
			*extend_span = sp;
		PcField *f = field_at(&m->extensions, i);
		if (f)
			place_field(f, path + 2, n - 2, l, c, *extend_span, a);
		break;
	}
	case 3:
		if (i >= 0 && (uint32_t)i < m->nested.len) {
			PcSpan inner = PC_NO_SPAN;
			place_message(PC_VEC_AT(m->nested, PcMessage *, i), path + 2, n - 2, l, c, &inner, a);
		}
		break;
	case 4:
		if (i >= 0 && (uint32_t)i < m->enums.len)
			place_enum(PC_VEC_AT(m->enums, PcEnum *, i), path + 2, n - 2, l, c);
		break;
	case 8:
		if (i >= 0 && (uint32_t)i < m->oneofs.len) {
			PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
			if (n == 2) {
				o->span = sp;
				o->comments = c;
			} else if (n == 3 && path[2] == 1) {
				o->name_span = sp;
			}
		}
		break;
	case 5:
	case 9: {
		PcVec *v = path[0] == 5 ? &m->ext_ranges : &m->reserved_ranges;
		if (i >= 0 && (uint32_t)i < v->len) {
			PcRange *rg = &PC_VEC_AT(*v, PcRange, i);
			if (n == 2)
				rg->span = sp;
			else if (n == 3 && path[2] == 1)
				rg->start_span = sp;
			else if (n == 3 && path[2] == 2)
				rg->end_span = sp;
		}
		break;
	}
	case 10:
		if (n == 2 && i >= 0 && (uint32_t)i < m->reserved_names.len)
			PC_VEC_AT(m->reserved_names, PcReservedName, i).span = sp;
		break;
	default:
		break;
	}
}

static void place_service(PcService *sv, const int32_t *path, size_t n, const LocProto *l, const PcComments *c)
{
	PcSpan sp = span_of(l);
	if (n == 0) {
		sv->span = sp;
		sv->comments = c;
		return;
	}
	if (path[0] == 1 && n == 1) {
		sv->name_span = sp;
		return;
	}
	if (path[0] != 2 || n < 2 || path[1] < 0 || (uint32_t)path[1] >= sv->methods.len)
		return;
	PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, path[1]);
	if (n == 2) {
		m->span = sp;
		m->comments = c;
		return;
	}
	if (n != 3)
		return;
	switch (path[2]) {
	case 1: m->name_span = sp; break;
	case 2: m->input_span = sp; break;
	case 3: m->output_span = sp; break;
	default: break;
	}
}

static void read_source_info(Reader *r, PcFile *f, const InfoProto *info)
{
	PcArena *a = r->s->arena;
	PcSpan extend_span = PC_NO_SPAN;
	f->has_source_info = true;
	for (size_t k = 0; k < info->n_location; k++) {
		const LocProto *l = info->location[k];
		PcLocation *loc = PC_VEC_PUSH(&f->locations, PcLocation, a);
		loc->path = l->path;
		loc->path_len = (uint32_t)l->n_path;
		loc->span = span_of(l);
		if (l->leading_comments || l->trailing_comments || l->n_leading_detached_comments) {
			loc->comments = PC_NEW(a, PcComments);
			if (l->leading_comments)
				loc->comments->leading = pc_str(l->leading_comments);
			if (l->trailing_comments)
				loc->comments->trailing = pc_str(l->trailing_comments);
			for (size_t j = 0; j < l->n_leading_detached_comments; j++)
				*PC_VEC_PUSH(&loc->comments->detached, PcStr, a) =
					pc_str(l->leading_detached_comments[j]);
		}
		const PcComments *cm = loc->comments; /* NULL: none */
		if (loc->span.line < 0) {
			read_error(r, "a source location of \"%s\" has a malformed span%s", f->name.ptr, "");
			continue;
		}
		const int32_t *path = l->path;
		size_t n = l->n_path;
		if (n == 0)
			continue;
		int32_t i = n >= 2 ? path[1] : -1;
		switch (path[0]) {
		case 2:
			f->package_span = loc->span;
			break;
		case 12:
		case 14:
			f->syntax_span = loc->span;
			break;
		case 3:
			if (n == 2 && i >= 0) {
				/* Option imports are not in this list; count regular ones. */
				uint32_t seen = 0;
				for (uint32_t j = 0; j < f->imports.len; j++) {
					PcImport *imp = &PC_VEC_AT(f->imports, PcImport, j);
					if (imp->is_option)
						continue;
					if (seen++ == (uint32_t)i) {
						imp->span = imp->name_span = loc->span;
						break;
					}
				}
			}
			break;
		case 4:
			if (i >= 0 && (uint32_t)i < f->messages.len) {
				PcSpan inner = PC_NO_SPAN;
				place_message(PC_VEC_AT(f->messages, PcMessage *, i), path + 2, n - 2, l, cm,
					      &inner, a);
			}
			break;
		case 5:
			if (i >= 0 && (uint32_t)i < f->enums.len)
				place_enum(PC_VEC_AT(f->enums, PcEnum *, i), path + 2, n - 2, l, cm);
			break;
		case 6:
			if (i >= 0 && (uint32_t)i < f->services.len)
				place_service(PC_VEC_AT(f->services, PcService *, i), path + 2, n - 2, l,
					      cm);
			break;
		case 7: {
			if (n == 1)
				extend_span = loc->span;
			PcField *fd = field_at(&f->extensions, i);
			if (fd)
				place_field(fd, path + 2, n - 2, l, cm, extend_span, a);
			break;
		}
		default:
			break;
		}
	}
}

static PcFile *read_file(Reader *r, const FileProto *p)
{
	PcArena *a = r->s->arena;
	PcFile *f = PC_NEW(a, PcFile);
	r->file = f;
	f->name = str_of(p->name);
	f->path = f->name.ptr;
	f->package = str_of(p->package);
	f->syntax_span = f->package_span = PC_NO_SPAN;
	if (!p->syntax || strcmp(p->syntax, "proto2") == 0) {
		f->syntax = PC_SYNTAX_PROTO2;
		f->edition = PC_EDITION_PROTO2;
	} else if (strcmp(p->syntax, "proto3") == 0) {
		f->syntax = PC_SYNTAX_PROTO3;
		f->edition = PC_EDITION_PROTO3;
	} else if (strcmp(p->syntax, "editions") == 0) {
		f->syntax = PC_SYNTAX_EDITIONS;
		f->edition = p->has_edition ? (int32_t)p->edition : PC_EDITION_UNKNOWN;
		if (!p->has_edition)
			read_error(r, "\"%s\" has syntax \"editions\" but no edition%s", f->name.ptr, "");
	} else {
		read_error(r, "\"%s\" has an unknown syntax \"%s\"", f->name.ptr, p->syntax);
	}
	f->has_syntax = p->syntax != NULL;
	for (size_t i = 0; i < p->n_dependency; i++) {
		PcImport *imp = PC_VEC_PUSH(&f->imports, PcImport, a);
		imp->name = str_of(p->dependency[i]);
		imp->span = imp->name_span = PC_NO_SPAN;
	}
	for (size_t i = 0; i < p->n_public_dependency; i++) {
		int32_t d = p->public_dependency[i];
		if (d < 0 || (size_t)d >= p->n_dependency)
			read_error(r, "\"%s\" has an out-of-range public_dependency%s", f->name.ptr, "");
		else
			PC_VEC_AT(f->imports, PcImport, d).is_public = true;
	}
	for (size_t i = 0; i < p->n_weak_dependency; i++) {
		int32_t d = p->weak_dependency[i];
		if (d < 0 || (size_t)d >= p->n_dependency)
			read_error(r, "\"%s\" has an out-of-range weak_dependency%s", f->name.ptr, "");
		else
			PC_VEC_AT(f->imports, PcImport, d).is_weak = true;
	}
	for (size_t i = 0; i < p->n_option_dependency; i++) {
		PcImport *imp = PC_VEC_PUSH(&f->imports, PcImport, a);
		imp->name = str_of(p->option_dependency[i]);
		imp->is_option = true;
		imp->span = imp->name_span = PC_NO_SPAN;
	}
	for (size_t i = 0; i < p->n_message_type; i++)
		*PC_VEC_PUSH(&f->messages, PcMessage *, a) = read_message(r, p->message_type[i], NULL, f->package, (uint32_t)i, 1);
	for (size_t i = 0; i < p->n_enum_type; i++)
		*PC_VEC_PUSH(&f->enums, PcEnum *, a) = read_enum(r, p->enum_type[i], NULL, f->package, (uint32_t)i);
	for (size_t i = 0; i < p->n_service; i++)
		*PC_VEC_PUSH(&f->services, PcService *, a) = read_service(r, p->service[i], f->package, (uint32_t)i);
	for (size_t i = 0; i < p->n_extension; i++)
		*PC_VEC_PUSH(&f->extensions, PcField *, a) = read_field(r, p->extension[i], NULL, f->package, (uint32_t)i, true, 0);
	read_options(r, &f->opts, p->options ? &p->options->base : NULL);
	if (p->options) {
		f->opts.deprecated = p->options->has_deprecated && p->options->deprecated;
		read_features(&f->opts.explicit_features, p->options->features);
	}
	if (p->source_code_info)
		read_source_info(r, f, p->source_code_info);
	return f;
}

/* ---- Linking the files of a set ---- */

typedef enum LinkState { UNSEEN, VISITING, DONE } LinkState;

typedef struct LinkEntry {
	PcFile *file;
	LinkState state;
} LinkEntry;

typedef struct Linker {
	Reader *r;
	LinkEntry *slots;
	uint32_t cap, count;
} Linker;

static LinkEntry *link_slot(Linker *k, PcStr name)
{
	uint32_t mask = k->cap - 1;
	for (uint32_t i = pc_str_hash(name) & mask;; i = (i + 1) & mask)
		if (!k->slots[i].file || pc_str_eq(k->slots[i].file->name, name))
			return &k->slots[i];
}

static LinkEntry *link_add(Linker *k, PcFile *f)
{
	if ((k->count + 1) * 2 > k->cap) {
		LinkEntry *old = k->slots;
		uint32_t ncap = k->cap;
		k->cap = k->cap ? k->cap * 2 : 64;
		k->slots = PC_NEW_ARRAY(k->r->s->arena, LinkEntry, k->cap);
		for (uint32_t i = 0; i < ncap; i++)
			if (old[i].file)
				*link_slot(k, old[i].file->name) = old[i];
	}
	LinkEntry *e = link_slot(k, f->name);
	e->file = f;
	e->state = UNSEEN;
	k->count++;
	return e;
}

/* An import the set lacks: the embedded copy of a well-known type, parsed now. */
static LinkEntry *link_builtin(Linker *k, PcStr name)
{
	const PcEmbeddedFile *emb = pc_wkt_find(name.ptr, name.len);
	if (!emb)
		return NULL;
	PcArena *a = k->r->s->arena;
	PcSource *src = PC_NEW(a, PcSource);
	pc_source_init_bytes(src, emb->name, emb->name, emb->data, emb->len, a);
	PcFile *f = pc_parse_file(src, k->r->s->diags, a);
	f->src = src;
	f->name = pc_str(emb->name);
	f->path = emb->name;
	f->is_builtin = true;
	return link_add(k, f);
}

/* Depth-first over imports so that s->files lists dependencies first. */
static void link_visit(Linker *k, LinkEntry *e)
{
	PcFile *f = e->file;
	e->state = VISITING;
	for (uint32_t i = 0; i < f->imports.len; i++) {
		PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		LinkEntry *dep = link_slot(k, imp->name);
		if (!dep->file)
			dep = link_builtin(k, imp->name);
		const char *dname = pc_arena_strndup(k->r->s->arena, imp->name.ptr, imp->name.len);
		if (!dep) {
			read_error(k->r, "\"%s\" imports \"%s\", which the descriptor set does not contain", f->name.ptr,
				   dname);
			continue;
		}
		if (dep->state == VISITING) {
			read_error(k->r, "import cycle in the descriptor set: \"%s\" imports \"%s\"", f->name.ptr, dname);
			continue;
		}
		imp->file = dep->file;
		if (dep->state == UNSEEN)
			link_visit(k, dep);
	}
	e->state = DONE;
	*PC_VEC_PUSH(&k->r->s->files, PcFile *, k->r->s->arena) = f;
}

/* Every file of an unpacked set joins the schema, linked and resolved. */
static int read_set(PcSchema *s, const char *path, const SetProto *set)
{
	Reader r = {.s = s, .path = path};
	Linker k = {.r = &r};
	PcVec read = {0};
	for (size_t i = 0; i < set->n_file; i++) {
		const FileProto *fp = set->file[i];
		if (!fp->name || !fp->name[0]) {
			read_error(&r, "a file of the descriptor set has no name%s%s", "", "");
			continue;
		}
		if (k.cap && link_slot(&k, pc_str(fp->name))->file) {
			read_error(&r, "\"%s\" appears twice in the descriptor set%s", fp->name, "");
			continue;
		}
		PcFile *f = read_file(&r, fp);
		link_add(&k, f);
		*PC_VEC_PUSH(&read, PcFile *, s->arena) = f;
	}
	for (uint32_t i = 0; i < read.len; i++) {
		PcFile *f = PC_VEC_AT(read, PcFile *, i);
		*PC_VEC_PUSH(&s->inputs, PcFile *, s->arena) = f;
		LinkEntry *e = link_slot(&k, f->name);
		if (e->state == UNSEEN)
			link_visit(&k, e);
	}
	if (r.errors)
		return 3;
	for (uint32_t i = 0; i < s->files.len; i++)
		if (PC_VEC_AT(s->files, PcFile *, i)->parse_failed)
			return 3;
	return pc_schema_resolve(s) > 0 ? 3 : 0;
}

int pc_descset_read(PcSchema *s, const char *path)
{
	PcSource src;
	int err = pc_source_load(&src, path, path, s->arena);
	if (err) {
		pc_diag_add(s->diags, PC_SEV_ERROR, path, 0, 0, (PcStr){"", 0}, "cannot read \"%s\": %s", path,
			    strerror(err));
		return 2;
	}
	return pc_descset_read_bytes(s, path, src.data, src.len);
}

static bool all_named(const SetProto *set)
{
	for (size_t i = 0; set && i < set->n_file; i++)
		if (!set->file[i]->name || !set->file[i]->name[0])
			return false;
	return set && set->n_file > 0;
}

/* A lone FileDescriptorProto, as a registry stores one file, read as a set of that
 * file: the bytes wrapped in field 1 of a set. Tried only when the bytes are no set
 * of named files; NULL when they are no FileDescriptorProto with a name either. */
static SetProto *unpack_file_proto(PcSchema *s, const uint8_t *bytes, size_t len, ProtobufCAllocator *al)
{
	if (len == 0 || bytes[0] != 0x0a)
		return NULL;
	uint8_t *wrapped = pc_arena_alloc(s->arena, len + 11);
	size_t k = 0;
	wrapped[k++] = 0x0a;
	for (uint64_t v = len;; v >>= 7) {
		wrapped[k++] = (uint8_t)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
		if (v < 0x80)
			break;
	}
	memcpy(wrapped + k, bytes, len);
	if (!depth_ok(wrapped, len + k, &google__protobuf__file_descriptor_set__descriptor, 0))
		return NULL;
	SetProto *set = google__protobuf__file_descriptor_set__unpack(al, len + k, wrapped);
	if (!all_named(set))
		return NULL;
	for (const char *c = set->file[0]->name; *c; c++) /* a file name, not stray bytes */
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return NULL;
	return set;
}

int pc_descset_read_bytes(PcSchema *s, const char *path, const char *data, size_t len)
{
	const uint8_t *bytes = (const uint8_t *)data;
	if (!depth_ok(bytes, len, &google__protobuf__file_descriptor_set__descriptor, 0)) {
		pc_diag_add(s->diags, PC_SEV_ERROR, path, 0, 0, (PcStr){"", 0},
			    "\"%s\" is not a valid descriptor set: messages nested more than %d deep", path, MAX_DEPTH);
		return 3;
	}
	ProtobufCAllocator al = arena_allocator(s->arena);
	SetProto *set = google__protobuf__file_descriptor_set__unpack(&al, len, bytes);
	SetProto *one = all_named(set) ? NULL : unpack_file_proto(s, bytes, len, &al);
	if (one)
		set = one;
	if (!set) {
		pc_diag_add(s->diags, PC_SEV_ERROR, path, 0, 0, (PcStr){"", 0},
			    "\"%s\" is not a valid descriptor set (truncated or corrupt protobuf data)", path);
		return 3;
	}
	return read_set(s, path, set);
}

/* ---- ProtoJSON ----
 * A JSON image is turned into the same generated structs that unpacking gives, driven
 * by protobuf-c's reflection tables, so every message of descriptor.proto is covered
 * without code per message. ProtoJSON's rules (as protojson reads them): a member is
 * named by the field's lowerCamelCase JSON name or its proto name; null means absent;
 * enums by name or number; 64-bit integers as strings or numbers, 32-bit ones as
 * numbers or strings; floats as numbers or "NaN", "Infinity", "-Infinity"; bytes in
 * base64 (standard or URL alphabet, padding optional). Members the schema does not
 * know (buf's "bufExtension", "[ext.name]" extensions) are skipped. */

typedef struct JsonConv {
	PcSchema *s;
	const char *path;
	char where[512];   /* "file[0].messageType[2]": where the current value is */
	bool failed;
} JsonConv;

__attribute__((format(printf, 2, 3))) static bool json_fail(JsonConv *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!c->failed)
		pc_diag_add(c->s->diags, PC_SEV_ERROR, c->path, 0, 0, (PcStr){"", 0}, "%s: %s", c->where[0] ? c->where : "(top)", msg);
	c->failed = true;
	return false;
}

/* Appends ".name" or "[i]" to c->where; returns the old length to restore. */
static size_t where_push(JsonConv *c, const char *name, long index)
{
	size_t n = strlen(c->where);
	if (name)
		snprintf(c->where + n, sizeof c->where - n, "%s%s", n ? "." : "", name);
	else
		snprintf(c->where + n, sizeof c->where - n, "[%ld]", index);
	return n;
}

static bool json_name_is(const char *key, const char *field_name)
{
	const char *k = key;
	bool upper = false;
	for (const char *f = field_name; *f; f++) {
		if (*f == '_') {
			upper = true;
			continue;
		}
		char want = upper ? (char)toupper((unsigned char)*f) : *f;
		upper = false;
		if (*k++ != want)
			return false;
	}
	return *k == '\0';
}

static const ProtobufCFieldDescriptor *json_field(const ProtobufCMessageDescriptor *md, const char *key)
{
	for (unsigned i = 0; i < md->n_fields; i++)
		if (json_name_is(key, md->fields[i].name) || strcmp(key, md->fields[i].name) == 0)
			return &md->fields[i];
	return NULL;
}

static size_t json_elem_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_ENUM:
		return 4;
	case PROTOBUF_C_TYPE_FLOAT:
		return sizeof(float);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return 8;
	case PROTOBUF_C_TYPE_DOUBLE:
		return sizeof(double);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	}
	return 8;
}

/* An integer from a JSON number (integral) or a decimal string, within [lo, hi]. */
static bool json_integer(JsonConv *c, const PcJson *v, bool is_unsigned, int64_t lo, int64_t hi, uint64_t uhi,
			 int64_t *out_s, uint64_t *out_u)
{
	if (v->kind == PC_JSON_INT) {
		if (is_unsigned ? v->integer < 0 || (uint64_t)v->integer > uhi : v->integer < lo || v->integer > hi)
			return json_fail(c, "%lld is out of range", (long long)v->integer);
		*out_s = v->integer;
		*out_u = (uint64_t)v->integer;
		return true;
	}
	if (v->kind == PC_JSON_REAL) {
		double r = v->real;
		if (r != (double)(int64_t)r || r < -9.2e18 || r > 9.2e18)
			return json_fail(c, "%g is not an integer in range", r);
		PcJson iv = {.kind = PC_JSON_INT, .integer = (int64_t)r};
		return json_integer(c, &iv, is_unsigned, lo, hi, uhi, out_s, out_u);
	}
	if (v->kind != PC_JSON_STRING)
		return json_fail(c, "expected an integer%s", "");
	const char *p = v->string.ptr;
	bool neg = *p == '-';
	if (neg)
		p++;
	if (!*p || (neg && is_unsigned))
		return json_fail(c, "\"%s\" is not an integer", v->string.ptr);
	uint64_t n = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || n > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return json_fail(c, "\"%s\" is not an integer in range", v->string.ptr);
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (is_unsigned) {
		if (n > uhi)
			return json_fail(c, "\"%s\" is out of range", v->string.ptr);
		*out_u = n;
		*out_s = (int64_t)n;
		return true;
	}
	int64_t val;
	if (!neg && n <= (uint64_t)INT64_MAX)
		val = (int64_t)n;
	else if (neg && n <= (uint64_t)INT64_MAX)
		val = -(int64_t)n;
	else if (neg && n == (uint64_t)INT64_MAX + 1)
		val = INT64_MIN;
	else
		return json_fail(c, "\"%s\" is out of range", v->string.ptr);
	if (val < lo || val > hi)
		return json_fail(c, "\"%s\" is out of range", v->string.ptr);
	*out_s = val;
	*out_u = (uint64_t)*out_s;
	return true;
}

static bool json_real(JsonConv *c, const PcJson *v, double *out)
{
	if (v->kind == PC_JSON_INT || v->kind == PC_JSON_REAL) {
		*out = v->real;
		return true;
	}
	if (v->kind == PC_JSON_STRING) {
		const char *t = v->string.ptr;
		if (strcmp(t, "NaN") == 0 || strcmp(t, "Infinity") == 0 || strcmp(t, "-Infinity") == 0) {
			*out = t[0] == 'N' ? NAN : t[0] == '-' ? -INFINITY : INFINITY;
			return true;
		}
		char *end = NULL;
		*out = strtod(t, &end);
		if (*t && end && !*end)
			return true;
	}
	return json_fail(c, "expected a number%s", "");
}

static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+' || ch == '-')
		return 62;
	if (ch == '/' || ch == '_')
		return 63;
	return -1;
}

static bool json_bytes(JsonConv *c, const PcJson *v, ProtobufCBinaryData *out)
{
	if (v->kind != PC_JSON_STRING)
		return json_fail(c, "expected a base64 string%s", "");
	size_t n = v->string.len;
	while (n && v->string.ptr[n - 1] == '=')
		n--;
	uint8_t *buf = pc_arena_alloc(c->s->arena, n * 3 / 4 + 1);
	size_t len = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int x = b64_value(v->string.ptr[i]);
		if (x < 0)
			return json_fail(c, "invalid base64%s", "");
		acc = (acc << 6) | (uint32_t)x;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[len++] = (uint8_t)(acc >> bits);
		}
	}
	if (n % 4 == 1)
		return json_fail(c, "invalid base64 length%s", "");
	*out = (ProtobufCBinaryData){len, buf};
	return true;
}

static bool json_message(JsonConv *c, const PcJson *v, const ProtobufCMessageDescriptor *md, ProtobufCMessage **out,
			 int depth);

/* One value of field fd into the storage at p. */
static bool json_value(JsonConv *c, const PcJson *v, const ProtobufCFieldDescriptor *fd, void *p, int depth)
{
	int64_t si = 0;
	uint64_t ui = 0;
	double r = 0;
	switch (fd->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		if (!json_integer(c, v, false, INT32_MIN, INT32_MAX, 0, &si, &ui))
			return false;
		*(int32_t *)p = (int32_t)si;
		return true;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		if (!json_integer(c, v, true, 0, 0, UINT32_MAX, &si, &ui))
			return false;
		*(uint32_t *)p = (uint32_t)ui;
		return true;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		if (!json_integer(c, v, false, INT64_MIN, INT64_MAX, 0, &si, &ui))
			return false;
		*(int64_t *)p = si;
		return true;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		if (!json_integer(c, v, true, 0, 0, UINT64_MAX, &si, &ui))
			return false;
		*(uint64_t *)p = ui;
		return true;
	case PROTOBUF_C_TYPE_FLOAT:
		if (!json_real(c, v, &r))
			return false;
		*(float *)p = (float)r;
		return true;
	case PROTOBUF_C_TYPE_DOUBLE:
		if (!json_real(c, v, &r))
			return false;
		*(double *)p = r;
		return true;
	case PROTOBUF_C_TYPE_BOOL:
		if (v->kind != PC_JSON_BOOL)
			return json_fail(c, "expected true or false%s", "");
		*(protobuf_c_boolean *)p = v->boolean;
		return true;
	case PROTOBUF_C_TYPE_ENUM: {
		const ProtobufCEnumDescriptor *ed = fd->descriptor;
		if (v->kind == PC_JSON_STRING) {
			const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value_by_name(ed, v->string.ptr);
			if (!ev)
				return json_fail(c, "\"%s\" is not a value of %s", v->string.ptr, ed->name);
			*(int32_t *)p = ev->value;
			return true;
		}
		if (!json_integer(c, v, false, INT32_MIN, INT32_MAX, 0, &si, &ui))
			return false;
		*(int32_t *)p = (int32_t)si;
		return true;
	}
	case PROTOBUF_C_TYPE_STRING:
		if (v->kind != PC_JSON_STRING)
			return json_fail(c, "expected a string%s", "");
		*(const char **)p = v->string.ptr;
		return true;
	case PROTOBUF_C_TYPE_BYTES:
		return json_bytes(c, v, p);
	case PROTOBUF_C_TYPE_MESSAGE:
		return json_message(c, v, fd->descriptor, p, depth + 1);
	}
	return json_fail(c, "unsupported field type%s", "");
}

static bool json_field_value(JsonConv *c, const PcJson *v, const ProtobufCFieldDescriptor *fd, char *msg, int depth)
{
	if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
		if (v->kind != PC_JSON_ARRAY)
			return json_fail(c, "expected an array%s", "");
		size_t es = json_elem_size(fd->type);
		char *items = pc_arena_zalloc(c->s->arena, es * (v->len ? v->len : 1));
		for (uint32_t i = 0; i < v->len; i++) {
			size_t mark = where_push(c, NULL, (long)i);
			bool ok = json_value(c, &v->items[i], fd, items + es * i, depth);
			c->where[mark] = '\0';
			if (!ok)
				return false;
		}
		*(size_t *)(msg + fd->quantifier_offset) = v->len;
		*(void **)(msg + fd->offset) = items;
		return true;
	}
	if (!json_value(c, v, fd, msg + fd->offset, depth))
		return false;
	if (fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
		*(uint32_t *)(msg + fd->quantifier_offset) = fd->id;
	else if (fd->label == PROTOBUF_C_LABEL_OPTIONAL && fd->type != PROTOBUF_C_TYPE_STRING &&
		 fd->type != PROTOBUF_C_TYPE_MESSAGE)
		*(protobuf_c_boolean *)(msg + fd->quantifier_offset) = 1;
	return true;
}

static bool json_message(JsonConv *c, const PcJson *v, const ProtobufCMessageDescriptor *md, ProtobufCMessage **out,
			 int depth)
{
	if (depth > MAX_DEPTH)
		return json_fail(c, "messages nested more than %d deep", MAX_DEPTH);
	if (v->kind != PC_JSON_OBJECT)
		return json_fail(c, "expected an object (%s)", md->name);
	char *msg = pc_arena_zalloc(c->s->arena, md->sizeof_message);
	md->message_init((ProtobufCMessage *)msg);
	for (uint32_t i = 0; i < v->len; i++) {
		const ProtobufCFieldDescriptor *fd = json_field(md, v->keys[i]);
		if (!fd || v->items[i].kind == PC_JSON_NULL)
			continue;
		size_t mark = where_push(c, v->keys[i], 0);
		bool ok = json_field_value(c, &v->items[i], fd, msg, depth);
		c->where[mark] = '\0';
		if (!ok)
			return false;
	}
	*out = (ProtobufCMessage *)msg;
	return true;
}

int pc_descset_read_json(PcSchema *s, const char *path, const PcJson *root)
{
	JsonConv c = {.s = s, .path = path};
	ProtobufCMessage *set = NULL;
	if (!json_message(&c, root, &google__protobuf__file_descriptor_set__descriptor, &set, 0))
		return 3;
	return read_set(s, path, (const SetProto *)set);
}
