/* PCRE2 wrapper. PCRE2 is given a general context whose allocator is the caller's
 * arena (its free is a no-op: the arena releases everything at once), so compiled
 * patterns obey the project's one-owner memory rule. Each pattern gets one match-data
 * block at compile time, reused by every match; the rule engine is single-threaded
 * per rule set, so sharing it is safe. A match limit guards against patterns that
 * backtrack catastrophically. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "match.h"

struct PcRegex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

static void *arena_malloc(PCRE2_SIZE size, void *data)
{
	return pc_arena_alloc((PcArena *)data, size ? size : 1);
}

static void arena_free(void *ptr, void *data)
{
	(void)ptr;
	(void)data;
}

PcRegex *pc_regex_compile(PcStr pattern, PcArena *a, const char **err, size_t *err_offset)
{
	pcre2_general_context *gc = pcre2_general_context_create(arena_malloc, arena_free, a);
	pcre2_compile_context *cc = pcre2_compile_context_create(gc);
	int code = 0;
	PCRE2_SIZE off = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)(pattern.ptr ? pattern.ptr : ""), pattern.len, PCRE2_UTF,
				       &code, &off, cc);
	if (!re) {
		PCRE2_UCHAR buf[256];
		if (pcre2_get_error_message(code, buf, sizeof buf) < 0)
			buf[0] = '\0';
		*err = pc_arena_strndup(a, (const char *)buf, strlen((const char *)buf));
		*err_offset = off;
		return NULL;
	}
	PcRegex *r = PC_NEW(a, PcRegex);
	r->code = re;
	r->md = pcre2_match_data_create_from_pattern(re, gc);
	r->mc = pcre2_match_context_create(gc);
	pcre2_set_match_limit(r->mc, 1000000);
	return r;
}

bool pc_regex_match(const PcRegex *re, PcStr subject)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)(subject.ptr ? subject.ptr : ""), subject.len, 0, 0, re->md,
			     re->mc);
	return rc >= 0;
}
