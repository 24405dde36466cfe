/* Unit tests of src/bufref.c. Every accepted spelling and every refusal was first run
 * through buf 1.75 (`buf breaking new --against 'ARG'`) to see that buf reads or
 * refuses it the same way; the wording of our messages is ours. */
#include <criterion/criterion.h>
#include <string.h>

#include "bufref.h"

static PcArena arena;
static PcDiags diags;

static void setup(void)
{
	pc_arena_init(&arena);
	pc_diags_init(&diags, &arena);
}

static void teardown(void)
{
	pc_arena_release(&arena);
}

TestSuite(bufref, .init = setup, .fini = teardown);

static PcBufRef ok(const char *arg)
{
	PcBufRef r;
	bool parsed = pc_bufref_parse(&r, arg, &arena, &diags);
	cr_assert(parsed, "\"%s\" refused: %s", arg,
		  diags.list.len ? PC_VEC_AT(diags.list, PcDiag, 0).message : "?");
	return r;
}

/* arg is refused with a message containing want. */
static void refused(const char *arg, const char *want)
{
	PcBufRef r;
	uint32_t before = diags.list.len;
	cr_assert_not(pc_bufref_parse(&r, arg, &arena, &diags), "\"%s\" accepted", arg);
	cr_assert_eq(diags.list.len, before + 1, "\"%s\": one error expected", arg);
	const PcDiag *dg = &PC_VEC_AT(diags.list, PcDiag, before);
	cr_assert_str_eq(dg->path, arg);
	cr_assert(strstr(dg->message, want), "\"%s\": message \"%s\" lacks \"%s\"", arg, dg->message, want);
}

