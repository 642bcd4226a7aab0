package shop.benchmark.relay;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BareGatewayTests extends RelayContract {

	private static final Upstream upstream = new Upstream();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void relayTarget(DynamicPropertyRegistry registry) {
		registry.add("relay.target", upstream::baseUrl);
	}

	@AfterAll
	static void stop() {
		upstream.close();
	}

	@Override
	String relayUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	@Override
	Upstream upstream() {
		return upstream;
	}

}
