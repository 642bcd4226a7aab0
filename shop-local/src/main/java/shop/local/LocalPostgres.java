package shop.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The machine's PostgreSQL server, reached through an administrative database URL. Creates (and for tests drops) the
 * services' databases; the server itself is never started or configured here.
 *
 * @param adminUrl JDBC URL of an existing database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}
 * @param user a role that may create databases
 * @param password its password, may be empty
 */
public record LocalPostgres(String adminUrl, String user, String password) {

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	/**
	 * From {@code SHOP_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
	 * {@code SHOP_POSTGRES_USER} (default {@code postgres}) and {@code SHOP_POSTGRES_PASSWORD} (default empty).
	 * @return the server
	 */
	public static LocalPostgres fromEnvironment() {
		return new LocalPostgres(env("SHOP_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
				env("SHOP_POSTGRES_USER", "postgres"), env("SHOP_POSTGRES_PASSWORD", ""));
	}

	/**
	 * Whether the server accepts TCP connections at the host and port of {@link #adminUrl()} (nothing more: a wrong
	 * password still shows when a database is created).
	 * @return true when something listens there
	 */
	public boolean isReachable() {
		String prefix = "jdbc:postgresql://";
		if (!this.adminUrl.startsWith(prefix)) {
			return false;
		}
		String rest = this.adminUrl.substring(prefix.length());
		String hostPort = rest.split("[/?]", 2)[0].split(",")[0];
		String host = hostPort;
		int port = 5432;
		int colon = hostPort.lastIndexOf(':');
		if (colon > 0 && !hostPort.endsWith("]")) {
			host = hostPort.substring(0, colon);
			port = Integer.parseInt(hostPort.substring(colon + 1));
		}
		host = host.replace("[", "").replace("]", "");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host.isEmpty() ? "localhost" : host, port), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Creates a database unless it exists.
	 * @param name lower-case letters, digits and underscores
	 * @return whether it was created now
	 */
	public boolean ensureDatabase(String name) {
		requireName(name);
		try (Connection connection = connect(); PreparedStatement exists = connection
			.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, name);
			try (ResultSet rs = exists.executeQuery()) {
				if (rs.next()) {
					return false;
				}
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + name);
			}
			return true;
		}
		catch (SQLException ex) {
			throw failure("create database " + name, ex);
		}
	}

	/**
	 * Drops a database, disconnecting its sessions (PostgreSQL 13+).
	 * @param name the database
	 */
	public void dropDatabase(String name) {
		requireName(name);
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw failure("drop database " + name, ex);
		}
	}

	/**
	 * The JDBC URL of a database on this server (same host, port and parameters as the admin URL).
	 * @param database the database
	 * @return e.g. {@code jdbc:postgresql://127.0.0.1:5432/shop_orders}
	 */
	public String jdbcUrl(String database) {
		requireName(database);
		String prefix = "jdbc:postgresql://";
		if (!this.adminUrl.startsWith(prefix)) {
			throw new IllegalArgumentException("Not a PostgreSQL JDBC URL with a host: " + this.adminUrl);
		}
		int query = this.adminUrl.indexOf('?');
		String base = (query < 0) ? this.adminUrl : this.adminUrl.substring(0, query);
		String params = (query < 0) ? "" : this.adminUrl.substring(query);
		int slash = base.indexOf('/', prefix.length());
		return ((slash < 0) ? base : base.substring(0, slash)) + "/" + database + params;
	}

	/**
	 * Runs one query that returns a single value, e.g. for a check in a test.
	 * @param database the database to query
	 * @param sql the query
	 * @return the first column of the first row as text, or null when there is no row
	 */
	public String queryForString(String database, String sql) {
		try (Connection connection = connect(jdbcUrl(database)); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			return rs.next() ? rs.getString(1) : null;
		}
		catch (SQLException ex) {
			throw failure("query " + database, ex);
		}
	}

	private Connection connect() throws SQLException {
		return connect(this.adminUrl);
	}

	private Connection connect(String url) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.user);
		properties.setProperty("password", this.password);
		properties.setProperty("connectTimeout", "5");
		return DriverManager.getConnection(url, properties);
	}

	private IllegalStateException failure(String what, SQLException ex) {
		return new IllegalStateException("Could not " + what + " on PostgreSQL at " + this.adminUrl + " as '" + this.user
				+ "': " + ex.getMessage() + " (is the server running? see SHOP_POSTGRES_URL)", ex);
	}

	private static void requireName(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
