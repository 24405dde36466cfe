/* Bump arenas: every long-lived object of a schema, a diff or a rule set lives in
 * one arena with one named owner and is freed all at once by pc_arena_release().
 * Allocation failure aborts with a message (there is no recovery from OOM here).
 * This module and pc_source_load() are the only callers of malloc/free. */
#ifndef PC_ARENA_H
#define PC_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include "str.h"

typedef struct PcArenaBlock PcArenaBlock;

typedef struct PcArena {
	PcArenaBlock *head;  /* current block; older blocks chained behind it */
	char *last;          /* start of the most recent allocation, for pc_arena_grow */
	size_t total;        /* bytes obtained from malloc, for statistics */
} PcArena;

void pc_arena_init(PcArena *a);
void pc_arena_release(PcArena *a);
/* Forgets every allocation but keeps the largest block for reuse: for scratch arenas
 * that serve one job after another (no new page faults, no malloc per job). */
void pc_arena_reset(PcArena *a);

/* Moves every block of src into dst (src is left empty): objects allocated in src stay
 * where they are and now belong to dst. Lets worker threads fill arenas of their own
 * and hand the results to one owner. */
void pc_arena_adopt(PcArena *dst, PcArena *src);

/* Uninitialised memory aligned to 8 bytes (enough for every type stored here: none
 * needs more than a pointer, a double or an int64). */
void *pc_arena_alloc(PcArena *a, size_t size);
/* Zeroed memory. */
void *pc_arena_zalloc(PcArena *a, size_t size);
/* Resizes ptr (old_size bytes) to new_size: in place when ptr is the last allocation
 * and the block has room, else by copying. ptr may be NULL. */
void *pc_arena_grow(PcArena *a, void *ptr, size_t old_size, size_t new_size);
char *pc_arena_strndup(PcArena *a, const char *s, size_t len);
/* "scope.name" (just name when scope is empty), NUL-terminated: a full name. */
PcStr pc_arena_join(PcArena *a, PcStr scope, PcStr name);
/* Bytes handed out so far (a->total less the free ends of the blocks), for statistics. */
size_t pc_arena_used(const PcArena *a);

#define PC_NEW(arena, T) ((T *)pc_arena_zalloc((arena), sizeof(T)))
#define PC_NEW_ARRAY(arena, T, n) ((T *)pc_arena_zalloc((arena), sizeof(T) * (size_t)(n)))

/* A growable array in an arena. Elements are copied in by value; the final array is
 * items[0..len). Growth doubles capacity, so pushes are amortised O(1). */
typedef struct PcVec {
	void *items;
	uint32_t len, cap;
} PcVec;

void *pc_vec_push(PcVec *v, size_t elem_size, PcArena *a);

/* Appends n bytes to a vector of bytes (element size 1). */
void pc_vec_append(PcVec *v, const void *data, size_t n, PcArena *a);

#define PC_VEC_PUSH(vec, T, arena) ((T *)pc_vec_push((vec), sizeof(T), (arena)))
#define PC_VEC_AT(vec, T, i) (((T *)(vec).items)[i])

#endif
