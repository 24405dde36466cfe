/* Editions features: the FeatureSet defaults of each edition and their inheritance
 * (file -> message -> field / oneof, enum -> value, service -> method), with the
 * features proto2 and proto3 files imply. Resolved values land in the elements'
 * `features`; overrides come from PcOptions.explicit_features (filled by options.c). */
#ifndef PC_RESOLVE_FEATURES_H
#define PC_RESOLVE_FEATURES_H

#include "ast.h"

/* The defaults of an edition (PC_EDITION_PROTO2, _PROTO3, _2023, _2024, _2026). */
PcFeatures pc_features_defaults(int32_t edition);

/* Resolves the features of every element of f (its options must be interpreted). */
void pc_features_resolve_file(PcFile *f);

/* True when a field's type can use packed encoding (scalars except strings/bytes). */
bool pc_features_packable(PcType t);

#endif
