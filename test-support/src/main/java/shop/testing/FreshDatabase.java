package shop.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A new, empty database on an existing PostgreSQL server, dropped again by {@link #close()}.
 * <p>
 * The name carries its creation time ({@code it_<epochSeconds>_<random>}) so that databases left behind by a killed
 * test JVM can be recognised and swept later without touching anything else on the server.
 *
 * @param serverUrl JDBC URL of a database used to administer the server (usually {@code postgres})
 * @param url JDBC URL of the new database
 * @param name the new database's name
 * @param username the role used for both
 * @param password its password, may be empty
 */
public record FreshDatabase(String serverUrl, String url, String name, String username,
		String password) implements AutoCloseable {

	private static final String PREFIX = "it_";

	/** Leftovers older than this are certainly not in use by a running test. */
	private static final Duration STALE_AFTER = Duration.ofHours(12);

	/**
	 * Creates a fresh database.
	 * @param serverUrl a JDBC URL of an existing database on the server, e.g.
	 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}
	 * @param username role allowed to create databases
	 * @param password its password, may be empty
	 * @return the created database
	 * @throws IllegalStateException when the server cannot be reached or refuses
	 */
	public static FreshDatabase create(String serverUrl, String username, String password) {
		String name = PREFIX + Instant.now().getEpochSecond() + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = connect(serverUrl, username, password);
				Statement statement = connection.createStatement()) {
			sweepStale(statement);
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Integration tests need a PostgreSQL server: could not create a database at "
					+ serverUrl + " as '" + username + "' (" + ex.getMessage() + "). Start PostgreSQL (see "
					+ "shared environment notes: pg_ctlcluster ... main start) or point SHOP_TEST_POSTGRES_URL / "
					+ "SHOP_TEST_POSTGRES_USER / SHOP_TEST_POSTGRES_PASSWORD at one.", ex);
		}
		return new FreshDatabase(serverUrl, withDatabase(serverUrl, name), name, username, password);
	}

	/** Drops the database, disconnecting whoever is still connected (PostgreSQL 13+). */
	@Override
	public void close() {
		try (Connection connection = connect(this.serverUrl, this.username, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			// Leftovers are swept by a later run; a failed clean-up must not fail the build.
			System.err.println("[shop-test-infrastructure] could not drop database " + this.name + ": " + ex.getMessage());
		}
	}

	/**
	 * Replaces the database name of a PostgreSQL JDBC URL, keeping host, port and parameters.
	 * @param jdbcUrl e.g. {@code jdbc:postgresql://host:5432/postgres?ssl=false}
	 * @param database the new database name
	 * @return e.g. {@code jdbc:postgresql://host:5432/it_1?ssl=false}
	 */
	static String withDatabase(String jdbcUrl, String database) {
		String prefix = "jdbc:postgresql://";
		if (!jdbcUrl.startsWith(prefix)) {
			throw new IllegalArgumentException("Not a PostgreSQL JDBC URL with a host: " + jdbcUrl);
		}
		int query = jdbcUrl.indexOf('?');
		String base = (query < 0) ? jdbcUrl : jdbcUrl.substring(0, query);
		String params = (query < 0) ? "" : jdbcUrl.substring(query);
		int slash = base.indexOf('/', prefix.length());
		String hosts = (slash < 0) ? base : base.substring(0, slash);
		return hosts + "/" + database + params;
	}

	private static void sweepStale(Statement statement) throws SQLException {
		long cutoff = Instant.now().minus(STALE_AFTER).getEpochSecond();
		List<String> stale = new ArrayList<>();
		try (ResultSet rs = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'it\\_%\\_%'")) {
			while (rs.next()) {
				String name = rs.getString(1);
				String[] parts = name.split("_");
				if (parts.length == 3 && parts[1].matches("\\d+") && Long.parseLong(parts[1]) < cutoff) {
					stale.add(name);
				}
			}
		}
		for (String name : stale) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}

	private static Connection connect(String url, String username, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", username);
		properties.setProperty("password", password);
		properties.setProperty("connectTimeout", "5");
		return DriverManager.getConnection(url, properties);
	}

}
