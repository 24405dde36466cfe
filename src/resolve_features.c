/* Feature resolution kept in one place, as upb does it: a table of each edition's
 * defaults (the facts of descriptor.proto's FeatureSet edition_defaults), then one walk
 * down the tree where every element starts from its parent's resolved set and applies
 * the features set on itself. Proto2 and proto3 files resolve as the editions
 * PROTO2/PROTO3 plus what their syntax implies per field (required, groups, [packed],
 * proto3 `optional`), as protoc's legacy feature inference does. Fields then get their
 * effective values: message-typed fields, oneof members and extensions always track
 * presence, and only packable scalars can be packed. */
#include "resolve_features.h"

#include <string.h>

enum {
	PRESENCE_EXPLICIT = 1,
	PRESENCE_IMPLICIT = 2,
	PRESENCE_LEGACY_REQUIRED = 3,
	ENUM_OPEN = 1,
	ENUM_CLOSED = 2,
	ENC_PACKED = 1,
	ENC_EXPANDED = 2,
	UTF8_VERIFY = 2,
	UTF8_NONE = 3,
	MSG_LENGTH_PREFIXED = 1,
	MSG_DELIMITED = 2,
	JSON_ALLOW = 1,
	JSON_LEGACY_BEST_EFFORT = 2,
	STYLE_2024 = 1,
	STYLE_LEGACY = 2,
	STYLE_2026 = 3,
	VIS_EXPORT_ALL = 1,
	VIS_EXPORT_TOP_LEVEL = 2,
	VIS_STRICT = 4,
};

PcFeatures pc_features_defaults(int32_t edition)
{
	PcFeatures f = {
		.field_presence = PRESENCE_EXPLICIT,
		.enum_type = ENUM_OPEN,
		.repeated_field_encoding = ENC_PACKED,
		.utf8_validation = UTF8_VERIFY,
		.message_encoding = MSG_LENGTH_PREFIXED,
		.json_format = JSON_ALLOW,
		.enforce_naming_style = STYLE_LEGACY,
		.default_symbol_visibility = VIS_EXPORT_ALL,
	};
	if (edition <= PC_EDITION_PROTO2) {
		f.enum_type = ENUM_CLOSED;
		f.repeated_field_encoding = ENC_EXPANDED;
		f.utf8_validation = UTF8_NONE;
		f.json_format = JSON_LEGACY_BEST_EFFORT;
	} else if (edition == PC_EDITION_PROTO3) {
		f.field_presence = PRESENCE_IMPLICIT;
	}
	if (edition >= PC_EDITION_2024) {
		f.enforce_naming_style = STYLE_2024;
		f.default_symbol_visibility = VIS_EXPORT_TOP_LEVEL;
	}
	if (edition >= PC_EDITION_2026) {
		f.enforce_naming_style = STYLE_2026;
		f.default_symbol_visibility = VIS_STRICT;
	}
	return f;
}

bool pc_features_packable(PcType t)
{
	switch (t) {
	case PC_TYPE_STRING:
	case PC_TYPE_BYTES:
	case PC_TYPE_MESSAGE:
	case PC_TYPE_GROUP:
	case PC_TYPE_NONE:
		return false;
	case PC_TYPE_DOUBLE:
	case PC_TYPE_FLOAT:
	case PC_TYPE_INT64:
	case PC_TYPE_UINT64:
	case PC_TYPE_INT32:
	case PC_TYPE_FIXED64:
	case PC_TYPE_FIXED32:
	case PC_TYPE_BOOL:
	case PC_TYPE_UINT32:
	case PC_TYPE_ENUM:
	case PC_TYPE_SFIXED32:
	case PC_TYPE_SFIXED64:
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
		return true;
	}
	return false;
}

static PcFeatures merge(PcFeatures base, const PcFeatures *over)
{
	if (over->field_presence)
		base.field_presence = over->field_presence;
	if (over->enum_type)
		base.enum_type = over->enum_type;
	if (over->repeated_field_encoding)
		base.repeated_field_encoding = over->repeated_field_encoding;
	if (over->utf8_validation)
		base.utf8_validation = over->utf8_validation;
	if (over->message_encoding)
		base.message_encoding = over->message_encoding;
	if (over->json_format)
		base.json_format = over->json_format;
	if (over->enforce_naming_style)
		base.enforce_naming_style = over->enforce_naming_style;
	if (over->default_symbol_visibility)
		base.default_symbol_visibility = over->default_symbol_visibility;
	return base;
}

