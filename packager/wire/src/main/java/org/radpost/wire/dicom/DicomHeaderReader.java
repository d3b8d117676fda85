package org.radpost.wire.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SOPClassDescriptions;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.radpost.wire.RejectReason;
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

    static {
        // Every side reads DICOM through this class: PixelMed's console remarks go to the log from here on.
        PixelMedConsole.install();
    }

    /** Reads and checks one file; a file that cannot be sent is refused with its reason. */
    public DicomSummary read(Path file) throws DicomFileException {
        Header header = readHeader(file);
        EncodingCheck.Framing framing = header.framing();
        String sopClassUid = Attribute.getSingleStringValueOrEmptyString(header.attributes(), TagFromName.SOPClassUID).trim();
        String mediaStorageClass = Attribute.getSingleStringValueOrEmptyString(header.attributes(),
                TagFromName.MediaStorageSOPClassUID).trim();
        if (SOPClass.isDirectory(sopClassUid) || SOPClass.isDirectory(mediaStorageClass)) {
            throw new DicomFileException(file, RejectReason.MEDIA_FILE,
                    "it is the DICOMDIR (Media Storage Directory) of a CD/DVD export, which lists the images but is none");
        }
        checkNotCutBefore(file, header.attributes(), framing);
        if (!framing.hasPixelData() && SOPClass.isImageStorage(sopClassUid)) {
            throw new DicomFileException(file, RejectReason.NO_PIXEL_DATA, "its SOP class "
                    + sopClassName(sopClassUid) + " is an image, but its data set ends at byte " + framing.end() + " after "
                    + EncodingCheck.tagText(framing.lastTag()) + " without Pixel Data (7FE0,0010)" + instance(header.attributes())
                    + "; export the image again with its pixels");
        }
        return summarise(file, header.attributes());
    }

    /**
     * The header attributes up to (not including) the pixel data, of a file already accepted by {@link #read}: no
     * walk of the framing (a viewer rendering a frame should not inflate a deflated file to check it again).
     */
    public AttributeList readAttributes(Path file) throws DicomFileException {
        Meta meta = readMeta(file);
        return parse(file, meta);
    }

    /** The attributes before the pixel data, and what the walk of the file's framing found. */
    private record Header(AttributeList attributes, EncodingCheck.Framing framing) {}

    /** The File Meta Information alone, and the data set's transfer syntax (stated, or guessed as PixelMed does). */
    private record Meta(AttributeList attributes, TransferSyntax syntax) {}

    private Header readHeader(Path file) throws DicomFileException {
        long size = size(file);
        if (size < 16) {
            throw new DicomFileException(file, MediaFiles.isMediaFile(file) ? RejectReason.MEDIA_FILE
                    : RejectReason.NOT_DICOM, "only " + size + " bytes");
        }
        if (!looksLikeDicom(file)) {
            throw new DicomFileException(file, MediaFiles.isMediaFile(file) ? RejectReason.MEDIA_FILE
                    : RejectReason.NOT_DICOM, "no DICM preamble and the first bytes are no DICOM data element");
        }
        Meta meta = readMeta(file);
        // The framing first: a declared length beyond the end of the file is refused before PixelMed allocates it.
        EncodingCheck.Framing framing = checkEncoding(file, meta);
        return new Header(parse(file, meta), framing);
    }

    /** PixelMed's parse of the data set, stopping at the pixel data. */
    private static AttributeList parse(Path file, Meta meta) throws DicomFileException {
        AttributeList list = new AttributeList();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
             DicomInputStream dicom = new DicomInputStream(in)) {
            list.read(dicom, TagFromName.PixelData);
            return list;
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomFileException(file, RejectReason.UNREADABLE_DICOM, e.getMessage() + instance(meta.attributes()), e);
        }
    }

    private static Meta readMeta(Path file) throws DicomFileException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
             DicomInputStream dicom = new DicomInputStream(in)) {
            AttributeList meta = new AttributeList();
            if (dicom.haveMetaHeader()) {
                meta.readOnlyMetaInformationHeader(dicom);
            }
            if (dicom.getTransferSyntaxToReadDataSet() == null) {
                dicom.guessTransferSyntaxToReadDataSet();
            }
            TransferSyntax syntax = dicom.getTransferSyntaxToReadDataSet();
            return new Meta(meta, syntax == null ? new TransferSyntax(TransferSyntax.ImplicitVRLittleEndian) : syntax);
        } catch (IOException | DicomException | RuntimeException e) {
            // A cut inside the meta header is a truncation, which the walk names exactly.
            explainByEncoding(file, new TransferSyntax(TransferSyntax.ExplicitVRLittleEndian));
            throw new DicomFileException(file, e instanceof EOFException ? RejectReason.TRUNCATED
                    : RejectReason.UNREADABLE_DICOM, "its File Meta Information cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every declared length fits the file, every sequence and item is closed: else the file is cut (or broken). */
    private static EncodingCheck.Framing checkEncoding(Path file, Meta header) throws DicomFileException {
        try {
            return EncodingCheck.check(file, header.syntax());
        } catch (EncodingCheck.Defect defect) {
            throw new DicomFileException(file, defect.truncated() ? RejectReason.TRUNCATED
                    : RejectReason.UNREADABLE_DICOM, defect.getMessage() + instance(header.attributes()), defect);
        } catch (java.util.zip.ZipException e) {
            throw new DicomFileException(file, RejectReason.UNREADABLE_DICOM,
                    "its deflated data set is corrupt (" + e.getMessage() + ")" + instance(header.attributes()), e);
        } catch (IOException e) {
            throw new DicomFileException(file, RejectReason.UNREADABLE_DICOM, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * A file cut exactly between two elements is whole as far as its framing goes; but when it ends before the
     * place of an attribute every object carries (elements come in ascending tag order), it was cut, and saying
     * "truncated" is more use to the sender than "StudyInstanceUID is missing".
     */
    private static void checkNotCutBefore(Path file, AttributeList list, EncodingCheck.Framing framing) throws DicomFileException {
        for (AttributeTag tag : List.of(TagFromName.SOPClassUID, TagFromName.SOPInstanceUID, TagFromName.StudyInstanceUID,
                TagFromName.SeriesInstanceUID)) {
            if (list.get(tag) == null && framing.endsBefore(tag)) {
                throw new DicomFileException(file, RejectReason.TRUNCATED, "the file ends at byte " + framing.end()
                        + " right after " + EncodingCheck.tagText(framing.lastTag()) + ", before "
                        + EncodingCheck.tagText(tag.getGroup() << 16 | tag.getElement()) + ", which every DICOM object carries"
                        + instance(list));
            }
        }
    }

    /** Throws the walk's finding, if it has one, when PixelMed failed; returns when the walk sees nothing wrong. */
    private static void explainByEncoding(Path file, TransferSyntax syntax) throws DicomFileException {
        try {
            EncodingCheck.check(file, syntax);
        } catch (EncodingCheck.Defect defect) {
            if (defect.truncated()) {
                throw new DicomFileException(file, RejectReason.TRUNCATED, defect.getMessage(), defect);
            }
        } catch (IOException e) {
            // PixelMed's own failure is the better explanation.
        }
    }

    private static long size(Path file) throws DicomFileException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DicomFileException(file, RejectReason.UNREADABLE_DICOM, e.getMessage(), e);
        }
    }

    /** " (SOP Instance UID x)" when the header got that far, so a refusal names the object, not only the file. */
    private static String instance(AttributeList list) {
        String uid = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID).trim();
        if (uid.isEmpty()) {
            uid = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.MediaStorageSOPInstanceUID).trim();
        }
        return uid.isEmpty() ? "" : " (SOP Instance UID " + uid + ")";
    }

    private static String sopClassName(String sopClassUid) {
        String name = SOPClassDescriptions.getDescriptionFromUID(sopClassUid);
        return name == null || name.isBlank() ? sopClassUid : name + " (" + sopClassUid + ")";
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
