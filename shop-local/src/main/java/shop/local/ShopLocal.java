package shop.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local run: {@code shop-local/run} (after {@code ./mvnw -DskipTests package}) starts Kafka, creates
 * the databases and starts every service on its usual port, prints where everything is, and stops it all on Ctrl-C.
 * State (broker data, logs, the local signing key) lives in {@code <repo>/.shop}.
 */
public final class ShopLocal {

	private ShopLocal() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path root = LocalShop.repositoryRoot();
		// Local development only: the same account user-service's "local" profile knows; override by environment.
		String email = env("SHOP_ADMIN_EMAIL", "admin@shop.local");
		String password = env("SHOP_ADMIN_PASSWORD", "local-admin-password");
		LocalShop.Options options = LocalShop.Options.launcher(root, LocalPostgres.fromEnvironment(), email, password);
		System.out.println("shop-local: starting Kafka and " + ShopService.values().length + " services; state in "
				+ options.stateDir());
		LocalShop shop = LocalShop.start(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("shop-local: stopping");
			shop.close();
			stopped.countDown();
		}, "shop-local-stop"));
		System.out.print(shop.summary());
		System.out.println("Admin account: " + email + " (local development only). Logs: "
				+ options.stateDir().resolve("logs") + ". Ctrl-C stops everything.");
		stopped.await();
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
