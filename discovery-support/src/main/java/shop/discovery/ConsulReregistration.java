package shop.discovery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.consul.ConsulClient;
import org.springframework.cloud.consul.model.http.agent.Service;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.ResponseEntity;

/**
 * Registers this instance again when its Consul agent no longer knows it: an agent restarted without its state (a
 * development agent, a node agent replaced) has lost every registration, and with HTTP health checks nothing else
 * would ever register the instance again, so the gateway could not route to it until it restarted (fault scenario
 * 7). Spring Cloud Consul's own remedy, {@code heartbeat.reregister-service-on-failure}, cannot fire in 5.0.x: its
 * client logs an agent's error answer instead of throwing it (spring-cloud-consul issue 954).
 * <p>
 * Every interval it asks the agent for its services (one small local call); when the agent answers and this
 * instance is missing while it is registered here, it registers it again. An agent that does not answer is simply
 * asked again next time.
 */
public final class ConsulReregistration implements SmartLifecycle {

	private static final Log log = LogFactory.getLog(ConsulReregistration.class);

	private final ConsulClient client;

	private final ConsulServiceRegistry registry;

	private final ConsulAutoRegistration registration;

	private final ConsulAutoServiceRegistration autoRegistration;

	private final Duration interval;

	private volatile ScheduledExecutorService scheduler;

	public ConsulReregistration(ConsulClient client, ConsulServiceRegistry registry,
			ConsulAutoRegistration registration, ConsulAutoServiceRegistration autoRegistration, Duration interval) {
		this.client = client;
		this.registry = registry;
		this.registration = registration;
		this.autoRegistration = autoRegistration;
		this.interval = interval;
	}

	/**
	 * Registers the instance again if the agent answers without it.
	 * @return whether it registered it again
	 */
	boolean reregisterIfLost() {
		// Only while registered: not before the first registration, nor once shutdown deregistered it.
		if (!this.autoRegistration.isRunning()) {
			return false;
		}
		try {
			ResponseEntity<Map<String, Service>> answer = this.client.getAgentServices();
			Map<String, Service> services = answer.getBody();
			if (!answer.getStatusCode().is2xxSuccessful() || services == null
					|| services.containsKey(this.registration.getInstanceId())) {
				return false;
			}
			log.warn("The Consul agent no longer knows " + this.registration.getInstanceId() + ": registering again");
			this.registry.register(this.registration);
			return true;
		}
		catch (RuntimeException ex) {
			log.debug("Consul agent not reachable, asking again in " + this.interval, ex);
			return false;
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "consul-reregistration");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		started.scheduleWithFixedDelay(this::reregisterIfLost, millis, millis, TimeUnit.MILLISECONDS);
		this.scheduler = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.scheduler;
		if (running != null) {
			running.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/** Stopped before the web server and the auto-registration (which deregisters), so it never races them. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
