/* Reading a version of a repository through the git command. Every call is one spawn and
 * exec of `git` with an argument array (no shell, so names are never re-parsed), with
 * stdin, stdout and stderr connected to this process and served by one poll() loop,
 * so a large `cat-file --batch` exchange cannot deadlock on full pipes. Standard input
 * is a socket so that writing to a git that has already exited returns EPIPE instead of
 * raising SIGPIPE (send with MSG_NOSIGNAL), without touching signal dispositions.
 *
 * A version is listed with `ls-tree -r -z --full-tree` (a revision) or `ls-files
 * --stage -z` (the index, which honours GIT_INDEX_FILE as hooks need), every path is
 * kept for existence checks, and the blobs of the .proto files are fetched in one
 * `cat-file --batch` run. Nothing here writes to the repository. */
#include "git.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "source.h"

extern char **environ;

typedef struct Buf {
	char *data;
	size_t len, cap;
} Buf;

static void buf_append(Buf *b, const char *p, size_t n, PcArena *a)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		b->data = pc_arena_grow(a, b->data, b->cap, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* git's own message, first line, for our diagnostic; "" when it said nothing. */
static const char *first_line(const Buf *err, PcArena *a)
{
	if (!err->len)
		return "";
	const char *p = err->data;
	if (strncmp(p, "fatal: ", 7) == 0)
		p += 7;
	else if (strncmp(p, "error: ", 7) == 0)
		p += 7;
	const char *nl = strchr(p, '\n');
	return pc_arena_strndup(a, p, nl ? (size_t)(nl - p) : strlen(p));
}

static void set_cloexec(int fd)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

typedef struct GitRun {
	const char *dir;          /* -C DIR, or NULL */
	const char *const *args;  /* after "git" (and -C DIR), NULL-terminated */
	const char *in;           /* bytes for stdin, may be NULL */
	size_t inlen;
	Buf out, err;
	int status;               /* exit status; -1 when git could not run */
} GitRun;

/* Runs git to completion. Returns false when it could not be started at all. */
static bool git_run(GitRun *r, PcArena *a)
{
	int sin[2], sout[2], serr[2];
	r->out = (Buf){0};
	r->err = (Buf){0};
	r->status = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sin) != 0)
		return false;
	if (pipe(sout) != 0) {
		close(sin[0]);
		close(sin[1]);
		return false;
	}
	if (pipe(serr) != 0) {
		close(sin[0]);
		close(sin[1]);
		close(sout[0]);
		close(sout[1]);
		return false;
	}
	size_t nargs = 0;
	while (r->args[nargs])
		nargs++;
	const char **argv = PC_NEW_ARRAY(a, const char *, nargs + 4);
	size_t k = 0;
	argv[k++] = "git";
	if (r->dir) {
		argv[k++] = "-C";
		argv[k++] = r->dir;
	}
	for (size_t i = 0; i < nargs; i++)
		argv[k++] = r->args[i];
	argv[k] = NULL;
	/* posix_spawn, not fork: a large process (a loaded schema) would have its page
	 * tables copied for every git run. */
	set_cloexec(sin[0]);
	set_cloexec(sout[0]);
	set_cloexec(serr[0]);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sin[1], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, sout[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, serr[1], STDERR_FILENO);
	posix_spawn_file_actions_addclose(&fa, sin[1]);
	posix_spawn_file_actions_addclose(&fa, sout[1]);
	posix_spawn_file_actions_addclose(&fa, serr[1]);
	pid_t pid;
	int err = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sin[1]);
	close(sout[1]);
	close(serr[1]);
	if (err != 0) {
		close(sin[0]);
		close(sout[0]);
		close(serr[0]);
		errno = err;
		return false;
	}
	size_t sent = 0;
	if (!r->in || r->inlen == 0) {
		shutdown(sin[0], SHUT_WR);
		close(sin[0]);
		sin[0] = -1;
	}
	int fd_out = sout[0], fd_err = serr[0];
	char chunk[65536];
	while (sin[0] >= 0 || fd_out >= 0 || fd_err >= 0) {
		struct pollfd p[3] = {
			{.fd = sin[0], .events = POLLOUT},
			{.fd = fd_out, .events = POLLIN},
			{.fd = fd_err, .events = POLLIN},
		};
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (sin[0] >= 0 && (p[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = send(sin[0], r->in + sent, r->inlen - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0)
				sent += (size_t)n;
			if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == r->inlen) {
				shutdown(sin[0], SHUT_WR);
				close(sin[0]);
				sin[0] = -1;
			}
		}
		int *fds[2] = {&fd_out, &fd_err};
		Buf *bufs[2] = {&r->out, &r->err};
		for (int i = 0; i < 2; i++) {
			if (*fds[i] < 0 || !(p[i + 1].revents & (POLLIN | POLLERR | POLLHUP)))
				continue;
			ssize_t n = read(*fds[i], chunk, sizeof chunk);
			if (n > 0) {
				buf_append(bufs[i], chunk, (size_t)n, a);
			} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(*fds[i]);
				*fds[i] = -1;
			}
		}
	}
	if (sin[0] >= 0)
		close(sin[0]);
	if (fd_out >= 0)
		close(fd_out);
	if (fd_err >= 0)
		close(fd_err);
	int wst;
	while (waitpid(pid, &wst, 0) < 0)
		if (errno != EINTR)
			return false;
	if (WIFEXITED(wst) && WEXITSTATUS(wst) == 127 && r->err.len == 0)
		return false;
	r->status = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
	if (!r->out.data)
		buf_append(&r->out, "", 0, a);
	return true;
}

