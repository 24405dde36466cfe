/* The incremental check, as docs/incremental.md argues it. Names below are file names
 * inside the one module root; both sides' names go into one table (an id per name),
 * so a set of files is a set of ids and "the same file on both sides" is one id.
 *
 * A summary is what the affected set needs from a file without loading it: flags
 * (parse error, a "protocompat:" directive, a declaration that could collide with the
 * built-in well-known types), the package, the imports, and a 64-bit hash of each
 * declared full name (package prefixes marked), kept in the cache under the blob id.
 * A side is "clean" when a full load of it gave no diagnostic at all; that is
 * recorded under a hash of its listing. The incremental load runs only when one side
 * is known clean (then the files both sides share, which are the unaffected ones,
 * have no diagnostic on either side) and gives its result only when its own loads
 * have no diagnostic either; everything else is the full check. */
#include "incremental.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "git.h"
#include "parser.h"
#include "wkt.h"

/* Bump when what a summary holds, or how the parser reads what it holds, changes:
 * records of another version are not read. */
enum { SUMMARY_VERSION = 2 };
enum { REC_SUMMARY = 'S', REC_CLEAN = 'C' };
enum { F_PARSE_ERROR = 1, F_DIRECTIVE = 2, F_WKT_NAMES = 4, F_CUSTOM_OPTIONS = 8 };
enum { IMP_PUBLIC = 1, IMP_WEAK = 2, IMP_OPTION = 4 };

typedef struct Summary {
	uint8_t flags;
	PcStr package;
	uint32_t nimports, ndecls;
	PcStr *imports;
	uint8_t *import_kinds;       /* IMP_* */
	uint32_t *import_ids;        /* name ids of the imports (UINT32_MAX: no file of either side) */
	const uint8_t *decls;        /* ndecls x 8 bytes, little-endian; bit 0: a package */
} Summary;

typedef struct SideFile {
	uint32_t id;                 /* in the name table */
	const char *oid;
	const char *path;            /* below the repository's top */
	Summary sum;
	bool have;
} SideFile;

typedef struct Side {
	const char *arg, *rev, *path;
	PcGitVersion v;
	SideFile *files;             /* the .proto files below the root, in name order */
	uint32_t nfiles;
	int32_t *by_id;              /* name id -> index in files, or -1 */
	PcVec configs;               /* of PcGitEntry: configuration files anywhere */
	uint64_t listing;            /* hash of everything its full load depends on */
	PcInput in;
	PcMemTree tree;
	const char **inputs;
	uint32_t ninputs;
	PcDiags diags;
	PcSchema *s;
	int status;
	uint32_t *closure, nclosure;  /* indexes of the files to read: affected, and their imports */
	const char *root;            /* the module's root, as the full load joins file names to it */
	PcArena arena;
	pthread_t thread;
} Side;

struct PcIncremental {
	const PcCheckOptions *o;
	PcArena *a;
	PcCache cache;
	Side side[2];
	PcStr *names;                /* name table: id -> name */
	uint32_t nnames, *slots, mask;
	uint32_t *rank;              /* NEW's load order by id (UINT32_MAX: none), or NULL */
	const char *log;             /* PROTOCOMPAT_INCREMENTAL_LOG: one line per run */
	const char *why;             /* why the check is full */
	PcDiags *diags;              /* the check's */
	uint32_t naffected, ntouched, nreached;
	uint64_t build;              /* a hash of the running executable */
	bool new_full;               /* NEW was loaded in full (no side was known clean) */
	PcInput new_full_in;
	const uint8_t *affected;     /* by name id */
	double t0, ms[8];            /* phases for the log: list, cache, summaries, affected,
				      * read, load */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Ends phase k of the log's timing. */
static void phase(PcIncremental *inc, int k)
{
	double t = now_ms();
	inc->ms[k] = t - inc->t0;
	inc->t0 = t;
}

static const SideFile *file_of(const Side *sd, uint32_t id)
{
	return id < UINT32_MAX && sd->by_id[id] >= 0 ? &sd->files[sd->by_id[id]] : NULL;
}

/* ---- small helpers ---- */

typedef struct Buf {
	uint8_t *p;
	size_t len, cap;
	PcArena *a;
} Buf;

static void put(Buf *b, const void *p, size_t n)
{
	if (!n)
		return; /* (p may be NULL: an empty package) */
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->len + n)
			cap *= 2;
		b->p = pc_arena_grow(b->a, b->p, b->cap, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_u32(Buf *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	put(b, x, 4);
}

static void put_u64(Buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)v);
	put_u32(b, (uint32_t)(v >> 32));
}

