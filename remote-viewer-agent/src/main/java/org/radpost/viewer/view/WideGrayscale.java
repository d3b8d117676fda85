package org.radpost.viewer.view;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.Locale;

/**
 * Makes 32-bit grayscale pixel data showable: PixelMed renders at most 16 bits per sample, so the stored values are
 * mapped linearly onto 0..65535 and the modality rescale is adjusted so every pixel keeps its value in output units
 * (window/level means the same). Display has 8 bits; 16 are plenty.
 */
final class WideGrayscale {
    private WideGrayscale() {}

    static boolean applies(AttributeList list) {
        return Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0) == 32
                && Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1) == 1
                && list.get(TagFromName.PixelData) != null;
    }

    /** Rewrites the list's pixel data as 16-bit unsigned with an equivalent rescale. */
    static void narrowTo16Bits(AttributeList list) throws DicomException {
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        long[] values = values(list.get(TagFromName.PixelData), signed);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double step = max > min ? (max - min) / 65535.0 : 1;
        short[] narrow = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            narrow[i] = (short) Math.round((values[i] - min) / step);
        }
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1.0);
        slope = slope == 0 ? 1 : slope;
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0.0);
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(narrow);
        list.put(pixels);
        put(list, TagFromName.BitsAllocated, "16");
        put(list, TagFromName.BitsStored, "16");
        put(list, TagFromName.HighBit, "15");
        put(list, TagFromName.PixelRepresentation, "0");
        put(list, TagFromName.RescaleSlope, String.format(Locale.ROOT, "%.10g", slope * step));
        put(list, TagFromName.RescaleIntercept, String.format(Locale.ROOT, "%.10g", intercept + slope * min));
        list.remove(TagFromName.SmallestImagePixelValue);
        list.remove(TagFromName.LargestImagePixelValue);
    }

    /** The 32-bit values, whichever way PixelMed holds them (OW as pairs of little-endian words, or OL). */
    private static long[] values(Attribute pixelData, boolean signed) throws DicomException {
        long[] values;
        if (pixelData instanceof OtherWordAttribute) {
            short[] words = pixelData.getShortValues();
            values = new long[words.length / 2];
            for (int i = 0; i < values.length; i++) {
                values[i] = (words[2 * i] & 0xFFFFL) | ((words[2 * i + 1] & 0xFFFFL) << 16);
            }
        } else {
            int[] ints = pixelData.getIntegerValues();
            values = new long[ints.length];
            for (int i = 0; i < ints.length; i++) {
                values[i] = ints[i] & 0xFFFFFFFFL;
            }
        }
        if (signed) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (int) values[i];
            }
        }
        return values;
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = com.pixelmed.dicom.AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }
}
