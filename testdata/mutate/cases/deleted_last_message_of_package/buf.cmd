# buf 1.75.0, with buf.yaml `version: v2` / `breaking: use: [PACKAGE]` in old/ and new/
buf breaking new --against old --error-format json
