package nexcage.core.internal.cli;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The name {@code plugin list} shows for a plugin's signer: the common name (CN) of its
 * certificate's subject, which is what a person recognizes; the whole subject when it has none.
 */
final class SignerName {
    private SignerName() {
    }

    /** The CN of an RFC 2253 subject ({@code CN=NexCage,O=NexCage} gives {@code NexCage}); null for null (unsigned). */
    static String of(String subject) {
        if (subject == null) {
            return null;
        }
        try {
            // the most specific RDN comes first in RFC 2253, last in LdapName's list
            var rdns = new LdapName(subject).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // not a distinguished name after all: show it as it is
        }
        return subject;
    }
}