static void put_str(Buf *b, PcStr s)
{
	put_u32(b, (uint32_t)s.len);
	put(b, s.ptr, s.len);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
	return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static uint32_t name_id(PcIncremental *inc, PcStr name, bool add)
{
	for (uint32_t i = pc_str_hash(name) & inc->mask;; i = (i + 1) & inc->mask) {
		uint32_t s = inc->slots[i];
		if (!s) {
			if (!add)
				return UINT32_MAX;
			inc->names[inc->nnames] = name;
			inc->slots[i] = ++inc->nnames;
			return inc->nnames - 1;
		}
		if (pc_str_eq(inc->names[s - 1], name))
			return s - 1;
	}
}

static void note(PcIncremental *inc, const char *why)
{
	if (!inc->why)
		inc->why = why;
}

/* ---- summaries ---- */

typedef struct Decls {
	Buf *out;
	uint32_t n;
	uint8_t *flags;
	PcArena *a;
} Decls;

static bool starts_with(PcStr s, const char *p)
{
	size_t n = strlen(p);
	return s.len >= n && memcmp(s.ptr, p, n) == 0;
}

/* A declaration the built-in well-known types (package google.protobuf) could clash with. */
static bool wkt_name(PcStr full)
{
	return pc_str_eq_c(full, "google") || pc_str_eq_c(full, "google.protobuf") || starts_with(full, "google.protobuf.");
}

static void decl(Decls *d, PcStr full, bool package)
{
	uint64_t h = pc_cache_hash(full.ptr, full.len, 0x70C);
	put_u64(d->out, (h & ~1ull) | (package ? 1 : 0));
	d->n++;
	if (package ? starts_with(full, "google.protobuf.") : wkt_name(full))
		*d->flags |= F_WKT_NAMES;
}

static void decl_enum(Decls *d, PcStr scope, const PcEnum *e)
{
	decl(d, pc_arena_join(d->a, scope, e->name), false);
	for (uint32_t i = 0; i < e->values.len; i++) /* values are siblings of their enum */
		decl(d, pc_arena_join(d->a, scope, PC_VEC_AT(e->values, PcEnumValue *, i)->name), false);
}

static void decl_extensions(Decls *d, PcStr scope, const PcVec *exts)
{
	for (uint32_t i = 0; i < exts->len; i++)
		decl(d, pc_arena_join(d->a, scope, PC_VEC_AT(*exts, PcField *, i)->name), false);
}

/* A message, what it nests, and their enums, values and extensions: every name of a
 * file that another file could also declare. (A field, oneof or method name lies
 * inside a message or service of this file, so another file declaring it declares
 * that message or service too, which is already a clash.) */
static void decl_message(Decls *d, PcStr scope, const PcMessage *m)
{
	PcStr full = pc_arena_join(d->a, scope, m->name);
	decl(d, full, false);
	for (uint32_t i = 0; i < m->nested.len; i++)
		decl_message(d, full, PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++)
		decl_enum(d, full, PC_VEC_AT(m->enums, PcEnum *, i));
	decl_extensions(d, full, &m->extensions);
}

/* Whether an option list names an extension or sets a message value (whose fields may
 * be extensions): then its encoding depends on declarations beyond the file's imports. */
static bool custom_options(const PcOptions *o)
{
	for (uint32_t i = 0; i < o->list.len; i++) {
		const PcOption *op = &PC_VEC_AT(o->list, PcOption, i);
		if (op->value.kind == PC_VAL_AGGREGATE)
			return true;
		for (uint32_t j = 0; j < op->parts.len; j++)
			if (PC_VEC_AT(op->parts, PcOptionNamePart, j).is_extension)
				return true;
	}
	return false;
}

static bool fields_custom(const PcVec *fields)
{
	for (uint32_t i = 0; i < fields->len; i++)
		if (custom_options(&PC_VEC_AT(*fields, PcField *, i)->opts))
			return true;
	return false;
}

static bool enum_custom(const PcEnum *e)
{
	if (custom_options(&e->opts))
		return true;
	for (uint32_t i = 0; i < e->values.len; i++)
		if (custom_options(&PC_VEC_AT(e->values, PcEnumValue *, i)->opts))
			return true;
	return false;
}

static bool ranges_custom(const PcVec *ranges)
{
	for (uint32_t i = 0; i < ranges->len; i++)
		if (custom_options(&PC_VEC_AT(*ranges, PcRange, i).opts))
			return true;
	return false;
}

static bool message_custom(const PcMessage *m)
{
	if (custom_options(&m->opts) || fields_custom(&m->fields) || fields_custom(&m->extensions) ||
	    ranges_custom(&m->ext_ranges))
		return true;
	for (uint32_t i = 0; i < m->oneofs.len; i++)
		if (custom_options(&PC_VEC_AT(m->oneofs, PcOneof *, i)->opts))
			return true;
	for (uint32_t i = 0; i < m->enums.len; i++)
		if (enum_custom(PC_VEC_AT(m->enums, PcEnum *, i)))
			return true;
	for (uint32_t i = 0; i < m->nested.len; i++)
		if (message_custom(PC_VEC_AT(m->nested, PcMessage *, i)))
			return true;
	return false;
}

static bool file_custom(const PcFile *f)
{
	if (custom_options(&f->opts) || fields_custom(&f->extensions))
		return true;
	for (uint32_t i = 0; i < f->messages.len; i++)
		if (message_custom(PC_VEC_AT(f->messages, PcMessage *, i)))
			return true;
	for (uint32_t i = 0; i < f->enums.len; i++)
		if (enum_custom(PC_VEC_AT(f->enums, PcEnum *, i)))
			return true;
	for (uint32_t i = 0; i < f->services.len; i++) {
		const PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		if (custom_options(&sv->opts))
			return true;
		for (uint32_t j = 0; j < sv->methods.len; j++)
			if (custom_options(&PC_VEC_AT(sv->methods, PcMethod *, j)->opts))
				return true;
	}
	return false;
}

/* The summary of a parsed file, encoded: flags, package, imports, declared names. */
static void summarize(const PcFile *f, bool parse_error, bool directive, Buf *out, PcArena *scratch)
{
	uint8_t flags = (uint8_t)((parse_error ? F_PARSE_ERROR : 0) | (directive ? F_DIRECTIVE : 0) |
				  (file_custom(f) ? F_CUSTOM_OPTIONS : 0));
	Buf decls = {.a = scratch};
	Decls d = {&decls, 0, &flags, scratch};
	PcStr pkg = f->package;
	for (size_t i = 0; i <= pkg.len; i++)
		if (pkg.len && (i == pkg.len || pkg.ptr[i] == '.'))
			decl(&d, (PcStr){pkg.ptr, i}, true);
	for (uint32_t i = 0; i < f->messages.len; i++)
		decl_message(&d, pkg, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++)
		decl_enum(&d, pkg, PC_VEC_AT(f->enums, PcEnum *, i));
	decl_extensions(&d, pkg, &f->extensions);
	for (uint32_t i = 0; i < f->services.len; i++)
		decl(&d, pc_arena_join(scratch, pkg, PC_VEC_AT(f->services, PcService *, i)->name), false);
	put(out, &flags, 1);
	put_str(out, pkg);
	put_u32(out, f->imports.len);
	for (uint32_t i = 0; i < f->imports.len; i++) {
		const PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		uint8_t kind = (uint8_t)((imp->is_public ? IMP_PUBLIC : 0) | (imp->is_weak ? IMP_WEAK : 0) |
					 (imp->is_option ? IMP_OPTION : 0));
		put(out, &kind, 1);
		put_str(out, imp->name);
	}
	put_u32(out, d.n);
	put(out, decls.p, decls.len);
}

/* Decodes a summary (pointing into data); false when it does not hold together. */
static bool decode(Summary *s, const uint8_t *p, size_t n, PcArena *a)
{
	const uint8_t *end = p + n;
	if (n < 13)
		return false;
	s->flags = p[0];
	p++;
	uint32_t l = get_u32(p);
	p += 4;
	if (l > (size_t)(end - p))
		return false;
	s->package = (PcStr){(const char *)p, l};
	p += l;
	if (end - p < 4)
		return false;
	s->nimports = get_u32(p);
	p += 4;
	if (s->nimports > (size_t)(end - p) / 5)
		return false;
	s->imports = PC_NEW_ARRAY(a, PcStr, s->nimports + 1);
	s->import_kinds = PC_NEW_ARRAY(a, uint8_t, s->nimports + 1);
	for (uint32_t i = 0; i < s->nimports; i++) {
		if (end - p < 5)
			return false;
		s->import_kinds[i] = p[0];
		l = get_u32(p + 1);
		p += 5;
		if (l > (size_t)(end - p))
			return false;
		s->imports[i] = (PcStr){(const char *)p, l};
		p += l;
	}
	if (end - p < 4)
		return false;
	s->ndecls = get_u32(p);
	p += 4;
	if ((size_t)(end - p) != (size_t)s->ndecls * 8)
		return false;
	s->decls = p;
	return true;
}

static size_t summary_key(const char *oid, uint8_t *key)
{
	size_t n = strlen(oid);
	if (n > 200)
		n = 200;
	memcpy(key, oid, n);
	key[n] = (uint8_t)SUMMARY_VERSION;
	return n + 1;
}

/* The summary of bytes parsed on the spot, into the cache and *s. */
static bool summarize_bytes(PcIncremental *inc, const char *oid, const char *name, const char *data, size_t len,
			    Summary *s)
{
	PcArena tmp, scratch;
	pc_arena_init(&tmp);
	pc_arena_init(&scratch);
	PcSource src;
	pc_source_init_bytes(&src, name, name, data, len, &tmp);
	PcDiags quiet;
	pc_diags_init(&quiet, &tmp);
	PcFile *f = pc_parse_file_lean(&src, &quiet, &tmp, &tmp, &scratch);
	Buf out = {.a = inc->a};
	summarize(f, quiet.errors > 0 || f->parse_failed, pc_source_mentions_directive(&src), &out, &tmp);
	pc_arena_release(&scratch);
	pc_arena_release(&tmp);
	uint8_t key[256];
	if (oid)
		pc_cache_put(&inc->cache, REC_SUMMARY, key, summary_key(oid, key), out.p, out.len);
	return decode(s, out.p, out.len, inc->a);
}

/* ---- listings ---- */

static const char *top_relative(const char *top, const char *path, PcArena *a)
{
	const char *abs = pc_path_normalize(a, path);
	size_t tl = strlen(top);
	if (!abs || strncmp(abs, top, tl) != 0 || (abs[tl] != '/' && abs[tl] != '\0'))
		return NULL;
	return abs[tl] ? abs + tl + 1 : "";
}

static bool is_config(const char *path)
{
	return pc_git_wanted_blob(path) && !(strlen(path) > 6 && strcmp(path + strlen(path) - 6, ".proto") == 0);
}

/* Lists a side: its .proto files below the root with their ids, its configuration
 * files. False when the case is not ours (the full check then explains any error). */
static bool list_side(PcIncremental *inc, Side *sd)
{
	PcArena *a = inc->a;
	if (pc_git_path_kind(&sd->v, sd->path, a) != PC_GIT_DIR) {
		note(inc, "not a directory at both versions");
		return false;
	}
	const char *rel = top_relative(sd->v.top, sd->path, a);
	size_t rl = strlen(rel);
	sd->files = PC_NEW_ARRAY(a, SideFile, sd->v.nentries + 1);
	uint64_t h = pc_cache_hash(rel, rl, SUMMARY_VERSION);
	h = pc_cache_hash(&inc->o->max_file_size, sizeof inc->o->max_file_size, h);
	h = pc_cache_hash(&inc->build, sizeof inc->build, h);
	for (uint32_t i = 0; i < sd->v.nentries; i++) {
		const PcGitEntry *e = &sd->v.entries[i];
		if (is_config(e->path)) {
			*PC_VEC_PUSH(&sd->configs, PcGitEntry, a) = *e;
		} else if (pc_git_wanted_blob(e->path) && (rl == 0 || (strncmp(e->path, rel, rl) == 0 && e->path[rl] == '/'))) {
			const char *name = e->path + (rl ? rl + 1 : 0);
			SideFile *f = &sd->files[sd->nfiles++];
			f->id = name_id(inc, pc_str(name), true);
			f->oid = e->oid;
			f->path = e->path;
		} else {
			continue;
		}
		h = pc_cache_hash(e->path, strlen(e->path) + 1, h);
		h = pc_cache_hash(e->oid, strlen(e->oid), h);
	}
	sd->listing = h;
	/* The full check says "no .proto files" for an empty module, and for a PATH written
	 * with a trailing '/' (src/workspace.c's in_root then matches no file): it decides. */
	size_t pl = strlen(sd->path);
	if (sd->nfiles == 0 || (pl > 1 && sd->path[pl - 1] == '/')) {
		note(inc, "no .proto files, or a PATH ending in '/'");
		return false;
	}
	return true;
}

static bool same_configs(const Side *o, const Side *n)
{
	if (o->configs.len != n->configs.len)
		return false;
	for (uint32_t i = 0; i < o->configs.len; i++) {
		const PcGitEntry *x = &PC_VEC_AT(o->configs, PcGitEntry, i), *y = &PC_VEC_AT(n->configs, PcGitEntry, i);
		if (strcmp(x->path, y->path) != 0 || strcmp(x->oid, y->oid) != 0)
			return false;
	}
	return true;
}

static bool known_clean(PcIncremental *inc, const Side *sd)
{
	size_t len;
	return pc_cache_get(&inc->cache, REC_CLEAN, &sd->listing, sizeof sd->listing, &len) != NULL;
}

static void mark_clean(PcIncremental *inc, const Side *sd)
{
	if (!known_clean(inc, sd))
		pc_cache_put(&inc->cache, REC_CLEAN, &sd->listing, sizeof sd->listing, "", 0);
}

/* Every file's summary, from the cache or by reading and parsing its blob. */
static bool load_summaries(PcIncremental *inc)
{
	PcArena *a = inc->a;
	PcVec want = {0}; /* of SideFile *, one per blob id */
	for (int k = 0; k < 2; k++) {
		Side *sd = &inc->side[k];
		for (uint32_t i = 0; i < sd->nfiles; i++) {
			SideFile *f = &sd->files[i];
			const SideFile *o = k ? file_of(&inc->side[0], f->id) : NULL;
			if (!f->have && o && o->have && strcmp(o->oid, f->oid) == 0) {
				f->sum = o->sum; /* the same blob at the same path: decoded once */
				f->have = true;
			}
			if (f->have)
				continue;
			uint8_t key[256];
			size_t len;
			const void *p = pc_cache_get(&inc->cache, REC_SUMMARY, key, summary_key(f->oid, key), &len);
			f->have = p && decode(&f->sum, p, len, a);
			if (!f->have)
				*PC_VEC_PUSH(&want, SideFile *, a) = f;
		}
	}
	if (!want.len)
		return true;
	const char **oids = PC_NEW_ARRAY(a, const char *, want.len);
	const char **data = PC_NEW_ARRAY(a, const char *, want.len);
	size_t *len = PC_NEW_ARRAY(a, size_t, want.len);
	for (uint32_t i = 0; i < want.len; i++)
		oids[i] = PC_VEC_AT(want, SideFile *, i)->oid;
	PcDiags quiet;
	pc_diags_init(&quiet, a);
	if (pc_git_read_objects(&inc->side[1].v, oids, want.len, data, len, a, &quiet) != 0)
		return false;
	for (uint32_t i = 0; i < want.len; i++) {
		SideFile *f = PC_VEC_AT(want, SideFile *, i);
		/* the same blob twice (on both sides): summarized once */
		uint8_t key[256];
		size_t n;
		const void *p = pc_cache_get(&inc->cache, REC_SUMMARY, key, summary_key(f->oid, key), &n);
		f->have = p ? decode(&f->sum, p, n, a)
			    : summarize_bytes(inc, f->oid, inc->names[f->id].ptr, data[i], len[i], &f->sum);
		if (!f->have)
			return false;
	}
	return true;
}

/* The name ids of every summary's imports, looked up once. */
static void import_ids(PcIncremental *inc)
{
	for (int k = 0; k < 2; k++) {
		Side *sd = &inc->side[k];
		for (uint32_t i = 0; i < sd->nfiles; i++) {
			Summary *s = &sd->files[i].sum;
			const SideFile *o = k ? file_of(&inc->side[0], sd->files[i].id) : NULL;
			if (o && o->sum.imports == s->imports) {
				s->import_ids = o->sum.import_ids;
				continue;
			}
			s->import_ids = PC_NEW_ARRAY(inc->a, uint32_t, s->nimports + 1);
			for (uint32_t j = 0; j < s->nimports; j++)
				s->import_ids[j] = name_id(inc, s->imports[j], false);
		}
	}
}

/* ---- the affected set ---- */


/* Files reached from start (marked in seen) through reverse edges (start/edges_from: a
 * compressed adjacency of importers), following only public imports when public. */
static void reach(const Side *sd, uint32_t *const *imps, bool public_only, uint8_t *seen, uint32_t *queue,
		  PcArena *a)
{
	uint32_t n = sd->nfiles, nedges = 0;
	uint32_t *count = PC_NEW_ARRAY(a, uint32_t, n + 1), *start = PC_NEW_ARRAY(a, uint32_t, n + 2);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < sd->files[i].sum.nimports; j++)
			if (imps[i][j] != UINT32_MAX && (!public_only || (sd->files[i].sum.import_kinds[j] & IMP_PUBLIC))) {
				count[imps[i][j]]++;
				nedges++;
			}
	for (uint32_t i = 0; i < n; i++)
		start[i + 1] = start[i] + count[i];
	uint32_t *from = PC_NEW_ARRAY(a, uint32_t, nedges + 1), *fill = PC_NEW_ARRAY(a, uint32_t, n + 1);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < sd->files[i].sum.nimports; j++)
			if (imps[i][j] != UINT32_MAX && (!public_only || (sd->files[i].sum.import_kinds[j] & IMP_PUBLIC))) {
				uint32_t t = imps[i][j];
				from[start[t] + fill[t]++] = i;
			}
	uint32_t qn = 0;
	for (uint32_t i = 0; i < n; i++)
		if (seen[i])
			queue[qn++] = i;
	for (uint32_t q = 0; q < qn; q++)
		for (uint32_t e = start[queue[q]]; e < start[queue[q] + 1]; e++)
			if (!seen[from[e]]) {
				seen[from[e]] = 1;
				queue[qn++] = from[e];
			}
}

