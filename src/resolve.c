/* The resolver links parsed files in the steps protoc's DescriptorBuilder takes: first
 * every file's symbols go into one hash table of full names (duplicates reported
 * there), then each file's references are resolved with protoc's scoping rules and
 * its visibility rules (a file sees itself, its direct imports and their public
 * imports, transitively), then options are interpreted (options.c), features resolved
 * (features.c), and finally the checks that need everything linked run. Files are
 * taken dependencies first, so an import is always complete before its users.
 * descriptor.proto is always loaded, since options are interpreted against it; when
 * nothing imports it, it stays out of s->files and only its symbols are known. */
#include "schema.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resolve_features.h"
#include "options.h"
#include "parser.h"
#include "resolve_impl.h"
#include "wkt.h"

/* A symbol is its element (16 bytes): the name is the element's full_name and the
 * file its file, read through it (sym_name, sym_file). A package's element is a
 * PkgSym made for it. */
typedef struct Sym {
	void *elem;
	unsigned hash;      /* of the name, kept to skip most string compares and rehashes */
	uint8_t kind;       /* PcSymKind */
} Sym;

typedef struct PkgSym {
	PcStr name;
	PcFile *file;       /* the first file of the package */
} PkgSym;

typedef struct ExtUse {
	const PcMessage *extendee;
	int32_t number;
	PcField *ext;
} ExtUse;

/* The symbols sit densely in insertion order; the open-addressing index holds a hash
 * and a symbol number (+1, 0 = empty) per slot, 8 bytes, at most three quarters full. */
typedef struct SymSlot {
	uint32_t hash, sym;
} SymSlot;

struct PcSymtab {
	SymSlot *slots;
	Sym *syms;
	uint32_t nslots, count, max; /* index slots, symbols, symbols allocated */
	ExtUse *exts;       /* (extendee, number) -> extension, open addressing */
	uint32_t next_slots, next_count;
	PcFile *descriptor;
	PcVec all;          /* of PcFile *: hidden descriptor.proto (if any), then s->files */
};

/* ---- symbol table ---- */

/* The symbol's name, and its file when file is not NULL (the lookups that only
 * compare names do not touch the file). */
static PcStr sym_read(const Sym *s, PcFile **file)
{
	PcStr name = {"", 0};
	PcFile *f = NULL;
	switch ((PcSymKind)s->kind) {
	case PC_SYM_PACKAGE:
		name = ((const PkgSym *)s->elem)->name;
		f = file ? ((const PkgSym *)s->elem)->file : NULL;
		break;
	case PC_SYM_MESSAGE:
		name = ((const PcMessage *)s->elem)->full_name;
		f = file ? ((const PcMessage *)s->elem)->file : NULL;
		break;
	case PC_SYM_ENUM:
		name = ((const PcEnum *)s->elem)->full_name;
		f = file ? ((const PcEnum *)s->elem)->file : NULL;
		break;
	case PC_SYM_ENUM_VALUE:
		name = ((const PcEnumValue *)s->elem)->full_name;
		f = file ? ((const PcEnumValue *)s->elem)->parent->file : NULL;
		break;
	case PC_SYM_FIELD:
	case PC_SYM_EXTENSION:
		name = ((const PcField *)s->elem)->full_name;
		f = file ? ((const PcField *)s->elem)->file : NULL;
		break;
	case PC_SYM_ONEOF:
		name = ((const PcOneof *)s->elem)->full_name;
		f = file ? ((const PcOneof *)s->elem)->parent->file : NULL;
		break;
	case PC_SYM_SERVICE:
		name = ((const PcService *)s->elem)->full_name;
		f = file ? ((const PcService *)s->elem)->file : NULL;
		break;
	case PC_SYM_METHOD:
		name = ((const PcMethod *)s->elem)->full_name;
		f = file ? ((const PcMethod *)s->elem)->parent->file : NULL;
		break;
	case PC_SYM_NONE:
		break;
	}
	if (file)
		*file = f;
	return name;
}

static PcStr sym_name(const Sym *s)
{
	return sym_read(s, NULL);
}

static PcFile *sym_file(const Sym *s)
{
	PcFile *f;
	sym_read(s, &f);
	return f;
}

/* The element a lookup answers with: NULL for a package. */
static void *sym_elem(const Sym *s)
{
	return s->kind == PC_SYM_PACKAGE ? NULL : s->elem;
}

static SymSlot *tab_slot(const PcSymtab *t, PcStr name, unsigned hash)
{
	uint32_t mask = t->nslots - 1;
	for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
		SymSlot *s = &t->slots[i];
		if (!s->sym || (s->hash == hash && pc_str_eq(sym_name(&t->syms[s->sym - 1]), name)))
			return s;
	}
}

/* Sizes the table for n symbols. The symbol array is not zeroed, so the pages of an
 * upper bound that is never reached are never touched. Symbols already in it move. */
static void tab_resize(PcSymtab *t, PcArena *a, uint32_t n)
{
	/* At most three quarters full: the 8-byte slots are zeroed (touched), and probes
	 * mostly stay within a cache line of them. */
	uint32_t want = 1024;
	while (want / 4 * 3 < n + 1)
		want *= 2;
	Sym *syms = pc_arena_alloc(a, sizeof(Sym) * (want / 4 * 3));
	if (t->count)
		memcpy(syms, t->syms, sizeof(Sym) * t->count);
	t->syms = syms;
	t->max = want / 4 * 3;
	t->nslots = want;
	t->slots = PC_NEW_ARRAY(a, SymSlot, want);
	for (uint32_t i = 0; i < t->count; i++) {
		uint32_t h = syms[i].hash & (want - 1);
		while (t->slots[h].sym) /* the names are distinct: the first empty slot */
			h = (h + 1) & (want - 1);
		t->slots[h] = (SymSlot){syms[i].hash, i + 1};
	}
}

static Sym *tab_find(PcSymtab *t, PcStr name)
{
	if (!t->nslots)
		return NULL;
	const SymSlot *s = tab_slot(t, name, pc_str_hash(name));
	return s->sym ? &t->syms[s->sym - 1] : NULL;
}

/* Sizes an empty table for n symbols at once, so that it never grows (each growth
 * would leave the old arrays behind in the arena). */
static void tab_reserve(PcSymtab *t, PcArena *a, uint32_t n)
{
	if (!t->count && n > t->max)
		tab_resize(t, a, n);
}

static uint32_t count_message_symbols(const PcMessage *m)
{
	uint32_t n = 1 + m->fields.len + m->extensions.len + m->oneofs.len;
	for (uint32_t i = 0; i < m->nested.len; i++)
		n += count_message_symbols(PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++)
		n += 1 + PC_VEC_AT(m->enums, PcEnum *, i)->values.len;
	return n;
}

/* An upper bound on the symbols a file defines (package components aside: a few). */
static uint32_t count_file_symbols(const PcFile *f)
{
	uint32_t n = 8 + f->extensions.len;
	for (uint32_t i = 0; i < f->messages.len; i++)
		n += count_message_symbols(PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++)
		n += 1 + PC_VEC_AT(f->enums, PcEnum *, i)->values.len;
	for (uint32_t i = 0; i < f->services.len; i++)
		n += 1 + PC_VEC_AT(f->services, PcService *, i)->methods.len;
	return n;
}

/* Adds a symbol named name (elem's full name, or a package's PkgSym's) of kind;
 * returns NULL on success or the symbol already holding the name. */
static Sym *tab_add(PcSymtab *t, PcArena *a, PcStr name, PcSymKind kind, void *elem)
{
	if (t->count == t->max)
		tab_resize(t, a, t->count * 2);
	unsigned hash = pc_str_hash(name);
	SymSlot *slot = tab_slot(t, name, hash);
	if (slot->sym)
		return &t->syms[slot->sym - 1];
	*slot = (SymSlot){hash, t->count + 1};
	Sym *s = &t->syms[t->count];
	s->hash = hash;
	s->kind = (uint8_t)kind;
	s->elem = elem;
	t->count++;
	return NULL;
}

static uint32_t ext_hash(const PcMessage *m, int32_t n)
{
	return (uint32_t)(((uintptr_t)m >> 4) * 2654435761u) ^ ((uint32_t)n * 40503u);
}

/* Records an extension number; returns the extension that already used it, if any. */
static PcField *ext_claim(PcSymtab *t, PcArena *a, PcField *fd)
{
	if ((t->next_count + 1) * 2 > t->next_slots) {
		ExtUse *old = t->exts;
		uint32_t nold = t->next_slots;
		t->next_slots = nold ? nold * 2 : 256;
		t->exts = PC_NEW_ARRAY(a, ExtUse, t->next_slots);
		for (uint32_t i = 0; i < nold; i++) {
			if (!old[i].ext)
				continue;
			uint32_t h = ext_hash(old[i].extendee, old[i].number) & (t->next_slots - 1);
			while (t->exts[h].ext)
				h = (h + 1) & (t->next_slots - 1);
			t->exts[h] = old[i];
		}
	}
	uint32_t mask = t->next_slots - 1;
	for (uint32_t h = ext_hash(pc_field_x(fd)->extendee_msg, fd->number) & mask;; h = (h + 1) & mask) {
		ExtUse *u = &t->exts[h];
		if (!u->ext) {
			u->extendee = pc_field_x(fd)->extendee_msg;
			u->number = fd->number;
			u->ext = fd;
			t->next_count++;
			return NULL;
		}
		if (u->extendee == pc_field_x(fd)->extendee_msg && u->number == fd->number)
			return u->ext;
	}
}

/* ---- diagnostics ---- */

static void verror_at(PcSchema *s, const PcFile *f, PcSpan sp, PcSeverity sev, const char *fmt, va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	int line = 0, col = 0;
	PcStr text = {"", 0};
	if (sp.line >= 0) {
		line = sp.line + 1;
		col = sp.col + 1;
		const PcSource *src = pc_file_source(f, s->arena);
		if (src && (uint32_t)sp.line < src->nlines) {
			text = pc_source_line(src, (uint32_t)sp.line);
			uint32_t start = src->line_starts[sp.line];
			uint32_t off = pc_source_offset(src, sp.line, sp.col);
			if (off - start <= text.len)
				col = (int)(off - start) + 1;
		}
	}
	const char *path = f->path ? f->path : f->src ? f->src->path : NULL;
	if (!path)
		path = pc_arena_strndup(s->arena, f->name.ptr, f->name.len);
	pc_diag_add(s->diags, sev, path, line, col, text, "%s", buf);
}

void pc_resolve_error(PcResolver *r, PcSpan sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_at(r->s, r->file, sp, PC_SEV_ERROR, fmt, ap);
	va_end(ap);
}

void pc_resolve_warning(PcResolver *r, PcSpan sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_at(r->s, r->file, sp, PC_SEV_WARNING, fmt, ap);
	va_end(ap);
}

/* ---- names ---- */

static PcStr join_name(PcArena *a, PcStr scope, PcStr name)
{
	if (scope.len == 0)
		return name;
	char *p = pc_arena_alloc(a, scope.len + name.len + 2);
	memcpy(p, scope.ptr, scope.len);
	p[scope.len] = '.';
	memcpy(p + scope.len + 1, name.ptr, name.len);
	p[scope.len + 1 + name.len] = '\0';
	return (PcStr){p, scope.len + 1 + name.len};
}

/* scope.name with a '.' in front ("" scope: ".name"), the view leaving it out: the
 * full name of a message or enum, whose dotted form (a type name) is then free. */
static PcStr join_name_dotted(PcArena *a, PcStr scope, PcStr name)
{
	size_t n = scope.len ? scope.len + 1 + name.len : name.len;
	char *p = pc_arena_alloc(a, n + 2);
	p[0] = '.';
	if (scope.len) {
		memcpy(p + 1, scope.ptr, scope.len);
		p[1 + scope.len] = '.';
	}
	memcpy(p + 1 + n - name.len, name.ptr, name.len);
	p[n + 1] = '\0';
	return (PcStr){p + 1, n};
}

