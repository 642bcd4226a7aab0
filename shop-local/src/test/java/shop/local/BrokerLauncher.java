package shop.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A launcher JVM for {@link KafkaBrokerIT}: starts a broker, prints its pid, then waits to be killed. */
public final class BrokerLauncher {

	private BrokerLauncher() {
	}

	public static void main(String[] args) throws InterruptedException {
		KafkaBroker broker = KafkaBroker.start(KafkaBroker.Settings.inDirectory(Path.of(args[0])));
		System.out.println("broker-pid=" + broker.pid());
		System.out.flush();
		new CountDownLatch(1).await();
	}

}
