/* Recursive descent over the lexer's tokens, one function per grammar rule with its
 * EBNF above it, shaped after protoc 3.21's parser so that the tree, the spans and the
 * SourceCodeInfo locations come out as protoc's do:
 * - a location is appended when its element starts and its end is set when the
 *   element is finished (the end of the previous token), like protoc's
 *   LocationRecorder; locations are referred to by index because the vector grows;
 * - comments are only collected where protoc collects them: when a declaration ends
 *   with ';', '{' or '}' (end_decl), and are attached to that declaration's location;
 * - what protoc's parser synthesizes (map entries, group messages, proto3 synthetic
 *   oneofs, `max` range ends) is synthesized here too; name resolution and option
 *   interpretation are the resolver's.
 * Errors are recorded at protoc's positions; a failed statement is skipped the way
 * protoc skips it (to ';' or past a '{...}' block), so one run reports every error. */
#include "parser.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "lexer.h"

enum { MAX_DEPTH = 128, NO_LOC = -1 };

/* Descriptor field numbers used in location paths. */
enum {
	F_FILE_PACKAGE = 2, F_FILE_DEPENDENCY = 3, F_FILE_MESSAGE = 4, F_FILE_ENUM = 5,
	F_FILE_SERVICE = 6, F_FILE_EXTENSION = 7, F_FILE_OPTIONS = 8, F_FILE_PUBLIC_DEP = 10,
	F_FILE_WEAK_DEP = 11, F_FILE_SYNTAX = 12, F_FILE_OPTION_DEP = 15,
	F_MSG_NAME = 1, F_MSG_FIELD = 2, F_MSG_NESTED = 3, F_MSG_ENUM = 4, F_MSG_EXT_RANGE = 5,
	F_MSG_EXTENSION = 6, F_MSG_OPTIONS = 7, F_MSG_ONEOF = 8, F_MSG_RESERVED_RANGE = 9,
	F_MSG_RESERVED_NAME = 10,
	F_FIELD_NAME = 1, F_FIELD_EXTENDEE = 2, F_FIELD_NUMBER = 3, F_FIELD_LABEL = 4,
	F_FIELD_TYPE = 5, F_FIELD_TYPE_NAME = 6, F_FIELD_DEFAULT = 7, F_FIELD_OPTIONS = 8,
	F_FIELD_JSON_NAME = 10,
	F_RANGE_START = 1, F_RANGE_END = 2, F_RANGE_OPTIONS = 3,
	F_ONEOF_NAME = 1, F_ONEOF_OPTIONS = 2,
	F_ENUM_NAME = 1, F_ENUM_VALUE = 2, F_ENUM_OPTIONS = 3, F_ENUM_RESERVED_RANGE = 4,
	F_ENUM_RESERVED_NAME = 5,
	F_VALUE_NAME = 1, F_VALUE_NUMBER = 2, F_VALUE_OPTIONS = 3,
	F_SERVICE_NAME = 1, F_SERVICE_METHOD = 2, F_SERVICE_OPTIONS = 3,
	F_METHOD_NAME = 1, F_METHOD_INPUT = 2, F_METHOD_OUTPUT = 3, F_METHOD_OPTIONS = 4,
	F_METHOD_CLIENT_STREAMING = 5, F_METHOD_SERVER_STREAMING = 6,
	F_UNINTERPRETED = 999, F_UO_NAME = 2, F_UO_IDENT = 3, F_UO_POS_INT = 4, F_UO_NEG_INT = 5,
	F_UO_DOUBLE = 6, F_UO_STRING = 7, F_UO_AGGREGATE = 8, F_NAMEPART_NAME = 1,
};

/* Field numbers are at most 2^29 - 1; `max` in a range means one past that. */
#define MAX_FIELD_NUMBER 536870911
#define INT32_MAX_V 2147483647

typedef struct Parser {
	PcLexer lx;
	PcToken cur, prev;
	const PcSource *src;
	PcDiags *diags;
	PcArena *a;
	/* Options as written (lists, name parts, values): a for a full parse; for a lean
	 * one, an arena the loader releases once the schema is resolved. */
	PcArena *oa;
	PcFile *file;
	PcSyntax syntax;
	int depth;
	int agg_depth; /* nesting of aggregate values within the current option */
	/* The location list grows here, where it is the only allocation and so grows in
	 * place; the final list is copied to the file's arena once, at the end. */
	PcArena *scratch;
	PcStr upcoming_doc;       /* leading comment of the next declaration */
	PcVec upcoming_detached;  /* of PcStr */
	bool failed;
	/* Past the nesting cap, a file that also ends inside its blocks gets one "found end
	 * of file" (the innermost), not one per enclosing block. */
	bool depth_capped, eof_quiet;
	/* No source info: locations are still opened and closed (they give the elements
	 * their spans) but carry no paths and stay in scratch; comments are skipped. */
	bool lean;
} Parser;

/* ---- tokens ---- */

static void next(Parser *p)
{
	p->prev = p->cur;
	pc_lexer_next(&p->lx, &p->cur);
}

static bool equal(const Parser *p, const char *s)
{
	return p->cur.kind != PC_TOK_STRING && p->cur.kind != PC_TOK_EOF && pc_str_eq_c(p->cur.text, s);
}

static bool at_eof(const Parser *p)
{
	return p->cur.kind == PC_TOK_EOF;
}

static bool consume(Parser *p, const char *s)
{
	if (!equal(p, s))
		return false;
	next(p);
	return true;
}

