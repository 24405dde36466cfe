#!/usr/bin/env python3
"""Writes the scenarios of testdata/scenarios/: each NAME/ gets README, cmd, the trees
(old/, new/, v1/, ...), setup.sh when the inputs are a git history or archives made at
test time, and the binary images buf builds here (committed: CI has no buf).

usage: make_scenarios.py [--buf BUF] [SUBSTRING...]
Rewrites the chosen scenarios except their recorded files (expected.*) and PENDING;
then run `record.sh BUF [SUBSTRING...]` to record buf's verdict. See docs/scenarios.md."""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEEP = ("expected.json", "expected.rc", "expected.stderr", "expected.stdout", "PENDING")
DOC_V2 = "https://buf.build/docs/configuration/v2/buf-yaml"
DOC_WS = "https://buf.build/docs/concepts/modules-workspaces"
DOC_WORK = "https://buf.build/docs/configuration/v1/buf-work-yaml"
DOC_V1 = "https://buf.build/docs/configuration/v1/buf-yaml"
DOC_V1BETA1 = "https://buf.build/docs/configuration/v1beta1/buf-yaml"
DOC_INPUTS = "https://buf.build/docs/reference/inputs"
DOC_CLI = "https://buf.build/docs/reference/cli/buf/breaking"
DOC_USAGE = "https://buf.build/docs/breaking/usage"
DOC_MIGRATE = "https://buf.build/docs/migration-guides/migrate-v2-config-files"

SCENARIOS = []


def scenario(name, readme, cmd, files, setup=None, images=None, keys=None):
    """files: {path: text}; setup: text of setup.sh (lib.sh is sourced first);
    images: {output: (tree, extra buf build args)} built here with buf;
    keys: substrings of which our stderr must contain one when buf fails (stderr.keys)."""
    SCENARIOS.append(dict(name=name, readme=readme, cmd=cmd, files=files, setup=setup,
                          images=images or {}, keys=keys))


def proto(pkg, body, imports=()):
    head = 'syntax = "proto3";\n\npackage %s;\n' % pkg
    if imports:
        head += "\n" + "".join('import "%s";\n' % i for i in imports)
    return head + "\n" + body


# A message in two versions: v2 deletes field 2 and widens field 3 (FILE:
# FIELD_NO_DELETE and FIELD_SAME_TYPE; WIRE: FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED only,
# int32 -> int64 being wire compatible).
def msg_v1(name):
    return "message %s {\n  string id = 1;\n  string name = 2;\n  int32 age = 3;\n}\n" % name


def msg_v2(name):
    return "message %s {\n  string id = 1;\n  int64 age = 3;\n}\n" % name


# The same, v2 also renaming field 1 (FILE: FIELD_SAME_NAME, FIELD_SAME_JSON_NAME).
def msg_v2r(name):
    return "message %s {\n  string key = 1;\n  int64 age = 3;\n}\n" % name


def pair(pkg, name, v2=msg_v2, imports=()):
    return proto(pkg, msg_v1(name), imports), proto(pkg, v2(name), imports)


def sides(common, old, new):
    """{old/...: , new/...:} from files on both sides, old only and new only."""
    out = {}
    for side, extra in (("old", old), ("new", new)):
        for p, t in list(common.items()) + list(extra.items()):
            out["%s/%s" % (side, p)] = t
    return out


def v2_yaml(modules=None, breaking="  use:\n    - FILE\n"):
    y = "version: v2\n"
    if modules:
        y += "modules:\n" + "".join(m if m.startswith("  - ") else "  - path: %s\n" % m
                                    for m in modules)
    if breaking:
        y += "breaking:\n" + breaking
    return y


USER = pair("acme.user.v1", "User")
USER_R = pair("acme.user.v1", "User", msg_v2r)
ORDER = pair("acme.order.v1", "Order", imports=["acme/user/v1/user.proto"])
DATE_V1 = proto("google.type", "message Date {\n  int32 year = 1;\n  int32 month = 2;\n"
                "  int32 day = 3;\n}\n")
DATE_V2 = proto("google.type", "message Date {\n  int64 year = 1;\n  int32 month = 2;\n}\n")
PROFILE = [proto("acme.profile.v1", "message Profile {\n  string id = 1;\n"
                 "  google.type.Date birthday = %d;\n}\n" % n, ["google/type/date.proto"])
           for n in (2, 2)]
LEGACY = pair("acme.legacy.v1", "Old")
UNSTABLE = pair("acme.beta.v1alpha1", "Trial")


def user_tree(prefix=""):
    return {prefix + "acme/user/v1/user.proto": USER}


def split(tree):
    """{path: (old, new)} -> (old files, new files)."""
    return ({p: t[0] for p, t in tree.items()}, {p: t[1] for p, t in tree.items()})


def two(tree, old_conf=None, new_conf=None, conf=None, old_extra=None, new_extra=None,
        names=("old", "new")):
    """old/ and new/ (or names) from {path: (old text, new text)}; conf: the buf.yaml
    of both."""
    o, n = split(tree)
    if conf is not None:
        o["buf.yaml"] = n["buf.yaml"] = conf
    if old_conf is not None:
        o["buf.yaml"] = old_conf
    if new_conf is not None:
        n["buf.yaml"] = new_conf
    o.update(old_extra or {})
    n.update(new_extra or {})
    out = {names[0] + "/" + p: t for p, t in o.items()}
    out.update({names[1] + "/" + p: t for p, t in n.items()})
    return out


JSON = " --error-format json"
BASIC = "breaking new --against old" + JSON

