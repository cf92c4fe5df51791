package org.openects.server.identity.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The UI's login page; Spring Security handles the POST. */
@Controller
class LoginPageController {

    @GetMapping("/login")
    String login() {
        return CurrentUserArgumentResolver.current().isPresent() ? "redirect:/" : "login";
    }
}