static void error_at(Parser *p, const PcToken *t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void error_at(Parser *p, const PcToken *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->failed = true;
	const PcSource *s = p->src;
	uint32_t line = (uint32_t)t->line;
	int col = line < s->nlines ? (int)(t->off - s->line_starts[line]) + 1 : 1;
	pc_diag_add(p->diags, PC_SEV_ERROR, s->path, (int)line + 1, col, pc_source_line(s, line), "%s", msg);
}

/* Most errors point at the token the parser stopped on, as protoc's do. */
#define error(p, ...) error_at((p), &(p)->cur, __VA_ARGS__)

/* How the current token is named in "expected X, found Y" style messages. */
static const char *found(Parser *p)
{
	if (at_eof(p))
		return "end of file";
	char *s = pc_arena_alloc(p->a, p->cur.text.len + 3);
	snprintf(s, p->cur.text.len + 3, "'%.*s'", (int)p->cur.text.len, p->cur.text.ptr);
	return s;
}

static bool expect(Parser *p, const char *s, const char *what)
{
	if (consume(p, s))
		return true;
	error(p, "expected '%s' %s, found %s", s, what, found(p));
	return false;
}

/* ---- source locations ---- */

static PcLocation *loc_at(Parser *p, int loc)
{
	return &PC_VEC_AT(p->file->locations, PcLocation, loc);
}

/* A location path of len components whose first n are copied from `from`; NULL in
 * lean mode, where paths are not kept. */
static int32_t *path_new(Parser *p, const int32_t *from, uint32_t n, uint32_t len)
{
	if (p->lean)
		return NULL;
	int32_t *path = pc_arena_alloc(p->a, sizeof(int32_t) * (len ? len : 1));
	if (n)
		memcpy(path, from, sizeof(int32_t) * n);
	return path;
}

/* Opens a location whose path is the parent's plus n components, starting at the
 * current token (protoc's LocationRecorder constructor). */
static int loc_open(Parser *p, int parent, int n, int32_t c1, int32_t c2)
{
	uint32_t plen = parent == NO_LOC ? 0 : loc_at(p, parent)->path_len;
	int32_t *path = path_new(p, parent == NO_LOC ? NULL : loc_at(p, parent)->path, plen, plen + (uint32_t)n);
	if (path && n >= 1)
		path[plen] = c1;
	if (path && n >= 2)
		path[plen + 1] = c2;
	PcLocation *l = PC_VEC_PUSH(&p->file->locations, PcLocation, p->scratch);
	l->path = path;
	l->path_len = plen + (uint32_t)n;
	l->span = (PcSpan){p->cur.line, p->cur.col, -1, -1};
	return (int)p->file->locations.len - 1;
}

/* The comments recorded at a location, for the element it describes (NULL: none). */
static const PcComments *loc_comments(Parser *p, int loc)
{
	return loc_at(p, loc)->comments;
}

static void loc_add_path(Parser *p, int loc, int32_t c)
{
	PcLocation *l = loc_at(p, loc);
	int32_t *path = path_new(p, l->path, l->path_len, l->path_len + 1);
	if (path)
		path[l->path_len] = c;
	l->path = path;
	l->path_len++;
}

static void loc_start_at(Parser *p, int loc, const PcToken *t)
{
	PcSpan *s = &loc_at(p, loc)->span;
	s->line = t->line;
	s->col = t->col;
}

static void loc_end_at(Parser *p, int loc, const PcToken *t)
{
	PcSpan *s = &loc_at(p, loc)->span;
	s->end_line = t->line;
	s->end_col = t->end_col;
}

/* Closes a location at the previous token unless an end was set explicitly; returns
 * its span for the element. */
static PcSpan loc_close(Parser *p, int loc)
{
	PcSpan *s = &loc_at(p, loc)->span;
	if (s->end_line < 0) {
		s->end_line = p->prev.line;
		s->end_col = p->prev.end_col;
	}
	return *s;
}

static PcSpan token_span(const PcToken *t)
{
	return (PcSpan){t->line, t->col, t->line, t->end_col};
}

/* Span from token a to the end of token b. */
static PcSpan span_between(const PcToken *a, const PcToken *b)
{
	return (PcSpan){a->line, a->col, b->line, b->end_col};
}

/* Consumes `text` if it is current and attaches the comments around it to loc, as
 * protoc's TryConsumeEndOfDeclaration: the leading comment read now belongs to the
 * next declaration, the one read last time to this one. */
static bool try_end_decl(Parser *p, const char *text, int loc)
{
	if (!equal(p, text))
		return false;
	PcLexComments c;
	p->prev = p->cur;
	pc_lexer_next_with_comments(&p->lx, false, &p->cur, &c);
	PcStr leading = p->upcoming_doc;
	p->upcoming_doc = c.leading;
	if (p->lean) {
		/* no comments to attach */
	} else if (loc != NO_LOC) {
		PcLocation *l = loc_at(p, loc);
		if (leading.len || c.trailing.len || p->upcoming_detached.len) {
			l->comments = PC_NEW(p->a, PcComments);
			l->comments->leading = leading;
			l->comments->trailing = c.trailing;
			l->comments->detached = p->upcoming_detached;
		}
		p->upcoming_detached = c.detached;
	} else if (text[0] == '}') {
		p->upcoming_detached = c.detached;
	} else {
		for (uint32_t i = 0; i < c.detached.len; i++)
			*PC_VEC_PUSH(&p->upcoming_detached, PcStr, p->a) = PC_VEC_AT(c.detached, PcStr, i);
	}
	return true;
}

static bool end_decl(Parser *p, const char *text, int loc, const char *what)
{
	if (try_end_decl(p, text, loc))
		return true;
	error(p, "expected '%s' %s, found %s", text, what, found(p));
	return false;
}

/* Skips the rest of a block whose '{' was consumed. After an inner block closes,
 * protoc also skips the token that follows it; we do the same so that recovery
 * reports the same follow-up errors. */
static void skip_rest_of_block(Parser *p)
{
	int depth = 1;
	for (;;) {
		if (at_eof(p))
			return;
		if (p->cur.kind == PC_TOK_SYMBOL) {
			if (try_end_decl(p, "}", NO_LOC)) {
				if (--depth == 0)
					return;
			} else if (consume(p, "{")) {
				depth++;
				continue;
			}
		}
		next(p);
	}
}

/* Skips the rest of a block whose '{' was consumed, matching braces only. Past the
 * depth cap nothing inside is parsed, so protoc's recovery (skip_rest_of_block) would
 * eat one '}' per inner block and report every enclosing block as unclosed. */
static void skip_balanced_block(Parser *p)
{
	for (int depth = 1; depth > 0 && !at_eof(p);) {
		if (p->cur.kind == PC_TOK_SYMBOL && consume(p, "}"))
			depth--;
		else if (p->cur.kind == PC_TOK_SYMBOL && consume(p, "{"))
			depth++;
		else
			next(p);
	}
}

/* "expected '}' to close WHAT at line N, found end of file", once past the depth cap. */
static void unclosed_at_eof(Parser *p, const char *what, int line)
{
	if (!p->eof_quiet)
		error(p, "expected '}' to close %s at line %d, found end of file", what, line);
	p->eof_quiet = p->depth_capped;
}

/* Recovery: skips to the end of the statement (';') or past a '{ ... }' block. */
static void skip_statement(Parser *p)
{
	for (;;) {
		if (at_eof(p))
			return;
		if (p->cur.kind == PC_TOK_SYMBOL) {
			if (try_end_decl(p, ";", NO_LOC))
				return;
			if (consume(p, "{")) {
				skip_rest_of_block(p);
				return;
			}
			if (equal(p, "}"))
				return;
		}
		next(p);
	}
}

/* ---- small helpers ---- */

/* Text of the tokens from `first` up to the previous token: a view into the source
 * when they touch, else the concatenation (protoc joins the identifiers). */
static PcStr joined_text(Parser *p, const PcToken *first, const char *stop, PcArena *a)
{
	const char *s = first->text.ptr;
	const char *e = stop;
	size_t n = 0;
	for (const char *q = s; q < e; q++)
		if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\v' && *q != '\f')
			n++;
	if (n == (size_t)(e - s))
		return (PcStr){s, n};
	/* Whitespace (or, rarely, comments) between the parts: rescan to copy the tokens. */
	char *out = pc_arena_alloc(a, n + 1);
	size_t k = 0;
	PcLexer lx = p->lx;
	lx.quiet = true;
	lx.p = s;
	PcToken t;
	for (;;) {
		pc_lexer_next(&lx, &t);
		if (t.kind == PC_TOK_EOF || t.text.ptr >= e)
			break;
		memcpy(out + k, t.text.ptr, t.text.len);
		k += t.text.len;
	}
	out[k] = '\0';
	return (PcStr){out, k};
}

static bool is_ident(const Parser *p)
{
	return p->cur.kind == PC_TOK_IDENT;
}

static bool ident(Parser *p, PcStr *out, PcSpan *span, const char *what)
{
	if (!is_ident(p)) {
		error(p, "expected %s, found %s", what, found(p));
		return false;
	}
	*out = p->cur.text;
	if (span)
		*span = token_span(&p->cur);
	next(p);
	return true;
}

/* string = strlit { strlit }   (adjacent literals concatenate) */
static bool string_lit(Parser *p, PcStr *out, const char *what, PcArena *a)
{
	if (p->cur.kind != PC_TOK_STRING) {
		error(p, "expected %s, found %s", what, found(p));
		return false;
	}
	char *buf = NULL;
	size_t len = 0;
	while (p->cur.kind == PC_TOK_STRING) {
		pc_lexer_unescape(p->cur.text, &buf, &len, a);
		next(p);
	}
	buf = pc_arena_grow(a, buf, len, len + 1);
	buf[len] = '\0';
	*out = (PcStr){buf, len};
	return true;
}

/* intlit with protoc's range check; out-of-range still consumes the token. */
static bool int_lit(Parser *p, uint64_t max, uint64_t *out, const char *what)
{
	if (p->cur.kind != PC_TOK_INT) {
		error(p, "expected %s, found %s", what, found(p));
		return false;
	}
	if (!pc_lexer_parse_int(p->cur.text, max, out)) {
		error(p, "integer out of range");
		*out = 0;
	}
	next(p);
	return true;
}

static bool int32_lit(Parser *p, int32_t *out, const char *what)
{
	uint64_t v = 0;
	if (!int_lit(p, INT32_MAX_V, &v, what))
		return false;
	*out = (int32_t)v;
	return true;
}

/* signed = [ "-" ] intlit */
static bool signed_int32(Parser *p, int32_t *out, const char *what)
{
	bool neg = consume(p, "-");
	uint64_t v = 0;
	if (!int_lit(p, neg ? (uint64_t)INT32_MAX_V + 1 : INT32_MAX_V, &v, what))
		return false;
	*out = neg ? (int32_t)(-(int64_t)v) : (int32_t)v;
	return true;
}

static PcType scalar_type(PcStr s)
{
	static const struct { const char *name; PcType type; } types[] = {
		{"double", PC_TYPE_DOUBLE}, {"float", PC_TYPE_FLOAT}, {"int64", PC_TYPE_INT64},
		{"uint64", PC_TYPE_UINT64}, {"int32", PC_TYPE_INT32}, {"fixed64", PC_TYPE_FIXED64},
		{"fixed32", PC_TYPE_FIXED32}, {"bool", PC_TYPE_BOOL}, {"string", PC_TYPE_STRING},
		{"group", PC_TYPE_GROUP}, {"bytes", PC_TYPE_BYTES}, {"uint32", PC_TYPE_UINT32},
		{"sfixed32", PC_TYPE_SFIXED32}, {"sfixed64", PC_TYPE_SFIXED64},
		{"sint32", PC_TYPE_SINT32}, {"sint64", PC_TYPE_SINT64},
	};
	if (s.len < 4 || s.len > 8)
		return PC_TYPE_NONE;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (pc_str_eq_c(s, types[i].name))
			return types[i].type;
	return PC_TYPE_NONE;
}

/* user_type = [ "." ] ident { "." ident } */
static bool user_type(Parser *p, PcStr *out)
{
	PcToken first = p->cur;
	if (p->cur.kind == PC_TOK_IDENT && scalar_type(p->cur.text) != PC_TYPE_NONE) {
		error(p, "expected message type, found scalar type %s", found(p));
		*out = p->cur.text;
		next(p);
		return true;
	}
	consume(p, ".");
	PcStr part;
	if (!ident(p, &part, NULL, "type name"))
		return false;
	while (consume(p, "."))
		if (!ident(p, &part, NULL, "identifier"))
			return false;
	*out = joined_text(p, &first, p->prev.text.ptr + p->prev.text.len, p->a);
	return true;
}

/* type = scalar_type | user_type */
static bool field_type(Parser *p, PcType *type, PcStr *type_name)
{
	PcType t = p->cur.kind == PC_TOK_IDENT ? scalar_type(p->cur.text) : PC_TYPE_NONE;
	*type_name = (PcStr){0};
	if (t != PC_TYPE_NONE) {
		*type = t;
		next(p);
		return true;
	}
	*type = PC_TYPE_NONE;
	return user_type(p, type_name);
}

/* ---- option values and text-format aggregates ---- */

static bool agg_message(Parser *p, PcValue *v, const char *close);

/* agg_scalar = [ "-" ] ( intlit | floatlit | ident ) | string */
static bool agg_scalar(Parser *p, PcValue *v)
{
	PcToken first = p->cur;
	bool neg = consume(p, "-");
	v->negative = neg;
	switch (p->cur.kind) {
	case PC_TOK_INT:
		if (neg) {
			if (!pc_lexer_parse_int(p->cur.text, (uint64_t)INT64_MAX + 1, &v->u)) {
				/* text format allows a large negative integer as a double */
				v->kind = PC_VAL_DOUBLE;
				v->d = -pc_lexer_parse_float(p->cur.text);
			} else {
				v->kind = PC_VAL_NEG_INT;
				v->i = (int64_t)(0 - v->u);
			}
		} else if (!pc_lexer_parse_int(p->cur.text, UINT64_MAX, &v->u)) {
			v->kind = PC_VAL_DOUBLE;
			v->d = pc_lexer_parse_float(p->cur.text);
		} else {
			v->kind = PC_VAL_UINT;
		}
		next(p);
		break;
	case PC_TOK_FLOAT:
		v->kind = PC_VAL_DOUBLE;
		v->d = pc_lexer_parse_float(p->cur.text);
		if (neg)
			v->d = -v->d;
		next(p);
		break;
	case PC_TOK_IDENT:
		v->kind = neg ? PC_VAL_DOUBLE : PC_VAL_IDENT;
		v->s = p->cur.text;
		if (neg) {
			if (pc_str_eq_c(p->cur.text, "inf") || pc_str_eq_c(p->cur.text, "infinity"))
				v->d = -INFINITY;
			else if (pc_str_eq_c(p->cur.text, "nan"))
				v->d = -NAN;
			else {
				error(p, "expected number after '-', found %s", found(p));
				return false;
			}
		}
		next(p);
		break;
	case PC_TOK_STRING:
		if (neg) {
			error(p, "invalid '-' before a string");
			return false;
		}
		v->kind = PC_VAL_STRING;
		string_lit(p, &v->s, "string", p->oa);
		break;
	case PC_TOK_START:
	case PC_TOK_EOF:
	case PC_TOK_SYMBOL:
	case PC_TOK_ERROR:
		error(p, "expected value, found %s", found(p));
		return false;
	}
	v->span = span_between(&first, &p->prev);
	return true;
}

/* agg_value = agg_scalar | "{" agg_body "}" | "<" agg_body ">" */
static bool agg_value(Parser *p, PcValue *v)
{
	if (equal(p, "{"))
		return agg_message(p, v, "}");
	if (equal(p, "<"))
		return agg_message(p, v, ">");
	return agg_scalar(p, v);
}

/* agg_field = agg_name [ ":" ] ( agg_value | "[" [ agg_value { "," agg_value } ] "]" )
 * agg_name  = ident | "[" ident { "." ident } [ "/" ident { "." ident } ] "]"
 * (':' may only be left out before a message value, as in text format) */
static bool agg_field(Parser *p, PcAggField *f)
{
	PcToken first = p->cur;
	if (consume(p, "[")) {
		PcToken name_first = p->cur;
		PcStr part;
		f->is_extension = true;
		if (!ident(p, &part, NULL, "extension or type name"))
			return false;
		for (;;) {
			if (consume(p, ".")) {
				if (!ident(p, &part, NULL, "identifier"))
					return false;
			} else if (consume(p, "/")) {
				f->is_any = true;
				f->is_extension = false;
				if (!ident(p, &part, NULL, "type name"))
					return false;
			} else {
				break;
			}
		}
		f->name = joined_text(p, &name_first, p->prev.text.ptr + p->prev.text.len, p->oa);
		if (!expect(p, "]", "after extension name"))
			return false;
	} else if (!ident(p, &f->name, NULL, "field name")) {
		return false;
	}
	f->name_span = span_between(&first, &p->prev);
	bool colon = consume(p, ":");
	if (equal(p, "[")) {
		PcToken open = p->cur;
		next(p);
		f->value.kind = PC_VAL_LIST;
		if (!equal(p, "]")) {
			do {
				PcValue *item = PC_VEC_PUSH(&f->value.items, PcValue, p->oa);
				if (!agg_value(p, item))
					return false;
			} while (consume(p, ","));
		}
		if (!consume(p, "]")) {
			error(p, "expected ']' to close '[' at line %d, found %s", open.line + 1, found(p));
			return false;
		}
		f->value.span = span_between(&open, &p->prev);
	} else {
		if (!colon && !equal(p, "{") && !equal(p, "<")) {
			error(p, "expected ':' after field name, found %s", found(p));
			return false;
		}
		if (!agg_value(p, &f->value))
			return false;
	}
	return true;
}

/* Skips tokens up to (not including) the `close` that ends the current aggregate. */
static void skip_to_close(Parser *p, const char *close)
{
	int depth = 0;
	while (!at_eof(p)) {
		if (depth == 0 && equal(p, close))
			return;
		if (equal(p, "{") || equal(p, "<"))
			depth++;
		else if (equal(p, "}") || equal(p, ">"))
			depth--;
		next(p);
	}
}

/* agg_message = "{" { agg_field [ "," | ";" ] } "}" */
static bool agg_message(Parser *p, PcValue *v, const char *close)
{
	PcToken open = p->cur;
	next(p);
	v->kind = PC_VAL_AGGREGATE;
	if (++p->depth > MAX_DEPTH) {
		error_at(p, &open, "aggregate value nested too deeply (over %d levels)", MAX_DEPTH);
		p->depth--;
		return false;
	}
	p->agg_depth++;
	bool ok = true;
	while (!equal(p, close)) {
		if (at_eof(p)) {
			error(p, "expected '%s' to close '%.*s' at line %d, found end of file", close,
			      (int)open.text.len, open.text.ptr, open.line + 1);
			ok = false;
			break;
		}
		if (equal(p, "#")) {
			/* protoc joins an aggregate's tokens into one line before handing it to
			 * the text-format parser, where '#' starts a comment: the rest of the
			 * aggregate vanishes. At the outermost level that leaves a valid value. */
			if (p->agg_depth > 1) {
				error(p, "'#' inside a nested aggregate value comments out its closing '}'");
				ok = false;
				break;
			}
			skip_to_close(p, close);
			continue;
		}
		PcAggField *f = PC_VEC_PUSH(&v->fields, PcAggField, p->oa);
		if (!agg_field(p, f)) {
			ok = false;
			break;
		}
		if (!consume(p, ","))
			consume(p, ";");
	}
	p->depth--;
	p->agg_depth--;
	if (!ok)
		return false;
	next(p);
	v->span = span_between(&open, &p->prev);
	return true;
}

/* After a malformed aggregate, skips to its closing brace by counting braces the way
 * protoc delimits an aggregate value, so the statement around it can still end well. */
static void skip_aggregate(Parser *p, const PcToken *open)
{
	PcLexer lx = p->lx;
	lx.quiet = true;
	lx.p = open->text.ptr;
	PcToken t;
	int depth = 0;
	for (;;) {
		pc_lexer_next(&lx, &t);
		if (t.kind == PC_TOK_EOF || t.off >= p->cur.off)
			break;
		if (t.kind == PC_TOK_SYMBOL && t.text.ptr[0] == '{')
			depth++;
		else if (t.kind == PC_TOK_SYMBOL && t.text.ptr[0] == '}')
			depth--;
	}
	while (depth > 0 && !at_eof(p)) {
		if (equal(p, "{"))
			depth++;
		else if (equal(p, "}"))
			depth--;
		next(p);
	}
}

/* option_name = name_part { "." name_part }
 * name_part   = ident | "(" [ "." ] ident { "." ident } ")" */
static bool option_name(Parser *p, PcOption *opt, int loc)
{
	int name_loc = loc_open(p, loc, 1, F_UO_NAME, 0);
	PcToken first = p->cur;
	bool ok = true;
	do {
		int part_loc = loc_open(p, name_loc, 1, (int32_t)opt->parts.len, 0);
		PcOptionNamePart *part = PC_VEC_PUSH(&opt->parts, PcOptionNamePart, p->oa);
		PcToken part_first = p->cur;
		if (consume(p, "(")) {
			int in = loc_open(p, part_loc, 1, F_NAMEPART_NAME, 0);
			PcToken name_first = p->cur;
			PcStr s;
			if (is_ident(p))
				next(p);
			while (ok && consume(p, "."))
				ok = ident(p, &s, NULL, "identifier");
			if (ok && p->prev.text.ptr == part_first.text.ptr) {
				error(p, "expected extension name, found %s", found(p));
				ok = false;
			}
			loc_close(p, in);
			if (ok) {
				part->name = joined_text(p, &name_first, p->prev.text.ptr + p->prev.text.len, p->oa);
				ok = expect(p, ")", "after extension name");
			}
			part->is_extension = true;
		} else {
			int in = loc_open(p, part_loc, 1, F_NAMEPART_NAME, 0);
			ok = ident(p, &part->name, NULL, "option name");
			loc_close(p, in);
		}
		part->span = span_between(&part_first, &p->prev);
		loc_close(p, part_loc);
	} while (ok && consume(p, "."));
	opt->name_span = span_between(&first, &p->prev);
	loc_close(p, name_loc);
	return ok;
}

/* option_value = [ "-" ] ( intlit | floatlit | ident ) | string | "{" agg_body "}" */
static bool option_value(Parser *p, PcValue *v, int loc)
{
	int vloc = loc_open(p, loc, 0, 0, 0);
	PcToken first = p->cur;
	bool neg = equal(p, "-");
	bool ok = true;
	if (neg)
		next(p);
	switch (p->cur.kind) {
	case PC_TOK_START:
	case PC_TOK_EOF:
	case PC_TOK_ERROR:
		error(p, "expected option value, found %s", found(p));
		ok = false;
		break;
	case PC_TOK_IDENT:
		if (neg) {
			/* protoc 3.21 rejects -inf/-nan here; later protocs accept them */
			loc_add_path(p, vloc, F_UO_DOUBLE);
			if (!pc_str_eq_c(p->cur.text, "inf") && !pc_str_eq_c(p->cur.text, "nan")) {
				error(p, "invalid '-' before identifier (only -inf and -nan are numbers)");
				ok = false;
				break;
			}
		} else {
			loc_add_path(p, vloc, F_UO_IDENT);
		}
		v->negative = neg;
		if (neg) {
			v->kind = PC_VAL_DOUBLE;
			v->d = pc_str_eq_c(p->cur.text, "inf") ? -INFINITY : -NAN;
		} else {
			v->kind = PC_VAL_IDENT;
		}
		v->s = p->cur.text;
		next(p);
		break;
	case PC_TOK_INT:
		loc_add_path(p, vloc, neg ? F_UO_NEG_INT : F_UO_POS_INT);
		{
			uint64_t u = 0;
			if (!pc_lexer_parse_int(p->cur.text, neg ? (uint64_t)INT64_MAX + 1 : UINT64_MAX, &u)) {
				error(p, "integer out of range");
				u = 0;
			}
			v->kind = neg ? PC_VAL_NEG_INT : PC_VAL_UINT;
			if (neg)
				v->i = (int64_t)(0 - u);
			else
				v->u = u;
			v->negative = neg;
			next(p);
		}
		break;
	case PC_TOK_FLOAT:
		loc_add_path(p, vloc, F_UO_DOUBLE);
		v->kind = PC_VAL_DOUBLE;
		v->d = pc_lexer_parse_float(p->cur.text);
		if (neg)
			v->d = -v->d;
		v->negative = neg;
		next(p);
		break;
	case PC_TOK_STRING:
		loc_add_path(p, vloc, F_UO_STRING);
		if (neg) {
			error(p, "invalid '-' before a string");
			ok = false;
			break;
		}
		v->kind = PC_VAL_STRING;
		string_lit(p, &v->s, "string", p->oa);
		break;
	case PC_TOK_SYMBOL:
		if (!neg && equal(p, "{")) {
			loc_add_path(p, vloc, F_UO_AGGREGATE);
			PcToken open = p->cur;
			ok = agg_message(p, v, "}");
			if (!ok)
				skip_aggregate(p, &open);
		} else {
			error(p, "expected option value, found %s", found(p));
			ok = false;
		}
		break;
	}
	if (ok)
		v->span = span_between(&first, &p->prev);
	loc_close(p, vloc);
	return ok;
}

/* option = option_name "=" option_value    (a statement adds "option" before, ";" after)
 * Each option gets the uninterpreted_option location protoc gives it (path ... 999 i);
 * the resolver rewrites those paths when it interprets the options, as protoc does. */
static bool option_body(Parser *p, PcOptions *opts, int opts_loc, bool statement)
{
	int loc = loc_open(p, opts_loc, 2, F_UNINTERPRETED, (int32_t)opts->list.len);
	if (statement)
		next(p);
	/* Lists grow in scratch (an element's options may be spread over its body);
	 * keep_options() moves each to the file's arena at its final size. */
	PcOption *opt = PC_VEC_PUSH(&opts->list, PcOption, p->scratch);
	opts->present = true;
	bool ok = option_name(p, opt, loc) && expect(p, "=", "after option name") &&
		  option_value(p, &opt->value, loc);
	if (ok && statement)
		ok = end_decl(p, ";", loc, "after option");
	loc_close(p, loc);
	return ok;
}

static PcTokKind peek_kind(Parser *p, PcStr *text)
{
	PcLexer save = p->lx;
	p->lx.quiet = true;
	PcToken t;
	pc_lexer_next(&p->lx, &t);
	p->lx = save;
	*text = t.text;
	return t.kind;
}

static const char *syntax_name(const PcFile *f)
{
	switch (f->syntax) {
	case PC_SYNTAX_PROTO2:
		return "proto2";
	case PC_SYNTAX_PROTO3:
		return "proto3";
	case PC_SYNTAX_EDITIONS:
		return f->edition == PC_EDITION_2023 ? "edition 2023" : "this edition";
	}
	return "this syntax";
}

/* Edition 2024: `export` / `local` before a message or enum. */
static PcVisibility visibility(Parser *p)
{
	if (!is_ident(p))
		return PC_VIS_UNSET;
	bool exp = equal(p, "export");
	if (!exp && !equal(p, "local"))
		return PC_VIS_UNSET;
	PcStr t;
	if (peek_kind(p, &t) != PC_TOK_IDENT || !(pc_str_eq_c(t, "message") || pc_str_eq_c(t, "enum")))
		return PC_VIS_UNSET;
	return exp ? PC_VIS_EXPORT : PC_VIS_LOCAL;
}

/* Moves the start of location loc to the current token: protoc and buf start the span of
 * a message or enum at its keyword, after any visibility modifier. */
static void loc_restart(Parser *p, int loc)
{
	PcLocation *l = loc_at(p, loc);
	l->span.line = p->cur.line;
	l->span.col = p->cur.col;
}

/* Consumes a visibility modifier found by visibility(), reporting it in files older than
 * edition 2024 (it is then taken as meant, so parsing goes on undisturbed). */
static void take_visibility(Parser *p, PcVisibility vis, int loc)
{
	if (p->file->edition < PC_EDITION_2024)
		error(p, "'%s' is not supported in %s (it needs edition 2024)",
		      vis == PC_VIS_EXPORT ? "export" : "local", syntax_name(p->file));
	next(p);
	loc_restart(p, loc);
}


/* Where a field's synthesized messages (groups, map entries) go. */
typedef struct Scope {
	PcMessage *msg;   /* NULL at file level */
	PcVec *nested;    /* msg->nested or file->messages */
	int loc;          /* the message's (or the file's root) location */
	int nested_field; /* path field number of `nested` */
} Scope;

static PcMessage *new_message(Parser *p, Scope *s, PcStr name)
{
	PcMessage *m = PC_NEW(p->a, PcMessage);
	m->name = name;
	m->parent = s->msg;
	m->file = p->file;
	m->index = s->nested->len;
	m->span = m->name_span = PC_NO_SPAN;
	*PC_VEC_PUSH(s->nested, PcMessage *, p->a) = m;
	return m;
}

static PcField *new_field(Parser *p, PcVec *list, PcMessage *parent)
{
	PcField *f = PC_NEW(p->a, PcField);
	f->parent = parent;
	f->file = p->file;
	f->index = list->len;
	f->oneof_index = -1;
	f->span = f->type_span = f->name_span = f->number_span = PC_NO_SPAN;
	*PC_VEC_PUSH(list, PcField *, p->a) = f;
	return f;
}

static bool message_block(Parser *p, PcMessage *m, int mloc);

/* default = "default" "=" value   (checked against the field's scalar type) */
static bool default_assign(Parser *p, PcField *f, int floc)
{
	if (f->has_default)
		error(p, "option 'default' is already set");
	next(p);
	if (!expect(p, "=", "after 'default'"))
		return false;
	int loc = loc_open(p, floc, 1, F_FIELD_DEFAULT, 0);
	PcToken first = p->cur;
	PcFieldExtra *x = pc_field_extra(f, p->a);
	PcValue *v = x->default_literal = PC_NEW(p->a, PcValue);
	bool ok = true;
	switch (f->type) {
	case PC_TYPE_NONE:
		/* enum or message: not known yet; protoc takes the token as it is */
		v->kind = PC_VAL_IDENT;
		v->s = p->cur.text;
		next(p);
		break;
	case PC_TYPE_INT32:
	case PC_TYPE_INT64:
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
	case PC_TYPE_SFIXED32:
	case PC_TYPE_SFIXED64:
	case PC_TYPE_UINT32:
	case PC_TYPE_UINT64:
	case PC_TYPE_FIXED32:
	case PC_TYPE_FIXED64: {
		bool is64 = f->type == PC_TYPE_INT64 || f->type == PC_TYPE_SINT64 || f->type == PC_TYPE_SFIXED64;
		bool is_unsigned = f->type == PC_TYPE_UINT32 || f->type == PC_TYPE_UINT64 ||
				   f->type == PC_TYPE_FIXED32 || f->type == PC_TYPE_FIXED64;
		uint64_t max = is_unsigned ? (f->type == PC_TYPE_UINT64 || f->type == PC_TYPE_FIXED64 ? UINT64_MAX : UINT32_MAX)
					   : (is64 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX_V);
		bool neg = consume(p, "-");
		if (neg && is_unsigned)
			error(p, "unsigned field can't have a negative default value");
		else if (neg)
			max++;
		uint64_t u = 0;
		ok = int_lit(p, max, &u, "integer for field default value");
		v->negative = neg;
		v->kind = neg ? PC_VAL_NEG_INT : PC_VAL_UINT;
		if (neg)
			v->i = (int64_t)(0 - u);
		else
			v->u = u;
		break;
	}
	case PC_TYPE_FLOAT:
	case PC_TYPE_DOUBLE: {
		bool neg = consume(p, "-");
		v->kind = PC_VAL_DOUBLE;
		v->negative = neg;
		if (p->cur.kind == PC_TOK_FLOAT || p->cur.kind == PC_TOK_INT) {
			uint64_t u;
			if (p->cur.kind == PC_TOK_INT && !pc_lexer_parse_int(p->cur.text, UINT64_MAX, &u))
				error(p, "integer out of range");
			v->d = pc_lexer_parse_float(p->cur.text);
			if (p->cur.kind == PC_TOK_INT && (p->cur.text.len > 1 && p->cur.text.ptr[0] == '0'))
				v->d = pc_lexer_parse_int(p->cur.text, UINT64_MAX, &u) ? (double)u : 0;
		} else if (equal(p, "inf")) {
			v->d = INFINITY;
		} else if (equal(p, "nan")) {
			v->d = NAN;
		} else {
			error(p, "expected number, found %s", found(p));
			ok = false;
			break;
		}
		if (neg)
			v->d = -v->d;
		next(p);
		break;
	}
	case PC_TYPE_BOOL:
		if (equal(p, "true") || equal(p, "false")) {
			v->kind = PC_VAL_IDENT;
			v->s = p->cur.text;
			next(p);
		} else {
			error(p, "expected 'true' or 'false', found %s", found(p));
			ok = false;
		}
		break;
	case PC_TYPE_STRING:
	case PC_TYPE_BYTES:
		v->kind = PC_VAL_STRING;
		ok = string_lit(p, &v->s, "string for field default value", p->a);
		break;
	case PC_TYPE_ENUM:
		v->kind = PC_VAL_IDENT;
		ok = ident(p, &v->s, NULL, "enum identifier for field default value");
		break;
	case PC_TYPE_MESSAGE:
	case PC_TYPE_GROUP:
		error(p, "messages can't have default values");
		ok = false;
		break;
	}
	if (ok) {
		f->has_default = true;
		x->default_span = span_between(&first, &p->prev);
		v->span = x->default_span;
		x->default_value = (PcStr){first.text.ptr, (size_t)(p->prev.text.ptr + p->prev.text.len - first.text.ptr)};
	}
	loc_close(p, loc);
	return ok;
}

/* json_name = "json_name" "=" string */
static bool json_name(Parser *p, PcField *f, int floc)
{
	if (f->has_json_name)
		error(p, "option 'json_name' is already set");
	int loc = loc_open(p, floc, 1, F_FIELD_JSON_NAME, 0);
	next(p);
	bool ok = expect(p, "=", "after 'json_name'");
	if (ok) {
		int vloc = loc_open(p, loc, 0, 0, 0);
		PcToken first = p->cur;
		ok = string_lit(p, &f->json_name, "string for JSON name", p->a);
		if (ok) {
			f->has_json_name = true;
			pc_field_extra(f, p->a)->json_name_span = span_between(&first, &p->prev);
		}
		loc_close(p, vloc);
	}
	loc_close(p, loc);
	return ok;
}

/* field_options = "[" field_option { "," field_option } "]"
 * field_option  = default | json_name | option */
static bool field_options(Parser *p, PcField *f, int floc)
{
	if (!equal(p, "["))
		return true;
	int oloc = loc_open(p, floc, 1, F_FIELD_OPTIONS, 0);
	PcToken open = p->cur;
	next(p);
	bool ok = true;
	do {
		if (equal(p, "default"))
			ok = default_assign(p, f, floc);
		else if (equal(p, "json_name"))
			ok = json_name(p, f, floc);
		else
			ok = option_body(p, &f->opts, oloc, false);
	} while (ok && consume(p, ","));
	if (ok && !consume(p, "]")) {
		error(p, "expected ']' to close '[' at line %d, found %s", open.line + 1, found(p));
		ok = false;
	}
	loc_close(p, oloc);
	return ok;
}

static PcStr map_entry_name(Parser *p, PcStr field)
{
	char *s = pc_arena_alloc(p->a, field.len + 6);
	size_t n = 0;
	bool cap = true;
	for (size_t i = 0; i < field.len; i++) {
		char c = field.ptr[i];
		if (c == '_') {
			cap = true;
		} else if (cap) {
			s[n++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
			cap = false;
		} else {
			s[n++] = c;
		}
	}
	memcpy(s + n, "Entry", 6);
	return (PcStr){s, n + 5};
}

static void map_entry(Parser *p, PcField *f, Scope *s, PcType kt, PcStr ktn, PcType vt, PcStr vtn)
{
	PcMessage *e = new_message(p, s, map_entry_name(p, f->name));
	e->is_map_entry = true;
	e->opts.present = true;
	e->span = f->type_span; /* buf places the entry message at `map<K, V>` */
	e->name_span = f->name_span;
	static const char *names[] = {"key", "value"};
	for (int i = 0; i < 2; i++) {
		PcField *k = new_field(p, &e->fields, e);
		k->name = pc_str(names[i]);
		k->number = i + 1;
		k->label = PC_LABEL_OPTIONAL;
		k->type = i == 0 ? kt : vt;
		k->type_name = i == 0 ? ktn : vtn;
		k->span = f->type_span;
	}
	f->type_name = e->name;
	f->is_map = true;
	f->group_type = e;
}

/* protoc's parser hands the map field's `features.*` options on to the entry's key and
 * value fields (so that generators and reflection see them there); no source location
 * goes with the copies. */
static void map_entry_features(Parser *p, PcField *f)
{
	for (uint32_t i = 0; i < f->opts.list.len; i++) {
		const PcOption *o = &PC_VEC_AT(f->opts.list, PcOption, i);
		const PcOptionNamePart *first = o->parts.len ? o->parts.items : NULL;
		if (!first || first->is_extension || !pc_str_eq_c(first->name, "features"))
			continue;
		for (uint32_t k = 0; k < f->group_type->fields.len; k++) {
			PcField *kv = PC_VEC_AT(f->group_type->fields, PcField *, k);
			*PC_VEC_PUSH(&kv->opts.list, PcOption, p->scratch) = *o;
		}
	}
}

static bool is_label(const Parser *p)
{
	return equal(p, "optional") || equal(p, "repeated") || equal(p, "required");
}

/* field_rest = type ident "=" intlit [ field_options ] ( ";" | group_body )
 * type       = "map" "<" type "," type ">" | "group" | scalar_type | user_type */
static bool field_no_label(Parser *p, PcField *f, Scope *s, int floc)
{
	PcToken type_first = p->cur;
	int tloc = loc_open(p, floc, 0, 0, 0);
	bool is_map = false, type_parsed = false;
	PcType kt = PC_TYPE_NONE, vt = PC_TYPE_NONE;
	PcStr ktn = {0}, vtn = {0};
	if (equal(p, "map")) {
		next(p);
		if (equal(p, "<")) {
			is_map = true;
		} else {
			type_parsed = true;
			f->type = PC_TYPE_NONE;
			f->type_name = p->prev.text;
		}
	}
	if (is_map) {
		const char *bad = f->oneof_index >= 0 ? "map fields are not allowed in oneofs"
				  : f->label != PC_LABEL_NONE ? "field labels (required/optional/repeated) are not allowed on map fields"
				  : f->is_extension ? "map fields are not allowed to be extensions" : NULL;
		if (bad) {
			error(p, "%s", bad);
			loc_close(p, tloc);
			return false;
		}
		f->label = PC_LABEL_REPEATED;
		next(p);
		bool ok = field_type(p, &kt, &ktn) && expect(p, ",", "after map key type") &&
			  field_type(p, &vt, &vtn) && expect(p, ">", "after map value type");
		if (!ok) {
			loc_close(p, tloc);
			return false;
		}
		loc_add_path(p, tloc, F_FIELD_TYPE_NAME);
	} else {
		if (f->label == PC_LABEL_NONE && f->oneof_index < 0 && p->syntax == PC_SYNTAX_PROTO2)
			error(p, "expected 'required', 'optional' or 'repeated' (proto2 fields need a label)");
		if (!type_parsed && equal(p, "group") && p->syntax != PC_SYNTAX_PROTO2)
			error(p, p->syntax == PC_SYNTAX_PROTO3 ? "groups are not supported in proto3"
				 : "group syntax is not supported in editions (use a message field with features.message_encoding = DELIMITED)");
		if (!type_parsed && !field_type(p, &f->type, &f->type_name)) {
			loc_close(p, tloc);
			return false;
		}
		loc_add_path(p, tloc, f->type_name.len ? F_FIELD_TYPE_NAME : F_FIELD_TYPE);
	}
	f->type_span = loc_close(p, tloc);

	PcToken name_tok = p->cur;
	int nloc = loc_open(p, floc, 1, F_FIELD_NAME, 0);
	bool ok = ident(p, &f->name, &f->name_span, "field name");
	loc_close(p, nloc);
	if (!ok)
		return false;
	if (!consume(p, "=")) {
		error(p, "missing field number (expected '=', found %s)", found(p));
		return false;
	}
	int numloc = loc_open(p, floc, 1, F_FIELD_NUMBER, 0);
	PcToken num = p->cur;
	ok = int32_lit(p, &f->number, "field number");
	loc_close(p, numloc);
	if (!ok)
		return false;
	f->number_span = token_span(&num);
	if (!field_options(p, f, floc))
		return false;

	if (f->type == PC_TYPE_GROUP) {
		/* A group declares a message and a field at once; protoc gives them
		 * overlapping locations. */
		int gloc = loc_open(p, s->loc, 2, s->nested_field, (int32_t)s->nested->len);
		PcSpan fs = loc_at(p, floc)->span;
		PcSpan *gs = &loc_at(p, gloc)->span;
		gs->line = fs.line;
		gs->col = fs.col;
		PcMessage *g = new_message(p, s, f->name);
		g->name_span = f->name_span;
		int l = loc_open(p, gloc, 1, F_MSG_NAME, 0);
		loc_start_at(p, l, &name_tok);
		loc_end_at(p, l, &name_tok);
		l = loc_open(p, floc, 1, F_FIELD_TYPE_NAME, 0);
		loc_start_at(p, l, &name_tok);
		loc_end_at(p, l, &name_tok);
		if (f->name.len && !(f->name.ptr[0] >= 'A' && f->name.ptr[0] <= 'Z'))
			error_at(p, &name_tok, "group names must start with a capital letter");
		char *lower = pc_arena_strndup(p->a, f->name.ptr, f->name.len);
		for (size_t i = 0; i < f->name.len; i++)
			if (lower[i] >= 'A' && lower[i] <= 'Z')
				lower[i] = (char)(lower[i] - 'A' + 'a');
		f->name = (PcStr){lower, f->name.len};
		f->type_name = g->name;
		f->is_group = true;
		f->group_type = g;
		if (!equal(p, "{")) {
			error(p, "missing group body (expected '{', found %s)", found(p));
			loc_close(p, gloc);
			return false;
		}
		ok = message_block(p, g, gloc);
		g->span = loc_close(p, gloc);
		g->comments = loc_comments(p, gloc);
		return ok;
	}
	if (!end_decl(p, ";", floc, "after field declaration"))
		return false;
	if (is_map) {
		f->span = span_between(&type_first, &p->prev);
		map_entry(p, f, s, kt, ktn, vt, vtn);
		map_entry_features(p, f);
	}
	return true;
}

/* field = [ label ] field_rest
 * label = "optional" | "repeated" | "required" */
static bool field_decl(Parser *p, PcField *f, Scope *s, int floc)
{
	if (is_label(p)) {
		int lloc = loc_open(p, floc, 1, F_FIELD_LABEL, 0);
		f->label = equal(p, "optional") ? PC_LABEL_OPTIONAL : equal(p, "repeated") ? PC_LABEL_REPEATED : PC_LABEL_REQUIRED;
		PcToken label = p->cur;
		next(p);
		loc_close(p, lloc);
		if (p->syntax == PC_SYNTAX_PROTO3 && f->label == PC_LABEL_REQUIRED)
			error(p, "required fields are not allowed in proto3");
		if (p->syntax == PC_SYNTAX_PROTO3 && f->label == PC_LABEL_OPTIONAL)
			f->proto3_optional = true;
		if (p->syntax == PC_SYNTAX_EDITIONS && f->label == PC_LABEL_OPTIONAL)
			error_at(p, &label, "label 'optional' is not allowed in editions (fields have presence by default)");
		if (p->syntax == PC_SYNTAX_EDITIONS && f->label == PC_LABEL_REQUIRED)
			error_at(p, &label, "label 'required' is not allowed in editions (use features.field_presence = LEGACY_REQUIRED)");
	}
	return field_no_label(p, f, s, floc);
}

static void finish_field(Parser *p, PcField *f, int floc)
{
	PcSpan sp = loc_close(p, floc);
	if (!f->is_map)
		f->span = sp;
	f->comments = loc_comments(p, floc);
}

/* extend = "extend" user_type "{" field { field } "}" */
static bool extend_decl(Parser *p, PcVec *exts, Scope *s, int eloc)
{
	PcToken kw = p->cur;
	next(p);
	PcToken ext_first = p->cur;
	PcStr extendee;
	if (!user_type(p, &extendee))
		return false;
	PcToken ext_last = p->prev;
	if (!end_decl(p, "{", eloc, "after extendee"))
		return false;
	uint32_t first_new = exts->len;
	do {
		if (at_eof(p)) {
			unclosed_at_eof(p, "'extend' block", kw.line + 1);
			return false;
		}
		int floc = loc_open(p, eloc, 1, (int32_t)exts->len, 0);
		PcField *f = new_field(p, exts, s->msg);
		f->is_extension = true;
		pc_field_extra(f, p->a)->extendee = extendee;
		int l = loc_open(p, floc, 1, F_FIELD_EXTENDEE, 0);
		loc_start_at(p, l, &ext_first);
		loc_end_at(p, l, &ext_last);
		if (!field_decl(p, f, s, floc))
			skip_statement(p);
		finish_field(p, f, floc);
	} while (!try_end_decl(p, "}", NO_LOC));
	PcSpan block = span_between(&kw, &p->prev);
	for (uint32_t i = first_new; i < exts->len; i++)
		pc_field_extra(PC_VEC_AT(*exts, PcField *, i), p->a)->extend_span = block;
	return true;
}

/* range  = number [ "to" ( number | "max" ) ]
 * Message ranges are stored with an exclusive end; enum ranges inclusively. `max`
 * is recorded as -1 and fixed up once the message's options are known. */
static bool range(Parser *p, PcRange *r, int rloc, bool is_enum, bool allow_max, const char *what)
{
	r->span = r->start_span = r->end_span = PC_NO_SPAN;
	int sloc = loc_open(p, rloc, 1, F_RANGE_START, 0);
	PcToken start_tok = p->cur;
	bool ok = is_enum ? signed_int32(p, &r->start, what) : int32_lit(p, &r->start, what);
	loc_close(p, sloc);
	if (!ok)
		return false;
	r->start_span = span_between(&start_tok, &p->prev);
	bool to = consume(p, "to");
	int eloc = loc_open(p, rloc, 1, F_RANGE_END, 0);
	if (to) {
		PcToken end_tok = p->cur;
		if (allow_max && consume(p, "max")) {
			r->end = is_enum ? INT32_MAX_V : -1;
		} else {
			ok = is_enum ? signed_int32(p, &r->end, "integer") : int32_lit(p, &r->end, "integer");
			if (ok && !is_enum)
				r->end++;
		}
		r->end_span = span_between(&end_tok, &p->prev);
	} else {
		loc_start_at(p, eloc, &start_tok);
		loc_end_at(p, eloc, &p->prev);
		r->end = is_enum ? r->start : r->start + 1;
		r->end_span = r->start_span;
	}
	loc_close(p, eloc);
	r->span = span_between(&start_tok, &p->prev);
	return ok;
}

/* reserved = "reserved" ( range { "," range } | name { "," name } ) ";"
 * name     = string (proto2, proto3) | ident (editions) */
static bool reserved(Parser *p, PcVec *ranges, PcVec *names, int parent, bool is_enum)
{
	PcToken kw = p->cur;
	next(p);
	bool editions = p->syntax == PC_SYNTAX_EDITIONS;
	if (p->cur.kind == PC_TOK_STRING || (editions && is_ident(p))) {
		int loc = loc_open(p, parent, 1, is_enum ? F_ENUM_RESERVED_NAME : F_MSG_RESERVED_NAME, 0);
		loc_start_at(p, loc, &kw);
		bool ok = true;
		do {
			int l = loc_open(p, loc, 1, (int32_t)names->len, 0);
			PcReservedName *n = PC_VEC_PUSH(names, PcReservedName, p->a);
			PcToken first = p->cur;
			if (editions) {
				if (p->cur.kind == PC_TOK_STRING) {
					error(p, "reserved names must be identifiers in editions, not string literals");
					ok = string_lit(p, &n->name, "name", p->a);
				} else {
					ok = ident(p, &n->name, NULL, "field name");
				}
			} else {
				ok = string_lit(p, &n->name, "field name", p->a);
			}
			n->span = span_between(&first, &p->prev);
			loc_close(p, l);
		} while (ok && consume(p, ","));
		ok = ok && end_decl(p, ";", loc, "after reserved names");
		loc_close(p, loc);
		return ok;
	}
	int loc = loc_open(p, parent, 1, is_enum ? F_ENUM_RESERVED_RANGE : F_MSG_RESERVED_RANGE, 0);
	loc_start_at(p, loc, &kw);
	bool ok = true, first = true;
	do {
		int l = loc_open(p, loc, 1, (int32_t)ranges->len, 0);
		PcRange *r = PC_VEC_PUSH(ranges, PcRange, p->a);
		ok = range(p, r, l, is_enum, true,
			   first ? (editions ? "field name or number range" : "field number range or quoted field name")
				 : "field number range");
		loc_close(p, l);
		first = false;
	} while (ok && consume(p, ","));
	ok = ok && end_decl(p, ";", loc, "after reserved ranges");
	loc_close(p, loc);
	return ok;
}

/* extensions = "extensions" range { "," range } [ "[" option { "," option } "]" ] ";"
 * The options apply to every range of the statement; protoc records their locations
 * once per range, so we parse them into a scratch list and copy them per range. */
static bool extensions(Parser *p, PcMessage *m, int eloc)
{
	next(p);
	uint32_t old = m->ext_ranges.len;
	bool ok = true;
	do {
		int l = loc_open(p, eloc, 1, (int32_t)m->ext_ranges.len, 0);
		PcRange *r = PC_VEC_PUSH(&m->ext_ranges, PcRange, p->a);
		ok = range(p, r, l, false, true, "field number range");
		loc_close(p, l);
	} while (ok && consume(p, ","));
	if (ok && equal(p, "[")) {
		PcLocation *el = loc_at(p, eloc);
		uint32_t idx_pos = el->path_len;
		PcVec saved = p->file->locations;
		p->file->locations = (PcVec){0};
		PcLocation *il = PC_VEC_PUSH(&p->file->locations, PcLocation, p->scratch);
		il->path = path_new(p, el->path, idx_pos, idx_pos + 1);
		if (il->path)
			il->path[idx_pos] = 0;
		il->path_len = idx_pos + 1;
		il->span = (PcSpan){p->cur.line, p->cur.col, -1, -1};
		PcOptions *opts = &PC_VEC_AT(m->ext_ranges, PcRange, old).opts;
		int oloc = loc_open(p, 0, 1, F_RANGE_OPTIONS, 0);
		PcToken open = p->cur;
		next(p);
		do
			ok = option_body(p, opts, oloc, false);
		while (ok && consume(p, ","));
		if (ok && !consume(p, "]")) {
			error(p, "expected ']' to close '[' at line %d, found %s", open.line + 1, found(p));
			ok = false;
		}
		loc_close(p, oloc);
		loc_close(p, 0);
		PcVec scratch = p->file->locations;
		p->file->locations = saved;
		for (uint32_t i = old; i < m->ext_ranges.len; i++) {
			PC_VEC_AT(m->ext_ranges, PcRange, i).opts = *opts;
			for (uint32_t j = 0; j < scratch.len; j++) {
				PcLocation *src = &PC_VEC_AT(scratch, PcLocation, j);
				if (src->path_len == idx_pos + 1)
					continue;
				PcLocation *d = PC_VEC_PUSH(&p->file->locations, PcLocation, p->scratch);
				*d = *src;
				d->path = path_new(p, src->path, src->path_len, src->path_len);
				if (d->path)
					d->path[idx_pos] = (int32_t)i;
			}
		}
	}
	return ok && end_decl(p, ";", eloc, "after extension ranges");
}

/* oneof = "oneof" ident "{" { option_stmt | field_rest } "}" */
static bool oneof_decl(Parser *p, PcMessage *m, int oloc, int mloc)
{
	PcToken kw = p->cur;
	next(p);
	PcOneof *o = PC_NEW(p->a, PcOneof);
	o->parent = m;
	o->index = m->oneofs.len;
	*PC_VEC_PUSH(&m->oneofs, PcOneof *, p->a) = o;
	int nloc = loc_open(p, oloc, 1, F_ONEOF_NAME, 0);
	bool ok = ident(p, &o->name, &o->name_span, "oneof name");
	loc_close(p, nloc);
	if (!ok || !end_decl(p, "{", oloc, "after oneof name"))
		return false;
	Scope s = {m, &m->nested, mloc, F_MSG_NESTED};
	do {
		if (at_eof(p)) {
			unclosed_at_eof(p, "'oneof'", kw.line + 1);
			return false;
		}
		if (equal(p, "option")) {
			int l = loc_open(p, oloc, 1, F_ONEOF_OPTIONS, 0);
			ok = option_body(p, &o->opts, l, true);
			loc_close(p, l);
			if (!ok)
				return false;
			continue;
		}
		if (is_label(p)) {
			error(p, "fields in oneofs must not have labels (required / optional / repeated)");
			next(p);
		}
		int floc = loc_open(p, mloc, 2, F_MSG_FIELD, (int32_t)m->fields.len);
		PcField *f = new_field(p, &m->fields, m);
		f->oneof_index = (int32_t)o->index;
		if (!field_no_label(p, f, &s, floc))
			skip_statement(p);
		finish_field(p, f, floc);
	} while (!try_end_decl(p, "}", NO_LOC));
	return true;
}

static bool enum_def(Parser *p, PcVec *enums, PcMessage *parent, int eloc);
static bool message_def(Parser *p, PcVec *list, PcMessage *parent, int mloc);

/* message_stmt = ";" | message | enum | extensions | reserved | extend | option_stmt
 *              | oneof | field */
static bool message_stmt(Parser *p, PcMessage *m, int mloc)
{
	if (try_end_decl(p, ";", NO_LOC))
		return true;
	PcVisibility vis = visibility(p);
	PcStr kw = {0};
	if (vis)
		peek_kind(p, &kw);
	if (equal(p, "message") || pc_str_eq_c(kw, "message")) {
		int loc = loc_open(p, mloc, 2, F_MSG_NESTED, (int32_t)m->nested.len);
		return message_def(p, &m->nested, m, loc);
	}
	if (equal(p, "enum") || pc_str_eq_c(kw, "enum")) {
		int loc = loc_open(p, mloc, 2, F_MSG_ENUM, (int32_t)m->enums.len);
		return enum_def(p, &m->enums, m, loc);
	}
	if (equal(p, "extensions")) {
		int loc = loc_open(p, mloc, 1, F_MSG_EXT_RANGE, 0);
		bool ok = extensions(p, m, loc);
		loc_close(p, loc);
		return ok;
	}
	if (equal(p, "reserved"))
		return reserved(p, &m->reserved_ranges, &m->reserved_names, mloc, false);
	if (equal(p, "extend")) {
		int loc = loc_open(p, mloc, 1, F_MSG_EXTENSION, 0);
		Scope s = {m, &m->nested, mloc, F_MSG_NESTED};
		bool ok = extend_decl(p, &m->extensions, &s, loc);
		loc_close(p, loc);
		return ok;
	}
	if (equal(p, "option")) {
		int loc = loc_open(p, mloc, 1, F_MSG_OPTIONS, 0);
		bool ok = option_body(p, &m->opts, loc, true);
		loc_close(p, loc);
		return ok;
	}
	if (equal(p, "oneof")) {
		int loc = loc_open(p, mloc, 2, F_MSG_ONEOF, (int32_t)m->oneofs.len);
		PcOneof *o;
		bool ok = oneof_decl(p, m, loc, mloc);
		PcSpan sp = loc_close(p, loc);
		o = PC_VEC_AT(m->oneofs, PcOneof *, m->oneofs.len - 1);
		o->span = sp;
		o->comments = loc_comments(p, loc);
		return ok;
	}
	int loc = loc_open(p, mloc, 2, F_MSG_FIELD, (int32_t)m->fields.len);
	PcField *f = new_field(p, &m->fields, m);
	Scope s = {m, &m->nested, mloc, F_MSG_NESTED};
	bool ok = field_decl(p, f, &s, loc);
	finish_field(p, f, loc);
	return ok;
}

/* A `max` end is 2^29 unless the message uses message_set_wire_format. */
static void fix_max_ranges(PcMessage *m)
{
	int32_t max = MAX_FIELD_NUMBER + 1;
	for (uint32_t i = 0; i < m->opts.list.len; i++) {
		PcOption *o = &PC_VEC_AT(m->opts.list, PcOption, i);
		PcOptionNamePart *n = o->parts.len == 1 ? &PC_VEC_AT(o->parts, PcOptionNamePart, 0) : NULL;
		if (n && !n->is_extension && pc_str_eq_c(n->name, "message_set_wire_format") &&
		    o->value.kind == PC_VAL_IDENT && pc_str_eq_c(o->value.s, "true"))
			max = INT32_MAX_V;
	}
	for (uint32_t i = 0; i < m->ext_ranges.len; i++)
		if (PC_VEC_AT(m->ext_ranges, PcRange, i).end == -1)
			PC_VEC_AT(m->ext_ranges, PcRange, i).end = max;
	for (uint32_t i = 0; i < m->reserved_ranges.len; i++)
		if (PC_VEC_AT(m->reserved_ranges, PcRange, i).end == -1)
			PC_VEC_AT(m->reserved_ranges, PcRange, i).end = max;
}

/* message_body = "{" { message_stmt } "}" */
static bool message_block(Parser *p, PcMessage *m, int mloc)
{
	PcToken open = p->cur;
	if (!end_decl(p, "{", mloc, "to open the message body"))
		return false;
	if (++p->depth > MAX_DEPTH) {
		error_at(p, &open, "messages nested too deeply (over %d levels)", MAX_DEPTH);
		p->depth_capped = true;
		skip_balanced_block(p);
		p->depth--;
		return true;
	}
	bool ok = true;
	while (!try_end_decl(p, "}", NO_LOC)) {
		if (at_eof(p)) {
			unclosed_at_eof(p, "'{'", open.line + 1);
			ok = false;
			break;
		}
		if (!message_stmt(p, m, mloc))
			skip_statement(p);
	}
	p->depth--;
	fix_max_ranges(m);
	return ok;
}

/* The names of a message's fields and oneofs, for naming synthetic oneofs: scanned
 * when there are few, hashed (in the scratch arena) when there are many. */
typedef struct Names {
	const PcMessage *m;
	PcStr *slots;
	uint32_t mask;
} Names;

static PcStr *names_slot(const Names *ns, PcStr name)
{
	return pc_strset_slot(ns->slots, ns->mask, name);
}

static void names_add(Names *ns, PcStr name)
{
	if (ns->slots)
		*names_slot(ns, name.ptr ? name : (PcStr){"", 0}) = name.ptr ? name : (PcStr){"", 0};
}

static void names_init(Names *ns, const PcMessage *m, PcArena *tmp)
{
	*ns = (Names){.m = m};
	uint32_t n = m->fields.len * 2 + m->oneofs.len; /* room for the synthetic oneofs */
	if (n <= 32)
		return;
	uint32_t cap = 64;
	while (cap < n * 2)
		cap *= 2;
	ns->slots = PC_NEW_ARRAY(tmp, PcStr, cap);
	ns->mask = cap - 1;
	for (uint32_t i = 0; i < m->fields.len; i++)
		names_add(ns, PC_VEC_AT(m->fields, PcField *, i)->name);
	for (uint32_t i = 0; i < m->oneofs.len; i++)
		names_add(ns, PC_VEC_AT(m->oneofs, PcOneof *, i)->name);
}

static bool name_taken(const Names *ns, PcStr name)
{
	if (ns->slots)
		return names_slot(ns, name.ptr ? name : (PcStr){"", 0})->ptr != NULL;
	const PcMessage *m = ns->m;
	for (uint32_t i = 0; i < m->fields.len; i++)
		if (pc_str_eq(PC_VEC_AT(m->fields, PcField *, i)->name, name))
			return true;
	for (uint32_t i = 0; i < m->oneofs.len; i++)
		if (pc_str_eq(PC_VEC_AT(m->oneofs, PcOneof *, i)->name, name))
			return true;
	return false;
}

/* proto3 `optional` fields each get a oneof of their own, after the real ones, named
 * "_" + field name with 'X' prepended until the name is free (protoc's rule). */
static void synthetic_oneofs(Parser *p, PcMessage *m)
{
	Names names = {.m = m};
	bool any = false;
	for (uint32_t i = 0; i < m->fields.len && !any; i++)
		any = PC_VEC_AT(m->fields, PcField *, i)->proto3_optional;
	if (any)
		names_init(&names, m, p->scratch);
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *f = PC_VEC_AT(m->fields, PcField *, i);
		if (!f->proto3_optional)
			continue;
		size_t n = f->name.len + 1;
		/* built in scratch (room for 'X's in front), kept at its final length */
		char *buf = pc_arena_alloc(p->scratch, n + 64);
		size_t cap = n + 64;
		size_t start = 32;
		if (f->name.len)
			memcpy(buf + start + 1, f->name.ptr, f->name.len);
		if (f->name.len && f->name.ptr[0] == '_') {
			start++;
			n--;
		} else {
			buf[start] = '_';
		}
		PcStr name = {buf + start, n};
		while (name_taken(&names, name)) {
			if (start == 0) {
				char *nb = pc_arena_alloc(p->scratch, cap * 2);
				memcpy(nb + cap, buf, cap);
				start += cap;
				buf = nb;
				cap *= 2;
			}
			buf[--start] = 'X';
			name = (PcStr){buf + start, ++n};
		}
		name = (PcStr){pc_arena_strndup(p->a, name.ptr, name.len), name.len};
		PcOneof *o = PC_NEW(p->a, PcOneof);
		o->name = name;
		o->synthetic = true;
		o->parent = m;
		o->index = m->oneofs.len;
		o->span = o->name_span = f->name_span;
		*PC_VEC_PUSH(&m->oneofs, PcOneof *, p->a) = o;
		names_add(&names, name);
		f->oneof_index = (int32_t)o->index;
	}
}

/* message = [ "export" | "local" ] "message" ident message_body */
static bool message_def(Parser *p, PcVec *list, PcMessage *parent, int mloc)
{
	PcVisibility vis = visibility(p);
	if (vis)
		take_visibility(p, vis, mloc);
	next(p); /* "message" */
	PcMessage *m = PC_NEW(p->a, PcMessage);
	m->parent = parent;
	m->file = p->file;
	m->index = list->len;
	m->visibility = vis;
	*PC_VEC_PUSH(list, PcMessage *, p->a) = m;
	int nloc = loc_open(p, mloc, 1, F_MSG_NAME, 0);
	bool ok = ident(p, &m->name, &m->name_span, "message name");
	loc_close(p, nloc);
	if (ok)
		ok = message_block(p, m, mloc);
	if (p->syntax == PC_SYNTAX_PROTO3)
		synthetic_oneofs(p, m);
	m->span = loc_close(p, mloc);
	m->comments = loc_comments(p, mloc);
	return ok;
}

/* enum_value = ident "=" [ "-" ] intlit [ "[" option { "," option } "]" ] ";" */
static bool enum_value(Parser *p, PcEnum *e, int vloc)
{
	PcEnumValue *v = PC_NEW(p->a, PcEnumValue);
	v->parent = e;
	v->index = e->values.len;
	*PC_VEC_PUSH(&e->values, PcEnumValue *, p->a) = v;
	int l = loc_open(p, vloc, 1, F_VALUE_NAME, 0);
	bool ok = ident(p, &v->name, &v->name_span, "enum value name");
	loc_close(p, l);
	if (!ok)
		return false;
	if (!consume(p, "=")) {
		error(p, "missing numeric value for enum constant (expected '=', found %s)", found(p));
		return false;
	}
	l = loc_open(p, vloc, 1, F_VALUE_NUMBER, 0);
	PcToken first = p->cur;
	ok = signed_int32(p, &v->number, "integer");
	loc_close(p, l);
	if (!ok)
		return false;
	v->number_span = span_between(&first, &p->prev);
	if (equal(p, "[")) {
		int oloc = loc_open(p, vloc, 1, F_VALUE_OPTIONS, 0);
		PcToken open = p->cur;
		next(p);
		do
			ok = option_body(p, &v->opts, oloc, false);
		while (ok && consume(p, ","));
		if (ok && !consume(p, "]")) {
			error(p, "expected ']' to close '[' at line %d, found %s", open.line + 1, found(p));
			ok = false;
		}
		loc_close(p, oloc);
		if (!ok)
			return false;
	}
	ok = end_decl(p, ";", vloc, "after enum value");
	v->span = loc_close(p, vloc);
	v->comments = loc_comments(p, vloc);
	return ok;
}

/* enum_stmt = ";" | option_stmt | reserved | enum_value */
static bool enum_stmt(Parser *p, PcEnum *e, int eloc)
{
	if (try_end_decl(p, ";", NO_LOC))
		return true;
	if (equal(p, "option")) {
		int loc = loc_open(p, eloc, 1, F_ENUM_OPTIONS, 0);
		bool ok = option_body(p, &e->opts, loc, true);
		loc_close(p, loc);
		return ok;
	}
	if (equal(p, "reserved"))
		return reserved(p, &e->reserved_ranges, &e->reserved_names, eloc, true);
	int loc = loc_open(p, eloc, 2, F_ENUM_VALUE, (int32_t)e->values.len);
	bool ok = enum_value(p, e, loc);
	loc_close(p, loc);
	return ok;
}

/* protoc's parser rejects a useless allow_alias (false, or true without aliases). */
static bool check_enum(Parser *p, PcEnum *e)
{
	for (uint32_t i = 0; i < e->opts.list.len; i++) {
		PcOption *o = &PC_VEC_AT(e->opts.list, PcOption, i);
		if (o->parts.len != 1)
			continue;
		PcOptionNamePart *n = &PC_VEC_AT(o->parts, PcOptionNamePart, 0);
		if (n->is_extension || !pc_str_eq_c(n->name, "allow_alias"))
			continue;
		bool on = o->value.kind == PC_VAL_IDENT && pc_str_eq_c(o->value.s, "true");
		if (!on) {
			error(p, "enum '%.*s' declares 'option allow_alias = false;' which has no effect", (int)e->name.len,
			      e->name.ptr);
			return false;
		}
		for (uint32_t a = 0; a < e->values.len; a++)
			for (uint32_t b = a + 1; b < e->values.len; b++)
				if (PC_VEC_AT(e->values, PcEnumValue *, a)->number == PC_VEC_AT(e->values, PcEnumValue *, b)->number)
					return true;
		error(p, "enum '%.*s' sets 'option allow_alias = true;' but no values share a number", (int)e->name.len,
		      e->name.ptr);
		return false;
	}
	return true;
}

/* enum = [ "export" | "local" ] "enum" ident "{" { enum_stmt } "}" */
static bool enum_def(Parser *p, PcVec *enums, PcMessage *parent, int eloc)
{
	PcVisibility vis = visibility(p);
	if (vis)
		take_visibility(p, vis, eloc);
	next(p); /* "enum" */
	PcEnum *e = PC_NEW(p->a, PcEnum);
	e->parent = parent;
	e->file = p->file;
	e->index = enums->len;
	e->visibility = vis;
	*PC_VEC_PUSH(enums, PcEnum *, p->a) = e;
	int nloc = loc_open(p, eloc, 1, F_ENUM_NAME, 0);
	bool ok = ident(p, &e->name, &e->name_span, "enum name");
	loc_close(p, nloc);
	PcToken open = p->cur;
	if (ok)
		ok = end_decl(p, "{", eloc, "after enum name");
	while (ok && !try_end_decl(p, "}", NO_LOC)) {
		if (at_eof(p)) {
			error(p, "expected '}' to close '{' at line %d, found end of file", open.line + 1);
			ok = false;
			break;
		}
		if (!enum_stmt(p, e, eloc))
			skip_statement(p);
	}
	if (ok)
		ok = check_enum(p, e);
	e->span = loc_close(p, eloc);
	e->comments = loc_comments(p, eloc);
	return ok;
}

/* stream_type = "(" [ "stream" ] user_type ")" */
static bool rpc_type(Parser *p, int mloc, int f_stream, int f_type, bool *streaming, PcStr *type, PcSpan *span)
{
	if (!expect(p, "(", "before the message type"))
		return false;
	if (equal(p, "stream")) {
		int l = loc_open(p, mloc, 1, f_stream, 0);
		*streaming = true;
		next(p);
		loc_close(p, l);
	}
	int l = loc_open(p, mloc, 1, f_type, 0);
	PcToken first = p->cur;
	bool ok = user_type(p, type);
	loc_close(p, l);
	if (!ok)
		return false;
	*span = span_between(&first, &p->prev);
	return expect(p, ")", "after the message type");
}

/* rpc = "rpc" ident stream_type "returns" stream_type ( ";" | "{" { option_stmt | ";" } "}" ) */
static bool rpc(Parser *p, PcService *s, int mloc)
{
	PcMethod *m = PC_NEW(p->a, PcMethod);
	m->parent = s;
	m->index = s->methods.len;
	*PC_VEC_PUSH(&s->methods, PcMethod *, p->a) = m;
	if (!expect(p, "rpc", "to start a method"))
		return false;
	int l = loc_open(p, mloc, 1, F_METHOD_NAME, 0);
	bool ok = ident(p, &m->name, &m->name_span, "method name");
	loc_close(p, l);
	if (!ok)
		return false;
	if (!rpc_type(p, mloc, F_METHOD_CLIENT_STREAMING, F_METHOD_INPUT, &m->client_streaming, &m->input_type,
		      &m->input_span))
		return false;
	if (!expect(p, "returns", "after the input type"))
		return false;
	if (!rpc_type(p, mloc, F_METHOD_SERVER_STREAMING, F_METHOD_OUTPUT, &m->server_streaming, &m->output_type,
		      &m->output_span))
		return false;
	if (equal(p, "{")) {
		PcToken open = p->cur;
		/* protoc creates the options message as soon as a method has a body, so an
		 * empty `{}` yields an empty options message in the descriptor. */
		m->opts.present = true;
		end_decl(p, "{", mloc, "");
		while (!try_end_decl(p, "}", NO_LOC)) {
			if (at_eof(p)) {
				error(p, "expected '}' to close '{' at line %d, found end of file", open.line + 1);
				return false;
			}
			if (try_end_decl(p, ";", NO_LOC))
				continue;
			int ol = loc_open(p, mloc, 1, F_METHOD_OPTIONS, 0);
			if (!equal(p, "option")) {
				error(p, "expected 'option' or '}' in method body, found %s", found(p));
				skip_statement(p);
			} else if (!option_body(p, &m->opts, ol, true)) {
				skip_statement(p);
			}
			loc_close(p, ol);
		}
		return true;
	}
	return end_decl(p, ";", mloc, "after method declaration");
}

/* service = "service" ident "{" { ";" | option_stmt | rpc } "}" */
static bool service_def(Parser *p, int sloc)
{
	next(p);
	PcService *s = PC_NEW(p->a, PcService);
	s->file = p->file;
	s->index = p->file->services.len;
	*PC_VEC_PUSH(&p->file->services, PcService *, p->a) = s;
	int nloc = loc_open(p, sloc, 1, F_SERVICE_NAME, 0);
	bool ok = ident(p, &s->name, &s->name_span, "service name");
	loc_close(p, nloc);
	PcToken open = p->cur;
	if (ok)
		ok = end_decl(p, "{", sloc, "after service name");
	while (ok && !try_end_decl(p, "}", NO_LOC)) {
		if (at_eof(p)) {
			error(p, "expected '}' to close '{' at line %d, found end of file", open.line + 1);
			ok = false;
			break;
		}
		bool sok;
		if (try_end_decl(p, ";", NO_LOC)) {
			sok = true;
		} else if (equal(p, "option")) {
			int l = loc_open(p, sloc, 1, F_SERVICE_OPTIONS, 0);
			sok = option_body(p, &s->opts, l, true);
			loc_close(p, l);
		} else {
			int l = loc_open(p, sloc, 2, F_SERVICE_METHOD, (int32_t)s->methods.len);
			sok = rpc(p, s, l);
			PcMethod *m = PC_VEC_AT(s->methods, PcMethod *, s->methods.len - 1);
			m->span = loc_close(p, l);
			m->comments = loc_comments(p, l);
		}
		if (!sok)
			skip_statement(p);
	}
	s->span = loc_close(p, sloc);
	s->comments = loc_comments(p, sloc);
	return ok;
}

/* import = "import" [ "public" | "weak" | "option" ] string ";" */
static bool import_stmt(Parser *p, int root, uint32_t counts[4])
{
	int loc = loc_open(p, root, 2, F_FILE_DEPENDENCY, (int32_t)counts[0]);
	next(p);
	PcImport *im = PC_VEC_PUSH(&p->file->imports, PcImport, p->a);
	if (equal(p, "public") || equal(p, "weak")) {
		bool pub = equal(p, "public");
		int l = loc_open(p, root, 2, pub ? F_FILE_PUBLIC_DEP : F_FILE_WEAK_DEP, (int32_t)counts[pub ? 1 : 2]++);
		im->is_public = pub;
		im->is_weak = !pub;
		next(p);
		loc_close(p, l);
	} else if (equal(p, "option") && peek_kind(p, &(PcStr){0}) == PC_TOK_STRING) {
		if (p->file->edition < PC_EDITION_2024)
			error(p, "'import option' is not supported in %s (it needs edition 2024)",
			      syntax_name(p->file));
		im->is_option = true;
		PcLocation *l = loc_at(p, loc);
		if (l->path) {
			l->path[0] = F_FILE_OPTION_DEP;
			l->path[1] = (int32_t)counts[3];
		}
		next(p);
	}
	counts[im->is_option ? 3 : 0]++;
	PcToken first = p->cur;
	bool ok = string_lit(p, &im->name, "a string naming the file to import", p->a);
	if (ok)
		im->name_span = span_between(&first, &p->prev);
	else
		p->file->imports.len--; /* no name: nothing for the loader to look for */
	ok = ok && end_decl(p, ";", loc, "after import");
	im->span = loc_close(p, loc);
	return ok;
}

/* package = "package" ident { "." ident } ";" */
static bool package_stmt(Parser *p, int root)
{
	if (p->file->package.len)
		error(p, "multiple package definitions");
	int loc = loc_open(p, root, 1, F_FILE_PACKAGE, 0);
	next(p);
	PcToken first = p->cur;
	PcStr part;
	bool ok = ident(p, &part, NULL, "package name");
	while (ok && consume(p, "."))
		ok = ident(p, &part, NULL, "identifier");
	if (ok) {
		p->file->package = joined_text(p, &first, p->prev.text.ptr + p->prev.text.len, p->a);
		ok = end_decl(p, ";", loc, "after package name");
	}
	p->file->package_span = loc_close(p, loc);
	return ok;
}

/* syntax = ( "syntax" | "edition" ) "=" string ";" */
static bool syntax_stmt(Parser *p, int root)
{
	int loc = loc_open(p, root, 1, F_FILE_SYNTAX, 0);
	bool edition = equal(p, "edition");
	/* Editions files are judged by protoc 36, whose comment attachment differs. */
	p->lx.comments_v22 = edition;
	next(p);
	bool ok = expect(p, "=", edition ? "after 'edition'" : "after 'syntax'");
	PcToken tok = p->cur;
	PcStr s = {0};
	ok = ok && string_lit(p, &s, edition ? "edition string" : "syntax identifier", p->a) &&
		  end_decl(p, ";", loc, "after syntax statement");
	p->file->syntax_span = loc_close(p, loc);
	if (!ok)
		return false;
	p->file->has_syntax = true;
	if (!edition && pc_str_eq_c(s, "proto2")) {
		p->syntax = PC_SYNTAX_PROTO2;
		p->file->edition = PC_EDITION_PROTO2;
	} else if (!edition && pc_str_eq_c(s, "proto3")) {
		p->syntax = PC_SYNTAX_PROTO3;
		p->file->edition = PC_EDITION_PROTO3;
	} else if (edition && (pc_str_eq_c(s, "2023") || pc_str_eq_c(s, "2024") || pc_str_eq_c(s, "2026"))) {
		p->syntax = PC_SYNTAX_EDITIONS;
		p->file->edition = pc_str_eq_c(s, "2023")   ? PC_EDITION_2023
				   : pc_str_eq_c(s, "2024") ? PC_EDITION_2024
							    : PC_EDITION_2026;
	} else {
		error_at(p, &tok, edition ? "unsupported edition \"%.*s\" (expected \"2023\", \"2024\" or \"2026\")"
					  : "unrecognized syntax identifier \"%.*s\" (expected \"proto2\" or \"proto3\")",
			 (int)s.len, s.ptr);
		return false;
	}
	p->file->syntax = p->syntax;
	return true;
}

/* top_stmt = ";" | message | enum | service | extend | import | package | option_stmt */
static bool top_stmt(Parser *p, int root, uint32_t counts[4])
{
	PcFile *f = p->file;
	if (try_end_decl(p, ";", NO_LOC))
		return true;
	PcVisibility vis = visibility(p);
	PcStr kw = {0};
	if (vis)
		peek_kind(p, &kw);
	if (equal(p, "message") || pc_str_eq_c(kw, "message")) {
		int loc = loc_open(p, root, 2, F_FILE_MESSAGE, (int32_t)f->messages.len);
		return message_def(p, &f->messages, NULL, loc);
	}
	if (equal(p, "enum") || pc_str_eq_c(kw, "enum")) {
		int loc = loc_open(p, root, 2, F_FILE_ENUM, (int32_t)f->enums.len);
		return enum_def(p, &f->enums, NULL, loc);
	}
	if (equal(p, "service")) {
		int loc = loc_open(p, root, 2, F_FILE_SERVICE, (int32_t)f->services.len);
		return service_def(p, loc);
	}
	if (equal(p, "extend")) {
		int loc = loc_open(p, root, 1, F_FILE_EXTENSION, 0);
		Scope s = {NULL, &f->messages, root, F_FILE_MESSAGE};
		bool ok = extend_decl(p, &f->extensions, &s, loc);
		loc_close(p, loc);
		return ok;
	}
	if (equal(p, "import"))
		return import_stmt(p, root, counts);
	if (equal(p, "package"))
		return package_stmt(p, root);
	if (equal(p, "option")) {
		int loc = loc_open(p, root, 1, F_FILE_OPTIONS, 0);
		bool ok = option_body(p, &f->opts, loc, true);
		loc_close(p, loc);
		return ok;
	}
	error(p, "expected top-level statement (e.g. 'message'), found %s", found(p));
	return false;
}

/* file = [ syntax ] { top_stmt } */
/* ---- option lists: from scratch to the arena, at their final size ---- */

static void keep_options(Parser *p, PcOptions *o)
{
	uint32_t n = o->list.len;
	void *items = NULL;
	if (n) {
		items = pc_arena_alloc(p->oa, sizeof(PcOption) * n);
		memcpy(items, o->list.items, sizeof(PcOption) * n);
	}
	o->list = (PcVec){items, n, n};
}

static void keep_field_options(Parser *p, const PcVec *fields)
{
	for (uint32_t i = 0; i < fields->len; i++)
		keep_options(p, &PC_VEC_AT(*fields, PcField *, i)->opts);
}

static void keep_enum_options(Parser *p, PcEnum *e)
{
	keep_options(p, &e->opts);
	for (uint32_t i = 0; i < e->values.len; i++)
		keep_options(p, &PC_VEC_AT(e->values, PcEnumValue *, i)->opts);
}

static void keep_message_options(Parser *p, PcMessage *m)
{
	keep_options(p, &m->opts);
	keep_field_options(p, &m->fields);
	keep_field_options(p, &m->extensions);
	for (uint32_t i = 0; i < m->oneofs.len; i++)
		keep_options(p, &PC_VEC_AT(m->oneofs, PcOneof *, i)->opts);
	for (uint32_t i = 0; i < m->ext_ranges.len; i++)
		keep_options(p, &PC_VEC_AT(m->ext_ranges, PcRange, i).opts);
	for (uint32_t i = 0; i < m->nested.len; i++)
		keep_message_options(p, PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++)
		keep_enum_options(p, PC_VEC_AT(m->enums, PcEnum *, i));
}

static void keep_file_options(Parser *p, PcFile *f)
{
	keep_options(p, &f->opts);
	for (uint32_t i = 0; i < f->messages.len; i++)
		keep_message_options(p, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++)
		keep_enum_options(p, PC_VEC_AT(f->enums, PcEnum *, i));
	keep_field_options(p, &f->extensions);
	for (uint32_t i = 0; i < f->services.len; i++) {
		PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		keep_options(p, &sv->opts);
		for (uint32_t j = 0; j < sv->methods.len; j++)
			keep_options(p, &PC_VEC_AT(sv->methods, PcMethod *, j)->opts);
	}
}

static PcFile *parse(const PcSource *src, PcDiags *diags, PcArena *a, PcArena *oa, PcArena *scratch, bool lean,
		     bool comments)
{
	Parser ps = {.lean = lean};
	Parser *p = &ps;
	PcFile *f = PC_NEW(a, PcFile);
	f->src = src;
	f->name = pc_str(src->name);
	f->path = src->path;
	f->syntax = PC_SYNTAX_PROTO2;
	f->edition = PC_EDITION_PROTO2;
	f->syntax_span = f->package_span = PC_NO_SPAN;
	p->src = src;
	p->diags = diags;
	p->a = a;
	p->oa = oa;
	p->file = f;
	p->syntax = PC_SYNTAX_PROTO2;
	p->scratch = scratch;
	pc_lexer_init(&p->lx, src, diags, a);
	PcLexComments c;
	p->cur.kind = PC_TOK_START;
	p->cur.text = (PcStr){src->data, 0};
	p->prev = p->cur;
	pc_lexer_next_with_comments(&p->lx, true, &p->cur, &c);
	p->upcoming_detached = c.detached;
	p->upcoming_doc = c.leading;
	if (lean || !comments) {
		p->upcoming_detached = (PcVec){0};
		p->upcoming_doc = (PcStr){0};
		p->lx.skip_comments = true;
	}
	/* The location list is sized for the file up front (a location per 32 bytes of
	 * text is more than googleapis has): it grows among other scratch allocations
	 * (option lists), so growing would copy it, 100 MB over googleapis 6.0.1. The
	 * pages of the bound not reached are never touched. */
	uint32_t guess = (uint32_t)(src->len / 32) + 16;
	f->locations = (PcVec){pc_arena_alloc(scratch, sizeof(PcLocation) * guess), 0, guess};
	int root = loc_open(p, NO_LOC, 0, 0, 0);
	uint32_t counts[4] = {0};
	bool ok = true;
	if (equal(p, "syntax") || equal(p, "edition"))
		ok = syntax_stmt(p, root);
	while (ok && !at_eof(p)) {
		if (top_stmt(p, root, counts))
			continue;
		skip_statement(p);
		if (equal(p, "}")) {
			error(p, "unmatched '}'");
			p->prev = p->cur;
			pc_lexer_next_with_comments(&p->lx, false, &p->cur, &c);
			p->upcoming_detached = c.detached;
			p->upcoming_doc = c.leading;
		}
	}
	loc_close(p, root);
	f->parse_failed = p->failed || p->lx.errors > 0;
	keep_file_options(p, f);
	if (lean) {
		f->locations = (PcVec){0};
		pc_arena_reset(p->scratch);
		return f;
	}
	f->has_source_info = true;
	PcVec *locs = &f->locations;
	void *items = pc_arena_alloc(a, sizeof(PcLocation) * locs->len);
	if (locs->len)
		memcpy(items, locs->items, sizeof(PcLocation) * locs->len);
	*locs = (PcVec){items, locs->len, locs->len};
	pc_arena_reset(p->scratch);
	return f;
}

/* ---- detaching a tree from its source text ---- */

typedef struct Detach {
	const char *lo, *hi; /* the source bytes, NUL included */
	PcArena *a, *oa;
} Detach;

static void own(const Detach *d, PcStr *s, PcArena *a)
{
	uintptr_t p = (uintptr_t)s->ptr;
	if (p >= (uintptr_t)d->lo && p < (uintptr_t)d->hi)
		*s = (PcStr){pc_arena_strndup(a, s->ptr, s->len), s->len};
}

/* The full name the resolver gives an element (scope.name, or name in the empty
 * scope), made now so that the name is a view into it rather than a copy of its own;
 * with a '.' in front when dotted (messages and enums: see PcMessage.dotted). */
static PcStr own_full(const Detach *d, PcStr scope, PcStr *name, bool dotted)
{
	if (!scope.len && !dotted) {
		own(d, name, d->a);
		return *name;
	}
	size_t lead = dotted ? 1 : 0, n = scope.len ? scope.len + 1 + name->len : name->len;
	char *p = pc_arena_alloc(d->a, lead + n + 1);
	p[0] = '.';
	if (scope.len) {
		memcpy(p + lead, scope.ptr, scope.len);
		p[lead + scope.len] = '.';
	}
	if (name->len) /* a name may be missing after a parse error */
		memcpy(p + lead + n - name->len, name->ptr, name->len);
	p[lead + n] = '\0';
	*name = (PcStr){p + lead + n - name->len, name->len};
	return (PcStr){p + lead, n};
}

static void own_value(const Detach *d, PcValue *v)
{
	own(d, &v->s, d->oa);
	for (uint32_t i = 0; i < v->fields.len; i++) {
		PcAggField *f = &PC_VEC_AT(v->fields, PcAggField, i);
		own(d, &f->name, d->oa);
		own_value(d, &f->value);
	}
	for (uint32_t i = 0; i < v->items.len; i++)
		own_value(d, &PC_VEC_AT(v->items, PcValue, i));
}

static void own_options(const Detach *d, PcOptions *o)
{
	for (uint32_t i = 0; i < o->list.len; i++) {
		PcOption *opt = &PC_VEC_AT(o->list, PcOption, i);
		for (uint32_t j = 0; j < opt->parts.len; j++)
			own(d, &PC_VEC_AT(opt->parts, PcOptionNamePart, j).name, d->oa);
		own_value(d, &opt->value);
	}
}

static void own_reserved(const Detach *d, PcVec *names)
{
	for (uint32_t i = 0; i < names->len; i++)
		own(d, &PC_VEC_AT(*names, PcReservedName, i).name, d->a);
}

static void own_fields(const Detach *d, PcVec *fields, PcStr scope)
{
	for (uint32_t i = 0; i < fields->len; i++) {
		PcField *f = PC_VEC_AT(*fields, PcField *, i);
		f->full_name = own_full(d, scope, &f->name, false);
		/* as written: the resolver replaces them with views of the types' names */
		own(d, &f->type_name, d->oa);
		own(d, &f->json_name, d->a);
		if (f->x) {
			own(d, &f->x->extendee, d->oa);
			own(d, &f->x->default_value, d->a);
			if (f->x->default_literal)
				own(d, &f->x->default_literal->s, d->a);
		}
		own_options(d, &f->opts);
	}
}

/* Enum values are named in the enum's scope, not inside the enum (C++ scoping). */
static void own_enum(const Detach *d, PcEnum *e, PcStr scope)
{
	e->full_name = own_full(d, scope, &e->name, true);
	e->dotted = true;
	own_options(d, &e->opts);
	own_reserved(d, &e->reserved_names);
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		v->full_name = own_full(d, scope, &v->name, false);
		own_options(d, &v->opts);
	}
}

