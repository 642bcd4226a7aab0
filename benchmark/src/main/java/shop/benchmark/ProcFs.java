package shop.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Linux tells about a process in /proc, and which process listens on a port ({@code ss -ltnpH}): the parsing
 * is pure (tested on sample text), the reading returns empty when the process is gone or the file is not there.
 */
final class ProcFs {

	private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");

	private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

	private static final Pattern GC_FLAG = Pattern.compile("-XX:\\+Use(\\w+)GC");

	private ProcFs() {
	}

	/** VmRSS in KiB from the text of /proc/PID/status. */
	static OptionalLong rssKib(String status) {
		Matcher matcher = VM_RSS.matcher(status);
		return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
	}

	/**
	 * User plus system CPU time in clock ticks from the text of /proc/PID/stat: fields 14 and 15, counted after the
	 * command name, which is in parentheses and may itself hold spaces and parentheses.
	 */
	static long cpuTicks(String stat) {
		String[] fields = statFields(stat);
		// fields[0] is field 3 (state): utime (14) and stime (15) are 11 and 12 places on.
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** The fields of /proc/PID/stat from field 3 (state) on: after the command name, which may hold spaces. */
	private static String[] statFields(String stat) {
		return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
	}

	/** The parent pid (field 4) from the text of /proc/PID/stat. */
	static long parentPid(String stat) {
		return Long.parseLong(statFields(stat)[1]);
	}

	/** CPU ticks of the waited-for children (cutime + cstime, fields 16 and 17) from the text of /proc/PID/stat. */
	static long childCpuTicks(String stat) {
		String[] fields = statFields(stat);
		return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
	}

	/**
	 * What a tick counter advanced by between two readings, -1 when either reading had nothing to read (-1).
	 */
	static long ticksBetween(long before, long after) {
		return (before >= 0 && after >= 0) ? after - before : -1;
	}

	/**
	 * CPU ticks the whole machine spent busy (user, nice, system, irq, softirq, steal; not idle or iowait), summed over
	 * its CPUs, from the first line of /proc/stat; -1 where there is none.
	 */
	static long machineBusyTicks() {
		return read(Path.of("/proc/stat")).map(ProcFs::machineBusyTicks).orElse(-1L);
	}

	static long machineBusyTicks(String procStat) {
		String[] fields = procStat.lines().findFirst().orElse("").trim().split("\\s+");
		if (fields.length < 9 || !fields[0].equals("cpu")) {
			return -1;
		}
		long busy = 0;
		// user nice system idle iowait irq softirq steal: all but idle (4th) and iowait (5th).
		for (int field : new int[] { 1, 2, 3, 6, 7, 8 }) {
			busy += Long.parseLong(fields[field]);
		}
		return busy;
	}

	/**
	 * CPU ticks of the whole PostgreSQL server: every live {@code postgres} process, plus what the postmaster's exited
	 * children used (a backend that served pgbench has exited by the time pgbench returns; the postmaster reaped it).
	 * -1 when no PostgreSQL process is visible (another machine, or another user's processes hidden).
	 */
	static long postgresCpuTicks() {
		java.util.Map<Long, String> stats = new java.util.HashMap<>();
		try (java.util.stream.Stream<Path> dirs = Files.list(Path.of("/proc"))) {
			dirs.filter((dir) -> dir.getFileName().toString().matches("\\d+")).forEach((dir) -> {
				if (read(dir.resolve("comm")).map(String::trim).filter("postgres"::equals).isPresent()) {
					read(dir.resolve("stat")).ifPresent((stat) -> stats.put(Long.parseLong(dir.getFileName().toString()),
							stat));
				}
			});
		}
		catch (IOException ex) {
			return -1;
		}
		if (stats.isEmpty()) {
			return -1;
		}
		long ticks = 0;
		for (String stat : stats.values()) {
			ticks += cpuTicks(stat);
			if (!stats.containsKey(parentPid(stat))) {
				ticks += childCpuTicks(stat);
			}
		}
		return ticks;
	}

	/**
	 * The transport Reactor Netty uses in a process: epoll or io_uring when its native library is mapped into the
	 * process (/proc/PID/maps), else NIO.
	 */
	static String nettyTransport(String maps) {
		if (maps.contains("netty_transport_native_io_uring") || maps.contains("netty_transport_native_iouring")) {
			return "io_uring (native library mapped)";
		}
		if (maps.contains("netty_transport_native_epoll")) {
			return "epoll (native library mapped)";
		}
		return "NIO (no native transport library mapped)";
	}

	static java.util.Optional<String> readMaps(long pid) {
		return read(Path.of("/proc", Long.toString(pid), "maps"));
	}

	/** The arguments of /proc/PID/cmdline, which are NUL-separated. */
	static List<String> commandLine(byte[] cmdline) {
		List<String> args = new ArrayList<>();
		for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
			if (!arg.isEmpty()) {
				args.add(arg);
			}
		}
		return args;
	}

