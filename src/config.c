/* Configuration files. libyaml's document API loads the whole file into a node tree
 * (these files are tiny), which we walk once, copying what we keep into the arena and
 * checking keys and types as buf does: a buf.yaml with an unknown key or a value of the
 * wrong shape is an error, reported at the node's line and column. Only the `breaking`
 * section (top level, or of a v2 `modules` entry) matters here; the other sections buf
 * knows are accepted and skipped. Paths are normalized ("a/./b/../c" -> "a/c") so that
 * matching a file against `ignore` is a prefix test on path components. Our own keys
 * (protocompat.yaml only) follow the same scheme; `ignore_patterns` are compiled while
 * reading, through match.h, so a bad pattern is reported at its line and column. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "source.h"

typedef struct Reader {
	PcConfig *c;
	yaml_document_t *doc;
	const char *data; /* the file's bytes, to see what libyaml's nodes do not keep */
	size_t len;
	const char *path;
	PcArena *a;
	PcDiags *diags;
	int errors;
} Reader;

void pc_config_init(PcConfig *c)
{
	memset(c, 0, sizeof *c);
	c->version = PC_STR_LIT("v1");
	c->fail_on = PC_SEV_ERROR;
}

static void error_at(Reader *r, const yaml_node_t *n, const char *fmt, const char *arg)
{
	int line = n ? (int)n->start_mark.line + 1 : 0, col = n ? (int)n->start_mark.column + 1 : 0;
	pc_diag_add(r->diags, PC_SEV_ERROR, r->path, line, col, (PcStr){0}, fmt, arg);
	r->errors++;
}

static yaml_node_t *node(Reader *r, int id)
{
	return yaml_document_get_node(r->doc, id);
}

static bool is_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE;
}

static PcStr scalar(Reader *r, const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	return (PcStr){pc_arena_strndup(r->a, s, len), len};
}

static bool key_is(const yaml_node_t *k, const char *name)
{
	return is_scalar(k) && strlen(name) == k->data.scalar.length &&
	       memcmp(k->data.scalar.value, name, k->data.scalar.length) == 0;
}

/* "a/./b//c/../d/" -> "a/b/d"; NULL when the path is absolute or leaves the root.
 * (scalars are NUL-terminated arena copies) */
static const char *normalize(PcArena *a, PcStr p, bool *absolute)
{
	*absolute = p.len > 0 && p.ptr[0] == '/';
	return *absolute ? NULL : pc_path_clean_relative(a, p.ptr);
}

/* A list of strings; a missing or null value is an empty list. */
static bool read_names(Reader *r, const yaml_node_t *v, const char *key, PcVec *out)
{
	if (is_scalar(v) && v->data.scalar.length == 0 && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return true;
	if (!v || v->type != YAML_SEQUENCE_NODE) {
		error_at(r, v, "\"%s\" must be a list of strings", key);
		return false;
	}
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *item = node(r, *it);
		if (!is_scalar(item)) {
			error_at(r, item, "\"%s\" must be a list of strings", key);
			return false;
		}
		PcConfigName *cn = PC_VEC_PUSH(out, PcConfigName, r->a);
		cn->name = scalar(r, item);
		cn->line = (int)item->start_mark.line + 1;
		cn->col = (int)item->start_mark.column + 1;
	}
	return true;
}

static bool read_paths(Reader *r, const yaml_node_t *v, const char *key, PcVec *out)
{
	PcVec names = {0};
	if (!read_names(r, v, key, &names))
		return false;
	for (uint32_t i = 0; i < names.len; i++) {
		PcConfigName *cn = &PC_VEC_AT(names, PcConfigName, i);
		bool absolute;
		const char *p = normalize(r->a, cn->name, &absolute);
		if (!p || !*p) {
			char *name = pc_arena_strndup(r->a, cn->name.ptr, cn->name.len);
			pc_diag_add(r->diags, PC_SEV_ERROR, r->path, cn->line, cn->col, (PcStr){0},
				    absolute ? "path \"%s\" must be relative to the module root"
					     : "path \"%s\" is not inside the module root",
				    name);
			r->errors++;
			return false;
		}
		*PC_VEC_PUSH(out, PcStr, r->a) = pc_str(p);
	}
	return true;
}

static bool scalar_in(const yaml_node_t *v, const char *const *words)
{
	for (; *words; words++)
		if (key_is(v, *words))
			return true;
	return false;
}

