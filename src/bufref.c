/* buf's input syntax, parsed as buf 1.75 parses it (its buffetch package, checked
 * against the binary; docs/cli.md lists the cases). The path's extension gives a
 * format and a compression first (filepath.Ext: from the last '.' of the last path
 * element, case-sensitive); then each key=value pair is applied left to right, so
 * `format=` overrides the extension's format but not its compression; then the
 * combination is checked: git keys only for git, strip_components only for archives,
 * subdir only for archives and git, compression only for images and tar. Keys and
 * values are trimmed of blanks, as buf does; everything else is taken literally. */
#include "bufref.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "source.h"

typedef struct Parse {
	PcBufRef *r;
	PcArena *a;
	PcDiags *d;
	bool compression_set;   /* by the path or by compression= */
	bool default_gzip;      /* a deprecated *gz format: gzip unless told otherwise */
	const char *commit;     /* commit=, a synonym of ref= for a local repository */
} Parse;

__attribute__((format(printf, 2, 3))) static bool fail(Parse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pc_diag_add(p->d, PC_SEV_ERROR, p->r->arg, 0, 0, (PcStr){0}, "%s", msg);
	return false;
}

static PcStr trim(PcStr s)
{
	while (s.len && isspace((unsigned char)s.ptr[0])) {
		s.ptr++;
		s.len--;
	}
	while (s.len && isspace((unsigned char)s.ptr[s.len - 1]))
		s.len--;
	return s;
}

/* The extension of the path's last element, from its last '.' ("" when none). */
static PcStr ext_of(PcStr path)
{
	for (size_t i = path.len; i > 0; i--) {
		char c = path.ptr[i - 1];
		if (c == '/')
			break;
		if (c == '.')
			return (PcStr){path.ptr + i - 1, path.len - i + 1};
	}
	return (PcStr){path.ptr + path.len, 0};
}

/* The format a bare extension names; false when it names none of buf's. */
static bool format_of_ext(PcStr ext, PcBufFormat *f)
{
	static const struct {
		const char *ext;
		PcBufFormat format;
	} table[] = {
		{".bin", PC_BUF_BINPB}, {".binpb", PC_BUF_BINPB}, {".json", PC_BUF_JSON}, {".txtpb", PC_BUF_TXTPB},
		{".yaml", PC_BUF_YAML}, {".tar", PC_BUF_TAR},     {".zip", PC_BUF_ZIP},   {".git", PC_BUF_GIT},
		{".proto", PC_BUF_PROTOFILE},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (pc_str_eq_c(ext, table[i].ext)) {
			*f = table[i].format;
			return true;
		}
	return false;
}

/* buf's derivation from the path: "-" is a binary image on stdin; .gz and .zst wrap an
 * image or a tar named by the extension before them; anything else is a directory. */
static bool derive(Parse *p, PcStr path)
{
	PcBufRef *r = p->r;
	r->format = PC_BUF_DIR;
	if (pc_str_eq_c(path, "-")) {
		r->format = PC_BUF_BINPB;
		return true;
	}
	PcStr ext = ext_of(path);
	if (pc_str_eq_c(ext, ".tgz")) {
		r->format = PC_BUF_TAR;
		r->compression = PC_COMPRESSION_GZIP;
		p->compression_set = true;
		return true;
	}
	bool gz = pc_str_eq_c(ext, ".gz"), zst = pc_str_eq_c(ext, ".zst");
	if (!gz && !zst) {
		PcBufFormat f;
		if (format_of_ext(ext, &f))
			r->format = f;
		return true;
	}
	r->compression = gz ? PC_COMPRESSION_GZIP : PC_COMPRESSION_ZSTD;
	p->compression_set = true;
	PcBufFormat f;
	if (!format_of_ext(ext_of((PcStr){path.ptr, path.len - ext.len}), &f) || f == PC_BUF_ZIP || f == PC_BUF_GIT ||
	    f == PC_BUF_PROTOFILE) {
		const char *e = gz ? ".gz" : ".zst";
		return fail(p, "cannot tell the format of \"%s\" from its %s extension (name it x.tar%s, x.binpb%s or x.json%s, or add #format=...)",
			    r->path, e, e, e, e);
	}
	r->format = f;
	return true;
}

static bool set_format(Parse *p, const char *v)
{
	static const struct {
		const char *name;
		PcBufFormat format;
		bool gzip;
	} table[] = {
		{"binpb", PC_BUF_BINPB, false}, {"bin", PC_BUF_BINPB, false},   {"bingz", PC_BUF_BINPB, true},
		{"json", PC_BUF_JSON, false},   {"jsongz", PC_BUF_JSON, true},  {"txtpb", PC_BUF_TXTPB, false},
		{"yaml", PC_BUF_YAML, false},   {"tar", PC_BUF_TAR, false},     {"targz", PC_BUF_TAR, true},
		{"zip", PC_BUF_ZIP, false},     {"git", PC_BUF_GIT, false},     {"dir", PC_BUF_DIR, false},
		{"protofile", PC_BUF_PROTOFILE, false}, {"mod", PC_BUF_MOD, false},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(v, table[i].name) == 0) {
			p->r->format = table[i].format;
			p->r->format_given = true;
			p->default_gzip = table[i].gzip;
			return true;
		}
	return fail(p, "unknown format \"%s\" (one of binpb, json, tar, zip, git, dir, protofile)", v);
}

/* strconv.ParseUint(v, 10, 32): decimal digits only, leading zeros allowed. */
static bool parse_u32(const char *v, uint32_t *out)
{
	uint64_t n = 0;
	if (!*v)
		return false;
	for (const char *c = v; *c; c++) {
		if (*c < '0' || *c > '9')
			return false;
		n = n * 10 + (uint64_t)(*c - '0');
		if (n > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)n;
	return true;
}

static bool parse_bool(Parse *p, const char *key, const char *v, bool *out)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
		*out = v[0] == 't';
		return true;
	}
	return fail(p, "%s must be true or false, not \"%s\"", key, v);
}

