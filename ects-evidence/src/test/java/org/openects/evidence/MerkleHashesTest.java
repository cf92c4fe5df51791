package org.openects.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MerkleHashesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theEmptyTreeHasTheHashOfTheEmptyString() {
        // RFC 6962 test vector: root of the empty tree.
        assertThat(HEX.formatHex(MerkleHashes.emptyRoot()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aLeafOfTheEmptyEntryHashesTheDomainSeparatorAlone() {
        // RFC 6962 reference vectors: leaf hash of the empty entry is SHA-256(0x00).
        assertThat(HEX.formatHex(MerkleHashes.leafHash(new byte[0])))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void aNodeDiffersFromALeafOverTheSameBytes() {
        byte[] left = MerkleHashes.leafHash(new byte[] {1});
        byte[] right = MerkleHashes.leafHash(new byte[] {2});
        byte[] concatenated = new byte[64];
        System.arraycopy(left, 0, concatenated, 0, 32);
        System.arraycopy(right, 0, concatenated, 32, 32);
        assertThat(MerkleHashes.nodeHash(left, right)).isNotEqualTo(MerkleHashes.leafHash(concatenated));
    }
}
