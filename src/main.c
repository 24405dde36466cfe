/* The command line: argument parsing and exit codes only. Every command loads its
 * inputs through the library, prints the diagnostics it recorded, and maps the outcome
 * to the contract's exit status: 0 success, 1 breaking changes, 2 usage / config / I/O
 * errors, 3 an input failed to parse or link. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "changes.h"
#include "check.h"
#include "config.h"
#include "descset.h"
#include "diff.h"
#include "git.h"
#include "input.h"
#include "report.h"
#include "rules.h"
#include "schema.h"
#include "suppress.h"
#include "workspace.h"

enum { EXIT_OK = 0, EXIT_BREAKING = 1, EXIT_USAGE = 2, EXIT_INPUT = 3 };

static void print_usage(FILE *out);

static const char usage_text[] =
	"usage: protocompat [check] [options] OLD NEW\n"
	"       protocompat breaking [INPUT] --against AGAINST [buf's flags]\n"
	"       protocompat changes [check options] [--comments] [--link-base URL] OLD NEW\n"
	"       protocompat build [-I DIR]... [--include-imports] [--include-source-info]\n"
	"                         [--retain-options] [--jobs N] [--max-file-size SIZE] -o OUT FILE|DIR...\n"
	"       protocompat rules [--rules FILE]... [--format text|json]\n"
	"       protocompat explain [--rules FILE]... RULE_ID\n"
	"       protocompat install-hook [--force] [CHECK ARGUMENTS...]\n"
	"       protocompat --help | --version\n"
	"\n"
	"commands:\n"
	"  check    report breaking changes from OLD to NEW; each is a .proto file, a\n"
	"           directory (module root), a descriptor set (.binpb, .pb) or base64\n"
	"           of one as a schema registry stores it\n"
	"  breaking buf breaking's command line and exit status (100 on breaking\n"
	"           changes); 'protocompat breaking --help' lists its flags\n"
	"  changes  list every change from OLD to NEW by package and element, each\n"
	"           marked breaking or not, with the semver bump it implies\n"
	"           (--format text, json or markdown; docs/changes.md)\n"
	"  build    parse and resolve .proto files and write a FileDescriptorSet, as\n"
	"           protoc --descriptor_set_out does\n"
	"  rules    list the rule catalog as loaded\n"
	"  explain  why a rule's changes break, for whom, and how to evolve safely\n"
	"  install-hook  write .git/hooks/pre-commit running 'protocompat git:HEAD\n"
	"           git:INDEX' (or the check arguments given) before each commit\n"
	"\n";

/* (two strings: C11 promises only 4095 characters in one) */
static const char usage_options[] =
	"check options:\n"
	"  -I DIR                  import path, repeatable, for both sides\n"
	"  --old-include DIR       import path for OLD only (repeatable)\n"
	"  --new-include DIR       import path for NEW only (repeatable)\n"
	"  --config FILE           NEW's configuration, a file or YAML data (default:\n"
	"                          protocompat.yaml, buf.yaml or buf.work.yaml in NEW's\n"
	"                          directory, or the workspace above it)\n"
	"  --against-config FILE   OLD's configuration (its modules and roots)\n"
	"  --use LIST              rule IDs or categories to run (repeatable, commas)\n"
	"  --except LIST           rule IDs or categories to leave out\n"
	"  --direction D           backward, forward or full (default full)\n"
	"  --audience LIST         who counts: wire, json, source (commas; default all)\n"
	"  --wire MODE             buf (default: buf's wire groups) or exact (the\n"
	"                          encoding spec: only directions that lose data)\n"
	"  --format F              text, json, sarif, junit, github, gitlab, msvs or\n"
	"                          markdown\n"
	"                          (default text)\n"
	"  --exclude-imports       compare only the input files, not their imports\n"
	"  --renames               follow renamed and moved messages, enums and\n"
	"                          services: one finding per rename, members compared\n"
	"  --deprecate-before-delete  allow deleting what OLD marked deprecated\n"
	"  --rules FILE            add the rules of a YAML file (repeatable)\n"
	"  --jobs N                threads for loading (default: one per core)\n"
	"  --max-file-size SIZE    refuse .proto files larger than SIZE bytes (K, M, G\n"
	"                          suffixes; default 64M; also for build)\n"
	"  --against-each          OLD... NEW: check NEW against every OLD in turn\n"
	"                          (text or json; each finding names its OLD)\n"
	"  --mode M                OLD... NEW, oldest first: a schema registry's level,\n"
	"                          backward, forward, full (against the last OLD),\n"
	"                          backward-transitive, forward-transitive,\n"
	"                          full-transitive (against each OLD) or none; counts\n"
	"                          the wire unless --audience is given\n"
	"  --profile P             buf (default) or confluent: Confluent Schema\n"
	"                          Registry's own protobuf checker\n"
	"  --show-suppressed       also list the findings that in-source\n"
	"                          'protocompat:ignore' comments silenced\n"
	"  --full                  two git versions: load and compare every file\n"
	"                          (default: only the files a change can affect,\n"
	"                          with the same result; docs/incremental.md)\n"
	"  --no-cache              neither read nor write the cache of file summaries\n"
	"                          ($XDG_CACHE_HOME/protocompat)\n"
	"\n"
	"exit status: 0 compatible, 1 breaking changes found, 2 usage, config, rule-file\n"
	"             or I/O error, 3 an input failed to parse or link\n";

static void print_usage(FILE *out)
{
	fputs(usage_text, out);
	fputs(usage_options, out);
}

typedef struct Output {
	bool carets, colour;
} Output;

static Output output_detect(void)
{
	bool tty = isatty(STDERR_FILENO);
	const char *no_colour = getenv("NO_COLOR");
	return (Output){.carets = tty, .colour = tty && !(no_colour && *no_colour)};
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("protocompat: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(run 'protocompat --help' for usage)\n", stderr);
	return EXIT_USAGE;
}

/* Accepts "-I DIR", "-IDIR", "--proto_path DIR", "--proto_path=DIR". Returns the
 * directory and advances *i, or NULL when argv[*i] is not an include option. */
static const char *take_include(int argc, char **argv, int *i, bool *missing)
{
	const char *a = argv[*i];
	*missing = false;
	if (strcmp(a, "-I") == 0 || strcmp(a, "--proto_path") == 0) {
		if (*i + 1 >= argc) {
			*missing = true;
			return NULL;
		}
		return argv[++*i];
	}
	if (strncmp(a, "-I", 2) == 0)
		return a + 2;
	if (strncmp(a, "--proto_path=", 13) == 0)
		return a + 13;
	return NULL;
}

