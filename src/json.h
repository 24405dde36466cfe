/* JSON documents read with jansson (the only module that includes jansson.h) into a
 * tree of our own in an arena, for buf's JSON images (descset.c converts the tree).
 * Duplicate object keys are refused; a syntax error is recorded at its line and byte
 * column. Nothing prints. */
#ifndef PC_JSON_H
#define PC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef enum PcJsonKind {
	PC_JSON_NULL,
	PC_JSON_BOOL,
	PC_JSON_INT,    /* a number without fraction or exponent that fits int64 */
	PC_JSON_REAL,   /* any other number */
	PC_JSON_STRING,
	PC_JSON_ARRAY,
	PC_JSON_OBJECT,
} PcJsonKind;

typedef struct PcJson {
	PcJsonKind kind;
	bool boolean;
	int64_t integer;
	double real;
	PcStr string;             /* NUL-terminated */
	uint32_t len;             /* array items or object members */
	struct PcJson *items;     /* array items or object member values */
	const char **keys;        /* object member names, in document order */
} PcJson;

/* Parses data (len bytes) into *out. Returns true, or false after recording an error
 * at label:line:col. */
bool pc_json_parse(PcJson *out, const char *data, size_t len, const char *label, PcArena *a, PcDiags *d);

#endif