/* buf's normalpath.NormalizeAndValidate: cleaned, relative, not escaping the root;
 * "." is the root itself (NULL). */
static bool set_subdir(Parse *p, const char *v)
{
	if (v[0] == '/')
		return fail(p, "subdir \"%s\" must be a relative path", v);
	char *clean = pc_path_clean_relative(p->a, v);
	if (!clean)
		return fail(p, "subdir \"%s\" is outside the input", v);
	p->r->subdir = *clean ? clean : NULL;
	return true;
}

static bool set_option(Parse *p, const char *key, const char *v)
{
	PcBufRef *r = p->r;
	if (strcmp(key, "format") == 0)
		return set_format(p, v);
	if (strcmp(key, "compression") == 0) {
		static const char *const names[] = {"none", "gzip", "zstd"};
		_Static_assert(PC_COMPRESSION_NONE == 0 && PC_COMPRESSION_GZIP == 1 && PC_COMPRESSION_ZSTD == 2,
			       "names[] follows PcCompression");
		for (int i = 0; i < 3; i++)
			if (strcmp(v, names[i]) == 0) {
				r->compression = (PcCompression)i;
				p->compression_set = true;
				return true;
			}
		return fail(p, "unknown compression \"%s\" (one of none, gzip, zstd)", v);
	}
	if (strcmp(key, "branch") == 0 || strcmp(key, "tag") == 0 || strcmp(key, "commit") == 0) {
		/* buf refuses a second one of them, except a tag after a commit */
		bool tag = key[0] == 't', commit = key[0] == 'c';
		if (r->branch || (r->tag && !commit) || (p->commit && !tag))
			return fail(p, "only one of branch, commit and tag can be given%s", "");
		if (tag)
			r->tag = v;
		else if (commit)
			p->commit = v;
		else
			r->branch = v;
		return true;
	}
	if (strcmp(key, "ref") == 0) {
		r->ref = v;
		return true;
	}
	if (strcmp(key, "depth") == 0) {
		if (!parse_u32(v, &r->depth))
			return fail(p, "depth must be a number, not \"%s\"", v);
		if (r->depth == 0)
			return fail(p, "depth must be greater than 0%s", "");
		return true;
	}
	if (strcmp(key, "recurse_submodules") == 0)
		return parse_bool(p, key, v, &r->recurse_submodules);
	if (strcmp(key, "include_package_files") == 0)
		return parse_bool(p, key, v, &r->include_package_files);
	if (strcmp(key, "strip_components") == 0) {
		if (!parse_u32(v, &r->strip_components))
			return fail(p, "strip_components must be a number from 0 to 4294967295, not \"%s\"", v);
		return true;
	}
	if (strcmp(key, "subdir") == 0)
		return set_subdir(p, v);
	return fail(p, "unknown key \"%s\" (one of format, compression, strip_components, subdir, branch, tag, commit, "
		       "ref, depth, recurse_submodules, include_package_files)",
		    key);
}

/* The pairs after '#': "k=v,k=v", each with exactly one '=' and both sides non-empty. */
static bool parse_options(Parse *p, PcStr opts)
{
	PcVec keys = {0};
	const char *c = opts.ptr, *end = opts.ptr + opts.len;
	for (;;) {
		const char *comma = memchr(c, ',', (size_t)(end - c));
		PcStr pair = {c, (size_t)((comma ? comma : end) - c)};
		const char *eq = memchr(pair.ptr, '=', pair.len);
		PcStr key = trim((PcStr){pair.ptr, eq ? (size_t)(eq - pair.ptr) : pair.len});
		PcStr val = eq ? trim((PcStr){eq + 1, (size_t)(pair.ptr + pair.len - eq - 1)}) : (PcStr){0};
		if (!eq || memchr(eq + 1, '=', (size_t)(pair.ptr + pair.len - eq - 1)) || !key.len || !val.len)
			return fail(p, "invalid options \"%.*s\": expected key=value pairs separated by ','", (int)opts.len,
				    opts.ptr);
		const char *k = pc_arena_strndup(p->a, key.ptr, key.len);
		for (uint32_t i = 0; i < keys.len; i++)
			if (strcmp(PC_VEC_AT(keys, const char *, i), k) == 0)
				return fail(p, "option \"%s\" is given twice", k);
		*PC_VEC_PUSH(&keys, const char *, p->a) = k;
		if (!set_option(p, k, pc_arena_strndup(p->a, val.ptr, val.len)))
			return false;
		if (!comma)
			return true;
		c = comma + 1;
	}
}

