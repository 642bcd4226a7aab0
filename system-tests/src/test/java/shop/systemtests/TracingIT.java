package shop.systemtests;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.systemtests.TraceCollector.Span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One order, one trace: the gateway's span, user-service's request span, its Kafka send (from the outbox, after the
 * commit, on another thread) and the consumer spans of order-service and product-service all carry the trace id the
 * client sent in its W3C {@code traceparent}, as the applications exported them over OTLP/HTTP to a real receiver
 * ({@link TraceCollector}). The reply travels on: product-service's stock outcome and order-service's consumption of
 * it join the same trace.
 */
@ExtendWith(RunningShop.Extension.class)
class TracingIT {

	private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(30);

	private final RunningShop shop;

	private final TraceCollector collector = TraceCollector.shared();

	TracingIT(RunningShop shop) {
		this.shop = shop;
	}

	@Test
	void oneTraceFollowsAnOrderFromTheGatewayThroughKafkaToBothConsumers() {
		RunningShop.Shopper shopper = this.shop.register();
		UUID product = this.shop.createProduct(new BigDecimal("4.20"), 5);
		String traceId = randomHex(16);
		String clientSpan = randomHex(8);

		ShopClient.Response response = this.shop.client()
			.post(this.shop.gateway(), "/api/orders", shopper.token(),
					Map.of("items", List.of(Map.of("productId", product.toString(), "quantity", 2))),
					Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		UUID orderId = UUID.fromString(response.json().path("orderId").asString());
		assertThat(this.shop.awaitFinal(new RunningShop.Placed(orderId, shopper, response)).path("status").asString())
			.isEqualTo("CONFIRMED");

		await().atMost(EXPORT_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			Map<String, List<Span>> trace = this.collector.trace(traceId);
			Span gateway = only(trace, "api-gateway", kind("SERVER"));
			Span placement = only(trace, "user-service", kind("SERVER").and((span) -> span.name().contains("/api/orders")));
			Span send = only(trace, "user-service", kind("PRODUCER").and(about("shop.orders.placed")));
			Span orderConsumer = only(trace, "order-service", kind("CONSUMER").and(about("shop.orders.placed")));
			Span stockConsumer = only(trace, "product-service", kind("CONSUMER").and(about("shop.orders.placed")));
			Span outcomeSend = only(trace, "product-service", kind("PRODUCER").and(about("shop.stock.outcomes")));
			Span outcomeConsumer = only(trace, "order-service",
					kind("CONSUMER").and(about("shop.stock.outcomes")));

			// Parent links, hop by hop: the client's span, the gateway, the service, the record, its consumers.
			assertThat(gateway.parentSpanId()).isEqualTo(clientSpan);
			assertThat(ancestors(trace, placement)).contains(gateway.spanId());
			assertThat(ancestors(trace, send)).contains(placement.spanId());
			assertThat(orderConsumer.parentSpanId()).isEqualTo(send.spanId());
			assertThat(stockConsumer.parentSpanId()).isEqualTo(send.spanId());
			assertThat(ancestors(trace, outcomeSend)).contains(stockConsumer.spanId());
			assertThat(outcomeConsumer.parentSpanId()).isEqualTo(outcomeSend.spanId());
		});
		Map<String, List<Span>> trace = this.collector.trace(traceId);
		this.shop.report("trace of one order", trace.values().stream().mapToInt(List::size).sum() + " spans from "
				+ trace.keySet().stream().sorted().collect(Collectors.joining(",")));
	}

	private static Span only(Map<String, List<Span>> trace, String service, Predicate<Span> which) {
		List<Span> spans = trace.getOrDefault(service, List.of()).stream().filter(which).toList();
		assertThat(spans).as("%s spans in the trace, all of them: %s", service, describe(trace)).hasSize(1);
		return spans.get(0);
	}

	private static Predicate<Span> kind(String kind) {
		return (span) -> span.kind().equals("SPAN_KIND_" + kind);
	}

	/** A Kafka span of this topic (Spring Kafka names them "<topic> send" and "<topic> receive"). */
	private static Predicate<Span> about(String topic) {
		return (span) -> topic.equals(span.attributes().get("messaging.destination.name"))
				|| span.name().startsWith(topic + " ");
	}

	/** Span ids from the span's parent up to the root, within the trace. */
	private static List<String> ancestors(Map<String, List<Span>> trace, Span span) {
		Map<String, Span> byId = trace.values()
			.stream()
			.flatMap(List::stream)
			.collect(Collectors.toMap(Span::spanId, (s) -> s, (a, b) -> a));
		java.util.ArrayList<String> chain = new java.util.ArrayList<>();
		Optional<Span> parent = Optional.ofNullable(byId.get(span.parentSpanId()));
		while (parent.isPresent() && chain.size() < 50) {
			chain.add(parent.get().spanId());
			parent = Optional.ofNullable(byId.get(parent.get().parentSpanId()));
		}
		return chain;
	}

	private static String describe(Map<String, List<Span>> trace) {
		return trace.values()
			.stream()
			.flatMap(List::stream)
			.map((span) -> span.service() + ":" + span.kind().replace("SPAN_KIND_", "") + ":" + span.name() + "["
					+ span.spanId() + "<-" + span.parentSpanId() + "]")
			.collect(Collectors.joining(", "));
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		random[0] |= 1; // never all zeros, which W3C forbids
		return HexFormat.of().formatHex(random);
	}

}
