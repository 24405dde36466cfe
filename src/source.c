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
	memset(src, 0, sizeof *src);
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

void pc_source_release(PcSource *src)
{
	if (src->released || !src->data)
		return;
	src->digest = pc_str_hash((PcStr){src->data, src->len});
	src->data = NULL;
	src->line_starts = NULL;
	src->nlines = 0;
	src->released = true;
}

bool pc_source_reload(PcSource *src, PcArena *a)
{
	if (!src->released)
		return src->data != NULL;
	if (src->reload_failed)
		return false;
	PcSource again;
	memset(&again, 0, sizeof again);
	if (src->origin)
		pc_source_init_bytes(&again, src->path, src->name, src->origin, src->len, a);
	else if (pc_source_load(&again, src->path, src->name, a) != 0)
		again.data = NULL;
	if (!again.data || again.len != src->len || pc_str_hash((PcStr){again.data, again.len}) != src->digest) {
		src->reload_failed = true;
		return false;
	}
	src->data = again.data;
	src->line_starts = again.line_starts;
	src->nlines = again.nlines;
	src->released = false;
	return true;
}

static int32_t next_column(char c, int32_t col)
{
	return c == '\t' ? col + 8 - col % 8 : col + 1;
}

uint32_t pc_source_offset(const PcSource *src, int32_t line, int32_t col)
{
	uint32_t off = src->line_starts[line];
	uint32_t end = (uint32_t)line + 1 < src->nlines ? src->line_starts[line + 1] : (uint32_t)src->len;
	for (int32_t c = 0; off < end && c < col; off++)
		c = next_column(src->data[off], c);
	return off;
}

int32_t pc_source_column(const PcSource *src, int32_t line, uint32_t off)
{
	int32_t c = 0;
	for (uint32_t i = src->line_starts[line]; i < off && i < src->len; i++)
		c = next_column(src->data[i], c);
	return c;
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

/* Code point ranges, sorted, from Unicode's EastAsianWidth (W and F) and the emoji
 * presentation blocks; and the zero-width ones (combining marks, format characters,
 * variation selectors, skin tone modifiers). A table, not a grapheme segmenter: a ZWJ
 * sequence counts its parts, where buf counts the cluster once. */
typedef struct CpRange {
	uint32_t lo, hi;
} CpRange;

static const CpRange wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
	{0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
	{0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
	{0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
	{0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
	{0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
	{0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F},
	{0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4}, {0x17000, 0x18AFF}, {0x1B000, 0x1B2FF},
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F2FF}, {0x1F300, 0x1F3FA}, {0x1F400, 0x1F64F}, {0x1F680, 0x1F6FF},
	{0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
	{0x30000, 0x3FFFD},
};

static const CpRange zero[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
	{0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
	{0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0x1F3FB, 0x1F3FF},
	{0xE0000, 0xE007F}, {0xE0100, 0xE01EF},
};

static bool in_ranges(const CpRange *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int32_t pc_source_char_width(const char *s, size_t n, size_t *len)
{
	unsigned char b = (unsigned char)s[0];
	size_t k = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF8 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
	uint32_t cp = k == 1 ? b : k == 2 ? b & 0x1Fu : k == 3 ? b & 0x0Fu : b & 0x07u;
	for (size_t i = 1; i < k; i++) {
		if (i >= n || ((unsigned char)s[i] & 0xC0) != 0x80) {
			k = 0;
			break;
		}
		cp = cp << 6 | ((unsigned char)s[i] & 0x3Fu);
	}
	if (k == 0) {
		*len = 1;
		return 1;
	}
	*len = k;
	if (in_ranges(zero, sizeof zero / sizeof zero[0], cp))
		return 0;
	return in_ranges(wide, sizeof wide / sizeof wide[0], cp) ? 2 : 1;
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
