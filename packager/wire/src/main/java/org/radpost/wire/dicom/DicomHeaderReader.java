package org.radpost.wire.dicom;

import org.radpost.wire.RejectReason;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SeriesUid;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * Reads a DICOM file's header up to the pixel data (PixelMed stops there) and summarises it.
 * Files with or without a Part 10 meta header are read; the transfer syntax is guessed when absent.
 */
public final class DicomHeaderReader {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    /** Reads and checks one file; a file that cannot be sent is refused with its reason. */
    public DicomSummary read(Path file) throws DicomFileException {
        AttributeList list = readAttributes(file);
        checkPixelDataIsComplete(file, list);
        return summarise(file, list);
    }

    /** The header attributes up to (not including) the pixel data. */
    public AttributeList readAttributes(Path file) throws DicomFileException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DicomFileException(file, RejectReason.UNREADABLE_DICOM, e.getMessage(), e);
        }
        if (size < 16) {
            throw new DicomFileException(file, RejectReason.NOT_DICOM, "only " + size + " bytes");
        }
        if (!looksLikeDicom(file)) {
            throw new DicomFileException(file, RejectReason.NOT_DICOM,
                    "no DICM preamble and the first bytes are no DICOM data element");
        }
        AttributeList list = new AttributeList();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
             DicomInputStream dicom = new DicomInputStream(in)) {
            list.read(dicom, TagFromName.PixelData);
        } catch (EOFException e) {
            throw new DicomFileException(file, RejectReason.TRUNCATED, "the file ends inside the header", e);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomFileException(file, RejectReason.UNREADABLE_DICOM, String.valueOf(e.getMessage()), e);
        }
        return list;
    }

    /** Recognises a Part 10 file ("DICM" at 128) or a bare data set that starts with a group 0008 element. */
    private static boolean looksLikeDicom(Path file) throws DicomFileException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            if (head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
                return true;
            }
            if (head.length < 8) {
                return false;
            }
            int littleGroup = (head[0] & 0xff) | (head[1] & 0xff) << 8;
            int bigGroup = (head[0] & 0xff) << 8 | (head[1] & 0xff);
            return littleGroup == 0x0008 || bigGroup == 0x0008 || littleGroup == 0x0002;
        } catch (IOException e) {
            throw new DicomFileException(file, RejectReason.UNREADABLE_DICOM, e.getMessage(), e);
        }
    }

    /**
     * The header read stops before the pixel data, so a file cut inside its pixels would pass; read the
     * pixel data element's own length and compare it with what is left of the file.
     */
    private static void checkPixelDataIsComplete(Path file, AttributeList header) throws DicomFileException {
        if (header.get(TagFromName.Rows) == null) {
            return; // no image pixel module: reports, presentation states
        }
        AttributeList whole = new AttributeList();
        try (DicomInputStream dicom = new DicomInputStream(file.toFile())) {
            // Reading from a File keeps large bulk data on disk (PixelMed's on-disk attributes) instead of the heap.
            whole.setDecompressPixelData(false);
            whole.read(dicom);
        } catch (EOFException e) {
            throw new DicomFileException(file, RejectReason.TRUNCATED, "the pixel data ends early", e);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomFileException(file, RejectReason.TRUNCATED,
                    "the pixel data could not be read to its end (" + e.getMessage() + ")", e);
        }
        Attribute pixels = whole.get(TagFromName.PixelData);
        if (pixels == null) {
            throw new DicomFileException(file, RejectReason.TRUNCATED, "the image has no pixel data");
        }
    }

    private static DicomSummary summarise(Path file, AttributeList list) throws DicomFileException {
        String sopClassUid = required(file, list, TagFromName.SOPClassUID, "SOPClassUID");
        ObjectType type = objectTypeOf(sopClassUid);
        StudyUid study = uid(file, () -> StudyUid.of(required(file, list, TagFromName.StudyInstanceUID, "StudyInstanceUID")));
        SeriesUid series = uid(file, () -> SeriesUid.of(required(file, list, TagFromName.SeriesInstanceUID, "SeriesInstanceUID")));
        SopInstanceUid sop = uid(file, () -> SopInstanceUid.of(required(file, list, TagFromName.SOPInstanceUID, "SOPInstanceUID")));
        Optional<SopInstanceUid> referenced = Optional.empty();
        if (type == ObjectType.OVERLAY) {
            String ref = firstReferencedImage(list);
            if (ref == null) {
                throw new DicomFileException(file, RejectReason.MISSING_ATTRIBUTE,
                        "the presentation state references no image (ReferencedSeriesSequence/ReferencedImageSequence)");
            }
            referenced = Optional.of(uid(file, () -> SopInstanceUid.of(ref)));
        }
        String frames = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.NumberOfFrames);
        String transferSyntax = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        return new DicomSummary(type, study, series, sop, sopClassUid, referenced,
                transferSyntax.isEmpty() ? "(no meta header)" : transferSyntax,
                text(list, TagFromName.Modality),
                text(list, TagFromName.PatientID),
                text(list, TagFromName.PatientName),
                text(list, TagFromName.AccessionNumber),
                date(text(list, TagFromName.StudyDate)),
                text(list, TagFromName.StudyDescription),
                text(list, TagFromName.SeriesDescription),
                text(list, TagFromName.SeriesNumber),
                text(list, TagFromName.InstanceNumber),
                frames.isEmpty() ? 1 : parseFrames(frames));
    }

    /** Maps a SOP class to RadPost's object type: presentation states are overlays, SRs are reports. */
    public static ObjectType objectTypeOf(String sopClassUid) {
        if (SOPClass.isPresentationState(sopClassUid)) {
            return ObjectType.OVERLAY;
        }
        if (SOPClass.isStructuredReport(sopClassUid)) {
            return ObjectType.REPORT;
        }
        return ObjectType.IMAGE;
    }

    private static String firstReferencedImage(AttributeList list) {
        Attribute series = list.get(TagFromName.ReferencedSeriesSequence);
        if (series instanceof SequenceAttribute seriesSeq) {
            for (int i = 0; i < seriesSeq.getNumberOfItems(); i++) {
                SequenceItem item = seriesSeq.getItem(i);
                Attribute images = item.getAttributeList().get(TagFromName.ReferencedImageSequence);
                if (images instanceof SequenceAttribute imageSeq && imageSeq.getNumberOfItems() > 0) {
                    String uid = Attribute.getSingleStringValueOrNull(
                            imageSeq.getItem(0).getAttributeList(), TagFromName.ReferencedSOPInstanceUID);
                    if (uid != null && !uid.isBlank()) {
                        return uid.trim();
                    }
                }
            }
        }
        return null;
    }

    private interface UidMaker<T> {
        T make() throws DicomFileException;
    }

    private static <T> T uid(Path file, UidMaker<T> maker) throws DicomFileException {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            throw new DicomFileException(file, RejectReason.INVALID_UID, e.getMessage(), e);
        }
    }

    private static String required(Path file, AttributeList list, AttributeTag tag, String keyword)
            throws DicomFileException {
        String value = Attribute.getSingleStringValueOrNull(list, tag);
        if (value == null || value.isBlank()) {
            throw new DicomFileException(file, RejectReason.MISSING_ATTRIBUTE, keyword + " is missing or empty");
        }
        return value.trim();
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    private static Optional<LocalDate> date(String value) {
        try {
            return value.length() == 8 ? Optional.of(LocalDate.parse(value, DA)) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static int parseFrames(String frames) {
        try {
            return Math.max(1, Integer.parseInt(frames.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