/* --jobs N: threads for loading; N = 1 runs everything in turn (same output). */
static bool parse_jobs(const char *s, uint32_t *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 1 || n > 256)
		return false;
	*out = (uint32_t)n;
	return true;
}

/* --max-file-size SIZE: bytes, with an optional K, M or G suffix (powers of 1024),
 * from 1 to 4G - 2 (sources are indexed with 32 bits). */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || errno || end == s)
		return false;
	unsigned shift = 0;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	default: break;
	}
	if (*end != '\0' || n == 0 || n > (UINT32_MAX - 1ull) >> shift)
		return false;
	*out = (uint64_t)n << shift;
	return true;
}

static int cmd_build(int argc, char **argv)
{
	PcArena arena;
	pc_arena_init(&arena);
	const char **includes = PC_NEW_ARRAY(&arena, const char *, argc);
	const char **inputs = PC_NEW_ARRAY(&arena, const char *, argc);
	uint32_t nincludes = 0, ninputs = 0;
	const char *out_path = NULL;
	PcDescsetWriteOpts wopts = {0};
	uint32_t jobs = 0;
	uint64_t max_file_size = 0;
	int status = EXIT_USAGE;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool missing;
		const char *dir = take_include(argc, argv, &i, &missing);
		if (missing) {
			usage_error("'%s' needs a directory", a);
			goto done;
		}
		if (dir) {
			includes[nincludes++] = dir;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (i + 1 >= argc) {
				usage_error("'%s' needs a file name", a);
				goto done;
			}
			out_path = argv[++i];
		} else if (strncmp(a, "-o", 2) == 0 && a[2]) {
			out_path = a + 2;
		} else if (strncmp(a, "--output=", 9) == 0) {
			out_path = a + 9;
		} else if (strcmp(a, "--jobs") == 0) {
			if (i + 1 >= argc || !parse_jobs(argv[i + 1], &jobs)) {
				usage_error("'--jobs' wants a number from 1 to 256, not '%s'", i + 1 < argc ? argv[i + 1] : "");
				goto done;
			}
			i++;
		} else if (strcmp(a, "--max-file-size") == 0) {
			if (i + 1 >= argc || !parse_size(argv[i + 1], &max_file_size)) {
				usage_error("'--max-file-size' wants a size such as 65536, 512K or 64M, not '%s'",
					    i + 1 < argc ? argv[i + 1] : "");
				goto done;
			}
			i++;
		} else if (strcmp(a, "--include-imports") == 0 || strcmp(a, "--include_imports") == 0) {
			wopts.include_imports = true;
		} else if (strcmp(a, "--include-source-info") == 0 ||
			   strcmp(a, "--include_source_info") == 0) {
			wopts.include_source_info = true;
		} else if (strcmp(a, "--retain-options") == 0 || strcmp(a, "--retain_options") == 0) {
			wopts.retain_options = true;
		} else if (strcmp(a, "--") == 0) {
			while (++i < argc)
				inputs[ninputs++] = argv[i];
		} else if (a[0] == '-' && a[1]) {
			usage_error("unknown option '%s'", a);
			goto done;
		} else {
			inputs[ninputs++] = a;
		}
	}
	if (!out_path) {
		usage_error("%s", "build needs an output file: -o OUT");
		goto done;
	}
	if (ninputs == 0) {
		usage_error("%s", "build needs at least one .proto file or directory");
		goto done;
	}

	PcDiags diags;
	pc_diags_init(&diags, &arena);
	PcSchema schema;
	pc_schema_init(&schema, &arena, &diags);
	schema.jobs = jobs;
	schema.max_file_size = max_file_size;
	schema.lazy_source_info = !wopts.include_source_info; /* nothing else reads locations */
	PcLoadConfig cfg = {.import_paths = includes, .nimport_paths = nincludes};
	Output o = output_detect();
	struct stat st;
	if (ninputs == 1 && stat(inputs[0], &st) == 0 && S_ISDIR(st.st_mode)) {
		/* A directory builds as buf builds it: its workspace's modules, without their
		 * excludes (a plain directory is one module, as before). */
		PcWorkspace ws;
		if (pc_workspace_find(&ws, inputs[0], NULL, NULL, &arena, &diags) != 0) {
			pc_diags_print(&diags, stderr, o.carets, o.colour);
			status = EXIT_USAGE;
			goto done;
		}
		const char **ws_inputs;
		pc_workspace_load_config(&ws, &cfg, &ws_inputs, &ninputs, &arena);
		inputs = ws_inputs;
	}
	status = pc_schema_load(&schema, &cfg, inputs, ninputs);
	if (status == 0 && diags.errors > 0)
		status = EXIT_INPUT; /* an error recorded anywhere can never pass */
	if (status == 0) {
		FILE *out = strcmp(out_path, "-") == 0 ? stdout : fopen(out_path, "wb");
		if (!out) {
			pc_diag_add(&diags, PC_SEV_ERROR, out_path, 0, 0, (PcStr){0}, "cannot write: %s",
				    strerror(errno));
			status = EXIT_USAGE;
		} else {
			status = pc_descset_write(&schema, &wopts, out, out_path);
			if (out != stdout && fclose(out) != 0 && status == 0) {
				pc_diag_add(&diags, PC_SEV_ERROR, out_path, 0, 0, (PcStr){0},
					    "cannot write: %s", strerror(errno));
				status = EXIT_USAGE;
			}
		}
	}
	pc_diags_print(&diags, stderr, o.carets, o.colour);
done:
	pc_arena_release(&arena);
	return status;
}

/* Options shared by check, rules and explain. */
typedef struct CheckArgs {
	const char **includes, **positional, **rule_files;
	uint32_t nincludes, npositional, nrule_files;
	const char **old_includes, **new_includes; /* --old-include / --new-include: one side's */
	uint32_t nold_includes, nnew_includes;
	const char *against_config;              /* --against-config: OLD's configuration */
	PcVec use, except;       /* of PcStr, split at commas */
	bool has_use, has_except;
	const char *config, *direction, *format;
	bool exclude_imports;
	bool renames;            /* --renames */
	bool deprecated_deletes; /* --deprecate-before-delete */
	bool show_suppressed;
	uint32_t jobs;           /* --jobs N; 0: one thread per core */
	uint64_t max_file_size;  /* --max-file-size; 0: the default */
	uint32_t audiences;      /* --audience; 0: the config's, else all */
	bool has_wire;           /* --wire given: wire replaces the config's */
	PcWireMode wire;
	const char *mode;        /* --mode: a schema registry's compatibility level */
	PcProfile profile;       /* --profile: buf's catalog or Confluent's checker; unset: the config's */
	bool no_verdict;         /* --mode none: load both sides, report nothing, pass */
	bool full;               /* --full: no incremental check */
	bool no_cache;           /* --no-cache */
} CheckArgs;

