package org.openects.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The server jar the build packages ({@code target/ects-server.jar}, before the integration tests) holds the platform
 * and not the simulator: the simulator is a client of the platform, which the launcher runs beside it (ADR 0006). The
 * enforcer rule in ects-server's pom keeps it out of the compile and runtime scopes; this checks the artifact.
 */
class ServerJarIT {

    @Test
    void theServerJarHoldsNoSimulatorClassAndNoSimulatorJar() throws IOException {
        Path jar = Path.of("target", "ects-server.jar");
        assertThat(jar).as("the packaged server jar").exists();
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .as("the jar is read")
                    .contains("BOOT-INF/classes/org/openects/server/EctsApplication.class");
            assertThat(names)
                    .filteredOn(name -> name.contains("org/openects/simulator/") || name.contains("ects-simulator"))
                    .isEmpty();
        }
        assertThat(Files.size(jar)).isPositive();
    }
}
