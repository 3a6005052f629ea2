#!/usr/bin/env bash
# Installs the Debian packages the tests use (DESIGN §5): a real registry, independent OCI
# readers, buildah, a static busybox for test base images, htpasswd, git, openssl, and Docker's
# daemon and client (the docker builder's tests start a private dockerd).
# Fast path: does nothing when every binary is already on PATH.
set -euo pipefail

# binary:package. Only the packages of missing binaries are installed: a machine that has Docker
# from elsewhere (GitHub's runners: Docker's own packages) must not get Debian's docker.io too.
needs=(docker-registry:docker-registry skopeo:skopeo umoci:umoci buildah:buildah
  busybox:busybox-static htpasswd:apache2-utils git:git openssl:openssl docker:docker.io
  dockerd:docker.io)
binaries=("${needs[@]%%:*}")

missing=()
packages=(ca-certificates)
for need in "${needs[@]}"; do
  bin="${need%%:*}"
  package="${need#*:}"
  if ! command -v "$bin" >/dev/null 2>&1; then
    missing+=("$bin")
    [[ " ${packages[*]} " == *" $package "* ]] || packages+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: every test binary is on PATH (${binaries[*]}); apt-get skipped"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${missing[*]} and apt-get is not available; install: ${packages[*]}" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-test-deps: missing ${missing[*]}; need root or sudo to apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi

"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${packages[@]}"

still=()
for bin in "${binaries[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || still+=("$bin")
done
if [ "${#still[@]}" -ne 0 ]; then
  echo "install-test-deps: apt-get install ran but ${still[*]} is still not on PATH" >&2
  exit 1
fi

echo "install-test-deps: missing ${missing[*]}; installed with apt-get: ${packages[*]}"
