package org.radpost.datacenter.audit;

import java.io.StringWriter;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The access audit trail in the two forms a hospital's audit repository takes: RFC 5424 syslog lines, and DICOM
 * audit messages (PS3.15 A.5, the XML schema of its Audit Message) written with the JDK's StAX writer.
 */
public final class AuditExport {
    /** Facility 13 (log audit), severity 6 (informational). */
    private static final int PRIORITY = 13 * 8 + 6;
    /** The structured-data ID: RFC 5612's enterprise number for documentation, until RadPost has its own. */
    private static final String SD_ID = "radpost@32473";

    private final String host;

    /** @param host the data center's name as the audit repository should see it (its domain) */
    public AuditExport(String host) {
        this.host = host;
    }

    /** One RFC 5424 line per record: {@code <110>1 TIME HOST radpost - KIND [radpost@32473 ...] detail}. */
    public String syslog(AccessRecord r) {
        StringBuilder line = new StringBuilder();
        line.append('<').append(PRIORITY).append(">1 ").append(DateTimeFormatter.ISO_INSTANT.format(r.at())).append(' ')
                .append(printable(host)).append(" radpost - ").append(r.kind().name()).append(" [").append(SD_ID)
                .append(" actor=\"").append(paramValue(r.actor())).append('"')
                .append(r.kind() == AccessRecord.Kind.ADMIN ? " target=\"" : " study=\"").append(paramValue(r.subject())).append('"');
        if (r.remoteAddress() != null) {
            line.append(" address=\"").append(paramValue(r.remoteAddress())).append('"');
        }
        line.append(" event=\"").append(r.kind().eventId).append("\"] ");
        // The message part is UTF-8 text; RFC 5424 marks it with a BOM.
        line.append('\uFEFF').append(r.detail() == null ? "" : r.detail().replace('\n', ' '));
        return line.toString();
    }

    /** The records as one DICOM audit message each, in an {@code <AuditMessages>} document. */
    public String dicom(List<AccessRecord> records) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("AuditMessages");
            for (AccessRecord r : records) {
                message(xml, r);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the audit messages", e);
        }
        return out.toString();
    }

    private void message(XMLStreamWriter xml, AccessRecord r) throws XMLStreamException {
        xml.writeStartElement("AuditMessage");
        xml.writeStartElement("EventIdentification");
        xml.writeAttribute("EventActionCode", r.kind().actionCode);
        xml.writeAttribute("EventDateTime", DateTimeFormatter.ISO_INSTANT.format(r.at()));
        xml.writeAttribute("EventOutcomeIndicator", "0");
        code(xml, "EventID", r.kind().eventId, "DCM", r.kind().eventName);
        xml.writeEndElement();

        xml.writeStartElement("ActiveParticipant");
        xml.writeAttribute("UserID", r.actor() == null ? "unknown" : r.actor());
        xml.writeAttribute("UserIsRequestor", "true");
        if (r.remoteAddress() != null) {
            xml.writeAttribute("NetworkAccessPointID", r.remoteAddress());
            xml.writeAttribute("NetworkAccessPointTypeCode", "2");
        }
        xml.writeEndElement();

        xml.writeStartElement("AuditSourceIdentification");
        xml.writeAttribute("AuditSourceID", host);
        xml.writeEndElement();

        xml.writeStartElement("ParticipantObjectIdentification");
        xml.writeAttribute("ParticipantObjectID", r.subject() == null ? "" : r.subject());
        xml.writeAttribute("ParticipantObjectTypeCode", "2");
        xml.writeAttribute("ParticipantObjectTypeCodeRole", r.kind() == AccessRecord.Kind.ADMIN ? "13" : "3");
        if (r.kind() == AccessRecord.Kind.ADMIN) {
            code(xml, "ParticipantObjectIDTypeCode", "12", "RFC-3881", "URI");
        } else {
            code(xml, "ParticipantObjectIDTypeCode", "110180", "DCM", "Study Instance UID");
        }
        if (r.detail() != null) {
            xml.writeStartElement("ParticipantObjectDetail");
            xml.writeAttribute("type", "radpost-detail");
            xml.writeAttribute("value", java.util.Base64.getEncoder().encodeToString(
                    r.detail().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void code(XMLStreamWriter xml, String element, String value, String scheme, String meaning)
            throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeAttribute("csd-code", value);
        xml.writeAttribute("codeSystemName", scheme);
        xml.writeAttribute("originalText", meaning);
        xml.writeEndElement();
    }

    /** RFC 5424 PARAM-VALUE: '"', '\' and ']' escaped with a backslash. */
    private static String paramValue(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]").replace('\n', ' ');
    }

    /** HOSTNAME is PRINTUSASCII without spaces, at most 255 characters; "-" when nothing is left. */
    private static String printable(String value) {
        String kept = value == null ? "" : value.replaceAll("[^\\x21-\\x7E]", "");
        return kept.isEmpty() ? "-" : kept.substring(0, Math.min(255, kept.length()));
    }

    /** Writes the records as syslog lines or one DICOM document. */
    public void write(List<AccessRecord> records, boolean asDicom, Writer out) throws java.io.IOException {
        if (asDicom) {
            out.write(dicom(records));
            out.write('\n');
        } else {
            for (AccessRecord r : records) {
                out.write(syslog(r));
                out.write('\n');
            }
        }
        out.flush();
    }
}
