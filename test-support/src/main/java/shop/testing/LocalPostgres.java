package shop.testing;

/** Where the machine's PostgreSQL server is, from the {@code SHOP_TEST_POSTGRES_*} environment variables. */
final class LocalPostgres {

	private LocalPostgres() {
	}

	static String serverUrl() {
		return env("SHOP_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
	}

	static FreshDatabase freshDatabase() {
		return FreshDatabase.create(serverUrl(), env("SHOP_TEST_POSTGRES_USER", "postgres"),
				env("SHOP_TEST_POSTGRES_PASSWORD", ""));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
