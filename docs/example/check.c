/* An example of the protocompat C library: check NEW against OLD and print one line per
 * finding with the directions each audience breaks in.
 *
 *     cc check.c $(pkg-config --cflags --libs protocompat) -o check
 *     ./check [--direction backward|forward|full] OLD NEW
 *
 * The exit status is the command's: 0 compatible, 1 breaking, 2 usage or I/O error,
 * 3 an input failed to parse. */
#include <protocompat.h>
#include <stdio.h>
#include <string.h>

static const char *severity_name(int s)
{
	return s == PROTOCOMPAT_SEVERITY_ERROR ? "error" : s == PROTOCOMPAT_SEVERITY_WARNING ? "warning" : "note";
}

int main(int argc, char **argv)
{
	ProtocompatCheck *c = protocompat_check_new();
	int first = 1;
	if (argc == 5 && strcmp(argv[1], "--direction") == 0) {
		unsigned d = strcmp(argv[2], "backward") == 0  ? PROTOCOMPAT_BACKWARD
			     : strcmp(argv[2], "forward") == 0 ? PROTOCOMPAT_FORWARD
			     : strcmp(argv[2], "full") == 0    ? PROTOCOMPAT_FULL
							       : 0;
		if (protocompat_check_set_direction(c, d) != PROTOCOMPAT_OK) {
			fprintf(stderr, "check: unknown direction '%s'\n", argv[2]);
			protocompat_check_free(c);
			return PROTOCOMPAT_ERR_USAGE;
		}
		first = 3;
	}
	if (argc - first != 2) {
		fprintf(stderr, "usage: check [--direction backward|forward|full] OLD NEW\n");
		protocompat_check_free(c);
		return PROTOCOMPAT_ERR_USAGE;
	}

	int status = protocompat_check_run(c, argv[first], argv[first + 1]);

	for (size_t i = 0; i < protocompat_check_diagnostic_count(c); i++) {
		const ProtocompatDiagnostic *d = protocompat_check_diagnostic(c, i);
		if (d->path && d->line)
			fprintf(stderr, "%s:%d:%d: ", d->path, d->line, d->column);
		else if (d->path)
			fprintf(stderr, "%s: ", d->path);
		fprintf(stderr, "%s: %s\n", severity_name(d->severity), d->message);
	}
	for (size_t i = 0; i < protocompat_check_finding_count(c); i++) {
		const ProtocompatFinding *f = protocompat_check_finding(c, i);
		if (f->path)
			printf("%s:%d:%d: ", f->path, f->line, f->column);
		else
			printf("%s: ", f->old_path ? f->old_path : "-");
		printf("%s: %s (wire %s, json %s, source %s)\n", f->rule_id, f->message,
		       protocompat_direction_name(f->wire), protocompat_direction_name(f->json),
		       protocompat_direction_name(f->source));
	}
	printf("%zu findings; protocompat %s (%s); status %d\n", protocompat_check_finding_count(c),
	       protocompat_version(), protocompat_revision(), status);
	protocompat_check_free(c);
	return status;
}
