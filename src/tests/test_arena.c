/* The arena: alignment, in-place growth, vectors, reset and adoption, and (in
 * sanitizer builds) the redzones that make an overrun inside an arena visible to
 * AddressSanitizer, as a heap overflow would be. The redzone tests are skipped in
 * builds without ASan. */
#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#include "arena.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#ifdef HAVE_ASAN
#include <sanitizer/asan_interface.h>
#endif

Test(arena, allocations_are_aligned_and_distinct)
{
	PcArena a;
	pc_arena_init(&a);
	char *prev = NULL;
	for (size_t n = 1; n < 200; n++) {
		char *p = pc_arena_alloc(&a, n);
		cr_assert_eq((uintptr_t)p % 8, 0, "allocation of %zu bytes not 8-aligned", n);
		memset(p, 0xAB, n);
		cr_assert(prev != p);
		prev = p;
	}
	char *big = pc_arena_zalloc(&a, 10u << 20);
	cr_assert_eq(big[(10u << 20) - 1], 0);
	pc_arena_release(&a);
}

Test(arena, grow_keeps_the_contents)
{
	PcArena a;
	pc_arena_init(&a);
	char *p = pc_arena_alloc(&a, 10);
	memcpy(p, "0123456789", 10);
	char *q = pc_arena_grow(&a, p, 10, 100);
	cr_assert_eq(q, p, "the last allocation grows in place");
	cr_assert(memcmp(q, "0123456789", 10) == 0);
	memset(q + 10, 'x', 90);
	(void)pc_arena_alloc(&a, 8);
	char *r = pc_arena_grow(&a, q, 100, 1000);
	cr_assert_neq(r, q, "an older allocation is copied");
	cr_assert(memcmp(r, "0123456789", 10) == 0 && r[99] == 'x');
	pc_arena_release(&a);
}

Test(arena, vectors_reset_and_adopt)
{
	PcArena a, b;
	pc_arena_init(&a);
	pc_arena_init(&b);
	PcVec v = {0};
	for (int i = 0; i < 100000; i++)
		*PC_VEC_PUSH(&v, int, &b) = i;
	cr_assert_eq(v.len, 100000);
	for (int i = 0; i < 100000; i++)
		cr_assert_eq(PC_VEC_AT(v, int, i), i);
	pc_arena_adopt(&a, &b);
	cr_assert_null(b.head);
	cr_assert_eq(PC_VEC_AT(v, int, 99999), 99999, "adopted memory stays where it is");
	pc_arena_reset(&a);
	char *p = pc_arena_alloc(&a, 64);
	memset(p, 1, 64);
	pc_arena_release(&a);
}

#ifdef HAVE_ASAN
Test(arena, overruns_hit_a_poisoned_redzone)
{
	PcArena a;
	pc_arena_init(&a);
	for (size_t n = 1; n <= 64; n++) {
		char *p = pc_arena_alloc(&a, n);
		cr_assert_not(__asan_region_is_poisoned(p, n), "the %zu bytes asked for must be usable", n);
		cr_assert(__asan_address_is_poisoned(p + n), "the byte after %zu bytes must be poisoned", n);
	}
	/* An array sized one element short, as the check pipeline's rule array once was. */
	_Bool *enabled = PC_NEW_ARRAY(&a, _Bool, 3);
	cr_assert(__asan_address_is_poisoned(&enabled[3]));
	/* Growth in place moves the redzone. */
	char *g = pc_arena_alloc(&a, 16);
	cr_assert(__asan_address_is_poisoned(g + 16));
	g = pc_arena_grow(&a, g, 16, 40);
	cr_assert_not(__asan_region_is_poisoned(g, 40));
	cr_assert(__asan_address_is_poisoned(g + 40));
	/* The free rest of a block is poisoned, also after a reset. */
	pc_arena_reset(&a);
	char *r = pc_arena_alloc(&a, 8);
	cr_assert(__asan_address_is_poisoned(r + 8));
	cr_assert(__asan_address_is_poisoned(r + 100));
	pc_arena_release(&a);
}
#else
Test(arena, overruns_hit_a_poisoned_redzone)
{
	cr_skip_test("not an AddressSanitizer build");
}
#endif
