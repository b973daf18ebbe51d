#!/usr/bin/env bash
# Builds OpenTofu from its Go module into a cache directory outside the
# repository, and prints the path of the tofu binary on its last line of
# stdout (see scripts/lib/build-cli.sh). A cold build takes 5 to 15 minutes
# on 2 cores.
#
# Environment:
#   OPENTOFU_VERSION    version to build (default 1.12.6)
#   OPENTOFU_CACHE_DIR  where tofu-<version>/tofu goes (default
#                       ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns)
set -euo pipefail
# shellcheck source=lib/build-cli.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/build-cli.sh"

product=OpenTofu
module=github.com/opentofu/opentofu
version="${OPENTOFU_VERSION:-1.12.6}"
bin="${OPENTOFU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-ionosdns}/tofu-$version/tofu"
package=./cmd/tofu
cold_time="5 to 15 minutes"

build_cli
