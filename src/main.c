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

#include "config.h"
#include "descset.h"
#include "diff.h"
#include "git.h"
#include "input.h"
#include "report.h"
#include "rules.h"
#include "schema.h"
#include "suppress.h"

enum { EXIT_OK = 0, EXIT_BREAKING = 1, EXIT_USAGE = 2, EXIT_INPUT = 3 };

static const char usage_text[] =
	"usage: protocompat [check] [options] OLD NEW\n"
	"       protocompat build [-I DIR]... [--include-imports] [--include-source-info]\n"
	"                         -o OUT FILE|DIR...\n"
	"       protocompat rules [--rules FILE]... [--format text|json]\n"
	"       protocompat explain [--rules FILE]... RULE_ID\n"
	"       protocompat install-hook [--force] [CHECK ARGUMENTS...]\n"
	"       protocompat --help | --version\n"
	"\n"
	"commands:\n"
	"  check    report breaking changes from OLD to NEW; each is a .proto file, a\n"
	"           directory (module root) or a descriptor set (.binpb, .pb)\n"
	"  build    parse and resolve .proto files and write a FileDescriptorSet, as\n"
	"           protoc --descriptor_set_out does\n"
	"  rules    list the rule catalog as loaded\n"
	"  explain  why a rule's changes break, for whom, and how to evolve safely\n"
	"  install-hook  write .git/hooks/pre-commit running 'protocompat git:HEAD\n"
	"           git:INDEX' (or the check arguments given) before each commit\n"
	"\n"
	"check options:\n"
	"  -I DIR                  import path, repeatable, for both sides\n"
	"  --config FILE           configuration (default: protocompat.yaml, then\n"
	"                          buf.yaml, in NEW's root)\n"
	"  --use LIST              rule IDs or categories to run (repeatable, commas)\n"
	"  --except LIST           rule IDs or categories to leave out\n"
	"  --direction D           backward, forward or full (default full)\n"
	"  --format F              text, json, sarif, junit, github, gitlab or msvs\n"
	"                          (default text)\n"
	"  --exclude-imports       compare only the input files, not their imports\n"
	"  --rules FILE            add the rules of a YAML file (repeatable)\n"
	"  --against-each          OLD... NEW: check NEW against every OLD in turn\n"
	"                          (text or json; each finding names its OLD)\n"
	"  --show-suppressed       also list the findings that in-source\n"
	"                          'protocompat:ignore' comments silenced\n"
	"\n"
	"exit status: 0 compatible, 1 breaking changes found, 2 usage, config, rule-file\n"
	"             or I/O error, 3 an input failed to parse or link\n";

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

