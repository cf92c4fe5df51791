package org.openects.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.evidence.bundle.BundleFixture.KEY;
import static org.openects.evidence.bundle.BundleFixture.first;
import static org.openects.evidence.bundle.BundleFixture.nth;
import static org.openects.evidence.bundle.BundleFixture.resigned;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.spec.XPathFilter2ParameterSpec;
import javax.xml.crypto.dsig.spec.XPathType;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.merkle.ConsistencyProof;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class BundleVerifierTest {

    private final BundleFixture fixture = new BundleFixture();
    private final BundleVerifier verifier = new BundleVerifier(KEY.verifierKey());

    @Test
    void aBundleAsWrittenVerifiesAndReadsBackEqual() {
        Verdict<EvidenceBundle> verdict = verifier.verify(fixture.xml());

        assertThat(verdict).isEqualTo(Verdict.valid(fixture.bundle));
        assertThat(fixture.bundle.entries()).hasSize(20);
        assertThat(fixture.bundle.frames()).hasSize(10);
    }

    @Test
    void theWrittenBundleConformsToThePublishedSchemaAndIsReadable() {
        String xml = new String(fixture.xml(), StandardCharsets.UTF_8);

        assertThat(xml)
                .contains("<EvidenceBundle xmlns=\"urn:openects:evidence-bundle:1\" version=\"1\">")
                .contains("<MovementReference>MV-1</MovementReference>")
                .contains("<Actor>user:officer.wanjiru</Actor>")
                .contains("<ds:SignatureMethod Algorithm=\"http://www.w3.org/2021/04/xmldsig-more#eddsa-ed25519\"/>")
                .contains("<ds:KeyName>" + KEY.verifierKey().label() + "</ds:KeyName>");
    }

    /** Each corruption, and the reason it must be refused with. */
    private Map<String, Probe> probes() {
        byte[] xml = fixture.xml();
        String text = new String(xml, StandardCharsets.UTF_8);
        NoteSigner stranger = NoteSigner.generate(BundleFixture.ORIGIN);
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put(
                "altered entry",
                new Probe(
                        text.replaceFirst("<Actor>user:officer.wanjiru</Actor>", "<Actor>user:mallory</Actor>")
                                .getBytes(StandardCharsets.UTF_8),
                        Reason.XML_REFERENCE_DIGEST_MISMATCH,
                        "XML signature invalid: reference digest mismatch"));
        probes.put(
                "altered readable field, signed again",
                new Probe(
                        resigned(xml, KEY, d -> first(d, "Actor").setTextContent("user:mallory")),
                        Reason.ENTRY_FIELDS_MISMATCH,
                        "entry 1: readable fields do not match the canonical content"));
        probes.put(
                "altered entry content, signed again",
                new Probe(
                        resigned(xml, KEY, d -> alterEntry(d, 0)),
                        Reason.INCLUSION_FAILED,
                        "entry 1: inclusion proof does not lead to the checkpoint root"));
        probes.put(
                "altered proof, signed again",
                new Probe(
                        resigned(xml, KEY, d -> {
                            Element hash = (Element) nth(d, "InclusionProof", 3)
                                    .getElementsByTagNameNS(BundleXml.NS, "Hash")
                                    .item(2);
                            hash.setTextContent(Hash.ofBase64(hash.getTextContent())
                                    .withBitFlipped(7)
                                    .base64());
                        }),
                        Reason.INCLUSION_FAILED,
                        "entry 10: inclusion proof does not lead to the checkpoint root"));
        probes.put(
                "proof moved to another leaf, signed again",
                new Probe(
                        resigned(xml, KEY, d -> nth(d, "InclusionProof", 3).setAttribute("leafIndex", "11")),
                        Reason.PROOF_MISPLACED,
                        "entry 10: inclusion proof is for leaf 11 of 60, not leaf 10 of the checkpoint's 60"));
        probes.put(
                "altered checkpoint, signed again",
                new Probe(
                        resigned(xml, KEY, d -> {
                            Element checkpoint = first(d, "Checkpoint");
                            checkpoint.setTextContent(
                                    checkpoint.getTextContent().replaceFirst("\n60\n", "\n61\n"));
                        }),
                        Reason.BAD_SIGNATURE,
                        "checkpoint signature by " + KEY.verifierKey().label() + " does not verify"));
        probes.put(
                "checkpoint from another key, signed again",
                new Probe(
                        resigned(xml, KEY, d -> first(d, "Checkpoint")
                                .setTextContent(Checkpoints.sign(fixture.checkpoint.checkpoint(), stranger)
                                        .text())),
                        Reason.UNKNOWN_KEY,
                        "checkpoint signed by unknown key "
                                + stranger.verifierKey().label() + " (trusted: "
                                + KEY.verifierKey().label() + ")"));
        probes.put(
                "unreferenced frame, signed again",
                new Probe(
                        resigned(xml, KEY, d -> first(d, "Frame")
                                .setAttribute("sha256", Hash.sha256(new byte[0]).hex())),
                        Reason.FRAME_NOT_REFERENCED,
                        "frame " + Hash.sha256(new byte[0]).hex() + " is referenced by no entry in the bundle"));
        probes.put(
                "removed signature",
                new Probe(
                        text.replaceFirst("(?s)<ds:Signature .*</ds:Signature>", "")
                                .getBytes(StandardCharsets.UTF_8),
                        Reason.XML_SIGNATURE_MISSING,
                        "XML signature missing"));
        probes.put(
                "signature over the metadata only",
                new Probe(
                        partiallySigned(xml),
                        Reason.XML_SIGNATURE_PARTIAL,
                        "XML signature does not cover the whole bundle: its reference is '' with transforms"
                                + " [http://www.w3.org/2002/06/xmldsig-filter2], not the whole document (\"\","
                                + " enveloped, exclusive c14n)"));
        probes.put(
                "signed by another key of the same name",
                new Probe(
                        resigned(xml, stranger, d -> {}),
                        Reason.XML_SIGNATURE_UNKNOWN_KEY,
                        "bundle signed by unknown key " + stranger.verifierKey().label() + " (trusted: "
                                + KEY.verifierKey().label() + ")"));
        probes.put(
                "signed by another key under the trusted key's name",
                new Probe(
                        new String(resigned(xml, stranger, d -> {}), StandardCharsets.UTF_8)
                                .replace(
                                        stranger.verifierKey().label(),
                                        KEY.verifierKey().label())
                                .getBytes(StandardCharsets.UTF_8),
                        Reason.XML_SIGNATURE_INVALID,
                        "XML signature invalid: signature value does not verify under "
                                + KEY.verifierKey().label()));
        probes.put(
                "element the schema does not know, signed again",
                new Probe(
                        resigned(xml, KEY, d -> first(d, "Metadata")
                                .appendChild(d.createElementNS(BundleXml.NS, "Remark"))),
                        Reason.SCHEMA_INVALID,
                        null));
        probes.put(
                "not XML",
                new Probe(
                        text.substring(0, text.length() / 2).getBytes(StandardCharsets.UTF_8),
                        Reason.MALFORMED_XML,
                        null));
        return probes;
    }

    private record Probe(byte[] xml, Reason reason, String message) {}

    @Test
    void everyCorruptionIsRefusedWithItsOwnPreciseReason() {
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        for (Map.Entry<String, Probe> probe : probes().entrySet()) {
            Verdict<EvidenceBundle> verdict = verifier.verify(probe.getValue().xml());
            assertThat(verdict).as(probe.getKey()).isInstanceOf(Verdict.Invalid.class);
            Verdict.Invalid<?> invalid = (Verdict.Invalid<?>) verdict;
            assertThat(invalid.reason())
                    .as(probe.getKey() + ": " + invalid.message())
                    .isEqualTo(probe.getValue().reason());
            if (probe.getValue().message() != null) {
                assertThat(invalid.message())
                        .as(probe.getKey())
                        .isEqualTo(probe.getValue().message());
            }
            reasons.add(invalid.reason());
        }
        assertThat(reasons).hasSize(13);
    }

    @Test
    void aVerifierWithAnotherKeyRefusesTheBundle() {
        NoteSigner other = NoteSigner.generate("ects.other.org/audit");

        Verdict<EvidenceBundle> verdict = new BundleVerifier(other.verifierKey()).verify(fixture.xml());

        assertThat(((Verdict.Invalid<?>) verdict).reason()).isEqualTo(Reason.XML_SIGNATURE_UNKNOWN_KEY);
    }

    @Test
    void aPartialSignatureThatANaiveVerifierAcceptsIsRefused() throws Exception {
        byte[] xml = partiallySigned(fixture.xml());
        Document document = BundleFixture.parse(xml);
        Element signature = (Element)
                document.getElementsByTagNameNS(BundleXml.DSIG_NS, "Signature").item(0);
        DOMValidateContext context = new DOMValidateContext(KEY.verifierKey().jdkKey(), signature);
        XMLSignature naive = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);

        assertThat(naive.validate(context))
                .as("the forged signature is cryptographically valid")
                .isTrue();
        assertThat(((Verdict.Invalid<?>) verifier.verify(xml)).reason()).isEqualTo(Reason.XML_SIGNATURE_PARTIAL);
    }

    @Test
    void aBundleWithADoctypeIsRefusedBeforeAnythingIsResolved() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";

        assertThat(((Verdict.Invalid<?>) verifier.verify(xml.getBytes(StandardCharsets.UTF_8))).reason())
                .isEqualTo(Reason.MALFORMED_XML);
    }

    @Test
    void aBundleIsCheckedAgainstACheckpointSeenBefore() {
        BundleFixture grown = new BundleFixture();
        Checkpoint before = grown.checkpoint.checkpoint();
        grown.appendEntries(60, 90);
        grown.checkpoint = grown.sequencer.signCheckpoint(KEY);
        EvidenceBundle bundle = EvidenceBundle.assemble(
                        "MV-1", Instant.now(), "test", grown.checkpoint, grown.movementEntries, List.of(), grown.tree)
                .withConsistencyProofs(List.of(grown.tree.consistencyProof(60, 90)));
        EvidenceBundle verified =
                verifier.verify(new BundleWriter(KEY).write(bundle)).orElseThrow();

        assertThat(BundleVerifier.checkAgainst(verified, before))
                .isEqualTo(Verdict.valid(
                        "extends the checkpoint seen before (size 60 -> 90, consistency proof verified)"));
        assertThat(BundleVerifier.checkAgainst(verified, new Checkpoint(before.origin(), 120, before.root())))
                .isEqualTo(Verdict.invalid(
                        Reason.CHECKPOINT_GOES_BACKWARDS, "checkpoint goes backwards: size 90 < 120 seen before"));
        assertThat(((Verdict.Invalid<?>) BundleVerifier.checkAgainst(
                                verified,
                                new Checkpoint(
                                        before.origin(), 60, before.root().withBitFlipped(3))))
                        .reason())
                .isEqualTo(Reason.CONSISTENCY_FAILED);
        assertThat(BundleVerifier.checkAgainst(verified, new Checkpoint(before.origin(), 59, before.root())))
                .isInstanceOf(Verdict.Valid.class)
                .extracting(v -> ((Verdict.Valid<String>) v).value())
                .asString()
                .contains("consistency NOT proven");
        assertThat(BundleVerifier.checkAgainst(verified, new Checkpoint(before.origin(), 90, before.root())))
                .isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void consistencyProofsTravelInTheBundle() {
        ConsistencyProof proof = fixture.tree.consistencyProof(17, 60);
        EvidenceBundle bundle = fixture.bundle.withConsistencyProofs(List.of(proof));

        assertThat(verifier.verify(new BundleWriter(KEY).write(bundle))
                        .orElseThrow()
                        .consistencyProofs())
                .containsExactly(proof);
    }

    /** Changes entry {@code index}'s actor in both the readable fields and the canonical content. */
    private static void alterEntry(Document document, int index) {
        Element entry = nth(document, "Entry", index);
        String canonical = new String(
                Base64.getMimeDecoder()
                        .decode(first(entry.getOwnerDocument(), "Canonical").getTextContent()),
                StandardCharsets.UTF_8);
        String altered = canonical.replace("user:officer.wanjiru", "user:mallory");
        ((Element) entry.getElementsByTagNameNS(BundleXml.NS, "Canonical").item(0))
                .setTextContent(Base64.getEncoder().encodeToString(altered.getBytes(StandardCharsets.UTF_8)));
        ((Element) entry.getElementsByTagNameNS(BundleXml.NS, "Actor").item(0)).setTextContent("user:mallory");
    }

    /** A valid signature whose reference keeps only the Metadata element, with an entry then altered. */
    private static byte[] partiallySigned(byte[] xml) {
        Document document = BundleFixture.parse(xml);
        BundleFixture.removeSignature(document);
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            BundleWriter.sign(
                    document,
                    KEY,
                    factory,
                    factory.newReference(
                            "",
                            factory.newDigestMethod(DigestMethod.SHA256, null),
                            List.of(factory.newTransform(
                                    Transform.XPATH2,
                                    new XPathFilter2ParameterSpec(List.of(new XPathType(
                                            "//*[local-name()='Metadata']", XPathType.Filter.INTERSECT))))),
                            null,
                            null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        first(document, "Actor").setTextContent("user:mallory");
        return BundleXml.serialize(document, false);
    }
}
