package org.openects.server.devices;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A device id that is already in the registry was registered again: 409 Conflict on the API. */
public class DeviceAlreadyRegisteredException extends ErrorResponseException {

    public DeviceAlreadyRegisteredException(String deviceId) {
        super(HttpStatus.CONFLICT, problem(deviceId), null);
    }

    private static ProblemDetail problem(String deviceId) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "device " + deviceId + " is already registered");
        problem.setType(URI.create("https://openects.org/problems/conflict"));
        problem.setTitle("Already exists");
        return problem;
    }
}
