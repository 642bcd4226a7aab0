package shop.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository the deployment files live in, and YAML reading the way the tests need it
 * (plain maps and lists).
 */
final class Repository {

	private static final Path ROOT = findRoot();

	private Repository() {
	}

	/**
	 * The reactor root: {@code shop.repository.root} (set by the build), else the nearest
	 * shop-parent POM above.
	 */
	static Path root() {
		return ROOT;
	}

	static Path path(String relative) {
		return ROOT.resolve(relative);
	}

	static String read(String relative) {
		return read(path(relative));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every document of a YAML text, each a map (empty documents are skipped). */
	static List<Map<String, Object>> yamlDocuments(String text) {
		// SafeConstructor: plain maps, lists and scalars, never arbitrary classes. Merge
		// keys (<<) are resolved.
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : yaml.loadAll(text)) {
			if (document != null) {
				documents.add(Yamls.map(document, "document"));
			}
		}
		return documents;
	}

	static Map<String, Object> yaml(String relative) {
		List<Map<String, Object>> documents = yamlDocuments(read(relative));
		if (documents.size() != 1) {
			throw new AssertionError(relative + " should hold one YAML document, has " + documents.size());
		}
		return documents.get(0);
	}

	/** Modules listed in the root POM. */
	static List<String> modules() {
		Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
		List<String> modules = new ArrayList<>();
		while (matcher.find()) {
			modules.add(matcher.group(1).trim());
		}
		return modules;
	}

	private static Path findRoot() {
		String configured = System.getProperty("shop.repository.root");
		Path start = (configured != null) ? Path.of(configured) : Path.of("").toAbsolutePath();
		for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
			Path pom = dir.resolve("pom.xml");
			if (Files.isRegularFile(pom) && read(pom).contains("<artifactId>shop-parent</artifactId>")
					&& Files.isDirectory(dir.resolve("k8s"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No shop repository root at or above " + start);
	}

}