/* The tag written in the file before the value ("!!bool" of "!!bool true"), past an
 * anchor; empty when there is none or it is the non-specific "!". libyaml gives an
 * untagged scalar the tag !!str, so only the source tells `true` from `!!str true`. */
static PcStr written_tag(const Reader *r, const yaml_node_t *v)
{
	size_t i = v->start_mark.index;
	if (i < r->len && r->data[i] == '&')
		while (i < r->len && r->data[i] != ' ' && r->data[i] != '\t' && r->data[i] != '\n')
			i++;
	while (i < r->len && (r->data[i] == ' ' || r->data[i] == '\t'))
		i++;
	size_t start = i;
	if (i >= r->len || r->data[i] != '!')
		return (PcStr){0};
	while (i < r->len && r->data[i] != ' ' && r->data[i] != '\t' && r->data[i] != '\n')
		i++;
	if (i - start == 1)
		return (PcStr){0};
	return (PcStr){r->data + start, i - start};
}

/* A boolean as buf reads one (Go's yaml.v3 decoding into a bool): true/True/TRUE and
 * false/False/FALSE; the YAML 1.1 words y/yes/on and n/no/off in lower, capitalized and
 * upper case, also quoted (yaml.v3 accepts those only from strings, so a quoted "true" is
 * an error but 'yes' is not); null (empty, ~, null) leaves it false. Numbers, other
 * strings, lists and mappings are errors. */
