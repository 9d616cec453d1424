// Key rotation: two keys in a ring, tokens routed by PASERK id (the footer's kid), the old key retired.
import Foundation
import TesseraCore
import TesseraPASETO

func require(_ condition: Bool, _ message: String) {
    guard condition else {
        FileHandle.standardError.write(Data("KeyRotation failed: \(message)\n".utf8))
        exit(1)
    }
}

do {
    let oldKey = try PASETO.V4.Public.SecretKey()
    let newKey = try PASETO.V4.Public.SecretKey()
    print("old key id:", oldKey.publicKey.id)
    print("new key id:", newKey.publicKey.id)

    // Issuers put {"kid":"k4.pid.…"} in the footer; the ring picks exactly that key, never "try every key".
    let oldToken = try PASETO.V4.Public.Issuer(key: oldKey, footer: .keyID).issue(
        Claims(subject: "issued-before-rotation")
    )
    let newToken = try PASETO.V4.Public.Issuer(key: newKey, footer: .keyID).issue(
        Claims(subject: "issued-after-rotation")
    )

    let ring = try PASETO.KeyRing([oldKey.publicKey, newKey.publicKey])
    let duringRotation = PASETO.V4.Public.Verifier(keys: ring)
    for token in [oldToken, newToken] {
        let verified = try duringRotation.verify(token)
        print("during rotation:", verified.claims.subject ?? "-", "verified with", verified.keyID ?? "-")
    }
    require(try duringRotation.verify(oldToken).keyID == oldKey.publicKey.id, "old token routed to the wrong key")

    // Once old tokens have expired, retire the old key: its tokens are now refused as an unknown kid.
    let afterRetirement = PASETO.V4.Public.Verifier(keys: ring.removing(id: oldKey.publicKey.id))
    require(try afterRetirement.verify(newToken).claims.subject == "issued-after-rotation", "new token refused")
    do {
        _ = try afterRetirement.verify(oldToken)
        require(false, "a token of a retired key was accepted")
    } catch {
        print("after retirement:", error)
        require(error.code == .unknownKeyID, "unexpected error \(error)")
    }
    print("KeyRotation: ok")
} catch {
    require(false, "\(error)")
}
