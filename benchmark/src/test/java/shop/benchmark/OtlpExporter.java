package shop.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPOutputStream;

/** Posts an export as an OpenTelemetry OTLP/HTTP exporter does, for the receivers' tests. */
final class OtlpExporter {

	private static final HttpClient http = HttpClient.newHttpClient();

	private OtlpExporter() {
	}

	/** Posts protobuf bytes, gzipped when asked (as an exporter with compression on); returns the status. */
	static int post(URI endpoint, byte[] body, boolean gzip) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-protobuf");
		if (gzip) {
			request.header("Content-Encoding", "gzip");
		}
		return http
			.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/** Sends a GET, which no receiver takes; returns the status. */
	static int get(URI endpoint) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
			zip.write(bytes);
		}
		return out.toByteArray();
	}

}
