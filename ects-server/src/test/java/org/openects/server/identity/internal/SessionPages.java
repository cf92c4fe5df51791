package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openects.server.security.TestHttp;

/** The login page's CSRF field, for form logins in tests. */
final class SessionPages {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private SessionPages() {}

    static String csrfField(TestHttp.Response page) {
        Matcher matcher = CSRF_FIELD.matcher(page.body());
        assertThat(matcher.find()).as("login page carries a CSRF field").isTrue();
        return matcher.group(1);
    }
}
