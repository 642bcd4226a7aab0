package shop.product;

import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shape of product-service: feature packages without cycles, the web at the edge, events only via the outbox. */
@AnalyzeClasses(packages = "shop.product", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** Controllers, their advice and everything of Spring MVC, the servlet API and Spring Security's web layer. */
	private static final DescribedPredicate<JavaClass> WEB = DescribedPredicate.describe("web types",
			(JavaClass type) -> type.isAnnotatedWith(RestController.class)
					|| type.isAnnotatedWith(RestControllerAdvice.class)
					|| Stream.of("org.springframework.web", "org.springframework.http", "jakarta.servlet", "org.springframework.security.web",
							"shop.chassis.web")
						.anyMatch((web) -> type.getPackageName().equals(web)
								|| type.getPackageName().startsWith(web + ".")));

	/** Everything of the service that is neither web nor wiring. */
	private static final DescribedPredicate<JavaClass> DOMAIN = DescribedPredicate.describe("domain code",
			(JavaClass type) -> type.getPackageName().startsWith("shop.product.") && !WEB.test(type)
					&& !type.isAnnotatedWith(Configuration.class));

	@ArchTest
	static final ArchRule FEATURES_ARE_FREE_OF_CYCLES = slices().matching("shop.product.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule DOMAIN_DOES_NOT_USE_WEB_TYPES = noClasses().that(DOMAIN)
		.should()
		.dependOnClassesThat(WEB)
		.because("requests and responses are the controllers' business; the catalog and the stock work without HTTP");

	@ArchTest
	static final ArchRule EVENTS_LEAVE_ONLY_THROUGH_THE_OUTBOX = noClasses().that()
		.resideInAnyPackage("shop.product..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.kafka.core..", "org.apache.kafka.clients.producer..")
		.because("a direct send next to a database write is a dual write; events are published in the transaction");

}
