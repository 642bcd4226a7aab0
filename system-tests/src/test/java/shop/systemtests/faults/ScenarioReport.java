package shop.systemtests.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One scenario's figures: the {@code FAULT-SCENARIO} line the suite prints, and its row in the markdown summary that
 * the README's reliability section shows.
 *
 * @param number the scenario's number in issue 5
 * @param name what was done
 * @param result the invariants' figures and violations
 * @param redeliveries events the consumers received again after applying them, and skipped
 * @param recovery from clearing the fault until every acknowledged order was final and every outbox empty
 * @param extra scenario-specific figures, e.g. how many events the outbox carried over a crash
 */
record ScenarioReport(int number, String name, Invariants.Result result, long redeliveries, Duration recovery,
		Map<String, String> extra) {

	ScenarioReport {
		extra = Map.copyOf(extra);
	}

	String line() {
		Invariants.Result r = this.result;
		String more = this.extra.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((e) -> " " + e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining());
		return String.format(Locale.ROOT,
				"FAULT-SCENARIO %d %s: sent=%d acked=%d refused=%d confirmed=%d rejected=%d lost=%d duplicated=%d stockDrift=%d "
						+ "redeliveriesAbsorbed=%d deadLetters=%d recoverySeconds=%.1f requests=%d%s%s",
				this.number, this.name, r.sent(), r.acked(), r.refused(), r.confirmed(), r.rejected(), r.lost(), r.duplicated(),
				r.stockDrift(), this.redeliveries, r.deadLetters(), this.recovery.toMillis() / 1000.0, r.requests(),
				more, r.violations().isEmpty() ? "" : " VIOLATIONS=" + r.violations().size());
	}

	static String markdown(List<ScenarioReport> reports) {
		StringBuilder table = new StringBuilder(
				"| # | scenario | sent | acked | refused | confirmed | rejected | lost | duplicated | stock drift | redeliveries "
						+ "absorbed | dead letters | recovery s |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (ScenarioReport report : reports) {
			Invariants.Result r = report.result();
			table.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f |%n",
					report.number(), report.name(), r.sent(), r.acked(), r.refused(), r.confirmed(), r.rejected(), r.lost(),
					r.duplicated(), r.stockDrift(), report.redeliveries(), r.deadLetters(),
					report.recovery().toMillis() / 1000.0));
		}
		return table.toString();
	}

}
