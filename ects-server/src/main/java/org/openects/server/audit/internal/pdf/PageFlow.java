package org.openects.server.audit.internal.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.jspecify.annotations.Nullable;

/**
 * Lays text, tables and drawings out on A4 pages, top to bottom, starting a new page when the next block does not fit.
 * Tables repeat their header on every page they run over. Page headers and footers ("page n of N") are written at the
 * end, once the number of pages is known.
 */
final class PageFlow implements AutoCloseable {

    static final PDRectangle PAGE = PDRectangle.A4;
    static final float LEFT = 48;
    static final float RIGHT = PAGE.getWidth() - 48;
    static final float WIDTH = RIGHT - LEFT;
    static final float TOP = PAGE.getHeight() - 54;
    static final float BOTTOM = 54;

    static final float[] INK = {0.10f, 0.10f, 0.12f};
    static final float[] MUTED = {0.40f, 0.40f, 0.45f};
    static final float[] RULE = {0.75f, 0.76f, 0.80f};
    static final float[] SHADE = {0.93f, 0.94f, 0.96f};

    final PdfFace regular;
    final PdfFace bold;
    final PdfFace mono;

    private final PDDocument document = new PDDocument();
    private @Nullable PDPageContentStream content;
    private float y;

    /** A table column: its title, its share of the width, and whether its cells are set in the monospaced font. */
    record Column(String title, float share, boolean monospaced) {

        static Column of(String title, float share) {
            return new Column(title, share, false);
        }

        static Column mono(String title, float share) {
            return new Column(title, share, true);
        }
    }

    PageFlow() throws IOException {
        regular = new PdfFace(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
        bold = new PdfFace(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
        mono = new PdfFace(new PDType1Font(Standard14Fonts.FontName.COURIER));
        newPage();
    }

    PDDocument document() {
        return document;
    }

    /** Something drawn on a page. */
    interface Drawing {
        void draw() throws IOException;
    }

    /** The content stream of the current page. */
    PDPageContentStream content() {
        if (content == null) {
            throw new IllegalStateException("no page is open");
        }
        return content;
    }

    /** Closes the current page: nothing more flows onto it (it can still be drawn on with {@link #onPage}). */
    void closePage() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }

    /** Draws on a page already laid out, for what is known only later (a table of contents); after {@link #closePage}. */
    void onPage(int number, Drawing drawing) throws IOException {
        closePage();
        try (PDPageContentStream stream = new PDPageContentStream(
                document, document.getPage(number - 1), PDPageContentStream.AppendMode.APPEND, true, true)) {
            content = stream;
            drawing.draw();
        } finally {
            content = null;
        }
    }

    /** How far down the current page the flow has come (the top of the free space). */
    float y() {
        return y;
    }

    /** The number of the current page, from 1. */
    int pageNumber() {
        return document.getNumberOfPages();
    }

    void moveTo(float newY) {
        y = newY;
    }

    void newPage() throws IOException {
        closePage();
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = TOP;
    }

    /** Starts a new page unless {@code height} points are free on this one. */
    void need(float height) throws IOException {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    void space(float height) {
        y -= height;
    }

    /** A section title, on a new page when less than a few lines would follow it on this one. */
    void heading(String title) throws IOException {
        need(90);
        if (y < TOP) {
            space(10);
        }
        text(bold, 14, INK, LEFT, y - 14, title);
        space(20);
        rule(LEFT, y + 3, RIGHT);
        space(8);
    }

    void subheading(String title) throws IOException {
        need(50);
        text(bold, 10, INK, LEFT, y - 10, title);
        space(15);
    }

    /** A paragraph across the page width. */
    void paragraph(String text) throws IOException {
        paragraph(regular, 9, INK, text);
    }

    void paragraph(PdfFace face, float size, float[] colour, String text) throws IOException {
        float leading = size * 1.3f;
        for (String line : face.wrap(text, size, WIDTH)) {
            need(leading);
            text(face, size, colour, LEFT, y - size, line);
            space(leading);
        }
        space(size * 0.5f);
    }

    /** Lines of monospaced text set as they are (wrapped only when too long), in a shaded box. */
    void block(List<String> lines, float size) throws IOException {
        float leading = size * 1.35f;
        List<String> wrapped = new ArrayList<>();
        for (String line : lines) {
            wrapped.addAll(mono.wrap(line, size, WIDTH - 12));
        }
        int i = 0;
        while (i < wrapped.size()) {
            need(leading + 8);
            int fit = Math.max(1, Math.min(wrapped.size() - i, (int) ((y - BOTTOM - 8) / leading)));
            float height = fit * leading + 8;
            fill(SHADE, LEFT, y - height, WIDTH, height);
            for (int k = 0; k < fit; k++) {
                text(mono, size, INK, LEFT + 6, y - 4 - size - k * leading, wrapped.get(i + k));
            }
            space(height + 6);
            i += fit;
        }
    }

    /** Label and value pairs in two columns, the label in bold. */
    void facts(List<String[]> facts) throws IOException {
        float size = 9;
        float leading = size * 1.3f;
        float labelWidth = 150;
        for (String[] fact : facts) {
            List<String> lines = regular.wrap(fact[1], size, WIDTH - labelWidth);
            need(lines.size() * leading + 2);
            text(bold, size, INK, LEFT, y - size, fact[0]);
            for (String line : lines) {
                text(regular, size, INK, LEFT + labelWidth, y - size, line);
                space(leading);
            }
            space(2);
        }
        space(6);
    }

    /** A table with a header row repeated on every page; cells wrap, rows never split across pages. */
    void table(List<Column> columns, List<List<String>> rows) throws IOException {
        float size = 7;
        float leading = size * 1.25f;
        float pad = 2.5f;
        float total = 0;
        for (Column column : columns) {
            total += column.share();
        }
        float[] widths = new float[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = WIDTH * columns.get(c).share() / total;
        }
        List<List<String>> header = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            header.add(bold.wrap(columns.get(c).title(), size, widths[c] - 2 * pad));
        }
        float headerHeight = lines(header) * leading + 2 * pad;
        boolean headerDrawn = false;
        int index = 0;
        for (List<String> row : rows) {
            List<List<String>> cells = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                PdfFace face = columns.get(c).monospaced() ? mono : regular;
                String value = c < row.size() && row.get(c) != null ? row.get(c) : "";
                List<String> wrapped = face.wrap(value, size, widths[c] - 2 * pad);
                if (wrapped.size() > 40) {
                    wrapped = new ArrayList<>(wrapped.subList(0, 40));
                    wrapped.set(39, wrapped.get(39) + " …");
                }
                cells.add(wrapped);
            }
            float height = lines(cells) * leading + 2 * pad;
            if (!headerDrawn || y - height < BOTTOM) {
                if (headerDrawn || y - height - headerHeight < BOTTOM) {
                    newPage();
                }
                fill(SHADE, LEFT, y - headerHeight, WIDTH, headerHeight);
                drawCells(columns, widths, header, bold, size, leading, pad);
                space(headerHeight);
                rule(LEFT, y, RIGHT);
                headerDrawn = true;
            }
            if (index % 2 == 1) {
                fill(new float[] {0.975f, 0.975f, 0.98f}, LEFT, y - height, WIDTH, height);
            }
            drawCells(columns, widths, cells, null, size, leading, pad);
            space(height);
            index++;
        }
        if (headerDrawn) {
            rule(LEFT, y, RIGHT);
        }
        space(10);
    }

