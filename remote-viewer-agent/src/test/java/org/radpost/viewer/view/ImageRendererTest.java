package org.radpost.viewer.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.SampleStudy;

class ImageRendererTest {
    @TempDir
    Path dir;

    private final ImageRenderer renderer = new ImageRenderer();

    @Test
    void rendersCtWithItsOwnWindowToANonBlankPng() throws Exception {
        Path file = SampleStudy.ct().writeImages(dir, 1).get(0);

        ImageRenderer.Rendered rendered = renderer.render(file, 0, Optional.empty());

        assertThat(rendered.windowLevel()).contains(new WindowLevel(40, 400));
        assertThat(distinctGrays(rendered.png())).isGreaterThan(50);
    }

    @Test
    void aNarrowerWindowGivesADifferentPicture() throws Exception {
        Path file = SampleStudy.ct().writeImages(dir, 1).get(0);

        byte[] softTissue = renderer.render(file, 0, WindowPreset.SOFT_TISSUE.windowLevel()).png();
        byte[] bone = renderer.render(file, 0, WindowPreset.BONE.windowLevel()).png();

        assertThat(bone).isNotEqualTo(softTissue);
    }

    @Test
    void rendersEachFrameOfAMultiFrameBigEndianImage() throws Exception {
        Path file = SampleStudy.of("MR", "P1", "ROE^ANN", "A1").transferSyntax(TransferSyntax.ExplicitVRBigEndian)
                .frames(3).writeImages(dir, 1).get(0);

        ImageRenderer.Rendered first = renderer.render(file, 0, Optional.empty());
        ImageRenderer.Rendered third = renderer.render(file, 2, Optional.empty());

        assertThat(first.frames()).isEqualTo(3);
        assertThat(third.png()).isNotEqualTo(first.png());
        assertThat(distinctGrays(third.png())).isGreaterThan(50);
        assertThatThrownBy(() -> renderer.render(file, 3, Optional.empty())).hasMessageContaining("frame 4 does not exist");
    }

    @Test
    void rendersJpegBaselineCompressedImages() throws Exception {
        Path file = SampleStudy.of("CR", "P2", "ROE^ANN", "A2").transferSyntax(TransferSyntax.JPEGBaseline)
                .writeImages(dir, 1).get(0);

        // The sample's 8-bit values rescale to -1024..-769: window on that range.
        assertThat(distinctGrays(renderer.render(file, 0, Optional.of(new WindowLevel(-896, 256))).png())).isGreaterThan(20);
    }

    @Test
    void saysPlainlyWhenItCannotDecodeJpeg2000() throws Exception {
        Path jpeg = SampleStudy.of("CR", "P3", "ROE^ANN", "A3").transferSyntax(TransferSyntax.JPEGBaseline)
                .writeImages(dir.resolve("jpeg"), 1).get(0);
        // A JPEG 2000 code stream header (SOC, SIZ) that PixelMed has no decoder for here.
        AttributeList list = new AttributeList();
        list.read(jpeg.toFile());
        byte[] j2kFragment = new byte[64];
        j2kFragment[0] = (byte) 0xFF;
        j2kFragment[1] = 0x4F;
        j2kFragment[2] = (byte) 0xFF;
        j2kFragment[3] = 0x51;
        list.put(new com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames(com.pixelmed.dicom.TagFromName.PixelData,
                new byte[][] {j2kFragment}));
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.JPEG2000, "TEST");
        Path j2k = dir.resolve("j2k.dcm");
        list.write(j2k.toFile(), TransferSyntax.JPEG2000, true, true);

        assertThatThrownBy(() -> renderer.render(j2k, 0, Optional.empty()))
                .isInstanceOf(CannotDisplayException.class)
                .hasMessageStartingWith("cannot display this image: its pixel data is JPEG 2000");
    }

    static long distinctGrays(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return Arrays.stream(rgb).map(p -> p & 0xff).distinct().count();
    }
}
