/* The incremental check's cache (src/cache.c): records survive a close and an open,
 * a later record of a key wins, a damaged record (a flipped byte, a cut-off file,
 * garbage after the last record) is skipped while the others are read, segments are
 * merged and the size bound drops the records not used in the run first, another
 * format version's segment is never read, and a cache that is off reads and writes
 * nothing. Each test works in a directory of its own under /tmp. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"

static char *fresh_dir(void)
{
	static char tmpl[64];
	snprintf(tmpl, sizeof tmpl, "/tmp/pc-cache-test-XXXXXX");
	char *d = mkdtemp(tmpl);
	cr_assert(d);
	return d;
}

static void put_str(PcCache *c, const char *key, const char *value)
{
	pc_cache_put(c, 'T', key, strlen(key), value, strlen(value));
}

/* The record's payload as a string ("" when absent). */
static const char *get_str(PcCache *c, const char *key, char *buf, size_t n)
{
	size_t len = 0;
	const char *p = pc_cache_get(c, 'T', key, strlen(key), &len);
	if (!p)
		return "";
	snprintf(buf, n, "%.*s", (int)len, p);
	return buf;
}

static uint32_t segments(const char *dir, char names[][320], uint32_t max)
{
	DIR *d = opendir(dir);
	cr_assert(d);
	uint32_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".seg") && n < max)
			snprintf(names[n++], 320, "%.40s/%.255s", dir, e->d_name);
	closedir(d);
	return n;
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	cr_assert(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	cr_assert(f);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc(*n + 1);
	cr_assert_eq(fread(p, 1, *n, f), *n);
	fclose(f);
	return p;
}

static void remove_dir(const char *dir)
{
	char names[64][320];
	uint32_t n = segments(dir, names, 64);
	for (uint32_t i = 0; i < n; i++)
		unlink(names[i]);
	rmdir(dir);
}

Test(cache, records_survive_and_later_ones_win)
{
	char *dir = fresh_dir(), buf[64];
	PcArena a;
	pc_arena_init(&a);
	PcCache c;
	pc_cache_open(&c, dir, &a);
	put_str(&c, "k1", "one");
	put_str(&c, "k2", "two");
	pc_cache_close(&c);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "k1", buf, sizeof buf), "one");
	cr_assert_str_eq(get_str(&c, "k2", buf, sizeof buf), "two");
	cr_assert_str_eq(get_str(&c, "k3", buf, sizeof buf), "");
	put_str(&c, "k1", "uno");
	pc_cache_close(&c);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "k1", buf, sizeof buf), "uno");
	cr_assert_eq(c.corrupt, 0);
	pc_cache_close(&c);
	pc_arena_release(&a);
	remove_dir(dir);
}

Test(cache, damaged_records_are_skipped)
{
	char *dir = fresh_dir(), buf[64], names[8][320];
	PcArena a;
	pc_arena_init(&a);
	PcCache c;
	pc_cache_open(&c, dir, &a);
	put_str(&c, "first", "aaaaaaaa");
	put_str(&c, "second", "bbbbbbbb");
	put_str(&c, "third", "cccccccc");
	pc_cache_close(&c);
	cr_assert_eq(segments(dir, names, 8), 1);
	size_t n;
	char *orig = read_file(names[0], &n);
	/* a flipped byte in the second record's payload: only that record is lost */
	char *flip = malloc(n);
	memcpy(flip, orig, n);
	char *b = NULL;
	for (size_t i = 0; i + 8 <= n && !b; i++)
		if (memcmp(flip + i, "bbbbbbbb", 8) == 0)
			b = flip + i;
	cr_assert(b);
	b[3] ^= 1;
	write_file(names[0], flip, n);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "first", buf, sizeof buf), "aaaaaaaa");
	cr_assert_str_eq(get_str(&c, "second", buf, sizeof buf), "");
	cr_assert_str_eq(get_str(&c, "third", buf, sizeof buf), "cccccccc");
	cr_assert_eq(c.corrupt, 1);
	pc_cache_close(&c);
	/* cut off in the middle of the last record (a torn write): the others are read */
	write_file(names[0], orig, n - 5);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "first", buf, sizeof buf), "aaaaaaaa");
	cr_assert_str_eq(get_str(&c, "second", buf, sizeof buf), "bbbbbbbb");
	cr_assert_str_eq(get_str(&c, "third", buf, sizeof buf), "");
	pc_cache_close(&c);
	/* garbage after the last record */
	char *more = malloc(n + 40);
	memcpy(more, orig, n);
	memset(more + n, 0x5a, 40);
	write_file(names[0], more, n + 40);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "third", buf, sizeof buf), "cccccccc");
	pc_cache_close(&c);
	/* a header of another format version: nothing is read */
	memcpy(more, orig, n);
	more[8] = 2;
	write_file(names[0], more, n);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "first", buf, sizeof buf), "");
	pc_cache_close(&c);
	free(orig);
	free(flip);
	free(more);
	pc_arena_release(&a);
	remove_dir(dir);
}

Test(cache, merging_keeps_the_records_used_within_the_bound)
{
	char *dir = fresh_dir(), buf[64], names[64][320];
	PcArena a;
	pc_arena_init(&a);
	PcCache c;
	char key[16], value[64];
	/* 14 runs, one segment each: the 13th run merges them into one */
	for (int run = 0; run < 14; run++) {
		pc_cache_open(&c, dir, &a);
		snprintf(key, sizeof key, "run%d", run);
		snprintf(value, sizeof value, "value of run %d", run);
		put_str(&c, key, value);
		pc_cache_close(&c);
	}
	cr_assert_leq(segments(dir, names, 64), 3);
	pc_cache_open(&c, dir, &a);
	for (int run = 0; run < 14; run++) {
		snprintf(key, sizeof key, "run%d", run);
		snprintf(value, sizeof value, "value of run %d", run);
		cr_assert_str_eq(get_str(&c, key, buf, sizeof buf), value);
	}
	pc_cache_close(&c);
	/* a bound of about three records: the one used in this run, and the newest */
	setenv("PROTOCOMPAT_CACHE_MAX", "100", 1);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "run0", buf, sizeof buf), "value of run 0");
	put_str(&c, "new", "value of the run");
	pc_cache_close(&c);
	unsetenv("PROTOCOMPAT_CACHE_MAX");
	cr_assert_eq(segments(dir, names, 64), 1);
	pc_cache_open(&c, dir, &a);
	cr_assert_str_eq(get_str(&c, "run0", buf, sizeof buf), "value of run 0");
	cr_assert_str_eq(get_str(&c, "new", buf, sizeof buf), "value of the run");
	cr_assert_str_eq(get_str(&c, "run5", buf, sizeof buf), "");
	cr_assert_leq(c.bytes, 100);
	pc_cache_close(&c);
	pc_arena_release(&a);
	remove_dir(dir);
}

Test(cache, off_reads_and_writes_nothing)
{
	PcArena a;
	pc_arena_init(&a);
	PcCache c;
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CACHE_HOME");
	char *h = home ? strdup(home) : NULL, *x = xdg ? strdup(xdg) : NULL;
	unsetenv("HOME");
	unsetenv("XDG_CACHE_HOME");
	pc_cache_open(&c, NULL, &a);
	cr_assert_null(c.dir);
	put_str(&c, "k", "v");
	size_t len;
	cr_assert_null(pc_cache_get(&c, 'T', "k", 1, &len));
	pc_cache_close(&c);
	if (h)
		setenv("HOME", h, 1);
	if (x)
		setenv("XDG_CACHE_HOME", x, 1);
	free(h);
	free(x);
	pc_arena_release(&a);
}
