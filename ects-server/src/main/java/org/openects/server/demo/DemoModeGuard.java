package org.openects.server.demo;

import java.util.Locale;
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
        if (isPostgresql(url)) {
            throw new IllegalStateException("Refusing to start: the demo mode (ects.demo.enabled or the demo profile)"
                    + " is on with a PostgreSQL database (" + url.replaceAll("[?;].*", "") + "). The demo creates"
                    + " accounts whose passwords are published and runs only on the single-box H2 database.");
        }
    }

    static boolean isPostgresql(String jdbcUrlOrProduct) {
        return jdbcUrlOrProduct.toLowerCase(Locale.ROOT).contains("postgresql");
    }
}
