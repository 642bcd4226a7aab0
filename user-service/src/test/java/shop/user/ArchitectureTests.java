package shop.user;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shape of the service, checked on every build. */
@AnalyzeClasses(packages = "shop.user", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** Features may use each other (auth uses account), but never in a circle. */
	@ArchTest
	static final ArchRule FEATURES_ARE_FREE_OF_CYCLES = slices().matching("shop.user.(*)..")
		.should()
		.beFreeOfCycles();

	/** Services and repositories know nothing of HTTP: the web layer calls them, never the reverse. */
	@ArchTest
	static final ArchRule DOMAIN_DOES_NOT_USE_THE_WEB_LAYER = noClasses().that()
		.areAnnotatedWith(Service.class)
		.or()
		.areAnnotatedWith(Repository.class)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
		.orShould()
		.dependOnClassesThat()
		.areAnnotatedWith(RestController.class);

	/** Controllers are entry points: nothing calls them. */
	@ArchTest
	static final ArchRule NOTHING_DEPENDS_ON_CONTROLLERS = noClasses().that()
		.areNotAnnotatedWith(RestController.class)
		.should()
		.dependOnClassesThat()
		.areAnnotatedWith(RestController.class);

	/** Events leave through the outbox (ApplicationEventPublisher inside a transaction), never by a direct send. */
	@ArchTest
	static final ArchRule NO_DIRECT_KAFKA_SENDS = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.kafka.core..", "org.apache.kafka.clients.producer..");

}
