#!/usr/bin/env bash
# Fetches a real HashiCorp Consul agent binary into .shop/tools/consul on Debian-family machines, without touching
# the system's apt sources: Debian 11 ("bullseye") packages Consul 1.8.7 as a statically built binary.
# On other systems install Consul yourself (https://developer.hashicorp.com/consul/install) and put it on the PATH.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/.shop/tools/consul"
if [ -x "$target" ]; then
	echo "consul already at $target: $("$target" version | head -1)"
	exit 0
fi
source "$root/scripts/lib/bullseye-package.sh"

extracted=$(mktemp -d)
trap 'rm -rf "$extracted"' EXIT
bullseye_package consul "$extracted"
mkdir -p "$(dirname "$target")"
install -m 0755 "$extracted/usr/bin/consul" "$target"
echo "consul installed at $target: $("$target" version | head -1)"