    private void drawCells(
            List<Column> columns,
            float[] widths,
            List<List<String>> cells,
            @Nullable PdfFace face,
            float size,
            float leading,
            float pad)
            throws IOException {
        float x = LEFT;
        for (int c = 0; c < cells.size(); c++) {
            PdfFace cellFace = face != null ? face : columns.get(c).monospaced() ? mono : regular;
            float lineY = y - pad - size;
            for (String line : cells.get(c)) {
                text(cellFace, size, INK, x + pad, lineY, line);
                lineY -= leading;
            }
            x += widths[c];
        }
    }

    private static int lines(List<List<String>> cells) {
        int most = 1;
        for (List<String> cell : cells) {
            most = Math.max(most, cell.size());
        }
        return most;
    }

    /** Draws already wrapped text at a position (baseline). The text is made {@link PdfFace#safe} once more. */
    void text(PdfFace face, float size, float[] colour, float x, float baseline, String text) throws IOException {
        String safe = face.safe(text);
        if (safe.isEmpty()) {
            return;
        }
        PDPageContentStream cs = content();
        cs.beginText();
        cs.setFont(face.font(), size);
        cs.setNonStrokingColor(colour[0], colour[1], colour[2]);
        cs.newLineAtOffset(x, baseline);
        cs.showText(safe);
        cs.endText();
    }

    /** Draws a JPEG picture with its top left corner at ({@code x}, {@code top}), scaled to the given size. */
    void jpeg(byte[] jpeg, float x, float top, float width, float height) throws IOException {
        PDImageXObject image = JPEGFactory.createFromByteArray(document, jpeg);
        content().drawImage(image, x, top - height, width, height);
    }

    void fill(float[] colour, float x, float bottom, float width, float height) throws IOException {
        PDPageContentStream cs = content();
        cs.setNonStrokingColor(colour[0], colour[1], colour[2]);
        cs.addRect(x, bottom, width, height);
        cs.fill();
    }

    void rule(float from, float at, float to) throws IOException {
        PDPageContentStream cs = content();
        cs.setStrokingColor(RULE[0], RULE[1], RULE[2]);
        cs.setLineWidth(0.5f);
        cs.moveTo(from, at);
        cs.lineTo(to, at);
        cs.stroke();
    }

    /**
     * Writes the header and footer of every page, then the document.
     *
     * @param header the text at the top left of every page
     * @param footer the text at the bottom left of every page ("page n of N" goes right)
     */
    byte[] finish(String header, String footer) throws IOException {
        closePage();
        int pages = document.getNumberOfPages();
        for (int i = 1; i <= pages; i++) {
            String number = "Page " + i + " of " + pages;
            onPage(i, () -> {
                text(regular, 7, MUTED, LEFT, PAGE.getHeight() - 34, header);
                rule(LEFT, PAGE.getHeight() - 38, RIGHT);
                rule(LEFT, 40, RIGHT);
                text(regular, 7, MUTED, LEFT, 30, footer);
                text(regular, 7, MUTED, RIGHT - regular.width(regular.safe(number), 7), 30, number);
            });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        try {
            closePage();
        } finally {
            document.close();
        }
    }
}
