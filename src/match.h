/* Regular expressions for rule conditions and ignore patterns: PCRE2 behind our own
 * types, so that this module is the only user of the PCRE2 API. A compiled pattern and
 * its match buffer live in the arena given to pc_regex_compile(); matching never
 * allocates. Patterns are UTF-8, unanchored unless they say otherwise. */
#ifndef PC_MATCH_H
#define PC_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "str.h"

typedef struct PcRegex PcRegex;

/* Compiles pattern. On error returns NULL, sets *err to PCRE2's message (in the arena)
 * and *err_offset to the byte offset in the pattern where it was detected. */
PcRegex *pc_regex_compile(PcStr pattern, PcArena *a, const char **err, size_t *err_offset);
/* True when the pattern matches somewhere in subject. */
bool pc_regex_match(const PcRegex *re, PcStr subject);

#endif