/* Runs git and records an error when it cannot start or fails; true on success. */
static bool git_ok(GitRun *r, const char *what, PcArena *a, PcDiags *d)
{
	if (!git_run(r, a)) {
		pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0}, "cannot run git for %s: %s", what,
			    errno && errno != ENOENT ? strerror(errno) : "not found");
		return false;
	}
	if (r->status != 0) {
		const char *msg = first_line(&r->err, a);
		pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0}, "git failed for %s%s%s", what, *msg ? ": " : "",
			    msg);
		return false;
	}
	return true;
}

/* The first line of git's output, without its newline. */
static const char *out_line(const GitRun *r, PcArena *a)
{
	const char *nl = strchr(r->out.data, '\n');
	return pc_arena_strndup(a, r->out.data, nl ? (size_t)(nl - r->out.data) : r->out.len);
}

bool pc_git_is_input(const char *arg)
{
	return strncmp(arg, "git:", 4) == 0;
}

bool pc_git_parse(PcGitRef *out, const char *arg, PcArena *a, PcDiags *d)
{
	const char *rev = arg + 4;
	const char *colon = strchr(rev, ':');
	size_t rl = colon ? (size_t)(colon - rev) : strlen(rev);
	out->rev = pc_arena_strndup(a, rev, rl);
	out->path = NULL;
	if (colon && colon[1]) {
		/* "git:HEAD:proto/" is "git:HEAD:proto": a directory written as users write it */
		size_t pl = strlen(colon + 1);
		while (pl > 1 && colon[pl] == '/')
			pl--;
		out->path = pc_arena_strndup(a, colon + 1, pl);
	}
	if (rl == 0) {
		pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
			    "\"%s\": a git input needs a revision: git:REV[:PATH] (e.g. git:HEAD, git:main:proto)", arg);
		return false;
	}
	return true;
}

/* The object id of rev's tree, or NULL (no error recorded: the caller explains). */
static const char *rev_tree(const char *dir, const char *rev, PcArena *a)
{
	size_t n = strlen(rev);
	char *spec = pc_arena_alloc(a, n + 8);
	memcpy(spec, rev, n);
	memcpy(spec + n, "^{tree}", 8);
	const char *args[] = {"rev-parse", "--verify", "--quiet", "--end-of-options", spec, NULL};
	GitRun r = {.dir = dir, .args = args};
	if (!git_run(&r, a) || r.status != 0 || r.out.len == 0)
		return NULL;
	return out_line(&r, a);
}

bool pc_git_has_rev(const char *dir, const char *rev, PcArena *a)
{
	return rev_tree(dir, rev, a) != NULL;
}

/* The first line git prints for args, or NULL when it fails. */
static const char *git_line(const char *dir, const char *const *args, PcArena *a)
{
	GitRun r = {.dir = dir, .args = args};
	if (!git_run(&r, a) || r.status != 0 || r.out.len == 0)
		return NULL;
	return out_line(&r, a);
}

/* A bare repository (a mirror, repo.git) has no working tree: its git directory
 * stands for the top. */
const char *pc_git_top(const char *dir, PcArena *a)
{
	const char *top[] = {"rev-parse", "--show-toplevel", NULL};
	const char *bare[] = {"rev-parse", "--is-bare-repository", NULL};
	const char *git_dir[] = {"rev-parse", "--absolute-git-dir", NULL};
	const char *t = git_line(dir, top, a);
	if (t)
		return t;
	const char *is_bare = git_line(dir, bare, a);
	return is_bare && strcmp(is_bare, "true") == 0 ? git_line(dir, git_dir, a) : NULL;
}

