package shop.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP server on loopback that plays a broken service: it reads each request (head and body) and closes the
 * connection without answering, until {@link #heal()} makes it answer 200. It records every request it read, so a
 * test can count the gateway's attempts.
 */
public final class BreakingBackend implements AutoCloseable {

	public record Attempt(String method, String path, String idempotencyKey, int bodyLength) {
	}

	private final ServerSocket socket;

	private volatile boolean healthy;

	public final List<Attempt> attempts = new CopyOnWriteArrayList<>();

	public BreakingBackend() {
		try {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "breaking-backend");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public String uri() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	/** From now on, answer 200. */
	public void heal() {
		this.healthy = true;
	}

	public long attemptsAt(String method, String path) {
		return this.attempts.stream().filter((a) -> a.method().equals(method) && a.path().equals(path)).count();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				Thread handler = new Thread(() -> serve(connection), "breaking-backend-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			InputStream in = new BufferedInputStream(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			while (true) {
				String head = readHead(in);
				if (head == null) {
					return;
				}
				String[] lines = head.split("\r\n");
				String[] requestLine = lines[0].split(" ");
				String key = null;
				int length = 0;
				for (String line : lines) {
					String lower = line.toLowerCase(Locale.ROOT);
					if (lower.startsWith("idempotency-key:")) {
						key = line.substring(line.indexOf(':') + 1).trim();
					}
					if (lower.startsWith("content-length:")) {
						length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
					}
				}
				in.readNBytes(length);
				String path = requestLine[1].split("\\?")[0];
				this.attempts.add(new Attempt(requestLine[0], path, key, length));
				if (!this.healthy) {
					return; // close without a word
				}
				byte[] body = "{\"servedBy\":\"healed\"}".getBytes(StandardCharsets.UTF_8);
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
						+ "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.write(body);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the gateway went away: nothing to record
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		int b;
		while ((b = in.read()) != -1) {
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			if (matched == 4) {
				return head.toString(StandardCharsets.US_ASCII);
			}
		}
		return null;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
