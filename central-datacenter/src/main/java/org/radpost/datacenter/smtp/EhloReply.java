package org.radpost.datacenter.smtp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;

/**
 * James' EHLO with a clean reply: James greets with a stray parenthesis ({@code Hello x [1.2.3.4])}) and lists
 * AUTH twice (the second time as {@code AUTH=LOGIN PLAIN}, a form only pre-2000 Outlook needed). Each extension
 * appears once here, in James' order.
 */
final class EhloReply extends EhloCmdHandler {
    private List<EhloExtension> extensions = List.of();

    EhloReply(MetricFactory metrics) {
        super(metrics);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void wireExtensions(Class<?> type, List<?> extension) {
        super.wireExtensions(type, extension);
        if (EhloExtension.class.equals(type)) {
            extensions = List.copyOf((List<EhloExtension>) extension);
        }
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
        session.setAttachment(SMTPSession.CURRENT_HELO_MODE, "EHLO", State.Connection);
        SMTPResponse reply = new SMTPResponse("250", greeting(session, parameters));
        Set<String> lines = new LinkedHashSet<>();
        for (EhloExtension extension : extensions) {
            List<String> features = extension.getImplementedEsmtpFeatures(session);
            if (features != null) {
                features.stream().filter(line -> !line.startsWith("AUTH=")).forEach(lines::add);
            }
        }
        lines.forEach(reply::appendLine);
        return reply;
    }

    /** {@code <our name> Hello <their name> [<their address>]}, as HELO answers too. */
    static String greeting(SMTPSession session, String clientName) {
        return session.getConfiguration().getHelloName() + " Hello " + clientName + " ["
                + session.getRemoteAddress().getAddress().getHostAddress() + "]";
    }
}
