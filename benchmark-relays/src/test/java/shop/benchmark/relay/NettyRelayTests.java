package shop.benchmark.relay;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import reactor.netty.DisposableServer;

class NettyRelayTests extends RelayContract {

	private static Upstream upstream;

	private static DisposableServer relay;

	@BeforeAll
	static void start() {
		upstream = new Upstream();
		relay = NettyRelay.start(0, upstream.baseUrl());
	}

	@AfterAll
	static void stop() {
		relay.disposeNow();
		upstream.close();
	}

	@Override
	String relayUrl() {
		return "http://127.0.0.1:" + relay.port();
	}

	@Override
	Upstream upstream() {
		return upstream;
	}

}
