/* The resolver's internal interface, shared by resolve.c, options.c and features.c only:
 * a resolution context for one file (its visible files, as protoc enforces them) and
 * protoc's scoped symbol lookup. Nothing here is part of the public API. */
#ifndef PC_RESOLVE_IMPL_H
#define PC_RESOLVE_IMPL_H

#include "schema.h"

typedef struct PcResolver {
	PcSchema *s;
	PcSymtab *tab;
	PcFile *file;          /* the file being resolved */
	PcVec visible;         /* of PcFile *: file, direct imports, public closure, then
	                        * the `import option` files (2024) */
	uint32_t type_visible; /* how many of visible count outside options */
	uint32_t epoch;        /* stamped on the visible files (PcFile.visible_epoch), so
	                        * that "is it visible" is one comparison */
	bool in_options;       /* resolving option names: `import option` files count */
	PcFile *undeclared;    /* set when a lookup hit a symbol of a non-visible file */
	PcStr undeclared_name; /* that symbol's full name */
	PcStr unresolved;      /* set when a compound name resolved to an undefined name */
	PcFile *descriptor;    /* google/protobuf/descriptor.proto as loaded in this schema */
	PcArena scratch;       /* temporaries of option interpretation, reset per file */
} PcResolver;

/* Looks name up as protoc does: absolute with a leading dot, else from the scope that
 * contains `scope` (a full name whose last component is dropped first) outwards.
 * types_only skips non-type symbols on the last step. Only visible files count. */
PcSymKind pc_resolve_lookup(PcResolver *r, PcStr name, PcStr scope, bool types_only, void **elem);

/* A symbol by full name ignoring visibility (for descriptor.proto's own types). */
PcSymKind pc_resolve_find_any(PcResolver *r, PcStr full_name, void **elem);

/* Records an error at a span of the current file. */
void pc_resolve_error(PcResolver *r, PcSpan sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same, as a warning (the build still succeeds). */
void pc_resolve_warning(PcResolver *r, PcSpan sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The text to print for an unresolvable name, protoc style (not defined, not imported,
 * resolved to an undefined inner name). Uses r->undeclared / r->unresolved. */
const char *pc_resolve_not_found(PcResolver *r, PcStr name);

#endif
