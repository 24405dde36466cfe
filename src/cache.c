/* The cache's segment files. A segment is a header ("PCCACHE" and a newline, then the
 * format version as 4 bytes) followed by records:
 *
 *     u32 body length | body: type (1), key length (1), key, payload | u64 checksum of body
 *
 * all little-endian. A record whose length runs past the end of the file ends the
 * reading of that file (a torn write); one whose checksum is wrong is skipped. Segment
 * names are "v1-" and a number that grows with time, so reading them in name order
 * reads older records first and a later record of the same key wins; files of another
 * format version have another prefix and are never read (merging removes them).
 * Merging writes every live record into one new segment (records used in this run
 * first, then the newest, until the size bound) and removes the segments it read. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { FORMAT_VERSION = 1, HEADER_LEN = 12, MERGE_SEGMENTS = 12 };
static const char magic[8] = {'P', 'C', 'C', 'A', 'C', 'H', 'E', '\n'};
static const char prefix[] = "v1-";
static const char old_prefix[] = "v"; /* any other version's segments: "vN-" */

struct PcCacheRec {
	const uint8_t *key, *data;
	uint32_t keylen, len;
	uint64_t hash;
	uint32_t seg;                 /* segment index; UINT32_MAX for records put */
	uint8_t type;
	bool used;
};

uint64_t pc_cache_hash(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *b = p;
	uint64_t h = seed ^ 0x9E3779B97F4A7C15ull ^ ((uint64_t)n * 0xC2B2AE3D27D4EB4Full);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, b, 8);
		w *= 0x87C37B91114253D5ull;
		w = (w << 31) | (w >> 33);
		h = (h ^ w) * 0x4CF5AD432745937Full;
		h = (h << 27) | (h >> 37);
		b += 8;
		n -= 8;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)b[i] << (8 * i);
	h ^= w * 0x87C37B91114253D5ull;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 33;
	return h;
}

static uint64_t key_hash(uint8_t type, const void *key, size_t keylen)
{
	return pc_cache_hash(key, keylen, type);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t *find_slot(PcCache *c, uint8_t type, const void *key, size_t keylen, uint64_t h)
{
	for (uint32_t i = (uint32_t)h & c->mask;; i = (i + 1) & c->mask) {
		uint32_t *s = &c->slots[i];
		if (!*s)
			return s;
		const PcCacheRec *r = &c->recs[*s - 1];
		if (r->hash == h && r->type == type && r->keylen == keylen && memcmp(r->key, key, keylen) == 0)
			return s;
	}
}

static void grow(PcCache *c)
{
	uint32_t cap = c->caprecs ? c->caprecs * 2 : 1024;
	c->recs = pc_arena_grow(c->a, c->recs, sizeof(PcCacheRec) * c->caprecs, sizeof(PcCacheRec) * cap);
	c->caprecs = cap;
	c->mask = cap * 2 - 1;
	c->slots = PC_NEW_ARRAY(c->a, uint32_t, cap * 2);
	for (uint32_t i = 0; i < c->nrecs; i++) {
		const PcCacheRec *r = &c->recs[i];
		*find_slot(c, r->type, r->key, r->keylen, r->hash) = i + 1;
	}
}

/* Adds or replaces a record in the index. */
static void add(PcCache *c, PcCacheRec rec)
{
	if (c->nrecs + 1 > c->caprecs)
		grow(c);
	uint32_t *s = find_slot(c, rec.type, rec.key, rec.keylen, rec.hash);
	if (*s) {
		rec.used = rec.used || c->recs[*s - 1].used;
		c->recs[*s - 1] = rec;
		return;
	}
	c->recs[c->nrecs] = rec;
	*s = ++c->nrecs;
}

static void read_segment(PcCache *c, const uint8_t *p, size_t n, uint32_t seg)
{
	if (n < HEADER_LEN || memcmp(p, magic, 8) != 0 || get32(p + 8) != FORMAT_VERSION)
		return;
	size_t off = HEADER_LEN;
	while (off + 4 <= n) {
		uint32_t body = get32(p + off);
		if (body < 2 || body > n - off - 4 || n - off - 4 - body < 8)
			return; /* torn: the rest of the file cannot be trusted */
		const uint8_t *b = p + off + 4;
		uint32_t keylen = b[1];
		if (keylen + 2 > body || get64(b + body) != pc_cache_hash(b, body, 0)) {
			c->corrupt++;
			off += 4 + (size_t)body + 8;
			continue;
		}
		PcCacheRec r = {.key = b + 2, .keylen = keylen, .data = b + 2 + keylen, .len = body - 2 - keylen,
				.type = b[0], .seg = seg};
		r.hash = key_hash(r.type, r.key, r.keylen);
		add(c, r);
		c->bytes += body;
		off += 4 + (size_t)body + 8;
	}
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static char *join(PcArena *a, const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = pc_arena_alloc(a, dl + nl + 2);
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

static const char *default_dir(PcArena *a)
{
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && x[0] == '/')
		return join(a, x, "protocompat");
	const char *h = getenv("HOME");
	if (h && *h)
		return join(a, join(a, h, ".cache"), "protocompat");
	return NULL;
}

void pc_cache_open(PcCache *c, const char *dir, PcArena *a)
{
	memset(c, 0, sizeof *c);
	c->a = a;
	c->dir = dir ? dir : default_dir(a);
	if (!c->dir)
		return;
	grow(c);
	DIR *d = opendir(c->dir);
	if (!d)
		return;
	PcVec names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, sizeof prefix - 1) == 0 && n > 4 && strcmp(e->d_name + n - 4, ".seg") == 0)
			*PC_VEC_PUSH(&names, const char *, a) = pc_arena_strndup(a, e->d_name, n);
	}
	closedir(d);
	if (names.len)
		qsort(names.items, names.len, sizeof(const char *), cmp_str);
	c->segments = PC_NEW_ARRAY(a, const char *, names.len + 1);
	c->maps = PC_NEW_ARRAY(a, void *, names.len + 1);
	c->map_sizes = PC_NEW_ARRAY(a, size_t, names.len + 1);
	for (uint32_t i = 0; i < names.len; i++) {
		const char *path = join(a, c->dir, PC_VEC_AT(names, const char *, i));
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue; /* merged away by another run meanwhile */
		struct stat st;
		void *m = MAP_FAILED;
		if (fstat(fd, &st) == 0 && st.st_size > 0)
			m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (m == MAP_FAILED)
			continue;
		uint32_t k = c->nsegments++;
		c->segments[k] = path;
		c->maps[k] = m;
		c->map_sizes[k] = (size_t)st.st_size;
		read_segment(c, m, (size_t)st.st_size, k);
	}
}

