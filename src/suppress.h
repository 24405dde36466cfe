/* In-source suppressions: a comment `protocompat:ignore RULE_ID[,RULE_ID] reason` on an
 * element of NEW silences those rules for findings on that element and on everything
 * declared inside it (docs/configuration.md has the exact scoping). Everything lives in
 * the arena given to pc_suppress_collect(); problems (unknown rules, missing reasons,
 * suppressions that match nothing or are attached to nothing) are recorded as warnings,
 * never errors: a suppression never changes the exit status by itself. */
#ifndef PC_SUPPRESS_H
#define PC_SUPPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "rules.h"
#include "schema.h"

typedef struct PcSuppression {
	PcStr rule_id;           /* as written */
	const PcRule *rule;      /* NULL when the ID is unknown */
	PcStr reason;            /* the rest of the directive's line, trimmed; may be empty */
	PcElemKind elem;         /* what it is attached to (PC_ELEM_FILE: the whole file) */
	const void *target;
	const char *path;        /* the file, as the user can open it */
	int line, col;           /* of the rule ID, 1-based; 0 when unknown */
	uint32_t hits;           /* findings it silenced */
	uint32_t next;           /* private: the next suppression of the same element, +1 */
} PcSuppression;

typedef struct PcSuppressions {
	PcVec items;             /* of PcSuppression, in file and source order */
	const void **keys;       /* private: open-addressing index element -> first item */
	uint32_t *heads;
	uint32_t cap;
} PcSuppressions;

/* A finding that a suppression silenced. */
typedef struct PcSuppressed {
	PcFinding finding;
	const PcSuppression *by;
} PcSuppressed;

/* Reads the directives in the comments of every file of NEW (built-in files aside).
 * Records warnings for unknown rule IDs, directives without a rule or a reason, and
 * directives in comments that belong to no element. */
void pc_suppress_collect(PcSuppressions *s, const PcSchema *new_schema, const PcRuleSet *rs, PcArena *a,
			 PcDiags *diags);

/* Moves the findings that a suppression covers from findings (of PcFinding, order kept)
 * to suppressed (of PcSuppressed), counting hits. */
void pc_suppress_apply(PcSuppressions *s, PcVec *findings, PcVec *suppressed, PcArena *a);

/* Warns about each known-rule suppression that silenced nothing; enabled is the rule
 * selection (one entry per rs->rules item), used to say why. */
void pc_suppress_check_unused(const PcSuppressions *s, const PcRuleSet *rs, const bool *enabled,
			      PcDiags *diags);

#endif
