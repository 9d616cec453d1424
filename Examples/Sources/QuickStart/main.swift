// Quick start: issue a v4.public token and verify it with claim rules.
import Foundation
import TesseraCore
import TesseraPASETO

/// Stops the example with a message when an expectation does not hold.
func require(_ condition: Bool, _ message: String) {
    guard condition else {
        FileHandle.standardError.write(Data("QuickStart failed: \(message)\n".utf8))
        exit(1)
    }
}

do {
    // The issuer keeps the secret key; services get only the public key (here as a PASERK string).
    let secretKey = try PASETO.V4.Public.SecretKey()
    let publicPASERK = secretKey.publicKey.paserk
    print("public key:", publicPASERK)

    var claims = Claims(issuer: "https://auth.example.com", subject: "user-42", audience: "api.example.com")
    claims.custom["scope"] = "read write"
    let token = try PASETO.V4.Public.Issuer(key: secretKey).issue(claims)
    print("token:", token)

    // A service verifies the signature, then the rules: issuer, audience, expiry (required by default), 30 s leeway.
    let verifier = PASETO.V4.Public.Verifier(
        key: try PASETO.V4.Public.PublicKey(paserk: publicPASERK),
        rules: try ValidationRules(issuer: "https://auth.example.com", audience: "api.example.com", leeway: 30)
    )
    let verified = try verifier.verify(token)
    print(
        "verified subject:",
        verified.claims.subject ?? "-",
        "scope:",
        verified.claims.custom["scope"]?.stringValue ?? "-"
    )
    require(verified.claims.subject == "user-42", "wrong subject")

    // The same token for another audience is refused with a specific error.
    var otherAudience = verifier
    otherAudience.rules.audience = "billing.example.com"
    do {
        _ = try otherAudience.verify(token)
        require(false, "a token for another audience was accepted")
    } catch {
        print("for another audience:", error)
        require(error.code == .audienceMismatch, "unexpected error \(error)")
    }
    print("QuickStart: ok")
} catch {
    require(false, "\(error)")
}
