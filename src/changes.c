/* The changelog is a view of one check: every change record becomes an entry that
 * knows its package, the element it is listed under (the message of a field, the enum
 * of a value, the service of an rpc, the file of a file-level change), a sentence in
 * our words, and the rule IDs of the findings made from it (after the configuration's
 * filters and suppressions, so "breaking" means what `check` would fail on). Entries
 * are sorted once (package, element, then the diff's order) and printed in one pass.
 * OPTION_CHANGED records that repeat a typed record (PC_CHANGE_F_TYPED: go_package is
 * also FILE_OPTION) are left out, so each change is listed once. */
#include "changes.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

bool pc_changes_format_parse(const char *name, PcChangesFormat *out)
{
	static const char *const names[] = {"text", "json", "markdown"};
	for (int k = 0; k < 3; k++)
		if (strcmp(name, names[k]) == 0) {
			*out = (PcChangesFormat)k;
			return true;
		}
	return false;
}

const char *pc_bump_name(PcBump b)
{
	switch (b) {
	case PC_BUMP_NONE: return "none";
	case PC_BUMP_PATCH: return "patch";
	case PC_BUMP_MINOR: return "minor";
	case PC_BUMP_MAJOR: return "major";
	}
	return "none";
}

typedef struct Entry {
	const PcChange *ch;
	uint32_t seq;
	PcStr package, group, element;
	PcStr text;          /* the sentence */
	PcVec rules;         /* of PcStr: IDs of the findings made from it */
	bool breaking;       /* one of those findings fails the check (a warning may not) */
	PcBump bump;
} Entry;

/* ---- a growing text buffer ---- */

typedef struct Buf {
	PcVec v;
	PcArena *a;
} Buf;

static void bprintf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	char *tmp = pc_arena_alloc(b->a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(tmp, (size_t)n + 1, fmt, ap);
	va_end(ap);
	pc_vec_append(&b->v, tmp, (size_t)n, b->a);
}

#define S(s) (int)(s).len, (s).ptr

/* ---- what an entry is about ---- */

static const void *elem_of(const PcChange *c)
{
	return c->new_elem ? c->new_elem : c->old_elem;
}

static const PcFile *file_of(const PcChange *c)
{
	const void *e = elem_of(c);
	if (!e)
		return c->pos.file ? c->pos.file : c->old_pos.file;
	switch (c->elem) {
	case PC_ELEM_NONE: return c->pos.file ? c->pos.file : c->old_pos.file;
	case PC_ELEM_FILE: return e;
	case PC_ELEM_MESSAGE: return ((const PcMessage *)e)->file;
	case PC_ELEM_FIELD: return ((const PcField *)e)->file;
	case PC_ELEM_ONEOF: return ((const PcOneof *)e)->parent->file;
	case PC_ELEM_ENUM: return ((const PcEnum *)e)->file;
	case PC_ELEM_ENUM_VALUE: return ((const PcEnumValue *)e)->parent->file;
	case PC_ELEM_SERVICE: return ((const PcService *)e)->file;
	case PC_ELEM_METHOD: return ((const PcMethod *)e)->parent->file;
	}
	return NULL;
}

/* The element's full name (a file's path), and the one it is listed under. */
static void names_of(const PcChange *c, PcStr *element, PcStr *group)
{
	const void *e = elem_of(c);
	*element = *group = c->name;
	if (!e)
		return;
	switch (c->elem) {
	case PC_ELEM_NONE:
		return;
	case PC_ELEM_FILE:
		*element = *group = ((const PcFile *)e)->name;
		return;
	case PC_ELEM_MESSAGE:
		*element = *group = ((const PcMessage *)e)->full_name;
		return;
	case PC_ELEM_FIELD: {
		const PcField *f = e;
		*element = f->full_name;
		*group = f->is_extension || !f->parent ? f->full_name : f->parent->full_name;
		return;
	}
	case PC_ELEM_ONEOF:
		*element = ((const PcOneof *)e)->full_name;
		*group = ((const PcOneof *)e)->parent->full_name;
		return;
	case PC_ELEM_ENUM:
		*element = *group = ((const PcEnum *)e)->full_name;
		return;
	case PC_ELEM_ENUM_VALUE:
		*element = ((const PcEnumValue *)e)->full_name;
		*group = ((const PcEnumValue *)e)->parent->full_name;
		return;
	case PC_ELEM_SERVICE:
		*element = *group = ((const PcService *)e)->full_name;
		return;
	case PC_ELEM_METHOD:
		*element = ((const PcMethod *)e)->full_name;
		*group = ((const PcMethod *)e)->parent->full_name;
		return;
	}
}

