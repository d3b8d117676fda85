package org.radpost.testkit;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnlimitedTextAttribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the non-image objects of a {@link SampleStudy} in code, each a valid object without pixel data: a Basic
 * Text SR with a content tree, a Key Object Selection, an RT Plan with nested beams, a 12-lead ECG waveform, an
 * encapsulated PDF and a DICOMDIR; the kinds a real CD or a treatment system carries besides images.
 */
public final class SampleObjects {
    private final SampleStudy study;

    public SampleObjects(SampleStudy study) {
        this.study = study;
    }

    /** A Basic Text SR whose findings sit in a ContentSequence (nested, undefined-length sequences). */
    public Path writeBasicTextSr(Path folder, String... findings) throws IOException {
        try {
            AttributeList list = study.commonNonImage(SOPClass.BasicTextSRStorage, "SR");
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.ValueType), "CONTAINER");
            list.put(code(TagFromName.ConceptNameCodeSequence, "18748-4", "LN", "Diagnostic Imaging Report"));
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.ContinuityOfContent), "SEPARATE");
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.CompletionFlag), "COMPLETE");
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.VerificationFlag), "UNVERIFIED");
            SequenceAttribute content = new SequenceAttribute(TagFromName.ContentSequence);
            for (String finding : findings) {
                AttributeList item = new AttributeList();
                SampleStudy.put(item, new CodeStringAttribute(TagFromName.RelationshipType), "CONTAINS");
                SampleStudy.put(item, new CodeStringAttribute(TagFromName.ValueType), "TEXT");
                item.put(code(TagFromName.ConceptNameCodeSequence, "121071", "DCM", "Finding"));
                SampleStudy.put(item, new UnlimitedTextAttribute(TagFromName.TextValue), finding);
                content.addItem(item);
            }
            list.put(content);
            return study.writeNonImage(list, folder.resolve("sr-" + System.nanoTime() + ".dcm"));
        } catch (DicomException e) {
            throw new IOException("could not write a sample SR: " + e.getMessage(), e);
        }
    }

    /** A Key Object Selection ("For Teaching") that points at one image of the study. */
    public Path writeKeyObjectSelection(Path folder, String imageSopInstanceUid) throws IOException {
        try {
            AttributeList list = study.commonNonImage(SOPClass.KeyObjectSelectionDocumentStorage, "KO");
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.ValueType), "CONTAINER");
            list.put(code(TagFromName.ConceptNameCodeSequence, "113004", "DCM", "For Teaching"));
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.ContinuityOfContent), "SEPARATE");
            SequenceAttribute content = new SequenceAttribute(TagFromName.ContentSequence);
            AttributeList item = new AttributeList();
            SampleStudy.put(item, new CodeStringAttribute(TagFromName.RelationshipType), "CONTAINS");
            SampleStudy.put(item, new CodeStringAttribute(TagFromName.ValueType), "IMAGE");
            SequenceAttribute referenced = new SequenceAttribute(TagFromName.ReferencedSOPSequence);
            AttributeList ref = new AttributeList();
            SampleStudy.put(ref, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPClassUID), SOPClass.CTImageStorage);
            SampleStudy.put(ref, new UniqueIdentifierAttribute(TagFromName.ReferencedSOPInstanceUID), imageSopInstanceUid);
            referenced.addItem(ref);
            item.put(referenced);
            content.addItem(item);
            list.put(content);
            return study.writeNonImage(list, folder.resolve("ko-" + System.nanoTime() + ".dcm"));
        } catch (DicomException e) {
            throw new IOException("could not write a sample key object selection: " + e.getMessage(), e);
        }
    }

    /** An RT Plan with several beams, each with control points: sequences nested three deep, no pixel data. */
    public Path writeRtPlan(Path folder, int beams) throws IOException {
        try {
            AttributeList list = study.commonNonImage(SOPClass.RTPlanStorage, "RTPLAN");
            SampleStudy.put(list, new ShortStringAttribute(TagFromName.RTPlanLabel), "PROSTATE 1");
            SampleStudy.put(list, new LongStringAttribute(TagFromName.RTPlanName), "Prostate IMRT");
            SampleStudy.put(list, new ShortTextAttribute(tag("RTPlanDescription")),
                    "Seven-field IMRT plan, 78 Gy in 39 fractions; generated for RadPost's tests.");
            SampleStudy.put(list, new CodeStringAttribute(tag("RTPlanGeometry")), "PATIENT");
            SampleStudy.put(list, new CodeStringAttribute(tag("PlanIntent")), "CURATIVE");
            SequenceAttribute fractions = new SequenceAttribute(tag("FractionGroupSequence"));
            AttributeList fraction = new AttributeList();
            SampleStudy.put(fraction, new IntegerStringAttribute(tag("FractionGroupNumber")), "1");
            SampleStudy.put(fraction, new IntegerStringAttribute(tag("NumberOfFractionsPlanned")), "39");
            SampleStudy.put(fraction, new IntegerStringAttribute(tag("NumberOfBeams")), Integer.toString(beams));
            fractions.addItem(fraction);
            list.put(fractions);
            SequenceAttribute beamSequence = new SequenceAttribute(tag("BeamSequence"));
            for (int b = 1; b <= beams; b++) {
                AttributeList beam = new AttributeList();
                SampleStudy.put(beam, new IntegerStringAttribute(tag("BeamNumber")), Integer.toString(b));
                SampleStudy.put(beam, new LongStringAttribute(tag("BeamName")), "Field " + b);
                SampleStudy.put(beam, new ShortStringAttribute(tag("TreatmentMachineName")), "LINAC-1");
                SampleStudy.put(beam, new CodeStringAttribute(tag("BeamType")), "DYNAMIC");
                SampleStudy.put(beam, new IntegerStringAttribute(tag("NumberOfControlPoints")), "4");
                SequenceAttribute points = new SequenceAttribute(tag("ControlPointSequence"));
                for (int c = 0; c < 4; c++) {
                    AttributeList point = new AttributeList();
                    SampleStudy.put(point, new IntegerStringAttribute(tag("ControlPointIndex")), Integer.toString(c));
                    SampleStudy.put(point, new DecimalStringAttribute(tag("GantryAngle")), Integer.toString((b - 1) * 51 % 360));
                    SampleStudy.put(point, new DecimalStringAttribute(tag("CumulativeMetersetWeight")),
                            String.format(java.util.Locale.ROOT, "%.2f", c / 3.0));
                    points.addItem(point);
                }
                beam.put(points);
                beamSequence.addItem(beam);
            }
            list.put(beamSequence);
            SampleStudy.put(list, new CodeStringAttribute(tag("ApprovalStatus")), "UNAPPROVED");
            return study.writeNonImage(list, folder.resolve("rtplan-" + System.nanoTime() + ".dcm"));
        } catch (DicomException e) {
            throw new IOException("could not write a sample RT plan: " + e.getMessage(), e);
        }
    }

    /** A 12-lead ECG: one multiplex group of 12 channels, 500 samples each, as signed 16-bit waveform data. */
    public Path writeTwelveLeadEcg(Path folder) throws IOException {
        try {
            AttributeList list = study.commonNonImage(SOPClass.TwelveLeadECGStorage, "ECG");
            SequenceAttribute waveforms = new SequenceAttribute(TagFromName.WaveformSequence);
            AttributeList group = new AttributeList();
            int channels = 12;
            int samples = 500;
            SampleStudy.putUs(group, TagFromName.NumberOfWaveformChannels, channels);
            Attribute count = new com.pixelmed.dicom.UnsignedLongAttribute(TagFromName.NumberOfWaveformSamples);
            count.addValue(samples);
            group.put(count);
            SampleStudy.put(group, new DecimalStringAttribute(TagFromName.SamplingFrequency), "500");
            SampleStudy.putUs(group, TagFromName.WaveformBitsAllocated, 16);
            SampleStudy.put(group, new CodeStringAttribute(tag("WaveformSampleInterpretation")), "SS");
            short[] data = new short[channels * samples];
            for (int s = 0; s < samples; s++) {
                for (int c = 0; c < channels; c++) {
                    data[s * channels + c] = (short) (Math.sin(s / 20.0 + c) * 800);
                }
            }
            OtherWordAttribute values = new OtherWordAttribute(TagFromName.WaveformData);
            values.setValues(data);
            group.put(values);
            waveforms.addItem(group);
            list.put(waveforms);
            return study.writeNonImage(list, folder.resolve("ecg-" + System.nanoTime() + ".dcm"));
        } catch (DicomException e) {
            throw new IOException("could not write a sample ECG: " + e.getMessage(), e);
        }
    }

    /** An Encapsulated PDF (a scanned request form, say) holding a small valid PDF document. */
    public Path writeEncapsulatedPdf(Path folder) throws IOException {
        try {
            AttributeList list = study.commonNonImage(SOPClass.EncapsulatedPDFStorage, "DOC");
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.BurnedInAnnotation), "YES");
            SampleStudy.put(list, new ShortTextAttribute(TagFromName.DocumentTitle), "Request form");
            SampleStudy.put(list, new LongStringAttribute(TagFromName.MIMETypeOfEncapsulatedDocument), "application/pdf");
            byte[] pdf = minimalPdf();
            OtherByteAttribute document = new OtherByteAttribute(TagFromName.EncapsulatedDocument);
            document.setValues(pdf.length % 2 == 0 ? pdf : java.util.Arrays.copyOf(pdf, pdf.length + 1));
            list.put(document);
            return study.writeNonImage(list, folder.resolve("pdf-" + System.nanoTime() + ".dcm"));
        } catch (DicomException e) {
            throw new IOException("could not write a sample encapsulated PDF: " + e.getMessage(), e);
        }
    }

    /** A DICOMDIR as a CD export writes it next to the images: a Media Storage Directory, no study in it. */
    public static Path writeDicomdir(Path folder) throws IOException {
        try {
            Files.createDirectories(folder);
            AttributeList list = new AttributeList();
            SampleStudy.put(list, new CodeStringAttribute(TagFromName.FileSetID), "RADPOST CD");
            Attribute offset = new com.pixelmed.dicom.UnsignedLongAttribute(
                    TagFromName.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity);
            offset.addValue(0);
            list.put(offset);
            Attribute last = new com.pixelmed.dicom.UnsignedLongAttribute(
                    TagFromName.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity);
            last.addValue(0);
            list.put(last);
            SampleStudy.putUs(list, TagFromName.FileSetConsistencyFlag, 0);
            list.put(new SequenceAttribute(TagFromName.DirectoryRecordSequence));
            FileMetaInformation.addFileMetaInformation(list, SOPClass.MediaStorageDirectoryStorage,
                    new com.pixelmed.dicom.UIDGenerator().getAnotherNewUID(), TransferSyntax.ExplicitVRLittleEndian, "RADPOST");
            Path file = folder.resolve("DICOMDIR");
            list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true, null);
            return file;
        } catch (DicomException e) {
            throw new IOException("could not write a sample DICOMDIR: " + e.getMessage(), e);
        }
    }

    /**
     * Removes Transfer Syntax UID (0002,0010) from a Part 10 file's meta header and corrects the group length, the
     * way some modality writers leave it: readers must guess the data set's encoding (PixelMed says so on stderr).
     */
    public static Path dropTransferSyntaxFromMetaHeader(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // Explicit VR little endian from byte 132: (0002,0000) UL 4 <group length>, then the other group 0002 elements.
        int groupLength = java.nio.ByteBuffer.wrap(bytes, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        int at = 144;
        while (at < 144 + groupLength) {
            int element = (bytes[at + 2] & 0xff) | (bytes[at + 3] & 0xff) << 8;
            String vr = new String(bytes, at + 4, 2, StandardCharsets.US_ASCII);
            boolean shortLength = !"OB".equals(vr) && !"OW".equals(vr) && !"UN".equals(vr) && !"SQ".equals(vr) && !"UT".equals(vr);
            int length = shortLength ? (bytes[at + 6] & 0xff) | (bytes[at + 7] & 0xff) << 8
                    : java.nio.ByteBuffer.wrap(bytes, at + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            int size = (shortLength ? 8 : 12) + length;
            if (element == 0x0010) {
                byte[] out = new byte[bytes.length - size];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + size, out, at, bytes.length - at - size);
                java.nio.ByteBuffer.wrap(out, 140, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(groupLength - size);
                Files.write(file, out);
                return file;
            }
            at += size;
        }
        throw new IllegalArgumentException(file + " has no Transfer Syntax UID in its meta header");
    }

    private static byte[] minimalPdf() {
        String pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
        return pdf.getBytes(StandardCharsets.US_ASCII);
    }

    private static SequenceAttribute code(AttributeTag tag, String value, String scheme, String meaning) throws DicomException {
        SequenceAttribute sequence = new SequenceAttribute(tag);
        AttributeList item = new AttributeList();
        SampleStudy.put(item, new ShortStringAttribute(TagFromName.CodeValue), value);
        SampleStudy.put(item, new ShortStringAttribute(TagFromName.CodingSchemeDesignator), scheme);
        SampleStudy.put(item, new LongStringAttribute(TagFromName.CodeMeaning), meaning);
        sequence.addItem(item);
        return sequence;
    }

    /** RT and waveform keywords this PixelMed release has in its dictionary but not in TagFromName. */
    private static AttributeTag tag(String keyword) {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
        if (tag == null) {
            throw new IllegalStateException("PixelMed's dictionary has no " + keyword);
        }
        return tag;
    }
}
