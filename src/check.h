/* The check pipeline as one call: load OLD and NEW, load the rule catalog and the
 * user's rule files, read the configuration (protocompat.yaml / buf.yaml in NEW's root
 * unless one is named), choose the rules, diff, evaluate, apply the configuration's
 * filters and the in-source suppressions. main.c and the tests both run checks through
 * it, so what a test verifies is what the command does. Everything lives in the arena
 * passed in; diagnostics go to the PcDiags passed in. */
#ifndef PC_CHECK_H
#define PC_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "input.h"
#include "rules.h"

/* Which checker decides: buf's catalog (rules/ of buf's IDs), or a reproduction of
 * Confluent Schema Registry's protobuf checker (src/confluent.h, rules/confluent.yaml). */
typedef enum PcProfile { PC_PROFILE_UNSET, PC_PROFILE_BUF, PC_PROFILE_CONFLUENT } PcProfile;

typedef struct PcCheckOptions {
	const char *old_arg, *new_arg;      /* as written on the command line */
	const char *const *includes;        /* -I paths, for both sides */
	uint32_t nincludes;
	const char *const *old_includes, *const *new_includes; /* one side's own -I paths, searched after */
	uint32_t nold_includes, nnew_includes;
	const char *config;                 /* --config, or NULL to look in NEW's root */
	const char *against_config;         /* --against-config, or NULL to look in OLD's root */
	const char *const *paths;           /* --path: check only files below these (relative
					     * to NEW's directory, so to either workspace) */
	uint32_t npaths;
	const char *const *exclude_paths;   /* --exclude-path: files below these are not checked */
	uint32_t nexclude_paths;
	bool limit_to_input_files;          /* OLD's files only where NEW has one of that name */
	const char *const *rule_files;      /* --rules files */
	uint32_t nrule_files;
	const PcStr *use, *except;          /* --use / --except names; replace the config's */
	uint32_t nuse, nexcept;
	bool has_use, has_except;
	uint32_t directions;                /* PC_DIR_*; 0: the config's, else both */
	uint32_t audiences;                 /* PC_AUD_BIT set; 0: the config's, else all */
	bool has_wire;                      /* --wire given: wire replaces the config's */
	PcWireMode wire;
	bool exclude_imports;
	bool renames;                       /* --renames: or the config's `renames` */
	bool deprecated_deletes;            /* --deprecate-before-delete: or the config's */
	uint32_t jobs;                      /* threads: 0 one per core; 1 everything in turn */
	uint64_t max_file_size;             /* per .proto file; 0: PC_DEFAULT_MAX_FILE_SIZE */
	PcProfile profile;                  /* UNSET: the config's `profile`, else buf */
	bool all_changes;                   /* the diff lists additions and option changes too
					     * (`changes`); else only what an enabled rule reads */
	bool comments;                      /* ...and comment changes (reads source info) */
	bool incremental;                   /* two git inputs: load and compare only the files
					     * whose findings can differ (src/incremental.h);
					     * false: the full check */
	bool no_cache;                      /* --no-cache: neither read nor write the cache */
	const char *cache_dir;              /* NULL: $XDG_CACHE_HOME/protocompat */
} PcCheckOptions;

typedef struct PcCheckResult {
	PcInput old_in, new_in;
	PcRuleSet rules;
	PcConfig config;
	PcChangeList changes;               /* every change the diff listed */
	PcVec findings;                     /* of PcFinding, after filters and suppressions */
	PcVec suppressed;                   /* of PcFinding, silenced in the source */
	PcDiags warnings;                   /* suppression warnings (never change the status) */
} PcCheckResult;

/* Runs a check. Returns 0 when findings were computed (then the caller decides with
 * pc_check_fails), 2 for usage / configuration / rule-file / I/O errors, 3 when an
 * input failed to parse or link. */
int pc_check_run(const PcCheckOptions *o, PcCheckResult *r, PcArena *a, PcDiags *d);

/* The compiled-in catalog plus rule files. Returns 0 or 2. */
int pc_check_load_rules(PcRuleSet *rs, const char *const *files, uint32_t nfiles);

/* Whether the findings fail the check (the configuration's fail_on). */
bool pc_check_fails(const PcCheckResult *r);

#endif
