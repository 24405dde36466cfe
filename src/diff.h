/* The diff engine: pairs the elements of two schemas as buf 1.75 does and lists what
 * changed between them as typed records. A record states a fact (this field's type went
 * from int32 to int64, that message is gone from this file); it never decides whether
 * the fact breaks anyone: the rule engine does. Records point into both schemas and
 * live in the arena passed to pc_diff(); the schemas must outlive them.
 * docs/diff.md lists the pairing rules, each kind's data and positions, and which
 * buf rules each kind feeds. */
#ifndef PC_DIFF_H
#define PC_DIFF_H

#include "schema.h"

/* Comments give the pairing and what old_elem / new_elem point to. */
typedef enum PcChangeKind {
	/* Files, paired by path. */
	PC_CHANGE_FILE_DELETED,              /* old_elem: PcFile; nothing in NEW */
	PC_CHANGE_FILE_SYNTAX,               /* PcFile both; val.s "proto2"|"proto3"|"editions", val.i edition */
	PC_CHANGE_FILE_PACKAGE,              /* PcFile both; val.s the packages */
	PC_CHANGE_FILE_OPTION,               /* PcFile both; option = FileOptions field number */
	/* Packages, paired by name (files of one package pooled). */
	PC_CHANGE_PACKAGE_DELETED,           /* old_elem: first old file (by path) of the package */
	/* Top-level and nested declarations gone from a paired file (by name inside the package). */
	PC_CHANGE_MESSAGE_DELETED,           /* old_elem: PcMessage */
	PC_CHANGE_ENUM_DELETED,              /* old_elem: PcEnum */
	PC_CHANGE_EXTENSION_DELETED,         /* old_elem: PcField (extension) */
	PC_CHANGE_SERVICE_DELETED,           /* old_elem: PcService */
	/* The same, gone from a package that still exists in NEW. */
	PC_CHANGE_PACKAGE_MESSAGE_DELETED,
	PC_CHANGE_PACKAGE_ENUM_DELETED,
	PC_CHANGE_PACKAGE_EXTENSION_DELETED,
	PC_CHANGE_PACKAGE_SERVICE_DELETED,
	/* Messages, paired by full name. */
	PC_CHANGE_MESSAGE_NO_STD_ACCESSOR,   /* PcMessage both; val.i the option (0/1) */
	PC_CHANGE_MESSAGE_JSON_FORMAT,       /* PcMessage both; val.i resolved json_format feature */
	PC_CHANGE_MESSAGE_VISIBILITY,        /* PcMessage both; val.i effective visibility (LOCAL 1, EXPORT 2) */
	PC_CHANGE_MESSAGE_SET_WIRE_FORMAT,   /* PcMessage both; val.i the option message_set_wire_format (0/1) */
	PC_CHANGE_EXTENSION_RANGE_REMOVED,   /* PcMessage both; number..end lost values in missing */
	PC_CHANGE_RESERVED_RANGE_REMOVED,    /* PcMessage or PcEnum both; as above */
	PC_CHANGE_RESERVED_NAME_REMOVED,     /* PcMessage or PcEnum both; name */
	PC_CHANGE_ONEOF_DELETED,             /* old_elem: PcOneof (never synthetic); new_parent: PcMessage */
	PC_CHANGE_FIELD_DELETED,             /* old_elem: PcField; new_parent: PcMessage */
	PC_CHANGE_REQUIRED_FIELD_REMOVED,    /* old_elem: PcField; new_elem: the field if kept, else NULL */
	PC_CHANGE_REQUIRED_FIELD_ADDED,      /* new_elem: PcField; old_elem: the field if it existed */
	/* Fields paired by number within paired messages, extensions by (extendee, number). */
	PC_CHANGE_FIELD_NAME,                /* val.s the names (full names for extensions) */
	PC_CHANGE_FIELD_JSON_NAME,           /* val.s the resolved json names (not for extensions) */
	PC_CHANGE_FIELD_TYPE,                /* val.i PcType kind (delimited message = GROUP), val.s type name */
	PC_CHANGE_FIELD_CARDINALITY,         /* val.i PcCardinality */
	PC_CHANGE_FIELD_ONEOF,               /* val.s real oneof name, empty when outside one */
	PC_CHANGE_FIELD_DEFAULT,             /* val.s default text, val.set written; see docs */
	PC_CHANGE_FIELD_CPP_STRING_TYPE,     /* val.i PcCppStringType */
	PC_CHANGE_FIELD_JSTYPE,              /* val.i FieldOptions.JSType */
	PC_CHANGE_FIELD_UTF8_VALIDATION,     /* val.i resolved utf8_validation feature */
	PC_CHANGE_FIELD_JAVA_UTF8_VALIDATION, /* val.i effective Java check: VERIFY 2 / NONE 3 */
	PC_CHANGE_FIELD_NUMBERS_SWAPPED,     /* two fields traded numbers: elem the one of the lower
					      * number (OLD and NEW), val.i the numbers, val.s the names */
	/* Enums, paired by full name; values by number. */
	PC_CHANGE_ENUM_TYPE,                 /* val.i resolved enum_type feature (OPEN 1, CLOSED 2) */
	PC_CHANGE_ENUM_JSON_FORMAT,          /* val.i resolved json_format feature */
	PC_CHANGE_ENUM_VISIBILITY,           /* val.i effective visibility (LOCAL 1, EXPORT 2), val.s its name */
	PC_CHANGE_ENUM_VALUE_DELETED,        /* old_elem: first PcEnumValue of the number */
	PC_CHANGE_ENUM_VALUE_NAME,           /* one per NEW value of the number; see docs */
	/* Services, paired by full name; methods by name. */
	PC_CHANGE_RPC_DELETED,               /* old_elem: PcMethod; new_parent: PcService */
	PC_CHANGE_RPC_CLIENT_STREAMING,      /* PcMethod both; val.i 0/1 */
	PC_CHANGE_RPC_SERVER_STREAMING,
	PC_CHANGE_RPC_REQUEST_TYPE,          /* val.s resolved type names without the dot */
	PC_CHANGE_RPC_RESPONSE_TYPE,
	PC_CHANGE_RPC_IDEMPOTENCY_LEVEL,     /* val.i MethodOptions.IdempotencyLevel */
	PC_CHANGE_RPC_PAGINATION,            /* paginated (AIP-158, as the detector decides) on one side
					      * only, or paged by another field; val.s the paged field's
					      * name, val.set paginated */
	/* Not from pc_diff(): a difference as Confluent Schema Registry's SchemaDiff reports
	 * it (src/confluent.h); old_val.s its type, name its path, new_val.i 1 when found
	 * by the FORWARD comparison (NEW as the original). */
	PC_CHANGE_CONFLUENT,
	/* Additions (PcDiffConfig.additions): the outermost new element only (the members of
	 * a new message are not listed again); new_elem the element, old_elem NULL. */
	PC_CHANGE_FILE_ADDED,                /* PcFile with no OLD partner */
	PC_CHANGE_PACKAGE_ADDED,             /* first NEW file (by path) of a package OLD lacks */
	PC_CHANGE_MESSAGE_ADDED,             /* full name new, its parent message not */
	PC_CHANGE_ENUM_ADDED,
	PC_CHANGE_EXTENSION_ADDED,           /* (extendee, number) new */
	PC_CHANGE_SERVICE_ADDED,
	PC_CHANGE_FIELD_ADDED,               /* number new in a paired message; parents the messages */
	PC_CHANGE_ONEOF_ADDED,               /* real oneof name new in a paired message */
	PC_CHANGE_ENUM_VALUE_ADDED,          /* number new in a paired enum (first value of it) */
	PC_CHANGE_RPC_ADDED,                 /* name new in a paired service */
	PC_CHANGE_EXTENSION_RANGE_ADDED,     /* PcMessage both; number..end one NEW range, missing its new values */
	PC_CHANGE_RESERVED_RANGE_ADDED,      /* PcMessage or PcEnum both; as above */
	PC_CHANGE_RESERVED_NAME_ADDED,       /* PcMessage or PcEnum both; name */
	/* PcDiffConfig.options: an option of a paired element differs (custom ones too). */
	PC_CHANGE_OPTION_CHANGED,            /* name: key "(google.api.http).get", opt_name the
					      * top option, opt_path below it, option its number,
					      * val.s text format, val.set present */
	/* PcDiffConfig.comments: a paired element's leading or trailing comment differs. */
	PC_CHANGE_COMMENT_CHANGED,           /* name "leading" | "trailing", val.s the comments */
	/* PcDiffConfig.renames: an element whose full name one side lacks, paired with one of
	 * the same structure the other side lacks (docs/diff.md, "Renames and moves"), or
	 * moved to another file under the same full name; old_elem / new_elem the pair,
	 * val.s the full names, name and package the OLD ones. Replaces the pair's deletion
	 * and addition records; the pair is then compared member by member. */
	PC_CHANGE_MESSAGE_RENAMED,
	PC_CHANGE_ENUM_RENAMED,
	PC_CHANGE_SERVICE_RENAMED,
	PC_CHANGE_KIND_COUNT
} PcChangeKind;

