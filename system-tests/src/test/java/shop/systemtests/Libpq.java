package shop.systemtests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import shop.local.LocalPostgres;

/** The libpq URI of a PostgreSQL server, as the benchmark's psql and pgbench take it, from its JDBC admin URL. */
final class Libpq {

	private Libpq() {
	}

	static String uri(LocalPostgres postgres) {
		String hostAndPort = postgres.adminUrl().replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
		String password = postgres.password().isEmpty() ? ""
				: ":" + URLEncoder.encode(postgres.password(), StandardCharsets.UTF_8);
		return "postgresql://" + postgres.user() + password + "@" + hostAndPort;
	}

}
