package org.radpost.packager.gateway;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fixed start of an A-ASSOCIATE-RQ (PS3.8 9.3.2: PDU type, length, version, called and calling AE
 * titles) before PixelMed sees the connection, and refuses a calling AE title that is not on the allow-list with
 * an A-ASSOCIATE-RJ (rejected-permanent, service-user, calling-AE-title-not-recognized), as PS3.8 9.3.4 has it.
 * An admitted connection is handed on with the bytes read put back in front ({@link ReplayedSocket}).
 */
final class AssociationGate {
    /** PDU type 1, reserved, 4-byte length, version, reserved, called AE (16), calling AE (16). */
    static final int HEADER_BYTES = 42;
    private static final byte[] REJECT_CALLING_AE = {0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x03};

    private final Set<String> allowedCallingAeTitles;

    /** @param allowedCallingAeTitles the AE titles that may store here; empty admits any */
    AssociationGate(Set<String> allowedCallingAeTitles) {
        this.allowedCallingAeTitles = Set.copyOf(allowedCallingAeTitles);
    }

    /** What the gate decided about one connection. */
    sealed interface Decision {
        /** Handed on: the socket replays the association request from its first byte. */
        record Admitted(Socket socket, String callingAeTitle) implements Decision {}

        /** Refused (and answered, where it was an association request at all), with the reason to log. */
        record Refused(String reason) implements Decision {}
    }

    Decision check(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] header = new byte[HEADER_BYTES];
        try {
            new DataInputStream(in).readFully(header);
        } catch (java.io.EOFException e) {
            return new Decision.Refused("the connection closed before an association request");
        }
        if (header[0] != 0x01) {
            return new Decision.Refused("the first PDU is of type " + (header[0] & 0xff) + ", not an association request");
        }
        String calling = new String(header, 26, 16, StandardCharsets.US_ASCII).trim();
        if (!allowedCallingAeTitles.isEmpty() && !allowedCallingAeTitles.contains(calling)) {
            OutputStream out = socket.getOutputStream();
            out.write(REJECT_CALLING_AE);
            out.flush();
            return new Decision.Refused("calling AE title '" + calling + "' is not in gateway.allowed-ae-titles");
        }
        return new Decision.Admitted(new ReplayedSocket(socket, header), calling);
    }

    /** The calling AE title of a raw request header, for tests and logs. */
    static Optional<String> callingAeTitle(byte[] header) {
        return header.length >= HEADER_BYTES ? Optional.of(new String(header, 26, 16, StandardCharsets.US_ASCII).trim())
                : Optional.empty();
    }
}
