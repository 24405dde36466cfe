# bash completion for protocompat (installed as
# share/bash-completion/completions/protocompat). Completes the commands, each
# command's options, the values of --format, --direction, --audience, --error-format,
# rule IDs for explain, --use and --except, and files or directories elsewhere. Needs
# nothing but bash (no bash-completion helpers).

_protocompat_rule_ids()
{
	protocompat rules 2>/dev/null | awk '{print $1}'
}

# Rule IDs and the categories (third column of `protocompat rules`), for --use and
# --except: the category names come from the binary, not from a list kept here.
_protocompat_rule_names()
{
	protocompat rules 2>/dev/null | awk '{print $1; n = split($3, c, ","); for (i = 1; i <= n; i++) if (c[i] != "-" && !seen[c[i]]++) print c[i]}'
}

_protocompat()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="check breaking changes build rules explain install-hook"
	local check_opts="-I --proto_path --old-include --new-include --config --against-config --use --except
		--direction --audience --wire --mode --profile --format --exclude-imports --renames
		--deprecate-before-delete --rules --jobs --max-file-size --against-each --show-suppressed --full --no-cache
		--help"
	local changes_opts="$check_opts --comments --link-base"
	local breaking_opts="--against --against-config --config --error-format --exclude-imports
		--limit-to-input-files --path --exclude-path --disable-symlinks -I --proto_path --old-include
		--new-include --use --except --direction --audience --rules --jobs --max-file-size --show-suppressed
		--renames --deprecate-before-delete --help"
	local build_opts="-I --proto_path -o --output --include-imports --include-source-info --retain-options
		--jobs --max-file-size --help"
	local cmd="" i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		check | breaking | changes | build | rules | explain | install-hook)
			cmd=${COMP_WORDS[i]}
			break
			;;
		esac
	done

	COMPREPLY=()
	case $prev in
	--format)
		if [ "$cmd" = rules ] || [ "$cmd" = explain ]; then
			COMPREPLY=($(compgen -W "text json" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "text json sarif junit github gitlab msvs markdown" -- "$cur"))
		fi
		return
		;;
	--error-format)
		COMPREPLY=($(compgen -W "text json github-actions junit msvs gitlab-code-quality sarif" -- "$cur"))
		return
		;;
	--direction)
		COMPREPLY=($(compgen -W "backward forward full" -- "$cur"))
		return
		;;
	--wire)
		COMPREPLY=($(compgen -W "buf exact" -- "$cur"))
		return
		;;
	--mode)
		COMPREPLY=($(compgen -W "backward forward full backward-transitive forward-transitive full-transitive none" -- "$cur"))
		return
		;;
	--profile)
		COMPREPLY=($(compgen -W "buf confluent" -- "$cur"))
		return
		;;
	--audience)
		local prefix=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$prefix" -W "wire json source" -- "${cur##*,}"))
		return
		;;
	--use | --except)
		local prefix=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$prefix" -W "$(_protocompat_rule_names)" -- "${cur##*,}"))
		return
		;;
	-I | --proto_path | --old-include | --new-include | --path | --exclude-path)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--jobs | --max-file-size)
		return
		;;
	--link-base)
		return
		;;
	--config | --against-config | --rules | -o | --output | --against)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac

	if [ -z "$cmd" ] && [ "$COMP_CWORD" = 1 ] && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W "$commands" -- "$cur") $(compgen -f -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		case $cmd in
		breaking) COMPREPLY=($(compgen -W "$breaking_opts" -- "$cur")) ;;
		build) COMPREPLY=($(compgen -W "$build_opts" -- "$cur")) ;;
		changes) COMPREPLY=($(compgen -W "$changes_opts" -- "$cur")) ;;
		rules) COMPREPLY=($(compgen -W "--rules --format --help" -- "$cur")) ;;
		explain) COMPREPLY=($(compgen -W "--rules --format --help" -- "$cur")) ;;
		install-hook) COMPREPLY=($(compgen -W "--force --help $check_opts" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$check_opts --version" -- "$cur")) ;;
		esac
		return
	fi
	case $cmd in
	explain) COMPREPLY=($(compgen -W "$(_protocompat_rule_ids)" -- "$cur")) ;;
	rules) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}

complete -o filenames -o bashdefault -F _protocompat protocompat
