/* Archives through libarchive, read from memory and never extracted: each entry's
 * name is cleaned ("./" and repeated slashes dropped) and refused when it is absolute
 * or climbs out with "..", then loses strip_components leading elements; only the
 * files a schema load can use are kept, each read up to the size limit (a header that
 * lies about its size cannot make us read more). Symbolic links are never followed:
 * one named like a .proto file is an error, since skipping it would silently change
 * the schema; others are skipped. A hard link (tar stores a repeated file that way)
 * takes the bytes of the earlier entry it names. libarchive's own message is kept in
 * ours for damaged data. */
#include "archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

/* All kept files together: far above any real schema (googleapis is under 100 MB),
 * low enough that a small compressed archive cannot expand into all of memory. */
#define MAX_TOTAL ((uint64_t)1 << 30)

typedef struct Kept {
	PcMemFile file;
	uint32_t order;
} Kept;

static const char *kind_name(PcArchiveKind k, PcCompression c)
{
	if (k == PC_ARCHIVE_ZIP)
		return "zip";
	switch (c) {
	case PC_COMPRESSION_NONE:
		return "tar";
	case PC_COMPRESSION_GZIP:
		return "gzip-compressed tar";
	case PC_COMPRESSION_ZSTD:
		return "zstd-compressed tar";
	}
	return "tar";
}

static bool add_filter(struct archive *ar, PcCompression c)
{
	switch (c) {
	case PC_COMPRESSION_NONE:
		return true;
	case PC_COMPRESSION_GZIP:
		return archive_read_support_filter_gzip(ar) >= ARCHIVE_WARN;
	case PC_COMPRESSION_ZSTD:
		return archive_read_support_filter_zstd(ar) >= ARCHIVE_WARN;
	}
	return false;
}

/* The cleaned name, or NULL with *why set when the entry is refused. */
static const char *clean_name(const char *name, const char **why, PcArena *a)
{
	const char *clean = pc_path_clean_relative(a, name);
	if (!clean)
		*why = name[0] == '/' ? "has an absolute path" : "leaves the archive (\"..\")";
	return clean;
}

static const char *strip(const char *name, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const char *slash = strchr(name, '/');
		if (!slash)
			return NULL;
		name = slash + 1;
	}
	return *name ? name : NULL;
}

static bool wanted(const char *name)
{
	static const char *const configs[] = {"buf.yaml", "buf.work.yaml", "buf.lock", "protocompat.yaml"};
	size_t n = strlen(name);
	if (n > 6 && strcmp(name + n - 6, ".proto") == 0)
		return true;
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++)
		if (strcmp(base, configs[i]) == 0)
			return true;
	return false;
}

/* Reads the current entry's data, at most max bytes. Returns false with *err set. */
static bool read_data(struct archive *ar, uint64_t max, const char **data, size_t *len, const char **err,
		      PcArena *a)
{
	size_t cap = 4096, n = 0;
	char *buf = pc_arena_alloc(a, cap);
	for (;;) {
		if (n == cap) {
			buf = pc_arena_grow(a, buf, cap, cap * 2);
			cap *= 2;
		}
		la_ssize_t got = archive_read_data(ar, buf + n, cap - n);
		if (got < 0) {
			*err = archive_error_string(ar);
			return false;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			*err = NULL;
			return false;
		}
	}
	buf = pc_arena_grow(a, buf, cap, n + 1);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return true;
}

static int cmp_kept(const void *x, const void *y)
{
	const Kept *p = x, *q = y;
	int c = strcmp(p->file.path, q->file.path);
	return c ? c : (p->order > q->order) - (p->order < q->order);
}

static const PcMemFile *find_kept(const PcVec *kept, const char *name)
{
	for (uint32_t i = kept->len; i > 0; i--)
		if (strcmp(PC_VEC_AT(*kept, Kept, i - 1).file.path, name) == 0)
			return &PC_VEC_AT(*kept, Kept, i - 1).file;
	return NULL;
}

/* One entry: kept, skipped, or refused (false, error recorded). */
static bool read_entry(struct archive *ar, struct archive_entry *e, const PcArchiveOpts *o, PcVec *kept,
		       uint64_t *total, PcArena *a, PcDiags *d)
{
	const char *raw = archive_entry_pathname(e);
	if (!raw) {
		pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0}, "an entry has no readable name%s", "");
		return false;
	}
	const char *why = NULL;
	const char *name = clean_name(raw, &why, a);
	if (!name) {
		pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0}, "entry \"%s\" %s; the archive is refused", raw,
			    why);
		return false;
	}
	name = strip(name, o->strip_components);
	if (!name || !wanted(name))
		return true;
	uint64_t max = o->max_file_size ? o->max_file_size : PC_DEFAULT_MAX_FILE_SIZE;
	const char *hard = archive_entry_hardlink(e);
	mode_t type = archive_entry_filetype(e);
	PcMemFile f = {.path = name};
	if (hard) {
		const char *target = clean_name(hard, &why, a);
		target = target ? strip(target, o->strip_components) : NULL;
		const PcMemFile *t = target ? find_kept(kept, target) : NULL;
		if (!t) {
			pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0},
				    "entry \"%s\" is a hard link to \"%s\", which is not an earlier file of the archive", raw,
				    hard);
			return false;
		}
		f.data = t->data;
		f.len = t->len;
	} else if (type == AE_IFLNK) {
		const char *to = archive_entry_symlink(e);
		pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0},
			    "entry \"%s\" is a symbolic link (to \"%s\"); links are not followed", raw, to ? to : "");
		return false;
	} else if (type != AE_IFREG) {
		return true; /* directories, devices, fifos */
	} else {
		const char *err = NULL;
		if (!read_data(ar, max, &f.data, &f.len, &err, a)) {
			if (err)
				pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0}, "cannot read entry \"%s\": %s",
					    raw, err);
			else
				pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0},
					    "entry \"%s\" is larger than the limit of %llu bytes (raise it with "
					    "--max-file-size)",
					    raw, (unsigned long long)max);
			return false;
		}
	}
	*total += f.len;
	if (*total > MAX_TOTAL) {
		pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0},
			    "the files of the archive add up to more than %llu bytes", (unsigned long long)MAX_TOTAL);
		return false;
	}
	Kept *k = PC_VEC_PUSH(kept, Kept, a);
	k->file = f;
	k->order = kept->len;
	return true;
}

