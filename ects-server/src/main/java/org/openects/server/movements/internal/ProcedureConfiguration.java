package org.openects.server.movements.internal;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock of the movement lifecycle and the settings of the customs procedure ({@code ects.procedure.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcedureConfiguration.ProcedureProperties.class)
class ProcedureConfiguration {

    /** The platform's clock (UTC), unless the application declares one. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The customs procedure's timing.
     *
     * @param enquiryAfter how long a movement stays {@code OVERDUE} before the platform moves it to {@code ENQUIRY}
     * @param sweepInterval how often the platform looks for movements past their time limit
     * @param maxReportingGap how long the devices of a declared movement may stay silent before a reporting-gap
     *     alert (its route plan's {@code maxReportingGapSeconds})
     */
    @ConfigurationProperties("ects.procedure")
    record ProcedureProperties(
            @DefaultValue("PT2H") Duration enquiryAfter,
            @DefaultValue("PT1M") Duration sweepInterval,
            @DefaultValue("PT15M") Duration maxReportingGap) {}
}