static bool read_bool(Reader *r, const yaml_node_t *v, const char *key, bool *out)
{
	static const char *const true_words[] = {"true", "True", "TRUE", NULL};
	static const char *const false_words[] = {"false", "False", "FALSE", NULL};
	static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
	static const char *const yes_words[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", NULL};
	static const char *const no_words[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF", NULL};
	if (is_scalar(v)) {
		PcStr tag = written_tag(r, v);
		bool plain = v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		bool as_bool = tag.len ? pc_str_eq_c(tag, "!!bool") : plain;
		bool as_string = !tag.len || pc_str_eq_c(tag, "!!str");
		bool as_null = tag.len ? pc_str_eq_c(tag, "!!null") : plain && scalar_in(v, null_words);
		if (as_bool && scalar_in(v, true_words)) {
			*out = true;
			return true;
		}
		if (as_bool && scalar_in(v, false_words)) {
			*out = false;
			return true;
		}
		if (as_null) {
			*out = false;
			return true;
		}
		if (as_string && scalar_in(v, yes_words)) {
			*out = true;
			return true;
		}
		if (as_string && scalar_in(v, no_words)) {
			*out = false;
			return true;
		}
	}
	error_at(r, v, "\"%s\" must be a boolean (true, false, yes, no, on, off, y, n)", key);
	return false;
}

static void read_ignore_only(Reader *r, const yaml_node_t *v)
{
	if (is_scalar(v) && v->data.scalar.length == 0)
		return;
	if (!v || v->type != YAML_MAPPING_NODE) {
		error_at(r, v, "\"%s\" must map rule IDs or categories to lists of paths", "ignore_only");
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(r, p->key);
		if (!is_scalar(k)) {
			error_at(r, k, "\"%s\" keys must be rule IDs or categories", "ignore_only");
			return;
		}
		PcIgnoreOnly *io = PC_VEC_PUSH(&r->c->ignore_only, PcIgnoreOnly, r->a);
		io->id = scalar(r, k);
		io->line = (int)k->start_mark.line + 1;
		io->col = (int)k->start_mark.column + 1;
		if (!read_paths(r, node(r, p->value), "ignore_only", &io->paths))
			return;
	}
}

static bool read_direction(Reader *r, const yaml_node_t *v)
{
	if (key_is(v, "backward"))
		r->c->directions = PC_DIR_BACKWARD;
	else if (key_is(v, "forward"))
		r->c->directions = PC_DIR_FORWARD;
	else if (key_is(v, "full"))
		r->c->directions = PC_DIR_BOTH;
	else {
		error_at(r, v, "\"%s\" must be backward, forward or full", "direction");
		return false;
	}
	return true;
}

/* profile: buf (the catalog) or confluent (Confluent Schema Registry's checker). */
static bool read_profile(Reader *r, const yaml_node_t *v)
{
	if (!key_is(v, "buf") && !key_is(v, "confluent")) {
		error_at(r, v, "\"%s\" must be buf or confluent", "profile");
		return false;
	}
	r->c->profile_confluent = key_is(v, "confluent");
	r->c->has_profile = true;
	return true;
}

/* audiences: a list of wire, json, source. */
static bool read_audiences(Reader *r, const yaml_node_t *v)
{
	PcVec names = {0};
	if (!read_names(r, v, "audiences", &names))
		return false;
	r->c->audiences = 0;
	for (uint32_t i = 0; i < names.len; i++) {
		PcConfigName *cn = &PC_VEC_AT(names, PcConfigName, i);
		uint32_t bit = pc_audiences_parse(cn->name);
		if (!bit) {
			char *name = pc_arena_strndup(r->a, cn->name.ptr, cn->name.len);
			pc_diag_add(r->diags, PC_SEV_ERROR, r->path, cn->line, cn->col, (PcStr){0},
				    "unknown audience \"%s\" (wire, json or source)", name);
			r->errors++;
			return false;
		}
		r->c->audiences |= bit;
	}
	if (!r->c->audiences) {
		error_at(r, v, "\"%s\" must name at least one of wire, json, source", "audiences");
		return false;
	}
	return true;
}

/* wire: buf | exact (--wire). */
static bool read_wire(Reader *r, const yaml_node_t *v)
{
	if (!is_scalar(v) || !pc_wire_mode_parse((PcStr){(const char *)v->data.scalar.value, v->data.scalar.length},
						  &r->c->wire)) {
		error_at(r, v, "\"%s\" must be buf or exact", "wire");
		return false;
	}
	r->c->has_wire = true;
	return true;
}

/* Each pattern is compiled now, so a bad one is reported at its place in the file. */
static bool read_patterns(Reader *r, const yaml_node_t *v)
{
	PcVec names = {0};
	if (!read_names(r, v, "ignore_patterns", &names))
		return false;
	for (uint32_t i = 0; i < names.len; i++) {
		const PcConfigName *cn = &PC_VEC_AT(names, PcConfigName, i);
		const char *err = NULL;
		size_t off = 0;
		PcRegex *re = pc_regex_compile(cn->name, r->a, &err, &off);
		if (!re) {
			pc_diag_add(r->diags, PC_SEV_ERROR, r->path, cn->line, cn->col, (PcStr){0},
				    "bad regular expression \"%s\" in \"ignore_patterns\": %s at offset %zu",
				    cn->name.ptr, err, off);
			r->errors++;
			return false;
		}
		PcIgnorePattern *ip = PC_VEC_PUSH(&r->c->ignore_patterns, PcIgnorePattern, r->a);
		*ip = (PcIgnorePattern){cn->name, re, cn->line, cn->col};
	}
	return true;
}

static bool read_fail_on(Reader *r, const yaml_node_t *v)
{
	if (key_is(v, "error"))
		r->c->fail_on = PC_SEV_ERROR;
	else if (key_is(v, "warning"))
		r->c->fail_on = PC_SEV_WARNING;
	else {
		error_at(r, v, "\"%s\" must be error or warning", "fail_on");
		return false;
	}
	return true;
}

/* The `breaking:` mapping. A later section (a module's) replaces an earlier one. */
static void read_breaking(Reader *r, const yaml_node_t *m)
{
	PcConfig *c = r->c;
	if (is_scalar(m) && m->data.scalar.length == 0)
		return;
	if (m->type != YAML_MAPPING_NODE) {
		error_at(r, m, "\"%s\" must be a mapping", "breaking");
		return;
	}
	c->has_use = c->has_except = false;
	c->use = c->except = c->ignore = c->ignore_only = (PcVec){0};
	c->ignore_unstable_packages = false;
	c->disable_builtin = false;
	c->ignore_patterns = (PcVec){0};
	c->fail_on = PC_SEV_ERROR;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
		bool ok = true;
		if (key_is(k, "use")) {
			c->has_use = true;
			ok = read_names(r, v, "use", &c->use);
		} else if (key_is(k, "except")) {
			c->has_except = true;
			ok = read_names(r, v, "except", &c->except);
		} else if (key_is(k, "ignore")) {
			ok = read_paths(r, v, "ignore", &c->ignore);
		} else if (key_is(k, "ignore_only")) {
			read_ignore_only(r, v);
		} else if (key_is(k, "ignore_unstable_packages")) {
			ok = read_bool(r, v, "ignore_unstable_packages", &c->ignore_unstable_packages);
		} else if (key_is(k, "disable_builtin") && pc_str_eq_c(c->version, "v2")) {
			/* buf's switch for plugin-only setups: only rule files' rules run */
			ok = read_bool(r, v, "disable_builtin", &c->disable_builtin);
		} else if (key_is(k, "direction") && !c->is_buf) {
			ok = read_direction(r, v);
		} else if (key_is(k, "audiences") && !c->is_buf) {
			ok = read_audiences(r, v);
		} else if (key_is(k, "wire") && !c->is_buf) {
			ok = read_wire(r, v);
		} else if (key_is(k, "renames") && !c->is_buf) {
			ok = read_bool(r, v, "renames", &c->renames);
		} else if (key_is(k, "deprecate_before_delete") && !c->is_buf) {
			ok = read_bool(r, v, "deprecate_before_delete", &c->deprecate_before_delete);
		} else if (key_is(k, "profile") && !c->is_buf) {
			ok = read_profile(r, v);
		} else if (key_is(k, "rules") && !c->is_buf) {
			PcVec names = {0};
			ok = read_names(r, v, "rules", &names);
			for (uint32_t i = 0; ok && i < names.len; i++) {
				PcStr n = PC_VEC_AT(names, PcConfigName, i).name;
				*PC_VEC_PUSH(&c->rules, const char *, r->a) = n.ptr;
			}
		} else if (key_is(k, "ignore_patterns") && !c->is_buf) {
			ok = read_patterns(r, v);
		} else if (key_is(k, "fail_on") && !c->is_buf) {
			ok = read_fail_on(r, v);
		} else {
			error_at(r, k, "unknown key \"%s\" in \"breaking\"",
				 is_scalar(k) ? scalar(r, k).ptr : "?");
			ok = false;
		}
		if (!ok)
			return;
	}
}

/* One relative path, normalized; "." for the directory itself. */
static const char *read_rel_path(Reader *r, const yaml_node_t *v, const char *key)
{
	if (!is_scalar(v)) {
		error_at(r, v, "\"%s\" must be a string", key);
		return NULL;
	}
	bool absolute;
	const char *p = normalize(r->a, scalar(r, v), &absolute);
	if (!p) {
		error_at(r, v, absolute ? "path \"%s\" must be relative" : "path \"%s\" leaves the directory of the configuration",
			 scalar(r, v).ptr);
		return NULL;
	}
	return *p ? p : ".";
}

/* A module's own `breaking` replaces the top level's: read it into a copy. */
static PcConfig *read_module_breaking(Reader *r, const yaml_node_t *v)
{
	PcConfig *top = r->c, *own = PC_NEW(r->a, PcConfig);
	*own = *top;
	own->modules = own->roots = own->excludes = (PcVec){0};
	r->c = own;
	read_breaking(r, v);
	r->c = top;
	return own;
}

/* v2 `modules:` entries: a path, excludes (relative to the workspace, inside the
 * module) and an optional `breaking` of their own. */
static void read_modules(Reader *r, const yaml_node_t *v)
{
	if (!v || v->type != YAML_SEQUENCE_NODE) {
		error_at(r, v, "\"%s\" must be a list", "modules");
		return;
	}
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *m = node(r, *it);
		if (!m || m->type != YAML_MAPPING_NODE) {
			error_at(r, m, "\"%s\" entries must be mappings", "modules");
			return;
		}
		PcConfigModule *mod = PC_VEC_PUSH(&r->c->modules, PcConfigModule, r->a);
		memset(mod, 0, sizeof *mod);
		mod->line = (int)m->start_mark.line + 1;
		mod->col = (int)m->start_mark.column + 1;
		for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
			yaml_node_t *k = node(r, p->key), *val = node(r, p->value);
			if (key_is(k, "breaking"))
				mod->breaking = read_module_breaking(r, val);
			else if (key_is(k, "path"))
				mod->path = read_rel_path(r, val, "path");
			else if (key_is(k, "excludes"))
				read_paths(r, val, "excludes", &mod->excludes);
			else if (!key_is(k, "name") && !key_is(k, "lint"))
				error_at(r, k, "unknown key \"%s\" in \"modules\"",
					 is_scalar(k) ? scalar(r, k).ptr : "?");
			if (r->errors)
				return;
		}
		if (!mod->path) {
			error_at(r, m, "%s", "a module needs a \"path\"");
			return;
		}
	}
}

