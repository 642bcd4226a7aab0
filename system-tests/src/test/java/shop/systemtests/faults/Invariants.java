package shop.systemtests.faults;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import shop.local.ShopService;
import shop.systemtests.faults.DeadLetters.DeadLetter;
import shop.systemtests.faults.FaultShop.Shopper;
import shop.systemtests.faults.Workload.Attempt;
import shop.systemtests.faults.Workload.Order;

/**
 * The shop's promises, checked after a scenario over every order its clients sent and every product they touched,
 * against the services' HTTP API (stock, orders as their shoppers see them) and their databases (what the API does
 * not show: order requests by key, reservations, status history, outboxes). Each violation is described in words;
 * the figures go into the scenario's report line.
 *
 * <ul>
 * <li>I1 every acknowledged order exists exactly once and is final (CONFIRMED or REJECTED);
 * <li>I2 one order per Idempotency-Key (every answer for a key names the same order), and none no client asked for;
 * <li>I3 per product: initial − current stock = units of CONFIRMED orders;
 * <li>I4 each effect applied once: one reservation per confirmed order and none for a rejected one, no status
 * reached twice; the redeliveries the services absorbed are counted;
 * <li>I5 every outbox drained; I6 no stock below zero;
 * <li>I7 nothing dead-lettered but the records the scenario expected to be, each with its original bytes and a
 * reason;
 * <li>I8 no request went unanswered within the client's timeout, every refusal was problem+json.
 * </ul>
 */
final class Invariants {

	private static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED");

	private final FaultShop shop;

	private Invariants(FaultShop shop) {
		this.shop = shop;
	}

	static Invariants of(FaultShop shop) {
		return new Invariants(shop);
	}

	/**
	 * Whether the shop has settled: every acknowledged order final in order-service and every outbox drained.
	 * @param orders the scenario's orders
	 * @return what is still outstanding (empty when settled)
	 */
	List<String> outstanding(List<Order> orders) {
		List<String> outstanding = new ArrayList<>();
		Set<UUID> acked = acknowledgedIds(orders);
		Map<UUID, String> statuses = orderStatuses(acked);
		long notFinal = acked.stream().filter((id) -> !isFinal(statuses.get(id))).count();
		if (notFinal > 0) {
			outstanding.add(notFinal + " acknowledged orders not final yet");
		}
		for (ShopService service : ShopService.values()) {
			long open = count(service, "select count(*) from event_publication where completion_date is null");
			if (open > 0) {
				outstanding.add(open + " events in the outbox of " + service.module());
			}
		}
		return outstanding;
	}

