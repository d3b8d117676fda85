package org.radpost.datacenter.directory;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An authenticated party of the data center — an imaging center or a viewer — with the mail addresses it may
 * send from and whose mailbox it reads over POP3.
 */
public record Account(String name, Kind kind, Set<String> addresses) {

    /** Who the account belongs to. */
    public enum Kind { CENTER, VIEWER }

    public Account {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an account needs a name");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("account " + name + " has no mail address; give it at least one");
        }
        // Addresses compare case-insensitively (domains always, local parts in practice at our data center).
        addresses = addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** True when the address is one of this account's own addresses. */
    public boolean owns(String address) {
        return address != null && addresses.contains(address.toLowerCase(Locale.ROOT));
    }
}
