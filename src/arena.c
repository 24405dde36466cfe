/* Blocks grow geometrically (64 KiB first, doubling to 4 MiB); a request larger than
 * a quarter block gets a block of its own so that small objects keep packing densely.
 * pc_arena_grow extends the most recent allocation in place, which makes PcVec pushes
 * nearly free while an element list is being built.
 * Blocks of 256 KiB and more are mapped from the kernel directly and unmapped when
 * released: malloc would serve them from its heap once its adaptive mmap threshold
 * has risen past them, and memory freed there mostly stays resident, so an arena
 * released between phases (a schema's options as written) would not lower the peak. */
#include "arena.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Under AddressSanitizer every allocation is followed by a poisoned redzone and the
 * free part of each block stays poisoned, so reading or writing past an object inside
 * an arena is reported like a heap overflow (without this, ASan sees each block as one
 * big valid object). Release builds pay nothing. */
#if defined(__SANITIZE_ADDRESS__)
#define PC_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PC_ARENA_ASAN 1
#endif
#endif
#ifdef PC_ARENA_ASAN
#include <sanitizer/asan_interface.h>
enum { REDZONE = 16 };
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
enum { REDZONE = 0 };
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct PcArenaBlock {
	PcArenaBlock *prev;
	size_t size, used;
	size_t mapped;       /* bytes mapped for the block (header included), 0: malloc'd */
	_Alignas(16) char data[];
};

enum { FIRST_BLOCK = 64 * 1024, MAX_BLOCK = 4 * 1024 * 1024, ALIGN = 8, MAP_MIN = 256 * 1024 };

static void out_of_memory(size_t n)
{
	fprintf(stderr, "protocompat: out of memory (%zu bytes)\n", n);
	abort();
}

/* A block with room for at least size bytes (more when the mapping rounds up). */
static PcArenaBlock *block_new(size_t size)
{
	size_t n = sizeof(PcArenaBlock) + size;
	if (n < size)
		out_of_memory(size);
	PcArenaBlock *b;
	if (n >= MAP_MIN) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE);
		n = (n + page - 1) & ~(page - 1);
		void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			out_of_memory(n);
		b = p;
		b->mapped = n;
		b->size = n - sizeof(PcArenaBlock);
	} else {
		b = malloc(n);
		if (!b)
			out_of_memory(n);
		b->mapped = 0;
		b->size = size;
	}
	b->used = 0;
	return b;
}

static void block_free(PcArenaBlock *b)
{
	UNPOISON(b->data, b->size);
	if (b->mapped)
		munmap(b, b->mapped);
	else
		free(b);
}

void pc_arena_init(PcArena *a)
{
	a->head = NULL;
	a->last = NULL;
	a->total = 0;
}

void pc_arena_release(PcArena *a)
{
	PcArenaBlock *b = a->head;
	while (b) {
		PcArenaBlock *prev = b->prev;
		block_free(b);
		b = prev;
	}
	pc_arena_init(a);
}

void pc_arena_reset(PcArena *a)
{
	PcArenaBlock *keep = NULL;
	for (PcArenaBlock *b = a->head; b; b = b->prev)
		if (!keep || b->size > keep->size)
			keep = b;
	PcArenaBlock *b = a->head;
	while (b) {
		PcArenaBlock *prev = b->prev;
		if (b != keep)
			block_free(b);
		b = prev;
	}
	a->head = keep;
	a->last = NULL;
	a->total = keep ? keep->size : 0;
	if (keep) {
		keep->prev = NULL;
		keep->used = 0;
		POISON(keep->data, keep->size);
	}
}

void pc_arena_adopt(PcArena *dst, PcArena *src)
{
	if (!src->head)
		return;
	if (!dst->head) {
		*dst = *src;
	} else {
		PcArenaBlock *oldest = src->head;
		while (oldest->prev)
			oldest = oldest->prev;
		/* Behind dst's current block, which keeps serving new allocations. */
		oldest->prev = dst->head->prev;
		dst->head->prev = src->head;
		dst->total += src->total;
	}
	pc_arena_init(src);
}