/* Step 2, per side: the files whose resolved form can change. A file resolves names
 * among the files visible to it (its imports and what they import publicly, src/
 * resolve.c find_visible), so a file is reached when it is touched or imports a file
 * that is touched or re-exports one through public imports. Custom options are the
 * exception: an option's value is encoded by the declarations of its extension and of
 * that extension's message types, which lie anywhere in the imports' closure, so a
 * file with custom options is reached when anything it imports transitively is
 * touched. Marks bit 1 of mark by name. */
static void reverse_closure(PcIncremental *inc, const Side *sd, uint8_t *mark)
{
	PcArena *a = inc->a;
	uint32_t n = sd->nfiles;
	uint32_t **imps = PC_NEW_ARRAY(a, uint32_t *, n + 1);
	for (uint32_t i = 0; i < n; i++) {
		const Summary *s = &sd->files[i].sum;
		imps[i] = PC_NEW_ARRAY(a, uint32_t, s->nimports + 1);
		for (uint32_t j = 0; j < s->nimports; j++) {
			const SideFile *t = file_of(sd, s->import_ids[j]);
			imps[i][j] = t ? (uint32_t)(t - sd->files) : UINT32_MAX;
		}
	}
	uint8_t *pub = PC_NEW_ARRAY(a, uint8_t, n + 1), *all = PC_NEW_ARRAY(a, uint8_t, n + 1);
	uint32_t *queue = PC_NEW_ARRAY(a, uint32_t, n + 1);
	for (uint32_t i = 0; i < n; i++)
		pub[i] = all[i] = mark[sd->files[i].id] & 1;
	reach(sd, imps, true, pub, queue, a);
	reach(sd, imps, false, all, queue, a);
	for (uint32_t i = 0; i < n; i++) {
		const Summary *s = &sd->files[i].sum;
		bool hit = pub[i] || (all[i] && (s->flags & F_CUSTOM_OPTIONS));
		for (uint32_t j = 0; j < s->nimports && !hit; j++) {
			uint32_t id = s->import_ids[j];
			/* (a touched name this side lacks is a missing import: an error) */
			hit = (id != UINT32_MAX && (mark[id] & 1)) || (imps[i][j] != UINT32_MAX && pub[imps[i][j]]);
		}
		if (hit)
			mark[sd->files[i].id] |= 2;
	}
}

