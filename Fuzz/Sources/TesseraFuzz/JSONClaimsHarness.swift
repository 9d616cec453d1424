import TesseraCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `json-claims`: the strict JSON parser, the writer, and both claims codecs.
///
/// Accepted JSON must be valid UTF-8 with unique member names; writing it and parsing the result must give an equal
/// value, and writing that again the same bytes. Claims decoded from an object must encode, and
/// decode∘encode∘decode must be stable (dates lose only their fraction of a second).
public enum JSONClaimsHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        guard let value = try? JSONParser(limits: .payload).parse(bytes) else { return }
        check(String(validating: bytes, as: UTF8.self) != nil, "the parser accepted invalid UTF-8")
        checkUniqueNames(value)
        let written = JSONWriter.bytes(for: value)
        do {
            let again = try JSONParser(limits: .payload).parse(written)
            check(again == value, "parse(write(value)) is not the value")
            check(JSONWriter.bytes(for: again) == written, "write(parse(write(value))) is not write(value)")
        } catch { mustNotThrow(error, "parsing what the writer wrote") }
        guard case .object(let object) = value else { return }
        for codec in [ClaimsCodec.paseto, ClaimsCodec.jwt] {
            guard let claims = try? codec.decode(object) else { continue }
            checkStable(claims, codec: codec)
        }
    }

    private static func checkStable(_ claims: Claims, codec: ClaimsCodec) {
        let encoded: [UInt8]
        do {
            encoded = try codec.encode(claims)
        } catch {
            // Only a date the writer cannot express (outside the years 0000-9999 once rounded) may fail.
            check(error.code == .invalidClaim, "encoding decoded claims failed with \(error)")
            return
        }
        do {
            let decoded = try codec.decode(encoded)
            try checkOrThrow(
                try codec.encode(decoded) == encoded,
                "encode(decode(encode(claims))) is not encode(claims)"
            )
            try checkOrThrow(try codec.decode(encoded) == decoded, "decoding the same claims twice differs")
            check(decoded.issuer == claims.issuer, "iss changed in a round trip")
            check(decoded.subject == claims.subject, "sub changed in a round trip")
            check(decoded.audience == claims.audience, "aud changed in a round trip")
            check(decoded.tokenID == claims.tokenID, "jti changed in a round trip")
            check(decoded.custom == claims.custom, "custom claims changed in a round trip")
            check(
                Array(decoded.custom.map(\.name)) == Array(claims.custom.map(\.name)),
                "custom claims changed order in a round trip"
            )
            for (name, before, after) in [
                ("exp", claims.expiration, decoded.expiration), ("nbf", claims.notBefore, decoded.notBefore),
                ("iat", claims.issuedAt, decoded.issuedAt),
            ] {
                check((before == nil) == (after == nil), "\(name) appeared or vanished in a round trip")
                guard let before, let after else { continue }
                let drift = before.timeIntervalSince1970 - after.timeIntervalSince1970
                check(drift >= 0 && drift < 1, "\(name) moved by \(drift) s in a round trip (\(before) -> \(after))")
            }
        } catch { mustNotThrow(error, "decoding encoded claims") }
    }

    /// Checks that no object in the value has two members with the same name.
    private static func checkUniqueNames(_ value: JSONValue) {
        switch value {
        case .array(let elements):
            for element in elements { checkUniqueNames(element) }
        case .object(let object):
            var seen = Set<String>()
            for member in object {
                check(seen.insert(member.name).inserted, "an accepted object has the member \(member.name) twice")
                checkUniqueNames(member.value)
            }
        default:
            break
        }
    }
}
