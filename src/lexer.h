/* The .proto lexer: turns source bytes into tokens on demand, the way protoc's
 * tokenizer does (same token classes, same columns, same comment attachment), so the
 * parser can reproduce protoc's spans and SourceCodeInfo comments. Token texts are
 * views into the source; only comment texts and unescaped strings are built in the
 * arena. Lexical errors are recorded in diags and yield PC_TOK_ERROR tokens. */
#ifndef PC_LEXER_H
#define PC_LEXER_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "str.h"

typedef enum PcTokKind {
	PC_TOK_START,  /* before the first token (protoc's TYPE_START) */
	PC_TOK_EOF,
	PC_TOK_IDENT,
	PC_TOK_INT,
	PC_TOK_FLOAT,
	PC_TOK_STRING, /* text includes the quotes */
	PC_TOK_SYMBOL, /* one byte */
	PC_TOK_ERROR,  /* a byte sequence that is no token; already reported */
} PcTokKind;

typedef struct PcToken {
	PcTokKind kind;
	PcStr text;
	uint32_t off;        /* byte offset of the first byte */
	int32_t line;        /* 0-based */
	int32_t col, end_col; /* protoc columns: a tab advances to the next multiple of 8 */
} PcToken;

/* Comments gathered around a statement end, as protoc's NextWithComments does. */
typedef struct PcLexComments {
	PcStr trailing;   /* belongs to the token just consumed */
	PcVec detached;   /* of PcStr, to the next element */
	PcStr leading;    /* to the next element */
} PcLexComments;

typedef struct PcLexer {
	const PcSource *src;
	const char *p, *end;
	int32_t line, col;    /* position of p */
	PcDiags *diags;
	PcArena *arena;
	int errors;
	bool quiet;           /* while peeking: scan without reporting */
	bool skip_comments;   /* pc_lexer_next_with_comments gathers none (no source info wanted) */
	bool comments_v22;    /* attach comments as protoc 22 and later do (editions files):
	                       * a block comment after a token is trailing even when the next
	                       * token follows on the same line */
	char *scratch;        /* comment assembly buffer (in arena), reused */
	size_t scratch_cap;
} PcLexer;

void pc_lexer_init(PcLexer *lx, const PcSource *src, PcDiags *diags, PcArena *a);
/* Scans the next token, skipping whitespace and comments. */
void pc_lexer_next(PcLexer *lx, PcToken *tok);
/* Scans the next token and sorts the comments before it into out (any field may be
 * NULL-like empty); `at_start` is true before the first token of the file. */
void pc_lexer_next_with_comments(PcLexer *lx, bool at_start, PcToken *tok, PcLexComments *out);

/* Parses an INT token's text (decimal, 0x hex or 0 octal). Returns false when the value
 * exceeds max (then *out is undefined). */
bool pc_lexer_parse_int(PcStr text, uint64_t max, uint64_t *out);
/* Parses a FLOAT or INT token's text as protoc does (a trailing 'f' is allowed). */
double pc_lexer_parse_float(PcStr text);
/* Appends the bytes a STRING token denotes (escapes decoded, \u as UTF-8) to *buf of
 * *len bytes (arena-grown). */
void pc_lexer_unescape(PcStr text, char **buf, size_t *len, PcArena *a);

#endif