static int cmd_build(int argc, char **argv)
{
	PcArena arena;
	pc_arena_init(&arena);
	const char **includes = PC_NEW_ARRAY(&arena, const char *, argc);
	const char **inputs = PC_NEW_ARRAY(&arena, const char *, argc);
	uint32_t nincludes = 0, ninputs = 0;
	const char *out_path = NULL;
	PcDescsetWriteOpts wopts = {0};
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
		} else if (strcmp(a, "--include-imports") == 0 || strcmp(a, "--include_imports") == 0) {
			wopts.include_imports = true;
		} else if (strcmp(a, "--include-source-info") == 0 ||
			   strcmp(a, "--include_source_info") == 0) {
			wopts.include_source_info = true;
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
	PcLoadConfig cfg = {.import_paths = includes, .nimport_paths = nincludes};
	Output o = output_detect();
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
	PcVec use, except;       /* of PcStr, split at commas */
	bool has_use, has_except;
	const char *config, *direction, *format;
	bool exclude_imports;
	bool show_suppressed;
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
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *v;
		bool missing = false;
		if ((v = take_include(argc, argv, &i, &missing)) != NULL) {
			ca->includes[ca->nincludes++] = v;
		} else if ((v = take_value(argc, argv, &i, "--config", &missing)) != NULL) {
			ca->config = v;
		} else if ((v = take_value(argc, argv, &i, "--use", &missing)) != NULL) {
			ca->has_use = true;
			split_names(&ca->use, v, a);
		} else if ((v = take_value(argc, argv, &i, "--except", &missing)) != NULL) {
			ca->has_except = true;
			split_names(&ca->except, v, a);
		} else if ((v = take_value(argc, argv, &i, "--direction", &missing)) != NULL) {
			ca->direction = v;
		} else if ((v = take_value(argc, argv, &i, "--format", &missing)) != NULL) {
			ca->format = v;
		} else if ((v = take_value(argc, argv, &i, "--rules", &missing)) != NULL) {
			ca->rule_files[ca->nrule_files++] = v;
		} else if (missing) {
			return usage_error("'%s' needs a value", arg);
		} else if (strcmp(arg, "--exclude-imports") == 0) {
			ca->exclude_imports = true;
		} else if (strcmp(arg, "--show-suppressed") == 0) {
			ca->show_suppressed = true;
		} else if (strcmp(arg, "--") == 0) {
			while (++i < argc)
				ca->positional[ca->npositional++] = argv[i];
		} else if (arg[0] == '-' && arg[1]) {
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
	return usage_error("unknown output format '%s' (use text, json, sarif, junit, github, gitlab or msvs)",
			   name);
}

/* The built-in catalog plus the user's rule files. Returns 0 or EXIT_USAGE. */
static int load_rules(PcRuleSet *rs, const char *const *files, uint32_t nfiles)
{
	if (pc_ruleset_load_builtin(rs) != 0)
		return EXIT_USAGE;
	for (uint32_t i = 0; i < nfiles; i++)
		if (pc_ruleset_load_file(rs, files[i]) != 0)
			return EXIT_USAGE;
	return EXIT_OK;
}

/* Config rule files are relative to the configuration's directory. */
static const char *config_relative(const char *config_path, const char *file, PcArena *a)
{
	const char *slash = strrchr(config_path, '/');
	if (file[0] == '/' || !slash)
		return file;
	size_t dl = (size_t)(slash - config_path), fl = strlen(file);
	char *p = pc_arena_alloc(a, dl + fl + 2);
	memcpy(p, config_path, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, file, fl + 1);
	return p;
}

static bool is_category_name(PcStr s)
{
	return pc_str_eq_c(s, "FILE") || pc_str_eq_c(s, "PACKAGE") || pc_str_eq_c(s, "WIRE_JSON") ||
	       pc_str_eq_c(s, "WIRE") || pc_str_eq_c(s, "CSR");
}

/* Names from the configuration are checked here so the error points into the file. */
static int check_config_names(const PcVec *names, const PcConfig *cfg, const PcRuleSet *rs, PcDiags *d,
			      PcVec *out, PcArena *a)
{
	int status = EXIT_OK;
	for (uint32_t i = 0; i < names->len; i++) {
		const PcConfigName *cn = &PC_VEC_AT(*names, PcConfigName, i);
		if (!is_category_name(cn->name) && !pc_ruleset_find(rs, cn->name)) {
			pc_diag_add(d, PC_SEV_ERROR, cfg->path, cn->line, cn->col, (PcStr){0},
				    "\"%.*s\" is not a known rule or category ID", (int)cn->name.len, cn->name.ptr);
			status = EXIT_USAGE;
		}
		*PC_VEC_PUSH(out, PcStr, a) = cn->name;
	}
	return status;
}

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

static const char *file_name(const PcFile *f, PcArena *a)
{
	return f ? pc_arena_strndup(a, f->name.ptr, f->name.len) : NULL;
}

/* Drops the findings the configuration silences: ignored paths, unstable packages and
 * ignore_patterns. */
static void apply_config(const PcConfig *cfg, PcVec *findings, PcArena *a)
{
	uint32_t kept = 0;
	for (uint32_t i = 0; i < findings->len; i++) {
		PcFinding f = PC_VEC_AT(*findings, PcFinding, i);
		const PcFile *nf = f.pos.file, *of = f.old_pos.file;
		if (pc_config_ignores_path(cfg, f.rule, file_name(nf, a), file_name(of, a)))
			continue;
		if (pc_config_ignores_change(cfg, f.change, a))
			continue;
		if (cfg->ignore_unstable_packages && ((nf && pc_package_is_unstable(nf->package)) ||
						      (of && pc_package_is_unstable(of->package))))
			continue;
		PC_VEC_AT(*findings, PcFinding, kept++) = f;
	}
	findings->len = kept;
}

/* Loads both sides, printing their diagnostics; returns the worse status. */
static int load_sides(const CheckArgs *ca, PcSchema *old_s, PcSchema *new_s, PcInput *old_in, PcInput *new_in)
{
	const char *old_arg = ca->positional[0], *new_arg = ca->positional[1];
	int st_old = pc_input_load_side(old_in, old_s, old_arg, new_arg, true, ca->includes, ca->nincludes);
	int st_new = pc_input_load_side(new_in, new_s, new_arg, old_arg, false, ca->includes, ca->nincludes);
	if (st_old == EXIT_USAGE || st_new == EXIT_USAGE)
		return EXIT_USAGE;
	if (st_old != 0 || st_new != 0 || old_s->diags->errors > 0)
		return EXIT_INPUT; /* an error recorded anywhere can never pass */
	return EXIT_OK;
}

/* Reads the configuration and decides which rules run and in which directions. */
static int configure(const CheckArgs *ca, const PcInput *new_in, PcRuleSet *rs, PcConfig *cfg, bool *enabled,
		     uint32_t *directions, PcArena *a, PcDiags *d)
{
	pc_config_init(cfg);
	const char *path = ca->config ? ca->config : pc_config_find(new_in->root, a);
	if (path && pc_config_load(cfg, path, a, d) != 0)
		return EXIT_USAGE;
	for (uint32_t i = 0; i < cfg->rules.len; i++) {
		const char *f = config_relative(path, PC_VEC_AT(cfg->rules, const char *, i), a);
		if (pc_ruleset_load_file(rs, f) != 0)
			return EXIT_USAGE;
	}
	if (pc_config_resolve_rules(cfg, rs, a, d) != 0)
		return EXIT_USAGE;
	PcVec use = ca->use, except = ca->except;
	int status = EXIT_OK;
	if (!ca->has_use) {
		use = (PcVec){0};
		status |= check_config_names(&cfg->use, cfg, rs, d, &use, a);
	}
	if (!ca->has_except) {
		except = (PcVec){0};
		status |= check_config_names(&cfg->except, cfg, rs, d, &except, a);
	}
	if (status)
		return EXIT_USAGE;
	if (pc_ruleset_select(rs, cfg->version, use.items, use.len, except.items, except.len, enabled) != 0)
		return EXIT_USAGE;
	*directions = cfg->directions ? cfg->directions : PC_DIR_BOTH;
	if (ca->direction)
		return parse_direction(ca->direction, directions);
	return EXIT_OK;
}

/* Prints the report; with `against` (--against-each), each finding also says which OLD
 * it breaks: a `note:` line after it in text, an "against" key in json. */
static void print_findings(FILE *out, const PcVec *findings, const PcReportOpts *ropts, const char *against,
			   PcArena *a)
{
	FILE *tmp = against ? tmpfile() : NULL;
	if (!tmp) {
		pc_report_print(out, findings, ropts, a);
		return;
	}
	pc_report_print(tmp, findings, ropts, a);
	long size = ftell(tmp);
	char *text = pc_arena_alloc(a, size > 0 ? (size_t)size + 1 : 1);
	rewind(tmp);
	size_t len = size > 0 ? fread(text, 1, (size_t)size, tmp) : 0;
	fclose(tmp);
	const char *pending = NULL; /* the location of a finding whose note is due */
	int pending_len = 0;
	for (size_t i = 0; i < len;) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - line) : len - i;
		i += ll + (nl ? 1 : 0);
		if (ropts->format == PC_FORMAT_JSON && ll > 0 && line[ll - 1] == '}') {
			fprintf(out, "%.*s,\"against\":", (int)(ll - 1), line);
			pc_report_json_string(out, pc_str(against));
			fputs("}\n", out);
			continue;
		}
		/* "path:line:col: error: message [RULE_ID]" gets its note after its own. */
		const char *sev = NULL, *note = NULL;
		for (const char *p = line; p + 8 <= line + ll && !sev && !note; p++) {
			if (memcmp(p, ": note: ", 8) == 0)
				note = p;
			else if ((p + 9 <= line + ll && memcmp(p, ": error: ", 9) == 0) ||
				 (p + 11 <= line + ll && memcmp(p, ": warning: ", 11) == 0))
				sev = p;
		}
		if (pending && !note) {
			fprintf(out, "%.*s: note: breaks against %s\n", pending_len, pending, against);
			pending = NULL;
		}
		fprintf(out, "%.*s\n", (int)ll, line);
		if (sev && ll > 0 && line[ll - 1] == ']') {
			pending = line;
			pending_len = (int)(sev - line);
		}
	}
	if (pending)
		fprintf(out, "%.*s: note: breaks against %s\n", pending_len, pending, against);
}

