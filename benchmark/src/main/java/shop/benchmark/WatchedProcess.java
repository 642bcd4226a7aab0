package shop.benchmark;

/** A process of the shop whose CPU time and RSS the benchmark reads: its name, the port it listens on, its pid. */
public record WatchedProcess(String name, int port, long pid) {

	/** The process listening on the port, found with {@code ss}; pid 0 when none is found. */
	static WatchedProcess listeningOn(String name, int port) {
		return new WatchedProcess(name, port, ProcFs.pidListeningOn(port).orElse(0));
	}

	/**
	 * The benchmark itself: it shares the machine's cores with the shop, so its CPU per request goes beside the
	 * shop's (what a whole request costs the machine) and its own collections beside theirs (a pause of the generator
	 * delays requests from their intended start, and counts in their latency).
	 */
	static WatchedProcess loadGenerator() {
		return new WatchedProcess("load generator", 0, ProcessHandle.current().pid());
	}

	boolean found() {
		return this.pid > 0;
	}

}
