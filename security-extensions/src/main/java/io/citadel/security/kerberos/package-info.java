/**
 * Kerberos for Citadel: GSS-API (Kerberos V5 mechanism, raw AP-REQ, one message) authentication of
 * agents, frameworks and operators to masters, and an embedded Kerby KDC for tests and the demo.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>{@link io.citadel.security.kerberos.KerberosSettings} — the {@code citadel.kerberos} block:
 *       krb5.conf, principal, keytab, max clock skew, service principal pattern.</li>
 *   <li>{@link io.citadel.security.kerberos.KerberosInitiator} — client: TGT from keytab, then
 *       {@code initiate(servicePrincipal)} returns the token to carry in a protocol message.</li>
 *   <li>{@link io.citadel.security.kerberos.KerberosAcceptor} — server: {@code accept(token)} returns
 *       {@link io.citadel.security.kerberos.AcceptResult}: the client's {@code name@REALM} or a
 *       refusal with a reason.</li>
 *   <li>{@code ReplayCache} — Citadel's replay cache keyed on the encrypted authenticator (B25).</li>
 *   <li>{@link io.citadel.security.kerberos.EmbeddedKdc} / {@link io.citadel.security.kerberos.KdcSetup}
 *       — Kerby KDC on TCP, AES only, one keytab per principal; {@code citadel kdc} uses KdcSetup.</li>
 * </ul>
 *
 * <h2>Flow</h2>
 * <pre>
 *  agent JVM                                   master JVM
 *  KerberosInitiator.login(settings)  --AS-->  KDC
 *  initiate("master/m1.example.test@R") --TGS--> KDC
 *        token (AP-REQ) ---- in a protocol message ---->  KerberosAcceptor.accept(token)
 *                                                           parse, replay check, keytab reload,
 *                                                           kvno check, JDK verify (skew), record
 *                                                           → Authenticated("agent/a1...@R")
 * </pre>
 *
 * <h2>JVM-wide state</h2>
 * The JDK keeps one Kerberos configuration per JVM ({@code java.security.krb5.conf}, cached): every
 * login sets it to its settings' file and refreshes it, so all Kerberos users in one JVM should share
 * one krb5.conf. Field cases covered: B21 (skew reported as skew, with measured offset), B22 (stale
 * keytab named by principal/kvno/enctype, hot swap), B24 (no reverse-DNS canonicalisation), B25.
 */
package io.citadel.security.kerberos;