const void *pc_cache_get(PcCache *c, uint8_t type, const void *key, size_t keylen, size_t *len)
{
	if (!c->dir || keylen > 255)
		return NULL;
	uint32_t s = *find_slot(c, type, key, keylen, key_hash(type, key, keylen));
	if (!s)
		return NULL;
	PcCacheRec *r = &c->recs[s - 1];
	r->used = true;
	*len = r->len;
	return r->data;
}

void pc_cache_put(PcCache *c, uint8_t type, const void *key, size_t keylen, const void *data, size_t len)
{
	if (!c->dir || keylen > 255 || len > (1u << 30))
		return;
	uint8_t *k = pc_arena_alloc(c->a, keylen + len + 1);
	memcpy(k, key, keylen);
	if (len)
		memcpy(k + keylen, data, len);
	PcCacheRec r = {.key = k, .keylen = (uint32_t)keylen, .data = k + keylen, .len = (uint32_t)len,
			.type = type, .seg = UINT32_MAX, .used = true};
	r.hash = key_hash(type, key, keylen);
	add(c, r);
	c->nfresh++;
}

static uint64_t size_bound(void)
{
	const char *e = getenv("PROTOCOMPAT_CACHE_MAX");
	char *end;
	unsigned long long v = e && *e ? strtoull(e, &end, 10) : 0;
	return v && *end == '\0' ? v : 512ull << 20;
}

static uint64_t rec_size(const PcCacheRec *r)
{
	return 4 + 2 + (uint64_t)r->keylen + r->len + 8;
}

