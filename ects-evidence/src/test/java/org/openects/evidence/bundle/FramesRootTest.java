package org.openects.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.evidence.bundle.BundleFixture.KEY;
import static org.openects.evidence.bundle.BundleFixture.nth;
import static org.openects.evidence.bundle.BundleFixture.resigned;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;
import org.openects.evidence.Reason;
import org.openects.evidence.Verdict;
import org.openects.evidence.checkpoint.SignedCheckpoint;
import org.openects.evidence.entry.AuditEntry;
import org.openects.evidence.entry.EntryDraft;
import org.openects.evidence.entry.Subject;
import org.openects.evidence.log.Sequencer;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.MerkleTree;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Bundles whose frames are vouched for by one export entry's {@code framesRoot} rather than one attachment each: they
 * verify, stay the same size export after export, and any change to the frame list (a digest, the order, one frame
 * more or less) is refused.
 */
class FramesRootTest {

    static final Instant START = Instant.parse("2025-03-01T06:00:00Z");

    private final BundleVerifier verifier = new BundleVerifier(KEY.verifierKey());
    private final InMemoryTreeStore store = new InMemoryTreeStore();
    private final Sequencer sequencer = new Sequencer(store, BundleFixture.ORIGIN);
    private final List<AuditEntry> entries = new ArrayList<>();
    private final List<FrameDigest> frames = new ArrayList<>();

    @Test
    void theRootOfAFrameListIsTheRfc6962RootOfItsDigests() {
        Hash a = Hash.sha256(new byte[] {1});
        Hash b = Hash.sha256(new byte[] {2});
        Hash c = Hash.sha256(new byte[] {3});
        List<FrameDigest> three = List.of(frame(a), frame(b), frame(c));

        Hash expected = MerkleHashes.node(
                MerkleHashes.node(MerkleHashes.leaf(a.bytes()), MerkleHashes.leaf(b.bytes())),
                MerkleHashes.leaf(c.bytes()));
        assertThat(FrameDigest.root(three)).isEqualTo(expected);
        assertThat(FrameDigest.root(List.of())).isEqualTo(MerkleHashes.empty());
    }

    @Test
    void exportsVouchForTheirFramesByRootAndDoNotGrowWithEachOther() {
        byte[] first = export(40);
        assertThat(verifier.verify(first)).isInstanceOf(Verdict.Valid.class);
        byte[] second = export(0);
        byte[] third = export(0);

        assertThat(verifier.verify(third)).isInstanceOf(Verdict.Valid.class);
        // each later bundle holds one more small entry (the previous export), not another copy of the 40 digests
        long growth = third.length - second.length;
        assertThat(growth).isPositive().isLessThan(3_000);
        assertThat(new String(third, StandardCharsets.UTF_8)).doesNotContain("<Attachment");
    }

    @Test
    void anyChangeToTheFrameListIsRefused() {
        byte[] xml = export(12);
        Map<String, Consumer<Document>> changes = new LinkedHashMap<>();
        changes.put("a digest altered", d -> {
            Element frame = nth(d, "Frame", 5);
            frame.setAttribute(
                    "sha256",
                    Hash.ofHex(frame.getAttribute("sha256")).withBitFlipped(0).hex());
        });
        changes.put("two frames swapped", d -> {
            Element third = nth(d, "Frame", 2);
            third.getParentNode().insertBefore(third, nth(d, "Frame", 1));
        });
        changes.put("a frame removed", d -> {
            Element frame = nth(d, "Frame", 11);
            frame.getParentNode().removeChild(frame);
        });
        changes.put("a frame added", d -> {
            Element copy = (Element) nth(d, "Frame", 0).cloneNode(true);
            copy.setAttribute("sha256", Hash.sha256(new byte[] {42}).hex());
            nth(d, "Frame", 0).getParentNode().appendChild(copy);
        });
        changes.put("the root altered", d -> {
            for (Element detail : elements(d, "Detail")) {
                if (FrameDigest.ROOT_DETAIL.equals(detail.getAttribute("name"))) {
                    detail.setTextContent(Hash.sha256(new byte[0]).base64());
                }
            }
        });
        for (Map.Entry<String, Consumer<Document>> change : changes.entrySet()) {
            Verdict<EvidenceBundle> verdict = verifier.verify(resigned(xml, KEY, change.getValue()));
            assertThat(verdict).as(change.getKey()).isInstanceOf(Verdict.Invalid.class);
            Verdict.Invalid<?> invalid = (Verdict.Invalid<?>) verdict;
            if (change.getKey().equals("the root altered")) {
                // the readable copy no longer matches the signed canonical entry
                assertThat(invalid.reason()).as(change.getKey()).isEqualTo(Reason.ENTRY_FIELDS_MISMATCH);
            } else {
                assertThat(invalid.reason()).as(change.getKey()).isEqualTo(Reason.FRAME_NOT_REFERENCED);
                assertThat(invalid.message()).as(change.getKey()).contains("matches the framesRoot of no entry");
            }
        }
    }

    /** Appends {@code newFrames} reports' frames and an export entry vouching for all frames so far; the bundle. */
    private byte[] export(int newFrames) {
        for (int i = 0; i < newFrames; i++) {
            frames.add(frame(Hash.sha256(("frame " + frames.size()).getBytes(StandardCharsets.UTF_8))));
        }
        entries.add(sequencer.append(new EntryDraft(
                START.plusSeconds(entries.size()),
                "user:auditor.amina",
                "evidence.exported",
                new Subject("movement", "7"),
                Map.of(
                        "format",
                        "xml",
                        "frames",
                        Integer.toString(frames.size()),
                        FrameDigest.ROOT_DETAIL,
                        FrameDigest.root(frames).base64()),
                List.of())));
        SignedCheckpoint checkpoint = sequencer.signCheckpoint(KEY);
        EvidenceBundle bundle = EvidenceBundle.assemble(
                "MV-7", START.plusSeconds(3600), "OpenECTS test", checkpoint, entries, frames, new MerkleTree(store));
        return new BundleWriter(KEY).write(bundle);
    }

    private static FrameDigest frame(Hash digest) {
        return new FrameDigest(digest, "ESEAL-7", START);
    }

    private static List<Element> elements(Document document, String localName) {
        List<Element> found = new ArrayList<>();
        var nodes = document.getElementsByTagNameNS(BundleXml.NS, localName);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