static void split_names(PcVec *out, const char *list, PcArena *a)
{
	const char *p = list;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len)
			*PC_VEC_PUSH(out, PcStr, a) = (PcStr){p, len};
		p += len + (comma ? 1 : 0);
	}
}

/* "--name VALUE" or "--name=VALUE": the value, advancing *i; NULL when argv[*i] is
 * another option. *missing is set when the value is absent. */
static const char *take_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

/* Returns 0, or EXIT_USAGE after printing the error. */
static int parse_check_args(CheckArgs *ca, int argc, char **argv, PcArena *a)
{
	memset(ca, 0, sizeof *ca);
	ca->includes = PC_NEW_ARRAY(a, const char *, argc + 1);
	ca->positional = PC_NEW_ARRAY(a, const char *, argc + 1);
	ca->rule_files = PC_NEW_ARRAY(a, const char *, argc + 1);
	ca->old_includes = PC_NEW_ARRAY(a, const char *, argc + 1);
	ca->new_includes = PC_NEW_ARRAY(a, const char *, argc + 1);
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *v;
		bool missing = false;
		if ((v = take_include(argc, argv, &i, &missing)) != NULL) {
			ca->includes[ca->nincludes++] = v;
		} else if ((v = take_value(argc, argv, &i, "--old-include", &missing)) != NULL) {
			ca->old_includes[ca->nold_includes++] = v;
		} else if ((v = take_value(argc, argv, &i, "--new-include", &missing)) != NULL) {
			ca->new_includes[ca->nnew_includes++] = v;
		} else if ((v = take_value(argc, argv, &i, "--config", &missing)) != NULL) {
			ca->config = v;
		} else if ((v = take_value(argc, argv, &i, "--against-config", &missing)) != NULL) {
			ca->against_config = v;
		} else if ((v = take_value(argc, argv, &i, "--use", &missing)) != NULL) {
			ca->has_use = true;
			split_names(&ca->use, v, a);
		} else if ((v = take_value(argc, argv, &i, "--except", &missing)) != NULL) {
			ca->has_except = true;
			split_names(&ca->except, v, a);
		} else if ((v = take_value(argc, argv, &i, "--direction", &missing)) != NULL) {
			ca->direction = v;
		} else if ((v = take_value(argc, argv, &i, "--audience", &missing)) != NULL) {
			if (!(ca->audiences = pc_audiences_parse(pc_str(v))))
				return usage_error("'--audience' wants a list of wire, json and source, not '%s'", v);
		} else if ((v = take_value(argc, argv, &i, "--wire", &missing)) != NULL) {
			if (!pc_wire_mode_parse(pc_str(v), &ca->wire))
				return usage_error("unknown wire mode '%s' (use buf or exact)", v);
			ca->has_wire = true;
		} else if ((v = take_value(argc, argv, &i, "--format", &missing)) != NULL) {
			ca->format = v;
		} else if ((v = take_value(argc, argv, &i, "--mode", &missing)) != NULL) {
			ca->mode = v;
		} else if ((v = take_value(argc, argv, &i, "--profile", &missing)) != NULL) {
			if (strcmp(v, "buf") == 0)
				ca->profile = PC_PROFILE_BUF;
			else if (strcmp(v, "confluent") == 0)
				ca->profile = PC_PROFILE_CONFLUENT;
			else
				return usage_error("unknown profile '%s' (use buf or confluent)", v);
		} else if ((v = take_value(argc, argv, &i, "--rules", &missing)) != NULL) {
			ca->rule_files[ca->nrule_files++] = v;
		} else if ((v = take_value(argc, argv, &i, "--jobs", &missing)) != NULL) {
			if (!parse_jobs(v, &ca->jobs))
				return usage_error("'--jobs' wants a number from 1 to 256, not '%s'", v);
		} else if ((v = take_value(argc, argv, &i, "--max-file-size", &missing)) != NULL) {
			if (!parse_size(v, &ca->max_file_size))
				return usage_error("'--max-file-size' wants a size such as 65536, 512K or 64M, not '%s'", v);
		} else if (missing) {
			return usage_error("'%s' needs a value", arg);
		} else if (strcmp(arg, "--exclude-imports") == 0) {
			ca->exclude_imports = true;
		} else if (strcmp(arg, "--renames") == 0) {
			ca->renames = true;
		} else if (strcmp(arg, "--deprecate-before-delete") == 0) {
			ca->deprecated_deletes = true;
		} else if (strcmp(arg, "--show-suppressed") == 0) {
			ca->show_suppressed = true;
		} else if (strcmp(arg, "--full") == 0) {
			ca->full = true;
		} else if (strcmp(arg, "--no-cache") == 0) {
			ca->no_cache = true;
		} else if (strcmp(arg, "--") == 0) {
			while (++i < argc)
				ca->positional[ca->npositional++] = argv[i];
		} else if (arg[0] == '-' && arg[1] && arg[1] != '#') {
			/* "-#format=json" is standard input in buf's syntax, not an option */
			return usage_error("unknown option '%s'", arg);
		} else {
			ca->positional[ca->npositional++] = arg;
		}
	}
	return EXIT_OK;
}

static int parse_format(const char *name, PcFormat *out)
{
	if (!name) {
		*out = PC_FORMAT_TEXT;
		return EXIT_OK;
	}
	if (pc_format_parse(name, out))
		return EXIT_OK;
	return usage_error("unknown output format '%s' (use text, json, sarif, junit, github, gitlab, msvs or "
			   "markdown)",
			   name);
}

/* The built-in catalog plus the user's rule files. Returns 0 or EXIT_USAGE. */
static int parse_direction(const char *name, uint32_t *out)
{
	if (strcmp(name, "backward") == 0)
		*out = PC_DIR_BACKWARD;
	else if (strcmp(name, "forward") == 0)
		*out = PC_DIR_FORWARD;
	else if (strcmp(name, "full") == 0)
		*out = PC_DIR_BOTH;
	else
		return usage_error("unknown direction '%s' (use backward, forward or full)", name);
	return EXIT_OK;
}

