/* Helpers shared by the libFuzzer targets (header-only: every fuzz_*.c is its own
 * executable). Schemas are built from memory, without the file system: the input file
 * is parsed from the fuzzer's bytes, its imports are taken from the embedded well-known
 * types only (anything else is a missing import, which stops before resolution exactly
 * as pc_schema_load does), files are ordered dependencies first and then resolved.
 * Inputs that must be read from a path (descriptor sets, rule files) go through one
 * memfd per process, rewritten for each run and opened as /proc/self/fd/N. */
#ifndef PC_FUZZ_UTIL_H
#define PC_FUZZ_UTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* memfd_create */
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "parser.h"
#include "schema.h"
#include "wkt.h"

enum { PC_FUZZ_MAX_DEPTH = 64 };

/* Parses src as file `name`, then its embedded imports (depth first, each once), and
 * appends files to s->files dependencies first. Returns false when an import is
 * neither embedded nor already loaded, or on a cycle. */
static inline bool pc_fuzz_add_file(PcSchema *s, PcSource *src, bool builtin, bool input, PcArena *scratch, int depth)
{
	PcFile *f = pc_parse_file_scratch(src, s->diags, s->arena, scratch);
	f->src = src;
	f->name = pc_str(src->name);
	f->path = src->path;
	f->is_builtin = builtin;
	if (input)
		*PC_VEC_PUSH(&s->inputs, PcFile *, s->arena) = f;
	if (depth > PC_FUZZ_MAX_DEPTH)
		return false;
	for (uint32_t i = 0; i < f->imports.len; i++) {
		PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		for (uint32_t j = 0; j < s->files.len && !imp->file; j++) {
			PcFile *g = PC_VEC_AT(s->files, PcFile *, j);
			if (pc_str_eq(g->name, imp->name))
				imp->file = g;
		}
		if (imp->file)
			continue;
		if (pc_str_eq(imp->name, f->name))
			return false;
		const PcEmbeddedFile *e = pc_wkt_find(imp->name.ptr, imp->name.len);
		if (!e)
			return false;
		PcSource *dep = PC_NEW(s->arena, PcSource);
		char *n = pc_arena_strndup(s->arena, e->name, strlen(e->name));
		pc_source_init_bytes(dep, n, n, e->data, e->len, s->arena);
		if (!pc_fuzz_add_file(s, dep, true, false, scratch, depth + 1))
			return false;
		imp->file = PC_VEC_AT(s->files, PcFile *, s->files.len - 1);
	}
	*PC_VEC_PUSH(&s->files, PcFile *, s->arena) = f;
	return true;
}

/* Loads one in-memory file as pc_schema_load would: 0, or 3 on parse/link errors
 * (then at least one error is recorded), or 4 when an import is missing (pc_schema_load
 * would report it; the harness only stops). */
static inline int pc_fuzz_load(PcSchema *s, const char *name, const uint8_t *data, size_t size)
{
	PcArena scratch;
	pc_arena_init(&scratch);
	PcSource *src = PC_NEW(s->arena, PcSource);
	pc_source_init_bytes(src, name, name, (const char *)data, size, s->arena);
	int errors = s->diags->errors;
	bool ok = pc_fuzz_add_file(s, src, false, true, &scratch, 0);
	pc_arena_release(&scratch);
	if (!ok)
		return 4;
	if (s->diags->errors > errors)
		return 3;
	for (uint32_t i = 0; i < s->files.len; i++)
		if (PC_VEC_AT(s->files, PcFile *, i)->parse_failed)
			return 3;
	return pc_schema_resolve(s) > 0 ? 3 : 0;
}

/* A memfd holding the current input, and its /proc path. */
typedef struct PcFuzzFile {
	int fd;
	char path[64];
} PcFuzzFile;

static inline bool pc_fuzz_file_put(PcFuzzFile *ff, const uint8_t *data, size_t size)
{
	if (ff->fd <= 0) {
		ff->fd = memfd_create("pcfuzz", 0);
		if (ff->fd < 0)
			return false;
		snprintf(ff->path, sizeof ff->path, "/proc/self/fd/%d", ff->fd);
	}
	if (ftruncate(ff->fd, 0) != 0)
		return false;
	size_t off = 0;
	while (off < size) {
		ssize_t w = pwrite(ff->fd, data + off, size - off, (off_t)off);
		if (w <= 0)
			return false;
		off += (size_t)w;
	}
	return true;
}

#endif
