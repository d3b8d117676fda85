package org.radpost.viewer.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.radpost.wire.tls.OwnerOnly;

/** Building blocks for the DICOM objects the viewer creates (presentation states, reports). */
public final class Dicom {
    /** Patient and General Study module attributes every new object of a study copies from its images. */
    private static final AttributeTag[] PATIENT_AND_STUDY = {
            TagFromName.SpecificCharacterSet, TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate,
            TagFromName.PatientSex, TagFromName.StudyInstanceUID, TagFromName.StudyDate, TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName, TagFromName.StudyID, TagFromName.AccessionNumber,
            TagFromName.StudyDescription};
    private static final AttributeTag[] TYPE2 = {
            TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate, TagFromName.PatientSex,
            TagFromName.StudyDate, TagFromName.StudyTime, TagFromName.ReferringPhysicianName, TagFromName.StudyID,
            TagFromName.AccessionNumber};
    public static final String IMPLEMENTATION_AE = "RADPOSTVIEWER";

    private Dicom() {}

    /** Copies the patient and study attributes; type 2 attributes missing at the source are added empty. */
    public static void copyPatientAndStudy(AttributeList from, AttributeList to) throws DicomException {
        for (AttributeTag tag : PATIENT_AND_STUDY) {
            Attribute a = from.get(tag);
            if (a != null) {
                to.put(a);
            }
        }
        for (AttributeTag tag : TYPE2) {
            if (to.get(tag) == null) {
                to.put(AttributeFactory.newAttribute(tag));
            }
        }
    }

    /** Puts a single-valued attribute with its dictionary VR. */
    public static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        if (value != null && !value.isEmpty()) {
            a.addValue(value);
        }
        list.put(a);
    }

    public static void put(AttributeList list, AttributeTag tag, int value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    /** Puts an empty (type 2) attribute. */
    public static void empty(AttributeList list, AttributeTag tag) throws DicomException {
        list.put(AttributeFactory.newAttribute(tag));
    }

    /** Adds a sequence holding the given items and returns it. */
    public static SequenceAttribute sequence(AttributeList list, AttributeTag tag, AttributeList... items) {
        SequenceAttribute s = new SequenceAttribute(tag);
        for (AttributeList item : items) {
            s.addItem(item);
        }
        list.put(s);
        return s;
    }

    public static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    /** DICOM DA and TM values for "now". */
    public static String[] dateAndTimeNow() {
        LocalDateTime now = LocalDateTime.now();
        return new String[] {now.format(DateTimeFormatter.BASIC_ISO_DATE), now.format(DateTimeFormatter.ofPattern("HHmmss"))};
    }

    /** Writes a Part 10 file (explicit VR little endian) atomically: temporary name, fsync, rename. */
    public static void writePart10(AttributeList list, Path file) throws IOException, DicomException {
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, IMPLEMENTATION_AE);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        list.write(tmp.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        OwnerOnly.restrict(tmp); // PixelMed creates it under the umask; the agent's folders keep others out meanwhile
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
