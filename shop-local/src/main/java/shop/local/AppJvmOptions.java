package shop.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options of every application of the local shop, from {@value #RESOURCE}: the launcher, the system tests and
 * the benchmark scripts read the one file, so what is tested and measured is what runs (the file says why each option
 * is there).
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
		try (InputStream in = AppJvmOptions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing from the classpath");
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
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