	/**
	 * Checks I1–I8 and gathers the figures.
	 * @param orders every order the scenario's clients sent, with their attempts
	 * @param initialStock the scenario's products and their stock before it
	 * @param expectedDeadLetters the values the scenario wrote on purpose to be dead-lettered (each once per
	 * consuming group that must refuse it)
	 * @param deadLetters what the dead-letter topics received during the scenario
	 * @return the figures and every violation
	 */
	Result check(List<Order> orders, Map<UUID, Integer> initialStock, Map<String, Integer> expectedDeadLetters,
			List<DeadLetter> deadLetters) {
		List<String> violations = new ArrayList<>();
		Set<UUID> acked = acknowledgedIds(orders);
		Set<UUID> users = new HashSet<>();
		orders.forEach((o) -> users.add(o.shopper().id()));
		Map<UUID, Shopper> shopperOf = new HashMap<>();
		orders.forEach((o) -> o.acknowledgedIds().forEach((id) -> shopperOf.put(id, o.shopper())));

		// I1: every acknowledged order exists once and is final, in the database and through the API.
		Map<UUID, String> statuses = orderStatuses(acked);
		int lost = 0;
		for (UUID id : acked) {
			String status = statuses.get(id);
			if (!isFinal(status)) {
				lost++;
				violations.add("I1 order " + id + " acknowledged but " + ((status == null) ? "missing" : status));
				continue;
			}
			FaultShop.JsonAnswer seen = this.shop.order(shopperOf.get(id), id);
			if (seen.status() != 200 || !status.equals(seen.body().path("status").asString())) {
				violations.add("I1 order " + id + " is " + status + " in its database but the API says " + seen);
			}
		}

		// A clear refusal (4xx other than 429, e.g. 422 beyond stock at placement) is an answer; giving up after the
		// retry window is not: every fault is cleared well within it.
		int refused = 0;
		for (Order order : orders) {
			List<Attempt> attempts = order.attempts();
			Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
			if (order.acknowledged() || order.shed()) {
				// A shed order (overload) was answered at once and never placed; I2 below checks it was not.
				continue;
			}
			if (last != null && !last.mayRetry() && last.status() >= 400 && last.status() < 500) {
				refused++;
			}
			else {
				violations.add("I1 key " + order.key() + " got no answer in " + attempts.size() + " attempts, the last "
						+ last);
			}
		}

		// I2: one order per key; none that no client asked for.
		int duplicated = 0;
		Map<String, Order> byKey = new HashMap<>();
		orders.forEach((o) -> byKey.put(o.key(), o));
		for (Order order : orders) {
			if (order.acknowledgedIds().size() > 1) {
				duplicated += order.acknowledgedIds().size() - 1;
				violations.add("I2 key " + order.key() + " was answered with several orders " + order.acknowledgedIds());
			}
		}
		Map<String, List<UUID>> requestsByKey = new HashMap<>();
		Set<UUID> requested = new HashSet<>();
		query(ShopService.USER, "select order_id, idempotency_key from order_requests where user_id = any(?)",
				users, (rs) -> {
					UUID id = rs.getObject(1, UUID.class);
					requested.add(id);
					requestsByKey.computeIfAbsent(rs.getString(2), (k) -> new ArrayList<>()).add(id);
					return null;
				});
		for (Map.Entry<String, List<UUID>> entry : requestsByKey.entrySet()) {
			Order order = byKey.get(entry.getKey());
			if (order == null) {
				duplicated += entry.getValue().size();
				violations.add("I2 user-service holds orders " + entry.getValue() + " under key " + entry.getKey()
						+ ", which no client sent");
			}
			else if (entry.getValue().size() > 1 || !order.acknowledgedIds().containsAll(entry.getValue())) {
				duplicated += Math.max(1, entry.getValue().size() - 1);
				violations.add("I2 key " + entry.getKey() + " has orders " + entry.getValue() + " in user-service, "
						+ "the client was told " + order.acknowledgedIds());
			}
		}
		Set<UUID> tracked = new HashSet<>();
		query(ShopService.ORDER, "select id from orders where user_id = any(?)", users,
				(rs) -> tracked.add(rs.getObject(1, UUID.class)));
		for (UUID id : tracked) {
			if (!acked.contains(id)) {
				duplicated++;
				violations.add("I2 order-service tracks order " + id + " that no client was told about");
			}
		}

		// I3 and I6: stock adds up and never goes below zero.
		Map<UUID, Integer> confirmedUnits = new HashMap<>();
		query(ShopService.ORDER, "select i.product_id, sum(i.quantity) from order_items i join orders o "
				+ "on o.id = i.order_id where o.status = 'CONFIRMED' and o.id = any(?) group by i.product_id", acked,
				(rs) -> confirmedUnits.put(rs.getObject(1, UUID.class), rs.getInt(2)));
		int stockDrift = 0;
		for (Map.Entry<UUID, Integer> product : initialStock.entrySet()) {
			int current = this.shop.stock(product.getKey());
			int sold = confirmedUnits.getOrDefault(product.getKey(), 0);
			int drift = product.getValue() - current - sold;
			if (drift != 0) {
				stockDrift += Math.abs(drift);
				violations.add("I3 product " + product.getKey() + ": initial " + product.getValue() + " - current "
						+ current + " != " + sold + " units confirmed");
			}
			if (current < 0) {
				violations.add("I6 product " + product.getKey() + " has stock " + current);
			}
		}
		long negative = count(ShopService.PRODUCT, "select count(*) from products where stock < 0");
		if (negative > 0) {
			violations.add("I6 " + negative + " products below zero");
		}

		// I4: effects applied once.
		Map<UUID, String> reservations = new HashMap<>();
		query(ShopService.PRODUCT, "select order_id, status from reservations where order_id = any(?)", acked,
				(rs) -> reservations.put(rs.getObject(1, UUID.class), rs.getString(2)));
		int confirmed = 0;
		int rejected = 0;
		for (UUID id : acked) {
			String status = statuses.get(id);
			if ("CONFIRMED".equals(status)) {
				confirmed++;
				if (!"RESERVED".equals(reservations.get(id))) {
					violations.add("I4 confirmed order " + id + " has reservation " + reservations.get(id));
				}
			}
			else if ("REJECTED".equals(status)) {
				rejected++;
				if (reservations.containsKey(id)) {
					violations.add("I4 rejected order " + id + " holds a reservation");
				}
			}
		}
		query(ShopService.ORDER, "select order_id, status, count(*) from order_status_changes where order_id = any(?) "
				+ "group by order_id, status having count(*) > 1", acked, (rs) -> violations.add("I4 order "
						+ rs.getObject(1, UUID.class) + " reached " + rs.getString(2) + " " + rs.getInt(3) + " times"));

		// I5: outboxes drained.
		for (ShopService service : ShopService.values()) {
			long open = count(service, "select count(*) from event_publication where completion_date is null");
			if (open > 0) {
				violations.add("I5 " + open + " events left in the outbox of " + service.module());
			}
		}

		// I7: exactly the expected dead letters, each with its bytes and a reason.
		Map<String, Integer> unexpected = new LinkedHashMap<>();
		Map<String, Integer> missing = new LinkedHashMap<>(expectedDeadLetters);
		for (DeadLetter letter : deadLetters) {
			String value = new String(letter.value(), java.nio.charset.StandardCharsets.UTF_8);
			if (letter.reason() == null || letter.reason().isBlank()) {
				violations.add("I7 dead letter on " + letter.topic() + " without a reason: " + value);
			}
			if (missing.containsKey(value)) {
				missing.computeIfPresent(value, (k, n) -> (n > 1) ? n - 1 : null);
			}
			else {
				unexpected.merge(letter.topic() + " (" + letter.reason() + "): " + value, 1, Integer::sum);
			}
		}
		unexpected.forEach((letter, n) -> violations.add("I7 unexpected dead letter x" + n + " on " + letter));
		missing.forEach((value, n) -> violations.add("I7 expected " + n + " more dead letter(s) of " + value));

		// I8: answered in time, refusals as problem+json.
		int requests = 0;
		for (Order order : orders) {
			List<Attempt> attempts = order.attempts();
			for (int i = 0; i < attempts.size(); i++) {
				Attempt attempt = attempts.get(i);
				requests++;
				if (attempt.timedOut() || attempt.took().compareTo(Workload.REQUEST_TIMEOUT) > 0) {
					// When and how: so the request can be found in the gateway's and the services' logs.
					violations.add("I8 a request for key " + order.key() + " got no answer within "
							+ Workload.REQUEST_TIMEOUT + " (attempt " + (i + 1) + " of " + attempts.size() + ", sent "
							+ attempt.sentAt() + ", after " + attempt.took() + ": "
							+ (attempt.status() == 0 ? attempt.error() : "status " + attempt.status()) + ")");
				}
				if (attempt.status() >= 400 && !attempt.contentType().startsWith("application/problem+json")) {
					violations.add("I8 a " + attempt.status() + " for key " + order.key() + " came as '"
							+ attempt.contentType() + "', not problem+json");
				}
			}
		}
		return new Result(orders.size(), requests, acked.size(), refused, confirmed, rejected, lost, duplicated,
				stockDrift, deadLetters.size(), violations);
	}

