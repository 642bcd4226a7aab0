package shop.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings that change the figures and that the report states with their source: the services' Kafka producer acks
 * and linger (their application.yml, or the kafka-clients default when they set none), and the transport Reactor
 * Netty uses in the gateway (whether a native transport library is mapped into its process).
 *
 * @param kafkaProducer e.g. "acks=all, linger.ms=5 (kafka-clients 4.1 default) — user-service, ..."
 * @param nettyTransport e.g. "NIO (no native transport library mapped) — /proc/1234/maps"
 */
public record ShopFacts(String kafkaProducer, String nettyTransport) {

	private static final List<String> SERVICES = List.of("user-service", "product-service", "order-service");

	private static final Pattern ACKS = Pattern.compile("(?m)^\\s+acks:\\s*(\\S+)");

	private static final Pattern LINGER = Pattern.compile("(?m)^\\s+(?:linger[.-]ms|linger):\\s*(\\S+)");

	static ShopFacts read(Path repository, long gatewayPid) {
		return new ShopFacts(kafkaProducer(repository), netty(gatewayPid));
	}

	static String kafkaProducer(Path repository) {
		List<String> settings = new ArrayList<>();
		for (String service : SERVICES) {
			Path config = repository.resolve(service).resolve("src/main/resources/application.yml");
			try {
				settings.add(service + " " + producerSettings(Files.readString(config)));
			}
			catch (IOException ex) {
				settings.add(service + " ? (no " + config + ")");
			}
		}
		return String.join("; ", settings) + " (source: each service's application.yml; kafka-clients defaults "
				+ "where unset)";
	}

	/** "acks=all, linger.ms=5 (default)" from the text of one application.yml. */
	static String producerSettings(String yaml) {
		Matcher acks = ACKS.matcher(yaml);
		Matcher linger = LINGER.matcher(yaml);
		return "acks=" + (acks.find() ? acks.group(1) : defaultOf(ProducerConfig.ACKS_CONFIG) + " (default)")
				+ ", linger.ms=" + (linger.find() ? linger.group(1)
						: defaultOf(ProducerConfig.LINGER_MS_CONFIG) + " (default)");
	}

	private static String defaultOf(String key) {
		return String.valueOf(ProducerConfig.configDef().defaultValues().get(key));
	}

	static String netty(long gatewayPid) {
		if (gatewayPid <= 0) {
			return "? (gateway process not watched)";
		}
		return ProcFs.readMaps(gatewayPid)
			.map((maps) -> ProcFs.nettyTransport(maps) + " (source: /proc/" + gatewayPid + "/maps of the gateway)")
			.orElse("? (/proc/" + gatewayPid + "/maps not readable)");
	}

}
