/* Printing findings. Every format walks the findings once, in the order the rule engine
 * gives them (NEW path, line, column, rule). Positions are buf's: 1-based lines and
 * columns from the span (columns as protoc counts them), a whole-file finding at 1:1,
 * and a finding with no place in NEW (a deleted file or package) without a path but,
 * in JSON, at 1:1 as buf prints it. JSON strings are escaped as Go's encoding/json
 * does (buf's encoder), so our lines compare byte for byte with buf's for its keys.
 * The file count of the summary uses a small open-addressing set in the arena.
 *
 * The CI formats follow buf's own output where buf has the format (msvs, junit, github,
 * gitlab) and add what buf leaves out: rule IDs as titles, the old location, severities,
 * directions. SARIF and GitLab are printed through a small pretty-printing JSON writer
 * (indentation depth is fixed by the document shape, so a tiny stack suffices). JUnit
 * groups findings by NEW file in one linear pass: a hash set gives each file a suite
 * index in order of first appearance, then a counting sort lays the findings out by
 * suite. A place-less finding (deleted file) is placed where a format needs a path at
 * the OLD file (SARIF, GitLab) and elsewhere under the NEW argument's name. The GitLab
 * and SARIF fingerprint hashes the rule, the file's name inside its module, the changed
 * element and the message, never a line number, so it survives edits above a finding. */
#include "report.h"

#include <inttypes.h>
#include <nettle/sha3.h>
#include <stdlib.h>
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

/* What a finding breaks, in words, for the audiences chosen, grouped by direction:
 * "backward and forward for wire and JSON; backward for source". */
static const char *breaks_phrase(const PcFinding *f, char *buf, size_t cap)
{
	static const char *const aud_words[PC_AUD_COUNT] = {"wire", "JSON", "source"};
	static const uint32_t order[] = {PC_DIR_BOTH, PC_DIR_BACKWARD, PC_DIR_FORWARD};
	size_t n = 0;
	buf[0] = '\0';
	if (!f->audiences) {
		/* Made without per-audience directions: the union is all there is. */
		snprintf(buf, cap, "%s", (f->direction & PC_DIR_BOTH) == PC_DIR_BOTH ? "backward and forward"
										   : pc_direction_name(f->direction));
		return buf;
	}
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		const char *names[PC_AUD_COUNT];
		uint32_t m = 0;
		for (int a = 0; a < PC_AUD_COUNT; a++)
			if ((f->audiences & PC_AUD_BIT(a)) && f->breaks[a] == order[k])
				names[m++] = aud_words[a];
		if (!m)
			continue;
		n += (size_t)snprintf(buf + n, cap - n, "%s%s for ", n ? "; " : "",
				      order[k] == PC_DIR_BOTH ? "backward and forward" : pc_direction_name(order[k]));
		for (uint32_t i = 0; i < m && n < cap; i++)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s", i == 0 ? "" : i + 1 == m ? " and " : ", ", names[i]);
		if (n >= cap)
			break;
	}
	return buf;
}

static void json_key_breaks(FILE *out, const PcFinding *f, bool *first)
{
	for (int a = 0; a < PC_AUD_COUNT; a++)
		json_key_string(out, pc_audience_name((PcAudience)a), pc_str(pc_direction_name(f->breaks[a])), first);
}

static void print_json(FILE *out, const PcFinding *f, const PcSuppressed *sup, const char *against)
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
	for (uint32_t bit = 1; bit <= PC_CAT_LAST; bit <<= 1) {
		if (!(f->rule->categories & bit))
			continue;
		fprintf(out, "%s\"%s\"", first_cat ? "" : ",", pc_category_name(bit));
		first_cat = false;
	}
	putc(']', out);
	json_key_string(out, "direction", pc_str(pc_direction_name(f->direction)), &first);
	json_key_breaks(out, f, &first);
	if (f->loss.len)
		json_key_string(out, "loss", f->loss, &first);
	if (f->old_pos.file) {
		json_key_string(out, "old_path", pc_str(file_path(f->old_pos.file)), &first);
		if (f->old_pos.span.line >= 0) {
			json_key_int(out, "old_line", f->old_pos.span.line + 1, &first);
			json_key_int(out, "old_column", f->old_pos.span.col + 1, &first);
		}
	}
	if (sup) {
		fputs(",\"suppressed\":true", out);
		json_key_string(out, "suppression_path", pc_str(sup->by->path), &first);
		json_key_int(out, "suppression_line", sup->by->line, &first);
		json_key_int(out, "suppression_column", sup->by->col, &first);
		json_key_string(out, "suppression_reason", sup->by->reason, &first);
	}
	if (against)
		json_key_string(out, "against", pc_str(against), &first);
	fputs("}\n", out);
}

/* "note: " in cyan on a terminal. */
static void put_note(FILE *out, bool c)
{
	if (c)
		fputs(colour_cyan, out);
	fputs("note: ", out);
	if (c)
		fputs(colour_reset, out);
}

/* `OLD:line:col: note: previously here (breaks ...)` after a finding. */
static void print_old_note(FILE *out, const PcFinding *f, bool c)
{
	if (c)
		fputs(colour_bold, out);
	if (f->old_pos.span.line >= 0)
		fprintf(out, "%s:%d:%d: ", file_path(f->old_pos.file), f->old_pos.span.line + 1,
			f->old_pos.span.col + 1);
	else
		fprintf(out, "%s: ", file_path(f->old_pos.file));
	put_note(out, c);
	char words[256];
	fprintf(out, "previously here (breaks %s)\n", breaks_phrase(f, words, sizeof words));
}

/* "path:line:col: note: " at the finding's own place (NEW's label when it has none). */
static void put_own_note(FILE *out, const PcFinding *f, const PcReportOpts *o)
{
	const PcSpan *sp = &f->pos.span;
	if (o->colour)
		fputs(colour_bold, out);
	if (f->pos.file)
		fprintf(out, "%s:%d:%d: ", file_path(f->pos.file), sp->line >= 0 ? sp->line + 1 : 1,
			sp->line >= 0 ? sp->col + 1 : 1);
	else
		fprintf(out, "%s: ", o->new_label ? o->new_label : "NEW");
	put_note(out, o->colour);
}

