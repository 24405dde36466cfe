/* A hand-written scanner over the NUL-terminated source bytes. It follows protoc's
 * tokenizer closely because spans and comments must come out identical: tokens are
 * identifiers, integers, floats, quoted strings and single-byte symbols; columns count
 * a tab as a jump to the next multiple of 8. Tokens are produced one at a time (the
 * parser holds the current and the previous one), and comments are only collected when
 * the parser asks for them at the end of a declaration, exactly where protoc's parser
 * calls NextWithComments; everywhere else they are skipped. */
#include "lexer.h"

#include <stdlib.h>

void pc_lexer_init(PcLexer *lx, const PcSource *src, PcDiags *diags, PcArena *a)
{
	lx->src = src;
	lx->p = src->data;
	lx->end = src->data + src->len;
	lx->line = 0;
	lx->col = 0;
	lx->diags = diags;
	lx->arena = a;
	lx->errors = 0;
	lx->quiet = false;
	lx->skip_comments = false;
	lx->comments_v22 = false;
	lx->scratch = NULL;
	lx->scratch_cap = 0;
}

static bool at_end(const PcLexer *lx)
{
	return lx->p >= lx->end;
}

static char peek(const PcLexer *lx)
{
	return at_end(lx) ? '\0' : *lx->p;
}

static void advance(PcLexer *lx)
{
	if (at_end(lx))
		return;
	char c = *lx->p++;
	if (c == '\n') {
		lx->line++;
		lx->col = 0;
	} else if (c == '\t') {
		lx->col += 8 - lx->col % 8;
	} else {
		lx->col++;
	}
}

