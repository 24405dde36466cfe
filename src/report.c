/* Printing findings. Both formats walk the findings once, in the order the rule engine
 * gives them (NEW path, line, column, rule). Positions are buf's: 1-based lines and
 * columns from the span (columns as protoc counts them), a whole-file finding at 1:1,
 * and a finding with no place in NEW (a deleted file or package) without a path but,
 * in JSON, at 1:1 as buf prints it. JSON strings are escaped as Go's encoding/json
 * does (buf's encoder), so our lines compare byte for byte with buf's for its keys.
 * The file count of the summary uses a small open-addressing set in the arena. */
#include "report.h"

#include <string.h>

static const char *const colour_bold = "\033[1m", *const colour_red = "\033[1;31m",
		  *const colour_yellow = "\033[1;33m", *const colour_cyan = "\033[1;36m",
		  *const colour_dim = "\033[2m", *const colour_reset = "\033[0m";

void pc_report_json_string(FILE *out, PcStr s)
{
	static const char hex[] = "0123456789abcdef";
	putc('"', out);
	for (size_t i = 0; i < s.len; i++) {
		unsigned char ch = (unsigned char)s.ptr[i];
		if (ch == '"' || ch == '\\') {
			putc('\\', out);
			putc(ch, out);
		} else if (ch == '\n') {
			fputs("\\n", out);
		} else if (ch == '\r') {
			fputs("\\r", out);
		} else if (ch == '\t') {
			fputs("\\t", out);
		} else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&') {
			fprintf(out, "\\u00%c%c", hex[ch >> 4], hex[ch & 15]);
		} else if (ch == 0xe2 && i + 2 < s.len && (unsigned char)s.ptr[i + 1] == 0x80 &&
			   ((unsigned char)s.ptr[i + 2] == 0xa8 || (unsigned char)s.ptr[i + 2] == 0xa9)) {
			fprintf(out, "\\u202%c", (unsigned char)s.ptr[i + 2] == 0xa8 ? '8' : '9');
			i += 2;
		} else {
			putc(ch, out);
		}
	}
	putc('"', out);
}

static void json_key_string(FILE *out, const char *key, PcStr value, bool *first)
{
	fprintf(out, "%s\"%s\":", *first ? "" : ",", key);
	pc_report_json_string(out, value);
	*first = false;
}

static void json_key_int(FILE *out, const char *key, long value, bool *first)
{
	fprintf(out, "%s\"%s\":%ld", *first ? "" : ",", key, value);
	*first = false;
}

static const char *file_path(const PcFile *f)
{
	if (!f)
		return NULL;
	if (f->path)
		return f->path;
	return f->src && f->src->path ? f->src->path : "";
}

static void print_json(FILE *out, const PcFinding *f)
{
	bool first = true;
	putc('{', out);
	const PcSpan *sp = &f->pos.span;
	bool placed = f->pos.file && sp->line >= 0;
	if (f->pos.file)
		json_key_string(out, "path", pc_str(file_path(f->pos.file)), &first);
	json_key_int(out, "start_line", placed ? sp->line + 1 : 1, &first);
	json_key_int(out, "start_column", placed ? sp->col + 1 : 1, &first);
	json_key_int(out, "end_line", placed ? sp->end_line + 1 : 1, &first);
	json_key_int(out, "end_column", placed ? sp->end_col + 1 : 1, &first);
	json_key_string(out, "type", f->rule->id, &first);
	json_key_string(out, "message", f->message, &first);
	json_key_string(out, "severity", pc_str(pc_severity_name(f->rule->severity)), &first);
	fputs(",\"categories\":[", out);
	bool first_cat = true;
	for (uint32_t bit = 1; bit <= PC_CAT_CSR; bit <<= 1) {
		if (!(f->rule->categories & bit))
			continue;
		fprintf(out, "%s\"%s\"", first_cat ? "" : ",", pc_category_name(bit));
		first_cat = false;
	}
	putc(']', out);
	json_key_string(out, "direction", pc_str(pc_direction_name(f->direction)), &first);
	if (f->old_pos.file) {
		json_key_string(out, "old_path", pc_str(file_path(f->old_pos.file)), &first);
		if (f->old_pos.span.line >= 0) {
			json_key_int(out, "old_line", f->old_pos.span.line + 1, &first);
			json_key_int(out, "old_column", f->old_pos.span.col + 1, &first);
		}
	}
	fputs("}\n", out);
}

