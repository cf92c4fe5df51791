package org.openects.server.demo;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the demo mode where real data may live: with the {@code production} profile, or on PostgreSQL (the
 * production database; the demo runs on the single-box H2 database). The demo creates accounts whose passwords are
 * published. The check runs before any other bean is created, so a refused start never touches the database.
 */
@Component
class DemoModeGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String DEMO_PROFILE = "demo";
    static final String PRODUCTION_PROFILE = "production";

    private static final Pattern POSTGRESQL_URL =
            Pattern.compile("jdbc:([a-z0-9]+:)?postgresql:", Pattern.CASE_INSENSITIVE);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** Whether the demo mode is on: {@code ects.demo.enabled} or the {@code demo} profile. */
    static boolean demoMode(Environment environment) {
        return environment.getProperty("ects.demo.enabled", Boolean.class, false)
                || environment.matchesProfiles(DEMO_PROFILE);
    }

    /**
     * @throws IllegalStateException if the demo mode is on together with the production profile or a PostgreSQL URL
     */
    static void check(Environment environment) {
        if (!demoMode(environment)) {
            return;
        }
        if (environment.matchesProfiles(PRODUCTION_PROFILE)) {
            throw new IllegalStateException("Refusing to start: the demo mode (ects.demo.enabled or the demo profile)"
                    + " is on together with the production profile. The demo creates accounts whose passwords are"
                    + " published; turn the demo mode off for production.");
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (isPostgresqlUrl(url)) {
            throw new IllegalStateException("Refusing to start: the demo mode (ects.demo.enabled or the demo profile)"
                    + " is on with a PostgreSQL database (" + url.replaceAll("[?;].*", "") + "). The demo creates"
                    + " accounts whose passwords are published and runs only on the single-box H2 database.");
        }
    }

    /**
     * Whether the JDBC URL's driver is PostgreSQL's, directly or through one wrapping driver ({@code jdbc:postgresql:},
     * {@code jdbc:p6spy:postgresql:}). H2 in PostgreSQL compatibility mode ({@code jdbc:h2:…;MODE=PostgreSQL}) is not.
     */
    static boolean isPostgresqlUrl(String jdbcUrl) {
        return POSTGRESQL_URL.matcher(jdbcUrl).lookingAt();
    }

    /** Whether the database product name (JDBC metadata) is PostgreSQL's. */
    static boolean isPostgresqlProduct(String product) {
        return product.strip().toLowerCase(Locale.ROOT).startsWith("postgresql");
    }
}
