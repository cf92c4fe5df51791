package org.openects.server.web.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.openects.server.web.MapProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The pages of the web UI. They carry no movement data themselves: their scripts read it from the JSON API with the
 * user's session, so a page shows exactly what the API authorises for that user.
 */
@Controller
class PageController {

    private static final Pattern MOVEMENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final MapProperties map;

    PageController(MapProperties map) {
        this.map = map;
    }

    @ModelAttribute
    void common(Authentication authentication, Model model) {
        model.addAttribute("viewer", Viewer.of(authentication));
        model.addAttribute("map", map);
    }

    /** The control room: live map of active movements, the alert list and the movement list. */
    @GetMapping("/")
    String controlRoom() {
        return "control-room";
    }

    /** One movement: its summary, map, alerts and timeline. */
    @GetMapping("/movements/{id}")
    String movement(@PathVariable String id, Model model) {
        if (!MOVEMENT_ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("movementId", id);
        return "movement";
    }

    /**
     * The device registry: the devices the user may see, and for administrators and seal providers the forms that
     * register them (one by one or from a CSV file) and show their keys once.
     */
    @GetMapping("/devices")
    String devices(Authentication authentication, HttpServletResponse response) {
        return allowed(authentication, Viewer::seesDevices, response, "devices");
    }

    /**
     * The route library: the corridors and their versions on a map, their GeoJSON, KML and GPX downloads, and for
     * administrators and officers the import form.
     */
    @GetMapping("/corridors")
    String corridors(Authentication authentication, HttpServletResponse response) {
        return allowed(authentication, Viewer::seesCorridors, response, "corridors");
    }

    /** The ingress as administrators watch it: counts by outcome and reason, unknown devices, rejected messages. */
    @GetMapping("/ingress")
    String ingress(Authentication authentication, HttpServletResponse response) {
        return allowed(authentication, Viewer::administers, response, "ingress");
    }

    /**
     * Declarations: those the user may see with the state of their seal requests; for traders the form that files
     * one and the "Request e-seals" action.
     */
    @GetMapping("/declarations")
    String declarations(Authentication authentication, HttpServletResponse response) {
        return allowed(authentication, Viewer::seesDeclarations, response, "declarations");
    }

    /**
     * Seal requests: a trader's own, a seal provider's with the devices assigned, and for officers the queue of
     * pending requests to approve or refuse.
     */
    @GetMapping("/seal-requests")
    String sealRequests(Authentication authentication, HttpServletResponse response) {
        return allowed(authentication, Viewer::seesSealRequests, response, "seal-requests");
    }

    /**
     * Unlock authorisations: the list (officers, operators, administrators) and, for officers, the form that authorises
     * an unlock and the confirm and revoke actions.
     */
    @GetMapping("/unlocks")
    String unlocks(Authentication authentication, HttpServletResponse response) {
        return allowed(authentication, Viewer::seesUnlocks, response, "unlocks");
    }

    /**
     * An office's queue: the arrivals due at the office chosen (states in which the office must still receive or
     * finish the movement) and the movements in enquiry or overdue; officers and administrators.
     */
    @GetMapping("/queue")
    String queue(Authentication authentication, HttpServletResponse response) {
        return allowed(authentication, Viewer::seesQueue, response, "queue");
    }

    /** The page, or the "not for your roles" page with status 403 (keeping the header, so the user can go on). */
    private static String allowed(
            Authentication authentication, Predicate<Viewer> may, HttpServletResponse response, String page) {
        if (may.test(Viewer.of(authentication))) {
            return page;
        }
        response.setStatus(HttpStatus.FORBIDDEN.value());
        return "forbidden";
    }
}
