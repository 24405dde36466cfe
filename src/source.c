/* The line table is built in one pass so diagnostics and spans can map offsets to lines
 * without rescanning. Files over 4 GiB are refused (offsets are 32-bit). */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void build_lines(PcSource *src, PcArena *a)
{
	/* Count first, so the table is allocated once at its size. */
	uint32_t n = 1;
	const char *p = src->data, *end = src->data + src->len;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	uint32_t *lines = pc_arena_alloc(a, sizeof(uint32_t) * n);
	uint32_t i = 0;
	lines[i++] = 0;
	for (p = src->data; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		lines[i++] = (uint32_t)(p - src->data + 1);
	src->line_starts = lines;
	src->nlines = n;
}

void pc_source_init_bytes(PcSource *src, const char *path, const char *name, const char *data,
			  size_t len, PcArena *a)
{
	char *copy = pc_arena_alloc(a, len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	src->path = path;
	src->name = name;
	src->data = copy;
	src->len = len;
	build_lines(src, a);
}

int pc_source_load(PcSource *src, const char *path, const char *name, PcArena *a)
{
	return pc_source_load_max(src, path, name, UINT32_MAX - 1, a);
}

int pc_source_load_max(PcSource *src, const char *path, const char *name, uint64_t max, PcArena *a)
{
	memset(src, 0, sizeof *src);
	errno = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK); /* a FIFO must not block: fstat rejects it */
	if (fd < 0)
		return errno;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int e = errno ? errno : EINVAL;
		if (e == EINVAL && S_ISDIR(st.st_mode))
			e = EISDIR;
		close(fd);
		return e;
	}
	if ((unsigned long long)st.st_size >= UINT32_MAX || (uint64_t)st.st_size > max) {
		close(fd);
		return EFBIG;
	}
	size_t size = (size_t)st.st_size;
	char *buf = pc_arena_alloc(a, size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	src->path = path;
	src->name = name;
	src->data = buf;
	src->len = got;
	build_lines(src, a);
	return 0;
}

PcStr pc_source_line(const PcSource *src, uint32_t line)
{
	if (line >= src->nlines)
		return (PcStr){"", 0};
	uint32_t start = src->line_starts[line];
	uint32_t end = line + 1 < src->nlines ? src->line_starts[line + 1] : (uint32_t)src->len;
	while (end > start && (src->data[end - 1] == '\n' || src->data[end - 1] == '\r'))
		end--;
	return (PcStr){src->data + start, end - start};
}

char *pc_path_normalize(PcArena *a, const char *path)
{
	char cwd[PATH_MAX];
	const char *prefix = "";
	if (path[0] != '/') {
		if (!getcwd(cwd, sizeof cwd))
			return NULL;
		prefix = cwd;
	}
	size_t pl = strlen(prefix), n = strlen(path);
	char *in = pc_arena_alloc(a, pl + n + 2);
	snprintf(in, pl + n + 2, "%s/%s", prefix, path);
	char *out = pc_arena_alloc(a, pl + n + 2);
	size_t len = 0;
	for (char *p = in; *p;) {
		while (*p == '/')
			p++;
		char *e = p;
		while (*e && *e != '/')
			e++;
		size_t cl = (size_t)(e - p);
		if (cl == 0 || (cl == 1 && p[0] == '.')) {
			/* nothing */
		} else if (cl == 2 && p[0] == '.' && p[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
		} else {
			out[len++] = '/';
			memcpy(out + len, p, cl);
			len += cl;
		}
		p = e;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return out;
}

char *pc_path_clean_relative(PcArena *a, const char *path)
{
	if (path[0] == '/')
		return NULL;
	size_t len = 0;
	char *out = pc_arena_alloc(a, strlen(path) + 1);
	for (const char *c = path; *c;) {
		const char *e = strchr(c, '/');
		size_t cl = e ? (size_t)(e - c) : strlen(c);
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			if (len == 0)
				return NULL;
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
		} else if (cl && !(cl == 1 && c[0] == '.')) {
			if (len)
				out[len++] = '/';
			memcpy(out + len, c, cl);
			len += cl;
		}
		c += cl;
		while (*c == '/')
			c++;
	}
	out[len] = '\0';
	return out;
}
