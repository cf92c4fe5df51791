package org.openects.evidence.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.openects.evidence.Hash;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.Attachment;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.entry.Subject;
import org.openects.evidence.log.Sequencer;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.MerkleTree;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A log of 60 entries, a third of them about movement MV-1, some with device frames, and a bundle for MV-1. */
final class BundleFixture {

    static final String ORIGIN = "ects.example.org/audit";
    static final NoteSigner KEY = NoteSigner.generate(ORIGIN);
    static final Instant START = Instant.parse("2025-03-01T06:00:00Z");

    final InMemoryTreeStore store = new InMemoryTreeStore();
    final Sequencer sequencer = new Sequencer(store, ORIGIN);
    final MerkleTree tree = new MerkleTree(store);
    final List<AuditEntry> movementEntries = new ArrayList<>();
    final List<FrameDigest> frames = new ArrayList<>();
    SignedCheckpoint checkpoint;
    EvidenceBundle bundle;

    BundleFixture() {
        appendEntries(0, 60);
        checkpoint = sequencer.signCheckpoint(KEY);
        bundle = EvidenceBundle.assemble(
                "MV-1", START.plusSeconds(3600), "OpenECTS test", checkpoint, movementEntries, frames, tree);
    }

    void appendEntries(int from, int to) {
        for (int i = from; i < to; i++) {
            String movement = "MV-" + (i % 3);
            List<Attachment> attachments = new ArrayList<>();
            Hash frame = Hash.sha256(("frame " + i).getBytes(StandardCharsets.UTF_8));
            if (i % 2 == 0) {
                attachments.add(Attachment.frame(frame));
            }
            AuditEntry entry = sequencer.append(new EntryDraft(
                    START.plusSeconds(60L * i),
                    i % 5 == 0 ? "device:ESEAL-42" : "user:officer.wanjiru",
                    i % 5 == 0 ? "seal.reported" : "movement.inspected",
                    new Subject("movement", movement),
                    Map.of("gate", "Malaba", "note", "line one\nline two\twith tab & <markup> \"quoted\" – ✓"),
                    attachments));
            if (movement.equals("MV-1")) {
                movementEntries.add(entry);
                if (!attachments.isEmpty()) {
                    frames.add(new FrameDigest(frame, "ESEAL-42", START.plusSeconds(60L * i + 2)));
                }
            }
        }
    }

    byte[] xml() {
        return new BundleWriter(KEY).write(bundle);
    }

    /** The bundle's document changed by {@code change}, then signed again by {@code signer} over the whole. */
    static byte[] resigned(byte[] xml, NoteSigner signer, Consumer<Document> change) {
        Document document = parse(xml);
        removeSignature(document);
        change.accept(document);
        try {
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            BundleWriter.sign(
                    document,
                    signer,
                    factory,
                    factory.newReference(
                            "",
                            factory.newDigestMethod(DigestMethod.SHA256, null),
                            List.of(
                                    factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                                    factory.newTransform(
                                            CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                            null,
                            null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return BundleXml.serialize(document, false);
    }

    static Document parse(byte[] xml) {
        try {
            return BundleXml.parse(xml);
        } catch (org.xml.sax.SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    static void removeSignature(Document document) {
        NodeList signatures = document.getElementsByTagNameNS(BundleXml.DSIG_NS, "Signature");
        while (signatures.getLength() > 0) {
            signatures.item(0).getParentNode().removeChild(signatures.item(0));
        }
    }

    static Element first(Document document, String localName) {
        return (Element)
                document.getElementsByTagNameNS(BundleXml.NS, localName).item(0);
    }

    static Element nth(Document document, String localName, int n) {
        return (Element)
                document.getElementsByTagNameNS(BundleXml.NS, localName).item(n);
    }
}
