package shop.systemtests.faults.injected;

/** An Error, not an exception: what a listener throws when the JVM is in trouble (e.g. out of memory). */
public class InjectedFault extends Error {

	public InjectedFault(String message) {
		super(message);
	}

}
