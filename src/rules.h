/* The rule engine: a catalog of rules loaded from YAML (the shipped rules/ files are
 * compiled into the binary; users add files with --rules) decides which diff changes
 * are findings, for which categories and directions, with what message. The engine
 * offers a fixed vocabulary of predicates over PcChange records; the YAML picks change
 * kinds, conditions, categories, directions, severity and texts. This module is the
 * only user of libyaml for rules; patterns go through match.h (PCRE2).
 * Everything lives in the arena given to pc_ruleset_init(). */
#ifndef PC_RULES_H
#define PC_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "diff.h"

/* Directions a change breaks (bit set; 0: none). Backward: NEW code reads OLD data (for
 * generated code: code written against OLD builds against NEW). Forward: OLD code reads
 * NEW data. */
enum { PC_DIR_BACKWARD = 1u << 0, PC_DIR_FORWARD = 1u << 1, PC_DIR_BOTH = 3u };

/* Who a change breaks: binary wire readers, ProtoJSON readers, generated source code.
 * PC_AUD_BIT(a) is the audience's bit in an audience set. */
typedef enum PcAudience { PC_AUD_WIRE, PC_AUD_JSON, PC_AUD_SOURCE, PC_AUD_COUNT } PcAudience;
#define PC_AUD_BIT(a) (1u << (a))
enum { PC_AUDS_ALL = 7u };

/* One `directions:` alternative of a rule: what its change breaks, per audience. The
 * first alternative whose condition holds decides (the last has none). */
typedef struct PcRuleDirections {
	PcStr label;                   /* its `case:` text; empty when none was given */
	bool otherwise;                /* no condition */
	uint32_t breaks[PC_AUD_COUNT]; /* PC_DIR_* per audience, always */
	uint32_t maybe[PC_AUD_COUNT];  /* PC_DIR_* per audience, when their own condition holds */
} PcRuleDirections;

/* buf's categories (bit set). */
enum {
	PC_CAT_FILE = 1u << 0,
	PC_CAT_PACKAGE = 1u << 1,
	PC_CAT_WIRE_JSON = 1u << 2,
	PC_CAT_WIRE = 1u << 3,
	PC_CAT_CSR = 1u << 4,
	/* Ours: changes buf does not check (rules/protocompat.yaml); never a default. */
	PC_CAT_PROTOCOMPAT = 1u << 5,
	PC_CAT_CONFLUENT = 1u << 6, /* ours: Confluent's own checker (--profile confluent) */
	PC_CAT_AIP = 1u << 7,	    /* ours: googleapis AIP-180 option rules (rules/aip.yaml); never a default */
	PC_CAT_LAST = PC_CAT_AIP,
};

/* buf.yaml versions a rule exists in (bit set). */
enum { PC_VER_V1BETA1 = 1u << 0, PC_VER_V1 = 1u << 1, PC_VER_V2 = 1u << 2, PC_VER_ALL = 7u };

typedef struct PcRuleCond PcRuleCond; /* compiled condition; private to rules.c */

/* How wire verdicts are made (--wire, config `wire`; the YAML's `wire_mode:` predicate):
 * buf's conservative type and cardinality groups (the default, buf's findings exactly),
 * or the protobuf encoding spec: a change the spec calls compatible breaks the wire only
 * in the directions where data is lost, and the finding says what is lost. */
typedef enum PcWireMode { PC_WIRE_BUF, PC_WIRE_EXACT } PcWireMode;
/* "buf" or "exact". */
const char *pc_wire_mode_name(PcWireMode m);
/* Parses "buf" / "exact"; returns false for anything else. */
bool pc_wire_mode_parse(PcStr s, PcWireMode *out);

typedef struct PcRule {
	PcStr id;                /* "FIELD_SAME_TYPE" */
	uint32_t categories;     /* PC_CAT_*, as buf.yaml v2 defines them */
	uint32_t categories_v1;  /* ...as v1 defines them (buf v1 has no CSR) */
	uint32_t categories_v1beta1;
	uint32_t versions;       /* PC_VER_*: the buf.yaml versions that know this ID */
	uint32_t directions;     /* PC_DIR_*: the union over every alternative and audience */
	PcVec direction_cases;   /* of PcRuleDirections, in file order */
	PcSeverity severity;     /* PC_SEV_ERROR breaks the build; PC_SEV_WARNING does not */
	PcStr purpose;           /* one line, as `buf config ls-breaking-rules` shows it */
	PcStr message;           /* template with {placeholders} filled from the change */
	PcStr explanation;       /* why it breaks, for whom, in which direction */
	PcStr fix;               /* how to make the change safely */
	PcVec losses;            /* of PcStr: the `losses:` templates (what a lossy wire
				  * direction loses, with --wire exact), for explain */
	bool deprecated;         /* a v1/v1beta1 ID kept as an alias */
	PcVec replaced_by;       /* of PcStr: the IDs an alias stands for */
	bool builtin;            /* from the shipped catalog */
	bool extension;          /* a rule of ours that buf does not have (`extension: true`) */
	PcVec kinds;             /* of PcChangeKind: the change kinds it fires on */
	PcRuleCond *cond;        /* NULL: fires on every change of its kinds */
	const char *path;        /* where it was defined, for diagnostics */
	int line, col;
	uint32_t index;          /* its place in PcRuleSet.rules (and in `enabled` arrays) */
} PcRule;

