package shop.logging;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatTests {

	@Test
	void jsonMeansElasticCommonSchemaWhateverItsCase() {
		assertThat(formatFor("json")).isEqualTo("ecs");
		assertThat(formatFor(" JSON ")).isEqualTo("ecs");
	}

	@Test
	void textOrNothingMeansTheHumanReadablePattern() {
		assertThat(formatFor("text")).isEmpty();
		assertThat(formatFor("")).isEmpty();
	}

	@Test
	void bootsOwnFormatsPassAsTheyAre() {
		assertThat(formatFor("ecs")).isEqualTo("ecs");
		assertThat(formatFor("logstash")).isEqualTo("logstash");
		assertThat(formatFor("gelf")).isEqualTo("gelf");
	}

	@Test
	void leavesAnEnvironmentWithoutTheSwitchAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		int sources = environment.getPropertySources().size();

		new LogFormat().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty(LogFormat.PROPERTY)).isNull();
		assertThat(environment.getPropertySources().size()).isEqualTo(sources);
	}

	/** As an app's environment post-processor, after its configuration set the switch. */
	private static String formatFor(String configured) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml", Map.of(LogFormat.PROPERTY, configured)));
		new LogFormat().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty(LogFormat.PROPERTY);
	}

}