/* A finding with no place in OLD: what it breaks, at its own place. */
static void print_breaks_note(FILE *out, const PcFinding *f, const PcReportOpts *o)
{
	put_own_note(out, f, o);
	char words[256];
	fprintf(out, "breaks %s\n", breaks_phrase(f, words, sizeof words));
}

/* --against-each: which OLD the finding breaks, at the finding's own place. */
static void print_against_note(FILE *out, const PcFinding *f, const PcReportOpts *o)
{
	const PcSpan *sp = &f->pos.span;
	if (f->pos.file)
		fprintf(out, "%s:%d:%d: ", file_path(f->pos.file), sp->line >= 0 ? sp->line + 1 : 1,
			sp->line >= 0 ? sp->col + 1 : 1);
	else
		fprintf(out, "%s: ", o->new_label ? o->new_label : "NEW");
	fprintf(out, "note: breaks against %s\n", o->against);
}

/* --wire exact: what the breaking wire directions lose, at the finding's own place. */
static void print_loss_note(FILE *out, const PcFinding *f, const PcReportOpts *o)
{
	put_own_note(out, f, o);
	fprintf(out, "on the wire, %.*s\n", (int)f->loss.len, f->loss.ptr);
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
	if (f->old_pos.file)
		print_old_note(out, f, c);
	else
		print_breaks_note(out, f, o);
	if (o->against)
		print_against_note(out, f, o);
	if (f->loss.len)
		print_loss_note(out, f, o);
}

