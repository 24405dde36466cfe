/* Lexer unit tests: token classes, columns (tabs to multiples of 8), numbers, string
 * escapes and comment attachment. Expected values follow protoc 3.21's tokenizer (and
 * protoc 36's where editions files differ). */
#include <criterion/criterion.h>
#include <string.h>

#include "lexer.h"

typedef struct Fixture {
	PcArena a;
	PcDiags d;
	PcSource src;
	PcLexer lx;
} Fixture;

static void setup(Fixture *f, const char *text)
{
	pc_arena_init(&f->a);
	pc_diags_init(&f->d, &f->a);
	pc_source_init_bytes(&f->src, "t.proto", "t.proto", text, strlen(text), &f->a);
	pc_lexer_init(&f->lx, &f->src, &f->d, &f->a);
}

static PcStr unescape(Fixture *f, const char *lit)
{
	char *buf = NULL;
	size_t len = 0;
	pc_lexer_unescape(pc_str(lit), &buf, &len, &f->a);
	return (PcStr){buf, len};
}

Test(lexer, token_kinds_and_columns)
{
	Fixture f;
	setup(&f, "message\tFoo {\n  int32 x = 0x1F; .5 'a'\n}");
	PcTokKind kinds[] = {PC_TOK_IDENT, PC_TOK_IDENT, PC_TOK_SYMBOL, PC_TOK_IDENT, PC_TOK_IDENT,
			     PC_TOK_SYMBOL, PC_TOK_INT, PC_TOK_SYMBOL, PC_TOK_FLOAT, PC_TOK_STRING,
			     PC_TOK_SYMBOL, PC_TOK_EOF};
	int cols[] = {0, 8, 12, 2, 8, 10, 12, 16, 18, 21, 0, 1};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		PcToken t;
		pc_lexer_next(&f.lx, &t);
		cr_assert_eq(t.kind, kinds[i], "token %zu kind %d", i, t.kind);
		cr_assert_eq(t.col, cols[i], "token %zu col %d", i, t.col);
	}
	cr_assert_eq(f.d.errors, 0);
	pc_arena_release(&f.a);
}

Test(lexer, integers)
{
	uint64_t v;
	cr_assert(pc_lexer_parse_int(PC_STR_LIT("0x7fffffff"), 2147483647, &v) && v == 2147483647);
	cr_assert(!pc_lexer_parse_int(PC_STR_LIT("2147483648"), 2147483647, &v));
	cr_assert(pc_lexer_parse_int(PC_STR_LIT("017"), 100, &v) && v == 15);
	cr_assert(pc_lexer_parse_int(PC_STR_LIT("18446744073709551615"), UINT64_MAX, &v) && v == UINT64_MAX);
	cr_assert(!pc_lexer_parse_int(PC_STR_LIT("18446744073709551616"), UINT64_MAX, &v));
	cr_assert_float_eq(pc_lexer_parse_float(PC_STR_LIT("1.5e3")), 1500.0, 1e-9);
}

Test(lexer, escapes)
{
	Fixture f;
	setup(&f, "");
	PcStr s = unescape(&f, "\"a\\n\\t\\\\\\'\\\"\\?\\101\\x41\\u00e9\\U0001F600\"");
	const char want[] = "a\n\t\\'\"?AA\xc3\xa9\xf0\x9f\x98\x80";
	cr_assert_eq(s.len, sizeof want - 1);
	cr_assert(memcmp(s.ptr, want, s.len) == 0);
	s = unescape(&f, "'\\0\\a\\b\\f\\v\\r'");
	cr_assert_eq(s.len, 6);
	cr_assert(memcmp(s.ptr, "\0\a\b\f\v\r", 6) == 0);
	s = unescape(&f, "\"\\ud83d\\ude00\""); /* a surrogate pair is one code point */
	cr_assert_eq(s.len, 4);
	cr_assert(memcmp(s.ptr, "\xf0\x9f\x98\x80", 4) == 0);
	pc_arena_release(&f.a);
}

Test(lexer, errors_become_tokens_and_diagnostics)
{
	Fixture f;
	setup(&f, "\"abc\n 1.2.3 \"\\q\" \x01 0x");
	PcToken t;
	pc_lexer_next(&f.lx, &t);
	cr_assert_eq(t.kind, PC_TOK_STRING);
	cr_assert_str_eq(PC_VEC_AT(f.d.list, PcDiag, 0).message, "string literals cannot cross line boundaries");
	do
		pc_lexer_next(&f.lx, &t);
	while (t.kind != PC_TOK_EOF);
	cr_assert_eq(f.d.errors, 5);
	cr_assert_str_eq(PC_VEC_AT(f.d.list, PcDiag, 1).message,
			 "already saw a decimal point or exponent; can't have another one");
	cr_assert_str_eq(PC_VEC_AT(f.d.list, PcDiag, 2).message, "invalid escape sequence in string literal");
	cr_assert_str_eq(PC_VEC_AT(f.d.list, PcDiag, 3).message, "invalid control character in text");
	cr_assert_str_eq(PC_VEC_AT(f.d.list, PcDiag, 4).message, "'0x' must be followed by hex digits");
	pc_arena_release(&f.a);
}

