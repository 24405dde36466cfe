/* The incremental check of two git versions (docs/incremental.md): from the two
 * listings' blob ids, the touched paths; from a summary of every file (package,
 * imports, declared names, kept in src/cache.h's cache by blob id), the files whose
 * findings can differ; then each side is loaded with only those as inputs (their
 * imports come along for resolution) and the diff compares only them. Whenever the
 * argument of docs/incremental.md does not cover a case (configuration differs, an
 * error anywhere, no side known to load cleanly, several roots, ...), the caller runs
 * the full check, after which the clean sides and the files' summaries are recorded
 * so the next run can be incremental. Used by src/check.c only. */
#ifndef PC_INCREMENTAL_H
#define PC_INCREMENTAL_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"

typedef struct PcIncremental PcIncremental;

/* Tries the incremental load. Returns 0 when both sides were loaded (partially: their
 * inputs are the affected files) into old_s and new_s, with r's inputs set, as
 * load_sides would; -1 when the full check must run: then *out is set when the full
 * load should be handed to pc_incremental_after_full (else NULL). */
int pc_incremental_load(const PcCheckOptions *o, PcCheckResult *r, PcSchema *old_s, PcSchema *new_s, PcArena *a,
			PcDiags *d, PcIncremental **out);

/* After a full load of both sides (side 0 OLD, 1 NEW; ndiags[i] diagnostics each):
 * records the summaries of a side that loaded without any diagnostic, and that it
 * did, then writes the cache. */
void pc_incremental_after_full(PcIncremental *inc, PcSchema *const sides[2], const uint32_t ndiags[2]);

/* Puts NEW's loaded files in the order the full check loads them, so in-source
 * suppressions are collected (and their warnings printed) in the same order. */
void pc_incremental_order_files(const PcIncremental *inc, PcSchema *new_s);

#endif
