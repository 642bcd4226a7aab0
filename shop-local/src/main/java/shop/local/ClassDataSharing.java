package shop.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A faster JVM start for the launcher's applications, the way Spring Boot documents it. The exec jar is extracted once
 * ({@code java -Djarmode=tools -jar app.jar extract}): classes then load from plain jars instead of nested ones. And
 * a class data sharing (CDS) archive is written when an application exits normally and used by every later start; it
 * holds the parsed and verified classes. On two cores the two together take a service from about 14 s to about 6 s
 * when it starts alone. A rebuilt jar or another JVM gets a fresh extraction and archive.
 */
final class ClassDataSharing {

	static final String ARCHIVE = "application.jsa";

	private static final String SOURCE = "source.txt";

	/** Exit codes of a JVM that ended normally: by itself, or on SIGINT or SIGTERM through its shutdown hooks. */
	private static final Set<Integer> NORMAL_EXITS = Set.of(0, 130, 143);

	private ClassDataSharing() {
	}

	/**
	 * How to start one application instance.
	 *
	 * @param jar the extracted application jar to run with {@code -jar}
	 * @param jvmOptions the CDS options: use the archive, or write one at exit
	 * @param pendingArchive the archive being written by this instance, null when it uses one
	 * @param archive where a finished archive belongs
	 */
	record Launch(Path jar, List<String> jvmOptions, Path pendingArchive, Path archive) {

		boolean training() {
			return this.pendingArchive != null;
		}

	}

	/**
	 * Extracts the exec jar into {@code cacheDir} unless that already holds this very jar's extraction.
	 * @param execJar the Spring Boot exec jar
	 * @param cacheDir a directory for this application alone
	 * @param jvmOptions the options the application runs with (an archive only fits the options it was made with)
	 * @return the extracted directory
	 */
	static Path extract(Path execJar, Path cacheDir, List<String> jvmOptions) {
		try {
			String source = String.join("\n", execJar.toAbsolutePath().toString(), Long.toString(Files.size(execJar)),
					Long.toString(Files.getLastModifiedTime(execJar).toMillis()), System.getProperty("java.vm.version"),
					System.getProperty("java.home"), String.join(" ", jvmOptions));
			Path stamp = cacheDir.resolve(SOURCE);
			if (Files.exists(stamp) && Files.readString(stamp).equals(source)
					&& Files.exists(cacheDir.resolve(execJar.getFileName()))) {
				return cacheDir;
			}
			deleteRecursively(cacheDir);
			Files.createDirectories(cacheDir.getParent());
			Path log = cacheDir.getParent().resolve(cacheDir.getFileName() + "-extract.log");
			Process extract = new ProcessBuilder(Processes.javaExecutable(), "-Djarmode=tools", "-jar",
					execJar.toString(), "extract", "--destination", cacheDir.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
				extract.destroyForcibly();
				throw new IllegalStateException("Could not extract " + execJar + ":\n" + Processes.tail(log, 20));
			}
			Files.writeString(stamp, source);
			Files.deleteIfExists(log);
			return cacheDir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The jar and options for one instance: the archive when there is one, else write one at exit (each instance
	 * into its own file, so that two instances never write the same one).
	 * @param extracted what {@link #extract} returned
	 * @param execJar the exec jar it came from
	 * @param instance the instance name, e.g. {@code product-service#2}
	 * @return how to launch it
	 */
	static Launch launch(Path extracted, Path execJar, String instance) {
		Path jar = extracted.resolve(execJar.getFileName());
		Path archive = extracted.resolve(ARCHIVE);
		if (Files.exists(archive)) {
			return new Launch(jar, List.of("-XX:SharedArchiveFile=" + archive), null, archive);
		}
		Path pending = extracted.resolve(instance.replace('#', '-') + ".jsa.new");
		return new Launch(jar, List.of("-XX:ArchiveClassesAtExit=" + pending), pending, archive);
	}

	/**
	 * After an instance stopped: keeps the archive it wrote when it ended normally, else throws it away (a JVM
	 * killed while writing leaves a partial file).
	 * @param launch how it was launched
	 * @param exitCode how it ended
	 * @return whether an archive was kept
	 */
	static boolean settle(Launch launch, int exitCode) {
		if (!launch.training()) {
			return false;
		}
		try {
			if (NORMAL_EXITS.contains(exitCode) && Files.exists(launch.pendingArchive())
					&& Files.size(launch.pendingArchive()) > 0) {
				Files.move(launch.pendingArchive(), launch.archive(), StandardCopyOption.REPLACE_EXISTING,
						StandardCopyOption.ATOMIC_MOVE);
				return true;
			}
			Files.deleteIfExists(launch.pendingArchive());
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		List<Path> all;
		try (Stream<Path> walk = Files.walk(dir)) {
			all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
		}
		for (Path path : all) {
			Files.delete(path);
		}
	}

}
