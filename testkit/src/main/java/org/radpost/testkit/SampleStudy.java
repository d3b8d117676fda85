package org.radpost.testkit;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Makes synthetic DICOM studies in code (no binaries in the repository): the demo's sample study and
 * the tests' data. Images carry a recognisable pattern so rendered pixels can be checked.
 */
public final class SampleStudy {
    private final String studyInstanceUid;
    /** Its own generated UID: the study UID plus ".1" passed 64 characters whenever the study UID had 63 or 64. */
    private final String frameOfReferenceUid;
    private final String patientId;
    private final String patientName;
    private final String accessionNumber;
    private final String modality;
    private final String studyDate;
    private final String studyDescription;
    private String transferSyntaxUid = TransferSyntax.ExplicitVRLittleEndian;
    private int rows = 256;
    private int columns = 256;
    private int frames = 1;
    private boolean metaHeader = true;
    private boolean pixelData = true;
    private String specificCharacterSet = "";
    private final UIDGenerator uids = new UIDGenerator();
    private final String seriesInstanceUid;
    private int nextInstance = 1;

    private SampleStudy(String modality, String patientId, String patientName, String accessionNumber) {
        this.modality = modality;
        this.patientId = patientId;
        this.patientName = patientName;
        this.accessionNumber = accessionNumber;
        this.studyDate = "20261120";
        this.studyDescription = modality + " sample study";
        try {
            this.studyInstanceUid = uids.getAnotherNewUID();
            this.seriesInstanceUid = uids.getAnotherNewUID();
            this.frameOfReferenceUid = uids.getAnotherNewUID();
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new study of one series with fresh UIDs. */
    public static SampleStudy of(String modality, String patientId, String patientName, String accessionNumber) {
        return new SampleStudy(modality, patientId, patientName, accessionNumber);
    }

    /** A CT study for patient "DOE^JANE" with a fresh accession number. */
    public static SampleStudy ct() {
        return of("CT", "PID-" + System.nanoTime() % 100000, "DOE^JANE", "ACC" + System.nanoTime() % 1000000);
    }

    public SampleStudy transferSyntax(String uid) {
        this.transferSyntaxUid = uid;
        return this;
    }

    public SampleStudy size(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        return this;
    }

    public SampleStudy frames(int frames) {
        this.frames = frames;
        return this;
    }

    /** Writes bare data sets (no 128-byte preamble, no "DICM", no group 0002), implicit VR little endian. */
    public SampleStudy withoutMetaHeader() {
        this.metaHeader = false;
        this.transferSyntaxUid = TransferSyntax.ImplicitVRLittleEndian;
        return this;
    }

    /** Writes images with every image attribute but no Pixel Data element: a header-only image object. */
    public SampleStudy withoutPixelData() {
        this.pixelData = false;
        return this;
    }

    /** Sets Specific Character Set, e.g. "ISO_IR 100" or "ISO_IR 192", for names with accents. */
    public SampleStudy characterSet(String specificCharacterSet) {
        this.specificCharacterSet = specificCharacterSet;
        return this;
    }

    public String studyInstanceUid() {
        return studyInstanceUid;
    }

    public String seriesInstanceUid() {
        return seriesInstanceUid;
    }

    /** Writes {@code count} images into the folder and returns their paths, in instance order. */
    public List<Path> writeImages(Path folder, int count) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < count; i++) {
                written.add(writeImage(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    /** Writes one image and returns its path. */
    public Path writeImage(Path folder) throws IOException {
        try {
            int instance = nextInstance++;
            String sopInstanceUid = uids.getAnotherNewUID();
            AttributeList list = new AttributeList();
            if (!specificCharacterSet.isEmpty()) {
                put(list, new CodeStringAttribute(TagFromName.SpecificCharacterSet), specificCharacterSet);
            }
            put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), sopClassFor(modality));
            put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), sopInstanceUid);
            put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), studyInstanceUid);
            put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), seriesInstanceUid);
            put(list, new UniqueIdentifierAttribute(TagFromName.FrameOfReferenceUID), frameOfReferenceUid);
            com.pixelmed.dicom.SpecificCharacterSet charset = specificCharacterSet.isEmpty() ? null
                    : new com.pixelmed.dicom.SpecificCharacterSet(new String[] {specificCharacterSet});
            put(list, new PersonNameAttribute(TagFromName.PatientName, charset), patientName);
            put(list, new LongStringAttribute(TagFromName.PatientID), patientId);
            put(list, new DateAttribute(TagFromName.PatientBirthDate), "19700101");
            put(list, new CodeStringAttribute(TagFromName.PatientSex), "F");
            put(list, new ShortStringAttribute(TagFromName.AccessionNumber), accessionNumber);
            put(list, new DateAttribute(TagFromName.StudyDate), studyDate);
            put(list, new TimeAttribute(TagFromName.StudyTime), "101500");
            put(list, new ShortStringAttribute(TagFromName.StudyID), "1");
            put(list, new LongStringAttribute(TagFromName.StudyDescription), studyDescription);
            put(list, new PersonNameAttribute(TagFromName.ReferringPhysicianName), "REFERRER^ROSE");
            put(list, new CodeStringAttribute(TagFromName.Modality), modality);
            put(list, new IntegerStringAttribute(TagFromName.SeriesNumber), "1");
            put(list, new LongStringAttribute(TagFromName.SeriesDescription), modality + " axial");
            put(list, new IntegerStringAttribute(TagFromName.InstanceNumber), Integer.toString(instance));
            put(list, new LongStringAttribute(TagFromName.Manufacturer), "RadPost sample generator");
            put(list, new CodeStringAttribute(TagFromName.PatientOrientation), "L\\P");
            put(list, new CodeStringAttribute(TagFromName.ImageType), "ORIGINAL\\PRIMARY\\AXIAL");
            put(list, new DecimalStringAttribute(TagFromName.PixelSpacing), "0.5\\0.5");
            put(list, new DecimalStringAttribute(TagFromName.SliceThickness), "1.0");
            put(list, new DecimalStringAttribute(TagFromName.ImagePositionPatient), "0\\0\\" + instance);
            put(list, new DecimalStringAttribute(TagFromName.ImageOrientationPatient), "1\\0\\0\\0\\1\\0");
            put(list, new DecimalStringAttribute(TagFromName.WindowCenter), "40");
            put(list, new DecimalStringAttribute(TagFromName.WindowWidth), "400");
            put(list, new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024");
            put(list, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
            put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2");
            putUs(list, TagFromName.SamplesPerPixel, 1);
            putUs(list, TagFromName.Rows, rows);
            putUs(list, TagFromName.Columns, columns);
            putUs(list, TagFromName.PixelRepresentation, 0);
            if (frames > 1) {
                put(list, new IntegerStringAttribute(TagFromName.NumberOfFrames), Integer.toString(frames));
            }
            if (!pixelData) {
                putUs(list, TagFromName.BitsAllocated, 16);
                putUs(list, TagFromName.BitsStored, 12);
                putUs(list, TagFromName.HighBit, 11);
            } else if (isEncapsulated(transferSyntaxUid)) {
                putUs(list, TagFromName.BitsAllocated, 8);
                putUs(list, TagFromName.BitsStored, 8);
                putUs(list, TagFromName.HighBit, 7);
                list.put(encapsulatedJpeg(instance));
            } else {
                putUs(list, TagFromName.BitsAllocated, 16);
                putUs(list, TagFromName.BitsStored, 12);
                putUs(list, TagFromName.HighBit, 11);
                OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
                pixels.setValues(pattern16(instance));
                list.put(pixels);
            }
            Path file = folder.resolve(String.format(Locale.ROOT, "%s-%04d.dcm", modality.toLowerCase(Locale.ROOT), instance));
            if (metaHeader) {
                FileMetaInformation.addFileMetaInformation(list, transferSyntaxUid, "RADPOST");
            }
            list.write(file.toFile(), transferSyntaxUid, metaHeader, true, null);
            return file;
        } catch (DicomException e) {
            throw new IOException("could not write a sample image: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a minimal Grayscale Softcopy Presentation State that references one image of this study:
     * enough to travel as an overlay (the viewer agent writes the full, validated ones).
     */
    public Path writePresentationState(Path folder, String referencedSopInstanceUid) throws IOException {
        try {
            AttributeList list = commonNonImage(SOPClass.GrayscaleSoftcopyPresentationStateStorage, "PR");
            SequenceAttribute series = new SequenceAttribute(TagFromName.ReferencedSeriesSequence);
            AttributeList seriesItem = new AttributeList();
            put(seriesItem, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), seriesInstanceUid);
            SequenceAttribute images = new SequenceAttribute(TagFromName.ReferencedImageSequence);
            AttributeList imageItem = new AttributeList();
            put(imageItem, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPClassUID), sopClassFor(modality));
            put(imageItem, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPInstanceUID), referencedSopInstanceUid);
            images.addItem(imageItem);
            seriesItem.put(images);
            series.addItem(seriesItem);
            list.put(series);
            return writeNonImage(list, folder.resolve("overlay-" + System.nanoTime() + ".dcm"));
        } catch (DicomException e) {
            throw new IOException("could not write a sample presentation state: " + e.getMessage(), e);
        }
    }

    /** Writes a minimal Basic Text SR for this study: enough to travel as a report. */
    public Path writeTextReport(Path folder, String text) throws IOException {
        try {
            AttributeList list = commonNonImage(SOPClass.BasicTextSRStorage, "SR");
            put(list, new CodeStringAttribute(TagFromName.ValueType), "CONTAINER");
            put(list, new CodeStringAttribute(TagFromName.CompletionFlag), "COMPLETE");
            put(list, new CodeStringAttribute(TagFromName.VerificationFlag), "UNVERIFIED");
            put(list, new com.pixelmed.dicom.UnlimitedTextAttribute(TagFromName.TextValue), text);
            return writeNonImage(list, folder.resolve("report-" + System.nanoTime() + ".dcm"));
        } catch (DicomException e) {
            throw new IOException("could not write a sample report: " + e.getMessage(), e);
        }
    }

    AttributeList commonNonImage(String sopClassUid, String objectModality) throws DicomException {
        AttributeList list = new AttributeList();
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), sopClassUid);
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), uids.getAnotherNewUID());
        put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), studyInstanceUid);
        put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), uids.getAnotherNewUID());
        put(list, new PersonNameAttribute(TagFromName.PatientName), patientName);
        put(list, new LongStringAttribute(TagFromName.PatientID), patientId);
        put(list, new ShortStringAttribute(TagFromName.AccessionNumber), accessionNumber);
        put(list, new DateAttribute(TagFromName.StudyDate), studyDate);
        put(list, new CodeStringAttribute(TagFromName.Modality), objectModality);
        put(list, new IntegerStringAttribute(TagFromName.SeriesNumber), "900");
        put(list, new IntegerStringAttribute(TagFromName.InstanceNumber), "1");
        return list;
    }

    Path writeNonImage(AttributeList list, Path file) throws IOException, DicomException {
        Files.createDirectories(file.getParent());
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "RADPOST");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true, null);
        return file;
    }

    /**
     * True for the compressed syntaxes. Their pixel data is written encapsulated: a real baseline JPEG per
     * frame (decodable only as JPEG Baseline; for other compressed syntaxes it is an opaque payload, which is
     * all a sender needs, since RadPost never decodes pixels to send them).
     */
    private static boolean isEncapsulated(String transferSyntaxUid) {
        return !(TransferSyntax.ImplicitVRLittleEndian.equals(transferSyntaxUid)
                || TransferSyntax.ExplicitVRLittleEndian.equals(transferSyntaxUid)
                || TransferSyntax.ExplicitVRBigEndian.equals(transferSyntaxUid)
                || TransferSyntax.DeflatedExplicitVRLittleEndian.equals(transferSyntaxUid));
    }

    /** Concentric rings plus a gradient: never blank, and different for every instance. */
    private short[] pattern16(int instance) {
        short[] values = new short[rows * columns * frames];
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    double dx = x - columns / 2.0;
                    double dy = y - rows / 2.0;
                    double ring = (Math.sin(Math.sqrt(dx * dx + dy * dy) / (4.0 + instance % 5 + f)) + 1) * 1000;
                    values[(f * rows + y) * columns + x] = (short) Math.min(4095, (int) ring + x * 4);
                }
            }
        }
        return values;
    }

    private Attribute encapsulatedJpeg(int instance) throws IOException {
        byte[][] compressed = new byte[frames][];
        for (int f = 0; f < frames; f++) {
            BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    double dx = x - columns / 2.0;
                    double dy = y - rows / 2.0;
                    int v = (int) ((Math.sin(Math.sqrt(dx * dx + dy * dy) / (4.0 + instance % 5 + f)) + 1) * 100) + x / 4;
                    image.getRaster().setSample(x, y, 0, Math.min(255, v));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "jpeg", out)) {
                throw new IOException("this Java runtime has no JPEG writer");
            }
            byte[] bytes = out.toByteArray();
            // Fragments must have an even length.
            compressed[f] = bytes.length % 2 == 0 ? bytes : java.util.Arrays.copyOf(bytes, bytes.length + 1);
        }
        return new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, compressed);
    }

    private static String sopClassFor(String modality) {
        return switch (modality) {
            case "CT" -> SOPClass.CTImageStorage;
            case "MR" -> SOPClass.MRImageStorage;
            case "CR" -> SOPClass.ComputedRadiographyImageStorage;
            case "US" -> SOPClass.UltrasoundImageStorage;
            case "DX" -> SOPClass.DigitalXRayImageStorageForPresentation;
            default -> SOPClass.SecondaryCaptureImageStorage;
        };
    }

    static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }

    static void putUs(AttributeList list, AttributeTag tag, int value) throws DicomException {
        Attribute attribute = new UnsignedShortAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
    }
}
