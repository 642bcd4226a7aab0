# Sourced by the fetch-*.sh scripts: takes one package from Debian 11 ("bullseye") without touching the system's apt
# sources or state (a private package index in a temporary folder), for tools that Debian 12 lacks or builds without
# what the shop needs.

# bullseye_package PACKAGE DIRECTORY: unpacks bullseye's PACKAGE (dpkg -x) into DIRECTORY.
bullseye_package() {
	local package="$1" into="$2"
	if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
		echo "This script needs apt-get and dpkg (Debian/Ubuntu). Install $package another way." >&2
		return 1
	fi
	local work
	work=$(mktemp -d)
	mkdir -p "$work/lists/partial" "$work/archives/partial"
	echo "deb http://deb.debian.org/debian bullseye main" >"$work/sources.list"
	local apt_options=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
		-o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives" -o "APT::Sandbox::User=root"
		-o "Debug::NoLocking=1")
	echo "Fetching the $package package index from Debian bullseye..."
	apt-get "${apt_options[@]}" -qq update
	# The version is named: with a newer one installed from the system's sources, apt would look for that one.
	local version
	version=$(apt-cache "${apt_options[@]}" madison "$package" | awk -F'|' 'NR == 1 { gsub(/ /, "", $2); print $2 }')
	(cd "$work" && apt-get "${apt_options[@]}" -qq download "$package=$version")
	dpkg -x "$work/${package}_"*.deb "$into"
	rm -rf "$work"
}