static void own_message(const Detach *d, PcMessage *m, PcStr scope)
{
	m->full_name = own_full(d, scope, &m->name, true);
	m->dotted = true;
	own_options(d, &m->opts);
	own_fields(d, &m->fields, m->full_name);
	own_fields(d, &m->extensions, m->full_name);
	own_reserved(d, &m->reserved_names);
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		o->full_name = own_full(d, m->full_name, &o->name, false);
		own_options(d, &o->opts);
	}
	for (uint32_t i = 0; i < m->ext_ranges.len; i++)
		own_options(d, &PC_VEC_AT(m->ext_ranges, PcRange, i).opts);
	for (uint32_t i = 0; i < m->nested.len; i++)
		own_message(d, PC_VEC_AT(m->nested, PcMessage *, i), m->full_name);
	for (uint32_t i = 0; i < m->enums.len; i++)
		own_enum(d, PC_VEC_AT(m->enums, PcEnum *, i), m->full_name);
}

void pc_file_detach_source(PcFile *f, PcArena *a, PcArena *opts_arena)
{
	if (!f->src || !f->src->data)
		return;
	Detach d = {f->src->data, f->src->data + f->src->len + 1, a, opts_arena};
	own(&d, &f->package, a);
	own_options(&d, &f->opts);
	for (uint32_t i = 0; i < f->imports.len; i++)
		own(&d, &PC_VEC_AT(f->imports, PcImport, i).name, a);
	for (uint32_t i = 0; i < f->messages.len; i++)
		own_message(&d, PC_VEC_AT(f->messages, PcMessage *, i), f->package);
	for (uint32_t i = 0; i < f->enums.len; i++)
		own_enum(&d, PC_VEC_AT(f->enums, PcEnum *, i), f->package);
	own_fields(&d, &f->extensions, f->package);
	for (uint32_t i = 0; i < f->services.len; i++) {
		PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		sv->full_name = own_full(&d, f->package, &sv->name, false);
		own_options(&d, &sv->opts);
		for (uint32_t j = 0; j < sv->methods.len; j++) {
			PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, j);
			m->full_name = own_full(&d, sv->full_name, &m->name, false);
			own(&d, &m->input_type, opts_arena);
			own(&d, &m->output_type, opts_arena);
			own_options(&d, &m->opts);
		}
	}
}

PcFile *pc_parse_file_scratch(const PcSource *src, PcDiags *diags, PcArena *a, PcArena *scratch)
{
	return parse(src, diags, a, a, scratch, false, true);
}

PcFile *pc_parse_file_lean(const PcSource *src, PcDiags *diags, PcArena *a, PcArena *opts_arena, PcArena *scratch)
{
	return parse(src, diags, a, opts_arena, scratch, true, false);
}

PcFile *pc_parse_file_uncommented(const PcSource *src, PcDiags *diags, PcArena *a, PcArena *scratch)
{
	return parse(src, diags, a, a, scratch, false, false);
}

PcFile *pc_parse_file(const PcSource *src, PcDiags *diags, PcArena *a)
{
	PcArena scratch;
	pc_arena_init(&scratch);
	PcFile *f = pc_parse_file_scratch(src, diags, a, &scratch);
	pc_arena_release(&scratch);
	return f;
}