Test(bufref, formats_from_the_path)
{
	/* buf: .tar tar, .tgz and .tar.gz gzip tar, .zip zip, .git git, .bin and .binpb
	 * binpb, .json json, "-" binpb on stdin, .proto protofile, other names dir */
	static const struct {
		const char *arg;
		PcBufFormat format;
		PcCompression compression;
	} cases[] = {
		{"a.tar", PC_BUF_TAR, PC_COMPRESSION_NONE},       {"a.tar.gz", PC_BUF_TAR, PC_COMPRESSION_GZIP},
		{"a.tgz", PC_BUF_TAR, PC_COMPRESSION_GZIP},       {"a.tar.zst", PC_BUF_TAR, PC_COMPRESSION_ZSTD},
		{"a.zip", PC_BUF_ZIP, PC_COMPRESSION_NONE},       {".git", PC_BUF_GIT, PC_COMPRESSION_NONE},
		{"x/y/.git", PC_BUF_GIT, PC_COMPRESSION_NONE},    {"a.bin", PC_BUF_BINPB, PC_COMPRESSION_NONE},
		{"a.binpb", PC_BUF_BINPB, PC_COMPRESSION_NONE},   {"a.binpb.gz", PC_BUF_BINPB, PC_COMPRESSION_GZIP},
		{"a.json", PC_BUF_JSON, PC_COMPRESSION_NONE},     {"a.json.gz", PC_BUF_JSON, PC_COMPRESSION_GZIP},
		{"a.txtpb", PC_BUF_TXTPB, PC_COMPRESSION_NONE},   {"a.yaml", PC_BUF_YAML, PC_COMPRESSION_NONE},
		{"-", PC_BUF_BINPB, PC_COMPRESSION_NONE},         {"a.proto", PC_BUF_PROTOFILE, PC_COMPRESSION_NONE},
		{"proto", PC_BUF_DIR, PC_COMPRESSION_NONE},       {"a.yml", PC_BUF_DIR, PC_COMPRESSION_NONE},
		{"a.TAR", PC_BUF_DIR, PC_COMPRESSION_NONE},       {"x.tar/y", PC_BUF_DIR, PC_COMPRESSION_NONE},
		{" a.tar ", PC_BUF_TAR, PC_COMPRESSION_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		PcBufRef r = ok(cases[i].arg);
		cr_expect_eq(r.format, cases[i].format, "%s: format %s", cases[i].arg, pc_bufref_format_name(r.format));
		cr_expect_eq(r.compression, cases[i].compression, "%s: compression", cases[i].arg);
		cr_expect_not(r.format_given);
	}
	cr_expect_str_eq(ok(" a.tar ").path, "a.tar");
}

Test(bufref, options)
{
	PcBufRef r = ok("a.tar.gz#strip_components=2,subdir=./proto//acme/");
	cr_expect_eq(r.format, PC_BUF_TAR);
	cr_expect_eq(r.compression, PC_COMPRESSION_GZIP);
	cr_expect_eq(r.strip_components, 2);
	cr_expect_str_eq(r.subdir, "proto/acme");
	cr_expect_str_eq(r.path, "a.tar.gz");

	r = ok("archive#format=tar,compression=gzip");
	cr_expect_eq(r.format, PC_BUF_TAR);
	cr_expect(r.format_given);
	cr_expect_eq(r.compression, PC_COMPRESSION_GZIP);

	/* format= overrides the extension's format, not its compression (buf reads
	 * x.tar.gz#format=tar gzip-compressed) */
	r = ok("x.tar.gz#format=tar");
	cr_expect_eq(r.compression, PC_COMPRESSION_GZIP);
	r = ok("x.tar.gz#format=tar,compression=none");
	cr_expect_eq(r.compression, PC_COMPRESSION_NONE);

	/* the deprecated targz, bingz and jsongz formats are gzip unless told otherwise */
	r = ok("x#format=targz");
	cr_expect_eq(r.format, PC_BUF_TAR);
	cr_expect_eq(r.compression, PC_COMPRESSION_GZIP);
	cr_expect_eq(ok("x#format=bingz").format, PC_BUF_BINPB);
	cr_expect_eq(ok("x#format=bin").format, PC_BUF_BINPB);
	cr_expect_eq(ok("x#format=jsongz").compression, PC_COMPRESSION_GZIP);

	cr_expect_eq(ok("-#format=json").format, PC_BUF_JSON);
	cr_expect_str_eq(ok("-#format=json").path, "-");

	/* blanks around keys and values are trimmed; leading zeros are fine; "." is the root */
	r = ok("a.tar# strip_components = 01 , subdir = . ");
	cr_expect_eq(r.strip_components, 1);
	cr_expect_null(r.subdir);
	cr_expect_null(ok("a.tar#subdir=a/..").subdir);
	cr_expect_str_eq(ok("a.tar#subdir=old/../old").subdir, "old");
	cr_expect_eq(ok("a.tar#strip_components=4294967295").strip_components, 4294967295u);

	/* zero values of keys of another format pass, as in buf */
	ok("a.tar#recurse_submodules=false");
	ok("dir#strip_components=0");
	cr_expect(ok("a.tar#include_package_files=true").include_package_files);
	cr_expect(ok("a.proto#include_package_files=true").include_package_files);
}

Test(bufref, git)
{
	PcBufRef r = ok(".git#branch=main,subdir=proto");
	cr_expect_eq(r.format, PC_BUF_GIT);
	cr_expect_str_eq(r.branch, "main");
	cr_expect_str_eq(r.subdir, "proto");
	cr_expect_str_eq(ok(".git#tag=v1.0").tag, "v1.0");
	cr_expect_str_eq(ok(".git#ref=HEAD~1").ref, "HEAD~1");
	cr_expect_str_eq(ok(".git#commit=0123abc").ref, "0123abc");
	/* buf takes ref with branch, and (surprisingly) commit with tag */
	r = ok(".git#ref=HEAD~1,branch=main");
	cr_expect_str_eq(r.ref, "HEAD~1");
	cr_expect_str_eq(ok(".git#commit=abc,tag=v1").ref, "abc");
	r = ok("repo#format=git,ref=main,depth=10,recurse_submodules=true");
	cr_expect_eq(r.format, PC_BUF_GIT);
	cr_expect_eq(r.depth, 10);
	cr_expect(r.recurse_submodules);
}

Test(bufref, syntax_errors)
{
	refused("", "cannot be empty");
	refused("#format=tar", "no path before '#'");
	refused("a.tar#", "no options after '#'");
	refused("a.tar#a#b", "only one '#'");
	refused("a.tar#strip_components", "invalid options \"strip_components\"");
	refused("a.tar#=1", "invalid options \"=1\"");
	refused("a.tar#subdir=", "invalid options \"subdir=\"");
	refused("a.tar#a=b=c", "invalid options \"a=b=c\"");
	refused("a.tar#,format=tar", "invalid options");
	refused("a.tar#format=tar,format=zip", "\"format\" is given twice");
	refused("a.tar#foo=1", "unknown key \"foo\"");
	refused("a.tar#FORMAT=tar", "unknown key \"FORMAT\"");
}

Test(bufref, bad_values)
{
	refused("a.tar#format=foo", "unknown format \"foo\"");
	refused("a.tar#compression=bz2", "unknown compression \"bz2\"");
	refused("a.tar#strip_components=x", "strip_components must be a number");
	refused("a.tar#strip_components=-1", "strip_components must be a number");
	refused("a.tar#strip_components=+1", "strip_components must be a number");
	refused("a.tar#strip_components=4294967296", "strip_components must be a number");
	refused("a.tar#subdir=../x", "outside the input");
	refused("a.tar#subdir=a/../..", "outside the input");
	refused("a.tar#subdir=/abs", "must be a relative path");
	refused(".git#depth=0", "depth must be greater than 0");
	refused(".git#depth=x", "depth must be a number");
	refused(".git#recurse_submodules=maybe", "recurse_submodules must be true or false");
	refused("a.tar#include_package_files=maybe", "include_package_files must be true or false");
	refused("x.gz", "cannot tell the format of \"x.gz\"");
	refused("x.zst", "from its .zst extension");
	refused("x.gz#format=binpb", "cannot tell the format");
}

Test(bufref, options_of_another_format)
{
	refused("a.tar#branch=x", "git options");
	refused("a.tar#depth=1", "git options");
	refused("a.binpb#tag=v1", "do not apply to format binpb");
	refused("dir#strip_components=1", "strip_components does not apply to format dir");
	refused("a.binpb#strip_components=1", "strip_components does not apply to format binpb");
	refused("dir#subdir=x", "subdir does not apply to format dir");
	refused("a.binpb#subdir=x", "subdir does not apply");
	refused("a.zip#compression=gzip", "zip archive cannot have a compression");
	refused("a.zip#compression=none", "zip archive cannot have a compression");
	refused("a.tgz#format=zip", "zip archive cannot have a compression");
	refused("dir#compression=gzip", "compression does not apply to format dir");
	refused(".git#branch=a,tag=b", "only one of branch, commit and tag");
	refused(".git#branch=a,commit=b", "only one of branch, commit and tag");
	refused(".git#ref=a,tag=b", "tag cannot be given with ref");
	refused(".git#commit=a,ref=b", "commit cannot be given with ref");
}

Test(bufref, which_arguments_are_bufs)
{
	cr_expect(pc_bufref_is_input("a.tar"));
	cr_expect(pc_bufref_is_input("a.tar.gz"));
	cr_expect(pc_bufref_is_input("a.tgz"));
	cr_expect(pc_bufref_is_input("a.zip"));
	cr_expect(pc_bufref_is_input(".git"));
	cr_expect(pc_bufref_is_input("a.json"));
	cr_expect(pc_bufref_is_input("a.bin"));
	cr_expect(pc_bufref_is_input("-"));
	cr_expect(pc_bufref_is_input("proto#subdir=x"));
	cr_expect(pc_bufref_is_input("a.txtpb"));
	/* protocompat's own rules read these */
	cr_expect_not(pc_bufref_is_input("proto"));
	cr_expect_not(pc_bufref_is_input("a.proto"));
	cr_expect_not(pc_bufref_is_input("a.binpb"));
	cr_expect_not(pc_bufref_is_input("a.pb"));
	cr_expect_not(pc_bufref_is_input("a.yml"));
}
