/* The schema model: one tree per .proto file, shaped like FileDescriptorProto so that
 * `protocompat build` is a direct mapping, plus the source spans and comments that
 * findings point at. The parser fills the "as written" parts; the resolver fills the
 * parts marked "resolved". A descriptor set read back fills the same structures.
 * Every node and string lives in the arena of the schema that loaded it. */
#ifndef PC_AST_H
#define PC_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"
#include "str.h"

/* A source range as in SourceCodeInfo: 0-based line and column, end column exclusive.
 * Columns count like protoc's tokenizer (a tab advances to the next multiple of 8), so
 * that spans equal protoc's; pc_source_offset() finds the start's byte offset, from
 * which diagnostics compute byte columns. line < 0 means "no span". */
typedef struct PcSpan {
	int32_t line, col, end_line, end_col;
} PcSpan;

#define PC_NO_SPAN ((PcSpan){-1, -1, -1, -1})

typedef enum PcSyntax { PC_SYNTAX_PROTO2, PC_SYNTAX_PROTO3, PC_SYNTAX_EDITIONS } PcSyntax;

/* Values of google.protobuf.Edition. */
enum {
	PC_EDITION_UNKNOWN = 0,
	PC_EDITION_PROTO2 = 998,
	PC_EDITION_PROTO3 = 999,
	PC_EDITION_2023 = 1000,
	PC_EDITION_2024 = 1001,
	PC_EDITION_2026 = 1002,
};

/* FieldDescriptorProto.Label; NONE when no label was written. */
typedef enum PcLabel {
	PC_LABEL_NONE = 0,
	PC_LABEL_OPTIONAL = 1,
	PC_LABEL_REQUIRED = 2,
	PC_LABEL_REPEATED = 3,
} PcLabel;

/* FieldDescriptorProto.Type; NONE for a named type not yet resolved. */
typedef enum PcType {
	PC_TYPE_NONE = 0,
	PC_TYPE_DOUBLE = 1,
	PC_TYPE_FLOAT = 2,
	PC_TYPE_INT64 = 3,
	PC_TYPE_UINT64 = 4,
	PC_TYPE_INT32 = 5,
	PC_TYPE_FIXED64 = 6,
	PC_TYPE_FIXED32 = 7,
	PC_TYPE_BOOL = 8,
	PC_TYPE_STRING = 9,
	PC_TYPE_GROUP = 10,
	PC_TYPE_MESSAGE = 11,
	PC_TYPE_BYTES = 12,
	PC_TYPE_UINT32 = 13,
	PC_TYPE_ENUM = 14,
	PC_TYPE_SFIXED32 = 15,
	PC_TYPE_SFIXED64 = 16,
	PC_TYPE_SINT32 = 17,
	PC_TYPE_SINT64 = 18,
} PcType;

/* 2024 symbol visibility as written (SymbolVisibility values). */
typedef enum PcVisibility { PC_VIS_UNSET = 0, PC_VIS_LOCAL = 1, PC_VIS_EXPORT = 2 } PcVisibility;

/* Resolved editions features; values are those of google.protobuf.FeatureSet's enums
 * (0 = unknown). Proto2 and proto3 files get the features their syntax implies. */
typedef struct PcFeatures {
	uint8_t field_presence;          /* EXPLICIT 1, IMPLICIT 2, LEGACY_REQUIRED 3 */
	uint8_t enum_type;               /* OPEN 1, CLOSED 2 */
	uint8_t repeated_field_encoding; /* PACKED 1, EXPANDED 2 */
	uint8_t utf8_validation;         /* VERIFY 2, NONE 3 */
	uint8_t message_encoding;        /* LENGTH_PREFIXED 1, DELIMITED 2 */
	uint8_t json_format;             /* ALLOW 1, LEGACY_BEST_EFFORT 2 */
	uint8_t enforce_naming_style;    /* STYLE2024 1, STYLE_LEGACY 2 */
	uint8_t default_symbol_visibility; /* EXPORT_ALL 1, EXPORT_TOP_LEVEL 2, LOCAL_ALL 3, STRICT 4 */
} PcFeatures;