static int cmd_check_one(int argc, char **argv, const char *against);

static int cmd_check(int argc, char **argv)
{
	return cmd_check_one(argc, argv, NULL);
}

/* --against-each OLD... NEW: NEW checked against every OLD in turn (a schema
 * registry's *_TRANSITIVE modes), each finding saying which OLD it breaks. The exit
 * status is the worst of the checks. */
static int cmd_check_each(int argc, char **argv)
{
	PcArena arena;
	pc_arena_init(&arena);
	char **rest = PC_NEW_ARRAY(&arena, char *, argc + 4);
	int nrest = 0;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--against-each") != 0)
			rest[nrest++] = argv[i];
	CheckArgs ca;
	int status = parse_check_args(&ca, nrest, rest, &arena);
	PcFormat format = PC_FORMAT_TEXT;
	if (status == EXIT_OK)
		status = parse_format(ca.format, &format);
	if (status == EXIT_OK && format != PC_FORMAT_TEXT && format != PC_FORMAT_JSON)
		status = usage_error("%s", "--against-each prints text or json");
	if (status == EXIT_OK && ca.npositional < 2)
		status = usage_error("%s", "--against-each needs at least one OLD and NEW");
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
	for (uint32_t k = 0; k + 1 < ca.npositional; k++) {
		args[nopts] = "--";
		args[nopts + 1] = (char *)ca.positional[k];
		args[nopts + 2] = (char *)new_arg;
		args[nopts + 3] = NULL;
		int st = cmd_check_one(nopts + 3, args, ca.positional[k]);
		if (st > worst)
			worst = st;
	}
	pc_arena_release(&arena);
	return worst;
}