/* A silenced finding (--show-suppressed): its place, then a note at the suppression. */
static void print_suppressed_text(FILE *out, const PcSuppressed *sup, const PcReportOpts *o)
{
	const PcFinding *f = &sup->finding;
	const PcSuppression *by = sup->by;
	bool c = o->colour;
	if (c)
		fputs(colour_bold, out);
	if (f->pos.file && f->pos.span.line >= 0)
		fprintf(out, "%s:%d:%d: ", file_path(f->pos.file), f->pos.span.line + 1, f->pos.span.col + 1);
	else if (f->pos.file)
		fprintf(out, "%s:1:1: ", file_path(f->pos.file));
	else
		fprintf(out, "%s: ", o->new_label ? o->new_label : "NEW");
	if (c)
		fputs(colour_reset, out);
	fprintf(out, "suppressed: %.*s ", (int)f->message.len, f->message.ptr);
	if (c)
		fputs(colour_dim, out);
	fprintf(out, "[%.*s]", (int)f->rule->id.len, f->rule->id.ptr);
	if (c)
		fputs(colour_reset, out);
	putc('\n', out);
	if (c)
		fputs(colour_bold, out);
	if (by->line > 0)
		fprintf(out, "%s:%d:%d: ", by->path, by->line, by->col);
	else
		fprintf(out, "%s: ", by->path);
	if (c)
		fputs(colour_cyan, out);
	fputs("note: ", out);
	if (c)
		fputs(colour_reset, out);
	if (by->reason.len)
		fprintf(out, "suppressed here: %.*s\n", (int)by->reason.len, by->reason.ptr);
	else
		fputs("suppressed here (no reason given)\n", out);
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

const char *pc_format_name(PcFormat f)
{
	switch (f) {
	case PC_FORMAT_TEXT:
		return "text";
	case PC_FORMAT_JSON:
		return "json";
	case PC_FORMAT_SARIF:
		return "sarif";
	case PC_FORMAT_JUNIT:
		return "junit";
	case PC_FORMAT_GITHUB:
		return "github";
	case PC_FORMAT_GITLAB:
		return "gitlab";
	case PC_FORMAT_MSVS:
		return "msvs";
	case PC_FORMAT_MARKDOWN:
		return "markdown";
	}
	return "text";
}

bool pc_format_parse(const char *name, PcFormat *out)
{
	for (int k = PC_FORMAT_TEXT; k <= PC_FORMAT_MARKDOWN; k++)
		if (strcmp(name, pc_format_name((PcFormat)k)) == 0) {
			*out = (PcFormat)k;
			return true;
		}
	return false;
}

/* Where a finding sits on one side, 1-based. A file without a span (a whole-file
 * finding) sits at 1:1 as buf reports it. */
typedef struct Place {
	const char *path;        /* NULL: no place on that side */
	bool whole_file, has_end;
	int line, col, end_line, end_col;
} Place;

static Place place_of(const PcPos *pos)
{
	Place p = {0};
	if (!pos->file)
		return p;
	p.path = file_path(pos->file);
	const PcSpan *sp = &pos->span;
	if (sp->line < 0) {
		p.whole_file = true;
		p.line = p.col = p.end_line = p.end_col = 1;
		return p;
	}
	p.line = sp->line + 1;
	p.col = sp->col + 1;
	p.has_end = sp->end_line >= 0;
	p.end_line = p.has_end ? sp->end_line + 1 : p.line;
	p.end_col = p.has_end ? sp->end_col + 1 : p.col;
	return p;
}

static const char *new_label(const PcReportOpts *o)
{
	return o->new_label ? o->new_label : "NEW";
}


/* msvs: `path(line,col) : error RULE_ID : message`, buf's layout; a finding with no place
 * in NEW takes the NEW argument as its origin, without a position. */
static void print_msvs(FILE *out, const PcFinding *f, const PcReportOpts *o)
{
	Place p = place_of(&f->pos);
	if (p.path)
		fprintf(out, "%s(%d,%d) : ", p.path, p.line, p.col);
	else
		fprintf(out, "%s : ", new_label(o));
	fprintf(out, "%s %.*s : %.*s\n", pc_severity_name(f->rule->severity), (int)f->rule->id.len,
		f->rule->id.ptr, (int)f->message.len, f->message.ptr);
}

static const char *github_command(PcSeverity s)
{
	switch (s) {
	case PC_SEV_ERROR:
		return "error";
	case PC_SEV_WARNING:
		return "warning";
	case PC_SEV_NOTE:
		return "notice";
	}
	return "error";
}

/* GitHub's workflow-command escaping: the message escapes '%', CR and LF; property
 * values also ':' and ','. */
static void github_escape(FILE *out, PcStr s, bool property)
{
	for (size_t i = 0; i < s.len; i++) {
		char ch = s.ptr[i];
		if (ch == '%')
			fputs("%25", out);
		else if (ch == '\r')
			fputs("%0D", out);
		else if (ch == '\n')
			fputs("%0A", out);
		else if (property && ch == ':')
			fputs("%3A", out);
		else if (property && ch == ',')
			fputs("%2C", out);
		else
			putc(ch, out);
	}
}

/* github: one workflow command per finding. A finding with no place in NEW has no file
 * and becomes an annotation of the run. */
static void print_github(FILE *out, const PcFinding *f)
{
	Place p = place_of(&f->pos);
	fprintf(out, "::%s ", github_command(f->rule->severity));
	if (p.path) {
		fputs("file=", out);
		github_escape(out, pc_str(p.path), true);
		fprintf(out, ",line=%d,col=%d,endLine=%d,endColumn=%d,", p.line, p.col, p.end_line, p.end_col);
	}
	fputs("title=", out);
	github_escape(out, f->rule->id, true);
	fputs("::", out);
	github_escape(out, f->message, false);
	putc('\n', out);
}

/* A pretty-printing JSON writer: two spaces per level, one member per line. */
enum { JSON_MAX_DEPTH = 16 };

typedef struct Json {
	FILE *out;
	int depth;
	bool empty[JSON_MAX_DEPTH]; /* nothing written yet in the open container */
} Json;

static void json_indent(const Json *j)
{
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

static void json_item(Json *j, const char *key)
{
	if (j->depth > 0) {
		fputs(j->empty[j->depth - 1] ? "\n" : ",\n", j->out);
		j->empty[j->depth - 1] = false;
		json_indent(j);
	}
	if (key) {
		pc_report_json_string(j->out, pc_str(key));
		fputs(": ", j->out);
	}
}

static void json_open(Json *j, const char *key, char bracket)
{
	json_item(j, key);
	putc(bracket, j->out);
	j->empty[j->depth++] = true;
}

static void json_close(Json *j, char bracket)
{
	bool empty = j->empty[--j->depth];
	if (!empty) {
		putc('\n', j->out);
		json_indent(j);
	}
	putc(bracket, j->out);
	if (j->depth == 0)
		putc('\n', j->out);
}

static void json_str(Json *j, const char *key, PcStr value)
{
	json_item(j, key);
	pc_report_json_string(j->out, value);
}

static void json_int(Json *j, const char *key, long value)
{
	json_item(j, key);
	fprintf(j->out, "%ld", value);
}

/* {"text": value} */
static void json_message(Json *j, const char *key, PcStr text)
{
	json_open(j, key, '{');
	json_str(j, "text", text);
	json_close(j, '}');
}

static void json_categories(Json *j, const char *key, uint32_t categories)
{
	json_open(j, key, '[');
	for (uint32_t bit = 1; bit <= PC_CAT_LAST; bit <<= 1)
		if (categories & bit)
			json_str(j, NULL, pc_str(pc_category_name(bit)));
	json_close(j, ']');
}

/* Two 64-bit FNV-1a style streams with different multipliers; fields are separated by a
 * zero byte so that ("ab", "c") and ("a", "bc") differ. */
typedef struct Hash128 {
	uint64_t a, b;
} Hash128;

static void hash_add(Hash128 *h, PcStr s)
{
	for (size_t i = 0; i <= s.len; i++) {
		unsigned char ch = i < s.len ? (unsigned char)s.ptr[i] : 0;
		h->a = (h->a ^ ch) * UINT64_C(0x100000001b3);
		h->b = (h->b ^ ch) * UINT64_C(0x9e3779b97f4a7c15);
	}
}

/* The fingerprint of each finding: rule, file name inside its module, element, message
 * (no line numbers). A repeat within the report gets its occurrence number mixed in so
 * the fingerprints of one report are unique, as GitLab needs. */
typedef struct Fingerprint {
	char hex[33];
} Fingerprint;

static Fingerprint *fingerprints(const PcVec *findings, PcArena *a)
{
	uint32_t n = findings->len, cap = 16;
	while (cap < n * 2)
		cap <<= 1;
	Fingerprint *fp = PC_NEW_ARRAY(a, Fingerprint, n + 1);
	const char **set = PC_NEW_ARRAY(a, const char *, cap);
	for (uint32_t i = 0; i < n; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		Hash128 h = {UINT64_C(0xcbf29ce484222325), UINT64_C(0x6c62272e07bb0142)};
		hash_add(&h, f->rule->id);
		const PcFile *file = f->pos.file ? f->pos.file : f->old_pos.file;
		hash_add(&h, file ? file->name : (PcStr){0});
		if (f->change) {
			char num[48];
			snprintf(num, sizeof num, "%" PRId32 "-%" PRId32, f->change->number, f->change->end);
			hash_add(&h, f->change->package);
			hash_add(&h, f->change->name);
			hash_add(&h, pc_str(num));
		}
		hash_add(&h, f->message);
		for (uint32_t repeat = 1;; repeat++) {
			snprintf(fp[i].hex, sizeof fp[i].hex, "%016" PRIx64 "%016" PRIx64, h.a, h.b);
			uint32_t slot = pc_str_hash(pc_str(fp[i].hex)) & (cap - 1);
			while (set[slot] && strcmp(set[slot], fp[i].hex) != 0)
				slot = (slot + 1) & (cap - 1);
			if (!set[slot]) {
				set[slot] = fp[i].hex;
				break;
			}
			char num[16];
			snprintf(num, sizeof num, "#%" PRIu32, repeat);
			hash_add(&h, pc_str(num));
		}
	}
	return fp;
}

static const char *gitlab_severity(PcSeverity s)
{
	switch (s) {
	case PC_SEV_ERROR:
		return "major";
	case PC_SEV_WARNING:
		return "minor";
	case PC_SEV_NOTE:
		return "info";
	}
	return "major";
}

/* gitlab: a Code Quality (Code Climate subset) JSON array. A finding with no place in
 * NEW is reported on line 1 of the OLD file. */
static void print_gitlab(FILE *out, const PcVec *findings, const PcReportOpts *o, PcArena *a)
{
	Fingerprint *fp = fingerprints(findings, a);
	Json j = {.out = out};
	json_open(&j, NULL, '[');
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		Place p = place_of(&f->pos);
		if (!p.path) {
			p = place_of(&f->old_pos);
			p.line = p.end_line = 1;
		}
		json_open(&j, NULL, '{');
		json_str(&j, "description", f->message);
		json_str(&j, "check_name", f->rule->id);
		json_str(&j, "fingerprint", pc_str(fp[i].hex));
		json_str(&j, "severity", pc_str(gitlab_severity(f->rule->severity)));
		json_open(&j, "location", '{');
		json_str(&j, "path", pc_str(p.path ? p.path : new_label(o)));
		json_open(&j, "lines", '{');
		json_int(&j, "begin", p.path ? p.line : 1);
		json_int(&j, "end", p.path ? p.end_line : 1);
		json_close(&j, '}');
		json_close(&j, '}');
		json_close(&j, '}');
	}
	json_close(&j, ']');
}

/* SARIF's levels are spelled as our severities: error, warning, note. */

/* A relative reference for a path: bytes outside RFC 3986's unreserved set and '/' are
 * percent-encoded (a ':' in the first segment would read as a scheme); an absolute
 * path becomes a file: URI. */
static PcStr path_uri(const char *path, PcArena *a)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *buf = pc_arena_alloc(a, n * 3 + 8), *w = buf;
	if (path[0] == '/') {
		memcpy(w, "file://", 7);
		w += 7;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)path[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		    ch == '.' || ch == '_' || ch == '~' || ch == '/') {
			*w++ = (char)ch;
		} else {
			*w++ = '%';
			*w++ = hex[ch >> 4];
			*w++ = hex[ch & 15];
		}
	}
	return (PcStr){buf, (size_t)(w - buf)};
}