# ------------------------------------------------------------------ v2 layouts
scenario("v2_single_module_root",
         "A v2 buf.yaml at the root of each input with no `modules:` key: the directory "
         "is the one module, its own root (" + DOC_V2 + "). The plainest layout; paths "
         "are printed as given on the command line (`new/acme/...`).",
         BASIC, two(user_tree(), conf=v2_yaml()))

ws_proto = {"proto/acme/user/v1/user.proto": USER, "proto/acme/order/v1/order.proto": ORDER}
scenario("v2_workspace_modules_proto",
         "A v2 workspace at the repository root whose one module is `proto/` "
         "(`modules: [{path: proto}]`, " + DOC_V2 + "), run at the workspace root: "
         "import paths are relative to proto/ while findings name new/proto/....",
         BASIC, two(ws_proto, conf=v2_yaml(["proto"])))

other = {"other/acme/other/v1/other.proto": pair("acme.other.v1", "Other")}
scenario("v2_module_dir_in_workspace",
         "The same workspace as v2_workspace_modules_proto plus a module `other/` that "
         "proto/ does not import; the inputs are the module directories `new/proto` and "
         "`old/proto` (" + DOC_WS + "): buf finds the enclosing buf.yaml, checks that "
         "module only (other/'s breaking change is not reported) and still names files "
         "new/proto/....",
         "breaking new/proto --against old/proto" + JSON,
         two(dict(ws_proto, **other), conf=v2_yaml(["proto", "other"])))

vendored = {"proto/acme/profile/v1/profile.proto": tuple(PROFILE),
            "vendor/googleapis/google/type/date.proto": (DATE_V1, DATE_V2)}
scenario("v2_vendored_module",
         "A v2 workspace with the main module `proto/` and a vendored copy of googleapis "
         "as a second module `vendor/googleapis/`, imported by the main module (" +
         DOC_WS + "). Both modules are inputs, so the breaking changes in the vendored "
         "google/type/date.proto are reported too, once each.",
         BASIC, two(vendored, conf=v2_yaml(["proto", "vendor/googleapis"])))

scenario("v2_vendored_module_dir",
         "The vendored layout of v2_vendored_module, run on the main module's directory "
         "(`new/proto --against old/proto`): the vendored module is only an import of "
         "the input, and buf includes imports by default, so its findings still appear.",
         "breaking new/proto --against old/proto" + JSON,
         two(vendored, conf=v2_yaml(["proto", "vendor/googleapis"])))

scenario("v2_vendored_exclude_imports",
         "v2_vendored_module_dir with `--exclude-imports` (" + DOC_CLI + "): the "
         "vendored module is an import of the input module, so its findings go.",
         "breaking new/proto --against old/proto --exclude-imports" + JSON,
         two(vendored, conf=v2_yaml(["proto", "vendor/googleapis"])))

per_module = {"billing/acme/billing/v1/invoice.proto": pair("acme.billing.v1", "Invoice",
                                                            msg_v2r),
              "users/acme/user/v1/user.proto": USER_R}
scenario("v2_per_module_breaking",
         "A v2 workspace of two modules where `billing/` has its own `breaking: use: "
         "[WIRE]` and `users/` takes the top-level `use: [FILE]` (" + DOC_V2 + ": a "
         "module's breaking section replaces the top-level one entirely). The same "
         "change in both modules: FILE reports a deletion, a rename and a type change, "
         "WIRE only the deletion of an unreserved number.",
         BASIC, two(per_module, conf=v2_yaml([
             "  - path: billing\n    breaking:\n      use:\n        - WIRE\n", "users"])))

excl = {"proto/acme/user/v1/user.proto": USER,
        "proto/acme/internal/v1/debug.proto": pair("acme.internal.v1", "Debug")}
scenario("v2_module_excludes",
         "A v2 module `proto/` with `excludes: [proto/acme/internal]` (paths relative "
         "to buf.yaml, " + DOC_V2 + "): the excluded directory is not part of the module, "
         "so its breaking changes are not reported; new/proto/acme/internal/v1/gone.proto "
         "exists only in OLD and its deletion is not reported either.",
         BASIC, two(excl, conf=v2_yaml(["  - path: proto\n    excludes:\n"
                                        "      - proto/acme/internal\n"]),
                    old_extra={"proto/acme/internal/v1/gone.proto":
                               proto("acme.internal.v1", "message Gone {}\n")}))

ign = {"proto/acme/user/v1/user.proto": USER, "proto/acme/legacy/v1/old.proto": LEGACY}
scenario("v2_top_ignore",
         "A v2 workspace with module `proto/` and a top-level `breaking: ignore: "
         "[proto/acme/legacy]`: in v2 the ignore paths are relative to buf.yaml, so they "
         "carry the module's directory (" + DOC_V2 + "). legacy's changes go, user's stay.",
         BASIC, two(ign, conf=v2_yaml(["proto"], "  use:\n    - FILE\n  ignore:\n"
                                                 "    - proto/acme/legacy\n")))

scenario("v2_top_ignore_unprefixed",
         "v2_top_ignore with the ignore path written without the module's directory "
         "(`acme/legacy`, as a v1 buf.yaml would have it): buf accepts the path without a "
         "word and it matches nothing, so legacy's changes are reported.",
         BASIC, two(ign, conf=v2_yaml(["proto"], "  use:\n    - FILE\n  ignore:\n"
                                                 "    - acme/legacy\n")))

