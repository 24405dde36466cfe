/* The changelog: every change of a check (additions, option and comment changes
 * included: PcCheckOptions.all_changes) listed by package and element, each marked
 * breaking when a finding of the selected rules came from it, with the semantic-version
 * bump it implies. docs/changes.md states the policy and the formats. Prints only;
 * the caller chooses the stream and the exit status. */
#ifndef PC_CHANGES_H
#define PC_CHANGES_H

#include <stdio.h>

#include "check.h"

typedef enum PcChangesFormat { PC_CHANGES_TEXT, PC_CHANGES_JSON, PC_CHANGES_MARKDOWN } PcChangesFormat;

/* "text", "json", "markdown"; false when unknown. */
bool pc_changes_format_parse(const char *name, PcChangesFormat *out);

/* What a change asks of the version number. */
typedef enum PcBump { PC_BUMP_NONE, PC_BUMP_PATCH, PC_BUMP_MINOR, PC_BUMP_MAJOR } PcBump;

/* "none", "patch", "minor", "major". */
const char *pc_bump_name(PcBump b);

typedef struct PcChangesOpts {
	PcChangesFormat format;
	const char *link_base;   /* markdown links (pc_report_link_base); NULL: none */
} PcChangesOpts;

/* Prints the changes of r (r->changes, marked by r->findings) and returns the bump of
 * the whole, the largest of its changes'. */
PcBump pc_changes_print(FILE *out, const PcCheckResult *r, const PcChangesOpts *o, PcArena *a);

#endif
