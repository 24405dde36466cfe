/* A linear scan is enough: there are a dozen files and lookups happen once per import. */
#include "wkt.h"

#include <string.h>

const PcEmbeddedFile *pc_wkt_find(const char *name, size_t name_len)
{
	for (const PcEmbeddedFile *f = pc_wkt_files; f->name; f++)
		if (strlen(f->name) == name_len && memcmp(f->name, name, name_len) == 0)
			return f;
	return NULL;
}
