package shop.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The performance counters a HotSpot JVM publishes in {@code /tmp/hsperfdata_USER/PID} (what {@code jstat} and
 * {@code jcmd PerfCounter.print} read), parsed from the file: reading it costs the benchmark a file read per slice,
 * where starting {@code jstat} would cost a JVM start on the same two cores. Only the scalar {@code long} counters are
 * kept (GC counts and times, among others). Format: the JDK's {@code perfMemory.hpp} (prologue) and
 * {@code perfData.hpp} (entries), version 2.
 */
final class HsPerfData {

	private static final int MAGIC = 0xcafec0c0;

	private static final int PROLOGUE_ENTRY_OFFSET = 24;

	private static final int PROLOGUE_ENTRY_COUNT = 28;

	private HsPerfData() {
	}

	/** The scalar long counters of one JVM by name, e.g. {@code sun.gc.collector.1.invocations}. */
	static Map<String, Long> longCounters(ByteBuffer data) {
		ByteBuffer buffer = data.duplicate().order(ByteOrder.BIG_ENDIAN);
		if (buffer.getInt(0) != MAGIC) {
			throw new IllegalArgumentException("not a HotSpot performance data file");
		}
		// The magic is written byte by byte; the byte after it tells the order of everything else.
		buffer.order((buffer.get(4) == 0) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		int entry = buffer.getInt(PROLOGUE_ENTRY_OFFSET);
		int count = buffer.getInt(PROLOGUE_ENTRY_COUNT);
		Map<String, Long> counters = new LinkedHashMap<>();
		for (int i = 0; i < count && entry + 20 <= buffer.limit(); i++) {
			int length = buffer.getInt(entry);
			int nameOffset = buffer.getInt(entry + 4);
			int vectorLength = buffer.getInt(entry + 8);
			char type = (char) buffer.get(entry + 12);
			int dataOffset = buffer.getInt(entry + 16);
			if (length <= 0) {
				break;
			}
			if (vectorLength == 0 && type == 'J') {
				counters.put(name(buffer, entry + nameOffset), buffer.getLong(entry + dataOffset));
			}
			entry += length;
		}
		return counters;
	}

	/** The counters of a running JVM, or empty when it publishes none (-XX:-UsePerfData) or is gone. */
	static Optional<Map<String, Long>> read(long pid) {
		try {
			String user = Files.getOwner(Path.of("/proc", Long.toString(pid))).getName();
			Path file = Path.of(System.getProperty("shop.benchmark.hsperfdata", "/tmp"), "hsperfdata_" + user,
					Long.toString(pid));
			return Optional.of(longCounters(ByteBuffer.wrap(Files.readAllBytes(file))));
		}
		catch (IOException | IllegalArgumentException | IndexOutOfBoundsException ex) {
			return Optional.empty();
		}
	}

	private static String name(ByteBuffer buffer, int offset) {
		int end = offset;
		while (end < buffer.limit() && buffer.get(end) != 0) {
			end++;
		}
		byte[] bytes = new byte[end - offset];
		buffer.get(offset, bytes);
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
