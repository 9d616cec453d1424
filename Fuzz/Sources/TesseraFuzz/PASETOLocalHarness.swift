import TesseraCore
import TesseraPASETO

/// `paseto-local`: `v4.local` parsing, decryption and verification with a fixed key.
///
/// Input: a first byte of 0x20 or more means the whole input is a token string, parsed and verified as is. A first
/// byte below 0x20 means structured input, `mode ‖ footerLength ‖ assertionLength ‖ footer ‖ assertion ‖ payload`:
/// the harness encrypts the payload itself, so the fuzzer explores verification of authentic tokens too.
public enum PASETOLocalHarness {
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

    private static let key = Fixed.localKeys[0]
    private static let otherKey = Fixed.localKeys[1]

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
            token = try PASETO.V4.Local.encrypt(payload, using: key, footer: footer, implicitAssertion: assertion)
        } catch {
            check(payload.isEmpty, "encrypting a non-empty payload failed: \(error)")
            return
        }
        check(!payload.isEmpty, "an empty payload was encrypted")
        do {
            let message = try PASETO.V4.Local.decrypt(
                token,
                using: key,
                expectedFooter: footer,
                implicitAssertion: assertion
            )
            check(message.payload == payload, "decrypt(encrypt(payload)) is not the payload")
            check(message.footer == footer, "decrypt(encrypt(footer)) is not the footer")
        } catch { mustNotThrow(error, "decrypting a token the harness just encrypted") }
        runToken(token, implicitAssertion: assertion, input: bytes)
    }

    private static func runToken(_ token: String, implicitAssertion: [UInt8], input: [UInt8]) {
        let settings = PASETO.VerificationSettings(implicitAssertion: implicitAssertion)
        let verifier = PASETO.V4.Local.Verifier(key: key, rules: Fixed.lenientRules, settings: settings)
        let verified = try? verifier.verify(token)
        let message: PASETO.Message
        do {
            message = try PASETO.V4.Local.decrypt(token, using: key, implicitAssertion: implicitAssertion)
        } catch {
            check(verified == nil, "the Verifier accepted a token the message API refuses (\(error))")
            return
        }
        let parts = PASETOProperties.checkText(token, header: PASETO.V4.Local.header)
        check(parts.footer == message.footer, "the decrypted footer is not the token's footer segment")
        check(
            message.payload.count == parts.body.count - 64,
            "the payload has \(message.payload.count) bytes; the body minus nonce and tag has \(parts.body.count - 64)"
        )
        if let verified {
            PASETOProperties.checkVerified(verified, message: message, format: .pasetoV4Local)
        }
        check(
            (try? PASETO.V4.Local.decrypt(token, using: otherKey, implicitAssertion: implicitAssertion)) == nil,
            "a token decrypts under two different keys"
        )
        check(
            (try? PASETO.V4.Local.decrypt(token, using: key, implicitAssertion: implicitAssertion + [0])) == nil,
            "a token decrypts with two different implicit assertions"
        )
        check(
            (try? PASETO.V4.Public.verify(token, using: Fixed.secretKeys[0].publicKey)) == nil,
            "a v4.local token is accepted by v4.public"
        )
        PASETOProperties.checkOneSpelling(token, input: input) { changed in
            (try? PASETO.V4.Local.decrypt(changed, using: key, implicitAssertion: implicitAssertion)) != nil
        }
    }
}
