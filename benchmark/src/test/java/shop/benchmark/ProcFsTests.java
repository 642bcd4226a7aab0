package shop.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcFsTests {

	@Test
	void readsVmRssFromStatus() {
		String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  245760 kB\nRssAnon:\t  200000 kB\n";
		assertThat(ProcFs.rssKib(status)).hasValue(245760);
		assertThat(ProcFs.rssKib("Name:\tkthreadd\n")).isEmpty();
	}

	@Test
	void addsUserAndSystemTicksFromStatEvenWhenTheNameHoldsSpacesAndParentheses() {
		String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1500 250 3 4 20 0 40 0 123 "
				+ "4000000000 61440 18446744073709551615";
		assertThat(ProcFs.cpuTicks(stat)).isEqualTo(1750);
	}

	@Test
	void readsTheParentAndTheReapedChildrensTicksFromStat() {
		String stat = "4242 (postgres) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1500 250 300 40 20 0 40 0 123 "
				+ "4000000000 61440 18446744073709551615";
		assertThat(ProcFs.parentPid(stat)).isEqualTo(1);
		assertThat(ProcFs.childCpuTicks(stat)).isEqualTo(340);
	}

	@Test
	void tellsTheNettyTransportFromTheMappedLibraries() {
		String epoll = "7f00-7f10 r-xp 0 08:01 1 /tmp/libnetty_transport_native_epoll_x86_6412345.so\n";
		assertThat(ProcFs.nettyTransport(epoll)).startsWith("epoll");
		assertThat(ProcFs.nettyTransport("7f00-7f10 r-xp 0 08:01 1 /usr/lib/jvm/lib/libnio.so\n")).startsWith("NIO");
	}

	@Test
	void splitsTheCommandLineAndFindsTheCollector() {
		List<String> args = ProcFs.commandLine(
				"/usr/lib/jvm/java-17/bin/java\0-XX:TieredStopAtLevel=1\0-XX:+UseSerialGC\0-jar\0app.jar\0"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(args).containsExactly("/usr/lib/jvm/java-17/bin/java", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-jar", "app.jar");
		assertThat(ProcFs.garbageCollector(args)).isEqualTo("Serial");
		assertThat(ProcFs.garbageCollector(List.of("java", "-XX:+UseG1GC", "-XX:+UseZGC"))).isEqualTo("Z");
		assertThat(ProcFs.garbageCollector(List.of("java", "-jar", "app.jar"))).startsWith("JVM default");
	}

	@Test
	void readsTheMachinesBusyTicksFromProcStat() {
		String stat = "cpu  1000 20 300 9000 50 7 8 5 0 0\ncpu0 500 10 150 4500 25 3 4 2 0 0\n";
		// user + nice + system + irq + softirq + steal; idle and iowait are not busy.
		assertThat(ProcFs.machineBusyTicks(stat)).isEqualTo(1000 + 20 + 300 + 7 + 8 + 5);
		assertThat(ProcFs.machineBusyTicks("intr 1 2 3\n")).isEqualTo(-1);
	}

	@Test
	void takesATickDifferenceOnlyWhenBothReadingsHadSomethingToRead() {
		assertThat(ProcFs.ticksBetween(100, 160)).isEqualTo(60);
		assertThat(ProcFs.ticksBetween(-1, 160)).isEqualTo(-1);
		assertThat(ProcFs.ticksBetween(100, -1)).isEqualTo(-1);
		assertThat(ProcFs.ticksBetween(-1, -1)).isEqualTo(-1);
	}

	@Test
	void tellsWhereAJvmsClassMetadataComesFrom() {
		assertThat(ProcFs.classData(List.of("java", "-XX:SharedArchiveFile=/x/application.jsa", "-jar", "app.jar")))
			.isEqualTo("application CDS archive");
		assertThat(ProcFs.classData(List.of("java", "-XX:AOTCache=app.aot", "-jar", "app.jar"))).isEqualTo("AOT cache");
		assertThat(ProcFs.classData(List.of("java", "-XX:ArchiveClassesAtExit=/x/a.jsa.new", "-jar", "app.jar")))
			.startsWith("JDK's CDS only (writing");
		assertThat(ProcFs.classData(List.of("java", "-Xshare:off", "-jar", "app.jar"))).isEqualTo("no CDS");
		assertThat(ProcFs.classData(List.of("java", "-jar", "app.jar"))).isEqualTo("JDK's CDS only");
	}

	@Test
	void findsThePidOfTheListenerInSsOutput() {
		String ss = "LISTEN 0      100                *:8082             *:*    users:((\"java\",pid=91234,fd=12))\n";
		assertThat(ProcFs.listeningPid(ss)).hasValue(91234);
		assertThat(ProcFs.listeningPid("LISTEN 0 100 *:8082 *:*\n")).isEmpty();
	}

	@Test
	void readsThisProcessFromProc() {
		long pid = ProcessHandle.current().pid();
		assertThat(ProcFs.readRssKib(pid).orElseThrow()).isPositive();
		assertThat(ProcFs.readCpuTicks(pid)).isPresent();
		assertThat(ProcFs.readCommandLine(pid).get(0)).contains("java");
		assertThat(ProcFs.readRssKib(Long.MAX_VALUE)).isEmpty();
	}

}