/* A HEAD that names a branch with no commit yet. */
static bool head_is_unborn(const char *dir, PcArena *a)
{
	const char *sym[] = {"symbolic-ref", "--quiet", "HEAD", NULL};
	GitRun r = {.dir = dir, .args = sym};
	if (!git_run(&r, a) || r.status != 0)
		return false;
	const char *ref = out_line(&r, a);
	const char *verify[] = {"rev-parse", "--verify", "--quiet", ref, NULL};
	GitRun v = {.dir = dir, .args = verify};
	return git_run(&v, a) && v.status != 0;
}

/* Resolves "A...B" to the object id of their merge base. */
static const char *merge_base(const char *dir, const char *rev, const char *dots, PcArena *a, PcDiags *d)
{
	const char *left = pc_arena_strndup(a, rev, (size_t)(dots - rev));
	const char *right = dots + 3;
	if (!*left)
		left = "HEAD";
	if (!*right)
		right = "HEAD";
	const char *sides[2] = {left, right};
	for (int i = 0; i < 2; i++)
		if (!rev_tree(dir, sides[i], a)) {
			pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
				    "git: unknown revision \"%s\" in \"%s\" (for a CI checkout, fetch it first)", sides[i],
				    rev);
			return NULL;
		}
	const char *args[] = {"merge-base", "--end-of-options", left, right, NULL};
	GitRun r = {.dir = dir, .args = args};
	if (!git_run(&r, a) || r.status != 0 || r.out.len == 0) {
		pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
			    "git: \"%s\" and \"%s\" have no merge base (a shallow clone needs more history: fetch-depth 0)",
			    left, right);
		return NULL;
	}
	return out_line(&r, a);
}

static int cmp_entries(const void *x, const void *y)
{
	return strcmp(((const PcGitEntry *)x)->path, ((const PcGitEntry *)y)->path);
}

/* The blobs a check reads: .proto files and the configuration files that lay out a
 * workspace (buf.yaml, buf.work.yaml, protocompat.yaml). */
bool pc_git_wanted_blob(const char *path)
{
	size_t n = strlen(path);
	if (n > 6 && strcmp(path + n - 6, ".proto") == 0)
		return true;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return strcmp(base, "buf.yaml") == 0 || strcmp(base, "buf.work.yaml") == 0 || strcmp(base, "protocompat.yaml") == 0;
}

/* Parses NUL-terminated records "MODE TYPE OID\tPATH" (ls-tree) or "MODE OID STAGE\tPATH"
 * (ls-files --stage). Symbolic links (120000) and submodules (160000) are not files
 * of the version for us. Returns false on an unmerged index entry. */
static bool parse_listing(const Buf *out, bool index, PcVec *entries, bool *submodules, PcArena *a, PcDiags *d)
{
	const char *p = out->data, *end = out->data + out->len;
	while (p < end) {
		const char *rec_end = memchr(p, '\0', (size_t)(end - p));
		if (!rec_end)
			rec_end = end;
		const char *tab = memchr(p, '\t', (size_t)(rec_end - p));
		if (tab) {
			const char *path = tab + 1;
			bool regular = strncmp(p, "100", 3) == 0;
			if (strncmp(p, "160000", 6) == 0)
				*submodules = true;
			const char *oid = strchr(p, ' ');
			if (oid && !index)
				oid = strchr(oid + 1, ' ');
			if (regular && oid && oid < tab) {
				oid++;
				const char *oid_end = index ? strchr(oid, ' ') : tab;
				if (index && oid_end && oid_end + 1 < tab && oid_end[1] != '0') {
					pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
						    "git: \"%s\" is unmerged in the index; resolve the conflict first", path);
					return false;
				}
				if (oid_end && oid_end <= tab && oid_end > oid) {
					PcGitEntry *e = PC_VEC_PUSH(entries, PcGitEntry, a);
					e->path = pc_arena_strndup(a, path, (size_t)(rec_end - path));
					e->oid = pc_arena_strndup(a, oid, (size_t)(oid_end - oid));
				}
			}
		}
		p = rec_end + 1;
	}
	return true;
}