/* v1beta1 `build: {roots, excludes}`, v1 `build: {excludes}`. */
static void read_build(Reader *r, const yaml_node_t *v)
{
	if (is_scalar(v) && v->data.scalar.length == 0)
		return;
	if (!v || v->type != YAML_MAPPING_NODE) {
		error_at(r, v, "\"%s\" must be a mapping", "build");
		return;
	}
	bool beta = pc_str_eq_c(r->c->version, "v1beta1");
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(r, p->key), *val = node(r, p->value);
		if (key_is(k, "roots") && beta)
			read_paths(r, val, "roots", &r->c->roots);
		else if (key_is(k, "excludes"))
			read_paths(r, val, "excludes", &r->c->excludes);
		else
			error_at(r, k, "unknown key \"%s\" in \"build\"", is_scalar(k) ? scalar(r, k).ptr : "?");
		if (r->errors)
			return;
	}
}

/* buf.work.yaml: `version: v1` and `directories`, each a module of its own. */
static void read_directories(Reader *r, const yaml_node_t *v)
{
	if (!v || v->type != YAML_SEQUENCE_NODE) {
		error_at(r, v, "\"%s\" must be a list of strings", "directories");
		return;
	}
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *d = node(r, *it);
		const char *path = read_rel_path(r, d, "directories");
		if (!path)
			return;
		PcConfigModule *mod = PC_VEC_PUSH(&r->c->modules, PcConfigModule, r->a);
		memset(mod, 0, sizeof *mod);
		mod->path = path;
		mod->line = (int)d->start_mark.line + 1;
		mod->col = (int)d->start_mark.column + 1;
	}
}

