/* Option interpretation: every PcOptions.list of a file becomes PcOptions.encoded, the
 * serialized XxxOptions message, byte for byte as protoc 3.21 writes it (known fields
 * in field-number order, then custom options in source order; editions files as protoc
 * 36 --retain_options writes them), PcOptions.stripped as protoc 36 writes it by default
 * (source-retention options dropped; see options.c), and the known options
 * the rest of the program reads (deprecated, packed, ctype, features, ...) are filled
 * in. Errors go to the resolver's diagnostics at the option's name or value. */
#ifndef PC_OPTIONS_H
#define PC_OPTIONS_H

#include "resolve_impl.h"

/* Interprets the options of every element of r->file. Elements whose list is empty but
 * whose encoded bytes are set (read from a descriptor set) get their known options
 * decoded from the bytes instead. */
void pc_options_interpret_file(PcResolver *r);

/* Gives locations (a parse of f's source: paths with uninterpreted options,
 * element ... options 999 i) the paths of the options f's interpretation found, as
 * protoc rewrites source info, and drops the locations inside them. New paths live
 * in a, temporaries in tmp. pc_options_interpret_file() does this itself for files
 * parsed with source info; files parsed without get it when their locations are
 * recreated (pc_schema_file_locations). */
void pc_options_rewrite_locations(const PcFile *f, PcVec *locations, PcArena *a, PcArena *tmp);

/* Empties every options list of f (n_written and interp stay): what is left to do
 * once its options are interpreted and the arena holding them is to be released. */
void pc_options_forget_written(PcFile *f);

/* Which options message an element's options are. */
typedef enum PcOptKind {
	PC_OPT_FILE,
	PC_OPT_MESSAGE,
	PC_OPT_FIELD,
	PC_OPT_ONEOF,
	PC_OPT_ENUM,
	PC_OPT_ENUM_VALUE,
	PC_OPT_SERVICE,
	PC_OPT_METHOD,
	PC_OPT_EXT_RANGE,
} PcOptKind;

/* Fills the known-option fields of o (deprecated, packed, lazy, ctype, jstype,
 * explicit_features) from o->encoded. */
void pc_options_decode_known(PcOptions *o, PcOptKind kind);

/* Reads a varint-typed top-level field of o->encoded (the last occurrence wins).
 * Returns false when the field is absent. */
bool pc_options_get_varint(const PcOptions *o, uint32_t number, uint64_t *out);

/* Appends a protobuf varint to buf. */
void pc_options_put_varint(PcVec *buf, uint64_t v, PcArena *a);

#endif
