# Shared by scripts/terraform.sh and scripts/opentofu.sh: builds a CLI from
# its Go module (served by the Go module proxy; no download site is needed)
# into a cache directory outside the repository, and prints the path of the
# binary on its last line of stdout. Idempotent: a binary already in the
# cache is only checked.
#
# `go install <module>/cmd/...@version` refuses both CLIs' modules (their
# go.mod files have replace directives), so the module is downloaded with
# `go mod download`, copied out of the read-only module cache and built there
# as the main module.
#
# The caller sets, then calls build_cli:
#   product     the name the binary reports ("Terraform", "OpenTofu")
#   module      the Go module path
#   version     the version to build
#   bin         where the binary goes (…/<name>-<version>/<name>)
#   package     the main package inside the module (".", "./cmd/tofu")
#   cold_time   how long a cold build takes, for the progress message
# and may define patch_source DIR, run on the copied module before building.

# cli_fail prints its arguments as an error of the calling script and exits.
cli_fail() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

# cli_check BINARY: it runs and reports "<product> v<version>" (release
# builds; a -dev suffix fails).
cli_check() {
	local out
	out="$("$1" version 2>&1)" || cli_fail "$1 does not run: $out"
	# (Warnings about the CLI configuration may come first.)
	grep -q "^$product v$version\$" <<<"$out" || cli_fail "$1 does not report $product v$version: $out"
}

build_cli() {
	# The CLI must not phone home (version checkpoint) when it runs here.
	export CHECKPOINT_DISABLE=1
	if [[ -x "$bin" ]]; then
		cli_check "$bin"
		echo "$bin"
		return
	fi

	command -v go >/dev/null || cli_fail "go is not on PATH"
	local cache_root work src start=$SECONDS
	cache_root="$(dirname "$(dirname "$bin")")"
	mkdir -p "$cache_root"
	work="$(mktemp -d "$cache_root/build.XXXXXX")"
	# shellcheck disable=SC2064 # expand $work now
	trap "chmod -R u+w '$work' 2>/dev/null || true; rm -rf '$work'" EXIT
	echo "$(basename "$0"): building $product $version into $(dirname "$bin") ($cold_time on 2 cores with a cold Go build cache)" >&2

	# Resolve the module through the module proxy (GOFLAGS from the caller,
	# e.g. -mod=vendor, must not apply here).
	src="$(cd "$work" && GOFLAGS= go mod download -json "$module@v$version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
	[[ -n "$src" && -f "$src/go.mod" ]] || cli_fail "go mod download did not yield the module directory of $module@v$version"
	cp -R "$src" "$work/src"
	chmod -R u+w "$work/src"
	if declare -F patch_source >/dev/null; then
		patch_source "$work/src"
	fi

	# The module is its own main module here, so its replace directives
	# apply; GOFLAGS=-mod=mod lets go adjust go.sum where needed. dev=no
	# makes the version "X.Y.Z" rather than "X.Y.Z-dev", as in release
	# builds.
	(
		cd "$work/src"
		GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
			-ldflags "-s -w -X $module/version.dev=no" \
			-o "$work/$(basename "$bin")" "$package"
	)

	cli_check "$work/$(basename "$bin")"
	mkdir -p "$(dirname "$bin")"
	mv "$work/$(basename "$bin")" "$bin"
	echo "$(basename "$0"): built $product $version in $((SECONDS - start))s" >&2
	echo "$bin"
}
