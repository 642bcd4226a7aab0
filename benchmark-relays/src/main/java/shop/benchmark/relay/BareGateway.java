package shop.benchmark.relay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway with one route to the target and nothing else: no security, no circuit breaker, no rate limit,
 * no observation (no actuator on the classpath), none of the shop's filters. What it costs per request beyond
 * {@link NettyRelay} is Spring Cloud Gateway's own; what the shop's gateway costs beyond it is the shop's features.
 *
 * <pre>java -cp ... shop.benchmark.relay.BareGateway --server.port=8091 --relay.target=http://127.0.0.1:8082</pre>
 */
@SpringBootApplication
public class BareGateway {

	public static void main(String[] args) {
		SpringApplication.run(BareGateway.class, args);
	}

}
