package org.openects.server.reference.internal;

import java.net.URI;
import java.util.List;
import org.openects.server.identity.CurrentUser;
import org.openects.server.reference.CustomsOffice;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The customs offices' API: anyone logged in reads them, an administrator creates or replaces one. */
@RestController
@RequestMapping("/api/v1/customs-offices")
class CustomsOfficeController {

    private final JdbcCustomsOffices offices;

    CustomsOfficeController(JdbcCustomsOffices offices) {
        this.offices = offices;
    }

    @GetMapping
    List<CustomsOffice> list() {
        return offices.all();
    }

    @GetMapping("/{code}")
    CustomsOffice get(@PathVariable String code) {
        return offices.find(code).orElseThrow(() -> new NotFoundException("no customs office " + code));
    }

    /**
     * Creates (201) or replaces (200) the office (a code in the body must be the path's); it is then the administrator's and a
     * newer file leaves it alone.
     */
    @PutMapping("/{code}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<CustomsOffice> put(@PathVariable String code, @RequestBody OfficeEntry body, CurrentUser user) {
        if (body.code() != null && !body.code().equals(code)) {
            throw new InvalidFieldException("code", "must be the code of the path, " + code);
        }
        JdbcCustomsOffices.Put put = offices.put(body.withCode(code), user.username());
        if (put.created()) {
            return ResponseEntity.created(URI.create("/api/v1/customs-offices/" + code))
                    .body(put.office());
        }
        return ResponseEntity.ok(put.office());
    }
}