static void resolve_field(PcField *fd, PcFeatures parent, PcSyntax syntax)
{
	PcFeatures f = merge(parent, &fd->opts.explicit_features);
	switch (syntax) {
	case PC_SYNTAX_PROTO2:
		if (fd->label == PC_LABEL_REQUIRED)
			f.field_presence = PRESENCE_LEGACY_REQUIRED;
		if (fd->type == PC_TYPE_GROUP)
			f.message_encoding = MSG_DELIMITED;
		if (fd->opts.has_packed)
			f.repeated_field_encoding = fd->opts.packed ? ENC_PACKED : ENC_EXPANDED;
		break;
	case PC_SYNTAX_PROTO3:
		if (fd->proto3_optional)
			f.field_presence = PRESENCE_EXPLICIT;
		if (fd->opts.has_packed)
			f.repeated_field_encoding = fd->opts.packed ? ENC_PACKED : ENC_EXPANDED;
		break;
	case PC_SYNTAX_EDITIONS:
		break;
	}
	bool is_msg = fd->type == PC_TYPE_MESSAGE || fd->type == PC_TYPE_GROUP;
	if (f.field_presence != PRESENCE_LEGACY_REQUIRED &&
	    (is_msg || fd->oneof_index >= 0 || fd->is_extension))
		f.field_presence = PRESENCE_EXPLICIT;
	if (fd->label == PC_LABEL_REPEATED && !pc_features_packable(fd->type))
		f.repeated_field_encoding = ENC_EXPANDED;
	fd->features = f;
}

static void resolve_enum(PcEnum *e, PcFeatures parent)
{
	e->features = merge(parent, &e->opts.explicit_features);
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		v->features = merge(e->features, &v->opts.explicit_features);
	}
}

static void resolve_message(PcMessage *m, PcFeatures parent, PcSyntax syntax)
{
	m->features = merge(parent, &m->opts.explicit_features);
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		PcFeatures base = m->features;
		if (fd->oneof_index >= 0 && (uint32_t)fd->oneof_index < m->oneofs.len) {
			PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, fd->oneof_index);
			base = merge(base, &o->opts.explicit_features);
		}
		resolve_field(fd, base, syntax);
	}
	for (uint32_t i = 0; i < m->extensions.len; i++)
		resolve_field(PC_VEC_AT(m->extensions, PcField *, i), m->features, syntax);
	for (uint32_t i = 0; i < m->nested.len; i++)
		resolve_message(PC_VEC_AT(m->nested, PcMessage *, i), m->features, syntax);
	for (uint32_t i = 0; i < m->enums.len; i++)
		resolve_enum(PC_VEC_AT(m->enums, PcEnum *, i), m->features);
}

void pc_features_resolve_file(PcFile *f)
{
	int32_t edition = f->syntax == PC_SYNTAX_EDITIONS ? f->edition
			  : f->syntax == PC_SYNTAX_PROTO3 ? PC_EDITION_PROTO3
							  : PC_EDITION_PROTO2;
	f->features = merge(pc_features_defaults(edition), &f->opts.explicit_features);
	for (uint32_t i = 0; i < f->messages.len; i++)
		resolve_message(PC_VEC_AT(f->messages, PcMessage *, i), f->features, f->syntax);
	for (uint32_t i = 0; i < f->enums.len; i++)
		resolve_enum(PC_VEC_AT(f->enums, PcEnum *, i), f->features);
	for (uint32_t i = 0; i < f->extensions.len; i++)
		resolve_field(PC_VEC_AT(f->extensions, PcField *, i), f->features, f->syntax);
	for (uint32_t i = 0; i < f->services.len; i++) {
		PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		sv->features = merge(f->features, &sv->opts.explicit_features);
	}
}