	/** The collector a JVM command line asks for, or that it leaves the choice to the JVM's ergonomics. */
	static String garbageCollector(List<String> commandLine) {
		String gc = null;
		for (String arg : commandLine) {
			Matcher matcher = GC_FLAG.matcher(arg);
			if (matcher.matches()) {
				gc = matcher.group(1);
			}
		}
		return (gc != null) ? gc : "JVM default (ergonomics)";
	}

	/**
	 * Where a JVM's class metadata comes from, by its command line: an application CDS archive or AOT cache (mapped from
	 * a file: less metaspace, 24 MB less RSS per idle service here), or only the JDK's own archive, as on the first start
	 * after a build, when the launcher has the JVM write the application's archive at exit. G6 depends on it.
	 */
	static String classData(List<String> commandLine) {
		for (String arg : commandLine) {
			if (arg.startsWith("-XX:AOTCache=")) {
				return "AOT cache";
			}
			if (arg.startsWith("-XX:SharedArchiveFile=")) {
				return "application CDS archive";
			}
			if (arg.startsWith("-XX:ArchiveClassesAtExit=") || arg.startsWith("-XX:AOTCacheOutput=")) {
				return "JDK's CDS only (writing the application's archive at exit)";
			}
			if (arg.equals("-Xshare:off")) {
				return "no CDS";
			}
		}
		return "JDK's CDS only";
	}

	/** The pid in the first line of {@code ss -ltnpH 'sport = :PORT'}, if ss could show it. */
	static OptionalLong listeningPid(String ssOutput) {
		Matcher matcher = SS_PID.matcher(ssOutput);
		return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
	}

	static OptionalLong readRssKib(long pid) {
		return read(Path.of("/proc", Long.toString(pid), "status")).map(ProcFs::rssKib).orElse(OptionalLong.empty());
	}

	static OptionalLong readCpuTicks(long pid) {
		return read(Path.of("/proc", Long.toString(pid), "stat")).map((stat) -> OptionalLong.of(cpuTicks(stat)))
			.orElse(OptionalLong.empty());
	}

	static List<String> readCommandLine(long pid) {
		try {
			return commandLine(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	/** The process listening on a local TCP port, found with {@code ss} (iproute2). */
	static OptionalLong pidListeningOn(int port) {
		try {
			Process ss = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
			String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			ss.waitFor();
			return listeningPid(output);
		}
		catch (IOException ex) {
			return OptionalLong.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return OptionalLong.empty();
		}
	}

	/** Clock ticks per second of the CPU times in /proc/PID/stat ({@code getconf CLK_TCK}; 100 on Linux). */
	static long clockTicksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			getconf.waitFor();
			return Long.parseLong(output);
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	private static java.util.Optional<String> read(Path file) {
		try {
			return java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return java.util.Optional.empty();
		}
	}

}
