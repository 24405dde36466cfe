/* Parse benchmark: reads every .proto file under a root (leaving out google/protobuf/,
 * whose types are built in), then times the parser alone over all of them, several
 * rounds, and the whole load (parse + imports + resolve) once per round. Prints files/s
 * and MB/s; src/bench/parse.sh runs protoc on the same files for the comparison. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parser.h"
#include "schema.h"

typedef struct Corpus {
	PcArena arena;
	PcVec paths; /* of const char * */
	size_t root_len;
} Corpus;

static Corpus corpus; /* nftw offers no user pointer; only this driver uses it */

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	size_t n = strlen(path);
	if (type != FTW_F || n < 6 || strcmp(path + n - 6, ".proto") != 0)
		return 0;
	if (strstr(path + corpus.root_len, "google/protobuf/"))
		return 0;
	*PC_VEC_PUSH(&corpus.paths, const char *, &corpus.arena) = pc_arena_strndup(&corpus.arena, path, n);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_parse ROOT [ROUNDS]\n");
		return 2;
	}
	const char *root = argv[1];
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	pc_arena_init(&corpus.arena);
	corpus.root_len = strlen(root);
	if (nftw(root, collect, 32, FTW_PHYS) != 0) {
		perror(root);
		return 2;
	}
	uint32_t nfiles = corpus.paths.len;
	const char **paths = corpus.paths.items;
	qsort(paths, nfiles, sizeof *paths, cmp_str);

	PcSource *srcs = PC_NEW_ARRAY(&corpus.arena, PcSource, nfiles);
	size_t bytes = 0;
	for (uint32_t i = 0; i < nfiles; i++) {
		if (pc_source_load(&srcs[i], paths[i], paths[i] + corpus.root_len + 1, &corpus.arena) != 0) {
			perror(paths[i]);
			return 2;
		}
		bytes += srcs[i].len;
	}
	printf("corpus: %u files, %.1f MB under %s\n", nfiles, (double)bytes / 1e6, root);

	double best_parse = 1e9, best_load = 1e9;
	int errors = 0;
	for (int r = 0; r < rounds; r++) {
		PcArena a;
		pc_arena_init(&a);
		PcDiags d;
		pc_diags_init(&d, &a);
		double t0 = now();
		for (uint32_t i = 0; i < nfiles; i++)
			pc_parse_file(&srcs[i], &d, &a);
		double t = now() - t0;
		if (t < best_parse)
			best_parse = t;
		errors = d.errors;
		if (r == 0)
			printf("parse arena: %.1f MB\n", (double)a.total / 1e6);
		pc_arena_release(&a);

		pc_arena_init(&a);
		pc_diags_init(&d, &a);
		PcSchema s;
		pc_schema_init(&s, &a, &d);
		PcLoadConfig cfg = {.import_paths = &root, .nimport_paths = 1};
		t0 = now();
		int rc = pc_schema_load(&s, &cfg, (const char *const *)paths, nfiles);
		t = now() - t0;
		if (t < best_load)
			best_load = t;
		if (r == 0 && rc != 0)
			fprintf(stderr, "load: status %d, %d errors\n", rc, d.errors);
		if (r == 0)
			printf("load arena: %.1f MB\n", (double)a.total / 1e6);
		pc_arena_release(&a);
	}
	printf("parse only:  best of %d: %.3f s  %.0f files/s  %.1f MB/s  (%d parse errors)\n", rounds,
	       best_parse, nfiles / best_parse, (double)bytes / 1e6 / best_parse, errors);
	printf("load+resolve: best of %d: %.3f s  %.0f files/s  %.1f MB/s\n", rounds, best_load,
	       nfiles / best_load, (double)bytes / 1e6 / best_load);
	pc_arena_release(&corpus.arena);
	return 0;
}