static PcStr dotted(PcArena *a, PcStr full)
{
	char *p = pc_arena_alloc(a, full.len + 2);
	p[0] = '.';
	memcpy(p + 1, full.ptr, full.len);
	p[full.len + 1] = '\0';
	return (PcStr){p, full.len + 1};
}

/* ".pkg.Msg" for a message or enum: a view of its full name when it has the dot. */
static PcStr type_ref(PcArena *a, const PcMessage *m)
{
	return m->dotted ? (PcStr){m->full_name.ptr - 1, m->full_name.len + 1} : dotted(a, m->full_name);
}

static PcStr enum_ref(PcArena *a, const PcEnum *e)
{
	return e->dotted ? (PcStr){e->full_name.ptr - 1, e->full_name.len + 1} : dotted(a, e->full_name);
}

PcStr pc_json_name(PcStr name, PcArena *a)
{
	char *p = pc_arena_alloc(a, name.len + 1);
	size_t n = 0;
	bool up = false;
	for (size_t i = 0; i < name.len; i++) {
		char c = name.ptr[i];
		if (c == '_') {
			up = true;
		} else if (up) {
			p[n++] = (char)toupper((unsigned char)c);
			up = false;
		} else {
			p[n++] = c;
		}
	}
	p[n] = '\0';
	return (PcStr){p, n};
}

static char *cstr(PcArena *a, PcStr s)
{
	return pc_arena_strndup(a, s.ptr, s.len);
}

/* ---- registration ---- */

static void report_duplicate(PcResolver *r, PcStr full, PcSpan sp, Sym *old, bool enum_value)
{
	PcArena *a = r->s->arena;
	size_t dot = full.len;
	while (dot > 0 && full.ptr[dot - 1] != '.')
		dot--;
	PcStr shortname = pc_str_sub(full, dot, full.len - dot);
	PcStr scope = dot ? pc_str_sub(full, 0, dot - 1) : (PcStr){"", 0};
	if (sym_file(old) != r->file)
		pc_resolve_error(r, sp, "\"%s\" is already defined in file \"%s\"", cstr(a, full),
				 cstr(a, sym_file(old)->name));
	else if (scope.len == 0)
		pc_resolve_error(r, sp, "\"%s\" is already defined", cstr(a, shortname));
	else if (enum_value && old->kind == PC_SYM_ENUM_VALUE)
		pc_resolve_error(r, sp,
				 "\"%s\" is already defined in \"%s\"; enum values are siblings of their "
				 "type (C++ scoping), so \"%s\" must be unique within \"%s\"",
				 cstr(a, shortname), cstr(a, scope), cstr(a, shortname), cstr(a, scope));
	else
		pc_resolve_error(r, sp, "\"%s\" is already defined in \"%s\"", cstr(a, shortname), cstr(a, scope));
}

static void add_symbol(PcResolver *r, PcStr full, PcSymKind kind, void *elem, PcSpan sp)
{
	Sym *old = tab_add(r->tab, r->s->arena, full, kind, elem);
	if (!old)
		return;
	if (old->kind == PC_SYM_PACKAGE) {
		pc_resolve_error(r, sp, "\"%s\" is already defined (as a package) in file \"%s\"",
				 cstr(r->s->arena, full), cstr(r->s->arena, sym_file(old)->name));
		return;
	}
	report_duplicate(r, full, sp, old, kind == PC_SYM_ENUM_VALUE);
}

static void register_package(PcResolver *r)
{
	PcStr pkg = r->file->package;
	for (size_t i = 0; i <= pkg.len; i++) {
		if (i < pkg.len && pkg.ptr[i] != '.')
			continue;
		PcStr prefix = pc_str_sub(pkg, 0, i);
		Sym *old = tab_find(r->tab, prefix);
		if (!old) {
			PkgSym *pkg_sym = PC_NEW(r->s->arena, PkgSym);
			pkg_sym->name = prefix;
			pkg_sym->file = r->file;
			tab_add(r->tab, r->s->arena, prefix, PC_SYM_PACKAGE, pkg_sym);
		} else if (old->kind != PC_SYM_PACKAGE) {
			pc_resolve_error(r, r->file->package_span,
					 "\"%s\" is already defined (as something other than a package) in file \"%s\"",
					 cstr(r->s->arena, prefix), cstr(r->s->arena, sym_file(old)->name));
			return;
		}
	}
}

static void register_field(PcResolver *r, PcField *fd, PcStr scope, PcMessage *parent)
{
	if (!fd->full_name.ptr) /* else made when the file was detached from its source */
		fd->full_name = join_name(r->s->arena, scope, fd->name);
	fd->parent = parent;
	fd->file = r->file;
	add_symbol(r, fd->full_name, fd->is_extension ? PC_SYM_EXTENSION : PC_SYM_FIELD, fd, fd->name_span);
}

static void register_enum(PcResolver *r, PcEnum *e, PcStr scope, PcMessage *parent, uint32_t index)
{
	PcArena *a = r->s->arena;
	if (!e->full_name.ptr) {
		e->full_name = join_name_dotted(a, scope, e->name);
		e->dotted = true;
	}
	e->parent = parent;
	e->file = r->file;
	e->index = index;
	add_symbol(r, e->full_name, PC_SYM_ENUM, e, e->name_span);
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		v->parent = e;
		v->index = i;
		if (!v->full_name.ptr)
			v->full_name = join_name(a, scope, v->name);
		add_symbol(r, v->full_name, PC_SYM_ENUM_VALUE, v, v->name_span);
	}
}

static void register_message(PcResolver *r, PcMessage *m, PcStr scope, PcMessage *parent, uint32_t index)
{
	PcArena *a = r->s->arena;
	if (!m->full_name.ptr) {
		m->full_name = join_name_dotted(a, scope, m->name);
		m->dotted = true;
	}
	m->parent = parent;
	m->file = r->file;
	m->index = index;
	add_symbol(r, m->full_name, PC_SYM_MESSAGE, m, m->name_span);
	/* protoc's order: oneofs, fields, nested types, enums, extensions. */
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		o->parent = m;
		o->index = i;
		if (!o->full_name.ptr)
			o->full_name = join_name(a, m->full_name, o->name);
		add_symbol(r, o->full_name, PC_SYM_ONEOF, o, o->name_span);
	}
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		fd->index = i;
		register_field(r, fd, m->full_name, m);
	}
	for (uint32_t i = 0; i < m->nested.len; i++)
		register_message(r, PC_VEC_AT(m->nested, PcMessage *, i), m->full_name, m, i);
	for (uint32_t i = 0; i < m->enums.len; i++)
		register_enum(r, PC_VEC_AT(m->enums, PcEnum *, i), m->full_name, m, i);
	for (uint32_t i = 0; i < m->extensions.len; i++) {
		PcField *fd = PC_VEC_AT(m->extensions, PcField *, i);
		fd->index = i;
		fd->is_extension = true;
		register_field(r, fd, m->full_name, m);
	}
}

static void register_file(PcResolver *r)
{
	PcFile *f = r->file;
	PcArena *a = r->s->arena;
	register_package(r);
	for (uint32_t i = 0; i < f->messages.len; i++)
		register_message(r, PC_VEC_AT(f->messages, PcMessage *, i), f->package, NULL, i);
	for (uint32_t i = 0; i < f->enums.len; i++)
		register_enum(r, PC_VEC_AT(f->enums, PcEnum *, i), f->package, NULL, i);
	for (uint32_t i = 0; i < f->extensions.len; i++) {
		PcField *fd = PC_VEC_AT(f->extensions, PcField *, i);
		fd->index = i;
		fd->is_extension = true;
		register_field(r, fd, f->package, NULL);
	}
	for (uint32_t i = 0; i < f->services.len; i++) {
		PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		if (!sv->full_name.ptr)
			sv->full_name = join_name(a, f->package, sv->name);
		sv->file = f;
		sv->index = i;
		add_symbol(r, sv->full_name, PC_SYM_SERVICE, sv, sv->name_span);
		for (uint32_t j = 0; j < sv->methods.len; j++) {
			PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, j);
			m->parent = sv;
			m->index = j;
			if (!m->full_name.ptr)
				m->full_name = join_name(a, sv->full_name, m->name);
			add_symbol(r, m->full_name, PC_SYM_METHOD, m, m->name_span);
		}
	}
}

/* ---- visibility and lookup ---- */

static void add_visible(PcResolver *r, PcFile *f, bool types)
{
	if (f->visible_epoch == r->epoch)
		return;
	f->visible_epoch = r->epoch;
	f->visible_types = types;
	*PC_VEC_PUSH(&r->visible, PcFile *, r->s->arena) = f;
}

static void add_public_closure(PcResolver *r, PcFile *f)
{
	for (uint32_t i = 0; i < f->imports.len; i++) {
		PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		if (imp->is_public && imp->file) {
			uint32_t before = r->visible.len;
			add_visible(r, imp->file, true);
			if (r->visible.len > before)
				add_public_closure(r, imp->file);
		}
	}
}

static void set_file(PcResolver *r, PcFile *f)
{
	r->file = f;
	r->visible.len = 0;
	r->epoch++;
	add_visible(r, f, true);
	for (uint32_t i = 0; i < f->imports.len; i++) {
		PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		if (!imp->file || imp->is_option)
			continue;
		uint32_t before = r->visible.len;
		add_visible(r, imp->file, true);
		if (r->visible.len > before)
			add_public_closure(r, imp->file);
	}
	r->type_visible = r->visible.len;
	/* Edition 2024 `import option`: usable for options only. */
	for (uint32_t i = 0; i < f->imports.len; i++) {
		PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		if (imp->file && imp->is_option)
			add_visible(r, imp->file, false);
	}
}

static bool in_package(const PcFile *f, PcStr pkg)
{
	return pc_str_eq(f->package, pkg) ||
	       (f->package.len > pkg.len && memcmp(f->package.ptr, pkg.ptr, pkg.len) == 0 && f->package.ptr[pkg.len] == '.');
}

static Sym *find_visible(PcResolver *r, PcStr name)
{
	Sym *s = tab_find(r->tab, name);
	if (!s)
		return NULL;
	uint32_t n = r->in_options ? r->visible.len : r->type_visible;
	if (s->kind == PC_SYM_PACKAGE) {
		for (uint32_t i = 0; i < n; i++)
			if (in_package(PC_VEC_AT(r->visible, PcFile *, i), name))
				return s;
	} else {
		PcFile *f = sym_file(s);
		if (f && f->visible_epoch == r->epoch && (r->in_options || f->visible_types))
			return s;
	}
	r->undeclared = sym_file(s);
	r->undeclared_name = sym_name(s);
	return NULL;
}

static bool is_aggregate(PcSymKind k)
{
	return k == PC_SYM_MESSAGE || k == PC_SYM_PACKAGE || k == PC_SYM_ENUM || k == PC_SYM_SERVICE;
}

static bool is_type(PcSymKind k)
{
	return k == PC_SYM_MESSAGE || k == PC_SYM_ENUM;
}