/* "explanation\n\nFix: fix", either part may be missing. */
static PcStr help_text(const PcRule *r, PcArena *a)
{
	static const char fix_label[] = "Fix: ";
	if (!r->fix.len)
		return r->explanation;
	size_t n = r->explanation.len + 2 + sizeof fix_label + r->fix.len;
	char *buf = pc_arena_alloc(a, n), *w = buf;
	if (r->explanation.len) {
		memcpy(w, r->explanation.ptr, r->explanation.len);
		w += r->explanation.len;
		*w++ = '\n';
		*w++ = '\n';
	}
	memcpy(w, fix_label, sizeof fix_label - 1);
	w += sizeof fix_label - 1;
	memcpy(w, r->fix.ptr, r->fix.len);
	w += r->fix.len;
	return (PcStr){buf, (size_t)(w - buf)};
}

static void sarif_rule(Json *j, const PcRule *r, PcArena *a)
{
	json_open(j, NULL, '{');
	json_str(j, "id", r->id);
	if (r->purpose.len)
		json_message(j, "shortDescription", r->purpose);
	if (r->explanation.len)
		json_message(j, "fullDescription", r->explanation);
	PcStr help = help_text(r, a);
	if (help.len)
		json_message(j, "help", help);
	json_open(j, "defaultConfiguration", '{');
	json_str(j, "level", pc_str(pc_severity_name(r->severity)));
	json_close(j, '}');
	json_open(j, "properties", '{');
	json_categories(j, "categories", r->categories);
	json_open(j, "directions", '[');
	if (r->directions & PC_DIR_BACKWARD)
		json_str(j, NULL, PC_STR_LIT("backward"));
	if (r->directions & PC_DIR_FORWARD)
		json_str(j, NULL, PC_STR_LIT("forward"));
	json_close(j, ']');
	json_open(j, "tags", '[');
	json_str(j, NULL, PC_STR_LIT("breaking-change"));
	for (uint32_t bit = 1; bit <= PC_CAT_LAST; bit <<= 1)
		if (r->categories & bit)
			json_str(j, NULL, pc_str(pc_category_name(bit)));
	json_close(j, ']');
	json_close(j, '}');
	json_close(j, '}');
}

/* A physicalLocation; the region only when asked and the place has a span (a whole
 * file in NEW still gets 1:1, since code-scanning services want a start line). */
static void sarif_physical(Json *j, const PcPos *pos, bool region, PcArena *a)
{
	Place p = place_of(pos);
	json_open(j, "physicalLocation", '{');
	json_open(j, "artifactLocation", '{');
	json_str(j, "uri", path_uri(p.path, a));
	json_close(j, '}');
	if (region) {
		json_open(j, "region", '{');
		json_int(j, "startLine", p.line);
		json_int(j, "startColumn", p.col);
		if (p.has_end) {
			json_int(j, "endLine", p.end_line);
			json_int(j, "endColumn", p.end_col);
		}
		json_close(j, '}');
	}
	json_close(j, '}');
}

static void sarif_result(Json *j, const PcFinding *f, uint32_t rule_index, const char *fingerprint,
			 PcArena *a)
{
	json_open(j, NULL, '{');
	json_str(j, "ruleId", f->rule->id);
	json_int(j, "ruleIndex", (long)rule_index);
	json_str(j, "level", pc_str(pc_severity_name(f->rule->severity)));
	json_message(j, "message", f->message);
	json_open(j, "locations", '[');
	json_open(j, NULL, '{');
	if (f->pos.file)
		sarif_physical(j, &f->pos, true, a);
	else if (f->old_pos.file)
		sarif_physical(j, &f->old_pos, false, a); /* deleted in NEW: the OLD file, no region */
	json_close(j, '}');
	json_close(j, ']');
	if (f->pos.file && f->old_pos.file) {
		json_open(j, "relatedLocations", '[');
		json_open(j, NULL, '{');
		json_int(j, "id", 1);
		json_message(j, "message", PC_STR_LIT("previously here"));
		sarif_physical(j, &f->old_pos, f->old_pos.span.line >= 0, a);
		json_close(j, '}');
		json_close(j, ']');
	}
	json_open(j, "partialFingerprints", '{');
	json_str(j, "protocompatElement/v1", pc_str(fingerprint));
	json_close(j, '}');
	json_open(j, "properties", '{');
	json_str(j, "direction", pc_str(pc_direction_name(f->direction)));
	for (int k = 0; k < PC_AUD_COUNT; k++)
		json_str(j, pc_audience_name((PcAudience)k), pc_str(pc_direction_name(f->breaks[k])));
	if (f->loss.len)
		json_str(j, "loss", f->loss);
	json_close(j, '}');
	json_close(j, '}');
}

