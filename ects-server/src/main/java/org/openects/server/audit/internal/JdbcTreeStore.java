package org.openects.server.audit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openects.evidence.Hash;
import org.openects.evidence.merkle.Node;
import org.openects.evidence.merkle.NodeAddress;
import org.openects.evidence.merkle.TreeStore;
import org.openects.server.shared.BulkRows;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Merkle tree state in tables {@code audit_tree_nodes (level, idx, hash)} and the one-row {@code audit_tree_size}.
 * {@link #append} joins the caller's transaction (the one that inserts the entries) and, on PostgreSQL, sends the nodes
 * with one binary COPY; {@link #read} is one query.
 */
public final class JdbcTreeStore implements TreeStore {

    /** Addresses per query: O(log n) per proof, so one query in practice. */
    private static final int MAX_PER_QUERY = 500;

    private final JdbcTemplate jdbc;
    private final boolean copy;

    /** A store that inserts nodes with batched INSERTs. */
    public JdbcTreeStore(JdbcTemplate jdbc) {
        this(jdbc, false);
    }

    /**
     * @param copy whether to insert nodes with PostgreSQL's binary COPY ({@link BulkRows}) rather than batched INSERTs
     */
    JdbcTreeStore(JdbcTemplate jdbc, boolean copy) {
        this.jdbc = jdbc;
        this.copy = copy;
    }

    @Override
    public long size() {
        Long size = jdbc.queryForObject("SELECT size FROM audit_tree_size WHERE id = 1", Long.class);
        if (size == null) {
            throw new IllegalStateException("audit_tree_size has no row");
        }
        return size;
    }

    @Override
    public List<Hash> read(List<NodeAddress> nodes) {
        Map<NodeAddress, Hash> found = new HashMap<>();
        for (int from = 0; from < nodes.size(); from += MAX_PER_QUERY) {
            List<NodeAddress> chunk = nodes.subList(from, Math.min(nodes.size(), from + MAX_PER_QUERY));
            StringBuilder sql =
                    new StringBuilder("SELECT level, idx, hash FROM audit_tree_nodes WHERE (level, idx) IN (");
            Object[] params = new Object[2 * chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                params[2 * i] = chunk.get(i).level();
                params[2 * i + 1] = chunk.get(i).index();
            }
            sql.append(')');
            jdbc.query(
                    sql.toString(),
                    rs -> {
                        found.put(new NodeAddress(rs.getInt(1), rs.getLong(2)), Hash.of(rs.getBytes(3)));
                    },
                    params);
        }
        List<Hash> hashes = new ArrayList<>(nodes.size());
        for (NodeAddress address : nodes) {
            Hash hash = found.get(address);
            if (hash == null) {
                throw new IllegalArgumentException(
                        "no stored tree node at level " + address.level() + ", index " + address.index());
            }
            hashes.add(hash);
        }
        return hashes;
    }

    @Override
    public void append(long expectedSize, long newSize, List<Node> nodes) {
        int moved = jdbc.update("UPDATE audit_tree_size SET size = ? WHERE id = 1 AND size = ?", newSize, expectedSize);
        if (moved != 1) {
            throw new ConcurrentAppendException(expectedSize, size());
        }
        if (nodes.isEmpty()) {
            return;
        }
        BulkRows rows = new BulkRows(copy, "audit_tree_nodes", "level", "idx", "hash");
        for (Node node : nodes) {
            rows.row()
                    .int4(node.address().level())
                    .bigint(node.address().index())
                    .bytea(node.hash().bytes());
        }
        rows.insert(jdbc);
    }
}