static Sym *lookup(PcResolver *r, PcStr name, PcStr scope, bool types_only)
{
	r->undeclared = NULL;
	r->unresolved = (PcStr){NULL, 0};
	if (name.len && name.ptr[0] == '.')
		return find_visible(r, pc_str_sub(name, 1, name.len - 1));
	size_t first_len = 0;
	while (first_len < name.len && name.ptr[first_len] != '.')
		first_len++;
	PcStr first = pc_str_sub(name, 0, first_len);
	char stackbuf[512];
	size_t need = scope.len + name.len + 2;
	char *buf = need <= sizeof stackbuf ? stackbuf : pc_arena_alloc(r->s->arena, need);
	memcpy(buf, scope.ptr, scope.len);
	size_t slen = scope.len;
	for (;;) {
		size_t dot = slen;
		while (dot > 0 && buf[dot - 1] != '.')
			dot--;
		if (dot == 0)
			return find_visible(r, name);
		slen = dot - 1;
		memcpy(buf + slen + 1, first.ptr, first.len);
		buf[slen] = '.';
		Sym *s = find_visible(r, (PcStr){buf, slen + 1 + first.len});
		if (!s)
			continue;
		if (first_len < name.len) {
			if (!is_aggregate(s->kind))
				continue;
			memcpy(buf + slen + 1, name.ptr, name.len);
			PcStr whole = {buf, slen + 1 + name.len};
			Sym *t = find_visible(r, whole);
			if (!t && !r->undeclared)
				r->unresolved = (PcStr){cstr(r->s->arena, whole), whole.len};
			return t;
		}
		if (types_only && !is_type(s->kind))
			continue;
		return s;
	}
}

PcSymKind pc_resolve_lookup(PcResolver *r, PcStr name, PcStr scope, bool types_only, void **elem)
{
	Sym *s = lookup(r, name, scope, types_only);
	*elem = s ? sym_elem(s) : NULL;
	return s ? s->kind : PC_SYM_NONE;
}

PcSymKind pc_resolve_find_any(PcResolver *r, PcStr full_name, void **elem)
{
	Sym *s = tab_find(r->tab, full_name);
	*elem = s ? sym_elem(s) : NULL;
	return s ? s->kind : PC_SYM_NONE;
}

const char *pc_resolve_not_found(PcResolver *r, PcStr name)
{
	PcArena *a = r->s->arena;
	char buf[1024];
	bool option_only = false;
	for (uint32_t i = r->type_visible; r->undeclared && i < r->visible.len; i++)
		option_only = option_only || PC_VEC_AT(r->visible, PcFile *, i) == r->undeclared;
	if (option_only)
		snprintf(buf, sizeof buf, "\"%.*s\" comes from \"%.*s\", which is imported for use in options only",
			 (int)r->undeclared_name.len, r->undeclared_name.ptr, (int)r->undeclared->name.len,
			 r->undeclared->name.ptr);
	else if (r->undeclared)
		snprintf(buf, sizeof buf,
			 "\"%.*s\" seems to be defined in \"%.*s\", which is not imported by \"%.*s\"; "
			 "add the import to use it here",
			 (int)r->undeclared_name.len, r->undeclared_name.ptr, (int)r->undeclared->name.len,
			 r->undeclared->name.ptr,
			 (int)r->file->name.len, r->file->name.ptr);
	else if (r->unresolved.ptr)
		snprintf(buf, sizeof buf,
			 "\"%.*s\" is resolved to \"%.*s\", which is not defined; the innermost scope is "
			 "searched first, so use a leading '.' (\".%.*s\") to start from the outermost scope",
			 (int)name.len, name.ptr, (int)r->unresolved.len, r->unresolved.ptr, (int)name.len, name.ptr);
	else
		snprintf(buf, sizeof buf, "\"%.*s\" is not defined", (int)name.len, name.ptr);
	return pc_arena_strndup(a, buf, strlen(buf));
}

PcSymKind pc_schema_lookup(const PcSchema *s, PcStr full_name, void **elem)
{
	*elem = NULL;
	if (!s->symbols)
		return PC_SYM_NONE;
	Sym *sym = tab_find(s->symbols, full_name);
	if (!sym)
		return PC_SYM_NONE;
	*elem = sym_elem(sym);
	return sym->kind;
}

/* ---- cross-linking ---- */

/* The extendee name of an `extend` block: the AST keeps the block's span only, so
 * step over the keyword and the blanks after it in the source. */
static PcSpan extendee_span(const PcResolver *r, const PcField *fd)
{
	PcSpan sp = pc_field_x(fd)->extend_span;
	const PcSource *src = sp.line >= 0 ? pc_file_source(r->file, r->s->arena) : NULL;
	if (!src || (uint32_t)sp.line >= src->nlines)
		return sp;
	uint32_t off = pc_source_offset(src, sp.line, sp.col);
	if (off + 6 > src->len || memcmp(src->data + off, "extend", 6) != 0)
		return sp;
	off += 6;
	int32_t col = sp.col + 6;
	while (off < src->len && (src->data[off] == ' ' || src->data[off] == '\t')) {
		col = src->data[off] == '\t' ? (col / 8 + 1) * 8 : col + 1;
		off++;
	}
	if (off >= src->len || src->data[off] == '\n' || src->data[off] == '/')
		return sp;
	sp.col = col;
	return sp;
}

static void link_field_type(PcResolver *r, PcField *fd)
{
	PcArena *a = r->s->arena;
	if (fd->is_extension && pc_field_x(fd)->extendee.len) {
		Sym *s = lookup(r, pc_field_x(fd)->extendee, fd->full_name, false);
		if (!s)
			pc_resolve_error(r, extendee_span(r, fd), "%s", pc_resolve_not_found(r, pc_field_x(fd)->extendee));
		else if (s->kind != PC_SYM_MESSAGE)
			pc_resolve_error(r, extendee_span(r, fd), "\"%s\" is not a message type", cstr(a, pc_field_x(fd)->extendee));
		else {
			PcFieldExtra *x = pc_field_extra(fd, a);
			x->extendee_msg = sym_elem(s);
			x->extendee = type_ref(a, x->extendee_msg);
		}
	}
	if (fd->type != PC_TYPE_NONE && fd->type != PC_TYPE_GROUP && fd->type != PC_TYPE_MESSAGE &&
	    fd->type != PC_TYPE_ENUM)
		return;
	if (fd->type_name.len == 0 && fd->group_type) {
		fd->type = PC_TYPE_GROUP;
		fd->msg_type = fd->group_type;
		fd->type_name = type_ref(a, fd->group_type);
		return;
	}
	Sym *s = lookup(r, fd->type_name, fd->full_name, true);
	if (!s) {
		pc_resolve_error(r, fd->type_span, "%s", pc_resolve_not_found(r, fd->type_name));
		return;
	}
	if (s->kind == PC_SYM_MESSAGE) {
		fd->msg_type = sym_elem(s);
		if (fd->type != PC_TYPE_GROUP)
			fd->type = fd->is_group ? PC_TYPE_GROUP : PC_TYPE_MESSAGE;
		fd->type_name = type_ref(a, fd->msg_type);
	} else if (s->kind == PC_SYM_ENUM) {
		fd->enum_type = sym_elem(s);
		fd->type = PC_TYPE_ENUM;
		fd->type_name = enum_ref(a, fd->enum_type);
	} else {
		pc_resolve_error(r, fd->type_span, "\"%s\" is not a type", cstr(a, fd->type_name));
	}
}

static void link_message(PcResolver *r, PcMessage *m)
{
	for (uint32_t i = 0; i < m->fields.len; i++)
		link_field_type(r, PC_VEC_AT(m->fields, PcField *, i));
	for (uint32_t i = 0; i < m->extensions.len; i++)
		link_field_type(r, PC_VEC_AT(m->extensions, PcField *, i));
	for (uint32_t i = 0; i < m->nested.len; i++)
		link_message(r, PC_VEC_AT(m->nested, PcMessage *, i));
}

static PcMessage *link_method_type(PcResolver *r, PcMethod *m, PcStr *name, PcSpan sp)
{
	Sym *s = lookup(r, *name, m->full_name, false);
	if (!s) {
		pc_resolve_error(r, sp, "%s", pc_resolve_not_found(r, *name));
		return NULL;
	}
	if (s->kind != PC_SYM_MESSAGE) {
		pc_resolve_error(r, sp, "\"%s\" is not a message type", cstr(r->s->arena, *name));
		return NULL;
	}
	PcMessage *msg = sym_elem(s);
	*name = type_ref(r->s->arena, msg);
	return msg;
}

static void link_file(PcResolver *r)
{
	PcFile *f = r->file;
	for (uint32_t i = 0; i < f->messages.len; i++)
		link_message(r, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->extensions.len; i++)
		link_field_type(r, PC_VEC_AT(f->extensions, PcField *, i));
	for (uint32_t i = 0; i < f->services.len; i++) {
		PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		for (uint32_t j = 0; j < sv->methods.len; j++) {
			PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, j);
			m->input_msg = link_method_type(r, m, &m->input_type, m->input_span);
			m->output_msg = link_method_type(r, m, &m->output_type, m->output_span);
		}
	}
}

/* ---- field details: labels, json names, defaults ---- */

const char *pc_format_double(double v, PcArena *a)
{
	char buf[64];
	if (isinf(v))
		snprintf(buf, sizeof buf, "%s", v > 0 ? "inf" : "-inf");
	else if (isnan(v))
		snprintf(buf, sizeof buf, "nan");
	else {
		snprintf(buf, sizeof buf, "%.*g", DBL_DIG, v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, sizeof buf, "%.*g", DBL_DIG + 2, v);
	}
	return pc_arena_strndup(a, buf, strlen(buf));
}

const char *pc_format_float(float v, PcArena *a)
{
	char buf[64];
	if (isinf(v))
		snprintf(buf, sizeof buf, "%s", v > 0 ? "inf" : "-inf");
	else if (isnan(v))
		snprintf(buf, sizeof buf, "nan");
	else {
		snprintf(buf, sizeof buf, "%.*g", FLT_DIG, (double)v);
		if (strtof(buf, NULL) != v)
			snprintf(buf, sizeof buf, "%.*g", FLT_DIG + 3, (double)v);
	}
	return pc_arena_strndup(a, buf, strlen(buf));
}

PcStr pc_c_escape(PcStr s, PcArena *a)
{
	char *p = pc_arena_alloc(a, s.len * 4 + 1);
	size_t n = 0;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		const char *esc = NULL;
		switch (c) {
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '"': esc = "\\\""; break;
		case '\'': esc = "\\'"; break;
		case '\\': esc = "\\\\"; break;
		}
		if (esc) {
			p[n++] = esc[0];
			p[n++] = esc[1];
		} else if (c < 0x20 || c >= 0x7f) {
			n += (size_t)sprintf(p + n, "\\%03o", c);
		} else {
			p[n++] = (char)c;
		}
	}
	p[n] = '\0';
	return (PcStr){p, n};
}

/* The double a default literal denotes (integers, floats, inf, nan). */
static bool literal_double(const PcValue *v, double *out)
{
	switch (v->kind) {
	case PC_VAL_UINT:
		*out = v->negative ? -(double)v->u : (double)v->u;
		return true;
	case PC_VAL_NEG_INT:
		*out = (double)v->i;
		return true;
	case PC_VAL_DOUBLE:
		*out = v->d;
		if (v->negative && !signbit(v->d))
			*out = -v->d;
		return true;
	case PC_VAL_IDENT:
		if (pc_str_eq_c(v->s, "inf") || pc_str_eq_c(v->s, "infinity"))
			*out = v->negative ? -INFINITY : INFINITY;
		else if (pc_str_eq_c(v->s, "nan"))
			*out = NAN;
		else
			return false;
		return true;
	case PC_VAL_STRING:
	case PC_VAL_AGGREGATE:
	case PC_VAL_LIST:
		return false;
	}
	return false;
}

