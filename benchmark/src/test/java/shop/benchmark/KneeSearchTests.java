package shop.benchmark;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KneeSearchTests {

	@Test
	void passesBelow200MillisecondsP99AndAtMostOnePercentErrors() {
		assertThat(KneeSearch.passes(199.9, 0.01)).isTrue();
		assertThat(KneeSearch.passes(200, 0)).isFalse();
		assertThat(KneeSearch.passes(5, 0.0101)).isFalse();
	}

	@Test
	void stepsTheRateUpGeometrically() {
		assertThat(KneeSearch.rates(50, 1.5, 4)).containsExactly(50.0, 75.0, 113.0, 169.0);
		assertThat(KneeSearch.rates(20, 2, 0)).isEmpty();
	}

	@Test
	void theKneeIsTheLastPassingRateBeforeTheFirstFailure() {
		KneeSearch.Knee knee = KneeSearch.knee(List.of(new KneeSearch.Step(50, true), new KneeSearch.Step(75, true),
				new KneeSearch.Step(113, false)));
		assertThat(knee.rate()).isEqualTo(75);
		assertThat(knee.lowerBound()).isFalse();
		assertThat(knee.describe(50)).isEqualTo("75");
	}

	@Test
	void aSearchThatNeverFailedGivesOnlyALowerBound() {
		KneeSearch.Knee knee = KneeSearch.knee(List.of(new KneeSearch.Step(20, true), new KneeSearch.Step(40, true)));
		assertThat(knee.rate()).isEqualTo(40);
		assertThat(knee.lowerBound()).isTrue();
		assertThat(knee.describe(20)).isEqualTo("≥ 40");
	}

	@Test
	void aFirstStepThatFailsPutsTheKneeBelowIt() {
		KneeSearch.Knee knee = KneeSearch.knee(List.of(new KneeSearch.Step(50, false)));
		assertThat(knee.rate()).isZero();
		assertThat(knee.describe(50)).isEqualTo("< 50");
	}

	@Test
	void narrowsTheStepBetweenTheLastPassAndTheFirstFailureGeometrically() {
		List<KneeSearch.Step> steps = new ArrayList<>(List.of(new KneeSearch.Step(380, true),
				new KneeSearch.Step(570, false)));
		assertThat(KneeSearch.between(steps)).hasValue(465);
		steps.add(new KneeSearch.Step(465, true));
		assertThat(KneeSearch.between(steps)).hasValue(515);
		steps.add(new KneeSearch.Step(515, false));
		assertThat(KneeSearch.between(steps)).hasValue(489);
		steps.add(new KneeSearch.Step(489, true));
		// 515 is within 10 % of 489: close enough.
		assertThat(KneeSearch.between(steps)).isEmpty();
		KneeSearch.Knee knee = KneeSearch.knee(steps);
		assertThat(knee.rate()).isEqualTo(489);
		assertThat(knee.lowerBound()).isFalse();
		assertThat(knee.steps()).isEqualTo(5);
	}

	@Test
	void narrowsNothingWithoutBothAPassAndAFailure() {
		assertThat(KneeSearch.between(List.of(new KneeSearch.Step(20, true), new KneeSearch.Step(30, true))))
			.isEmpty();
		assertThat(KneeSearch.between(List.of(new KneeSearch.Step(50, false)))).isEmpty();
		assertThat(KneeSearch.between(List.of())).isEmpty();
	}

	@Test
	void aRateBetweenThatFailsLowersTheKnee() {
		KneeSearch.Knee knee = KneeSearch.knee(List.of(new KneeSearch.Step(50, true), new KneeSearch.Step(75, true),
				new KneeSearch.Step(113, false), new KneeSearch.Step(92, false), new KneeSearch.Step(83, true)));
		assertThat(knee.rate()).isEqualTo(83);
	}

	@Test
	void theRatioOfKneesSaysWhenItIsOnlyABound() {
		KneeSearch.Knee gateway = new KneeSearch.Knee(75, false, 3);
		assertThat(Report.kneeRatio(gateway, new KneeSearch.Knee(150, false, 4))).isEqualTo("0.50 (missed)");
		assertThat(Report.kneeRatio(gateway, new KneeSearch.Knee(150, true, 4)))
			.isEqualTo("≤ 0.50 (the direct search ran out of steps)");
		assertThat(Report.kneeRatio(new KneeSearch.Knee(0, false, 1), gateway)).startsWith("not measurable");
	}

}