static bool is_archive(PcBufFormat f)
{
	return f == PC_BUF_TAR || f == PC_BUF_ZIP;
}

static bool is_image(PcBufFormat f)
{
	return f == PC_BUF_BINPB || f == PC_BUF_JSON || f == PC_BUF_TXTPB || f == PC_BUF_YAML;
}

/* The options that do not apply to the format, in buf's order of checks. */
static bool check_combination(Parse *p)
{
	PcBufRef *r = p->r;
	const char *fname = pc_bufref_format_name(r->format);
	if (r->format == PC_BUF_GIT) {
		if (r->ref && (p->commit || r->tag))
			return fail(p, "%s cannot be given with ref", p->commit ? "commit" : "tag");
		if (p->commit)
			r->ref = p->commit;
	} else if (r->branch || r->tag || p->commit || r->ref || r->recurse_submodules || r->depth) {
		return fail(p, "git options (branch, tag, commit, ref, depth, recurse_submodules) do not apply to format %s",
			    fname);
	}
	if (!is_archive(r->format) && r->strip_components)
		return fail(p, "strip_components does not apply to format %s (only tar and zip)", fname);
	if (r->format == PC_BUF_ZIP && p->compression_set)
		return fail(p, "a zip archive cannot have a compression (zip compresses its entries itself)%s", "");
	if (!is_archive(r->format) && !is_image(r->format) && p->compression_set)
		return fail(p, "compression does not apply to format %s (only binpb, json and tar)", fname);
	if (!is_archive(r->format) && r->format != PC_BUF_GIT && r->subdir)
		return fail(p, "subdir does not apply to format %s (only tar, zip and git)", fname);
	if (!p->compression_set && p->default_gzip)
		r->compression = PC_COMPRESSION_GZIP;
	return true;
}

bool pc_bufref_parse(PcBufRef *out, const char *arg, PcArena *a, PcDiags *d)
{
	memset(out, 0, sizeof *out);
	out->arg = arg;
	Parse p = {.r = out, .a = a, .d = d};
	PcStr value = trim(pc_str(arg));
	if (!value.len)
		return fail(&p, "an input cannot be empty%s", "");
	const char *hash = memchr(value.ptr, '#', value.len);
	if (hash && memchr(hash + 1, '#', (size_t)(value.ptr + value.len - hash - 1)))
		return fail(&p, "an input can have only one '#'%s", "");
	PcStr path = hash ? trim((PcStr){value.ptr, (size_t)(hash - value.ptr)}) : value;
	PcStr opts = hash ? trim((PcStr){hash + 1, (size_t)(value.ptr + value.len - hash - 1)}) : (PcStr){0};
	if (hash && !path.len)
		return fail(&p, "no path before '#' (\".#...\" is the current directory)%s", "");
	if (hash && !opts.len)
		return fail(&p, "no options after '#' (key=value pairs separated by ',')%s", "");
	out->path = pc_arena_strndup(a, path.ptr, path.len);
	if (!derive(&p, path))
		return false;
	if (hash && !parse_options(&p, opts))
		return false;
	return check_combination(&p);
}

bool pc_bufref_is_input(const char *arg)
{
	static const char *const exts[] = {".tar", ".tgz", ".zip", ".git", ".bin", ".json", ".txtpb", ".yaml", ".gz", ".zst"};
	if (strchr(arg, '#') || strcmp(arg, "-") == 0)
		return true;
	PcStr ext = ext_of(pc_str(arg));
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (pc_str_eq_c(ext, exts[i]))
			return true;
	return false;
}

const char *pc_bufref_format_name(PcBufFormat f)
{
	switch (f) {
	case PC_BUF_BINPB:
		return "binpb";
	case PC_BUF_JSON:
		return "json";
	case PC_BUF_TXTPB:
		return "txtpb";
	case PC_BUF_YAML:
		return "yaml";
	case PC_BUF_TAR:
		return "tar";
	case PC_BUF_ZIP:
		return "zip";
	case PC_BUF_GIT:
		return "git";
	case PC_BUF_DIR:
		return "dir";
	case PC_BUF_PROTOFILE:
		return "protofile";
	case PC_BUF_MOD:
		return "mod";
	}
	return "?";
}
