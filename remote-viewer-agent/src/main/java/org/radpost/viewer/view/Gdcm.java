package org.radpost.viewer.view;

import java.nio.file.Path;
import java.util.Optional;

/**
 * GDCM (Debian's {@code libgdcm-java}: IJG 8/12/16-bit JPEG, CharLS JPEG-LS, OpenJPEG, RLE) as a transcoder: it
 * rewrites a compressed file as explicit VR little endian so PixelMed can render what it has no decoder for.
 */
final class Gdcm {
    private static final Optional<String> UNAVAILABLE = load();

    private Gdcm() {}

    private static Optional<String> load() {
        try {
            System.loadLibrary("gdcmjni");
            gdcm.Trace.WarningOff(); // its warnings go to the process's stderr, not our log
            return Optional.empty();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.of("GDCM's codecs are not installed here (Debian package libgdcm-java): " + e.getMessage());
        }
    }

    /** Why GDCM cannot be used on this machine, if it cannot. */
    static Optional<String> unavailable() {
        return UNAVAILABLE;
    }

    /** Decompresses {@code in} into {@code out} (explicit VR little endian); GDCM's native code is not thread-safe here. */
    static synchronized void decompress(Path in, Path out) throws CannotDisplayException {
        if (UNAVAILABLE.isPresent()) {
            throw new CannotDisplayException("no decoder here for its compression: " + UNAVAILABLE.get());
        }
        gdcm.ImageReader reader = new gdcm.ImageReader();
        reader.SetFileName(in.toString());
        if (!reader.Read()) {
            throw new CannotDisplayException("GDCM cannot read the image either");
        }
        gdcm.ImageChangeTransferSyntax change = new gdcm.ImageChangeTransferSyntax();
        change.SetTransferSyntax(new gdcm.TransferSyntax(gdcm.TransferSyntax.TSType.ExplicitVRLittleEndian));
        change.SetInput(reader.GetImage());
        if (!change.Change()) {
            throw new CannotDisplayException("GDCM cannot decode its pixel data either");
        }
        gdcm.ImageWriter writer = new gdcm.ImageWriter();
        writer.SetFileName(out.toString());
        writer.SetFile(reader.GetFile());
        writer.SetImage(change.GetOutput());
        if (!writer.Write()) {
            throw new CannotDisplayException("GDCM could not write the decoded image to " + out);
        }
    }
}
