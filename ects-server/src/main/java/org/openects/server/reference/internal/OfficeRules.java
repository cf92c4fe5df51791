package org.openects.server.reference.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.openects.server.shared.FieldProblem;

/** The rules a customs office meets, for the file and the API alike. */
final class OfficeRules {

    /** NCTS style: the country's ISO 3166 alpha-2 code, then six capital letters or digits. */
    static final Pattern CODE = Pattern.compile("[A-Z]{2}[A-Z0-9]{6}");

    static final int MIN_RADIUS_METERS = 50;
    static final int MAX_RADIUS_METERS = 50_000;
    static final int MAX_NAME_LENGTH = 200;

    private static final Set<String> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    private OfficeRules() {}

    /** What is wrong with the entry, field by field; empty when it is a valid office. */
    static List<FieldProblem> check(OfficeEntry entry) {
        List<FieldProblem> problems = new ArrayList<>();
        String code = entry.code();
        String country = entry.country();
        if (code == null || !CODE.matcher(code).matches()) {
            problems.add(new FieldProblem(
                    "code",
                    "must be two capital letters (the country code) followed by six capital letters or digits"));
        } else if (country != null && COUNTRIES.contains(country) && !code.startsWith(country)) {
            problems.add(new FieldProblem("code", "must start with the office's country code " + country));
        }
        String name = entry.name();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "must not be blank"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (country == null || !COUNTRIES.contains(country)) {
            problems.add(new FieldProblem("country", "must be an ISO 3166 alpha-2 country code such as KE"));
        }
        Double latitude = entry.latitude();
        if (latitude == null || !(latitude >= -90 && latitude <= 90)) {
            problems.add(new FieldProblem("latitude", "must be between -90 and 90 degrees"));
        }
        Double longitude = entry.longitude();
        if (longitude == null || !(longitude >= -180 && longitude <= 180)) {
            problems.add(new FieldProblem("longitude", "must be between -180 and 180 degrees"));
        }
        Integer radius = entry.radiusMeters();
        if (radius == null || radius < MIN_RADIUS_METERS || radius > MAX_RADIUS_METERS) {
            problems.add(new FieldProblem(
                    "radiusMeters", "must be between " + MIN_RADIUS_METERS + " and " + MAX_RADIUS_METERS + " metres"));
        }
        List<?> roles = entry.roles();
        if (roles != null && roles.stream().anyMatch(java.util.Objects::isNull)) {
            problems.add(new FieldProblem("roles", "must not contain null"));
        }
        return problems;
    }
}
