package shop.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TcpProxyTests {

	private ServerSocket echo;

	private TcpProxy proxy;

	private final List<Socket> clients = new ArrayList<>();

	@BeforeEach
	void startEchoServerBehindAProxy() throws IOException {
		this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread server = new Thread(() -> {
			while (!this.echo.isClosed()) {
				try {
					Socket socket = this.echo.accept();
					new Thread(() -> {
						try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
							in.transferTo(out);
						}
						catch (IOException ex) {
							// Client gone.
						}
					}).start();
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		server.setDaemon(true);
		server.start();
		this.proxy = TcpProxy.start(0, this.echo.getLocalPort());
	}

	@AfterEach
	void close() throws IOException {
		for (Socket client : this.clients) {
			client.close();
		}
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void forwardsBothWays() throws IOException {
		Socket client = connect(2000);

		assertThat(roundTrip(client, "ping", 2000)).isEqualTo("ping");
	}

	@Test
	void blackHoledItForwardsNothingAndClosesNothingThenDeliversWhatItHeld() throws IOException {
		Socket client = connect(2000);
		roundTrip(client, "a", 2000);

		this.proxy.blackHole();
		client.getOutputStream().write("held".getBytes());
		client.setSoTimeout(500);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> client.getInputStream().read());

		this.proxy.restore();
		client.setSoTimeout(2000);
		assertThat(new String(client.getInputStream().readNBytes(4))).isEqualTo("held");
	}

	@Test
	void blackHoledItAcceptsNothingSoNewClientsTimeOutInsteadOfBeingRefused() throws IOException {
		this.proxy.blackHole();
		// The few connections the kernel queues get no answer; those beyond its backlog cannot even connect.
		boolean timedOut = false;
		for (int i = 0; i < 20 && !timedOut; i++) {
			try {
				Socket client = connect(300);
				client.getOutputStream().write("x".getBytes());
				client.setSoTimeout(100);
				assertThatExceptionOfType(SocketTimeoutException.class)
					.isThrownBy(() -> client.getInputStream().read());
			}
			catch (SocketTimeoutException ex) {
				timedOut = true;
			}
		}
		assertThat(timedOut).as("a connection attempt timed out").isTrue();

		this.proxy.restore();
		assertThat(roundTrip(connect(2000), "back", 2000)).isEqualTo("back");
	}

	private Socket connect(int timeoutMillis) throws IOException {
		Socket client = new Socket();
		this.clients.add(client);
		client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.proxy.port()), timeoutMillis);
		return client;
	}

	private static String roundTrip(Socket client, String text, int timeoutMillis) throws IOException {
		client.setSoTimeout(timeoutMillis);
		client.getOutputStream().write(text.getBytes());
		return new String(client.getInputStream().readNBytes(text.length()));
	}

}