/* sarif: one run; the driver lists the rules the findings cite, in order of first
 * citation (a catalog has some dozens of rules, so a linear look-up is enough). */
static void print_sarif(FILE *out, const PcVec *findings, const PcReportOpts *o, PcArena *a)
{
	uint32_t n = findings->len, nrules = 0;
	const PcRule **rules = PC_NEW_ARRAY(a, const PcRule *, n + 1);
	uint32_t *rule_index = PC_NEW_ARRAY(a, uint32_t, n + 1);
	for (uint32_t i = 0; i < n; i++) {
		const PcRule *r = PC_VEC_AT(*findings, PcFinding, i).rule;
		uint32_t k = 0;
		while (k < nrules && rules[k] != r)
			k++;
		if (k == nrules)
			rules[nrules++] = r;
		rule_index[i] = k;
	}
	Fingerprint *fp = fingerprints(findings, a);

	Json j = {.out = out};
	json_open(&j, NULL, '{');
	json_str(&j, "$schema", PC_STR_LIT("https://json.schemastore.org/sarif-2.1.0.json"));
	json_str(&j, "version", PC_STR_LIT("2.1.0"));
	json_open(&j, "runs", '[');
	json_open(&j, NULL, '{');
	json_open(&j, "tool", '{');
	json_open(&j, "driver", '{');
	json_str(&j, "name", PC_STR_LIT("protocompat"));
	if (o->version)
		json_str(&j, "version", pc_str(o->version));
	json_open(&j, "rules", '[');
	for (uint32_t k = 0; k < nrules; k++)
		sarif_rule(&j, rules[k], a);
	json_close(&j, ']');
	json_close(&j, '}');
	json_close(&j, '}');
	json_str(&j, "columnKind", PC_STR_LIT("utf16CodeUnits"));
	json_open(&j, "results", '[');
	for (uint32_t i = 0; i < n; i++)
		sarif_result(&j, &PC_VEC_AT(*findings, PcFinding, i), rule_index[i], fp[i].hex, a);
	json_close(&j, ']');
	json_close(&j, '}');
	json_close(&j, ']');
	json_close(&j, '}');
}

/* XML character data and attribute values: the five markup characters as Go's encoder
 * writes them (buf's), line breaks and tabs as character references in attributes, and
 * control characters XML 1.0 cannot carry as U+FFFD. */
static void xml_escape(FILE *out, PcStr s, bool attribute)
{
	for (size_t i = 0; i < s.len; i++) {
		unsigned char ch = (unsigned char)s.ptr[i];
		switch (ch) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&#34;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '\n':
			fputs(attribute ? "&#xA;" : "\n", out);
			break;
		case '\r':
			fputs("&#xD;", out);
			break;
		case '\t':
			fputs(attribute ? "&#x9;" : "\t", out);
			break;
		default:
			if (ch < 0x20)
				fputs("\xef\xbf\xbd", out);
			else
				putc(ch, out);
		}
	}
}

/* The suite a finding belongs to: its NEW file, else the NEW argument. */
static const char *junit_suite(const PcFinding *f, const PcReportOpts *o)
{
	return f->pos.file ? file_path(f->pos.file) : new_label(o);
}

/* A suite is named after its file without ".proto", as buf names it. */
static PcStr junit_suite_name(const char *key)
{
	PcStr s = pc_str(key);
	if (s.len > 6 && memcmp(s.ptr + s.len - 6, ".proto", 6) == 0)
		s.len -= 6;
	return s;
}

static void junit_testcase(FILE *out, const PcFinding *f, const PcReportOpts *o)
{
	Place p = place_of(&f->pos);
	PcStr suite = junit_suite_name(junit_suite(f, o));
	fprintf(out, "    <testcase name=\"");
	xml_escape(out, f->rule->id, true);
	if (p.path)
		fprintf(out, "_%d_%d", p.line, p.col);
	fputs("\" classname=\"", out);
	xml_escape(out, suite, true);
	fputs("\">\n", out);
	bool failure = f->rule->severity == PC_SEV_ERROR;
	fputs(failure ? "      <failure message=\"" : "      <system-out>", out);
	if (!failure) {
		fputs(pc_severity_name(f->rule->severity), out);
		fputs(": ", out);
	}
	xml_escape(out, pc_str(p.path ? p.path : new_label(o)), failure);
	if (p.path)
		fprintf(out, ":%d:%d", p.line, p.col);
	putc(':', out);
	xml_escape(out, f->message, failure);
	if (failure) {
		fputs("\" type=\"", out);
		xml_escape(out, f->rule->id, true);
		fputs("\">", out);
	}
	char words[256];
	fprintf(out, "%sbreaks %s", failure ? "" : "\n", breaks_phrase(f, words, sizeof words));
	Place old = place_of(&f->old_pos);
	if (old.path) {
		fputs("\nprevious location: ", out);
		xml_escape(out, pc_str(old.path), false);
		if (!old.whole_file)
			fprintf(out, ":%d:%d", old.line, old.col);
	}
	fputs(failure ? "</failure>\n" : "</system-out>\n", out);
	fputs("    </testcase>\n", out);
}

/* junit: a testsuite per NEW file (in order of first finding), a testcase per finding.
 * Errors are failures; warnings are passing testcases with the finding as output. */