/* Comments attached to an element, as protoc attaches them (text without the comment
 * markers, lines joined with '\n'). */
typedef struct PcComments {
	PcStr leading, trailing;
	PcVec detached; /* of PcStr */
} PcComments;

/* One SourceCodeInfo.Location, recorded by the parser in protoc's order. */
typedef struct PcLocation {
	int32_t *path;
	uint32_t path_len : 31;
	uint32_t source_only : 1; /* in a stripped source-retention option: kept with --retain_options */
	PcSpan span; /* written with 3 ints when line == end_line */
	PcComments *comments; /* NULL when it has none (most locations: keeps them small) */
} PcLocation;

/* ---- Option values (also the text-format aggregate syntax) ---- */

typedef enum PcValueKind {
	PC_VAL_IDENT,     /* s: identifier text (enum value, true/false, inf, nan) */
	PC_VAL_UINT,      /* u: a non-negative integer literal */
	PC_VAL_NEG_INT,   /* i: a negative integer literal (-u fits in int64) */
	PC_VAL_DOUBLE,    /* d: a float literal, or -inf / -nan */
	PC_VAL_STRING,    /* s: bytes after unescaping and concatenation */
	PC_VAL_AGGREGATE, /* fields: a text-format message { ... } */
	PC_VAL_LIST,      /* items: [a, b, ...] inside an aggregate */
} PcValueKind;

typedef struct PcValue {
	PcValueKind kind;
	bool negative;      /* a '-' was written (e.g. "-inf", or -0 as PC_VAL_NEG_INT) */
	union {             /* by kind: */
		uint64_t u; /* PC_VAL_UINT */
		int64_t i;  /* PC_VAL_NEG_INT */
		double d;   /* PC_VAL_DOUBLE */
	};
	PcStr s;
	PcVec fields;       /* of PcAggField */
	PcVec items;        /* of PcValue */
	PcSpan span;
} PcValue;

typedef struct PcAggField {
	PcStr name;         /* field name, or extension / Any type name without brackets */
	bool is_extension;  /* written as [name] */
	bool is_any;        /* written as [type.url/Name]; name is the whole url */
	PcValue value;
	PcSpan name_span;
} PcAggField;

typedef struct PcOptionNamePart {
	PcStr name;         /* "java_package", or "foo.bar" / ".foo.bar" for (foo.bar) */
	bool is_extension;
	PcSpan span;
} PcOptionNamePart;

typedef struct PcOption {
	PcVec parts;        /* of PcOptionNamePart */
	PcValue value;
	PcSpan name_span;
} PcOption;

/* A source-info style path: field numbers and indexes. */
typedef struct PcIntPath {
	int32_t *v;
	uint32_t len;
} PcIntPath;

/* PcOptions.stripped: the bytes, whether anything is left (an options message is
 * written), and the removed options' paths inside the options message. */
typedef struct PcStripped {
	PcStr bytes;
	bool present;
	PcIntPath *paths;
	uint32_t n_paths;
} PcStripped;

/* The options of one element: as written, then the serialized options message. */
typedef struct PcOptions {
	/* of PcOption, in source order. A check's input files keep these in a side arena
	 * that is released once the schema is resolved (pc_schema_load): the list is empty
	 * then, and n_written and interp say what source info needs of it. */
	PcVec list;
	/* resolved: for each of the n_written options as written, where source info puts
	 * it once interpreted, below the element's options field (field numbers, repeated
	 * indexes; v NULL if not interpreted). interp is NULL when none was. */
	PcIntPath *interp;
	PcStr encoded;          /* resolved: serialized XxxOptions, fields in protoc's order */
	/* resolved: the options as protoc 36 writes them by default when that is not
	 * `encoded` (source-retention options removed; editions files in its field
	 * order); NULL otherwise */
	PcStripped *stripped;
	/* resolved: known options the diff and the resolver need */
	int8_t ctype, jstype;   /* FieldOptions enums; -1 when unset */
	uint32_t n_written;
	PcFeatures explicit_features; /* features set on this element itself (0 = unset) */
	uint8_t unknown_feature; /* a FeatureSet field set to its *_UNKNOWN value (0), or 0 */
	bool present;           /* an options message exists (descriptor's has_options) */
	bool deprecated, has_packed, packed, has_lazy, lazy;
} PcOptions;

