package org.radpost.viewer;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Path;
import org.radpost.testkit.SampleStudy;

/** Test images beyond what SampleStudy makes directly. */
public final class TestStudies {
    private TestStudies() {}

    /** A one-image study whose pixel data is labelled JPEG 2000, which PixelMed cannot decode here. */
    public static Path jpeg2000Image(Path folder) throws Exception {
        Path jpeg = SampleStudy.of("CR", "PID-J2K", "ROE^RICHARD", "ACC-J2K").transferSyntax(TransferSyntax.JPEGBaseline)
                .writeImages(folder.resolve("jpeg"), 1).get(0);
        AttributeList list = new AttributeList();
        list.read(jpeg.toFile());
        byte[] fragment = new byte[64];
        fragment[0] = (byte) 0xFF; // SOC
        fragment[1] = 0x4F;
        fragment[2] = (byte) 0xFF; // SIZ
        fragment[3] = 0x51;
        list.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, new byte[][] {fragment}));
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.JPEG2000, "TEST");
        Path file = folder.resolve("j2k/cr-j2k.dcm");
        java.nio.file.Files.createDirectories(file.getParent());
        list.write(file.toFile(), TransferSyntax.JPEG2000, true, true);
        return file;
    }
}
