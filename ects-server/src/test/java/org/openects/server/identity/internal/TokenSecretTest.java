package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSecretTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutConfigurationA32ByteSecretIsGeneratedOnceWithOwnerOnlyPermissions() throws Exception {
        Path file = dataDir.resolve("keys").resolve("token-secret");

        SecretKey first = TokenSecret.load(null, file);
        SecretKey second = TokenSecret.load("", file);

        assertThat(first.getEncoded()).hasSize(32).isEqualTo(second.getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aConfiguredSecretWinsOverTheFile() {
        byte[] secret = new byte[48];
        secret[0] = 7;

        SecretKey key = TokenSecret.load(Base64.getEncoder().encodeToString(secret), dataDir.resolve("unused"));

        assertThat(key.getEncoded()).isEqualTo(secret);
        assertThat(dataDir.resolve("unused")).doesNotExist();
    }

    @Test
    void aConfiguredSecretShorterThan32BytesIsRefused() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> TokenSecret.load(short16, dataDir.resolve("unused")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32");
    }

    @Test
    void aConfiguredSecretThatIsNotBase64IsRefused() {
        assertThatThrownBy(() -> TokenSecret.load("not base64 at all!", dataDir.resolve("unused")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("base64");
    }
}
