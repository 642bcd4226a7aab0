package shop.events;

import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventTypeTests {

	private static final Pattern JSON_KEY = Pattern.compile("\"(\\w+)\"\\s*:");

	@Test
	void everyEventVersionHasAFixtureNamingExactlyItsFields() {
		for (EventType<?> type : EventType.ALL) {
			Set<String> keys = new TreeSet<>();
			Matcher matcher = JSON_KEY.matcher(type.fixture());
			while (matcher.find()) {
				keys.add(matcher.group(1));
			}
			assertThat(keys).as(type.name() + " v" + type.version()).isEqualTo(fieldNames(type.type()));
		}
	}

	@Test
	void findsAnEventTypeByItsHeaders() {
		assertThat(EventType.of("UserPlacedOrder", 1)).contains(EventType.USER_PLACED_ORDER_V1);
		assertThat(EventType.of("UserPlacedOrder", 99)).isEmpty();
		assertThat(EventType.of("Nonsense", 1)).isEmpty();
	}

	@Test
	void publishesTheNewestVersionOfARecord() {
		assertThat(EventType.forRecord(StockRejected.class)).isEqualTo(EventType.STOCK_REJECTED_V1);
		assertThatIllegalArgumentException().isThrownBy(() -> EventType.forRecord(String.class));
	}

	@Test
	void cancellationTravelsOnItsOwnTopicAndTheReleaseWithTheOtherStockOutcomes() {
		assertThat(EventType.forRecord(OrderCancelled.class).topic()).isEqualTo("shop.orders.cancelled");
		assertThat(EventType.of("OrderCancelled", 1)).contains(EventType.ORDER_CANCELLED_V1);
		assertThat(EventType.forRecord(StockReleased.class).topic()).isEqualTo(Topics.STOCK_OUTCOMES);
		assertThat(EventType.of("StockReleased", 1)).contains(EventType.STOCK_RELEASED_V1);
	}

	@Test
	void namesDeadLetterTopicsPerConsumerGroup() {
		assertThat(Topics.deadLetter(Topics.ORDERS_PLACED, "order-service"))
			.isEqualTo("shop.orders.placed.order-service.dlt");
	}

	/** Component names of a record and of the records nested in it (its lines). */
	private static Set<String> fieldNames(Class<?> record) {
		Set<String> names = new TreeSet<>();
		for (RecordComponent component : record.getRecordComponents()) {
			names.add(component.getName());
		}
		for (Class<?> nested : record.getDeclaredClasses()) {
			if (nested.isRecord()) {
				names.addAll(fieldNames(nested));
			}
		}
		return names;
	}

}
