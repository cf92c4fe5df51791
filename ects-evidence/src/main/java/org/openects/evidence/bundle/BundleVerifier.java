package org.openects.evidence.bundle;

import static org.openects.evidence.bundle.BundleXml.children;
import static org.openects.evidence.bundle.BundleXml.text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyName;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Validator;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.checkpoint.Checkpoint;
import org.openects.evidence.checkpoint.Checkpoints;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.checkpoint.VerifierKey;
import org.openects.evidence.entry.Attachment;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.Subject;
import org.openects.evidence.merkle.ConsistencyProof;
import org.openects.evidence.merkle.InclusionProof;
import org.openects.evidence.merkle.Proofs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Verifies an XML evidence bundle offline, in this order, stopping at the first failure: well-formed XML; an XML
 * signature is present; the schema; the XML signature (one reference to the whole document, enveloped, exclusive
 * canonicalisation, Ed25519 by the trusted bundle key); the checkpoint note's signature by the trusted log key; every
 * entry (readable fields equal the canonical content, the proof is for its sequence number and the checkpoint size, the
 * proof leads to the checkpoint root); every frame digest is referenced by an entry, as an attachment of kind
 * {@code frame}, or all of them at once by an entry whose {@value FrameDigest#ROOT_DETAIL} detail is the Merkle root
 * of the bundle's frame list ({@link FrameDigest#root}).
 */
public final class BundleVerifier {

    private static final Set<String> ACCEPTED_TRANSFORMS =
            Set.of(Transform.ENVELOPED, CanonicalizationMethod.EXCLUSIVE);

    private final VerifierKey logKey;
    private final VerifierKey bundleKey;

    /** A verifier for bundles signed with the log's own key. */
    public BundleVerifier(VerifierKey logKey) {
        this(logKey, logKey);
    }

    /**
     * @param logKey the key that signs checkpoints
     * @param bundleKey the key that signs bundles
     */
    public BundleVerifier(VerifierKey logKey, VerifierKey bundleKey) {
        this.logKey = logKey;
        this.bundleKey = bundleKey;
    }

    /** The bundle, once everything in it verifies. */
    public Verdict<EvidenceBundle> verify(byte[] xml) {
        Document document;
        try {
            document = BundleXml.parse(xml);
        } catch (SAXException e) {
            return Verdict.invalid(Reason.MALFORMED_XML, "not well-formed XML: " + e.getMessage());
        }
        NodeList signatures = document.getElementsByTagNameNS(BundleXml.DSIG_NS, "Signature");
        if (signatures.getLength() == 0) {
            return Verdict.invalid(Reason.XML_SIGNATURE_MISSING, "XML signature missing");
        }
        try {
            Validator validator = BundleXml.schema().newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new DOMSource(document));
        } catch (SAXException | java.io.IOException e) {
            return Verdict.invalid(Reason.SCHEMA_INVALID, "does not conform to evidence-bundle.xsd: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (signatures.getLength() != 1 || signatures.item(0).getParentNode() != root) {
            return Verdict.invalid(
                    Reason.XML_SIGNATURE_PARTIAL, "XML signature must be one ds:Signature, a child of the root");
        }
        return verifySignature((Element) signatures.item(0))
                .then(ok -> read(root))
                .then(this::verifyContent);
    }

    /**
     * Checks a verified bundle's checkpoint against one the auditor saw before: not smaller, not a fork, and, when it
     * is larger and the bundle carries a consistency proof from its size, consistent with it.
     *
     * @return a line saying what was established
     */
    public static Verdict<String> checkAgainst(EvidenceBundle bundle, Checkpoint previous) {
        Checkpoint current = bundle.checkpoint().checkpoint();
        Verdict<Checkpoint> order = Checkpoints.checkNotBackwards(previous, current);
        if (order instanceof Verdict.Invalid<Checkpoint> invalid) {
            return invalid.cast();
        }
        if (previous.size() == current.size()) {
            return Verdict.valid("same checkpoint as seen before (size " + current.size() + ")");
        }
        for (ConsistencyProof proof : bundle.consistencyProofs()) {
            if (proof.oldSize() == previous.size()) {
                return Checkpoints.checkExtends(previous, current, proof)
                        .map(ok -> "extends the checkpoint seen before (size " + previous.size() + " -> "
                                + current.size() + ", consistency proof verified)");
            }
        }
        return Verdict.valid("larger than the checkpoint seen before (size " + previous.size() + " -> " + current.size()
                + "); consistency NOT proven: the bundle has no proof from size " + previous.size());
    }

    private Verdict<Element> verifySignature(Element signatureElement) {
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        DOMValidateContext context = new DOMValidateContext(bundleKey.jdkKey(), signatureElement);
        context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        XMLSignature signature;
        try {
            signature = factory.unmarshalXMLSignature(context);
        } catch (MarshalException e) {
            return Verdict.invalid(
                    Reason.XML_SIGNATURE_INVALID, "XML signature invalid: unreadable: " + e.getMessage());
        }
        String signedBy = keyName(signature.getKeyInfo());
        if (!bundleKey.label().equals(signedBy)) {
            return Verdict.invalid(
                    Reason.XML_SIGNATURE_UNKNOWN_KEY,
                    "bundle signed by unknown key " + signedBy + " (trusted: " + bundleKey.label() + ")");
        }
        List<?> references = signature.getSignedInfo().getReferences();
        if (references.size() != 1 || !(references.getFirst() instanceof Reference reference)) {
            return partial("it has " + references.size() + " references, not one to the whole document");
        }
        List<String> transforms = new ArrayList<>();
        for (Object transform : reference.getTransforms()) {
            transforms.add(((Transform) transform).getAlgorithm());
        }
        if (!"".equals(reference.getURI())
                || transforms.size() != 2
                || !transforms.getFirst().equals(Transform.ENVELOPED)
                || !new HashSet<>(transforms).equals(ACCEPTED_TRANSFORMS)) {
            return partial("its reference is '" + reference.getURI() + "' with transforms " + transforms
                    + ", not the whole document (\"\", enveloped, exclusive c14n)");
        }
        String algorithm = signature.getSignedInfo().getSignatureMethod().getAlgorithm();
        if (!BundleXml.ED25519.equals(algorithm)
                || !DigestMethod.SHA256.equals(reference.getDigestMethod().getAlgorithm())) {
            return Verdict.invalid(
                    Reason.XML_SIGNATURE_INVALID,
                    "XML signature invalid: uses " + algorithm + ", not Ed25519 with SHA-256 digests");
        }
        try {
            if (!signature.getSignatureValue().validate(context)) {
                return Verdict.invalid(
                        Reason.XML_SIGNATURE_INVALID,
                        "XML signature invalid: signature value does not verify under " + bundleKey.label());
            }
            if (!reference.validate(context)) {
                return Verdict.invalid(
                        Reason.XML_REFERENCE_DIGEST_MISMATCH, "XML signature invalid: reference digest mismatch");
            }
        } catch (XMLSignatureException e) {
            return Verdict.invalid(Reason.XML_SIGNATURE_INVALID, "XML signature invalid: " + e.getMessage());
        }
        return Verdict.valid(signatureElement);
    }

    private static Verdict<Element> partial(String detail) {
        return Verdict.invalid(
                Reason.XML_SIGNATURE_PARTIAL, "XML signature does not cover the whole bundle: " + detail);
    }

    private static String keyName(KeyInfo keyInfo) {
        if (keyInfo != null) {
            for (Object content : keyInfo.getContent()) {
                if (content instanceof KeyName name) {
                    return name.getName();
                }
            }
        }
        return "(unnamed)";
    }

    private Verdict<EvidenceBundle> read(Element root) {
        Element metadata = BundleXml.child(root, "Metadata");
        String checkpointText = text(root, "Checkpoint");
        Verdict<SignedCheckpoint> checkpoint = Checkpoints.verify(checkpointText, logKey);
        if (checkpoint instanceof Verdict.Invalid<SignedCheckpoint> invalid) {
            return invalid.cast();
        }
        List<BundleEntry> entries = new ArrayList<>();
        for (Element element : children(BundleXml.child(root, "Entries"), "Entry")) {
            long sequence = Long.parseLong(element.getAttribute("sequence"));
            byte[] content = Base64.getMimeDecoder().decode(text(element, "Canonical"));
            AuditEntry entry;
            try {
                entry = readable(element, sequence);
            } catch (IllegalArgumentException e) {
                return fieldsMismatch(sequence);
            }
            if (!Arrays.equals(entry.canonical(), content)) {
                return fieldsMismatch(sequence);
            }
            Element proof = BundleXml.child(element, "InclusionProof");
            entries.add(new BundleEntry(
                    entry,
                    new InclusionProof(
                            Long.parseLong(proof.getAttribute("leafIndex")),
                            Long.parseLong(proof.getAttribute("treeSize")),
                            hashes(proof))));
        }
        List<FrameDigest> frames = new ArrayList<>();
        for (Element frame : children(BundleXml.child(root, "Frames"), "Frame")) {
            frames.add(new FrameDigest(
                    Hash.ofHex(frame.getAttribute("sha256")),
                    frame.getAttribute("device"),
                    Instant.parse(frame.getAttribute("receivedAt"))));
        }
        List<ConsistencyProof> consistency = new ArrayList<>();
        for (Element proof : children(root, "ConsistencyProof")) {
            consistency.add(new ConsistencyProof(
                    Long.parseLong(proof.getAttribute("oldSize")),
                    Long.parseLong(proof.getAttribute("newSize")),
                    hashes(proof)));
        }
        EvidenceBundle bundle = new EvidenceBundle(
                text(metadata, "MovementReference"),
                Instant.parse(text(metadata, "GeneratedAt")),
                text(metadata, "Generator"),
                checkpoint.orElseThrow(),
                entries,
                frames,
                consistency);
        return Verdict.valid(bundle);
    }

    private static <T> Verdict<T> fieldsMismatch(long sequence) {
        return Verdict.invalid(
                Reason.ENTRY_FIELDS_MISMATCH,
                "entry " + sequence + ": readable fields do not match the canonical content");
    }

    private static AuditEntry readable(Element element, long sequence) {
        Map<String, String> details = new LinkedHashMap<>();
        for (Element detail : children(element, "Detail")) {
            if (details.put(detail.getAttribute("name"), detail.getTextContent()) != null) {
                throw new IllegalArgumentException("duplicate detail");
            }
        }
        List<Attachment> attachments = new ArrayList<>();
        for (Element attachment : children(element, "Attachment")) {
            attachments.add(
                    new Attachment(attachment.getAttribute("kind"), Hash.ofHex(attachment.getAttribute("sha256"))));
        }
        Element subject = BundleXml.child(element, "Subject");
        return AuditEntry.of(
                sequence,
                Instant.parse(text(element, "Time")),
                text(element, "Actor"),
                text(element, "Action"),
                new Subject(subject.getAttribute("type"), subject.getAttribute("id")),
                details,
                attachments);
    }

    private static List<Hash> hashes(Element parent) {
        List<Hash> hashes = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element hash && "Hash".equals(hash.getLocalName())) {
                hashes.add(Hash.ofBase64(hash.getTextContent().strip()));
            }
        }
        return hashes;
    }

    private Verdict<EvidenceBundle> verifyContent(EvidenceBundle bundle) {
        Checkpoint checkpoint = bundle.checkpoint().checkpoint();
        Set<Hash> referencedFrames = new HashSet<>();
        for (BundleEntry bundled : bundle.entries()) {
            AuditEntry entry = bundled.entry();
            InclusionProof proof = bundled.proof();
            String which = "entry " + entry.sequence() + ": ";
            if (proof.leafIndex() != entry.sequence() || proof.treeSize() != checkpoint.size()) {
                return Verdict.invalid(
                        Reason.PROOF_MISPLACED,
                        which + "inclusion proof is for leaf " + proof.leafIndex() + " of " + proof.treeSize()
                                + ", not leaf " + entry.sequence() + " of the checkpoint's " + checkpoint.size());
            }
            Verdict<InclusionProof> included =
                    Proofs.verifyInclusion(proof, MerkleHashes.leaf(entry.canonical()), checkpoint.root());
            if (included instanceof Verdict.Invalid<InclusionProof> invalid) {
                String detail = invalid.reason() == Reason.ROOT_MISMATCH
                        ? "inclusion proof does not lead to the checkpoint root"
                        : invalid.message();
                return Verdict.invalid(Reason.INCLUSION_FAILED, which + detail);
            }
            for (Attachment attachment : entry.attachments()) {
                if (Attachment.FRAME.equals(attachment.kind())) {
                    referencedFrames.add(attachment.sha256());
                }
            }
        }
        FrameDigest unreferenced = bundle.frames().stream()
                .filter(frame -> !referencedFrames.contains(frame.sha256()))
                .findFirst()
                .orElse(null);
        if (unreferenced == null) {
            return Verdict.valid(bundle);
        }
        // An export entry may vouch for the whole frame list at once: the Merkle root over it, in bundle order.
        String root = FrameDigest.root(bundle.frames()).base64();
        List<Long> rooted = new ArrayList<>();
        for (BundleEntry bundled : bundle.entries()) {
            String claimed = bundled.entry().details().get(FrameDigest.ROOT_DETAIL);
            if (root.equals(claimed)) {
                return Verdict.valid(bundle);
            }
            if (claimed != null) {
                rooted.add(bundled.entry().sequence());
            }
        }
        return Verdict.invalid(
                Reason.FRAME_NOT_REFERENCED,
                "frame " + unreferenced.sha256().hex() + " is referenced by no entry in the bundle"
                        + (rooted.isEmpty()
                                ? ""
                                : ", and the Merkle root of the bundle's "
                                        + bundle.frames().size()
                                        + " frames matches the " + FrameDigest.ROOT_DETAIL + " of no entry (entries "
                                        + rooted + " carry one)"));
    }
}