static size_t align_up(size_t n)
{
	return (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
}

static PcArenaBlock *new_block(PcArena *a, size_t need)
{
	size_t size = a->head ? a->head->size * 2 : FIRST_BLOCK;
	if (size > MAX_BLOCK)
		size = MAX_BLOCK;
	bool own = need > size / 4;
	if (own)
		size = need;
	PcArenaBlock *b = block_new(size);
	a->total += b->size;
	POISON(b->data, b->size);
	/* An oversized block goes behind the current one so that the current block's
	 * free space stays usable for small allocations. */
	if (a->head && own && need > a->head->size / 4 && a->head->used < a->head->size) {
		b->prev = a->head->prev;
		a->head->prev = b;
	} else {
		b->prev = a->head;
		a->head = b;
	}
	return b;
}

void *pc_arena_alloc(PcArena *a, size_t size)
{
	size_t want = size ? size : 1;
	size = align_up(want) + REDZONE;
	PcArenaBlock *b = a->head;
	if (!b || b->size - b->used < size)
		b = new_block(a, size);
	char *p = b->data + b->used;
	b->used += size;
	UNPOISON(p, want);
	/* Only an allocation in the head block can later be grown in place. */
	a->last = b == a->head ? p : NULL;
	return p;
}

void *pc_arena_zalloc(PcArena *a, size_t size)
{
	void *p = pc_arena_alloc(a, size);
	memset(p, 0, size);
	return p;
}

void *pc_arena_grow(PcArena *a, void *ptr, size_t old_size, size_t new_size)
{
	if (!ptr)
		return pc_arena_alloc(a, new_size);
	if (new_size <= old_size)
		return ptr;
	PcArenaBlock *b = a->head;
	if (b && a->last && ptr == a->last) {
		size_t off = (size_t)((char *)ptr - b->data);
		if (off <= b->size && align_up(new_size) + REDZONE <= b->size - off) {
			b->used = off + align_up(new_size) + REDZONE;
			UNPOISON(ptr, new_size);
			return ptr;
		}
	}
	void *n = pc_arena_alloc(a, new_size);
	memcpy(n, ptr, old_size);
	return n;
}

size_t pc_arena_used(const PcArena *a)
{
	size_t n = 0;
	for (const PcArenaBlock *b = a->head; b; b = b->prev)
		n += b->used;
	return n;
}

PcStr pc_arena_join(PcArena *a, PcStr scope, PcStr name)
{
	if (!scope.len)
		return name;
	char *p = pc_arena_alloc(a, scope.len + name.len + 2);
	memcpy(p, scope.ptr, scope.len);
	p[scope.len] = '.';
	memcpy(p + scope.len + 1, name.ptr, name.len);
	p[scope.len + 1 + name.len] = '\0';
	return (PcStr){p, scope.len + 1 + name.len};
}

char *pc_arena_strndup(PcArena *a, const char *s, size_t len)
{
	char *p = pc_arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void pc_vec_append(PcVec *v, const void *data, size_t n, PcArena *a)
{
	if (n == 0)
		return;
	if (v->len + n > v->cap) {
		size_t ncap = v->cap ? v->cap : 16;
		while (ncap < v->len + n)
			ncap *= 2;
		if (ncap > UINT32_MAX) {
			fprintf(stderr, "protocompat: out of memory (a vector of %zu bytes)\n", ncap);
			abort();
		}
		v->items = pc_arena_grow(a, v->items, v->cap, ncap);
		v->cap = (uint32_t)ncap;
	}
	memcpy((char *)v->items + v->len, data, n);
	v->len += (uint32_t)n;
}

void *pc_vec_push(PcVec *v, size_t elem_size, PcArena *a)
{
	if (v->len == v->cap) {
		/* Big elements (options, locations) start small: most lists of them hold
		 * one or two. */
		uint32_t ncap = v->cap ? v->cap * 2 : elem_size >= 32 ? 1 : 4;
		v->items = pc_arena_grow(a, v->items, elem_size * v->cap, elem_size * ncap);
		v->cap = ncap;
	}
	char *slot = (char *)v->items + elem_size * v->len++;
	memset(slot, 0, elem_size);
	return slot;
}
