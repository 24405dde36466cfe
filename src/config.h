/* Configuration: the `breaking:` section of a buf.yaml (v1beta1, v1, v2) or of our own
 * protocompat.yaml, read with libyaml, and the filters it implies (ignored paths,
 * per-rule ignored paths, unstable packages). Everything lives in the arena given to
 * pc_config_load(); errors are recorded as `file:line:col: error: ...` diagnostics. */
#ifndef PC_CONFIG_H
#define PC_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "match.h"
#include "rules.h"

/* One `ignore_only` entry: a rule ID or category and the paths it is ignored under. */
typedef struct PcIgnoreOnly {
	PcStr id;
	PcVec paths;             /* of PcStr, normalized, relative to the module root */
	int line, col;           /* of the key, for "unknown rule" errors */
} PcIgnoreOnly;

/* One `ignore_patterns` entry: a compiled PCRE2 pattern over element full names. */
typedef struct PcIgnorePattern {
	PcStr pattern;
	PcRegex *re;
	int line, col;
} PcIgnorePattern;

/* A name written in `use` / `except`, with its place for error messages. */
typedef struct PcConfigName {
	PcStr name;
	int line, col;
} PcConfigName;

typedef struct PcConfig PcConfig;

/* A module a configuration lists: a v2 `modules` entry or a buf.work.yaml directory. */
typedef struct PcConfigModule {
	const char *path;        /* normalized, relative to the configuration's directory; "." for it */
	PcVec excludes;          /* of PcStr: normalized, relative to the configuration's directory */
	PcConfig *breaking;      /* the entry's own `breaking` section; NULL: the top level's */
	int line, col;           /* of the entry's path */
} PcConfigModule;

struct PcConfig {
	const char *path;        /* the file read; NULL when there was none */
	bool is_buf;             /* a buf.yaml (our own keys are rejected there) */
	bool is_work;            /* a buf.work.yaml: only `directories` (in modules) */
	bool explicit_version;   /* false: no file at all, buf's v1 defaults */
	PcStr version;           /* "v1beta1", "v1" or "v2" */
	PcVec modules;           /* of PcConfigModule: v2 `modules`, buf.work.yaml `directories`;
				  * empty: the configuration's directory is the one module */
	PcVec roots;             /* of PcStr: v1beta1 `build.roots` of the one module; empty: "." */
	PcVec excludes;          /* of PcStr: v1beta1 / v1 `build.excludes`, relative to the
				  * configuration's directory */
	bool has_use, has_except;
	PcVec use, except;       /* of PcConfigName */
	PcVec ignore;            /* of PcStr, normalized relative paths (files or directories) */
	PcVec ignore_only;       /* of PcIgnoreOnly */
	bool ignore_unstable_packages;
	bool disable_builtin;    /* v2 `disable_builtin: true`: no rule of the built-in catalog runs */
	uint32_t directions;     /* PC_DIR_*; 0 when not set (protocompat.yaml `direction`) */
	uint32_t audiences;      /* PC_AUD_BIT set; 0 when not set (protocompat.yaml `audiences`) */
	bool renames;            /* protocompat.yaml `renames: true` (--renames) */
	bool deprecate_before_delete; /* `deprecate_before_delete: true` */
	bool has_wire;           /* protocompat.yaml `wire` was given */
	PcWireMode wire;         /* `wire: buf | exact` */
	bool profile_confluent;  /* protocompat.yaml `profile: confluent` (docs/confluent.md) */
	bool has_profile;        /* `profile` was written (buf or confluent) */
	PcVec rules;             /* of const char *: extra rule files, relative to the config's directory */
	PcVec ignore_patterns;   /* of PcIgnorePattern (protocompat.yaml `ignore_patterns`) */
	PcSeverity fail_on;      /* the least severity that fails the run (`fail_on`): PC_SEV_ERROR
				  * (default) or PC_SEV_WARNING */
};

/* No configuration file: buf's defaults then, which are v1's (use [FILE] of the v1
 * catalog, nothing ignored). */
void pc_config_init(PcConfig *c);

/* Reads the file. Its kind follows its name: a file named buf.yaml (or buf.yml) is read
 * as buf reads it (unknown keys are errors); anything else as protocompat.yaml, which
 * adds `direction`, `rules`, `ignore_patterns` and `fail_on` and makes `version` optional. Returns 0, or 2 on an I/O
 * or format error (recorded in diags). */
int pc_config_load(PcConfig *c, const char *path, PcArena *a, PcDiags *diags);
/* The same over bytes already in memory; path names them in diagnostics. */
int pc_config_parse(PcConfig *c, const char *path, const char *data, size_t len, PcArena *a, PcDiags *diags);

/* The configuration file that applies to a module root: protocompat.yaml, else
 * buf.yaml, in dir. Returns an arena copy of its path, or NULL when neither name
 * exists; a directory or a dangling link of that name is returned too (loading it is
 * then an error). */
const char *pc_config_find(const char *dir, PcArena *a);

/* A copy of c for the module at module_path ("." or a path relative to c's directory):
 * `ignore` and `ignore_only` paths, which v2 writes relative to the workspace, become
 * relative to the module (paths outside it are dropped). v1beta1 / v1 paths are
 * relative to the module already and stay. */
PcConfig *pc_config_for_module(const PcConfig *c, const char *module_path, PcArena *a);

/* True when path (normalized, relative) is prefix or lies below it. */
bool pc_path_covers(const char *prefix, const char *path);

/* Checks that every `ignore_only` key names a rule or category of rs, and adds entries
 * for the rules a deprecated ID stands for. Returns 0 or 2. */
int pc_config_resolve_rules(PcConfig *c, const PcRuleSet *rs, PcArena *a, PcDiags *diags);

/* True when the configuration silences this rule for a finding located in the module
 * file new_name (NULL: none) or stemming from the OLD file old_name (NULL: none):
 * `ignore` and `ignore_only` cover a path and everything below it, as in buf. */
bool pc_config_ignores_path(const PcConfig *c, const PcRule *rule, const char *new_name, const char *old_name);

/* The name ignore_patterns see for one side of a change: the element's full name
 * without a leading dot (an enum value's is its enum's full name, a dot and its name;
 * a file's is its package); empty when that side has no element. */
PcStr pc_change_subject(const PcChange *ch, bool old_side, PcArena *a);

/* True when an `ignore_patterns` entry matches the full name of the change's element
 * in NEW or in OLD. */
bool pc_config_ignores_change(const PcConfig *c, const PcChange *ch, PcArena *a);

/* Compiles the `ignore_patterns` again in arena a. PCRE2 may allocate while matching,
 * from the arena a pattern was compiled in: a configuration read on a loading thread
 * (whose arena is then handed over and gone) gets its patterns moved to the arena
 * the matching runs with. */
void pc_config_compile_patterns(PcConfig *c, PcArena *a);

/* True when findings of this severity fail the run (exit 1) under `fail_on`. */
bool pc_config_fails(const PcConfig *c, PcSeverity severity);

/* buf's unstable packages: the last component is a version with an alpha, beta or test
 * suffix (v1alpha1, v1beta, v1p1beta2, v1test, v1testfoo; not v1alpha0, v1p1test, nor a
 * package of one component such as `v1beta1`). */
bool pc_package_is_unstable(PcStr package);

#endif