scenario("v2_top_ignore_only",
         "A v2 workspace with a top-level `ignore_only: {FIELD_SAME_TYPE: "
         "[proto/acme/user/v1/user.proto]}` (module-prefixed file path, " + DOC_V2 + "): "
         "only that rule is silenced, only in that file; the same change in legacy stays.",
         BASIC, two(ign, conf=v2_yaml(["proto"], "  use:\n    - FILE\n  ignore_only:\n"
                                                 "    FIELD_SAME_TYPE:\n"
                                                 "      - proto/acme/user/v1/user.proto\n")))

scenario("v2_module_ignore",
         "A v2 workspace where the module entry has its own `breaking:` with `ignore: "
         "[proto/acme/legacy]` (module-level, still relative to buf.yaml, " + DOC_V2 + ").",
         BASIC, two(ign, conf=v2_yaml(["  - path: proto\n    breaking:\n      use:\n"
                                        "        - FILE\n      ignore:\n"
                                        "        - proto/acme/legacy\n"], None)))

scenario("v2_module_ignore_only_category",
         "A v2 module-level `ignore_only` keyed by a category (`FILE: [proto/acme/legacy]`) "
         "next to a top-level `use: [FILE]` the module does not repeat: the module's "
         "breaking section replaces the top-level one, so its `use` is buf's default.",
         BASIC, two(ign, conf=v2_yaml(["  - path: proto\n    breaking:\n"
                                        "      ignore_only:\n        FILE:\n"
                                        "          - proto/acme/legacy\n"])))

unst = {"proto/acme/user/v1/user.proto": USER,
        "proto/acme/beta/v1alpha1/trial.proto": UNSTABLE}
scenario("v2_ignore_unstable_packages",
         "A v2 workspace with `ignore_unstable_packages: true` (" + DOC_USAGE + "): the "
         "changes in package acme.beta.v1alpha1 are not reported, those in acme.user.v1 "
         "are.",
         BASIC, two(unst, conf=v2_yaml(["proto"], "  use:\n    - FILE\n"
                                                  "  ignore_unstable_packages: true\n")))

deleted = {"proto/acme/user/v1/user.proto": USER}
scenario("v2_deleted_file",
         "A v2 workspace (module `proto/`) where NEW deletes acme/order/v1/order.proto "
         "and empties nothing else: buf's FILE_NO_DELETE has no place in NEW, so its "
         "JSON has no path (and start 1:1-1:1) and names the file as the module sees it.",
         BASIC, two(deleted, conf=v2_yaml(["proto"]),
                    old_extra={"proto/acme/order/v1/order.proto": ORDER[0]}))

imp = {"api/acme/api/v1/api.proto":
       (proto("acme.api.v1", "message Req {\n  acme.common.v1.Money price = 1;\n}\n",
              ["acme/common/v1/money.proto"]),) * 2,
       "common/acme/common/v1/money.proto": pair("acme.common.v1", "Money", msg_v2r)}
scenario("v2_import_under_importer_config",
         "A v2 workspace where module api/ (`breaking: use: [FILE]`) imports module common/ "
         "(`breaking: use: [WIRE]`, " + DOC_V2 + "): common's money.proto is checked as a "
         "file of common (WIRE) and again as an import of api, under api's FILE rules; "
         "the findings of both are printed, the ones they share once.",
         BASIC, two(imp, conf=v2_yaml([
             "  - path: api\n    breaking:\n      use:\n        - FILE\n",
             "  - path: common\n    breaking:\n      use:\n        - WIRE\n"], None)))

dup = {"a/acme/x/v1/x.proto": pair("acme.x.v1", "X"),
       "b/acme/x/v1/x.proto": pair("acme.x.v1", "X")}
scenario("duplicate_file_in_modules",
         "A v2 workspace whose modules a/ and b/ both hold acme/x/v1/x.proto: buf fails, "
         "the file \"is contained in multiple modules\" (" + DOC_WS + ").",
         BASIC, two(dup, conf=v2_yaml(["a", "b"])),
         keys=["multiple", "x.proto", "twice", "duplicate"])

moved = {"acme/user/v1/user.proto":
         (proto("acme.user.v1", msg_v1("User") + "\nmessage Address {\n  string city = 1;\n}\n"),
          proto("acme.user.v1", msg_v1("User"))),
         "acme/user/v1/address.proto":
         (None, proto("acme.user.v1", "message Address {\n  string city = 1;\n}\n"))}
mo, mn = split(moved)
scenario("no_buf_yaml_moved_message",
         "No buf.yaml (buf's default `use: [FILE]`): message Address moves from user.proto "
         "to a new address.proto in the same package. FILE reports the move as a deletion "
         "(MESSAGE_NO_DELETE in user.proto); PACKAGE would not, so the finding shows that "
         "the default is FILE.",
         BASIC, dict({"old/" + p: t for p, t in mo.items() if t is not None},
                     **{"new/" + p: t for p, t in mn.items()}))

v1ign = {"acme/user/v1/user.proto": USER, "acme/legacy/v1/old.proto": LEGACY}
scenario("v1_ignore_ignore_only",
         "A buf.yaml v1 (" + DOC_V1 + ") with `ignore: [acme/legacy]` and `ignore_only: "
         "{FIELD_SAME_TYPE: [acme/user/v1/user.proto]}`: in v1 the paths are relative to "
         "the module root, without any module prefix (compare v2_top_ignore).",
         BASIC, two(v1ign, conf="version: v1\nbreaking:\n  use:\n    - FILE\n"
                                 "  ignore:\n    - acme/legacy\n  ignore_only:\n"
                                 "    FIELD_SAME_TYPE:\n      - acme/user/v1/user.proto\n"))

