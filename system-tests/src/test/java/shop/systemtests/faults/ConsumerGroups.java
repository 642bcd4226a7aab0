package shop.systemtests.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import static org.awaitility.Awaitility.await;

/** The services' consumer groups, through the Kafka admin API: lag, and resetting a stopped group to the start. */
final class ConsumerGroups {

	private ConsumerGroups() {
	}

	/** Committed offsets of the group's partitions. */
	static Map<TopicPartition, Long> committed(FaultShop shop, String group) {
		try (Admin admin = shop.kafkaAdmin()) {
			Map<TopicPartition, Long> offsets = new HashMap<>();
			admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS)
				.forEach((partition, offset) -> offsets.put(partition, (offset != null) ? offset.offset() : 0L));
			return offsets;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read the offsets of group " + group, ex);
		}
	}

	/** Records the group has yet to consume on the partitions it committed to. */
	static long lag(FaultShop shop, String group) {
		Map<TopicPartition, Long> committed = committed(shop, group);
		Map<TopicPartition, Long> ends = offsets(shop, committed, OffsetSpec.latest());
		return committed.entrySet().stream().mapToLong((e) -> ends.get(e.getKey()) - e.getValue()).sum();
	}

	/**
	 * Moves a group with no members back to the earliest offset of every partition it consumed.
	 * @return how many records it will read again
	 */
	static long resetToEarliest(FaultShop shop, String group) {
		// A consumer that stopped gracefully has left the group, but the coordinator may take a moment to say so.
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> state(shop, group) == GroupState.EMPTY);
		Map<TopicPartition, Long> committed = committed(shop, group);
		Map<TopicPartition, Long> earliest = offsets(shop, committed, OffsetSpec.earliest());
		Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
		earliest.forEach((partition, offset) -> reset.put(partition, new OffsetAndMetadata(offset)));
		try (Admin admin = shop.kafkaAdmin()) {
			admin.alterConsumerGroupOffsets(group, reset).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot reset group " + group, ex);
		}
		return committed.entrySet().stream().mapToLong((e) -> e.getValue() - earliest.get(e.getKey())).sum();
	}

	private static GroupState state(FaultShop shop, String group) {
		try (Admin admin = shop.kafkaAdmin()) {
			ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(30, TimeUnit.SECONDS);
			return description.groupState();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot describe group " + group, ex);
		}
	}

	private static Map<TopicPartition, Long> offsets(FaultShop shop, Map<TopicPartition, Long> partitions,
			OffsetSpec spec) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.keySet().forEach((partition) -> request.put(partition, spec));
		try (Admin admin = shop.kafkaAdmin()) {
			Map<TopicPartition, Long> offsets = new HashMap<>();
			admin.listOffsets(request)
				.all()
				.get(30, TimeUnit.SECONDS)
				.forEach((partition, info) -> offsets.put(partition, info.offset()));
			return offsets;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot list offsets", ex);
		}
	}

}
