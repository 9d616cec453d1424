import TesseraCore
import TesseraPASETO

/// `paseto-public`: `v4.public` parsing and verification with a fixed key.
///
/// Input as in ``PASETOLocalHarness``: text from a first byte of 0x20 on, else
/// `mode ‖ footerLength ‖ assertionLength ‖ footer ‖ assertion ‖ payload`, signed by the harness. Ed25519 is
/// deterministic, so an accepted token must be exactly what signing its payload, footer and assertion again gives.
public enum PASETOPublicHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        if first >= 0x20 {
            runToken(String(decoding: bytes, as: UTF8.self), implicitAssertion: [], input: bytes)
        } else {
            runStructured(bytes)
        }
    }

    private static let secretKey = Fixed.secretKeys[0]
    private static let otherKey = Fixed.secretKeys[1].publicKey

    private static func runStructured(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        _ = input.byte()
        let footerLength = Int(input.byte())
        let assertionLength = Int(input.byte())
        let footer = input.take(footerLength)
        let assertion = input.take(assertionLength)
        let payload = input.rest()
        let token: String
        do {
            token = try PASETO.V4.Public.sign(payload, using: secretKey, footer: footer, implicitAssertion: assertion)
        } catch {
            check(payload.isEmpty, "signing a non-empty payload failed: \(error)")
            return
        }
        check(!payload.isEmpty, "an empty payload was signed")
        do {
            let message = try PASETO.V4.Public.verify(
                token,
                using: secretKey.publicKey,
                expectedFooter: footer,
                implicitAssertion: assertion
            )
            check(message.payload == payload, "verify(sign(payload)) is not the payload")
            check(message.footer == footer, "verify(sign(footer)) is not the footer")
        } catch { mustNotThrow(error, "verifying a token the harness just signed") }
        runToken(token, implicitAssertion: assertion, input: bytes)
    }

    private static func runToken(_ token: String, implicitAssertion: [UInt8], input: [UInt8]) {
        let settings = PASETO.VerificationSettings(implicitAssertion: implicitAssertion)
        let verifier = PASETO.V4.Public.Verifier(
            key: secretKey.publicKey,
            rules: Fixed.lenientRules,
            settings: settings
        )
        let verified = try? verifier.verify(token)
        let message: PASETO.Message
        do {
            message = try PASETO.V4.Public.verify(
                token,
                using: secretKey.publicKey,
                implicitAssertion: implicitAssertion
            )
        } catch {
            check(verified == nil, "the Verifier accepted a token the message API refuses (\(error))")
            return
        }
        let parts = PASETOProperties.checkText(token, header: PASETO.V4.Public.header)
        check(parts.footer == message.footer, "the verified footer is not the token's footer segment")
        check(
            Array(parts.body.prefix(parts.body.count - 64)) == message.payload,
            "the verified payload is not the body without its signature"
        )
        do {
            let resigned = try PASETO.V4.Public.sign(
                message.payload,
                using: secretKey,
                footer: message.footer,
                implicitAssertion: implicitAssertion
            )
            check(resigned == token, "signing the verified payload again gives another token")
            let unverified = try PASETO.UnverifiedToken(unverified: token)
            check(unverified.payload == message.payload, "UnverifiedToken reads another payload than verify")
            check(unverified.footer == message.footer, "UnverifiedToken reads another footer than verify")
        } catch { mustNotThrow(error, "re-signing or inspecting an accepted token") }
        if let verified {
            PASETOProperties.checkVerified(verified, message: message, format: .pasetoV4Public)
        }
        check(
            (try? PASETO.V4.Public.verify(token, using: otherKey, implicitAssertion: implicitAssertion)) == nil,
            "a token verifies under two different public keys"
        )
        check(
            (try? PASETO.V4.Public.verify(token, using: secretKey.publicKey, implicitAssertion: implicitAssertion + [0]))
                == nil,
            "a token verifies with two different implicit assertions"
        )
        check(
            (try? PASETO.V4.Local.decrypt(token, using: Fixed.localKeys[0])) == nil,
            "a v4.public token is accepted by v4.local"
        )
        PASETOProperties.checkOneSpelling(token, input: input) { changed in
            (try? PASETO.V4.Public.verify(changed, using: secretKey.publicKey, implicitAssertion: implicitAssertion))
                != nil
        }
    }
}