int pc_archive_read(PcMemTree *tree, const char *tree_root, const char *data, size_t len, const PcArchiveOpts *o,
		    PcArena *a, PcDiags *d)
{
	memset(tree, 0, sizeof *tree);
	tree->root = tree_root;
	struct archive *ar = archive_read_new();
	if (!ar) {
		pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0}, "cannot read archives: out of memory%s", "");
		return 2;
	}
	bool ok = add_filter(ar, o->kind == PC_ARCHIVE_ZIP ? PC_COMPRESSION_NONE : o->compression) &&
		  (o->kind == PC_ARCHIVE_ZIP ? archive_read_support_format_zip(ar)
					     : archive_read_support_format_tar(ar)) == ARCHIVE_OK;
	ok = ok && archive_read_open_memory(ar, data, len) == ARCHIVE_OK;
	PcVec kept = {0};
	uint64_t total = 0;
	int rc = ARCHIVE_OK;
	struct archive_entry *e;
	bool refused = false;
	while (ok && (rc = archive_read_next_header(ar, &e)) == ARCHIVE_OK)
		if (!read_entry(ar, e, o, &kept, &total, a, d)) {
			refused = true;
			break;
		}
	if (!refused && (!ok || rc != ARCHIVE_EOF)) {
		const char *msg = archive_error_string(ar);
		pc_diag_add(d, PC_SEV_ERROR, o->label, 0, 0, (PcStr){0}, "cannot read it as a %s archive: %s",
			    kind_name(o->kind, o->compression), msg ? msg : "unknown error");
		refused = true;
	}
	archive_read_free(ar);
	if (refused)
		return 2;
	if (kept.len)
		qsort(kept.items, kept.len, sizeof(Kept), cmp_kept);
	PcMemFile *files = PC_NEW_ARRAY(a, PcMemFile, kept.len ? kept.len : 1);
	for (uint32_t i = 0; i < kept.len; i++) {
		const Kept *k = &PC_VEC_AT(kept, Kept, i);
		if (i + 1 < kept.len && strcmp(k->file.path, PC_VEC_AT(kept, Kept, i + 1).file.path) == 0)
			continue; /* a later entry of the same name replaces it */
		files[tree->nfiles++] = k->file;
	}
	tree->files = files;
	return 0;
}

int pc_archive_uncompress(const char **out, size_t *out_len, const char *data, size_t len, PcCompression c,
			  uint64_t max, const char *label, PcArena *a, PcDiags *d)
{
	if (c == PC_COMPRESSION_NONE) {
		*out = data;
		*out_len = len;
		return 0;
	}
	const char *cname = c == PC_COMPRESSION_GZIP ? "gzip" : "zstd";
	struct archive *ar = archive_read_new();
	if (!ar) {
		pc_diag_add(d, PC_SEV_ERROR, label, 0, 0, (PcStr){0}, "cannot uncompress: out of memory%s", "");
		return 2;
	}
	struct archive_entry *e;
	const char *err = NULL;
	bool ok = add_filter(ar, c) && archive_read_support_format_raw(ar) == ARCHIVE_OK &&
		  archive_read_open_memory(ar, data, len) == ARCHIVE_OK && archive_read_next_header(ar, &e) == ARCHIVE_OK;
	/* The raw format takes any bytes: only the filter tells whether it was compressed. */
	ok = ok && archive_filter_count(ar) > 1 && archive_filter_code(ar, 0) != ARCHIVE_FILTER_NONE;
	if (ok && !read_data(ar, max ? max : UINT64_MAX, out, out_len, &err, a)) {
		if (err)
			pc_diag_add(d, PC_SEV_ERROR, label, 0, 0, (PcStr){0}, "cannot uncompress (%s): %s", cname, err);
		else
			pc_diag_add(d, PC_SEV_ERROR, label, 0, 0, (PcStr){0},
				    "uncompressed, it is larger than the limit of %llu bytes", (unsigned long long)max);
		archive_read_free(ar);
		return 2;
	}
	if (!ok) {
		const char *msg = archive_error_string(ar);
		pc_diag_add(d, PC_SEV_ERROR, label, 0, 0, (PcStr){0}, "cannot uncompress: not %s data%s%s", cname,
			    msg ? ": " : "", msg ? msg : "");
		archive_read_free(ar);
		return 2;
	}
	archive_read_free(ar);
	return 0;
}
