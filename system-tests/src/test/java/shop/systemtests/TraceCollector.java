package shop.systemtests;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import shop.benchmark.OtlpTraceReceiver;

/**
 * A real OTLP/HTTP trace receiver on loopback (the benchmark's {@link OtlpTraceReceiver}): the applications'
 * OpenTelemetry exporters post to {@code /v1/traces}, exactly as they would to an OpenTelemetry Collector, and every
 * span is kept for assertions. One per test JVM, started before the shop so its address can be handed to every
 * process.
 */
final class TraceCollector implements AutoCloseable {

	private static TraceCollector shared;

	private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();

	private final AtomicLong requests = new AtomicLong();

	private final OtlpTraceReceiver receiver;

	private TraceCollector() {
		this.receiver = OtlpTraceReceiver.start("trace-collector", (path, request, bytes) -> keep(request));
	}

	/** The collector of this test JVM, started on first use. */
	static synchronized TraceCollector shared() {
		if (shared == null) {
			shared = new TraceCollector();
		}
		return shared;
	}

	/** Where an OTLP/HTTP exporter sends spans. */
	URI tracesEndpoint() {
		return this.receiver.endpoint("/v1/traces");
	}

	/**
	 * JVM options that make an application export every recorded span here, in batches sent every 200 ms (instead of
	 * 5 s) so a test waits less.
	 */
	List<String> exportOptions() {
		return List.of("-Dmanagement.tracing.export.otlp.enabled=true",
				"-Dmanagement.opentelemetry.tracing.export.otlp.endpoint=" + tracesEndpoint(),
				"-Dmanagement.opentelemetry.tracing.export.schedule-delay=200ms");
	}

	/** Every span received so far. */
	List<Span> spans() {
		return List.copyOf(this.spans);
	}

	/** Spans of one trace, by the service that recorded them. */
	Map<String, List<Span>> trace(String traceId) {
		return this.spans.stream()
			.filter((span) -> span.traceId().equals(traceId))
			.collect(Collectors.groupingBy(Span::service));
	}

	long exportRequests() {
		return this.requests.get();
	}

	private void keep(ExportTraceServiceRequest request) {
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			String service = attribute(resourceSpans.getResource().getAttributesList(), "service.name");
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
					this.spans.add(new Span(service, span.getName(), span.getKind().name(),
							hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
							hex(span.getParentSpanId().toByteArray()), attributes(span.getAttributesList())));
				}
			}
		}
		this.requests.incrementAndGet();
	}

	private static String attribute(List<KeyValue> attributes, String key) {
		return attributes.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map((attribute) -> text(attribute.getValue()))
			.findFirst()
			.orElse("?");
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		return attributes.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (attribute) -> text(attribute.getValue()), (a, b) -> b));
	}

	private static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INT_VALUE -> Long.toString(value.getIntValue());
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
			default -> value.toString();
		};
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	@Override
	public void close() {
		this.receiver.close();
	}

	/**
	 * One span as an exporter sent it.
	 * @param service the {@code service.name} of the process that recorded it
	 * @param name the span name, e.g. {@code shop.orders.placed send}
	 * @param kind SPAN_KIND_SERVER, SPAN_KIND_PRODUCER, SPAN_KIND_CONSUMER, ...
	 * @param traceId 32 hex digits
	 * @param spanId 16 hex digits
	 * @param parentSpanId 16 hex digits, empty for a root span
	 * @param attributes its tags
	 */
	record Span(String service, String name, String kind, String traceId, String spanId, String parentSpanId,
			Map<String, String> attributes) {
	}

}
