package shop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of one {@code /actuator/prometheus} scrape (Prometheus text format), with sums over the series of a
 * metric that match some labels.
 */
record PrometheusText(List<Sample> samples) {

	private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Scrapes an application's Prometheus endpoint in the classic text format, as a Prometheus server would. */
	static PrometheusText scrape(URI application) {
		HttpRequest request = HttpRequest.newBuilder(application.resolve("/actuator/prometheus"))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "text/plain;version=0.0.4")
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError(request.uri() + " -> " + response.statusCode() + " " + response.body());
			}
			return parse(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static PrometheusText parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher matcher = LINE.matcher(line);
			if (!matcher.find()) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(3) != null) {
				Matcher label = LABEL.matcher(matcher.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
		}
		return new PrometheusText(List.copyOf(samples));
	}

	/** The sum over the series of this metric whose labels include all of {@code labels}; 0 when there is none. */
	double sum(String metric, Map<String, String> labels) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(metric))
			.filter((sample) -> sample.labels().entrySet().containsAll(labels.entrySet()))
			.mapToDouble(Sample::value)
			.sum();
	}

	double sum(String metric) {
		return sum(metric, Map.of());
	}

	boolean has(String metric) {
		return this.samples.stream().anyMatch((sample) -> sample.name().equals(metric));
	}

	record Sample(String name, Map<String, String> labels, double value) {
	}

}