static int cmd_check_one(int argc, char **argv, const char *against, bool load_only);

static int cmd_check(int argc, char **argv)
{
	return cmd_check_one(argc, argv, NULL, false);
}

/* --mode M: a schema registry's compatibility level (Confluent's names). The
 * transitive ones check NEW against every earlier version, the others against the
 * latest (the last OLD before NEW); none checks nothing but still loads every input. */
typedef struct RegistryMode {
	bool none, transitive;
	uint32_t directions;    /* PC_DIR_* */
} RegistryMode;

static int parse_mode(const char *name, RegistryMode *m)
{
	static const struct {
		const char *name;
		uint32_t directions;
		bool transitive;
	} modes[] = {{"backward", PC_DIR_BACKWARD, false},           {"forward", PC_DIR_FORWARD, false},
		     {"full", PC_DIR_BOTH, false},                       {"backward-transitive", PC_DIR_BACKWARD, true},
		     {"forward-transitive", PC_DIR_FORWARD, true},       {"full-transitive", PC_DIR_BOTH, true},
		     {"none", 0, true}};
	char lower[32];
	size_t n = strlen(name);
	for (size_t i = 0; i < n && i + 1 < sizeof lower; i++) /* BACKWARD_TRANSITIVE as the registry spells it */
		lower[i] = name[i] == '_' ? '-' : (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	lower[n < sizeof lower ? n : sizeof lower - 1] = '\0';
	for (size_t i = 0; n < sizeof lower && i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(lower, modes[i].name) == 0) {
			*m = (RegistryMode){.none = modes[i].directions == 0, .transitive = modes[i].transitive,
					    .directions = modes[i].directions};
			return EXIT_OK;
		}
	return usage_error("unknown mode '%s' (use backward, forward, full, backward-transitive, "
			   "forward-transitive, full-transitive or none)", name);
}

/* --against-each OLD... NEW: NEW checked against every OLD in turn (a schema
 * registry's *_TRANSITIVE modes), each finding saying which OLD it breaks. --mode
 * without --against-each takes the same arguments, OLD... NEW (oldest first). The exit
 * status is the worst of the checks. */
static int cmd_check_each(int argc, char **argv)
{
	PcArena arena;
	pc_arena_init(&arena);
	char **rest = PC_NEW_ARRAY(&arena, char *, argc + 4);
	int nrest = 0;
	bool each = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--against-each") != 0)
			rest[nrest++] = argv[i];
		else
			each = true;
	}
	CheckArgs ca;
	RegistryMode mode = {0};
	int status = parse_check_args(&ca, nrest, rest, &arena);
	PcFormat format = PC_FORMAT_TEXT;
	if (status == EXIT_OK)
		status = parse_format(ca.format, &format);
	if (status == EXIT_OK && ca.mode)
		status = parse_mode(ca.mode, &mode);
	if (status == EXIT_OK && ca.mode && each && !mode.transitive)
		status = usage_error("'--mode %s' checks against the latest earlier version only; use a -transitive "
				     "mode to check against each",
				     ca.mode);
	if (status == EXIT_OK && format != PC_FORMAT_TEXT && format != PC_FORMAT_JSON)
		status = usage_error("%s", each ? "--against-each prints text or json" : "--mode prints text or json");
	if (status == EXIT_OK && ca.npositional < 2)
		status = usage_error("%s", each ? "--against-each needs at least one OLD and NEW"
						: "--mode needs at least one earlier version and NEW: OLD... NEW");
	if (status != EXIT_OK) {
		pc_arena_release(&arena);
		return status;
	}
	/* The options stay; the inputs become "-- OLD NEW" for each OLD. */
	char **args = PC_NEW_ARRAY(&arena, char *, nrest + 4);
	int nopts = 0;
	for (int i = 0; i < nrest; i++) {
		bool positional = strcmp(rest[i], "--") == 0;
		for (uint32_t k = 0; k < ca.npositional && !positional; k++)
			positional = ca.positional[k] == rest[i];
		if (!positional)
			args[nopts++] = rest[i];
	}
	const char *new_arg = ca.positional[ca.npositional - 1];
	int worst = EXIT_OK;
	/* A non-transitive mode judges against the latest only, but the earlier versions
	 * given are still loaded: a broken input is an error wherever it stands. */
	uint32_t latest = ca.mode && !mode.transitive ? ca.npositional - 2 : 0;
	for (uint32_t k = 0; k + 1 < ca.npositional; k++) {
		args[nopts] = "--";
		args[nopts + 1] = (char *)ca.positional[k];
		args[nopts + 2] = (char *)new_arg;
		args[nopts + 3] = NULL;
		int st = cmd_check_one(nopts + 3, args, ca.positional[k], k < latest);
		if (st > worst)
			worst = st;
	}
	pc_arena_release(&arena);
	return worst;
}

/* What `protocompat breaking` adds to the check options: buf's flags. */
typedef struct BufArgs {
	bool on;                 /* the breaking command: buf's layouts and exit status 100 */
	const char *against_config;
	const char **paths, **exclude_paths;
	uint32_t npaths, nexclude_paths;
	bool limit_to_input_files;
} BufArgs;

enum { EXIT_BUF_BREAKING = 100 };

/* Runs one check of NEW against OLD with the parsed options and prints the report. */
/* The check options the arguments say (b: buf's flags of `breaking`, or NULL). */
static PcCheckOptions check_options(const CheckArgs *ca, const char *old_arg, const char *new_arg, uint32_t directions,
				    const BufArgs *b)
{
	PcCheckOptions opts = {
		.old_arg = old_arg,
		.new_arg = new_arg,
		.includes = ca->includes,
		.nincludes = ca->nincludes,
		.old_includes = ca->old_includes,
		.nold_includes = ca->nold_includes,
		.new_includes = ca->new_includes,
		.nnew_includes = ca->nnew_includes,
		.config = ca->config,
		.against_config = b ? b->against_config : ca->against_config,
		.paths = b ? b->paths : NULL,
		.npaths = b ? b->npaths : 0,
		.exclude_paths = b ? b->exclude_paths : NULL,
		.nexclude_paths = b ? b->nexclude_paths : 0,
		.limit_to_input_files = b && b->limit_to_input_files,
		.rule_files = ca->rule_files,
		.nrule_files = ca->nrule_files,
		.use = ca->use.items,
		.nuse = ca->use.len,
		.has_use = ca->has_use,
		.except = ca->except.items,
		.nexcept = ca->except.len,
		.has_except = ca->has_except,
		.directions = directions,
		.audiences = ca->audiences,
		.has_wire = ca->has_wire,
		.wire = ca->wire,
		.profile = ca->profile,
		.exclude_imports = ca->exclude_imports,
		.renames = ca->renames,
		.deprecated_deletes = ca->deprecated_deletes,
		.jobs = ca->jobs,
		.max_file_size = ca->max_file_size,
		.incremental = !ca->full,
		.no_cache = ca->no_cache,
	};
	return opts;
}

