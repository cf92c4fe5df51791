package org.openects.evidence.checkpoint;

/**
 * A checkpoint and the signed note that carries it.
 *
 * @param checkpoint the tree head
 * @param note the note whose text is {@code checkpoint.body()}
 */
public record SignedCheckpoint(Checkpoint checkpoint, SignedNote note) {

    public SignedCheckpoint {
        if (!note.text().equals(checkpoint.body())) {
            throw new IllegalArgumentException("the note does not carry this checkpoint");
        }
    }

    /** The note as text, ready to publish or store. */
    public String text() {
        return note.format();
    }
}
