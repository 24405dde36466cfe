/* protocompat: the C library behind the protocompat command. Load two versions of a
 * Protocol Buffers schema, check NEW against OLD with buf's rule catalog, and read the
 * findings: rule ID, place in NEW (and OLD), message, and the directions each audience
 * (binary wire readers, ProtoJSON readers, generated source code) breaks in.
 *
 *     ProtocompatCheck *c = protocompat_check_new();
 *     protocompat_check_set_direction(c, PROTOCOMPAT_BACKWARD);
 *     int status = protocompat_check_run(c, "old/", "new/");
 *     for (size_t i = 0; i < protocompat_check_finding_count(c); i++)
 *             puts(protocompat_check_finding(c, i)->message);
 *     protocompat_check_free(c);
 *
 * Inputs are what the command takes (docs/cli.md): a .proto file, a directory (module
 * root or buf workspace), a descriptor set, git:REV[:PATH], or buf's input syntax.
 * The configuration (protocompat.yaml, buf.yaml) is read as the command reads it.
 *
 * Ownership: a ProtocompatCheck owns every string and struct it hands out; they stay
 * valid until the next protocompat_check_run() on it or protocompat_check_free().
 * Setters copy their arguments. Nothing here prints, exits or keeps global state;
 * errors are returned as status codes and recorded as diagnostics. One check may be
 * used by one thread at a time; different checks are independent. Running out of
 * memory aborts the process (there is no recovery from it inside the library).
 *
 * Stability: functions are only added, never changed or removed, while the SONAME
 * (libprotocompat.so.0) stays. The structs below are allocated by the library only;
 * later versions may append fields at their end, so never allocate or copy one by
 * value yourself. */
#ifndef PROTOCOMPAT_H
#define PROTOCOMPAT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PROTOCOMPAT_API __attribute__((visibility("default")))
#else
#define PROTOCOMPAT_API
#endif

/* What protocompat_check_run() returns: the command's exit status. */
enum {
	PROTOCOMPAT_OK = 0,          /* compatible (or only findings that do not fail) */
	PROTOCOMPAT_BREAKING = 1,    /* findings that fail the check (the config's fail_on) */
	PROTOCOMPAT_ERR_USAGE = 2,   /* bad option, configuration, rule file, I/O error */
	PROTOCOMPAT_ERR_INPUT = 3,   /* an input failed to parse or link */
};

/* Directions (bit set). Backward: code built from NEW reads data written with OLD (for
 * source: code written against OLD compiles against NEW). Forward: code built from OLD
 * reads data written with NEW. */
enum {
	PROTOCOMPAT_NONE = 0,
	PROTOCOMPAT_BACKWARD = 1u << 0,
	PROTOCOMPAT_FORWARD = 1u << 1,
	PROTOCOMPAT_FULL = 3u,
};

/* Audiences (bit set), for protocompat_check_set_audiences(). */
enum {
	PROTOCOMPAT_WIRE = 1u << 0,
	PROTOCOMPAT_JSON = 1u << 1,
	PROTOCOMPAT_SOURCE = 1u << 2,
	PROTOCOMPAT_ALL_AUDIENCES = 7u,
};

enum { PROTOCOMPAT_SEVERITY_ERROR = 0, PROTOCOMPAT_SEVERITY_WARNING = 1, PROTOCOMPAT_SEVERITY_NOTE = 2 };

/* Rule categories (bit set): buf's five, then protocompat's own (docs/rules.md). */
enum {
	PROTOCOMPAT_CAT_FILE = 1u << 0,
	PROTOCOMPAT_CAT_PACKAGE = 1u << 1,
	PROTOCOMPAT_CAT_WIRE_JSON = 1u << 2,
	PROTOCOMPAT_CAT_WIRE = 1u << 3,
	PROTOCOMPAT_CAT_CSR = 1u << 4,
	PROTOCOMPAT_CAT_PROTOCOMPAT = 1u << 5, /* changes buf does not check */
	PROTOCOMPAT_CAT_CONFLUENT = 1u << 6,   /* Confluent Schema Registry's checker */
	PROTOCOMPAT_CAT_AIP = 1u << 7,         /* googleapis AIP-180 option rules */
};

/* One breaking change. Lines and columns are 1-based (byte columns, as the command
 * reports them); a change of a file as a whole is at 1:1, as in buf's reports; 0 when
 * there is no place (path or old_path NULL). */
typedef struct ProtocompatFinding {
	const char *rule_id;      /* "FIELD_SAME_TYPE" */
	const char *message;      /* as buf words it */
	const char *path;         /* NEW's file as the user can open it; NULL when the
				   * change has no place in NEW (a deleted file) */
	int line, column, end_line, end_column;
	const char *old_path;     /* OLD's file, or NULL */
	int old_line, old_column;
	int severity;             /* PROTOCOMPAT_SEVERITY_ERROR or _WARNING */
	unsigned categories;      /* PROTOCOMPAT_CAT_* */
	unsigned direction;       /* union of the chosen audiences' directions */
	unsigned wire, json, source; /* PROTOCOMPAT_BACKWARD / _FORWARD bits per audience */
} ProtocompatFinding;

