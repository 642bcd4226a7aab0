package shop.benchmark;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * G10's stand-in for a trace collector: an {@link OtlpTraceReceiver} that counts, per path, the exports, spans and
 * bytes it got, so the report shows that the traced service really exported. Each service gets its own path
 * ({@link #endpoint}), so spans from a service that should export none would show too.
 */
final class SpanReceiver implements AutoCloseable {

	private final Map<String, TracingBench.Exported> received;

	private final OtlpTraceReceiver receiver;

	private SpanReceiver(Map<String, TracingBench.Exported> received, OtlpTraceReceiver receiver) {
		this.received = received;
		this.receiver = receiver;
	}

	static SpanReceiver start() {
		Map<String, TracingBench.Exported> received = new ConcurrentHashMap<>();
		OtlpTraceReceiver receiver = OtlpTraceReceiver.start("span-receiver", (path, request, bytes) -> received
			.merge(sender(path), count(request, bytes), TracingBench.Exported::plus));
		return new SpanReceiver(received, receiver);
	}

	/** The OTLP/HTTP traces endpoint for one sender: {@code http://127.0.0.1:PORT/NAME/v1/traces}. */
	URI endpoint(String sender) {
		return this.receiver.endpoint("/" + sender + "/v1/traces");
	}

	/** What one sender exported so far (zeros when nothing). */
	TracingBench.Exported received(String sender) {
		return this.received.getOrDefault(sender, TracingBench.Exported.NONE);
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
		this.receiver.close();
	}

}
