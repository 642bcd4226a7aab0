package shop.local;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class KafkaBrokerIT {

	@TempDir
	Path dir;

	@Test
	void startsARealBrokerThatDeliversToAConsumerGroupAndStopsCleanly() throws Exception {
		KafkaBroker broker = KafkaBroker.start(KafkaBroker.Settings.inDirectory(this.dir));
		String topic = "shop.local.test";
		String value = "hello-" + UUID.randomUUID();
		try {
			System.out.printf("KafkaBroker started in %d ms, pid %d, RSS %d KiB%n", broker.startupTime().toMillis(),
					broker.pid(), broker.rssKib().orElse(-1));
			assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
			assertThat(broker.isAlive()).isTrue();

			produce(broker.bootstrapServers(), topic, value);

			// A subscribing consumer in a group: on one broker this needs offsets.topic.replication.factor=1.
			assertThat(consumeWithGroup(broker.bootstrapServers(), topic, Duration.ofSeconds(60))).contains(value);
			assertThat(broker.logFile()).exists();
			assertThat(Files.readString(broker.logFile())).contains("Kafka Server started");
		}
		finally {
			int exit = broker.stop();
			assertThat(broker.isAlive()).isFalse();
			// SIGTERM: Kafka's shutdown hook stops it in order and exits with 143 (128 + SIGTERM) or 0.
			assertThat(exit).isIn(0, 143);
		}
		assertThat(Files.readString(broker.logFile())).contains("shut down completed");

		// The same directory again: no new format, the topic and its record are still there.
		try (KafkaBroker again = KafkaBroker.start(KafkaBroker.Settings.inDirectory(this.dir))) {
			assertThat(consumeWithGroup(again.bootstrapServers(), topic, Duration.ofSeconds(60))).contains(value);
		}
	}

	@Test
	void choosesOtherPortsWhenAnotherProcessBindsAChosenPortFirst() throws Exception {
		try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			// The first port handed out is already taken, as when an outgoing connection took it in between.
			Iterator<Integer> ports = Stream.concat(Stream.of(squatter.getLocalPort()),
					Stream.generate(Processes::freePort)).iterator();

			try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Settings.inDirectory(this.dir), null,
					ports::next)) {
				assertThat(broker.port()).isNotEqualTo(squatter.getLocalPort());
				produce(broker.bootstrapServers(), "shop.local.rebound", "after a bind failure");
				assertThat(Files.readString(broker.logFile()))
					.contains("failed to bind to 127.0.0.1:" + squatter.getLocalPort());
			}
		}
	}

	@Test
	void failsAtOnceWhenItsFixedPortIsTaken() throws Exception {
		try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			KafkaBroker.Settings settings = KafkaBroker.Settings.inDirectory(this.dir).withPort(squatter.getLocalPort());

			assertThatIllegalStateException().isThrownBy(() -> KafkaBroker.start(settings))
				.withMessage("The Kafka broker could not listen on 127.0.0.1:" + squatter.getLocalPort()
						+ ": another process holds that port (attempt 1)");
			// One attempt only: choosing again cannot free a port the user fixed.
			assertThat(Files.readString(this.dir.resolve("logs").resolve("server.log")))
				.containsOnlyOnce("Exiting Kafka due to fatal exception during startup");
		}
	}

	@Test
	void restartsAKilledBrokerOnTheSamePortWithItsTopics() throws Exception {
		String topic = "crash-" + UUID.randomUUID();
		String value = "written before kill -9";
		KafkaBroker broker = KafkaBroker.start(KafkaBroker.Settings.inDirectory(this.dir.resolve("crash")));
		produce(broker.bootstrapServers(), topic, value);

		broker.kill();
		assertThat(broker.isAlive()).isFalse();

		try (KafkaBroker restarted = broker.restart()) {
			assertThat(restarted.pid()).isNotEqualTo(broker.pid());
			assertThat(restarted.bootstrapServers()).isEqualTo(broker.bootstrapServers());
			assertThat(consumeWithGroup(restarted.bootstrapServers(), topic, Duration.ofSeconds(60))).contains(value);
		}
	}

	@Test
	void stopsTheBrokerWhenItsLauncherIsKilled() throws Exception {
		Process launcher = new ProcessBuilder(Processes.javaExecutable(), "-cp", System.getProperty("java.class.path"),
				BrokerLauncher.class.getName(), this.dir.resolve("orphan").toString())
			.redirectErrorStream(true)
			.start();
		long brokerPid;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
			brokerPid = out.lines()
				.filter((line) -> line.startsWith("broker-pid="))
				.map((line) -> Long.parseLong(line.substring("broker-pid=".length())))
				.findFirst()
				.orElseThrow(() -> new AssertionError("The launcher never reported a broker"));
			assertThat(ProcessHandle.of(brokerPid)).isPresent();

			// kill -9: no shutdown hook runs in the launcher, only the broker's stdin closes.
			launcher.destroyForcibly().waitFor();

			await().atMost(Duration.ofSeconds(60))
				.until(() -> ProcessHandle.of(brokerPid).map((p) -> !p.isAlive()).orElse(true));
		}
		finally {
			launcher.destroyForcibly();
		}
	}

	private static void produce(String bootstrap, String topic, String value) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
		}
	}

	private static List<String> consumeWithGroup(String bootstrap, String topic, Duration timeout) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest");
		List<String> values = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			while (values.isEmpty() && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					values.add(record.value());
				}
			}
			consumer.commitSync();
		}
		return values;
	}

}