/* ---- Elements ---- */

typedef struct PcFile PcFile;
typedef struct PcMessage PcMessage;
typedef struct PcEnum PcEnum;

typedef struct PcOneof {
	PcStr name, full_name;
	PcOptions opts;
	bool synthetic;          /* proto3 `optional` */
	PcMessage *parent;
	PcSpan span, name_span;
	const PcComments *comments; /* NULL: none (or parsed without source info) */
	uint32_t index;
} PcOneof;

/* What few fields have (extensions, defaults, explicit JSON names), apart so that
 * the others do without it: PcField.x, read through pc_field_x(). */
typedef struct PcFieldExtra {
	PcStr extendee;          /* extensions: as written; resolved: ".pkg.Msg" */
	PcStr default_value;     /* as written (literal text); resolved: descriptor text form */
	PcValue *default_literal; /* the parsed literal behind default_value (parsed files
	                           * with a default only; NULL otherwise) */
	PcMessage *extendee_msg; /* resolved */
	PcSpan extend_span;      /* extensions: the enclosing extend block */
	PcSpan default_span, json_name_span;
} PcFieldExtra;

typedef struct PcField {
	PcStr name, full_name;
	PcStr type_name;         /* as written; resolved: ".pkg.Msg" */
	PcStr json_name;         /* explicit; resolved: explicit or derived */
	int32_t number;
	PcLabel label;           /* as written; resolved: the descriptor's label */
	PcType type;             /* scalar as written; resolved: MESSAGE/ENUM/GROUP too */
	int32_t oneof_index;     /* -1 when not in a oneof */
	uint32_t index;          /* index in its parent's fields or extensions */
	bool has_default;
	bool has_json_name;      /* an explicit json_name option */
	bool proto3_optional;
	bool is_group;           /* proto2 group; group_type is its message */
	bool is_map;             /* map<K,V>; group_type is its entry message */
	bool is_extension;
	PcFieldExtra *x;         /* NULL: none of it (pc_field_x reads it either way) */
	PcMessage *group_type;
	PcOptions opts;
	PcMessage *parent;       /* NULL for a file-level extension */
	PcFile *file;
	PcSpan span, type_span, name_span, number_span;
	const PcComments *comments; /* NULL: none (or parsed without source info) */
	/* resolved */
	PcMessage *msg_type;     /* MESSAGE and GROUP */
	PcEnum *enum_type;       /* ENUM */
	PcFeatures features;
} PcField;

/* f's extra parts, empty ones (no spans) when it has none. */
static inline const PcFieldExtra *pc_field_x(const PcField *f)
{
	static const PcFieldExtra none = {.extend_span = {-1, -1, -1, -1},
					  .default_span = {-1, -1, -1, -1},
					  .json_name_span = {-1, -1, -1, -1}};
	return f->x ? f->x : &none;
}

/* f's extra parts for writing, made in a on first use. */
static inline PcFieldExtra *pc_field_extra(PcField *f, PcArena *a)
{
	if (!f->x) {
		f->x = PC_NEW(a, PcFieldExtra);
		f->x->extend_span = f->x->default_span = f->x->json_name_span = PC_NO_SPAN;
	}
	return f->x;
}

typedef struct PcRange {
	int32_t start, end;      /* message ranges: end exclusive; enum ranges: inclusive */
	PcOptions opts;          /* extension ranges only */
	PcSpan span, start_span, end_span;
} PcRange;

typedef struct PcReservedName {
	PcStr name;
	PcSpan span;
} PcReservedName;