static int run_check(const CheckArgs *ca, const char *old_arg, const char *new_arg, PcFormat format,
		     uint32_t directions, const BufArgs *b, const char *against, PcArena *arena)
{
	PcCheckOptions opts = check_options(ca, old_arg, new_arg, directions, b);
	/* The library's check handle (protocompat.h) runs it; the printers read its result. */
	ProtocompatCheck *check = protocompat_check_new();
	int status = pc_api_run_options(check, &opts);
	const PcCheckResult *r = pc_api_result(check);
	Output o = output_detect();
	pc_diags_print(pc_api_diags(check), stderr, o.carets, o.colour);
	pc_diags_print(&r->warnings, stderr, o.carets, o.colour);
	if (ca->no_verdict || (status != EXIT_OK && status != EXIT_BREAKING)) {
		/* --mode none: both sides loaded (an error is still one), no verdict */
		protocompat_check_free(check);
		return ca->no_verdict && status == EXIT_BREAKING ? EXIT_OK : status;
	}
	const char *no_colour = getenv("NO_COLOR");
	PcReportOpts ropts = {
		.format = format,
		.colour = isatty(STDOUT_FILENO) && !(no_colour && *no_colour),
		.new_label = r->new_in.arg,
		.version = PC_VERSION,
		.suppressed = &r->suppressed,
		.show_suppressed = ca->show_suppressed,
		.against = against,
		.link_base = pc_report_link_base(NULL, arena),
		.buf_layout = b && b->on,
	};
	pc_report_print(stdout, &r->findings, &ropts, arena);
	protocompat_check_free(check);
	if (status == EXIT_BREAKING && b && b->on)
		status = EXIT_BUF_BREAKING;
	if (fflush(stdout) != 0)
		status = EXIT_USAGE;
	return status;
}

/* One check of NEW against OLD; load_only: load both, report nothing (0, 2 or 3). */
static int cmd_check_one(int argc, char **argv, const char *against, bool load_only)
{
	PcArena arena;
	pc_arena_init(&arena);
	CheckArgs ca;
	int status = parse_check_args(&ca, argc, argv, &arena);
	PcFormat format = PC_FORMAT_TEXT;
	uint32_t directions = 0;
	if (status == EXIT_OK)
		status = parse_format(ca.format, &format);
	if (status == EXIT_OK && ca.direction)
		status = parse_direction(ca.direction, &directions);
	if (status == EXIT_OK && ca.mode && ca.direction)
		status = usage_error("'--direction %s' and '--mode' both choose the directions; give one of them",
				     ca.direction);
	if (status == EXIT_OK && ca.mode) {
		/* A registry serves binary consumers: the wire counts unless --audience says
		 * otherwise (docs/cli.md). */
		RegistryMode mode;
		status = parse_mode(ca.mode, &mode);
		directions = mode.directions;
		ca.no_verdict = mode.none || load_only;
		if (!ca.audiences)
			ca.audiences = PC_AUD_BIT(PC_AUD_WIRE);
	}
	if (status == EXIT_OK && ca.npositional != 2)
		status = usage_error("%s", ca.npositional < 2 ? "check needs two inputs: OLD NEW"
							     : "check takes exactly two inputs: OLD NEW");
	if (status == EXIT_OK)
		status = run_check(&ca, ca.positional[0], ca.positional[1], format, directions, NULL, against,
				   &arena);
	pc_arena_release(&arena);
	return status;
}

/* `protocompat changes`: the check's options plus --comments and --link-base; the
 * changelog of OLD -> NEW in text, json or markdown. Exit 0 when it was printed (the
 * listing is not a gate: `check` is), else the check's error status. */
static int cmd_changes(int argc, char **argv)
{
	PcArena arena;
	pc_arena_init(&arena);
	char **rest = PC_NEW_ARRAY(&arena, char *, argc + 1);
	int nrest = 0;
	bool comments = false;
	const char *link_flag = NULL;
	int status = EXIT_OK;
	for (int i = 0; i < argc && status == EXIT_OK; i++) {
		bool missing = false;
		const char *v;
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				rest[nrest++] = argv[i++];
		} else if (strcmp(argv[i], "--comments") == 0) {
			comments = true;
		} else if ((v = take_value(argc, argv, &i, "--link-base", &missing)) != NULL) {
			link_flag = v;
		} else if (missing) {
			status = usage_error("'%s' needs a value", argv[i]);
		} else {
			rest[nrest++] = argv[i];
		}
	}
	CheckArgs ca;
	PcChangesFormat format = PC_CHANGES_TEXT;
	uint32_t directions = 0;
	if (status == EXIT_OK)
		status = parse_check_args(&ca, nrest, rest, &arena);
	if (status == EXIT_OK && ca.format && !pc_changes_format_parse(ca.format, &format))
		status = usage_error("unknown changes format '%s' (use text, json or markdown)", ca.format);
	if (status == EXIT_OK && ca.direction)
		status = parse_direction(ca.direction, &directions);
	if (status == EXIT_OK && ca.npositional != 2)
		status = usage_error("%s", "changes needs two inputs: OLD NEW");
	if (status != EXIT_OK) {
		pc_arena_release(&arena);
		return status;
	}
	PcCheckOptions opts = check_options(&ca, ca.positional[0], ca.positional[1], directions, NULL);
	opts.all_changes = true;
	opts.comments = comments;
	PcDiags diags;
	pc_diags_init(&diags, &arena);
	PcCheckResult res;
	status = pc_check_run(&opts, &res, &arena, &diags);
	Output o = output_detect();
	pc_diags_print(&diags, stderr, o.carets, o.colour);
	pc_diags_print(&res.warnings, stderr, o.carets, o.colour);
	if (status == EXIT_OK) {
		PcChangesOpts co = {format, pc_report_link_base(link_flag, &arena)};
		pc_changes_print(stdout, &res, &co, &arena);
		if (fflush(stdout) != 0)
			status = EXIT_USAGE;
	}
	pc_arena_release(&arena);
	return status;
}