	private static boolean isFinal(String status) {
		return status != null && FINAL.contains(status);
	}

	private static Set<UUID> acknowledgedIds(List<Order> orders) {
		Set<UUID> ids = new HashSet<>();
		orders.forEach((o) -> ids.addAll(o.acknowledgedIds()));
		return ids;
	}

	private Map<UUID, String> orderStatuses(Collection<UUID> ids) {
		Map<UUID, String> statuses = new HashMap<>();
		query(ShopService.ORDER, "select id, status from orders where id = any(?)", ids,
				(rs) -> statuses.put(rs.getObject(1, UUID.class), rs.getString(2)));
		return statuses;
	}

	private long count(ShopService service, String sql) {
		long[] count = new long[1];
		query(service, sql, null, (rs) -> count[0] = rs.getLong(1));
		return count[0];
	}

	/** Runs a query with an optional uuid[] parameter and hands each row to {@code row}. */
	private void query(ShopService service, String sql, Collection<UUID> ids, SqlRow row) {
		try (Connection connection = this.shop.database(service);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			if (ids != null) {
				Array array = connection.createArrayOf("uuid", ids.toArray());
				statement.setArray(1, array);
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					row.accept(rs);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(service.module() + ": " + sql, ex);
		}
	}

	@FunctionalInterface
	private interface SqlRow {

		Object accept(ResultSet rs) throws SQLException;

	}

	/** The figures behind the invariants, and what broke them. */
	record Result(int sent, int requests, int acked, int refused, int confirmed, int rejected, int lost, int duplicated,
			int stockDrift, int deadLetters, List<String> violations) {

	}

}
