/* Messages are formatted once, at the point of recording, into the owning arena. */
#include "diag.h"

#include <stdarg.h>

void pc_diags_init(PcDiags *d, PcArena *a)
{
	d->arena = a;
	d->list = (PcVec){0};
	d->errors = d->warnings = 0;
	d->max_errors = 100;
}

void pc_diag_add(PcDiags *d, PcSeverity sev, const char *path, int line, int col, PcStr source_line,
		 const char *fmt, ...)
{
	if (sev == PC_SEV_ERROR && d->errors++ >= d->max_errors)
		return;
	if (sev == PC_SEV_WARNING)
		d->warnings++;
	va_list ap;
	va_start(ap, fmt);
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = pc_arena_alloc(d->arena, (size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap2);
	va_end(ap2);
	PcDiag *g = PC_VEC_PUSH(&d->list, PcDiag, d->arena);
	g->severity = sev;
	g->path = path;
	g->line = line;
	g->col = col;
	g->message = msg;
	g->source_line = source_line;
}

const char *pc_severity_name(PcSeverity s)
{
	switch (s) {
	case PC_SEV_ERROR:
		return "error";
	case PC_SEV_WARNING:
		return "warning";
	case PC_SEV_NOTE:
		return "note";
	}
	return "error";
}

static uint32_t count_errors(const PcDiags *d)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < d->list.len; i++)
		n += PC_VEC_AT(d->list, PcDiag, i).severity == PC_SEV_ERROR;
	return n;
}

void pc_diags_append(PcDiags *dst, const PcDiags *src)
{
	for (uint32_t i = 0; i < src->list.len; i++) {
		const PcDiag *g = &PC_VEC_AT(src->list, PcDiag, i);
		if (g->severity == PC_SEV_ERROR && dst->errors++ >= dst->max_errors)
			continue;
		if (g->severity == PC_SEV_WARNING)
			dst->warnings++;
		*PC_VEC_PUSH(&dst->list, PcDiag, dst->arena) = *g;
	}
	/* Errors src counted but did not store (past its own cap) still count. */
	dst->errors += src->errors - (int)count_errors(src);
}

static const char *severity_colour(PcSeverity s)
{
	switch (s) {
	case PC_SEV_ERROR:
		return "\033[1;31m";
	case PC_SEV_WARNING:
		return "\033[1;35m";
	case PC_SEV_NOTE:
		return "\033[1;36m";
	}
	return "";
}

void pc_diags_print(const PcDiags *d, FILE *out, bool carets, bool colour)
{
	for (uint32_t i = 0; i < d->list.len; i++) {
		const PcDiag *g = &PC_VEC_AT(d->list, PcDiag, i);
		if (colour)
			fputs("\033[1m", out);
		if (g->path && g->line > 0)
			fprintf(out, "%s:%d:%d: ", g->path, g->line, g->col);
		else if (g->path)
			fprintf(out, "%s: ", g->path);
		if (colour)
			fprintf(out, "%s%s:\033[0m\033[1m %s\033[0m\n", severity_colour(g->severity),
				pc_severity_name(g->severity), g->message);
		else
			fprintf(out, "%s: %s\n", pc_severity_name(g->severity), g->message);
		if (carets && g->source_line.len > 0 && g->col > 0) {
			fprintf(out, "%5d | %.*s\n      | ", g->line, (int)g->source_line.len, g->source_line.ptr);
			/* Keep tabs so the caret lines up under the same column on screen. */
			for (int c = 1; c < g->col && (size_t)(c - 1) < g->source_line.len; c++)
				fputc(g->source_line.ptr[c - 1] == '\t' ? '\t' : ' ', out);
			fputs(colour ? "\033[1;32m^\033[0m\n" : "^\n", out);
		}
	}
}
