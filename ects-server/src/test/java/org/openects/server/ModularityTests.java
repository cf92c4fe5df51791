package org.openects.server;

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
    void writesModuleDocumentation() {
        new Documenter(modules)
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        org.assertj.core.api.Assertions.assertThat(modules.stream()).isNotEmpty();
    }
}
