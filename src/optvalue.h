/* Option values compared and printed: two serialized options messages (PcOptions.encoded
 * of a paired element) are decoded against their descriptors (descriptor.proto's
 * XxxOptions and the extensions of either schema) and every option whose value differs
 * is listed, keyed by its name and path, with both values in protobuf text format.
 * Used by the diff for OPTION_CHANGED records; everything lives in the arena passed in,
 * pointing into the schemas (which must outlive the results). Never fails: bytes that
 * do not decode are printed raw. */
#ifndef PC_OPTVALUE_H
#define PC_OPTVALUE_H

#include "schema.h"

/* Extensions of one schema by (extendee, number), built on first use. */
typedef struct PcOptExts PcOptExts;

PcOptExts *pc_optexts_new(const PcSchema *s, PcArena *a);

/* One side of a comparison: the options message type (NULL: unknown, every field is
 * printed by number) and the schema's extensions. */
typedef struct PcOptSide {
	const PcMessage *type;
	PcOptExts *exts;
} PcOptSide;

/* One differing option. A singular message-typed option set on both sides is compared
 * field by field, so a difference is reported at the deepest level where one side has
 * a scalar, a repeated field or nothing. */
typedef struct PcOptDiff {
	PcStr key;          /* as an option statement names it: "deprecated",
			     * "(google.api.http).get", "features.field_presence" */
	PcStr top;          /* the top-level option: an extension's full name
			     * ("google.api.http"), else the field name ("deprecated") */
	PcStr path;         /* below the top option ("get", "a.b"); empty for the whole */
	uint32_t number;    /* the top-level field number */
	bool old_set, new_set;
	PcStr old_text, new_text; /* text format: 1, "x", ENUM_NAME, { a: 1 }, [A, B] */
} PcOptDiff;

/* Appends a PcOptDiff to out for each difference between the options messages
 * old_bytes and new_bytes (in field-number order, deepest first never). Equal bytes
 * give nothing at once. */
void pc_optvalue_diff(const PcOptSide *old_side, PcStr old_bytes, const PcOptSide *new_side, PcStr new_bytes,
		      PcVec *out, PcArena *a);

/* A whole options message in text format on one line, as a message value of
 * PcOptDiff prints it: `{ deprecated: true [google.api.field_behavior]: REQUIRED }`
 * (empty for no bytes). */
PcStr pc_optvalue_text(const PcOptSide *side, PcStr bytes, PcArena *a);

/* The options message type for an element kind's options field, e.g.
 * "google.protobuf.FieldOptions", looked up in s (NULL when missing). */
const PcMessage *pc_optvalue_type(const PcSchema *s, const char *full_name);

#endif
