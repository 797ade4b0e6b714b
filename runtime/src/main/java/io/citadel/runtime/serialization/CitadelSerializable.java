package io.citadel.runtime.serialization;

/**
 * Marker for every Citadel type that may cross a process boundary.
 *
 * <p>Exactly this interface is bound to Pekko's Jackson CBOR serializer (see {@code reference.conf}).
 * Anything that does not implement it cannot be sent between JVMs: Java serialization is off, so an
 * unmarked type fails to serialize instead of falling back to something unsafe. Types that carry an
 * authenticated identity inside a master JVM deliberately do <em>not</em> implement it, so no remote
 * peer can forge one.
 */
public interface CitadelSerializable {}
