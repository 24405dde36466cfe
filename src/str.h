/* String views: (ptr, len) pairs pointing into source bytes or an arena. They are never
 * NUL-terminated unless said so; their memory belongs to whoever owns the bytes. */
#ifndef PC_STR_H
#define PC_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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

/* Whether the C string s ends with suffix (file name extensions). */
static inline bool pc_cstr_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Byte order, a prefix first: for sorting and sorted merges. */
static inline int pc_str_cmp(PcStr a, PcStr b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int d = n ? memcmp(a.ptr, b.ptr, n) : 0;
	return d ? d : (a.len > b.len) - (a.len < b.len);
}

static inline PcStr pc_str_sub(PcStr s, size_t from, size_t len)
{
	return (PcStr){s.ptr ? s.ptr + from : s.ptr, len};
}

/* Used by every hash table keyed by names: eight bytes per multiply (a byte-wise hash
 * was a tenth of a check's time on googleapis, whose full names run to 60 bytes).
 * Tables only; nothing printed depends on the values. */
static inline unsigned pc_str_hash(PcStr s)
{
	const unsigned char *p = (const unsigned char *)s.ptr;
	size_t n = s.len;
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 32;
	return (unsigned)h;
}

/* The slot of name in an open-addressing set of names (slots: mask + 1 views, an
 * empty slot has a NULL pointer, so a stored empty name must point somewhere): the
 * slot holding it, or the empty slot where it would go. */
static inline PcStr *pc_strset_slot(PcStr *slots, uint32_t mask, PcStr name)
{
	uint32_t h = pc_str_hash(name) & mask;
	while (slots[h].ptr && !pc_str_eq(slots[h], name))
		h = (h + 1) & mask;
	return &slots[h];
}

#endif