typedef struct HashSet {
	uint64_t *slots;
	uint32_t mask;
} HashSet;

static HashSet hashset_new(uint32_t n, PcArena *a)
{
	uint32_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	return (HashSet){PC_NEW_ARRAY(a, uint64_t, cap), cap - 1};
}

/* Adds h (never 0 after the |1 of packages... so 0 is mapped to 2); returns whether
 * it was there. */
static uint64_t *hashset_slot(HashSet *s, uint64_t h)
{
	h = h ? h : 2;
	for (uint32_t i = (uint32_t)(h >> 7) & s->mask;; i = (i + 1) & s->mask)
		if (!s->slots[i] || (s->slots[i] | 1) == (h | 1))
			return &s->slots[i];
}

/* Step 6: a name an affected file declares that a file left out also declares (one of
 * them not as a package) is a clash the full check reports. The files left out are
 * the same on both sides, so they are read once against both sides' affected files. */
static bool clashes(PcIncremental *inc, const uint8_t *affected)
{
	HashSet set[2];
	for (int k = 0; k < 2; k++) {
		const Side *sd = &inc->side[k];
		uint32_t total = 0;
		for (uint32_t i = 0; i < sd->nfiles; i++)
			if (affected[sd->files[i].id])
				total += sd->files[i].sum.ndecls;
		set[k] = hashset_new(total + 1, inc->a);
		for (uint32_t i = 0; i < sd->nfiles; i++) {
			const Summary *s = &sd->files[i].sum;
			if (!affected[sd->files[i].id])
				continue;
			for (uint32_t j = 0; j < s->ndecls; j++) {
				uint64_t h = get_u64(s->decls + 8 * j);
				uint64_t *slot = hashset_slot(&set[k], h);
				/* a non-package wins: it clashes with everything */
				if (!*slot || !(h & 1))
					*slot = h ? h : 2;
			}
		}
	}
	const Side *sd = &inc->side[1];
	for (uint32_t i = 0; i < sd->nfiles; i++) {
		const Summary *s = &sd->files[i].sum;
		if (affected[sd->files[i].id])
			continue;
		for (uint32_t j = 0; j < s->ndecls; j++) {
			uint64_t h = get_u64(s->decls + 8 * j);
			for (int k = 0; k < 2; k++) {
				uint64_t *slot = hashset_slot(&set[k], h);
				if (*slot && (!(*slot & 1) || !(h & 1)))
					return true;
			}
		}
	}
	return false;
}

/* Adds to todo, once each, the names that files of sd import and no file of sd stands
 * for (built-in ones, or missing): of its affected files (affected_only) or the others. */
static void outside_imports(PcIncremental *inc, const Side *sd, const uint8_t *affected, bool affected_only,
			    HashSet *seen, PcVec *todo)
{
	for (uint32_t i = 0; i < sd->nfiles; i++) {
		const Summary *s = &sd->files[i].sum;
		if ((affected[sd->files[i].id] != 0) != affected_only)
			continue;
		for (uint32_t j = 0; j < s->nimports; j++) {
			if (file_of(sd, s->import_ids[j]))
				continue;
			uint64_t h = pc_cache_hash(s->imports[j].ptr, s->imports[j].len, 0) & ~1ull;
			uint64_t *slot = hashset_slot(seen, h);
			if (!*slot) {
				*slot = h;
				*PC_VEC_PUSH(todo, PcStr, inc->a) = s->imports[j];
			}
		}
	}
}

/* The built-in files a side loads: the well-known types named in todo (what its files
 * import that no file of the side stands in for), and what those import. */
