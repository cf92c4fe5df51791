package org.openects.evidence.entry;

/**
 * What an audit entry is about.
 *
 * @param type the kind of thing, for example {@code movement}, {@code device}, {@code seal}
 * @param id its identifier within that kind, for example the movement reference
 */
public record Subject(String type, String id) {

    public Subject {
        CanonicalJson.requireIdentifier("subject type", type);
        CanonicalJson.requireIdentifier("subject id", id);
    }
}
