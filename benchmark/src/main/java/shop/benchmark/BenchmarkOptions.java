package shop.benchmark;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run the benchmark. Defaults suit a full run against {@code ./shop-local/run}; {@link #smoke} is the CI size.
 * {@code g1Rate} 0 means half the direct knee (as issue 8 asks), or 100 req/s when the knee search is skipped.
 */
public record BenchmarkOptions(URI gateway, URI direct, String productId, double g1Rate, Duration warmUp,
		Duration duration, Duration slice, double kneeStart, double kneeFactor, int kneeSteps, Duration kneeStepDuration,
		Map<String, Integer> processPorts, Duration timeout, Path output, String command, OrderOptions orders,
		TracingOptions tracing) {

	/** The shop's processes by name and port, as ./shop-local/run starts them. */
	static final Map<String, Integer> LOCAL_SHOP_PORTS = localShopPorts();

	public static BenchmarkOptions defaults() {
		return new BenchmarkOptions(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8082"), null, 0,
				Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(2), 50, 1.5, 12,
				Duration.ofSeconds(6), LOCAL_SHOP_PORTS, Duration.ofSeconds(5),
				Path.of("benchmark/target/benchmark-report.md"), "./benchmark/run", OrderOptions.defaults(),
				TracingOptions.defaults());
	}

	/** CI size: 20 req/s for 10 s per target after 5 s of warm-up, a knee search of two short steps. */
	public static BenchmarkOptions smoke(URI gateway, URI direct, String productId, Path output, String command) {
		return new BenchmarkOptions(gateway, direct, productId, 20, Duration.ofSeconds(5), Duration.ofSeconds(10),
				Duration.ofSeconds(2), 20, 2, 2, Duration.ofSeconds(4), Map.of(), Duration.ofSeconds(5), output,
				command, OrderOptions.defaults().smoke(), TracingOptions.defaults().smoke());
	}

	/** Command-line flags over the defaults ({@code --smoke} first switches to the smoke sizes). */
	static BenchmarkOptions parse(String[] args) {
		BenchmarkOptions options = defaults();
		for (int i = 0; i < args.length; i++) {
			String flag = args[i];
			if (flag.equals("--smoke")) {
				options = smoke(options.gateway(), options.direct(), options.productId(), options.output(),
						options.command()).withProcessPorts(options.processPorts())
					.withOrders(options.orders().smoke())
					.withTracing(options.tracing().smoke());
				continue;
			}
			if (flag.equals("--help") || flag.equals("-h")) {
				throw new IllegalArgumentException(usage());
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("missing value after " + flag + "\n" + usage());
			}
			options = options.with(flag, args[++i]);
		}
		return options;
	}

	BenchmarkOptions withProcessPorts(Map<String, Integer> ports) {
		return new BenchmarkOptions(this.gateway, this.direct, this.productId, this.g1Rate, this.warmUp, this.duration,
				this.slice, this.kneeStart, this.kneeFactor, this.kneeSteps, this.kneeStepDuration, ports, this.timeout,
				this.output, this.command, this.orders, this.tracing);
	}

	public BenchmarkOptions withOrders(OrderOptions orders) {
		return new BenchmarkOptions(this.gateway, this.direct, this.productId, this.g1Rate, this.warmUp, this.duration,
				this.slice, this.kneeStart, this.kneeFactor, this.kneeSteps, this.kneeStepDuration, this.processPorts,
				this.timeout, this.output, this.command, orders, this.tracing);
	}

	public BenchmarkOptions withTracing(TracingOptions tracing) {
		return new BenchmarkOptions(this.gateway, this.direct, this.productId, this.g1Rate, this.warmUp, this.duration,
				this.slice, this.kneeStart, this.kneeFactor, this.kneeSteps, this.kneeStepDuration, this.processPorts,
				this.timeout, this.output, this.command, this.orders, tracing);
	}

	public BenchmarkOptions withCommand(String command) {
		return new BenchmarkOptions(this.gateway, this.direct, this.productId, this.g1Rate, this.warmUp, this.duration,
				this.slice, this.kneeStart, this.kneeFactor, this.kneeSteps, this.kneeStepDuration, this.processPorts,
				this.timeout, this.output, command, this.orders, this.tracing);
	}

	private BenchmarkOptions with(String flag, String value) {
		OrderOptions orders = this.orders.with(flag, value);
		if (orders != null) {
			return withOrders(orders);
		}
		TracingOptions tracing = this.tracing.with(flag, value);
		if (tracing != null) {
			return withTracing(tracing);
		}
		URI gateway = this.gateway;
		URI direct = this.direct;
		String product = this.productId;
		double g1Rate = this.g1Rate;
		Duration warmUp = this.warmUp;
		Duration duration = this.duration;
		Duration slice = this.slice;
		double kneeStart = this.kneeStart;
		double kneeFactor = this.kneeFactor;
		int kneeSteps = this.kneeSteps;
		Duration kneeStep = this.kneeStepDuration;
		Map<String, Integer> ports = this.processPorts;
		Duration timeout = this.timeout;
		Path output = this.output;
		switch (flag) {
			case "--gateway" -> gateway = URI.create(value);
			case "--direct" -> direct = URI.create(value);
			case "--product" -> product = value;
			case "--rate" -> g1Rate = Double.parseDouble(value);
			case "--warmup" -> warmUp = seconds(value);
			case "--duration" -> duration = seconds(value);
			case "--slice" -> slice = seconds(value);
			case "--knee-start" -> kneeStart = Double.parseDouble(value);
			case "--knee-factor" -> kneeFactor = Double.parseDouble(value);
			case "--knee-steps" -> kneeSteps = Integer.parseInt(value);
			case "--knee-step" -> kneeStep = seconds(value);
			case "--processes" -> ports = ports(value);
			case "--timeout" -> timeout = seconds(value);
			case "--output" -> output = Path.of(value);
			default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + usage());
		}
		return new BenchmarkOptions(gateway, direct, product, g1Rate, warmUp, duration, slice, kneeStart, kneeFactor,
				kneeSteps, kneeStep, ports, timeout, output, this.command, this.orders, this.tracing);
	}

	static String usage() {
		return """
				usage: ./benchmark/run [--smoke] [options]   (durations in seconds)
				  --gateway URL        the gateway (http://127.0.0.1:8080)
				  --direct URL         product-service itself (http://127.0.0.1:8082)
				  --product ID         the product to GET (default: the first of the catalog)
				  --rate N             G1 rate in req/s (default: half the direct knee)
				  --warmup S           warm-up per target before G1 (20)
				  --duration S         G1 measured time per target (30)
				  --slice S            length of one interleaved slice (2)
				  --knee-start N       first rate of the knee search (50)
				  --knee-factor F      rate multiplier per step (1.5)
				  --knee-steps N       most steps; 0 skips the search (12)
				  --knee-step S        measured time per target per step (6)
				  --processes a=P,...  processes to watch, by listening port
				                       (api-gateway=8080,user-service=8081,product-service=8082,order-service=8083)
				  --timeout S          request timeout (5)
				  --output FILE        report file (benchmark/target/benchmark-report.md)
				  --smoke              CI size: 20 req/s, 5 s warm-up, 10 s per target, 2 knee steps; orders smaller
				                       too; no G8, no G10
				""" + OrderOptions.usage() + TracingOptions.usage();
	}

	static Duration seconds(String value) {
		return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
	}

	static Map<String, Integer> ports(String value) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (String pair : value.split(",")) {
			String[] parts = pair.trim().split("=", 2);
			if (parts.length != 2) {
				throw new IllegalArgumentException("--processes wants name=port pairs, got '" + pair + "'");
			}
			ports.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
		}
		return ports;
	}

	private static Map<String, Integer> localShopPorts() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put("api-gateway", 8080);
		ports.put("user-service", 8081);
		ports.put("product-service", 8082);
		ports.put("order-service", 8083);
		return ports;
	}

}
