/* Archives and compressed files through libarchive (the only module that includes
 * archive.h): a tar (plain, gzip or zstd) or zip archive read from memory into a
 * PcMemTree, and a compressed single file (a .binpb.gz image) unwrapped. Only .proto
 * files and configuration files (buf.yaml, buf.work.yaml, buf.lock, protocompat.yaml)
 * are kept. Hostile archives are refused with an error, never extracted: entry names
 * that are absolute or contain "..", links to .proto files, entries over the size
 * limit, corrupt data. Everything lives in the arena; errors go to the diagnostics
 * under the label. */
#ifndef PC_ARCHIVE_H
#define PC_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "schema.h"

typedef enum PcCompression { PC_COMPRESSION_NONE, PC_COMPRESSION_GZIP, PC_COMPRESSION_ZSTD } PcCompression;

typedef enum PcArchiveKind { PC_ARCHIVE_TAR, PC_ARCHIVE_ZIP } PcArchiveKind;

typedef struct PcArchiveOpts {
	PcArchiveKind kind;
	PcCompression compression;  /* of the whole tar; none for zip */
	uint32_t strip_components;  /* leading path elements dropped; shorter entries are skipped */
	uint64_t max_file_size;     /* per kept file (0: PC_DEFAULT_MAX_FILE_SIZE) */
	const char *label;          /* the input as written, for messages */
} PcArchiveOpts;

/* Reads the archive in data into *tree (root: tree_root, files sorted by path; a name
 * given twice keeps its last entry, as extracting would). Returns 0, or 2 after
 * recording an error. */
int pc_archive_read(PcMemTree *tree, const char *tree_root, const char *data, size_t len, const PcArchiveOpts *o,
		    PcArena *a, PcDiags *d);

/* Uncompresses data (gzip or zstd; none copies nothing) into *out, at most max bytes
 * (0: no limit beyond memory). Returns 0, or 2 after recording an error. */
int pc_archive_uncompress(const char **out, size_t *out_len, const char *data, size_t len, PcCompression c,
			  uint64_t max, const char *label, PcArena *a, PcDiags *d);

#endif
