package shop.benchmark.relay;

import java.util.Set;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * A relay in Reactor Netty and nothing else: each request goes to the target over pooled keep-alive connections and
 * its answer comes back as it arrives. The JVM floor under Spring Cloud Gateway, which is built on this server and
 * client: what it costs per request is what any gateway on this stack pays before it does anything of its own.
 *
 * <pre>java -cp ... shop.benchmark.relay.NettyRelay 8091 http://127.0.0.1:8082</pre>
 */
public final class NettyRelay {

	/** Headers of one connection (RFC 9110, 7.6.1), never relayed: each hop has its own. */
	private static final Set<CharSequence> HOP_BY_HOP = Set.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
			HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
			HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE);

	private NettyRelay() {
	}

	public static void main(String[] args) {
		if (args.length != 2) {
			System.err.println("usage: NettyRelay <port> <target base URL, e.g. http://127.0.0.1:8082>");
			System.exit(2);
		}
		DisposableServer relay = start(Integer.parseInt(args[0]), args[1]);
		System.out.println("NettyRelay: 127.0.0.1:" + relay.port() + " relays to " + args[1]);
		relay.onDispose().block();
	}

	/** Listens on 127.0.0.1 (port 0: any free one) and relays every request to the target. */
	static DisposableServer start(int port, String target) {
		HttpClient client = HttpClient.create(ConnectionProvider.create("relay", 500)).baseUrl(target);
		return HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> client
				.headers((headers) -> copy(request.requestHeaders(), headers).remove(HttpHeaderNames.HOST))
				.request(request.method())
				.uri(request.uri())
				.send(request.receive().retain())
				.response((upstream, body) -> {
					response.status(upstream.status());
					copy(upstream.responseHeaders(), response.responseHeaders());
					return response.send(body.retain());
				}))
			.bindNow();
	}

	private static HttpHeaders copy(HttpHeaders from, HttpHeaders to) {
		to.set(from);
		HOP_BY_HOP.forEach(to::remove);
		return to;
	}

}
