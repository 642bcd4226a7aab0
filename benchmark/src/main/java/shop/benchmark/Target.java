package shop.benchmark;

import java.net.URI;

/** Where one compared load goes: a name for the report and the full URI of the request. */
record Target(String name, URI uri) {
}
