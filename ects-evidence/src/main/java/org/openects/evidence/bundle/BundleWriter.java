package org.openects.evidence.bundle;

import static org.openects.evidence.bundle.BundleXml.NS;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.openects.evidence.Hash;
import org.openects.evidence.checkpoint.NoteSigner;
import org.openects.evidence.entry.Attachment;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.CanonicalJson;
import org.openects.evidence.merkle.ConsistencyProof;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Writes an {@link EvidenceBundle} as XML (evidence-bundle.xsd) with an enveloped XML signature over the whole document:
 * Ed25519 ({@code http://www.w3.org/2021/04/xmldsig-more#eddsa-ed25519}), SHA-256 digest, exclusive canonicalisation,
 * and a {@code KeyName} naming the key as {@code name+keyid}. The key is the platform's note key (the one that signs
 * checkpoints) or a separate export key of the same kind.
 */
public final class BundleWriter {

    private final NoteSigner signer;

    public BundleWriter(NoteSigner signer) {
        this.signer = signer;
    }

    /** The signed bundle, UTF-8 XML. */
    public byte[] write(EvidenceBundle bundle) {
        Document document = reparsed(unsigned(bundle));
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        try {
            Reference reference = factory.newReference(
                    "",
                    factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(
                            factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null,
                    null);
            sign(document, signer, factory, reference);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK XML signature lacks Ed25519 or SHA-256", e);
        }
        return BundleXml.serialize(document, false);
    }

    /** Signs {@code document} with one reference; visible to tests that forge partial signatures. */
    static void sign(Document document, NoteSigner signer, XMLSignatureFactory factory, Reference reference)
            throws GeneralSecurityException {
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(BundleXml.ED25519, null),
                List.of(reference));
        KeyInfoFactory keys = factory.getKeyInfoFactory();
        KeyInfo keyInfo =
                keys.newKeyInfo(List.of(keys.newKeyName(signer.verifierKey().label())));
        DOMSignContext context = new DOMSignContext(signer.jdkKey(), document.getDocumentElement());
        context.setDefaultNamespacePrefix("ds");
        try {
            factory.newXMLSignature(signedInfo, keyInfo).sign(context);
        } catch (MarshalException | XMLSignatureException e) {
            throw new GeneralSecurityException("cannot sign the bundle", e);
        }
    }

    /** The bundle without signature, indented (indentation is fixed before signing, so it is signed too). */
    static Document unsigned(EvidenceBundle bundle) {
        Document document = BundleXml.parser().newDocument();
        Element root = document.createElementNS(NS, "EvidenceBundle");
        root.setAttribute("version", "1");
        document.appendChild(root);

        Element metadata = add(root, "Metadata");
        add(metadata, "MovementReference", bundle.movementReference());
        add(metadata, "GeneratedAt", bundle.generatedAt().toString());
        add(metadata, "Generator", bundle.generator());
        add(root, "Checkpoint", bundle.checkpoint().text());

        Element entries = add(root, "Entries");
        for (BundleEntry bundled : bundle.entries()) {
            AuditEntry entry = bundled.entry();
            Element element = add(entries, "Entry");
            element.setAttribute("sequence", Long.toString(entry.sequence()));
            add(element, "Canonical", Base64.getEncoder().encodeToString(entry.canonical()));
            add(element, "Time", CanonicalJson.time(entry.time()));
            add(element, "Actor", entry.actor());
            add(element, "Action", entry.action());
            Element subject = add(element, "Subject");
            subject.setAttribute("type", entry.subject().type());
            subject.setAttribute("id", entry.subject().id());
            for (Map.Entry<String, String> detail : entry.details().entrySet()) {
                add(element, "Detail", detail.getValue()).setAttribute("name", detail.getKey());
            }
            for (Attachment attachment : entry.attachments()) {
                Element a = add(element, "Attachment");
                a.setAttribute("kind", attachment.kind());
                a.setAttribute("sha256", attachment.sha256().hex());
            }
            Element proof = add(element, "InclusionProof");
            proof.setAttribute("leafIndex", Long.toString(bundled.proof().leafIndex()));
            proof.setAttribute("treeSize", Long.toString(bundled.proof().treeSize()));
            addHashes(proof, bundled.proof().path());
        }

        Element frames = add(root, "Frames");
        for (FrameDigest frame : bundle.frames()) {
            Element f = add(frames, "Frame");
            f.setAttribute("sha256", frame.sha256().hex());
            f.setAttribute("device", frame.device());
            f.setAttribute("receivedAt", frame.receivedAt().toString());
        }
        for (ConsistencyProof consistency : bundle.consistencyProofs()) {
            Element proof = add(root, "ConsistencyProof");
            proof.setAttribute("oldSize", Long.toString(consistency.oldSize()));
            proof.setAttribute("newSize", Long.toString(consistency.newSize()));
            addHashes(proof, consistency.path());
        }
        return document;
    }

    private static void addHashes(Element parent, List<Hash> hashes) {
        for (Hash hash : hashes) {
            add(parent, "Hash", hash.base64());
        }
    }

    private static Document reparsed(Document document) {
        try {
            return BundleXml.parse(BundleXml.serialize(document, true));
        } catch (SAXException e) {
            throw new IllegalStateException("the bundle does not read back", e);
        }
    }

    private static Element add(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElementNS(NS, name);
        parent.appendChild(element);
        return element;
    }

    private static Element add(Element parent, String name, String text) {
        Element element = add(parent, name);
        element.setTextContent(text);
        return element;
    }
}
