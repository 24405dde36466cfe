/* The command line: argument parsing and exit codes only. Every command loads its
 * inputs through the library, prints the diagnostics it recorded, and maps the outcome
 * to the contract's exit status: 0 success, 1 breaking changes, 2 usage / config / I/O
 * errors, 3 an input failed to parse or link. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "descset.h"
#include "schema.h"

enum { EXIT_OK = 0, EXIT_BREAKING = 1, EXIT_USAGE = 2, EXIT_INPUT = 3 };

static const char usage_text[] =
	"usage: protocompat [check] [options] OLD NEW\n"
	"       protocompat build [-I DIR]... [--include-imports] [--include-source-info]\n"
	"                         -o OUT FILE|DIR...\n"
	"       protocompat --help | --version\n"
	"\n"
	"commands:\n"
	"  build    parse and resolve .proto files and write a FileDescriptorSet, as\n"
	"           protoc --descriptor_set_out does\n"
	"  check    report breaking changes from OLD to NEW (not implemented yet)\n"
	"\n"
	"exit status: 0 success, 1 breaking changes found, 2 usage or I/O error,\n"
	"             3 an input failed to parse or link\n";

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
		puts("protocompat 0.1.0");
		return EXIT_OK;
	}
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 2, argv + 2);
	return usage_error("'%s': comparing schemas is not implemented yet (see issue 3)", cmd);
}