/* The five cardinalities of buf's FIELD_*_CARDINALITY rules. */
typedef enum PcCardinality {
	PC_CARD_OPTIONAL_EXPLICIT = 1,
	PC_CARD_OPTIONAL_IMPLICIT = 2,
	PC_CARD_REQUIRED = 3,
	PC_CARD_REPEATED = 4,
	PC_CARD_MAP = 5,
} PcCardinality;

/* C++ string representation: pb.CppFeatures.StringType values, plus STRING_PIECE for
 * the legacy ctype that has no feature equivalent. */
typedef enum PcCppStringType {
	PC_CPP_VIEW = 1,
	PC_CPP_CORD = 2,
	PC_CPP_STRING = 3,
	PC_CPP_STRING_PIECE = 4,
} PcCppStringType;

/* What old_elem / new_elem (and the parents) point to. */
typedef enum PcElemKind {
	PC_ELEM_NONE,
	PC_ELEM_FILE,
	PC_ELEM_MESSAGE,
	PC_ELEM_FIELD,
	PC_ELEM_ONEOF,
	PC_ELEM_ENUM,
	PC_ELEM_ENUM_VALUE,
	PC_ELEM_SERVICE,
	PC_ELEM_METHOD,
} PcElemKind;

/* Flags of a change. */
enum {
	PC_CHANGE_F_NUMBER_RESERVED = 1u << 0,  /* deleted field / enum value: number reserved in NEW */
	PC_CHANGE_F_NAME_RESERVED = 1u << 1,    /* ...every name of it reserved in NEW */
	PC_CHANGE_F_IN_PACKAGE = 1u << 2,       /* deleted from its file, but NEW's package still has it */
	PC_CHANGE_F_KIND_ABSENT = 1u << 3,      /* package deletion: NEW's package has no element of
						 * this kind at all (buf 1.75 then reports nothing) */
	PC_CHANGE_F_LEGACY_REQUIRED = 1u << 4,  /* required only through the editions feature
						 * LEGACY_REQUIRED (buf 1.75 ignores those) */
	PC_CHANGE_F_ENUM_SAME_NAME = 1u << 5,   /* FIELD_TYPE between enums of the same short name */
	PC_CHANGE_F_ENUM_SUPERSET = 1u << 6,    /* ...and NEW's enum has every (name, number) of OLD's */
	PC_CHANGE_F_MESSAGE_SET = 1u << 7,      /* range of a message_set_wire_format message */
	PC_CHANGE_F_MAP_ENTRY = 1u << 8,        /* the field belongs to a map entry on both sides */
	PC_CHANGE_F_EXTENSION = 1u << 9,        /* the field is an extension */
	PC_CHANGE_F_ONEOF_JOINS = 1u << 10,     /* FIELD_ONEOF: NEW's oneof holds another field that OLD
						 * could set together with this one (OLD data may set both) */
	PC_CHANGE_F_ONEOF_SPLITS = 1u << 11,    /* FIELD_ONEOF: OLD's oneof holds another field that NEW
						 * can set together with this one */
	PC_CHANGE_F_JSON_KEYS_KEPT = 1u << 13,  /* deleted field: NEW's message has a field of the same
						 * name and JSON name (at another number) */
	PC_CHANGE_F_SAME_SHAPE = 1u << 12,      /* FIELD_TYPE between messages (or enums) of other names
						 * but the same fields (values): the same bytes and JSON */
	PC_CHANGE_F_EXT_RANGE = 1u << 14,       /* OPTION_CHANGED: of an extension range (number..end)
						 * of the message */
	PC_CHANGE_F_TYPED = 1u << 15,           /* OPTION_CHANGED: a record of its own kind reports the
						 * same option too (FILE_OPTION, FIELD_JSTYPE, ...) */
	PC_CHANGE_F_ONEOF_KEPT = 1u << 16,      /* deleted field: it was in a real oneof that NEW's
						 * message still has (NEW readers see the oneof unset);
						 * added field: it is in a real oneof OLD's message had */
	PC_CHANGE_F_DEPRECATED = 1u << 17,      /* PcDiffConfig.deprecated_deletes: the deleted element
						 * (or an enclosing one) was deprecated in OLD */
};