static void format_default(PcResolver *r, PcField *fd)
{
	PcArena *a = r->s->arena;
	const PcValue *v = pc_field_x(fd)->default_literal;
	char buf[64];
	double d;
	switch (fd->type) {
	case PC_TYPE_DOUBLE:
		if (literal_double(v, &d))
			pc_field_extra(fd, a)->default_value = pc_str(pc_format_double(d, a));
		return;
	case PC_TYPE_FLOAT:
		if (literal_double(v, &d))
			pc_field_extra(fd, a)->default_value = pc_str(pc_format_float((float)d, a));
		return;
	case PC_TYPE_INT32:
	case PC_TYPE_INT64:
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
	case PC_TYPE_SFIXED32:
	case PC_TYPE_SFIXED64:
	case PC_TYPE_UINT32:
	case PC_TYPE_UINT64:
	case PC_TYPE_FIXED32:
	case PC_TYPE_FIXED64:
		if (v->kind == PC_VAL_UINT && !(v->negative && v->u == 0))
			snprintf(buf, sizeof buf, "%s%llu", v->negative ? "-" : "", (unsigned long long)v->u);
		else if (v->kind == PC_VAL_NEG_INT)
			snprintf(buf, sizeof buf, "%lld", (long long)v->i);
		else if (v->kind == PC_VAL_UINT)
			snprintf(buf, sizeof buf, "0");
		else
			return;
		pc_field_extra(fd, a)->default_value = pc_str(pc_arena_strndup(a, buf, strlen(buf)));
		return;
	case PC_TYPE_BOOL:
	case PC_TYPE_ENUM:
		if (v->kind == PC_VAL_IDENT)
			pc_field_extra(fd, a)->default_value = v->s;
		return;
	case PC_TYPE_STRING:
		if (v->kind == PC_VAL_STRING)
			pc_field_extra(fd, a)->default_value = v->s;
		return;
	case PC_TYPE_BYTES:
		if (v->kind == PC_VAL_STRING)
			pc_field_extra(fd, a)->default_value = pc_c_escape(v->s, a);
		return;
	case PC_TYPE_NONE:
	case PC_TYPE_GROUP:
	case PC_TYPE_MESSAGE:
		return;
	}
}

static bool int_default_in_range(const PcField *fd)
{
	const PcValue *v = pc_field_x(fd)->default_literal;
	bool neg = v->kind == PC_VAL_NEG_INT || (v->kind == PC_VAL_UINT && v->negative);
	uint64_t mag = v->kind == PC_VAL_NEG_INT ? (uint64_t)(-(v->i + 1)) + 1 : v->u;
	switch (fd->type) {
	case PC_TYPE_INT32:
	case PC_TYPE_SINT32:
	case PC_TYPE_SFIXED32:
		return neg ? mag <= 2147483648u : mag <= 2147483647u;
	case PC_TYPE_INT64:
	case PC_TYPE_SINT64:
	case PC_TYPE_SFIXED64:
		return neg ? mag <= 9223372036854775808u : mag <= 9223372036854775807u;
	case PC_TYPE_UINT32:
	case PC_TYPE_FIXED32:
		return !neg || mag == 0 ? mag <= 4294967295u : false;
	case PC_TYPE_UINT64:
	case PC_TYPE_FIXED64:
		return !neg || mag == 0;
	case PC_TYPE_NONE:
	case PC_TYPE_DOUBLE:
	case PC_TYPE_FLOAT:
	case PC_TYPE_BOOL:
	case PC_TYPE_STRING:
	case PC_TYPE_GROUP:
	case PC_TYPE_MESSAGE:
	case PC_TYPE_BYTES:
	case PC_TYPE_ENUM:
		return true;
	}
	return true;
}

static const char *type_name_c(PcType t)
{
	static const char *const names[] = {"none", "double", "float", "int64", "uint64", "int32", "fixed64",
					    "fixed32", "bool", "string", "group", "message", "bytes", "uint32",
					    "enum", "sfixed32", "sfixed64", "sint32", "sint64"};
	_Static_assert(sizeof names / sizeof names[0] == PC_TYPE_SINT64 + 1, "type names");
	return (unsigned)t <= PC_TYPE_SINT64 ? names[t] : "?";
}

static void finish_default(PcResolver *r, PcField *fd)
{
	PcArena *a = r->s->arena;
	if (!fd->has_default)
		return;
	if (fd->label == PC_LABEL_REPEATED) {
		pc_resolve_error(r, pc_field_x(fd)->default_span, "repeated fields cannot have default values");
		return;
	}
	if (fd->type == PC_TYPE_MESSAGE || fd->type == PC_TYPE_GROUP) {
		pc_resolve_error(r, pc_field_x(fd)->default_span, "messages cannot have default values");
		return;
	}
	/* A default read back from a descriptor set is already in descriptor form. */
	if (!r->file->src || !pc_field_x(fd)->default_literal)
		return;
	if (fd->type == PC_TYPE_ENUM) {
		if (pc_field_x(fd)->default_literal->kind != PC_VAL_IDENT) {
			pc_resolve_error(r, pc_field_x(fd)->default_span, "default value for an enum field must be an identifier");
			return;
		}
		if (fd->enum_type) {
			bool found = false;
			for (uint32_t i = 0; i < fd->enum_type->values.len && !found; i++)
				found = pc_str_eq(PC_VEC_AT(fd->enum_type->values, PcEnumValue *, i)->name,
						  pc_field_x(fd)->default_literal->s);
			if (!found) {
				pc_resolve_error(r, pc_field_x(fd)->default_span, "enum type \"%s\" has no value named \"%s\"",
						 cstr(a, fd->enum_type->full_name), cstr(a, pc_field_x(fd)->default_literal->s));
				return;
			}
		}
	} else if (fd->type == PC_TYPE_BOOL) {
		if (pc_field_x(fd)->default_literal->kind != PC_VAL_IDENT ||
		    !(pc_str_eq_c(pc_field_x(fd)->default_literal->s, "true") || pc_str_eq_c(pc_field_x(fd)->default_literal->s, "false"))) {
			pc_resolve_error(r, pc_field_x(fd)->default_span, "default value for a bool field must be \"true\" or \"false\"");
			return;
		}
	} else if (!int_default_in_range(fd)) {
		pc_resolve_error(r, pc_field_x(fd)->default_span, "default value out of range for %s field \"%s\"",
				 type_name_c(fd->type), cstr(a, fd->name));
		return;
	}
	format_default(r, fd);
}

static void finish_field(PcResolver *r, PcField *fd)
{
	if (fd->label == PC_LABEL_NONE)
		fd->label = PC_LABEL_OPTIONAL;
	if (!fd->has_json_name)
		fd->json_name = pc_json_name(fd->name, r->s->arena);
	finish_default(r, fd);
}

/* ---- checks ---- */

static bool in_ranges(const PcVec *ranges, int32_t n, bool inclusive, const PcRange **hit)
{
	for (uint32_t i = 0; i < ranges->len; i++) {
		const PcRange *rg = &PC_VEC_AT(*ranges, PcRange, i);
		if (n >= rg->start && (inclusive ? n <= rg->end : n < rg->end)) {
			if (hit)
				*hit = rg;
			return true;
		}
	}
	return false;
}

static bool name_reserved(const PcVec *names, PcStr n)
{
	for (uint32_t i = 0; i < names->len; i++)
		if (pc_str_eq(PC_VEC_AT(*names, PcReservedName, i).name, n))
			return true;
	return false;
}

/* Long range lists (thousands of `reserved` or `extensions` statements) are searched
 * through a sorted copy with the running maximum of the ends, so that checking every
 * field against them stays O(n log n). Short lists are scanned as they are. */
enum { SHORT_LIST = 16 };

typedef struct Span64 {
	int64_t start, end; /* end exclusive */
} Span64;

typedef struct RangeIndex {
	const PcVec *ranges;
	bool inclusive;
	Span64 *sorted;     /* NULL for a short list; .end is the running maximum */
	uint32_t n;
} RangeIndex;

static int span64_cmp(const void *a, const void *b)
{
	const Span64 *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* The ranges of v as [start, end) pairs sorted by start, in tmp. */
static Span64 *sorted_spans(const PcVec *v, bool inclusive, PcArena *tmp)
{
	Span64 *sp = PC_NEW_ARRAY(tmp, Span64, v->len ? v->len : 1);
	for (uint32_t i = 0; i < v->len; i++) {
		const PcRange *rg = &PC_VEC_AT(*v, PcRange, i);
		sp[i] = (Span64){rg->start, (int64_t)rg->end + (inclusive ? 1 : 0)};
	}
	qsort(sp, v->len, sizeof *sp, span64_cmp);
	return sp;
}

static void range_index_init(RangeIndex *ix, const PcVec *ranges, bool inclusive, PcArena *tmp)
{
	*ix = (RangeIndex){.ranges = ranges, .inclusive = inclusive, .n = ranges->len};
	if (ranges->len <= SHORT_LIST)
		return;
	ix->sorted = sorted_spans(ranges, inclusive, tmp);
	for (uint32_t i = 1; i < ix->n; i++)
		if (ix->sorted[i].end < ix->sorted[i - 1].end)
			ix->sorted[i].end = ix->sorted[i - 1].end;
}

/* in_ranges() through the index; *hit (the first range in declaration order that
 * holds n) is looked up by a scan, which only happens for a number about to be
 * reported. */
static bool range_index_has(const RangeIndex *ix, int32_t n, const PcRange **hit)
{
	if (!ix->sorted)
		return in_ranges(ix->ranges, n, ix->inclusive, hit);
	uint32_t lo = 0, hi = ix->n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (ix->sorted[mid].start <= n)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || ix->sorted[lo - 1].end <= n)
		return false;
	return hit ? in_ranges(ix->ranges, n, ix->inclusive, hit) : true;
}

/* Whether any two ranges of a and b together overlap (a range of a with one of a, of b
 * with b, or of a with b): when none does, the pairwise checks have nothing to say. */
static bool any_overlap(const PcVec *a, const PcVec *b, bool inclusive, PcArena *tmp)
{
	uint32_t n = a->len + b->len;
	if (n < 2)
		return false;
	if (n <= SHORT_LIST)
		return true; /* the pairwise checks cost less than the sort */
	Span64 *sp = PC_NEW_ARRAY(tmp, Span64, n);
	for (uint32_t i = 0; i < n; i++) {
		const PcRange *rg = i < a->len ? &PC_VEC_AT(*a, PcRange, i) : &PC_VEC_AT(*b, PcRange, i - a->len);
		sp[i] = (Span64){rg->start, (int64_t)rg->end + (inclusive ? 1 : 0)};
	}
	qsort(sp, n, sizeof *sp, span64_cmp);
	int64_t maxend = sp[0].end;
	for (uint32_t i = 1; i < n; i++) {
		if (sp[i].start < maxend)
			return true;
		if (sp[i].end > maxend)
			maxend = sp[i].end;
	}
	return false;
}

/* Reserved names of one element for lookups (a short list is scanned). */
typedef struct NameSet {
	const PcVec *names; /* of PcReservedName */
	PcStr *slots;       /* NULL for a short list */
	uint32_t mask;
} NameSet;

static PcStr *nameset_slot(const NameSet *ns, PcStr name)
{
	return pc_strset_slot(ns->slots, ns->mask, name);
}

static void nameset_init(NameSet *ns, const PcVec *names, PcArena *tmp)
{
	*ns = (NameSet){.names = names};
	if (names->len <= SHORT_LIST)
		return;
	uint32_t cap = 32;
	while (cap < names->len * 2)
		cap *= 2;
	ns->slots = PC_NEW_ARRAY(tmp, PcStr, cap);
	ns->mask = cap - 1;
	for (uint32_t i = 0; i < names->len; i++) {
		PcStr name = PC_VEC_AT(*names, PcReservedName, i).name;
		if (!name.ptr)
			name.ptr = ""; /* an empty slot is one with a NULL pointer */
		*nameset_slot(ns, name) = name;
	}
}

static bool nameset_has(const NameSet *ns, PcStr name)
{
	if (!ns->slots)
		return name_reserved(ns->names, name);
	if (!name.ptr)
		name.ptr = "";
	return nameset_slot(ns, name)->ptr != NULL;
}

/* Open-addressing set of int32 keys -> index, for duplicate numbers in linear time. */
typedef struct NumSet {
	int32_t *keys;
	uint32_t *vals;
	uint8_t *used;
	uint32_t mask;
} NumSet;

