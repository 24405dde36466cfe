# Sourced by inputs.test.sh and record.sh: make_inputs HERE DIR builds, from the trees
# HERE/old and HERE/new (each a module in proto/) and the images buf built from them
# (HERE/images, written by record.sh), every input of the cases in DIR:
#   old.tar new.tar old.tar.gz new.tgz old.zip   archives holding proto/...
#   old-strip.zip new-strip.tgz                  the same below mod-1.0/ and mod-2.0/
#   newgz                                        new.tgz without an extension
#   newdir/proto                                 NEW as a directory
#   old.binpb old.json new.binpb new.json        copies of HERE/images
#   repo/                                        git: v1 (tag) = old tree, then main
#                                                and feature = new tree; images/ holds
#                                                the binary images of both
#   bare.git/                                    a bare clone of repo
#   garbage.tar garbage.tgz cut.tgz garbage.json wrong.json, and tars made by
#   python3 with a climbing name (up.tar), an absolute name (abs.tar) and a
#   symbolic link named like a .proto file (sym.tar): inputs that must be refused
# The cases: NAME|DIR-relative cwd|NEW|OLD|file for standard input ("" for none).
CASES='tar_subdir|.|new.tar#subdir=proto|old.tar.gz#subdir=proto|
strip_components|.|new-strip.tgz#strip_components=1,subdir=proto|old-strip.zip#strip_components=1,subdir=proto|
explicit_format|.|newgz#format=tar,compression=gzip,subdir=proto|old.zip#subdir=proto|
dir_vs_tar|.|newdir/proto|old.tar#subdir=proto|
images_binpb|.|new.binpb|old.binpb|
images_json|.|new.json|old.json|
images_json_new|.|new.json|old.binpb|
images_json_old|.|new.binpb|old.json|
stdin_binpb|.|-|old.json|new.binpb
stdin_json|.|-#format=json|old.binpb|new.json
git_branch|repo|.git#branch=feature,subdir=proto|.git#ref=HEAD~1,subdir=proto|
git_tag|repo|.git#branch=main,subdir=proto|.git#tag=v1,subdir=proto|
git_other_keys|repo|.git#ref=feature,subdir=./proto/,recurse_submodules=true|.git#tag=v1,depth=5,subdir=proto|
git_bare|.|bare.git#branch=main,subdir=proto|bare.git#tag=v1,subdir=proto|
git_outside|.|repo/.git#branch=feature,subdir=proto|repo#format=git,tag=v1,subdir=proto|
dir_vs_git|repo|proto|.git#ref=HEAD~1,subdir=proto|'

make_inputs() {
	local here=$1 dir=$2
	(
		set -e
		export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
		export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
		unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
		cd "$dir"
		tar -C "$here/old" -cf old.tar proto
		tar -C "$here/new" -cf new.tar proto
		tar -C "$here/old" -czf old.tar.gz proto
		tar -C "$here/new" -czf new.tgz proto
		cp new.tgz newgz
		(cd "$here/old" && zip -qr "$dir/old.zip" proto)
		mkdir -p stage/mod-1.0 stage/mod-2.0 newdir
		cp -r "$here/old/proto" stage/mod-1.0/
		cp -r "$here/new/proto" stage/mod-2.0/
		(cd stage && zip -qr ../old-strip.zip mod-1.0 && tar -czf ../new-strip.tgz mod-2.0)
		cp -r "$here/new/proto" newdir/
		head -c 3000 /dev/zero | tr '\0' 'x' >garbage.tar
		cp garbage.tar garbage.tgz
		head -c 100 old.tar.gz >cut.tgz
		printf '{"file": [\n  {"name": "a.proto",}\n]}\n' >garbage.json
		printf '{"file": 3}\n' >wrong.json
		python3 - <<'PY'
import io, tarfile
def tar(out, name, link=None):
    with tarfile.open(out, "w") as t:
        i = tarfile.TarInfo(name)
        if link:
            i.type, i.linkname = tarfile.SYMTYPE, link
            t.addfile(i)
        else:
            data = b'syntax = "proto3";\n'
            i.size = len(data)
            t.addfile(i, io.BytesIO(data))
tar("up.tar", "../evil.proto")
tar("abs.tar", "/tmp/evil.proto")
tar("sym.tar", "proto/a.proto", "/etc/passwd")
PY
		if [ -d "$here/images" ]; then cp "$here"/images/* .; fi
		mkdir repo
		cd repo
		git init -q -b main
		cp -r "$here/old/proto" .
		mkdir images
		if [ -f ../old.binpb ]; then cp ../old.binpb ../new.binpb images/; fi
		git add -A
		git commit -qm v1
		git tag v1
		rm -rf proto
		cp -r "$here/new/proto" .
		git add -A
		git commit -qm v2
		git branch feature
		cd ..
		git clone -q --bare repo bare.git
	)
}
