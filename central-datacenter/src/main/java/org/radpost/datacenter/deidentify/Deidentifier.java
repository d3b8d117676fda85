package org.radpost.datacenter.deidentify;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ClinicalTrialsAttributes;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes the de-identified copy of one DICOM object for a viewer whose access level requires it: PS3.15 Annex E
 * Basic Application Level Confidentiality Profile (PixelMed's implementation, every attribute and nested sequence),
 * private attributes removed, the patient replaced by a persistent pseudonym and every instance UID by a
 * persistent replacement, with the Retain Longitudinal Temporal Information (full dates) and Retain Patient
 * Characteristics options. Pixel data is copied from the original file as it streams, never held in memory.
 */
public final class Deidentifier {
    private static final String METHOD = "RadPost: PS3.15 E Basic Profile; dates and patient characteristics retained";
    private final DeidentificationMap map;
    private final boolean sendUnflaggedBurnedIn;

    /**
     * @param sendUnflaggedBurnedIn whether secondary capture and ultrasound objects without a BurnedInAnnotation
     *                              flag may go to de-identified viewers (they often carry the patient's name in
     *                              their pixels, which no header rewrite removes)
     */
    public Deidentifier(DeidentificationMap map, boolean sendUnflaggedBurnedIn) {
        this.map = map;
        this.sendUnflaggedBurnedIn = sendUnflaggedBurnedIn;
    }

    /** De-identifies {@code original} (an object of center {@code centerId}) into {@code target}. */
    public DeidentifyOutcome deidentify(Path original, long centerId, Path target) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        String transferSyntax;
        // Reading from a File lets PixelMed leave bulk pixel data on disk and copy it when writing.
        try (DicomInputStream in = new DicomInputStream(original.toFile())) {
            list.read(in);
            transferSyntax = in.getTransferSyntaxToReadDataSet().getUID();
        }
        Optional<String> burnedIn = burnedInIdentity(list);
        if (burnedIn.isPresent()) {
            return new DeidentifyOutcome.Withheld(burnedIn.get());
        }
        String patientId = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID);
        String pseudonym = map.pseudonymFor(centerId, patientId);

        list.removeMetaInformationHeaderAttributes();
        ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(list, ClinicalTrialsAttributes.HandleUIDs.keep,
                false, false, false, true, false, false, ClinicalTrialsAttributes.HandleDates.keep, null, null);
        list.removePrivateAttributes();
        UidRemapper.remap(list, uid -> Optional.of(map.replacementFor(uid)));
        replace(list, new PersonNameAttribute(TagFromName.PatientName), pseudonym);
        replace(list, new LongStringAttribute(TagFromName.PatientID), pseudonym);
        markDeidentified(list);

        FileMetaInformation.addFileMetaInformation(list, transferSyntax, "RADPOST");
        Files.createDirectories(target.toAbsolutePath().getParent());
        list.write(target.toFile(), transferSyntax, true, true);
        return new DeidentifyOutcome.Deidentified(target,
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID),
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID), pseudonym);
    }

    /** Why the object's pixels may show the patient's identity, if they may. */
    private Optional<String> burnedInIdentity(AttributeList list) {
        String flag = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.BurnedInAnnotation).trim().toUpperCase(Locale.ROOT);
        String sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID);
        String uid = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID);
        if (flag.equals("YES")) {
            return Optional.of("object " + uid + " has BurnedInAnnotation YES: its pixels show identifying text, "
                    + "so it is not sent to a de-identified viewer");
        }
        boolean risky = SOPClass.isSecondaryCaptureImageStorage(sopClass) || sopClass.equals(SOPClass.UltrasoundImageStorage)
                || sopClass.equals(SOPClass.UltrasoundMultiframeImageStorage);
        if (risky && flag.isEmpty() && !sendUnflaggedBurnedIn) {
            return Optional.of("object " + uid + " is a secondary capture or ultrasound image without a BurnedInAnnotation "
                    + "flag: its pixels may show identifying text, so it is not sent to a de-identified viewer");
        }
        return Optional.empty();
    }

    private static void markDeidentified(AttributeList list) throws DicomException {
        replace(list, new CodeStringAttribute(TagFromName.PatientIdentityRemoved), "YES");
        replace(list, new LongStringAttribute(TagFromName.DeidentificationMethod), METHOD);
        SequenceAttribute codes = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
        for (CodedSequenceItem code : List.of(
                new CodedSequenceItem("113100", "DCM", "Basic Application Confidentiality Profile"),
                new CodedSequenceItem("113106", "DCM", "Retain Longitudinal Temporal Information Full Dates Option"),
                new CodedSequenceItem("113108", "DCM", "Retain Patient Characteristics Option"))) {
            codes.addItem(code.getAttributeList());
        }
        list.put(codes);
    }

    private static void replace(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }
}