static int cmd_check_one(int argc, char **argv, const char *against)
{
	PcArena arena;
	pc_arena_init(&arena);
	CheckArgs ca;
	int status = parse_check_args(&ca, argc, argv, &arena);
	PcFormat format = PC_FORMAT_TEXT;
	uint32_t directions = PC_DIR_BOTH;
	if (status == EXIT_OK)
		status = parse_format(ca.format, &format);
	if (status == EXIT_OK && ca.direction)
		status = parse_direction(ca.direction, &directions);
	if (status == EXIT_OK && ca.npositional != 2)
		status = usage_error("%s", ca.npositional < 2 ? "check needs two inputs: OLD NEW"
							     : "check takes exactly two inputs: OLD NEW");
	if (status != EXIT_OK) {
		pc_arena_release(&arena);
		return status;
	}

	PcDiags diags;
	pc_diags_init(&diags, &arena);
	Output o = output_detect();
	PcRuleSet rs;
	pc_ruleset_init(&rs, &arena, &diags);
	PcSchema old_s, new_s;
	pc_schema_init(&old_s, &arena, &diags);
	pc_schema_init(&new_s, &arena, &diags);
	PcInput old_in, new_in;
	PcConfig cfg;
	bool *enabled = NULL;
	/* Inputs first: a side that does not parse is the news, whatever else is wrong. */
	status = load_sides(&ca, &old_s, &new_s, &old_in, &new_in);
	if (status == EXIT_OK)
		status = load_rules(&rs, ca.rule_files, ca.nrule_files);
	if (status == EXIT_OK) {
		enabled = PC_NEW_ARRAY(&arena, bool, rs.rules.len + 1);
		status = configure(&ca, &new_in, &rs, &cfg, enabled, &directions, &arena, &diags);
	}
	pc_diags_print(&diags, stderr, o.carets, o.colour);
	if (status != EXIT_OK) {
		pc_arena_release(&arena);
		return status;
	}

	PcDiffConfig dcfg = {
		.pair_single_inputs = old_in.kind == PC_INPUT_PROTO_FILE && new_in.kind == PC_INPUT_PROTO_FILE &&
				      !old_in.empty,
		.exclude_imports = ca.exclude_imports,
	};
	PcChangeList changes = pc_diff(&old_s, &new_s, &dcfg, &arena);
	PcVec findings = {0};
	pc_ruleset_evaluate(&rs, enabled, directions, &changes, &findings);
	apply_config(&cfg, &findings, &arena);
	/* In-source suppressions come after the configuration: one that only repeats what
	 * the configuration already drops is reported as matching nothing. */
	PcDiags sdiags;
	pc_diags_init(&sdiags, &arena);
	PcSuppressions sups;
	PcVec suppressed = {0};
	pc_suppress_collect(&sups, &new_s, &rs, &arena, &sdiags);
	pc_suppress_apply(&sups, &findings, &suppressed, &arena);
	pc_suppress_check_unused(&sups, &rs, enabled, &sdiags);
	pc_diags_print(&sdiags, stderr, o.carets, o.colour);

	const char *no_colour = getenv("NO_COLOR");
	PcReportOpts ropts = {
		.format = format,
		.colour = isatty(STDOUT_FILENO) && !(no_colour && *no_colour),
		.new_label = new_in.arg,
		.version = PC_VERSION,
		.suppressed = &suppressed,
		.show_suppressed = ca.show_suppressed,
	};
	print_findings(stdout, &findings, &ropts, against, &arena);
	PcReportCounts counts = pc_report_count(&findings, &arena);
	bool fails = (counts.errors > 0 && pc_config_fails(&cfg, PC_SEV_ERROR)) ||
		     (counts.warnings > 0 && pc_config_fails(&cfg, PC_SEV_WARNING));
	status = fails ? EXIT_BREAKING : EXIT_OK;
	if (fflush(stdout) != 0)
		status = EXIT_USAGE;
	pc_arena_release(&arena);
	return status;
}