scenario("protofile_input",
         "Single .proto files as inputs (`breaking new/acme/user/v1/user.proto --against "
         "old/acme/user/v1/user.proto`, buf's protofile format, " + DOC_INPUTS + "): buf "
         "builds the module around each file and checks that file only.",
         "breaking new/acme/user/v1/user.proto --against old/acme/user/v1/user.proto" + JSON,
         two(dict(user_tree(), **{"acme/order/v1/order.proto": ORDER}), conf=v2_yaml()))

# ------------------------------------------------------------------ module pairing
ab = {"a/acme/a/v1/a.proto": pair("acme.a.v1", "A"), "b/acme/b/v1/b.proto": pair("acme.b.v1", "B")}
scenario("modules_reordered",
         "A v2 workspace of modules a/ and b/, listed `[a, b]` in OLD and `[b, a]` in "
         "NEW (" + DOC_V2 + "): buf pairs the modules of the two sides in sorted order of "
         "their paths, so the order in buf.yaml does not matter.",
         BASIC, two(ab, old_conf=v2_yaml(["a", "b"]), new_conf=v2_yaml(["b", "a"])))

ren = {"a/acme/a/v1/a.proto": pair("acme.a.v1", "A"),
       "b/acme/b/v1/b.proto": pair("acme.b.v1", "B")}
o_ren, n_ren = split(ren)
files_ren = {"new/buf.yaml": v2_yaml(["a", "b"]), "old/buf.yaml": v2_yaml(["z", "c"])}
files_ren.update({"new/" + p: t for p, t in n_ren.items()})
files_ren["old/z/acme/a/v1/a.proto"] = o_ren["a/acme/a/v1/a.proto"]
files_ren["old/c/acme/b/v1/b.proto"] = o_ren["b/acme/b/v1/b.proto"]
scenario("modules_renamed",
         "Two modules whose directories are renamed between OLD (`z/` holding a.proto, "
         "`c/` holding b.proto) and NEW (`a/`, `b/`): buf pairs modules by sorted "
         "position, not by content, so NEW a/ meets OLD c/ and NEW b/ meets OLD z/, and "
         "each pair reports the other file as deleted.",
         BASIC, files_ren)

one = {"proto/acme/user/v1/user.proto": USER}
scenario("module_renamed_single",
         "One module whose directory is renamed from `api/` (OLD) to `proto/` (NEW): one "
         "module on each side, so they pair and the files pair by their path inside the "
         "module.",
         BASIC, dict({"old/buf.yaml": v2_yaml(["api"]), "new/buf.yaml": v2_yaml(["proto"]),
                      "old/api/acme/user/v1/user.proto": USER[0],
                      "new/proto/acme/user/v1/user.proto": USER[1]}))

abc = dict(ab, **{"c/acme/c/v1/c.proto": pair("acme.c.v1", "C")})
o3, n3 = split(abc)
scenario("module_count_more_in_new",
         "NEW is a v2 workspace of three modules (a/, b/, c/), OLD of two (a/, b/), no "
         "module with a breaking section of its own: buf does not fail on the counts but "
         "maps OLD's images onto NEW's modules by file path, so a/ and b/ are compared and "
         "c/ is new.",
         BASIC, dict({"new/buf.yaml": v2_yaml(["a", "b", "c"]),
                      "old/buf.yaml": v2_yaml(["a", "b"])},
                     **{"new/" + p: t for p, t in n3.items()},
                     **{"old/" + p: t for p, t in o3.items() if not p.startswith("c/")}))

scenario("module_count_fewer_in_new",
         "NEW is a v2 workspace of two modules (a/, b/), OLD of three (a/, b/, c/): buf "
         "fails (\"input contained 2 images, whereas against contained 3 images\").",
         BASIC, dict({"new/buf.yaml": v2_yaml(["a", "b"]),
                      "old/buf.yaml": v2_yaml(["a", "b", "c"])},
                     **{"new/" + p: t for p, t in n3.items() if not p.startswith("c/")},
                     **{"old/" + p: t for p, t in o3.items()}),
         keys=["images", "modules"])

scenario("module_count_per_module_config",
         "module_count_more_in_new where NEW's module a/ has a breaking section of its own "
         "(`use: [WIRE]`): buf no longer maps the images and fails on the counts.",
         BASIC, dict({"new/buf.yaml": v2_yaml(["  - path: a\n    breaking:\n      use:\n"
                                               "        - WIRE\n", "b", "c"]),
                      "old/buf.yaml": v2_yaml(["a", "b"])},
                     **{"new/" + p: t for p, t in n3.items()},
                     **{"old/" + p: t for p, t in o3.items() if not p.startswith("c/")}),
         keys=["images", "modules"])

scenario("module_dir_vs_plain_dir",
         "NEW is one module directory of a two-module v2 workspace (`new/a`), OLD a plain "
         "directory with no buf.yaml (`old/a`): one image on each side, so buf compares "
         "them, whatever the workspaces around them.",
         "breaking new/a --against old/a" + JSON,
         dict({"new/buf.yaml": v2_yaml(["a", "b"])},
              **{"new/" + p: t for p, t in split(ab)[1].items()},
              **{"old/" + p: t for p, t in split(ab)[0].items() if p.startswith("a/")}))

scenario("module_vs_workspace",
         "NEW is one module directory of a v2 workspace (`new/a`), OLD the whole "
         "two-module workspace (`old`): one image against two, buf fails.",
         "breaking new/a --against old" + JSON,
         two(ab, conf=v2_yaml(["a", "b"])), keys=["images", "modules", "2"])