static bool known_top_key(const PcConfig *c, const yaml_node_t *k)
{
	static const char *const common[] = {"name", "deps", "lint"};
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (key_is(k, common[i]))
			return true;
	if (pc_str_eq_c(c->version, "v2"))
		return key_is(k, "plugins") || key_is(k, "policies");
	return false;
}

static void read_root(Reader *r, const yaml_node_t *root)
{
	PcConfig *c = r->c;
	if (!root || (is_scalar(root) && root->data.scalar.length == 0)) {
		if (c->is_buf)
			error_at(r, root, "%s", "\"version\" is not set (add \"version: v2\")");
		return;
	}
	if (root->type != YAML_MAPPING_NODE) {
		error_at(r, root, "%s", "the configuration must be a mapping");
		return;
	}
	/* The version decides which keys exist, so read it first. */
	const yaml_node_t *version = NULL;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++)
		if (key_is(node(r, p->key), "version"))
			version = node(r, p->value);
	if (version) {
		if (key_is(version, "v1beta1") || key_is(version, "v1") || key_is(version, "v2")) {
			c->version = scalar(r, version);
		} else {
			error_at(r, version, "unknown version \"%s\" (expected v1beta1, v1 or v2)",
				 is_scalar(version) ? scalar(r, version).ptr : "?");
			return;
		}
	} else if (c->is_buf) {
		error_at(r, root, "%s", "\"version\" is not set (add \"version: v2\")");
		return;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
		if (key_is(k, "version"))
			continue;
		if (c->is_work) {
			if (key_is(k, "directories"))
				read_directories(r, v);
			else
				error_at(r, k, "unknown key \"%s\"", is_scalar(k) ? scalar(r, k).ptr : "?");
		} else if (known_top_key(c, k))
			continue;
		else if (key_is(k, "build") && !pc_str_eq_c(c->version, "v2"))
			read_build(r, v);
		else if (key_is(k, "breaking"))
			read_breaking(r, v);
		else if (key_is(k, "modules") && pc_str_eq_c(c->version, "v2"))
			read_modules(r, v);
		else
			error_at(r, k, "unknown key \"%s\"", is_scalar(k) ? scalar(r, k).ptr : "?");
		if (r->errors)
			return;
	}
}

static const char *base_name(const char *path)
{
	const char *base = strrchr(path, '/');
	return base ? base + 1 : path;
}

/* buf.yaml, buf.yml, and "--config": configuration data given on the command line
 * (pc_workspace_find names it so), which buf reads as a buf.yaml. */
static bool is_buf_name(const char *path)
{
	const char *base = base_name(path);
	return strcmp(base, "buf.yaml") == 0 || strcmp(base, "buf.yml") == 0 || strcmp(base, "--config") == 0;
}

