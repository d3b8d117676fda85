package org.radpost.viewer.view;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ModalityTransform;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.VOITransform;
import com.pixelmed.display.SourceImage;
import com.pixelmed.display.WindowCenterAndWidth;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Renders one frame of a DICOM image to PNG with PixelMed: the modality rescale, then a linear window (the one
 * asked for, else the image's own, else its full range). PixelMed decodes with the ImageIO readers it finds (the
 * JDK's baseline JPEG, pixelmed-imageio's lossless JPEG, jai-imageio's JPEG 2000) and its own RLE; a compressed image
 * it cannot decode (JPEG-LS, 12-bit JPEG, ...) is decompressed by GDCM first. 32-bit grayscale is narrowed to 16 bits
 * with an equivalent rescale; binary (1-bit) images are shown black and white. Recently used images stay decoded.
 */
public final class ImageRenderer {
    /** A rendered frame and the window that was applied (empty for colour images). */
    public record Rendered(byte[] png, Optional<WindowLevel> windowLevel, int frames, int width, int height) {
    }

    private static final int CACHED_IMAGES = 6;

    private record Decoded(SourceImage image, AttributeList list) {
    }

    private final Map<Path, Decoded> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Decoded> eldest) {
            return size() > CACHED_IMAGES;
        }
    };

    /** Renders frame {@code frame} (0-based) of the file. */
    public Rendered render(Path file, int frame, Optional<WindowLevel> requested) throws CannotDisplayException {
        Decoded decoded = decode(file);
        synchronized (decoded) {
            SourceImage source = decoded.image();
            int frames = source.getNumberOfBufferedImages();
            if (frame < 0 || frame >= frames) {
                throw new IllegalArgumentException("frame " + (frame + 1) + " does not exist; the image has " + frames);
            }
            BufferedImage pixels;
            try {
                pixels = source.getBufferedImage(frame);
            } catch (RuntimeException e) {
                throw new CannotDisplayException(reason(decoded.list(), e), e);
            }
            if (pixels == null) {
                throw new CannotDisplayException(reason(decoded.list(), null));
            }
            BufferedImage shown;
            Optional<WindowLevel> applied = Optional.empty();
            if (pixels.getColorModel() instanceof IndexColorModel) {
                // Binary images (segmentations, 1 bit per pixel) have no window: each bit is black or white.
                shown = rgb(pixels);
            } else if (source.isGrayscale()) {
                ModalityTransform modality = source.getModalityTransform();
                double storedSlope = modality == null ? 1 : modality.getRescaleSlope(frame);
                double slope = storedSlope == 0 ? 1 : storedSlope;
                double intercept = modality == null ? 0 : modality.getRescaleIntercept(frame);
                WindowLevel window = requested.orElseGet(() -> defaultWindow(source, frame, slope, intercept));
                try {
                    shown = WindowCenterAndWidth.applyWindowCenterAndWidthLinear(pixels, window.center(), window.width(),
                            source.isSigned(), source.isInverted(), slope, intercept, source.isPadded(), source.getPadValue());
                } catch (RuntimeException e) {
                    throw new CannotDisplayException("its pixels cannot be windowed for display (" + e.getMessage() + ")", e);
                }
                applied = Optional.of(window);
            } else {
                shown = rgb(pixels);
            }
            return new Rendered(png(shown), applied, frames, shown.getWidth(), shown.getHeight());
        }
    }

    /** The window stored in the image (first VOI window of the frame), else the full range of its pixels. */
    private static WindowLevel defaultWindow(SourceImage source, int frame, double slope, double intercept) {
        VOITransform voi = source.getVOITransform();
        if (voi != null && voi.getNumberOfTransforms(frame) > 0 && voi.isWindowTransform(frame, 0)
                && voi.getWidth(frame, 0) >= 1) {
            return new WindowLevel(voi.getCenter(frame, 0), voi.getWidth(frame, 0));
        }
        double low = source.getMinimum() * slope + intercept;
        double high = source.getMaximum() * slope + intercept;
        return new WindowLevel((low + high) / 2, Math.max(1, high - low));
    }

    private Decoded decode(Path file) throws CannotDisplayException {
        synchronized (cache) {
            Decoded cached = cache.get(file);
            if (cached != null) {
                return cached;
            }
        }
        Decoded decoded;
        try {
            decoded = withPixelMed(file);
        } catch (CannotDisplayException pixelMedCannot) {
            if (!compressed(file)) {
                throw pixelMedCannot;
            }
            decoded = withGdcm(file, pixelMedCannot);
        }
        synchronized (cache) {
            cache.put(file, decoded);
        }
        return decoded;
    }

    /** GDCM decompresses to a scratch file that PixelMed then reads whole (the scratch file is gone afterwards). */
    private static Decoded withGdcm(Path file, CannotDisplayException pixelMedCannot) throws CannotDisplayException {
        Path plain = null;
        try {
            plain = Files.createTempFile("radpost-decoded-", ".dcm");
            Gdcm.decompress(file, plain);
            Decoded decoded = withPixelMed(plain);
            decoded.image().getBufferedImage(0); // decoded now, while the scratch file is still there
            return decoded;
        } catch (CannotDisplayException e) {
            throw new CannotDisplayException(pixelMedCannot.getMessage().replaceFirst("^cannot display this image: ", "")
                    + "; " + e.getMessage().replaceFirst("^cannot display this image: ", ""), e);
        } catch (IOException e) {
            throw new CannotDisplayException("no scratch space to decompress it (" + e.getMessage() + ")", e);
        } finally {
            if (plain != null) {
                try {
                    Files.deleteIfExists(plain);
                } catch (IOException e) {
                    plain.toFile().deleteOnExit();
                }
            }
        }
    }

    private static Decoded withPixelMed(Path file) throws CannotDisplayException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
        } catch (IOException | com.pixelmed.dicom.DicomException | RuntimeException e) {
            // PixelMed decompresses while reading, so a missing decoder shows up here (the meta header is read by then).
            if (list.get(TagFromName.TransferSyntaxUID) != null) {
                throw new CannotDisplayException(reason(list, e), e);
            }
            throw new CannotDisplayException("the file cannot be read (" + e.getMessage() + ")", e);
        }
        if (list.get(TagFromName.PixelData) == null) {
            throw new CannotDisplayException("the object has no pixel data");
        }
        try {
            if (WideGrayscale.applies(list)) {
                WideGrayscale.narrowTo16Bits(list);
            }
            SourceImage image = new SourceImage(list);
            if (image.getNumberOfBufferedImages() < 1) {
                throw new CannotDisplayException(reason(list, null));
            }
            return new Decoded(image, list);
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new CannotDisplayException(reason(list, e), e);
        }
    }

    /** True when the file's pixel data is encapsulated (compressed), read from its meta header only. */
    private static boolean compressed(Path file) {
        AttributeList meta = new AttributeList();
        try {
            meta.read(file.toFile(), TagFromName.PixelData);
        } catch (IOException | com.pixelmed.dicom.DicomException | RuntimeException e) {
            return false;
        }
        String ts = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.TransferSyntaxUID);
        return !ts.isEmpty() && new TransferSyntax(ts).isEncapsulated();
    }

    private static BufferedImage rgb(BufferedImage pixels) {
        BufferedImage shown = new BufferedImage(pixels.getWidth(), pixels.getHeight(), BufferedImage.TYPE_INT_RGB);
        shown.getGraphics().drawImage(pixels, 0, 0, null);
        return shown;
    }

    /** A sentence a radiologist can act on: which compression, and that PixelMed has no decoder for it. */
    private static String reason(AttributeList list, Throwable cause) {
        String ts = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        String name = ts.isEmpty() ? "unknown transfer syntax" : TransferSyntaxNames.describe(ts);
        String detail = cause == null ? "no decoder produced any pixels" : String.valueOf(cause.getMessage());
        return "its pixel data is " + name + " and could not be decoded here (" + detail + ")";
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed in memory", e);
        }
        return out.toByteArray();
    }
}