typedef struct PcChangeValue {
	bool set;      /* explicitly written (options) / present (oneof, default) */
	int64_t i;
	PcStr s;
} PcChangeValue;

/* A position for a finding: the file, and the span inside it. file == NULL: no place
 * (a deleted file or package); span.line < 0: the file as a whole (buf prints 1:1). */
typedef struct PcPos {
	const PcFile *file;
	PcSpan span;
} PcPos;

typedef struct PcChange {
	PcChangeKind kind;
	PcElemKind elem;                /* kind of old_elem / new_elem */
	const void *old_elem, *new_elem;
	PcElemKind parent;              /* kind of old_parent / new_parent */
	const void *old_parent, *new_parent; /* the paired container (message, enum, service) */
	PcPos pos;                      /* in NEW: where buf reports the change */
	PcPos old_pos;                  /* in OLD: the element's own location, for a note */
	PcStr name;                     /* name relative to the package, option or reserved name */
	PcStr package;                  /* the package of the old element */
	int32_t number, end;            /* field / value number; ranges: start and end (inclusive) */
	uint32_t option;                /* FILE_OPTION, OPTION_CHANGED: the options field number */
	PcStr opt_name, opt_path;       /* OPTION_CHANGED: top option ("google.api.http"), path below */
	PcChangeValue old_val, new_val;
	uint32_t flags;                 /* PC_CHANGE_F_* */
	PcVec missing;                  /* RANGE_REMOVED: of PcRange (inclusive), lost sub-ranges */
} PcChange;

