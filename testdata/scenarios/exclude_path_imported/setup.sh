# made by make_scenarios.py; run in a temporary copy (lib.sh)
. "$SCENARIOS_LIB"
history_main
