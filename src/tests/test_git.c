/* Unit tests of src/git.c (reading versions through git) and of the loader's in-memory
 * tree (pc_schema_load_tree), on temporary repositories made with the git command. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "git.h"
#include "schema.h"

static char repo[256];

static void sh(const char *fmt, const char *arg)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, fmt, arg, arg, arg, arg);
	cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}

static void make_repo(void)
{
	strcpy(repo, "/tmp/pc_test_git_XXXXXX");
	cr_assert_not_null(mkdtemp(repo));
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "t", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "t", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example.com", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_INDEX_FILE");
	sh("git -C %s init -q -b main && mkdir -p %s/proto/a", repo);
}

static void remove_repo(void)
{
	sh("rm -rf %s", repo);
}

static void write_file(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", repo, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static const PcMemFile *find(const PcGitVersion *v, const char *path)
{
	for (uint32_t i = 0; i < v->tree.nfiles; i++)
		if (strcmp(v->tree.files[i].path, path) == 0)
			return &v->tree.files[i];
	return NULL;
}

static char *at(const char *rel)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s/%s", repo, rel);
	return buf;
}

Test(git, parse)
{
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcGitRef r;
	cr_assert(pc_git_is_input("git:main"));
	cr_assert(!pc_git_is_input("gitx/main"));
	cr_assert(pc_git_parse(&r, "git:main", &a, &d));
	cr_assert_str_eq(r.rev, "main");
	cr_assert_null(r.path);
	cr_assert(pc_git_parse(&r, "git:origin/main...HEAD:proto/a.proto", &a, &d));
	cr_assert_str_eq(r.rev, "origin/main...HEAD");
	cr_assert_str_eq(r.path, "proto/a.proto");
	cr_assert(pc_git_parse(&r, "git:HEAD~3:", &a, &d));
	cr_assert_str_eq(r.rev, "HEAD~3");
	cr_assert_null(r.path);
	cr_assert_eq(d.errors, 0);
	cr_assert(!pc_git_parse(&r, "git::proto", &a, &d));
	cr_assert_eq(d.errors, 1);
	pc_arena_release(&a);
}

Test(git, read_revision_and_index, .init = make_repo, .fini = remove_repo)
{
	write_file("proto/a/x.proto", "syntax = \"proto3\";\nmessage X {}\n");
	write_file("proto/README", "not a proto\n");
	sh("git -C %s add -A && git -C %s commit -qm one", repo);
	write_file("proto/a/x.proto", "syntax = \"proto3\";\nmessage X { int32 f = 1; }\n");
	write_file("proto/a/y.proto", "syntax = \"proto3\";\n");
	sh("git -C %s add proto/a/x.proto", repo);
	write_file("proto/a/x.proto", "working tree only\n");

	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcGitVersion head, index;
	cr_assert_eq(pc_git_read(&head, repo, "HEAD", &a, &d), 0);
	cr_assert_eq(head.tree.nfiles, 1, "only .proto blobs are read");
	cr_assert_eq(head.npaths, 2, "every file is listed");
	const PcMemFile *x = find(&head, "proto/a/x.proto");
	cr_assert_not_null(x);
	cr_assert_eq(x->len, strlen("syntax = \"proto3\";\nmessage X {}\n"));
	cr_assert_eq(memcmp(x->data, "syntax = \"proto3\";\nmessage X {}\n", x->len), 0);

	cr_assert_eq(pc_git_read(&index, repo, "INDEX", &a, &d), 0);
	x = find(&index, "proto/a/x.proto");
	cr_assert_not_null(x);
	cr_assert_eq(memcmp(x->data, "syntax = \"proto3\";\nmessage X { int32 f = 1; }\n", x->len), 0,
		     "INDEX is the staged content, not the working tree");
	cr_assert_null(find(&index, "proto/a/y.proto"), "untracked files are not in the index");

	cr_assert_eq(pc_git_path_kind(&head, at("proto"), &a), PC_GIT_DIR);
	cr_assert_eq(pc_git_path_kind(&head, at("proto/a/x.proto"), &a), PC_GIT_FILE);
	cr_assert_eq(pc_git_path_kind(&head, at("proto/README"), &a), PC_GIT_FILE);
	cr_assert_eq(pc_git_path_kind(&head, at("proto/a/y.proto"), &a), PC_GIT_ABSENT);
	cr_assert_eq(pc_git_path_kind(&head, at("prot"), &a), PC_GIT_ABSENT);
	cr_assert_eq(pc_git_path_kind(&head, "/nowhere/else", &a), PC_GIT_ABSENT);
	cr_assert_eq(d.errors, 0);
	pc_arena_release(&a);
}

Test(git, errors_and_unborn_head, .init = make_repo, .fini = remove_repo)
{
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcGitVersion v;
	cr_assert_eq(pc_git_read(&v, repo, "HEAD", &a, &d), 0, "no commit yet: an empty HEAD");
	cr_assert(v.unborn);
	cr_assert_eq(d.errors, 0);
	cr_assert_eq(pc_git_read(&v, repo, "main~1", &a, &d), 2);
	cr_assert_eq(d.errors, 1);
	cr_assert_str_eq(PC_VEC_AT(d.list, PcDiag, 0).message,
			 "git: unknown revision \"main~1\" (a branch, tag, commit or HEAD~N; INDEX for the staged files)");
	cr_assert_eq(pc_git_read(&v, "/", "HEAD", &a, &d), 2, "outside a repository");
	pc_arena_release(&a);
}

Test(git, merge_base, .init = make_repo, .fini = remove_repo)
{
	write_file("proto/a/x.proto", "syntax = \"proto3\";\n");
	sh("git -C %s add -A && git -C %s commit -qm base && git -C %s checkout -q -b side", repo);
	write_file("proto/a/side.proto", "syntax = \"proto3\";\n");
	sh("git -C %s add -A && git -C %s commit -qm side && git -C %s checkout -q main", repo);
	write_file("proto/a/main.proto", "syntax = \"proto3\";\n");
	sh("git -C %s add -A && git -C %s commit -qm main", repo);
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	PcGitVersion v;
	cr_assert_eq(pc_git_read(&v, repo, "side...main", &a, &d), 0);
	cr_assert_eq(v.tree.nfiles, 1, "the merge base has x.proto only");
	cr_assert_not_null(find(&v, "proto/a/x.proto"));
	cr_assert_eq(pc_git_read(&v, repo, "side...", &a, &d), 0, "an empty side is HEAD");
	cr_assert_eq(v.tree.nfiles, 1);
	cr_assert_eq(d.errors, 0);
	pc_arena_release(&a);
}

/* The loader reads paths below the tree's root from memory only. */
Test(git, load_tree, .init = make_repo, .fini = remove_repo)
{
	write_file("proto/a/disk.proto", "syntax = \"proto3\";\npackage a;\nmessage OnDisk {}\n");
	PcArena a;
	pc_arena_init(&a);
	PcDiags d;
	pc_diags_init(&d, &a);
	static const char mem_a[] = "syntax = \"proto3\";\npackage a;\nimport \"a/b.proto\";\nmessage A { B b = 1; }\n";
	static const char mem_b[] = "syntax = \"proto3\";\npackage a;\nmessage B {}\n";
	PcMemFile files[] = {
		{.path = "proto/a/a.proto", .data = mem_a, .len = sizeof mem_a - 1},
		{.path = "proto/a/b.proto", .data = mem_b, .len = sizeof mem_b - 1},
	};
	PcMemTree tree = {.root = repo, .files = files, .nfiles = 2};
	PcSchema s;
	pc_schema_init(&s, &a, &d);
	PcLoadConfig cfg = {.import_paths = NULL, .nimport_paths = 0};
	char dir[512];
	snprintf(dir, sizeof dir, "%s/proto", repo);
	const char *inputs[] = {dir};
	cr_assert_eq(pc_schema_load_tree(&s, &cfg, &tree, inputs, 1), 0);
	cr_assert_eq(s.inputs.len, 2, "disk.proto is on disk but not in the tree");
	PcFile *f = PC_VEC_AT(s.inputs, PcFile *, 0);
	cr_assert(pc_str_eq_c(f->name, "a/a.proto"));
	char want[600];
	snprintf(want, sizeof want, "%s/proto/a/a.proto", repo);
	cr_assert_str_eq(f->path, want, "paths are the working tree's");
	void *elem;
	cr_assert_eq(pc_schema_lookup(&s, pc_str("a.B"), &elem), PC_SYM_MESSAGE);
	cr_assert_eq(pc_schema_lookup(&s, pc_str("a.OnDisk"), &elem), PC_SYM_NONE);
	pc_arena_release(&a);
}
