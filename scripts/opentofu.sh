#!/usr/bin/env bash
# Builds OpenTofu from its Go module (served by the Go module proxy; no
# download site is needed) into a cache directory outside the repository,
# and prints the path of the tofu binary on its last line of stdout.
#
# Idempotent: when the binary is already in the cache it only checks it and
# prints its path. A cold build takes 5 to 15 minutes on 2 cores.
#
# `go install github.com/opentofu/opentofu/cmd/tofu@version` refuses the
# module (its go.mod has replace directives), so the module is downloaded
# with `go mod download`, copied out of the read-only module cache and built
# there as the main module.
#
# Environment:
#   OPENTOFU_VERSION    version to build (default 1.12.6)
#   OPENTOFU_CACHE_DIR  where tofu-<version>/tofu goes (default
#                       ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns)
set -euo pipefail

version="${OPENTOFU_VERSION:-1.12.6}"
cache_root="${OPENTOFU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns}"
dir="$cache_root/tofu-$version"
bin="$dir/tofu"

# tofu must not phone home (version checkpoint) when we run it.
export CHECKPOINT_DISABLE=1

# check BINARY: it runs and reports the wanted version.
check() {
	local out
	if ! out="$("$1" version 2>&1)"; then
		echo "opentofu.sh: $1 does not run: $out" >&2
		return 1
	fi
	# (Warnings about the CLI configuration may come first.)
	if ! grep -q "^OpenTofu v$version\$" <<<"$out"; then
		echo "opentofu.sh: $1 does not report OpenTofu v$version: $out" >&2
		return 1
	fi
}

if [[ -x "$bin" ]]; then
	check "$bin"
	echo "$bin"
	exit 0
fi

command -v go >/dev/null || { echo "opentofu.sh: go is not on PATH" >&2; exit 1; }
mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

start=$SECONDS
echo "opentofu.sh: building OpenTofu $version into $dir (5 to 15 minutes on 2 cores with a cold Go build cache)" >&2

# Resolve the module through the module proxy (GOFLAGS from the caller,
# e.g. -mod=vendor, must not apply here).
src="$(cd "$work" && GOFLAGS= go mod download -json "github.com/opentofu/opentofu@v$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "$src" || ! -f "$src/go.mod" ]]; then
	echo "opentofu.sh: go mod download did not yield the module directory of github.com/opentofu/opentofu@v$version" >&2
	exit 1
fi

cp -R "$src" "$work/src"
chmod -R u+w "$work/src"

# The module is its own main module here, so its replace directives apply;
# GOFLAGS=-mod=mod lets go add go.sum entries should the module's own be
# incomplete. dev=no makes the version "1.12.6" rather than "1.12.6-dev", as
# in OpenTofu's release builds.
(
	cd "$work/src"
	GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
		-ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
		-o "$work/tofu" ./cmd/tofu
)

check "$work/tofu"
mkdir -p "$dir"
mv "$work/tofu" "$bin"
echo "opentofu.sh: built OpenTofu $version in $((SECONDS - start))s" >&2
echo "$bin"