static bool is_work_name(const char *path)
{
	const char *base = base_name(path);
	return strcmp(base, "buf.work.yaml") == 0 || strcmp(base, "buf.work.yml") == 0;
}

int pc_config_parse(PcConfig *c, const char *path, const char *data, size_t len, PcArena *a, PcDiags *diags)
{
	pc_config_init(c);
	c->path = pc_arena_strndup(a, path, strlen(path));
	c->is_work = is_work_name(path);
	c->is_buf = is_buf_name(path) || c->is_work;
	c->explicit_version = true;
	c->version = PC_STR_LIT("v2"); /* protocompat.yaml's default; buf's files name theirs */
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_mark_t m = parser.problem_mark;
		pc_diag_add(diags, PC_SEV_ERROR, c->path, (int)m.line + 1, (int)m.column + 1, (PcStr){0},
			    "%s%s%s", parser.problem ? parser.problem : "invalid YAML",
			    parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return 2;
	}
	Reader r = {.c = c, .doc = &doc, .data = data, .len = len, .path = c->path, .a = a, .diags = diags};
	read_root(&r, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return r.errors ? 2 : 0;
}

int pc_config_load(PcConfig *c, const char *path, PcArena *a, PcDiags *diags)
{
	PcSource src;
	int err = pc_source_load(&src, path, path, a);
	if (err) {
		pc_config_init(c);
		struct stat st;
		char target[4096];
		ssize_t n;
		if (err == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
		    (n = readlink(path, target, sizeof target - 1)) >= 0) {
			target[n] = '\0';
			pc_diag_add(diags, PC_SEV_ERROR, path, 0, 0, (PcStr){0},
				    "cannot read \"%s\": it is a symbolic link to \"%s\", which does not exist",
				    path, target);
		} else if (err == EISDIR || err == EINVAL) {
			/* pc_source_load gives EINVAL for what is not a regular file (a FIFO, a socket). */
			pc_diag_add(diags, PC_SEV_ERROR, path, 0, 0, (PcStr){0},
				    err == EISDIR ? "cannot read \"%s\": it is a directory, not a configuration file"
						  : "cannot read \"%s\": it is not a regular file",
				    path);
		} else {
			pc_diag_add(diags, PC_SEV_ERROR, path, 0, 0, (PcStr){0}, "cannot read \"%s\": %s", path,
				    strerror(err));
		}
		return 2;
	}
	return pc_config_parse(c, path, src.data, src.len, a, diags);
}

const char *pc_config_find(const char *dir, PcArena *a)
{
	static const char *const names[] = {"protocompat.yaml", "buf.yaml"};
	size_t dl = strlen(dir);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t nl = strlen(names[i]);
		char *p = pc_arena_alloc(a, dl + nl + 2);
		memcpy(p, dir, dl);
		p[dl] = '/';
		memcpy(p + dl + 1, names[i], nl + 1);
		/* Whatever holds the name is the configuration: a directory or a dangling
		 * link there is an error when it is read, never silently skipped. */
		struct stat st;
		if (lstat(p, &st) == 0)
			return p;
	}
	return NULL;
}

static bool is_category(PcStr id, uint32_t *bit)
{
	*bit = pc_category_parse(id);
	return *bit != 0;
}

int pc_config_resolve_rules(PcConfig *c, const PcRuleSet *rs, PcArena *a, PcDiags *diags)
{
	int status = 0;
	uint32_t n = c->ignore_only.len;
	for (uint32_t i = 0; i < n; i++) {
		PcIgnoreOnly *io = &PC_VEC_AT(c->ignore_only, PcIgnoreOnly, i);
		uint32_t bit;
		if (is_category(io->id, &bit))
			continue;
		const PcRule *rule = pc_ruleset_find(rs, io->id);
		if (rule) {
			/* A deprecated ID stands for the rules that replaced it. */
			for (uint32_t j = 0; j < rule->replaced_by.len; j++) {
				PcIgnoreOnly copy = PC_VEC_AT(c->ignore_only, PcIgnoreOnly, i);
				copy.id = PC_VEC_AT(rule->replaced_by, PcStr, j);
				*PC_VEC_PUSH(&c->ignore_only, PcIgnoreOnly, a) = copy;
			}
			continue;
		}
		pc_diag_add(diags, PC_SEV_ERROR, c->path, io->line, io->col, (PcStr){0},
			    "\"%.*s\" is not a known rule or category ID%s", (int)io->id.len, io->id.ptr,
			    pc_ruleset_did_you_mean(rs, io->id, true));
		status = 2;
	}
	return status;
}