/* An error or warning recorded while loading or checking, as the command prints it:
 * `path:line:col: error: message`. */
typedef struct ProtocompatDiagnostic {
	int severity;             /* PROTOCOMPAT_SEVERITY_* */
	const char *path;         /* NULL when not tied to a file */
	int line, column;         /* 1-based; 0 when unknown */
	const char *message;      /* lowercase, no full stop */
} ProtocompatDiagnostic;

typedef struct ProtocompatCheck ProtocompatCheck;

/* "0.1.0", and the git revision the library was built from ("unknown" when it was
 * built outside a git checkout and not from a `git archive` tarball). */
PROTOCOMPAT_API const char *protocompat_version(void);
PROTOCOMPAT_API const char *protocompat_revision(void);

/* A check with the command's defaults: full direction, all audiences, the
 * configuration found in NEW's root. Free it with protocompat_check_free(). */
PROTOCOMPAT_API ProtocompatCheck *protocompat_check_new(void);
PROTOCOMPAT_API void protocompat_check_free(ProtocompatCheck *c);

/* Options, as the command's (docs/cli.md). Each returns PROTOCOMPAT_OK, or
 * PROTOCOMPAT_ERR_USAGE for a NULL or invalid value (the option is then unchanged). */
/* -I DIR: an import path for both sides (side 0), OLD only (side 1) or NEW only (2). */
PROTOCOMPAT_API int protocompat_check_add_include(ProtocompatCheck *c, int side, const char *dir);
/* --config / --against-config: NEW's / OLD's configuration, a file name or YAML data;
 * NULL goes back to looking in the input's root. */
PROTOCOMPAT_API int protocompat_check_set_config(ProtocompatCheck *c, const char *config);
PROTOCOMPAT_API int protocompat_check_set_against_config(ProtocompatCheck *c, const char *config);
/* --use / --except: rule IDs or categories, comma-separated; each call adds to the
 * list, and a list given replaces the configuration's. */
PROTOCOMPAT_API int protocompat_check_use(ProtocompatCheck *c, const char *names);
PROTOCOMPAT_API int protocompat_check_except(ProtocompatCheck *c, const char *names);
/* --direction: PROTOCOMPAT_BACKWARD, _FORWARD or _FULL. */
PROTOCOMPAT_API int protocompat_check_set_direction(ProtocompatCheck *c, unsigned directions);
/* --audience: a non-empty set of PROTOCOMPAT_WIRE, _JSON, _SOURCE. */
PROTOCOMPAT_API int protocompat_check_set_audiences(ProtocompatCheck *c, unsigned audiences);
/* --rules FILE: a YAML rule file added to the built-in catalog. */
PROTOCOMPAT_API int protocompat_check_add_rules_file(ProtocompatCheck *c, const char *path);
/* --exclude-imports (on: nonzero). */
PROTOCOMPAT_API int protocompat_check_set_exclude_imports(ProtocompatCheck *c, int on);
/* --jobs: loading threads, 1 to 256; 0 is one per core (the default). */
PROTOCOMPAT_API int protocompat_check_set_jobs(ProtocompatCheck *c, unsigned jobs);

/* Loads OLD and NEW, runs the check and keeps its findings and diagnostics (those of
 * an earlier run are freed). Returns PROTOCOMPAT_OK, PROTOCOMPAT_BREAKING,
 * PROTOCOMPAT_ERR_USAGE or PROTOCOMPAT_ERR_INPUT; the diagnostics say why. */
PROTOCOMPAT_API int protocompat_check_run(ProtocompatCheck *c, const char *old_input, const char *new_input);

/* The last run's findings, in the report's order (NEW path, line, column, rule ID). */
PROTOCOMPAT_API size_t protocompat_check_finding_count(const ProtocompatCheck *c);
PROTOCOMPAT_API const ProtocompatFinding *protocompat_check_finding(const ProtocompatCheck *c, size_t i);
/* The last run's errors and warnings, in the order the command prints them. */
PROTOCOMPAT_API size_t protocompat_check_diagnostic_count(const ProtocompatCheck *c);
PROTOCOMPAT_API const ProtocompatDiagnostic *protocompat_check_diagnostic(const ProtocompatCheck *c, size_t i);

/* "backward", "forward", "both" or "none", for a direction set. */
PROTOCOMPAT_API const char *protocompat_direction_name(unsigned directions);

#ifdef __cplusplus
}
#endif

#endif