/* buf's --error-format names. */
static bool parse_buf_format(const char *name, PcFormat *out)
{
	static const struct {
		const char *name;
		PcFormat format;
	} names[] = {{"text", PC_FORMAT_TEXT},   {"json", PC_FORMAT_JSON},
		     {"github-actions", PC_FORMAT_GITHUB}, {"junit", PC_FORMAT_JUNIT},
		     {"msvs", PC_FORMAT_MSVS},   {"gitlab-code-quality", PC_FORMAT_GITLAB},
		     {"sarif", PC_FORMAT_SARIF}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].format;
			return true;
		}
	return false;
}

static const char breaking_usage[] =
	"usage: protocompat breaking [INPUT] --against AGAINST [flags]\n"
	"\n"
	"buf breaking's command line: checks INPUT (default \".\") against AGAINST, each a\n"
	"directory (a buf workspace or module), a .proto file, a descriptor set or image,\n"
	"git:REV[:PATH], or buf's input syntax. Exit status 100 on breaking changes.\n"
	"\n"
	"flags (buf's):\n"
	"  --against INPUT          what to check against (required)\n"
	"  --against-config CONFIG  buf.yaml file or data for AGAINST\n"
	"  --config CONFIG          buf.yaml file or data for INPUT\n"
	"  --error-format F         text, json, github-actions, junit, msvs,\n"
	"                           gitlab-code-quality (and sarif)\n"
	"  --exclude-imports        leave out what the input files import\n"
	"  --limit-to-input-files   compare only AGAINST's files that INPUT also has\n"
	"  --path PATH              check only files below PATH (repeatable)\n"
	"  --exclude-path PATH      leave out files below PATH (repeatable)\n"
	"  --disable-symlinks       accepted (symbolic links are followed)\n"
	"flags (protocompat's, as for check): -I, --old-include, --new-include, --use,\n"
	"  --except, --direction, --wire, --rules, --jobs, --max-file-size,\n"
	"  --renames, --deprecate-before-delete, --show-suppressed\n"
	"\n"
	"exit status: 0 compatible, 100 breaking changes, 2 usage, config or I/O error,\n"
	"             3 an input failed to parse or link\n";

/* `protocompat breaking INPUT --against AGAINST`: buf's command line, so a CI script
 * switches by its program name. buf's flags are taken out here, the rest are check's. */
static int cmd_breaking(int argc, char **argv)
{
	PcArena arena;
	pc_arena_init(&arena);
	BufArgs b = {.on = true};
	b.paths = PC_NEW_ARRAY(&arena, const char *, argc + 1);
	b.exclude_paths = PC_NEW_ARRAY(&arena, const char *, argc + 1);
	char **rest = PC_NEW_ARRAY(&arena, char *, argc + 1);
	int nrest = 0, status = EXIT_OK;
	const char *against = NULL, *error_format = NULL;
	for (int i = 0; i < argc && status == EXIT_OK; i++) {
		const char *v;
		bool missing = false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(breaking_usage, stdout);
			pc_arena_release(&arena);
			return EXIT_OK;
		} else if ((v = take_value(argc, argv, &i, "--against", &missing)) != NULL) {
			against = v;
		} else if ((v = take_value(argc, argv, &i, "--against-config", &missing)) != NULL) {
			b.against_config = v;
		} else if ((v = take_value(argc, argv, &i, "--error-format", &missing)) != NULL) {
			error_format = v;
		} else if ((v = take_value(argc, argv, &i, "--path", &missing)) != NULL) {
			b.paths[b.npaths++] = v;
		} else if ((v = take_value(argc, argv, &i, "--exclude-path", &missing)) != NULL) {
			b.exclude_paths[b.nexclude_paths++] = v;
		} else if (missing) {
			status = usage_error("'%s' needs a value", argv[i]);
		} else if (strcmp(argv[i], "--limit-to-input-files") == 0) {
			b.limit_to_input_files = true;
		} else if (strcmp(argv[i], "--disable-symlinks") == 0) {
			/* accepted: links are followed, and loops are broken, either way */
		} else if (strcmp(argv[i], "--against-registry") == 0) {
			status = usage_error("%s", "--against-registry needs the Buf Schema Registry, which protocompat "
						   "does not reach; give the registry's version as --against INPUT");
		} else {
			rest[nrest++] = argv[i];
		}
	}
	CheckArgs ca;
	PcFormat format = PC_FORMAT_TEXT;
	uint32_t directions = 0;
	if (status == EXIT_OK)
		status = parse_check_args(&ca, nrest, rest, &arena);
	if (status == EXIT_OK && ca.format)
		status = usage_error("'--format' is check's; breaking takes buf's --error-format, not '%s'", ca.format);
	if (status == EXIT_OK && ca.mode)
		status = usage_error("'--mode %s' is check's: protocompat check --mode M OLD... NEW", ca.mode);
	if (status == EXIT_OK && error_format && !parse_buf_format(error_format, &format))
		status = usage_error("unknown --error-format '%s' (use text, json, github-actions, junit, msvs or "
				     "gitlab-code-quality)",
				     error_format);
	if (status == EXIT_OK && ca.direction)
		status = parse_direction(ca.direction, &directions);
	if (status == EXIT_OK && !against)
		status = usage_error("%s", "breaking needs --against INPUT (the version to check against)");
	if (status == EXIT_OK && ca.npositional > 1)
		status = usage_error("breaking takes one INPUT, not also '%s'", ca.positional[1]);
	if (status == EXIT_OK)
		status = run_check(&ca, against, ca.npositional ? ca.positional[0] : ".", format, directions, &b, NULL,
				   &arena);
	pc_arena_release(&arena);
	return status;
}

/* The names of cats, sep between them, each in quote ("" or "\"" for JSON); none is
 * `none`. */
static void print_categories(FILE *out, uint32_t cats, const char *sep, const char *quote, const char *none)
{
	bool first = true;
	for (uint32_t bit = 1; bit <= PC_CAT_LAST; bit <<= 1)
		if (cats & bit) {
			fprintf(out, "%s%s%s%s", first ? "" : sep, quote, pc_category_name(bit), quote);
			first = false;
		}
	if (first)
		fputs(none, out);
}

