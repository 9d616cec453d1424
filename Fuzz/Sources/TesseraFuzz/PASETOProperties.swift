import TesseraCore
import TesseraPASETO

/// Properties every accepted PASETO token must have, shared by the `paseto-*` targets.
enum PASETOProperties {
    /// The segments of an accepted token: header, decoded body and decoded footer.
    struct Parts {
        /// The decoded payload segment (nonce ‖ ciphertext ‖ tag, or payload ‖ signature).
        let body: [UInt8]
        /// The decoded footer (empty when absent).
        let footer: [UInt8]
    }

    /// Checks the text of an accepted token: the exact header, two or three segments, canonical base64url, and that
    /// serialising the decoded parts again gives the same text.
    ///
    /// - Parameters:
    ///   - token: The accepted token.
    ///   - header: `v4.local.` or `v4.public.`.
    /// - Returns: The decoded parts.
    static func checkText(_ token: String, header: String) -> Parts {
        check(token.utf8.starts(with: header.utf8), "an accepted token does not start with \(header)")
        let rest = Array(token.utf8.dropFirst(header.utf8.count))
        let segments = rest.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        check(
            segments.count == 1 || segments.count == 2,
            "an accepted token has \(segments.count) segments after \(header)"
        )
        let body: [UInt8]
        var footer: [UInt8] = []
        do {
            body = try Base64URL.decode(String(decoding: segments[0], as: UTF8.self))
            if segments.count == 2 {
                footer = try Base64URL.decode(String(decoding: segments[1], as: UTF8.self))
                check(!footer.isEmpty, "an accepted token has an empty footer segment")
            }
        } catch { mustNotThrow(error, "decoding the segments of an accepted token") }
        var again = header + Base64URL.encode(body)
        if !footer.isEmpty { again += "." + Base64URL.encode(footer) }
        check(again == token, "an accepted token does not re-serialise to the same text")
        check(body.count > 64, "an accepted token's body has only \(body.count) bytes")
        return Parts(body: body, footer: footer)
    }

    /// Checks a verified token against the message-level result and the token's own parts.
    ///
    /// - Parameters:
    ///   - verified: What the `Verifier` returned.
    ///   - message: What the message-level API returned for the same token.
    ///   - format: The expected format.
    static func checkVerified(_ verified: VerifiedToken, message: PASETO.Message, format: TokenFormat) {
        check(verified.format == format, "a verified token reports format \(verified.format), not \(format)")
        check(verified.payload == message.payload, "the verifier and the message API disagree on the payload")
        check(verified.footer == message.footer, "the verifier and the message API disagree on the footer")
        do {
            let again = try ClaimsCodec.paseto.decode(verified.payload)
            check(
                again == verified.claims || verified.claims.audience.map { $0.values.count > 1 } == true,
                "the verified claims differ from the claims decoded again from the verified payload"
            )
        } catch  where error.code == .invalidClaim {
            // A verifier configured for audience arrays may accept what the default codec refuses.
        } catch { mustNotThrow(error, "decoding the claims of a verified payload again") }
    }

    /// Checks that the same token with one character changed is refused.
    ///
    /// - Parameters:
    ///   - token: The accepted token.
    ///   - input: The fuzzer input, which chooses the position deterministically.
    ///   - verifies: Whether a token is accepted.
    static func checkOneSpelling(_ token: String, input: [UInt8], verifies: (String) -> Bool) {
        let count = token.utf8.count
        let index = position(from: input, in: count)
        let changed = replacingCharacter(of: token, at: index, salt: Int(input.first ?? 0) &+ count)
        check(!verifies(changed), "a token with character \(index) changed still verifies: \(changed)")
    }
}
