/* The public API (protocompat.h) as a library user calls it: the handle's lifecycle
 * without a run, setters refusing bad values (and leaving the option as it was), NULL
 * handles, a run that fails with diagnostics and no findings, a second run on the same
 * handle replacing the first's results, and options reaching the check. Under the
 * ASan CI build every test also proves that freeing the handle releases everything.
 * The findings' contents are compared with the command's JSON by testdata/api.test.sh. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "protocompat.h"

#define EX PC_SOURCE_DIR "/testdata/examples/"

Test(api, version)
{
	cr_assert_str_eq(protocompat_version(), "0.1.0");
	cr_assert(strlen(protocompat_revision()) > 0);
}

Test(api, no_run)
{
	ProtocompatCheck *c = protocompat_check_new();
	cr_assert_eq(protocompat_check_finding_count(c), 0);
	cr_assert_null(protocompat_check_finding(c, 0));
	cr_assert_eq(protocompat_check_diagnostic_count(c), 0);
	protocompat_check_free(c);
	protocompat_check_free(NULL);
}

Test(api, bad_values)
{
	ProtocompatCheck *c = protocompat_check_new();
	cr_assert_eq(protocompat_check_set_direction(c, 0), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_set_direction(c, 4), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_set_audiences(c, 0), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_set_audiences(c, 8), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_add_include(c, 3, "x"), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_add_include(c, 0, NULL), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_use(c, NULL), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_set_jobs(c, 257), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_run(c, NULL, EX "v2"), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_run(NULL, EX "v1", EX "v2"), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_set_config(NULL, "x"), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_finding_count(NULL), 0);
	/* the refused values changed nothing: the examples still break both ways */
	cr_assert_eq(protocompat_check_run(c, EX "v1", EX "v2"), PROTOCOMPAT_BREAKING);
	cr_assert_eq(protocompat_check_finding_count(c), 8);
	protocompat_check_free(c);
}

Test(api, errors_are_returned)
{
	ProtocompatCheck *c = protocompat_check_new();
	cr_assert_eq(protocompat_check_run(c, EX "v1", EX "no-such-dir"), PROTOCOMPAT_ERR_USAGE);
	cr_assert_eq(protocompat_check_finding_count(c), 0);
	cr_assert_geq(protocompat_check_diagnostic_count(c), 1);
	const ProtocompatDiagnostic *d = protocompat_check_diagnostic(c, 0);
	cr_assert_eq(d->severity, PROTOCOMPAT_SEVERITY_ERROR);
	cr_assert_not_null(strstr(d->message, "no-such-dir") ? d->message : d->path ? d->path : "");
	cr_assert_eq(protocompat_check_run(c, PC_SOURCE_DIR "/testdata/invalid/bad_escape.proto", EX "v2"),
		     PROTOCOMPAT_ERR_INPUT);
	d = protocompat_check_diagnostic(c, 0);
	cr_assert_not_null(d);
	cr_assert_eq(d->line, 6);
	cr_assert_eq(d->column, 45);
	cr_assert_str_eq(d->message, "invalid escape sequence in string literal");
	protocompat_check_free(c);
}

Test(api, runs_and_options)
{
	ProtocompatCheck *c = protocompat_check_new();
	cr_assert_eq(protocompat_check_run(c, EX "v1", EX "v2"), PROTOCOMPAT_BREAKING);
	cr_assert_eq(protocompat_check_finding_count(c), 8);
	const ProtocompatFinding *f = protocompat_check_finding(c, 0);
	cr_assert_str_eq(f->rule_id, "FIELD_NO_DELETE");
	cr_assert_eq(f->line, 11);
	cr_assert_eq(f->column, 1);
	cr_assert_eq(f->wire, PROTOCOMPAT_NONE);
	cr_assert_eq(f->json, PROTOCOMPAT_BACKWARD);
	cr_assert_eq(f->old_line, 14);
	/* forward only: the five findings that break forward for some audience */
	cr_assert_eq(protocompat_check_set_direction(c, PROTOCOMPAT_FORWARD), PROTOCOMPAT_OK);
	cr_assert_eq(protocompat_check_run(c, EX "v1", EX "v2"), PROTOCOMPAT_BREAKING);
	cr_assert_eq(protocompat_check_finding_count(c), 5);
	for (size_t i = 0; i < 5; i++)
		cr_assert(protocompat_check_finding(c, i)->direction & PROTOCOMPAT_FORWARD);
	/* leaving the rules out that fired */
	cr_assert_eq(protocompat_check_except(c, "FIELD_SAME_TYPE,FIELD_SAME_ONEOF"), PROTOCOMPAT_OK);
	cr_assert_eq(protocompat_check_except(c, "FIELD_SAME_JSON_NAME,FIELD_SAME_NAME"), PROTOCOMPAT_OK);
	cr_assert_eq(protocompat_check_except(c, "RPC_SAME_SERVER_STREAMING"), PROTOCOMPAT_OK);
	cr_assert_eq(protocompat_check_run(c, EX "v1", EX "v2"), PROTOCOMPAT_OK);
	cr_assert_eq(protocompat_check_finding_count(c), 0);
	/* an unknown rule name is the configuration error it is for the command */
	cr_assert_eq(protocompat_check_use(c, "NO_SUCH_RULE"), PROTOCOMPAT_OK);
	cr_assert_eq(protocompat_check_run(c, EX "v1", EX "v2"), PROTOCOMPAT_ERR_USAGE);
	cr_assert_geq(protocompat_check_diagnostic_count(c), 1);
	protocompat_check_free(c);
}

/* A rule of our own category carries its public bit (PROTOCOMPAT_CAT_PROTOCOMPAT). */
Test(api, own_categories)
{
	ProtocompatCheck *c = protocompat_check_new();
	const char *dir = PC_SOURCE_DIR "/testdata/breaking/FIELD_NO_NUMBER_SWAP/fires/";
	char old_dir[512], new_dir[512];
	snprintf(old_dir, sizeof old_dir, "%sold", dir);
	snprintf(new_dir, sizeof new_dir, "%snew", dir);
	cr_assert_eq(protocompat_check_use(c, "PROTOCOMPAT"), PROTOCOMPAT_OK);
	cr_assert_eq(protocompat_check_run(c, old_dir, new_dir), PROTOCOMPAT_BREAKING);
	cr_assert_eq(protocompat_check_finding_count(c), 1);
	const ProtocompatFinding *f = protocompat_check_finding(c, 0);
	cr_assert_str_eq(f->rule_id, "FIELD_NO_NUMBER_SWAP");
	cr_assert_eq(f->categories, PROTOCOMPAT_CAT_PROTOCOMPAT);
	cr_assert_eq(f->wire, PROTOCOMPAT_FULL);
	protocompat_check_free(c);
}
