package shop.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback that can black-hole its traffic, as a network partition would: while black-holed it
 * accepts no new connection (the kernel's small backlog fills, then connection attempts time out) and forwards
 * nothing in either direction, yet closes no socket, so clients meet timeouts, not refusals. Needs no privileges
 * (no iptables), so it works the same as root and not. Once restored, it forwards again what was held.
 */
public final class TcpProxy implements AutoCloseable {

	/** Small, so that attempts beyond a handful time out instead of waiting in the queue. */
	private static final int BACKLOG = 4;

	private final ServerSocket server;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object gate = new Object();

	private volatile boolean blackHoled;

	private volatile boolean closed;

	private TcpProxy(ServerSocket server, int targetPort) {
		this.server = server;
		this.targetPort = targetPort;
	}

	/**
	 * Listens on loopback and forwards each connection to {@code 127.0.0.1:<targetPort>}.
	 * @param port where to listen, 0 for a free port
	 * @param targetPort where to forward
	 * @return the running proxy
	 */
	public static TcpProxy start(int port, int targetPort) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
			TcpProxy proxy = new TcpProxy(server, targetPort);
			daemon("tcp-proxy-accept-" + server.getLocalPort(), proxy::acceptLoop).start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, ex);
		}
	}

	/** The port it listens on. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** The port it forwards to. */
	public int targetPort() {
		return this.targetPort;
	}

	/** From now on nothing new is accepted and nothing is forwarded; every socket stays open. */
	public void blackHole() {
		this.blackHoled = true;
	}

	/** Accepts and forwards again, starting with whatever was held. */
	public void restore() {
		synchronized (this.gate) {
			this.blackHoled = false;
			this.gate.notifyAll();
		}
	}

	public boolean isBlackHoled() {
		return this.blackHoled;
	}

	@Override
	public void close() {
		this.closed = true;
		restore();
		closeQuietly(this.server);
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				awaitOpen();
				Socket client = this.server.accept();
				if (!this.closed) {
					connect(client);
				}
			}
			catch (IOException ex) {
				// Closed, or one failed accept: the loop ends only when the proxy is closed.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void connect(Socket client) {
		Socket upstream = new Socket();
		try {
			upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 5000);
		}
		catch (IOException ex) {
			// Nothing listens behind the proxy (the broker is down): the client sees its connection closed.
			closeQuietly(client);
			closeQuietly(upstream);
			return;
		}
		this.sockets.add(client);
		this.sockets.add(upstream);
		daemon("tcp-proxy-up-" + client.getPort(), () -> pump(client, upstream)).start();
		daemon("tcp-proxy-down-" + client.getPort(), () -> pump(upstream, client)).start();
	}

	/** Copies one direction until either side closes; then closes both, as a real connection ends. */
	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			while (true) {
				awaitOpen();
				int read = in.read(buffer);
				if (read < 0) {
					break;
				}
				// Read before the fault went in, written after it is cleared: the bytes are held, not dropped.
				awaitOpen();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side went away.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private void awaitOpen() throws InterruptedException {
		synchronized (this.gate) {
			while (this.blackHoled && !this.closed) {
				this.gate.wait();
			}
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing anyway.
		}
	}

}
