package shop.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTests {

	@Test
	void configuresASingleNodeBrokerWhoseConsumerGroupsWork() {
		String properties = KafkaBroker.serverProperties(
				KafkaBroker.Settings.inDirectory(Path.of("/tmp/k")).withBrokerProperty("num.partitions", "3"),
				Path.of("/tmp/k"), 19092, 19093);

		assertThat(properties).contains("process.roles=broker,controller\n",
				"listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n",
				"controller.quorum.voters=1@127.0.0.1:19093\n", "offsets.topic.replication.factor=1\n",
				"transaction.state.log.replication.factor=1\n", "transaction.state.log.min.isr=1\n",
				"share.coordinator.state.topic.replication.factor=1\n", "log.dirs=/tmp/k/data\n",
				"num.partitions=3\n");
		assertThat(properties).doesNotContain("num.partitions=1\n");
	}

	@Test
	void advertisesTheProxyOnAListenerOfItsOwnWhenProxied() {
		try (TcpProxy proxy = TcpProxy.start(0, 19094)) {
			String properties = KafkaBroker.serverProperties(KafkaBroker.Settings.inDirectory(Path.of("/tmp/k")),
					Path.of("/tmp/k"), 19092, 19093, proxy);

			assertThat(properties).contains(
					"listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,PROXIED://127.0.0.1:19094\n",
					"advertised.listeners=PLAINTEXT://127.0.0.1:19092,PROXIED://127.0.0.1:" + proxy.port() + "\n",
					"inter.broker.listener.name=PLAINTEXT\n",
					"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT\n");
		}
	}

	@Test
	void findsEveryJarOfTheBrokerClasspath() {
		List<String> entries = Arrays.asList(KafkaBroker.classpath().split(File.pathSeparator));

		assertThat(entries).anyMatch((e) -> e.contains("kafka_2.13-"))
			.anyMatch((e) -> e.contains("kafka-clients-"))
			.anyMatch((e) -> e.contains("log4j-slf4j2-impl-"))
			.allMatch((e) -> Files.exists(Path.of(e)));
	}

	@Test
	void readsWhichPortTheBrokerFailedToBindFromWhereItsLogStarted(@TempDir Path dir) throws Exception {
		Path log = dir.resolve("server.log");
		Files.writeString(log, "[x] ERROR Socket server failed to bind to 127.0.0.1:20001: Address already in use.\n");
		long earlier = Files.size(log);
		Files.writeString(log, "[y] INFO Kafka Server started\n", StandardOpenOption.APPEND);

		assertThat(KafkaBroker.portFailedToBind(log, 0)).hasValue(20001);
		assertThat(KafkaBroker.portFailedToBind(log, earlier)).isEmpty();
		// A log that rolled over (shorter than where it started) is read from its start.
		assertThat(KafkaBroker.portFailedToBind(log, Long.MAX_VALUE)).hasValue(20001);
		assertThat(KafkaBroker.portFailedToBind(dir.resolve("missing.log"), 0)).isEmpty();
	}

}