/* Fetches objects by id in one `cat-file --batch` run: data[i] and len[i] for oids[i]. */
static bool read_objects(const char *dir, const char *const *oids, uint32_t n, const char **names,
			 const char **data, size_t *len, PcArena *a, PcDiags *d)
{
	if (!n)
		return true;
	Buf in = {0};
	for (uint32_t i = 0; i < n; i++) {
		buf_append(&in, oids[i], strlen(oids[i]), a);
		buf_append(&in, "\n", 1, a);
	}
	const char *args[] = {"cat-file", "--batch", NULL};
	GitRun r = {.dir = dir, .args = args, .in = in.data, .inlen = in.len};
	if (!git_ok(&r, "reading the files", a, d))
		return false;
	const char *p = r.out.data, *end = r.out.data + r.out.len;
	for (uint32_t i = 0; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *sp = nl;
		while (sp && sp > p && sp[-1] != ' ')
			sp--;
		sp = sp && sp > p ? sp - 1 : NULL;
		char *size_end = NULL;
		unsigned long long size = sp ? strtoull(sp + 1, &size_end, 10) : 0;
		if (!nl || !sp || size_end != nl || size > (unsigned long long)(end - nl - 1)) {
			pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0}, "git: cannot read \"%s\" (object %s)",
				    names ? names[i] : oids[i], oids[i]);
			return false;
		}
		data[i] = nl + 1;
		len[i] = (size_t)size;
		p = nl + 1 + size + 1;
	}
	return true;
}

int pc_git_read_objects(const PcGitVersion *v, const char *const *oids, uint32_t n, const char **data, size_t *len,
			PcArena *a, PcDiags *d)
{
	return read_objects(v->blob_dir, oids, n, NULL, data, len, a, d) ? 0 : 2;
}

/* Fetches the blobs of the .proto and configuration entries in one `cat-file --batch` run. */
static bool read_blobs(PcGitVersion *v, PcArena *a, PcDiags *d)
{
	uint32_t nproto = 0;
	for (uint32_t i = 0; i < v->nentries; i++)
		nproto += pc_git_wanted_blob(v->entries[i].path);
	PcMemFile *files = PC_NEW_ARRAY(a, PcMemFile, nproto ? nproto : 1);
	const char **oids = PC_NEW_ARRAY(a, const char *, nproto ? nproto : 1);
	const char **names = PC_NEW_ARRAY(a, const char *, nproto ? nproto : 1);
	const char **data = PC_NEW_ARRAY(a, const char *, nproto ? nproto : 1);
	size_t *len = PC_NEW_ARRAY(a, size_t, nproto ? nproto : 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < v->nentries; i++)
		if (pc_git_wanted_blob(v->entries[i].path)) {
			oids[k] = v->entries[i].oid;
			names[k++] = v->entries[i].path;
		}
	v->tree.files = files;
	v->tree.nfiles = 0;
	if (!read_objects(v->blob_dir, oids, nproto, names, data, len, a, d))
		return false;
	for (uint32_t i = 0; i < nproto; i++)
		files[v->tree.nfiles++] = (PcMemFile){.path = names[i], .data = data[i], .len = len[i]};
	return true;
}

int pc_git_list(PcGitVersion *v, const char *dir, const char *rev, PcArena *a, PcDiags *d)
{
	memset(v, 0, sizeof *v);
	v->top = pc_git_top(dir, a);
	if (!v->top) {
		/* git's own words for why there is no repository */
		const char *top_args[] = {"rev-parse", "--show-toplevel", NULL};
		GitRun top = {.dir = dir, .args = top_args};
		if (git_ok(&top, "finding the repository", a, d))
			pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0}, "git: no repository found%s", "");
		return 2;
	}
	v->tree.root = v->top;
	bool index = strcmp(rev, "INDEX") == 0;
	const char *dots = strstr(rev, "...");
	const char *tree = NULL;
	v->label = rev;
	if (!index) {
		const char *target = rev;
		if (dots) {
			target = merge_base(dir, rev, dots, a, d);
			if (!target)
				return 2;
		}
		tree = rev_tree(dir, target, a);
		if (!tree) {
			if (strcmp(rev, "HEAD") == 0 && head_is_unborn(dir, a)) {
				v->unborn = true;
				v->tree.files = NULL;
				return 0;
			}
			pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0},
				    "git: unknown revision \"%s\" (a branch, tag, commit or HEAD~N; INDEX for the staged files)",
				    rev);
			return 2;
		}
		if (dots) {
			size_t n = strlen(rev) + 16;
			char *label = pc_arena_alloc(a, n);
			snprintf(label, n, "%s (%.10s)", rev, target);
			v->label = label;
		}
	}
	v->tree_oid = tree;
	const char *ls_tree[] = {"ls-tree", "-r", "-z", "--full-tree", tree, NULL};
	const char *ls_files[] = {"ls-files", "--stage", "-z", "--full-name", NULL};
	GitRun ls = {.dir = dir, .args = index ? ls_files : ls_tree};
	if (index) {
		/* ls-files lists what is below the current directory; list from the top. */
		ls.dir = v->top;
	}
	if (!git_ok(&ls, "listing the files", a, d))
		return 2;
	PcVec entries = {0};
	if (!parse_listing(&ls.out, index, &entries, &v->has_submodules, a, d))
		return 2;
	/* git lists in path order already (one pass to be sure: sorting 100,000 sorted
	 * paths again took tens of milliseconds) */
	bool sorted = true;
	for (uint32_t i = 1; i < entries.len && sorted; i++)
		sorted = cmp_entries(&PC_VEC_AT(entries, PcGitEntry, i - 1), &PC_VEC_AT(entries, PcGitEntry, i)) <= 0;
	if (!sorted)
		qsort(entries.items, entries.len, sizeof(PcGitEntry), cmp_entries);
	v->paths = PC_NEW_ARRAY(a, const char *, entries.len ? entries.len : 1);
	for (uint32_t i = 0; i < entries.len; i++)
		v->paths[v->npaths++] = PC_VEC_AT(entries, PcGitEntry, i).path;
	v->entries = entries.items;
	v->nentries = entries.len;
	v->blob_dir = index ? v->top : dir;
	return 0;
}

