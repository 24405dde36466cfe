/* A content-addressed cache on disk, for the incremental check (docs/incremental.md):
 * small records (a type byte, a key of up to 255 bytes, a payload) in a few segment
 * files under $XDG_CACHE_HOME/protocompat (else ~/.cache/protocompat). Opening reads
 * every segment once (a bounded number of files, whatever the number of records);
 * new records go to a new segment written to a temporary name and renamed, so a
 * reader never sees half a file; every record carries a checksum, and a torn or
 * corrupt one is skipped as if absent. Segments are merged, and the oldest records
 * dropped beyond a size bound, when they grow too many. Concurrent runs may each
 * write and merge: a record is then at worst lost (computed again), never wrong.
 * Nothing here is an error for the caller: a cache that cannot be read or written
 * is an empty one. Memory comes from the arena given, the segments are mapped. */
#ifndef PC_CACHE_H
#define PC_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct PcCacheRec PcCacheRec;

typedef struct PcCache {
	const char *dir;          /* NULL: the cache is off (nothing read or written) */
	PcArena *a;
	PcCacheRec *recs;         /* records read, then those put */
	uint32_t nrecs, caprecs;
	uint32_t *slots;          /* open addressing: record index + 1, 0 empty */
	uint32_t mask;
	uint32_t nfresh;          /* records put in this run (not yet written) */
	const char **segments;    /* the segment files read (merged ones are removed) */
	uint32_t nsegments;
	void **maps;              /* their mappings, and sizes */
	size_t *map_sizes;
	uint64_t bytes;           /* bytes of the records read */
	uint32_t corrupt;         /* records skipped because their checksum or length was wrong */
} PcCache;

/* Opens the cache in dir (NULL: $XDG_CACHE_HOME/protocompat, else
 * $HOME/.cache/protocompat; off when neither is set) and reads its segments. */
void pc_cache_open(PcCache *c, const char *dir, PcArena *a);

/* The payload of the record (type, key), or NULL; *len is set. Marks it used (records
 * used in this run survive eviction first). */
const void *pc_cache_get(PcCache *c, uint8_t type, const void *key, size_t keylen, size_t *len);

/* Adds a record (copied) to be written by pc_cache_close; replaces one read. */
void pc_cache_put(PcCache *c, uint8_t type, const void *key, size_t keylen, const void *data, size_t len);

/* Writes the records put as a new segment (merging all segments into one when there
 * are many or they exceed the bound: PROTOCOMPAT_CACHE_MAX bytes, default 512 MiB),
 * then unmaps the segments. */
void pc_cache_close(PcCache *c);

/* A 64-bit hash of bytes, the checksum of records and the key of derived entries. */
uint64_t pc_cache_hash(const void *p, size_t n, uint64_t seed);

#endif