/* True when name is prefix or lies below it ("a" covers "a/x.proto", not "ab.proto"). */
static bool covers(PcStr prefix, const char *name)
{
	if (prefix.len == 0)
		return true; /* a module's whole directory (pc_config_for_module) */
	size_t n = strlen(name);
	if (prefix.len > n || memcmp(prefix.ptr, name, prefix.len) != 0)
		return false;
	return n == prefix.len || name[prefix.len] == '/';
}

bool pc_path_covers(const char *prefix, const char *path)
{
	if (strcmp(prefix, ".") == 0)
		return true;
	return covers(pc_str(prefix), path);
}

/* paths (of PcStr, relative to the workspace) as seen from module_path: those inside it,
 * with the module's path taken off. */
static PcVec paths_in_module(const PcVec *paths, const char *module_path, PcArena *a)
{
	PcVec out = {0};
	size_t ml = strlen(module_path);
	for (uint32_t i = 0; i < paths->len; i++) {
		PcStr p = PC_VEC_AT(*paths, PcStr, i);
		if (!covers(p, module_path) && covers(pc_str(module_path), p.ptr)) {
			if (p.len > ml)
				*PC_VEC_PUSH(&out, PcStr, a) = pc_str_sub(p, ml + 1, p.len - ml - 1);
		} else if (covers(p, module_path)) {
			/* the whole module */
			*PC_VEC_PUSH(&out, PcStr, a) = PC_STR_LIT("");
		}
	}
	return out;
}

PcConfig *pc_config_for_module(const PcConfig *c, const char *module_path, PcArena *a)
{
	PcConfig *m = PC_NEW(a, PcConfig);
	*m = *c;
	m->modules = (PcVec){0};
	if (!pc_str_eq_c(c->version, "v2") || strcmp(module_path, ".") == 0)
		return m;
	m->ignore = paths_in_module(&c->ignore, module_path, a);
	m->ignore_only = (PcVec){0};
	for (uint32_t i = 0; i < c->ignore_only.len; i++) {
		PcIgnoreOnly io = PC_VEC_AT(c->ignore_only, PcIgnoreOnly, i);
		io.paths = paths_in_module(&io.paths, module_path, a);
		*PC_VEC_PUSH(&m->ignore_only, PcIgnoreOnly, a) = io;
	}
	return m;
}

static bool any_covers(const PcVec *paths, const char *new_name, const char *old_name)
{
	for (uint32_t i = 0; i < paths->len; i++) {
		PcStr p = PC_VEC_AT(*paths, PcStr, i);
		if ((new_name && covers(p, new_name)) || (old_name && covers(p, old_name)))
			return true;
	}
	return false;
}

/* The rule an ignore_only key names: its ID or a category it belongs to. */
static bool names_rule(PcStr id, const PcRule *rule)
{
	uint32_t bit;
	if (is_category(id, &bit))
		return (rule->categories & bit) != 0;
	return pc_str_eq(id, rule->id);
}

bool pc_config_ignores_path(const PcConfig *c, const PcRule *rule, const char *new_name, const char *old_name)
{
	if (any_covers(&c->ignore, new_name, old_name))
		return true;
	for (uint32_t i = 0; i < c->ignore_only.len; i++) {
		const PcIgnoreOnly *io = &PC_VEC_AT(c->ignore_only, PcIgnoreOnly, i);
		if (names_rule(io->id, rule) && any_covers(&io->paths, new_name, old_name))
			return true;
	}
	return false;
}

