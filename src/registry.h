/* Schemas as schema registries store them: Confluent's `?format=serialized` answer is
 * a base64-encoded FileDescriptorProto (one file), and registries and tools also pass
 * base64 of a whole FileDescriptorSet. This module recognises and decodes that text;
 * the bytes then go to the descriptor-set reader (descset.h), which takes a lone
 * FileDescriptorProto as well as a set. It is the only user of nettle's base64. */
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

#endif
