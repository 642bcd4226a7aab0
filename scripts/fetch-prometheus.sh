#!/usr/bin/env bash
# Fetches a real Prometheus server and promtool into .shop/tools/prometheus/ on Debian-family machines, without
# touching the system's apt sources. Debian 12's own prometheus package (2.42) is built without Consul service
# discovery ("field consul_sd_configs not found"), and the shop's Prometheus finds its targets in Consul; Debian 11
# ("bullseye") packages Prometheus 2.24.1 with it. The system tests run this Prometheus against the running shop.
# On other systems install Prometheus (https://prometheus.io/download/) and point SHOP_PROMETHEUS_BINARY at it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/.shop/tools/prometheus"
if [ -x "$target/prometheus" ] && [ -x "$target/promtool" ]; then
	echo "prometheus already at $target: $("$target/prometheus" --version 2>&1 | head -1)"
	exit 0
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
	echo "This script needs apt-get and dpkg (Debian/Ubuntu). Install Prometheus another way." >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
echo "deb http://deb.debian.org/debian bullseye main" >"$work/sources.list"
apt_options=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
	-o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives" -o "APT::Sandbox::User=root"
	-o "Debug::NoLocking=1")
echo "Fetching the prometheus package index from Debian bullseye..."
apt-get "${apt_options[@]}" -qq update
# The version is named: with a newer prometheus installed from the system's sources, apt would look for that one.
version=$(apt-cache "${apt_options[@]}" madison prometheus | awk -F'|' 'NR == 1 { gsub(/ /, "", $2); print $2 }')
(cd "$work" && apt-get "${apt_options[@]}" -qq download "prometheus=$version")
dpkg -x "$work"/prometheus_*.deb "$work/extracted"
mkdir -p "$target"
install -m 0755 "$work/extracted/usr/bin/prometheus" "$work/extracted/usr/bin/promtool" "$target/"
echo "prometheus installed at $target: $("$target/prometheus" --version 2>&1 | head -1)"