static bool wkt_set(PcIncremental *inc, const Side *sd, PcVec todo, HashSet *out)
{
	while (todo.len) {
		PcStr name = PC_VEC_AT(todo, PcStr, --todo.len);
		const PcEmbeddedFile *e = pc_wkt_find(name.ptr, name.len);
		if (!e)
			return false; /* a missing import: an error of the full check */
		uint64_t h = pc_cache_hash(name.ptr, name.len, 0) & ~1ull;
		uint64_t *slot = hashset_slot(out, h);
		if (*slot)
			continue;
		*slot = h;
		Summary ws;
		if (!summarize_bytes(inc, NULL, e->name, e->data, e->len, &ws))
			return false;
		for (uint32_t j = 0; j < ws.nimports; j++)
			if (!file_of(sd, name_id(inc, ws.imports[j], false)))
				*PC_VEC_PUSH(&todo, PcStr, inc->a) = ws.imports[j];
	}
	return true;
}

/* Whether both sides load the same built-in files. The files left out import the same
 * names on both sides (an import of a touched name makes a file affected), so their
 * names are collected once. */
static bool same_wkts(PcIncremental *inc, const uint8_t *affected)
{
	HashSet base_seen = hashset_new(64, inc->a), s[2];
	PcVec base = {0};
	outside_imports(inc, &inc->side[1], affected, false, &base_seen, &base);
	uint32_t n[2] = {0, 0};
	for (int k = 0; k < 2; k++) {
		HashSet seen = hashset_new(64 + base.len, inc->a);
		PcVec todo = {0};
		for (uint32_t i = 0; i < base.len; i++) {
			PcStr nm = PC_VEC_AT(base, PcStr, i);
			uint64_t h = pc_cache_hash(nm.ptr, nm.len, 0) & ~1ull;
			*hashset_slot(&seen, h) = h;
			*PC_VEC_PUSH(&todo, PcStr, inc->a) = nm;
		}
		outside_imports(inc, &inc->side[k], affected, true, &seen, &todo);
		s[k] = hashset_new(64, inc->a);
		if (!wkt_set(inc, &inc->side[k], todo, &s[k]))
			return false;
	}
	for (uint32_t i = 0; i <= s[0].mask; i++)
		if (s[0].slots[i]) {
			n[0]++;
			if (!*hashset_slot(&s[1], s[0].slots[i]))
				return false;
		}
	for (uint32_t i = 0; i <= s[1].mask; i++)
		n[1] += s[1].slots[i] != 0;
	return n[0] == n[1];
}

/* ---- loading the affected files ---- */

static int cmp_memfile(const void *x, const void *y)
{
	return strcmp(((const PcMemFile *)x)->path, ((const PcMemFile *)y)->path);
}

static int cmp_walk(const void *x, const void *y)
{
	return pc_walk_order_cmp(*(const char *const *)x, *(const char *const *)y);
}

/* The side's workspace, read from its configuration files: ours only when it is one
 * module whose one root is the input directory, without excludes. */
static bool side_workspace(PcIncremental *inc, Side *sd, const char **root)
{
	PcArena *a = inc->a;
	uint32_t nc = sd->configs.len;
	PcMemFile *files = PC_NEW_ARRAY(a, PcMemFile, nc + 1);
	const char **oids = PC_NEW_ARRAY(a, const char *, nc + 1);
	const char **data = PC_NEW_ARRAY(a, const char *, nc + 1);
	size_t *len = PC_NEW_ARRAY(a, size_t, nc + 1);
	for (uint32_t i = 0; i < nc; i++)
		oids[i] = PC_VEC_AT(sd->configs, PcGitEntry, i).oid;
	PcDiags quiet;
	pc_diags_init(&quiet, a);
	const Side *first = &inc->side[0];
	if (sd != first && first->tree.nfiles == nc) {
		/* the same files as OLD's (same_configs): read once */
		memcpy(files, first->tree.files, sizeof(PcMemFile) * nc);
	} else {
		if (nc && pc_git_read_objects(&sd->v, oids, nc, data, len, a, &quiet) != 0)
			return false;
		for (uint32_t i = 0; i < nc; i++)
			files[i] = (PcMemFile){PC_VEC_AT(sd->configs, PcGitEntry, i).path, data[i], len[i]};
	}
	sd->tree = (PcMemTree){sd->v.top, files, nc};
	PcInput *in = &sd->in;
	memset(in, 0, sizeof *in);
	in->arg = sd->arg;
	in->git_rev = sd->rev;
	in->git_path = sd->path;
	in->kind = PC_INPUT_DIRECTORY;
	in->root = sd->path;
	if (pc_workspace_find(&in->ws, sd->path, &sd->tree, NULL, a, &quiet) != 0 || quiet.list.len)
		return false;
	const PcWorkspace *w = &in->ws;
	if (w->modules.len != 1)
		return false;
	const PcModule *m = &PC_VEC_AT(w->modules, PcModule, 0);
	if (!m->target || m->roots.len != 1 || m->excludes.len)
		return false;
	*root = PC_VEC_AT(m->roots, const char *, 0);
	const char *nr = pc_path_normalize(a, *root), *np = pc_path_normalize(a, sd->path);
	if (!nr || !np || strcmp(nr, np) != 0)
		return false;
	const PcConfig *c = w->config;
	return !c->renames && !c->profile_confluent;
}

/* Step 5: the side's affected files and everything they import (read by
 * read_closures); the inputs are the affected files, in the order a directory walk
 * gives them. */
static bool prepare_side(PcIncremental *inc, Side *sd, const uint8_t *affected, const char *root)
{
	PcArena *a = inc->a;
	uint8_t *in_closure = PC_NEW_ARRAY(a, uint8_t, sd->nfiles + 1);
	uint32_t *queue = PC_NEW_ARRAY(a, uint32_t, sd->nfiles + 1), qn = 0;
	sd->inputs = PC_NEW_ARRAY(a, const char *, sd->nfiles + 1);
	sd->root = root;
	for (uint32_t i = 0; i < sd->nfiles; i++)
		if (affected[sd->files[i].id]) {
			in_closure[i] = 1;
			queue[qn++] = i;
			sd->inputs[sd->ninputs++] = pc_schema_join_path(a, root, inc->names[sd->files[i].id].ptr);
		}
	for (uint32_t q = 0; q < qn; q++) {
		const Summary *s = &sd->files[queue[q]].sum;
		for (uint32_t j = 0; j < s->nimports; j++) {
			const SideFile *t = file_of(sd, s->import_ids[j]);
			if (t && !in_closure[t - sd->files]) {
				in_closure[t - sd->files] = 1;
				queue[qn++] = (uint32_t)(t - sd->files);
			}
		}
	}
	if (sd->ninputs > 1)
		qsort(sd->inputs, sd->ninputs, sizeof(const char *), cmp_walk);
	sd->closure = queue;
	sd->nclosure = qn;
	return true;
}

/* The blobs of both sides' closures in one git run (the sides share most of them),
 * into each side's tree next to its configuration files. */
