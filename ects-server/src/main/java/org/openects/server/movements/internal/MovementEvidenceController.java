package org.openects.server.movements.internal;

import org.openects.server.audit.AuditEvent;
import org.openects.server.audit.EvidenceExports;
import org.openects.server.identity.CurrentUser;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A movement's evidence from the audit log: the signed XML bundle, and the entries as CSV. */
@RestController
@RequestMapping("/api/v1/movements/{id}")
class MovementEvidenceController {

    private final MovementDirectory movements;
    private final EvidenceExports exports;

    MovementEvidenceController(MovementDirectory movements, EvidenceExports exports) {
        this.movements = movements;
        this.exports = exports;
    }

    @GetMapping("/evidence.xml")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN','OFFICER','OPERATOR')")
    ResponseEntity<byte[]> bundle(@PathVariable long id, CurrentUser user) {
        Movement movement = visible(id, user);
        byte[] xml = exports.movementBundle(id, movement.reference(), AuditEvent.user(user.username()));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(movement, "xml"))
                .contentType(MediaType.APPLICATION_XML)
                .body(xml);
    }

    @GetMapping("/evidence.csv")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN','OFFICER','OPERATOR')")
    ResponseEntity<String> csv(@PathVariable long id, CurrentUser user) {
        Movement movement = visible(id, user);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(movement, "csv"))
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(exports.movementCsv(id));
    }

    private Movement visible(long id, CurrentUser user) {
        return movements.findVisible(id, user).orElseThrow(() -> new NotFoundException("no movement " + id));
    }

    private static String attachment(Movement movement, String extension) {
        String name = movement.reference().replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"movement-" + name + "." + extension + "\"";
    }
}
