#!/usr/bin/env bash
# Builds a Terraform release from its Go module (served by the Go module
# proxy) into a cache directory outside the repository, and prints the path
# of the terraform binary on its last line of stdout. The result is a TEST
# BUILD for the acceptance tests, not HashiCorp's signed release binary.
#
# Idempotent: when the binary is already in the cache it only checks it and
# prints its path. A cold build takes about 10 minutes on 2 cores, about one
# with a warm Go build cache.
#
# Why the module is edited: the module's zip leaves out the nested modules
# of nine remote-state backends under internal/backend/remote-state/ (azure,
# consul, cos, gcs, kubernetes, oci, oss, pg and s3), which go.mod requires
# through `replace` directives to local paths, so a plain build fails. The
# provider tests use none of them (state is local), so this script removes
# the nine from internal/backend/init/init.go (their imports and their
# entries in the backends map) and their require and replace lines from
# go.mod. A configuration that names one of them fails at init with
# Terraform's own "unsupported backend" error. Everything else is the
# release's source, as `go mod download` serves it.
#
# `go install github.com/hashicorp/terraform@version` refuses the module (its
# go.mod has replace directives), so, as scripts/opentofu.sh does for
# OpenTofu, the module is copied out of the read-only module cache and built
# there as the main module.
#
# Environment:
#   TERRAFORM_VERSION    version to build (default 1.15.9)
#   TERRAFORM_CACHE_DIR  where terraform-<version>/terraform goes (default
#                        ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns)
set -euo pipefail

version="${TERRAFORM_VERSION:-1.15.9}"
cache_root="${TERRAFORM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns}"
dir="$cache_root/terraform-$version"
bin="$dir/terraform"

# The backends the module's zip does not contain.
missing_backends=(azure consul cos gcs kubernetes oci oss pg s3)

# terraform must not phone home (version checkpoint) when we run it.
export CHECKPOINT_DISABLE=1

# check BINARY: it runs and reports the wanted version (not a -dev one).
check() {
	local out
	if ! out="$("$1" version 2>&1)"; then
		echo "terraform.sh: $1 does not run: $out" >&2
		return 1
	fi
	# (Warnings about the CLI configuration may come first.)
	if ! grep -q "^Terraform v$version\$" <<<"$out"; then
		echo "terraform.sh: $1 does not report Terraform v$version: $out" >&2
		return 1
	fi
}

if [[ -x "$bin" ]]; then
	check "$bin"
	echo "$bin"
	exit 0
fi

command -v go >/dev/null || { echo "terraform.sh: go is not on PATH" >&2; exit 1; }
mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

start=$SECONDS
echo "terraform.sh: building Terraform $version (test build) into $dir (about 10 minutes on 2 cores with a cold Go build cache)" >&2

# Resolve the module through the module proxy (GOFLAGS from the caller,
# e.g. -mod=vendor, must not apply here).
src="$(cd "$work" && GOFLAGS= go mod download -json "github.com/hashicorp/terraform@v$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "$src" || ! -f "$src/go.mod" ]]; then
	echo "terraform.sh: go mod download did not yield the module directory of github.com/hashicorp/terraform@v$version" >&2
	exit 1
fi

cp -R "$src" "$work/src"
chmod -R u+w "$work/src"

# Drop the missing backends. Each edit is checked: a release that changed
# these lines must fail here, loudly, rather than build something else.
init="$work/src/internal/backend/init/init.go"
for b in "${missing_backends[@]}"; do
	if [[ -d "$work/src/internal/backend/remote-state/$b" ]]; then
		continue # this release ships it after all: keep it
	fi
	pkg="github.com/hashicorp/terraform/internal/backend/remote-state/$b"
	grep -q "\"$pkg\"" "$init" || { echo "terraform.sh: $init does not import $pkg" >&2; exit 1; }
	alias="$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$pkg\"\$|\1|p" "$init")"
	[[ -n "$alias" ]] || { echo "terraform.sh: no import alias for $pkg in $init" >&2; exit 1; }
	# The import line, and the map entry that calls <alias>.New().
	sed -i -e "\|\"$pkg\"\$|d" -e "/${alias}\.New()/d" "$init"
	# The require line and the replace directive in go.mod.
	sed -i -e "\|^[[:space:]]*$pkg v|d" -e "\|^replace $pkg =>|d" "$work/src/go.mod"
	if grep -q "$pkg" "$init" "$work/src/go.mod"; then
		echo "terraform.sh: could not remove every use of $pkg" >&2
		exit 1
	fi
done

# The module is its own main module here. GOFLAGS=-mod=mod lets go adjust
# go.sum for the removed requirements. dev=no makes the version "1.15.9"
# rather than "1.15.9-dev", as in HashiCorp's release builds.
(
	cd "$work/src"
	GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
		-ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
		-o "$work/terraform" .
)

check "$work/terraform"
mkdir -p "$dir"
mv "$work/terraform" "$bin"
echo "terraform.sh: built Terraform $version in $((SECONDS - start))s" >&2
echo "$bin"