# ------------------------------------------------------------------ other versions
work = {"paymentapis/acme/payment/v2/payment.proto":
        pair("acme.payment.v2", "Payment", msg_v2r),
        "petapis/acme/pet/v1/pet.proto":
        (proto("acme.pet.v1", msg_v1("Pet"), ["acme/payment/v2/payment.proto"]),
         proto("acme.pet.v1", msg_v2r("Pet"), ["acme/payment/v2/payment.proto"]))}
work_conf = {"buf.work.yaml": "version: v1\ndirectories:\n  - paymentapis\n  - petapis\n",
             "paymentapis/buf.yaml": "version: v1\nbreaking:\n  use:\n    - WIRE_JSON\n",
             "petapis/buf.yaml": "version: v1\nbreaking:\n  use:\n    - FILE\n"}
scenario("buf_work_v1_two_directories",
         "The buf.work.yaml v1 workspace of buf's docs (" + DOC_WORK + "): directories "
         "paymentapis/ and petapis/, each a module with its own v1 buf.yaml (WIRE_JSON "
         "and FILE), pet.proto importing payment.proto across modules. payment.proto is "
         "checked twice, as a file of its own module (WIRE_JSON) and as an import of "
         "petapis (FILE), and the findings the two share are printed once.",
         BASIC, two(work, old_extra=work_conf, new_extra=work_conf))

scenario("buf_work_v1_directory_input",
         "The buf.work.yaml workspace of buf_work_v1_two_directories, run on one of its "
         "directories (`new/petapis --against old/petapis`): buf finds the buf.work.yaml "
         "above; paymentapis is only an import of the input, checked with petapis's FILE "
         "rules (its own WIRE_JSON configuration does not apply).",
         "breaking new/petapis --against old/petapis" + JSON,
         two(work, old_extra=work_conf, new_extra=work_conf))

roots = {"proto/acme/user/v1/user.proto": USER,
         "proto/acme/internal/v1/debug.proto": pair("acme.internal.v1", "Debug"),
         "third_party/google/type/date.proto": (DATE_V1, DATE_V2)}
v1beta1_conf = ("version: v1beta1\nbuild:\n  roots:\n    - proto\n    - third_party\n"
                "  excludes:\n    - proto/acme/internal\nbreaking:\n  use:\n    - FILE\n")
scenario("v1beta1_roots_excludes",
         "A buf.yaml v1beta1 with `build.roots: [proto, third_party]` and `build.excludes: "
         "[proto/acme/internal]` (" + DOC_V1BETA1 + "): two roots in one module, file "
         "paths relative to their root, the excluded directory not built.",
         BASIC, two(roots, conf=v1beta1_conf))

v1ex = {"acme/user/v1/user.proto": USER,
        "acme/internal/v1/debug.proto": pair("acme.internal.v1", "Debug")}
scenario("v1_build_excludes",
         "A buf.yaml v1 with `build.excludes: [acme/internal]` (" + DOC_V1 + "): the "
         "excluded directory is not part of the module and its changes are not reported.",
         BASIC, two(v1ex, conf="version: v1\nbuild:\n  excludes:\n    - acme/internal\n"
                               "breaking:\n  use:\n    - FILE\n"))

mig = {"proto/acme/user/v1/user.proto": USER}
scenario("migration_v1beta1_to_v2",
         "OLD is a v1beta1 module with `build.roots: [proto]`, NEW the v2 workspace that "
         "`buf config migrate` makes of it (`modules: [{path: proto}]`, " + DOC_MIGRATE +
         "): the files pair by their path inside the root, and NEW's configuration "
         "(v2 FILE) decides the rules.",
         BASIC, two(mig, old_conf="version: v1beta1\nbuild:\n  roots:\n    - proto\n",
                    new_conf=v2_yaml(["proto"])))

scenario("no_buf_yaml",
         "Neither input has a buf.yaml: buf uses its defaults (a v1 configuration, "
         "breaking `use: [FILE]`, " + DOC_USAGE + "), the directory being the module root.",
         BASIC, two(dict(user_tree(), **{"acme/order/v1/order.proto": ORDER})))

scenario("buf_yml_ignored",
         "Both inputs hold a `buf.yml` (v1, `use: [WIRE]`) and NEW a broken `buf.work.yml`: "
         "buf 1.75 reads neither name, so its defaults apply (FILE: the widened field is "
         "FIELD_SAME_TYPE) and the broken file is no error.",
         BASIC, two(user_tree(), old_extra={"buf.yml": "version: v1\nbreaking:\n  use:\n    - WIRE\n"},
                    new_extra={"buf.yml": "version: v1\nbreaking:\n  use:\n    - WIRE\n",
                               "buf.work.yml": "garbage: [\n"}))

scenario("empty_directory",
         "NEW is an empty directory: buf fails, the module \"had no .proto files\" "
         "(" + DOC_INPUTS + ").",
         BASIC, dict({"old/acme/user/v1/user.proto": USER[0], "new/README": "empty\n"}),
         keys=["no .proto", "proto files", "no files", "empty"])

scenario("module_without_protos",
         "A v2 workspace whose second module `docs/` holds no .proto file (only a "
         "README): buf fails on that module.",
         BASIC, two({"proto/acme/user/v1/user.proto": USER},
                    conf=v2_yaml(["proto", "docs"]),
                    old_extra={"docs/README": "docs\n"}, new_extra={"docs/README": "docs\n"}),
         keys=["no .proto", "proto files", "no files", "docs"])