/* The rule's direction alternatives: what each audience breaks always ("wire") and
 * what it breaks depending on the change ("wire_if"). */
static void print_breaks_json(FILE *out, const PcRule *r)
{
	fputs(",\"breaks\":[", out);
	for (uint32_t i = 0; i < r->direction_cases.len; i++) {
		const PcRuleDirections *d = &PC_VEC_AT(r->direction_cases, PcRuleDirections, i);
		fputs(i ? ",{\"case\":" : "{\"case\":", out);
		pc_report_json_string(out, d->label);
		fprintf(out, ",\"otherwise\":%s", d->otherwise ? "true" : "false");
		for (int a = 0; a < PC_AUD_COUNT; a++) {
			const char *name = pc_audience_name((PcAudience)a);
			fprintf(out, ",\"%s\":\"%s\"", name, pc_direction_name(d->breaks[a]));
			if (d->maybe[a])
				fprintf(out, ",\"%s_if\":\"%s\"", name, pc_direction_name(d->maybe[a]));
		}
		putc('}', out);
	}
	putc(']', out);
}

/* explain: one line per direction alternative. */
static void print_breaks_text(const PcRule *r)
{
	for (uint32_t i = 0; i < r->direction_cases.len; i++) {
		const PcRuleDirections *d = &PC_VEC_AT(r->direction_cases, PcRuleDirections, i);
		if (d->label.len)
			printf("  %.*s:", (int)d->label.len, d->label.ptr);
		else
			printf("  %s:", r->direction_cases.len > 1 ? "otherwise" : "always");
		bool first = true;
		for (int a = 0; a < PC_AUD_COUNT; a++) {
			uint32_t fixed = d->breaks[a], maybe = d->maybe[a] & ~fixed;
			if (!fixed && !maybe)
				continue;
			printf("%s %s", first ? "" : ",", pc_audience_name((PcAudience)a));
			if (fixed)
				printf(" %s", pc_direction_name(fixed));
			if (maybe)
				printf("%s %s depending on the change", fixed ? " and" : "",
				       maybe == PC_DIR_BOTH ? "backward or forward" : pc_direction_name(maybe));
			first = false;
		}
		putchar('\n');
	}
}

static void print_rule_json(FILE *out, const PcRule *r)
{
	fputs("{\"id\":", out);
	pc_report_json_string(out, r->id);
	fputs(",\"categories\":[", out);
	print_categories(out, r->categories, ",", "\"", "");
	fprintf(out, "],\"direction\":\"%s\",\"severity\":\"%s\",\"purpose\":", pc_direction_name(r->directions),
		r->severity == PC_SEV_ERROR ? "error" : "warning");
	pc_report_json_string(out, r->purpose);
	print_breaks_json(out, r);
	fputs(",\"losses\":[", out);
	for (uint32_t i = 0; i < r->losses.len; i++) {
		if (i)
			putc(',', out);
		pc_report_json_string(out, PC_VEC_AT(r->losses, PcStr, i));
	}
	putc(']', out);
	fprintf(out, ",\"deprecated\":%s,\"replaced_by\":[", r->deprecated ? "true" : "false");
	for (uint32_t i = 0; i < r->replaced_by.len; i++) {
		if (i)
			putc(',', out);
		pc_report_json_string(out, PC_VEC_AT(r->replaced_by, PcStr, i));
	}
	fprintf(out, "],\"builtin\":%s}\n", r->builtin ? "true" : "false");
}

static int cmd_rules(int argc, char **argv, bool explain)
{
	PcArena arena;
	pc_arena_init(&arena);
	CheckArgs ca;
	PcFormat format = PC_FORMAT_TEXT;
	int status = EXIT_OK;
	/* Only --rules and --format mean something here: a check option would be ignored. */
	for (int i = 0; i < argc && status == EXIT_OK && strcmp(argv[i], "--") != 0; i++) {
		bool missing = false;
		if (take_value(argc, argv, &i, "--rules", &missing) || take_value(argc, argv, &i, "--format", &missing) ||
		    missing || argv[i][0] != '-' || strcmp(argv[i], "-") == 0 || strcmp(argv[i], "--help") == 0)
			continue;
		char msg[300];
		snprintf(msg, sizeof msg, "'%s' takes --rules and --format only, not '%.200s'",
			 explain ? "explain" : "rules", argv[i]);
		status = usage_error("%s", msg);
	}
	if (status == EXIT_OK)
		status = parse_check_args(&ca, argc, argv, &arena);
	if (status == EXIT_OK)
		status = parse_format(ca.format, &format);
	if (status == EXIT_OK && format != PC_FORMAT_TEXT && format != PC_FORMAT_JSON)
		status = usage_error("'%s' prints text or json only", explain ? "explain" : "rules");
	if (status == EXIT_OK && explain && ca.npositional != 1)
		status = usage_error("%s", "explain needs one rule ID");
	if (status == EXIT_OK && !explain && ca.npositional != 0)
		status = usage_error("unexpected argument '%s'", ca.positional[0]);
	if (status != EXIT_OK) {
		pc_arena_release(&arena);
		return status;
	}
	PcDiags diags;
	pc_diags_init(&diags, &arena);
	PcRuleSet rs;
	pc_ruleset_init(&rs, &arena, &diags);
	status = pc_check_load_rules(&rs, ca.rule_files, ca.nrule_files);
	Output o = output_detect();
	pc_diags_print(&diags, stderr, o.carets, o.colour);
	if (status != EXIT_OK) {
		pc_arena_release(&arena);
		return status;
	}
	if (explain) {
		const PcRule *r = pc_ruleset_find(&rs, pc_str(ca.positional[0]));
		if (!r) {
			/* The name lives in the arena: report before releasing it. */
			char msg[512];
			snprintf(msg, sizeof msg, "unknown rule '%s'%s", ca.positional[0],
				 pc_ruleset_did_you_mean(&rs, pc_str(ca.positional[0]), false));
			status = usage_error("%s (run 'protocompat rules' for the list)", msg);
			pc_arena_release(&arena);
			return status;
		}
		if (format == PC_FORMAT_JSON) {
			print_rule_json(stdout, r);
		} else {
			printf("%.*s: %.*s\n", (int)r->id.len, r->id.ptr, (int)r->purpose.len, r->purpose.ptr);
			fputs("categories: ", stdout);
			print_categories(stdout, r->categories, ", ", "", "-");
			printf("\nbreaks: %s\n", pc_direction_name(r->directions));
			print_breaks_text(r);
			for (uint32_t i = 0; i < r->replaced_by.len; i++)
				printf("%s%.*s", i ? ", " : "deprecated; replaced by: ",
				       (int)PC_VEC_AT(r->replaced_by, PcStr, i).len, PC_VEC_AT(r->replaced_by, PcStr, i).ptr);
			if (r->replaced_by.len)
				putchar('\n');
			if (r->explanation.len)
				printf("\n%.*s\n", (int)r->explanation.len, r->explanation.ptr);
			if (r->losses.len)
				fputs("\nwith --wire exact, what a breaking wire direction loses (old.* writes,\n"
				      "new.* reads; forward swaps them), the first that holds:\n", stdout);
			for (uint32_t i = 0; i < r->losses.len; i++)
				printf("  - %.*s\n", (int)PC_VEC_AT(r->losses, PcStr, i).len, PC_VEC_AT(r->losses, PcStr, i).ptr);
			if (r->fix.len)
				printf("\nfix: %.*s\n", (int)r->fix.len, r->fix.ptr);
		}
	} else {
		int width = 0;
		for (uint32_t i = 0; i < rs.rules.len; i++) {
			const PcRule *r = PC_VEC_AT(rs.rules, const PcRule *, i);
			if ((int)r->id.len > width)
				width = (int)r->id.len;
		}
		for (uint32_t i = 0; i < rs.rules.len; i++) {
			const PcRule *r = PC_VEC_AT(rs.rules, const PcRule *, i);
			if (format == PC_FORMAT_JSON) {
				print_rule_json(stdout, r);
				continue;
			}
			printf("%-*.*s  %-8s  ", width, (int)r->id.len, r->id.ptr, pc_direction_name(r->directions));
			print_categories(stdout, r->categories, ",", "", "-");
			printf("  %.*s%s\n", (int)r->purpose.len, r->purpose.ptr, r->deprecated ? " (deprecated)" : "");
		}
	}
	pc_arena_release(&arena);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

/* Writes s single-quoted for sh. */
static void put_sh_quoted(FILE *out, const char *s)
{
	putc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else
			putc(*s, out);
	}
	putc('\'', out);
}

