package shop.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppJvmOptionsTests {

	@Test
	void leavesOutCommentsAndBlankLinesAndSplitsTheRestOnWhitespace() {
		String file = """
				# why the first
				-XX:+UseSerialGC   -Xss512k

				  # indented comment
				-Xmx160m
				""";

		assertThat(AppJvmOptions.parse(file)).containsExactly("-XX:+UseSerialGC", "-Xss512k", "-Xmx160m");
	}

	@Test
	void theShippedOptionsBoundTheHeapAndNameNoCommentAsAnOption() {
		assertThat(AppJvmOptions.defaults()).contains("-XX:+UseSerialGC", "-Xms64m")
			.anyMatch((option) -> option.startsWith("-Xmx"))
			.noneMatch((option) -> option.startsWith("#") || option.isBlank());
	}

	@Test
	void onlyTheGatewayHasOptionsOfItsOwn() {
		assertThat(AppJvmOptions.ownOf("api-gateway")).containsExactly("-XX:TieredStopAtLevel=4", "-Xmn28m",
				"-XX:SurvivorRatio=3", "-XX:TargetSurvivorRatio=90");
		assertThat(AppJvmOptions.ownOf("product-service")).isEmpty();
	}

}
