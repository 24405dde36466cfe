/* Source files: the bytes of one input, read with one read(), and its line table.
 * A PcSource owns nothing itself; its bytes live in the arena passed to the loader.
 * A source whose file keeps no view into its bytes may be released after parsing and
 * read again when a position in it is needed (pc_source_reload). */
#ifndef PC_SOURCE_H
#define PC_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "str.h"

typedef struct PcSource {
	const char *path;      /* as the user can open it (for diagnostics) */
	const char *name;      /* the file's name inside its module / import root */
	const char *data;      /* NUL-terminated copy of the contents; NULL while released */
	size_t len;
	uint32_t *line_starts; /* byte offset of each line's start (NULL while released) */
	uint32_t nlines;
	/* Where a released source is read again: the memory its bytes were copied from
	 * (a file of a PcMemTree, which outlives the source), else the file at path. */
	const char *origin;
	unsigned digest;       /* pc_str_hash of the bytes released: a re-read must match */
	bool released, reload_failed;
} PcSource;

/* Forgets the bytes and the line table (which live in an arena about to be reset or
 * released): for a source whose file keeps no view into them. */
void pc_source_release(PcSource *src);
/* Reads a released source again into a, and keeps the bytes only when they are those
 * released (same length and digest: the file may have changed since). Returns whether
 * src has its bytes now (true at once for a source never released). */
bool pc_source_reload(PcSource *src, PcArena *a);

/* Returns 0 on success; on failure returns errno and leaves *src empty. */
int pc_source_load(PcSource *src, const char *path, const char *name, PcArena *a);
/* The same, failing with EFBIG before reading when the file has more than max bytes. */
int pc_source_load_max(PcSource *src, const char *path, const char *name, uint64_t max, PcArena *a);
/* An absolute, textually normalised form of path ("." and ".." components and
 * repeated slashes removed, symlinks left alone, as protoc compares paths), in a;
 * NULL when the current directory cannot be read. */
char *pc_path_normalize(PcArena *a, const char *path);
/* A relative path cleaned the same way, staying relative ("" for "." itself): "./a//b/"
 * is "a/b", "a/../b" is "b". NULL when path is absolute or climbs above its start
 * ("../x", "a/../.."): names inside archives and subdirectories of inputs. */
char *pc_path_clean_relative(PcArena *a, const char *path);

/* Wraps bytes already in memory (embedded files, git blobs, tests). */
void pc_source_init_bytes(PcSource *src, const char *path, const char *name, const char *data,
			  size_t len, PcArena *a);
/* The byte offset of (0-based) line and column col as protoc counts columns (a tab
 * advances to the next multiple of 8, any other byte by one): where a span starts.
 * line must be below src->nlines; a column past the line's end gives its end. */
uint32_t pc_source_offset(const PcSource *src, int32_t line, int32_t col);
/* The other way: protoc's column of byte offset off, which lies on line. */
int32_t pc_source_column(const PcSource *src, int32_t line, uint32_t off);
/* The text of a 0-based line without its newline. */
PcStr pc_source_line(const PcSource *src, uint32_t line);
/* The columns buf gives the character at s (n > 0 bytes left): it measures text by
 * display width, so 2 for East Asian wide and emoji characters, 0 for combining marks,
 * zero-width characters and emoji modifiers, else 1 (a malformed byte counts 1).
 * *len gets the character's length in bytes. */
int32_t pc_source_char_width(const char *s, size_t n, size_t *len);

#endif
