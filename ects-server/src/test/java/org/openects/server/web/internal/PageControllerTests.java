package org.openects.server.web.internal;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.server.web.MapProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(PageController.class)
@EnableConfigurationProperties(MapProperties.class)
@TestPropertySource(properties = "ects.map.tile-url=https://tiles.example/{z}/{x}/{y}.png")
class PageControllerTests {

    @Autowired
    MockMvc mvc;

    @Test
    void controlRoomShowsTheUserTheirRolesAndTheMapWithItsTileUrl() throws Exception {
        mvc.perform(get("/").with(user("ops1").roles("OPERATOR", "SEAL_PROVIDER")))
                .andExpect(status().isOk())
                .andExpect(view().name("control-room"))
                .andExpect(content().string(Matchers.containsString("id=\"map\"")))
                .andExpect(content()
                        .string(Matchers.containsString("data-tile-url=\"https://tiles.example/{z}/{x}/{y}.png\"")))
                .andExpect(content().string(Matchers.containsString("id=\"alert-list\"")))
                .andExpect(content().string(Matchers.containsString("id=\"movement-list\"")))
                .andExpect(content().string(Matchers.containsString(">ops1<")))
                .andExpect(content().string(Matchers.containsString(">seal provider<")))
                .andExpect(content().string(Matchers.containsString("data-handles-alerts=\"true\"")));
    }

    @Test
    void everyPageCarriesTheCsrfTokenForScriptsAndTheLogoutForm() throws Exception {
        mvc.perform(get("/").with(user("ops1").roles("OPERATOR")))
                .andExpect(content().string(Matchers.containsString("<meta name=\"_csrf\" content=\"")))
                .andExpect(content()
                        .string(Matchers.containsString("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\"")))
                .andExpect(
                        content()
                                .string(
                                        Matchers.matchesRegex(
                                                "(?s).*<form class=\"logout\" method=\"post\" action=\"/logout\">\\s*<input type=\"hidden\" name=\"_csrf\".*")));
    }

    @Test
    void onlyOperatorsAndAdministratorsGetTheAlertActions() throws Exception {
        mvc.perform(get("/").with(user("trader1").roles("TRADER")))
                .andExpect(content().string(Matchers.containsString("data-handles-alerts=\"false\"")));
        mvc.perform(get("/").with(user("root").roles("ADMIN")))
                .andExpect(content().string(Matchers.containsString("data-handles-alerts=\"true\"")));
    }

    @Test
    void movementPageNamesItsMovementForItsScript() throws Exception {
        mvc.perform(get("/movements/42").with(user("ops1").roles("OPERATOR")))
                .andExpect(status().isOk())
                .andExpect(view().name("movement"))
                .andExpect(content().string(Matchers.containsString("data-movement-id=\"42\"")))
                .andExpect(content().string(Matchers.containsString("id=\"timeline\"")));
    }