static void print_text(FILE *out, const PcFinding *f, const PcReportOpts *o)
{
	bool c = o->colour;
	const PcSpan *sp = &f->pos.span;
	if (c)
		fputs(colour_bold, out);
	if (f->pos.file && sp->line >= 0)
		fprintf(out, "%s:%d:%d: ", file_path(f->pos.file), sp->line + 1, sp->col + 1);
	else if (f->pos.file)
		fprintf(out, "%s:1:1: ", file_path(f->pos.file));
	else
		fprintf(out, "%s: ", o->new_label ? o->new_label : "NEW");
	bool warn = f->rule->severity != PC_SEV_ERROR;
	if (c)
		fputs(warn ? colour_yellow : colour_red, out);
	fprintf(out, "%s: ", pc_severity_name(f->rule->severity));
	if (c)
		fputs(colour_reset, out);
	fprintf(out, "%.*s ", (int)f->message.len, f->message.ptr);
	if (c)
		fputs(colour_dim, out);
	fprintf(out, "[%.*s]", (int)f->rule->id.len, f->rule->id.ptr);
	if (c)
		fputs(colour_reset, out);
	putc('\n', out);
	if (!f->old_pos.file)
		return;
	if (c)
		fputs(colour_bold, out);
	if (f->old_pos.span.line >= 0)
		fprintf(out, "%s:%d:%d: ", file_path(f->old_pos.file), f->old_pos.span.line + 1,
			f->old_pos.span.col + 1);
	else
		fprintf(out, "%s: ", file_path(f->old_pos.file));
	if (c)
		fputs(colour_cyan, out);
	fputs("note: ", out);
	if (c)
		fputs(colour_reset, out);
	fprintf(out, "previously here (breaks %s)\n",
		(f->direction & PC_DIR_BOTH) == PC_DIR_BOTH ? "backward and forward"
							   : pc_direction_name(f->direction));
}

/* The file a finding counts for in the summary. */
static const char *finding_file(const PcFinding *f)
{
	if (f->pos.file)
		return file_path(f->pos.file);
	return f->old_pos.file ? file_path(f->old_pos.file) : "";
}

PcReportCounts pc_report_count(const PcVec *findings, PcArena *a)
{
	PcReportCounts n = {0};
	uint32_t cap = 16;
	while (cap < findings->len * 2)
		cap <<= 1;
	const char **set = PC_NEW_ARRAY(a, const char *, cap);
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		n.findings++;
		if (f->rule->severity == PC_SEV_ERROR)
			n.errors++;
		else
			n.warnings++;
		if (f->direction & PC_DIR_BACKWARD)
			n.backward++;
		if (f->direction & PC_DIR_FORWARD)
			n.forward++;
		const char *file = finding_file(f);
		uint32_t h = pc_str_hash(pc_str(file)) & (cap - 1);
		while (set[h] && strcmp(set[h], file) != 0)
			h = (h + 1) & (cap - 1);
		if (!set[h]) {
			set[h] = file;
			n.files++;
		}
	}
	return n;
}

void pc_report_print(FILE *out, const PcVec *findings, const PcReportOpts *opts, PcArena *a)
{
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		switch (opts->format) {
		case PC_FORMAT_TEXT:
			print_text(out, f, opts);
			break;
		case PC_FORMAT_JSON:
			print_json(out, f);
			break;
		}
	}
	if (opts->format != PC_FORMAT_TEXT || findings->len == 0)
		return;
	PcReportCounts n = pc_report_count(findings, a);
	fprintf(out, "%u breaking change%s (%u backward, %u forward) in %u file%s", n.findings,
		n.findings == 1 ? "" : "s", n.backward, n.forward, n.files, n.files == 1 ? "" : "s");
	if (n.warnings)
		fprintf(out, "; %u of them warning%s", n.warnings, n.warnings == 1 ? "" : "s");
	putc('\n', out);
}
