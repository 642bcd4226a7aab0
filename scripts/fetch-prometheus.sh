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
source "$root/scripts/lib/bullseye-package.sh"

extracted=$(mktemp -d)
trap 'rm -rf "$extracted"' EXIT
bullseye_package prometheus "$extracted"
mkdir -p "$target"
install -m 0755 "$extracted/usr/bin/prometheus" "$extracted/usr/bin/promtool" "$target/"
echo "prometheus installed at $target: $("$target/prometheus" --version 2>&1 | head -1)"