static PcStr elem_name(PcElemKind kind, const void *e, PcArena *a)
{
	if (!e)
		return (PcStr){0};
	switch (kind) {
	case PC_ELEM_NONE:
		return (PcStr){0};
	case PC_ELEM_FILE:
		return ((const PcFile *)e)->package;
	case PC_ELEM_MESSAGE:
		return ((const PcMessage *)e)->full_name;
	case PC_ELEM_FIELD:
		return ((const PcField *)e)->full_name;
	case PC_ELEM_ONEOF:
		return ((const PcOneof *)e)->full_name;
	case PC_ELEM_ENUM:
		return ((const PcEnum *)e)->full_name;
	case PC_ELEM_ENUM_VALUE: {
		/* protobuf scopes a value beside its enum; users think of it inside. */
		const PcEnumValue *v = e;
		if (!v->parent)
			return v->full_name;
		PcStr en = v->parent->full_name;
		char *s = pc_arena_alloc(a, en.len + v->name.len + 2);
		memcpy(s, en.ptr, en.len);
		s[en.len] = '.';
		memcpy(s + en.len + 1, v->name.ptr, v->name.len);
		s[en.len + 1 + v->name.len] = '\0';
		return (PcStr){s, en.len + 1 + v->name.len};
	}
	case PC_ELEM_SERVICE:
		return ((const PcService *)e)->full_name;
	case PC_ELEM_METHOD:
		return ((const PcMethod *)e)->full_name;
	}
	return (PcStr){0};
}

PcStr pc_change_subject(const PcChange *ch, bool old_side, PcArena *a)
{
	if (ch->kind == PC_CHANGE_PACKAGE_DELETED)
		return old_side ? ch->package : (PcStr){0};
	PcStr s = elem_name(ch->elem, old_side ? ch->old_elem : ch->new_elem, a);
	if (s.len && s.ptr[0] == '.')
		s = pc_str_sub(s, 1, s.len - 1);
	return s;
}

bool pc_config_ignores_change(const PcConfig *c, const PcChange *ch, PcArena *a)
{
	if (!c->ignore_patterns.len)
		return false;
	PcStr names[2] = {pc_change_subject(ch, false, a), pc_change_subject(ch, true, a)};
	for (uint32_t i = 0; i < c->ignore_patterns.len; i++) {
		const PcIgnorePattern *ip = &PC_VEC_AT(c->ignore_patterns, PcIgnorePattern, i);
		for (int s = 0; s < 2; s++)
			if (names[s].ptr && pc_regex_match(ip->re, names[s]))
				return true;
	}
	return false;
}

void pc_config_compile_patterns(PcConfig *c, PcArena *a)
{
	for (uint32_t i = 0; i < c->ignore_patterns.len; i++) {
		PcIgnorePattern *ip = &PC_VEC_AT(c->ignore_patterns, PcIgnorePattern, i);
		const char *err = NULL;
		size_t off = 0;
		PcRegex *re = pc_regex_compile(ip->pattern, a, &err, &off);
		if (re) /* (it compiled once already) */
			ip->re = re;
	}
}

bool pc_config_fails(const PcConfig *c, PcSeverity severity)
{
	switch (severity) {
	case PC_SEV_ERROR:
		return true;
	case PC_SEV_WARNING:
		return c->fail_on == PC_SEV_WARNING;
	case PC_SEV_NOTE:
		return false;
	}
	return false;
}

/* Digits with a value of at least 1 that fits an int32, as buf parses versions. */
static bool version_number(PcStr s, size_t *i)
{
	size_t start = *i;
	uint64_t v = 0;
	while (*i < s.len && s.ptr[*i] >= '0' && s.ptr[*i] <= '9') {
		v = v * 10 + (uint64_t)(s.ptr[*i] - '0');
		if (v > 0x7fffffff)
			return false;
		(*i)++;
	}
	return *i > start && v >= 1;
}

static bool has_word(PcStr s, size_t *i, const char *w)
{
	size_t n = strlen(w);
	if (s.len - *i < n || memcmp(s.ptr + *i, w, n) != 0)
		return false;
	*i += n;
	return true;
}

bool pc_package_is_unstable(PcStr package)
{
	size_t dot = package.len;
	while (dot > 0 && package.ptr[dot - 1] != '.')
		dot--;
	if (dot == 0)
		return false; /* buf: a version needs a package in front of it */
	PcStr last = pc_str_sub(package, dot, package.len - dot);
	size_t i = 0;
	if (!has_word(last, &i, "v") || !version_number(last, &i))
		return false;
	bool patch = false;
	if (has_word(last, &i, "p")) {
		if (!version_number(last, &i))
			return false;
		patch = true;
	}
	if (!patch && has_word(last, &i, "test"))
		return true; /* anything may follow "test" */
	if (!has_word(last, &i, "alpha") && !has_word(last, &i, "beta"))
		return false;
	return i == last.len || (version_number(last, &i) && i == last.len);
}
