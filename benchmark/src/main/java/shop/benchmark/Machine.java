package shop.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The facts a report needs to be read fairly: cores, memory, load, the JDK, the date. */
record Machine(int cores, long memoryKib, String os, String jdk, String loadAverage, Instant date) {

	private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s+kB");

	static Machine now() {
		return new Machine(Runtime.getRuntime().availableProcessors(),
				memTotalKib(read("/proc/meminfo")).orElse(Runtime.getRuntime().maxMemory() / 1024),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				loadAverage(read("/proc/loadavg")), Instant.now());
	}

	/** The same machine with the load average read again (at the end of the run). */
	Machine withLoadAverageNow() {
		return new Machine(this.cores, this.memoryKib, this.os, this.jdk,
				this.loadAverage + " → " + loadAverage(read("/proc/loadavg")), this.date);
	}

	static OptionalLong memTotalKib(String meminfo) {
		Matcher matcher = MEM_TOTAL.matcher(meminfo);
		return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
	}

	/** The 1, 5 and 15 minute load averages from /proc/loadavg. */
	static String loadAverage(String loadavg) {
		String[] fields = loadavg.trim().split("\\s+");
		return (fields.length >= 3) ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
	}

	private static String read(String file) {
		try {
			return Files.readString(Path.of(file));
		}
		catch (IOException ex) {
			return "";
		}
	}

}
