package org.openects.evidence.checkpoint;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and signature lines. Parsing checks the form only;
 * {@link VerifierKey#verify} checks signatures.
 *
 * @param text the signed text, with its final newline
 * @param signatures the signature lines, in order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** The most signature lines accepted. */
    public static final int MAX_SIGNATURES = 100;

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** The note as text: the signed text, a blank line and one line per signature. */
    public String format() {
        StringBuilder note = new StringBuilder(text).append('\n');
        for (NoteSignature signature : signatures) {
            note.append(signature.line()).append('\n');
        }
        return note.toString();
    }

    /** The note with one more signature. */
    public SignedNote with(NoteSignature signature) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.add(signature);
        return new SignedNote(text, all);
    }

    /** Reads a note; fails with {@link Reason#MALFORMED_NOTE} and what is wrong. */
    public static Verdict<SignedNote> parse(String note) {
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if ((c < 0x20 && c != '\n') || c == 0x7F || Character.isSurrogate(c) && !validSurrogate(note, i)) {
                return malformed("has a control character or invalid UTF-16 at offset " + i);
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return malformed("has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (!block.endsWith("\n")) {
            return malformed("does not end with a newline");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            return malformed("has more than " + MAX_SIGNATURES + " signatures");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("\u2014 ")) {
                return malformed("signature line does not start with an em dash and a space: " + line);
            }
            String[] parts = line.substring(2).split(" ", -1);
            if (parts.length != 2 || !validKeyName(parts[0])) {
                return malformed("signature line is not '— <key name> <base64>': " + line);
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                return malformed("signature of " + parts[0] + " is not base64");
            }
            if (blob.length < 5 || !Base64.getEncoder().encodeToString(blob).equals(parts[1])) {
                return malformed("signature of " + parts[0] + " is too short or not canonical base64");
            }
            ByteBuffer buffer = ByteBuffer.wrap(blob);
            int keyId = buffer.getInt();
            byte[] signature = new byte[buffer.remaining()];
            buffer.get(signature);
            signatures.add(new NoteSignature(parts[0], keyId, signature));
        }
        return Verdict.valid(new SignedNote(text, signatures));
    }

    /** Key names are non-empty, without Unicode spaces or plus signs. */
    static boolean validKeyName(String name) {
        return !name.isEmpty()
                && name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '+');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static Verdict<SignedNote> malformed(String problem) {
        return Verdict.invalid(Reason.MALFORMED_NOTE, "signed note " + problem);
    }
}
