package org.radpost.datacenter.deidentify;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Gives an overlay or report that a de-identified viewer sends back the real identifiers again: every UID the
 * data center replaced maps back to its original (so the object relates to the original study and image), and the
 * patient and study identification comes from an original object of the study. The center receives it as if the
 * viewer had seen the original.
 */
public final class Reidentifier {
    /** The patient and study identification a de-identified copy lacked; copied from an original object. */
    private static final List<AttributeTag> IDENTITY = List.of(TagFromName.PatientName, TagFromName.PatientID,
            TagFromName.IssuerOfPatientID, TagFromName.PatientBirthDate, TagFromName.PatientSex,
            TagFromName.OtherPatientIDsSequence, TagFromName.AccessionNumber, TagFromName.StudyID,
            TagFromName.ReferringPhysicianName, TagFromName.StudyDescription, TagFromName.InstitutionName);
    private static final List<AttributeTag> DEIDENTIFICATION_MARKS = List.of(TagFromName.PatientIdentityRemoved,
            TagFromName.DeidentificationMethod, TagFromName.DeidentificationMethodCodeSequence);
    private final DeidentificationMap map;

    public Reidentifier(DeidentificationMap map) {
        this.map = map;
    }

    /** The original study UID behind a (possibly) replaced one: itself when it was never replaced. */
    public String originalUid(String uid) {
        return map.originalOf(uid).orElse(uid);
    }

    /** Writes {@code fromViewer} re-identified to {@code target}, identity taken from {@code originalHeader}. */
    public void reidentify(Path fromViewer, AttributeList originalHeader, Path target) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        String transferSyntax;
        try (DicomInputStream in = new DicomInputStream(fromViewer.toFile())) {
            list.read(in);
            transferSyntax = in.getTransferSyntaxToReadDataSet().getUID();
        }
        list.removeMetaInformationHeaderAttributes();
        UidRemapper.remap(list, map::originalOf);
        for (AttributeTag tag : DEIDENTIFICATION_MARKS) {
            list.remove(tag);
        }
        for (AttributeTag tag : IDENTITY) {
            Attribute original = originalHeader.get(tag);
            if (original != null) {
                list.put(original);
            } else {
                list.remove(tag);
            }
        }
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, "RADPOST");
        Files.createDirectories(target.toAbsolutePath().getParent());
        list.write(target.toFile(), transferSyntax, true, true);
    }
}
