# buf 1.75.0, with buf.yaml `version: v2` / `breaking: use: [WIRE]` in old/ and new/
buf breaking new --against old --error-format json