scenario("missing_import",
         "NEW imports a file that exists nowhere: buf reports a COMPILE error at the "
         "import statement and exits 100; protocompat must fail to link (exit 3) naming "
         "the place.",
         BASIC, two({"acme/user/v1/user.proto":
                     (USER[0], proto("acme.user.v1", msg_v1("User"),
                                     ["acme/missing/v1/missing.proto"]))},
                    conf=v2_yaml()))

# ------------------------------------------------------------------ flags on git inputs
# A two-commit history of a v2 workspace at the repository root: v1/ is committed and
# tagged v1.0.0 on main, v2/ is the work tree (committed on main as well unless noted).
git_ws = {"proto/acme/user/v1/user.proto": USER,
          "proto/acme/legacy/v1/old.proto": LEGACY,
          "vendor/googleapis/google/type/date.proto": (DATE_V1, DATE_V2),
          "proto/acme/profile/v1/profile.proto": tuple(PROFILE)}


def history(tree, conf, old_extra=None, new_extra=None):
    """two() with the trees named v1/ and v2/, as the git scenarios' setup.sh wants."""
    return two(tree, conf=conf, old_extra=old_extra, new_extra=new_extra,
               names=("v1", "v2"))


GIT_MAIN = '. "$SCENARIOS_LIB"\nhistory_main\n'
GIT_BRANCH = '. "$SCENARIOS_LIB"\nhistory_branch\n'
GIT_UNCOMMITTED = '. "$SCENARIOS_LIB"\nhistory_uncommitted\n'
git_conf = v2_yaml(["proto", "vendor/googleapis"])
GH = history(git_ws, git_conf)

scenario("git_ref_head_parent",
         "A git repository whose root is a v2 workspace (modules proto/ and "
         "vendor/googleapis/), checked against the previous commit with "
         "`--against '.git#ref=HEAD~1'` (" + DOC_INPUTS + "), the usual CI gate. setup.sh "
         "commits v1/ then v2/ on main.",
         "breaking --against '.git#ref=HEAD~1'" + JSON, GH, setup=GIT_MAIN)

scenario("git_branch",
         "The workspace of git_ref_head_parent on a feature branch, against "
         "`.git#branch=main` (" + DOC_INPUTS + ").",
         "breaking --against '.git#branch=main'" + JSON, GH, setup=GIT_BRANCH)

scenario("git_tag_uncommitted",
         "Uncommitted changes in the work tree (v2/ put in place, not committed) against "
         "the tag `.git#tag=v1.0.0` (" + DOC_INPUTS + "), as a pre-commit check does.",
         "breaking --against '.git#tag=v1.0.0'" + JSON, GH, setup=GIT_UNCOMMITTED)

sub = {"proto/buf.yaml": (v2_yaml(), v2_yaml()),
       "proto/acme/user/v1/user.proto": USER}
sub_o, sub_n = split(sub)
scenario("git_subdir",
         "A repository whose buf module lives in `proto/` (its own v2 buf.yaml, no "
         "workspace at the root), checked with `breaking proto --against "
         "'.git#branch=main,subdir=proto'` (" + DOC_INPUTS + ").",
         "breaking proto --against '.git#branch=main,subdir=proto'" + JSON,
         dict({"v1/" + p: t for p, t in sub_o.items()}, **{"v2/" + p: t for p, t in sub_n.items()}),
         setup=GIT_BRANCH)

scenario("path_flag",
         "`--path proto/acme/profile` on the git workspace (against `.git#tag=v1.0.0`; "
         "buf applies --path to both inputs, so the against input must be inside the "
         "context, not a sibling directory): only profile.proto is an input, but the "
         "vendored date.proto it imports is checked too (imports are included by "
         "default); user and legacy are not.",
         "breaking --against '.git#tag=v1.0.0' --path proto/acme/profile" + JSON, GH,
         setup=GIT_MAIN)

scenario("path_exclude_imports",
         "path_flag with `--exclude-imports`: the vendored date.proto is now only an "
         "import and its findings go.",
         "breaking --against '.git#tag=v1.0.0' --path proto/acme/profile --exclude-imports"
         + JSON, GH, setup=GIT_MAIN)

scenario("exclude_path",
         "`--exclude-path proto/acme/legacy` on the git workspace: legacy's findings go, "
         "the others stay.",
         "breaking --against '.git#tag=v1.0.0' --exclude-path proto/acme/legacy" + JSON,
         GH, setup=GIT_MAIN)

scenario("exclude_path_imported",
         "`--exclude-path vendor --exclude-imports` on the git workspace: the vendored "
         "module is excluded from the inputs, yet profile.proto imports it: buf still "
         "reports date.proto's changes.",
         "breaking --against '.git#tag=v1.0.0' --exclude-path vendor --exclude-imports"
         + JSON, GH, setup=GIT_MAIN)

scenario("path_twice",
         "`--path` given twice (`proto/acme/user` and `proto/acme/legacy`) on the git "
         "workspace: the union of the two is the input.",
         "breaking --against '.git#tag=v1.0.0' --path proto/acme/user --path proto/acme/legacy"
         + JSON, GH, setup=GIT_MAIN)

scenario("exclude_path_file",
         "`--exclude-path` naming one file (`proto/acme/user/v1/user.proto`) on the git "
         "workspace.",
         "breaking --against '.git#tag=v1.0.0' --exclude-path proto/acme/user/v1/user.proto"
         + JSON, GH, setup=GIT_MAIN)