static void print_junit(FILE *out, const PcVec *findings, const PcReportOpts *o, PcArena *a)
{
	uint32_t n = findings->len, cap = 16, nsuites = 0, total_failures = 0;
	while (cap < n * 2)
		cap <<= 1;
	const char **set = PC_NEW_ARRAY(a, const char *, cap);
	uint32_t *set_suite = PC_NEW_ARRAY(a, uint32_t, cap);
	const char **suite_key = PC_NEW_ARRAY(a, const char *, n + 1);
	uint32_t *suite_of = PC_NEW_ARRAY(a, uint32_t, n + 1), *tests = PC_NEW_ARRAY(a, uint32_t, n + 1),
		 *failures = PC_NEW_ARRAY(a, uint32_t, n + 1);
	for (uint32_t i = 0; i < n; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		const char *key = junit_suite(f, o);
		uint32_t slot = pc_str_hash(pc_str(key)) & (cap - 1);
		while (set[slot] && strcmp(set[slot], key) != 0)
			slot = (slot + 1) & (cap - 1);
		if (!set[slot]) {
			set[slot] = key;
			set_suite[slot] = nsuites;
			suite_key[nsuites++] = key;
		}
		uint32_t s = set_suite[slot];
		suite_of[i] = s;
		tests[s]++;
		if (f->rule->severity == PC_SEV_ERROR) {
			failures[s]++;
			total_failures++;
		}
	}
	/* Counting sort by suite; within a suite the findings keep their order. */
	uint32_t *next = PC_NEW_ARRAY(a, uint32_t, nsuites + 1), *order = PC_NEW_ARRAY(a, uint32_t, n + 1);
	for (uint32_t s = 1; s <= nsuites; s++)
		next[s] = next[s - 1] + tests[s - 1];
	for (uint32_t i = 0; i < n; i++)
		order[next[suite_of[i]]++] = i;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"protocompat\" tests=\"%" PRIu32 "\" failures=\"%" PRIu32 "\" errors=\"0\">\n",
		n, total_failures);
	uint32_t k = 0;
	for (uint32_t s = 0; s < nsuites; s++) {
		fputs("  <testsuite name=\"", out);
		xml_escape(out, junit_suite_name(suite_key[s]), true);
		fprintf(out, "\" tests=\"%" PRIu32 "\" failures=\"%" PRIu32 "\" errors=\"0\">\n", tests[s], failures[s]);
		for (uint32_t end = k + tests[s]; k < end; k++)
			junit_testcase(out, &PC_VEC_AT(*findings, PcFinding, order[k]), o);
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
}

/* buf's own layouts, for `protocompat breaking`: a finding with no place is at
 * `<input>`, 1:1 where a position is printed. */
static void print_buf_line(FILE *out, const PcFinding *f, PcFormat format)
{
	Place p = place_of(&f->pos);
	const char *path = p.path ? p.path : "<input>";
	int line = p.path ? p.line : 1, col = p.path ? p.col : 1;
	switch (format) {
	case PC_FORMAT_MSVS:
		fprintf(out, "%s(%d,%d) : %s %.*s : %.*s\n", path, line, col, pc_severity_name(f->rule->severity),
			(int)f->rule->id.len, f->rule->id.ptr, (int)f->message.len, f->message.ptr);
		return;
	case PC_FORMAT_GITHUB:
		fprintf(out, "::%s file=", github_command(f->rule->severity));
		github_escape(out, pc_str(path), true);
		if (p.path)
			fprintf(out, ",line=%d,col=%d,endLine=%d,endColumn=%d", p.line, p.col, p.end_line, p.end_col);
		fputs("::", out);
		github_escape(out, f->message, false);
		putc('\n', out);
		return;
	case PC_FORMAT_TEXT:
	case PC_FORMAT_JSON:
	case PC_FORMAT_SARIF:
	case PC_FORMAT_JUNIT:
	case PC_FORMAT_GITLAB:
	case PC_FORMAT_MARKDOWN:
		break;
	}
	fprintf(out, "%s:%d:%d:%.*s\n", path, line, col, (int)f->message.len, f->message.ptr);
}

/* buf's JUnit: one suite per file (named without ".proto"), one case per finding named
 * RULE_line_col, in the findings' order. */
static void print_buf_junit(FILE *out, const PcVec *findings)
{
	fputs("<testsuites>\n", out);
	for (uint32_t i = 0; i < findings->len;) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		const char *path = f->pos.file ? file_path(f->pos.file) : "<input>";
		uint32_t end = i;
		while (end < findings->len) {
			const PcFinding *g = &PC_VEC_AT(*findings, PcFinding, end);
			if (strcmp(g->pos.file ? file_path(g->pos.file) : "<input>", path) != 0)
				break;
			end++;
		}
		PcStr suite = pc_str(path);
		if (suite.len > 6 && memcmp(suite.ptr + suite.len - 6, ".proto", 6) == 0)
			suite.len -= 6;
		fputs("  <testsuite name=\"", out);
		xml_escape(out, suite, true);
		fprintf(out, "\" tests=\"%" PRIu32 "\" failures=\"%" PRIu32 "\" errors=\"0\">\n", end - i, end - i);
		for (; i < end; i++) {
			const PcFinding *g = &PC_VEC_AT(*findings, PcFinding, i);
			Place p = place_of(&g->pos);
			fputs("    <testcase name=\"", out);
			xml_escape(out, g->rule->id, true);
			if (p.path)
				fprintf(out, "_%d_%d", p.line, p.col);
			fputs("\">\n      <failure message=\"", out);
			char pos[64];
			snprintf(pos, sizeof pos, ":%d:%d:", p.path ? p.line : 1, p.path ? p.col : 1);
			xml_escape(out, pc_str(path), true);
			xml_escape(out, pc_str(pos), true);
			xml_escape(out, g->message, true);
			fputs("\" type=\"", out);
			xml_escape(out, g->rule->id, true);
			fputs("\"></failure>\n    </testcase>\n", out);
		}
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
}

