package shop.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * G5: watches the shop's Kafka while orders are placed. An order is final when product-service's stock outcome
 * (StockReserved or StockRejected on {@value #OUTCOMES}, keyed by the order id) is published: that is the event
 * order-service turns into CONFIRMED or REJECTED. Latency runs from the 202 reaching the client to the outcome reaching
 * this consumer (read_committed, like the shop's). In the same window a raw probe sends small records with the shop's
 * producer settings (acks=all, idempotent) to {@value #PROBE} on the same broker, read by the same consumer: what
 * Kafka alone costs here.
 */
public final class EventWatch implements AutoCloseable {

	static final String OUTCOMES = "shop.stock.outcomes";

	static final String PROBE = "shop.benchmark.probe";

	private final KafkaConsumer<String, byte[]> consumer;

	private final KafkaProducer<String, String> producer;

	private final Map<UUID, Long> accepted = new ConcurrentHashMap<>();

	/** Outcomes seen before their order's 202 was handled here (the outbox may send before the answer is read). */
	private final Map<UUID, Long> early = new ConcurrentHashMap<>();

	private final Histogram orderMicros = new Histogram(3);

	private final Histogram probeMicros = new Histogram(3);

	private final AtomicLong ordersSeen = new AtomicLong();

	private final AtomicLong probesSent = new AtomicLong();

	private final AtomicLong probesSeen = new AtomicLong();

	private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();

	private final Thread poller;

	private volatile boolean running = true;

	EventWatch(String bootstrap) {
		createProbeTopic(bootstrap);
		Properties consumer = new Properties();
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		this.consumer = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : List.of(OUTCOMES, PROBE)) {
			this.consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
		}
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		// Resolves the end offsets now, so nothing sent from here on is skipped.
		partitions.forEach((partition) -> this.consumer.position(partition, Duration.ofSeconds(10)));
		Properties producer = new Properties();
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
		this.producer = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer());
		this.poller = new Thread(this::poll, "benchmark-event-watch");
		this.poller.setDaemon(true);
		this.poller.start();
	}

	/** Records when an order's 202 arrived ({@link OrderLoad#onAccepted}). */
	synchronized void accepted(UUID order, long answeredNanos) {
		Long outcome = this.early.remove(order);
		if (outcome != null) {
			this.ordersSeen.incrementAndGet();
			record(this.orderMicros, outcome - answeredNanos);
			return;
		}
		this.accepted.put(order, answeredNanos);
	}

	/** Accepted orders whose outcome has not arrived yet. */
	long outstanding() {
		return this.accepted.size();
	}

	/** Accepted orders whose outcome arrived. */
	long ordersSeen() {
		return this.ordersSeen.get();
	}

	/** Starts the raw probe: one small record every 1/rate seconds, stamped with its send time. */
	void startProbe(double ratePerSecond) {
		long period = Math.max(1, Math.round(1e9 / ratePerSecond));
		this.probe.scheduleAtFixedRate(() -> {
			this.probesSent.incrementAndGet();
			this.producer.send(new ProducerRecord<>(PROBE, UUID.randomUUID().toString(),
					Long.toString(System.nanoTime())));
		}, 0, period, TimeUnit.NANOSECONDS);
	}

	/** Stops the probe, waits up to {@code wait} for outstanding outcomes, and returns what was seen. */
	Result finish(Duration wait) {
		this.probe.shutdownNow();
		long deadline = System.nanoTime() + wait.toNanos();
		while ((!this.accepted.isEmpty() || this.probesSeen.get() < this.probesSent.get())
				&& System.nanoTime() < deadline) {
			sleep(50);
		}
		this.running = false;
		join();
		synchronized (this) {
			return new Result(this.orderMicros.copy(), this.ordersSeen.get(), this.accepted.size(),
					this.probeMicros.copy(), this.probesSent.get(), this.probesSent.get() - this.probesSeen.get());
		}
	}

	private void poll() {
		while (this.running) {
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
				long now = System.nanoTime();
				if (record.topic().equals(PROBE)) {
					this.probesSeen.incrementAndGet();
					record(this.probeMicros, now - Long.parseLong(new String(record.value(), StandardCharsets.UTF_8)));
				}
				else if (record.key() != null) {
					outcome(UUID.fromString(record.key()), now);
				}
			}
		}
	}

	/** Synchronized with {@link #accepted}: each order is matched once, whichever of the two comes first. */
	private synchronized void outcome(UUID order, long nanos) {
		Long answered = this.accepted.remove(order);
		if (answered != null) {
			this.ordersSeen.incrementAndGet();
			record(this.orderMicros, nanos - answered);
		}
		else if (!this.early.containsKey(order)) {
			// Not (yet) one of ours: kept in case its 202 is still being handled; later events of an order are ignored.
			this.early.put(order, nanos);
		}
	}

	private synchronized void record(Histogram histogram, long nanos) {
		histogram.recordValue(Math.max(0, nanos / 1000));
	}

	@Override
	public void close() {
		this.running = false;
		this.probe.shutdownNow();
		join();
		this.consumer.close();
		this.producer.close(Duration.ofSeconds(5));
	}

	private void join() {
		try {
			this.poller.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void createProbeTopic(String bootstrap) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(List.of(new NewTopic(PROBE, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("cannot create " + PROBE + " on " + bootstrap + ": " + ex.getCause(),
						ex);
			}
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("Kafka at " + bootstrap + " does not answer (--kafka HOST:PORT)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What the window showed.
	 *
	 * @param orderMicros 202 → stock outcome, per order seen
	 * @param ordersSeen accepted orders whose outcome arrived
	 * @param ordersUnseen accepted orders whose outcome did not arrive in time
	 * @param probeMicros raw produce → consume
	 * @param probesSent raw records sent
	 * @param probesUnseen raw records not consumed in time
	 */
	public record Result(Histogram orderMicros, long ordersSeen, long ordersUnseen, Histogram probeMicros, long probesSent,
			long probesUnseen) {

		public double orderMillis(double percentile) {
			return this.orderMicros.getValueAtPercentile(percentile) / 1000.0;
		}

		public double probeMillis(double percentile) {
			return this.probeMicros.getValueAtPercentile(percentile) / 1000.0;
		}

	}

}
