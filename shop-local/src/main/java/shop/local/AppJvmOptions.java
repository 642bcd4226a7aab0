package shop.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options of every application of the local shop, from {@value #RESOURCE}, and an application's own after them
 * from {@code shop/local/<module>-jvm.options} where it has one: the launcher, the system tests and the benchmark
 * scripts read these files, so what is tested and measured is what runs (the files say why each option is there).
 */
public final class AppJvmOptions {

	/** Where the options live, on the classpath and under {@code shop-local/src/main/resources}. */
	public static final String RESOURCE = "shop/local/app-jvm.options";

	private AppJvmOptions() {
	}

	/**
	 * The options of the file.
	 * @return the options, in order
	 */
	public static List<String> defaults() {
		return read(RESOURCE).orElseThrow(() -> new IllegalStateException(RESOURCE + " is missing from the classpath"));
	}

	/**
	 * One application's own options, added after the shared ones: {@code shop/local/<module>-jvm.options} where there
	 * is such a file (the gateway has one), else none.
	 * @param module the application's module, e.g. {@code api-gateway}
	 * @return its options, in order
	 */
	public static List<String> ownOf(String module) {
		return read("shop/local/" + module + "-jvm.options").orElse(List.of());
	}

	/** The options of an options file on the classpath, empty when there is no such file. */
	private static Optional<List<String>> read(String resource) {
		try (InputStream in = AppJvmOptions.class.getClassLoader().getResourceAsStream(resource)) {
			return (in != null) ? Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
					: Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The options of a text in the file's format: comment lines (#) left out, the rest split on whitespace.
	 * @param text the file's content
	 * @return the options, in order
	 */
	static List<String> parse(String text) {
		return text.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.flatMap((line) -> Arrays.stream(line.split("\\s+")))
			.toList();
	}

}
