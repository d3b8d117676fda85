package org.radpost.wire.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the lines PixelMed prints straight to {@code System.err} (it does so in many places besides its SLF4J
 * logging, e.g. "Error: Transfer Syntax UID was not specified in Meta Information Header so guessing") to SLF4J
 * at DEBUG, under the logger of the PixelMed class that printed them; everything else written to stderr passes
 * through untouched. RadPost judges every file itself and says what is wrong in its own words, so PixelMed's
 * console remarks are diagnostics, not messages for the user.
 */
public final class PixelMedConsole {
    private static final String PIXELMED = "com.pixelmed.";
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private PixelMedConsole() {}

    /** Installs the router on System.err once per JVM; later calls do nothing. */
    public static synchronized void install() {
        if (System.err instanceof RoutingStream) {
            return;
        }
        System.setErr(new RoutingStream(System.err));
    }

    /** The PixelMed class that is writing, if the nearest caller outside the JDK (and this class) is PixelMed's. */
    private static Optional<Class<?>> pixelMedCaller() {
        return WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !c.getName().startsWith("java.") && !c.getName().startsWith("jdk.") && !c.getName().startsWith("sun.")
                        && c.getEnclosingClass() != PixelMedConsole.class && c != PixelMedConsole.class)
                .findFirst())
                .filter(c -> c.getName().startsWith(PIXELMED));
    }

    /** A PrintStream over the original stderr whose PixelMed lines go to SLF4J instead. */
    private static final class RoutingStream extends PrintStream {
        RoutingStream(PrintStream original) {
            super(new Router(original), true, Charset.defaultCharset());
        }
    }

    /** Buffers PixelMed's bytes per thread up to each line end; passes every other write to the original stream. */
    private static final class Router extends OutputStream {
        private final PrintStream original;
        private final ThreadLocal<ByteArrayOutputStream> line = ThreadLocal.withInitial(ByteArrayOutputStream::new);

        Router(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Optional<Class<?>> pixelMed = pixelMedCaller();
            if (pixelMed.isEmpty()) {
                original.write(bytes, offset, length);
                return;
            }
            ByteArrayOutputStream buffer = line.get();
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    log(pixelMed.get(), buffer);
                } else if (bytes[i] != '\r') {
                    buffer.write(bytes[i]);
                }
            }
            if (buffer.size() > 64 * 1024) {
                log(pixelMed.get(), buffer); // never hold an endless line
            }
        }

        @Override
        public void flush() {
            original.flush();
        }

        private static void log(Class<?> source, ByteArrayOutputStream buffer) {
            String text = buffer.toString(Charset.defaultCharset()).strip();
            buffer.reset();
            if (!text.isEmpty()) {
                Logger logger = LoggerFactory.getLogger(source);
                logger.debug("{}", text);
            }
        }
    }
}
