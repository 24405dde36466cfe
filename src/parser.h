/* The .proto parser: recursive descent over the lexer's tokens, one function per
 * grammar rule, building a PcFile with spans, comments and protoc-ordered source
 * locations. Errors are recorded in diags; the parser recovers at statement ends so
 * one run reports every error. It never fails to return a file. */
#ifndef PC_PARSER_H
#define PC_PARSER_H

#include "ast.h"
#include "diag.h"

/* Parses src. The returned file and everything in it live in arena a. On errors,
 * file->parse_failed is set and the tree holds what could be parsed. */
PcFile *pc_parse_file(const PcSource *src, PcDiags *diags, PcArena *a);
/* The same, with a caller-owned scratch arena for the parser's temporary lists; it is
 * reset (not released) before returning, so one scratch serves many files cheaply. */
PcFile *pc_parse_file_scratch(const PcSource *src, PcDiags *diags, PcArena *a, PcArena *scratch);
/* The same without source info: no locations (file->has_source_info stays false) and
 * no comments, for callers that need the tree and its spans only. The tree, spans and
 * diagnostics are those of a full parse; pc_schema_file_locations() recovers the
 * locations of one file later, by parsing it again. The options as written (PcOption
 * lists, name parts, values) go to opts_arena, which may be released once the options
 * are interpreted and pc_options_forget_written() has emptied the lists. */
PcFile *pc_parse_file_lean(const PcSource *src, PcDiags *diags, PcArena *a, PcArena *opts_arena, PcArena *scratch);

/* A full parse without comments: the locations and their paths, but no comments (and
 * no PcComments on the elements), for callers that need positions only. */
PcFile *pc_parse_file_uncommented(const PcSource *src, PcDiags *diags, PcArena *a, PcArena *scratch);

/* Copies every string of f that is a view into its source's bytes (names, defaults,
 * package, and, into opts_arena, the options and type names as written, which a
 * resolution that succeeds replaces) into a, so that the bytes can be released
 * (pc_source_release). The elements get the full names the
 * resolver would give them, their names being views into those. For a lean parse
 * without comments: the comments and locations of a full parse are not looked at. */
void pc_file_detach_source(PcFile *f, PcArena *a, PcArena *opts_arena);

#endif
