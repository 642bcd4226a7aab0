package shop.local;

import java.io.IOException;

/**
 * Entry point of the broker JVM. It runs {@code kafka.Kafka} and stops the broker when its launcher goes away: the
 * launcher holds the broker's stdin open, so end-of-file on stdin means the launcher exited or was killed, and an
 * orphaned broker would otherwise keep its ports and data directory. Uses only the JDK, so that this class can sit on
 * the broker's classpath on its own.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		Thread watchdog = new Thread(() -> {
			try {
				while (System.in.read() != -1) {
					// The launcher never writes; reading only detects the end.
				}
			}
			catch (IOException ex) {
				// Same meaning as end-of-file.
			}
			System.err.println("shop-local: launcher gone, stopping the broker");
			System.exit(0);
		}, "launcher-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
	}

}
