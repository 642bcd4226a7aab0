package shop.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * G10's stand-in for a trace collector: an OTLP/HTTP receiver on loopback that answers 200 to every export and counts,
 * per path, the exports, spans and bytes it got, so the report shows that the traced service really exported. Each
 * service gets its own path ({@link #endpoint}), so spans from a service that should export none would show too.
 */
final class SpanReceiver implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, TracingBench.Exported> received = new ConcurrentHashMap<>();

	private SpanReceiver(HttpServer server) {
		this.server = server;
	}

	static SpanReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			SpanReceiver receiver = new SpanReceiver(server);
			server.createContext("/", receiver::receive);
			server.setExecutor(Executors.newSingleThreadExecutor());
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the span receiver", ex);
		}
	}

	/** The OTLP/HTTP traces endpoint for one sender: {@code http://127.0.0.1:PORT/NAME/v1/traces}. */
	URI endpoint(String sender) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + sender + "/v1/traces");
	}

	/** What one sender exported so far (zeros when nothing). */
	TracingBench.Exported received(String sender) {
		return this.received.getOrDefault(sender, TracingBench.Exported.NONE);
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			InputStream body = exchange.getRequestBody();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(body);
			}
			byte[] bytes = body.readAllBytes();
			TracingBench.Exported export = count(ExportTraceServiceRequest.parseFrom(bytes), bytes.length);
			this.received.merge(sender(exchange.getRequestURI().getPath()), export, TracingBench.Exported::plus);
			// An empty ExportTraceServiceResponse is zero bytes of protobuf.
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	/** The sender of an export: the first segment of {@code /NAME/v1/traces}. */
	static String sender(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		int slash = trimmed.indexOf('/');
		return (slash > 0) ? trimmed.substring(0, slash) : trimmed;
	}

	/** One export: its spans, and its root spans (no parent) as the traces it started. */
	static TracingBench.Exported count(ExportTraceServiceRequest request, long bytes) {
		long spans = 0;
		long roots = 0;
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					spans++;
					if (span.getParentSpanId().isEmpty()) {
						roots++;
					}
				}
			}
		}
		return new TracingBench.Exported(1, roots, spans, bytes);
	}

	@Override
	public void close() {
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

}