/* Writes the records marked in keep as one segment: temporary name, then rename. */
static bool write_segment(PcCache *c, const bool *keep)
{
	if (mkdir(c->dir, 0777) != 0 && errno != EEXIST) {
		/* the parent may be missing too (a fresh ~/.cache) */
		char *parent = pc_arena_strndup(c->a, c->dir, strlen(c->dir));
		char *slash = strrchr(parent, '/');
		if (!slash || slash == parent)
			return false;
		*slash = '\0';
		mkdir(parent, 0777);
		if (mkdir(c->dir, 0777) != 0 && errno != EEXIST)
			return false;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char name[96], tmp[96];
	uint64_t stamp = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	snprintf(name, sizeof name, "%s%020llu-%d.seg", prefix, (unsigned long long)stamp, (int)getpid());
	snprintf(tmp, sizeof tmp, "tmp-%020llu-%d", (unsigned long long)stamp, (int)getpid());
	const char *tpath = join(c->a, c->dir, tmp), *fpath = join(c->a, c->dir, name);
	int fd = open(tpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return false;
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tpath);
		return false;
	}
	uint8_t head[HEADER_LEN];
	memcpy(head, magic, 8);
	put32(head + 8, FORMAT_VERSION);
	bool ok = fwrite(head, 1, sizeof head, f) == sizeof head;
	for (uint32_t i = 0; ok && i < c->nrecs; i++) {
		const PcCacheRec *r = &c->recs[i];
		if (!keep[i])
			continue;
		uint32_t body = 2 + r->keylen + r->len;
		uint8_t *buf = pc_arena_alloc(c->a, (size_t)body + 12);
		put32(buf, body);
		buf[4] = r->type;
		buf[5] = (uint8_t)r->keylen;
		memcpy(buf + 6, r->key, r->keylen);
		if (r->len)
			memcpy(buf + 6 + r->keylen, r->data, r->len);
		put64(buf + 4 + body, pc_cache_hash(buf + 4, body, 0));
		ok = fwrite(buf, 1, (size_t)body + 12, f) == (size_t)body + 12;
	}
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tpath, fpath) != 0) {
		unlink(tpath);
		return false;
	}
	return true;
}

/* Order of survival when merging: used in this run, then newer segments first. */
typedef struct Rank {
	uint32_t index, seg;
	bool used;
} Rank;

static int cmp_rank(const void *x, const void *y)
{
	const Rank *p = x, *q = y;
	if (p->used != q->used)
		return p->used ? -1 : 1;
	if (p->seg != q->seg)
		return p->seg > q->seg ? -1 : 1;
	return p->index < q->index ? -1 : p->index > q->index;
}

/* Segments of other format versions, and temporary files left by a crash an hour ago. */
static void remove_strays(PcCache *c)
{
	DIR *d = opendir(c->dir);
	if (!d)
		return;
	struct dirent *e;
	time_t now = time(NULL);
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		bool other = strncmp(n, old_prefix, 1) == 0 && strncmp(n, prefix, sizeof prefix - 1) != 0 &&
			     strstr(n, ".seg");
		bool tmp = strncmp(n, "tmp-", 4) == 0;
		if (!other && !tmp)
			continue;
		const char *p = join(c->a, c->dir, n);
		struct stat st;
		if (other || (stat(p, &st) == 0 && now - st.st_mtime > 3600))
			unlink(p);
	}
	closedir(d);
}

void pc_cache_close(PcCache *c)
{
	if (!c->dir)
		return;
	uint64_t bound = size_bound(), total = 0;
	for (uint32_t i = 0; i < c->nrecs; i++)
		total += rec_size(&c->recs[i]);
	bool merge = c->nsegments + (c->nfresh ? 1 : 0) > MERGE_SEGMENTS || total > bound;
	if (c->nfresh || merge) {
		bool *keep = PC_NEW_ARRAY(c->a, bool, c->nrecs + 1);
		if (merge) {
			Rank *ranks = PC_NEW_ARRAY(c->a, Rank, c->nrecs + 1);
			for (uint32_t i = 0; i < c->nrecs; i++)
				ranks[i] = (Rank){i, c->recs[i].seg, c->recs[i].used};
			qsort(ranks, c->nrecs, sizeof(Rank), cmp_rank);
			uint64_t kept = 0;
			for (uint32_t i = 0; i < c->nrecs; i++) {
				uint64_t sz = rec_size(&c->recs[ranks[i].index]);
				if (kept + sz > bound)
					break;
				kept += sz;
				keep[ranks[i].index] = true;
			}
		} else {
			for (uint32_t i = 0; i < c->nrecs; i++)
				keep[i] = c->recs[i].seg == UINT32_MAX;
		}
		if (write_segment(c, keep) && merge) {
			for (uint32_t i = 0; i < c->nsegments; i++)
				unlink(c->segments[i]);
			remove_strays(c);
		}
	}
	for (uint32_t i = 0; i < c->nsegments; i++)
		munmap(c->maps[i], c->map_sizes[i]);
	c->nsegments = 0;
	c->nfresh = 0;
	c->dir = NULL;
}
