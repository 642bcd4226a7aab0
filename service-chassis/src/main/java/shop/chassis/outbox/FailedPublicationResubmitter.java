package shop.chassis.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.context.SmartLifecycle;

import java.util.concurrent.ScheduledFuture;

/**
 * Sends failed publications again while the service runs. Spring Modulith marks a publication failed when its send
 * fails (and, through its staleness monitor, when a send hangs); it re-sends outstanding ones only at start-up. This
 * closes the gap: an outage of the broker delays events, it never strands them until the next restart.
 */
class FailedPublicationResubmitter implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(FailedPublicationResubmitter.class);

	private final FailedEventPublications failedPublications;

	private final TaskScheduler scheduler;

	private final OutboxProperties properties;

	private volatile ScheduledFuture<?> task;

	FailedPublicationResubmitter(FailedEventPublications failedPublications, TaskScheduler scheduler,
			OutboxProperties properties) {
		this.failedPublications = failedPublications;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	void resubmit() {
		try {
			this.failedPublications
				.resubmit(ResubmissionOptions.defaults().withMinAge(this.properties.resubmitMinAge()));
		}
		catch (RuntimeException ex) {
			// The database may be away too; the next round tries again.
			logger.warn("Could not resubmit failed event publications: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.task = this.scheduler.scheduleWithFixedDelay(this::resubmit, this.properties.resubmitInterval());
	}

	@Override
	public void stop() {
		ScheduledFuture<?> running = this.task;
		if (running != null) {
			running.cancel(false);
		}
		this.task = null;
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

}
