/* String views: (ptr, len) pairs pointing into source bytes or an arena. They are never
 * NUL-terminated unless said so; their memory belongs to whoever owns the bytes. */
#ifndef PC_STR_H
#define PC_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct PcStr {
	const char *ptr;
	size_t len;
} PcStr;

#define PC_STR_LIT(s) ((PcStr){(s), sizeof(s) - 1})

static inline PcStr pc_str(const char *s)
{
	return (PcStr){s, s ? strlen(s) : 0};
}

static inline bool pc_str_eq(PcStr a, PcStr b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool pc_str_eq_c(PcStr a, const char *b)
{
	size_t n = strlen(b);
	return a.len == n && memcmp(a.ptr, b, n) == 0;
}

static inline PcStr pc_str_sub(PcStr s, size_t from, size_t len)
{
	return (PcStr){s.ptr ? s.ptr + from : s.ptr, len};
}

/* FNV-1a; used by every hash table keyed by names. */
static inline unsigned pc_str_hash(PcStr s)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < s.len; i++)
		h = (h ^ (unsigned char)s.ptr[i]) * 16777619u;
	return h;
}

#endif
