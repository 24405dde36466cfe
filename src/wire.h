/* The protobuf wire format, read one record (tag and value) at a time, for the bytes
 * the program decodes itself: serialized options (options.c, optvalue.c). Nothing is
 * allocated; bytes that do not decode make a read return false, never crash (groups
 * nest at most PC_WIRE_MAX_DEPTH deep). */
#ifndef PC_WIRE_H
#define PC_WIRE_H

#include <stdbool.h>
#include <stdint.h>

enum { PC_WT_VARINT = 0, PC_WT_I64 = 1, PC_WT_LEN = 2, PC_WT_SGROUP = 3, PC_WT_EGROUP = 4, PC_WT_I32 = 5 };

enum { PC_WIRE_MAX_DEPTH = 64 };

typedef struct PcWireRec {
	uint32_t num;
	int wt;
	const char *start, *end;   /* the whole record, tag included */
	const char *pstart, *pend; /* the payload (LEN: the bytes; group: the contents) */
	uint64_t v;                /* varint / fixed value */
} PcWireRec;

/* Reads a varint at *p (before end) and moves *p past it. */
bool pc_wire_varint(const char **p, const char *end, uint64_t *out);

/* Reads the record at *p (before end) into r and moves *p past it. */
bool pc_wire_next(const char **p, const char *end, PcWireRec *r);

#endif