typedef struct PcRuleSet {
	PcArena *arena;
	PcDiags *diags;
	PcVec rules;             /* of PcRule *, catalog order */
	PcWireMode wire_mode;    /* for pc_ruleset_evaluate; pc_ruleset_init sets PC_WIRE_BUF */
	void *priv;              /* tables, indexes: private to rules.c */
} PcRuleSet;

void pc_ruleset_init(PcRuleSet *rs, PcArena *a, PcDiags *diags);
/* Loads the compiled-in catalog (the YAML files of rules/). Returns 0, or 2 when it is broken. */
int pc_ruleset_load_builtin(PcRuleSet *rs);
/* Adds the rules of a user file. Errors are `file:line:col: error: ...`; returns 0 or 2. */
int pc_ruleset_load_file(PcRuleSet *rs, const char *path);
/* The rule with that ID (aliases included), or NULL. */
const PcRule *pc_ruleset_find(const PcRuleSet *rs, PcStr id);
/* For an unknown name, "; did you mean X?" with the closest rule ID, deprecated ID or
 * (when categories) category, ignoring case; "" when none is close. Arena-owned. */
const char *pc_ruleset_did_you_mean(const PcRuleSet *rs, PcStr name, bool categories);

/* Which rules run: buf's `use` / `except` semantics over IDs, aliases and category
 * names (FILE, PACKAGE, WIRE_JSON, WIRE, CSR) as the buf.yaml `version` defines them
 * ("v1beta1", "v1", "v2"; empty = v2). An empty use means buf's default, [FILE].
 * enabled has one entry per rs->rules item. Unknown names are errors (returns 2). */
int pc_ruleset_select(const PcRuleSet *rs, PcStr version, const PcStr *use, uint32_t nuse,
		      const PcStr *except, uint32_t nexcept, bool *enabled);

/* "backward", "forward", "both" or "none" (directions is PC_DIR_*). */
const char *pc_direction_name(uint32_t directions);
/* "wire", "json", "source". */
const char *pc_audience_name(PcAudience a);
/* An audience set from a comma-separated list ("wire,json"); 0 when a name is unknown
 * or the list is empty. */
uint32_t pc_audiences_parse(PcStr list);
/* "FILE", "PACKAGE", ... for one PC_CAT_* bit; NULL otherwise. */
const char *pc_category_name(uint32_t category);
/* PC_CAT_* for a category name ("FILE", "WIRE_JSON", ...), or 0. */
uint32_t pc_category_parse(PcStr name);

typedef struct PcFinding {
	const PcRule *rule;
	const PcChange *change;
	PcPos pos;               /* in NEW (file NULL: no place, e.g. a deleted file) */
	PcPos old_pos;           /* in OLD, for the note */
	uint32_t breaks[PC_AUD_COUNT]; /* PC_DIR_* per audience, from the change */
	uint32_t direction;      /* PC_DIR_*: the union of breaks[] over the audiences chosen */
	uint32_t audiences;      /* the audiences chosen (PC_AUD_BIT set) */
	PcStr message;           /* rendered template */
	PcStr loss;              /* PC_WIRE_EXACT: what each breaking wire direction loses
				  * ("backward: ...; forward: ..."), from the rule's `losses:`;
				  * empty otherwise */
} PcFinding;

/* Whether an enabled rule fires on changes of kind k (the diff need not list kinds no
 * rule reads: additions, option and comment changes are listed only when asked). */
bool pc_ruleset_wants(const PcRuleSet *rs, const bool *enabled, PcChangeKind k);

/* Runs the enabled rules over the changes, in rs->wire_mode. Each finding's breaks[]
 * come from the first of its rule's direction alternatives that holds for the change; its direction is
 * their union over `audiences` (PC_AUD_BIT set; 0 means all), and it is kept when that
 * meets `directions` (PC_DIR_BOTH for --direction full). Findings are appended to out
 * (of PcFinding) in a stable order: by NEW path, line, column, then rule ID. */
void pc_ruleset_evaluate(const PcRuleSet *rs, const bool *enabled, uint32_t directions, uint32_t audiences,
			 const PcChangeList *changes, PcVec *out);

#endif