/* A GitLab Code Quality issue in buf's compact layout comes in two parts, with the
 * fingerprint between them: description and check_name, then location and severity. */
static void buf_gitlab_part(FILE *out, const PcFinding *f, bool second)
{
	if (!second) {
		fputs("\"description\":", out);
		pc_report_json_string(out, f->message);
		fputs(",\"check_name\":", out);
		pc_report_json_string(out, f->rule->id);
		return;
	}
	Place p = place_of(&f->pos);
	fputs("\"location\":{", out);
	if (p.path) {
		fputs("\"path\":", out);
		pc_report_json_string(out, pc_str(p.path));
		fprintf(out, ",\"positions\":{\"begin\":{\"line\":%d,\"column\":%d},\"end\":{\"line\":%d,\"column\":%d}}}",
			p.line, p.col, p.end_line, p.end_col);
	} else {
		fputs("\"positions\":{\"begin\":{},\"end\":{}}}", out);
	}
	fputs(",\"severity\":\"minor\"", out);
}

/* One part into an arena buffer (each byte escapes to at most six). */
static PcStr buf_gitlab_text(const PcFinding *f, bool second, PcArena *a)
{
	const char *path = f->pos.file ? file_path(f->pos.file) : "";
	size_t cap = 6 * (f->message.len + f->rule->id.len + strlen(path)) + 256;
	char *buf = pc_arena_alloc(a, cap);
	FILE *mem = fmemopen(buf, cap, "w");
	long len = 0;
	if (mem) {
		buf_gitlab_part(mem, f, second);
		len = ftell(mem);
		fclose(mem);
	}
	return (PcStr){buf, len > 0 ? (size_t)len : 0};
}

/* buf's gitlab-code-quality: a compact array whose fingerprints are SHAKE256 (64
 * bytes, hex) of each issue's own JSON without the fingerprint (the recipe checked
 * against buf 1.75's output, testdata/scenarios/format_gitlab_code_quality), so
 * GitLab tracks the same issues across a switch from buf. */
static void print_buf_gitlab(FILE *out, const PcVec *findings, PcArena *a)
{
	putc('[', out);
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		PcStr head = buf_gitlab_text(f, false, a), tail = buf_gitlab_text(f, true, a);
		struct sha3_256_ctx ctx;
		uint8_t digest[64];
		sha3_256_init(&ctx);
		sha3_256_update(&ctx, 1, (const uint8_t *)"{");
		sha3_256_update(&ctx, head.len, (const uint8_t *)head.ptr);
		sha3_256_update(&ctx, 1, (const uint8_t *)",");
		sha3_256_update(&ctx, tail.len, (const uint8_t *)tail.ptr);
		sha3_256_update(&ctx, 1, (const uint8_t *)"}");
		sha3_256_shake(&ctx, sizeof digest, digest);
		fprintf(out, "%s{%.*s,\"fingerprint\":\"", i ? "," : "", (int)head.len, head.ptr);
		for (size_t k = 0; k < sizeof digest; k++)
			fprintf(out, "%02x", digest[k]);
		fprintf(out, "\",%.*s}", (int)tail.len, tail.ptr);
	}
	fputs("]\n", out);
}

/* The summary of the text and markdown reports: "N breaking changes (X backward, Y
 * forward) in F files". Warnings (severity: warning, or Confluent's compatible
 * differences) do not fail the check, so they are counted apart ("and M warnings"). */
static void print_counts(FILE *out, const PcReportCounts *n)
{
	uint32_t errors = n->findings - n->warnings;
	if (errors || !n->warnings)
		fprintf(out, "%u breaking change%s", errors, errors == 1 ? "" : "s");
	if (n->warnings)
		fprintf(out, "%s%u warning%s", errors ? " and " : "", n->warnings, n->warnings == 1 ? "" : "s");
	fprintf(out, " (%u backward, %u forward) in %u file%s", n->backward, n->forward, n->files,
		n->files == 1 ? "" : "s");
}

/* ---- markdown ---- */

const char *pc_report_link_base(const char *flag, PcArena *a)
{
	const char *base = flag && *flag ? flag : getenv("PROTOCOMPAT_LINK_BASE");
	char *made = NULL;
	if (!base || !*base) {
		const char *server = getenv("GITHUB_SERVER_URL"), *repo = getenv("GITHUB_REPOSITORY"),
			   *sha = getenv("GITHUB_SHA");
		if (!server || !*server || !repo || !*repo || !sha || !*sha)
			return NULL;
		size_t n = strlen(server) + strlen(repo) + strlen(sha) + 16;
		made = pc_arena_alloc(a, n);
		snprintf(made, n, "%s/%s/blob/%s/", server, repo, sha);
		return made;
	}
	size_t n = strlen(base);
	if (base[n - 1] == '/')
		return base;
	made = pc_arena_alloc(a, n + 2);
	memcpy(made, base, n);
	made[n] = '/';
	made[n + 1] = '\0';
	return made;
}

void pc_report_md_text(FILE *out, PcStr s)
{
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		/* entities where a backslash escape is not read everywhere (python-markdown) */
		if (c == '<' || c == '>' || c == '&' || c == '~') {
			fputs(c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : "&#126;", out);
			continue;
		}
		if (c && strchr("\\`*_{}[]()#+-.!|", c))
			putc('\\', out);
		putc(c, out);
	}
}

/* A link target: what a URL path may hold as it is, the rest %-escaped (parentheses
 * too, which would end the Markdown link). base: the base as the user gave it, only
 * what a Markdown link cannot hold escaped. */
static void md_url(FILE *out, const char *s, bool base)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = base ? c > 0x20 && c < 0x7f && !strchr("()<>\\", c)
				  : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
					    strchr("/-._~:@!$&'*+,;=", c);
		if (plain)
			putc(c, out);
		else
			fprintf(out, "%%%02X", c);
	}
}

