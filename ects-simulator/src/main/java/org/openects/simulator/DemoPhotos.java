package org.openects.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The demo's stand-in for the photo an officer takes when arming a seal: a container's rear doors with the e-seal on
 * the locking bar and its number, drawn, since the demo has no camera. Labelled as a demo picture on the image itself.
 */
final class DemoPhotos {

    private DemoPhotos() {}

    /** A 1024 × 768 JPEG of the sealed doors. */
    static byte[] sealedDoors(String sealNumber, String vehicle) {
        int width = 1024;
        int height = 768;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // two doors, corrugated
            g.setPaint(new GradientPaint(0, 0, new Color(38, 84, 124), width, height, new Color(24, 56, 86)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(255, 255, 255, 28));
            for (int x = 20; x < width; x += 36) {
                g.fillRect(x, 0, 14, height);
            }
            g.setColor(new Color(12, 28, 44));
            g.setStroke(new BasicStroke(8));
            g.drawLine(width / 2, 0, width / 2, height);
            // locking bars
            g.setColor(new Color(170, 176, 182));
            for (int x : new int[] {width / 2 - 150, width / 2 - 60, width / 2 + 60, width / 2 + 150}) {
                g.fillRoundRect(x - 9, 30, 18, height - 60, 10, 10);
            }
            // the e-seal on the inner right bar
            int sx = width / 2 + 60 - 70;
            int sy = height / 2 - 40;
            g.setColor(new Color(240, 170, 30));
            g.fillRoundRect(sx, sy, 140, 110, 18, 18);
            g.setColor(new Color(60, 40, 0));
            g.setStroke(new BasicStroke(3));
            g.drawRoundRect(sx, sy, 140, 110, 18, 18);
            g.setColor(new Color(30, 200, 90));
            g.fillOval(sx + 112, sy + 12, 14, 14);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(new Color(40, 26, 0));
            g.drawString("E-SEAL", sx + 14, sy + 28);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 14));
            g.drawString(
                    sealNumber.length() > 14 ? sealNumber.substring(sealNumber.length() - 14) : sealNumber,
                    sx + 10,
                    sy + 62);
            g.drawString("ISO 17712 H", sx + 10, sy + 88);
            // caption
            g.setColor(new Color(0, 0, 0, 150));
            g.fillRect(0, height - 64, width, 64);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
            g.drawString("Seal " + sealNumber + " armed · " + vehicle, 24, height - 38);
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 16));
            g.drawString("OpenECTS demo: a drawn stand-in for the officer's photo", 24, height - 14);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
