package shop.systemtests.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A transient failure injected into a real service without touching its code: a PostgreSQL trigger, installed by the
 * test on one of the service's tables, that fails the first {@code failures} inserts of rows for one product with a
 * transient SQLState (40001, "serialization failure", as a real conflict would), then lets them through. Attempts are
 * counted in a sequence, since a sequence's {@code nextval} is not rolled back with the failing transaction.
 */
final class FailingTrigger implements AutoCloseable {

	private final Connection connection;

	private final String name;

	private FailingTrigger(Connection connection, String name) {
		this.connection = connection;
		this.name = name;
	}

	/**
	 * Installs the trigger on {@code table} (which has a {@code product_id} column).
	 * @param connection a connection to the service's database, closed with this trigger
	 */
	static FailingTrigger install(Connection connection, String table, UUID product, int failures) {
		String name = "fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		FailingTrigger trigger = new FailingTrigger(connection, name);
		trigger.execute("create sequence " + name + "_attempts");
		// Nested IFs: SQL does not promise to evaluate AND from left to right, and only this product's rows may count.
		trigger.execute("""
				create function %1$s() returns trigger language plpgsql as $$
				begin
				  if NEW.product_id = '%2$s' then
				    if nextval('%1$s_attempts') <= %3$d then
				      raise exception 'injected by the fault suite: attempt %% fails', currval('%1$s_attempts')
				        using errcode = '40001';
				    end if;
				  end if;
				  return NEW;
				end $$""".formatted(name, product, failures));
		trigger.execute("create trigger %1$s before insert on %2$s for each row execute function %1$s()"
			.formatted(name, table));
		return trigger;
	}

	/** How many times a row for the product was inserted or tried. */
	long attempts() {
		try (Statement statement = this.connection.createStatement();
				ResultSet rs = statement.executeQuery("select case when is_called then last_value else 0 end from "
						+ this.name + "_attempts")) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Drops the trigger, its function and its counter. */
	@Override
	public void close() {
		try {
			execute("drop function " + this.name + "() cascade");
			execute("drop sequence " + this.name + "_attempts");
		}
		finally {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// Closing a connection we only used for DDL: nothing to keep.
			}
		}
	}

	private void execute(String sql) {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

}
