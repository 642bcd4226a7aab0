package shop.benchmark;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything one run measured, for {@link Report} and for tests that check the run; {@code orders} is null when G4 and
 * G5 were switched off, {@code tracing} when G10 was.
 */
public record BenchmarkResult(Machine machine, BenchmarkOptions options, String productId,
		List<ProcessFacts> processes, long clockTicksPerSecond, double g1Rate, Map<String, Measurement> g1,
		List<KneeStep> kneeSteps, KneeSearch.Knee gatewayKnee, KneeSearch.Knee directKnee,
		Map<String, OptionalLong> rssKib, ShopFacts shopFacts, OrderBench.Result orders,
		TracingBench.Result tracing) {

	static final String GATEWAY = "gateway";

	static final String DIRECT = "direct";

	/** A watched process with what its command line says: the java it runs and the collector. */
	public record ProcessFacts(WatchedProcess process, String java, String gc, String classData) {
	}

	/**
	 * One rate of the knee search, with the targets still in the search at that rate; {@code retry} when it measures
	 * again the targets that failed the first time.
	 */
	public record KneeStep(double rate, boolean retry, Map<String, Measurement> measurements) {

		public KneeStep {
			measurements = Collections.unmodifiableMap(new LinkedHashMap<>(measurements));
		}
	}

}
