/* Diagnostics: errors and warnings recorded by library code, printed only by main.c.
 * A PcDiags list lives in the arena given to pc_diags_init; messages are formatted
 * into it. Library code never prints or exits. */
#ifndef PC_DIAG_H
#define PC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "str.h"

typedef enum PcSeverity { PC_SEV_ERROR, PC_SEV_WARNING, PC_SEV_NOTE } PcSeverity;

typedef struct PcDiag {
	PcSeverity severity;
	const char *path;     /* as the user can open it; NULL when not tied to a file */
	int line, col;        /* 1-based; 0 when unknown */
	const char *message;  /* lowercase, no full stop */
	PcStr source_line;    /* the line's text for the caret display; may be empty */
} PcDiag;

typedef struct PcDiags {
	PcArena *arena;
	PcVec list;          /* of PcDiag */
	int errors, warnings;
	int max_errors;      /* errors beyond this many are counted but not stored */
} PcDiags;

void pc_diags_init(PcDiags *d, PcArena *a);
/* "error", "warning" or "note". */
const char *pc_severity_name(PcSeverity s);
/* line and col are 1-based. */
void pc_diag_add(PcDiags *d, PcSeverity sev, const char *path, int line, int col, PcStr source_line,
		 const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Appends src's diagnostics to dst, in order, under dst's cap. The messages stay in
 * src's arena, which must live as long as dst's. */
void pc_diags_append(PcDiags *dst, const PcDiags *src);
/* Prints every diagnostic as `path:line:col: error: message`, with a caret line when
 * `carets` is set (main.c sets it on a terminal). */
void pc_diags_print(const PcDiags *d, FILE *out, bool carets, bool colour);

#endif
