/* Unit tests of src/archive.c: tar (plain, gzip, zstd) and zip archives made with the
 * tar, zip and python3 commands in a temporary directory, read into memory trees, and
 * hostile archives (names that climb out or are absolute, links, oversized entries,
 * garbage, truncated gzip) refused with an error. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "source.h"

static char dir[64];
static PcArena arena;
static PcDiags diags;

static void sh(const char *cmd)
{
	char full[4096];
	snprintf(full, sizeof full, "cd %s && %s", dir, cmd);
	cr_assert_eq(system(full), 0, "command failed: %s", cmd);
}

static void setup(void)
{
	strcpy(dir, "/tmp/pc_test_archive_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	pc_arena_init(&arena);
	pc_diags_init(&diags, &arena);
	sh("mkdir -p top/proto/acme top/docs && printf 'syntax = \"proto3\";\\n' >top/proto/acme/a.proto && "
	   "printf 'version: v2\\n' >top/proto/buf.yaml && printf 'x' >top/docs/README.md && "
	   "printf 'syntax = \"proto3\";\\npackage b;\\n' >top/proto/acme/b.proto");
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	pc_arena_release(&arena);
}

TestSuite(archive, .init = setup, .fini = teardown);

static int read_archive(PcMemTree *t, const char *name, PcArchiveKind kind, PcCompression c, uint32_t strip,
			uint64_t max)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	PcSource src;
	cr_assert_eq(pc_source_load(&src, path, path, &arena), 0, "cannot read %s", path);
	PcArchiveOpts o = {.kind = kind, .compression = c, .strip_components = strip, .max_file_size = max, .label = name};
	return pc_archive_read(t, "/virtual", src.data, src.len, &o, &arena, &diags);
}

static const char *last_error(void)
{
	return diags.list.len ? PC_VEC_AT(diags.list, PcDiag, diags.list.len - 1).message : "";
}

static void expect_files(const PcMemTree *t, const char *const *want, uint32_t n)
{
	cr_assert_eq(t->nfiles, n, "%u files, want %u", t->nfiles, n);
	for (uint32_t i = 0; i < n; i++)
		cr_expect_str_eq(t->files[i].path, want[i]);
}

Test(archive, tar_keeps_protos_and_configs_sorted)
{
	sh("tar cf a.tar top");
	PcMemTree t;
	cr_assert_eq(read_archive(&t, "a.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 0, "%s", last_error());
	static const char *const want[] = {"top/proto/acme/a.proto", "top/proto/acme/b.proto", "top/proto/buf.yaml"};
	expect_files(&t, want, 3);
	cr_expect_str_eq(t.root, "/virtual");
	cr_expect_eq(t.files[0].len, strlen("syntax = \"proto3\";\n"));
	cr_expect(memcmp(t.files[0].data, "syntax", 6) == 0);
}

Test(archive, strip_components_and_compressions)
{
	sh("tar czf a.tgz top && tar cf - top | zstd -q -o a.tar.zst 2>/dev/null || tar --zstd -cf a.tar.zst top");
	PcMemTree t;
	cr_assert_eq(read_archive(&t, "a.tgz", PC_ARCHIVE_TAR, PC_COMPRESSION_GZIP, 2, 0), 0, "%s", last_error());
	static const char *const want[] = {"acme/a.proto", "acme/b.proto", "buf.yaml"};
	expect_files(&t, want, 3);
	cr_assert_eq(read_archive(&t, "a.tar.zst", PC_ARCHIVE_TAR, PC_COMPRESSION_ZSTD, 1, 0), 0, "%s", last_error());
	cr_expect_str_eq(t.files[0].path, "proto/acme/a.proto");
	/* more components than a name has: the entry is left out */
	cr_assert_eq(read_archive(&t, "a.tgz", PC_ARCHIVE_TAR, PC_COMPRESSION_GZIP, 9, 0), 0);
	cr_expect_eq(t.nfiles, 0);
}

