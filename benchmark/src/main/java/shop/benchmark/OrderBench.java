package shop.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * G4 and G5 against the running shop. G4: the knee of {@code POST /api/orders} through the gateway (accepted = 202),
 * beside pgbench running the same SQL on the same PostgreSQL just before and just after the search (A B A: the
 * machine's drift shows as the difference of the two pgbench runs). G5: orders at half that knee while
 * {@link EventWatch} times each order to its stock outcome on Kafka and a raw probe on the same broker. G8
 * ({@link OutageBench}) at the same rate when asked.
 */
public final class OrderBench {

	static final String ORDERS = "orders";

	private OrderBench() {
	}

	static Result run(OrderOptions options, URI gateway, HttpClient http, Duration timeout, Interleaved interleaved,
			List<WatchedProcess> processes) {
		ShopSetup setup = new ShopSetup(http, gateway, timeout);
		Benchmark.progress("orders: registering %d shoppers", options.shoppers());
		List<String> shoppers = setup.shoppers(options.shoppers());
		List<String> products = options.products();
		if (products.isEmpty()) {
			Benchmark.progress("orders: creating %d products as %s", options.productCount(), options.adminEmail());
			products = setup.products(options.productCount(), options.adminEmail(), options.adminPassword());
		}
		OrderLoad load = new OrderLoad(gateway, shoppers, products);
		Target orders = new Target(ORDERS, load);

		PgBench.Run before;
		PgBench.Run after;
		Benchmark.KneeRun knee;
		IdleCpu idle;
		try (PgBench pgbench = PgBench.prepare(options.postgres(), options.migrations())) {
			Benchmark.progress("G4: pgbench, %d clients, %d s", options.pgbenchClients(),
					options.pgbenchDuration().toSeconds());
			before = pgbench.run(options.pgbenchClients(), options.pgbenchDuration());
			Benchmark.progress("G4: order warm-up, %s orders/s for %d s", Report.number(options.kneeStart()),
					options.kneeStep().toSeconds());
			interleaved.warmUp(List.of(orders), options.kneeStart(), options.kneeStep());
			Benchmark.progress("G4: idle baseline, no load for %d s", options.kneeStep().toSeconds());
			idle = interleaved.idle(options.kneeStep());
			knee = Benchmark.searchKnees(interleaved, List.of(orders),
					KneeSearch.rates(options.kneeStart(), options.kneeFactor(), options.kneeSteps()),
					options.kneeStep(), "orders/s");
			Benchmark.progress("G4: pgbench again");
			after = pgbench.run(options.pgbenchClients(), options.pgbenchDuration());
		}

		KneeSearch.Knee orderKnee = knee.knees().get(ORDERS);
		double g5Rate = Math.max(1, Math.round(((orderKnee.rate() > 0) ? orderKnee.rate() : options.kneeStart()) / 2));
		Benchmark.progress("G5: %s orders/s for %d s, raw Kafka probe %s/s", Report.number(g5Rate),
				options.g5Duration().toSeconds(), Report.number(options.probeRate()));
		Map<String, Measurement> g5;
		EventWatch.Result events;
		try (EventWatch watch = new EventWatch(options.kafka())) {
			load.onAccepted(watch::accepted);
			watch.startProbe(options.probeRate());
			g5 = interleaved.run(List.of(orders), g5Rate, options.g5Duration());
			events = watch.finish(Duration.ofSeconds(15));
			load.onAccepted((order, nanos) -> {
			});
		}
		OutageBench.Result outage = null;
		if (options.outage().toMillis() > 0) {
			outage = OutageBench.run(interleaved, orders, load, OutageBench.productServices(processes), g5Rate,
					options.outage(), options.kafka());
		}
		return new Result(shoppers.size(), products.size(), knee.steps(), orderKnee, idle, before, after, g5Rate,
				g5.get(ORDERS), events, outage);
	}

	/**
	 * G4 and G5 of one run.
	 *
	 * @param shoppers shoppers the orders were spread over
	 * @param products products ordered
	 * @param kneeSteps the order rates tried
	 * @param knee the order knee
	 * @param idle what each process used with no load, measured for one step's time after the warm-up
	 * @param pgbenchBefore pgbench just before the knee search
	 * @param pgbenchAfter pgbench just after it
	 * @param g5Rate the G5 order rate
	 * @param g5Orders the order requests of the G5 window
	 * @param events what Kafka showed in that window
	 * @param outage G8, or null when skipped
	 */
	public record Result(int shoppers, int products, List<BenchmarkResult.KneeStep> kneeSteps, KneeSearch.Knee knee,
			IdleCpu idle, PgBench.Run pgbenchBefore, PgBench.Run pgbenchAfter, double g5Rate, Measurement g5Orders,
			EventWatch.Result events, OutageBench.Result outage) {

		public double pgbenchTps() {
			return (this.pgbenchBefore.tps() + this.pgbenchAfter.tps()) / 2;
		}

	}

}
