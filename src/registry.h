/* Schemas as schema registries store them: Confluent's `?format=serialized` answer is
 * a base64-encoded FileDescriptorProto (one file), and registries and tools also pass
 * base64 of a whole FileDescriptorSet. This module recognises and decodes that text;
 * the bytes then go to the descriptor-set reader (descset.h), which takes a lone
 * FileDescriptorProto as well as a set. It also reads a registry's JSON answer, whose
 * "schema" is either. It is the only user of nettle's base64. */
#ifndef PC_REGISTRY_H
#define PC_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* Whether a file name asks for base64 whatever its content: .b64, .base64. */
bool pc_registry_has_b64_suffix(const char *path);

/* Whether the text is base64 of a descriptor: only base64 characters and white space,
 * a length that is a whole number of 4-character groups, and decoded bytes that start
 * as a descriptor record does (a length-delimited field 1). .proto text never passes:
 * it has spaces between words, ';' or '{', which base64 lacks. */
bool pc_registry_sniff(const char *data, size_t len);

/* Decodes base64 (standard alphabet, white space ignored, padding required as RFC
 * 4648 has it) into arena memory. Returns false with *err set to what is wrong
 * ("a character outside base64 at byte N", "incomplete final group") on bad input. */
bool pc_registry_decode(const char *data, size_t len, char **out, size_t *out_len, const char **err, PcArena *a);

/* A schema registry's JSON answer ({"schema": "...", "schemaType": "PROTOBUF", ...},
 * as Confluent's GET /subjects/S/versions/N or /schemas/ids/N return it): when root
 * is such an object (a "schema" string and no "file" member, which a JSON image has),
 * *envelope is set and the schema is loaded into s: base64 of a descriptor (with
 * ?format=serialized) through the descriptor reader, else .proto text as a file named
 * after label (v3.json: v3.proto, the lines those of the text; nothing else
 * of that directory is visible). Returns the
 * status (0, 2 or 3); another schemaType is an error (3). Not an envelope: returns 0
 * with *envelope false and loads nothing. */
struct PcJson;
struct PcSchema;
int pc_registry_read_envelope(struct PcSchema *s, const char *label, const struct PcJson *root, bool *envelope);

#endif