Test(lexer, comments_attach_like_protoc)
{
	Fixture f;
	setup(&f, "; // trailing\n// detached\n\n// leading\n/* more\n * lines */\nnext");
	PcToken t;
	PcLexComments c;
	pc_lexer_next(&f.lx, &t); /* ';' */
	pc_lexer_next_with_comments(&f.lx, false, &t, &c);
	cr_assert(pc_str_eq_c(t.text, "next"));
	cr_assert(pc_str_eq_c(c.trailing, " trailing\n"));
	cr_assert_eq(c.detached.len, 2);
	cr_assert(pc_str_eq_c(PC_VEC_AT(c.detached, PcStr, 0), " detached\n"));
	cr_assert(pc_str_eq_c(PC_VEC_AT(c.detached, PcStr, 1), " leading\n"));
	cr_assert(pc_str_eq_c(c.leading, " more\n lines "));
	pc_arena_release(&f.a);
}

/* The columns buf 1.75 gives a character, measured with buf on a comment holding it
 * just before `optional int64 b` (the type's start column minus 14): its display
 * widths. The sequences are checked as wholes: e + U+0301, thumbs up + skin tone, and
 * a flag (two regional indicators). */
Test(lexer, char_width_as_buf)
{
	static const struct {
		const char *text;
		int32_t width;
	} cases[] = {
		{"\xc3\xa9", 1},                         /* é */
		{"e\xcc\x81", 1},                        /* e + combining acute */
		{"\xe4\xb8\xad", 2},                     /* 中 */
		{"\xf0\x9f\x98\x80", 2},                 /* 😀 */
		{"\xed\x95\x9c", 2},                     /* 한 */
		{"\xef\xbc\xa1", 2},                     /* fullwidth A */
		{"\xce\xb1", 1},                         /* α */
		{"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 2}, /* 👍🏽 */
		{"\xe2\x80\x8b", 0},                     /* zero width space */
		{"\xc2\xa0", 1},                         /* no-break space */
		{"\xe2\x82\xac", 1},                     /* € */
		{"\xef\xbf\xbd", 1},                     /* U+FFFD */
		{"\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", 2}, /* 🇫🇷 */
		{"\xd7\x90", 1},                         /* א */
		{"a", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].text;
		size_t n = strlen(s), at = 0;
		int32_t w = 0;
		while (at < n) {
			size_t len;
			w += pc_source_char_width(s + at, n - at, &len);
			at += len;
		}
		cr_expect_eq(w, cases[i].width, "case %zu: width %d, want %d", i, w, cases[i].width);
	}
	/* Ours: a malformed or truncated sequence counts each byte as one column. */
	size_t len;
	cr_expect_eq(pc_source_char_width("\xff", 1, &len), 1);
	cr_expect_eq(len, 1);
	cr_expect_eq(pc_source_char_width("\xe4\xb8", 2, &len), 1);
	cr_expect_eq(len, 1);
}

/* A block comment after a token with the next token on the same line: protoc 3.21
 * drops it (and every comment up to the next token); protoc 22+ (comments_v22,
 * editions files) keeps it as the previous token's trailing comment, and detaches it
 * when the next token is on that same line. From protoc 3.21 and 36.2 source info. */
Test(lexer, same_line_block_comments_by_version)
{
	const char *text = "; /* block */ // line\n\n/* lead */ next";
	for (int v22 = 0; v22 < 2; v22++) {
		Fixture f;
		setup(&f, text);
		f.lx.comments_v22 = v22;
		PcToken t;
		PcLexComments c;
		pc_lexer_next(&f.lx, &t);
		pc_lexer_next_with_comments(&f.lx, false, &t, &c);
		cr_assert(pc_str_eq_c(t.text, "next"));
		cr_assert(v22 ? pc_str_eq_c(c.trailing, " block ") : c.trailing.len == 0);
		cr_assert_eq(c.detached.len, v22 ? 1u : 0u);
		if (v22)
			cr_assert(pc_str_eq_c(PC_VEC_AT(c.detached, PcStr, 0), " line\n"));
		cr_assert(v22 ? pc_str_eq_c(c.leading, " lead ") : c.leading.len == 0);
		pc_arena_release(&f.a);
	}
	Fixture f;
	setup(&f, "a; /* between */ b");
	f.lx.comments_v22 = true;
	PcToken t;
	PcLexComments c;
	pc_lexer_next(&f.lx, &t);
	pc_lexer_next(&f.lx, &t);
	pc_lexer_next_with_comments(&f.lx, false, &t, &c);
	cr_assert(pc_str_eq_c(t.text, "b"));
	cr_assert_eq(c.trailing.len, 0u);
	cr_assert_eq(c.detached.len, 1u);
	cr_assert(pc_str_eq_c(PC_VEC_AT(c.detached, PcStr, 0), " between "));
	pc_arena_release(&f.a);
}
