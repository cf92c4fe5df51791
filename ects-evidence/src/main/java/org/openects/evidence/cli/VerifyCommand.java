package org.openects.evidence.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.openects.evidence.Verdict;
import org.openects.evidence.bundle.BundleVerifier;
import org.openects.evidence.bundle.EvidenceBundle;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;

/**
 * {@code ects verify FILE --key VERIFIER_KEY | --key-file PATH [--bundle-key KEY] [--previous CHECKPOINT_FILE]}:
 * verifies an XML evidence bundle offline. Prints a short summary and exits 0 when everything verifies; prints one
 * reason and exits 1 when something does not; exits 2 on a usage error or an unreadable input.
 */
public final class VerifyCommand {

    private VerifyCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String key = null;
        Path keyFile = null;
        String bundleKey = null;
        Path previous = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "verify" -> {
                    if (i != 0) {
                        file = Path.of(arg);
                    }
                }
                case "--key" -> key = value(args, ++i);
                case "--key-file" -> keyFile = path(args, ++i);
                case "--bundle-key" -> bundleKey = value(args, ++i);
                case "--previous" -> previous = path(args, ++i);
                case "--help", "-h" -> {
                    usage(out);
                    return 0;
                }
                default -> {
                    if (arg.startsWith("-") || file != null) {
                        err.println("verify: unexpected argument '" + arg + "'");
                        usage(err);
                        return 2;
                    }
                    file = Path.of(arg);
                }
            }
        }
        if (file == null || (key == null) == (keyFile == null)) {
            usage(err);
            return 2;
        }
        VerifierKey logKey;
        VerifierKey signingKey;
        byte[] xml;
        byte @Nullable [] previousNote = null;
        try {
            logKey = VerifierKey.parse(key != null ? key : Files.readString(keyFile, StandardCharsets.UTF_8));
            signingKey = bundleKey == null ? logKey : VerifierKey.parse(bundleKey);
            xml = Files.readAllBytes(file);
            if (previous != null) {
                previousNote = Files.readAllBytes(previous);
            }
        } catch (IllegalArgumentException e) {
            err.println("verify: bad verifier key: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("verify: no such file: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println("verify: cannot read: " + e.getMessage());
            return 2;
        }

        Verdict<EvidenceBundle> verdict = new BundleVerifier(logKey, signingKey).verify(xml);
        if (verdict instanceof Verdict.Invalid<EvidenceBundle> invalid) {
            err.println("INVALID: " + invalid.message());
            return 1;
        }
        EvidenceBundle bundle = verdict.orElseThrow();
        String history = null;
        if (previousNote != null) {
            Verdict<SignedCheckpoint> seen = Checkpoints.verify(previousNote, logKey);
            if (seen instanceof Verdict.Invalid<SignedCheckpoint> invalid) {
                err.println("INVALID: previous " + invalid.message());
                return 1;
            }
            Verdict<String> against =
                    BundleVerifier.checkAgainst(bundle, seen.orElseThrow().checkpoint());
            if (against instanceof Verdict.Invalid<String> invalid) {
                err.println("INVALID: " + invalid.message());
                return 1;
            }
            history = against.orElseThrow();
        }
        Checkpoint checkpoint = bundle.checkpoint().checkpoint();
        out.println("VALID: evidence bundle for movement " + bundle.movementReference() + ", generated "
                + bundle.generatedAt() + " by " + bundle.generator());
        out.println("  " + bundle.entries().size() + " entries and "
                + bundle.frames().size() + " frame digests, each included in the log");
        out.println("  checkpoint " + checkpoint.origin() + " size " + checkpoint.size() + " root "
                + checkpoint.root().base64() + ", signed by " + logKey.label());
        if (history != null) {
            out.println("  " + history);
        }
        return 0;
    }

    private static @Nullable String value(String[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    private static @Nullable Path path(String[] args, int i) {
        return i < args.length ? Path.of(args[i]) : null;
    }

    private static void usage(PrintStream out) {
        out.println("usage: ects verify FILE (--key VERIFIER_KEY | --key-file PATH) [--bundle-key VERIFIER_KEY]"
                + " [--previous CHECKPOINT_FILE]");
        out.println("  Verifies an OpenECTS XML evidence bundle offline: its schema, its XML signature, the signed");
        out.println("  checkpoint and every entry's inclusion proof. VERIFIER_KEY is the log's note verifier key");
        out.println("  (name+keyid+base64). --previous: a checkpoint you saw before; the bundle's must not go back.");
        out.println("  Exit status: 0 valid, 1 invalid (one reason printed), 2 usage or input error.");
    }
}
