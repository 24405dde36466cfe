/* The public check handle (protocompat.h) as main.c drives it: run with the whole
 * internal option set (buf's --path and the like, which the public setters do not
 * offer), then hand the internal result to the report printers. The handle owns
 * everything these return, as for the public functions. */
#ifndef PC_API_H
#define PC_API_H

#include "check.h"
#include "protocompat.h"

/* protocompat_check_run() with o instead of the handle's own options (whose strings
 * o may point into or not). Same return values. */
int pc_api_run_options(ProtocompatCheck *c, const PcCheckOptions *o);
/* The last run's result, and its errors (the warnings are in the result). */
const PcCheckResult *pc_api_result(const ProtocompatCheck *c);
const PcDiags *pc_api_diags(const ProtocompatCheck *c);

/* Written at build time by src/revision.cmake (gen/revision.c). */
extern const char pc_build_version[], pc_build_revision[];

#endif