typedef struct PcChangeList {
	PcVec items;                    /* of PcChange, in a deterministic order (see docs) */
} PcChangeList;

typedef struct PcDiffConfig {
	/* When each schema has exactly one input file, pair those two whatever their
	 * names (buf cannot compare two files of different names). */
	bool pair_single_inputs;
	/* Compare only the input files, not what they import (buf --exclude-imports). */
	bool exclude_imports;
	/* Also list additions, option changes, comment changes (the *_ADDED kinds,
	 * OPTION_CHANGED, COMMENT_CHANGED). Off, they cost nothing. Comments need source
	 * info: files read without it have none to compare. */
	bool additions, options, comments;
	/* Pair renamed and moved messages, enums and services (the *_RENAMED kinds). */
	bool renames;
	/* Flag deletions of elements OLD marked deprecated (PC_CHANGE_F_DEPRECATED). */
	bool deprecated_deletes;
} PcDiffConfig;

/* Compares two resolved schemas. cfg may be NULL (defaults: all files, pairing by
 * path). Never fails; time and memory are linear in the size of both schemas. */
PcChangeList pc_diff(const PcSchema *old_schema, const PcSchema *new_schema, const PcDiffConfig *cfg,
		     PcArena *a);

/* "FIELD_TYPE" etc.: the kind's name as docs/diff.md and the rule catalog spell it. */
const char *pc_change_kind_name(PcChangeKind k);
/* Parses such a name; returns PC_CHANGE_KIND_COUNT when unknown. */
PcChangeKind pc_change_kind_parse(PcStr name);
/* "go_package" for 11, ...; NULL for a FileOptions field the diff does not compare. */
const char *pc_file_option_name(uint32_t number);
/* buf's wording: "optional with explicit presence", ..., "map". */
const char *pc_cardinality_name(PcCardinality c);

#endif
