package shop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import shop.local.LocalShop;
import shop.local.ShopService;
import shop.systemtests.TraceCollector.Span;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The click path of the dashboard, followed with the real processes: the slowest request's latency bucket on
 * user-service's {@code /actuator/prometheus} (OpenMetrics, as Prometheus scrapes it) carries an exemplar trace id;
 * that trace holds the gateway's server span and user-service's server span, as exported over OTLP (what Tempo
 * receives); and user-service's JSON log has lines of that request under the same trace id, in the field the log
 * shipper (deploy/compose/alloy/config.alloy) turns into Loki's trace_id. Nothing forces sampling: the gateway starts
 * the traces and samples its shipped 10 %, so the test sends requests until exemplars appear.
 */
@ExtendWith(RunningShop.Extension.class)
class ExemplarLinksIT {

	private static final String URI_TAG = "/api/users/me";

	/** An OpenMetrics bucket line with an exemplar: labels, count, then {@code # {labels} value [timestamp]}. */
	private static final Pattern BUCKET_WITH_EXEMPLAR = Pattern
		.compile("^http_server_requests_seconds_bucket\\{(?<labels>[^}]*)\\} \\S+ # \\{(?<exemplar>[^}]*)\\} (?<value>\\S+).*$");

	private static final Pattern TRACE_ID = Pattern.compile("trace_id=\"([0-9a-f]{32})\"");

	private final RunningShop shop;

	private final TraceCollector collector = TraceCollector.shared();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	ExemplarLinksIT(RunningShop shop) {
		this.shop = shop;
	}

	@Test
	void theSlowestRequestsExemplarLeadsToItsTraceAndItsLogLines() {
		RunningShop.Shopper shopper = this.shop.register();
		URI userService = this.shop.local().service(ShopService.USER).baseUri();

		// 10 % of the gateway's traces are sampled, and only sampled requests leave an exemplar: send until one has
		// (10 a second, within the gateway's rate limit of 20 a second per client).
		Exemplar slowest = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			for (int i = 0; i < 10; i++) {
				assertThat(this.shop.client().get(this.shop.gateway(), URI_TAG, shopper.token()).status())
					.isEqualTo(200);
			}
			return slowest(scrape(userService));
		}, Optional::isPresent).orElseThrow();

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			Map<String, List<Span>> trace = this.collector.trace(slowest.traceId());
			assertThat(trace.getOrDefault("api-gateway", List.of()))
				.as("the gateway's spans of the exemplar's trace %s", slowest)
				.anyMatch((span) -> span.kind().equals("SPAN_KIND_SERVER"));
			assertThat(trace.getOrDefault("user-service", List.of()))
				.as("user-service's spans of the exemplar's trace %s", slowest)
				.anyMatch((span) -> span.kind().equals("SPAN_KIND_SERVER") && span.name().contains(URI_TAG));
		});

		String field = traceIdFieldOfTheLogShipper();
		Path log = this.shop.local().service(ShopService.USER).logFile();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			List<JsonNode> lines = jsonLines(log).stream()
				.filter((line) -> slowest.traceId().equals(line.path(field).asString(null)))
				.toList();
			assertThat(lines).as("user-service log lines with %s=%s in %s", field, slowest.traceId(), log)
				.isNotEmpty()
				.anyMatch((line) -> line.path("message").asString("").contains(URI_TAG));
		});
		this.shop.report("slowest exemplar", slowest.seconds() * 1000 + " ms, bucket le=" + slowest.le());
	}

	/** The JSON field the compose log shipper reads the trace id from (its {@code trace_id = "<field>"}). */
	private static String traceIdFieldOfTheLogShipper() {
		try {
			String config = Files.readString(LocalShop.repositoryRoot().resolve("deploy/compose/alloy/config.alloy"));
			Matcher matcher = Pattern.compile("trace_id\\s*=\\s*\"(\\w+)\"").matcher(config);
			assertThat(matcher.find()).as("trace_id = \"<json field>\" in config.alloy").isTrue();
			return matcher.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<JsonNode> jsonLines(Path log) throws IOException {
		return Files.readAllLines(log)
			.stream()
			.filter((line) -> line.startsWith("{"))
			.map(this.json::readTree)
			.toList();
	}

	private List<String> scrape(URI application) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(application.resolve("/actuator/prometheus"))
			.header("Accept", "application/openmetrics-text; version=1.0.0")
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
		return response.body().lines().toList();
	}

	/** The exemplar of the highest latency among the buckets of this URI, if any bucket has one. */
	static Optional<Exemplar> slowest(List<String> openMetrics) {
		return openMetrics.stream()
			.map(BUCKET_WITH_EXEMPLAR::matcher)
			.filter(Matcher::matches)
			.filter((line) -> line.group("labels").contains("uri=\"" + URI_TAG + "\""))
			.map((line) -> {
				Matcher traceId = TRACE_ID.matcher(line.group("exemplar"));
				Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(line.group("labels"));
				return (traceId.find() && le.find())
						? new Exemplar(traceId.group(1), Double.parseDouble(line.group("value")), le.group(1)) : null;
			})
			.filter((exemplar) -> exemplar != null)
			.max(Comparator.comparingDouble(Exemplar::seconds));
	}

	/** One exemplar: the trace of one observed request, its duration and the bucket it was counted in. */
	record Exemplar(String traceId, double seconds, String le) {
	}

}
