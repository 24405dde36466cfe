/* Confluent Schema Registry's protobuf compatibility check, reproduced: the
 * differences its SchemaDiff (io.confluent.kafka.schemaregistry.protobuf.diff) reports
 * between an original and an update schema, as PC_CHANGE_CONFLUENT records that the
 * rule engine turns into findings (rules/confluent.yaml decides which types are
 * incompatible). Its pairing differs from buf's, which is why it is a pass of its own
 * rather than rules over pc_diff()'s records: messages pair by name relative to the
 * package, a changed package is one difference, labels count only when written on both
 * sides, message types are compared by their package-relative name and, when imported,
 * by their contents. docs/confluent.md has the whole account and every known
 * disagreement. Records live in the arena passed in; the schemas must outlive them. */
#ifndef PC_CONFLUENT_H
#define PC_CONFLUENT_H

#include <stdbool.h>

#include "diff.h"

/* Difference.Type, in Confluent's order. */
typedef enum PcCfType {
	PC_CF_PACKAGE_CHANGED,
	PC_CF_MESSAGE_ADDED,
	PC_CF_MESSAGE_REMOVED,
	PC_CF_MESSAGE_MOVED,
	PC_CF_ENUM_ADDED,
	PC_CF_ENUM_REMOVED,
	PC_CF_ENUM_CONST_ADDED,
	PC_CF_ENUM_CONST_CHANGED,
	PC_CF_ENUM_CONST_REMOVED,
	PC_CF_FIELD_ADDED,
	PC_CF_FIELD_REMOVED,
	PC_CF_FIELD_NAME_CHANGED,
	PC_CF_FIELD_KIND_CHANGED,
	PC_CF_FIELD_SCALAR_KIND_CHANGED,
	PC_CF_FIELD_NAMED_TYPE_CHANGED,
	PC_CF_FIELD_NUMERIC_LABEL_CHANGED,
	PC_CF_FIELD_STRING_OR_BYTES_LABEL_CHANGED,
	PC_CF_REQUIRED_FIELD_ADDED,
	PC_CF_REQUIRED_FIELD_REMOVED,
	PC_CF_ONEOF_ADDED,
	PC_CF_ONEOF_REMOVED,
	PC_CF_ONEOF_FIELD_ADDED,
	PC_CF_ONEOF_FIELD_REMOVED,
	PC_CF_MULTIPLE_FIELDS_MOVED_TO_ONEOF,
	PC_CF_FIELD_MOVED_TO_EXISTING_ONEOF,
	PC_CF_COUNT
} PcCfType;

/* "FIELD_KIND_CHANGED"; PC_CF_COUNT for an unknown name in pc_cf_type_parse. */
const char *pc_cf_type_name(PcCfType t);
PcCfType pc_cf_type_parse(PcStr name);

/* Appends to out the differences of SchemaDiff.compare(original, update): the input
 * files of each side, paired by path (the one input file of each side with each
 * other), types from their imports used to resolve and compare field types.
 * compatible[t] says which types Confluent's COMPATIBLE_CHANGES holds; it decides when
 * an imported message type that changed counts as FIELD_NAMED_TYPE_CHANGED. forward:
 * original is NEW and update OLD (Confluent's FORWARD check); the records' positions
 * are in NEW either way, new_val.i is 1 for a forward record and 0 otherwise. Each
 * record: kind PC_CHANGE_CONFLUENT, old_val.s the type's name, name its path as
 * Confluent prints it ("#/TestMessage/2"), number the field or value number when the
 * path ends in one. */
void pc_confluent_diff(const PcSchema *original, const PcSchema *update, const bool compatible[PC_CF_COUNT],
		       bool forward, PcChangeList *out, PcArena *a);

#endif
