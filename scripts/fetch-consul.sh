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
if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
	echo "This script needs apt-get and dpkg (Debian/Ubuntu). Install Consul another way and put it on the PATH." >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
echo "deb http://deb.debian.org/debian bullseye main" >"$work/sources.list"
apt_options=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
	-o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives" -o "APT::Sandbox::User=root"
	-o "Debug::NoLocking=1")
echo "Fetching the consul package index from Debian bullseye..."
apt-get "${apt_options[@]}" -qq update
(cd "$work" && apt-get "${apt_options[@]}" -qq download consul)
dpkg -x "$work"/consul_*.deb "$work/extracted"
mkdir -p "$(dirname "$target")"
install -m 0755 "$work/extracted/usr/bin/consul" "$target"
echo "consul installed at $target: $("$target" version | head -1)"