static bool read_closures(PcIncremental *inc)
{
	PcArena *a = inc->a;
	uint32_t total = inc->side[0].nclosure + inc->side[1].nclosure;
	const char **oids = PC_NEW_ARRAY(a, const char *, total + 1);
	const char **data = PC_NEW_ARRAY(a, const char *, total + 1);
	size_t *len = PC_NEW_ARRAY(a, size_t, total + 1);
	uint32_t **slot_of = PC_NEW_ARRAY(a, uint32_t *, 2);
	HashSet seen = hashset_new(total + 1, a);
	uint32_t *first = PC_NEW_ARRAY(a, uint32_t, (seen.mask + 1));
	uint32_t n = 0;
	for (int k = 0; k < 2; k++) {
		const Side *sd = &inc->side[k];
		slot_of[k] = PC_NEW_ARRAY(a, uint32_t, sd->nclosure + 1);
		for (uint32_t q = 0; q < sd->nclosure; q++) {
			const char *oid = sd->files[sd->closure[q]].oid;
			uint64_t h = pc_cache_hash(oid, strlen(oid), 0) | 1;
			uint64_t *slot = hashset_slot(&seen, h);
			uint32_t at = (uint32_t)(slot - seen.slots);
			if (!*slot || strcmp(oids[first[at]], oid) != 0) {
				/* (a colliding id is simply read twice) */
				if (!*slot) {
					*slot = h;
					first[at] = n;
				}
				slot_of[k][q] = n;
				oids[n++] = oid;
			} else {
				slot_of[k][q] = first[at];
			}
		}
	}
	PcDiags quiet;
	pc_diags_init(&quiet, a);
	if (n && pc_git_read_objects(&inc->side[1].v, oids, n, data, len, a, &quiet) != 0)
		return false;
	for (int k = 0; k < 2; k++) {
		Side *sd = &inc->side[k];
		uint32_t nc = sd->tree.nfiles;
		PcMemFile *files = PC_NEW_ARRAY(a, PcMemFile, nc + sd->nclosure + 1);
		memcpy(files, sd->tree.files, sizeof(PcMemFile) * nc);
		for (uint32_t q = 0; q < sd->nclosure; q++)
			files[nc + q] = (PcMemFile){sd->files[sd->closure[q]].path, data[slot_of[k][q]], len[slot_of[k][q]]};
		qsort(files, nc + sd->nclosure, sizeof(PcMemFile), cmp_memfile);
		sd->tree.files = files;
		sd->tree.nfiles = nc + sd->nclosure;
	}
	return true;
}

/* NEW's files in the order the full load appends them: depth first over the imports
 * of each file in walk order, a file after its imports. */
static void full_order(PcIncremental *inc, const Side *sd)
{
	PcArena *a = inc->a;
	uint32_t n = sd->nfiles;
	inc->rank = PC_NEW_ARRAY(a, uint32_t, inc->nnames + 1);
	for (uint32_t i = 0; i < inc->nnames; i++)
		inc->rank[i] = UINT32_MAX;
	const char **names = PC_NEW_ARRAY(a, const char *, n + 1);
	for (uint32_t i = 0; i < n; i++)
		names[i] = inc->names[sd->files[i].id].ptr;
	qsort(names, n, sizeof(const char *), cmp_walk);
	uint8_t *state = PC_NEW_ARRAY(a, uint8_t, n + 1);
	uint32_t *stack = PC_NEW_ARRAY(a, uint32_t, n + 1), *next = PC_NEW_ARRAY(a, uint32_t, n + 1);
	uint32_t order = 0;
	for (uint32_t r = 0; r < n; r++) {
		const SideFile *root = file_of(sd, name_id(inc, pc_str(names[r]), false));
		uint32_t ri = (uint32_t)(root - sd->files);
		if (state[ri])
			continue;
		uint32_t sp = 0;
		stack[sp++] = ri;
		state[ri] = 1;
		next[ri] = 0;
		while (sp) {
			uint32_t i = stack[sp - 1];
			const Summary *s = &sd->files[i].sum;
			if (next[i] < s->nimports) {
				const SideFile *t = file_of(sd, s->import_ids[next[i]++]);
				uint32_t ti = t ? (uint32_t)(t - sd->files) : 0;
				if (t && !state[ti]) {
					state[ti] = 1;
					next[ti] = 0;
					stack[sp++] = ti;
				}
				continue;
			}
			state[i] = 2;
			inc->rank[sd->files[i].id] = order++;
			sp--;
		}
	}
}

static void *load_one(void *arg)
{
	Side *sd = arg;
	PcLoadConfig cfg = {.import_paths = &sd->root, .nimport_paths = 1};
	sd->status = pc_schema_load_tree(sd->s, &cfg, &sd->tree, sd->inputs, sd->ninputs);
	return NULL;
}

static void write_log(const PcIncremental *inc, const char *what)
{
	if (!inc->log)
		return;
	FILE *f = fopen(inc->log, "a");
	if (!f)
		return;
	fprintf(f, "%s", what);
	if (inc->why)
		fprintf(f, " (%s)", inc->why);
	else
		fprintf(f, ": %u touched, %u importing them, %u affected of %u + %u files, %u + %u loaded",
			inc->ntouched, inc->nreached, inc->naffected, inc->side[0].nfiles,
			inc->side[1].nfiles, inc->side[0].s ? inc->side[0].s->files.len : 0,
			inc->side[1].s ? inc->side[1].s->files.len : 0);
	if (inc->ms[5] > 0)
		fprintf(f, "; ms: list %.0f, cache %.0f, summaries %.0f, affected %.0f, read %.0f, load %.0f",
			inc->ms[0], inc->ms[1], inc->ms[2], inc->ms[3], inc->ms[4], inc->ms[5]);
	fprintf(f, "\n");
	fclose(f);
}

static bool applicable(const PcCheckOptions *o)
{
	return o->incremental && pc_git_is_input(o->old_arg) && pc_git_is_input(o->new_arg) && !o->nincludes &&
	       !o->nold_includes && !o->nnew_includes && !o->config && !o->against_config && !o->npaths &&
	       !o->nexclude_paths && !o->limit_to_input_files && !o->renames && o->profile != PC_PROFILE_CONFLUENT &&
	       !o->all_changes && !o->comments;
}

/* Marks (bit 0) the names whose blob differs between the sides or that one lacks. */
static void touched(PcIncremental *inc, uint8_t *mark)
{
	const Side *o = &inc->side[0], *n = &inc->side[1];
	for (uint32_t id = 0; id < inc->nnames; id++) {
		const SideFile *x = file_of(o, id), *y = file_of(n, id);
		if (!x || !y || strcmp(x->oid, y->oid) != 0)
			mark[id] |= 1;
	}
}

