package org.openects.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Verifies the boundaries between the application's modules and writes their documentation. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(EctsApplication.class);

    @Test
    void modulesOnlyUseEachOthersPublicTypesAndHaveNoCycles() {
        modules.verify();
    }

    @Test
    void everyModuleDeclaresTheModulesItMayUse() {
        assertThat(modules.stream()).isNotEmpty().allSatisfy(module -> {
            Path packageInfo = Path.of("src/main/java")
                    .resolve(module.getBasePackage().getName().replace('.', '/'))
                    .resolve("package-info.java");
            assertThat(Files.readString(packageInfo))
                    .as("%s declares @ApplicationModule(allowedDependencies = ...)", packageInfo)
                    .containsPattern("@ApplicationModule\\([^)]*allowedDependencies\\s*=");
        });
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules)
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        assertThat(modules.stream()).isNotEmpty();
    }
}
