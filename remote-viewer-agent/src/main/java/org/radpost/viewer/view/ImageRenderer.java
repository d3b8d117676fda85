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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Renders one frame of a DICOM image to PNG with PixelMed: the modality rescale, then a linear window (the one
 * asked for, else the image's own, else its full range). Recently used images stay decoded for fast dragging.
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
            if (source.isGrayscale()) {
                ModalityTransform modality = source.getModalityTransform();
                double storedSlope = modality == null ? 1 : modality.getRescaleSlope(frame);
                double slope = storedSlope == 0 ? 1 : storedSlope;
                double intercept = modality == null ? 0 : modality.getRescaleIntercept(frame);
                WindowLevel window = requested.orElseGet(() -> defaultWindow(source, frame, slope, intercept));
                shown = WindowCenterAndWidth.applyWindowCenterAndWidthLinear(pixels, window.center(), window.width(),
                        source.isSigned(), source.isInverted(), slope, intercept, source.isPadded(), source.getPadValue());
                applied = Optional.of(window);
            } else {
                shown = new BufferedImage(pixels.getWidth(), pixels.getHeight(), BufferedImage.TYPE_INT_RGB);
                shown.getGraphics().drawImage(pixels, 0, 0, null);
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
        Decoded decoded;
        try {
            SourceImage image = new SourceImage(list);
            if (image.getNumberOfBufferedImages() < 1) {
                throw new CannotDisplayException(reason(list, null));
            }
            decoded = new Decoded(image, list);
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new CannotDisplayException(reason(list, e), e);
        }
        synchronized (cache) {
            cache.put(file, decoded);
        }
        return decoded;
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
