package dev.ragtune.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure docs/architecture.md draws, held against the code: capabilities depend one way, from the
 * REST layer down to the shared Redis, problem and tenant plumbing, and never in a circle.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ragtune");

    /** Each top-level package under dev.ragtune is one capability (or the REST layer, or shared plumbing). */
    private static final ArchRule NO_CYCLES = slices().matching("dev.ragtune.(*)..").should().beFreeOfCycles();

    @Test
    void capabilitiesDependOnEachOtherWithoutCycles() {
        NO_CYCLES.check(MAIN);
    }

    @Test
    void theCycleRuleFailsOnACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("dev.ragtune.architecture.cyclic");
        assertThat(slices().matching("dev.ragtune.architecture.cyclic.(*)..").should().beFreeOfCycles().evaluate(cyclic).hasViolation())
                .as("two packages that import each other").isTrue();
    }

    @Test
    void routingDecidesWithoutKnowingHowAnswersAreMade() {
        noClasses().that().resideInAPackage("dev.ragtune.routing..")
                .should().dependOnClassesThat().resideInAPackage("dev.ragtune.ask..")
                .check(MAIN);
    }

    @Test
    void layersRunFromTheRestApiDownToTheSharedPlumbing() {
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("dev.ragtune.api..")
                .layer("advisor").definedBy("dev.ragtune.advisor..")
                .layer("behaviour").definedBy("dev.ragtune.behaviour..")
                .layer("feedback").definedBy("dev.ragtune.feedback..")
                .layer("ask").definedBy("dev.ragtune.ask..")
                .layer("routing").definedBy("dev.ragtune.routing..")
                .layer("model").definedBy("dev.ragtune.model..")
                .layer("reindex").definedBy("dev.ragtune.reindex..")
                .layer("knowledge").definedBy("dev.ragtune.knowledge..")
                .layer("security").definedBy("dev.ragtune.security..")
                .layer("plumbing").definedBy("dev.ragtune.redis..", "dev.ragtune.problem..", "dev.ragtune.tenant..", "dev.ragtune.config..",
                        "dev.ragtune.outbound..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("advisor").mayOnlyBeAccessedByLayers("api")
                .whereLayer("behaviour").mayOnlyBeAccessedByLayers("api")
                .whereLayer("feedback").mayOnlyBeAccessedByLayers("api", "behaviour")
                .whereLayer("ask").mayOnlyBeAccessedByLayers("api", "advisor", "behaviour", "feedback")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("api", "advisor", "ask")
                .whereLayer("model").mayOnlyBeAccessedByLayers("api", "advisor", "behaviour", "ask", "routing")
                .whereLayer("reindex").mayOnlyBeAccessedByLayers("api")
                .whereLayer("security").mayOnlyBeAccessedByLayers("api")
                .check(MAIN);
    }

    @Test
    void theSharedPlumbingKnowsNoCapability() {
        noClasses().that().resideInAnyPackage("dev.ragtune.redis..", "dev.ragtune.problem..", "dev.ragtune.tenant..", "dev.ragtune.outbound..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ragtune.api..", "dev.ragtune.advisor..", "dev.ragtune.ask..",
                        "dev.ragtune.behaviour..", "dev.ragtune.feedback..", "dev.ragtune.knowledge..", "dev.ragtune.model..",
                        "dev.ragtune.reindex..", "dev.ragtune.routing..", "dev.ragtune.security..")
                .check(MAIN);
    }

    @Test
    void resourcesAndErrorMappingLiveInTheRestLayer() {
        noClasses().that().resideOutsideOfPackage("dev.ragtune.api..").should().beAnnotatedWith(Path.class).check(MAIN);
        // the one exception that is not the REST layer's: the operator-only filter, part of how security is enforced
        noClasses().that().resideOutsideOfPackages("dev.ragtune.api..", "dev.ragtune.security..").should().beAnnotatedWith(Provider.class)
                .check(MAIN);
        noMethods().that().areDeclaredInClassesThat().resideOutsideOfPackage("dev.ragtune.api..")
                .should().beAnnotatedWith(ServerExceptionMapper.class).check(MAIN);
    }
}
