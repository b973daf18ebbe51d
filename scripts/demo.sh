#!/usr/bin/env bash
# make demo: the provider end to end against the fake DNS API, on this
# machine only (127.0.0.1), in a throw-away directory.
#
#   1. build the provider and the fake API (internal/cmd/fakeapi)
#   2. start the fake on 127.0.0.1 (a free port) and wait for its URL
#   3. point Terraform at the fresh provider binary with a dev_overrides
#      CLI config (no terraform init, no registry, no download)
#   4. apply examples/resources/ionosdns_reverse_record/resource.tf, which
#      takes its token and endpoint from IONOS_TOKEN and IONOS_API_URL_DNS
#   5. show what the fake holds and the Terraform state
#   6. forget one record and import it again by its IP address
#   7. plan: must show no changes
#   8. destroy, show the fake is empty, stop the fake
#
# Everything is removed and the fake stopped on exit, on failure too.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
example="$root/examples/resources/ionosdns_reverse_record/resource.tf"
import_key="203.0.113.10"  # a key of the example's map
tf_timeout=180             # seconds, per terraform command
token="demo-token-$$-$RANDOM"

command -v terraform >/dev/null 2>&1 || {
	echo "demo: terraform is not on PATH (Terraform 1.11.4 is expected)" >&2
	exit 1
}
[ -f "$example" ] || {
	echo "demo: $example is missing" >&2
	exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ionosdns-demo.XXXXXX")
fake_pid=""

stop_fake() {
	[ -n "$fake_pid" ] || return 0
	if kill -0 "$fake_pid" 2>/dev/null; then
		kill -TERM "$fake_pid" 2>/dev/null || true
		# The fake shuts down gracefully within 5 s; wait at most 10.
		for _ in $(seq 1 100); do
			kill -0 "$fake_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$fake_pid" 2>/dev/null || true
	fi
	wait "$fake_pid" 2>/dev/null || true
	fake_pid=""
}
cleanup() {
	local rc=$?
	stop_fake
	rm -rf "$tmp"
	if [ "$rc" -ne 0 ]; then
		echo "demo: FAILED (exit $rc)" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# --foreground: Ctrl-C still reaches terraform when run from a terminal.
tf() { timeout --foreground "$tf_timeout" terraform "$@"; }

step "Building the provider and the fake API into $tmp"
(
	cd "$root"
	go build -ldflags "-X main.version=demo" -o "$tmp/bin/terraform-provider-ionosdns" .
	go build -o "$tmp/bin/fakeapi" ./internal/cmd/fakeapi
	go build -o "$tmp/bin/fakerecords" ./scripts/fakerecords
)

step "Starting the fake DNS API on 127.0.0.1"
"$tmp/bin/fakeapi" -addr 127.0.0.1:0 -token "$token" -latency 20ms \
	-url-file "$tmp/fake.url" >"$tmp/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 1 100); do # at most 10 s
	[ -s "$tmp/fake.url" ] && break
	if ! kill -0 "$fake_pid" 2>/dev/null; then
		cat "$tmp/fake.log" >&2
		echo "demo: the fake API exited before listening" >&2
		exit 1
	fi
	sleep 0.1
done
if [ ! -s "$tmp/fake.url" ]; then
	cat "$tmp/fake.log" >&2
	echo "demo: the fake API did not start listening within 10 s" >&2
	exit 1
fi
fake_url=$(head -n1 "$tmp/fake.url")
echo "fake API at $fake_url"
show_fake() { "$tmp/bin/fakerecords" -url "$fake_url" "$@"; }

step "Pointing Terraform at the local provider build (dev_overrides)"
cat >"$tmp/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "ionosdns/ionosdns" = "$tmp/bin"
  }
  direct {}
}
RC
cat "$tmp/terraform.rc"
export TF_CLI_CONFIG_FILE="$tmp/terraform.rc"
export CHECKPOINT_DISABLE=1
export TF_INPUT=0
export IONOS_TOKEN="$token"
export IONOS_API_URL_DNS="$fake_url"
unset IONOS_CONTRACT_NUMBER TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_WORKSPACE

mkdir -p "$tmp/work"
cp "$example" "$tmp/work/main.tf"
# Without a required_providers entry Terraform would take "ionosdns" to be
# hashicorp/ionosdns, which the override does not cover: add one unless the
# example has its own.
if ! grep -q required_providers "$tmp/work/main.tf"; then
	cat >"$tmp/work/versions.tf" <<'TF'
terraform {
  required_providers {
    ionosdns = {
      source = "ionosdns/ionosdns"
    }
  }
}
TF
fi
cd "$tmp/work"

step "terraform apply (examples/resources/ionosdns_reverse_record/resource.tf)"
tf apply -auto-approve

step "What the fake API now holds"
show_fake -want "$(tf state list | grep -c '^ionosdns_reverse_record\.')"

step "terraform state list"
tf state list

address="ionosdns_reverse_record.this[\"$import_key\"]"
step "Forgetting $address and importing it again by IP"
tf state rm "$address"
tf import "$address" "$import_key"

step "terraform plan -detailed-exitcode (must show no changes)"
set +e
tf plan -detailed-exitcode
plan_rc=$?
set -e
case "$plan_rc" in
0) echo "no changes: the imported record matches the configuration" ;;
2)
	echo "demo: the plan after import is not empty" >&2
	exit 1
	;;
*)
	echo "demo: terraform plan failed (exit $plan_rc)" >&2
	exit 1
	;;
esac

step "terraform destroy"
tf destroy -auto-approve

step "What the fake API holds after destroy"
show_fake -want 0

step "Stopping the fake API"
stop_fake
echo "demo: OK"