static bool try_consume(PcLexer *lx, char c)
{
	if (!at_end(lx) && *lx->p == c) {
		advance(lx);
		return true;
	}
	return false;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_space_no_newline(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Lexical errors point at the current position; the byte column is what gcc-style
 * diagnostics show, while spans keep protoc's tab-expanded columns. */
static void lex_error(PcLexer *lx, const char *msg)
{
	const PcSource *s = lx->src;
	uint32_t off = (uint32_t)(lx->p - s->data);
	uint32_t line = (uint32_t)lx->line;
	if (lx->quiet)
		return;
	int col = line < s->nlines ? (int)(off - s->line_starts[line]) + 1 : 1;
	lx->errors++;
	pc_diag_add(lx->diags, PC_SEV_ERROR, s->path, (int)line + 1, col, pc_source_line(s, line), "%s", msg);
}

static void skip_space_no_newline(PcLexer *lx)
{
	while (!at_end(lx) && is_space_no_newline(*lx->p))
		advance(lx);
}

/* ---- comment text ---- */

/* A comment's text: while it is one piece of the source it stays a view into it; a
 * second piece moves it into the lexer's reusable buffer, from which the finished text
 * is copied to the arena at its exact size. Most comments are thus never copied, and
 * none is copied twice. */
typedef struct Buf {
	const char *ptr;
	size_t len;
	bool in_scratch;
} Buf;

static void scratch_reserve(PcLexer *lx, size_t need)
{
	if (need <= lx->scratch_cap)
		return;
	size_t ncap = lx->scratch_cap ? lx->scratch_cap * 2 : 256;
	while (ncap < need)
		ncap *= 2;
	lx->scratch = pc_arena_alloc(lx->arena, ncap);
	lx->scratch_cap = ncap;
}

static void buf_append(PcLexer *lx, Buf *b, const char *s, size_t n)
{
	if (b->len == 0) {
		*b = (Buf){s, n, false};
		return;
	}
	if (!b->in_scratch) {
		const char *view = b->ptr; /* into the source, never into scratch */
		scratch_reserve(lx, b->len + n);
		memcpy(lx->scratch, view, b->len);
		b->ptr = lx->scratch;
		b->in_scratch = true;
	} else if (b->len + n > lx->scratch_cap) {
		char *old = lx->scratch;
		lx->scratch_cap = 0;
		scratch_reserve(lx, b->len + n);
		memcpy(lx->scratch, old, b->len);
		b->ptr = lx->scratch;
	}
	memcpy(lx->scratch + b->len, s, n);
	b->len += n;
}

/* `//` already consumed. Records up to and including the newline. */
static void line_comment(PcLexer *lx, Buf *out)
{
	const char *start = lx->p;
	while (!at_end(lx) && *lx->p != '\n')
		advance(lx);
	try_consume(lx, '\n');
	if (out)
		buf_append(lx, out, start, (size_t)(lx->p - start));
}

/* `/ *` already consumed. Continuation lines lose their leading blanks and one '*'. */
static void block_comment(PcLexer *lx, Buf *out)
{
	const char *seg = lx->p;
	for (;;) {
		while (!at_end(lx) && *lx->p != '*' && *lx->p != '/' && *lx->p != '\n')
			advance(lx);
		if (try_consume(lx, '\n')) {
			if (out)
				buf_append(lx, out, seg, (size_t)(lx->p - seg));
			skip_space_no_newline(lx);
			if (try_consume(lx, '*') && try_consume(lx, '/'))
				return;
			seg = lx->p;
		} else if (try_consume(lx, '*') && try_consume(lx, '/')) {
			if (out)
				buf_append(lx, out, seg, (size_t)(lx->p - seg) - 2);
			return;
		} else if (try_consume(lx, '/') && peek(lx) == '*') {
			lex_error(lx, "'/*' inside block comment (block comments cannot be nested)");
		} else if (at_end(lx)) {
			lex_error(lx, "unterminated block comment");
			if (out)
				buf_append(lx, out, seg, (size_t)(lx->p - seg));
			return;
		}
	}
}

typedef enum CommentStart { NO_COMMENT, LINE_COMMENT, BLOCK_COMMENT, SLASH_NOT_COMMENT } CommentStart;

static CommentStart comment_start(PcLexer *lx)
{
	if (peek(lx) != '/')
		return NO_COMMENT;
	if (lx->p + 1 < lx->end && lx->p[1] == '/') {
		advance(lx);
		advance(lx);
		return LINE_COMMENT;
	}
	if (lx->p + 1 < lx->end && lx->p[1] == '*') {
		advance(lx);
		advance(lx);
		return BLOCK_COMMENT;
	}
	return SLASH_NOT_COMMENT;
}

/* ---- tokens ---- */

static void begin_token(PcLexer *lx, PcToken *t, PcTokKind kind)
{
	t->kind = kind;
	t->text.ptr = lx->p;
	t->off = (uint32_t)(lx->p - lx->src->data);
	t->line = lx->line;
	t->col = lx->col;
}

static void end_token(PcLexer *lx, PcToken *t)
{
	t->text.len = (size_t)(lx->p - t->text.ptr);
	t->end_col = lx->col;
}

static void scan_number(PcLexer *lx, PcToken *t, bool started_with_zero, bool started_with_dot)
{
	bool is_float = false;
	if (started_with_zero && (try_consume(lx, 'x') || try_consume(lx, 'X'))) {
		if (!is_hex(peek(lx)))
			lex_error(lx, "'0x' must be followed by hex digits");
		while (is_hex(peek(lx)))
			advance(lx);
	} else if (started_with_zero && is_digit(peek(lx))) {
		while (peek(lx) >= '0' && peek(lx) <= '7')
			advance(lx);
		if (is_digit(peek(lx))) {
			lex_error(lx, "numbers starting with a leading zero must be octal");
			while (is_digit(peek(lx)))
				advance(lx);
		}
	} else {
		if (started_with_dot) {
			is_float = true;
			while (is_digit(peek(lx)))
				advance(lx);
		} else {
			while (is_digit(peek(lx)))
				advance(lx);
			if (try_consume(lx, '.')) {
				is_float = true;
				while (is_digit(peek(lx)))
					advance(lx);
			}
		}
		if (try_consume(lx, 'e') || try_consume(lx, 'E')) {
			is_float = true;
			if (!try_consume(lx, '-'))
				try_consume(lx, '+');
			if (!is_digit(peek(lx)))
				lex_error(lx, "'e' must be followed by an exponent");
			while (is_digit(peek(lx)))
				advance(lx);
		}
	}
	if (is_letter(peek(lx)))
		lex_error(lx, "need space between number and identifier");
	else if (peek(lx) == '.')
		lex_error(lx, is_float ? "already saw a decimal point or exponent; can't have another one"
				       : "hex and octal numbers must be integers");
	t->kind = is_float ? PC_TOK_FLOAT : PC_TOK_INT;
}

static bool consume_hex(PcLexer *lx, int n)
{
	for (int i = 0; i < n; i++) {
		if (!is_hex(peek(lx)))
			return false;
		advance(lx);
	}
	return true;
}

static void scan_string(PcLexer *lx, char delim)
{
	for (;;) {
		char c = peek(lx);
		if (at_end(lx)) {
			lex_error(lx, "unterminated string");
			return;
		}
		if (c == '\n') {
			lex_error(lx, "string literals cannot cross line boundaries");
			return;
		}
		if (c == '\\') {
			advance(lx);
			c = peek(lx);
			if (c && strchr("abfnrtv\\?'\"", c)) {
				advance(lx);
			} else if (c >= '0' && c <= '7') {
				advance(lx);
			} else if (try_consume(lx, 'x')) {
				if (!consume_hex(lx, 1))
					lex_error(lx, "expected hex digits for escape sequence");
			} else if (try_consume(lx, 'u')) {
				if (!consume_hex(lx, 4))
					lex_error(lx, "expected four hex digits for \\u escape sequence");
			} else if (try_consume(lx, 'U')) {
				if (!try_consume(lx, '0') || !try_consume(lx, '0') ||
				    !(try_consume(lx, '0') || try_consume(lx, '1')) || !consume_hex(lx, 5))
					lex_error(lx, "expected eight hex digits up to 10ffff for \\U escape sequence");
			} else {
				lex_error(lx, "invalid escape sequence in string literal");
			}
			continue;
		}
		advance(lx);
		if (c == delim)
			return;
	}
}

/* Skips whitespace and comments, then scans one token. */
void pc_lexer_next(PcLexer *lx, PcToken *t)
{
	for (;;) {
		while (!at_end(lx) && (is_space_no_newline(*lx->p) || *lx->p == '\n'))
			advance(lx);
		CommentStart cs = comment_start(lx);
		if (cs == LINE_COMMENT)
			line_comment(lx, NULL);
		else if (cs == BLOCK_COMMENT)
			block_comment(lx, NULL);
		else
			break;
	}
	if (at_end(lx)) {
		begin_token(lx, t, PC_TOK_EOF);
		end_token(lx, t);
		return;
	}
	unsigned char c = (unsigned char)*lx->p;
	begin_token(lx, t, PC_TOK_SYMBOL);
	if (is_letter((char)c)) {
		t->kind = PC_TOK_IDENT;
		while (!at_end(lx) && (is_letter(*lx->p) || is_digit(*lx->p)))
			advance(lx);
	} else if (is_digit((char)c)) {
		advance(lx);
		scan_number(lx, t, c == '0', false);
	} else if (c == '.' && lx->p + 1 < lx->end && is_digit(lx->p[1])) {
		advance(lx);
		scan_number(lx, t, false, true);
	} else if (c == '"' || c == '\'') {
		t->kind = PC_TOK_STRING;
		advance(lx);
		scan_string(lx, (char)c);
	} else if (c < ' ' || c == 0x7f) {
		lex_error(lx, "invalid control character in text");
		t->kind = PC_TOK_ERROR;
		while (!at_end(lx) && ((unsigned char)*lx->p < ' ' || *lx->p == 0x7f) &&
		       !is_space_no_newline(*lx->p) && *lx->p != '\n')
			advance(lx);
	} else if (c >= 0x80) {
		lex_error(lx, "non-ASCII byte outside a string or comment");
		t->kind = PC_TOK_ERROR;
		while (!at_end(lx) && (unsigned char)*lx->p >= 0x80)
			advance(lx);
	} else {
		advance(lx);
	}
	end_token(lx, t);
}

/* ---- comment attachment (protoc's NextWithComments) ---- */

typedef struct Collector {
	PcLexComments *out;
	Buf buf;
	bool has_comment, is_line, can_attach_to_prev;
	int flushed;            /* comments flushed so far */
	bool has_trailing;
	PcArena *a;
} Collector;

static PcStr buf_str(const Collector *c)
{
	const Buf *b = &c->buf;
	if (!b->in_scratch)
		return (PcStr){b->ptr ? b->ptr : "", b->len};
	char *copy = pc_arena_alloc(c->a, b->len);
	memcpy(copy, b->ptr, b->len);
	return (PcStr){copy, b->len};
}

static void collector_clear(Collector *c)
{
	c->buf = (Buf){0};
	c->has_comment = false;
}

/* The buffered comment is complete and does not belong to the next token. */
static void collector_flush(Collector *c)
{
	if (!c->has_comment)
		return;
	if (c->can_attach_to_prev) {
		c->out->trailing = buf_str(c);
		c->can_attach_to_prev = false;
		c->has_trailing = true;
	} else {
		*PC_VEC_PUSH(&c->out->detached, PcStr, c->a) = buf_str(c);
	}
	collector_clear(c);
	c->flushed++;
}

/* protoc 22+: the next token is on the line where the previous one (or its trailing
 * comment) ends, so a lone comment cannot tell which it belongs to: it is detached. */
static void collector_maybe_detach(Collector *c)
{
	if (c->flushed + (c->has_comment ? 1 : 0) != 1)
		return;
	if (c->has_trailing) {
		PcVec *d = &c->out->detached;
		PC_VEC_PUSH(d, PcStr, c->a);
		PcStr *items = d->items;
		memmove(items + 1, items, (d->len - 1) * sizeof(PcStr));
		items[0] = c->out->trailing;
		c->out->trailing = (PcStr){0};
	}
	collector_flush(c);
}

static Buf *collector_line(Collector *c)
{
	if (c->has_comment && !c->is_line)
		collector_flush(c);
	c->has_comment = true;
	c->is_line = true;
	return &c->buf;
}

static Buf *collector_block(Collector *c)
{
	if (c->has_comment)
		collector_flush(c);
	c->has_comment = true;
	c->is_line = false;
	return &c->buf;
}

static void collector_done(Collector *c)
{
	if (c->has_comment)
		c->out->leading = buf_str(c);
}

static void slash_token(PcLexer *lx, PcToken *t)
{
	begin_token(lx, t, PC_TOK_SYMBOL);
	advance(lx);
	end_token(lx, t);
}

void pc_lexer_next_with_comments(PcLexer *lx, bool at_start, PcToken *t, PcLexComments *out)
{
	*out = (PcLexComments){0};
	if (lx->skip_comments && !at_start) {
		pc_lexer_next(lx, t);
		return;
	}
	Collector c = {.out = out, .can_attach_to_prev = true, .a = lx->arena};
	int32_t prev_line = lx->line, trailing_end_line = -1;
	if (at_start) {
		prev_line = -1;
		if (lx->end - lx->p >= 3 && memcmp(lx->p, "\xEF\xBB\xBF", 3) == 0)
			lx->p += 3;
		c.can_attach_to_prev = false;
	} else {
		/* A comment on the same line belongs to the previous declaration. */
		skip_space_no_newline(lx);
		switch (comment_start(lx)) {
		case LINE_COMMENT:
			trailing_end_line = lx->line;
			line_comment(lx, collector_line(&c));
			collector_flush(&c);
			break;
		case BLOCK_COMMENT:
			block_comment(lx, collector_block(&c));
			trailing_end_line = lx->line;
			skip_space_no_newline(lx);
			if (lx->comments_v22) {
				collector_flush(&c);
				break;
			}
			if (!try_consume(lx, '\n')) {
				/* The next token is on the same line: no telling where it belongs. */
				collector_clear(&c);
				pc_lexer_next(lx, t);
				return;
			}
			collector_flush(&c);
			break;
		case SLASH_NOT_COMMENT:
			slash_token(lx, t);
			return;
		case NO_COMMENT:
			if (!try_consume(lx, '\n')) {
				pc_lexer_next(lx, t);
				return;
			}
			break;
		}
	}
	/* Now on the line after the previous token. */
	for (;;) {
		skip_space_no_newline(lx);
		switch (comment_start(lx)) {
		case LINE_COMMENT:
			line_comment(lx, collector_line(&c));
			break;
		case BLOCK_COMMENT:
			block_comment(lx, collector_block(&c));
			skip_space_no_newline(lx);
			try_consume(lx, '\n');
			break;
		case SLASH_NOT_COMMENT:
			slash_token(lx, t);
			collector_done(&c);
			return;
		case NO_COMMENT:
			if (try_consume(lx, '\n')) {
				collector_flush(&c);
				c.can_attach_to_prev = false;
			} else {
				pc_lexer_next(lx, t);
				if (t->kind == PC_TOK_EOF ||
				    (t->kind == PC_TOK_SYMBOL && t->text.len == 1 &&
				     (t->text.ptr[0] == '}' || t->text.ptr[0] == ']' || t->text.ptr[0] == ')')))
					collector_flush(&c); /* end of a scope: nothing to lead */
				if (lx->comments_v22 && t->kind != PC_TOK_EOF &&
				    (prev_line == t->line || trailing_end_line == t->line))
					collector_maybe_detach(&c);
				collector_done(&c);
				return;
			}
			break;
		}
	}
}

/* ---- literal values ---- */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

bool pc_lexer_parse_int(PcStr text, uint64_t max, uint64_t *out)
{
	const char *s = text.ptr, *e = text.ptr + text.len;
	unsigned base = 10;
	if (e - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (e - s >= 1 && s[0] == '0') {
		base = 8;
	}
	uint64_t v = 0;
	for (; s < e; s++) {
		unsigned d = (unsigned)digit_value(*s);
		if (d >= base)
			return false;
		if (v > (max - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

double pc_lexer_parse_float(PcStr text)
{
	char tmp[128];
	size_t n = text.len < sizeof tmp - 1 ? text.len : sizeof tmp - 1;
	memcpy(tmp, text.ptr, n);
	tmp[n] = '\0';
	/* strtod would read hex floats and "inf"; the lexer never produces those. */
	return strtod(tmp, NULL);
}

static void put_utf8(uint32_t cp, char **buf, size_t *len, PcArena *a)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	*buf = pc_arena_grow(a, *buf, *len, *len + n);
	memcpy(*buf + *len, u, n);
	*len += n;
}

static bool read_hex(const char *s, const char *e, int n, uint32_t *out)
{
	uint32_t v = 0;
	if (e - s < n)
		return false;
	for (int i = 0; i < n; i++) {
		if (!is_hex(s[i]))
			return false;
		v = v * 16 + (uint32_t)digit_value(s[i]);
	}
	*out = v;
	return true;
}

static char simple_escape(char c)
{
	switch (c) {
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'v': return '\v';
	default: return c; /* \\ \? \' \" and anything the lexer already reported */
	}
}

void pc_lexer_unescape(PcStr text, char **buf, size_t *len, PcArena *a)
{
	if (text.len == 0)
		return;
	const char *s = text.ptr + 1, *e = text.ptr + text.len;
	/* Strip the closing quote if the literal has one. */
	if (e > s && e[-1] == text.ptr[0] && !(e - 2 >= s && e[-2] == '\\' && (e - 3 < s || e[-3] != '\\')))
		e--;
	*buf = pc_arena_grow(a, *buf, *len, *len + (size_t)(e - s) + 1);
	char *out = *buf;
	while (s < e) {
		if (*s != '\\' || s + 1 >= e) {
			out[(*len)++] = *s++;
			continue;
		}
		s++;
		if (*s >= '0' && *s <= '7') {
			unsigned v = (unsigned)(*s++ - '0');
			for (int i = 0; i < 2 && s < e && *s >= '0' && *s <= '7'; i++)
				v = v * 8 + (unsigned)(*s++ - '0');
			out[(*len)++] = (char)v;
		} else if (*s == 'x') {
			s++;
			unsigned v = 0;
			for (int i = 0; i < 2 && s < e && is_hex(*s); i++)
				v = v * 16 + (unsigned)digit_value(*s++);
			out[(*len)++] = (char)v;
		} else if (*s == 'u' || *s == 'U') {
			uint32_t cp;
			int n = *s == 'u' ? 4 : 8;
			if (!read_hex(s + 1, e, n, &cp) || cp > 0x10FFFF) {
				out[(*len)++] = *s++;
				continue;
			}
			s += 1 + n;
			/* A high surrogate followed by \u low surrogate is one code point. */
			uint32_t lo;
			if (cp >= 0xD800 && cp <= 0xDBFF && e - s >= 6 && s[0] == '\\' && s[1] == 'u' &&
			    read_hex(s + 2, e, 4, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				s += 6;
			}
			put_utf8(cp, buf, len, a);
			*buf = pc_arena_grow(a, *buf, *len, *len + (size_t)(e - s) + 1);
			out = *buf;
		} else {
			out[(*len)++] = simple_escape(*s++);
		}
	}
}
