package io.citadel.runtime.harness;

/** The line {@code citadel kdc} prints once its keytabs are written and it is serving. */
public final class KdcCommandMarker {
  public static final String READY = "CITADEL-KDC-READY";

  private KdcCommandMarker() {}
}
