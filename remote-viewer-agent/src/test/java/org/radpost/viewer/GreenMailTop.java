package org.radpost.viewer;

import com.icegreen.greenmail.pop3.Pop3Connection;
import com.icegreen.greenmail.pop3.Pop3State;
import com.icegreen.greenmail.pop3.commands.CapaCommand;
import com.icegreen.greenmail.pop3.commands.Pop3Command;
import com.icegreen.greenmail.pop3.commands.Pop3CommandRegistry;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * GreenMail 2.1 implements TOP but leaves it out of its CAPA answer, so Jakarta Mail disables TOP and reads a header
 * by downloading the whole message. The data center advertises TOP (as real POP3 servers do); this makes GreenMail
 * advertise it too, for the tests that depend on header-only reads. It changes the capability list only.
 */
public final class GreenMailTop {
    private GreenMailTop() {}

    @SuppressWarnings("unchecked")
    public static synchronized void advertise() {
        try {
            Field commands = Pop3CommandRegistry.class.getDeclaredField("commands");
            commands.setAccessible(true);
            ((Map<String, Pop3Command>) commands.get(null)).put("CAPA", new CapaCommand() {
                @Override
                public void execute(Pop3Connection conn, Pop3State state, String cmd) {
                    conn.println("+OK");
                    conn.println("UIDL");
                    conn.println("TOP");
                    conn.println(".");
                }
            });
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make GreenMail advertise TOP", e);
        }
    }
}