static void numset_init(NumSet *s, uint32_t n, PcArena *a)
{
	uint32_t cap = 16;
	while (cap < n * 2 + 2)
		cap *= 2;
	s->keys = PC_NEW_ARRAY(a, int32_t, cap);
	s->vals = PC_NEW_ARRAY(a, uint32_t, cap);
	s->used = PC_NEW_ARRAY(a, uint8_t, cap);
	s->mask = cap - 1;
}

/* Inserts key; returns true and sets *old when it was present. */
static bool numset_put(NumSet *s, int32_t key, uint32_t val, uint32_t *old)
{
	uint32_t i = ((uint32_t)key * 2654435761u) & s->mask;
	while (s->used[i]) {
		if (s->keys[i] == key) {
			*old = s->vals[i];
			return true;
		}
		i = (i + 1) & s->mask;
	}
	s->used[i] = 1;
	s->keys[i] = key;
	s->vals[i] = val;
	return false;
}

enum { MAX_FIELD_NUMBER = 536870911 };

/* MessageOptions.message_set_wire_format (field 1): extension numbers may then go up
 * to INT32_MAX. */
static bool is_message_set(const PcMessage *m)
{
	uint64_t v;
	return m && pc_options_get_varint(&m->opts, 1, &v) && v;
}

static void check_field_number(PcResolver *r, PcField *fd)
{
	bool set_ext = fd->is_extension && is_message_set(pc_field_x(fd)->extendee_msg);
	if (fd->number <= 0)
		pc_resolve_error(r, fd->number_span, "field numbers must be positive integers");
	else if (fd->number > MAX_FIELD_NUMBER && !set_ext)
		pc_resolve_error(r, fd->number_span, "field numbers cannot be greater than %d", MAX_FIELD_NUMBER);
	else if (fd->number >= 19000 && fd->number <= 19999 && !set_ext)
		pc_resolve_error(r, fd->number_span,
				 "field numbers 19000 through 19999 are reserved for the protocol buffer library "
				 "implementation");
}

/* One error per earlier occurrence of the same name, for each repeat (protoc's pairwise
 * loop), counted through a table so that long lists stay linear. protoc reports them at
 * the message's or enum's name. */
static void report_reserved_name_repeats(PcResolver *r, const PcVec *names, const char *fmt, PcSpan at)
{
	uint32_t n = names->len;
	if (n <= SHORT_LIST) {
		for (uint32_t i = 1; i < n; i++)
			for (uint32_t j = 0; j < i; j++)
				if (pc_str_eq(PC_VEC_AT(*names, PcReservedName, j).name, PC_VEC_AT(*names, PcReservedName, i).name))
					pc_resolve_error(r, at, fmt, cstr(r->s->arena, PC_VEC_AT(*names, PcReservedName, i).name));
		return;
	}
	uint32_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	typedef struct Seen {
		PcStr name;
		uint32_t count;
	} Seen;
	Seen *slots = PC_NEW_ARRAY(&r->scratch, Seen, cap);
	for (uint32_t i = 0; i < n; i++) {
		const PcReservedName *rn = &PC_VEC_AT(*names, PcReservedName, i);
		PcStr name = rn->name.ptr ? rn->name : (PcStr){"", 0};
		uint32_t h = pc_str_hash(name) & (cap - 1);
		while (slots[h].name.ptr && !pc_str_eq(slots[h].name, name))
			h = (h + 1) & (cap - 1);
		slots[h].name = name;
		for (uint32_t k = 0; k < slots[h].count; k++)
			pc_resolve_error(r, at, fmt, cstr(r->s->arena, name));
		slots[h].count++;
	}
}

static void check_ranges(PcResolver *r, PcMessage *m)
{
	int32_t max = is_message_set(m) ? INT32_MAX - 1 : MAX_FIELD_NUMBER;
	/* The pairwise checks below report overlaps in protoc's order; they are skipped
	 * when a sort finds none (thousands of ranges would make them quadratic). */
	bool overlaps = any_overlap(&m->ext_ranges, &m->reserved_ranges, false, &r->scratch);
	for (uint32_t i = 0; i < m->ext_ranges.len; i++) {
		PcRange *x = &PC_VEC_AT(m->ext_ranges, PcRange, i);
		if (x->start <= 0 || x->end - 1 > max)
			pc_resolve_error(r, x->start_span, "extension numbers must be between 1 and %d", max);
		else if (x->end <= x->start)
			pc_resolve_error(r, x->start_span, "extension range end number must be greater than start number");
		for (uint32_t j = 0; overlaps && j < i; j++) {
			PcRange *y = &PC_VEC_AT(m->ext_ranges, PcRange, j);
			if (x->start < y->end && y->start < x->end)
				pc_resolve_error(r, y->start_span,
						 "extension range %d to %d overlaps with already-defined range %d to %d",
						 x->start, x->end - 1, y->start, y->end - 1);
		}
	}
	for (uint32_t i = 0; i < m->reserved_ranges.len; i++) {
		PcRange *x = &PC_VEC_AT(m->reserved_ranges, PcRange, i);
		if (x->end <= x->start)
			pc_resolve_error(r, x->start_span, "reserved range end number must be greater than start number");
		for (uint32_t j = 0; overlaps && j < i; j++) {
			PcRange *y = &PC_VEC_AT(m->reserved_ranges, PcRange, j);
			if (x->start < y->end && y->start < x->end)
				pc_resolve_error(r, x->start_span,
						 "reserved range %d to %d overlaps with already-defined range %d to %d",
						 x->start, x->end - 1, y->start, y->end - 1);
		}
		for (uint32_t j = 0; overlaps && j < m->ext_ranges.len; j++) {
			PcRange *y = &PC_VEC_AT(m->ext_ranges, PcRange, j);
			if (x->start < y->end && y->start < x->end)
				pc_resolve_error(r, y->start_span,
						 "extension range %d to %d overlaps with reserved range %d to %d", y->start,
						 y->end - 1, x->start, x->end - 1);
		}
	}
	report_reserved_name_repeats(r, &m->reserved_names, "field name \"%s\" is reserved multiple times", m->name_span);
}

/* protoc 3.21's proto3 rule: names must stay unique once lower-cased without '_'. */
static PcStr lower_no_underscore(PcArena *a, PcStr s)
{
	char *p = pc_arena_alloc(a, s.len + 1);
	size_t n = 0;
	for (size_t i = 0; i < s.len; i++)
		if (s.ptr[i] != '_')
			p[n++] = (char)tolower((unsigned char)s.ptr[i]);
	return (PcStr){p, n};
}

static void check_json_conflicts(PcResolver *r, PcMessage *m)
{
	PcArena *a = &r->scratch; /* the table is temporary */
	uint32_t cap = 16;
	while (cap < m->fields.len * 2 + 2)
		cap *= 2;
	PcField **slots = PC_NEW_ARRAY(a, PcField *, cap);
	PcStr *keys = PC_NEW_ARRAY(a, PcStr, cap);
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		PcStr k = lower_no_underscore(a, fd->name);
		uint32_t h = pc_str_hash(k) & (cap - 1);
		while (slots[h] && !pc_str_eq(keys[h], k))
			h = (h + 1) & (cap - 1);
		if (slots[h] && pc_str_eq(slots[h]->name, fd->name))
			continue; /* the same name twice is reported as a duplicate symbol */
		if (slots[h]) {
			pc_resolve_error(r, fd->name_span,
					 "the JSON camel-case name of field \"%s\" conflicts with field \"%s\"; this is not "
					 "allowed in proto3",
					 cstr(a, fd->name), cstr(a, slots[h]->name));
			continue;
		}
		slots[h] = fd;
		keys[h] = k;
	}
}

enum { ENUM_CLOSED_VALUE = 2 }; /* FeatureSet.EnumType.CLOSED */

/* Editions with json_format = ALLOW: no two fields may share a JSON name (explicit
 * or derived), as newer protoc and buf require. */
static void check_json_names_unique(PcResolver *r, PcMessage *m)
{
	PcArena *a = &r->scratch; /* the table is temporary */
	uint32_t cap = 16;
	while (cap < m->fields.len * 2 + 2)
		cap *= 2;
	PcField **slots = PC_NEW_ARRAY(a, PcField *, cap);
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		uint32_t h = pc_str_hash(fd->json_name) & (cap - 1);
		while (slots[h] && !pc_str_eq(slots[h]->json_name, fd->json_name))
			h = (h + 1) & (cap - 1);
		if (slots[h] && !fd->has_json_name && pc_str_eq(slots[h]->name, fd->name))
			continue; /* the same name twice is reported as a duplicate symbol */
		if (slots[h]) {
			pc_resolve_error(r, fd->has_json_name ? pc_field_x(fd)->json_name_span : fd->name_span,
					 "the JSON name \"%s\" of field \"%s\" conflicts with field \"%s\"",
					 cstr(a, fd->json_name), cstr(a, fd->name), cstr(a, slots[h]->name));
			continue;
		}
		slots[h] = fd;
	}
}

static bool is_proto3(const PcFile *f)
{
	return f->syntax == PC_SYNTAX_PROTO3;
}

static void check_map_entry(PcResolver *r, PcField *fd)
{
	PcMessage *e = fd->group_type ? fd->group_type : fd->msg_type;
	if (!e || e->fields.len < 2)
		return;
	PcField *key = PC_VEC_AT(e->fields, PcField *, 0);
	switch (key->type) {
	case PC_TYPE_FLOAT:
	case PC_TYPE_DOUBLE:
	case PC_TYPE_BYTES:
	case PC_TYPE_MESSAGE:
	case PC_TYPE_GROUP:
	case PC_TYPE_NONE:
		pc_resolve_error(r, fd->type_span, "key in map fields cannot be float/double, bytes or message types");
		break;
	case PC_TYPE_ENUM:
		pc_resolve_error(r, fd->type_span, "key in map fields cannot be enum types");
		break;
	case PC_TYPE_INT64:
	case PC_TYPE_UINT64:
	case PC_TYPE_INT32:
	case PC_TYPE_FIXED64:
	case PC_TYPE_FIXED32:
	case PC_TYPE_BOOL:
	case PC_TYPE_STRING:
	case PC_TYPE_UINT32:
	case PC_TYPE_SFIXED32:
	case PC_TYPE_SFIXED64:
	case PC_TYPE_SINT32:
	case PC_TYPE_SINT64:
		break;
	}
}

/* The span of `word` written before a `word = value` value: the AST keeps the
 * value's span, protoc reports at the option name. */
static PcSpan keyword_before(const PcResolver *r, PcSpan value, const char *word)
{
	const PcSource *src = value.line >= 0 ? pc_file_source(r->file, r->s->arena) : NULL;
	size_t wl = strlen(word);
	if (!src || value.line < 0 || (uint32_t)value.line >= src->nlines)
		return value;
	uint32_t off = pc_source_offset(src, value.line, value.col);
	while (off > 0 && (src->data[off - 1] == ' ' || src->data[off - 1] == '\t' || src->data[off - 1] == '='))
		off--;
	if (off < wl || memcmp(src->data + off - wl, word, wl) != 0)
		return value;
	off -= (uint32_t)wl;
	uint32_t line_start = src->line_starts[value.line];
	if (off < line_start)
		return value;
	PcSpan sp = value;
	sp.col = pc_source_column(src, value.line, off);
	return sp;
}