static bool is_addition(PcChangeKind k)
{
	return k >= PC_CHANGE_FILE_ADDED && k <= PC_CHANGE_RESERVED_NAME_ADDED;
}

static void range_text(Buf *b, const PcChange *c)
{
	if (c->number == c->end)
		bprintf(b, "%" PRId32, c->number);
	else
		bprintf(b, "%" PRId32 " to %" PRId32, c->number, c->end);
}

static const char *feature_word(int64_t v, const char *const *words, size_t n)
{
	return v >= 0 && (size_t)v < n && words[v] ? words[v] : "unset";
}

/* "from X to Y" with the values as the diff gives them. */
static void from_to(Buf *b, PcStr x, PcStr y)
{
	bprintf(b, " from %.*s to %.*s", S(x), S(y));
}

static void from_to_q(Buf *b, PcStr x, PcStr y)
{
	bprintf(b, " from \"%.*s\" to \"%.*s\"", S(x), S(y));
}

/* The sentence for a change (the element is named beside it). */
static PcStr describe(const PcChange *c, PcArena *a)
{
	static const char *const json_fmt[] = {"unset", "ALLOW", "LEGACY_BEST_EFFORT"};
	static const char *const enum_type[] = {"unset", "OPEN", "CLOSED"};
	static const char *const utf8[] = {"unset", "unset", "VERIFY", "NONE"};
	Buf b = {{0}, a};
	const char *where = c->flags & PC_CHANGE_F_IN_PACKAGE ? " from its file (its package still has it)" : "";
	switch (c->kind) {
	case PC_CHANGE_FILE_DELETED: bprintf(&b, "file deleted"); break;
	case PC_CHANGE_FILE_SYNTAX: bprintf(&b, "syntax changed"); from_to(&b, c->old_val.s, c->new_val.s);
		if (pc_str_eq(c->old_val.s, c->new_val.s))
			bprintf(&b, " (edition %" PRId64 " to %" PRId64 ")", c->old_val.i, c->new_val.i);
		break;
	case PC_CHANGE_FILE_PACKAGE: bprintf(&b, "package changed"); from_to_q(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FILE_OPTION:
		bprintf(&b, "option %.*s changed", S(c->name));
		from_to_q(&b, c->old_val.s, c->new_val.s);
		break;
	case PC_CHANGE_PACKAGE_DELETED: bprintf(&b, "package deleted"); break;
	case PC_CHANGE_MESSAGE_DELETED: bprintf(&b, "message deleted%s", where); break;
	case PC_CHANGE_ENUM_DELETED: bprintf(&b, "enum deleted%s", where); break;
	case PC_CHANGE_EXTENSION_DELETED: bprintf(&b, "extension deleted%s", where); break;
	case PC_CHANGE_SERVICE_DELETED: bprintf(&b, "service deleted%s", where); break;
	case PC_CHANGE_PACKAGE_MESSAGE_DELETED: bprintf(&b, "message deleted from its package"); break;
	case PC_CHANGE_PACKAGE_ENUM_DELETED: bprintf(&b, "enum deleted from its package"); break;
	case PC_CHANGE_PACKAGE_EXTENSION_DELETED: bprintf(&b, "extension deleted from its package"); break;
	case PC_CHANGE_PACKAGE_SERVICE_DELETED: bprintf(&b, "service deleted from its package"); break;
	case PC_CHANGE_MESSAGE_NO_STD_ACCESSOR:
		bprintf(&b, "option no_standard_descriptor_accessor changed from %s to %s",
			c->old_val.i ? "true" : "false", c->new_val.i ? "true" : "false");
		break;
	case PC_CHANGE_MESSAGE_JSON_FORMAT:
	case PC_CHANGE_ENUM_JSON_FORMAT:
		bprintf(&b, "json_format feature changed from %s to %s", feature_word(c->old_val.i, json_fmt, 3),
			feature_word(c->new_val.i, json_fmt, 3));
		break;
	case PC_CHANGE_MESSAGE_VISIBILITY:
	case PC_CHANGE_ENUM_VISIBILITY:
		bprintf(&b, "visibility changed");
		from_to(&b, c->old_val.s, c->new_val.s);
		break;
	case PC_CHANGE_MESSAGE_SET_WIRE_FORMAT:
		bprintf(&b, "option message_set_wire_format changed from %s to %s", c->old_val.i ? "true" : "false",
			c->new_val.i ? "true" : "false");
		break;
	case PC_CHANGE_EXTENSION_RANGE_REMOVED: bprintf(&b, "extension range "); range_text(&b, c); bprintf(&b, " removed"); break;
	case PC_CHANGE_RESERVED_RANGE_REMOVED: bprintf(&b, "reserved range "); range_text(&b, c); bprintf(&b, " removed"); break;
	case PC_CHANGE_RESERVED_NAME_REMOVED: bprintf(&b, "reserved name \"%.*s\" removed", S(c->name)); break;
	case PC_CHANGE_ONEOF_DELETED: bprintf(&b, "oneof \"%.*s\" deleted", S(c->name)); break;
	case PC_CHANGE_FIELD_DELETED:
		bprintf(&b, "field %" PRId32 " \"%.*s\" deleted%s", c->number, S(c->name),
			c->flags & PC_CHANGE_F_NUMBER_RESERVED ? " (number reserved)" : "");
		break;
	case PC_CHANGE_REQUIRED_FIELD_REMOVED: bprintf(&b, "field %" PRId32 " no longer required", c->number); break;
	case PC_CHANGE_REQUIRED_FIELD_ADDED: bprintf(&b, "field %" PRId32 " now required", c->number); break;
	case PC_CHANGE_FIELD_NAME: bprintf(&b, "renamed"); from_to_q(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FIELD_NUMBERS_SWAPPED:
		bprintf(&b, "fields \"%.*s\" and \"%.*s\" swapped numbers %" PRId64 " and %" PRId64, S(c->old_val.s),
			S(c->new_val.s), c->old_val.i, c->new_val.i);
		break;
	case PC_CHANGE_CONFLUENT: bprintf(&b, "%.*s", S(c->old_val.s)); break;
	case PC_CHANGE_FIELD_JSON_NAME: bprintf(&b, "JSON name changed"); from_to_q(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FIELD_TYPE: bprintf(&b, "type changed"); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FIELD_CARDINALITY: bprintf(&b, "cardinality changed"); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FIELD_ONEOF:
		if (!c->old_val.set)
			bprintf(&b, "moved into oneof \"%.*s\"", S(c->new_val.s));
		else if (!c->new_val.set)
			bprintf(&b, "moved out of oneof \"%.*s\"", S(c->old_val.s));
		else
			bprintf(&b, "moved from oneof \"%.*s\" to \"%.*s\"", S(c->old_val.s), S(c->new_val.s));
		break;
	case PC_CHANGE_FIELD_DEFAULT: bprintf(&b, "default changed"); from_to_q(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FIELD_CPP_STRING_TYPE: bprintf(&b, "C++ string type changed"); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FIELD_JSTYPE: bprintf(&b, "jstype changed"); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_FIELD_UTF8_VALIDATION:
	case PC_CHANGE_FIELD_JAVA_UTF8_VALIDATION:
		bprintf(&b, "%sUTF-8 validation changed from %s to %s",
			c->kind == PC_CHANGE_FIELD_JAVA_UTF8_VALIDATION ? "Java " : "", feature_word(c->old_val.i, utf8, 4),
			feature_word(c->new_val.i, utf8, 4));
		break;
	case PC_CHANGE_ENUM_TYPE:
		bprintf(&b, "enum type changed from %s to %s", feature_word(c->old_val.i, enum_type, 3),
			feature_word(c->new_val.i, enum_type, 3));
		break;
	case PC_CHANGE_ENUM_VALUE_DELETED: bprintf(&b, "value %" PRId32 " deleted", c->number); break;
	case PC_CHANGE_ENUM_VALUE_NAME: bprintf(&b, "value %" PRId32 " renamed", c->number); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_RPC_DELETED: bprintf(&b, "rpc \"%.*s\" deleted", S(c->name)); break;
	case PC_CHANGE_RPC_CLIENT_STREAMING:
	case PC_CHANGE_RPC_SERVER_STREAMING:
		bprintf(&b, "%s streaming %s", c->kind == PC_CHANGE_RPC_CLIENT_STREAMING ? "client" : "server",
			c->new_val.i ? "turned on" : "turned off");
		break;
	case PC_CHANGE_RPC_REQUEST_TYPE: bprintf(&b, "request type changed"); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_RPC_RESPONSE_TYPE: bprintf(&b, "response type changed"); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_RPC_IDEMPOTENCY_LEVEL: bprintf(&b, "idempotency level changed"); from_to(&b, c->old_val.s, c->new_val.s); break;
	case PC_CHANGE_RPC_PAGINATION:
		if (!c->old_val.set)
			bprintf(&b, "pagination added (results in \"%.*s\")", S(c->new_val.s));
		else if (!c->new_val.set)
			bprintf(&b, "pagination removed (results were in \"%.*s\")", S(c->old_val.s));
		else
			bprintf(&b, "paged results moved from \"%.*s\" to \"%.*s\"", S(c->old_val.s), S(c->new_val.s));
		break;
	case PC_CHANGE_FILE_ADDED: bprintf(&b, "file added"); break;
	case PC_CHANGE_PACKAGE_ADDED: bprintf(&b, "package added"); break;
	case PC_CHANGE_MESSAGE_ADDED: bprintf(&b, "message added"); break;
	case PC_CHANGE_ENUM_ADDED: bprintf(&b, "enum added"); break;
	case PC_CHANGE_EXTENSION_ADDED: bprintf(&b, "extension %" PRId32 " added", c->number); break;
	case PC_CHANGE_SERVICE_ADDED: bprintf(&b, "service added"); break;
	case PC_CHANGE_FIELD_ADDED: bprintf(&b, "field %" PRId32 " \"%.*s\" added", c->number, S(c->name)); break;
	case PC_CHANGE_ONEOF_ADDED: bprintf(&b, "oneof \"%.*s\" added", S(c->name)); break;
	case PC_CHANGE_ENUM_VALUE_ADDED: bprintf(&b, "value %" PRId32 " \"%.*s\" added", c->number, S(c->name)); break;
	case PC_CHANGE_RPC_ADDED: bprintf(&b, "rpc \"%.*s\" added", S(c->name)); break;
	case PC_CHANGE_EXTENSION_RANGE_ADDED: bprintf(&b, "extension range "); range_text(&b, c); bprintf(&b, " added"); break;
	case PC_CHANGE_RESERVED_RANGE_ADDED: bprintf(&b, "reserved range "); range_text(&b, c); bprintf(&b, " added"); break;
	case PC_CHANGE_RESERVED_NAME_ADDED: bprintf(&b, "reserved name \"%.*s\" added", S(c->name)); break;
	case PC_CHANGE_OPTION_CHANGED:
		if (c->flags & PC_CHANGE_F_EXT_RANGE) {
			bprintf(&b, "extension range ");
			range_text(&b, c);
			bprintf(&b, ": ");
		}
		if (!c->old_val.set)
			bprintf(&b, "option %.*s set to %.*s", S(c->name), S(c->new_val.s));
		else if (!c->new_val.set)
			bprintf(&b, "option %.*s removed (was %.*s)", S(c->name), S(c->old_val.s));
		else
			bprintf(&b, "option %.*s changed from %.*s to %.*s", S(c->name), S(c->old_val.s), S(c->new_val.s));
		break;
	case PC_CHANGE_COMMENT_CHANGED: bprintf(&b, "%.*s comment changed", S(c->name)); break;
	case PC_CHANGE_MESSAGE_RENAMED:
	case PC_CHANGE_ENUM_RENAMED:
	case PC_CHANGE_SERVICE_RENAMED:
		if (pc_str_eq(c->old_val.s, c->new_val.s))
			bprintf(&b, "moved to another file");
		else
			bprintf(&b, "renamed from \"%.*s\"", S(c->old_val.s));
		break;
	case PC_CHANGE_KIND_COUNT: break;
	}
	return (PcStr){b.v.items ? b.v.items : "", b.v.len};
}

static int entry_cmp(const void *x, const void *y)
{
	const Entry *a = x, *b = y;
	int d = pc_str_cmp(a->package, b->package);
	if (!d)
		d = pc_str_cmp(a->group, b->group);
	return d ? d : (a->seq > b->seq) - (a->seq < b->seq);
}

/* The entries, sorted; *n their count. */
static Entry *collect(const PcCheckResult *r, uint32_t *n, PcArena *a)
{
	const PcVec *items = &r->changes.items;
	Entry *e = PC_NEW_ARRAY(a, Entry, items->len + 1);
	int32_t *slot = PC_NEW_ARRAY(a, int32_t, items->len + 1); /* change index -> entry + 1 */
	uint32_t k = 0;
	for (uint32_t i = 0; i < items->len; i++) {
		const PcChange *c = &PC_VEC_AT(*items, PcChange, i);
		if (c->kind == PC_CHANGE_OPTION_CHANGED && (c->flags & PC_CHANGE_F_TYPED))
			continue;
		Entry *x = &e[k];
		x->ch = c;
		x->seq = k;
		const PcFile *f = file_of(c);
		bool pkg = c->kind == PC_CHANGE_PACKAGE_DELETED || c->kind == PC_CHANGE_PACKAGE_ADDED;
		x->package = pkg || !f ? c->package : f->package;
		names_of(c, &x->element, &x->group);
		if (pkg)
			x->element = x->group = c->package;
		x->text = describe(c, a);
		slot[i] = (int32_t)++k;
	}
	const PcChange *base = items->items;
	for (uint32_t i = 0; i < r->findings.len; i++) {
		const PcFinding *f = &PC_VEC_AT(r->findings, PcFinding, i);
		ptrdiff_t ci = f->change - base;
		if (ci < 0 || (uint32_t)ci >= items->len || !slot[ci])
			continue;
		Entry *x = &e[slot[ci] - 1];
		bool seen = false;
		for (uint32_t j = 0; j < x->rules.len && !seen; j++)
			seen = pc_str_eq(PC_VEC_AT(x->rules, PcStr, j), f->rule->id);
		if (!seen)
			*PC_VEC_PUSH(&x->rules, PcStr, a) = f->rule->id;
		x->breaking |= pc_config_fails(&r->config, f->rule->severity);
	}
	for (uint32_t i = 0; i < k; i++)
		e[i].bump = e[i].breaking ? PC_BUMP_MAJOR : is_addition(e[i].ch->kind) ? PC_BUMP_MINOR : PC_BUMP_PATCH;
	if (k > 1)
		qsort(e, k, sizeof *e, entry_cmp);
	*n = k;
	return e;
}

typedef struct Totals {
	uint32_t breaking, additions, other;
	PcBump bump;
} Totals;

static Totals totals(const Entry *e, uint32_t from, uint32_t to)
{
	Totals t = {0};
	for (uint32_t i = from; i < to; i++) {
		if (e[i].breaking)
			t.breaking++;
		else if (is_addition(e[i].ch->kind))
			t.additions++;
		else
			t.other++;
		if (e[i].bump > t.bump)
			t.bump = e[i].bump;
	}
	return t;
}

static uint32_t package_end(const Entry *e, uint32_t i, uint32_t n)
{
	uint32_t j = i;
	while (j < n && pc_str_eq(e[j].package, e[i].package))
		j++;
	return j;
}

static void print_place(FILE *out, const PcPos *p)
{
	if (!p->file)
		return;
	const char *path = p->file->path ? p->file->path : "";
	if (p->span.line < 0)
		fprintf(out, "  %s", path);
	else
		fprintf(out, "  %s:%d:%d", path, p->span.line + 1, p->span.col + 1);
}

static void print_rules_text(FILE *out, const Entry *x)
{
	for (uint32_t j = 0; j < x->rules.len; j++)
		fprintf(out, "%s%.*s", j ? ", " : " [", S(PC_VEC_AT(x->rules, PcStr, j)));
	if (x->rules.len)
		putc(']', out);
}

static void print_totals_line(FILE *out, const Totals *t)
{
	fprintf(out, "%u breaking, %u addition%s, %u other change%s", t->breaking, t->additions,
		t->additions == 1 ? "" : "s", t->other, t->other == 1 ? "" : "s");
}

static void print_text(FILE *out, const Entry *e, uint32_t n)
{
	for (uint32_t i = 0; i < n;) {
		uint32_t end = package_end(e, i, n);
		Totals t = totals(e, i, end);
		PcStr pkg = e[i].package.len ? e[i].package : pc_str("(none)");
		fprintf(out, "package %.*s: %s (", S(pkg), pc_bump_name(t.bump));
		print_totals_line(out, &t);
		fputs(")\n", out);
		for (uint32_t j = i; j < end; j++) {
			if (j == i || !pc_str_eq(e[j].group, e[j - 1].group))
				fprintf(out, "  %.*s\n", S(e[j].group));
			const PcChange *c = e[j].ch;
			fprintf(out, "    %-8s %-5s ", e[j].breaking ? "BREAKING" : e[j].rules.len ? "warning" : "ok", pc_bump_name(e[j].bump));
			if (!pc_str_eq(e[j].element, e[j].group))
				fprintf(out, "%.*s: ", S(e[j].element));
			fprintf(out, "%.*s", S(e[j].text));
			print_rules_text(out, &e[j]);
			print_place(out, c->pos.file ? &c->pos : &c->old_pos);
			putc('\n', out);
		}
		i = end;
	}
	Totals all = totals(e, 0, n);
	fprintf(out, "%u change%s: ", n, n == 1 ? "" : "s");
	print_totals_line(out, &all);
	fprintf(out, "; semver bump: %s\n", pc_bump_name(all.bump));
}

static void json_pos(FILE *out, const char *prefix, const PcPos *p)
{
	if (!p->file)
		return;
	fprintf(out, ",\"%spath\":", prefix);
	pc_report_json_string(out, pc_str(p->file->path ? p->file->path : ""));
	int line = p->span.line < 0 ? 1 : p->span.line + 1, col = p->span.line < 0 ? 1 : p->span.col + 1;
	fprintf(out, ",\"%sline\":%d,\"%scolumn\":%d", prefix, line, prefix, col);
}

static void json_key(FILE *out, const char *key, PcStr value)
{
	fprintf(out, ",\"%s\":", key);
	pc_report_json_string(out, value);
}

static void print_json_entry(FILE *out, const Entry *x)
{
	const PcChange *c = x->ch;
	fputs("{\"kind\":", out);
	pc_report_json_string(out, pc_str(pc_change_kind_name(c->kind)));
	fputs(",\"element\":", out);
	pc_report_json_string(out, x->element);
	fputs(",\"group\":", out);
	pc_report_json_string(out, x->group);
	fputs(",\"description\":", out);
	pc_report_json_string(out, x->text);
	fprintf(out, ",\"breaking\":%s,\"rules\":[", x->breaking ? "true" : "false");
	for (uint32_t j = 0; j < x->rules.len; j++) {
		if (j)
			putc(',', out);
		pc_report_json_string(out, PC_VEC_AT(x->rules, PcStr, j));
	}
	fprintf(out, "],\"bump\":\"%s\"", pc_bump_name(x->bump));
	json_pos(out, "", &c->pos);
	json_pos(out, "old_", &c->old_pos);
	if (c->kind == PC_CHANGE_OPTION_CHANGED) {
		json_key(out, "option", c->name);
		json_key(out, "option_name", c->opt_name);
		json_key(out, "option_path", c->opt_path);
	}
	if (c->kind == PC_CHANGE_OPTION_CHANGED || c->kind == PC_CHANGE_COMMENT_CHANGED) {
		if (c->old_val.set)
			json_key(out, "old", c->old_val.s);
		if (c->new_val.set)
			json_key(out, "new", c->new_val.s);
	}
	putc('}', out);
}

static void print_json_totals(FILE *out, const Totals *t)
{
	fprintf(out, "\"bump\":\"%s\",\"breaking\":%u,\"additions\":%u,\"other\":%u", pc_bump_name(t->bump),
		t->breaking, t->additions, t->other);
}

static void print_json(FILE *out, const Entry *e, uint32_t n)
{
	Totals all = totals(e, 0, n);
	fputs("{", out);
	print_json_totals(out, &all);
	fputs(",\"packages\":[", out);
	for (uint32_t i = 0; i < n;) {
		uint32_t end = package_end(e, i, n);
		Totals t = totals(e, i, end);
		fputs(i ? ",\n{\"package\":" : "\n{\"package\":", out);
		pc_report_json_string(out, e[i].package);
		putc(',', out);
		print_json_totals(out, &t);
		fputs(",\"changes\":[", out);
		for (uint32_t j = i; j < end; j++) {
			fputs(j > i ? ",\n" : "\n", out);
			print_json_entry(out, &e[j]);
		}
		fputs("]}", out);
		i = end;
	}
	fputs("]}\n", out);
}

static void print_markdown(FILE *out, const Entry *e, uint32_t n, const char *link_base)
{
	Totals all = totals(e, 0, n);
	fprintf(out, "### Schema changes: semver %s\n\n", pc_bump_name(all.bump));
	fprintf(out, "%u change%s: ", n, n == 1 ? "" : "s");
	print_totals_line(out, &all);
	fputs(".\n", out);
	for (uint32_t i = 0; i < n;) {
		uint32_t end = package_end(e, i, n);
		Totals t = totals(e, i, end);
		fputs("\n#### Package ", out);
		pc_report_md_text(out, e[i].package.len ? e[i].package : pc_str("(none)"));
		fprintf(out, ": %s\n\n| Element | Change | Breaking | Bump | Where |\n|:---|:---|:---|:---|:---|\n",
			pc_bump_name(t.bump));
		for (uint32_t j = i; j < end; j++) {
			const PcChange *c = e[j].ch;
			fputs("| ", out);
			pc_report_md_text(out, e[j].element);
			fputs(" | ", out);
			pc_report_md_text(out, e[j].text);
			fputs(" | ", out);
			if (e[j].rules.len) {
				fputs(e[j].breaking ? "**breaking** (" : "warning (", out);
				for (uint32_t k = 0; k < e[j].rules.len; k++) {
					if (k)
						fputs(", ", out);
					pc_report_md_text(out, PC_VEC_AT(e[j].rules, PcStr, k));
				}
				putc(')', out);
			} else {
				fputs("no", out);
			}
			fprintf(out, " | %s | ", pc_bump_name(e[j].bump));
			pc_report_md_place(out, c->pos.file ? &c->pos : &c->old_pos, c->pos.file ? link_base : NULL);
			fputs(" |\n", out);
		}
		i = end;
	}
}

PcBump pc_changes_print(FILE *out, const PcCheckResult *r, const PcChangesOpts *o, PcArena *a)
{
	uint32_t n;
	Entry *e = collect(r, &n, a);
	switch (o->format) {
	case PC_CHANGES_TEXT:
		print_text(out, e, n);
		break;
	case PC_CHANGES_JSON:
		print_json(out, e, n);
		break;
	case PC_CHANGES_MARKDOWN:
		print_markdown(out, e, n, o->link_base);
		break;
	}
	return totals(e, 0, n).bump;
}