struct PcMessage {
	PcStr name, full_name;
	PcVec fields;            /* of PcField *, declaration order */
	PcVec nested;            /* of PcMessage *, including groups and map entries */
	PcVec enums;             /* of PcEnum * */
	PcVec extensions;        /* of PcField *, from extend blocks inside this message */
	PcVec oneofs;            /* of PcOneof *, real ones first, then synthetic */
	PcVec ext_ranges;        /* of PcRange */
	PcVec reserved_ranges;   /* of PcRange */
	PcVec reserved_names;    /* of PcReservedName */
	PcOptions opts;
	bool is_map_entry;
	bool dotted;             /* full_name.ptr[-1] is a '.' of the same string, so that
	                          * ".pkg.Msg" (a resolved type name) is a view too */
	PcVisibility visibility;
	PcMessage *parent;       /* NULL at top level */
	PcFile *file;
	uint32_t index;
	PcSpan span, name_span;
	const PcComments *comments; /* NULL: none (or parsed without source info) */
	PcFeatures features;     /* resolved */
};

typedef struct PcEnumValue {
	PcStr name, full_name;
	int32_t number;
	PcOptions opts;
	PcEnum *parent;
	uint32_t index;
	PcSpan span, name_span, number_span;
	const PcComments *comments; /* NULL: none (or parsed without source info) */
	PcFeatures features;     /* resolved */
} PcEnumValue;

struct PcEnum {
	PcStr name, full_name;
	PcVec values;            /* of PcEnumValue * */
	PcVec reserved_ranges;   /* of PcRange, inclusive end */
	PcVec reserved_names;    /* of PcReservedName */
	PcOptions opts;
	bool dotted;             /* as PcMessage.dotted */
	PcVisibility visibility;
	PcMessage *parent;
	PcFile *file;
	uint32_t index;
	PcSpan span, name_span;
	const PcComments *comments; /* NULL: none (or parsed without source info) */
	PcFeatures features;     /* resolved */
};

typedef struct PcMethod {
	PcStr name, full_name;
	PcStr input_type, output_type; /* as written; resolved: ".pkg.Msg" */
	bool client_streaming, server_streaming;
	PcOptions opts;
	struct PcService *parent;
	uint32_t index;
	PcSpan span, name_span, input_span, output_span;
	const PcComments *comments; /* NULL: none (or parsed without source info) */
	PcMessage *input_msg, *output_msg; /* resolved */
} PcMethod;

typedef struct PcService {
	PcStr name, full_name;
	PcVec methods;           /* of PcMethod * */
	PcOptions opts;
	PcFile *file;
	uint32_t index;
	PcSpan span, name_span;
	const PcComments *comments; /* NULL: none (or parsed without source info) */
	PcFeatures features;     /* resolved */
} PcService;

typedef struct PcImport {
	PcStr name;              /* the imported file's name, unescaped */
	bool is_public, is_weak, is_option; /* `import option` (edition 2024) */
	PcSpan span, name_span;
	PcFile *file;            /* resolved */
} PcImport;

struct PcFile {
	const PcSource *src;     /* NULL for a file read from a descriptor set */
	PcStr name;              /* path inside its module root, e.g. "acme/user.proto" */
	const char *path;        /* as the user can open it */
	PcSyntax syntax;
	bool has_syntax;         /* a syntax or edition statement was written */
	int32_t edition;         /* PC_EDITION_* */
	PcSpan syntax_span;
	PcStr package;
	PcSpan package_span;
	PcVec imports;           /* of PcImport, source order */
	PcVec messages;          /* of PcMessage * */
	PcVec enums;             /* of PcEnum * */
	PcVec services;          /* of PcService * */
	PcVec extensions;        /* of PcField *, top-level extend blocks */
	PcOptions opts;
	PcVec locations;         /* of PcLocation, protoc's SourceCodeInfo order */
	bool has_source_info;
	bool is_builtin;         /* an embedded well-known type */
	bool parse_failed;
	uint32_t seq;            /* its place in PcSchema.files (set by the check) */
	PcFeatures features;     /* resolved: file-level */
	/* resolver bookkeeping: this file is visible to the file being resolved when
	 * visible_epoch is the resolver's epoch, for types too when visible_types */
	uint32_t visible_epoch;
	bool visible_types;
};

#endif
