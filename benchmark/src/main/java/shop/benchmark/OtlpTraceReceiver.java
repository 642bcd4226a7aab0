package shop.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * An OTLP/HTTP trace receiver on loopback, in process: takes the protobuf {@code ExportTraceServiceRequest}s an
 * OpenTelemetry exporter posts (gzipped or not), exactly as it would to an OpenTelemetry Collector, hands each to a
 * {@link Listener} with the path it was posted to, and answers 200. The benchmark's {@link SpanReceiver} counts what
 * it gets; the system tests keep every span for their assertions.
 */
public final class OtlpTraceReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final Listener listener;

	private OtlpTraceReceiver(HttpServer server, ExecutorService executor, Listener listener) {
		this.server = server;
		this.executor = executor;
		this.listener = listener;
	}

	/**
	 * Starts a receiver on an ephemeral loopback port. Its threads are daemons, so a receiver left open does not keep
	 * a JVM alive.
	 * @param name the name of its threads
	 * @param listener what is done with each export
	 */
	public static OtlpTraceReceiver start(String name, Listener listener) {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the OTLP trace receiver", ex);
		}
		ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
		OtlpTraceReceiver receiver = new OtlpTraceReceiver(server, executor, listener);
		server.createContext("/", receiver::receive);
		server.setExecutor(executor);
		server.start();
		return receiver;
	}

	/** The address of a path on this receiver, e.g. {@code endpoint("/v1/traces")}. */
	public URI endpoint(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
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
			this.listener.exported(exchange.getRequestURI().getPath(), ExportTraceServiceRequest.parseFrom(bytes),
					bytes.length);
			// An empty ExportTraceServiceResponse is zero bytes of protobuf.
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** What a receiver does with each export it gets. */
	@FunctionalInterface
	public interface Listener {

		/**
		 * Called once per export, on one of the receiver's threads (several may call at once).
		 * @param path the request path, e.g. {@code /v1/traces}
		 * @param request the export
		 * @param bytes its size in protobuf, after any gzip was undone
		 */
		void exported(String path, ExportTraceServiceRequest request, int bytes);

	}

}
