package org.openects.server.movements.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.movements.Movement;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * A movement's chain of custody: officers record seal checks, handovers and the release, with photos; whoever may see
 * the movement may read its chain and photos.
 */
@RestController
@RequestMapping("/api/v1/movements/{id}/custody")
class CustodyController {

    private final MovementDirectory movements;
    private final CustodyChain custody;

    CustodyController(MovementDirectory movements, CustodyChain custody) {
        this.movements = movements;
        this.custody = custody;
    }

    /**
     * A custody step as recorded.
     *
     * @param kind {@code ARMED}, {@code VERIFIED}, {@code HANDOVER} or {@code RELEASED} (seals removed: {@code DISARMED} → {@code
     *     REMOVED})
     * @param place where: office, border post, port
     * @param fromParty who hands the goods over (handover)
     * @param toParty who takes custody (required for a handover)
     * @param seals the seals checked, each with the state found
     * @param note what the officer wants on record
     */
    record StepRequest(
            @NotNull CustodyStep.Kind kind,
            @NotBlank @Size(max = 128) String place,
            @Nullable @Size(max = 200) String fromParty,
            @Nullable @Size(max = 200) String toParty,
            @NotEmpty @Size(max = CustodyChain.MAX_SEALS) List<@Valid @NotNull SealRequest> seals,
            @Nullable @Size(max = 2000) String note) {}

    /**
     * A seal checked.
     *
     * @param number the number on the seal
     * @param state {@code INTACT}, {@code BROKEN}, {@code MISSING} or {@code REPLACED}
     */
    record SealRequest(
            @NotBlank @Size(max = 64) String number,
            @NotNull CustodyStep.SealState state) {}

    /**
     * A custody step.
     *
     * @param recordedBy the officer's username
     * @param organisationId the officer's organisation
     * @param photos the photos, with their digests (as in the audit entry) and where to fetch them
     */
    record StepView(
            long id,
            long movementId,
            CustodyStep.Kind kind,
            Instant recordedAt,
            String recordedBy,
            @Nullable Long organisationId,
            String place,
            @Nullable String fromParty,
            @Nullable String toParty,
            List<CustodyStep.SealCheck> seals,
            @Nullable String note,
            List<PhotoView> photos) {}

    /**
     * A photo of a custody step.
     *
     * @param sha256 lowercase hex SHA-256 of the photo's exact bytes
     * @param url the photo as received
     * @param thumbnailUrl a JPEG thumbnail, at most 320 pixels on its longest edge
     */
    record PhotoView(
            String sha256, String contentType, int sizeBytes, int width, int height, String url, String thumbnailUrl) {}

    @GetMapping
    List<StepView> list(@PathVariable long id, CurrentUser user) {
        visible(id, user);
        return custody.stepsOf(id).stream().map(CustodyController::view).toList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('OFFICER')")
    ResponseEntity<StepView> record(@PathVariable long id, @Valid @RequestBody StepRequest request, CurrentUser user) {
        return recorded(id, request, List.of(), user);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('OFFICER')")
    ResponseEntity<StepView> recordWithPhotos(
            @PathVariable long id,
            @Valid @RequestPart("step") StepRequest request,
            @RequestPart(name = "photo", required = false) @Nullable List<MultipartFile> photos,
            CurrentUser user) {
        // Refuse what is refused anyway before decoding any photo: an invisible or ended movement.
        Movement movement = visible(id, user);
        CustodyChain.requireHeld(movement);
        List<MultipartFile> files = photos == null ? List.of() : photos;
        if (files.size() > CustodyChain.MAX_PHOTOS) {
            throw new InvalidFieldException("photo", "at most " + CustodyChain.MAX_PHOTOS + " photos per step");
        }
        List<PhotoIntake.Photo> accepted = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                accepted.add(PhotoIntake.accept("photo[" + i + "]", files.get(i).getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return recorded(id, request, accepted, user);
    }

    @GetMapping("/photos/{sha256:[0-9a-f]{64}}")
    ResponseEntity<byte[]> photo(@PathVariable long id, @PathVariable String sha256, CurrentUser user) {
        return image(id, sha256, false, user);
    }

    @GetMapping("/photos/{sha256:[0-9a-f]{64}}/thumbnail")
    ResponseEntity<byte[]> thumbnail(@PathVariable long id, @PathVariable String sha256, CurrentUser user) {
        return image(id, sha256, true, user);
    }

    private ResponseEntity<StepView> recorded(
            long id, StepRequest request, List<PhotoIntake.Photo> photos, CurrentUser user) {
        visible(id, user);
        CustodyChain.Draft draft = new CustodyChain.Draft(
                request.kind(),
                request.place(),
                request.fromParty(),
                request.toParty(),
                request.seals().stream()
                        .map(seal -> new CustodyStep.SealCheck(seal.number().strip(), seal.state()))
                        .toList(),
                request.note());
        CustodyStep step = custody.record(id, draft, photos, user);
        return ResponseEntity.created(URI.create("/api/v1/movements/" + id + "/custody"))
                .body(view(step));
    }

    private ResponseEntity<byte[]> image(long id, String sha256, boolean thumbnail, CurrentUser user) {
        visible(id, user);
        CustodyChain.StoredImage image = custody.photo(id, sha256, thumbnail)
                .orElseThrow(() -> new NotFoundException("movement " + id + " has no photo " + sha256));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(image.contentType()))
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                .eTag('"' + sha256 + (thumbnail ? "-thumbnail" : "") + '"')
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "inline; filename=\"" + sha256.substring(0, 16) + (thumbnail ? "-thumbnail" : "")
                                + extension(image.contentType()) + "\"")
                .body(image.bytes());
    }

    private Movement visible(long id, CurrentUser user) {
        return movements.findVisible(id, user).orElseThrow(() -> new NotFoundException("no movement " + id));
    }

    private static String extension(String contentType) {
        return "image/png".equals(contentType) ? ".png" : ".jpg";
    }

    static StepView view(CustodyStep step) {
        String base = "/api/v1/movements/" + step.movementId() + "/custody/photos/";
        return new StepView(
                step.id(),
                step.movementId(),
                step.kind(),
                step.recordedAt(),
                step.recordedBy(),
                step.organisationId(),
                step.place(),
                step.fromParty(),
                step.toParty(),
                step.seals(),
                step.note(),
                step.photos().stream()
                        .map(photo -> new PhotoView(
                                photo.sha256(),
                                photo.contentType(),
                                photo.sizeBytes(),
                                photo.width(),
                                photo.height(),
                                base + photo.sha256(),
                                base + photo.sha256() + "/thumbnail"))
                        .toList());
    }
}
