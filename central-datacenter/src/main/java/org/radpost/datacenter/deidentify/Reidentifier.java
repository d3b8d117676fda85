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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives an overlay or report that a de-identified viewer sends back the real identifiers again: every UID the
 * data center replaced maps back to its original (so the object relates to the original study and image), and the
 * patient and study identification comes from an original object of the study. The center receives it as if the
 * viewer had seen the original. Only the object's own SOP Instance and Series Instance UIDs may be new (the viewer
 * made them); every other UID it carries, referenced ones in sequences included, must be one the data center gave
 * out, or the object is refused: it would otherwise reach the center pointing at nothing, or at a guessed study.
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

    /** The original UID behind a replacement the data center gave out, if it is one. */
    public Optional<String> originalOf(String replacementUid) {
        return map.originalOf(replacementUid);
    }

    /**
     * Writes {@code fromViewer} re-identified to {@code target}, identity taken from {@code originalHeader}; writes
     * nothing and lists the UIDs when the object refers to any the data center does not know.
     */
    public ReidentifyOutcome reidentify(Path fromViewer, AttributeList originalHeader, Path target) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        String transferSyntax;
        try (DicomInputStream in = new DicomInputStream(fromViewer.toFile())) {
            list.read(in);
            transferSyntax = in.getTransferSyntaxToReadDataSet().getUID();
        }
        list.removeMetaInformationHeaderAttributes();
        Set<String> own = Set.of(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID),
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesInstanceUID));
        List<String> unknown = new ArrayList<>();
        UidRemapper.remap(list, uid -> {
            Optional<String> original = map.originalOf(uid);
            if (original.isEmpty() && !own.contains(uid) && !unknown.contains(uid)) {
                unknown.add(uid);
            }
            return original;
        });
        if (!unknown.isEmpty()) {
            return new ReidentifyOutcome.UnknownUids(unknown);
        }
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
        return new ReidentifyOutcome.Reidentified(target);
    }
}
