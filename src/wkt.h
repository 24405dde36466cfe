/* The well-known types (google/protobuf/ files, descriptor.proto included) are
 * compiled into the binary, so imports of them work with no include path, as in buf.
 * The texts are our own files in src/wkt/; the table is generated at build time. */
#ifndef PC_WKT_H
#define PC_WKT_H

#include <stddef.h>

typedef struct PcEmbeddedFile {
	const char *name; /* e.g. "google/protobuf/timestamp.proto" */
	const char *data;
	size_t len;
} PcEmbeddedFile;

extern const PcEmbeddedFile pc_wkt_files[];
/* The shipped rule catalog (the YAML files of rules/), embedded the same way. */
extern const PcEmbeddedFile pc_rule_files[];

/* The embedded file with that name, or NULL. */
const PcEmbeddedFile *pc_wkt_find(const char *name, size_t name_len);

#endif
