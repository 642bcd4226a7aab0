package shop.benchmark;

/** A process of the shop whose CPU time and RSS the benchmark reads: its name, the port it listens on, its pid. */
public record WatchedProcess(String name, int port, long pid) {

	/** The process listening on the port, found with {@code ss}; pid 0 when none is found. */
	static WatchedProcess listeningOn(String name, int port) {
		return new WatchedProcess(name, port, ProcFs.pidListeningOn(port).orElse(0));
	}

	boolean found() {
		return this.pid > 0;
	}

}