int pc_git_read(PcGitVersion *v, const char *dir, const char *rev, PcArena *a, PcDiags *d)
{
	int rc = pc_git_list(v, dir, rev, a, d);
	if (rc != 0 || v->unborn)
		return rc;
	return read_blobs(v, a, d) ? 0 : 2;
}


/* path below the repository's top ("" for the top), NULL when outside it. */
static const char *top_relative(const PcGitVersion *v, const char *path, PcArena *a)
{
	const char *abs = pc_path_normalize(a, path);
	size_t tl = strlen(v->top);
	if (!abs || strncmp(abs, v->top, tl) != 0 || (abs[tl] != '/' && abs[tl] != '\0'))
		return NULL;
	return abs[tl] ? abs + tl + 1 : abs + tl;
}

PcGitPathKind pc_git_path_kind(const PcGitVersion *v, const char *path, PcArena *a)
{
	const char *rel = top_relative(v, path, a);
	if (!rel)
		return PC_GIT_ABSENT;
	size_t rl = strlen(rel);
	if (rl == 0)
		return v->npaths ? PC_GIT_DIR : PC_GIT_ABSENT;
	for (uint32_t i = 0; i < v->npaths; i++) {
		const char *p = v->paths[i];
		if (strncmp(p, rel, rl) != 0)
			continue;
		if (p[rl] == '\0')
			return PC_GIT_FILE;
		if (p[rl] == '/')
			return PC_GIT_DIR;
	}
	return PC_GIT_ABSENT;
}

int pc_git_read_blob(const PcGitVersion *v, const char *path, const char **data, size_t *len, PcArena *a,
		     PcDiags *d)
{
	const char *rel = top_relative(v, path, a);
	if (!rel || !*rel || v->unborn) {
		pc_diag_add(d, PC_SEV_ERROR, NULL, 0, 0, (PcStr){0}, "\"%s\" does not exist at git revision %s", path,
			    v->label);
		return 2;
	}
	const char *tree = v->tree_oid ? v->tree_oid : "";
	size_t n = strlen(tree) + strlen(rel) + 2;
	char *spec = pc_arena_alloc(a, n);
	snprintf(spec, n, "%s:%s", tree, rel);
	const char *args[] = {"cat-file", "blob", spec, NULL};
	GitRun r = {.dir = v->top, .args = args};
	if (!git_ok(&r, "reading a file", a, d))
		return 2;
	*data = r.out.data;
	*len = r.out.len;
	return 0;
}

const char *pc_git_hook_path(const char *dir, const char *hook, PcArena *a, PcDiags *d)
{
	size_t n = strlen(hook) + 7;
	char *rel = pc_arena_alloc(a, n);
	snprintf(rel, n, "hooks/%s", hook);
	const char *args[] = {"rev-parse", "--path-format=absolute", "--git-path", rel, NULL};
	GitRun r = {.dir = dir, .args = args};
	if (!git_ok(&r, "finding the hooks directory", a, d))
		return NULL;
	return out_line(&r, a);
}
