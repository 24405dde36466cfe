/* jansson parses the whole document (its recursion is capped at 2048 levels, so hostile
 * nesting is an error), then the tree is copied into the arena and jansson's released,
 * so no jansson value outlives this file. Object members keep document order (jansson
 * keeps insertion order). jansson counts error columns in characters; ours are bytes,
 * recomputed from the byte position it gives. */
#include "json.h"

#include <jansson.h>
#include <string.h>

static void copy(PcJson *out, json_t *v, PcArena *a)
{
	memset(out, 0, sizeof *out);
	switch (json_typeof(v)) {
	case JSON_NULL:
		out->kind = PC_JSON_NULL;
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		out->kind = PC_JSON_BOOL;
		out->boolean = json_is_true(v);
		break;
	case JSON_INTEGER:
		out->kind = PC_JSON_INT;
		out->integer = (int64_t)json_integer_value(v);
		out->real = (double)out->integer;
		break;
	case JSON_REAL:
		out->kind = PC_JSON_REAL;
		out->real = json_real_value(v);
		break;
	case JSON_STRING: {
		out->kind = PC_JSON_STRING;
		size_t n = json_string_length(v);
		out->string = (PcStr){pc_arena_strndup(a, json_string_value(v), n), n};
		break;
	}
	case JSON_ARRAY: {
		out->kind = PC_JSON_ARRAY;
		out->len = (uint32_t)json_array_size(v);
		out->items = PC_NEW_ARRAY(a, PcJson, out->len ? out->len : 1);
		for (uint32_t i = 0; i < out->len; i++)
			copy(&out->items[i], json_array_get(v, i), a);
		break;
	}
	case JSON_OBJECT: {
		out->kind = PC_JSON_OBJECT;
		out->len = (uint32_t)json_object_size(v);
		out->items = PC_NEW_ARRAY(a, PcJson, out->len ? out->len : 1);
		out->keys = PC_NEW_ARRAY(a, const char *, out->len ? out->len : 1);
		uint32_t i = 0;
		const char *key;
		json_t *member;
		json_object_foreach(v, key, member)
		{
			out->keys[i] = pc_arena_strndup(a, key, strlen(key));
			copy(&out->items[i++], member, a);
		}
		break;
	}
	}
}

bool pc_json_parse(PcJson *out, const char *data, size_t len, const char *label, PcArena *a, PcDiags *d)
{
	json_error_t err;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!root) {
		size_t pos = err.position > 0 && (size_t)err.position <= len ? (size_t)err.position : 0;
		int line = 1;
		size_t line_start = 0;
		for (size_t i = 0; i < pos; i++)
			if (data[i] == '\n') {
				line++;
				line_start = i + 1;
			}
		int col = (int)(pos - line_start);
		pc_diag_add(d, PC_SEV_ERROR, label, line, col > 0 ? col : 1, (PcStr){0}, "invalid JSON: %s", err.text);
		return false;
	}
	copy(out, root, a);
	json_decref(root);
	return true;
}
