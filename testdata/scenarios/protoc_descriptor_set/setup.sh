# made by make_scenarios.py; run in a temporary copy (lib.sh)
. "$SCENARIOS_LIB"
(cd old && protoc --include_imports -o ../old.binpb acme/user/v1/user.proto acme/order/v1/order.proto)
stash old
