package org.openects.server.movements.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openects.server.shared.InvalidFieldException;

/** Photos taken at custody steps: what is accepted, its thumbnail, and every kind of bad file refused with a reason. */
class PhotoIntakeTest {

    @Test
    void aJpegIsKeptAsReceivedWithItsDigestAndAThumbnailOfAtMost320Pixels() throws Exception {
        byte[] jpeg = picture("jpg", 2000, 1000, BufferedImage.TYPE_INT_RGB);

        PhotoIntake.Photo photo = PhotoIntake.accept("photo[0]", jpeg);

        assertThat(photo.contentType()).isEqualTo("image/jpeg");
        assertThat(photo.image()).isSameAs(jpeg);
        assertThat(photo.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)));
        assertThat(photo.width()).isEqualTo(2000);
        assertThat(photo.height()).isEqualTo(1000);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(photo.thumbnail()));
        assertThat(thumbnail.getWidth()).isEqualTo(320);
        assertThat(thumbnail.getHeight()).isEqualTo(160);
    }

    @Test
    void aTransparentPngIsThumbnailedOnWhiteAndASmallOneIsNotEnlarged() throws Exception {
        byte[] png = picture("png", 100, 60, BufferedImage.TYPE_INT_ARGB);

        PhotoIntake.Photo photo = PhotoIntake.accept("photo[0]", png);

        assertThat(photo.contentType()).isEqualTo("image/png");
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(photo.thumbnail()));
        assertThat(thumbnail.getWidth()).isEqualTo(100);
        assertThat(thumbnail.getHeight()).isEqualTo(60);
        int corner = thumbnail.getRGB(0, 0) & 0xFFFFFF;
        assertThat((corner >> 16) & 0xFF).isGreaterThan(240);
        assertThat(corner & 0xFF).isGreaterThan(240);
    }

    @Test
    void everyBadFileIsRefusedNamingTheFieldAndWhy() throws Exception {
        byte[] jpeg = picture("jpg", 64, 48, BufferedImage.TYPE_INT_RGB);
        byte[] png = picture("png", 64, 48, BufferedImage.TYPE_INT_RGB);
        byte[] gif = picture("gif", 64, 48, BufferedImage.TYPE_INT_RGB);

        refused(new byte[0], "empty");
        refused("a seal, trust me".getBytes(StandardCharsets.UTF_8), "not a JPEG or PNG");
        refused(gif, "not a JPEG or PNG");
        refused(new byte[PhotoIntake.MAX_BYTES + 1], "at most " + PhotoIntake.MAX_BYTES);
        refused(hugePng(100_000, 100_000), "pixels");
        for (int length : new int[] {3, 20, jpeg.length / 3}) {
            refused(Arrays.copyOf(jpeg, length), "cannot be decoded");
        }
        for (int length : new int[] {8, 30, png.length / 2}) {
            refused(Arrays.copyOf(png, length), "cannot be decoded");
        }
    }

    @Test
    void anyAlteredByteGivesAnotherDigest() throws Exception {
        byte[] jpeg = picture("jpg", 64, 48, BufferedImage.TYPE_INT_RGB);
        String digest = PhotoIntake.sha256(jpeg);
        for (int i = 0; i < jpeg.length; i += 7) {
            byte[] altered = jpeg.clone();
            altered[i] ^= 0x01;
            assertThat(PhotoIntake.sha256(altered)).as("byte %d flipped", i).isNotEqualTo(digest);
        }
    }

    private static void refused(byte[] bytes, String reason) {
        assertThatThrownBy(() -> PhotoIntake.accept("photo[2]", bytes))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.errors()).singleElement().satisfies(problem -> {
                        assertThat(problem.field()).isEqualTo("photo[2]");
                        assertThat(problem.message()).contains(reason);
                    });
                });
    }

    /** A PNG whose header claims a picture of the given size, with almost no data behind it. */
    private static byte[] hugePng(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(4 + 13);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII));
        ihdr.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }

    private static byte[] picture(String format, int width, int height, int type) throws Exception {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }
}
