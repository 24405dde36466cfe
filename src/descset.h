/* Descriptor sets (google.protobuf.FileDescriptorSet) through libprotobuf-c: writing a
 * resolved schema (`protocompat build`) and reading one back into the same model.
 * This is the only module that calls libprotobuf-c. */
#ifndef PC_DESCSET_H
#define PC_DESCSET_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "schema.h"

typedef struct PcDescsetWriteOpts {
	bool include_imports;     /* also every file the inputs depend on, dependencies first */
	bool include_source_info; /* SourceCodeInfo as protoc --include_source_info */
	bool retain_options;      /* keep RETENTION_SOURCE options, as protoc --retain_options */
} PcDescsetWriteOpts;

/* Serializes s->inputs (and their imports if asked) as protoc --descriptor_set_out
 * does. Returns 0, or 2 on I/O failure (recorded in s->diags). */
int pc_descset_write(const PcSchema *s, const PcDescsetWriteOpts *opts, FILE *out, const char *out_path);

/* Reads a FileDescriptorSet from path into s: every file of the set joins s->files and
 * s->inputs, then the schema is resolved (well-known types the set lacks come from the
 * embedded copies). Returns 0, 2 for I/O errors, 3 for a malformed set (truncated,
 * undecodable, dangling references). */
int pc_descset_read(PcSchema *s, const char *path);

/* pc_descset_read() of bytes in memory (standard input, a git blob, an uncompressed
 * image, decoded base64); path names them in messages. A lone FileDescriptorProto, as
 * a schema registry stores one file, is read as a set of that one file. */
int pc_descset_read_bytes(PcSchema *s, const char *path, const char *data, size_t len);

/* A FileDescriptorSet or buf image in ProtoJSON (`buf build -o x.json`), parsed by
 * json.c, read like pc_descset_read_bytes(). Members the descriptor schema does not
 * know are skipped; a value of the wrong kind is an error (3) naming where it is. */
int pc_descset_read_json(PcSchema *s, const char *path, const PcJson *root);

/* True when the bytes look like a serialized FileDescriptorSet rather than .proto text. */
bool pc_descset_sniff(const char *data, size_t len);

#endif