/* Steps 1-4 and the directive files; false (with inc->why) when the full check must run. */
static bool affected_set(PcIncremental *inc, uint8_t *affected)
{
	uint8_t *mark = PC_NEW_ARRAY(inc->a, uint8_t, inc->nnames + 1);
	touched(inc, mark);
	for (uint32_t id = 0; id < inc->nnames; id++)
		for (int k = 0; k < 2; k++) {
			const SideFile *f = file_of(&inc->side[k], id);
			if ((mark[id] & 1) && f && (f->sum.flags & F_PARSE_ERROR)) {
				note(inc, "a changed file does not parse");
				return false;
			}
		}
	for (int k = 0; k < 2; k++)
		reverse_closure(inc, &inc->side[k], mark);
	for (uint32_t id = 0; id < inc->nnames; id++) {
		inc->ntouched += mark[id] & 1;
		inc->nreached += (mark[id] & 2) != 0;
	}
	/* step 4: the packages of those files, on either side */
	uint32_t cap = 1024, npk = 0;
	PcStr *set = PC_NEW_ARRAY(inc->a, PcStr, cap);
	for (uint32_t id = 0; id < inc->nnames; id++) {
		if (!(mark[id] & 2))
			continue;
		for (int k = 0; k < 2; k++) {
			const SideFile *f = file_of(&inc->side[k], id);
			if (!f)
				continue;
			PcStr p = f->sum.package.len ? f->sum.package : (PcStr){"", 0};
			if (npk * 2 >= cap) {
				PcStr *old = set;
				uint32_t oc = cap;
				cap *= 2;
				set = PC_NEW_ARRAY(inc->a, PcStr, cap);
				for (uint32_t i = 0; i < oc; i++)
					if (old[i].ptr)
						*pc_strset_slot(set, cap - 1, old[i]) = old[i];
			}
			PcStr *slot = pc_strset_slot(set, cap - 1, p);
			if (!slot->ptr) {
				*slot = p;
				npk++;
			}
		}
	}
	for (int k = 0; k < 2; k++) {
		const Side *sd = &inc->side[k];
		for (uint32_t i = 0; i < sd->nfiles; i++) {
			const SideFile *f = &sd->files[i];
			PcStr p = f->sum.package.len ? f->sum.package : (PcStr){"", 0};
			if ((mark[f->id] & 2) || pc_strset_slot(set, cap - 1, p)->ptr)
				affected[f->id] = 1;
			if (k == 1 && (f->sum.flags & F_DIRECTIVE))
				affected[f->id] = 1;
		}
	}
	uint32_t ndirective = 0;
	for (uint32_t id = 0; id < inc->nnames; id++) {
		inc->naffected += affected[id];
		for (int k = 0; k < 2; k++) {
			const SideFile *f = file_of(&inc->side[k], id);
			if (affected[id] && f && (f->sum.flags & F_WKT_NAMES)) {
				note(inc, "a changed file declares names of google.protobuf");
				return false;
			}
		}
		const SideFile *nf = file_of(&inc->side[1], id);
		ndirective += nf && (nf->sum.flags & F_DIRECTIVE);
	}
	if (!same_wkts(inc, affected)) {
		note(inc, "an import names no file, or the sides load different well-known types");
		return false;
	}
	if (clashes(inc, affected)) {
		note(inc, "a changed file may declare a name another file declares");
		return false;
	}
	if (ndirective > 1)
		full_order(inc, &inc->side[1]);
	return true;
}

static void index_side(PcIncremental *inc, Side *sd)
{
	sd->by_id = PC_NEW_ARRAY(inc->a, int32_t, inc->nnames + 1);
	for (uint32_t i = 0; i < inc->nnames; i++)
		sd->by_id[i] = -1;
	for (uint32_t i = 0; i < sd->nfiles; i++)
		sd->by_id[sd->files[i].id] = (int32_t)i;
}

/* Both sides loaded partially; false when a diagnostic (or anything else) calls for
 * the full check. */
static bool load_partial(PcIncremental *inc, PcCheckResult *r, PcSchema *old_s, PcSchema *new_s)
{
	const PcCheckOptions *o = inc->o;
	PcSchema *schemas[2] = {old_s, new_s};
	int nload = inc->new_full ? 1 : 2;
	for (int k = 0; k < nload; k++) {
		Side *sd = &inc->side[k];
		sd->s = schemas[k];
		pc_arena_init(&sd->arena);
		pc_diags_init(&sd->diags, &sd->arena);
		pc_schema_init(sd->s, &sd->arena, &sd->diags);
		sd->s->jobs = o->jobs;
		sd->s->lazy_source_info = !o->comments;
		sd->s->max_file_size = o->max_file_size;
	}
	/* OLD on a thread of its own, each side in an arena of its own, as load_sides does */
	bool threaded = nload == 2 && o->jobs != 1 &&
			pthread_create(&inc->side[0].thread, NULL, load_one, &inc->side[0]) == 0;
	if (!threaded)
		load_one(&inc->side[0]);
	if (nload == 2)
		load_one(&inc->side[1]);
	if (threaded)
		pthread_join(inc->side[0].thread, NULL);
	bool ok = true;
	for (int k = 0; k < 2; k++)
		ok &= inc->side[k].status == 0 && inc->side[k].diags.list.len == 0;
	for (int k = 0; k < 2; k++) {
		if (k == 1 && inc->new_full && !ok)
			continue; /* released by the caller, before the full check loads NEW again */
		pc_arena_adopt(inc->a, &inc->side[k].arena);
		inc->side[k].s->arena = inc->a;
	}
	if (!ok) {
		note(inc, "a diagnostic in the files loaded");
		return false;
	}
	r->old_in = inc->side[0].in;
	r->new_in = inc->side[1].in;
	if (inc->new_full) {
		/* compare only NEW's affected files; the others stay loaded as imports */
		PcVec *in = &new_s->inputs;
		uint32_t kept = 0;
		for (uint32_t i = 0; i < in->len; i++) {
			PcFile *f = PC_VEC_AT(*in, PcFile *, i);
			uint32_t id = name_id(inc, f->name, false);
			if (id != UINT32_MAX && inc->affected[id])
				PC_VEC_AT(*in, PcFile *, kept++) = f;
		}
		in->len = kept;
		r->new_in = inc->new_full_in;
	}
	old_s->diags = new_s->diags = inc->diags;
	return true;
}

static bool load_new_full(PcIncremental *inc, PcSchema *new_s);

/* Which program decides whether a version loads cleanly: a hash of the executable's
 * bytes (about a millisecond), so that a record a build with another parser or
 * resolver wrote is not believed; 0 when it cannot be read. */
static uint64_t build_id(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	uint64_t h = 0;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			h = pc_cache_hash(m, (size_t)st.st_size, 0xB1D);
			munmap(m, (size_t)st.st_size);
		}
	}
	close(fd);
	return h;
}

static void *list_one(void *arg)
{
	Side *sd = arg;
	pc_arena_init(&sd->arena);
	PcDiags quiet;
	pc_diags_init(&quiet, &sd->arena);
	sd->status = pc_git_list(&sd->v, NULL, sd->rev, &sd->arena, &quiet);
	return NULL;
}

