/* Loading one side of a comparison. The kind of an input comes from the file system
 * and the bytes: a directory is a module root; a regular file is a descriptor set
 * when pc_descset_sniff() recognises it (so `old.pb`, `old.binpb` and an extension-less
 * image all work), else .proto text. A lone .proto file with no -I path gets its own
 * directory as import root, so `protocompat a/old.proto b/new.proto` works from
 * anywhere; with -I paths, protoc's rules apply (the file must lie inside one). */
#include "input.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "descset.h"
#include "source.h"

static const char *dir_of(const char *path, PcArena *a)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return pc_arena_strndup(a, path, (size_t)(slash - path));
}

int pc_input_load(PcInput *in, PcSchema *s, const char *arg, const char *const *includes, uint32_t nincludes)
{
	PcArena *a = s->arena;
	in->arg = arg;
	in->kind = PC_INPUT_PROTO_FILE;
	in->root = nincludes ? includes[0] : dir_of(arg, a);
	struct stat st;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		in->kind = PC_INPUT_DIRECTORY;
		in->root = arg;
		PcLoadConfig cfg = {.import_paths = includes, .nimport_paths = nincludes};
		return pc_schema_load(s, &cfg, &arg, 1);
	}
	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		PcSource src;
		int err = pc_source_load(&src, arg, arg, a);
		if (err) {
			pc_diag_add(s->diags, PC_SEV_ERROR, arg, 0, 0, (PcStr){0}, "cannot read \"%s\": %s", arg,
				    strerror(err));
			return 2;
		}
		if (pc_descset_sniff(src.data, src.len)) {
			in->kind = PC_INPUT_DESCSET;
			in->root = dir_of(arg, a);
			return pc_descset_read(s, arg);
		}
	}
	/* A .proto file, or a name that pc_schema_load() looks up in the -I paths (and
	 * reports when it is not found). */
	const char *own_root = dir_of(arg, a);
	PcLoadConfig cfg = {.import_paths = includes, .nimport_paths = nincludes};
	if (nincludes == 0) {
		cfg.import_paths = &own_root;
		cfg.nimport_paths = 1;
	}
	return pc_schema_load(s, &cfg, &arg, 1);
}
