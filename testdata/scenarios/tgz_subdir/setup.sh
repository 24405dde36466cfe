# made by make_scenarios.py; run in a temporary copy (lib.sh)
. "$SCENARIOS_LIB"
stash old
archive tar.gz old.tgz old