static const char hook_marker[] = "# protocompat pre-commit hook";

/* install-hook: a plain git pre-commit hook running the check on the staged files.
 * An existing hook that is not ours is kept unless --force. */
static int cmd_install_hook(int argc, char **argv)
{
	PcArena arena;
	pc_arena_init(&arena);
	PcDiags diags;
	pc_diags_init(&diags, &arena);
	bool force = false;
	int first = 0;
	if (argc > 0 && strcmp(argv[0], "--force") == 0) {
		force = true;
		first = 1;
	}
	Output o = output_detect();
	int status = EXIT_OK;
	const char *hook = pc_git_hook_path(NULL, "pre-commit", &arena, &diags);
	FILE *old = hook ? fopen(hook, "r") : NULL;
	if (old) {
		char line[256] = "";
		bool ours = fgets(line, sizeof line, old) && fgets(line, sizeof line, old) &&
			    strncmp(line, hook_marker, sizeof hook_marker - 1) == 0;
		fclose(old);
		if (!ours && !force)
			pc_diag_add(&diags, PC_SEV_ERROR, hook, 0, 0, (PcStr){0},
				    "a pre-commit hook exists already; add 'protocompat git:HEAD git:INDEX' to it, "
				    "or replace it with --force");
	}
	if (diags.errors) {
		pc_diags_print(&diags, stderr, o.carets, o.colour);
		pc_arena_release(&arena);
		return EXIT_USAGE;
	}
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = '\0';
	FILE *out = fopen(hook, "w");
	if (out) {
		fprintf(out, "#!/bin/sh\n%s (written by 'protocompat install-hook')\n", hook_marker);
		fputs("# Refuses a commit whose staged .proto files break compatibility with HEAD.\n"
		      "# Bypass once with 'git commit --no-verify'.\n", out);
		fputs("pc=", out);
		put_sh_quoted(out, n > 0 ? self : "protocompat");
		fputs("\ncommand -v \"$pc\" >/dev/null 2>&1 || pc=protocompat\nexec \"$pc\"", out);
		if (argc > first) {
			for (int i = first; i < argc; i++) {
				putc(' ', out);
				put_sh_quoted(out, argv[i]);
			}
		} else {
			fputs(" git:HEAD git:INDEX", out);
		}
		putc('\n', out);
	}
	if (!out || fclose(out) != 0 || chmod(hook, 0755) != 0) {
		pc_diag_add(&diags, PC_SEV_ERROR, hook, 0, 0, (PcStr){0}, "cannot write the hook: %s", strerror(errno));
		status = EXIT_USAGE;
	} else {
		printf("installed %s\n", hook);
	}
	pc_diags_print(&diags, stderr, o.carets, o.colour);
	pc_arena_release(&arena);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("protocompat %s (git %s)\n", protocompat_version(), protocompat_revision());
		return EXIT_OK;
	}
	/* `protocompat SUBCOMMAND --help` (breaking has a page of its own) */
	bool sub = strcmp(cmd, "build") == 0 || strcmp(cmd, "rules") == 0 || strcmp(cmd, "explain") == 0 ||
		   strcmp(cmd, "check") == 0 || strcmp(cmd, "install-hook") == 0 || strcmp(cmd, "changes") == 0;
	for (int i = 2; sub && i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_usage(stdout);
			return EXIT_OK;
		}
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 2, argv + 2);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules(argc - 2, argv + 2, false);
	if (strcmp(cmd, "explain") == 0)
		return cmd_rules(argc - 2, argv + 2, true);
	bool other = strcmp(cmd, "breaking") == 0 || strcmp(cmd, "install-hook") == 0;
	for (int i = 1; !other && i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--against-each") == 0 || strcmp(argv[i], "--mode") == 0 ||
		    strncmp(argv[i], "--mode=", 7) == 0)
			return strcmp(cmd, "check") == 0 ? cmd_check_each(argc - 2, argv + 2)
							 : cmd_check_each(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "breaking") == 0)
		return cmd_breaking(argc - 2, argv + 2);
	if (strcmp(cmd, "changes") == 0)
		return cmd_changes(argc - 2, argv + 2);
	if (strcmp(cmd, "install-hook") == 0)
		return cmd_install_hook(argc - 2, argv + 2);
	return cmd_check(argc - 1, argv + 1);
}
