#!/usr/bin/env bash
# Builds a Terraform release from its Go module into a cache directory
# outside the repository, and prints the path of the terraform binary on its
# last line of stdout (see scripts/lib/build-cli.sh). The result is a TEST
# BUILD for the acceptance tests, not HashiCorp's signed release binary. A
# cold build takes about 10 minutes on 2 cores, about one with a warm Go
# build cache.
#
# Why the module is edited: the module's zip leaves out the nested modules
# of nine remote-state backends under internal/backend/remote-state/ (azure,
# consul, cos, gcs, kubernetes, oci, oss, pg and s3), which go.mod requires
# through `replace` directives to local paths, so a plain build fails. The
# provider tests use none of them (state is local), so patch_source removes
# the nine from internal/backend/init/init.go (their imports and their
# entries in the backends map) and their require and replace lines from
# go.mod. A configuration that names one of them fails at init with
# Terraform's own "unsupported backend" error. Everything else is the
# release's source, as `go mod download` serves it.
#
# Environment:
#   TERRAFORM_VERSION    version to build (default 1.15.9)
#   TERRAFORM_CACHE_DIR  where terraform-<version>/terraform goes (default
#                        ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns)
set -euo pipefail
# shellcheck source=lib/build-cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/build-cli.sh"

product=Terraform
module=github.com/hashicorp/terraform
version="${TERRAFORM_VERSION:-1.15.9}"
bin="${TERRAFORM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns}/terraform-$version/terraform"
package=.
cold_time="about 10 minutes"

# The backends the module's zip does not contain.
missing_backends=(azure consul cos gcs kubernetes oci oss pg s3)

# patch_source DIR drops the missing backends. Each edit is checked: a
# release that changed these lines must fail here, loudly, rather than build
# something else.
patch_source() {
	local src="$1" b pkg alias
	local init="$src/internal/backend/init/init.go"
	for b in "${missing_backends[@]}"; do
		if [[ -d "$src/internal/backend/remote-state/$b" ]]; then
			continue # this release ships it after all: keep it
		fi
		pkg="$module/internal/backend/remote-state/$b"
		grep -q "\"$pkg\"" "$init" || cli_fail "$init does not import $pkg"
		alias="$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$pkg\"\$|\1|p" "$init")"
		[[ -n "$alias" ]] || cli_fail "no import alias for $pkg in $init"
		# The import line, and the map entry that calls <alias>.New().
		sed -i -e "\|\"$pkg\"\$|d" -e "/${alias}\.New()/d" "$init"
		# The require line and the replace directive in go.mod.
		sed -i -e "\|^[[:space:]]*$pkg v|d" -e "\|^replace $pkg =>|d" "$src/go.mod"
		if grep -q "$pkg" "$init" "$src/go.mod"; then
			cli_fail "could not remove every use of $pkg"
		fi
	done
}

build_cli
