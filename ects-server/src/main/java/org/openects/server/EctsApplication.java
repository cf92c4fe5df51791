package org.openects.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts the OpenECTS platform. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Modulithic(systemName = "OpenECTS", sharedModules = "shared")
public class EctsApplication {

    public static void main(String[] args) {
        SpringApplication.run(EctsApplication.class, args);
    }
}
