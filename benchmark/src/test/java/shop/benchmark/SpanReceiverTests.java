package shop.benchmark;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpanReceiverTests {

	@Test
	void countsTheSpansAndBytesEachSenderExportsAndAnswers200() throws Exception {
		byte[] threeSpans = request(2, 1).toByteArray();
		try (SpanReceiver receiver = SpanReceiver.start()) {
			assertThat(OtlpExporter.post(receiver.endpoint("tracing"), threeSpans, false)).isEqualTo(200);
			assertThat(OtlpExporter.post(receiver.endpoint("tracing"), request(1, 0).toByteArray(), true))
				.isEqualTo(200);

			// One root span (no parent) per scope here: three traces.
			assertThat(receiver.received("tracing")).isEqualTo(new TracingBench.Exported(2, 3, 4,
					threeSpans.length + request(1, 0).toByteArray().length));
			assertThat(receiver.received("metrics-only")).isEqualTo(TracingBench.Exported.NONE);
			assertThat(receiver.endpoint("tracing").getPath()).isEqualTo("/tracing/v1/traces");
		}
	}

	@Test
	void theSenderIsTheFirstSegmentOfThePath() {
		assertThat(SpanReceiver.sender("/tracing/v1/traces")).isEqualTo("tracing");
		assertThat(SpanReceiver.sender("/v1/traces")).isEqualTo("v1");
		assertThat(SpanReceiver.sender("/metrics-only")).isEqualTo("metrics-only");
	}

	@Test
	void exportedCountsSubtract() {
		assertThat(new TracingBench.Exported(5, 7, 50, 5000).minus(new TracingBench.Exported(2, 3, 20, 2000)))
			.isEqualTo(new TracingBench.Exported(3, 4, 30, 3000));
	}

	/** An export with two scopes: {@code first} spans in one, {@code second} in the other. */
	private static ExportTraceServiceRequest request(int first, int second) {
		return ExportTraceServiceRequest.newBuilder()
			.addResourceSpans(ResourceSpans.newBuilder()
				.addScopeSpans(scope(first))
				.addScopeSpans(scope(second)))
			.build();
	}

	/** A root span and its children, {@code spans} in all. */
	private static ScopeSpans scope(int spans) {
		ScopeSpans.Builder scope = ScopeSpans.newBuilder();
		for (int i = 0; i < spans; i++) {
			Span.Builder span = Span.newBuilder()
				.setName((i == 0) ? "http get /api/products/{id}" : "security filterchain before")
				.setTraceId(ByteString.copyFrom(new byte[16]))
				.setSpanId(ByteString.copyFrom(new byte[] { 1, 2, 3, 4, 5, 6, 7, (byte) i }));
			if (i > 0) {
				span.setParentSpanId(ByteString.copyFrom(new byte[] { 1, 2, 3, 4, 5, 6, 7, 0 }));
			}
			scope.addSpans(span);
		}
		return scope.build();
	}

}