void pc_report_md_place(FILE *out, const PcPos *pos, const char *link_base)
{
	Place p = place_of(pos);
	if (!p.path)
		return;
	if (link_base)
		putc('[', out);
	pc_report_md_text(out, pc_str(p.path));
	fprintf(out, ":%d:%d", p.line, p.col);
	if (!link_base)
		return;
	fputs("](", out);
	md_url(out, link_base, true);
	const char *path = p.path;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	md_url(out, path, false);
	if (!p.whole_file)
		fprintf(out, "#L%d", p.line);
	putc(')', out);
}

/* A summary table of the findings by rule and direction, then each finding with a link
 * to its line: for a pull-request comment or $GITHUB_STEP_SUMMARY. */
static void print_markdown(FILE *out, const PcVec *findings, const PcReportOpts *o, PcArena *a)
{
	PcReportCounts n = pc_report_count(findings, a);
	uint32_t nsup = o->suppressed ? o->suppressed->len : 0;
	if (!findings->len) {
		fprintf(out, "### protocompat: no breaking changes");
		if (nsup)
			fprintf(out, " (%u suppressed)", nsup);
		fputs("\n", out);
		return;
	}
	fputs("### protocompat: ", out);
	print_counts(out, &n);
	if (nsup)
		fprintf(out, ", %u suppressed", nsup);
	fputs("\n\n| Rule | Backward | Forward | Both | Findings |\n|:---|---:|---:|---:|---:|\n", out);
	/* rows in order of the rules' first findings; counts per rule index */
	uint32_t max = 0;
	for (uint32_t i = 0; i < findings->len; i++) {
		uint32_t ri = PC_VEC_AT(*findings, PcFinding, i).rule->index;
		max = ri > max ? ri : max;
	}
	uint32_t(*counts)[4] = pc_arena_zalloc(a, sizeof *counts * (max + 1));
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		counts[f->rule->index][f->direction & PC_DIR_BOTH]++;
		counts[f->rule->index][0]++;
	}
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		uint32_t *c = counts[f->rule->index];
		if (!c[0])
			continue;
		fputs("| ", out);
		pc_report_md_text(out, f->rule->id);
		fprintf(out, " | %u | %u | %u | %u |\n", c[PC_DIR_BACKWARD], c[PC_DIR_FORWARD], c[PC_DIR_BOTH], c[0]);
		c[0] = 0;
	}
	fputs("\n#### Findings\n\n", out);
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		char buf[256];
		fputs("- ", out);
		if (f->pos.file) {
			pc_report_md_place(out, &f->pos, o->link_base);
		} else {
			pc_report_md_text(out, pc_str(new_label(o)));
			if (f->old_pos.file) {
				fputs(" (was ", out);
				pc_report_md_place(out, &f->old_pos, NULL);
				putc(')', out);
			}
		}
		fputs(": **", out);
		pc_report_md_text(out, f->rule->id);
		fputs("** ", out);
		pc_report_md_text(out, f->message);
		fputs(" *(breaks ", out);
		pc_report_md_text(out, pc_str(breaks_phrase(f, buf, sizeof buf)));
		fputs(")*", out);
		if (f->rule->severity == PC_SEV_WARNING)
			fputs(" (warning)", out);
		putc('\n', out);
	}
}

void pc_report_print(FILE *out, const PcVec *findings, const PcReportOpts *opts, PcArena *a)
{
	if (opts->buf_layout && opts->format == PC_FORMAT_GITLAB) {
		if (findings->len)
			print_buf_gitlab(out, findings, a);
		return;
	}
	if (opts->buf_layout && opts->format == PC_FORMAT_JUNIT) {
		if (findings->len)
			print_buf_junit(out, findings);
		return;
	}
	if (opts->buf_layout &&
	    (opts->format == PC_FORMAT_TEXT || opts->format == PC_FORMAT_MSVS || opts->format == PC_FORMAT_GITHUB)) {
		for (uint32_t i = 0; i < findings->len; i++)
			print_buf_line(out, &PC_VEC_AT(*findings, PcFinding, i), opts->format);
		return;
	}
	switch (opts->format) {
	case PC_FORMAT_SARIF:
		print_sarif(out, findings, opts, a);
		return;
	case PC_FORMAT_JUNIT:
		print_junit(out, findings, opts, a);
		return;
	case PC_FORMAT_GITLAB:
		print_gitlab(out, findings, opts, a);
		return;
	case PC_FORMAT_MARKDOWN:
		print_markdown(out, findings, opts, a);
		return;
	case PC_FORMAT_TEXT:
	case PC_FORMAT_JSON:
	case PC_FORMAT_GITHUB:
	case PC_FORMAT_MSVS:
		break;
	}
	for (uint32_t i = 0; i < findings->len; i++) {
		const PcFinding *f = &PC_VEC_AT(*findings, PcFinding, i);
		switch (opts->format) {
		case PC_FORMAT_TEXT:
			print_text(out, f, opts);
			break;
		case PC_FORMAT_JSON:
			print_json(out, f, NULL, opts->against);
			break;
		case PC_FORMAT_GITHUB:
			print_github(out, f);
			break;
		case PC_FORMAT_MSVS:
			print_msvs(out, f, opts);
			break;
		case PC_FORMAT_SARIF:
		case PC_FORMAT_JUNIT:
		case PC_FORMAT_GITLAB:
		case PC_FORMAT_MARKDOWN:
			break;
		}
	}
	uint32_t nsup = opts->suppressed ? opts->suppressed->len : 0;
	bool list = opts->show_suppressed && nsup > 0;
	for (uint32_t i = 0; list && i < nsup; i++) {
		const PcSuppressed *sup = &PC_VEC_AT(*opts->suppressed, PcSuppressed, i);
		if (opts->format == PC_FORMAT_JSON)
			print_json(out, &sup->finding, sup, opts->against);
		else if (opts->format == PC_FORMAT_TEXT)
			print_suppressed_text(out, sup, opts);
	}
	if (opts->format != PC_FORMAT_TEXT || (findings->len == 0 && !list))
		return;
	PcReportCounts n = pc_report_count(findings, a);
	print_counts(out, &n);
	if (nsup)
		fprintf(out, ", %u suppressed", nsup);
	putc('\n', out);
}
