package org.radpost.viewer.view;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test images for every pixel encoding the viewer must show, made in code: a native image written by PixelMed,
 * then compressed by a real encoder (dcmtk's dcmcjpeg, dcmcjpls and dcmcrle; GDCM's OpenJPEG for JPEG 2000).
 */
final class CodecSamples {
    static final int ROWS = 64;
    static final int COLUMNS = 80;

    static {
        System.loadLibrary("gdcmjni"); // GDCM's Java classes need their native half before any of them is touched
    }

    private CodecSamples() {}

    /** A native (explicit VR little endian) grayscale CT image with a gradient over the full range of its bits. */
    static Path grayscale(Path file, int bitsStored) throws Exception {
        AttributeList list = header(SOPClass.CTImageStorage, "CT", 1, "MONOCHROME2");
        int bitsAllocated = bitsStored <= 8 ? 8 : bitsStored <= 16 ? 16 : 32;
        put(list, TagFromName.BitsAllocated, bitsAllocated);
        put(list, TagFromName.BitsStored, bitsStored);
        put(list, TagFromName.HighBit, bitsStored - 1);
        put(list, TagFromName.PixelRepresentation, 0);
        long max = (1L << bitsStored) - 1;
        long[] values = new long[ROWS * COLUMNS];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % COLUMNS) * max / (COLUMNS - 1) * (i / COLUMNS + 1) / ROWS;
        }
        if (bitsAllocated == 8) {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
            OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
            pixels.setValues(bytes);
            list.put(pixels);
        } else {
            short[] words = new short[bitsAllocated == 16 ? values.length : values.length * 2];
            for (int i = 0; i < values.length; i++) {
                if (bitsAllocated == 16) {
                    words[i] = (short) values[i];
                } else { // little endian: low word first
                    words[2 * i] = (short) (values[i] & 0xFFFF);
                    words[2 * i + 1] = (short) (values[i] >>> 16);
                }
            }
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(words);
            list.put(pixels);
        }
        return write(list, file);
    }

    /** A native 8-bit RGB secondary capture: red across, green down. */
    static Path rgb(Path file) throws Exception {
        AttributeList list = header(SOPClass.SecondaryCaptureImageStorage, "OT", 3, "RGB");
        put(list, TagFromName.PlanarConfiguration, 0);
        put(list, TagFromName.BitsAllocated, 8);
        put(list, TagFromName.BitsStored, 8);
        put(list, TagFromName.HighBit, 7);
        put(list, TagFromName.PixelRepresentation, 0);
        byte[] bytes = new byte[ROWS * COLUMNS * 3];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS; x++) {
                int i = (y * COLUMNS + x) * 3;
                bytes[i] = (byte) (x * 3);
                bytes[i + 1] = (byte) (y * 4);
                bytes[i + 2] = (byte) 128;
            }
        }
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(bytes);
        list.put(pixels);
        return write(list, file);
    }

    /** A binary segmentation (1 bit per pixel, packed): a filled square on an empty frame. */
    static Path segmentation(Path file) throws Exception {
        AttributeList list = header("1.2.840.10008.5.1.4.1.1.66.4", "SEG", 1, "MONOCHROME2");
        put(list, TagFromName.BitsAllocated, 1);
        put(list, TagFromName.BitsStored, 1);
        put(list, TagFromName.HighBit, 0);
        put(list, TagFromName.PixelRepresentation, 0);
        put(list, TagFromName.NumberOfFrames, 1);
        byte[] bits = new byte[ROWS * COLUMNS / 8];
        for (int y = 16; y < 48; y++) {
            for (int x = 20; x < 60; x++) {
                int i = y * COLUMNS + x;
                bits[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(bits);
        list.put(pixels);
        return write(list, file);
    }

    /** Runs a dcmtk compressor (dcmcjpeg, dcmcjpls, dcmcrle) with its options on a native file. */
    static Path dcmtk(Path in, Path out, String tool, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(options));
        command.addAll(List.of(in.toString(), out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !Files.exists(out)) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return out;
    }

    /** Compresses a native file to JPEG 2000 (lossless) with GDCM's OpenJPEG encoder. */
    static Path jpeg2000(Path in, Path out) throws Exception {
        return gdcm(in, out, gdcm.TransferSyntax.TSType.JPEG2000Lossless);
    }

    /** Compresses a native file with GDCM's encoder for the given transfer syntax. */
    static Path gdcm(Path in, Path out, gdcm.TransferSyntax.TSType syntax) throws Exception {
        gdcm.ImageReader reader = new gdcm.ImageReader();
        reader.SetFileName(in.toString());
        if (!reader.Read()) {
            throw new IOException("GDCM cannot read " + in);
        }
        gdcm.ImageChangeTransferSyntax change = new gdcm.ImageChangeTransferSyntax();
        change.SetTransferSyntax(new gdcm.TransferSyntax(syntax));
        change.SetInput(reader.GetImage());
        if (!change.Change()) {
            throw new IOException("GDCM cannot encode " + in + " as " + syntax);
        }
        gdcm.ImageWriter writer = new gdcm.ImageWriter();
        writer.SetFileName(out.toString());
        writer.SetFile(reader.GetFile());
        writer.SetImage(change.GetOutput());
        if (!writer.Write()) {
            throw new IOException("GDCM cannot write " + out);
        }
        return out;
    }

    private static AttributeList header(String sopClass, String modality, int samples, String photometric)
            throws DicomException {
        AttributeList list = new AttributeList();
        UIDGenerator uids = new UIDGenerator();
        put(list, TagFromName.SOPClassUID, sopClass);
        put(list, TagFromName.SOPInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.StudyInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.SeriesInstanceUID, uids.getAnotherNewUID());
        put(list, TagFromName.Modality, modality);
        put(list, TagFromName.PatientName, "CODEC^TEST");
        put(list, TagFromName.PatientID, "CODEC-1");
        put(list, TagFromName.Rows, ROWS);
        put(list, TagFromName.Columns, COLUMNS);
        put(list, TagFromName.SamplesPerPixel, samples);
        put(list, TagFromName.PhotometricInterpretation, photometric);
        return list;
    }

    private static Path write(AttributeList list, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "RADPOST");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    private static void put(AttributeList list, AttributeTag tag, Object value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value.toString());
        list.put(a);
    }
}
