package org.openects.server.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The TCP listeners as the shipped configuration sets them: in the production profile the legacy listeners (protocols
 * that sign nothing) are off, the native and Iridium ones on; without it (single box, demo) all are on. Read from the
 * application's own YAML files, bound as the platform binds them, without the machine's environment.
 */
class ProductionListenersTest {

    @Test
    void theProductionProfileTurnsTheLegacyListenersOff() throws IOException {
        Map<String, Integer> tcp = listeners(true);

        assertThat(tcp)
                .containsEntry("ais140", -1)
                .containsEntry("jt600", -1)
                .containsEntry("jt808", -1)
                .containsEntry("teltonika", -1);
        assertThat(tcp.get("openects")).isEqualTo(5100);
        assertThat(tcp.get("iridium")).isEqualTo(10800);
    }

    @Test
    void withoutTheProductionProfileEveryListenerIsOn() throws IOException {
        assertThat(listeners(false))
                .containsEntry("openects", 5100)
                .containsEntry("ais140", 5101)
                .containsEntry("jt600", 5102)
                .containsEntry("jt808", 5103)
                .containsEntry("teltonika", 5104)
                .containsEntry("iridium", 10800);
    }

    @Test
    void theIridiumGatewayIsLoopbackOnlyUnlessSet() throws IOException {
        assertThat(properties(true).iridium().gatewayAddresses()).containsExactly("127.0.0.1", "::1");
    }

    private static Map<String, Integer> listeners(boolean production) throws IOException {
        return properties(production).tcp();
    }

    private static IngressProperties properties(boolean production) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        if (production) {
            yaml.load("production", new ClassPathResource("application-production.yml"))
                    .forEach(sources::addLast);
        }
        yaml.load("application", new ClassPathResource("application.yml")).forEach(sources::addLast);
        return Binder.get(environment)
                .bind("ects.ingress", IngressProperties.class)
                .get();
    }
}
