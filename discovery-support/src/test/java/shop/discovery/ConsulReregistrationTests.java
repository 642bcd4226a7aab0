package shop.discovery;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.model.http.agent.Service;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class ConsulReregistrationTests {

	private final ConsulClient client = mock();

	private final ConsulServiceRegistry registry = mock();

	private final ConsulAutoRegistration registration = mock();

	private final ConsulAutoServiceRegistration autoRegistration = mock();

	private final ConsulReregistration reregistration = new ConsulReregistration(this.client, this.registry,
			this.registration, this.autoRegistration, Duration.ofSeconds(5));

	@BeforeEach
	void registered() {
		given(this.registration.getInstanceId()).willReturn("product-service-8082-abc");
		given(this.autoRegistration.isRunning()).willReturn(true);
	}

	@Test
	void registersAgainWhenTheAgentAnswersWithoutThisInstance() {
		given(this.client.getAgentServices()).willReturn(ResponseEntity.ok(Map.of("other-1", new Service())));

		assertThat(this.reregistration.reregisterIfLost()).isTrue();
		verify(this.registry).register(this.registration);
	}

	@Test
	void leavesAKnownInstanceAlone() {
		given(this.client.getAgentServices())
			.willReturn(ResponseEntity.ok(Map.of("product-service-8082-abc", new Service())));

		assertThat(this.reregistration.reregisterIfLost()).isFalse();
		verify(this.registry, never()).register(this.registration);
	}

	@Test
	void waitsForAnAgentThatDoesNotAnswerOrAnswersWithAnError() {
		given(this.client.getAgentServices()).willThrow(new ResourceAccessException("Connection refused"));
		assertThat(this.reregistration.reregisterIfLost()).isFalse();

		willReturn(ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).build()).given(this.client).getAgentServices();
		assertThat(this.reregistration.reregisterIfLost()).isFalse();
		verify(this.registry, never()).register(this.registration);
	}

	@Test
	void doesNothingWhileNotRegisteredHereBeforeStartOrAfterShutdown() {
		given(this.autoRegistration.isRunning()).willReturn(false);

		assertThat(this.reregistration.reregisterIfLost()).isFalse();
		verifyNoInteractions(this.client, this.registry);
	}

}