static void check_field(PcResolver *r, PcField *fd, PcMessage *m)
{
	PcArena *a = r->s->arena;
	PcFile *f = r->file;
	check_field_number(r, fd);
	if (is_proto3(f)) {
		if (fd->label == PC_LABEL_REQUIRED)
			pc_resolve_error(r, fd->type_span, "required fields are not allowed in proto3");
		if (fd->has_default)
			pc_resolve_error(r, pc_field_x(fd)->default_span, "explicit default values are not allowed in proto3");
		if (fd->type == PC_TYPE_GROUP && !fd->is_map)
			pc_resolve_error(r, fd->type_span, "groups are not supported in proto3 syntax");
		if (fd->enum_type && fd->enum_type->features.enum_type == ENUM_CLOSED_VALUE && m)
			pc_resolve_error(r, fd->type_span,
					 "enum type \"%s\" is not a proto3 enum, but is used in \"%s\" which is a proto3 "
					 "message type",
					 cstr(a, fd->enum_type->full_name), cstr(a, m->full_name));
	}
	if (fd->is_map)
		check_map_entry(r, fd);
	if (fd->is_extension && fd->has_json_name)
		pc_resolve_error(r, keyword_before(r, pc_field_x(fd)->json_name_span, "json_name"),
				 "option json_name is not allowed on extension fields");
	if (fd->is_extension && fd->label == PC_LABEL_REQUIRED)
		pc_resolve_error(r, fd->type_span, "the extension \"%s\" cannot be required", cstr(a, fd->full_name));
	if (fd->opts.has_packed && fd->opts.packed && (fd->label != PC_LABEL_REPEATED || !pc_features_packable(fd->type)))
		pc_resolve_error(r, fd->type_span, "[packed = true] can only be specified for repeated primitive fields");
	if (fd->opts.has_lazy && fd->opts.lazy && fd->type != PC_TYPE_MESSAGE && fd->type != PC_TYPE_GROUP)
		pc_resolve_error(r, fd->type_span, "[lazy = true] can only be specified for submessage fields");
	if (fd->is_extension && pc_field_x(fd)->extendee_msg && fd->number > 0) {
		PcMessage *ext = pc_field_x(fd)->extendee_msg;
		PcField *prev;
		if (!in_ranges(&ext->ext_ranges, fd->number, false, NULL))
			pc_resolve_error(r, fd->number_span, "\"%s\" does not declare %d as an extension number",
					 cstr(a, ext->full_name), fd->number);
		else if ((prev = ext_claim(r->tab, a, fd)) != NULL)
			pc_resolve_error(r, fd->number_span,
					 "extension number %d has already been used in \"%s\" by extension \"%s\"", fd->number,
					 cstr(a, ext->full_name), cstr(a, prev->full_name));
		if (is_proto3(f) && !(ext->file && ext->file->name.len &&
				      pc_str_eq_c(ext->file->name, "google/protobuf/descriptor.proto")))
			pc_resolve_error(r, pc_field_x(fd)->extend_span, "extensions in proto3 are only allowed for defining options");
	}
}

static void check_message(PcResolver *r, PcMessage *m)
{
	PcArena *a = r->s->arena;
	NumSet nums;
	numset_init(&nums, m->fields.len, &r->scratch);
	check_ranges(r, m);
	uint64_t v;
	/* MessageOptions.message_set_wire_format is field 1. */
	if (is_proto3(r->file) && pc_options_get_varint(&m->opts, 1, &v) && v)
		pc_resolve_error(r, m->name_span, "MessageSet is not supported in proto3");
	if (is_proto3(r->file) && m->ext_ranges.len)
		pc_resolve_error(r, PC_VEC_AT(m->ext_ranges, PcRange, 0).start_span, "extension ranges are not allowed in proto3");
	RangeIndex reserved, exts;
	range_index_init(&reserved, &m->reserved_ranges, false, &r->scratch);
	range_index_init(&exts, &m->ext_ranges, false, &r->scratch);
	NameSet rnames;
	nameset_init(&rnames, &m->reserved_names, &r->scratch);
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		check_field(r, fd, m);
		uint32_t old;
		if (fd->number > 0 && numset_put(&nums, fd->number, i, &old))
			pc_resolve_error(r, fd->number_span, "field number %d has already been used in \"%s\" by field \"%s\"",
					 fd->number, cstr(a, m->full_name),
					 cstr(a, PC_VEC_AT(m->fields, PcField *, old)->name));
		const PcRange *hit;
		if (range_index_has(&reserved, fd->number, &hit))
			pc_resolve_error(r, fd->number_span, "field \"%s\" uses reserved number %d", cstr(a, fd->name),
					 fd->number);
		if (range_index_has(&exts, fd->number, &hit))
			pc_resolve_error(r, hit->start_span, "extension range %d to %d includes field \"%s\" (%d)",
					 hit->start, hit->end - 1, cstr(a, fd->name), fd->number);
		if (nameset_has(&rnames, fd->name))
			pc_resolve_error(r, fd->name_span, "field name \"%s\" is reserved", cstr(a, fd->name));
	}
	if (is_proto3(r->file))
		check_json_conflicts(r, m);
	else if (r->file->syntax == PC_SYNTAX_EDITIONS && m->features.json_format == 1 && !m->is_map_entry)
		check_json_names_unique(r, m);
	for (uint32_t i = 0; i < m->extensions.len; i++)
		check_field(r, PC_VEC_AT(m->extensions, PcField *, i), NULL);
	for (uint32_t i = 0; i < m->nested.len; i++)
		check_message(r, PC_VEC_AT(m->nested, PcMessage *, i));
}

/* Whether the enum sets allow_alias = true: from the option list as written, or from
 * the encoded options of an enum read from a descriptor set. */
static bool enum_allows_alias(const PcEnum *e)
{
	for (uint32_t i = 0; i < e->opts.list.len; i++) {
		const PcOption *o = &PC_VEC_AT(e->opts.list, PcOption, i);
		if (o->parts.len == 1 && !PC_VEC_AT(o->parts, PcOptionNamePart, 0).is_extension &&
		    pc_str_eq_c(PC_VEC_AT(o->parts, PcOptionNamePart, 0).name, "allow_alias"))
			return o->value.kind == PC_VAL_IDENT && pc_str_eq_c(o->value.s, "true");
	}
	uint64_t v;
	/* EnumOptions.allow_alias is field 2. */
	return pc_options_get_varint(&e->opts, 2, &v) && v != 0;
}

/* protoc's PrefixRemover: drops a leading copy of the enum's name (compared without
 * case and underscores) and the underscores after it, unless nothing would remain. */
static PcStr strip_enum_prefix(PcStr enum_name, PcStr value)
{
	size_t i = 0, j = 0;
	while (j < enum_name.len) {
		if (enum_name.ptr[j] == '_') {
			j++;
			continue;
		}
		while (i < value.len && value.ptr[i] == '_')
			i++;
		if (i >= value.len || tolower((unsigned char)value.ptr[i]) != tolower((unsigned char)enum_name.ptr[j]))
			return value;
		i++;
		j++;
	}
	while (i < value.len && value.ptr[i] == '_')
		i++;
	return i < value.len ? pc_str_sub(value, i, value.len - i) : value;
}

/* protoc's EnumValueToPascalCase. */
static PcStr pascal_case(PcArena *a, PcStr s)
{
	char *p = pc_arena_alloc(a, s.len + 1);
	size_t n = 0;
	bool up = true;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];
		if (c == '_') {
			up = true;
			continue;
		}
		p[n++] = (char)(up ? toupper((unsigned char)c) : tolower((unsigned char)c));
		up = false;
	}
	return (PcStr){p, n};
}

/* Values whose names agree once the enum-name prefix, case and underscores are
 * ignored collide in generated code and JSON: an error in proto3, a warning in proto2
 * (as protoc 3.21). Same-number aliases are allowed. */
static void check_enum_value_names(PcResolver *r, PcEnum *e)
{
	PcArena *a = &r->scratch; /* tables and keys are temporary */
	if (r->file->syntax == PC_SYNTAX_EDITIONS)
		return;
	uint32_t cap = 16;
	while (cap < e->values.len * 2 + 2)
		cap *= 2;
	PcEnumValue **slots = PC_NEW_ARRAY(a, PcEnumValue *, cap);
	PcStr *keys = PC_NEW_ARRAY(a, PcStr, cap);
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		PcStr k = pascal_case(a, strip_enum_prefix(e->name, v->name));
		uint32_t h = pc_str_hash(k) & (cap - 1);
		while (slots[h] && !pc_str_eq(keys[h], k))
			h = (h + 1) & (cap - 1);
		if (!slots[h]) {
			slots[h] = v;
			keys[h] = k;
			continue;
		}
		PcEnumValue *old = slots[h];
		if (pc_str_eq(old->name, v->name) || old->number == v->number)
			continue;
		const char *msg = "enum value \"%s\" has the same name as \"%s\" if you ignore case and strip out "
				  "the enum name prefix; this is error-prone, so avoid it (aliases must share the number)";
		if (r->file->syntax == PC_SYNTAX_PROTO2)
			pc_resolve_warning(r, v->name_span, msg, cstr(a, v->name), cstr(a, old->name));
		else
			pc_resolve_error(r, v->name_span, msg, cstr(a, v->name), cstr(a, old->name));
	}
}

static void check_enum(PcResolver *r, PcEnum *e)
{
	PcArena *a = r->s->arena;
	if (e->values.len == 0) {
		pc_resolve_error(r, e->name_span, "enums must contain at least one value");
		return;
	}
	PcEnumValue *first = PC_VEC_AT(e->values, PcEnumValue *, 0);
	bool open = e->features.enum_type == 1;
	if (is_proto3(r->file) && first->number != 0)
		pc_resolve_error(r, first->number_span, "the first enum value must be zero in proto3");
	else if (r->file->syntax == PC_SYNTAX_EDITIONS && open && first->number != 0)
		pc_resolve_error(r, first->number_span, "the first enum value must be zero for open enums");
	check_enum_value_names(r, e);
	bool alias = enum_allows_alias(e), any_alias = false;
	NumSet nums;
	numset_init(&nums, e->values.len, &r->scratch);
	RangeIndex reserved;
	range_index_init(&reserved, &e->reserved_ranges, true, &r->scratch);
	NameSet rnames;
	nameset_init(&rnames, &e->reserved_names, &r->scratch);
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		uint32_t old;
		if (numset_put(&nums, v->number, i, &old)) {
			any_alias = true;
			if (!alias)
				pc_resolve_error(r, v->number_span,
						 "\"%s\" uses the same enum value as \"%s\"; set \"option allow_alias = true;\" "
						 "on the enum if this is intended",
						 cstr(a, v->full_name), cstr(a, PC_VEC_AT(e->values, PcEnumValue *, old)->full_name));
		}
		if (range_index_has(&reserved, v->number, NULL))
			pc_resolve_error(r, v->number_span, "enum value \"%s\" uses reserved number %d", cstr(a, v->name),
					 v->number);
		if (nameset_has(&rnames, v->name))
			pc_resolve_error(r, v->name_span, "enum value name \"%s\" is reserved", cstr(a, v->name));
	}
	if (alias && !any_alias && e->opts.list.len)
		pc_resolve_error(r, e->name_span,
				 "enum \"%s\" declares \"allow_alias = true\" but has no aliases; remove the option",
				 cstr(a, e->full_name));
	report_reserved_name_repeats(r, &e->reserved_names, "enum value \"%s\" is reserved multiple times", e->name_span);
	static const PcVec none;
	bool overlaps = any_overlap(&e->reserved_ranges, &none, true, &r->scratch);
	for (uint32_t i = 0; i < e->reserved_ranges.len; i++) {
		PcRange *x = &PC_VEC_AT(e->reserved_ranges, PcRange, i);
		if (x->end < x->start)
			pc_resolve_error(r, x->start_span, "reserved range end number must not be smaller than start number");
		for (uint32_t j = 0; overlaps && j < i; j++) {
			PcRange *y = &PC_VEC_AT(e->reserved_ranges, PcRange, j);
			if (x->start <= y->end && y->start <= x->end)
				pc_resolve_error(r, x->start_span,
						 "reserved range %d to %d overlaps with already-defined range %d to %d",
						 x->start, x->end, y->start, y->end);
		}
	}
}