static void print_categories(FILE *out, uint32_t cats, const char *sep)
{
	bool first = true;
	for (uint32_t bit = 1; bit <= PC_CAT_CSR; bit <<= 1)
		if (cats & bit) {
			fprintf(out, "%s%s", first ? "" : sep, pc_category_name(bit));
			first = false;
		}
	if (first)
		fputs("-", out);
}

static void print_rule_json(FILE *out, const PcRule *r)
{
	fputs("{\"id\":", out);
	pc_report_json_string(out, r->id);
	fputs(",\"categories\":[", out);
	bool first = true;
	for (uint32_t bit = 1; bit <= PC_CAT_CSR; bit <<= 1)
		if (r->categories & bit) {
			fprintf(out, "%s\"%s\"", first ? "" : ",", pc_category_name(bit));
			first = false;
		}
	fprintf(out, "],\"direction\":\"%s\",\"severity\":\"%s\",\"purpose\":", pc_direction_name(r->directions),
		r->severity == PC_SEV_ERROR ? "error" : "warning");
	pc_report_json_string(out, r->purpose);
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
	int status = parse_check_args(&ca, argc, argv, &arena);
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
	status = load_rules(&rs, ca.rule_files, ca.nrule_files);
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
			status = usage_error("unknown rule '%s' (run 'protocompat rules' for the list)", ca.positional[0]);
			pc_arena_release(&arena);
			return status;
		}
		if (format == PC_FORMAT_JSON) {
			print_rule_json(stdout, r);
		} else {
			printf("%.*s: %.*s\n", (int)r->id.len, r->id.ptr, (int)r->purpose.len, r->purpose.ptr);
			fputs("categories: ", stdout);
			print_categories(stdout, r->categories, ", ");
			printf("\nbreaks: %s\n", pc_direction_name(r->directions));
			for (uint32_t i = 0; i < r->replaced_by.len; i++)
				printf("%s%.*s", i ? ", " : "deprecated; replaced by: ",
				       (int)PC_VEC_AT(r->replaced_by, PcStr, i).len, PC_VEC_AT(r->replaced_by, PcStr, i).ptr);
			if (r->replaced_by.len)
				putchar('\n');
			if (r->explanation.len)
				printf("\n%.*s\n", (int)r->explanation.len, r->explanation.ptr);
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
			print_categories(stdout, r->categories, ",");
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
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		puts("protocompat " PC_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 2, argv + 2);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules(argc - 2, argv + 2, false);
	if (strcmp(cmd, "explain") == 0)
		return cmd_rules(argc - 2, argv + 2, true);
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--against-each") == 0)
			return strcmp(cmd, "check") == 0 ? cmd_check_each(argc - 2, argv + 2)
							 : cmd_check_each(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 2, argv + 2);
	if (strcmp(cmd, "install-hook") == 0)
		return cmd_install_hook(argc - 2, argv + 2);
	return cmd_check(argc - 1, argv + 1);
}
