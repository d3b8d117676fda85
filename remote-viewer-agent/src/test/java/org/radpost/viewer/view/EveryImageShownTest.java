package org.radpost.viewer.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pixel encoding a teleradiology viewer meets renders to a real picture, each made by a real encoder. */
class EveryImageShownTest {
    @TempDir
    Path dir;

    private final ImageRenderer renderer = new ImageRenderer();

    /** The encodings, each with how its test file is made and the transfer syntax it must carry. */
    enum Encoding {
        NATIVE_16_BIT("1.2.840.10008.1.2.1", 16, false),
        NATIVE_32_BIT("1.2.840.10008.1.2.1", 32, false),
        JPEG_BASELINE_8_BIT("1.2.840.10008.1.2.4.50", 8, false),
        JPEG_EXTENDED_12_BIT("1.2.840.10008.1.2.4.51", 12, false),
        JPEG_LOSSLESS_16_BIT("1.2.840.10008.1.2.4.70", 16, false),
        JPEG_LS_LOSSLESS_12_BIT("1.2.840.10008.1.2.4.80", 12, false),
        JPEG_LS_NEAR_LOSSLESS_12_BIT("1.2.840.10008.1.2.4.81", 12, false),
        JPEG_2000_LOSSLESS_12_BIT("1.2.840.10008.1.2.4.90", 12, false),
        RLE_8_BIT_GRAY("1.2.840.10008.1.2.5", 8, false),
        RLE_16_BIT_GRAY("1.2.840.10008.1.2.5", 16, false),
        RLE_RGB("1.2.840.10008.1.2.5", 8, true),
        RLE_16_BIT_GRAY_BY_GDCM("1.2.840.10008.1.2.5", 16, false),
        RLE_RGB_BY_GDCM("1.2.840.10008.1.2.5", 8, true),
        JPEG_BASELINE_RGB("1.2.840.10008.1.2.4.50", 8, true);

        final String transferSyntax;
        final int bits;
        final boolean rgb;

        /** Lossy encodings may differ from the original by a little; the others must give the same picture. */
        boolean lossy() {
            return this == JPEG_BASELINE_8_BIT || this == JPEG_BASELINE_RGB || this == JPEG_EXTENDED_12_BIT
                    || this == JPEG_LS_NEAR_LOSSLESS_12_BIT;
        }

        Encoding(String transferSyntax, int bits, boolean rgb) {
            this.transferSyntax = transferSyntax;
            this.bits = bits;
            this.rgb = rgb;
        }

        Path make(Path dir) throws Exception {
            Path source = rgb ? CodecSamples.rgb(dir.resolve("native.dcm")) : CodecSamples.grayscale(dir.resolve("native.dcm"), bits);
            Path out = dir.resolve(name() + ".dcm");
            return switch (this) {
                case NATIVE_16_BIT, NATIVE_32_BIT -> source;
                case JPEG_BASELINE_8_BIT, JPEG_BASELINE_RGB -> CodecSamples.dcmtk(source, out, "dcmcjpeg", "+eb");
                case JPEG_EXTENDED_12_BIT -> CodecSamples.dcmtk(source, out, "dcmcjpeg", "+ee");
                case JPEG_LOSSLESS_16_BIT -> CodecSamples.dcmtk(source, out, "dcmcjpeg", "+e1");
                case JPEG_LS_LOSSLESS_12_BIT -> CodecSamples.dcmtk(source, out, "dcmcjpls", "+el");
                case JPEG_LS_NEAR_LOSSLESS_12_BIT -> CodecSamples.dcmtk(source, out, "dcmcjpls", "+en", "+md", "2");
                case JPEG_2000_LOSSLESS_12_BIT -> CodecSamples.jpeg2000(source, out);
                case RLE_8_BIT_GRAY, RLE_16_BIT_GRAY, RLE_RGB -> CodecSamples.dcmtk(source, out, "dcmcrle");
                case RLE_16_BIT_GRAY_BY_GDCM, RLE_RGB_BY_GDCM ->
                        CodecSamples.gdcm(source, out, gdcm.TransferSyntax.TSType.RLELossless);
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void rendersEachEncodingToANonBlankPicture(Encoding encoding) throws Exception {
        Path file = encoding.make(dir);
        assertThat(transferSyntax(file)).isEqualTo(encoding.transferSyntax);

        ImageRenderer.Rendered rendered = renderer.render(file, 0, Optional.empty());

        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(rendered.png()));
        assertThat(picture.getWidth()).isEqualTo(CodecSamples.COLUMNS);
        assertThat(picture.getHeight()).isEqualTo(CodecSamples.ROWS);
        assertThat(distinctColours(picture)).as("distinct colours of %s", encoding).isGreaterThan(16);
        assertThat(rendered.windowLevel().isPresent()).isEqualTo(!encoding.rgb);
        // The same picture as the uncompressed original shown with the same window (within a few grey levels if lossy).
        Path original = dir.resolve("native.dcm");
        BufferedImage expected = ImageIO.read(new ByteArrayInputStream(
                new ImageRenderer().render(original, 0, rendered.windowLevel()).png()));
        assertThat(meanDifference(picture, expected)).as("mean difference of %s from the original", encoding)
                .isLessThanOrEqualTo(encoding.lossy() ? 4.0 : 0.0);
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    @Test
    void rendersABinarySegmentationAsBlackAndWhite() throws Exception {
        Path file = CodecSamples.segmentation(dir.resolve("seg.dcm"));

        ImageRenderer.Rendered rendered = renderer.render(file, 0, Optional.empty());

        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(rendered.png()));
        assertThat(picture.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(picture.getRGB(30, 30) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(distinctColours(picture)).isEqualTo(2);
    }

    private static String transferSyntax(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile(), TagFromName.PixelData);
        return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
    }

    private static long distinctColours(BufferedImage image) {
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return Arrays.stream(rgb).map(p -> p & 0xFFFFFF).distinct().count();
    }
}
