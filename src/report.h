/* Reports: the findings of a comparison printed as text (gcc-style lines, a note with
 * the old location, one summary line) or as JSON lines with buf's keys plus ours. The
 * caller (main.c) chooses the stream; nothing here exits or decides the status. */
#ifndef PC_REPORT_H
#define PC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "rules.h"

typedef enum PcFormat { PC_FORMAT_TEXT, PC_FORMAT_JSON } PcFormat;

typedef struct PcReportOpts {
	PcFormat format;
	bool colour;             /* ANSI colours in text (main.c: a terminal and no NO_COLOR) */
	const char *new_label;   /* shown for findings with no place in NEW: the NEW argument */
} PcReportOpts;

typedef struct PcReportCounts {
	uint32_t findings, errors, warnings;
	uint32_t backward, forward; /* a finding breaking both directions counts in each */
	uint32_t files;          /* distinct files: NEW's path, else OLD's for place-less ones */
} PcReportCounts;

/* Counts the findings (of PcFinding) as the summary line states them. */
PcReportCounts pc_report_count(const PcVec *findings, PcArena *a);

/* Prints the findings in the chosen format. Text ends with the summary line when there
 * is at least one finding; an empty report prints nothing in either format. */
void pc_report_print(FILE *out, const PcVec *findings, const PcReportOpts *opts, PcArena *a);

/* Writes s as a JSON string literal (quotes included). */
void pc_report_json_string(FILE *out, PcStr s);

#endif