static void finish_message(PcResolver *r, PcMessage *m)
{
	for (uint32_t i = 0; i < m->fields.len; i++)
		finish_field(r, PC_VEC_AT(m->fields, PcField *, i));
	for (uint32_t i = 0; i < m->extensions.len; i++)
		finish_field(r, PC_VEC_AT(m->extensions, PcField *, i));
	for (uint32_t i = 0; i < m->nested.len; i++)
		finish_message(r, PC_VEC_AT(m->nested, PcMessage *, i));
}

static void check_enums_in(PcResolver *r, PcMessage *m)
{
	for (uint32_t i = 0; i < m->enums.len; i++)
		check_enum(r, PC_VEC_AT(m->enums, PcEnum *, i));
	for (uint32_t i = 0; i < m->nested.len; i++)
		check_enums_in(r, PC_VEC_AT(m->nested, PcMessage *, i));
}

/* ---- editions ---- */

enum { PRESENCE_EXPLICIT = 1, PRESENCE_IMPLICIT = 2, PRESENCE_LEGACY_REQUIRED = 3, ENUM_CLOSED = 2 };

/* The option statement `name` set on an element, if written. */
static const PcOption *find_option(const PcOptions *o, const char *name)
{
	for (uint32_t i = 0; i < o->list.len; i++) {
		const PcOption *opt = &PC_VEC_AT(o->list, PcOption, i);
		const PcOptionNamePart *p0 = &PC_VEC_AT(opt->parts, PcOptionNamePart, 0);
		if (!p0->is_extension && pc_str_eq_c(p0->name, name))
			return opt;
	}
	return NULL;
}

/* A feature set to its *_UNKNOWN value (0): protoc 36 wants every feature to resolve
 * to a known value. */
static void check_known_features(PcResolver *r, const PcOptions *o, PcSpan sp)
{
	static const char *const names[] = {
		NULL, "field_presence", "enum_type", "repeated_field_encoding", "utf8_validation",
		"message_encoding", "json_format", "enforce_naming_style", "default_symbol_visibility",
		"enforce_proto_limits",
	};
	static const char *const unknown[] = {
		NULL, "FIELD_PRESENCE_UNKNOWN", "ENUM_TYPE_UNKNOWN", "REPEATED_FIELD_ENCODING_UNKNOWN",
		"UTF8_VALIDATION_UNKNOWN", "MESSAGE_ENCODING_UNKNOWN", "JSON_FORMAT_UNKNOWN",
		"ENFORCE_NAMING_STYLE_UNKNOWN", "DEFAULT_SYMBOL_VISIBILITY_UNKNOWN", "PROTO_LIMITS_UNKNOWN",
	};
	_Static_assert(sizeof names / sizeof names[0] == sizeof unknown / sizeof unknown[0], "feature names");
	uint8_t n = o->unknown_feature;
	if (n && n < sizeof names / sizeof names[0])
		pc_resolve_error(r, sp, "feature \"%s\" must resolve to a known value, not %s", names[n], unknown[n]);
}

static void check_editions_field(PcResolver *r, PcField *fd)
{
	PcArena *a = r->s->arena;
	if (r->file->syntax != PC_SYNTAX_EDITIONS)
		return;
	/* protoc 36 reports these at the field's name. The key and value of a map entry
	 * carry copies of the map field's features and are judged through it. */
	if (fd->parent && fd->parent->is_map_entry)
		return;
	const PcOption *packed = find_option(&fd->opts, "packed");
	if (packed)
		pc_resolve_error(r, fd->name_span,
				 "option \"packed\" is not allowed in editions; use features.repeated_field_encoding");
	if (fd->opts.ctype >= 0 && r->file->edition >= PC_EDITION_2024)
		pc_resolve_error(r, fd->type_span,
				 "option \"ctype\" is not allowed in edition 2024 and later; use features.(pb.cpp).string_type");
	const PcFeatures *x = &fd->opts.explicit_features;
	uint8_t presence = x->field_presence;
	bool is_msg = fd->type == PC_TYPE_MESSAGE || fd->type == PC_TYPE_GROUP;
	if (presence) {
		if (fd->label == PC_LABEL_REPEATED)
			pc_resolve_error(r, fd->name_span, "only singular fields can specify field presence");
		else if (fd->is_extension)
			pc_resolve_error(r, fd->name_span, "extensions cannot specify field presence");
		else if (fd->oneof_index >= 0)
			pc_resolve_error(r, fd->name_span, "oneof fields cannot specify field presence");
		else if (is_msg && presence == PRESENCE_IMPLICIT)
			pc_resolve_error(r, fd->name_span, "message fields cannot have implicit presence");
	}
	const PcMessage *entry = fd->is_map ? fd->group_type : NULL;
	bool stringy = fd->type == PC_TYPE_STRING;
	for (uint32_t i = 0; entry && i < entry->fields.len; i++)
		stringy = stringy || PC_VEC_AT(entry->fields, PcField *, i)->type == PC_TYPE_STRING;
	if (x->utf8_validation && !stringy)
		pc_resolve_error(r, fd->name_span, "only string fields can specify utf8 validation");
	if (x->repeated_field_encoding && fd->label != PC_LABEL_REPEATED)
		pc_resolve_error(r, fd->name_span, "only repeated fields can specify repeated field encoding");
	else if (x->repeated_field_encoding == 1 && (entry || !pc_features_packable(fd->type)))
		pc_resolve_error(r, fd->name_span, "only repeated scalar fields can be PACKED");
	if (x->message_encoding && (!is_msg || entry))
		pc_resolve_error(r, fd->name_span, "only message fields can specify message encoding");
	check_known_features(r, &fd->opts, fd->name_span);
	if (fd->enum_type && fd->enum_type->features.enum_type == ENUM_CLOSED && fd->label != PC_LABEL_REPEATED &&
	    fd->features.field_presence == PRESENCE_IMPLICIT)
		pc_resolve_error(r, fd->name_span, "closed enum \"%s\" cannot be used in an implicit-presence field",
				 cstr(a, fd->enum_type->full_name));
	if (fd->has_default && fd->features.field_presence == PRESENCE_IMPLICIT)
		pc_resolve_error(r, pc_field_x(fd)->default_span, "implicit-presence fields cannot specify defaults");
}

/* Edition 2024 export/local: whether another file may use a message or enum. */
static bool exported(const PcFile *f, PcVisibility v, bool top_level)
{
	if (f->syntax != PC_SYNTAX_EDITIONS || f->edition < PC_EDITION_2024)
		return true;
	if (v == PC_VIS_EXPORT)
		return true;
	if (v == PC_VIS_LOCAL)
		return false;
	switch (f->features.default_symbol_visibility) {
	case 1: /* EXPORT_ALL */
		return true;
	case 2: /* EXPORT_TOP_LEVEL */
		return top_level;
	default: /* LOCAL_ALL, STRICT */
		return false;
	}
}

static void check_type_visible(PcResolver *r, PcMessage *m, PcEnum *e, PcSpan sp)
{
	PcArena *a = r->s->arena;
	if (m && m->file != r->file && !exported(m->file, m->visibility, m->parent == NULL))
		pc_resolve_error(r, sp, "message \"%s\" is not exported by \"%s\" and cannot be used here",
				 cstr(a, m->full_name), cstr(a, m->file->name));
	if (e && e->file != r->file && !exported(e->file, e->visibility, e->parent == NULL))
		pc_resolve_error(r, sp, "enum \"%s\" is not exported by \"%s\" and cannot be used here",
				 cstr(a, e->full_name), cstr(a, e->file->name));
}

/* The same for an extension's extendee, whose span (read from the source) is only
 * worked out for the error. */
static void check_extendee_visible(PcResolver *r, const PcField *fd)
{
	const PcMessage *m = pc_field_x(fd)->extendee_msg;
	if (m && m->file != r->file && !exported(m->file, m->visibility, m->parent == NULL))
		check_type_visible(r, pc_field_x(fd)->extendee_msg, NULL, extendee_span(r, fd));
}

static bool is_pascal(PcStr s)
{
	if (!s.len || !isupper((unsigned char)s.ptr[0]))
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!isalnum((unsigned char)s.ptr[i]))
			return false;
	return true;
}

static bool is_snake(PcStr s, bool upper)
{
	if (!s.len || !(upper ? isupper((unsigned char)s.ptr[0]) : islower((unsigned char)s.ptr[0])))
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (!(isdigit(c) || c == '_' || (upper ? isupper(c) : islower(c))))
			return false;
	}
	return true;
}

/* protoc 36's 2024 style: in a snake_case name every '_' is followed by a letter
 * (no digit, no second '_', not at the end). */
static bool bad_underscores(PcStr s)
{
	for (size_t i = 0; i < s.len; i++)
		if (s.ptr[i] == '_' && (i + 1 == s.len || !isalpha((unsigned char)s.ptr[i + 1])))
			return true;
	return false;
}

/* STYLE2024 or STYLE2026 (which protoc 36 checks with the same rules). */
static bool style2024(const PcFeatures *f)
{
	return f->enforce_naming_style == 1 || f->enforce_naming_style == 3;
}

static void check_names_field(PcResolver *r, PcField *fd)
{
	if (style2024(&fd->features) && !is_snake(fd->name, false))
		pc_resolve_error(r, fd->name_span, "field name \"%s\" should be snake_case", cstr(r->s->arena, fd->name));
	else if (style2024(&fd->features) && bad_underscores(fd->name))
		pc_resolve_error(r, fd->name_span, "field name \"%s\" has an underscore not followed by a letter",
				 cstr(r->s->arena, fd->name));
}

static void check_names_enum(PcResolver *r, PcEnum *e)
{
	PcArena *a = r->s->arena;
	check_known_features(r, &e->opts, e->name_span);
	for (uint32_t i = 0; i < e->values.len; i++)
		check_known_features(r, &PC_VEC_AT(e->values, PcEnumValue *, i)->opts,
				     PC_VEC_AT(e->values, PcEnumValue *, i)->name_span);
	if (style2024(&e->features) && !is_pascal(e->name))
		pc_resolve_error(r, e->name_span, "enum name \"%s\" should be PascalCase", cstr(a, e->name));
	for (uint32_t i = 0; i < e->values.len; i++) {
		PcEnumValue *v = PC_VEC_AT(e->values, PcEnumValue *, i);
		if (style2024(&v->features) && !is_snake(v->name, true))
			pc_resolve_error(r, v->name_span, "enum value name \"%s\" should be UPPER_SNAKE_CASE", cstr(a, v->name));
		else if (style2024(&v->features) && bad_underscores(v->name))
			pc_resolve_error(r, v->name_span, "enum value name \"%s\" has an underscore not followed by a letter",
					 cstr(a, v->name));
	}
}

/* Reference checks and 2024 naming, which need features and every file linked. */
/* Whether m has a field or oneof named name. */
static bool has_member(PcResolver *r, const PcMessage *m, PcStr name)
{
	void *elem;
	PcSymKind k = pc_resolve_find_any(r, join_name(r->s->arena, m->full_name, name), &elem);
	return k == PC_SYM_FIELD || k == PC_SYM_ONEOF;
}

/* STYLE2026 (protoc 36): a member named like the accessors generated for another one
 * (has_x, clear_x, set_x, get_x, x_value next to x) would collide with them. */
