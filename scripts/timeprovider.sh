#!/usr/bin/env bash
# Builds hashicorp/time (github.com/hashicorp/terraform-provider-time, from
# the Go module proxy; no registry) into a cache directory outside the
# repository, and prints the path of the provider binary on its last line of
# stdout. The benchmark serves it to Terraform through dev_overrides: its
# time_static resources (no I/O at all) are the floor of a provider's
# destroy with the plugin protocol but without an API.
#
# Idempotent: when the binary is already in the cache it only prints its
# path. A cold build takes 1 to 3 minutes on 2 cores.
#
# Environment:
#   TIME_PROVIDER_VERSION    version to build (default 0.14.2)
#   TIME_PROVIDER_CACHE_DIR  where time-<version>/terraform-provider-time goes
#                            (default ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns,
#                            the cache of scripts/opentofu.sh)
set -euo pipefail

version="${TIME_PROVIDER_VERSION:-0.14.2}"
cache_root="${TIME_PROVIDER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns}"
dir="$cache_root/time-$version"
bin="$dir/terraform-provider-time"

if [[ -x "$bin" ]]; then
	echo "$bin"
	exit 0
fi

command -v go >/dev/null || { echo "timeprovider.sh: go is not on PATH" >&2; exit 1; }
mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

start=$SECONDS
echo "timeprovider.sh: building hashicorp/time $version into $dir" >&2
src="$(cd "$work" && GOFLAGS= go mod download -json "github.com/hashicorp/terraform-provider-time@v$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "$src" || ! -f "$src/go.mod" ]]; then
	echo "timeprovider.sh: go mod download did not yield the module directory of github.com/hashicorp/terraform-provider-time@v$version" >&2
	exit 1
fi

# Built as its own main module (go install refuses modules with replace
# directives, and its go.sum is the module's own).
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
(
	cd "$work/src"
	GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/terraform-provider-time" .
)
mkdir -p "$dir"
mv "$work/terraform-provider-time" "$bin"
echo "timeprovider.sh: built hashicorp/time $version in $((SECONDS - start))s" >&2
echo "$bin"