scenario("path_directory_inputs",
         "`--path proto/acme/user` with two sibling directories as inputs (`breaking new "
         "--against old`): buf applies --path to both inputs relative to the current "
         "directory, finds it outside the against input's context and fails (\"is "
         "outside the context directory\").",
         "breaking new --against old --path new/proto/acme/user" + JSON,
         two({"proto/acme/user/v1/user.proto": USER}, conf=v2_yaml(["proto"])),
         keys=["outside", "context", "--path"])

scenario("path_module_dir",
         "`--path proto` naming a whole module directory of the git workspace: buf "
         "refuses it (a module is given as the input, not with --path).",
         "breaking --against '.git#tag=v1.0.0' --path proto" + JSON, GH, setup=GIT_MAIN,
         keys=["module", "--path", "input"])

lim = {"acme/user/v1/user.proto": USER, "acme/order/v1/order.proto": ORDER}
LIM = history(lim, v2_yaml(), old_extra={"acme/gone/v1/gone.proto":
                                         proto("acme.gone.v1", "message Gone {}\n")})
scenario("limit_to_input_files",
         "A single-module repository (v2 buf.yaml at the root) where NEW deletes "
         "acme/gone/v1/gone.proto; `--path acme/order --limit-to-input-files` (" +
         DOC_CLI + "): the against input is limited to the files of the input, so the "
         "deletion is not reported, while user.proto, an import of order.proto, still is "
         "(imports are included by default).",
         "breaking --against '.git#tag=v1.0.0' --path acme/order --limit-to-input-files"
         + JSON, LIM, setup=GIT_MAIN)

scenario("path_deleted_file",
         "The repository of limit_to_input_files with `--path acme` only: the deleted "
         "gone.proto is under the path, so its deletion is reported.",
         "breaking --against '.git#tag=v1.0.0' --path acme" + JSON, LIM, setup=GIT_MAIN)

scenario("limit_to_input_files_workspace",
         "`--path proto/acme/profile --limit-to-input-files` on the two-module git "
         "workspace: the limited against input no longer has the vendored module, and "
         "buf fails on the differing module counts.",
         "breaking --against '.git#tag=v1.0.0' --path proto/acme/profile "
         "--limit-to-input-files" + JSON, GH, setup=GIT_MAIN,
         keys=["images", "modules"])

# ------------------------------------------------------------------ --config flags
plain = {"acme/user/v1/user.proto": USER_R}
scenario("config_file",
         "Inputs without buf.yaml; `--config cfg/wire.yaml --against-config "
         "cfg/wire.yaml` names a v1 buf.yaml elsewhere with `use: [WIRE]` (" + DOC_CLI +
         ").",
         "breaking new --against old --config cfg/wire.yaml --against-config cfg/wire.yaml"
         + JSON, dict(two(plain), **{"cfg/wire.yaml":
                                     "version: v1\nbreaking:\n  use:\n    - WIRE\n"}))

scenario("config_inline_json",
         "`--config` given as JSON data instead of a file name (buf accepts both, " +
         DOC_CLI + "): `{\"version\":\"v2\",\"breaking\":{\"use\":[\"WIRE_JSON\"]}}`, "
         "meant to override new/buf.yaml (FILE). A v2 configuration given with --config "
         "describes a workspace rooted at the current directory (its module is `.`), "
         "so buf refuses the input `new`, which that module contains.",
         "breaking new --against old --config "
         "'{\"version\":\"v2\",\"breaking\":{\"use\":[\"WIRE_JSON\"]}}'" + JSON,
         two(plain, conf=v2_yaml()), keys=["module", "--path", "workspace"])

scenario("config_inline_json_v1",
         "`--config` as JSON data with a v1 configuration "
         "(`{\"version\":\"v1\",\"breaking\":{\"use\":[\"WIRE_JSON\"]}}`): a v1 "
         "configuration describes one module wherever the input is, so it applies to "
         "new/ (compare config_inline_json).",
         "breaking new --against old --config "
         "'{\"version\":\"v1\",\"breaking\":{\"use\":[\"WIRE_JSON\"]}}'" + JSON,
         two(plain, conf=v2_yaml()))

scenario("config_inline_yaml",
         "`--config` given as multi-line YAML data (a quoted argument spanning lines in "
         "cmd) selecting PACKAGE with `except: [FIELD_SAME_NAME]`.",
         "breaking new --against old --config 'version: v1\nbreaking:\n  use: [PACKAGE]\n"
         "  except: [FIELD_SAME_NAME]\n'" + JSON, two(plain, conf=v2_yaml()))

ac = {"acme/user/v1/user.proto": USER}
scenario("against_config_inline",
         "`--against-config` as YAML flow data `{version: v1, build: {excludes: "
         "[acme/legacy]}}`: OLD's acme/legacy is excluded from the against input, so "
         "its deletion in NEW is not reported; NEW's own buf.yaml still applies.",
         "breaking new --against old --against-config "
         "'{version: v1, build: {excludes: [acme/legacy]}}'" + JSON,
         two(ac, conf=v2_yaml(),
             old_extra={"acme/legacy/v1/old.proto": LEGACY[0]}))

# ------------------------------------------------------------------ archives and images
arch = {"proto/acme/user/v1/user.proto": USER, "proto/acme/legacy/v1/old.proto": LEGACY}
arch_conf = v2_yaml(["proto"])
ARCH_FILES = two(arch, conf=arch_conf)
scenario("tar_gz_strip_components",
         "OLD is a release tarball `old.tar.gz` whose files sit under a top directory "
         "`acme-apis-1.0.0/` (the v2 workspace inside), read with "
         "`old.tar.gz#strip_components=1` (" + DOC_INPUTS + "); setup.sh makes it from old/.",
         "breaking new --against 'old.tar.gz#strip_components=1'" + JSON, ARCH_FILES,
         setup='. "$SCENARIOS_LIB"\nstash old\narchive tar.gz old.tar.gz old acme-apis-1.0.0\n')

