# fish completion for protocompat (installed as
# share/fish/vendor_completions.d/protocompat.fish): the commands, each command's
# options with their values, rule IDs for explain, --use and --except.

set -l commands check breaking changes build rules explain install-hook

function __protocompat_rule_ids
    protocompat rules 2>/dev/null | string replace -r ' .*' ''
end

# rule IDs and the categories (third column of `protocompat rules`)
function __protocompat_rule_names
    protocompat rules 2>/dev/null | awk '{print $1; n = split($3, c, ","); for (i = 1; i <= n; i++) if (c[i] != "-" && !seen[c[i]]++) print c[i]}'
end

# a command word, or none (check is the default)
function __protocompat_cmd
    for w in (commandline -opc)[2..-1]
        if contains -- $w check breaking changes build rules explain install-hook
            echo $w
            return
        end
    end
    echo check
end

function __protocompat_using
    contains -- (__protocompat_cmd) $argv
end

complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -a check -d 'report breaking changes from OLD to NEW (the default)'
complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -a breaking -d "buf breaking's command line"
complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -a changes -d 'every change with its semver bump'
complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -a build -d 'write a FileDescriptorSet'
complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -a rules -d 'list the rule catalog'
complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -a explain -d 'why a rule breaks and how to evolve safely'
complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -a install-hook -d 'write the git pre-commit hook'
complete -c protocompat -n "not __fish_seen_subcommand_from $commands" -l version -d 'print the version and git revision'
complete -c protocompat -l help -s h -d 'show usage'

# check (and install-hook, breaking: the options they share)
set -l chk '__protocompat_using check install-hook breaking changes'
complete -c protocompat -n $chk -s I -r -a '(__fish_complete_directories)' -d 'import path for both sides'
complete -c protocompat -n $chk -l proto_path -r -a '(__fish_complete_directories)' -d 'import path for both sides'
complete -c protocompat -n $chk -l old-include -r -a '(__fish_complete_directories)' -d 'import path for OLD only'
complete -c protocompat -n $chk -l new-include -r -a '(__fish_complete_directories)' -d 'import path for NEW only'
complete -c protocompat -n $chk -l config -r -F -d "NEW's configuration"
complete -c protocompat -n $chk -l against-config -r -F -d "OLD's configuration"
complete -c protocompat -n $chk -l use -x -a '(__fish_append , (__protocompat_rule_names))' -d 'rule IDs or categories to run'
complete -c protocompat -n $chk -l except -x -a '(__fish_append , (__protocompat_rule_names))' -d 'rule IDs or categories to leave out'
complete -c protocompat -n $chk -l direction -x -a 'backward forward full' -d 'direction to check'
complete -c protocompat -n $chk -l audience -x -a '(__fish_append , wire json source)' -d 'who counts'
complete -c protocompat -n $chk -l wire -x -a 'buf exact' -d 'how wire verdicts are made'
complete -c protocompat -n $chk -l mode -x -a 'backward forward full backward-transitive forward-transitive full-transitive none' -d "a schema registry's level"
complete -c protocompat -n $chk -l profile -x -a 'buf confluent' -d 'which checker decides'
complete -c protocompat -n '__protocompat_using check install-hook' -l format -x -a 'text json sarif junit github gitlab msvs markdown' -d 'report format'
complete -c protocompat -n '__protocompat_using changes' -l format -x -a 'text json markdown' -d 'list format'
complete -c protocompat -n '__protocompat_using changes' -l comments -d 'also list comment changes'
complete -c protocompat -n '__protocompat_using changes' -l link-base -x -d 'make markdown positions links'
complete -c protocompat -n $chk -l exclude-imports -d 'compare only the input files'
complete -c protocompat -n $chk -l renames -d 'follow renamed and moved types'
complete -c protocompat -n $chk -l deprecate-before-delete -d 'allow deleting deprecated elements'
complete -c protocompat -n '__protocompat_using check install-hook breaking rules explain' -l rules -r -F -d 'add the rules of a YAML file'
complete -c protocompat -n '__protocompat_using check install-hook breaking build' -l jobs -x -d 'threads for loading'
complete -c protocompat -n '__protocompat_using check install-hook breaking build' -l max-file-size -x -d 'largest .proto file (K, M, G)'
complete -c protocompat -n '__protocompat_using check install-hook' -l against-each -d 'check NEW against every OLD in turn'
complete -c protocompat -n $chk -l show-suppressed -d 'also list suppressed findings'
complete -c protocompat -n $chk -l full -d 'two git inputs: load and compare every file'
complete -c protocompat -n $chk -l no-cache -d 'neither read nor write the cache'
complete -c protocompat -n '__protocompat_using install-hook' -l force -d 'replace a hook protocompat did not write'

# breaking: buf's flags
set -l brk '__protocompat_using breaking'
complete -c protocompat -n $brk -l against -r -F -d 'what to check against'
complete -c protocompat -n $brk -l error-format -x -a 'text json github-actions junit msvs gitlab-code-quality sarif' -d 'report format'
complete -c protocompat -n $brk -l limit-to-input-files -d "compare only AGAINST's files that INPUT has"
complete -c protocompat -n $brk -l path -r -F -d 'check only files below PATH'
complete -c protocompat -n $brk -l exclude-path -r -F -d 'leave out files below PATH'
complete -c protocompat -n $brk -l disable-symlinks -d 'accepted; links are followed'

# build
set -l bld '__protocompat_using build'
complete -c protocompat -n $bld -s I -r -a '(__fish_complete_directories)' -d 'import path'
complete -c protocompat -n $bld -l proto_path -r -a '(__fish_complete_directories)' -d 'import path'
complete -c protocompat -n $bld -s o -l output -r -F -d 'descriptor set to write'
complete -c protocompat -n $bld -l include-imports -d 'also write the imported files'
complete -c protocompat -n $bld -l include-source-info -d 'write SourceCodeInfo'
complete -c protocompat -n $bld -l retain-options -d 'keep source-retention options'

# rules, explain
complete -c protocompat -n '__protocompat_using rules explain' -l format -x -a 'text json' -d 'output format'
complete -c protocompat -n '__protocompat_using explain' -f -a '(__protocompat_rule_ids)' -d 'rule'
