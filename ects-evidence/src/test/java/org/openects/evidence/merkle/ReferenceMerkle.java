package org.openects.evidence.merkle;

import java.util.ArrayList;
import java.util.List;
import org.openects.evidence.Hash;
import org.openects.evidence.MerkleHashes;

/** RFC 6962 section 2.1 transcribed literally: MTH, PATH and PROOF by recursion over the list of entries. */
final class ReferenceMerkle {

    private ReferenceMerkle() {}

    static Hash mth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) {
            return MerkleHashes.empty();
        }
        if (n == 1) {
            return MerkleHashes.leaf(d.getFirst());
        }
        int k = largestPowerOfTwoBelow(n);
        return MerkleHashes.node(mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    static List<Hash> path(int m, List<byte[]> d) {
        int n = d.size();
        List<Hash> result = new ArrayList<>();
        if (n == 1) {
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            result.addAll(path(m, d.subList(0, k)));
            result.add(mth(d.subList(k, n)));
        } else {
            result.addAll(path(m - k, d.subList(k, n)));
            result.add(mth(d.subList(0, k)));
        }
        return result;
    }

    static List<Hash> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    private static List<Hash> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<Hash> result = new ArrayList<>();
        if (m == n) {
            if (!b) {
                result.add(mth(d));
            }
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            result.addAll(subproof(m, d.subList(0, k), b));
            result.add(mth(d.subList(k, n)));
        } else {
            result.addAll(subproof(m - k, d.subList(k, n), false));
            result.add(mth(d.subList(0, k)));
        }
        return result;
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }
}
