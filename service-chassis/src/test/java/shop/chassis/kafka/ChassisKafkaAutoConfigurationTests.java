package shop.chassis.kafka;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

class ChassisKafkaAutoConfigurationTests {

	@Test
	void treatsAnUnreachableDatabaseAsTransientWhereverItIsInTheCauseChain() {
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new ListenerExecutionFailedException("listener failed",
				new CannotGetJdbcConnectionException("no connection", new SQLTransientConnectionException())))).isTrue();
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new SQLTransientConnectionException("pool empty")))
			.isTrue();
	}

	@Test
	void treatsAConnectionLostUnderTheListenerAsTransient() {
		// Hikari's answer on a connection the server ended; PostgreSQL's after pg_terminate_backend.
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new ListenerExecutionFailedException("listener failed",
				new IllegalStateException(new SQLException("Connection is closed", "08003"))))).isTrue();
		assertThat(ChassisKafkaAutoConfiguration
			.isTransient(new SQLException("terminating connection due to administrator command", "57P01")))
			.isTrue();
		// Hikari's own, at commit on a connection the server ended: no SQLState at all (fault scenario 6 in CI).
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new ListenerExecutionFailedException("listener failed",
				new UncategorizedSQLException("JDBC commit", null, new SQLException("Connection is closed")))))
			.isTrue();
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new SQLException("syntax error", "42601")))
			.isFalse();
	}

	@Test
	void doesNotRetryForeverWhatRetryingCannotFix() {
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new InvalidEvent("bad"))).isFalse();
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new DataIntegrityViolationException("duplicate")))
			.isFalse();
		assertThat(ChassisKafkaAutoConfiguration.isTransient(new IllegalStateException(new ConnectException())))
			.isFalse();
	}

	@Test
	void retriesATransientErrorForeverButNeverPausesLongerThanTheCap() {
		ShopKafkaProperties properties = new ShopKafkaProperties(3, (short) 1, 3, Duration.ofSeconds(1),
				Duration.ofSeconds(5));
		BackOffExecution execution = ChassisKafkaAutoConfiguration.transientBackOff(properties).start();
		List<Long> pauses = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			pauses.add(execution.nextBackOff());
		}
		assertThat(pauses.subList(0, 6)).containsExactly(500L, 1000L, 2000L, 4000L, 5000L, 5000L);
		assertThat(pauses).doesNotContain(BackOffExecution.STOP).allMatch((pause) -> pause <= 5000L);
	}

	@Test
	void deadLetterReasonPrefersOurOwnExplanation() {
		assertThat(DeadLetterPublishing.reason(new ListenerExecutionFailedException("listener failed",
				new InvalidEvent("Unknown event UserPlacedOrder v9")))).isEqualTo("Unknown event UserPlacedOrder v9");
		assertThat(DeadLetterPublishing.reason(new ListenerExecutionFailedException("listener failed",
				new IllegalStateException("boom")))).isEqualTo("IllegalStateException: boom");
	}

}
