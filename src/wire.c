/* A record is its tag (field number and wire type) and a value: a varint, 4 or 8
 * little-endian bytes, a length-prefixed payload, or a group: records up to the end-group
 * tag of the same number, read (and so checked) to find where the group ends. */
#include "wire.h"

#include <stddef.h>

bool pc_wire_varint(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		unsigned char c = (unsigned char)*(*p)++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

static bool read_rec(const char **p, const char *end, PcWireRec *r, int depth);

/* The records of a group up to its end tag (number num); sets where its contents end. */
static bool skip_group(const char **p, const char *end, uint32_t num, const char **content_end, int depth)
{
	while (*p < end) {
		const char *before = *p, *q = *p;
		uint64_t tag;
		if (!pc_wire_varint(&q, end, &tag))
			return false;
		if ((tag & 7) == PC_WT_EGROUP) {
			if ((tag >> 3) != num)
				return false;
			*content_end = before;
			*p = q;
			return true;
		}
		PcWireRec r;
		if (!read_rec(p, end, &r, depth + 1))
			return false;
	}
	return false;
}

static bool read_rec(const char **p, const char *end, PcWireRec *r, int depth)
{
	r->start = *p;
	r->v = 0;
	uint64_t tag;
	if (!pc_wire_varint(p, end, &tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffff)
		return false;
	r->num = (uint32_t)(tag >> 3);
	r->wt = (int)(tag & 7);
	r->pstart = *p;
	switch (r->wt) {
	case PC_WT_VARINT:
		if (!pc_wire_varint(p, end, &r->v))
			return false;
		break;
	case PC_WT_I64:
	case PC_WT_I32: {
		int n = r->wt == PC_WT_I64 ? 8 : 4;
		if (end - *p < n)
			return false;
		for (int i = 0; i < n; i++)
			r->v |= (uint64_t)(unsigned char)(*p)[i] << (8 * i);
		*p += n;
		break;
	}
	case PC_WT_LEN: {
		uint64_t len;
		if (!pc_wire_varint(p, end, &len) || len > (uint64_t)(end - *p))
			return false;
		r->pstart = *p;
		*p += len;
		break;
	}
	case PC_WT_SGROUP: {
		const char *cend;
		if (depth >= PC_WIRE_MAX_DEPTH || !skip_group(p, end, r->num, &cend, depth))
			return false;
		r->pend = cend;
		r->end = *p;
		return true;
	}
	default:
		return false;
	}
	r->pend = *p;
	r->end = *p;
	return true;
}

bool pc_wire_next(const char **p, const char *end, PcWireRec *r)
{
	return read_rec(p, end, r, 0);
}
