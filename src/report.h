/* Reports: the findings of a comparison printed as text (gcc-style lines, a note with
 * the old location, one summary line), as JSON lines with buf's keys plus ours, or in
 * the formats CI systems read: SARIF 2.1.0, JUnit XML, GitHub workflow commands,
 * GitLab Code Quality JSON and Visual Studio (msvs) lines. docs/formats.md describes
 * each. The caller (main.c) chooses the stream; nothing here exits or decides the status. */
#ifndef PC_REPORT_H
#define PC_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "rules.h"
#include "suppress.h"

typedef enum PcFormat {
	PC_FORMAT_TEXT,
	PC_FORMAT_JSON,
	PC_FORMAT_SARIF,
	PC_FORMAT_JUNIT,
	PC_FORMAT_GITHUB,
	PC_FORMAT_GITLAB,
	PC_FORMAT_MSVS,
	PC_FORMAT_MARKDOWN,
} PcFormat;

/* "text", "json", "sarif", "junit", "github", "gitlab", "msvs", "markdown". */
const char *pc_format_name(PcFormat f);
/* Parses such a name; false when unknown. */
bool pc_format_parse(const char *name, PcFormat *out);

typedef struct PcReportOpts {
	PcFormat format;
	bool colour;             /* ANSI colours in text (main.c: a terminal and no NO_COLOR) */
	const char *new_label;   /* shown for findings with no place in NEW: the NEW argument */
	const char *version;     /* the tool's version for SARIF's tool.driver; NULL: left out */
	const PcVec *suppressed; /* of PcSuppressed: counted in the text summary; NULL: none */
	bool show_suppressed;    /* text and json also list them (--show-suppressed) */
	const char *against;     /* --against-each: the OLD this run compares with; text adds a
				  * `note: breaks against OLD`, json an "against" key. NULL: none */
	const char *link_base;   /* markdown: links to lines are link_base + path + "#L" + line
				  * (pc_report_link_base); NULL: no links */
	bool buf_layout;         /* `protocompat breaking`: text, msvs, github and junit exactly
				  * as buf breaking prints them (no notes, no summary, `<input>` for
				  * findings with no place); json, sarif and gitlab as usual */
} PcReportOpts;

typedef struct PcReportCounts {
	uint32_t findings, errors, warnings;
	uint32_t backward, forward; /* a finding breaking both directions counts in each */
	uint32_t files;          /* distinct files: NEW's path, else OLD's for place-less ones */
} PcReportCounts;

/* Counts the findings (of PcFinding) as the summary line states them. */
PcReportCounts pc_report_count(const PcVec *findings, PcArena *a);

/* Prints the findings in the chosen format. Text ends with the summary line when there
 * is at least one finding (or, with show_suppressed, a suppressed one); the summary
 * counts suppressed findings (", N suppressed"). With show_suppressed, text lists each
 * suppressed finding as `suppressed:` with a note at its suppression, and json prints it
 * with "suppressed":true and the suppression's place and reason. An empty report prints nothing in text, json, github and
 * msvs, and an empty but valid document in sarif, junit and gitlab (CI systems expect
 * the file). */
void pc_report_print(FILE *out, const PcVec *findings, const PcReportOpts *opts, PcArena *a);

/* Where markdown links point: flag (--link-base) when given, else the environment's
 * PROTOCOMPAT_LINK_BASE, else a GitHub Actions run's blob URL of the commit
 * ($GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/); NULL when none. A base
 * without a trailing '/' gets one. Arena-owned. */
const char *pc_report_link_base(const char *flag, PcArena *a);

/* Markdown: s as text, the punctuation Markdown could read backslash-escaped (< > &
 * ~ as entities), line breaks as spaces (so it stays inside a table cell). */
void pc_report_md_text(FILE *out, PcStr s);

/* Markdown: "[path:line:col](link)" for a position, plain "path:line:col" without a
 * link base, nothing for no place. */
void pc_report_md_place(FILE *out, const PcPos *pos, const char *link_base);

/* Writes s as a JSON string literal (quotes included). */
void pc_report_json_string(FILE *out, PcStr s);

#endif