sub_arch = {"proto/acme/user/v1/user.proto": USER}
SUBA = {"old/proto/buf.yaml": v2_yaml(), "new/proto/buf.yaml": v2_yaml()}
SUBA.update({"old/" + p: t for p, t in split(sub_arch)[0].items()})
SUBA.update({"new/" + p: t for p, t in split(sub_arch)[1].items()})
scenario("zip_strip_subdir",
         "OLD is a zip of a repository (top directory `acme-main/`) whose module is in "
         "`proto/` with its own buf.yaml; read with `old.zip#strip_components=1,subdir=proto` "
         "and compared with `new/proto` (" + DOC_INPUTS + ").",
         "breaking new/proto --against 'old.zip#strip_components=1,subdir=proto'" + JSON,
         SUBA, setup='. "$SCENARIOS_LIB"\nstash old\narchive zip old.zip old acme-main\n')

tgz = {"acme/user/v1/user.proto": USER}
scenario("tgz_subdir",
         "OLD is a `.tgz` without a top directory holding the module under `api/`; "
         "`old.tgz#subdir=api`, NEW a plain module directory without buf.yaml.",
         "breaking new --against 'old.tgz#subdir=api'" + JSON,
         dict({"old/api/" + p: t[0] for p, t in tgz.items()},
              **{"new/" + p: t[1] for p, t in tgz.items()}),
         setup='. "$SCENARIOS_LIB"\nstash old\narchive tar.gz old.tgz old\n')

img = {"acme/user/v1/user.proto": USER, "acme/order/v1/order.proto": ORDER}
IMG = two(img, conf=v2_yaml())
scenario("image_stdin",
         "OLD is a binary Buf image read from standard input (`--against -`, " +
         DOC_INPUTS + "): `stdin` was built from old/ by `buf build old -o stdin` "
         "(make_scenarios.py; committed, CI has no buf).",
         "breaking new --against -" + JSON, IMG, images={"stdin": ("old", [])})

scenario("image_json",
         "OLD is a JSON Buf image `old.json` built by `buf build old -o old.json` "
         "(committed), chosen by its extension (" + DOC_INPUTS + ").",
         "breaking new --against old.json" + JSON, IMG, images={"old.json": ("old", [])})

scenario("image_binpb_no_source_info",
         "OLD is a binary image without source info (`buf build old --exclude-source-info "
         "-o old.binpb`, committed): positions come from NEW only, so nothing changes.",
         "breaking new --against old.binpb" + JSON, IMG,
         images={"old.binpb": ("old", ["--exclude-source-info"])})

scenario("protoc_descriptor_set",
         "OLD is a FileDescriptorSet written by `protoc --include_imports -o` at test "
         "time (setup.sh; protoc is in CI), given as `old.binpb`: buf reads it as an "
         "image.",
         "breaking new --against old.binpb" + JSON, IMG,
         setup=('. "$SCENARIOS_LIB"\n(cd old && protoc --include_imports -o ../old.binpb '
                'acme/user/v1/user.proto acme/order/v1/order.proto)\nstash old\n'))

# ------------------------------------------------------------------ error formats
fmt = {"acme/user/v1/user.proto": USER}
FMT = two(fmt, conf=v2_yaml(), old_extra={"acme/gone/v1/gone.proto":
                                          proto("acme.gone.v1", "message Gone {}\n")})
for f in ("text", "github-actions", "msvs", "junit", "gitlab-code-quality"):
    scenario("format_" + f.replace("-", "_"),
             "buf's `--error-format %s` (%s) on a small module with a deleted file (a "
             "finding without a place) and two field changes; stdout compared line for "
             "line, the findings also recorded as JSON." % (f, DOC_CLI),
             "breaking new --against old --error-format " + f, FMT)
scenario("format_default",
         "No `--error-format` at all: buf's default is text; stdout compared line for line.",
         "breaking new --against old", FMT)


def write_scenario(s, buf):
    d = os.path.join(HERE, s["name"])
    if os.path.isdir(d):
        for n in os.listdir(d):
            if n not in KEEP:
                p = os.path.join(d, n)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    os.makedirs(d, exist_ok=True)

    def put(rel, text, mode="w"):
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(text)

    put("README", s["readme"] + "\n")
    put("cmd", s["cmd"] + "\n")
    for rel, text in sorted(s["files"].items()):
        put(rel, text)
    if s["setup"]:
        put("setup.sh", "# made by make_scenarios.py; run in a temporary copy (lib.sh)\n"
            + s["setup"])
    if s["keys"]:
        put("stderr.keys", "".join(k + "\n" for k in s["keys"]))
    for out, (tree, args) in s["images"].items():
        subprocess.run([buf, "build", tree, "-o", out + (".binpb" if out == "stdin" else "")]
                       + args, cwd=d, check=True)
        if out == "stdin":
            os.rename(os.path.join(d, "stdin.binpb"), os.path.join(d, "stdin"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--buf", default="/work/tools/node_modules/.bin/buf")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    names = [s["name"] for s in SCENARIOS]
    dup = set(n for n in names if names.count(n) > 1)
    if dup:
        sys.exit("scenario names used twice: %s" % ", ".join(sorted(dup)))
    for s in SCENARIOS:
        if not a.only or any(o in s["name"] for o in a.only):
            write_scenario(s, a.buf)
            print(s["name"])


if __name__ == "__main__":
    main()