static void check_accessor_names(PcResolver *r, const PcMessage *m, PcStr name, PcSpan sp, const char *what)
{
	static const char *const prefixes[] = {"has_", "clear_", "set_", "get_"};
	PcArena *a = r->s->arena;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t n = strlen(prefixes[i]);
		if (name.len > n && memcmp(name.ptr, prefixes[i], n) == 0 &&
		    has_member(r, m, pc_str_sub(name, n, name.len - n))) {
			pc_resolve_error(r, sp, "%s name \"%s\" begins with \"%s\" while a field named \"%s\" exists; "
					 "generated code would collide", what, cstr(a, name), prefixes[i],
					 cstr(a, pc_str_sub(name, n, name.len - n)));
			return;
		}
	}
	if (name.len > 6 && memcmp(name.ptr + name.len - 6, "_value", 6) == 0 &&
	    has_member(r, m, pc_str_sub(name, 0, name.len - 6)))
		pc_resolve_error(r, sp, "%s name \"%s\" ends with \"_value\" while a field named \"%s\" exists; "
				 "generated code would collide", what, cstr(a, name), cstr(a, pc_str_sub(name, 0, name.len - 6)));
}

/* STRICT visibility: nested types cannot be exported, except an enum nested in a
 * message that reserves every field number (protoc 36's documented exception). */
static void check_strict_export(PcResolver *r, const PcMessage *parent, PcVisibility v, PcStr full_name,
				PcSpan sp, bool is_enum)
{
	if (!parent || v != PC_VIS_EXPORT || r->file->features.default_symbol_visibility != 4)
		return;
	bool all_reserved = false;
	for (uint32_t i = 0; is_enum && i < parent->reserved_ranges.len; i++) {
		const PcRange *rg = &PC_VEC_AT(parent->reserved_ranges, PcRange, i);
		all_reserved = all_reserved || (rg->start <= 1 && rg->end >= 536870912);
	}
	if (!all_reserved)
		pc_resolve_error(r, sp, "nested %s \"%s\" cannot be exported under STRICT default_symbol_visibility; "
				 "move it to the top level", is_enum ? "enum" : "message", cstr(r->s->arena, full_name));
}

static void check_message_editions(PcResolver *r, PcMessage *m)
{
	PcArena *a = r->s->arena;
	check_known_features(r, &m->opts, m->name_span);
	check_strict_export(r, m->parent, m->visibility, m->full_name, m->name_span, false);
	for (uint32_t i = 0; i < m->enums.len; i++) {
		PcEnum *e = PC_VEC_AT(m->enums, PcEnum *, i);
		check_strict_export(r, m, e->visibility, e->full_name, e->name_span, true);
	}
	if (style2024(&m->features) && !m->is_map_entry && !is_pascal(m->name))
		pc_resolve_error(r, m->name_span, "message name \"%s\" should be PascalCase", cstr(a, m->name));
	for (uint32_t i = 0; i < m->oneofs.len; i++) {
		PcOneof *o = PC_VEC_AT(m->oneofs, PcOneof *, i);
		PcFeatures of = m->features;
		if (o->opts.explicit_features.enforce_naming_style)
			of.enforce_naming_style = o->opts.explicit_features.enforce_naming_style;
		if (style2024(&of) && !o->synthetic && !is_snake(o->name, false))
			pc_resolve_error(r, o->name_span, "oneof name \"%s\" should be snake_case", cstr(a, o->name));
		else if (style2024(&of) && !o->synthetic && bad_underscores(o->name))
			pc_resolve_error(r, o->name_span, "oneof name \"%s\" has an underscore not followed by a letter",
					 cstr(a, o->name));
		else if (of.enforce_naming_style == 3 && !o->synthetic)
			check_accessor_names(r, m, o->name, o->name_span, "oneof");
	}
	for (uint32_t i = 0; i < m->fields.len; i++) {
		PcField *fd = PC_VEC_AT(m->fields, PcField *, i);
		check_editions_field(r, fd);
		check_type_visible(r, fd->msg_type, fd->enum_type, fd->type_span);
		if (!m->is_map_entry)
			check_names_field(r, fd);
		if (!m->is_map_entry && fd->features.enforce_naming_style == 3)
			check_accessor_names(r, m, fd->name, fd->name_span, "field");
	}
	for (uint32_t i = 0; i < m->extensions.len; i++) {
		PcField *fd = PC_VEC_AT(m->extensions, PcField *, i);
		check_editions_field(r, fd);
		check_type_visible(r, fd->msg_type, fd->enum_type, fd->type_span);
		check_extendee_visible(r, fd);
		check_names_field(r, fd);
	}
	for (uint32_t i = 0; i < m->nested.len; i++)
		check_message_editions(r, PC_VEC_AT(m->nested, PcMessage *, i));
	for (uint32_t i = 0; i < m->enums.len; i++)
		check_names_enum(r, PC_VEC_AT(m->enums, PcEnum *, i));
}

static void check_file_editions(PcResolver *r)
{
	PcFile *f = r->file;
	PcArena *a = r->s->arena;
	/* protoc 36 reports the file's own feature errors at its first byte. */
	PcSpan file_start = {0, 0, 0, 0};
	check_known_features(r, &f->opts, file_start);
	if (f->opts.explicit_features.field_presence == PRESENCE_LEGACY_REQUIRED)
		pc_resolve_error(r, file_start, "field_presence = LEGACY_REQUIRED cannot be a file's default");
	for (uint32_t i = 0; i < f->messages.len; i++)
		check_message_editions(r, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->enums.len; i++)
		check_names_enum(r, PC_VEC_AT(f->enums, PcEnum *, i));
	for (uint32_t i = 0; i < f->extensions.len; i++) {
		PcField *fd = PC_VEC_AT(f->extensions, PcField *, i);
		check_editions_field(r, fd);
		check_type_visible(r, fd->msg_type, fd->enum_type, fd->type_span);
		check_extendee_visible(r, fd);
		check_names_field(r, fd);
	}
	if (style2024(&f->features)) {
		bool ok = true;
		for (size_t i = 0, start = 0; i <= f->package.len; i++)
			if (i == f->package.len || f->package.ptr[i] == '.') {
				ok = ok && is_snake(pc_str_sub(f->package, start, i - start), false);
				start = i + 1;
			}
		bool bad = false;
		for (size_t i = 0, start = 0; i <= f->package.len; i++)
			if (i == f->package.len || f->package.ptr[i] == '.') {
				bad = bad || bad_underscores(pc_str_sub(f->package, start, i - start));
				start = i + 1;
			}
		if (f->package.len && !ok)
			pc_resolve_error(r, f->package_span, "package name \"%s\" should be lower_snake_case", cstr(a, f->package));
		else if (f->package.len && bad)
			pc_resolve_error(r, f->package_span, "package name \"%s\" has an underscore not followed by a letter",
					 cstr(a, f->package));
	}
	for (uint32_t i = 0; i < f->services.len; i++) {
		PcService *sv = PC_VEC_AT(f->services, PcService *, i);
		if (style2024(&sv->features) && !is_pascal(sv->name))
			pc_resolve_error(r, sv->name_span, "service name \"%s\" should be PascalCase", cstr(a, sv->name));
		for (uint32_t j = 0; j < sv->methods.len; j++) {
			PcMethod *m = PC_VEC_AT(sv->methods, PcMethod *, j);
			if (style2024(&sv->features) && !is_pascal(m->name))
				pc_resolve_error(r, m->name_span, "method name \"%s\" should be PascalCase", cstr(a, m->name));
			check_type_visible(r, m->input_msg, NULL, m->input_span);
			check_type_visible(r, m->output_msg, NULL, m->output_span);
		}
	}
}

/* protoc: a file that is not LITE_RUNTIME cannot import one that is. */
static void check_lite_imports(PcResolver *r)
{
	PcFile *f = r->file;
	uint64_t mode;
	enum { OPTIMIZE_FOR = 9, LITE_RUNTIME = 3 };
	bool lite = pc_options_get_varint(&f->opts, OPTIMIZE_FOR, &mode) && mode == LITE_RUNTIME;
	if (lite)
		return;
	for (uint32_t i = 0; i < f->imports.len; i++) {
		PcImport *imp = &PC_VEC_AT(f->imports, PcImport, i);
		if (imp->file && pc_options_get_varint(&imp->file->opts, OPTIMIZE_FOR, &mode) && mode == LITE_RUNTIME)
			pc_resolve_error(r, imp->span,
					 "files that do not use optimize_for = LITE_RUNTIME cannot import files which do; "
					 "this file is not lite, but it imports \"%s\" which is",
					 cstr(r->s->arena, imp->file->name));
	}
}

static void check_file(PcResolver *r)
{
	PcFile *f = r->file;
	check_lite_imports(r);
	check_file_editions(r);
	for (uint32_t i = 0; i < f->messages.len; i++) {
		PcMessage *m = PC_VEC_AT(f->messages, PcMessage *, i);
		check_message(r, m);
		check_enums_in(r, m);
	}
	for (uint32_t i = 0; i < f->enums.len; i++)
		check_enum(r, PC_VEC_AT(f->enums, PcEnum *, i));
	for (uint32_t i = 0; i < f->extensions.len; i++)
		check_field(r, PC_VEC_AT(f->extensions, PcField *, i), NULL);
}

static void finish_file(PcResolver *r)
{
	PcFile *f = r->file;
	for (uint32_t i = 0; i < f->messages.len; i++)
		finish_message(r, PC_VEC_AT(f->messages, PcMessage *, i));
	for (uint32_t i = 0; i < f->extensions.len; i++)
		finish_field(r, PC_VEC_AT(f->extensions, PcField *, i));
}

/* ---- driver ---- */

static PcFile *find_descriptor(PcSchema *s)
{
	for (uint32_t i = 0; i < s->files.len; i++) {
		PcFile *f = PC_VEC_AT(s->files, PcFile *, i);
		if (pc_str_eq_c(f->name, "google/protobuf/descriptor.proto"))
			return f;
	}
	const char *name = "google/protobuf/descriptor.proto";
	const PcEmbeddedFile *e = pc_wkt_find(name, strlen(name));
	if (!e)
		return NULL;
	PcSource *src = PC_NEW(s->arena, PcSource);
	pc_source_init_bytes(src, name, name, e->data, e->len, s->arena);
	PcFile *f = pc_parse_file(src, s->diags, s->arena);
	f->src = src;
	f->name = pc_str(name);
	f->path = name;
	f->is_builtin = true;
	return f;
}

int pc_schema_resolve(PcSchema *s)
{
	int errors_before = s->diags->errors;
	PcSymtab *tab = PC_NEW(s->arena, PcSymtab);
	s->symbols = tab;
	PcResolver r = {.s = s, .tab = tab};
	pc_arena_init(&r.scratch);
	tab->descriptor = r.descriptor = find_descriptor(s);
	bool hidden = r.descriptor != NULL;
	for (uint32_t i = 0; i < s->files.len && hidden; i++)
		if (PC_VEC_AT(s->files, PcFile *, i) == r.descriptor)
			hidden = false;
	if (hidden)
		*PC_VEC_PUSH(&tab->all, PcFile *, s->arena) = r.descriptor;
	for (uint32_t i = 0; i < s->files.len; i++)
		*PC_VEC_PUSH(&tab->all, PcFile *, s->arena) = PC_VEC_AT(s->files, PcFile *, i);

	uint32_t nsyms = 0;
	for (uint32_t i = 0; i < tab->all.len; i++)
		nsyms += count_file_symbols(PC_VEC_AT(tab->all, PcFile *, i));
	tab_reserve(tab, s->arena, nsyms);
	for (uint32_t i = 0; i < tab->all.len; i++) {
		set_file(&r, PC_VEC_AT(tab->all, PcFile *, i));
		register_file(&r);
	}
	for (uint32_t i = 0; i < tab->all.len; i++) {
		set_file(&r, PC_VEC_AT(tab->all, PcFile *, i));
		link_file(&r);
	}
	for (uint32_t i = 0; i < tab->all.len; i++) {
		set_file(&r, PC_VEC_AT(tab->all, PcFile *, i));
		finish_file(&r);
		pc_options_interpret_file(&r);
		pc_features_resolve_file(r.file);
		check_file(&r);
	}
	pc_arena_release(&r.scratch);
	return s->diags->errors - errors_before;
}
