/* Base64 by nettle, with two checks of our own around it: a sniff cheap enough to run
 * on every input file (it stops at the first byte outside the alphabet, which for
 * .proto text is almost always within the first word), and the position of the first
 * bad character for the error message, which nettle does not report. */
#include "registry.h"

#include <nettle/base64.h>
#include <stdio.h>
#include <string.h>

#include "descset.h"
#include "json.h"
#include "schema.h"
#include "source.h"

bool pc_registry_has_b64_suffix(const char *path)
{
	return pc_cstr_has_suffix(path, ".b64") || pc_cstr_has_suffix(path, ".base64");
}

static bool is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static bool is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* The first byte that is neither base64 nor white space (padding only at the end),
 * or len when there is none; *groups_ok when the characters fill 4-character groups. */
static size_t first_bad(const char *data, size_t len, bool *groups_ok)
{
	size_t chars = 0, pad = 0;
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (is_space(c))
			continue;
		if (c == '=' && chars > 0) {
			pad++;
		} else if (!is_b64(c) || pad) {
			*groups_ok = false;
			return i;
		}
		chars++;
	}
	*groups_ok = chars > 0 && chars % 4 == 0 && pad <= 2;
	return len;
}

bool pc_registry_sniff(const char *data, size_t len)
{
	bool groups_ok;
	if (first_bad(data, len, &groups_ok) != len || !groups_ok)
		return false;
	/* The first 4 characters give 3 bytes: a descriptor starts with the key of a
	 * length-delimited field 1 (0x0a). */
	char head[4];
	size_t n = 0;
	for (size_t i = 0; i < len && n < 4; i++)
		if (!is_space(data[i]))
			head[n++] = data[i];
	struct base64_decode_ctx ctx;
	uint8_t out[3];
	size_t out_len = sizeof out;
	base64_decode_init(&ctx);
	return base64_decode_update(&ctx, &out_len, out, n, head) && out_len >= 1 && out[0] == 0x0a;
}

bool pc_registry_decode(const char *data, size_t len, char **out, size_t *out_len, const char **err, PcArena *a)
{
	bool groups_ok;
	size_t bad = first_bad(data, len, &groups_ok);
	if (bad != len) {
		unsigned char c = (unsigned char)data[bad];
		char *msg = pc_arena_alloc(a, 96);
		snprintf(msg, 96, "a character outside base64 (0x%02x) at byte %zu", c, bad + 1);
		*err = msg;
		return false;
	}
	if (!groups_ok) {
		*err = len ? "incomplete final group (base64 comes in groups of 4 characters)" : "empty";
		return false;
	}
	uint8_t *buf = pc_arena_alloc(a, BASE64_DECODE_LENGTH(len) + 1);
	size_t n = BASE64_DECODE_LENGTH(len) + 1;
	struct base64_decode_ctx ctx;
	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &n, buf, len, data) || !base64_decode_final(&ctx)) {
		*err = "undecodable base64";
		return false;
	}
	*out = (char *)buf;
	*out_len = n;
	return true;
}

static const PcJson *member(const PcJson *o, const char *key)
{
	for (uint32_t i = 0; i < o->len; i++)
		if (strcmp(o->keys[i], key) == 0)
			return &o->items[i];
	return NULL;
}

/* "dir/v3.json" -> "dir/v3.proto" (any other name: NAME.proto). */
static const char *proto_name(const char *label, PcArena *a)
{
	size_t n = strlen(label);
	if (n > 5 && pc_cstr_has_suffix(label, ".json"))
		n -= 5;
	char *p = pc_arena_alloc(a, n + 7);
	memcpy(p, label, n);
	memcpy(p + n, ".proto", 7);
	return p;
}

int pc_registry_read_envelope(PcSchema *s, const char *label, const PcJson *root, bool *envelope)
{
	const PcJson *schema = root->kind == PC_JSON_OBJECT ? member(root, "schema") : NULL;
	*envelope = schema && schema->kind == PC_JSON_STRING && !member(root, "file");
	if (!*envelope)
		return 0;
	const PcJson *type = member(root, "schemaType");
	if (type && (type->kind != PC_JSON_STRING || !pc_str_eq_c(type->string, "PROTOBUF"))) {
		pc_diag_add(s->diags, PC_SEV_ERROR, label, 0, 0, (PcStr){0},
			    "\"%s\" holds a schema registry's %s schema, not a protobuf one", label,
			    type->kind == PC_JSON_STRING ? type->string.ptr : "non-protobuf");
		return 3;
	}
	PcStr text = schema->string;
	if (pc_registry_sniff(text.ptr, text.len)) {
		char *bytes;
		size_t n;
		const char *why;
		if (!pc_registry_decode(text.ptr, text.len, &bytes, &n, &why, s->arena)) {
			pc_diag_add(s->diags, PC_SEV_ERROR, label, 0, 0, (PcStr){0},
				    "\"%s\": its \"schema\" is not base64 of a descriptor: %s", label, why);
			return 3;
		}
		return pc_descset_read_bytes(s, label, bytes, n);
	}
	/* .proto text: one file in memory, beside the JSON file, nothing else visible
	 * there (its references other than the well-known types are not in the answer) */
	const char *name = proto_name(label, s->arena);
	const char *slash = strrchr(name, '/');
	const char *dir = slash ? pc_arena_strndup(s->arena, name, (size_t)(slash - name)) : ".";
	const char *base = slash ? slash + 1 : name;
	const char *abs = pc_path_normalize(s->arena, dir);
	if (!abs) {
		pc_diag_add(s->diags, PC_SEV_ERROR, label, 0, 0, (PcStr){0}, "cannot read the current directory");
		return 2;
	}
	PcMemFile *file = PC_NEW(s->arena, PcMemFile);
	*file = (PcMemFile){.path = base, .data = text.ptr, .len = text.len};
	PcMemTree *tree = PC_NEW(s->arena, PcMemTree);
	*tree = (PcMemTree){.root = abs, .files = file, .nfiles = 1};
	PcLoadConfig cfg = {.import_paths = &dir, .nimport_paths = 1};
	return pc_schema_load_tree(s, &cfg, tree, &name, 1);
}
