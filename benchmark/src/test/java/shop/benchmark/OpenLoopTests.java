package shop.benchmark;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLoopTests {

	@Test
	void namesWhatWentWrongWithARequestThatGotNoAnswer() {
		assertThat(OpenLoop.failureKind(new CompletionException(new HttpTimeoutException("request timed out"))))
			.isEqualTo("timeout");
		assertThat(OpenLoop.failureKind(new HttpConnectTimeoutException("HTTP connect timed out")))
			.isEqualTo("connect timeout");
		assertThat(OpenLoop.failureKind(new CompletionException(new ConnectException())))
			.isEqualTo("refused");
		assertThat(OpenLoop.failureKind(new CompletionException(new IOException("connection reset"))))
			.isEqualTo("IOException");
	}

}