int pc_incremental_load(const PcCheckOptions *o, PcCheckResult *r, PcSchema *old_s, PcSchema *new_s, PcArena *a,
			PcDiags *d, PcIncremental **out)
{
	*out = NULL;
	if (!applicable(o))
		return -1;
	PcIncremental *inc = PC_NEW(a, PcIncremental);
	inc->o = o;
	inc->a = a;
	inc->t0 = now_ms();
	inc->build = build_id();
	inc->diags = d;
	const char *log = getenv("PROTOCOMPAT_INCREMENTAL_LOG");
	inc->log = log && *log ? log : NULL;
	PcDiags quiet;
	pc_diags_init(&quiet, a);
	PcGitRef refs[2];
	if (!pc_git_parse(&refs[0], o->old_arg, a, &quiet) || !pc_git_parse(&refs[1], o->new_arg, a, &quiet))
		return -1;
	for (int k = 0; k < 2; k++) {
		Side *sd = &inc->side[k];
		sd->arg = k ? o->new_arg : o->old_arg;
		sd->rev = refs[k].rev;
		sd->path = refs[k].path ? refs[k].path : refs[1 - k].path ? refs[1 - k].path : ".";
	}
	/* Both listings at once (two git runs), each into an arena of its own; the name
	 * table is sized for both before they are read into it. */
	bool threaded = o->jobs != 1 && pthread_create(&inc->side[0].thread, NULL, list_one, &inc->side[0]) == 0;
	if (!threaded)
		list_one(&inc->side[0]);
	list_one(&inc->side[1]);
	if (threaded)
		pthread_join(inc->side[0].thread, NULL);
	for (int k = 0; k < 2; k++)
		pc_arena_adopt(a, &inc->side[k].arena);
	for (int k = 0; k < 2; k++)
		if (inc->side[k].status != 0 || inc->side[k].v.unborn) {
			write_log(inc, "full (a git version that cannot be listed)");
			return -1;
		}
	uint32_t total = inc->side[0].v.nentries + inc->side[1].v.nentries + 16, cap = 16;
	while (cap < total * 2)
		cap *= 2;
	inc->slots = PC_NEW_ARRAY(a, uint32_t, cap);
	inc->mask = cap - 1;
	inc->names = PC_NEW_ARRAY(a, PcStr, total);
	for (int k = 0; k < 2; k++)
		if (!list_side(inc, &inc->side[k])) {
			write_log(inc, "full");
			return -1;
		}
	for (int k = 0; k < 2; k++)
		index_side(inc, &inc->side[k]);
	phase(inc, 0);
	if (o->no_cache)
		inc->cache.dir = NULL;
	else
		pc_cache_open(&inc->cache, o->cache_dir, a);
	phase(inc, 1);
	*out = inc; /* from here on, a full load records what it learns */
	if (!same_configs(&inc->side[0], &inc->side[1])) {
		note(inc, "the configuration files differ");
	} else if (!known_clean(inc, &inc->side[0]) && !known_clean(inc, &inc->side[1]) &&
		   !load_new_full(inc, new_s)) {
		note(inc, "neither side is known to load cleanly, and NEW does not");
	} else if (!load_summaries(inc)) {
		note(inc, "a file could not be summarized");
	} else {
		import_ids(inc);
		const char *roots[2];
		uint8_t *affected = PC_NEW_ARRAY(a, uint8_t, inc->nnames + 1);
		inc->affected = affected;
		if (!side_workspace(inc, &inc->side[0], &roots[0]) || !side_workspace(inc, &inc->side[1], &roots[1]) ||
		    strcmp(roots[0], roots[1]) != 0)
			note(inc, "not one module with one root");
		else if (phase(inc, 2), affected_set(inc, affected) && (phase(inc, 3), true) &&
			 prepare_side(inc, &inc->side[0], affected, roots[0]) &&
			 (inc->new_full || prepare_side(inc, &inc->side[1], affected, roots[1])) &&
			 read_closures(inc) &&
			 (phase(inc, 4), true) &&
			 load_partial(inc, r, old_s, new_s) && (phase(inc, 5), true)) {
			for (int k = 0; k < 2; k++)
				mark_clean(inc, &inc->side[k]);
			write_log(inc, inc->new_full ? "incremental, NEW loaded in full" : "incremental");
			pc_cache_close(&inc->cache);
			*out = inc;
			return 0;
		}
		note(inc, "the files to load could not be prepared");
	}
	if (inc->new_full)
		pc_arena_release(&inc->side[1].arena); /* the full check loads NEW again (an
							* arena adopted is empty) */
	return -1;
}

/* The summary of a file a full load parsed, unless the cache has it; with keep, also
 * the side's summary of the file. */
static void harvest_file(PcIncremental *inc, const Side *sd, const PcFile *f, bool keep)
{
	if (!f->src)
		return;
	uint32_t id = name_id(inc, f->name, false);
	SideFile *sf = (SideFile *)file_of(sd, id);
	if (!sf)
		return;
	uint8_t key[256];
	size_t klen = summary_key(sf->oid, key), len;
	const void *p = pc_cache_get(&inc->cache, REC_SUMMARY, key, klen, &len);
	if (p && !keep)
		return;
	if (p) {
		sf->have = decode(&sf->sum, p, len, inc->a);
		return;
	}
	PcArena tmp;
	pc_arena_init(&tmp);
	Buf out = {.a = keep ? inc->a : &tmp};
	summarize(f, false, pc_source_mentions_directive(f->src), &out, &tmp);
	pc_cache_put(&inc->cache, REC_SUMMARY, key, klen, out.p, out.len);
	if (keep)
		sf->have = decode(&sf->sum, out.p, out.len, inc->a);
	pc_arena_release(&tmp);
}

/* No side is known clean: NEW is loaded in full, as the full check loads it. Without
 * a diagnostic it is clean, and so are the files both sides share; its summaries come
 * from the files it parsed. Its arena stays apart until the check is known to be
 * incremental (a full check would load NEW again). */
static bool load_new_full(PcIncremental *inc, PcSchema *new_s)
{
	const PcCheckOptions *o = inc->o;
	Side *sd = &inc->side[1];
	sd->s = new_s;
	pc_arena_init(&sd->arena);
	pc_diags_init(&sd->diags, &sd->arena);
	pc_schema_init(new_s, &sd->arena, &sd->diags);
	new_s->jobs = o->jobs;
	new_s->lazy_source_info = !o->comments;
	new_s->keep_written = true; /* summarized below: custom_options reads the lists */
	new_s->max_file_size = o->max_file_size;
	const char *none[1] = {NULL};
	memset(&inc->new_full_in, 0, sizeof inc->new_full_in);
	int st = pc_input_load_side(&inc->new_full_in, new_s, o->new_arg, o->old_arg, false, none, 0);
	if (st != 0 || sd->diags.list.len) {
		pc_arena_release(&sd->arena);
		return false;
	}
	for (uint32_t i = 0; i < new_s->inputs.len; i++)
		harvest_file(inc, sd, PC_VEC_AT(new_s->inputs, PcFile *, i), true);
	mark_clean(inc, sd);
	inc->new_full = true;
	return true;
}

void pc_incremental_after_full(PcIncremental *inc, PcSchema *const sides[2], const uint32_t ndiags[2])
{
	if (!inc)
		return;
	for (int k = 0; k < 2; k++) {
		const Side *sd = &inc->side[k];
		if (ndiags[k])
			continue;
		for (uint32_t i = 0; i < sides[k]->inputs.len; i++)
			harvest_file(inc, sd, PC_VEC_AT(sides[k]->inputs, PcFile *, i), false);
		mark_clean(inc, sd);
	}
	write_log(inc, "full");
	pc_cache_close(&inc->cache);
}

typedef struct Ranked {
	uint32_t key, index;
	PcFile *file;
} Ranked;

static int cmp_ranked(const void *x, const void *y)
{
	const Ranked *p = x, *q = y;
	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return p->index < q->index ? -1 : p->index > q->index;
}

void pc_incremental_order_files(const PcIncremental *inc, PcSchema *new_s)
{
	if (!inc || !inc->rank || inc->new_full)
		return; /* (NEW loaded in full is in the full load's order already) */
	/* files not of the listing (built-in ones, which carry no suppressions) go last */
	uint32_t n = new_s->files.len;
	PcFile **f = new_s->files.items;
	Ranked *r = PC_NEW_ARRAY(inc->a, Ranked, n + 1);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = name_id((PcIncremental *)inc, f[i]->name, false);
		r[i] = (Ranked){f[i]->is_builtin || id == UINT32_MAX ? UINT32_MAX : inc->rank[id], i, f[i]};
	}
	qsort(r, n, sizeof(Ranked), cmp_ranked);
	for (uint32_t i = 0; i < n; i++)
		f[i] = r[i].file;
}
