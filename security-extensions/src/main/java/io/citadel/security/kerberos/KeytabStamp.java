package io.citadel.security.kerberos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Identity of one version of a keytab file: inode (file key), modification time and size. A keytab
 * swapped by atomic rename gets a new inode even when written within the same millisecond, so a
 * change is seen without reading the file on every token.
 *
 * <p>Immutable.
 */
record KeytabStamp(Object fileKey, FileTime modified, long size) {

    static KeytabStamp of(Path keytab) throws KerberosException {
        try {
            BasicFileAttributes a = Files.readAttributes(keytab, BasicFileAttributes.class);
            return new KeytabStamp(a.fileKey(), a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            throw new KerberosException("Keytab [" + keytab + "] cannot be read: " + e, e);
        }
    }
}