    @Test
    void movementPageOffersTheEvidenceDownloadsToThoseWhoMayExportThem() throws Exception {
        mvc.perform(get("/movements/42").with(user("audit1").roles("AUDITOR")))
                .andExpect(content().string(Matchers.containsString("href=\"/api/v1/movements/42/evidence.xml\"")))
                .andExpect(content().string(Matchers.containsString("href=\"/api/v1/movements/42/evidence.pdf\"")))
                .andExpect(content().string(Matchers.containsString("href=\"/api/v1/movements/42/evidence.csv\"")));
        mvc.perform(get("/movements/42").with(user("trader1").roles("TRADER")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString("evidence.pdf"))));
    }

    @Test
    void movementPageShowsEveryoneTheCustodyChainButOnlyOfficersTheFormAndOfficersAndTheCustomsSystemTheCancelButton()
            throws Exception {
        mvc.perform(get("/movements/42").with(user("officer1").roles("OFFICER")))
                .andExpect(content().string(Matchers.containsString("id=\"custody-list\"")))
                .andExpect(content().string(Matchers.containsString("id=\"custody-form\"")))
                .andExpect(content().string(Matchers.containsString("accept=\"image/jpeg,image/png\"")))
                .andExpect(content().string(Matchers.containsString("id=\"cancel-movement\"")))
                .andExpect(content().string(Matchers.containsString("id=\"cancel-dialog\"")));
        mvc.perform(get("/movements/42").with(user("someone").roles("CUSTOMS_SYSTEM")))
                .andExpect(content().string(Matchers.containsString("id=\"custody-list\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"custody-form\""))))
                .andExpect(content().string(Matchers.containsString("id=\"cancel-movement\"")));
        // An administrator may not cancel a movement (separation of duties).
        for (String role : new String[] {"ADMIN", "TRADER", "OPERATOR", "AUDITOR"}) {
            mvc.perform(get("/movements/42").with(user("someone").roles(role)))
                    .andExpect(content().string(Matchers.containsString("id=\"custody-list\"")))
                    .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"custody-form\""))))
                    .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"cancel-movement\""))))
                    .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"cancel-dialog\""))));
        }
    }

    @Test
    void movementIdsThatCannotExistAreNotFound() throws Exception {
        mvc.perform(get("/movements/a b<script>").with(user("ops1").roles("OPERATOR")))
                .andExpect(status().isNotFound());
    }

    @Test
    void pagesNeedASignedInUser() throws Exception {
        mvc.perform(get("/")).andExpect(status().is(Matchers.oneOf(302, 401)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ADMIN", "OPERATOR", "OFFICER", "SEAL_PROVIDER"})
    void theDeviceRegistryIsOpenToRolesThatSeeDevices(String role) throws Exception {
        mvc.perform(get("/devices").with(user("someone").roles(role)))
                .andExpect(status().isOk())
                .andExpect(view().name("devices"))
                .andExpect(content().string(Matchers.containsString("id=\"device-table\"")))
                .andExpect(content().string(Matchers.containsString("id=\"device-filter\"")))
                .andExpect(content().string(Matchers.containsString("/js/devices.js")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TRADER", "TRANSPORTER", "AUDITOR", "CUSTOMS_SYSTEM"})
    void theDeviceRegistryIsForbiddenToOtherRolesWithAPageSayingSo(String role) throws Exception {
        mvc.perform(get("/devices").with(user("someone").roles(role)))
                .andExpect(status().isForbidden())
                .andExpect(view().name("forbidden"))
                .andExpect(content().string(Matchers.containsString("Not for your roles")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("device-table"))));
    }

    @Test
    void administratorsAndSealProvidersRegisterAndImportOnlyAdministratorsRevoke() throws Exception {
        mvc.perform(get("/devices").with(user("ops1").roles("OPERATOR")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"register-form\""))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"import-form\""))))
                .andExpect(content().string(Matchers.containsString("data-manages-devices=\"false\"")))
                .andExpect(content().string(Matchers.containsString("no-side")));
        mvc.perform(get("/devices").with(user("provider").roles("SEAL_PROVIDER")))
                .andExpect(content().string(Matchers.containsString("id=\"register-form\"")))
                .andExpect(content().string(Matchers.containsString("id=\"import-form\"")))
                .andExpect(content().string(Matchers.containsString("id=\"key-box\"")))
                .andExpect(content().string(Matchers.containsString("data-administers=\"false\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"revoke-dialog\""))));
        mvc.perform(get("/devices").with(user("root").roles("ADMIN")))
                .andExpect(content().string(Matchers.containsString("id=\"register-form\"")))
                .andExpect(content().string(Matchers.containsString("id=\"revoke-dialog\"")))
                .andExpect(content().string(Matchers.containsString("data-administers=\"true\"")));
    }

    @Test
    void theIngressPageIsForAdministratorsOnly() throws Exception {
        mvc.perform(get("/ingress").with(user("root").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(view().name("ingress"))
                .andExpect(content().string(Matchers.containsString("id=\"stats-table\"")))
                .andExpect(content().string(Matchers.containsString("id=\"unknown-table\"")))
                .andExpect(content().string(Matchers.containsString("id=\"rejection-table\"")));
        for (String role : new String[] {"OPERATOR", "OFFICER", "SEAL_PROVIDER", "AUDITOR", "TRADER"}) {
            mvc.perform(get("/ingress").with(user("someone").roles(role)))
                    .andExpect(status().isForbidden())
                    .andExpect(view().name("forbidden"));
        }
    }

    @Test
    void theHeaderLinksOnlyToPagesTheRolesMayOpen() throws Exception {
        mvc.perform(get("/").with(user("trader1").roles("TRADER")))
                .andExpect(content().string(Matchers.containsString(">Control room<")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"nav-devices\""))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"nav-ingress\""))));
        mvc.perform(get("/").with(user("ops1").roles("OPERATOR")))
                .andExpect(content().string(Matchers.containsString("id=\"nav-devices\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"nav-ingress\""))));
        mvc.perform(get("/devices").with(user("root").roles("ADMIN")))
                .andExpect(content()
                        .string(Matchers.matchesRegex(
                                "(?s).*<a (?=[^>]*href=\"/devices\")(?=[^>]*class=\"active\")[^>]*>Devices</a>.*")))
                .andExpect(content().string(Matchers.containsString("id=\"nav-ingress\"")));
    }

    @Test
    void theCorridorPageIsForAdministratorsOfficersAndOperatorsAndOnlyTheFirstTwoImport() throws Exception {
        for (String role : new String[] {"ADMIN", "OFFICER"}) {
            mvc.perform(get("/corridors").with(user("someone").roles(role)))
                    .andExpect(status().isOk())
                    .andExpect(view().name("corridors"))
                    .andExpect(content().string(Matchers.containsString("id=\"map\"")))
                    .andExpect(content().string(Matchers.containsString("id=\"corridor-rows\"")))
                    .andExpect(content().string(Matchers.containsString("id=\"import-form\"")))
                    .andExpect(content().string(Matchers.containsString("id=\"nav-corridors\"")));
        }
        mvc.perform(get("/corridors").with(user("ops1").roles("OPERATOR")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"export-gpx\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"import-form\""))));
        for (String role : new String[] {"SEAL_PROVIDER", "AUDITOR", "TRADER", "TRANSPORTER"}) {
            mvc.perform(get("/corridors").with(user("someone").roles(role)))
                    .andExpect(status().isForbidden())
                    .andExpect(view().name("forbidden"))
                    .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"nav-corridors\""))));
        }
    }

    @Test
    void theOfficeQueueIsForOfficersAndAdministratorsAndLinkedOnlyForThem() throws Exception {
        for (String role : new String[] {"OFFICER", "ADMIN"}) {
            mvc.perform(get("/queue").with(user("someone").roles(role)))
                    .andExpect(status().isOk())
                    .andExpect(view().name("queue"))
                    .andExpect(content().string(Matchers.containsString("<title>Office queue · OpenECTS</title>")))
                    .andExpect(content().string(Matchers.containsString("id=\"office-select\"")))
                    .andExpect(content().string(Matchers.containsString("id=\"arrival-rows\"")))
                    .andExpect(content().string(Matchers.containsString("id=\"enquiry-rows\"")))
                    .andExpect(content().string(Matchers.containsString("/js/queue.js")))
                    .andExpect(content().string(Matchers.containsString("id=\"nav-queue\"")));
        }
        for (String role : new String[] {"OPERATOR", "SEAL_PROVIDER", "AUDITOR", "TRADER", "TRANSPORTER"}) {
            mvc.perform(get("/queue").with(user("someone").roles(role)))
                    .andExpect(status().isForbidden())
                    .andExpect(view().name("forbidden"))
                    .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"nav-queue\""))))
                    .andExpect(content().string(Matchers.not(Matchers.containsString("office-select"))));
        }
    }
}