Test(archive, zip)
{
	sh("cd top && zip -qr ../a.zip . && cd .. && zip -qr b.zip top");
	PcMemTree t;
	cr_assert_eq(read_archive(&t, "a.zip", PC_ARCHIVE_ZIP, PC_COMPRESSION_NONE, 0, 0), 0, "%s", last_error());
	static const char *const want[] = {"proto/acme/a.proto", "proto/acme/b.proto", "proto/buf.yaml"};
	expect_files(&t, want, 3);
	cr_assert_eq(read_archive(&t, "b.zip", PC_ARCHIVE_ZIP, PC_COMPRESSION_NONE, 1, 0), 0, "%s", last_error());
	expect_files(&t, want, 3);
}

Test(archive, wrong_compression_or_kind_is_an_error)
{
	sh("tar czf a.tgz top && tar cf a.tar top");
	PcMemTree t;
	cr_expect_eq(read_archive(&t, "a.tgz", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect(strstr(last_error(), "cannot read it as a tar archive"), "%s", last_error());
	cr_expect_eq(read_archive(&t, "a.tar", PC_ARCHIVE_ZIP, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect(strstr(last_error(), "cannot read it as a zip archive"), "%s", last_error());
}

Test(archive, garbage_and_truncation)
{
	sh("head -c 3000 /dev/urandom >garbage.tar && tar czf a.tgz top && head -c 60 a.tgz >cut.tgz && "
	   "tar cf a.tar top && head -c 700 a.tar >cut.tar && : >empty.zip");
	PcMemTree t;
	cr_expect_eq(read_archive(&t, "garbage.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect_eq(read_archive(&t, "garbage.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_GZIP, 0, 0), 2);
	cr_expect_eq(read_archive(&t, "cut.tgz", PC_ARCHIVE_TAR, PC_COMPRESSION_GZIP, 0, 0), 2);
	cr_expect_eq(read_archive(&t, "cut.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect(strstr(last_error(), "cannot read"), "%s", last_error());
	cr_expect_eq(read_archive(&t, "empty.zip", PC_ARCHIVE_ZIP, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect_eq(read_archive(&t, "garbage.tar", PC_ARCHIVE_ZIP, PC_COMPRESSION_NONE, 0, 0), 2);
}

/* A tar made by python's tarfile, which writes any name and link it is given. */
static void hostile_tar(const char *out, const char *kind, const char *name, const char *target)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
		 "python3 -c 'import tarfile,io,sys\n"
		 "t=tarfile.open(sys.argv[1],\"w\")\n"
		 "i=tarfile.TarInfo(sys.argv[3])\n"
		 "k=sys.argv[2]\n"
		 "if k==\"file\":\n i.size=5; t.addfile(i,io.BytesIO(b\"hello\"))\n"
		 "else:\n i.type=tarfile.SYMTYPE if k==\"sym\" else tarfile.LNKTYPE; i.linkname=sys.argv[4]; t.addfile(i)\n"
		 "t.close()' %s %s '%s' '%s'",
		 out, kind, name, target);
	sh(cmd);
}

Test(archive, hostile_names)
{
	PcMemTree t;
	hostile_tar("up.tar", "file", "../evil.proto", "");
	cr_expect_eq(read_archive(&t, "up.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect_str_eq(last_error(), "entry \"../evil.proto\" leaves the archive (\"..\"); the archive is refused");
	hostile_tar("mid.tar", "file", "a/../../evil.proto", "");
	cr_expect_eq(read_archive(&t, "mid.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	hostile_tar("abs.tar", "file", "/etc/evil.proto", "");
	cr_expect_eq(read_archive(&t, "abs.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect_str_eq(last_error(), "entry \"/etc/evil.proto\" has an absolute path; the archive is refused");
	/* a climbing name is refused even when it is not a file we would keep */
	hostile_tar("up2.tar", "file", "../notes.txt", "");
	cr_expect_eq(read_archive(&t, "up2.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	/* "./" and doubled slashes are only spelling */
	hostile_tar("dot.tar", "file", ".//x//a.proto", "");
	cr_assert_eq(read_archive(&t, "dot.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 0, "%s", last_error());
	cr_expect_str_eq(t.files[0].path, "x/a.proto");
}

Test(archive, links)
{
	PcMemTree t;
	hostile_tar("sym.tar", "sym", "a.proto", "/etc/passwd");
	cr_expect_eq(read_archive(&t, "sym.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect_str_eq(last_error(), "entry \"a.proto\" is a symbolic link (to \"/etc/passwd\"); links are not followed");
	/* a link we would not keep anyway is skipped */
	hostile_tar("symdoc.tar", "sym", "README", "/etc/passwd");
	cr_expect_eq(read_archive(&t, "symdoc.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 0);
	cr_expect_eq(t.nfiles, 0);
	hostile_tar("hard.tar", "hard", "a.proto", "missing.proto");
	cr_expect_eq(read_archive(&t, "hard.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 2);
	cr_expect(strstr(last_error(), "is a hard link to \"missing.proto\""), "%s", last_error());
	/* tar stores a second name of the same file as a hard link */
	sh("mkdir h && printf 'syntax = \"proto3\";\\n' >h/a.proto && ln h/a.proto h/b.proto && tar cf h.tar h");
	cr_assert_eq(read_archive(&t, "h.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 0, "%s", last_error());
	cr_assert_eq(t.nfiles, 2);
	cr_expect_eq(t.files[0].len, t.files[1].len);
	cr_expect_eq(t.files[1].len, strlen("syntax = \"proto3\";\n"));
}

Test(archive, size_limit)
{
	sh("mkdir big && head -c 5000 /dev/zero >big/a.proto && head -c 9000 /dev/zero >big/notes.bin && "
	   "tar czf big.tgz big");
	PcMemTree t;
	cr_expect_eq(read_archive(&t, "big.tgz", PC_ARCHIVE_TAR, PC_COMPRESSION_GZIP, 0, 4999), 2);
	cr_expect_str_eq(last_error(),
			 "entry \"big/a.proto\" is larger than the limit of 4999 bytes (raise it with --max-file-size)");
	/* only kept files count */
	cr_expect_eq(read_archive(&t, "big.tgz", PC_ARCHIVE_TAR, PC_COMPRESSION_GZIP, 0, 5000), 0);
}

Test(archive, a_later_entry_replaces_an_earlier_one)
{
	sh("mkdir d && printf one >d/a.proto && tar cf twice.tar d/a.proto && printf three >d/a.proto && "
	   "tar rf twice.tar d/a.proto");
	PcMemTree t;
	cr_assert_eq(read_archive(&t, "twice.tar", PC_ARCHIVE_TAR, PC_COMPRESSION_NONE, 0, 0), 0);
	cr_assert_eq(t.nfiles, 1);
	cr_expect_eq(t.files[0].len, 5);
}

Test(archive, uncompress)
{
	sh("printf 'hello world' >x && gzip -k x && (zstd -q x -o x.zst 2>/dev/null || cp x x.zst)");
	char path[256];
	PcSource src;
	const char *out;
	size_t len;
	snprintf(path, sizeof path, "%s/x.gz", dir);
	cr_assert_eq(pc_source_load(&src, path, path, &arena), 0);
	cr_assert_eq(pc_archive_uncompress(&out, &len, src.data, src.len, PC_COMPRESSION_GZIP, 0, "x.gz", &arena, &diags), 0,
		     "%s", last_error());
	cr_expect_eq(len, 11);
	cr_expect(memcmp(out, "hello world", 11) == 0);
	cr_expect_eq(pc_archive_uncompress(&out, &len, src.data, src.len, PC_COMPRESSION_GZIP, 5, "x.gz", &arena, &diags), 2);
	cr_expect_eq(pc_archive_uncompress(&out, &len, "hello", 5, PC_COMPRESSION_GZIP, 0, "x", &arena, &diags), 2);
	cr_expect(strstr(last_error(), "not gzip data"), "%s", last_error());
	cr_expect_eq(pc_archive_uncompress(&out, &len, src.data, src.len - 8, PC_COMPRESSION_GZIP, 0, "x", &arena, &diags), 2);
	cr_expect_eq(pc_archive_uncompress(&out, &len, "hello", 5, PC_COMPRESSION_NONE, 0, "x", &arena, &diags), 0);
	cr_expect_eq(len, 5);
}
