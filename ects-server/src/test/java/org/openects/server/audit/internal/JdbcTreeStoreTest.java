package org.openects.server.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.evidence.Hash;
import org.openects.evidence.merkle.InMemoryTreeStore;
import org.openects.evidence.merkle.MerkleTree;
import org.openects.evidence.merkle.Node;
import org.openects.evidence.merkle.TreeStore;
import org.openects.evidence.merkle.TreeWriter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/** The tree store on the portable schema (H2 here), against the library's in-memory store. */
class JdbcTreeStoreTest {

    JdbcTemplate jdbc;
    JdbcTreeStore store;

    @BeforeEach
    void anEmptyLogOnH2() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        jdbc = new JdbcTemplate(dataSource);
        try (var connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/migration/common/V7__audit.sql"));
        }
        store = new JdbcTreeStore(jdbc);
    }

    @Test
    void rootsAndProofsEqualThoseOfTheInMemoryStore() {
        InMemoryTreeStore reference = new InMemoryTreeStore();
        TreeWriter writer = new TreeWriter(store);
        TreeWriter referenceWriter = new TreeWriter(reference);
        for (int batch = 1; batch <= 7; batch++) {
            List<Hash> leaves = new ArrayList<>();
            for (int i = 0; i < batch * 3; i++) {
                leaves.add(Hash.sha256(("leaf " + batch + "/" + i).getBytes()));
            }
            writer.append(leaves);
            referenceWriter.append(leaves);
        }
        MerkleTree tree = new MerkleTree(store);
        MerkleTree expected = new MerkleTree(reference);
        assertThat(store.size()).isEqualTo(84);
        for (long size = 1; size <= 84; size += 7) {
            assertThat(tree.root(size)).isEqualTo(expected.root(size));
            assertThat(tree.inclusionProof(size / 2, size)).isEqualTo(expected.inclusionProof(size / 2, size));
            assertThat(tree.consistencyProof(size / 3, size)).isEqualTo(expected.consistencyProof(size / 3, size));
        }
    }

    @Test
    void anAppendFromAStaleSizeIsRefused() {
        store.append(0, 1, List.of(new Node(0, 0, Hash.sha256(new byte[] {1}))));

        assertThatThrownBy(() -> store.append(0, 1, List.of(new Node(0, 0, Hash.sha256(new byte[] {2})))))
                .isInstanceOf(TreeStore.ConcurrentAppendException.class);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void readingANodeThatDoesNotExistSaysWhich() {
        assertThatThrownBy(() -> store.node(3, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level 3, index 5");
    }
}
