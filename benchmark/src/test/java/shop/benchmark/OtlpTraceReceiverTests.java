package shop.benchmark;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpTraceReceiverTests {

	private final List<Received> received = new CopyOnWriteArrayList<>();

	@Test
	void handsEachExportWithItsPathAndSizeToTheListenerAndAnswers200() throws Exception {
		ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder()
			.addResourceSpans(ResourceSpans.newBuilder()
				.addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("http get /api/products"))))
			.build();
		byte[] bytes = export.toByteArray();
		try (OtlpTraceReceiver receiver = start()) {
			assertThat(OtlpExporter.post(receiver.endpoint("/v1/traces"), bytes, false)).isEqualTo(200);
			assertThat(OtlpExporter.post(receiver.endpoint("/gateway/v1/traces"), bytes, true)).isEqualTo(200);
		}

		assertThat(this.received).containsExactly(new Received("/v1/traces", export, bytes.length),
				new Received("/gateway/v1/traces", export, bytes.length));
	}

	@Test
	void refusesAnythingButPost() throws Exception {
		try (OtlpTraceReceiver receiver = start()) {
			assertThat(OtlpExporter.get(receiver.endpoint("/v1/traces"))).isEqualTo(405);
		}
		assertThat(this.received).isEmpty();
	}

	private OtlpTraceReceiver start() {
		return OtlpTraceReceiver.start("test-receiver",
				(path, request, bytes) -> this.received.add(new Received(path, request, bytes)));
	}

	private record Received(String path, ExportTraceServiceRequest request, int bytes) {
	}

}
