package org.openects.server.movements.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.openects.server.shared.InvalidFieldException;

/**
 * Checks a photo taken at a custody step and makes its thumbnail. Only JPEG and PNG are taken, recognised by their
 * first bytes (not by what the client says they are); the size is read from the header before anything is decoded,
 * so that a small file claiming a huge picture is refused without being inflated; the picture is decoded subsampled,
 * at no more than about twice the thumbnail's size, and a JPEG the decoder finds cut short (an upload that did not
 * finish) is refused. The photo itself is kept exactly as received: its SHA-256 is what
 * the audit log vouches for.
 */
final class PhotoIntake {

    /** The largest photo taken, in bytes (the multipart limit in application.yml is the same). */
    static final int MAX_BYTES = 10 * 1024 * 1024;

    /** The largest picture taken, in pixels (a 50-megapixel camera). */
    static final long MAX_PIXELS = 50_000_000L;

    /** The longest edge of a thumbnail, in pixels. */
    static final int THUMBNAIL_EDGE = 320;

    /**
     * A photo accepted.
     *
     * @param sha256 the lowercase hex SHA-256 of its exact bytes
     * @param contentType {@code image/jpeg} or {@code image/png}
     * @param image its bytes as received
     * @param width its width in pixels
     * @param height its height in pixels
     * @param thumbnail a JPEG at most {@value #THUMBNAIL_EDGE} pixels on its longest edge
     */
    record Photo(String sha256, String contentType, byte[] image, int width, int height, byte[] thumbnail) {}

    private PhotoIntake() {}

    /**
     * Accepts a photo or says why not.
     *
     * @param field the request field it came in, named in the problem
     * @throws InvalidFieldException when it is empty, too large, not a JPEG or PNG, or cannot be decoded
     */
    static Photo accept(String field, byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidFieldException(field, "the photo is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidFieldException(
                    field, "the photo has " + bytes.length + " bytes; at most " + MAX_BYTES + " are taken");
        }
        String format = formatOf(bytes);
        if (format == null) {
            throw new InvalidFieldException(field, "not a JPEG or PNG image (its first bytes are neither)");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("this Java runtime reads no " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                throw new InvalidFieldException(
                        field,
                        "the picture is " + width + " × " + height + " pixels; at most " + MAX_PIXELS
                                + " pixels are taken");
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(width, height) / (2 * THUMBNAIL_EDGE));
            param.setSourceSubsampling(step, step, 0, 0);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage picture = reader.read(0, param);
            List<String> truncated = warnings.stream()
                    .filter(warning ->
                            warning.toLowerCase(java.util.Locale.ROOT).contains("premature end"))
                    .toList();
            if (!truncated.isEmpty()) {
                // a truncated JPEG decodes with a warning and grey where the data ends: an upload cut short, refused.
                // Other warnings (a few extraneous bytes some cameras write) do not make a photo unusable.
                throw new IOException(String.join("; ", truncated));
            }
            return new Photo(
                    sha256(bytes),
                    "jpeg".equals(format) ? "image/jpeg" : "image/png",
                    bytes,
                    width,
                    height,
                    thumbnail(picture));
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidFieldException invalid) {
                throw invalid;
            }
            throw new InvalidFieldException(
                    field,
                    "the " + format.toUpperCase(java.util.Locale.ROOT) + " image cannot be decoded: " + e.getMessage());
        } finally {
            reader.dispose();
        }
    }

    /** {@code jpeg} or {@code png} from the first bytes, or null. */
    static String formatOf(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (bytes.length < png.length) {
            return null;
        }
        for (int i = 0; i < png.length; i++) {
            if (bytes[i] != png[i]) {
                return null;
            }
        }
        return "png";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The picture scaled to fit {@value #THUMBNAIL_EDGE} pixels, on white (for transparent PNGs), as JPEG. */
    private static byte[] thumbnail(BufferedImage picture) throws IOException {
        double scale = Math.min(1.0, (double) THUMBNAIL_EDGE / Math.max(picture.getWidth(), picture.getHeight()));
        int width = Math.max(1, (int) Math.round(picture.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(picture.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.drawImage(picture, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(small, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
