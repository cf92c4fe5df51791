package org.openects.server.identity.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import javax.crypto.SecretKey;
import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.ClientAddresses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Two filter chains:
 *
 * <ul>
 *   <li>API ({@code /api/**}, {@code /actuator/**}): a bearer token or the UI's session; never creates a session;
 *       CSRF only for session-authenticated state-changing requests; failures as problem details.
 *   <li>UI (everything else): form login at {@code /login}, session with fixation protection, logout by POST
 *       {@code /logout}, strict security headers.
 * </ul>
 *
 * Roles are checked on controller methods with {@code @PreAuthorize} (method security is on).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String API_LOGIN = "/api/v1/auth/login";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    PasswordEncoder passwordEncoder(IdentityProperties properties) {
        return new BoundedPasswordEncoder(
                new DelegatingPasswordEncoder(
                        "bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(properties.passwordHashStrength()))),
                new Semaphore(properties.maxConcurrentHashes()),
                properties.hashWait());
    }

    @Bean
    SecretKey tokenSigningKey(IdentityProperties properties, @Value("${ects.data-dir}") Path dataDir) {
        return TokenSecret.load(
                properties.tokenSecret(), dataDir.resolve("keys").resolve("token-secret"));
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey tokenSigningKey) {
        return NimbusJwtEncoder.withSecretKey(tokenSigningKey).build();
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey tokenSigningKey) {
        return NimbusJwtDecoder.withSecretKey(tokenSigningKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    @Bean
    Tokens tokens(JwtEncoder jwtEncoder, AccountRepository accounts, IdentityProperties properties) {
        return new Tokens(jwtEncoder, accounts, properties, Clock.systemUTC());
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            Tokens tokens,
            SecurityProblemHandlers problems,
            AccountRepository accounts,
            AuditLog audit)
            throws Exception {
        http.addFilterAfter(new SessionVersionFilter(accounts, audit), SecurityContextHolderFilter.class)
                .securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        // The async dispatch that ends an event stream: its request was authorised when it started
                        // (its session or token may have ended since, which is why the stream is ending).
                        .dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers(API_LOGIN, "/api/v1/openapi", "/api/v1/openapi/**", "/api/v1/openapi.yaml")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        // Devices post signed messages: the signature, checked by the ingress, is their credential.
                        .requestMatchers(HttpMethod.POST, "/api/v1/ingest/**")
                        .permitAll()
                        // Witnesses check the audit log's signed checkpoints and proofs without an account.
                        .requestMatchers(
                                HttpMethod.GET,
                                "/api/v1/audit/checkpoint",
                                "/api/v1/audit/verifier-key",
                                "/api/v1/audit/proofs/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole("ADMIN")
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(sessionAuthenticatedStateChange()))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain uiSecurity(
            HttpSecurity http,
            LoginService logins,
            IdentityProperties properties,
            AccountRepository accounts,
            AuditLog audit,
            ClientAddresses clientAddresses,
            @Value("${server.servlet.session.cookie.name:JSESSIONID}") String sessionCookie)
            throws Exception {
        LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
        AuthenticationEntryPoint entryPoint = DelegatingAuthenticationEntryPoint.builder()
                .addEntryPointFor(
                        (request, response, e) -> {
                            response.setHeader("HX-Redirect", request.getContextPath() + "/login");
                            response.sendError(HttpStatus.UNAUTHORIZED.value());
                        },
                        request -> "true".equals(request.getHeader("HX-Request")))
                .defaultEntryPoint(loginPage)
                .build();
        http.addFilterAfter(new SessionVersionFilter(accounts, audit), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/login", "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .authenticationManager(new ProviderManager(new FormLoginProvider(logins)))
                .formLogin(form -> form.loginPage("/login")
                        .authenticationDetailsSource(request -> new WebAuthenticationDetails(
                                clientAddresses.of(request),
                                request.getSession(false) == null
                                        ? null
                                        : request.getSession(false).getId()))
                        .defaultSuccessUrl("/", true)
                        .failureHandler((request, response, e) -> {
                            String reason =
                                    switch (e) {
                                        case LockedException locked -> "locked";
                                        case DisabledException disabled -> "disabled";
                                        case FormLoginProvider.ThrottledException throttled -> "throttled";
                                        case FormLoginProvider.BusyException busy -> "busy";
                                        default -> "error";
                                    };
                            response.sendRedirect(request.getContextPath() + "/login?" + reason);
                        })
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null
                                    && authentication.getPrincipal() instanceof AccountPrincipal principal) {
                                audit.record(AuditEvent.now(
                                        AuditEvent.user(principal.user().username()),
                                        "logout",
                                        "account",
                                        principal.user().username(),
                                        Map.of("client", clientAddresses.of(request))));
                            }
                        })
                        .logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true)
                        .deleteCookies(sessionCookie))
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(properties.contentSecurityPolicy()))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()))
                .httpBasic(basic -> basic.disable());
        return http.build();
    }

    /**
     * CSRF protects what a browser sends by itself: a state-changing request riding on the session cookie. A request
     * carrying a bearer token (which browsers never add on their own) or no session cookie at all needs none.
     */
    private static RequestMatcher sessionAuthenticatedStateChange() {
        RequestMatcher apiLogin = PathPatternRequestMatcher.pathPattern(API_LOGIN);
        return request -> !SAFE_METHODS.contains(request.getMethod())
                && !hasBearerToken(request)
                && request.getRequestedSessionId() != null
                && !apiLogin.matches(request);
    }

    private static boolean hasBearerToken(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
