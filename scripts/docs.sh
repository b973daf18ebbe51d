#!/usr/bin/env bash
# Generates the provider documentation in docs/ from the provider's schema,
# templates/ and examples/, with tfplugindocs (a Go tool of this module:
# `go tool tfplugindocs`, pinned in go.mod; nothing to install by hand).
#
#   scripts/docs.sh generate   rewrite docs/
#   scripts/docs.sh check      fail if docs/ differs from what generate makes
#
# Offline: tfplugindocs builds the provider with `go build` and asks the
# terraform binary on PATH for its schema (`terraform init -plugin-dir` and
# `terraform providers schema -json` on a local plugin directory). Only when
# no terraform is on PATH would it download one, so this script refuses to
# run without one, and it never passes --tf-version (which always downloads).
set -euo pipefail

mode=${1:-}
case "$mode" in
generate | check) ;;
*)
	echo "usage: $0 generate|check" >&2
	exit 2
	;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if ! command -v terraform >/dev/null 2>&1; then
	echo "docs: no terraform on PATH; tfplugindocs would download one. Install Terraform (1.11.4) on PATH." >&2
	exit 1
fi
export CHECKPOINT_DISABLE=1

generate() { # $1: provider directory
	# The tool comes from this module (go.mod's tool directive), so run it
	# from the repository root and point it at the directory to render.
	go tool tfplugindocs generate \
		--provider-dir "$1" \
		--provider-name ionosdns
}

if [ "$mode" = generate ]; then
	# Start from an empty docs/ so that pages of removed resources go too.
	rm -rf docs
	generate "$root"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Everything generation reads: the module (to build the provider),
# templates and examples. Not docs/: it is rendered from scratch.
cp -R go.mod go.sum main.go internal templates examples "$tmp"/
if ! generate "$tmp" >"$tmp/generate.log" 2>&1; then
	cat "$tmp/generate.log" >&2
	echo "docs: tfplugindocs generate failed" >&2
	exit 1
fi
if ! diff -ru docs "$tmp/docs"; then
	echo "docs: docs/ is stale; run 'make docs' and commit the result" >&2
	exit 1
fi
echo "docs: docs/ is up to date"
