package io.citadel.security.kerberos;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;

/**
 * The cleartext parts of a GSS-API Kerberos V5 initial token (RFC 1964 §1.1 framing around an RFC 4120
 * AP-REQ): which service the ticket is for, the key version and enctype it is encrypted with, and a
 * digest of the encrypted authenticator.
 *
 * <p>Why: the JDK reports a stale keytab only as "Checksum failed" and never says which kvno it wanted
 * (field case B22), and Citadel's replay cache must key on the authenticator's content, not on the
 * client's name and timestamp (B25). Nothing here is trusted for identity — only the GSS context is.
 *
 * <p>Immutable.
 *
 * @param serverPrincipal the ticket's service principal, {@code name@REALM}
 * @param kvno            the ticket's key version number, or -1 when the token does not carry one
 * @param enctype         the ticket's enctype name, e.g. {@code aes256-cts-hmac-sha1-96}
 * @param enctypeId       the ticket's enctype number (RFC 3961)
 * @param authenticatorSha256 SHA-256 of the encrypted authenticator (unique per authenticator)
 */
record ApReqView(String serverPrincipal, int kvno, String enctype, int enctypeId, byte[] authenticatorSha256) {

    /** DER of OID 1.2.840.113554.1.2.2 (Kerberos V5 mechanism) with its tag and length. */
    private static final byte[] KRB5_OID_DER = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    private static final int TOK_ID_AP_REQ = 0x0100;

    ApReqView {
        authenticatorSha256 = authenticatorSha256.clone();
    }

    @Override
    public byte[] authenticatorSha256() {
        return authenticatorSha256.clone();
    }

    /** Parses {@code token}; the exception message says what was wrong with it. */
    static ApReqView parse(byte[] token) throws IOException {
        if (token.length < 2 || (token[0] & 0xff) != 0x60) {
            throw new IOException("not a GSS-API initial context token (no 0x60 tag)");
        }
        int[] pos = {1};
        int length = derLength(token, pos);
        if (pos[0] + length != token.length) {
            throw new IOException("token length field says " + length + " bytes but " + (token.length - pos[0])
                    + " follow");
        }
        int p = pos[0];
        if (token.length < p + KRB5_OID_DER.length + 2
                || !Arrays.equals(token, p, p + KRB5_OID_DER.length, KRB5_OID_DER, 0, KRB5_OID_DER.length)) {
            throw new IOException("not a raw Kerberos V5 token (mechanism OID is not 1.2.840.113554.1.2.2)");
        }
        p += KRB5_OID_DER.length;
        int tokId = ((token[p] & 0xff) << 8) | (token[p + 1] & 0xff);
        if (tokId != TOK_ID_AP_REQ) {
            throw new IOException(String.format("token id is 0x%04x, not AP-REQ 0x0100", tokId));
        }
        p += 2;
        ApReq apReq = new ApReq();
        apReq.decode(Arrays.copyOfRange(token, p, token.length));
        Ticket ticket = apReq.getTicket();
        EncryptedData authenticator = apReq.getEncryptedAuthenticator();
        if (ticket == null || ticket.getSname() == null || ticket.getEncryptedEncPart() == null
                || authenticator == null || authenticator.getCipher() == null) {
            throw new IOException("AP-REQ lacks a ticket or an authenticator");
        }
        EncryptedData encPart = ticket.getEncryptedEncPart();
        String server = ticket.getSname().getName() + "@" + ticket.getRealm();
        int kvno = encPart.getKvno() > 0 ? encPart.getKvno() : -1;
        String enctype = encPart.getEType() == null ? "unknown" : encPart.getEType().getName();
        int enctypeId = encPart.getEType() == null ? -1 : encPart.getEType().getValue();
        return new ApReqView(server, kvno, enctype, enctypeId, sha256(authenticator.getCipher()));
    }

    /** Reads a DER definite length at {@code pos[0]}, advancing it. */
    private static int derLength(byte[] b, int[] pos) throws IOException {
        if (pos[0] >= b.length) {
            throw new IOException("truncated token");
        }
        int first = b[pos[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3 || pos[0] + bytes > b.length) {
            throw new IOException("bad or oversized DER length in token");
        }
        int length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (b[pos[0]++] & 0xff);
        }
        return length;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
